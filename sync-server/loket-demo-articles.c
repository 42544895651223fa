/* loket-demo-articles.c — the demo municipality's knowledge base: product pages, life events,
 * work instructions, FAQs and the social map, each with a public text (PDC, Markdown) for every
 * channel and the onderwatercontent for staff, its owners, its review date (a few overdue) and
 * the articles it links to; and the editors' synonym groups.  See loket-demo-data.h.
 *
 * The ID-kaart article never says "identiteitskaart": a search finds it by the synonyms.
 */
#include "loket-demo-data.h"

const ArticleDef loket_demo_articles[] = {
  { "product", "Paspoort aanvragen", P_PASPOORT,
    "## Wat is het?\n"
    "Een paspoort is een reisdocument en een geldig identiteitsbewijs. Het is 10 jaar geldig, "
    "voor kinderen jonger dan 18 jaar 5 jaar.\n\n"
    "## Wat neemt u mee?\n"
    "- Uw huidige paspoort of identiteitskaart\n"
    "- Eén recente pasfoto die voldoet aan de fotomatrix\n"
    "- Voor een kind: toestemming van beide ouders met gezag\n\n"
    "## Kosten\n"
    "- 18 jaar en ouder: € 83,35\n"
    "- Jonger dan 18 jaar: € 64,30\n"
    "- Spoedlevering: € 57,80 extra\n\n"
    "## Hoe lang duurt het?\n"
    "Na 5 werkdagen kunt u het paspoort afhalen; maak daarvoor een afspraak *Afhalen "
    "reisdocument*. Met spoed is het de volgende werkdag klaar.\n",
    "- Identiteit vaststellen met het oude document; bij twijfel de werkinstructie "
    "*Identiteit vaststellen aan de balie* volgen.\n"
    "- Vingerafdrukken vanaf 12 jaar.\n"
    "- Spoed alleen aanvragen vóór 14.00 uur.\n"
    "- Treffer in het Register paspoortsignaleringen: niet verder behandelen, vakspecialist "
    "Burgerzaken bellen (toestel 4412).\n",
    GROUP_BZ, U_REDACTIE, 120, { "Paspoort kwijt of gestolen", "ID-kaart aanvragen",
                                 "Hoe lang is mijn paspoort geldig?", NULL } },
  { "product", "ID-kaart aanvragen", P_IDKAART,
    "## Wat is het?\n"
    "Met een Nederlandse ID-kaart kunt u zich legitimeren en reizen binnen Europa. Voor "
    "volwassenen is de ID-kaart 10 jaar geldig, voor kinderen jonger dan 18 jaar 5 jaar.\n\n"
    "## Wat neemt u mee?\n"
    "- Uw huidige ID-kaart, paspoort of rijbewijs\n"
    "- Eén recente pasfoto die voldoet aan de fotomatrix\n\n"
    "## Kosten\n"
    "- 18 jaar en ouder: € 77,20\n"
    "- Jonger dan 18 jaar: € 41,20\n\n"
    "## Hoe lang duurt het?\n"
    "U kunt de ID-kaart na 5 werkdagen afhalen; maak daarvoor een afspraak *Afhalen "
    "reisdocument*.\n",
    "- Een ID-kaart voor een minderjarige vraagt geen toestemming van de ouders.\n"
    "- Let op: wijs op de reisbestemming; buiten Europa is meestal een paspoort nodig.\n"
    "- Vingerafdrukken vanaf 12 jaar; bij een kind de ouder laten meekijken.\n",
    GROUP_BZ, U_KENNIS, -5, { "Paspoort aanvragen", "Paspoort kwijt of gestolen", NULL } },
  { "product", "Rijbewijs verlengen", P_RIJBEWIJS,
    "## Wat is het?\n"
    "Verloopt uw rijbewijs? Vraag op tijd een nieuw rijbewijs aan bij de gemeente waar u "
    "woont.\n\n"
    "## Wat neemt u mee?\n"
    "- Uw huidige rijbewijs\n"
    "- Eén recente pasfoto\n"
    "- Vanaf 75 jaar: een geldige Verklaring van Geschiktheid van het CBR\n\n"
    "## Kosten\n"
    "€ 52,40\n\n"
    "## Hoe lang duurt het?\n"
    "Het nieuwe rijbewijs ligt na 5 werkdagen klaar.\n",
    "- Controleer in het rijbewijzenregister of de Verklaring van Geschiktheid is "
    "geregistreerd; zonder registratie geen aanvraag.\n"
    "- Buitenlands rijbewijs omwisselen: doorverwijzen naar de RDW, niet aan de balie.\n",
    GROUP_BZ, U_KENNIS, -12, { "Identiteit vaststellen aan de balie", NULL } },
  { "product", "Paspoort kwijt of gestolen", P_PASPOORT,
    "## Wat moet u doen?\n"
    "Bent u uw paspoort verloren of is het gestolen? Dan is het niet meer geldig en kunt u er "
    "niet meer mee reizen.\n\n"
    "1. Is het paspoort gestolen? Doe eerst aangifte bij de politie.\n"
    "2. Maak een afspraak aan de balie. U meldt daar de vermissing en vraagt meteen een nieuw "
    "paspoort aan.\n"
    "3. Vindt u het paspoort later terug? Lever het dan in bij de gemeente; u mag het niet "
    "meer gebruiken.\n\n"
    "## Wat neemt u mee?\n"
    "- Een ander geldig identiteitsbewijs, zoals een rijbewijs, als u dat heeft\n"
    "- Bij diefstal: het proces-verbaal van de aangifte bij de politie\n"
    "- Eén recente pasfoto die voldoet aan de fotomatrix\n\n"
    "## Kosten\n"
    "U betaalt het gewone tarief van het nieuwe paspoort (18 jaar en ouder € 83,35). Heeft u "
    "het nieuwe paspoort snel nodig, dan kost spoedlevering € 57,80 extra.\n\n"
    "## Op reis in het buitenland?\n"
    "Doe aangifte bij de lokale politie en neem contact op met de Nederlandse ambassade of het "
    "consulaat voor een noodpaspoort.\n",
    "- Verklaring van vermissing opmaken in de reisdocumentenapplicatie; het oude paspoort "
    "wordt direct gesignaleerd.\n"
    "- Geen ander identiteitsbewijs: identiteit vaststellen met twee getuigen of via de "
    "werkinstructie *Identiteit vaststellen aan de balie*.\n"
    "- Let op: drie of meer vermissingen in 10 jaar: aanvraag voorleggen aan de vakspecialist "
    "Burgerzaken (toestel 4412).\n"
    "- Teruggevonden paspoort dat al gesignaleerd is: innemen en ongeldig maken.\n",
    GROUP_BZ, U_REDACTIE, -20, { "Paspoort aanvragen", "Identiteit vaststellen aan de balie",
                                 NULL } },
  { "product", "Uittreksel BRP aanvragen", P_UITTREKSEL,
    "## Wat is het?\n"
    "Een uittreksel uit de Basisregistratie Personen (BRP) laat zien welke gegevens de "
    "gemeente over u heeft, bijvoorbeeld voor een werkgever of een hypotheek.\n\n"
    "## Aanvragen\n"
    "Online met DigiD of aan de balie. Het uittreksel wordt meteen meegegeven of binnen 2 "
    "werkdagen verstuurd.\n\n"
    "## Kosten\n"
    "€ 16,30\n",
    "- Vraag voor welk doel het uittreksel nodig is: een internationaal uittreksel is een "
    "ander product.\n",
    GROUP_BZ, U_KENNIS, 200, { "Verhuizen", NULL } },
  { "product", "Verhuizing doorgeven", P_VERHUIZING,
    "## Wat is het?\n"
    "Verhuist u naar of binnen Dalfsenburg? Geef uw nieuwe adres door vanaf 4 weken voor "
    "tot uiterlijk 5 dagen na de verhuizing.\n\n"
    "## Hoe?\n"
    "Online met DigiD, of op afspraak aan de balie. Neem een geldig identiteitsbewijs mee; "
    "woont u in bij iemand, dan ook een schriftelijke toestemming van de hoofdbewoner.\n\n"
    "## Kosten\n"
    "Gratis.\n",
    "- Bij twijfel over het adres (te veel bewoners): adresonderzoek starten, de wijkhandhaver "
    "krijgt een taak.\n"
    "- Verwijs naar de kenniskaart *Verhuizen* voor afvalpas en parkeervergunning.\n",
    GROUP_BZ, U_REDACTIE, 45, { "Verhuizen", "Uittreksel BRP aanvragen", NULL } },
  { "product", "Geboorteaangifte doen", P_GEBOORTE,
    "## Wat is het?\n"
    "Binnen 3 dagen na de geboorte doet een ouder aangifte bij de gemeente waar het kind is "
    "geboren.\n\n"
    "## Wat neemt u mee?\n"
    "- Uw eigen identiteitsbewijs\n"
    "- Eventueel de akte van erkenning\n\n"
    "## Kosten\n"
    "Gratis. Een afschrift van de geboorteakte kost € 15,50.\n",
    "- Ziekenhuisgeboorten worden digitaal aangeleverd; controleer de melding voordat de akte "
    "wordt opgemaakt.\n"
    "- Naamskeuze alleen bij het eerste kind van dezelfde ouders.\n",
    GROUP_BZ, U_KENNIS, -3, { "Geboorte", NULL } },
  { "product", "Trouwen of geregistreerd partnerschap", P_HUWELIJK,
    "## Wat is het?\n"
    "Wilt u trouwen of een geregistreerd partnerschap aangaan? Meld het voorgenomen huwelijk "
    "uiterlijk 2 weken en hoogstens 1 jaar van tevoren.\n\n"
    "## Wat neemt u mee?\n"
    "- Beide identiteitsbewijzen\n"
    "- De gegevens van 2 tot 4 getuigen\n\n"
    "## Kosten\n"
    "- Maandagochtend in de trouwzaal: gratis\n"
    "- Doordeweeks: € 395,00\n"
    "- Zaterdag: € 625,00\n",
    "- Buitenlandse partner: akten laten legaliseren, schijnhuwelijkentoets door de "
    "vakspecialist.\n"
    "- Trouwambtenaar reserveren via de agenda *Buitengewoon ambtenaar*.\n",
    GROUP_BZ, U_REDACTIE, 150, { "Trouwen", NULL } },
  { "product", "Naturalisatie", P_NATURALISATIE,
    "## Wat is het?\n"
    "Met naturalisatie wordt u Nederlander. U dient het verzoek in bij de gemeente; de IND "
    "beslist.\n\n"
    "## Voorwaarden\n"
    "- U woont minstens 5 jaar onafgebroken in Nederland\n"
    "- U heeft het inburgeringsexamen gehaald\n\n"
    "## Kosten\n"
    "€ 1.421 (tarief van de IND voor één volwassene).\n\n"
    "## Hoe lang duurt het?\n"
    "De gemeente stuurt uw verzoek binnen 3 maanden naar de IND.\n",
    "- Vertrouwelijk zaaktype: alleen team Burgerzaken ziet het dossier.\n"
    "- Intake altijd in een spreekkamer, nooit aan de open balie.\n"
    "- Originele buitenlandse akten kopiëren en de kopie laten aftekenen.\n",
    GROUP_BZ, U_KENNIS, 300, { "Identiteit vaststellen aan de balie", NULL } },
  { "product", "Verklaring omtrent het gedrag (VOG)", P_VOG,
    "## Wat is het?\n"
    "Een VOG laat zien dat uw gedrag in het verleden geen bezwaar is voor een baan of "
    "vrijwilligerswerk. Justis beslist.\n\n"
    "## Aanvragen\n"
    "Meestal vraagt de werkgever de VOG online aan. Kan dat niet, dan vraagt u hem aan de "
    "balie aan met het ingevulde formulier.\n\n"
    "## Kosten\n"
    "€ 41,35 aan de balie (online € 33,85).\n\n"
    "## Hoe lang duurt het?\n"
    "Binnen 4 weken.\n",
    "- Het formulier moet door de organisatie zijn ingevuld en ondertekend.\n"
    "- Status navragen kan alleen bij Justis; de balie ziet geen tussenstand.\n",
    GROUP_BZ, U_REDACTIE, -30, { NULL } },
  { "product", "Legalisatie van een handtekening", P_LEGALISATIE,
    "## Wat is het?\n"
    "De gemeente verklaart dat uw handtekening echt is, bijvoorbeeld voor een buitenlandse "
    "instantie.\n\n"
    "## Wat neemt u mee?\n"
    "- Het document, nog niet ondertekend\n"
    "- Uw identiteitsbewijs\n\n"
    "## Kosten\n"
    "€ 21,90\n",
    "- De klant tekent waar de medewerker bij is.\n"
    "- Geen legalisatie van de inhoud van een document.\n",
    GROUP_BZ, U_KENNIS, 90, { "Identiteit vaststellen aan de balie", NULL } },
  { "product", "Omgevingsvergunning aanvragen", P_OMGEVING,
    "## Wat is het?\n"
    "Voor bouwen, verbouwen, slopen of het kappen van een boom heeft u vaak een "
    "omgevingsvergunning nodig. Doe eerst de vergunningcheck in het Omgevingsloket.\n\n"
    "## Intakegesprek\n"
    "Maak een afspraak voor een intake met een vakspecialist, in het Stadhuis of digitaal. Uw "
    "architect kan via video aansluiten.\n\n"
    "## Kosten\n"
    "De leges zijn 2,5 % van de bouwkosten, met een minimum van € 150,00.\n\n"
    "## Hoe lang duurt het?\n"
    "Binnen 8 weken een besluit; de termijn kan eenmaal met 6 weken worden verlengd.\n",
    "- Intake: plan bij de klant langs de checklist bouwen; ontbrekende stukken in de zaak "
    "noteren.\n"
    "- Monument of beschermd gezicht: erfgoedadviseur vooraf inschakelen.\n"
    "- Termijnbewaking: bij 30 werkdagen zonder besluit de teamleider informeren.\n",
    GROUP_BOUW, U_REDACTIE, 60, { "Bouwen en verbouwen", "Wie doet wat bij bouwen en verbouwen",
                                  "Bouwdossier inzien", NULL } },
  { "product", "Bouwdossier inzien", P_INZAGE,
    "## Wat is het?\n"
    "U kunt bouwtekeningen en vergunningen van een pand inzien, bijvoorbeeld bij de aankoop "
    "van een woning.\n\n"
    "## Hoe?\n"
    "Vraag het dossier aan; binnen 10 werkdagen kunt u het op afspraak inzien in het "
    "Stadhuis.\n\n"
    "## Kosten\n"
    "Inzien is gratis; een kopie van een tekening kost € 7,50.\n",
    "- Tekeningen van na 2010 staan digitaal; oudere dossiers opvragen bij het archief.\n"
    "- Geen kopieën van tekeningen van beveiligde objecten.\n",
    GROUP_BOUW, U_KENNIS, 240, { "Omgevingsvergunning aanvragen", NULL } },
  { "product", "Zaal reserveren", P_VERGADERZAAL,
    "## Wat is het?\n"
    "Verenigingen en inwoners kunnen de vergaderzaal, trouwzaal of raadzaal van het Stadhuis "
    "huren. De beschikbaarheid ziet u dag en nacht online.\n\n"
    "## Kosten\n"
    "- Vergaderzaal 2.1: € 35,00 per uur\n"
    "- Trouwzaal: € 60,00 per uur\n"
    "- Verenigingen uit Dalfsenburg krijgen 50 % korting\n\n"
    "## Bevestiging\n"
    "U krijgt binnen 3 werkdagen een bevestiging.\n",
    "- De raadzaal alleen in overleg met de griffie.\n"
    "- Koffie en beamer vastleggen in de opmerking bij de reservering.\n",
    GROUP_ZALEN, U_REDACTIE, 180, { NULL } },
  { "levensgebeurtenis", "Verhuizen", P_VERHUIZING,
    "## Verhuizen naar of in Dalfsenburg\n"
    "Zo regelt u het, in deze volgorde:\n"
    "1. **Verhuizing doorgeven**: uw nieuwe adres in de BRP, vanaf 4 weken voor tot 5 dagen "
    "na de verhuizing\n"
    "2. **Afvalpas en containers** voor het nieuwe adres\n"
    "3. **Parkeervergunning voor bewoners**, als u in een vergunninggebied gaat wonen\n"
    "4. **Uittreksel BRP**, als uw werkgever of hypotheekverstrekker erom vraagt\n\n"
    "De gemeentelijke belastingen worden vanzelf aangepast. Andere instanties zoals de "
    "Belastingdienst krijgen uw nieuwe adres automatisch.\n",
    "- Vraag naar kinderen: schoolwisseling en leerplicht melden.\n"
    "- Bied bij de balie meteen de aanvraag parkeervergunning aan.\n"
    "- Let op: bij inwoning een toestemmingsverklaring van de hoofdbewoner laten tekenen.\n",
    GROUP_BZ, U_REDACTIE, 30, { "Verhuizing doorgeven", "Uittreksel BRP aanvragen", NULL } },
  { "levensgebeurtenis", "Geboorte", P_GEBOORTE,
    "## Er is een kind geboren\n"
    "Gefeliciteerd! Dit regelt u, in deze volgorde:\n"
    "1. **Geboorteaangifte** binnen 3 dagen na de geboorte\n"
    "2. **Kinderbijslag** aanvragen bij de SVB (u krijgt vanzelf een brief)\n"
    "3. Uw kind aanmelden bij het **consultatiebureau**\n"
    "4. Een **ID-kaart** of paspoort voor uw kind, als u op reis gaat\n",
    "- Ouders niet getrouwd en geen erkenning: wijs op erkenning vóór of bij de aangifte.\n"
    "- Let op: de aangifte mag ook door iemand die bij de geboorte was.\n",
    GROUP_BZ, U_KENNIS, 75, { "Geboorteaangifte doen", "ID-kaart aanvragen", NULL } },
  { "levensgebeurtenis", "Overlijden", P_NONE,
    "## Iemand is overleden\n"
    "Dit regelt u, in deze volgorde:\n"
    "1. **Aangifte van overlijden**: meestal doet de uitvaartondernemer dat bij de gemeente\n"
    "2. **Akte van overlijden** opvragen, voor de bank en de notaris\n"
    "3. Pensioenfonds, bank en verzekeraars informeren\n"
    "4. Reisdocumenten van de overledene inleveren bij de gemeente\n\n"
    "De gemeente past de gemeentelijke belastingen zelf aan.\n",
    "- Spreek klanten rustig en persoonlijk aan; bied een spreekkamer aan.\n"
    "- Afschriften van de akte zijn gratis voor de nabestaanden in de eerste maand.\n"
    "- Let op: ingeleverde reisdocumenten ongeldig maken in de reisdocumentenapplicatie.\n",
    GROUP_BZ, U_REDACTIE, -8, { "Sociale kaart: hulp bij geldzaken en zorg", NULL } },
  { "levensgebeurtenis", "Trouwen", P_HUWELIJK,
    "## Trouwen of een geregistreerd partnerschap\n"
    "Dit regelt u, in deze volgorde:\n"
    "1. Kies een **datum en een trouwlocatie**; reserveer de trouwzaal op tijd\n"
    "2. **Melding voorgenomen huwelijk** (vroeger ondertrouw), uiterlijk 2 weken en hoogstens "
    "1 jaar van tevoren\n"
    "3. Geef de **getuigen** door (2 tot 4)\n"
    "4. Vraag na het huwelijk eventueel een nieuw **paspoort of ID-kaart** aan met de naam van "
    "uw partner\n",
    "- Buitenlandse partner: akten laten legaliseren; de vakspecialist doet de "
    "schijnhuwelijkentoets.\n"
    "- Let op: de trouwambtenaar reserveren via de agenda *Buitengewoon ambtenaar*.\n",
    GROUP_BZ, U_KENNIS, 140, { "Trouwen of geregistreerd partnerschap", "Zaal reserveren",
                               NULL } },
  { "levensgebeurtenis", "Bouwen en verbouwen", P_OMGEVING,
    "## Gaat u bouwen of verbouwen?\n"
    "Dit regelt u, in deze volgorde:\n"
    "1. Doe de **vergunningcheck** in het Omgevingsloket\n"
    "2. Vraag een **informatiegesprek** aan met een vakspecialist als u twijfelt\n"
    "3. Bekijk eventueel het **bouwdossier** van uw huis\n"
    "4. Dien de **omgevingsvergunning** in via het Omgevingsloket\n"
    "5. Meld de **start van de bouw** 2 werkdagen van tevoren\n",
    "- 1e lijn: vergunningcheck samen met de klant doen, dan pas doorverwijzen.\n"
    "- Let op: monument of beschermd gezicht: erfgoedadviseur vooraf inschakelen.\n",
    GROUP_BOUW, U_REDACTIE, 50, { "Omgevingsvergunning aanvragen", "Bouwdossier inzien",
                                  "Wie doet wat bij bouwen en verbouwen", NULL } },
  { "werkinstructie", "Identiteit vaststellen aan de balie", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "1. Vraag om een geldig identiteitsbewijs.\n"
    "2. Vergelijk gezicht, lengte en handtekening.\n"
    "3. Controleer de echtheidskenmerken met de lamp.\n"
    "4. Twijfel? Vraag de vakspecialist Burgerzaken (toestel 4412); neem het document niet "
    "mee uit het zicht van de klant.\n"
    "5. Leg in de zaak vast met welk document de identiteit is vastgesteld.\n",
    GROUP_BZ, U_KENNIS, 100, { "Paspoort aanvragen", "Paspoort kwijt of gestolen", NULL } },
  { "werkinstructie", "Terugbelnotitie maken", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "1. Maak een zaak *Terugbelverzoek* aan op de klantkaart.\n"
    "2. Noteer de vraag zo volledig mogelijk en het telefoonnummer.\n"
    "3. Kies het team; het team belt binnen 1 werkdag terug.\n"
    "4. Na twee keer geen gehoor: een e-mail sturen en de zaak afhandelen.\n",
    -1, U_REDACTIE, 210, { NULL } },
  { "werkinstructie", "Werken bij een storing (noodvoorziening)", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "- Loket blijft werken zonder netwerk: afspraken, zaken en notities worden bewaard en "
    "later verstuurd.\n"
    "- Een afspraak die offline is gemaakt kan bij het verbinden worden afgewezen als de plek "
    "al bezet was: bel de klant en bied een andere tijd aan.\n"
    "- Geen reisdocumenten uitreiken zonder verbinding met de reisdocumentenapplicatie.\n"
    "- Meld de storing bij de functioneel beheerder (toestel 4400).\n",
    -1, U_KENNIS, 130, { NULL } },
  { "faq", "Hoe lang is mijn paspoort geldig?", P_PASPOORT,
    "Een paspoort of identiteitskaart voor volwassenen is 10 jaar geldig, voor kinderen "
    "jonger dan 18 jaar 5 jaar. Let op: sommige landen eisen dat uw paspoort na terugkomst "
    "nog 6 maanden geldig is.\n",
    "- Verwijs voor reiseisen naar de website van het ministerie van Buitenlandse Zaken.\n",
    GROUP_BZ, U_REDACTIE, 110, { "Paspoort aanvragen", "ID-kaart aanvragen", NULL } },
  { "faq", "Kan ik mijn afspraak verzetten of afzeggen?", P_NONE,
    "Ja. Via de link in de bevestigingsmail verzet of annuleert u uw afspraak tot 1 uur van "
    "tevoren. U krijgt een dag van tevoren een herinnering per e-mail en een uur van tevoren "
    "een sms.\n",
    "- Klanten die bellen: de afspraak opzoeken op de klantkaart en daar verzetten.\n"
    "- Drie keer niet verschenen: de teamleider informeren.\n",
    -1, U_KENNIS, 160, { NULL } },
  { "wie-doet-wat", "Wie doet wat bij bouwen en verbouwen", P_BOUWINFO,
    "## Bij wie kunt u terecht?\n"
    "- Vragen over regels en vergunningen: team Vergunningen, via 14 0529\n"
    "- Een aanvraag indienen: het Omgevingsloket\n"
    "- Een intake of inzage: op afspraak in het Stadhuis\n",
    "- 1e lijn: vergunningcheck samen met de klant doen, dan pas doorverwijzen.\n"
    "- 3e lijn: de vakspecialist bouwen is op afroep beschikbaar (toestel 4460).\n"
    "- Handhaving en klachten over bouwwerkzaamheden: team Toezicht.\n",
    GROUP_BOUW, U_KENNIS, 20, { "Omgevingsvergunning aanvragen", "Bouwen en verbouwen", NULL } },
  { "sociale-kaart", "Sociale kaart: hulp bij geldzaken en zorg", P_NONE,
    "## Hulp in Dalfsenburg\n"
    "- **Schuldhulpverlening**: Geldpunt Dalfsenburg, Noorderplein 12, gratis en vertrouwelijk\n"
    "- **Wmo-loket** voor hulp in huis en hulpmiddelen: bel 14 0529\n"
    "- **Mantelzorgsteunpunt**: Schoolstraat 5 (Bibliotheek De Schakel), dinsdagochtend\n"
    "- **Formulierenbrigade**: hulp bij het invullen van formulieren, in de bibliotheek\n",
    "- Signaleer betalingsachterstanden en verwijs warm door: met toestemming van de klant "
    "zelf het Geldpunt bellen.\n",
    -1, U_REDACTIE, -60, { "Overlijden", NULL } },
};

const guint loket_demo_n_articles = G_N_ELEMENTS (loket_demo_articles);

const char *const loket_demo_synonyms[][5] = {
  { "ID-kaart", "identiteitskaart", NULL },
  { "BRP", "GBA", "basisregistratie personen", NULL },
  { "trouwen", "huwelijk", "ondertrouw", NULL },
  { "paspoort", "reisdocument", NULL },
  { "verhuizen", "verhuizing", "adreswijziging", NULL },
  { "omgevingsvergunning", "bouwvergunning", NULL },
  { "VOG", "verklaring omtrent het gedrag", NULL },
  { "kwijt", "verloren", "vermist", NULL },
};

const guint loket_demo_n_synonyms = G_N_ELEMENTS (loket_demo_synonyms);

const SearchStatDef loket_demo_search_stats[] = {
  { "paspoort kwijt", 31, 0, 2 },
  { "id-kaart kind", 17, 0, 3 },
  { "uittreksel", 12, 0, 1 },
  { "afvalpas kwijt", 9, 9, 0 },
  { "hondenbelasting", 7, 7, 0 },
  { "parkeervergunning bezoekers", 6, 6, 0 },
  { "rijbewijs verlopen buitenland", 4, 3, 0 },
};

const guint loket_demo_n_search_stats = G_N_ELEMENTS (loket_demo_search_stats);
