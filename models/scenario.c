/* models/scenario.c: scenario defaults and names. */
#include "models/scenario.h"

#include <stdio.h>

#include <math.h>
#include <string.h>
#include "models/preset.h"

bilim_target bilim_target_all(void)
{
    bilim_target t;
    memset(&t, 0, sizeof t);
    t.locality = -1;
    t.region_mask = 0;
    t.small_class = -1;
    t.band = -1;
    t.resources_below = 2.0;
    t.fraction = 1.0;
    t.order = BILIM_ORDER_RANDOM;
    t.need = BILIM_NEED_RESOURCES;
    t.max_schools = 0;
    return t;
}

void bilim_intervention_defaults(bilim_intervention *iv, bilim_iv_type type)
{
    memset(iv, 0, sizeof *iv);
    iv->type = type;
    strcpy(iv->name, bilim_iv_type_name(type));
    iv->start_month = 0;
    iv->duration_months = 12;
    iv->target = bilim_target_all();
    iv->intensity = 1.0;
    iv->unit_cost_kzt = 0.0;
    iv->budget_kzt = 0.0;
    switch (type) {
    case BILIM_IV_LEADERSHIP_TRAINING:
        iv->u.leadership.program_months = 6;
        iv->u.leadership.cohort_size = 500;
        iv->u.leadership.cohort_interval = 12;
        iv->u.leadership.completion_prob = 0.9;
        iv->u.leadership.cohort_calendar_month = 6;  /* June (seed 004), docs/ODD.md 7.4 */
        iv->u.leadership.modules = 1;
        iv->u.leadership.project_months = 0;
        iv->u.leadership.refresher_after = 0;
        break;
    case BILIM_IV_TEACHER_INCENTIVES:
        iv->u.incentives.share_of_salary = 0.1;
        iv->u.incentives.conditional = 0;
        iv->u.incentives.retarget_months = 0;
        break;
    case BILIM_IV_RESOURCE_FUNDING:
        iv->u.funding.allocation = BILIM_ALLOC_EQUAL;
        iv->u.funding.equalising = 0.0;
        break;
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
        iv->u.partnership.universities = 10;
        iv->u.partnership.capacity = 20;
        iv->u.partnership.quality = 0.6;
        iv->u.partnership.language_factor = 1.0;
        break;
    case BILIM_IV_INNOVATION_HUB:
        iv->u.hub.hubs = 50;
        iv->u.hub.partners = 3;            /* the Leading Schools ratio, 3.2 (hub_span) */
        iv->u.hub.partner_cost_kzt = 40000.0; /* two teacher-days a month: 2 x 417,600 / 21 */
        iv->target.order = BILIM_ORDER_STRONGEST;
        iv->target.need = BILIM_NEED_READINESS;
        break;
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
        iv->u.pd.program_months = 6;
        iv->u.pd.cohort_size = 0;
        iv->u.pd.cohort_interval = 12;
        iv->u.pd.plc = 1;
        iv->u.pd.plc_months = 12;
        iv->u.pd.cohort_calendar_month = 6;  /* summer courses, docs/ODD.md 7.4 */
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        iv->u.pipeline.k_boost = 0.1;
        iv->u.pipeline.m_boost = 0.1;
        break;
    case BILIM_IV_TEACHER_SALARY:
        iv->duration_months = BILIM_MAX_MONTHS;  /* permanent */
        iv->u.salary.salary_rise = 0.1;
        break;
    case BILIM_IV_PRACTICUM:
        iv->u.practicum.students = 2;
        iv->u.practicum.term_months = 4;
        iv->u.practicum.cohort_interval = 12;
        iv->u.practicum.cohort_calendar_month = 9;  /* the school year's first term */
        break;
    default:
        break;
    }
}

void bilim_scenario_defaults(bilim_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    strcpy(sc->name, "unnamed");
    sc->start_year = 2026;
    sc->start_calendar_month = 9;
    sc->seed = 1;
    sc->replicates = 10;
    sc->months = 60;
    bilim_preset_get("kz-national", &sc->population);
    bilim_params_defaults(&sc->params);
    sc->n_innovations = 1;
    bilim_innovation *in = &sc->innovations[0];
    strcpy(in->name, "project_based_learning");
    in->complexity = 0.5;
    in->resource_need = 0.4;
    in->p = sc->params.bass_p_default;
    in->q = sc->params.bass_q_default;
    sc->n_interventions = 0;
    sc->outputs.by_locality = 1;
    sc->outputs.by_region = 0;
    sc->outputs.n_survey_months = 1;
    sc->outputs.survey_months[0] = 0;
    sc->outputs.survey_n = 116;
    sc->outputs.survey_rural_share = -1.0;
}

const char *bilim_iv_type_name(bilim_iv_type t)
{
    static const char *const names[BILIM_N_IV_TYPES] = {
        "leadership_training", "teacher_incentives", "resource_funding",
        "university_partnership", "innovation_hub", "professional_development",
        "teacher_pipeline", "teacher_salary", "practicum"};
    return (t >= 0 && t < BILIM_N_IV_TYPES) ? names[t] : "unknown";
}

int32_t bilim_scenario_calendar_month(const bilim_scenario *sc, int32_t t)
{
    int32_t z = (sc->start_calendar_month - 1 + t) % 12;
    return 1 + (z < 0 ? z + 12 : z);
}

int32_t bilim_scenario_month_of(const bilim_scenario *sc, int32_t year, int32_t month)
{
    return (year - sc->start_year) * 12 + (month - sc->start_calendar_month);
}

int bilim_scenario_parse_date(const char *t, size_t len, int32_t *year, int32_t *month)
{
    int ok = len == 7 && t[4] == '-';
    for (int i = 0; ok && i < 7; i++)
        ok = i == 4 || (t[i] >= '0' && t[i] <= '9');
    if (!ok)
        return 0;
    int32_t y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int32_t m = (t[5] - '0') * 10 + (t[6] - '0');
    if (m < 1 || m > 12 || y < BILIM_YEAR_MIN || y > BILIM_YEAR_MAX)
        return 0;
    *year = y;
    *month = m;
    return 1;
}

int32_t bilim_scenario_history_months(const bilim_scenario *sc)
{
    if (sc->history_from == 0)
        return 0;
    return sc->start_year * 12 + (sc->start_calendar_month - 1) - sc->history_from;
}

int bilim_scenario_add_history(bilim_scenario *sc, int32_t h)
{
    if (h < 0 || sc->months > BILIM_MAX_MONTHS - h)
        return -1;
    int32_t z = sc->start_year * 12 + (sc->start_calendar_month - 1) - h;
    sc->start_year = z / 12;
    sc->start_calendar_month = z % 12 + 1;
    sc->months += h;
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        bilim_intervention *iv = &sc->interventions[i];
        if (iv->start_month > 0 || !iv->business_as_usual)
            iv->start_month += h;
        else if (iv->duration_months <= BILIM_MAX_MONTHS - h)
            iv->duration_months += h;
    }
    for (int32_t i = 0; i < sc->outputs.n_survey_months; i++)
        sc->outputs.survey_months[i] += h;
    return 0;
}

const char *bilim_band_name(bilim_band b)
{
    static const char *const names[BILIM_N_BANDS] = {"low", "intermediate", "high"};
    return (b >= 0 && b < BILIM_N_BANDS) ? names[b] : "unknown";
}

const char *bilim_barrier_name(bilim_barrier b)
{
    static const char *const names[BILIM_N_BARRIERS] = {
        "lack_of_practical_knowledge", "low_staff_motivation", "weak_material_base",
        "difficulty_organizing_teaching_staff", "insufficient_managerial_skills"};
    return (b >= 0 && b < BILIM_N_BARRIERS) ? names[b] : "unknown";
}

const char *bilim_state_var_name(bilim_state_var v)
{
    static const char *const names[BILIM_N_STATE_VARS] = {"K", "S", "O", "k", "m", "R"};
    return (v >= 0 && v < BILIM_N_STATE_VARS) ? names[v] : "unknown";
}

const char *bilim_locality_name(bilim_locality l)
{
    return l == BILIM_URBAN ? "urban" : (l == BILIM_RURAL ? "rural" : "unknown");
}

int32_t bilim_population_schools(const bilim_population *pop)
{
    int32_t n = 0;
    for (int32_t r = 0; r < pop->n_regions; r++)
        n += pop->regions[r].urban + pop->regions[r].rural;
    return n;
}

int32_t bilim_scenario_set_months(bilim_scenario *sc, int32_t months)
{
    sc->months = months;
    int32_t kept = 0, n = sc->outputs.n_survey_months;
    for (int32_t i = 0; i < n; i++)
        if (sc->outputs.survey_months[i] <= months)
            sc->outputs.survey_months[kept++] = sc->outputs.survey_months[i];
    sc->outputs.n_survey_months = kept;
    return n - kept;
}

int bilim_scenario_apply_settings(bilim_scenario *sc, const bilim_scenario_settings *s,
                                  int32_t *dropped, bilim_error *err)
{
    if (dropped)
        *dropped = 0;
    if (s->has_replicates)
        sc->replicates = s->replicates;
    if (s->has_seed)
        sc->seed = s->seed;
    if (s->has_months) {
        /* Surveys past a shortened horizon are dropped (the caller may say
         * so), so a quick short run of a scenario surveyed to month 60 works. */
        int32_t n = bilim_scenario_set_months(sc, s->months);
        if (dropped)
            *dropped = n;
        for (int i = 0; i < sc->n_interventions; i++)
            if (sc->interventions[i].start_month >= sc->months)
                return bilim_error_set(err, BILIM_EUSAGE,
                                       "the horizon, %d months, ends before intervention "
                                       "'%s' starts (month %d)",
                                       s->months, sc->interventions[i].name,
                                       sc->interventions[i].start_month);
    }
    return s->has_schools ? bilim_scenario_sample(sc, s->schools, err) : BILIM_OK;
}

void bilim_scenario_settings_describe(const bilim_scenario_settings *s, char *buf, size_t n)
{
    char tmp[256];
    size_t len = 0;
    tmp[0] = '\0';
    if (s->has_replicates)
        len += (size_t)snprintf(tmp + len, sizeof tmp - len, " --replicates %d",
                                (int)s->replicates);
    if (s->has_seed && len < sizeof tmp)
        len += (size_t)snprintf(tmp + len, sizeof tmp - len, " --seed %llu",
                                (unsigned long long)s->seed);
    if (s->has_months && len < sizeof tmp)
        len += (size_t)snprintf(tmp + len, sizeof tmp - len, " --months %d", (int)s->months);
    if (s->has_schools && len < sizeof tmp)
        snprintf(tmp + len, sizeof tmp - len, " --schools %d", (int)s->schools);
    snprintf(buf, n, "%s", tmp[0] ? tmp + 1 : "");
}

/* --- proportional samples ----------------------------------------------------- */

int bilim_population_sample(const bilim_population *pop, int32_t n,
                            bilim_population *out, bilim_error *err)
{
    int32_t total = bilim_population_schools(pop);
    if (n < 1 || n > total)
        return bilim_error_set(err, BILIM_EUSAGE,
                               "--schools %d: expected 1 to %d (the population's schools)",
                               n, total);
    /* Cells: per region, urban / rural regular / small-class. */
    enum { C = 3 };
    int32_t cells = pop->n_regions * C;
    int32_t count[BILIM_MAX_REGIONS * C];
    double frac[BILIM_MAX_REGIONS * C];
    int32_t assigned = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        const bilim_region *g = &pop->regions[r];
        int32_t size[C] = {g->urban, g->rural - g->small_class, g->small_class};
        for (int c = 0; c < C; c++) {
            double q = (double)n * size[c] / total;
            count[r * C + c] = (int32_t)q;
            frac[r * C + c] = q - (int32_t)q;
            assigned += count[r * C + c];
        }
    }
    /* Largest remainders get the schools left; ties go to the earlier cell. */
    while (assigned < n) {
        int32_t best = -1;
        for (int32_t i = 0; i < cells; i++)
            if (frac[i] >= 0 && (best < 0 || frac[i] > frac[best]))
                best = i;
        count[best]++;
        frac[best] = -1.0;
        assigned++;
    }
    *out = *pop;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        bilim_region *g = &out->regions[r];
        g->urban = count[r * C + 0];
        g->small_class = count[r * C + 2];
        g->rural = count[r * C + 1] + count[r * C + 2];
    }
    return BILIM_OK;
}

/* A positive count scaled by f, rounded, at least 1. */
static int32_t scale_count(int32_t x, double f)
{
    if (x <= 0)
        return x;
    double y = floor((double)x * f + 0.5);
    return y < 1.0 ? 1 : (int32_t)y;
}

int bilim_scenario_sample(bilim_scenario *sc, int32_t n, bilim_error *err)
{
    int32_t total = bilim_population_schools(&sc->population);
    bilim_population sample;
    int rc = bilim_population_sample(&sc->population, n, &sample, err);
    if (rc)
        return rc;
    const double f = (double)n / (double)total;
    sc->population = sample;
    /* A group's cap and a package's total scale like their members' (so the
     * scenario stays consistent if it is written out again). */
    sc->package.budget_kzt *= f;
    for (int32_t g = 0; g < sc->n_groups; g++)
        sc->groups[g].target.max_schools = scale_count(sc->groups[g].target.max_schools, f);
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        bilim_intervention *iv = &sc->interventions[i];
        iv->budget_kzt *= f;
        iv->target.max_schools = scale_count(iv->target.max_schools, f);
        switch (iv->type) {
        case BILIM_IV_LEADERSHIP_TRAINING:
            iv->u.leadership.cohort_size = scale_count(iv->u.leadership.cohort_size, f);
            break;
        case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
            iv->u.pd.cohort_size = scale_count(iv->u.pd.cohort_size, f);
            break;
        case BILIM_IV_INNOVATION_HUB:
            iv->u.hub.hubs = scale_count(iv->u.hub.hubs, f);
            break;
        case BILIM_IV_UNIVERSITY_PARTNERSHIP:
            iv->u.partnership.universities = scale_count(iv->u.partnership.universities, f);
            break;
        default:
            break;
        }
    }
    /* Programmes' scale quality counts participants: a sampled programme is
     * as far along its scale as the national one (clamped to the row's
     * minimum, 1). */
    sc->params.scale_ref = sc->params.scale_ref * f < 1.0 ? 1.0 : sc->params.scale_ref * f;
    if (sc->outputs.survey_n > n)
        sc->outputs.survey_n = n;
    return BILIM_OK;
}
