/* formats/output_info.h: what a result file is and holds: its provenance
 * (who wrote it, with what) and the list of its groups and datasets (bilim
 * info), and the libraries' versions recorded in it. */
#ifndef BILIM_OUTPUT_INFO_H
#define BILIM_OUTPUT_INFO_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

/* "GSL 2.7.1; HDF5 1.10.8; Random123 Philox4x64-10" into buf: the libraries
 * this build uses (recorded in every result file and shown by --version). */
void bilim_output_library_versions(char *buf, size_t n);

/* Provenance of a result file (root attributes and /run_info); strings are
 * "" and numbers -1 when absent. */
typedef struct bilim_output_provenance {
    int64_t format_version;
    char bilim_version[64];
    char git_commit[64];
    char library_versions[256];
    char random_streams[256];
    int has_run_info;
    double wall_seconds;
    int64_t threads;
    char host[256];
    char started[64];
} bilim_output_provenance;

/* Fills p. Errors: BILIM_EIO (absent or not HDF5), BILIM_EINVAL (HDF5 but
 * not a bilim result file: no format_version, or a newer format). */
int bilim_output_read_provenance(const char *path, bilim_output_provenance *p,
                                 bilim_error *err);

/* Every group and dataset of a file, in name order (depth first). */
typedef struct bilim_output_entry {
    char path[512];
    int is_group;
    int rank;             /* datasets: 0..8 */
    uint64_t dims[8];
    char type[16];        /* "float64", "int32", "int64", "string", "table", "other" */
    int is_scale;         /* a dimension scale (axis labels) */
} bilim_output_entry;

/* *entries is malloc'd (caller frees with bilim_free()). Errors as
 * bilim_output_read_provenance. */
int bilim_output_list(const char *path, bilim_output_entry **entries, size_t *n,
                      bilim_error *err);

#endif

