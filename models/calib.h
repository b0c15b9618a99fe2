/* models/calib.h: the description of a calibration (ODD section 8;
 * docs/calibration.md), as plain data like bilim_scenario: the base
 * scenario, the observed survey counts (the targets), the survey design,
 * the free parameters with their priors, parameters tied to a free one by a
 * fixed offset, and the ABC-SMC settings. The loader (formats/calib_load.h)
 * builds one from a file; tests build them by hand. Fitting it is
 * analysis/calibrate.h.
 *
 * Also here: what the loader checks a description with (the survey's fit
 * in the sampled population, bilim_calib_problem_init). */
#ifndef BILIM_CALIB_H
#define BILIM_CALIB_H

#include <stdint.h>
#include "base/error.h"
#include "models/abc_settings.h"
#include "models/observe.h"
#include "models/params.h"
#include "models/patterns.h"
#include "models/prior.h"
#include "models/scenario.h"

#define BILIM_CALIB_MAX_PARAMS 32
/* Target sets per calibration, and the targets one set can hold: a survey
 * of principals has the three readiness bands and the five barriers; a
 * survey of teachers one count (its first slot). */
#define BILIM_CALIB_MAX_SETS 4
#define BILIM_CALIB_SET_TARGETS (BILIM_N_BANDS + BILIM_N_BARRIERS)
/* The summary of one simulation: set s's targets in slots
 * s * BILIM_CALIB_SET_TARGETS ..; slots of absent sets stay 0. */
#define BILIM_CALIB_N_TARGETS (BILIM_CALIB_MAX_SETS * BILIM_CALIB_SET_TARGETS)
/* The longest history before month 0 (months). */
#define BILIM_CALIB_MAX_HISTORY BILIM_MAX_HISTORY

/* What a calibration reports as its single best parameter vector. */
typedef enum bilim_calib_point {
    BILIM_CALIB_POINT_MEAN = 0,      /* weighted posterior mean */
    BILIM_CALIB_POINT_MEDIAN = 1     /* weighted posterior median, per parameter */
} bilim_calib_point;

/* Slot t < BILIM_N_BANDS of a principals' set is readiness band t; the
 * others are barrier t - BILIM_N_BANDS. Names follow the targets file:
 * "readiness_bands.low", ..., "barriers.weak_material_base", ... (t is
 * taken modulo BILIM_CALIB_SET_TARGETS). */
const char *bilim_calib_target_name(int t);

/* Who a target set asked. */
typedef enum bilim_calib_asked {
    BILIM_CALIB_PRINCIPALS = 0,  /* readiness bands and barriers (ODD 7.5) */
    BILIM_CALIB_TEACHERS = 1     /* one yes/no item, two-stage sample */
} bilim_calib_asked;

/* One target set: a survey at one date with its own observation model. */
typedef struct bilim_calib_set {
    char id[BILIM_NAME_MAX];     /* labels its targets ("survey_2026") */
    int32_t month;               /* month of observation from the base scenario's month 0;
                                  * < 0: before it (a history period) */
    bilim_calib_asked asked;
    /* principals: n drawn without replacement, round(n rural_share) rural */
    int32_t n;
    double rural_share;
    /* teachers: `schools` schools drawn without replacement, then up to
     * per_school teachers in each; the count of yes answers out of the
     * teachers asked, whose variance is design_effect times a binomial's */
    int32_t schools, per_school;
    double design_effect;        /* >= 1; for principals 1 */
    bilim_teacher_item item;
} bilim_calib_set;

/* The slot of target k of set s in the summary. */
static inline int bilim_calib_slot(int s, int k)
{
    return s * BILIM_CALIB_SET_TARGETS + k;
}

/* Respondents of set s: n principals, or schools x per_school teachers
 * (an upper bound when schools have fewer teachers). */
int32_t bilim_calib_set_respondents(const bilim_calib_set *set);

/* The targets a set of this kind holds (8 for principals, 1 for teachers). */
int bilim_calib_set_targets(const bilim_calib_set *set);

/* A parameter that is not free but follows a free one:
 * value = free value + offset (e.g. the rural mean = urban mean - 0.05). */
typedef struct bilim_calib_tie {
    const bilim_param_info *param;
    int follows;                 /* index into the free parameters */
    double offset;
} bilim_calib_tie;

typedef struct bilim_calibration {
    char name[BILIM_NAME_MAX];             /* for labels: the file's stem */
    bilim_scenario base;                   /* the base scenario, resolved */
    /* observation: the target sets and their counts, by summary slot */
    int n_sets;
    bilim_calib_set sets[BILIM_CALIB_MAX_SETS];
    int present[BILIM_CALIB_N_TARGETS];    /* 1 when the target is observed */
    int32_t observed[BILIM_CALIB_N_TARGETS];
    /* parameters */
    int n_free;
    const bilim_param_info *free[BILIM_CALIB_MAX_PARAMS];
    bilim_prior prior[BILIM_CALIB_MAX_PARAMS];
    int n_ties;
    bilim_calib_tie ties[BILIM_CALIB_MAX_PARAMS];
    /* method */
    bilim_abc_settings abc;                /* threads, progress and cancel unset */
    int32_t schools_per_simulation;        /* 0: the whole population */
    int32_t predictive_draws;              /* posterior predictive surveys per particle */
    bilim_calib_point point;               /* what --write-params writes */
    /* pattern checks (models/patterns.h): evaluated on every particle of
     * the final generation, not fitted */
    int n_patterns;
    bilim_pattern patterns[BILIM_MAX_PATTERNS];
} bilim_calibration;

/* Defaults: no parameters, one principals' set at month 0, n 116, rural
 * share of the base population, no targets, ABC defaults (bilim_abc_settings_defaults),
 * schools_per_simulation 0, predictive_draws 1, posterior mean. base is
 * bilim_scenario_defaults(). */
void bilim_calibration_defaults(bilim_calibration *c);

/* The rural share of a population's schools. */
double bilim_calib_population_rural_share(const bilim_population *pop);

/* The smallest proportional sample (bilim_population_sample) of pop, of at
 * least n schools, that holds round(n * rural_share) rural and the rest
 * urban schools; 0 when even the whole population does not. */
int32_t bilim_calib_min_schools(const bilim_population *pop, int32_t n, double rural_share);

/* The smallest proportional sample that can supply every set's survey
 * (bilim_calib_min_schools for principals, `schools` for teachers); 0 when
 * the population cannot. */
int32_t bilim_calib_default_schools(const bilim_calibration *c);

/* 1 when slot t is a target of c: its set exists, holds that slot, and
 * the target is observed. */
int bilim_calib_active(const bilim_calibration *c, int t);

/* The respondents behind slot t's count (its set's). */
int32_t bilim_calib_target_n(const bilim_calibration *c, int t);

/* The label of slot t into buf (n bytes): the target's name
 * (bilim_calib_target_name) when c has one set of principals, else
 * "<set id>:<name>" for principals and "<set id>" for a teachers' item. */
const char *bilim_calib_target_label(const bilim_calibration *c, int t, char *buf, size_t n);

/* Months of history the calibration needs: minus its earliest set's month
 * when that is before month 0, else 0. */
int32_t bilim_calib_history(const bilim_calibration *c);

/* The simulator's context: the calibration plus what is derived once. */
typedef struct bilim_calib_problem {
    const bilim_calibration *cal;
    /* The scenario every simulation starts from: the base scenario on a
     * proportional sample of schools_per_simulation schools, with what was
     * written for the whole population (budgets, cohort sizes, ...) scaled
     * as `bilim run --schools` does (bilim_scenario_sample), and with a
     * history of `history` months before month 0 when a set is observed
     * then (bilim_scenario_add_history): the simulation's month 0 is then
     * the earliest set's date. */
    bilim_scenario scenario;
    int32_t history;
    int32_t n_rural[BILIM_CALIB_MAX_SETS];    /* rural principals per survey of each set */
} bilim_calib_problem;

/* Checks the calibration and prepares the sampled scenario. Errors:
 * BILIM_EINVAL (sample too small for a set's survey, a month past the
 * horizon, a history too long, an innovation the base scenario lacks, no
 * free parameter, no target) with a message saying what to change. */
int bilim_calib_problem_init(bilim_calib_problem *p, const bilim_calibration *c,
                             bilim_error *err);

#endif
