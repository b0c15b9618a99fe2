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

/* The schema (JSON Schema draft-07) as malloc'd text ending in a newline;
 * caller frees; NULL when out of memory. Thread-safe. */
char *bilim_scenario_schema_json(void);

#endif
