/* analysis/report_text.c: numbers in words and the report's explanatory
 * text (report_text.h). */
#include "analysis/report_text.h"
#include "analysis/report_internal.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "base/i18n.h"
#include "models/preset.h"

void bilim__report_fmt_int(double v, char *buf, size_t n)
{
    bilim_i18n_number(v, 0, BILIM_I18N_GROUP, buf, n);
}

void bilim__report_fmt_date(const bilim_comparison *c, int32_t t, char *buf, size_t n)
{
    static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int32_t year, month;
    bilim_compare_calendar(c, t, &year, &month);
    /* English keeps the short "Sep 2031"; Kazakh and Russian write the
     * month as base/i18n does ("сентябрь 2031 г."). */
    if (strcmp(bilim_i18n_language(), "en") == 0)
        snprintf(buf, n, "%s %" PRId32, month_names[month - 1], year);
    else
        bilim_i18n_month((int)year, (int)month, buf, n);
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

void bilim__report_fmt_pp(double share, char *buf, size_t n)
{
    bilim_effect_row row = {.unit = "share"};
    bilim__report_fmt_diff(&row, share, buf, n);
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

const char *bilim__report_ce_words(const bilim_ce *ce)
{
    if (ce->status == BILIM_CE_FEWER)
        return _("lowers routine use");
    if (ce->status == BILIM_CE_NO_EFFECT)
        return _("no effect");
    return NULL;
}

/* x percentage points of gap width (x > 0) as "0.91 pp", two decimals. */
static void gap_points(double x, char *buf, size_t n)
{
    char num[48];
    bilim_i18n_number(100.0 * x, 2, 0, num, sizeof num);
    snprintf(buf, n, _("%s pp"), num);
}

/* One bound of the change in width: "0.50 pp narrower" / "0.30 pp wider" /
 * "no change". */
static void gap_bound(double narrower, char *buf, size_t n)
{
    char p[64];
    gap_points(fabs(narrower), p, sizeof p);
    if (fabs(100.0 * narrower) < 0.005)
        snprintf(buf, n, "%s", _("no change"));
    else if (narrower > 0)
        /* TRANSLATORS: the gap's width: "0.91 pp narrower". */
        snprintf(buf, n, _("%s narrower"), p);
    else
        snprintf(buf, n, _("%s wider"), p);
}

int bilim__report_gap_change(const bilim_effect_row *g, char *what, size_t nw, char *ci,
                             size_t nc)
{
    /* The gap's width is |urban - rural|; a change that keeps the side
     * ahead narrows it by -d (urban ahead) or +d (rural ahead). */
    double b = g->baseline_mean, o = g->option_mean;
    double width_change = fabs(o) - fabs(b);
    double side = b >= 0 ? 1.0 : -1.0;
    int dir = fabs(100.0 * width_change) < 0.005 ? 0 : width_change < 0 ? -1 : 1;
    char p[64];
    gap_points(fabs(width_change), p, sizeof p);
    if (dir == 0)
        snprintf(what, nw, "%s", _("unchanged"));
    else
        snprintf(what, nw, dir < 0 ? _("%s narrower") : _("%s wider"), p);
    ci[0] = '\0';
    if (!isfinite(g->paired.low) || !isfinite(g->paired.high))
        return dir;
    double a = -side * g->paired.low, z = -side * g->paired.high;
    double lo = fmin(a, z), hi = fmax(a, z); /* narrowing amounts */
    char x[64], y[64];
    if (lo > 0 || hi < 0) { /* one direction: "0.50 to 1.30 pp narrower" */
        char l[48];
        bilim_i18n_number(100.0 * fmin(fabs(lo), fabs(hi)), 2, 0, l, sizeof l);
        gap_points(fmax(fabs(lo), fabs(hi)), x, sizeof x);
        snprintf(ci, nc, lo > 0 ? _("95%% CI %s to %s narrower") : _("95%% CI %s to %s wider"),
                 l, x);
    } else {
        gap_bound(lo, x, sizeof x);
        gap_bound(hi, y, sizeof y);
        snprintf(ci, nc, _("95%% CI from %s to %s"), x, y);
    }
    return dir;
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

static const char *pop_preset(const bilim_report_input *in)
{
    return in->runs[0].scenario.population.preset;
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
    if (h->paired.mean > 0) {
        fprintf(f, "<li>%s ", _("Largest effect:"));
        name(f, c, o);
        fprintf(f, _(" raises routine use by %s"), v);
        say_interval(f, h);
        fprintf(f, _(", about %s more teachers, for %s."), t, k);
    } else if (h->paired.mean < 0) {
        bilim__report_fmt_int(-a->paired.mean, t, sizeof t);
        fprintf(f, "<li>%s ", _("No option raises routine use. The smallest fall:"));
        name(f, c, o);
        fprintf(f, _(" lowers it by %s"), v + 1); /* v without its minus sign */
        say_interval(f, h);
        fprintf(f, _(", about %s fewer teachers, for %s."), t, k);
    } else {
        fprintf(f, "<li>%s ", _("No option changes routine use: the best,"));
        name(f, c, o);
        fprintf(f, _(", has an effect of %s, for %s."), v, k);
    }
    if (h->paired.low < 0 && h->paired.high > 0)
        fprintf(f, " %s", _("But its interval includes zero: the simulation cannot tell this "
                            "effect from none."));
    fputs("</li>\n", f);
}

static void finding_value(const bilim_comparison *c, FILE *f)
{
    int32_t o = c->rank_ce[0];
    const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
    if (bilim__report_ce_words(&h->ce)) {
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

/* The option that changes the gap's width most in direction dir (-1:
 * narrows, +1: widens), or 0. */
static int32_t most_gap_change(const bilim_comparison *c, int dir)
{
    int32_t best = 0;
    double most = 0.0;
    char w[64], ci[160];
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        const bilim_effect_row *g = bilim_compare_row(c, o, "rural_urban_gap");
        double change = dir * (fabs(g->option_mean) - fabs(g->baseline_mean));
        if (bilim__report_gap_change(g, w, sizeof w, ci, sizeof ci) == dir && change > most) {
            most = change;
            best = o;
        }
    }
    return best;
}

static void finding_equity(const bilim_comparison *c, FILE *f)
{
    if (!c->has_locality)
        return;
    const bilim_effect_row *g0 = bilim_compare_row(c, 1, "rural_urban_gap");
    char b[64];
    char num[48];
    bilim_i18n_number(100.0 * fabs(g0->baseline_mean), 2, 0, num, sizeof num);
    snprintf(b, sizeof b, _("%s percentage points"), num);
    int32_t narrows = most_gap_change(c, -1), widens = most_gap_change(c, 1);
    fprintf(f, g0->baseline_mean >= 0
                   ? _("<li>Equity: under the baseline, urban schools are %s ahead in routine "
                       "use. ")
                   : _("<li>Equity: under the baseline, rural schools are %s ahead in routine "
                       "use. "),
            b);
    if (narrows == 0 && widens == 0) {
        fprintf(f, "%s</li>\n",
                _("No option changes this gap by as much as 0.01 percentage points."));
        return;
    }
    int32_t o = narrows ? narrows : widens;
    const bilim_effect_row *g = bilim_compare_row(c, o, "rural_urban_gap");
    char what[64], ci[160];
    bilim__report_gap_change(g, what, sizeof what, ci, sizeof ci);
    if (narrows)
        fprintf(f, "%s ", _("The option that narrows the gap most is"));
    else
        fprintf(f, "%s ", _("No option narrows the gap; the one that widens it most is"));
    name(f, c, o);
    fprintf(f, _(": the gap becomes %s"), what);
    if (ci[0])
        fprintf(f, " (%s)", ci);
    fputs(".</li>\n", f);
}

double bilim__report_national_factor(const bilim_report_input *in, int32_t *national_schools)
{
    bilim_population full;
    const bilim_population *pop = &in->runs[0].scenario.population;
    if (!pop->preset[0] || bilim_preset_get(pop->preset, &full) != 0)
        return 0.0;
    int32_t all = bilim_population_schools(&full);
    if (in->cmp->schools <= 0 || in->cmp->schools >= all)
        return 0.0;
    if (national_schools)
        *national_schools = all;
    return (double)all / in->cmp->schools;
}

static void finding_sample(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    int32_t all = 0;
    double factor = bilim__report_national_factor(in, &all);
    if (factor == 0.0)
        return;
    char a[32], b[32], ratio[32];
    bilim__report_fmt_int(c->schools, a, sizeof a);
    bilim__report_fmt_int(all, b, sizeof b);
    bilim_i18n_number(factor, factor < 10 ? 3 : factor < 100 ? 2 : 1, BILIM_I18N_GROUP, ratio,
                      sizeof ratio);
    fprintf(f, _("<li><b>Sample.</b> This run simulated a proportional sample of %s of the "
                 "%s schools of the %s population, with budgets and programme sizes scaled to "
                 "it so that each programme reaches the same share of schools as nationally. "
                 "Shares, percentage points and KZT per additional teacher estimate the "
                 "national figures. Numbers of teachers and spending are for the sample; the "
                 "national figures shown next to them are the sample's times %s (%s schools "
                 "divided by %s, the factor by which budgets were scaled down). Run without "
                 "--schools before quoting results.</li>\n"),
            a, b, pop_preset(in), ratio, b, a);
}

void bilim__report_findings(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    const double *b = bilim_compare_summary(c, 0, BILIM_Q_ROUTINE, c->months);
    char m[64], lo[64], hi[64], d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fmt_points(100 * b[BILIM_STAT_MEAN], 0, m, sizeof m, "%");
    fmt_points(100 * b[BILIM_STAT_Q05], 0, lo, sizeof lo, "%");
    fmt_points(100 * b[BILIM_STAT_Q95], 0, hi, sizeof hi, "%");
    fprintf(f, "<ul class=\"findings\">\n<li>%s ", _("Under the baseline"));
    name(f, c, 0);
    /* TRANSLATORS: the last %s is a month: "Sep 2031". */
    fprintf(f, P_(", %s of teachers use the innovations routinely by %s (mean over the "
                  "%d innovation; %s to %s across replicates).</li>\n",
                  ", %s of teachers use the innovations routinely by %s (mean over the "
                  "%d innovations; %s to %s across replicates).</li>\n",
                  c->n_innovations),
            m, d, c->n_innovations, lo, hi);
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
    char method[512], d0[64], d1[64];
    bilim__report_method_text(c, method, sizeof method);
    bilim__report_fmt_date(c, 0, d0, sizeof d0);
    bilim__report_fmt_date(c, c->months, d1, sizeof d1);
    fprintf(f, "<h3>%s</h3>\n<dl class=\"read\">\n", _("How to read this report"));
    fprintf(f, _("<dt>Routine use</dt><dd>A teacher uses an innovation routinely when it has "
                 "become part of regular teaching, not just a trial. The headline is the share "
                 "of all teachers in routine use in %s (month %d; month 0 is %s), averaged over "
                 "the %d innovations modelled.</dd>\n"),
            d1, c->months, d0, c->n_innovations);
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
    fprintf(f, _("<dt>Cost</dt><dd>Spending by %s as the model charges it (commitments "
                 "within each intervention's budget), minus the baseline's spending, in "
                 "nominal tenge (KZT).</dd>\n"), d1);
    fprintf(f, "%s", _("<dt>KZT per additional teacher in routine use</dt><dd>Additional cost "
                       "divided by the additional number of teachers in routine use (the "
                       "difference in the headline share times the number of teachers). Lower "
                       "is better value. An option with no effect, or one that lowers routine "
                       "use, has no cost per additional teacher (shown as \"no effect\" or "
                       "\"lowers routine use\").</dd>\n"));
    fprintf(f, "%s", _("<dt>Equity</dt><dd>The urban-rural gap is the difference between the "
                       "shares of urban and rural teachers in routine use. The report says "
                       "whether an option makes this gap narrower or wider, and by how many "
                       "percentage points.</dd>\n"));
    fprintf(f, "%s", _("<dt>Assumptions</dt><dd>Effect sizes in the model are priors from the "
                       "research literature (docs/ODD.md in the source). Read results as a "
                       "comparison of options under these assumptions, not as a forecast."
                       "</dd>\n</dl>\n"));
}
