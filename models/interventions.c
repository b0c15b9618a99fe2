/* models/interventions.c: the nine intervention types (ODD 7.4); see
 * interventions.h and docs/ODD.md section 7.4 for the semantics. Everything
 * here is serial and school-level (cheap); it runs before the parallel
 * school loop of a step and reads the state at the start of the month. */
#include "models/interventions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "models/model_impl.h"
#include "models/principal.h"
#include "models/teacher.h"

/* Module i (0-based) of a programme of pm months in nm modules: the first
 * pm % nm modules are a month longer. */
static int32_t module_len(int32_t pm, int32_t nm, int32_t i)
{
    return pm / nm + (i < pm % nm ? 1 : 0);
}

int bilim_interventions_leadership_phase(const bilim_intervention *iv, int32_t m, int32_t train)
{
    const int32_t pm = iv->u.leadership.program_months;
    const int32_t nm = iv->u.leadership.modules > 0 ? iv->u.leadership.modules : 1;
    const int32_t gap = iv->u.leadership.project_months;
    int32_t t0 = 0, trained = 0;
    for (int32_t i = 0; i < nm && trained < train; i++) {
        int32_t len = module_len(pm, nm, i);
        if (trained + len > train)
            len = train - trained;  /* a non-completer leaves within this module */
        if (m < t0 + len)
            return m >= t0 ? 1 : 0;
        t0 += len;
        trained += len;
        if (i + 1 < nm && trained < train) {
            if (m < t0 + gap)
                return 2;
            t0 += gap;
        }
    }
    if (train < pm || iv->u.leadership.refresher_after <= 0)
        return 0;
    int32_t r0 = t0 + iv->u.leadership.refresher_after;
    return m >= r0 && m < r0 + module_len(pm, nm, nm - 1) ? 3 : 0;
}

static int32_t *alloc_i32(bilim_model *M, int32_t n, int32_t fill)
{
    int32_t *p = bilim_agents_calloc(&M->bytes, (size_t)n, sizeof *p);
    if (p)
        for (int32_t i = 0; i < n; i++)
            p[i] = fill;
    return p;
}

static double *alloc_f64(bilim_model *M, int32_t n)
{
    return bilim_agents_calloc(&M->bytes, (size_t)n, sizeof(double));
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
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->end = alloc_i32(M, n, -1)) &&
                 (st->qual = alloc_f64(M, n));
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
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->univ = alloc_i32(M, n, -1)) &&
                 (st->qual = alloc_f64(M, n));
            break;
        case BILIM_IV_INNOVATION_HUB:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->host = alloc_i32(M, n, -1)) &&
                 (st->n_served = alloc_i32(M, n, 0));
            break;
        case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
            ok = ok && (st->enrol = alloc_i32(M, n, -1)) && (st->end = alloc_i32(M, n, -1)) &&
                 (st->plc_end = alloc_i32(M, n, -1)) && (st->qual = alloc_f64(M, n));
            break;
        case BILIM_IV_TEACHER_SALARY:
        case BILIM_IV_PRACTICUM:
            ok = ok && (st->enrol = alloc_i32(M, n, -1));
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
        bilim_free(st->qual);
        bilim_free(st->host);
        bilim_free(st->n_served);
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
    case BILIM_NEED_KNOWLEDGE: return a->sum_k[s] / bilim_agents_filled(a, s);
    case BILIM_NEED_MOTIVATION: return a->sum_m[s] / bilim_agents_filled(a, s);
    default: return 0.0;
    }
}

/* A member of a named group takes the list of the group's first member to
 * start (the same schools in the same order); -1 when none has started. */
static int32_t started_member(const bilim_model *M, int32_t i)
{
    const int32_t g = M->sc.interventions[i].target.group;
    for (int32_t j = 0; g > 0 && j < M->sc.n_interventions; j++)
        if (j != i && M->sc.interventions[j].target.group == g && M->iv[j].started)
            return j;
    return -1;
}

/* Draws the target list of intervention i at its start month. Funding's
 * allocation rules need and rural_first override the order (by lowest R);
 * the loader refuses them in a group. A group's first member draws on the
 * group's target and random stream (BILIM_MAX_INTERVENTIONS + group index),
 * the others copy its list. */
static void draw_targets(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const bilim_agents *a = &M->a;
    bilim_iv_state *st = &M->iv[i];
    const int32_t g = iv->target.group;
    const int32_t from = started_member(M, i);
    if (from >= 0) {
        memcpy(st->targets, M->iv[from].targets, (size_t)M->iv[from].n_targets * sizeof *st->targets);
        st->n_targets = M->iv[from].n_targets;
        st->started = 1;
        return;
    }
    bilim_order order = iv->target.order;
    bilim_need need = iv->target.need;
    if (iv->type == BILIM_IV_RESOURCE_FUNDING && g == 0) {
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
    st->n_targets = bilim_targeting_select(&iv->target, order, &v, M->sc.seed, M->replicate,
                                           g > 0 ? BILIM_MAX_INTERVENTIONS + g - 1 : i,
                                           M->ws_keys, st->targets);
    st->started = 1;
}

double bilim__interventions_refresher_cost(const bilim_intervention *iv)
{
    const int32_t pm = iv->u.leadership.program_months;
    const int32_t nm = iv->u.leadership.modules > 0 ? iv->u.leadership.modules : 1;
    return iv->unit_cost_kzt * (double)module_len(pm, nm, nm - 1) / (double)pm;
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

/* Incentives and salary raises: schools in target order while their
 * posts x duration x unit fit the budget (committed for every post; each
 * month pays the teachers in post). Conditional and adaptive
 * incentives walk the budget monthly instead. */
static void start_per_teacher(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    double unit;
    if (iv->type == BILIM_IV_TEACHER_SALARY) {
        unit = bilim_interventions_salary_unit_cost(iv, M->sc.params.salary_kzt);
    } else {
        if (iv->u.incentives.conditional || iv->u.incentives.retarget_months > 0)
            return;
        unit = bilim_interventions_incentive_unit_cost(iv, M->sc.params.salary_kzt);
    }
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
    if (iv->u.funding.allocation == BILIM_ALLOC_PER_CAPITA)
        return;  /* recurrent: the formula is walked monthly */
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
    /* A university's support is spread over its schools (univ_span). */
    for (int32_t k = 0; k < taken; k++) {
        int32_t s = st->targets[k];
        int32_t n_u = taken / nu + (st->univ[s] < taken % nu ? 1 : 0);
        st->qual[s] = n_u <= M->sc.params.univ_span ? 1.0 : M->sc.params.univ_span / n_u;
    }
}

/* Hubs: the first `hubs` schools in target order that are not already a
 * partner; each takes as partners up to `partners` schools of its cluster
 * that no hub of this programme serves yet, the next ones after it in
 * index order, wrapping around. A hub is enrolled if its whole commitment,
 * duration x (unit_cost_kzt + partners x partner_cost_kzt), fits. */
static void start_hubs(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const bilim_agents *a = &M->a;
    int32_t taken = 0;
    for (int32_t k = 0; k < st->n_targets && taken < iv->u.hub.hubs; k++) {
        int32_t h = st->targets[k];
        if (st->host[h] >= 0)
            continue;  /* already served by an earlier hub */
        const int32_t c = a->cluster[h], c0 = a->cl_start[c], nc = a->cl_start[c + 1] - c0;
        int32_t np = 0;
        for (int32_t d = 1; d < nc && np < iv->u.hub.partners; d++) {
            int32_t o = c0 + (h - c0 + d) % nc;
            if (st->host[o] < 0) {
                st->host[o] = h;
                np++;
            }
        }
        double cost = (double)iv->duration_months *
                      (iv->unit_cost_kzt + (double)np * iv->u.hub.partner_cost_kzt);
        if (!take(st, iv->budget_kzt, cost)) {
            for (int32_t o = c0; o < c0 + nc; o++)
                if (st->host[o] == h)
                    st->host[o] = -1;  /* not enrolled: release its partners */
            break;
        }
        st->host[h] = h;
        st->n_served[h] = np;
        st->enrol[h] = M->month;
        taken++;
    }
}

/* --- cohorts -------------------------------------------------------------------- */

/* Leadership: up to cohort_size not-yet-enrolled principals in target order.
 * Completion is drawn at enrolment (PROGRAMME, school, intervention index):
 * non-completers attend floor(program_months / 2) training months. The j-th
 * principal of the programme gets the scale quality q(j). */
static void leadership_cohort(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month, pm = iv->u.leadership.program_months;
    const int32_t cap = iv->u.leadership.cohort_size;
    for (int32_t taken = 0; st->pos < st->n_targets && (cap <= 0 || taken < cap); taken++) {
        int32_t s = st->targets[st->pos];
        uint64_t w[4];
        bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_PROGRAMME, (uint64_t)s,
                        (uint32_t)i, 0, w);
        int completes = bilim_rng_u01(w[0]) < iv->u.leadership.completion_prob;
        double refresher = completes && iv->u.leadership.refresher_after > 0
                               ? bilim__interventions_refresher_cost(iv)
                               : 0.0;
        if (!take(st, iv->budget_kzt, iv->unit_cost_kzt + refresher))
            break;
        charge(st, iv->unit_cost_kzt, 1);
        st->enrol[s] = t;
        st->end[s] = completes ? pm : pm / 2;  /* training months attended */
        st->qual[s] = bilim_interventions_scale_quality(&M->sc.params, (double)++st->n_part);
        st->pos++;
    }
}

/* Professional development: whole schools in target order until the
 * cohort's teachers would exceed cohort_size (0 = no cap); a school larger
 * than a whole cohort can never be enrolled and is passed over. A school
 * whose teachers are the programme's participants j0 + 1 .. j0 + n gets the
 * scale quality of its middle one, q(j0 + (n + 1) / 2). */
static void pd_cohort(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month, cap = iv->u.pd.cohort_size;
    int64_t in_cohort = 0;
    while (st->pos < st->n_targets) {
        int32_t s = st->targets[st->pos];
        int32_t n = M->a.n_filled[s];  /* the teachers in post enrol (later hires join free) */
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
        st->qual[s] = bilim_interventions_scale_quality(&M->sc.params,
                                                        (double)st->n_part + 0.5 * (n + 1));
        st->n_part += n;
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

/* Adaptive (unconditional) incentives: each month, whole schools in the
 * current target order (redrawn every retarget_months) while this month's
 * spending fits the month's share of what is left of the budget,
 * (budget - spent) / (months left); the walk stops at the first school
 * that does not fit. */
static void adaptive_incentives(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const double unit = bilim_interventions_incentive_unit_cost(iv, M->sc.params.salary_kzt);
    const int32_t left = iv->start_month + iv->duration_months - M->month;
    const double allow = iv->budget_kzt > 0.0
                             ? st->spent + (iv->budget_kzt - st->spent) / (double)left
                             : 0.0;
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        double cost = (double)M->a.n_filled[s] * unit;  /* the teachers in post */
        if (!bilim_interventions_budget_fits(allow, st->spent, cost))
            break;
        M->fx.B[s] += iv->intensity * iv->u.incentives.share_of_salary;
        charge(st, cost, M->a.n_filled[s]);
    }
    st->committed = st->spent;
}

/* Per-capita funding formula: each month every target school, in target
 * order, gets unit_cost_kzt x n_s x w_s, w_s = max(0, 1 + equalising
 * (Rbar - R_s)), Rbar the mean R of the target schools at the start of the
 * month, while the budget allows (the walk stops at the first that does
 * not fit, this month). */
static void per_capita_funding(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const double *R = M->a.R;
    double Rbar = 0.0;
    for (int32_t k = 0; k < st->n_targets; k++)
        Rbar += R[st->targets[k]];
    Rbar = st->n_targets > 0 ? Rbar / st->n_targets : 0.0;
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        double w = 1.0 + iv->u.funding.equalising * (Rbar - R[s]);
        double pay = iv->unit_cost_kzt * (double)M->a.n_teach[s] * (w > 0.0 ? w : 0.0);
        if (!bilim_interventions_budget_fits(iv->budget_kzt, st->spent, pay))
            break;
        M->fx.F[s] += iv->intensity * pay;
        charge(st, pay, 1);
    }
    st->committed = st->spent;
}

/* Pipeline: hires into target schools (school order, then slot order) while
 * the budget allows, into the posts that are vacant at the start of the
 * month and those whose teacher leaves this month (graduates allocated to
 * the regions' unfilled posts, seed 003); the leavers are found from the
 * same uniforms the school loop will use (with the school's leaving
 * probability). The programme selects the strongest
 * candidates first: a school's hires get the boosts times the scale
 * quality of their middle hire. */
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
        const double pl = bilim__model_p_leave(M, s);
        int32_t hires = 0;
        for (int64_t t = M->a.t_off[s]; t < M->a.t_off[s + 1]; t++) {
            if (!M->a.vacant[t]) {
                bilim__model_teacher_words(M, t, 1, w);
                if (!(bilim__model_u32(w[0], 0) < pl))
                    continue;
            }
            if (!take(st, iv->budget_kzt, iv->unit_cost_kzt))
                break;
            charge(st, iv->unit_cost_kzt, 1);
            hires++;
        }
        if (hires == 0)
            continue;
        double q = bilim_interventions_scale_quality(p, (double)st->n_part + 0.5 * (hires + 1));
        st->n_part += hires;
        fx->pipe_quota[s] = hires;
        fx->pipe_k[s] = p->grad_k_mean + iv->intensity * iv->u.pipeline.k_boost * q;
        fx->pipe_dm[s] = iv->intensity * iv->u.pipeline.m_boost * q;
    }
}

/* Leadership: cohorts, then each enrolled principal's phase this month:
 * modules and the refresher give T_p, school projects P_j, both times
 * intensity and the principal's scale quality. The refresher (a completer's
 * last-module-length course refresher_after months after completion) costs
 * unit_cost_kzt x its months / program_months, committed at enrolment and
 * charged when it starts. */
static void leadership_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month;
    if (bilim_interventions_cohort_month(iv, iv->u.leadership.cohort_interval,
                                         iv->u.leadership.cohort_calendar_month,
                                         M->sc.start_calendar_month, t))
        leadership_cohort(M, i);
    for (int32_t k = 0; k < st->pos; k++) {
        int32_t s = st->targets[k];
        /* A successor does not inherit the programme (ODD 7.1): only the
         * principal in post when the school was enrolled is trained. */
        if (st->enrol[s] < 0 || st->enrol[s] > t || st->enrol[s] < M->a.p_since[s])
            continue;
        const int32_t m = t - st->enrol[s];
        const int ph = bilim_interventions_leadership_phase(iv, m, st->end[s]);
        const double x = iv->intensity * st->qual[s];
        if (ph == 1 || ph == 3)
            take_max(&M->fx.Tp[s], x);
        else if (ph == 2)
            take_max(&M->fx.Pj[s], x);
        if (ph == 3 && bilim_interventions_leadership_phase(iv, m - 1, st->end[s]) != 3)
            charge(st, bilim__interventions_refresher_cost(iv), 0);
    }
}

static void pd_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const bilim_iv_state *st = &M->iv[i];
    const int32_t t = M->month;
    if (bilim_interventions_cohort_month(iv, iv->u.pd.cohort_interval,
                                         iv->u.pd.cohort_calendar_month,
                                         M->sc.start_calendar_month, t))
        pd_cohort(M, i);
    for (int32_t k = 0; k < st->pos; k++) {
        int32_t s = st->targets[k];
        if (st->enrol[s] < 0 || st->enrol[s] > t)
            continue;  /* passed over (too large for a cohort) */
        const double x = iv->intensity * st->qual[s];
        if (t < st->end[s])
            take_max(&M->fx.D[s], x);
        if (t < st->plc_end[s])
            take_max(&M->fx.W[s], x);
    }
}

/* Practicum: at each placement round (cohort months), `students` students
 * in each target school in target order while students x unit_cost_kzt
 * fits the budget (the walk stops for good at the first that does not).
 * During the term, the school's teachers have the exposure Pr = intensity
 * students / (students + practicum_students_half); in its last month each
 * vacant post is filled with the extra probability intensity (1 - (1 -
 * practicum_hire_prob)^students) (students who take a post there). */
static void practicum_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    const bilim_params *p = &M->sc.params;
    const int32_t t = M->month, ns = iv->u.practicum.students, term = iv->u.practicum.term_months;
    if (bilim_interventions_cohort_month(iv, iv->u.practicum.cohort_interval,
                                         iv->u.practicum.cohort_calendar_month,
                                         M->sc.start_calendar_month, t))
        for (int32_t k = 0; k < st->n_targets; k++) {
            int32_t s = st->targets[k];
            double cost = (double)ns * iv->unit_cost_kzt;
            if (!take(st, iv->budget_kzt, cost))
                break;
            charge(st, cost, ns);
            st->enrol[s] = t;
        }
    const double x = iv->intensity * (double)ns / ((double)ns + p->practicum_students_half);
    const double boost = iv->intensity * (1.0 - pow(1.0 - p->practicum_hire_prob, (double)ns));
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        if (st->enrol[s] < 0 || t >= st->enrol[s] + term)
            continue;
        take_max(&M->fx.Pr[s], x);
        if (t == st->enrol[s] + term - 1)
            take_max(&M->fx.fill_boost[s], boost);
    }
}

/* Hubs: H_s = intensity in the hub, intensity min(1, hub_span / n) in each
 * of its n partners; cost unit_cost_kzt + n partner_cost_kzt a month. */
static void hub_month(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    bilim_effects *fx = &M->fx;
    const bilim_agents *a = &M->a;
    const double span = M->sc.params.hub_span;
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t h = st->targets[k];
        if (st->enrol[h] < 0)
            continue;
        const int32_t np = st->n_served[h], c = a->cluster[h];
        const double x = iv->intensity * (np <= span ? 1.0 : span / (double)np);
        take_max(&fx->H[h], iv->intensity);
        fx->hub[h] = 1;
        for (int32_t o = a->cl_start[c]; o < a->cl_start[c + 1]; o++)
            if (o != h && st->host[o] == h)
                take_max(&fx->H[o], x);
        charge(st, iv->unit_cost_kzt + (double)np * iv->u.hub.partner_cost_kzt, 1);
    }
}

/* The monthly effect and cost of the schools enrolled at the start (a
 * prefix of the target order, since the walk stops at the first that does
 * not fit): incentives, funding, partnership, salary. */
static void enrolled_month(bilim_model *M, int32_t i, int32_t univ_base)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    bilim_iv_state *st = &M->iv[i];
    bilim_effects *fx = &M->fx;
    const double salary = M->sc.params.salary_kzt;
    const double unit_inc = iv->type == BILIM_IV_TEACHER_SALARY
                                ? bilim_interventions_salary_unit_cost(iv, salary)
                                : bilim_interventions_incentive_unit_cost(iv, salary);
    const double q = iv->intensity * iv->u.partnership.quality * iv->u.partnership.language_factor;
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        if (st->enrol[s] < 0)
            break;
        switch (iv->type) {
        case BILIM_IV_TEACHER_INCENTIVES:
            fx->B[s] += iv->intensity * iv->u.incentives.share_of_salary;
            charge(st, (double)M->a.n_filled[s] * unit_inc, M->a.n_filled[s]);
            break;
        case BILIM_IV_TEACHER_SALARY:
            fx->wage[s] += iv->intensity * iv->u.salary.salary_rise;
            charge(st, (double)M->a.n_filled[s] * unit_inc, M->a.n_filled[s]);
            break;
        case BILIM_IV_RESOURCE_FUNDING: {
            double instalment = st->grant[s] / (double)iv->duration_months;
            fx->F[s] += iv->intensity * instalment;
            charge(st, instalment, 0);  /* the grant was counted as a unit at enrolment */
            break;
        }
        case BILIM_IV_UNIVERSITY_PARTNERSHIP:
            take_max(&fx->QP[s], q * st->qual[s]);
            if (fx->univ[s] < 0)
                fx->univ[s] = univ_base + st->univ[s];
            charge(st, iv->unit_cost_kzt, 1);
            break;
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
        else if (active && iv->u.incentives.retarget_months > 0)
            adaptive_incentives(M, i);
        else if (active)
            enrolled_month(M, i, base);
        break;
    case BILIM_IV_RESOURCE_FUNDING:
        if (active && iv->u.funding.allocation == BILIM_ALLOC_PER_CAPITA)
            per_capita_funding(M, i);
        else if (active)
            enrolled_month(M, i, base);
        break;
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
    case BILIM_IV_TEACHER_SALARY:
        if (active)
            enrolled_month(M, i, base);
        break;
    case BILIM_IV_INNOVATION_HUB:
        if (active)
            hub_month(M, i);
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        if (active)
            pipeline_hires(M, i);
        break;
    case BILIM_IV_PRACTICUM:
        practicum_month(M, i);  /* placements may run past the window */
        break;
    default:
        break;
    }
}

/* Targets at the start month, enrolment of the types that enrol at once,
 * and the redrawn target order of adaptive incentives. */
static void start_of(bilim_model *M, int32_t i)
{
    const bilim_intervention *iv = &M->sc.interventions[i];
    const int32_t t = M->month;
    if (!M->iv[i].started && t == iv->start_month) {
        draw_targets(M, i);
        switch (iv->type) {
        case BILIM_IV_TEACHER_INCENTIVES:
        case BILIM_IV_TEACHER_SALARY: start_per_teacher(M, i); break;
        case BILIM_IV_RESOURCE_FUNDING: start_funding(M, i); break;
        case BILIM_IV_UNIVERSITY_PARTNERSHIP: start_partnership(M, i); break;
        case BILIM_IV_INNOVATION_HUB: start_hubs(M, i); break;
        default: break;
        }
    } else if (iv->type == BILIM_IV_TEACHER_INCENTIVES && iv->u.incentives.retarget_months > 0 &&
               M->iv[i].started && bilim_interventions_active(iv, t) &&
               (t - iv->start_month) % iv->u.incentives.retarget_months == 0) {
        draw_targets(M, i);  /* adaptive: on the state at the start of this month */
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
    memset(fx->Pj, 0, n * sizeof *fx->Pj);
    memset(fx->Pr, 0, n * sizeof *fx->Pr);
    memset(fx->fill_boost, 0, n * sizeof *fx->fill_boost);
    memset(fx->hub, 0, n * sizeof *fx->hub);
    memset(fx->pipe_quota, 0, n * sizeof *fx->pipe_quota);
    for (size_t s = 0; s < n; s++) {
        fx->univ[s] = -1;
        fx->wage[s] = 1.0;
    }
    fx->n_cond = 0;
    /* Salaries first: the pipeline finds leavers with the month's wages. */
    for (int32_t i = 0; i < M->sc.n_interventions; i++)
        if (M->sc.interventions[i].type == BILIM_IV_TEACHER_SALARY) {
            start_of(M, i);
            effects_of(M, i, &(int32_t){0});
        }
    int32_t univ_base = 0;
    for (int32_t i = 0; i < M->sc.n_interventions; i++) {
        if (M->sc.interventions[i].type == BILIM_IV_TEACHER_SALARY)
            continue;
        start_of(M, i);
        effects_of(M, i, &univ_base);
    }
}
