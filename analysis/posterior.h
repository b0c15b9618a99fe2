/* analysis/posterior.h: summaries of a weighted posterior sample.
 *
 * - the fit table: the posterior predictive of each target (weighted mean
 *   and 5% / 95% quantiles of simulated counts), to set against the
 *   observed counts;
 * - identifiability: per parameter, prior and posterior mean and sd, their
 *   ratio (near 1: the data say little about the parameter), a 90%
 *   posterior interval, and the weighted posterior correlation of every
 *   pair of parameters;
 * - the posterior predictive simulations themselves, drawn in parallel and
 *   bit-reproducibly like the ABC generations.
 *
 * Conventions: weights need not be normalised (they are divided by their
 * sum); a weighted sd is sqrt(sum w (x - mean)^2) with normalised w (no
 * small-sample correction); a weighted q-quantile is the smallest value
 * whose cumulative normalised weight reaches q (bilim_abc_weighted_quantile).
 * All functions are pure apart from their outputs. */
#ifndef BILIM_POSTERIOR_H
#define BILIM_POSTERIOR_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "analysis/abc.h"
#include "base/error.h"
#include "models/calib.h"

/* The replicate number of the posterior predictive streams: simulation k of
 * particle i uses bilim_abc_sim_seed(seed, BILIM_POSTERIOR_REPLICATE, i, k),
 * apart from every ABC generation's streams. */
#define BILIM_POSTERIOR_REPLICATE 0xFFFFFFFFu

/* Posterior predictive: for each particle i of r and k < draws, runs the
 * model's simulator once at r->theta[i] with the seed
 * bilim_abc_sim_seed(seed, replicate, i, k) and stores its summary in
 * pred[(i * draws + k) * n_summary ...]; the weight of that row is
 * r->weights[i] / draws. pred holds n_particles * draws * n_summary
 * doubles (caller-owned). Parallel over particles with `threads` threads
 * (<= 0: OpenMP's default), identical for any count. Errors: those of the
 * simulator (lowest particle first), BILIM_ENOMEM, BILIM_EINTR (the
 * caller's cancel flag, may be NULL, became non-zero). */
int bilim_posterior_predict(const bilim_abc_model *m, const bilim_abc_result *r, int draws,
                            uint64_t seed, uint32_t replicate, int threads,
                            const atomic_int *cancel, double *pred, bilim_error *err);

/* Fit of each of n_targets columns of pred ([n_samples][stride], column
 * offset col[t]) under weights w: predicted mean and 5% / 95% quantiles.
 * Returns BILIM_ENOMEM or BILIM_OK. */
int bilim_posterior_fit(const double *pred, size_t stride, const double *w, size_t n_samples,
                        int n_targets, const int *col, double *mean, double *q05, double *q95);

typedef struct bilim_ident_row {
    double prior_mean, prior_sd;
    double posterior_mean, posterior_sd;
    double sd_ratio;                   /* posterior_sd / prior_sd */
    double posterior_q05, posterior_q95;
} bilim_ident_row;

/* Identifiability of d parameters from theta ([n][d]) and weights w:
 * rows[d] and corr[d * d] (weighted Pearson correlations; 1 on the
 * diagonal, NAN where a parameter has no posterior spread). Returns
 * BILIM_ENOMEM or BILIM_OK. */
int bilim_posterior_identify(const double *theta, const double *w, size_t n, int d,
                             const bilim_prior *priors, bilim_ident_row *rows, double *corr);

/* Plain-words verdict for a posterior/prior sd ratio: "identified" below
 * 0.5, "weakly identified" below 0.9, "not identified" from 0.9. */
const char *bilim_posterior_verdict(double sd_ratio);

/* The point estimate of each of d parameters into est[d]. */
int bilim_posterior_point(const double *theta, const double *w, size_t n, int d,
                          bilim_calib_point kind, double *est);

/* Wilson score interval for k successes of n at normal quantile z (1.96
 * for 95%): [*lo, *hi] within [0, 1]. n >= 1. */
void bilim_posterior_wilson(double k, double n, double z, double *lo, double *hi);

#endif
