/* analysis/csv.h: the comparison as spreadsheet-ready CSV files (--csv DIR;
 * the columns and the naming rule are documented in docs/compare.md, "CSV
 * files").
 *
 * Files: summary.csv (the report's summary table, one row per option),
 * comparison.csv (one row per option and metric), ranking.csv, series.csv
 * (per scenario, quantity and month: mean and 5/50/95% quantiles),
 * differences.csv (the effect per month with its interval), replicates.csv
 * (each replicate's horizon values), regions.csv (the effect by region with
 * its interval; the header only when per-region series were not recorded),
 * package_parts.csv (what each part of a package adds, the interaction and
 * the schools the parts reached; the header only without packages)
 * and notes.csv (the budget note, the interval method and each row's note).
 * Values are in the units the column names end with (_pct, _pp, _kzt ...),
 * rounded to the report's precision or finer (percent and percentage points
 * 3 decimals, tenge and teachers whole, months 1 decimal), never in
 * scientific notation. A value that is not defined is an empty cell and a
 * status column or notes.csv says why. RFC 4180 with ',' between fields and
 * '.' decimals, or with bilim_csv_format "ru" ';' and ','. The files are
 * written through an output set (base/outset.h): they replace the previous
 * ones all together, or not at all. */
#ifndef BILIM_CSV_H
#define BILIM_CSV_H

#include <stdio.h>
#include "analysis/compare.h"
#include "base/error.h"
#include "base/outset.h"

#define BILIM_CSV_N_FILES 9

/* Field separator and decimal mark of the comparison's files. */
typedef struct bilim_csv_format {
    char sep;      /* ',' or ';' */
    char decimal;  /* '.' or ',' */
} bilim_csv_format;

/* "en" / "point": ',' and '.'; "ru" / "kk" / "comma": ';' and ','.
 * Errors: BILIM_EUSAGE naming the choices. */
int bilim_csv_format_parse(const char *name, bilim_csv_format *fmt, bilim_error *err);

/* The file names above in that order for k = 0..BILIM_CSV_N_FILES - 1;
 * NULL otherwise. */
const char *bilim_csv_file_name(int k);

/* Declares the folder dir (created when missing, not its parents) and its
 * files as outputs of set; *first receives the first file's index
 * (the others follow). Errors: those of bilim_outset_folder/_file. */
int bilim_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err);

/* Declares dir/names[k], k = 0..n-1, as "--csv" outputs of set (the folder
 * itself is the caller's: bilim_outset_folder); *first receives the first
 * one's index, the others follow. Errors: those of bilim_outset_file. */
int bilim_csv_declare_files(bilim_outset *set, const char *dir, const char *const *names, int n,
                            int *first, bilim_error *err);

/* Writes the files into the streams of the (opened) set in format fmt
 * (NULL: ',' and '.'); the set's commit reports write errors. */
int bilim_csv_write_set(const bilim_comparison *c, bilim_outset *set, int first,
                        const bilim_csv_format *fmt, bilim_error *err);

/* The files into dir through a set of their own (fmt as above). Errors:
 * BILIM_EUSAGE (dir, or a file in it, refused by the output policy),
 * BILIM_EIO. */
int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir,
                               const bilim_csv_format *fmt, bilim_error *err);

/* One CSV field: x with the fewest significant digits (up to 17) that read
 * back exactly; nothing for NaN or infinity. */
void bilim_csv_number(FILE *f, double x);

/* One CSV field: x rounded to `decimals` places in fixed notation (never
 * scientific, no "-0"), '.' decimals; nothing for NaN or infinity. */
void bilim_csv_fixed(FILE *f, double x, int decimals);

/* One CSV field: s, quoted when it holds a comma, quote or line break. */
void bilim_csv_string(FILE *f, const char *s);

/* The same after a comma: a field that is not the row's first. */
void bilim_csv_next_number(FILE *f, double x);
void bilim_csv_next_string(FILE *f, const char *s);

#endif
