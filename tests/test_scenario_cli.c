/* tests/test_scenario_cli.c: `bilim validate`, driven through the real
 * executable: output, exit status 0 / 1 / 2, --print and --schema. */
#include <criterion/criterion.h>
#include <string.h>
#include "scenario_helpers.h"
#include "formats/scenario_schema.h"

static test_dir dir;

static void setup(void)
{
    test_mkdir(&dir);
}

static void teardown(void)
{
    test_rmdir(&dir);
}

TestSuite(validate, .init = setup, .fini = teardown);

static const char *good =
    "{\"name\": \"good\", \"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 4, \"rural\": 8}]},\n"
    " \"outputs\": {\"survey_n\": 5}}\n";

static const char *bad =
    "{\"name\": \"bad\",\n"
    " \"months\": 0,\n"
    " \"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 10, \"intensty\": 0.5}]}\n";

Test(validate, valid_file_prints_ok_and_exits_0)
{
    const char *p = test_write(&dir, "good.json", good);
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "validate %s", p);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    char want[1024];
    snprintf(want, sizeof want, "%s: ok\n", p);
    cr_assert_str_eq(out, want);
    cr_assert_str_eq(err, "");
    free(out);
    free(err);
}

Test(validate, invalid_file_prints_every_error_and_exits_1)
{
    const char *p = test_write(&dir, "bad.json", bad);
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "validate %s", p);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert_str_eq(out, "");
    char want[1024];
    snprintf(want, sizeof want,
             "%s:2:12: months: 0 is out of range; expected an integer from 1 to 1200\n"
             "%s:3:68: interventions[0].intensty: unknown key; did you mean \"intensity\"?\n",
             p, p);
    cr_assert_str_eq(err, want);
    free(out);
    free(err);
}

Test(validate, several_files_report_each_and_a_summary)
{
    const char *g = test_write(&dir, "good.json", good);
    char gp[600];
    snprintf(gp, sizeof gp, "%s", g);
    const char *b = test_write(&dir, "bad.json", bad);
    char args[2048], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "validate %s %s %s/missing.json", gp, b, dir.path);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert(strstr(out, "good.json: ok\n"), "%s", out);
    cr_assert(strstr(err, "bad.json:2:12: months:"), "%s", err);
    cr_assert(strstr(err, "missing.json: cannot read: No such file or directory"), "%s", err);
    cr_assert(strstr(err, "bilim validate: 2 of 3 files invalid"), "%s", err);
    free(out);
    free(err);
}

Test(validate, usage_errors_exit_2)
{
    char *err = NULL;
    cr_assert_eq(test_run_bilim("validate", NULL, &err), 2);
    cr_assert(strstr(err, "expects at least one scenario or calibration file"), "%s", err);
    free(err);
    cr_assert_eq(test_run_bilim("validate --prnt x.json", NULL, &err), 2);
    cr_assert(strstr(err, "unknown option '--prnt'"), "%s", err);
    free(err);
    cr_assert_eq(test_run_bilim("validate --schema x.json", NULL, &err), 2);
    cr_assert(strstr(err, "--schema takes no files"), "%s", err);
    free(err);
}

Test(validate, print_writes_the_resolved_scenario)
{
    test_write(&dir, "parent.json", good);
    const char *c = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\", \"seed\": 99,\n"
        " \"append_interventions\": [{\"type\": \"teacher_pipeline\", \"unit_cost_kzt\": 7}]}");
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "validate --print %s", c);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(err, "child.json: ok"), "%s", err);
    cr_assert(!strstr(out, "extends"), "the resolved scenario has no extends:\n%s", out);
    cr_assert(strstr(out, "\"seed\": 99"), "%s", out);
    cr_assert(strstr(out, "\"type\": \"teacher_pipeline\""), "%s", out);
    cr_assert(strstr(out, "\"eta_train\": 0.00669"), "every parameter is explicit:\n%s", out);
    /* The printed scenario is the loaded one. */
    bilim_scenario a, b;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load(c, &a, NULL, d), BILIM_OK);
    cr_assert_eq(bilim_scenario_load_string(out, NULL, &b, NULL, d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_arr_eq(&a, &b, sizeof a);
    bilim_diags_free(d);
    free(out);
    free(err);
}

Test(validate, schema_prints_scenarios_schema_json)
{
    char *out = NULL;
    cr_assert_eq(test_run_bilim("validate --schema", &out, NULL), 0);
    char *gen;
    bilim_error err;
    cr_assert_eq(bilim_scenario_schema_json(&gen, &err), BILIM_OK, "%s", err.msg);
    cr_assert_str_eq(out, gen);
    free(gen);
    free(out);
}

Test(validate, the_schema_file_is_not_a_scenario)
{
    char args[1024], *err = NULL;
    snprintf(args, sizeof args, "validate %s/scenarios/schema.json", test_source_dir());
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "schema.json:1:1: this is a JSON Schema, not a scenario file"), "%s", err);
    free(err);
}

Test(validate, every_shipped_scenario_is_valid)
{
    char args[8192], *out = NULL, *err = NULL;
    const char *names[] = {"baseline", "leadership_training", "teacher_incentives", "resource_funding",
                           "university_partnership", "innovation_hub", "professional_development",
                           "teacher_pipeline", "package_leadership_incentives_funding",
                           "package_rural_equity", "option_10bn_funding",
                           "option_10bn_professional_development", "option_10bn_incentives"};
    size_t k = (size_t)snprintf(args, sizeof args, "validate");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        k += (size_t)snprintf(args + k, sizeof args - k, " %s/scenarios/%s.json", test_source_dir(), names[i]);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert_str_eq(err, "");
    free(out);
    free(err);
}

Test(validate, help_describes_exit_status)
{
    char *out = NULL;
    cr_assert_eq(test_run_bilim("validate --help", &out, NULL), 0);
    cr_assert(strstr(out, "Usage: bilim validate FILE... [--print]"), "%s", out);
    cr_assert(strstr(out, "Exit status: 0"), "%s", out);
    free(out);
}

/* --- calibration files ------------------------------------------------------------- */

Test(validate, shipped_calibration_files_are_valid)
{
    char args[4096], *out = NULL, *err = NULL;
    const char *s = test_source_dir();
    snprintf(args, sizeof args, "validate %s/scenarios/calibration/kz-2026-survey.json "
             "%s/scenarios/calibration/kz-2026-survey-by-locality.json %s/scenarios/baseline.json",
             s, s, s);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    char want[4096];
    snprintf(want, sizeof want, "%s/scenarios/calibration/kz-2026-survey.json: ok\n"
             "%s/scenarios/calibration/kz-2026-survey-by-locality.json: ok\n"
             "%s/scenarios/baseline.json: ok\n", s, s, s);
    cr_assert_str_eq(out, want);
    cr_assert_str_eq(err, "");
    free(out);
    free(err);
}

Test(validate, calibration_file_errors_in_every_file_it_names)
{
    test_write(&dir, "base.json", "{\"name\": \"b\",\n \"months\": 0}");
    test_write(&dir, "t.json", "{\"respondents\": 20,\n \"barriers\": {\"weak_material_base\": {\"count\": 21}}}");
    const char *cal = test_write(&dir, "cal.json",
        "{\"base_scenario\": \"base.json\", \"targets\": \"t.json\",\n"
        " \"parameters\": [{\"name\": \"init_K_mean_rual\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 3, \"beta\": 7}}],\n"
        " \"method\": {\"partcles\": 10}}");
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "validate %s", cal);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert_str_eq(out, "");
    const char *p = dir.path;
    char want[4096];
    snprintf(want, sizeof want,
             "%s/base.json:2:12: months: 0 is out of range; expected an integer from 1 to 1200 "
             "(via %s/cal.json, whose base_scenario is %s/base.json)\n"
             "%s/t.json:2:47: barriers.weak_material_base.count: 21 is out of range; expected an "
             "integer from 0 to 20 (via %s/cal.json, whose targets is %s/t.json)\n"
             "%s/cal.json:2:26: parameters[0].name: \"init_K_mean_rual\" is not a model parameter; "
             "did you mean \"init_K_mean_rural\"? (bilim params lists them)\n"
             "%s/cal.json:3:13: method.partcles: unknown key; did you mean \"particles\"?\n",
             p, p, p, p, p, p, p, p);
    cr_assert_str_eq(err, want);
    free(out);
    free(err);
}

Test(validate, help_says_calibration_files_are_accepted)
{
    char *out = NULL;
    cr_assert_eq(test_run_bilim("help validate", &out, NULL), 0);
    cr_assert(strstr(out, "Checks scenario and calibration files"), "%s", out);
    cr_assert(strstr(out, "\"base_scenario\" is read as a calibration"), "%s", out);
    free(out);
}
