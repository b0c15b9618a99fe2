/* analysis/prim.c: PRIM, peeling, pasting and trimming (see prim.h). */
#include "analysis/prim.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/stats.h"

void bilim_prim_settings_defaults(bilim_prim_settings *s)
{
    s->peel_alpha = 0.05;
    s->paste_alpha = 0.05;
    s->mass_min = 0.05;
    s->threshold = 0.8;
    s->max_p = 0.05;
    s->coverage_slack = 0.05;
    s->max_inputs = 0;
}

void bilim_prim_result_clear(bilim_prim_result *r)
{
    bilim_free(r->trajectory);
    bilim_free(r->lo);
    bilim_free(r->hi);
    bilim_free(r->restricted);
    bilim_free(r->screened);
    bilim_free(r->data_lo);
    bilim_free(r->data_hi);
    memset(r, 0, sizeof *r);
}

/* The data and the box being grown or shrunk. */
typedef struct prim_work {
    const double *x, *y;
    size_t n;
    int32_t p;
    double *lo, *hi;     /* the current box */
    double *buf;         /* [n] scratch */
    const unsigned char *active;   /* [p]: inputs that may be peeled and pasted */
} prim_work;

/* Whether row i lies in the box, ignoring input `skip` (-1: none). */
static int inside(const prim_work *w, size_t i, int32_t skip)
{
    const double *r = w->x + i * (size_t)w->p;
    for (int32_t j = 0; j < w->p; j++)
        if (j != skip && (r[j] < w->lo[j] || r[j] > w->hi[j]))
            return 0;
    return 1;
}

/* Cases in the box and the sum of their y. */
static void count(const prim_work *w, size_t *m, double *sy)
{
    *m = 0;
    *sy = 0.0;
    for (size_t i = 0; i < w->n; i++)
        if (inside(w, i, -1)) {
            (*m)++;
            *sy += w->y[i];
        }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void describe(const prim_work *w, const double *dlo, const double *dhi, double total_y,
                     bilim_prim_step *st)
{
    size_t m;
    double sy;
    count(w, &m, &sy);
    st->mass = (double)m / (double)w->n;
    st->density = m ? sy / (double)m : NAN;
    st->coverage = total_y > 0 ? sy / total_y : NAN;
    st->restricted = 0;
    for (int32_t j = 0; j < w->p; j++)
        st->restricted += w->lo[j] > dlo[j] || w->hi[j] < dhi[j];
}

/* One peel: the best candidate over inputs and ends. Returns 0 when no
 * candidate keeps at least min_cases. */
static int peel_once(prim_work *w, double alpha, size_t min_cases)
{
    size_t m;
    double sy;
    count(w, &m, &sy);
    double mean = sy / (double)m, best = -INFINITY, best_q = 0.0;
    int32_t best_j = -1, best_high = 0;
    for (int32_t j = 0; j < w->p; j++) {
        if (!w->active[j])
            continue;
        size_t k = 0;
        for (size_t i = 0; i < w->n; i++)
            if (inside(w, i, -1))
                w->buf[k++] = w->x[i * (size_t)w->p + j];
        qsort(w->buf, k, sizeof *w->buf, cmp_double);
        for (int high = 0; high < 2; high++) {
            double q = bilim_stats_quantile_sorted(w->buf, k, high ? 1.0 - alpha : alpha);
            size_t r = 0;
            double ry = 0.0;
            for (size_t i = 0; i < w->n; i++) {
                double v = w->x[i * (size_t)w->p + j];
                if ((high ? v > q : v < q) && inside(w, i, -1)) {
                    r++;
                    ry += w->y[i];
                }
            }
            if (r == 0 || m - r < min_cases)
                continue;
            /* gain in density per case removed ("lenient 1") */
            double obj = ((sy - ry) / (double)(m - r) - mean) / (double)r;
            if (obj > best) {
                best = obj;
                best_j = j;
                best_high = high;
                best_q = q;
            }
        }
    }
    if (best_j < 0)
        return 0;
    if (best_high)
        w->hi[best_j] = best_q;
    else
        w->lo[best_j] = best_q;
    return 1;
}

/* Candidate paste of input j at one end: the limit that takes in the
 * nearest `want` cases outside the box on j only. Returns 0 if none. */
static int paste_candidate(prim_work *w, int32_t j, int high, size_t want, double *limit)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++) {
        double v = w->x[i * (size_t)w->p + j];
        if ((high ? v > w->hi[j] : v < w->lo[j]) && inside(w, i, j))
            w->buf[k++] = v;
    }
    if (k == 0)
        return 0;
    qsort(w->buf, k, sizeof *w->buf, cmp_double);
    size_t take = want < k ? want : k;
    *limit = high ? w->buf[take - 1] : w->buf[k - take];
    return 1;
}

/* Pastes while the density rises. */
static void paste(prim_work *w, double alpha)
{
    for (size_t iter = 0; iter < w->n; iter++) {
        size_t m;
        double sy;
        count(w, &m, &sy);
        double mean = sy / (double)m, best = 0.0, best_limit = 0.0;
        int32_t best_j = -1, best_high = 0;
        size_t want = (size_t)ceil(alpha * (double)m);
        for (int32_t j = 0; j < w->p; j++)
            for (int high = 0; high < 2 && w->active[j]; high++) {
                double limit, old = high ? w->hi[j] : w->lo[j];
                if (!paste_candidate(w, j, high, want ? want : 1, &limit))
                    continue;
                *(high ? &w->hi[j] : &w->lo[j]) = limit;
                size_t m2;
                double sy2;
                count(w, &m2, &sy2);
                *(high ? &w->hi[j] : &w->lo[j]) = old;
                double obj = (sy2 / (double)m2 - mean) / (double)(m2 - m);
                if (obj > best) {
                    best = obj;
                    best_j = j;
                    best_high = high;
                    best_limit = limit;
                }
            }
        if (best_j < 0)
            return;
        *(best_high ? &w->hi[best_j] : &w->lo[best_j]) = best_limit;
    }
}

/* The quasi-p-value of a restriction: with it removed the box holds m2
 * cases of which sy2 are 1; the chance that m cases drawn at that density
 * hold at least sy ones (binomial upper tail). Large: the restriction may
 * well be chance. */
static double quasi_p(size_t m, double sy, size_t m2, double sy2)
{
    double k = floor(sy + 0.5);
    if (k <= 0)
        return 1.0;
    return gsl_cdf_binomial_Q((unsigned)(k - 1), sy2 / (double)m2, (unsigned)m);
}

/* Removes restrictions that are not significant (quasi-p-value above
 * max_p), the least significant first. */
static void trim(prim_work *w, const double *dlo, const double *dhi, double max_p)
{
    for (;;) {
        size_t m;
        double sy;
        count(w, &m, &sy);
        double worst = -1.0;
        int32_t worst_j = -1;
        for (int32_t j = 0; j < w->p; j++) {
            if (!(w->lo[j] > dlo[j] || w->hi[j] < dhi[j]))
                continue;
            double lo = w->lo[j], hi = w->hi[j];
            w->lo[j] = dlo[j];
            w->hi[j] = dhi[j];
            size_t m2;
            double sy2;
            count(w, &m2, &sy2);
            w->lo[j] = lo;
            w->hi[j] = hi;
            double pv = quasi_p(m, sy, m2, sy2);
            if (pv > worst) {
                worst = pv;
                worst_j = j;
            }
        }
        if (worst_j < 0 || worst <= max_p)
            return;
        w->lo[worst_j] = dlo[worst_j];
        w->hi[worst_j] = dhi[worst_j];
    }
}

static int check_input(const double *x, size_t n, int32_t p, const double *y,
                       const bilim_prim_settings *s, bilim_error *err)
{
    if (n < 2 || p < 1)
        return bilim_error_set(err, BILIM_EINVAL, "PRIM needs at least 2 cases and 1 input "
                               "(got %zu cases, %d inputs)", n, (int)p);
    if (!(s->peel_alpha > 0 && s->peel_alpha < 0.5) || !(s->paste_alpha > 0 && s->paste_alpha < 0.5)
        || !(s->mass_min > 0 && s->mass_min < 1) || !(s->threshold >= 0 && s->threshold <= 1)
        || !(s->max_p > 0 && s->max_p <= 1) || !(s->coverage_slack >= 0 && s->coverage_slack <= 1))
        return bilim_error_set(err, BILIM_EINVAL, "PRIM settings out of range (alphas in "
                               "(0, 0.5), mass_min in (0, 1), threshold in [0, 1])");
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0.0 && y[i] != 1.0)
            return bilim_error_set(err, BILIM_EINVAL, "PRIM: outcome of case %zu is %g, not 0 "
                                   "or 1", i, y[i]);
        for (int32_t j = 0; j < p; j++)
            if (!isfinite(x[i * (size_t)p + j]))
                return bilim_error_set(err, BILIM_EINVAL, "PRIM: input %d of case %zu is not "
                                       "a finite number", (int)j, i);
    }
    return BILIM_OK;
}

/* Appends the current box to the trajectory (steps and their limits). */
static int record(const prim_work *w, const double *dlo, const double *dhi, double total_y,
                  bilim_prim_result *out, double **limits, size_t *cap)
{
    if ((size_t)out->n_steps == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        bilim_prim_step *t = bilim_realloc(out->trajectory, c * sizeof *t);
        if (t)
            out->trajectory = t;
        double *l = bilim_realloc(*limits, c * 2 * (size_t)w->p * sizeof *l);
        if (l)
            *limits = l;
        if (!t || !l)
            return -1;
        *cap = c;
    }
    describe(w, dlo, dhi, total_y, &out->trajectory[out->n_steps]);
    double *l = *limits + (size_t)out->n_steps * 2 * (size_t)w->p;
    memcpy(l, w->lo, (size_t)w->p * sizeof *l);
    memcpy(l + w->p, w->hi, (size_t)w->p * sizeof *l);
    out->n_steps++;
    return 0;
}

/* The trajectory box chosen by the rule of prim.h. */
static int32_t choose(const bilim_prim_result *r, double threshold, double slack, int *found)
{
    int32_t best = -1, densest = 0;
    double cover = -1.0;
    for (int32_t s = 0; s < r->n_steps; s++) {
        const bilim_prim_step *t = &r->trajectory[s];
        if (t->density > r->trajectory[densest].density)
            densest = s;
        if (t->density >= threshold && t->coverage > cover)
            cover = t->coverage;
    }
    for (int32_t s = 0; cover >= 0.0 && s < r->n_steps; s++) {
        const bilim_prim_step *t = &r->trajectory[s];
        if (t->density >= threshold && t->coverage >= cover - slack &&
            (best < 0 || t->density > r->trajectory[best].density))
            best = s;
    }
    *found = best >= 0;
    return best >= 0 ? best : densest;
}

/* A case's value of one input and its outcome, for sorting. */
typedef struct prim_pair {
    double v, y;
} prim_pair;

static int cmp_pair(const void *a, const void *b)
{
    double x = ((const prim_pair *)a)->v, y = ((const prim_pair *)b)->v;
    return (x > y) - (x < y);
}

/* The two-sample Kolmogorov-Smirnov statistic of input j between the cases
 * with y = 1 and those with y = 0: the largest gap between their empirical
 * distribution functions (0 when either group is empty). */
static double ks_statistic(const prim_work *w, int32_t j, prim_pair *pairs)
{
    double n1 = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        pairs[i].v = w->x[i * (size_t)w->p + j];
        pairs[i].y = w->y[i];
        n1 += w->y[i];
    }
    double n0 = (double)w->n - n1;
    if (n1 == 0.0 || n0 == 0.0)
        return 0.0;
    qsort(pairs, w->n, sizeof *pairs, cmp_pair);
    double c1 = 0.0, c0 = 0.0, best = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        c1 += pairs[i].y;
        c0 += 1.0 - pairs[i].y;
        if (i + 1 == w->n || pairs[i + 1].v != pairs[i].v)
            best = fmax(best, fabs(c1 / n1 - c0 / n0));
    }
    return best;
}

/* Marks the max_inputs inputs with the largest KS statistics active (all
 * when max_inputs is 0 or not below p); ties to the lower index. */
static int screen(prim_work *w, int32_t max_inputs, unsigned char *active)
{
    if (max_inputs <= 0 || max_inputs >= w->p) {
        memset(active, 1, (size_t)w->p);
        return 0;
    }
    prim_pair *pairs = bilim_malloc(w->n * sizeof *pairs);
    double *ks = bilim_malloc((size_t)w->p * sizeof *ks);
    if (!pairs || !ks) {
        bilim_free(pairs);
        bilim_free(ks);
        return -1;
    }
    for (int32_t j = 0; j < w->p; j++)
        ks[j] = ks_statistic(w, j, pairs);
    memset(active, 0, (size_t)w->p);
    for (int32_t k = 0; k < max_inputs; k++) {
        int32_t best = -1;
        for (int32_t j = 0; j < w->p; j++)
            if (!active[j] && (best < 0 || ks[j] > ks[best]))
                best = j;
        active[best] = 1;
    }
    bilim_free(pairs);
    bilim_free(ks);
    return 0;
}

static int alloc_result(bilim_prim_result *out, size_t n, int32_t p, double **buf)
{
    memset(out, 0, sizeof *out);
    out->n_inputs = p;
    out->n_cases = n;
    out->lo = bilim_calloc((size_t)p, sizeof *out->lo);
    out->hi = bilim_calloc((size_t)p, sizeof *out->hi);
    out->data_lo = bilim_calloc((size_t)p, sizeof *out->data_lo);
    out->data_hi = bilim_calloc((size_t)p, sizeof *out->data_hi);
    out->restricted = bilim_calloc((size_t)p, 1);
    out->screened = bilim_calloc((size_t)p, 1);
    *buf = bilim_calloc(n, sizeof **buf);
    return out->lo && out->hi && out->data_lo && out->data_hi && out->restricted && out->screened && *buf
               ? 0 : -1;
}

int bilim_prim_run(const double *x, size_t n, int32_t p, const double *y,
                   const bilim_prim_settings *s, bilim_prim_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_input(x, n, p, y, s, err);
    if (rc)
        return rc;
    double *buf = NULL, *limits = NULL;
    size_t cap = 0;
    if (alloc_result(out, n, p, &buf))
        goto nomem;
    double total_y = 0.0;
    for (size_t i = 0; i < n; i++)
        total_y += y[i];
    out->base_rate = total_y / (double)n;
    for (int32_t j = 0; j < p; j++) {
        out->data_lo[j] = out->data_hi[j] = x[j];
        for (size_t i = 1; i < n; i++) {
            double v = x[i * (size_t)p + j];
            out->data_lo[j] = fmin(out->data_lo[j], v);
            out->data_hi[j] = fmax(out->data_hi[j], v);
        }
        out->lo[j] = out->data_lo[j];
        out->hi[j] = out->data_hi[j];
    }
    prim_work w = {x, y, n, p, out->lo, out->hi, buf, out->screened};
    if (screen(&w, s->max_inputs, out->screened))
        goto nomem;
    if (record(&w, out->data_lo, out->data_hi, total_y, out, &limits, &cap))
        goto nomem;
    size_t min_cases = (size_t)ceil(s->mass_min * (double)n);
    while (total_y > 0 && peel_once(&w, s->peel_alpha, min_cases ? min_cases : 1))
        if (record(&w, out->data_lo, out->data_hi, total_y, out, &limits, &cap))
            goto nomem;
    out->chosen_step = choose(out, s->threshold, s->coverage_slack, &out->found);
    memcpy(out->lo, limits + (size_t)out->chosen_step * 2 * (size_t)p, (size_t)p * sizeof *out->lo);
    memcpy(out->hi, limits + ((size_t)out->chosen_step * 2 + 1) * (size_t)p,
           (size_t)p * sizeof *out->hi);
    if (total_y > 0) {
        paste(&w, s->paste_alpha);
        trim(&w, out->data_lo, out->data_hi, s->max_p);
    }
    describe(&w, out->data_lo, out->data_hi, total_y, &out->box);
    out->found = out->found && out->box.density >= s->threshold;
    for (int32_t j = 0; j < p; j++)
        out->restricted[j] = out->lo[j] > out->data_lo[j] || out->hi[j] < out->data_hi[j];
    bilim_free(buf);
    bilim_free(limits);
    return BILIM_OK;
nomem:
    bilim_free(buf);
    bilim_free(limits);
    bilim_prim_result_clear(out);
    return bilim_error_set(err, BILIM_ENOMEM, "out of memory for PRIM on %zu cases", n);
}

int bilim_prim_contains(const bilim_prim_result *r, const double *x)
{
    for (int32_t j = 0; j < r->n_inputs; j++)
        if (x[j] < r->lo[j] || x[j] > r->hi[j])
            return 0;
    return 1;
}
