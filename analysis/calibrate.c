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

double bilim_calibrate_distance_between(const bilim_calibration *c, const double *x,
                                        const double *y)
{
    double n = c->survey_n, d2 = 0.0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        if (!c->present[t])
            continue;
        double o = c->observed[t], diff = x[t] - y[t], scale;
        if (t < BILIM_N_BANDS) {
            double q = (o + 0.5) / (n + 1.5);
            scale = n * q;
        } else {
            double q = (o + 0.5) / (n + 1.0);
            scale = n * q * (1.0 - q);
        }
        d2 += diff * diff / scale;
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
    while (bilim_model_month(m) < c->month) {
        rc = bilim_model_step(m, err);
        if (rc) {
            bilim_model_free(m);
            return rc;
        }
    }
    bilim_survey s;
    double share = c->survey_n > 0 ? (double)p->n_rural / c->survey_n : 0.0;
    bilim_model_survey(m, c->survey_n, share, 0, &s);
    bilim_model_free(m);
    for (int b = 0; b < BILIM_N_BANDS; b++)
        summary[b] = s.band[b];
    for (int b = 0; b < BILIM_N_BARRIERS; b++)
        summary[BILIM_N_BANDS + b] = s.barrier[b];
    *distance = bilim_calibrate_distance(c, summary);
    return BILIM_OK;
}

/* What a simulation depends on besides theta and its seed (for the ranks
 * of a spread run to check they agree). */
static uint64_t problem_fingerprint(const bilim_calib_problem *p)
{
    const bilim_calibration *c = p->cal;
    uint64_t h = bilim_hash_bytes(BILIM_HASH_INIT, &p->scenario, sizeof p->scenario);
    int32_t ints[4] = {p->n_rural, c->month, c->survey_n, c->schools_per_simulation};
    h = bilim_hash_bytes(h, ints, sizeof ints);
    h = bilim_hash_bytes(h, &c->rural_share, sizeof c->rural_share);
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
