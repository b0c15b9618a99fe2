/* tests/test_stats.c: base/stats against hand-computed values. The t
 * quantiles are the textbook ones (t(0.975; 2) = 4.302653, t(0.975; 4) =
 * 2.776445), written out so the test does not trust the code it checks.
 * And the point of one statistics module: the result file's summary and the
 * comparison's summary of the same values are the same bits. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "base/stats.h"
#include "formats/output_write.h"
#include "sim/runner.h"

#define T975_DF2 4.302652729911275
#define T975_DF4 2.7764451051977987
#define T975_DF9 2.2621571627409915

static void near(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

Test(stats, mean_and_sd)
{
    const double x[] = {1, 2, 3, 4};
    near(bilim_stats_mean(x, 4), 2.5, 0, "mean");
    near(bilim_stats_sd(x, 4), sqrt(5.0 / 3.0), 1e-15, "sd");
    cr_assert(isnan(bilim_stats_mean(x, 0)));
    cr_assert(isnan(bilim_stats_sd(x, 1)));
}

Test(stats, t_quantiles_are_the_tables)
{
    near(bilim_stats_t_quantile(0.95, 2), T975_DF2, 1e-9, "df 2"); /* GSL: ~1e-11 relative */
    near(bilim_stats_t_quantile(0.95, 4), T975_DF4, 1e-9, "df 4");
    near(bilim_stats_t_quantile(0.95, 9), T975_DF9, 1e-9, "df 9");
    cr_assert(isnan(bilim_stats_t_quantile(0.95, 0)));
    cr_assert(isnan(bilim_stats_t_quantile(1.0, 5)));
}

Test(stats, t_interval_of_one_two_three)
{
    const double x[] = {1, 2, 3};
    bilim_interval iv;
    bilim_stats_t_interval(x, 3, 0.95, &iv);
    double half = T975_DF2 * 1.0 / sqrt(3.0);
    near(iv.mean, 2, 0, "mean");
    near(iv.sd, 1, 1e-15, "sd");
    near(iv.df, 2, 0, "df");
    near(iv.low, 2 - half, 1e-9, "low");
    near(iv.high, 2 + half, 1e-9, "high");
    cr_assert_eq(iv.n, 3);
}

/* Option and baseline share in five replicates: differences 0.10, 0.09,
 * 0.11, 0.09, 0.11 (mean 0.10, sd 0.01). */
static const double opt5[] = {0.30, 0.32, 0.35, 0.31, 0.33};
static const double base5[] = {0.20, 0.23, 0.24, 0.22, 0.22};

Test(stats, paired_interval_by_hand)
{
    bilim_interval iv;
    bilim_stats_paired_interval(opt5, base5, 5, 0.95, &iv);
    double se = 0.01 / sqrt(5.0);
    near(iv.mean, 0.10, 1e-15, "mean diff");
    near(iv.sd, 0.01, 1e-14, "sd of differences");
    near(iv.se, se, 1e-14, "se");
    near(iv.df, 4, 0, "df");
    near(iv.low, 0.10 - T975_DF4 * se, 1e-11, "low");
    near(iv.high, 0.10 + T975_DF4 * se, 1e-11, "high");
}

Test(stats, unpaired_welch_by_hand_is_wider)
{
    /* var(opt) = 0.00148 / 4 = 0.00037, var(base) = 0.00088 / 4 = 0.00022;
     * se^2 = 0.000074 + 0.000044 = 0.000118;
     * df = 0.000118^2 / ((0.000074^2 + 0.000044^2) / 4) = 7.5143... */
    bilim_interval un, pa;
    bilim_stats_unpaired_interval(opt5, 5, base5, 5, 0.95, &un);
    bilim_stats_paired_interval(opt5, base5, 5, 0.95, &pa);
    double se = sqrt(0.000118);
    double df = 0.000118 * 0.000118 / ((0.000074 * 0.000074 + 0.000044 * 0.000044) / 4);
    near(un.mean, 0.10, 1e-15, "mean diff");
    near(un.se, se, 1e-14, "se");
    near(un.df, df, 1e-9, "Welch df");
    near(df, 7.5143, 1e-4, "hand df");
    double half = bilim_stats_t_quantile(0.95, df) * se;
    near(un.low, 0.10 - half, 1e-13, "low");
    /* t(0.975; 7.51) lies between the tables' 2.365 (df 7) and 2.306 (df 8). */
    cr_assert(half / se > 2.306 && half / se < 2.365);
    double wp = pa.high - pa.low, wu = un.high - un.low;
    cr_assert(wp < wu / 2, "paired %g should be half as wide as unpaired %g", wp, wu);
}

Test(stats, one_replicate_has_no_interval)
{
    const double a[] = {0.4}, b[] = {0.3};
    bilim_interval iv;
    bilim_stats_paired_interval(a, b, 1, 0.95, &iv);
    near(iv.mean, 0.1, 1e-15, "mean");
    cr_assert(isnan(iv.low) && isnan(iv.high) && isnan(iv.sd) && isnan(iv.df));
    bilim_stats_unpaired_interval(a, 1, b, 1, 0.95, &iv);
    cr_assert(isnan(iv.low) && isnan(iv.high));
    bilim_stats_t_interval(a, 1, 0.95, &iv);
    cr_assert(isnan(iv.low));
}

Test(stats, zero_variance_collapses_the_interval)
{
    const double a[] = {0.5, 0.75, 1.0}, b[] = {0.25, 0.5, 0.75}; /* exact in binary */
    bilim_interval iv;
    bilim_stats_paired_interval(a, b, 3, 0.95, &iv);
    near(iv.sd, 0, 1e-15, "sd");
    cr_assert_eq(iv.low, iv.mean);
    cr_assert_eq(iv.high, iv.mean);
    const double c[] = {2, 2, 2}, d[] = {1, 1, 1};
    bilim_stats_unpaired_interval(c, 3, d, 3, 0.95, &iv);
    cr_assert_eq(iv.low, 1.0);
    cr_assert_eq(iv.high, 1.0);
}

Test(stats, quantiles_type_7)
{
    const double x[] = {5, 1, 4, 2, 3};
    double s[5];
    near(bilim_stats_quantile(x, 5, 0.05, s), 1.2, 1e-15, "q05");
    near(bilim_stats_quantile(x, 5, 0.5, s), 3, 0, "median");
    near(bilim_stats_quantile(x, 5, 0.95, s), 4.8, 1e-15, "q95");
    near(bilim_stats_quantile(x, 5, 0, s), 1, 0, "min");
    near(bilim_stats_quantile(x, 5, 1, s), 5, 0, "max");
    cr_assert_eq(x[0], 5, "input untouched");
    const double one[] = {7};
    near(bilim_stats_quantile(one, 1, 0.05, s), 7, 0, "single value");
    cr_assert(isnan(bilim_stats_quantile(x, 0, 0.5, s)));
}

Test(stats, time_to_threshold)
{
    const double x[] = {0.10, 0.20, 0.25, 0.30, 0.28};
    cr_assert_eq(bilim_stats_first_reaching(x, 5, 1, 0.25), 2, "exactly at threshold counts");
    cr_assert_eq(bilim_stats_first_reaching(x, 5, 1, 0.26), 3);
    cr_assert_eq(bilim_stats_first_reaching(x, 5, 1, 0.50), -1, "not reached");
    cr_assert_eq(bilim_stats_first_reaching(x, 5, 1, 0.05), 0);
    /* Interleaved records: stride 2 reads 0.10, 0.25, 0.28. */
    cr_assert_eq(bilim_stats_first_reaching(x, 3, 2, 0.21), 1);
}

Test(stats, cost_effectiveness_constant_cost)
{
    /* Cost 100 KZT in every replicate, effects 2, 2.1, 1.9 (mean 2, sd 0.1):
     * with no cost variance Fieller's interval is 100 / (2 -+ t se). */
    const double c[] = {100, 100, 100}, e[] = {2, 2.1, 1.9};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(c, e, 3, 0.95, &ce);
    double se = 0.1 / sqrt(3.0);
    cr_assert_eq(ce.status, BILIM_CE_OK);
    near(ce.ratio, 50, 1e-12, "ratio");
    cr_assert(ce.bounded);
    near(ce.low, 100 / (2 + T975_DF2 * se), 1e-9, "low");
    near(ce.high, 100 / (2 - T975_DF2 * se), 1e-9, "high");
    near(ce.low, 44.4758, 1e-3, "low by hand");
    near(ce.high, 57.0911, 1e-3, "high by hand");
}

Test(stats, cost_effectiveness_proportional_is_exact)
{
    /* cost = 10 x effect in every replicate: every replicate says 10 KZT per
     * unit, so the interval is the point 10. */
    const double c[] = {10, 12, 14}, e[] = {1, 1.2, 1.4};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(c, e, 3, 0.95, &ce);
    near(ce.ratio, 10, 1e-12, "ratio");
    cr_assert(ce.bounded);
    near(ce.low, 10, 1e-6, "low");
    near(ce.high, 10, 1e-6, "high");
}

Test(stats, cost_effectiveness_zero_effect_is_infinite)
{
    const double c[] = {100, 100, 100}, e[] = {0, 0, 0};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(c, e, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_NO_EFFECT);
    cr_assert(isinf(ce.ratio) && ce.ratio > 0);
    cr_assert(!ce.bounded && isnan(ce.low) && isnan(ce.high));
    cr_assert_str_eq(bilim_ce_status_name(ce.status), "no effect");
    /* Zero effect at zero cost too: still no additional teacher. */
    const double z[] = {0, 0, 0};
    bilim_stats_cost_effectiveness(z, e, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_NO_EFFECT);
    cr_assert(isinf(ce.ratio));
}

Test(stats, cost_effectiveness_negative_effect)
{
    const double c[] = {100, 100, 100}, e[] = {-1, -1.1, -0.9};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(c, e, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_FEWER);
    cr_assert(isinf(ce.ratio));
}

Test(stats, cost_effectiveness_free_and_saving)
{
    const double zero[] = {0, 0, 0}, e[] = {2, 2.1, 1.9};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(zero, e, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_OK);
    cr_assert_eq(ce.ratio, 0.0);
    cr_assert(ce.bounded);
    near(ce.low, 0, 1e-12, "low");
    near(ce.high, 0, 1e-12, "high");
    const double save[] = {-10, -10, -10}, one[] = {1, 1, 1};
    bilim_stats_cost_effectiveness(save, one, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_SAVES);
    near(ce.ratio, -10, 0, "ratio");
    near(ce.low, -10, 1e-9, "low");
    near(ce.high, -10, 1e-9, "high");
}

Test(stats, cost_effectiveness_unbounded_when_effect_is_noise)
{
    /* Effects 1, -0.5, 2: mean 0.83 > 0 but its interval includes 0. */
    const double c[] = {100, 100, 100}, e[] = {1, -0.5, 2};
    bilim_ce ce;
    bilim_stats_cost_effectiveness(c, e, 3, 0.95, &ce);
    cr_assert_eq(ce.status, BILIM_CE_OK);
    near(ce.ratio, 120, 1e-12, "ratio");
    cr_assert(!ce.bounded);
    cr_assert(isnan(ce.low) && isnan(ce.high));
    /* One replicate: a ratio, no interval. */
    bilim_stats_cost_effectiveness(c, e, 1, 0.95, &ce);
    near(ce.ratio, 100, 0, "ratio");
    cr_assert(!ce.bounded && isnan(ce.low));
}

/* --- one implementation: result file and comparison agree bit for bit -------- */

static void run_named(const char *name, bilim_run_result *out)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    snprintf(sc.name, sizeof sc.name, "%s", name);
    sc.seed = 11;
    sc.replicates = 7;  /* (n - 1) p is fractional for 5% and 95%: interpolation */
    sc.months = 4;
    bilim_error err;
    bilim_population small;
    cr_assert_eq(bilim_population_sample(&sc.population, 120, &small, &err), 0, "%s", err.msg);
    sc.population = small;
    bilim_run_options opt = {2, NULL, NULL, NULL, NULL, 0};
    cr_assert_eq(bilim_run_scenario(&sc, &opt, out, &err), 0, "%s", err.msg);
}

/* summary/<metric> of scenario `name` in file path: [stat][month][k]. */
static double *read_summary(const char *path, const char *name, const char *metric,
                            size_t n)
{
    char obj[256];
    snprintf(obj, sizeof obj, "/scenarios/%s/summary/%s", name, metric);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    cr_assert_geq(d, 0, "%s", obj);
    hid_t sp = H5Dget_space(d);
    cr_assert_eq((size_t)H5Sget_simple_extent_npoints(sp), n, "%s", obj);
    double *v = malloc(n * sizeof *v);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
    return v;
}

static void same_bits(double a, double b, const char *what, int t, int k)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s, month %d, element %d: file %.17g, comparison %.17g",
              what, t, k, a, b);
}

Test(stats_once, result_file_summary_is_the_comparison_summary, .timeout = 120)
{
    bilim_run_result runs[2];
    run_named("base", &runs[0]);
    run_named("same", &runs[1]);
    char path[] = "/tmp/bilim-test-stats-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    bilim_error err;
    bilim_output *o = NULL;
    cr_assert_eq(bilim_output_create(path, &o, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_write_run(o, &runs[0], "{}", &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_commit(o, &err), 0, "%s", err.msg);
    bilim_comparison c;
    cr_assert_eq(bilim_compare_compute(runs, 2, &c, &err), 0, "%s", err.msg);

    /* The comparison's band and barrier shares are the metrics' elements. */
    const struct {
        const char *metric;
        int n;
        bilim_quantity first;
    } pairs[] = {{"readiness_band_share", BILIM_N_BANDS, BILIM_Q_BAND_LOW},
                 {"barrier_prevalence", BILIM_N_BARRIERS, BILIM_Q_BARRIER_KNOWLEDGE}};
    const int months = runs[0].months + 1;
    /* stat axis of the file (mean, sd, q05, q50, q95) against the comparison's. */
    const int file_stat[] = {0, 2, 3, 4};
    const int cmp_stat[] = {BILIM_STAT_MEAN, BILIM_STAT_Q05, BILIM_STAT_Q50, BILIM_STAT_Q95};
    int interpolated = 0;
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        size_t n = (size_t)BILIM_STATS_N_SUMMARY * (size_t)months * (size_t)pairs[p].n;
        double *v = read_summary(path, "base", pairs[p].metric, n);
        for (int t = 0; t < months; t++)
            for (int k = 0; k < pairs[p].n; k++) {
                const double *cs =
                    bilim_compare_summary(&c, 0, (bilim_quantity)(pairs[p].first + k), t);
                for (int s = 0; s < 4; s++)
                    same_bits(v[((size_t)file_stat[s] * months + t) * pairs[p].n + k],
                              cs[cmp_stat[s]], pairs[p].metric, t, k);
                interpolated += cs[BILIM_STAT_Q05] != cs[BILIM_STAT_Q50];
            }
        free(v);
    }
    cr_assert_gt(interpolated, 10, "the data must spread, or the quantiles test nothing");
    bilim_comparison_clear(&c);
    bilim_run_result_clear(&runs[0]);
    bilim_run_result_clear(&runs[1]);
    unlink(path);
}

Test(stats, summary_of_equal_values_is_exact)
{
    /* The summary and the comparison share the rule for a constant: its mean
     * is the value itself and its spread exactly 0 (a sum of 0.1s divided by
     * their count is not 0.1 in binary). */
    const double x[] = {0.1, 0.1, 0.1};
    double work[3], st[BILIM_STATS_N_SUMMARY];
    bilim_stats_summarise(x, 3, work, st);
    cr_assert_eq(st[0], 0.1);
    cr_assert_eq(st[1], 0.0);
    cr_assert_eq(st[2], 0.1);
    cr_assert_eq(st[4], 0.1);
    cr_assert_eq(bilim_stats_mean(x, 3), st[0]);
    double nan_in[] = {1.0, NAN, 2.0};
    cr_assert(isnan(bilim_stats_quantile(nan_in, 3, 0.5, work)), "NaN in, NaN out");
}
