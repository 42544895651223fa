/* loket-demo-data.h — the fixed tables of the demo municipality "Gemeente Dalfsenburg".
 *
 * Only loket-demo.c reads these; loket-demo-data.c holds the organisation, products, opening
 * hours and people, loket-demo-articles.c the knowledge base.  Tables indexed by one of the
 * enums below have its N_* entries; the others come with a loket_demo_n_* count.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HM(h, m) ((h) * 60 + (m))

/* ---- Organisation and products ------------------------------------------------------- */

enum { LOC_STADHUIS, LOC_NOORD, LOC_BIEB, N_LOCATIONS };
enum { TEAM_BZ, TEAM_VERG, TEAM_KCC, TEAM_FAC, N_TEAMS };
enum { GROUP_BZ, GROUP_BOUW, GROUP_ZALEN, N_GROUPS };

typedef struct { const char *name, *kind, *address; gboolean offline; } LocationDef;
typedef struct { const char *name, *werkveld; } GroupDef;

enum {
  CT_REISDOC, CT_RIJBEWIJS, CT_UITTREKSEL, CT_VERHUIZING, CT_GEBOORTE, CT_HUWELIJK,
  CT_NATURALISATIE, CT_VOG, CT_LEGALISATIE, CT_OMGEVING, CT_INZAGE, CT_BOUWINFO, CT_ZAAL,
  CT_TERUGBEL, N_CASE_TYPES
};

typedef struct {
  const char *name;
  int max_days;
  int team;
  gboolean confidential;
  const char *statuses[6]; /* NULL-terminated; the first is the initial status */
} CaseTypeDef;

enum {
  P_PASPOORT, P_IDKAART, P_RIJBEWIJS, P_AFHALEN, P_UITTREKSEL, P_VERHUIZING, P_GEBOORTE,
  P_HUWELIJK, P_NATURALISATIE, P_VOG, P_LEGALISATIE, P_OMGEVING, P_INZAGE, P_BOUWINFO,
  P_VERGADERZAAL, P_RAADZAAL, P_TROUWZAAL, N_PRODUCTS, P_NONE = -1
};

typedef struct {
  const char *name;
  int group;
  int norm_minutes;
  int level;               /* afhandelingsniveau 1–3 */
  int line;                /* 1e, 2e or 3e lijn */
  gboolean public;
  int case_type;
  int weight;              /* how often it is asked for, relative */
  const char *description;
  const char *question;    /* a typical question about it, for contact moments */
  const char *reasons[5];  /* NULL-terminated reasons for a visit */
} ProductDef;

extern const LocationDef loket_demo_locations[];       /* N_LOCATIONS */
extern const char *const loket_demo_team_names[];      /* N_TEAMS */
extern const GroupDef    loket_demo_groups[];          /* N_GROUPS */
extern const CaseTypeDef loket_demo_case_types[];      /* N_CASE_TYPES */
extern const ProductDef  loket_demo_products[];        /* N_PRODUCTS */

/* A life event and its products in the order they are handled (P_NONE ends the list). */
typedef struct { const char *name, *description; int products[5]; } LifeEventDef;

extern const LifeEventDef loket_demo_life_events[];
extern const guint        loket_demo_n_life_events;

/* ---- Capacities and their opening hours ---------------------------------------------- */

#define BIT(p) (1u << (p))
#define DESK_PRODUCTS (BIT (P_PASPOORT) | BIT (P_IDKAART) | BIT (P_RIJBEWIJS) | BIT (P_AFHALEN) \
                       | BIT (P_UITTREKSEL) | BIT (P_VERHUIZING))
#define BALIE_PRODUCTS (DESK_PRODUCTS | BIT (P_GEBOORTE) | BIT (P_NATURALISATIE) | BIT (P_VOG) \
                        | BIT (P_LEGALISATIE))
#define BOUW_PRODUCTS (BIT (P_OMGEVING) | BIT (P_INZAGE) | BIT (P_BOUWINFO))

enum {
  CAP_B1, CAP_B2, CAP_B3, CAP_B4, CAP_SK1, CAP_SK2, CAP_TROUWZAAL, CAP_RAADZAAL,
  CAP_VERGADERZAAL, CAP_AMBTENAAR, CAP_N1, CAP_N2, CAP_BIEB, N_CAPACITIES
};

typedef struct { const char *name, *kind; int location, group; guint32 products; } CapacityDef;

enum { MON = 1, TUE = 2, WED = 4, THU = 8, FRI = 16, SAT = 32, WORKWEEK = 31 };

/* One rule of a capacity. A capacity's rules never overlap in time, so each rule-day has its
 * own slots.  places − public_places is the desk share; demand is how many visits the demo
 * books on one rule-day (lo … hi). A rule with demand_lo ≥ 1 always gets a visit. */
typedef struct {
  int capacity;
  guint8 weekdays;
  int start, end;          /* local minutes after midnight */
  int slot_minutes;
  int places, public_places;
  int demand_lo, demand_hi;
} RuleDef;

extern const CapacityDef loket_demo_capacities[];      /* N_CAPACITIES */
extern const RuleDef     loket_demo_rules[];
extern const guint       loket_demo_n_rules;

/* ---- People -------------------------------------------------------------------------- */

typedef struct { const char *id, *name; } RoleDef;

enum {
  U_BALIE, U_NOORD, U_BIEB, U_KCC, U_BACKOFFICE, U_BURGERZAKEN, U_FACILITAIR, U_TEAMLEIDER,
  U_COORDINATOR, U_BEHEER, U_REDACTIE, U_KENNIS, N_USERS, U_NONE = -1
};

typedef struct { const char *username, *display_name, *role; int location, team; } UserDef;
typedef struct { const char *name, *email; } OrganisationDef;
typedef struct { int case_type, count; } LooseCasesDef;

extern const RoleDef         loket_demo_roles[];
extern const guint           loket_demo_n_roles;
extern const UserDef         loket_demo_users[];       /* N_USERS */
/* The member of staff who handles a team's cases. */
extern const int             loket_demo_team_handler[]; /* N_TEAMS */
extern const char *const     loket_demo_first_names[];
extern const guint           loket_demo_n_first_names;
extern const char *const     loket_demo_last_names[];
extern const guint           loket_demo_n_last_names;
/* Flemish neighbours who are customers too (identified by rijksregisternummer). */
extern const char *const     loket_demo_flemish_names[];
extern const guint           loket_demo_n_flemish_names;
extern const OrganisationDef loket_demo_organisations[];
extern const guint           loket_demo_n_organisations;
extern const char *const     loket_demo_callback_subjects[];
extern const guint           loket_demo_n_callback_subjects;
/* Cases not made by a booking: how many of each type. */
extern const LooseCasesDef   loket_demo_loose_cases[];
extern const guint           loket_demo_n_loose_cases;
/* Up to four notes per team; a NULL fourth means three. */
extern const char *const     loket_demo_team_notes[N_TEAMS][4];

/* ---- The knowledge base (loket-demo-articles.c) -------------------------------------- */

/* Public text (PDC, Markdown) for every channel, and the onderwatercontent for staff.  The
 * other editor of the two (U_REDACTIE, U_KENNIS) than its owner published it. */
typedef struct {
  const char *kind, *title;
  int product;             /* P_NONE when it is about no one product */
  const char *public_body, *internal_body;
  int group;               /* the owning product group, or -1 */
  int owner;               /* the owning editor: U_REDACTIE or U_KENNIS */
  int review_in_days;      /* its review date from today; below 0: overdue */
  const char *related[4];  /* titles of the articles it links to, NULL-terminated */
} ArticleDef;

/* A search desks made, as the editors' figures count it (the query normalised). */
typedef struct { const char *query; int searches, zero_hits, last_hits; } SearchStatDef;

extern const ArticleDef    loket_demo_articles[];
extern const guint         loket_demo_n_articles;
/* Groups of words that mean the same to a searcher, NULL-terminated. */
extern const char *const   loket_demo_synonyms[][5];
extern const guint         loket_demo_n_synonyms;
extern const SearchStatDef loket_demo_search_stats[];
extern const guint         loket_demo_n_search_stats;

G_END_DECLS
