/* sim/runner.h: all replicates of a scenario, in parallel, into memory.
 *
 * bilim_run_scenario() runs replicates 0..R-1 of sc and keeps every month's
 * observation record and every virtual survey. It chooses the parallel
 * strategy (across replicates when there are at least as many replicates as
 * threads, else across schools within a month); the result is bit identical
 * for any thread count and schedule.
 *
 * The runner touches no process state: it never prints, draws or reads a
 * signal. The caller may pass a progress callback, and a cancel flag it owns
 * (the command line points it at its signal flag, cli/signal.h): the runner
 * reads the flag between months and returns BILIM_EINTR once it is non-zero. */
#ifndef BILIM_RUNNER_H
#define BILIM_RUNNER_H

#include <stdatomic.h>
#include <stdint.h>
#include "base/error.h"
#include "models/model.h"
#include "models/observe.h"
#include "models/scenario.h"

/* How far a run is: months simulated of all replicates' months (the total
 * counts a 0-month replicate as one), and replicates finished. */
typedef struct bilim_run_progress {
    int64_t months_done, months_total;
    int32_t replicates_done, replicates;
} bilim_run_progress;

/* Called as months complete, from whichever thread completed one; never
 * from two threads at once (a call that would wait for another is skipped,
 * so keep it short). */
typedef void (*bilim_run_progress_fn)(void *user, const bilim_run_progress *p);

struct bilim_run_result;

/* A checkpoint of a run (docs/reliability.md, "Checkpoints"): the records
 * so far and the state of the replicates in flight. month[r] is -1 for a
 * replicate not started, 0..months-1 for one in flight (models[r] is its
 * model, at that month), months for one finished; records 0..month[r] of
 * replicate r (and its surveys of those months) are final, later ones 0. */
typedef struct bilim_run_snapshot {
    const struct bilim_run_result *result;
    const int32_t *month;         /* [replicate] */
    bilim_model *const *models;   /* [replicate]: read only those in flight */
} bilim_run_snapshot;

/* Saves a snapshot (called between months, from the calling thread, with
 * no replicate running). A non-zero return stops the run with that error. */
typedef int (*bilim_run_checkpoint_fn)(void *user, const bilim_run_snapshot *s,
                                       bilim_error *err);

/* Puts the saved state of replicate r into m, a fresh model of r
 * (bilim_model_alloc), as a restore of a snapshot's models[r]. */
typedef int (*bilim_run_restore_fn)(void *user, int32_t replicate, bilim_model *m,
                                    bilim_error *err);

/* Where a resumed run starts: a snapshot read back. */
typedef struct bilim_run_resume {
    const int32_t *month;          /* [replicates], as in bilim_run_snapshot */
    const double *series;          /* [replicates][months + 1][record_size] */
    const bilim_survey *surveys;   /* [replicates][n_survey_months] */
    const uint8_t *reached;        /* NULL, or as bilim_run_result's reached (of the
                                    * replicates finished; the others' are redone) */
    int32_t schools;
    int64_t teachers;              /* the result's (of replicate 0) */
    bilim_run_restore_fn restore;  /* called for each replicate in flight */
    void *restore_user;
} bilim_run_resume;

typedef struct bilim_run_options {
    int threads;                    /* <= 0: OMP_NUM_THREADS or all cores */
    bilim_run_progress_fn progress; /* may be NULL */
    void *progress_user;            /* passed to progress */
    const atomic_int *cancel;       /* the caller's flag, may be NULL: non-zero stops the run */
    const int32_t *list;            /* NULL, or run only these replicates (ascending; the
                                     * others' slots stay zero; schools and teachers are
                                     * list[0]'s): a batch's chunk (cli/batch.h) */
    int32_t n_list;
} bilim_run_options;

/* Checkpoints of a run: with every = K > 0 the replicates run in waves (as
 * many at once as threads, the rest of them one at a time with the months
 * spread over the threads), and each time the wave's replicates have all
 * reached a multiple of K months (or finished), save is called, unless
 * every replicate has finished. resume (may be NULL) continues a run from
 * a snapshot. Either way the result is bit identical to a run without
 * them, for any thread count. */
typedef struct bilim_run_checkpoints {
    int32_t every;                  /* K months; <= 0: no checkpoints */
    bilim_run_checkpoint_fn save;   /* may be NULL when every <= 0 */
    void *save_user;
    const bilim_run_resume *resume; /* may be NULL */
} bilim_run_checkpoints;

typedef struct bilim_run_result {
    bilim_scenario scenario;   /* the scenario as run (after overrides) */
    bilim_obs_layout layout;
    int32_t replicates;
    int32_t months;            /* records for months 0..months */
    double *series;            /* [replicate][month][layout.record_size] */
    bilim_survey *surveys;     /* [replicate][scenario.outputs.n_survey_months] */
    int32_t schools;
    int64_t teachers;          /* of replicate 0 (turnover conserves it) */
    /* [replicate][intervention][school]: 1 where the intervention reached the
     * school by the horizon (bilim_model_reached); NULL without interventions.
     * Schools are the scenario's (sampled) population, in model order. */
    uint8_t *reached;
    int32_t reached_schools;
    double wall_seconds;
    int threads_used;
} bilim_run_result;

/* Runs sc. On success out owns its arrays (free with bilim_run_result_clear).
 * Errors: BILIM_EINVAL, BILIM_ENOMEM, BILIM_EINTR. */
int bilim_run_scenario(const bilim_scenario *sc, const bilim_run_options *opt,
                       bilim_run_result *out, bilim_error *err);

/* Checks sc as bilim_run_scenario does and sets out up for its results,
 * all zero (for results assembled from elsewhere: cli/compare_batch.h).
 * Free with bilim_run_result_clear. Errors: BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_run_result_init(const bilim_scenario *sc, bilim_run_result *out, bilim_error *err);

/* bilim_run_scenario with checkpoints (ck may be NULL: as
 * bilim_run_scenario). Errors also those of ck's callbacks, and
 * BILIM_EINVAL for a resume whose months are outside 0..months. */
int bilim_run_scenario_checkpointed(const bilim_scenario *sc, const bilim_run_options *opt,
                                    const bilim_run_checkpoints *ck, bilim_run_result *out,
                                    bilim_error *err);

/* Frees the arrays of r (not r itself); safe on a zeroed struct. */
void bilim_run_result_clear(bilim_run_result *r);

/* Pointer to the record of (replicate, month). */
const double *bilim_run_record(const bilim_run_result *r, int32_t replicate, int32_t month);

#endif
