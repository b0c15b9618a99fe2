/* analysis/discovery.h: scenario discovery for a propagated comparison:
 * under which conditions does each option win? (docs/compare.md, "Under
 * which conditions does each option win?").
 *
 * The top option is the one most often ranked first by effect (additional
 * teachers in routine use). For every other option whose probability of
 * being ranked first is above min_p_best (default 10%), PRIM
 * (analysis/prim.h) is run on the draws: the inputs are the uncertain
 * parameters the design varied (its factors, and the posterior sample's
 * month-0 columns when every draw has a particle), the outcome "this
 * competitor has a larger effect than the top option in this draw". The
 * box found says in which region of the parameters the competitor wins:
 * its mass (how often those conditions hold), density (how often the
 * competitor wins within them) and coverage (the share of all its wins
 * that happen there). */
#ifndef BILIM_DISCOVERY_H
#define BILIM_DISCOVERY_H

#include <stddef.h>
#include <stdint.h>
#include "analysis/prim.h"
#include "base/error.h"
#include "sim/design.h"

#define BILIM_DISCOVERY_MIN_P_BEST 0.10
/* PRIM peels the 8 inputs that separate wins from losses best (prim.h,
 * screening): tens of inputs and a few hundred draws otherwise give boxes
 * made of chance. */
#define BILIM_DISCOVERY_SCREENED 8
#define BILIM_DISCOVERY_MAX_INPUTS (BILIM_DESIGN_MAX_FACTORS + 64)

/* One competitor against the top option. */
typedef struct bilim_discovery_pair {
    int32_t winner;          /* scenario index of the competitor */
    int32_t against;         /* scenario index of the top option */
    char winner_name[BILIM_NAME_MAX], against_name[BILIM_NAME_MAX];
    double p_best;           /* the competitor's probability of ranking first */
    double p_wins;           /* share of draws with winner's effect > against's */
    bilim_prim_result prim;  /* PRIM on "winner beats against" */
} bilim_discovery_pair;

typedef struct bilim_discovery {
    int32_t top;             /* scenario index of the option most often first; -1: none */
    double p_top;            /* its probability of ranking first */
    double min_p_best;
    bilim_prim_settings settings;
    int32_t n_inputs;
    const char **inputs;             /* [n_inputs] names (point into the design) */
    const char **descriptions;       /* [n_inputs] the parameter table's words, or NULL */
    int32_t n_pairs;
    bilim_discovery_pair *pairs;     /* [n_pairs] */
} bilim_discovery;

/* From design d (its points are the draws) and effect[draw][scenario]
 * (n_draws x S, scenario 0 the baseline) and p_first[option - 1], the
 * options' probabilities of ranking first. Errors: BILIM_EINVAL (n_draws
 * is not d's number of points), BILIM_ENOMEM, those of bilim_prim_run. No
 * varied input or a single option: no pairs. */
int bilim_discovery_compute(const bilim_design *d, const double *effect, int32_t n_draws,
                            int32_t S, const double *p_first, double min_p_best,
                            bilim_discovery *out, bilim_error *err);

void bilim_discovery_clear(bilim_discovery *dc);

/* The finding of pair i in plain words, e.g. "leadership_training has a larger effect than
 * innovation_hub in 23% of draws, mostly when ...". Truncated to n bytes. */
void bilim_discovery_sentence(const bilim_discovery *dc, int32_t i, char *buf, size_t n);

#endif
