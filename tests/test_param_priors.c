/* tests/test_param_priors.c: the table of priors (models/param_priors.h):
 * coverage of the parameter table, supports inside the allowed ranges, the
 * written specs turned into distributions, the scenario factors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "models/param_priors.h"

static bilim_prior resolve_row(const bilim_param_prior *row, const bilim_scenario *sc)
{
    bilim_factor_target t;
    const bilim_param_info *info;
    cr_assert_eq(bilim_factor_resolve(row->name, &t, &info), 0, "%s", row->name);
    double lo, hi;
    bilim_factor_range(t, info, &lo, &hi);
    bilim_prior p;
    char msg[256];
    int rc = bilim_param_prior_resolve(&row->prior, bilim_factor_base_value(t, info, sc), lo, hi,
                                       &p, msg, sizeof msg);
    cr_assert_eq(rc, 0, "%s: %s", row->name, msg);
    return p;
}

Test(param_priors, every_dynamic_parameter_has_exactly_one_row)
{
    size_t n, np;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    const bilim_param_info *params = bilim_params_table(&np);
    int required = 0;
    for (size_t i = 0; i < np; i++) {
        if (!bilim_param_priors_group_required(params[i].group))
            continue;
        required++;
        int count = 0;
        for (size_t k = 0; k < n; k++)
            count += strcmp(rows[k].name, params[i].name) == 0;
        cr_expect_eq(count, 1, "parameter %s (group %s) has %d prior rows; it needs exactly one "
                     "in models/param_priors.h", params[i].name, params[i].group, count);
    }
    cr_assert_geq(required, 37, "the dynamic groups lost parameters? (%d)", required);
}

Test(param_priors, every_row_names_a_parameter_or_a_scenario_factor_once)
{
    size_t n;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    for (size_t i = 0; i < n; i++) {
        bilim_factor_target t;
        const bilim_param_info *info;
        cr_expect_eq(bilim_factor_resolve(rows[i].name, &t, &info), 0,
                     "prior row '%s' names no parameter or scenario factor", rows[i].name);
        for (size_t k = 0; k < i; k++)
            cr_expect_neq(strcmp(rows[i].name, rows[k].name), 0, "row %s twice", rows[i].name);
        cr_expect(rows[i].source && strlen(rows[i].source) > 10, "%s: no source", rows[i].name);
        cr_expect_eq(bilim_param_priors_find(rows[i].name), &rows[i]);
    }
    cr_expect_null(bilim_param_priors_find("no_such_parameter"));
}

Test(param_priors, every_support_lies_inside_the_allowed_range)
{
    size_t n;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].prior.spec == BILIM_SPEC_FIXED)
            continue;
        bilim_prior p = resolve_row(&rows[i], &sc);
        bilim_factor_target t;
        const bilim_param_info *info;
        bilim_factor_resolve(rows[i].name, &t, &info);
        double lo, hi;
        bilim_factor_range(t, info, &lo, &hi);
        cr_expect(p.lower >= lo && p.upper <= hi, "%s: support [%g, %g] outside [%g, %g]",
                  rows[i].name, p.lower, p.upper, lo, hi);
        /* The extreme quantiles, which a design can draw, stay inside too. */
        double q0 = bilim_prior_quantile(&p, 1e-12), q1 = bilim_prior_quantile(&p, 1 - 1e-12);
        cr_expect(q0 >= lo && q1 <= hi, "%s: quantiles [%g, %g] outside [%g, %g]", rows[i].name,
                  q0, q1, lo, hi);
        /* Centred rows have their median at the baseline's value (up to truncation). */
        if (isnan(rows[i].prior.p1) && rows[i].prior.spec == BILIM_SPEC_FACTOR) {
            double base = bilim_factor_base_value(t, info, &sc);
            cr_expect(fabs(bilim_prior_quantile(&p, 0.5) - base) <= 0.02 * fabs(base),
                      "%s: median %g, default %g", rows[i].name, bilim_prior_quantile(&p, 0.5),
                      base);
        }
    }
}

Test(param_priors, a_factor_prior_puts_95_percent_within_the_factor)
{
    bilim_prior_text t = {BILIM_SPEC_FACTOR, 0.08, 2.0, NAN, NAN};
    bilim_prior p;
    char msg[256];
    cr_assert_eq(bilim_param_prior_resolve(&t, 1.0, 0.0, 1e9, &p, msg, sizeof msg), 0, "%s", msg);
    cr_expect_eq(p.kind, BILIM_PRIOR_LOGNORMAL);
    cr_expect_float_eq(bilim_prior_quantile(&p, 0.025), 0.04, 1e-9);
    cr_expect_float_eq(bilim_prior_quantile(&p, 0.975), 0.16, 1e-9);
    cr_expect_float_eq(bilim_prior_quantile(&p, 0.5), 0.08, 1e-12);
}

Test(param_priors, base_centres_on_the_given_value_and_beta_mean_has_its_mean)
{
    bilim_prior_text t = {BILIM_SPEC_BETA_MEAN, NAN, 50.0, NAN, NAN};
    bilim_prior p;
    char msg[256];
    cr_assert_eq(bilim_param_prior_resolve(&t, 0.35, 0.001, 0.999, &p, msg, sizeof msg), 0);
    double mean, sd;
    bilim_prior_moments(&p, &mean, &sd);
    cr_expect_float_eq(mean, 0.35, 1e-6);
    cr_expect_float_eq(sd, sqrt(0.35 * 0.65 / 51.0), 1e-4);
    bilim_prior_text u = {BILIM_SPEC_NORMAL, NAN, 0.5, NAN, NAN};
    cr_assert_eq(bilim_param_prior_resolve(&u, -1.0, -20.0, 20.0, &p, msg, sizeof msg), 0);
    cr_expect_float_eq(p.p1, -1.0, 0.0);
    cr_expect_float_eq(p.lower, -20.0, 0.0);
}

Test(param_priors, bad_priors_are_refused_with_a_reason)
{
    bilim_prior p;
    char msg[256];
    bilim_prior_text fixed = {BILIM_SPEC_FIXED, 0, 0, NAN, NAN};
    cr_expect_neq(bilim_param_prior_resolve(&fixed, 1.0, 0, 1, &p, msg, sizeof msg), 0);
    bilim_prior_text f1 = {BILIM_SPEC_FACTOR, 0.1, 1.0, NAN, NAN};
    cr_expect_neq(bilim_param_prior_resolve(&f1, 1.0, 0, 1, &p, msg, sizeof msg), 0);
    cr_expect(strstr(msg, "factor above 1"), "%s", msg);
    bilim_prior_text wide = {BILIM_SPEC_UNIFORM, -1.0, 2.0, NAN, NAN};
    cr_expect_neq(bilim_param_prior_resolve(&wide, 0.5, 0.0, 1.0, &p, msg, sizeof msg), 0);
    cr_expect(strstr(msg, "allowed range"), "%s", msg);
    bilim_prior_text neg = {BILIM_SPEC_FACTOR, NAN, 2.0, NAN, NAN};
    cr_expect_neq(bilim_param_prior_resolve(&neg, -0.3, -2.0, 2.0, &p, msg, sizeof msg), 0,
                  "a factor prior cannot centre on a negative value");
}

Test(param_priors, scale_factors_multiply_every_innovation_and_respect_the_caps)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.n_innovations = 2;
    sc.innovations[1] = sc.innovations[0];
    sc.innovations[0].p = 0.01;
    sc.innovations[0].q = 0.2;
    sc.innovations[1].p = 0.6;
    sc.innovations[1].q = 6.0;
    bilim_factor_target t;
    const bilim_param_info *info;
    cr_assert_eq(bilim_factor_resolve("innovation_p_scale", &t, &info), 0);
    cr_assert_null(info);
    bilim_factor_apply(t, info, 2.0, &sc);
    cr_expect_float_eq(sc.innovations[0].p, 0.02, 1e-15);
    cr_expect_float_eq(sc.innovations[1].p, 1.0, 0.0, "p is a rate per month capped at 1");
    cr_expect_float_eq(sc.innovations[0].q, 0.2, 0.0, "q untouched");
    cr_assert_eq(bilim_factor_resolve("innovation_q_scale", &t, &info), 0);
    bilim_factor_apply(t, info, 2.0, &sc);
    cr_expect_float_eq(sc.innovations[0].q, 0.4, 1e-15);
    cr_expect_float_eq(sc.innovations[1].q, 10.0, 0.0, "q capped at bass_q_default's maximum");
    cr_expect_float_eq(bilim_factor_base_value(t, info, &sc), 1.0, 0.0);
    cr_assert_eq(bilim_factor_resolve("eta_pd", &t, &info), 0);
    bilim_factor_apply(t, info, 0.123, &sc);
    cr_expect_float_eq(sc.params.eta_pd, 0.123, 0.0);
    cr_expect_neq(bilim_factor_resolve("eta_pdd", &t, &info), 0);
}

Test(param_priors, spec_names_round_trip)
{
    for (int s = 0; s < BILIM_N_PRIOR_SPECS; s++)
        cr_expect_eq(bilim_prior_spec_parse(bilim_prior_spec_name((bilim_prior_spec)s)), s);
    cr_expect_eq(bilim_prior_spec_parse("gamma"), -1);
    cr_expect_null(bilim_prior_spec_name(BILIM_N_PRIOR_SPECS));
}
