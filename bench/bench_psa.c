/* bench/bench_psa.c: the speed of decisions under uncertainty (issue 14,
 * item 8), on the shipped scenarios.
 *
 *   bench_psa compare [DRAWS [SCHOOLS [THREADS]]]     (default 500 1000 2)
 *       a propagated comparison of the baseline and the 12 shipped options:
 *       `bilim compare baseline.json <12 options> --draws DRAWS --schools
 *       SCHOOLS --threads THREADS -o FILE`, in-process, timed as a whole
 *       (the command's summary, printed too, gives the design's runs and
 *       the analysis separately);
 *   bench_psa sobol [N [K [SCHOOLS [THREADS]]]]         (default 512 10 1000 2)
 *       a design of (K + 2) N runs of the baseline through the engine, the
 *       size of a Sobol' analysis of K parameters with N base samples
 *       (Saltelli's A, B and K mixed matrices), on common random numbers;
 *   bench_psa run [SCHOOLS [REPEAT]]                     (default 1000 5)
 *       where one run's time goes (one thread): building the population,
 *       the monthly steps, the monthly observation.
 * With no argument: run, compare, then sobol. Prints the 1-minute load
 * average before and after each: on a shared machine the figures mean
 * something only when it is below the number of cores. */
#include <dirent.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "bench_common.h"
#include "cli/cli.h"
#include "formats/scenario_load.h"
#include "models/model.h"
#include "sim/design.h"

#define MAX_FILES 32


static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* scenarios/baseline.json first, then the other shipped scenarios, sorted. */
static int shipped(char **paths)
{
    char dir[2048], path[4096];
    snprintf(dir, sizeof dir, "%s/scenarios", BILIM_SOURCE_DIR);
    snprintf(path, sizeof path, "%s/baseline.json", dir);
    int n = 0;
    paths[n++] = bilim_strdup(path);
    DIR *d = opendir(dir);
    if (!d)
        return n;
    for (struct dirent *e; (e = readdir(d)) && n < MAX_FILES;) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") || !strcmp(e->d_name, "schema.json") ||
            !strcmp(e->d_name, "baseline.json"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        paths[n++] = bilim_strdup(path);
    }
    closedir(d);
    qsort(paths + 1, (size_t)(n - 1), sizeof *paths, by_name);
    return n;
}

static int bench_compare(int draws, int schools, int threads)
{
    char *paths[MAX_FILES];
    int n = shipped(paths);
    char out[256], d[32], s[32], t[32];
    /* In the working directory: other programs may clean /tmp meanwhile. */
    snprintf(out, sizeof out, "bench_psa-%ld.h5", (long)getpid());
    snprintf(d, sizeof d, "%d", draws);
    snprintf(s, sizeof s, "%d", schools);
    snprintf(t, sizeof t, "%d", threads);
    char *argv[MAX_FILES + 16];
    int argc = 0;
    argv[argc++] = "compare";
    for (int i = 0; i < n; i++)
        argv[argc++] = paths[i];
    char *rest[] = {"--draws", d, "--schools", s, "--threads", t, "-o", out};
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++)
        argv[argc++] = rest[i];
    printf("compare: baseline + %d options, %d draws, %d schools, %d threads (load %.2f)\n",
           n - 1, draws, schools, threads, bench_load_average());
    fflush(stdout);
    double t0 = bilim_clock_now(), c0 = bench_process_cpu();
    int rc = bilim_cmd_compare(argc, argv);
    double wall = bilim_clock_now() - t0, cpu = bench_process_cpu() - c0;
    /* On a busy machine the wall time says little; the CPU time divided by
     * the threads is what the command takes when it has its cores. */
    printf("  %s: %.1f s for the whole command, %.1f CPU s (%.1f s on %d idle cores); "
           "load %.2f after\n", rc ? "FAILED" : "ok", wall, cpu, cpu / threads, threads,
           bench_load_average());
    remove(out);
    for (int i = 0; i < n; i++)
        bilim_free(paths[i]);
    return rc;
}

static int load_baseline(int schools, bilim_scenario *sc)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", BILIM_SOURCE_DIR);
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_scenario_load(path, sc, NULL, NULL) || bilim_scenario_sample(sc, schools, &err)) {
        fprintf(stderr, "bench_psa: cannot load %s\n", path);
        return 1;
    }
    return 0;
}

static void on_progress(void *user, const bilim_design_progress *p)
{
    double *last = user, now = bilim_clock_now();
    if (now - *last > 5.0 || p->runs_done == p->runs_total) {
        fprintf(stderr, "\r  %zu/%zu runs", p->runs_done, p->runs_total);
        *last = now;
    }
}

static int bench_sobol(int N, int K, int schools, int threads)
{
    bilim_scenario sc;
    if (load_baseline(schools, &sc))
        return 1;
    bilim_design d;
    bilim_design_init(&d, 2026);
    d.seeding = BILIM_DESIGN_SEED_COMMON;
    bilim_error err;
    bilim_error_clear(&err);
    size_t n_rows;
    const bilim_param_prior *rows = bilim_param_priors_table(&n_rows);
    int rc = bilim_design_set_scenarios(&d, &sc, 1, &err);
    for (size_t i = 0, k = 0; !rc && i < n_rows && (int)k < K; i++)
        if (rows[i].prior.spec != BILIM_SPEC_FIXED && ++k)
            rc = bilim_design_add_factor(&d, rows[i].name, &rows[i].prior, rows[i].source, &err);
    if (!rc)
        rc = bilim_design_sample(&d, (K + 2) * N, BILIM_SAMPLING_LHS, &err);
    if (!rc)
        rc = bilim_design_set_runs(&d, 1, 0, &err);
    bilim_design_record *rec = bilim_calloc(d.n_runs + 1, sizeof *rec);
    printf("sobol-sized design: (%d + 2) x %d = %zu runs of the baseline, %d schools, %d threads "
           "(load %.2f)\n", K, N, d.n_runs, schools, threads, bench_load_average());
    fflush(stdout);
    double last = 0.0, t0 = bilim_clock_now(), c0 = bench_process_cpu();
    bilim_design_options o = {threads, on_progress, &last, NULL, NULL, NULL, NULL, NULL, 0};
    if (!rc && rec)
        rc = bilim_design_execute(&d, &o, rec, &err);
    double wall = bilim_clock_now() - t0, cpu = bench_process_cpu() - c0;
    fprintf(stderr, "\n");
    printf("  %s: %.1f s, %.1f CPU s (%.1f s on %d idle cores; %.1f CPU ms a run); load %.2f "
           "after\n", rc ? err.msg : "ok", wall, cpu, cpu / threads, threads,
           1e3 * cpu / (double)(d.n_runs ? d.n_runs : 1), bench_load_average());
    bilim_free(rec);
    bilim_design_clear(&d);
    return rc;
}


static int bench_run(int schools, int repeat)
{
    bilim_scenario sc;
    if (load_baseline(schools, &sc))
        return 1;
    sc.outputs.by_region = 0;
    sc.outputs.n_survey_months = 0;
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = bilim_malloc(L.record_size * sizeof *rec);
    double best[3] = {1e9, 1e9, 1e9};
    omp_set_num_threads(1);
    for (int r = 0; r < repeat; r++) {
        bilim_error err;
        bilim_model *m = NULL;
        double t0 = bench_thread_cpu();
        if (bilim_model_alloc(&sc, r, &m, &err))
            return 1;
        double t[3] = {bench_thread_cpu() - t0, 0.0, 0.0};
        for (int32_t month = 1; month <= sc.months; month++) {
            double a = bench_thread_cpu();
            bilim_model_step(m, &err);
            double b = bench_thread_cpu();
            bilim_model_observe(m, &L, rec);
            t[1] += b - a;
            t[2] += bench_thread_cpu() - b;
        }
        for (int k = 0; k < 3; k++)
            best[k] = t[k] < best[k] ? t[k] : best[k];
        bilim_model_free(m);
    }
    double total = best[0] + best[1] + best[2];
    printf("one run, %d schools, %d months, one thread (best of %d, CPU time): %.1f ms\n"
           "  population %.1f ms (%.0f%%), steps %.1f ms (%.0f%%), observation %.1f ms (%.0f%%)\n",
           schools, sc.months, repeat, 1e3 * total, 1e3 * best[0], 100 * best[0] / total,
           1e3 * best[1], 100 * best[1] / total, 1e3 * best[2], 100 * best[2] / total);
    bilim_free(rec);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";
    int a = argc > 2 ? atoi(argv[2]) : 0, b = argc > 3 ? atoi(argv[3]) : 0;
    int c = argc > 4 ? atoi(argv[4]) : 0, e = argc > 5 ? atoi(argv[5]) : 0;
    int rc = 0;
    if (!strcmp(mode, "run") || !strcmp(mode, "all"))
        rc |= bench_run(a > 0 ? a : 1000, b > 0 ? b : 5);
    if (!strcmp(mode, "compare") || !strcmp(mode, "all"))
        rc |= bench_compare(a > 0 && strcmp(mode, "all") ? a : 500,
                            b > 0 && strcmp(mode, "all") ? b : 1000,
                            c > 0 && strcmp(mode, "all") ? c : 2);
    if (!strcmp(mode, "sobol") || !strcmp(mode, "all"))
        rc |= bench_sobol(a > 0 && strcmp(mode, "all") ? a : 512,
                          b > 0 && strcmp(mode, "all") ? b : 10,
                          c > 0 && strcmp(mode, "all") ? c : 1000,
                          e > 0 && strcmp(mode, "all") ? e : 2);
    return rc ? 1 : 0;
}
