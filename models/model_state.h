/* models/model_state.h: the complete state of one replicate as a list of
 * plain arrays and scalars (a state descriptor), for checkpoints.
 *
 * models/ knows nothing of files: a writer (formats/checkpoint.c) reads the
 * items of a model, a reader copies saved items into the items of a fresh
 * model of the same scenario and replicate (bilim_model_alloc), which then
 * steps on exactly as the saved one would have. The list names every array
 * the model holds on the heap (agents, school resources, intervention
 * bookkeeping, this month's effects, work arrays) and every scalar that
 * changes as it runs (month, the aggregates' buffer, each intervention's
 * counters, spending and units). What is not listed is derived from the
 * scenario alone (constants computed at allocation) or is a random
 * generator: the streams are counters keyed by (seed, replicate, purpose,
 * entity, month) and reset before each use, so they hold no state.
 * bilim_model_state_unlisted_bytes() checks that no heap array is missing. */
#ifndef BILIM_MODEL_STATE_H
#define BILIM_MODEL_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "models/model.h"

/* Element types, for the reader's checks (the data is native-endian). */
typedef enum bilim_state_type {
    BILIM_STATE_U8 = 1, BILIM_STATE_U16, BILIM_STATE_I32, BILIM_STATE_I64, BILIM_STATE_F32,
    BILIM_STATE_F64, BILIM_STATE_RAW /* an array of plain structs, elem_size bytes each */
} bilim_state_type;

#define BILIM_STATE_NAME_MAX 40

typedef struct bilim_state_item {
    char name[BILIM_STATE_NAME_MAX]; /* "agents.K", "iv3.enrol", "month" */
    bilim_state_type type;
    size_t elem_size;                /* bytes per element */
    size_t count;                    /* elements */
    void *data;                      /* inside the model: read to save, write to restore */
    int heap;                        /* 1 = an array of its own, 0 = a scalar of the model */
} bilim_state_item;

/* Fills items[0 .. min(n, max) - 1] with m's state and returns n, the
 * number of items (call with max 0 to learn it). The list depends only on
 * the scenario and the population's sizes, so two models of the same
 * scenario and replicate give the same names, types and counts in the same
 * order. Writing through the pointers changes m. */
int bilim_model_state_items(bilim_model *m, bilim_state_item *items, int max);

/* Heap bytes m holds outside the listed arrays, its random generators and
 * the model struct itself: 0 unless an array was added to the model and not
 * to the list (the test of the list's completeness). */
int64_t bilim_model_state_unlisted_bytes(const bilim_model *m);

#endif
