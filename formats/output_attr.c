/* formats/output_attr.c: reading one string attribute of a result file (for
 * `bilim report`, which restores the comparison's baseline and scenario
 * order from /comparison). Declared in formats/output_read.h. */
#include "formats/output_internal.h"

#include <stdlib.h>

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
