/* tests/test_calibrate_sets.c: calibrations with several target sets at
 * their own dates (docs/calibration.md, "Targets at several times"): the
 * history before month 0 (bilim_scenario_add_history), the teachers' survey
 * (bilim_model_survey_teachers), the distance over several sets, and
 * what parameters calibrated with a history are marked with. The synthetic
 * two-date calibration is tests/test_calibrate_history.c (label long).
 *
 * Populations are small proportional samples of the national preset with
 * few teachers per school and every post filled, so a simulation costs a
 * fraction of a millisecond. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "analysis/calibrate.h"
#include "formats/scenario_load.h"
#include "formats/uncertainty.h"
#include "models/model.h"
#include "calib_history_helpers.h"
#include "helpers.h"

/* --- the history ------------------------------------------------------------------ */

/* 24 months of history before 2026-09: month 0 is 2024-09, the horizon 24
 * months longer; business as usual (marked, starting at month 0) runs
 * through the history, an option starting at month 12 keeps its calendar
 * start, and so does an unmarked one starting at month 0. */
Test(calibrate_sets, history_moves_month_zero_back)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = 60;
    sc.n_interventions = 3;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_PROFESSIONAL_DEVELOPMENT);
    sc.interventions[0].start_month = 0;
    sc.interventions[0].duration_months = 60;
    sc.interventions[0].business_as_usual = 1;
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_LEADERSHIP_TRAINING);
    sc.interventions[1].start_month = 12;
    sc.interventions[1].duration_months = 24;
    bilim_intervention_defaults(&sc.interventions[2], BILIM_IV_RESOURCE_FUNDING);
    sc.interventions[2].start_month = 0;
    sc.interventions[2].duration_months = 12;
    cr_assert_eq(bilim_scenario_add_history(&sc, 24), 0);
    cr_assert_eq(sc.start_year, 2024);
    cr_assert_eq(sc.start_calendar_month, 9);
    cr_assert_eq(sc.months, 84);
    cr_assert_eq(sc.interventions[0].start_month, 0);
    cr_assert_eq(sc.interventions[0].duration_months, 84);
    cr_assert_eq(sc.interventions[1].start_month, 36);
    cr_assert_eq(sc.interventions[1].duration_months, 24);
    cr_assert_eq(sc.interventions[2].start_month, 24);
    cr_assert_eq(sc.interventions[2].duration_months, 12);
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

/* --- a history's parameters in scenarios ------------------------------------------- */

/* Parameters calibrated with a history describe its start: the parameter
 * file records "history_from", and scenarios (and propagated comparisons,
 * through the posterior sample) take it, so that they run that history
 * before month 0 (tests/test_scenario_history.c runs them). */
Test(calibrate_sets, history_parameters_are_marked_and_used)
{
    bilim_calibration *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    two_date_calibration(c, 2);
    bilim_calibrate_result r;
    memset(&r, 0, sizeof r);
    r.point_written[0] = 0.3;
    r.point_written[1] = 0.012;
    char dir[] = "/tmp/bilim-calib-sets-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[600];
    snprintf(path, sizeof path, "%s/params.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    bilim_calibrate_write_params(f, c, &r, "a test");
    cr_assert_eq(fclose(f), 0);
    char *text = test_slurp(path);
    cr_assert(strstr(text, "\"history_from\": \"2023-09\""), "%s", text);
    free(text);
    test_write_in(dir, "scenario.json", "{\"name\": \"s\", \"parameter_file\": \"params.json\"}");
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    bilim_scenario *sc = malloc(sizeof *sc);
    bilim_diags *d = bilim_diags_alloc();
    cr_assert(sc && d);
    int rc = bilim_scenario_load(path, sc, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_eq(sc->history_from, 2023 * 12 + 8);
    cr_assert_eq(bilim_scenario_history_months(sc), 36, "2023-09 to 2026-09");
    bilim_diags_free(d);
    /* Without a history: no mark, and the scenario loads. */
    two_date_calibration(c, 1);
    snprintf(path, sizeof path, "%s/params.json", dir);
    f = fopen(path, "w");
    bilim_calibrate_write_params(f, c, &r, "a test");
    cr_assert_eq(fclose(f), 0);
    text = test_slurp(path);
    cr_assert_null(strstr(text, "history_from"));
    free(text);
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    d = bilim_diags_alloc();
    rc = bilim_scenario_load(path, sc, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    cr_assert_eq(rc, BILIM_OK);
    cr_assert_eq(sc->history_from, 0);
    bilim_diags_free(d);
    /* A posterior sample with the mark. */
    test_write_in(dir, "posterior.json",
                  "{\"history_from\": \"2023-09\", \"parameters\": [\"delta_k\"], "
                  "\"weights\": [1], \"particles\": [[0.01]]}");
    snprintf(path, sizeof path, "%s/posterior.json", dir);
    bilim_particles p;
    bilim_error err;
    cr_assert_eq(bilim_particles_load(path, &p, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(p.history_from, 2023 * 12 + 8);
    bilim_particles_clear(&p);
    test_write_in(dir, "posterior.json",
                  "{\"history_from\": \"2023-13\", \"parameters\": [\"delta_k\"], "
                  "\"weights\": [1], \"particles\": [[0.01]]}");
    cr_assert_eq(bilim_particles_load(path, &p, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "history_from: expected a date \"YYYY-MM\""), "%s", err.msg);
    const char *files[] = {"params.json", "scenario.json", "posterior.json"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    free(sc);
    free(c);
}

/* --- the dynamic parameters' table --------------------------------------------------- */

/* Every dynamic parameter with an uncertainty prior is listed; a free one
 * gets its sd ratio and verdict, the others "prior only (not calibrated)". */
Test(calibrate_sets, dynamic_parameters_table)
{
    bilim_calibration *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    two_date_calibration(c, 2);
    c->free[2] = bilim_params_find("lambda_c");
    c->prior[2] = (bilim_prior){BILIM_PRIOR_UNIFORM, 0, 0, 0.05, 0.5};
    c->free[3] = bilim_params_find("eta_peer");
    c->prior[3] = c->prior[2];
    c->n_free = 4;
    bilim_calibrate_result *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    r->ident[0].sd_ratio = 0.2;   /* init_k_mean_rural: not dynamic */
    r->ident[1].sd_ratio = 0.38;  /* delta_k */
    r->ident[2].sd_ratio = 0.6;   /* lambda_c */
    r->ident[3].sd_ratio = 0.95;  /* eta_peer */
    bilim_calibrate_dynamic_row rows[BILIM_CALIBRATE_MAX_DYNAMIC];
    int n = bilim_calibrate_dynamic(c, r, rows);
    cr_assert_gt(n, 20);
    cr_log_info("%d dynamic parameters", n);
    int seen = 0;
    for (int i = 0; i < n; i++) {
        cr_assert_str_neq(rows[i].group, "initial");
        cr_assert_str_neq(rows[i].name, "bass_p_default", "a fixed prior is not listed");
        if (strcmp(rows[i].name, "delta_k") == 0) {
            cr_assert_eq(rows[i].free, 1);
            cr_assert_eq(rows[i].sd_ratio, 0.38);
            cr_assert_str_eq(rows[i].verdict, "identified");
            seen |= 1;
        } else if (strcmp(rows[i].name, "lambda_c") == 0) {
            cr_assert_str_eq(rows[i].verdict, "weakly identified");
            seen |= 2;
        } else if (strcmp(rows[i].name, "eta_peer") == 0) {
            cr_assert_str_eq(rows[i].verdict, "prior only");
            seen |= 4;
        } else if (strcmp(rows[i].name, "eta_pd") == 0) {
            cr_assert_eq(rows[i].free, -1);
            cr_assert_eq(rows[i].sd_ratio, 1.0);
            cr_assert_str_eq(rows[i].verdict, "prior only (not calibrated)");
            seen |= 8;
        }
    }
    cr_assert_eq(seen, 15, "delta_k, lambda_c, eta_peer and eta_pd are listed");
    free(r);
    free(c);
}

/* With a history, the posterior's pattern checks are measured from the base
 * scenario's month 0 (the history's month H), not from the history's start:
 * one particle's contrast is bilim_patterns_eval_from(.., H, ..) on its
 * scenario, and differs from the one at the start (decay over 36 months). */
Test(calibrate_sets, patterns_after_the_history)
{
    bilim_calibration *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    two_date_calibration(c, 2);
    bilim_pattern *p = &c->patterns[0];
    memset(p, 0, sizeof *p);
    strcpy(p->id, "k_level");
    p->quantity = BILIM_PQ_TEACHER_k;
    p->n_groups = 1;
    p->groups[0] = (bilim_pattern_group){-1, {0, 0, 0}, 1.0};
    c->n_patterns = 1;
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, c, &err), BILIM_OK, "%s", err.msg);
    double theta[2] = {0.3, 0.02}, w = 1.0, dist = 0.0, contrast, share;
    bilim_abc_result one = {1, 2, BILIM_CALIB_N_TARGETS, theta, &w, &dist, NULL, 0, NULL, 0, 0};
    cr_assert_eq(bilim_calibrate_patterns(c, &prob, &one, 1, NULL, &contrast, &share, &err),
                 BILIM_OK, "%s", err.msg);
    bilim_scenario *sc = malloc(sizeof *sc);
    cr_assert_not_null(sc);
    *sc = prob.scenario;
    cr_assert_eq(bilim_calibrate_apply(c, theta, &sc->params), 0);
    sc->seed = bilim_abc_sim_seed(c->abc.seed, BILIM_CALIBRATE_PATTERN_REPLICATE, 0, 0);
    double at_h, at_start;
    cr_assert_eq(bilim_patterns_eval_from(sc, 36, p, 1, &at_h, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_patterns_eval_from(sc, 0, p, 1, &at_start, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(contrast, at_h);
    cr_assert_lt(at_h, at_start - 0.05, "k decays over the history: %g then %g", at_start, at_h);
    cr_assert_eq(share, 1.0);
    free(sc);
    free(c);
}
