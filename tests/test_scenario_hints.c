/* tests/test_scenario_hints.c: the scenario's human title, and the hints
 * that show the right spelling of amounts and of a field at the wrong level
 * (issue 16: "hints that lead to the right place"). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "scenario_helpers.h"

#define FUNDING(fields) "{\"name\": \"x\", " TEST_POP ", \"interventions\": [{\"type\": \"resource_funding\", " \
                        "\"unit_cost_kzt\": 10000000" fields "}]}"

/* The loader refuses text with a message holding every needle. */
static void expect_message(const char *text, const char *needle, const char *needle2)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(text, &sc, &d), BILIM_EINVAL, "accepted: %s", text);
    cr_expect_not_null(test_find_diag(d, needle, needle2, (const char *)NULL),
                       "no message with \"%s\" and \"%s\" for %s:\n%s", needle, needle2 ? needle2 : "",
                       text, test_all_diags(d));
    bilim_diags_free(d);
}

Test(hints, amounts_written_as_people_write_them)
{
    static const char *const cases[][2] = {
        {"\"5bn\"", "5000000000"},       {"\"5 bn\"", "5000000000"},
        {"\"5 млрд\"", "5000000000"},    {"\"3.1 billion\"", "3100000000"},
        {"\"650 million\"", "650000000"}, {"\"650 млн\"", "650000000"},
        {"\"3,125,000,000\"", "3125000000"}, {"\"10 000 000\"", "10000000"},
        {"\"2.5bn\"", "2500000000"},     {"\"1,500\"", "1500"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024], want[120];
        snprintf(text, sizeof text, FUNDING(", \"budget_kzt\": %s"), cases[i][0]);
        snprintf(want, sizeof want, "write it as the number %s:", cases[i][1]);
        expect_message(text, "interventions[0].budget_kzt", want);
    }
    /* Text that is no amount gets no invented number. */
    char text[1024];
    snprintf(text, sizeof text, FUNDING(", \"budget_kzt\": \"%s\""), "five billion");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(text, &sc, &d), BILIM_EINVAL);
    cr_expect_null(test_find_diag(d, "write it as the number", (const char *)NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(hints, thousands_separators_in_a_json_number)
{
    expect_message(FUNDING(", \"budget_kzt\": 3,125,000,000"),
                   "a number with thousands separators", "write 3125000000");
    expect_message(FUNDING(", \"budget_kzt\": 12,500"), "write 12500", NULL);
    /* Not groups of three: the plain syntax message. */
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(FUNDING(", \"budget_kzt\": 3,12"), &sc, &d), BILIM_EINVAL);
    cr_expect_null(test_find_diag(d, "thousands", (const char *)NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(hints, a_target_field_at_the_intervention_level)
{
    expect_message(FUNDING(", \"max_schools\": 500"), "interventions[0].max_schools",
                   "did you mean target.max_schools?");
    expect_message(FUNDING(", \"locality\": \"rural\""), "did you mean target.locality?", NULL);
    expect_message(FUNDING(", \"regions\": [\"North\"]"), "did you mean target.regions?", NULL);
}

/* --- title -------------------------------------------------------------------------------- */

Test(title, any_language_round_trips_through_the_resolved_json)
{
    const char *text = "{\"name\": \"rural_leaders_digital_5bn\", \"title\": "
                       "\"Ауыл көшбасшылары және цифрлық жабдық, 5 млрд ₸\", " TEST_POP "}";
    bilim_scenario sc, again;
    char *json = NULL;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(text, NULL, &sc, &json, d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_expect_str_eq(sc.title, "Ауыл көшбасшылары және цифрлық жабдық, 5 млрд ₸");
    cr_expect_str_eq(sc.name, "rural_leaders_digital_5bn");
    cr_assert_eq(bilim_scenario_load_string(json, NULL, &again, NULL, NULL), BILIM_OK);
    cr_expect_str_eq(again.title, sc.title);
    free(json);
    /* No title: empty, and none in the resolved JSON. */
    cr_assert_eq(bilim_scenario_load_string("{\"name\": \"x\", " TEST_POP "}", NULL, &sc, &json, NULL), BILIM_OK);
    cr_expect_str_eq(sc.title, "");
    cr_expect_null(strstr(json, "\"title\""));
    free(json);
}

Test(title, bad_titles_are_refused_with_the_fix)
{
    expect_message("{\"name\": \"x\", \"title\": \"two\\nlines\"}", "title", "one line of text");
    expect_message("{\"name\": \"x\", \"title\": \"\"}", "title", "one line of text");
    expect_message("{\"name\": \"x\", \"title\": \" padded\"}", "title", "leading or trailing spaces");
    expect_message("{\"name\": \"x\", \"title\": 5}", "title", "a string");
    char text[600];
    char longer[260];
    memset(longer, 'a', 121);
    longer[121] = '\0';
    snprintf(text, sizeof text, "{\"name\": \"x\", \"title\": \"%s\"}", longer);
    expect_message(text, "title", "a string of 121 characters; expected at most 120");
    /* 120 Cyrillic characters (240 bytes) fit. */
    char cyr[300] = "";
    for (int i = 0; i < 120; i++)
        strcat(cyr, "ж");
    snprintf(text, sizeof text, "{\"name\": \"x\", \"title\": \"%s\", " TEST_POP "}", cyr);
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load_string(text, NULL, &sc, NULL, NULL), BILIM_OK);
    cr_expect_str_eq(sc.title, cyr);
}

Test(title, not_inherited_through_extends)
{
    test_dir t;
    test_mkdir(&t);
    test_write(&t, "parent.json", "{\"name\": \"parent\", \"title\": \"Business as usual\", "
                                  "\"description\": \"d\", " TEST_POP "}");
    const char *child = test_write(&t, "child.json", "{\"name\": \"child\", \"extends\": \"parent.json\"}");
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load(child, &sc, NULL, NULL), BILIM_OK);
    cr_expect_str_eq(sc.title, "");
    const char *titled = test_write(&t, "titled.json", "{\"name\": \"titled\", \"title\": \"Own\", "
                                    "\"extends\": \"parent.json\"}");
    cr_assert_eq(bilim_scenario_load(titled, &sc, NULL, NULL), BILIM_OK);
    cr_expect_str_eq(sc.title, "Own");
    test_rmdir(&t);
}

/* --- dates wherever a month is accepted ------------------------------------------------------ */

#define POP "\"population\": {\"regions\": [{\"name\": \"North\", \"urban\": 10, \"rural\": 20}]}"

Test(dates, survey_months_and_start_months_as_dates)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text("{\"name\": \"x\", " POP ", \"start_date\": \"2026-09\", \"months\": 24, "
                                "\"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1, "
                                "\"start_month\": \"2027-01\"}], \"outputs\": {\"survey_n\": 10, "
                                "\"survey_months\": [0, \"2027-09\", \"2028-09\"]}}", &sc, &d), BILIM_OK,
                 "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_expect_eq(sc.interventions[0].start_month, 4);
    cr_expect_eq(sc.outputs.n_survey_months, 3);
    cr_expect_eq(sc.outputs.survey_months[1], 12);
    cr_expect_eq(sc.outputs.survey_months[2], 24);
    expect_message("{\"name\": \"x\", " POP ", \"outputs\": {\"survey_n\": 10, \"survey_months\": [\"2026-08\"]}}",
                   "outputs.survey_months[0]", "is before month 0 (start_date \"2026-09\")");
    expect_message("{\"name\": \"x\", " POP ", \"outputs\": {\"survey_n\": 10, \"survey_months\": [\"2027-13\"]}}",
                   "outputs.survey_months[0]", "is not a date; expected \"YYYY-MM\"");
    expect_message("{\"name\": \"x\", " POP ", \"months\": 12, \"outputs\": {\"survey_n\": 10, \"survey_months\": [\"2027-10\"]}}",
                   "outputs.survey_months[0]", "13 is after the horizon");
    expect_message(FUNDING(", \"start_month\": \"2025-01\""), "interventions[0].start_month",
                   "is before month 0");
}
