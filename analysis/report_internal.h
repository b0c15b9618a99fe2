/* analysis/report_internal.h: shared between report.c (page and tables) and
 * report_charts.c (charts). Not a public interface. */
#ifndef BILIM_REPORT_INTERNAL_H
#define BILIM_REPORT_INTERNAL_H

#include <stdio.h>
#include "analysis/report.h"

/* Writes s to f with &, <, >, " and ' escaped for HTML text and attributes. */
void bilim__report_html(FILE *f, const char *s);

/* The same, with a line-break opportunity (<wbr>) after each '_', so long
 * scenario names wrap in narrow table cells. */
void bilim__report_html_breakable(FILE *f, const char *s);

/* The colour of scenario s in every chart and table ("#1f77b4"). */
const char *bilim__report_colour(int32_t s);

/* Writes the charts section (headings, inline SVG, captions) to f.
 * Errors: BILIM_EIO (gnuplot), BILIM_ENOMEM. */
int bilim__report_charts(const bilim_report_input *in, FILE *f, bilim_error *err);

#endif
