/* analysis/morris.c: Morris trajectories and elementary effects (see
 * morris.h).
 *
 * Stream (base/rng.h): trajectory t draws from (seed, 0, DESIGN, t,
 * step 5): uniforms 0..k-1 the starting levels, k..2k-1 the order of the
 * moves (Fisher-Yates). */
#include "analysis/morris.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"
#include "base/rng.h"

size_t bilim_morris_rows(int32_t r, int32_t k)
{
    return (r > 0 && k > 0) ? (size_t)r * (size_t)(k + 1) : 0;
}

static double stream_u01(uint64_t seed, uint64_t t, uint64_t i)
{
    uint64_t w[4];
    bilim_rng_block(seed, 0, BILIM_PURPOSE_DESIGN, t, 5, (uint32_t)(i / 4), w);
    return bilim_rng_u01(w[i % 4]);
}

static int32_t pick(double u, int32_t n)
{
    int32_t v = (int32_t)(u * n);
    return v < n ? v : n - 1;
}

int bilim_morris_sample(int32_t r, int32_t k, int32_t p, uint64_t seed, double *u,
                        bilim_error *err)
{
    if (k < 1 || k > BILIM_MORRIS_MAX_INPUTS)
        return bilim_error_set(err, BILIM_EINVAL, "a Morris screening takes 1 to %d inputs "
                               "(found %d)", BILIM_MORRIS_MAX_INPUTS, (int)k);
    if (r < 2)
        return bilim_error_set(err, BILIM_EINVAL, "a Morris screening needs at least 2 "
                               "trajectories (found %d); 10 to 50 are usual", (int)r);
    if (p < 2 || p % 2 != 0)
        return bilim_error_set(err, BILIM_EINVAL, "the Morris grid needs an even number of "
                               "levels, at least 2 (found %d); 4 is usual", (int)p);
    const size_t K = (size_t)k;
    int32_t *level = bilim_malloc(K * sizeof *level);
    int32_t *order = bilim_malloc(K * sizeof *order);
    if (!level || !order) {
        bilim_free(level);
        bilim_free(order);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    const int32_t jump = p / 2; /* Delta = p / (2 (p - 1)) of the span = p / 2 levels */
    for (int32_t t = 0; t < r; t++) {
        for (size_t i = 0; i < K; i++) {
            level[i] = pick(stream_u01(seed, (uint64_t)t, i), p);
            order[i] = (int32_t)i;
        }
        for (size_t i = K - 1; i > 0; i--) {
            size_t j = (size_t)pick(stream_u01(seed, (uint64_t)t, K + i), (int32_t)i + 1);
            int32_t tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        double *row = u + (size_t)t * (K + 1) * K;
        for (size_t i = 0; i < K; i++)
            row[i] = (level[i] + 0.5) / p;
        for (size_t m = 0; m < K; m++) {
            double *next = row + (m + 1) * K;
            memcpy(next, row + m * K, K * sizeof *next);
            int32_t i = order[m];
            /* Up when the jump stays on the grid, else down. */
            level[i] += level[i] + jump < p ? jump : -jump;
            next[i] = (level[i] + 0.5) / p;
        }
    }
    bilim_free(level);
    bilim_free(order);
    return BILIM_OK;
}

int bilim_morris_result_init(bilim_morris_result *m, int32_t k, bilim_error *err)
{
    memset(m, 0, sizeof *m);
    const size_t K = (size_t)(k > 0 ? k : 1);
    double *v = bilim_calloc(3 * K, sizeof *v);
    if (!v)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    m->k = k;
    m->mu = v;
    m->mu_star = v + K;
    m->sigma = v + 2 * K;
    return BILIM_OK;
}

void bilim_morris_result_clear(bilim_morris_result *m)
{
    if (m) {
        bilim_free(m->mu);
        memset(m, 0, sizeof *m);
    }
}

/* The one input in which rows a and b differ, or -1. */
static int32_t moved_input(const double *a, const double *b, int32_t k)
{
    int32_t found = -1;
    for (int32_t i = 0; i < k; i++)
        if (a[i] != b[i]) {
            if (found >= 0)
                return -1;
            found = i;
        }
    return found;
}

int bilim_morris_analyse(const double *u, const double *y, int32_t r, int32_t k,
                         bilim_morris_result *m, bilim_error *err)
{
    if (k < 1 || r < 2 || m->k != k)
        return bilim_error_set(err, BILIM_EINVAL, "bilim_morris_analyse: bad arguments (k %d, "
                               "r %d)", (int)k, (int)r);
    const size_t K = (size_t)k, n = bilim_morris_rows(r, k);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return bilim_error_set(err, BILIM_EINVAL, "run %zu: the output is not a number "
                                   "(%g); every run must give one", i, y[i]);
    double *ee = bilim_malloc((size_t)r * K * sizeof *ee);
    if (!ee)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = BILIM_OK;
    for (int32_t t = 0; t < r && !rc; t++) {
        size_t row0 = (size_t)t * (K + 1);
        for (size_t s = 0; s < K && !rc; s++) {
            const double *a = u + (row0 + s) * K, *b = a + K;
            int32_t i = moved_input(a, b, k);
            if (i < 0)
                rc = bilim_error_set(err, BILIM_EINVAL, "rows %zu and %zu: a trajectory's "
                                     "consecutive points must differ in exactly one input",
                                     row0 + s, row0 + s + 1);
            else
                ee[(size_t)t * K + (size_t)i] = (y[row0 + s + 1] - y[row0 + s]) / (b[i] - a[i]);
        }
    }
    for (size_t i = 0; i < K && !rc; i++) {
        double s = 0.0, sa = 0.0;
        for (int32_t t = 0; t < r; t++) {
            s += ee[(size_t)t * K + i];
            sa += fabs(ee[(size_t)t * K + i]);
        }
        double mu = s / r, ss = 0.0;
        for (int32_t t = 0; t < r; t++)
            ss += (ee[(size_t)t * K + i] - mu) * (ee[(size_t)t * K + i] - mu);
        m->mu[i] = mu;
        m->mu_star[i] = sa / r;
        m->sigma[i] = sqrt(ss / (r - 1));
    }
    m->r = r;
    bilim_free(ee);
    return rc;
}
