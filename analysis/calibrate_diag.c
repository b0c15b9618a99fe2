/* analysis/calibrate_diag.c: the diagnostics of a calibration that speak up
 * (see calibrate.h): the data's noise level and the warnings. */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdio.h>
#include "base/alloc.h"
#include "base/stats.h"
#include "base/text.h"

double bilim_calibrate_noise_level(const bilim_calibration *c, const double *pred, int32_t n)
{
    int32_t pairs = n / 2;
    if (pairs < 1)
        return NAN;
    double *d = bilim_malloc((size_t)pairs * sizeof *d);
    if (!d)
        return NAN;
    for (int32_t k = 0; k < pairs; k++)
        d[k] = bilim_calibrate_distance_between(c, &pred[(size_t)(2 * k) * BILIM_CALIB_N_TARGETS],
                                                &pred[(size_t)(2 * k + 1) * BILIM_CALIB_N_TARGETS]);
    double med = bilim_stats_quantile(d, (size_t)pairs, 0.5, d);
    bilim_free(d);
    return med;
}

/* What raises the tolerance's floor, by the reason the run stopped. */
static const char *tolerance_advice(bilim_abc_stop s)
{
    switch (s) {
    case BILIM_ABC_STOP_BUDGET:
        return "raise --max-simulations (method.max_simulations) so that more generations fit";
    case BILIM_ABC_STOP_MAX_GENERATIONS:
        return "raise --generations (method.max_generations)";
    case BILIM_ABC_STOP_MIN_ACCEPTANCE:
        return "lower method.min_acceptance and raise --max-simulations";
    case BILIM_ABC_STOP_MIN_EPSILON:
        return "lower method.min_epsilon";
    case BILIM_ABC_STOP_EPSILON_STALLED:
        return "raise --particles (the distances are discrete and tie at the tolerance)";
    }
    return "raise --generations and --max-simulations";
}

int bilim_calibrate_warnings(const bilim_calibrate_result *r, char *buf, size_t n)
{
    size_t used = 0;
    int count = 0;
    if (n > 0)
        buf[0] = '\0';
    const bilim_abc_result *a = &r->abc;
    if (a->n_generations < 1 || !a->history)
        return 0;
    const bilim_abc_generation *last = &a->history[a->n_generations - 1];
    if (!(last->epsilon <= r->noise_level) && isfinite(r->noise_level)) {
        bilim_text_appendf(buf, n, &used, "final tolerance %.3g is above the data's noise level %.3g (the "
               "median distance between two surveys simulated at the point estimate): the "
               "posterior accepts parameter values that fit worse than sampling noise explains "
               "and is wider than the data justify; %s\n", last->epsilon, r->noise_level,
               tolerance_advice(a->stop));
        count++;
    }
    if (last->ess < BILIM_CALIBRATE_MIN_ESS) {
        bilim_text_appendf(buf, n, &used, "the final generation's effective sample size is %.0f of %d "
               "particles, below %.0f: its 5%% and 95%% quantiles rest on a handful of "
               "particles and change with the seed; raise --particles (the ESS grows in "
               "proportion)\n", last->ess, a->n_particles, BILIM_CALIBRATE_MIN_ESS);
        count++;
    }
    return count;
}
