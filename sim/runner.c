/* sim/runner.c: all replicates of a scenario into memory (see runner.h).
 *
 * Two strategies, chosen by the job's shape:
 *  - across replicates: an OpenMP loop over replicates, each iteration
 *    building, stepping and freeing its own model (the model's own school
 *    loop then runs on one thread, being nested). Used for the largest
 *    multiple of the thread count that fits in the replicates;
 *  - across schools: the remaining replicates (all of them when there are
 *    fewer replicates than threads) in sequence, each month's step spread
 *    over schools by the model's own OpenMP loop, so no core idles in a
 *    last, partial round.
 * Either way replicate r writes only its own slots of the result, and each
 * replicate's numbers depend only on (scenario, seed, r), never on which
 * thread ran it or in what order: the output is bit identical for any thread
 * count and schedule. */
#include "sim/runner.h"

#include <limits.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "models/model.h"

/* Shared by the replicates of one run. Counters and the stop flag are only
 * touched through OpenMP atomics; the progress callback under its lock. */
typedef struct run_ctx {
    const bilim_scenario *sc;
    bilim_run_result *out;
    bilim_run_progress_fn progress;
    void *progress_user;
    const atomic_int *cancel;
    omp_lock_t progress_lock;
    int64_t months_done, months_total;
    int32_t replicates_done;
    int stop;
    const int32_t *list;  /* the replicates to run, or NULL: all */
    /* checkpointed runs only */
    const bilim_run_checkpoints *ck;
    int32_t *month;          /* [replicate]: as in bilim_run_snapshot */
    bilim_model **models;    /* [replicate]: the models in flight */
} run_ctx;

/* The i-th replicate to run. */
static int32_t replicate_at(const run_ctx *c, int32_t i)
{
    return c->list ? c->list[i] : i;
}

static int cancelled(const run_ctx *c)
{
    return c->cancel && atomic_load(c->cancel) != 0;
}

static int stop_requested(run_ctx *c)
{
    int s;
#pragma omp atomic read
    s = c->stop;
    return s || cancelled(c);
}

static void tick(run_ctx *c, int replicate_finished)
{
    int64_t m;
    int32_t r;
#pragma omp atomic capture
    m = ++c->months_done;
    if (replicate_finished) {
#pragma omp atomic update
        c->replicates_done++;
    }
#pragma omp atomic read
    r = c->replicates_done;
    if (c->progress && omp_test_lock(&c->progress_lock)) {
        bilim_run_progress p = {m, c->months_total, r, c->sc->replicates};
        c->progress(c->progress_user, &p);
        omp_unset_lock(&c->progress_lock);
    }
}

/* Records month t of model m (and its surveys) into replicate rep's slots. */
static void observe(run_ctx *c, const bilim_model *m, int32_t rep, int32_t t)
{
    const bilim_scenario *sc = c->sc;
    bilim_run_result *out = c->out;
    double *rec = out->series + ((size_t)rep * ((size_t)out->months + 1) + (size_t)t) *
                                    out->layout.record_size;
    bilim_model_observe(m, &out->layout, rec);
    const int32_t ns = sc->outputs.n_survey_months;
    for (int32_t i = 0; i < ns; i++) {
        if (sc->outputs.survey_months[i] != t)
            continue;
        bilim_survey *sv = &out->surveys[(size_t)rep * (size_t)ns + (size_t)i];
        bilim_model_survey(m, sc->outputs.survey_n, sc->outputs.survey_rural_share, i, sv);
        sv->month = t;
    }
}

/* Which schools each intervention reached, from replicate rep's model at
 * the horizon, into its slots. */
static int record_reached(run_ctx *c, const bilim_model *m, int32_t rep, bilim_error *err)
{
    const int32_t niv = c->sc->n_interventions;
    if (!c->out->reached)
        return BILIM_OK;
    if (bilim_model_schools(m) != c->out->reached_schools)
        return bilim_error_set(err, BILIM_EINTERNAL, "internal error: replicate %d has %d "
                               "schools, not the scenario's %d", (int)rep,
                               (int)bilim_model_schools(m), (int)c->out->reached_schools);
    for (int32_t i = 0; i < niv; i++)
        bilim_model_reached(m, i, c->out->reached + ((size_t)rep * (size_t)niv + (size_t)i) *
                                                        (size_t)c->out->reached_schools);
    return BILIM_OK;
}

/* One replicate from month 0 to the horizon. */
static int run_replicate(run_ctx *c, int32_t rep, bilim_error *err)
{
    if (stop_requested(c))
        return bilim_error_set(err, BILIM_EINTR, "interrupted");
    bilim_model *m = NULL;
    int rc = bilim_model_alloc(c->sc, rep, &m, err);
    if (rc)
        return rc;
    if (rep == replicate_at(c, 0)) {
        c->out->schools = bilim_model_schools(m);
        c->out->teachers = bilim_model_teachers(m);
    }
    observe(c, m, rep, 0);
    for (int32_t t = 1; t <= c->sc->months && !rc; t++) {
        if (stop_requested(c)) {
            rc = bilim_error_set(err, BILIM_EINTR, "interrupted");
            break;
        }
        rc = bilim_model_step(m, err);
        if (!rc) {
            observe(c, m, rep, t);
            tick(c, t == c->sc->months);
        }
    }
    if (!rc && c->sc->months == 0)
        tick(c, 1);
    if (!rc)
        rc = record_reached(c, m, rep, err);
    bilim_model_free(m);
    return rc;
}

/* Keeps the error of the lowest failing replicate, so the message does not
 * depend on thread timing more than it must. */
static void record_failure(run_ctx *c, int32_t rep, const bilim_error *e, int32_t *first_rep,
                           bilim_error *first)
{
#pragma omp critical(bilim_runner_failure)
    {
        if (rep < *first_rep) {
            *first_rep = rep;
            *first = *e;
        }
    }
#pragma omp atomic write
    c->stop = 1;
}

/* The replicates at 0..n-1, one per thread at a time. */
static int run_parallel_replicates(run_ctx *c, int threads, int32_t n, bilim_error *err)
{
    int32_t first_rep = INT32_MAX;
    bilim_error first;
    bilim_error_clear(&first);
#pragma omp parallel for num_threads(threads) schedule(runtime)
    for (int32_t i = 0; i < n; i++) {
        int32_t rep = replicate_at(c, i);
        bilim_error e;
        bilim_error_clear(&e);
        if (run_replicate(c, rep, &e))
            record_failure(c, rep, &e, &first_rep, &first);
    }
    if (first_rep == INT32_MAX)
        return BILIM_OK;
    if (err)
        *err = first;
    return first.code;
}

/* The replicates at from..n-1 in sequence, each step on `threads` threads. */
static int run_sequential_replicates(run_ctx *c, int threads, int32_t from, int32_t n,
                                     bilim_error *err)
{
    /* The model's step uses as many threads as the enclosing ICV says. */
    int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    int rc = BILIM_OK;
    for (int32_t i = from; i < n && !rc; i++)
        rc = run_replicate(c, replicate_at(c, i), err);
    omp_set_num_threads(before);
    return rc;
}

static int check_scenario(const bilim_scenario *sc, bilim_error *err)
{
    if (sc->replicates < 1)
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s': replicates is %d; need at least 1",
                               sc->name, (int)sc->replicates);
    if (sc->months < 0 || sc->months > BILIM_MAX_MONTHS)
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s': months %d is not in 0..%d",
                               sc->name, (int)sc->months, BILIM_MAX_MONTHS);
    if (sc->outputs.n_survey_months < 0 || sc->outputs.n_survey_months > BILIM_MAX_SURVEY_MONTHS)
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s': too many survey months",
                               sc->name);
    for (int i = 0; i < sc->outputs.n_survey_months; i++)
        if (sc->outputs.survey_months[i] < 0 || sc->outputs.survey_months[i] > sc->months)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "scenario '%s': survey month %d is outside the horizon 0..%d; "
                                   "change outputs.survey_months or the months",
                                   sc->name, (int)sc->outputs.survey_months[i], (int)sc->months);
    return BILIM_OK;
}

int bilim_run_result_init(const bilim_scenario *sc, bilim_run_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_scenario(sc, err);
    if (rc)
        return rc;
    out->scenario = *sc;
    bilim_obs_layout_init(&out->layout, sc);
    out->replicates = sc->replicates;
    out->months = sc->months;
    size_t records = (size_t)sc->replicates * ((size_t)sc->months + 1);
    size_t surveys = (size_t)sc->replicates * (size_t)sc->outputs.n_survey_months;
    out->series = bilim_calloc(records * out->layout.record_size + 1, sizeof *out->series);
    out->surveys = bilim_calloc(surveys + 1, sizeof *out->surveys);
    out->reached_schools = bilim_population_schools(&sc->population);
    size_t reached = (size_t)sc->replicates * (size_t)sc->n_interventions * (size_t)out->reached_schools;
    out->reached = reached ? bilim_calloc(reached, 1) : NULL;
    if (!out->series || !out->surveys || (reached && !out->reached)) {
        bilim_run_result_clear(out);
        return bilim_error_set(err, BILIM_ENOMEM,
                               "out of memory for %zu monthly records of scenario '%s'; run "
                               "fewer replicates or months",
                               records, sc->name);
    }
    return BILIM_OK;
}

/* --- checkpointed runs: replicates in waves, the months in segments ------- */

/* The month at which replicate rep's next segment ends. */
static int32_t segment_end(const run_ctx *c, int32_t t)
{
    const int32_t K = c->ck->every, months = c->sc->months;
    if (K <= 0 || t >= months)
        return months;
    int32_t b = (t / K + 1) * K;
    return b < months ? b : months;
}

/* Replicate rep's model: new at month 0 (observed), or restored. */
static int wave_start(run_ctx *c, int32_t rep, bilim_error *err)
{
    if (stop_requested(c))
        return bilim_error_set(err, BILIM_EINTR, "interrupted");
    bilim_model *m = NULL;
    int rc = bilim_model_alloc(c->sc, rep, &m, err);
    if (rc)
        return rc;
    if (c->month[rep] >= 0) {
        const bilim_run_resume *rs = c->ck->resume;
        rc = rs->restore(rs->restore_user, rep, m, err);
        if (!rc && bilim_model_month(m) != c->month[rep])
            rc = bilim_error_set(err, BILIM_EINVAL,
                                 "replicate %d: the saved state is of month %d, not %d", (int)rep,
                                 (int)bilim_model_month(m), (int)c->month[rep]);
        if (rc) {
            bilim_model_free(m);
            return rc;
        }
    } else {
        c->month[rep] = 0;
        if (rep == 0)
            c->out->teachers = bilim_model_teachers(m);
        observe(c, m, rep, 0);
        if (c->sc->months == 0)
            tick(c, 1);
    }
    c->models[rep] = m;
    return c->month[rep] == c->sc->months ? record_reached(c, m, rep, err) : BILIM_OK;
}

/* Steps replicate rep to the end of its segment. */
static int wave_advance(run_ctx *c, int32_t rep, bilim_error *err)
{
    bilim_model *m = c->models[rep];
    const int32_t to = segment_end(c, c->month[rep]);
    for (int32_t t = c->month[rep] + 1; t <= to; t++) {
        if (stop_requested(c))
            return bilim_error_set(err, BILIM_EINTR, "interrupted");
        int rc = bilim_model_step(m, err);
        if (rc)
            return rc;
        observe(c, m, rep, t);
        c->month[rep] = t;
        tick(c, t == c->sc->months);
        if (t == c->sc->months) /* before the next save: a checkpoint holds its reach */
            return record_reached(c, m, rep, err);
    }
    return BILIM_OK;
}

typedef int (*wave_fn)(run_ctx *c, int32_t rep, bilim_error *err);

/* fn on every replicate of the wave: one per thread when the wave fills
 * the threads, else one after the other (the model's step then spreads
 * each month over the threads). */
static int wave_each(run_ctx *c, wave_fn fn, const int32_t *reps, int32_t w, int parallel,
                     int threads, bilim_error *err)
{
    int32_t first_rep = INT32_MAX;
    bilim_error first;
    bilim_error_clear(&first);
    if (parallel) {
#pragma omp parallel for num_threads(threads) schedule(static, 1)
        for (int32_t i = 0; i < w; i++) {
            bilim_error e;
            bilim_error_clear(&e);
            if (fn(c, reps[i], &e))
                record_failure(c, reps[i], &e, &first_rep, &first);
        }
    } else {
        for (int32_t i = 0; i < w && first_rep == INT32_MAX; i++) {
            bilim_error e;
            bilim_error_clear(&e);
            if (fn(c, reps[i], &e))
                record_failure(c, reps[i], &e, &first_rep, &first);
        }
    }
    if (first_rep == INT32_MAX)
        return BILIM_OK;
    if (err)
        *err = first;
    return first.code;
}

static int all_finished(const run_ctx *c)
{
    for (int32_t r = 0; r < c->sc->replicates; r++)
        if (c->month[r] < c->sc->months)
            return 0;
    return 1;
}

/* The replicates reps[0..w-1] from where they are to the horizon, saving a
 * checkpoint after each segment. */
static int run_wave(run_ctx *c, int threads, const int32_t *reps, int32_t w, bilim_error *err)
{
    const int parallel = threads > 1 && w == threads;
    const int before = omp_get_max_threads();
    if (!parallel)
        omp_set_num_threads(threads);
    int rc = wave_each(c, wave_start, reps, w, parallel, threads, err);
    if (!rc)
        c->out->schools = bilim_model_schools(c->models[reps[0]]);
    for (;;) {
        int left = 0;
        for (int32_t i = 0; i < w; i++)
            left += c->month[reps[i]] < c->sc->months;
        if (rc || !left)
            break;
        rc = wave_each(c, wave_advance, reps, w, parallel, threads, err);
        if (!rc && c->ck->every > 0 && c->ck->save && !all_finished(c)) {
            bilim_run_snapshot snap = {c->out, c->month, c->models};
            rc = c->ck->save(c->ck->save_user, &snap, err);
        }
    }
    for (int32_t i = 0; i < w; i++) {
        bilim_model_free(c->models[reps[i]]);
        c->models[reps[i]] = NULL;
    }
    if (!parallel)
        omp_set_num_threads(before);
    return rc;
}

/* Takes the resume's records and months; counts the months already done. */
static int resume_from(run_ctx *c, const bilim_run_resume *rs, bilim_error *err)
{
    const bilim_scenario *sc = c->sc;
    bilim_run_result *out = c->out;
    for (int32_t r = 0; r < sc->replicates; r++) {
        c->month[r] = rs ? rs->month[r] : -1;
        if (c->month[r] < -1 || c->month[r] > sc->months)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "resume: replicate %d is at month %d, outside 0..%d", (int)r,
                                   (int)c->month[r], (int)sc->months);
        if (c->month[r] > 0)
            c->months_done += c->month[r];
        if (c->month[r] == sc->months) {
            c->replicates_done++;
            if (sc->months == 0)
                c->months_done++;
        }
    }
    if (!rs)
        return BILIM_OK;
    size_t records = (size_t)sc->replicates * ((size_t)sc->months + 1);
    memcpy(out->series, rs->series, records * out->layout.record_size * sizeof *out->series);
    memcpy(out->surveys, rs->surveys,
           (size_t)sc->replicates * (size_t)sc->outputs.n_survey_months * sizeof *out->surveys);
    if (rs->reached && out->reached)
        memcpy(out->reached, rs->reached, (size_t)sc->replicates *
                                              (size_t)sc->n_interventions *
                                              (size_t)out->reached_schools);
    out->schools = rs->schools;
    out->teachers = rs->teachers;
    return BILIM_OK;
}

/* The unfinished replicates, in order, in waves of `threads`. */
static int run_checkpointed(run_ctx *c, int threads, bilim_error *err)
{
    const int32_t R = c->sc->replicates;
    c->month = bilim_calloc((size_t)R, sizeof *c->month);
    c->models = bilim_calloc((size_t)R, sizeof *c->models);
    int32_t *todo = bilim_calloc((size_t)R, sizeof *todo);
    int rc = BILIM_OK;
    if (!c->month || !c->models || !todo)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory for the checkpoints of %d replicates",
                             (int)R);
    if (!rc)
        rc = resume_from(c, c->ck->resume, err);
    /* The replicates in flight first, all in one wave whatever the threads
     * now (a checkpoint holds the state of every one in flight), then those
     * not started, `threads` at a time. */
    int32_t n = 0;
    for (int32_t r = 0; !rc && r < R; r++)
        if (c->month[r] >= 0 && c->month[r] < c->sc->months)
            todo[n++] = r;
    const int32_t in_flight = n;
    for (int32_t r = 0; !rc && r < R; r++)
        if (c->month[r] < 0)
            todo[n++] = r;
    for (int32_t i = 0, w; !rc && i < n; i += w) {
        w = i == 0 && in_flight > 0 ? in_flight : (n - i < threads ? n - i : threads);
        rc = run_wave(c, threads, todo + i, w, err);
    }
    bilim_free(todo);
    bilim_free(c->models);
    bilim_free(c->month);
    return rc;
}

int bilim_run_scenario_checkpointed(const bilim_scenario *sc, const bilim_run_options *opt,
                                    const bilim_run_checkpoints *ck, bilim_run_result *out,
                                    bilim_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = BILIM_OK;
    if (ck && bilim_scenario_history_months(sc) > 0)
        rc = bilim_error_set(err, BILIM_EUSAGE, _("scenario '%s' runs a history before month 0 "
                             "(history_from); checkpoints and --resume do not support a history yet: "
                             "run it without --checkpoint"), sc->name);
    if (rc || (rc = bilim_run_result_init(sc, out, err)))
        return rc;
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if (omp_get_level() > 0)
        threads = 1; /* inside a caller's region, even a team of one: stay on this thread */
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.out = out;
    c.progress = opt ? opt->progress : NULL;
    c.progress_user = opt ? opt->progress_user : NULL;
    c.cancel = opt ? opt->cancel : NULL;
    c.list = opt ? opt->list : NULL;
    int32_t n = c.list ? opt->n_list : sc->replicates;
    for (int32_t i = 0; c.list && i < n; i++)
        if (c.list[i] < 0 || c.list[i] >= sc->replicates || (i > 0 && c.list[i] <= c.list[i - 1]))
            rc = bilim_error_set(err, BILIM_EINVAL, "scenario '%s': replicate %d is not in "
                                 "0..%d or not in ascending order", sc->name, (int)c.list[i],
                                 (int)sc->replicates - 1);
    if (!rc && c.list && ck)
        rc = bilim_error_set(err, BILIM_EINVAL, "scenario '%s': a list of replicates cannot be "
                             "run with checkpoints", sc->name);
    if (rc) {
        bilim_run_result_clear(out);
        return rc;
    }
    c.ck = ck;
    c.months_total = (int64_t)n * (sc->months > 0 ? sc->months : 1);
    omp_init_lock(&c.progress_lock);
    double t0 = bilim_clock_now();
    if (ck) {
        rc = run_checkpointed(&c, threads, err);
    } else {
        int32_t across = threads > 1 ? n / threads * threads : 0;
        if (across > 0)
            rc = run_parallel_replicates(&c, threads, across, err);
        if (!rc)
            rc = run_sequential_replicates(&c, threads, across, n, err);
    }
    if (!rc && cancelled(&c))
        rc = bilim_error_set(err, BILIM_EINTR, "interrupted");
    omp_destroy_lock(&c.progress_lock);
    out->wall_seconds = bilim_clock_now() - t0;
    out->threads_used = threads;
    if (rc)
        bilim_run_result_clear(out);
    return rc;
}

int bilim_run_scenario(const bilim_scenario *sc, const bilim_run_options *opt,
                       bilim_run_result *out, bilim_error *err)
{
    return bilim_run_scenario_checkpointed(sc, opt, NULL, out, err);
}

void bilim_run_result_clear(bilim_run_result *r)
{
    if (!r)
        return;
    bilim_free(r->series);
    bilim_free(r->reached);
    r->reached = NULL;
    bilim_free(r->surveys);
    r->series = NULL;
    r->surveys = NULL;
}

const double *bilim_run_record(const bilim_run_result *r, int32_t replicate, int32_t month)
{
    return r->series + ((size_t)replicate * ((size_t)r->months + 1) + (size_t)month) *
                           r->layout.record_size;
}
