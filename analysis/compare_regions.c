/* analysis/compare_regions.c: the effect on routine use by region
 * (compare.h), when every scenario recorded per-region series
 * (outputs.by_region). The same statistic as the headline, restricted to
 * one region's teachers: the share in routine use at the horizon, mean over
 * innovations, paired by replicate against the baseline with a t interval. */
#include "analysis/compare.h"
#include "analysis/compare_internal.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"

static int recorded_everywhere(const bilim_run_result *runs, int32_t n)
{
    for (int32_t s = 0; s < n; s++)
        if (!runs[s].layout.metrics[BILIM_M_ADOPTION_ROUTINE_BY_REGION].present)
            return 0;
    return runs[0].scenario.population.n_regions > 0;
}

/* Replicate r's share in routine use in region g at the horizon, mean over
 * innovations. */
static double region_share(const bilim_run_result *run, int32_t r, int32_t g, int32_t n_innov)
{
    const bilim_metric *m = &run->layout.metrics[BILIM_M_ADOPTION_ROUTINE_BY_REGION];
    const double *rec = bilim_run_record(run, r, run->months) + m->offset;
    size_t G = (size_t)m->dims[1];
    double s = 0.0;
    for (int32_t j = 0; j < n_innov; j++)
        s += rec[(size_t)j * G + (size_t)g];
    return s / n_innov;
}

int bilim__compare_regions(bilim_comparison *c, const bilim_run_result *runs)
{
    c->n_regions = 0;
    if (!recorded_everywhere(runs, c->n_scenarios))
        return 0;
    size_t G = (size_t)runs[0].scenario.population.n_regions, S = (size_t)c->n_scenarios;
    size_t R = (size_t)c->replicates;
    c->region_names = bilim_calloc(G, sizeof *c->region_names);
    c->region_level = bilim_calloc(S * G, sizeof *c->region_level);
    c->region_effect = bilim_calloc((S - 1) * G * BILIM_N_DIFF_STATS, sizeof *c->region_effect);
    double *v = bilim_malloc(S * R * sizeof *v);
    if (!c->region_names || !c->region_level || !c->region_effect || !v) {
        bilim_free(v);
        return -1;
    }
    c->n_regions = (int32_t)G;
    for (size_t g = 0; g < G; g++) {
        memcpy(c->region_names[g], runs[0].scenario.population.regions[g].name, BILIM_NAME_MAX);
        for (size_t s = 0; s < S; s++) {
            for (size_t r = 0; r < R; r++)
                v[s * R + r] = region_share(&runs[s], (int32_t)r, (int32_t)g, c->n_innovations);
            c->region_level[s * G + g] = bilim_stats_mean(v + s * R, R);
        }
        for (size_t o = 1; o < S; o++) {
            bilim_interval iv;
            bilim_stats_paired_interval(v + o * R, v, R, c->level, &iv);
            double *out = c->region_effect + ((o - 1) * G + g) * BILIM_N_DIFF_STATS;
            out[BILIM_BAND_MEAN] = iv.mean;
            out[BILIM_BAND_LOW_CI] = iv.low;
            out[BILIM_BAND_HIGH_CI] = iv.high;
        }
    }
    bilim_free(v);
    return 0;
}
