/* analysis/sobol.h: variance-based global sensitivity (Sobol' indices) of
 * one output to k uncertain inputs (docs/sensitivity.md).
 *
 * Sampling (Saltelli et al. 2010, section 3): two independent N x k
 * matrices A and B in the unit cube, the first and last k coordinates of
 * a Sobol' sequence of dimension 2k (GSL's gsl_qrng_sobol, randomly shifted
 * modulo 1 per dimension from a seed, Cranley & Patterson 1976), and for
 * each input i the matrix A_B^(i): A with column i taken from B. The model
 * runs N (k + 2) times. GSL's generator has at most 40 dimensions, so at
 * most BILIM_SOBOL_MAX_INPUTS = 20 inputs (screen more with Morris first,
 * analysis/morris.h). The caller turns each unit coordinate into a value by
 * the input's quantile function, so the indices are with respect to the
 * inputs' distributions.
 *
 * Row order of the n = N (k + 2) unit points u[row * k + i]: base row j
 * gives rows j (k + 2) + 0 (A_j), + 1 (B_j) and + 2 + i (A_B^(i)_j), so
 * the first M base rows of a design are a complete smaller design.
 *
 * Estimators, with V the variance of the 2N outputs of A and B together:
 *   first order  S_i  = (1/N) sum_j f(B)_j (f(A_B^(i))_j - f(A)_j) / V
 *                (Saltelli et al. 2010, Table 2 (b));
 *   total order  ST_i = (1/2N) sum_j (f(A)_j - f(A_B^(i))_j)^2 / V
 *                (Jansen 1999; Saltelli et al. 2010, Table 2 (f)).
 * Intervals: percentile bootstrap over base rows (R resamples of the N
 * rows with replacement, the same resample for every index; stream purpose
 * BOOTSTRAP of the seed), at the confidence level given. */
#ifndef BILIM_SOBOL_H
#define BILIM_SOBOL_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

#define BILIM_SOBOL_MAX_INPUTS 20

/* Rows of a Saltelli design of N base rows and k inputs: N (k + 2). */
size_t bilim_sobol_rows(int32_t N, int32_t k);

/* Fills u[bilim_sobol_rows(N, k) * k] with the design's unit points (all in
 * the open interval (0, 1)). Reproducible from seed. Errors: BILIM_EINVAL
 * (k < 1, k > BILIM_SOBOL_MAX_INPUTS, N < 2: the message says why),
 * BILIM_ENOMEM. */
int bilim_sobol_sample(int32_t N, int32_t k, uint64_t seed, double *u, bilim_error *err);

/* Indices and their intervals; caller-owned arrays of k. */
typedef struct bilim_sobol_result {
    int32_t k, N;
    double variance;             /* V */
    double mean;                 /* of the 2N outputs of A and B */
    double level;                /* of the intervals, e.g. 0.95 */
    int32_t resamples;           /* bootstrap resamples R */
    double *first, *first_low, *first_high;
    double *total, *total_low, *total_high;
} bilim_sobol_result;

/* Allocates the arrays for k inputs; bilim_sobol_result_clear frees them.
 * Errors: BILIM_ENOMEM. */
int bilim_sobol_result_init(bilim_sobol_result *r, int32_t k, bilim_error *err);
void bilim_sobol_result_clear(bilim_sobol_result *r);

/* The indices of outputs y[bilim_sobol_rows(N, k)] in the row order above,
 * with bootstrap intervals (resamples >= 0; 0: none, NaN bounds) at level
 * in (0, 1), from seed. Errors: BILIM_EINVAL (a non-finite output: the
 * message names its row; zero variance), BILIM_ENOMEM. */
int bilim_sobol_analyse(const double *y, int32_t N, int32_t k, int32_t resamples, double level,
                        uint64_t seed, bilim_sobol_result *r, bilim_error *err);

#endif
