/* formats/output_attr.c: reading one string attribute of a result file (for
 * `bilim report`, which restores the comparison's baseline and scenario
 * order from /comparison). Declared in formats/output_read.h. */
#include "formats/output_internal.h"

#include <stdlib.h>

int bilim_output_read_attr_string(const char *path, const char *object, const char *name,
                                  char **value, bilim_error *err)
{
    *value = NULL;
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    int rc;
    if (H5LTpath_valid(f, object, 1) <= 0) {
        H5Fclose(f);
        return bilim_error_set(err, BILIM_EINVAL, "'%s' has no %s", path, object);
    }
    hid_t o = H5Oopen(f, object, H5P_DEFAULT);
    rc = o < 0 ? bilim__output_fail(err, BILIM_EIO, "'%s': cannot open %s", path, object)
         : bilim__output_read_attr_str(o, name, value) != 0
             ? bilim_error_set(err, BILIM_EINVAL, "'%s': %s has no string attribute '%s'", path,
                               object, name)
             : BILIM_OK;
    if (o >= 0)
        H5Oclose(o);
    H5Fclose(f);
    return rc;
}
