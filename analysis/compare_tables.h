/* analysis/compare_tables.h: the comparison's tables (summary, all
 * results, ranking, series, effect over time, replicates, regions, notes),
 * defined once and written into a sink: a CSV file (csv.c) or a workbook
 * sheet (xlsx.c). Columns and units: docs/compare.md, "CSV files". Not a
 * public interface: used only inside analysis/. */
#ifndef BILIM_COMPARE_TABLES_H
#define BILIM_COMPARE_TABLES_H

#include "analysis/compare.h"
#include "analysis/csv.h"

/* Where a table's cells go, left to right, row by row. */
typedef struct bilim__sink bilim__sink;
struct bilim__sink {
    void (*text)(bilim__sink *s, const char *v);
    /* x in the column's unit, shown with `decimals` places; NaN or
     * infinity: an empty cell. */
    void (*number)(bilim__sink *s, double x, int decimals);
    void (*end_row)(bilim__sink *s);
    int in_header;  /* 1 while the header row is written */
};

typedef struct bilim__table {
    const char *file;   /* "summary.csv" */
    const char *sheet;  /* "Summary": the workbook's sheet */
    void (*write)(const bilim_comparison *c, bilim__sink *s);
} bilim__table;

extern const bilim__table bilim__compare_tables[BILIM_CSV_N_FILES];

#endif
