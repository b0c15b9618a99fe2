/* tests/test_design.c: the design engine (sim/design.h): the run list,
 * sampling (Sobol', Latin hypercube, posterior particles), reproducibility
 * from the seed, bit-identical results for any thread count, common random
 * numbers within a point, resuming by skipping finished runs. */
#include <criterion/criterion.h>
#include <math.h>
#include <omp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "model_helpers.h"
#include "sim/design.h"

/* Baseline, leadership training, and the same training at intensity 0. */
static void three_scenarios(bilim_scenario sc[3])
{
    tm_scenario(&sc[0], 60, 12);
    bilim_innovation *in = &sc[0].innovations[0];
    in->p = 0.02;
    in->q = 0.3;
    in->initial_routine = 0.05;
    snprintf(sc[0].name, sizeof sc[0].name, "baseline");
    sc[1] = sc[0];
    snprintf(sc[1].name, sizeof sc[1].name, "training");
    bilim_intervention *iv = &sc[1].interventions[0];
    bilim_intervention_defaults(iv, BILIM_IV_LEADERSHIP_TRAINING);
    iv->unit_cost_kzt = 100000;
    iv->u.leadership.cohort_size = 20;
    iv->u.leadership.cohort_calendar_month = 0;  /* the cohort at month 0, not in June (month 9) */
    sc[1].n_interventions = 1;
    sc[2] = sc[1];
    snprintf(sc[2].name, sizeof sc[2].name, "idle");
    sc[2].interventions[0].intensity = 0.0;
}

static void add(bilim_design *d, const char *name, bilim_prior_spec spec, double p1, double p2)
{
    bilim_prior_text t = {spec, p1, p2, NAN, NAN};
    bilim_error err;
    cr_assert_eq(bilim_design_add_factor(d, name, &t, "test", &err), BILIM_OK, "%s", err.msg);
}

/* A design of the three scenarios with four factors. */
static void make_design(bilim_design *d, uint64_t seed)
{
    bilim_scenario sc[3];
    three_scenarios(sc);
    bilim_design_init(d, seed);
    bilim_error err;
    cr_assert_eq(bilim_design_set_scenarios(d, sc, 3, &err), BILIM_OK);
    add(d, "eta_train", BILIM_SPEC_FACTOR, NAN, 2.0);
    add(d, "lambda_c", BILIM_SPEC_FACTOR, NAN, 2.0);
    add(d, "innovation_q_scale", BILIM_SPEC_FACTOR, 1.0, 2.0);
    add(d, "incentive_anticipation", BILIM_SPEC_UNIFORM, 0.0, 1.0);
}

/* Five particles of two columns and one tie; particle 2 has weight 0. */
static void make_particles(bilim_particles *p)
{
    bilim_error err;
    cr_assert_eq(bilim_particles_init(p, 5, 2, &err), BILIM_OK);
    p->columns[0] = bilim_params_find("init_K_mean_rural");
    p->columns[1] = bilim_params_find("init_R_kappa");
    p->n_ties = 1;
    p->ties[0] = (bilim_particle_tie){bilim_params_find("init_K_mean_urban"), 0, 0.05};
    const double w[5] = {1, 2, 0, 3, 4};
    for (int i = 0; i < 5; i++) {
        p->theta[2 * i] = 0.2 + 0.01 * i;
        p->theta[2 * i + 1] = 5.0 + i;
        p->weight[i] = w[i];
    }
    cr_assert_eq(bilim_particles_finish(p, &err), BILIM_OK, "%s", err.msg);
}

static bilim_design_record *run_all(const bilim_design *d, int threads)
{
    bilim_design_record *rec = calloc(d->n_runs, sizeof *rec);
    bilim_design_options o = {threads, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    bilim_error err;
    cr_assert_eq(bilim_design_execute(d, &o, rec, &err), BILIM_OK, "%s", err.msg);
    return rec;
}

Test(design, the_run_list_is_point_major_with_extra_replicates_first)
{
    bilim_design d;
    make_design(&d, 7);
    bilim_error err;
    cr_assert_eq(bilim_design_sample(&d, 5, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 2, &err), BILIM_OK);
    cr_expect_eq(d.n_runs, (size_t)(5 + 2) * 3);
    const int expect[][3] = {{0, 0, 0}, {0, 0, 1}, {0, 0, 2}, {0, 1, 0}, {0, 1, 1}, {0, 1, 2},
                             {1, 0, 0}, {1, 0, 1}, {1, 0, 2}, {1, 1, 0}, {1, 1, 1}, {1, 1, 2},
                             {2, 0, 0}, {2, 0, 1}, {2, 0, 2}, {3, 0, 0}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        cr_expect_eq(d.runs[i].point, expect[i][0], "run %zu", i);
        cr_expect_eq(d.runs[i].replicate, expect[i][1], "run %zu", i);
        cr_expect_eq(d.runs[i].scenario, expect[i][2], "run %zu", i);
    }
    cr_expect_eq(bilim_design_point_replicates(&d, 1), 2);
    cr_expect_eq(bilim_design_point_replicates(&d, 4), 1);
    cr_expect_neq(bilim_design_set_runs(&d, 0, 0, &err), BILIM_OK);
    bilim_design_clear(&d);
}

Test(design, bit_identical_for_one_two_and_three_threads)
{
    bilim_design d;
    make_design(&d, 11);
    bilim_particles p;
    make_particles(&p);
    bilim_error err;
    cr_assert_eq(bilim_design_set_particles(&d, &p, &err), BILIM_OK);
    cr_assert_eq(bilim_design_sample(&d, 4, BILIM_SAMPLING_SOBOL, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 2, &err), BILIM_OK);
    bilim_design_record *r1 = run_all(&d, 1), *r2 = run_all(&d, 2), *r3 = run_all(&d, 3);
    cr_expect_eq(memcmp(r1, r2, d.n_runs * sizeof *r1), 0, "1 vs 2 threads");
    cr_expect_eq(memcmp(r1, r3, d.n_runs * sizeof *r1), 0, "1 vs 3 threads");
    /* And equal to each run made alone. */
    for (size_t i = 0; i < d.n_runs; i += 5) {
        bilim_design_record one;
        cr_assert_eq(bilim_design_run_one(&d, i, NULL, &one, &err), BILIM_OK);
        cr_expect_eq(memcmp(&one, &r1[i], sizeof one), 0, "run %zu alone", i);
    }
    /* Outputs are filled and sane. */
    for (size_t i = 0; i < d.n_runs; i++) {
        cr_expect(r1[i].v[BILIM_DESIGN_ROUTINE] > 0 && r1[i].v[BILIM_DESIGN_ROUTINE] < 1);
        cr_expect_eq(r1[i].v[BILIM_DESIGN_SCHOOLS], 60.0);
        cr_expect(r1[i].v[BILIM_DESIGN_TEACHERS] > 60.0);
    }
    free(r1);
    free(r2);
    free(r3);
    bilim_particles_clear(&p);
    bilim_design_clear(&d);
}

/* Where each record was handed over: the deepest OpenMP level and the most
 * threads the model could have used (omp_get_max_threads, its ICV). */
static void where_recorded(void *user, size_t run, const bilim_design_record *rec)
{
    (void)run;
    (void)rec;
    int *w = user;
    if (omp_get_level() > w[0])
        w[0] = omp_get_level();
    if (omp_get_max_threads() > w[1])
        w[1] = omp_get_max_threads();
}

/* On one thread a design starts no OpenMP team: a team of one is not "in
 * parallel" for the model inside, whose step then started a nested team of
 * every core each month (208 threads for a 24-run comparison). The runs
 * happen outside any parallel region with the model's thread count at 1,
 * and the caller's count is restored. */
Test(design, one_thread_runs_without_an_openmp_team)
{
    bilim_design d;
    make_design(&d, 5);
    bilim_error err;
    cr_assert_eq(bilim_design_sample(&d, 2, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 1, &err), BILIM_OK);
    bilim_design_record *rec = calloc(d.n_runs, sizeof *rec);
    int w[2] = {0, 0};
    bilim_design_options o = {1, NULL, NULL, where_recorded, w, NULL, NULL, NULL, 0};
    const int before = omp_get_max_threads();
    omp_set_num_threads(4);
    cr_assert_eq(bilim_design_execute(&d, &o, rec, &err), BILIM_OK, "%s", err.msg);
    cr_expect_eq(w[0], 0, "a record came from inside an OpenMP region (level %d)", w[0]);
    cr_expect_eq(w[1], 1, "the model could use %d threads", w[1]);
    cr_expect_eq(omp_get_max_threads(), 4, "the caller's thread count is restored");
    omp_set_num_threads(before);
    free(rec);
    bilim_design_clear(&d);
}

Test(design, common_random_numbers_within_a_point_not_between_points)
{
    bilim_design d;
    make_design(&d, 3);
    bilim_error err;
    cr_assert_eq(bilim_design_sample(&d, 3, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 0, &err), BILIM_OK);
    bilim_design_record *r = run_all(&d, 2);
    for (int32_t p = 0; p < 3; p++) {
        const bilim_design_record *b = &r[p * 3], *t = &r[p * 3 + 1], *idle = &r[p * 3 + 2];
        /* Intensity 0 spends but changes nothing: same numbers, same trajectory. */
        for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
            if (k != BILIM_DESIGN_COST_KZT)
                cr_expect(memcmp(&idle->v[k], &b->v[k], sizeof(double)) == 0,
                          "point %d, output %s", p, bilim_design_output_name(k));
        cr_expect_gt(idle->v[BILIM_DESIGN_COST_KZT], 0.0);
        cr_expect_neq(t->v[BILIM_DESIGN_ROUTINE], b->v[BILIM_DESIGN_ROUTINE]);
        cr_expect_eq(t->v[BILIM_DESIGN_TEACHERS], b->v[BILIM_DESIGN_TEACHERS]);
    }
    cr_expect_neq(d.seeds[0], d.seeds[1]);
    cr_expect_neq(r[0].v[BILIM_DESIGN_TEACHERS], r[3].v[BILIM_DESIGN_TEACHERS],
                  "another point draws another population");
    /* Common seeding: every point on the design's seed. */
    d.seeding = BILIM_DESIGN_SEED_COMMON;
    cr_expect_eq(bilim_design_point_seed(&d, 0), 3u);
    cr_expect_eq(bilim_design_point_seed(&d, 2), 3u);
    free(r);
    bilim_design_clear(&d);
}

Test(design, reproducible_from_the_seed)
{
    bilim_design a, b, c;
    make_design(&a, 42);
    make_design(&b, 42);
    make_design(&c, 43);
    bilim_error err;
    for (int m = BILIM_SAMPLING_SOBOL; m <= BILIM_SAMPLING_LHS; m++) {
        cr_assert_eq(bilim_design_sample(&a, 16, (bilim_design_sampling)m, &err), BILIM_OK);
        cr_assert_eq(bilim_design_sample(&b, 16, (bilim_design_sampling)m, &err), BILIM_OK);
        cr_assert_eq(bilim_design_sample(&c, 16, (bilim_design_sampling)m, &err), BILIM_OK);
        size_t n = 16 * 4 * sizeof(double);
        cr_expect_eq(memcmp(a.values, b.values, n), 0, "method %d", m);
        cr_expect_eq(memcmp(a.seeds, b.seeds, 16 * sizeof *a.seeds), 0);
        cr_expect_neq(memcmp(a.values, c.values, n), 0, "another seed, another design");
        cr_expect_neq(a.seeds[0], c.seeds[0]);
        cr_expect_eq(bilim_design_fingerprint(&a), bilim_design_fingerprint(&b));
        cr_expect_neq(bilim_design_fingerprint(&a), bilim_design_fingerprint(&c));
    }
    /* Any change a run depends on changes the fingerprint. */
    uint64_t f0 = bilim_design_fingerprint(&a);
    a.scenarios[1].params.eta_pd += 1e-9;
    cr_expect_neq(bilim_design_fingerprint(&a), f0);
    a.scenarios[1].params.eta_pd -= 1e-9;
    a.values[5] += 1e-12;
    cr_expect_neq(bilim_design_fingerprint(&a), f0);
    bilim_design_clear(&a);
    bilim_design_clear(&b);
    bilim_design_clear(&c);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The value of factor f at every point, sorted. */
static double *sorted_column(const bilim_design *d, int f)
{
    double *v = malloc((size_t)d->n_points * sizeof *v);
    for (int32_t p = 0; p < d->n_points; p++)
        v[p] = d->values[(size_t)p * (size_t)d->n_factors + (size_t)f];
    qsort(v, (size_t)d->n_points, sizeof *v, cmp_double);
    return v;
}

Test(design, sobol_points_are_a_shifted_lattice_and_extend_by_prefix)
{
    bilim_design d;
    make_design(&d, 5);
    bilim_error err;
    /* Uniform on [0, 1]: the first 2^k Sobol' points of one coordinate are
     * {i / 2^k}; shifted modulo 1 they stay equally spaced. */
    cr_assert_eq(bilim_design_sample(&d, 32, BILIM_SAMPLING_SOBOL, &err), BILIM_OK);
    double *v = sorted_column(&d, 3);
    for (int i = 1; i < 32; i++)
        cr_expect_float_eq(v[i] - v[i - 1], 1.0 / 32, 1e-12, "gap %d", i);
    double first[16 * 4];
    memcpy(first, d.values, sizeof first);
    cr_assert_eq(bilim_design_sample(&d, 16, BILIM_SAMPLING_SOBOL, &err), BILIM_OK);
    cr_expect_eq(memcmp(first, d.values, sizeof first), 0, "16 points are the first 16 of 32");
    free(v);
    bilim_design_clear(&d);
}

Test(design, latin_hypercube_puts_one_point_in_each_stratum)
{
    bilim_design d;
    make_design(&d, 9);
    bilim_error err;
    const int n = 50;
    cr_assert_eq(bilim_design_sample(&d, n, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_expect_eq(d.sampling, BILIM_SAMPLING_LHS);
    double *v = sorted_column(&d, 3);
    for (int i = 0; i < n; i++)
        cr_expect_eq((int)floor(v[i] * n), i, "stratum %d holds %g", i, v[i]);
    /* A factor prior's stratum: the prior's CDF of the value. */
    double *w = sorted_column(&d, 0);
    const bilim_prior *pr = &d.factors[0].prior;
    for (int i = 0; i < n; i++) {
        cr_expect_geq(w[i], bilim_prior_quantile(pr, (double)i / n) * (1 - 1e-12));
        cr_expect_leq(w[i], bilim_prior_quantile(pr, (double)(i + 1) / n) * (1 + 1e-12));
    }
    free(v);
    free(w);
    bilim_design_clear(&d);
}

Test(design, sobol_is_limited_to_forty_dimensions_and_auto_falls_back)
{
    bilim_design d;
    bilim_scenario sc[3];
    three_scenarios(sc);
    bilim_design_init(&d, 1);
    bilim_error err;
    cr_assert_eq(bilim_design_set_scenarios(&d, sc, 1, &err), BILIM_OK);
    size_t n;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    for (size_t i = 0; i < n && d.n_factors < 41; i++)
        if (rows[i].prior.spec != BILIM_SPEC_FIXED)
            add(&d, rows[i].name, rows[i].prior.spec, rows[i].prior.p1, rows[i].prior.p2);
    cr_assert_eq(d.n_factors, 41);
    cr_expect_eq(bilim_design_sample(&d, 8, BILIM_SAMPLING_SOBOL, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "at most 40"), "%s", err.msg);
    cr_expect_eq(bilim_design_sample(&d, 8, BILIM_SAMPLING_AUTO, &err), BILIM_OK);
    cr_expect_eq(d.sampling, BILIM_SAMPLING_LHS);
    bilim_design_clear(&d);
}

Test(design, particles_are_drawn_whole_by_weight)
{
    bilim_design d;
    make_design(&d, 21);
    bilim_particles p;
    make_particles(&p);
    bilim_error err;
    cr_assert_eq(bilim_design_set_particles(&d, &p, &err), BILIM_OK);
    const int n = 1000;
    cr_assert_eq(bilim_design_sample(&d, n, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 0, &err), BILIM_OK);
    int count[5] = {0};
    for (int32_t pt = 0; pt < n; pt++) {
        int32_t k = d.particle[pt];
        cr_assert(k >= 0 && k < 5);
        count[k]++;
        /* Every month-0 value of the run is particle k's, tie included. */
        bilim_scenario s;
        cr_assert_eq(bilim_design_scenario(&d, (size_t)pt * 3 + 1, &s, &err), BILIM_OK);
        cr_expect_eq(s.params.init_K_mean_rural, p.theta[2 * k]);
        cr_expect_eq(s.params.init_R_kappa, p.theta[2 * k + 1]);
        cr_expect_eq(s.params.init_K_mean_urban, p.theta[2 * k] + 0.05);
    }
    /* A stratified draw: counts within 1% of the weights; weight 0 never. */
    cr_expect_eq(count[2], 0);
    for (int k = 0; k < 5; k++)
        cr_expect(fabs(count[k] / (double)n - p.weight[k]) < 0.01, "particle %d: %d draws for "
                  "weight %g", k, count[k], p.weight[k]);
    /* A parameter of the sample cannot also be a factor. */
    bilim_prior_text t = {BILIM_SPEC_FACTOR, NAN, 2.0, NAN, NAN};
    cr_expect_eq(bilim_design_add_factor(&d, "init_R_kappa", &t, "", &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "posterior"), "%s", err.msg);
    bilim_particles_clear(&p);
    bilim_design_clear(&d);
}

Test(design, particle_pick_is_the_inverse_cdf_of_the_weights)
{
    bilim_particles p;
    make_particles(&p);
    /* Weights 0.1 0.2 0 0.3 0.4: cumulative 0.1 0.3 0.3 0.6 1 (up to rounding). */
    const double *c = p.cumulative;
    cr_expect_float_eq(c[1], 0.3, 1e-15);
    cr_expect_eq(c[4], 1.0);
    cr_expect_eq(bilim_particles_pick(&p, 0.0), 0);
    cr_expect_eq(bilim_particles_pick(&p, 0.0999), 0);
    cr_expect_eq(bilim_particles_pick(&p, c[0]), 1);
    cr_expect_eq(bilim_particles_pick(&p, 0.2999), 1);
    cr_expect_eq(bilim_particles_pick(&p, c[1]), 3, "particle 2 has no weight");
    cr_expect_eq(bilim_particles_pick(&p, c[3]), 4);
    cr_expect_eq(bilim_particles_pick(&p, 0.999999), 4);
    cr_expect_float_eq(bilim_particles_ess(&p), 1.0 / 0.3, 1e-12);
    bilim_error err;
    p.weight[1] = -1;
    cr_expect_eq(bilim_particles_finish(&p, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "particle 1"), "%s", err.msg);
    p.weight[1] = 0.2;
    p.theta[3] = -4.0; /* init_R_kappa below its range */
    cr_expect_eq(bilim_particles_finish(&p, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "init_R_kappa"), "%s", err.msg);
    p.theta[3] = 6.0;
    p.columns[1] = p.columns[0];
    cr_expect_eq(bilim_particles_finish(&p, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "twice"), "%s", err.msg);
    bilim_particles_clear(&p);
}

typedef struct journal {
    int calls;
    unsigned char seen[64];
} journal;

static void on_record(void *user, size_t run, const bilim_design_record *rec)
{
    journal *j = user;
    (void)rec;
    j->calls++;
    j->seen[run]++;
}

Test(design, skipped_runs_are_not_rerun_and_the_rest_match_a_full_run)
{
    bilim_design d;
    make_design(&d, 17);
    bilim_error err;
    cr_assert_eq(bilim_design_sample(&d, 4, BILIM_SAMPLING_SOBOL, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 1, &err), BILIM_OK);
    cr_assert_leq(d.n_runs, 64u);
    bilim_design_record *full = run_all(&d, 2);
    bilim_design_record *part = calloc(d.n_runs, sizeof *part);
    unsigned char skip[64] = {0};
    for (size_t i = 0; i < d.n_runs; i += 2)
        skip[i] = 1;
    journal j;
    memset(&j, 0, sizeof j);
    bilim_design_options o = {2, NULL, NULL, on_record, &j, skip, NULL, NULL, 0};
    cr_assert_eq(bilim_design_execute(&d, &o, part, &err), BILIM_OK);
    cr_expect_eq((size_t)j.calls, d.n_runs / 2);
    for (size_t i = 0; i < d.n_runs; i++) {
        if (skip[i]) {
            cr_expect_eq(j.seen[i], 0, "run %zu was skipped", i);
            cr_expect_eq(part[i].v[BILIM_DESIGN_ROUTINE], 0.0, "slot %zu left alone", i);
        } else {
            cr_expect_eq(j.seen[i], 1, "run %zu reported once", i);
            cr_expect_eq(memcmp(&part[i], &full[i], sizeof *part), 0, "run %zu", i);
        }
    }
    free(full);
    free(part);
    bilim_design_clear(&d);
}

Test(design, an_option_that_sets_a_varied_parameter_keeps_its_ratio)
{
    bilim_scenario sc[3];
    three_scenarios(sc);
    sc[1].params.eta_train = 2.0 * sc[0].params.eta_train;
    bilim_design d;
    bilim_design_init(&d, 5);
    bilim_error err;
    cr_assert_eq(bilim_design_set_scenarios(&d, sc, 3, &err), BILIM_OK);
    add(&d, "eta_train", BILIM_SPEC_FACTOR, NAN, 2.0);
    const double v[2] = {0.05, 0.3};
    cr_assert_eq(bilim_design_set_points(&d, 2, v, NULL, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 0, &err), BILIM_OK);
    bilim_scenario s;
    for (int p = 0; p < 2; p++) {
        cr_assert_eq(bilim_design_scenario(&d, (size_t)p * 3, &s, &err), BILIM_OK);
        cr_expect_float_eq(s.params.eta_train, v[p], 0.0);
        cr_assert_eq(bilim_design_scenario(&d, (size_t)p * 3 + 1, &s, &err), BILIM_OK);
        cr_expect_float_eq(s.params.eta_train, 2.0 * v[p], 1e-15, "the option doubles it");
        cr_expect_eq(s.seed, d.seeds[p]);
        cr_expect_eq(s.outputs.n_survey_months, 0);
    }
    /* Points outside a prior's bounds are refused. */
    const double bad[1] = {1.5};
    cr_expect_eq(bilim_design_set_points(&d, 1, bad, NULL, &err), BILIM_EINVAL);
    cr_expect_eq(bilim_design_scenario(&d, 99, &s, &err), BILIM_EINVAL);
    bilim_design_clear(&d);
}

Test(design, factors_are_named_once_and_exist)
{
    bilim_design d;
    make_design(&d, 1);
    bilim_prior_text t = {BILIM_SPEC_FACTOR, NAN, 2.0, NAN, NAN};
    bilim_error err;
    cr_expect_eq(bilim_design_add_factor(&d, "eta_train", &t, "", &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "twice"), "%s", err.msg);
    cr_expect_eq(bilim_design_add_factor(&d, "eta_trainn", &t, "", &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "neither"), "%s", err.msg);
    bilim_design_clear(&d);
}

Test(design, a_set_cancel_flag_stops_the_runs)
{
    bilim_design d;
    make_design(&d, 1);
    bilim_error err;
    cr_assert_eq(bilim_design_sample(&d, 3, BILIM_SAMPLING_LHS, &err), BILIM_OK);
    cr_assert_eq(bilim_design_set_runs(&d, 1, 0, &err), BILIM_OK);
    atomic_int stop = 1;
    bilim_design_record rec[9];
    bilim_design_options o = {2, NULL, NULL, NULL, NULL, NULL, &stop, NULL, 0};
    cr_expect_eq(bilim_design_execute(&d, &o, rec, &err), BILIM_EINTR);
    cr_expect_eq(bilim_design_run_one(&d, 0, &stop, rec, &err), BILIM_EINTR);
    bilim_design_clear(&d);
}

/* Builds and runs a tiny design; returns the first error code. */
static int tiny_design(bilim_design *d, bilim_particles *p, bilim_design_record *rec)
{
    bilim_scenario sc[3];
    three_scenarios(sc);
    for (int s = 0; s < 3; s++)
        sc[s].months = 2;
    bilim_error err;
    bilim_prior_text t = {BILIM_SPEC_FACTOR, NAN, 2.0, NAN, NAN};
    bilim_design_init(d, 4);
    int rc = bilim_design_set_scenarios(d, sc, 3, &err);
    if (!rc)
        rc = bilim_design_set_particles(d, p, &err);
    if (!rc)
        rc = bilim_design_add_factor(d, "eta_train", &t, "src", &err);
    if (!rc)
        rc = bilim_design_sample(d, 2, BILIM_SAMPLING_SOBOL, &err);
    if (!rc)
        rc = bilim_design_set_runs(d, 1, 1, &err);
    bilim_design_options o = {1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    if (!rc)
        rc = bilim_design_execute(d, &o, rec, &err);
    return rc;
}

Test(design, every_allocation_failure_is_an_error_not_a_crash)
{
    bilim_particles p;
    make_particles(&p);
    int failures = 0;
    for (long n = 0;; n++) {
        bilim_design d;
        bilim_design_record rec[12];
        bilim_alloc_fail_once(n);
        int rc = tiny_design(&d, &p, rec);
        long made = bilim_alloc_count();
        bilim_alloc_fail_after(-1);
        bilim_design_clear(&d);
        if (rc == BILIM_OK) {
            cr_assert_leq(made, n, "allocation %ld failed, yet the design ran", n);
            break;
        }
        cr_assert_eq(rc, BILIM_ENOMEM, "allocation %ld: code %d", n, rc);
        failures++;
    }
    cr_expect_gt(failures, 20);
    bilim_particles_clear(&p);
}
