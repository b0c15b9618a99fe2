/* bench/bench_common.h: shared by the benchmarks. Header-only: each
 * benchmark is one translation unit. */
#ifndef BILIM_BENCH_COMMON_H
#define BILIM_BENCH_COMMON_H

#include <stdio.h>
#include <time.h>

/* CPU seconds of the calling thread. */
static inline double bench_thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The 1-minute load average: on a shared machine wall-clock figures are
 * only meaningful when it is below the number of cores. */
static inline double bench_load_average(void)
{
    double l = -1.0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1)
            l = -1.0;
        fclose(f);
    }
    return l;
}

#endif
