/* analysis/prim.h: scenario discovery by PRIM, the patient rule induction
 * method (Friedman & Fisher 1999, Statistics and Computing 9(2); in the form
 * scenario discovery uses it, Bryant & Lempert 2010, and the EMA Workbench).
 * docs/compare.md, "Under which conditions does each option win?".
 *
 * Input: n cases (draws) with p continuous inputs x[i * p + j] and a binary
 * outcome y[i] (1: the case of interest, e.g. "option B beats option A in
 * this draw"). PRIM looks for a box (lo_j <= x_j <= hi_j on every input) in
 * which y is mostly 1 and which still holds many of the cases with y = 1:
 *   - density = mean of y inside the box;
 *   - coverage = the box's cases with y = 1 over all cases with y = 1;
 *   - mass = the box's share of all cases.
 *
 * Screening (max_inputs > 0): with few cases and many inputs, peeling
 * finds boxes made of chance (each step has 4p candidates, and some peel of
 * some irrelevant input removes only zeros). So only the max_inputs inputs
 * whose distributions differ most between the cases with y = 1 and y = 0
 * (two-sample Kolmogorov-Smirnov statistic) are peeled and pasted.
 *
 * Peeling: starting from the box of all cases, each step considers, for
 * every input, removing the alpha (peel_alpha) quantile of the box's cases
 * at its low end or at its high end, and takes the candidate with the
 * largest gain in density per case removed (EMA Workbench's "lenient 1"
 * objective), until the box would hold fewer than mass_min of the cases.
 * The boxes passed through are the peeling trajectory.
 *
 * The chosen box (a stated rule where EMA Workbench users pick a box on the
 * coverage-density trade-off by eye): among the boxes of the trajectory
 * whose density reaches `threshold` (default 0.8, EMA Workbench's
 * default), take the largest coverage C; of those with coverage at least
 * C - coverage_slack (default 0.05), the densest: a little coverage is
 * traded for density, which moves the choice from the threshold's edge to
 * the knee of the trade-off. When no box reaches the threshold, the
 * densest box, flagged (found = 0). Then pasting: while some limit can be moved outwards to take
 * in paste_alpha of the box's cases (the nearest ones) and this raises the
 * density, the best such move is made. Then trimming, as EMA Workbench's
 * quasi-p-values: for each restriction, the box without it has density
 * d'; the restriction's p-value is the chance that the box's m cases,
 * drawn at density d', would hold at least the box's number of ones
 * (binomial upper tail). The least significant restriction is removed
 * while its p-value exceeds max_p (default 0.05), so the box names only
 * inputs that bound it beyond chance: with few draws and many inputs,
 * peeling alone restricts many inputs by chance.
 *
 * Pure functions of their inputs: no random numbers. */
#ifndef BILIM_PRIM_H
#define BILIM_PRIM_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"

typedef struct bilim_prim_settings {
    double peel_alpha;       /* 0.05 */
    double paste_alpha;      /* 0.05 */
    double mass_min;         /* 0.05 */
    double threshold;        /* 0.8: density the chosen box must reach */
    double max_p;            /* 0.05: restrictions less significant are dropped */
    double coverage_slack;   /* 0.05 */
    int32_t max_inputs;      /* > 0: peel only this many inputs, screened; 0: all */
} bilim_prim_settings;

void bilim_prim_settings_defaults(bilim_prim_settings *s);

/* One box of the peeling trajectory. */
typedef struct bilim_prim_step {
    double mass, coverage, density;
    int32_t restricted;      /* inputs whose limits are inside the data's range */
} bilim_prim_step;

typedef struct bilim_prim_result {
    int32_t n_inputs;
    size_t n_cases;
    double base_rate;        /* mean of y over all cases */
    int32_t n_steps;
    bilim_prim_step *trajectory;  /* [n_steps]; step 0 the box of all cases */
    int32_t chosen_step;     /* the trajectory box chosen (before pasting and trimming) */
    int found;               /* 1: the final box reaches the threshold */
    bilim_prim_step box;     /* the final box */
    double *lo, *hi;         /* [n_inputs]: its limits */
    unsigned char *restricted;   /* [n_inputs]: 1 if the box restricts that input */
    unsigned char *screened;     /* [n_inputs]: 1 if the input was peeled (screening) */
    double *data_lo, *data_hi;   /* [n_inputs]: the range of the data */
} bilim_prim_result;

/* Runs PRIM. Errors: BILIM_EINVAL (n < 2, p < 1, a non-finite input, y
 * not 0/1, settings out of range: alphas in (0, 0.5), mass_min in (0, 1)),
 * BILIM_ENOMEM. With no case of y = 1 the result is the whole box, found 0. */
int bilim_prim_run(const double *x, size_t n, int32_t p, const double *y,
                   const bilim_prim_settings *s, bilim_prim_result *out, bilim_error *err);

void bilim_prim_result_clear(bilim_prim_result *r);

/* Whether case row x[0..p-1] lies in the final box. */
int bilim_prim_contains(const bilim_prim_result *r, const double *x);

#endif
