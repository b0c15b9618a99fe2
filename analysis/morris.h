/* analysis/morris.h: elementary effects screening (Morris 1991, with
 * Campolongo, Cariboni & Saltelli 2007's mu*) of one output to k inputs
 * (docs/sensitivity.md).
 *
 * Design: r trajectories of k + 1 points each in the unit cube. Each
 * coordinate lives on a grid of p levels (p even); a trajectory starts at a
 * random grid point and moves one input at a time, in a random order, by
 * Delta = p / (2 (p - 1)) of the grid's span (Morris's choice: every level
 * is equally likely to be visited). The grid is the p stratum midpoints
 * (l + 1/2) / p rather than Morris's 0, 1/(p-1), ..., 1 so that no point is
 * at 0 or 1, where the quantile functions of unbounded priors are
 * infinite; on it Delta is 1/2 of the unit interval (half the prior's
 * probability mass). The caller maps coordinates to values by quantiles.
 *
 * Row order: trajectory t's points are rows t (k + 1) .. t (k + 1) + k.
 *
 * Elementary effect of input i in trajectory t: (f(after) - f(before)) /
 * (u_after,i - u_before,i), in output units per unit of the input's
 * probability scale. Over the r trajectories: mu (mean), mu* (mean of
 * absolute values: the importance measure; Campolongo et al. 2007) and
 * sigma (standard deviation, n - 1: non-linearity or interactions). */
#ifndef BILIM_MORRIS_H
#define BILIM_MORRIS_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define BILIM_MORRIS_MAX_INPUTS 256

/* Rows of r trajectories of k inputs: r (k + 1). */
size_t bilim_morris_rows(int32_t r, int32_t k);

/* Fills u[bilim_morris_rows(r, k) * k] with r trajectories on a p-level
 * grid, reproducible from seed. Errors: BILIM_EINVAL (k < 1 or above
 * BILIM_MORRIS_MAX_INPUTS, r < 2, p odd or < 2: the message says which),
 * BILIM_ENOMEM. */
int bilim_morris_sample(int32_t r, int32_t k, int32_t p, uint64_t seed, double *u,
                        bilim_error *err);

/* Caller-owned arrays of k. */
typedef struct bilim_morris_result {
    int32_t k, r;
    double *mu, *mu_star, *sigma;
} bilim_morris_result;

int bilim_morris_result_init(bilim_morris_result *m, int32_t k, bilim_error *err);
void bilim_morris_result_clear(bilim_morris_result *m);

/* mu, mu* and sigma of the outputs y[rows] at the points u[rows * k] (as
 * bilim_morris_sample made them). Errors: BILIM_EINVAL (a non-finite
 * output, or consecutive points of a trajectory that do not differ in
 * exactly one input: the message names the row), BILIM_ENOMEM. */
int bilim_morris_analyse(const double *u, const double *y, int32_t r, int32_t k,
                         bilim_morris_result *m, bilim_error *err);

#endif
