/* cli/probe.h: reading a result file first in a child process. libhdf5
 * 1.10 does not survive every damaged file: some damage (in parts of the
 * format without checksums, such as the global heap that holds
 * variable-length strings, or in files written before bilim used
 * checksums) makes it read out of bounds, free garbage or loop forever. A
 * command that reads a result file runs the same reads in a child first,
 * with a limit on its processor time; if the child dies or reaches the
 * limit, the file is reported damaged and the command exits 1 instead of
 * crashing or hanging. */
#ifndef BILIM_CLI_PROBE_H
#define BILIM_CLI_PROBE_H

#include "base/error.h"

typedef int (*bilim_probe_fn)(void *arg, bilim_error *err);

/* Runs fn(arg, err) in a child process (its output discarded; at most 5 s
 * of processor time plus 1 s per 10 MiB of file) and returns what it
 * returned, with its message. When the child dies instead: BILIM_EINVAL,
 * "FILE is damaged: reading it crashed the HDF5 library (signal)" or "did
 * not finish", or BILIM_EINTR when SIGINT or SIGTERM ended it. When no
 * child can be made, runs fn here. */
int bilim_probe_run(bilim_probe_fn fn, void *arg, const char *file, bilim_error *err);

#endif
