/* models/population.h: population synthesis (ODD 5), private to models/.
 *
 * Structure: per region, its urban schools, then its rural schools with the
 * small-class ones spread evenly among them (so a cluster of a rural district
 * mixes small and regular schools, as districts do). Teachers per school:
 * lognormal with the size class's mean and log-sd, rounded, at least
 * max(teachers_min, 1) and at most BILIM_TEACHERS_MAX. Clusters: each run of
 * schools of one region and locality is cut into max(1, round(n / cluster_size))
 * consecutive clusters of near-equal size.
 *
 * Streams: teacher counts (POPULATION, school, 0); R and M_s (SCHOOL_INIT,
 * school, 0); K, S, O, gender, age group (PRINCIPAL_INIT, school, 0); k, m
 * and initial use states (TEACHER_INIT, slot, 0). None depends on the
 * innovations' p, q or on interventions, so replicate r of two scenarios with
 * the same seed, population and initial-state parameters starts identical. */
#ifndef BILIM_POPULATION_H
#define BILIM_POPULATION_H

#include <stdint.h>
#include "base/error.h"
#include "base/rng.h"
#include "models/agents.h"
#include "models/scenario.h"

#define BILIM_TEACHERS_MAX 100000

/* Lays out schools, draws teacher counts, forms clusters and allocates every
 * agent array of a (zeroed on entry; freed with bilim_agents_clear, also on
 * error). Adds the heap bytes to *bytes. rng: any caller-owned stream.
 * Errors: BILIM_EINVAL (no schools, bad teacher settings), BILIM_ENOMEM. */
int bilim_population_build(bilim_agents *a, const bilim_scenario *sc, uint32_t replicate,
                           bilim_rng *rng, size_t *bytes, bilim_error *err);

/* Draws school s's R and principal, returns the school's mean teacher
 * motivation M_s (to draw its teachers; also kept in M0, new hires' mean). */
double bilim_population_init_school(bilim_agents *a, const bilim_scenario *sc,
                                    uint32_t replicate, int32_t s, bilim_rng *rng);

/* Draws the teachers of school s: m ~ Beta(M_s, init_m_kappa),
 * k ~ Beta(init_k_mean by locality, init_k_kappa), then for each innovation a
 * uniform u: routine if u < initial_routine, trial if u < initial_routine +
 * initial_trial, else non-use. Thread-safe for distinct schools. */
void bilim_population_init_teachers(bilim_agents *a, const bilim_scenario *sc,
                                    uint32_t replicate, int32_t s, double M_s, bilim_rng *rng);

/* The steady-state share of vacant posts of a locality: out / (out +
 * vacancy_fill_monthly), out = the monthly leave probability x (1 - the
 * locality's fill rate). Month-0 vacancies: each slot is vacant when its
 * uniform (VACANCY, slot, 0) is below it; a vacant slot has no use state. */
double bilim_population_vacancy_share(const bilim_params *p, int locality);

/* Records school s's month-0 reference state (ODD 7.1): R0 = R, L0 = rho,
 * A0 = its share of teacher-innovation pairs in routine use (counts of
 * buffer buf). Call after bilim_population_count. */
void bilim_population_set_reference(bilim_agents *a, int32_t s, int buf);

/* Recomputes school s's use counts into buffer buf and its sums of k and m
 * from the teacher arrays. */
void bilim_population_count(bilim_agents *a, int32_t s, int buf);

#endif
