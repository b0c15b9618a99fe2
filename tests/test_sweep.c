/* tests/test_sweep.c: sweeps over policy levers: the "sweep" object read
 * with the loader's tables (levels, linear and log, integer fields) and
 * every validation error in the loader's form; the level scenarios; the
 * rule for where returns diminish against hand-worked curves; and `bilim
 * compare` end to end: one option per level, /comparison/sweep, sweep.csv,
 * the report's curve, rebuilt by `bilim report`. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/sweep_curve.h"
#include "formats/scenario_load.h"
#include "formats/sweep.h"
#include "helpers.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-sweep-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(sweep, .init = setup, .fini = teardown, .timeout = 600);

/* Writes an option file extending the shipped leadership_training with the
 * given "sweep" object text; returns its path (static buffer). */
static const char *option(const char *name, const char *sweep)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\"name\": \"%s\",\n \"extends\": \"%s/scenarios/leadership_training.json\",\n"
               " \"sweep\": %s}\n", name, test_source_dir(), sweep);
    fclose(f);
    return path;
}

/* Loads path and its sweep; the messages joined into msgs. */
static int load(const char *path, bilim_scenario *sc, bilim_sweep *s, char *msgs, size_t n)
{
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load(path, sc, NULL, d), BILIM_OK);
    int rc = bilim_sweep_load(path, sc, s, d);
    msgs[0] = '\0';
    for (int i = 0; i < bilim_diags_count(d); i++)
        snprintf(msgs + strlen(msgs), n - strlen(msgs), "%s\n", bilim_diags_get(d, i));
    bilim_diags_free(d);
    return rc;
}

/* The swept intervention of sc (options append theirs to business as usual's). */
static const bilim_intervention *swept(const bilim_scenario *sc, const bilim_sweep *s)
{
    for (int i = 0; i < sc->n_interventions; i++)
        if (strcmp(sc->interventions[i].name, s->intervention) == 0)
            return &sc->interventions[i];
    cr_assert_fail("no intervention %s", s->intervention);
    return NULL;
}

Test(sweep, levels_linear_log_and_integer)
{
    bilim_scenario sc;
    bilim_sweep s;
    char msgs[2048];
    const char *p = option("lin", "{\"intervention\": \"principal_leadership\", \"field\": "
                                  "\"budget_kzt\", \"from\": 1e9, \"to\": 1e10, \"steps\": 4}");
    cr_assert_eq(load(p, &sc, &s, msgs, sizeof msgs), BILIM_OK, "%s", msgs);
    cr_assert_eq(s.steps, 4);
    const double lin[4] = {1e9, 4e9, 7e9, 1e10};
    for (int i = 0; i < 4; i++)
        cr_expect_float_eq(s.levels[i], lin[i], 1e-6 * lin[i], "level %d: %g", i, s.levels[i]);
    /* the level scenario: the field set, the name "<name>-<label>" */
    bilim_scenario lv;
    bilim_error err;
    cr_assert_eq(bilim_sweep_apply(&s, 1, &sc, &lv, &err), BILIM_OK, "%s", err.msg);
    cr_expect_str_eq(lv.name, "lin-4bn");
    cr_expect_float_eq(swept(&lv, &s)->budget_kzt, 4e9, 1e-3);
    cr_expect_float_eq(swept(&sc, &s)->budget_kzt, 7.5e9, 1e-3); /* the input untouched */
    p = option("log", "{\"intervention\": \"principal_leadership\", \"field\": \"intensity\", "
                      "\"from\": 0.01, \"to\": 1, \"steps\": 3, \"scale\": \"log\"}");
    cr_assert_eq(load(p, &sc, &s, msgs, sizeof msgs), BILIM_OK, "%s", msgs);
    cr_expect_float_eq(s.levels[0], 0.01, 1e-15);
    cr_expect_float_eq(s.levels[1], 0.1, 1e-12);
    cr_expect_float_eq(s.levels[2], 1.0, 1e-15);
    cr_assert_eq(bilim_sweep_apply(&s, 1, &sc, &lv, &err), BILIM_OK, "%s", err.msg);
    cr_expect_str_eq(lv.name, "log-0.1");
    cr_expect_float_eq(swept(&lv, &s)->intensity, 0.1, 1e-12);
    p = option("int", "{\"intervention\": \"principal_leadership\", \"field\": \"cohort_size\", "
                      "\"from\": 100, \"to\": 400, \"steps\": 4}");
    cr_assert_eq(load(p, &sc, &s, msgs, sizeof msgs), BILIM_OK, "%s", msgs);
    cr_expect(s.is_int);
    cr_assert_eq(bilim_sweep_apply(&s, 3, &sc, &lv, &err), BILIM_OK, "%s", err.msg);
    cr_expect_eq(swept(&lv, &s)->u.leadership.cohort_size, 400);
    /* no sweep: steps 0 */
    char path[256];
    snprintf(path, sizeof path, "%s/scenarios/leadership_training.json", test_source_dir());
    cr_assert_eq(load(path, &sc, &s, msgs, sizeof msgs), BILIM_OK, "%s", msgs);
    cr_expect_eq(s.steps, 0);
}

/* Each bad sweep and a piece of its message. */
Test(sweep, every_error_names_file_field_and_fix)
{
    static const struct {
        const char *sweep, *want;
    } cases[] = {
        {"{\"intervention\": \"principal_leadershp\", \"field\": \"budget_kzt\", \"from\": 1e9, "
         "\"to\": 2e9, \"steps\": 3}",
         "sweep.intervention: \"principal_leadershp\" is not allowed; did you mean "
         "\"principal_leadership\"?"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"budget\", \"from\": 1e9, "
         "\"to\": 2e9, \"steps\": 3}",
         "sweep.field: \"budget\" is not allowed; did you mean \"budget_kzt\"?"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"intensity\", \"from\": 0.5, "
         "\"to\": 2, \"steps\": 3}",
         "sweep.to: 2 is outside the range of intensity; expected a number in [0, 1]"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"intensity\", \"from\": 0, "
         "\"to\": 1, \"steps\": 3, \"scale\": \"log\"}",
         "sweep.scale: \"log\" needs from and to above 0"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"cohort_size\", \"from\": 1, "
         "\"to\": 3, \"steps\": 10}",
         "sweep.steps: 10 steps from 1 to 3 give the level 1 twice"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1000, "
         "\"to\": 1e9, \"steps\": 3}",
         "does not buy one unit"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1e9, "
         "\"to\": 2e9, \"steps\": 1, \"scal\": \"log\"}",
         "sweep.steps: 1 is out of range; expected an integer from 2 to 30"},
        {"{\"intervention\": \"principal_leadership\", \"field\": \"budget_kzt\", \"from\": 1e9, "
         "\"to\": 2e9, \"steps\": 3, \"scal\": \"log\"}",
         "sweep.scal: unknown key; did you mean \"scale\"?"},
        {"{\"field\": \"budget_kzt\", \"from\": 1e9, \"to\": 2e9, \"steps\": 3}",
         "sweep.intervention: missing; this key is required"},
        {"[1, 2]", "sweep: found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[16];
        snprintf(name, sizeof name, "bad%zu", i);
        const char *p = option(name, cases[i].sweep);
        bilim_scenario sc;
        bilim_sweep s;
        char msgs[4096];
        cr_expect_eq(load(p, &sc, &s, msgs, sizeof msgs), BILIM_EINVAL, "case %zu accepted", i);
        cr_expect_eq(s.steps, 0);
        cr_expect_not_null(strstr(msgs, cases[i].want), "case %zu: wanted \"%s\" in:\n%s", i,
                           cases[i].want, msgs);
        cr_expect_not_null(strstr(msgs, p), "case %zu: the message does not name the file: %s",
                           i, msgs);
    }
}

Test(sweep, validate_checks_the_sweep)
{
    const char *p = option("v", "{\"intervention\": \"principal_leadership\", \"field\": "
                                "\"budjet_kzt\", \"from\": 1e9, \"to\": 2e9, \"steps\": 3}");
    char args[512];
    snprintf(args, sizeof args, "validate %s", p);
    char *out = NULL, *err = NULL;
    cr_expect_neq(test_run_bilim(args, &out, &err), 0);
    cr_expect(err && strstr(err, "sweep.field: \"budjet_kzt\" is not allowed; did you "
                                 "mean \"budget_kzt\"?"), "%s", err ? err : "");
    free(out);
    free(err);
}

Test(sweep, where_returns_diminish)
{
    /* Budgets 1, 2, 3, 4 bn: effects 0.010, 0.018, 0.0235, 0.0245; costs
     * equal to the budgets. Level 0: 0.010 per bn from the baseline; steps
     * add 0.008, 0.0055 (above half), 0.001 (below): diminishing at 4 bn. */
    bilim_sweep_curve c;
    memset(&c, 0, sizeof c);
    c.n = 4;
    const double e[4] = {0.010, 0.018, 0.0235, 0.0245};
    for (int i = 0; i < 4; i++) {
        c.level[i] = (i + 1) * 1e9;
        c.cost[i] = c.level[i];
        c.effect[i] = e[i];
    }
    bilim_sweep_curve_diminishing(&c);
    cr_expect_eq(c.per_kzt, 1);
    cr_expect_float_eq(c.marginal[0], 1e-11, 1e-20);
    cr_expect_float_eq(c.marginal[1], 0.8e-11, 1e-20);
    cr_expect_eq(c.diminishing, 3);
    /* a third step of 0.0049 instead: below half at 3 bn */
    c.effect[2] = 0.0229;
    c.effect[3] = 0.0239;
    bilim_sweep_curve_diminishing(&c);
    cr_expect_eq(c.diminishing, 2);
    /* costs all equal (intensity): per unit of the lever, from 0 */
    for (int i = 0; i < 4; i++) {
        c.level[i] = 0.25 * (i + 1);
        c.cost[i] = 5e8;
        c.effect[i] = 0.01 * (i + 1);
    }
    bilim_sweep_curve_diminishing(&c);
    cr_expect_eq(c.per_kzt, 0);
    cr_expect_float_eq(c.marginal[3], 0.04, 1e-12);
    cr_expect_eq(c.diminishing, -1);
}

Test(sweep, compare_runs_one_option_per_level)
{
    const char *p = option("lt", "{\"intervention\": \"principal_leadership\", \"field\": "
                                 "\"budget_kzt\", \"from\": 1e9, \"to\": 5e9, \"steps\": 3}");
    char args[4096];
    const char *s = test_source_dir();
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s --schools 40 --months 12 --replicates 2 "
             "-q -o %s/s.h5 --csv %s/csv --report %s/s.html", s, p, dir, dir, dir);
    char *err = NULL;
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err ? err : "");
    free(err);
    char path[256];
    snprintf(path, sizeof path, "%s/s.h5", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    const char *levels[3] = {"lt-1bn", "lt-3bn", "lt-5bn"};
    for (int i = 0; i < 3; i++) {
        char g[128];
        snprintf(g, sizeof g, "/scenarios/%s", levels[i]);
        cr_expect_gt(H5LTpath_valid(f, g, 1), 0, "no %s", g);
    }
    hsize_t d[2];
    cr_assert_eq(H5LTget_dataset_info(f, "/comparison/sweep/lt", d, NULL, NULL), 0);
    cr_expect_eq(d[0], 3);
    cr_expect_eq(d[1], 8);
    double v[24], lv[3];
    cr_assert_eq(H5LTread_dataset_double(f, "/comparison/sweep/lt", v), 0);
    cr_assert_eq(H5LTread_dataset_double(f, "/comparison/sweep/lt_levels", lv), 0);
    cr_expect_float_eq(lv[1], 3e9, 1e-3);
    H5Fclose(f);
    /* the effect at each level is the comparison's row of that option */
    char *csv = NULL;
    snprintf(path, sizeof path, "%s/csv/comparison.csv", dir);
    csv = test_slurp(path);
    cr_assert_not_null(csv);
    char want[256];
    snprintf(want, sizeof want, "lt-3bn,baseline,adoption_routine,%%,");
    const char *row = strstr(csv, want);
    cr_assert_not_null(row);
    /* baseline %, option %, unit, then the difference in pp at 3 decimals */
    const char *pp = strstr(row, ",pp,");
    cr_assert_not_null(pp);
    cr_expect_float_eq(strtod(pp + 4, NULL), round(1e5 * v[8]) / 1e3, 1e-9);
    free(csv);
    snprintf(path, sizeof path, "%s/csv/sweep.csv", dir);
    csv = test_slurp(path);
    cr_assert_not_null(csv);
    cr_expect_eq(strncmp(csv, "sweep,intervention,field,level,scenario,effect,", 47), 0);
    cr_expect_not_null(strstr(csv, "\nlt,principal_leadership,budget_kzt,3000000000,lt-3bn,"));
    free(csv);
    /* the report's curve, and bilim report rebuilds it */
    snprintf(path, sizeof path, "%s/s.html", dir);
    char *html = test_slurp(path);
    cr_assert_not_null(html);
    cr_expect_not_null(strstr(html, "How the effect grows with the lever"));
    cr_expect_not_null(strstr(html, "id=\"chart-sweep-0\""));
    snprintf(args, sizeof args, "report %s/s.h5 -o %s/again.html", dir, dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err ? err : "");
    free(err);
    snprintf(path, sizeof path, "%s/again.html", dir);
    char *again = test_slurp(path);
    cr_assert_not_null(again);
    const char *a = strstr(html, "<section id=\"sweeps\">"), *b = strstr(again, "<section id=\"sweeps\">");
    cr_assert(a && b);
    size_t la = strstr(a, "</section>") - a, lb = strstr(b, "</section>") - b;
    cr_expect(la == lb && memcmp(a, b, la) == 0, "the sweep section differs when rebuilt");
    free(html);
    free(again);
}
