/* analysis/compare_internal.h: the steps of bilim_compare_compute() that
 * live in separate files (compare_rows.c, compare_rank.c). Not a public
 * interface: used only inside analysis/. */
#ifndef BILIM_COMPARE_INTERNAL_H
#define BILIM_COMPARE_INTERNAL_H

#include "analysis/compare.h"
#include "base/i18n.h"

/* Builds c->rows from c->series and runs. Returns 0, or -1 when out of memory. */
/* s in the user's language (local) or as written, in English, for what goes
 * into files: the result file must not depend on the user's language.
 * An xgettext keyword (scripts/pot.sh). */
#define BILIM__TEXT(local, s) ((local) ? _(s) : (s))

/* kzt as bilim_compare_format_kzt writes it, in the user's language (local)
 * or in English. */
void bilim__compare_kzt_text(double kzt, int local, char *buf, size_t n);

/* The note on budgets (c->budget_note's sentence) in the user's language
 * (local) or in English (the result file's). */
void bilim__compare_budget_text(const bilim_comparison *c, int local, char *buf, size_t n);

int bilim__compare_build_rows(bilim_comparison *c, const bilim_run_result *runs);

/* Fills rankings, spending, budget caps and the budget note. Returns 0. */
int bilim__compare_rank(bilim_comparison *c, const bilim_run_result *runs);

/* Fills the regional effects (n_regions, region_*) when every run recorded
 * per-region series; leaves n_regions 0 otherwise. Returns 0, or -1 when
 * out of memory. */
int bilim__compare_regions(bilim_comparison *c, const bilim_run_result *runs);

#endif
