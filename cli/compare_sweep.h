/* cli/compare_sweep.h: `bilim compare` with sweeps over policy levers
 * (formats/sweep.h): each option file with a "sweep" becomes one option per
 * level, in place, before anything runs. */
#ifndef BILIM_CLI_COMPARE_SWEEP_H
#define BILIM_CLI_COMPARE_SWEEP_H

#include "analysis/sweep_curve.h"
#include "base/error.h"
#include "models/scenario.h"

/* Expands the options sc[1..*n-1] (loaded from paths[i], resolved JSON
 * json[i]) whose files hold a sweep: *sc is reallocated, json and paths
 * (arrays of max entries) shifted, *n updated; curves[0..*n_curves-1]
 * receive each sweep's levels and scenario names. Messages about a bad
 * "sweep" are printed to stderr in the loader's form. Errors: BILIM_EINVAL,
 * BILIM_EIO, BILIM_ENOMEM. */
int bilim_compare_sweep_expand(bilim_scenario **sc, char **json, const char **paths, int *n,
                               int max, bilim_sweep_curve *curves, int *n_curves,
                               bilim_error *err);

#endif
