/* analysis/evppi.c: EVPPI by additive P-spline regression (see evppi.h).
 *
 * With X (n x p: an intercept and each column's centred cubic B-spline
 * basis) and S (p x p: block-diagonal second-difference penalties), the fit
 * at smoothing parameter a is X (X'X + a S)^-1 X'y. Write X'X + eps I =
 * L L' (Cholesky; eps is a tiny ridge that makes it definite, since each
 * term's centred basis sums to zero), L^-1 S L^-T = U diag(lambda) U' and
 * Q = X L^-T U (n x p). Then the fit is Q diag(1 / (1 + a lambda)) Q'y, its
 * effective degrees of freedom sum_i (Q'Q)_ii / (1 + a lambda_i), and the
 * residual sum of squares y'y - 2 sum s_i z_i^2 + (s z)' Q'Q (s z) with
 * z = Q'y, s_i = 1 / (1 + a lambda_i): every smoothing parameter costs
 * O(p^2) once the decomposition is done. */
#include "analysis/evppi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include "base/alloc.h"

#define MAX_BASIS 13        /* 10 segments */
#define MIN_BASIS 4
#define GCV_LOG10_LO (-6.0)
#define GCV_LOG10_HI 8.0
#define GCV_STEPS 57        /* quarter decades */

struct bilim_evppi_smoother {
    size_t n;
    size_t p;
    double *Q;              /* [n][p] */
    double *G;              /* [p][p] = Q'Q */
    double *lambda;         /* [p] eigenvalues of the penalty in the fit's basis */
};

/* Normalised ranks (rank + 1/2) / n of x[i * stride], ties sharing their
 * mean rank, into u[n]. */
typedef struct keyed { double v; size_t i; } keyed;

static int by_value(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

static int ranks(const double *x, size_t n, size_t stride, double *u)
{
    keyed *k = bilim_malloc(n * sizeof *k);
    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){x[i * stride], i};
    qsort(k, n, sizeof *k, by_value);
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b + 1 < n && k[b + 1].v == k[a].v)
            b++;
        double r = 0.5 * (double)(a + b) + 0.5;
        for (size_t j = a; j <= b; j++)
            u[k[j].i] = r / (double)n;
        a = b + 1;
    }
    bilim_free(k);
    return 0;
}

/* The q cubic B-splines on q - 3 equal segments of [0, 1] at u. */
static void bspline(double u, int q, double *b)
{
    int seg = q - 3;
    double s = u * seg;
    int i = (int)s;
    if (i >= seg)
        i = seg - 1;
    if (i < 0)
        i = 0;
    double t = s - i, t2 = t * t, t3 = t2 * t;
    for (int j = 0; j < q; j++)
        b[j] = 0.0;
    b[i] = (1.0 - t) * (1.0 - t) * (1.0 - t) / 6.0;
    b[i + 1] = (3.0 * t3 - 6.0 * t2 + 4.0) / 6.0;
    b[i + 2] = (-3.0 * t3 + 3.0 * t2 + 3.0 * t + 1.0) / 6.0;
    b[i + 3] = t3 / 6.0;
}

/* Fills X (n x p, column 0 the intercept) and S (p x p). */
static int build(const double *x, size_t n, int m, int q, gsl_matrix *X, gsl_matrix *S)
{
    double *u = bilim_malloc(n * sizeof *u);
    double b[MAX_BASIS];
    if (!u)
        return -1;
    gsl_matrix_set_zero(S);
    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(X, i, 0, 1.0);
    for (int c = 0; c < m; c++) {
        if (ranks(x + c, n, (size_t)m, u)) {
            bilim_free(u);
            return -1;
        }
        size_t off = 1 + (size_t)c * (size_t)q;
        for (size_t i = 0; i < n; i++) {
            bspline(u[i], q, b);
            for (int j = 0; j < q; j++)
                gsl_matrix_set(X, i, off + (size_t)j, b[j]);
        }
        /* Centre each basis column, so each term has mean zero. */
        for (int j = 0; j < q; j++) {
            gsl_vector_view col = gsl_matrix_column(X, off + (size_t)j);
            double mean = 0.0;
            for (size_t i = 0; i < n; i++)
                mean += gsl_vector_get(&col.vector, i);
            gsl_vector_add_constant(&col.vector, -mean / (double)n);
        }
        /* S += D'D, D the second differences of the term's q coefficients. */
        for (int r = 0; r + 2 < q; r++) {
            const double d[3] = {1.0, -2.0, 1.0};
            for (int a = 0; a < 3; a++)
                for (int bb = 0; bb < 3; bb++) {
                    size_t ia = off + (size_t)(r + a), ib = off + (size_t)(r + bb);
                    gsl_matrix_set(S, ia, ib, gsl_matrix_get(S, ia, ib) + d[a] * d[bb]);
                }
        }
    }
    bilim_free(u);
    return 0;
}

/* L^-1 S L^-T into S (L lower triangular, from the Cholesky factor in A). */
static void whiten(const gsl_matrix *A, gsl_matrix *S)
{
    gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, A, S);
    gsl_blas_dtrsm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, A, S);
    /* Symmetrise against rounding. */
    for (size_t i = 0; i < S->size1; i++)
        for (size_t j = 0; j < i; j++) {
            double v = 0.5 * (gsl_matrix_get(S, i, j) + gsl_matrix_get(S, j, i));
            gsl_matrix_set(S, i, j, v);
            gsl_matrix_set(S, j, i, v);
        }
}

/* The decomposition of the fit (see the file's comment). */
static int decompose(gsl_matrix *X, gsl_matrix *S, bilim_evppi_smoother *s)
{
    const size_t n = X->size1, p = X->size2;
    gsl_matrix *A = gsl_matrix_alloc(p, p), *U = gsl_matrix_alloc(p, p);
    gsl_vector *ev = gsl_vector_alloc(p);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(p);
    int rc = -1;
    if (!A || !U || !ev || !w)
        goto done;
    gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, X, 0.0, A);
    double tr = 0.0;
    for (size_t i = 0; i < p; i++)
        tr += gsl_matrix_get(A, i, i);
    for (size_t i = 0; i < p; i++)
        gsl_matrix_set(A, i, i, gsl_matrix_get(A, i, i) + 1e-9 * tr / (double)p);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int bad = gsl_linalg_cholesky_decomp1(A);
    if (!bad) {
        whiten(A, S);
        bad = gsl_eigen_symmv(S, ev, U, w);
    }
    gsl_set_error_handler(old);
    if (bad)
        goto done;
    /* Q = X L^-T U. */
    gsl_blas_dtrsm(CblasLeft, CblasLower, CblasTrans, CblasNonUnit, 1.0, A, U);
    gsl_matrix_view Q = gsl_matrix_view_array(s->Q, n, p);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, U, 0.0, &Q.matrix);
    gsl_matrix_view G = gsl_matrix_view_array(s->G, p, p);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Q.matrix, &Q.matrix, 0.0, &G.matrix);
    for (size_t i = 0; i < p; i++) {
        double l = gsl_vector_get(ev, i);
        s->lambda[i] = l > 0.0 ? l : 0.0;
    }
    rc = 0;
done:
    gsl_eigen_symmv_free(w);
    gsl_vector_free(ev);
    gsl_matrix_free(U);
    gsl_matrix_free(A);
    return rc;
}

void bilim_evppi_smoother_free(bilim_evppi_smoother *s)
{
    if (!s)
        return;
    bilim_free(s->Q);
    bilim_free(s->G);
    bilim_free(s->lambda);
    bilim_free(s);
}

int bilim_evppi_smoother_alloc(const double *x, size_t n, int n_cols,
                               bilim_evppi_smoother **out, bilim_error *err)
{
    *out = NULL;
    if (n_cols < 1)
        return bilim_error_set(err, BILIM_EINVAL, "EVPPI needs at least one column");
    /* About three draws per coefficient at most; at least 4 per column. */
    long q = ((long)n / 3 - 1) / n_cols;
    if (q > MAX_BASIS)
        q = MAX_BASIS;
    if (n < 12 || q < MIN_BASIS) {
        long need = 3L * (1 + (long)MIN_BASIS * n_cols);
        return bilim_error_set(err, BILIM_EINVAL, "EVPPI of %d parameter%s needs at least %ld "
                               "draws (found %zu)", n_cols, n_cols == 1 ? "" : "s",
                               need > 12 ? need : 12L, n);
    }
    const size_t p = 1 + (size_t)n_cols * (size_t)q;
    bilim_evppi_smoother *s = bilim_calloc(1, sizeof *s);
    gsl_matrix *X = gsl_matrix_alloc(n, p), *S = gsl_matrix_alloc(p, p);
    int ok = s && X && S;
    if (ok) {
        s->n = n;
        s->p = p;
        s->Q = bilim_malloc(n * p * sizeof *s->Q);
        s->G = bilim_malloc(p * p * sizeof *s->G);
        s->lambda = bilim_malloc(p * sizeof *s->lambda);
        ok = s->Q && s->G && s->lambda && build(x, n, n_cols, (int)q, X, S) == 0 &&
             decompose(X, S, s) == 0;
    }
    gsl_matrix_free(X);
    gsl_matrix_free(S);
    if (!ok) {
        bilim_evppi_smoother_free(s);
        return bilim_error_set(err, BILIM_ENOMEM, "EVPPI: out of memory or a singular "
                               "regression for %d column%s", n_cols, n_cols == 1 ? "" : "s");
    }
    *out = s;
    return BILIM_OK;
}

/* GCV score at smoothing a: n RSS / (n - edf)^2; *edf out. */
static double gcv(const bilim_evppi_smoother *s, const double *z, double yy, double a,
                  double *sz, double *edf)
{
    const size_t p = s->p;
    double cross = 0.0, tr = 0.0;
    for (size_t i = 0; i < p; i++) {
        double si = 1.0 / (1.0 + a * s->lambda[i]);
        sz[i] = si * z[i];
        cross += sz[i] * z[i];
        tr += si * s->G[i * p + i];
    }
    double quad = 0.0;
    for (size_t i = 0; i < p; i++) {
        double row = 0.0;
        for (size_t j = 0; j < p; j++)
            row += s->G[i * p + j] * sz[j];
        quad += sz[i] * row;
    }
    double rss = yy - 2.0 * cross + quad;
    if (rss < 0.0)
        rss = 0.0;
    double dn = (double)s->n - tr;
    *edf = tr;
    return dn > 0.0 ? (double)s->n * rss / (dn * dn) : INFINITY;
}

void bilim_evppi_smooth(const bilim_evppi_smoother *s, const double *y, double *fitted,
                        double *edf)
{
    const size_t n = s->n, p = s->p;
    double z[1 + 64 * MAX_BASIS], sz[1 + 64 * MAX_BASIS];
    double *zz = p <= sizeof z / sizeof z[0] ? z : bilim_malloc(2 * p * sizeof *zz);
    double *szz = p <= sizeof z / sizeof z[0] ? sz : zz + p;
    if (!zz) {
        /* Out of memory: the mean is the fit of a constant. */
        double m = 0.0;
        for (size_t i = 0; i < n; i++)
            m += y[i];
        for (size_t i = 0; i < n; i++)
            fitted[i] = m / (double)n;
        if (edf)
            *edf = 1.0;
        return;
    }
    double yy = 0.0;
    for (size_t j = 0; j < p; j++)
        zz[j] = 0.0;
    for (size_t i = 0; i < n; i++) {
        yy += y[i] * y[i];
        for (size_t j = 0; j < p; j++)
            zz[j] += s->Q[i * p + j] * y[i];
    }
    /* From the smoothest fit down; ties keep the smoother one. */
    double best = INFINITY, best_a = pow(10.0, GCV_LOG10_HI), e = 1.0, best_e = 1.0;
    for (int k = GCV_STEPS - 1; k >= 0; k--) {
        double a = pow(10.0, GCV_LOG10_LO + k * (GCV_LOG10_HI - GCV_LOG10_LO) / (GCV_STEPS - 1));
        double g = gcv(s, zz, yy, a, szz, &e);
        if (g < best * (1.0 - 1e-12)) {
            best = g;
            best_a = a;
            best_e = e;
        }
    }
    gcv(s, zz, yy, best_a, szz, &e);
    for (size_t i = 0; i < n; i++) {
        double f = 0.0;
        for (size_t j = 0; j < p; j++)
            f += s->Q[i * p + j] * szz[j];
        fitted[i] = f;
    }
    if (edf)
        *edf = best_e;
    if (zz != z)
        bilim_free(zz);
}

/* Column k of a [n][K] array into v, and whether it is constant. */
static int column(const double *a, size_t n, int32_t K, int32_t k, double *v)
{
    int constant = 1;
    for (size_t d = 0; d < n; d++) {
        v[d] = a[d * (size_t)K + (size_t)k];
        constant &= v[d] == v[0];
    }
    return constant;
}

int bilim_evppi_compute(const double *x, size_t n, int n_cols, const double *effect,
                        const double *cost, int32_t K, const double *wtp, size_t n_wtp,
                        double *out, bilim_error *err)
{
    bilim_evppi_smoother *s;
    int rc = bilim_evppi_smoother_alloc(x, n, n_cols, &s, err);
    if (rc)
        return rc;
    double *ge = bilim_malloc(n * (size_t)K * sizeof *ge);
    double *gc = bilim_malloc(n * (size_t)K * sizeof *gc);
    double *v = bilim_malloc(n * sizeof *v), *f = bilim_malloc(n * sizeof *f);
    if (!ge || !gc || !v || !f) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "EVPPI: out of memory");
        goto done;
    }
    for (int32_t k = 0; k < K; k++)
        for (int which = 0; which < 2; which++) {
            double *g = which ? gc : ge;
            if (column(which ? cost : effect, n, K, k, v))
                memcpy(f, v, n * sizeof *f);
            else
                bilim_evppi_smooth(s, v, f, NULL);
            for (size_t d = 0; d < n; d++)
                g[d * (size_t)K + (size_t)k] = f[d];
        }
    for (size_t w = 0; w < n_wtp; w++) {
        double l = wtp[w], perfect = 0.0, best_mean = -INFINITY;
        for (size_t d = 0; d < n; d++) {
            double m = -INFINITY;
            for (int32_t k = 0; k < K; k++) {
                double nb = l * ge[d * (size_t)K + (size_t)k] - gc[d * (size_t)K + (size_t)k];
                if (nb > m)
                    m = nb;
            }
            perfect += m;
        }
        for (int32_t k = 0; k < K; k++) {
            double mean = 0.0;
            for (size_t d = 0; d < n; d++)
                mean += l * effect[d * (size_t)K + (size_t)k] - cost[d * (size_t)K + (size_t)k];
            if (mean / (double)n > best_mean)
                best_mean = mean / (double)n;
        }
        double e = perfect / (double)n - best_mean;
        out[w] = e > 0.0 ? e : 0.0;
    }
done:
    bilim_free(ge);
    bilim_free(gc);
    bilim_free(v);
    bilim_free(f);
    bilim_evppi_smoother_free(s);
    return rc;
}
