/* analysis/psa.h: decisions under uncertainty (probabilistic sensitivity
 * analysis; docs/compare.md, "Decisions under uncertainty").
 *
 * Input: a design (sim/design.h) whose scenario 0 is the baseline and
 * scenarios 1..K-1 the options, and the record of each of its runs. The
 * unit of analysis is the draw (a design point): for draw d and option k
 * the incremental effect E_dk (additional teachers in routine use: the
 * paired difference in the routine-use share times the teachers, averaged
 * over the draw's replicates) and incremental cost C_dk (KZT) against the
 * baseline of the same draw, which ran on the same random numbers. From
 * these:
 *   - per option and metric: the mean over draws with its Monte Carlo
 *     interval, quantiles over draws (the interval over parameter
 *     uncertainty), and the variance split into parameters and simulation
 *     noise (bilim_psa_decompose);
 *   - rank probabilities by effect (bilim_psa_rank_probabilities);
 *   - net benefit NB_dk(lambda) = lambda E_dk - C_dk (baseline 0), with
 *     lambda what one more teacher in routine use is worth in KZT: the
 *     cost-effectiveness acceptability curve and the EVPI at every lambda
 *     of a grid (bilim_psa_ceac), rank probabilities by net benefit at the
 *     reference lambda;
 *   - the cost-effectiveness frontier of the mean costs and effects
 *     (bilim_psa_frontier);
 *   - EVPPI of every factor, of each group of factors and of the month-0
 *     state (the posterior particle), by regression (analysis/evppi.h);
 *   - scenario discovery: where each competitor of the top option wins
 *     (analysis/discovery.h, PRIM).
 *
 * Numbers of teachers, costs and net benefits are for the simulated
 * population; EVPI and EVPPI are also given for the whole population
 * (times population_scale, the population's schools over the simulated
 * ones, when a proportional sample was run). */
#ifndef BILIM_PSA_H
#define BILIM_PSA_H

#include <stddef.h>
#include <stdint.h>
#include "analysis/discovery.h"
#include "base/error.h"
#include "sim/design.h"

#define BILIM_PSA_NAME_MAX 96

/* --- building blocks (pure functions on arrays) ------------------------------- */

/* Each function returns 0, or -1 when out of memory (outputs then undefined). */

/* out[k * K + j]: the share of the n draws in which option k ranks j + 1
 * (rank 1 = highest value[d * K + k]). Ties go to the lower option index
 * (as the ranking of `bilim compare`). */
void bilim_psa_rank_probabilities(const double *value, size_t n, int32_t K, double *out);

/* For each lambda = wtp[w]: ceac[w * K + k], the share of draws in which
 * option k has the highest net benefit lambda effect - cost (ties: lower
 * index); evpi[w] = mean_d max_k NB_dk - max_k mean_d NB_dk; best[w] the
 * option with the highest mean net benefit (may be NULL). effect and cost
 * are [n][K], baseline included as a column of zeros when it is an option. */
int bilim_psa_ceac(const double *effect, const double *cost, size_t n, int32_t K,
                   const double *wtp, size_t n_wtp, double *ceac, double *evpi, int32_t *best);

typedef enum bilim_frontier_status {
    BILIM_FRONTIER_EFFICIENT = 0,      /* on the frontier */
    BILIM_FRONTIER_DOMINATED = 1,      /* another costs no more and achieves at least as much */
    BILIM_FRONTIER_EXTENDED = 2        /* extendedly dominated: a mix of two others does better */
} bilim_frontier_status;

const char *bilim_frontier_status_name(bilim_frontier_status s);

typedef struct bilim_frontier_row {
    double effect, cost;               /* the means given */
    bilim_frontier_status status;
    int32_t comparator;                /* efficient: the previous efficient option, -1 for the first */
    double icer;                       /* efficient: (cost - its) / (effect - its); NaN for the first */
} bilim_frontier_row;

/* The cost-effectiveness frontier of n options with mean effect[k] and
 * cost[k] (include the baseline, (0, 0)): strongly dominated options
 * first, then extendedly dominated ones (an ICER higher than the next
 * efficient option's), the rest efficient with ICERs increasing along the
 * frontier. out[k] in input order. Ties in cost and effect: the lower
 * index is kept. */
int bilim_psa_frontier(const double *effect, const double *cost, int32_t n,
                       bilim_frontier_row *out);

/* One-way random-effects decomposition of values x[i] in groups g[i]
 * (0..n_groups-1; a draw's replicates): the group means' sample variance
 * (total), the pooled within-group variance of one value (noise, from
 * groups of two or more; NaN without any) and parameter = max(0, total -
 * mean over groups of noise / size). */
typedef struct bilim_psa_variance {
    double total;
    double noise;
    double noise_of_means;   /* mean over groups of noise / group size */
    double parameter;
    int32_t noise_df;
} bilim_psa_variance;

int bilim_psa_decompose(const double *x, const int32_t *g, size_t n, int32_t n_groups,
                        bilim_psa_variance *out);

/* --- the whole analysis ---------------------------------------------------------- */

/* Metrics summarised per option (rows of /comparison/uncertainty/effects). */
typedef enum bilim_psa_metric {
    BILIM_PSA_ROUTINE = 0,        /* change in the routine-use share (mean over innovations) */
    BILIM_PSA_ROUTINE_URBAN,
    BILIM_PSA_ROUTINE_RURAL,
    BILIM_PSA_TEACHERS,           /* additional teachers in routine use */
    BILIM_PSA_COST,               /* incremental cost, KZT */
    BILIM_PSA_NET_BENEFIT,        /* at the reference lambda, KZT */
    BILIM_PSA_N_METRICS
} bilim_psa_metric;

typedef enum bilim_psa_stat {
    BILIM_PSA_MEAN = 0,           /* mean over draws */
    BILIM_PSA_MC_SE,              /* its Monte Carlo standard error */
    BILIM_PSA_CI_LOW,             /* 95% t interval of the mean (Monte Carlo error only) */
    BILIM_PSA_CI_HIGH,
    BILIM_PSA_SD,                 /* sd of the draw means */
    BILIM_PSA_SD_PARAMETER,       /* the part due to the parameters */
    BILIM_PSA_SD_NOISE,           /* simulation noise of one run (sd between replicates) */
    BILIM_PSA_NOISE_SHARE,        /* share of the draws' variance due to noise */
    BILIM_PSA_Q025,               /* quantiles over draws: the 95% interval over uncertainty */
    BILIM_PSA_Q50,
    BILIM_PSA_Q975,
    BILIM_PSA_Q025_PARAMETER,     /* the same with the noise taken out (approximate) */
    BILIM_PSA_Q975_PARAMETER,
    BILIM_PSA_P_POSITIVE,         /* share of draws above zero */
    BILIM_PSA_N_STATS
} bilim_psa_stat;

const char *bilim_psa_metric_name(bilim_psa_metric m);
const char *bilim_psa_metric_unit(bilim_psa_metric m);
const char *bilim_psa_stat_name(bilim_psa_stat s);

typedef struct bilim_psa_settings {
    double wtp_ref;               /* KZT per additional teacher in routine use, > 0 */
    const double *wtp;            /* grid, increasing; NULL: bilim_psa_default_wtp */
    size_t n_wtp;
    double population_scale;      /* >= 1: whole population / simulated */
    double level;                 /* 0.95 */
    int evppi;                    /* 1: compute EVPPI */
    double discovery_min_p_best;  /* scenario discovery for options first more often (0.10) */
} bilim_psa_settings;

/* Fills s with: wtp_ref 5,011,200 KZT (a year of the average teacher
 * salary, 12 x 417,600: a convention, not a valuation), the default grid,
 * scale 1, level 0.95, EVPPI on, discovery for options ranked first in
 * more than 10% of draws. */
void bilim_psa_settings_defaults(bilim_psa_settings *s);

/* The default grid: 0, then 10^4 to 10^10 KZT with 10 values a decade,
 * rounded to three significant digits (62 values). */
#define BILIM_PSA_DEFAULT_N_WTP 62
void bilim_psa_default_wtp(double *wtp);

/* One EVPPI result: a factor, a group of factors, the month-0 state or the
 * null reference. */
typedef struct bilim_psa_evppi_item {
    char name[BILIM_PSA_NAME_MAX];
    char kind[16];                /* "parameter", "group", "posterior", "reference" */
    int n_columns;
    double value;                 /* at wtp_ref, whole population, KZT */
    double value_sample;          /* at wtp_ref, simulated population */
    char note[160];               /* why it is missing, or "" */
} bilim_psa_evppi_item;

typedef struct bilim_psa_result {
    int32_t n_scenarios;                  /* baseline + options */
    char (*names)[BILIM_NAME_MAX];        /* [n_scenarios] */
    int32_t n_draws;
    int32_t n_options;                    /* n_scenarios - 1 */
    bilim_psa_settings settings;          /* as used (wtp points into this struct) */
    /* per draw: [draw][scenario], scenario 0 the baseline (zeros) */
    double *effect;                       /* additional teachers in routine use */
    double *cost;                         /* incremental KZT */
    double *share;                        /* change in routine-use share */
    double *summary;                      /* [option - 1][metric][stat] */
    double *rank_probability;             /* [option - 1][rank]: by effect, options only */
    double *rank_probability_nb;          /* [scenario][rank]: by net benefit at wtp_ref */
    size_t n_wtp;
    double *wtp;                          /* [n_wtp] */
    double *ceac;                         /* [n_wtp][scenario] */
    double *evpi;                         /* [n_wtp], whole population KZT */
    int32_t *best;                        /* [n_wtp]: highest expected net benefit */
    double evpi_ref;                      /* at wtp_ref, whole population KZT */
    bilim_frontier_row *frontier;         /* [scenario] */
    size_t n_evppi;
    bilim_psa_evppi_item *evppi;          /* [n_evppi] */
    double *evppi_wtp;                    /* [n_evppi][n_wtp], whole population KZT */
    double teachers_mean;                 /* teachers simulated, mean over baseline runs */
    double noise_df;                      /* within-draw degrees of freedom */
    bilim_discovery discovery;            /* where each competitor wins (analysis/discovery.h) */
} bilim_psa_result;

/* Computes everything above from d and records[d->n_runs]. Errors:
 * BILIM_EINVAL (fewer than 2 scenarios or 2 draws, a run missing, a
 * non-finite output), BILIM_ENOMEM. EVPPI items that cannot be estimated
 * (too few draws for a group) carry NaN and a note instead of failing. */
int bilim_psa_compute(const bilim_design *d, const bilim_design_record *records,
                      const bilim_psa_settings *s, bilim_psa_result *out, bilim_error *err);

void bilim_psa_result_clear(bilim_psa_result *r);

/* Element access. */
double bilim_psa_summary(const bilim_psa_result *r, int32_t option, bilim_psa_metric m,
                         bilim_psa_stat s);

#endif
