/* tests/test_alloc_failures.c: every out-of-memory path of a scenario load,
 * a run, a comparison (with its HDF5 and CSV output), the public C API
 * (lib/bilim.h), a calibration load and the reading of a result file, walked as SQLite does. Each operation is first run with the allocation
 * hook (base/alloc.h) only counting, which gives its N allocations; then,
 * for n = 0 .. N-1, twice: with allocation n and every later one failing,
 * and with allocation n alone failing (the code then goes on with memory,
 * so its clean-up runs with more to undo, and a failure it ignores shows
 * as a success). Each of those calls must return an error (BILIM_ENOMEM, or
 * another code whose message says memory), must not crash, and must leave
 * nothing allocated: the hook's live count (blocks allocated minus blocks
 * freed while it is on) is back at 0 after the call, and the sanitizer
 * build's LeakSanitizer checks the same at exit. A successful call frees
 * what it made while the hook is still on, so its live count must be 0 too.
 *
 * One thread (OpenMP), so that allocation n is the same allocation in every
 * call. Criterion runs each test in its own process. */
#include <criterion/criterion.h>
#include <limits.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "base/alloc.h"
#include "formats/checkpoint.h"
#include "formats/calib_load.h"
#include "formats/output_read.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "lib/bilim.h"
#include "sim/runner.h"
#include "helpers.h"

/* An operation under test. once: the walk fails one allocation at a time
 * (an operation may then skip work that allocates nothing, such as the
 * fsync of a file it would only delete). */
typedef int (*op_fn)(void *ctx, int once, bilim_error *err);

/* The first message of a loader's diags into err (the code is rc). */
static int from_diags(int rc, const bilim_diags *d, bilim_error *err)
{
    bilim_error_clear(err);
    err->code = rc;
    if (d && bilim_diags_count(d) > 0)
        snprintf(err->msg, sizeof err->msg, "%s", bilim_diags_get(d, 0));
    return rc;
}

/* An out-of-memory error: BILIM_ENOMEM, or a message that says memory. */
static int is_nomem(int rc, const bilim_error *err)
{
    return rc == BILIM_ENOMEM || strstr(err->msg, "memory") != NULL;
}

/* Walks every allocation of op in both modes; returns N. */
static long walk(const char *what, op_fn op, void *ctx)
{
    long N[2] = {0, 0};
    for (int once = 0; once < 2; once++) {
        bilim_error err;
        bilim_error_clear(&err);
        bilim_alloc_fail_after(LONG_MAX);
        int rc = op(ctx, once, &err);
        const long live0 = bilim_alloc_live();
        N[once] = bilim_alloc_count();
        bilim_alloc_fail_after(-1);
        cr_assert_eq(rc, BILIM_OK, "%s: %s", what, err.msg);
        cr_assert_eq(live0, 0, "%s: a successful call leaves %ld blocks", what, live0);
        cr_assert_gt(N[once], 0, "%s allocates nothing", what);
        long bad = 0;  /* failing allocations the call mishandled; the first few are shown */
        for (long n = 0; n < N[once]; n++) {
            bilim_error_clear(&err);
            if (once)
                bilim_alloc_fail_once(n);
            else
                bilim_alloc_fail_after(n);
            rc = op(ctx, once, &err);
            const long live = bilim_alloc_live();
            bilim_alloc_fail_after(-1);
            const char *wrong = rc == BILIM_OK ? "succeeds anyway"
                                : !is_nomem(rc, &err) ? "reports another error"
                                : live != 0 ? "leaks" : NULL;
            if (wrong && bad++ < 8)
                cr_expect(0, "%s: allocation %ld of %ld fails%s: %s (error %d, '%s', %ld blocks "
                          "left)", what, n, N[once], once ? " alone" : ", and every later one",
                          wrong, rc, err.msg, live);
        }
        cr_assert_eq(bad, 0, "%s: %ld of %ld allocation failures mishandled (%s)", what, bad,
                     N[once], once ? "one at a time" : "from the n-th on");
    }
    cr_assert_eq(N[0], N[1], "%s: the same call allocates %ld or %ld times", what, N[0], N[1]);
    cr_log_info("%s: %ld allocations walked, twice", what, N[0]);
    return N[0];
}

/* --- (a) scenario loads -------------------------------------------------------- */

typedef struct load_ctx {
    const char *path;   /* the file, or the origin of text */
    const char *text;   /* NULL: load the file */
    bilim_scenario sc;
} load_ctx;

static int load_scenario(void *p, int once, bilim_error *err)
{
    (void)once;
    load_ctx *c = p;
    bilim_diags *d = bilim_diags_alloc();
    if (!d)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    char *json = NULL;
    int rc = c->text ? bilim_scenario_load_string(c->text, c->path, &c->sc, &json, d)
                     : bilim_scenario_load(c->path, &c->sc, &json, d);
    from_diags(rc, d, err);
    if (rc == BILIM_OK && !json)
        rc = bilim_error_set(err, BILIM_EINTERNAL, "no resolved JSON");
    bilim_free(json);
    bilim_diags_free(d);
    return rc;
}

/* A scenario that extends another (baseline.json, which names a
 * parameter_file) and adds programmes of four types. */
#define SHIPPED_PACKAGE "/scenarios/package_rural_equity.json"

Test(alloc_failures, scenario_file_with_extends_and_parameter_file)
{
    static load_ctx c;
    char path[4096];
    snprintf(path, sizeof path, "%s%s", test_source_dir(), SHIPPED_PACKAGE);
    c.path = path;
    walk("loading " SHIPPED_PACKAGE, load_scenario, &c);
}

Test(alloc_failures, scenario_string_with_extends)
{
    static load_ctx c;
    char path[4096];
    snprintf(path, sizeof path, "%s%s", test_source_dir(), SHIPPED_PACKAGE);
    char *text = test_slurp(path);
    cr_assert_not_null(text);
    c.path = path;
    c.text = text;
    walk("loading " SHIPPED_PACKAGE " from memory", load_scenario, &c);
    free(text);
}

/* --- (b) a run through the engine ------------------------------------------------ */

/* 20 schools of the national preset, 2 replicates, 4 months, surveys at 0
 * and 4, by locality and region, one programme of every type. */
static void small_scenario(bilim_scenario *sc, int with_programmes)
{
    bilim_scenario_defaults(sc);
    snprintf(sc->name, sizeof sc->name, "%s", with_programmes ? "programmes" : "baseline");
    sc->replicates = 2;
    sc->months = 4;
    sc->outputs.by_locality = sc->outputs.by_region = 1;
    sc->outputs.n_survey_months = 2;
    sc->outputs.survey_months[0] = 0;
    sc->outputs.survey_months[1] = 4;
    bilim_population pop;
    bilim_error err;
    cr_assert_eq(bilim_population_sample(&sc->population, 20, &pop, &err), BILIM_OK, "%s",
                 err.msg);
    sc->population = pop;
    if (!with_programmes)
        return;
    sc->n_interventions = BILIM_N_IV_TYPES;
    for (int i = 0; i < BILIM_N_IV_TYPES; i++) {
        bilim_intervention *iv = &sc->interventions[i];
        bilim_intervention_defaults(iv, (bilim_iv_type)i);
        snprintf(iv->name, sizeof iv->name, "programme_%d", i);
        iv->duration_months = 3;
        iv->start_month = i % 2;
    }
}

typedef struct run_ctx {
    bilim_scenario sc;
} run_ctx;

static int run_small(void *p, int once, bilim_error *err)
{
    (void)once;
    run_ctx *c = p;
    bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
    bilim_run_result r;
    int rc = bilim_run_scenario(&c->sc, &opt, &r, err);
    if (rc == BILIM_OK)
        bilim_run_result_clear(&r);
    return rc;
}

Test(alloc_failures, run_with_every_programme_type)
{
    omp_set_num_threads(1);
    static run_ctx c;
    small_scenario(&c.sc, 1);
    walk("a run of 20 schools, 2 replicates, 4 months, 7 programmes", run_small, &c);
}

/* A checkpointed run of one replicate (one checkpoint, at month 2: each
 * costs an fsync), then the checkpoint read back and the run resumed from
 * it: every allocation of the state descriptor, the writer (its output
 * set), the reader and the restore of a replicate in flight. */
typedef struct checkpoint_ctx {
    bilim_scenario sc;
    char path[4096];
} checkpoint_ctx;

static int save(void *user, const bilim_run_snapshot *s, bilim_error *err)
{
    checkpoint_ctx *c = user;
    return bilim_checkpoint_write(c->path, &c->sc, s, err);
}

static int run_checkpointed(void *p, int once, bilim_error *err)
{
    (void)once;
    checkpoint_ctx *c = p;
    remove(c->path);
    bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
    bilim_run_checkpoints ck = {2, save, c, NULL};
    bilim_run_result r;
    int rc = bilim_run_scenario_checkpointed(&c->sc, &opt, &ck, &r, err);
    if (rc)
        return rc;
    bilim_run_result_clear(&r);
    bilim_checkpoint *cp = NULL;
    rc = bilim_checkpoint_read(c->path, &c->sc, &cp, err);
    if (rc)
        return rc;
    bilim_run_checkpoints again = {0, NULL, NULL, bilim_checkpoint_resume(cp)};
    rc = bilim_run_scenario_checkpointed(&c->sc, &opt, &again, &r, err);
    if (!rc)
        bilim_run_result_clear(&r);
    bilim_checkpoint_free(cp);
    return rc;
}

Test(alloc_failures, checkpoint_write_read_and_resume)
{
    omp_set_num_threads(1);
    static checkpoint_ctx c;
    small_scenario(&c.sc, 1);
    c.sc.replicates = 1;
    char dir[] = "/tmp/bilim-alloc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    snprintf(c.path, sizeof c.path, "%s/r.h5.checkpoint", dir);
    walk("a checkpointed run of 1 replicate, 4 months, 7 programmes, and its resume",
         run_checkpointed, &c);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* --- (c) a comparison, its HDF5 file and its CSV tables --------------------------- */

typedef struct compare_ctx {
    bilim_run_result runs[2];
    bilim_run_result parts[2];  /* the option is a package of 2 parts: each alone */
    char *json[2];
    char h5[4096], csv[4096];
} compare_ctx;

static int compare_runs(void *p, int once, bilim_error *err)
{
    compare_ctx *c = p;
    bilim_comparison cmp;
    int rc = bilim_compare_compute(c->runs, 2, &cmp, err);
    if (rc)
        return rc;
    cmp.packages = bilim_calloc(1, sizeof *cmp.packages);
    rc = cmp.packages ? bilim_compare_parts_compute(c->runs, 1, c->parts, 2,
                                                    (double)c->runs[0].teachers,
                                                    &cmp.packages[0], err)
                      : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    cmp.n_packages = !rc;
    if (rc) {
        bilim_comparison_clear(&cmp);
        return rc;
    }
    bilim_output *o = NULL;
    rc = bilim_output_create(c->h5, &o, err);
    for (int i = 0; !rc && i < 2; i++)
        rc = bilim_output_write_run(o, &c->runs[i], c->json[i], err);
    if (!rc)
        rc = bilim_compare_write(o, &cmp, err);
    /* Committing allocates nothing but syncs the file to disk, the walk's
     * main cost: walking one failure at a time, the file is dropped instead. */
    if (!rc && !once)
        rc = bilim_output_commit(o, err);
    else
        bilim_output_abort(o);
    if (!rc)
        rc = bilim_csv_write_comparison(&cmp, c->csv, NULL, err);
    bilim_comparison_clear(&cmp);
    return rc;
}

Test(alloc_failures, comparison_with_hdf5_and_csv)
{
    omp_set_num_threads(1);
    static compare_ctx c;
    for (int i = 0; i < 2; i++) {
        static bilim_scenario sc;
        small_scenario(&sc, i);
        sc.package.parts = i ? 3u : 0u; /* programmes 0 and 1 */
        bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
        bilim_error err;
        cr_assert_eq(bilim_run_scenario(&sc, &opt, &c.runs[i], &err), BILIM_OK, "%s", err.msg);
        c.json[i] = bilim_scenario_to_json(&sc, NULL);
        cr_assert_not_null(c.json[i]);
        for (int k = 0; i && k < 2; k++) {
            static bilim_scenario one;
            cr_assert_eq(bilim_compare_parts_scenario(&sc, k, &one, &err), BILIM_OK);
            cr_assert_eq(bilim_run_scenario(&one, &opt, &c.parts[k], &err), BILIM_OK, "%s",
                         err.msg);
        }
    }
    char dir[] = "/tmp/bilim-alloc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    snprintf(c.h5, sizeof c.h5, "%s/compare.h5", dir);
    snprintf(c.csv, sizeof c.csv, "%s/csv", dir);
    walk("a comparison of two runs and a package's two parts alone, written to HDF5 and CSV",
         compare_runs, &c);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    for (int i = 0; i < 2; i++) {
        bilim_run_result_clear(&c.runs[i]);
        bilim_free(c.json[i]);
    }
}

/* --- (c') the public C API (lib/bilim.h): load, override, run, read, write, compare --- */

typedef struct api_ctx {
    const char *json[2];    /* a baseline and an option, of the default population */
    char h5[4096];
} api_ctx;

static int from_status(const bilim_status *st, bilim_error *err)
{
    bilim_error_clear(err);
    err->code = st->code;
    snprintf(err->msg, sizeof err->msg, "%.*s", (int)sizeof err->msg - 1, st->message);
    return st->code;
}

/* The loader, the engine, the writers and the comparison are walked above:
 * here short texts and a small run (20 schools), so that the walk covers
 * what the API adds around them at little cost (bilim_compare_to_file:
 * public_api_compare_to_file below). */
static int api_calls(void *p, int once, bilim_error *err)
{
    (void)once;
    api_ctx *c = p;
    bilim_status st = {0, ""};
    bilim_spec *spec[2] = {NULL, NULL};
    bilim_result *r = NULL;
    double v[1 * 3 * 3];
    for (int i = 0; !st.code && i < 2; i++)
        if (bilim_spec_load_string(c->json[i], "small.json", &spec[i], &st) == 0)
            bilim_spec_set(spec[i], "schools", 20, &st); /* sampled when run */
    if (!st.code) {
        bilim_spec *copy = bilim_spec_copy(spec[1]);
        if (!copy)
            st.code = BILIM_STATUS_NOMEM, snprintf(st.message, sizeof st.message, "memory");
        bilim_spec_free(copy);
    }
    if (!st.code) /* a new value: the resolved JSON is written again */
        bilim_spec_set(spec[1], "eta_pd", 0.03125, &st);
    if (!st.code)
        bilim_run(spec[0], 1, NULL, NULL, &r, &st);
    if (!st.code)
        bilim_result_series(r, "readiness_band_share", v, sizeof v / sizeof v[0], &st);
    if (!st.code)
        bilim_result_write(r, c->h5, &st);
    bilim_result_free(r);
    bilim_spec_free(spec[0]);
    bilim_spec_free(spec[1]);
    return from_status(&st, err);
}

Test(alloc_failures, public_api)
{
    omp_set_num_threads(1);
    static api_ctx c;
    /* Short texts: the loader's own paths are walked above. */
    c.json[0] = "{\"name\": \"baseline\", \"replicates\": 1, \"months\": 2}";
    c.json[1] = "{\"name\": \"option\", \"replicates\": 1, \"months\": 2}";
    char dir[] = "/tmp/bilim-alloc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    snprintf(c.h5, sizeof c.h5, "%s/run.h5", dir);
    walk("the C API: two scenarios loaded, one copied, overrides, a run, its series, its "
         "file", api_calls, &c);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* bilim_compare_to_file of two tiny specs (20 schools, 2 months, 1
 * replicate), over a previous file: a failure must leave that file as it
 * was and no temporary beside it. */
typedef struct api_compare_ctx {
    const bilim_spec *specs[2];
    char dir[64], h5[128];
} api_compare_ctx;

static const char previous[] = "the previous comparison";

static int api_compare(void *p, int once, bilim_error *err)
{
    (void)once;
    api_compare_ctx *c = p;
    bilim_status st = {0, ""};
    int rc = bilim_compare_to_file(c->specs, 2, 1, NULL, NULL, c->h5, &st);
    from_status(&st, err);
    char *now = test_slurp(c->h5);
    int kept = now && strcmp(now, previous) == 0;
    free(now);
    if (rc && (!kept || test_count_entries(c->dir, "bilim-tmp") != 0))
        return bilim_error_set(err, BILIM_EINTERNAL, "failed but changed %s or left a "
                               "temporary file", c->h5); /* not "memory": another error */
    if (!rc) /* written: the previous file again for the next call */
        test_write_in(c->dir, "compare.h5", previous);
    return rc;
}

Test(alloc_failures, public_api_compare_to_file)
{
    omp_set_num_threads(1);
    static api_compare_ctx c;
    static const char *const json[2] = {
        "{\"name\": \"baseline\", \"replicates\": 1, \"months\": 2}",
        "{\"name\": \"option\", \"replicates\": 1, \"months\": 2, "
        "\"parameters\": {\"eta_pd\": 0.03125}}"};
    snprintf(c.dir, sizeof c.dir, "/tmp/bilim-alloc-XXXXXX");
    cr_assert_not_null(mkdtemp(c.dir));
    snprintf(c.h5, sizeof c.h5, "%s/compare.h5", c.dir);
    test_write_in(c.dir, "compare.h5", previous);
    /* Files, so that the output is checked against them (the inputs). */
    bilim_spec *spec[2] = {NULL, NULL};
    char path[2][128];
    for (int i = 0; i < 2; i++) {
        snprintf(path[i], sizeof path[i], "%s/s%d.json", c.dir, i);
        test_write_in(c.dir, path[i] + strlen(c.dir) + 1, json[i]);
        bilim_status st;
        cr_assert_eq(bilim_spec_load(path[i], &spec[i], &st), 0, "%s", st.message);
        cr_assert_eq(bilim_spec_set(spec[i], "schools", 20, &st), 0, "%s", st.message);
        c.specs[i] = spec[i];
    }
    walk("the C API: bilim_compare_to_file of two specs", api_compare, &c);
    remove(c.h5);
    remove(path[0]);
    remove(path[1]);
    cr_assert_eq(rmdir(c.dir), 0);
    bilim_spec_free(spec[0]);
    bilim_spec_free(spec[1]);
}

/* --- (d) the calibration loader ----------------------------------------------------- */

typedef struct calib_ctx {
    char path[4096];
    bilim_calibration cal;
} calib_ctx;

static int load_calibration(void *p, int once, bilim_error *err)
{
    (void)once;
    calib_ctx *c = p;
    bilim_diags *d = bilim_diags_alloc();
    if (!d)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    bilim_calib_texts texts = {NULL, NULL, NULL, NULL};
    int rc = bilim_calib_load(c->path, &c->cal, &texts, d);
    from_diags(rc, d, err);
    bilim_calib_texts_clear(&texts);
    bilim_diags_free(d);
    return rc;
}

/* The shipped calibration: its base scenario (baseline.json and its
 * parameter file) and the survey's targets file. */
Test(alloc_failures, calibration_file)
{
    static calib_ctx c;
    snprintf(c.path, sizeof c.path, "%s/scenarios/calibration/kz-2026-survey.json",
             test_source_dir());
    walk("loading scenarios/calibration/kz-2026-survey.json", load_calibration, &c);
}

/* --- (e) reading a result file back ---------------------------------------------------- */

typedef struct read_ctx {
    char h5[4096];
} read_ctx;

static int read_result(void *p, int once, bilim_error *err)
{
    (void)once;
    read_ctx *c = p;
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n = -1;
    int rc = bilim_output_read(c->h5, &runs, &jsons, &n, err);
    if (rc == BILIM_OK && (n != 2 || !runs || !jsons || !jsons[0] || !jsons[1]))
        rc = bilim_error_set(err, BILIM_EINTERNAL, "read %d runs, not 2", n);
    if (runs || jsons)
        bilim_output_read_free(runs, jsons, n > 0 ? n : 0);
    char *value = NULL;  /* as bilim report reads /comparison's attributes */
    if (rc == BILIM_OK)
        rc = bilim_output_read_attr_string(c->h5, "/scenarios/baseline", "scenario_json", &value,
                                           err);
    if (rc == BILIM_OK && (!value || value[0] != '{'))
        rc = bilim_error_set(err, BILIM_EINTERNAL, "the scenario_json read is not JSON");
    bilim_free(value);
    return rc;
}

/* The file of two small runs (surveys, by locality and region) as bilim run
 * writes it. */
Test(alloc_failures, reading_a_result_file)
{
    omp_set_num_threads(1);
    static read_ctx c;
    char dir[] = "/tmp/bilim-alloc-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    snprintf(c.h5, sizeof c.h5, "%s/runs.h5", dir);
    bilim_output *o = NULL;
    bilim_error err;
    cr_assert_eq(bilim_output_create(c.h5, &o, &err), BILIM_OK, "%s", err.msg);
    for (int i = 0; i < 2; i++) {
        static bilim_scenario sc;
        small_scenario(&sc, i);
        bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
        bilim_run_result r;
        cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_OK, "%s", err.msg);
        char *json = bilim_scenario_to_json(&sc, NULL);
        cr_assert_not_null(json);
        cr_assert_eq(bilim_output_write_run(o, &r, json, &err), BILIM_OK, "%s", err.msg);
        bilim_free(json);
        bilim_run_result_clear(&r);
    }
    cr_assert_eq(bilim_output_commit(o, &err), BILIM_OK, "%s", err.msg);
    walk("reading a result file of two runs", read_result, &c);
    remove(c.h5);
    cr_assert_eq(rmdir(dir), 0);
}
