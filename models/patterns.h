/* models/patterns.h: qualitative patterns a parameter set must reproduce
 * (pattern-oriented modelling, Grimm et al. 2005, Science 310), from the
 * mechanisms the case studies of seed 002 describe (data/case-study-
 * patterns.json; docs/calibration.md, "Pattern checks").
 *
 * A pattern is a sign: a weighted contrast between the means of one
 * per-school quantity over groups of schools, measured at a month, must be
 * positive. Groups are set at month 0 (the state a case-study school was
 * chosen for): a locality (or any) and, for each of the principal's K, S
 * and the school's resources R, below or above its month-0 median over the
 * simulated population (or either). The quantity is the school's value at
 * the pattern's month, or its change since month 0. Plain data, like
 * bilim_scenario; the loader is formats/patterns_load.h. */
#ifndef BILIM_PATTERNS_H
#define BILIM_PATTERNS_H

#include <stdint.h>
#include "base/error.h"
#include "models/scenario.h"

#define BILIM_PATTERN_MAX_GROUPS 4
#define BILIM_MAX_PATTERNS 16

/* Per-school quantities. The barrier ones are the principal's probability
 * of reporting it (ODD 5), i.e. the expected share over a survey. */
typedef enum bilim_pattern_quantity {
    BILIM_PQ_PRACTICE = 0,   /* teachers' mean level of use over the innovations (0, 1/2, 1) */
    BILIM_PQ_TEACHER_k,      /* teachers' mean knowledge k */
    BILIM_PQ_TEACHER_m,      /* teachers' mean motivation m */
    BILIM_PQ_K, BILIM_PQ_S, BILIM_PQ_R,
    BILIM_PQ_BARRIER,        /* + barrier index: 5 entries */
    BILIM_N_PQ = BILIM_PQ_BARRIER + BILIM_N_BARRIERS
} bilim_pattern_quantity;

/* "practice", "k", "m", "K", "S", "R", "barriers.weak_material_base", ...;
 * NULL past the end. */
const char *bilim_pattern_quantity_name(int q);

/* The split variables of a group, and which side of the median. */
enum { BILIM_SPLIT_K = 0, BILIM_SPLIT_S = 1, BILIM_SPLIT_R = 2, BILIM_N_SPLITS = 3 };

typedef struct bilim_pattern_group {
    int locality;                   /* BILIM_URBAN, BILIM_RURAL or -1 (any) */
    int8_t split[BILIM_N_SPLITS];   /* -1 below the median, +1 at or above it, 0 either */
    double weight;                  /* its weight in the contrast */
} bilim_pattern_group;

typedef struct bilim_pattern {
    char id[BILIM_NAME_MAX];        /* a name (formats: identifier) */
    int32_t month;                  /* when the quantity is measured */
    int quantity;                   /* bilim_pattern_quantity */
    int change;                     /* 1: the change since month 0 */
    int n_groups;
    bilim_pattern_group groups[BILIM_PATTERN_MAX_GROUPS];
} bilim_pattern;

/* Runs replicate 0 of sc (its own seed) to the latest month of the n
 * patterns and writes each pattern's contrast into contrast[i]: the sum over
 * its groups of weight x mean quantity over the group's schools. A pattern
 * is reproduced when its contrast is > 0; NaN when one of its groups is
 * empty (not reproduced). Errors: those of bilim_model_alloc and
 * bilim_model_step, BILIM_EINVAL when a month is past sc's horizon,
 * BILIM_ENOMEM. */
int bilim_patterns_eval(const bilim_scenario *sc, const bilim_pattern *p, int n, double *contrast,
                        bilim_error *err);

#endif
