/* analysis/report_text.h: the report's words and tables (report_text.c,
 * report_tables.c). Not a public interface: used by report.c. */
#ifndef BILIM_REPORT_TEXT_H
#define BILIM_REPORT_TEXT_H

#include <stddef.h>
#include <stdio.h>
#include "analysis/report.h"

/* "16,100": v rounded to a whole number with thousands separators. */
void bilim__report_fmt_int(double v, char *buf, size_t n);

/* A difference in the row's unit, signed: "+4.2 pp", "+16,100", "+3.5 months",
 * "1.2 billion KZT"; "-" when not defined. */
void bilim__report_fmt_diff(const bilim_effect_row *row, double v, char *buf, size_t n);

/* A difference in a share as percentage points, signed: "+0.42 pp". */
void bilim__report_fmt_pp(double share, char *buf, size_t n);

/* A level in the row's unit: "31.5%", "16,100", "34.2 months"; "not reached". */
void bilim__report_fmt_level(const bilim_effect_row *row, double v, char *buf, size_t n);

/* "Jan 2027": the calendar month of model month t (month 0 is c's start
 * date). Every date in the report goes through here, so a translation
 * changes it in one place. */
void bilim__report_fmt_date(const bilim_comparison *c, int32_t t, char *buf, size_t n);

/* Words for a cost per additional teacher that is not a number: "lowers
 * routine use" (fewer teachers), "no effect"; NULL when ce has a ratio. */
const char *bilim__report_ce_words(const bilim_ce *ce);

/* The change an option makes to the urban-rural gap g, without signs to
 * decode: *what is "0.91 pp narrower", "0.40 pp wider" or "unchanged"
 * (at the precision shown); *ci is "95% CI 0.50 to 1.30 pp narrower",
 * "95% CI from 0.30 pp wider to 1.30 pp narrower", or "" without an
 * interval. Returns -1 (narrower), +1 (wider) or 0 (unchanged). */
int bilim__report_gap_change(const bilim_effect_row *g, char *what, size_t nw, char *ci,
                             size_t nc);

/* For a run on a proportional sample of a preset population (--schools):
 * the preset's schools divided by the sample's, the factor by which
 * budgets and programme sizes were scaled down (bilim_scenario_sample);
 * *national_schools (may be NULL) receives the preset's schools. 0 when
 * the run is not a sample. */
double bilim__report_national_factor(const bilim_report_input *in, int32_t *national_schools);

/* Plain words for a metric name ("Teachers in routine use, rural schools"). */
void bilim__report_metric_label(const char *metric, char *buf, size_t n);

/* How the intervals were computed, one sentence. */
void bilim__report_method_text(const bilim_comparison *c, char *buf, size_t n);

/* The key findings (a list of plain sentences). */
void bilim__report_findings(const bilim_report_input *in, FILE *f);

/* "How to read this report": the definitions and what an interval means. */
void bilim__report_how_to_read(const bilim_report_input *in, FILE *f);

/* Every effect row of every option, and the months-to-threshold table. */
void bilim__report_all_results(const bilim_report_input *in, FILE *f);

/* Each scenario's interventions and its resolved JSON. */
void bilim__report_scenarios(const bilim_report_input *in, FILE *f);

/* The section "Assumptions behind each option's effect" (report_assumptions.c). */
void bilim__report_assumptions(const bilim_report_input *in, FILE *f);

#endif
