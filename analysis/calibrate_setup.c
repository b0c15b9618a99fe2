/* analysis/calibrate_setup.c: what every ABC-SMC run of a calibration
 * starts from (the calibration itself, calibrate_run.c, and each synthetic
 * set of the recovery check, calibrate_coverage.c). See calibrate.h. */
#include "analysis/calibrate.h"

int bilim_calibrate_setup(const bilim_calibration *c, int threads, bilim_calib_problem *prob,
                          const char **names, bilim_abc_model *model, bilim_abc_settings *s,
                          bilim_error *err)
{
    int rc = bilim_calib_problem_init(prob, c, err);
    if (rc)
        return rc;
    *model = bilim_calibrate_abc_model(prob, names);
    *s = c->abc;
    s->threads = threads;
    return BILIM_OK;
}
