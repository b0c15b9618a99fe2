/* models/teacher.h: teachers' knowledge and motivation, turnover and new
 * hires (ODD 7.1). The per-step updates are inline: they run in the hot loop. */
#ifndef BILIM_TEACHER_H
#define BILIM_TEACHER_H

#include <math.h>
#include <stdint.h>
#include "base/rng.h"
#include "models/agents.h"
#include "models/params.h"

/* The knowledge gain rate of a school's teachers this month (ODD 7.1):
 *   g = eta_pd D + eta_univ_k QP + eta_peer A + eta_hub H
 * D: professional development (times intensity), QP = Q_u P_s, A: the
 * school's routine share of the previous month, H: hub exposure. */
static inline double bilim_teacher_k_gain(const bilim_params *p, double D, double QP, double A,
                                          double H)
{
    return p->eta_pd * D + p->eta_univ_k * QP + p->eta_peer * A + p->eta_hub * H;
}

/* k <- clamp(k + dt (g (1 - k) - delta_k k)). The _raw forms take the
 * parameters as scalars (the hot loop keeps them in registers). */
static inline double bilim_teacher_k_raw(double k, double g, double dt, double delta_k)
{
    return bilim_agents_clamp01(k + dt * (g * (1.0 - k) - delta_k * k));
}

static inline double bilim_teacher_k_next(const bilim_params *p, double k, double g)
{
    return bilim_teacher_k_raw(k, g, p->dt_months, p->delta_k);
}

/* The school part of the motivation target, relative to the school's
 * month-0 state (L0, R0): gamma_L (L - L0) + gamma_R (R - R0). */
static inline double bilim_teacher_m_base(const bilim_params *p, double L, double R, double L0,
                                          double R0)
{
    return p->gamma_L * (L - L0) + p->gamma_R * (R - R0);
}

/* m <- clamp(m + dt tau_m (m* - m)), m* = clamp(m0 + gamma_inc ln(1 + B) +
 * m_base); B is the incentive this month as a share of the salary (log
 * utility of income, ODD 7.1). The _raw form takes lB = ln(1 + B). */
static inline double bilim_teacher_m_raw(double m, double m0, double lB, double m_base,
                                         double dt, double tau_m, double gamma_inc)
{
    double mstar = bilim_agents_clamp01(m0 + gamma_inc * lB + m_base);
    return bilim_agents_clamp01(m + dt * tau_m * (mstar - m));
}

static inline double bilim_teacher_m_next(const bilim_params *p, double m, double m0, double B,
                                          double m_base)
{
    return bilim_teacher_m_raw(m, m0, log1p(B), m_base, p->dt_months, p->tau_m, p->gamma_inc);
}

/* The relative wage of a school's teachers is rel = wage salary_kzt /
 * avg_wage_kzt / wage_ratio_ref, wage the multiplier of salary changes there
 * (1 + sum of intensity x salary_rise, ODD 7.4). */

/* Monthly probability of leaving: 1 - (1 - a)^(dt / 12), annual attrition
 * a = min(1, attrition_annual rel^(-attrition_wage_elasticity)). */
double bilim_teacher_leave_prob_wage(const bilim_params *p, double wage);

/* The same at wage 1 (no salary change). */
double bilim_teacher_leave_prob(const bilim_params *p);

/* The relative wage's term of the motivation target: gamma_wage ln(rel). */
double bilim_teacher_wage_term(const bilim_params *p, double wage);

/* Draws a new hire's k and m into slot `slot` at month `month`, from
 * stream (NEW_TEACHER, slot, month): k ~ Beta(k_mean, k_kappa), then
 * m ~ Beta(m_mean, m_kappa), each mean clamped to at most 0.99. rng is the
 * caller's (one per thread). */
void bilim_teacher_hire(bilim_rng *rng, uint64_t seed, uint32_t replicate, int64_t slot,
                        int32_t month, double k_mean, double k_kappa, double m_mean,
                        double m_kappa, float *k, float *m);

#endif
