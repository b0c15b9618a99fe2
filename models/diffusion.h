/* models/diffusion.h: use of an innovation, the diffusion core (ODD 7.2).
 *
 * Readiness gate G = sigma(z) with
 *   z = beta0 + beta_k (k - c_j) + beta_m (m - 0.5) + beta_L (L_s - 0.5) + beta_R (R - r_j).
 * z splits into a teacher part a = beta_k k + beta_m (m - 0.5) and a school
 * part b = beta0 - beta_k c_j + beta_L (L_s - 0.5) + beta_R (R - r_j), so the
 * hot loop computes E = exp(-z) = exp(-a) exp(-b) with one exp per teacher
 * (exp(-b) once per school and innovation) and never forms G unless a
 * transition is possible: G = 1 / (1 + E) and 1 - G = E / (1 + E).
 *
 * Monthly transitions (at most one per teacher, innovation and step):
 *   0 -> 1  1 - exp(-h0 G),         h0 = dt (p_j X_s + q_j F_sj (1 + omega_plc W_s))
 *   1 -> 2 or 1 -> 0: competing hazards lambda_c G and lambda_a (1 - G): the
 *           teacher leaves state 1 with 1 - exp(-dt (lambda_c G + lambda_a (1 - G)))
 *           and goes to 2 with the share lambda_c G / (lambda_c G + lambda_a (1 - G))
 *           (one uniform: u < P_any * share -> 2, else u < P_any -> 0)
 *   2 -> 0  1 - exp(-dt lambda_d (1 - G))
 * with X_s = 1 + omega_univ Q_u P_s + omega_hub H_s + omega_net C_sj. */
#ifndef BILIM_DIFFUSION_H
#define BILIM_DIFFUSION_H

#include <math.h>
#include "models/agents.h"
#include "models/params.h"

/* Teacher part of the gate's logit. */
static inline double bilim_diffusion_gate_teacher_raw(double beta_k, double beta_m, double k, double m)
{
    return beta_k * k + beta_m * (m - 0.5);
}

static inline double bilim_diffusion_gate_teacher(const bilim_params *p, double k, double m)
{
    return bilim_diffusion_gate_teacher_raw(p->beta_k, p->beta_m, k, m);
}

/* School-and-innovation part of the gate's logit (c, r: complexity, resource need). */
static inline double bilim_diffusion_gate_school(const bilim_params *p, double L, double R, double c,
                                       double r)
{
    return p->beta0 - p->beta_k * c + p->beta_L * (L - 0.5) + p->beta_R * (R - r);
}

/* The gate itself, sigma(z), written as in the ODD (reference for tests). */
static inline double bilim_diffusion_gate(const bilim_params *p, double k, double m, double L, double R,
                                double c, double r)
{
    double z = p->beta0 + p->beta_k * (k - c) + p->beta_m * (m - 0.5) + p->beta_L * (L - 0.5) +
               p->beta_R * (R - r);
    return 1.0 / (1.0 + exp(-z));
}

/* External exposure X_s (QP = Q_u P_s, H = hub exposure, C = cluster routine share). */
static inline double bilim_diffusion_exposure(const bilim_params *p, double QP, double H, double C)
{
    return 1.0 + p->omega_univ * QP + p->omega_hub * H + p->omega_net * C;
}

/* The rates of one school and innovation for one step, times dt. */
typedef struct bilim_diffusion_rates {
    double h0;   /* dt (p X + q F (1 + omega_plc W)) */
    double dlc;  /* dt lambda_c */
    double dla;  /* dt lambda_a */
    double dld;  /* dt lambda_d */
} bilim_diffusion_rates;

static inline bilim_diffusion_rates bilim_diffusion_rates_make(const bilim_params *p, double bass_p,
                                                   double bass_q, double X, double F, double W)
{
    const double dt = p->dt_months;
    bilim_diffusion_rates r;
    r.h0 = dt * (bass_p * X + bass_q * F * (1.0 + p->omega_plc * W));
    r.dlc = dt * p->lambda_c;
    r.dla = dt * p->lambda_a;
    r.dld = dt * p->lambda_d;
    return r;
}

/* The next use state from state st, given u uniform in (0, 1) and
 * E = exp(-z). Since 1 - exp(-x) <= x, a cheap test on x (multiplied through
 * by 1 + E > 0) rejects most draws before any exp or division. */
static inline int bilim_diffusion_next(int st, double u, double E, const bilim_diffusion_rates *r)
{
    const double opE = 1.0 + E;
    const double uo = u * opE;
    if (st == BILIM_USE_NONE) {
        if (uo >= r->h0)
            return BILIM_USE_NONE;
        return u < -expm1(-r->h0 / opE) ? BILIM_USE_TRIAL : BILIM_USE_NONE;
    }
    if (st == BILIM_USE_TRIAL) {
        const double rate = r->dlc + r->dla * E; /* dt (lambda_c G + lambda_a (1 - G)) (1 + E) */
        if (uo >= rate)
            return BILIM_USE_TRIAL;
        const double pany = -expm1(-rate / opE);
        if (u >= pany)
            return BILIM_USE_TRIAL;
        return u < pany * (r->dlc / rate) ? BILIM_USE_ROUTINE : BILIM_USE_NONE;
    }
    const double rate = r->dld * E; /* dt lambda_d (1 - G) (1 + E) */
    if (uo >= rate)
        return BILIM_USE_ROUTINE;
    return u < -expm1(-rate / opE) ? BILIM_USE_NONE : BILIM_USE_ROUTINE;
}

/* An upper bound, independent of the gate, on the probability of leaving
 * state st: h0 (state 0), max(dt lambda_c, dt lambda_a) (state 1: the rate is a
 * weighted mean of the two), dt lambda_d (state 2). With u >= the bound,
 * bilim_diffusion_next returns st whatever E is, so the hot loop skips the gate
 * (and its exp) for teachers whose every draw is above its bound. */
static inline double bilim_diffusion_bound(int st, const bilim_diffusion_rates *r)
{
    if (st == BILIM_USE_NONE)
        return r->h0;
    if (st == BILIM_USE_TRIAL)
        return r->dlc > r->dla ? r->dlc : r->dla;
    return r->dld;
}

/* The transition probabilities out of state st for gate G, as the ODD
 * writes them (reference for tests): out[s'] = P(st -> s'). */
void bilim_diffusion_probs(int st, double G, const bilim_diffusion_rates *r, double out[3]);

#endif
