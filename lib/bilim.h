/* bilim.h: the public C API of bilim, the simulator of how educational
 * innovations spread through Kazakhstan's schools (docs/api.md).
 *
 * Link with libbilim (pkg-config --cflags --libs bilim). Everything the
 * library exports is declared here; the rest of bilim is internal.
 *
 * Conventions:
 *  - A fallible function returns a status code (BILIM_STATUS_OK, 0, or one
 *    of the codes below) and, when given a non-NULL bilim_status, fills it
 *    with a message naming what went wrong and how to fix it (for a
 *    scenario: FILE:LINE:COL: PATH: found; allowed, one line per problem, as
 *    `bilim validate` prints them). The library never prints, exits or
 *    installs signal handlers.
 *  - Objects are opaque handles: X_load / X_run make one, X_free frees it
 *    (NULL is a no-op).
 *  - Strings returned by the library belong to the object they come from
 *    and live as long as it does.
 *  - The functions are thread-safe on different objects (one object may be
 *    read from several threads at once but not changed meanwhile), except
 *    that the two which write HDF5 files (bilim_result_write,
 *    bilim_compare_to_file) must not run at the same time as each other:
 *    Debian's HDF5 library is not thread-safe.
 *
 * Stability: before 1.0 an incompatible change bumps BILIM_API_VERSION and
 * the library's SONAME (libbilim.so.0); additions do not. */
#ifndef BILIM_H
#define BILIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define BILIM_API __attribute__((visibility("default")))
#else
#define BILIM_API
#endif

/* The version of this interface (what bilim_api_version returns). */
#define BILIM_API_VERSION 1

/* --- versions and errors ------------------------------------------------------- */

enum {
    BILIM_STATUS_OK = 0,
    BILIM_STATUS_INVALID = 1,   /* invalid input: scenario, parameter, value */
    BILIM_STATUS_USAGE = 2,     /* a call the API does not allow (bad argument) */
    BILIM_STATUS_IO = 3,        /* file system or HDF5 failure */
    BILIM_STATUS_NOMEM = 4,     /* out of memory */
    BILIM_STATUS_CANCELLED = 5, /* the progress callback asked to stop */
    BILIM_STATUS_INTERNAL = 6   /* a bug: please report it */
};

#define BILIM_STATUS_MESSAGE_MAX 8192

/* Caller-owned: declare one, pass its address, read it after a failure. */
typedef struct bilim_status {
    int code;                                /* BILIM_STATUS_OK when no error */
    char message[BILIM_STATUS_MESSAGE_MAX];  /* lines separated by '\n' */
} bilim_status;

/* The program's version, "0.1.0". */
BILIM_API const char *bilim_version(void);

/* BILIM_API_VERSION of the library loaded (compare with the header's). */
BILIM_API int bilim_api_version(void);

/* A short name of a status code ("invalid input", "cancelled", ...). */
BILIM_API const char *bilim_status_name(int code);

/* --- scenarios ------------------------------------------------------------------ */

typedef struct bilim_spec bilim_spec;

/* Loads a scenario file (docs/scenarios.md): "extends" and "parameter_file"
 * are resolved relative to it. It is checked as `bilim validate` checks it,
 * its "sweep" included (which only `bilim compare` expands), and every
 * error is reported with the same messages. The files it was read from
 * become the spec's inputs: no output of the API replaces one (see
 * bilim_result_write). Errors: INVALID, IO, NOMEM. */
BILIM_API int bilim_spec_load(const char *path, bilim_spec **out, bilim_status *st);

/* The same from JSON text; origin names it in messages (the messages are
 * then those of `bilim validate` for a file of that name holding the text)
 * and its directory anchors relative "extends" and "parameter_file" paths.
 * origin may be NULL: the text is then named "<string>" and may not name
 * other files. */
BILIM_API int bilim_spec_load_string(const char *json, const char *origin, bilim_spec **out,
                                     bilim_status *st);

/* A copy of spec with its overrides and inputs (NULL when out of memory). */
BILIM_API bilim_spec *bilim_spec_copy(const bilim_spec *spec);

BILIM_API void bilim_spec_free(bilim_spec *spec);

/* Overrides by name: a model parameter of `bilim params` (range-checked,
 * then the cross-parameter rules), or one of the run settings "seed",
 * "replicates", "months" and "schools" (a proportional sample of the
 * population, as `bilim run --schools`). Run settings are applied when the
 * scenario runs, in the command line's order, so a spec with
 * replicates=2, seed=7, months=24, schools=300 runs exactly as
 * `bilim run SCENARIO --replicates 2 --seed 7 --months 24 --schools 300`.
 * Errors: INVALID (unknown name, with a suggestion; out of range;
 * not an integer where one is needed). */
BILIM_API int bilim_spec_set(bilim_spec *spec, const char *name, double value, bilim_status *st);

/* The value of a parameter or run setting (after overrides). */
BILIM_API int bilim_spec_get(const bilim_spec *spec, const char *name, double *value,
                             bilim_status *st);

/* The scenario's name. */
BILIM_API const char *bilim_spec_name(const bilim_spec *spec);

/* The resolved scenario as JSON text (extends and parameter files applied,
 * parameter overrides included; run settings not yet applied). */
BILIM_API const char *bilim_spec_json(const bilim_spec *spec);

/* The names that bilim_spec_set accepts: model parameters first (in
 * `bilim params` order), then the four run settings. i out of range: NULL. */
BILIM_API int bilim_parameter_count(void);
BILIM_API const char *bilim_parameter_name(int i);

/* --- runs ------------------------------------------------------------------------- */

/* Called as months complete (from whichever thread completed one, never
 * from two at once): done of total months of all replicates. Return 0 to
 * go on, non-zero to cancel the run (it then fails with CANCELLED). */
typedef int (*bilim_progress_fn)(void *user, int64_t done, int64_t total);

typedef struct bilim_result bilim_result;

/* Runs every replicate of spec on `threads` threads (<= 0: OMP_NUM_THREADS
 * or every core); the result is bit-identical for any thread count and to
 * `bilim run`. progress may be NULL. Errors: INVALID, NOMEM, CANCELLED. */
BILIM_API int bilim_run(const bilim_spec *spec, int threads, bilim_progress_fn progress,
                        void *user, bilim_result **out, bilim_status *st);

BILIM_API void bilim_result_free(bilim_result *r);

/* The run's size: replicates, months (records are months 0..months, so
 * months + 1 of them), schools, teachers (replicate 0, month 0). */
BILIM_API int bilim_result_replicates(const bilim_result *r);
BILIM_API int bilim_result_months(const bilim_result *r);
BILIM_API int bilim_result_schools(const bilim_result *r);
BILIM_API int64_t bilim_result_teachers(const bilim_result *r);

/* The name of the scenario as run. */
BILIM_API const char *bilim_result_name(const bilim_result *r);

/* The metrics recorded (docs/output.md, "Metrics"): i from 0 to
 * count - 1; NULL when out of range. */
BILIM_API int bilim_result_metric_count(const bilim_result *r);
BILIM_API const char *bilim_result_metric_name(const bilim_result *r, int i);

/* The axes of a metric after (replicate, month): *n_axes is 1 or 2;
 * names[k] and lengths[k] for k < *n_axes ("innovation", 3). Errors:
 * INVALID (no such metric). */
BILIM_API int bilim_result_metric_axes(const bilim_result *r, const char *metric, int *n_axes,
                                       const char *names[2], int lengths[2], bilim_status *st);

/* Label i of an axis ("innovation", "band", "barrier", "state",
 * "intervention", "locality", "region"); NULL when out of range. */
BILIM_API const char *bilim_result_axis_label(const bilim_result *r, const char *axis, int i);

/* Copies a metric's series into out, C order (replicate, month, axes...):
 * replicates x (months + 1) x lengths[0] [x lengths[1]] doubles, which n
 * must equal. The same values, to the bit, as the result file's
 * series/<metric>. Errors: INVALID (no such metric), USAGE (wrong n). */
BILIM_API int bilim_result_series(const bilim_result *r, const char *metric, double *out,
                                  size_t n, bilim_status *st);

/* Writes the result file of `bilim run` (docs/output.md) to path: written
 * under a temporary name and put in place only when complete. The datasets
 * are bit-identical to `bilim run`'s for the same scenario and settings.
 * As `bilim run -o`, it never writes over a file the scenario was read from
 * (the file, the files it extends, its parameter files; known by identity,
 * so another name or a hard link of one is refused too), a directory, a
 * symbolic link or anything but a regular file. Errors: USAGE (such a
 * path; the message is the command line's, "output PATH: is the input
 * file ..."), IO (its folder is missing or not writable), NOMEM. */
BILIM_API int bilim_result_write(const bilim_result *r, const char *path, bilim_status *st);

/* --- comparisons ------------------------------------------------------------------- */

/* Runs specs[0] (the baseline) and specs[1..n-1] (options) on common random
 * numbers, as `bilim compare` does: the options take the baseline's seed,
 * replicates and horizon, and each spec's "schools" setting. Writes the
 * result file of `bilim compare` (the runs and /comparison,
 * docs/compare.md) to path, as bilim_result_write does (never over a file
 * any of the specs was read from), checked before anything runs. progress
 * reports each scenario's months in turn (done and total over all of
 * them). A failure (CANCELLED included) leaves what was at path unchanged.
 * Errors: INVALID (the scenarios cannot be paired), USAGE (path refused),
 * IO, NOMEM, CANCELLED. */
BILIM_API int bilim_compare_to_file(const bilim_spec *const *specs, int n, int threads,
                                    bilim_progress_fn progress, void *user, const char *path,
                                    bilim_status *st);

#ifdef __cplusplus
}
#endif

#endif
