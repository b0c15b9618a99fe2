/* formats/design_write.c: /design of the result file (see design_write.h). */
#include "formats/design_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/output_columns.h"

const char *bilim_design_target_kind(const bilim_design_factor *f)
{
    return f->target == BILIM_TARGET_PARAM ? "parameter" : "scenario factor";
}

static const char *sampling_name(bilim_design_sampling s)
{
    switch (s) {
    case BILIM_SAMPLING_SOBOL: return "Sobol' sequence (GSL), randomly shifted";
    case BILIM_SAMPLING_LHS: return "Latin hypercube";
    case BILIM_SAMPLING_EXPLICIT: return "points given by the caller";
    default: return "none";
    }
}

static int write_attrs(bilim_output *o, const bilim_design *d, bilim_error *err)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)d->seed);
    int rc = bilim_output_attr_string(o, "/design", "seed", seed, err);
    if (!rc)
        rc = bilim_output_attr_string(o, "/design", "sampling", sampling_name(d->sampling), err);
    if (!rc)
        rc = bilim_output_attr_string(o, "/design", "seeding",
                                      d->seeding == BILIM_DESIGN_SEED_COMMON
                                          ? "common: every point runs on the design's seed"
                                          : "per point: each point has its own model seed; the "
                                            "scenarios and replicates of a point share it",
                                      err);
    char fp[32];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)bilim_design_fingerprint(d));
    if (!rc)
        rc = bilim_output_attr_string(o, "/design", "fingerprint", fp, err);
    if (!rc)
        rc = bilim_output_attr_int(o, "/design", "points", d->n_points, err);
    if (!rc)
        rc = bilim_output_attr_int(o, "/design", "runs", (int64_t)d->n_runs, err);
    if (!rc)
        rc = bilim_output_attr_int(o, "/design", "factors", d->n_factors, err);
    if (!rc)
        rc = bilim_output_attr_int(o, "/design", "posterior_particles", d->particles.n, err);
    if (!rc && d->particles.n > 0)
        rc = bilim_output_attr_string(o, "/design", "posterior_source", d->particles.source, err);
    return rc;
}

static int write_factors(bilim_output *o, const bilim_design *d, bilim_error *err)
{
    const size_t n = (size_t)d->n_factors;
    enum { NS = 5, NN = 7 };
    const char **s = bilim_calloc(NS * n + 1, sizeof *s);
    double *v = bilim_calloc(NN * n + 1, sizeof *v);
    if (!s || !v) {
        bilim_free(s);
        bilim_free(v);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    for (size_t f = 0; f < n; f++) {
        const bilim_design_factor *fa = &d->factors[f];
        s[f] = fa->name;
        s[n + f] = bilim_design_target_kind(fa);
        s[2 * n + f] = fa->group;
        s[3 * n + f] = bilim_prior_kind_name(fa->prior.kind);
        s[4 * n + f] = fa->source;
        v[f] = fa->prior.p1;
        v[n + f] = fa->prior.p2;
        v[2 * n + f] = fa->prior.lower;
        v[3 * n + f] = fa->prior.upper;
        bilim_prior_moments(&fa->prior, &v[4 * n + f], &v[5 * n + f]);
        v[6 * n + f] = bilim_factor_base_value(fa->target, fa->param, &d->scenarios[0]);
    }
    const bilim_output_column cols[NS + NN] = {
        {"name", BILIM_COLUMN_STR, s}, {"target", BILIM_COLUMN_STR, s + n},
        {"group", BILIM_COLUMN_STR, s + 2 * n}, {"distribution", BILIM_COLUMN_STR, s + 3 * n},
        {"p1", BILIM_COLUMN_F64, v}, {"p2", BILIM_COLUMN_F64, v + n},
        {"lower", BILIM_COLUMN_F64, v + 2 * n}, {"upper", BILIM_COLUMN_F64, v + 3 * n},
        {"mean", BILIM_COLUMN_F64, v + 4 * n}, {"sd", BILIM_COLUMN_F64, v + 5 * n},
        {"baseline_value", BILIM_COLUMN_F64, v + 6 * n}, {"source", BILIM_COLUMN_STR, s + 4 * n},
    };
    int rc = bilim_output_write_columns(o, "/design/factors", n, NS + NN, cols, err);
    bilim_free(s);
    bilim_free(v);
    return rc;
}

static int write_points(bilim_output *o, const bilim_design *d, bilim_error *err)
{
    if (d->n_factors == 0)
        return BILIM_OK;
    const char **names = bilim_calloc((size_t)d->n_factors, sizeof *names);
    if (!names)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t f = 0; f < d->n_factors; f++)
        names[f] = d->factors[f].name;
    size_t dims[2] = {(size_t)d->n_points, (size_t)d->n_factors};
    const bilim_output_axis_spec axes[2] = {{"point", NULL, NULL}, {"factor", names, NULL}};
    int rc = bilim_output_write_array_axes(o, "/design/points", 2, dims, d->values, axes, err);
    bilim_free(names);
    return rc;
}

/* The columns of /design/runs: run, point, particle, scenario, scenario
 * index, replicate, seed, the factors, the posterior columns, the outputs. */
typedef struct runs_table {
    int n_cols;
    bilim_output_column *cols;
    int64_t *ints;          /* [5][n] */
    uint64_t *seeds;        /* [n] */
    const char **scen;      /* [n] */
    double *num;            /* [F + C + outputs][n] */
} runs_table;

static void runs_table_free(runs_table *t)
{
    bilim_free(t->cols);
    bilim_free(t->ints);
    bilim_free(t->seeds);
    bilim_free(t->scen);
    bilim_free(t->num);
}

static int runs_table_fill(runs_table *t, const bilim_design *d, const bilim_design_record *rec)
{
    const size_t n = d->n_runs, F = (size_t)d->n_factors;
    const size_t C = d->particles.n > 0 ? (size_t)d->particles.n_columns : 0;
    const size_t nn = F + C + BILIM_DESIGN_N_OUTPUTS;
    t->n_cols = (int)(7 + nn);
    t->cols = bilim_calloc((size_t)t->n_cols, sizeof *t->cols);
    t->ints = bilim_calloc(5 * n + 1, sizeof *t->ints);
    t->seeds = bilim_calloc(n + 1, sizeof *t->seeds);
    t->scen = bilim_calloc(n + 1, sizeof *t->scen);
    t->num = bilim_calloc(nn * n + 1, sizeof *t->num);
    if (!t->cols || !t->ints || !t->seeds || !t->scen || !t->num)
        return -1;
    static const char *const int_names[5] = {"run", "point", "particle", "scenario_index",
                                             "replicate"};
    for (size_t i = 0; i < n; i++) {
        const bilim_design_run *r = &d->runs[i];
        int32_t part = d->particle[r->point];
        int64_t v[5] = {(int64_t)i, r->point, part, r->scenario, r->replicate};
        for (int k = 0; k < 5; k++)
            t->ints[(size_t)k * n + i] = v[k];
        t->seeds[i] = d->seeds[r->point];
        t->scen[i] = d->scenarios[r->scenario].name;
        for (size_t f = 0; f < F; f++)
            t->num[f * n + i] = d->values[(size_t)r->point * F + f];
        for (size_t c = 0; c < C; c++)
            t->num[(F + c) * n + i] =
                part >= 0 ? d->particles.theta[(size_t)part * C + c] : NAN;
        for (size_t k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
            t->num[(F + C + k) * n + i] = rec[i].v[k];
    }
    int c = 0;
    for (int k = 0; k < 3; k++)
        t->cols[c++] = (bilim_output_column){int_names[k], BILIM_COLUMN_I64, t->ints + k * n};
    t->cols[c++] = (bilim_output_column){"scenario", BILIM_COLUMN_STR, t->scen};
    for (int k = 3; k < 5; k++)
        t->cols[c++] = (bilim_output_column){int_names[k], BILIM_COLUMN_I64, t->ints + k * n};
    t->cols[c++] = (bilim_output_column){"seed", BILIM_COLUMN_U64, t->seeds};
    for (size_t f = 0; f < F; f++)
        t->cols[c++] = (bilim_output_column){d->factors[f].name, BILIM_COLUMN_F64, t->num + f * n};
    for (size_t k = 0; k < C; k++)
        t->cols[c++] = (bilim_output_column){d->particles.columns[k]->name, BILIM_COLUMN_F64,
                                             t->num + (F + k) * n};
    for (size_t k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        t->cols[c++] = (bilim_output_column){bilim_design_output_name((bilim_design_output)k),
                                             BILIM_COLUMN_F64, t->num + (F + C + k) * n};
    return 0;
}

int bilim_design_write(bilim_output *o, const bilim_design *d, const bilim_design_record *records,
                       bilim_error *err)
{
    int rc = write_attrs(o, d, err);
    if (!rc)
        rc = write_factors(o, d, err);
    if (!rc)
        rc = write_points(o, d, err);
    if (rc)
        return rc;
    runs_table t;
    memset(&t, 0, sizeof t);
    if (runs_table_fill(&t, d, records))
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory writing /design/runs");
    else
        rc = bilim_output_write_columns(o, "/design/runs", d->n_runs, t.n_cols, t.cols, err);
    runs_table_free(&t);
    return rc;
}
