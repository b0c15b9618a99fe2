/* tests/test_calibrate_coverage.c: proven recovery, the small version of
 * bench/calib_coverage.c (issue 18, item 4): ABC-SMC on synthetic surveys
 * from parameters drawn from the prior must cover the truth about as often
 * as its intervals say. Labelled long. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "analysis/calibrate.h"
#include "formats/calib_load.h"
#include "helpers.h"

/* Two free parameters (rural S and R means, the urban ones tied) on the
 * national preset with 5 teachers per school: a simulation costs a fraction
 * of a millisecond. */
static void load(bilim_calibration *c)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"base_scenario\": \"%s/scenarios/baseline.json\", "
             "\"targets\": \"%s/data/survey-2026-principals.json\", "
             "\"parameters\": ["
             " {\"name\": \"init_S_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 8.2, \"beta\": 11.8, \"lower\": 0.02, \"upper\": 0.85}},"
             " {\"name\": \"init_R_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 5.6, \"beta\": 14.4, \"lower\": 0.02, \"upper\": 0.85}}],"
             " \"tied\": [{\"name\": \"init_S_mean_urban\", \"follows\": \"init_S_mean_rural\", \"offset\": 0.04},"
             "  {\"name\": \"init_R_mean_urban\", \"follows\": \"init_R_mean_rural\", \"offset\": 0.12}],"
             " \"method\": {\"particles\": 100, \"max_generations\": 7}, \"seed\": 18}",
             test_source_dir(), test_source_dir());
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_calib_load_string(text, NULL, c, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    cr_assert_eq(rc, BILIM_OK);
    bilim_diags_free(d);
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        c->base.population.teachers_mean[k] = 5.0;
        c->base.population.teachers_sigma[k] = 0.2;
    }
    c->base.population.teachers_min = 4;
}

/* 12 sets, 100 particles, 7 generations (with 4 the tolerance stays wide
 * and the 50% interval covered 11 of 12: over-coverage). With honest intervals the 90% interval misses at most 4 of 12
 * (P(X >= 9 | n 12, p 0.9) = 0.97; a posterior twice too narrow covers
 * about 59%: P(X >= 9) = 0.21) and the 50% interval covers 2 to 10 of 12
 * (P = 0.994 when p = 0.5). Bit identical for 1 and 2 threads. */
Test(calibrate_coverage, intervals_cover_known_parameters, .timeout = 600)
{
    bilim_calibration c;
    load(&c);
    bilim_calibrate_coverage a, b;
    bilim_error err;
    cr_assert_eq(bilim_calibrate_coverage_run(&c, 12, 2, &a, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(a.n_sets, 12);
    cr_assert_eq(a.n_params, 2);
    for (int k = 0; k < 2; k++) {
        cr_expect_geq(a.in90[k], 9, "%s: 90%% interval covers %d of 12", c.free[k]->name,
                      a.in90[k]);
        cr_expect(a.in50[k] >= 2 && a.in50[k] <= 10, "%s: 50%% interval covers %d of 12",
                  c.free[k]->name, a.in50[k]);
        cr_expect_leq(a.in50[k], a.in90[k]);
    }
    cr_assert_eq(bilim_calibrate_coverage_run(&c, 2, 1, &b, &err), BILIM_OK, "%s", err.msg);
    bilim_calibrate_coverage a3;
    cr_assert_eq(bilim_calibrate_coverage_run(&c, 2, 2, &a3, &err), BILIM_OK, "%s", err.msg);
    cr_expect(memcmp(&a3, &b, sizeof b) == 0, "identical for 1 and 2 threads");
    /* One set at a time (what the benchmark does) gives the same bytes, and
     * sets counted apart add up. */
    bilim_calibrate_coverage one, part[2];
    memset(&one, 0, sizeof one);
    memset(part, 0, sizeof part);
    for (int j = 0; j < 2; j++) {
        cr_assert_eq(bilim_calibrate_coverage_set(&c, j, 2, &one, &err), BILIM_OK, "%s", err.msg);
        cr_assert_eq(bilim_calibrate_coverage_set(&c, j, 1, &part[j], &err), BILIM_OK, "%s",
                     err.msg);
    }
    cr_expect(memcmp(&one, &b, sizeof b) == 0, "set by set as the whole run");
    for (int k = 0; k < 2; k++)
        cr_expect_eq(part[0].in90[k] + part[1].in90[k], b.in90[k]);
    cr_expect_eq(part[0].final_epsilon_sum + part[1].final_epsilon_sum, b.final_epsilon_sum);
    /* Both sets reach generation 1; the tolerance only falls. */
    cr_expect_eq(b.epsilon_sets[1], 2);
    cr_expect(b.final_epsilon_sum > 0 && b.final_epsilon_sum <= b.epsilon_sum[1], "%g %g",
              b.final_epsilon_sum, b.epsilon_sum[1]);
}
