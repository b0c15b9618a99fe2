/* models/resources.h: school resources (ODD 7.3). */
#ifndef BILIM_RESOURCES_H
#define BILIM_RESOURCES_H

#include <stdint.h>
#include "models/agents.h"
#include "models/params.h"

#include <math.h>

/* R <- clamp(R + (1 - R)(1 - exp(-F / (cost_R n))) - dt delta_R R): F is the
 * funding received this step in KZT already multiplied by the
 * intervention's intensity, n the school's teachers. Money closes a share of
 * the gap to a fully equipped school (diminishing returns, ODD 7.3); for
 * small F the gain is (1 - R) F / (cost_R n). */
static inline double bilim_resources_next(const bilim_params *p, double R, double F, int32_t n)
{
    double gain = F > 0.0 ? -(1.0 - R) * expm1(-F / (p->cost_R * (double)n)) : 0.0;
    return bilim_agents_clamp01(R + gain - p->dt_months * p->delta_R * R);
}

#endif
