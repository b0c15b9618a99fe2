/* analysis/compare_rows.c: the effect rows of each option (compare.h), in
 * this order: adoption_routine, adoption_routine:<innovation> for each
 * innovation, adoption_routine_urban, adoption_routine_rural,
 * rural_urban_gap (when localities are recorded), additional_teachers_routine,
 * cost_kzt, kzt_per_additional_teacher, months_to_25pct, months_to_50pct. */
#include "analysis/compare_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/i18n.h"

/* Per-replicate scratch vectors, R doubles each. */
typedef struct ctx {
    bilim_comparison *c;
    const bilim_run_result *runs;
    size_t R;
    double *opt, *base, *eff, *cost;
} ctx;

static bilim_effect_row *new_row(bilim_comparison *c, int32_t option, const char *metric,
                                 const char *unit)
{
    bilim_effect_row *row = &c->rows[c->n_rows++];
    memset(row, 0, sizeof *row);
    row->option = option;
    snprintf(row->metric, sizeof row->metric, "%s", metric);
    row->unit = unit;
    row->baseline_mean = row->option_mean = NAN;
    bilim_interval none = {NAN, NAN, NAN, NAN, NAN, NAN, 0};
    row->paired = row->unpaired = none;
    row->ce.ratio = row->ce.low = row->ce.high = NAN;
    return row;
}

/* A plain-word reading of a paired interval. */
static void interval_note(bilim_effect_row *row)
{
    const bilim_interval *p = &row->paired;
    if (p->n < 2)
        snprintf(row->note, sizeof row->note,
                 N_("one replicate: no confidence interval (run at least 2, better 10)"));
    else if (p->low < 0.0 && p->high > 0.0)
        snprintf(row->note, sizeof row->note,
                 N_("the interval includes 0: not distinguishable from no change"));
}

static void paired_row(const ctx *x, bilim_effect_row *row, const double *opt,
                       const double *base)
{
    const bilim_comparison *c = x->c;
    row->baseline_mean = bilim_stats_mean(base, x->R);
    row->option_mean = bilim_stats_mean(opt, x->R);
    bilim_stats_paired_interval(opt, base, x->R, c->level, &row->paired);
    bilim_stats_unpaired_interval(opt, x->R, base, x->R, c->level, &row->unpaired);
    interval_note(row);
}

/* Horizon values of a quantity for every replicate of scenario s. */
static void horizon(const ctx *x, int32_t s, bilim_quantity q, double *v)
{
    for (size_t r = 0; r < x->R; r++)
        v[r] = bilim_compare_series(x->c, s, q, (int32_t)r)[x->c->months];
}

/* Horizon routine-use share of innovation j, every replicate of scenario s. */
static void horizon_innovation(const ctx *x, int32_t s, int32_t j, double *v)
{
    const bilim_run_result *run = &x->runs[s];
    size_t off = run->layout.metrics[BILIM_M_ADOPTION_ROUTINE].offset + (size_t)j;
    for (size_t r = 0; r < x->R; r++)
        v[r] = bilim_run_record(run, (int32_t)r, x->c->months)[off];
}

/* A share row with cost-effectiveness: additional teachers per replicate =
 * (option share - baseline share) x teachers. x->cost holds the paired
 * incremental costs. */
static void share_ce_row(const ctx *x, bilim_effect_row *row)
{
    for (size_t r = 0; r < x->R; r++)
        x->eff[r] = (x->opt[r] - x->base[r]) * x->c->teachers;
    paired_row(x, row, x->opt, x->base);
    row->has_ce = 1;
    bilim_stats_cost_effectiveness(x->cost, x->eff, x->R, x->c->level, &row->ce);
}

static void adoption_rows(const ctx *x, int32_t o)
{
    bilim_comparison *c = x->c;
    horizon(x, o, BILIM_Q_ROUTINE, x->opt);
    horizon(x, 0, BILIM_Q_ROUTINE, x->base);
    share_ce_row(x, new_row(c, o, "adoption_routine", "share"));
    for (int32_t j = 0; j < c->n_innovations; j++) {
        char name[BILIM_METRIC_NAME_MAX];
        snprintf(name, sizeof name, "adoption_routine:%s", c->innovations[j]);
        horizon_innovation(x, o, j, x->opt);
        horizon_innovation(x, 0, j, x->base);
        share_ce_row(x, new_row(c, o, name, "share"));
    }
}

static void locality_rows(const ctx *x, int32_t o)
{
    bilim_comparison *c = x->c;
    if (!c->has_locality)
        return;
    horizon(x, o, BILIM_Q_ROUTINE_URBAN, x->opt);
    horizon(x, 0, BILIM_Q_ROUTINE_URBAN, x->base);
    paired_row(x, new_row(c, o, "adoption_routine_urban", "share"), x->opt, x->base);
    horizon(x, o, BILIM_Q_ROUTINE_RURAL, x->opt);
    horizon(x, 0, BILIM_Q_ROUTINE_RURAL, x->base);
    paired_row(x, new_row(c, o, "adoption_routine_rural", "share"), x->opt, x->base);
    /* Gap = urban minus rural share, per replicate. */
    for (int k = 0; k < 2; k++) {
        int32_t s = k == 0 ? o : 0;
        double *v = k == 0 ? x->opt : x->base;
        for (size_t r = 0; r < x->R; r++) {
            double u = bilim_compare_series(c, s, BILIM_Q_ROUTINE_URBAN, (int32_t)r)[c->months];
            double q = bilim_compare_series(c, s, BILIM_Q_ROUTINE_RURAL, (int32_t)r)[c->months];
            v[r] = u - q;
        }
    }
    bilim_effect_row *row = new_row(c, o, "rural_urban_gap", "share");
    paired_row(x, row, x->opt, x->base);
    if (row->note[0] == '\0' && row->paired.n >= 2)
        snprintf(row->note, sizeof row->note, "%s",
                 fabs(row->option_mean) < fabs(row->baseline_mean)
                     ? N_("the gap between urban and rural schools narrows")
                     : N_("the gap between urban and rural schools widens"));
}

static void cost_rows(const ctx *x, int32_t o, const bilim_effect_row *headline)
{
    bilim_comparison *c = x->c;
    /* Additional teachers in routine use (headline share difference x teachers). */
    horizon(x, o, BILIM_Q_ROUTINE, x->opt);
    horizon(x, 0, BILIM_Q_ROUTINE, x->base);
    for (size_t r = 0; r < x->R; r++) {
        x->opt[r] *= c->teachers;
        x->base[r] *= c->teachers;
    }
    paired_row(x, new_row(c, o, "additional_teachers_routine", "teachers"), x->opt, x->base);
    horizon(x, o, BILIM_Q_COST, x->opt);
    horizon(x, 0, BILIM_Q_COST, x->base);
    bilim_effect_row *row = new_row(c, o, "cost_kzt", "KZT");
    paired_row(x, row, x->opt, x->base);
    if (row->paired.n >= 2 && row->paired.sd == 0.0)
        snprintf(row->note, sizeof row->note, "%s", N_("the same in every replicate"));
    row = new_row(c, o, "kzt_per_additional_teacher", "KZT per teacher");
    row->has_ce = 1;
    row->ce = headline->ce;
    row->option_mean = row->paired.mean = headline->ce.ratio;
    row->paired.low = headline->ce.low;
    row->paired.high = headline->ce.high;
    row->paired.n = headline->ce.n;
    const bilim_ce *ce = &headline->ce;
    if (ce->status == BILIM_CE_FEWER)
        snprintf(row->note, sizeof row->note, "%s",
                 N_("the option lowers routine use: no additional teacher, so no cost per "
                    "additional teacher (infinite)"));
    else if (ce->status == BILIM_CE_NO_EFFECT)
        snprintf(row->note, sizeof row->note, "%s",
                 N_("no effect: no additional teacher, so no cost per additional teacher "
                    "(infinite)"));
    else if (ce->n < 2)
        snprintf(row->note, sizeof row->note, "%s", N_("one replicate: no confidence interval"));
    else if (!ce->bounded)
        snprintf(row->note, sizeof row->note, "%s",
                 N_("interval unbounded: the effect is not distinguishable from 0 "
                    "(Fieller's interval)"));
    else if (ce->status == BILIM_CE_SAVES)
        snprintf(row->note, sizeof row->note, "%s",
                 N_("more teachers in routine use for less money"));
}

/* Month a scenario's replicate first reaches share p, -1 if never. */
static void reach_months(const ctx *x, int32_t s, double p, double *v, int *reached)
{
    *reached = 0;
    for (size_t r = 0; r < x->R; r++) {
        const double *ser = bilim_compare_series(x->c, s, BILIM_Q_ROUTINE, (int32_t)r);
        int32_t t = bilim_stats_first_reaching(ser, (size_t)x->c->months + 1, 1, p);
        v[r] = t;
        *reached += t >= 0;
    }
}

static double mean_reached(const double *v, size_t n)
{
    double s = 0.0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] >= 0) {
            s += v[i];
            k++;
        }
    return k ? s / (double)k : NAN;
}

static void threshold_row(const ctx *x, int32_t o, int pct)
{
    bilim_comparison *c = x->c;
    char name[32];
    snprintf(name, sizeof name, "months_to_%dpct", pct);
    bilim_effect_row *row = new_row(c, o, name, "months");
    int ro, rb;
    reach_months(x, o, pct / 100.0, x->opt, &ro);
    reach_months(x, 0, pct / 100.0, x->base, &rb);
    int R = (int)x->R;
    if (ro == R && rb == R) {
        paired_row(x, row, x->opt, x->base);
        return;
    }
    row->option_mean = ro == R ? bilim_stats_mean(x->opt, x->R) : NAN;
    row->baseline_mean = rb == R ? bilim_stats_mean(x->base, x->R) : NAN;
    char a[96], b[96];
    if (ro)
        snprintf(a, sizeof a, "%d of %d replicates (mean month %.1f)", ro, R,
                 mean_reached(x->opt, x->R));
    else
        snprintf(a, sizeof a, "no replicate");
    if (rb)
        snprintf(b, sizeof b, "%d of %d (mean month %.1f)", rb, R, mean_reached(x->base, x->R));
    else
        snprintf(b, sizeof b, "none");
    snprintf(row->note, sizeof row->note,
             "not reached in every replicate by month %d: the option reaches %d%% in %s, "
             "the baseline in %s",
             c->months, pct, a, b);
}

int bilim__compare_build_rows(bilim_comparison *c, const bilim_run_result *runs)
{
    size_t per = (size_t)c->n_innovations + 9;
    c->rows = bilim_calloc((size_t)(c->n_scenarios - 1) * per, sizeof *c->rows);
    ctx x = {c, runs, (size_t)c->replicates, NULL, NULL, NULL, NULL};
    x.opt = bilim_malloc(x.R * sizeof *x.opt);
    x.base = bilim_malloc(x.R * sizeof *x.base);
    x.eff = bilim_malloc(x.R * sizeof *x.eff);
    x.cost = bilim_malloc(x.R * sizeof *x.cost);
    int ok = c->rows && x.opt && x.base && x.eff && x.cost;
    for (int32_t o = 1; ok && o < c->n_scenarios; o++) {
        /* Incremental cost per replicate, used by every ratio of option o. */
        horizon(&x, o, BILIM_Q_COST, x.opt);
        horizon(&x, 0, BILIM_Q_COST, x.base);
        for (size_t r = 0; r < x.R; r++)
            x.cost[r] = x.opt[r] - x.base[r];
        double cost = bilim_stats_mean(x.cost, x.R);
        size_t first = c->n_rows;
        adoption_rows(&x, o);
        const bilim_effect_row *headline = &c->rows[first];
        locality_rows(&x, o);
        cost_rows(&x, o, headline);
        threshold_row(&x, o, 25);
        threshold_row(&x, o, 50);
        for (size_t i = first; i < c->n_rows; i++)
            c->rows[i].cost_kzt = cost;
    }
    bilim_free(x.opt);
    bilim_free(x.base);
    bilim_free(x.eff);
    bilim_free(x.cost);
    return ok ? 0 : -1;
}
