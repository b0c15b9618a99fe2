/* analysis/calibrate_output.c: a calibration's results into the output
 * file (through the generic writer of formats/output_write.h) and into a parameter
 * file (see calibrate.h; layout in docs/calibration.md). */
#include "analysis/calibrate.h"
#include "analysis/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/alloc.h"
#include "formats/json.h"

#define G "/calibration"

static void prior_text(const bilim_prior *p, char *buf, size_t n)
{
    switch (p->kind) {
    case BILIM_PRIOR_BETA:
        snprintf(buf, n, "beta(alpha %g, beta %g) on [%g, %g]", p->p1, p->p2, p->lower, p->upper);
        break;
    case BILIM_PRIOR_NORMAL:
        snprintf(buf, n, "normal(mean %g, sd %g) on [%g, %g]", p->p1, p->p2, p->lower, p->upper);
        break;
    case BILIM_PRIOR_LOGNORMAL:
        snprintf(buf, n, "lognormal(meanlog %g, sdlog %g) on [%g, %g]", p->p1, p->p2, p->lower,
                 p->upper);
        break;
    default:
        snprintf(buf, n, "uniform on [%g, %g]", p->lower, p->upper);
        break;
    }
}

static int write_posterior(bilim_output *o, const bilim_calibration *c,
                           const bilim_calibrate_result *r, bilim_error *err)
{
    const bilim_abc_result *a = &r->abc;
    const char *names[BILIM_CALIB_MAX_PARAMS], *targets[BILIM_CALIB_N_TARGETS];
    for (int i = 0; i < c->n_free; i++)
        names[i] = c->free[i]->name;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        targets[t] = bilim_calib_target_name(t);
    size_t dims[2] = {(size_t)a->n_particles, (size_t)c->n_free};
    const char *ax[2] = {"particle", "parameter"};
    const char *const *lab[2] = {NULL, names};
    int rc = bilim_output_write_array(o, G "/posterior/samples", 2, dims, a->theta, ax, lab, err);
    if (!rc)
        rc = bilim_output_write_array(o, G "/posterior/weights", 1, dims, a->weights, ax, NULL, err);
    if (!rc)
        rc = bilim_output_write_array(o, G "/posterior/distances", 1, dims, a->distance, ax, NULL,
                                      err);
    const char *pax[1] = {"parameter"};
    const char *const *plab[1] = {names};
    size_t pd[1] = {(size_t)c->n_free};
    if (!rc)
        rc = bilim_output_write_array(o, G "/posterior/point_estimate", 1, pd, r->point_written,
                                      pax, plab, err);
    if (!rc)
        rc = bilim_output_attr_string(o, G "/posterior/point_estimate", "kind",
                                      c->point == BILIM_CALIB_POINT_MEDIAN
                                          ? "weighted posterior median, rounded to 4 significant "
                                            "digits (the values --write-params writes)"
                                          : "weighted posterior mean, rounded to 4 significant "
                                            "digits (the values --write-params writes)",
                                      err);
    size_t qd[2] = {(size_t)r->n_pred, BILIM_CALIB_N_TARGETS};
    const char *qax[2] = {"survey", "target"};
    const char *const *qlab[2] = {NULL, targets};
    if (!rc)
        rc = bilim_output_write_array(o, G "/posterior/predictive", 2, qd, r->pred, qax, qlab, err);
    if (!rc)
        rc = bilim_output_write_array(o, G "/posterior/predictive_weights", 1, qd, r->pred_w, qax,
                                      NULL, err);
    return rc;
}

static int write_fit(bilim_output *o, const bilim_calibration *c, const bilim_calibrate_result *r,
                     bilim_error *err)
{
    const char *tname[BILIM_CALIB_N_TARGETS];
    double obs[BILIM_CALIB_N_TARGETS], n[BILIM_CALIB_N_TARGETS];
    for (int i = 0; i < r->n_fit; i++) {
        tname[i] = bilim_calib_target_name(r->fit_target[i]);
        obs[i] = c->observed[r->fit_target[i]];
        n[i] = c->survey_n;
    }
    const char *cols[6] = {"target", "observed", "n", "predicted_mean", "predicted_q05",
                           "predicted_q95"};
    const char *const *strs[6] = {tname, NULL, NULL, NULL, NULL, NULL};
    const double *nums[6] = {NULL, obs, n, r->fit_mean, r->fit_q05, r->fit_q95};
    return bilim_output_write_table(o, G "/fit", (size_t)r->n_fit, 6, cols, strs, nums, err);
}

/* The written point estimate against each observed count's 95% Wilson
 * interval (mean of BILIM_CALIBRATE_CHECK_SURVEYS simulated surveys). */
static int write_point_check(bilim_output *o, const bilim_calibration *c,
                             const bilim_calibrate_result *r, bilim_error *err)
{
    const char *tname[BILIM_CALIB_N_TARGETS];
    double obs[BILIM_CALIB_N_TARGETS], n[BILIM_CALIB_N_TARGETS], lo[BILIM_CALIB_N_TARGETS],
           hi[BILIM_CALIB_N_TARGETS], pm[BILIM_CALIB_N_TARGETS], in[BILIM_CALIB_N_TARGETS];
    for (int i = 0; i < r->n_fit; i++) {
        int t = r->fit_target[i];
        tname[i] = bilim_calib_target_name(t);
        obs[i] = c->observed[t];
        n[i] = c->survey_n;
        lo[i] = r->wilson_lo[t];
        hi[i] = r->wilson_hi[t];
        pm[i] = r->check_mean[t];
        in[i] = r->check_inside[t];
    }
    const char *cols[7] = {"target", "observed", "n", "wilson95_low", "wilson95_high",
                           "predicted_at_point_estimate", "inside"};
    const char *const *strs[7] = {tname, NULL, NULL, NULL, NULL, NULL, NULL};
    const double *nums[7] = {NULL, obs, n, lo, hi, pm, in};
    int rc = bilim_output_write_table(o, G "/point_check", (size_t)r->n_fit, 7, cols, strs, nums,
                                      err);
    if (!rc)
        rc = bilim_output_attr_int(o, G "/point_check", "surveys", BILIM_CALIBRATE_CHECK_SURVEYS, err);
    return rc;
}

static int write_identifiability(bilim_output *o, const bilim_calibration *c,
                                 const bilim_calibrate_result *r, bilim_error *err)
{
    enum { FIXED = 10 };
    int d = c->n_free, ncol = FIXED + d;
    static const char *const fixed[FIXED] = {
        "parameter", "prior", "prior_mean", "prior_sd", "posterior_mean", "posterior_sd",
        "sd_ratio", "posterior_q05", "posterior_q95", "verdict"};
    const char *cols[FIXED + BILIM_CALIB_MAX_PARAMS];
    const char *const *strs[FIXED + BILIM_CALIB_MAX_PARAMS];
    const double *nums[FIXED + BILIM_CALIB_MAX_PARAMS];
    char colname[BILIM_CALIB_MAX_PARAMS][80], prior[BILIM_CALIB_MAX_PARAMS][160];
    const char *pname[BILIM_CALIB_MAX_PARAMS], *ptext[BILIM_CALIB_MAX_PARAMS],
               *verdict[BILIM_CALIB_MAX_PARAMS];
    double v[7][BILIM_CALIB_MAX_PARAMS], corr[BILIM_CALIB_MAX_PARAMS][BILIM_CALIB_MAX_PARAMS];
    for (int i = 0; i < d; i++) {
        const bilim_ident_row *w = &r->ident[i];
        pname[i] = c->free[i]->name;
        prior_text(&c->prior[i], prior[i], sizeof prior[i]);
        ptext[i] = prior[i];
        verdict[i] = bilim_posterior_verdict(w->sd_ratio);
        double row[7] = {w->prior_mean, w->prior_sd, w->posterior_mean, w->posterior_sd,
                         w->sd_ratio, w->posterior_q05, w->posterior_q95};
        for (int k = 0; k < 7; k++)
            v[k][i] = row[k];
        /* Column j of the correlations: corr(row parameter, parameter j). */
        for (int j = 0; j < d; j++)
            corr[j][i] = r->corr[i * d + j];
    }
    for (int k = 0; k < FIXED; k++) {
        cols[k] = fixed[k];
        strs[k] = NULL;
        nums[k] = NULL;
    }
    strs[0] = pname;
    strs[1] = ptext;
    strs[9] = verdict;
    for (int k = 0; k < 7; k++)
        nums[2 + k] = v[k];
    for (int j = 0; j < d; j++) {
        snprintf(colname[j], sizeof colname[j], "corr_%s", c->free[j]->name);
        cols[FIXED + j] = colname[j];
        strs[FIXED + j] = NULL;
        nums[FIXED + j] = corr[j];
    }
    return bilim_output_write_table(o, G "/identifiability", (size_t)d, ncol, cols, strs, nums, err);
}

static int write_history(bilim_output *o, const bilim_calibrate_result *r, bilim_error *err)
{
    const bilim_abc_result *a = &r->abc;
    int32_t g = a->n_generations;
    double *v = bilim_malloc((size_t)(g > 0 ? g : 1) * 6 * sizeof *v);
    if (!v)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t i = 0; i < g; i++) {
        v[0 * g + i] = i;
        v[1 * g + i] = a->history[i].epsilon;
        v[2 * g + i] = (double)a->history[i].simulations;
        v[3 * g + i] = (double)a->history[i].proposals;
        v[4 * g + i] = a->history[i].acceptance_rate;
        v[5 * g + i] = a->history[i].ess;
    }
    const char *cols[6] = {"generation", "epsilon", "simulations", "proposals", "acceptance_rate",
                           "ess"};
    const char *const *strs[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    const double *nums[6] = {v, v + g, v + 2 * g, v + 3 * g, v + 4 * g, v + 5 * g};
    int rc = bilim_output_write_table(o, G "/history", (size_t)g, 6, cols, strs, nums, err);
    bilim_free(v);
    return rc;
}

/* The pattern checks: one row per pattern (docs/calibration.md). */
static int write_patterns(bilim_output *o, const bilim_calibration *c,
                          const bilim_calibrate_result *r, bilim_error *err)
{
    int np = c->n_patterns;
    if (np == 0)
        return BILIM_OK;
    const char *id[BILIM_MAX_PATTERNS], *qty[BILIM_MAX_PATTERNS];
    double month[BILIM_MAX_PATTERNS], change[BILIM_MAX_PATTERNS];
    for (int k = 0; k < np; k++) {
        id[k] = c->patterns[k].id;
        qty[k] = bilim_pattern_quantity_name(c->patterns[k].quantity);
        month[k] = c->patterns[k].month;
        change[k] = c->patterns[k].change;
    }
    const char *cols[5] = {"pattern", "quantity", "month", "change", "share_reproducing"};
    const char *const *strs[5] = {id, qty, NULL, NULL, NULL};
    const double *nums[5] = {NULL, NULL, month, change, r->pattern_share};
    return bilim_output_write_table(o, G "/patterns", (size_t)np, 5, cols, strs, nums, err);
}

static int write_ties(bilim_output *o, const bilim_calibration *c, bilim_error *err)
{
    if (c->n_ties == 0)
        return BILIM_OK;
    const char *name[BILIM_CALIB_MAX_PARAMS], *fol[BILIM_CALIB_MAX_PARAMS];
    double off[BILIM_CALIB_MAX_PARAMS];
    for (int i = 0; i < c->n_ties; i++) {
        name[i] = c->ties[i].param->name;
        fol[i] = c->free[c->ties[i].follows]->name;
        off[i] = c->ties[i].offset;
    }
    const char *cols[3] = {"parameter", "follows", "offset"};
    const char *const *strs[3] = {name, fol, NULL};
    const double *nums[3] = {NULL, NULL, off};
    return bilim_output_write_table(o, G "/tied", (size_t)c->n_ties, 3, cols, strs, nums, err);
}

static int write_attrs(bilim_output *o, const bilim_calibration *c, const bilim_calibrate_result *r,
                       const char *cal_json, const char *base_json, const char *targets_json,
                       bilim_error *err)
{
    const bilim_abc_result *a = &r->abc;
    const bilim_abc_settings *s = &c->abc;
    int rc = BILIM_OK;
#define S(name, val) if (!rc) rc = bilim_output_attr_string(o, G, name, val, err)
#define D(name, val) if (!rc) rc = bilim_output_attr_double(o, G, name, val, err)
#define I(name, val) if (!rc) rc = bilim_output_attr_int(o, G, name, (int64_t)(val), err)
    S("method", "ABC-SMC (Toni et al. 2009) with adaptive tolerances (weighted quantile of the "
                "previous generation's distances) and importance weights (Beaumont et al. 2009)");
    S("distance", "sqrt of a Neyman chi-square over the present targets: bands sum (x-y)^2/(n q), "
                  "q = (y+0.5)/(n+1.5); barriers (x-y)^2/(n q (1-q)), q = (y+0.5)/(n+1)");
    S("random_streams", "Philox4x64-10 (base/rng.h): particle i of generation t, attempt a draws "
                        "from (seed, replicate t, purpose 12 CALIBRATION, entity i, step a); the "
                        "simulation's model seed is word 0 of block 0 of that stream; posterior "
                        "predictive draws use replicate 4294967295");
    S("calibration_json", cal_json ? cal_json : "");
    S("base_scenario_json", base_json ? base_json : "");
    S("targets_json", targets_json ? targets_json : "");
    S("stop_reason", bilim_abc_stop_description(a->stop));
    S("kernel", bilim_abc_kernel_name(s->kernel));
    S("point_estimate", c->point == BILIM_CALIB_POINT_MEDIAN ? "median" : "mean");
    I("seed", s->seed);
    I("particles", a->n_particles);
    I("generations", a->n_generations);
    I("max_generations", s->max_generations);
    I("simulations", a->simulations);
    I("max_simulations", s->max_simulations);
    I("threads", r->threads);
    I("month", c->month);
    I("survey_n", c->survey_n);
    I("schools_per_simulation", c->schools_per_simulation);
    I("predictive_draws", c->predictive_draws);
    D("final_epsilon", a->n_generations > 0 ? a->history[a->n_generations - 1].epsilon : NAN);
    D("quantile", s->quantile);
    D("min_epsilon", s->min_epsilon);
    D("min_acceptance", s->min_acceptance);
    D("rural_share", c->rural_share);
    /* The diagnostics that speak up (docs/calibration.md, "Diagnostics"). */
    char warn[2048];
    bilim_calibrate_warnings(r, warn, sizeof warn);
    D("noise_level", r->noise_level);
    D("final_ess", a->n_generations > 0 ? a->history[a->n_generations - 1].ess : NAN);
    D("min_ess", BILIM_CALIBRATE_MIN_ESS);
    S("noise_level_definition", "median distance between two independent surveys simulated at "
                                "the written point estimate (200 pairs of the point-check surveys)");
    S("warnings", warn);
#undef S
#undef D
#undef I
    return rc;
}

int bilim_calibrate_write(bilim_output *o, const bilim_calibration *c, const bilim_calibrate_result *r,
                      const char *calibration_json, const char *base_json,
                      const char *targets_json, bilim_error *err)
{
    int rc = write_posterior(o, c, r, err);
    if (!rc)
        rc = write_fit(o, c, r, err);
    if (!rc)
        rc = write_identifiability(o, c, r, err);
    if (!rc)
        rc = write_point_check(o, c, r, err);
    if (!rc)
        rc = write_history(o, r, err);
    if (!rc)
        rc = write_ties(o, c, err);
    if (!rc)
        rc = write_patterns(o, c, r, err);
    if (!rc)
        rc = write_attrs(o, c, r, calibration_json, base_json, targets_json, err);
    return rc;
}

/* --- the parameter file ------------------------------------------------------ */

static void file_put(void *f, const char *text, size_t n)
{
    fwrite(text, 1, n, f);
}

static void json_string(FILE *f, const char *s)
{
    bilim_json_write_string(s, file_put, f);
}

void bilim_calibrate_write_params(FILE *f, const bilim_calibration *c,
                                  const bilim_calibrate_result *r, const char *source)
{
    size_t n_rows;
    const bilim_param_info *table = bilim_params_table(&n_rows);
    const double *value = r->point_written;
    char desc[2048];
    size_t used = (size_t)snprintf(desc, sizeof desc, "Initial-state parameters (ODD 5) calibrated "
             "to the survey of %d principals (%s) by ABC-SMC: the weighted posterior %s of the "
             "free parameters (", c->survey_n, c->name,
             c->point == BILIM_CALIB_POINT_MEDIAN ? "median" : "mean");
    for (int i = 0; i < c->n_free && used < sizeof desc; i++)
        used += (size_t)snprintf(desc + used, sizeof desc - used, "%s%s", i ? ", " : "",
                                 c->free[i]->name);
    if (used < sizeof desc)
        snprintf(desc + used, sizeof desc - used, ")%s; the other initial-state parameters are "
                 "carried over unchanged from the base scenario (the survey does not identify "
                 "them). See docs/calibration.md.",
                 c->n_ties ? ", with the tied parameters at fixed offsets from them" : "");
    fputs("{\n  \"description\": ", f);
    json_string(f, desc);
    fputs(",\n  \"source\": ", f);
    json_string(f, source ? source : "bilim calibrate");
    fputs(",\n  \"parameters\": {", f);
    int first = 1;
    for (size_t k = 0; k < n_rows; k++) {
        const bilim_param_info *info = &table[k];
        double v = NAN;
        for (int i = 0; i < c->n_free; i++)
            if (c->free[i] == info)
                v = value[i];
        for (int i = 0; i < c->n_ties; i++)
            if (c->ties[i].param == info)
                v = value[c->ties[i].follows] + c->ties[i].offset;
        /* The other initial-state parameters are carried over from the base
         * scenario, so the file stays the complete initial-state set. */
        if (isnan(v) && strcmp(info->group, "initial") == 0)
            v = bilim_params_get(&c->base.params, info);
        if (isnan(v))
            continue;
        fprintf(f, "%s\n    ", first ? "" : ",");
        json_string(f, info->name);
        fprintf(f, ": %.10g", v);
        first = 0;
    }
    fputs("\n  }\n}\n", f);
}

/* Writes the description of a posterior sample file into f. */
static void posterior_header(FILE *f, const bilim_calibration *c, const bilim_calibrate_result *r,
                             const char *source)
{
    char desc[1024];
    snprintf(desc, sizeof desc, "Posterior sample of the initial-state parameters (ODD 5) "
             "calibrated to the survey of %d principals (%s) by ABC-SMC: the %d particles of "
             "the final generation with their importance weights (effective sample size %.0f). "
             "A propagated comparison (bilim compare --draws) draws whole particles by weight, "
             "so the correlations between the parameters are kept. See docs/calibration.md "
             "and docs/compare.md.", c->survey_n, c->name, r->abc.n_particles,
             r->abc.history ? r->abc.history[r->abc.n_generations - 1].ess : NAN);
    fputs("{\n  \"description\": ", f);
    json_string(f, desc);
    fputs(",\n  \"source\": ", f);
    json_string(f, source ? source : "bilim calibrate");
    fputs(",\n  \"parameters\": [", f);
    for (int i = 0; i < c->n_free; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, c->free[i]->name);
    }
    fputs("],\n  \"tied\": [", f);
    for (int i = 0; i < c->n_ties; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        fputs("{\"name\": ", f);
        json_string(f, c->ties[i].param->name);
        fputs(", \"follows\": ", f);
        json_string(f, c->free[c->ties[i].follows]->name);
        fputs(", \"offset\": ", f);
        bilim_csv_number(f, c->ties[i].offset);
        fputs("}", f);
    }
    fputs(c->n_ties ? "\n  ],\n" : "],\n", f);
}

void bilim_calibrate_write_posterior(FILE *f, const bilim_calibration *c,
                                     const bilim_calibrate_result *r, const char *source)
{
    posterior_header(f, c, r, source);
    const int32_t n = r->abc.n_particles;
    const int k = r->abc.n_params;
    /* The fewest digits that read back exactly, so a design reproduces the particles. */
    fputs("  \"weights\": [", f);
    for (int32_t i = 0; i < n; i++) {
        fputs(i ? (i % 8 ? ", " : ",\n    ") : "", f);
        bilim_csv_number(f, r->abc.weights[i]);
    }
    fputs("],\n  \"particles\": [", f);
    for (int32_t i = 0; i < n; i++) {
        fputs(i ? ",\n    [" : "\n    [", f);
        for (int j = 0; j < k; j++) {
            fputs(j ? ", " : "", f);
            bilim_csv_number(f, r->abc.theta[(size_t)i * (size_t)k + (size_t)j]);
        }
        fputs("]", f);
    }
    fputs("\n  ]\n}\n", f);
}
