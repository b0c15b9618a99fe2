/* formats/output_summary.c: the summary statistics over replicates written to
 * /scenarios/<name>/summary (see output_write.h for their definitions). No HDF5
 * here: pure functions of the values, in a fixed order, so the summary is as
 * reproducible as the series. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "formats/output_write.h"

const char *bilim_output_stat_name(int stat)
{
    static const char *const names[BILIM_OUTPUT_N_STATS] = {"mean", "sd", "q05", "q50", "q95"};
    return (stat >= 0 && stat < BILIM_OUTPUT_N_STATS) ? names[stat] : "unknown";
}

/* Hyndman & Fan (1996) definition 7: linear interpolation between the order
 * statistics at h = (n - 1) p. */
double bilim_output_quantile(const double *sorted, size_t n, double p)
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

void bilim_output_summarise(const double *x, size_t n, double *work,
                            double stats[BILIM_OUTPUT_N_STATS])
{
    for (int s = 0; s < BILIM_OUTPUT_N_STATS; s++)
        stats[s] = NAN;
    if (n == 0)
        return;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            return;
        sum += x[i];
    }
    double mean = sum / (double)n;
    /* Two passes: the squared deviations from the mean, not sum(x^2) - n
     * mean^2, which cancels badly for shares close to each other. */
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    stats[0] = mean;
    stats[1] = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
    memcpy(work, x, n * sizeof *work);
    qsort(work, n, sizeof *work, cmp_double);
    stats[2] = bilim_output_quantile(work, n, 0.05);
    stats[3] = bilim_output_quantile(work, n, 0.50);
    stats[4] = bilim_output_quantile(work, n, 0.95);
}
