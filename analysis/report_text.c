/* analysis/report_text.c: numbers in words and the report's explanatory
 * text (report_text.h). */
#include "analysis/report_text.h"
#include "analysis/report_internal.h"

#include <inttypes.h>
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

void bilim__report_fmt_date(const bilim_comparison *c, int32_t t, char *buf, size_t n)
{
    static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int32_t year, month;
    bilim_compare_calendar(c, t, &year, &month);
    snprintf(buf, n, "%s %" PRId32, month_names[month - 1], year);
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

const char *bilim__report_ce_words(const bilim_ce *ce)
{
    if (ce->status == BILIM_CE_FEWER)
        return "lowers routine use";
    if (ce->status == BILIM_CE_NO_EFFECT)
        return "no effect";
    return NULL;
}

/* x percentage points of gap width (x > 0) as "0.91 pp", two decimals. */
static void gap_points(double x, char *buf, size_t n)
{
    snprintf(buf, n, "%.2f pp", 100.0 * x);
}

/* One bound of the change in width: "0.50 pp narrower" / "0.30 pp wider" /
 * "no change". */
static void gap_bound(double narrower, char *buf, size_t n)
{
    char p[32];
    gap_points(fabs(narrower), p, sizeof p);
    if (fabs(100.0 * narrower) < 0.005)
        snprintf(buf, n, "no change");
    else if (narrower > 0)
        snprintf(buf, n, "%s narrower", p);
    else
        snprintf(buf, n, "%s wider", p);
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
    char p[32];
    gap_points(fabs(width_change), p, sizeof p);
    if (dir == 0)
        snprintf(what, nw, "unchanged");
    else
        snprintf(what, nw, dir < 0 ? "%s narrower" : "%s wider", p);
    ci[0] = '\0';
    if (!isfinite(g->paired.low) || !isfinite(g->paired.high))
        return dir;
    double a = -side * g->paired.low, z = -side * g->paired.high;
    double lo = fmin(a, z), hi = fmax(a, z); /* narrowing amounts */
    char x[48], y[48];
    if (lo > 0 || hi < 0) { /* one direction: "0.50 to 1.30 pp narrower" */
        char l[32];
        snprintf(l, sizeof l, "%.2f", 100.0 * fmin(fabs(lo), fabs(hi)));
        gap_points(fmax(fabs(lo), fabs(hi)), x, sizeof x);
        snprintf(ci, nc, lo > 0 ? "95%% CI %s to %s narrower" : "95%% CI %s to %s wider", l, x);
    } else {
        gap_bound(lo, x, sizeof x);
        gap_bound(hi, y, sizeof y);
        snprintf(ci, nc, "95%% CI from %s to %s", x, y);
    }
    return dir;
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
    if (h->paired.mean > 0) {
        fputs("<li>Largest effect: ", f);
        name(f, c, o);
        fprintf(f, " raises routine use by %s", v);
        say_interval(f, h);
        fprintf(f, ", about %s more teachers, for %s.", t, k);
    } else if (h->paired.mean < 0) {
        bilim__report_fmt_int(-a->paired.mean, t, sizeof t);
        fputs("<li>No option raises routine use. The smallest fall: ", f);
        name(f, c, o);
        fprintf(f, " lowers it by %s", v + 1); /* v without its minus sign */
        say_interval(f, h);
        fprintf(f, ", about %s fewer teachers, for %s.", t, k);
    } else {
        fputs("<li>No option changes routine use: the best, ", f);
        name(f, c, o);
        fprintf(f, ", has an effect of %s, for %s.", v, k);
    }
    if (h->paired.low < 0 && h->paired.high > 0)
        fputs(" But its interval includes zero: the simulation cannot tell this effect "
              "from none.", f);
    fputs("</li>\n", f);
}

static void finding_value(const bilim_comparison *c, FILE *f)
{
    int32_t o = c->rank_ce[0];
    const bilim_effect_row *h = bilim_compare_row(c, o, "adoption_routine");
    if (bilim__report_ce_words(&h->ce)) {
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

/* The option that changes the gap's width most in direction dir (-1:
 * narrows, +1: widens), or 0. */
static int32_t most_gap_change(const bilim_comparison *c, int dir)
{
    int32_t best = 0;
    double most = 0.0;
    char w[64], ci[128];
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
    snprintf(b, sizeof b, "%.2f percentage points", 100.0 * fabs(g0->baseline_mean));
    const char *ahead = g0->baseline_mean >= 0 ? "urban" : "rural";
    int32_t narrows = most_gap_change(c, -1), widens = most_gap_change(c, 1);
    fprintf(f, "<li>Equity: under the baseline, %s schools are %s ahead in routine use. ",
            ahead, b);
    if (narrows == 0 && widens == 0) {
        fputs("No option changes this gap by as much as 0.01 percentage points.</li>\n", f);
        return;
    }
    int32_t o = narrows ? narrows : widens;
    const bilim_effect_row *g = bilim_compare_row(c, o, "rural_urban_gap");
    char what[64], ci[128];
    bilim__report_gap_change(g, what, sizeof what, ci, sizeof ci);
    if (narrows)
        fputs("The option that narrows the gap most is ", f);
    else
        fputs("No option narrows the gap; the one that widens it most is ", f);
    name(f, c, o);
    fprintf(f, ": the gap becomes %s", what);
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
    snprintf(ratio, sizeof ratio, "%.4g", factor);
    fprintf(f, "<li><b>Sample.</b> This run simulated a proportional sample of %s of the "
               "%s schools of the %s population, with budgets and programme sizes scaled to "
               "it so that each programme reaches the same share of schools as nationally. "
               "Shares, percentage points and KZT per additional teacher estimate the "
               "national figures. Numbers of teachers and spending are for the sample; the "
               "national figures shown next to them are the sample's times %s (%s schools "
               "divided by %s, the factor by which budgets were scaled down). Run without "
               "--schools before quoting results.</li>\n",
            a, b, pop_preset(in), ratio, b, a);
}

void bilim__report_findings(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    const double *b = bilim_compare_summary(c, 0, BILIM_Q_ROUTINE, c->months);
    char m[32], lo[32], hi[32], d[32];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fmt_points(100 * b[BILIM_STAT_MEAN], 0, m, sizeof m, "%");
    fmt_points(100 * b[BILIM_STAT_Q05], 0, lo, sizeof lo, "%");
    fmt_points(100 * b[BILIM_STAT_Q95], 0, hi, sizeof hi, "%");
    fputs("<ul class=\"findings\">\n<li>Under the baseline ", f);
    name(f, c, 0);
    fprintf(f, ", %s of teachers use the innovations routinely by %s (mean over the "
               "%d innovation%s; %s to %s across replicates).</li>\n",
            m, d, c->n_innovations, c->n_innovations == 1 ? "" : "s", lo, hi);
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
    char method[512], d0[32], d1[32];
    bilim__report_method_text(c, method, sizeof method);
    bilim__report_fmt_date(c, 0, d0, sizeof d0);
    bilim__report_fmt_date(c, c->months, d1, sizeof d1);
    fputs("<h3>How to read this report</h3>\n<dl class=\"read\">\n", f);
    fprintf(f, "<dt>Routine use</dt><dd>A teacher uses an innovation routinely when it has "
               "become part of regular teaching, not just a trial. The headline is the share "
               "of all teachers in routine use in %s (month %d; month 0 is %s), averaged over the "
               "%d innovations modelled.</dd>\n", d1, c->months, d0, c->n_innovations);
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
    fprintf(f, "<dt>Cost</dt><dd>Spending by %s as the model charges it (commitments "
               "within each intervention's budget), minus the baseline's spending, in "
               "nominal tenge (KZT).</dd>\n", d1);
    fputs("<dt>KZT per additional teacher in routine use</dt><dd>Additional cost divided by "
          "the additional number of teachers in routine use (the difference in the "
          "headline share times the number of teachers). Lower is better value. An "
          "option with no effect, or one that lowers routine use, has no cost per additional "
          "teacher (shown as \"no effect\" or \"lowers routine use\").</dd>\n", f);
    fputs("<dt>Equity</dt><dd>The urban-rural gap is the difference between the shares of "
          "urban and rural teachers in routine use. The report says whether an option makes "
          "this gap narrower or wider, and by how many percentage points.</dd>\n", f);
    fputs("<dt>Assumptions</dt><dd>Effect sizes in the model are priors from the research "
          "literature (docs/ODD.md in the source). Read results as a comparison of options "
          "under these assumptions, not as a forecast.</dd>\n</dl>\n", f);
}
