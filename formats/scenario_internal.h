/* formats/scenario_internal.h: shared by the scenario loader's files
 * (formats/scenario_*.c). Not a public interface: other modules use
 * formats/scenario_load.h and formats/scenario_schema.h.
 *
 * The loader is table-driven (formats/fields.h): every key it accepts is a
 * row of a bilim_field table (formats/scenario_fields.c) with its kind,
 * bounds, enum names and a one-line description. The same tables generate
 * the JSON Schema (formats/scenario_schema.c), so the schema and the loader
 * cannot drift apart. */
#ifndef BILIM_SCENARIO_INTERNAL_H
#define BILIM_SCENARIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/compiler.h"
#include "formats/json.h"
#include "formats/fields.h"
#include "formats/json_check.h"
#include "formats/scenario_load.h"
#include "models/scenario.h"

/* --- limits (the file and structure limits are formats/fields.h's) --------------- */

#define SL_MAX_EXTENDS 16                /* files in one extends chain */
#define SL_MAX_SCHOOLS 1000000           /* schools in a population */
#define SL_MAX_NOTES 100                 /* entries of "notes" */

/* --- field tables (kinds and rows: formats/fields.h) -------------------------- */

/* Structs the tables fill that models/scenario.h has no type for. */
typedef struct sl_region_share {
    int32_t schools;
    double rural_share, small_class_share;
} sl_region_share;

typedef struct sl_tclass {
    double mean, sigma;
} sl_tclass;

/* The tables (formats/scenario_fields.c). */
extern const bilim_field_table bilim__scenario_top, bilim__scenario_population, bilim__scenario_region_counts, bilim__scenario_region_shares,
    bilim__scenario_teachers, bilim__scenario_teacher_classes, bilim__scenario_innovation, bilim__scenario_iv_common, bilim__scenario_target,
    bilim__scenario_outputs, bilim__scenario_param_file, bilim__scenario_sweep, bilim__scenario_package;
/* Type-specific intervention fields, indexed by bilim_iv_type. */
extern const bilim_field_table bilim__scenario_iv_types[BILIM_N_IV_TYPES];

/* Enum names shared by the loader, the writer and the schema. */
extern const char *const bilim__scenario_names_iv_type[];     /* bilim_iv_type order */
extern const char *const bilim__scenario_names_locality[];    /* any, urban, rural (base -1) */
extern const char *const bilim__scenario_names_small_class[]; /* any, exclude, only (base -1) */
extern const char *const bilim__scenario_names_band[];        /* any, low, intermediate, high (base -1) */
extern const char *const bilim__scenario_names_order[];
extern const char *const bilim__scenario_names_need[];
extern const char *const bilim__scenario_names_allocation[];

/* --- reading sections (formats/scenario_read.c, formats/scenario_interventions.c) ------ */

/* Everything the resolved JSON carries besides the struct. */
typedef struct sl_extra {
    const char *description;    /* NULL when none */
    const bilim_json *notes;    /* string or array of strings; NULL when none */
    int32_t own_count;          /* in: interventions the top file itself adds, at the end of
                                 * the list (its append_interventions); -1: all of them (it
                                 * gives its own "interventions") */
} sl_extra;

/* Fills sc (already holding the defaults) from the merged tree root. */
void bilim__scenario_read_scenario(bilim_fields *c, const bilim_json *root, bilim_scenario *sc, sl_extra *extra);

/* Reads a "parameters" object into p (ranges from the parameter table). */
void bilim__scenario_read_parameters(bilim_fields *c, const bilim_json *obj, const char *path, bilim_params *p);

/* Reads a "YYYY-MM" string v into year and month (1-12); reports and
 * returns 0 when it is not one. */
int bilim__scenario_parse_date(bilim_fields *c, const bilim_json *v, const char *path,
                               int32_t *year, int32_t *month);

/* A month: a number from 0 to max, or a date "YYYY-MM" from start_date on
 * (sc's start date, read before). Reports and leaves *out when it is neither. */
void bilim__scenario_read_month(bilim_fields *c, const bilim_json *v, const char *path,
                                const bilim_scenario *sc, int32_t max, int32_t *out);

/* Loads a parameter file (formats/scenario_load.c) into p. */
void bilim__scenario_load_parameter_file(bilim_fields *c, const bilim_json *ref, bilim_scenario *sc);

/* Reads a "history_from" date (a parameter file's or the scenario's) into
 * sc->history_from: not after sc's start_date, at most BILIM_MAX_HISTORY
 * months before it. */
void bilim__scenario_read_history(bilim_fields *c, const bilim_json *v, bilim_scenario *sc);

/* Interventions (formats/scenario_interventions.c). */
void bilim__scenario_read_interventions(bilim_fields *c, const bilim_json *arr, bilim_scenario *sc);

/* Named target groups (formats/scenario_interventions.c): "groups", read
 * after the population and before the interventions. */
void bilim__scenario_read_groups(bilim_fields *c, const bilim_json *obj, bilim_scenario *sc);

/* "package" (formats/scenario_package.c), read after the interventions;
 * own_count as in sl_extra. */
void bilim__scenario_read_package(bilim_fields *c, const bilim_json *obj, int32_t own_count,
                                  bilim_scenario *sc);

/* --- writing (formats/scenario_json.c) ------------------------------------------------ */

/* A growable string; oom is set (and further output dropped) when memory runs out. */
typedef struct sl_sb {
    char *s;
    size_t n, cap;
    int oom;
} sl_sb;
void bilim__scenario_sb_put(sl_sb *b, const char *s, size_t n);
void bilim__scenario_sb_printf(sl_sb *b, const char *fmt, ...) BILIM_PRINTF(2, 3);
void bilim__scenario_sb_str(sl_sb *b, const char *s);       /* as a JSON string */
void bilim__scenario_sb_double(sl_sb *b, double x);         /* shortest text that reads back exactly */

/* The resolved JSON with notes (a string or array node, may be NULL). */
char *bilim__scenario_scenario_json(const bilim_scenario *sc, const char *description,
                       const bilim_json *notes);

#endif
