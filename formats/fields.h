/* formats/fields.h: the loaders' framework: JSON files described by
 * declarative field tables, read strictly, with one form of message.
 *
 * Both loaders use it: scenarios and parameter files (formats/scenario_*.c)
 * and calibration and targets files (formats/calib_load.c). A table lists
 * every key an object may hold, with its kind, where it goes in a struct,
 * its bounds or names, whether it is required and a one-line description;
 * reading an object through a table reports unknown keys (with "did you
 * mean"), missing required keys, wrong types and out-of-range values. The
 * scenario tables also generate the JSON Schema (formats/scenario_schema.c).
 *
 * Every message is one line:
 *     FILE:LINE:COL: PATH: what was found; what is allowed
 * (FILE: PATH: ... when there is no position), and when FILE was reached
 * through other files, the chain that led there is appended:
 *     c.json:3:5: parameters.eta_pd: 2 is out of range; expected a number
 *     in [0, 1] (via a.json, which extends b.json, whose parameter_file is c.json)
 * Messages go to a bilim_diags (formats/diags.h), which keeps the first
 * BILIM_DIAGS_MAX.
 *
 * Files are read with base/file.h (regular files only, never blocking) and
 * at most BILIM_FIELDS_MAX_FILE bytes; objects have at most
 * BILIM_FIELDS_MAX_MEMBERS members and arrays BILIM_FIELDS_MAX_ELEMENTS
 * elements; duplicate keys are errors. Paths in files are relative to the
 * file that names them. Thread-safe: no globals. */
#ifndef BILIM_FIELDS_H
#define BILIM_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include "base/compiler.h"
#include "formats/diags.h"
#include "formats/json.h"

/* JSON input files are small text files. The cap also bounds memory: the
 * reader builds a tree of about 100 bytes per value, and "[0,0,0,..." has a
 * value every 2 bytes, so 1 MiB of hostile input costs at most ~50 MB. */
#define BILIM_FIELDS_MAX_FILE (1024 * 1024)
#define BILIM_FIELDS_MAX_MEMBERS 1000     /* members of any object */
#define BILIM_FIELDS_MAX_ELEMENTS 10000   /* elements of any array */
#define BILIM_FIELDS_MAX_ROWS 32          /* rows of the largest table */
#define BILIM_FIELDS_PATH_MAX 512         /* bytes of a JSON path in messages */
#define BILIM_FIELDS_MAX_TEXT 4000        /* characters of a description or note */

/* --- tables ------------------------------------------------------------------ */

typedef enum bilim_field_kind {
    BILIM_FIELD_INT,     /* int32_t */
    BILIM_FIELD_INT64,   /* int64_t (bounds within +-2^53) */
    BILIM_FIELD_REAL,    /* double; bounds may be infinite */
    BILIM_FIELD_BOOL,    /* int32_t 0 or 1, from true / false */
    BILIM_FIELD_ENUM,    /* int32_t (C enums here are int-sized): base + index in names */
    BILIM_FIELD_IDENT,   /* char[BILIM_NAME_MAX]: letters, digits, '_', '-', '.' */
    BILIM_FIELD_CUSTOM   /* read by the caller; listed for unknown keys and the schema */
} bilim_field_kind;

typedef struct bilim_field {
    const char *key;
    bilim_field_kind kind;
    size_t offset;              /* into the struct being filled */
    double min, max;            /* inclusive unless min_open / max_open */
    int min_open, max_open;
    const char *range_param;    /* when set, min and max are that parameter's */
    const char *const *names;   /* ENUM: value names, NULL-terminated */
    int base;                   /* ENUM: value of names[0] */
    int required;
    const char *doc;            /* one line: what it is, its unit */
} bilim_field;

typedef struct bilim_field_table {
    const char *name;           /* for messages and the schema: "innovation", ... */
    const bilim_field *fields;
    int n;
    int open;                   /* 1: other keys are allowed and not read (data files) */
} bilim_field_table;

/* Rows: key, struct type T and member m, bounds, required, description. */
#define BILIM_ROW_CUSTOM(key, req, doc) \
    {key, BILIM_FIELD_CUSTOM, 0, 0, 0, 0, 0, NULL, NULL, 0, req, doc}
#define BILIM_ROW_INT(key, T, m, lo, hi, req, doc) \
    {key, BILIM_FIELD_INT, offsetof(T, m), lo, hi, 0, 0, NULL, NULL, 0, req, doc}
#define BILIM_ROW_INT64(key, T, m, lo, hi, req, doc) \
    {key, BILIM_FIELD_INT64, offsetof(T, m), lo, hi, 0, 0, NULL, NULL, 0, req, doc}
#define BILIM_ROW_REAL(key, T, m, lo, hi, req, doc) \
    {key, BILIM_FIELD_REAL, offsetof(T, m), lo, hi, 0, 0, NULL, NULL, 0, req, doc}
/* lo_open, hi_open: 1 excludes the bound. */
#define BILIM_ROW_REAL_OPEN(key, T, m, lo, hi, lo_open, hi_open, req, doc) \
    {key, BILIM_FIELD_REAL, offsetof(T, m), lo, hi, lo_open, hi_open, NULL, NULL, 0, req, doc}
#define BILIM_ROW_REAL_PARAM(key, T, m, param, doc) \
    {key, BILIM_FIELD_REAL, offsetof(T, m), 0, 0, 0, 0, param, NULL, 0, 0, doc}
#define BILIM_ROW_BOOL(key, T, m, doc) \
    {key, BILIM_FIELD_BOOL, offsetof(T, m), 0, 1, 0, 0, NULL, NULL, 0, 0, doc}
#define BILIM_ROW_ENUM(key, T, m, names, base, doc) \
    {key, BILIM_FIELD_ENUM, offsetof(T, m), 0, 0, 0, 0, NULL, names, base, 0, doc}
#define BILIM_ROW_IDENT(key, T, m, req, doc) \
    {key, BILIM_FIELD_IDENT, offsetof(T, m), 0, 0, 0, 0, NULL, NULL, 0, req, doc}
#define BILIM_TABLE(name, rows) {name, rows, (int)(sizeof rows / sizeof rows[0]), 0}
#define BILIM_OPEN_TABLE(name, rows) {name, rows, (int)(sizeof rows / sizeof rows[0]), 1}

/* Index of key in t, or -1. */
int bilim_fields_find(const bilim_field_table *t, const char *key, size_t key_len);

/* given[k] of the row named key (as filled by bilim_fields_read_object), or NULL. */
const bilim_json *bilim_fields_given(const bilim_field_table *t, const bilim_json *const *given,
                                     const char *key);

/* The model parameter (models/params.h) whose name is closest to name, or
 * NULL (bilim_json_suggest's rules). */
const char *bilim_fields_suggest_param(const char *name, size_t len);

/* Effective bounds of a field (range_param resolved). */
void bilim_fields_bounds(const bilim_field *f, double *min, double *max);

/* What a field allows, for messages: "an integer from 1 to 120", "a number
 * in (0, 1]", "a number > 0", "one of "a", "b"". */
const char *bilim_fields_allowed(const bilim_field *f, char *buf, size_t n);

/* --- a load ---------------------------------------------------------------------- */

struct bilim_fields_file;       /* a file read in this load and how it was reached */

typedef struct bilim_fields {
    bilim_json_arena *arena;    /* every node, path and chain of this load */
    bilim_diags *diags;         /* may be NULL: errors are only counted */
    int errors;                 /* errors found so far */
    int nomem;                  /* an allocation failed */
    const char *textfile;       /* the name of a text given without a file, or NULL */
    const char *textkind;       /* what that text is, for messages ("scenario") */
    struct bilim_fields_file *files;
} bilim_fields;

/* BILIM_OK, or BILIM_ENOMEM (then c holds nothing to clear). */
int bilim_fields_init(bilim_fields *c, bilim_diags *diags);
void bilim_fields_clear(bilim_fields *c);

/* A copy of s in the load's arena (NULL, and c->nomem, when out of memory). */
char *bilim_fields_strdup(bilim_fields *c, const char *s);

/* --- messages ---------------------------------------------------------------------- */

/* Records one error at node ("FILE:LINE:COL: PATH: message"); when node is
 * NULL, "FILE: PATH: message" with file given. The chain of files that led
 * to FILE is appended. fmt is looked up in the catalogue (base/i18n.h): write
 * it as a literal, which scripts/pot.sh extracts (an xgettext keyword). */
void bilim_fields_error(bilim_fields *c, const bilim_json *node, const char *file,
                        const char *path, const char *fmt, ...) BILIM_PRINTF(5, 6);
/* The same at a member's key (for unknown and duplicate keys). */
void bilim_fields_error_key(bilim_fields *c, const bilim_json *member, const char *path,
                            const char *fmt, ...) BILIM_PRINTF(4, 5);

/* --- values ------------------------------------------------------------------------ */

/* Reads one value into base per its row (not for CUSTOM rows). */
void bilim_fields_read_value(bilim_fields *c, const bilim_json *v, const char *path,
                             const bilim_field *f, void *base);

/* Reads every member of obj per t into base. given[k] receives the member
 * for row k (NULL when absent; duplicates keep the first). Unknown keys are
 * errors with a suggestion (unless t is open); missing required keys are
 * errors. CUSTOM rows are only recorded in given. Returns 0 when obj is not
 * an object (and reports it). */
int bilim_fields_read_object(bilim_fields *c, const bilim_json *obj, const char *path,
                             const bilim_field_table *t, void *base, const bilim_json **given);

/* Reports member as an unknown key: "unknown key; did you mean "x"?" when
 * one of cands[0..n) is close, else "unknown key; expected one of: a, b"
 * ("unknown key; TAKES takes: a, b" when takes is not NULL). */
void bilim_fields_unknown_key(bilim_fields *c, const bilim_json *member, const char *path,
                              const char *const *cands, int n, const char *takes);

/* Reports v not being of type t ("found ...; expected what"); returns 1 if it is. */
int bilim_fields_expect(bilim_fields *c, const bilim_json *v, const char *path,
                        bilim_json_type t, const char *what);

/* A string v that must be one of names (NULL-terminated): its index, or -1
 * (reported, with a suggestion). */
int bilim_fields_read_name(bilim_fields *c, const bilim_json *v, const char *path,
                           const char *const *names);

/* A text: a string without control characters of at most max characters.
 * Returns the text or NULL (error reported). */
const char *bilim_fields_read_text(bilim_fields *c, const bilim_json *v, const char *path,
                                   size_t max);

/* --- files ---------------------------------------------------------------------------- */

/* Every file gets, after parsing, the same checks: a JSON object at the top,
 * no duplicate keys, sizes within the limits above (all reported). */

/* Reads the top-level file path and parses it.
 * When it cannot be read: "PATH: cannot read: why", *io set, NULL. When text
 * is not NULL it receives the file's text (bilim_malloc'd) on success. */
bilim_json *bilim_fields_load_file(bilim_fields *c, const char *path, char **text, int *io);

/* Parses a text in memory named origin; NULL origin: a text without a
 * file, named "<string>" in messages, whose references cannot be resolved
 * ("this KIND was given as text without a file name"). */
bilim_json *bilim_fields_load_text(bilim_fields *c, const char *text, size_t len,
                                   const char *origin, const char *kind);

/* The path the member ref names (a file: what, for messages), relative to
 * the file that holds ref; NULL (reported at ref) when ref is not a
 * non-empty string or its file has no name. */
char *bilim_fields_ref_path(bilim_fields *c, const bilim_json *ref, const char *what);

/* Reads and parses the file at path (from bilim_fields_ref_path) that ref
 * names. A file that cannot be read is an error at ref: "KEY: cannot read
 * "REL" (looked for PATH): why". Messages about the file's contents name
 * the chain that led to it. text as for bilim_fields_load_file. */
bilim_json *bilim_fields_load_ref(bilim_fields *c, const bilim_json *ref, const char *path,
                                  char **text);

#endif
