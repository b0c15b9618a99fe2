/* models/teacher.c: turnover probability and new hires (ODD 7.1). */
#include "models/teacher.h"

#include <math.h>

double bilim_teacher_leave_prob_wage(const bilim_params *p, double wage)
{
    double rel = wage * (p->salary_kzt / p->avg_wage_kzt) / p->wage_ratio_ref;
    double a = p->attrition_annual * pow(rel, -p->attrition_wage_elasticity);
    return 1.0 - pow(1.0 - (a < 1.0 ? a : 1.0), p->dt_months / 12.0);
}

double bilim_teacher_leave_prob(const bilim_params *p)
{
    return bilim_teacher_leave_prob_wage(p, 1.0);
}

double bilim_teacher_wage_term(const bilim_params *p, double wage)
{
    return p->gamma_wage * log(wage * (p->salary_kzt / p->avg_wage_kzt) / p->wage_ratio_ref);
}

void bilim_teacher_hire(bilim_rng *rng, uint64_t seed, uint32_t replicate, int64_t slot,
                        int32_t month, double k_mean, double k_kappa, double m_mean,
                        double m_kappa, float *k, float *m)
{
    bilim_rng_reset(rng, seed, replicate, BILIM_PURPOSE_NEW_TEACHER, (uint64_t)slot,
                    (uint32_t)month);
    *k = (float)bilim_rng_beta_mean(rng, k_mean > 0.99 ? 0.99 : k_mean, k_kappa);
    *m = (float)bilim_rng_beta_mean(rng, m_mean > 0.99 ? 0.99 : m_mean, m_kappa);
}
