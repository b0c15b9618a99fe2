/* models/principal.h: principals' knowledge, skill and openness, turnover
 * and successors, leadership support, readiness bands and barrier reports
 * (ODD 2, 5, 7.1). The per-step functions are pure functions of their
 * inputs, so each can be checked against hand-computed values. */
#ifndef BILIM_PRINCIPAL_H
#define BILIM_PRINCIPAL_H

#include <math.h>
#include <stdint.h>
#include "base/rng.h"
#include "models/agents.h"
#include "models/params.h"
#include "models/scenario.h"

/* What acts on one principal in one step. */
typedef struct bilim_principal_in {
    double Tp;     /* leadership training this month, times intensity (0 if none) */
    double QP;     /* Q_u * P_s: partner university's quality, 0 without partner */
    double R;      /* the school's resources at the start of the month */
    double A;      /* the school's share of teacher-innovation pairs in routine use, previous month */
    double peers;  /* share of the cluster's other principals trained in post (start of month) */
    double R0, A0; /* the school's month-0 R and A: the references of openness */
    double Pj;     /* school project of a modular leadership programme, times intensity (0 if none) */
} bilim_principal_in;

/* One step of ODD 7.1, each result clamped to [0, 1]:
 *   K <- K + dt (eta_train Tp (1-K) + eta_univ_K QP (1-K) + eta_peer_P peers (1-K) - delta_K K)
 *   S <- S + dt ((eta_train_S Tp + eta_project Pj) (1-S) + eta_exp (1-S) - delta_S S)
 *   O <- O + dt tau_O (O0 + gamma_O_R (R - R0) + gamma_O_A (A - A0) - O) */
static inline void bilim_principal_step(const bilim_params *p, const bilim_principal_in *in,
                                        double O0, double *K, double *S, double *O)
{
    const double dt = p->dt_months;
    double k = *K, s = *S, o = *O;
    *K = bilim_agents_clamp01(k + dt * ((p->eta_train * in->Tp + p->eta_univ_K * in->QP +
                                         p->eta_peer_P * in->peers) * (1.0 - k) -
                                        p->delta_K * k));
    *S = bilim_agents_clamp01(s + dt * ((p->eta_train_S * in->Tp + p->eta_project * in->Pj) * (1.0 - s) +
                                        p->eta_exp * (1.0 - s) - p->delta_S * s));
    *O = bilim_agents_clamp01(o + dt * p->tau_O * (O0 + p->gamma_O_R * (in->R - in->R0) +
                                                   p->gamma_O_A * (in->A - in->A0) - o));
}

/* Readiness band of rho: low below theta_low, high at or above theta_high. */
static inline bilim_band bilim_principal_band(const bilim_params *p, double rho)
{
    return rho < p->theta_low ? BILIM_BAND_LOW
                              : (rho >= p->theta_high ? BILIM_BAND_HIGH : BILIM_BAND_INTERMEDIATE);
}

/* The probability that a principal reports a barrier whose state x is below
 * `threshold`: sigma(slope (threshold - x)), 1/2 at the threshold (ODD 5). */
static inline double bilim_principal_report_prob(double slope, double threshold, double x)
{
    return 1.0 / (1.0 + exp(-slope * (threshold - x)));
}

/* The five report probabilities of a principal (ODD 5), out[b] for
 * bilim_barrier b, given K, S, R and the school's mean teacher m. */
void bilim_principal_barrier_probs(const bilim_params *p, double K, double S, double R,
                                   double mean_m, double out[BILIM_N_BARRIERS]);

/* Monthly probability that a principal leaves: 1 - (1 - a)^(dt / 12),
 * a = principal_turnover_annual. */
double bilim_principal_leave_prob(const bilim_params *p);

/* The Beta (mean, concentration) of a new principal's managerial skill S
 * (ODD 7.1): the one that keeps the mean and variance of S stationary when
 * principals gain experience (S <- S + dt (eta_exp (1 - S) - delta_S S)),
 * leave with monthly probability q and are replaced by a draw from it, given
 * the month-0 distribution Beta(mean0, kappa0). Where no Beta does (q = 0,
 * or experience so fast that novices would need a mean outside (0.001,
 * 0.999) or a variance outside (0, mean (1 - mean))), the mean is clamped to
 * that range and the concentration is kappa0. */
void bilim_principal_novice(const bilim_params *p, double q, double mean0, double kappa0,
                            double *mean, double *kappa);

/* A principal drawn from Beta distributions, in this order: K (mean K_mean,
 * init_K_kappa), S (S_mean, S_kappa), O (O_mean, init_O_kappa), then a
 * uniform for gender (woman below principal_women_share) and one for the age
 * group (30-45 below principal_age_30_45_share). rng is reset by the caller
 * to the stream of the draw. */
typedef struct bilim_principal_draw {
    double K, S, O;
    uint8_t female, age_group;
} bilim_principal_draw;

void bilim_principal_draw_from(bilim_rng *rng, const bilim_params *p, double K_mean,
                               double S_mean, double S_kappa, double O_mean,
                               bilim_principal_draw *out);

/* Puts the drawn principal d in office at school s from month `since`:
 * K, S, O, O0 = O, gender, age group; untrained. */
static inline void bilim_principal_place(bilim_agents *a, int32_t s,
                                         const bilim_principal_draw *d, int32_t since)
{
    a->K[s] = d->K;
    a->S[s] = d->S;
    a->O[s] = d->O;
    a->O0[s] = d->O;
    a->female[s] = d->female;
    a->age_group[s] = d->age_group;
    a->trained[s] = 0;
    a->p_since[s] = since;
}

#endif
