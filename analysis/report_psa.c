/* analysis/report_psa.c: the report's lead section for a comparison run
 * with --draws: "How sure is this ranking?" (docs/compare.md, "The report
 * of a propagated comparison"). Every number is read from the analysis
 * (analysis/psa.h) that /comparison/uncertainty of the result file holds. */
#include "analysis/report_internal.h"
#include "analysis/report_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/psa.h"
#include "base/alloc.h"
#include "models/params.h"

#define PCT 100.0
#define EVPPI_BARS 12

/* "1.23 billion KZT", "456 million KZT", "12,300 KZT". */
static void fmt_kzt(double v, char *buf, size_t n)
{
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, n, "not estimated");
    else if (a >= 1e9)
        snprintf(buf, n, "%.3g billion KZT", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "%.3g million KZT", v / 1e6);
    else {
        bilim__report_fmt_int(v, buf, n);
        size_t l = strlen(buf);
        snprintf(buf + l, n > l ? n - l : 0, " KZT");
    }
}

static void name_cell(FILE *f, const bilim_psa_result *r, int32_t k)
{
    fputs("<td><span class=\"opt\">", f);
    bilim__report_key(f, k);
    fputs("<b>", f);
    bilim__report_html_breakable(f, r->names[k]);
    fputs("</b></span></td>", f);
}

static double p_first(const bilim_psa_result *r, int32_t k)
{
    return r->rank_probability[(size_t)(k - 1) * (size_t)r->n_options];
}

static void lead(const bilim_psa_result *r, FILE *f)
{
    const bilim_discovery *dc = &r->discovery;
    fputs("<div class=\"findings\"><ul>\n", f);
    if (dc->top > 0) {
        const int32_t t = dc->top;
        char lo[64], mid[64], hi[64];
        bilim__report_fmt_int(bilim_psa_summary(r, t, BILIM_PSA_TEACHERS, BILIM_PSA_Q025), lo,
                              sizeof lo);
        bilim__report_fmt_int(bilim_psa_summary(r, t, BILIM_PSA_TEACHERS, BILIM_PSA_Q50), mid,
                              sizeof mid);
        bilim__report_fmt_int(bilim_psa_summary(r, t, BILIM_PSA_TEACHERS, BILIM_PSA_Q975), hi,
                              sizeof hi);
        fputs("<li><b>", f);
        bilim__report_html(f, r->names[t]);
        fprintf(f, "</b> has the largest effect on routine use in <b>%.0f%%</b> of %d draws of "
                   "the model's uncertain parameters. Its effect: %s additional teachers in "
                   "routine use (median over draws; 95%% of draws between %s and %s, simulated "
                   "population).</li>\n", PCT * dc->p_top, (int)r->n_draws, mid, lo, hi);
    }
    for (int32_t k = 1; k <= r->n_options; k++) {
        if (k == dc->top || !(p_first(r, k) > 0.0))
            continue;
        fputs("<li><b>", f);
        bilim__report_html(f, r->names[k]);
        fprintf(f, "</b> comes first in %.0f%% of draws.</li>\n", PCT * p_first(r, k));
    }
    int32_t b = r->best[r->n_wtp]; /* the reference lambda is the grid's hidden last value */
    char w[64];
    fmt_kzt(r->settings.wtp_ref, w, sizeof w);
    fputs("<li>Valuing one more teacher in routine use at ", f);
    fputs(w, f);
    fputs(" (a convention: a year of the average teacher's salary), <b>", f);
    bilim__report_html(f, r->names[b]);
    fprintf(f, "</b> has the highest expected net benefit; it is the best choice in %.0f%% of "
               "draws.</li>\n", PCT * r->ceac[r->n_wtp * (size_t)r->n_scenarios + (size_t)b]);
    fputs("</ul></div>\n", f);
}

static void rank_table(const bilim_psa_result *r, FILE *f)
{
    const int32_t O = r->n_options;
    fputs("<h3>Rank probabilities</h3>\n<p>How often each option takes each place when the "
          "options are ranked by their effect on routine use, over the draws.</p>\n"
          "<table id=\"rank-probabilities\">\n<tr><th>Option</th><th>First</th>", f);
    for (int32_t j = 1; j < O; j++)
        fprintf(f, "<th class=\"n\">Rank %d</th>", (int)j + 1);
    fputs("</tr>\n", f);
    for (int32_t k = 1; k <= O; k++) {
        const double *pr = r->rank_probability + (size_t)(k - 1) * (size_t)O;
        fputs("<tr>", f);
        name_cell(f, r, k);
        fprintf(f, "<td><span class=\"bar\" style=\"width:%.1fpx;background:%s\"></span> "
                   "%.0f%%</td>", 160.0 * pr[0], bilim__report_colour(k), PCT * pr[0]);
        for (int32_t j = 1; j < O; j++)
            fprintf(f, "<td class=\"n\">%.0f%%</td>", PCT * pr[j]);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The effect on routine use over the draws: median and 95% range, as bars
 * on one scale. */
static void effect_distributions(const bilim_psa_result *r, FILE *f)
{
    double lo = 0.0, hi = 0.0;
    for (int32_t k = 1; k <= r->n_options; k++) {
        lo = fmin(lo, bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q025));
        hi = fmax(hi, bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q975));
    }
    double span = hi - lo > 0 ? hi - lo : 1.0;
    fputs("<h3>How large the effects may be</h3>\n<p>The change in routine use (percentage "
          "points at the horizon, against the baseline in the same draw) over the draws: the "
          "bar spans the middle 95% of draws, the mark is the median, the thin line zero. The "
          "spread is mostly what we do not know about the model's parameters; the last column "
          "is the same range with the simulation noise taken out (approximate).</p>\n"
          "<table id=\"effect-distributions\">\n<tr><th>Option</th><th>Median</th>"
          "<th>95% of draws</th><th style=\"width:40%\"></th><th class=\"n\">Above zero</th>"
          "<th>Without noise</th></tr>\n", f);
    for (int32_t k = 1; k <= r->n_options; k++) {
        double q1 = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q025);
        double q2 = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q50);
        double q3 = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q975);
        fputs("<tr>", f);
        name_cell(f, r, k);
        fprintf(f, "<td class=\"n\">%+.2f pp</td><td>%+.2f to %+.2f pp</td>", PCT * q2,
                PCT * q1, PCT * q3);
        fprintf(f, "<td><div class=\"range\"><i class=\"zero\" style=\"left:%.1f%%\"></i>"
                   "<span style=\"left:%.1f%%;width:%.1f%%;background:%s\"></span>"
                   "<i style=\"left:%.1f%%\"></i></div></td>",
                PCT * (0.0 - lo) / span, PCT * (q1 - lo) / span, PCT * (q3 - q1) / span,
                bilim__report_colour(k), PCT * (q2 - lo) / span);
        fprintf(f, "<td class=\"n\">%.0f%%</td><td>%+.2f to %+.2f pp</td></tr>\n",
                PCT * bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_P_POSITIVE),
                PCT * bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q025_PARAMETER),
                PCT * bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q975_PARAMETER));
    }
    fputs("</table>\n", f);
}

static int chart_ceac(const bilim_psa_result *r, bilim_plot *p, FILE *html, bilim_error *err)
{
    FILE *d = bilim_plot_data(p, "ceac.dat", err);
    if (!d)
        return err->code;
    for (size_t w = 0; w < r->n_wtp; w++) {
        if (!(r->wtp[w] > 0))
            continue; /* a log scale */
        fprintf(d, "%.10g", r->wtp[w]);
        for (int32_t k = 0; k < r->n_scenarios; k++)
            fprintf(d, " %.10g", PCT * r->ceac[w * (size_t)r->n_scenarios + (size_t)k]);
        fputc('\n', d);
    }
    if (fclose(d) != 0)
        return bilim_error_set(err, BILIM_EIO, "cannot write chart data");
    bilim__report_script s;
    if (bilim__report_script_open(&s, err))
        return err->code;
    fprintf(s.f, "set grid lc rgb '#dddddd'\nset border 3 lc rgb '#555555'\nset tics nomirror\n"
                 "set logscale x\nset format x '%%.0e'\nset yrange [0:100]\nunset key\n"
                 "set xlabel 'Value of one more teacher in routine use (KZT, log scale)'\n"
                 "set ylabel 'Probability of the highest net benefit (%%)'\n"
                 "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lc rgb '#888888'\n"
                 "plot ", r->settings.wtp_ref, r->settings.wtp_ref);
    for (int32_t k = 0; k < r->n_scenarios; k++)
        fprintf(s.f, "%s'ceac.dat' u 1:%d w l lw %s lc rgb '%s' notitle", k ? ", " : "",
                (int)k + 2, k == 0 ? "2.5 dt 2" : "2", bilim__report_colour(k));
    fputc('\n', s.f);
    fputs("<div class=\"legend\">", html);
    for (int32_t k = 0; k < r->n_scenarios; k++) {
        fprintf(html, "<span><span class=\"ln%s\" style=\"border-color:%s\"></span>",
                k == 0 ? " dash" : "", bilim__report_colour(k));
        bilim__report_html(html, r->names[k]);
        fputs("</span>", html);
    }
    fputs("</div>\n", html);
    return bilim__report_figure(
        p, &s, 960, 420, "chart-ceac", "Acceptability curve",
        "The cost-effectiveness acceptability curve: for each value put on one more teacher in "
        "routine use (horizontal), the share of draws in which each option (or the baseline, "
        "dashed) has the highest net benefit, value times additional teachers minus additional "
        "cost. The dotted vertical line is the reference value used elsewhere in this report.",
        NULL, 0, html, err);
}

/* The words for an EVPPI item: the parameter's description, or the group's;
 * mid: within a sentence (the description's capital lowered). */
static void evppi_label(const bilim_psa_evppi_item *it, FILE *f, int mid)
{
    const bilim_param_info *info = strcmp(it->kind, "parameter") == 0
                                       ? bilim_params_find(it->name) : NULL;
    if (info && info->description) {
        size_t n = strlen(info->description);
        char *d = bilim_malloc(n + 1);
        if (d) { /* without the table's full stop, which reads badly mid-sentence */
            memcpy(d, info->description, n + 1);
            if (n > 0 && d[n - 1] == '.')
                d[n - 1] = '\0';
            if (mid && d[0] >= 'A' && d[0] <= 'Z' && !(d[1] >= 'A' && d[1] <= 'Z'))
                d[0] = (char)(d[0] - 'A' + 'a');
        }
        bilim__report_html(f, d ? d : info->description);
        bilim_free(d);
        fputs(" (", f);
        bilim__report_html(f, it->name);
        fputs(")", f);
    } else if (strcmp(it->kind, "posterior") == 0) {
        fputs("the state of schools at month 0 (the calibration's posterior sample)", f);
    } else if (strcmp(it->kind, "group") == 0) {
        fputs("all parameters of the ", f);
        bilim__report_html(f, it->name + (strncmp(it->name, "group ", 6) == 0 ? 6 : 0));
        fputs(" group", f);
    } else {
        bilim__report_html(f, it->name);
    }
}

static int cmp_evppi(const void *a, const void *b)
{
    const bilim_psa_evppi_item *x = *(const bilim_psa_evppi_item *const *)a;
    const bilim_psa_evppi_item *y = *(const bilim_psa_evppi_item *const *)b;
    double u = isfinite(x->value) ? x->value : -1.0, v = isfinite(y->value) ? y->value : -1.0;
    return (u < v) - (u > v);
}

static int evppi_section(const bilim_psa_result *r, FILE *f, bilim_error *err)
{
    char evpi[64], w[64], floor_s[64];
    fmt_kzt(r->evpi_ref, evpi, sizeof evpi);
    fmt_kzt(r->settings.wtp_ref, w, sizeof w);
    fputs("<h3>Which assumption matters for this decision</h3>\n<p>", f);
    fprintf(f, "Knowing every uncertain parameter exactly before deciding would be worth at "
               "most <b>%s</b> for the whole population (the expected value of perfect "
               "information, valuing one more teacher in routine use at %s). The bars give the "
               "same for one parameter or group at a time (EVPPI): what learning it exactly "
               "could add to the decision, an upper bound on what any study that measures it "
               "can be worth.</p>\n", evpi, w);
    if (r->n_evppi == 0) {
        fputs("<p class=\"muted\">EVPPI was not computed for this file.</p>\n", f);
        return BILIM_OK;
    }
    const bilim_psa_evppi_item **it = bilim_calloc(r->n_evppi, sizeof *it);
    if (!it)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    double floor_v = NAN, top = 0.0;
    size_t n = 0;
    for (size_t i = 0; i < r->n_evppi; i++) {
        if (strcmp(r->evppi[i].kind, "reference") == 0)
            floor_v = r->evppi[i].value;
        else
            it[n++] = &r->evppi[i];
    }
    qsort(it, n, sizeof *it, cmp_evppi);
    for (size_t i = 0; i < n; i++)
        if (isfinite(it[i]->value))
            top = fmax(top, it[i]->value);
    fmt_kzt(floor_v, floor_s, sizeof floor_s);
    fputs("<table id=\"evppi\">\n<tr><th>Parameter or group</th><th>Worth knowing, at most</th>"
          "<th style=\"width:35%\"></th></tr>\n", f);
    for (size_t i = 0; i < n && i < EVPPI_BARS; i++) {
        char v[64];
        fmt_kzt(it[i]->value, v, sizeof v);
        fputs("<tr><td>", f);
        evppi_label(it[i], f, 0);
        fprintf(f, "</td><td class=\"n\">%s</td><td>", v);
        if (isfinite(it[i]->value) && top > 0)
            fprintf(f, "<span class=\"bar\" style=\"width:%.1f%%;background:#1f77b4\"></span>",
                    PCT * fmax(0.0, it[i]->value) / top);
        else
            bilim__report_html(f, it[i]->note);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    if (n > 0 && isfinite(it[0]->value)) {
        char v[64];
        fmt_kzt(it[0]->value, v, sizeof v);
        fputs("<p>Measuring ", f);
        evppi_label(it[0], f, 1);
        fprintf(f, " before deciding is worth up to %s. ", v);
        fprintf(f, "Values near or below %s, the EVPPI computed for a random number unrelated "
                   "to the model, are indistinguishable from zero with these draws: the "
                   "decision does not hinge on them.</p>\n", floor_s);
    }
    bilim_free(it);
    return BILIM_OK;
}

static void conditions(const bilim_psa_result *r, FILE *f)
{
    const bilim_discovery *dc = &r->discovery;
    fputs("<h3>Under which conditions each option wins</h3>\n", f);
    if (dc->n_pairs == 0) {
        fprintf(f, "<p>No other option comes first in more than %.0f%% of draws, so there is "
                   "no competing option whose winning conditions to describe.</p>\n",
                PCT * dc->min_p_best);
        return;
    }
    fprintf(f, "<p>For each option that comes first in more than %.0f%% of draws, the region "
               "of the uncertain parameters where it beats the most frequent winner, found by "
               "PRIM (patient rule induction) on the draws:</p>\n<ul class=\"conditions\">\n",
            PCT * dc->min_p_best);
    for (int32_t i = 0; i < dc->n_pairs; i++) {
        char text[2048];
        bilim_discovery_sentence(dc, i, text, sizeof text);
        fputs("<li>", f);
        bilim__report_html(f, text);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n<p class=\"muted\">Mass: how often the conditions hold over the draws; "
          "density: how often the option wins when they hold; coverage: the share of all its "
          "wins that fall under them. A region found in a few hundred draws is a lead to check, "
          "not a law.</p>\n", f);
}

int bilim__report_uncertainty(const bilim_report_input *in, FILE *f, bilim_error *err)
{
    const bilim_psa_result *r = in->psa;
    fputs("<section id=\"uncertainty\">\n<h2>How sure is this ranking?</h2>\n", f);
    fprintf(f, "<p>The model's rates (how fast principals and teachers learn, adopt and "
               "abandon, how strongly each programme acts) are not known exactly. This "
               "comparison was run for %d draws of them from their priors, and of the state "
               "of schools at month 0 from the calibration, each draw running the baseline and "
               "every option on the same random numbers.</p>\n", (int)r->n_draws);
    lead(r, f);
    rank_table(r, f);
    bilim_plot *p;
    int rc = bilim_plot_alloc(&p, err);
    if (rc)
        return rc;
    fputs("<h3>Is it good value for money?</h3>\n", f);
    rc = chart_ceac(r, p, f, err);
    bilim_plot_free(p);
    if (!rc)
        rc = evppi_section(r, f, err);
    if (rc)
        return rc;
    conditions(r, f);
    effect_distributions(r, f);
    fputs("<p class=\"note\">The intervals in the sections below measure only the noise "
          "between simulation runs with the parameters at their central values: they say how "
          "precisely the simulation estimated each effect for that one model, not how sure we "
          "are of the model. The ranges above are the ones to quote.</p>\n</section>\n", f);
    return BILIM_OK;
}
