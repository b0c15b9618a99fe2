/* formats/scenario_schema.h: the JSON Schema of scenario files.
 *
 * Generated from the same field tables the loader validates with
 * (formats/scenario_fields.c) and from the parameter table, so the schema and the
 * loader agree on every key, type, bound and enum value. The loader enforces
 * more than any schema can (cross-field rules, docs/scenarios.md).
 * scenarios/schema.json is this output (`bilim validate --schema`); a test
 * checks it is up to date. */
#ifndef BILIM_SCENARIO_SCHEMA_H
#define BILIM_SCENARIO_SCHEMA_H

#include "base/error.h"

/* The schema (JSON Schema draft-07) into *out: text ending in a newline,
 * allocated with bilim_malloc (caller frees with bilim_free). Errors
 * (*out = NULL): BILIM_ENOMEM; BILIM_EINTERNAL when the generator produced
 * text that is not JSON (a bug; the message says where). Thread-safe. */
int bilim_scenario_schema_json(char **out, bilim_error *err);

#endif
