/* base/outset.h: the one way bilim replaces files. A command declares the
 * files it reads and the files it writes (an "output set"); the set checks
 * every target before any work starts, builds each output under a temporary
 * name beside its target, and at the end replaces all of them or none.
 * docs/reliability.md describes the policy and the commit protocol.
 *
 * Life of a set:
 *   bilim_outset_alloc
 *   bilim_outset_input    each file the command reads (outputs may not be one)
 *   bilim_outset_folder   a folder of outputs (--csv DIR), created if absent
 *   bilim_outset_file     each output file; refused when it is a symbolic link
 *                         or exists and is not a regular file, or when it is an
 *                         input or another output of the set (by device and
 *                         inode, so "./a", "a" and hard links are one file)
 *   bilim_outset_open     removes stale temporaries of dead bilim processes in
 *                         the targets' folders (finishing an interrupted
 *                         commit), creates the temporaries, locks them, and
 *                         refuses when another process is writing a target
 *   ... write each output to bilim_outset_temp() or bilim_outset_stream() ...
 *   bilim_outset_commit   checks every write, makes the data durable (fsync),
 *                         renames every temporary over its target
 *   bilim_outset_free     removes the temporaries unless committed
 *
 * Temporaries are named ".NAME-PID@HOST.bilim-tmp" in the target's folder
 * (HOST: 8 hex digits of a hash of the host name), and each holds an
 * open-file-description lock (F_OFD_SETLK) while its process lives. A set
 * of several files commits through a journal (".NAME-PID@HOST.bilim-commit"
 * in each folder of the set), so that a process killed between two renames
 * leaves a state that the next set opened in any of those folders (or
 * bilim_outset_recover) completes.
 *
 * Not thread-safe: one set per thread. Error codes: BILIM_EUSAGE (a target
 * refused by the policy: the message names the option and the path),
 * BILIM_EIO (file system), BILIM_ENOMEM. */
#ifndef BILIM_OUTSET_H
#define BILIM_OUTSET_H

#include <stdint.h>
#include <stdio.h>
#include "base/error.h"

typedef struct bilim_outset bilim_outset;

/* NULL when out of memory. */
bilim_outset *bilim_outset_alloc(void);

/* Removes every temporary file and every folder the set created (still
 * empty) unless the set was committed, releases the locks, frees s. NULL is
 * a no-op. */
void bilim_outset_free(bilim_outset *s);

/* Declares a file the command reads. A file that does not exist is
 * ignored (there is nothing to destroy). */
int bilim_outset_input(bilim_outset *s, const char *path, bilim_error *err);

/* Declares a folder that holds outputs. It must be a directory (or a
 * symbolic link to one: bilim writes inside it, never replaces it) or not
 * exist; bilim_outset_open creates it (not its parents). what names it in
 * messages ("--csv"). */
int bilim_outset_folder(bilim_outset *s, const char *path, const char *what,
                        bilim_error *err);

/* Declares an output file; *index (may be NULL) receives its number in the
 * set, 0, 1, ... in the order declared. Its folder must exist or be a folder
 * of the set. expected_bytes (0: unknown) is checked against the free space
 * of its file system, summed over the set's files there. what names it in
 * messages ("-o", "--report"). */
int bilim_outset_file(bilim_outset *s, const char *path, const char *what,
                      uint64_t expected_bytes, int *index, bilim_error *err);

/* Creates folders, recovers stale temporaries, creates and locks the
 * temporary files. On failure nothing of the set remains on disk. */
int bilim_outset_open(bilim_outset *s, bilim_error *err);

/* Output i's path as declared, and (after open) its temporary file, which
 * the writer opens by name (HDF5) and the set renames at commit. */
const char *bilim_outset_target(const bilim_outset *s, int i);
const char *bilim_outset_temp(const bilim_outset *s, int i);

/* A stream on output i's temporary file (after open), owned by the set:
 * the writer writes and never closes it; commit flushes and closes it and
 * reports any write error (a full disk). NULL with err set on failure. */
FILE *bilim_outset_stream(bilim_outset *s, int i, bilim_error *err);

/* Replaces every target by its temporary file, or, on failure, none (the
 * temporaries are removed and the targets untouched), except when the file
 * system fails between two renames: then the journal stays and the message
 * says that the next bilim writing in that folder completes the commit.
 * Writers must have closed the files they opened by name. */
int bilim_outset_commit(bilim_outset *s, bilim_error *err);

/* Finishes or undoes what dead bilim processes (of this host) left in
 * folder dir: an interrupted commit is completed when its journal is
 * complete in every folder it names, else undone; other temporaries are
 * removed. A file is dead when no process holds its lock and its process
 * is gone. *removed (may be NULL) counts the temporaries removed or renamed.
 * Errors only for an unreadable folder (BILIM_EIO). */
int bilim_outset_recover(const char *dir, int *removed, bilim_error *err);

/* 1 when no process of this host has id pid (it ended; the id may be
 * reused later). For cleaning up after killed processes. */
int bilim_outset_process_gone(long pid);

#endif
