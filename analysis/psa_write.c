/* analysis/psa_write.c: the analysis under uncertainty into the result file
 * (/comparison/uncertainty) and CSV files (docs/compare.md). */
#include "analysis/psa_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "analysis/csv.h"
#include "analysis/discovery_write.h"
#include "base/alloc.h"
#include "formats/output_columns.h"

#define GROUP "/comparison/uncertainty"

/* Labels "1", "2", ... for a rank axis. */
static int64_t *rank_values(int32_t n)
{
    int64_t *v = bilim_malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    for (int32_t i = 0; v && i < n; i++)
        v[i] = i + 1;
    return v;
}

static int64_t *wtp_values(const bilim_psa_result *r)
{
    int64_t *v = bilim_malloc((r->n_wtp + 1) * sizeof *v);
    for (size_t i = 0; v && i < r->n_wtp; i++)
        v[i] = (int64_t)llround(r->wtp[i]);
    return v;
}

static int write_attrs(bilim_output *o, const bilim_psa_result *r, bilim_error *err)
{
    int rc = bilim_output_attr_double(o, GROUP, "wtp_reference_kzt", r->settings.wtp_ref, err);
    if (!rc)
        rc = bilim_output_attr_double(o, GROUP, "population_scale", r->settings.population_scale,
                                      err);
    if (!rc)
        rc = bilim_output_attr_int(o, GROUP, "draws", r->n_draws, err);
    if (!rc)
        rc = bilim_output_attr_double(o, GROUP, "evpi_reference_kzt", r->evpi_ref, err);
    if (!rc)
        rc = bilim_output_attr_double(o, GROUP, "teachers_simulated", r->teachers_mean, err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "unit_of_analysis",
                                      "the draw: one value of every uncertain parameter, with the "
                                      "baseline and every option run on the same random numbers",
                                      err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "net_benefit",
                                      "NB = wtp x additional teachers in routine use - incremental "
                                      "cost (KZT); the baseline's is 0", err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "evppi_method",
                                      "regression (Strong, Oakley & Brennan 2014): additive "
                                      "P-spline on the normalised ranks, smoothing by GCV", err);
    return rc;
}

static int write_effects(bilim_output *o, const bilim_psa_result *r, bilim_error *err)
{
    const size_t n = (size_t)r->n_options * BILIM_PSA_N_METRICS;
    const char **s = bilim_calloc(3 * n + 1, sizeof *s);
    double *v = bilim_calloc(BILIM_PSA_N_STATS * n + 1, sizeof *v);
    bilim_output_column cols[3 + BILIM_PSA_N_STATS];
    int rc = BILIM_OK;
    if (!s || !v)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t k = 1; !rc && k <= r->n_options; k++)
        for (int m = 0; m < BILIM_PSA_N_METRICS; m++) {
            size_t i = (size_t)(k - 1) * BILIM_PSA_N_METRICS + (size_t)m;
            s[i] = r->names[k];
            s[n + i] = bilim_psa_metric_name((bilim_psa_metric)m);
            s[2 * n + i] = bilim_psa_metric_unit((bilim_psa_metric)m);
            for (int st = 0; st < BILIM_PSA_N_STATS; st++)
                v[(size_t)st * n + i] = bilim_psa_summary(r, k, (bilim_psa_metric)m,
                                                           (bilim_psa_stat)st);
        }
    if (!rc) {
        cols[0] = (bilim_output_column){"option", BILIM_COLUMN_STR, s};
        cols[1] = (bilim_output_column){"metric", BILIM_COLUMN_STR, s + n};
        cols[2] = (bilim_output_column){"unit", BILIM_COLUMN_STR, s + 2 * n};
        for (int st = 0; st < BILIM_PSA_N_STATS; st++)
            cols[3 + st] = (bilim_output_column){bilim_psa_stat_name((bilim_psa_stat)st),
                                                 BILIM_COLUMN_F64, v + (size_t)st * n};
        rc = bilim_output_write_columns(o, GROUP "/effects", n, 3 + BILIM_PSA_N_STATS, cols, err);
    }
    bilim_free(s);
    bilim_free(v);
    return rc;
}

static int write_ranks(bilim_output *o, const bilim_psa_result *r, const char *const *names,
                       bilim_error *err)
{
    const int32_t S = r->n_scenarios, O = r->n_options;
    int64_t *ranks = rank_values(S);
    if (!ranks)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    size_t d1[2] = {(size_t)O, (size_t)O};
    bilim_output_axis_spec a1[2] = {{"option", names + 1, NULL}, {"rank", NULL, ranks}};
    int rc = bilim_output_write_array_axes(o, GROUP "/rank_probability", 2, d1,
                                           r->rank_probability, a1, err);
    size_t d2[2] = {(size_t)S, (size_t)S};
    bilim_output_axis_spec a2[2] = {{"scenario", names, NULL},
                                    {"rank_with_baseline", NULL, ranks}};
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/rank_probability_net_benefit", 2, d2,
                                           r->rank_probability_nb, a2, err);
    bilim_free(ranks);
    return rc;
}

static int write_ceac(bilim_output *o, const bilim_psa_result *r, const char *const *names,
                      bilim_error *err)
{
    int64_t *w = wtp_values(r);
    double *best = bilim_malloc((r->n_wtp + 1) * sizeof *best);
    const char **best_name = bilim_calloc(r->n_wtp + 1, sizeof *best_name);
    double *pbest = bilim_malloc((r->n_wtp + 1) * sizeof *pbest);
    int rc = (w && best && best_name && pbest) ? BILIM_OK
                                               : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    size_t dims[2] = {r->n_wtp, (size_t)r->n_scenarios};
    bilim_output_axis_spec ax[2] = {{"wtp_kzt", NULL, w}, {"scenario", names, NULL}};
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/ceac", 2, dims, r->ceac, ax, err);
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/evpi", 1, dims, r->evpi, ax, err);
    for (size_t i = 0; !rc && i < r->n_wtp; i++) {
        best[i] = r->wtp[i];
        best_name[i] = names[r->best[i]];
        pbest[i] = r->ceac[i * (size_t)r->n_scenarios + (size_t)r->best[i]];
    }
    const bilim_output_column cols[4] = {
        {"wtp_kzt", BILIM_COLUMN_F64, best}, {"optimal_option", BILIM_COLUMN_STR, best_name},
        {"probability_optimal_is_best", BILIM_COLUMN_F64, pbest},
        {"evpi_kzt", BILIM_COLUMN_F64, r->evpi}};
    if (!rc)
        rc = bilim_output_write_columns(o, GROUP "/ceaf", r->n_wtp, 4, cols, err);
    bilim_free(w);
    bilim_free(best);
    bilim_free(best_name);
    bilim_free(pbest);
    return rc;
}

static int write_evppi(bilim_output *o, const bilim_psa_result *r, bilim_error *err)
{
    if (r->n_evppi == 0)
        return BILIM_OK;
    const size_t n = r->n_evppi;
    const char **s = bilim_calloc(3 * n, sizeof *s);
    double *v = bilim_calloc(3 * n, sizeof *v);
    int64_t *w = wtp_values(r);
    int rc = (s && v && w) ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        s[i] = r->evppi[i].name;
        s[n + i] = r->evppi[i].kind;
        s[2 * n + i] = r->evppi[i].note;
        v[i] = r->evppi[i].value;
        v[n + i] = r->evppi[i].value_sample;
        v[2 * n + i] = r->evppi[i].n_columns;
    }
    size_t d1[1] = {n}, d2[2] = {n, r->n_wtp};
    bilim_output_axis_spec a[2] = {{"parameter_or_group", s, NULL}, {"wtp_kzt", NULL, w}};
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/evppi", 1, d1, v, a, err);
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/evppi_by_wtp", 2, d2, r->evppi_wtp, a, err);
    const bilim_output_column cols[6] = {
        {"name", BILIM_COLUMN_STR, s}, {"kind", BILIM_COLUMN_STR, s + n},
        {"columns", BILIM_COLUMN_F64, v + 2 * n}, {"evppi_kzt", BILIM_COLUMN_F64, v},
        {"evppi_simulated_kzt", BILIM_COLUMN_F64, v + n}, {"note", BILIM_COLUMN_STR, s + 2 * n}};
    if (!rc)
        rc = bilim_output_write_columns(o, GROUP "/evppi_items", n, 6, cols, err);
    bilim_free(s);
    bilim_free(v);
    bilim_free(w);
    return rc;
}

static int write_frontier(bilim_output *o, const bilim_psa_result *r, const char *const *names,
                          bilim_error *err)
{
    const size_t S = (size_t)r->n_scenarios;
    const char **s = bilim_calloc(3 * S, sizeof *s);
    double *v = bilim_calloc(3 * S, sizeof *v);
    int rc = (s && v) ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (size_t k = 0; !rc && k < S; k++) {
        const bilim_frontier_row *f = &r->frontier[k];
        s[k] = names[k];
        s[S + k] = bilim_frontier_status_name(f->status);
        s[2 * S + k] = f->comparator >= 0 ? names[f->comparator] : "";
        v[k] = f->effect;
        v[S + k] = f->cost;
        v[2 * S + k] = f->icer;
    }
    const bilim_output_column cols[6] = {
        {"scenario", BILIM_COLUMN_STR, s},
        {"mean_additional_teachers", BILIM_COLUMN_F64, v},
        {"mean_cost_kzt", BILIM_COLUMN_F64, v + S},
        {"status", BILIM_COLUMN_STR, s + S},
        {"compared_with", BILIM_COLUMN_STR, s + 2 * S},
        {"icer_kzt_per_teacher", BILIM_COLUMN_F64, v + 2 * S}};
    if (!rc)
        rc = bilim_output_write_columns(o, GROUP "/frontier", S, 6, cols, err);
    bilim_free(s);
    bilim_free(v);
    return rc;
}

static int write_draws(bilim_output *o, const bilim_psa_result *r, const char *const *names,
                       bilim_error *err)
{
    const size_t P = (size_t)r->n_draws, S = (size_t)r->n_scenarios;
    double *v = bilim_malloc(P * S * 3 * sizeof *v);
    if (!v)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (size_t i = 0; i < P * S; i++) {
        v[3 * i] = r->share[i];
        v[3 * i + 1] = r->effect[i];
        v[3 * i + 2] = r->cost[i];
    }
    static const char *const q[3] = {"adoption_routine", "additional_teachers_routine",
                                     "cost_kzt"};
    size_t dims[3] = {P, S, 3};
    bilim_output_axis_spec ax[3] = {{"draw", NULL, NULL}, {"scenario", names, NULL},
                                    {"quantity", q, NULL}};
    int rc = bilim_output_write_array_axes(o, GROUP "/draws", 3, dims, v, ax, err);
    bilim_free(v);
    return rc;
}

int bilim_psa_write(bilim_output *o, const bilim_psa_result *r, bilim_error *err)
{
    const char **names = bilim_calloc((size_t)r->n_scenarios, sizeof *names);
    if (!names)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t k = 0; k < r->n_scenarios; k++)
        names[k] = r->names[k];
    int rc = write_attrs(o, r, err);
    if (!rc)
        rc = write_effects(o, r, err);
    if (!rc)
        rc = write_ranks(o, r, names, err);
    if (!rc)
        rc = write_ceac(o, r, names, err);
    if (!rc)
        rc = write_evppi(o, r, err);
    if (!rc)
        rc = write_frontier(o, r, names, err);
    if (!rc)
        rc = write_draws(o, r, names, err);
    if (!rc)
        rc = bilim_discovery_write(o, &r->discovery,
                                   r->discovery.top > 0 ? names[r->discovery.top] : "", err);
    bilim_free(names);
    return rc;
}
