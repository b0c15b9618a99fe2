/* tests/test_groups.c: named target groups ("the same schools", ODD 7.4)
 * in the model and the loader, and a package's declared total budget
 * (docs/scenarios.md, "Packages"). */
#include <math.h>
#include "models/model_impl.h"
#include "model_helpers.h"
#include "scenario_helpers.h"
#include "sim/runner.h"

/* --- the model: members share one list -------------------------------------------------- */

/* Two interventions with the same target (a random half, lowest readiness
 * first, at most 12 schools), starting at months 0 and 2; grouped or each
 * on its own. */
static bilim_model *two_members(int grouped)
{
    static bilim_scenario sc;
    tm_scenario(&sc, 60, 6);
    sc.n_interventions = 2;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_LEADERSHIP_TRAINING);
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_RESOURCE_FUNDING);
    strcpy(sc.interventions[1].name, "grants");
    sc.interventions[0].u.leadership.cohort_calendar_month = 0;
    sc.interventions[1].start_month = 2;
    sc.n_groups = grouped ? 1 : 0;
    strcpy(sc.groups[0].name, "same");
    sc.groups[0].target = bilim_target_all();
    sc.groups[0].target.fraction = 0.5;
    sc.groups[0].target.max_schools = 12;
    /* Readiness changes from month to month: a list drawn at month 2 would differ. */
    sc.groups[0].target.order = BILIM_ORDER_NEED;
    sc.groups[0].target.need = BILIM_NEED_READINESS;
    for (int i = 0; i < 2; i++) {
        sc.interventions[i].target = sc.groups[0].target;
        sc.interventions[i].target.group = grouped ? 1 : 0;
        sc.interventions[i].unit_cost_kzt = 1;
    }
    bilim_model *m = tm_alloc(&sc, 3);
    bilim_error err;
    for (int t = 0; t < 3; t++)
        cr_assert_eq(bilim_model_step(m, &err), BILIM_OK, "%s", err.msg);
    cr_assert(m->iv[0].started && m->iv[1].started);
    return m;
}

static int same_list(const bilim_model *m)
{
    return m->iv[0].n_targets == m->iv[1].n_targets &&
           memcmp(m->iv[0].targets, m->iv[1].targets, (size_t)m->iv[0].n_targets * sizeof(int32_t)) == 0;
}

Test(groups, members_share_the_first_members_list)
{
    bilim_model *m = two_members(1);
    cr_assert_eq(m->iv[0].n_targets, 12);
    cr_expect(same_list(m), "the members of a group reach different schools");
    bilim_model_free(m);
    /* The same filters without the group: each draws its own random list. */
    m = two_members(0);
    cr_expect(!same_list(m), "independent targets happened to coincide: the test shows nothing");
    bilim_model_free(m);
}

/* --- the loader ------------------------------------------------------------------------------- */

#define GROUPED(group_def, iv2_target) \
    "{\"name\": \"x\", " TEST_POP ", \"groups\": {\"rural_leaders\": " group_def "}, " \
    "\"interventions\": [{\"type\": \"leadership_training\", \"name\": \"training\", \"unit_cost_kzt\": 1, " \
    "\"target\": {\"group\": \"rural_leaders\"}}, {\"type\": \"resource_funding\", \"name\": \"grants\", " \
    "\"unit_cost_kzt\": 1, \"target\": " iv2_target "}]}"

Test(groups, loaded_and_written_back)
{
    bilim_scenario sc, again;
    char *json = NULL;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(GROUPED("{\"locality\": \"rural\", \"max_schools\": 7, "
                                                    "\"regions\": [\"North oblast\"]}",
                                                    "{\"group\": \"rural_leaders\"}"),
                                            NULL, &sc, &json, d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(sc.n_groups, 1);
    cr_expect_str_eq(sc.groups[0].name, "rural_leaders");
    for (int i = 0; i < 2; i++) {
        cr_expect_eq(sc.interventions[i].target.group, 1);
        cr_expect_eq(sc.interventions[i].target.locality, BILIM_RURAL);
        cr_expect_eq(sc.interventions[i].target.max_schools, 7);
        cr_expect_eq(sc.interventions[i].target.region_mask, 1u);
    }
    cr_assert_eq(bilim_scenario_load_string(json, NULL, &again, NULL, NULL), BILIM_OK, "%s", json);
    cr_expect_eq(memcmp(&again.interventions[1].target, &sc.interventions[1].target, sizeof sc.interventions[1].target), 0);
    cr_expect_eq(memcmp(&again.groups[0], &sc.groups[0], sizeof sc.groups[0]), 0);
    free(json);
}

static void refused(const char *text, const char *needle, const char *needle2)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(test_load_text(text, &sc, &d), BILIM_EINVAL, "accepted: %s", text);
    cr_expect_not_null(test_find_diag(d, needle, needle2, (const char *)NULL), "%s\n%s", text,
                       test_all_diags(d));
    bilim_diags_free(d);
}

Test(groups, errors_name_the_field_and_the_fix)
{
    refused(GROUPED("{\"locality\": \"rural\"}", "{\"group\": \"rural_leader\"}"),
            "interventions[1].target.group", "did you mean \"rural_leaders\"?");
    refused(GROUPED("{\"locality\": \"rural\"}", "{\"group\": \"rural_leaders\", \"max_schools\": 3}"),
            "interventions[1].target", "put the other fields in groups.rural_leaders");
    refused(GROUPED("{\"locality\": \"rurall\"}", "{\"group\": \"rural_leaders\"}"),
            "groups.rural_leaders.locality", NULL);
    refused(GROUPED("{\"group\": \"x\"}", "{}"), "groups.rural_leaders.group", "cannot join another group");
    refused("{\"name\": \"x\", " TEST_POP ", \"interventions\": [{\"type\": \"resource_funding\", "
            "\"unit_cost_kzt\": 1, \"allocation\": \"need\", \"target\": {\"group\": \"g\"}}], "
            "\"groups\": {\"g\": {}}}", "allocation \"need\" orders the schools itself", NULL);
    refused("{\"name\": \"x\", " TEST_POP ", \"interventions\": [{\"type\": \"innovation_hub\", "
            "\"unit_cost_kzt\": 1, \"target\": {\"group\": \"g\"}}]}", "the scenario defines none", NULL);
    refused("{\"name\": \"x\", \"groups\": {\"bad name\": {}}}", "groups[\"bad name\"]", "not a valid group name");
}

/* --- packages ----------------------------------------------------------------------------------- */

#define PACKAGE(package, b1, b2) \
    "{\"name\": \"x\", " TEST_POP ", \"package\": " package ", \"interventions\": [" \
    "{\"type\": \"leadership_training\", \"name\": \"training\", \"unit_cost_kzt\": 1, \"budget_kzt\": " b1 "}, " \
    "{\"type\": \"resource_funding\", \"name\": \"grants\", \"unit_cost_kzt\": 1, \"budget_kzt\": " b2 "}]}"

Test(package, parts_must_add_up_to_the_total)
{
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load_string(PACKAGE("{\"budget_kzt\": 5000000000}", "1875000000", "3125000000"),
                                            NULL, &sc, NULL, NULL), BILIM_OK);
    cr_expect_eq(sc.package.budget_kzt, 5e9);
    cr_expect_eq(sc.package.parts, 3u);
    /* Within 0.1% (5,000,000 KZT) passes; beyond it does not. */
    cr_assert_eq(bilim_scenario_load_string(PACKAGE("{\"budget_kzt\": 5000000000}", "1875000000", "3130000000"),
                                            NULL, &sc, NULL, NULL), BILIM_OK);
    refused(PACKAGE("{\"budget_kzt\": 5000000000}", "1875000000", "3130000001"), "package.budget_kzt",
            "its parts' budget_kzt add up to 5005000001 KZT (training 1875000000 + grants 3130000001)");
    refused(PACKAGE("{\"budget_kzt\": 5000000000}", "3100000000", "5000000000"), "the package's total is 5000000000 KZT",
            "add up to 8100000000 KZT");
    refused(PACKAGE("{\"budget_kzt\": 5000000000}", "0", "5000000000"), "part \"training\" has no budget cap", NULL);
    /* Named parts: only those count. */
    cr_assert_eq(bilim_scenario_load_string(PACKAGE("{\"budget_kzt\": 3125000000, \"parts\": [\"grants\"]}",
                                                    "0", "3125000000"), NULL, &sc, NULL, NULL), BILIM_OK);
    cr_expect_eq(sc.package.parts, 2u);
    refused(PACKAGE("{\"budget_kzt\": 1, \"parts\": [\"grant\"]}", "0", "1"), "package.parts[0]",
            "did you mean \"grants\"?");
    refused(PACKAGE("{\"budget_kzt\": \"5bn\"}", "1", "1"), "package.budget_kzt", "write it as the number 5000000000");
}

Test(package, default_parts_are_what_the_file_adds)
{
    test_dir t;
    test_mkdir(&t);
    test_write(&t, "base.json", "{\"name\": \"base\", " TEST_POP ", \"interventions\": [{\"type\": "
                                "\"teacher_salary\", \"name\": \"bau\", \"unit_cost_kzt\": 1}], "
                                "\"package\": {\"budget_kzt\": 1, \"parts\": [\"bau\"]}}");
    /* The parent's package is not inherited (its part has no cap: it would fail). */
    const char *p = test_write(&t, "opt.json", "{\"name\": \"opt\", \"extends\": \"base.json\", "
                               "\"package\": {\"budget_kzt\": 300}, \"append_interventions\": ["
                               "{\"type\": \"leadership_training\", \"name\": \"lead\", \"unit_cost_kzt\": 1, \"budget_kzt\": 100}, "
                               "{\"type\": \"resource_funding\", \"name\": \"grants\", \"unit_cost_kzt\": 1, \"budget_kzt\": 200}]}");
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load(p, &sc, NULL, d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_expect_eq(sc.n_interventions, 3);
    cr_expect_eq(sc.package.parts, 6u, "parts %#x: the two appended", sc.package.parts);
    const char *none = test_write(&t, "none.json", "{\"name\": \"none\", \"extends\": \"opt.json\", "
                                  "\"package\": {\"budget_kzt\": 300}}");
    d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load(none, &sc, NULL, d), BILIM_EINVAL);
    cr_expect_not_null(test_find_diag(d, "this file adds no interventions", (const char *)NULL), "%s",
                       test_all_diags(d));
    bilim_diags_free(d);
    const char *child = test_write(&t, "child.json", "{\"name\": \"child\", \"extends\": \"opt.json\"}");
    cr_assert_eq(bilim_scenario_load(child, &sc, NULL, NULL), BILIM_OK);
    cr_expect_eq(sc.package.budget_kzt, 0.0, "a package is not inherited");
    test_rmdir(&t);
}

/* --- the output: which schools each intervention reached ---------------------------------------- */

Test(groups, run_records_the_schools_each_member_reached, .timeout = 60)
{
    const char *text =
        "{\"name\": \"x\", \"months\": 6, \"replicates\": 2, " TEST_POP ", "
        "\"groups\": {\"same\": {\"locality\": \"rural\", \"order\": \"need\", \"need\": \"readiness\", "
        "\"max_schools\": 8}}, \"interventions\": ["
        "{\"type\": \"leadership_training\", \"name\": \"training\", \"unit_cost_kzt\": 1, "
        "\"cohort_calendar_month\": 0, \"target\": {\"group\": \"same\"}}, "
        "{\"type\": \"resource_funding\", \"name\": \"grants\", \"start_month\": 2, \"unit_cost_kzt\": 1, "
        "\"budget_kzt\": 5, \"target\": {\"group\": \"same\"}}, "
        "{\"type\": \"resource_funding\", \"name\": \"urban\", \"unit_cost_kzt\": 1, "
        "\"target\": {\"locality\": \"urban\"}}]}";
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(text, NULL, &sc, NULL, d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    bilim_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.threads = 2;
    bilim_run_result r;
    bilim_error err;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_not_null(r.reached);
    cr_assert_eq(r.reached_schools, 40);
    for (int32_t rep = 0; rep < 2; rep++) {
        const uint8_t *a = r.reached + ((size_t)rep * 3 + 0) * 40;
        const uint8_t *b = r.reached + ((size_t)rep * 3 + 1) * 40;
        const uint8_t *u = r.reached + ((size_t)rep * 3 + 2) * 40;
        int na = 0, nb = 0, both = 0, nu = 0, cross = 0;
        for (int s = 0; s < 40; s++) {
            na += a[s];
            nb += b[s];
            nu += u[s];
            both += a[s] && b[s];
            cross += a[s] && u[s];
        }
        /* Training reaches the group's 8; the grants' budget buys 5 of the same list. */
        cr_expect_eq(na, 8, "replicate %d", rep);
        cr_expect_eq(nb, 5, "replicate %d", rep);
        cr_expect_eq(both, 5, "the grants went to schools the training did not reach");
        cr_expect_eq(nu, 15, "the urban grants reach the 15 urban schools");
        cr_expect_eq(cross, 0);
    }
    bilim_run_result_clear(&r);
}

/* A sample (--schools) scales a group's cap and a package's total like the parts. */
Test(groups, a_sample_scales_groups_and_packages)
{
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load_string(
                     GROUPED("{\"max_schools\": 20}", "{\"group\": \"rural_leaders\"}"), NULL, &sc, NULL, NULL),
                 BILIM_OK);
    sc.package.budget_kzt = 1000;
    bilim_error err;
    cr_assert_eq(bilim_scenario_sample(&sc, 20, &err), BILIM_OK, "%s", err.msg);
    cr_expect_eq(sc.groups[0].target.max_schools, 10);
    cr_expect_eq(sc.interventions[0].target.max_schools, 10);
    cr_expect_eq(sc.package.budget_kzt, 500.0);
}
