/* tests/test_params.c: the parameter table, its defaults, the generated
 * docs, the national preset and the sample-of-N scaling. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "models/params.h"
#include "models/preset.h"
#include "models/scenario.h"
#include "helpers.h"

Test(params, table_rows_are_well_formed)
{
    size_t n;
    const bilim_param_info *t = bilim_params_table(&n);
    cr_assert_gt(n, 60);
    for (size_t i = 0; i < n; i++) {
        cr_assert(t[i].min <= t[i].def && t[i].def <= t[i].max, "%s default out of range", t[i].name);
        cr_assert(strlen(t[i].unit) > 0 && strlen(t[i].description) > 0 && strlen(t[i].source) > 0,
                  "%s lacks unit, description or source", t[i].name);
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(t[i].name, t[j].name, "duplicate parameter %s", t[i].name);
        cr_assert_eq(bilim_params_find(t[i].name), &t[i]);
    }
    cr_assert_null(bilim_params_find("Eta_train"), "lookup must be case-sensitive");
}

/* Spot checks against ODD.md: the table must carry the spec's defaults. */
Test(params, defaults_match_the_odd)
{
    bilim_params p;
    bilim_params_defaults(&p);
    cr_assert_eq(p.theta_low, 0.40);
    cr_assert_eq(p.theta_high, 0.70);
    cr_assert_eq(p.init_K_mean_urban, 0.32);
    cr_assert_eq(p.init_R_mean_rural, 0.28);
    /* Effect parameters derived from the virtual trials (docs/ODD.md 7.4)
     * and decays from business as usual (7.6), not the ODD priors. */
    cr_assert_eq(p.eta_train, 0.00669);
    cr_assert_eq(p.delta_K, 0.000553);
    cr_assert_eq(p.gamma_inc, 1.85);
    cr_assert_eq(p.beta_k, 4.0);
    cr_assert_eq(p.lambda_c, 0.15);
    cr_assert_eq(p.omega_plc, 3.08);
    cr_assert_eq(p.cost_R, 132000000.0);
    cr_assert_eq(p.attrition_annual, 0.05);
    cr_assert_eq(p.cluster_size, 10);
    cr_assert_eq(p.barrier_managerial_below, 0.3);
    char msg[256];
    cr_assert_eq(bilim_params_check(&p, msg, sizeof msg), 0);
    p.theta_low = 0.8;
    cr_assert_neq(bilim_params_check(&p, msg, sizeof msg), 0);
    cr_assert(strstr(msg, "theta_low"));
}

Test(params, get_and_set_through_the_table)
{
    bilim_params p;
    bilim_params_defaults(&p);
    const bilim_param_info *cs = bilim_params_find("cluster_size");
    bilim_params_set(&p, cs, 12);
    cr_assert_eq(p.cluster_size, 12);
    cr_assert_eq(bilim_params_get(&p, cs), 12.0);
    const bilim_param_info *bk = bilim_params_find("beta_k");
    bilim_params_set(&p, bk, 2.5);
    cr_assert_eq(p.beta_k, 2.5);
}

Test(params, docs_parameters_md_is_generated_from_the_table)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/parameters.md", test_source_dir());
    char *doc = test_slurp(path);
    cr_assert_not_null(doc, "docs/parameters.md is missing");
    char *out = NULL;
    cr_assert_eq(test_run_bilim("params --markdown", &out, NULL), 0);
    cr_assert_str_eq(doc, out,
                     "docs/parameters.md is stale: run ./build/bilim params --markdown > docs/parameters.md");
    free(doc);
    free(out);
}

static int json_int(cJSON *o, const char *a, const char *b)
{
    cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    cr_assert(cJSON_IsNumber(x), "%s.%s missing", a, b ? b : "");
    return x->valueint;
}

/* The preset adds up to data/kz-schools.json's national figures. */
Test(preset, national_counts_match_the_data)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/kz-schools.json", test_source_dir());
    char *text = test_slurp(path);
    cr_assert_not_null(text);
    cJSON *root = cJSON_Parse(text);
    cJSON *nat = cJSON_GetObjectItemCaseSensitive(root, "national");
    bilim_population pop;
    cr_assert_eq(bilim_preset_get("kz-national", &pop), 0);
    int urban = 0, rural = 0, small = 0;
    for (int r = 0; r < pop.n_regions; r++) {
        cr_assert_leq(pop.regions[r].small_class, pop.regions[r].rural);
        urban += pop.regions[r].urban;
        rural += pop.regions[r].rural;
        small += pop.regions[r].small_class;
    }
    cr_assert_eq(urban + rural, json_int(nat, "schools", "value"));
    cr_assert_eq(urban, json_int(nat, "urban_schools", "value"));
    cr_assert_eq(rural, json_int(nat, "rural_schools", "value"));
    cr_assert_eq(small, json_int(nat, "small_class_schools", "value"));
    cJSON *list = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(root, "regions"), "list");
    cr_assert_eq(cJSON_GetArraySize(list), pop.n_regions);
    for (int r = 0; r < pop.n_regions; r++) {
        cJSON *g = cJSON_GetArrayItem(list, r);
        cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(g, "name")->valuestring, pop.regions[r].name);
        cr_assert_eq(json_int(g, "schools", NULL), pop.regions[r].urban + pop.regions[r].rural);
    }
    /* Expected teachers: sum of class means times school counts, about 385,000. */
    cJSON *tps = cJSON_GetObjectItemCaseSensitive(root, "teachers_per_school");
    double t = urban * cJSON_GetObjectItemCaseSensitive(tps, "urban_mean")->valuedouble +
               (rural - small) * cJSON_GetObjectItemCaseSensitive(tps, "rural_regular_mean")->valuedouble +
               small * cJSON_GetObjectItemCaseSensitive(tps, "small_class_mean")->valuedouble;
    double teachers = json_int(nat, "teachers", "value");
    cr_assert_lt(fabs(t - teachers) / teachers, 0.01);
    cr_assert_eq(pop.teachers_mean[BILIM_CLASS_URBAN],
                 cJSON_GetObjectItemCaseSensitive(tps, "urban_mean")->valuedouble);
    cr_assert_eq(bilim_preset_get("atlantis", &pop), -1);
    cJSON_Delete(root);
    free(text);
}

Test(preset, sample_keeps_shares_and_total)
{
    bilim_population pop, s;
    bilim_preset_get("kz-national", &pop);
    const int32_t sizes[] = {1, 20, 116, 500, 1000, 7687};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int32_t n = sizes[k];
        cr_assert_eq(bilim_population_sample(&pop, n, &s, NULL), 0);
        cr_assert_eq(bilim_population_schools(&s), n);
        int urban = 0, small = 0;
        for (int r = 0; r < s.n_regions; r++) {
            cr_assert_leq(s.regions[r].small_class, s.regions[r].rural);
            urban += s.regions[r].urban;
            small += s.regions[r].small_class;
            /* Each region within one school of its proportional share. */
            double want = (double)n * (pop.regions[r].urban + pop.regions[r].rural) / 7687;
            cr_assert_lt(fabs(s.regions[r].urban + s.regions[r].rural - want), 3.0 + 1e-9,
                         "n=%d region %d", n, r);
        }
        /* Urban and small-class shares within a few schools of the population's. */
        cr_assert_leq(fabs(urban - n * 2427.0 / 7687), 20.0 / 2 + 1e-9, "n=%d", n);
        cr_assert_leq(fabs(small - n * 2767.0 / 7687), 20.0 / 2 + 1e-9, "n=%d", n);
    }
    cr_assert_eq(bilim_population_sample(&pop, 7687, &s, NULL), 0);
    cr_assert_arr_eq(&s, &pop, sizeof s, "a sample of everything is the population");
    bilim_error err;
    cr_assert_eq(bilim_population_sample(&pop, 0, &s, &err), BILIM_EUSAGE);
    cr_assert_eq(bilim_population_sample(&pop, 7688, &s, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "7687"));
}

Test(preset, sample_of_116_matches_hand_counts)
{
    /* 116 schools: 116 * 2427 / 7687 = 36.6 urban expected. */
    bilim_population pop, s;
    bilim_preset_get("kz-national", &pop);
    bilim_population_sample(&pop, 116, &s, NULL);
    int urban = 0;
    for (int r = 0; r < s.n_regions; r++)
        urban += s.regions[r].urban;
    cr_assert(urban >= 35 && urban <= 39, "urban %d", urban);
}

/* --schools: national budgets and programme sizes scale with the sample, per
 * school quantities do not. 7687 -> 769 schools is f = 0.10004. */
Test(preset, scenario_sample_scales_national_quantities)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.n_interventions = 4;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_LEADERSHIP_TRAINING);
    sc.interventions[0].budget_kzt = 1e9;
    sc.interventions[0].unit_cost_kzt = 500000;
    sc.interventions[0].u.leadership.cohort_size = 1500;
    sc.interventions[0].target.max_schools = 3;
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_INNOVATION_HUB);
    sc.interventions[1].u.hub.hubs = 4;
    bilim_intervention_defaults(&sc.interventions[2], BILIM_IV_UNIVERSITY_PARTNERSHIP);
    sc.interventions[2].u.partnership.universities = 30;
    sc.interventions[2].u.partnership.capacity = 25;
    bilim_intervention_defaults(&sc.interventions[3], BILIM_IV_PROFESSIONAL_DEVELOPMENT);
    sc.interventions[3].u.pd.cohort_size = 0;
    cr_assert_eq(bilim_scenario_sample(&sc, 769, NULL), 0);
    const double f = 769.0 / 7687.0;
    cr_assert_eq(bilim_population_schools(&sc.population), 769);
    cr_assert_float_eq(sc.interventions[0].budget_kzt, 1e9 * f, 1e-3);
    cr_assert_eq(sc.interventions[0].unit_cost_kzt, 500000, "per-unit costs are kept");
    cr_assert_eq(sc.interventions[0].u.leadership.cohort_size, 150);  /* 150.06 */
    cr_assert_eq(sc.interventions[0].target.max_schools, 1);          /* 0.3 -> at least 1 */
    cr_assert_eq(sc.interventions[1].u.hub.hubs, 1);                  /* 0.4 -> at least 1 */
    cr_assert_eq(sc.interventions[2].u.partnership.universities, 3);  /* 3.001 */
    cr_assert_eq(sc.interventions[2].u.partnership.capacity, 25);
    cr_assert_eq(sc.interventions[3].u.pd.cohort_size, 0, "no cap stays no cap");
    cr_assert_eq(sc.outputs.survey_n, 116);
    cr_assert_eq(bilim_scenario_sample(&sc, 50, NULL), 0);
    cr_assert_eq(sc.outputs.survey_n, 50, "survey capped at the sample");
    bilim_error err;
    cr_assert_eq(bilim_scenario_sample(&sc, 51, &err), BILIM_EUSAGE);
}

Test(preset, set_months_drops_later_surveys)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    const int32_t m[] = {0, 12, 24, 36};
    sc.outputs.n_survey_months = 4;
    memcpy(sc.outputs.survey_months, m, sizeof m);
    cr_assert_eq(bilim_scenario_set_months(&sc, 24), 1);
    cr_assert_eq(sc.months, 24);
    cr_assert_eq(sc.outputs.n_survey_months, 3);
    cr_assert_eq(sc.outputs.survey_months[2], 24);
    cr_assert_eq(bilim_scenario_set_months(&sc, 60), 0);
}
