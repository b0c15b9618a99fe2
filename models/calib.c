/* models/calib.c: a calibration's description and its checks (see
 * calib.h). */
#include "models/calib.h"

#include <math.h>
#include <string.h>

const char *bilim_calib_target_name(int t)
{
    static const char *const names[BILIM_CALIB_N_TARGETS] = {
        "readiness_bands.low", "readiness_bands.intermediate", "readiness_bands.high",
        "barriers.lack_of_practical_knowledge", "barriers.low_staff_motivation",
        "barriers.weak_material_base", "barriers.difficulty_organizing_teaching_staff",
        "barriers.insufficient_managerial_skills"};
    return (t >= 0 && t < BILIM_CALIB_N_TARGETS) ? names[t] : "unknown";
}

void bilim_calibration_defaults(bilim_calibration *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->name, "calibration");
    bilim_scenario_defaults(&c->base);
    c->month = 0;
    c->survey_n = 116;
    c->rural_share = bilim_calib_population_rural_share(&c->base.population);
    bilim_abc_settings_defaults(&c->abc);
    c->schools_per_simulation = 0;
    c->predictive_draws = 1;
    c->point = BILIM_CALIB_POINT_MEAN;
}

double bilim_calib_population_rural_share(const bilim_population *pop)
{
    int32_t rural = 0, total = bilim_population_schools(pop);
    for (int32_t r = 0; r < pop->n_regions; r++)
        rural += pop->regions[r].rural;
    return total > 0 ? (double)rural / total : 0.0;
}

static void locality_counts(const bilim_population *pop, int32_t *urban, int32_t *rural)
{
    *urban = *rural = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        *urban += pop->regions[r].urban;
        *rural += pop->regions[r].rural;
    }
}

/* Rural principals in a survey of n: the rule of bilim_model_survey. */
static int32_t survey_rural(int32_t n, double rural_share)
{
    return (int32_t)floor(n * rural_share + 0.5);
}

int32_t bilim_calib_min_schools(const bilim_population *pop, int32_t n, double rural_share)
{
    int32_t total = bilim_population_schools(pop);
    int32_t want_r = survey_rural(n, rural_share), want_u = n - want_r;
    for (int32_t m = n; m <= total; m++) {
        bilim_population s;
        if (bilim_population_sample(pop, m, &s, NULL) != BILIM_OK)
            return 0;
        int32_t u, r;
        locality_counts(&s, &u, &r);
        if (u >= want_u && r >= want_r)
            return m;
    }
    return 0;
}

int bilim_calib_problem_init(bilim_calib_problem *p, const bilim_calibration *c,
                             bilim_error *err)
{
    memset(p, 0, sizeof *p);
    p->cal = c;
    if (c->n_free < 1)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no free parameter");
    int any = 0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        any |= c->present[t];
    if (!any)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no target to fit");
    if (c->month < 0 || c->month > c->base.months)
        return bilim_error_set(err, BILIM_EINVAL,
                               "calibration: observation month %d is outside the base "
                               "scenario's months 0..%d", c->month, c->base.months);
    p->n_rural = survey_rural(c->survey_n, c->rural_share);
    const bilim_population *pop = &c->base.population;
    int32_t total = bilim_population_schools(pop);
    p->scenario = c->base;
    p->scenario.replicates = 1;
    if (c->schools_per_simulation > 0 && c->schools_per_simulation < total) {
        int rc = bilim_scenario_sample(&p->scenario, c->schools_per_simulation, err);
        if (rc)
            return rc;
    }
    int32_t u, r;
    locality_counts(&p->scenario.population, &u, &r);
    if (r < p->n_rural || u < c->survey_n - p->n_rural) {
        int32_t need = bilim_calib_min_schools(pop, c->survey_n, c->rural_share);
        if (need > 0)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "calibration: a sample of %d schools holds %d urban and %d rural, "
                                   "too few for a survey of %d (%d rural); use "
                                   "schools_per_simulation >= %d",
                                   bilim_population_schools(&p->scenario.population),
                                   u, r, c->survey_n, p->n_rural, need);
        return bilim_error_set(err, BILIM_EINVAL,
                               "calibration: the population (%d urban, %d rural schools) cannot "
                               "hold a survey of %d principals with %d rural", u, r,
                               c->survey_n, p->n_rural);
    }
    return BILIM_OK;
}
