/* analysis/compare_write.c: the /comparison group of the result file
 * (docs/compare.md), through the generic writers of formats/output_write.h. */
#include "analysis/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

#define EFFECT_COLS 18

static const char *method_text =
    "t interval on the paired replicate differences (option minus baseline, replicate r "
    "against replicate r; df = replicates - 1); NaN when there is one replicate";
static const char *ce_method_text =
    "KZT per additional teacher in routine use = mean incremental cost / (mean difference in "
    "routine-use share, averaged over innovations, x teachers); Fieller's interval on the "
    "paired replicates; +inf when the effect is <= 0; NaN bounds when unbounded";

static int write_effects(bilim_output *o, const bilim_comparison *c, bilim_error *err)
{
    static const char *const cols[EFFECT_COLS] = {
        "scenario", "metric", "unit", "mean_diff", "ci_low", "ci_high", "baseline_mean",
        "option_mean", "cost_kzt", "kzt_per_additional_adopter", "ce_ci_low", "ce_ci_high",
        "ce_status", "unpaired_ci_low", "unpaired_ci_high", "sd_diff", "replicates", "note"};
    size_t n = c->n_rows;
    const char **str = bilim_calloc(5 * (n ? n : 1), sizeof *str);
    double *num = bilim_calloc(14 * (n ? n : 1), sizeof *num);
    if (!str || !num) {
        bilim_free(str);
        bilim_free(num);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    const char *const *strings[EFFECT_COLS] = {0};
    const double *numbers[EFFECT_COLS] = {0};
    const int scol[5] = {0, 1, 2, 12, 17};
    for (int k = 0; k < 5; k++)
        strings[scol[k]] = str + (size_t)k * n;
    for (int col = 0, k = 0; col < EFFECT_COLS; col++)
        if (!strings[col])
            numbers[col] = num + (size_t)(k++) * n;
    for (size_t i = 0; i < n; i++) {
        const bilim_effect_row *r = &c->rows[i];
        str[i] = c->names[r->option];
        str[n + i] = r->metric;
        str[2 * n + i] = r->unit;
        str[3 * n + i] = r->has_ce ? bilim_ce_status_name(r->ce.status) : "";
        str[4 * n + i] = r->note;
        const double v[EFFECT_COLS] = {0, 0, 0, r->paired.mean, r->paired.low, r->paired.high,
                                       r->baseline_mean, r->option_mean, r->cost_kzt,
                                       r->has_ce ? r->ce.ratio : NAN,
                                       r->has_ce ? r->ce.low : NAN,
                                       r->has_ce ? r->ce.high : NAN, 0, r->unpaired.low,
                                       r->unpaired.high, r->paired.sd, (double)c->replicates, 0};
        for (int col = 0; col < EFFECT_COLS; col++)
            if (numbers[col])
                ((double *)numbers[col])[i] = v[col];
    }
    int rc = bilim_output_write_table(o, "/comparison/effects", n, EFFECT_COLS, cols, strings,
                                      numbers, err);
    bilim_free(str);
    bilim_free(num);
    return rc;
}

static int write_ranking(bilim_output *o, const bilim_comparison *c, const char **names,
                         bilim_error *err)
{
    size_t n = (size_t)c->n_scenarios - 1;
    const char **a = bilim_calloc(n, sizeof *a), **b = bilim_calloc(n, sizeof *b);
    double *rank = bilim_calloc(n, sizeof *rank), *eff = bilim_calloc(n, sizeof *eff),
           *kzt = bilim_calloc(n, sizeof *kzt);
    int rc = BILIM_ENOMEM;
    if (a && b && rank && eff && kzt) {
        for (size_t i = 0; i < n; i++) {
            rank[i] = (double)(i + 1);
            a[i] = names[c->rank_effect[i]];
            b[i] = names[c->rank_ce[i]];
            eff[i] = bilim_compare_row(c, c->rank_effect[i], "adoption_routine")->paired.mean;
            kzt[i] = bilim_compare_row(c, c->rank_ce[i], "adoption_routine")->ce.ratio;
        }
        static const char *const cols[5] = {"rank", "by_effect", "mean_diff",
                                            "by_cost_effectiveness", "kzt_per_additional_adopter"};
        const char *const *strings[5] = {NULL, a, NULL, b, NULL};
        const double *numbers[5] = {rank, NULL, eff, NULL, kzt};
        rc = bilim_output_write_table(o, "/comparison/ranking", n, 5, cols, strings, numbers,
                                      err);
    } else {
        bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    bilim_free(a);
    bilim_free(b);
    bilim_free(rank);
    bilim_free(eff);
    bilim_free(kzt);
    return rc;
}

static int write_arrays(bilim_output *o, const bilim_comparison *c, const char **names,
                        bilim_error *err)
{
    const char *q[BILIM_N_QUANTITIES], *st[BILIM_N_STATS], *dst[BILIM_N_DIFF_STATS];
    for (int k = 0; k < BILIM_N_QUANTITIES; k++)
        q[k] = bilim_quantity_name((bilim_quantity)k);
    for (int k = 0; k < BILIM_N_STATS; k++)
        st[k] = bilim_compare_stat_name(k);
    for (int k = 0; k < BILIM_N_DIFF_STATS; k++)
        dst[k] = bilim_compare_diff_stat_name(k);
    size_t S = (size_t)c->n_scenarios, T = (size_t)c->months + 1;
    const size_t d1[3] = {S - 1, T, BILIM_N_DIFF_STATS};
    const char *const ax1[3] = {"option", "month", "estimate"};
    const char *const *lab1[3] = {names + 1, NULL, dst};
    int rc = bilim_output_write_array(o, "/comparison/difference_series", 3, d1, c->diff, ax1,
                                      lab1, err);
    const size_t d2[4] = {S, BILIM_N_QUANTITIES, T, BILIM_N_STATS};
    const char *const ax2[4] = {"scenario", "quantity", "month", "stat"};
    const char *const *lab2[4] = {names, q, NULL, st};
    if (!rc)
        rc = bilim_output_write_array(o, "/comparison/summary_series", 4, d2, c->summary, ax2,
                                      lab2, err);
    const size_t d3[1] = {S};
    const char *const ax3[1] = {"scenario"};
    const char *const *lab3[1] = {names};
    if (!rc)
        rc = bilim_output_write_array(o, "/comparison/spent_kzt", 1, d3, c->spent_kzt, ax3, lab3,
                                      err);
    if (!rc)
        rc = bilim_output_write_array(o, "/comparison/budget_kzt", 1, d3, c->budget_kzt, ax3,
                                      lab3, err);
    return rc;
}

/* /comparison/region_effects [option][region][estimate] and
 * /comparison/region_level [scenario][region], when regions were recorded. */
static int write_regions(bilim_output *o, const bilim_comparison *c, const char **names,
                         bilim_error *err)
{
    if (c->n_regions == 0)
        return BILIM_OK;
    const char **regions = bilim_calloc((size_t)c->n_regions, sizeof *regions);
    if (!regions)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t g = 0; g < c->n_regions; g++)
        regions[g] = c->region_names[g];
    const char *dst[BILIM_N_DIFF_STATS];
    for (int k = 0; k < BILIM_N_DIFF_STATS; k++)
        dst[k] = bilim_compare_diff_stat_name(k);
    size_t S = (size_t)c->n_scenarios, G = (size_t)c->n_regions;
    const size_t d1[3] = {S - 1, G, BILIM_N_DIFF_STATS};
    const char *const ax1[3] = {"option", "region", "estimate"};
    const char *const *lab1[3] = {names + 1, regions, dst};
    int rc = bilim_output_write_array(o, "/comparison/region_effects", 3, d1, c->region_effect,
                                      ax1, lab1, err);
    const size_t d2[2] = {S, G};
    const char *const ax2[2] = {"scenario", "region"};
    const char *const *lab2[2] = {names, regions};
    if (!rc)
        rc = bilim_output_write_array(o, "/comparison/region_level", 2, d2, c->region_level, ax2,
                                      lab2, err);
    bilim_free(regions);
    return rc;
}

static int write_attrs(bilim_output *o, const bilim_comparison *c, bilim_error *err)
{
    const char *g = "/comparison";
    /* The scenarios in command-line order, one name a line: `bilim report`
     * restores the baseline and the order from it. */
    char *order = bilim_malloc((size_t)c->n_scenarios * (BILIM_NAME_MAX + 1) + 1);
    if (!order)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    order[0] = '\0';
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        strcat(order, c->names[s]);
        strcat(order, s + 1 < c->n_scenarios ? "\n" : "");
    }
    int rc = bilim_output_attr_string(o, g, "scenario_order", order, err);
    bilim_free(order);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "baseline", c->names[0], err);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "interval_method", method_text, err);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "cost_effectiveness_method", ce_method_text, err);
    if (!rc)
        rc = bilim_output_attr_double(o, g, "confidence_level", c->level, err);
    if (!rc)
        rc = bilim_output_attr_int(o, g, "replicates", c->replicates, err);
    if (!rc)
        rc = bilim_output_attr_int(o, g, "months", c->months, err);
    if (!rc)
        rc = bilim_output_attr_int(o, g, "seed", (int64_t)c->seed, err);
    if (!rc)
        rc = bilim_output_attr_int(o, g, "schools", c->schools, err);
    if (!rc)
        rc = bilim_output_attr_double(o, g, "teachers", c->teachers, err);
    if (!rc)
        rc = bilim_output_attr_int(o, g, "budgets_differ", c->budgets_differ, err);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "budget_note", c->budget_note, err);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "quantiles",
                                      "summary_series: mean and 5/50/95% quantiles across "
                                      "replicates (type 7, linear interpolation)", err);
    return rc;
}

int bilim_compare_write(bilim_output *o, const bilim_comparison *c, bilim_error *err)
{
    const char **names = bilim_calloc((size_t)c->n_scenarios, sizeof *names);
    if (!names)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t s = 0; s < c->n_scenarios; s++)
        names[s] = c->names[s];
    char start[32];
    snprintf(start, sizeof start, "%04d-%02d", c->start_year, c->start_calendar_month);
    int rc = write_attrs(o, c, err);
    if (!rc)
        rc = write_effects(o, c, err);
    if (!rc)
        rc = write_ranking(o, c, names, err);
    if (!rc)
        rc = write_arrays(o, c, names, err);
    if (!rc)
        rc = write_regions(o, c, names, err);
    if (!rc)
        rc = bilim_output_attr_string(o, "/comparison", "start_date", start, err);
    for (int32_t i = 0; !rc && i < c->n_packages; i++)
        rc = bilim_compare_parts_write(o, &c->packages[i], c->names[c->packages[i].option], err);
    bilim_free(names);
    return rc;
}
