/* analysis/csv.h: the comparison as spreadsheet-ready CSV files (--csv DIR;
 * the columns are documented in docs/compare.md).
 *
 * Files: comparison.csv (one row per option and metric), ranking.csv,
 * series.csv (per scenario, quantity and month: mean and 5/50/95%
 * quantiles), differences.csv (paired difference in routine use per month,
 * with its interval) and replicates.csv (each replicate's horizon values).
 * RFC 4180: comma-separated, a header row, "." decimals, fields with commas
 * or quotes quoted. Numbers are written with the fewest digits that read back
 * to the same double; a value that is not defined (no interval from one
 * replicate, infinite cost per teacher, threshold not reached) is an empty
 * cell and a status or note column says why. Each file is written to a
 * temporary name and renamed, so a file is either complete or absent. */
#ifndef BILIM_CSV_H
#define BILIM_CSV_H

#include <stdio.h>
#include "analysis/compare.h"
#include "base/error.h"

/* Writes the files into dir, creating dir (not its parents) when missing.
 * Errors: BILIM_EIO (message names the file and the system's reason). */
int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir, bilim_error *err);

/* Creates dir (not its parents) when missing; fails when it is a file or
 * cannot be written. Errors: BILIM_EIO. */
int bilim_csv_prepare_dir(const char *dir, bilim_error *err);

/* Writes the text file at path through a temporary file (PATH.tmp-PID)
 * renamed into place, so the file is complete or absent: fn(arg, f) writes
 * the content. Errors: BILIM_EIO (the message names the file and the
 * system's reason). */
typedef void (*bilim_csv_writer_fn)(const void *arg, FILE *f);
int bilim_csv_write_file(const char *path, bilim_csv_writer_fn fn, const void *arg,
                         bilim_error *err);

/* One CSV field: x with the fewest significant digits (up to 17) that read
 * back exactly; nothing for NaN or infinity. */
void bilim_csv_number(FILE *f, double x);

/* One CSV field: s, quoted when it holds a comma, quote or line break. */
void bilim_csv_string(FILE *f, const char *s);

#endif
