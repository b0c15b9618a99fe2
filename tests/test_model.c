/* tests/test_model.c: the model as a whole (models/model.h): population
 * synthesis, invariants of a run, observation, the virtual survey,
 * determinism across threads and repeated runs. */
#include <math.h>
#include <omp.h>
#include "models/model_impl.h"
#include "model_helpers.h"

Test(model, national_population_matches_the_data)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 0;
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    bilim_model *m = tm_alloc(&sc, 0);
    cr_assert_eq(bilim_model_schools(m), 7687);
    int64_t T = bilim_model_teachers(m);
    cr_assert(T > 380000 && T < 391000, "teachers %lld, expected about 385,830", (long long)T);
    /* 64 bytes per teacher, all included. */
    cr_assert_lt(bilim_model_bytes(m), (size_t)(64 * T), "bytes %zu", bilim_model_bytes(m));
    bilim_survey sv;
    bilim_model_survey(m, 7687, -1.0, 0, &sv);
    cr_assert_eq(sv.n, 7687);
    cr_assert_eq(sv.n_rural, 5260);
    bilim_model_free(m);
    free(rec);
}

Test(model, population_structure_urban_small_clusters)
{
    /* Through the survey and the by-locality means we cannot see the small
     * flags, so check them via the counts the population must have. */
    bilim_scenario sc;
    tm_scenario(&sc, 400, 0);
    bilim_model *m = tm_alloc(&sc, 0);
    cr_assert_eq(bilim_model_schools(m), 400);
    bilim_survey sv;
    bilim_model_survey(m, 400, -1.0, 0, &sv);
    int32_t rural = 0;
    for (int r = 0; r < sc.population.n_regions; r++)
        rural += sc.population.regions[r].rural;
    cr_assert_eq(sv.n_rural, rural);
    bilim_model_free(m);
}

/* Invariants over a run with several innovations, turnover and initial use. */
Test(model, invariants_over_a_run)
{
    bilim_scenario sc;
    tm_scenario(&sc, 150, 36);
    sc.innovations[0].initial_trial = 0.1;
    sc.innovations[0].initial_routine = 0.05;
    sc.innovations[0].p = 0.02;
    sc.innovations[0].q = 0.2;
    tm_add_innovation(&sc, 0.2);
    sc.params.attrition_annual = 0.3;
    sc.outputs.by_region = 1;
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    for (int32_t t = 0; t <= sc.months; t++) {
        const double *r = rec + (size_t)t * L.record_size;
        for (size_t i = 0; i < L.record_size; i++)
            cr_assert(isfinite(r[i]), "month %d element %zu not finite", t, i);
        for (int id = 0; id < BILIM_N_METRICS; id++) {
            const bilim_metric *mt = &L.metrics[id];
            if (!mt->present || id == BILIM_M_COST_KZT_CUMULATIVE || id == BILIM_M_UNITS_CUMULATIVE)
                continue;
            for (size_t i = 0; i < mt->size; i++)
                cr_assert(r[mt->offset + i] >= 0.0 && r[mt->offset + i] <= 1.0,
                          "%s[%zu] = %g at month %d", mt->name, i, r[mt->offset + i], t);
        }
        double bands = 0;
        for (int b = 0; b < BILIM_N_BANDS; b++)
            bands += tm_get(&L, r, BILIM_M_READINESS_BAND_SHARE, b, 0);
        cr_assert_float_eq(bands, 1.0, 1e-12);
        for (int l = 0; l < BILIM_N_LOCALITIES; l++) {
            double bl = 0;
            for (int b = 0; b < BILIM_N_BANDS; b++)
                bl += tm_get(&L, r, BILIM_M_READINESS_BAND_SHARE_BY_LOCALITY, b, l);
            cr_assert_float_eq(bl, 1.0, 1e-12);
        }
        for (int g = 0; g < sc.population.n_regions; g++) {
            double bg = 0;
            for (int b = 0; b < BILIM_N_BANDS; b++)
                bg += tm_get(&L, r, BILIM_M_READINESS_BAND_SHARE_BY_REGION, b, g);
            if (sc.population.regions[g].urban + sc.population.regions[g].rural > 0)
                cr_assert_float_eq(bg, 1.0, 1e-12);
        }
        for (int j = 0; j < sc.n_innovations; j++) {
            cr_assert_leq(tm_get(&L, r, BILIM_M_ADOPTION_TRIAL, j, 0) +
                              tm_get(&L, r, BILIM_M_ADOPTION_ROUTINE, j, 0),
                          1.0 + 1e-12);
            for (int l = 0; l < BILIM_N_LOCALITIES; l++)
                cr_assert_leq(tm_get(&L, r, BILIM_M_ADOPTION_TRIAL_BY_LOCALITY, j, l) +
                                  tm_get(&L, r, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, j, l),
                              1.0 + 1e-12);
        }
        /* Managerial-skill barrier implies the organizing barrier (0.3 < 0.5). */
        cr_assert_leq(tm_get(&L, r, BILIM_M_BARRIER_PREVALENCE, BILIM_BARRIER_MANAGERIAL, 0),
                      tm_get(&L, r, BILIM_M_BARRIER_PREVALENCE, BILIM_BARRIER_ORGANIZING, 0));
    }
    /* The initial shares are drawn per teacher. */
    cr_assert_float_eq(tm_get(&L, rec, BILIM_M_ADOPTION_TRIAL, 0, 0), 0.1, 0.01);
    cr_assert_float_eq(tm_get(&L, rec, BILIM_M_ADOPTION_ROUTINE, 0, 0), 0.05, 0.01);
    /* The whole-population share is the teacher-weighted mean of the localities'. */
    bilim_model *m = tm_alloc(&sc, 0);
    double T[BILIM_N_LOCALITIES] = {0};
    for (int32_t s = 0; s < m->a.n_schools; s++)
        T[m->a.locality[s]] += m->a.n_teach[s];
    bilim_model_free(m);
    cr_assert(T[BILIM_URBAN] > 0 && T[BILIM_RURAL] > 0);
    for (int32_t t = 0; t <= sc.months; t++) {
        const double *r = rec + (size_t)t * L.record_size;
        const bilim_metric_id whole[2] = {BILIM_M_ADOPTION_TRIAL, BILIM_M_ADOPTION_ROUTINE};
        const bilim_metric_id loc[2] = {BILIM_M_ADOPTION_TRIAL_BY_LOCALITY,
                                        BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY};
        for (int w = 0; w < 2; w++)
            for (int j = 0; j < sc.n_innovations; j++) {
                double mix = 0;
                for (int l = 0; l < BILIM_N_LOCALITIES; l++)
                    mix += tm_get(&L, r, loc[w], j, l) * T[l];
                cr_assert_float_eq(tm_get(&L, r, whole[w], j, 0), mix / (T[0] + T[1]), 1e-12,
                                   "month %d innovation %d", t, j);
            }
    }
    free(rec);
}

/* Turnover replaces a leaver in its own slot, so every school keeps the
 * teachers it was drawn with. With log-sd 0 each school of a size class has
 * exactly that class's mean, so the count follows from the population
 * alone: 30 per urban, 20 per rural regular and 7 per small-class school.
 * Every month, with 90% attrition a year (about 17% leave each month): the
 * model's count, every school's slots, and the record's shares times that
 * count equal a recount of the use states, school by school. */
Test(model, teacher_count_is_conserved_through_turnover)
{
    bilim_scenario sc;
    tm_scenario(&sc, 80, 24);
    const double size[BILIM_N_CLASSES] = {30, 20, 7};
    int64_t T = 0;
    for (int c = 0; c < BILIM_N_CLASSES; c++) {
        sc.population.teachers_mean[c] = size[c];
        sc.population.teachers_sigma[c] = 0.0;
    }
    for (int r = 0; r < sc.population.n_regions; r++) {
        const bilim_region *g = &sc.population.regions[r];
        T += 30 * g->urban + 20 * (g->rural - g->small_class) + 7 * g->small_class;
    }
    sc.params.attrition_annual = 0.9;
    sc.innovations[0].p = 0.1;
    sc.innovations[0].initial_trial = 0.2;
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_model *m = tm_alloc(&sc, 1);
    const bilim_agents *a = &m->a;
    float *m0 = malloc((size_t)T * sizeof *m0);
    int64_t leavers = 0;
    bilim_error err;
    for (int32_t t = 0; t <= sc.months; t++) {
        if (t > 0) {
            memcpy(m0, a->m0, (size_t)T * sizeof *m0);
            cr_assert_eq(bilim_model_step(m, &err), BILIM_OK, "%s", err.msg);
            for (int64_t i = 0; i < T; i++)
                leavers += a->m0[i] != m0[i];  /* only a new hire rewrites m0 */
        }
        cr_assert_eq(bilim_model_teachers(m), T, "month %d", t);
        cr_assert_eq(a->t_off[a->n_schools], T, "month %d", t);
        int64_t trial = 0, routine = 0;
        for (int32_t s = 0; s < a->n_schools; s++) {
            const int c = a->locality[s] == BILIM_URBAN ? 0 : a->small[s] ? 2 : 1;
            cr_assert_eq(a->t_off[s + 1] - a->t_off[s], (int64_t)size[c], "school %d", s);
            int32_t tr = 0, ro = 0;
            for (int64_t i = a->t_off[s]; i < a->t_off[s + 1]; i++) {
                tr += a->use[i] == BILIM_USE_TRIAL;
                ro += a->use[i] == BILIM_USE_ROUTINE;
            }
            cr_assert_eq(a->n_trial[a->cur][s], tr, "school %d month %d", s, t);
            cr_assert_eq(a->n_routine[a->cur][s], ro, "school %d month %d", s, t);
            trial += tr;
            routine += ro;
        }
        bilim_model_observe(m, &L, rec);
        cr_assert_float_eq(tm_get(&L, rec, BILIM_M_ADOPTION_TRIAL, 0, 0), (double)trial / (double)T, 1e-12);
        cr_assert_float_eq(tm_get(&L, rec, BILIM_M_ADOPTION_ROUTINE, 0, 0), (double)routine / (double)T, 1e-12);
    }
    /* 1 - 0.1^(1/12) = 17.5% a month: the count held through many leavers. */
    cr_assert_gt(leavers, (int64_t)(0.15 * sc.months * (double)T), "%lld leavers", (long long)leavers);
    cr_assert_eq(bilim_model_step(m, &err), BILIM_EINVAL, "a step past the horizon is an error");
    cr_assert(strstr(err.msg, "horizon"));
    free(m0);
    free(rec);
    bilim_model_free(m);
}

Test(model, empty_population_is_an_error)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    for (int r = 0; r < sc.population.n_regions; r++)
        sc.population.regions[r].urban = sc.population.regions[r].rural =
            sc.population.regions[r].small_class = 0;
    bilim_model *m = (bilim_model *)1;
    bilim_error err;
    cr_assert_eq(bilim_model_alloc(&sc, 0, &m, &err), BILIM_EINVAL);
    cr_assert_null(m);
    cr_assert(strstr(err.msg, "no schools"), "%s", err.msg);
    bilim_model_free(NULL);
}

/* Same records for 1, 2 and 3 threads and for repeated runs, with teacher
 * and principal turnover, pipeline hires, PD and leadership training. */
Test(model, identical_for_any_thread_count)
{
    bilim_scenario sc;
    tm_scenario(&sc, 120, 18);
    sc.innovations[0].p = 0.02;
    sc.innovations[0].q = 0.3;
    sc.innovations[0].initial_trial = 0.05;
    sc.params.attrition_annual = 0.2;
    tm_add_innovation(&sc, 0.3);
    sc.params.principal_turnover_annual = 0.5;  /* successors drawn in the parallel loop */
    sc.n_interventions = 3;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_PROFESSIONAL_DEVELOPMENT);
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_TEACHER_PIPELINE);
    sc.interventions[1].unit_cost_kzt = 1000;
    sc.interventions[1].budget_kzt = 50000;
    /* trained principals and their cluster peers */
    bilim_intervention_defaults(&sc.interventions[2], BILIM_IV_LEADERSHIP_TRAINING);
    sc.interventions[2].target.fraction = 0.5;
    int saved = omp_get_max_threads();
    double *ref = NULL;
    bilim_obs_layout L;
    for (int run = 0; run < 4; run++) {
        omp_set_num_threads(run == 3 ? 1 : run + 1);
        double *rec = tm_run(&sc, 2, &L);
        if (!ref)
            ref = rec;
        else {
            cr_assert(memcmp(ref, rec, (size_t)(sc.months + 1) * L.record_size * sizeof *rec) == 0,
                      "run %d differs", run);
            free(rec);
        }
    }
    omp_set_num_threads(saved);
    free(ref);
}

Test(model, replicates_and_seeds_differ)
{
    bilim_scenario sc;
    tm_scenario(&sc, 60, 0);
    bilim_obs_layout L;
    double *a = tm_run(&sc, 0, &L);
    double *b = tm_run(&sc, 1, &L);
    sc.seed = 7;
    double *c = tm_run(&sc, 0, &L);
    size_t bytes = L.record_size * sizeof *a;
    cr_assert(memcmp(a, b, bytes) != 0);
    cr_assert(memcmp(a, c, bytes) != 0);
    free(a);
    free(b);
    free(c);
}

/* The survey: sizes, rural share, caps, counts within bounds, determinism,
 * and it does not change the trajectory. */
Test(model, survey_draws_without_replacement)
{
    bilim_scenario sc;
    tm_scenario(&sc, 200, 6);
    bilim_model *m = tm_alloc(&sc, 0);
    bilim_survey a, b;
    bilim_model_survey(m, 116, -1.0, 0, &a);
    bilim_model_survey(m, 116, -1.0, 0, &b);
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "same survey index, same draw");
    cr_assert_eq(a.n, 116);
    int32_t rural = 0;
    for (int r = 0; r < sc.population.n_regions; r++)
        rural += sc.population.regions[r].rural;
    cr_assert_eq(a.n_rural, (int32_t)lround(116.0 * rural / 200.0));
    cr_assert_eq(a.band[0] + a.band[1] + a.band[2], 116);
    for (int k = 0; k < BILIM_N_BARRIERS; k++)
        cr_assert(a.barrier[k] >= 0 && a.barrier[k] <= 116);
    cr_assert_leq(a.barrier[BILIM_BARRIER_MANAGERIAL], a.barrier[BILIM_BARRIER_ORGANIZING]);
    bilim_model_survey(m, 116, 0.5, 0, &b);
    cr_assert_eq(b.n_rural, 58);
    bilim_model_survey(m, 116, 1.0, 0, &b);
    cr_assert_eq(b.n_rural, rural < 116 ? rural : 116, "capped by the rural schools there are");
    bilim_model_survey(m, 1000, -1.0, 0, &b);
    cr_assert_eq(b.n, 200, "a survey larger than the population takes everyone");
    /* Everyone surveyed: the band counts are the population's; the barrier
     * counts are draws around its expected prevalence (sd at most
     * sqrt(200 / 4) / 200 = 0.035; 4 sd). */
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_model_observe(m, &L, rec);
    for (int k = 0; k < BILIM_N_BANDS; k++)
        cr_assert_float_eq(b.band[k] / 200.0, tm_get(&L, rec, BILIM_M_READINESS_BAND_SHARE, k, 0), 1e-12);
    for (int k = 0; k < BILIM_N_BARRIERS; k++)
        cr_assert_float_eq(b.barrier[k] / 200.0, tm_get(&L, rec, BILIM_M_BARRIER_PREVALENCE, k, 0), 0.14);
    /* Different survey indices draw different principals (almost surely). */
    int differs = 0;
    for (int i = 1; i < 6 && !differs; i++) {
        bilim_model_survey(m, 116, -1.0, i, &b);
        differs = memcmp(a.band, b.band, sizeof a.band) || memcmp(a.barrier, b.barrier, sizeof a.barrier);
    }
    cr_assert(differs);
    free(rec);
    bilim_model_free(m);
}

/* The survey's barrier reports are draws of the population record's
 * expected prevalence: surveying all 300 principals 200 times (survey
 * indices 0..199), the mean count per principal is the recorded prevalence
 * within 4 sd (sd at most 0.5 / sqrt(300 * 200) = 0.002); the severe item on
 * S is never reported without the milder one (they share the principal's
 * answer noise). */
Test(model, survey_reports_match_the_expected_prevalence)
{
    bilim_scenario sc;
    tm_scenario(&sc, 300, 0);
    bilim_model *m = tm_alloc(&sc, 0);
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_model_observe(m, &L, rec);
    double mean[BILIM_N_BARRIERS] = {0};
    const int n = 200;
    for (int i = 0; i < n; i++) {
        bilim_survey sv;
        bilim_model_survey(m, 1000, -1.0, i, &sv);
        cr_assert_eq(sv.n, 300);
        cr_assert_leq(sv.barrier[BILIM_BARRIER_MANAGERIAL], sv.barrier[BILIM_BARRIER_ORGANIZING]);
        for (int k = 0; k < BILIM_N_BARRIERS; k++)
            mean[k] += sv.barrier[k] / (300.0 * n);
    }
    for (int k = 0; k < BILIM_N_BARRIERS; k++) {
        double e = tm_get(&L, rec, BILIM_M_BARRIER_PREVALENCE, k, 0);
        cr_assert_float_eq(mean[k], e, 4 * 0.5 / sqrt(300.0 * n), "barrier %d: surveys %g, record %g",
                           k, mean[k], e);
        cr_assert(e > 0.02 && e < 0.98, "barrier %d: a prevalence the test can see (%g)", k, e);
    }
    free(rec);
    bilim_model_free(m);
    /* One perception of S: with both thresholds at 0.4 the two items on S are
     * the same answer, principal by principal. */
    sc.params.barrier_organizing_below = sc.params.barrier_managerial_below = 0.4;
    m = tm_alloc(&sc, 0);
    for (int i = 0; i < 20; i++) {
        bilim_survey sv;
        bilim_model_survey(m, 1000, -1.0, i, &sv);
        cr_assert_eq(sv.barrier[BILIM_BARRIER_MANAGERIAL], sv.barrier[BILIM_BARRIER_ORGANIZING]);
    }
    bilim_model_free(m);
}

Test(model, surveying_does_not_change_the_trajectory)
{
    bilim_scenario sc;
    tm_scenario(&sc, 80, 6);
    sc.innovations[0].p = 0.05;
    bilim_obs_layout L;
    double *ref = tm_run(&sc, 0, &L);
    bilim_model *m = tm_alloc(&sc, 0);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_error err;
    for (int t = 0; t < sc.months; t++) {
        bilim_survey sv;
        bilim_model_survey(m, 50, -1.0, t, &sv);
        bilim_model_step(m, &err);
    }
    bilim_model_observe(m, &L, rec);
    cr_assert(memcmp(rec, ref + (size_t)sc.months * L.record_size, L.record_size * sizeof *rec) == 0);
    free(rec);
    free(ref);
    bilim_model_free(m);
}

Test(model, budget_below_one_unit_is_an_error)
{
    bilim_scenario sc;
    tm_scenario(&sc, 20, 3);
    sc.n_interventions = 1;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_TEACHER_INCENTIVES);
    sc.interventions[0].budget_kzt = 1000;  /* one teacher-month is 41,760 KZT */
    bilim_model *m = NULL;
    bilim_error err;
    cr_assert_eq(bilim_model_alloc(&sc, 0, &m, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "interventions[0]") && strstr(err.msg, "budget_kzt"), "%s", err.msg);
    sc.interventions[0].budget_kzt = 41760;
    cr_assert_eq(bilim_model_alloc(&sc, 0, &m, &err), BILIM_OK, "%s", err.msg);
    bilim_model_free(m);
}

/* Models stepped inside an outer parallel region (the runner's replicate
 * parallelism) give the records of serial runs. */
Test(model, nested_in_a_parallel_region_equals_serial)
{
    bilim_scenario sc;
    tm_scenario(&sc, 60, 8);
    sc.innovations[0].p = 0.03;
    sc.params.attrition_annual = 0.3;
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    enum { REPS = 4 };
    double *par[REPS], *ser[REPS];
    int saved = omp_get_max_threads();
    omp_set_num_threads(2);
#pragma omp parallel for schedule(dynamic, 1)
    for (int r = 0; r < REPS; r++) {
        bilim_model *m = NULL;
        bilim_error err;
        par[r] = calloc((size_t)(sc.months + 1) * L.record_size, sizeof(double));
        if (bilim_model_alloc(&sc, r, &m, &err) == BILIM_OK) {
            bilim_model_observe(m, &L, par[r]);
            for (int t = 1; t <= sc.months; t++) {
                bilim_model_step(m, &err);
                bilim_model_observe(m, &L, par[r] + (size_t)t * L.record_size);
            }
        }
        bilim_model_free(m);
    }
    omp_set_num_threads(saved);
    for (int r = 0; r < REPS; r++) {
        ser[r] = tm_run(&sc, r, &L);
        cr_assert(memcmp(par[r], ser[r], (size_t)(sc.months + 1) * L.record_size * sizeof(double)) == 0,
                  "replicate %d differs", r);
        free(par[r]);
        free(ser[r]);
    }
}
