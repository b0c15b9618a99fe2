/* models/observe.h: what is recorded each month (ODD 7.5), and where.
 *
 * One month of one replicate is a flat record of doubles. The layout says
 * which metrics it holds (some depend on the scenario's outputs: by locality,
 * by region), their axes and their offsets. The model fills records
 * (bilim_model_observe), the HDF5 writer turns each metric into a dataset of
 * shape (replicate, month, axes...), and analysis finds metrics by id or name.
 * A metric with axes (a, b) stores element [i][j] at offset + i * dims[1] + j. */
#ifndef BILIM_OBSERVE_H
#define BILIM_OBSERVE_H

#include <stddef.h>
#include "models/scenario.h"

typedef enum bilim_axis {
    BILIM_AXIS_INNOVATION = 0,
    BILIM_AXIS_BAND = 1,
    BILIM_AXIS_BARRIER = 2,
    BILIM_AXIS_STATE = 3,
    BILIM_AXIS_INTERVENTION = 4,
    BILIM_AXIS_LOCALITY = 5,
    BILIM_AXIS_REGION = 6,
    BILIM_N_AXES = 7
} bilim_axis;

/* Every metric bilim knows. Order is part of the output format: append only. */
typedef enum bilim_metric_id {
    BILIM_M_ADOPTION_ROUTINE = 0,              /* (innovation) share of teachers in routine use */
    BILIM_M_ADOPTION_TRIAL,                    /* (innovation) share in trial */
    BILIM_M_READINESS_BAND_SHARE,              /* (band) share of principals */
    BILIM_M_BARRIER_PREVALENCE,                /* (barrier) share of principals reporting */
    BILIM_M_MEAN_STATE,                        /* (state) K, S, O over principals/schools; k, m over teachers; R over schools */
    BILIM_M_COST_KZT_CUMULATIVE,               /* (intervention) KZT spent since month 0 */
    BILIM_M_UNITS_CUMULATIVE,                  /* (intervention) units bought since month 0 */
    BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY,      /* (innovation, locality) */
    BILIM_M_ADOPTION_TRIAL_BY_LOCALITY,        /* (innovation, locality) */
    BILIM_M_READINESS_BAND_SHARE_BY_LOCALITY,  /* (band, locality) */
    BILIM_M_BARRIER_PREVALENCE_BY_LOCALITY,    /* (barrier, locality) */
    BILIM_M_MEAN_STATE_BY_LOCALITY,            /* (state, locality) */
    BILIM_M_ADOPTION_ROUTINE_BY_REGION,        /* (innovation, region) */
    BILIM_M_ADOPTION_TRIAL_BY_REGION,          /* (innovation, region) */
    BILIM_M_READINESS_BAND_SHARE_BY_REGION,    /* (band, region) */
    BILIM_M_BARRIER_PREVALENCE_BY_REGION,      /* (barrier, region) */
    BILIM_M_MEAN_STATE_BY_REGION,              /* (state, region) */
    BILIM_N_METRICS
} bilim_metric_id;

typedef struct bilim_metric {
    const char *name;         /* dataset name, e.g. "adoption_routine_by_locality" */
    const char *description;  /* one line, with units */
    int n_axes;               /* 1 or 2 */
    bilim_axis axes[2];
    int32_t dims[2];          /* lengths of the axes for this scenario */
    size_t offset;            /* in doubles from the record's start */
    size_t size;              /* dims[0] * dims[1] (or dims[0]) */
    int present;              /* 0 when the scenario does not record it */
} bilim_metric;

typedef struct bilim_obs_layout {
    bilim_metric metrics[BILIM_N_METRICS];
    size_t record_size;       /* doubles per month */
} bilim_obs_layout;

/* Computes the layout for sc. Metrics with a zero-length axis (no
 * interventions) and the by-locality / by-region groups not asked for in
 * sc->outputs are marked absent and take no space. */
void bilim_obs_layout_init(bilim_obs_layout *L, const bilim_scenario *sc);

/* The metric with that name, or NULL. */
const bilim_metric *bilim_obs_find(const bilim_obs_layout *L, const char *name);

/* Axis names ("innovation", "band", ...) and the label of element i of an
 * axis for this scenario (innovation name, "low", "urban", region name ...). */
const char *bilim_axis_name(bilim_axis a);
const char *bilim_axis_label(const bilim_scenario *sc, bilim_axis a, int32_t i);
int32_t bilim_axis_length(const bilim_scenario *sc, bilim_axis a);

/* Virtual survey result (ODD 7.5): one survey of n principals. */
typedef struct bilim_survey {
    int32_t month;
    int32_t n;                          /* principals drawn */
    int32_t n_rural;                    /* of whom rural */
    int32_t band[BILIM_N_BANDS];        /* counts per readiness band */
    int32_t barrier[BILIM_N_BARRIERS];  /* counts reporting each barrier */
} bilim_survey;

/* The yes/no item of a survey of teachers (bilim_model_survey_teachers): a teacher says yes when it uses
 * innovation j (trial or routine, BILIM_TQ_USE), uses it routinely
 * (BILIM_TQ_ROUTINE) or its knowledge k is at least threshold
 * (BILIM_TQ_KNOWLEDGE). */
typedef enum bilim_teacher_quantity {
    BILIM_TQ_USE = 0, BILIM_TQ_ROUTINE = 1, BILIM_TQ_KNOWLEDGE = 2, BILIM_N_TQ = 3
} bilim_teacher_quantity;

typedef struct bilim_teacher_item {
    bilim_teacher_quantity quantity;
    int32_t innovation;          /* index into the scenario's innovations (USE, ROUTINE) */
    double threshold;            /* KNOWLEDGE */
} bilim_teacher_item;

#endif
