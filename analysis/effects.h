/* analysis/effects.h: virtual trials of every intervention type against the
 * literature's effect sizes, and 2x2 factorials of the main pairs
 * (docs/ODD.md 7.4, "Virtual trials"). `bilim effects` prints them; a test
 * checks that every shipped default lands inside its bound.
 *
 * A trial reproduces the design of the studies a lever's figure rests on:
 * a random half of the schools (stream TARGET, through target.fraction) is
 * treated for the study's duration on top of the baseline scenario (business
 * as usual), the outcome is measured on the study's unit (principals or
 * teachers) at the study's month, and the effect is in SD of that outcome:
 * the month-0 SD across all the trial's units for a latent state (K, S, k),
 * or, for practice, the SD across the comparison arm's teachers at the
 * measurement month (a new practice has no month-0 spread; the studies
 * standardise by the comparison group's post-test SD). Each replicate runs
 * two arms on common random numbers: arm A with the programme, arm B with
 * the comparison programme (the same programme at intensity 0, which is the
 * baseline bit for bit, or the design's comparison, e.g. PD without a
 * learning community). The estimate is
 *     ((treated - control in A) - (treated - control in B)) / SD,
 * the randomised difference less the chance difference between the same two
 * groups without the programme. Student-achievement figures are compared
 * through the practice-to-achievement ratio BILIM_EFFECTS_ACHIEVEMENT_PER_PRACTICE.
 *
 * A factorial runs four arms on common random numbers (baseline, A, B, A and
 * B, each reaching every school) and reports each effect on practice, the
 * interaction (A+B) - A - B and the ratio (A+B) / (A + B), each with a t
 * interval over replicates. */
#ifndef BILIM_EFFECTS_H
#define BILIM_EFFECTS_H

#include <stdatomic.h>
#include <stdint.h>
#include "base/error.h"
#include "base/stats.h"
#include "models/model.h"
#include "models/scenario.h"

/* Student achievement per unit of teacher practice, both in SD: coaching
 * moves instruction by 0.49 SD and achievement by 0.18 SD (Kraft, Blazar &
 * Hogan 2018), so an effect on practice maps to 0.18 / 0.49 of it on
 * achievement (docs/ODD.md 7.4). */
#define BILIM_EFFECTS_ACHIEVEMENT_PER_PRACTICE (0.18 / 0.49)

/* An effect on practice (SD) as an effect on student achievement (SD). */
double bilim_effects_achievement(double practice_sd);

/* The denominator of a trial's standardised effect. */
typedef enum bilim_effects_sd {
    BILIM_EFFECTS_SD_MONTH0 = 0,   /* month-0 SD across the trial's units */
    BILIM_EFFECTS_SD_COMPARISON = 1 /* SD across arm B's units at the measurement month */
} bilim_effects_sd;

/* One virtual trial: the design, what it is compared with, and the
 * parameter it derives (docs/ODD.md 7.4 gives each derivation). */
typedef struct bilim_effects_trial {
    const char *name;           /* "leadership_K" */
    bilim_iv_type type;
    const char *design;         /* who is treated, for how long, measured when */
    int32_t month;              /* measurement month (the programme starts at month 0) */
    bilim_unit_var outcome;     /* measured on principals, schools or teachers */
    bilim_effects_sd sd;
    int achievement;            /* 1: the practice effect is mapped to student achievement */
    double target;              /* the figure the default is set to hit; NaN: none */
    double low, high;           /* the bound a shipped default must stay in; NaN: none */
    const char *literature;     /* the figure and how the target follows from it */
    const char *source;
    const char *parameter;      /* the parameter this trial derives, "" for a check */
    /* A check the model is known to leave its bound, in this direction
     * (-1 below, +1 above; docs/ODD.md 7.4 says why); 0: it must be inside,
     * like every derived default. tests/test_effects.c holds both. */
    int known_outside;
} bilim_effects_trial;

/* The trials, in the order `bilim effects` prints them. */
const bilim_effects_trial *bilim_effects_trials(int *n);

/* The trial named name, or NULL. */
const bilim_effects_trial *bilim_effects_find(const char *name);

/* The two arms' programmes of a trial: *treat for arm A, *comparison for arm
 * B (defaults of the type, then the design; no budget cap). */
void bilim_effects_design(const bilim_effects_trial *t, bilim_intervention *treat,
                          bilim_intervention *comparison);

/* A 2x2 factorial of two trials' programmes, each reaching every school. */
typedef struct bilim_effects_pair {
    const char *name;           /* "leadership x funding" */
    const char *a, *b;          /* trial names */
    int32_t month;              /* measurement month */
} bilim_effects_pair;

const bilim_effects_pair *bilim_effects_pairs(int *n);

#define BILIM_EFFECTS_MAX_TRIALS 24
#define BILIM_EFFECTS_MAX_PAIRS 4

typedef struct bilim_effects_row {
    const bilim_effects_trial *trial;
    bilim_interval effect;      /* over replicates, in SD of the outcome (achievement SD if mapped) */
    double sd;                  /* the denominator, mean over replicates */
    double treated;             /* share of the trial's units treated, mean over replicates */
    int in_bound;               /* 1 inside [low, high], 0 outside, -1 no bound */
} bilim_effects_row;

typedef struct bilim_effects_fact {
    const bilim_effects_pair *pair;
    bilim_interval a, b, ab;    /* effects on practice (SD of the baseline arm) */
    bilim_interval interaction; /* ab - a - b */
    bilim_interval ratio;       /* ab / (a + b) */
} bilim_effects_fact;

typedef struct bilim_effects_result {
    int32_t schools;
    int32_t replicates;
    uint64_t seed;
    int32_t n_rows;
    bilim_effects_row rows[BILIM_EFFECTS_MAX_TRIALS];
    int32_t n_facts;
    bilim_effects_fact facts[BILIM_EFFECTS_MAX_PAIRS];
} bilim_effects_result;

/* Called as jobs (one trial or factorial replicate each) complete, from one
 * thread at a time. */
typedef void (*bilim_effects_progress_fn)(void *user, int32_t done, int32_t total);

typedef struct bilim_effects_options {
    int32_t replicates;                 /* >= 1 */
    int threads;                        /* <= 0: OMP_NUM_THREADS or all cores */
    const char *only;                   /* run this trial only (NULL: all) */
    int factorials;                     /* 1: also the 2x2 factorials */
    bilim_effects_progress_fn progress; /* may be NULL */
    void *progress_user;
    const atomic_int *cancel;           /* the caller's flag, may be NULL: non-zero stops */
} bilim_effects_options;

/* Runs the trials (and factorials) on top of base, whose population,
 * parameters, innovations, interventions (business as usual) and seed they
 * use; base's own horizon and replicates are ignored. Replicate r of every
 * arm starts from the same population. Errors: BILIM_EINVAL (a trial that
 * finds no treated or no control unit, an unknown trial name), BILIM_ENOMEM,
 * BILIM_EINTR (cancelled). */
int bilim_effects_run(const bilim_scenario *base, const bilim_effects_options *opt,
                      bilim_effects_result *out, bilim_error *err);

/* Writes effects.csv and factorials.csv into dir (created when missing),
 * each complete or absent. Errors: BILIM_EIO. */
int bilim_effects_write_csv(const bilim_effects_result *r, const char *dir, bilim_error *err);

#endif
