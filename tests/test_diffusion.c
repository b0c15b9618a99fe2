/* tests/test_diffusion.c: the readiness gate, exposure and use transitions
 * (models/diffusion.h) against hand-computed values, and the model's
 * limiting cases with known answers (ODD 7.2). */
#include <math.h>
#include "models/diffusion.h"
#include "model_helpers.h"

/* k 0.4, m 0.6, L 0.45, R 0.5, c 0.5, r 0.4, default betas:
 * z = 4(-0.1) + 3(0.1) + 3(-0.05) + 3(0.1) = 0.05. */
Test(diffusion, gate_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    double G = bilim_diffusion_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4);
    cr_assert_float_eq(G, 1.0 / (1.0 + exp(-0.05)), 1e-14);
    cr_assert_float_eq(G, 0.5124974, 1e-7);
    cr_assert_float_eq(bilim_diffusion_gate_teacher(&p, 0.4, 0.6), 1.9, 1e-14);
    cr_assert_float_eq(bilim_diffusion_gate_school(&p, 0.45, 0.5, 0.5, 0.4), -1.85, 1e-14);
    /* The split form the hot loop uses agrees with the ODD's form. */
    double E = exp(-bilim_diffusion_gate_teacher(&p, 0.4, 0.6)) * exp(-bilim_diffusion_gate_school(&p, 0.45, 0.5, 0.5, 0.4));
    cr_assert_float_eq(1.0 / (1.0 + E), G, 1e-14);
}

Test(diffusion, exposure_and_rates_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    double X = bilim_diffusion_exposure(&p, 0.6, 1.0, 0.2);
    cr_assert_float_eq(X, 2.3, 1e-14);
    bilim_diffusion_rates r = bilim_diffusion_rates_make(&p, 0.0025, 0.03, X, 0.1, 1.0);
    /* 0.0025 * 2.3 + 0.03 * 0.1 * (1 + 0.5) */
    cr_assert_float_eq(r.h0, 0.01025, 1e-15);
    cr_assert_eq(r.dlc, 0.15);
    cr_assert_eq(r.dla, 0.08);
    cr_assert_eq(r.dld, 0.01);
    p.dt_months = 0.5;
    r = bilim_diffusion_rates_make(&p, 0.0025, 0.03, X, 0.1, 1.0);
    cr_assert_float_eq(r.h0, 0.005125, 1e-15);
    cr_assert_float_eq(r.dlc, 0.075, 1e-15);
}

/* Probabilities from the ODD's formulas, then the decision rule at u just
 * below and just above each threshold. */
Test(diffusion, transitions_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    const double z = 0.05, G = 1.0 / (1.0 + exp(-z)), E = exp(-z);
    bilim_diffusion_rates r = {0.01025, 0.15, 0.08, 0.01};
    double pr[3];
    bilim_diffusion_probs(BILIM_USE_NONE, G, &r, pr);
    double p01 = 1.0 - exp(-0.01025 * G);
    cr_assert_float_eq(pr[1], p01, 1e-15);
    cr_assert_float_eq(p01, 0.0052393, 1e-7);
    bilim_diffusion_probs(BILIM_USE_TRIAL, G, &r, pr);
    double hc = 0.15 * G, ha = 0.08 * (1 - G), pany = 1 - exp(-(hc + ha));
    cr_assert_float_eq(pr[2], pany * hc / (hc + ha), 1e-15);
    cr_assert_float_eq(pr[0], pany * ha / (hc + ha), 1e-15);
    cr_assert_float_eq(pr[2], 0.072587, 1e-6);
    cr_assert_float_eq(pr[0], 0.036826, 1e-6);
    bilim_diffusion_probs(BILIM_USE_ROUTINE, G, &r, pr);
    double p20 = 1 - exp(-0.01 * (1 - G));
    cr_assert_float_eq(pr[0], p20, 1e-15);

    const double eps = 1e-9;
    cr_assert_eq(bilim_diffusion_next(0, p01 - eps, E, &r), 1);
    cr_assert_eq(bilim_diffusion_next(0, p01 + eps, E, &r), 0);
    cr_assert_eq(bilim_diffusion_next(0, 0.9, E, &r), 0);
    double p12 = pany * hc / (hc + ha);
    cr_assert_eq(bilim_diffusion_next(1, p12 - eps, E, &r), 2);
    cr_assert_eq(bilim_diffusion_next(1, p12 + eps, E, &r), 0);
    cr_assert_eq(bilim_diffusion_next(1, pany - eps, E, &r), 0);
    cr_assert_eq(bilim_diffusion_next(1, pany + eps, E, &r), 1);
    cr_assert_eq(bilim_diffusion_next(2, p20 - eps, E, &r), 0);
    cr_assert_eq(bilim_diffusion_next(2, p20 + eps, E, &r), 2);
}

Test(diffusion, zero_rates_never_move)
{
    bilim_diffusion_rates r = {0.0, 0.0, 0.0, 0.0};
    for (double u = 1e-10; u < 1.0; u += 0.0137)
        for (int st = 0; st < 3; st++)
            cr_assert_eq(bilim_diffusion_next(st, u, 0.3, &r), st);
}

/* All gates 1 (huge beta0, other weights 0), q = 0, no exposure from peers
 * and no decay or turnover: the share in trial or routine use follows the
 * Bass curve without imitation, 1 - exp(-p t), within sampling error. */
Test(diffusion, limiting_case_exponential_adoption)
{
    bilim_scenario sc;
    tm_scenario(&sc, 200, 36);
    bilim_params *p = &sc.params;
    p->beta0 = 20.0;
    p->beta_k = p->beta_m = p->beta_L = p->beta_R = 0.0;
    p->omega_net = 0.0;
    p->lambda_a = p->lambda_d = 0.0;
    p->attrition_annual = 0.0;
    sc.innovations[0].p = 0.03;
    sc.innovations[0].q = 0.0;
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    bilim_model *m = tm_alloc(&sc, 0);
    double T = (double)bilim_model_teachers(m);
    bilim_model_free(m);
    for (int t = 0; t <= sc.months; t++) {
        const double *r = rec + (size_t)t * L.record_size;
        double share = tm_get(&L, r, BILIM_M_ADOPTION_TRIAL, 0, 0) + tm_get(&L, r, BILIM_M_ADOPTION_ROUTINE, 0, 0);
        double expect = 1.0 - exp(-0.03 * t);
        double sd = sqrt(expect * (1 - expect) / T);
        cr_assert(fabs(share - expect) <= 4 * sd + 1e-12, "month %d: share %g, expected %g (sd %g)",
                  t, share, expect, sd);
    }
    free(rec);
}

/* p = 0 and nobody using the innovation at the start: nobody ever does,
 * even with every intervention raising exposure, knowledge and imitation. */
Test(diffusion, limiting_case_no_seed_no_adoption)
{
    bilim_scenario sc;
    tm_scenario(&sc, 100, 24);
    sc.innovations[0].p = 0.0;
    sc.innovations[0].q = 0.5;
    sc.n_interventions = BILIM_N_IV_TYPES;
    for (int i = 0; i < BILIM_N_IV_TYPES; i++)
        bilim_intervention_defaults(&sc.interventions[i], (bilim_iv_type)i);
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    for (int t = 0; t <= sc.months; t++) {
        const double *r = rec + (size_t)t * L.record_size;
        cr_assert_eq(tm_get(&L, r, BILIM_M_ADOPTION_TRIAL, 0, 0), 0.0);
        cr_assert_eq(tm_get(&L, r, BILIM_M_ADOPTION_ROUTINE, 0, 0), 0.0);
    }
    free(rec);
}

/* S-shape: with imitation the monthly gain first rises, then falls. */
Test(diffusion, imitation_gives_an_s_curve)
{
    bilim_scenario sc;
    tm_scenario(&sc, 150, 60);
    sc.params.beta0 = 20.0;
    sc.params.beta_k = sc.params.beta_m = sc.params.beta_L = sc.params.beta_R = 0.0;
    sc.params.lambda_a = sc.params.lambda_d = 0.0;
    sc.innovations[0].p = 0.002;
    sc.innovations[0].q = 0.25;
    bilim_obs_layout L;
    double *rec = tm_run(&sc, 0, &L);
    double prev = 0, best = 0;
    int tmax = 0;
    for (int t = 1; t <= sc.months; t++) {
        const double *r = rec + (size_t)t * L.record_size;
        double s = tm_get(&L, r, BILIM_M_ADOPTION_TRIAL, 0, 0) + tm_get(&L, r, BILIM_M_ADOPTION_ROUTINE, 0, 0);
        if (s - prev > best) {
            best = s - prev;
            tmax = t;
        }
        prev = s;
    }
    cr_assert(tmax > 5 && tmax < sc.months - 5, "peak monthly gain at month %d", tmax);
    cr_assert_gt(prev, 0.9);
    free(rec);
}
