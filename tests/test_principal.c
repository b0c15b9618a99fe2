/* tests/test_principal.c: principals' update, turnover and successors,
 * readiness bands and barrier reports (models/principal.h) against
 * hand-computed values (ODD 5, 7.1). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "model_helpers.h"
#include "models/principal.h"

Test(principal, one_step_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    p.delta_S = 0.002;
    double K = 0.3, S = 0.4, O = 0.5;
    bilim_principal_in in = {.Tp = 1.0, .QP = 0.6, .R = 0.3, .A = 0.2, .peers = 0.5,
                             .R0 = 0.35, .A0 = 0.1};
    bilim_principal_step(&p, &in, 0.55, &K, &S, &O);
    /* K: 0.3 + (0.08 + 0.02*0.6 + 0.01*0.5)*0.7 - 0.004*0.3 */
    cr_assert_float_eq(K, 0.3 + 0.097 * 0.7 - 0.0012, 1e-12);
    cr_assert_float_eq(K, 0.3667, 1e-12);
    /* S: 0.4 + 0.06*0.6 + 0.002*0.6 - 0.002*0.4 */
    cr_assert_float_eq(S, 0.4364, 1e-12);
    /* O: 0.5 + 0.05*(0.55 + 0.2*(0.3-0.35) + 0.3*(0.2-0.1) - 0.5) */
    cr_assert_float_eq(O, 0.5035, 1e-12);
}

/* Without programmes, at the school's month-0 state, openness stays at its
 * anchor whatever its level; skill only grows with experience (delta_S 0);
 * knowledge decays. */
Test(principal, no_programme_no_anchor_drift)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    p.dt_months = 2.0;
    double K = 0.5, S = 0.3, O = 0.31;
    bilim_principal_in in = {.R = 0.22, .A = 0.04, .R0 = 0.22, .A0 = 0.04};
    bilim_principal_step(&p, &in, 0.31, &K, &S, &O);
    cr_assert_float_eq(K, 0.5 - 2 * 0.004 * 0.5, 1e-12);
    cr_assert_float_eq(S, 0.3 + 2 * 0.002 * 0.7, 1e-12);
    cr_assert_eq(O, 0.31, "O stays at its anchor when R = R0 and A = A0, even far below 0.5");
    /* The spec's anchors at 0.5 would have pulled it: openness answers changes. */
    in.R = 0.32;
    bilim_principal_step(&p, &in, 0.31, &K, &S, &O);
    cr_assert_float_eq(O, 0.31 + 2 * 0.05 * 0.2 * 0.1, 1e-12);
}

Test(principal, results_are_clamped)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    p.dt_months = 3.0;
    p.tau_O = 1.0;
    p.gamma_O_R = 2.0;
    p.delta_K = 1.0;
    double K = 0.2, S = 0.9, O = 0.9;
    bilim_principal_in in = {.R = 1.0, .A = 1.0};
    bilim_principal_step(&p, &in, 1.0, &K, &S, &O);
    cr_assert_eq(K, 0.0);
    cr_assert_eq(O, 1.0);
}

Test(principal, bands_at_the_thresholds)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    cr_assert_eq(bilim_principal_band(&p, 0.3999), BILIM_BAND_LOW);
    cr_assert_eq(bilim_principal_band(&p, 0.40), BILIM_BAND_INTERMEDIATE);
    cr_assert_eq(bilim_principal_band(&p, 0.6999), BILIM_BAND_INTERMEDIATE);
    cr_assert_eq(bilim_principal_band(&p, 0.70), BILIM_BAND_HIGH);
}

/* Report probability sigma(slope (threshold - x)) by hand. */
Test(principal, barrier_report_probabilities)
{
    cr_assert_eq(bilim_principal_report_prob(14.0, 0.5, 0.5), 0.5, "even odds at the threshold");
    /* 14 (0.5 - 0.4) = 1.4: 1 / (1 + e^-1.4) = 0.802184 */
    cr_assert_float_eq(bilim_principal_report_prob(14.0, 0.5, 0.4), 0.802184, 1e-6);
    cr_assert_float_eq(bilim_principal_report_prob(14.0, 0.5, 0.6), 1.0 - 0.802184, 1e-6);
    cr_assert_float_eq(bilim_principal_report_prob(14.0, 0.3, 0.1), 1.0 / (1.0 + exp(-2.8)), 1e-15);
    cr_assert_lt(bilim_principal_report_prob(1000.0, 0.5, 0.6), 1e-40, "steep: a cut-off");
    cr_assert_eq(bilim_principal_report_prob(1000.0, 0.5, 0.4), 1.0);
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    double pr[BILIM_N_BARRIERS];
    bilim_principal_barrier_probs(&p, 0.3, 0.4, 0.55, 0.45, pr);
    const double b = p.barrier_slope;
    cr_assert_float_eq(pr[BILIM_BARRIER_KNOWLEDGE], 1.0 / (1.0 + exp(-b * 0.2)), 1e-15);
    cr_assert_float_eq(pr[BILIM_BARRIER_MOTIVATION], 1.0 / (1.0 + exp(-b * 0.05)), 1e-15);
    cr_assert_float_eq(pr[BILIM_BARRIER_MATERIAL], 1.0 / (1.0 + exp(b * 0.05)), 1e-15);
    cr_assert_float_eq(pr[BILIM_BARRIER_ORGANIZING], 1.0 / (1.0 + exp(-b * 0.1)), 1e-15);
    cr_assert_float_eq(pr[BILIM_BARRIER_MANAGERIAL], 1.0 / (1.0 + exp(b * 0.1)), 1e-15);
    cr_assert_lt(pr[BILIM_BARRIER_MANAGERIAL], pr[BILIM_BARRIER_ORGANIZING]);
}

Test(principal, leave_probability)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    cr_assert_float_eq(bilim_principal_leave_prob(&p), 1.0 - pow(0.82, 1.0 / 12.0), 1e-15);
    cr_assert_float_eq(bilim_principal_leave_prob(&p), 0.016402, 1e-6);
    p.principal_turnover_annual = 0.0;
    cr_assert_eq(bilim_principal_leave_prob(&p), 0.0);
}

/* Successors' S by hand: e = 0.002, q = 0.02, month-0 Beta(0.43, 11):
 *   mn = (0.43 - 0.98 (0.002 + 0.998 * 0.43)) / 0.02 = 0.37414,
 * and the second moment likewise; then a Monte Carlo of 20,000 principals
 * over 120 months keeps the month-0 mean and variance. */
Test(principal, successors_keep_the_distribution_of_S)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    p.eta_exp = 0.002;
    p.delta_S = 0.0;
    const double q = 0.02, mu = 0.43, kappa = 11.0;
    double mn, kn;
    bilim_principal_novice(&p, q, mu, kappa, &mn, &kn);
    cr_assert_float_eq(mn, (mu - 0.98 * (0.002 + 0.998 * mu)) / 0.02, 1e-12);
    cr_assert_float_eq(mn, 0.37414, 1e-5);
    const double m2 = mu * (1 - mu) / (kappa + 1) + mu * mu;
    const double vn2 = (m2 - 0.98 * (0.002 * 0.002 + 2 * 0.998 * 0.002 * mu + 0.998 * 0.998 * m2)) / 0.02;
    cr_assert_float_eq(kn, mn * (1 - mn) / (vn2 - mn * mn) - 1, 1e-9);
    cr_assert(kn > 5 && kn < 20, "a concentration near the month-0 one (%g)", kn);

    bilim_rng *r = bilim_rng_alloc();
    enum { N = 20000 };
    static double S[N];
    bilim_rng_reset(r, 11, 0, BILIM_PURPOSE_TEST, 0, 0);
    for (int i = 0; i < N; i++)
        S[i] = bilim_rng_beta_mean(r, mu, kappa);
    for (int t = 0; t < 120; t++)
        for (int i = 0; i < N; i++) {
            S[i] += p.eta_exp * (1.0 - S[i]);
            if (bilim_rng_uniform(r) < q)
                S[i] = bilim_rng_beta_mean(r, mn, kn);
        }
    double s1 = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        s1 += S[i];
        s2 += S[i] * S[i];
    }
    const double mean = s1 / N, var = s2 / N - mean * mean, var0 = mu * (1 - mu) / (kappa + 1);
    /* Monte Carlo sd of the mean is about 0.15 / sqrt(20000) = 0.001. */
    cr_assert_float_eq(mean, mu, 0.005, "mean of S after 10 years: %g", mean);
    cr_assert_float_eq(var, var0, 0.1 * var0, "variance %g, month 0 %g", var, var0);
    bilim_rng_free(r);

    /* No turnover: nobody is replaced, the month-0 distribution is returned. */
    bilim_principal_novice(&p, 0.0, mu, kappa, &mn, &kn);
    cr_assert(mn == mu && kn == kappa);
    /* Experience far faster than turnover: clamped mean, month-0 concentration. */
    p.eta_exp = 0.2;
    bilim_principal_novice(&p, 0.01, mu, kappa, &mn, &kn);
    cr_assert(mn == 0.001 && kn == kappa);
}

/* The draw: order K, S, O, gender, age; reproducible from its stream. */
Test(principal, draw_is_reproducible)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    bilim_rng *r = bilim_rng_alloc();
    bilim_principal_draw a, b;
    bilim_rng_reset(r, 3, 1, BILIM_PURPOSE_NEW_PRINCIPAL, 17, 4);
    bilim_principal_draw_from(r, &p, 0.3, 0.4, 12.0, 0.5, &a);
    bilim_rng_reset(r, 3, 1, BILIM_PURPOSE_NEW_PRINCIPAL, 17, 4);
    double K = bilim_rng_beta_mean(r, 0.3, p.init_K_kappa);
    double S = bilim_rng_beta_mean(r, 0.4, 12.0);
    double O = bilim_rng_beta_mean(r, 0.5, p.init_O_kappa);
    cr_assert(a.K == K && a.S == S && a.O == O);
    bilim_rng_reset(r, 3, 1, BILIM_PURPOSE_NEW_PRINCIPAL, 17, 4);
    bilim_principal_draw_from(r, &p, 0.3, 0.4, 12.0, 0.5, &b);
    cr_assert(a.K == b.K && a.S == b.S && a.O == b.O && a.female == b.female &&
              a.age_group == b.age_group);
    bilim_rng_free(r);
}
