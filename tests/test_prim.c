/* tests/test_prim.c: scenario discovery by PRIM (analysis/prim.h): a
 * hand-worked one-input case, a known box among noise inputs recovered
 * within stated tolerances at a fixed seed, no structure (the density stays
 * near the base rate and no box is found), and every error path. */
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/prim.h"

Test(prim, hand_worked_threshold_in_one_input)
{
    /* x = 0, 0.05, ..., 0.95; y = 1 for the five lowest. Peeling takes one
     * case a step from the top (alpha 0.05 of 20 cases), down to the box
     * {0..0.2}: density 1, coverage 1, mass 0.25. */
    double x[20], y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i * 0.05;
        y[i] = i < 5;
    }
    bilim_prim_settings s;
    bilim_prim_settings_defaults(&s);
    bilim_prim_result r;
    bilim_error err;
    cr_assert_eq(bilim_prim_run(x, 20, 1, y, &s, &r, &err), 0, "%s", err.msg);
    cr_expect_eq(r.found, 1);
    cr_expect_float_eq(r.base_rate, 0.25, 1e-15);
    cr_expect_float_eq(r.box.mass, 0.25, 1e-15);
    cr_expect_float_eq(r.box.density, 1.0, 1e-15);
    cr_expect_float_eq(r.box.coverage, 1.0, 1e-15);
    cr_expect_eq(r.restricted[0], 1);
    cr_expect_float_eq(r.lo[0], 0.0, 1e-15);
    cr_expect(r.hi[0] >= 0.2 && r.hi[0] < 0.25, "hi %g", r.hi[0]);
    /* the trajectory starts at the whole box and never grows */
    cr_expect_float_eq(r.trajectory[0].mass, 1.0, 1e-15);
    cr_expect_float_eq(r.trajectory[0].density, 0.25, 1e-15);
    for (int32_t k = 1; k < r.n_steps; k++)
        cr_expect(r.trajectory[k].mass < r.trajectory[k - 1].mass);
    cr_expect(r.trajectory[r.n_steps - 1].mass >= s.mass_min);
    bilim_prim_result_clear(&r);
}

/* n cases of p uniform inputs; y = 1 iff x0 < 0.3 and x1 > 0.6, each label
 * flipped with probability flip. */
static void known_box(size_t n, int p, double flip, double *x, double *y)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20261201);
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < p; j++)
            x[i * p + j] = gsl_rng_uniform(g);
        int in = x[i * p] < 0.3 && x[i * p + 1] > 0.6;
        y[i] = gsl_rng_uniform(g) < flip ? !in : in;
    }
    gsl_rng_free(g);
}

Test(prim, recovers_a_known_box_among_noise_inputs)
{
    enum { N = 2000, P = 5 };
    double *x = malloc(sizeof(double) * N * P), *y = malloc(sizeof(double) * N);
    known_box(N, P, 0.05, x, y);
    bilim_prim_settings s;
    bilim_prim_settings_defaults(&s);
    bilim_prim_result r;
    bilim_error err;
    cr_assert_eq(bilim_prim_run(x, N, P, y, &s, &r, &err), 0, "%s", err.msg);
    cr_expect_eq(r.found, 1);
    /* exactly the two inputs that define the box are restricted */
    cr_expect_eq(r.restricted[0], 1);
    cr_expect_eq(r.restricted[1], 1);
    for (int j = 2; j < P; j++)
        cr_expect_eq(r.restricted[j], 0, "noise input %d restricted to [%g, %g]", j, r.lo[j],
                     r.hi[j]);
    /* limits within 0.05 of the true ones, on the right sides */
    cr_expect(fabs(r.hi[0] - 0.3) < 0.05, "x0 < %g", r.hi[0]);
    cr_expect(fabs(r.lo[1] - 0.6) < 0.05, "x1 > %g", r.lo[1]);
    cr_expect_float_eq(r.lo[0], r.data_lo[0], 1e-15);
    cr_expect_float_eq(r.hi[1], r.data_hi[1], 1e-15);
    /* the true box: mass 0.12, density 0.95 (5% flipped), coverage at most
     * 0.114 / (0.114 + 0.044) = 0.72 (flipped cases outside count as wins) */
    cr_expect(fabs(r.box.mass - 0.12) < 0.025, "mass %g", r.box.mass);
    cr_expect(r.box.density > 0.9, "density %g", r.box.density);
    cr_expect(r.box.coverage > 0.6, "coverage %g", r.box.coverage);
    cr_expect(fabs(r.base_rate - (0.12 * 0.95 + 0.88 * 0.05)) < 0.03, "base %g", r.base_rate);
    /* the box's numbers are those of the cases it contains */
    size_t in = 0, in_y = 0, all_y = 0;
    for (size_t i = 0; i < N; i++) {
        int c = bilim_prim_contains(&r, x + i * P);
        in += c;
        in_y += c && y[i];
        all_y += y[i] != 0;
    }
    cr_expect_float_eq(r.box.mass, (double)in / N, 1e-12);
    cr_expect_float_eq(r.box.density, (double)in_y / in, 1e-12);
    cr_expect_float_eq(r.box.coverage, (double)in_y / all_y, 1e-12);
    bilim_prim_result_clear(&r);
    free(x);
    free(y);
}

Test(prim, few_draws_and_many_inputs_restrict_only_what_matters)
{
    /* 150 draws of 40 inputs (a propagated comparison's scale): peeling
     * all inputs restricts twenty by chance and misses the true ones;
     * screening to 8 inputs and trimming keep the two that matter. */
    enum { N = 150, P = 40 };
    double *x = malloc(sizeof(double) * N * P), *y = malloc(sizeof(double) * N);
    known_box(N, P, 0.05, x, y);
    bilim_prim_settings s;
    bilim_prim_settings_defaults(&s);
    s.max_inputs = 8;
    bilim_prim_result r;
    bilim_error err;
    cr_assert_eq(bilim_prim_run(x, N, P, y, &s, &r, &err), 0, "%s", err.msg);
    cr_expect_eq(r.screened[0], 1);
    cr_expect_eq(r.screened[1], 1);
    cr_expect_eq(r.found, 1);
    cr_expect_eq(r.restricted[0], 1);
    cr_expect_eq(r.restricted[1], 1);
    cr_expect_eq(r.box.restricted, 2, "%d inputs restricted", r.box.restricted);
    cr_expect(fabs(r.hi[0] - 0.3) < 0.07, "x0 < %g", r.hi[0]);
    cr_expect(fabs(r.lo[1] - 0.6) < 0.07, "x1 > %g", r.lo[1]);
    bilim_prim_result_clear(&r);
    free(x);
    free(y);
}

Test(prim, no_structure_finds_no_box)
{
    enum { N = 2000, P = 5 };
    double *x = malloc(sizeof(double) * N * P), *y = malloc(sizeof(double) * N);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    for (size_t i = 0; i < N; i++) {
        for (int j = 0; j < P; j++)
            x[i * P + j] = gsl_rng_uniform(g);
        y[i] = gsl_rng_uniform(g) < 0.3;
    }
    gsl_rng_free(g);
    bilim_prim_settings s;
    bilim_prim_settings_defaults(&s);
    bilim_prim_result r;
    bilim_error err;
    cr_assert_eq(bilim_prim_run(x, N, P, y, &s, &r, &err), 0, "%s", err.msg);
    cr_expect_eq(r.found, 0);
    /* while the box holds a quarter of the cases or more, its density stays
     * within 0.08 of the base rate (selection over 10 candidates a step lets
     * it drift up a little) */
    for (int32_t k = 0; k < r.n_steps; k++)
        if (r.trajectory[k].mass >= 0.25)
            cr_expect(fabs(r.trajectory[k].density - r.base_rate) < 0.08,
                      "step %d mass %g density %g base %g", k, r.trajectory[k].mass,
                      r.trajectory[k].density, r.base_rate);
    bilim_prim_result_clear(&r);
    free(x);
    free(y);
}

Test(prim, bad_input_is_an_error)
{
    double x[4] = {0, 1, 2, 3}, y[4] = {0, 1, 0, 1};
    bilim_prim_settings s;
    bilim_prim_settings_defaults(&s);
    bilim_prim_result r;
    bilim_error err;
    cr_expect_eq(bilim_prim_run(x, 1, 1, y, &s, &r, &err), BILIM_EINVAL);
    y[2] = 0.5;
    cr_expect_eq(bilim_prim_run(x, 4, 1, y, &s, &r, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "case 2") != NULL, "%s", err.msg);
    y[2] = 0;
    x[1] = NAN;
    cr_expect_eq(bilim_prim_run(x, 4, 1, y, &s, &r, &err), BILIM_EINVAL);
    x[1] = 1;
    s.peel_alpha = 0.6;
    cr_expect_eq(bilim_prim_run(x, 4, 1, y, &s, &r, &err), BILIM_EINVAL);
    /* no case of interest: the whole box, not found */
    bilim_prim_settings_defaults(&s);
    double z[4] = {0, 0, 0, 0};
    cr_assert_eq(bilim_prim_run(x, 4, 1, z, &s, &r, &err), 0);
    cr_expect_eq(r.found, 0);
    cr_expect_float_eq(r.box.mass, 1.0, 1e-15);
    cr_expect_eq(r.restricted[0], 0);
    bilim_prim_result_clear(&r);
}
