/* tests/synthetic_runs.h: made-up but well-formed run results for tests of
 * the comparison, CSV and report code, without running the model. Header
 * only (each test binary is one translation unit).
 *
 * Scenario s, replicate r, month t, innovation j: routine-use share
 * 0.02 + t * (0.004 + 0.002 s) * (1 + 0.05 r) / (1 + j), the same for all
 * scenarios at month 0 (common random numbers start alike); rural schools
 * at 80% of urban; option s spends 1e8 * s KZT a month. With per-region
 * series (synth_runs_by_region), region g's share is (0.5 + 0.05 g) times
 * the urban share. */
#ifndef BILIM_TEST_SYNTHETIC_RUNS_H
#define BILIM_TEST_SYNTHETIC_RUNS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/observe.h"
#include "sim/runner.h"

static inline void synth_set(bilim_run_result *run, int r, int t, bilim_metric_id id, int i,
                             double v)
{
    const bilim_metric *m = &run->layout.metrics[id];
    if (m->present && (size_t)i < m->size)
        ((double *)bilim_run_record(run, r, t))[m->offset + (size_t)i] = v;
}

static inline void synth_fill(bilim_run_result *run, int s)
{
    const bilim_scenario *sc = &run->scenario;
    for (int r = 0; r < run->replicates; r++)
        for (int t = 0; t <= run->months; t++) {
            double slope = t == 0 ? 0.0 : (0.004 + 0.002 * s) * (1 + 0.05 * r);
            for (int j = 0; j < sc->n_innovations; j++) {
                double u = 0.02 + t * slope / (1 + j);
                synth_set(run, r, t, BILIM_M_ADOPTION_ROUTINE, j, 0.9 * u);
                synth_set(run, r, t, BILIM_M_ADOPTION_TRIAL, j, 0.5 * u);
                synth_set(run, r, t, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, 2 * j, u);
                synth_set(run, r, t, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, 2 * j + 1, 0.8 * u);
                int32_t G = sc->population.n_regions;
                for (int32_t g = 0; g < G; g++)
                    synth_set(run, r, t, BILIM_M_ADOPTION_ROUTINE_BY_REGION, j * G + g,
                              (0.5 + 0.05 * g) * u);
            }
            double x = t * slope;
            synth_set(run, r, t, BILIM_M_READINESS_BAND_SHARE, 0, 0.38 - x);
            synth_set(run, r, t, BILIM_M_READINESS_BAND_SHARE, 1, 0.62 + 0.5 * x);
            synth_set(run, r, t, BILIM_M_READINESS_BAND_SHARE, 2, 0.5 * x);
            for (int k = 0; k < BILIM_N_BARRIERS; k++)
                synth_set(run, r, t, BILIM_M_BARRIER_PREVALENCE, k, (0.9 - 0.15 * k) * (1 - x));
            for (int i = 0; i < sc->n_interventions; i++)
                synth_set(run, r, t, BILIM_M_COST_KZT_CUMULATIVE, i, 1e8 * s * t);
        }
}

/* Fills runs[0..n-1]: "baseline" and the given option names (names[0] is
 * the baseline's), R replicates, M months, 3 innovations. Free with
 * synth_free. */
static inline void synth_runs_opts(bilim_run_result *runs, int n, const char *const *names,
                                   int R, int M, int by_region)
{
    for (int s = 0; s < n; s++) {
        bilim_run_result *run = &runs[s];
        memset(run, 0, sizeof *run);
        bilim_scenario *sc = &run->scenario;
        bilim_scenario_defaults(sc);
        snprintf(sc->name, sizeof sc->name, "%s", names[s]);
        sc->replicates = R;
        sc->months = M;
        sc->n_innovations = 3;
        sc->innovations[1] = sc->innovations[2] = sc->innovations[0];
        strcpy(sc->innovations[1].name, "digital_platform");
        strcpy(sc->innovations[2].name, "criteria_assessment");
        sc->n_interventions = s > 0;
        if (s > 0) {
            bilim_intervention_defaults(&sc->interventions[0], BILIM_IV_LEADERSHIP_TRAINING);
            sc->interventions[0].budget_kzt = 1e10;
            sc->interventions[0].unit_cost_kzt = 1e6;
        }
        sc->outputs.by_region = by_region;
        bilim_obs_layout_init(&run->layout, sc);
        run->replicates = R;
        run->months = M;
        run->schools = 1000;
        run->teachers = 50000;
        run->series = calloc((size_t)R * (size_t)(M + 1) * run->layout.record_size,
                             sizeof(double));
        synth_fill(run, s);
    }
}

static inline void synth_runs(bilim_run_result *runs, int n, const char *const *names, int R,
                              int M)
{
    synth_runs_opts(runs, n, names, R, M, 0);
}

/* The same with per-region series recorded (outputs.by_region). */
static inline void synth_runs_by_region(bilim_run_result *runs, int n, const char *const *names,
                                        int R, int M)
{
    synth_runs_opts(runs, n, names, R, M, 1);
}

/* The headline statistic recomputed from a run's records: the mean over
 * innovations of the routine-use shares of (replicate, month). */
static inline double test_routine_mean(const bilim_run_result *run, int32_t r, int32_t t)
{
    const bilim_metric *m = &run->layout.metrics[BILIM_M_ADOPTION_ROUTINE];
    const double *x = bilim_run_record(run, r, t) + m->offset;
    double s = 0.0;
    for (int32_t j = 0; j < run->scenario.n_innovations; j++)
        s += x[j];
    return s / run->scenario.n_innovations;
}

static inline void synth_free(bilim_run_result *runs, int n)
{
    for (int s = 0; s < n; s++)
        free(runs[s].series);
}

#endif
