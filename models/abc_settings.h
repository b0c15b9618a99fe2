/* models/abc_settings.h: the settings of an ABC-SMC run: the method's
 * numbers (particles, generations, tolerance schedule, budget, kernel, seed)
 * and the caller's hooks (threads, progress, cancel flag). The algorithm is
 * analysis/abc.h; the settings are plain data kept below formats/ so the
 * calibration loader (formats/calib_load.h) can fill them. */
#ifndef BILIM_ABC_SETTINGS_H
#define BILIM_ABC_SETTINGS_H

#include <stdatomic.h>
#include <stdint.h>

typedef enum bilim_abc_kernel {
    BILIM_KERNEL_MVN = 0,        /* multivariate normal, 2 x weighted covariance;
                                    proposals outside the priors' bounds are redrawn */
    BILIM_KERNEL_NORMAL = 1,     /* independent normals, 2 x weighted variance each;
                                    proposals outside the bounds are redrawn */
    BILIM_KERNEL_TRUNCATED = 2,  /* independent normals, 2 x weighted variance,
                                    truncated to the priors' bounds */
    BILIM_N_KERNELS = 3
} bilim_abc_kernel;

/* "multivariate_normal", "normal", "truncated_normal"; NULL if unknown. */
const char *bilim_abc_kernel_name(bilim_abc_kernel k);

typedef struct bilim_abc_progress {
    int32_t generation;
    int32_t max_generations;
    int32_t accepted;          /* particles accepted so far in this generation */
    int32_t particles;
    int64_t simulations;       /* in this generation so far */
    int64_t total_simulations; /* since the start */
    double epsilon;            /* this generation's tolerance (INFINITY for 0) */
} bilim_abc_progress;

typedef struct bilim_abc_settings {
    int32_t particles;          /* N, >= 2 */
    int32_t max_generations;    /* >= 1, generation 0 (the prior) included */
    double quantile;            /* alpha in (0, 1): epsilon_t = alpha-quantile of t-1 */
    double min_epsilon;         /* stop once epsilon_t <= this (>= 0) */
    double min_acceptance;      /* stop after a generation accepting fewer than this share of its simulations */
    int64_t max_simulations;    /* budget; a generation that would exceed it is discarded */
    bilim_abc_kernel kernel;
    uint64_t seed;
    int threads;                /* <= 0: OpenMP's default */
    /* Called on the calling thread between batches (may be NULL). */
    void (*progress)(void *arg, const bilim_abc_progress *p);
    void *progress_arg;
    /* The caller's flag (may be NULL): once non-zero, the run stops between
     * simulations with BILIM_EINTR. The library never reads a signal. */
    const atomic_int *cancel;
    /* Non-zero: under an MPI job of several ranks, every batch's particles
     * are spread over the ranks (analysis/abc.h: bilim_abc_serve). */
    int spread;
} bilim_abc_settings;

/* Defaults: 1000 particles, 10 generations, quantile 0.5, min_epsilon 0,
 * min_acceptance 0.01, 2,000,000 simulations, multivariate normal kernel,
 * seed 1, threads 0, no progress, no cancel flag, not spread. */
void bilim_abc_settings_defaults(bilim_abc_settings *s);

#endif
