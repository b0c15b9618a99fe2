/* formats/calib_load.h: calibration files (docs/calibration.md) into a
 * bilim_calibration.
 *
 * Read exactly as scenarios are (formats/fields.h: the same field tables,
 * bounded file reader, message form, suggestions and cap on the number of
 * messages): lookups are case-sensitive; unknown keys (with a "did you
 * mean" suggestion), duplicate keys, wrong types, out-of-range or
 * non-finite numbers and integers that do not fit are errors, each naming
 * the file, line and column, the JSON path (parameters[2].prior.alpha), the
 * value found and what is allowed; errors inside the base scenario or the
 * targets file name the chain of files that led there.
 * Parameters must exist in the parameter table (models/params.h), be real
 * numbers, and their priors must lie within the table's ranges. The base
 * scenario is loaded with the scenario loader (formats/scenario_load.h) and the
 * targets from a file in the format of data/survey-2026-principals.json,
 * both relative to the calibration file. All errors are collected before
 * returning.
 *
 * Thread-safe (no globals). */
#ifndef BILIM_CALIB_LOAD_H
#define BILIM_CALIB_LOAD_H

#include "formats/diags.h"
#include "models/calib.h"

/* The texts a calibration keeps for provenance (malloc'd; free with
 * bilim_calib_texts_clear): the calibration file verbatim, the resolved
 * base scenario JSON and the targets file verbatim. The files read are
 * listed in the load's bilim_diags (bilim_diags_file). */
typedef struct bilim_calib_texts {
    char *calibration;
    char *base_scenario;
    char *targets;
    char *patterns;              /* the pattern file verbatim (NULL without one) */
} bilim_calib_texts;

void bilim_calib_texts_clear(bilim_calib_texts *t);         /* NULL is a no-op */

/* Loads path into *out. texts may be NULL. Returns BILIM_OK, BILIM_EINVAL
 * (see diags; a base scenario or targets file that cannot be read is an
 * invalid reference), BILIM_EIO (the calibration file itself cannot be
 * read, also in diags) or BILIM_ENOMEM. diags may be NULL. */
int bilim_calib_load(const char *path, bilim_calibration *out, bilim_calib_texts *texts,
                     bilim_diags *diags);

/* The same from text in memory; origin names it in messages and its
 * directory anchors the relative paths (NULL: the current directory). */
int bilim_calib_load_string(const char *text, const char *origin, bilim_calibration *out,
                            bilim_calib_texts *texts, bilim_diags *diags);

/* 1 when path holds a calibration file rather than a scenario: a JSON
 * object with a top-level "base_scenario" (a key scenarios do not have).
 * 0 otherwise, also when it cannot be read or parsed (a loader then says
 * why). For `bilim validate`, which takes both. */
int bilim_calib_load_detect(const char *path);

#endif
