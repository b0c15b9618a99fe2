/* sim/output.h: the HDF5 result file (docs/output.md). The only code that
 * touches HDF5 is sim/output*.c.
 *
 * Writing is crash-safe: bilim_output_create() opens a temporary file beside
 * the target (TARGET.tmp-PID); bilim_output_commit() closes it and renames it
 * into place; bilim_output_abort() (or any failure) removes it. So the target
 * is always absent, the previous file, or complete.
 *
 * Paths inside the file are absolute ("/scenarios/baseline/series"); missing
 * parent groups are created. Not thread-safe: write from the main thread. */
#ifndef BILIM_OUTPUT_H
#define BILIM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include "sim/error.h"
#include "sim/runner.h"

typedef struct bilim_output bilim_output;

/* Checks that the target's directory is writable and has room, creates the
 * temporary file and writes the root attributes (bilim_version, git_commit,
 * library versions, format_version). *out owns the handle. */
int bilim_output_create(const char *path, bilim_output **out, bilim_error *err);

/* Writes /scenarios/<name>: series, survey, summary, attributes (the
 * resolved scenario JSON verbatim in scenario_json). */
int bilim_output_write_run(bilim_output *o, const bilim_run_result *r,
                           const char *scenario_json, bilim_error *err);

/* Writes run_info (wall time, host, threads) for the whole file. */
int bilim_output_write_run_info(bilim_output *o, double wall_seconds, int threads,
                                bilim_error *err);

/* A float64 array of rank <= 4 at path. axis_names[i] names dimension i;
 * labels[i] (may be NULL) holds dims[i] strings attached as a dimension
 * scale. Chunked and deflate-compressed when large. */
int bilim_output_write_array(bilim_output *o, const char *path, int rank,
                             const size_t *dims, const double *data,
                             const char *const *axis_names,
                             const char *const *const *labels, bilim_error *err);

/* A table (compound dataset) of n_rows rows. Column c is a string column
 * when strings[c] != NULL (strings[c][row]) else a float64 column
 * (numbers[c][row]). */
int bilim_output_write_table(bilim_output *o, const char *path, size_t n_rows,
                             int n_cols, const char *const *col_names,
                             const char *const *const *strings,
                             const double *const *numbers, bilim_error *err);

/* Attributes on an object (group or dataset) at path, created if it is a
 * group that does not exist yet. */
int bilim_output_attr_string(bilim_output *o, const char *path, const char *name,
                             const char *value, bilim_error *err);
int bilim_output_attr_double(bilim_output *o, const char *path, const char *name,
                             double value, bilim_error *err);
int bilim_output_attr_int(bilim_output *o, const char *path, const char *name,
                          int64_t value, bilim_error *err);

/* Closes and renames into place; frees o. On failure removes the temporary
 * file, frees o and returns the error. */
int bilim_output_commit(bilim_output *o, bilim_error *err);

/* Closes, removes the temporary file and frees o; NULL is a no-op. */
void bilim_output_abort(bilim_output *o);

/* --- reading (bilim info, bilim report) ------------------------------------ */

/* Reads every /scenarios/<name> of a result file back into runs (series,
 * surveys, layout) and the scenario JSON texts. *runs and *jsons are owned
 * by the caller: free with bilim_output_read_free. */
int bilim_output_read(const char *path, bilim_run_result **runs, char ***jsons,
                      int *n_runs, bilim_error *err);
void bilim_output_read_free(bilim_run_result *runs, char **jsons, int n_runs);

/* --- addition (issue 6, compare) ------------------------------------------- */

/* Reads the string attribute `name` of the group or dataset at the absolute
 * path `object` of a result file into *value (malloc'd; caller frees).
 * Errors: those of opening a result file (BILIM_EIO, BILIM_EINVAL), and
 * BILIM_EINVAL when the object or a string attribute of that name is absent
 * (the message names them). */
int bilim_output_read_attr_string(const char *path, const char *object, const char *name,
                                  char **value, bilim_error *err);

#endif
