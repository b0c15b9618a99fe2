/* analysis/report.c: the report page: summary, tables, scenario definitions
 * and provenance (report.h). Charts are in report_charts.c, the longer
 * tables in report_tables.c. */
#include "analysis/report.h"
#include "analysis/report_internal.h"
#include "analysis/report_text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/outset.h"
#include "base/version.h"
#include "formats/output_info.h"

void bilim__report_html(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

void bilim__report_html_breakable(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        char one[2] = {*s, '\0'};
        bilim__report_html(f, one);
        if (*s == '_' && s[1])
            fputs("<wbr>", f);
    }
}

static const char *css =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif;color:#1d1d1d;max-width:1060px;margin:0 auto;padding:24px 28px 60px;"
    "line-height:1.5;background:#fff}\n"
    "h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.3em;margin:2em 0 .5em;"
    "border-bottom:2px solid #e4e4e4;padding-bottom:4px}h3{font-size:1.08em;margin:1.4em 0 .4em}\n"
    ".sub{color:#555;margin:0 0 1.2em}\n"
    "table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.93em}\n"
    "th,td{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#f3f5f8;font-weight:600}td.n{text-align:right}\n"
    "#summary-table td:first-child{min-width:10em}\n"
    "table.results{table-layout:fixed}table.results td{overflow-wrap:anywhere}\n"
    ".mk{flex:none;display:inline-block;width:1.1em;margin-right:4px;text-align:center;"
    "font-size:1.05em;line-height:1}\n"
    ".findings{background:#f6f9fc;border-left:4px solid #1f77b4;padding:10px 18px;margin:1em 0}\n"
    ".findings li{margin:.35em 0}\n"
    ".note{background:#fff8e5;border-left:4px solid #e0a800;padding:8px 14px;margin:1em 0}\n"
    ".muted{color:#666;font-size:.9em}\n"
    "figure{margin:1em 0 1.6em}figure svg{width:100%;height:auto;display:block}\n"
    "figcaption{color:#444;font-size:.92em;margin-top:4px}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 20px;font-size:.9em;margin:.2em 0 .4em}\n"
    ".legend .ln{display:inline-block;width:28px;height:0;border-top:3px solid;"
    "vertical-align:middle;margin-right:7px}.legend .ln.dash{border-top-style:dashed}\n"
    ".opt{display:flex;align-items:baseline}.opt b{overflow-wrap:anywhere}\n"
    "pre{background:#f6f6f6;border:1px solid #e2e2e2;padding:10px;overflow:auto;"
    "max-height:420px;font-size:.82em;white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".bar{display:inline-block;height:.8em;border-radius:2px;vertical-align:baseline}\n"
    ".range{position:relative;height:1em;margin-top:.25em}.range span{position:absolute;"
    "top:.15em;height:.7em;border-radius:2px;opacity:.8}.range i{position:absolute;top:0;"
    "height:1em;border-left:2px solid #1d1d1d}.range i.zero{border-left:1px solid #999}\n"
    "dl.read dt{font-weight:600;margin-top:.6em}dl.read dd{margin:0 0 0 1.2em}\n"
    "@media print{pre{max-height:none}h2{break-after:avoid}figure{break-inside:avoid}}\n";

static void head(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char text[512];
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>", bilim_i18n_language());
    snprintf(text, sizeof text, _("bilim: policy options compared with %s"), c->names[0]);
    bilim__report_html(f, text);
    fprintf(f, "</title>\n<style>\n%s", css);
    bilim__report_regions_css(in, f);
    bilim__report_parts_css(in, f);
    fputs("</style>\n</head>\n<body>\n", f);
    fprintf(f, "<header>\n<h1>%s</h1>\n<p class=\"sub\">", _("Which option should we fund?"));
    fprintf(f, P_("%d policy option compared with the baseline", "%d policy options compared "
                  "with the baseline", c->n_scenarios - 1), c->n_scenarios - 1);
    fputs(" <b>", f);
    bilim__report_html(f, c->names[0]);
    char t[64], sch[64], d0[64], d1[64];
    bilim__report_fmt_int(c->teachers, t, sizeof t);
    bilim__report_fmt_int(c->schools, sch, sizeof sch);
    bilim__report_fmt_date(c, 0, d0, sizeof d0);
    bilim__report_fmt_date(c, c->months, d1, sizeof d1);
    /* TRANSLATORS: "by Sep 2031 (60 months after Sep 2026)". */
    fprintf(f, _("</b>: how many teachers use the innovations routinely by %s (%d months after "
                 "%s), in urban and rural schools, at what cost, and how sure the simulation "
                 "is."),
            d1, c->months, d0);
    fputc(' ', f);
    fprintf(f, P_("%s schools, %s teachers, %d replicate per scenario.",
                  "%s schools, %s teachers, %d replicates per scenario.", c->replicates),
            sch, t, c->replicates);
    fputs("</p>\n</header>\n", f);
}

static void swatch(FILE *f, int32_t s)
{
    bilim__report_key(f, s);
}

/* "<br>low to high", muted. */
static void range(FILE *f, const char *lo, const char *hi)
{
    char text[256];
    /* TRANSLATORS: an interval from lo to hi: "+3.93 pp to +3.99 pp". */
    snprintf(text, sizeof text, _("%s to %s"), lo, hi);
    fputs("<br><span class=\"muted\">", f);
    bilim__report_html(f, text);
    fputs("</span>", f);
}

/* One cell "value (low to high)" of a paired interval, in the row's unit. */
static void interval_cell(FILE *f, const bilim_effect_row *row)
{
    char v[64], lo[64], hi[64];
    bilim__report_fmt_diff(row, row->paired.mean, v, sizeof v);
    fputs("<td class=\"n\">", f);
    bilim__report_html(f, v);
    if (isfinite(row->paired.low) && isfinite(row->paired.high)) {
        bilim__report_fmt_diff(row, row->paired.low, lo, sizeof lo);
        bilim__report_fmt_diff(row, row->paired.high, hi, sizeof hi);
        range(f, lo, hi);
    } else if (row->paired.n < 2 && !isnan(row->paired.mean)) {
        fprintf(f, "<br><span class=\"muted\">%s</span>", _("no interval"));
    }
    fputs("</td>", f);
}

/* The change in the urban-rural gap in words ("0.91 pp narrower"). */
static void gap_cell(FILE *f, const bilim_effect_row *g)
{
    char what[64], ci[128];
    bilim__report_gap_change(g, what, sizeof what, ci, sizeof ci);
    fputs("<td class=\"n\">", f);
    bilim__report_html(f, what);
    if (ci[0]) {
        fputs("<br><span class=\"muted\">", f);
        bilim__report_html(f, ci);
        fputs("</span>", f);
    }
    fputs("</td>", f);
}

static void ce_cell(FILE *f, const bilim_effect_row *row)
{
    char v[64], lo[64], hi[64];
    const bilim_ce *ce = &row->ce;
    fputs("<td class=\"n\">", f);
    if (bilim__report_ce_words(ce)) {
        fputs(bilim__report_ce_words(ce), f);
        fprintf(f, "<br><span class=\"muted\">%s</span></td>",
                _("no cost per additional teacher"));
        return;
    }
    bilim_compare_format_kzt(ce->ratio, v, sizeof v);
    bilim__report_html(f, v);
    if (ce->bounded) {
        bilim_compare_format_kzt(ce->low, lo, sizeof lo);
        bilim_compare_format_kzt(ce->high, hi, sizeof hi);
        range(f, lo, hi);
    } else {
        fprintf(f, "<br><span class=\"muted\">%s</span>",
                ce->n < 2 ? _("no interval")
                          : _("interval unbounded: effect not distinguishable from 0"));
    }
    fputs("</td>", f);
}

static int rank_of(const int32_t *order, int32_t n, int32_t o)
{
    for (int32_t i = 0; i < n; i++)
        if (order[i] == o)
            return i + 1;
    return 0;
}

static void summary_table(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char d[64];
    double national = bilim__report_national_factor(in, NULL);
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fprintf(f, _("<table id=\"summary-table\">\n<tr><th>Option</th><th>Effect on routine use by "
                 "%s<br><span class=\"muted\">percentage points, 95%% CI</span></th>"
                 "<th>Additional teachers in routine use</th><th>Additional cost by %s</th>"
                 "<th>KZT per additional teacher in routine use<br><span class=\"muted\">95%% "
                 "CI</span></th><th>Equity: the urban&#8211;rural gap in routine use<br><span "
                 "class=\"muted\">percentage points, 95%% CI</span></th><th>Rank<br><span "
                 "class=\"muted\">effect / value</span></th></tr>\n"),
            d, d);
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
        const bilim_effect_row *a = bilim_compare_row(c, o, "additional_teachers_routine");
        const bilim_effect_row *g = bilim_compare_row(c, o, "rural_urban_gap");
        char cost[64];
        bilim_compare_format_kzt(h->cost_kzt, cost, sizeof cost);
        fputs("<tr><td><div class=\"opt\">", f);
        swatch(f, o);
        fputs("<b>", f);
        bilim__report_html_breakable(f, c->names[o]);
        fputs("</b></div></td>", f);
        interval_cell(f, h);
        interval_cell(f, a);
        fputs("<td class=\"n\">", f);
        bilim__report_html(f, cost);
        if (national > 0) {
            char nat[64];
            bilim_compare_format_kzt(h->cost_kzt * national, nat, sizeof nat);
            char text[128];
            snprintf(text, sizeof text, _("national: about %s"), nat);
            fputs("<br><span class=\"muted\">", f);
            bilim__report_html(f, text);
            fputs("</span>", f);
        }
        fputs("</td>", f);
        ce_cell(f, h);
        if (g) {
            gap_cell(f, g);
        } else {
            fprintf(f, "<td>%s</td>", _("not recorded"));
        }
        fprintf(f, "<td class=\"n\">%d / %d</td></tr>\n",
                rank_of(c->rank_effect, c->n_scenarios - 1, o),
                rank_of(c->rank_ce, c->n_scenarios - 1, o));
    }
    fputs("</table>\n", f);
}

static void rankings(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    fprintf(f, "%s", _("<h3>Rankings</h3>\n<table id=\"rankings\"><tr><th>Rank</th><th>By "
                       "effect on routine use</th><th>By KZT per additional teacher in routine "
                       "use</th></tr>\n"));
    for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
        int32_t a = c->rank_effect[i], b = c->rank_ce[i];
        char v[64], w[64];
        bilim__report_fmt_diff(bilim_compare_row(c, a, "adoption_routine"),
                              bilim_compare_row(c, a, "adoption_routine")->paired.mean, v,
                              sizeof v);
        const bilim_ce *ce = &bilim_compare_row(c, b, "adoption_routine")->ce;
        if (bilim__report_ce_words(ce))
            snprintf(w, sizeof w, "%s", bilim__report_ce_words(ce));
        else
            bilim_compare_format_kzt(ce->ratio, w, sizeof w);
        fprintf(f, "<tr><td class=\"n\">%d</td><td>", i + 1);
        swatch(f, a);
        bilim__report_html(f, c->names[a]);
        fputs(" <span class=\"muted\">(", f);
        bilim__report_html(f, v);
        fputs(")</span></td><td>", f);
        swatch(f, b);
        bilim__report_html(f, c->names[b]);
        fputs(" <span class=\"muted\">(", f);
        bilim__report_html(f, w);
        fputs(")</span></td></tr>\n", f);
    }
    fprintf(f, "</table>\n<p class=\"note\"><b>%s</b> ", _("Budgets."));
    char note[sizeof c->budget_note];
    bilim_compare_budget_text(c, note, sizeof note);
    bilim__report_html(f, note);
    fputs("</p>\n", f);
}

static void summary(const bilim_report_input *in, FILE *f)
{
    fprintf(f, "<section id=\"summary\">\n<h2>%s</h2>\n", _("Summary"));
    bilim__report_findings(in, f);
    summary_table(in, f);
    rankings(in, f);
    bilim__report_how_to_read(in, f);
    fputs("</section>\n", f);
}

static void provenance(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char libs[256], t[64], sch[64], d0[64], d1[64];
    bilim__report_fmt_date(c, 0, d0, sizeof d0);
    bilim__report_fmt_date(c, c->months, d1, sizeof d1);
    bilim_output_library_versions(libs, sizeof libs);
    bilim__report_fmt_int(c->teachers, t, sizeof t);
    bilim__report_fmt_int(c->schools, sch, sizeof sch);
    fprintf(f, "<section id=\"provenance\">\n<h2>%s</h2>\n<table>\n", _("Provenance"));
    fprintf(f, "<tr><th>%s</th><td>", _("Results computed by"));
    if (in->results_by)
        bilim__report_html(f, in->results_by);
    else
        fprintf(f, _("bilim %s (commit %s)"), bilim_version(), bilim_version_git_commit());
    fprintf(f, _("</td></tr>\n<tr><th>Report built by</th><td>bilim %s (commit %s); %s; charts "
                 "by gnuplot (SVG)</td></tr>\n"), bilim_version(), bilim_version_git_commit(),
            libs);
    if (in->result_file) {
        fprintf(f, "<tr><th>%s</th><td>", _("Results file"));
        bilim__report_html(f, in->result_file);
        fprintf(f, " <span class=\"muted\">%s</span></td></tr>\n",
                _("(HDF5; every replicate's monthly series, and the comparison under "
                  "/comparison)"));
    }
    if (in->command) {
        fprintf(f, "<tr><th>%s</th><td><code>", _("Command"));
        bilim__report_html(f, in->command);
        fputs("</code></td></tr>\n", f);
    }
    fprintf(f, _("<tr><th>Seed</th><td>%llu (common to every scenario)</td></tr>\n"
                 "<tr><th>Replicates</th><td>%d per scenario, paired by replicate</td></tr>\n"
                 "<tr><th>Horizon</th><td>%d months: month 0 is %s, month %d is %s</td></tr>\n"
                 "<tr><th>Population</th><td>%s schools, %s teachers</td></tr>\n"),
            (unsigned long long)c->seed, c->replicates, c->months, d0, c->months, d1, sch, t);
    char method[512];
    bilim__report_method_text(c, method, sizeof method);
    fprintf(f, "<tr><th>%s</th><td>%s</td></tr>\n", _("Intervals"), method);
    fputs("</table>\n</section>\n", f);
}

static int write_page(const bilim_report_input *in, FILE *f, bilim_error *err)
{
    head(in, f);
    int rc = in->psa ? bilim__report_uncertainty(in, f, err) : BILIM_OK;
    if (!rc && in->psa && in->n_sweeps > 0)
        rc = bilim__report_sweeps(in, f, err);
    if (rc)
        return rc;
    summary(in, f);
    if (!in->psa && in->n_sweeps > 0)
        rc = bilim__report_sweeps(in, f, err);
    if (!rc)
        rc = bilim__report_charts(in, f, err);
    if (rc)
        return rc;
    bilim__report_parts(in, f);
    bilim__report_regions(in, f);
    bilim__report_all_results(in, f);
    bilim__report_assumptions(in, f);
    bilim__report_scenarios(in, f);
    provenance(in, f);
    fprintf(f, "<p class=\"muted\">%s</p>\n</body>\n</html>\n",
            _("Made with bilim, an open-source agent-based simulator of how educational "
              "innovations spread through Kazakhstan's schools."));
    return BILIM_OK;
}

int bilim_report_write_stream(const bilim_report_input *in, FILE *f, bilim_error *err)
{
    return write_page(in, f, err);
}

int bilim_report_write(const bilim_report_input *in, const char *path, bilim_error *err)
{
    bilim_outset *set = bilim_outset_alloc();
    int rc = set ? bilim_outset_file(set, path, "report", 0, NULL, err)
                 : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_outset_open(set, err);
    FILE *f = rc ? NULL : bilim_outset_stream(set, 0, err);
    if (!rc && !f)
        rc = err ? err->code : BILIM_EIO;
    if (!rc)
        rc = write_page(in, f, err);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}
