/* models/model.h: one replicate of the model (ODD sections 3-7).
 *
 * Lifecycle (after OpenABM's new_model / one_time_step / destroy_model):
 *     bilim_model *m;
 *     bilim_model_alloc(&sc, r, &m, &err);     population of replicate r, month 0
 *     bilim_model_observe(m, &layout, rec);    month 0
 *     while (bilim_model_month(m) < sc.months) {
 *         bilim_model_step(m, &err);            months 1, 2, ...
 *         bilim_model_observe(m, &layout, rec);
 *     }
 *     bilim_model_free(m);
 *
 * The model knows nothing of JSON or HDF5. It keeps a private copy of the
 * scenario. All randomness comes from base/rng.h streams keyed by (seed,
 * replicate, purpose, entity, step), so replicate r of two scenarios with the
 * same seed and population starts identical (common random numbers).
 *
 * Threads: bilim_model_step parallelises over schools with OpenMP when called
 * outside a parallel region (nested calls run on one thread); results are bit
 * identical for any number of threads. Different models may be stepped from
 * different threads at once; one model must not be used by two threads. */
#ifndef BILIM_MODEL_H
#define BILIM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "models/observe.h"
#include "models/scenario.h"

typedef struct bilim_model bilim_model;

/* Builds replicate `replicate` of sc at month 0. On success *out owns the
 * model (free with bilim_model_free). Errors: BILIM_EINVAL (empty population,
 * inconsistent scenario), BILIM_ENOMEM. */
int bilim_model_alloc(const bilim_scenario *sc, int32_t replicate,
                      bilim_model **out, bilim_error *err);

/* Frees m; NULL is a no-op. */
void bilim_model_free(bilim_model *m);

/* Advances one month: interventions, principals, leadership, teachers,
 * use states, resources (ODD 3). Errors: BILIM_EINVAL past the horizon. */
int bilim_model_step(bilim_model *m, bilim_error *err);

/* The current month (0 after alloc). */
int32_t bilim_model_month(const bilim_model *m);

/* Writes the current month's record (L->record_size doubles, L computed for
 * the same scenario) into record. */
void bilim_model_observe(const bilim_model *m, const bilim_obs_layout *L, double *record);

/* Draws a virtual survey of the current month (ODD 7.5): n principals
 * without replacement, round(n * rural_share) of them rural (rural_share < 0:
 * the population's share), capped by what the population holds. Stream:
 * purpose SURVEY, entity = survey index, step = current month. */
void bilim_model_survey(const bilim_model *m, int32_t n, double rural_share,
                        int32_t survey_index, bilim_survey *out);

/* Sizes, for provenance and benchmarks. */
int32_t bilim_model_schools(const bilim_model *m);
int64_t bilim_model_teachers(const bilim_model *m);
size_t bilim_model_bytes(const bilim_model *m);  /* heap bytes held by m */

#endif
