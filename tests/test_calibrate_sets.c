/* tests/test_calibrate_sets.c: calibrations with several target sets at
 * their own dates (docs/calibration.md, "Targets at several times"): the
 * history before month 0 (bilim_scenario_add_history), the teachers' survey
 * (bilim_model_survey_teachers), the distance over several sets, and a
 * synthetic two-date calibration that identifies a dynamic parameter one
 * date cannot.
 *
 * Populations are small proportional samples of the national preset with
 * few teachers per school and every post filled, so a simulation costs a
 * fraction of a millisecond. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "analysis/calibrate.h"
#include "models/model.h"
#include "helpers.h"

/* --- the history ------------------------------------------------------------------ */

/* 24 months of history before 2026-09: month 0 is 2024-09, the horizon 24
 * months longer; business as usual (starting at month 0) runs through the
 * history, an option starting at month 12 keeps its calendar start. */
Test(calibrate_sets, history_moves_month_zero_back)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 60;
    sc.n_interventions = 2;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_PROFESSIONAL_DEVELOPMENT);
    sc.interventions[0].start_month = 0;
    sc.interventions[0].duration_months = 60;
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_LEADERSHIP_TRAINING);
    sc.interventions[1].start_month = 12;
    sc.interventions[1].duration_months = 24;
    cr_assert_eq(bilim_scenario_add_history(&sc, 24), 0);
    cr_assert_eq(sc.start_year, 2024);
    cr_assert_eq(sc.start_calendar_month, 9);
    cr_assert_eq(sc.months, 84);
    cr_assert_eq(sc.interventions[0].start_month, 0);
    cr_assert_eq(sc.interventions[0].duration_months, 84);
    cr_assert_eq(sc.interventions[1].start_month, 36);
    cr_assert_eq(sc.interventions[1].duration_months, 24);
    /* Across a year boundary: 2026-09 minus 9 months is 2025-12. */
    bilim_scenario_defaults(&sc);
    cr_assert_eq(bilim_scenario_add_history(&sc, 9), 0);
    cr_assert_eq(sc.start_year, 2025);
    cr_assert_eq(sc.start_calendar_month, 12);
    cr_assert_eq(bilim_scenario_month_of(&sc, 2026, 9), 9);
    int32_t months = sc.months;
    cr_assert_eq(bilim_scenario_add_history(&sc, BILIM_MAX_MONTHS), -1);
    cr_assert_eq(sc.months, months, "unchanged when refused");
}

/* --- the teachers' survey and the distance ---------------------------------------- */

/* The national preset on `schools` schools, `teachers` teachers each, every
 * post filled, no interventions. */
static void small_base(bilim_scenario *sc, double teachers)
{
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        sc->population.teachers_mean[k] = teachers;
        sc->population.teachers_sigma[k] = 0.01;
    }
    sc->population.teachers_min = (int32_t)teachers;
    sc->params.fill_rate_urban = 1.0;
    sc->params.fill_rate_rural = 1.0;
}

Test(calibrate_sets, teachers_survey_counts)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    small_base(&sc, 6);
    bilim_error err;
    cr_assert_eq(bilim_scenario_sample(&sc, 40, &err), BILIM_OK, "%s", err.msg);
    bilim_model *m = NULL;
    cr_assert_eq(bilim_model_alloc(&sc, 0, &m, &err), BILIM_OK, "%s", err.msg);
    int32_t yes, asked;
    bilim_teacher_item all = {BILIM_TQ_KNOWLEDGE, -1, 0.0};
    bilim_model_survey_teachers(m, 25, 4, &all, 0, &yes, &asked);
    cr_assert_eq(asked, 100, "25 schools x 4 teachers");
    cr_assert_eq(yes, 100, "k >= 0 for everyone");
    bilim_model_survey_teachers(m, 1000, 1000, &all, 0, &yes, &asked);
    cr_assert_eq(asked, 40 * 6, "every teacher of every school");
    bilim_teacher_item none = {BILIM_TQ_USE, 0, 0.0};  /* nobody uses it at month 0 */
    bilim_model_survey_teachers(m, 25, 4, &none, 0, &yes, &asked);
    cr_assert_eq(yes, 0);
    /* A middling threshold: the same draw for the same index and month, a
     * different one for another index. */
    bilim_teacher_item half = {BILIM_TQ_KNOWLEDGE, -1, 0.3};
    int32_t y1, y2, y3, a;
    bilim_model_survey_teachers(m, 20, 3, &half, 0, &y1, &a);
    bilim_model_survey_teachers(m, 20, 3, &half, 0, &y2, &a);
    cr_assert_eq(y1, y2);
    cr_assert(y1 > 5 && y1 < 55, "%d of 60 know at least 0.3", y1);
    int differs = 0;
    for (int32_t i = 1; i < 6; i++) {
        bilim_model_survey_teachers(m, 20, 3, &half, i, &y3, &a);
        differs |= y3 != y1;
    }
    cr_assert(differs, "other survey indices draw other teachers");
    bilim_model_free(m);
}

/* Two sets: principals (only the managerial barrier observed, 23 of 116)
 * and teachers (120 of 30 x 10, design effect 2). x is off by +2 and +10:
 *   principals: q = 23.5 / 117, 4 / (116 q (1 - q)) = 0.2148297
 *   teachers:   q = 120.5 / 301, 100 / (300 q (1 - q) 2) = 0.6942526
 * d = sqrt(0.9090822) = 0.9534580. */
Test(calibrate_sets, distance_combines_the_sets_by_hand)
{
    bilim_calibration c;
    bilim_calibration_defaults(&c);
    c.n_sets = 2;
    c.present[7] = 1;
    c.observed[7] = 23;
    bilim_calib_set *t = &c.sets[1];
    strcpy(t->id, "talis");
    t->asked = BILIM_CALIB_TEACHERS;
    t->schools = 30;
    t->per_school = 10;
    t->design_effect = 2.0;
    int slot = bilim_calib_slot(1, 0);
    c.present[slot] = 1;
    c.observed[slot] = 120;
    double x[BILIM_CALIB_N_TARGETS] = {0};
    x[7] = 25;
    x[slot] = 130;
    cr_assert_float_eq(bilim_calibrate_distance(&c, x), 0.9534580337344071, 1e-12);
    /* The design effect divides the teachers' term. */
    t->design_effect = 1.0;
    cr_assert_float_eq(bilim_calibrate_distance(&c, x),
                       sqrt(0.21482966560865657 + 2 * 0.6942525564840251), 1e-12);
    /* A set that is not there does not count, even with present slots. */
    c.n_sets = 1;
    cr_assert_float_eq(bilim_calibrate_distance(&c, x), sqrt(0.21482966560865657), 1e-12);
}

/* --- a synthetic two-date calibration ---------------------------------------------- */

/* Teachers asked whether their knowledge k is at least 0.3, in all 60
 * schools of the sample, 8 teachers each, at `n_dates` dates: month 0 only
 * (one date), or month -36 and month 0 (two dates: a history of 36 months,
 * so the initial states describe month -36). Free: the level of k (rural
 * mean; urban tied at +0.05) and its monthly decay delta_k. */
static void two_date_calibration(bilim_calibration *c, int n_dates)
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
static void observe_truth(bilim_calibration *c, const double *truth)
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

/* Same seed, same counts; the history changes what month 0 sees. */
Test(calibrate_sets, history_simulation_is_deterministic)
{
    bilim_calibration *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    two_date_calibration(c, 2);
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, c, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(prob.history, 36);
    cr_assert_eq(prob.scenario.months, 48);
    cr_assert_eq(prob.scenario.start_year, 2023);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double th[2] = {0.3, 0.02}, a[BILIM_CALIB_N_TARGETS], b[BILIM_CALIB_N_TARGETS], d;
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, th, 7, a, &d, &err), BILIM_OK);
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, th, 7, b, &d, &err), BILIM_OK);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    int early = bilim_calib_slot(0, 0), late = bilim_calib_slot(1, 0);
    cr_assert(a[early] >= 0 && a[early] <= 480 && a[late] >= 0 && a[late] <= 480);
    /* A fast decay (0.02 a month over 36 months) leaves fewer knowing teachers. */
    cr_assert_lt(a[late], a[early] - 40, "%g then %g", a[early], a[late]);
    bilim_calibrate_ws_free(ws);
    free(c);
}

/* Data generated at known values (k level 0.30, decay 0.012 a month): with
 * the two dates the decay's posterior sd is clearly below its prior's (sd
 * ratio < 0.7) and below the one-date ratio by 0.25 or more; with the month-0
 * date alone the decay is not identified (ratio > 0.85: only the level at
 * month 0 is seen, which the level parameter explains). The truth lies in
 * the two-date 90% intervals. Fixed seeds; 300 particles, 6 generations
 * (about 8 s of CPU; measured: one date 0.95, two dates 0.38). */
Test(calibrate_sets, two_dates_identify_a_decay_rate_one_date_cannot, .timeout = 240)
{
    const double truth[2] = {0.30, 0.012};
    double ratio[3];
    for (int n_dates = 1; n_dates <= 2; n_dates++) {
        bilim_calibration *c = malloc(sizeof *c);
        cr_assert_not_null(c);
        two_date_calibration(c, n_dates);
        observe_truth(c, truth);
        bilim_calibrate_result r;
        bilim_error err;
        cr_assert_eq(bilim_calibrate_run(c, 0, NULL, NULL, NULL, &r, &err), BILIM_OK, "%s",
                     err.msg);
        ratio[n_dates] = r.ident[1].sd_ratio;
        cr_log_info("%d date(s): level sd ratio %.3f, decay sd ratio %.3f (posterior %.4f, "
                    "90%% %.4f to %.4f)", n_dates, r.ident[0].sd_ratio, r.ident[1].sd_ratio,
                    r.ident[1].posterior_mean, r.ident[1].posterior_q05, r.ident[1].posterior_q95);
        if (n_dates == 2)
            for (int i = 0; i < 2; i++)
                cr_expect(r.ident[i].posterior_q05 <= truth[i] &&
                          truth[i] <= r.ident[i].posterior_q95, "%s: truth %g outside %g to %g",
                          c->free[i]->name, truth[i], r.ident[i].posterior_q05,
                          r.ident[i].posterior_q95);
        bilim_calibrate_result_clear(&r);
        free(c);
    }
    cr_expect_gt(ratio[1], 0.85, "one date: decay sd ratio %.3f", ratio[1]);
    cr_expect_lt(ratio[2], 0.7, "two dates: decay sd ratio %.3f", ratio[2]);
    cr_expect_lt(ratio[2], ratio[1] - 0.25, "two dates %.3f against one %.3f", ratio[2],
                 ratio[1]);
}
