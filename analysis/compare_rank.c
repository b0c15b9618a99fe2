/* analysis/compare_rank.c: options ranked by effect and by cost-effectiveness,
 * and the budget note that goes next to the ranking (compare.h).
 *
 * By effect: the paired difference in routine use at the horizon, largest
 * first. By cost-effectiveness: KZT per additional teacher in routine use,
 * lowest first; options that save money come first, options with no effect
 * or fewer teachers (infinite cost per teacher) last. Ties keep the order
 * given on the command line. Options "spend differently" when the largest
 * mean spending at the horizon exceeds the smallest by more than 5%. */
#include "analysis/compare_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BUDGET_TOLERANCE 0.05

static double effect_key(const bilim_comparison *c, int32_t o)
{
    const bilim_effect_row *row = bilim_compare_row(c, o, "adoption_routine");
    return (row && !isnan(row->paired.mean)) ? row->paired.mean : -INFINITY;
}

static double ce_key(const bilim_comparison *c, int32_t o)
{
    const bilim_effect_row *row = bilim_compare_row(c, o, "adoption_routine");
    return (row && !isnan(row->ce.ratio)) ? row->ce.ratio : INFINITY;
}

/* a before b? (by effect: larger first) */
static int before_effect(const bilim_comparison *c, int32_t a, int32_t b)
{
    double x = effect_key(c, a), y = effect_key(c, b);
    return x > y || (x == y && a < b);
}

/* a before b? (by KZT per teacher: smaller first, then larger effect) */
static int before_ce(const bilim_comparison *c, int32_t a, int32_t b)
{
    double x = ce_key(c, a), y = ce_key(c, b);
    if (x != y)
        return x < y;
    return before_effect(c, a, b);
}

/* Insertion sort of the options 1..n-1 (a handful). */
static void rank(const bilim_comparison *c, int32_t *order,
                 int (*before)(const bilim_comparison *, int32_t, int32_t))
{
    int32_t n = c->n_scenarios - 1;
    for (int32_t i = 0; i < n; i++) {
        int32_t o = i + 1, k = i;
        while (k > 0 && before(c, o, order[k - 1])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = o;
    }
}

/* Which options spend least and most, and whether they differ by more than
 * the tolerance (c->budgets_differ). */
static void budget_extremes(const bilim_comparison *c, int32_t *lo, int32_t *hi)
{
    *lo = *hi = 1;
    for (int32_t o = 2; o < c->n_scenarios; o++) {
        if (c->spent_kzt[o] < c->spent_kzt[*lo])
            *lo = o;
        if (c->spent_kzt[o] > c->spent_kzt[*hi])
            *hi = o;
    }
}

void bilim__compare_budget_text(const bilim_comparison *c, int local, char *buf, size_t n)
{
    int32_t lo, hi;
    budget_extremes(c, &lo, &hi);
    char a[64], b[64];
    bilim__compare_kzt_text(c->spent_kzt[lo], local, a, sizeof a);
    bilim__compare_kzt_text(c->spent_kzt[hi], local, b, sizeof b);
    if (c->n_scenarios == 2)
        snprintf(buf, n, BILIM__TEXT(local, "One option: '%s' spends %s by month %d."),
                 c->names[1], b, c->months);
    else if (c->budgets_differ)
        snprintf(buf, n,
                 BILIM__TEXT(local, "Budgets differ: by month %d '%s' spends %s and '%s' "
                                    "spends %s. A larger budget buys a larger effect, so the "
                                    "ranking by effect favours the larger budgets; the ranking "
                                    "by KZT per additional teacher in routine use compares "
                                    "value for money."),
                 c->months, c->names[hi], b, c->names[lo], a);
    else
        snprintf(buf, n,
                 BILIM__TEXT(local, "The options spend about the same by month %d (%s to %s, "
                                    "within 5%%), so their effects can be compared directly."),
                 c->months, a, b);
}

void bilim_compare_budget_text(const bilim_comparison *c, char *buf, size_t n)
{
    bilim__compare_budget_text(c, 1, buf, n);
}

static void budget_note(bilim_comparison *c)
{
    int32_t lo, hi;
    budget_extremes(c, &lo, &hi);
    double top = c->spent_kzt[hi], bottom = c->spent_kzt[lo];
    c->budgets_differ = top > 0.0 && top > (1.0 + BUDGET_TOLERANCE) * bottom;
    bilim__compare_budget_text(c, 0, c->budget_note, sizeof c->budget_note);
}

int bilim__compare_rank(bilim_comparison *c, const bilim_run_result *runs)
{
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        const bilim_scenario *sc = &runs[s].scenario;
        c->spent_kzt[s] = bilim_compare_summary(c, s, BILIM_Q_COST, c->months)[BILIM_STAT_MEAN];
        double cap = 0.0;
        for (int32_t i = 0; i < sc->n_interventions; i++)
            cap += sc->interventions[i].budget_kzt > 0.0 ? sc->interventions[i].budget_kzt
                                                         : INFINITY;
        c->budget_kzt[s] = cap;
    }
    rank(c, c->rank_effect, before_effect);
    rank(c, c->rank_ce, before_ce);
    budget_note(c);
    return 0;
}
