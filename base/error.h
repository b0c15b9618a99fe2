/* base/error.h: errors as values.
 *
 * A fallible function returns an int status (BILIM_OK or one of the codes
 * below) and, when given a non-NULL bilim_error, fills it with a message that
 * names what went wrong and how to fix it. Only main() turns a status into an
 * exit code (bilim_error_exit_code). Nothing here is global or thread-shared:
 * each caller owns its bilim_error. */
#ifndef BILIM_ERROR_H
#define BILIM_ERROR_H

#include <stddef.h>
#include "base/compiler.h"

enum {
    BILIM_OK = 0,
    BILIM_EINVAL = 1,     /* invalid input (scenario, data file): exit 1 */
    BILIM_EUSAGE = 2,     /* bad command line: exit 2 */
    BILIM_EIO = 3,        /* file system or HDF5 failure: exit 1 */
    BILIM_ENOMEM = 4,     /* out of memory: exit 1 */
    BILIM_EINTR = 5,      /* interrupted by SIGINT/SIGTERM: exit 130/143 */
    BILIM_EINTERNAL = 6   /* a bug: an invariant failed: exit 70 */
};

#define BILIM_ERROR_MSG_MAX 1024

typedef struct bilim_error {
    int code;                       /* BILIM_OK when no error was recorded */
    char msg[BILIM_ERROR_MSG_MAX];  /* one or more lines, no trailing newline */
} bilim_error;

/* Clears err (a NULL err is allowed everywhere and ignored). */
void bilim_error_clear(bilim_error *err);

/* Records code and a printf-style message; returns code so callers can write
 * `return bilim_error_set(err, BILIM_EINVAL, "...")`. */
int bilim_error_set(bilim_error *err, int code, const char *fmt, ...)
    BILIM_PRINTF(3, 4);

/* Prefixes the current message with context ("reading x.json: ..."). */
void bilim_error_prefix(bilim_error *err, const char *fmt, ...)
    BILIM_PRINTF(2, 3);

/* A short name for a code ("invalid input", "I/O error", ...). */
const char *bilim_error_name(int code);

/* The process exit status for a code (0, 1, 2, 70, 130). The front end
 * turns BILIM_EINTR into 130 or 143 by the signal (cli/signal.h). */
int bilim_error_exit_code(int code);

#endif
