/* sim/design.h: a design is an explicit list of independent runs, and this
 * is the engine that runs them (issue 14; docs/compare.md, "Decisions under
 * uncertainty").
 *
 * A design holds
 *   - scenarios[0..S-1]: resolved scenarios (in a comparison scenario 0 is
 *     the baseline); their seed and replicates are not used;
 *   - factors[0..F-1]: the uncertain inputs it varies, each a model
 *     parameter or a scenario factor with its prior (models/param_priors.h);
 *   - a posterior sample (models/particles.h), optional: whole particles
 *     set the month-0 parameters;
 *   - points[0..P-1]: a value of every factor (values[p * F + f]) and the
 *     particle drawn (particle[p], -1 when there is no sample), and the
 *     model seed of the point (seeds[p]);
 *   - runs[0..n-1]: (point, scenario, replicate), point-major.
 *
 * The record of run i (bilim_design_run_one) is a pure function of the
 * design and i: the run's scenario is scenarios[run.scenario] with the
 * point's factor values and particle applied, run as replicate
 * run.replicate under the point's seed, single-threaded. So the same list
 * can be split over threads, processes or machines, in any order, and a run
 * that finished need never be rerun: bilim_design_execute skips the runs a
 * caller marks done and reports each record as it finishes (for a journal).
 * Results are bit identical for any number of threads.
 *
 * Random numbers. Within a point every scenario and replicate r share the
 * point's seed (common random numbers: replicate r of the baseline and of
 * every option start from the same population and draw the same numbers,
 * so their difference is the policy's). Different points have different
 * seeds (BILIM_DESIGN_SEED_PER_POINT, the default), so the simulation noise
 * is independent between points: means over points converge to the
 * expectation over parameters and noise, and the noise can be separated
 * from the parameters' variance by the replicates within points.
 * BILIM_DESIGN_SEED_COMMON gives every point the design's seed instead
 * (common random numbers across points: less noise in differences between
 * points, for sensitivity indices of a fixed realisation).
 *
 * Points come from bilim_design_sample (a randomly shifted Sobol' sequence
 * or a Latin hypercube, reproducible from the seed; sim/design_sample.c) or
 * from the caller (bilim_design_set_points: a Saltelli matrix, a sweep). */
#ifndef BILIM_DESIGN_H
#define BILIM_DESIGN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "models/param_priors.h"
#include "models/particles.h"
#include "models/prior.h"
#include "models/scenario.h"

#define BILIM_DESIGN_FACTOR_NAME_MAX 64
#define BILIM_DESIGN_SOURCE_MAX 512
#define BILIM_DESIGN_MAX_FACTORS 256

/* What each run records (at the horizon unless said). */
typedef enum bilim_design_output {
    BILIM_DESIGN_ROUTINE = 0,      /* share of teachers in routine use, mean over innovations */
    BILIM_DESIGN_ROUTINE_URBAN,    /* the same among urban teachers */
    BILIM_DESIGN_ROUTINE_RURAL,    /* the same among rural teachers */
    BILIM_DESIGN_TRIAL,            /* share in trial use, mean over innovations */
    BILIM_DESIGN_COST_KZT,         /* spending since month 0, all interventions */
    BILIM_DESIGN_MONTHS_TO_25,     /* first month with routine use >= 25%; NaN: not reached */
    BILIM_DESIGN_MONTHS_TO_50,     /* the same for 50% */
    BILIM_DESIGN_TEACHERS,         /* teachers simulated (turnover keeps the count) */
    BILIM_DESIGN_SCHOOLS,          /* schools simulated */
    BILIM_DESIGN_N_OUTPUTS
} bilim_design_output;

/* The result of one run: a fixed record of doubles (serialisable as is). */
typedef struct bilim_design_record {
    double v[BILIM_DESIGN_N_OUTPUTS];
} bilim_design_record;

/* "routine", "routine_urban", "routine_rural", "trial", "cost_kzt",
 * "months_to_25pct", "months_to_50pct", "teachers", "schools". */
const char *bilim_design_output_name(bilim_design_output o);

/* One uncertain input. */
typedef struct bilim_design_factor {
    char name[BILIM_DESIGN_FACTOR_NAME_MAX];
    bilim_factor_target target;
    const bilim_param_info *param;   /* the parameter, or NULL for a scenario factor */
    bilim_prior prior;               /* what bilim_design_sample draws from */
    char group[32];                  /* the parameter's table group, or "innovation" */
    char source[BILIM_DESIGN_SOURCE_MAX];
} bilim_design_factor;

/* One run of the list. */
typedef struct bilim_design_run {
    int32_t point;
    int32_t scenario;
    int32_t replicate;
} bilim_design_run;

typedef enum bilim_design_sampling {
    BILIM_SAMPLING_AUTO = 0,       /* Sobol' when the dimension allows, else LHS */
    BILIM_SAMPLING_SOBOL = 1,      /* GSL's Sobol' sequence, randomly shifted (Cranley-Patterson) */
    BILIM_SAMPLING_LHS = 2,        /* Latin hypercube */
    BILIM_SAMPLING_EXPLICIT = 3    /* points given by the caller */
} bilim_design_sampling;

/* GSL's Sobol' generator supports at most 40 dimensions. */
#define BILIM_DESIGN_SOBOL_MAX_DIM 40

typedef enum bilim_design_seeding {
    BILIM_DESIGN_SEED_PER_POINT = 0,
    BILIM_DESIGN_SEED_COMMON = 1
} bilim_design_seeding;

/* Caller-owned; bilim_design_init zeroes it, bilim_design_clear frees what
 * the setters allocated. */
typedef struct bilim_design {
    uint64_t seed;
    bilim_design_seeding seeding;
    int32_t n_scenarios;
    bilim_scenario *scenarios;       /* [n_scenarios] */
    int32_t n_factors;
    bilim_design_factor *factors;    /* [n_factors] */
    bilim_particles particles;       /* n == 0: none */
    bilim_design_sampling sampling;  /* how the points were made */
    int32_t n_points;
    double *values;                  /* [n_points][n_factors] */
    int32_t *particle;               /* [n_points]; -1: none */
    uint64_t *seeds;                 /* [n_points]: the model seed of each point */
    size_t n_runs;
    bilim_design_run *runs;          /* [n_runs] */
} bilim_design;

void bilim_design_init(bilim_design *d, uint64_t seed);
void bilim_design_clear(bilim_design *d);

/* Copies n scenarios (n >= 1; scenario 0 is the reference for factor
 * centres and for options that set a varied parameter themselves).
 * Errors: BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_design_set_scenarios(bilim_design *d, const bilim_scenario *sc, int32_t n,
                               bilim_error *err);

/* Adds a factor named `name` (a parameter or a scenario factor) with the
 * written prior t, centred on scenario 0's value and truncated to the
 * target's range; source is copied. Errors: BILIM_EINVAL (unknown name,
 * twice the same, a parameter the posterior sample sets, a bad prior: the
 * message names it), BILIM_ENOMEM. Call after set_scenarios. */
int bilim_design_add_factor(bilim_design *d, const char *name, const bilim_prior_text *t,
                            const char *source, bilim_error *err);

/* Copies a finished posterior sample (bilim_particles_finish). Errors:
 * BILIM_EINVAL (a column that is also a factor), BILIM_ENOMEM. */
int bilim_design_set_particles(bilim_design *d, const bilim_particles *p, bilim_error *err);

/* Draws n points from the factors' priors (and a particle each, by weight,
 * when there is a sample): one uniform per dimension (factors, then the
 * particle) from `method`, turned into values by each prior's quantile
 * function. AUTO is Sobol' up to BILIM_DESIGN_SOBOL_MAX_DIM dimensions and
 * LHS beyond. Reproducible from d->seed; Sobol' designs of n and m > n
 * points share their first n points. Sets the points' seeds. Errors:
 * BILIM_EINVAL (n < 1; Sobol' asked for beyond its dimension), BILIM_ENOMEM. */
int bilim_design_sample(bilim_design *d, int32_t n, bilim_design_sampling method,
                        bilim_error *err);

/* Points given by the caller: values[n][n_factors] (each inside its
 * factor's prior bounds) and particle[n] (an index into the posterior
 * sample, or -1: the scenarios' own month-0 values; NULL: -1 for all).
 * Sets the points' seeds. Errors: BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_design_set_points(bilim_design *d, int32_t n, const double *values,
                            const int32_t *particle, bilim_error *err);

/* The model seed of point p under d's seeding (a pure function of d->seed
 * and p; stream (seed, 0, BILIM_PURPOSE_DESIGN, p, step 0)). */
uint64_t bilim_design_point_seed(const bilim_design *d, int32_t p);

/* Builds the run list: every point x scenario, replicates 0..r_p-1 where
 * r_p = replicates for points p >= extra_points and replicates + 1 for the
 * first extra_points points (so the noise between replicates can be
 * measured when replicates is 1). Order: point, then replicate, then
 * scenario. Errors: BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_design_set_runs(bilim_design *d, int32_t replicates, int32_t extra_points,
                          bilim_error *err);

/* The scenario run i simulates (its factors, particle and seed applied;
 * surveys and per-region series off, which never change a trajectory).
 * Errors: BILIM_EINVAL (i out of range). */
int bilim_design_scenario(const bilim_design *d, size_t i, bilim_scenario *out,
                          bilim_error *err);

/* Runs run i on the calling thread and fills rec. cancel (may be NULL) is
 * polled between months. Errors: those of bilim_model_alloc/step,
 * BILIM_EINTR, BILIM_ENOMEM. */
int bilim_design_run_one(const bilim_design *d, size_t i, const atomic_int *cancel,
                         bilim_design_record *rec, bilim_error *err);

/* A 64-bit fingerprint (FNV-1a) of everything a run's record depends on:
 * the scenarios' contents, the factors (names, targets, priors), the
 * posterior sample (columns by name, ties, values, weights), the points,
 * their particles and seeds, the seeding and the run list; never a
 * pointer, so processes of the same program agree. Records kept from
 * another process or an earlier, interrupted execution (a journal) belong
 * to a design only if the fingerprints are equal. */
uint64_t bilim_design_fingerprint(const bilim_design *d);

/* Parts of the fingerprint, continuing hash h (base/hash.h): the posterior
 * sample; the points (their number, values, particles and seeds). The
 * journal (sim/journal.h) hashes each input apart to name what differs. */
uint64_t bilim_design_hash_particles(const bilim_design *d, uint64_t h);
uint64_t bilim_design_hash_points(const bilim_design *d, uint64_t h);

/* --- running the list ------------------------------------------------------- */

typedef struct bilim_design_progress {
    size_t runs_done, runs_total;    /* of the runs this call executes */
} bilim_design_progress;

typedef void (*bilim_design_progress_fn)(void *user, const bilim_design_progress *p);

/* Called once per finished run with its record, never from two threads at
 * once, in completion order (not run order): the hook for a journal. */
typedef void (*bilim_design_record_fn)(void *user, size_t run, const bilim_design_record *rec);

typedef struct bilim_design_options {
    int threads;                        /* <= 0: OMP_NUM_THREADS or all cores */
    bilim_design_progress_fn progress;  /* may be NULL; throttled by the caller */
    void *progress_user;
    bilim_design_record_fn on_record;   /* may be NULL */
    void *record_user;
    const unsigned char *skip;          /* [n_runs] or NULL: runs with skip[i] != 0 are not run */
    const atomic_int *cancel;           /* the caller's flag, may be NULL */
    const size_t *list;                 /* NULL, or run only these runs (a work chunk, sim/dist.h) */
    size_t n_list;
} bilim_design_options;

/* Runs every run not skipped (of opt->list when given), in parallel over runs (each run on one
 * thread), writing records[i] (records has d->n_runs slots; skipped slots
 * are left as they are). Errors: the lowest-numbered failing run's error,
 * prefixed with the run; BILIM_EINTR when cancelled. */
int bilim_design_execute(const bilim_design *d, const bilim_design_options *opt,
                         bilim_design_record *records, bilim_error *err);

/* The replicates of point p (1 + the highest replicate of its runs). */
int32_t bilim_design_point_replicates(const bilim_design *d, int32_t p);

#endif
