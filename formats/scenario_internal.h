/* formats/scenario_internal.h: shared by the scenario loader's files
 * (formats/scenario_*.c, formats/diags.c). Not a public interface: other modules use
 * formats/scenario_load.h and formats/scenario_schema.h.
 *
 * The loader is table-driven: every key it accepts is a row of an sl_field
 * table (formats/scenario_fields.c) with its kind, bounds, enum names and a one-
 * line description. The same tables generate the JSON Schema
 * (formats/scenario_schema.c), so the schema and the loader cannot drift apart. */
#ifndef BILIM_SCENARIO_INTERNAL_H
#define BILIM_SCENARIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/compiler.h"
#include "formats/json.h"
#include "formats/json_check.h"
#include "formats/scenario_load.h"
#include "models/scenario.h"

/* --- diagnostics ------------------------------------------------------------ */

#define BILIM_DIAGS_MAX 200

void bilim__diags_add(bilim_diags *d, const char *fmt, ...)
    BILIM_PRINTF(2, 3);
int bilim__diags_full(const bilim_diags *d);
/* Records a file the load read (bilim_diags_file). */
void bilim__diags_add_file(bilim_diags *d, const char *path);

/* --- limits ------------------------------------------------------------------- */

#define SL_MAX_FILE_BYTES (1024 * 1024)  /* scenario and parameter files */
#define SL_MAX_EXTENDS 16                /* files in one extends chain */
#define SL_MAX_MEMBERS 1000              /* members of any object */
#define SL_MAX_ELEMENTS 10000            /* elements of any array */
#define SL_MAX_SCHOOLS 1000000           /* schools in a population */
#define SL_MAX_TEXT 4000                 /* bytes of a description or note */
#define SL_MAX_NOTES 100                 /* entries of "notes" */
#define SL_PATH_MAX 512

/* --- load context --------------------------------------------------------------- */

typedef struct sl_ctx {
    bilim_json_arena *arena;  /* every node and file text of this load */
    bilim_diags *diags;       /* may be NULL */
    int errors;               /* errors found so far */
    int nomem;
    int io;                   /* the top-level file could not be read */
    const char *textfile;     /* the name of a text given without a file, or NULL */
} sl_ctx;

/* Records one error: "FILE:LINE:COL: PATH: message" (at node; when node is
 * NULL, "FILE: PATH: message" with file given). */
void bilim__scenario_error(sl_ctx *c, const bilim_json *node, const char *file, const char *path,
              const char *fmt, ...) BILIM_PRINTF(5, 6);
/* The same at a key's position (for unknown and duplicate keys). */
void bilim__scenario_error_key(sl_ctx *c, const bilim_json *member, const char *path,
                  const char *fmt, ...) BILIM_PRINTF(4, 5);

/* Paths, values as written and suggestions: formats/json_check.h. */

/* --- field tables ------------------------------------------------------------- */

typedef enum sl_kind {
    SL_INT,      /* int32_t */
    SL_REAL,     /* double */
    SL_BOOL,     /* int32_t 0 or 1, from true / false */
    SL_ENUM,     /* int32_t (C enums here are int-sized): base + index in names */
    SL_IDENT,    /* char[BILIM_NAME_MAX]: letters, digits, '_', '-', '.' */
    SL_CUSTOM    /* read by the caller; listed for unknown keys and the schema */
} sl_kind;

typedef struct sl_field {
    const char *key;
    sl_kind kind;
    size_t offset;              /* into the struct being filled */
    double min, max;            /* inclusive unless min_open / max_open */
    int min_open, max_open;
    const char *range_param;    /* when set, min and max are that parameter's */
    const char *const *names;   /* SL_ENUM: value names, NULL-terminated */
    int base;                   /* SL_ENUM: value of names[0] */
    int required;
    const char *doc;            /* one line: what it is, its unit */
} sl_field;

/* Structs the tables fill that models/scenario.h has no type for. */
typedef struct sl_region_share {
    int32_t schools;
    double rural_share, small_class_share;
} sl_region_share;

typedef struct sl_tclass {
    double mean, sigma;
} sl_tclass;

#define SL_MAX_FIELDS 32   /* rows of the largest table */

typedef struct sl_table {
    const char *name;           /* for the schema: "innovation", "target", ... */
    const sl_field *fields;
    int n;
} sl_table;

/* The tables (formats/scenario_fields.c). */
extern const sl_table bilim__scenario_top, bilim__scenario_population, bilim__scenario_region_counts, bilim__scenario_region_shares,
    bilim__scenario_teachers, bilim__scenario_teacher_classes, bilim__scenario_innovation, bilim__scenario_iv_common, bilim__scenario_target,
    bilim__scenario_outputs, bilim__scenario_param_file;
/* Type-specific intervention fields, indexed by bilim_iv_type. */
extern const sl_table bilim__scenario_iv_types[BILIM_N_IV_TYPES];

/* Enum names shared by the loader, the writer and the schema. */
extern const char *const bilim__scenario_names_iv_type[];     /* bilim_iv_type order */
extern const char *const bilim__scenario_names_locality[];    /* any, urban, rural (base -1) */
extern const char *const bilim__scenario_names_small_class[]; /* any, exclude, only (base -1) */
extern const char *const bilim__scenario_names_band[];        /* any, low, intermediate, high (base -1) */
extern const char *const bilim__scenario_names_order[];
extern const char *const bilim__scenario_names_need[];
extern const char *const bilim__scenario_names_allocation[];

/* Effective bounds of a field (range_param resolved). */
void bilim__scenario_field_bounds(const sl_field *f, double *min, double *max);
/* "an integer from 1 to 120", "a number in (0, 1]", "one of "a", "b"". */
const char *bilim__scenario_field_allowed(const sl_field *f, char *buf, size_t n);

/* Index of key in t, or -1. */
int bilim__scenario_find(const sl_table *t, const char *key, size_t key_len);

/* Reads one value into base per its row (not for SL_CUSTOM). */
void bilim__scenario_read_value(sl_ctx *c, const bilim_json *v, const char *path, const sl_field *f,
                   void *base);

/* Reads every member of obj per t into base. given[k] receives the member
 * for row k (NULL when absent; duplicates keep the first). Unknown keys are
 * errors with a suggestion; missing required keys are errors. SL_CUSTOM rows
 * are only recorded in given. Returns 0 when obj is not an object (and
 * reports it). */
int bilim__scenario_read_object(sl_ctx *c, const bilim_json *obj, const char *path, const sl_table *t,
                   void *base, const bilim_json **given);

/* Reports obj not being an object; returns 1 if it is one. */
int bilim__scenario_expect(sl_ctx *c, const bilim_json *v, const char *path, bilim_json_type t,
              const char *what);

/* Reads a text field: a string without control characters of at most max
 * bytes. Returns the text or NULL (error reported). */
const char *bilim__scenario_read_text(sl_ctx *c, const bilim_json *v, const char *path, size_t max);

/* Walks the whole tree: duplicate keys, objects with more than
 * SL_MAX_MEMBERS members, arrays with more than SL_MAX_ELEMENTS. Returns the
 * number of problems. */
int bilim__scenario_check_structure(sl_ctx *c, const bilim_json *root);

/* --- reading sections (formats/scenario_read.c, formats/scenario_interventions.c) ------ */

/* Everything the resolved JSON carries besides the struct. */
typedef struct sl_extra {
    const char *description;    /* NULL when none */
    const bilim_json *notes;    /* string or array of strings; NULL when none */
} sl_extra;

/* Fills sc (already holding the defaults) from the merged tree root. */
void bilim__scenario_read_scenario(sl_ctx *c, const bilim_json *root, bilim_scenario *sc, sl_extra *extra);

/* Reads a "parameters" object into p (ranges from the parameter table). */
void bilim__scenario_read_parameters(sl_ctx *c, const bilim_json *obj, const char *path, bilim_params *p);

/* Loads a parameter file (formats/scenario_load.c) into p. */
void bilim__scenario_load_parameter_file(sl_ctx *c, const bilim_json *ref, bilim_params *p);

/* Interventions (formats/scenario_interventions.c). */
void bilim__scenario_read_interventions(sl_ctx *c, const bilim_json *arr, bilim_scenario *sc);

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
