/* analysis/report_sweep.c: the report's curves of sweeps over policy levers
 * (analysis/sweep_curve.h): the effect at each level with its bands, and
 * where returns diminish. */
#include "analysis/report_internal.h"

#include <math.h>
#include <string.h>

#define PCT 100.0

static void level_text(const bilim_sweep_curve *c, int32_t i, char *buf, size_t n)
{
    double v = c->level[i];
    if (strstr(c->field, "kzt") && fabs(v) >= 1e9)
        snprintf(buf, n, "%.3g billion KZT", v / 1e9);
    else if (strstr(c->field, "kzt") && fabs(v) >= 1e6)
        snprintf(buf, n, "%.3g million KZT", v / 1e6);
    else
        snprintf(buf, n, "%.4g", v);
}

static int curve_chart(const bilim_sweep_curve *c, int k, bilim_plot *p, FILE *html,
                       bilim_error *err)
{
    char name[32];
    snprintf(name, sizeof name, "s%d.dat", k);
    FILE *d = bilim_plot_data(p, name, err);
    if (!d)
        return err->code;
    int draws = isfinite(c->q025[0]);
    double scale = strstr(c->field, "kzt") && c->level[c->n - 1] >= 1e9 ? 1e9
                   : strstr(c->field, "kzt") && c->level[c->n - 1] >= 1e6 ? 1e6 : 1.0;
    for (int32_t i = 0; i < c->n; i++) {
        double lo = isfinite(c->effect_low[i]) ? c->effect_low[i] : c->effect[i];
        double hi = isfinite(c->effect_high[i]) ? c->effect_high[i] : c->effect[i];
        fprintf(d, "%.10g %.10g %.10g %.10g %.10g %.10g\n", c->level[i] / scale,
                PCT * c->effect[i], PCT * lo, PCT * hi,
                PCT * (draws ? c->q025[i] : c->effect[i]),
                PCT * (draws ? c->q975[i] : c->effect[i]));
    }
    if (fclose(d) != 0)
        return bilim_error_set(err, BILIM_EIO, "cannot write chart data");
    bilim__report_script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    fprintf(s.f, "set grid lc rgb '#dddddd'\nset border 3 lc rgb '#555555'\nset tics nomirror\n"
                 "set style fill transparent solid 0.2 noborder\nunset key\n"
                 "set xlabel '%s of %s%s'\nset ylabel 'Change in routine use (pp)'\n",
            c->field, c->intervention,
            scale == 1e9 ? " (billion KZT)" : scale == 1e6 ? " (million KZT)" : "");
    if (c->diminishing >= 0)
        fprintf(s.f, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 "
                     "lc rgb '#d62728'\n", c->level[c->diminishing] / scale,
                c->level[c->diminishing] / scale);
    fprintf(s.f, "plot '%s' u 1:5:6 w filledcurves lc rgb '#1f77b4' notitle, "
                 "'%s' u 1:3:4 w filledcurves lc rgb '#1f77b4' notitle, "
                 "'%s' u 1:2 w lp pt 7 lw 2 lc rgb '#1f77b4' notitle\n", name, name, name);
    char id[48], cap[700];
    snprintf(id, sizeof id, "chart-sweep-%d", k);
    snprintf(cap, sizeof cap,
             "The change in routine use at each level of the lever, against the baseline. "
             "Points and line: the mean over replicates; dark band: its 95%% simulation-noise "
             "interval%s%s",
             draws ? "; light band: the middle 95% of draws of the uncertain parameters" : "",
             c->diminishing >= 0 ? "; dashed line: where returns diminish." : ".");
    return bilim__report_figure(p, &s, 900, 400, id, "Sweep", cap, NULL, 0, html, err);
}

static void curve_words(const bilim_sweep_curve *c, FILE *f)
{
    char a[64], b[64];
    level_text(c, 0, a, sizeof a);
    level_text(c, c->n - 1, b, sizeof b);
    fputs("<p><b>", f);
    bilim__report_html(f, c->name);
    fputs("</b>: ", f);
    bilim__report_html(f, c->field);
    fputs(" of ", f);
    bilim__report_html(f, c->intervention);
    fprintf(f, " from %s to %s in %d levels: routine use changes by %+.2f pp at the first "
               "level and %+.2f pp at the last. ", a, b, (int)c->n, PCT * c->effect[0],
            PCT * c->effect[c->n - 1]);
    if (c->diminishing >= 0) {
        char d[64];
        level_text(c, c->diminishing, d, sizeof d);
        fprintf(f, "Returns diminish at %s: the step to that level adds less than half as "
                   "much routine use per %s as the first level did.</p>\n", d,
                c->per_kzt ? "KZT" : "unit of the lever");
    } else {
        fprintf(f, "Returns do not diminish within this range: no step adds less than half as "
                   "much routine use per %s as the first level did.</p>\n",
                c->per_kzt ? "KZT" : "unit of the lever");
    }
}

int bilim__report_sweeps(const bilim_report_input *in, FILE *f, bilim_error *err)
{
    fputs("<section id=\"sweeps\">\n<h2>How the effect grows with the lever</h2>\n", f);
    bilim_plot *p;
    int rc = bilim_plot_alloc(&p, err);
    for (int k = 0; !rc && k < in->n_sweeps; k++) {
        const bilim_sweep_curve *c = &in->sweeps[k];
        fputs("<h3>", f);
        bilim__report_html(f, c->name);
        fputs("</h3>\n", f);
        curve_words(c, f);
        rc = curve_chart(c, k, p, f, err);
    }
    bilim_plot_free(p);
    fputs("<p class=\"muted\">Where returns diminish: the first level at which the marginal "
          "effect (the change in routine use from the previous level, per KZT of additional "
          "cost, or per unit of the lever when the levels cost the same) falls below half of "
          "the first level's (from the baseline to the first level).</p>\n</section>\n", f);
    return rc;
}
