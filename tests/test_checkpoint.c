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

/* The schools each intervention reached (a checkpoint holds them for the
 * replicates it has finished). */
static void expect_same_reached(const bilim_run_result *a, const bilim_run_result *b,
                                const char *what)
{
    size_t n = (size_t)a->replicates * (size_t)a->scenario.n_interventions *
               (size_t)a->reached_schools;
    cr_assert(n > 0 && a->reached && b->reached, "%s: the scenario reaches schools", what);
    cr_expect_eq(memcmp(a->reached, b->reached, n), 0, "%s: the reached schools differ", what);
}

Test(resume, after_every_checkpoint_with_any_thread_count_is_bit_identical)
{
    bilim_scenario sc;
    scenario(&sc, 3, 30);
    char path[128];
    snprintf(path, sizeof path, "%s/r.h5.checkpoint", dir);
    bilim_error err;
    bilim_run_result ref;
    bilim_run_options o2 = {2, NULL, NULL, NULL, NULL, 0};
    cr_assert_eq(bilim_run_scenario(&sc, &o2, &ref, &err), BILIM_OK, "%s", err.msg);
    /* one thread: replicates one after the other, 14 checkpoints, each one a
     * stop; then stops in waves of 2 and of 3, resumed on fewer threads than
     * replicates in flight */
    int stopped = 0;
    const int cases[][2] = {{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8},
                            {1, 9}, {1, 10}, {1, 11}, {1, 12}, {1, 13}, {1, 14}, {1, 15},
                            {2, 6}, {3, 2}, {3, 3}, {2, 5}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const int threads = cases[k][0], stop_at = cases[k][1];
        const int resume_threads = 1 + (stop_at + 1) % 3;
        stopper st = {path, &sc, 0, stop_at};
        bilim_run_checkpoints ck = {6, save_and_stop, &st, NULL};
        bilim_run_options o = {threads, NULL, NULL, NULL, NULL, 0};
        bilim_run_result r;
        int rc = bilim_run_scenario_checkpointed(&sc, &o, &ck, &r, &err);
        if (rc == BILIM_OK) { /* fewer checkpoints than stop_at */
            cr_expect_eq(st.saves, 14, "%d checkpoints", st.saves);
            expect_same_result(&ref, &r, "uninterrupted, with checkpoints");
            expect_same_reached(&ref, &r, "uninterrupted, with checkpoints");
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
        bilim_run_options o3 = {resume_threads, NULL, NULL, NULL, NULL, 0};
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
        expect_same_reached(&ref, &r, what);
        bilim_run_result_clear(&r);
    }
    cr_expect_eq(stopped, 18, "%d stops", stopped);
    bilim_run_result_clear(&ref);
}

/* --- refusals and damage --------------------------------------------------------------- */

TestSuite(refuse, .init = make_dir, .fini = remove_dir, .timeout = 60);

/* A checkpoint of sc (3 replicates, 30 months) stopped after its second save. */
static void make_checkpoint(const bilim_scenario *sc, const char *path)
{
    stopper st = {path, sc, 0, 2};
    bilim_run_checkpoints ck = {6, save_and_stop, &st, NULL};
    bilim_run_options o = {1, NULL, NULL, NULL, NULL, 0};
    bilim_run_result r;
    bilim_error err;
    cr_assert_eq(bilim_run_scenario_checkpointed(sc, &o, &ck, &r, &err), BILIM_EINTR, "%s",
                 err.msg);
}

static void expect_refused(const char *path, const bilim_scenario *sc, const char *needle,
                           const char *what)
{
    bilim_checkpoint *c = NULL;
    bilim_error err;
    bilim_error_clear(&err);
    int rc = bilim_checkpoint_read(path, sc, &c, &err);
    cr_expect_eq(rc, BILIM_EINVAL, "%s: accepted (%d)", what, rc);
    cr_expect_null(c, "%s", what);
    cr_expect(strstr(err.msg, needle) != NULL, "%s: '%s' does not say '%s'", what, err.msg,
              needle);
    bilim_checkpoint_free(c);
}

Test(refuse, another_seed_months_replicates_schools_or_parameter_is_named)
{
    bilim_scenario sc, other;
    scenario(&sc, 3, 30);
    char path[128];
    snprintf(path, sizeof path, "%s/r.h5.checkpoint", dir);
    make_checkpoint(&sc, path);
    bilim_checkpoint *c = NULL;
    bilim_error err;
    cr_assert_eq(bilim_checkpoint_read(path, &sc, &c, &err), BILIM_OK, "%s", err.msg);
    bilim_checkpoint_free(c);
    other = sc;
    other.seed++;
    expect_refused(path, &other, "\"seed\"", "another seed");
    other = sc;
    other.months = 31;
    expect_refused(path, &other, "\"months\"", "other months");
    other = sc;
    other.replicates = 4;
    expect_refused(path, &other, "\"replicates\"", "other replicates");
    other = sc;
    other.params.delta_R *= 1.5;
    expect_refused(path, &other, "\"delta_R\"", "another parameter");
    other = sc;
    other.interventions[2].start_month++;
    expect_refused(path, &other, "\"start_month\"", "another programme");
    other = sc;
    bilim_scenario national;
    bilim_scenario_defaults(&national);
    cr_assert_eq(bilim_population_sample(&national.population, 31, &other.population, &err),
                 BILIM_OK);
    expect_refused(path, &other, "different run", "other schools");
}

static unsigned char *slurp_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(*len + 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

static void spit(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(b, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

static unsigned char *find(unsigned char *b, size_t len, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(b + i, s, n) == 0)
            return b + i;
    return NULL;
}

/* Rewrites the checksum, as a file altered on purpose would have it. */
static void reseal(unsigned char *b, size_t len)
{
    uint64_t h = bilim_hash_bytes(BILIM_HASH_INIT, b, len - 8);
    memcpy(b + len - 8, &h, 8);
}

Test(refuse, another_bilim_is_named)
{
    bilim_scenario sc;
    scenario(&sc, 3, 30);
    char path[128];
    snprintf(path, sizeof path, "%s/r.h5.checkpoint", dir);
    make_checkpoint(&sc, path);
    size_t len;
    unsigned char *b = slurp_bytes(path, &len);
    unsigned char *v = find(b, len, "(commit ");
    cr_assert_not_null(v);
    v[-2] = v[-2] == '9' ? '8' : '9'; /* the last digit of the version */
    reseal(b, len);
    spit(path, b, len);
    expect_refused(path, &sc, "different bilim", "another version");
    free(b);
}

Test(refuse, damaged_truncated_or_foreign_files_are_errors_never_crashes)
{
    bilim_scenario sc;
    scenario(&sc, 3, 30);
    char path[128], bad[140];
    snprintf(path, sizeof path, "%s/r.h5.checkpoint", dir);
    snprintf(bad, sizeof bad, "%s/bad.checkpoint", dir);
    make_checkpoint(&sc, path);
    size_t len;
    unsigned char *b = slurp_bytes(path, &len);
    const size_t cuts[] = {0, 5, 17, 20, 30, 200, len / 2, len - 9, len - 8, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        spit(bad, b, cuts[i]);
        char what[64];
        snprintf(what, sizeof what, "cut to %zu of %zu bytes", cuts[i], len);
        expect_refused(bad, &sc, cuts[i] < 17 ? "not a bilim checkpoint" : "damaged", what);
    }
    for (int i = 0; i < 64; i++) { /* one byte flipped, past the magic */
        size_t at = 17 + (size_t)i * (len - 17) / 64;
        b[at] ^= 0x5a;
        spit(bad, b, len);
        char what[64];
        snprintf(what, sizeof what, "byte %zu of %zu flipped", at, len);
        expect_refused(bad, &sc, "damaged", what);
        b[at] ^= 0x5a;
    }
    /* altered with a valid checksum: the structure is still checked */
    unsigned char *c = malloc(len);
    memcpy(c, b, len);
    int32_t huge = 1 << 30;
    memcpy(c + len - 8 - 4, &huge, 4); /* inside the last state: a wrong value, harmless */
    reseal(c, len);
    spit(bad, c, len);
    bilim_checkpoint *ck = NULL;
    bilim_error err;
    int rc = bilim_checkpoint_read(bad, &sc, &ck, &err);
    cr_expect(rc == BILIM_OK || rc == BILIM_EINVAL, "%d", rc);
    bilim_checkpoint_free(ck);
    spit(bad, (const unsigned char *)"{\"not\": \"a checkpoint\"}\n", 24);
    expect_refused(bad, &sc, "not a bilim checkpoint", "a JSON file");
    free(c);
    free(b);
}

/* The command line: the note, the refusals and the messages. */
Test(refuse, the_command_names_the_checkpoint_and_leaves_a_foreign_file_alone)
{
    char args[1024], *out = NULL, *err = NULL;
    const char *opts = "--schools 20 --months 24 --replicates 2 --checkpoint-every 6 -t 1";
    snprintf(args, sizeof args, "run %s/scenarios/baseline.json -o %s/r.h5 %s", test_source_dir(),
             dir, opts);
    char ckp[128];
    snprintf(ckp, sizeof ckp, "%s/r.h5.checkpoint", dir);
    spit(ckp, (const unsigned char *)"precious\n", 9);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1, "%s", err);
    cr_expect(strstr(err, "r.h5.checkpoint: is not a bilim checkpoint; delete it") != NULL, "%s",
              err);
    char *kept = test_slurp(ckp);
    cr_expect_str_eq(kept, "precious\n");
    cr_expect_eq(access(ckp + 0, F_OK), 0);
    free(kept);
    free(out);
    free(err);
    /* a checkpoint of seed 1 refused by a run of seed 2 */
    remove(ckp);
    bilim_scenario sc;
    scenario(&sc, 3, 30);
    make_checkpoint(&sc, ckp);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_expect(strstr(err, "was made by a different run") && strstr(err, "delete it"), "%s", err);
    free(out);
    free(err);
    /* complete: the checkpoint is gone; without the option an existing one is noted */
    remove(ckp);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_expect_neq(access(ckp, F_OK), 0, "the checkpoint is left after success");
    free(out);
    free(err);
    make_checkpoint(&sc, ckp);
    snprintf(args, sizeof args, "run %s/scenarios/baseline.json -o %s/r.h5 --schools 20 "
             "--months 24", test_source_dir(), dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_expect(strstr(err, "is not used without --checkpoint-every") != NULL, "%s", err);
    cr_expect_eq(access(ckp, F_OK), 0);
    free(out);
    free(err);
}
