/* formats/uncertainty.h: the files and texts that say what is uncertain
 * (docs/compare.md, "Decisions under uncertainty").
 *
 *  - A posterior sample file (written by `bilim calibrate --write-posterior`):
 *      {"description": "...", "source": "...",
 *       "parameters": ["init_K_mean_rural", ...],          the columns
 *       "tied": [{"name": "init_K_mean_urban", "follows": "init_K_mean_rural",
 *                 "offset": 0.05}, ...],                   optional
 *       "weights": [w_0, ...],
 *       "particles": [[theta_00, theta_01, ...], ...]}
 *  - The "uncertainty" object of a scenario file (read from the baseline's
 *    file, or the nearest file of its "extends" chain that has one):
 *      "uncertainty": {"posterior_file": "params/kz-2026-survey-posterior.json",
 *                      "fix": ["cost_R", "diffusion"],
 *                      "priors": {"eta_pd": "factor:base,3"}}
 *    Paths are relative to the file that names them.
 *  - A prior written as text, on the command line (--prior NAME=SPEC) and
 *    in "priors": KIND:P1,P2[,LO,HI] with KIND one of factor, beta_mean,
 *    normal, uniform, lognormal, beta (models/param_priors.h) and P1 "base"
 *    for the baseline's value.
 *
 * Every reader is strict (unknown keys, wrong types, bad numbers are errors
 * naming the file and the field) and touches no global state. */
#ifndef BILIM_UNCERTAINTY_H
#define BILIM_UNCERTAINTY_H

#include "base/error.h"
#include "models/param_priors.h"
#include "models/particles.h"

#define BILIM_UNCERTAINTY_MAX_ITEMS 128
#define BILIM_UNCERTAINTY_NAME_MAX 64
#define BILIM_UNCERTAINTY_PATH_MAX 4096

/* Reads a posterior sample file into p (caller-owned; bilim_particles_clear
 * frees it) and finishes it (bilim_particles_finish). Errors: BILIM_EIO
 * (unreadable), BILIM_EINVAL (the message names the file and field),
 * BILIM_ENOMEM. */
int bilim_particles_load(const char *path, bilim_particles *p, bilim_error *err);

/* One prior override: a name and its written prior. */
typedef struct bilim_uncertainty_prior {
    char name[BILIM_UNCERTAINTY_NAME_MAX];
    bilim_prior_text prior;
} bilim_uncertainty_prior;

/* What a scenario file (or the command line) says about uncertainty. */
typedef struct bilim_uncertainty {
    char posterior_file[BILIM_UNCERTAINTY_PATH_MAX];   /* "" when none */
    int n_fix;
    char fix[BILIM_UNCERTAINTY_MAX_ITEMS][BILIM_UNCERTAINTY_NAME_MAX];
    int n_priors;
    bilim_uncertainty_prior priors[BILIM_UNCERTAINTY_MAX_ITEMS];
} bilim_uncertainty;

/* Empties u. */
void bilim_uncertainty_init(bilim_uncertainty *u);

/* Reads the "uncertainty" object of the scenario file at path, or of the
 * nearest file up its "extends" chain that has one; leaves u empty when
 * none has. posterior_file comes back resolved against the file that names
 * it. Errors: BILIM_EIO, BILIM_EINVAL (file and field named), BILIM_ENOMEM. */
int bilim_uncertainty_load(const char *scenario_path, bilim_uncertainty *u, bilim_error *err);

/* Parses "KIND:P1,P2[,LO,HI]" (P1 may be "base"). Returns 0, or non-zero
 * with a message in msg (size n) saying what is allowed. */
int bilim_prior_text_parse(const char *s, bilim_prior_text *out, char *msg, size_t n);

/* Parses "NAME=KIND:P1,P2[,LO,HI]" into out. Errors: BILIM_EUSAGE. */
int bilim_uncertainty_parse_prior(const char *s, bilim_uncertainty_prior *out, bilim_error *err);

/* Writes t as text in the syntax above ("factor:base,2"). */
void bilim_prior_text_format(const bilim_prior_text *t, char *buf, size_t n);

#endif
