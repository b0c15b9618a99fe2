/* analysis/psa_write.h: an analysis under uncertainty (analysis/psa.h) in
 * the result file and as CSV files (docs/compare.md lists every dataset and
 * column).
 *
 * HDF5, under /comparison/uncertainty: effects (table), rank_probability
 * (option, rank), rank_probability_net_benefit (scenario, rank), ceac
 * (wtp_kzt, scenario), evpi (wtp_kzt), ceaf (table), evppi
 * (parameter_or_group), evppi_by_wtp (parameter_or_group, wtp_kzt),
 * evppi_items (table), frontier (table), draws (draw, scenario, quantity),
 * discovery/ (analysis/discovery_write.h).
 * The design and its runs are formats/design_write.h (/design).
 *
 * CSV, into a folder: runs.csv (one row per run), factors.csv,
 * uncertainty_effects.csv, rank_probability.csv, ceac.csv, evppi.csv,
 * frontier.csv, discovery.csv; each written to a temporary name and renamed. */
#ifndef BILIM_PSA_WRITE_H
#define BILIM_PSA_WRITE_H

#include <stdio.h>
#include "analysis/psa.h"
#include "base/error.h"
#include "base/outset.h"
#include "formats/output_write.h"
#include "sim/design.h"

int bilim_psa_write(bilim_output *o, const bilim_psa_result *r, bilim_error *err);

/* The CSV files of a propagated comparison ("runs.csv", "factors.csv",
 * "uncertainty_effects.csv", "rank_probability.csv", "ceac.csv",
 * "evppi.csv", "frontier.csv", "discovery.csv"), in the folder dir that the caller has
 * declared (bilim_csv_declare): bilim_psa_csv_declare adds them to set,
 * *first receiving the first one's index (the others follow);
 * bilim_psa_csv_write_set writes them into the opened set's streams.
 * Errors: those of bilim_outset_file and bilim_outset_stream. */
/* The table of a design's runs as CSV (runs.csv): run, point, particle,
 * scenario, replicate, seed, every factor, the posterior columns, the
 * outputs; one row per run. */
void bilim_psa_csv_runs(FILE *f, const bilim_design *d, const bilim_design_record *rec);

int bilim_psa_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err);
int bilim_psa_csv_write_set(bilim_outset *set, int first, const bilim_design *d,
                            const bilim_design_record *records, const bilim_psa_result *r,
                            bilim_error *err);

#endif
