/* models/interventions.h: the nine intervention types (ODD 7.4), private to
 * models/. Semantics (docs/ODD.md, section 7.4): targets drawn at the start
 * month; units taken in target order while committed + cost <= budget (the
 * walk stops at the first that does not fit); costs charged in the month
 * they are incurred; intensity scales effects, never costs. */
#ifndef BILIM_INTERVENTIONS_H
#define BILIM_INTERVENTIONS_H

#include <stddef.h>
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
    double *qual;         /* [school] quality factor of the programme there (scale, dilution) */
    int32_t *host;        /* [school] hubs: the hub serving it (itself for a hub), or -1 */
    int32_t *n_served;    /* [school] hubs: partners of the hub; partnership: schools of its university */
    int64_t n_part;       /* participants so far (principals, teachers, hires): scale quality */
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
    double *Pj;           /* school project of a modular leadership programme (times intensity) */
    double *wage;         /* salary multiplier 1 + sum of intensity * salary_rise */
    double *Pr;           /* practicum exposure: intensity x students / (students + half) */
    double *fill_boost;   /* extra probability that a vacant post is filled (practicum hires) */
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

/* The month of the first cohort: start_month, or with cal (1-12) the first
 * month from start_month whose calendar month (given month 0's, cal0) is cal. */
static inline int32_t bilim_interventions_first_cohort(const bilim_intervention *iv, int32_t cal,
                                                       int32_t cal0)
{
    if (cal <= 0)
        return iv->start_month;
    int32_t now = (cal0 - 1 + iv->start_month) % 12 + 1;  /* calendar month of start_month */
    return iv->start_month + (cal - now + 12) % 12;
}

/* 1 when a cohort starts at month t: active, t at or after the first cohort
 * and (t - first) a multiple of interval (interval <= 0: one cohort). */
static inline int bilim_interventions_cohort_month(const bilim_intervention *iv, int32_t interval,
                                                   int32_t cal, int32_t cal0, int32_t t)
{
    if (!bilim_interventions_active(iv, t))
        return 0;
    int32_t first = bilim_interventions_first_cohort(iv, cal, cal0);
    if (t < first)
        return 0;
    return interval > 0 ? (t - first) % interval == 0 : t == first;
}

/* Quality of the j-th participant (j >= 1) of a training programme as it
 * scales (ODD 7.4): floor + (1 - floor) min(1, ref / j). */
static inline double bilim_interventions_scale_quality(const bilim_params *p, double j)
{
    double r = j <= p->scale_ref ? 1.0 : p->scale_ref / j;
    return p->scale_quality_floor + (1.0 - p->scale_quality_floor) * r;
}

/* Leadership programme phase of a principal m months after enrolment
 * (m >= 0) who attends `train` training months (program_months, or half for
 * a non-completer): 1 in a module, 2 in a school project between modules,
 * 3 in the refresher module, 0 otherwise (ODD 7.4, modular leadership). */
int bilim_interventions_leadership_phase(const bilim_intervention *iv, int32_t m, int32_t train);

/* The cost of a leadership refresher module: unit_cost_kzt x (the last
 * module's months) / program_months. */
double bilim__interventions_refresher_cost(const bilim_intervention *iv);

/* The cost of one unit of a salary raise: salary_rise * salary + unit_cost_kzt. */
double bilim_interventions_salary_unit_cost(const bilim_intervention *iv, double salary_kzt);

/* The cost of one unit of an incentive programme: share_of_salary * salary +
 * unit_cost_kzt (KZT per teacher-month). */
double bilim_interventions_incentive_unit_cost(const bilim_intervention *iv, double salary_kzt);

/* The rule "a budget buys at least one unit" (docs/scenarios.md), written
 * once for the loader, the model and the comparison. The unit is per type
 * (one principal enrolled, one teacher paid for a month, ...); for
 * per-teacher funding it is the smallest possible grant, unit_cost_kzt x
 * teachers_per_school.min of sc's population. Returns its cost in KZT and,
 * when what is not NULL, says what it is ("one school grant: unit_cost_kzt
 * 5e+06") in what (n bytes). */
double bilim_interventions_unit_cost(const bilim_intervention *iv, const bilim_scenario *sc,
                                     char *what, size_t n);

/* 1 when iv's budget is no cap (0) or buys at least one unit: budget >=
 * unit cost, allowing for binary rounding (a relative 1e-12: 0.1 x 417,600
 * is not exactly 41,760 in binary). */
int bilim_interventions_budget_buys_a_unit(const bilim_intervention *iv,
                                           const bilim_scenario *sc);

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
