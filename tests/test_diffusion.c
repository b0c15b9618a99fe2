/* tests/test_diffusion.c: the readiness gate, exposure and use transitions
 * (models/diffusion.h) against hand-computed values, and the model's
 * limiting cases with known answers (ODD 7.2). */
#include <math.h>
#include "models/diffusion.h"
#include "model_helpers.h"

/* Default betas, beta0 0 and a balanced school at k - c = -0.2, m 0.4,
 * L 0.4, R - r = 0; teacher k 0.4, m 0.6 in a school with L 0.45, R 0.5, for
 * an innovation with c 0.5, r 0.4:
 *   d_T = 4 (0.4 - 0.5 + 0.2) + 3 (0.6 - 0.4) = 1.0,  d_L = 3 (0.05) = 0.15,
 *   d_R = 3 (0.1) = 0.3,  zbar = 4 (-0.2) + 3 (-0.1) + 3 (-0.1) + 0 = -1.4. */
static void hand_params(bilim_params *p, double nu)
{
    bilim_params_defaults(p);
    tm_spec_effect_params(p);
    p->beta0 = 0.0;
    p->beta_k = 4.0;
    p->beta_m = p->beta_L = p->beta_R = 3.0;
    p->gate_ref_kc = -0.2;
    p->gate_ref_m = 0.4;
    p->gate_ref_L = 0.4;
    p->gate_ref_Rr = 0.0;
    p->gate_nu = nu;
}

static double sigma(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* The same G through the hot loop's split form: tau, the school's constants, E. */
static double split_gate(const bilim_params *p, double k, double m, double L, double R, double c,
                         double r, double *Gmax)
{
    bilim_gate g;
    bilim_diffusion_gate_at(p, L, R, c, r, &g);
    *Gmax = g.Gmax;
    return 1.0 / (1.0 + bilim_diffusion_odds(&g, bilim_diffusion_tau(p, k, m)));
}

Test(diffusion, gate_by_hand)
{
    bilim_params p;
    double Gmax;
    /* nu = 0: the spec's additive logit, z = -1.4 + 1.0 + 0.15 + 0.3 = 0.05
     * = 4 (0.4 - 0.5) + 3 (0.6 - 0.5) + 3 (0.45 - 0.5) + 3 (0.5 - 0.4). */
    hand_params(&p, 0.0);
    double G = bilim_diffusion_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4);
    cr_assert_float_eq(G, sigma(0.05), 1e-14);
    cr_assert_float_eq(G, 0.5124974, 1e-7);
    cr_assert_float_eq(split_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4, &Gmax), G, 1e-14);
    cr_assert_eq(Gmax, 1.0, "the additive gate has no cap below 1");
    /* nu = 1: z = -1.4 - ln((e^-3 + e^-0.45 + e^-0.9) / 3) = -0.390387 */
    hand_params(&p, 1.0);
    G = bilim_diffusion_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4);
    cr_assert_float_eq(G, sigma(-1.4 - log((exp(-3.0) + exp(-0.45) + exp(-0.9)) / 3.0)), 1e-14);
    cr_assert_float_eq(G, 0.403425, 1e-6);
    cr_assert_float_eq(split_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4, &Gmax), G, 1e-14);
    /* Gmax: the teacher factor out of the way, z = -1.4 - ln((e^-0.45 + e^-0.9) / 3). */
    cr_assert_float_eq(Gmax, sigma(-1.4 - log((exp(-0.45) + exp(-0.9)) / 3.0)), 1e-14);
    /* nu = 2: z = -1.4 - (1/2) ln((e^-6 + e^-0.9 + e^-1.8) / 3) */
    hand_params(&p, 2.0);
    G = bilim_diffusion_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4);
    cr_assert_float_eq(G, sigma(-1.4 - 0.5 * log((exp(-6.0) + exp(-0.9) + exp(-1.8)) / 3.0)),
                       1e-14);
    cr_assert_float_eq(split_gate(&p, 0.4, 0.6, 0.45, 0.5, 0.5, 0.4, &Gmax), G, 1e-13);
    cr_assert_float_eq(Gmax, sigma(-1.4 - 0.5 * log((exp(-0.9) + exp(-1.8)) / 3.0)), 1e-13);
}

/* At the balanced school every nu gives the same G and the same slope in
 * each input (the factors' deficits are all 0 there). */
Test(diffusion, gate_forms_agree_at_the_balanced_school)
{
    const double nus[] = {0.0, 0.5, 1.0, 3.0};
    const double c = 0.5, r = 0.4, k = c - 0.2, m = 0.4, L = 0.4, R = r, h = 1e-6;
    bilim_params p;
    double G0 = 0, dk0 = 0, dR0 = 0;
    for (int i = 0; i < 4; i++) {
        hand_params(&p, nus[i]);
        double G = bilim_diffusion_gate(&p, k, m, L, R, c, r);
        double dk = (bilim_diffusion_gate(&p, k + h, m, L, R, c, r) -
                     bilim_diffusion_gate(&p, k - h, m, L, R, c, r)) / (2 * h);
        double dR = (bilim_diffusion_gate(&p, k, m, L, R + h, c, r) -
                     bilim_diffusion_gate(&p, k, m, L, R - h, c, r)) / (2 * h);
        cr_assert_float_eq(G, sigma(-1.4), 1e-14, "nu %g", nus[i]);
        if (i == 0) {
            G0 = G;
            dk0 = dk;
            dR0 = dR;
        }
        cr_assert_float_eq(G, G0, 1e-14);
        cr_assert_float_eq(dk, dk0, 1e-6, "nu %g: dG/dk %g against %g", nus[i], dk, dk0);
        cr_assert_float_eq(dR, dR0, 1e-6, "nu %g: dG/dR %g against %g", nus[i], dR, dR0);
    }
    cr_assert_float_eq(dk0, 4.0 * sigma(-1.4) * (1 - sigma(-1.4)), 1e-6);
}

/* Complementarity: a missing factor caps G. With resources far below need
 * (d_R = 3 (0 - 0.4 - 0) = -1.2), no teacher and no leadership can lift G
 * above sigma(zbar + 3 d_R + ln 3 / nu) under the soft minimum; the additive
 * gate lets them reach 1. And on the logit scale leadership gains more where
 * resources are better (a positive cross-difference), which the additive
 * logit never does. */
Test(diffusion, gate_a_missing_factor_caps_G)
{
    bilim_params p;
    const double c = 0.5, r = 0.4, R = 0.0;
    hand_params(&p, 1.0);
    double cap = sigma(-1.4 + 3 * -1.2 + log(3.0));
    double best = bilim_diffusion_gate(&p, 1.0, 1.0, 1.0, R, c, r);
    cr_assert_lt(best, cap);
    cr_assert_float_eq(best, cap, 0.01, "the best teacher and leadership come near the cap");
    double Gmax;
    split_gate(&p, 1.0, 1.0, 1.0, R, c, r, &Gmax);
    cr_assert_lt(Gmax, cap, "Gmax of that school %g, cap %g", Gmax, cap);
    cr_assert_lt(cap, 0.02);
    hand_params(&p, 0.0);
    cr_assert_gt(bilim_diffusion_gate(&p, 1.0, 1.0, 1.0, R, c, r), 0.5,
                 "additive: strong teachers and leadership make up for missing resources");

    /* Cross-difference of the logit in L and R, teacher at the balanced point. */
    for (int i = 0; i < 2; i++) {
        hand_params(&p, i == 0 ? 0.0 : 1.0);
        double z[2][2];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double G = bilim_diffusion_gate(&p, 0.3, 0.4, 0.3 + 0.2 * a, 0.2 + 0.3 * b, c, r);
                z[a][b] = log(G / (1 - G));
            }
        double cross = z[1][1] - z[1][0] - z[0][1] + z[0][0];
        if (i == 0)
            cr_assert_float_eq(cross, 0.0, 1e-12, "additive logit: no interaction");
        else
            cr_assert_gt(cross, 0.05, "soft minimum: leadership gains more with resources (%g)",
                         cross);
    }
}

/* Weakest link and substitutes: nu large tends to the smallest factor
 * logit; nu small to the additive logit. */
Test(diffusion, gate_limits_in_nu)
{
    bilim_params p;
    const double k = 0.4, m = 0.6, L = 0.45, R = 0.5, c = 0.5, r = 0.4;
    hand_params(&p, 10.0);
    /* factor logits zbar + 3 d_i: -1.4 + 3, -1.4 + 0.45, -1.4 + 0.9: min -0.95 */
    double G = bilim_diffusion_gate(&p, k, m, L, R, c, r);
    cr_assert_float_eq(log(G / (1 - G)), -0.95 + log(3.0) / 10.0 -
                       log(1.0 + exp(-10 * 0.45) + exp(-10 * 2.55)) / 10.0, 1e-12);
    hand_params(&p, 1e-6);
    cr_assert_float_eq(bilim_diffusion_gate(&p, k, m, L, R, c, r), sigma(0.05), 1e-6);
}

/* The bounds stay upper bounds under the soft minimum: for a school's Gmax,
 * a draw at or above the bound never moves any teacher (tau from 0, the
 * best possible teacher, upwards), and the best teacher's exact probability
 * is below the bound, with the decision flipping at u just below / above it. */
Test(diffusion, bounds_are_upper_bounds_for_the_soft_minimum)
{
    const double nus[] = {0.0, 0.5, 1.0, 2.0};
    const double taus[] = {0.0, 1e-3, 0.1, 1.0, 10.0, 1e3};
    const double eps = 1e-12;
    for (int i = 0; i < 4; i++) {
        bilim_params p;
        hand_params(&p, nus[i]);
        for (double L = 0.1; L < 1.0; L += 0.4)
            for (double R = 0.0; R <= 1.0; R += 0.5) {
                bilim_gate g;
                bilim_diffusion_gate_at(&p, L, R, 0.5, 0.4, &g);
                bilim_diffusion_rates rt = {0.05, 0.15, 0.08, 0.01};
                for (int st = 0; st < 3; st++) {
                    double bound = bilim_diffusion_bound(st, &rt, g.Gmax);
                    for (int t = 0; t < 6; t++) {
                        double E = bilim_diffusion_odds(&g, taus[t]);
                        cr_assert_eq(bilim_diffusion_next(st, bound + eps, E, &rt), st,
                                     "nu %g L %g R %g state %d tau %g", nus[i], L, R, st, taus[t]);
                        double pr[3];
                        bilim_diffusion_probs(st, 1.0 / (1.0 + E), &rt, pr);
                        cr_assert_leq(1.0 - pr[st], bound + 1e-15);
                    }
                    /* the best teacher (tau 0) at its exact probability */
                    double E0 = bilim_diffusion_odds(&g, 0.0);
                    double pr[3];
                    bilim_diffusion_probs(st, 1.0 / (1.0 + E0), &rt, pr);
                    double pmove = 1.0 - pr[st];
                    if (pmove > 1e-9) {
                        cr_assert_neq(bilim_diffusion_next(st, pmove - 1e-9, E0, &rt), st);
                        cr_assert_eq(bilim_diffusion_next(st, pmove + 1e-9, E0, &rt), st);
                    }
                }
            }
    }
}

/* Extreme parameters: E is capped, so G = 0 still lets teachers leave
 * state 1 at lambda_a and state 2 at lambda_d. */
Test(diffusion, odds_are_capped)
{
    bilim_gate g = {.P = 1e200, .Q = 0.0, .C = 1.0, .inv_nu = 1.0, .linear = 1, .Gmax = 1.0};
    double E = bilim_diffusion_odds(&g, 1e200);
    cr_assert_eq(E, 1e300);
    g.linear = 0;
    g.inv_nu = 3.0;
    cr_assert_eq(bilim_diffusion_odds(&g, 1e200), 1e300, "inf becomes 1e300");
    bilim_diffusion_rates rt = {0.05, 0.15, 0.08, 0.01};
    double pany = 1.0 - exp(-0.08), p20 = 1.0 - exp(-0.01);
    cr_assert_eq(bilim_diffusion_next(1, pany - 1e-9, 1e300, &rt), 0);
    cr_assert_eq(bilim_diffusion_next(1, pany + 1e-9, 1e300, &rt), 1);
    cr_assert_eq(bilim_diffusion_next(2, p20 - 1e-9, 1e300, &rt), 0);
    cr_assert_eq(bilim_diffusion_next(0, 1e-12, 1e300, &rt), 0);
}

Test(diffusion, exposure_and_rates_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
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
    tm_spec_effect_params(&p);
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
