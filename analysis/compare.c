/* analysis/compare.c: the comparison's series, summaries and difference
 * series (compare.h). The per-option effect rows are built in
 * compare_rows.c, rankings and the budget note in compare_rank.c. */
#include "analysis/compare.h"
#include "analysis/compare_internal.h"
#include "base/alloc.h"
#include "base/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const quantity_names[BILIM_N_QUANTITIES] = {
    "routine", "routine_urban", "routine_rural", "trial",
    "band_low", "band_intermediate", "band_high",
    "barrier_knowledge", "barrier_motivation", "barrier_material", "barrier_organizing",
    "barrier_managerial", "cost_kzt"};

/* English, as the result file stores them; translated where shown (N_). */
static const char *const quantity_titles[BILIM_N_QUANTITIES] = {
    N_("Teachers in routine use (share, mean over innovations)"),
    N_("Teachers in routine use, urban schools"),
    N_("Teachers in routine use, rural schools"),
    N_("Teachers trying an innovation (share, mean over innovations)"),
    N_("Principals with low readiness"),
    N_("Principals with intermediate readiness"),
    N_("Principals with high readiness"),
    N_("Lack of practical knowledge"),
    N_("Low staff motivation"),
    N_("Weak material base"),
    N_("Difficulty organizing teaching staff"),
    N_("Insufficient managerial skills"),
    N_("Spending since month 0 (KZT)")};

const char *bilim_quantity_name(bilim_quantity q)
{
    return (q >= 0 && q < BILIM_N_QUANTITIES) ? quantity_names[q] : "unknown";
}

const char *bilim_quantity_title(bilim_quantity q)
{
    return (q >= 0 && q < BILIM_N_QUANTITIES) ? quantity_titles[q] : "unknown";
}

const char *bilim_compare_stat_name(int stat)
{
    static const char *const n[BILIM_N_STATS] = {"mean", "q05", "q50", "q95"};
    return (stat >= 0 && stat < BILIM_N_STATS) ? n[stat] : "unknown";
}

const char *bilim_compare_diff_stat_name(int stat)
{
    static const char *const n[BILIM_N_DIFF_STATS] = {"mean", "ci_low", "ci_high"};
    return (stat >= 0 && stat < BILIM_N_DIFF_STATS) ? n[stat] : "unknown";
}

static size_t n_months(const bilim_comparison *c)
{
    return (size_t)c->months + 1;
}

const double *bilim_compare_series(const bilim_comparison *c, int32_t scenario,
                                   bilim_quantity q, int32_t replicate)
{
    size_t i = ((size_t)scenario * BILIM_N_QUANTITIES + (size_t)q) * (size_t)c->replicates +
               (size_t)replicate;
    return c->series + i * n_months(c);
}

const double *bilim_compare_summary(const bilim_comparison *c, int32_t scenario,
                                    bilim_quantity q, int32_t month)
{
    size_t i = ((size_t)scenario * BILIM_N_QUANTITIES + (size_t)q) * n_months(c) + (size_t)month;
    return c->summary + i * BILIM_N_STATS;
}

const double *bilim_compare_diff(const bilim_comparison *c, int32_t option, int32_t month)
{
    size_t i = (size_t)(option - 1) * n_months(c) + (size_t)month;
    return c->diff + i * BILIM_N_DIFF_STATS;
}

const double *bilim_compare_region_effect(const bilim_comparison *c, int32_t option,
                                          int32_t region)
{
    size_t i = (size_t)(option - 1) * (size_t)c->n_regions + (size_t)region;
    return c->region_effect + i * BILIM_N_DIFF_STATS;
}

void bilim_compare_calendar(const bilim_comparison *c, int32_t t, int32_t *year,
                            int32_t *month)
{
    int64_t m = (int64_t)c->start_year * 12 + (c->start_calendar_month - 1) + t;
    int64_t y = m >= 0 ? m / 12 : -((11 - m) / 12);
    *year = (int32_t)y;
    *month = (int32_t)(m - y * 12 + 1);
}

/* Mean of n values at x[0], x[stride], ... (in that order). */
static double mean_strided(const double *x, int32_t n, size_t stride)
{
    double s = 0.0;
    for (int32_t j = 0; j < n; j++)
        s += x[(size_t)j * stride];
    return s / (double)n;
}

/* One record's value of every quantity. */
static void record_quantities(const bilim_obs_layout *L, int32_t n_innov, int has_locality,
                              const double *rec, double *q)
{
    const bilim_metric *ar = &L->metrics[BILIM_M_ADOPTION_ROUTINE];
    const bilim_metric *at = &L->metrics[BILIM_M_ADOPTION_TRIAL];
    const bilim_metric *al = &L->metrics[BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY];
    const bilim_metric *bs = &L->metrics[BILIM_M_READINESS_BAND_SHARE];
    const bilim_metric *bp = &L->metrics[BILIM_M_BARRIER_PREVALENCE];
    const bilim_metric *co = &L->metrics[BILIM_M_COST_KZT_CUMULATIVE];
    q[BILIM_Q_ROUTINE] = mean_strided(rec + ar->offset, n_innov, 1);
    q[BILIM_Q_TRIAL] = mean_strided(rec + at->offset, n_innov, 1);
    if (has_locality) {
        q[BILIM_Q_ROUTINE_URBAN] = mean_strided(rec + al->offset + BILIM_URBAN, n_innov, 2);
        q[BILIM_Q_ROUTINE_RURAL] = mean_strided(rec + al->offset + BILIM_RURAL, n_innov, 2);
    } else {
        q[BILIM_Q_ROUTINE_URBAN] = q[BILIM_Q_ROUTINE_RURAL] = NAN;
    }
    for (int b = 0; b < BILIM_N_BANDS; b++)
        q[BILIM_Q_BAND_LOW + b] = rec[bs->offset + (size_t)b];
    for (int k = 0; k < BILIM_N_BARRIERS; k++)
        q[BILIM_Q_BARRIER_KNOWLEDGE + k] = rec[bp->offset + (size_t)k];
    double cost = 0.0;
    for (size_t i = 0; co->present && i < co->size; i++)
        cost += rec[co->offset + i];
    q[BILIM_Q_COST] = cost;
}

static void fill_series(bilim_comparison *c, const bilim_run_result *runs)
{
    double q[BILIM_N_QUANTITIES];
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int32_t r = 0; r < c->replicates; r++)
            for (int32_t t = 0; t <= c->months; t++) {
                record_quantities(&runs[s].layout, c->n_innovations, c->has_locality,
                                  bilim_run_record(&runs[s], r, t), q);
                for (int k = 0; k < BILIM_N_QUANTITIES; k++)
                    ((double *)bilim_compare_series(c, s, (bilim_quantity)k, r))[t] = q[k];
            }
}

/* Gathers the R values of (scenario, quantity, month) into v. */
static void gather(const bilim_comparison *c, int32_t s, bilim_quantity q, int32_t t, double *v)
{
    for (int32_t r = 0; r < c->replicates; r++)
        v[r] = bilim_compare_series(c, s, q, r)[t];
}

static void fill_summaries(bilim_comparison *c, double *v, double *w)
{
    size_t R = (size_t)c->replicates;
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int k = 0; k < BILIM_N_QUANTITIES; k++)
            for (int32_t t = 0; t <= c->months; t++) {
                double *out = (double *)bilim_compare_summary(c, s, (bilim_quantity)k, t);
                gather(c, s, (bilim_quantity)k, t, v);
                out[BILIM_STAT_MEAN] = bilim_stats_mean(v, R);
                out[BILIM_STAT_Q05] = bilim_stats_quantile(v, R, 0.05, w);
                out[BILIM_STAT_Q50] = bilim_stats_quantile(v, R, 0.50, w);
                out[BILIM_STAT_Q95] = bilim_stats_quantile(v, R, 0.95, w);
            }
    for (int32_t o = 1; o < c->n_scenarios; o++)
        for (int32_t t = 0; t <= c->months; t++) {
            bilim_interval iv;
            gather(c, o, BILIM_Q_ROUTINE, t, v);
            gather(c, 0, BILIM_Q_ROUTINE, t, w);
            bilim_stats_paired_interval(v, w, R, c->level, &iv);
            double *out = (double *)bilim_compare_diff(c, o, t);
            out[BILIM_BAND_MEAN] = iv.mean;
            out[BILIM_BAND_LOW_CI] = iv.low;
            out[BILIM_BAND_HIGH_CI] = iv.high;
        }
}

static int allocate(bilim_comparison *c)
{
    size_t S = (size_t)c->n_scenarios, R = (size_t)c->replicates, T = n_months(c);
    c->names = bilim_calloc(S, sizeof *c->names);
    c->titles = bilim_calloc(S, sizeof *c->titles);
    c->series = bilim_malloc(S * BILIM_N_QUANTITIES * R * T * sizeof *c->series);
    c->summary = bilim_malloc(S * BILIM_N_QUANTITIES * T * BILIM_N_STATS * sizeof *c->summary);
    c->diff = bilim_malloc((S - 1) * T * BILIM_N_DIFF_STATS * sizeof *c->diff);
    c->rank_effect = bilim_calloc(S, sizeof *c->rank_effect);
    c->rank_ce = bilim_calloc(S, sizeof *c->rank_ce);
    c->spent_kzt = bilim_calloc(S, sizeof *c->spent_kzt);
    c->budget_kzt = bilim_calloc(S, sizeof *c->budget_kzt);
    return c->names && c->titles && c->series && c->summary && c->diff && c->rank_effect && c->rank_ce &&
           c->spent_kzt && c->budget_kzt;
}

static void describe(bilim_comparison *c, const bilim_run_result *runs, int32_t n)
{
    const bilim_scenario *b = &runs[0].scenario;
    c->n_scenarios = n;
    c->replicates = runs[0].replicates;
    c->months = runs[0].months;
    c->n_innovations = b->n_innovations;
    for (int32_t j = 0; j < b->n_innovations; j++)
        memcpy(c->innovations[j], b->innovations[j].name, BILIM_NAME_MAX);
    c->schools = runs[0].schools;
    c->teachers = (double)runs[0].teachers;
    c->seed = b->seed;
    c->start_year = b->start_year;
    c->start_calendar_month = b->start_calendar_month;
    c->level = BILIM_COMPARE_LEVEL;
    c->has_locality = 1;
    for (int32_t s = 0; s < n; s++)
        if (!runs[s].layout.metrics[BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY].present)
            c->has_locality = 0;
}

int bilim_compare_compute(const bilim_run_result *runs, int32_t n, bilim_comparison *out,
                          bilim_error *err)
{
    memset(out, 0, sizeof *out);
    if (n < 2)
        return bilim_error_set(err, BILIM_EINVAL,
                               "a comparison needs a baseline and at least one option");
    int rc = bilim_compare_check_runs(runs, n, err);
    if (rc)
        return rc;
    if (runs[0].scenario.n_innovations < 1)
        return bilim_error_set(err, BILIM_EINVAL,
                               "scenario '%s' has no innovations: nothing to compare",
                               runs[0].scenario.name);
    describe(out, runs, n);
    double *v = bilim_malloc((size_t)out->replicates * sizeof *v);
    double *w = bilim_malloc((size_t)out->replicates * sizeof *w);
    if (!v || !w || !allocate(out)) {
        bilim_free(v);
        bilim_free(w);
        bilim_comparison_clear(out);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory comparing %d scenarios", n);
    }
    for (int32_t s = 0; s < n; s++) {
        const bilim_scenario *sc = &runs[s].scenario;
        memcpy(out->names[s], sc->name, BILIM_NAME_MAX);
        memcpy(out->titles[s], sc->title[0] ? sc->title : sc->name,
               sc->title[0] ? BILIM_TITLE_MAX : BILIM_NAME_MAX);
    }
    fill_series(out, runs);
    fill_summaries(out, v, w);
    bilim_free(v);
    bilim_free(w);
    if (bilim__compare_build_rows(out, runs) || bilim__compare_rank(out, runs) ||
        bilim__compare_regions(out, runs)) {
        bilim_comparison_clear(out);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory comparing %d scenarios", n);
    }
    return BILIM_OK;
}

void bilim_comparison_clear(bilim_comparison *c)
{
    if (!c)
        return;
    bilim_free(c->names);
    bilim_free(c->titles);
    bilim_free(c->series);
    bilim_free(c->summary);
    bilim_free(c->diff);
    bilim_free(c->rows);
    bilim_free(c->rank_effect);
    bilim_free(c->rank_ce);
    bilim_free(c->spent_kzt);
    bilim_free(c->budget_kzt);
    bilim_free(c->region_names);
    bilim_free(c->region_level);
    bilim_free(c->region_effect);
    for (int32_t i = 0; i < c->n_packages; i++)
        bilim_package_parts_clear(&c->packages[i]);
    bilim_free(c->packages);
    memset(c, 0, sizeof *c);
}

const bilim_effect_row *bilim_compare_row(const bilim_comparison *c, int32_t option,
                                          const char *metric)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].option == option && strcmp(c->rows[i].metric, metric) == 0)
            return &c->rows[i];
    return NULL;
}

void bilim__compare_kzt_text(double kzt, int local, char *buf, size_t n)
{
    const char *lang = local ? bilim_i18n_language() : "en";
    double a = fabs(kzt);
    char num[96];
    if (isnan(kzt)) {
        snprintf(buf, n, "-");
    } else if (isinf(kzt)) {
        snprintf(buf, n, "%s%s", kzt > 0 ? "" : "-", BILIM__TEXT(local, "unlimited"));
    } else if (kzt == 0.0) {
        snprintf(buf, n, "%s", BILIM__TEXT(local, "no cost"));
    } else if (a >= 1e9) {
        bilim_i18n_number_in(lang, kzt / 1e9, 2, BILIM_I18N_GROUP, num, sizeof num);
        /* TRANSLATORS: %s is a number of billions (10^9) of tenge: "1.25". */
        snprintf(buf, n, BILIM__TEXT(local, "%s billion KZT"), num);
    } else if (a >= 1e6) {
        bilim_i18n_number_in(lang, kzt / 1e6, a >= 1e8 ? 0 : a >= 1e7 ? 1 : 2, 0, num,
                             sizeof num);
        /* TRANSLATORS: %s is a number of millions of tenge: "350". */
        snprintf(buf, n, BILIM__TEXT(local, "%s million KZT"), num);
    } else {
        bilim_i18n_number_in(lang, kzt, 0, BILIM_I18N_GROUP, num, sizeof num);
        /* TRANSLATORS: %s is a number of tenge: "12,300". */
        snprintf(buf, n, BILIM__TEXT(local, "%s KZT"), num);
    }
}

void bilim_compare_format_kzt(double kzt, char *buf, size_t n)
{
    bilim__compare_kzt_text(kzt, 1, buf, n);
}
