/* formats/scenario_load.h: scenario files (docs/scenarios.md) into bilim_scenario.
 *
 * It reads with the strict JSON reader of formats/json.h (line:column,
 * duplicate keys, exact integers; not cJSON, whose traps it avoids). It is strict:
 * unknown keys (with a "did you mean" suggestion), wrong types, out-of-range
 * or non-finite numbers, duplicate keys, integers that do not fit, cross-field
 * violations are all errors, each naming the file, the JSON path
 * (interventions[2].target.fraction), the value found and what is allowed;
 * syntax errors give line and column (formats/fields.h: one form for every
 * loader). All errors of a file are collected before returning (at most
 * BILIM_DIAGS_MAX kept). "extends" chains and "parameter_file" references
 * are resolved relative to the including file; cycles and missing files are
 * errors; an error inside a referenced file names the chain of files that
 * led to it. Files are read with base/file.h: regular files of at most
 * BILIM_FIELDS_MAX_FILE bytes.
 *
 * Thread-safe (no globals). */
#ifndef BILIM_SCENARIO_LOAD_H
#define BILIM_SCENARIO_LOAD_H

#include "formats/diags.h"
#include "formats/fields.h"
#include "models/scenario.h"

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

/* The scenario file that ref (a string member of a file being read in c,
 * e.g. a calibration's "base_scenario") names, loaded within c: its
 * messages go to c and name the chain of files that led to it. Returns
 * BILIM_OK, BILIM_EINVAL (errors reported in c) or BILIM_ENOMEM. */
int bilim_scenario_load_ref(bilim_fields *c, const bilim_json *ref, bilim_scenario *out,
                            char **resolved_json);

/* The resolved JSON of a scenario (as bilim_scenario_load returns it);
 * malloc'd, caller frees; NULL when out of memory. */
char *bilim_scenario_to_json(const bilim_scenario *sc, const char *description);

#endif
