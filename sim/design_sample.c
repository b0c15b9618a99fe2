/* sim/design_sample.c: drawing a design's points from the priors (see
 * design.h, bilim_design_sample).
 *
 * One uniform per dimension and point: the factors in order, then (with a
 * posterior sample) one for the particle. Each becomes a value through the
 * factor's quantile function (inverse-CDF sampling, models/prior.h) and a
 * particle through the inverse CDF of the weights, so the design's
 * space-filling property carries over to every margin.
 *
 * Sobol': GSL's gsl_qrng_sobol (Bratley & Fox's implementation; at most 40
 * dimensions) preceded by the sequence's all-zero first point, which GSL
 * leaves out (so that, as Owen (2021) recommends, the first 2^m points are
 * a (t, m, s)-net: in one dimension exactly one point in each interval of
 * length 2^-m), randomly shifted modulo 1 per dimension (Cranley &
 * Patterson 1976) with shifts from the design's seed: the points stay a
 * low-discrepancy set, each point is uniform on the cube (so estimates are
 * unbiased), and no point sits on the bounds, where quantiles are
 * infinite.
 *
 * Latin hypercube: per dimension an independent random permutation of the
 * n strata and a uniform position within each stratum (McKay, Beckman &
 * Conover 1979).
 *
 * Streams (base/rng.h, purpose DESIGN, replicate 0): entity = dimension,
 * step 1 the Sobol' shift, step 2 the permutation, step 3 the positions;
 * step 0 is the points' model seeds (design.c). */
#include "sim/design_internal.h"

#include <gsl/gsl_qrng.h>
#include "base/alloc.h"
#include "base/rng.h"

static double stream_u01(uint64_t seed, uint32_t dim, uint32_t step, uint64_t k)
{
    uint64_t w[4];
    bilim_rng_block(seed, 0, BILIM_PURPOSE_DESIGN, dim, step, (uint32_t)(k / 4), w);
    return bilim_rng_u01(w[k % 4]);
}

/* Uniforms u[p * dim + j] from a shifted Sobol' sequence. */
static int sobol(uint64_t seed, int32_t n, int dim, double *u, bilim_error *err)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for a Sobol' sequence");
    double shift[BILIM_DESIGN_SOBOL_MAX_DIM];
    for (int j = 0; j < dim; j++)
        shift[j] = stream_u01(seed, (uint32_t)j, 1, 0);
    for (int32_t p = 0; p < n; p++) {
        double *x = u + (size_t)p * (size_t)dim;
        if (p == 0)
            for (int j = 0; j < dim; j++)
                x[j] = 0.0;
        else
            gsl_qrng_get(q, x);
        for (int j = 0; j < dim; j++) {
            double v = x[j] + shift[j];
            v -= (v >= 1.0) ? 1.0 : 0.0;
            /* A shifted point can land exactly on 0 only by coincidence;
             * keep the open interval the quantile functions expect. */
            x[j] = v > 0.0 ? v : 0x1p-53;
        }
    }
    gsl_qrng_free(q);
    return BILIM_OK;
}

/* Uniforms u[p * dim + j] from a Latin hypercube. */
static int lhs(uint64_t seed, int32_t n, int dim, double *u, bilim_error *err)
{
    int32_t *perm = bilim_malloc((size_t)n * sizeof *perm);
    if (!perm)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for a Latin hypercube");
    for (int j = 0; j < dim; j++) {
        for (int32_t p = 0; p < n; p++)
            perm[p] = p;
        /* Fisher-Yates, from the last place down. */
        for (int32_t k = n - 1; k > 0; k--) {
            int32_t r = (int32_t)(stream_u01(seed, (uint32_t)j, 2, (uint64_t)k) * (k + 1));
            if (r > k)
                r = k;
            int32_t t = perm[k];
            perm[k] = perm[r];
            perm[r] = t;
        }
        for (int32_t p = 0; p < n; p++)
            u[(size_t)p * (size_t)dim + (size_t)j] =
                (perm[p] + stream_u01(seed, (uint32_t)j, 3, (uint64_t)p)) / n;
    }
    bilim_free(perm);
    return BILIM_OK;
}

int bilim_design_sample(bilim_design *d, int32_t n, bilim_design_sampling method,
                        bilim_error *err)
{
    const int has_particles = d->particles.n > 0;
    const int dim = d->n_factors + has_particles;
    if (method == BILIM_SAMPLING_AUTO)
        method = dim <= BILIM_DESIGN_SOBOL_MAX_DIM ? BILIM_SAMPLING_SOBOL : BILIM_SAMPLING_LHS;
    if (method == BILIM_SAMPLING_SOBOL && dim > BILIM_DESIGN_SOBOL_MAX_DIM)
        return bilim_error_set(err, BILIM_EINVAL, "a Sobol' design supports at most %d "
                               "dimensions; this one has %d (use a Latin hypercube, or fix "
                               "some parameters)", BILIM_DESIGN_SOBOL_MAX_DIM, dim);
    if (method != BILIM_SAMPLING_SOBOL && method != BILIM_SAMPLING_LHS)
        return bilim_error_set(err, BILIM_EINVAL, "unknown sampling method %d", (int)method);
    int rc = bilim__design_alloc_points(d, n, err);
    if (rc || dim == 0) {
        d->sampling = method;
        return rc;
    }
    double *u = bilim_malloc((size_t)n * (size_t)dim * sizeof *u);
    if (!u)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %d design points", (int)n);
    rc = method == BILIM_SAMPLING_SOBOL ? sobol(d->seed, n, dim, u, err)
                                        : lhs(d->seed, n, dim, u, err);
    const size_t F = (size_t)d->n_factors;
    for (int32_t p = 0; p < n && !rc; p++) {
        const double *x = u + (size_t)p * (size_t)dim;
        for (size_t f = 0; f < F; f++)
            d->values[(size_t)p * F + f] = bilim_prior_quantile(&d->factors[f].prior, x[f]);
        if (has_particles)
            d->particle[p] = bilim_particles_pick(&d->particles, x[F]);
    }
    bilim_free(u);
    d->sampling = method;
    return rc;
}
