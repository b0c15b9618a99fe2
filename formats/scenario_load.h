/* formats/scenario_load.h: scenario files (docs/scenarios.md) into bilim_scenario.
 *
 * It reads with the strict JSON reader of formats/json.h (line:column,
 * duplicate keys, exact integers; not cJSON, whose traps it avoids). It is strict:
 * unknown keys (with a "did you mean" suggestion), wrong types, out-of-range
 * or non-finite numbers, duplicate keys, integers that do not fit, cross-field
 * violations are all errors, each naming the file, the JSON path
 * (interventions[2].target.fraction), the value found and what is allowed;
 * syntax errors give line and column. All errors of a file are collected
 * before returning. "extends" chains and "parameter_file" references are
 * resolved relative to the including file; cycles and missing files are
 * errors.
 *
 * Thread-safe (no globals). */
#ifndef BILIM_SCENARIO_LOAD_H
#define BILIM_SCENARIO_LOAD_H

#include <stdio.h>
#include "models/scenario.h"

/* A growable list of error messages, each one complete and self-contained. */
typedef struct bilim_diags bilim_diags;
bilim_diags *bilim_diags_alloc(void);              /* NULL when out of memory */
void bilim_diags_free(bilim_diags *d);              /* NULL is a no-op */
int bilim_diags_count(const bilim_diags *d);
const char *bilim_diags_get(const bilim_diags *d, int i);
void bilim_diags_print(const bilim_diags *d, FILE *f); /* one per line */
/* The files a load read (the scenario, the files it extends, its parameter
 * files), in the order read: the inputs a command's outputs may not
 * replace (base/outset.h). */
int bilim_diags_n_files(const bilim_diags *d);
const char *bilim_diags_file(const bilim_diags *d, int i);

/* Loads path into *out (defaults filled first, then extends, parameter
 * files and the file's own keys). When resolved_json is not NULL it receives
 * the resolved scenario as a malloc'd JSON text (caller frees) that, loaded
 * again, gives the same *out. Returns BILIM_OK, BILIM_EINVAL (see diags),
 * BILIM_EIO (unreadable file, also in diags) or BILIM_ENOMEM. diags may be
 * NULL. */
int bilim_scenario_load(const char *path, bilim_scenario *out, char **resolved_json,
                        bilim_diags *diags);

/* The same from a text in memory; origin names it in messages and its
 * directory anchors relative "extends" paths (may be NULL: no extends). */
int bilim_scenario_load_string(const char *text, const char *origin,
                               bilim_scenario *out, char **resolved_json,
                               bilim_diags *diags);

/* The resolved JSON of a scenario (as bilim_scenario_load returns it);
 * malloc'd, caller frees; NULL when out of memory. */
char *bilim_scenario_to_json(const bilim_scenario *sc, const char *description);

#endif
