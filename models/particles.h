/* models/particles.h: a weighted sample of parameter vectors (the
 * calibration's posterior: ABC-SMC particles and their weights), as plain
 * data.
 *
 * A design that propagates uncertainty draws whole particles by weight and
 * applies every column of the chosen one (and the tied parameters that
 * follow them), never mixing columns of different particles, so the
 * correlations the calibration found between the month-0 parameters are
 * kept. The file format and its reader are formats/particles_load.h; the
 * writer is `bilim calibrate --write-posterior` (analysis/calibrate.h). */
#ifndef BILIM_PARTICLES_H
#define BILIM_PARTICLES_H

#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "models/params.h"

#define BILIM_PARTICLES_MAX_COLUMNS 32
#define BILIM_PARTICLES_SOURCE_MAX 1024

/* A parameter that follows a column by a fixed offset (the calibration's
 * ties: the urban mean = the rural mean + 0.05). */
typedef struct bilim_particle_tie {
    const bilim_param_info *param;
    int32_t follows;            /* column index */
    double offset;
} bilim_particle_tie;

/* Caller-owned: bilim_particles_init allocates the arrays, _clear frees them. */
typedef struct bilim_particles {
    int32_t n;                  /* particles; 0 = no sample */
    int32_t n_columns;
    const bilim_param_info *columns[BILIM_PARTICLES_MAX_COLUMNS];
    int32_t n_ties;
    bilim_particle_tie ties[BILIM_PARTICLES_MAX_COLUMNS];
    double *theta;              /* [n][n_columns] */
    double *weight;             /* [n], non-negative, summing to 1 */
    double *cumulative;         /* [n]: weight[0] + ... + weight[i] (bilim_particles_finish) */
    char source[BILIM_PARTICLES_SOURCE_MAX];  /* how the sample was made */
    int32_t history_from;       /* the particles describe the state at this date (year * 12 +
                                 * month - 1) before a history; 0 = at month 0 */
} bilim_particles;

/* Allocates room for n particles of n_columns values (zeroed); columns,
 * ties and source are left for the caller to fill. Errors: BILIM_EINVAL
 * (n < 1, n_columns outside 1..BILIM_PARTICLES_MAX_COLUMNS), BILIM_ENOMEM. */
int bilim_particles_init(bilim_particles *p, int32_t n, int32_t n_columns, bilim_error *err);

/* Frees the arrays; safe on a zeroed struct. */
void bilim_particles_clear(bilim_particles *p);

/* A deep copy of src into dst (dst uninitialised). Errors: BILIM_ENOMEM. */
int bilim_particles_copy(bilim_particles *dst, const bilim_particles *src, bilim_error *err);

/* Checks the filled sample and normalises its weights: every weight finite
 * and >= 0 with a positive sum, every value and tied value inside its
 * parameter's range, no parameter twice. Fills cumulative. Errors:
 * BILIM_EINVAL with a message naming the particle and parameter. */
int bilim_particles_finish(bilim_particles *p, bilim_error *err);

/* The particle drawn by u in [0, 1): the first i with cumulative[i] > u
 * (inverse CDF of the weights in particle order; zero-weight particles are
 * never drawn). */
int32_t bilim_particles_pick(const bilim_particles *p, double u);

/* Writes every column of particle i and every tied parameter into params. */
void bilim_particles_apply(const bilim_particles *p, int32_t i, bilim_params *params);

/* The column of parameter info (or of the column it is tied to), or -1. */
int32_t bilim_particles_column(const bilim_particles *p, const bilim_param_info *info);

/* Effective sample size of the weights, 1 / sum(w^2). */
double bilim_particles_ess(const bilim_particles *p);

#endif
