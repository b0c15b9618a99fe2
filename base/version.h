/* base/version.h: bilim's version and git commit, for --version and the
 * provenance of output files (the libraries' versions are the file
 * format's: bilim_output_library_versions in formats/output_info.h). */
#ifndef BILIM_VERSION_INFO_H
#define BILIM_VERSION_INFO_H

#include "base/compiler.h"

/* Also part of the public C API (lib/bilim.h), hence exported. */
BILIM_EXPORT const char *bilim_version(void);     /* "0.1.0" */
const char *bilim_version_git_commit(void);  /* short hash, "-dirty" if modified, or "unknown" */

#endif
