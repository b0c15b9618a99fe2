/* analysis/compare_internal.h: the steps of bilim_compare_compute() that
 * live in separate files (compare_rows.c, compare_rank.c). Not a public
 * interface: used only inside analysis/. */
#ifndef BILIM_COMPARE_INTERNAL_H
#define BILIM_COMPARE_INTERNAL_H

#include "analysis/compare.h"

/* Builds c->rows from c->series and runs. Returns 0, or -1 when out of memory. */
int bilim__compare_build_rows(bilim_comparison *c, const bilim_run_result *runs);

/* Fills rankings, spending, budget caps and the budget note. Returns 0. */
int bilim__compare_rank(bilim_comparison *c, const bilim_run_result *runs);

/* Fills the regional effects (n_regions, region_*) when every run recorded
 * per-region series; leaves n_regions 0 otherwise. Returns 0, or -1 when
 * out of memory. */
int bilim__compare_regions(bilim_comparison *c, const bilim_run_result *runs);

#endif
