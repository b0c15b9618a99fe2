/* formats/checkpoint.h: the checkpoint file of one long run (bilim run
 * --checkpoint-every K; docs/reliability.md, "Checkpoints").
 *
 * A checkpoint holds a bilim_run_snapshot: every replicate's month, the
 * records and surveys so far, and each replicate in flight's model state
 * (models/model_state.h), with what it was made from: the bilim version and
 * commit and the scenario as run (its resolved JSON, which includes the
 * seed, the parameters and every option that changes the result). It is
 * written under a temporary name, fsynced and renamed (base/outset.h), so
 * it is whole or absent; a checksum over the whole file finds damage.
 *
 * Layout (native byte order, which the file records): "bilim-checkpoint\n",
 * u32 0x01020304, u32 format; strings (u32 length, bytes) version and
 * scenario JSON; i32 replicates, months, record size, survey months,
 * schools; i64 teachers; i32 month[replicates]; f64 records; surveys; per
 * replicate in flight: i32 replicate, i32 items, per item: string name,
 * u32 type, u64 element size, u64 count, data; u64 FNV-1a of all before. */
#ifndef BILIM_CHECKPOINT_H
#define BILIM_CHECKPOINT_H

#include <stddef.h>
#include "base/error.h"
#include "models/scenario.h"
#include "sim/runner.h"

typedef struct bilim_checkpoint bilim_checkpoint;

/* Writes s, a snapshot of a run of sc, to path, replacing what a previous
 * checkpoint left there (path must be a regular file or absent).
 * Errors: BILIM_EIO, BILIM_EUSAGE (path refused), BILIM_ENOMEM. */
int bilim_checkpoint_write(const char *path, const bilim_scenario *sc,
                           const bilim_run_snapshot *s, bilim_error *err);

/* Reads the checkpoint at path for a run of sc. Errors, each naming what
 * is wrong in a phrase that does not repeat the path: BILIM_EIO (cannot be
 * read), BILIM_EINVAL: not a checkpoint, damaged or truncated, or written
 * for another run (another bilim, or a scenario that differs: the message
 * quotes the first line of the scenario as run that differs), BILIM_ENOMEM. */
int bilim_checkpoint_read(const char *path, const bilim_scenario *sc, bilim_checkpoint **out,
                          bilim_error *err);

void bilim_checkpoint_free(bilim_checkpoint *c);

/* Where c resumes the run (valid while c lives). */
const bilim_run_resume *bilim_checkpoint_resume(const bilim_checkpoint *c);

/* "month 36 of 60, 1 of 3 replicates finished" into buf (n bytes). */
void bilim_checkpoint_describe(const bilim_checkpoint *c, char *buf, size_t n);

#endif
