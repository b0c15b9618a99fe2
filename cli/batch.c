/* cli/batch.c: a design run as a resumable, distributed batch (see batch.h). */
#include "cli/batch.h"

#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "sim/dist.h"
#include "sim/journal.h"

int bilim_batch_is_worker(void)
{
    return bilim_dist_rank() != 0;
}

static void journal_path(const bilim_batch *b, char *buf, size_t n)
{
    snprintf(buf, n, "%s.journal", b->out);
}

typedef struct recorder {
    bilim_journal *j;
    bilim_progress *bar;
    bilim_error err;     /* the first append that failed */
    const char *command;
} recorder;

/* on_record: one thread at a time (sim/design.h, sim/dist.h). */
static void record(void *user, size_t run, const bilim_design_record *rec)
{
    recorder *r = user;
    if (!r->j || r->err.code)
        return;
    if (bilim_journal_append(r->j, run, rec, &r->err))
        fprintf(stderr, "bilim %s: warning: %s; the batch goes on but cannot be resumed from "
                "here on\n", r->command, r->err.msg);
}

static int open_journal(bilim_batch *b, const bilim_design *d, unsigned char *done,
                        bilim_design_record *records, bilim_journal **j, bilim_error *err)
{
    char path[4200];
    journal_path(b, path, sizeof path);
    bilim_journal_items items;
    bilim_journal_items_init(&items);
    int rc = bilim_journal_items_design(&items, d, b->files, err);
    if (!rc)
        rc = bilim_journal_open(path, d->n_runs, &items, done, records, &b->resumed, j, err);
    bilim_journal_items_clear(&items);
    if (!rc && b->resumed > 0 && !b->quiet)
        fprintf(stderr, "bilim %s: resuming: %zu of %zu runs were done (%s)\n", b->command,
                b->resumed, d->n_runs, path);
    return rc;
}

int bilim_batch_run(bilim_batch *b, const bilim_design *d, bilim_design_record *records,
                    bilim_error *err)
{
    b->resumed = 0;
    b->wall_seconds = 0.0;
    if (bilim_batch_is_worker()) {
        bilim_design_options o = {b->threads, NULL, NULL, NULL, NULL, NULL,
                                  bilim_signal_flag(), NULL, 0};
        return bilim_dist_execute(d, &o, records, err);
    }
    unsigned char *done = bilim_calloc(d->n_runs + 1, 1);
    if (!done)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", d->n_runs);
    recorder r;
    memset(&r, 0, sizeof r);
    r.command = b->command;
    int rc = open_journal(b, d, done, records, &r.j, err);
    if (rc) {
        bilim_free(done);
        return rc;
    }
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(b->quiet), stderr, b->command, 1);
    bilim_progress_stage(&bar, b->stage);
    bilim_design_options o = {b->threads, bar.enabled ? bilim_progress_on_design : NULL, &bar,
                              record, &r, done, bilim_signal_flag(), NULL, 0};
    double t0 = bilim_clock_now();
    rc = bilim_dist_execute(d, &o, records, err);
    if (!rc)
        bilim_progress_stage_done(&bar);
    bilim_progress_finish(&bar);
    b->wall_seconds = bilim_clock_now() - t0;
    bilim_error cerr;
    if (bilim_journal_close(r.j, &cerr) && !rc)
        fprintf(stderr, "bilim %s: warning: %s\n", b->command, cerr.msg);
    bilim_free(done);
    return rc;
}

typedef struct unit_recorder {
    recorder r;
    bilim_journal_take_fn take;
    void *user;
    bilim_design_progress p;
    int bad;             /* a rank's result of the wrong length */
} unit_recorder;

/* on_result: one call at a time, on rank 0. */
static void record_unit(void *user, size_t unit, const unsigned char *b, size_t len)
{
    unit_recorder *u = user;
    if (u->take(u->user, unit, b, len)) {
        u->bad = 1;
        return;
    }
    u->p.runs_done++;
    if (u->r.bar->enabled)
        bilim_progress_on_design(u->r.bar, &u->p);
    if (!u->r.j || u->r.err.code)
        return;
    if (bilim_journal_append_bytes(u->r.j, unit, b, len, &u->r.err))
        fprintf(stderr, "bilim %s: warning: %s; the batch goes on but cannot be resumed from "
                "here on\n", u->r.command, u->r.err.msg);
}

int bilim_batch_run_units(bilim_batch *b, bilim_dist_work *w, bilim_journal_take_fn take,
                          void *user, const bilim_journal_items *items, bilim_error *err)
{
    b->resumed = 0;
    b->wall_seconds = 0.0;
    w->skip = NULL;
    w->on_result = NULL;
    if (bilim_batch_is_worker())
        return bilim_dist_run(w, err);
    unsigned char *done = bilim_calloc(w->n_units + 1, 1);
    if (!done)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", w->n_units);
    unit_recorder u;
    memset(&u, 0, sizeof u);
    u.r.command = b->command;
    u.take = take;
    u.user = user;
    char path[4200];
    journal_path(b, path, sizeof path);
    int rc = bilim_journal_open_bytes(path, w->n_units, items, done, take, user, &b->resumed,
                                      &u.r.j, err);
    if (rc) {
        bilim_free(done);
        return rc;
    }
    if (b->resumed > 0 && !b->quiet)
        fprintf(stderr, "bilim %s: resuming: %zu of %zu runs were done (%s)\n", b->command,
                b->resumed, w->n_units, path);
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(b->quiet), stderr, b->command, 1);
    bilim_progress_stage(&bar, b->stage);
    u.r.bar = &bar;
    u.p.runs_total = w->n_units - b->resumed;
    w->skip = done;
    w->on_result = record_unit;
    w->result_user = &u;
    double t0 = bilim_clock_now();
    rc = bilim_dist_run(w, err);
    if (!rc && u.bad)
        rc = bilim_error_set(err, BILIM_EINTERNAL, "a run's result had the wrong length");
    if (!rc)
        bilim_progress_stage_done(&bar);
    bilim_progress_finish(&bar);
    b->wall_seconds = bilim_clock_now() - t0;
    bilim_error cerr;
    if (bilim_journal_close(u.r.j, &cerr) && !rc)
        fprintf(stderr, "bilim %s: warning: %s\n", b->command, cerr.msg);
    bilim_free(done);
    w->skip = NULL;
    return rc;
}

void bilim_batch_finish(const bilim_batch *b)
{
    if (bilim_batch_is_worker())
        return;
    char path[4200];
    journal_path(b, path, sizeof path);
    bilim_error err;
    if (bilim_journal_remove(path, &err))
        fprintf(stderr, "bilim %s: warning: %s\n", b->command, err.msg);
}
