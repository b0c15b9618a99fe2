/* tests/test_patterns.c: the case-study pattern checks: the evaluation on
 * a model run (models/patterns.h) against hand-worked contrasts, the
 * pattern file (formats/patterns_load.h) and its errors, and the share of
 * a posterior reproducing each pattern (analysis/calibrate.h), identical
 * for any thread count. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "analysis/calibrate.h"
#include "formats/calib_load.h"
#include "helpers.h"

/* 116 schools of the national preset (37 urban, 79 rural) with 5 teachers
 * each; resources nearly deterministic: urban 0.8, rural 0.2 (Beta
 * concentration 1000, sd 0.013). */
static void small_scenario(bilim_scenario *sc)
{
    bilim_scenario_defaults(sc);
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        sc->population.teachers_mean[k] = 5.0;
        sc->population.teachers_sigma[k] = 0.2;
    }
    sc->population.teachers_min = 4;
    sc->months = 24;
    sc->params.init_R_mean_urban = 0.8;
    sc->params.init_R_mean_rural = 0.2;
    sc->params.init_R_kappa = 1000.0;
    bilim_error err;
    cr_assert_eq(bilim_scenario_sample(sc, 116, &err), BILIM_OK, "%s", err.msg);
}

static bilim_pattern pattern(const char *id, int month, int quantity, int change)
{
    bilim_pattern p;
    memset(&p, 0, sizeof p);
    snprintf(p.id, sizeof p.id, "%s", id);
    p.month = month;
    p.quantity = quantity;
    p.change = change;
    return p;
}

static void group(bilim_pattern *p, int locality, int sK, int sS, int sR, double weight)
{
    bilim_pattern_group g = {locality, {(int8_t)sK, (int8_t)sS, (int8_t)sR}, weight};
    p->groups[p->n_groups++] = g;
}

/* Month 0, hand-worked:
 *  - R, rural minus urban: 0.2 - 0.8 = -0.6 (each mean of Beta draws with sd
 *    0.013 over 79 and 37 schools: sd of the difference below 0.003);
 *  - the material-base report probability sigma(14 (0.5 - R)), rural minus
 *    urban: sigma(4.2) - sigma(-4.2) = 0.98522 - 0.01477 = 0.97045;
 *  - any change at month 0 is exactly 0;
 *  - urban schools below the median of R: none (the median is a rural
 *    value near 0.2, every urban school is near 0.8), so NaN. */
Test(patterns, month_zero_contrasts_by_hand)
{
    bilim_scenario sc;
    small_scenario(&sc);
    bilim_pattern p[4];
    p[0] = pattern("R_gap", 0, BILIM_PQ_R, 0);
    group(&p[0], BILIM_RURAL, 0, 0, 0, 1.0);
    group(&p[0], BILIM_URBAN, 0, 0, 0, -1.0);
    p[1] = pattern("material_gap", 0, BILIM_PQ_BARRIER + BILIM_BARRIER_MATERIAL, 0);
    group(&p[1], BILIM_RURAL, 0, 0, 0, 1.0);
    group(&p[1], BILIM_URBAN, 0, 0, 0, -1.0);
    p[2] = pattern("no_change", 0, BILIM_PQ_PRACTICE, 1);
    group(&p[2], -1, 1, 0, 0, 1.0);
    p[3] = pattern("empty", 0, BILIM_PQ_R, 0);
    group(&p[3], BILIM_URBAN, 0, 0, -1, 1.0);
    double c[4];
    bilim_error err;
    cr_assert_eq(bilim_patterns_eval(&sc, p, 4, c, &err), BILIM_OK, "%s", err.msg);
    cr_expect_float_eq(c[0], -0.6, 0.01, "R gap %g", c[0]);
    cr_expect_float_eq(c[1], 0.97045, 0.01, "material-base gap %g", c[1]);
    cr_expect_eq(c[2], 0.0);
    cr_expect(isnan(c[3]), "an empty group gives NaN, found %g", c[3]);
}

/* The median split: schools at or above the median of R minus those below
 * has a positive R contrast whatever the parameters; the same run twice
 * gives the same contrasts (its own seed); a month past the horizon is an
 * error naming the pattern. */
Test(patterns, splits_determinism_and_errors)
{
    bilim_scenario sc;
    small_scenario(&sc);
    sc.params.init_R_kappa = 8.0;
    bilim_pattern p[2];
    p[0] = pattern("split", 0, BILIM_PQ_R, 0);
    group(&p[0], -1, 0, 0, 1, 1.0);
    group(&p[0], -1, 0, 0, -1, -1.0);
    p[1] = pattern("practice_later", 12, BILIM_PQ_PRACTICE, 1);
    group(&p[1], -1, 0, 1, 0, 1.0);
    group(&p[1], -1, 0, -1, 0, -1.0);
    double a[2], b[2];
    bilim_error err;
    cr_assert_eq(bilim_patterns_eval(&sc, p, 2, a, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_patterns_eval(&sc, p, 2, b, &err), BILIM_OK, "%s", err.msg);
    cr_expect_gt(a[0], 0.1);
    cr_expect(isfinite(a[1]));
    cr_expect(memcmp(a, b, sizeof a) == 0, "same scenario, same contrasts");
    p[1].month = 25;
    cr_assert_eq(bilim_patterns_eval(&sc, p, 2, a, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "pattern 'practice_later': month 25 is outside the scenario's 0 to 24"),
              "%s", err.msg);
}

/* --- the pattern file --------------------------------------------------------------- */

static char dir[64];

static void write_file(const char *name, const char *text)
{
    test_write_in(dir, name, text);
}

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-patterns-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    write_file("base.json", "{\"name\": \"pattern-base\", \"months\": 24}");
    char cal[1024];
    snprintf(cal, sizeof cal, "{\"base_scenario\": \"base.json\", \"targets\": "
             "\"%s/data/survey-2026-principals.json\", \"patterns\": \"pat.json\", "
             "\"parameters\": [{\"name\": \"init_R_mean_rural\", \"prior\": {\"distribution\": "
             "\"beta\", \"alpha\": 5.6, \"beta\": 14.4}}]}", test_source_dir());
    write_file("cal.json", cal);
}

static void teardown(void)
{
    const char *files[] = {"base.json", "cal.json", "pat.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        remove(p);
    }
    rmdir(dir);
}

/* Loads cal.json with pat.json = text; returns the code, *c filled. */
static int load(const char *text, bilim_calibration *c, char *msgs, size_t n)
{
    write_file("pat.json", text);
    char p[256];
    snprintf(p, sizeof p, "%s/cal.json", dir);
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_not_null(d);
    int rc = bilim_calib_load(p, c, NULL, d);
    msgs[0] = '\0';
    for (int i = 0; i < bilim_diags_count(d); i++)
        snprintf(msgs + strlen(msgs), n - strlen(msgs), "%s\n", bilim_diags_get(d, i));
    bilim_diags_free(d);
    return rc;
}

Test(patterns_file, the_shipped_file_loads, .init = setup, .fini = teardown)
{
    char path[512], msgs[4096];
    snprintf(path, sizeof path, "%s/data/case-study-patterns.json", test_source_dir());
    char *text = test_slurp(path);
    cr_assert_not_null(text);
    bilim_calibration c;
    cr_assert_eq(load(text, &c, msgs, sizeof msgs), BILIM_OK, "%s", msgs);
    free(text);
    cr_assert_eq(c.n_patterns, 5);
    const bilim_pattern *p = &c.patterns[0];
    cr_assert_str_eq(p->id, "rural_material_barrier");
    cr_assert_eq(p->month, 0);
    cr_assert_eq(p->quantity, BILIM_PQ_BARRIER + BILIM_BARRIER_MATERIAL);
    cr_assert_eq(p->n_groups, 2);
    cr_assert_eq(p->groups[0].locality, BILIM_RURAL);
    cr_assert_eq(p->groups[1].weight, -1.0);
    p = &c.patterns[4];
    cr_assert_eq(p->n_groups, 4);
    cr_assert_eq(p->groups[1].split[BILIM_SPLIT_R], -1);
    cr_assert_eq(p->groups[1].split[BILIM_SPLIT_S], 1);
    cr_assert_eq(p->groups[1].split[BILIM_SPLIT_K], 0);
    cr_assert(c.patterns[3].change);
}

#define PAT(body) "{\"patterns\": [{\"id\": \"a\", \"passage\": \"quoted\", " body "}]}"

Test(patterns_file, errors_name_field_value_and_fix, .init = setup, .fini = teardown)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {PAT("\"month\": 0, \"quantity\": \"practise\", \"groups\": [{\"weight\": 1}]"),
         "patterns[0].quantity: \"practise\" is not allowed; did you mean \"practice\"?"},
        {PAT("\"month\": 0, \"quantity\": \"R\", \"groups\": [{\"weight\": 0}]"),
         "patterns[0].groups[0].weight: 0 is not allowed; expected a non-zero weight"},
        {PAT("\"month\": 30, \"quantity\": \"R\", \"groups\": [{\"weight\": 1}]"),
         "patterns[0].month: 30 is after the base scenario's horizon; expected an integer from 0 to 24"},
        {PAT("\"month\": 0, \"quantity\": \"R\", \"groups\": [{\"weight\": 1, \"S\": \"low\"}]"),
         "patterns[0].groups[0].S: \"low\" is not allowed"},
        {PAT("\"month\": 0, \"quantity\": \"R\", \"groups\": [{\"weight\": 1, \"locality\": \"town\"}]"),
         "patterns[0].groups[0].locality: \"town\""},
        {PAT("\"month\": 0, \"quantity\": \"R\", \"groups\": []"),
         "patterns[0].groups: an array of 0 entries; expected 1 to 4 groups"},
        {PAT("\"quantity\": \"R\", \"groups\": [{\"weight\": 1}]"), "patterns[0].month: missing"},
        {"{\"patterns\": [{\"id\": \"a\", \"passage\": \"q\", \"month\": 0, \"quantity\": \"R\", "
         "\"groups\": [{\"weight\": 1}]}, {\"id\": \"a\", \"passage\": \"q\", \"month\": 0, "
         "\"quantity\": \"R\", \"groups\": [{\"weight\": 1}]}]}",
         "patterns[1]: id \"a\" is used twice; expected each pattern once"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bilim_calibration c;
        char msgs[4096];
        cr_expect_eq(load(cases[i].text, &c, msgs, sizeof msgs), BILIM_EINVAL, "case %zu accepted", i);
        cr_expect(strstr(msgs, "pat.json") && strstr(msgs, cases[i].want),
                  "case %zu: want '%s' in:\n%s", i, cases[i].want, msgs);
    }
}

/* --- the share of a posterior ------------------------------------------------------ */

/* A hand-made two-particle posterior: particle 0 (weight 0.25) has rural R
 * 0.2 < urban 0.8, particle 1 (weight 0.75) rural R 0.95 > urban 0.8. The
 * pattern "rural R above urban R" holds for particle 1 only: share 0.75,
 * for 1 and for 3 threads alike. */
Test(patterns, posterior_share_is_the_reproducing_weight)
{
    bilim_calibration c;
    bilim_calibration_defaults(&c);
    small_scenario(&c.base);
    c.survey_n = 116;
    c.present[0] = 1;
    c.schools_per_simulation = 116;
    c.free[0] = bilim_params_find("init_R_mean_rural");
    bilim_prior pr = {BILIM_PRIOR_UNIFORM, 0.0, 0.0, 0.01, 0.99};
    c.prior[0] = pr;
    c.n_free = 1;
    c.patterns[0] = pattern("rural_richer", 0, BILIM_PQ_R, 0);
    group(&c.patterns[0], BILIM_RURAL, 0, 0, 0, 1.0);
    group(&c.patterns[0], BILIM_URBAN, 0, 0, 0, -1.0);
    c.n_patterns = 1;
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_OK, "%s", err.msg);
    double theta[2] = {0.2, 0.95}, w[2] = {0.25, 0.75};
    bilim_abc_result a = {2, 1, 0, theta, w, NULL, NULL, 0, NULL, 0, 0};
    double con1[2], con3[2], share1[BILIM_MAX_PATTERNS], share3[BILIM_MAX_PATTERNS];
    cr_assert_eq(bilim_calibrate_patterns(&c, &prob, &a, 1, NULL, con1, share1, &err), BILIM_OK,
                 "%s", err.msg);
    cr_assert_eq(bilim_calibrate_patterns(&c, &prob, &a, 3, NULL, con3, share3, &err), BILIM_OK,
                 "%s", err.msg);
    cr_expect_float_eq(con1[0], -0.6, 0.01);
    cr_expect_float_eq(con1[1], 0.15, 0.01);
    cr_expect_eq(share1[0], 0.75);
    cr_expect(memcmp(con1, con3, sizeof con1) == 0, "identical for 1 and 3 threads");
    cr_expect_eq(share3[0], 0.75);
}
