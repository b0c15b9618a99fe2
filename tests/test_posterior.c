/* tests/test_posterior.c: fit table, identifiability and posterior
 * predictive (analysis/posterior.h) on small weighted samples whose
 * summaries are worked out by hand in the comments. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "analysis/posterior.h"
#include "base/rng.h"


/* Four particles of two parameters, weights 0.1 0.2 0.3 0.4:
 *   theta1 = 1 2 3 4:     mean 3, var 0.1*4 + 0.2*1 + 0 + 0.4*1 = 1, sd 1
 *   theta2 = 10 20 10 40: mean 24, var 19.6 + 3.2 + 58.8 + 102.4 = 184
 *   cov = 0.1*(-2)(-14) + 0.2*(-1)(-4) + 0 + 0.4*(1)(16) = 10,
 *   corr = 10 / sqrt(184) = 0.7372098
 * Priors: uniform on [0, 6] (mean 3, sd sqrt(3)), normal(20, 10). */
static const double theta[] = {1, 10, 2, 20, 3, 10, 4, 40};
static const double w[] = {0.1, 0.2, 0.3, 0.4};

Test(posterior, identifiability_by_hand)
{
    bilim_prior pr[2] = {{BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 6.0},
                         {BILIM_PRIOR_NORMAL, 20.0, 10.0, -INFINITY, INFINITY}};
    bilim_ident_row rows[2];
    double corr[4];
    cr_assert_eq(bilim_posterior_identify(theta, w, 4, 2, pr, rows, corr), BILIM_OK);
    cr_assert_float_eq(rows[0].prior_mean, 3.0, 1e-12);
    cr_assert_float_eq(rows[0].prior_sd, sqrt(3.0), 1e-12);
    cr_assert_float_eq(rows[0].posterior_mean, 3.0, 1e-12);
    cr_assert_float_eq(rows[0].posterior_sd, 1.0, 1e-12);
    cr_assert_float_eq(rows[0].sd_ratio, 1.0 / sqrt(3.0), 1e-12);
    cr_assert_eq(rows[0].posterior_q05, 1.0);
    cr_assert_eq(rows[0].posterior_q95, 4.0);
    cr_assert_float_eq(rows[1].prior_mean, 20.0, 1e-12);
    cr_assert_float_eq(rows[1].prior_sd, 10.0, 1e-12);
    cr_assert_float_eq(rows[1].posterior_mean, 24.0, 1e-12);
    cr_assert_float_eq(rows[1].posterior_sd, sqrt(184.0), 1e-12);
    cr_assert_float_eq(rows[1].sd_ratio, sqrt(184.0) / 10.0, 1e-12);
    cr_assert_eq(rows[1].posterior_q05, 10.0);
    cr_assert_eq(rows[1].posterior_q95, 40.0);
    cr_assert_float_eq(corr[0], 1.0, 1e-15);
    cr_assert_float_eq(corr[3], 1.0, 1e-15);
    cr_assert_float_eq(corr[1], 10.0 / sqrt(184.0), 1e-12);
    cr_assert_float_eq(corr[2], corr[1], 1e-15);
    cr_assert_str_eq(bilim_posterior_verdict(rows[0].sd_ratio), "weakly identified");
    cr_assert_str_eq(bilim_posterior_verdict(rows[1].sd_ratio), "not identified");
    cr_assert_str_eq(bilim_posterior_verdict(0.2), "identified");
}

Test(posterior, unnormalised_weights_give_the_same_summaries)
{
    double w10[] = {1, 2, 3, 4};
    bilim_prior pr[2] = {{BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 6.0},
                         {BILIM_PRIOR_NORMAL, 20.0, 10.0, -INFINITY, INFINITY}};
    bilim_ident_row a[2], b[2];
    double ca[4], cb[4];
    bilim_posterior_identify(theta, w, 4, 2, pr, a, ca);
    bilim_posterior_identify(theta, w10, 4, 2, pr, b, cb);
    for (int c = 0; c < 2; c++) {
        cr_assert_float_eq(a[c].posterior_mean, b[c].posterior_mean, 1e-12);
        cr_assert_float_eq(a[c].posterior_sd, b[c].posterior_sd, 1e-12);
    }
    cr_assert_float_eq(ca[1], cb[1], 1e-12);
}

Test(posterior, no_spread_gives_nan_correlation)
{
    double t[] = {1, 5, 2, 5, 3, 5};
    double ww[] = {1, 1, 1};
    bilim_prior pr[2] = {{BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 6.0}, {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 6.0}};
    bilim_ident_row rows[2];
    double corr[4];
    bilim_posterior_identify(t, ww, 3, 2, pr, rows, corr);
    cr_assert_eq(rows[1].posterior_sd, 0.0);
    cr_assert(isnan(corr[1]) && isnan(corr[3]));
    cr_assert_eq(corr[0], 1.0);
}

Test(posterior, point_estimates_by_hand)
{
    double est[2];
    bilim_posterior_point(theta, w, 4, 2, BILIM_CALIB_POINT_MEAN, est);
    cr_assert_float_eq(est[0], 3.0, 1e-12);
    cr_assert_float_eq(est[1], 24.0, 1e-12);
    /* Medians: theta1 cumulative 0.1 0.3 0.6 -> 3; theta2: 10 carries 0.4,
     * 20 brings it to 0.6 -> 20. */
    bilim_posterior_point(theta, w, 4, 2, BILIM_CALIB_POINT_MEDIAN, est);
    cr_assert_eq(est[0], 3.0);
    cr_assert_eq(est[1], 20.0);
}

/* Predictive rows of stride 3; the fit uses columns 0 and 2:
 *   column 0 = 5 7 6 9: mean 0.5 + 1.4 + 1.8 + 3.6 = 7.3, q05 5, q95 9
 *   column 2 = 0 1 0 2: mean 0.2 + 0.8 = 1.0; value 0 carries 0.4, so
 *   q05 = 0; q95 = 2. */
Test(posterior, fit_table_by_hand)
{
    double pred[] = {5, 100, 0, 7, 100, 1, 6, 100, 0, 9, 100, 2};
    int col[] = {0, 2};
    double mean[2], q05[2], q95[2];
    cr_assert_eq(bilim_posterior_fit(pred, 3, w, 4, 2, col, mean, q05, q95), BILIM_OK);
    cr_assert_float_eq(mean[0], 7.3, 1e-12);
    cr_assert_eq(q05[0], 5.0);
    cr_assert_eq(q95[0], 9.0);
    cr_assert_float_eq(mean[1], 1.0, 1e-12);
    cr_assert_eq(q05[1], 0.0);
    cr_assert_eq(q95[1], 2.0);
}

/* --- the posterior predictive ------------------------------------------------- */

static void *ws_rng(void *ctx)
{
    (void)ctx;
    return bilim_rng_alloc();
}

static void ws_rng_free(void *ws)
{
    bilim_rng_free(ws);
}

/* summary = (seed's low 20 bits, theta): identifies which stream was used. */
static int sim_echo(void *ctx, void *ws, const double *th, uint64_t seed, double *summary,
                    double *distance, bilim_error *err)
{
    (void)ctx; (void)err;
    bilim_rng_reset(ws, seed, 0, BILIM_PURPOSE_TEST, 0, 0);
    summary[0] = (double)(seed & 0xFFFFF);
    summary[1] = th[0] + bilim_rng_uniform(ws);
    *distance = 0.0;
    return BILIM_OK;
}

Test(posterior, predictive_uses_its_own_streams_for_any_thread_count)
{
    bilim_prior pr = {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 10.0};
    bilim_abc_model m = {1, &pr, NULL, 2, sim_echo, ws_rng, ws_rng_free, NULL, 0};
    enum { N = 37, DRAWS = 3 };
    double th[N], ww[N];
    for (int i = 0; i < N; i++) {
        th[i] = i;
        ww[i] = 1.0 / N;
    }
    bilim_abc_result r = {N, 1, 2, th, ww, NULL, NULL, 0, NULL, 0, 0};
    double a[N * DRAWS * 2], b[N * DRAWS * 2];
    bilim_error err;
    cr_assert_eq(bilim_posterior_predict(&m, &r, DRAWS, 42, BILIM_POSTERIOR_REPLICATE, 1, NULL, a, &err), BILIM_OK);
    cr_assert_eq(bilim_posterior_predict(&m, &r, DRAWS, 42, BILIM_POSTERIOR_REPLICATE, 3, NULL, b, &err), BILIM_OK);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    for (int i = 0; i < N; i++)
        for (int k = 0; k < DRAWS; k++) {
            uint64_t s = bilim_abc_sim_seed(42, BILIM_POSTERIOR_REPLICATE, (uint64_t)i, (uint32_t)k);
            cr_assert_eq(a[(i * DRAWS + k) * 2], (double)(s & 0xFFFFF));
            cr_assert(a[(i * DRAWS + k) * 2 + 1] > i && a[(i * DRAWS + k) * 2 + 1] < i + 1);
        }
}

static int sim_fail(void *ctx, void *ws, const double *th, uint64_t seed, double *summary,
                    double *distance, bilim_error *err)
{
    (void)ctx; (void)ws; (void)seed; (void)summary; (void)distance;
    if (th[0] >= 5.0)
        return bilim_error_set(err, BILIM_EINVAL, "cannot simulate %g", th[0]);
    return BILIM_OK;
}

/* Wilson 95% intervals: 0 of 116 gives [0, z^2 / (n + z^2)] = [0, 0.032064];
 * 44 of 116 (p = 0.37931) gives 0.29622 to 0.47014 (z = 1.959964). */
Test(posterior, wilson_interval_by_hand)
{
    double lo, hi, z = 1.959963984540054;
    bilim_posterior_wilson(0, 116, z, &lo, &hi);
    cr_assert_eq(lo, 0.0);
    cr_assert_float_eq(hi, z * z / (116 + z * z), 1e-12);
    bilim_posterior_wilson(44, 116, z, &lo, &hi);
    double p = 44.0 / 116, c = (p + z * z / 232) / (1 + z * z / 116);
    double h = z / (1 + z * z / 116) * sqrt(p * (1 - p) / 116 + z * z / (4.0 * 116 * 116));
    cr_assert_float_eq(lo, c - h, 1e-12);
    cr_assert_float_eq(hi, c + h, 1e-12);
    cr_assert_float_eq(lo, 0.29622, 2e-5);
    cr_assert_float_eq(hi, 0.47014, 2e-5);
    bilim_posterior_wilson(116, 116, z, &lo, &hi);
    cr_assert_eq(hi, 1.0);
}

Test(posterior, predictive_reports_the_lowest_failing_particle)
{
    bilim_prior pr = {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 10.0};
    bilim_abc_model m = {1, &pr, NULL, 1, sim_fail, NULL, NULL, NULL, 0};
    double th[10], ww[10], out[10];
    for (int i = 0; i < 10; i++) {
        th[i] = 9 - i; /* particles 0..4 fail; 0 is the lowest */
        ww[i] = 0.1;
    }
    bilim_abc_result r = {10, 1, 1, th, ww, NULL, NULL, 0, NULL, 0, 0};
    bilim_error err;
    cr_assert_eq(bilim_posterior_predict(&m, &r, 1, 1, BILIM_POSTERIOR_REPLICATE, 2, NULL, out, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "particle 0: cannot simulate 9"), "%s", err.msg);
}
