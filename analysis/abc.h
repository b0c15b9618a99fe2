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
 * a comes from the base/rng.h stream (seed, replicate = t, PURPOSE_CALIBRATION,
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
#include "base/error.h"
#include "models/abc_settings.h"
#include "models/prior.h"

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
    uint64_t fingerprint;             /* identifies ctx's data (spread runs: the ranks must
                                       * agree on it); 0 when not spread */
} bilim_abc_model;

/* --- result (settings: models/abc_settings.h) ------------------------------- */

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
 * with bilim_abc_result_clear. */
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
 * BILIM_ENOMEM, BILIM_EINTR (s->cancel set: checked between simulations),
 * BILIM_EINVAL when the budget does not allow one complete generation, or
 * any code the simulator returns (its message prefixed with the particle). */
int bilim_abc_run(const bilim_abc_model *model, const bilim_abc_settings *s,
                  bilim_abc_result *out, bilim_error *err);

/* Frees the arrays of r (not r); safe on a zeroed struct. */
void bilim_abc_result_clear(bilim_abc_result *r);

/* Over MPI ranks (sim/dist.h), with s->spread: rank 0 calls bilim_abc_run,
 * every other rank bilim_abc_serve with the same model (the same
 * fingerprint) and settings. Each batch's particles are handed out to the
 * workers as they ask, with what they need from rank 0 (the generation,
 * tolerance, budget left and the previous generation's particles and
 * kernel); their results are taken in particle order and everything else
 * is decided on rank 0 as in one process, so the result is the same bits
 * for any number of ranks and threads. One rank: bilim_abc_run alone.
 * bilim_abc_serve returns once rank 0's run ends (BILIM_OK also when rank 0
 * failed: rank 0 reports that); errors: its own simulations', settings',
 * BILIM_ENOMEM, BILIM_EINVAL when called on rank 0 or without spread. */
int bilim_abc_serve(const bilim_abc_model *model, const bilim_abc_settings *s, bilim_error *err);

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
