/* cli/datadir.h: where the shipped files are, and scenario paths named on
 * the command line.
 *
 * The data directory holds what bilim ships besides the program:
 * scenarios/ (the scenarios, their JSON Schema, the calibration files and
 * the calibrated parameter file) and data/ (national figures and survey
 * targets, with their sources). An installation puts it in DATADIR/bilim
 * (/usr/share/bilim for the Debian package); a checkout has the same two
 * folders at its top. It is the first of:
 *
 *   1. $BILIM_DATA_DIR, when set and not empty. It must hold scenarios/;
 *      when it does not there is no data directory (no silent fallback
 *      past a setting the user made);
 *   2. ../share/bilim from the program's own directory (bin/bilim), when it
 *      holds scenarios/: an installation moved elsewhere, or unpacked with
 *      dpkg -x, finds its own files;
 *   3. the directory the build was configured to install to
 *      (CMAKE_INSTALL_FULL_DATADIR/bilim), when it holds scenarios/.
 *
 * The front end's business only: the library reads the paths it is given
 * and never looks anything up behind its caller's back. */
#ifndef BILIM_DATADIR_H
#define BILIM_DATADIR_H

#include "base/error.h"

#define BILIM_DATADIR_PATH_MAX 4096

typedef enum bilim_datadir_source {
    BILIM_DATADIR_NONE,       /* not found: see looked */
    BILIM_DATADIR_ENV,        /* $BILIM_DATA_DIR */
    BILIM_DATADIR_RELATIVE,   /* ../share/bilim beside the program */
    BILIM_DATADIR_BUILTIN     /* the configured installation directory */
} bilim_datadir_source;

typedef struct bilim_datadir {
    char path[BILIM_DATADIR_PATH_MAX];   /* "" when none */
    bilim_datadir_source source;
    char looked[2 * BILIM_DATADIR_PATH_MAX + 256]; /* where it looked, for messages */
} bilim_datadir;

/* The configured installation directory (CMAKE_INSTALL_FULL_DATADIR/bilim). */
const char *bilim_datadir_builtin(void);

/* Where the documentation is installed (CMAKE_INSTALL_FULL_DOCDIR), for
 * the help text and the manual pages. */
const char *bilim_datadir_docdir(void);

/* Fills d by the rules above, from these inputs: env (the value of
 * BILIM_DATA_DIR, or NULL), exe (the program's path, or NULL) and builtin.
 * Pure but for stat(); for tests. */
void bilim_datadir_locate(bilim_datadir *d, const char *env, const char *exe,
                          const char *builtin);

/* Fills d for this process: $BILIM_DATA_DIR, /proc/self/exe and the
 * configured directory. */
void bilim_datadir_find(bilim_datadir *d);

/* One line for `bilim --version`: "data: PATH (how it was found)" or
 * "data: none found (looked in ...)". */
void bilim_datadir_describe(const bilim_datadir *d, char *buf, size_t n);

/* Where the scenario or calibration file named arg on the command line is.
 * The rule: arg itself when it exists or is an absolute path; else, for a
 * relative arg, the data directory's scenarios/arg, then (arg starting
 * with "scenarios/") the data directory's arg. So `scenarios/baseline.json`
 * is the checkout's file in a checkout and the installed one elsewhere,
 * and `baseline.json` the installed one from anywhere. On success *found is
 * NULL (use arg) or a new path (bilim_free). BILIM_EINVAL when none exists,
 * with every place looked at in err; BILIM_ENOMEM. */
int bilim_datadir_scenario(const bilim_datadir *d, const char *arg, char **found,
                           bilim_error *err);

/* bilim_datadir_scenario for each of the n command-line paths of command:
 * paths[i] is replaced by the data directory's file where that applies
 * (with a note on stderr unless quiet), found[i] holds what to free
 * (bilim_free; NULL where paths[i] was kept). On failure prints the error
 * ("bilim COMMAND: ...") and returns its status (found[] freed). */
int bilim_datadir_resolve_args(const char *command, const char **paths, int n, int quiet,
                               char **found);

#endif
