/* analysis/compare.h: policy options against a baseline, paired by replicate
 * (docs/compare.md).
 *
 * Input: the runs of a baseline and one or more options, all with the same
 * seed, replicates, horizon and population, so replicate r of every scenario
 * starts from the same schools, principals and teachers and draws the same
 * random numbers (common random numbers). Each statistic is computed per
 * replicate, differenced against the baseline's same replicate, and given a
 * t interval on those paired differences (df = R - 1).
 *
 * "Routine use" below is the share of teachers in routine use at the
 * horizon, averaged over the scenario's innovations (equal weight per
 * innovation). "Additional teachers in routine use" is that share's paired
 * difference times the number of teachers (replicate 0 of the baseline):
 * the number of extra teacher-innovation pairs in routine use divided by the
 * number of innovations. Cost is the option's cumulative spending at the
 * horizon minus the baseline's. KZT per additional teacher is the ratio of
 * their means (docs/compare.md). */
#ifndef BILIM_COMPARE_H
#define BILIM_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include "analysis/compare_parts.h"
#include "base/error.h"
#include "base/stats.h"
#include "formats/output_write.h"
#include "models/scenario.h"
#include "sim/runner.h"

#define BILIM_COMPARE_LEVEL 0.95
#define BILIM_METRIC_NAME_MAX 96
#define BILIM_NOTE_MAX 320

/* Series summarised per scenario and month (mean and 5/50/95% quantiles
 * across replicates). Locality ones are NaN when not recorded. */
typedef enum bilim_quantity {
    BILIM_Q_ROUTINE = 0,       /* share in routine use, mean over innovations */
    BILIM_Q_ROUTINE_URBAN,     /* the same in urban schools */
    BILIM_Q_ROUTINE_RURAL,     /* the same in rural schools */
    BILIM_Q_TRIAL,             /* share in trial use, mean over innovations */
    BILIM_Q_BAND_LOW,          /* share of principals in each readiness band */
    BILIM_Q_BAND_INTERMEDIATE,
    BILIM_Q_BAND_HIGH,
    BILIM_Q_BARRIER_KNOWLEDGE, /* share of principals reporting each barrier */
    BILIM_Q_BARRIER_MOTIVATION,
    BILIM_Q_BARRIER_MATERIAL,
    BILIM_Q_BARRIER_ORGANIZING,
    BILIM_Q_BARRIER_MANAGERIAL,
    BILIM_Q_COST,              /* KZT spent since month 0, all interventions */
    BILIM_N_QUANTITIES
} bilim_quantity;

enum { BILIM_STAT_MEAN = 0, BILIM_STAT_Q05, BILIM_STAT_Q50, BILIM_STAT_Q95, BILIM_N_STATS };
enum { BILIM_BAND_MEAN = 0, BILIM_BAND_LOW_CI, BILIM_BAND_HIGH_CI, BILIM_N_DIFF_STATS };

/* One line of the comparison: one option, one metric. */
typedef struct bilim_effect_row {
    int32_t option;                      /* scenario index (>= 1) */
    char metric[BILIM_METRIC_NAME_MAX];  /* "adoption_routine", "cost_kzt", ... */
    const char *unit;                    /* static text: "share", "KZT", "months" ... */
    double baseline_mean;                /* the baseline's mean over replicates */
    double option_mean;                  /* the option's */
    bilim_interval paired;               /* mean of option - baseline, t interval */
    bilim_interval unpaired;             /* Welch's interval, as if not paired */
    double cost_kzt;                     /* the option's mean incremental cost */
    int has_ce;                          /* 1: ce below is this row's cost-effectiveness */
    bilim_ce ce;                         /* KZT per additional teacher in routine use */
    char note[BILIM_NOTE_MAX];           /* plain words, or "" */
} bilim_effect_row;

typedef struct bilim_comparison {
    int32_t n_scenarios;                 /* baseline is scenario 0 */
    char (*names)[BILIM_NAME_MAX];       /* [n_scenarios] */
    char (*titles)[BILIM_TITLE_MAX];     /* [n_scenarios] the title, or the name when none */
    int32_t replicates;
    int32_t months;                      /* horizon: months 0..months */
    int32_t n_innovations;
    char innovations[BILIM_MAX_INNOVATIONS][BILIM_NAME_MAX];
    int32_t schools;
    double teachers;                     /* baseline, replicate 0 */
    uint64_t seed;
    int32_t start_year;                  /* calendar date of month 0 (every scenario's) */
    int32_t start_calendar_month;        /* 1-12 */
    int has_locality;                    /* urban/rural recorded in every scenario */
    double level;                        /* 0.95 */

    /* [scenario][quantity][replicate][month] per-replicate series. */
    double *series;
    /* [scenario][quantity][month][BILIM_N_STATS]. */
    double *summary;
    /* [option - 1][month][BILIM_N_DIFF_STATS]: paired difference in routine
     * use (BILIM_Q_ROUTINE), mean and t interval, each month. */
    double *diff;

    bilim_effect_row *rows;              /* options in order, metrics in a fixed order */
    size_t n_rows;

    int32_t *rank_effect;                /* [n_scenarios - 1] scenario indices, best first */
    int32_t *rank_ce;                    /* the same by KZT per additional teacher */
    double *spent_kzt;                   /* [n_scenarios] mean cumulative cost at the horizon */
    double *budget_kzt;                  /* [n_scenarios] sum of budget caps; INFINITY if any uncapped */
    int budgets_differ;                  /* options spend different amounts (> 5% apart) */
    char budget_note[1024];              /* plain words for the ranking */

    /* By region (compare_regions.c), when every scenario recorded per-region
     * series (outputs.by_region); n_regions is 0 otherwise. The share in
     * routine use at the horizon, mean over innovations, of one region's
     * teachers. */
    int32_t n_regions;
    char (*region_names)[BILIM_NAME_MAX];  /* [n_regions] */
    double *region_level;                /* [scenario][region] mean over replicates */
    double *region_effect;               /* [option - 1][region][BILIM_N_DIFF_STATS]: paired
                                            difference, mean and t interval */

    /* What each part of a package adds (compare_parts.h): filled by the
     * caller after bilim_compare_compute (the parts alone are extra runs);
     * n_packages 0 when none was decomposed. Owned: freed by
     * bilim_comparison_clear. Written by bilim_compare_write. */
    int32_t n_packages;
    bilim_package_parts *packages;       /* [n_packages], options in order */
} bilim_comparison;

/* Checks, before running, that scenarios sc[1..n-1] can be paired with the
 * baseline sc[0]: same seed, replicates, horizon, population, innovations,
 * and the same parameters of the groups that fix month 0 (time, structure,
 * initial, bands, barriers); unique names; every budget buys at least one
 * unit (bilim_interventions_budget_buys_a_unit). The error names the scenario
 * and the first field that differs. Errors: BILIM_EINVAL. */
int bilim_compare_check(const bilim_scenario *sc, int32_t n, bilim_error *err);

/* The same checks on finished runs, plus: each run is complete, every run
 * has the baseline's school and teacher counts, and every replicate's
 * month-0 record (adoption, bands, barriers, mean state) is bit identical to
 * the baseline's. Errors: BILIM_EINVAL. */
int bilim_compare_check_runs(const bilim_run_result *runs, int32_t n, bilim_error *err);

/* Computes the comparison of runs[1..n-1] against runs[0]. Runs the checks
 * above, and also refuses runs whose month-0 records differ (they did not
 * start from the same population). On success *out owns its arrays (free
 * with bilim_comparison_clear). Errors: BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_compare_compute(const bilim_run_result *runs, int32_t n, bilim_comparison *out,
                          bilim_error *err);

/* Writes c under /comparison of o: the effects and ranking tables, the
 * difference and summary series (arrays with labelled axes), spending and
 * budget caps, and attributes stating the baseline, the interval methods
 * and the budget note (docs/compare.md). Errors: those of formats/output_write.h. */
int bilim_compare_write(bilim_output *o, const bilim_comparison *c, bilim_error *err);

/* Frees the arrays of c (not c); safe on a zeroed struct. */
void bilim_comparison_clear(bilim_comparison *c);

/* The row of option `option` (scenario index) and metric, or NULL. */
const bilim_effect_row *bilim_compare_row(const bilim_comparison *c, int32_t option,
                                          const char *metric);

/* Element access into the arrays above. */
const double *bilim_compare_series(const bilim_comparison *c, int32_t scenario,
                                   bilim_quantity q, int32_t replicate);
const double *bilim_compare_summary(const bilim_comparison *c, int32_t scenario,
                                    bilim_quantity q, int32_t month);
const double *bilim_compare_diff(const bilim_comparison *c, int32_t option, int32_t month);
const double *bilim_compare_region_effect(const bilim_comparison *c, int32_t option,
                                          int32_t region);  /* [BILIM_N_DIFF_STATS] */

/* The calendar year and month (1-12) of model month t (may be negative):
 * month 0 is the scenarios' start date. */
void bilim_compare_calendar(const bilim_comparison *c, int32_t t, int32_t *year,
                            int32_t *month);

/* Names: "routine", "band_low", ...; "mean", "q05", ...; "mean", "ci_low", "ci_high". */
const char *bilim_quantity_name(bilim_quantity q);
const char *bilim_quantity_title(bilim_quantity q);  /* plain words for charts */
const char *bilim_compare_stat_name(int stat);
const char *bilim_compare_diff_stat_name(int stat);

/* Amounts of tenge in plain words: "1.25 billion KZT", "350 million KZT",
 * "12,300 KZT"; "no cost" for 0, "-" for NaN, "unlimited" for +inf. */
void bilim_compare_format_kzt(double kzt, char *buf, size_t n);

/* c->budget_note in the user's language (base/i18n.h): what the report and
 * the summary show (c->budget_note itself, as the result file stores it, is
 * English). */
void bilim_compare_budget_text(const bilim_comparison *c, char *buf, size_t n);

#endif
