/* tests/test_principal.c: principals' update, readiness bands and barrier
 * reports (models/principal.h) against hand-computed values (ODD 5, 7.1). */
#include <criterion/criterion.h>
#include "models/principal.h"

Test(principal, one_step_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    double K = 0.3, S = 0.4, O = 0.5;
    bilim_principal_in in = {.Tp = 1.0, .QP = 0.6, .R = 0.3, .A = 0.2};
    bilim_principal_step(&p, &in, 0.55, &K, &S, &O);
    /* K: 0.3 + 0.08*0.7 + 0.02*0.6*0.7 - 0.004*0.3 */
    cr_assert_float_eq(K, 0.3632, 1e-12);
    /* S: 0.4 + 0.06*0.6 + 0.002*0.6 - 0.002*0.4 */
    cr_assert_float_eq(S, 0.4364, 1e-12);
    /* O: 0.5 + 0.05*(0.55 + 0.2*(0.3-0.5) + 0.3*0.2 - 0.5) */
    cr_assert_float_eq(O, 0.5035, 1e-12);
}

Test(principal, no_programme_means_slow_drift)
{
    bilim_params p;
    bilim_params_defaults(&p);
    p.dt_months = 2.0;
    double K = 0.5, S = 0.5, O = 0.4;
    bilim_principal_in in = {0.0, 0.0, 0.5, 0.0};
    bilim_principal_step(&p, &in, 0.4, &K, &S, &O);
    cr_assert_float_eq(K, 0.5 - 2 * 0.004 * 0.5, 1e-12);
    cr_assert_float_eq(S, 0.5 + 2 * (0.002 * 0.5 - 0.002 * 0.5), 1e-12);
    cr_assert_float_eq(O, 0.4, 1e-12, "O stays at its anchor when R = 0.5 and A = 0");
}

Test(principal, results_are_clamped)
{
    bilim_params p;
    bilim_params_defaults(&p);
    p.dt_months = 3.0;
    p.tau_O = 1.0;
    p.gamma_O_R = 2.0;
    p.delta_K = 1.0;
    double K = 0.2, S = 0.9, O = 0.9;
    bilim_principal_in in = {0.0, 0.0, 1.0, 1.0};
    bilim_principal_step(&p, &in, 1.0, &K, &S, &O);
    cr_assert_eq(K, 0.0);
    cr_assert_eq(O, 1.0);
}

Test(principal, bands_at_the_thresholds)
{
    bilim_params p;
    bilim_params_defaults(&p);
    cr_assert_eq(bilim_principal_band(&p, 0.3999), BILIM_BAND_LOW);
    cr_assert_eq(bilim_principal_band(&p, 0.40), BILIM_BAND_INTERMEDIATE);
    cr_assert_eq(bilim_principal_band(&p, 0.6999), BILIM_BAND_INTERMEDIATE);
    cr_assert_eq(bilim_principal_band(&p, 0.70), BILIM_BAND_HIGH);
}

Test(principal, barrier_reports)
{
    bilim_params p;
    bilim_params_defaults(&p);
    unsigned b = bilim_principal_barriers(&p, 0.49, 0.29, 0.51, 0.5);
    cr_assert_eq(b, (1u << BILIM_BARRIER_KNOWLEDGE) | (1u << BILIM_BARRIER_ORGANIZING) |
                        (1u << BILIM_BARRIER_MANAGERIAL));
    b = bilim_principal_barriers(&p, 0.5, 0.3, 0.49, 0.49);
    cr_assert_eq(b, (1u << BILIM_BARRIER_MOTIVATION) | (1u << BILIM_BARRIER_MATERIAL) |
                        (1u << BILIM_BARRIER_ORGANIZING));
    cr_assert_eq(bilim_principal_barriers(&p, 0.9, 0.9, 0.9, 0.9), 0u);
}
