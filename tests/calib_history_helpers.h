/* tests/calib_history_helpers.h: the small populations and the synthetic
 * two-date calibration of tests/test_calibrate_sets.c and
 * tests/test_calibrate_history.c. Header-only: each test binary is one
 * translation unit. */
#ifndef BILIM_CALIB_HISTORY_HELPERS_H
#define BILIM_CALIB_HISTORY_HELPERS_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include "analysis/calibrate.h"

/* The national preset on `schools` schools, `teachers` teachers each, every
 * post filled, no interventions. */
static inline void small_base(bilim_scenario *sc, double teachers)
{
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        sc->population.teachers_mean[k] = teachers;
        sc->population.teachers_sigma[k] = 0.01;
    }
    sc->population.teachers_min = (int32_t)teachers;
    sc->params.fill_rate_urban = 1.0;
    sc->params.fill_rate_rural = 1.0;
}

/* Teachers asked whether their knowledge k is at least 0.3, in all 60
 * schools of the sample, 8 teachers each, at `n_dates` dates: month 0 only
 * (one date), or month -36 and month 0 (two dates: a history of 36 months,
 * so the initial states describe month -36). Free: the level of k (rural
 * mean; urban tied at +0.05) and its monthly decay delta_k. */
static inline void two_date_calibration(bilim_calibration *c, int n_dates)
{
    bilim_calibration_defaults(c);
    small_base(&c->base, 8);
    c->base.months = 12;
    c->schools_per_simulation = 60;
    c->n_sets = n_dates;
    for (int s = 0; s < n_dates; s++) {
        bilim_calib_set *set = &c->sets[s];
        snprintf(set->id, sizeof set->id, "teachers_%d", s);
        set->asked = BILIM_CALIB_TEACHERS;
        set->month = n_dates == 2 && s == 0 ? -36 : 0;
        set->schools = 60;
        set->per_school = 8;
        set->design_effect = 1.0;
        set->item = (bilim_teacher_item){BILIM_TQ_KNOWLEDGE, -1, 0.3};
        c->present[bilim_calib_slot(s, 0)] = 1;
    }
    c->free[0] = bilim_params_find("init_k_mean_rural");
    c->prior[0] = (bilim_prior){BILIM_PRIOR_BETA, 6.0, 14.0, 0.02, 0.85};
    c->free[1] = bilim_params_find("delta_k");
    c->prior[1] = (bilim_prior){BILIM_PRIOR_LOGNORMAL, log(0.00724), 0.5, 0.0, 0.05};
    c->n_free = 2;
    c->ties[0] = (bilim_calib_tie){bilim_params_find("init_k_mean_urban"), 0, 0.05};
    c->n_ties = 1;
    c->abc.particles = 300;
    c->abc.max_generations = 6;
    c->abc.min_acceptance = 0.02;
    c->abc.seed = 18;
}

/* The observed counts: one simulation at the truth (model seed 20180301). */
static inline void observe_truth(bilim_calibration *c, const double *truth)
{
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, c, &err), BILIM_OK, "%s", err.msg);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double s[BILIM_CALIB_N_TARGETS], d;
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, truth, 20180301, s, &d, &err), BILIM_OK);
    bilim_calibrate_ws_free(ws);
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        c->observed[t] = (int32_t)s[t];
}

#endif
