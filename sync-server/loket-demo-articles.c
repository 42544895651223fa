/* loket-demo-articles.c — the demo municipality's knowledge base: product pages, life events,
 * work instructions, FAQs and the social map, each with a public text (PDC, Markdown) for every
 * channel and the onderwatercontent for staff.  See loket-demo-data.h.
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
    "Burgerzaken bellen (toestel 4412).\n" },
  { "product", "Identiteitskaart aanvragen", P_IDKAART,
    "## Wat is het?\n"
    "Met een Nederlandse identiteitskaart kunt u zich legitimeren en reizen binnen Europa. "
    "Voor volwassenen is de kaart 10 jaar geldig.\n\n"
    "## Wat neemt u mee?\n"
    "- Uw huidige identiteitsbewijs\n"
    "- Eén recente pasfoto\n\n"
    "## Kosten\n"
    "- 18 jaar en ouder: € 77,20\n"
    "- Jonger dan 18 jaar: € 41,20\n\n"
    "## Hoe lang duurt het?\n"
    "U kunt de kaart na 5 werkdagen afhalen.\n",
    "- Een ID-kaart voor een minderjarige vraagt geen toestemming van de ouders.\n"
    "- Wijs op de reisbestemming: buiten Europa is meestal een paspoort nodig.\n" },
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
    "- Buitenlands rijbewijs omwisselen: doorverwijzen naar de RDW, niet aan de balie.\n" },
  { "product", "Paspoort of ID-kaart kwijt of gestolen", P_PASPOORT,
    "## Wat moet u doen?\n"
    "1. Doe bij diefstal aangifte bij de politie.\n"
    "2. Maak een afspraak om de vermissing te melden en meteen een nieuw document aan te "
    "vragen.\n\n"
    "## Wat neemt u mee?\n"
    "- Een ander geldig identiteitsbewijs, als u dat heeft\n"
    "- Het proces-verbaal van de politie (bij diefstal)\n"
    "- Eén recente pasfoto\n\n"
    "## Kosten\n"
    "Het gewone tarief van het nieuwe document.\n",
    "- Verklaring van vermissing opmaken in de reisdocumentenapplicatie; het oude document "
    "wordt direct gesignaleerd.\n"
    "- Drie of meer vermissingen in 10 jaar: aanvraag voorleggen aan de vakspecialist.\n" },
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
    "ander product.\n" },
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
    "- Verwijs naar de kenniskaart *Verhuizen* voor afvalpas en parkeervergunning.\n" },
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
    "- Naamskeuze alleen bij het eerste kind van dezelfde ouders.\n" },
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
    "- Trouwambtenaar reserveren via de agenda *Buitengewoon ambtenaar*.\n" },
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
    "- Originele buitenlandse akten kopiëren en de kopie laten aftekenen.\n" },
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
    "- Status navragen kan alleen bij Justis; de balie ziet geen tussenstand.\n" },
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
    "- Geen legalisatie van de inhoud van een document.\n" },
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
    "- Termijnbewaking: bij 30 werkdagen zonder besluit de teamleider informeren.\n" },
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
    "- Geen kopieën van tekeningen van beveiligde objecten.\n" },
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
    "- Koffie en beamer vastleggen in de opmerking bij de reservering.\n" },
  { "levensgebeurtenis", "Verhuizen", P_VERHUIZING,
    "## Verhuizen naar of in Dalfsenburg\n"
    "Met één melding regelt u het belangrijkste:\n"
    "- Uw nieuwe adres in de BRP (binnen 5 dagen na de verhuizing)\n"
    "- Afvalpas en containers voor het nieuwe adres\n"
    "- Een parkeervergunning voor bewoners\n"
    "- Aanpassing van de gemeentelijke belastingen\n\n"
    "Andere instanties zoals de Belastingdienst krijgen uw nieuwe adres automatisch.\n",
    "- Vraag naar kinderen: schoolwisseling en leerplicht melden.\n"
    "- Bied bij de balie meteen de aanvraag parkeervergunning aan.\n" },
  { "levensgebeurtenis", "Geboorte", P_GEBOORTE,
    "## Er is een kind geboren\n"
    "- Doe binnen 3 dagen geboorteaangifte\n"
    "- Vraag kinderbijslag aan bij de SVB\n"
    "- Meld uw kind aan bij het consultatiebureau\n",
    "- Ouders niet getrouwd en geen erkenning: wijs op erkenning vóór of bij de aangifte.\n" },
  { "levensgebeurtenis", "Overlijden", P_NONE,
    "## Iemand is overleden\n"
    "Meestal regelt de uitvaartondernemer de aangifte van overlijden bij de gemeente. U kunt "
    "daarna een akte van overlijden opvragen.\n\n"
    "## Wat moet u nog meer doen?\n"
    "- Pensioenfonds, bank en verzekeraars informeren\n"
    "- Gemeentelijke belastingen: de gemeente past de aanslag aan\n",
    "- Spreek klanten rustig en persoonlijk aan; bied een spreekkamer aan.\n"
    "- Afschriften van de akte zijn gratis voor de nabestaanden in de eerste maand.\n" },
  { "werkinstructie", "Identiteit vaststellen aan de balie", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "1. Vraag om een geldig identiteitsbewijs.\n"
    "2. Vergelijk gezicht, lengte en handtekening.\n"
    "3. Controleer de echtheidskenmerken met de lamp.\n"
    "4. Twijfel? Vraag de vakspecialist Burgerzaken (toestel 4412); neem het document niet "
    "mee uit het zicht van de klant.\n"
    "5. Leg in de zaak vast met welk document de identiteit is vastgesteld.\n" },
  { "werkinstructie", "Terugbelnotitie maken", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "1. Maak een zaak *Terugbelverzoek* aan op de klantkaart.\n"
    "2. Noteer de vraag zo volledig mogelijk en het telefoonnummer.\n"
    "3. Kies het team; het team belt binnen 1 werkdag terug.\n"
    "4. Na twee keer geen gehoor: een e-mail sturen en de zaak afhandelen.\n" },
  { "werkinstructie", "Werken bij een storing (noodvoorziening)", P_NONE,
    "Deze werkinstructie is alleen voor medewerkers.\n",
    "- Loket blijft werken zonder netwerk: afspraken, zaken en notities worden bewaard en "
    "later verstuurd.\n"
    "- Een afspraak die offline is gemaakt kan bij het verbinden worden afgewezen als de plek "
    "al bezet was: bel de klant en bied een andere tijd aan.\n"
    "- Geen reisdocumenten uitreiken zonder verbinding met de reisdocumentenapplicatie.\n"
    "- Meld de storing bij de functioneel beheerder (toestel 4400).\n" },
  { "faq", "Hoe lang is mijn paspoort geldig?", P_PASPOORT,
    "Een paspoort of identiteitskaart voor volwassenen is 10 jaar geldig, voor kinderen "
    "jonger dan 18 jaar 5 jaar. Let op: sommige landen eisen dat uw paspoort na terugkomst "
    "nog 6 maanden geldig is.\n",
    "- Verwijs voor reiseisen naar de website van het ministerie van Buitenlandse Zaken.\n" },
  { "faq", "Kan ik mijn afspraak verzetten of afzeggen?", P_NONE,
    "Ja. Via de link in de bevestigingsmail verzet of annuleert u uw afspraak tot 1 uur van "
    "tevoren. U krijgt een dag van tevoren een herinnering per e-mail en een uur van tevoren "
    "een sms.\n",
    "- Klanten die bellen: de afspraak opzoeken op de klantkaart en daar verzetten.\n"
    "- Drie keer niet verschenen: de teamleider informeren.\n" },
  { "wie-doet-wat", "Wie doet wat bij bouwen en verbouwen", P_BOUWINFO,
    "## Bij wie kunt u terecht?\n"
    "- Vragen over regels en vergunningen: team Vergunningen, via 14 0529\n"
    "- Een aanvraag indienen: het Omgevingsloket\n"
    "- Een intake of inzage: op afspraak in het Stadhuis\n",
    "- 1e lijn: vergunningcheck samen met de klant doen, dan pas doorverwijzen.\n"
    "- 3e lijn: de vakspecialist bouwen is op afroep beschikbaar (toestel 4460).\n"
    "- Handhaving en klachten over bouwwerkzaamheden: team Toezicht.\n" },
  { "sociale-kaart", "Sociale kaart: hulp bij geldzaken en zorg", P_NONE,
    "## Hulp in Dalfsenburg\n"
    "- **Schuldhulpverlening**: Geldpunt Dalfsenburg, Noorderplein 12, gratis en vertrouwelijk\n"
    "- **Wmo-loket** voor hulp in huis en hulpmiddelen: bel 14 0529\n"
    "- **Mantelzorgsteunpunt**: Schoolstraat 5 (Bibliotheek De Schakel), dinsdagochtend\n"
    "- **Formulierenbrigade**: hulp bij het invullen van formulieren, in de bibliotheek\n",
    "- Signaleer betalingsachterstanden en verwijs warm door: met toestemming van de klant "
    "zelf het Geldpunt bellen.\n" },
};

const guint loket_demo_n_articles = G_N_ELEMENTS (loket_demo_articles);
