/* cli/compare_psa_print.c: the plain-word summary of `bilim compare --draws`
 * (see compare_psa.h). */
#include "cli/compare_psa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/compare.h"
#include "base/alloc.h"

typedef struct ranked { double v; int32_t k; } ranked;

static int by_value_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return x->k < y->k ? -1 : (x->k > y->k);
}

static void print_design(const bilim_compare_psa *p, FILE *f)
{
    const bilim_design *d = &p->design;
    fprintf(f, "\nUnder uncertainty: %d draws of %d uncertain parameters", (int)d->n_points,
            (int)d->n_factors);
    if (d->particles.n > 0)
        fprintf(f, " and the month-0 state (whole particles of the calibration's posterior)");
    fprintf(f, ";\n  %d replicate%s per draw", (int)p->draw_replicates,
            p->draw_replicates == 1 ? "" : "s");
    if (p->extra_points > 0)
        fprintf(f, " (%d draws with one more, to measure the noise)", (int)p->extra_points);
    fprintf(f, "; %zu runs in %.1f s, analysis in %.1f s.\n", d->n_runs, p->wall_seconds,
            p->analysis_seconds);
}

static void print_best(const bilim_psa_result *r, FILE *f)
{
    ranked *o = bilim_malloc((size_t)r->n_options * sizeof *o);
    if (!o)
        return;
    for (int32_t k = 0; k < r->n_options; k++)
        o[k] = (ranked){r->rank_probability[(size_t)k * (size_t)r->n_options], k + 1};
    qsort(o, (size_t)r->n_options, sizeof *o, by_value_desc);
    fprintf(f, "Probability of the largest effect on routine use, and the change in percentage "
            "points\n(mean over draws [95%% of draws between], share of that spread due to "
            "simulation noise):\n");
    int width = 8;
    for (int32_t k = 1; k < r->n_scenarios; k++)
        if ((int)strlen(r->names[k]) > width)
            width = (int)strlen(r->names[k]);
    for (int32_t i = 0; i < r->n_options; i++) {
        int32_t k = o[i].k;
        double m = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_MEAN);
        double lo = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q025);
        double hi = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_Q975);
        double ns = bilim_psa_summary(r, k, BILIM_PSA_ROUTINE, BILIM_PSA_NOISE_SHARE);
        int dec = fabs(100 * m) < 0.1 ? 4 : 2;
        fprintf(f, "  %-*s P(best) %.2f  %+.*f pp [%+.*f, %+.*f]", width, r->names[k], o[i].v,
                dec, 100 * m, dec, 100 * lo, dec, 100 * hi);
        if (isfinite(ns))
            fprintf(f, "  noise %.0f%%", 100 * ns);
        fputc('\n', f);
    }
    bilim_free(o);
}

/* KZT in words; a value of information of 0 is "0 KZT", not "no cost". */
static void kzt(double v, char *buf, size_t n)
{
    if (v == 0.0)
        snprintf(buf, n, "0 KZT");
    else
        bilim_compare_format_kzt(v, buf, n);
}

static void print_value(const bilim_psa_result *r, FILE *f)
{
    char wtp[64], evpi[64];
    bilim_compare_format_kzt(r->settings.wtp_ref, wtp, sizeof wtp);
    const size_t S = (size_t)r->n_scenarios;
    int32_t best = r->best[r->n_wtp];
    double pbest = r->ceac[r->n_wtp * S + (size_t)best];
    kzt(r->evpi_ref, evpi, sizeof evpi);
    fprintf(f, "Value for money, if one more teacher in routine use is worth %s (--wtp):\n"
            "  highest expected net benefit: %s (probability that it is in fact the best: %.2f)\n"
            "  expected value of perfect information: %s%s\n", wtp, r->names[best], pbest, evpi,
            r->settings.population_scale > 1.0 ? " (scaled to the whole population)" : "");
}

static void print_evppi(const bilim_psa_result *r, FILE *f)
{
    if (r->n_evppi == 0)
        return;
    ranked *o = bilim_malloc(r->n_evppi * sizeof *o);
    if (!o)
        return;
    size_t n = 0;
    double floor_value = NAN;
    for (size_t i = 0; i < r->n_evppi; i++) {
        if (strcmp(r->evppi[i].kind, "reference") == 0)
            floor_value = r->evppi[i].value;
        else if (isfinite(r->evppi[i].value))
            o[n++] = (ranked){r->evppi[i].value, (int32_t)i};
    }
    qsort(o, n, sizeof *o, by_value_desc);
    fprintf(f, "Measuring before deciding is worth up to (EVPPI, at the same value):\n");
    for (size_t i = 0; i < n && i < 8; i++) {
        char v[64];
        kzt(o[i].v, v, sizeof v);
        fprintf(f, "  %-34s %s\n", r->evppi[o[i].k].name, v);
    }
    if (isfinite(floor_value)) {
        char v[64];
        kzt(floor_value, v, sizeof v);
        fprintf(f, "  (an unrelated random column scores %s: values near it are noise)\n", v);
    }
    bilim_free(o);
}

void bilim_compare_psa_print(const bilim_compare_psa *p, FILE *f)
{
    print_design(p, f);
    print_best(&p->result, f);
    print_value(&p->result, f);
    print_evppi(&p->result, f);
}
