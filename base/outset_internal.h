/* base/outset_internal.h: shared by base/outset.c (the set) and
 * base/outset_recover.c (names, locks, journals, recovery). */
#ifndef BILIM_OUTSET_INTERNAL_H
#define BILIM_OUTSET_INTERNAL_H

#include <stddef.h>
#include <sys/types.h>
#include "base/outset.h"

#define BILIM__OUTSET_TMP ".bilim-tmp"
#define BILIM__OUTSET_JOURNAL ".bilim-commit"

/* "-PID@HOST" of this process (HOST: 8 hex digits), into buf (>= 32). */
void bilim__outset_owner(char *buf, size_t n);

/* A bilim temporary or journal name ".BASE-PID@HOST.bilim-tmp" or
 * "...bilim-commit", taken apart. base points into the name. */
typedef struct bilim__outset_name {
    int journal;          /* 1 for .bilim-commit, 0 for .bilim-tmp */
    const char *base;
    size_t base_len;
    long pid;
    char host[9];
} bilim__outset_name;

/* 1 when name is one of ours (and fills *p), else 0. */
int bilim__outset_parse(const char *name, bilim__outset_name *p);

/* Takes a write lock on the whole open file fd that lasts while the file
 * stays open (an open-file-description lock where the system has them).
 * 0 on success. */
int bilim__outset_lock(int fd);

/* 1 when some process holds a lock on the file at path. */
int bilim__outset_locked(const char *path);

/* 1 when the file named by p was left by a process of this host that is
 * gone, and nobody holds its lock (path: the file). */
int bilim__outset_dead(const bilim__outset_name *p, const char *path);

/* fsync of a folder, best effort (some file systems refuse it). */
void bilim__outset_sync_dir(const char *dir);

/* The journal of a commit: the folders (absolute) and, per file, its
 * folder, temporary name and target name. */
typedef struct bilim__outset_entry {
    int dir;
    const char *tmp;
    const char *target;
} bilim__outset_entry;

/* Writes the journal text to fd. 0 on success. */
int bilim__outset_journal_write(int fd, const char *const *dirs, int n_dirs,
                                const bilim__outset_entry *e, int n);

#endif
