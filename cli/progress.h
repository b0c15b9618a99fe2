/* cli/progress.h: progress of long runs on stderr, for whoever is watching
 * and for the log of a job nobody watches.
 *
 * A job is one or more stages (the scenarios of `bilim compare`, the one
 * scenario of `bilim run`), each reporting how far it is. Three modes,
 * chosen once per command (bilim_progress_mode_auto):
 *
 *   BAR  stderr is a terminal: one bar per stage, redrawn in place (\r and
 *        ESC[K) at most ten times a second and cut to the terminal's width.
 *        With several stages each finished stage keeps its line, and the live
 *        line says "scenario k of n" and the ETA of the whole job.
 *   LOG  stderr is a file or a pipe (batch jobs, CI, nohup): plain lines,
 *        never an escape code, "bilim COMMAND: ..." with elapsed time and
 *        ETA: the first once the job has run for the interval, then at most
 *        one per interval (BILIM_PROGRESS_INTERVAL seconds, default 10), and
 *        a last line at the end if any was written. A job shorter than the
 *        interval writes nothing.
 *   OFF  --quiet: nothing.
 *
 * The caller owns the struct; nothing is allocated. Not thread-safe: one
 * thread at a time (the runner serialises its callback). */
#ifndef BILIM_PROGRESS_H
#define BILIM_PROGRESS_H

#include <stdint.h>
#include <stdio.h>
#include "sim/design.h"
#include "sim/runner.h"

typedef enum bilim_progress_mode {
    BILIM_PROGRESS_OFF,
    BILIM_PROGRESS_BAR,
    BILIM_PROGRESS_LOG
} bilim_progress_mode;

/* Seconds between LOG lines unless BILIM_PROGRESS_INTERVAL says otherwise. */
#define BILIM_PROGRESS_DEFAULT_INTERVAL 10.0

typedef struct bilim_progress {
    bilim_progress_mode mode;
    int enabled;              /* mode != OFF: whether to pass a callback at all */
    FILE *out;
    char command[24];         /* "compare": LOG lines start "bilim compare: " */
    int n_stages;             /* > 1: "scenario k of n" and an ETA for the whole job */
    /* Settings a caller may change after init: */
    const char *stage_noun;   /* "scenario" */
    int label_width;          /* labels padded to this width, so the bars align */
    int eta;                  /* 1 (default): project ETAs; 0: the end is unknown */
    double interval;          /* LOG: seconds between lines */
    double (*clock)(void);    /* seconds, bilim_clock_now; a test's own clock */
    /* State: */
    int stage;                /* 1-based; 0 before the first */
    char label[64];
    double frac;              /* of the current stage, 0..1 */
    int64_t done, total;      /* units of the current stage ("4/10 replicates") */
    const char *noun;         /* "replicates" */
    char extra[96];           /* "30 months/s", or the caller's detail */
    double t0, stage_t0;      /* clock() at init and at the stage's start */
    double finished_seconds;  /* the finished stages' time */
    double last_draw;         /* BAR: last redraw; LOG: last line */
    int drawn;                /* BAR: a live line is on screen */
    int logged;               /* LOG: lines written */
} bilim_progress;

/* OFF when quiet, BAR when stderr is a terminal (and TERM is not "dumb"),
 * else LOG. */
bilim_progress_mode bilim_progress_mode_auto(int quiet);

/* BILIM_PROGRESS_INTERVAL (seconds, a number >= 0) if set and valid, else
 * BILIM_PROGRESS_DEFAULT_INTERVAL. */
double bilim_progress_interval_from_env(void);

/* Starts the job's clock. command names the command ("run"); n_stages is
 * the number of stages expected (0 or 1: no "k of n", no job ETA). */
void bilim_progress_init(bilim_progress *p, bilim_progress_mode mode, FILE *out,
                         const char *command, int n_stages);

/* Replaces the clock (a test's, so that intervals need no waiting) and
 * restarts the job's time from it; call after init, before the first stage. */
void bilim_progress_set_clock(bilim_progress *p, double (*clock)(void));

/* Ends the current stage, if any (BAR with several stages: its line stays
 * on screen) and starts the next, labelled label (a scenario's name). */
void bilim_progress_stage(bilim_progress *p, const char *label);

/* Reports the current stage: frac of it done (0..1), done of total units
 * (noun, e.g. "replicates"; total 0 shows none) and an optional extra
 * text. Draws (BAR, throttled) or writes a line (LOG, per interval). */
void bilim_progress_report(bilim_progress *p, double frac, int64_t done, int64_t total,
                           const char *noun, const char *extra);

/* A bilim_run_progress_fn: user is the bilim_progress; reports months and
 * replicates of the current stage. */
void bilim_progress_on_run(void *user, const bilim_run_progress *rp);

/* A bilim_design_progress_fn: user is the bilim_progress; reports runs. */
void bilim_progress_on_design(void *user, const bilim_design_progress *dp);

/* Marks the current stage complete (its bar full, its units all done):
 * call after a stage succeeded, before the next bilim_progress_stage. */
void bilim_progress_stage_done(bilim_progress *p);

/* Ends the job: BAR clears the live line (one stage) or leaves the last
 * stage's line (several); LOG writes a last line if it wrote any. */
void bilim_progress_finish(bilim_progress *p);

/* The line the current state gives at time now (clock() scale),
 * without escape codes: the BAR line when bar is non-zero, else the LOG
 * line. For tests and for the drawing above. */
void bilim_progress_format(const bilim_progress *p, double now, int bar, char *buf, size_t n);

#endif
