/* models/principal.c: barrier reports, principal turnover, the successors'
 * distribution and the draw of a principal (ODD 5, 7.1); see principal.h. */
#include "models/principal.h"

#include <math.h>

void bilim_principal_barrier_probs(const bilim_params *p, double K, double S, double R,
                                   double mean_m, double out[BILIM_N_BARRIERS])
{
    const double b = p->barrier_slope;
    out[BILIM_BARRIER_KNOWLEDGE] = bilim_principal_report_prob(b, p->barrier_knowledge_below, K);
    out[BILIM_BARRIER_MOTIVATION] =
        bilim_principal_report_prob(b, p->barrier_motivation_below, mean_m);
    out[BILIM_BARRIER_MATERIAL] = bilim_principal_report_prob(b, p->barrier_material_below, R);
    out[BILIM_BARRIER_ORGANIZING] = bilim_principal_report_prob(b, p->barrier_organizing_below, S);
    out[BILIM_BARRIER_MANAGERIAL] = bilim_principal_report_prob(b, p->barrier_managerial_below, S);
}

double bilim_principal_leave_prob(const bilim_params *p)
{
    return 1.0 - pow(1.0 - p->principal_turnover_annual, p->dt_months / 12.0);
}

/* A stayer's S after a month is b + a S (a = 1 - e - d, b = e, with e =
 * dt eta_exp, d = dt delta_S; training aside). With leavers (probability
 * q, after the update) replaced by novices of mean mn and second moment vn2,
 * the mean mu and second moment m2 are stationary when
 *     mu = (1 - q) (b + a mu) + q mn
 *     m2 = (1 - q) (b^2 + 2 a b mu + a^2 m2) + q vn2,
 * which gives mn and vn2; the novices' Beta follows by the method of moments. */
void bilim_principal_novice(const bilim_params *p, double q, double mean0, double kappa0,
                            double *mean, double *kappa)
{
    const double e = p->dt_months * p->eta_exp, d = p->dt_months * p->delta_S;
    const double a = 1.0 - e - d, b = e;
    const double mu = mean0, m2 = mean0 * (1.0 - mean0) / (kappa0 + 1.0) + mean0 * mean0;
    *mean = mean0;
    *kappa = kappa0;
    if (!(q > 0.0))
        return;
    double mn = (mu - (1.0 - q) * (b + a * mu)) / q;
    double vn2 = (m2 - (1.0 - q) * (b * b + 2.0 * a * b * mu + a * a * m2)) / q;
    if (!(mn > 0.001 && mn < 0.999)) {
        *mean = mn > 0.5 ? 0.999 : 0.001;
        return;
    }
    *mean = mn;
    double var = vn2 - mn * mn;
    if (var > 0.0 && var < mn * (1.0 - mn))
        *kappa = mn * (1.0 - mn) / var - 1.0;
}

void bilim_principal_draw_from(bilim_rng *rng, const bilim_params *p, double K_mean,
                               double S_mean, double S_kappa, double O_mean,
                               bilim_principal_draw *out)
{
    out->K = bilim_rng_beta_mean(rng, K_mean, p->init_K_kappa);
    out->S = bilim_rng_beta_mean(rng, S_mean, S_kappa);
    out->O = bilim_rng_beta_mean(rng, O_mean, p->init_O_kappa);
    out->female = (uint8_t)(bilim_rng_uniform(rng) < p->principal_women_share);
    out->age_group = bilim_rng_uniform(rng) < p->principal_age_30_45_share ? BILIM_AGE_30_45
                                                                          : BILIM_AGE_OVER_45;
}
