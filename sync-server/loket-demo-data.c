/* loket-demo-data.c — the fixed tables of the demo municipality: organisation, products,
 * capacities with their opening hours, and people.  See loket-demo-data.h.
 */
#include "loket-demo-data.h"

/* ---- Organisation and products ------------------------------------------------------- */

const LocationDef loket_demo_locations[] = {
  { "Stadhuis", "stadhuis", "Markt 1, 7721 AB Dalfsenburg", FALSE },
  { "Servicepunt Noord", "kantoor", "Noorderplein 12, 7722 CK Dalfsenburg", FALSE },
  { "Bibliotheek De Schakel", "satelliet", "Schoolstraat 5, 7723 BL Dalfsenburg", TRUE },
};

const char *const loket_demo_team_names[] = { "Burgerzaken", "Vergunningen", "KCC", "Facilitair" };

const GroupDef loket_demo_groups[] = {
  { "Burgerzaken", "Burgerzaken" },
  { "Bouwen en wonen", "Vergunningen" },
  { "Zalen", "Facilitair" },
};

const CaseTypeDef loket_demo_case_types[] = {
  { "Reisdocument", 5, TEAM_BZ, FALSE,
    { "ontvangen", "in behandeling", "gereed voor uitreiking", "afgehandeld" } },
  { "Rijbewijs", 5, TEAM_BZ, FALSE,
    { "ontvangen", "aangevraagd bij RDW", "gereed voor uitreiking", "afgehandeld" } },
  { "Uittreksel BRP", 2, TEAM_BZ, FALSE,
    { "ontvangen", "in behandeling", "verzonden", "afgehandeld" } },
  { "Verhuizing", 5, TEAM_BZ, FALSE,
    { "ontvangen", "adresonderzoek", "verwerkt in BRP", "afgehandeld" } },
  { "Geboorteaangifte", 3, TEAM_BZ, FALSE,
    { "ontvangen", "in behandeling", "akte opgemaakt", "afgehandeld" } },
  { "Huwelijk en partnerschap", 20, TEAM_BZ, FALSE,
    { "ontvangen", "in behandeling", "datum bevestigd", "afgehandeld" } },
  { "Naturalisatie", 60, TEAM_BZ, TRUE,
    { "ontvangen", "in behandeling", "advies IND", "besluit", "afgehandeld" } },
  { "Verklaring omtrent het gedrag", 20, TEAM_BZ, FALSE,
    { "ontvangen", "aangevraagd bij Justis", "besluit", "afgehandeld" } },
  { "Legalisatie handtekening", 3, TEAM_BZ, FALSE,
    { "ontvangen", "in behandeling", "gereed", "afgehandeld" } },
  { "Omgevingsvergunning", 40, TEAM_VERG, FALSE,
    { "ontvangen", "in behandeling", "besluit", "afgehandeld" } },
  { "Inzage bouwdossier", 10, TEAM_VERG, FALSE,
    { "ontvangen", "dossier opgevraagd", "inzage gepland", "afgehandeld" } },
  { "Informatieverzoek bouwen", 10, TEAM_VERG, FALSE,
    { "ontvangen", "in behandeling", "beantwoord", "afgehandeld" } },
  { "Zaalreservering", 3, TEAM_FAC, FALSE,
    { "ontvangen", "in behandeling", "bevestigd", "afgehandeld" } },
  { "Terugbelverzoek", 1, TEAM_KCC, FALSE,
    { "ontvangen", "teruggebeld", "afgehandeld" } },
};

const ProductDef loket_demo_products[] = {
  { "Paspoort", GROUP_BZ, 10, 2, 1, TRUE, CT_REISDOC, 30,
    "Aanvragen van een nieuw paspoort.", "Kosten en levertijd paspoort",
    { "Verlopen paspoort", "Paspoort kwijtgeraakt", "Eerste paspoort voor kind",
      "Paspoort vol gestempeld" } },
  { "Identiteitskaart", GROUP_BZ, 10, 2, 1, TRUE, CT_REISDOC, 18,
    "Aanvragen van een Nederlandse identiteitskaart.", "Geldigheid ID-kaart van een kind",
    { "ID-kaart verloopt binnenkort", "Gestolen identiteitskaart", "Eerste ID-kaart voor kind" } },
  { "Rijbewijs", GROUP_BZ, 10, 2, 1, TRUE, CT_RIJBEWIJS, 18,
    "Verlengen of vervangen van een rijbewijs.", "Rijbewijs verlengen na je 75e",
    { "Rijbewijs verlengen", "Kwijtgeraakt rijbewijs", "Buitenlands rijbewijs omwisselen" } },
  { "Afhalen reisdocument", GROUP_BZ, 5, 1, 1, TRUE, CT_REISDOC, 16,
    "Ophalen van een paspoort, ID-kaart of rijbewijs.", "Is mijn paspoort al klaar?",
    { "Paspoort ophalen", "ID-kaart ophalen", "Rijbewijs ophalen" } },
  { "Uittreksel BRP", GROUP_BZ, 5, 1, 1, TRUE, CT_UITTREKSEL, 5,
    "Uittreksel uit de Basisregistratie Personen.", "Uittreksel BRP digitaal aanvragen",
    { "Uittreksel voor werkgever", "Uittreksel voor hypotheek", "Internationaal uittreksel" } },
  { "Verhuizing", GROUP_BZ, 15, 2, 1, TRUE, CT_VERHUIZING, 8,
    "Verhuizing naar of binnen de gemeente doorgeven.", "Verhuizing doorgeven via internet",
    { "Verhuizing naar Dalfsenburg", "Verhuizing binnen de gemeente", "Terugkeer uit het buitenland" } },
  { "Geboorteaangifte", GROUP_BZ, 15, 1, 1, TRUE, CT_GEBOORTE, 3,
    "Aangifte van de geboorte van een kind.", "Wie mag de geboorteaangifte doen?",
    { "Aangifte geboorte dochter", "Aangifte geboorte zoon", "Geboorteaangifte met erkenning" } },
  { "Huwelijk / ondertrouw", GROUP_BZ, 30, 3, 2, TRUE, CT_HUWELIJK, 1,
    "Melding voorgenomen huwelijk of geregistreerd partnerschap.", "Beschikbare trouwdata",
    { "Melding voorgenomen huwelijk", "Geregistreerd partnerschap", "Gesprek met trouwambtenaar" } },
  { "Naturalisatie", GROUP_BZ, 30, 3, 2, FALSE, CT_NATURALISATIE, 1,
    "Verzoek om de Nederlandse nationaliteit.", "Voorwaarden naturalisatie",
    { "Naturalisatieverzoek indienen", "Aanvullende stukken naturalisatie" } },
  { "Verklaring omtrent het gedrag (VOG)", GROUP_BZ, 10, 3, 1, TRUE, CT_VOG, 4,
    "Aanvraag van een VOG bij de balie.", "Status VOG-aanvraag",
    { "VOG voor nieuwe baan", "VOG voor vrijwilligerswerk", "VOG voor taxichauffeur" } },
  { "Legalisatie handtekening", GROUP_BZ, 10, 1, 1, TRUE, CT_LEGALISATIE, 2,
    "Echtverklaring van een handtekening.", "Legalisatie voor gebruik in het buitenland",
    { "Handtekening onder machtiging", "Handtekening voor buitenlandse bank" } },
  { "Omgevingsvergunning (intake)", GROUP_BOUW, 45, 3, 2, TRUE, CT_OMGEVING, 3,
    "Intakegesprek voor een aanvraag omgevingsvergunning.", "Status aanvraag omgevingsvergunning",
    { "Dakkapel plaatsen", "Aanbouw achter de woning", "Verbouwing boerderij tot woning",
      "Kappen van een monumentale boom" } },
  { "Inzage bouwdossier", GROUP_BOUW, 30, 2, 2, TRUE, CT_INZAGE, 2,
    "Bouwtekeningen en vergunningen van een pand inzien.", "Kosten kopie bouwtekening",
    { "Bouwtekeningen voor aankoop woning", "Inzage dossier buurpand" } },
  { "Informatie verbouwen", GROUP_BOUW, 20, 1, 3, TRUE, CT_BOUWINFO, 4,
    "Gesprek met een vakspecialist over verbouwplannen.", "Vergunning nodig voor een schuur?",
    { "Vergunningvrij bouwen schuur", "Zonnepanelen op monument", "Uitbouw keuken" } },
  { "Vergaderzaal", GROUP_ZALEN, 60, 2, 1, TRUE, CT_ZAAL, 1,
    "Vergaderzaal 2.1 in het Stadhuis, 12 personen, beamer.", "Beschikbaarheid vergaderzaal",
    { "Ledenvergadering vereniging", "Bewonersoverleg", "Cursusavond EHBO" } },
  { "Raadzaal", GROUP_ZALEN, 60, 2, 1, FALSE, CT_ZAAL, 1,
    "De raadzaal voor bijeenkomsten, via de gemeente te boeken.", "Raadzaal huren voor een avond",
    { "Informatieavond omgevingsvisie", "Jeugdgemeenteraad", "Commissievergadering" } },
  { "Trouwzaal", GROUP_ZALEN, 60, 2, 1, TRUE, CT_ZAAL, 1,
    "De trouwzaal van het Stadhuis.", "Trouwzaal bezichtigen",
    { "Huwelijksvoltrekking", "Partnerschapsregistratie", "Jubileum 50 jaar getrouwd" } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (loket_demo_products) == N_PRODUCTS);

const LifeEventDef loket_demo_life_events[] = {
  { "Verhuizen", "Verhuizing doorgeven en wat erbij hoort: een uittreksel met het nieuwe adres.",
    { P_VERHUIZING, P_UITTREKSEL, P_NONE } },
  { "Trouwen", "Melding voorgenomen huwelijk, de trouwzaal en het uittreksel voor de ondertrouw.",
    { P_HUWELIJK, P_TROUWZAAL, P_UITTREKSEL, P_NONE } },
  { "Geboorte", "Aangifte van de geboorte en de eerste identiteitskaart van het kind.",
    { P_GEBOORTE, P_IDKAART, P_NONE } },
  { "Bouwen en verbouwen", "Eerst het gesprek over de plannen, dan het bouwdossier en de "
    "intake voor de omgevingsvergunning.", { P_BOUWINFO, P_INZAGE, P_OMGEVING, P_NONE } },
};

const guint loket_demo_n_life_events = G_N_ELEMENTS (loket_demo_life_events);
G_STATIC_ASSERT (G_N_ELEMENTS (loket_demo_case_types) == N_CASE_TYPES);

/* ---- Capacities and their opening hours ---------------------------------------------- */

const CapacityDef loket_demo_capacities[] = {
  { "Balie 1", "balie", LOC_STADHUIS, GROUP_BZ, BALIE_PRODUCTS },
  { "Balie 2", "balie", LOC_STADHUIS, GROUP_BZ, BALIE_PRODUCTS },
  { "Balie 3", "balie", LOC_STADHUIS, GROUP_BZ, BALIE_PRODUCTS },
  { "Balie 4", "balie", LOC_STADHUIS, GROUP_BZ, BALIE_PRODUCTS },
  { "Spreekkamer 1", "spreekkamer", LOC_STADHUIS, GROUP_BOUW, BOUW_PRODUCTS },
  { "Spreekkamer 2", "spreekkamer", LOC_STADHUIS, GROUP_BOUW, BOUW_PRODUCTS },
  { "Trouwzaal", "zaal", LOC_STADHUIS, GROUP_ZALEN, BIT (P_TROUWZAAL) },
  { "Raadzaal", "zaal", LOC_STADHUIS, GROUP_ZALEN, BIT (P_RAADZAAL) },
  { "Vergaderzaal 2.1", "zaal", LOC_STADHUIS, GROUP_ZALEN, BIT (P_VERGADERZAAL) },
  { "Buitengewoon ambtenaar", "ambtenaar", LOC_STADHUIS, GROUP_BZ, BIT (P_HUWELIJK) },
  { "Balie N1", "balie", LOC_NOORD, GROUP_BZ, DESK_PRODUCTS },
  { "Balie N2", "balie", LOC_NOORD, GROUP_BZ, DESK_PRODUCTS },
  { "Balie Bibliotheek", "balie", LOC_BIEB, GROUP_BZ, DESK_PRODUCTS },
};

G_STATIC_ASSERT (G_N_ELEMENTS (loket_demo_capacities) == N_CAPACITIES);

const RuleDef loket_demo_rules[] = {
  /* Balie 1–2 serve the web (public share), Balie 3–4 the desks; the Thursday evening opening
   * on Balie 1–2 has a place for each. */
  { CAP_B1, WORKWEEK, HM (8, 30), HM (12, 30), 10, 1, 1, 1, 2 },
  { CAP_B1, WORKWEEK, HM (13, 30), HM (16, 30), 10, 1, 1, 0, 2 },
  { CAP_B1, THU, HM (17, 0), HM (20, 0), 10, 2, 1, 1, 2 },
  { CAP_B2, WORKWEEK, HM (8, 30), HM (12, 30), 10, 1, 1, 0, 2 },
  { CAP_B2, WORKWEEK, HM (13, 30), HM (16, 30), 10, 1, 1, 0, 1 },
  { CAP_B2, THU, HM (17, 0), HM (20, 0), 10, 2, 1, 0, 2 },
  { CAP_B3, WORKWEEK, HM (8, 30), HM (12, 30), 10, 1, 0, 1, 2 },
  { CAP_B3, WORKWEEK, HM (13, 30), HM (16, 30), 10, 1, 0, 1, 2 },
  { CAP_B4, WORKWEEK, HM (8, 30), HM (12, 30), 10, 1, 0, 0, 2 },
  { CAP_B4, WORKWEEK, HM (13, 30), HM (16, 30), 10, 1, 0, 0, 1 },
  /* Bouwen en wonen: the web books intakes on Tuesday/Thursday, desks the other hours. */
  { CAP_SK1, TUE | THU, HM (9, 0), HM (12, 0), 30, 1, 1, 0, 2 },
  { CAP_SK1, MON | WED, HM (13, 30), HM (16, 30), 30, 1, 0, 0, 1 },
  { CAP_SK2, MON | WED | FRI, HM (9, 0), HM (12, 0), 30, 1, 0, 0, 1 },
  { CAP_SK2, TUE | THU, HM (13, 30), HM (16, 30), 30, 1, 1, 0, 2 },
  /* Rooms: daytime online, evenings through the municipality; the raadzaal never online. */
  { CAP_TROUWZAAL, WORKWEEK | SAT, HM (9, 0), HM (17, 0), 60, 1, 1, 0, 1 },
  { CAP_TROUWZAAL, WORKWEEK | SAT, HM (17, 0), HM (22, 0), 60, 1, 0, 0, 0 },
  { CAP_RAADZAAL, WORKWEEK | SAT, HM (9, 0), HM (22, 0), 60, 1, 0, 0, 1 },
  { CAP_VERGADERZAAL, WORKWEEK | SAT, HM (9, 0), HM (17, 0), 60, 1, 1, 0, 1 },
  { CAP_VERGADERZAAL, WORKWEEK | SAT, HM (17, 0), HM (22, 0), 60, 1, 0, 0, 1 },
  { CAP_AMBTENAAR, TUE, HM (13, 30), HM (16, 30), 30, 1, 1, 0, 2 },
  { CAP_AMBTENAAR, FRI, HM (13, 30), HM (16, 30), 30, 1, 0, 0, 2 },
  { CAP_N1, MON | WED | FRI, HM (9, 0), HM (12, 0), 10, 1, 1, 0, 2 },
  { CAP_N2, MON | WED | FRI, HM (9, 0), HM (12, 0), 10, 1, 0, 0, 2 },
  /* The library satellite: desk on Tuesday, web on Saturday morning. */
  { CAP_BIEB, TUE, HM (10, 0), HM (13, 0), 10, 1, 0, 0, 2 },
  { CAP_BIEB, SAT, HM (10, 0), HM (13, 0), 10, 1, 1, 0, 2 },
};

const guint loket_demo_n_rules = G_N_ELEMENTS (loket_demo_rules);

/* ---- People -------------------------------------------------------------------------- */

const RoleDef loket_demo_roles[] = {
  { "medewerker", "Medewerker dienstverlening" },
  { "backoffice", "Vakspecialist" },
  { "teamleider", "Teamleider" },
  { "coordinator", "Coördinator" },
  { "beheerder", "Functioneel beheerder" },
  { "redacteur", "Kennisredacteur" },
};

const guint loket_demo_n_roles = G_N_ELEMENTS (loket_demo_roles);

const UserDef loket_demo_users[] = {
  { "balie", "Fatima Bouzid", "medewerker", LOC_STADHUIS, TEAM_BZ },
  { "noord", "Jeroen Smit", "medewerker", LOC_NOORD, TEAM_BZ },
  { "bieb", "Lotte van Dijk", "medewerker", LOC_BIEB, TEAM_BZ },
  { "kcc", "Sem Bakker", "medewerker", LOC_STADHUIS, TEAM_KCC },
  { "backoffice", "Pieter Hoekstra", "backoffice", LOC_STADHUIS, TEAM_VERG },
  { "burgerzaken", "Nadia El Idrissi", "backoffice", LOC_STADHUIS, TEAM_BZ },
  { "facilitair", "Ricardo Pinas", "medewerker", LOC_STADHUIS, TEAM_FAC },
  { "teamleider", "Marieke Visser", "teamleider", LOC_STADHUIS, TEAM_BZ },
  { "coordinator", "Hanneke Mulder", "coordinator", LOC_STADHUIS, TEAM_BZ },
  { "beheer", "Erik de Boer", "beheerder", LOC_STADHUIS, -1 },
  { "redactie", "Iris Meijer", "redacteur", LOC_STADHUIS, TEAM_KCC },
  { "kennis", "Bas Vermeulen", "redacteur", LOC_STADHUIS, TEAM_KCC },
};

G_STATIC_ASSERT (G_N_ELEMENTS (loket_demo_users) == N_USERS);

const int loket_demo_team_handler[] = { U_BURGERZAKEN, U_BACKOFFICE, U_KCC, U_FACILITAIR };

const char *const loket_demo_first_names[] = {
  "Anouk", "Sanne", "Daan", "Lucas", "Emma", "Julia", "Sem", "Noah", "Lotte", "Tess",
  "Mohamed", "Fatima", "Yasmina", "Ayoub", "Bram", "Thijs", "Femke", "Iris", "Ruben", "Jasper",
  "Maartje", "Hendrik", "Gerrit", "Johanna", "Willemijn", "Kees", "Ingrid", "Annelies", "Priya",
  "Wei", "Oksana", "Dmitri", "Sevda", "Emre", "Joost", "Marloes", "Niels", "Sophie", "Milan",
  "Lieke", "Stijn", "Roos", "Koen", "Eva", "Bas", "Fleur", "Nadia", "Karim", "Esther", "Wouter",
  "Greetje", "Jan", "Ans", "Chantal", "Tim", "Zeynep",
};

const guint loket_demo_n_first_names = G_N_ELEMENTS (loket_demo_first_names);

const char *const loket_demo_last_names[] = {
  "de Vries", "Jansen", "de Jong", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
  "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
  "Brouwer", "de Wit", "Dijkstra", "de Graaf", "van der Meer", "Kok", "de Haan", "Vermeulen",
  "van Dijk", "Schouten", "Hoekstra", "Koster", "Prins", "Kuipers", "Postma", "Scholten",
  "Huisman", "El Amrani", "Yılmaz", "Öztürk", "Bouzid", "Kaya", "Nguyen", "Pinas", "Wolters",
  "Oosterhuis", "Lubbers", "Nijhof", "Wessels", "ter Horst", "Hofstede", "Zwart", "Jonker",
};

const guint loket_demo_n_last_names = G_N_ELEMENTS (loket_demo_last_names);

const char *const loket_demo_flemish_names[] = {
  "Wout Peeters", "Lies Janssens", "Bart Maes", "Ellen Claes", "Jef Wouters",
};

const guint loket_demo_n_flemish_names = G_N_ELEMENTS (loket_demo_flemish_names);

const OrganisationDef loket_demo_organisations[] = {
  { "Muziekvereniging Harmonie Dalfsenburg", "secretaris@harmonie-dalfsenburg.example.nl" },
  { "Voetbalvereniging DVC '28", "wedstrijdsecretariaat@dvc28.example.nl" },
  { "Stichting Dorpshuis De Kern", "beheer@dorpshuisdekern.example.nl" },
  { "Schaakclub De Zwarte Dame", "info@dezwartedame.example.nl" },
  { "Toneelvereniging Onder Ons", "bestuur@toneelonderons.example.nl" },
  { "Volkstuinvereniging De Groene Vingers", "tuinen@degroenevingers.example.nl" },
  { "Oranjevereniging Dalfsenburg", "oranje@dalfsenburg.example.nl" },
  { "Vrouwenkoor Cantabile", "koor@cantabile.example.nl" },
};

const guint loket_demo_n_organisations = G_N_ELEMENTS (loket_demo_organisations);

const char *const loket_demo_callback_subjects[] = {
  "Terugbelverzoek: vraag over de afvalpas",
  "Terugbelverzoek: bezwaar WOZ-waarde",
  "Terugbelverzoek: parkeervergunning bewoners",
  "Terugbelverzoek: losliggende stoeptegels Kerkstraat",
  "Terugbelverzoek: kwijtschelding gemeentelijke belastingen",
  "Terugbelverzoek: informatie over een Wmo-voorziening",
};

const guint loket_demo_n_callback_subjects = G_N_ELEMENTS (loket_demo_callback_subjects);

const LooseCasesDef loket_demo_loose_cases[] = {
  { CT_OMGEVING, 6 }, { CT_NATURALISATIE, 3 }, { CT_VOG, 4 }, { CT_TERUGBEL, 6 },
  { CT_ZAAL, 3 }, { CT_INZAGE, 2 }, { CT_VERHUIZING, 3 }, { CT_REISDOC, 3 },
};

const guint loket_demo_n_loose_cases = G_N_ELEMENTS (loket_demo_loose_cases);

const char *const loket_demo_team_notes[N_TEAMS][4] = {
  [TEAM_BZ] = {
    "Identiteit vastgesteld met rijbewijs; oud document ongeldig gemaakt.",
    "Klant belt terug met het BSN van de partner.",
    "Pasfoto voldeed niet aan de fotomatrix, nieuwe foto meegenomen.",
    "Aanvullende stukken per post ontvangen en gescand.",
  },
  [TEAM_VERG] = {
    "Bouwtekening ontbreekt; per e-mail opgevraagd bij de architect.",
    "Advies welstandscommissie aangevraagd.",
    "Buren geïnformeerd; geen bezwaren ontvangen.",
    "Constructieberekening goedgekeurd.",
  },
  [TEAM_KCC] = {
    "Twee keer gebeld, geen gehoor. Voicemail ingesproken.",
    "Klant teruggebeld, vraag beantwoord.",
    "Doorverbonden met de vakspecialist; terugbelnotitie gemaakt.",
    NULL,
  },
  [TEAM_FAC] = {
    "Beamer en koffie voor 12 personen geregeld.",
    "Sleutel af te halen bij de receptie.",
    "Factuur verstuurd naar het secretariaat.",
    NULL,
  },
};
