/* base/stats.h: bilim's statistics, written once: the summaries over
 * replicates of the result file (docs/output.md) and the statistics of a
 * policy comparison (docs/compare.md) use the same functions, so the same
 * values give the same bits in both.
 *
 * Small pure functions on arrays of doubles, one value per replicate:
 * means and standard deviations, quantiles (Hyndman & Fan type 7), the
 * five-number summary of the result file, t intervals (on paired
 * differences, and Welch's unpaired interval used to show what common
 * random numbers gain), the first month a series reaches a threshold, and
 * cost-effectiveness ratios with Fieller's interval. Nothing here allocates
 * except where a scratch buffer is named; every function is thread-safe (no
 * state). Sums run in index order. NaN means "not defined" (for example an
 * interval from one replicate). */
#ifndef BILIM_STATS_H
#define BILIM_STATS_H

#include <stddef.h>
#include <stdint.h>

/* A point estimate with its confidence interval. */
typedef struct bilim_interval {
    double mean;   /* point estimate (mean, or mean difference) */
    double sd;     /* sample standard deviation (n - 1); NaN when n < 2 */
    double se;     /* standard error of the mean; NaN when n < 2 */
    double df;     /* degrees of freedom of the t quantile; NaN when n < 2 */
    double low;    /* interval bounds; NaN when n < 2 */
    double high;
    int32_t n;     /* values used */
} bilim_interval;

/* Mean of x[0..n-1] (NaN when n == 0), summed in index order; exactly the
 * common value when all are equal (so a constant cost has zero spread). */
double bilim_stats_mean(const double *x, size_t n);

/* Sample standard deviation with divisor n - 1 (two-pass); NaN when n < 2. */
double bilim_stats_sd(const double *x, size_t n);

/* The two-sided t quantile for confidence `level` (e.g. 0.95) and df degrees
 * of freedom: the q with P(|T| <= q) = level (GSL's gsl_cdf_tdist_Pinv).
 * NaN when df <= 0 or level is outside (0, 1). */
double bilim_stats_t_quantile(double level, double df);

/* The t interval of the mean of x: mean +- t(level, n - 1) * sd / sqrt(n).
 * n == 1 gives the mean with sd, se, df, low, high = NaN; zero variance gives
 * low == high == mean. */
void bilim_stats_t_interval(const double *x, size_t n, double level, bilim_interval *out);

/* The t interval of the mean paired difference a[r] - b[r] over r < n (df =
 * n - 1): the interval `bilim compare` reports. Same edge cases as above. */
void bilim_stats_paired_interval(const double *a, const double *b, size_t n, double level,
                                 bilim_interval *out);

/* Welch's interval for mean(a) - mean(b) treating a and b as independent
 * samples (Welch-Satterthwaite df). Used only to show, in the docs and the
 * CSV, how much wider intervals would be without pairing. NaN bounds when
 * na < 2 or nb < 2; zero variance in both gives low == high == mean. */
void bilim_stats_unpaired_interval(const double *a, size_t na, const double *b, size_t nb,
                                   double level, bilim_interval *out);

/* The p-quantile (p in [0, 1]) of sorted[0..n-1] by Hyndman & Fan (1996)
 * type 7 (R's and numpy's default): with h = (n - 1) p,
 *     q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 * NaN when n == 0. */
double bilim_stats_quantile_sorted(const double *sorted, size_t n, double p);

/* The type-7 p-quantile of x[0..n-1] (not sorted). scratch holds n doubles
 * (caller-owned; may equal x, which is then sorted in place). NaN when
 * n == 0 or a value is NaN. */
double bilim_stats_quantile(const double *x, size_t n, double p, double *scratch);

/* The summary over replicates of the result file, in the order of the
 * "stat" axis of /scenarios/<name>/summary/<metric>: mean, sd, and the 5%,
 * 50% and 95% quantiles (bilim_stats_mean, _sd, _quantile). A NaN among the
 * values makes all five NaN. */
#define BILIM_STATS_N_SUMMARY 5
const char *bilim_stats_summary_name(int stat);  /* "mean", "sd", "q05", "q50", "q95" */
/* x: n values (not modified); work: n doubles of scratch; out: 5 values. */
void bilim_stats_summarise(const double *x, size_t n, double *work,
                           double out[BILIM_STATS_N_SUMMARY]);

/* The first month t in 0..n_months-1 with x[t * stride] >= threshold, or -1
 * when the series never reaches it ("not reached"). */
int32_t bilim_stats_first_reaching(const double *x, size_t n_months, size_t stride,
                                   double threshold);

/* --- cost-effectiveness ---------------------------------------------------- */

typedef enum bilim_ce_status {
    BILIM_CE_OK = 0,          /* more teachers at a cost: ratio = KZT per additional teacher */
    BILIM_CE_SAVES = 1,       /* more teachers and less spending: ratio < 0 (dominant) */
    BILIM_CE_NO_EFFECT = 2,   /* mean effect exactly 0: ratio = +infinity */
    BILIM_CE_FEWER = 3        /* mean effect < 0 (fewer teachers): ratio = +infinity */
} bilim_ce_status;

/* Incremental cost per additional unit of effect, from paired replicates. */
typedef struct bilim_ce {
    double cost;      /* mean incremental cost (KZT) */
    double effect;    /* mean additional units (e.g. teachers in routine use) */
    double ratio;     /* cost / effect when effect > 0, else +INFINITY */
    double low, high; /* Fieller's interval for the ratio; NaN when n < 2 or unbounded */
    int bounded;      /* 1 when Fieller's interval is a finite interval */
    bilim_ce_status status;
    int32_t n;
} bilim_ce;

/* Cost-effectiveness of paired per-replicate differences cost[r] (KZT) and
 * effect[r] (units): ratio of the means, and Fieller's confidence interval
 * for that ratio at `level` with df = n - 1 (the set of rho with
 * (mean_c - rho mean_e)^2 <= t^2 var(c - rho e) / n). The interval is
 * bounded only when the effect's own t interval excludes zero; otherwise
 * bounded = 0 and low = high = NaN ("unbounded"). Effects <= 0 give ratio
 * +INFINITY (no additional teacher at any price) and rank last. */
void bilim_stats_cost_effectiveness(const double *cost, const double *effect, size_t n,
                                    double level, bilim_ce *out);

/* A short plain-word name for a status ("ok", "saves money", "no effect",
 * "fewer teachers"). */
const char *bilim_ce_status_name(bilim_ce_status s);

#endif
