/* analysis/report_charts.c: the report's charts. Each chart writes its data
 * files and a gnuplot script into a bilim_plot folder and embeds the SVG
 * gnuplot draws (analysis/plot.h). Shares are drawn in percent. */
#include "analysis/report_internal.h"
#include "base/i18n.h"
#include "analysis/report_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/plot.h"
#include "base/alloc.h"

#define PCT 100.0

/* Okabe and Ito (2008), "Color Universal Design": seven colours that stay
 * apart for readers with any common colour-vision deficiency (their black is
 * left out: it is too close to the baseline's dark grey; yellow, the weakest
 * on white, comes last). Options past the seventh reuse the colours with
 * another dash pattern, and every option has its own marker, so 12 or more
 * options stay distinct, in grey print too. */
static const char *const baseline_colour = "#4d4d4d";
static const char *const okabe_ito[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                        "#E69F00", "#56B4E9", "#F0E442"};
#define N_COLOURS ((int32_t)(sizeof okabe_ito / sizeof okabe_ito[0]))

/* gnuplot point types and the same shapes as text for the HTML keys. */
static const struct {
    int pt;
    const char *glyph;
} markers[] = {
    {5, "&#x25A0;"},  {9, "&#x25B2;"},  {13, "&#x25C6;"}, {11, "&#x25BC;"}, {15, "&#x2B1F;"},
    {6, "&#x25CB;"},  {4, "&#x25A1;"},  {8, "&#x25B3;"},  {12, "&#x25C7;"}, {10, "&#x25BD;"},
    {14, "&#x2B20;"}, {1, "+"},         {2, "&#x00D7;"},  {3, "&#x2731;"},  {7, "&#x25CF;"}};
#define N_MARKERS ((int32_t)(sizeof markers / sizeof markers[0]))

/* Dash patterns by round of colours: solid, long dashes, dots (gnuplot, CSS). */
static const char *const dashes_gp[] = {"1", "(14,6)", "(3,5)"};
static const char *const dashes_css[] = {"solid", "dashed", "dotted"};

const char *bilim__report_colour(int32_t s)
{
    return s == 0 ? baseline_colour : okabe_ito[(s - 1) % N_COLOURS];
}

static int32_t dash_index(int32_t s)
{
    return s == 0 ? 1 : ((s - 1) / N_COLOURS) % 3;
}

/* The baseline draws no markers on lines; it is the origin's filled circle. */
static int marker_pt(int32_t s)
{
    return s == 0 ? 7 : markers[(s - 1) % N_MARKERS].pt;
}

void bilim__report_key(FILE *f, int32_t s)
{
    fprintf(f, "<span class=\"mk\" style=\"color:%s\">%s</span>", bilim__report_colour(s),
            s == 0 ? "&#x25CF;" : markers[(s - 1) % N_MARKERS].glyph);
}

typedef bilim__report_script script;

int bilim__report_script_open(script *s, bilim_error *err)
{
    s->text = NULL;
    s->len = 0;
    s->f = open_memstream(&s->text, &s->len);
    return s->f ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
}

static void script_close(script *s)
{
    if (s->f)
        fclose(s->f);
    s->f = NULL;
}

/* Writes one line per month: month, then mean, q05, q95 of each quantity. */
static int summary_file(bilim_plot *p, const char *name, const bilim_comparison *c, int32_t s,
                        const bilim_quantity *qs, int nq, bilim_error *err)
{
    FILE *f = bilim_plot_data(p, name, err);
    if (!f)
        return err->code;
    for (int32_t t = 0; t <= c->months; t++) {
        fprintf(f, "%d", t);
        for (int k = 0; k < nq; k++) {
            const double *v = bilim_compare_summary(c, s, qs[k], t);
            fprintf(f, " %.10g %.10g %.10g", PCT * v[BILIM_STAT_MEAN], PCT * v[BILIM_STAT_Q05],
                    PCT * v[BILIM_STAT_Q95]);
        }
        fputc('\n', f);
    }
    return fclose(f) == 0 ? BILIM_OK : bilim_error_set(err, BILIM_EIO, "cannot write %s", name);
}

/* One scenario's mean line from column col of file <prefix><s>.dat, with its
 * colour, dash pattern and markers (about eight along the line). */
static void line_clause(FILE *f, const bilim_comparison *c, char prefix, int32_t s, int col)
{
    if (s == 0) {
        fprintf(f, "'%c0.dat' u 1:%d w l lw 2.5 dt (6,4) lc rgb '%s' notitle", prefix, col,
                baseline_colour);
        return;
    }
    int every = c->months >= 16 ? c->months / 8 : 2;
    fprintf(f, "'%c%d.dat' u 1:%d w lp lw 2 dt %s pt %d ps 0.9 pi -%d lc rgb '%s' notitle",
            prefix, s, col, dashes_gp[dash_index(s)], marker_pt(s), every,
            bilim__report_colour(s));
}

/* Plot clauses for quantity k (0-based within its file) of every scenario:
 * the 5-95% bands first, then the mean lines, the baseline's last so its
 * dashes stay visible where an option equals it. Keys are drawn in HTML
 * (legend() below), where long names wrap instead of squeezing the plot. */
static void band_clauses(FILE *f, const bilim_comparison *c, char prefix, int k)
{
    int col = 2 + 3 * k;
    fputs("plot ", f);
    for (int32_t s = 0; s < c->n_scenarios; s++)
        fprintf(f, "'%c%d.dat' u 1:%d:%d w filledcurves lc rgb '%s' notitle, ", prefix, s,
                col + 1, col + 2, bilim__report_colour(s));
    for (int32_t i = 1; i <= c->n_scenarios; i++) {
        int32_t s = i % c->n_scenarios; /* 1, 2, ..., n - 1, then 0 */
        line_clause(f, c, prefix, s, col);
        fputs(s != 0 ? ", " : "\n", f);
    }
}

/* The chart's key, in HTML: a line sample and the name of each scenario
 * (from = 0 with the baseline, 1 options only). */
static void legend(FILE *html, const bilim_comparison *c, int32_t from)
{
    fputs("<div class=\"legend\">", html);
    for (int32_t s = from; s < c->n_scenarios; s++) {
        fprintf(html, "<span><span class=\"ln\" style=\"border-color:%s;border-top-style:%s\">"
                      "</span>", bilim__report_colour(s), dashes_css[dash_index(s)]);
        if (s > 0)
            bilim__report_key(html, s);
        bilim__report_html(html, c->names[s]);
        fputs(s == 0 && !strstr(c->names[s], "baseline") ? " (baseline)</span>" : "</span>",
              html);
    }
    fputs("</div>\n", html);
}

/* "set NAME 'text'" with text quoted for gnuplot (translations may hold quotes). */
static void set_label(FILE *f, const char *name, const char *text)
{
    fprintf(f, "set %s ", name);
    bilim_plot_quote(f, text);
    fputc('\n', f);
}

/* Axis numbers in the language's way (decimal comma in kk and ru). */
static void number_style(FILE *f)
{
    if (strcmp(bilim_i18n_language(), "en") != 0)
        fputs("set decimalsign ','\n", f);
}

/* Date labels on the month axis: every 3, 6, 12 or 24 months from month 0,
 * at most about eight. */
static void date_tics(FILE *f, const bilim_comparison *c)
{
    static const int32_t steps[] = {3, 6, 12, 24, 48};
    int32_t step = 1;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && c->months / step > 8; i++)
        step = steps[i];
    fputs("set xtics (", f);
    for (int32_t t = 0; t <= c->months; t += step) {
        char d[64];
        bilim__report_fmt_date(c, t, d, sizeof d);
        bilim_plot_quote(f, d);
        fprintf(f, " %d%s", t, t + step <= c->months ? ", " : ")\n");
    }
}

static void common_style(FILE *f, const bilim_comparison *c)
{
    fprintf(f,
            "set grid lc rgb '#dddddd'\nset border 3 lc rgb '#555555'\nset tics nomirror\n"
            "set style fill transparent solid 0.15 noborder\nset xrange [0:%d]\n",
            c->months);
    date_tics(f, c);
    number_style(f);
}

int bilim__report_figure(bilim_plot *p, script *s, int w, int h, const char *id,
                         const char *title, const char *caption, const bilim_comparison *c,
                         int32_t legend_from, FILE *html, bilim_error *err)
{
    script_close(s);
    if (!s->text)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    char *svg = NULL;
    int rc = bilim_plot_render(p, s->text, w, h, id, title, &svg, err);
    bilim_free(s->text);
    s->text = NULL;
    if (rc)
        return rc;
    fprintf(html, "<figure id=\"%s\">\n", id);
    if (c)
        legend(html, c, legend_from);
    fputs(svg, html);
    fputs("\n<figcaption>", html);
    fputs(caption, html);
    fputs("</figcaption>\n</figure>\n", html);
    bilim_free(svg);
    return BILIM_OK;
}

static int chart_routine(const bilim_report_input *in, bilim_plot *p, FILE *html,
                         bilim_error *err)
{
    const bilim_comparison *c = in->cmp;
    const bilim_quantity q[] = {BILIM_Q_ROUTINE};
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        char name[32];
        snprintf(name, sizeof name, "r%d.dat", s);
        int rc = summary_file(p, name, c, s, q, 1, err);
        if (rc)
            return rc;
    }
    script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    common_style(s.f, c);
    set_label(s.f, "ylabel", _("Teachers in routine use (%)"));
    fputs("set yrange [0:*]\nunset key\n", s.f);
    band_clauses(s.f, c, 'r', 0);
    char cap[512];
    snprintf(cap, sizeof cap,
             _("Share of teachers who use the innovations routinely (mean over the %d "
               "innovations), month by month. Lines: mean over %d replicates; shaded: the "
               "middle 90%% of replicates (5th to 95th percentile). The baseline is dashed."),
             c->n_innovations, c->replicates);
    return bilim__report_figure(p, &s, 960, 440, "chart-routine", _("Routine use over time"),
                                cap, c, 0, html, err);
}

static int chart_difference(const bilim_report_input *in, bilim_plot *p, FILE *html,
                            bilim_error *err)
{
    const bilim_comparison *c = in->cmp;
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        char name[32];
        snprintf(name, sizeof name, "d%d.dat", o);
        FILE *f = bilim_plot_data(p, name, err);
        if (!f)
            return err->code;
        for (int32_t t = 0; t <= c->months; t++) {
            const double *v = bilim_compare_diff(c, o, t);
            double lo = isnan(v[1]) ? v[0] : v[1], hi = isnan(v[2]) ? v[0] : v[2];
            fprintf(f, "%d %.10g %.10g %.10g\n", t, PCT * v[0], PCT * lo, PCT * hi);
        }
        if (fclose(f) != 0)
            return bilim_error_set(err, BILIM_EIO, "cannot write chart data");
    }
    script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    common_style(s.f, c);
    set_label(s.f, "ylabel", _("Difference from the baseline (percentage points)"));
    fputs("unset key\nplot 0 w l lc rgb '#4d4d4d' dt 2 notitle", s.f);
    for (int32_t o = 1; o < c->n_scenarios; o++)
        fprintf(s.f, ", 'd%d.dat' u 1:3:4 w filledcurves lc rgb '%s' notitle", o,
                bilim__report_colour(o));
    for (int32_t o = 1; o < c->n_scenarios; o++)
        fprintf(s.f, ", 'd%d.dat' u 1:2 w l lw 2 lc rgb '%s' notitle", o, bilim__report_colour(o));
    fputc('\n', s.f);
    char cap[1024];
    snprintf(cap, sizeof cap, "%s%s",
             /* xgettext:no-c-format */
             _("How many percentage points each option adds to routine use, compared with the "
               "baseline in the same replicate. Shaded: the 95% confidence interval of the mean "
               "difference."),
             c->replicates < 2 ? _(" Not available: one replicate.") : "");
    return bilim__report_figure(p, &s, 960, 400, "chart-difference",
                                _("Difference from the baseline"), cap, c, 1, html, err);
}

static int chart_locality(const bilim_report_input *in, bilim_plot *p, FILE *html,
                          bilim_error *err)
{
    const bilim_comparison *c = in->cmp;
    const bilim_quantity q[] = {BILIM_Q_ROUTINE_URBAN, BILIM_Q_ROUTINE_RURAL};
    double top = 1.0;
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        char name[32];
        snprintf(name, sizeof name, "u%d.dat", s);
        int rc = summary_file(p, name, c, s, q, 2, err);
        if (rc)
            return rc;
        for (int32_t t = 0; t <= c->months; t++)
            for (int k = 0; k < 2; k++)
                top = fmax(top, PCT * bilim_compare_summary(c, s, q[k], t)[BILIM_STAT_Q95]);
    }
    script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    common_style(s.f, c);
    fprintf(s.f, "set yrange [0:%.6g]\n", ceil(top * 1.05));
    set_label(s.f, "ylabel", _("Teachers in routine use (%)"));
    fputs("unset key\nset multiplot layout 1,2\n", s.f);
    set_label(s.f, "title", _("Urban schools"));
    band_clauses(s.f, c, 'u', 0);
    set_label(s.f, "title", _("Rural schools"));
    band_clauses(s.f, c, 'u', 1);
    fputs("unset multiplot\n", s.f);
    return bilim__report_figure(p, &s, 1000, 420, "chart-locality", _("Urban and rural schools"),
                  _("Routine use in urban (left) and rural (right) schools, on the same scale. "
                    "Lines: mean over replicates; shaded: 5th to 95th percentile."),
                  c, 0, html, err);
}

static double finite_or(double x, double y)
{
    return isfinite(x) ? x : y;
}

/* Writes name as a gnuplot label text: at most about 28 bytes, cut at a
 * character boundary with "..." (the table keys give the full name). */
static void short_label(FILE *f, const char *name)
{
    char buf[40];
    size_t n = strlen(name);
    if (n <= 28) {
        bilim_plot_quote(f, name);
        return;
    }
    size_t k = 25;
    while (k > 0 && ((unsigned char)name[k] & 0xC0) == 0x80)
        k--;
    snprintf(buf, sizeof buf, "%.*s...", (int)k, name);
    bilim_plot_quote(f, buf);
}

static int chart_cost_effect(const bilim_report_input *in, bilim_plot *p, FILE *html,
                             bilim_error *err)
{
    const bilim_comparison *c = in->cmp;
    double big = 0.0;
    for (int32_t o = 1; o < c->n_scenarios; o++)
        big = fmax(big, fabs(bilim_compare_row(c, o, "cost_kzt")->paired.mean));
    double scale = big >= 1e9 ? 1e9 : 1e6;
    FILE *f = bilim_plot_data(p, "ce.dat", err);
    if (!f)
        return err->code;
    fputs("0 0 0 0 0 0\n", f);
    script s;
    if (bilim__report_script_open(&s, err)) {
        fclose(f);
        return err->code;
    }
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        const bilim_interval *e = &bilim_compare_row(c, o, "additional_teachers_routine")->paired;
        const bilim_interval *k = &bilim_compare_row(c, o, "cost_kzt")->paired;
        fprintf(f, "%.10g %.10g %.10g %.10g %.10g %.10g\n", e->mean, finite_or(e->low, e->mean),
                finite_or(e->high, e->mean), k->mean / scale,
                finite_or(k->low, k->mean) / scale, finite_or(k->high, k->mean) / scale);
        fprintf(s.f, "set label %d ", o);
        short_label(s.f, c->names[o]);
        fprintf(s.f, " at %.10g,%.10g offset char 0.9,0.7 left tc rgb '%s'\n", e->mean,
                k->mean / scale, bilim__report_colour(o));
    }
    if (fclose(f) != 0) {
        fclose(s.f);
        bilim_free(s.text);
        return bilim_error_set(err, BILIM_EIO, "cannot write chart data");
    }
    char d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fputs("set grid lc rgb '#dddddd'\nset border 3 lc rgb '#555555'\nset tics nomirror\n"
          "set xzeroaxis lt -1 lc rgb '#999999'\nset yzeroaxis lt -1 lc rgb '#999999'\n"
          "set offsets graph 0.1, graph 0.25, graph 0.15, graph 0.1\nunset key\n", s.f);
    number_style(s.f);
    char text[320];
    snprintf(text, sizeof text, _("Additional teachers in routine use by %s"), d);
    set_label(s.f, "xlabel", text);
    snprintf(text, sizeof text,
             scale == 1e9 ? _("Additional cost by %s (billion KZT)")
                          : _("Additional cost by %s (million KZT)"),
             d);
    set_label(s.f, "ylabel", text);
    fprintf(s.f, "plot 'ce.dat' every ::0::0 u 1:4 w p pt 7 ps 1.3 lc rgb '%s' notitle",
            bilim__report_colour(0));
    for (int32_t o = 1; o < c->n_scenarios; o++)
        fprintf(s.f, ", 'ce.dat' every ::%d::%d u 1:4:2:3:5:6 w xyerrorbars pt %d ps 1.4 lw 1.5 "
                     "lc rgb '%s' notitle", o, o, marker_pt(o), bilim__report_colour(o));
    fputc('\n', s.f);
    char cap[1600];
    snprintf(cap, sizeof cap,
             _("Cost against effect, both compared with the baseline (at the origin). Right is "
               "more teachers in routine use, up is more money; bars are 95%% confidence "
               "intervals%s. Each point is labelled with its option (names longer than 28 "
               "characters are cut). Options on the same line through the origin cost the same "
               "per additional teacher; flatter is better value."),
             c->replicates < 2 ? _(" (none: one replicate)") : "");
    return bilim__report_figure(p, &s, 900, 500, "chart-cost-effect", _("Cost and effect"), cap,
                                c, 0, html, err);
}

/* Small multiples: one panel per quantity, lines per scenario. */
static int chart_panels(const bilim_report_input *in, bilim_plot *p, FILE *html, char prefix,
                        const bilim_quantity *qs, int nq, int rows, int cols, int h,
                        const char *id, const char *title, const char *caption,
                        bilim_error *err)
{
    const bilim_comparison *c = in->cmp;
    for (int32_t s = 0; s < c->n_scenarios; s++) {
        char name[32];
        snprintf(name, sizeof name, "%c%d.dat", prefix, s);
        int rc = summary_file(p, name, c, s, qs, nq, err);
        if (rc)
            return rc;
    }
    script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    common_style(s.f, c);
    fputs("set yrange [0:100]\n", s.f);
    /* xgettext:no-c-format */
    set_label(s.f, "ylabel", _("% of principals"));
    fprintf(s.f, "unset key\nset multiplot layout %d,%d\n", rows, cols);
    for (int k = 0; k < nq; k++) {
        set_label(s.f, "title", _(bilim_quantity_title(qs[k])));
        band_clauses(s.f, c, prefix, k);
    }
    fputs("unset multiplot\n", s.f);
    return bilim__report_figure(p, &s, 1000, h, id, title, caption, c, 0, html, err);
}

int bilim__report_charts(const bilim_report_input *in, FILE *f, bilim_error *err)
{
    static const bilim_quantity barriers[] = {
        BILIM_Q_BARRIER_KNOWLEDGE, BILIM_Q_BARRIER_MOTIVATION, BILIM_Q_BARRIER_MATERIAL,
        BILIM_Q_BARRIER_ORGANIZING, BILIM_Q_BARRIER_MANAGERIAL};
    static const bilim_quantity bands[] = {BILIM_Q_BAND_LOW, BILIM_Q_BAND_INTERMEDIATE,
                                           BILIM_Q_BAND_HIGH};
    bilim_plot *p;
    int rc = bilim_plot_alloc(&p, err);
    if (rc)
        return rc;
    fprintf(f, "<section id=\"charts\">\n<h2>%s</h2>\n", _("Routine use over time"));
    rc = chart_routine(in, p, f, err);
    if (!rc) {
        fprintf(f, "<h2>%s</h2>\n", _("Difference from the baseline"));
        rc = chart_difference(in, p, f, err);
    }
    if (!rc && in->cmp->has_locality) {
        fprintf(f, "<h2>%s</h2>\n", _("Urban and rural schools"));
        rc = chart_locality(in, p, f, err);
    }
    if (!rc) {
        fprintf(f, "<h2>%s</h2>\n", _("Cost and effect"));
        rc = chart_cost_effect(in, p, f, err);
    }
    if (!rc) {
        fprintf(f, "<h2>%s</h2>\n", _("Barriers principals would report"));
        rc = chart_panels(in, p, f, 'b', barriers, 5, 2, 3, 640, "chart-barriers",
                          _("Barrier prevalence over time"),
                          _("Share of principals who would report each barrier in the survey "
                            "(the model's observation of the 2026 survey items). Lines: mean; "
                            "shaded: 5th to 95th percentile of replicates."),
                          err);
    }
    if (!rc) {
        fprintf(f, "<h2>%s</h2>\n", _("Principals' readiness"));
        rc = chart_panels(in, p, f, 'k', bands, 3, 1, 3, 380, "chart-readiness",
                          _("Readiness bands over time"),
                          _("Share of principals in each readiness band (low, intermediate, "
                            "high, as in the 2026 survey). Lines: mean; shaded: 5th to 95th "
                            "percentile of replicates."),
                          err);
    }
    fputs("</section>\n", f);
    bilim_plot_free(p);
    return rc;
}
