/* formats/sweep.h: sweeps over a policy lever (docs/compare.md, "Sweeps
 * over policy levers").
 *
 * An option's scenario file may hold
 *     "sweep": {"intervention": "leadership_training", "field": "budget_kzt",
 *               "from": 1e9, "to": 1e10, "steps": 10, "scale": "linear"}
 * and `bilim compare` then runs one option per level instead of the file's
 * own value, all on common random numbers: "<name>-<level>", e.g.
 * "leadership_training-1bn". field is any numeric key of that intervention
 * (the common keys such as budget_kzt, intensity, unit_cost_kzt, and its
 * type's, such as hubs or cohort_size); integer keys take rounded levels.
 * The object is read from the file itself (not inherited through
 * "extends"), with the loader's tables and messages. */
#ifndef BILIM_SWEEP_H
#define BILIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "formats/diags.h"
#include "models/scenario.h"

#define BILIM_SWEEP_MAX_STEPS 30

typedef struct bilim_sweep {
    int32_t steps;                        /* 0: the file has no sweep */
    char intervention[BILIM_NAME_MAX];
    char field[BILIM_NAME_MAX];
    double from, to;
    int32_t scale;                        /* 0 linear, 1 log */
    int is_int;                           /* the field is an integer */
    double levels[BILIM_SWEEP_MAX_STEPS]; /* the values run */
} bilim_sweep;

/* Reads the "sweep" object of the scenario file path, checked against sc
 * (the scenario loaded from path): the intervention must be one of sc's,
 * field a numeric key of it, the levels inside the key's range, distinct,
 * and (for budgets) each must buy at least one unit. Messages go to diags
 * in the loader's form. Returns BILIM_OK (s->steps 0 when there is no
 * sweep), BILIM_EINVAL, BILIM_EIO or BILIM_ENOMEM. */
int bilim_sweep_load(const char *path, const bilim_scenario *sc, bilim_sweep *s,
                     bilim_diags *diags);

/* The same for a scenario given as text (bilim_scenario_load_string's
 * text and origin, which names it in messages). */
int bilim_sweep_load_string(const char *text, const char *origin, const bilim_scenario *sc,
                            bilim_sweep *s, bilim_diags *diags);

/* The scenario of level i: sc with the field set to levels[i], named
 * "<name>-<label>". Errors: BILIM_EINVAL (the name would be too long). */
int bilim_sweep_apply(const bilim_sweep *s, int32_t i, const bilim_scenario *sc,
                      bilim_scenario *out, bilim_error *err);

/* A short label of level i: "1bn", "250m", "0.5", "20". */
void bilim_sweep_label(const bilim_sweep *s, int32_t i, char *buf, size_t n);

#endif
