/* models/param_priors.c: the table of priors and the scenario factors (see
 * param_priors.h). */
#include "models/param_priors.h"

#include <stdio.h>
#include <string.h>

#define BILIM_PP_ROW(name, spec, p1, p2, lo, hi, src) \
    {#name, {BILIM_SPEC_##spec, (p1), (p2), (lo), (hi)}, src},

static const bilim_param_prior prior_rows[] = {
    BILIM_PARAM_PRIOR_TABLE(BILIM_PP_ROW)
};
#undef BILIM_PP_ROW

/* z of the standard normal's 97.5% quantile: FACTOR f puts 95% within f. */
#define Z975 1.959963984540054

/* The scenario loader's bounds on an innovation's rates (the ranges of
 * bass_p_default and bass_q_default, formats/scenario_fields.c). */
static double rate_cap(bilim_factor_target t)
{
    const bilim_param_info *row =
        bilim_params_find(t == BILIM_TARGET_INNOVATION_P_SCALE ? "bass_p_default" : "bass_q_default");
    return row ? row->max : 1.0;
}

const bilim_param_prior *bilim_param_priors_table(size_t *count)
{
    if (count)
        *count = sizeof prior_rows / sizeof prior_rows[0];
    return prior_rows;
}

const bilim_param_prior *bilim_param_priors_find(const char *name)
{
    for (size_t i = 0; i < sizeof prior_rows / sizeof prior_rows[0]; i++)
        if (strcmp(prior_rows[i].name, name) == 0)
            return &prior_rows[i];
    return NULL;
}

static const char *const spec_names[BILIM_N_PRIOR_SPECS] = {
    "factor", "beta_mean", "normal", "uniform", "lognormal", "beta", "fixed"};

const char *bilim_prior_spec_name(bilim_prior_spec s)
{
    return (s >= 0 && s < BILIM_N_PRIOR_SPECS) ? spec_names[s] : NULL;
}

int bilim_prior_spec_parse(const char *name)
{
    for (int i = 0; i < BILIM_N_PRIOR_SPECS; i++)
        if (strcmp(spec_names[i], name) == 0)
            return i;
    return -1;
}

int bilim_factor_resolve(const char *name, bilim_factor_target *target,
                         const bilim_param_info **param)
{
    *param = bilim_params_find(name);
    if (*param) {
        *target = BILIM_TARGET_PARAM;
        return 0;
    }
    if (strcmp(name, "innovation_p_scale") == 0)
        *target = BILIM_TARGET_INNOVATION_P_SCALE;
    else if (strcmp(name, "innovation_q_scale") == 0)
        *target = BILIM_TARGET_INNOVATION_Q_SCALE;
    else
        return -1;
    return 0;
}

void bilim_factor_range(bilim_factor_target target, const bilim_param_info *param,
                        double *lo, double *hi)
{
    if (target == BILIM_TARGET_PARAM && param) {
        *lo = param->min;
        *hi = param->max;
    } else {
        *lo = 0.0;
        *hi = 100.0;
    }
}

double bilim_factor_base_value(bilim_factor_target target, const bilim_param_info *param,
                               const bilim_scenario *sc)
{
    if (target == BILIM_TARGET_PARAM && param)
        return bilim_params_get(&sc->params, param);
    return 1.0;
}

/* The natural support of a distribution (uniform: the whole line). */
static void natural_support(bilim_prior_kind k, double *lo, double *hi)
{
    *lo = -INFINITY;
    *hi = INFINITY;
    if (k == BILIM_PRIOR_BETA) {
        *lo = 0.0;
        *hi = 1.0;
    } else if (k == BILIM_PRIOR_LOGNORMAL) {
        *lo = 0.0;
    }
}

/* The untruncated distribution of a written prior, centred on centre. */
static int make_kind(const bilim_prior_text *t, double centre, bilim_prior *out, char *msg,
                     size_t n)
{
    double p1 = isnan(t->p1) ? centre : t->p1;
    switch (t->spec) {
    case BILIM_SPEC_FACTOR:
        if (!(p1 > 0.0) || !(t->p2 > 1.0)) {
            snprintf(msg, n, "factor prior: the median must be positive and the factor above 1 "
                     "(found %g, %g)", p1, t->p2);
            return 1;
        }
        out->kind = BILIM_PRIOR_LOGNORMAL;
        out->p1 = log(p1);
        out->p2 = log(t->p2) / Z975;
        return 0;
    case BILIM_SPEC_BETA_MEAN:
        if (!(p1 > 0.0 && p1 < 1.0) || !(t->p2 > 0.0)) {
            snprintf(msg, n, "beta_mean prior: the mean must be in (0, 1) and the concentration "
                     "positive (found %g, %g)", p1, t->p2);
            return 1;
        }
        out->kind = BILIM_PRIOR_BETA;
        out->p1 = p1 * t->p2;
        out->p2 = (1.0 - p1) * t->p2;
        return 0;
    case BILIM_SPEC_NORMAL: out->kind = BILIM_PRIOR_NORMAL; break;
    case BILIM_SPEC_LOGNORMAL: out->kind = BILIM_PRIOR_LOGNORMAL; break;
    case BILIM_SPEC_BETA: out->kind = BILIM_PRIOR_BETA; break;
    case BILIM_SPEC_UNIFORM: out->kind = BILIM_PRIOR_UNIFORM; break;
    default:
        snprintf(msg, n, "a fixed parameter has no distribution to draw from");
        return 1;
    }
    out->p1 = p1;
    out->p2 = t->p2;
    return 0;
}

int bilim_param_prior_resolve(const bilim_prior_text *t, double centre, double lo, double hi,
                              bilim_prior *out, char *msg, size_t n)
{
    memset(out, 0, sizeof *out);
    if (make_kind(t, centre, out, msg, n))
        return 1;
    double nlo, nhi;
    natural_support(out->kind, &nlo, &nhi);
    if (out->kind == BILIM_PRIOR_UNIFORM) {
        nlo = out->p1;
        nhi = out->p2;
    }
    /* Unset bounds: the target's range, within the distribution's support. */
    out->lower = isnan(t->lower) ? (lo > nlo ? lo : nlo) : t->lower;
    out->upper = isnan(t->upper) ? (hi < nhi ? hi : nhi) : t->upper;
    if (out->kind == BILIM_PRIOR_UNIFORM && isnan(t->lower) && isnan(t->upper)) {
        out->lower = out->p1;
        out->upper = out->p2;
    }
    if (out->lower < lo || out->upper > hi) {
        snprintf(msg, n, "%s prior: bounds [%g, %g] leave the allowed range [%g, %g]",
                 bilim_prior_kind_name(out->kind), out->lower, out->upper, lo, hi);
        return 1;
    }
    return bilim_prior_check(out, msg, n);
}

void bilim_factor_apply(bilim_factor_target target, const bilim_param_info *param,
                        double value, bilim_scenario *sc)
{
    if (target == BILIM_TARGET_PARAM) {
        bilim_params_set(&sc->params, param, value);
        return;
    }
    double cap = rate_cap(target);
    for (int32_t j = 0; j < sc->n_innovations; j++) {
        double *rate = target == BILIM_TARGET_INNOVATION_P_SCALE ? &sc->innovations[j].p
                                                                  : &sc->innovations[j].q;
        double v = *rate * value;
        *rate = v < cap ? v : cap;
    }
}

int bilim_param_priors_group_required(const char *group)
{
    static const char *const required[] = {"principal", "teacher", "turnover", "diffusion",
                                           "resources"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (strcmp(group, required[i]) == 0)
            return 1;
    return 0;
}
