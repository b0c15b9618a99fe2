/* models/particles.c: a weighted sample of parameter vectors (see particles.h). */
#include "models/particles.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"

int bilim_particles_init(bilim_particles *p, int32_t n, int32_t n_columns, bilim_error *err)
{
    memset(p, 0, sizeof *p);
    if (n < 1 || n_columns < 1 || n_columns > BILIM_PARTICLES_MAX_COLUMNS)
        return bilim_error_set(err, BILIM_EINVAL,
                               "a posterior sample needs at least 1 particle and 1 to %d "
                               "parameters (found %d particles, %d parameters)",
                               BILIM_PARTICLES_MAX_COLUMNS, (int)n, (int)n_columns);
    p->theta = bilim_calloc((size_t)n * (size_t)n_columns, sizeof *p->theta);
    p->weight = bilim_calloc((size_t)n, sizeof *p->weight);
    p->cumulative = bilim_calloc((size_t)n, sizeof *p->cumulative);
    if (!p->theta || !p->weight || !p->cumulative) {
        bilim_particles_clear(p);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %d particles", (int)n);
    }
    p->n = n;
    p->n_columns = n_columns;
    return BILIM_OK;
}

void bilim_particles_clear(bilim_particles *p)
{
    if (!p)
        return;
    bilim_free(p->theta);
    bilim_free(p->weight);
    bilim_free(p->cumulative);
    memset(p, 0, sizeof *p);
}

int bilim_particles_copy(bilim_particles *dst, const bilim_particles *src, bilim_error *err)
{
    memset(dst, 0, sizeof *dst);
    if (src->n == 0)
        return BILIM_OK;
    int rc = bilim_particles_init(dst, src->n, src->n_columns, err);
    if (rc)
        return rc;
    double *theta = dst->theta, *weight = dst->weight, *cum = dst->cumulative;
    *dst = *src;
    dst->theta = theta;
    dst->weight = weight;
    dst->cumulative = cum;
    size_t n = (size_t)src->n;
    memcpy(theta, src->theta, n * (size_t)src->n_columns * sizeof *theta);
    memcpy(weight, src->weight, n * sizeof *weight);
    memcpy(cum, src->cumulative, n * sizeof *cum);
    return BILIM_OK;
}

static int in_range(const bilim_param_info *info, double v)
{
    return isfinite(v) && v >= info->min && v <= info->max;
}

/* No parameter appears twice among the columns and ties. */
static int check_names(const bilim_particles *p, bilim_error *err)
{
    const bilim_param_info *seen[2 * BILIM_PARTICLES_MAX_COLUMNS];
    int n = 0;
    for (int32_t c = 0; c < p->n_columns + p->n_ties; c++) {
        const bilim_param_info *info = c < p->n_columns ? p->columns[c]
                                                        : p->ties[c - p->n_columns].param;
        if (!info)
            return bilim_error_set(err, BILIM_EINVAL, "posterior sample: column %d names no "
                                   "parameter", (int)c);
        for (int k = 0; k < n; k++)
            if (seen[k] == info)
                return bilim_error_set(err, BILIM_EINVAL, "posterior sample: parameter %s "
                                       "appears twice", info->name);
        seen[n++] = info;
    }
    for (int32_t t = 0; t < p->n_ties; t++)
        if (p->ties[t].follows < 0 || p->ties[t].follows >= p->n_columns)
            return bilim_error_set(err, BILIM_EINVAL, "posterior sample: %s follows column %d, "
                                   "which does not exist", p->ties[t].param->name,
                                   (int)p->ties[t].follows);
    return BILIM_OK;
}

int bilim_particles_finish(bilim_particles *p, bilim_error *err)
{
    int rc = check_names(p, err);
    if (rc)
        return rc;
    double sum = 0.0;
    for (int32_t i = 0; i < p->n; i++) {
        double w = p->weight[i];
        if (!isfinite(w) || w < 0.0)
            return bilim_error_set(err, BILIM_EINVAL, "posterior sample: particle %d has weight "
                                   "%g; weights must be finite and not negative", (int)i, w);
        sum += w;
        const double *th = p->theta + (size_t)i * (size_t)p->n_columns;
        for (int32_t c = 0; c < p->n_columns; c++)
            if (!in_range(p->columns[c], th[c]))
                return bilim_error_set(err, BILIM_EINVAL, "posterior sample: particle %d: %s = %g "
                                       "is outside its range [%g, %g]", (int)i,
                                       p->columns[c]->name, th[c], p->columns[c]->min,
                                       p->columns[c]->max);
        for (int32_t t = 0; t < p->n_ties; t++) {
            double v = th[p->ties[t].follows] + p->ties[t].offset;
            if (!in_range(p->ties[t].param, v))
                return bilim_error_set(err, BILIM_EINVAL, "posterior sample: particle %d: tied "
                                       "%s = %g is outside its range [%g, %g]", (int)i,
                                       p->ties[t].param->name, v, p->ties[t].param->min,
                                       p->ties[t].param->max);
        }
    }
    if (!(sum > 0.0) || !isfinite(sum))
        return bilim_error_set(err, BILIM_EINVAL, "posterior sample: the weights sum to %g; "
                               "at least one must be positive", sum);
    double c = 0.0;
    for (int32_t i = 0; i < p->n; i++) {
        p->weight[i] /= sum;
        c += p->weight[i];
        p->cumulative[i] = c;
    }
    /* The last particle with weight closes the interval exactly at 1. */
    for (int32_t i = p->n - 1; i >= 0; i--) {
        if (p->weight[i] > 0.0) {
            for (int32_t k = i; k < p->n; k++)
                p->cumulative[k] = 1.0;
            break;
        }
    }
    return BILIM_OK;
}

int32_t bilim_particles_pick(const bilim_particles *p, double u)
{
    /* Binary search for the first cumulative weight above u. */
    int32_t lo = 0, hi = p->n - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (p->cumulative[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void bilim_particles_apply(const bilim_particles *p, int32_t i, bilim_params *params)
{
    const double *th = p->theta + (size_t)i * (size_t)p->n_columns;
    for (int32_t c = 0; c < p->n_columns; c++)
        bilim_params_set(params, p->columns[c], th[c]);
    for (int32_t t = 0; t < p->n_ties; t++)
        bilim_params_set(params, p->ties[t].param, th[p->ties[t].follows] + p->ties[t].offset);
}

int32_t bilim_particles_column(const bilim_particles *p, const bilim_param_info *info)
{
    for (int32_t c = 0; c < p->n_columns; c++)
        if (p->columns[c] == info)
            return c;
    for (int32_t t = 0; t < p->n_ties; t++)
        if (p->ties[t].param == info)
            return p->ties[t].follows;
    return -1;
}

double bilim_particles_ess(const bilim_particles *p)
{
    double s = 0.0;
    for (int32_t i = 0; i < p->n; i++)
        s += p->weight[i] * p->weight[i];
    return s > 0.0 ? 1.0 / s : 0.0;
}
