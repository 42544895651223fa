/* loket-bench-kb-fill.c — a knowledge base of a large municipality, generated.
 *
 * Articles about the products a service centre handles (95 subjects in ten domains), in each
 * kind, titled "<subject> <aspect>" and, past the first 2,850, a group or a place ("Paspoort
 * kwijt of gestolen", "Parkeervergunning aanvragen voor ondernemers", …).  Bodies of 200–400
 * words under headings, with lists, bold words and links as editors write them; an internal
 * part of 40–120 words.  About 3 % are drafts.
 *
 * Real articles differ in product, situation, place, exceptions, amounts, dates and
 * organisations, so the text is made of sentence templates (60 public, 16 internal) whose
 * slots are filled per sentence: the article's subject, a neighbouring subject (mostly of the
 * same domain, as a passport article speaks of the ID card), nouns from a vocabulary of about
 * 2,700 (150 plain nouns and 2,500 compounds of the kind Dutch makes), verbs, adjectives,
 * organisations, places, groups, amounts, numbers, days and months.  Words of each list are
 * drawn Zipf-like (the k-th most common with weight 1/k), so that "aanvragen" or "kosten" are
 * common but not in every article, as in a real knowledge base.  The benchmark prints the
 * document frequencies of its query words.
 *
 * Usage counts fall off like real ones (a few articles answer most contacts).  Synonym groups
 * as editors keep them.
 */
#include "config.h"

#include <string.h>

#include "loket-bench-kb.h"

/* ---- the words ---------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  guint       domain;
} Subject;

static const Subject subjects[] = {
  { "Paspoort", 0 }, { "ID-kaart", 0 }, { "Rijbewijs", 0 }, { "Verhuizing", 0 },
  { "Uittreksel BRP", 0 }, { "Geboorteaangifte", 0 }, { "Erkenning", 0 }, { "Huwelijk", 0 },
  { "Geregistreerd partnerschap", 0 }, { "Overlijden", 0 }, { "Naturalisatie", 0 },
  { "Verklaring omtrent het gedrag", 0 }, { "Naamswijziging", 0 }, { "Briefadres", 0 },
  { "Adresonderzoek", 0 },
  { "Parkeervergunning", 1 }, { "Gehandicaptenparkeerkaart", 1 }, { "Bezoekersvergunning", 1 },
  { "Ontheffing", 1 }, { "Laadpaal", 1 }, { "Verkeersbord", 1 }, { "Fietsenstalling", 1 },
  { "Wegafsluiting", 1 },
  { "Omgevingsvergunning", 2 }, { "Kapvergunning", 2 }, { "Dakkapel", 2 }, { "Aanbouw", 2 },
  { "Schutting", 2 }, { "Zonnepanelen", 2 }, { "Sloopmelding", 2 }, { "Bestemmingsplan", 2 },
  { "Monument", 2 }, { "Uitrit", 2 },
  { "Afvalpas", 3 }, { "Grofvuil", 3 }, { "Afvalcontainer", 3 }, { "Glasbak", 3 },
  { "Chemisch afval", 3 }, { "Tuinafval", 3 }, { "Zwerfvuil", 3 }, { "Milieustraat", 3 },
  { "Luiercontainer", 3 },
  { "Hondenbelasting", 4 }, { "Onroerendezaakbelasting", 4 }, { "Kwijtschelding", 4 },
  { "Rioolheffing", 4 }, { "Afvalstoffenheffing", 4 }, { "Toeristenbelasting", 4 },
  { "WOZ-waarde", 4 }, { "Precariobelasting", 4 }, { "Betalingsregeling", 4 },
  { "Bijstandsuitkering", 5 }, { "Schuldhulpverlening", 5 }, { "Energietoeslag", 5 },
  { "Individuele inkomenstoeslag", 5 }, { "Bijzondere bijstand", 5 }, { "Re-integratie", 5 },
  { "Minimaregeling", 5 }, { "Studietoeslag", 5 }, { "Participatiebaan", 5 },
  { "Wmo-voorziening", 6 }, { "Huishoudelijke hulp", 6 }, { "Rolstoel", 6 },
  { "Scootmobiel", 6 }, { "Woningaanpassing", 6 }, { "Mantelzorgwaardering", 6 },
  { "Dagbesteding", 6 }, { "Beschermd wonen", 6 }, { "Jeugdhulp", 6 },
  { "Leerlingenvervoer", 6 }, { "Logeeropvang", 6 },
  { "Melding openbare ruimte", 7 }, { "Straatverlichting", 7 }, { "Speeltuin", 7 },
  { "Boom", 7 }, { "Stoep", 7 }, { "Riolering", 7 }, { "Ongedierte", 7 }, { "Gladheid", 7 },
  { "Graffiti", 7 },
  { "Evenementenvergunning", 8 }, { "Standplaatsvergunning", 8 },
  { "Drank- en horecavergunning", 8 }, { "Terrasvergunning", 8 },
  { "Exploitatievergunning", 8 }, { "Reclamebord", 8 }, { "Bedrijfsafval", 8 },
  { "Ondernemersloket", 8 },
  { "Woningzoekende", 9 }, { "Huurtoeslag", 9 }, { "Ligplaats", 9 }, { "Begraafplaats", 9 },
  { "Inburgering", 9 }, { "Subsidie", 9 }, { "Zaalverhuur", 9 }, { "Bezwaarschrift", 9 },
  { "Klacht", 9 },
};

static const char *const aspects[] = {
  "aanvragen", "verlengen", "kwijt of gestolen", "kosten", "voor kinderen", "met spoed",
  "ophalen", "wijzigen", "opzeggen", "online regelen", "voorwaarden", "in het buitenland",
  "bezwaar maken", "afspraak maken", "wat neemt u mee", "levertijd", "machtiging",
  "voor bedrijven", "veelgestelde vragen", "werkinstructie baliemedewerker", "melden",
  "doorgeven", "terugbetalen", "weigering", "geldigheid", "uitzonderingen", "verlopen",
  "tarieven", "met een beperking", "na een verhuizing",
};

static const char *const qualifiers[] = {
  "in Centrum", "in Noord", "in Oost", "in Zuid", "in West", "in Nieuw-West", "in de dorpen",
  "op het bedrijventerrein", "voor ouderen", "voor studenten", "voor ondernemers",
  "voor nieuwkomers", "voor statushouders", "voor mantelzorgers", "voor jongeren",
  "voor alleenstaanden", "voor gezinnen", "voor zzp'ers", "voor verenigingen",
  "voor woningcorporaties", "bij de stadswinkel", "in het stadhuis", "via de website",
  "per post", "bij de wijkpost", "bij huisbezoek", "met DigiD", "zonder DigiD",
  "bij scheiding", "bij faillissement", "na overlijden van een partner", "tijdens de zomer",
  "rond de jaarwisseling", "bij nood", "voor Europese burgers", "voor niet-ingezetenen",
};

/* Plain nouns, most common first; then the compounds (made by make_compounds). */
static const char *const nouns[] = {
  "gemeente", "formulier", "afspraak", "balie", "website", "medewerker", "brief", "gegevens",
  "document", "besluit", "adres", "termijn", "inwoner", "situatie", "informatie", "aanvraag",
  "betaling", "kosten", "regeling", "voorwaarde", "hulp", "kind", "ouder", "partner",
  "familie", "huis", "woning", "straat", "wijk", "buurt", "bewijs", "handtekening", "pasfoto",
  "e-mail", "telefoon", "post", "loket", "dienst", "bezwaar", "uitkering", "inkomen",
  "belasting", "toeslag", "huur", "school", "werk", "werkgever", "huisarts", "politie",
  "notaris", "advocaat", "rechter", "verzekering", "bank", "rekening", "factuur", "nota",
  "machtiging", "verklaring", "uitnodiging", "herinnering", "aanmaning", "boete", "vergoeding",
  "bijdrage", "subsidie", "contract", "overeenkomst", "vergunning", "melding", "klacht",
  "vraag", "antwoord", "advies", "onderzoek", "controle", "keuring", "inspectie", "plan",
  "tekening", "foto", "kopie", "origineel", "stempel", "handleiding", "instructie", "route",
  "parkeerplaats", "auto", "fiets", "bus", "trein", "vliegtuig", "reis", "vakantie",
  "buitenland", "ambassade", "consulaat", "tolk", "vertaling", "legalisatie", "apostille",
  "nationaliteit", "geboorteakte", "akte", "register", "dossier", "zaaknummer", "klantnummer",
  "burgerservicenummer", "geboortedatum", "leeftijd", "jaar", "maand", "week", "dag",
  "openingstijd", "wachttijd", "levertijd", "spoed", "uitzondering", "bijzonderheid",
  "beperking", "rolstoeltoegang", "lift", "trap", "ingang", "parkeergarage", "container",
  "pas", "sleutel", "code", "wachtwoord", "account", "app", "tablet", "computer", "printer",
  "scanner", "kiosk", "zuil", "bon", "ontvangstbewijs", "bevestiging", "afwijzing",
  "toekenning", "beslistermijn", "hersteltermijn", "zienswijze", "hoorzitting", "commissie",
  "wethouder", "burgemeester", "raad", "ambtenaar",
};

static const char *const compound_heads[] = {
  "aanvraag", "afval", "belasting", "bouw", "burger", "gemeente", "huur", "jeugd", "klant",
  "milieu", "ouder", "park", "parkeer", "reis", "school", "sport", "straat", "stads",
  "uitkerings", "verkeers", "wijk", "woon", "zorg", "buurt", "energie", "water", "fiets",
  "markt", "cultuur", "kinder", "bedrijfs", "inkomens", "schuld", "werk", "vrijwilligers",
  "huis", "tuin", "dak", "groen", "geluids", "contact", "post", "betaal", "informatie",
  "bezoek", "dienst", "regel", "toezicht", "veiligheids", "gezondheids", "haven", "dorps",
  "winkel", "horeca", "evenementen", "speel", "natuur", "onderwijs", "welzijns", "wonings",
  "overlast", "sloop", "dieren", "grond", "riool", "licht", "vervoers", "taxi", "bus", "trein",
  "kerk", "museum", "zwem", "begraaf", "verkiezings", "stem", "archief", "kwaliteits",
  "klachten", "leerlingen",
};

static const char *const compound_tails[] = {
  "formulier", "gegevens", "loket", "kantoor", "regeling", "plan", "team", "centrum", "punt",
  "brief", "kaart", "lijst", "termijn", "kosten", "bijdrage", "beleid", "overleg", "melding",
  "vraag", "onderzoek", "besluit", "advies", "dossier", "nummer", "adres", "register",
  "systeem", "beheer", "controle", "afspraak", "verordening", "voorziening", "situatie",
  "ruimte", "gebied", "route", "zaken", "wet", "commissie", "fonds", "project", "werkgroep",
  "uitgave", "rapport", "inspectie", "bewijs", "pas", "verklaring", "tarief", "coach",
  "ambtenaar", "medewerker", "consulent", "spreekuur", "avond", "dag", "week", "maand",
  "seizoen", "budget", "kader", "protocol", "norm", "keuze", "wijziging", "opgave", "telling",
  "kalender", "agenda", "nieuwsbrief", "folder", "pagina", "portaal", "app", "lijn",
  "verbinding", "zone", "strook", "hoek", "plein", "park",
};

static const char *const verbs[] = {
  "invullen", "meenemen", "betalen", "ontvangen", "indienen", "controleren", "regelen",
  "bellen", "mailen", "aanvragen", "sturen", "ophalen", "bekijken", "wijzigen", "doorgeven",
  "melden", "bespreken", "aanleveren", "opzeggen", "verlengen", "ondertekenen", "inleveren",
  "afhalen", "opvragen", "aanpassen", "beoordelen", "goedkeuren", "afwijzen", "terugbetalen",
  "inschrijven", "uitschrijven", "downloaden", "uploaden", "printen", "scannen", "bewaren",
  "vernieuwen", "annuleren", "verplaatsen", "bevestigen", "ophelderen", "uitleggen",
  "doorverwijzen", "terugbellen", "registreren", "legaliseren", "vertalen", "afspreken",
  "toelichten", "nakijken", "afronden", "starten", "stoppen", "verhuizen", "trouwen",
  "scheiden", "erkennen", "begraven", "cremeren", "verbouwen", "slopen", "kappen", "parkeren",
  "laden", "ophogen", "verlagen", "kwijtschelden", "invorderen", "innen", "verrekenen",
};

static const char *const adjectives[] = {
  "nieuw", "oud", "geldig", "verlopen", "volledig", "juist", "digitaal", "schriftelijk",
  "mondeling", "persoonlijk", "tijdelijk", "definitief", "gratis", "duur", "goedkoop",
  "snel", "eenmalig", "jaarlijks", "maandelijks", "extra", "apart", "officieel", "eigen",
  "gezamenlijk", "minderjarig", "meerderjarig", "zelfstandig", "huishoudelijk", "medisch",
  "financieel", "juridisch", "sociaal", "beschadigd", "kapot",
  "onleesbaar", "onvolledig", "dringend", "bijzonder", "gewoon", "ander", "vorig", "volgend",
  "eerst", "laatst", "lokaal", "landelijk", "Europees", "Nederlands", "buitenlands",
};

static const char *const organisations[] = {
  "de Belastingdienst", "het UWV", "de SVB", "de RDW", "de IND", "het CAK", "DUO",
  "de politie", "het CJIB", "de woningcorporatie", "het wijkteam", "het sociaal team",
  "de GGD", "Veilig Thuis", "het Juridisch Loket", "de huisarts", "de notaris",
  "de uitvaartondernemer", "het ziekenhuis", "de school", "de kinderopvang", "Humanitas",
  "de Voedselbank", "Vluchtelingenwerk", "het Leger des Heils", "de bibliotheek",
  "het buurthuis", "de kerk", "de moskee", "de sportvereniging", "de Kamer van Koophandel",
  "het waterschap", "de omgevingsdienst", "de brandweer", "Rijkswaterstaat", "de provincie",
  "Stichting Thuiszorg", "het steunpunt mantelzorg", "de ouderenbond", "MEE",
};

static const char *const places[] = {
  "de stadswinkel Centrum", "de stadswinkel Noord", "de stadswinkel Zuid", "het stadhuis",
  "de wijkpost Oost", "de wijkpost West", "het servicepunt in de bibliotheek",
  "de balie op het plein", "het gemeentekantoor", "de milieustraat aan de Havenweg",
  "het buurthuis De Brug", "het zorgloket", "het ondernemersloket", "de publieksbalie",
  "de kiosk in de hal", "het klantcontactcentrum", "de afhaalbalie", "de trouwzaal",
  "de raadszaal", "de begraafplaats aan de Kerkweg",
};

static const char *const groups[] = {
  "ouderen", "studenten", "ondernemers", "nieuwkomers", "statushouders", "mantelzorgers",
  "jongeren", "alleenstaanden", "gezinnen", "ouders", "kinderen", "zzp'ers", "verenigingen",
  "huurders", "eigenaren", "bewoners", "bezoekers", "inwoners met een laag inkomen",
  "mensen met een beperking", "dak- en thuislozen",
};

static const char *const documents[] = {
  "identiteitsbewijs", "pasfoto", "bankafschrift", "loonstrook", "huurcontract", "machtiging",
  "jaaropgave", "uittreksel", "verblijfsdocument", "paspoort", "polis", "ID-kaart", "rijbewijs",
  "geboorteakte",
  "koopakte", "trouwakte", "medische verklaring", "taxatierapport",
};

static const char *const days[] = { "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                                    "zaterdag" };
static const char *const months[] = {
  "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
  "oktober", "november", "december",
};

/* Public sentences.  Slots: {s} the subject, {o} a neighbouring subject, {n} a noun, {v} a
 * verb, {a} an adjective, {org} an organisation, {loc} a place, {grp} a group, {doc} a
 * document, {eur} an amount, {num} a number, {day} a weekday, {mon} a month.  The general
 * ones, the most common first (drawn Zipf-like too). */
static const char *const templates[] = {
  "U kunt een {s} {v} bij {loc}.",
  "Voor een {a} {n} moet u eerst een {n} {v}.",
  "Neem uw {doc} en een {a} {n} mee naar {loc}.",
  "De gemeente stuurt u binnen {num} weken een {n} over uw {s}.",
  "Lees de {n} goed door voordat u de {n} {v}.",
  "Maak een afspraak via de website of bel 14 020 als u een {n} wilt {v}.",
  "U ontvangt een {a} {n} per e-mail.",
  "De {n} wordt binnen {num} weken behandeld door het team {n}.",
  "Voor {grp} gelden aparte regels voor de {n}.",
  "Heeft u hulp nodig bij het {v}? {org} helpt u graag.",
  "De gemeente werkt voor de {n} samen met {org}.",
  "Het {a} {n} is {num} jaar geldig.",
  "U kunt de {n} ook {v} bij {loc}.",
  "Op de website ziet u welke {n} u moet {v}.",
  "De kosten voor een {s} zijn {eur}; voor {grp} is het {eur}.",
  "Controleer of uw {n} in de {n} klopt voordat u gaat {v}.",
  "Sinds 1 {mon} is de {n} voor de {o} {a}.",
  "Op {day} is {loc} open van 9.00 tot 20.00 uur.",
  "Let op: zonder {a} {n} kunnen wij uw {s} niet {v}.",
  "Tegen het besluit over uw {s} kunt u binnen zes weken bezwaar maken.",
  "Is uw {n} {a}? Neem dan contact op met {org}.",
  "De levertijd is ongeveer {num} werkdagen na uw {n}.",
  "Geeft u een {a} {n} binnen {num} dagen door.",
  "Voor een {o} heeft u soms ook een {n} nodig.",
  "De medewerker van {loc} controleert uw {doc} en maakt een {n}.",
  "Na {num} weken krijgt u bericht over uw {n}.",
  "In {mon} en {mon} is het druk; {v} uw {n} op tijd.",
  "De {n} ligt bij {org}, niet bij de gemeente.",
  "Wilt u een {o} en een {s} tegelijk {v}? Dat kan in één afspraak.",
  "Een {n} voor de {s} vraagt u aan met DigiD.",
  "Iemand anders mag uw {n} {v} met een {a} machtiging.",
  "Bij spoed kunt u de {n} op {day} {v} tegen {eur} extra.",
  "Twijfelt u of u een {s} nodig heeft? Vraag het {org}.",
  "{grp} die een {o} hebben, hoeven geen {n} te {v}.",
  "De {a} {n} staat in de {n} van dit jaar.",
  "Voor {grp} in {loc} is er een {a} spreekuur op {day}.",
  "Een {a} {s} is niet altijd nodig; soms volstaat een {n}.",
  "U betaalt met pinpas; een {n} per {n} is niet mogelijk.",
  "Betaal de {n} binnen {num} dagen om een {n} te voorkomen.",
  "Mensen die {v} willen, melden zich bij {loc}.",
  "Het team {n} beantwoordt vragen over de {o}.",
  "In het {n} leest u meer over de {a} {n}.",
  "De {n} gaat uit van de {a} situatie op 1 {mon}.",
  "Wij sturen de {n} naar het adres in de basisregistratie.",
  "Voor een {a} {n} is een verklaring van {org} nodig.",
  "U krijgt de {n} van {eur} terug als u binnen {num} dagen {v}.",
  "Zonder afspraak kunt u op {day} terecht voor een {n}.",
  "Heeft u een {a} inkomen? Dan betaalt u misschien minder voor uw {n}.",
  "Wie een {s} heeft, krijgt elk jaar in {mon} een {n}.",
  "De {n} van {eur} betaalt u in {num} termijnen.",
  "Heeft u klachten over de {n}? Dien dan een klacht in.",
  "{grp} kunnen een huisbezoek aanvragen voor de {n}.",
  "Woont u in het buitenland? Dan gelden voor uw {o} andere voorwaarden.",
  "Kinderen onder de {num} jaar hebben een {a} {n} nodig.",
};

/* Sentences only articles of one domain (0–9) or one subject have: what is said of a passport
 * is not said of the waste collection. */
typedef struct {
  int         domain;   /* or -1: subject says */
  const char *subject;
  const char *text;
} Special;

static const Special specials[] = {
  { 0, NULL, "Bent u uw {doc} kwijt of is het gestolen? Doe dan aangifte bij de politie." },
  { 0, NULL, "Een {s} voor kinderen vraagt een van de ouders aan, met toestemming van de ander." },
  { 0, NULL, "Bij de aanvraag van een {s} neemt de medewerker uw vingerafdrukken." },
  { 0, NULL, "Uw gegevens in de BRP zijn de basis voor uw {s}." },
  { 0, NULL, "Een verhuizing geeft u door binnen vijf dagen na de verhuisdatum." },
  { 1, NULL, "De {s} geldt alleen voor de zone waar u woont." },
  { 1, NULL, "Het kenteken van uw auto staat op de {s}; geeft u een nieuw kenteken door." },
  { 1, NULL, "Een ontheffing voor een afgesloten weg vraagt u minstens {num} dagen vooraf aan." },
  { 2, NULL, "Bouwt u aan de achterkant? Dan is een {s} vaak vergunningvrij." },
  { 2, NULL, "Buren kunnen een zienswijze indienen tegen de {s}." },
  { 2, NULL, "De boom mag pas gekapt worden als de vergunning onherroepelijk is." },
  { 3, NULL, "Grofvuil laat u ophalen na een afspraak via de afvalapp." },
  { 3, NULL, "Is uw container kapot of vol? Meld het via de website." },
  { 3, NULL, "De container wordt om de twee weken geleegd, op {day}." },
  { 3, NULL, "Met de afvalpas opent u de ondergrondse container in uw straat." },
  { 4, NULL, "De aanslag komt in februari; u kunt in tien termijnen betalen." },
  { 4, NULL, "Met een laag inkomen kunt u kwijtschelding van gemeentelijke belastingen vragen." },
  { 4, NULL, "Heeft u een hond? Dan betaalt u hondenbelasting per hond." },
  { 5, NULL, "Schulden? Meld u zo vroeg mogelijk bij schuldhulpverlening." },
  { 5, NULL, "De bijstand is voor wie niet genoeg inkomen heeft om van te leven." },
  { 5, NULL, "Wijzigingen in uw inkomen geeft u binnen een week door." },
  { 6, NULL, "Voor huishoudelijke hulp vraagt u een Wmo-voorziening aan." },
  { 6, NULL, "Een consulent komt bij u thuis voor een keukentafelgesprek." },
  { 6, NULL, "Mantelzorgers kunnen ondersteuning krijgen van het steunpunt." },
  { 7, NULL, "Ziet u iets kapot in de straat? Doe een melding openbare ruimte." },
  { 7, NULL, "Binnen {num} werkdagen laten wij weten wat wij met uw melding doen." },
  { 8, NULL, "Voor een evenement met meer dan tweehonderd bezoekers is een vergunning nodig." },
  { 8, NULL, "Het ondernemersloket helpt bij de vergunningen voor uw bedrijf." },
  { 9, NULL, "Een huurwoning zoekt u via het woningzoekendenportaal." },
  { 9, NULL, "Subsidie vraagt u minstens acht weken voor de start van het project aan." },
  { -1, "Zaalverhuur", "Wilt u de zaal huren voor een feest of reünie? Vraag dit tijdig aan." },
  { -1, "Huwelijk", "Het huwelijk wordt voltrokken in de trouwzaal van het stadhuis." },
  { -1, "Geboorteaangifte", "De aangifte van een geboorte doet u binnen drie dagen." },
  { -1, "Overlijden", "Een overlijden meldt de uitvaartondernemer meestal namens de familie." },
  { -1, "Verklaring omtrent het gedrag", "De VOG vraagt u online aan met DigiD." },
  { -1, "Bezwaarschrift", "Een bezwaarschrift is een brief waarin u uitlegt waarom u het niet eens bent met het besluit." },
};

static const char *const internal_templates[] = {
  "Controleer in de BRP of het adres klopt voordat je de {n} afrondt.",
  "Registreer het contact met onderwerp {s} in het klantcontactsysteem.",
  "Bij twijfel over de identiteit: raadpleeg het register en vraag een tweede {doc}.",
  "Verwijs vragen over de {n} door naar {org} via een terugbelnotitie.",
  "Let op: de tarieven voor de {s} zijn per 1 {mon} gewijzigd ({eur}).",
  "Vraag bij spoed altijd naar de {n}.",
  "De {n} wordt getoetst door het team {n}; doorlooptijd {num} dagen.",
  "Noteer het zaaknummer in het contactmoment en zet de {n} op {a}.",
  "Uitzondering voor {grp}: overleg met de coördinator {n}.",
  "Geen {a} {doc}? Dan geen {n} uitgeven.",
  "Bij agressie aan de balie: volg het protocol en meld het bij de teamleider.",
  "Het {n} staat in de map {o} op de teamsite.",
  "Leg de {n} vast voordat de klant vertrekt.",
  "Bij een {a} {n} altijd de backoffice inschakelen.",
  "Werkwijze {s}: eerst {v}, dan de {n} {v}.",
  "Contactpersoon bij {org} is bereikbaar op {day}.",
};

static const char *const headings[] = {
  "Voorwaarden", "Kosten", "Meenemen", "Hoe werkt het?", "Levertijd", "Aanvragen",
  "Wat moet u weten?", "Uitzonderingen", "Bezwaar", "Contact", "Spoed", "Betalen",
  "Voor wie?", "Wat gebeurt er daarna?", "Veelgestelde vragen", "Meer informatie",
};

/* ---- drawing words ------------------------------------------------------------------------ */

/* A list whose k-th word is drawn with weight 1/(k + 1). */
typedef struct {
  GPtrArray *words;
  double    *cumulative;
} Zipf;

static void
zipf_init (Zipf *zipf, GPtrArray *words)
{
  double total = 0;

  zipf->words = words;
  zipf->cumulative = g_new (double, words->len);
  for (guint k = 0; k < words->len; k++)
    zipf->cumulative[k] = (total += 1.0 / (k + 1));
}

static void
zipf_clear (Zipf *zipf)
{
  g_ptr_array_unref (zipf->words);
  g_free (zipf->cumulative);
}

static const char *
zipf_draw (Zipf *zipf, GRand *rand)
{
  double u = g_rand_double (rand) * zipf->cumulative[zipf->words->len - 1];
  guint low = 0, high = zipf->words->len - 1;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (zipf->cumulative[mid] < u)
        low = mid + 1;
      else
        high = mid;
    }
  return g_ptr_array_index (zipf->words, low);
}

static GPtrArray *
words_of (const char *const *list, guint n)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (words, g_strdup (list[i]));
  return words;
}

/* The plain nouns, then every head + tail compound in an order of their own (seeded): their
 * ranks, and so their frequencies, do not follow the alphabet. */
static GPtrArray *
make_nouns (GRand *rand)
{
  GPtrArray *words = words_of (nouns, G_N_ELEMENTS (nouns));
  guint first = words->len;

  for (guint h = 0; h < G_N_ELEMENTS (compound_heads); h++)
    for (guint t = 0; t < G_N_ELEMENTS (compound_tails); t++)
      g_ptr_array_add (words, g_strconcat (compound_heads[h], compound_tails[t], NULL));
  for (guint i = words->len - 1; i > first; i--)
    {
      guint j = first + (guint) g_rand_int_range (rand, 0, (gint32) (i - first + 1));
      gpointer swap = words->pdata[i];

      words->pdata[i] = words->pdata[j];
      words->pdata[j] = swap;
    }
  return words;
}

typedef struct {
  GRand *rand;
  Zipf   nouns, verbs, adjectives, organisations, groups, documents, templates;
} Words;

static void
words_init (Words *w, GRand *rand)
{
  w->rand = rand;
  zipf_init (&w->nouns, make_nouns (rand));
  zipf_init (&w->verbs, words_of (verbs, G_N_ELEMENTS (verbs)));
  zipf_init (&w->adjectives, words_of (adjectives, G_N_ELEMENTS (adjectives)));
  zipf_init (&w->organisations, words_of (organisations, G_N_ELEMENTS (organisations)));
  zipf_init (&w->groups, words_of (groups, G_N_ELEMENTS (groups)));
  zipf_init (&w->documents, words_of (documents, G_N_ELEMENTS (documents)));
  zipf_init (&w->templates, words_of (templates, G_N_ELEMENTS (templates)));
}

static void
words_clear (Words *w)
{
  zipf_clear (&w->nouns);
  zipf_clear (&w->verbs);
  zipf_clear (&w->adjectives);
  zipf_clear (&w->organisations);
  zipf_clear (&w->groups);
  zipf_clear (&w->documents);
  zipf_clear (&w->templates);
}

#define PICK(rand, list) ((list)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (list))])

/* A neighbour of subject: mostly one of its own domain, sometimes any. */
static const char *
other_subject (GRand *rand, guint subject)
{
  guint pick;

  if (g_rand_int_range (rand, 0, 5) == 0)
    return PICK (rand, subjects).name;
  do
    pick = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects));
  while (subjects[pick].domain != subjects[subject].domain);
  return subjects[pick].name;
}

static void
append_lower (GString *out, const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  g_string_append (out, lower);
}

/* Appends the filling of one slot ("s", "n", …). */
static void
fill_slot (GString *out, Words *w, guint subject, const char *slot)
{
  GRand *rand = w->rand;

  if (g_str_equal (slot, "s"))
    append_lower (out, subjects[subject].name);
  else if (g_str_equal (slot, "o"))
    append_lower (out, other_subject (rand, subject));
  else if (g_str_equal (slot, "n"))
    g_string_append (out, zipf_draw (&w->nouns, rand));
  else if (g_str_equal (slot, "v"))
    g_string_append (out, zipf_draw (&w->verbs, rand));
  else if (g_str_equal (slot, "a"))
    g_string_append (out, zipf_draw (&w->adjectives, rand));
  else if (g_str_equal (slot, "org"))
    g_string_append (out, zipf_draw (&w->organisations, rand));
  else if (g_str_equal (slot, "grp"))
    g_string_append (out, zipf_draw (&w->groups, rand));
  else if (g_str_equal (slot, "doc"))
    g_string_append (out, zipf_draw (&w->documents, rand));
  else if (g_str_equal (slot, "loc"))
    g_string_append (out, PICK (rand, places));
  else if (g_str_equal (slot, "eur"))
    g_string_append_printf (out, "€ %d,%02d", g_rand_int_range (rand, 5, 400),
                            5 * g_rand_int_range (rand, 0, 20));
  else if (g_str_equal (slot, "num"))
    g_string_append_printf (out, "%d", g_rand_int_range (rand, 2, 31));
  else if (g_str_equal (slot, "day"))
    g_string_append (out, PICK (rand, days));
  else if (g_str_equal (slot, "mon"))
    g_string_append (out, PICK (rand, months));
}

/* Appends the template filled, a space after it; returns its words. */
static guint
append_sentence (GString *out, Words *w, guint subject, const char *template)
{
  gsize start = out->len;
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = template; *p != '\0'; p++)
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;

      if (close == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      {
        g_autofree char *slot = g_strndup (p + 1, (gsize) (close - p - 1));

        fill_slot (out, w, subject, slot);
      }
      p = close;
    }
  /* A sentence starts with a capital (a slot may start it in lower case). */
  out->str[start] = g_ascii_toupper (out->str[start]);
  g_string_append_c (out, ' ');
  for (const char *p = out->str + start; *p != '\0'; p++)
    {
      gboolean letter = g_ascii_isalnum (*p) || (guchar) *p >= 0x80;

      n += letter && !in_word;
      in_word = letter;
    }
  return n;
}

/* ---- articles ------------------------------------------------------------------------------ */

/* A list of what to bring or do, bold words, a link: the Markdown editors write. */
static void
append_markdown (GString *body, Words *w, guint subject)
{
  GRand *rand = w->rand;
  guint items = (guint) g_rand_int_range (rand, 2, 6);

  g_string_append (body, "\n\n");
  for (guint i = 0; i < items; i++)
    {
      const char *doc = zipf_draw (&w->documents, rand);

      if (g_rand_boolean (rand))
        g_string_append_printf (body, "- **%c%s** %s\n", g_ascii_toupper (doc[0]), doc + 1,
                                zipf_draw (&w->adjectives, rand));
      else
        g_string_append_printf (body, "- %s %s\n", zipf_draw (&w->adjectives, rand),
                                zipf_draw (&w->nouns, rand));
    }
  g_string_append_printf (body, "\n[%s %s](https://www.example.nl/%u) of lees meer over de ",
                          g_rand_boolean (rand) ? "Maak een afspraak" : "Regel het online",
                          zipf_draw (&w->verbs, rand), g_rand_int (rand));
  append_lower (body, other_subject (rand, subject));
  g_string_append (body, ".\n\n");
}

/* A sentence for an article about subject: one in four of its domain's or its own, if it has
 * any, else a general one. */
static const char *
pick_template (Words *w, guint subject)
{
  const char *own[G_N_ELEMENTS (specials)];
  guint n = 0;

  if (g_rand_int_range (w->rand, 0, 4) == 0)
    for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
      if (specials[i].domain == (int) subjects[subject].domain
          || g_strcmp0 (specials[i].subject, subjects[subject].name) == 0)
        own[n++] = specials[i].text;
  if (n > 0)
    return own[g_rand_int_range (w->rand, 0, (gint32) n)];
  return zipf_draw (&w->templates, w->rand);
}

/* 200–400 words in paragraphs under headings, with a list and a link. */
static char *
make_public_body (Words *w, guint subject)
{
  GRand *rand = w->rand;
  GString *body = g_string_new (NULL);
  guint target = (guint) g_rand_int_range (rand, 200, 401), words = 0;

  g_string_append_printf (body, "## Wat is een %s?\n\n", subjects[subject].name);
  while (words < target)
    {
      words += append_sentence (body, w, subject, pick_template (w, subject));
      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0:
        case 1:
          g_string_append_printf (body, "\n\n### %s\n\n", PICK (rand, headings));
          break;
        case 2:
          append_markdown (body, w, subject);
          words += 8;
          break;
        default:
          break;
        }
    }
  return g_string_free (body, FALSE);
}

static char *
make_internal_body (Words *w, guint subject)
{
  GString *body = g_string_new (NULL);
  guint target = (guint) g_rand_int_range (w->rand, 40, 121), words = 0;

  while (words < target)
    words += append_sentence (body, w, subject, PICK (w->rand, internal_templates));
  return g_string_free (body, FALSE);
}

static const char *
kind_of (guint aspect, GRand *rand)
{
  static const char *const others[] = { "levensgebeurtenis", "wie-doet-wat", "sociale-kaart" };

  if (strstr (aspects[aspect], "werkinstructie") != NULL)
    return "werkinstructie";
  if (strstr (aspects[aspect], "vragen") != NULL)
    return "faq";
  return g_rand_int_range (rand, 0, 5) == 0 ? others[g_rand_int_range (rand, 0, 3)] : "product";
}

/* Usage falls off steeply: most articles are seldom used, a few answer most contacts. */
static int
make_uses (GRand *rand)
{
  double u = g_rand_double (rand);

  return (int) (u * u * u * u * u * u * 5000.0);
}

static char *
make_title (GRand *rand, guint i)
{
  guint subject = i % G_N_ELEMENTS (subjects);
  guint aspect = (i / G_N_ELEMENTS (subjects)) % G_N_ELEMENTS (aspects);

  if (i < G_N_ELEMENTS (subjects) * G_N_ELEMENTS (aspects))
    return g_strdup_printf ("%s %s", subjects[subject].name, aspects[aspect]);
  return g_strdup_printf ("%s %s %s", subjects[subject].name, aspects[aspect],
                          PICK (rand, qualifiers));
}

static gboolean
insert_article (LoketDb *db, sqlite3_stmt *article, sqlite3_stmt *usage, Words *w, guint i,
                GError **error)
{
  GRand *rand = w->rand;
  guint subject = i % G_N_ELEMENTS (subjects);
  guint aspect = (i / G_N_ELEMENTS (subjects)) % G_N_ELEMENTS (aspects);
  g_autofree char *id = g_strdup_printf ("kb-%05u", i);
  g_autofree char *title = make_title (rand, i);
  g_autofree char *body = make_public_body (w, subject);
  g_autofree char *internal = make_internal_body (w, subject);

  sqlite3_reset (article);
  loket_db_bind_text (article, 1, id);
  loket_db_bind_text (article, 2, kind_of (aspect, rand));
  loket_db_bind_text (article, 3, title);
  loket_db_bind_text (article, 4, body);
  loket_db_bind_text (article, 5, internal);
  loket_db_bind_text (article, 6, g_rand_int_range (rand, 0, 33) == 0 ? "draft" : "published");
  if (!loket_db_step_done (db, article, error))
    return FALSE;
  sqlite3_reset (usage);
  loket_db_bind_text (usage, 1, id);
  sqlite3_bind_int (usage, 2, make_uses (rand));
  return loket_db_step_done (db, usage, error);
}

static const char *const synonym_groups[] = {
  "[\"ID-kaart\", \"identiteitskaart\", \"identiteitsbewijs\"]",
  "[\"BRP\", \"GBA\", \"gemeentelijke basisadministratie\", \"basisregistratie personen\"]",
  "[\"trouwen\", \"huwelijk\", \"huwelijksvoltrekking\"]",
  "[\"paspoort\", \"reisdocument\", \"reispas\"]",
  "[\"verhuizing\", \"verhuizen\", \"adreswijziging\"]",
  "[\"VOG\", \"verklaring omtrent het gedrag\"]",
  "[\"OZB\", \"onroerendezaakbelasting\"]",
  "[\"Wmo\", \"maatschappelijke ondersteuning\"]",
  "[\"grofvuil\", \"grof huisvuil\", \"grofafval\"]",
  "[\"kliko\", \"afvalcontainer\", \"container\"]",
  "[\"bijstand\", \"bijstandsuitkering\", \"uitkering\"]",
  "[\"overlijden\", \"sterfgeval\", \"overleden\"]",
  "[\"bouwvergunning\", \"omgevingsvergunning\"]",
  "[\"rijbewijs\", \"rijvaardigheidsbewijs\"]",
  "[\"gestolen\", \"diefstal\", \"kwijt\", \"verloren\", \"vermist\"]",
};

static gboolean
insert_synonyms (LoketDb *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = loket_db_prepare (db,
    "INSERT INTO kb_synonyms (id, terms, updated_at) VALUES (?, ?, '2026-01-05T09:00:00Z')",
    error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (synonym_groups); i++)
    {
      g_autofree char *id = g_strdup_printf ("syn-%02u", i);

      sqlite3_reset (stmt);
      loket_db_bind_text (stmt, 1, id);
      loket_db_bind_text (stmt, 2, synonym_groups[i]);
      if (!loket_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
loket_bench_kb_fill (LoketDb *db, guint n_articles, guint seed, GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(sqlite3_stmt) article = NULL;
  g_autoptr(sqlite3_stmt) usage = NULL;
  Words w;
  gboolean ok;

  G_STATIC_ASSERT (G_N_ELEMENTS (subjects) > 0);
  if (!loket_db_begin (db, error))
    return FALSE;
  words_init (&w, rand);
  article = loket_db_prepare (db, "INSERT INTO kb_articles (id, kind, title, public_body,"
                              " internal_body, status, rev, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
                              " 1, '2026-01-05T09:00:00Z')", error);
  usage = loket_db_prepare (db, "INSERT INTO kb_article_usage (id, uses) VALUES (?, ?)", error);
  ok = article != NULL && usage != NULL && insert_synonyms (db, error);
  for (guint i = 0; ok && i < n_articles; i++)
    ok = insert_article (db, article, usage, &w, i, error);
  words_clear (&w);
  if (ok && loket_db_commit (db, error))
    return TRUE;
  loket_db_rollback (db);
  return FALSE;
}
