/* tests/test_calibrate_diag.c: the diagnostics of a calibration
 * (analysis/calibrate_diag.c): the data's noise level by hand, and the
 * warnings on the final tolerance and the effective sample size. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "analysis/calibrate.h"

static const int32_t survey[BILIM_CALIB_N_TARGETS] = {44, 72, 0, 107, 97, 93, 75, 23};

static void observed(bilim_calibration *c)
{
    bilim_calibration_defaults(c);
    c->survey_n = 116;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        c->present[t] = 1;
        c->observed[t] = survey[t];
    }
}

/* Three pairs of surveys: (x, survey) at distance 0.601469 (worked out in
 * test_calibrate.c's distance_by_hand), (survey, survey) at 0, and (y + 5,
 * survey + 5) at 1.428227: the scales are the observed counts', so a
 * common shift changes nothing. The median of the three is 0.601469. */
Test(calibrate_diag, noise_level_is_the_median_pair_distance)
{
    bilim_calibration c;
    observed(&c);
    double pred[7][BILIM_CALIB_N_TARGETS];
    const double x[BILIM_CALIB_N_TARGETS] = {46, 70, 0, 107, 97, 93, 75, 25};
    const double y[BILIM_CALIB_N_TARGETS] = {44, 71, 1, 107, 97, 93, 75, 23};
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        pred[0][t] = x[t];
        pred[1][t] = pred[2][t] = pred[3][t] = survey[t];
        pred[4][t] = y[t] + 5;
        pred[5][t] = survey[t] + 5;
        pred[6][t] = 1000; /* odd one out: not paired, ignored */
    }
    cr_assert_float_eq(bilim_calibrate_distance_between(&c, x, pred[1]), 0.601469447615321, 1e-12);
    cr_assert_float_eq(bilim_calibrate_noise_level(&c, &pred[0][0], 7), 0.601469447615321, 1e-12);
    cr_assert_float_eq(bilim_calibrate_noise_level(&c, &pred[4][0], 2), 1.428227408891913, 1e-12);
    cr_assert(isnan(bilim_calibrate_noise_level(&c, &pred[0][0], 1)), "one survey has no pair");
}

/* A result whose last generation has tolerance eps and effective sample
 * size ess of 200 particles, stopped for `stop`. */
static void result(bilim_calibrate_result *r, bilim_abc_generation *h, double eps, double ess,
                   bilim_abc_stop stop)
{
    memset(r, 0, sizeof *r);
    h[0] = (bilim_abc_generation){INFINITY, 200, 200, 1.0, 200.0};
    h[1] = (bilim_abc_generation){eps, 1000, 1000, 0.2, ess};
    r->abc.n_particles = 200;
    r->abc.n_generations = 2;
    r->abc.history = h;
    r->abc.stop = stop;
    r->noise_level = 3.0;
}

/* The run: tolerance 7.04 against a noise level of 3, ESS 26 of
 * 200: two warnings, each saying what to change. */
Test(calibrate_diag, warns_on_tolerance_and_ess)
{
    bilim_calibrate_result r;
    bilim_abc_generation h[2];
    char buf[2048];
    result(&r, h, 7.04, 26.0, BILIM_ABC_STOP_MAX_GENERATIONS);
    cr_assert_eq(bilim_calibrate_warnings(&r, buf, sizeof buf), 2, "%s", buf);
    cr_assert(strstr(buf, "final tolerance 7.04 is above the data's noise level 3 "), "%s", buf);
    cr_assert(strstr(buf, "raise --generations"), "%s", buf);
    cr_assert(strstr(buf, "effective sample size is 26 of 200 particles, below 100"), "%s", buf);
    cr_assert(strstr(buf, "raise --particles"), "%s", buf);
    /* The advice follows the reason the run stopped. */
    result(&r, h, 7.04, 500.0, BILIM_ABC_STOP_BUDGET);
    cr_assert_eq(bilim_calibrate_warnings(&r, buf, sizeof buf), 1, "%s", buf);
    cr_assert(strstr(buf, "raise --max-simulations"), "%s", buf);
    cr_assert_null(strstr(buf, "effective sample size"), "%s", buf);
    /* At the noise level and with ESS at the threshold: silent. */
    result(&r, h, 3.0, BILIM_CALIBRATE_MIN_ESS, BILIM_ABC_STOP_MAX_GENERATIONS);
    cr_assert_eq(bilim_calibrate_warnings(&r, buf, sizeof buf), 0, "%s", buf);
    cr_assert_str_eq(buf, "");
    /* Only the prior's generation: its tolerance is infinite. */
    r.abc.n_generations = 1;
    h[0].ess = 200.0;
    cr_assert_eq(bilim_calibrate_warnings(&r, buf, sizeof buf), 1, "%s", buf);
    cr_assert(strstr(buf, "final tolerance inf"), "%s", buf);
    /* A short buffer is truncated, never overrun. */
    char small[16];
    memset(small, 'x', sizeof small);
    result(&r, h, 7.04, 26.0, BILIM_ABC_STOP_BUDGET);
    cr_assert_eq(bilim_calibrate_warnings(&r, small, 10), 2);
    cr_assert_eq(strlen(small), 9);
    cr_assert_eq(small[10], 'x');
}
