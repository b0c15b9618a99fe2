/* models/scenario.h: a resolved scenario, as the model sees it.
 *
 * Plain data with fixed-size arrays: no pointers, no JSON, freely copyable
 * (ownership is trivial: whoever holds the struct owns everything in it). The
 * scenario loader (formats/scenario_load.c) is the only code that builds one from
 * a file; tests build them by hand starting from bilim_scenario_defaults().
 *
 * Conventions: months are whole steps counted from month 0 (the scenario's
 * start); KZT are nominal tenge; shares are in [0, 1]. */
#ifndef BILIM_SCENARIO_H
#define BILIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "models/params.h"

#define BILIM_NAME_MAX 64
#define BILIM_MAX_REGIONS 64
#define BILIM_MAX_INNOVATIONS 16
#define BILIM_MAX_INTERVENTIONS 32
#define BILIM_MAX_SURVEY_MONTHS 16
#define BILIM_MAX_MONTHS 1200
#define BILIM_YEAR_MIN 1900     /* years of "YYYY-MM" dates */
#define BILIM_YEAR_MAX 2200
#define BILIM_MAX_HISTORY 240  /* months of a history before month 0 */
#define BILIM_MAX_GROUPS 16     /* named target groups ("the same schools") */
#define BILIM_TITLE_CHARS 120   /* characters (code points) of a scenario's title */
#define BILIM_TITLE_MAX 484     /* bytes: BILIM_TITLE_CHARS UTF-8 characters and the NUL */

typedef enum bilim_locality { BILIM_URBAN = 0, BILIM_RURAL = 1, BILIM_N_LOCALITIES = 2 } bilim_locality;

typedef enum bilim_band {
    BILIM_BAND_LOW = 0, BILIM_BAND_INTERMEDIATE = 1, BILIM_BAND_HIGH = 2, BILIM_N_BANDS = 3
} bilim_band;

/* The survey's barrier items, in the survey's order (data/survey-2026-principals.json). */
typedef enum bilim_barrier {
    BILIM_BARRIER_KNOWLEDGE = 0,    /* lack_of_practical_knowledge:        K < threshold */
    BILIM_BARRIER_MOTIVATION = 1,   /* low_staff_motivation:     mean teacher m < threshold */
    BILIM_BARRIER_MATERIAL = 2,     /* weak_material_base:                 R < threshold */
    BILIM_BARRIER_ORGANIZING = 3,   /* difficulty_organizing_teaching_staff: S < threshold */
    BILIM_BARRIER_MANAGERIAL = 4,   /* insufficient_managerial_skills:     S < threshold */
    BILIM_N_BARRIERS = 5
} bilim_barrier;

/* Means recorded by the observation, in this order. */
typedef enum bilim_state_var {
    BILIM_VAR_K = 0, BILIM_VAR_S = 1, BILIM_VAR_O = 2,
    BILIM_VAR_k = 3, BILIM_VAR_m = 4, BILIM_VAR_R = 5, BILIM_N_STATE_VARS = 6
} bilim_state_var;

/* --- population ------------------------------------------------------------ */

/* One region as whole school counts. Small-class schools are rural
 * (small_class <= rural); rural - small_class are rural regular schools. */
typedef struct bilim_region {
    char name[BILIM_NAME_MAX];
    int32_t urban;        /* urban schools */
    int32_t rural;        /* rural schools, small-class ones included */
    int32_t small_class;  /* rural small-class schools */
} bilim_region;

/* School size classes for teacher counts. */
typedef enum bilim_size_class {
    BILIM_CLASS_URBAN = 0, BILIM_CLASS_RURAL_REGULAR = 1, BILIM_CLASS_SMALL = 2, BILIM_N_CLASSES = 3
} bilim_size_class;

typedef struct bilim_population {
    char preset[BILIM_NAME_MAX];       /* "kz-national", or "" when explicit */
    int32_t n_regions;
    bilim_region regions[BILIM_MAX_REGIONS];
    /* Teachers per school: lognormal with this mean and log-sd, at least
     * teachers_min, per size class (data/kz-schools.json). */
    double teachers_mean[BILIM_N_CLASSES];
    double teachers_sigma[BILIM_N_CLASSES];
    int32_t teachers_min;
} bilim_population;

/* --- innovations ----------------------------------------------------------- */

typedef struct bilim_innovation {
    char name[BILIM_NAME_MAX];
    double complexity;       /* c_j in [0, 1]: knowledge the gate asks for */
    double resource_need;    /* r_j in [0, 1]: resources the gate asks for */
    double p;                /* Bass external rate, 1/month */
    double q;                /* Bass imitation rate, 1/month */
    double initial_trial;    /* share of teachers in trial at month 0 */
    double initial_routine;  /* share of teachers in routine use at month 0 */
} bilim_innovation;

/* --- interventions (ODD 7.4) ----------------------------------------------- */

typedef enum bilim_iv_type {
    BILIM_IV_LEADERSHIP_TRAINING = 0,
    BILIM_IV_TEACHER_INCENTIVES = 1,
    BILIM_IV_RESOURCE_FUNDING = 2,
    BILIM_IV_UNIVERSITY_PARTNERSHIP = 3,
    BILIM_IV_INNOVATION_HUB = 4,
    BILIM_IV_PROFESSIONAL_DEVELOPMENT = 5,
    BILIM_IV_TEACHER_PIPELINE = 6,
    BILIM_IV_TEACHER_SALARY = 7,
    BILIM_IV_PRACTICUM = 8,
    BILIM_N_IV_TYPES = 9
} bilim_iv_type;

/* Order in which eligible schools are taken (until count, capacity or budget
 * runs out). */
typedef enum bilim_order {
    BILIM_ORDER_RANDOM = 0,     /* a random permutation (stream TARGET, per intervention) */
    BILIM_ORDER_NEED = 1,       /* lowest value of the need measure first */
    BILIM_ORDER_STRONGEST = 2,  /* highest value of the need measure first (e.g. hubs) */
    BILIM_ORDER_RURAL_FIRST = 3 /* rural schools first, each group by need */
} bilim_order;

/* The measure that NEED / STRONGEST / RURAL_FIRST order by. */
typedef enum bilim_need {
    BILIM_NEED_RESOURCES = 0,   /* R */
    BILIM_NEED_READINESS = 1,   /* principal's rho */
    BILIM_NEED_KNOWLEDGE = 2,   /* school's mean teacher k */
    BILIM_NEED_MOTIVATION = 3,  /* school's mean teacher m */
    BILIM_N_NEEDS = 4
} bilim_need;

/* Which schools an intervention may reach. All filters must hold (AND);
 * the defaults (bilim_target_all) select every school. Filters are
 * evaluated on the state at the intervention's start month. */
typedef struct bilim_target {
    int32_t locality;          /* -1 any, else bilim_locality */
    uint64_t region_mask;      /* 0 = any region; bit r = region index r */
    int32_t small_class;       /* -1 any, 0 regular schools only, 1 small-class only */
    int32_t band;              /* -1 any, else bilim_band of the principal */
    double resources_below;    /* R < this; > 1 means no filter */
    double fraction;           /* random share of eligible schools kept, (0, 1] */
    bilim_order order;
    bilim_need need;
    int32_t max_schools;       /* 0 = no cap */
    int32_t group;             /* 0: its own selection; g > 0: member of sc->groups[g - 1],
                                * whose target this copies and whose school list every
                                * member shares (ODD 7.4, "Named groups") */
} bilim_target;

typedef enum bilim_allocation {
    BILIM_ALLOC_EQUAL = 0,        /* each funded school gets unit_cost_kzt */
    BILIM_ALLOC_PER_TEACHER = 1,  /* each funded school gets unit_cost_kzt per teacher */
    BILIM_ALLOC_NEED = 2,         /* equal grants, lowest R first */
    BILIM_ALLOC_RURAL_FIRST = 3,  /* equal grants, rural schools first, then by need */
    BILIM_ALLOC_PER_CAPITA = 4    /* recurrent: unit_cost_kzt per teacher every month (a formula) */
} bilim_allocation;

typedef struct bilim_intervention {
    bilim_iv_type type;
    char name[BILIM_NAME_MAX];
    int32_t start_month;       /* first month it acts, 0-based */
    int32_t duration_months;   /* months it enrols/pays; >= 1 */
    bilim_target target;
    double intensity;          /* effect multiplier in [0, 1] (fidelity); does not change cost */
    double unit_cost_kzt;      /* cost of one unit; the unit is per type (docs/scenarios.md) */
    double budget_kzt;         /* cap on total spending; 0 = no cap */
    int32_t business_as_usual; /* 1: runs before month 0 too, through a history (starts at 0) */
    union {
        struct {               /* unit: one principal enrolled */
            int32_t program_months;     /* months each principal is trained */
            int32_t cohort_size;        /* principals per cohort (capacity) */
            int32_t cohort_interval;    /* months between cohort starts */
            double completion_prob;     /* share who complete; others leave halfway */
            int32_t cohort_calendar_month; /* 1-12: cohorts start in this calendar month; 0: at start_month */
            int32_t modules;            /* program_months split into this many modules */
            int32_t project_months;     /* months of school project after each module but the last */
            int32_t refresher_after;    /* months after completion of a refresher module; 0 = none */
        } leadership;
        struct {               /* unit: one teacher paid for one month */
            double share_of_salary;     /* B_t paid as a share of salary_kzt */
            int32_t conditional;        /* 1 = paid only to teachers in routine use */
            int32_t retarget_months;    /* > 0: adaptive, the target order is redrawn this often */
        } incentives;
        struct {               /* unit: one school's grant (or per teacher) */
            bilim_allocation allocation;
            double equalising;          /* per_capita: weight of the resource gap in the formula */
        } funding;
        struct {               /* unit: one school partnered for one month */
            int32_t universities;       /* partner universities */
            int32_t capacity;           /* schools each university supports */
            double quality;             /* Q_u in [0, 1] */
            double language_factor;     /* scales Q_u (seed 000: language barrier), (0, 1] */
        } partnership;
        struct {               /* unit: one hub school for one month */
            int32_t hubs;               /* hub schools (taken in target order) */
            int32_t partners;           /* schools of its cluster each hub serves besides itself */
            double partner_cost_kzt;    /* receiving schools' time, KZT per partner school-month */
        } hub;
        struct {               /* unit: one teacher enrolled */
            int32_t program_months;     /* months each cohort is trained */
            int32_t cohort_size;        /* teachers per cohort (capacity), 0 = no cap */
            int32_t cohort_interval;    /* months between cohort starts */
            int32_t plc;                /* 1 = school runs a learning community (W_s) */
            int32_t plc_months;         /* months W_s lasts after the programme */
            int32_t cohort_calendar_month; /* 1-12: cohorts start in this calendar month; 0: at start_month */
        } pd;
        struct {               /* unit: one new teacher hired through the pipeline */
            double k_boost;             /* added to grad_k_mean for hires in target schools */
            double m_boost;             /* added to a hire's mean m (M_s + grad_m_shift) */
        } pipeline;
        struct {               /* unit: one teacher paid the raise for one month */
            double salary_rise;         /* permanent change of the salary, share of salary_kzt */
        } salary;
        struct {               /* unit: one university student placed in a school for a term */
            int32_t students;           /* students per school and placement */
            int32_t term_months;        /* months a placement lasts */
            int32_t cohort_interval;    /* months between placement rounds */
            int32_t cohort_calendar_month; /* 1-12: rounds start in this calendar month; 0: at start_month */
        } practicum;
    } u;
} bilim_intervention;

/* --- outputs and the whole scenario ---------------------------------------- */

typedef struct bilim_outputs {
    int32_t by_locality;       /* record urban/rural series (default 1) */
    int32_t by_region;         /* record per-region series (default 0) */
    int32_t n_survey_months;
    int32_t survey_months[BILIM_MAX_SURVEY_MONTHS];
    int32_t survey_n;          /* principals per virtual survey (default 116) */
    double survey_rural_share; /* < 0: the population's share */
} bilim_outputs;

/* A named target group: one selection of schools shared by several
 * interventions ("the same schools"). */
typedef struct bilim_group {
    char name[BILIM_NAME_MAX];
    bilim_target target;       /* its group field is 0 */
} bilim_group;

/* A package's declared total budget: the validator checks that the budget
 * caps of its parts add up to it (docs/scenarios.md, "Packages"). */
typedef struct bilim_package {
    double budget_kzt;         /* 0: no package declared */
    uint32_t parts;            /* bit i: interventions[i] is a part */
} bilim_package;

typedef struct bilim_scenario {
    char name[BILIM_NAME_MAX];     /* identifier: files, HDF5 groups, code */
    char title[BILIM_TITLE_MAX];   /* human name, UTF-8, any language; "" = none (use name) */
    int32_t start_year;            /* calendar date of month 0: year ... */
    int32_t start_calendar_month;  /* ... and month 1-12 (default 2026-09, ODD 2) */
    int32_t history_from;          /* start of a history run before month 0, as year * 12 +
                                    * month - 1; 0 = none (ODD 2, docs/calibration.md) */
    uint64_t seed;
    int32_t replicates;
    int32_t months;            /* horizon: months 0..months are observed */
    bilim_population population;
    int32_t n_innovations;
    bilim_innovation innovations[BILIM_MAX_INNOVATIONS];
    bilim_params params;
    int32_t n_groups;
    bilim_group groups[BILIM_MAX_GROUPS];
    int32_t n_interventions;
    bilim_intervention interventions[BILIM_MAX_INTERVENTIONS];
    bilim_package package;
    bilim_outputs outputs;
} bilim_scenario;

/* Fills sc with the defaults documented in docs/scenarios.md: name "unnamed",
 * seed 1, 10 replicates, 60 months, the kz-national preset, one innovation
 * ("project_based_learning", c 0.5, r 0.4, default p and q), default
 * parameters, no interventions, by-locality outputs, one survey at month 0. */
void bilim_scenario_defaults(bilim_scenario *sc);

/* The calendar month (1-12) of model month t: month 0 is
 * sc->start_calendar_month. */
int32_t bilim_scenario_calendar_month(const bilim_scenario *sc, int32_t t);

/* The model month of calendar date year-month (1-12) given month 0's date:
 * (year - start_year) * 12 + (month - start_calendar_month); may be
 * negative (before month 0). */
int32_t bilim_scenario_month_of(const bilim_scenario *sc, int32_t year, int32_t month);

/* Reads "YYYY-MM" (exactly len == 7 characters, a year from BILIM_YEAR_MIN
 * to BILIM_YEAR_MAX, a month 01-12) into year and month. Returns 1, or 0
 * when t is not such a date (year and month unchanged). */
int bilim_scenario_parse_date(const char *t, size_t len, int32_t *year, int32_t *month);

/* The months of sc's history: from its history_from to its start date
 * (0 without a history; negative when history_from is after the start). */
int32_t bilim_scenario_history_months(const bilim_scenario *sc);

/* Prepends a history of h months (h >= 0) to sc: month 0 moves h months
 * earlier (start date and horizon), so the old month t is the new t + h.
 * Business-as-usual interventions (business_as_usual, starting at month 0)
 * start at the new month 0 and run h months longer, through the history;
 * the others keep their calendar start (start_month + h); survey months
 * move with the calendar. A scenario run with history_from treats its
 * interventions the same way (bilim_model_alloc). Returns 0, or -1 when the horizon would pass
 * BILIM_MAX_MONTHS (sc unchanged). */
int bilim_scenario_add_history(bilim_scenario *sc, int32_t h);

/* A target that selects every school in random order. */
bilim_target bilim_target_all(void);

/* Fills iv with the defaults for its type (docs/scenarios.md). */
void bilim_intervention_defaults(bilim_intervention *iv, bilim_iv_type type);

/* Names used in files and output labels ("leadership_training", "low", ...). */
const char *bilim_iv_type_name(bilim_iv_type t);
const char *bilim_band_name(bilim_band b);
const char *bilim_barrier_name(bilim_barrier b);
const char *bilim_state_var_name(bilim_state_var v);
const char *bilim_locality_name(bilim_locality l);

/* Sets the horizon and drops the survey months past it (a --months override
 * shorter than the scenario's surveys). Returns how many surveys it dropped. */
int32_t bilim_scenario_set_months(bilim_scenario *sc, int32_t months);

/* Run settings changed after loading: the command line's --replicates,
 * --seed, --months and --schools, the C API's overrides of the same names. */
typedef struct bilim_scenario_settings {
    int has_replicates, has_seed, has_months, has_schools;
    int32_t replicates, months, schools;
    uint64_t seed;
} bilim_scenario_settings;

/* Applies s to sc in that order: replicates, seed, months
 * (bilim_scenario_set_months; *dropped receives the surveys dropped, may
 * be NULL), schools (bilim_scenario_sample). Errors: BILIM_EUSAGE (a horizon
 * that ends before an intervention starts; a sample size out of range). */
int bilim_scenario_apply_settings(bilim_scenario *sc, const bilim_scenario_settings *s,
                                  int32_t *dropped, bilim_error *err);

/* The settings as the command-line options that give them, in that order:
 * "--replicates 2 --seed 7 --months 24 --schools 300" ("" for none), into
 * buf of size n (result files record it as the run's "overrides"). */
void bilim_scenario_settings_describe(const bilim_scenario_settings *s, char *buf, size_t n);

/* Totals over regions. */
int32_t bilim_population_schools(const bilim_population *pop);

/* A proportional sample of n schools of pop: each (region, urban / rural
 * regular / small-class) cell keeps its share by largest remainder, so the
 * sample has the population's regional and locality shares as closely as n
 * allows. Teachers-per-school settings are kept. Deterministic. Errors:
 * BILIM_EUSAGE when n < 1 or n exceeds the population. */
int bilim_population_sample(const bilim_population *pop, int32_t n,
                            bilim_population *out, bilim_error *err);

/* Runs sc on a proportional sample of n schools (bilim_population_sample)
 * and scales what was written for the whole population by f = n / schools,
 * so every programme reaches the same share of schools as it would
 * nationally: budget_kzt, leadership and PD cohort sizes, hub counts,
 * partner universities and target.max_schools (each rounded, at least 1
 * where it was positive; named groups' max_schools too; the package's
 * budget_kzt scales like the parts') and the parameter scale_ref (at least 1); survey_n
 * is capped at n. Per-school quantities
 * (unit costs, grants, shares of salary, university capacity) are kept.
 * Errors: as bilim_population_sample. */
int bilim_scenario_sample(bilim_scenario *sc, int32_t n, bilim_error *err);

#endif
