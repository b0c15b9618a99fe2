/* tests/test_calib_load.c: the calibration file loader (formats/calib_load.h):
 * the shipped file loads as documented, defaults apply, and every rule
 * rejects bad input with a message naming the file, the JSON path, the
 * value found and what is allowed. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "formats/calib_load.h"
#include "helpers.h"

static char dir[64];
static char cal_path[128];

static void write_file(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *targets_ok =
    "{\"source\": \"test\", \"respondents\": 20,"
    " \"readiness_bands\": {\"counts\": {\"low\": 8, \"intermediate\": 12, \"high\": 0}},"
    " \"barriers\": {\"lack_of_practical_knowledge\": {\"count\": 18, \"published_percent\": 90},"
    "                \"weak_material_base\": {\"count\": 15}}}";

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-calib-load-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cal_path, sizeof cal_path, "%s/cal.json", dir);
    write_file("base.json", "{\"name\": \"test-base\"}");
    write_file("targets.json", targets_ok);
}

static void teardown(void)
{
    const char *files[] = {"base.json", "targets.json", "cal.json", "t2.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        remove(p);
    }
    rmdir(dir);
}

TestSuite(calib_load, .init = setup, .fini = teardown);

/* A valid calibration; %s slots: extra top-level keys, parameters, method. */
static char *make(const char *params, const char *extra)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "{\n  \"base_scenario\": \"base.json\",\n  \"targets\": \"targets.json\",\n"
             "  \"parameters\": [%s]%s%s\n}\n",
             params ? params
                    : "{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", "
                      "\"alpha\": 3, \"beta\": 7}}",
             extra ? ",\n  " : "", extra ? extra : "");
    return buf;
}

static int load(const char *text, bilim_calibration *c, bilim_calib_errors *e)
{
    write_file("cal.json", text);
    memset(e, 0, sizeof *e);
    return bilim_calib_load(cal_path, c, NULL, e);
}

/* Asserts one error at least mentions every fragment given (NULL-ended) and
 * names the file. */
static void expect_error(const bilim_calib_errors *e, ...)
{
    cr_assert_gt(e->n, 0, "expected an error");
    for (int i = 0; i < e->n; i++) {
        va_list ap;
        va_start(ap, e);
        int all = 1;
        for (const char *f = va_arg(ap, const char *); f; f = va_arg(ap, const char *))
            all &= strstr(e->msg[i], f) != NULL;
        va_end(ap);
        if (all)
            return;
    }
    char got[4096] = "";
    for (int i = 0; i < e->n; i++) {
        strncat(got, e->msg[i], sizeof got - strlen(got) - 2);
        strcat(got, "\n");
    }
    cr_assert_fail("no error has all the expected fragments; got:\n%s", got);
}

static void reject(const char *text, const char *path, const char *what)
{
    bilim_calibration c;
    bilim_calib_errors e;
    cr_assert_eq(load(text, &c, &e), BILIM_EINVAL, "accepted:\n%s", text);
    expect_error(&e, cal_path, path, what, NULL);
    bilim_calib_errors_clear(&e);
}

/* --- what loads ------------------------------------------------------------------ */

Test(calib_load, shipped_calibration_loads)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/scenarios/calibration/kz-2026-survey.json", test_source_dir());
    bilim_calibration c;
    bilim_calib_texts t;
    bilim_calib_errors e = {0, NULL};
    int rc = bilim_calib_load(p, &c, &t, &e);
    if (rc)
        bilim_calib_errors_print(&e, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_str_eq(c.name, "kz-2026-survey");
    cr_assert_eq(c.n_free, 10);
    cr_assert_eq(c.n_ties, 5);
    cr_assert_eq(c.survey_n, 116);
    cr_assert_eq(c.month, 0);
    int32_t want[BILIM_CALIB_N_TARGETS] = {44, 72, 0, 107, 97, 93, 75, 23};
    for (int i = 0; i < BILIM_CALIB_N_TARGETS; i++) {
        cr_assert(c.present[i]);
        cr_assert_eq(c.observed[i], want[i], "%s", bilim_calib_target_name(i));
    }
    cr_assert_float_eq(c.rural_share, 5260.0 / 7687.0, 1e-12);
    cr_assert_geq(c.schools_per_simulation, 116);
    cr_assert(strstr(t.calibration, "\"base_scenario\""));
    cr_assert(strstr(t.targets, "\"respondents\": 116"));
    cr_assert_not_null(t.base_scenario);
    bilim_calib_texts_clear(&t);
}

Test(calib_load, defaults)
{
    bilim_calibration c;
    bilim_calib_errors e;
    int rc = load(make(NULL, NULL), &c, &e);
    if (rc)
        bilim_calib_errors_print(&e, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_str_eq(c.name, "cal");
    cr_assert_eq(c.n_free, 1);
    cr_assert_str_eq(c.free[0]->name, "init_K_mean_rural");
    cr_assert_eq(c.prior[0].kind, BILIM_PRIOR_BETA);
    /* Bounds default to the table's range. */
    cr_assert_eq(c.prior[0].lower, 0.001);
    cr_assert_eq(c.prior[0].upper, 0.999);
    cr_assert_eq(c.survey_n, 20, "n defaults to the targets' respondents");
    cr_assert_eq(c.abc.particles, 1000);
    cr_assert_eq(c.abc.seed, c.base.seed, "the seed defaults to the base scenario's");
    cr_assert_eq(c.predictive_draws, 1);
    cr_assert_eq(c.point, BILIM_CALIB_POINT_MEAN);
    /* Targets present: the bands and two barriers. */
    int want[BILIM_CALIB_N_TARGETS] = {1, 1, 1, 1, 0, 1, 0, 0};
    for (int i = 0; i < BILIM_CALIB_N_TARGETS; i++)
        cr_assert_eq(c.present[i], want[i], "%s", bilim_calib_target_name(i));
    cr_assert_eq(c.observed[BILIM_N_BANDS + BILIM_BARRIER_MATERIAL], 15);
    cr_assert_float_eq(c.rural_share, bilim_calib_population_rural_share(&c.base.population), 1e-15);
    cr_assert_eq(c.schools_per_simulation,
                 bilim_calib_min_schools(&c.base.population, 20, c.rural_share));
}

Test(calib_load, every_setting)
{
    const char *params =
        "{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 0.1, \"upper\": 0.5}},"
        "{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"lognormal\", \"meanlog\": 2, \"sdlog\": 0.5, \"upper\": 100}},"
        "{\"name\": \"gamma_L\", \"prior\": {\"distribution\": \"normal\", \"mean\": 0.3, \"sd\": 0.2}}";
    const char *extra =
        "\"description\": \"x\", \"seed\": 77,"
        "\"observation\": {\"month\": 2, \"n\": 20, \"rural_share\": 0.5},"
        "\"tied\": [{\"name\": \"init_K_mean_urban\", \"follows\": \"init_K_mean_rural\", \"offset\": 0.05}],"
        "\"method\": {\"algorithm\": \"abc-smc\", \"particles\": 50, \"max_generations\": 3, \"quantile\": 0.3,"
        " \"min_epsilon\": 1.5, \"min_acceptance\": 0.1, \"max_simulations\": 5000, \"kernel\": \"truncated_normal\","
        " \"schools_per_simulation\": 200, \"predictive_draws\": 4, \"point_estimate\": \"median\"}";
    bilim_calibration c;
    bilim_calib_errors e;
    int rc = load(make(params, extra), &c, &e);
    if (rc)
        bilim_calib_errors_print(&e, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_eq(c.n_free, 3);
    cr_assert_eq(c.prior[0].kind, BILIM_PRIOR_UNIFORM);
    cr_assert_eq(c.prior[1].kind, BILIM_PRIOR_LOGNORMAL);
    cr_assert_eq(c.prior[1].lower, 0.5);
    cr_assert_eq(c.prior[1].upper, 100.0);
    cr_assert_eq(c.prior[2].lower, -2.0, "normal bounds default to the table range");
    cr_assert_eq(c.prior[2].upper, 2.0);
    cr_assert_eq(c.n_ties, 1);
    cr_assert_str_eq(c.ties[0].param->name, "init_K_mean_urban");
    cr_assert_eq(c.ties[0].follows, 0);
    cr_assert_eq(c.ties[0].offset, 0.05);
    cr_assert_eq(c.abc.seed, 77);
    cr_assert_eq(c.month, 2);
    cr_assert_eq(c.rural_share, 0.5);
    cr_assert_eq(c.abc.particles, 50);
    cr_assert_eq(c.abc.max_generations, 3);
    cr_assert_eq(c.abc.quantile, 0.3);
    cr_assert_eq(c.abc.min_epsilon, 1.5);
    cr_assert_eq(c.abc.min_acceptance, 0.1);
    cr_assert_eq(c.abc.max_simulations, 5000);
    cr_assert_eq(c.abc.kernel, BILIM_KERNEL_TRUNCATED);
    cr_assert_eq(c.schools_per_simulation, 200);
    cr_assert_eq(c.predictive_draws, 4);
    cr_assert_eq(c.point, BILIM_CALIB_POINT_MEDIAN);
}

/* --- syntax and structure --------------------------------------------------------- */

Test(calib_load, syntax_error_gives_line_and_column)
{
    reject("{\n  \"base_scenario\": \"base.json\",\n  \"targets\" \"targets.json\"\n}\n",
           "cal.json:3:13: invalid JSON", "after the key");
}

Test(calib_load, not_an_object)
{
    reject("[1, 2]", "expected a JSON object", "base_scenario");
}

Test(calib_load, unknown_key_with_suggestion)
{
    reject(make(NULL, "\"method\": {\"partcles\": 10}"), "method.partcles",
           "did you mean 'particles'");
}

Test(calib_load, keys_are_case_sensitive)
{
    bilim_calibration c;
    bilim_calib_errors e;
    cr_assert_eq(load("{\"Base_scenario\": \"base.json\", \"targets\": \"targets.json\","
                      " \"parameters\": []}", &c, &e), BILIM_EINVAL);
    expect_error(&e, cal_path, "Base_scenario", "did you mean 'base_scenario'", NULL);
    expect_error(&e, cal_path, "base_scenario: missing", NULL);
    bilim_calib_errors_clear(&e);
}

Test(calib_load, duplicate_key)
{
    reject(make(NULL, "\"seed\": 1, \"seed\": 2"), "seed", "duplicate key 'seed'");
}

Test(calib_load, wrong_type_names_the_value)
{
    reject(make(NULL, "\"method\": {\"particles\": \"1000\"}"), "method.particles",
           "found \"1000\" (a string); expected a whole number");
}

Test(calib_load, integer_must_be_whole)
{
    reject(make(NULL, "\"method\": {\"particles\": 10.5}"), "method.particles", "found 10.5");
}

Test(calib_load, number_out_of_range)
{
    reject(make(NULL, "\"method\": {\"quantile\": 1.5}"), "method.quantile", "found 1.5; allowed");
    reject(make(NULL, "\"method\": {\"quantile\": 0}"), "method.quantile", "strictly between 0 and 1");
    reject(make(NULL, "\"method\": {\"min_acceptance\": 1}"), "method.min_acceptance", "below 1");
    reject(make(NULL, "\"method\": {\"particles\": 1}"), "method.particles", "allowed: 2 to");
    reject(make(NULL, "\"method\": {\"particles\": 100, \"max_simulations\": 50}"),
           "method.max_simulations", "at least the number of particles");
    reject(make(NULL, "\"seed\": -1"), "seed", "found -1");
}

Test(calib_load, choices_with_suggestion)
{
    reject(make(NULL, "\"method\": {\"kernel\": \"multivariate-normal\"}"), "method.kernel",
           "did you mean \"multivariate_normal\"");
    reject(make(NULL, "\"method\": {\"algorithm\": \"mcmc\"}"), "method.algorithm",
           "allowed: abc-smc");
    reject(make(NULL, "\"method\": {\"point_estimate\": \"mode\"}"), "method.point_estimate",
           "allowed: mean, median");
}

Test(calib_load, missing_required_keys)
{
    reject("{\"base_scenario\": \"base.json\", \"parameters\": []}", "targets", "missing; this key is required");
    reject("{\"base_scenario\": \"base.json\", \"targets\": \"targets.json\"}", "parameters", "missing");
}

/* --- parameters and priors ------------------------------------------------------- */

Test(calib_load, parameter_must_exist_with_suggestion)
{
    reject(make("{\"name\": \"init_K_mean_rual\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 2, \"beta\": 2}}", NULL),
           "parameters[0].name", "did you mean \"init_K_mean_rural\"");
}

Test(calib_load, integer_parameter_rejected)
{
    reject(make("{\"name\": \"cluster_size\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 5, \"upper\": 20}}", NULL),
           "parameters[0].name", "integer parameter");
}

Test(calib_load, parameter_listed_twice)
{
    const char *p = "{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 5, \"upper\": 20}},"
                    "{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 5, \"upper\": 20}}";
    reject(make(p, NULL), "parameters[1].name", "listed twice");
}

Test(calib_load, no_parameters)
{
    reject(make("", NULL), "parameters", "give 1 to");
}

Test(calib_load, unknown_distribution_with_suggestion)
{
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"betta\", \"alpha\": 2, \"beta\": 2}}", NULL),
           "parameters[0].prior.distribution", "did you mean \"beta\"");
}

Test(calib_load, prior_keys_depend_on_the_distribution)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"mean\": 0.3, \"alpha\": 2, \"beta\": 2}}", NULL),
           "parameters[0].prior.mean", "allowed: distribution, alpha, beta, lower, upper");
}

Test(calib_load, prior_missing_shape)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 2}}", NULL),
           "parameters[0].prior.beta", "missing");
}

Test(calib_load, prior_shape_must_be_positive)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": -1, \"beta\": 2}}", NULL),
           "parameters[0].prior.alpha", "found -1; expected a positive number");
    reject(make("{\"name\": \"gamma_L\", \"prior\": {\"distribution\": \"normal\", \"mean\": 0, \"sd\": 0}}", NULL),
           "parameters[0].prior.sd", "found 0; expected a positive number");
}

Test(calib_load, prior_must_lie_within_the_table_range)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 2, \"beta\": 2, \"lower\": 0}}", NULL),
           "parameters[0].prior.lower", "init_K_mean_rural's range in the parameter table, 0.001 to 0.999");
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 1, \"upper\": 2000}}", NULL),
           "parameters[0].prior.upper", "found 2000");
}

Test(calib_load, prior_bounds_in_order)
{
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 20, \"upper\": 5}}", NULL),
           "parameters[0].prior", "must be below upper bound");
}

Test(calib_load, prior_needs_mass_within_bounds)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"normal\", \"mean\": 5, \"sd\": 0.01}}", NULL),
           "parameters[0].prior", "of its probability lies within the bounds");
}

Test(calib_load, uniform_needs_bounds)
{
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 2}}", NULL),
           "parameters[0].prior.upper", "missing");
}

/* --- ties ------------------------------------------------------------------------- */

Test(calib_load, tie_rules)
{
    reject(make(NULL, "\"tied\": [{\"name\": \"init_K_mean_rural\", \"follows\": \"init_K_mean_rural\"}]"),
           "tied[0].name", "is a free parameter");
    reject(make(NULL, "\"tied\": [{\"name\": \"init_K_mean_urban\", \"follows\": \"init_S_mean_rural\"}]"),
           "tied[0].follows", "not one of the free parameters");
    reject(make(NULL, "\"tied\": [{\"name\": \"init_K_mean_urban\", \"follows\": \"init_K_mean_rural\", \"offset\": 0},"
                      " {\"name\": \"init_K_mean_urban\", \"follows\": \"init_K_mean_rural\"}]"),
           "tied[1].name", "tied twice");
    reject(make(NULL, "\"tied\": [{\"name\": \"init_K_mean_urban\", \"follws\": \"init_K_mean_rural\"}]"),
           "tied[0].follws", "did you mean 'follows'");
}

Test(calib_load, tie_must_stay_in_range)
{
    /* The free prior spans the whole table range, so any positive offset
     * pushes the tied value above 0.999; the message gives the bounds to use. */
    reject(make(NULL, "\"tied\": [{\"name\": \"init_K_mean_urban\", \"follows\": \"init_K_mean_rural\", \"offset\": 0.05}]"),
           "tied[0].offset", "narrow the prior's lower/upper bounds of init_K_mean_rural to 0.001 to 0.949");
}

/* --- observation and targets ---------------------------------------------------------- */

Test(calib_load, observation_rules)
{
    reject(make(NULL, "\"observation\": {\"n\": 116}"), "observation.n",
           "the targets file has 20 respondents");
    reject(make(NULL, "\"observation\": {\"month\": 100000}"), "observation.month", "allowed: 0 to");
    reject(make(NULL, "\"observation\": {\"rural_share\": \"rural\"}"), "observation.rural_share",
           "expected \"population\" or a number");
    reject(make(NULL, "\"observation\": {\"rural_share\": 1.2}"), "observation.rural_share",
           "found 1.2");
    reject(make(NULL, "\"observation\": {\"day\": 1}"), "observation.day", "unknown key");
}

static void reject_targets(const char *targets, const char *path, const char *what)
{
    write_file("t2.json", targets);
    bilim_calibration c;
    bilim_calib_errors e;
    char text[8192];
    snprintf(text, sizeof text, "%s", make(NULL, NULL));
    char *p = strstr(text, "targets.json");
    memcpy(p, "t2.json\"    ", 12); /* keep the text valid: pad with spaces */
    p[7] = '"';
    memmove(p + 8, p + 13, strlen(p + 13) + 1);
    cr_assert_eq(load(text, &c, &e), BILIM_EINVAL, "accepted targets %s", targets);
    expect_error(&e, "t2.json", path, what, NULL);
    bilim_calib_errors_clear(&e);
}

Test(calib_load, targets_rules)
{
    reject_targets("{\"respondents\": 20, \"readiness_bands\": {\"counts\": {\"low\": 8, \"intermediate\": 10, \"high\": 0}}}",
                   "readiness_bands.counts", "sum to 18");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"low_motivation\": {\"count\": 3}}}",
                   "barriers.low_motivation", "did you mean 'low_staff_motivation'");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"weak_material_base\": {\"count\": 21}}}",
                   "barriers.weak_material_base.count", "found 21; allowed: 0 to 20");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"weak_material_base\": {\"count\": 2.5}}}",
                   "barriers.weak_material_base.count", "whole number");
    reject_targets("{\"respondents\": 20}", "no targets", "readiness_bands");
    reject_targets("{\"barriers\": {}}", "respondents", "missing");
    reject_targets("{\"respondents\": 20, \"readiness_bands\": {\"counts\": {\"low\": 8, \"low\": 8, \"intermediate\": 12, \"high\": 0}}}",
                   "readiness_bands.counts.low", "duplicate key");
    reject_targets("{\"respondents\": 20,", "t2.json:1:20: invalid JSON", "end of the file");
}

Test(calib_load, unreadable_targets_and_base)
{
    reject("{\"base_scenario\": \"base.json\", \"targets\": \"nope.json\", \"parameters\": []}",
           "targets", "cannot read \"nope.json\"");
    reject("{\"base_scenario\": \"nobase.json\", \"targets\": \"targets.json\", \"parameters\": []}",
           "base_scenario", "cannot use \"nobase.json\"");
}

Test(calib_load, sample_too_small_for_the_survey)
{
    reject(make(NULL, "\"method\": {\"schools_per_simulation\": 10}"),
           "method.schools_per_simulation", "use schools_per_simulation >=");
}

Test(calib_load, all_errors_are_reported_together)
{
    bilim_calibration c;
    bilim_calib_errors e;
    cr_assert_eq(load(make(NULL, "\"seed\": \"x\", \"method\": {\"particles\": 0, \"kernel\": \"x\"}, \"frob\": 1"),
                      &c, &e), BILIM_EINVAL);
    cr_assert_eq(e.n, 4, "got %d errors", e.n);
    for (int i = 0; i < e.n; i++)
        cr_assert(strncmp(e.msg[i], cal_path, strlen(cal_path)) == 0, "%s", e.msg[i]);
    bilim_calib_errors_clear(&e);
}

Test(calib_load, unreadable_file_is_an_io_error)
{
    bilim_calibration c;
    bilim_calib_errors e = {0, NULL};
    cr_assert_eq(bilim_calib_load("/nonexistent/cal.json", &c, NULL, &e), BILIM_EIO);
    expect_error(&e, "/nonexistent/cal.json", "cannot read", NULL);
    bilim_calib_errors_clear(&e);
}
