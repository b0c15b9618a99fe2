/* analysis/compare_check.c: can these scenarios be paired? (compare.h)
 *
 * Pairing by replicate is only meaningful when replicate r of every scenario
 * starts from the same schools, principals and teachers. That holds when the
 * seed, the population, the innovations and the parameters that shape month
 * 0 are the same; the error says which field differs and how to fix it. */
#include "analysis/compare.h"

#include <stdio.h>
#include <string.h>
#include "models/interventions.h"
#include "models/params.h"

#define PAIRING_FIX "common random numbers pair replicate r of every scenario, which needs " \
                    "identical populations: give every scenario the same population, " \
                    "innovations and initial-state parameters (and run them with the same --schools)"

static int differ(bilim_error *err, const bilim_scenario *b, const bilim_scenario *o,
                  const char *what)
{
    return bilim_error_set(err, BILIM_EINVAL,
                           "scenario '%s' cannot be paired with the baseline '%s': %s; %s",
                           o->name, b->name, what, PAIRING_FIX);
}

static int check_population(const bilim_scenario *b, const bilim_scenario *o, bilim_error *err)
{
    const bilim_population *p = &b->population, *q = &o->population;
    char what[512];
    if (p->n_regions != q->n_regions) {
        snprintf(what, sizeof what, "it has %d regions, the baseline %d", q->n_regions,
                 p->n_regions);
        return differ(err, b, o, what);
    }
    for (int32_t i = 0; i < p->n_regions; i++) {
        const bilim_region *r = &p->regions[i], *s = &q->regions[i];
        if (strcmp(r->name, s->name) != 0 || r->urban != s->urban || r->rural != s->rural ||
            r->small_class != s->small_class) {
            snprintf(what, sizeof what,
                     "region %d is '%s' with %d urban, %d rural (%d small-class) schools; "
                     "the baseline's is '%s' with %d, %d (%d)",
                     i, s->name, s->urban, s->rural, s->small_class, r->name, r->urban,
                     r->rural, r->small_class);
            return differ(err, b, o, what);
        }
    }
    for (int c = 0; c < BILIM_N_CLASSES; c++)
        if (p->teachers_mean[c] != q->teachers_mean[c] ||
            p->teachers_sigma[c] != q->teachers_sigma[c])
            return differ(err, b, o, "its teachers-per-school distribution differs");
    if (p->teachers_min != q->teachers_min)
        return differ(err, b, o, "its minimum teachers per school differs");
    return BILIM_OK;
}

static int check_innovations(const bilim_scenario *b, const bilim_scenario *o, bilim_error *err)
{
    char what[512];
    if (b->n_innovations != o->n_innovations) {
        snprintf(what, sizeof what, "it has %d innovations, the baseline %d",
                 o->n_innovations, b->n_innovations);
        return differ(err, b, o, what);
    }
    for (int32_t j = 0; j < b->n_innovations; j++) {
        const bilim_innovation *x = &b->innovations[j], *y = &o->innovations[j];
        if (strcmp(x->name, y->name) != 0 || x->initial_trial != y->initial_trial ||
            x->initial_routine != y->initial_routine) {
            snprintf(what, sizeof what,
                     "innovation %d is '%s' (initial trial %g, routine %g), the baseline's "
                     "'%s' (%g, %g)",
                     j, y->name, y->initial_trial, y->initial_routine, x->name,
                     x->initial_trial, x->initial_routine);
            return differ(err, b, o, what);
        }
    }
    return BILIM_OK;
}

/* Parameters that shape month 0 or how it is measured. */
static int fixes_month_zero(const char *group)
{
    static const char *const groups[] = {"time", "structure", "initial", "bands", "barriers"};
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(group, groups[i]) == 0)
            return 1;
    return 0;
}

static int check_params(const bilim_scenario *b, const bilim_scenario *o, bilim_error *err)
{
    size_t n;
    const bilim_param_info *t = bilim_params_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (!fixes_month_zero(t[i].group))
            continue;
        double x = bilim_params_get(&b->params, &t[i]), y = bilim_params_get(&o->params, &t[i]);
        if (x != y) {
            char what[256];
            snprintf(what, sizeof what, "parameter %s is %g, the baseline's %g", t[i].name, y, x);
            return differ(err, b, o, what);
        }
    }
    return BILIM_OK;
}

static int check_pair(const bilim_scenario *b, const bilim_scenario *o, bilim_error *err)
{
    if (strcmp(b->name, o->name) == 0)
        return bilim_error_set(err, BILIM_EINVAL,
                               "two scenarios are named '%s'; each scenario needs its own "
                               "name (the \"name\" field) because results are stored by name",
                               o->name);
    if (o->start_year != b->start_year || o->start_calendar_month != b->start_calendar_month)
        return bilim_error_set(err, BILIM_EINVAL,
                               "scenario '%s' starts in %04d-%02d, the baseline '%s' in "
                               "%04d-%02d: month t must be the same calendar month in every "
                               "scenario; give them the same \"start_date\"",
                               o->name, o->start_year, o->start_calendar_month, b->name,
                               b->start_year, b->start_calendar_month);
    if (o->seed != b->seed || o->replicates != b->replicates || o->months != b->months)
        return bilim_error_set(err, BILIM_EINVAL,
                               "scenario '%s' (seed %llu, %d replicates, %d months) cannot be "
                               "paired with the baseline '%s' (seed %llu, %d replicates, %d "
                               "months): run them together with the same --seed, --replicates "
                               "and --months",
                               o->name, (unsigned long long)o->seed, o->replicates, o->months,
                               b->name, (unsigned long long)b->seed, b->replicates, b->months);
    int rc = check_population(b, o, err);
    if (!rc)
        rc = check_innovations(b, o, err);
    if (!rc)
        rc = check_params(b, o, err);
    return rc;
}

/* Every budget buys a unit (models/interventions.h), checked here so that a
 * budget scaled below one unit by --schools fails before any scenario runs,
 * not when its turn comes. */
static int check_budgets(const bilim_scenario *sc, bilim_error *err)
{
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        const bilim_intervention *iv = &sc->interventions[i];
        if (bilim_interventions_budget_buys_a_unit(iv, sc))
            continue;
        char what[400];
        double u = bilim_interventions_unit_cost(iv, sc, what, sizeof what);
        return bilim_error_set(err, BILIM_EINVAL,
                               "scenario '%s', intervention '%s': budget_kzt %.15g is below the "
                               "cost of one unit (%s); raise the budget, set it to 0 (no cap) or "
                               "sample more schools (--schools scales budgets), so that it is at "
                               "least %.15g",
                               sc->name, iv->name, iv->budget_kzt, what, u);
    }
    return BILIM_OK;
}

int bilim_compare_check(const bilim_scenario *sc, int32_t n, bilim_error *err)
{
    if (n < 2)
        return bilim_error_set(err, BILIM_EINVAL,
                               "a comparison needs a baseline and at least one option");
    for (int32_t i = 0; i < n; i++) {
        int rc = check_budgets(&sc[i], err);
        if (rc)
            return rc;
    }
    for (int32_t i = 1; i < n; i++) {
        int rc = check_pair(&sc[0], &sc[i], err);
        if (rc)
            return rc;
        for (int32_t k = 1; k < i; k++)
            if (strcmp(sc[k].name, sc[i].name) == 0)
                return check_pair(&sc[k], &sc[i], err);
    }
    return BILIM_OK;
}

/* The observed state at month 0 must match exactly, replicate by replicate. */
static int same_month_zero(const bilim_run_result *b, const bilim_run_result *o, int32_t r,
                           const char **which)
{
    static const bilim_metric_id ids[] = {
        BILIM_M_ADOPTION_ROUTINE, BILIM_M_ADOPTION_TRIAL, BILIM_M_READINESS_BAND_SHARE,
        BILIM_M_BARRIER_PREVALENCE, BILIM_M_MEAN_STATE};
    const double *x = bilim_run_record(b, r, 0), *y = bilim_run_record(o, r, 0);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const bilim_metric *mb = &b->layout.metrics[ids[i]], *mo = &o->layout.metrics[ids[i]];
        if (mb->present != mo->present || mb->size != mo->size ||
            (mb->present && memcmp(x + mb->offset, y + mo->offset, mb->size * sizeof *x))) {
            *which = mb->name;
            return 0;
        }
    }
    return 1;
}

int bilim_compare_check_runs(const bilim_run_result *runs, int32_t n, bilim_error *err)
{
    for (int32_t i = 0; i < n; i++) {
        const bilim_run_result *b = &runs[0], *o = &runs[i];
        if (i > 0) {
            int rc = check_pair(&b->scenario, &o->scenario, err);
            if (rc)
                return rc;
            for (int32_t k = 1; k < i; k++)
                if (strcmp(runs[k].scenario.name, o->scenario.name) == 0)
                    return check_pair(&runs[k].scenario, &o->scenario, err);
        }
        if (o->replicates != b->scenario.replicates || o->months != b->scenario.months ||
            o->replicates < 1 || o->months < 0 || !o->series)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "the run of '%s' holds %d replicates of %d months, not the "
                                   "%d and %d its scenario asks for: the result is incomplete",
                                   o->scenario.name, o->replicates, o->months,
                                   b->scenario.replicates, b->scenario.months);
        if (i == 0)
            continue;
        if (o->schools != b->schools || o->teachers != b->teachers)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "scenario '%s' ran on %d schools and %lld teachers, the "
                                   "baseline '%s' on %d and %lld; %s",
                                   o->scenario.name, o->schools, (long long)o->teachers,
                                   b->scenario.name, b->schools, (long long)b->teachers,
                                   PAIRING_FIX);
        for (int32_t r = 0; r < b->replicates; r++) {
            const char *which = "";
            if (!same_month_zero(b, o, r, &which))
                return bilim_error_set(err, BILIM_EINVAL,
                                       "scenario '%s' does not start from the baseline's "
                                       "month-0 state (%s differs in replicate %d); %s",
                                       o->scenario.name, which, r, PAIRING_FIX);
        }
    }
    return BILIM_OK;
}
