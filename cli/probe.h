/* cli/probe.h: reading a result file first in a child process. libhdf5
 * 1.10 does not survive every damaged file: some damage (in parts of the
 * format without checksums, such as the global heap that holds
 * variable-length strings, or in files written before bilim used
 * checksums) makes it read out of bounds or free garbage. A command that
 * reads a result file runs the same reads in a child first; if the child
 * dies, the file is reported damaged and the command exits 1 instead of
 * crashing. */
#ifndef BILIM_CLI_PROBE_H
#define BILIM_CLI_PROBE_H

#include "base/error.h"

typedef int (*bilim_probe_fn)(void *arg, bilim_error *err);

/* Runs fn(arg, err) in a child process (its output discarded) and returns
 * what it returned, with its message. When the child dies instead:
 * BILIM_EINVAL, "FILE is damaged: reading it crashed the HDF5 library
 * (signal)", or BILIM_EINTR when SIGINT or SIGTERM ended it. When no child
 * can be made, runs fn here. */
int bilim_probe_run(bilim_probe_fn fn, void *arg, const char *file, bilim_error *err);

#endif
