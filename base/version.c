/* base/version.c: see version.h. */
#include "base/version.h"

#include "bilim_version.h"

const char *bilim_version(void)
{
    return BILIM_VERSION;
}

const char *bilim_version_git_commit(void)
{
    return BILIM_GIT_COMMIT;
}
