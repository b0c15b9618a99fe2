/* models/interventions.h: the seven intervention types (ODD 7.4), private to
 * models/. Semantics (docs/ODD.md, section 7.4): targets drawn at the start
 * month; units taken in target order while committed + cost <= budget (the
 * walk stops at the first that does not fit); costs charged in the month
 * they are incurred; intensity scales effects, never costs. */
#ifndef BILIM_INTERVENTIONS_H
#define BILIM_INTERVENTIONS_H

#include <stdint.h>
#include "models/scenario.h"

/* Bookkeeping of one intervention. Per-school arrays are allocated once
 * (only those its type needs); -1 in enrol means not enrolled. */
typedef struct bilim_iv_state {
    int32_t started;      /* targets drawn */
    int32_t stopped;      /* a unit did not fit the budget: no further enrolment */
    int32_t n_targets;
    int32_t *targets;     /* the target order */
    int32_t pos;          /* cohorts: next position in targets */
    double committed;     /* KZT committed (>= spent) */
    double spent;         /* KZT charged so far */
    int64_t units;        /* units bought so far */
    int32_t *enrol;       /* [school] month enrolled, or -1 */
    int32_t *end;         /* [school] first month after the training (T_p, D) */
    int32_t *plc_end;     /* [school] first month after the learning community */
    int32_t *univ;        /* [school] partner university (0-based within this intervention) */
    int32_t *quota;       /* [school] this month's paid teachers (conditional incentives) */
    uint8_t *reached;     /* [school] 1 = this month's walk reached it (conditional incentives) */
    double *grant;        /* [school] funding grant, KZT */
} bilim_iv_state;

/* What all interventions do to each school in the current month. Combining
 * several interventions of a kind: money adds (B, F); programme exposures
 * take the largest intensity (Tp, QP, H, W, D). */
typedef struct bilim_effects {
    double *Tp;           /* leadership training of the principal */
    double *QP;           /* Q_u P_s */
    double *H;            /* hub exposure */
    double *W;            /* learning community */
    double *D;            /* professional development of all teachers */
    double *B;            /* unconditional incentive, share of salary */
    double *F;            /* funding received, KZT times intensity */
    int32_t *univ;        /* partner university id (global, over interventions) or -1 */
    uint8_t *hub;         /* 1 = hub school this month */
    int32_t *pipe_quota;  /* pipeline hires allowed this month (first leavers in slot order) */
    double *pipe_k;       /* pipeline hires' mean k */
    double *pipe_dm;      /* pipeline hires' motivation boost (added to a hire's mean m) */
    int32_t n_cond;       /* conditional incentive programmes active this month */
    double cond_b[BILIM_MAX_INTERVENTIONS];            /* their B (intensity * share) */
    double cond_a[BILIM_MAX_INTERVENTIONS];            /* their anticipation B (times incentive_anticipation) */
    const int32_t *cond_quota[BILIM_MAX_INTERVENTIONS]; /* their [school] paid teachers */
    const uint8_t *cond_reached[BILIM_MAX_INTERVENTIONS]; /* their [school] reached flags */
} bilim_effects;

/* 1 when a unit of `cost` fits: no cap (budget <= 0) or committed + cost <= budget. */
static inline int bilim_interventions_budget_fits(double budget, double committed, double cost)
{
    return budget <= 0.0 || committed + cost <= budget;
}

/* 1 when iv acts in the step from month t: start <= t < start + duration. */
static inline int bilim_interventions_active(const bilim_intervention *iv, int32_t t)
{
    return t >= iv->start_month && t - iv->start_month < iv->duration_months;
}

/* 1 when a cohort starts at month t: active and (t - start) a multiple of
 * interval (interval <= 0: one cohort, at the start). */
static inline int bilim_interventions_cohort_month(const bilim_intervention *iv, int32_t interval, int32_t t)
{
    if (!bilim_interventions_active(iv, t))
        return 0;
    return interval > 0 ? (t - iv->start_month) % interval == 0 : t == iv->start_month;
}

/* The cost of one unit of an incentive programme: share_of_salary * salary +
 * unit_cost_kzt (KZT per teacher-month). */
double bilim_interventions_incentive_unit_cost(const bilim_intervention *iv, double salary_kzt);

struct bilim_model;

/* Allocates the per-school arrays of every intervention of the model's
 * scenario. Errors: BILIM_ENOMEM. */
int bilim_interventions_init(struct bilim_model *M);
void bilim_interventions_clear(struct bilim_model *M);

/* Serial phase 1 of a step (ODD 3): starts interventions at their start
 * month (targets, enrolment), runs cohorts, charges this month's costs and
 * fills M->fx for month M->month. */
void bilim_interventions_step(struct bilim_model *M);

#endif
