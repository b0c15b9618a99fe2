/* analysis/xlsx.c: see xlsx.h. */
#include "analysis/xlsx.h"
#include "analysis/compare_tables.h"

#include <math.h>
#include <stdio.h>
#include <xlsxwriter.h>

#define MAX_DECIMALS 3

/* A worksheet as a table sink. */
typedef struct xlsx_sink {
    bilim__sink base;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_format *number[MAX_DECIMALS + 1];  /* by decimals */
    lxw_row_t row;
    lxw_col_t col;
    lxw_error status;                      /* the first error */
} xlsx_sink;

static void keep(xlsx_sink *o, lxw_error e)
{
    if (o->status == LXW_NO_ERROR)
        o->status = e;
}

static void xlsx_text(bilim__sink *s, const char *v)
{
    xlsx_sink *o = (xlsx_sink *)s;
    if (v[0])
        keep(o, worksheet_write_string(o->ws, o->row, o->col, v, s->in_header ? o->bold : NULL));
    o->col++;
}

static void xlsx_number(bilim__sink *s, double x, int decimals)
{
    xlsx_sink *o = (xlsx_sink *)s;
    int d = decimals < 0 ? 0 : decimals > MAX_DECIMALS ? MAX_DECIMALS : decimals;
    if (isfinite(x))
        keep(o, worksheet_write_number(o->ws, o->row, o->col, x, o->number[d]));
    o->col++;
}

static void xlsx_end_row(bilim__sink *s)
{
    xlsx_sink *o = (xlsx_sink *)s;
    o->row++;
    o->col = 0;
}

int bilim_xlsx_write(const bilim_comparison *c, const char *path, bilim_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return bilim_error_set(err, BILIM_EIO, "cannot create the workbook %s", path);
    static const char *const formats[MAX_DECIMALS + 1] = {"#,##0", "#,##0.0", "#,##0.00",
                                                          "#,##0.000"};
    xlsx_sink o = {{xlsx_text, xlsx_number, xlsx_end_row, 0}, NULL, NULL, {NULL}, 0, 0,
                   LXW_NO_ERROR};
    o.bold = workbook_add_format(wb);
    format_set_bold(o.bold);
    format_set_text_wrap(o.bold);
    for (int d = 0; d <= MAX_DECIMALS; d++) {
        o.number[d] = workbook_add_format(wb);
        format_set_num_format(o.number[d], formats[d]);
    }
    for (int k = 0; k < BILIM_CSV_N_FILES && o.status == LXW_NO_ERROR; k++) {
        o.ws = workbook_add_worksheet(wb, bilim__compare_tables[k].sheet);
        if (!o.ws) {
            o.status = LXW_ERROR_MEMORY_MALLOC_FAILED;
            break;
        }
        o.row = 0;
        o.col = 0;
        bilim__compare_tables[k].write(c, &o.base);
        worksheet_freeze_panes(o.ws, 1, 0);
        worksheet_set_column(o.ws, 0, 0, 24, NULL);
        worksheet_set_column(o.ws, 1, 30, 14, NULL);
    }
    lxw_error closed = workbook_close(wb); /* frees wb, also after an error */
    if (o.status == LXW_NO_ERROR)
        o.status = closed;
    if (o.status != LXW_NO_ERROR)
        return bilim_error_set(err, o.status == LXW_ERROR_MEMORY_MALLOC_FAILED ? BILIM_ENOMEM
                                                                               : BILIM_EIO,
                               "cannot write the workbook %s: %s", path,
                               lxw_strerror(o.status));
    return BILIM_OK;
}
