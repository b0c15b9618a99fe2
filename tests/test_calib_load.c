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
#include <fcntl.h>
#include <sys/stat.h>
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
    alarm(0);
    const char *files[] = {"base.json", "targets.json", "cal.json", "t2.json", "fifo.json",
                           "big.json", "parent.json"};
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

/* Loads text as cal.json; *e receives the messages (caller frees). */
static int load(const char *text, bilim_calibration *c, bilim_diags **e)
{
    write_file("cal.json", text);
    *e = bilim_diags_alloc();
    cr_assert_not_null(*e);
    return bilim_calib_load(cal_path, c, NULL, *e);
}

/* Asserts one error at least mentions every fragment given (NULL-ended) and
 * names the file. */
static void expect_error(const bilim_diags *e, ...)
{
    cr_assert_gt(bilim_diags_count(e), 0, "expected an error");
    for (int i = 0; i < bilim_diags_count(e); i++) {
        va_list ap;
        va_start(ap, e);
        int all = 1;
        for (const char *f = va_arg(ap, const char *); f; f = va_arg(ap, const char *))
            all &= strstr(bilim_diags_get(e, i), f) != NULL;
        va_end(ap);
        if (all)
            return;
    }
    char got[8192] = "";
    for (int i = 0; i < bilim_diags_count(e); i++) {
        strncat(got, bilim_diags_get(e, i), sizeof got - strlen(got) - 2);
        strcat(got, "\n");
    }
    cr_assert_fail("no error has all the expected fragments; got:\n%s", got);
}

static void reject(const char *text, const char *path, const char *what)
{
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load(text, &c, &e), BILIM_EINVAL, "accepted:\n%s", text);
    expect_error(e, cal_path, path, what, NULL);
    bilim_diags_free(e);
}

/* --- what loads ------------------------------------------------------------------ */

Test(calib_load, shipped_calibration_loads)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/scenarios/calibration/kz-2026-survey.json", test_source_dir());
    bilim_calibration c;
    bilim_calib_texts t;
    bilim_diags *e = bilim_diags_alloc();
    int rc = bilim_calib_load(p, &c, &t, e);
    if (rc)
        bilim_diags_print(e, stderr);
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
    bilim_diags *e;
    int rc = load(make(NULL, NULL), &c, &e);
    if (rc)
        bilim_diags_print(e, stderr);
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
    bilim_diags *e;
    int rc = load(make(params, extra), &c, &e);
    if (rc)
        bilim_diags_print(e, stderr);
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
           "cal.json:3:13: syntax error: ", "after the key");
}

Test(calib_load, not_an_object)
{
    reject("[1, 2]", "cal.json:1:1: the file holds an array", "expected a JSON object");
}

Test(calib_load, unknown_key_with_suggestion)
{
    reject(make(NULL, "\"method\": {\"partcles\": 10}"), "cal.json:5:14: method.partcles",
           "unknown key; did you mean \"particles\"?");
}

Test(calib_load, keys_are_case_sensitive)
{
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load("{\"Base_scenario\": \"base.json\", \"targets\": \"targets.json\","
                      " \"parameters\": []}", &c, &e), BILIM_EINVAL);
    expect_error(e, cal_path, ":1:2: Base_scenario: unknown key; did you mean \"base_scenario\"?", NULL);
    expect_error(e, cal_path, "base_scenario: missing", NULL);
    bilim_diags_free(e);
}

Test(calib_load, duplicate_key)
{
    reject(make(NULL, "\"seed\": 1, \"seed\": 2"), "cal.json:5:14: seed",
           "duplicate key (first at line 5, column 3)");
}

Test(calib_load, wrong_type_names_the_value)
{
    reject(make(NULL, "\"method\": {\"particles\": \"1000\"}"), "method.particles",
           "found \"1000\", a string; expected an integer from 2 to 1000000 (write numbers without quotes)");
}

Test(calib_load, integer_must_be_whole)
{
    reject(make(NULL, "\"method\": {\"particles\": 10.5}"), "method.particles",
           "10.5 is not an integer; expected an integer from 2 to 1000000");
}

Test(calib_load, number_out_of_range)
{
    reject(make(NULL, "\"method\": {\"quantile\": 1.5}"), "method.quantile",
           "1.5 is out of range; expected a number in (0, 1)");
    reject(make(NULL, "\"method\": {\"quantile\": 0}"), "method.quantile", "expected a number in (0, 1)");
    reject(make(NULL, "\"method\": {\"min_acceptance\": 1}"), "method.min_acceptance",
           "expected a number in [0, 1)");
    reject(make(NULL, "\"method\": {\"min_epsilon\": -1}"), "method.min_epsilon",
           "-1 is out of range; expected a number >= 0");
    reject(make(NULL, "\"method\": {\"particles\": 1}"), "method.particles",
           "expected an integer from 2 to 1000000");
    reject(make(NULL, "\"method\": {\"particles\": 100, \"max_simulations\": 50}"),
           "method.max_simulations", "50 is out of range; expected at least the number of particles (100)");
    reject(make(NULL, "\"seed\": -1"), "seed", "-1 is out of range; expected an integer from 0 to 9007199254740992");
    reject(make(NULL, "\"seed\": 9007199254740993"), "seed", "is out of range");
}

Test(calib_load, choices_with_suggestion)
{
    reject(make(NULL, "\"method\": {\"kernel\": \"multivariate-normal\"}"), "method.kernel",
           "did you mean \"multivariate_normal\"");
    reject(make(NULL, "\"method\": {\"algorithm\": \"mcmc\"}"), "method.algorithm",
           "\"mcmc\" is not allowed; expected one of \"abc-smc\"");
    reject(make(NULL, "\"method\": {\"point_estimate\": \"mode\"}"), "method.point_estimate",
           "expected one of \"mean\", \"median\"");
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
    reject(make("", NULL), "parameters", "an array of 0 entries; expected 1 to 32 free parameters");
}

Test(calib_load, unknown_distribution_with_suggestion)
{
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"betta\", \"alpha\": 2, \"beta\": 2}}", NULL),
           "parameters[0].prior.distribution", "did you mean \"beta\"");
}

Test(calib_load, prior_keys_depend_on_the_distribution)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"mean\": 0.3, \"alpha\": 2, \"beta\": 2}}", NULL),
           "parameters[0].prior.mean", "unknown key; expected one of: distribution, alpha, beta, lower, upper");
}

Test(calib_load, prior_missing_shape)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 2}}", NULL),
           "parameters[0].prior.beta", "missing");
}

Test(calib_load, prior_shape_must_be_positive)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": -1, \"beta\": 2}}", NULL),
           "parameters[0].prior.alpha", "-1 is out of range; expected a number > 0");
    reject(make("{\"name\": \"gamma_L\", \"prior\": {\"distribution\": \"normal\", \"mean\": 0, \"sd\": 0}}", NULL),
           "parameters[0].prior.sd", "0 is out of range; expected a number > 0");
}

Test(calib_load, prior_must_lie_within_the_table_range)
{
    reject(make("{\"name\": \"init_K_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 2, \"beta\": 2, \"lower\": 0}}", NULL),
           "parameters[0].prior.lower",
           "0 is out of range; expected a number in [0.001, 0.999], init_K_mean_rural's range in the parameter table");
    reject(make("{\"name\": \"init_K_kappa\", \"prior\": {\"distribution\": \"uniform\", \"lower\": 1, \"upper\": 2000}}", NULL),
           "parameters[0].prior.upper", "2000 is out of range");
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
           "tied[0].follws", "unknown key; did you mean \"follows\"?");
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
           "116 differs from the targets file's 20 respondents");
    reject(make(NULL, "\"observation\": {\"month\": 100000}"), "observation.month", "expected an integer from 0 to");
    reject(make(NULL, "\"observation\": {\"month\": 200}"), "observation.month",
           "200 is after the base scenario's horizon; expected an integer from 0 to 60");
    reject(make(NULL, "\"observation\": {\"rural_share\": \"rural\"}"), "observation.rural_share",
           "expected \"population\" or a number");
    reject(make(NULL, "\"observation\": {\"rural_share\": 1.2}"), "observation.rural_share",
           "1.2 is out of range; expected a number in [0, 1]");
    reject(make(NULL, "\"observation\": {\"day\": 1}"), "observation.day", "unknown key");
}

static void reject_targets(const char *targets, const char *path, const char *what)
{
    write_file("t2.json", targets);
    bilim_calibration c;
    bilim_diags *e;
    char text[8192];
    snprintf(text, sizeof text, "%s", make(NULL, NULL));
    char *p = strstr(text, "targets.json");
    memcpy(p, "t2.json\"    ", 12); /* keep the text valid: pad with spaces */
    p[7] = '"';
    memmove(p + 8, p + 13, strlen(p + 13) + 1);
    cr_assert_eq(load(text, &c, &e), BILIM_EINVAL, "accepted targets %s", targets);
    expect_error(e, "t2.json", path, what, "(via ", "cal.json, whose targets is ", NULL);
    bilim_diags_free(e);
}

Test(calib_load, targets_rules)
{
    reject_targets("{\"respondents\": 20, \"readiness_bands\": {\"counts\": {\"low\": 8, \"intermediate\": 10, \"high\": 0}}}",
                   "readiness_bands.counts", "sum to 18");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"low_motivation\": {\"count\": 3}}}",
                   "barriers.low_motivation", "unknown key; did you mean \"low_staff_motivation\"?");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"weak_material_base\": {\"count\": 21}}}",
                   "barriers.weak_material_base.count", "21 is out of range; expected an integer from 0 to 20");
    reject_targets("{\"respondents\": 20, \"barriers\": {\"weak_material_base\": {\"count\": 2.5}}}",
                   "barriers.weak_material_base.count", "2.5 is not an integer");
    reject_targets("{\"respondents\": 20}", "no targets", "readiness_bands");
    reject_targets("{\"barriers\": {}}", "respondents", "missing");
    reject_targets("{\"respondents\": 20, \"readiness_bands\": {\"counts\": {\"low\": 8, \"low\": 8, \"intermediate\": 12, \"high\": 0}}}",
                   "readiness_bands.counts.low", "duplicate key");
    reject_targets("{\"respondents\": 20,", "t2.json:1:20: syntax error", "end of the file");
}

Test(calib_load, unreadable_targets_and_base)
{
    reject("{\"base_scenario\": \"base.json\", \"targets\": \"nope.json\", \"parameters\": []}",
           "targets", "cannot read \"nope.json\"");
    reject("{\"base_scenario\": \"nobase.json\", \"targets\": \"targets.json\", \"parameters\": []}",
           "base_scenario", "cannot read \"nobase.json\"");
}

Test(calib_load, sample_too_small_for_the_survey)
{
    reject(make(NULL, "\"method\": {\"schools_per_simulation\": 10}"),
           "method.schools_per_simulation", "use schools_per_simulation >=");
}

Test(calib_load, all_errors_are_reported_together)
{
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load(make(NULL, "\"seed\": \"x\", \"method\": {\"particles\": 0, \"kernel\": \"x\"}, \"frob\": 1"),
                      &c, &e), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(e), 4, "got %d errors", bilim_diags_count(e));
    for (int i = 0; i < bilim_diags_count(e); i++)
        cr_assert(strncmp(bilim_diags_get(e, i), cal_path, strlen(cal_path)) == 0, "%s",
                  bilim_diags_get(e, i));
    bilim_diags_free(e);
}

Test(calib_load, unreadable_file_is_an_io_error)
{
    bilim_calibration c;
    bilim_diags *e = bilim_diags_alloc();
    cr_assert_eq(bilim_calib_load("/nonexistent/cal.json", &c, NULL, e), BILIM_EIO);
    expect_error(e, "/nonexistent/cal.json", "cannot read", NULL);
    bilim_diags_free(e);
}

/* --- what the referenced files may be, and the chain in messages -------------------- */

/* The calibration of make() with its targets replaced by targets (a path). */
static int load_with_targets(const char *targets, bilim_calibration *c, bilim_diags **e)
{
    char text[8192];
    snprintf(text, sizeof text,
             "{\"base_scenario\": \"base.json\", \"targets\": \"%s\",\n"
             " \"parameters\": [{\"name\": \"init_K_mean_rural\", \"prior\": "
             "{\"distribution\": \"beta\", \"alpha\": 3, \"beta\": 7}}]}\n", targets);
    return load(text, c, e);
}

Test(calib_load, targets_that_are_not_regular_files_are_refused_without_blocking)
{
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/fifo.json", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    bilim_calibration c;
    bilim_diags *e;
    alarm(5); /* a blocking open of the FIFO would wait for a writer forever */
    cr_assert_eq(load_with_targets("fifo.json", &c, &e), BILIM_EINVAL);
    expect_error(e, "cal.json:1:43: targets: cannot read \"fifo.json\" (looked for ", fifo,
                 "): is not a regular file but a FIFO (named pipe)", NULL);
    bilim_diags_free(e);
    cr_assert_eq(load_with_targets("/dev/zero", &c, &e), BILIM_EINVAL);
    expect_error(e, "targets: cannot read \"/dev/zero\"", "is not a regular file but a character device", NULL);
    bilim_diags_free(e);
    /* The calibration file itself. */
    e = bilim_diags_alloc();
    cr_assert_eq(bilim_calib_load(fifo, &c, NULL, e), BILIM_EIO);
    expect_error(e, "fifo.json: cannot read: is not a regular file but a FIFO", NULL);
    bilim_diags_free(e);
    alarm(0);
}

Test(calib_load, targets_over_the_cap_are_refused)
{
    char big[256];
    snprintf(big, sizeof big, "%s/big.json", dir);
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 100L << 20), 0); /* sparse: nothing is read */
    close(fd);
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load_with_targets("big.json", &c, &e), BILIM_EINVAL);
    expect_error(e, "targets: cannot read \"big.json\"", "is 104857600 bytes (100 MiB), larger than "
                 "the limit of 1048576 bytes (1 MiB)", NULL);
    bilim_diags_free(e);
}

Test(calib_load, errors_in_the_base_scenario_name_the_chain)
{
    write_file("parent.json", "{\"name\": \"p\",\n \"months\": 0}");
    write_file("base.json", "{\"name\": \"b\", \"extends\": \"parent.json\"}");
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load(make(NULL, NULL), &c, &e), BILIM_EINVAL);
    char want[1024];
    snprintf(want, sizeof want, "%s/parent.json:2:12: months: 0 is out of range; expected an integer "
             "from 1 to 1200 (via %s/cal.json, whose base_scenario is %s/base.json, which extends "
             "%s/parent.json)", dir, dir, dir, dir);
    cr_assert_eq(bilim_diags_count(e), 1);
    cr_assert_str_eq(bilim_diags_get(e, 0), want);
    bilim_diags_free(e);
}

Test(calib_load, errors_in_the_targets_name_the_chain)
{
    write_file("t2.json", "{\"respondents\": 20,\n \"barriers\": {\"weak_material_base\": {\"count\": -1}}}");
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load_with_targets("t2.json", &c, &e), BILIM_EINVAL);
    char want[1024];
    snprintf(want, sizeof want, "%s/t2.json:2:47: barriers.weak_material_base.count: -1 is out of "
             "range; expected an integer from 0 to 20 (via %s/cal.json, whose targets is %s/t2.json)",
             dir, dir, dir);
    cr_assert_eq(bilim_diags_count(e), 1);
    cr_assert_str_eq(bilim_diags_get(e, 0), want);
    bilim_diags_free(e);
}

Test(calib_load, at_most_200_messages_then_a_count)
{
    /* 300 unknown keys, each an error. */
    static char text[16384];
    size_t k = (size_t)snprintf(text, sizeof text, "%s", make(NULL, NULL));
    k -= 3; /* before "\n}\n" */
    for (int i = 0; i < 300; i++)
        k += (size_t)snprintf(text + k, sizeof text - k, ", \"x%d\": 1", i);
    snprintf(text + k, sizeof text - k, "\n}\n");
    bilim_calibration c;
    bilim_diags *e;
    cr_assert_eq(load(text, &c, &e), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(e), BILIM_DIAGS_MAX);
    cr_assert_eq(bilim_diags_total(e), 300);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    bilim_diags_print(e, f);
    fclose(f);
    cr_assert(strstr(buf, "\n(100 more errors not shown; fix the ones above first)\n"), "%s",
              buf + len - 200);
    free(buf);
    bilim_diags_free(e);
}

/* --- observation dates ------------------------------------------------------------ */

/* A date is converted to the month from the base scenario's start_date
 * (default "2026-09"): "2027-09" is month 12. */
Test(calib_load, observation_date_becomes_a_month)
{
    bilim_calibration c;
    bilim_diags *e;
    int rc = load(make(NULL, "\"observation\": {\"date\": \"2027-09\"}"), &c, &e);
    if (rc)
        bilim_diags_print(e, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_eq(c.month, 12);
    bilim_diags_free(e);
    rc = load(make(NULL, "\"observation\": {\"date\": \"2026-09\"}"), &c, &e);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_eq(c.month, 0);
    bilim_diags_free(e);
}

Test(calib_load, observation_date_errors)
{
    /* TALIS 2018's fieldwork, before month 0: needs the history period. */
    reject(make(NULL, "\"observation\": {\"date\": \"2018-03\"}"), "observation.date",
           "\"2018-03\" is 102 months before the base scenario's start_date \"2026-09\" "
           "(month 0); expected a date from \"2026-09\" on: observations before month 0 need a "
           "history period");
    reject(make(NULL, "\"observation\": {\"date\": \"2150-01\"}"), "observation.date",
           "after the base scenario's horizon");
    reject(make(NULL, "\"observation\": {\"date\": \"2027-13\"}"), "observation.date", "2027-13");
    reject(make(NULL, "\"observation\": {\"date\": \"2027-09\", \"month\": 12}"),
           "observation.date", "given together with observation.month; expected one of them");
}
