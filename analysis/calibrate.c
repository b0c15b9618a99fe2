/* analysis/calibrate.c: the survey-based simulator and distance (see
 * calibrate.h and docs/calibration.md). */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/model.h"
#include "models/preset.h"

const char *bilim_calib_target_name(int t)
{
    static const char *const names[BILIM_CALIB_N_TARGETS] = {
        "readiness_bands.low", "readiness_bands.intermediate", "readiness_bands.high",
        "barriers.lack_of_practical_knowledge", "barriers.low_staff_motivation",
        "barriers.weak_material_base", "barriers.difficulty_organizing_teaching_staff",
        "barriers.insufficient_managerial_skills"};
    return (t >= 0 && t < BILIM_CALIB_N_TARGETS) ? names[t] : "unknown";
}

void bilim_calibration_defaults(bilim_calibration *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->name, "calibration");
    bilim_scenario_defaults(&c->base);
    c->month = 0;
    c->survey_n = 116;
    c->rural_share = bilim_calib_population_rural_share(&c->base.population);
    bilim_abc_settings_defaults(&c->abc);
    c->schools_per_simulation = 0;
    c->predictive_draws = 1;
    c->point = BILIM_POINT_MEAN;
}

double bilim_calib_population_rural_share(const bilim_population *pop)
{
    int32_t rural = 0, total = bilim_population_schools(pop);
    for (int32_t r = 0; r < pop->n_regions; r++)
        rural += pop->regions[r].rural;
    return total > 0 ? (double)rural / total : 0.0;
}

static void locality_counts(const bilim_population *pop, int32_t *urban, int32_t *rural)
{
    *urban = *rural = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        *urban += pop->regions[r].urban;
        *rural += pop->regions[r].rural;
    }
}

/* Rural principals in a survey of n: the rule of bilim_model_survey. */
static int32_t survey_rural(int32_t n, double rural_share)
{
    return (int32_t)floor(n * rural_share + 0.5);
}

int32_t bilim_calib_min_schools(const bilim_population *pop, int32_t n, double rural_share)
{
    int32_t total = bilim_population_schools(pop);
    int32_t want_r = survey_rural(n, rural_share), want_u = n - want_r;
    for (int32_t m = n; m <= total; m++) {
        bilim_population s;
        if (bilim_population_sample(pop, m, &s, NULL) != BILIM_OK)
            return 0;
        int32_t u, r;
        locality_counts(&s, &u, &r);
        if (u >= want_u && r >= want_r)
            return m;
    }
    return 0;
}

double bilim_calib_distance(const bilim_calibration *c, const double *x)
{
    double n = c->survey_n, d2 = 0.0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        if (!c->present[t])
            continue;
        double y = c->observed[t], diff = x[t] - y, scale;
        if (t < BILIM_N_BANDS) {
            double q = (y + 0.5) / (n + 1.5);
            scale = n * q;
        } else {
            double q = (y + 0.5) / (n + 1.0);
            scale = n * q * (1.0 - q);
        }
        d2 += diff * diff / scale;
    }
    return sqrt(d2);
}

int bilim_calib_problem_init(bilim_calib_problem *p, const bilim_calibration *c,
                             bilim_error *err)
{
    memset(p, 0, sizeof *p);
    p->cal = c;
    if (c->n_free < 1)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no free parameter");
    int any = 0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        any |= c->present[t];
    if (!any)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no target to fit");
    if (c->month < 0 || c->month > c->base.months)
        return bilim_error_set(err, BILIM_EINVAL,
                               "calibration: observation month %d is outside the base "
                               "scenario's months 0..%d", c->month, c->base.months);
    p->n_rural = survey_rural(c->survey_n, c->rural_share);
    const bilim_population *pop = &c->base.population;
    int32_t total = bilim_population_schools(pop);
    p->scenario = c->base;
    p->scenario.replicates = 1;
    if (c->schools_per_simulation > 0 && c->schools_per_simulation < total) {
        int rc = bilim_scenario_sample(&p->scenario, c->schools_per_simulation, err);
        if (rc)
            return rc;
    }
    int32_t u, r;
    locality_counts(&p->scenario.population, &u, &r);
    if (r < p->n_rural || u < c->survey_n - p->n_rural) {
        int32_t need = bilim_calib_min_schools(pop, c->survey_n, c->rural_share);
        if (need > 0)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "calibration: a sample of %d schools holds %d urban and %d rural, "
                                   "too few for a survey of %d (%d rural); use "
                                   "schools_per_simulation >= %d",
                                   bilim_population_schools(&p->scenario.population),
                                   u, r, c->survey_n, p->n_rural, need);
        return bilim_error_set(err, BILIM_EINVAL,
                               "calibration: the population (%d urban, %d rural schools) cannot "
                               "hold a survey of %d principals with %d rural", u, r,
                               c->survey_n, p->n_rural);
    }
    return BILIM_OK;
}

int bilim_calib_apply(const bilim_calibration *c, const double *theta, bilim_params *params)
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

void *bilim_calib_ws_alloc(void *problem)
{
    const bilim_calib_problem *p = problem;
    calib_ws *w = malloc(sizeof *w);
    if (!w)
        return NULL;
    w->sc = p->scenario;
    return w;
}

void bilim_calib_ws_free(void *ws)
{
    free(ws);
}

int bilim_calib_simulate(void *problem, void *ws, const double *theta, uint64_t seed,
                         double *summary, double *distance, bilim_error *err)
{
    const bilim_calib_problem *p = problem;
    const bilim_calibration *c = p->cal;
    calib_ws *w = ws;
    w->sc.params = p->scenario.params;
    if (bilim_calib_apply(c, theta, &w->sc.params) != 0) {
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
    *distance = bilim_calib_distance(c, summary);
    return BILIM_OK;
}

bilim_abc_model bilim_calib_abc_model(const bilim_calib_problem *p, const char **names)
{
    const bilim_calibration *c = p->cal;
    for (int i = 0; i < c->n_free; i++)
        names[i] = c->free[i]->name;
    bilim_abc_model m = {c->n_free, c->prior, names, BILIM_CALIB_N_TARGETS,
                         bilim_calib_simulate, bilim_calib_ws_alloc, bilim_calib_ws_free,
                         (void *)p};
    return m;
}

double bilim_calib_round(double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.4g", x);
    return strtod(buf, NULL);
}
