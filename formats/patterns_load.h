/* formats/patterns_load.h: the pattern file of a calibration
 * (data/case-study-patterns.json; docs/calibration.md, "Pattern checks"):
 *
 *   {"description": "...", "source": "...",
 *    "patterns": [{"id": "rural_material_barrier",
 *                  "passage": "Resources remain a decisive constraint, ...",
 *                  "where": "seed 002, literature review",
 *                  "month": 0, "quantity": "barriers.weak_material_base",
 *                  "change": false,
 *                  "groups": [{"locality": "rural", "weight": 1},
 *                             {"locality": "urban", "weight": -1}]}]}
 *
 * Each group: "locality" ("urban", "rural", "any"), "K", "S", "R"
 * ("below_median", "above_median", "any") and "weight" (non-zero). Read
 * with the field tables of formats/fields.h, so messages name the file,
 * line, JSON path, value and what is allowed. */
#ifndef BILIM_PATTERNS_LOAD_H
#define BILIM_PATTERNS_LOAD_H

#include "formats/fields.h"
#include "models/patterns.h"

/* Reads the pattern file that ref names (relative to the file holding
 * ref) into out[BILIM_MAX_PATTERNS] and *n; months must lie in 0 to
 * horizon. Problems are reported through c. text (may be NULL) receives
 * the file's text on success. */
void bilim_patterns_load_ref(bilim_fields *c, const bilim_json *ref, int32_t horizon,
                             bilim_pattern *out, int *n, char **text);

#endif
