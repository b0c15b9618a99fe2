/* formats/output_internal.h: private to formats/output*.c, the only code that
 * touches HDF5. Declares the file handle and the helpers the writer, the
 * run writer and the reader share. Names with a double underscore are
 * internal (after libuv's uv__). */
#ifndef BILIM_OUTPUT_INTERNAL_H
#define BILIM_OUTPUT_INTERNAL_H

#include <hdf5.h>
#include <stdint.h>
#include <hdf5_hl.h>
#include "base/compiler.h"
#include "base/outset.h"
#include "formats/output_info.h"
#include "formats/output_read.h"
#include "formats/output_write.h"

/* The format documented in docs/output.md; bump on an incompatible change. */
#define BILIM_OUTPUT_FORMAT_VERSION 1

/* Chunks hold at most this many bytes (1 MiB): large enough that reading a
 * whole metric touches few chunks, small enough for HDF5's default cache. */
#define BILIM_OUTPUT_CHUNK_BYTES (1u << 20)

/* Datasets of at least this many bytes are chunked and compressed. */
#define BILIM_OUTPUT_COMPRESS_MIN_BYTES 4096u

/* Groups keep up to this many links in their object header (compact
 * storage, checksummed), never in dense storage (see create_file). */
#define BILIM_OUTPUT_MAX_COMPACT 65535

struct bilim_output {
    hid_t file;
    char *target;       /* the path asked for */
    char *tmp;          /* the output set's temporary file for it */
    bilim_outset *own;  /* the one-file set of bilim_output_create, else NULL */
    int failed;         /* a write failed: the file is discarded */
};

/* One axis of an array: a dimension scale named `name` in the array's group,
 * holding `labels` (strings) when given, else `values`, else 0..n-1. */
typedef struct bilim_output_axis {
    const char *name;
    const char *const *labels;
    const int64_t *values;
} bilim_output_axis;

/* Turns off HDF5's printing of its error stack (we report errors ourselves). */
void bilim__output_quiet_hdf5(void);

/* Sets err to code with the message, followed by HDF5's innermost error
 * description when there is one. Returns code. */
int bilim__output_fail(bilim_error *err, int code, const char *fmt, ...)
    BILIM_PRINTF(3, 4);

/* Opens a result file read-only after checking that it is a regular file,
 * HDF5, and a bilim result file in a format this build reads. Negative
 * with err filled (BILIM_EIO unreadable, BILIM_EINVAL not a result file or
 * damaged) on failure. */
hid_t bilim__output_open_result(const char *path, bilim_error *err);

/* Reads dataset `name` of g (file and gpath for messages) into buf when it
 * has the given rank, dims and type class/size of mem. Errors: BILIM_EINVAL
 * (missing, other shape or type; the message names it), BILIM_EIO. */
int bilim__output_read_exact(hid_t g, const char *file, const char *gpath, const char *name,
                             hid_t mem, int rank, const hsize_t *dims, void *buf,
                             bilim_error *err);

/* Property lists with object timestamps off (callers close them). The
 * dataset list chunks every non-empty array of fixed-size elements with a
 * Fletcher32 checksum, and compresses the large ones; type is the file type. */
hid_t bilim__output_gcpl(void);
hid_t bilim__output_dcpl(int rank, const hsize_t *dims, hid_t type);

/* A transfer property list with a small type-conversion buffer: HDF5's
 * default (1 MiB, zeroed on every call) dominates the cost of writing and
 * reading short label lists. Callers close it. */
hid_t bilim__output_dxpl_small(void);

/* The variable-length UTF-8 string type (callers close it). */
hid_t bilim__output_vlen_str(void);

/* Opens the group at an absolute path, creating it and missing parents
 * (timestamps off) when create is set. Returns a negative id on failure
 * with err filled. */
hid_t bilim__output_group(hid_t file, const char *path, int create, bilim_error *err);

/* Splits an absolute path into its parent group path and leaf name. The
 * parent is written into parent (n bytes). Returns the leaf, or NULL when
 * the path is not absolute, too long, or ends in '/'. */
const char *bilim__output_split(const char *path, char *parent, size_t n);

/* Writes an array of rank <= 4 of memory type mem_type (file type
 * file_type) at path, with one dimension scale per axis. */
int bilim__output_write_nd(bilim_output *o, const char *path, int rank, const size_t *dims,
                           hid_t mem_type, hid_t file_type, const void *data,
                           const bilim_output_axis *axes, bilim_error *err);

/* Attribute writers on an open object (an existing attribute is replaced). */
int bilim__output_attr_str(hid_t obj, const char *name, const char *value);
int bilim__output_attr_num(hid_t obj, const char *name, hid_t type, const void *value);

/* Attribute readers: 0 on success, -1 when absent or of another type; the
 * string reader -2 when out of memory. The string is the caller's to free. */
int bilim__output_read_attr_str(hid_t obj, const char *name, char **value);
int bilim__output_read_attr_i64(hid_t obj, const char *name, int64_t *value);
int bilim__output_read_attr_u64(hid_t obj, const char *name, uint64_t *value);
int bilim__output_read_attr_f64(hid_t obj, const char *name, double *value);

#endif
