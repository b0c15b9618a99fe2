/* cli/compare_batch.h: a plain comparison's runs (no --draws) as a batch
 * (cli/batch.h): each (scenario, replicate) is a unit of work whose result
 * is that replicate's whole series and surveys, spread over MPI ranks and
 * kept in the journal beside -o; rank 0 assembles them into the results
 * bilim_run_scenario would have given, bit for bit. */
#ifndef BILIM_CLI_COMPARE_BATCH_H
#define BILIM_CLI_COMPARE_BATCH_H

#include "base/error.h"
#include "cli/batch.h"
#include "models/scenario.h"
#include "sim/runner.h"

/* Runs every replicate of sc[0..n) as one batch. On rank 0, runs[i] is
 * scenario i's result (free each with bilim_run_result_clear; runs[] is
 * zeroed first, and cleared on an error; threads_used: the threads of a
 * run here, or b->threads); on a worker, runs is unused.
 * b->threads: each rank's threads. Errors: those of bilim_batch_run_units,
 * BILIM_EINVAL (a scenario the runner refuses), BILIM_ENOMEM. */
int bilim_compare_batch_run(bilim_batch *b, const bilim_scenario *sc, int n,
                            const char *const *files, bilim_run_result *runs, bilim_error *err);

#endif
