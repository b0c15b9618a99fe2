/* formats/region_names.h: the names people write for Kazakhstan's regions.
 *
 * A scenario names regions (target.regions) by the population's names
 * ("Turkistan", "Almaty Region"). People also write the official Kazakh,
 * Russian and English names, former names and the words "Region", "oblast"
 * or "облысы"/"область": this module maps those to the population's name,
 * from one table of aliases (listed in docs/scenarios.md, "Region names").
 * Latin letters compare without case; Cyrillic as written. Thread-safe (no
 * state). */
#ifndef BILIM_REGION_NAMES_H
#define BILIM_REGION_NAMES_H

#include <stddef.h>
#include "models/scenario.h"

/* One alias: what people write, the kz-national preset's name it means and
 * why (e.g. "former name, renamed 2018"). */
typedef struct bilim_region_alias {
    const char *alias;
    const char *region;
    const char *why;
} bilim_region_alias;

/* The alias table and its length. */
const bilim_region_alias *bilim_region_names_aliases(size_t *n);

/* The index in pop of the region that name[0..n) denotes: the region's own
 * name; an alias of a region of pop; or either with a suffix or prefix
 * "Region", "oblast", "Province", "oblysy", "облысы", "область", "обл." (a
 * suffixed name prefers "<name> Region": "Almaty oblast" is "Almaty
 * Region", not the city). -1 when none. */
int bilim_region_names_find(const bilim_population *pop, const char *name, size_t n);

/* For a name that bilim_region_names_find does not know: the region of pop
 * whose name or alias, alone or with " oblast" or " Region", is closest in
 * spelling (formats/json.h's suggestion rule), or NULL. *alias is set to the
 * alias row it matched, or NULL when it matched the region's own name. */
const char *bilim_region_names_suggest(const bilim_population *pop, const char *name, size_t n,
                                       const bilim_region_alias **alias);

#endif
