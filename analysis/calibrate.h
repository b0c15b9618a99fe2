/* analysis/calibrate.h: fitting the model to a survey of principals
 * (ODD section 8; docs/calibration.md). What to fit, against what and how
 * is a bilim_calibration (models/calib.h).
 *
 * The simulator (bilim_calibrate_simulate) is the observation model of ODD 7.5:
 * it sets the parameter vector into a copy of the base scenario, builds the
 * model on a proportional sample of the population, runs it to the
 * observation month and draws one virtual survey exactly as the real one
 * was drawn (n principals without replacement, a fixed number of them
 * rural). Its summary is the survey's counts (BILIM_CALIB_N_TARGETS, in the
 * order of bilim_calib_target_name); its distance to the observed counts is
 * documented at bilim_calibrate_distance. */
#ifndef BILIM_CALIBRATE_H
#define BILIM_CALIBRATE_H

#include <stdint.h>
#include <stdio.h>
#include "analysis/abc.h"
#include "analysis/posterior.h"
#include "base/error.h"
#include "formats/output_write.h"
#include "models/calib.h"
#include "models/observe.h"
#include "models/scenario.h"

/* Surveys simulated at the written point estimate to check it (their
 * streams: replicate BILIM_CALIBRATE_CHECK_REPLICATE, particle 0, attempt k). */
#define BILIM_CALIBRATE_CHECK_SURVEYS 400
#define BILIM_CALIBRATE_CHECK_REPLICATE 0xFFFFFFFEu
/* The pattern check of particle i runs with the model seed
 * bilim_abc_sim_seed(seed, BILIM_CALIBRATE_PATTERN_REPLICATE, i, 0). */
#define BILIM_CALIBRATE_PATTERN_REPLICATE 0xFFFFFFFDu

/* Distance between simulated counts x and observed counts y over the
 * present targets: the square root of a Neyman chi-square,
 *     sum over the bands k of (x_k - y_k)^2 / (n q_k)
 *   + sum over barriers b of (x_b - y_b)^2 / (n q_b (1 - q_b)),
 * where q are the observed proportions with half a respondent added to
 * each category (q_k = (y_k + 0.5) / (n + 1.5) for the three bands,
 * q_b = (y_b + 0.5) / (n + 1) for a barrier), so that a count of 0 still
 * has a finite scale. Each term is a Pearson statistic of one survey item. */
double bilim_calibrate_distance(const bilim_calibration *c, const double *x);

/* The same distance between two count vectors x and y, with the scales
 * still taken from the observed counts (so it is comparable with the ABC
 * tolerance): bilim_calibrate_distance(c, x) is this with y = observed. */
double bilim_calibrate_distance_between(const bilim_calibration *c, const double *x,
                                        const double *y);

/* The ABC model view of a problem (priors, names, simulator, workspaces);
 * names[] (BILIM_CALIB_MAX_PARAMS pointers) is filled and must outlive the
 * returned struct. */
bilim_abc_model bilim_calibrate_abc_model(const bilim_calib_problem *p, const char **names);

/* Writes the free parameters theta (and the tied ones) into params.
 * Returns 0, or -1 when a resulting value leaves its table range or the
 * parameters break a cross-parameter rule (bilim_params_check). */
int bilim_calibrate_apply(const bilim_calibration *c, const double *theta, bilim_params *params);

/* One simulation (the bilim_abc_simulate_fn of the problem): counts into
 * summary[BILIM_CALIB_N_TARGETS], distance into *distance (+INFINITY when
 * bilim_calibrate_apply refuses theta). ws from bilim_calibrate_ws_alloc. */
int bilim_calibrate_simulate(void *problem, void *ws, const double *theta, uint64_t seed,
                         double *summary, double *distance, bilim_error *err);
void *bilim_calibrate_ws_alloc(void *problem);
void bilim_calibrate_ws_free(void *ws);

/* --- the set-up of an ABC run (analysis/calibrate_setup.c) --------------- */

/* Prepares c for ABC-SMC: the problem (bilim_calib_problem_init) into
 * *prob, its model view (bilim_calibrate_abc_model, names[] of
 * BILIM_CALIB_MAX_PARAMS) into *model, and c's method settings with
 * `threads` into *s. *model points into *prob and names, which must outlive
 * it. Errors: those of bilim_calib_problem_init. */
int bilim_calibrate_setup(const bilim_calibration *c, int threads, bilim_calib_problem *prob,
                          const char **names, bilim_abc_model *model, bilim_abc_settings *s,
                          bilim_error *err);

/* --- a whole calibration (analysis/calibrate_run.c) ----------------------- */

/* Everything a calibration produces. Owned by the caller: free with
 * bilim_calibrate_result_clear. */
typedef struct bilim_calibrate_result {
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
     * BILIM_CALIBRATE_CHECK_SURVEYS surveys simulated at them, and each
     * observed count's 95% Wilson interval as counts. */
    double point_written[BILIM_CALIB_MAX_PARAMS];
    double check_mean[BILIM_CALIB_N_TARGETS];
    double wilson_lo[BILIM_CALIB_N_TARGETS], wilson_hi[BILIM_CALIB_N_TARGETS];
    int check_inside[BILIM_CALIB_N_TARGETS];
    /* The data's own noise level (bilim_calibrate_noise_level) at the
     * written point estimate, from the same check surveys. */
    double noise_level;
    /* Pattern checks (c->n_patterns of them): per particle and pattern the
     * contrast (> 0: reproduced; NaN: a group was empty), and per pattern
     * the posterior weight of the particles reproducing it. */
    double *pattern_contrast;              /* [particle][pattern], NULL without patterns */
    double pattern_share[BILIM_MAX_PATTERNS];
    double wall_seconds;
    int threads;
} bilim_calibrate_result;

/* Runs ABC-SMC on c with `threads` threads (<= 0: OpenMP's default), then
 * the posterior predictive (c->predictive_draws surveys per particle), the
 * fit table, identifiability and the point estimate. progress (may be
 * NULL) is called between batches of particles; cancel (the caller's flag,
 * may be NULL) stops the run once non-zero. Under mpirun (several ranks)
 * it is rank 0's and ABC's batches are spread over the others
 * (bilim_calibrate_serve). Errors: those of bilim_calib_problem_init and
 * bilim_abc_run, BILIM_ENOMEM, BILIM_EINTR. */
int bilim_calibrate_run(const bilim_calibration *c, int threads,
                    void (*progress)(void *arg, const bilim_abc_progress *p), void *arg,
                    const atomic_int *cancel, bilim_calibrate_result *out, bilim_error *err);
void bilim_calibrate_result_clear(bilim_calibrate_result *r);

/* Under mpirun, the ranks other than 0 while rank 0 runs
 * bilim_calibrate_run on the same c: they run ABC's simulations
 * (bilim_abc_serve); the posterior predictive and the checks after it are
 * rank 0's. Errors: those of bilim_calib_problem_init and bilim_abc_serve. */
int bilim_calibrate_serve(const bilim_calibration *c, int threads, const atomic_int *cancel,
                          bilim_error *err);

/* Writes the group /calibration of an output file (docs/calibration.md):
 * posterior/samples, posterior/weights, posterior/distances,
 * posterior/predictive, posterior/point_estimate, fit, identifiability,
 * history, and attributes (the calibration file, base scenario and targets
 * verbatim, seed, method settings, stop reason). Texts may be NULL. */
int bilim_calibrate_write(bilim_output *o, const bilim_calibration *c,
                      const bilim_calibrate_result *r, const char *calibration_json,
                      const char *base_json, const char *targets_json, bilim_error *err);

/* --- pattern checks (analysis/calibrate_patterns.c) --------------------- */

/* Runs prob's scenario once per particle of a at its parameters (model seed
 * as BILIM_CALIBRATE_PATTERN_REPLICATE says) to the patterns' latest month,
 * writes each particle's contrasts into contrast[particle][pattern] and
 * each pattern's reproducing weight into share[pattern] (weights of a sum
 * to 1). Bit identical for any threads. Errors: those of
 * bilim_patterns_eval (prefixed with the particle), BILIM_ENOMEM,
 * BILIM_EINTR (cancel set). */
int bilim_calibrate_patterns(const bilim_calibration *c, const bilim_calib_problem *prob,
                             const bilim_abc_result *a, int threads, const atomic_int *cancel,
                             double *contrast, double *share, bilim_error *err);

/* --- proven recovery (analysis/calibrate_coverage.c) -------------------- */

#define BILIM_CALIBRATE_COVERAGE_GENERATIONS 32

/* How often the posterior intervals of ABC-SMC cover known parameters. */
typedef struct bilim_calibrate_coverage {
    int32_t n_sets;                          /* data sets done */
    int n_params;
    int32_t in50[BILIM_CALIB_MAX_PARAMS];    /* truth inside the central 50% interval */
    int32_t in90[BILIM_CALIB_MAX_PARAMS];    /* ... inside the central 90% interval */
    int64_t simulations;                     /* ABC model runs, all sets */
    /* Tolerance of generation g (g < BILIM_CALIBRATE_COVERAGE_GENERATIONS; generation
     * 0 has none) summed over the epsilon_sets[g] sets that reached it, and
     * the final generation's, summed over all sets: set against the data's
     * noise level, it says how much wider than the exact posterior the ABC
     * one is (docs/calibration.md, "Proven recovery"). */
    double epsilon_sum[BILIM_CALIBRATE_COVERAGE_GENERATIONS];
    int32_t epsilon_sets[BILIM_CALIBRATE_COVERAGE_GENERATIONS];
    double final_epsilon_sum;
} bilim_calibrate_coverage;

/* For n_sets synthetic data sets: draws the free parameters from c's
 * priors, simulates the survey at them (every target observed, c's survey
 * design), fits them by ABC-SMC with c's settings and counts, per free
 * parameter, the sets whose truth lies in the weighted posterior's central
 * 50% (25% to 75% quantiles) and 90% (5% to 95%) intervals. Streams derive
 * from c->abc.seed and the set's index (calibrate_coverage.c), so results
 * are bit identical for any threads. Errors: those of bilim_abc_run
 * (prefixed with the set), BILIM_EINVAL (priors the model refuses),
 * BILIM_ENOMEM. */
int bilim_calibrate_coverage_run(const bilim_calibration *c, int32_t n_sets, int threads,
                                 bilim_calibrate_coverage *out, bilim_error *err);

/* Set j alone (the one bilim_calibrate_coverage_run does j-th): adds its
 * counts to *out, which starts zeroed, so that a caller can report progress
 * or split the sets between processes (the counts of the parts add up). */
int bilim_calibrate_coverage_set(const bilim_calibration *c, int32_t j, int threads,
                                 bilim_calibrate_coverage *out, bilim_error *err);

/* --- the HTML report (analysis/calibrate_report.c) ---------------------- */

/* Writes a self-contained HTML page to f: diagnostics per generation and
 * the warnings, the fit per target (chart and table), each free
 * parameter's prior against its posterior, the most correlated pairs
 * (inline gnuplot SVG, analysis/plot.h), the identifiability table and the
 * pattern checks. source (may be NULL) names how the run was made. Write
 * errors are the stream's. Errors: BILIM_EIO (gnuplot missing or failing),
 * BILIM_ENOMEM. */
int bilim_calibrate_report(FILE *f, const bilim_calibration *c, const bilim_calibrate_result *r,
                           const char *source, bilim_error *err);

/* --- diagnostics (analysis/calibrate_diag.c) ------------------------------ */

/* The effective sample size below which a final generation is flagged: with
 * fewer effective particles the 5% and 95% posterior quantiles rest on about
 * 5 particles each and move from one seed to the next. */
#define BILIM_CALIBRATE_MIN_ESS 100.0

/* The data's own noise level: the median distance (bilim_calibrate_distance_
 * between) between two independent surveys simulated at the same parameter
 * values, over the n / 2 disjoint pairs (0, 1), (2, 3), ... of the n surveys
 * pred[n][BILIM_CALIB_N_TARGETS]. It is the distance by which the observed
 * survey would miss a simulation even at the true parameters, so a final
 * tolerance above it means ABC still accepts values that fit worse than
 * sampling explains. NaN when n < 2 or out of memory. */
double bilim_calibrate_noise_level(const bilim_calibration *c, const double *pred, int32_t n);

/* What a reader must be warned about: the final tolerance above the noise
 * level, the final generation's ESS below BILIM_CALIBRATE_MIN_ESS, each with
 * what to change. Writes the warnings, one per line, into buf (n bytes, ""
 * when none; truncated to fit) and returns how many there are. */
int bilim_calibrate_warnings(const bilim_calibrate_result *r, char *buf, size_t n);

/* The dynamic parameters (groups principal, teacher, turnover, diffusion
 * and resources of the parameter table: ODD 7.1 to 7.3) that carry an
 * uncertainty prior (models/param_priors.h, not "fixed"): what the data
 * say about each. A free one has its posterior-to-prior sd ratio and the
 * verdict "identified" (< 0.5), "weakly identified" (< 0.9) or "prior
 * only"; one that is not free keeps its prior: ratio 1, "prior only (not
 * calibrated)". */
typedef struct bilim_calibrate_dynamic_row {
    const char *name, *group;
    int free;                    /* index into c->free, or -1 */
    double sd_ratio;
    const char *verdict;
} bilim_calibrate_dynamic_row;

#define BILIM_CALIBRATE_MAX_DYNAMIC 128

/* Fills rows (at most BILIM_CALIBRATE_MAX_DYNAMIC) in table order and
 * returns how many there are. r may be NULL (before a run: every free one
 * with ratio NaN). */
int bilim_calibrate_dynamic(const bilim_calibration *c, const bilim_calibrate_result *r,
                            bilim_calibrate_dynamic_row *rows);

/* x rounded to 4 significant digits: the precision of a written point
 * estimate (its Monte Carlo error is larger). */
double bilim_calibrate_round(double x);

/* Writes the point estimate (free and tied parameters, rounded to 4
 * significant digits) as a parameter file {"description", "source",
 * "parameters"} (docs/scenarios.md), with every other parameter of the
 * table's "initial" group carried over from the base scenario, so the file
 * is the complete initial-state set, to f (an output set's stream,
 * base/outset.h: the set's commit reports write errors). source names how
 * it was made. */
void bilim_calibrate_write_params(FILE *f, const bilim_calibration *c,
                                  const bilim_calibrate_result *r, const char *source);

/* Writes the final generation of the ABC-SMC (every particle's free
 * parameters and its weight, and the ties) as a posterior sample file
 * (formats/uncertainty.h; docs/compare.md), which `bilim compare --draws`
 * draws whole particles from. Values are written with the fewest digits
 * that read back to the same double (write errors: the stream's). */
void bilim_calibrate_write_posterior(FILE *f, const bilim_calibration *c,
                                     const bilim_calibrate_result *r, const char *source);

#endif
