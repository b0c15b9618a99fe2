/* formats/json.h: a strict RFC 8259 JSON reader for scenario files, and
 * the one JSON string escaper every writer of JSON uses (the resolved
 * scenario, the calibrated parameter file, paths in messages).
 *
 * Why not cJSON's parser: the loader needs the line and column of every key
 * and value (for messages), the text of every number as written (to tell
 * 6 from 6.5 and to read 64-bit integers exactly), every duplicate key (cJSON
 * keeps them silently), case-sensitive lookup, and no process-global state
 * (cJSON records its last error in a global). This reader does exactly that
 * and nothing more; it never modifies its input.
 *
 * Strictness: one JSON value with optional surrounding white space (a UTF-8
 * byte order mark is skipped); no comments, trailing commas, single quotes,
 * NaN/Infinity, leading zeros or lone surrogates; strings must be valid UTF-8
 * without control characters or \u0000. Nesting is limited to
 * BILIM_JSON_MAX_DEPTH levels so hostile input cannot exhaust the stack.
 *
 * Memory: every node and string lives in a bilim_json_arena, freed at once
 * with bilim_json_arena_free. Thread-safe: no globals. Real numbers are
 * converted with strtod, so they assume the "C" numeric locale (bilim never
 * calls setlocale). */
#ifndef BILIM_JSON_STRICT_H
#define BILIM_JSON_STRICT_H

#include <stddef.h>
#include <stdint.h>

#define BILIM_JSON_MAX_DEPTH 64

typedef enum bilim_json_type {
    BILIM_JSON_NULL, BILIM_JSON_BOOL, BILIM_JSON_NUMBER,
    BILIM_JSON_STRING, BILIM_JSON_ARRAY, BILIM_JSON_OBJECT
} bilim_json_type;

typedef struct bilim_json bilim_json;
struct bilim_json {
    bilim_json_type type;
    int line, col;          /* where the value starts; 1-based, columns count characters */
    const char *file;       /* the file the value was read from (not owned) */
    const char *key;        /* member name for object members, else NULL */
    size_t key_len;         /* bytes; keys never contain NUL */
    int key_line, key_col;
    const char *text;       /* decoded string, or the number as written */
    size_t len;             /* bytes of text */
    int boolean;            /* BOOL: 0 or 1 */
    bilim_json *child;      /* first element / member (ARRAY, OBJECT) */
    bilim_json *next;       /* next sibling */
    int count;              /* number of children */
};

typedef struct bilim_json_arena bilim_json_arena;

bilim_json_arena *bilim_json_arena_alloc(void);     /* NULL when out of memory */
void bilim_json_arena_free(bilim_json_arena *a);     /* NULL is a no-op */
/* Zeroed, 16-byte aligned memory from the arena; NULL when out of memory. */
void *bilim_json_arena_get(bilim_json_arena *a, size_t n);

/* Why a parse failed: a message and where. */
typedef struct bilim_json_syntax {
    int line, col;
    int nomem;              /* 1 when the failure was running out of memory */
    char msg[200];
} bilim_json_syntax;

/* Parses text[0..len) (which may contain NUL bytes: they are errors). Nodes
 * are tagged with file (which must outlive them). Returns the root, or NULL
 * with *syn filled. */
bilim_json *bilim_json_parse(bilim_json_arena *a, const char *text, size_t len,
                             const char *file, bilim_json_syntax *syn);

/* The member of obj named key (exact, case-sensitive; the first one when
 * duplicated), or NULL. */
bilim_json *bilim_json_get(const bilim_json *obj, const char *key);

/* A number's value as a finite double: 0 ok, -1 when it overflows (1e400). */
int bilim_json_number(const bilim_json *num, double *out);

/* Exact integer reading of a number as written (6, 6.0, 6e0 and 600e-2 are all
 * the integer 6; 6.5 is not an integer). Returns 0 and sets *neg and *mag
 * (magnitude), 1 when the number is not an integer, 2 when its magnitude
 * exceeds 2^64 - 1. */
int bilim_json_integer(const bilim_json *num, int *neg, uint64_t *mag);

/* s[0..n) as a double-quoted string for messages, in dst (size cap, at
 * least 8): quotes, backslashes and control characters escaped (a message
 * stays one line and never drives the terminal), cut with "..." after max
 * characters or when dst is full, never inside a UTF-8 sequence. Returns dst. */
const char *bilim_json_quote(char *dst, size_t cap, const char *s, size_t n, size_t max);

/* A short human name of a type ("an object", "a string"...), in English;
 * marked N_() for the catalogue, so a message shows it as _(name). */
const char *bilim_json_type_name(bilim_json_type t);

/* --- writing strings ------------------------------------------------------- */

/* Byte ch as JSON string text into out (NUL-terminated); returns its length
 * (1 to 6): \" and \\, \n and \t, \u00XX (upper-case hex) for the other
 * control characters and DEL, the byte itself otherwise (UTF-8 passes
 * through). */
size_t bilim_json_escape_byte(unsigned char ch, char out[8]);

/* s as a quoted JSON string, handed to put in pieces. */
void bilim_json_write_string(const char *s, void (*put)(void *ctx, const char *text, size_t n),
                             void *ctx);

#endif
