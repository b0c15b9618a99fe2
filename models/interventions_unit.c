/* models/interventions_unit.c: what one unit of an intervention costs, and
 * the rule that a budget buys at least one (see interventions.h). Apart
 * from interventions.c because the loader (formats/) and the comparison use
 * it on a scenario alone, without a model. */
#include "models/interventions.h"

#include <stdio.h>

double bilim_interventions_incentive_unit_cost(const bilim_intervention *iv, double salary_kzt)
{
    return iv->u.incentives.share_of_salary * salary_kzt + iv->unit_cost_kzt;
}

double bilim_interventions_unit_cost(const bilim_intervention *iv, const bilim_scenario *sc,
                                     char *what, size_t n)
{
    const double u = iv->unit_cost_kzt;
    const int32_t tmin = sc->population.teachers_min;
    const int per_teacher = iv->type == BILIM_IV_RESOURCE_FUNDING &&
                            iv->u.funding.allocation == BILIM_ALLOC_PER_TEACHER;
    const double cost =
        per_teacher ? u * tmin
        : iv->type == BILIM_IV_TEACHER_INCENTIVES
            ? bilim_interventions_incentive_unit_cost(iv, sc->params.salary_kzt)
            : u;
    if (!what)
        return cost;
    switch (iv->type) {
    case BILIM_IV_LEADERSHIP_TRAINING:
        snprintf(what, n, "one principal enrolled: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_TEACHER_INCENTIVES:
        snprintf(what, n, "one teacher paid for one month: share_of_salary %.15g x salary_kzt %.15g "
                 "+ unit_cost_kzt %.15g = %.15g KZT", iv->u.incentives.share_of_salary,
                 sc->params.salary_kzt, u, cost);
        break;
    case BILIM_IV_RESOURCE_FUNDING:
        if (per_teacher)
            snprintf(what, n, "the smallest grant, to a school of %d teachers: %d x unit_cost_kzt "
                     "%.15g = %.15g KZT", tmin, tmin, u, cost);
        else
            snprintf(what, n, "one school grant: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
        snprintf(what, n, "one school partnered for one month: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_INNOVATION_HUB:
        snprintf(what, n, "one hub school for one month: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
        snprintf(what, n, "one teacher enrolled: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        snprintf(what, n, "one pipeline hire: unit_cost_kzt %.15g", u);
        break;
    default:
        snprintf(what, n, "one unit");
        break;
    }
    return cost;
}

int bilim_interventions_budget_buys_a_unit(const bilim_intervention *iv,
                                           const bilim_scenario *sc)
{
    if (!(iv->budget_kzt > 0.0))
        return 1;
    return iv->budget_kzt >= bilim_interventions_unit_cost(iv, sc, NULL, 0) * (1.0 - 1e-12);
}
