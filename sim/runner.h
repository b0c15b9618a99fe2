/* sim/runner.h: all replicates of a scenario, in parallel, into memory.
 *
 * bilim_run_scenario() runs replicates 0..R-1 of sc and keeps every month's
 * observation record and every virtual survey. It chooses the parallel
 * strategy (across replicates when there are at least as many replicates as
 * threads, else across schools within a month); the result is bit identical
 * for any thread count and schedule. It polls bilim_signal_interrupted()
 * (sim/signal.h) between months and returns BILIM_EINTR when set. */
#ifndef BILIM_RUNNER_H
#define BILIM_RUNNER_H

#include <stdint.h>
#include "models/observe.h"
#include "models/scenario.h"
#include "sim/error.h"

typedef struct bilim_run_options {
    int threads;        /* <= 0: OMP_NUM_THREADS or all cores */
    int progress;       /* 1: progress bar with ETA on stderr */
    const char *label;  /* shown on the progress bar (scenario name if NULL) */
} bilim_run_options;

typedef struct bilim_run_result {
    bilim_scenario scenario;   /* the scenario as run (after overrides) */
    bilim_obs_layout layout;
    int32_t replicates;
    int32_t months;            /* records for months 0..months */
    double *series;            /* [replicate][month][layout.record_size] */
    bilim_survey *surveys;     /* [replicate][scenario.outputs.n_survey_months] */
    int32_t schools;
    int64_t teachers;          /* of replicate 0 (turnover conserves it) */
    double wall_seconds;
    int threads_used;
} bilim_run_result;

/* Runs sc. On success out owns its arrays (free with bilim_run_result_free).
 * Errors: BILIM_EINVAL, BILIM_ENOMEM, BILIM_EINTR. */
int bilim_run_scenario(const bilim_scenario *sc, const bilim_run_options *opt,
                       bilim_run_result *out, bilim_error *err);

/* Frees the arrays of r (not r itself); safe on a zeroed struct. */
void bilim_run_result_free(bilim_run_result *r);

/* Pointer to the record of (replicate, month). */
const double *bilim_run_record(const bilim_run_result *r, int32_t replicate, int32_t month);

#endif
