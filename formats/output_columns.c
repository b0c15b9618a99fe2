/* formats/output_columns.c: typed tables and arrays with numeric axes (see
 * output_columns.h). Built on output_write.c's helpers. */
#include "formats/output_columns.h"
#include "formats/output_internal.h"

#include <string.h>
#include "base/alloc.h"

#define SLOT 8u
_Static_assert(sizeof(char *) <= SLOT && sizeof(double) == SLOT && sizeof(int64_t) == SLOT,
               "a table slot holds a pointer, a double or a 64-bit integer");

static hid_t column_type(bilim_column_type t, hid_t str)
{
    switch (t) {
    case BILIM_COLUMN_I64: return H5T_NATIVE_INT64;
    case BILIM_COLUMN_U64: return H5T_NATIVE_UINT64;
    case BILIM_COLUMN_STR: return str;
    default: return H5T_NATIVE_DOUBLE;
    }
}

/* Row r of column c into its slot. */
static void put(unsigned char *slot, const bilim_output_column *c, size_t r)
{
    if (c->type == BILIM_COLUMN_STR) {
        const char *s = ((const char *const *)c->data)[r];
        if (!s)
            s = "";
        memcpy(slot, &s, sizeof s);
    } else {
        memcpy(slot, (const unsigned char *)c->data + r * SLOT, SLOT);
    }
}

static int write_dataset(bilim_output *o, const char *path, hid_t t, size_t n_rows,
                         const void *buf, bilim_error *err)
{
    char parent[1024];
    const char *leaf = bilim__output_split(path, parent, sizeof parent);
    hid_t g = bilim__output_group(o->file, parent, 1, err);
    if (g < 0)
        return err ? err->code : BILIM_EIO;
    int rc = BILIM_OK;
    if (H5Lexists(g, leaf, H5P_DEFAULT) > 0) {
        rc = bilim_error_set(err, BILIM_EINVAL, "'%s' is already in the file '%s'", path,
                             o->target);
    } else {
        hsize_t n = n_rows;
        hid_t space = H5Screate_simple(1, &n, NULL);
        hid_t dcpl = bilim__output_dcpl(1, &n, t);
        hid_t d = H5Dcreate2(g, leaf, t, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        hid_t dx = bilim__output_dxpl_small();
        if (d < 0)
            rc = bilim__output_fail(err, BILIM_EIO, "cannot create table '%s'", path);
        else if (n_rows && H5Dwrite(d, t, H5S_ALL, H5S_ALL, dx, buf) < 0)
            rc = bilim__output_fail(err, BILIM_EIO, "cannot write table '%s' (is the disk full?)",
                                    path);
        if (d >= 0 && H5Dclose(d) < 0 && !rc)
            rc = bilim__output_fail(err, BILIM_EIO, "cannot write table '%s' (is the disk full?)",
                                    path);
        H5Pclose(dx);
        H5Pclose(dcpl);
        H5Sclose(space);
    }
    H5Gclose(g);
    o->failed |= rc != BILIM_OK;
    return rc;
}

int bilim_output_write_columns(bilim_output *o, const char *path, size_t n_rows, int n_cols,
                               const bilim_output_column *cols, bilim_error *err)
{
    char parent[1024];
    if (!o || !bilim__output_split(path, parent, sizeof parent) || n_cols < 1)
        return bilim_error_set(err, BILIM_EINTERNAL, "invalid table '%s'", path);
    for (int c = 0; c < n_cols; c++)
        if (!cols[c].name || (!cols[c].data && n_rows))
            return bilim_error_set(err, BILIM_EINTERNAL, "table '%s': column %d has no name or "
                                   "data", path, c);
    const size_t row = (size_t)n_cols * SLOT;
    unsigned char *buf = bilim_calloc(n_rows ? n_rows : 1, row);
    if (!buf)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing '%s'", path);
    hid_t str = bilim__output_vlen_str();
    hid_t t = H5Tcreate(H5T_COMPOUND, row);
    int rc = BILIM_OK;
    for (int c = 0; c < n_cols && !rc; c++) {
        if (H5Tinsert(t, cols[c].name, (size_t)c * SLOT, column_type(cols[c].type, str)) < 0)
            rc = bilim__output_fail(err, BILIM_EINVAL, "table '%s': bad column '%s'", path,
                                    cols[c].name);
        for (size_t r = 0; r < n_rows; r++)
            put(buf + r * row + (size_t)c * SLOT, &cols[c], r);
    }
    if (!rc)
        rc = write_dataset(o, path, t, n_rows, buf, err);
    H5Tclose(t);
    H5Tclose(str);
    bilim_free(buf);
    return rc;
}

int bilim_output_write_array_axes(bilim_output *o, const char *path, int rank,
                                  const size_t *dims, const double *data,
                                  const bilim_output_axis_spec *axes, bilim_error *err)
{
    bilim_output_axis ax[4];
    memset(ax, 0, sizeof ax);
    if (rank < 0 || rank > 4)
        return bilim_error_set(err, BILIM_EINTERNAL, "'%s': rank %d is not in 0..4", path, rank);
    for (int i = 0; i < rank; i++) {
        ax[i].name = axes[i].name;
        ax[i].labels = axes[i].labels;
        ax[i].values = axes[i].values;
    }
    return bilim__output_write_nd(o, path, rank, dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, data,
                                  ax, err);
}
