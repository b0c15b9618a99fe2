/* formats/output_read.h: reading a result file back (bilim info, bilim
 * report, bilim compare's checks). Errors when opening: BILIM_EIO (absent or
 * not HDF5), BILIM_EINVAL (HDF5 but not a bilim result file, or a newer
 * format). */
#ifndef BILIM_OUTPUT_READ_H
#define BILIM_OUTPUT_READ_H

#include <stddef.h>
#include "base/error.h"
#include "sim/runner.h"

/* Reads every /scenarios/<name> of a result file back into runs (series,
 * surveys, layout) and the scenario JSON texts. *runs and *jsons are owned
 * by the caller: free with bilim_output_read_free. */
int bilim_output_read(const char *path, bilim_run_result **runs, char ***jsons,
                      int *n_runs, bilim_error *err);
void bilim_output_read_free(bilim_run_result *runs, char **jsons, int n_runs);

/* Checks a result file before it is read: it is a bilim result file; it
 * holds /scenarios or /calibration; each scenario has every dataset its
 * scenario implies, with the right shape and type (series, summary,
 * survey); /comparison has at least two scenarios; /calibration has its
 * posterior; and every dataset reads back whole, which verifies HDF5's
 * metadata checksums and each chunk's Fletcher32 checksum. Errors:
 * BILIM_EIO (unreadable), BILIM_EINVAL (not a result file, incomplete or
 * damaged: the message names the object). */
int bilim_output_check(const char *path, bilim_error *err);

/* Reads the string attribute `name` of the group or dataset at the absolute
 * path `object` of a result file into *value (malloc'd; caller frees).
 * Errors: those of opening a result file (BILIM_EIO, BILIM_EINVAL), and
 * BILIM_EINVAL when the object or a string attribute of that name is absent
 * (the message names them). */
int bilim_output_read_attr_string(const char *path, const char *object, const char *name,
                                  char **value, bilim_error *err);

/* The same for a numeric (float64) attribute. */
int bilim_output_read_attr_double(const char *path, const char *object, const char *name,
                                  double *value, bilim_error *err);

/* Reads the float64 dataset at the absolute path `dataset` into buf when
 * its shape is dims[0..rank-1]. Errors: those of opening a result file,
 * BILIM_EINVAL (absent, another shape or type: the message names it). */
int bilim_output_read_array(const char *path, const char *dataset, int rank, const size_t *dims,
                            double *buf, bilim_error *err);

#endif
