/* tests/test_population.c: population synthesis (ODD 5): structure of the
 * national preset, clusters, size classes, initial-state distributions. */
#include <math.h>
#include "models/model_impl.h"
#include "model_helpers.h"

Test(population, national_structure)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 0;
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    int32_t urban = 0, small = 0, small_urban = 0;
    double teachers[BILIM_N_CLASSES] = {0}, schools[BILIM_N_CLASSES] = {0};
    for (int32_t s = 0; s < a->n_schools; s++) {
        urban += a->locality[s] == BILIM_URBAN;
        small += a->small[s];
        small_urban += a->small[s] && a->locality[s] == BILIM_URBAN;
        int c = a->locality[s] == BILIM_URBAN ? 0 : a->small[s] ? 2 : 1;
        teachers[c] += a->n_teach[s];
        schools[c]++;
        cr_assert_geq(a->n_teach[s], 4);
        cr_assert_eq(a->t_off[s + 1] - a->t_off[s], a->n_teach[s]);
    }
    cr_assert_eq(a->n_schools, 7687);
    cr_assert_eq(urban, 2427);
    cr_assert_eq(small, 2767);
    cr_assert_eq(small_urban, 0);
    cr_assert_float_eq(teachers[0] / schools[0], 85.0, 3.0);
    cr_assert_float_eq(teachers[1] / schools[1], 50.0, 2.0);
    cr_assert_float_eq(teachers[2] / schools[2], 19.5, 1.0);
    cr_assert_float_eq((double)a->n_teachers, 385830.0, 385830.0 * 0.015);
    /* Small-class schools hold about 14% of the teachers (data/kz-schools.json). */
    cr_assert_float_eq(teachers[2] / (double)a->n_teachers, 0.14, 0.01);
    bilim_model_free(m);
}

Test(population, clusters_are_runs_of_one_region_and_locality)
{
    bilim_scenario sc;
    tm_scenario(&sc, 600, 0);
    sc.params.cluster_size = 10;
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    int32_t total = 0;
    for (int32_t c = 0; c < a->n_clusters; c++) {
        int32_t lo = a->cl_start[c], hi = a->cl_start[c + 1];
        cr_assert_gt(hi, lo);
        total += hi - lo;
        for (int32_t s = lo; s < hi; s++) {
            cr_assert_eq(a->cluster[s], c);
            cr_assert_eq(a->region[s], a->region[lo]);
            cr_assert_eq(a->locality[s], a->locality[lo]);
        }
        /* A run of g schools is cut into round(g / 10) near-equal clusters:
         * sizes within [5, 15) unless the whole run is smaller. */
        cr_assert_lt(hi - lo, 15);
    }
    cr_assert_eq(total, a->n_schools);
    cr_assert_float_eq((double)a->n_schools / a->n_clusters, 10.0, 1.5);
    bilim_model_free(m);
}

/* Initial means by locality follow the Beta means of the parameter table. */
Test(population, initial_states_by_locality)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 0;
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    const bilim_params *p = &sc.params;
    struct { int var; double urban, rural, tol; } want[] = {
        {BILIM_VAR_K, p->init_K_mean_urban, p->init_K_mean_rural, 0.01},
        {BILIM_VAR_S, p->init_S_mean_urban, p->init_S_mean_rural, 0.01},
        {BILIM_VAR_O, p->init_O_mean_urban, p->init_O_mean_rural, 0.01},
        {BILIM_VAR_k, p->init_k_mean_urban, p->init_k_mean_rural, 0.01},
        {BILIM_VAR_m, p->init_M_mean_urban, p->init_M_mean_rural, 0.01},
        {BILIM_VAR_R, p->init_R_mean_urban, p->init_R_mean_rural, 0.01},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        cr_assert_float_eq(tm_get(&L, rec, BILIM_M_MEAN_STATE_BY_LOCALITY, want[i].var, BILIM_URBAN),
                           want[i].urban, want[i].tol, "var %d urban", want[i].var);
        cr_assert_float_eq(tm_get(&L, rec, BILIM_M_MEAN_STATE_BY_LOCALITY, want[i].var, BILIM_RURAL),
                           want[i].rural, want[i].tol, "var %d rural", want[i].var);
    }
    free(rec);
}

Test(population, principal_demographics)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 0;
    bilim_model *m = tm_alloc(&sc, 0);
    double women = 0, young = 0;
    for (int32_t s = 0; s < m->a.n_schools; s++) {
        women += m->a.female[s];
        young += m->a.age_group[s] == BILIM_AGE_30_45;
    }
    cr_assert_float_eq(women / m->a.n_schools, 0.53, 0.02);
    cr_assert_float_eq(young / m->a.n_schools, 0.65, 0.02);
    bilim_model_free(m);
}

/* Common random numbers: the population does not depend on p, q or
 * interventions, only on the seed, the population and the initial-state
 * parameters. */
Test(population, same_population_across_policy_scenarios)
{
    bilim_scenario a, b;
    tm_scenario(&a, 100, 0);
    b = a;
    b.innovations[0].p = 0.3;
    b.n_interventions = 1;
    bilim_intervention_defaults(&b.interventions[0], BILIM_IV_INNOVATION_HUB);
    bilim_model *ma = tm_alloc(&a, 3), *mb = tm_alloc(&b, 3);
    cr_assert_eq(ma->a.n_teachers, mb->a.n_teachers);
    size_t T = (size_t)ma->a.n_teachers, n = (size_t)ma->a.n_schools;
    cr_assert(memcmp(ma->a.k, mb->a.k, T * sizeof(float)) == 0);
    cr_assert(memcmp(ma->a.m, mb->a.m, T * sizeof(float)) == 0);
    cr_assert(memcmp(ma->a.K, mb->a.K, n * sizeof(double)) == 0);
    cr_assert(memcmp(ma->a.R, mb->a.R, n * sizeof(double)) == 0);
    bilim_model_free(ma);
    bilim_model_free(mb);
}

/* The record against a brute-force recount from the agent arrays, for the
 * whole population, by locality and by region, after some dynamics. */
Test(population, observation_matches_a_recount)
{
    bilim_scenario sc;
    tm_scenario(&sc, 150, 6);
    sc.outputs.by_region = 1;
    sc.innovations[0].initial_trial = 0.2;
    sc.innovations[0].initial_routine = 0.1;
    sc.innovations[0].p = 0.05;
    tm_add_innovation(&sc, 0.2);
    bilim_model *m = tm_alloc(&sc, 0);
    bilim_error err;
    while (bilim_model_month(m) < sc.months)
        cr_assert_eq(bilim_model_step(m, &err), BILIM_OK);
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_model_observe(m, &L, rec);
    const bilim_agents *a = &m->a;
    const int J = sc.n_innovations;
    /* group g: 0 all, 1 + locality, 3 + region */
    for (int g = 0; g < 3 + sc.population.n_regions; g++) {
        double T = 0, nS = 0, trial[2] = {0}, routine[2] = {0}, band[3] = {0}, bar[5] = {0};
        double K = 0, S = 0, O = 0, R = 0, k = 0, mm = 0;
        for (int32_t s = 0; s < a->n_schools; s++) {
            int in = g == 0 || (g < 3 && a->locality[s] == g - 1) || (g >= 3 && a->region[s] == g - 3);
            if (!in)
                continue;
            nS++;
            double sm = 0, nf = 0;
            for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
                if (a->vacant[t])
                    continue;  /* a vacant post has no teacher */
                T++;
                nf++;
                k += a->k[t];
                mm += a->m[t];
                sm += a->m[t];
                for (int j = 0; j < J; j++) {
                    trial[j] += a->use[t * J + j] == 1;
                    routine[j] += a->use[t * J + j] == 2;
                }
            }
            double rho = (a->K[s] + a->S[s] + a->O[s]) / 3;
            band[rho < 0.4 ? 0 : rho >= 0.7 ? 2 : 1]++;
            /* expected reports: sigma(slope (threshold - state)), ODD 5 */
            const double sl = sc.params.barrier_slope;
            bar[0] += 1.0 / (1.0 + exp(-sl * (0.5 - a->K[s])));
            bar[1] += 1.0 / (1.0 + exp(-sl * (0.5 - sm / (nf > 0 ? nf : 1))));
            bar[2] += 1.0 / (1.0 + exp(-sl * (0.5 - a->R[s])));
            bar[3] += 1.0 / (1.0 + exp(-sl * (0.5 - a->S[s])));
            bar[4] += 1.0 / (1.0 + exp(-sl * (0.3 - a->S[s])));
            K += a->K[s];
            S += a->S[s];
            O += a->O[s];
            R += a->R[s];
        }
        if (nS == 0)
            continue;
        int id0 = g == 0 ? 0 : g < 3 ? 1 : 2;  /* 0 whole, 1 by locality, 2 by region */
        int col = g == 0 ? 0 : g < 3 ? g - 1 : g - 3;
        bilim_metric_id routine_id[] = {BILIM_M_ADOPTION_ROUTINE, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, BILIM_M_ADOPTION_ROUTINE_BY_REGION};
        bilim_metric_id trial_id[] = {BILIM_M_ADOPTION_TRIAL, BILIM_M_ADOPTION_TRIAL_BY_LOCALITY, BILIM_M_ADOPTION_TRIAL_BY_REGION};
        bilim_metric_id band_id[] = {BILIM_M_READINESS_BAND_SHARE, BILIM_M_READINESS_BAND_SHARE_BY_LOCALITY, BILIM_M_READINESS_BAND_SHARE_BY_REGION};
        bilim_metric_id bar_id[] = {BILIM_M_BARRIER_PREVALENCE, BILIM_M_BARRIER_PREVALENCE_BY_LOCALITY, BILIM_M_BARRIER_PREVALENCE_BY_REGION};
        bilim_metric_id st_id[] = {BILIM_M_MEAN_STATE, BILIM_M_MEAN_STATE_BY_LOCALITY, BILIM_M_MEAN_STATE_BY_REGION};
        for (int j = 0; j < J; j++) {
            cr_assert_float_eq(tm_get(&L, rec, routine_id[id0], j, col), routine[j] / T, 1e-12, "group %d", g);
            cr_assert_float_eq(tm_get(&L, rec, trial_id[id0], j, col), trial[j] / T, 1e-12, "group %d", g);
        }
        for (int b = 0; b < 3; b++)
            cr_assert_float_eq(tm_get(&L, rec, band_id[id0], b, col), band[b] / nS, 1e-12);
        for (int b = 0; b < 5; b++)
            cr_assert_float_eq(tm_get(&L, rec, bar_id[id0], b, col), bar[b] / nS, 1e-12, "barrier %d group %d", b, g);
        double want[6] = {K / nS, S / nS, O / nS, k / T, mm / T, R / nS};
        for (int v = 0; v < 6; v++)
            cr_assert_float_eq(tm_get(&L, rec, st_id[id0], v, col), want[v], 1e-9, "var %d group %d", v, g);
    }
    free(rec);
    bilim_model_free(m);
}

/* The month a use state was entered: 0 at the start, t + 1 after a
 * transition in the step from t, the hire's month + 1 after turnover. */
Test(population, month_entered_tracks_transitions_and_hires)
{
    bilim_scenario sc;
    tm_scenario(&sc, 40, 3);
    sc.innovations[0].p = 0.2;
    sc.innovations[0].initial_trial = 0.3;
    sc.params.attrition_annual = 0.0;
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    size_t T = (size_t)a->n_teachers;
    uint8_t *before = malloc(T);
    bilim_error err;
    for (int t = 0; t < 2; t++) {
        memcpy(before, a->use, T);
        cr_assert_eq(bilim_model_step(m, &err), BILIM_OK);
        int changed = 0;
        for (size_t i = 0; i < T; i++) {
            if (a->use[i] != before[i]) {
                cr_assert_eq(a->entered[i], t + 1);
                changed++;
            } else
                cr_assert_leq(a->entered[i], t);
        }
        cr_assert_gt(changed, 0);
    }
    free(before);
    bilim_model_free(m);
    sc.params.attrition_annual = 1.0;  /* everyone leaves every month ... */
    sc.params.fill_rate_urban = sc.params.fill_rate_rural = 1.0;  /* ... and is replaced */
    m = tm_alloc(&sc, 0);
    cr_assert_eq(bilim_model_step(m, &err), BILIM_OK);
    for (size_t i = 0; i < T; i++)
        cr_assert_eq(m->a.entered[i], 1);
    bilim_model_free(m);
}
