/* models/prior.c: truncated prior distributions (see prior.h).
 *
 * Each prior is a standard distribution restricted to [lower, upper] and
 * renormalised. Sampling is by inverse CDF (one uniform per parameter, so a
 * draw is a pure function of its random stream); in the upper tail the
 * survival function and its inverse are used instead of the CDF to keep
 * precision. Moments of the truncated distributions are in closed form
 * (incomplete beta and normal integrals). */
#include "models/prior.h"

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include "base/init.h"

#define LOG_SQRT_2PI 0.91893853320467274178
#define INV_SQRT_2PI 0.39894228040143267794

const char *bilim_prior_kind_name(bilim_prior_kind k)
{
    static const char *const names[BILIM_N_PRIOR_KINDS] = {"uniform", "beta", "normal",
                                                           "lognormal"};
    return (k >= 0 && k < BILIM_N_PRIOR_KINDS) ? names[k] : NULL;
}

/* The untruncated distribution's natural support. */
static void support(const bilim_prior *p, double *lo, double *hi)
{
    switch (p->kind) {
    case BILIM_PRIOR_BETA: *lo = 0.0; *hi = 1.0; break;
    case BILIM_PRIOR_LOGNORMAL: *lo = 0.0; *hi = INFINITY; break;
    case BILIM_PRIOR_NORMAL: *lo = -INFINITY; *hi = INFINITY; break;
    default: *lo = p->lower; *hi = p->upper; break;
    }
}

/* CDF (lower tail) and survival function of the untruncated distribution. */
static double cdf_p(const bilim_prior *p, double x)
{
    double lo, hi;
    support(p, &lo, &hi);
    if (x <= lo)
        return 0.0;
    if (x >= hi)
        return 1.0;
    switch (p->kind) {
    case BILIM_PRIOR_BETA: return gsl_cdf_beta_P(x, p->p1, p->p2);
    case BILIM_PRIOR_NORMAL: return gsl_cdf_gaussian_P(x - p->p1, p->p2);
    case BILIM_PRIOR_LOGNORMAL: return gsl_cdf_lognormal_P(x, p->p1, p->p2);
    default: return (x - lo) / (hi - lo);
    }
}

static double cdf_q(const bilim_prior *p, double x)
{
    double lo, hi;
    support(p, &lo, &hi);
    if (x <= lo)
        return 1.0;
    if (x >= hi)
        return 0.0;
    switch (p->kind) {
    case BILIM_PRIOR_BETA: return gsl_cdf_beta_Q(x, p->p1, p->p2);
    case BILIM_PRIOR_NORMAL: return gsl_cdf_gaussian_Q(x - p->p1, p->p2);
    case BILIM_PRIOR_LOGNORMAL: return gsl_cdf_lognormal_Q(x, p->p1, p->p2);
    default: return (hi - x) / (hi - lo);
    }
}

static double inv_p(const bilim_prior *p, double u)
{
    switch (p->kind) {
    case BILIM_PRIOR_BETA: return gsl_cdf_beta_Pinv(u, p->p1, p->p2);
    case BILIM_PRIOR_NORMAL: return p->p1 + gsl_cdf_gaussian_Pinv(u, p->p2);
    case BILIM_PRIOR_LOGNORMAL: return gsl_cdf_lognormal_Pinv(u, p->p1, p->p2);
    default: return p->lower + u * (p->upper - p->lower);
    }
}

static double inv_q(const bilim_prior *p, double q)
{
    switch (p->kind) {
    case BILIM_PRIOR_BETA: return gsl_cdf_beta_Qinv(q, p->p1, p->p2);
    case BILIM_PRIOR_NORMAL: return p->p1 + gsl_cdf_gaussian_Qinv(q, p->p2);
    case BILIM_PRIOR_LOGNORMAL: return gsl_cdf_lognormal_Qinv(q, p->p1, p->p2);
    default: return p->upper - q * (p->upper - p->lower);
    }
}

/* Probability of [a, b] under the untruncated distribution, from whichever
 * tail keeps precision. */
static double mass(const bilim_prior *p, double a, double b)
{
    if (cdf_p(p, a) < 0.5)
        return cdf_p(p, b) - cdf_p(p, a);
    return cdf_q(p, a) - cdf_q(p, b);
}

int bilim_prior_check(const bilim_prior *p, char *msg, size_t n)
{
    bilim_init();
    const char *name = bilim_prior_kind_name(p->kind);
    if (!name) {
        snprintf(msg, n, "unknown prior distribution %d", (int)p->kind);
        return 1;
    }
    if (isnan(p->lower) || isnan(p->upper) || !(p->lower < p->upper)) {
        snprintf(msg, n, "%s prior: lower bound (%g) must be below upper bound (%g)", name,
                 p->lower, p->upper);
        return 1;
    }
    double lo, hi;
    switch (p->kind) {
    case BILIM_PRIOR_UNIFORM:
        if (!isfinite(p->lower) || !isfinite(p->upper)) {
            snprintf(msg, n, "uniform prior: both bounds must be finite (found %g, %g)",
                     p->lower, p->upper);
            return 1;
        }
        break;
    case BILIM_PRIOR_BETA:
        if (!(isfinite(p->p1) && p->p1 > 0 && isfinite(p->p2) && p->p2 > 0)) {
            snprintf(msg, n, "beta prior: alpha and beta must be positive numbers (found %g, %g)",
                     p->p1, p->p2);
            return 1;
        }
        break;
    case BILIM_PRIOR_NORMAL:
    case BILIM_PRIOR_LOGNORMAL:
        if (!(isfinite(p->p1) && isfinite(p->p2) && p->p2 > 0)) {
            snprintf(msg, n, "%s prior: the location must be finite and the scale positive (found %g, %g)",
                     name, p->p1, p->p2);
            return 1;
        }
        break;
    default:
        break;
    }
    support(p, &lo, &hi);
    if (p->lower < lo || p->upper > hi) {
        snprintf(msg, n, "%s prior: bounds [%g, %g] leave the distribution's support [%g, %g]",
                 name, p->lower, p->upper, lo, hi);
        return 1;
    }
    double m = mass(p, p->lower, p->upper);
    if (!(m >= 1e-9)) {
        snprintf(msg, n, "%s prior: only %.3g of its probability lies within the bounds [%g, %g]; "
                 "widen the bounds or move the prior", name, m, p->lower, p->upper);
        return 1;
    }
    return 0;
}

/* Untruncated log density at x inside the support. */
static double log_density(const bilim_prior *p, double x)
{
    switch (p->kind) {
    case BILIM_PRIOR_BETA:
        if ((x <= 0.0 && p->p1 != 1.0) || (x >= 1.0 && p->p2 != 1.0))
            return (x <= 0.0 ? p->p1 : p->p2) < 1.0 ? INFINITY : -INFINITY;
        return (p->p1 == 1.0 ? 0.0 : (p->p1 - 1.0) * log(x))
             + (p->p2 == 1.0 ? 0.0 : (p->p2 - 1.0) * log1p(-x)) - gsl_sf_lnbeta(p->p1, p->p2);
    case BILIM_PRIOR_NORMAL: {
        double z = (x - p->p1) / p->p2;
        return -0.5 * z * z - log(p->p2) - LOG_SQRT_2PI;
    }
    case BILIM_PRIOR_LOGNORMAL: {
        if (x <= 0.0)
            return -INFINITY;
        double z = (log(x) - p->p1) / p->p2;
        return -0.5 * z * z - log(p->p2) - LOG_SQRT_2PI - log(x);
    }
    default:
        return -log(p->upper - p->lower);
    }
}

double bilim_prior_logpdf(const bilim_prior *p, double x)
{
    bilim_init();
    if (!(x >= p->lower && x <= p->upper))
        return -INFINITY;
    return log_density(p, x) - log(mass(p, p->lower, p->upper));
}

/* Bisection on the CDF: the fallback when an inverse does not converge. */
static double bisect(const bilim_prior *p, double target)
{
    double a = p->lower, b = p->upper;
    if (!isfinite(a))
        for (a = (isfinite(b) ? b : 0.0) - 1.0; cdf_p(p, a) > target; a = 2.0 * a - 1.0) {}
    if (!isfinite(b))
        for (b = (a > 0 ? 2.0 * a : 0.0) + 1.0; cdf_p(p, b) < target; b = 2.0 * b + 1.0) {}
    for (int it = 0; it < 200 && b - a > 1e-15 * (fabs(a) + fabs(b) + 1e-300); it++) {
        double m = 0.5 * (a + b);
        if (cdf_p(p, m) < target)
            a = m;
        else
            b = m;
    }
    return 0.5 * (a + b);
}

double bilim_prior_quantile(const bilim_prior *p, double u)
{
    bilim_init();
    double x;
    double fl = cdf_p(p, p->lower);
    if (fl < 0.5) {
        double target = fl + u * (cdf_p(p, p->upper) - fl);
        x = inv_p(p, target);
        if (!isfinite(x))
            x = bisect(p, target);
    } else {
        /* Upper tail: invert the survival function. */
        double ql = cdf_q(p, p->lower), qu = cdf_q(p, p->upper);
        double target = ql - u * (ql - qu);
        x = inv_q(p, target);
        if (!isfinite(x))
            x = bisect(p, 1.0 - target);
    }
    if (x < p->lower)
        x = p->lower;
    if (x > p->upper)
        x = p->upper;
    return x;
}

/* Raw moments E[X] and E[X^2] of the truncated distribution. */
static void raw_moments(const bilim_prior *p, double *m1, double *m2)
{
    double a = p->lower, b = p->upper, z = mass(p, a, b);
    switch (p->kind) {
    case BILIM_PRIOR_BETA: {
        /* x^k Beta(al, be) is proportional to Beta(al + k, be). */
        double al = p->p1, be = p->p2;
        bilim_prior s1 = {BILIM_PRIOR_BETA, al + 1.0, be, a, b};
        bilim_prior s2 = {BILIM_PRIOR_BETA, al + 2.0, be, a, b};
        *m1 = al / (al + be) * mass(&s1, a, b) / z;
        *m2 = al * (al + 1.0) / ((al + be) * (al + be + 1.0)) * mass(&s2, a, b) / z;
        break;
    }
    case BILIM_PRIOR_NORMAL: {
        /* Standard truncated-normal formulas with alpha, beta the
         * standardised bounds; phi(+-inf) = 0 and inf * 0 taken as 0. */
        double mu = p->p1, sg = p->p2;
        double al = (a - mu) / sg, bt = (b - mu) / sg;
        double pa = isfinite(al) ? exp(-0.5 * al * al) * INV_SQRT_2PI : 0.0;
        double pb = isfinite(bt) ? exp(-0.5 * bt * bt) * INV_SQRT_2PI : 0.0;
        double apa = isfinite(al) ? al * pa : 0.0, bpb = isfinite(bt) ? bt * pb : 0.0;
        double d = (pa - pb) / z;
        double var = sg * sg * (1.0 + (apa - bpb) / z - d * d);
        *m1 = mu + sg * d;
        *m2 = var + *m1 * *m1;
        break;
    }
    case BILIM_PRIOR_LOGNORMAL: {
        /* E[X^k; a < X < b] = exp(k mu + k^2 s^2 / 2) * P(a < Y_k < b),
         * Y_k lognormal with meanlog mu + k s^2. */
        double mu = p->p1, sg = p->p2;
        bilim_prior s1 = {BILIM_PRIOR_LOGNORMAL, mu + sg * sg, sg, a, b};
        bilim_prior s2 = {BILIM_PRIOR_LOGNORMAL, mu + 2.0 * sg * sg, sg, a, b};
        *m1 = exp(mu + 0.5 * sg * sg) * mass(&s1, a, b) / z;
        *m2 = exp(2.0 * mu + 2.0 * sg * sg) * mass(&s2, a, b) / z;
        break;
    }
    default:
        *m1 = 0.5 * (a + b);
        *m2 = (b - a) * (b - a) / 12.0 + *m1 * *m1;
        break;
    }
}

void bilim_prior_moments(const bilim_prior *p, double *mean, double *sd)
{
    bilim_init();
    double m1, m2;
    raw_moments(p, &m1, &m2);
    double var = m2 - m1 * m1;
    *mean = m1;
    *sd = var > 0.0 ? sqrt(var) : 0.0;
}
