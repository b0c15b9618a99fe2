/* models/step.c: one month of the model (ODD 3), the hot path.
 *
 * Serial: interventions (targets, budgets, this month's effects), then the
 * cluster routine shares of the previous month. Parallel over schools: the
 * principal, leadership support, the teachers (knowledge, motivation,
 * turnover, use states) and resources of each school. A school writes only
 * its own slots and reads other schools only through the serial phase's
 * arrays (previous month's values), so the result does not depend on the
 * order or the threads schools are processed by. */
#include <math.h>
#include <omp.h>
#include "models/diffusion.h"
#include "models/model_impl.h"
#include "models/principal.h"
#include "models/resources.h"
#include "models/teacher.h"

void bilim_model_cluster_shares(bilim_model *M)
{
    const bilim_agents *a = &M->a;
    const int32_t J = a->n_innov;
    const int32_t *ro = a->n_routine[a->cur];
    for (int32_t c = 0; c < a->n_clusters; c++) {
        double *C = M->cl_share + (size_t)c * J;
        for (int32_t j = 0; j < J; j++) {
            int64_t sum = 0;
            for (int32_t s = a->cl_start[c]; s < a->cl_start[c + 1]; s++)
                sum += ro[(size_t)s * J + j];
            C[j] = (double)sum / (double)M->cl_teachers[c];
        }
    }
}

/* Incentive of one teacher this month: the school's unconditional B plus
 * each conditional programme that pays this teacher (routine users at the
 * start of the month, the first quota of them in slot order). */
static inline double teacher_incentive(const bilim_effects *fx, int32_t s, double B, int routine,
                                       int32_t *rank)
{
    if (!routine || fx->n_cond == 0)
        return B;
    for (int32_t c = 0; c < fx->n_cond; c++)
        if (*rank < fx->cond_quota[c][s])
            B += fx->cond_b[c];
    (*rank)++;
    return B;
}

static void school_step(bilim_model *M, int32_t s, bilim_rng *rng)
{
    const bilim_params *p = &M->sc.params;
    bilim_agents *a = &M->a;
    const bilim_effects *fx = &M->fx;
    const int32_t J = a->n_innov;
    const int cur = a->cur, nxt = 1 - cur;
    const int32_t n = a->n_teach[s];
    const int32_t *tr0 = a->n_trial[cur] + (size_t)s * J;
    const int32_t *ro0 = a->n_routine[cur] + (size_t)s * J;

    /* Principal (ODD 7.1) with the previous month's A_s and R. */
    int64_t routine_pairs = 0;
    for (int32_t j = 0; j < J; j++)
        routine_pairs += ro0[j];
    const double A = J > 0 ? (double)routine_pairs / ((double)n * (double)J) : 0.0;
    const double R = a->R[s];
    const bilim_principal_in pin = {fx->Tp[s], fx->QP[s], R, A};
    bilim_principal_step(p, &pin, a->O0[s], &a->K[s], &a->S[s], &a->O[s]);
    const double L = bilim_agents_rho(a, s);

    /* Everything of the teacher loop that does not depend on the teacher. */
    const double g = bilim_teacher_k_gain(p, fx->D[s], fx->QP[s], A, fx->H[s]);
    const double mb = bilim_teacher_m_base(p, L, R);
    const double B = fx->B[s];
    const double *C = M->cl_share + (size_t)a->cluster[s] * J;
    double Eb[BILIM_MAX_INNOVATIONS];
    bilim_use_rates rt[BILIM_MAX_INNOVATIONS];
    for (int32_t j = 0; j < J; j++) {
        const bilim_innovation *in = &M->sc.innovations[j];
        Eb[j] = exp(-bilim_gate_school(p, L, R, in->complexity, in->resource_need));
        double X = bilim_exposure(p, fx->QP[s], fx->H[s], C[j]);
        double F = (double)(tr0[j] + ro0[j]) / (double)n;
        rt[j] = bilim_use_rates_make(p, in->p, in->q, X, F, fx->W[s]);
    }
    const double p_leave = M->p_leave;
    const int32_t pipe_quota = fx->pipe_quota[s];
    const int nb = BILIM_TEACHER_BLOCKS(J);

    int32_t *tr1 = a->n_trial[nxt] + (size_t)s * J;
    int32_t *ro1 = a->n_routine[nxt] + (size_t)s * J;
    for (int32_t j = 0; j < J; j++)
        tr1[j] = ro1[j] = 0;
    int32_t any_routine = 0, leavers = 0, rank = 0;
    double sk = 0.0, sm = 0.0;
    uint64_t w[4 * BILIM_TEACHER_BLOCKS(BILIM_MAX_INNOVATIONS)];

    for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
        uint8_t *us = a->use + (size_t)t * J;
        uint8_t *mi = a->months_in + (size_t)t * J;
        bilim_teacher_month_words(M, t, nb, w);

        /* Knowledge and motivation (ODD 7.1), then turnover. */
        int routine0 = 0;
        for (int32_t j = 0; j < J; j++)
            routine0 |= us[j] == BILIM_USE_ROUTINE;
        double Bt = teacher_incentive(fx, s, B, routine0, &rank);
        float kf = (float)bilim_teacher_k_next(p, a->k[t], g);
        float mf = (float)bilim_teacher_m_next(p, a->m[t], a->m0[t], Bt, mb);
        if (bilim_u32(w[0], 0) < p_leave) {
            int pipe = leavers < pipe_quota;
            leavers++;
            bilim_teacher_hire(rng, M->sc.seed, M->replicate, t, M->month,
                               pipe ? fx->pipe_k[s] : p->grad_k_mean,
                               pipe ? fx->pipe_m[s] : p->grad_m_mean, p->grad_kappa, &kf, &mf);
            a->m0[t] = mf;
            for (int32_t j = 0; j < J; j++)
                us[j] = mi[j] = 0;
        }
        a->k[t] = kf;
        a->m[t] = mf;

        /* Use states (ODD 7.2). */
        const double Et = exp(-bilim_gate_teacher(p, kf, mf));
        int routine1 = 0;
        for (int32_t j = 0; j < J; j++) {
            int i = 1 + j;
            double u = bilim_u32(w[i >> 1], i & 1);
            int st = us[j];
            int ns = bilim_use_next(st, u, Et * Eb[j], &rt[j]);
            us[j] = (uint8_t)ns;
            mi[j] = ns == st ? (uint8_t)(mi[j] + (mi[j] < 255)) : 0;
            tr1[j] += ns == BILIM_USE_TRIAL;
            ro1[j] += ns == BILIM_USE_ROUTINE;
            routine1 |= ns == BILIM_USE_ROUTINE;
        }
        any_routine += routine1;
        sk += kf;
        sm += mf;
    }
    a->n_any_routine[nxt][s] = any_routine;
    a->sum_k[s] = sk;
    a->sum_m[s] = sm;

    /* Resources (ODD 7.3). */
    a->R[s] = bilim_resources_next(p, R, fx->F[s], n);
}

int bilim_model_step(bilim_model *M, bilim_error *err)
{
    if (M->month >= M->sc.months)
        return bilim_error_set(err, BILIM_EINVAL,
                               "model step past the horizon: month %d of %d", M->month,
                               M->sc.months);
    bilim_interventions_step(M);
    bilim_model_cluster_shares(M);
    const int32_t n = M->a.n_schools;
    int nth = omp_in_parallel() ? 1 : omp_get_max_threads();
    if (nth > M->n_rng)
        nth = M->n_rng;
#pragma omp parallel for schedule(dynamic, 8) num_threads(nth)
    for (int32_t s = 0; s < n; s++)
        school_step(M, s, M->rng[omp_get_thread_num()]);
    M->a.cur = 1 - M->a.cur;
    M->month++;
    return BILIM_OK;
}
