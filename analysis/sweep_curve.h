/* analysis/sweep_curve.h: the budget-effect curve of a sweep over a policy
 * lever (formats/sweep.h; docs/compare.md, "Sweeps over policy levers").
 *
 * A sweep ran one option per level; its curve gives, per level, the change
 * in routine use against the baseline (the paired mean with its 95%
 * simulation-noise interval, and with --draws the 2.5%, 50% and 97.5%
 * quantiles over the draws: the band over parameter uncertainty), the mean
 * incremental cost, and where returns diminish:
 *   - the marginal effect of level i is (E_i - E_{i-1}) / (C_i - C_{i-1}),
 *     effect per KZT, with level -1 the baseline (E = C = 0); when the
 *     levels cost the same (e.g. intensity, which never changes the cost)
 *     it is per unit of the lever instead, (E_i - E_{i-1}) / (L_i - L_{i-1})
 *     with L_{-1} = 0;
 *   - returns diminish from the first level i >= 1 whose marginal effect is
 *     below half of level 0's (the average effect per KZT of the smallest
 *     level); -1 when none is.
 * Effects are mean changes in the routine-use share; costs in KZT. */
#ifndef BILIM_SWEEP_CURVE_H
#define BILIM_SWEEP_CURVE_H

#include <stddef.h>
#include <stdint.h>
#include "analysis/compare.h"
#include "analysis/psa.h"
#include "base/error.h"
#include "formats/output_write.h"
#include "formats/sweep.h"

#define BILIM_SWEEP_MAX_CURVES 8
#define BILIM_SWEEP_DIMINISHING 0.5

typedef struct bilim_sweep_curve {
    char name[BILIM_NAME_MAX];                    /* the option swept */
    char intervention[BILIM_NAME_MAX], field[BILIM_NAME_MAX];
    int32_t n;                                    /* levels */
    double level[BILIM_SWEEP_MAX_STEPS];
    char scenario[BILIM_SWEEP_MAX_STEPS][BILIM_NAME_MAX];  /* each level's option */
    double effect[BILIM_SWEEP_MAX_STEPS], effect_low[BILIM_SWEEP_MAX_STEPS],
        effect_high[BILIM_SWEEP_MAX_STEPS], cost[BILIM_SWEEP_MAX_STEPS];
    double q025[BILIM_SWEEP_MAX_STEPS], q50[BILIM_SWEEP_MAX_STEPS],
        q975[BILIM_SWEEP_MAX_STEPS];              /* NaN without draws */
    double marginal[BILIM_SWEEP_MAX_STEPS];
    int per_kzt;                                  /* 1: marginal per KZT, 0: per unit */
    int32_t diminishing;                          /* level index, or -1 */
} bilim_sweep_curve;

/* The description of curves (name, intervention, field, levels and their
 * scenarios) as text, one line per curve, tab-separated, written to the
 * result file so that `bilim report` finds the sweeps again; malloc'd
 * (NULL when out of memory). */
char *bilim_sweep_curve_spec(const bilim_sweep_curve *c, int n);

/* Parses spec into out[0..max-1]; *n the curves read. Errors: BILIM_EINVAL. */
int bilim_sweep_curve_parse(const char *spec, bilim_sweep_curve *out, int max, int *n,
                            bilim_error *err);

/* Fills the numbers of c (levels and scenario names set) from the
 * comparison and, when psa is not NULL, its draws. Errors: BILIM_EINVAL (a
 * level's scenario is not in the comparison). */
int bilim_sweep_curve_compute(bilim_sweep_curve *c, const bilim_comparison *cmp,
                              const bilim_psa_result *psa, bilim_error *err);

/* From c's levels, effects and costs: marginal, per_kzt and diminishing
 * (the rule above). */
void bilim_sweep_curve_diminishing(bilim_sweep_curve *c);

/* /comparison/sweep/<name>: level x stat (level values as the axis; stats
 * effect, effect_ci_low, effect_ci_high, cost_kzt, effect_q025, effect_q50,
 * effect_q975, marginal), attributes intervention, field, marginal_unit,
 * diminishing_level (NaN: none), diminishing_rule. */
int bilim_sweep_curve_write(bilim_output *o, const bilim_sweep_curve *c, bilim_error *err);

/* sweep.csv rows: sweep, intervention, field, level, scenario, then the
 * stats above, diminishing (1 at that level). header: write the header. */
void bilim_sweep_curve_csv(FILE *f, const bilim_sweep_curve *c, int header);

#endif
