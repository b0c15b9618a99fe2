/* tests/test_abc.c: the ABC-SMC core (analysis/abc.h) and its priors.
 *
 * The central check is a toy model whose posterior is known in closed
 * form: theta ~ Beta(a, b), y ~ Binomial(n, theta) gives theta | y ~
 * Beta(a + y, b + n - y). With min_epsilon = 0 the last generation accepts
 * only exact matches, so ABC-SMC targets that posterior exactly and the
 * weighted mean and sd must agree with it up to Monte Carlo error. With
 * 2,000 particles (effective sample size above 1,000) the standard error of
 * the mean is about sd / 30 and that of the sd about sd / 45; the tolerance
 * used below, 0.15 sd, is over 4 standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include "analysis/abc.h"
#include "base/rng.h"


/* --- toy models ------------------------------------------------------------- */

typedef struct binom_ctx {
    int k;          /* independent binomial counts, one per parameter */
    int n[4], y[4];
    int fail_at;    /* simulate returns an error when theta[0] > this (if >= 0) */
} binom_ctx;

static void *ws_rng(void *ctx)
{
    (void)ctx;
    return bilim_rng_alloc();
}

static void ws_rng_free(void *ws)
{
    bilim_rng_free(ws);
}

static int sim_binom(void *ctx, void *ws, const double *theta, uint64_t seed, double *summary,
                     double *distance, bilim_error *err)
{
    binom_ctx *c = ctx;
    bilim_rng *r = ws;
    bilim_rng_reset(r, seed, 0, BILIM_PURPOSE_TEST, 0, 0);
    if (c->fail_at >= 0 && theta[0] > 0.99)
        return bilim_error_set(err, BILIM_EINVAL, "toy failure at %g", theta[0]);
    double d = 0.0;
    for (int j = 0; j < c->k; j++) {
        unsigned x = gsl_ran_binomial(bilim_rng_gsl(r), theta[j], (unsigned)c->n[j]);
        summary[j] = x;
        d += fabs((double)x - c->y[j]);
    }
    *distance = d;
    return BILIM_OK;
}

static bilim_abc_model binom_model(binom_ctx *c, const bilim_prior *priors)
{
    bilim_abc_model m = {c->k, priors, NULL, c->k, sim_binom, ws_rng, ws_rng_free, c, 0};
    return m;
}

static bilim_prior beta_prior(double a, double b)
{
    bilim_prior p = {BILIM_PRIOR_BETA, a, b, 0.0, 1.0};
    return p;
}

static void weighted_moments(const bilim_abc_result *r, int c, double *mean, double *sd)
{
    double m = 0.0, v = 0.0;
    for (int32_t i = 0; i < r->n_particles; i++)
        m += r->weights[i] * r->theta[(size_t)i * r->n_params + c];
    for (int32_t i = 0; i < r->n_particles; i++) {
        double x = r->theta[(size_t)i * r->n_params + c] - m;
        v += r->weights[i] * x * x;
    }
    *mean = m;
    *sd = sqrt(v);
}

static void expect_beta_posterior(const bilim_abc_result *r, int c, double a, double b)
{
    double mean = a / (a + b), sd = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
    double m, s;
    weighted_moments(r, c, &m, &s);
    cr_expect(fabs(m - mean) < 0.15 * sd, "posterior mean %g, expected %g (sd %g)", m, mean, sd);
    cr_expect(fabs(s - sd) < 0.15 * sd, "posterior sd %g, expected %g", s, sd);
}

static void run_beta_binomial(bilim_abc_kernel kernel, double a, double b)
{
    binom_ctx c = {1, {20}, {7}, -1};
    bilim_prior pr = beta_prior(a, b);
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 2000;
    s.max_generations = 20;
    s.kernel = kernel;
    s.seed = 11;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(r.stop, BILIM_ABC_STOP_MIN_EPSILON, "stopped: %s", bilim_abc_stop_description(r.stop));
    cr_assert_eq(r.history[r.n_generations - 1].epsilon, 0.0);
    for (int32_t i = 0; i < r.n_particles; i++)
        cr_assert_eq(r.distance[i], 0.0);
    expect_beta_posterior(&r, 0, a + 7, b + 13);
    bilim_abc_result_clear(&r);
}

Test(abc, beta_binomial_posterior_mvn_kernel)
{
    run_beta_binomial(BILIM_KERNEL_MVN, 2.0, 3.0);
}

Test(abc, beta_binomial_posterior_normal_kernel)
{
    run_beta_binomial(BILIM_KERNEL_NORMAL, 2.0, 3.0);
}

Test(abc, beta_binomial_posterior_truncated_kernel)
{
    run_beta_binomial(BILIM_KERNEL_TRUNCATED, 2.0, 3.0);
}

Test(abc, uniform_prior_is_beta_1_1)
{
    binom_ctx c = {1, {20}, {7}, -1};
    bilim_prior pr = {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 1.0};
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 2000;
    s.max_generations = 20;
    s.kernel = BILIM_KERNEL_TRUNCATED;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    expect_beta_posterior(&r, 0, 8.0, 14.0);
    bilim_abc_result_clear(&r);
}

Test(abc, two_parameters_mvn_kernel)
{
    /* Independent priors and data: the posterior is a product of Betas. */
    binom_ctx c = {2, {15, 10}, {3, 8}, -1};
    bilim_prior pr[2] = {beta_prior(1.0, 1.0), beta_prior(4.0, 2.0)};
    bilim_abc_model m = binom_model(&c, pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 2000;
    s.max_generations = 20;
    s.seed = 5;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(r.stop, BILIM_ABC_STOP_MIN_EPSILON);
    expect_beta_posterior(&r, 0, 4.0, 13.0);
    expect_beta_posterior(&r, 1, 12.0, 4.0);
    bilim_abc_result_clear(&r);
}

Test(abc, truncated_normal_prior_matches_quadrature)
{
    /* theta ~ N(0.5, 0.2) on [0.1, 0.9]; y = 4 of 10: the posterior is
     * proportional to prior * theta^4 (1 - theta)^6, integrated here on a
     * fine grid. */
    binom_ctx c = {1, {10}, {4}, -1};
    bilim_prior pr = {BILIM_PRIOR_NORMAL, 0.5, 0.2, 0.1, 0.9};
    double z = 0, m1 = 0, m2 = 0;
    for (int i = 0; i < 200000; i++) {
        double t = 0.1 + 0.8 * (i + 0.5) / 200000.0;
        double f = exp(-0.5 * pow((t - 0.5) / 0.2, 2)) * pow(t, 4) * pow(1 - t, 6);
        z += f;
        m1 += f * t;
        m2 += f * t * t;
    }
    double mean = m1 / z, sd = sqrt(m2 / z - mean * mean);
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 2000;
    s.max_generations = 20;
    s.kernel = BILIM_KERNEL_TRUNCATED;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    double em, es;
    weighted_moments(&r, 0, &em, &es);
    cr_expect(fabs(em - mean) < 0.15 * sd, "mean %g, expected %g", em, mean);
    cr_expect(fabs(es - sd) < 0.15 * sd, "sd %g, expected %g", es, sd);
    bilim_abc_result_clear(&r);
}

/* --- invariants ------------------------------------------------------------------ */

static bilim_abc_result run_small(int threads, bilim_abc_kernel kernel)
{
    binom_ctx c = {2, {15, 10}, {3, 8}, -1};
    static bilim_prior pr[2];
    pr[0] = beta_prior(1.0, 1.0);
    pr[1] = beta_prior(4.0, 2.0);
    bilim_abc_model m = binom_model(&c, pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 300;
    s.max_generations = 5;
    s.threads = threads;
    s.kernel = kernel;
    s.seed = 99;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    return r;
}

Test(abc, identical_for_any_thread_count)
{
    for (int k = 0; k < BILIM_N_KERNELS; k++) {
        bilim_abc_result a = run_small(1, (bilim_abc_kernel)k);
        for (int t = 2; t <= 4; t++) {
            bilim_abc_result b = run_small(t, (bilim_abc_kernel)k);
            cr_assert_eq(a.n_generations, b.n_generations);
            cr_assert_eq(a.simulations, b.simulations, "kernel %d threads %d", k, t);
            size_t n = (size_t)a.n_particles;
            cr_assert(memcmp(a.theta, b.theta, n * 2 * sizeof(double)) == 0, "theta differs, %d threads", t);
            cr_assert(memcmp(a.weights, b.weights, n * sizeof(double)) == 0, "weights differ");
            cr_assert(memcmp(a.summary, b.summary, n * 2 * sizeof(double)) == 0);
            cr_assert(memcmp(a.history, b.history, (size_t)a.n_generations * sizeof *a.history) == 0);
            bilim_abc_result_clear(&b);
        }
        bilim_abc_result_clear(&a);
    }
}

Test(abc, weights_sum_to_one_and_tolerances_decrease)
{
    bilim_abc_result r = run_small(2, BILIM_KERNEL_MVN);
    double s = 0.0;
    for (int32_t i = 0; i < r.n_particles; i++) {
        cr_assert(r.weights[i] > 0.0);
        s += r.weights[i];
        cr_assert(r.distance[i] <= r.history[r.n_generations - 1].epsilon);
    }
    cr_assert(fabs(s - 1.0) < 1e-12, "sum %g", s);
    cr_assert(isinf(r.history[0].epsilon));
    for (int32_t g = 2; g < r.n_generations; g++)
        cr_assert_lt(r.history[g].epsilon, r.history[g - 1].epsilon);
    int64_t total = 0;
    for (int32_t g = 0; g < r.n_generations; g++) {
        total += r.history[g].simulations;
        cr_assert(fabs(r.history[g].acceptance_rate - 300.0 / r.history[g].simulations) < 1e-12);
        cr_assert(r.history[g].ess > 1.0 && r.history[g].ess <= 300.0 + 1e-9);
    }
    cr_assert_eq(total, r.simulations);
    cr_assert_eq(r.history[0].simulations, 300, "generation 0 samples the prior once per particle");
    bilim_abc_result_clear(&r);
}

Test(abc, budget_stops_with_the_last_complete_generation)
{
    binom_ctx c = {1, {20}, {7}, -1};
    bilim_prior pr = beta_prior(2.0, 3.0);
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 200;
    s.max_generations = 30;
    s.max_simulations = 1500;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(r.stop, BILIM_ABC_STOP_BUDGET);
    int64_t kept = 0;
    for (int32_t g = 0; g < r.n_generations; g++)
        kept += r.history[g].simulations;
    cr_assert_leq(kept, 1500);
    cr_assert_gt(r.simulations, kept, "the discarded generation's runs are counted");
    bilim_abc_result_clear(&r);

    s.max_simulations = 200;
    s.particles = 200;
    c.k = 1;
    binom_ctx never = {1, {20}, {7}, -1};
    (void)never;
    /* One generation from the prior needs exactly 200 runs: allowed. */
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(r.n_generations, 1);
    bilim_abc_result_clear(&r);
}

static int sim_never(void *ctx, void *ws, const double *theta, uint64_t seed, double *summary,
                     double *distance, bilim_error *err)
{
    (void)ctx; (void)ws; (void)theta; (void)seed; (void)summary; (void)err;
    *distance = INFINITY;
    return BILIM_OK;
}

Test(abc, no_complete_generation_is_an_error)
{
    bilim_prior pr = beta_prior(2.0, 3.0);
    bilim_abc_model m = {1, &pr, NULL, 0, sim_never, NULL, NULL, NULL, 0};
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 10;
    s.max_simulations = 100;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "max_simulations"), "%s", err.msg);
}

Test(abc, simulator_error_names_the_particle)
{
    binom_ctx c = {1, {20}, {7}, 1};
    bilim_prior pr = {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, 1.0};
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 1000;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "generation 0, particle "), "%s", err.msg);
    cr_assert(strstr(err.msg, "toy failure"), "%s", err.msg);
    cr_assert_null(r.theta);
}

Test(abc, min_acceptance_stops)
{
    binom_ctx c = {2, {15, 10}, {3, 8}, -1};
    bilim_prior pr[2] = {beta_prior(1.0, 1.0), beta_prior(4.0, 2.0)};
    bilim_abc_model m = binom_model(&c, pr);
    bilim_abc_settings s;
    bilim_abc_settings_defaults(&s);
    s.particles = 200;
    s.max_generations = 30;
    s.min_acceptance = 0.3;
    bilim_abc_result r;
    bilim_error err;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(r.stop, BILIM_ABC_STOP_MIN_ACCEPTANCE);
    cr_assert_lt(r.history[r.n_generations - 1].acceptance_rate, 0.3);
    for (int32_t g = 0; g + 1 < r.n_generations; g++)
        cr_assert_geq(r.history[g].acceptance_rate, 0.3);
    bilim_abc_result_clear(&r);
}

Test(abc, bad_settings_are_rejected)
{
    binom_ctx c = {1, {20}, {7}, -1};
    bilim_prior pr = beta_prior(2.0, 3.0);
    bilim_abc_model m = binom_model(&c, &pr);
    bilim_abc_settings s;
    bilim_abc_result r;
    bilim_error err;
    struct { const char *field; void (*set)(bilim_abc_settings *); } cases[] = {
        {"particles", NULL}, {"quantile", NULL}, {"max_generations", NULL},
        {"min_acceptance", NULL}, {"max_simulations", NULL}, {"min_epsilon", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bilim_abc_settings_defaults(&s);
        switch (i) {
        case 0: s.particles = 1; break;
        case 1: s.quantile = 1.0; break;
        case 2: s.max_generations = 0; break;
        case 3: s.min_acceptance = -0.1; break;
        case 4: s.max_simulations = 10; break;
        default: s.min_epsilon = NAN; break;
        }
        cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_EINVAL, "%s", cases[i].field);
        cr_assert(strstr(err.msg, cases[i].field), "%s: %s", cases[i].field, err.msg);
    }
    bilim_abc_settings_defaults(&s);
    pr.p1 = -1.0;
    const char *names[] = {"init_K_kappa"};
    m.names = names;
    cr_assert_eq(bilim_abc_run(&m, &s, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "init_K_kappa") && strstr(err.msg, "alpha"), "%s", err.msg);
}

/* --- helpers and priors ------------------------------------------------------------ */

Test(abc, weighted_quantile_by_hand)
{
    double x[] = {3.0, 1.0, 2.0, 2.0, 5.0};
    double w[] = {0.1, 0.2, 0.3, 0.1, 0.3};
    /* Sorted: 1 (0.2), 2 (0.4, cum 0.6), 3 (0.1, cum 0.7), 5 (0.3, cum 1). */
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.05), 1.0);
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.2), 1.0);
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.21), 2.0);
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.6), 2.0);
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.65), 3.0);
    cr_assert_eq(bilim_abc_weighted_quantile(x, w, 5, 0.95), 5.0);
    double w2[] = {1, 2, 3, 1, 3}; /* unnormalised: same answers */
    cr_assert_eq(bilim_abc_weighted_quantile(x, w2, 5, 0.65), 3.0);
    cr_assert(isnan(bilim_abc_weighted_quantile(x, w, 0, 0.5)));
}

Test(abc, prior_moments_closed_form)
{
    struct { bilim_prior p; double mean, sd; } cases[] = {
        {{BILIM_PRIOR_UNIFORM, 0, 0, 2.0, 5.0}, 3.5, 3.0 / sqrt(12.0)},
        {{BILIM_PRIOR_BETA, 2.0, 3.0, 0.0, 1.0}, 0.4, sqrt(6.0 / (25.0 * 6.0))},
        {{BILIM_PRIOR_NORMAL, 1.0, 2.0, -INFINITY, INFINITY}, 1.0, 2.0},
        {{BILIM_PRIOR_NORMAL, 0.0, 1.0, 0.0, INFINITY}, sqrt(2.0 / 3.14159265358979323846),
         sqrt(1.0 - 2.0 / 3.14159265358979323846)},
        {{BILIM_PRIOR_LOGNORMAL, 1.0, 0.5, 0.0, INFINITY}, exp(1.125),
         sqrt((exp(0.25) - 1.0) * exp(2.25))},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double m, s;
        bilim_prior_moments(&cases[i].p, &m, &s);
        cr_expect(fabs(m - cases[i].mean) < 1e-9 * (1 + fabs(cases[i].mean)), "case %zu mean %g vs %g", i, m, cases[i].mean);
        cr_expect(fabs(s - cases[i].sd) < 1e-9 * (1 + cases[i].sd), "case %zu sd %g vs %g", i, s, cases[i].sd);
    }
}

/* Truncated priors: moments and density against quadrature of the density
 * on a fine grid, quantile against the CDF implied by the density. */
Test(abc, truncated_priors_against_quadrature)
{
    bilim_prior cases[] = {
        {BILIM_PRIOR_BETA, 3.2, 6.8, 0.1, 0.6},
        {BILIM_PRIOR_NORMAL, 0.3, 0.2, 0.001, 0.999},
        {BILIM_PRIOR_LOGNORMAL, log(12.0), 0.7, 0.5, 40.0},
        {BILIM_PRIOR_NORMAL, 0.0, 1.0, 3.0, 4.0},  /* far upper tail */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bilim_prior *p = &cases[i];
        char msg[256];
        cr_assert_eq(bilim_prior_check(p, msg, sizeof msg), 0, "%s", msg);
        int n = 400000;
        double h = (p->upper - p->lower) / n, z = 0, m1 = 0, m2 = 0, cdf_mid = -1;
        double x_half = bilim_prior_quantile(p, 0.5);
        for (int k = 0; k < n; k++) {
            double x = p->lower + (k + 0.5) * h;
            double f = exp(bilim_prior_logpdf(p, x)) * h;
            z += f;
            m1 += f * x;
            m2 += f * x * x;
            if (cdf_mid < 0 && x >= x_half)
                cdf_mid = z;
        }
        double mean, sd;
        bilim_prior_moments(p, &mean, &sd);
        cr_expect(fabs(z - 1.0) < 1e-6, "case %zu: density integrates to %g", i, z);
        cr_expect(fabs(mean - m1) < 1e-6 * (1 + fabs(m1)), "case %zu: mean %g vs %g", i, mean, m1);
        cr_expect(fabs(sd - sqrt(m2 - m1 * m1)) < 1e-5 * (1 + sd), "case %zu: sd %g vs %g", i, sd, sqrt(m2 - m1 * m1));
        cr_expect(fabs(cdf_mid - 0.5) < 1e-4, "case %zu: median's CDF %g", i, cdf_mid);
        for (double u = 0.001; u < 1.0; u += 0.0997) {
            double x = bilim_prior_quantile(p, u);
            cr_assert(x >= p->lower && x <= p->upper);
        }
        cr_assert(isinf(bilim_prior_logpdf(p, p->lower - 1e-9)));
        cr_assert(isinf(bilim_prior_logpdf(p, p->upper + 1e-9)));
    }
}

Test(abc, prior_check_messages)
{
    char msg[256];
    bilim_prior bad[] = {
        {BILIM_PRIOR_UNIFORM, 0, 0, 0.0, INFINITY},
        {BILIM_PRIOR_BETA, 0.0, 2.0, 0.0, 1.0},
        {BILIM_PRIOR_BETA, 2.0, 2.0, -0.5, 1.0},
        {BILIM_PRIOR_NORMAL, 0.0, -1.0, -1.0, 1.0},
        {BILIM_PRIOR_NORMAL, 0.0, 0.01, 5.0, 6.0},
        {BILIM_PRIOR_LOGNORMAL, 0.0, 1.0, 2.0, 1.0},
    };
    const char *want[] = {"finite", "alpha", "support", "scale", "probability", "lower bound"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_neq(bilim_prior_check(&bad[i], msg, sizeof msg), 0, "case %zu", i);
        cr_assert(strstr(msg, want[i]), "case %zu: %s", i, msg);
    }
}

Test(abc, sim_seed_is_the_calibration_stream)
{
    uint64_t w[4];
    bilim_rng_block(7, 3, BILIM_PURPOSE_CALIBRATION, 11, 2, 0, w);
    cr_assert_eq(bilim_abc_sim_seed(7, 3, 11, 2), w[0]);
    cr_assert_neq(bilim_abc_sim_seed(7, 3, 11, 2), bilim_abc_sim_seed(7, 3, 11, 3));
}
