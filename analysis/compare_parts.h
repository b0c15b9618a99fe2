/* analysis/compare_parts.h: what each part of a package adds
 * (docs/compare.md, "Packages: what each part adds").
 *
 * A package option (sc->package.parts non-zero) is decomposed by running
 * each part alone: the package's scenario in which the other parts never
 * start (their start month is moved past the horizon). They stay in the
 * list, so every intervention keeps its index and with it its random
 * streams: the part-alone runs, the package and the baseline draw the same
 * random numbers (common random numbers). For each part, its effect is the
 * part-alone run against the baseline, replicate by replicate; the
 * interaction is the package's effect minus the sum of its parts' effects,
 * replicate by replicate, with a t interval over the replicates (its point
 * estimate is exactly the package's mean minus the parts' means). The
 * overlap of the parts' schools is read from the package's run (which
 * schools each part reached, bilim_run_result.reached). */
#ifndef BILIM_COMPARE_PARTS_H
#define BILIM_COMPARE_PARTS_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "base/stats.h"
#include "formats/output_write.h"
#include "models/scenario.h"
#include "sim/runner.h"

/* One package option's decomposition. Rows 0..n_parts-1 are the parts
 * alone, row n_parts the package, row n_parts + 1 the interaction. */
typedef struct bilim_package_parts {
    int32_t option;                  /* the package's scenario index in the comparison */
    int32_t n_parts;
    int32_t replicates;
    char (*names)[BILIM_NAME_MAX];   /* [n_parts] the parts' intervention names */
    double *share_diff;              /* [rows][replicate] routine-use share minus the
                                        baseline's at the horizon (interaction: package
                                        minus the sum of the parts) */
    double *cost_diff;               /* [rows][replicate] cumulative KZT minus the baseline's */
    bilim_interval *effect;          /* [rows] mean of share_diff, t interval */
    double *cost_kzt;                /* [rows] mean of cost_diff */
    bilim_ce *ce;                    /* [rows] KZT per additional teacher (interaction: NaN) */
    /* Schools reached in the package's run, mean over replicates:
     * reached[i * n_parts + j] by both part i and part j (i == j: by part i). */
    double *reached;
    double reached_all;              /* by every part */
    double schools;                  /* schools in the population run */
} bilim_package_parts;

/* A number of schools that is a mean over replicates, in the user's
 * language: whole when it is whole ("12"), else one decimal ("2.5"). */
void bilim_compare_parts_format_schools(double v, char *buf, size_t n);

/* Parts of sc's package (0: no package). */
int32_t bilim_compare_parts_count(const bilim_scenario *sc);

/* Fills *out with sc run with part k (0-based, in the scenario's order of
 * interventions) alone: the package's other parts start after the horizon.
 * Its name becomes "<name>~<part>" (cut to BILIM_NAME_MAX - 1 bytes), so
 * that it is told apart from the package; everything else is sc's.
 * Errors: BILIM_EINVAL when k is not a part. */
int bilim_compare_parts_scenario(const bilim_scenario *sc, int32_t k, bilim_scenario *out,
                                 bilim_error *err);

/* Decomposes the package runs[option] given the runs of its parts alone,
 * parts[0..n_parts-1] (bilim_compare_parts_scenario's order), and the
 * baseline runs[0]. Checks that every part-alone run pairs with the
 * baseline (bilim_compare_check_runs). teachers: the comparison's
 * (baseline, replicate 0), for KZT per additional teacher. On success *out
 * owns its arrays (bilim_package_parts_clear). Errors: BILIM_EINVAL,
 * BILIM_ENOMEM. */
int bilim_compare_parts_compute(const bilim_run_result *runs, int32_t option,
                                const bilim_run_result *parts, int32_t n_parts, double teachers,
                                bilim_package_parts *out, bilim_error *err);

/* Fills effect, cost_kzt and ce from share_diff and cost_diff (rows
 * 0..n_parts; the interaction row is computed here). Used by compute and
 * by a reader of the result file. Returns 0, or -1 when out of memory. */
int bilim_compare_parts_summarise(bilim_package_parts *p, double teachers);

/* Writes p under /comparison/package_parts/<package name> (names: the
 * comparison's scenario names). Errors: those of formats/output_write.h. */
int bilim_compare_parts_write(bilim_output *o, const bilim_package_parts *p,
                              const char *package, bilim_error *err);

struct bilim_comparison;

/* The decompositions of c's packages (c computed from runs, read from the
 * result file at path) from the file's /comparison/package_parts, into
 * c->packages; a package the file has no decomposition of is left out.
 * Errors: BILIM_ENOMEM, and those of formats/output_read.h when the file's
 * decomposition does not match its scenario (BILIM_EINVAL). */
int bilim_compare_parts_read(const char *path, const bilim_run_result *runs,
                             struct bilim_comparison *c, bilim_error *err);

/* Frees the arrays of p (not p); safe on a zeroed struct. */
void bilim_package_parts_clear(bilim_package_parts *p);

#endif
