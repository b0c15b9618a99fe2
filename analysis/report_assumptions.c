/* analysis/report_assumptions.c: the report's section "Assumptions behind
 * each option's effect" (analysis/report.h): what each option's own
 * programmes rest on (the virtual trial that sets the effect of its type,
 * with the literature's figure and source, docs/ODD.md 7.4) and the notes of
 * its scenario file that state an assumption. Self-contained: the report's
 * other sections do not depend on it. */
#include <math.h>
#include <string.h>
#include "analysis/effects.h"
#include "analysis/report_internal.h"
#include "analysis/report_text.h"
#include "formats/json.h"
#include "base/i18n.h"

/* 1 when the programme is one of the baseline's business-as-usual ones. */
static int is_business_as_usual(const bilim_intervention *iv)
{
    return strncmp(iv->name, "bau_", 4) == 0;
}

/* The trials that derive the effect parameters of type t. */
static void type_basis(bilim_iv_type t, FILE *f)
{
    int n, any = 0;
    const bilim_effects_trial *tr = bilim_effects_trials(&n);
    for (int i = 0; i < n; i++) {
        if (tr[i].type != t || !tr[i].parameter[0])
            continue;
        char sd[48];
        int dec = 0; /* as few decimals as the figure has (0.1, 0.25), at most 3 */
        for (double x = tr[i].target; dec < 3 && fabs(x - round(x)) > 1e-9; x *= 10)
            dec++;
        bilim_i18n_number(tr[i].target, dec, 0, sd, sizeof sd);
        fputs(any ? "; " : "", f);
        /* TRANSLATORS: a parameter (first %s) is set so that a virtual trial (second)
         * gives an effect of %s standard deviations ("0.1"). */
        fprintf(f, _("<code>%s</code> set so that the virtual trial <code>%s</code> gives "
                     "%s SD ("), tr[i].parameter, tr[i].name, sd);
        bilim__report_html(f, tr[i].literature);
        fputs("; ", f);
        bilim__report_html(f, tr[i].source);
        fputs(")", f);
        any = 1;
    }
    if (!any)
        fputs(_("no literature estimate: the effect follows from the scenario's own figures "
                "(an assumption)"), f);
}

/* The notes of a resolved scenario JSON that state an assumption. */
static void assumption_notes(const char *json, FILE *f)
{
    bilim_json_arena *a = bilim_json_arena_alloc();
    bilim_json_syntax syn;
    const bilim_json *root = a ? bilim_json_parse(a, json, strlen(json), "scenario", &syn) : NULL;
    const bilim_json *notes = root ? bilim_json_get(root, "notes") : NULL;
    int open = 0;
    for (const bilim_json *n = notes && notes->type == BILIM_JSON_ARRAY ? notes->child : notes; n;
         n = notes->type == BILIM_JSON_ARRAY ? n->next : NULL) {
        if (n->type != BILIM_JSON_STRING || !strstr(n->text, "ssumption"))
            continue;
        if (!open)
            fputs("<ul>\n", f);
        open = 1;
        fputs("<li>", f);
        bilim__report_html(f, n->text);
        fputs("</li>\n", f);
    }
    if (open)
        fputs("</ul>\n", f);
    bilim_json_arena_free(a);
}

void bilim__report_assumptions(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    char a[32], b[32];
    bilim_i18n_number(0.18, 2, 0, a, sizeof a);
    bilim_i18n_number(0.49, 2, 0, b, sizeof b);
    fprintf(f, "<section id=\"assumptions\">\n<h2>%s</h2>\n<p>",
            _("Assumptions behind each option's effect"));
    fprintf(f, _("Every option runs on top of the baseline. When the baseline is business as "
                 "usual (its programmes are named <code>bau_</code>), an option's effect is what "
                 "it adds to the national programmes that already run. A programme's effect on "
                 "each principal or teacher it reaches is set by a virtual trial that reproduces "
                 "the design of the studies it rests on, at the large-trial or scale-up figure "
                 "(<code>bilim effects</code>, docs/ODD.md 7.4). Achievement figures are "
                 "compared through teachers' practice at %s / %s SD of achievement per SD of "
                 "practice (Kraft, Blazar &amp; Hogan 2018). Where no estimate exists the figure "
                 "is an assumption, said so below."), a, b);
    fputs("</p>\n", f);
    for (int32_t s = 1; s < c->n_scenarios; s++) {
        const bilim_scenario *sc = &in->runs[s].scenario;
        fputs("<h3>", f);
        bilim__report_html(f, c->names[s]);
        fputs("</h3>\n<ul>\n", f);
        int seen[BILIM_N_IV_TYPES] = {0};
        for (int32_t k = 0; k < sc->n_interventions; k++) {
            const bilim_intervention *iv = &sc->interventions[k];
            if (is_business_as_usual(iv) || seen[iv->type])
                continue;
            seen[iv->type] = 1;
            fprintf(f, "<li><b>%s</b>: ", bilim_iv_type_name(iv->type));
            type_basis(iv->type, f);
            fputs(".</li>\n", f);
        }
        fputs("</ul>\n", f);
        if (in->jsons && in->jsons[s])
            assumption_notes(in->jsons[s], f);
    }
    fputs("</section>\n", f);
}
