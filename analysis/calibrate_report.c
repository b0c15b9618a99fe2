/* analysis/calibrate_report.c: the calibration's HTML report (see
 * calibrate.h): diagnostics and warnings, the fit of every target
 * (observed against the posterior predictive), each free parameter's prior
 * against its posterior, the most correlated pairs, the identifiability
 * table and the pattern checks. Charts are gnuplot SVG inline, drawn with
 * the comparison report's figure helper (analysis/report_internal.h). */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/report_internal.h"
#include "base/alloc.h"

#define BINS 30
#define MAX_PAIRS 6

static const char *const css =
    "body{font-family:system-ui,Arial,sans-serif;color:#1d1d1d;max-width:1060px;margin:0 auto;"
    "padding:24px 28px 60px;line-height:1.5}\nh2{border-bottom:2px solid #e4e4e4;margin-top:2em}\n"
    "table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.93em}\n"
    "th,td{border-bottom:1px solid #ddd;padding:5px 8px;text-align:left}th{background:#f3f5f8}"
    "td.n{text-align:right}\n.note{background:#fff8e5;border-left:4px solid #e0a800;padding:8px 14px}\n"
    ".grid{display:flex;flex-wrap:wrap;gap:8px}.grid figure{width:330px;margin:0}\n"
    "figure svg{width:100%;height:auto;display:block}figcaption{color:#444;font-size:.9em}\n";

/* Target t's observed count and fit row, or -1 when it is not fitted. */
static int fit_row(const bilim_calibrate_result *r, int t)
{
    for (int i = 0; i < r->n_fit; i++)
        if (r->fit_target[i] == t)
            return i;
    return -1;
}

static int figure(bilim_plot *p, bilim__report_script *s, int w, int h, const char *id,
                  const char *title, const char *caption, FILE *html, bilim_error *err)
{
    return bilim__report_figure(p, s, w, h, id, title, caption, NULL, 0, html, err);
}

/* Observed share, posterior predictive mean and 90% interval, and the 95%
 * Wilson interval of each fitted target, in percent. */
static int chart_fit(const bilim_calibration *c, const bilim_calibrate_result *r, bilim_plot *p,
                     FILE *html, bilim_error *err)
{
    FILE *f = bilim_plot_data(p, "fit.dat", err);
    if (!f)
        return err->code;
    double n = c->survey_n;
    for (int i = 0; i < r->n_fit; i++) {
        int t = r->fit_target[i];
        fprintf(f, "%d %.10g %.10g %.10g %.10g %.10g %.10g\n", i, 100.0 * c->observed[t] / n,
                100.0 * r->fit_mean[i] / n, 100.0 * r->fit_q05[i] / n, 100.0 * r->fit_q95[i] / n,
                100.0 * r->wilson_lo[t] / n, 100.0 * r->wilson_hi[t] / n);
    }
    if (fclose(f) != 0)
        return bilim_error_set(err, BILIM_EIO, "cannot write the fit chart's data");
    bilim__report_script s;
    int rc = bilim__report_script_open(&s, err);
    if (rc)
        return rc;
    fputs("set ylabel 'share of respondents (%)'\nset yrange [0:100]\nset key top left\n"
          "set xtics rotate by -30 font ',9'\nset xtics (", s.f);
    for (int i = 0; i < r->n_fit; i++) {
        fputs(i ? ", " : "", s.f);
        bilim_plot_quote(s.f, bilim_calib_target_name(r->fit_target[i]));
        fprintf(s.f, " %d", i);
    }
    fprintf(s.f, ")\nset xrange [-0.6:%g]\nset bmargin 9\n"
            "plot 'fit.dat' u ($1+0.12):3:4:5 w yerrorbars pt 7 lc rgb '#1f77b4' "
            "title 'posterior predictive: mean, 5%% to 95%%', "
            "'' u ($1-0.12):2:6:7 w yerrorbars pt 5 lc rgb '#d62728' "
            "title 'observed, 95%% Wilson interval'\n", r->n_fit - 0.4);
    return figure(p, &s, 960, 460, "chart-fit", "Fit per target",
                  "Each target: the observed share with its 95% Wilson interval (red) and the "
                  "posterior predictive mean with its 5% to 95% range over surveys simulated "
                  "from the posterior (blue).", html, err);
}

/* Weighted histogram of parameter k against its prior density, both as
 * densities on the prior's bounds (or the posterior's 0.5% to 99.5% span
 * when a bound is infinite). */
static int chart_marginal(const bilim_calibration *c, const bilim_calibrate_result *r, int k,
                          bilim_plot *p, FILE *html, bilim_error *err)
{
    const bilim_abc_result *a = &r->abc;
    const bilim_prior *pr = &c->prior[k];
    double lo = pr->lower, hi = pr->upper, h[BINS] = {0};
    double *x = bilim_malloc((size_t)a->n_particles * sizeof *x);
    if (!x)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t i = 0; i < a->n_particles; i++)
        x[i] = a->theta[(size_t)i * a->n_params + k];
    if (!isfinite(lo))
        lo = bilim_abc_weighted_quantile(x, a->weights, (size_t)a->n_particles, 0.005);
    if (!isfinite(hi))
        hi = bilim_abc_weighted_quantile(x, a->weights, (size_t)a->n_particles, 0.995);
    if (!(hi > lo))
        hi = lo + 1e-9;
    double wbin = (hi - lo) / BINS;
    for (int32_t i = 0; i < a->n_particles; i++) {
        int b = (int)((x[i] - lo) / wbin);
        if (b >= 0 && b <= BINS)
            h[b < BINS ? b : BINS - 1] += a->weights[i] / wbin;
    }
    bilim_free(x);
    char name[32], pname[32], id[48];
    snprintf(name, sizeof name, "m%d.dat", k);
    snprintf(pname, sizeof pname, "p%d.dat", k);
    snprintf(id, sizeof id, "chart-marginal-%d", k);
    FILE *f = bilim_plot_data(p, name, err), *g = f ? bilim_plot_data(p, pname, err) : NULL;
    if (!f || !g) {
        if (f)
            fclose(f);
        return err->code;
    }
    for (int b = 0; b < BINS; b++)
        fprintf(f, "%.10g %.10g\n", lo + (b + 0.5) * wbin, h[b]);
    for (int j = 0; j <= 200; j++) {
        double v = lo + (hi - lo) * j / 200.0, d = exp(bilim_prior_logpdf(pr, v));
        fprintf(g, "%.10g %.10g\n", v, isfinite(d) ? d : 0.0);
    }
    int bad_f = fclose(f) != 0, bad_g = fclose(g) != 0; /* both closed, always */
    if (bad_f || bad_g)
        return bilim_error_set(err, BILIM_EIO, "cannot write the marginal chart's data");
    bilim__report_script s;
    int rc = bilim__report_script_open(&s, err);
    if (rc)
        return rc;
    fputs("set style fill solid 0.5 noborder\nset key top right font ',9'\nset ytics font ',8'\n"
          "set xtics font ',8'\nset title ", s.f);
    bilim_plot_quote(s.f, c->free[k]->name);
    fprintf(s.f, " font ',10'\nplot '%s' u 1:2 w boxes lc rgb '#1f77b4' title 'posterior', "
            "'%s' u 1:2 w l lw 2 lc rgb '#4d4d4d' title 'prior'\n", name, pname);
    char cap[256];
    const bilim_ident_row *w = &r->ident[k];
    snprintf(cap, sizeof cap, "posterior sd / prior sd %.2f (%s)", w->sd_ratio,
             bilim_posterior_verdict(w->sd_ratio));
    return figure(p, &s, 330, 250, id, c->free[k]->name, cap, html, err);
}

/* The pairs with the largest absolute posterior correlation, largest
 * first (insertion into a sorted list of at most MAX_PAIRS). */
static int top_pairs(const bilim_calibration *c, const bilim_calibrate_result *r, int *pa, int *pb)
{
    int n = 0, d = c->n_free;
    double best[MAX_PAIRS];
    for (int a = 0; a < d; a++)
        for (int b = a + 1; b < d; b++) {
            double v = fabs(r->corr[a * d + b]);
            if (!isfinite(v))
                continue;
            int pos = n;
            if (n == MAX_PAIRS) {
                if (!(v > best[n - 1]))
                    continue;
                pos = n - 1;
            } else {
                n++;
            }
            for (; pos > 0 && v > best[pos - 1]; pos--) {
                best[pos] = best[pos - 1];
                pa[pos] = pa[pos - 1];
                pb[pos] = pb[pos - 1];
            }
            best[pos] = v;
            pa[pos] = a;
            pb[pos] = b;
        }
    return n;
}

static int chart_pair(const bilim_calibration *c, const bilim_calibrate_result *r, int a, int b,
                      bilim_plot *p, FILE *html, bilim_error *err)
{
    const bilim_abc_result *ar = &r->abc;
    char name[32], id[48];
    snprintf(name, sizeof name, "pair%d_%d.dat", a, b);
    snprintf(id, sizeof id, "chart-pair-%d-%d", a, b);
    FILE *f = bilim_plot_data(p, name, err);
    if (!f)
        return err->code;
    for (int32_t i = 0; i < ar->n_particles; i++)
        fprintf(f, "%.10g %.10g %.10g\n", ar->theta[(size_t)i * ar->n_params + a],
                ar->theta[(size_t)i * ar->n_params + b], 0.3 + 40.0 * ar->weights[i]);
    if (fclose(f) != 0)
        return bilim_error_set(err, BILIM_EIO, "cannot write the pair chart's data");
    bilim__report_script s;
    int rc = bilim__report_script_open(&s, err);
    if (rc)
        return rc;
    fputs("set key off\nset tics font ',8'\nset xlabel ", s.f);
    bilim_plot_quote(s.f, c->free[a]->name);
    fputs(" font ',9'\nset ylabel ", s.f);
    bilim_plot_quote(s.f, c->free[b]->name);
    fprintf(s.f, " font ',9'\nplot '%s' u 1:2:3 w p pt 7 ps var lc rgb '#1f77b4'\n", name);
    char cap[256];
    snprintf(cap, sizeof cap, "weighted correlation %.2f (point size: particle weight)",
             r->corr[a * c->n_free + b]);
    return figure(p, &s, 330, 300, id, "pair", cap, html, err);
}

static void table_history(const bilim_calibration *c, const bilim_calibrate_result *r, FILE *f)
{
    const bilim_abc_result *a = &r->abc;
    fputs("<table id=\"history\"><tr><th>generation</th><th>tolerance</th><th>simulations</th>"
          "<th>acceptance rate</th><th>effective sample size</th></tr>\n", f);
    for (int32_t g = 0; g < a->n_generations; g++) {
        const bilim_abc_generation *h = &a->history[g];
        fprintf(f, "<tr><td>%d</td><td class=\"n\">", g);
        if (isinf(h->epsilon))
            fputs("prior", f);
        else
            fprintf(f, "%.3g", h->epsilon);
        fprintf(f, "</td><td class=\"n\">%lld</td><td class=\"n\">%.3g</td><td class=\"n\">%.1f"
                "</td></tr>\n", (long long)h->simulations, h->acceptance_rate, h->ess);
    }
    fprintf(f, "</table>\n<p>%d particles, %lld simulations in all; stopped because it %s. The "
            "data's noise level is %.3g (the median distance between two surveys simulated at "
            "the point estimate); effective sample sizes below %.0f are flagged.</p>\n",
            a->n_particles, (long long)a->simulations, bilim_abc_stop_description(a->stop),
            r->noise_level, BILIM_CALIBRATE_MIN_ESS);
    char warn[2048];
    if (bilim_calibrate_warnings(r, warn, sizeof warn) > 0) {
        fputs("<div class=\"note\" id=\"warnings\"><b>Warnings</b><ul>\n", f);
        for (char *line = warn, *end; *line; line = end + 1) {
            end = strchr(line, '\n');
            if (!end)
                break;
            *end = '\0';
            fputs("<li>", f);
            bilim__report_html(f, line);
            fputs("</li>\n", f);
        }
        fputs("</ul></div>\n", f);
    }
    (void)c;
}

static void table_fit(const bilim_calibration *c, const bilim_calibrate_result *r, FILE *f)
{
    fputs("<table id=\"fit\"><tr><th>target</th><th>observed</th><th>posterior predictive mean"
          "</th><th>5% to 95%</th><th>95% Wilson interval</th><th>at the point estimate</th></tr>\n",
          f);
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        int i = fit_row(r, t);
        if (i < 0)
            continue;
        fputs("<tr><td>", f);
        bilim__report_html(f, bilim_calib_target_name(t));
        fprintf(f, "</td><td class=\"n\">%d / %d</td><td class=\"n\">%.1f</td><td class=\"n\">"
                "%.0f to %.0f</td><td class=\"n\">%.1f to %.1f</td><td class=\"n\">%.1f (%s)</td>"
                "</tr>\n", c->observed[t], c->survey_n, r->fit_mean[i], r->fit_q05[i],
                r->fit_q95[i], r->wilson_lo[t], r->wilson_hi[t], r->check_mean[t],
                r->check_inside[t] ? "inside" : "outside");
    }
    fputs("</table>\n", f);
}

static void table_ident(const bilim_calibration *c, const bilim_calibrate_result *r, FILE *f)
{
    fputs("<table id=\"identifiability\"><tr><th>parameter</th><th>prior mean (sd)</th>"
          "<th>posterior mean (sd)</th><th>90% interval</th><th>sd ratio</th><th>verdict</th>"
          "</tr>\n", f);
    for (int k = 0; k < c->n_free; k++) {
        const bilim_ident_row *w = &r->ident[k];
        fputs("<tr><td>", f);
        bilim__report_html(f, c->free[k]->name);
        fprintf(f, "</td><td class=\"n\">%.4g (%.3g)</td><td class=\"n\">%.4g (%.3g)</td>"
                "<td class=\"n\">%.4g to %.4g</td><td class=\"n\">%.2f</td><td>%s</td></tr>\n",
                w->prior_mean, w->prior_sd, w->posterior_mean, w->posterior_sd, w->posterior_q05,
                w->posterior_q95, w->sd_ratio, bilim_posterior_verdict(w->sd_ratio));
    }
    fputs("</table>\n", f);
}

static void table_patterns(const bilim_calibration *c, const bilim_calibrate_result *r, FILE *f)
{
    if (c->n_patterns == 0) {
        fputs("<p>The calibration file names no pattern file.</p>\n", f);
        return;
    }
    fputs("<table id=\"patterns\"><tr><th>pattern</th><th>month</th><th>quantity</th>"
          "<th>posterior share reproducing it</th></tr>\n", f);
    for (int k = 0; k < c->n_patterns; k++) {
        const bilim_pattern *p = &c->patterns[k];
        fputs("<tr><td>", f);
        bilim__report_html(f, p->id);
        fprintf(f, "</td><td class=\"n\">%d</td><td>%s", p->month, p->change ? "change in " : "");
        bilim__report_html(f, bilim_pattern_quantity_name(p->quantity));
        fprintf(f, "</td><td class=\"n\">%.2f</td></tr>\n", r->pattern_share[k]);
    }
    fputs("</table>\n", f);
}

static int charts(const bilim_calibration *c, const bilim_calibrate_result *r, bilim_plot *p,
                  FILE *f, bilim_error *err)
{
    fputs("<h2 id=\"fit-section\">Fit per target</h2>\n", f);
    int rc = chart_fit(c, r, p, f, err);
    if (rc)
        return rc;
    table_fit(c, r, f);
    fputs("<h2 id=\"marginals\">Prior and posterior of each free parameter</h2>\n"
          "<div class=\"grid\">\n", f);
    for (int k = 0; k < c->n_free && !rc; k++)
        rc = chart_marginal(c, r, k, p, f, err);
    fputs("</div>\n", f);
    if (rc)
        return rc;
    int pa[MAX_PAIRS], pb[MAX_PAIRS], np = top_pairs(c, r, pa, pb);
    fprintf(f, "<h2 id=\"pairs\">The most correlated pairs</h2>\n<p>The %d pairs of free "
            "parameters with the largest weighted posterior correlation: a ridge means the data "
            "constrain a combination, not each parameter.</p>\n<div class=\"grid\">\n", np);
    for (int i = 0; i < np && !rc; i++)
        rc = chart_pair(c, r, pa[i], pb[i], p, f, err);
    fputs("</div>\n", f);
    return rc;
}

int bilim_calibrate_report(FILE *f, const bilim_calibration *c, const bilim_calibrate_result *r,
                           const char *source, bilim_error *err)
{
    bilim_plot *p = NULL;
    int rc = bilim_plot_alloc(&p, err);
    if (rc)
        return rc;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>bilim calibration: ", f);
    bilim__report_html(f, c->name);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Calibration ", css);
    bilim__report_html(f, c->name);
    fprintf(f, "</h1>\n<p>%d free parameters fitted by ABC-SMC to the survey of %d principals "
            "(docs/calibration.md). ", c->n_free, c->survey_n);
    bilim__report_html(f, source ? source : "");
    fputs("</p>\n<h2 id=\"diagnostics\">Diagnostics</h2>\n", f);
    table_history(c, r, f);
    rc = charts(c, r, p, f, err);
    if (!rc) {
        fputs("<h2 id=\"identifiability-section\">What the data identify</h2>\n", f);
        table_ident(c, r, f);
        fputs("<h2 id=\"patterns-section\">Pattern checks from the case studies</h2>\n", f);
        table_patterns(c, r, f);
        fputs("</body>\n</html>\n", f);
    }
    bilim_plot_free(p);
    return rc;
}
