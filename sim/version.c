/* sim/version.c: see version.h. */
#include "sim/version.h"

#include <stdio.h>
#include <gsl/gsl_version.h>
#include <H5public.h>
#include "bilim_version.h"

const char *bilim_version(void)
{
    return BILIM_VERSION;
}

const char *bilim_git_commit(void)
{
    return BILIM_GIT_COMMIT;
}

void bilim_library_versions(char *buf, size_t n)
{
    snprintf(buf, n, "GSL %s; HDF5 %d.%d.%d; Random123 Philox4x64-10", gsl_version,
             H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE);
}
