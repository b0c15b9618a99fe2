/* models/resources.h: school resources (ODD 7.3). */
#ifndef BILIM_RESOURCES_H
#define BILIM_RESOURCES_H

#include <stdint.h>
#include "models/agents.h"
#include "models/params.h"

/* R <- clamp(R + F / (cost_R n) - dt delta_R R): F is the funding received this
 * step in KZT already multiplied by the intervention's intensity, n the
 * school's teachers. */
static inline double bilim_resources_next(const bilim_params *p, double R, double F, int32_t n)
{
    return bilim_agents_clamp01(R + F / (p->cost_R * (double)n) - p->dt_months * p->delta_R * R);
}

#endif
