/* analysis/sweep_curve.c: the curve of a sweep (see sweep_curve.h). */
#include "analysis/sweep_curve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/csv.h"
#include "base/alloc.h"
#include "formats/output_columns.h"

#define N_STATS 8
static const char *const stat_names[N_STATS] = {
    "effect", "effect_ci_low", "effect_ci_high", "cost_kzt",
    "effect_q025", "effect_q50", "effect_q975", "marginal"};

char *bilim_sweep_curve_spec(const bilim_sweep_curve *c, int n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    for (int k = 0; k < n; k++) {
        fprintf(f, "%s\t%s\t%s", c[k].name, c[k].intervention, c[k].field);
        for (int32_t i = 0; i < c[k].n; i++)
            fprintf(f, "\t%.17g:%s", c[k].level[i], c[k].scenario[i]);
        fputc('\n', f);
    }
    fclose(f);
    return text;
}

/* Copies the tab-delimited token at *p into buf (n bytes); advances *p. */
static int token(const char **p, char *buf, size_t n)
{
    size_t len = strcspn(*p, "\t\n");
    if (len == 0 || len >= n)
        return -1;
    memcpy(buf, *p, len);
    buf[len] = '\0';
    *p += len;
    *p += **p == '\t';
    return 0;
}

int bilim_sweep_curve_parse(const char *spec, bilim_sweep_curve *out, int max, int *n,
                            bilim_error *err)
{
    *n = 0;
    for (const char *p = spec; *p && *n < max;) {
        bilim_sweep_curve *c = &out[*n];
        memset(c, 0, sizeof *c);
        if (token(&p, c->name, sizeof c->name) || token(&p, c->intervention,
                                                        sizeof c->intervention) ||
            token(&p, c->field, sizeof c->field))
            return bilim_error_set(err, BILIM_EINVAL, "the sweeps attribute is malformed");
        while (*p && *p != '\n' && c->n < BILIM_SWEEP_MAX_STEPS) {
            char item[2 * BILIM_NAME_MAX];
            if (token(&p, item, sizeof item))
                return bilim_error_set(err, BILIM_EINVAL, "the sweeps attribute is malformed");
            char *colon = strchr(item, ':');
            if (!colon)
                return bilim_error_set(err, BILIM_EINVAL, "the sweeps attribute is malformed");
            *colon = '\0';
            c->level[c->n] = strtod(item, NULL);
            snprintf(c->scenario[c->n], BILIM_NAME_MAX, "%s", colon + 1);
            c->n++;
        }
        p += *p == '\n';
        (*n)++;
    }
    return BILIM_OK;
}

static int32_t find(const char (*names)[BILIM_NAME_MAX], int32_t n, const char *name)
{
    for (int32_t k = 0; k < n; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    return -1;
}

void bilim_sweep_curve_diminishing(bilim_sweep_curve *c)
{
    c->per_kzt = 0;
    for (int32_t i = 1; i < c->n; i++)
        c->per_kzt |= fabs(c->cost[i] - c->cost[i - 1]) > 1e-9 * fmax(1.0, fabs(c->cost[i]));
    c->per_kzt = c->per_kzt && c->cost[0] > 0;
    c->diminishing = -1;
    for (int32_t i = 0; i < c->n; i++) {
        double de = c->effect[i] - (i ? c->effect[i - 1] : 0.0);
        double dx = c->per_kzt ? c->cost[i] - (i ? c->cost[i - 1] : 0.0)
                               : c->level[i] - (i ? c->level[i - 1] : 0.0);
        c->marginal[i] = dx != 0.0 ? de / dx : NAN;
        if (i > 0 && c->diminishing < 0 && c->marginal[0] > 0 &&
            c->marginal[i] < BILIM_SWEEP_DIMINISHING * c->marginal[0])
            c->diminishing = i;
    }
}

int bilim_sweep_curve_compute(bilim_sweep_curve *c, const bilim_comparison *cmp,
                              const bilim_psa_result *psa, bilim_error *err)
{
    for (int32_t i = 0; i < c->n; i++) {
        int32_t k = find((const char (*)[BILIM_NAME_MAX])cmp->names, cmp->n_scenarios,
                         c->scenario[i]);
        if (k <= 0)
            return bilim_error_set(err, BILIM_EINVAL, "sweep %s: level %s is not an option of "
                                   "the comparison", c->name, c->scenario[i]);
        const bilim_interval *e = &bilim_compare_row(cmp, k, "adoption_routine")->paired;
        c->effect[i] = e->mean;
        c->effect_low[i] = e->low;
        c->effect_high[i] = e->high;
        c->cost[i] = bilim_compare_row(cmp, k, "cost_kzt")->paired.mean;
        int32_t d = psa ? find((const char (*)[BILIM_NAME_MAX])psa->names, psa->n_scenarios,
                               c->scenario[i]) : -1;
        c->q025[i] = d > 0 ? bilim_psa_summary(psa, d, BILIM_PSA_ROUTINE, BILIM_PSA_Q025) : NAN;
        c->q50[i] = d > 0 ? bilim_psa_summary(psa, d, BILIM_PSA_ROUTINE, BILIM_PSA_Q50) : NAN;
        c->q975[i] = d > 0 ? bilim_psa_summary(psa, d, BILIM_PSA_ROUTINE, BILIM_PSA_Q975) : NAN;
    }
    bilim_sweep_curve_diminishing(c);
    return BILIM_OK;
}

static void row(const bilim_sweep_curve *c, int32_t i, double *v)
{
    const double x[N_STATS] = {c->effect[i], c->effect_low[i], c->effect_high[i], c->cost[i],
                               c->q025[i], c->q50[i], c->q975[i], c->marginal[i]};
    memcpy(v, x, sizeof x);
}

int bilim_sweep_curve_write(bilim_output *o, const bilim_sweep_curve *c, bilim_error *err)
{
    char path[2 * BILIM_NAME_MAX];
    snprintf(path, sizeof path, "/comparison/sweep/%s", c->name);
    double v[BILIM_SWEEP_MAX_STEPS * N_STATS];
    for (int32_t i = 0; i < c->n; i++)
        row(c, i, v + (size_t)i * N_STATS);
    const char *labels[BILIM_SWEEP_MAX_STEPS];
    for (int32_t i = 0; i < c->n; i++)
        labels[i] = c->scenario[i];
    size_t dims[2] = {(size_t)c->n, N_STATS};
    bilim_output_axis_spec ax[2] = {{"level", labels, NULL}, {"stat", stat_names, NULL}};
    int rc = bilim_output_write_array_axes(o, path, 2, dims, v, ax, err);
    char lv[2 * BILIM_NAME_MAX + 8];
    snprintf(lv, sizeof lv, "%s_levels", path);
    size_t d1[1] = {(size_t)c->n};
    bilim_output_axis_spec a1[1] = {{"level", labels, NULL}};
    if (!rc) /* the lever's values, by level */
        rc = bilim_output_write_array_axes(o, lv, 1, d1, c->level, a1, err);
    if (!rc)
        rc = bilim_output_attr_string(o, path, "intervention", c->intervention, err);
    if (!rc)
        rc = bilim_output_attr_string(o, path, "field", c->field, err);
    if (!rc)
        rc = bilim_output_attr_string(o, path, "marginal_unit",
                                      c->per_kzt ? "share per KZT" : "share per unit of the lever",
                                      err);
    if (!rc)
        rc = bilim_output_attr_double(o, path, "diminishing_level",
                                      c->diminishing >= 0 ? c->level[c->diminishing] : NAN, err);
    if (!rc)
        rc = bilim_output_attr_string(o, path, "diminishing_rule",
                                      "the first level whose marginal effect (change in routine "
                                      "use per KZT from the previous level; per unit of the lever "
                                      "when the levels cost the same) is below half of the first "
                                      "level's (from the baseline)", err);
    return rc;
}

void bilim_sweep_curve_csv(FILE *f, const bilim_sweep_curve *c, int header)
{
    if (header) {
        fputs("sweep,intervention,field,level,scenario", f);
        for (int s = 0; s < N_STATS; s++)
            fprintf(f, ",%s", stat_names[s]);
        fputs(",diminishing\n", f);
    }
    for (int32_t i = 0; i < c->n; i++) {
        bilim_csv_string(f, c->name);
        bilim_csv_next_string(f, c->intervention);
        bilim_csv_next_string(f, c->field);
        bilim_csv_next_number(f, c->level[i]);
        bilim_csv_next_string(f, c->scenario[i]);
        double v[N_STATS];
        row(c, i, v);
        for (int s = 0; s < N_STATS; s++)
            bilim_csv_next_number(f, v[s]);
        fprintf(f, ",%d\n", c->diminishing == i);
    }
}
