/* tests/test_checkpoint.c: checkpoint and restart of one run (bilim run
 * --checkpoint-every K; docs/reliability.md, "Checkpoints").
 *
 * - the state descriptor (models/model_state.h) is complete: it covers every
 *   heap byte of the model, and a model restored from it into another model
 *   of the same replicate (stepped elsewhere meanwhile) steps on bit for bit
 *   like the original, every array compared;
 * - a run stopped right after each of its checkpoints in turn and resumed
 *   from the file, with 1, 2 or 3 threads, gives the records of an
 *   uninterrupted run, bit for bit;
 * - refusals: another seed, months, schools, replicates, parameter or bilim
 *   version, each named; a damaged, truncated or foreign file is an error,
 *   never a crash, and a foreign file is left alone. */
#include <criterion/criterion.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/hash.h"
#include "formats/checkpoint.h"
#include "formats/output_read.h"
#include "models/model_state.h"
#include "sim/runner.h"
#include "helpers.h"
#include "model_helpers.h"

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/bilim-test-ckpt-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* 30 schools, two innovations, one programme of every type, starting in
 * months 1 to 3 and lasting two years: the state of every type is live
 * when the run is cut. */
static void scenario(bilim_scenario *sc, int32_t replicates, int32_t months)
{
    tm_scenario(sc, 30, months);
    tm_add_innovation(sc, 0.6);
    snprintf(sc->name, sizeof sc->name, "checkpointed");
    sc->replicates = replicates;
    sc->outputs.by_locality = sc->outputs.by_region = 1;
    sc->outputs.n_survey_months = 2;
    sc->outputs.survey_months[0] = 0;
    sc->outputs.survey_months[1] = months;
    sc->n_interventions = BILIM_N_IV_TYPES;
    for (int i = 0; i < BILIM_N_IV_TYPES; i++) {
        bilim_intervention *iv = &sc->interventions[i];
        bilim_intervention_defaults(iv, (bilim_iv_type)i);
        snprintf(iv->name, sizeof iv->name, "programme_%d", i);
        iv->start_month = 1 + i % 3;
        iv->duration_months = 24;
    }
}

/* --- the state descriptor ------------------------------------------------------------ */

TestSuite(state, .timeout = 60);

static bilim_state_item *items_of(bilim_model *m, int *n)
{
    *n = bilim_model_state_items(m, NULL, 0);
    bilim_state_item *it = calloc((size_t)*n, sizeof *it);
    cr_assert_eq(bilim_model_state_items(m, it, *n), *n);
    return it;
}

static void step_to(bilim_model *m, int32_t month)
{
    bilim_error err;
    while (bilim_model_month(m) < month)
        cr_assert_eq(bilim_model_step(m, &err), BILIM_OK, "%s", err.msg);
}

Test(state, the_descriptor_covers_every_heap_byte_of_the_model)
{
    bilim_scenario sc;
    scenario(&sc, 1, 12);
    bilim_model *m = tm_alloc(&sc, 0);
    for (int32_t t = 0; t <= 6; t += 6) {
        step_to(m, t);
        cr_expect_eq(bilim_model_state_unlisted_bytes(m), 0,
                     "month %d: %lld heap bytes of the model are not in the state descriptor",
                     (int)t, (long long)bilim_model_state_unlisted_bytes(m));
    }
    int n;
    bilim_state_item *it = items_of(m, &n);
    cr_assert_gt(n, 60);
    for (int i = 0; i < n; i++) {
        cr_expect(it[i].data != NULL && it[i].elem_size > 0, "%s", it[i].name);
        for (int j = 0; j < i; j++)
            cr_expect_neq(strcmp(it[i].name, it[j].name), 0, "%s listed twice", it[i].name);
    }
    free(it);
    bilim_model_free(m);
}

/* Every item of a and b equal, byte for byte; returns the first that is not. */
static const char *first_difference(bilim_model *a, bilim_model *b)
{
    static char name[BILIM_STATE_NAME_MAX];
    int na, nb;
    bilim_state_item *x = items_of(a, &na), *y = items_of(b, &nb);
    cr_assert_eq(na, nb);
    const char *diff = NULL;
    for (int i = 0; i < na && !diff; i++) {
        cr_assert_str_eq(x[i].name, y[i].name);
        cr_assert_eq(x[i].count * x[i].elem_size, y[i].count * y[i].elem_size, "%s", x[i].name);
        if (memcmp(x[i].data, y[i].data, x[i].count * x[i].elem_size) != 0) {
            snprintf(name, sizeof name, "%s", x[i].name);
            diff = name;
        }
    }
    free(x);
    free(y);
    return diff;
}

Test(state, a_restored_model_steps_on_bit_for_bit)
{
    bilim_scenario sc;
    scenario(&sc, 2, 30);
    for (int32_t rep = 0; rep < 2; rep++) {
        bilim_model *a = tm_alloc(&sc, rep), *b = tm_alloc(&sc, rep);
        step_to(a, 9);
        step_to(b, 14); /* elsewhere: every item the copy misses keeps month 14's value */
        cr_assert_not_null(first_difference(a, b));
        int na, nb;
        bilim_state_item *x = items_of(a, &na), *y = items_of(b, &nb);
        for (int i = 0; i < na; i++)
            memcpy(y[i].data, x[i].data, x[i].count * x[i].elem_size);
        free(x);
        free(y);
        cr_assert_eq(bilim_model_month(b), 9);
        bilim_obs_layout L;
        bilim_obs_layout_init(&L, &sc);
        double *ra = calloc(L.record_size, sizeof *ra), *rb = calloc(L.record_size, sizeof *rb);
        for (int32_t t = 9; t <= 30; t++) {
            step_to(a, t);
            step_to(b, t);
            const char *d = first_difference(a, b);
            cr_assert_null(d, "replicate %d, month %d: %s differs", (int)rep, (int)t, d);
            bilim_model_observe(a, &L, ra);
            bilim_model_observe(b, &L, rb);
            cr_assert_eq(memcmp(ra, rb, L.record_size * sizeof *ra), 0, "month %d", (int)t);
        }
        free(ra);
        free(rb);
        bilim_model_free(a);
        bilim_model_free(b);
    }
}

/* --- stopped after each checkpoint, resumed from the file ------------------------------ */

TestSuite(resume, .init = make_dir, .fini = remove_dir, .timeout = 120);

typedef struct stopper {
    const char *path;
    const bilim_scenario *sc;
    int saves, stop_at; /* stop right after save number stop_at (1-based) */
} stopper;

static int save_and_stop(void *user, const bilim_run_snapshot *s, bilim_error *err)
{
    stopper *st = user;
    int rc = bilim_checkpoint_write(st->path, st->sc, s, err);
    if (rc)
        return rc;
    if (++st->saves == st->stop_at)
        return bilim_error_set(err, BILIM_EINTR, "stopped after checkpoint %d", st->saves);
    return BILIM_OK;
}

static void expect_same_result(const bilim_run_result *a, const bilim_run_result *b,
                               const char *what)
{
    const bilim_scenario *sc = &a->scenario;
    size_t records = (size_t)sc->replicates * ((size_t)sc->months + 1) * a->layout.record_size;
    size_t surveys = (size_t)sc->replicates * (size_t)sc->outputs.n_survey_months;
    cr_assert_eq(a->layout.record_size, b->layout.record_size, "%s", what);
    cr_expect_eq(memcmp(a->series, b->series, records * sizeof *a->series), 0,
                 "%s: the records differ", what);
    cr_expect_eq(memcmp(a->surveys, b->surveys, surveys * sizeof *a->surveys), 0,
                 "%s: the surveys differ", what);
    cr_expect_eq(a->schools, b->schools, "%s", what);
    cr_expect_eq(a->teachers, b->teachers, "%s", what);
}

Test(resume, after_every_checkpoint_with_any_thread_count_is_bit_identical)
{
    bilim_scenario sc;
    scenario(&sc, 3, 30);
    char path[128];
    snprintf(path, sizeof path, "%s/r.h5.checkpoint", dir);
    bilim_error err;
    bilim_run_result ref;
    bilim_run_options o2 = {2, NULL, NULL, NULL};
    cr_assert_eq(bilim_run_scenario(&sc, &o2, &ref, &err), BILIM_OK, "%s", err.msg);
    /* one thread: replicates one after the other, 14 checkpoints, each one a
     * stop; then a stop in a wave of 2 and in one of 3 */
    int stopped = 0;
    const int cases[][2] = {{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8},
                            {1, 9}, {1, 10}, {1, 11}, {1, 12}, {1, 13}, {1, 14}, {1, 15},
                            {2, 6}, {3, 2}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const int threads = cases[k][0], stop_at = cases[k][1];
        const int resume_threads = 1 + (stop_at + 1) % 3;
        stopper st = {path, &sc, 0, stop_at};
        bilim_run_checkpoints ck = {6, save_and_stop, &st, NULL};
        bilim_run_options o = {threads, NULL, NULL, NULL};
        bilim_run_result r;
        int rc = bilim_run_scenario_checkpointed(&sc, &o, &ck, &r, &err);
        if (rc == BILIM_OK) { /* fewer checkpoints than stop_at */
            cr_expect_eq(st.saves, 14, "%d checkpoints", st.saves);
            expect_same_result(&ref, &r, "uninterrupted, with checkpoints");
            bilim_run_result_clear(&r);
            continue;
        }
        cr_assert_eq(rc, BILIM_EINTR, "%s", err.msg);
        stopped++;
        bilim_checkpoint *c = NULL;
        cr_assert_eq(bilim_checkpoint_read(path, &sc, &c, &err), BILIM_OK, "%s", err.msg);
        /* resumed with other threads and another K, and every other time
         * stopped once more and resumed again */
        stopper again = {path, &sc, 0, stop_at % 2 ? 2 : 0};
        bilim_run_checkpoints ck2 = {stop_at % 2 ? 4 : 0, save_and_stop, &again,
                                     bilim_checkpoint_resume(c)};
        bilim_run_options o3 = {resume_threads, NULL, NULL, NULL};
        rc = bilim_run_scenario_checkpointed(&sc, &o3, &ck2, &r, &err);
        bilim_checkpoint_free(c);
        if (rc == BILIM_EINTR) {
            cr_assert_eq(bilim_checkpoint_read(path, &sc, &c, &err), BILIM_OK, "%s", err.msg);
            bilim_run_checkpoints ck3 = {0, NULL, NULL, bilim_checkpoint_resume(c)};
            rc = bilim_run_scenario_checkpointed(&sc, &o2, &ck3, &r, &err);
            bilim_checkpoint_free(c);
        }
        cr_assert_eq(rc, BILIM_OK, "%s", err.msg);
        char what[96];
        snprintf(what, sizeof what, "stopped after checkpoint %d (%d threads), resumed on %d",
                 stop_at, threads, resume_threads);
        expect_same_result(&ref, &r, what);
        bilim_run_result_clear(&r);
    }
    cr_expect_eq(stopped, 16, "%d stops", stopped);
    bilim_run_result_clear(&ref);
}
