/* analysis/xlsx.h: the comparison as an Excel workbook (--xlsx FILE),
 * written with libxlsxwriter (Debian: libxlsxwriter-dev).
 *
 * One sheet per table of the CSV files (analysis/compare_tables.h: Summary,
 * All results, Ranking, Over time, Effect over time, Replicates, Regions,
 * Notes; the two "over time" sheets are the charts' data), in the same
 * columns and units. Numbers are stored at full precision and shown with
 * the CSV's decimals (thousands separated: "#,##0.000"), the header row is
 * bold and frozen, an undefined value is an empty cell. */
#ifndef BILIM_XLSX_H
#define BILIM_XLSX_H

#include "analysis/compare.h"
#include "base/error.h"

/* Writes the workbook to path, opened by name: an output set's temporary
 * file (bilim_outset_temp), which the set then renames. Errors: BILIM_EIO
 * (libxlsxwriter's message), BILIM_ENOMEM. */
int bilim_xlsx_write(const bilim_comparison *c, const char *path, bilim_error *err);

#endif
