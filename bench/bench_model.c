/* bench/bench_model.c: teacher-steps per second of the model's monthly step
 * (on demand: cmake --build build --target bench_model; ./build/bench_model
 * [months] [innovations] [schools]). Default: the national population,
 * 60 months, 4 innovations, on the threads OpenMP gives (OMP_NUM_THREADS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
#include "models/model.h"
#include "models/preset.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall time, and the process's CPU time: on a shared machine the CPU time
 * of a one-thread run is the honest measure of the code's speed. */
static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

int main(int argc, char **argv)
{
    int months = argc > 1 ? atoi(argv[1]) : 60;
    int J = argc > 2 ? atoi(argv[2]) : 4;
    int schools = argc > 3 ? atoi(argv[3]) : 0;
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.months = months;
    bilim_error err;
    bilim_error_clear(&err);
    if (schools > 0) {
        bilim_population pop = sc.population;
        if (bilim_population_sample(&pop, schools, &sc.population, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    }
    if (J < 1 || J > BILIM_MAX_INNOVATIONS) {
        fprintf(stderr, "innovations: 1 to %d\n", BILIM_MAX_INNOVATIONS);
        return 2;
    }
    sc.n_innovations = J;
    for (int j = 0; j < J; j++) {
        sc.innovations[j] = sc.innovations[0];
        snprintf(sc.innovations[j].name, sizeof sc.innovations[j].name, "innovation_%d", j);
        sc.innovations[j].complexity = 0.3 + 0.1 * j;
        sc.innovations[j].initial_trial = 0.02;
        sc.innovations[j].initial_routine = 0.01;
    }
    double t0 = now();
    bilim_model *m;
    if (bilim_model_alloc(&sc, 0, &m, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double t1 = now(), c1 = cpu();
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    double tobs = 0.0;
    while (bilim_model_month(m) < sc.months) {
        if (bilim_model_step(m, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        double a = now();
        bilim_model_observe(m, &L, rec);
        tobs += now() - a;
    }
    double t2 = now(), c2 = cpu();
    int64_t T = bilim_model_teachers(m);
    double steps = (double)T * months;
    printf("schools %d teachers %lld innovations %d months %d threads %d\n",
           bilim_model_schools(m), (long long)T, J, months, omp_get_max_threads());
    printf("alloc %.3f s, steps %.3f s wall, %.3f s CPU (observe %.3f s wall)\n", t1 - t0,
           t2 - t1, c2 - c1, tobs);
    printf("%.1f million teacher-steps/s wall, %.1f million per CPU-second\n",
           steps / (t2 - t1) / 1e6, steps / (c2 - c1) / 1e6);
    printf("memory %.1f MB, %.1f bytes per teacher\n", bilim_model_bytes(m) / 1e6,
           (double)bilim_model_bytes(m) / (double)T);
    printf("routine share of innovation 0 at month %d: %.4f\n", months, rec[0]);
    free(rec);
    bilim_model_free(m);
    return 0;
}
