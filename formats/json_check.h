/* formats/json_check.h: generic helpers for messages about values read with
 * formats/json.h, shared by the scenario loader (formats/scenario_*.c) and the
 * calibration loader (formats/calib_load.c), so both name paths, show values and
 * suggest keys the same way. */
#ifndef BILIM_JSON_CHECK_H
#define BILIM_JSON_CHECK_H

#include <stddef.h>
#include "formats/json.h"

/* Path building: dst = path + ".key" (or ["key"] for odd keys; just key when
 * path is empty), path[i]. */
void bilim_json_path_key(char *dst, size_t n, const char *path, const char *key, size_t key_len);
void bilim_json_path_index(char *dst, size_t n, const char *path, int i);

/* The value as written, for messages: 1.5, "text", true, an object. */
const char *bilim_json_show(const bilim_json *v, char *buf, size_t n);

/* The candidate closest to key by edit distance (case ignored; a prefix of at
 * least 4 characters counts as close), else the first candidate holding
 * every '_'-separated word of key (at least two), or NULL. */
const char *bilim_json_suggest(const char *key, size_t key_len, const char *const *cands, int n);

#endif
