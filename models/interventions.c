/* models/interventions.c: the seven intervention types (ODD 7.4); see
 * interventions.h and docs/ODD.md section 7.4 for the semantics. Everything
 * here is serial and school-level (cheap); it runs before the parallel
 * school loop of a step and reads the state at the start of the month. */
#include "models/interventions.h"

#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "models/model_impl.h"
#include "models/principal.h"
#include "models/teacher.h"

double bilim_interventions_incentive_unit_cost(const bilim_intervention *iv, double salary_kzt)
{
    return iv->u.incentives.share_of_salary * salary_kzt + iv->unit_cost_kzt;
}

static int32_t *alloc_i32(bilim_model *M, int32_t n, int32_t fill)
{
    int32_t *p = bilim_agents_calloc(&M->bytes, (size_t)n, sizeof *p);
    if (p)
        for (int32_t i = 0; i < n; i++)
            p[i] = fill;
    return p;
}

int bilim_interventions_init(bilim_model *M)
{
    const int32_t n = M->a.n_schools;
    for (int32_t i = 0; i < M->sc.n_interventions; i++) {
        bilim_iv_state *st = &M->iv[i];
        memset(st, 0, sizeof *st);
        int ok = (st->targets = alloc_i32(M, n, 0)) != NULL;
        switch (M->sc.interventions[i].type) {
        case BILIM_IV_LEADERSHIP_TRAINING:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->end = alloc_i32(M, n, -1));
            break;
        case BILIM_IV_TEACHER_INCENTIVES:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->quota = alloc_i32(M, n, 0)) &&
                 (st->reached = bilim_agents_calloc(&M->bytes, (size_t)n, sizeof *st->reached));
            break;
        case BILIM_IV_RESOURCE_FUNDING:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) &&
                 (st->grant = bilim_agents_calloc(&M->bytes, (size_t)n, sizeof(double)));
            break;
        case BILIM_IV_UNIVERSITY_PARTNERSHIP:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->univ = alloc_i32(M, n, -1));
            break;
        case BILIM_IV_INNOVATION_HUB:
            ok = ok && (st->enrol = alloc_i32(M, n, -1));
            break;
        case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->end = alloc_i32(M, n, -1)) &&
                 (st->plc_end = alloc_i32(M, n, -1));
            break;
        case BILIM_IV_TEACHER_PIPELINE:
            break;
        default:
            break;
        }
        if (!ok)
            return BILIM_ENOMEM;
    }
    return BILIM_OK;
}

void bilim_interventions_clear(bilim_model *M)
{
    for (int32_t i = 0; i < BILIM_MAX_INTERVENTIONS; i++) {
        bilim_iv_state *st = &M->iv[i];
        bilim_free(st->targets);
        bilim_free(st->enrol);
        bilim_free(st->end);
        bilim_free(st->plc_end);
        bilim_free(st->univ);
        bilim_free(st->quota);
        bilim_free(st->reached);
        bilim_free(st->grant);
        memset(st, 0, sizeof *st);
    }
}

/* --- targets ---------------------------------------------------------------- */

static double need_of(const bilim_model *M, bilim_need need, int32_t s)
{
    const bilim_agents *a = &M->a;
    switch (need) {
    case BILIM_NEED_RESOURCES: return a->R[s];
    case BILIM_NEED_READINESS: return bilim_agents_rho(a, s);
    case BILIM_NEED_KNOWLEDGE: return a->sum_k[s] / a->n_teach[s];
    case BILIM_NEED_MOTIVATION: return a->sum_m[s] / a->n_teach[s];
    default: return 0.0;
    }
}

/* Draws the target list of intervention i at its start month. Funding's
 * allocation rules need and rural_first override the order (by lowest R). */
static void draw_targets(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const bilim_agents *a = &M->a;
    bilim_order order = iv->target.order;
    bilim_need need = iv->target.need;
    if (iv->type == BILIM_IV_RESOURCE_FUNDING) {
        if (iv->u.funding.allocation == BILIM_ALLOC_NEED) {
            order = BILIM_ORDER_NEED;
            need = BILIM_NEED_RESOURCES;
        } else if (iv->u.funding.allocation == BILIM_ALLOC_RURAL_FIRST) {
            order = BILIM_ORDER_RURAL_FIRST;
            need = BILIM_NEED_RESOURCES;
        }
    }
    for (int32_t s = 0; s < a->n_schools; s++) {
        M->ws_band[s] = (uint8_t)bilim_principal_band(&M->sc.params, bilim_agents_rho(a, s));
        M->ws_need[s] = need_of(M, need, s);
    }
    bilim_target_view v = {a->n_schools, a->region, a->locality, a->small,
                           M->ws_band, a->R, M->ws_need};
    bilim_iv_state *st = &M->iv[i];
    st->n_targets = bilim_targeting_select(&iv->target, order, &v, M->sc.seed, M->replicate, i,
                                           M->ws_keys, st->targets);
    st->started = 1;
}

/* Commits cost for a unit if it fits; else stops the walk for good. */
static int take(bilim_iv_state *st, double budget, double cost)
{
    if (st->stopped || !bilim_interventions_budget_fits(budget, st->committed, cost)) {
        st->stopped = 1;
        return 0;
    }
    st->committed += cost;
    return 1;
}

static void charge(bilim_iv_state *st, double kzt, int64_t units)
{
    st->spent += kzt;
    st->units += units;
}

/* --- enrolment at the start month --------------------------------------------- */

static void start_incentives(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    if (iv->u.incentives.conditional)
        return;  /* every target school takes part; the budget is walked monthly */
    double unit = bilim_interventions_incentive_unit_cost(iv, M->sc.params.salary_kzt);
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        double cost = (double)M->a.n_teach[s] * (double)iv->duration_months * unit;
        if (!take(st, iv->budget_kzt, cost))
            break;
        st->enrol[s] = M->month;
    }
}

static void start_funding(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        double grant = iv->u.funding.allocation == BILIM_ALLOC_PER_TEACHER
                           ? iv->unit_cost_kzt * (double)M->a.n_teach[s]
                           : iv->unit_cost_kzt;
        if (!take(st, iv->budget_kzt, grant))
            break;
        st->enrol[s] = M->month;
        st->grant[s] = grant;
        st->units += 1;
    }
}

static void start_partnership(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    int32_t nu = iv->u.partnership.universities;
    int64_t cap = (int64_t)nu * iv->u.partnership.capacity;
    int32_t taken = 0;
    for (int32_t k = 0; k < st->n_targets && taken < cap; k++) {
        int32_t s = st->targets[k];
        if (!take(st, iv->budget_kzt, (double)iv->duration_months * iv->unit_cost_kzt))
            break;
        st->enrol[s] = M->month;
        st->univ[s] = taken % nu;
        taken++;
    }
}

static void start_hubs(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    int32_t taken = 0;
    for (int32_t k = 0; k < st->n_targets && taken < iv->u.hub.hubs; k++) {
        int32_t s = st->targets[k];
        if (!take(st, iv->budget_kzt, (double)iv->duration_months * iv->unit_cost_kzt))
            break;
        st->enrol[s] = M->month;
        taken++;
    }
}

/* --- cohorts -------------------------------------------------------------------- */

/* Leadership: up to cohort_size not-yet-enrolled principals in target order.
 * Completion is drawn at enrolment (PROGRAMME, school, intervention index):
 * non-completers are trained floor(program_months / 2) months. */
static void leadership_cohort(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month, pm = iv->u.leadership.program_months;
    const int32_t cap = iv->u.leadership.cohort_size;
    for (int32_t taken = 0; st->pos < st->n_targets && (cap <= 0 || taken < cap); taken++) {
        int32_t s = st->targets[st->pos];
        if (!take(st, iv->budget_kzt, iv->unit_cost_kzt))
            break;
        charge(st, iv->unit_cost_kzt, 1);
        uint64_t w[4];
        bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_PROGRAMME, (uint64_t)s,
                        (uint32_t)i, 0, w);
        int completes = bilim_rng_u01(w[0]) < iv->u.leadership.completion_prob;
        st->enrol[s] = t;
        st->end[s] = t + (completes ? pm : pm / 2);
        st->pos++;
    }
}

/* Professional development: whole schools in target order until the
 * cohort's teachers would exceed cohort_size (0 = no cap); a school larger
 * than a whole cohort can never be enrolled and is passed over. */
static void pd_cohort(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month, cap = iv->u.pd.cohort_size;
    int64_t in_cohort = 0;
    while (st->pos < st->n_targets) {
        int32_t s = st->targets[st->pos];
        int32_t n = M->a.n_teach[s];
        if (cap > 0 && n > cap) {
            st->pos++;
            continue;
        }
        if (cap > 0 && in_cohort + n > cap)
            break;
        double cost = (double)n * iv->unit_cost_kzt;
        if (!take(st, iv->budget_kzt, cost))
            break;
        charge(st, cost, n);
        st->enrol[s] = t;
        st->end[s] = t + iv->u.pd.program_months;
        st->plc_end[s] = iv->u.pd.plc ? t + iv->u.pd.program_months + iv->u.pd.plc_months : -1;
        in_cohort += n;
        st->pos++;
    }
}

/* --- monthly effects ------------------------------------------------------------ */

static inline void take_max(double *x, double v)
{
    if (v > *x)
        *x = v;
}

/* Conditional incentives: walking the target order, a school is reached if
 * the budget can still pay one teacher-month when the walk gets to it; its
 * routine users (at the start of the month) are paid in slot order while the
 * budget allows. Unpaid teachers of a reached school anticipate the bonus
 * (incentive_anticipation, free); the walk stops at the first school it
 * cannot reach. */
static void conditional_incentives(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t *eligible = M->a.n_any_routine[M->a.cur];
    double unit = bilim_interventions_incentive_unit_cost(iv, M->sc.params.salary_kzt);
    memset(st->quota, 0, (size_t)M->a.n_schools * sizeof *st->quota);
    memset(st->reached, 0, (size_t)M->a.n_schools * sizeof *st->reached);
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        if (!bilim_interventions_budget_fits(iv->budget_kzt, st->spent, unit))
            break;  /* exhausted: this school and the rest are not reached */
        st->reached[s] = 1;
        int32_t paid = 0;
        while (paid < eligible[s] && bilim_interventions_budget_fits(iv->budget_kzt, st->spent, unit)) {
            charge(st, unit, 1);
            paid++;
        }
        st->quota[s] = paid;
    }
    st->committed = st->spent;
    bilim_effects *fx = &M->fx;
    const double b = iv->intensity * iv->u.incentives.share_of_salary;
    fx->cond_b[fx->n_cond] = b;
    fx->cond_a[fx->n_cond] = M->sc.params.incentive_anticipation * b;
    fx->cond_quota[fx->n_cond] = st->quota;
    fx->cond_reached[fx->n_cond] = st->reached;
    fx->n_cond++;
}

/* Pipeline: hires into target schools (school order, then slot order) while
 * the budget allows. A hire is a leaver's replacement, so this month's
 * leavers are found from the same uniforms the school loop will use. */
static void pipeline_hires(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    bilim_effects *fx = &M->fx;
    const bilim_params *p = &M->sc.params;
    uint64_t w[4];
    for (int32_t k = 0; k < st->n_targets && !st->stopped; k++) {
        int32_t s = st->targets[k];
        if (fx->pipe_quota[s] > 0)
            continue;  /* an earlier pipeline programme serves this school this month */
        int32_t hires = 0;
        for (int64_t t = M->a.t_off[s]; t < M->a.t_off[s + 1]; t++) {
            bilim__model_teacher_words(M, t, 1, w);
            if (!(bilim__model_u32(w[0], 0) < M->p_leave))
                continue;
            if (!take(st, iv->budget_kzt, iv->unit_cost_kzt))
                break;
            charge(st, iv->unit_cost_kzt, 1);
            hires++;
        }
        fx->pipe_quota[s] = hires;
        fx->pipe_k[s] = p->grad_k_mean + iv->intensity * iv->u.pipeline.k_boost;
        fx->pipe_dm[s] = iv->intensity * iv->u.pipeline.m_boost;
    }
}

static void leadership_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month;
    if (bilim_interventions_cohort_month(iv, iv->u.leadership.cohort_interval, t))
        leadership_cohort(M, i);
    for (int32_t k = 0; k < st->pos; k++) {
        int32_t s = st->targets[k];
        /* A successor does not inherit the programme (ODD 7.1): only the
         * principal in post when the school was enrolled is trained. */
        if (st->enrol[s] >= 0 && st->enrol[s] <= t && t < st->end[s] &&
            st->enrol[s] >= M->a.p_since[s])
            take_max(&M->fx.Tp[s], iv->intensity);
    }
}

static void pd_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month;
    if (bilim_interventions_cohort_month(iv, iv->u.pd.cohort_interval, t))
        pd_cohort(M, i);
    for (int32_t k = 0; k < st->pos; k++) {
        int32_t s = st->targets[k];
        if (st->enrol[s] < 0 || st->enrol[s] > t)
            continue;  /* passed over (too large for a cohort) */
        if (t < st->end[s])
            take_max(&M->fx.D[s], iv->intensity);
        if (t < st->plc_end[s])
            take_max(&M->fx.W[s], iv->intensity);
    }
}

/* The monthly effect and cost of the schools enrolled at the start (a
 * prefix of the target order, since the walk stops at the first that does
 * not fit): incentives, funding, partnership, hubs. */
static void enrolled_month(bilim_model *M, int32_t i, int32_t univ_base)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    bilim_effects *fx = &M->fx;
    const double unit_inc = bilim_interventions_incentive_unit_cost(iv, M->sc.params.salary_kzt);
    const double q = iv->intensity * iv->u.partnership.quality * iv->u.partnership.language_factor;
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        if (st->enrol[s] < 0)
            break;
        switch (iv->type) {
        case BILIM_IV_TEACHER_INCENTIVES:
            fx->B[s] += iv->intensity * iv->u.incentives.share_of_salary;
            charge(st, (double)M->a.n_teach[s] * unit_inc, M->a.n_teach[s]);
            break;
        case BILIM_IV_RESOURCE_FUNDING: {
            double instalment = st->grant[s] / (double)iv->duration_months;
            fx->F[s] += iv->intensity * instalment;
            charge(st, instalment, 0);  /* the grant was counted as a unit at enrolment */
            break;
        }
        case BILIM_IV_UNIVERSITY_PARTNERSHIP:
            take_max(&fx->QP[s], q);
            if (fx->univ[s] < 0)
                fx->univ[s] = univ_base + st->univ[s];
            charge(st, iv->unit_cost_kzt, 1);
            break;
        case BILIM_IV_INNOVATION_HUB: {
            int32_t c = M->a.cluster[s];
            for (int32_t o = M->a.cl_start[c]; o < M->a.cl_start[c + 1]; o++)
                take_max(&fx->H[o], iv->intensity);
            fx->hub[s] = 1;
            charge(st, iv->unit_cost_kzt, 1);
            break;
        }
        default:
            break;
        }
    }
}

static void effects_of(bilim_model *M, int32_t i, int32_t *univ_base)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const int active = bilim_interventions_active(iv, M->month);
    int32_t base = *univ_base;  /* global university ids: this programme's come next */
    if (iv->type == BILIM_IV_UNIVERSITY_PARTNERSHIP)
        *univ_base += iv->u.partnership.universities;
    switch (iv->type) {
    case BILIM_IV_LEADERSHIP_TRAINING:
        leadership_month(M, i);
        break;
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
        pd_month(M, i);
        break;
    case BILIM_IV_TEACHER_INCENTIVES:
        if (active && iv->u.incentives.conditional)
            conditional_incentives(M, i);
        else if (active)
            enrolled_month(M, i, base);
        break;
    case BILIM_IV_RESOURCE_FUNDING:
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
    case BILIM_IV_INNOVATION_HUB:
        if (active)
            enrolled_month(M, i, base);
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        if (active)
            pipeline_hires(M, i);
        break;
    default:
        break;
    }
}

void bilim_interventions_step(bilim_model *M)
{
    bilim_effects *fx = &M->fx;
    const size_t n = (size_t)M->a.n_schools;
    memset(fx->Tp, 0, n * sizeof *fx->Tp);
    memset(fx->QP, 0, n * sizeof *fx->QP);
    memset(fx->H, 0, n * sizeof *fx->H);
    memset(fx->W, 0, n * sizeof *fx->W);
    memset(fx->D, 0, n * sizeof *fx->D);
    memset(fx->B, 0, n * sizeof *fx->B);
    memset(fx->F, 0, n * sizeof *fx->F);
    memset(fx->hub, 0, n * sizeof *fx->hub);
    memset(fx->pipe_quota, 0, n * sizeof *fx->pipe_quota);
    for (size_t s = 0; s < n; s++)
        fx->univ[s] = -1;
    fx->n_cond = 0;
    int32_t univ_base = 0;
    for (int32_t i = 0; i < M->sc.n_interventions; i++) {
        const bilim_intervention *iv = &M->sc.interventions[i];
        if (!M->iv[i].started && M->month == iv->start_month) {
            draw_targets(M, i);
            switch (iv->type) {
            case BILIM_IV_TEACHER_INCENTIVES: start_incentives(M, i); break;
            case BILIM_IV_RESOURCE_FUNDING: start_funding(M, i); break;
            case BILIM_IV_UNIVERSITY_PARTNERSHIP: start_partnership(M, i); break;
            case BILIM_IV_INNOVATION_HUB: start_hubs(M, i); break;
            default: break;
            }
        }
        effects_of(M, i, &univ_base);
    }
}
