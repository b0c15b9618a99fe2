/* analysis/sensitivity.c: a sensitivity analysis as a design, and its
 * indices from the design's records (see sensitivity.h). */
#include "analysis/sensitivity.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"

void bilim_sensitivity_settings_defaults(bilim_sensitivity_settings *s)
{
    memset(s, 0, sizeof *s);
    s->method = BILIM_SENSITIVITY_SOBOL;
    s->base_rows = 512;
    s->trajectories = 20;
    s->levels = 4;
    s->replicates = 1;
    s->resamples = 1000;
    s->level = 0.95;
    s->output = BILIM_DESIGN_ROUTINE;
}

const char *bilim_sensitivity_method_name(bilim_sensitivity_method m)
{
    return m == BILIM_SENSITIVITY_MORRIS ? "morris" : "sobol";
}

void bilim_sensitivity_clear(bilim_sensitivity *a)
{
    if (!a)
        return;
    bilim_free(a->unit);
    bilim_free(a->y);
    bilim_sobol_result_clear(&a->sobol);
    bilim_morris_result_clear(&a->morris);
    memset(a, 0, sizeof *a);
}

static int check_settings(const bilim_design *d, const bilim_sensitivity_settings *s,
                          bilim_error *err)
{
    if (d->n_factors < 1)
        return bilim_error_set(err, BILIM_EINVAL, "a sensitivity analysis needs at least one "
                               "uncertain input");
    if (d->n_scenarios != (s->effect ? 2 : 1))
        return bilim_error_set(err, BILIM_EINVAL, "%s needs %d scenario%s (found %d)",
                               s->effect ? "an option's effect" : "a scenario's output",
                               s->effect ? 2 : 1, s->effect ? "s" : "", (int)d->n_scenarios);
    if (s->replicates < 1 || s->output < 0 || s->output >= BILIM_DESIGN_N_OUTPUTS)
        return bilim_error_set(err, BILIM_EINVAL, "bad settings (replicates %d, output %d)",
                               (int)s->replicates, (int)s->output);
    return BILIM_OK;
}

int bilim_sensitivity_design(bilim_sensitivity *a, bilim_design *d,
                             const bilim_sensitivity_settings *s, bilim_error *err)
{
    memset(a, 0, sizeof *a);
    a->settings = *s;
    int rc = check_settings(d, s, err);
    if (rc)
        return rc;
    const int32_t k = d->n_factors;
    const int sobol = s->method == BILIM_SENSITIVITY_SOBOL;
    if (sobol && k > BILIM_SOBOL_MAX_INPUTS)
        return bilim_error_set(err, BILIM_EINVAL, "a Sobol' analysis takes at most %d inputs "
                               "(GSL's Sobol' sequence has 40 dimensions, two per input); this "
                               "one has %d: screen them with --method morris, then give the "
                               "ones that matter with --params", BILIM_SOBOL_MAX_INPUTS, (int)k);
    size_t n = sobol ? bilim_sobol_rows(s->base_rows, k) : bilim_morris_rows(s->trajectories, k);
    if (n == 0 || n > INT32_MAX / 4)
        return bilim_error_set(err, BILIM_EINVAL, "%s: bad design size (N %d, trajectories %d)",
                               bilim_sensitivity_method_name(s->method), (int)s->base_rows,
                               (int)s->trajectories);
    a->k = k;
    a->n_points = (int32_t)n;
    a->unit = bilim_malloc(n * (size_t)k * sizeof *a->unit);
    a->y = bilim_calloc(n, sizeof *a->y);
    double *values = bilim_malloc(n * (size_t)k * sizeof *values);
    if (!a->unit || !a->y || !values)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu design points", n);
    if (!rc)
        rc = sobol ? bilim_sobol_sample(s->base_rows, k, d->seed, a->unit, err)
                   : bilim_morris_sample(s->trajectories, k, s->levels, d->seed, a->unit, err);
    for (size_t p = 0; !rc && p < n; p++)
        for (int32_t f = 0; f < k; f++)
            values[p * (size_t)k + (size_t)f] =
                bilim_prior_quantile(&d->factors[f].prior, a->unit[p * (size_t)k + (size_t)f]);
    if (!rc)
        rc = bilim_design_set_points(d, a->n_points, values, NULL, err);
    if (!rc)
        rc = bilim_design_set_runs(d, s->replicates, 0, err);
    bilim_free(values);
    return rc;
}

/* y[p]: mean over p's replicates of the output (option minus baseline for
 * an effect). */
static int point_outputs(bilim_sensitivity *a, const bilim_design *d,
                         const bilim_design_record *rec, bilim_error *err)
{
    const bilim_design_output o = a->settings.output;
    for (int32_t p = 0; p < a->n_points; p++)
        a->y[p] = 0.0;
    for (size_t i = 0; i < d->n_runs; i++) {
        const bilim_design_run *r = &d->runs[i];
        double v = rec[i].v[o];
        if (!isfinite(v))
            return bilim_error_set(err, BILIM_EINVAL, "%s is not a number in run %zu (point %d, "
                                   "scenario '%s'): the analysis needs it in every run; choose "
                                   "another output or a longer horizon",
                                   bilim_design_output_name(o), i, (int)r->point,
                                   d->scenarios[r->scenario].name);
        double sign = (a->settings.effect && r->scenario == 0) ? -1.0 : 1.0;
        a->y[r->point] += sign * v / a->settings.replicates;
    }
    return BILIM_OK;
}

int bilim_sensitivity_analyse(bilim_sensitivity *a, const bilim_design *d,
                              const bilim_design_record *records, bilim_error *err)
{
    if (!a->y || d->n_points != a->n_points)
        return bilim_error_set(err, BILIM_EINTERNAL, "the design is not this analysis's");
    int rc = point_outputs(a, d, records, err);
    if (rc)
        return rc;
    const bilim_sensitivity_settings *s = &a->settings;
    if (s->method == BILIM_SENSITIVITY_SOBOL) {
        rc = bilim_sobol_result_init(&a->sobol, a->k, err);
        if (!rc)
            rc = bilim_sobol_analyse(a->y, s->base_rows, a->k, s->resamples, s->level, d->seed,
                                     &a->sobol, err);
    } else {
        rc = bilim_morris_result_init(&a->morris, a->k, err);
        if (!rc)
            rc = bilim_morris_analyse(a->unit, a->y, s->trajectories, a->k, &a->morris, err);
    }
    return rc;
}
