/* analysis/report_text.c: numbers in words and the report's explanatory
 * text (report_text.h). */
#include "analysis/report_text.h"
#include "analysis/report_internal.h"

#include <math.h>
#include <string.h>
#include "models/preset.h"

void bilim__report_fmt_int(double v, char *buf, size_t n)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return;
    }
    char digits[64], out[96];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t len = strlen(digits), k = 0;
    if (v < 0 && strcmp(digits, "0") != 0)
        out[k++] = '-';
    for (size_t i = 0; i < len && k + 2 < sizeof out; i++) {
        out[k++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            out[k++] = ',';
    }
    out[k] = '\0';
    snprintf(buf, n, "%s", out);
}

/* Percentage points with enough decimals to show small effects. */
static void fmt_points(double pp, int sign, char *buf, size_t n, const char *unit)
{
    double a = fabs(pp);
    int dec = a == 0.0 ? 1 : a < 0.1 ? 3 : a < 1 ? 2 : 1;
    snprintf(buf, n, sign ? "%+.*f%s" : "%.*f%s", dec, pp, unit);
}

void bilim__report_fmt_diff(const bilim_effect_row *row, double v, char *buf, size_t n)
{
    if (isnan(v)) {
        snprintf(buf, n, "-");
        return;
    }
    const char *u = row->unit;
    if (strcmp(u, "share") == 0) {
        /* Differences keep two decimals so intervals stay readable (+3.93 to +3.99). */
        double pp = 100.0 * v, a = fabs(pp);
        snprintf(buf, n, "%+.*f pp", a != 0.0 && a < 0.1 ? 3 : 2, pp);
    } else if (strcmp(u, "teachers") == 0) {
        char t[64];
        bilim__report_fmt_int(fabs(v), t, sizeof t);
        snprintf(buf, n, "%s%s", v < 0 ? "-" : "+", t);
    } else if (strcmp(u, "months") == 0) {
        snprintf(buf, n, "%+.1f months", v);
    } else {
        bilim_compare_format_kzt(v, buf, n);
    }
}

void bilim__report_fmt_level(const bilim_effect_row *row, double v, char *buf, size_t n)
{
    const char *u = row->unit;
    if (isnan(v))
        snprintf(buf, n, strcmp(u, "months") == 0 ? "not reached in every replicate" : "-");
    else if (strcmp(u, "share") == 0)
        fmt_points(100.0 * v, 0, buf, n, "%");
    else if (strcmp(u, "teachers") == 0)
        bilim__report_fmt_int(v, buf, n);
    else if (strcmp(u, "months") == 0)
        snprintf(buf, n, "month %.1f", v);
    else
        bilim_compare_format_kzt(v, buf, n);
}

void bilim__report_metric_label(const char *metric, char *buf, size_t n)
{
    static const struct {
        const char *metric, *label;
    } labels[] = {
        {"adoption_routine", "Teachers in routine use (mean over innovations)"},
        {"adoption_routine_urban", "Teachers in routine use, urban schools"},
        {"adoption_routine_rural", "Teachers in routine use, rural schools"},
        {"rural_urban_gap", "Urban-rural gap in routine use (urban minus rural)"},
        {"additional_teachers_routine", "Teachers in routine use (number)"},
        {"cost_kzt", "Spending by the horizon"},
        {"kzt_per_additional_teacher", "KZT per additional teacher in routine use"},
        {"months_to_25pct", "Month when 25% of teachers use the innovations routinely"},
        {"months_to_50pct", "Month when 50% of teachers use the innovations routinely"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(metric, labels[i].metric) == 0) {
            snprintf(buf, n, "%s", labels[i].label);
            return;
        }
    const char *colon = strchr(metric, ':');
    if (colon && strncmp(metric, "adoption_routine:", 17) == 0)
        snprintf(buf, n, "Teachers in routine use of %s", colon + 1);
    else
        snprintf(buf, n, "%s", metric);
}

void bilim__report_method_text(const bilim_comparison *c, char *buf, size_t n)
{
    if (c->replicates < 2)
        snprintf(buf, n, "None: one replicate per scenario gives a difference but no "
                         "confidence interval. Run at least 2 replicates (10 or more is "
                         "better).");
    else
        snprintf(buf, n, "%.0f%% t intervals on the %d paired differences between an option "
                         "and the baseline (replicate r against replicate r; %d degrees of "
                         "freedom); Fieller's interval for KZT per additional teacher. Shaded "
                         "bands on time charts: 5th to 95th percentile of replicates.",
                 100 * c->level, c->replicates, c->replicates - 1);
}

static void say_interval(FILE *f, const bilim_effect_row *row)
{
    char lo[64], hi[64];
    if (!isfinite(row->paired.low))
        return;
    bilim__report_fmt_diff(row, row->paired.low, lo, sizeof lo);
    bilim__report_fmt_diff(row, row->paired.high, hi, sizeof hi);
    fputs(" (95% CI ", f);
    bilim__report_html(f, lo);
    fputs(" to ", f);
    bilim__report_html(f, hi);
    fputs(")", f);
}

static void name(FILE *f, const bilim_comparison *c, int32_t s)
{
    fputs("<b>", f);
    bilim__report_html(f, c->names[s]);
    fputs("</b>", f);
}

static void finding_effect(const bilim_comparison *c, FILE *f)
{
    int32_t o = c->rank_effect[0];
    const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
    const bilim_effect_row *a = bilim_compare_row(c, o, "additional_teachers_routine");
    char v[64], t[64], k[64];
    bilim__report_fmt_diff(h, h->paired.mean, v, sizeof v);
    bilim__report_fmt_int(a->paired.mean, t, sizeof t);
    bilim_compare_format_kzt(h->cost_kzt, k, sizeof k);
    fputs("<li>Largest effect: ", f);
    name(f, c, o);
    fprintf(f, " changes routine use by %s", v);
    say_interval(f, h);
    fprintf(f, ", about %s teachers, for %s.", t, k);
    if (h->paired.low < 0 && h->paired.high > 0)
        fputs(" But its interval includes zero: the simulation cannot tell this effect "
              "from none.", f);
    fputs("</li>\n", f);
}

static void finding_value(const bilim_comparison *c, FILE *f)
{
    int32_t o = c->rank_ce[0];
    const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
    if (h->ce.status == BILIM_CE_NO_EFFECT || h->ce.status == BILIM_CE_FEWER) {
        fputs("<li>No option adds teachers in routine use, so none has a cost per "
              "additional teacher.</li>\n", f);
        return;
    }
    char v[64];
    bilim_compare_format_kzt(h->ce.ratio, v, sizeof v);
    fputs("<li>Best value for money: ", f);
    name(f, c, o);
    fprintf(f, " at %s per additional teacher in routine use", v);
    if (h->ce.bounded) {
        char lo[64], hi[64];
        bilim_compare_format_kzt(h->ce.low, lo, sizeof lo);
        bilim_compare_format_kzt(h->ce.high, hi, sizeof hi);
        fprintf(f, " (95%% CI %s to %s)", lo, hi);
    }
    fputs(h->ce.status == BILIM_CE_SAVES ? ": more teachers for less money.</li>\n" : ".</li>\n",
          f);
}

static void finding_equity(const bilim_comparison *c, FILE *f)
{
    if (!c->has_locality)
        return;
    int32_t best = 0;
    double most = 0.0;
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        const bilim_effect_row *g = bilim_compare_row(c, o, "rural_urban_gap");
        double gain = fabs(g->baseline_mean) - fabs(g->option_mean);
        if (gain > most) {
            most = gain;
            best = o;
        }
    }
    const bilim_effect_row *g0 = bilim_compare_row(c, 1, "rural_urban_gap");
    char b[64];
    fmt_points(100.0 * g0->baseline_mean, 0, b, sizeof b, " percentage points");
    if (best == 0) {
        fprintf(f, "<li>Equity: no option narrows the gap in routine use between urban and "
                   "rural schools (urban minus rural: %s under the baseline).</li>\n", b);
        return;
    }
    const bilim_effect_row *g = bilim_compare_row(c, best, "rural_urban_gap");
    char v[64];
    bilim__report_fmt_diff(g, g->paired.mean, v, sizeof v);
    fputs("<li>Equity: the gap in routine use between urban and rural schools (urban minus "
          "rural) is ", f);
    fprintf(f, "%s under the baseline; ", b);
    name(f, c, best);
    fprintf(f, " narrows it most, by %s", v);
    say_interval(f, g);
    fputs(".</li>\n", f);
}

static void finding_sample(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    bilim_population full;
    const bilim_population *pop = &in->runs[0].scenario.population;
    if (!pop->preset[0] || bilim_preset_get(pop->preset, &full) != 0)
        return;
    int32_t all = bilim_population_schools(&full);
    if (c->schools >= all)
        return;
    char a[32], b[32], ratio[32];
    bilim__report_fmt_int(c->schools, a, sizeof a);
    bilim__report_fmt_int(all, b, sizeof b);
    snprintf(ratio, sizeof ratio, "%.3g", (double)all / c->schools);
    fprintf(f, "<li><b>Sample.</b> This run simulated a proportional sample of %s of the "
               "%s schools of the %s population, with budgets and programme sizes scaled to "
               "it so that each programme reaches the same share of schools as nationally. "
               "Shares, percentage points and KZT per additional teacher estimate the "
               "national figures; numbers of teachers and spending are for the sample "
               "(national: about %s times as many). Run without --schools before quoting "
               "results.</li>\n",
            a, b, pop->preset, ratio);
}

void bilim__report_findings(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    const double *b = bilim_compare_summary(c, 0, BILIM_Q_ROUTINE, c->months);
    char m[32], lo[32], hi[32];
    fmt_points(100 * b[BILIM_STAT_MEAN], 0, m, sizeof m, "%");
    fmt_points(100 * b[BILIM_STAT_Q05], 0, lo, sizeof lo, "%");
    fmt_points(100 * b[BILIM_STAT_Q95], 0, hi, sizeof hi, "%");
    fputs("<ul class=\"findings\">\n<li>Under the baseline ", f);
    name(f, c, 0);
    fprintf(f, ", %s of teachers use the innovations routinely by month %d (mean over the "
               "%d innovation%s; %s to %s across replicates).</li>\n",
            m, c->months, c->n_innovations, c->n_innovations == 1 ? "" : "s", lo, hi);
    finding_effect(c, f);
    finding_value(c, f);
    finding_equity(c, f);
    if (c->replicates < 2)
        fputs("<li><b>One replicate:</b> differences have no confidence interval; run more "
              "replicates before drawing conclusions.</li>\n", f);
    finding_sample(in, f);
    fputs("</ul>\n", f);
}

void bilim__report_how_to_read(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char method[512];
    bilim__report_method_text(c, method, sizeof method);
    fputs("<h3>How to read this report</h3>\n<dl class=\"read\">\n", f);
    fprintf(f, "<dt>Routine use</dt><dd>A teacher uses an innovation routinely when it has "
               "become part of regular teaching, not just a trial. The headline is the share "
               "of all teachers in routine use at month %d, averaged over the %d innovations "
               "modelled.</dd>\n", c->months, c->n_innovations);
    fputs("<dt>Percentage points (pp)</dt><dd>The difference between two percentages: from "
          "20% to 25% is +5 pp.</dd>\n", f);
    fprintf(f, "<dt>95%% confidence interval (CI)</dt><dd>Each scenario was simulated %d "
               "times (replicates) with the same schools and the same chance events (common "
               "random numbers), so replicate 1 of an option is compared with replicate 1 of "
               "the baseline, and so on. Built this way, 95 intervals in 100 contain the "
               "difference the model would show with unlimited replicates. An interval that "
               "includes 0 means the simulation cannot tell the option from the baseline. "
               "It measures simulation noise only, not doubt about the model's assumptions "
               "or its parameters. Method: %s</dd>\n", c->replicates, method);
    fprintf(f, "<dt>Cost</dt><dd>Spending by month %d as the model charges it (commitments "
               "within each intervention's budget), minus the baseline's spending, in "
               "nominal tenge (KZT).</dd>\n", c->months);
    fputs("<dt>KZT per additional teacher in routine use</dt><dd>Additional cost divided by "
          "the additional number of teachers in routine use (the difference in the "
          "headline share times the number of teachers). Lower is better value. An "
          "option with no effect has no cost per teacher (shown as \"no effect\").</dd>\n", f);
    fputs("<dt>Equity</dt><dd>The urban-rural gap is the share of urban teachers in routine "
          "use minus the share of rural teachers. A negative change means rural schools "
          "catch up.</dd>\n", f);
    fputs("<dt>Assumptions</dt><dd>Effect sizes in the model are priors from the research "
          "literature (docs/ODD.md in the source). Read results as a comparison of options "
          "under these assumptions, not as a forecast.</dd>\n</dl>\n", f);
}
