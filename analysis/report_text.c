/* analysis/report_text.c: numbers in words and the report's explanatory
 * text (report_text.h). */
#include "analysis/report_text.h"
#include "analysis/report_internal.h"

#include <math.h>
#include <string.h>
#include "base/i18n.h"
#include "models/preset.h"

void bilim__report_fmt_int(double v, char *buf, size_t n)
{
    bilim_i18n_number(v, 0, BILIM_I18N_GROUP, buf, n);
}

/* Percentage points with enough decimals to show small effects. */
static void fmt_points(double pp, int sign, char *buf, size_t n, const char *unit)
{
    double a = fabs(pp);
    int dec = a == 0.0 ? 1 : a < 0.1 ? 3 : a < 1 ? 2 : 1;
    char num[48];
    bilim_i18n_number(pp, dec, sign ? BILIM_I18N_SIGN : 0, num, sizeof num);
    snprintf(buf, n, "%s%s", num, unit);
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
        char num[64];
        bilim_i18n_number(pp, a != 0.0 && a < 0.1 ? 3 : 2, BILIM_I18N_SIGN, num, sizeof num);
        /* TRANSLATORS: a difference in percentage points: "+4.20 pp". */
        snprintf(buf, n, _("%s pp"), num);
    } else if (strcmp(u, "teachers") == 0) {
        char t[64];
        bilim__report_fmt_int(fabs(v), t, sizeof t);
        snprintf(buf, n, "%s%s", v < 0 ? "-" : "+", t);
    } else if (strcmp(u, "months") == 0) {
        char num[64];
        bilim_i18n_number(v, 1, BILIM_I18N_SIGN, num, sizeof num);
        /* TRANSLATORS: a difference in months: "+3.5 months". */
        snprintf(buf, n, _("%s months"), num);
    } else {
        bilim_compare_format_kzt(v, buf, n);
    }
}

void bilim__report_fmt_level(const bilim_effect_row *row, double v, char *buf, size_t n)
{
    const char *u = row->unit;
    char num[64];
    if (isnan(v))
        snprintf(buf, n, "%s", strcmp(u, "months") == 0 ? _("not reached in every replicate") : "-");
    else if (strcmp(u, "share") == 0)
        fmt_points(100.0 * v, 0, buf, n, "%");
    else if (strcmp(u, "teachers") == 0)
        bilim__report_fmt_int(v, buf, n);
    else if (strcmp(u, "months") == 0) {
        bilim_i18n_number(v, 1, 0, num, sizeof num);
        /* TRANSLATORS: a point in time, in months from the start: "month 34.2". */
        snprintf(buf, n, _("month %s"), num);
    }
    else
        bilim_compare_format_kzt(v, buf, n);
}

void bilim__report_metric_label(const char *metric, char *buf, size_t n)
{
    static const struct {
        const char *metric, *label;
    } labels[] = {
        {"adoption_routine", N_("Teachers in routine use (mean over innovations)")},
        {"adoption_routine_urban", N_("Teachers in routine use, urban schools")},
        {"adoption_routine_rural", N_("Teachers in routine use, rural schools")},
        {"rural_urban_gap", N_("Urban-rural gap in routine use (urban minus rural)")},
        {"additional_teachers_routine", N_("Teachers in routine use (number)")},
        {"cost_kzt", N_("Spending by the horizon")},
        {"kzt_per_additional_teacher", N_("KZT per additional teacher in routine use")},
        /* xgettext:no-c-format */
        {"months_to_25pct", N_("Month when 25% of teachers use the innovations routinely")},
        /* xgettext:no-c-format */
        {"months_to_50pct", N_("Month when 50% of teachers use the innovations routinely")},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(metric, labels[i].metric) == 0) {
            snprintf(buf, n, "%s", _(labels[i].label));
            return;
        }
    const char *colon = strchr(metric, ':');
    if (colon && strncmp(metric, "adoption_routine:", 17) == 0)
        snprintf(buf, n, _("Teachers in routine use of %s"), colon + 1);
    else
        snprintf(buf, n, "%s", metric);
}

void bilim__report_method_text(const bilim_comparison *c, char *buf, size_t n)
{
    if (c->replicates < 2)
        snprintf(buf, n, "%s", _("None: one replicate per scenario gives a difference but no "
                                 "confidence interval. Run at least 2 replicates (10 or more is "
                                 "better)."));
    else
        snprintf(buf, n, _("%.0f%% t intervals on the %d paired differences between an option "
                           "and the baseline (replicate r against replicate r; %d degrees of "
                           "freedom); Fieller's interval for KZT per additional teacher. Shaded "
                           "bands on time charts: 5th to 95th percentile of replicates."),
                 100 * c->level, c->replicates, c->replicates - 1);
}

static void say_interval(FILE *f, const bilim_effect_row *row)
{
    char lo[64], hi[64];
    if (!isfinite(row->paired.low))
        return;
    bilim__report_fmt_diff(row, row->paired.low, lo, sizeof lo);
    bilim__report_fmt_diff(row, row->paired.high, hi, sizeof hi);
    char text[256];
    /* TRANSLATORS: a 95% confidence interval: " (95% CI +3.93 pp to +3.99 pp)". */
    snprintf(text, sizeof text, _(" (95%% CI %s to %s)"), lo, hi);
    bilim__report_html(f, text);
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
    fprintf(f, "<li>%s ", _("Largest effect:"));
    name(f, c, o);
    fprintf(f, _(" changes routine use by %s"), v);
    say_interval(f, h);
    fprintf(f, _(", about %s teachers, for %s."), t, k);
    if (h->paired.low < 0 && h->paired.high > 0)
        fprintf(f, " %s", _("But its interval includes zero: the simulation cannot tell this "
                            "effect from none."));
    fputs("</li>\n", f);
}

static void finding_value(const bilim_comparison *c, FILE *f)
{
    int32_t o = c->rank_ce[0];
    const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
    if (h->ce.status == BILIM_CE_NO_EFFECT || h->ce.status == BILIM_CE_FEWER) {
        fprintf(f, "<li>%s</li>\n", _("No option adds teachers in routine use, so none has a "
                                      "cost per additional teacher."));
        return;
    }
    char v[64];
    bilim_compare_format_kzt(h->ce.ratio, v, sizeof v);
    fprintf(f, "<li>%s ", _("Best value for money:"));
    name(f, c, o);
    fprintf(f, _(" at %s per additional teacher in routine use"), v);
    if (h->ce.bounded) {
        char lo[64], hi[64];
        bilim_compare_format_kzt(h->ce.low, lo, sizeof lo);
        bilim_compare_format_kzt(h->ce.high, hi, sizeof hi);
        fprintf(f, _(" (95%% CI %s to %s)"), lo, hi);
    }
    fprintf(f, "%s</li>\n",
            h->ce.status == BILIM_CE_SAVES ? _(": more teachers for less money.") : ".");
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
    fmt_points(100.0 * g0->baseline_mean, 0, b, sizeof b, _(" percentage points"));
    if (best == 0) {
        fprintf(f, _("<li>Equity: no option narrows the gap in routine use between urban and "
                     "rural schools (urban minus rural: %s under the baseline).</li>\n"), b);
        return;
    }
    const bilim_effect_row *g = bilim_compare_row(c, best, "rural_urban_gap");
    char v[64];
    bilim__report_fmt_diff(g, g->paired.mean, v, sizeof v);
    fprintf(f, _("<li>Equity: the gap in routine use between urban and rural schools (urban "
                 "minus rural) is %s under the baseline; "), b);
    name(f, c, best);
    fprintf(f, _(" narrows it most, by %s"), v);
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
    double times = (double)all / c->schools;
    bilim_i18n_number(times, times < 10 ? 2 : times < 100 ? 1 : 0, BILIM_I18N_GROUP, ratio,
                      sizeof ratio);
    fprintf(f, _("<li><b>Sample.</b> This run simulated a proportional sample of %s of the "
                 "%s schools of the %s population, with budgets and programme sizes scaled to "
                 "it so that each programme reaches the same share of schools as nationally. "
                 "Shares, percentage points and KZT per additional teacher estimate the "
                 "national figures; numbers of teachers and spending are for the sample "
                 "(national: about %s times as many). Run without --schools before quoting "
                 "results.</li>\n"),
            a, b, pop->preset, ratio);
}

void bilim__report_findings(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    const double *b = bilim_compare_summary(c, 0, BILIM_Q_ROUTINE, c->months);
    char m[64], lo[64], hi[64];
    fmt_points(100 * b[BILIM_STAT_MEAN], 0, m, sizeof m, "%");
    fmt_points(100 * b[BILIM_STAT_Q05], 0, lo, sizeof lo, "%");
    fmt_points(100 * b[BILIM_STAT_Q95], 0, hi, sizeof hi, "%");
    fprintf(f, "<ul class=\"findings\">\n<li>%s ", _("Under the baseline"));
    name(f, c, 0);
    fprintf(f, P_(", %s of teachers use the innovations routinely by month %d (mean over the "
                  "%d innovation; %s to %s across replicates).</li>\n",
                  ", %s of teachers use the innovations routinely by month %d (mean over the "
                  "%d innovations; %s to %s across replicates).</li>\n",
                  c->n_innovations),
            m, c->months, c->n_innovations, lo, hi);
    finding_effect(c, f);
    finding_value(c, f);
    finding_equity(c, f);
    if (c->replicates < 2)
        fprintf(f, "%s", _("<li><b>One replicate:</b> differences have no confidence interval; "
                           "run more replicates before drawing conclusions.</li>\n"));
    finding_sample(in, f);
    fputs("</ul>\n", f);
}

void bilim__report_how_to_read(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char method[512];
    bilim__report_method_text(c, method, sizeof method);
    fprintf(f, "<h3>%s</h3>\n<dl class=\"read\">\n", _("How to read this report"));
    fprintf(f, _("<dt>Routine use</dt><dd>A teacher uses an innovation routinely when it has "
                 "become part of regular teaching, not just a trial. The headline is the share "
                 "of all teachers in routine use at month %d, averaged over the %d innovations "
                 "modelled.</dd>\n"), c->months, c->n_innovations);
    /* xgettext:no-c-format */
    fprintf(f, "%s", _("<dt>Percentage points (pp)</dt><dd>The difference between two "
                       "percentages: from 20% to 25% is +5 pp.</dd>\n"));
    fprintf(f, _("<dt>95%% confidence interval (CI)</dt><dd>Each scenario was simulated %d "
                 "times (replicates) with the same schools and the same chance events (common "
                 "random numbers), so replicate 1 of an option is compared with replicate 1 of "
                 "the baseline, and so on. Built this way, 95 intervals in 100 contain the "
                 "difference the model would show with unlimited replicates. An interval that "
                 "includes 0 means the simulation cannot tell the option from the baseline. "
                 "It measures simulation noise only, not doubt about the model's assumptions "
                 "or its parameters. Method: %s</dd>\n"), c->replicates, method);
    fprintf(f, _("<dt>Cost</dt><dd>Spending by month %d as the model charges it (commitments "
                 "within each intervention's budget), minus the baseline's spending, in "
                 "nominal tenge (KZT).</dd>\n"), c->months);
    fprintf(f, "%s", _("<dt>KZT per additional teacher in routine use</dt><dd>Additional cost "
                       "divided by the additional number of teachers in routine use (the "
                       "difference in the headline share times the number of teachers). Lower "
                       "is better value. An option with no effect has no cost per teacher "
                       "(shown as \"no effect\").</dd>\n"));
    fprintf(f, "%s", _("<dt>Equity</dt><dd>The urban-rural gap is the share of urban teachers "
                       "in routine use minus the share of rural teachers. A negative change "
                       "means rural schools catch up.</dd>\n"));
    fprintf(f, "%s", _("<dt>Assumptions</dt><dd>Effect sizes in the model are priors from the "
                       "research literature (docs/ODD.md in the source). Read results as a "
                       "comparison of options under these assumptions, not as a forecast."
                       "</dd>\n</dl>\n"));
}
