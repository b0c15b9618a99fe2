/* base/rng.h: counter-based random streams.
 *
 * Every random number in bilim is a pure function of
 *     (seed, replicate, purpose, entity, step, block)
 * computed with Random123's Philox4x64-10: key = {seed, replicate<<32 | purpose},
 * counter = {entity, step, block, lane}. No generator state is carried from one
 * draw to the next, so results never depend on the number of threads, the
 * OpenMP schedule or the order in which entities are processed, and replicate r
 * of every scenario sees the same numbers for the same purpose (common random
 * numbers).
 *
 * Two ways to draw:
 *  - bilim_rng_block(): four 64-bit words at once, for hot loops;
 *  - bilim_rng (a gsl_rng wrapper): reset to a stream, then use any GSL
 *    distribution (gsl_ran_beta, gsl_ran_binomial, ...) on bilim_rng_gsl().
 * The two never overlap: direct blocks use lane 0, GSL streams lane 1.
 *
 * Thread safety: the functions are pure; a bilim_rng must not be shared
 * between threads (allocate one per thread, once). */
#ifndef BILIM_RNG_H
#define BILIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* What a draw is for. Values are part of the output format (changing one
 * changes every result), so new purposes are appended, never renumbered. */
typedef enum bilim_purpose {
    BILIM_PURPOSE_POPULATION = 1,     /* school structure: sizes, locality  */
    BILIM_PURPOSE_PRINCIPAL_INIT = 2, /* initial K, S, O, age, gender       */
    BILIM_PURPOSE_SCHOOL_INIT = 3,    /* initial R, M_s                     */
    BILIM_PURPOSE_TEACHER_INIT = 4,   /* initial k, m, use states           */
    BILIM_PURPOSE_TURNOVER = 5,       /* which principals leave each month  */
    BILIM_PURPOSE_NEW_TEACHER = 6,    /* replacements' k and m              */
    BILIM_PURPOSE_USE = 7,            /* use-state transitions              */
    BILIM_PURPOSE_TARGET = 8,         /* random target order / fraction     */
    BILIM_PURPOSE_PROGRAMME = 9,      /* completion, cohort draws           */
    BILIM_PURPOSE_SURVEY = 10,        /* virtual survey sampling            */
    BILIM_PURPOSE_SAMPLE = 11,        /* --schools sampling of a population */
    BILIM_PURPOSE_CALIBRATION = 12,   /* proposals, resampling              */
    BILIM_PURPOSE_BOOTSTRAP = 13,     /* resampling in analysis             */
    BILIM_PURPOSE_CLUSTER = 14,       /* cluster and partner assignment     */
    BILIM_PURPOSE_NEW_PRINCIPAL = 15, /* a new principal's K, S, O, ...     */
    BILIM_PURPOSE_SURVEY_REPORT = 16, /* surveyed principals' barrier reports */
    BILIM_PURPOSE_DESIGN = 17,        /* design points and their model seeds (sim/design.h) */
    BILIM_PURPOSE_VACANCY = 18,       /* which posts are vacant at month 0  */
    BILIM_PURPOSE_TEST = 99           /* for tests only                     */
} bilim_purpose;

/* Raw Philox4x64-10 of one counter and key (exposed for known-answer tests). */
void bilim_rng_philox4x64(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]);

/* Four independent 64-bit words of the stream block. */
void bilim_rng_block(uint64_t seed, uint32_t replicate, uint32_t purpose,
                     uint64_t entity, uint32_t step, uint32_t block,
                     uint64_t out[4]);

/* A 64-bit word to a double uniform on the open interval (0, 1): the top 52
 * bits, centred, so neither 0 nor 1 can occur. */
static inline double bilim_rng_u01(uint64_t x)
{
    return ((double)(x >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}

/* A gsl_rng that draws from one stream at a time. Owned by the caller:
 * bilim_rng_alloc() returns NULL when out of memory; bilim_rng_free(NULL) is a
 * no-op. Reset before each use; up to 4 * 2^32 draws per reset. */
typedef struct bilim_rng bilim_rng;
bilim_rng *bilim_rng_alloc(void);
void bilim_rng_free(bilim_rng *r);
void bilim_rng_reset(bilim_rng *r, uint64_t seed, uint32_t replicate,
                     uint32_t purpose, uint64_t entity, uint32_t step);
gsl_rng *bilim_rng_gsl(bilim_rng *r);

/* A uniform in (0, 1) from the current stream. */
double bilim_rng_uniform(bilim_rng *r);

/* Beta(mean * kappa, (1 - mean) * kappa) with mean clamped to
 * [1e-6, 1 - 1e-6]: the parameterisation of ODD section 5. */
double bilim_rng_beta_mean(bilim_rng *r, double mean, double kappa);

#endif
