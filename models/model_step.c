/* models/model_step.c: one month of the model (ODD 3), the hot path.
 *
 * Serial: interventions (targets, budgets, this month's effects), then the
 * cluster routine shares and trained-principal counts of the previous month
 * and which principals leave. Parallel over schools: the principal (update,
 * turnover), leadership support, the teachers (knowledge, motivation,
 * turnover, use states) and resources of each school. A school writes only
 * its own slots and reads other schools only through the serial phase's
 * arrays (previous month's values), so the result does not depend on the
 * order or the threads schools are processed by. */
#include <math.h>
#include <omp.h>
#include "base/compiler.h"
#include "models/diffusion.h"
#include "models/model_impl.h"
#include "models/principal.h"
#include "models/resources.h"
#include "models/teacher.h"

void bilim__model_cluster_shares(bilim_model *M)
{
    const bilim_agents *a = &M->a;
    const int32_t J = a->n_innov;
    const int32_t *ro = a->n_routine[a->cur];
    for (int32_t c = 0; c < a->n_clusters; c++) {
        int32_t trained = 0;
        for (int32_t s = a->cl_start[c]; s < a->cl_start[c + 1]; s++)
            trained += a->trained[s];
        M->cl_trained[c] = trained;
        int64_t filled = 0;  /* teachers in post (at least 1) */
        for (int32_t s = a->cl_start[c]; s < a->cl_start[c + 1]; s++)
            filled += a->n_filled[s];
        if (filled < 1)
            filled = 1;
        double *C = M->cl_share + (size_t)c * J;
        for (int32_t j = 0; j < J; j++) {
            int64_t sum = 0;
            for (int32_t s = a->cl_start[c]; s < a->cl_start[c + 1]; s++)
                sum += ro[(size_t)s * J + j];
            C[j] = (double)sum / (double)filled;
        }
    }
}

void bilim__model_principal_leavers(bilim_model *M)
{
    const int32_t n = M->a.n_schools;
    uint64_t w[4];
    for (int32_t s = 0; s < n; s++) {
        const int i = s & 7;
        if (i == 0)
            bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_TURNOVER, (uint64_t)s >> 3,
                            (uint32_t)M->month, 0, w);
        M->p_leaves[s] = (uint8_t)(bilim__model_u32(w[i >> 1], i & 1) < M->p_leave_P);
    }
}

/* What the teacher loop of one school needs, fixed for the month: the
 * parameters as scalars and the per-innovation terms that do not depend on
 * the teacher (so the loop reads no pointer a store could alias). */
typedef struct school_ctx {
    double g, mb, B, lB;             /* knowledge gain, motivation base, incentive, ln(1 + B) */
    double B_unpaid;                 /* B plus the anticipation of every conditional
                                      * programme reaching the school (n_cond > 0 only) */
    double dt, delta_k, tau_m, gamma_inc, fk, fm, p_leave;
    double p_replace, p_fill;        /* leaver replaced at once; vacant post filled */
    double grad_k, k_kappa, hire_m, m_kappa, pipe_k, pipe_m;
    int32_t pipe_quota;
    bilim_gate gate[BILIM_MAX_INNOVATIONS];    /* the gate's school constants */
    bilim_diffusion_rates rt[BILIM_MAX_INNOVATIONS];
    double bound[BILIM_MAX_INNOVATIONS][3];    /* bilim_diffusion_bound per state */
} school_ctx;

/* Per-school results of the teacher loop. */
typedef struct school_out {
    int32_t trial[BILIM_MAX_INNOVATIONS];
    int32_t routine[BILIM_MAX_INNOVATIONS];
    int32_t any_routine;
    int32_t filled;                  /* teachers in post at the end of the month */
    double sum_k, sum_m;
} school_out;

/* Incentive of one teacher this month when conditional programmes run: the
 * school's unconditional B plus, per conditional programme, its payment if
 * it pays this teacher (routine users at the start of the month, the first
 * quota of them in slot order), else its anticipation if it reached the
 * school. A teacher not in routine use is never paid: B_unpaid. */
static inline double teacher_incentive(const bilim_effects *fx, int32_t s, const school_ctx *c,
                                       int routine, int32_t *rank)
{
    if (!routine)
        return c->B_unpaid;
    double B = c->B;
    for (int32_t i = 0; i < fx->n_cond; i++) {
        if (*rank < fx->cond_quota[i][s])
            B += fx->cond_b[i];
        else if (fx->cond_reached[i][s])
            B += fx->cond_a[i];
    }
    (*rank)++;
    return B;
}

/* A leaver's replacement in slot t: a new graduate, or a pipeline hire. */
static void replace_teacher(const bilim_model *M, const school_ctx *c, bilim_rng *rng, int64_t t,
                            int pipeline, float *k, float *m)
{
    bilim_teacher_hire(rng, M->sc.seed, M->replicate, t, M->month,
                       pipeline ? c->pipe_k : c->grad_k, c->k_kappa,
                       pipeline ? c->pipe_m : c->hire_m, c->m_kappa, k, m);
}

/* The teachers of school s, slot by slot: knowledge and motivation, then
 * turnover (ODD 7.1), then the use state of each innovation (ODD 7.2).
 * Always inlined into teacher_loop's dispatch so that small innovation
 * counts J are compile-time constants and the innovation loops unroll. */
static inline BILIM_ALWAYS_INLINE void
teacher_loop_j(const bilim_model *M, int32_t s, const school_ctx *c, bilim_rng *rng,
               float *restrict k, float *restrict m, float *restrict m0, uint8_t *restrict use,
               uint16_t *restrict entered, uint8_t *restrict vac, school_out *o, const int32_t J)
{
    const int nb = BILIM_TEACHER_BLOCKS(J);
    const bilim_effects *fx = &M->fx;
    const int64_t t0 = M->a.t_off[s], t1 = M->a.t_off[s + 1];
    int32_t count[BILIM_MAX_INNOVATIONS][3] = {{0}};  /* teachers per innovation and state */
    int32_t any_routine = 0, cand = 0, rank = 0, filled = 0;
    double sk = 0.0, sm = 0.0;
    uint64_t w[4 * BILIM_TEACHER_BLOCKS(BILIM_MAX_INNOVATIONS)];
    const int conditional = fx->n_cond > 0;
    const uint16_t month = (uint16_t)M->month;

    for (int64_t t = t0; t < t1; t++) {
        uint8_t *restrict us = use + (size_t)t * J;
        uint16_t *restrict en = entered + (size_t)t * J;
        bilim__model_teacher_words(M, t, nb, w);

        /* Knowledge and motivation, then turnover and vacancies (ODD 7.1).
         * Uniform 0 decides both: a teacher leaves when u0 < p_leave and is
         * replaced at once when u0 < p_leave x fill rate (p_replace), else
         * leaves the post vacant; a vacant post is filled when u0 < p_fill.
         * The first pipe_quota of the school's leavers and vacant posts, in
         * slot order, are filled by pipeline hires. */
        const double u0 = bilim__model_u32(w[0], 0);
        float kf = 0.0f, mf = 0.0f;
        int hire = 0;  /* 1 a new graduate, 2 a pipeline hire */
        if (vac[t]) {
            const int pipe = cand++ < c->pipe_quota;
            if (!pipe && !(u0 < c->p_fill))
                continue;  /* still vacant: no teacher to count */
            vac[t] = 0;
            hire = 1 + pipe;
        } else {
            double lB = c->lB;
            if (conditional) {
                int routine0 = 0;
                for (int32_t j = 0; j < J; j++)
                    routine0 |= us[j] == BILIM_USE_ROUTINE;
                lB = log1p(teacher_incentive(fx, s, c, routine0, &rank));
            }
            kf = (float)bilim_teacher_k_raw(k[t], c->g, c->dt, c->delta_k);
            mf = (float)bilim_teacher_m_raw(m[t], m0[t], lB, c->mb, c->dt, c->tau_m, c->gamma_inc);
            if (u0 < c->p_leave) {
                const int pipe = cand++ < c->pipe_quota;
                if (!pipe && !(u0 < c->p_replace)) {
                    vac[t] = 1;  /* the post stays vacant */
                    for (int32_t j = 0; j < J; j++) {
                        us[j] = BILIM_USE_NONE;
                        en[j] = (uint16_t)(month + 1);
                    }
                    continue;
                }
                hire = 1 + pipe;
            }
        }
        if (hire) {
            replace_teacher(M, c, rng, t, hire == 2, &kf, &mf);
            m0[t] = mf;
            for (int32_t j = 0; j < J; j++) {
                us[j] = BILIM_USE_NONE;
                en[j] = (uint16_t)(month + 1);  /* the hire is first seen at month t + 1 */
            }
        }
        k[t] = kf;
        m[t] = mf;

        /* Use states. A draw at or above its state's bound (bilim_diffusion_bound)
         * cannot move the teacher, so the gate's teacher part (an exp) is
         * computed only when a draw falls below, at most once per teacher. */
        double tau = -1.0;
        int routine1 = 0;
        for (int32_t j = 0; j < J; j++) {
            const int i = 1 + j;
            const double u = bilim__model_u32(w[i >> 1], i & 1);
            int st = us[j];
            if (u < c->bound[j][st]) {
                if (tau < 0.0)
                    tau = bilim_diffusion_tau_raw(c->fk, c->fm, kf, mf);
                int ns = bilim_diffusion_next(st, u, bilim_diffusion_odds(&c->gate[j], tau),
                                              &c->rt[j]);
                if (ns != st) {
                    us[j] = (uint8_t)ns;
                    en[j] = (uint16_t)(month + 1);  /* in the new state from month t + 1 */
                    st = ns;
                }
            }
            count[j][st]++;
            routine1 |= st == BILIM_USE_ROUTINE;
        }
        any_routine += routine1;
        filled++;
        sk += kf;
        sm += mf;
    }
    for (int32_t j = 0; j < J; j++) {
        o->trial[j] = count[j][BILIM_USE_TRIAL];
        o->routine[j] = count[j][BILIM_USE_ROUTINE];
    }
    o->any_routine = any_routine;
    o->filled = filled;
    o->sum_k = sk;
    o->sum_m = sm;
}

#define TEACHER_LOOP_CASE(n) \
    case n: teacher_loop_j(M, s, c, rng, k, m, m0, use, entered, vac, o, n); break;

static void teacher_loop(const bilim_model *M, int32_t s, const school_ctx *c, bilim_rng *rng,
                         float *k, float *m, float *m0, uint8_t *use, uint16_t *entered,
                         uint8_t *vac, school_out *o)
{
    switch (M->a.n_innov) {
    TEACHER_LOOP_CASE(1)
    TEACHER_LOOP_CASE(2)
    TEACHER_LOOP_CASE(3)
    TEACHER_LOOP_CASE(4)
    TEACHER_LOOP_CASE(5)
    TEACHER_LOOP_CASE(6)
    TEACHER_LOOP_CASE(7)
    default: teacher_loop_j(M, s, c, rng, k, m, m0, use, entered, vac, o, M->a.n_innov); break;
    }
}

/* The principal of school s leaves this month: a successor drawn from
 * stream (NEW_PRINCIPAL, s, month) with the month-0 distributions of K and O
 * and the novices' S (bilim_principal_novice), untrained, in post from
 * month + 1 (ODD 7.1). */
static void replace_principal(bilim_model *M, int32_t s, bilim_rng *rng)
{
    const bilim_params *p = &M->sc.params;
    bilim_agents *a = &M->a;
    const int loc = a->locality[s], urban = loc == BILIM_URBAN;
    bilim_rng_reset(rng, M->sc.seed, M->replicate, BILIM_PURPOSE_NEW_PRINCIPAL, (uint64_t)s,
                    (uint32_t)M->month);
    bilim_principal_draw d;
    bilim_principal_draw_from(rng, p, urban ? p->init_K_mean_urban : p->init_K_mean_rural,
                              M->novice_S_mean[loc], M->novice_S_kappa[loc],
                              urban ? p->init_O_mean_urban : p->init_O_mean_rural, &d);
    bilim_principal_place(a, s, &d, M->month + 1);
}

static void school_step(bilim_model *M, int32_t s, bilim_rng *rng)
{
    const bilim_params *p = &M->sc.params;
    bilim_agents *a = &M->a;
    const bilim_effects *fx = &M->fx;
    const int32_t J = a->n_innov;
    const int cur = a->cur, nxt = 1 - cur;
    const int32_t n = a->n_teach[s];        /* posts: the school's size for cost_R */
    const int32_t nf = bilim_agents_filled(a, s);  /* teachers in post at the start of the month */
    const int32_t *tr0 = a->n_trial[cur] + (size_t)s * J;
    const int32_t *ro0 = a->n_routine[cur] + (size_t)s * J;

    /* Principal (ODD 7.1) with the previous month's A_s, R and trained peers,
     * then turnover. */
    int64_t routine_pairs = 0;
    for (int32_t j = 0; j < J; j++)
        routine_pairs += ro0[j];
    const double A = J > 0 ? (double)routine_pairs / ((double)nf * (double)J) : 0.0;
    const double R = a->R[s];
    const int32_t cl = a->cluster[s], ncl = a->cl_start[cl + 1] - a->cl_start[cl];
    const double peers =
        ncl > 1 ? (double)(M->cl_trained[cl] - a->trained[s]) / (double)(ncl - 1) : 0.0;
    const bilim_principal_in pin = {fx->Tp[s], fx->QP[s], R, A, peers, a->R0[s], a->A0[s], fx->Pj[s]};
    bilim_principal_step(p, &pin, a->O0[s], &a->K[s], &a->S[s], &a->O[s]);
    if (fx->Tp[s] > 0.0)
        a->trained[s] = 1;
    if (M->p_leaves[s])
        replace_principal(M, s, rng);
    const double L = bilim_agents_rho(a, s);  /* leadership support L_s = rho (ODD 7.1) */

    /* Everything of the teacher loop that does not depend on the teacher. */
    school_ctx c;
    c.g = bilim_teacher_k_gain(p, fx->D[s], fx->QP[s], A, fx->H[s]);
    if (fx->Pr[s] > 0.0)  /* pedagogical practice (ODD 7.4) */
        c.g += p->eta_practicum * fx->Pr[s];
    c.mb = bilim_teacher_m_base(p, L, R, a->L0[s], a->R0[s]);
    if (fx->wage[s] != 1.0 || M->wage_term != 0.0)  /* a salary change (ODD 7.1) */
        c.mb += bilim_teacher_wage_term(p, fx->wage[s]);
    c.B = fx->B[s];
    c.lB = log1p(c.B);
    c.B_unpaid = c.B;
    for (int32_t i = 0; i < fx->n_cond; i++)
        if (fx->cond_reached[i][s])
            c.B_unpaid += fx->cond_a[i];
    c.dt = p->dt_months;
    c.delta_k = p->delta_k;
    c.tau_m = p->tau_m;
    c.gamma_inc = p->gamma_inc;
    const double f = bilim_diffusion_tau_scale(p);
    c.fk = f * p->beta_k;
    c.fm = f * p->beta_m;
    c.p_leave = bilim__model_p_leave(M, s);
    c.p_replace = c.p_leave * (a->locality[s] == BILIM_URBAN ? p->fill_rate_urban : p->fill_rate_rural);
    c.p_fill = p->vacancy_fill_monthly + (1.0 - p->vacancy_fill_monthly) * fx->fill_boost[s];
    c.grad_k = p->grad_k_mean;
    c.k_kappa = p->grad_kappa;
    c.hire_m = a->M0[s] + p->grad_m_shift;  /* like a month-0 colleague (ODD 7.1) */
    c.m_kappa = p->init_m_kappa;
    c.pipe_quota = fx->pipe_quota[s];
    c.pipe_k = fx->pipe_k[s];
    c.pipe_m = c.hire_m + fx->pipe_dm[s];
    const double *C = M->cl_share + (size_t)a->cluster[s] * J;
    const double SL = bilim_diffusion_leader(p, L);
    for (int32_t j = 0; j < J; j++) {
        const bilim_innovation *in = &M->sc.innovations[j];
        bilim_diffusion_gate_make(p, &M->gate_in[j], SL, R, in->resource_need, &c.gate[j]);
        double X = bilim_diffusion_exposure(p, fx->QP[s], fx->H[s], C[j]);
        double F = (double)(tr0[j] + ro0[j]) / (double)nf;
        c.rt[j] = bilim_diffusion_rates_make(p, in->p, in->q, X, F, fx->W[s]);
        for (int st = 0; st < 3; st++)
            c.bound[j][st] = bilim_diffusion_bound(st, &c.rt[j], c.gate[j].Gmax);
    }

    school_out o;
    teacher_loop(M, s, &c, rng, a->k, a->m, a->m0, a->use, a->entered, a->vacant, &o);
    int32_t *tr1 = a->n_trial[nxt] + (size_t)s * J;
    int32_t *ro1 = a->n_routine[nxt] + (size_t)s * J;
    for (int32_t j = 0; j < J; j++) {
        tr1[j] = o.trial[j];
        ro1[j] = o.routine[j];
    }
    a->n_any_routine[nxt][s] = o.any_routine;
    a->n_filled[s] = o.filled;
    a->sum_k[s] = o.sum_k;
    a->sum_m[s] = o.sum_m;

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
    bilim__model_cluster_shares(M);
    bilim__model_principal_leavers(M);
    const int32_t n = M->a.n_schools;
    int nth = omp_get_level() > 0 ? 1 : omp_get_max_threads(); /* see init_states */
    if (nth > M->n_rng)
        nth = M->n_rng;
    /* One thread: a plain loop, no OpenMP team (see init_states). */
    if (nth <= 1) {
        for (int32_t s = 0; s < n; s++)
            school_step(M, s, M->rng[0]);
    } else {
#pragma omp parallel for schedule(dynamic, 8) num_threads(nth)
        for (int32_t s = 0; s < n; s++)
            school_step(M, s, M->rng[omp_get_thread_num()]);
    }
    M->a.cur = 1 - M->a.cur;
    M->month++;
    return BILIM_OK;
}
