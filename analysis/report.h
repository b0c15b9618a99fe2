/* analysis/report.h: the HTML report of a comparison (docs/compare.md).
 *
 * One self-contained HTML file a policy analyst can read and forward: a
 * summary in plain words and a table (effect with its 95% interval, cost,
 * KZT per additional teacher in routine use, equity), rankings with the
 * budget caveat, charts drawn by gnuplot and embedded as inline SVG
 * (analysis/plot.h), all results, and at the end the scenario definitions
 * (resolved JSON) and provenance. A comparison run with --draws leads with
 * "How sure is this ranking?" (analysis/report_psa.c). No scripts, external fonts, images or
 * links: it opens without network access. */
#ifndef BILIM_REPORT_H
#define BILIM_REPORT_H

#include <stdio.h>
#include "analysis/compare.h"
#include "analysis/psa.h"
#include "analysis/sweep_curve.h"
#include "base/error.h"
#include "sim/runner.h"

typedef struct bilim_report_input {
    const bilim_comparison *cmp;
    const bilim_run_result *runs;     /* cmp's scenarios, in the same order */
    const char *const *jsons;         /* resolved scenario JSON of each (may hold NULLs) */
    const char *result_file;          /* the HDF5 file the results are in, or NULL */
    const char *command;              /* the command line that made them, or NULL */
    const char *results_by;           /* "bilim 0.1.0 (commit abc123)" that computed the
                                         results, or NULL: this program */
    const bilim_psa_result *psa;      /* the comparison under uncertainty (--draws), or NULL:
                                         then the report leads with "How sure is this
                                         ranking?" */
    const bilim_sweep_curve *sweeps;  /* sweeps over policy levers, or NULL */
    int n_sweeps;
} bilim_report_input;

/* Writes the report to f (an output set's stream: the set's commit reports
 * write errors). Errors: BILIM_EIO (gnuplot missing or failing: the message
 * says which package to install), BILIM_ENOMEM. */
int bilim_report_write_stream(const bilim_report_input *in, FILE *f, bilim_error *err);

/* The report to path through an output set of its own (base/outset.h):
 * path is replaced whole or left untouched. Errors: as above, and those of
 * bilim_outset_file (BILIM_EUSAGE: a path the policy refuses). */
int bilim_report_write(const bilim_report_input *in, const char *path, bilim_error *err);

#endif
