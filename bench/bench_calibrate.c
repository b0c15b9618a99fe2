/* bench/bench_calibrate.c: simulations per second of the survey simulator
 * (analysis/calibrate.h) on the shipped calibration, on one thread, as each
 * ABC worker runs it (the model is single-threaded inside ABC's loop).
 * Usage: bench_calibrate [CALIBRATION.json] [SIMULATIONS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>
#include <gsl/gsl_errno.h>
#include "analysis/calibrate.h"
#include "formats/calib_load.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    omp_set_num_threads(1);
    const char *path = argc > 1 ? argv[1]
                                : BILIM_SOURCE_DIR "/scenarios/calibration/kz-2026-survey.json";
    int n = argc > 2 ? atoi(argv[2]) : 2000;
    bilim_calibration cal;
    bilim_diags *diags = bilim_diags_alloc();
    if (!diags || bilim_calib_load(path, &cal, NULL, diags)) {
        bilim_diags_print(diags, stderr);
        return 1;
    }
    bilim_diags_free(diags);
    bilim_calib_problem p;
    bilim_error err;
    if (bilim_calib_problem_init(&p, &cal, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double theta[BILIM_CALIB_MAX_PARAMS], summary[BILIM_CALIB_N_TARGETS], d;
    for (int i = 0; i < cal.n_free; i++)
        theta[i] = bilim_params_get(&cal.base.params, cal.free[i]);
    void *ws = bilim_calibrate_ws_alloc(&p);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (bilim_calibrate_simulate(&p, ws, theta, (uint64_t)i + 1, summary, &d, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        sum += d;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
    printf("%d simulations on %d schools in %.3f s: %.0f per second per thread "
           "(%.3f ms each); mean distance at the base values %.3f\n", n,
           bilim_population_schools(&p.scenario.population), s, n / s, 1e3 * s / n, sum / n);
    bilim_calibrate_ws_free(ws);
    return 0;
}
