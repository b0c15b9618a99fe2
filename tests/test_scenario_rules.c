/* tests/test_scenario_rules.c: every validation rule of the scenario loader
 * (docs/scenarios.md, "Validation rules"): the rule fires, the message names
 * the JSON path and says what was found and what is allowed, and a failed
 * load leaves the output untouched. */
#include <criterion/criterion.h>
#include <string.h>
#include "scenario_helpers.h"
#include "analysis/compare.h"
#include "models/interventions.h"
#include "models/model.h"

/* Head of a small valid scenario; cases append members and close it. */
#define HEAD "{\"name\": \"t\", " TEST_POP
/* Head with the default population (kz-national), for cases that set outputs or population. */
#define NAT "{\"name\": \"t\""

static void check_rule(const char *json, const char *needle, ...)
{
    bilim_scenario sc, before;
    memset(&sc, 0xA5, sizeof sc);
    before = sc;
    bilim_diags *d;
    char *resolved = (char *)1;
    d = bilim_diags_alloc();
    int rc = bilim_scenario_load_string(json, NULL, &sc, &resolved, d);
    cr_assert_eq(rc, BILIM_EINVAL, "expected the rule to fire for:\n%s", json);
    cr_assert_null(resolved, "a failed load must not return resolved JSON");
    cr_assert_arr_eq(&sc, &before, sizeof sc, "a failed load must not write the scenario");
    int found = 0;
    for (int i = 0; i < bilim_diags_count(d) && !found; i++) {
        const char *m = bilim_diags_get(d, i);
        int all = strstr(m, needle) != NULL;
        va_list ap;
        va_start(ap, needle);
        const char *n;
        while ((n = va_arg(ap, const char *)))
            if (!strstr(m, n))
                all = 0;
        va_end(ap);
        found = all;
        if (all)
            cr_assert(strncmp(m, "<string>:", 9) == 0, "message does not start with the file: %s", m);
    }
    cr_assert(found, "no message containing \"%s\" (and the others) for:\n%s\ngot:\n%s", needle,
              json, test_all_diags(d));
    bilim_diags_free(d);
}

#define RULE(id, json, ...) \
    Test(rules, id) { check_rule(json, __VA_ARGS__, NULL); }

/* A valid scenario to start from, so every case below fails for one reason. */
Test(rules, the_base_is_valid)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(HEAD "}", &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(bilim_population_schools(&sc.population), 40);
    cr_assert_str_eq(sc.population.preset, "");
    bilim_diags_free(d);
}

/* --- syntax and structure ------------------------------------------------------ */

RULE(syntax_error_gives_line_and_column, "{\n  \"name\": \"t\",\n  \"seed\": 1,\n}",
     "<string>:4:1: syntax error: trailing comma")
RULE(syntax_error_missing_comma, "{\"name\": \"t\"\n \"seed\": 1}", "<string>:2:2: syntax error",
     "missing ','")
RULE(syntax_error_comment, "{\"name\": \"t\", // a comment\n \"seed\": 1}", ":1:15: syntax error",
     "comments are not allowed")
RULE(syntax_error_unterminated_string, "{\"name\": \"t}", ":1:10: syntax error", "unterminated string")
RULE(syntax_error_nan, "{\"name\": \"t\", \"seed\": NaN}", ":1:23:", "NaN is not a JSON number")
RULE(syntax_error_leading_zero, "{\"name\": \"t\", \"seed\": 007}", ":1:23:", "leading zeros")
RULE(syntax_error_invalid_utf8, "{\"name\": \"t\", \"description\": \"caf\xE9\"}", "invalid UTF-8")
RULE(syntax_error_empty, "", "<string>:1:1: syntax error: the file is empty")
RULE(syntax_error_trailing_text, "{\"name\": \"t\"} x", ":1:15:", "after the end of the JSON value")
RULE(top_level_must_be_an_object, "[1, 2]", "<string>:1:1: the file holds an array; expected a JSON object")
RULE(duplicate_key_names_both_lines, "{\n\"name\": \"t\",\n\"seed\": 1,\n\"seed\": 2}",
     "<string>:4:1: seed: duplicate key (first at line 3, column 1)")
RULE(duplicate_key_nested, NAT ", \"outputs\": {\"by_region\": true, \"by_region\": false}}",
     "outputs.by_region: duplicate key")

Test(rules, nesting_too_deep)
{
    char json[512];
    strcpy(json, "{\"name\": \"t\", \"notes\": ");
    for (int i = 0; i < 80; i++)
        strcat(json, "[");
    for (int i = 0; i < 80; i++)
        strcat(json, "]");
    strcat(json, "}");
    check_rule(json, "syntax error: nesting deeper than 64 levels", NULL);
}

Test(rules, too_many_members)
{
    size_t cap = 1200 * 16 + 64;
    char *json = malloc(cap);
    size_t k = (size_t)snprintf(json, cap, "{\"name\": \"t\", \"parameters\": {");
    for (int i = 0; i < 1001; i++)
        k += (size_t)snprintf(json + k, cap - k, "%s\"p%d\": 1", i ? "," : "", i);
    snprintf(json + k, cap - k, "}}");
    check_rule(json, "parameters: an object of 1001 members; expected at most 1000", NULL);
    free(json);
}

/* --- keys, names, types ----------------------------------------------------------- */

RULE(unknown_key_suggests, HEAD ", \"intervntions\": []}", "intervntions: unknown key; did you mean \"interventions\"?")
RULE(unknown_key_is_case_sensitive, HEAD ", \"Seed\": 3}", "Seed: unknown key; did you mean \"seed\"?")
RULE(unknown_key_lists_keys, HEAD ", \"zzzzzzzz\": 3}", "zzzzzzzz: unknown key; expected one of: $schema, name")
RULE(name_is_required, "{" TEST_POP "}", "name: missing; every scenario file has a \"name\"")
RULE(name_must_be_an_identifier, "{\"name\": \"my scenario!\", " TEST_POP "}",
     "name: \"my scenario!\" is not a valid name; expected a name of 1 to 63 characters")
RULE(name_too_long, "{\"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
     "name: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\" is not a valid name")
RULE(string_where_number_expected, HEAD ", \"replicates\": \"20\"}",
     "replicates: found \"20\", a string; expected an integer from 1 to 100000 (write numbers without quotes)")
RULE(integer_must_be_integral, HEAD ", \"months\": 12.5}", "months: 12.5 is not an integer; expected an integer from 1 to 1200")
RULE(integer_out_of_range, HEAD ", \"months\": 0}", "months: 0 is out of range; expected an integer from 1 to 1200")
RULE(integer_that_does_not_fit_int32, HEAD ", \"replicates\": 4294967297}", "replicates: 4294967297 is out of range")
RULE(integer_far_too_large, HEAD ", \"replicates\": 1e400}", "replicates: 1e400 is out of range")
RULE(negative_integer_too_small, HEAD ", \"replicates\": -2147483649}", "replicates: -2147483649 is out of range")
RULE(non_finite_number, HEAD ", \"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1e400}]}",
     "interventions[0].unit_cost_kzt: 1e400 is not a finite number (too large for a double); expected a number in [0, 1000000000000]")
RULE(seed_negative, HEAD ", \"seed\": -1}", "seed: -1 is out of range; expected an integer from 0 to 18446744073709551615")
RULE(seed_above_uint64, HEAD ", \"seed\": 18446744073709551616}", "seed: 18446744073709551616 is out of range")
RULE(seed_not_integral, HEAD ", \"seed\": 1.5}", "seed: 1.5 is not an integer")
RULE(seed_as_string, HEAD ", \"seed\": \"42\"}", "seed: found \"42\", a string; expected an integer from 0")
RULE(boolean_as_string, NAT ", \"outputs\": {\"by_region\": \"true\"}}",
     "outputs.by_region: found \"true\", a string; expected true or false (write true and false without quotes)")
RULE(boolean_as_number, NAT ", \"outputs\": {\"by_region\": 1}}", "outputs.by_region: found 1, a number; expected true or false")
RULE(null_is_not_a_value, HEAD ", \"months\": null}", "months: found null; expected an integer")
RULE(description_must_be_text, HEAD ", \"description\": 5}", "description: found 5, a number; expected a string")
RULE(description_control_character, HEAD ", \"description\": \"a\\u0007b\"}", "description: contains the control character U+0007")
RULE(notes_must_be_strings, HEAD ", \"notes\": [\"a\", 3]}", "notes[1]: found 3, a number; expected a string")
RULE(schema_must_be_a_string, HEAD ", \"$schema\": 1}", "$schema: found 1, a number; expected a string")
RULE(extends_needs_a_file, HEAD ", \"extends\": \"baseline.json\"}", "extends: cannot be resolved: this scenario was given as text")
RULE(parameter_file_needs_a_file, HEAD ", \"parameter_file\": \"p.json\"}", "parameter_file: cannot be resolved")
RULE(append_needs_extends, HEAD ", \"append_interventions\": []}", "append_interventions: only allowed with \"extends\"")

/* --- parameters ------------------------------------------------------------------------ */

RULE(parameter_unknown_suggests, HEAD ", \"parameters\": {\"eta_trian\": 0.1}}",
     "parameters.eta_trian: unknown parameter; did you mean \"eta_train\"?")
RULE(parameter_unknown_points_to_list, HEAD ", \"parameters\": {\"qqqqqqqqqqqq\": 0.1}}",
     "parameters.qqqqqqqqqqqq: unknown parameter; the names are listed in docs/parameters.md")
RULE(parameter_out_of_range_from_the_table, HEAD ", \"parameters\": {\"theta_low\": 1.5}}",
     "parameters.theta_low: 1.5 is out of range; expected a number in [0, 1]")
RULE(parameter_integer_type_from_the_table, HEAD ", \"parameters\": {\"cluster_size\": 2.5}}",
     "parameters.cluster_size: 2.5 is not an integer; expected an integer from 1 to 100")
RULE(parameter_cross_rule, HEAD ", \"parameters\": {\"theta_low\": 0.8, \"theta_high\": 0.6}}",
     "parameters: theta_low (0.8) must not exceed theta_high (0.6)")
RULE(parameters_must_be_an_object, HEAD ", \"parameters\": [1]}", "parameters: found an array; expected an object")

/* --- population --------------------------------------------------------------------------- */

#define POPHEAD "{\"name\": \"t\", \"outputs\": {\"survey_n\": 1}, "
RULE(preset_unknown_suggests, POPHEAD "\"population\": {\"preset\": \"kz-nationl\"}}",
     "population.preset: \"kz-nationl\" is not a preset; did you mean \"kz-national\"?")
RULE(preset_and_regions, POPHEAD "\"population\": {\"preset\": \"kz-national\", \"regions\": []}}",
     "population: has both \"preset\" and \"regions\"; expected one of them")
RULE(preset_or_regions_required, POPHEAD "\"population\": {}}", "population: has neither \"preset\" nor \"regions\"")
RULE(regions_not_empty, POPHEAD "\"population\": {\"regions\": []}}", "population.regions: 0 regions; expected 1 to 64")
RULE(region_count_form_required_keys, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1}]}}",
     "population.regions[0].rural: missing; this key is required")
RULE(region_forms_do_not_mix, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1, \"schools\": 3}]}}",
     "population.regions[0]: mixes school counts")
RULE(small_class_at_most_rural, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1, \"rural\": 2, \"small_class\": 3}]}}",
     "population.regions[0].small_class: 3 exceeds rural (2)")
RULE(small_class_share_at_most_rural_share,
     POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"schools\": 10, \"rural_share\": 0.3, \"small_class_share\": 0.5}]}}",
     "population.regions[0].small_class_share: 0.5 exceeds rural_share 0.3")
RULE(share_out_of_range, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"schools\": 10, \"rural_share\": 1.3}]}}",
     "population.regions[0].rural_share: 1.3 is out of range; expected a number in [0, 1]")
RULE(region_names_unique, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1, \"rural\": 0}, {\"name\": \"A\", \"urban\": 1, \"rural\": 0}]}}",
     "population.regions[1].name: \"A\" is already the name of another region")
RULE(region_name_characters, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A/B\", \"urban\": 1, \"rural\": 0}]}}",
     "population.regions[0].name: \"A/B\" is not a valid region name")
RULE(at_least_one_school, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 0, \"rural\": 0}]}}",
     "population: 0 schools in all; expected 1 to 1000000")
RULE(at_most_a_million_schools, POPHEAD "\"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1000000, \"rural\": 1}]}}",
     "population: 1000001 schools in all; expected 1 to 1000000")
RULE(teachers_mean_at_least_min, NAT ", \"population\": {\"preset\": \"kz-national\", \"teachers_per_school\": {\"min\": 30}}}",
     "population.teachers_per_school.small_class.mean: 19.5 is below min (30)")
RULE(teachers_sigma_range, NAT ", \"population\": {\"preset\": \"kz-national\", \"teachers_per_school\": {\"urban\": {\"sigma\": 3}}}}",
     "population.teachers_per_school.urban.sigma: 3 is out of range; expected a number in [0, 2]")
RULE(teachers_unknown_class, NAT ", \"population\": {\"preset\": \"kz-national\", \"teachers_per_school\": {\"rural\": {}}}}",
     "population.teachers_per_school.rural: unknown key; did you mean \"rural_regular\"?")

Test(rules, too_many_regions)
{
    char json[8192];
    size_t k = (size_t)snprintf(json, sizeof json, POPHEAD "\"population\": {\"regions\": [");
    for (int i = 0; i < 65; i++)
        k += (size_t)snprintf(json + k, sizeof json - k, "%s{\"name\": \"R%d\", \"urban\": 1, \"rural\": 0}",
                              i ? "," : "", i);
    snprintf(json + k, sizeof json - k, "]}}");
    check_rule(json, "population.regions: 65 regions; expected 1 to 64", NULL);
}

/* --- innovations ------------------------------------------------------------------------------ */

RULE(innovations_not_empty, HEAD ", \"innovations\": []}", "innovations: 0 innovations; expected 1 to 16")
RULE(innovation_required_keys, HEAD ", \"innovations\": [{\"name\": \"x\", \"complexity\": 0.5}]}",
     "innovations[0].resource_need: missing; this key is required")
RULE(innovation_range, HEAD ", \"innovations\": [{\"name\": \"x\", \"complexity\": -0.1, \"resource_need\": 0.5}]}",
     "innovations[0].complexity: -0.1 is out of range; expected a number in [0, 1]")
RULE(innovation_bass_range_from_the_table, HEAD ", \"innovations\": [{\"name\": \"x\", \"complexity\": 0.1, \"resource_need\": 0.5, \"q\": 11}]}",
     "innovations[0].q: 11 is out of range; expected a number in [0, 10]")
RULE(innovation_initial_shares_add_up, HEAD ", \"innovations\": [{\"name\": \"x\", \"complexity\": 0.1, \"resource_need\": 0.5, \"initial_trial\": 0.7, \"initial_routine\": 0.4}]}",
     "innovations[0].initial_routine: initial_trial 0.7 + initial_routine 0.4 exceeds 1")
RULE(innovation_names_unique, HEAD ", \"innovations\": [{\"name\": \"x\", \"complexity\": 0.1, \"resource_need\": 0.5}, {\"name\": \"x\", \"complexity\": 0.1, \"resource_need\": 0.5}]}",
     "innovations[1].name: \"x\" is already the name of innovations[0]")

Test(rules, too_many_innovations)
{
    char json[8192];
    size_t k = (size_t)snprintf(json, sizeof json, HEAD ", \"innovations\": [");
    for (int i = 0; i < 17; i++)
        k += (size_t)snprintf(json + k, sizeof json - k,
                              "%s{\"name\": \"i%d\", \"complexity\": 0.1, \"resource_need\": 0.1}",
                              i ? "," : "", i);
    snprintf(json + k, sizeof json - k, "]}");
    check_rule(json, "innovations: 17 innovations; expected 1 to 16", NULL);
}

/* --- outputs ------------------------------------------------------------------------------------- */

RULE(survey_month_within_horizon, NAT ", \"months\": 24, \"outputs\": {\"survey_months\": [0, 36]}}",
     "outputs.survey_months[1]: 36 is after the horizon (months = 24); expected an integer from 0 to 24")
RULE(survey_months_increasing, NAT ", \"outputs\": {\"survey_months\": [12, 12]}}",
     "outputs.survey_months[1]: 12 is not after the previous survey month (12)")
RULE(survey_months_at_most_16, NAT ", \"outputs\": {\"survey_months\": [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}}",
     "outputs.survey_months: 17 survey months; expected at most 16")
RULE(survey_n_at_most_schools, "{\"name\": \"t\", \"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 5, \"rural\": 3}]}}",
     "outputs.survey_n: 116 principals exceeds the population's 8 schools; expected at most 8")
RULE(survey_rural_share_word, NAT ", \"outputs\": {\"survey_rural_share\": \"national\"}}",
     "outputs.survey_rural_share: found \"national\"; expected a number in [0, 1] or \"population\"")
RULE(survey_rural_share_range, NAT ", \"outputs\": {\"survey_rural_share\": 2}}",
     "outputs.survey_rural_share: 2 is out of range; expected a number in [0, 1]")

/* --- interventions ------------------------------------------------------------------------------------ */

#define IV(body) HEAD ", \"interventions\": [" body "]}"
#define HUB "{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 100"

RULE(intervention_must_be_an_object, IV("3"), "interventions[0]: found 3, a number; expected an object")
RULE(intervention_type_required, IV("{\"unit_cost_kzt\": 1}"), "interventions[0].type: missing; this key is required")
RULE(intervention_type_suggests, IV("{\"type\": \"teacher_incentive\", \"unit_cost_kzt\": 1}"),
     "interventions[0].type: \"teacher_incentive\" is not allowed; did you mean \"teacher_incentives\"?")
RULE(intervention_unknown_key_suggests, IV(HUB ", \"intensty\": 0.5}"),
     "interventions[0].intensty: unknown key; did you mean \"intensity\"?")
RULE(intervention_unknown_key_lists_fields, IV(HUB ", \"zzzzzzzz\": 0.5}"),
     "interventions[0].zzzzzzzz: unknown key; innovation_hub takes: type, name, start_month")
RULE(intervention_field_of_another_type, IV(HUB ", \"cohort_size\": 5}"),
     "interventions[0].cohort_size: not a field of innovation_hub (it belongs to leadership_training)")
RULE(intervention_unit_cost_required, IV("{\"type\": \"innovation_hub\"}"),
     "interventions[0].unit_cost_kzt: missing; every intervention states the cost of one unit")
RULE(start_month_before_horizon, HEAD ", \"months\": 24, \"interventions\": [" HUB ", \"start_month\": 24}]}",
     "interventions[0].start_month: 24 is not before the horizon (months = 24); expected an integer from 0 to 23")
RULE(duration_at_least_one, IV(HUB ", \"duration_months\": 0}"),
     "interventions[0].duration_months: 0 is out of range; expected an integer from 1 to 1200")
RULE(intensity_range, IV(HUB ", \"intensity\": 1.2}"), "interventions[0].intensity: 1.2 is out of range; expected a number in [0, 1]")
RULE(names_unique, IV(HUB ", \"name\": \"x\"}, " HUB ", \"name\": \"x\"}"),
     "interventions[1].name: \"x\" is already the name of interventions[0]")
RULE(default_names_unique, IV(HUB "}, " HUB "}"),
     "interventions[1].name: missing, so it defaults to the type \"innovation_hub\"")
RULE(names_unique_cite_the_index_in_the_file, IV("{\"type\": \"hubb\"}, " HUB "}, " HUB "}"),
     "interventions[2].name: missing, so it defaults to the type \"innovation_hub\", which is already the name of interventions[1]")
RULE(name_valid, IV(HUB ", \"name\": \"\"}"), "interventions[0].name: \"\" is not a valid name")
RULE(language_factor_open_lower_bound, IV("{\"type\": \"university_partnership\", \"unit_cost_kzt\": 1, \"language_factor\": 0}"),
     "interventions[0].language_factor: 0 is out of range; expected a number in (0, 1]")
RULE(allocation_enum, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"allocation\": \"Need\"}"),
     "interventions[0].allocation: \"Need\" is not allowed; did you mean \"need\"?")
RULE(plc_months_without_plc, IV("{\"type\": \"professional_development\", \"unit_cost_kzt\": 1, \"plc\": false, \"plc_months\": 6}"),
     "interventions[0].plc_months: has no effect when plc is false")
RULE(too_many_interventions,
     IV(HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "},"
        HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "},"
        HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "}," HUB "},"
        HUB "}," HUB "}," HUB "}"),
     "interventions: 33 interventions; expected at most 32")

/* Budget below one unit, for each type's unit (docs/scenarios.md). */
RULE(budget_below_one_principal, IV("{\"type\": \"leadership_training\", \"unit_cost_kzt\": 1000, \"budget_kzt\": 999}"),
     "interventions[0].budget_kzt: 999 is below the cost of one unit (one principal enrolled", "at least 1000")
RULE(budget_below_one_teacher_month, IV("{\"type\": \"teacher_incentives\", \"unit_cost_kzt\": 240, \"budget_kzt\": 41999, \"share_of_salary\": 0.1}"),
     "interventions[0].budget_kzt: 41999 is below the cost of one unit (one teacher paid for one month: share_of_salary 0.1 x salary_kzt 417600 + unit_cost_kzt 240 = 42000 KZT)",
     "at least 42000")
RULE(budget_below_one_grant, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1e6, \"budget_kzt\": 5e5}"),
     "interventions[0].budget_kzt: 500000 is below the cost of one unit (one school grant")
RULE(budget_below_smallest_per_teacher_grant, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1000, \"budget_kzt\": 3999, \"allocation\": \"per_teacher\"}"),
     "interventions[0].budget_kzt: 3999 is below the cost of one unit (the smallest grant, to a school of 4 teachers", "at least 4000")
RULE(budget_below_one_school_month, IV("{\"type\": \"university_partnership\", \"unit_cost_kzt\": 10, \"budget_kzt\": 9}"),
     "interventions[0].budget_kzt: 9 is below the cost of one unit (one school partnered for one month")
RULE(budget_below_one_hub_month, IV(HUB ", \"budget_kzt\": 99}"),
     "interventions[0].budget_kzt: 99 is below the cost of one unit (one hub school for one month")
RULE(budget_below_one_enrolled_teacher, IV("{\"type\": \"professional_development\", \"unit_cost_kzt\": 10, \"budget_kzt\": 9}"),
     "interventions[0].budget_kzt: 9 is below the cost of one unit (one teacher enrolled")
RULE(budget_below_one_hire, IV("{\"type\": \"teacher_pipeline\", \"unit_cost_kzt\": 10, \"budget_kzt\": 9}"),
     "interventions[0].budget_kzt: 9 is below the cost of one unit (one pipeline hire")
RULE(budget_negative, IV(HUB ", \"budget_kzt\": -1}"), "interventions[0].budget_kzt: -1 is out of range; expected a number in [0, 1e+15]")

/* Targets. */
RULE(target_must_be_an_object, IV(HUB ", \"target\": \"all\"}"), "interventions[0].target: found \"all\", a string; expected an object")
RULE(target_unknown_key, IV(HUB ", \"target\": {\"fractoin\": 0.5}}"), "interventions[0].target.fractoin: unknown key; did you mean \"fraction\"?")
RULE(target_fraction_range, IV(HUB ", \"target\": {\"fraction\": 1.5}}"),
     "interventions[0].target.fraction: 1.5 is out of range; expected a number in (0, 1]")
RULE(target_fraction_not_zero, IV(HUB ", \"target\": {\"fraction\": 0}}"),
     "interventions[0].target.fraction: 0 is out of range; expected a number in (0, 1]")
RULE(target_resources_below_range, IV(HUB ", \"target\": {\"resources_below\": 0}}"),
     "interventions[0].target.resources_below: 0 is out of range; expected a number in (0, 1]")
RULE(target_locality_enum, IV(HUB ", \"target\": {\"locality\": \"Rural\"}}"),
     "interventions[0].target.locality: \"Rural\" is not allowed; did you mean \"rural\"? (expected one of \"any\", \"urban\", \"rural\")")
RULE(target_small_class_enum, IV(HUB ", \"target\": {\"small_class\": true}}"),
     "interventions[0].target.small_class: found true; expected one of \"any\", \"exclude\", \"only\"")
RULE(target_band_enum, IV(HUB ", \"target\": {\"readiness_band\": \"medium\"}}"),
     "interventions[0].target.readiness_band: \"medium\" is not allowed; expected one of \"any\", \"low\", \"intermediate\", \"high\"")
RULE(target_region_must_exist, IV(HUB ", \"target\": {\"regions\": [\"Nort\"]}}"),
     "interventions[0].target.regions[0]: \"Nort\" is not a region of the population; did you mean \"North\"?")
RULE(target_region_once, IV(HUB ", \"target\": {\"regions\": [\"North\", \"North\"]}}"),
     "interventions[0].target.regions[1]: \"North\" is listed twice")
RULE(target_regions_not_empty, IV(HUB ", \"target\": {\"regions\": []}}"),
     "interventions[0].target.regions: 0 region names; expected 1 to 2")
RULE(target_max_schools_range, IV(HUB ", \"target\": {\"max_schools\": -1}}"),
     "interventions[0].target.max_schools: -1 is out of range; expected an integer from 0 to 1000000")
RULE(target_order_ignored_by_allocation, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"allocation\": \"rural_first\", \"target\": {\"order\": \"need\"}}"),
     "interventions[0].target.order: has no effect: allocation \"rural_first\" sets the order itself")
RULE(target_need_ignored_by_allocation, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"allocation\": \"need\", \"target\": {\"need\": \"readiness\"}}"),
     "interventions[0].target.need: has no effect: allocation \"need\" sets the order itself (lowest resources first)")
RULE(target_need_ignored_by_random_order, IV("{\"type\": \"leadership_training\", \"unit_cost_kzt\": 1, \"target\": {\"need\": \"knowledge\"}}"),
     "interventions[0].target.need: has no effect with order \"random\"")


/* --- calendar and the fields of issue 13 -------------------------------------------------------------- */

#define LT "{\"type\": \"leadership_training\", \"unit_cost_kzt\": 1"
#define PDV "{\"type\": \"professional_development\", \"unit_cost_kzt\": 1"
RULE(start_date_format, HEAD ", \"start_date\": \"2026-9\"}",
     "start_date: \"2026-9\" is not a date; expected \"YYYY-MM\" with a year from 1900 to 2200 and a month from 01 to 12")
RULE(start_date_month_range, HEAD ", \"start_date\": \"2026-13\"}", "start_date: \"2026-13\" is not a date")
RULE(start_date_year_range, HEAD ", \"start_date\": \"1800-01\"}", "start_date: \"1800-01\" is not a date")
RULE(start_date_type, HEAD ", \"start_date\": 202609}", "start_date: found 202609, a number; expected a date \"YYYY-MM\"")
RULE(start_calendar_month_is_not_a_parameter, HEAD ", \"parameters\": {\"start_calendar_month\": 6}}",
     "parameters.start_calendar_month: is no longer a parameter", "\"start_date\"")
RULE(start_month_date_before_month_0, IV(HUB ", \"start_month\": \"2026-08\"}"),
     "interventions[0].start_month: \"2026-08\" is before month 0 (start_date \"2026-09\"); expected a date from \"2026-09\" on")
RULE(start_month_date_after_horizon, HEAD ", \"months\": 12, \"interventions\": [" HUB ", \"start_month\": \"2027-09\"}]}",
     "interventions[0].start_month: 12 is not before the horizon (months = 12)")
RULE(start_month_date_format, IV(HUB ", \"start_month\": \"June 2027\"}"),
     "interventions[0].start_month: \"June 2027\" is not a date")
RULE(start_month_type, IV(HUB ", \"start_month\": true}"),
     "interventions[0].start_month: found true; expected a month number from 0 to 1199 or a date \"YYYY-MM\"")
RULE(start_month_range, IV(HUB ", \"start_month\": -1}"),
     "interventions[0].start_month: -1 is out of range; expected an integer from 0 to 1199")
RULE(cohort_calendar_month_range, IV(LT ", \"cohort_calendar_month\": 13}"),
     "interventions[0].cohort_calendar_month: 13 is out of range; expected an integer from 0 to 12")
RULE(pd_cohort_calendar_month_range, IV(PDV ", \"cohort_calendar_month\": -1}"),
     "interventions[0].cohort_calendar_month: -1 is out of range; expected an integer from 0 to 12")
RULE(modules_range, IV(LT ", \"modules\": 0}"), "interventions[0].modules: 0 is out of range; expected an integer from 1 to 12")
RULE(project_months_range, IV(LT ", \"modules\": 2, \"project_months\": 25}"),
     "interventions[0].project_months: 25 is out of range; expected an integer from 0 to 24")
RULE(project_months_need_modules, IV(LT ", \"project_months\": 3}"),
     "interventions[0].project_months: has no effect with one module")
RULE(refresher_after_range, IV(LT ", \"refresher_after\": 121}"),
     "interventions[0].refresher_after: 121 is out of range; expected an integer from 0 to 120")
RULE(retarget_months_range, IV("{\"type\": \"teacher_incentives\", \"unit_cost_kzt\": 1, \"retarget_months\": -2}"),
     "interventions[0].retarget_months: -2 is out of range; expected an integer from 0 to 1200")
RULE(allocation_per_capita_is_a_name, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"allocation\": \"per_capitaa\"}"),
     "did you mean \"per_capita\"?")
RULE(equalising_range, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"allocation\": \"per_capita\", \"equalising\": 11}"),
     "interventions[0].equalising: 11 is out of range; expected a number in [0, 10]")
RULE(equalising_needs_per_capita, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1, \"equalising\": 1}"),
     "interventions[0].equalising: has no effect unless allocation is \"per_capita\"")
RULE(budget_below_smallest_per_capita_month, IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1000, \"budget_kzt\": 3999, \"allocation\": \"per_capita\"}"),
     "interventions[0].budget_kzt: 3999 is below the cost of one unit")
RULE(partners_range, IV(HUB ", \"partners\": 101}"), "interventions[0].partners: 101 is out of range; expected an integer from 0 to 100")
RULE(partner_cost_range, IV(HUB ", \"partner_cost_kzt\": -5}"),
     "interventions[0].partner_cost_kzt: -5 is out of range; expected a number in [0, 1000000000]")
RULE(partner_cost_needs_partners, IV(HUB ", \"partners\": 0, \"partner_cost_kzt\": 5}"),
     "interventions[0].partner_cost_kzt: has no effect when partners is 0")
RULE(budget_below_one_hub_month_with_partners, IV(HUB ", \"partners\": 2, \"partner_cost_kzt\": 50, \"budget_kzt\": 199}"),
     "interventions[0].budget_kzt: 199 is below the cost of one unit (one hub school for one month: unit_cost_kzt 100 + partners 2 x partner_cost_kzt 50 = 200 KZT)")
RULE(salary_rise_range, IV("{\"type\": \"teacher_salary\", \"unit_cost_kzt\": 0, \"salary_rise\": 2.5}"),
     "interventions[0].salary_rise: 2.5 is out of range; expected a number in [-0.5, 2]")
RULE(salary_field_on_another_type, IV(HUB ", \"salary_rise\": 0.1}"),
     "interventions[0].salary_rise: not a field of innovation_hub (it belongs to teacher_salary)")
RULE(budget_below_one_salary_month, IV("{\"type\": \"teacher_salary\", \"unit_cost_kzt\": 0, \"salary_rise\": 0.1, \"budget_kzt\": 41000}"),
     "interventions[0].budget_kzt: 41000 is below the cost of one unit (one teacher paid the raise for one month")
#define PRAC "{\"type\": \"practicum\", \"unit_cost_kzt\": 10"
RULE(practicum_students_range, IV(PRAC ", \"students\": 0}"),
     "interventions[0].students: 0 is out of range; expected an integer from 1 to 50")
RULE(practicum_term_range, IV(PRAC ", \"term_months\": 13}"),
     "interventions[0].term_months: 13 is out of range; expected an integer from 1 to 12")
RULE(practicum_interval_range, IV(PRAC ", \"cohort_interval\": 0}"),
     "interventions[0].cohort_interval: 0 is out of range; expected an integer from 1 to 1200")
RULE(practicum_calendar_month_range, IV(PRAC ", \"cohort_calendar_month\": 13}"),
     "interventions[0].cohort_calendar_month: 13 is out of range; expected an integer from 0 to 12")
RULE(budget_below_one_placement, IV(PRAC ", \"students\": 3, \"budget_kzt\": 29}"),
     "interventions[0].budget_kzt: 29 is below the cost of one unit (one school's placement: students 3 x unit_cost_kzt 10 = 30 KZT)")
RULE(practicum_field_on_another_type, IV(HUB ", \"term_months\": 4}"),
     "interventions[0].term_months: not a field of innovation_hub (it belongs to practicum)")
RULE(vacancy_parameters_range, HEAD ", \"parameters\": {\"fill_rate_rural\": 1.5}}",
     "parameters.fill_rate_rural: 1.5 is out of range; expected a number in [0, 1]")

/* A date and a number name the same month; start_date moves the dates. */
Test(rules, dates_map_to_months)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(IV(HUB ", \"start_month\": \"2027-01\"}"), &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.start_year, 2026);
    cr_assert_eq(sc.start_calendar_month, 9);
    cr_assert_eq(sc.interventions[0].start_month, 4, "2027-01 is month 4 after 2026-09");
    bilim_diags_free(d);
    cr_assert_eq(test_load_text(HEAD ", \"start_date\": \"2027-01\", \"interventions\": [" HUB ", \"start_month\": \"2027-06\"}]}", &sc, &d),
                 BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.start_calendar_month, 1);
    cr_assert_eq(sc.interventions[0].start_month, 5);
    bilim_diags_free(d);
}

/* --- all errors together ------------------------------------------------------------------------------- */

Test(rules, all_errors_of_a_file_are_reported)
{
    const char *json = HEAD ", \"months\": 0, \"seed\": -3, \"replicates\": \"x\", \"bogus\": 1, "
                            "\"interventions\": [" HUB ", \"intensity\": 7}]}";
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(json, &sc, &d), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(d), 5, "%s", test_all_diags(d));
    cr_assert_not_null(test_find_diag(d, "months:", NULL));
    cr_assert_not_null(test_find_diag(d, "seed:", NULL));
    cr_assert_not_null(test_find_diag(d, "replicates:", NULL));
    cr_assert_not_null(test_find_diag(d, "bogus:", NULL));
    cr_assert_not_null(test_find_diag(d, "interventions[0].intensity:", NULL));
    bilim_diags_free(d);
}

Test(rules, flood_of_errors_is_capped)
{
    size_t cap = 1000 * 24 + 64;
    char *json = malloc(cap);
    size_t k = (size_t)snprintf(json, cap, "{\"name\": \"t\", \"parameters\": {");
    for (int i = 0; i < 900; i++)
        k += (size_t)snprintf(json + k, cap - k, "%s\"x%d\": 1", i ? "," : "", i);
    snprintf(json + k, cap - k, "}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(json, &sc, &d), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(d), 200);
    char out[64 * 1024];
    FILE *f = fmemopen(out, sizeof out, "w");
    bilim_diags_print(d, f);
    fclose(f);
    cr_assert(strstr(out, "(700 more errors not shown"), "%s", out + strlen(out) - 200);
    bilim_diags_free(d);
    free(json);
}

Test(rules, diags_may_be_null)
{
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load_string("{\"seed\": -1}", NULL, &sc, NULL, NULL), BILIM_EINVAL);
    cr_assert_eq(bilim_scenario_load("/nonexistent/x.json", &sc, NULL, NULL), BILIM_EIO);
}

/* --- one rule for "a budget buys a unit": loader, model and comparison ------ */

/* What each of the three says about a per-teacher funding budget: 1 accepted. */
static void three_verdicts(double budget, int *loader, int *model, int *compare)
{
    char text[512];
    snprintf(text, sizeof text,
             IV("{\"type\": \"resource_funding\", \"unit_cost_kzt\": 1000, "
                "\"budget_kzt\": %.17g, \"allocation\": \"per_teacher\"}"), budget);
    bilim_scenario sc;
    bilim_diags *d;
    *loader = test_load_text(text, &sc, &d) == BILIM_OK;
    bilim_diags_free(d);
    /* The model and the comparison see the same scenario built by hand (the
     * loader may have refused it). */
    bilim_scenario_defaults(&sc);
    bilim_error err;
    bilim_population small;
    cr_assert_eq(bilim_population_sample(&sc.population, 30, &small, &err), 0, "%s", err.msg);
    sc.population = small;
    cr_assert_eq(sc.population.teachers_min, 4);
    sc.n_interventions = 1;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_RESOURCE_FUNDING);
    sc.interventions[0].unit_cost_kzt = 1000;
    sc.interventions[0].budget_kzt = budget;
    sc.interventions[0].u.funding.allocation = BILIM_ALLOC_PER_TEACHER;
    bilim_model *m = NULL;
    int rc = bilim_model_alloc(&sc, 0, &m, &err);
    *model = rc == BILIM_OK;
    if (rc)
        cr_assert(strstr(err.msg, "below the cost of one unit (4000 KZT)"), "%s", err.msg);
    bilim_model_free(m);
    bilim_scenario pair[2];
    pair[0] = sc;
    pair[0].n_interventions = 0;
    strcpy(pair[0].name, "baseline");
    pair[1] = sc;
    strcpy(pair[1].name, "option");
    rc = bilim_compare_check(pair, 2, &err);
    *compare = rc == BILIM_OK;
    if (rc)
        cr_assert(strstr(err.msg, "the smallest grant, to a school of 4 teachers"), "%s", err.msg);
}

Test(rules, per_teacher_budget_rule_is_the_same_everywhere)
{
    /* The unit of a per-teacher grant is the smallest grant, 1000 x 4
     * teachers (teachers_per_school.min). One grant per teacher (1000)
     * is not enough anywhere; 4000, or 4000 less binary rounding, is
     * enough everywhere. */
    const struct {
        double budget;
        int ok;
    } cases[] = {{3999, 0}, {1000, 0}, {4000, 1}, {4000 * (1 - 1e-13), 1}, {0, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int loader, model, compare;
        three_verdicts(cases[i].budget, &loader, &model, &compare);
        cr_assert_eq(loader, cases[i].ok, "loader, budget %.17g", cases[i].budget);
        cr_assert_eq(model, cases[i].ok, "model, budget %.17g", cases[i].budget);
        cr_assert_eq(compare, cases[i].ok, "comparison, budget %.17g", cases[i].budget);
    }
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_RESOURCE_FUNDING);
    sc.interventions[0].unit_cost_kzt = 1000;
    sc.interventions[0].u.funding.allocation = BILIM_ALLOC_PER_TEACHER;
    cr_assert_eq(bilim_interventions_unit_cost(&sc.interventions[0], &sc, NULL, 0), 4000.0);
}
