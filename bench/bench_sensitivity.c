/* bench/bench_sensitivity.c: the speed of a Sobol' analysis (issue 14,
 * items 3 and 8), on the national baseline.
 *
 *   bench_sensitivity [N [SCHOOLS [THREADS]]]      (default 512 1000 2)
 *       `bilim sensitivity scenarios/baseline.json --params <10 parameters>
 *       -N N --schools SCHOOLS --threads THREADS -o FILE -q`, in-process,
 *       timed as a whole: (10 + 2) N runs (6144 at N = 512), then the
 *       indices with 1000 bootstrap resamples; and the estimators alone on
 *       synthetic outputs of the same size, to separate the analysis from
 *       the runs.
 * The ten parameters are those Morris ranks first for routine use on the
 * baseline (docs/sensitivity.md). Prints the 1-minute load average before
 * and after: on a shared machine the wall-clock figures mean something only
 * when it is below the number of cores; the CPU time divided by the threads
 * is what the command takes with its cores to itself. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include "analysis/sobol.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "base/rng.h"
#include "bench_common.h"
#include "cli/cli.h"

#define PARAMS "beta0,gate_nu,lambda_c,beta_k,beta_m,innovation_q_scale,lambda_a," \
               "innovation_p_scale,beta_R,beta_L"

static int bench_command(int N, int schools, int threads)
{
    char scen[4096], out[256], n[32], s[32], t[32];
    snprintf(scen, sizeof scen, "%s/scenarios/baseline.json", BILIM_SOURCE_DIR);
    /* In the working directory: other programs may clean /tmp meanwhile. */
    snprintf(out, sizeof out, "bench_sensitivity-%ld.h5", (long)getpid());
    snprintf(n, sizeof n, "%d", N);
    snprintf(s, sizeof s, "%d", schools);
    snprintf(t, sizeof t, "%d", threads);
    char *argv[] = {"sensitivity", scen, "--params", PARAMS, "-N", n, "--schools", s,
                    "--threads", t, "-o", out};
    printf("sobol: 10 parameters, N = %d: %d runs of the baseline, %d schools, %d threads "
           "(load %.2f)\n", N, 12 * N, schools, threads, bench_load_average());
    fflush(stdout);
    double t0 = bilim_clock_now(), c0 = bench_process_cpu();
    int rc = bilim_cmd_sensitivity((int)(sizeof argv / sizeof argv[0]), argv);
    double wall = bilim_clock_now() - t0, cpu = bench_process_cpu() - c0;
    printf("  %s: %.1f s for the whole command, %.1f CPU s (%.1f s on %d idle cores; %.1f CPU "
           "ms a run); load %.2f after\n", rc ? "FAILED" : "ok", wall, cpu, cpu / threads,
           threads, 1e3 * cpu / (12.0 * N), bench_load_average());
    remove(out);
    return rc;
}

/* The estimators and 1000 bootstrap resamples on synthetic outputs. */
static int bench_estimators(int N)
{
    const int k = 10;
    size_t rows = bilim_sobol_rows(N, k);
    double *y = bilim_malloc(rows * sizeof *y);
    if (!y)
        return 1;
    for (size_t i = 0; i < rows; i++) {
        uint64_t w[4];
        bilim_rng_block(1, 0, BILIM_PURPOSE_TEST, i, 0, 0, w);
        y[i] = bilim_rng_u01(w[0]);
    }
    bilim_sobol_result r;
    bilim_error err;
    int rc = bilim_sobol_result_init(&r, k, &err);
    double c0 = bench_process_cpu();
    if (!rc)
        rc = bilim_sobol_analyse(y, N, k, 1000, 0.95, 7, &r, &err);
    printf("estimators alone (N = %d, k = 10, 1000 resamples): %.3f CPU s\n", N,
           bench_process_cpu() - c0);
    bilim_sobol_result_clear(&r);
    bilim_free(y);
    return rc;
}

int main(int argc, char **argv)
{
    int N = argc > 1 ? atoi(argv[1]) : 512, schools = argc > 2 ? atoi(argv[2]) : 1000;
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    int rc = bench_estimators(N > 1 ? N : 512);
    rc |= bench_command(N > 1 ? N : 512, schools > 0 ? schools : 1000, threads > 0 ? threads : 2);
    return rc ? 1 : 0;
}
