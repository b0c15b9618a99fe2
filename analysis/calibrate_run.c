/* analysis/calibrate_run.c: a whole calibration: ABC-SMC, then the
 * posterior predictive and the summaries (see calibrate.h). */
#include "analysis/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "base/alloc.h"
#include "base/clock.h"

void bilim_calibrate_result_clear(bilim_calibrate_result *r)
{
    if (!r)
        return;
    bilim_abc_result_clear(&r->abc);
    bilim_free(r->pred);
    bilim_free(r->pred_w);
    bilim_free(r->pattern_contrast);
    memset(r, 0, sizeof *r);
}

/* The written point estimate and its check against the data (see
 * bilim_calibrate_result). */
static int check_point(const bilim_calibration *c, const bilim_abc_model *model, int threads,
                       const atomic_int *cancel, bilim_calibrate_result *out, bilim_error *err)
{
    for (int i = 0; i < c->n_free; i++) {
        double v = bilim_calibrate_round(out->point[i]);
        if (v < c->prior[i].lower)
            v = c->prior[i].lower;
        if (v > c->prior[i].upper)
            v = c->prior[i].upper;
        out->point_written[i] = v;
    }
    /* A one-particle population at the written values, simulated with the
     * posterior predictive machinery on its own streams. */
    double w = 1.0, dist = 0.0, summ[BILIM_CALIB_N_TARGETS];
    bilim_abc_result one = {1, c->n_free, BILIM_CALIB_N_TARGETS, out->point_written, &w, &dist,
                            summ, 0, NULL, 0, 0};
    double *pred = bilim_malloc((size_t)BILIM_CALIBRATE_CHECK_SURVEYS * BILIM_CALIB_N_TARGETS * sizeof *pred);
    if (!pred)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = bilim_posterior_predict(model, &one, BILIM_CALIBRATE_CHECK_SURVEYS, c->abc.seed,
                                     BILIM_CALIBRATE_CHECK_REPLICATE, threads, cancel, pred, err);
    if (rc) {
        bilim_free(pred);
        return rc;
    }
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        double s = 0.0;
        for (int k = 0; k < BILIM_CALIBRATE_CHECK_SURVEYS; k++)
            s += pred[(size_t)k * BILIM_CALIB_N_TARGETS + t];
        out->check_mean[t] = s / BILIM_CALIBRATE_CHECK_SURVEYS;
        double lo, hi, n = bilim_calib_target_n(c, t);
        bilim_posterior_wilson(c->observed[t], n, 1.959963984540054, &lo, &hi);
        out->wilson_lo[t] = lo * n;
        out->wilson_hi[t] = hi * n;
        out->check_inside[t] = out->check_mean[t] >= lo * n && out->check_mean[t] <= hi * n;
    }
    out->noise_level = bilim_calibrate_noise_level(c, pred, BILIM_CALIBRATE_CHECK_SURVEYS);
    bilim_free(pred);
    if (isnan(out->noise_level))  /* its only failure with 400 surveys */
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    return BILIM_OK;
}

static int summarise(const bilim_calibration *c, bilim_calibrate_result *out)
{
    const bilim_abc_result *a = &out->abc;
    int cols[BILIM_CALIB_N_TARGETS];
    out->n_fit = 0;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        if (bilim_calib_active(c, t)) {
            out->fit_target[out->n_fit] = t;
            cols[out->n_fit++] = t;
        }
    if (bilim_posterior_fit(out->pred, BILIM_CALIB_N_TARGETS, out->pred_w, (size_t)out->n_pred,
                            out->n_fit, cols, out->fit_mean, out->fit_q05, out->fit_q95))
        return BILIM_ENOMEM;
    if (bilim_posterior_identify(a->theta, a->weights, (size_t)a->n_particles, c->n_free,
                                 c->prior, out->ident, out->corr))
        return BILIM_ENOMEM;
    if (bilim_posterior_point(a->theta, a->weights, (size_t)a->n_particles, c->n_free, c->point,
                              out->point))
        return BILIM_ENOMEM;
    return BILIM_OK;
}

/* c's problem (into *prob, which model points to), its ABC model and the
 * settings of a run spread over the MPI ranks, if there are several (the
 * other ranks serve it: bilim_calibrate_serve). */
static int prepare(const bilim_calibration *c, int threads, const atomic_int *cancel,
                   bilim_calib_problem *prob, const char **names, bilim_abc_model *model,
                   bilim_abc_settings *s, bilim_error *err)
{
    int rc = bilim_calibrate_setup(c, threads, prob, names, model, s, err);
    if (rc)
        return rc;
    s->cancel = cancel;
    s->spread = 1;
    return BILIM_OK;
}

int bilim_calibrate_run(const bilim_calibration *c, int threads,
                    void (*progress)(void *arg, const bilim_abc_progress *p), void *arg,
                    const atomic_int *cancel, bilim_calibrate_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    double t0 = bilim_clock_now();
    bilim_calib_problem prob;
    const char *names[BILIM_CALIB_MAX_PARAMS];
    bilim_abc_model model;
    bilim_abc_settings s;
    int rc = prepare(c, threads, cancel, &prob, names, &model, &s, err);
    if (rc)
        return rc;
    s.progress = progress;
    s.progress_arg = arg;
    out->threads = threads > 0 ? threads : omp_get_max_threads();
    rc = bilim_abc_run(&model, &s, &out->abc, err);
    if (rc)
        goto fail;
    int32_t n = out->abc.n_particles, draws = c->predictive_draws;
    out->n_pred = n * draws;
    out->pred = bilim_malloc((size_t)out->n_pred * BILIM_CALIB_N_TARGETS * sizeof(double));
    out->pred_w = bilim_malloc((size_t)out->n_pred * sizeof(double));
    if (!out->pred || !out->pred_w) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory for %d predictive surveys",
                             out->n_pred);
        goto fail;
    }
    rc = bilim_posterior_predict(&model, &out->abc, draws, c->abc.seed, BILIM_POSTERIOR_REPLICATE,
                                 threads, cancel, out->pred, err);
    if (rc)
        goto fail;
    for (int32_t i = 0; i < n; i++)
        for (int32_t k = 0; k < draws; k++)
            out->pred_w[(size_t)i * draws + k] = out->abc.weights[i] / draws;
    if (summarise(c, out) != BILIM_OK) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory for the posterior summaries");
        goto fail;
    }
    rc = check_point(c, &model, threads, cancel, out, err);
    if (!rc && c->n_patterns > 0) {
        out->pattern_contrast = bilim_malloc((size_t)n * (size_t)c->n_patterns * sizeof(double));
        rc = out->pattern_contrast
           ? bilim_calibrate_patterns(c, &prob, &out->abc, threads, cancel, out->pattern_contrast,
                                      out->pattern_share, err)
           : bilim_error_set(err, BILIM_ENOMEM, "out of memory for the pattern checks");
    }
    if (rc)
        goto fail;
    out->wall_seconds = bilim_clock_now() - t0;
    return BILIM_OK;
fail:
    bilim_calibrate_result_clear(out);
    return rc;
}

int bilim_calibrate_serve(const bilim_calibration *c, int threads, const atomic_int *cancel,
                          bilim_error *err)
{
    bilim_calib_problem prob;
    const char *names[BILIM_CALIB_MAX_PARAMS];
    bilim_abc_model model;
    bilim_abc_settings s;
    int rc = prepare(c, threads, cancel, &prob, names, &model, &s, err);
    return rc ? rc : bilim_abc_serve(&model, &s, err);
}
