/* tests/test_lib.c: the public C API (lib/bilim.h, docs/api.md), in-process:
 * every function, its results against the engine and the result file, and
 * every error path (NULL arguments, unknown names, out-of-range values,
 * wrong sizes, cancellation, unwritable destinations, scenarios that cannot
 * be paired). The installed library is tested by tests/sh/api_example.sh,
 * its exports by tests/check_exports.cmake, its out-of-memory paths by
 * test_alloc_failures.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"
#include "formats/output_read.h"
#include "formats/scenario_load.h"
#include "lib/bilim.h"
#include "sim/runner.h"
#include "helpers.h"

static bilim_spec *load_small(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", test_source_dir());
    bilim_status st;
    bilim_spec *s = NULL;
    cr_assert_eq(bilim_spec_load(path, &s, &st), BILIM_STATUS_OK, "%s", st.message);
    cr_assert_eq(bilim_spec_set(s, "schools", 80, &st), 0, "%s", st.message);
    cr_assert_eq(bilim_spec_set(s, "replicates", 2, &st), 0, "%s", st.message);
    cr_assert_eq(bilim_spec_set(s, "months", 12, &st), 0, "%s", st.message);
    return s;
}

Test(lib, versions_and_status_names)
{
    cr_expect_str_eq(bilim_version(), "0.1.0");
    cr_expect_eq(bilim_api_version(), BILIM_API_VERSION);
    cr_expect_str_eq(bilim_status_name(BILIM_STATUS_INVALID), "invalid input");
    cr_expect_str_eq(bilim_status_name(BILIM_STATUS_CANCELLED), "cancelled");
    cr_expect_str_eq(bilim_status_name(BILIM_STATUS_NOMEM), "out of memory");
}

Test(lib, parameter_names)
{
    int n = bilim_parameter_count();
    cr_assert_gt(n, 50);
    cr_expect_str_eq(bilim_parameter_name(0), "dt_months");
    cr_expect_str_eq(bilim_parameter_name(n - 4), "seed");
    cr_expect_str_eq(bilim_parameter_name(n - 1), "schools");
    cr_expect_null(bilim_parameter_name(n));
    cr_expect_null(bilim_parameter_name(-1));
}

Test(lib, load_errors_are_values_with_messages)
{
    bilim_status st;
    bilim_spec *s = (bilim_spec *)&st; /* must be reset to NULL on failure */
    cr_expect_eq(bilim_spec_load("/nonexistent/x.json", &s, &st), BILIM_STATUS_IO);
    cr_expect_null(s);
    cr_expect(strstr(st.message, "/nonexistent/x.json") != NULL, "%s", st.message);
    /* Every error of a text, one a line, as bilim validate prints them. */
    const char *bad = "{\n  \"name\": \"x\",\n  \"replicates\": 0,\n  \"mnths\": 3\n}\n";
    cr_expect_eq(bilim_spec_load_string(bad, "bad.json", &s, &st), BILIM_STATUS_INVALID);
    cr_expect_str_eq(st.message,
                     "bad.json:3:17: replicates: 0 is out of range; expected an integer from 1 "
                     "to 100000\nbad.json:4:3: mnths: unknown key; did you mean \"months\"?");
    cr_expect_eq(bilim_spec_load_string("{\"name\": ", NULL, &s, &st), BILIM_STATUS_INVALID);
    cr_expect(strstr(st.message, ":1:") != NULL, "%s", st.message);
    cr_expect_eq(bilim_spec_load(NULL, &s, &st), BILIM_STATUS_USAGE);
    cr_expect_eq(bilim_spec_load("x.json", NULL, NULL), BILIM_STATUS_USAGE); /* st may be NULL */
    bilim_spec_free(NULL);
    bilim_result_free(NULL);
}

Test(lib, overrides_by_name)
{
    bilim_spec *s = load_small();
    bilim_status st;
    double v;
    cr_assert_eq(bilim_spec_get(s, "schools", &v, &st), 0);
    cr_expect_eq(v, 80);
    cr_assert_eq(bilim_spec_get(s, "eta_pd", &v, &st), 0);
    const double eta_pd = v;
    const char *json0 = bilim_spec_json(s);
    cr_expect_eq(bilim_spec_set(s, "eta_pd", eta_pd, &st), 0);
    cr_expect_eq(bilim_spec_json(s), json0, "an unchanged value keeps the loader's JSON");
    cr_assert_eq(bilim_spec_set(s, "eta_pd", 0.0375, &st), 0, "%s", st.message);
    cr_expect(strstr(bilim_spec_json(s), "\"eta_pd\": 0.0375") != NULL);
    bilim_spec_get(s, "eta_pd", &v, NULL);
    cr_expect_eq(v, 0.0375);
    /* The resolved JSON loads to the same parameters. */
    bilim_spec *again = NULL;
    cr_assert_eq(bilim_spec_load_string(bilim_spec_json(s), NULL, &again, &st), 0, "%s",
                 st.message);
    bilim_spec_get(again, "eta_pd", &v, NULL);
    cr_expect_eq(v, 0.0375);
    bilim_spec_free(again);
    /* A copy is independent. */
    bilim_spec *c = bilim_spec_copy(s);
    cr_assert_not_null(c);
    cr_expect_eq(bilim_spec_set(c, "seed", 99, &st), 0);
    bilim_spec_get(c, "seed", &v, NULL);
    cr_expect_eq(v, 99);
    bilim_spec_get(s, "seed", &v, NULL);
    cr_expect_neq(v, 99);
    cr_expect_str_eq(bilim_spec_name(c), "baseline");
    bilim_spec_free(c);
    bilim_spec_free(s);
}

Test(lib, bad_overrides)
{
    bilim_spec *s = load_small();
    bilim_status st;
    struct {
        const char *name;
        double value;
        int code;
        const char *message;
    } bad[] = {
        {"eta_pdd", 0.1, BILIM_STATUS_INVALID, "eta_pdd: unknown parameter; did you mean \"eta_pd\"?"},
        {"zzz", 0.1, BILIM_STATUS_INVALID, "zzz: unknown parameter; the names are listed in"},
        {"eta_pd", 1.5, BILIM_STATUS_INVALID, "eta_pd: found 1.5; allowed: a number from 0 to 1"},
        {"cluster_size", 2.5, BILIM_STATUS_INVALID, "cluster_size: found 2.5; allowed: an integer"},
        {"eta_pd", NAN, BILIM_STATUS_INVALID, "eta_pd: found nan; allowed: a finite number"},
        {"theta_low", 0.8, BILIM_STATUS_INVALID, "theta_low = 0.80000000000000004: "},
        {"replicates", 0, BILIM_STATUS_INVALID, "replicates: found 0; allowed: an integer from 1"},
        {"months", 1201, BILIM_STATUS_INVALID, "months: found 1201; allowed: an integer from 1 to 1200"},
        {"schools", 1e6, BILIM_STATUS_INVALID, "schools: found 1000000; allowed: an integer from 1 to"},
        {"seed", -1, BILIM_STATUS_INVALID, "seed: found -1; allowed: an integer from 0 to"},
        {"seed", 0.5, BILIM_STATUS_INVALID, "seed: found 0.5"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = bilim_spec_set(s, bad[i].name, bad[i].value, &st);
        cr_expect_eq(rc, bad[i].code, "%s", bad[i].name);
        cr_expect_eq(st.code, rc);
        cr_expect(strncmp(st.message, bad[i].message, strlen(bad[i].message)) == 0,
                  "%s: '%s'", bad[i].name, st.message);
    }
    /* A refused value changes nothing. */
    double v;
    bilim_spec_get(s, "theta_low", &v, NULL);
    cr_expect_lt(v, 0.8);
    bilim_spec_get(s, "replicates", &v, NULL);
    cr_expect_eq(v, 2);
    cr_expect_eq(bilim_spec_get(s, "eta_pdd", &v, &st), BILIM_STATUS_INVALID);
    cr_expect_eq(bilim_spec_set(NULL, "seed", 1, &st), BILIM_STATUS_USAGE);
    cr_expect_eq(bilim_spec_get(s, "seed", NULL, &st), BILIM_STATUS_USAGE);
    bilim_spec_free(s);
}

/* The API's run against the engine's on the same scenario: the same bits. */
Test(lib, run_is_the_engines_run)
{
    bilim_spec *s = load_small();
    bilim_status st;
    bilim_spec_set(s, "seed", 3, &st);
    bilim_result *r = NULL;
    cr_assert_eq(bilim_run(s, 2, NULL, NULL, &r, &st), 0, "%s", st.message);
    cr_expect_eq(bilim_result_replicates(r), 2);
    cr_expect_eq(bilim_result_months(r), 12);
    cr_expect_eq(bilim_result_schools(r), 80);
    cr_expect_gt(bilim_result_teachers(r), 80);
    cr_expect_str_eq(bilim_result_name(r), "baseline");

    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", test_source_dir());
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load(path, &sc, NULL, NULL), 0);
    sc.replicates = 2;
    sc.seed = 3;
    bilim_scenario_set_months(&sc, 12);
    cr_assert_eq(bilim_scenario_sample(&sc, 80, NULL), 0);
    bilim_run_options ro = {1, NULL, NULL, NULL, NULL, 0};
    bilim_run_result ref;
    cr_assert_eq(bilim_run_scenario(&sc, &ro, &ref, NULL), 0);

    int n = bilim_result_metric_count(r);
    int present = 0;
    for (int m = 0; m < BILIM_N_METRICS; m++)
        present += ref.layout.metrics[m].present;
    cr_expect_eq(n, present);
    cr_expect_null(bilim_result_metric_name(r, n));
    for (int i = 0; i < n; i++) {
        const char *name = bilim_result_metric_name(r, i);
        const bilim_metric *m = bilim_obs_find(&ref.layout, name);
        cr_assert(m && m->present, "%s", name);
        int n_axes, len[2];
        const char *axes[2];
        cr_assert_eq(bilim_result_metric_axes(r, name, &n_axes, axes, len, &st), 0);
        cr_expect_eq(n_axes, m->n_axes);
        size_t size = 1;
        for (int k = 0; k < n_axes; k++) {
            cr_expect_str_eq(axes[k], bilim_axis_name(m->axes[k]));
            cr_expect_eq(len[k], m->dims[k]);
            size *= (size_t)len[k];
            cr_expect_str_eq(bilim_result_axis_label(r, axes[k], 0),
                             bilim_axis_label(&ref.scenario, m->axes[k], 0));
            cr_expect_null(bilim_result_axis_label(r, axes[k], len[k]));
        }
        size_t total = 2 * 13 * size;
        double *v = malloc(total * sizeof *v);
        cr_assert_eq(bilim_result_series(r, name, v, total, &st), 0, "%s", st.message);
        for (int rep = 0; rep < 2; rep++)
            for (int t = 0; t <= 12; t++)
                cr_expect_eq(memcmp(v + ((size_t)rep * 13 + (size_t)t) * size,
                                    bilim_run_record(&ref, rep, t) + m->offset,
                                    size * sizeof *v), 0, "%s [%d][%d]", name, rep, t);
        cr_expect_eq(bilim_result_series(r, name, v, total - 1, &st), BILIM_STATUS_USAGE);
        cr_expect(strstr(st.message, "got room for") != NULL, "%s", st.message);
        free(v);
    }
    int n_axes, len[2];
    const char *axes[2];
    cr_expect_eq(bilim_result_metric_axes(r, "adoption", &n_axes, axes, len, &st),
                 BILIM_STATUS_INVALID);
    cr_expect(strstr(st.message, "adoption: no such metric") != NULL, "%s", st.message);
    double one;
    cr_expect_eq(bilim_result_series(r, "nope", &one, 1, &st), BILIM_STATUS_INVALID);
    cr_expect_null(bilim_result_axis_label(r, "no_axis", 0));
    cr_expect_str_eq(bilim_result_axis_label(r, "locality", 1), "rural");
    bilim_run_result_clear(&ref);
    bilim_result_free(r);
    bilim_spec_free(s);
}

typedef struct counter {
    int calls, cancel_at;
    int64_t last_done, total;
} counter;

static int count_progress(void *user, int64_t done, int64_t total)
{
    counter *c = user;
    c->calls++;
    if (done > c->last_done)
        c->last_done = done;
    c->total = total;
    return c->cancel_at > 0 && c->calls >= c->cancel_at;
}

Test(lib, progress_and_cancellation)
{
    bilim_spec *s = load_small();
    bilim_status st;
    bilim_result *r = NULL;
    counter c = {0, 0, 0, 0};
    cr_assert_eq(bilim_run(s, 2, count_progress, &c, &r, &st), 0, "%s", st.message);
    cr_expect_eq(c.total, 2 * 12);
    cr_expect_eq(c.last_done, 2 * 12);
    bilim_result_free(r);

    counter stop = {0, 1, 0, 0};
    r = (bilim_result *)&st;
    cr_expect_eq(bilim_run(s, 2, count_progress, &stop, &r, &st), BILIM_STATUS_CANCELLED);
    cr_expect_null(r);
    cr_expect_str_eq(st.message, "cancelled by the progress callback; nothing was kept");
    cr_expect_lt(stop.last_done, 2 * 12);

    cr_expect_eq(bilim_run(NULL, 1, NULL, NULL, &r, &st), BILIM_STATUS_USAGE);
    bilim_spec_free(s);

    /* A horizon that ends before an intervention starts (month 9). */
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/leadership_training.json", test_source_dir());
    cr_assert_eq(bilim_spec_load(path, &s, &st), 0, "%s", st.message);
    cr_assert_eq(bilim_spec_set(s, "months", 6, &st), 0);
    cr_expect_eq(bilim_run(s, 1, NULL, NULL, &r, &st), BILIM_STATUS_INVALID);
    cr_expect(strstr(st.message, "the horizon, 6 months, ends before intervention "
                                 "'principal_leadership' starts (month 9)") != NULL,
              "%s", st.message);
    bilim_spec_free(s);
}

Test(lib, result_file)
{
    bilim_spec *s = load_small();
    bilim_status st;
    bilim_result *r = NULL;
    cr_assert_eq(bilim_run(s, 2, NULL, NULL, &r, &st), 0, "%s", st.message);
    char dir[] = "/tmp/bilim-test-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[4200];
    /* Never over a directory, nor into a folder that does not exist. */
    cr_expect_neq(bilim_result_write(r, dir, &st), 0);
    cr_expect(strstr(st.message, dir) != NULL, "%s", st.message);
    struct stat sb;
    cr_expect(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));
    snprintf(path, sizeof path, "%s/no/such/dir.h5", dir);
    cr_expect_eq(bilim_result_write(r, path, &st), BILIM_STATUS_IO, "%s", st.message);
    cr_expect_eq(bilim_result_write(r, NULL, &st), BILIM_STATUS_USAGE);

    snprintf(path, sizeof path, "%s/run.h5", dir);
    cr_assert_eq(bilim_result_write(r, path, &st), 0, "%s", st.message);
    cr_expect_eq(test_count_entries(dir, "bilim-tmp"), 0, "a temporary file is left");
    bilim_error err;
    cr_assert_eq(bilim_output_check(path, &err), 0, "%s", err.msg);
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n_runs = 0;
    cr_assert_eq(bilim_output_read(path, &runs, &jsons, &n_runs, &err), 0, "%s", err.msg);
    cr_assert_eq(n_runs, 1);
    cr_expect_eq(runs[0].replicates, 2);
    cr_expect_eq(runs[0].scenario.population.n_regions > 0, 1);
    int n_axes, len[2];
    const char *axes[2];
    bilim_result_metric_axes(r, "adoption_routine", &n_axes, axes, len, NULL);
    size_t total = 2 * 13 * (size_t)len[0];
    double *v = malloc(total * sizeof *v);
    bilim_result_series(r, "adoption_routine", v, total, NULL);
    const bilim_metric *m = bilim_obs_find(&runs[0].layout, "adoption_routine");
    for (int rep = 0; rep < 2; rep++)
        for (int t = 0; t <= 12; t++)
            cr_expect_eq(memcmp(v + ((size_t)rep * 13 + (size_t)t) * (size_t)len[0],
                                bilim_run_record(&runs[0], rep, t) + m->offset,
                                (size_t)len[0] * sizeof *v), 0);
    free(v);
    char *overrides = NULL;
    cr_assert_eq(bilim_output_read_attr_string(path, "/scenarios/baseline", "overrides",
                                               &overrides, &err), 0, "%s", err.msg);
    cr_expect_str_eq(overrides, "--replicates 2 --months 12 --schools 80");
    bilim_free(overrides);
    bilim_output_read_free(runs, jsons, n_runs);
    remove(path);
    rmdir(dir);
    bilim_result_free(r);
    bilim_spec_free(s);
}

Test(lib, comparison)
{
    bilim_spec *base = load_small();
    bilim_status st;
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/leadership_training.json", test_source_dir());
    bilim_spec *opt = NULL;
    cr_assert_eq(bilim_spec_load(path, &opt, &st), 0, "%s", st.message);
    bilim_spec_set(opt, "schools", 80, NULL);
    bilim_spec_set(opt, "months", 48, NULL); /* takes the baseline's 12 */
    char dir[] = "/tmp/bilim-test-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char out[4200];
    snprintf(out, sizeof out, "%s/cmp.h5", dir);
    const bilim_spec *specs[2] = {base, opt};
    cr_expect_eq(bilim_compare_to_file(specs, 1, 1, NULL, NULL, out, &st), BILIM_STATUS_USAGE);
    const bilim_spec *with_null[2] = {base, NULL};
    cr_expect_eq(bilim_compare_to_file(with_null, 2, 1, NULL, NULL, out, &st),
                 BILIM_STATUS_USAGE);
    counter c = {0, 0, 0, 0};
    cr_assert_eq(bilim_compare_to_file(specs, 2, 2, count_progress, &c, out, &st), 0, "%s",
                 st.message);
    cr_expect_eq(c.total, 2 * 2 * 12, "both scenarios' months, at the baseline's horizon");
    cr_expect_eq(c.last_done, c.total);
    bilim_error err;
    cr_assert_eq(bilim_output_check(out, &err), 0, "%s", err.msg);
    char *baseline = NULL;
    cr_assert_eq(bilim_output_read_attr_string(out, "/comparison", "baseline", &baseline, &err),
                 0, "%s", err.msg);
    cr_expect_str_eq(baseline, "baseline");
    bilim_free(baseline);

    /* Scenarios that cannot be paired: another population sample. */
    bilim_spec_set(opt, "schools", 90, NULL);
    cr_expect_eq(bilim_compare_to_file(specs, 2, 1, NULL, NULL, out, &st), BILIM_STATUS_INVALID);
    cr_expect_neq(st.message[0], '\0');
    /* Cancelled: nothing written, the previous file kept. */
    bilim_spec_set(opt, "schools", 80, NULL);
    counter stop = {0, 1, 0, 0};
    struct stat before, after;
    cr_assert_eq(stat(out, &before), 0);
    cr_expect_eq(bilim_compare_to_file(specs, 2, 1, count_progress, &stop, out, &st),
                 BILIM_STATUS_CANCELLED);
    cr_assert_eq(stat(out, &after), 0);
    cr_expect_eq(before.st_ino, after.st_ino);
    cr_expect_eq(test_count_entries(dir, "bilim-tmp"), 0);
    remove(out);
    rmdir(dir);
    bilim_spec_free(opt);
    bilim_spec_free(base);
}

/* A scenario's "sweep" (which only bilim compare expands) is checked when it
 * loads, from a file or a text, with bilim validate's messages. */
Test(lib, loading_checks_the_sweep_as_validate_does)
{
    char dir[] = "/tmp/bilim-test-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    static const char *const sweeps[] = {
        "{\"intervention\": \"principal_leadership\", \"field\": \"budget\", \"from\": 1e9, "
        "\"to\": 2e9, \"steps\": 3}",
        "{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1000, "
        "\"to\": 1e9, \"steps\": 3}",
        "{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1e9, "
        "\"to\": 2e9, \"steps\": 3, \"scal\": \"log\"}",
        "{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1e9, "
        "\"to\": 4e9, \"steps\": 4}", /* valid */
    };
    const int n = (int)(sizeof sweeps / sizeof sweeps[0]);
    for (int i = 0; i < n; i++) {
        char text[1024], path[4200], args[4300];
        snprintf(text, sizeof text, "{\n  \"name\": \"opt\",\n  \"extends\": "
                 "\"%s/scenarios/leadership_training.json\",\n  \"sweep\": %s\n}\n",
                 test_source_dir(), sweeps[i]);
        test_write_in(dir, "opt.json", text);
        snprintf(path, sizeof path, "%s/opt.json", dir);
        snprintf(args, sizeof args, "validate '%s'", path);
        char *cli = NULL;
        int cli_rc = test_run_bilim(args, NULL, &cli);
        cr_assert_not_null(cli);
        bilim_status st;
        bilim_spec *s = NULL;
        int rc = bilim_spec_load(path, &s, &st);
        bilim_spec_free(s);
        if (i == n - 1) {
            cr_expect_eq(cli_rc, 0, "%s", cli);
            cr_expect_eq(rc, 0, "%s", st.message);
        } else {
            cr_expect_eq(cli_rc, 1);
            cr_expect_eq(rc, BILIM_STATUS_INVALID);
            cr_expect(strstr(st.message, "sweep") != NULL, "%s", st.message);
            size_t len = strlen(st.message);
            cr_expect(strncmp(cli, st.message, len) == 0 && strcmp(cli + len, "\n") == 0,
                      "bilim validate:\n%s\nbilim_spec_load:\n%s", cli, st.message);
            /* The same text in memory, named by its path: the same lines. */
            char from_file[BILIM_STATUS_MESSAGE_MAX];
            snprintf(from_file, sizeof from_file, "%s", st.message);
            s = NULL;
            cr_expect_eq(bilim_spec_load_string(text, path, &s, &st), BILIM_STATUS_INVALID);
            cr_expect_null(s);
            cr_expect_str_eq(st.message, from_file);
        }
        free(cli);
    }
    /* A scenario with nothing to sweep. */
    bilim_status st;
    bilim_spec *s = NULL;
    cr_expect_eq(bilim_spec_load_string("{\"name\": \"x\", \"sweep\": {\"intervention\": \"a\", "
                                        "\"field\": \"budget_kzt\", \"from\": 1, \"to\": 2, "
                                        "\"steps\": 2}}", "x.json", &s, &st),
                 BILIM_STATUS_INVALID);
    cr_expect_str_eq(st.message, "x.json:1:24: sweep: the scenario has no intervention to sweep");
    char path[4200];
    snprintf(path, sizeof path, "%s/opt.json", dir);
    remove(path);
    rmdir(dir);
}

/* A copy of the source tree's file src (under scenarios/) as dir/name. */
static void copy_scenario_file(const char *src, const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/scenarios/%s", test_source_dir(), src);
    char *text = test_slurp(path);
    cr_assert_not_null(text, "%s", path);
    test_write_in(dir, name, text);
    free(text);
}

/* Refused: writing to target (as given), one of the scenario's files, file,
 * which still holds text. */
static void expect_refused_as(int rc, const bilim_status *st, const char *target,
                              const char *file, const char *text)
{
    cr_expect_eq(rc, BILIM_STATUS_USAGE, "%s: %s", target, st->message);
    char want[8500];
    snprintf(want, sizeof want, "output %s: is the input file ", target);
    cr_expect(strncmp(st->message, want, strlen(want)) == 0, "%s", st->message);
    cr_expect(strstr(st->message, "(the same file); writing it would destroy the input; choose "
                                  "another output path") != NULL, "%s", st->message);
    char *now = test_slurp(file);
    cr_expect(now && strcmp(now, text) == 0, "%s was changed", file);
    free(now);
}

static void expect_refused(int rc, const bilim_status *st, const char *target, const char *text)
{
    expect_refused_as(rc, st, target, target, text);
}

/* The output functions never write over the files a scenario was read
 * from (the file, what it extends, its parameter file), as bilim run's -o:
 * by the same output-set rule (base/outset.h), with the same message. */
Test(lib, outputs_never_replace_the_scenarios_files)
{
    char dir[] = "/tmp/bilim-test-lib-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char sub[64];
    snprintf(sub, sizeof sub, "%s/params", dir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    copy_scenario_file("params/kz-2026-survey.json", dir, "params/kz-2026-survey.json");
    copy_scenario_file("baseline.json", dir, "mid.json"); /* its parameter_file: params/... */
    test_write_in(dir, "base.json", "{\"name\": \"baseline\", \"extends\": \"mid.json\"}\n");
    const char *names[3] = {"base.json", "mid.json", "params/kz-2026-survey.json"};
    char path[3][128];
    char *text[3];
    for (int i = 0; i < 3; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
        text[i] = test_slurp(path[i]);
    }
    bilim_status st;
    bilim_spec *s = NULL;
    cr_assert_eq(bilim_spec_load(path[0], &s, &st), 0, "%s", st.message);
    bilim_spec_set(s, "schools", 20, NULL);
    bilim_spec_set(s, "months", 2, NULL);
    bilim_spec_set(s, "replicates", 1, NULL);
    bilim_result *r = NULL;
    cr_assert_eq(bilim_run(s, 1, NULL, NULL, &r, &st), 0, "%s", st.message);
    for (int i = 0; i < 3; i++)
        expect_refused(bilim_result_write(r, path[i], &st), &st, path[i], text[i]);
    /* The command line: the same words after its option's name. */
    char args[512], *cli = NULL;
    snprintf(args, sizeof args, "run '%s' -o '%s' --schools 20 --months 2 --replicates 1 --quiet",
             path[0], path[1]);
    cr_expect_eq(test_run_bilim(args, NULL, &cli), 2);
    bilim_result_write(r, path[1], &st);
    cr_expect(cli && strstr(cli, st.message + strlen("output")) != NULL,
              "bilim run:\n%s\nbilim_result_write:\n%s", cli, st.message);
    free(cli);
    /* Known by identity, not by name: from another directory, relatively. */
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(sub), 0);
    int rc = bilim_result_write(r, "kz-2026-survey.json", &st);
    cr_assert_eq(chdir(cwd), 0);
    expect_refused_as(rc, &st, "kz-2026-survey.json", path[2], text[2]);
    /* A comparison: no scenario's file, the options' included (a copy keeps
     * them; a text names those it extends). */
    bilim_spec *copy = bilim_spec_copy(s), *opt = NULL;
    cr_assert_not_null(copy);
    const char *opt_text = "{\"name\": \"option\", \"extends\": \"mid.json\"}";
    char origin[128];
    snprintf(origin, sizeof origin, "%s/option.json", dir); /* not a file: anchors extends */
    cr_assert_eq(bilim_spec_load_string(opt_text, origin, &opt, &st), 0, "%s", st.message);
    bilim_spec_set(opt, "schools", 20, NULL);
    const bilim_spec *specs[2] = {copy, opt};
    for (int i = 0; i < 3; i++)
        expect_refused(bilim_compare_to_file(specs, 2, 1, NULL, NULL, path[i], &st), &st,
                       path[i], text[i]);
    specs[0] = opt, specs[1] = copy;
    expect_refused(bilim_compare_to_file(specs, 2, 1, NULL, NULL, path[0], &st), &st, path[0],
                   text[0]);
    cr_expect_eq(test_count_entries(dir, "bilim-tmp"), 0);
    /* Any other path is written. */
    char out[128];
    snprintf(out, sizeof out, "%s/run.h5", dir);
    cr_expect_eq(bilim_result_write(r, out, &st), 0, "%s", st.message);
    remove(out);
    for (int i = 2; i >= 0; i--) {
        remove(path[i]);
        free(text[i]);
    }
    rmdir(sub);
    cr_expect_eq(rmdir(dir), 0);
    bilim_spec_free(opt);
    bilim_spec_free(copy);
    bilim_result_free(r);
    bilim_spec_free(s);
}
