/* models/targeting.h: which schools an intervention reaches, in which order
 * (ODD 7.4; semantics in docs/ODD.md, "Targets"). Pure: works on plain arrays,
 * so tests can hand it made-up schools. */
#ifndef BILIM_TARGETING_H
#define BILIM_TARGETING_H

#include <stdint.h>
#include "models/scenario.h"

/* The schools as the filters and orders see them (month of evaluation). */
typedef struct bilim_target_view {
    int32_t n;                /* schools */
    const int32_t *region;    /* region index */
    const uint8_t *locality;  /* bilim_locality */
    const uint8_t *small;     /* small-class flag */
    const uint8_t *band;      /* principal's readiness band */
    const double *R;          /* resources (for resources_below) */
    const double *need;       /* the need measure the order uses */
} bilim_target_view;

/* Workspace entry for sorting (one per school). */
typedef struct bilim_target_key {
    double key;
    int32_t group;
    int32_t school;
} bilim_target_key;

/* Writes the target list of intervention iv_index into out (room for v->n)
 * and returns its length. Eligible: every filter of t holds; then, if
 * t->fraction < 1, kept when its uniform u0 < fraction. Order `order` (which
 * may override t->order, e.g. for funding allocations): RANDOM ascending by
 * a uniform key u1; NEED ascending need; STRONGEST descending need;
 * RURAL_FIRST rural before urban, each ascending need; ties by school
 * index. u0 and u1 are words 0 and 1 of stream (TARGET, school, iv_index),
 * so a school's draws do not depend on the other schools. Capped by
 * t->max_schools when > 0. ws: room for v->n keys. */
int32_t bilim_targeting_select(const bilim_target *t, bilim_order order,
                               const bilim_target_view *v, uint64_t seed, uint32_t replicate,
                               int32_t iv_index, bilim_target_key *ws, int32_t *out);

#endif
