/* models/prior.h: prior distributions of model parameters, truncated to
 * bounds, for calibration (models/calib.h; the ABC-SMC that samples them is
 * analysis/abc.h). Plain data and pure functions; kept below formats/ so the
 * calibration loader can check what it reads. */
#ifndef BILIM_PRIOR_H
#define BILIM_PRIOR_H

#include <stddef.h>

typedef enum bilim_prior_kind {
    BILIM_PRIOR_UNIFORM = 0,    /* flat on [lower, upper] (both finite) */
    BILIM_PRIOR_BETA = 1,       /* Beta(p1 = alpha, p2 = beta) on [0, 1] */
    BILIM_PRIOR_NORMAL = 2,     /* Normal(p1 = mean, p2 = sd) */
    BILIM_PRIOR_LOGNORMAL = 3,  /* log X ~ Normal(p1 = meanlog, p2 = sdlog) */
    BILIM_N_PRIOR_KINDS = 4
} bilim_prior_kind;

/* A prior truncated to [lower, upper] (which may be infinite where the
 * distribution allows). The density is renormalised to the bounds. */
typedef struct bilim_prior {
    bilim_prior_kind kind;
    double p1, p2;
    double lower, upper;
} bilim_prior;

/* "uniform", "beta", "normal", "lognormal"; NULL for an unknown kind. */
const char *bilim_prior_kind_name(bilim_prior_kind k);

/* Checks the prior's numbers: finite positive shape and scale, lower <
 * upper, bounds inside the distribution's support, at least 1e-9 of its
 * mass within them. Returns 0, or non-zero with a message in msg (size n). */
int bilim_prior_check(const bilim_prior *p, char *msg, size_t n);

/* Log density of the truncated prior at x: -INFINITY outside [lower, upper]. */
double bilim_prior_logpdf(const bilim_prior *p, double x);

/* Quantile of the truncated prior: u in (0, 1) to x in [lower, upper]
 * (inverse-CDF sampling). */
double bilim_prior_quantile(const bilim_prior *p, double u);

/* Mean and standard deviation of the truncated prior, in closed form
 * (truncated normal formulas; incomplete beta and lognormal integrals). */
void bilim_prior_moments(const bilim_prior *p, double *mean, double *sd);

#endif
