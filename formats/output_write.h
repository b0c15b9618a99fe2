/* formats/output_write.h: writing the HDF5 result file (docs/output.md).
 * The only code that touches HDF5 is formats/output_*.c; reading is
 * formats/output_read.h, provenance and listing formats/output_info.h.
 *
 * Writing is crash-safe: the file is written under a temporary name of an
 * output set (base/outset.h) and replaces its target only when the set
 * commits, so the target is always absent, the previous file, or complete.
 * A command with several outputs declares them in one set and opens the
 * HDF5 file in it with bilim_output_open; bilim_output_create makes a set
 * of one file.
 *
 * Every write is checked, closing included (HDF5 writes chunks and
 * metadata when objects and the file close): a full disk is an error, never
 * a file that silently lacks data.
 *
 * Paths inside the file are absolute ("/scenarios/baseline/series"); missing
 * parent groups are created. Not thread-safe: write from the main thread. */
#ifndef BILIM_OUTPUT_WRITE_H
#define BILIM_OUTPUT_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "base/outset.h"
#include "formats/diags.h"
#include "models/scenario.h"
#include "sim/runner.h"

typedef struct bilim_output bilim_output;

/* --- the file: create, commit, abort -------------------------------------- */

/* Creates the HDF5 file in the temporary file of output `index` of set
 * (opened) and writes the root attributes (bilim_version, git_commit,
 * library versions, format_version). Close it with bilim_output_close
 * before committing the set. *out owns the handle. */
int bilim_output_open(bilim_outset *set, int index, bilim_output **out, bilim_error *err);

/* Closes the file (flushing everything HDF5 still holds) and frees o; the
 * set's commit then puts it in place. Errors: BILIM_EIO (a write failed:
 * the file is incomplete and must not be committed). NULL is a no-op. */
int bilim_output_close(bilim_output *o, bilim_error *err);

/* A set of one file (path; option name "output" in messages), opened, and
 * the HDF5 file in it: checks the target (base/outset.h's policy: a
 * regular file or absent, its directory writable, not one of the files of
 * inputs, which may be NULL) and fails before anything is written when its
 * file system has fewer than expected_bytes free.
 * bilim_output_create(p, o, e) is bilim_output_create_sized(p, 0, NULL, o, e). */
int bilim_output_create(const char *path, bilim_output **out, bilim_error *err);
int bilim_output_create_sized(const char *path, uint64_t expected_bytes,
                              const bilim_diags *inputs, bilim_output **out, bilim_error *err);

/* The temporary file being written; valid until close, commit or abort. */
const char *bilim_output_temp_path(const bilim_output *o);

/* For bilim_output_create's files: closes, puts the file in place and
 * frees o. On failure removes the temporary file, frees o and returns the
 * error; the target is untouched. */
int bilim_output_commit(bilim_output *o, bilim_error *err);

/* Closes, removes the temporary file (bilim_output_create's files) and
 * frees o; NULL is a no-op. */
void bilim_output_abort(bilim_output *o);

/* --- runs ------------------------------------------------------------------ */

/* An upper bound of the bytes a run of sc writes: its data uncompressed
 * (series, summary, surveys) plus a fixed allowance for metadata. */
uint64_t bilim_output_estimate_bytes(const bilim_scenario *sc);

/* Writes /scenarios/<name>: series, survey, summary (over replicates:
 * bilim_stats_summarise of base/stats.h), attributes (the resolved scenario
 * JSON verbatim in scenario_json). */
int bilim_output_write_run(bilim_output *o, const bilim_run_result *r,
                           const char *scenario_json, bilim_error *err);

/* Writes run_info (wall time, host, threads) for the whole file. */
int bilim_output_write_run_info(bilim_output *o, double wall_seconds, int threads,
                                bilim_error *err);

/* --- arrays, tables and attributes ------------------------------------------ */

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

#endif
