/* analysis/discovery_write.h: scenario discovery (analysis/discovery.h) in
 * the result file and as CSV rows (docs/compare.md lists them).
 *
 * HDF5, under /comparison/uncertainty/discovery: attributes (method,
 * settings, top option); boxes (table: one row per competitor: winner,
 * against, p_best, p_wins, found, mass, coverage, density, restricted,
 * chosen_step, sentence); limits (pair x input x bound: the box's lower and
 * upper limit, NaN where the box does not restrict the input); trajectory
 * (pair x step x stat: the peeling trajectory's mass, coverage, density,
 * restricted, NaN past a pair's last step). */
#ifndef BILIM_DISCOVERY_WRITE_H
#define BILIM_DISCOVERY_WRITE_H

#include <stdio.h>
#include "analysis/discovery.h"
#include "base/error.h"
#include "formats/output_write.h"

/* top_name: the top option's name ("" for none). Without pairs only the
 * group's attributes are written. */
int bilim_discovery_write(bilim_output *o, const bilim_discovery *dc, const char *top_name,
                          bilim_error *err);

/* discovery.csv: one row per competitor and restricted input (one row with
 * empty input columns when the box restricts none): winner, against,
 * p_best, p_wins, found, mass, coverage, density, input, description,
 * lower, upper (empty: no limit on that side), sentence. */
void bilim_discovery_csv(FILE *f, const bilim_discovery *dc);

#endif
