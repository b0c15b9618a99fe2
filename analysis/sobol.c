/* analysis/sobol.c: Saltelli sampling and the Sobol' index estimators (see
 * sobol.h).
 *
 * Streams (base/rng.h): the shift of dimension j is (seed, 0, DESIGN, j,
 * step 4) (steps 0 to 3 are sim/design_sample.c's); bootstrap resample b
 * draws its rows from (seed, 0, BOOTSTRAP, b, step 1). */
#include "analysis/sobol.h"

#include <gsl/gsl_qrng.h>
#include <math.h>
#include <string.h>
#include "base/alloc.h"
#include "base/init.h"
#include "base/rng.h"
#include "base/stats.h"

size_t bilim_sobol_rows(int32_t N, int32_t k)
{
    return (N > 0 && k > 0) ? (size_t)N * (size_t)(k + 2) : 0;
}

static double stream_u01(uint64_t seed, uint32_t purpose, uint64_t entity, uint32_t step,
                         uint64_t i)
{
    uint64_t w[4];
    bilim_rng_block(seed, 0, purpose, entity, step, (uint32_t)(i / 4), w);
    return bilim_rng_u01(w[i % 4]);
}

int bilim_sobol_sample(int32_t N, int32_t k, uint64_t seed, double *u, bilim_error *err)
{
    if (k < 1 || k > BILIM_SOBOL_MAX_INPUTS)
        return bilim_error_set(err, BILIM_EINVAL, "a Sobol' analysis takes 1 to %d inputs "
                               "(GSL's Sobol' sequence has at most %d dimensions and the "
                               "design needs 2 per input); found %d: screen them with Morris "
                               "first, then analyse the ones that matter",
                               BILIM_SOBOL_MAX_INPUTS, 2 * BILIM_SOBOL_MAX_INPUTS, (int)k);
    if (N < 2)
        return bilim_error_set(err, BILIM_EINVAL, "a Sobol' analysis needs at least 2 base "
                               "rows (found %d)", (int)N);
    bilim_init();
    const int dim = 2 * k;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim);
    if (!q)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for a Sobol' sequence");
    double shift[2 * BILIM_SOBOL_MAX_INPUTS], x[2 * BILIM_SOBOL_MAX_INPUTS];
    for (int j = 0; j < dim; j++)
        shift[j] = stream_u01(seed, BILIM_PURPOSE_DESIGN, (uint64_t)j, 4, 0);
    const size_t K = (size_t)k, stride = K + 2;
    for (int32_t r = 0; r < N; r++) {
        /* The sequence's first point is all zeros (GSL leaves it out). */
        if (r == 0)
            memset(x, 0, sizeof x);
        else
            gsl_qrng_get(q, x);
        for (int j = 0; j < dim; j++) {
            double v = x[j] + shift[j];
            v -= (v >= 1.0) ? 1.0 : 0.0;
            x[j] = v > 0.0 ? v : 0x1p-53; /* quantile functions want (0, 1) */
        }
        double *base = u + (size_t)r * stride * K;
        memcpy(base, x, K * sizeof *x);               /* A */
        memcpy(base + K, x + K, K * sizeof *x);       /* B */
        for (size_t i = 0; i < K; i++) {               /* A_B^(i) */
            double *ab = base + (2 + i) * K;
            memcpy(ab, x, K * sizeof *x);
            ab[i] = x[K + i];
        }
    }
    gsl_qrng_free(q);
    return BILIM_OK;
}

int bilim_sobol_result_init(bilim_sobol_result *r, int32_t k, bilim_error *err)
{
    memset(r, 0, sizeof *r);
    double *v = bilim_calloc(6 * (size_t)(k > 0 ? k : 1), sizeof *v);
    if (!v)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    const size_t K = (size_t)(k > 0 ? k : 1);
    r->k = k;
    r->first = v;
    r->first_low = v + K;
    r->first_high = v + 2 * K;
    r->total = v + 3 * K;
    r->total_low = v + 4 * K;
    r->total_high = v + 5 * K;
    return BILIM_OK;
}

void bilim_sobol_result_clear(bilim_sobol_result *r)
{
    if (r)
        bilim_free(r->first);
    if (r)
        memset(r, 0, sizeof *r);
}

/* Estimates over the base rows rows[0..N-1] (NULL: 0..N-1) into first[k],
 * total[k]; returns V. */
static double estimate(const double *y, int32_t N, int32_t k, const int32_t *rows,
                       double *first, double *total, double *mean_out)
{
    const size_t stride = (size_t)k + 2;
    double sum = 0.0;
    for (int32_t j = 0; j < N; j++) {
        const double *b = y + (size_t)(rows ? rows[j] : j) * stride;
        sum += b[0] + b[1];
    }
    const double mean = sum / (2.0 * N);
    double ss = 0.0;
    for (int32_t j = 0; j < N; j++) {
        const double *b = y + (size_t)(rows ? rows[j] : j) * stride;
        ss += (b[0] - mean) * (b[0] - mean) + (b[1] - mean) * (b[1] - mean);
    }
    const double V = ss / (2.0 * N - 1.0);
    for (int32_t i = 0; i < k; i++) {
        double s1 = 0.0, st = 0.0;
        for (int32_t j = 0; j < N; j++) {
            const double *b = y + (size_t)(rows ? rows[j] : j) * stride;
            const double fa = b[0], fb = b[1], fab = b[2 + i];
            s1 += fb * (fab - fa);
            st += (fa - fab) * (fa - fab);
        }
        first[i] = s1 / N / V;
        total[i] = st / (2.0 * N) / V;
    }
    if (mean_out)
        *mean_out = mean;
    return V;
}

static int check_outputs(const double *y, int32_t N, int32_t k, bilim_error *err)
{
    const size_t n = bilim_sobol_rows(N, k);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return bilim_error_set(err, BILIM_EINVAL, "run %zu: the output is not a number "
                                   "(%g); every run must give one", i, y[i]);
    return BILIM_OK;
}

/* Percentile intervals of the R bootstrap estimates est[b * k + i]. */
static void intervals(const double *est, int32_t R, int32_t k, double level, double *scratch,
                      double *col, double *low, double *high)
{
    for (int32_t i = 0; i < k; i++) {
        for (int32_t b = 0; b < R; b++)
            col[b] = est[(size_t)b * (size_t)k + (size_t)i];
        low[i] = bilim_stats_quantile(col, (size_t)R, (1.0 - level) / 2.0, scratch);
        high[i] = bilim_stats_quantile(col, (size_t)R, (1.0 + level) / 2.0, scratch);
    }
}

static int bootstrap(const double *y, int32_t N, int32_t k, int32_t R, double level,
                     uint64_t seed, bilim_sobol_result *r, bilim_error *err)
{
    const size_t K = (size_t)k;
    int32_t *rows = bilim_malloc((size_t)N * sizeof *rows);
    double *s1 = bilim_malloc((size_t)R * K * sizeof *s1);
    double *st = bilim_malloc((size_t)R * K * sizeof *st);
    double *col = bilim_malloc(2 * (size_t)R * sizeof *col);
    int rc = (rows && s1 && st && col) ? BILIM_OK
                                       : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t b = 0; !rc && b < R; b++) {
        for (int32_t j = 0; j < N; j++) {
            int32_t v = (int32_t)(stream_u01(seed, BILIM_PURPOSE_BOOTSTRAP, (uint64_t)b, 1,
                                             (uint64_t)j) * N);
            rows[j] = v < N ? v : N - 1;
        }
        estimate(y, N, k, rows, s1 + (size_t)b * K, st + (size_t)b * K, NULL);
    }
    if (!rc) {
        intervals(s1, R, k, level, col + R, col, r->first_low, r->first_high);
        intervals(st, R, k, level, col + R, col, r->total_low, r->total_high);
    }
    bilim_free(rows);
    bilim_free(s1);
    bilim_free(st);
    bilim_free(col);
    return rc;
}

int bilim_sobol_analyse(const double *y, int32_t N, int32_t k, int32_t resamples, double level,
                        uint64_t seed, bilim_sobol_result *r, bilim_error *err)
{
    if (k < 1 || k != r->k || N < 2 || resamples < 0 || !(level > 0.0 && level < 1.0))
        return bilim_error_set(err, BILIM_EINVAL, "bilim_sobol_analyse: bad arguments (k %d, "
                               "N %d, resamples %d, level %g)", (int)k, (int)N, (int)resamples,
                               level);
    int rc = check_outputs(y, N, k, err);
    if (rc)
        return rc;
    r->N = N;
    r->level = level;
    r->resamples = resamples;
    r->variance = estimate(y, N, k, NULL, r->first, r->total, &r->mean);
    if (!(r->variance > 0.0))
        return bilim_error_set(err, BILIM_EINVAL, "the output does not vary over the design "
                               "(variance %g): no input has any effect on it", r->variance);
    for (int32_t i = 0; i < k; i++)
        r->first_low[i] = r->first_high[i] = r->total_low[i] = r->total_high[i] = NAN;
    return resamples > 0 ? bootstrap(y, N, k, resamples, level, seed, r, err) : BILIM_OK;
}
