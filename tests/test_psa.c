/* tests/test_psa.c: the statistics of decisions under uncertainty
 * (analysis/psa.h, analysis/evppi.h) against hand-worked and closed-form
 * answers: rank probabilities, the acceptability curve and EVPI, the
 * frontier with dominated and extendedly dominated options, the variance
 * split, EVPPI of a linear-Gaussian and a quadratic net benefit, and the
 * whole analysis on a design with hand-made records. */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/evppi.h"
#include "analysis/psa.h"
#include "base/alloc.h"
#include "base/rng.h"
#include "models/scenario.h"

Test(psa, rank_probabilities_of_a_hand_case)
{
    /* Four draws of three options (higher is better; a tie goes to the lower index). */
    const double v[4 * 3] = {3, 2, 1, 1, 3, 2, 2, 2, 5, 0, 1, 2};
    double out[9];
    bilim_psa_rank_probabilities(v, 4, 3, out);
    const double expect[9] = {0.25, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25, 0.25};
    for (int i = 0; i < 9; i++)
        cr_expect_float_eq(out[i], expect[i], 1e-15, "option %d rank %d: %g", i / 3, i % 3 + 1,
                           out[i]);
}

Test(psa, acceptability_curve_and_evpi_of_a_hand_case)
{
    /* Baseline, A, B in two draws; NB = lambda effect - cost. */
    const double e[2 * 3] = {0, 10, 20, 0, 10, 5};
    const double c[2 * 3] = {0, 100, 400, 0, 100, 400};
    const double wtp[5] = {0, 20, 30, 40, 100};
    double ceac[5 * 3], evpi[5];
    int32_t best[5];
    bilim_psa_ceac(e, c, 2, 3, wtp, 5, ceac, evpi, best);
    const double ce[5][3] = {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, .5, .5}, {0, .5, .5}};
    const double ev[5] = {0, 0, 0, 50, 350};
    const int32_t be[5] = {0, 1, 1, 1, 1};
    for (int w = 0; w < 5; w++) {
        for (int k = 0; k < 3; k++)
            cr_expect_float_eq(ceac[w * 3 + k], ce[w][k], 1e-15, "wtp %g option %d", wtp[w], k);
        cr_expect_float_eq(evpi[w], ev[w], 1e-12, "EVPI at %g: %g", wtp[w], evpi[w]);
        cr_expect_eq(best[w], be[w], "best at %g", wtp[w]);
    }
}

Test(psa, frontier_with_dominated_and_extendedly_dominated_options)
{
    /* baseline, A, B (dominated by A), C (extendedly dominated by A and D),
     * D, E (same effect as D, dearer), F (a copy of A, later). */
    const double e[7] = {0, 10, 5, 15, 30, 30, 10};
    const double c[7] = {0, 100, 200, 400, 700, 800, 100};
    bilim_frontier_row f[7];
    bilim_psa_frontier(e, c, 7, f);
    const bilim_frontier_status st[7] = {
        BILIM_FRONTIER_EFFICIENT, BILIM_FRONTIER_EFFICIENT, BILIM_FRONTIER_DOMINATED,
        BILIM_FRONTIER_EXTENDED, BILIM_FRONTIER_EFFICIENT, BILIM_FRONTIER_DOMINATED,
        BILIM_FRONTIER_DOMINATED};
    for (int k = 0; k < 7; k++)
        cr_expect_eq(f[k].status, st[k], "option %d is %s", k,
                     bilim_frontier_status_name(f[k].status));
    cr_expect_eq(f[0].comparator, -1);
    cr_expect(isnan(f[0].icer));
    cr_expect_eq(f[1].comparator, 0);
    cr_expect_float_eq(f[1].icer, 10.0, 1e-12);
    cr_expect_eq(f[4].comparator, 1);
    cr_expect_float_eq(f[4].icer, 30.0, 1e-12, "D against A once C is out: 600 / 20");
}

Test(psa, variance_split_of_a_hand_case)
{
    const double x[6] = {1, 3, 4, 6, 8, 10};
    const int32_t g[6] = {0, 0, 1, 2, 2, 2};
    bilim_psa_variance v;
    bilim_psa_decompose(x, g, 6, 3, &v);
    cr_expect_float_eq(v.total, 28.0 / 3.0, 1e-12, "means 2, 4, 8");
    cr_expect_float_eq(v.noise, 10.0 / 3.0, 1e-12, "within: (2 + 8) / 3 df");
    cr_expect_eq(v.noise_df, 3);
    cr_expect_float_eq(v.noise_of_means, 10.0 / 3.0 * (0.5 + 1.0 + 1.0 / 3.0) / 3.0, 1e-12);
    cr_expect_float_eq(v.parameter, v.total - v.noise_of_means, 1e-12);
    /* No group of two: the noise is unknown and nothing is taken off. */
    const int32_t h[3] = {0, 1, 2};
    bilim_psa_decompose(x, h, 3, 3, &v);
    cr_expect(isnan(v.noise));
    cr_expect_float_eq(v.parameter, v.total, 0.0);
}

/* n draws of X, Y, Z independent standard normals (Z unused by the model). */
static void normals(size_t n, double *x, double *y, double *z)
{
    bilim_rng *r = bilim_rng_alloc();
    bilim_rng_reset(r, 2014, 0, BILIM_PURPOSE_TEST, 0, 0);
    for (size_t i = 0; i < n; i++) {
        x[i] = gsl_ran_gaussian(bilim_rng_gsl(r), 1.0);
        y[i] = gsl_ran_gaussian(bilim_rng_gsl(r), 1.0);
        z[i] = gsl_ran_gaussian(bilim_rng_gsl(r), 1.0);
    }
    bilim_rng_free(r);
}

static double evppi1(const double *x, size_t n, int cols, const double *inb)
{
    /* Two options: the baseline (0) and one with effect inb, cost 0; lambda 1. */
    double *e = calloc(2 * n, sizeof *e), *c = calloc(2 * n, sizeof *c);
    for (size_t d = 0; d < n; d++)
        e[2 * d + 1] = inb[d];
    const double wtp = 1.0;
    double out;
    bilim_error err;
    cr_assert_eq(bilim_evppi_compute(x, n, cols, e, c, 2, &wtp, 1, &out, &err), BILIM_OK, "%s",
                 err.msg);
    free(e);
    free(c);
    return out;
}

/* mean_d max(0, g_d) - max(0, mean_d inb_d): EVPPI with the true regression. */
static double oracle(const double *g, const double *inb, size_t n)
{
    double a = 0.0, m = 0.0;
    for (size_t d = 0; d < n; d++) {
        a += g[d] > 0 ? g[d] : 0;
        m += inb[d];
    }
    return a / n - (m > 0 ? m / n : 0.0);
}

Test(evppi, linear_gaussian_net_benefit_has_the_closed_form_value)
{
    /* INB = a + b X + c Y: EVPPI(X) = a Phi(a/b) + b phi(a/b) - max(a, 0). */
    const size_t n = 2000;
    const double a = 0.3, b = 1.0, c = 1.0;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
    double *inb = malloc(n * sizeof *inb), *g = malloc(n * sizeof *g);
    double *xy = malloc(2 * n * sizeof *xy);
    normals(n, x, y, z);
    /* The true regression on these draws includes the sample mean of c Y. */
    double ybar = 0;
    for (size_t d = 0; d < n; d++)
        ybar += y[d] / n;
    for (size_t d = 0; d < n; d++) {
        inb[d] = a + b * x[d] + c * y[d];
        g[d] = a + b * x[d] + c * ybar;
        xy[2 * d] = x[d];
        xy[2 * d + 1] = y[d];
    }
    double exact = a * gsl_cdf_ugaussian_P(a / b) + b * gsl_ran_ugaussian_pdf(a / b) - a;
    double est = evppi1(x, n, 1, inb);
    /* Against the true regression on the same draws: only the fit's error. */
    cr_expect(fabs(est - oracle(g, inb, n)) < 0.01, "EVPPI(X) %g, with the true regression %g",
              est, oracle(g, inb, n));
    /* Against the closed form: the fit's and the Monte Carlo error (se about 0.02). */
    cr_expect(fabs(est - exact) < 0.06, "EVPPI(X) %g, closed form %g", est, exact);
    /* The pair (X, Y) determines INB: its EVPPI is the EVPI. */
    double s = sqrt(b * b + c * c);
    double evpi = a * gsl_cdf_ugaussian_P(a / s) + s * gsl_ran_ugaussian_pdf(a / s) - a;
    double both = evppi1(xy, n, 2, inb);
    cr_expect(fabs(both - oracle(inb, inb, n)) < 0.01, "EVPPI(X, Y) %g, EVPI on the draws %g",
              both, oracle(inb, inb, n));
    cr_expect(fabs(both - evpi) < 0.08, "EVPPI(X, Y) %g, EVPI %g", both, evpi);
    /* An unrelated column: nearly nothing (the estimator's upward bias). */
    double none = evppi1(z, n, 1, inb);
    cr_expect(none < 0.02, "EVPPI(Z) %g", none);
    free(x);
    free(y);
    free(z);
    free(inb);
    free(g);
    free(xy);
}

Test(evppi, a_nonlinear_net_benefit_is_fitted_by_the_spline)
{
    /* INB = X^2 - 0.5 + Y: E[INB | X] = X^2 - 0.5, EVPPI(X) = 2 t phi(t) + Q(t) - 0.5, t = 0.5^0.5. */
    const size_t n = 2000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
    double *inb = malloc(n * sizeof *inb), *g = malloc(n * sizeof *g);
    normals(n, x, y, z);
    double ybar = 0;
    for (size_t d = 0; d < n; d++)
        ybar += y[d] / n;
    for (size_t d = 0; d < n; d++) {
        inb[d] = x[d] * x[d] - 0.5 + y[d];
        g[d] = x[d] * x[d] - 0.5 + ybar;
    }
    double t = sqrt(0.5);
    double exact = 2 * t * gsl_ran_ugaussian_pdf(t) + gsl_cdf_ugaussian_Q(t) - 0.5;
    double est = evppi1(x, n, 1, inb);
    cr_expect(fabs(est - oracle(g, inb, n)) < 0.015, "EVPPI(X) %g, true regression %g", est,
              oracle(g, inb, n));
    cr_expect(fabs(est - exact) < 0.07, "EVPPI(X) %g, closed form %g", est, exact);
    free(x);
    free(y);
    free(z);
    free(inb);
    free(g);
}

Test(evppi, too_few_draws_for_a_group_is_an_error_that_says_how_many)
{
    double x[40 * 4] = {0};
    for (int i = 0; i < 160; i++)
        x[i] = (i * 37) % 101;
    bilim_evppi_smoother *s;
    bilim_error err;
    cr_expect_eq(bilim_evppi_smoother_alloc(x, 40, 4, &s, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "at least 51 draws"), "%s", err.msg);
    cr_assert_eq(bilim_evppi_smoother_alloc(x, 40, 1, &s, &err), BILIM_OK);
    /* A linear smoother with an intercept keeps the mean. */
    double y[40], f[40], edf;
    double my = 0, mf = 0;
    for (int i = 0; i < 40; i++)
        y[i] = sin(x[i] / 10.0);
    bilim_evppi_smooth(s, y, f, &edf);
    for (int i = 0; i < 40; i++) {
        my += y[i];
        mf += f[i];
    }
    cr_expect_float_eq(my, mf, 1e-6);
    cr_expect(edf >= 1.0 && edf < 13.0, "edf %g", edf);
    bilim_evppi_smoother_free(s);
}

/* --- the whole analysis on hand-made records ------------------------------------- */

static void record(bilim_design_record *r, double routine, double cost)
{
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        r->v[k] = 0.0;
    r->v[BILIM_DESIGN_ROUTINE] = routine;
    r->v[BILIM_DESIGN_ROUTINE_URBAN] = routine + 0.01;
    r->v[BILIM_DESIGN_ROUTINE_RURAL] = routine - 0.01;
    r->v[BILIM_DESIGN_COST_KZT] = cost;
    r->v[BILIM_DESIGN_TEACHERS] = 1000.0;
    r->v[BILIM_DESIGN_SCHOOLS] = 20.0;
}

Test(psa, the_analysis_of_a_hand_made_design)
{
    bilim_scenario sc[2];
    bilim_scenario_defaults(&sc[0]);
    sc[1] = sc[0];
    strcpy(sc[0].name, "base");
    strcpy(sc[1].name, "option");
    bilim_design d;
    bilim_design_init(&d, 1);
    bilim_error err;
    cr_assert_eq(bilim_design_set_scenarios(&d, sc, 2, &err), BILIM_OK);
    const double pts[3] = {0, 0, 0};
    cr_assert_eq(bilim_design_set_points(&d, 3, pts, NULL, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 1, &err), BILIM_OK);
    cr_assert_eq(d.n_runs, 8u);
    /* Point 0, two replicates: differences 0.01 and 0.03; points 1, 2: 0.05, 0.00. */
    bilim_design_record r[8];
    record(&r[0], 0.10, 0);
    record(&r[1], 0.11, 5e6);
    record(&r[2], 0.20, 0);
    record(&r[3], 0.23, 5e6);
    record(&r[4], 0.10, 0);
    record(&r[5], 0.15, 5e6);
    record(&r[6], 0.30, 0);
    record(&r[7], 0.30, 5e6);
    bilim_psa_settings s;
    bilim_psa_settings_defaults(&s);
    s.wtp_ref = 2e5;
    s.evppi = 0;
    bilim_psa_result res;
    cr_assert_eq(bilim_psa_compute(&d, r, &s, &res, &err), BILIM_OK, "%s", err.msg);
    /* Draw-level: point 0 averages its replicates, 20 teachers. */
    const double teachers[3] = {20, 50, 0};
    for (int p = 0; p < 3; p++) {
        cr_expect_float_eq(res.effect[p * 2 + 1], teachers[p], 1e-9, "draw %d", p);
        cr_expect_float_eq(res.cost[p * 2 + 1], 5e6, 0.0);
        cr_expect_eq(res.effect[p * 2], 0.0);
    }
    cr_expect_float_eq(bilim_psa_summary(&res, 1, BILIM_PSA_ROUTINE, BILIM_PSA_MEAN), 0.07 / 3,
                       1e-12);
    cr_expect_float_eq(bilim_psa_summary(&res, 1, BILIM_PSA_TEACHERS, BILIM_PSA_P_POSITIVE),
                       2.0 / 3, 1e-12);
    /* Noise: replicates 0.01 and 0.03 of point 0, variance 0.0002. */
    cr_expect_float_eq(bilim_psa_summary(&res, 1, BILIM_PSA_ROUTINE, BILIM_PSA_SD_NOISE),
                       sqrt(0.0002), 1e-12);
    /* Net benefit at 200,000 KZT a teacher: 4e6 - 5e6, 1e7 - 5e6, -5e6: mean
     * -1e6 / 3. The option is best in draw 1 only. */
    cr_expect_float_eq(bilim_psa_summary(&res, 1, BILIM_PSA_NET_BENEFIT, BILIM_PSA_MEAN),
                       -1e6 / 3, 1e-6);
    cr_expect_float_eq(res.rank_probability_nb[0], 2.0 / 3, 1e-12, "baseline first in 2 of 3");
    cr_expect_float_eq(res.evpi_ref, 5e6 / 3, 1e-3, "mean of max(0, NB) - 0");
    cr_expect_eq(res.frontier[1].status, BILIM_FRONTIER_EFFICIENT);
    cr_expect_float_eq(res.frontier[1].icer, 5e6 / (70.0 / 3), 1e-6);
    cr_expect_float_eq(res.rank_probability[0], 1.0, 0.0, "one option is always first");
    bilim_psa_result_clear(&res);
    /* A run that did not finish is refused. */
    r[5].v[BILIM_DESIGN_ROUTINE] = NAN;
    cr_expect_eq(bilim_psa_compute(&d, r, &s, &res, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "run 5"), "%s", err.msg);
    bilim_design_clear(&d);
}

Test(psa, the_default_grid_is_whole_kzt_with_three_digits)
{
    double w[BILIM_PSA_DEFAULT_N_WTP];
    bilim_psa_default_wtp(w);
    cr_expect_eq(w[0], 0.0);
    cr_expect_eq(w[1], 10000.0);
    cr_expect_eq(w[2], 12600.0);
    cr_expect_eq(w[11], 100000.0);
    cr_expect_eq(w[BILIM_PSA_DEFAULT_N_WTP - 1], 1e10);
    for (int i = 2; i < BILIM_PSA_DEFAULT_N_WTP; i++)
        cr_expect_gt(w[i], w[i - 1]);
}

Test(evppi, smoothing_keeps_an_unrelated_column_near_zero_with_few_draws)
{
    /* INB = 0.3 + Y does not depend on X. With 60 draws an unpenalised
     * 13-coefficient spline would chase the noise; GCV smooths it away. */
    const size_t n = 60;
    double x[60], y[60], z[60], inb[60];
    normals(n, x, y, z);
    double worst = 0.0;
    for (int rep = 0; rep < 5; rep++) {
        for (size_t d = 0; d < n; d++)
            inb[d] = 0.3 + y[(d + 7 * (size_t)rep) % n];
        double e = evppi1(x, n, 1, inb);
        worst = e > worst ? e : worst;
    }
    cr_expect(worst < 0.05, "EVPPI of an unrelated column %g (EVPI is about 0.27)", worst);
}

/* A design of 20 draws of one factor with records made up from it. */
static void synthetic(bilim_design *d, bilim_design_record **rec)
{
    bilim_scenario sc[3];
    bilim_scenario_defaults(&sc[0]);
    sc[1] = sc[2] = sc[0];
    strcpy(sc[1].name, "a");
    strcpy(sc[2].name, "b");
    bilim_design_init(d, 3);
    bilim_error err;
    cr_assert_eq(bilim_design_set_scenarios(d, sc, 3, &err), BILIM_OK);
    bilim_prior_text t = {BILIM_SPEC_UNIFORM, 0.0, 1.0, NAN, NAN};
    cr_assert_eq(bilim_design_add_factor(d, "incentive_anticipation", &t, "", &err), BILIM_OK);
    cr_assert_eq(bilim_design_sample(d, 20, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(d, 1, 3, &err), BILIM_OK);
    *rec = calloc(d->n_runs, sizeof **rec);
    for (size_t i = 0; i < d->n_runs; i++) {
        double x = d->values[d->runs[i].point], s = d->runs[i].scenario;
        record(&(*rec)[i], 0.1 + s * 0.02 * x + 0.001 * d->runs[i].replicate, s * 3e5);
    }
}

Test(psa, every_allocation_failure_is_an_error_not_a_crash)
{
    bilim_design d;
    bilim_design_record *rec;
    synthetic(&d, &rec);
    bilim_psa_settings s;
    bilim_psa_settings_defaults(&s);
    int failures = 0;
    for (long n = 0;; n++) {
        bilim_psa_result r;
        bilim_error err;
        bilim_error_clear(&err);
        bilim_alloc_fail_once(n);
        int rc = bilim_psa_compute(&d, rec, &s, &r, &err);
        long made = bilim_alloc_count();
        bilim_alloc_fail_after(-1);
        if (rc == BILIM_OK) {
            cr_expect_gt(r.n_evppi, 0u);
            bilim_psa_result_clear(&r);
            /* Allocation n was never reached: every path has been walked. A
             * success after a failed allocation would be a swallowed error. */
            cr_assert_leq(made, n, "allocation %ld failed, yet the analysis succeeded", n);
            break;
        }
        cr_assert_eq(rc, BILIM_ENOMEM, "allocation %ld: %s", n, err.msg);
        failures++;
    }
    cr_expect_gt(failures, 10, "the analysis allocates, and each failure was reported");
    free(rec);
    bilim_design_clear(&d);
}
