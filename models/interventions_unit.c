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

double bilim_interventions_salary_unit_cost(const bilim_intervention *iv, double salary_kzt)
{
    return iv->u.salary.salary_rise * salary_kzt + iv->unit_cost_kzt;
}

/* The unit's cost, without the words. */
static double cost_of(const bilim_intervention *iv, const bilim_scenario *sc)
{
    const double u = iv->unit_cost_kzt;
    switch (iv->type) {
    case BILIM_IV_TEACHER_INCENTIVES:
        return bilim_interventions_incentive_unit_cost(iv, sc->params.salary_kzt);
    case BILIM_IV_TEACHER_SALARY:
        return bilim_interventions_salary_unit_cost(iv, sc->params.salary_kzt);
    case BILIM_IV_RESOURCE_FUNDING:
        return iv->u.funding.allocation == BILIM_ALLOC_PER_TEACHER ||
                       iv->u.funding.allocation == BILIM_ALLOC_PER_CAPITA
                   ? u * sc->population.teachers_min
                   : u;
    case BILIM_IV_INNOVATION_HUB:
        return u + iv->u.hub.partners * iv->u.hub.partner_cost_kzt;
    case BILIM_IV_PRACTICUM:
        return iv->u.practicum.students * u;
    default:
        return u;
    }
}

double bilim_interventions_unit_cost(const bilim_intervention *iv, const bilim_scenario *sc,
                                     char *what, size_t n)
{
    const double u = iv->unit_cost_kzt, cost = cost_of(iv, sc);
    const int32_t tmin = sc->population.teachers_min;
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
    case BILIM_IV_TEACHER_SALARY:
        snprintf(what, n, "one teacher paid the raise for one month: salary_rise %.15g x salary_kzt "
                 "%.15g + unit_cost_kzt %.15g = %.15g KZT", iv->u.salary.salary_rise,
                 sc->params.salary_kzt, u, cost);
        break;
    case BILIM_IV_RESOURCE_FUNDING:
        if (iv->u.funding.allocation == BILIM_ALLOC_PER_TEACHER ||
            iv->u.funding.allocation == BILIM_ALLOC_PER_CAPITA)
            snprintf(what, n, "the smallest grant, to a school of %d teachers: %d x unit_cost_kzt "
                     "%.15g = %.15g KZT", tmin, tmin, u, cost);
        else
            snprintf(what, n, "one school grant: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
        snprintf(what, n, "one school partnered for one month: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_INNOVATION_HUB:
        snprintf(what, n, "one hub school for one month: unit_cost_kzt %.15g + partners %d x "
                 "partner_cost_kzt %.15g = %.15g KZT", u, iv->u.hub.partners,
                 iv->u.hub.partner_cost_kzt, cost);
        break;
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
        snprintf(what, n, "one teacher enrolled: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        snprintf(what, n, "one pipeline hire: unit_cost_kzt %.15g", u);
        break;
    case BILIM_IV_PRACTICUM:
        snprintf(what, n, "one school's placement: students %d x unit_cost_kzt %.15g = %.15g KZT",
                 iv->u.practicum.students, u, cost);
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
