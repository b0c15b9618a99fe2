/* tests/test_uncertainty.c: what says what is uncertain (formats/uncertainty.h):
 * priors written as text, a scenario's "uncertainty" object (through
 * "extends"), posterior sample files (the shipped one, and every error). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "formats/scenario_load.h"
#include "formats/uncertainty.h"
#include "helpers.h"

Test(prior_text, valid_specs)
{
    bilim_prior_text t;
    char msg[400];
    cr_assert_eq(bilim_prior_text_parse("factor:base,2", &t, msg, sizeof msg), 0, "%s", msg);
    cr_expect_eq(t.spec, BILIM_SPEC_FACTOR);
    cr_expect(isnan(t.p1) && t.p2 == 2.0 && isnan(t.lower) && isnan(t.upper));
    cr_assert_eq(bilim_prior_text_parse("normal:0,0.25,-1,1.5", &t, msg, sizeof msg), 0, "%s", msg);
    cr_expect(t.spec == BILIM_SPEC_NORMAL && t.p1 == 0 && t.p2 == 0.25 && t.lower == -1 &&
              t.upper == 1.5);
    cr_assert_eq(bilim_prior_text_parse("uniform:2e7,1.2e8", &t, msg, sizeof msg), 0);
    cr_expect(t.spec == BILIM_SPEC_UNIFORM && t.p1 == 2e7 && t.p2 == 1.2e8);
    char buf[128];
    bilim_prior_text_format(&t, buf, sizeof buf);
    cr_expect_str_eq(buf, "uniform:20000000,120000000");
    cr_assert_eq(bilim_prior_text_parse("beta_mean:base,50", &t, msg, sizeof msg), 0);
    bilim_prior_text_format(&t, buf, sizeof buf);
    cr_expect_str_eq(buf, "beta_mean:base,50");
}

Test(prior_text, invalid_specs_say_what_is_allowed)
{
    const char *bad[] = {"gamma:1,2", "factor:1", "factor:1,2,3", "factor", "factor:a,b",
                         "factor:1,2,3,inf", "uniform:base,1", "factor:1,2,", "fixed:0,0",
                         ":1,2", "factor:1,,2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bilim_prior_text t;
        char msg[400] = "";
        cr_expect_neq(bilim_prior_text_parse(bad[i], &t, msg, sizeof msg), 0, "'%s' accepted",
                      bad[i]);
        cr_expect(strstr(msg, bad[i]) || strstr(msg, "base"), "'%s': %s", bad[i], msg);
    }
    bilim_uncertainty_prior p;
    bilim_error err;
    cr_assert_eq(bilim_uncertainty_parse_prior("eta_pd=factor:base,3", &p, &err), BILIM_OK);
    cr_expect_str_eq(p.name, "eta_pd");
    cr_expect_eq(p.prior.p2, 3.0);
    cr_expect_eq(bilim_uncertainty_parse_prior("=factor:1,2", &p, &err), BILIM_EUSAGE);
    cr_expect(strstr(err.msg, "NAME=KIND"), "%s", err.msg);
    cr_expect_eq(bilim_uncertainty_parse_prior("eta_pd", &p, &err), BILIM_EUSAGE);
    cr_expect_eq(bilim_uncertainty_parse_prior("eta_pd=factor:0", &p, &err), BILIM_EUSAGE);
    cr_expect(strstr(err.msg, "--prior eta_pd"), "%s", err.msg);
}

/* --- files ------------------------------------------------------------------------ */

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-uncertainty-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0700);
}

static const char *put(const char *name, const char *text)
{
    static char p[4][256];
    static int k;
    char *path = p[k++ % 4];
    snprintf(path, 256, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(uncertainty_file, .init = setup, .fini = teardown);

Test(uncertainty_file, read_through_extends_with_paths_relative_to_the_file)
{
    put("parent.json", "{\"name\": \"p\", \"uncertainty\": {\"posterior_file\": \"post.json\", "
                       "\"fix\": [\"cost_R\", \"diffusion\"], "
                       "\"priors\": {\"eta_pd\": \"factor:base,3\", \"beta0\": \"normal:0,1\"}}}");
    const char *child = put("sub/child.json", "{\"name\": \"c\", \"extends\": \"../parent.json\"}");
    bilim_uncertainty u;
    bilim_error err;
    cr_assert_eq(bilim_uncertainty_load(child, &u, &err), BILIM_OK, "%s", err.msg);
    char want[256];
    snprintf(want, sizeof want, "%s/sub/../post.json", dir);
    cr_expect_str_eq(u.posterior_file, want);
    cr_expect_eq(u.n_fix, 2);
    cr_expect_str_eq(u.fix[1], "diffusion");
    cr_expect_eq(u.n_priors, 2);
    cr_expect_str_eq(u.priors[1].name, "beta0");
    cr_expect_eq(u.priors[1].prior.spec, BILIM_SPEC_NORMAL);
    const char *none = put("none.json", "{\"name\": \"n\"}");
    cr_assert_eq(bilim_uncertainty_load(none, &u, &err), BILIM_OK);
    cr_expect_eq(u.n_fix + u.n_priors, 0);
    cr_expect_str_eq(u.posterior_file, "");
}

Test(uncertainty_file, errors_name_the_file_and_the_field)
{
    const struct { const char *text, *needle; } cases[] = {
        {"{\"uncertainty\": {\"posterior\": \"x\"}}", "uncertainty.posterior: unknown key"},
        {"{\"uncertainty\": {\"fix\": \"cost_R\"}}", "uncertainty.fix: expected an array"},
        {"{\"uncertainty\": {\"priors\": {\"eta_pd\": \"factor:0.1\"}}}",
         "uncertainty.priors.eta_pd: 'factor:0.1'"},
        {"{\"uncertainty\": {\"priors\": {\"eta_pd\": 3}}}", "expected a string"},
        {"{\"uncertainty\": []}", "uncertainty: expected an object"},
        {"{\"uncertainty\": {\"posterior_file\": 7}}", "uncertainty.posterior_file"},
        {"{\"uncertainty\": {\"fix\": [1]}", "invalid JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = put("bad.json", cases[i].text);
        bilim_uncertainty u;
        bilim_error err;
        cr_expect_eq(bilim_uncertainty_load(p, &u, &err), BILIM_EINVAL, "case %zu", i);
        cr_expect(strstr(err.msg, cases[i].needle) && strstr(err.msg, "bad.json"),
                  "case %zu: %s", i, err.msg);
    }
    bilim_uncertainty u;
    bilim_error err;
    cr_expect_eq(bilim_uncertainty_load("/nonexistent/x.json", &u, &err), BILIM_EIO);
}

Test(uncertainty_file, the_shipped_baseline_names_the_shipped_posterior)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", test_source_dir());
    bilim_uncertainty u;
    bilim_error err;
    cr_assert_eq(bilim_uncertainty_load(path, &u, &err), BILIM_OK, "%s", err.msg);
    cr_assert(strstr(u.posterior_file, "params/kz-2026-survey-posterior.json"), "%s",
              u.posterior_file);
    bilim_particles p;
    cr_assert_eq(bilim_particles_load(u.posterior_file, &p, &err), BILIM_OK, "%s", err.msg);
    cr_expect_eq(p.n, 1000);
    cr_expect_eq(p.n_columns, 10);
    cr_expect_eq(p.n_ties, 5);
    cr_expect_str_eq(p.columns[0]->name, "init_K_mean_rural");
    cr_expect_eq(p.cumulative[p.n - 1], 1.0);
    cr_expect(bilim_particles_ess(&p) > 100, "effective sample size %g", bilim_particles_ess(&p));
    cr_expect(strstr(p.source, "bilim calibrate scenarios/calibration/kz-2026-survey.json "
                               "--seed 2026"), "%s", p.source);
    /* Its weighted medians are the shipped point estimate (the same calibration). */
    bilim_scenario sc;
    cr_assert_eq(bilim_scenario_load(path, &sc, NULL, NULL), BILIM_OK);
    for (int32_t c = 0; c < p.n_columns; c++) {
        double lo = -INFINITY, acc = 0;
        /* The smallest value whose cumulative weight reaches one half. */
        for (;;) {
            double next = INFINITY, w = 0;
            for (int32_t i = 0; i < p.n; i++) {
                double v = p.theta[(size_t)i * 10 + (size_t)c];
                if (v > lo && v < next)
                    next = v;
            }
            for (int32_t i = 0; i < p.n; i++)
                if (p.theta[(size_t)i * 10 + (size_t)c] == next)
                    w += p.weight[i];
            acc += w;
            lo = next;
            if (acc >= 0.5)
                break;
        }
        double shipped = bilim_params_get(&sc.params, p.columns[c]);
        cr_expect(fabs(lo - shipped) <= 5e-4 * fabs(shipped) + 1e-12,
                  "%s: weighted median %g, parameter file %g", p.columns[c]->name, lo, shipped);
    }
    bilim_particles_clear(&p);
}

Test(uncertainty_file, posterior_files_are_read_strictly)
{
    const char *head = "{\"parameters\": [\"init_K_mean_rural\", \"init_K_kappa\"], ";
    const struct { const char *rest, *needle; } cases[] = {
        {"\"weights\": [1, 1], \"particles\": [[0.2, 10], [0.3]]}", "particle 1: expected an array of 2"},
        {"\"weights\": [1], \"particles\": [[0.2, 10], [0.3, 9]]}", "one weight per particle"},
        {"\"weights\": [1, -1], \"particles\": [[0.2, 10], [0.3, 9]]}", "particle 1 has weight -1"},
        {"\"weights\": [1, 1], \"particles\": [[0.2, 10], [1.3, 9]]}", "init_K_mean_rural = 1.3 is outside"},
        {"\"weights\": [1, 1], \"particles\": [[0.2, 10], [0.3, 9]], \"extra\": 1}", "extra: unknown key"},
        {"\"weights\": [1, 1], \"particles\": [[0.2, 10], [0.3, \"9\"]]}", "expected a finite number"},
        {"\"tied\": [{\"name\": \"init_K_mean_urban\", \"follows\": \"init_S_kappa\", \"offset\": 0}], "
         "\"weights\": [1, 1], \"particles\": [[0.2, 10], [0.3, 9]]}", "is not one of \"parameters\""},
        {"\"weights\": [0, 0], \"particles\": [[0.2, 10], [0.3, 9]]}", "sum to 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", head, cases[i].rest);
        const char *p = put("post.json", text);
        bilim_particles parts;
        bilim_error err;
        cr_expect_eq(bilim_particles_load(p, &parts, &err), BILIM_EINVAL, "case %zu", i);
        cr_expect(strstr(err.msg, cases[i].needle) && strstr(err.msg, "post.json"), "case %zu: %s",
                  i, err.msg);
    }
    const char *p = put("post.json", "{\"parameters\": [\"init_K_meen_rural\"], \"weights\": [1], "
                                     "\"particles\": [[0.2]]}");
    bilim_particles parts;
    bilim_error err;
    cr_expect_eq(bilim_particles_load(p, &parts, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "unknown parameter"), "%s", err.msg);
    p = put("post.json", "{\"parameters\": [\"init_K_mean_rural\"], \"weights\": [1, 3], "
                         "\"particles\": [[0.2], [0.4]], \"tied\": [{\"name\": \"init_K_mean_urban\", "
                         "\"follows\": \"init_K_mean_rural\", \"offset\": 0.05}]}");
    cr_assert_eq(bilim_particles_load(p, &parts, &err), BILIM_OK, "%s", err.msg);
    cr_expect_float_eq(parts.weight[1], 0.75, 1e-15);
    bilim_params prm;
    bilim_params_defaults(&prm);
    bilim_particles_apply(&parts, 1, &prm);
    cr_expect_eq(prm.init_K_mean_rural, 0.4);
    cr_expect_float_eq(prm.init_K_mean_urban, 0.45, 1e-15);
    bilim_particles_clear(&parts);
}
