/* sim/version.h: version, git commit and library versions, for --version and
 * the provenance attributes of output files. */
#ifndef BILIM_VERSION_INFO_H
#define BILIM_VERSION_INFO_H

#include <stddef.h>

const char *bilim_version(void);     /* "0.1.0" */
const char *bilim_git_commit(void);  /* short hash, "-dirty" if modified, or "unknown" */

/* "GSL 2.7.1; HDF5 1.10.8; Random123 Philox4x64-10" into buf. */
void bilim_library_versions(char *buf, size_t n);

#endif
