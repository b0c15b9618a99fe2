/* base/stats.c: see stats.h. Sums run in index order so results do not
 * depend on anything but the inputs. */
#include "base/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "base/init.h"

static int all_equal(const double *x, size_t n);

double bilim_stats_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    if (all_equal(x, n))
        return x[0];
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

/* 1 when all n values are equal: their mean is then that value and their
 * spread exactly 0, free of rounding (a constant cost stays constant). */
static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return 0;
    return n > 0;
}

double bilim_stats_sd(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    if (all_equal(x, n))
        return 0.0;
    double m = bilim_stats_mean(x, n), ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

double bilim_stats_t_quantile(double level, double df)
{
    bilim_init();
    if (!(df > 0.0) || !(level > 0.0 && level < 1.0))
        return NAN;
    return gsl_cdf_tdist_Pinv(0.5 + level / 2.0, df);
}

/* Fills the interval fields from mean, sd, n and df. */
static void finish_interval(double mean, double se, double sd, double df, int32_t n,
                            double level, bilim_interval *out)
{
    out->mean = mean;
    out->n = n;
    out->sd = sd;
    out->se = se;
    out->df = df;
    if (isnan(se) || isnan(df)) {
        out->low = out->high = NAN;
        return;
    }
    if (se == 0.0) { /* zero variance: the interval collapses to the mean */
        out->low = out->high = mean;
        return;
    }
    double h = bilim_stats_t_quantile(level, df) * se;
    out->low = mean - h;
    out->high = mean + h;
}

void bilim_stats_t_interval(const double *x, size_t n, double level, bilim_interval *out)
{
    double mean = bilim_stats_mean(x, n);
    double sd = bilim_stats_sd(x, n);
    double se = n >= 2 ? sd / sqrt((double)n) : NAN;
    double df = n >= 2 ? (double)(n - 1) : NAN;
    finish_interval(mean, se, sd, df, (int32_t)n, level, out);
}

void bilim_stats_paired_interval(const double *a, const double *b, size_t n, double level,
                                 bilim_interval *out)
{
    /* Two passes over the differences without a buffer. */
    double mean = NAN, sd = NAN;
    int same = n > 0;
    for (size_t i = 1; i < n && same; i++)
        same = a[i] - b[i] == a[0] - b[0];
    if (same) {
        mean = a[0] - b[0];
        sd = n >= 2 ? 0.0 : NAN;
    } else {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += a[i] - b[i];
        mean = s / (double)n;
    }
    if (n >= 2 && !same) {
        double ss = 0.0;
        for (size_t i = 0; i < n; i++) {
            double d = (a[i] - b[i]) - mean;
            ss += d * d;
        }
        sd = sqrt(ss / (double)(n - 1));
    }
    double se = n >= 2 ? sd / sqrt((double)n) : NAN;
    double df = n >= 2 ? (double)(n - 1) : NAN;
    finish_interval(mean, se, sd, df, (int32_t)n, level, out);
}

void bilim_stats_unpaired_interval(const double *a, size_t na, const double *b, size_t nb,
                                   double level, bilim_interval *out)
{
    double mean = bilim_stats_mean(a, na) - bilim_stats_mean(b, nb);
    double se = NAN, df = NAN, sd = NAN;
    if (na >= 2 && nb >= 2) {
        double va = bilim_stats_sd(a, na), vb = bilim_stats_sd(b, nb);
        va = va * va / (double)na;
        vb = vb * vb / (double)nb;
        se = sqrt(va + vb);
        /* Welch-Satterthwaite; with no variance at all any df gives a
         * zero-width interval, so use the pooled na + nb - 2. */
        if (va + vb > 0.0)
            df = (va + vb) * (va + vb) /
                 (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
        else
            df = (double)(na + nb - 2);
    }
    finish_interval(mean, se, sd, df, (int32_t)(na < nb ? na : nb), level, out);
}

double bilim_stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    double frac = h - (double)lo;
    return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int any_nan(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i]))
            return 1;
    return 0;
}

/* Sorted copy of x (x itself when scratch == x); NaN values must be absent. */
static void sort_into(const double *x, size_t n, double *scratch)
{
    if (scratch != x)
        memcpy(scratch, x, n * sizeof *scratch);
    qsort(scratch, n, sizeof *scratch, cmp_double);
}

double bilim_stats_quantile(const double *x, size_t n, double p, double *scratch)
{
    if (n == 0 || any_nan(x, n))
        return NAN;
    sort_into(x, n, scratch);
    return bilim_stats_quantile_sorted(scratch, n, p);
}

const char *bilim_stats_summary_name(int stat)
{
    static const char *const names[BILIM_STATS_N_SUMMARY] = {"mean", "sd", "q05", "q50", "q95"};
    return (stat >= 0 && stat < BILIM_STATS_N_SUMMARY) ? names[stat] : "unknown";
}

void bilim_stats_summarise(const double *x, size_t n, double *work,
                           double out[BILIM_STATS_N_SUMMARY])
{
    for (int s = 0; s < BILIM_STATS_N_SUMMARY; s++)
        out[s] = NAN;
    if (n == 0 || any_nan(x, n))
        return;
    out[0] = bilim_stats_mean(x, n);
    out[1] = bilim_stats_sd(x, n);
    sort_into(x, n, work);
    out[2] = bilim_stats_quantile_sorted(work, n, 0.05);
    out[3] = bilim_stats_quantile_sorted(work, n, 0.50);
    out[4] = bilim_stats_quantile_sorted(work, n, 0.95);
}

int32_t bilim_stats_first_reaching(const double *x, size_t n_months, size_t stride,
                                   double threshold)
{
    for (size_t t = 0; t < n_months; t++)
        if (x[t * stride] >= threshold)
            return (int32_t)t;
    return -1;
}

/* Fieller's interval for mean_c / mean_e from paired values (stats.h). */
static void fieller(const double *c, const double *e, size_t n, double level, bilim_ce *out)
{
    double mc = out->cost, me = out->effect;
    double scc = 0.0, see = 0.0, sce = 0.0;
    for (size_t i = 0; i < n; i++) {
        scc += (c[i] - mc) * (c[i] - mc);
        see += (e[i] - me) * (e[i] - me);
        sce += (c[i] - mc) * (e[i] - me);
    }
    double k = (double)(n - 1) * (double)n; /* sample covariance / n */
    double t = bilim_stats_t_quantile(level, (double)(n - 1));
    double t2 = t * t;
    double qa = me * me - t2 * see / k;
    double qb = -2.0 * (mc * me - t2 * sce / k);
    double qc = mc * mc - t2 * scc / k;
    if (!(qa > 0.0))
        return; /* the effect's own interval includes 0: unbounded */
    double disc = qb * qb - 4.0 * qa * qc;
    if (disc < 0.0)
        disc = 0.0; /* rounding: in exact arithmetic disc >= 0 when qa > 0 */
    double s = sqrt(disc);
    out->low = (-qb - s) / (2.0 * qa);
    out->high = (-qb + s) / (2.0 * qa);
    out->bounded = 1;
}

void bilim_stats_cost_effectiveness(const double *cost, const double *effect, size_t n,
                                    double level, bilim_ce *out)
{
    memset(out, 0, sizeof *out);
    out->n = (int32_t)n;
    out->cost = bilim_stats_mean(cost, n);
    out->effect = bilim_stats_mean(effect, n);
    out->low = out->high = NAN;
    if (!(out->effect > 0.0)) {
        out->ratio = INFINITY;
        out->status = out->effect < 0.0 ? BILIM_CE_FEWER : BILIM_CE_NO_EFFECT;
        return;
    }
    out->ratio = out->cost / out->effect;
    out->status = out->cost < 0.0 ? BILIM_CE_SAVES : BILIM_CE_OK;
    if (n >= 2)
        fieller(cost, effect, n, level, out);
}

const char *bilim_ce_status_name(bilim_ce_status s)
{
    switch (s) {
    case BILIM_CE_OK: return "ok";
    case BILIM_CE_SAVES: return "saves money";
    case BILIM_CE_NO_EFFECT: return "no effect";
    case BILIM_CE_FEWER: return "fewer teachers";
    default: return "unknown";
    }
}
