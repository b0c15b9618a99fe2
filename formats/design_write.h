/* formats/design_write.h: a design and its runs in the HDF5 result file
 * (docs/output.md, /design).
 *
 *   /design            attributes: seed, sampling, seeding, points, runs,
 *                      replicates, posterior_source, posterior_particles
 *   /design/factors    table: one row per factor (name, target, group,
 *                      distribution and its numbers, mean, sd, source)
 *   /design/points     float64 (point, factor): every point's values
 *   /design/runs       table: one row per run: run, point, particle,
 *                      scenario, replicate, seed, every factor's value, the
 *                      posterior columns' values, and the run's outputs
 *                      (sim/design.h, bilim_design_output) */
#ifndef BILIM_DESIGN_WRITE_H
#define BILIM_DESIGN_WRITE_H

#include "base/error.h"
#include "formats/output_write.h"
#include "sim/design.h"

/* Writes d and records[d->n_runs] under /design of o. Errors: those of
 * formats/output_write.h, BILIM_ENOMEM. */
int bilim_design_write(bilim_output *o, const bilim_design *d, const bilim_design_record *records,
                       bilim_error *err);

/* The name of a factor's target: "parameter" or "scenario factor". */
const char *bilim_design_target_kind(const bilim_design_factor *f);

#endif
