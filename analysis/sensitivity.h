/* analysis/sensitivity.h: a global sensitivity analysis of one output of
 * the model as a design (sim/design.h) (docs/sensitivity.md).
 *
 * The caller builds a design with its scenarios (the scenario alone, or a
 * baseline and one option) and its factors (the inputs, each with its
 * prior). bilim_sensitivity_design makes the points: a Saltelli design
 * (analysis/sobol.h) or Morris trajectories (analysis/morris.h) in the
 * unit cube, turned into values by each factor's prior quantile function,
 * and the run list (every point x scenario x replicate). The design stays
 * an ordinary design: its runs can be executed by bilim_design_execute on
 * any number of threads (or spread and resumed), with bit-identical
 * records. bilim_sensitivity_analyse takes the records: the output of a
 * point is the mean over its replicates of the scenario's output, or of
 * the option's minus the baseline's (the option's effect, on common random
 * numbers within the point); then the indices. */
#ifndef BILIM_SENSITIVITY_H
#define BILIM_SENSITIVITY_H

#include <stdint.h>
#include <stdio.h>
#include "analysis/morris.h"
#include "analysis/sobol.h"
#include "base/error.h"
#include "base/outset.h"
#include "formats/output_write.h"
#include "sim/design.h"

typedef enum bilim_sensitivity_method {
    BILIM_SENSITIVITY_SOBOL = 0,
    BILIM_SENSITIVITY_MORRIS = 1
} bilim_sensitivity_method;

typedef struct bilim_sensitivity_settings {
    bilim_sensitivity_method method;
    int32_t base_rows;            /* Sobol': N (the runs are N (k + 2) per scenario) */
    int32_t trajectories;         /* Morris: r */
    int32_t levels;               /* Morris: p, even */
    int32_t replicates;           /* per point, >= 1 */
    int32_t resamples;            /* Sobol' bootstrap, >= 0 */
    double level;                 /* of the intervals */
    bilim_design_output output;
    int effect;                   /* 1: scenario 1 minus scenario 0 */
} bilim_sensitivity_settings;

/* Sobol', N 512, Morris r 20 and p 4, 1 replicate, 1000 resamples, 0.95,
 * routine use, no effect. */
void bilim_sensitivity_settings_defaults(bilim_sensitivity_settings *s);

/* Caller-owned; bilim_sensitivity_clear frees. */
typedef struct bilim_sensitivity {
    bilim_sensitivity_settings settings;
    int32_t k;                    /* inputs: the design's factors */
    int32_t n_points;
    double *unit;                 /* [n_points][k]: the points in the unit cube */
    double *y;                    /* [n_points]: the output of each point */
    bilim_sobol_result sobol;
    bilim_morris_result morris;
} bilim_sensitivity;

/* Makes d's points and runs (d has its scenarios, two when s->effect, and
 * its factors; d->seed seeds the sampling). Errors: BILIM_EINVAL (no
 * factors, too many for Sobol', a wrong number of scenarios, bad settings:
 * the message says which), BILIM_ENOMEM. */
int bilim_sensitivity_design(bilim_sensitivity *a, bilim_design *d,
                             const bilim_sensitivity_settings *s, bilim_error *err);

/* The indices from the records of d's runs. Errors: BILIM_EINVAL (an
 * output that is not a number in some run, e.g. months to 50% never
 * reached; no variance), BILIM_ENOMEM. */
int bilim_sensitivity_analyse(bilim_sensitivity *a, const bilim_design *d,
                              const bilim_design_record *records, bilim_error *err);

void bilim_sensitivity_clear(bilim_sensitivity *a);

/* "sobol", "morris". */
const char *bilim_sensitivity_method_name(bilim_sensitivity_method m);

/* Writes /sensitivity (attributes; sobol_first and sobol_total, (factor,
 * statistic: estimate, low, high); or morris_mu_star, morris_mu,
 * morris_sigma, (factor)). The caller writes /design (formats/design_write.h). */
int bilim_sensitivity_write(bilim_output *o, const bilim_sensitivity *a, const bilim_design *d,
                            bilim_error *err);

/* The CSV files: DIR/sensitivity.csv (one row per factor) and DIR/runs.csv
 * (one row per run), declared in set (first: the index of the first). */
int bilim_sensitivity_csv_declare(bilim_outset *set, const char *dir, int *first,
                                  bilim_error *err);
int bilim_sensitivity_csv_write_set(bilim_outset *set, int first, const bilim_sensitivity *a,
                                    const bilim_design *d, const bilim_design_record *records,
                                    bilim_error *err);

#endif
