/* formats/output_write.c: the generic writers every result group is made of:
 * labelled n-dimensional arrays (with HDF5 dimension scales naming each
 * axis and holding its labels), tables (compound datasets) and attributes.
 * The run writer (output_run.c) and the comparison and calibration code
 * build their groups from these. */
#include "formats/output_internal.h"
#include "formats/output_columns.h"

#include <hdf5_hl.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

#define MAX_RANK 4

static int64_t total_elements(int rank, const size_t *dims)
{
    int64_t n = 1;
    for (int i = 0; i < rank; i++)
        n *= (int64_t)dims[i];
    return n;
}

/* 1 when the existing dataset `scale` holds exactly what ax would write for
 * an axis of length n (same labels, or same integer values), 0 when not,
 * -1 when out of memory (not a difference: the file must not depend on it). */
static int scale_matches(hid_t scale, const bilim_output_axis *ax, size_t n)
{
    int same = 0;
    hid_t space = H5Dget_space(scale);
    hid_t type = H5Dget_type(scale);
    hsize_t len = 0;
    if (space < 0 || type < 0 || H5Sget_simple_extent_ndims(space) != 1)
        goto done;
    H5Sget_simple_extent_dims(space, &len, NULL);
    if (len != n)
        goto done;
    if (n == 0) {
        same = (H5Tget_class(type) == H5T_STRING) == (ax->labels != NULL);
        goto done;
    }
    if (ax->labels) {
        if (H5Tget_class(type) != H5T_STRING || !H5Tis_variable_str(type))
            goto done;
        char **got = bilim_calloc(n, sizeof *got);
        if (!got)
            same = -1;
        hid_t mt = bilim__output_vlen_str();
        hid_t dx = bilim__output_dxpl_small();
        if (got && H5Dread(scale, mt, H5S_ALL, H5S_ALL, dx, got) >= 0) {
            same = 1;
            for (size_t i = 0; i < n; i++)
                if (strcmp(got[i] ? got[i] : "", ax->labels[i] ? ax->labels[i] : "") != 0)
                    same = 0;
            H5Dvlen_reclaim(mt, space, H5P_DEFAULT, got);
        }
        H5Pclose(dx);
        H5Tclose(mt);
        bilim_free(got);
    } else {
        if (H5Tget_class(type) != H5T_INTEGER)
            goto done;
        int64_t *got = bilim_malloc(n * sizeof *got);
        if (!got)
            same = -1;
        if (got && H5Dread(scale, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0) {
            same = 1;
            for (size_t i = 0; i < n; i++)
                if (got[i] != (ax->values ? ax->values[i] : (int64_t)i))
                    same = 0;
        }
        bilim_free(got);
    }
done:
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return same;
}

/* Creates the scale dataset `name` in group g for ax (length n); sets
 * *nomem when it failed for want of memory. */
static hid_t create_scale(hid_t g, const char *name, const bilim_output_axis *ax, size_t n,
                          int *nomem)
{
    hsize_t dim = n;
    hid_t space = H5Screate_simple(1, &dim, NULL);
    hid_t dcpl = -1;
    hid_t d = -1;
    if (ax->labels) {
        hid_t t = bilim__output_vlen_str();
        dcpl = bilim__output_dcpl(1, &dim, t);
        const char **buf = bilim_calloc(n ? n : 1, sizeof *buf);
        if (buf) {
            for (size_t i = 0; i < n; i++)
                buf[i] = ax->labels[i] ? ax->labels[i] : "";
            hid_t dx = bilim__output_dxpl_small();
            d = H5Dcreate2(g, name, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
            if (d >= 0 && n > 0 && H5Dwrite(d, t, H5S_ALL, H5S_ALL, dx, buf) < 0) {
                H5Dclose(d);
                d = -1;
            }
            H5Pclose(dx);
        }
        *nomem = !buf;
        bilim_free(buf);
        H5Tclose(t);
    } else {
        int64_t *buf = bilim_malloc((n ? n : 1) * sizeof *buf);
        dcpl = bilim__output_dcpl(1, &dim, H5T_STD_I64LE);
        if (buf) {
            for (size_t i = 0; i < n; i++)
                buf[i] = ax->values ? ax->values[i] : (int64_t)i;
            d = H5Dcreate2(g, name, H5T_STD_I64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
            if (d >= 0 && n > 0 &&
                H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
                H5Dclose(d);
                d = -1;
            }
        }
        *nomem = !buf;
        bilim_free(buf);
    }
    H5Pclose(dcpl);
    H5Sclose(space);
    if (d >= 0 && H5DSset_scale(d, ax->name) < 0) {
        H5Dclose(d);
        d = -1;
    }
    return d;
}

/* The scale for axis ax of array `leaf` in group g: the shared one named
 * after the axis when its contents agree, else "<axis>_<leaf>". */
static hid_t find_or_create_scale(hid_t g, const char *leaf, const bilim_output_axis *ax,
                                  size_t n, bilim_error *err)
{
    char name[512];
    snprintf(name, sizeof name, "%s", ax->name);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (H5Lexists(g, name, H5P_DEFAULT) <= 0) {
            int nomem = 0;
            hid_t d = create_scale(g, name, ax, n, &nomem);
            if (d < 0 && nomem)
                bilim_error_set(err, BILIM_ENOMEM, "out of memory writing the axis '%s' of '%s'",
                                ax->name, leaf);
            else if (d < 0)
                bilim__output_fail(err, BILIM_EIO, "cannot write the axis '%s' of '%s'",
                                   ax->name, leaf);
            return d;
        }
        hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
        const int same = d >= 0 && H5DSis_scale(d) > 0 ? scale_matches(d, ax, n) : 0;
        if (same > 0)
            return d;
        if (d >= 0)
            H5Dclose(d);
        if (same < 0) {
            bilim_error_set(err, BILIM_ENOMEM, "out of memory writing the axis '%s' of '%s'",
                            ax->name, leaf);
            return -1;
        }
        snprintf(name, sizeof name, "%s_%s", ax->name, leaf);
    }
    bilim__output_fail(err, BILIM_EINVAL,
                       "axis '%s' of '%s' conflicts with existing objects in its group; "
                       "use another axis or array name",
                       ax->name, leaf);
    return -1;
}

static int attach_scales(hid_t g, hid_t d, const char *leaf, int rank, const size_t *dims,
                         const bilim_output_axis *axes, bilim_error *err)
{
    for (int i = 0; i < rank; i++) {
        if (!axes || !axes[i].name || !axes[i].name[0])
            continue;
        hid_t s = find_or_create_scale(g, leaf, &axes[i], dims[i], err);
        if (s < 0)
            return err ? err->code : BILIM_EIO;
        int bad = H5DSattach_scale(d, s, (unsigned)i) < 0 ||
                  H5DSset_label(d, (unsigned)i, axes[i].name) < 0;
        bad = H5Dclose(s) < 0 || bad;
        if (bad)
            return bilim__output_fail(err, BILIM_EIO, "cannot attach axis '%s' to '%s'",
                                      axes[i].name, leaf);
    }
    return BILIM_OK;
}

int bilim__output_write_nd(bilim_output *o, const char *path, int rank, const size_t *dims,
                           hid_t mem_type, hid_t file_type, const void *data,
                           const bilim_output_axis *axes, bilim_error *err)
{
    char parent[1024];
    const char *leaf = bilim__output_split(path, parent, sizeof parent);
    if (!o || !leaf)
        return bilim_error_set(err, BILIM_EINTERNAL, "invalid output path '%s'", path);
    if (rank < 0 || rank > MAX_RANK)
        return bilim_error_set(err, BILIM_EINTERNAL, "'%s': rank %d is not in 0..%d", path,
                               rank, MAX_RANK);
    if (!data && total_elements(rank, dims) > 0)
        return bilim_error_set(err, BILIM_EINTERNAL, "'%s': no data", path);
    hid_t g = bilim__output_group(o->file, parent, 1, err);
    if (g < 0)
        return err ? err->code : BILIM_EIO;
    if (H5Lexists(g, leaf, H5P_DEFAULT) > 0) {
        H5Gclose(g);
        return bilim_error_set(err, BILIM_EINVAL, "'%s' is already in the file '%s'", path,
                               o->target);
    }
    hsize_t hd[MAX_RANK + 1];
    for (int i = 0; i < rank; i++)
        hd[i] = dims[i];
    hid_t space = rank ? H5Screate_simple(rank, hd, NULL) : H5Screate(H5S_SCALAR);
    hid_t dcpl = bilim__output_dcpl(rank, hd, file_type);
    hid_t d = H5Dcreate2(g, leaf, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    int rc = BILIM_OK;
    if (d < 0)
        rc = bilim__output_fail(err, BILIM_EIO, "cannot create '%s' in '%s'", path, o->tmp);
    else if (total_elements(rank, dims) > 0 &&
             H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        rc = bilim__output_fail(err, BILIM_EIO, "cannot write '%s' to '%s' (is the disk full?)",
                                path, o->tmp);
    else
        rc = attach_scales(g, d, leaf, rank, dims, axes, err);
    /* Closing writes the chunks HDF5 still caches: a full disk shows here. */
    if (d >= 0 && H5Dclose(d) < 0 && !rc)
        rc = bilim__output_fail(err, BILIM_EIO, "cannot write '%s' to '%s' (is the disk full?)",
                                path, o->target);
    H5Gclose(g);
    o->failed |= rc != BILIM_OK;
    return rc;
}

int bilim_output_write_array(bilim_output *o, const char *path, int rank,
                             const size_t *dims, const double *data,
                             const char *const *axis_names,
                             const char *const *const *labels, bilim_error *err)
{
    bilim_output_axis axes[MAX_RANK];
    memset(axes, 0, sizeof axes);
    for (int i = 0; i < rank && i < MAX_RANK; i++) {
        axes[i].name = axis_names ? axis_names[i] : NULL;
        axes[i].labels = labels ? labels[i] : NULL;
    }
    return bilim__output_write_nd(o, path, rank, dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, data,
                                  axes, err);
}

/* --- tables ---------------------------------------------------------------- */

/* A table of string and float64 columns: the typed writer with two types. */
int bilim_output_write_table(bilim_output *o, const char *path, size_t n_rows,
                             int n_cols, const char *const *col_names,
                             const char *const *const *strings,
                             const double *const *numbers, bilim_error *err)
{
    if (n_cols < 1)
        return bilim_error_set(err, BILIM_EINTERNAL, "invalid table '%s'", path);
    bilim_output_column *cols = bilim_calloc((size_t)n_cols, sizeof *cols);
    if (!cols)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing '%s'", path);
    for (int c = 0; c < n_cols; c++) {
        int is_str = strings && strings[c];
        cols[c].name = col_names[c];
        cols[c].type = is_str ? BILIM_COLUMN_STR : BILIM_COLUMN_F64;
        cols[c].data = is_str ? (const void *)strings[c]
                              : (const void *)(numbers ? numbers[c] : NULL);
    }
    int rc = bilim_output_write_columns(o, path, n_rows, n_cols, cols, err);
    bilim_free(cols);
    return rc;
}

/* --- attributes ------------------------------------------------------------ */

/* The object at path (a group or dataset), creating a group (and missing
 * parents) when nothing is there. */
static hid_t open_object(bilim_output *o, const char *path, bilim_error *err)
{
    if (strcmp(path, "/") == 0)
        return H5Oopen(o->file, "/", H5P_DEFAULT);
    char parent[1024];
    const char *leaf = bilim__output_split(path, parent, sizeof parent);
    if (!leaf) {
        bilim_error_set(err, BILIM_EINTERNAL, "invalid output path '%s'", path);
        return -1;
    }
    hid_t g = bilim__output_group(o->file, parent, 1, err);
    if (g < 0)
        return -1;
    hid_t obj;
    if (H5Lexists(g, leaf, H5P_DEFAULT) > 0) {
        obj = H5Oopen(g, leaf, H5P_DEFAULT);
    } else {
        hid_t gcpl = bilim__output_gcpl();
        obj = H5Gcreate2(g, leaf, H5P_DEFAULT, gcpl, H5P_DEFAULT);
        H5Pclose(gcpl);
    }
    H5Gclose(g);
    if (obj < 0)
        bilim__output_fail(err, BILIM_EIO, "cannot open or create '%s'", path);
    return obj;
}

static int attr_common(bilim_output *o, const char *path, const char *name, hid_t type,
                       const void *num, const char *str, bilim_error *err)
{
    if (!o || !path || !name || !name[0])
        return bilim_error_set(err, BILIM_EINTERNAL, "invalid attribute request");
    hid_t obj = open_object(o, path, err);
    if (obj < 0)
        return err ? err->code : BILIM_EIO;
    int bad = str ? bilim__output_attr_str(obj, name, str)
                  : bilim__output_attr_num(obj, name, type, num);
    H5Oclose(obj);
    o->failed |= bad != 0;
    if (bad)
        return bilim__output_fail(err, BILIM_EIO, "cannot write attribute '%s' on '%s'", name,
                                  path);
    return BILIM_OK;
}

int bilim_output_attr_string(bilim_output *o, const char *path, const char *name,
                             const char *value, bilim_error *err)
{
    return attr_common(o, path, name, -1, NULL, value ? value : "", err);
}

int bilim_output_attr_double(bilim_output *o, const char *path, const char *name,
                             double value, bilim_error *err)
{
    return attr_common(o, path, name, H5T_NATIVE_DOUBLE, &value, NULL, err);
}

int bilim_output_attr_int(bilim_output *o, const char *path, const char *name,
                          int64_t value, bilim_error *err)
{
    return attr_common(o, path, name, H5T_NATIVE_INT64, &value, NULL, err);
}
