/* models/preset.h: shipped population presets. */
#ifndef BILIM_PRESET_H
#define BILIM_PRESET_H

#include "base/error.h"
#include "models/scenario.h"

/* Fills out with the preset called name ("kz-national"). Returns 0, or -1
 * when no preset has that name. */
int bilim_preset_get(const char *name, bilim_population *out);

/* The preset names, NULL-terminated (for error messages and --help). */
const char *const *bilim_preset_names(void);

/* A proportional sample of n schools of pop: each (region, urban / rural
 * regular / small-class) cell keeps its share by largest remainder, so the
 * sample has the population's regional and locality shares as closely as n
 * allows. Teachers-per-school settings are kept. Deterministic. Errors:
 * BILIM_EUSAGE when n < 1 or n exceeds the population. */
int bilim_population_sample(const bilim_population *pop, int32_t n,
                            bilim_population *out, bilim_error *err);

/* Runs sc on a proportional sample of n schools (bilim_population_sample)
 * and scales what was written for the whole population by f = n / schools,
 * so every programme reaches the same share of schools as it would
 * nationally: budget_kzt, leadership and PD cohort sizes, hub counts,
 * partner universities and target.max_schools (each rounded, at least 1
 * where it was positive); survey_n is capped at n. Per-school quantities
 * (unit costs, grants, shares of salary, university capacity) are kept.
 * Errors: as bilim_population_sample. */
int bilim_scenario_sample(bilim_scenario *sc, int32_t n, bilim_error *err);

#endif
