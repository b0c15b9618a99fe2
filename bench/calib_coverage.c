/* bench/calib_coverage.c: proven recovery (issue 18, item 4). Runs the
 * whole calibration (ABC-SMC with the file's method, or the budget given)
 * on SETS synthetic data sets whose parameters are drawn from the priors,
 * and reports for every free parameter how often the central 50% and 90%
 * posterior intervals cover the truth, with 95% Wilson intervals on those
 * coverages. docs/calibration.md ("Proven recovery") has the figures.
 * Usage: calib_coverage [CALIBRATION.json] [SETS] [PARTICLES] [GENERATIONS] [THREADS] [FIRST]
 * (defaults: the shipped calibration, 50 sets, the file's particles and
 * generations, all threads, sets from index 0). After each set a line on
 * stderr gives the counts so far and the CPU used, so a long run can be
 * followed (and one stopped early still says what it found); sets
 * FIRST..FIRST+SETS-1 let two processes share the sets (counts add up). */
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "analysis/calibrate.h"
#include "base/clock.h"
#include "bench_common.h"
#include "formats/calib_load.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    const char *path = argc > 1 ? argv[1]
                                : BILIM_SOURCE_DIR "/scenarios/calibration/kz-2026-survey.json";
    int sets = argc > 2 ? atoi(argv[2]) : 50;
    int particles = argc > 3 ? atoi(argv[3]) : 0, generations = argc > 4 ? atoi(argv[4]) : 0;
    int threads = argc > 5 ? atoi(argv[5]) : 0, first = argc > 6 ? atoi(argv[6]) : 0;
    bilim_calibration cal;
    bilim_diags *diags = bilim_diags_alloc();
    if (!diags || bilim_calib_load(path, &cal, NULL, diags)) {
        bilim_diags_print(diags, stderr);
        return 1;
    }
    bilim_diags_free(diags);
    if (particles > 0)
        cal.abc.particles = particles;
    if (generations > 0)
        cal.abc.max_generations = generations;
    bilim_calibrate_coverage cov = {0};
    bilim_error err;
    double t0 = bench_process_cpu(), w0 = bilim_clock_now();
    for (int j = first; j < first + sets; j++) {
        if (bilim_calibrate_coverage_set(&cal, j, threads, &cov, &err)) {
            fprintf(stderr, "calib_coverage: %s\n", err.msg);
            return 1;
        }
        fprintf(stderr, "set %d (%d of %d): %.0f s CPU, %.0f s wall, mean final tolerance %.3f; "
                "covered by 50%%/90%%:", j, cov.n_sets, sets, bench_process_cpu() - t0,
                bilim_clock_now() - w0, cov.final_epsilon_sum / cov.n_sets);
        for (int k = 0; k < cal.n_free; k++)
            fprintf(stderr, " %d/%d", cov.in50[k], cov.in90[k]);
        fprintf(stderr, "\n");
    }
    printf("%s: sets %d to %d (%d synthetic data sets), %d particles, at most %d generations, "
           "%lld simulations, %.0f s CPU, %.0f s wall (load average %.1f)\n", path, first,
           first + sets - 1, cov.n_sets, cal.abc.particles, cal.abc.max_generations,
           (long long)cov.simulations, bench_process_cpu() - t0, bilim_clock_now() - w0,
           bench_load_average());
    printf("mean tolerance by generation (sets reaching it):");
    for (int g = 1; g < BILIM_CALIBRATE_COVERAGE_GENERATIONS && cov.epsilon_sets[g] > 0; g++)
        printf(" %d: %.3f (%d)", g, cov.epsilon_sum[g] / cov.epsilon_sets[g], cov.epsilon_sets[g]);
    printf("; final: %.3f\n", cov.final_epsilon_sum / cov.n_sets);
    printf("%-22s %22s %22s\n", "parameter", "50% interval covers", "90% interval covers");
    for (int k = 0; k < cal.n_free; k++) {
        double l50, h50, l90, h90;
        bilim_posterior_wilson(cov.in50[k], cov.n_sets, 1.959963984540054, &l50, &h50);
        bilim_posterior_wilson(cov.in90[k], cov.n_sets, 1.959963984540054, &l90, &h90);
        printf("%-22s %3d/%-3d %.2f (%.2f-%.2f) %3d/%-3d %.2f (%.2f-%.2f)\n", cal.free[k]->name,
               cov.in50[k], cov.n_sets, (double)cov.in50[k] / cov.n_sets, l50, h50, cov.in90[k],
               cov.n_sets, (double)cov.in90[k] / cov.n_sets, l90, h90);
    }
    return 0;
}
