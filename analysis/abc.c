/* analysis/abc.c: ABC-SMC with adaptive tolerances (see abc.h).
 *
 * Toni et al. (2009), algorithm of section 2.2, with the tolerance schedule
 * and kernel of Beaumont et al. (2009): epsilon_t is the weighted
 * alpha-quantile of generation t - 1's distances and the perturbation kernel
 * has twice generation t - 1's weighted covariance. Particles are produced in
 * fixed batches so that stopping rules (budget, interruption) are decided on
 * counts that do not depend on the number of threads. */
#include "analysis/abc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "base/alloc.h"
#include "base/hash.h"
#include "base/rng.h"
#include "sim/dist.h"

/* Particles per batch: stopping decisions are taken between batches. Fixed,
 * never derived from the thread count. */
#define ABC_BATCH 64

/* The caller's cancel flag (the library reads no signal itself). */
static int cancelled(const bilim_abc_settings *s)
{
    return s->cancel && atomic_load(s->cancel) != 0;
}

const char *bilim_abc_stop_description(bilim_abc_stop s)
{
    switch (s) {
    case BILIM_ABC_STOP_MAX_GENERATIONS: return "reached the maximum number of generations";
    case BILIM_ABC_STOP_MIN_EPSILON: return "reached the target tolerance min_epsilon";
    case BILIM_ABC_STOP_MIN_ACCEPTANCE: return "acceptance rate fell below min_acceptance";
    case BILIM_ABC_STOP_BUDGET: return "the next generation would exceed max_simulations";
    case BILIM_ABC_STOP_EPSILON_STALLED: return "the tolerance could not decrease further";
    }
    return "unknown";
}

void bilim_abc_result_clear(bilim_abc_result *r)
{
    if (!r)
        return;
    bilim_free(r->theta);
    bilim_free(r->weights);
    bilim_free(r->distance);
    bilim_free(r->summary);
    bilim_free(r->history);
    memset(r, 0, sizeof *r);
}

uint64_t bilim_abc_sim_seed(uint64_t seed, uint32_t generation, uint64_t particle,
                            uint32_t attempt)
{
    uint64_t w[4];
    bilim_rng_block(seed, generation, BILIM_PURPOSE_CALIBRATION, particle, attempt, 0, w);
    return w[0];
}

typedef struct xw {
    double x, w;
} xw;

static int cmp_xw(const void *a, const void *b)
{
    double x = ((const xw *)a)->x, y = ((const xw *)b)->x;
    return (x > y) - (x < y);
}

double bilim_abc_weighted_quantile(const double *x, const double *w, size_t n, double q)
{
    if (n == 0)
        return NAN;
    xw *v = bilim_malloc(n * sizeof *v);
    if (!v)
        return NAN;
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        v[i].x = x[i];
        v[i].w = w[i];
        total += w[i];
    }
    qsort(v, n, sizeof *v, cmp_xw);
    /* Ties are summed whole, so the order qsort leaves them in is irrelevant. */
    double cum = 0.0, res = v[n - 1].x;
    for (size_t i = 0; i < n; i++) {
        cum += v[i].w;
        if (i + 1 < n && v[i + 1].x == v[i].x)
            continue;
        if (cum >= q * total * (1.0 - 1e-12)) {
            res = v[i].x;
            break;
        }
    }
    bilim_free(v);
    return res;
}

/* --- one population -------------------------------------------------------- */

typedef struct population {
    int32_t n;
    int d, ns;
    double *theta, *w, *dist, *summ;
} population;

static int population_alloc(population *p, int32_t n, int d, int ns)
{
    p->n = n;
    p->d = d;
    p->ns = ns;
    p->theta = bilim_malloc((size_t)n * (size_t)d * sizeof(double));
    p->w = bilim_malloc((size_t)n * sizeof(double));
    p->dist = bilim_malloc((size_t)n * sizeof(double));
    p->summ = bilim_malloc(((size_t)n * (size_t)ns + 1) * sizeof(double));
    return (p->theta && p->w && p->dist && p->summ) ? 0 : -1;
}

static void population_free(population *p)
{
    bilim_free(p->theta);
    bilim_free(p->w);
    bilim_free(p->dist);
    bilim_free(p->summ);
    memset(p, 0, sizeof *p);
}

/* --- the perturbation kernel built from the previous generation ------------- */

typedef struct kernel {
    bilim_abc_kernel kind;
    int d;
    double *chol;     /* d x d lower triangle of 2 * covariance (MVN) */
    double *sd;       /* d: sqrt(2 * variance) (NORMAL, TRUNCATED) */
    double *logz;     /* n x d: log mass of the truncated kernel around particle j */
    double *cum;      /* n: cumulative weights of the previous generation */
    double log_det;   /* sum of log diag(chol), for MVN */
} kernel;

static void kernel_free(kernel *k)
{
    bilim_free(k->chol);
    bilim_free(k->sd);
    bilim_free(k->logz);
    bilim_free(k->cum);
    memset(k, 0, sizeof *k);
}

/* In-place Cholesky of a d x d symmetric matrix (lower triangle). Returns 0
 * when positive definite. */
static int cholesky(double *a, int d)
{
    for (int j = 0; j < d; j++) {
        double s = a[j * d + j];
        for (int k = 0; k < j; k++)
            s -= a[j * d + k] * a[j * d + k];
        if (!(s > 0.0))
            return -1;
        a[j * d + j] = sqrt(s);
        for (int i = j + 1; i < d; i++) {
            double t = a[i * d + j];
            for (int k = 0; k < j; k++)
                t -= a[i * d + k] * a[j * d + k];
            a[i * d + j] = t / a[j * d + j];
        }
        for (int i = 0; i < j; i++)
            a[i * d + j] = 0.0;
    }
    return 0;
}

static double log_trunc_mass(double centre, double sd, double lo, double hi)
{
    double a = isfinite(lo) ? (lo - centre) / sd : -INFINITY;
    double b = isfinite(hi) ? (hi - centre) / sd : INFINITY;
    double m = a > 0.0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b)
                       : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
    return log(m > 1e-300 ? m : 1e-300);
}

static int kernel_alloc(kernel *k, bilim_abc_kernel kind, int32_t n, int d)
{
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->d = d;
    k->chol = bilim_calloc((size_t)d * (size_t)d, sizeof(double));
    k->sd = bilim_calloc((size_t)d, sizeof(double));
    k->cum = bilim_malloc((size_t)n * sizeof(double));
    if (kind == BILIM_KERNEL_TRUNCATED)
        k->logz = bilim_malloc((size_t)n * (size_t)d * sizeof(double));
    if (!k->chol || !k->sd || !k->cum || (kind == BILIM_KERNEL_TRUNCATED && !k->logz))
        return BILIM_ENOMEM;
    return BILIM_OK;
}

static int kernel_build(kernel *k, bilim_abc_kernel kind, const population *prev,
                        const bilim_prior *priors)
{
    int d = prev->d;
    int32_t n = prev->n;
    if (kernel_alloc(k, kind, n, d))
        return BILIM_ENOMEM;
    double *mean = k->sd; /* reused as scratch, overwritten below */
    for (int c = 0; c < d; c++) {
        double m = 0.0;
        for (int32_t j = 0; j < n; j++)
            m += prev->w[j] * prev->theta[(size_t)j * d + c];
        mean[c] = m;
    }
    for (int a = 0; a < d; a++)
        for (int b = 0; b <= a; b++) {
            double s = 0.0;
            for (int32_t j = 0; j < n; j++)
                s += prev->w[j] * (prev->theta[(size_t)j * d + a] - mean[a])
                   * (prev->theta[(size_t)j * d + b] - mean[b]);
            k->chol[a * d + b] = k->chol[b * d + a] = 2.0 * s;
        }
    /* A parameter on which all particles agree would make the kernel
     * degenerate: give it a variance floor tied to its prior's scale. */
    for (int c = 0; c < d; c++) {
        double pm, psd;
        bilim_prior_moments(&priors[c], &pm, &psd);
        double floor = 1e-12 * (psd * psd + 1e-300);
        if (k->chol[c * d + c] < floor)
            k->chol[c * d + c] = floor;
        k->sd[c] = sqrt(k->chol[c * d + c]);
    }
    if (kind == BILIM_KERNEL_MVN) {
        double *a = bilim_malloc((size_t)d * (size_t)d * sizeof(double));
        if (!a)
            return BILIM_ENOMEM;
        memcpy(a, k->chol, (size_t)d * (size_t)d * sizeof(double));
        if (cholesky(k->chol, d) != 0) {
            /* Numerically singular (e.g. perfectly correlated particles):
             * fall back to the per-parameter variances. */
            memset(k->chol, 0, (size_t)d * (size_t)d * sizeof(double));
            for (int c = 0; c < d; c++)
                k->chol[c * d + c] = sqrt(a[c * d + c]);
        }
        bilim_free(a);
        k->log_det = 0.0;
        for (int c = 0; c < d; c++)
            k->log_det += log(k->chol[c * d + c]);
    }
    if (kind == BILIM_KERNEL_TRUNCATED)
        for (int32_t j = 0; j < n; j++)
            for (int c = 0; c < d; c++)
                k->logz[(size_t)j * d + c] = log_trunc_mass(prev->theta[(size_t)j * d + c],
                                                            k->sd[c], priors[c].lower,
                                                            priors[c].upper);
    double cum = 0.0;
    for (int32_t j = 0; j < n; j++) {
        cum += prev->w[j];
        k->cum[j] = cum;
    }
    return BILIM_OK;
}

/* Log kernel density of x given centre particle j, up to a constant that is
 * the same for every (x, j) pair. */
static double kernel_logpdf(const kernel *k, const double *x, const double *centre, int32_t j,
                            double *scratch)
{
    int d = k->d;
    double s = 0.0;
    if (k->kind == BILIM_KERNEL_MVN) {
        /* Solve L z = x - centre by forward substitution. */
        for (int i = 0; i < d; i++) {
            double t = x[i] - centre[i];
            for (int c = 0; c < i; c++)
                t -= k->chol[i * d + c] * scratch[c];
            scratch[i] = t / k->chol[i * d + i];
            s += scratch[i] * scratch[i];
        }
        return -0.5 * s;
    }
    for (int c = 0; c < d; c++) {
        double z = (x[c] - centre[c]) / k->sd[c];
        s += -0.5 * z * z;
        if (k->kind == BILIM_KERNEL_TRUNCATED)
            s -= k->logz[(size_t)j * d + c];
    }
    return s;
}

/* Draws a proposal around centre into x from the rng's current stream. */
static void kernel_draw(const kernel *k, const double *centre, const bilim_prior *priors,
                        bilim_rng *rng, double *x, double *scratch)
{
    int d = k->d;
    gsl_rng *g = bilim_rng_gsl(rng);
    if (k->kind == BILIM_KERNEL_MVN) {
        for (int c = 0; c < d; c++)
            scratch[c] = gsl_ran_ugaussian(g);
        for (int i = 0; i < d; i++) {
            double t = centre[i];
            for (int c = 0; c <= i; c++)
                t += k->chol[i * d + c] * scratch[c];
            x[i] = t;
        }
        return;
    }
    for (int c = 0; c < d; c++) {
        if (k->kind == BILIM_KERNEL_NORMAL) {
            x[c] = centre[c] + k->sd[c] * gsl_ran_ugaussian(g);
        } else {
            bilim_prior t = {BILIM_PRIOR_NORMAL, centre[c], k->sd[c], priors[c].lower,
                             priors[c].upper};
            x[c] = bilim_prior_quantile(&t, bilim_rng_uniform(rng));
        }
    }
}

static int32_t pick_ancestor(const kernel *k, int32_t n, double u)
{
    double target = u * k->cum[n - 1];
    int32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (k->cum[mid] > target)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double log_prior(const bilim_prior *priors, int d, const double *x)
{
    double s = 0.0;
    for (int c = 0; c < d; c++)
        s += bilim_prior_logpdf(&priors[c], x[c]);
    return s;
}

/* --- one generation ------------------------------------------------------- */

typedef struct thread_ws {
    bilim_rng *rng;
    void *user;
    double *scratch;
} thread_ws;

typedef struct gen_ctx {
    const bilim_abc_model *m;
    const bilim_abc_settings *s;
    uint32_t t;
    double eps;
    const population *prev;   /* NULL in generation 0 */
    const kernel *k;
    population *next;
    int64_t *sims, *props;    /* per particle */
    int *capped;              /* per particle: 1 when it hit the cap */
    bilim_error *errs;        /* per batch slot */
    int64_t sim_cap;          /* simulations a particle may use */
} gen_ctx;

/* Produces particle i of generation g->t; returns a status. */
static int particle_run(const gen_ctx *g, thread_ws *w, int32_t i, bilim_error *err)
{
    const bilim_abc_model *m = g->m;
    int d = m->n_params;
    double *x = &g->next->theta[(size_t)i * d];
    double *summ = &g->next->summ[(size_t)i * m->n_summary];
    int64_t sims = 0, props = 0;
    int64_t prop_cap = 100 * g->sim_cap + 1000;
    int rc = BILIM_OK;
    g->capped[i] = 0;
    for (uint32_t a = 0;; a++) {
        if (sims >= g->sim_cap || props >= prop_cap) {
            g->capped[i] = 1;
            break;
        }
        if (cancelled(g->s)) {
            rc = bilim_error_set(err, BILIM_EINTR, "interrupted");
            break;
        }
        bilim_rng_reset(w->rng, g->s->seed, g->t, BILIM_PURPOSE_CALIBRATION, (uint64_t)i, a);
        if (!g->prev) {
            for (int c = 0; c < d; c++)
                x[c] = bilim_prior_quantile(&m->priors[c], bilim_rng_uniform(w->rng));
        } else {
            int32_t j = pick_ancestor(g->k, g->prev->n, bilim_rng_uniform(w->rng));
            kernel_draw(g->k, &g->prev->theta[(size_t)j * d], m->priors, w->rng, x, w->scratch);
        }
        props++;
        if (!isfinite(log_prior(m->priors, d, x)))
            continue;
        double dist = INFINITY;
        uint64_t sim_seed = bilim_abc_sim_seed(g->s->seed, g->t, (uint64_t)i, a);
        rc = m->simulate(m->ctx, w->user, x, sim_seed, summ, &dist, err);
        sims++;
        if (rc != BILIM_OK)
            break;
        if (isfinite(dist) && dist <= g->eps) {
            g->next->dist[i] = dist;
            break;
        }
    }
    g->sims[i] = sims;
    g->props[i] = props;
    return rc;
}

/* Importance weights of generation t >= 1 (Toni et al. 2009, eq. 2.3):
 * w_i proportional to prior(theta_i) / sum_j W_j K(theta_i | theta_j). */
static void compute_weights(const bilim_abc_model *m, const population *prev,
                            population *next, const kernel *k, int nt, double *scratch_all)
{
    int d = m->n_params;
    int32_t n = next->n;
    #pragma omp parallel for num_threads(nt) schedule(static)
    for (int32_t i = 0; i < n; i++) {
        double *scratch = &scratch_all[(size_t)omp_get_thread_num() * (size_t)d];
        const double *x = &next->theta[(size_t)i * d];
        double mx = -INFINITY;
        for (int32_t j = 0; j < prev->n; j++) {
            if (prev->w[j] <= 0.0)
                continue;
            double v = log(prev->w[j]) + kernel_logpdf(k, x, &prev->theta[(size_t)j * d], j, scratch);
            if (v > mx)
                mx = v;
        }
        double s = 0.0;
        for (int32_t j = 0; j < prev->n; j++) {
            if (prev->w[j] <= 0.0)
                continue;
            double v = log(prev->w[j]) + kernel_logpdf(k, x, &prev->theta[(size_t)j * d], j, scratch);
            s += exp(v - mx);
        }
        next->w[i] = log_prior(m->priors, d, x) - (mx + log(s));
    }
    double mx = -INFINITY;
    for (int32_t i = 0; i < n; i++)
        if (next->w[i] > mx)
            mx = next->w[i];
    double total = 0.0;
    for (int32_t i = 0; i < n; i++) {
        next->w[i] = exp(next->w[i] - mx);
        total += next->w[i];
    }
    for (int32_t i = 0; i < n; i++)
        next->w[i] /= total;
}

static double ess(const double *w, int32_t n)
{
    double s = 0.0;
    for (int32_t i = 0; i < n; i++)
        s += w[i] * w[i];
    return s > 0.0 ? 1.0 / s : 0.0;
}

/* The next tolerance from the previous generation, or -1 when it cannot
 * decrease (all previous distances equal the previous tolerance). */
static double next_epsilon(const population *prev, double prev_eps, double alpha, double min_eps)
{
    double q = bilim_abc_weighted_quantile(prev->dist, prev->w, (size_t)prev->n, alpha);
    if (isfinite(prev_eps) && q >= prev_eps) {
        /* Discrete distances can tie at the quantile: take the largest
         * distance strictly below the current tolerance. */
        q = -1.0;
        for (int32_t i = 0; i < prev->n; i++)
            if (prev->dist[i] < prev_eps && prev->dist[i] > q)
                q = prev->dist[i];
        if (q < 0.0)
            return -1.0;
    }
    return q < min_eps ? min_eps : q;
}

static int check_settings(const bilim_abc_model *m, const bilim_abc_settings *s,
                          bilim_error *err)
{
    if (!m->simulate || m->n_params < 1 || m->n_summary < 0 || !m->priors)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: the model needs at least one parameter, "
                               "priors and a simulator");
    if (s->particles < 2)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: particles must be at least 2 (found %d)",
                               s->particles);
    if (s->max_generations < 1)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: max_generations must be at least 1 (found %d)",
                               s->max_generations);
    if (!(s->quantile > 0.0 && s->quantile < 1.0))
        return bilim_error_set(err, BILIM_EINVAL, "ABC: quantile must lie in (0, 1) (found %g)",
                               s->quantile);
    if (!(s->min_epsilon >= 0.0 && isfinite(s->min_epsilon)))
        return bilim_error_set(err, BILIM_EINVAL, "ABC: min_epsilon must be a finite number >= 0 "
                               "(found %g)", s->min_epsilon);
    if (!(s->min_acceptance >= 0.0 && s->min_acceptance < 1.0))
        return bilim_error_set(err, BILIM_EINVAL, "ABC: min_acceptance must lie in [0, 1) (found %g)",
                               s->min_acceptance);
    if (s->max_simulations < s->particles)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: max_simulations (%lld) must be at least "
                               "the number of particles (%d)", (long long)s->max_simulations,
                               s->particles);
    if (!bilim_abc_kernel_name(s->kernel))
        return bilim_error_set(err, BILIM_EINVAL, "ABC: unknown kernel %d", (int)s->kernel);
    for (int c = 0; c < m->n_params; c++) {
        char msg[512];
        if (bilim_prior_check(&m->priors[c], msg, sizeof msg))
            return bilim_error_set(err, BILIM_EINVAL, "ABC: parameter '%s': %s",
                                   m->names ? m->names[c] : "?", msg);
    }
    return BILIM_OK;
}

/* --- the run ----------------------------------------------------------------- */

typedef struct run_state {
    int nt;
    thread_ws *ws;
    int64_t *sims, *props;
    int *capped;
    bilim_error *errs;
    double *scratch_all;
    population cur, nxt;
    kernel k;
    struct spread *spread;    /* the batches' hand-out over MPI ranks, or NULL */
} run_state;

static int run_state_alloc(run_state *r, const bilim_abc_model *m, const bilim_abc_settings *s)
{
    int d = m->n_params;
    int32_t n = s->particles;
    memset(r, 0, sizeof *r);
    r->nt = s->threads > 0 ? s->threads : omp_get_max_threads();
    if (r->nt < 1)
        r->nt = 1;
    r->ws = bilim_calloc((size_t)r->nt, sizeof *r->ws);
    r->sims = bilim_calloc((size_t)n, sizeof *r->sims);
    r->props = bilim_calloc((size_t)n, sizeof *r->props);
    r->capped = bilim_calloc((size_t)n, sizeof *r->capped);
    r->errs = bilim_calloc(ABC_BATCH, sizeof *r->errs);
    r->scratch_all = bilim_calloc((size_t)r->nt * (size_t)d, sizeof(double));
    if (!r->ws || !r->sims || !r->props || !r->capped || !r->errs || !r->scratch_all
        || population_alloc(&r->cur, n, d, m->n_summary) || population_alloc(&r->nxt, n, d, m->n_summary))
        return BILIM_ENOMEM;
    for (int t = 0; t < r->nt; t++) {
        r->ws[t].rng = bilim_rng_alloc();
        r->ws[t].scratch = bilim_calloc((size_t)d, sizeof(double));
        r->ws[t].user = m->ws_alloc ? m->ws_alloc(m->ctx) : NULL;
        if (!r->ws[t].rng || !r->ws[t].scratch || (m->ws_alloc && !r->ws[t].user))
            return BILIM_ENOMEM;
    }
    return BILIM_OK;
}

static void run_state_free(run_state *r, const bilim_abc_model *m)
{
    if (r->ws)
        for (int t = 0; t < r->nt; t++) {
            bilim_rng_free(r->ws[t].rng);
            bilim_free(r->ws[t].scratch);
            if (m->ws_free && r->ws[t].user)
                m->ws_free(r->ws[t].user);
        }
    bilim_free(r->ws);
    bilim_free(r->sims);
    bilim_free(r->props);
    bilim_free(r->capped);
    bilim_free(r->errs);
    bilim_free(r->scratch_all);
    population_free(&r->cur);
    population_free(&r->nxt);
    kernel_free(&r->k);
}

/* --- batches over MPI ranks (sim/dist.h) ------------------------------------ */

/* A batch's particles are the units of a bilim_dist_work; unit u is particle
 * b + u. Rank 0's context tells a worker all particle_run reads besides
 * the model and settings: the generation, its tolerance, the budget left,
 * the batch's start and, from generation 1 on, the previous generation's
 * particles and the kernel's draw (Cholesky factor, sds, cumulative
 * weights). A unit's result: theta, summary, distance, then simulations,
 * proposals and capped as int64. */
enum { CTX_END, CTX_T, CTX_B, CTX_SIM_CAP, CTX_PREV, CTX_EPS, CTX_HEAD };

typedef struct spread {
    run_state *r;
    const bilim_abc_model *m;
    const bilim_abc_settings *s;
    uint64_t fingerprint;
    unsigned char *ctx;        /* rank 0: the context buffer */
    size_t ctx_max;
    gen_ctx g;                 /* a worker: the batch's, from the context */
    int32_t b;                 /* the batch's first particle */
    int got, end, bad;         /* a worker: context received / says the run is over / malformed */
} spread;

static size_t unit_bytes(const bilim_abc_model *m)
{
    return ((size_t)m->n_params + (size_t)m->n_summary + 4) * sizeof(double);
}

/* The context's size with (prev != 0) or without the previous generation. */
static size_t context_bytes(const spread *sp, int prev)
{
    size_t n = (size_t)sp->s->particles, d = (size_t)sp->m->n_params;
    return (CTX_HEAD + (prev ? n * d + d * d + d + n : 0)) * sizeof(double);
}

static unsigned char *put(unsigned char *p, const void *v, size_t n)
{
    memcpy(p, v, n);
    return p + n;
}

static const unsigned char *get(const unsigned char *p, void *v, size_t n)
{
    memcpy(v, p, n);
    return p + n;
}

/* Rank 0: the context of the batch b.. of g (or the end of the run: g NULL). */
static size_t context_pack(const spread *sp, const gen_ctx *g, int32_t b, unsigned char *to)
{
    int64_t head[CTX_EPS] = {g == NULL, g ? g->t : 0, b, g ? g->sim_cap : 0,
                             g && g->prev};
    double eps = g ? g->eps : 0.0;
    unsigned char *p = put(to, head, sizeof head);
    p = put(p, &eps, sizeof eps);
    if (g && g->prev) {
        size_t n = (size_t)sp->s->particles, d = (size_t)sp->m->n_params;
        p = put(p, g->prev->theta, n * d * sizeof(double));
        p = put(p, g->k->chol, d * d * sizeof(double));
        p = put(p, g->k->sd, d * sizeof(double));
        p = put(p, g->k->cum, n * sizeof(double));
    }
    return (size_t)(p - to);
}

/* A worker: rank 0's context into its gen_ctx and run state. */
static void context_take(void *user, const unsigned char *b, size_t len)
{
    spread *sp = user;
    run_state *r = sp->r;
    int64_t head[CTX_EPS];
    sp->got = 1;
    if (len < context_bytes(sp, 0)) {
        sp->bad = 1;
        return;
    }
    const unsigned char *p = get(b, head, sizeof head);
    p = get(p, &sp->g.eps, sizeof sp->g.eps);
    sp->end = head[CTX_END] != 0;
    sp->bad = len != context_bytes(sp, head[CTX_PREV] != 0) || head[CTX_B] < 0 ||
              head[CTX_B] >= sp->s->particles;
    if (sp->end || sp->bad)
        return;
    sp->g.t = (uint32_t)head[CTX_T];
    sp->b = (int32_t)head[CTX_B];
    sp->g.sim_cap = head[CTX_SIM_CAP];
    sp->g.prev = head[CTX_PREV] ? &r->cur : NULL;
    if (head[CTX_PREV]) {
        size_t n = (size_t)sp->s->particles, d = (size_t)sp->m->n_params;
        p = get(p, r->cur.theta, n * d * sizeof(double));
        p = get(p, r->k.chol, d * d * sizeof(double));
        p = get(p, r->k.sd, d * sizeof(double));
        get(p, r->k.cum, n * sizeof(double));
    }
}

/* A worker: the particles of units[0..n) (n <= 64), as one process would. */
static int spread_run(void *user, const size_t *units, size_t n, int threads,
                      const atomic_int *cancel, unsigned char *out, size_t *len,
                      bilim_error *err)
{
    (void)cancel; /* the settings' flag, which particle_run reads */
    spread *sp = user;
    run_state *r = sp->r;
    const int d = sp->m->n_params, ns = sp->m->n_summary;
    if (!sp->got || sp->bad || sp->end || n > ABC_BATCH || threads > r->nt)
        return bilim_error_set(err, BILIM_EINTERNAL, "ABC: no valid batch from rank 0");
    int rcs[ABC_BATCH];
    #pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t k = 0; k < n; k++) {
        int32_t i = sp->b + (int32_t)units[k];
        bilim_error_clear(&r->errs[k]);
        r->nxt.dist[i] = INFINITY;
        rcs[k] = i < sp->s->particles
               ? particle_run(&sp->g, &r->ws[omp_get_thread_num()], i, &r->errs[k])
               : bilim_error_set(&r->errs[k], BILIM_EINTERNAL, "ABC: particle %d of %d",
                                 (int)i, (int)sp->s->particles);
    }
    for (size_t k = 0; k < n; k++)
        if (rcs[k] != BILIM_OK) {
            *err = r->errs[k];
            if (rcs[k] != BILIM_EINTR)
                bilim_error_prefix(err, "generation %u, particle %d", sp->g.t,
                                   sp->b + (int)units[k]);
            return rcs[k];
        }
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)sp->b + units[k];
        int64_t counts[3] = {r->sims[i], r->props[i], r->capped[i]};
        unsigned char *p = out + k * unit_bytes(sp->m);
        p = put(p, &r->nxt.theta[i * (size_t)d], (size_t)d * sizeof(double));
        p = put(p, &r->nxt.summ[i * (size_t)ns], (size_t)ns * sizeof(double));
        p = put(p, &r->nxt.dist[i], sizeof(double));
        put(p, counts, sizeof counts);
        len[k] = unit_bytes(sp->m);
    }
    return BILIM_OK;
}

/* Rank 0: unit u's result into its particle's slots. */
static void spread_take(void *user, size_t u, const unsigned char *b, size_t len)
{
    spread *sp = user;
    run_state *r = sp->r;
    const size_t d = (size_t)sp->m->n_params, ns = (size_t)sp->m->n_summary;
    size_t i = (size_t)sp->b + u;
    if (len != unit_bytes(sp->m) || i >= (size_t)sp->s->particles)
        return; /* sim/dist checked both */
    int64_t counts[3];
    const unsigned char *p = get(b, &r->nxt.theta[i * d], d * sizeof(double));
    p = get(p, &r->nxt.summ[i * ns], ns * sizeof(double));
    p = get(p, &r->nxt.dist[i], sizeof(double));
    get(p, counts, sizeof counts);
    r->sims[i] = counts[0];
    r->props[i] = counts[1];
    r->capped[i] = (int)counts[2];
}

/* Every rank's view of the work (rank 0 adds the context). */
static bilim_dist_work spread_work(spread *sp, size_t n_units)
{
    bilim_dist_work w = {n_units, unit_bytes(sp->m), sp->fingerprint, spread_run, sp,
                         spread_take, sp, NULL, sp->r->nt, sp->s->cancel, NULL, 0,
                         context_take};
    return w;
}

/* Rank 0: the particles b..e-1 of g over the workers. */
static int spread_batch(run_state *r, const gen_ctx *g, int32_t b, int32_t e, bilim_error *err)
{
    spread *sp = r->spread;
    sp->b = b;
    bilim_dist_work w = spread_work(sp, (size_t)(e - b));
    w.context = sp->ctx;
    w.context_len = context_pack(sp, g, b, sp->ctx);
    return bilim_dist_run(&w, err);
}

/* Rank 0: tells the workers the run is over (whatever its outcome). */
static void spread_end(spread *sp)
{
    bilim_error ignored; /* rank 0 has the run's own outcome to report */
    bilim_error_clear(&ignored);
    unsigned char end[CTX_HEAD * sizeof(double)];
    sp->b = 0;
    bilim_dist_work w = spread_work(sp, 0);
    w.context = end;
    w.context_len = context_pack(sp, NULL, 0, end);
    bilim_dist_run(&w, &ignored);
}

/* What the ranks must agree on: the model's data and the method's numbers. */
static uint64_t spread_fingerprint(const bilim_abc_model *m, const bilim_abc_settings *s)
{
    uint64_t h = bilim_hash_bytes(BILIM_HASH_INIT, &m->fingerprint, sizeof m->fingerprint);
    int32_t ints[5] = {m->n_params, m->n_summary, s->particles, s->max_generations,
                       (int32_t)s->kernel};
    double nums[3] = {s->quantile, s->min_epsilon, s->min_acceptance};
    h = bilim_hash_bytes(h, ints, sizeof ints);
    h = bilim_hash_bytes(h, nums, sizeof nums);
    h = bilim_hash_bytes(h, &s->max_simulations, sizeof s->max_simulations);
    h = bilim_hash_bytes(h, &s->seed, sizeof s->seed);
    for (int c = 0; c < m->n_params; c++) {
        int32_t kind = (int32_t)m->priors[c].kind;
        double v[4] = {m->priors[c].p1, m->priors[c].p2, m->priors[c].lower,
                       m->priors[c].upper};
        h = bilim_hash_bytes(h, &kind, sizeof kind);
        h = bilim_hash_bytes(h, v, sizeof v);
    }
    return h;
}

static int spread_init(spread *sp, run_state *r, const bilim_abc_model *m,
                       const bilim_abc_settings *s)
{
    memset(sp, 0, sizeof *sp);
    sp->r = r;
    sp->m = m;
    sp->s = s;
    sp->fingerprint = spread_fingerprint(m, s);
    sp->g.m = m;
    sp->g.s = s;
    sp->g.k = &r->k;
    sp->g.next = &r->nxt;
    sp->g.sims = r->sims;
    sp->g.props = r->props;
    sp->g.capped = r->capped;
    sp->g.errs = r->errs;
    sp->ctx_max = context_bytes(sp, 1);
    if (bilim_dist_rank() == 0) {
        sp->ctx = bilim_malloc(sp->ctx_max);
        return sp->ctx ? BILIM_OK : BILIM_ENOMEM;
    }
    return kernel_alloc(&r->k, s->kernel, s->particles, m->n_params);
}

int bilim_abc_serve(const bilim_abc_model *m, const bilim_abc_settings *s, bilim_error *err)
{
    if (!s->spread || bilim_dist_size() < 2 || bilim_dist_rank() == 0)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: serving needs a spread run on a rank "
                               "other than 0");
    int rc = check_settings(m, s, err);
    if (rc)
        return rc;
    run_state r;
    spread sp;
    rc = run_state_alloc(&r, m, s);
    if (!rc)
        rc = spread_init(&sp, &r, m, s);
    if (rc) {
        run_state_free(&r, m);
        return bilim_error_set(err, BILIM_ENOMEM, "ABC: out of memory for %d particles",
                               s->particles);
    }
    bilim_dist_work w = spread_work(&sp, 0);
    do {
        sp.got = 0;
        rc = bilim_dist_run(&w, err);
    } while (!rc && sp.got && !sp.end && !sp.bad);
    if (!rc && sp.bad)
        rc = bilim_error_set(err, BILIM_EINTERNAL, "ABC: a malformed batch from rank 0");
    run_state_free(&r, m);
    return rc;
}

/* Runs one generation into r->nxt. *discard is set when the budget ran out
 * (or a particle hit its cap); the generation is then incomplete. */
static int run_generation(run_state *r, const bilim_abc_model *m, const bilim_abc_settings *s,
                          uint32_t t, double eps, int64_t *total, bilim_abc_generation *h,
                          int *discard, bilim_error *err)
{
    int32_t n = s->particles;
    gen_ctx g = {m, s, t, eps, t > 0 ? &r->cur : NULL, &r->k, &r->nxt,
                 r->sims, r->props, r->capped, r->errs, 0};
    int batch_rc[ABC_BATCH];
    *discard = 0;
    h->epsilon = eps;
    h->simulations = h->proposals = 0;
    for (int32_t b = 0; b < n; b += ABC_BATCH) {
        int32_t e = b + ABC_BATCH < n ? b + ABC_BATCH : n;
        if (*total >= s->max_simulations) {
            *discard = 1;
            return BILIM_OK;
        }
        g.sim_cap = s->max_simulations - *total;
        if (r->spread) {
            int rc = spread_batch(r, &g, b, e, err);
            if (rc)
                return rc;
            for (int32_t i = b; i < e; i++)
                batch_rc[i - b] = BILIM_OK;
        } else {
            #pragma omp parallel for num_threads(r->nt) schedule(dynamic, 1)
            for (int32_t i = b; i < e; i++) {
                bilim_error_clear(&r->errs[i - b]);
                batch_rc[i - b] = particle_run(&g, &r->ws[omp_get_thread_num()], i,
                                               &r->errs[i - b]);
            }
        }
        for (int32_t i = b; i < e; i++) {
            *total += r->sims[i];
            h->simulations += r->sims[i];
            h->proposals += r->props[i];
        }
        for (int32_t i = b; i < e; i++)
            if (batch_rc[i - b] != BILIM_OK) {
                *err = r->errs[i - b];
                if (batch_rc[i - b] != BILIM_EINTR)
                    bilim_error_prefix(err, "generation %u, particle %d", t, i);
                return batch_rc[i - b];
            }
        for (int32_t i = b; i < e; i++)
            if (r->capped[i])
                *discard = 1;
        if (*total > s->max_simulations)
            *discard = 1;
        if (cancelled(s))
            return bilim_error_set(err, BILIM_EINTR, "interrupted");
        if (s->progress) {
            bilim_abc_progress p = {(int32_t)t, s->max_generations, e, n, h->simulations,
                                    *total, eps};
            s->progress(s->progress_arg, &p);
        }
        if (*discard)
            return BILIM_OK;
    }
    return BILIM_OK;
}

/* Moves the final population and the history into out. */
static void hand_over(bilim_abc_result *out, const bilim_abc_model *m, population *final,
                      bilim_abc_generation *hist, int32_t kept, int64_t total, bilim_abc_stop stop)
{
    out->n_particles = final->n;
    out->n_params = m->n_params;
    out->n_summary = m->n_summary;
    out->theta = final->theta;
    out->weights = final->w;
    out->distance = final->dist;
    out->summary = final->summ;
    memset(final, 0, sizeof *final);
    out->n_generations = kept;
    out->history = hist;
    out->simulations = total;
    out->stop = stop;
}

int bilim_abc_run(const bilim_abc_model *m, const bilim_abc_settings *s,
                  bilim_abc_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    const int spreading = s->spread && bilim_dist_size() > 1;
    if (spreading && bilim_dist_rank() != 0)
        return bilim_error_set(err, BILIM_EINVAL, "ABC: a spread run is rank 0's; the other "
                               "ranks serve it (bilim_abc_serve)");
    int rc = check_settings(m, s, err);
    if (rc)
        return rc;
    int32_t n = s->particles;
    run_state r;
    spread sp;
    bilim_abc_generation *hist = bilim_calloc((size_t)s->max_generations, sizeof *hist);
    rc = run_state_alloc(&r, m, s);
    if (spreading) {
        rc |= spread_init(&sp, &r, m, s);
        r.spread = &sp;
    }
    if (rc || !hist) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "ABC: out of memory for %d particles", n);
        goto done;
    }
    int64_t total = 0;
    int32_t kept = 0;
    double eps = INFINITY;
    bilim_abc_stop stop = BILIM_ABC_STOP_MAX_GENERATIONS;
    for (int32_t t = 0; t < s->max_generations; t++) {
        if (t > 0) {
            double e = next_epsilon(&r.cur, eps, s->quantile, s->min_epsilon);
            if (e < 0.0) {
                stop = BILIM_ABC_STOP_EPSILON_STALLED;
                break;
            }
            eps = e;
            kernel_free(&r.k);
            if (kernel_build(&r.k, s->kernel, &r.cur, m->priors) != BILIM_OK) {
                rc = bilim_error_set(err, BILIM_ENOMEM, "ABC: out of memory for the kernel");
                goto done;
            }
        }
        int discard;
        bilim_abc_generation h;
        rc = run_generation(&r, m, s, (uint32_t)t, eps, &total, &h, &discard, err);
        if (rc)
            goto done;
        if (discard) {
            if (t == 0) {
                rc = bilim_error_set(err, BILIM_EINVAL,
                                     "ABC: max_simulations (%lld) does not allow one complete "
                                     "generation of %d particles from the prior; raise it",
                                     (long long)s->max_simulations, n);
                goto done;
            }
            stop = BILIM_ABC_STOP_BUDGET;
            break;
        }
        if (t == 0)
            for (int32_t i = 0; i < n; i++)
                r.nxt.w[i] = 1.0 / n;
        else
            compute_weights(m, &r.cur, &r.nxt, &r.k, r.nt, r.scratch_all);
        population tmp = r.cur;
        r.cur = r.nxt;
        r.nxt = tmp;
        h.acceptance_rate = h.simulations > 0 ? (double)n / (double)h.simulations : 0.0;
        h.ess = ess(r.cur.w, n);
        hist[t] = h;
        kept = t + 1;
        if (t > 0 && eps <= s->min_epsilon) {
            stop = BILIM_ABC_STOP_MIN_EPSILON;
            break;
        }
        if (h.acceptance_rate < s->min_acceptance) {
            stop = BILIM_ABC_STOP_MIN_ACCEPTANCE;
            break;
        }
    }
    hand_over(out, m, &r.cur, hist, kept, total, stop);
    hist = NULL;
done:
    if (spreading) {
        spread_end(&sp);
        bilim_free(sp.ctx);
    }
    bilim_free(hist);
    run_state_free(&r, m);
    return rc;
}
