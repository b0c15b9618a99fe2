/* analysis/abc.h: approximate Bayesian computation by sequential Monte Carlo.
 *
 * The method is ABC-SMC (Toni et al. 2009, J. R. Soc. Interface 6) with the
 * adaptive tolerances and importance weights of Beaumont et al. (2009,
 * Biometrika 96): generation 0 samples the prior; generation t >= 1 proposes
 * by resampling generation t - 1 by weight and perturbing with a kernel of
 * twice its weighted covariance (or per-parameter variance), accepts when
 * the simulated data lie within epsilon_t of the observed data, where
 * epsilon_t is a weighted quantile of generation t - 1's distances, and
 * weights each accepted particle by prior / (mixture of kernels). It knows
 * nothing about bilim's model: the caller gives a prior per parameter and a
 * simulator that returns a summary vector and its distance to the data.
 *
 * Reproducibility: every random draw of particle i in generation t, attempt
 * a comes from the sim/rng.h stream (seed, replicate = t, PURPOSE_CALIBRATION,
 * entity = i, step = a); the simulator receives a 64-bit seed from the same
 * stream. No state is shared between particles, sums run in particle order,
 * and stopping decisions are taken at fixed batch boundaries on counts that
 * do not depend on timing, so results are bit identical for any number of
 * threads.
 *
 * Thread safety: bilim_abc_run parallelises over particles with OpenMP; the
 * simulator is called concurrently from several threads, each with its own
 * workspace (ws_alloc). The prior functions are pure. */
#ifndef BILIM_ABC_H
#define BILIM_ABC_H

#include <stddef.h>
#include <stdint.h>
#include "sim/error.h"

/* --- priors ---------------------------------------------------------------- */

typedef enum bilim_prior_kind {
    BILIM_PRIOR_UNIFORM = 0,    /* flat on [lower, upper] (both finite) */
    BILIM_PRIOR_BETA = 1,       /* Beta(p1 = alpha, p2 = beta) on [0, 1] */
    BILIM_PRIOR_NORMAL = 2,     /* Normal(p1 = mean, p2 = sd) */
    BILIM_PRIOR_LOGNORMAL = 3,  /* log X ~ Normal(p1 = meanlog, p2 = sdlog) */
    BILIM_N_PRIOR_KINDS = 4
} bilim_prior_kind;

/* A prior truncated to [lower, upper] (which may be infinite where the
 * distribution allows). The density is renormalised to the bounds. */
typedef struct bilim_prior {
    bilim_prior_kind kind;
    double p1, p2;
    double lower, upper;
} bilim_prior;

/* "uniform", "beta", "normal", "lognormal"; NULL for an unknown kind. */
const char *bilim_prior_kind_name(bilim_prior_kind k);

/* Checks the prior's numbers: finite positive shape and scale, lower <
 * upper, bounds inside the distribution's support, at least 1e-9 of its
 * mass within them. Returns 0, or non-zero with a message in msg (size n). */
int bilim_prior_check(const bilim_prior *p, char *msg, size_t n);

/* Log density of the truncated prior at x: -INFINITY outside [lower, upper]. */
double bilim_prior_logpdf(const bilim_prior *p, double x);

/* Quantile of the truncated prior: u in (0, 1) to x in [lower, upper]
 * (inverse-CDF sampling). */
double bilim_prior_quantile(const bilim_prior *p, double u);

/* Mean and standard deviation of the truncated prior, in closed form
 * (truncated normal formulas; incomplete beta and lognormal integrals). */
void bilim_prior_moments(const bilim_prior *p, double *mean, double *sd);

/* --- the problem -------------------------------------------------------------- */

/* Runs the model once at theta (n_params values, inside the priors' bounds)
 * with random seed `seed`, writes n_summary numbers into summary and the
 * distance to the observed data into *distance (+INFINITY rejects the
 * proposal, e.g. a combination of parameters the model forbids). ws is this
 * thread's workspace (NULL when ws_alloc is NULL). Returns BILIM_OK or an
 * error code (the run stops with that error). Called from several threads
 * at once. */
typedef int (*bilim_abc_simulate_fn)(void *ctx, void *ws, const double *theta,
                                     uint64_t seed, double *summary,
                                     double *distance, bilim_error *err);

typedef struct bilim_abc_model {
    int n_params;
    const bilim_prior *priors;        /* n_params */
    const char *const *names;         /* n_params, for messages (may be NULL) */
    int n_summary;                    /* numbers per simulation (>= 0) */
    bilim_abc_simulate_fn simulate;
    void *(*ws_alloc)(void *ctx);     /* per-thread workspace; NULL return = out of memory */
    void (*ws_free)(void *ws);
    void *ctx;
} bilim_abc_model;

/* --- settings and result ----------------------------------------------------- */

typedef enum bilim_abc_kernel {
    BILIM_KERNEL_MVN = 0,        /* multivariate normal, 2 x weighted covariance;
                                    proposals outside the priors' bounds are redrawn */
    BILIM_KERNEL_NORMAL = 1,     /* independent normals, 2 x weighted variance each;
                                    proposals outside the bounds are redrawn */
    BILIM_KERNEL_TRUNCATED = 2,  /* independent normals, 2 x weighted variance,
                                    truncated to the priors' bounds */
    BILIM_N_KERNELS = 3
} bilim_abc_kernel;

/* "multivariate_normal", "normal", "truncated_normal"; NULL if unknown. */
const char *bilim_abc_kernel_name(bilim_abc_kernel k);

typedef struct bilim_abc_progress {
    int32_t generation;
    int32_t max_generations;
    int32_t accepted;          /* particles accepted so far in this generation */
    int32_t particles;
    int64_t simulations;       /* in this generation so far */
    int64_t total_simulations; /* since the start */
    double epsilon;            /* this generation's tolerance (INFINITY for 0) */
} bilim_abc_progress;

typedef struct bilim_abc_settings {
    int32_t particles;          /* N, >= 2 */
    int32_t max_generations;    /* >= 1, generation 0 (the prior) included */
    double quantile;            /* alpha in (0, 1): epsilon_t = alpha-quantile of t-1 */
    double min_epsilon;         /* stop once epsilon_t <= this (>= 0) */
    double min_acceptance;      /* stop after a generation accepting fewer than this share of its simulations */
    int64_t max_simulations;    /* budget; a generation that would exceed it is discarded */
    bilim_abc_kernel kernel;
    uint64_t seed;
    int threads;                /* <= 0: OpenMP's default */
    /* Called on the calling thread between batches (may be NULL). */
    void (*progress)(void *arg, const bilim_abc_progress *p);
    void *progress_arg;
} bilim_abc_settings;

/* Defaults: 1000 particles, 10 generations, quantile 0.5, min_epsilon 0,
 * min_acceptance 0.01, 2,000,000 simulations, multivariate normal kernel,
 * seed 1, threads 0, no progress. */
void bilim_abc_settings_defaults(bilim_abc_settings *s);

typedef enum bilim_abc_stop {
    BILIM_ABC_STOP_MAX_GENERATIONS = 0,
    BILIM_ABC_STOP_MIN_EPSILON = 1,
    BILIM_ABC_STOP_MIN_ACCEPTANCE = 2,
    BILIM_ABC_STOP_BUDGET = 3,         /* the next generation would exceed max_simulations */
    BILIM_ABC_STOP_EPSILON_STALLED = 4 /* no distance below the current tolerance */
} bilim_abc_stop;

/* One line per reason, for summaries and the output file. */
const char *bilim_abc_stop_description(bilim_abc_stop s);

typedef struct bilim_abc_generation {
    double epsilon;            /* INFINITY for generation 0 */
    int64_t simulations;       /* model runs in this generation */
    int64_t proposals;         /* proposals drawn (runs + out-of-bounds redraws) */
    double acceptance_rate;    /* particles / simulations */
    double ess;                /* effective sample size 1 / sum(w^2) */
} bilim_abc_generation;

/* The final population and the run's history. Owned by the caller: free
 * with bilim_abc_result_free. */
typedef struct bilim_abc_result {
    int32_t n_particles;
    int n_params;
    int n_summary;
    double *theta;             /* [particle][param] */
    double *weights;           /* [particle], sum to 1 */
    double *distance;          /* [particle] */
    double *summary;           /* [particle][summary]: the accepted simulations' summaries */
    int32_t n_generations;     /* generations kept (the final one is n_generations - 1) */
    bilim_abc_generation *history;  /* [n_generations] */
    int64_t simulations;       /* all model runs, discarded generation included */
    bilim_abc_stop stop;
} bilim_abc_result;

/* Runs ABC-SMC. On success *out holds the last complete generation.
 * Errors: BILIM_EINVAL (bad settings or priors: message says which),
 * BILIM_ENOMEM, BILIM_EINTR (bilim_signal_interrupted() between batches),
 * BILIM_EINVAL when the budget does not allow one complete generation, or
 * any code the simulator returns (its message prefixed with the particle). */
int bilim_abc_run(const bilim_abc_model *model, const bilim_abc_settings *s,
                  bilim_abc_result *out, bilim_error *err);

/* Frees the arrays of r (not r); safe on a zeroed struct. */
void bilim_abc_result_free(bilim_abc_result *r);

/* --- helpers shared with the posterior summaries ---------------------------- */

/* Weighted quantile: the smallest x[i] whose cumulative weight (sorted by
 * x, weights normalised by their sum) reaches q. n >= 1, weights >= 0 with
 * a positive sum; x and w are not modified. Returns NAN when n == 0. */
double bilim_abc_weighted_quantile(const double *x, const double *w, size_t n,
                                   double q);

/* The seed handed to the simulator for (seed, generation, particle,
 * attempt): word 0 of block 0 of that stream. Exposed so that callers can
 * reproduce a single simulation. */
uint64_t bilim_abc_sim_seed(uint64_t seed, uint32_t generation, uint64_t particle,
                            uint32_t attempt);

#endif
