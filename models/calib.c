/* models/calib.c: a calibration's description and its checks (see
 * calib.h). */
#include "models/calib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *bilim_calib_target_name(int t)
{
    static const char *const names[BILIM_CALIB_N_TARGETS] = {
        "readiness_bands.low", "readiness_bands.intermediate", "readiness_bands.high",
        "barriers.lack_of_practical_knowledge", "barriers.low_staff_motivation",
        "barriers.weak_material_base", "barriers.difficulty_organizing_teaching_staff",
        "barriers.insufficient_managerial_skills"};
    return (t >= 0 && t < BILIM_CALIB_N_TARGETS) ? names[t % BILIM_CALIB_SET_TARGETS] : "unknown";
}

int32_t bilim_calib_set_respondents(const bilim_calib_set *set)
{
    if (set->asked == BILIM_CALIB_TEACHERS)
        return set->schools * set->per_school;
    return set->n;
}

int bilim_calib_set_targets(const bilim_calib_set *set)
{
    return set->asked == BILIM_CALIB_TEACHERS ? 1 : BILIM_CALIB_SET_TARGETS;
}

int bilim_calib_active(const bilim_calibration *c, int t)
{
    if (t < 0 || t >= BILIM_CALIB_N_TARGETS)
        return 0;
    int s = t / BILIM_CALIB_SET_TARGETS, k = t % BILIM_CALIB_SET_TARGETS;
    return s < c->n_sets && k < bilim_calib_set_targets(&c->sets[s]) && c->present[t];
}

int32_t bilim_calib_target_n(const bilim_calibration *c, int t)
{
    return bilim_calib_set_respondents(&c->sets[t / BILIM_CALIB_SET_TARGETS]);
}

const char *bilim_calib_target_label(const bilim_calibration *c, int t, char *buf, size_t n)
{
    const bilim_calib_set *set = &c->sets[t / BILIM_CALIB_SET_TARGETS];
    if (set->asked == BILIM_CALIB_TEACHERS)
        snprintf(buf, n, "%s", set->id);
    else if (c->n_sets == 1)
        snprintf(buf, n, "%s", bilim_calib_target_name(t));
    else
        snprintf(buf, n, "%s:%s", set->id, bilim_calib_target_name(t));
    return buf;
}

int32_t bilim_calib_history(const bilim_calibration *c)
{
    int32_t h = 0;
    for (int s = 0; s < c->n_sets; s++)
        if (-c->sets[s].month > h)
            h = -c->sets[s].month;
    return h;
}

void bilim_calibration_defaults(bilim_calibration *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->name, "calibration");
    bilim_scenario_defaults(&c->base);
    c->n_sets = 1;
    bilim_calib_set *set = &c->sets[0];
    strcpy(set->id, "survey");
    set->asked = BILIM_CALIB_PRINCIPALS;
    set->n = 116;
    set->rural_share = bilim_calib_population_rural_share(&c->base.population);
    set->design_effect = 1.0;
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

/* Schools a simulated population needs for set s (0: the set cannot be
 * drawn from pop at all). */
static int32_t set_min_schools(const bilim_population *pop, const bilim_calib_set *set)
{
    if (set->asked == BILIM_CALIB_TEACHERS)
        return set->schools <= bilim_population_schools(pop) ? set->schools : 0;
    return bilim_calib_min_schools(pop, set->n, set->rural_share);
}

int32_t bilim_calib_default_schools(const bilim_calibration *c)
{
    int32_t need = 0;
    for (int s = 0; s < c->n_sets; s++) {
        int32_t m = set_min_schools(&c->base.population, &c->sets[s]);
        if (m == 0)
            return 0;
        if (m > need)
            need = m;
    }
    return need;
}

/* Whether the sampled population can hold set s's survey. */
static int check_set(bilim_calib_problem *p, int s, bilim_error *err)
{
    const bilim_calibration *c = p->cal;
    const bilim_calib_set *set = &c->sets[s];
    const bilim_population *sample = &p->scenario.population;
    int32_t need = set_min_schools(&c->base.population, set);
    int32_t u, r, total = bilim_population_schools(sample);
    locality_counts(sample, &u, &r);
    if (set->asked == BILIM_CALIB_TEACHERS) {
        if (set->item.quantity != BILIM_TQ_KNOWLEDGE &&
            (set->item.innovation < 0 || set->item.innovation >= c->base.n_innovations))
            return bilim_error_set(err, BILIM_EINVAL, "calibration: target set \"%s\" asks about "
                                   "innovation %d; the base scenario has %d", set->id,
                                   set->item.innovation, c->base.n_innovations);
        if (total >= set->schools)
            return BILIM_OK;
        if (need > 0)
            return bilim_error_set(err, BILIM_EINVAL, "calibration: target set \"%s\" draws %d "
                                   "schools from a sample of %d; use schools_per_simulation >= %d",
                                   set->id, set->schools, total, need);
        return bilim_error_set(err, BILIM_EINVAL, "calibration: target set \"%s\" draws %d "
                               "schools; the population has %d", set->id, set->schools, total);
    }
    p->n_rural[s] = survey_rural(set->n, set->rural_share);
    if (r >= p->n_rural[s] && u >= set->n - p->n_rural[s])
        return BILIM_OK;
    if (need > 0)
        return bilim_error_set(err, BILIM_EINVAL,
                               "calibration: a sample of %d schools holds %d urban and %d rural, "
                               "too few for a survey of %d (%d rural); use "
                               "schools_per_simulation >= %d", total, u, r, set->n,
                               p->n_rural[s], need);
    return bilim_error_set(err, BILIM_EINVAL,
                           "calibration: the population (%d urban, %d rural schools) cannot "
                           "hold a survey of %d principals with %d rural", u, r, set->n,
                           p->n_rural[s]);
}

int bilim_calib_problem_init(bilim_calib_problem *p, const bilim_calibration *c,
                             bilim_error *err)
{
    memset(p, 0, sizeof *p);
    p->cal = c;
    if (c->n_free < 1)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no free parameter");
    if (c->n_sets < 1 || c->n_sets > BILIM_CALIB_MAX_SETS)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: %d target sets; expected 1 to %d",
                               c->n_sets, BILIM_CALIB_MAX_SETS);
    int any = 0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        any |= bilim_calib_active(c, t);
    if (!any)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: no target to fit");
    p->history = bilim_calib_history(c);
    if (p->history > BILIM_CALIB_MAX_HISTORY)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: a target set %d months before "
                               "month 0; the history can be at most %d months", p->history,
                               BILIM_CALIB_MAX_HISTORY);
    for (int s = 0; s < c->n_sets; s++)
        if (c->sets[s].month > c->base.months)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "calibration: target set \"%s\" is observed at month %d, "
                                   "after the base scenario's months 0..%d", c->sets[s].id,
                                   c->sets[s].month, c->base.months);
    const bilim_population *pop = &c->base.population;
    int32_t total = bilim_population_schools(pop);
    p->scenario = c->base;
    p->scenario.replicates = 1;
    if (c->schools_per_simulation > 0 && c->schools_per_simulation < total) {
        int rc = bilim_scenario_sample(&p->scenario, c->schools_per_simulation, err);
        if (rc)
            return rc;
    }
    if (bilim_scenario_add_history(&p->scenario, p->history) != 0)
        return bilim_error_set(err, BILIM_EINVAL, "calibration: a history of %d months makes "
                               "the horizon longer than %d months", p->history, BILIM_MAX_MONTHS);
    for (int s = 0; s < c->n_sets; s++) {
        int rc = check_set(p, s, err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}
