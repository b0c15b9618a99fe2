/* analysis/report_parts.c: the report's section "What each part of the
 * package adds" (analysis/compare_parts.h): per package, each part alone,
 * the whole package and the interaction, with intervals, costs and a bar
 * per row, then the schools each part reached and the overlap. Shown when
 * an option is a package; without a decomposition (--no-decompose, or a
 * file written without it) the section says how to get one. */
#include <math.h>
#include <stdio.h>
#include "analysis/report_internal.h"
#include "analysis/report_text.h"
#include "base/i18n.h"

/* A bar for the effect e on a scale where m is the widest: blue for a
 * gain, orange for a loss, from a middle line. */
static void bar(double e, double m, FILE *f)
{
    double w = m > 0 && isfinite(e) ? 50.0 * fabs(e) / m : 0.0;
    fprintf(f, "<td class=\"pbar\"><span style=\"margin-left:%.1f%%;width:%.1f%%;background:%s\">"
               "</span></td>",
            e < 0 ? 50.0 - w : 50.0, w, e < 0 ? "#D55E00" : "#0072B2");
}

static void row(const bilim_package_parts *p, int32_t i, double m, FILE *f)
{
    const int32_t k = p->n_parts;
    char v[64], lo[64], hi[64], cost[96];
    fputs(i == k ? "<tr class=\"total\"><th>" : "<tr><th>", f);
    if (i < k)
        bilim__report_html(f, p->names[i]);
    else
        fputs(i == k ? _("Whole package") : _("Interaction"), f);
    fputs("</th>", f);
    bilim__report_fmt_pp(p->effect[i].mean, v, sizeof v);
    fprintf(f, "<td class=\"num\">%s", v);
    if (isfinite(p->effect[i].low)) {
        bilim__report_fmt_pp(p->effect[i].low, lo, sizeof lo);
        bilim__report_fmt_pp(p->effect[i].high, hi, sizeof hi);
        fputs("<br><span class=\"muted\">", f);
        fprintf(f, _("%s to %s"), lo, hi);
        fputs("</span>", f);
    }
    fputs("</td>", f);
    bar(p->effect[i].mean, m, f);
    bilim_compare_format_kzt(p->cost_kzt[i], cost, sizeof cost);
    fprintf(f, "<td class=\"num\">%s</td><td class=\"num\">", cost);
    if (i > k) {
        fputs("</td>", f);
    } else if (bilim__report_ce_words(&p->ce[i])) {
        fprintf(f, "%s</td>", bilim__report_ce_words(&p->ce[i]));
    } else {
        bilim_compare_format_kzt(p->ce[i].ratio, cost, sizeof cost);
        fprintf(f, "%s</td>", cost);
    }
    fputs(i < k ? "<td class=\"num\">" : "<td>", f);
    if (i < k) {
        bilim_compare_parts_format_schools(p->reached[i * k + i], v, sizeof v);
        fputs(v, f);
    }
    fputs("</td></tr>\n", f);
}

/* "training and equipment reached the same 10 schools" and the like. */
static void overlap(const bilim_package_parts *p, FILE *f)
{
    const int32_t k = p->n_parts;
    char a[48], b[48], both[48];
    fputs("<ul>\n", f);
    for (int32_t i = 0; i < k; i++)
        for (int32_t j = i + 1; j < k; j++) {
            double ni = p->reached[i * k + i], nj = p->reached[j * k + j], nb = p->reached[i * k + j];
            bilim_compare_parts_format_schools(ni, a, sizeof a);
            bilim_compare_parts_format_schools(nj, b, sizeof b);
            bilim_compare_parts_format_schools(nb, both, sizeof both);
            fputs("<li>", f);
            if (nb == ni && nb == nj && nb > 0)
                /* TRANSLATORS: two parts' names and a number of schools. */
                fprintf(f, _("%s and %s reached the same schools: %s."), p->names[i],
                        p->names[j], both);
            else
                /* TRANSLATORS: part, its schools, part, its schools, schools reached by both. */
                fprintf(f, _("%s reached %s schools and %s reached %s; %s were reached by both."),
                        p->names[i], a, p->names[j], b, both);
            fputs("</li>\n", f);
        }
    if (k > 2) {
        bilim_compare_parts_format_schools(p->reached_all, a, sizeof a);
        fputs("<li>", f);
        fprintf(f, _("Schools reached by every part: %s."), a);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void package(const bilim_report_input *in, const bilim_package_parts *p, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    const int32_t k = p->n_parts;
    fputs("<h3>", f);
    bilim__report_key(f, p->option);
    bilim__report_html(f, c->titles[p->option]);
    fputs("</h3>\n", f);
    double m = 0;
    for (int32_t i = 0; i < k + 2; i++)
        if (isfinite(p->effect[i].mean) && fabs(p->effect[i].mean) > m)
            m = fabs(p->effect[i].mean);
    fprintf(f, "<table class=\"parts\">\n<tr><th></th><th>%s</th><th></th><th>%s</th>"
               "<th>%s</th><th>%s</th></tr>\n",
            /* xgettext:no-c-format */
            _("Effect on routine use (95% CI)"), _("Additional cost"),
            _("KZT per additional teacher"), _("Schools reached"));
    for (int32_t i = 0; i < k + 2; i++)
        row(p, i, m, f);
    fputs("</table>\n", f);
    char x[64], a[64];
    bilim__report_fmt_pp(p->effect[k + 1].mean, x, sizeof x);
    bilim__report_fmt_pp(fabs(p->effect[k + 1].mean), a, sizeof a);  /* "+0.12 pp": shown without its sign */
    fputs("<p>", f);
    if (!isfinite(p->effect[k + 1].low))
        fprintf(f, _("The interaction is %s (one replicate: no interval)."), x);
    else if (p->effect[k + 1].low > 0)
        fprintf(f, _("The parts do more together than apart: the package adds %s more than its "
                     "parts alone added up (the interval excludes 0)."), a + (a[0] == '+'));
    else if (p->effect[k + 1].high < 0)
        fprintf(f, _("The parts do less together than apart: the package adds %s less than its "
                     "parts alone added up (the interval excludes 0)."), a + (a[0] == '+'));
    else
        fprintf(f, _("The interaction (%s) is not distinguishable from 0: as far as these runs "
                     "show, the package adds what its parts add alone."), x);
    fputs("</p>\n", f);
    overlap(p, f);
}

void bilim__report_parts_css(const bilim_report_input *in, FILE *f)
{
    if (in->cmp->n_packages == 0)
        return;
    fputs("td.pbar{width:140px;padding:0 6px}td.pbar span{display:block;height:12px}"
          "table.parts tr.total th,table.parts tr.total td{border-top:2px solid #888}\n",
          f);
}

void bilim__report_parts(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    int packages = 0;
    for (int32_t s = 1; s < c->n_scenarios; s++)
        packages += in->runs && in->runs[s].scenario.package.parts != 0;
    if (packages == 0 && c->n_packages == 0)
        return; /* no option is a package */
    fprintf(f, "<section id=\"parts\">\n<h2>%s</h2>\n", _("What each part of the package adds"));
    if (c->n_packages == 0) {
        fprintf(f, "<p>%s</p>\n</section>\n",
                _("These results hold no decomposition of the packages into their parts "
                  "(<code>bilim compare --no-decompose</code> skips it). Run <code>bilim "
                  "compare</code> without that option to see what each part adds."));
        return;
    }
    char d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fprintf(f, _("<p>Each part of a package was also run alone: the package's scenario without "
                 "its other parts, on the same random numbers as the baseline and the package. "
                 "A part's effect is what it adds to the share of teachers in routine use by "
                 "%s on its own. The interaction is the package's effect minus the sum of its "
                 "parts' effects: above 0 the parts reinforce each other, below 0 they overlap "
                 "or compete. The schools reached are those of the package's own run (mean "
                 "over replicates), so you can check whether the parts reached the same "
                 "schools.</p>\n"), d);
    for (int32_t n = 0; n < c->n_packages; n++)
        package(in, &c->packages[n], f);
    fputs("</section>\n", f);
}
