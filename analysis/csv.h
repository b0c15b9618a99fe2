/* analysis/csv.h: the comparison as spreadsheet-ready CSV files (--csv DIR;
 * the columns are documented in docs/compare.md).
 *
 * Files: comparison.csv (one row per option and metric), ranking.csv,
 * series.csv (per scenario, quantity and month: mean and 5/50/95%
 * quantiles), differences.csv (paired difference in routine use per month,
 * with its interval), replicates.csv (each replicate's horizon values) and
 * regions.csv (the effect by region with its interval, in percentage points;
 * the header only when per-region series were not recorded).
 * RFC 4180: comma-separated, a header row, "." decimals, fields with commas
 * or quotes quoted. Numbers are written with the fewest digits that read back
 * to the same double; a value that is not defined (no interval from one
 * replicate, infinite cost per teacher, threshold not reached) is an empty
 * cell and a status or note column says why. The files are written through
 * an output set (base/outset.h): they replace the previous ones all
 * together, or not at all. */
#ifndef BILIM_CSV_H
#define BILIM_CSV_H

#include <stdio.h>
#include "analysis/compare.h"
#include "base/error.h"
#include "base/outset.h"

#define BILIM_CSV_N_FILES 6

/* "comparison.csv", "ranking.csv", "series.csv", "differences.csv",
 * "replicates.csv", "regions.csv" for k = 0..5; NULL otherwise. */
const char *bilim_csv_file_name(int k);

/* Declares the folder dir (created when missing, not its parents) and its
 * six files as outputs of set; *first receives the first file's index
 * (the others follow). Errors: those of bilim_outset_folder/_file. */
int bilim_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err);

/* Declares dir/names[k], k = 0..n-1, as "--csv" outputs of set (the folder
 * itself is the caller's: bilim_outset_folder); *first receives the first
 * one's index, the others follow. Errors: those of bilim_outset_file. */
int bilim_csv_declare_files(bilim_outset *set, const char *dir, const char *const *names, int n,
                            int *first, bilim_error *err);

/* Writes the six files into the streams of the (opened) set; the set's
 * commit reports write errors. */
int bilim_csv_write_set(const bilim_comparison *c, bilim_outset *set, int first,
                        bilim_error *err);

/* The six files into dir through a set of their own. Errors: BILIM_EUSAGE
 * (dir, or a file in it, refused by the output policy), BILIM_EIO. */
int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir, bilim_error *err);

/* One CSV field: x with the fewest significant digits (up to 17) that read
 * back exactly; nothing for NaN or infinity. */
void bilim_csv_number(FILE *f, double x);

/* One CSV field: x rounded to `decimals` places in fixed notation (never
 * scientific, no "-0"); nothing for NaN or infinity. */
void bilim_csv_fixed(FILE *f, double x, int decimals);

/* One CSV field: s, quoted when it holds a comma, quote or line break. */
void bilim_csv_string(FILE *f, const char *s);

/* The same after a comma: a field that is not the row's first. */
void bilim_csv_next_number(FILE *f, double x);
void bilim_csv_next_string(FILE *f, const char *s);

#endif
