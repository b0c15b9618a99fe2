/* analysis/calibrate_patterns.c: the case-study patterns on the posterior
 * (see calibrate.h): each particle of the final generation runs the
 * problem's scenario once at its parameters and is checked against every
 * pattern; a pattern's share is the total weight of the particles that
 * reproduce it. */
#include "analysis/calibrate.h"

#include <math.h>
#include <string.h>
#include <omp.h>
#include "base/alloc.h"

int bilim_calibrate_patterns(const bilim_calibration *c, const bilim_calib_problem *prob,
                             const bilim_abc_result *a, int threads, const atomic_int *cancel,
                             double *contrast, double *share, bilim_error *err)
{
    int np = c->n_patterns, d = c->n_free;
    int32_t n = a->n_particles;
    for (int k = 0; k < np; k++)
        share[k] = 0.0;
    if (np == 0)
        return BILIM_OK;
    int nt = threads > 0 ? threads : omp_get_max_threads();
    bilim_error *errs = bilim_calloc((size_t)n, sizeof *errs);
    int *rcs = bilim_calloc((size_t)n, sizeof *rcs);
    bilim_scenario *ws = bilim_malloc((size_t)nt * sizeof *ws);
    if (!errs || !rcs || !ws) {
        bilim_free(errs);
        bilim_free(rcs);
        bilim_free(ws);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for the pattern checks");
    }
    #pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (int32_t i = 0; i < n; i++) {
        double *out = &contrast[(size_t)i * np];
        for (int k = 0; k < np; k++)
            out[k] = NAN;
        if (cancel && atomic_load(cancel)) {
            rcs[i] = bilim_error_set(&errs[i], BILIM_EINTR, "interrupted");
            continue;
        }
        bilim_scenario *sc = &ws[omp_get_thread_num()];
        *sc = prob->scenario;
        if (bilim_calibrate_apply(c, &a->theta[(size_t)i * d], &sc->params) != 0)
            continue; /* cannot happen for an accepted particle; counts as not reproduced */
        sc->seed = bilim_abc_sim_seed(c->abc.seed, BILIM_CALIBRATE_PATTERN_REPLICATE, (uint64_t)i, 0);
        rcs[i] = bilim_patterns_eval(sc, c->patterns, np, out, &errs[i]);
    }
    int rc = BILIM_OK;
    for (int32_t i = 0; i < n && !rc; i++)
        if (rcs[i]) {
            *err = errs[i];
            rc = rcs[i];
            if (rc != BILIM_EINTR)
                bilim_error_prefix(err, "pattern checks, particle %d", i);
        }
    for (int32_t i = 0; i < n && !rc; i++)
        for (int k = 0; k < np; k++)
            if (contrast[(size_t)i * np + k] > 0.0)
                share[k] += a->weights[i];
    bilim_free(errs);
    bilim_free(rcs);
    bilim_free(ws);
    return rc;
}
