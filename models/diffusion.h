/* models/diffusion.h: use of an innovation, the diffusion core (ODD 7.2).
 *
 * Readiness gate G = sigma(z). Three factors, each a deficit (< 0) or
 * surplus (> 0) against the balanced school of the gate_ref_* parameters:
 *   teacher     d_T = beta_k (k - c_j - ref_kc) + beta_m (m - ref_m)
 *   leadership  d_L = beta_L (L_s - ref_L)
 *   resources   d_R = beta_R (R - r_j - ref_Rr)
 * and the logit of the balanced school
 *   zbar = beta0 + beta_k ref_kc + beta_m (ref_m - 0.5) + beta_L (ref_L - 0.5) + beta_R ref_Rr.
 * With nu = gate_nu:
 *   nu = 0:  z = zbar + d_T + d_L + d_R             (the spec's additive logit)
 *   nu > 0:  z = zbar - (1/nu) ln( (e^(-3 nu d_T) + e^(-3 nu d_L) + e^(-3 nu d_R)) / 3 ),
 * a soft minimum of the factor logits zbar + 3 d_i that tends to the additive
 * logit as nu -> 0 and to the weakest factor, min_i (zbar + 3 d_i), as
 * nu -> infinity. At the balanced school every form has the same level and
 * the same slope in each input; they differ in how a deficit in one factor
 * limits what the others can do.
 *
 * The hot loop never forms z. E = exp(-z) splits into a teacher part tau and
 * constants per innovation (bilim_diffusion_gate_innov, once per model), per
 * school (bilim_diffusion_leader, one exp) and per school and innovation
 * (bilim_diffusion_gate_make, one exp):
 *   tau = exp(-f (beta_k k + beta_m m)),  f = 3 nu (nu > 0) or 1 (nu = 0)
 *   E = tau P + Q                  (nu = 0 or 1: one exp per teacher, as before)
 *   E = C (tau P + Q)^(1/nu)       (other nu)
 * and G = 1 / (1 + E), 1 - G = E / (1 + E). E is smallest at tau = 0, so
 * G <= Gmax = 1 / (1 + E(0)) for every teacher of the school: the bounds
 * below use it.
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

/* The constants of the gate for one school and innovation. */
typedef struct bilim_gate {
    double P, Q;      /* E = tau P + Q (linear), or C (tau P + Q)^inv_nu */
    double C, inv_nu;
    int linear;       /* 1 when nu is 0 or 1 */
    double Gmax;      /* 1 / (1 + E at tau = 0): no teacher of the school has a larger G */
} bilim_gate;

/* f, the teacher part's scale: 3 nu, or 1 when nu = 0. */
static inline double bilim_diffusion_tau_scale(const bilim_params *p)
{
    return p->gate_nu > 0.0 ? 3.0 * p->gate_nu : 1.0;
}

/* The teacher part tau = exp(-(fk k + fm m)), fk = f beta_k, fm = f beta_m.
 * (An infinite tau, from extreme parameters only, is a teacher factor
 * infinitely short: bilim_diffusion_odds turns it into G = 0.) */
static inline double bilim_diffusion_tau_raw(double fk, double fm, double k, double m)
{
    return exp(-(fk * k + fm * m));
}

static inline double bilim_diffusion_tau(const bilim_params *p, double k, double m)
{
    const double f = bilim_diffusion_tau_scale(p);
    return bilim_diffusion_tau_raw(f * p->beta_k, f * p->beta_m, k, m);
}

/* The gate's constants of an innovation of complexity c (the same for every
 * school and month): the teacher factor's offset A and the balanced
 * school's exp(-zbar). */
typedef struct bilim_gate_innov {
    double A, ez;
} bilim_gate_innov;

void bilim_diffusion_gate_innov(const bilim_params *p, double c, bilim_gate_innov *gi);

/* The leadership factor of a school with leadership support L:
 * exp(-3 nu beta_L (L - ref_L)), or exp(-beta_L (L - 0.5)) when nu = 0. */
double bilim_diffusion_leader(const bilim_params *p, double L);

/* The gate's constants for a school with leadership factor SL
 * (bilim_diffusion_leader) and resources R, for an innovation with
 * constants gi and resource need r. */
void bilim_diffusion_gate_make(const bilim_params *p, const bilim_gate_innov *gi, double SL,
                               double R, double r, bilim_gate *g);

/* The three above in one call (for tests and benchmarks). */
void bilim_diffusion_gate_at(const bilim_params *p, double L, double R, double c, double r,
                             bilim_gate *g);

/* E = exp(-z) of a teacher with teacher part tau, capped at 1e300 (inf and
 * NaN from extreme parameters become 1e300: G = 0 to double precision). */
static inline double bilim_diffusion_odds(const bilim_gate *g, double tau)
{
    double x = tau * g->P + g->Q;
    if (!g->linear)
        x = g->C * pow(x, g->inv_nu);
    return x < 1e300 ? x : 1e300;
}

/* The gate itself, sigma(z), computed from the formula above with a
 * log-sum-exp (reference for tests and benchmarks). */
double bilim_diffusion_gate(const bilim_params *p, double k, double m, double L, double R,
                            double c, double r);

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

/* An upper bound on the probability of leaving state st for every teacher
 * whose gate is at most Gmax (bilim_gate.Gmax): h0 Gmax (state 0), dt lambda_a
 * + max(0, dt lambda_c - dt lambda_a) Gmax (state 1: the rate is dt lambda_a +
 * dt (lambda_c - lambda_a) G), dt lambda_d (state 2). Each is a bound because
 * 1 - exp(-x) <= x and the rate is monotone in G. With u >= the bound,
 * bilim_diffusion_next returns st, so the hot loop skips the teacher part
 * (and its exp) for teachers whose every draw is above its bound. */
static inline double bilim_diffusion_bound(int st, const bilim_diffusion_rates *r, double Gmax)
{
    if (st == BILIM_USE_NONE)
        return r->h0 * Gmax;
    if (st == BILIM_USE_TRIAL)
        return r->dla + (r->dlc > r->dla ? (r->dlc - r->dla) * Gmax : 0.0);
    return r->dld;
}

/* The transition probabilities out of state st for gate G, as the ODD
 * writes them (reference for tests): out[s'] = P(st -> s'). */
void bilim_diffusion_probs(int st, double G, const bilim_diffusion_rates *r, double out[3]);

#endif
