/* formats/output_attr.c: reading one attribute or one array of a result
 * file (for `bilim report`, which restores the comparison's baseline and
 * scenario order from /comparison, and the packages' decompositions).
 * Declared in formats/output_read.h. */
#include "formats/output_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens path's object and reads attribute name as a string (string 1) or
 * a float64 into out. */
static int read_attr(const char *path, const char *object, const char *name, int string,
                     void *out, bilim_error *err)
{
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    int rc;
    if (H5LTpath_valid(f, object, 1) <= 0) {
        H5Fclose(f);
        return bilim_error_set(err, BILIM_EINVAL, "'%s' has no %s", path, object);
    }
    hid_t o = H5Oopen(f, object, H5P_DEFAULT);
    const int got = o < 0 ? -1 : string ? bilim__output_read_attr_str(o, name, out)
                                        : bilim__output_read_attr_f64(o, name, out);
    rc = o < 0 ? bilim__output_fail(err, BILIM_EIO, "'%s': cannot open %s", path, object)
         : got == -2 ? bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", path)
         : got != 0
             ? bilim_error_set(err, BILIM_EINVAL, "'%s': %s has no %s attribute '%s'", path,
                               object, string ? "string" : "numeric", name)
             : BILIM_OK;
    if (o >= 0)
        H5Oclose(o);
    H5Fclose(f);
    return rc;
}

int bilim_output_read_attr_string(const char *path, const char *object, const char *name,
                                  char **value, bilim_error *err)
{
    *value = NULL;
    return read_attr(path, object, name, 1, value, err);
}

int bilim_output_read_attr_double(const char *path, const char *object, const char *name,
                                  double *value, bilim_error *err)
{
    return read_attr(path, object, name, 0, value, err);
}

int bilim_output_read_array(const char *path, const char *dataset, int rank, const size_t *dims,
                            double *buf, bilim_error *err)
{
    hsize_t d[H5S_MAX_RANK];
    for (int i = 0; i < rank && i < H5S_MAX_RANK; i++)
        d[i] = dims[i];
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    /* The group and the name, for messages that name both. */
    char group[1024];
    const char *slash = strrchr(dataset, '/');
    size_t len = slash ? (size_t)(slash - dataset) : 0;
    snprintf(group, sizeof group, "%.*s", (int)len, dataset);
    int rc;
    if (!slash || len >= sizeof group || H5LTpath_valid(f, dataset, 1) <= 0) {
        rc = bilim_error_set(err, BILIM_EINVAL, "'%s' has no %s", path, dataset);
    } else {
        hid_t g = H5Gopen2(f, len ? group : "/", H5P_DEFAULT);
        rc = g < 0 ? bilim__output_fail(err, BILIM_EIO, "'%s': cannot open %s", path, group)
                   : bilim__output_read_exact(g, path, group, slash + 1, H5T_NATIVE_DOUBLE, rank,
                                              d, buf, err);
        if (g >= 0)
            H5Gclose(g);
    }
    H5Fclose(f);
    return rc;
}
