/* bench/bench_common.h: shared by the benchmarks. Header-only: each
 * benchmark is one translation unit. */
#ifndef BILIM_BENCH_COMMON_H
#define BILIM_BENCH_COMMON_H

#include <stdio.h>
#include <sys/resource.h>
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

/* CPU seconds (user + system) of the whole process so far: on a busy
 * machine, divided by the threads, what a command takes with its cores. */
static inline double bench_process_cpu(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

#endif
