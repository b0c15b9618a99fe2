/* analysis/calibrate_coverage.c: does a calibration recover known
 * parameters? (see calibrate.h). For each synthetic data set j: draw the
 * truth from the prior, simulate the survey at it, run ABC-SMC on that
 * survey, and check whether the truth lies in each free parameter's
 * central 50% and 90% weighted posterior intervals. */
#include "analysis/calibrate.h"

#include <math.h>
#include <string.h>
#include "base/alloc.h"
#include "base/rng.h"

/* Streams of set j: the truth from (seed, COVERAGE_REPLICATE, CALIBRATION,
 * entity j, step attempt), the observed survey from the simulator seed
 * bilim_abc_sim_seed(seed, COVERAGE_REPLICATE, j, attempt), ABC from seed
 * bilim_abc_sim_seed(seed, COVERAGE_REPLICATE - 1, j, 0). */
#define COVERAGE_REPLICATE 0xFFFFFFFCu

/* Draws a truth from the prior and simulates its survey into c->observed;
 * retries (a new attempt) when the model refuses the values. */
static int synthetic_data(bilim_calibration *c, uint32_t j, double *truth, bilim_error *err)
{
    bilim_calib_problem prob;
    int rc = bilim_calib_problem_init(&prob, c, err);
    if (rc)
        return rc;
    bilim_rng *rng = bilim_rng_alloc();
    void *ws = bilim_calibrate_ws_alloc(&prob);
    if (!rng || !ws) {
        bilim_rng_free(rng);
        bilim_calibrate_ws_free(ws);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    double summ[BILIM_CALIB_N_TARGETS], dist = INFINITY;
    for (uint32_t a = 0; a < 1000 && !rc && !isfinite(dist); a++) {
        bilim_rng_reset(rng, c->abc.seed, COVERAGE_REPLICATE, BILIM_PURPOSE_CALIBRATION, j, a);
        for (int k = 0; k < c->n_free; k++)
            truth[k] = bilim_prior_quantile(&c->prior[k], bilim_rng_uniform(rng));
        /* The distance to the template's counts only says whether the model
         * accepted the values (+INFINITY when not). */
        rc = bilim_calibrate_simulate(&prob, ws, truth,
                                      bilim_abc_sim_seed(c->abc.seed, COVERAGE_REPLICATE, j, a),
                                      summ, &dist, err);
    }
    bilim_rng_free(rng);
    bilim_calibrate_ws_free(ws);
    if (rc)
        return rc;
    if (!isfinite(dist))
        return bilim_error_set(err, BILIM_EINVAL, "coverage set %u: 1000 draws from the prior "
                               "that the model refuses; check the priors and ties", j);
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        c->observed[t] = (int32_t)summ[t];
    return BILIM_OK;
}

/* Runs ABC on c (with its synthetic counts) and scores truth. */
static int score(const bilim_calibration *c, uint32_t j, const double *truth, int threads,
                 bilim_calibrate_coverage *out, bilim_error *err)
{
    bilim_calib_problem prob;
    const char *names[BILIM_CALIB_MAX_PARAMS];
    bilim_abc_model model;
    bilim_abc_settings s;
    int rc = bilim_calibrate_setup(c, threads, &prob, names, &model, &s, err);
    if (rc)
        return rc;
    s.seed = bilim_abc_sim_seed(c->abc.seed, COVERAGE_REPLICATE - 1, j, 0);
    bilim_abc_result a;
    rc = bilim_abc_run(&model, &s, &a, err);
    if (rc)
        return rc;
    double *x = bilim_malloc((size_t)a.n_particles * sizeof *x);
    if (!x) {
        bilim_abc_result_clear(&a);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    for (int k = 0; k < c->n_free; k++) {
        for (int32_t i = 0; i < a.n_particles; i++)
            x[i] = a.theta[(size_t)i * a.n_params + k];
        size_t n = (size_t)a.n_particles;
        double q25 = bilim_abc_weighted_quantile(x, a.weights, n, 0.25);
        double q75 = bilim_abc_weighted_quantile(x, a.weights, n, 0.75);
        double q05 = bilim_abc_weighted_quantile(x, a.weights, n, 0.05);
        double q95 = bilim_abc_weighted_quantile(x, a.weights, n, 0.95);
        out->in50[k] += truth[k] >= q25 && truth[k] <= q75;
        out->in90[k] += truth[k] >= q05 && truth[k] <= q95;
    }
    out->simulations += a.simulations;
    for (int32_t g = 1; g < a.n_generations && g < BILIM_CALIBRATE_COVERAGE_GENERATIONS; g++) {
        out->epsilon_sum[g] += a.history[g].epsilon;
        out->epsilon_sets[g]++;
    }
    out->final_epsilon_sum += a.history[a.n_generations - 1].epsilon;
    bilim_free(x);
    bilim_abc_result_clear(&a);
    return BILIM_OK;
}

int bilim_calibrate_coverage_set(const bilim_calibration *c, int32_t j, int threads,
                                 bilim_calibrate_coverage *out, bilim_error *err)
{
    out->n_params = c->n_free;
    bilim_calibration *work = bilim_malloc(sizeof *work);
    if (!work)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    *work = *c;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        work->present[t] = 1;
    double truth[BILIM_CALIB_MAX_PARAMS];
    int rc = synthetic_data(work, (uint32_t)j, truth, err);
    if (!rc)
        rc = score(work, (uint32_t)j, truth, threads, out, err);
    if (rc)
        bilim_error_prefix(err, "coverage set %d", j);
    else
        out->n_sets++;
    bilim_free(work);
    return rc;
}

int bilim_calibrate_coverage_run(const bilim_calibration *c, int32_t n_sets, int threads,
                                 bilim_calibrate_coverage *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    out->n_params = c->n_free;
    int rc = BILIM_OK;
    for (int32_t j = 0; j < n_sets && !rc; j++)
        rc = bilim_calibrate_coverage_set(c, j, threads, out, err);
    return rc;
}
