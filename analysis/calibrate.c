/* analysis/calibrate.c: the survey-based simulator and distance (see
 * calibrate.h and docs/calibration.md). */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/hash.h"
#include "models/model.h"
#include "models/preset.h"

/* The variance scale of slot t's term (k = t's place in its set): the
 * Pearson denominators of docs/calibration.md with the observed
 * proportions, a teachers' count multiplied by its set's design effect. */
static double target_scale(const bilim_calibration *c, int t)
{
    const bilim_calib_set *set = &c->sets[t / BILIM_CALIB_SET_TARGETS];
    int k = t % BILIM_CALIB_SET_TARGETS;
    double n = bilim_calib_set_respondents(set), o = c->observed[t];
    if (set->asked == BILIM_CALIB_PRINCIPALS && k < BILIM_N_BANDS) {
        double q = (o + 0.5) / (n + 1.5);
        return n * q;
    }
    double q = (o + 0.5) / (n + 1.0);
    return n * q * (1.0 - q) * set->design_effect;
}

double bilim_calibrate_distance_between(const bilim_calibration *c, const double *x,
                                        const double *y)
{
    double d2 = 0.0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        if (!bilim_calib_active(c, t))
            continue;
        double diff = x[t] - y[t];
        d2 += diff * diff / target_scale(c, t);
    }
    return sqrt(d2);
}

double bilim_calibrate_distance(const bilim_calibration *c, const double *x)
{
    double y[BILIM_CALIB_N_TARGETS];
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        y[t] = c->observed[t];
    return bilim_calibrate_distance_between(c, x, y);
}

int bilim_calibrate_apply(const bilim_calibration *c, const double *theta, bilim_params *params)
{
    for (int i = 0; i < c->n_free; i++) {
        const bilim_param_info *f = c->free[i];
        if (!(theta[i] >= f->min && theta[i] <= f->max))
            return -1;
        bilim_params_set(params, f, theta[i]);
    }
    for (int i = 0; i < c->n_ties; i++) {
        const bilim_param_info *f = c->ties[i].param;
        double v = theta[c->ties[i].follows] + c->ties[i].offset;
        if (!(v >= f->min && v <= f->max))
            return -1;
        bilim_params_set(params, f, v);
    }
    char msg[256];
    return bilim_params_check(params, msg, sizeof msg) ? -1 : 0;
}

/* A thread's workspace: its own copy of the scenario to write parameters
 * into (bilim_scenario is plain data, about 15 kB). */
typedef struct calib_ws {
    bilim_scenario sc;
} calib_ws;

void *bilim_calibrate_ws_alloc(void *problem)
{
    const bilim_calib_problem *p = problem;
    calib_ws *w = bilim_malloc(sizeof *w);
    if (!w)
        return NULL;
    w->sc = p->scenario;
    return w;
}

void bilim_calibrate_ws_free(void *ws)
{
    bilim_free(ws);
}

/* Set s's survey of the model's current month into its slots. */
static void observe_set(const bilim_calib_problem *p, const bilim_model *m, int s, double *slots)
{
    const bilim_calib_set *set = &p->cal->sets[s];
    if (set->asked == BILIM_CALIB_TEACHERS) {
        int32_t yes, asked;
        bilim_model_survey_teachers(m, set->schools, set->per_school, &set->item, s, &yes, &asked);
        slots[0] = yes;
        return;
    }
    bilim_survey sv;
    double share = set->n > 0 ? (double)p->n_rural[s] / set->n : 0.0;
    bilim_model_survey(m, set->n, share, s, &sv);
    for (int b = 0; b < BILIM_N_BANDS; b++)
        slots[b] = sv.band[b];
    for (int b = 0; b < BILIM_N_BARRIERS; b++)
        slots[BILIM_N_BANDS + b] = sv.barrier[b];
}

int bilim_calibrate_simulate(void *problem, void *ws, const double *theta, uint64_t seed,
                         double *summary, double *distance, bilim_error *err)
{
    const bilim_calib_problem *p = problem;
    const bilim_calibration *c = p->cal;
    calib_ws *w = ws;
    w->sc.params = p->scenario.params;
    if (bilim_calibrate_apply(c, theta, &w->sc.params) != 0) {
        for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
            summary[t] = NAN;
        *distance = INFINITY;
        return BILIM_OK;
    }
    /* Every simulation is a fresh population: replicate 0 of a scenario
     * whose seed is this simulation's. */
    w->sc.seed = seed;
    bilim_model *m = NULL;
    int rc = bilim_model_alloc(&w->sc, 0, &m, err);
    if (rc)
        return rc;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        summary[t] = 0.0;
    /* The sets in the order of their months; set s is survey index s. */
    int32_t last = 0;
    for (int s = 0; s < c->n_sets; s++)
        if (c->sets[s].month + p->history > last)
            last = c->sets[s].month + p->history;
    for (int32_t month = 0; !rc && month <= last; month++) {
        while (!rc && bilim_model_month(m) < month)
            rc = bilim_model_step(m, err);
        for (int s = 0; !rc && s < c->n_sets; s++)
            if (c->sets[s].month + p->history == month)
                observe_set(p, m, s, &summary[bilim_calib_slot(s, 0)]);
    }
    bilim_model_free(m);
    if (rc)
        return rc;
    *distance = bilim_calibrate_distance(c, summary);
    return BILIM_OK;
}

/* What a simulation depends on besides theta and its seed (for the ranks
 * of a spread run to check they agree). */
static uint64_t problem_fingerprint(const bilim_calib_problem *p)
{
    const bilim_calibration *c = p->cal;
    uint64_t h = bilim_hash_bytes(BILIM_HASH_INIT, &p->scenario, sizeof p->scenario);
    int32_t ints[3] = {p->history, c->n_sets, c->schools_per_simulation};
    h = bilim_hash_bytes(h, ints, sizeof ints);
    h = bilim_hash_bytes(h, p->n_rural, (size_t)c->n_sets * sizeof p->n_rural[0]);
    for (int s = 0; s < c->n_sets; s++) { /* field by field: no padding hashed */
        const bilim_calib_set *set = &c->sets[s];
        int32_t si[7] = {set->month, (int32_t)set->asked, set->n, set->schools, set->per_school,
                         (int32_t)set->item.quantity, set->item.innovation};
        double sd[3] = {set->rural_share, set->design_effect, set->item.threshold};
        h = bilim_hash_string(h, set->id);
        h = bilim_hash_bytes(h, si, sizeof si);
        h = bilim_hash_bytes(h, sd, sizeof sd);
    }
    h = bilim_hash_bytes(h, c->present, sizeof c->present);
    h = bilim_hash_bytes(h, c->observed, sizeof c->observed);
    for (int i = 0; i < c->n_free; i++)
        h = bilim_hash_string(h, c->free[i]->name);
    for (int i = 0; i < c->n_ties; i++) {
        h = bilim_hash_string(h, c->ties[i].param->name);
        h = bilim_hash_bytes(h, &c->ties[i].follows, sizeof c->ties[i].follows);
        h = bilim_hash_bytes(h, &c->ties[i].offset, sizeof c->ties[i].offset);
    }
    return h;
}

bilim_abc_model bilim_calibrate_abc_model(const bilim_calib_problem *p, const char **names)
{
    const bilim_calibration *c = p->cal;
    for (int i = 0; i < c->n_free; i++)
        names[i] = c->free[i]->name;
    bilim_abc_model m = {c->n_free, c->prior, names, BILIM_CALIB_N_TARGETS,
                         bilim_calibrate_simulate, bilim_calibrate_ws_alloc, bilim_calibrate_ws_free,
                         (void *)p, problem_fingerprint(p)};
    return m;
}

double bilim_calibrate_round(double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.4g", x);
    return strtod(buf, NULL);
}
