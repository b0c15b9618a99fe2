/* formats/output_columns.h: typed tables and arrays with numeric axes in
 * the HDF5 result file, beside the generic writers of output_write.h.
 *
 * bilim_output_write_columns writes a table (a compound dataset, one row
 * per record) whose columns are float64, int64, uint64 or UTF-8 strings:
 * what a table of runs needs (seeds are 64-bit integers a double cannot
 * hold). Python reads it in one line, pandas.DataFrame(f["design/runs"][()]),
 * and R with rhdf5::h5read(file, "design/runs") or hdf5r.
 *
 * bilim_output_write_array_axes writes a float64 array whose axes carry
 * string labels or integer values (e.g. willingness to pay in KZT). */
#ifndef BILIM_OUTPUT_COLUMNS_H
#define BILIM_OUTPUT_COLUMNS_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "formats/output_write.h"

typedef enum bilim_column_type {
    BILIM_COLUMN_F64 = 0,   /* data: const double[n_rows] */
    BILIM_COLUMN_I64 = 1,   /* data: const int64_t[n_rows] */
    BILIM_COLUMN_U64 = 2,   /* data: const uint64_t[n_rows] */
    BILIM_COLUMN_STR = 3    /* data: const char *const[n_rows] (NULL: "") */
} bilim_column_type;

typedef struct bilim_output_column {
    const char *name;
    bilim_column_type type;
    const void *data;
} bilim_output_column;

/* A table of n_rows rows and n_cols columns at path (an absolute path;
 * missing groups are created). Errors: BILIM_EINVAL (already there),
 * BILIM_EINTERNAL (a column without a name or data), BILIM_EIO, BILIM_ENOMEM. */
int bilim_output_write_columns(bilim_output *o, const char *path, size_t n_rows, int n_cols,
                               const bilim_output_column *cols, bilim_error *err);

/* One axis of an array: its name, and string labels or int64 values (both
 * NULL: 0..n-1). */
typedef struct bilim_output_axis_spec {
    const char *name;
    const char *const *labels;
    const int64_t *values;
} bilim_output_axis_spec;

/* A float64 array of rank <= 4, each axis a dimension scale as in
 * bilim_output_write_array. */
int bilim_output_write_array_axes(bilim_output *o, const char *path, int rank,
                                  const size_t *dims, const double *data,
                                  const bilim_output_axis_spec *axes, bilim_error *err);

#endif
