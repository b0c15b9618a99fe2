/* sim/dist.h: a design's runs (sim/design.h) spread over the processes of
 * an MPI job, or run in this process when the build has no MPI
 * (-DBILIM_MPI=OFF: sim/dist_serial.c; ON: sim/dist_mpi.c). This is the
 * only code that knows MPI; docs/cluster.md describes its use.
 *
 * Roles. Rank 0 is the coordinator: it hands out runs on request, in
 * chunks of as many runs as the asking rank has threads, receives their
 * records, reports each (the journal's hook, progress) and alone returns
 * the records to its caller, which alone writes outputs. The other ranks
 * are workers: they build the same design, ask for work, run each chunk
 * with their OpenMP threads and send the records back. Rank 0 runs no
 * simulation itself and waits by polling every millisecond, so it costs
 * little CPU: start one more rank than the cores' worth of workers (or let
 * it share a worker's core).
 *
 * Because a run's record is a pure function of the design and the run's
 * index, the records, and so every dataset written from them, are the same
 * bits for any number of ranks and threads.
 *
 * Errors end every rank: a worker's failing run (or its interruption) is
 * sent to rank 0, which stops handing out work, tells every worker to
 * stop, and returns the lowest error it saw, naming the rank. A worker that
 * ends before the batch (its own load failed) says so in
 * bilim_dist_finalize, and rank 0 fails the batch with its message. A
 * worker whose design differs from rank 0's (other files on its node) is
 * refused by the design's fingerprint.
 *
 * Process state. bilim_dist_init and _finalize belong in main() (MPI's own
 * rule: once per process, around everything else); the rest of the library
 * asks bilim_dist_rank() and never prints. */
#ifndef BILIM_DIST_H
#define BILIM_DIST_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "sim/design.h"

#define BILIM_DIST_MSG_MAX 1024

/* Starts MPI (with threads funnelled to the main thread); a no-op without
 * MPI. Returns BILIM_OK, or BILIM_EINTERNAL when MPI cannot start. */
int bilim_dist_init(int *argc, char ***argv);

/* This process's rank (0 without MPI or outside mpirun) and the number of
 * ranks (1). */
int bilim_dist_rank(void);
int bilim_dist_size(void);

/* Whether this build was made with MPI (for --version and help). */
int bilim_dist_with_mpi(void);

/* Runs d's runs over all ranks: on rank 0 as bilim_design_execute does
 * (opt's skip, on_record, progress and cancel are rank 0's; records[i] is
 * filled for every run not skipped), on a worker by serving rank 0 (opt's
 * threads and cancel; records are not filled). One rank: exactly
 * bilim_design_execute. Every rank must call it for the same design, once
 * per batch. Errors on rank 0: bilim_design_execute's, prefixed with the
 * rank when a worker had them; BILIM_EINVAL when the ranks' designs
 * differ. On a worker: its own runs' errors only (a worker stopped because
 * another rank failed returns BILIM_OK: rank 0 reports the error and ends
 * the job with its exit status). */
int bilim_dist_execute(const bilim_design *d, const bilim_design_options *opt,
                       bilim_design_record *records, bilim_error *err);

/* Work of any kind, as independent units (e.g. a comparison's (scenario,
 * replicate) runs) whose results are byte strings of at most unit_bytes.
 * run() runs units[0..n) with `threads` threads, writing unit units[k]'s
 * result to out + k * unit_bytes and its length to len[k]; a unit's result
 * must depend only on its index (then every rank count gives the same
 * bytes). Rank 0 gets each result through on_result, one call at a time,
 * as units finish. The fingerprint identifies the work: a worker whose
 * fingerprint differs is refused (BILIM_EINVAL). */
typedef int (*bilim_dist_run_fn)(void *user, const size_t *units, size_t n, int threads,
                                 const atomic_int *cancel, unsigned char *out, size_t *len,
                                 bilim_error *err);
typedef void (*bilim_dist_result_fn)(void *user, size_t unit, const unsigned char *result,
                                     size_t len);

typedef struct bilim_dist_work {
    size_t n_units;
    size_t unit_bytes;              /* the largest result of one unit */
    uint64_t fingerprint;           /* the same work on every rank */
    bilim_dist_run_fn run;
    void *run_user;
    bilim_dist_result_fn on_result; /* rank 0's; may be NULL */
    void *result_user;
    const unsigned char *skip;      /* rank 0's: [n_units] or NULL: units not to run */
    int threads;                    /* <= 0: OMP_NUM_THREADS or all cores */
    const atomic_int *cancel;       /* may be NULL */
    /* What the units depend on beyond the fingerprint, known on rank 0
     * only (e.g. the state of an iterative method between its batches):
     * rank 0's context bytes reach each worker's on_context (run_user is
     * its first argument) before that worker runs a unit of this work, and
     * also when it gets none. NULL/0: none. */
    const unsigned char *context;   /* rank 0's */
    size_t context_len;
    void (*on_context)(void *user, const unsigned char *context, size_t len); /* a worker's */
} bilim_dist_work;

/* Runs w's units over all ranks as bilim_dist_execute does a design's runs
 * (the same roles, chunks and errors); one rank: in this process, in chunks.
 * Every rank calls it for the same work; it may be called again for the
 * next work (the ranks then meet again: a method of several batches), as
 * long as every rank makes the same calls. A worker does not learn the
 * work's size: its n_units is ignored. */
int bilim_dist_run(const bilim_dist_work *w, bilim_error *err);

/* Rank 0's message counts so far (zero on a worker and without MPI): for
 * measuring what a batch costs the coordinator (bench/mpi_scaling.sh). */
typedef struct bilim_dist_traffic {
    uint64_t received, received_bytes; /* REQUEST messages and their bytes */
    uint64_t results, result_bytes;    /* the units' results in them (bytes without headers) */
    uint64_t sent, sent_bytes;         /* WORK messages (chunks and stops) and their bytes */
} bilim_dist_traffic;

void bilim_dist_traffic_get(bilim_dist_traffic *t);

/* Ends this process's part. A worker tells rank 0 its exit status and
 * message (the text it would have printed; may be NULL); rank 0 waits for
 * every worker it has not yet stopped, stops them, and copies into msg
 * (BILIM_DIST_MSG_MAX bytes, may be NULL) the first failing worker's
 * message, "rank K: ...", returning that worker's status (0: none failed).
 * Then MPI ends. A no-op returning 0 without MPI. */
int bilim_dist_finalize(int status, const char *worker_msg, char *msg);

#endif
