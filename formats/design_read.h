/* formats/design_read.h: a design and its records back from /design of a
 * result file (written by formats/design_write.h), so that an analysis
 * (analysis/psa.h) can be recomputed from the file alone, as `bilim report`
 * recomputes a comparison.
 *
 * What comes back is what the analysis needs, exactly as it was: the seed
 * and seeding, the factors (names, targets, groups, priors, sources), the
 * points, each point's particle and model seed, the run list, every run's
 * record, and the posterior columns of the particles the design drew (their
 * rows; weights are not stored, and are set equal). The scenarios come back
 * as defaults carrying their names only: enough to analyse the runs, not to
 * run them again. */
#ifndef BILIM_DESIGN_READ_H
#define BILIM_DESIGN_READ_H

#include "base/error.h"
#include "sim/design.h"

/* Reads path's /design into d (initialised here; free with
 * bilim_design_clear) and *records (d->n_runs records; free with
 * bilim_free). Errors: those of opening a result file (BILIM_EIO,
 * BILIM_EINVAL), BILIM_EINVAL when /design is absent or inconsistent (the
 * message names the dataset), BILIM_ENOMEM. */
int bilim_design_read(const char *path, bilim_design *d, bilim_design_record **records,
                      bilim_error *err);

#endif
