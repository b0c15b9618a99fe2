/* analysis/posterior.c: fit table, identifiability and posterior predictive
 * (see posterior.h). */
#include "analysis/posterior.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "base/alloc.h"

int bilim_posterior_predict(const bilim_abc_model *m, const bilim_abc_result *r, int draws,
                            uint64_t seed, uint32_t replicate, int threads,
                            const atomic_int *cancel, double *pred, bilim_error *err)
{
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (nt < 1)
        nt = 1;
    int32_t n = r->n_particles;
    int ns = m->n_summary, d = m->n_params;
    void **ws = bilim_calloc((size_t)nt, sizeof *ws);
    int *rcs = bilim_calloc((size_t)n, sizeof *rcs);
    bilim_error *errs = bilim_calloc((size_t)nt, sizeof *errs);
    int32_t *err_particle = bilim_malloc((size_t)nt * sizeof *err_particle);
    int rc = BILIM_OK;
    if (!ws || !rcs || !errs || !err_particle) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "posterior predictive: out of memory");
        goto done;
    }
    for (int t = 0; t < nt; t++) {
        err_particle[t] = -1;
        if (m->ws_alloc && !(ws[t] = m->ws_alloc(m->ctx))) {
            rc = bilim_error_set(err, BILIM_ENOMEM, "posterior predictive: out of memory");
            goto done;
        }
    }
    #pragma omp parallel for num_threads(nt) schedule(dynamic, 4)
    for (int32_t i = 0; i < n; i++) {
        int tid = omp_get_thread_num();
        for (int k = 0; k < draws && rcs[i] == BILIM_OK; k++) {
            if (cancel && atomic_load(cancel) != 0) {
                rcs[i] = BILIM_EINTR;
                break;
            }
            double dist;
            bilim_error e;
            bilim_error_clear(&e);
            uint64_t s = bilim_abc_sim_seed(seed, replicate, (uint64_t)i,
                                            (uint32_t)k);
            rcs[i] = m->simulate(m->ctx, ws[tid], &r->theta[(size_t)i * d], s,
                                 &pred[((size_t)i * draws + k) * ns], &dist, &e);
            /* Keep the error of the lowest failing particle this thread saw. */
            if (rcs[i] != BILIM_OK && (err_particle[tid] < 0 || i < err_particle[tid])) {
                err_particle[tid] = i;
                errs[tid] = e;
            }
        }
    }
    for (int32_t i = 0; i < n; i++)
        if (rcs[i] != BILIM_OK) {
            if (rcs[i] == BILIM_EINTR) {
                rc = bilim_error_set(err, BILIM_EINTR, "interrupted");
                break;
            }
            for (int t = 0; t < nt; t++)
                if (err_particle[t] == i)
                    *err = errs[t];
            bilim_error_prefix(err, "posterior predictive, particle %d", i);
            rc = rcs[i];
            break;
        }
done:
    if (ws)
        for (int t = 0; t < nt; t++)
            if (ws[t] && m->ws_free)
                m->ws_free(ws[t]);
    bilim_free(ws);
    bilim_free(rcs);
    bilim_free(errs);
    bilim_free(err_particle);
    return rc;
}

int bilim_posterior_fit(const double *pred, size_t stride, const double *w, size_t n_samples,
                        int n_targets, const int *col, double *mean, double *q05, double *q95)
{
    double *x = bilim_malloc((n_samples ? n_samples : 1) * sizeof *x);
    if (!x)
        return BILIM_ENOMEM;
    double total = 0.0;
    for (size_t i = 0; i < n_samples; i++)
        total += w[i];
    for (int t = 0; t < n_targets; t++) {
        double s = 0.0;
        for (size_t i = 0; i < n_samples; i++) {
            x[i] = pred[i * stride + (size_t)col[t]];
            s += w[i] * x[i];
        }
        mean[t] = s / total;
        q05[t] = bilim_abc_weighted_quantile(x, w, n_samples, 0.05);
        q95[t] = bilim_abc_weighted_quantile(x, w, n_samples, 0.95);
    }
    bilim_free(x);
    return BILIM_OK;
}

int bilim_posterior_identify(const double *theta, const double *w, size_t n, int d,
                             const bilim_prior *priors, bilim_ident_row *rows, double *corr)
{
    double *x = bilim_malloc((n ? n : 1) * sizeof *x);
    double *mu = bilim_malloc((size_t)d * sizeof *mu);
    if (!x || !mu) {
        bilim_free(x);
        bilim_free(mu);
        return BILIM_ENOMEM;
    }
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    for (int c = 0; c < d; c++) {
        bilim_ident_row *r = &rows[c];
        bilim_prior_moments(&priors[c], &r->prior_mean, &r->prior_sd);
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            x[i] = theta[i * (size_t)d + (size_t)c];
            s += w[i] * x[i];
        }
        mu[c] = s / total;
        double v = 0.0;
        for (size_t i = 0; i < n; i++)
            v += w[i] * (x[i] - mu[c]) * (x[i] - mu[c]);
        r->posterior_mean = mu[c];
        r->posterior_sd = sqrt(v / total);
        r->sd_ratio = r->prior_sd > 0.0 ? r->posterior_sd / r->prior_sd : NAN;
        r->posterior_q05 = bilim_abc_weighted_quantile(x, w, n, 0.05);
        r->posterior_q95 = bilim_abc_weighted_quantile(x, w, n, 0.95);
    }
    for (int a = 0; a < d; a++)
        for (int b = 0; b < d; b++) {
            double cov = 0.0;
            for (size_t i = 0; i < n; i++)
                cov += w[i] * (theta[i * (size_t)d + (size_t)a] - mu[a])
                     * (theta[i * (size_t)d + (size_t)b] - mu[b]);
            cov /= total;
            double sa = rows[a].posterior_sd, sb = rows[b].posterior_sd;
            if (a == b)
                corr[a * d + b] = sa > 0.0 ? 1.0 : NAN;
            else
                corr[a * d + b] = (sa > 0.0 && sb > 0.0) ? cov / (sa * sb) : NAN;
        }
    bilim_free(x);
    bilim_free(mu);
    return BILIM_OK;
}

const char *bilim_posterior_verdict(double sd_ratio)
{
    if (!(sd_ratio >= 0.0))
        return "undetermined";
    if (sd_ratio < 0.5)
        return "identified";
    if (sd_ratio < 0.9)
        return "weakly identified";
    return "not identified";
}

int bilim_posterior_point(const double *theta, const double *w, size_t n, int d,
                          bilim_calib_point kind, double *est)
{
    double *x = bilim_malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return BILIM_ENOMEM;
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    for (int c = 0; c < d; c++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            x[i] = theta[i * (size_t)d + (size_t)c];
            s += w[i] * x[i];
        }
        est[c] = kind == BILIM_CALIB_POINT_MEDIAN ? bilim_abc_weighted_quantile(x, w, n, 0.5)
                                            : s / total;
    }
    bilim_free(x);
    return BILIM_OK;
}

void bilim_posterior_wilson(double k, double n, double z, double *lo, double *hi)
{
    double p = k / n, z2 = z * z;
    double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    double half = z / (1.0 + z2 / n) * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    *lo = centre - half < 0.0 ? 0.0 : centre - half;
    *hi = centre + half > 1.0 ? 1.0 : centre + half;
    /* At k = 0 (or n) the bound is exactly 0 (or 1); keep rounding out. */
    if (k <= 0.0)
        *lo = 0.0;
    if (k >= n)
        *hi = 1.0;
}
