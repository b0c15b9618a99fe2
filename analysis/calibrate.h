/* analysis/calibrate.h: fitting the model to a survey of principals
 * (ODD section 8; docs/calibration.md).
 *
 * A bilim_calibration is plain data, like bilim_scenario: the base
 * scenario, the observed survey counts, the survey design, the free
 * parameters with their priors, parameters tied to a free one by a fixed
 * offset, and the ABC-SMC settings. The loader (sim/calib_load.h) builds one
 * from a file; tests build them by hand.
 *
 * The simulator (bilim_calib_simulate) is the observation model of ODD 7.5:
 * it sets the parameter vector into a copy of the base scenario, builds the
 * model on a proportional sample of the population, runs it to the
 * observation month and draws one virtual survey exactly as the real one
 * was drawn (n principals without replacement, a fixed number of them
 * rural). Its summary is the survey's counts (BILIM_CALIB_N_TARGETS, in the
 * order of bilim_calib_target_name); its distance to the observed counts is
 * documented at bilim_calib_distance. */
#ifndef BILIM_CALIBRATE_H
#define BILIM_CALIBRATE_H

#include <stdint.h>
#include "analysis/abc.h"
#include "analysis/posterior.h"
#include "models/observe.h"
#include "models/scenario.h"
#include "sim/error.h"
#include "sim/output.h"

#define BILIM_CALIB_MAX_PARAMS 32
#define BILIM_CALIB_N_TARGETS (BILIM_N_BANDS + BILIM_N_BARRIERS)
/* Surveys simulated at the written point estimate to check it (their
 * streams: replicate BILIM_CALIB_CHECK_REPLICATE, particle 0, attempt k). */
#define BILIM_CALIB_CHECK_SURVEYS 400
#define BILIM_CALIB_CHECK_REPLICATE 0xFFFFFFFEu

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
    bilim_abc_settings abc;                /* callbacks and threads unset */
    int32_t schools_per_simulation;        /* 0: the whole population */
    int32_t predictive_draws;              /* posterior predictive surveys per particle */
    bilim_point_estimate point;            /* what --write-params writes */
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

/* Distance between simulated counts x and observed counts y over the
 * present targets: the square root of a Neyman chi-square,
 *     sum over the bands k of (x_k - y_k)^2 / (n q_k)
 *   + sum over barriers b of (x_b - y_b)^2 / (n q_b (1 - q_b)),
 * where q are the observed proportions with half a respondent added to
 * each category (q_k = (y_k + 0.5) / (n + 1.5) for the three bands,
 * q_b = (y_b + 0.5) / (n + 1) for a barrier), so that a count of 0 still
 * has a finite scale. Each term is a Pearson statistic of one survey item. */
double bilim_calib_distance(const bilim_calibration *c, const double *x);

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

/* The ABC model view of a problem (priors, names, simulator, workspaces);
 * names[] (BILIM_CALIB_MAX_PARAMS pointers) is filled and must outlive the
 * returned struct. */
bilim_abc_model bilim_calib_abc_model(const bilim_calib_problem *p, const char **names);

/* Writes the free parameters theta (and the tied ones) into params.
 * Returns 0, or -1 when a resulting value leaves its table range or the
 * parameters break a cross-parameter rule (bilim_params_check). */
int bilim_calib_apply(const bilim_calibration *c, const double *theta, bilim_params *params);

/* One simulation (the bilim_abc_simulate_fn of the problem): counts into
 * summary[BILIM_CALIB_N_TARGETS], distance into *distance (+INFINITY when
 * bilim_calib_apply refuses theta). ws from bilim_calib_ws_alloc. */
int bilim_calib_simulate(void *problem, void *ws, const double *theta, uint64_t seed,
                         double *summary, double *distance, bilim_error *err);
void *bilim_calib_ws_alloc(void *problem);
void bilim_calib_ws_free(void *ws);

/* --- a whole calibration (analysis/calibrate_run.c) ----------------------- */

/* Everything a calibration produces. Owned by the caller: free with
 * bilim_calib_result_free. */
typedef struct bilim_calib_result {
    bilim_abc_result abc;                  /* final population and history */
    int32_t n_pred;                        /* posterior predictive surveys */
    double *pred;                          /* [n_pred][BILIM_CALIB_N_TARGETS] counts */
    double *pred_w;                        /* [n_pred] weights, sum to 1 */
    int n_fit;                             /* the present targets, in target order */
    int fit_target[BILIM_CALIB_N_TARGETS];
    double fit_mean[BILIM_CALIB_N_TARGETS];
    double fit_q05[BILIM_CALIB_N_TARGETS];
    double fit_q95[BILIM_CALIB_N_TARGETS];
    bilim_ident_row ident[BILIM_CALIB_MAX_PARAMS];
    double corr[BILIM_CALIB_MAX_PARAMS * BILIM_CALIB_MAX_PARAMS];  /* [n_free][n_free] */
    double point[BILIM_CALIB_MAX_PARAMS];  /* the point estimate (c->point) */
    /* The values --write-params writes (point estimate rounded to 4
     * significant digits) checked against the data: mean counts of
     * BILIM_CALIB_CHECK_SURVEYS surveys simulated at them, and each
     * observed count's 95% Wilson interval as counts. */
    double point_written[BILIM_CALIB_MAX_PARAMS];
    double check_mean[BILIM_CALIB_N_TARGETS];
    double wilson_lo[BILIM_CALIB_N_TARGETS], wilson_hi[BILIM_CALIB_N_TARGETS];
    int check_inside[BILIM_CALIB_N_TARGETS];
    double wall_seconds;
    int threads;
} bilim_calib_result;

/* Runs ABC-SMC on c with `threads` threads (<= 0: OpenMP's default), then
 * the posterior predictive (c->predictive_draws surveys per particle), the
 * fit table, identifiability and the point estimate. progress (may be
 * NULL) is called between batches of particles. Errors: those of
 * bilim_calib_problem_init and bilim_abc_run, BILIM_ENOMEM, BILIM_EINTR. */
int bilim_calib_run(const bilim_calibration *c, int threads,
                    void (*progress)(void *arg, const bilim_abc_progress *p), void *arg,
                    bilim_calib_result *out, bilim_error *err);
void bilim_calib_result_free(bilim_calib_result *r);

/* Writes the group /calibration of an output file (docs/calibration.md):
 * posterior/samples, posterior/weights, posterior/distances,
 * posterior/predictive, posterior/point_estimate, fit, identifiability,
 * history, and attributes (the calibration file, base scenario and targets
 * verbatim, seed, method settings, stop reason). Texts may be NULL. */
int bilim_calib_write(bilim_output *o, const bilim_calibration *c,
                      const bilim_calib_result *r, const char *calibration_json,
                      const char *base_json, const char *targets_json, bilim_error *err);

/* x rounded to 4 significant digits: the precision of a written point
 * estimate (its Monte Carlo error is larger). */
double bilim_calib_round(double x);

/* Writes the point estimate (free and tied parameters, rounded to 4
 * significant digits) as a parameter file {"description", "source",
 * "parameters"} (docs/scenarios.md), with every other parameter of the
 * table's "initial" group carried over from the base scenario, so the file
 * is the complete initial-state set. Written to a temporary file and
 * renamed into place. source names how it was made. Errors: BILIM_EIO. */
int bilim_calib_write_params(const char *path, const bilim_calibration *c,
                             const bilim_calib_result *r, const char *source, bilim_error *err);

#endif
