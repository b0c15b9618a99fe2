/* cli/progress.h: a one-line progress bar with ETA on stderr.
 *
 * A command owns one per run and hands bilim_progress_on_run to the runner
 * (sim/runner.h), which calls it as months complete; the bar redraws at
 * most about ten times a second, and draws nothing when disabled (--quiet,
 * or stderr is not a terminal: the caller decides). The caller owns the
 * struct; nothing is allocated. Not thread-safe: one thread at a time may
 * update (the runner serialises its callback). */
#ifndef BILIM_PROGRESS_H
#define BILIM_PROGRESS_H

#include <stdint.h>
#include <stdio.h>
#include "sim/runner.h"

typedef struct bilim_progress {
    int enabled;
    FILE *out;
    char label[48];
    int32_t replicates;     /* total */
    int64_t total_months;   /* replicates x months to simulate */
    double t0;              /* bilim_clock_now() at init */
    double last_draw;
    int drawn;              /* a line is on screen */
} bilim_progress;

/* Starts the clock. enabled = 0 makes every call a no-op. */
void bilim_progress_init(bilim_progress *p, int enabled, FILE *out, const char *label,
                         int32_t replicates, int64_t total_months);

/* Redraws (throttled) with months_done of total_months and replicates_done. */
void bilim_progress_update(bilim_progress *p, int64_t months_done, int32_t replicates_done);

/* A bilim_run_progress_fn: user is the bilim_progress to redraw; the run's
 * totals replace those given to bilim_progress_init. */
void bilim_progress_on_run(void *user, const bilim_run_progress *p);

/* Clears the line so the caller's summary starts on a clean line. */
void bilim_progress_finish(bilim_progress *p);

/* Formats the bar into buf (n bytes) without drawing it (for tests). */
void bilim_progress_format(const bilim_progress *p, int64_t months_done,
                           int32_t replicates_done, double elapsed, char *buf, size_t n);

#endif
