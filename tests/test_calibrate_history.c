/* tests/test_calibrate_history.c: a synthetic two-date calibration
 * (docs/calibration.md, "History period"): data simulated at known values
 * at month -36 and month 0 identify a decay rate that the month-0 date
 * alone cannot. Label long (about 8 s of CPU, more under sanitizers). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "analysis/calibrate.h"
#include "calib_history_helpers.h"

/* Data generated at known values (k level 0.30, decay 0.012 a month): with
 * the two dates the decay's posterior sd is clearly below its prior's (sd
 * ratio < 0.7) and below the one-date ratio by 0.25 or more; with the month-0
 * date alone the decay is not identified (ratio > 0.85: only the level at
 * month 0 is seen, which the level parameter explains). The truth lies in
 * the two-date 90% intervals. Fixed seeds; 300 particles, 6 generations
 * (about 8 s of CPU; measured: one date 0.95, two dates 0.38). */
Test(calibrate_history, two_dates_identify_a_decay_rate_one_date_cannot, .timeout = 240)
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

