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

/* --- what a virtual trial reads (models/model_trial.c, docs/ODD.md 7.4) --- */

/* A per-unit quantity: the unit is the school's principal (K, S, O, RHO),
 * the school (R) or each of its teachers (k, m, PRACTICE). PRACTICE is a
 * teacher's level of use averaged over the scenario's innovations: non-use
 * 0, trial 1/2, routine use 1 (CBAM's levels of use, collapsed as in ODD 2). */
typedef enum bilim_unit_var {
    BILIM_UNIT_K = 0, BILIM_UNIT_S, BILIM_UNIT_O, BILIM_UNIT_RHO, BILIM_UNIT_R,
    BILIM_UNIT_k, BILIM_UNIT_m, BILIM_UNIT_PRACTICE, BILIM_N_UNIT_VARS
} bilim_unit_var;

/* 1 when v is measured on teachers (n_s units per school), 0 on the
 * principal or the school (one unit). */
int bilim_model_unit_is_teacher(bilim_unit_var v);

/* The name of v ("K", "practice", ...). */
const char *bilim_model_unit_name(bilim_unit_var v);

/* For every school s of the current month: sum[s] and sumsq[s], the sum and
 * the sum of squares of v over the school's units (slot order), and n[s],
 * the number of units. Each array has bilim_model_schools(m) entries. */
void bilim_model_unit_moments(const bilim_model *m, bilim_unit_var v, double *sum,
                              double *sumsq, int32_t *n);

/* Which schools intervention i (index in the scenario) has reached by now:
 * out[s] = 1 for a school enrolled (its principal, its teachers, its grant,
 * a partner university, an incentive school), a hub and the partner
 * schools it serves, and every target school of conditional incentives and of a
 * pipeline (they take part whenever they qualify); else 0. All 0 before the
 * start month. Returns the count. out has bilim_model_schools(m) entries. */
int32_t bilim_model_reached(const bilim_model *m, int32_t i, uint8_t *out);

/* Sizes, for provenance and benchmarks. */
int32_t bilim_model_schools(const bilim_model *m);
int64_t bilim_model_teachers(const bilim_model *m);
size_t bilim_model_bytes(const bilim_model *m);  /* heap bytes held by m */

#endif
