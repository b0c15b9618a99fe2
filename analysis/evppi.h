/* analysis/evppi.h: the expected value of partial perfect information by
 * nonparametric regression (Strong, Oakley & Brennan 2014, Med Decis Making
 * 34(3)), from the same draws as the rest of the analysis.
 *
 * For a parameter (or group) X and options k with net benefit NB_k(lambda)
 * = lambda E_k - C_k per draw d,
 *     EVPPI(X) = mean_d max_k g_k(x_d) - max_k mean_d NB_k(d),
 * where g_k(x) = E[NB_k | X = x] is estimated by regressing NB_k on X over
 * the draws. NB is linear in lambda, so g_k = lambda gE_k - gC_k with gE_k
 * and gC_k the regressions of E_k and C_k: two fits per option give EVPPI
 * at every lambda.
 *
 * The regression is an additive penalised regression spline (a P-spline,
 * Eilers & Marx 1996; additive over the group's columns as in a GAM): each
 * column is replaced by its normalised rank (rank + 1/2) / n, so skewed
 * priors spread their draws evenly, and given a cubic B-spline basis on
 * equally spaced knots, centred, with a second-order difference penalty;
 * one smoothing parameter for all terms is chosen by generalised
 * cross-validation over a grid. Solved through one eigendecomposition per
 * X (Demmler-Reinsch form), so each response and each smoothing parameter
 * costs O(n p).
 *
 * Bias: (1) regression noise that the fit does not remove makes max_k g_k
 * larger on average: EVPPI is biased upwards, most for small effects and
 * few draws (the analysis reports the EVPPI of an independent uniform
 * "null" column as a floor); (2) an additive fit misses interactions
 * within a group, which biases a group's EVPPI downwards; (3) over-smoothing
 * a sharp kink biases it downwards. */
#ifndef BILIM_EVPPI_H
#define BILIM_EVPPI_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

/* The regression of responses on one set of columns. Opaque; heap object. */
typedef struct bilim_evppi_smoother bilim_evppi_smoother;

/* Prepares the regression on x[n][n_cols] (row-major). Needs n >= 12 and
 * enough draws for the basis (at least 4 coefficients per column):
 * BILIM_EINVAL says how many more draws a group of n_cols needs. Errors:
 * BILIM_EINVAL, BILIM_ENOMEM. */
int bilim_evppi_smoother_alloc(const double *x, size_t n, int n_cols,
                               bilim_evppi_smoother **out, bilim_error *err);
void bilim_evppi_smoother_free(bilim_evppi_smoother *s);

/* Fitted values of y[n] (at the GCV choice of the smoothing parameter)
 * into fitted[n]; *edf (may be NULL) receives the fit's effective degrees
 * of freedom (trace of the hat matrix). */
void bilim_evppi_smooth(const bilim_evppi_smoother *s, const double *y, double *fitted,
                        double *edf);

/* EVPPI at each of n_wtp values of lambda, for options k = 0..K-1 with
 * effect[d * K + k] and cost[d * K + k] (draw d of n): out[w] in the units
 * of lambda * effect - cost. A column that is constant over the draws
 * (the baseline's zeros) is its own fit. Errors: those of the smoother. */
int bilim_evppi_compute(const double *x, size_t n, int n_cols, const double *effect,
                        const double *cost, int32_t K, const double *wtp, size_t n_wtp,
                        double *out, bilim_error *err);

#endif
