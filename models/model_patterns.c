/* models/model_patterns.c: evaluating the case-study patterns on a run of
 * the model (see patterns.h). Part of the model's implementation: it reads
 * the schools' locality and states directly. */
#include "models/patterns.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"
#include "base/stats.h"
#include "models/calib.h"
#include "models/model_impl.h"
#include "models/principal.h"

/* Scratch of one evaluation: per-school arrays. */
typedef struct pat_ws {
    int32_t n;
    double *val, *sum, *sumsq;
    int32_t *cnt;
    double *base;        /* [pattern][school]: month-0 values of change patterns */
    int8_t *side;        /* [school][split]: -1 below the month-0 median, +1 at or above */
} pat_ws;

static void ws_free(pat_ws *w)
{
    bilim_free(w->val);
    bilim_free(w->sum);
    bilim_free(w->sumsq);
    bilim_free(w->cnt);
    bilim_free(w->base);
    bilim_free(w->side);
}

static int ws_alloc(pat_ws *w, int32_t n, int n_pat)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    w->val = bilim_malloc((size_t)n * sizeof(double));
    w->sum = bilim_malloc((size_t)n * sizeof(double));
    w->sumsq = bilim_malloc((size_t)n * sizeof(double));
    w->cnt = bilim_malloc((size_t)n * sizeof(int32_t));
    w->base = bilim_malloc((size_t)n * (size_t)(n_pat > 0 ? n_pat : 1) * sizeof(double));
    w->side = bilim_malloc((size_t)n * BILIM_N_SPLITS);
    return w->val && w->sum && w->sumsq && w->cnt && w->base && w->side ? 0 : -1;
}

/* Quantity q of every school this month into out[n]. */
static void school_values(const bilim_model *M, int q, pat_ws *w, double *out)
{
    const bilim_agents *a = &M->a;
    static const bilim_unit_var teacher_var[3] = {BILIM_UNIT_PRACTICE, BILIM_UNIT_k, BILIM_UNIT_m};
    if (q <= BILIM_PQ_TEACHER_m) {
        bilim_model_unit_moments(M, teacher_var[q], w->sum, w->sumsq, w->cnt);
        for (int32_t s = 0; s < w->n; s++)
            out[s] = w->cnt[s] > 0 ? w->sum[s] / w->cnt[s] : 0.0;
        return;
    }
    for (int32_t s = 0; s < w->n; s++) {
        if (q == BILIM_PQ_K || q == BILIM_PQ_S || q == BILIM_PQ_R) {
            out[s] = q == BILIM_PQ_K ? a->K[s] : q == BILIM_PQ_S ? a->S[s] : a->R[s];
            continue;
        }
        double prob[BILIM_N_BARRIERS];
        bilim_principal_barrier_probs(&M->sc.params, a->K[s], a->S[s], a->R[s],
                                      a->sum_m[s] / bilim_agents_filled(a, s), prob);
        out[s] = prob[q - BILIM_PQ_BARRIER];
    }
}

/* Each school's side of the month-0 median of K, S and R. */
static int set_sides(const bilim_model *M, pat_ws *w)
{
    const bilim_agents *a = &M->a;
    const double *x[BILIM_N_SPLITS] = {a->K, a->S, a->R};
    for (int k = 0; k < BILIM_N_SPLITS; k++) {
        memcpy(w->val, x[k], (size_t)w->n * sizeof(double));
        double med = bilim_stats_quantile(w->val, (size_t)w->n, 0.5, w->val);
        if (isnan(med))
            return -1;
        for (int32_t s = 0; s < w->n; s++)
            w->side[(size_t)s * BILIM_N_SPLITS + k] = x[k][s] >= med ? 1 : -1;
    }
    return 0;
}

static int in_group(const bilim_model *M, const pat_ws *w, const bilim_pattern_group *g, int32_t s)
{
    if (g->locality >= 0 && M->a.locality[s] != g->locality)
        return 0;
    for (int k = 0; k < BILIM_N_SPLITS; k++)
        if (g->split[k] && w->side[(size_t)s * BILIM_N_SPLITS + k] != g->split[k])
            return 0;
    return 1;
}

/* The contrast of pattern p from this month's values (minus base when p is
 * a change). */
static double contrast_of(const bilim_model *M, const pat_ws *w, const bilim_pattern *p,
                          const double *base)
{
    double c = 0.0;
    for (int g = 0; g < p->n_groups; g++) {
        double sum = 0.0;
        int32_t cnt = 0;
        for (int32_t s = 0; s < w->n; s++)
            if (in_group(M, w, &p->groups[g], s)) {
                sum += w->val[s] - (p->change ? base[s] : 0.0);
                cnt++;
            }
        if (cnt == 0)
            return NAN;
        c += p->groups[g].weight * sum / cnt;
    }
    return c;
}

static int evaluate(bilim_model *M, pat_ws *w, const bilim_pattern *p, int n, int32_t last,
                    double *contrast, bilim_error *err)
{
    if (set_sides(M, w))
        return bilim_error_set(err, BILIM_EINVAL, "patterns: the population has no school");
    for (int i = 0; i < n; i++)
        if (p[i].change)
            school_values(M, p[i].quantity, w, &w->base[(size_t)i * w->n]);
    for (;;) {
        int32_t t = bilim_model_month(M);
        for (int i = 0; i < n; i++)
            if (p[i].month == t) {
                school_values(M, p[i].quantity, w, w->val);
                contrast[i] = contrast_of(M, w, &p[i], &w->base[(size_t)i * w->n]);
            }
        if (t >= last)
            return BILIM_OK;
        int rc = bilim_model_step(M, err);
        if (rc)
            return rc;
    }
}

int bilim_patterns_eval(const bilim_scenario *sc, const bilim_pattern *p, int n, double *contrast,
                        bilim_error *err)
{
    int32_t last = 0;
    for (int i = 0; i < n; i++) {
        contrast[i] = NAN;
        if (p[i].month < 0 || p[i].month > sc->months)
            return bilim_error_set(err, BILIM_EINVAL, "pattern '%s': month %d is outside the "
                                   "scenario's 0 to %d", p[i].id, p[i].month, sc->months);
        if (p[i].month > last)
            last = p[i].month;
    }
    bilim_model *M = NULL;
    int rc = bilim_model_alloc(sc, 0, &M, err);
    if (rc)
        return rc;
    pat_ws w;
    if (ws_alloc(&w, M->a.n_schools, n))
        rc = bilim_error_set(err, BILIM_ENOMEM, "patterns: out of memory");
    else
        rc = evaluate(M, &w, p, n, last, contrast, err);
    ws_free(&w);
    bilim_model_free(M);
    return rc;
}
