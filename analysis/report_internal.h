/* analysis/report_internal.h: shared between report.c (page and tables) and
 * report_charts.c (charts). Not a public interface. */
#ifndef BILIM_REPORT_INTERNAL_H
#define BILIM_REPORT_INTERNAL_H

#include <stdio.h>
#include "analysis/plot.h"
#include "analysis/report.h"

/* Writes s to f with &, <, >, " and ' escaped for HTML text and attributes. */
void bilim__report_html(FILE *f, const char *s);

/* The same, with a line-break opportunity (<wbr>) after each '_', so long
 * scenario names wrap in narrow table cells. */
void bilim__report_html_breakable(FILE *f, const char *s);

/* The colour of scenario s in every chart and table ("#0072B2"). */
const char *bilim__report_colour(int32_t s);

/* Scenario s's marker in its colour (HTML): the key to it in every chart
 * and table. */
void bilim__report_key(FILE *f, int32_t s);

/* A gnuplot script under construction (open_memstream). */
typedef struct bilim__report_script {
    char *text;
    size_t len;
    FILE *f;
} bilim__report_script;

int bilim__report_script_open(bilim__report_script *s, bilim_error *err);

/* Closes and renders the script in s (w x h pixels) and writes a figure
 * with its caption (HTML) to html: the HTML key of c's scenarios from
 * legend_from first (c NULL: no key). */
int bilim__report_figure(bilim_plot *p, bilim__report_script *s, int w, int h, const char *id,
                         const char *title, const char *caption, const bilim_comparison *c,
                         int32_t legend_from, FILE *html, bilim_error *err);

/* "How sure is this ranking?": the lead section of a propagated comparison
 * (in->psa). Errors: BILIM_EIO (gnuplot), BILIM_ENOMEM. */
int bilim__report_uncertainty(const bilim_report_input *in, FILE *f, bilim_error *err);

/* "How the effect grows with the lever": the curves of in->sweeps.
 * Errors: BILIM_EIO (gnuplot), BILIM_ENOMEM. */
int bilim__report_sweeps(const bilim_report_input *in, FILE *f, bilim_error *err);

/* Writes the charts section (headings, inline SVG, captions) to f.
 * Errors: BILIM_EIO (gnuplot), BILIM_ENOMEM. */
int bilim__report_charts(const bilim_report_input *in, FILE *f, bilim_error *err);

/* "Effects by region" (report_regions.c): the picker, tile maps and tables,
 * or a note saying how to record per-region series; and its CSS rules. */
void bilim__report_regions(const bilim_report_input *in, FILE *f);
void bilim__report_regions_css(const bilim_report_input *in, FILE *f);

/* The section "What each part of the package adds" (report_parts.c), when
 * an option is a package, and its style rules. */
void bilim__report_parts(const bilim_report_input *in, FILE *f);
void bilim__report_parts_css(const bilim_report_input *in, FILE *f);

#endif
