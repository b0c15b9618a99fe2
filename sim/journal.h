/* sim/journal.h: the journal of a batch (a design's runs, sim/design.h):
 * every finished run's record, appended as it finishes, so that the same
 * command run again after SIGKILL, a crash or a cluster job's time limit
 * skips what finished (docs/cluster.md, "Resuming").
 *
 * Layout. A text header, written whole or not at all (a temporary file,
 * fsync, rename):
 *     bilim journal 1
 *     version <bilim version and commit>
 *     runs <n_runs>
 *     item <16 hex digits> <label>       one line per input, e.g.
 *                                         "scenario 2 'hub'", "seed"
 *     end <16 hex digits>                 the hash of the lines above
 * then binary records, one per finished run: magic, length, run index, the
 * payload (a design's record: its doubles, BILIM_JOURNAL_RECORD_BYTES in
 * all; a comparison's replicate: its series, any length), FNV-1a checksum of
 * the rest. A record is whole or ignored: reading stops at the first short,
 * foreign or damaged record (a torn tail from a kill in mid-write), and the
 * file is cut back to the last whole record before appending.
 *
 * Durability. Each record is one write(2) on a descriptor opened O_APPEND,
 * made before the run counts as recorded: the kernel keeps it when the
 * process is killed, whatever the moment. fsync(2) runs at most once a
 * second (and at close), so a power loss or kernel crash loses at most the
 * last second's runs (they are run again), never the journal's consistency.
 *
 * Inputs. The header lists labelled hashes of everything the records depend
 * on (bilim_journal_items_design). Opening a journal whose items differ
 * from the caller's refuses with BILIM_EINVAL and a message naming each
 * differing, missing or new item, and the version. */
#ifndef BILIM_JOURNAL_H
#define BILIM_JOURNAL_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "sim/design.h"

#define BILIM_JOURNAL_LABEL_MAX 200
#define BILIM_JOURNAL_OVERHEAD_BYTES (8 + 8 + 8)
#define BILIM_JOURNAL_RECORD_BYTES (BILIM_JOURNAL_OVERHEAD_BYTES + 8 * BILIM_DESIGN_N_OUTPUTS)

typedef struct bilim_journal_item {
    char label[BILIM_JOURNAL_LABEL_MAX];
    uint64_t hash;
} bilim_journal_item;

/* A growable list of items (caller-owned: _init, _clear). */
typedef struct bilim_journal_items {
    int n, cap;
    bilim_journal_item *v;
} bilim_journal_items;

void bilim_journal_items_init(bilim_journal_items *it);
void bilim_journal_items_clear(bilim_journal_items *it);

/* Appends an item (the label is printf-formatted, cut to fit). Errors:
 * BILIM_ENOMEM. */
int bilim_journal_items_add(bilim_journal_items *it, uint64_t hash, bilim_error *err,
                            const char *fmt, ...) BILIM_PRINTF(4, 5);

/* The items of a design: its seed and seeding, each scenario ("scenario K
 * 'NAME'", and " (FILE)" when files[K] is given; files may be NULL), each
 * factor and its prior, the posterior sample, the points and the run list.
 * Errors: BILIM_ENOMEM. */
int bilim_journal_items_design(bilim_journal_items *it, const bilim_design *d,
                               const char *const *files, bilim_error *err);

typedef struct bilim_journal bilim_journal;

/* Opens the journal at path for a design of n_runs runs with the inputs
 * `items`: creates it when absent; when present, checks its header against
 * items and the running version, reads its whole records into
 * records[run] and sets done[run] = 1 (done and records have n_runs
 * slots), counts them in *n_done, and cuts off a torn tail. Errors:
 * BILIM_EINVAL (the journal is for other inputs or another version: the
 * message names what differs and how to start afresh; path is not a
 * journal: never overwritten), BILIM_EIO, BILIM_ENOMEM. */
int bilim_journal_open(const char *path, size_t n_runs, const bilim_journal_items *items,
                       unsigned char *done, bilim_design_record *records, size_t *n_done,
                       bilim_journal **out, bilim_error *err);

/* Takes a record read from the journal: run's payload of n bytes. Returns
 * non-zero to refuse it (a wrong length): reading stops there, as at a
 * damaged record. */
typedef int (*bilim_journal_take_fn)(void *user, size_t run, const unsigned char *payload,
                                     size_t n);

/* bilim_journal_open for records of any length: each whole record is
 * handed to take (may be NULL) instead of stored in records. */
int bilim_journal_open_bytes(const char *path, size_t n_runs, const bilim_journal_items *items,
                             unsigned char *done, bilim_journal_take_fn take, void *user,
                             size_t *n_done, bilim_journal **out, bilim_error *err);

/* Appends run's payload of n bytes (one write). Errors: BILIM_EIO,
 * BILIM_ENOMEM, BILIM_EINVAL (over 4 GB). Not thread-safe. */
int bilim_journal_append_bytes(bilim_journal *j, size_t run, const void *payload, size_t n,
                               bilim_error *err);

/* Appends run's record (one write). Not thread-safe: call from one thread
 * at a time (bilim_design_options.on_record is). Errors: BILIM_EIO. */
int bilim_journal_append(bilim_journal *j, size_t run, const bilim_design_record *rec,
                         bilim_error *err);

/* fsyncs and closes (j may be NULL). Errors: BILIM_EIO. */
int bilim_journal_close(bilim_journal *j, bilim_error *err);

/* Removes the journal at path, once the outputs it fed are committed
 * (absent: fine). Errors: BILIM_EIO. */
int bilim_journal_remove(const char *path, bilim_error *err);

#endif
