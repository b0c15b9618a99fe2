/* analysis/report_tables.c: the report's detailed tables: every result of
 * every option, and each scenario's definition (report_text.h). */
#include "analysis/report_internal.h"
#include "analysis/report_text.h"

#include <math.h>
#include <string.h>
#include "base/i18n.h"

static void cell(FILE *f, const char *text, int numeric)
{
    fputs(numeric ? "<td class=\"n\">" : "<td>", f);
    bilim__report_html(f, text);
    fputs("</td>", f);
}

/* "value<br>lo to hi" (the interval muted, omitted when not defined or of
 * zero width). */
static void value_range_cell(FILE *f, const char *v, const char *lo, const char *hi)
{
    fputs("<td class=\"n\">", f);
    bilim__report_html(f, v);
    if (lo && hi) {
        char text[256];
        snprintf(text, sizeof text, _("%s to %s"), lo, hi);
        fputs("<br><span class=\"muted\">", f);
        bilim__report_html(f, text);
        fputs("</span>", f);
    }
    fputs("</td>", f);
}

/* The difference column: value and interval, or the cost-effectiveness. */
static void difference_cell(FILE *f, const bilim_effect_row *row)
{
    char v[64], lo[64], hi[64];
    if (strcmp(row->metric, "kzt_per_additional_teacher") == 0) {
        const bilim_ce *ce = &row->ce;
        if (bilim__report_ce_words(ce)) {
            cell(f, bilim__report_ce_words(ce), 1);
            return;
        }
        bilim_compare_format_kzt(ce->ratio, v, sizeof v);
        bilim_compare_format_kzt(ce->low, lo, sizeof lo);
        bilim_compare_format_kzt(ce->high, hi, sizeof hi);
        int show = ce->bounded && ce->low != ce->high;
        value_range_cell(f, v, show ? lo : NULL, show ? hi : NULL);
        return;
    }
    bilim__report_fmt_diff(row, row->paired.mean, v, sizeof v);
    bilim__report_fmt_diff(row, row->paired.low, lo, sizeof lo);
    bilim__report_fmt_diff(row, row->paired.high, hi, sizeof hi);
    int show = isfinite(row->paired.low) && row->paired.low != row->paired.high;
    value_range_cell(f, v, show ? lo : NULL, show ? hi : NULL);
}

static void option_table(const bilim_comparison *c, int32_t o, FILE *f)
{
    char d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fputs("<h3>", f);
    bilim__report_key(f, o);
    char text[512];
    /* TRANSLATORS: a heading: "leadership_training compared with baseline". */
    snprintf(text, sizeof text, _("%s compared with %s"), c->names[o], c->names[0]);
    bilim__report_html(f, text);
    fprintf(f, _("</h3>\n<table class=\"results\">\n<tr><th style=\"width:28%%\">Measure (at "
                 "%s)</th><th style=\"width:14%%\">Baseline</th><th style=\"width:14%%\">"
                 "Option</th><th style=\"width:20%%\">Difference<br><span class=\"muted\">95%% "
                 "CI</span></th><th>Note</th></tr>\n"),
            d);
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        if (row->option != o)
            continue;
        char label[160], b[64], v[64];
        bilim__report_metric_label(row->metric, label, sizeof label);
        int ce_row = strcmp(row->metric, "kzt_per_additional_teacher") == 0;
        if (ce_row) {
            snprintf(b, sizeof b, "-");
            snprintf(v, sizeof v, "-");
        } else {
            bilim__report_fmt_level(row, row->baseline_mean, b, sizeof b);
            bilim__report_fmt_level(row, row->option_mean, v, sizeof v);
        }
        fputs("<tr>", f);
        cell(f, label, 0);
        cell(f, b, 1);
        cell(f, v, 1);
        difference_cell(f, row);
        cell(f, row->note[0] ? _(row->note) : "", 0);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

void bilim__report_all_results(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    fprintf(f, "<section id=\"results\">\n<h2>%s</h2>\n<p>%s</p>\n", _("All results"),
            _("Every measure for each option, as means over replicates. Shares are of all "
              "teachers (or principals); the difference is the option minus the baseline in "
              "the same replicate. The same numbers are in the CSV files (<code>--csv</code>) "
              "and under <code>/comparison</code> in the HDF5 results file."));
    for (int32_t o = 1; o < c->n_scenarios; o++)
        option_table(c, o, f);
    fputs("</section>\n", f);
}

static const char *type_words(bilim_iv_type t)
{
    static const char *const w[BILIM_N_IV_TYPES] = {
        N_("Leadership training for principals"), N_("Incentives for teachers"),
        N_("Funding for school resources"), N_("University partnerships"),
        N_("Innovation hubs"), N_("Professional development for teachers"),
        N_("Teacher pipeline (new graduates)"), N_("Teacher salary change"),
        N_("Pedagogical practice of university students")};
    return (t >= 0 && t < BILIM_N_IV_TYPES) ? _(w[t]) : _("Intervention");
}

static void target_words(const bilim_target *t, char *buf, size_t n)
{
    const char *loc = t->locality == BILIM_URBAN ? _("urban schools")
                      : t->locality == BILIM_RURAL ? _("rural schools") : _("all schools");
    int k = snprintf(buf, n, "%s", loc);
    if (k >= 0 && (size_t)k < n && t->small_class == 1)
        k += snprintf(buf + k, n - (size_t)k, "%s", _(", small-class only"));
    if (k >= 0 && (size_t)k < n && t->region_mask)
        k += snprintf(buf + k, n - (size_t)k, "%s", _(", some regions"));
    if (k >= 0 && (size_t)k < n && t->fraction < 1.0)
        k += snprintf(buf + k, n - (size_t)k, _(", %.0f%% of eligible"), 100 * t->fraction);
    if (k >= 0 && (size_t)k < n && t->max_schools > 0)
        snprintf(buf + k, n - (size_t)k,
                 P_(", at most %d school", ", at most %d schools", t->max_schools),
                 t->max_schools);
}

/* Mean over replicates of intervention i's spending at the horizon. */
static double spent(const bilim_run_result *run, int32_t i)
{
    const bilim_metric *m = &run->layout.metrics[BILIM_M_COST_KZT_CUMULATIVE];
    if (!m->present)
        return 0.0;
    double s = 0.0;
    for (int32_t r = 0; r < run->replicates; r++)
        s += bilim_run_record(run, r, run->months)[m->offset + (size_t)i];
    return s / run->replicates;
}

static void interventions(const bilim_run_result *run, FILE *f)
{
    const bilim_scenario *sc = &run->scenario;
    if (sc->n_interventions == 0) {
        fprintf(f, "<p>%s</p>\n", _("No interventions: things go on as they are."));
        return;
    }
    fprintf(f, _("<table>\n<tr><th>Intervention</th><th>What</th><th>Months</th><th>Who</th>"
                 "<th>Budget</th><th>Unit cost</th><th>Intensity</th><th>Spent by month %d"
                 "</th></tr>\n"), run->months);
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        const bilim_intervention *iv = &sc->interventions[i];
        char months[64], who[160], budget[64], unit[64], intensity[32], sp[64];
        /* TRANSLATORS: months from the start: "12 to 36". */
        snprintf(months, sizeof months, _("%d to %d"), iv->start_month,
                 iv->start_month + iv->duration_months);
        target_words(&iv->target, who, sizeof who);
        if (iv->budget_kzt > 0)
            bilim_compare_format_kzt(iv->budget_kzt, budget, sizeof budget);
        else
            snprintf(budget, sizeof budget, "%s", _("no cap"));
        if (iv->unit_cost_kzt == 0.0)
            snprintf(unit, sizeof unit, _("%s KZT"), "0");
        else
            bilim_compare_format_kzt(iv->unit_cost_kzt, unit, sizeof unit);
        if (iv->type == BILIM_IV_TEACHER_INCENTIVES) { /* per teacher-month */
            size_t k = strlen(unit);
            snprintf(unit + k, sizeof unit - k, _(" + %.0f%% of salary"),
                     100 * iv->u.incentives.share_of_salary);
        }
        bilim_i18n_number(iv->intensity, 2, 0, intensity, sizeof intensity);
        bilim_compare_format_kzt(spent(run, i), sp, sizeof sp);
        fputs("<tr>", f);
        cell(f, iv->name, 0);
        cell(f, type_words(iv->type), 0);
        cell(f, months, 1);
        cell(f, who, 0);
        cell(f, budget, 1);
        cell(f, unit, 1);
        cell(f, intensity, 1);
        cell(f, sp, 1);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

void bilim__report_scenarios(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    fprintf(f, "<section id=\"scenarios\">\n<h2>%s</h2>\n<p>%s</p>\n",
            _("Scenario definitions"),
            _("What each scenario does, then its full definition (the resolved scenario file: "
              "defaults, inherited files and parameter files applied). Every scenario ran with "
              "the seed, replicates, horizon and number of schools given under Provenance."));
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        fprintf(f, "<h3 id=\"scenario-%d\">", s);
        bilim__report_key(f, s);
        bilim__report_html(f, c->names[s]);
        if (s == 0)
            fprintf(f, " %s", _("(baseline)"));
        fputs("</h3>\n", f);
        interventions(&in->runs[s], f);
        if (in->jsons && in->jsons[s]) {
            fprintf(f, "<details open><summary>%s</summary>\n<pre>",
                    _("Resolved scenario (JSON)"));
            bilim__report_html(f, in->jsons[s]);
            fputs("</pre>\n</details>\n", f);
        }
    }
    fputs("</section>\n", f);
}
