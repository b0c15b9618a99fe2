/* models/principal.h: principals' knowledge, skill and openness, leadership
 * support and readiness bands (ODD 2, 7.1). Pure functions of their inputs,
 * so each can be checked against hand-computed values. */
#ifndef BILIM_PRINCIPAL_H
#define BILIM_PRINCIPAL_H

#include "models/agents.h"
#include "models/params.h"
#include "models/scenario.h"

/* What acts on one principal in one step. */
typedef struct bilim_principal_in {
    double Tp;  /* leadership training this month, times intensity (0 if none) */
    double QP;  /* Q_u * P_s: partner university's quality, 0 without partner */
    double R;   /* the school's resources at the start of the month */
    double A;   /* the school's share of teacher-innovation pairs in routine use, previous month */
} bilim_principal_in;

/* One step of ODD 7.1, each result clamped to [0, 1]:
 *   K <- K + dt (eta_train Tp (1-K) + eta_univ_K QP (1-K) - delta_K K)
 *   S <- S + dt (eta_train_S Tp (1-S) + eta_exp (1-S) - delta_S S)
 *   O <- O + dt tau_O (O0 + gamma_O_R (R - 0.5) + gamma_O_A A - O) */
static inline void bilim_principal_step(const bilim_params *p, const bilim_principal_in *in,
                                        double O0, double *K, double *S, double *O)
{
    const double dt = p->dt_months;
    double k = *K, s = *S, o = *O;
    *K = bilim_agents_clamp01(k + dt * (p->eta_train * in->Tp * (1.0 - k) +
                                 p->eta_univ_K * in->QP * (1.0 - k) - p->delta_K * k));
    *S = bilim_agents_clamp01(s + dt * (p->eta_train_S * in->Tp * (1.0 - s) +
                                 p->eta_exp * (1.0 - s) - p->delta_S * s));
    *O = bilim_agents_clamp01(o + dt * p->tau_O * (O0 + p->gamma_O_R * (in->R - 0.5) +
                                            p->gamma_O_A * in->A - o));
}

/* Readiness band of rho: low below theta_low, high at or above theta_high. */
static inline bilim_band bilim_principal_band(const bilim_params *p, double rho)
{
    return rho < p->theta_low ? BILIM_BAND_LOW
                              : (rho >= p->theta_high ? BILIM_BAND_HIGH : BILIM_BAND_INTERMEDIATE);
}

/* The five barrier reports of a principal (ODD 5) as a bit set
 * (bit b = bilim_barrier b), given K, S, R and the school's mean teacher m. */
static inline unsigned bilim_principal_barriers(const bilim_params *p, double K, double S,
                                                double R, double mean_m)
{
    return (unsigned)(K < p->barrier_knowledge_below) << BILIM_BARRIER_KNOWLEDGE |
           (unsigned)(mean_m < p->barrier_motivation_below) << BILIM_BARRIER_MOTIVATION |
           (unsigned)(R < p->barrier_material_below) << BILIM_BARRIER_MATERIAL |
           (unsigned)(S < p->barrier_organizing_below) << BILIM_BARRIER_ORGANIZING |
           (unsigned)(S < p->barrier_managerial_below) << BILIM_BARRIER_MANAGERIAL;
}

#endif
