/* cli/outputs.h: the commands' side of output sets (base/outset.h): the
 * files a load read become inputs that no output may replace
 * (bilim_diags_declare_inputs, formats/diags.h), and the commit happens
 * with SIGINT and SIGTERM held, after a last look at the signal flag. So
 * an interruption either comes before the commit (the previous outputs
 * stay, exit 130 or 143) or after it (every output is new, exit 0): the
 * exit status says which set is on disk. */
#ifndef BILIM_CLI_OUTPUTS_H
#define BILIM_CLI_OUTPUTS_H

#include "base/error.h"
#include "base/outset.h"
#include "formats/scenario_load.h"

/* Commits set unless SIGINT or SIGTERM has come (BILIM_EINTR: nothing was
 * replaced; the caller frees the set, which removes the temporaries).
 * Errors otherwise: those of bilim_outset_commit. */
int bilim_outputs_commit(bilim_outset *set, bilim_error *err);

#endif
