/* sim/calib_json.h: strict JSON reading for the calibration loader
 * (internal to sim/calib_load*.c).
 *
 * A bilim_cj context collects error messages of the form
 *     FILE: PATH: what was found; what is allowed
 * Getters look keys up case-sensitively, check type and range, and report
 * through the context; they return 1 when a value was read, 0 when the key
 * is absent (and optional) or wrong (an error is then recorded). */
#ifndef BILIM_CALIB_JSON_H
#define BILIM_CALIB_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "sim/calib_load.h"

typedef struct bilim_cj {
    const char *file;           /* named in every message */
    bilim_calib_errors *errs;   /* may be NULL: errors only counted */
    int n_errors;
    int oom;                    /* an allocation failed */
} bilim_cj;

/* Records "FILE: PATH: message". */
void bilim_cj_error(bilim_cj *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends a complete message (no prefix). */
void bilim_cj_error_raw(bilim_cj *c, const char *msg);

/* Describes a JSON value for a message: 12.5, "abc" (a string), true,
 * null, an object, an array. */
void bilim_cj_describe(const cJSON *v, char *buf, size_t n);

/* path + "." + key, or path + "[i]", into buf. */
void bilim_cj_path_key(char *buf, size_t n, const char *path, const char *key);
void bilim_cj_path_index(char *buf, size_t n, const char *path, int i);

/* The closest of the allowed words (NULL-terminated) to word, or NULL when
 * none is close (edit distance, case ignored). */
const char *bilim_cj_suggest(const char *word, const char *const *allowed);

/* Reports every key of obj not in allowed (with a suggestion) and every
 * key that appears twice. Returns the number of problems. */
int bilim_cj_check_keys(bilim_cj *c, const cJSON *obj, const char *path,
                        const char *const *allowed);

/* The member named key (exact, case-sensitive), or NULL. */
const cJSON *bilim_cj_get(const cJSON *obj, const char *key);

/* A required member that is missing is an error; an optional one returns 0. */
int bilim_cj_string(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, const char **out);
int bilim_cj_number(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, double lo, double hi, double *out);
/* A number > 0 (finite). */
int bilim_cj_positive(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                      int required, double *out);
/* A whole number within [lo, hi] (|value| <= 2^53). */
int bilim_cj_integer(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                     int required, int64_t lo, int64_t hi, int64_t *out);
/* A string that must be one of allowed; *index receives its position. */
int bilim_cj_choice(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, const char *const *allowed, int *index);
/* An object or array member of the right kind, or NULL. */
const cJSON *bilim_cj_object(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                             int required);
const cJSON *bilim_cj_array(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                            int required);

/* Parses text; on a syntax error records "FILE: line L, column C: ..." and
 * returns NULL. */
cJSON *bilim_cj_parse(bilim_cj *c, const char *text);

/* Reads a whole file (malloc'd, NUL-terminated) or returns NULL. */
char *bilim_cj_slurp(const char *path);

#endif
