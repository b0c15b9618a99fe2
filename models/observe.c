/* models/observe.c: the observation layout. */
#include "models/observe.h"

#include <string.h>

typedef struct {
    const char *name;
    const char *description;
    int n_axes;
    bilim_axis axes[2];
    int group;  /* 0 always, 1 by locality, 2 by region */
} metric_def;

static const metric_def defs[BILIM_N_METRICS] = {
    {"adoption_routine", "share of teachers in routine use, per innovation", 1, {BILIM_AXIS_INNOVATION, 0}, 0},
    {"adoption_trial", "share of teachers in trial use, per innovation", 1, {BILIM_AXIS_INNOVATION, 0}, 0},
    {"readiness_band_share", "share of principals in each readiness band", 1, {BILIM_AXIS_BAND, 0}, 0},
    {"barrier_prevalence", "expected share of principals reporting each barrier (mean report probability)", 1, {BILIM_AXIS_BARRIER, 0}, 0},
    {"mean_state", "means of K, S, O (principals), k, m (teachers), R (schools)", 1, {BILIM_AXIS_STATE, 0}, 0},
    {"cost_kzt_cumulative", "KZT spent since month 0, per intervention", 1, {BILIM_AXIS_INTERVENTION, 0}, 0},
    {"units_cumulative", "units bought since month 0 (principals, teacher-months, grants, ...), per intervention", 1, {BILIM_AXIS_INTERVENTION, 0}, 0},
    {"adoption_routine_by_locality", "share of teachers in routine use, per innovation and locality", 2, {BILIM_AXIS_INNOVATION, BILIM_AXIS_LOCALITY}, 1},
    {"adoption_trial_by_locality", "share of teachers in trial use, per innovation and locality", 2, {BILIM_AXIS_INNOVATION, BILIM_AXIS_LOCALITY}, 1},
    {"readiness_band_share_by_locality", "share of principals in each band, per locality", 2, {BILIM_AXIS_BAND, BILIM_AXIS_LOCALITY}, 1},
    {"barrier_prevalence_by_locality", "expected share of principals reporting each barrier, per locality", 2, {BILIM_AXIS_BARRIER, BILIM_AXIS_LOCALITY}, 1},
    {"mean_state_by_locality", "means of K, S, O, k, m, R per locality", 2, {BILIM_AXIS_STATE, BILIM_AXIS_LOCALITY}, 1},
    {"adoption_routine_by_region", "share of teachers in routine use, per innovation and region", 2, {BILIM_AXIS_INNOVATION, BILIM_AXIS_REGION}, 2},
    {"adoption_trial_by_region", "share of teachers in trial use, per innovation and region", 2, {BILIM_AXIS_INNOVATION, BILIM_AXIS_REGION}, 2},
    {"readiness_band_share_by_region", "share of principals in each band, per region", 2, {BILIM_AXIS_BAND, BILIM_AXIS_REGION}, 2},
    {"barrier_prevalence_by_region", "expected share of principals reporting each barrier, per region", 2, {BILIM_AXIS_BARRIER, BILIM_AXIS_REGION}, 2},
    {"mean_state_by_region", "means of K, S, O, k, m, R per region", 2, {BILIM_AXIS_STATE, BILIM_AXIS_REGION}, 2},
};

int32_t bilim_axis_length(const bilim_scenario *sc, bilim_axis a)
{
    switch (a) {
    case BILIM_AXIS_INNOVATION: return sc->n_innovations;
    case BILIM_AXIS_BAND: return BILIM_N_BANDS;
    case BILIM_AXIS_BARRIER: return BILIM_N_BARRIERS;
    case BILIM_AXIS_STATE: return BILIM_N_STATE_VARS;
    case BILIM_AXIS_INTERVENTION: return sc->n_interventions;
    case BILIM_AXIS_LOCALITY: return BILIM_N_LOCALITIES;
    case BILIM_AXIS_REGION: return sc->population.n_regions;
    default: return 0;
    }
}

void bilim_obs_layout_init(bilim_obs_layout *L, const bilim_scenario *sc)
{
    memset(L, 0, sizeof *L);
    size_t off = 0;
    for (int i = 0; i < BILIM_N_METRICS; i++) {
        const metric_def *d = &defs[i];
        bilim_metric *m = &L->metrics[i];
        m->name = d->name;
        m->description = d->description;
        m->n_axes = d->n_axes;
        m->axes[0] = d->axes[0];
        m->axes[1] = d->axes[1];
        m->dims[0] = bilim_axis_length(sc, d->axes[0]);
        m->dims[1] = d->n_axes > 1 ? bilim_axis_length(sc, d->axes[1]) : 1;
        int wanted = d->group == 0 || (d->group == 1 && sc->outputs.by_locality) ||
                     (d->group == 2 && sc->outputs.by_region);
        m->size = (size_t)m->dims[0] * (size_t)m->dims[1];
        m->present = wanted && m->size > 0;
        if (!m->present) {
            m->size = 0;
            continue;
        }
        m->offset = off;
        off += m->size;
    }
    L->record_size = off;
}

const bilim_metric *bilim_obs_find(const bilim_obs_layout *L, const char *name)
{
    for (int i = 0; i < BILIM_N_METRICS; i++)
        if (strcmp(L->metrics[i].name, name) == 0)
            return &L->metrics[i];
    return NULL;
}

const char *bilim_axis_name(bilim_axis a)
{
    static const char *const names[BILIM_N_AXES] = {
        "innovation", "band", "barrier", "state", "intervention", "locality", "region"};
    return (a >= 0 && a < BILIM_N_AXES) ? names[a] : "unknown";
}

const char *bilim_axis_label(const bilim_scenario *sc, bilim_axis a, int32_t i)
{
    if (i < 0 || i >= bilim_axis_length(sc, a))
        return "";
    switch (a) {
    case BILIM_AXIS_INNOVATION: return sc->innovations[i].name;
    case BILIM_AXIS_BAND: return bilim_band_name((bilim_band)i);
    case BILIM_AXIS_BARRIER: return bilim_barrier_name((bilim_barrier)i);
    case BILIM_AXIS_STATE: return bilim_state_var_name((bilim_state_var)i);
    case BILIM_AXIS_INTERVENTION: return sc->interventions[i].name;
    case BILIM_AXIS_LOCALITY: return bilim_locality_name((bilim_locality)i);
    case BILIM_AXIS_REGION: return sc->population.regions[i].name;
    default: return "";
    }
}
