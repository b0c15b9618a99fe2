/* cli/batch.h: a command's design (sim/design.h) run as a batch: spread
 * over MPI ranks when started by mpirun (sim/dist.h), resumable from the
 * journal beside its output (sim/journal.h), with progress on rank 0.
 * Used by `bilim compare --draws` and `bilim sensitivity` (docs/cluster.md).
 *
 * The journal is OUT.journal for the command's -o OUT. It is created when
 * the batch starts, appended as each run finishes, and removed by
 * bilim_batch_finish once the outputs are committed; while it exists, the
 * same command skips the runs it holds, and another command writing to the
 * same -o is refused with what differs. On a worker rank the batch only
 * serves rank 0: no journal, no progress, no output. */
#ifndef BILIM_CLI_BATCH_H
#define BILIM_CLI_BATCH_H

#include <stddef.h>
#include "base/error.h"
#include "sim/design.h"
#include "sim/dist.h"
#include "sim/journal.h"

typedef struct bilim_batch {
    const char *out;              /* the command's -o: the journal is OUT.journal */
    const char *const *files;     /* [design's scenarios]: their files for messages, or NULL */
    const char *command;          /* "compare", for the progress line and notes */
    const char *stage;            /* the progress stage's label */
    int threads, quiet;
    double wall_seconds;          /* set by bilim_batch_run: this execution's */
    size_t resumed;               /* set by bilim_batch_run: runs read from the journal */
} bilim_batch;

/* Whether this process is an MPI worker (rank > 0): its command builds the
 * design, calls bilim_batch_run and writes nothing. */
int bilim_batch_is_worker(void);

/* Runs every run of d, filling records[0..n_runs-1] (on rank 0). Errors:
 * those of bilim_journal_open (a journal of other inputs: nothing runs)
 * and bilim_dist_execute. */
int bilim_batch_run(bilim_batch *b, const bilim_design *d, bilim_design_record *records,
                    bilim_error *err);

/* Work of independent units (sim/dist.h) as a batch: w's skip and
 * on_result are set here. take(user, unit, bytes, len) receives every
 * unit's result on rank 0, from the journal or as it finishes (returns
 * non-zero for a result of the wrong length: the journal's is run again, a
 * rank's fails the batch); the journal's inputs are `items`. On a worker:
 * serves rank 0 (take and items are unused). Errors: as bilim_batch_run. */
int bilim_batch_run_units(bilim_batch *b, bilim_dist_work *w, bilim_journal_take_fn take,
                          void *user, const bilim_journal_items *items, bilim_error *err);

/* After the outputs are committed: removes the journal (a failure is only
 * a warning on stderr: the results are safe, a later run of the same
 * command would find the batch done). */
void bilim_batch_finish(const bilim_batch *b);

#endif
