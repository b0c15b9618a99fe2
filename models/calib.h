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
#define BILIM_CALIB_N_TARGETS (BILIM_N_BANDS + BILIM_N_BARRIERS)

/* What a calibration reports as its single best parameter vector. */
typedef enum bilim_calib_point {
    BILIM_CALIB_POINT_MEAN = 0,      /* weighted posterior mean */
    BILIM_CALIB_POINT_MEDIAN = 1     /* weighted posterior median, per parameter */
} bilim_calib_point;

/* Target t < BILIM_N_BANDS is readiness band t; the others are barrier
 * t - BILIM_N_BANDS. Names follow the targets file:
 * "readiness_bands.low", ..., "barriers.weak_material_base", ... */
const char *bilim_calib_target_name(int t);

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
    /* observation: the survey */
    int32_t month;                         /* month of observation, <= base.months */
    int32_t survey_n;                      /* principals per survey */
    double rural_share;                    /* share of them rural, in [0, 1] */
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

/* Defaults: no parameters, month 0, n 116, rural share of the base
 * population, no targets, ABC defaults (bilim_abc_settings_defaults),
 * schools_per_simulation 0, predictive_draws 1, posterior mean. base is
 * bilim_scenario_defaults(). */
void bilim_calibration_defaults(bilim_calibration *c);

/* The rural share of a population's schools. */
double bilim_calib_population_rural_share(const bilim_population *pop);

/* The smallest proportional sample (bilim_population_sample) of pop, of at
 * least n schools, that holds round(n * rural_share) rural and the rest
 * urban schools; 0 when even the whole population does not. */
int32_t bilim_calib_min_schools(const bilim_population *pop, int32_t n, double rural_share);

/* The simulator's context: the calibration plus what is derived once. */
typedef struct bilim_calib_problem {
    const bilim_calibration *cal;
    /* The scenario every simulation starts from: the base scenario on a
     * proportional sample of schools_per_simulation schools, with what was
     * written for the whole population (budgets, cohort sizes, ...) scaled
     * as `bilim run --schools` does (bilim_scenario_sample). */
    bilim_scenario scenario;
    int32_t n_rural;           /* rural principals per survey */
} bilim_calib_problem;

/* Checks the calibration and prepares the sampled scenario. Errors:
 * BILIM_EINVAL (sample too small for the survey, month past the horizon,
 * no free parameter, no target) with a message saying what to change. */
int bilim_calib_problem_init(bilim_calib_problem *p, const bilim_calibration *c,
                             bilim_error *err);

#endif
