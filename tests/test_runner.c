/* tests/test_runner.c: the parallel runner (sim/runner.h): bit-identical
 * results for any thread count and OpenMP schedule, in both strategies
 * (across replicates, across schools); common random numbers between
 * scenarios; seeds that matter; interruption; and the golden checksum that
 * guards against unintended changes of results (docs/output.md says how to
 * accept an intended one). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "models/preset.h"
#include "sim/runner.h"
#include "cli/signal.h"

/* A small run: a proportional sample of the national population. */
static void small_scenario(bilim_scenario *sc, int32_t schools, int32_t reps, int32_t months)
{
    bilim_scenario_defaults(sc);
    strcpy(sc->name, "small");
    sc->seed = 2026;
    sc->replicates = reps;
    sc->months = months;
    sc->outputs.n_survey_months = 2;
    sc->outputs.survey_months[0] = 0;
    sc->outputs.survey_months[1] = months;
    bilim_population sample;
    bilim_error err;
    cr_assert_eq(bilim_population_sample(&sc->population, schools, &sample, &err), 0, "%s", err.msg);
    sc->population = sample;
}

static void run(const bilim_scenario *sc, int threads, bilim_run_result *r)
{
    bilim_run_options opt = {threads, NULL, NULL, NULL, NULL, 0};
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_run_scenario(sc, &opt, r, &err), 0, "%s", err.msg);
    cr_assert_eq(r->threads_used, threads);
}

static size_t series_bytes(const bilim_run_result *r)
{
    return (size_t)r->replicates * ((size_t)r->months + 1) * r->layout.record_size * sizeof(double);
}

static size_t survey_count(const bilim_run_result *r)
{
    return (size_t)r->replicates * (size_t)r->scenario.outputs.n_survey_months;
}

static void assert_identical(const bilim_run_result *a, const bilim_run_result *b, const char *what)
{
    cr_assert_eq(a->layout.record_size, b->layout.record_size, "%s", what);
    cr_assert_eq(memcmp(a->series, b->series, series_bytes(a)), 0, "series differ: %s", what);
    cr_assert_eq(memcmp(a->surveys, b->surveys, survey_count(a) * sizeof(bilim_survey)), 0,
                 "surveys differ: %s", what);
    cr_assert_eq(a->schools, b->schools, "%s", what);
    cr_assert_eq(a->teachers, b->teachers, "%s", what);
}

/* 1, 2 and 3 threads, static and dynamic schedules, must all agree. With 3
 * replicates, 3 threads run all of them across replicates, 2 threads run two
 * across replicates and the third across schools, 1 thread runs them in
 * sequence; with 2 replicates and 3 threads the model's own loop over
 * schools is parallel. */
Test(runner, identical_for_any_threads_and_schedule)
{
    bilim_scenario sc;
    small_scenario(&sc, 150, 3, 6);
    bilim_run_result ref;
    omp_set_schedule(omp_sched_static, 0);
    run(&sc, 1, &ref);
    cr_assert_gt(ref.layout.record_size, 0);
    const omp_sched_t kinds[2] = {omp_sched_static, omp_sched_dynamic};
    const int chunks[2] = {0, 1};
    for (int s = 0; s < 2; s++) {
        omp_set_schedule(kinds[s], chunks[s]);
        for (int threads = 1; threads <= 3; threads++) {
            bilim_run_result r;
            run(&sc, threads, &r);
            char what[64];
            snprintf(what, sizeof what, "%d threads, schedule %d", threads, s);
            assert_identical(&ref, &r, what);
            bilim_run_result_clear(&r);
        }
    }
    /* Schools-parallel strategy: fewer replicates than threads. */
    bilim_scenario two = sc;
    two.replicates = 2;
    bilim_run_result a, b;
    omp_set_schedule(omp_sched_dynamic, 1);
    run(&two, 3, &a);
    omp_set_schedule(omp_sched_static, 0);
    run(&two, 1, &b);
    assert_identical(&a, &b, "2 replicates on 3 threads vs 1");
    /* Replicate r is the same whether or not other replicates are run. */
    cr_assert_eq(memcmp(a.series, ref.series, series_bytes(&a)), 0);
    bilim_run_result_clear(&a);
    bilim_run_result_clear(&b);
    bilim_run_result_clear(&ref);
}

Test(runner, repeatable_and_seed_sensitive)
{
    bilim_scenario sc;
    small_scenario(&sc, 100, 2, 4);
    bilim_run_result a, b, c;
    run(&sc, 2, &a);
    run(&sc, 2, &b);
    assert_identical(&a, &b, "the same command twice");
    sc.seed = 2027;
    run(&sc, 2, &c);
    cr_assert_neq(memcmp(a.series, c.series, series_bytes(&a)), 0, "another seed, same series");
    /* Replicates differ from each other. */
    size_t rec = ((size_t)a.months + 1) * a.layout.record_size * sizeof(double);
    cr_assert_neq(memcmp(a.series, (const char *)a.series + rec, rec), 0);
    bilim_run_result_clear(&a);
    bilim_run_result_clear(&b);
    bilim_run_result_clear(&c);
}

/* Two scenarios that differ only in an intervention: month 0 (before any
 * step) is identical in every metric both record, and so is the survey
 * drawn at month 0; at intensity 0 the intervention changes no adoption or
 * state series at all. */
Test(runner, common_random_numbers_across_scenarios)
{
    bilim_scenario base, policy, idle;
    small_scenario(&base, 150, 3, 6);
    policy = base;
    strcpy(policy.name, "policy");
    policy.n_interventions = 1;
    bilim_intervention_defaults(&policy.interventions[0], BILIM_IV_TEACHER_INCENTIVES);
    policy.interventions[0].start_month = 0;
    policy.interventions[0].duration_months = 6;
    policy.interventions[0].unit_cost_kzt = 1000.0;
    idle = policy;
    strcpy(idle.name, "idle");
    idle.interventions[0].intensity = 0.0;
    bilim_run_result rb, rp, ri;
    run(&base, 2, &rb);
    run(&policy, 2, &rp);
    run(&idle, 2, &ri);
    int compared = 0, differs_later = 0;
    for (int i = 0; i < BILIM_N_METRICS; i++) {
        const bilim_metric *mb = &rb.layout.metrics[i], *mp = &rp.layout.metrics[i],
                           *mi = &ri.layout.metrics[i];
        if (!mb->present || !mp->present)
            continue;
        cr_assert_eq(mb->size, mp->size);
        for (int32_t rep = 0; rep < 3; rep++) {
            const double *b0 = bilim_run_record(&rb, rep, 0) + mb->offset;
            const double *p0 = bilim_run_record(&rp, rep, 0) + mp->offset;
            cr_assert_eq(memcmp(b0, p0, mb->size * sizeof(double)), 0,
                         "month 0 of %s, replicate %d differs", mb->name, rep);
            compared++;
            for (int32_t t = 1; t <= 6; t++) {
                const double *bt = bilim_run_record(&rb, rep, t) + mb->offset;
                const double *it = bilim_run_record(&ri, rep, t) + mi->offset;
                cr_assert_eq(memcmp(bt, it, mb->size * sizeof(double)), 0,
                             "intensity 0 changes %s at month %d", mb->name, t);
                const double *pt = bilim_run_record(&rp, rep, t) + mp->offset;
                differs_later |= memcmp(bt, pt, mb->size * sizeof(double)) != 0;
            }
        }
    }
    cr_assert_geq(compared, 5 * 3);
    cr_assert(differs_later, "the intervention changes nothing at all");
    for (int32_t rep = 0; rep < 3; rep++)
        cr_assert_eq(memcmp(&rb.surveys[rep * 2], &rp.surveys[rep * 2], sizeof(bilim_survey)), 0,
                     "the month-0 survey of replicate %d differs", rep);
    bilim_run_result_clear(&rb);
    bilim_run_result_clear(&rp);
    bilim_run_result_clear(&ri);
}

Test(runner, records_surveys_and_sizes)
{
    bilim_scenario sc;
    small_scenario(&sc, 120, 2, 3);
    bilim_run_result r;
    run(&sc, 1, &r);
    cr_assert_eq(r.replicates, 2);
    cr_assert_eq(r.months, 3);
    cr_assert_eq(r.schools, 120);
    cr_assert_gt(r.teachers, 120);
    cr_assert_str_eq(r.scenario.name, "small");
    for (int c = 0; c < 4; c++) {
        cr_assert_eq(r.surveys[c].month, c % 2 ? 3 : 0);
        cr_assert_gt(r.surveys[c].n, 0);
        int bands = 0;
        for (int b = 0; b < BILIM_N_BANDS; b++)
            bands += r.surveys[c].band[b];
        cr_assert_eq(bands, r.surveys[c].n, "every surveyed principal is in one band");
    }
    for (size_t k = 0; k < 2 * 4 * r.layout.record_size; k++)
        cr_assert(isfinite(r.series[k]) || isnan(r.series[k]));
    cr_assert_eq(bilim_run_record(&r, 1, 2), r.series + (1 * 4 + 2) * r.layout.record_size);
    bilim_run_result_clear(&r);
    bilim_run_result_clear(&r);
}

Test(runner, rejects_inconsistent_scenarios)
{
    bilim_scenario sc;
    small_scenario(&sc, 50, 1, 3);
    bilim_run_result r;
    bilim_error err;
    bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
    sc.outputs.survey_months[1] = 4;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "survey month 4"), "%s", err.msg);
    cr_assert_null(r.series);
    sc.outputs.survey_months[1] = 3;
    sc.replicates = 0;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "replicates"), "%s", err.msg);
}

Test(runner, stops_when_interrupted)
{
    /* The command line's way: a signal sets the flag the run is given. */
    bilim_scenario sc;
    small_scenario(&sc, 50, 4, 3);
    bilim_signal_install();
    raise(SIGINT);
    cr_assert_eq(bilim_signal_interrupted(), SIGINT);
    bilim_run_result r;
    bilim_error err;
    for (int threads = 1; threads <= 2; threads++) {
        bilim_run_options opt = {threads, NULL, NULL, bilim_signal_flag(), NULL, 0};
        cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_EINTR);
        cr_assert_null(r.series, "an interrupted run keeps nothing");
    }
    bilim_signal_reset();
    bilim_run_options opt = {2, NULL, NULL, bilim_signal_flag(), NULL, 0};
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), 0, "%s", err.msg);
    bilim_run_result_clear(&r);
}

/* Cancels once the run reports `after` months done. */
typedef struct cancel_after {
    atomic_int flag;
    int64_t after, calls, last_done, total;
} cancel_after;

static void count_and_cancel(void *user, const bilim_run_progress *p)
{
    cancel_after *c = user;
    c->calls++;
    c->last_done = p->months_done;
    c->total = p->months_total;
    if (c->after > 0 && p->months_done >= c->after)
        atomic_store(&c->flag, 1);
}

Test(runner, progress_and_cancel_come_from_the_caller)
{
    /* The runner reads no signal: a raised signal without the flag does not
     * stop it; the caller's own flag does, and the callback sees every month. */
    bilim_scenario sc;
    small_scenario(&sc, 50, 2, 6);
    bilim_run_result r;
    bilim_error err;
    cancel_after c;
    memset(&c, 0, sizeof c);
    atomic_init(&c.flag, 0);
    bilim_run_options opt = {1, count_and_cancel, &c, &c.flag, NULL, 0};
    bilim_signal_install();
    raise(SIGINT);
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), 0, "%s", err.msg);
    bilim_signal_reset();
    cr_assert_eq(c.total, 12);
    cr_assert_eq(c.last_done, 12, "the last call reports the whole run");
    cr_assert_eq(c.calls, 12, "one call per month with one thread");
    bilim_run_result_clear(&r);
    memset(&c, 0, sizeof c);
    atomic_init(&c.flag, 0);
    c.after = 3;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_EINTR);
    cr_assert_eq(c.last_done, 3, "stops at the next month after the flag is set");
    cr_assert_null(r.series);
}

/* --- golden checksum --------------------------------------------------------- */

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* FNV-1a 64 of every series value and survey count of a fixed small run:
 * 200 schools of the national preset, 3 replicates, 12 months, seed 2026,
 * the default scenario with one incentive programme from month 3. */
static uint64_t golden_hash(void)
{
    bilim_scenario sc;
    small_scenario(&sc, 200, 3, 12);
    sc.n_interventions = 1;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_TEACHER_INCENTIVES);
    sc.interventions[0].start_month = 3;
    sc.interventions[0].unit_cost_kzt = 5000.0;
    bilim_run_result r;
    run(&sc, 2, &r);
    uint64_t h = UINT64_C(14695981039346656037);
    h = fnv1a(h, r.series, series_bytes(&r));
    for (size_t c = 0; c < survey_count(&r); c++) {
        const bilim_survey *s = &r.surveys[c];
        int32_t v[3 + BILIM_N_BANDS + BILIM_N_BARRIERS] = {s->month, s->n, s->n_rural};
        memcpy(v + 3, s->band, sizeof s->band);
        memcpy(v + 3 + BILIM_N_BANDS, s->barrier, sizeof s->barrier);
        h = fnv1a(h, v, sizeof v);
    }
    bilim_run_result_clear(&r);
    return h;
}

Test(runner, golden_checksum)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/golden/run_small.txt", test_source_dir());
    uint64_t h = golden_hash();
    const char *update = getenv("BILIM_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f, "cannot write %s", path);
        fprintf(f, "%016" PRIx64 "\n"
                   "# FNV-1a 64 of the series and surveys of tests/test_runner.c golden_hash():\n"
                   "# 200 schools, 3 replicates, 12 months, seed 2026. Update on purpose only:\n"
                   "# (cd build && BILIM_UPDATE_GOLDEN=1 ./test_runner), see docs/output.md.\n",
                h);
        fclose(f);
        return;
    }
    char *text = test_slurp(path);
    cr_assert_not_null(text, "%s is missing; create it with (cd build && BILIM_UPDATE_GOLDEN=1 "
                             "./test_runner)", path);
    uint64_t want = strtoull(text, NULL, 16);
    free(text);
    cr_assert_eq(h, want,
                 "results changed: hash %016" PRIx64 ", golden %016" PRIx64 ". If the change is "
                 "intended, run (cd build && BILIM_UPDATE_GOLDEN=1 ./test_runner) and commit "
                 "tests/golden/run_small.txt saying why",
                 h, want);
}
