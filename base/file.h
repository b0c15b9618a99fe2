/* base/file.h: the one reader of whole input files (scenarios, parameter
 * files, calibration files, survey targets, anything bilim reads whole).
 *
 * Policy, the same for every input:
 * - Regular files only. A directory, FIFO, socket or device (/dev/zero,
 *   /dev/stdin on a terminal or pipe) is refused with a message saying what
 *   it is. Devices are refused before they are opened (a stat of the path),
 *   and the opened file is checked again (fstat of the descriptor), so the
 *   check and the read are about the same file.
 * - Never blocks: the file is opened with O_NONBLOCK, so a FIFO without a
 *   writer is refused instead of waiting for one; O_NOCTTY, so a terminal
 *   never becomes the controlling one; O_CLOEXEC, so no child inherits it.
 * - Symbolic links are followed: an input may reasonably be a link (to a
 *   shared scenario, to data elsewhere). Reading through a link changes
 *   nothing on disk; what is read must still be a regular file within the
 *   cap. (Outputs are another matter: see the writers.)
 * - A size cap given by the caller: a larger file is refused with its size
 *   and the cap; a file that grows past the cap while being read too.
 * - Interrupted reads (EINTR) are resumed.
 *
 * Thread-safe: no globals. */
#ifndef BILIM_FILE_H
#define BILIM_FILE_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

/* Reads the regular file path whole, at most max_bytes, into *text
 * (bilim_malloc'd, NUL-terminated, the caller frees with bilim_free) and
 * *len (bytes, without the NUL; the file may contain NUL bytes).
 *
 * Returns BILIM_OK, BILIM_EIO (cannot open, not a regular file, too large,
 * read error) or BILIM_ENOMEM. On error *text is NULL and err->msg says why
 * in a phrase that does not repeat the path, so callers can put it in their
 * own context: "No such file or directory", "is a directory, not a file",
 * "is not a regular file but a FIFO (named pipe)", "is 2000000 bytes
 * (1.9 MiB), larger than the limit of 1048576 bytes (1 MiB)". */
int bilim_file_read(const char *path, size_t max_bytes, char **text, size_t *len,
                    bilim_error *err);

/* The phrase bilim_file_read gives for a file of size bytes over the cap
 * max_bytes, into buf (size n); returns buf. For texts that did not come
 * from a file but obey the same cap. */
const char *bilim_file_too_large(char *buf, size_t n, uint64_t size, size_t max_bytes);

#endif
