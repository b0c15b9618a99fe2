/* tests/test_sensitivity.c: the global sensitivity estimators
 * (analysis/sobol.h, analysis/morris.h) against analytic indices (Ishigami,
 * Sobol' g-function), a published table (SALib's Ishigami example), exact
 * elementary effects of a linear function, and every error path. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "analysis/morris.h"
#include "analysis/sobol.h"
#include "base/alloc.h"

#define PI 3.14159265358979323846

/* Ishigami & Homma (1990), a = 7, b = 0.1, x uniform on [-pi, pi]^3. */
static double ishigami(const double *u)
{
    double x1 = -PI + 2 * PI * u[0], x2 = -PI + 2 * PI * u[1], x3 = -PI + 2 * PI * u[2];
    return sin(x1) + 7.0 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

/* Sobol' g-function with coefficients a[0..k-1]. */
static const double g_a[6] = {0, 1, 4.5, 9, 99, 99};
static double gfun(const double *u)
{
    double p = 1.0;
    for (int i = 0; i < 6; i++)
        p *= (fabs(4.0 * u[i] - 2.0) + g_a[i]) / (1.0 + g_a[i]);
    return p;
}

typedef double (*model_fn)(const double *u);

/* Runs a Saltelli design of f and analyses it. */
static void sobol_of(model_fn f, int32_t N, int32_t k, int32_t R, uint64_t seed,
                     bilim_sobol_result *r)
{
    size_t n = bilim_sobol_rows(N, k);
    double *u = bilim_malloc(n * (size_t)k * sizeof *u), *y = bilim_malloc(n * sizeof *y);
    cr_assert(u && y);
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_sobol_sample(N, k, seed, u, &err), 0, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        y[i] = f(u + i * (size_t)k);
    cr_assert_eq(bilim_sobol_result_init(r, k, &err), 0);
    cr_assert_eq(bilim_sobol_analyse(y, N, k, R, 0.95, seed, r, &err), 0, "%s", err.msg);
    bilim_free(u);
    bilim_free(y);
}

Test(sobol, ishigami_against_its_analytic_indices)
{
    /* S1 = V1 / V, S2 = V2 / V, S3 = 0; ST1 = (V1 + V13) / V, ST2 = S2,
     * ST3 = V13 / V (Ishigami & Homma 1990; Saltelli et al. 2008, 4.3). */
    const double a = 7, b = 0.1;
    const double V1 = 0.5 * pow(1 + b * pow(PI, 4) / 5, 2), V2 = a * a / 8;
    const double V13 = pow(b, 2) * pow(PI, 8) * (1.0 / 18 - 1.0 / 50);
    const double V = V1 + V2 + V13;
    const double s1[3] = {V1 / V, V2 / V, 0}, st[3] = {(V1 + V13) / V, V2 / V, V13 / V};
    cr_expect_float_eq(s1[0], 0.3139, 1e-4);
    cr_expect_float_eq(st[2], 0.2437, 1e-4);
    bilim_sobol_result r;
    sobol_of(ishigami, 4096, 3, 200, 7, &r);
    /* Tolerance 0.02: several times the estimators' Monte Carlo error at
     * N = 4096 (the bootstrap half-widths are 0.01 to 0.03). */
    for (int i = 0; i < 3; i++) {
        cr_log_info("Ishigami N 4096: S%d %.4f [%.4f, %.4f] (%.4f), ST%d %.4f [%.4f, %.4f] (%.4f)",
                    i + 1, r.first[i], r.first_low[i], r.first_high[i], s1[i], i + 1,
                    r.total[i], r.total_low[i], r.total_high[i], st[i]);
        cr_expect_float_eq(r.first[i], s1[i], 0.02, "S%d = %g, analytic %g", i + 1, r.first[i],
                           s1[i]);
        cr_expect_float_eq(r.total[i], st[i], 0.02, "ST%d = %g, analytic %g", i + 1, r.total[i],
                           st[i]);
        cr_expect(r.first_low[i] <= r.first[i] && r.first[i] <= r.first_high[i]);
        cr_expect(r.total_low[i] <= r.total[i] && r.total[i] <= r.total_high[i]);
        cr_expect(r.total_high[i] - r.total_low[i] > 0 && r.total_high[i] - r.total_low[i] < 0.1,
                  "ST%d interval [%g, %g]", i + 1, r.total_low[i], r.total_high[i]);
    }
    cr_expect_float_eq(r.variance, V, 0.03 * V, "V = %g, analytic %g", r.variance, V);
    bilim_sobol_result_clear(&r);
}

Test(sobol, g_function_against_its_analytic_indices)
{
    /* V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V,
     * ST_i = V_i prod_{j != i} (1 + V_j) / V (Saltelli et al. 2010, 3). */
    double Vi[6], prod = 1;
    for (int i = 0; i < 6; i++) {
        Vi[i] = 1.0 / (3.0 * (1 + g_a[i]) * (1 + g_a[i]));
        prod *= 1 + Vi[i];
    }
    const double V = prod - 1;
    bilim_sobol_result r;
    sobol_of(gfun, 4096, 6, 0, 11, &r);
    for (int i = 0; i < 6; i++) {
        double s = Vi[i] / V, t = Vi[i] * prod / (1 + Vi[i]) / V;
        cr_log_info("g N 4096: S%d %.4f (%.4f), ST%d %.4f (%.4f)", i + 1, r.first[i], s, i + 1,
                    r.total[i], t);
        cr_expect_float_eq(r.first[i], s, 0.02, "S%d = %g, analytic %g", i + 1, r.first[i], s);
        cr_expect_float_eq(r.total[i], t, 0.02, "ST%d = %g, analytic %g", i + 1, r.total[i], t);
        cr_expect(isnan(r.first_low[i]), "no resamples: no interval");
    }
    bilim_sobol_result_clear(&r);
}

Test(sobol, ishigami_against_salib_published_table)
{
    /* SALib's documented example (Herman & Usher 2017, SALib "Basics":
     * saltelli.sample of the Ishigami problem with N = 1000, sobol.analyze
     * with 95% confidence), as printed at
     * https://cocalc.com/share/public_paths/88256bc40ae5a010359de34833302adc5323476d
     * (the README example of salib.readthedocs.io):
     *   x1  S1 0.307975 +- 0.063927  ST 0.560137 +- 0.085162
     *   x2  S1 0.447767 +- 0.054012  ST 0.438722 +- 0.041973
     *   x3  S1 -0.004255 +- 0.053252 ST 0.242845 +- 0.026515
     * Our design (other sequence points and shift) at the same N must agree
     * with each published value within its published half-width, and our
     * own intervals be of the same size (within a factor of 2). */
    const double s1[3] = {0.307975, 0.447767, -0.004255}, s1c[3] = {0.063927, 0.054012, 0.053252};
    const double st[3] = {0.560137, 0.438722, 0.242845}, stc[3] = {0.085162, 0.041973, 0.026515};
    bilim_sobol_result r;
    sobol_of(ishigami, 1000, 3, 1000, 3, &r);
    for (int i = 0; i < 3; i++) {
        cr_log_info("Ishigami N 1000: S%d %.4f [%.4f, %.4f], ST%d %.4f [%.4f, %.4f]", i + 1,
                    r.first[i], r.first_low[i], r.first_high[i], i + 1, r.total[i],
                    r.total_low[i], r.total_high[i]);
        cr_expect(fabs(r.first[i] - s1[i]) <= s1c[i], "S%d = %g, SALib %g +- %g", i + 1,
                  r.first[i], s1[i], s1c[i]);
        cr_expect(fabs(r.total[i] - st[i]) <= stc[i], "ST%d = %g, SALib %g +- %g", i + 1,
                  r.total[i], st[i], stc[i]);
        double h1 = (r.first_high[i] - r.first_low[i]) / 2, ht = (r.total_high[i] - r.total_low[i]) / 2;
        cr_expect(h1 > s1c[i] / 2 && h1 < s1c[i] * 2, "S%d half-width %g, SALib %g", i + 1, h1,
                  s1c[i]);
        cr_expect(ht > stc[i] / 2 && ht < stc[i] * 2, "ST%d half-width %g, SALib %g", i + 1, ht,
                  stc[i]);
    }
    bilim_sobol_result_clear(&r);
}

Test(sobol, design_layout_and_reproducibility)
{
    const int32_t N = 8, k = 3;
    size_t n = bilim_sobol_rows(N, k);
    cr_assert_eq(n, (size_t)40);
    double u[40 * 3], v[40 * 3];
    bilim_error err;
    cr_assert_eq(bilim_sobol_sample(N, k, 5, u, &err), 0);
    cr_assert_eq(bilim_sobol_sample(N, k, 5, v, &err), 0);
    cr_expect_eq(memcmp(u, v, sizeof u), 0, "same seed, same design");
    for (int32_t j = 0; j < N; j++) {
        const double *A = u + (size_t)j * 5 * 3, *B = A + 3;
        for (int i = 0; i < 3; i++) {
            const double *AB = A + (2 + i) * 3;
            for (int c = 0; c < 3; c++)
                cr_expect_eq(AB[c], c == i ? B[c] : A[c], "row %d A_B^(%d) column %d", j, i, c);
            cr_expect(A[i] > 0 && A[i] < 1 && B[i] > 0 && B[i] < 1);
        }
    }
    cr_assert_eq(bilim_sobol_sample(N, k, 6, v, &err), 0);
    cr_expect_neq(memcmp(u, v, sizeof u), 0, "another seed, another shift");
}

Test(sobol, errors)
{
    double u[4], y[64];
    bilim_error err;
    cr_expect_eq(bilim_sobol_sample(4, 21, 1, u, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "1 to 20 inputs") && strstr(err.msg, "Morris"), "%s", err.msg);
    cr_expect_eq(bilim_sobol_sample(1, 2, 1, u, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "at least 2 base rows"), "%s", err.msg);
    bilim_sobol_result r;
    cr_assert_eq(bilim_sobol_result_init(&r, 2, &err), 0);
    for (int i = 0; i < 16; i++)
        y[i] = i;
    y[9] = NAN;
    cr_expect_eq(bilim_sobol_analyse(y, 4, 2, 10, 0.95, 1, &r, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "run 9"), "%s", err.msg);
    for (int i = 0; i < 16; i++)
        y[i] = 2.5;
    cr_expect_eq(bilim_sobol_analyse(y, 4, 2, 10, 0.95, 1, &r, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "does not vary"), "%s", err.msg);
    cr_expect_eq(bilim_sobol_analyse(y, 4, 3, 10, 0.95, 1, &r, &err), BILIM_EINVAL, "k mismatch");
    bilim_sobol_result_clear(&r);
}

/* --- Morris ------------------------------------------------------------------ */

static void morris_of(model_fn f, int32_t r, int32_t k, int32_t p, uint64_t seed,
                      bilim_morris_result *m)
{
    size_t n = bilim_morris_rows(r, k);
    double *u = bilim_malloc(n * (size_t)k * sizeof *u), *y = bilim_malloc(n * sizeof *y);
    cr_assert(u && y);
    bilim_error err;
    cr_assert_eq(bilim_morris_sample(r, k, p, seed, u, &err), 0, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        y[i] = f(u + i * (size_t)k);
    cr_assert_eq(bilim_morris_result_init(m, k, &err), 0);
    cr_assert_eq(bilim_morris_analyse(u, y, r, k, m, &err), 0, "%s", err.msg);
    bilim_free(u);
    bilim_free(y);
}

static const double lin_c[5] = {3, -2, 0.5, 0, 10};
static double linear(const double *u)
{
    double s = 1.0;
    for (int i = 0; i < 5; i++)
        s += lin_c[i] * u[i];
    return s;
}

Test(morris, linear_function_effects_are_its_coefficients)
{
    bilim_morris_result m;
    morris_of(linear, 10, 5, 4, 3, &m);
    for (int i = 0; i < 5; i++) {
        cr_expect_float_eq(m.mu[i], lin_c[i], 1e-12, "mu%d = %g", i, m.mu[i]);
        cr_expect_float_eq(m.mu_star[i], fabs(lin_c[i]), 1e-12, "mu*%d = %g", i, m.mu_star[i]);
        cr_expect_float_eq(m.sigma[i], 0.0, 1e-12, "sigma%d = %g", i, m.sigma[i]);
    }
    bilim_morris_result_clear(&m);
}

Test(morris, trajectories_move_one_input_at_a_time_on_the_grid)
{
    enum { R = 20, K = 4, P = 6 };
    double u[R * (K + 1) * K];
    bilim_error err;
    cr_assert_eq(bilim_morris_sample(R, K, P, 9, u, &err), 0);
    int moved[K] = {0};
    for (int t = 0; t < R; t++)
        for (int s = 0; s < K; s++) {
            const double *a = u + (size_t)(t * (K + 1) + s) * K, *b = a + K;
            int changed = 0;
            for (int i = 0; i < K; i++)
                if (a[i] != b[i]) {
                    changed++;
                    moved[i]++;
                    cr_expect_float_eq(fabs(b[i] - a[i]), 0.5, 1e-15, "Delta = p / (2 (p - 1)) "
                                       "of the grid = 1/2");
                }
            cr_expect_eq(changed, 1, "trajectory %d step %d", t, s);
            for (int i = 0; i < K; i++) {
                double l = a[i] * P - 0.5;
                cr_expect_float_eq(l, round(l), 1e-9, "on the grid of stratum midpoints");
            }
        }
    for (int i = 0; i < K; i++)
        cr_expect_eq(moved[i], R, "each input moves once per trajectory");
}

Test(morris, g_function_ranking)
{
    /* The smaller a_i, the more important x_i (Saltelli et al. 2010, 3). */
    bilim_morris_result m;
    morris_of(gfun, 50, 6, 4, 21, &m);
    for (int i = 0; i < 3; i++)
        cr_expect_gt(m.mu_star[i], m.mu_star[i + 1], "mu*%d = %g, mu*%d = %g", i, m.mu_star[i],
                     i + 1, m.mu_star[i + 1]);
    cr_expect_lt(m.mu_star[4], 0.05 * m.mu_star[0], "a = 99 hardly matters");
    cr_expect_gt(m.sigma[0], 0.0, "x1 interacts (non-linear, multiplicative)");
    bilim_morris_result_clear(&m);
}

Test(morris, errors)
{
    double u[64], y[16];
    bilim_error err;
    cr_expect_eq(bilim_morris_sample(4, 2, 3, 1, u, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "even number of levels"), "%s", err.msg);
    cr_expect_eq(bilim_morris_sample(1, 2, 4, 1, u, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "at least 2 trajectories"), "%s", err.msg);
    cr_expect_eq(bilim_morris_sample(4, 0, 4, 1, u, &err), BILIM_EINVAL);
    cr_assert_eq(bilim_morris_sample(2, 2, 4, 1, u, &err), 0);
    bilim_morris_result m;
    cr_assert_eq(bilim_morris_result_init(&m, 2, &err), 0);
    for (int i = 0; i < 6; i++)
        y[i] = i;
    memcpy(u + 2 * 2, u + 1 * 2, 2 * sizeof *u); /* row 2 no longer differs from row 1 */
    cr_expect_eq(bilim_morris_analyse(u, y, 2, 2, &m, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "rows 1 and 2"), "%s", err.msg);
    cr_assert_eq(bilim_morris_sample(2, 2, 4, 1, u, &err), 0);
    y[4] = INFINITY;
    cr_expect_eq(bilim_morris_analyse(u, y, 2, 2, &m, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "run 4"), "%s", err.msg);
    bilim_morris_result_clear(&m);
}
