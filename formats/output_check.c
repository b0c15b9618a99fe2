/* formats/output_check.c: bilim_output_check (output_read.h): everything a
 * reader needs is there with the right shape and type, and every byte of
 * every dataset reads back (HDF5 verifies the metadata checksums as it
 * reads, and the Fletcher32 checksum of each chunk). `bilim info` and
 * `bilim report` call it before they read. */
#include "formats/output_internal.h"

#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/stats.h"

/* Reads at most this many bytes per call when verifying a dataset. */
#define SLAB_BYTES (8u << 20)

typedef struct checker {
    const char *file;
    bilim_error *err;
    int rc;
} checker;

/* Reads every element of dataset d (in slabs along its first axis), which
 * makes HDF5 verify each chunk's checksum. */
static int read_all(hid_t d)
{
    hid_t space = H5Dget_space(d), ftype = H5Dget_type(d);
    hid_t mtype = ftype >= 0 ? H5Tget_native_type(ftype, H5T_DIR_DEFAULT) : -1;
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    hsize_t dims[H5S_MAX_RANK];
    int rc = mtype < 0 || rank < 0 ||
             (rank > 0 && H5Sget_simple_extent_dims(space, dims, NULL) < 0);
    size_t elem = mtype >= 0 ? H5Tget_size(mtype) : 0;
    hsize_t row = 1;
    for (int i = 1; i < rank; i++)
        row *= dims[i];
    hsize_t rows = rank == 0 ? 1 : dims[0];
    hsize_t per = (row * elem) > 0 ? SLAB_BYTES / (row * elem) : rows;
    if (per < 1)
        per = 1;
    void *buf = rc ? NULL : bilim_malloc((size_t)((per < rows ? per : rows) * row * elem) + 1);
    hid_t dx = bilim__output_dxpl_small();
    rc = rc || !buf || dx < 0;
    for (hsize_t at = 0; !rc && at < rows; at += per) {
        hsize_t n = rows - at < per ? rows - at : per;
        hsize_t start[H5S_MAX_RANK] = {0}, count[H5S_MAX_RANK];
        for (int i = 0; i < rank; i++)
            count[i] = dims[i];
        start[0] = at;
        if (rank > 0)
            count[0] = n;
        hid_t fs = H5Scopy(space);
        hid_t ms = rank > 0 ? H5Screate_simple(rank, count, NULL) : H5Screate(H5S_SCALAR);
        if (rank > 0 && row > 0)
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        if (n * row > 0) {
            rc = H5Dread(d, mtype, ms, fs, dx, buf) < 0;
            /* Strings (labels, table columns) are allocated by HDF5. */
            if (!rc && (H5Tdetect_class(mtype, H5T_VLEN) > 0 ||
                        H5Tdetect_class(mtype, H5T_STRING) > 0))
                H5Dvlen_reclaim(mtype, ms, dx, buf);
        }
        H5Sclose(ms);
        H5Sclose(fs);
    }
    bilim_free(buf);
    if (dx >= 0)
        H5Pclose(dx);
    if (mtype >= 0)
        H5Tclose(mtype);
    if (ftype >= 0)
        H5Tclose(ftype);
    if (space >= 0)
        H5Sclose(space);
    return rc ? -1 : 0;
}

static herr_t verify_one(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    checker *c = data;
    if (info->type != H5L_TYPE_HARD)
        return 0; /* bilim writes none; a soft or external link leads elsewhere */
    H5O_info_t oi;
    if (H5Oget_info_by_name2(g, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
        c->rc = bilim__output_fail(c->err, BILIM_EINVAL, "'%s' is damaged: cannot read /%s",
                                   c->file, name);
        return -1;
    }
    if (oi.type != H5O_TYPE_DATASET)
        return 0;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0 || read_all(d) != 0) {
        c->rc = bilim__output_fail(c->err, BILIM_EINVAL, "'%s' is damaged: cannot read /%s",
                                   c->file, name);
        if (d >= 0)
            H5Dclose(d);
        return -1;
    }
    H5Dclose(d);
    return 0;
}

/* summary/<metric> of each scenario: (stat, month, axes...), float64. */
static int check_summaries(hid_t f, checker *c, const bilim_run_result *runs, int n)
{
    for (int i = 0; i < n; i++)
        for (int m = 0; m < BILIM_N_METRICS; m++) {
            const bilim_metric *mt = &runs[i].layout.metrics[m];
            if (!mt->present)
                continue;
            char path[512];
            snprintf(path, sizeof path, "/scenarios/%s/summary/%s", runs[i].scenario.name,
                     mt->name);
            hsize_t want[4] = {BILIM_STATS_N_SUMMARY, (hsize_t)runs[i].months + 1,
                               (hsize_t)mt->dims[0], (hsize_t)mt->dims[1]};
            int rank = 2 + mt->n_axes;
            hid_t d = H5LTpath_valid(f, path, 1) > 0 ? H5Dopen2(f, path, H5P_DEFAULT) : -1;
            hid_t s = d >= 0 ? H5Dget_space(d) : -1, t = d >= 0 ? H5Dget_type(d) : -1;
            hsize_t got[H5S_MAX_RANK];
            int ok = s >= 0 && t >= 0 && H5Sget_simple_extent_ndims(s) == rank &&
                     H5Tget_class(t) == H5T_FLOAT && H5Tget_size(t) == 8 &&
                     H5Sget_simple_extent_dims(s, got, NULL) == rank;
            for (int k = 0; ok && k < rank; k++)
                ok = got[k] == want[k];
            if (t >= 0)
                H5Tclose(t);
            if (s >= 0)
                H5Sclose(s);
            if (d >= 0)
                H5Dclose(d);
            if (!ok)
                return c->rc = bilim_error_set(c->err, BILIM_EINVAL,
                                               "'%s': %s is %s", c->file, path,
                                               d < 0 ? "missing"
                                                     : "not float64 of the shape its "
                                                       "scenario implies");
        }
    return BILIM_OK;
}

/* What `bilim report` and `bilim info` use of /comparison and
 * /calibration: present, of the right kind. */
static int check_groups(hid_t f, checker *c, int n_runs)
{
    static const struct {
        const char *path;
        int rank;
    } calib[] = {{"/calibration/posterior/samples", 2}, {"/calibration/posterior/weights", 1},
                 {"/calibration/posterior/distances", 1}};
    int has_cmp = H5Lexists(f, "comparison", H5P_DEFAULT) > 0;
    int has_cal = H5Lexists(f, "calibration", H5P_DEFAULT) > 0;
    int has_scn = H5Lexists(f, "scenarios", H5P_DEFAULT) > 0;
    if (!has_scn && !has_cal)
        return c->rc = bilim_error_set(c->err, BILIM_EINVAL,
                                       "'%s' holds no results: it has neither /scenarios "
                                       "(written by bilim run and bilim compare) nor "
                                       "/calibration (bilim calibrate); it is damaged or "
                                       "incomplete",
                                       c->file);
    if (has_cmp && n_runs < 2)
        return c->rc = bilim_error_set(c->err, BILIM_EINVAL,
                                       "'%s' has /comparison but %d scenario%s under "
                                       "/scenarios (a comparison has at least two); it is "
                                       "damaged or incomplete",
                                       c->file, n_runs, n_runs == 1 ? "" : "s");
    for (size_t i = 0; has_cal && i < sizeof calib / sizeof calib[0]; i++) {
        hid_t d = H5LTpath_valid(f, calib[i].path, 1) > 0 ? H5Dopen2(f, calib[i].path, H5P_DEFAULT)
                                                          : -1;
        hid_t s = d >= 0 ? H5Dget_space(d) : -1;
        int ok = s >= 0 && H5Sget_simple_extent_ndims(s) == calib[i].rank;
        if (s >= 0)
            H5Sclose(s);
        if (d >= 0)
            H5Dclose(d);
        if (!ok)
            return c->rc = bilim_error_set(c->err, BILIM_EINVAL, "'%s': %s is %s", c->file,
                                           calib[i].path,
                                           d < 0 ? "missing" : "not of the expected rank");
    }
    return BILIM_OK;
}

int bilim_output_check(const char *path, bilim_error *err)
{
    checker c = {path, err, BILIM_OK};
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n = 0;
    /* The scenarios first: their layout gives every shape to expect. */
    int rc = bilim_output_read(path, &runs, &jsons, &n, err);
    if (rc)
        return rc;
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0) {
        bilim_output_read_free(runs, jsons, n);
        return err ? err->code : BILIM_EIO;
    }
    if (!check_summaries(f, &c, runs, n) && !check_groups(f, &c, n)) {
        herr_t v = H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, verify_one, &c);
        if (v < 0 && !c.rc)
            c.rc = bilim__output_fail(err, BILIM_EINVAL, "'%s' is damaged: cannot list its "
                                      "contents", path);
    }
    H5Fclose(f);
    bilim_output_read_free(runs, jsons, n);
    return c.rc;
}
