/* tests/test_calibrate.c: the survey simulator and distance
 * (analysis/calibrate.h), a whole calibration on synthetic survey data, and
 * the shipped calibrated parameters against the 2026 survey.
 *
 * Populations are proportional samples of the national preset with few
 * teachers per school (the survey sees one principal per school; teachers
 * only enter through their school's mean motivation), so a simulation costs
 * a fraction of a millisecond and the whole binary stays fast. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/calibrate.h"
#include "analysis/plot.h"
#include "formats/scenario_load.h"
#include "formats/uncertainty.h"
#include "models/model.h"
#include "models/preset.h"
#include <unistd.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include "helpers.h"


static const int32_t survey[BILIM_CALIB_N_TARGETS] = {44, 72, 0, 107, 97, 93, 75, 23};

static void small_calibration(bilim_calibration *c)
{
    bilim_calibration_defaults(c);
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        c->base.population.teachers_mean[k] = 5.0;
        c->base.population.teachers_sigma[k] = 0.2;
    }
    c->base.population.teachers_min = 4;
    c->sets[0].n = 116;
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++) {
        c->present[t] = 1;
        c->observed[t] = survey[t];
    }
    c->schools_per_simulation = bilim_calib_min_schools(&c->base.population, 116, c->sets[0].rural_share);
}

static void add_free(bilim_calibration *c, const char *name, bilim_prior p)
{
    c->free[c->n_free] = bilim_params_find(name);
    cr_assert_not_null(c->free[c->n_free], "%s", name);
    c->prior[c->n_free++] = p;
}

static void add_tie(bilim_calibration *c, const char *name, int follows, double offset)
{
    bilim_calib_tie t = {bilim_params_find(name), follows, offset};
    cr_assert_not_null(t.param);
    c->ties[c->n_ties++] = t;
}

static bilim_prior beta(double a, double b)
{
    bilim_prior p = {BILIM_PRIOR_BETA, a, b, 0.02, 0.85};
    return p;
}

/* --- distance and parameters --------------------------------------------------- */

/* x differs from the survey by +2 low, -2 intermediate, +2 managerial:
 *   low:   q = 44.5 / 117.5,  scale 116 q = 43.932,  4 / 43.932 = 0.091049
 *   inter: q = 72.5 / 117.5,  scale 71.574,          4 / 71.574 = 0.055886
 *   manag: q = 23.5 / 117,    scale 116 q (1 - q) = 18.619, 4 / 18.619 = 0.214830
 * d = sqrt(0.361765) = 0.601469. A single high-band principal (with one
 * fewer intermediate) costs 1 / (116 * 0.5 / 117.5) = 2.0259 alone. */
Test(calibrate, distance_by_hand)
{
    bilim_calibration c;
    small_calibration(&c);
    double x[BILIM_CALIB_N_TARGETS] = {46, 70, 0, 107, 97, 93, 75, 25};
    cr_assert_float_eq(bilim_calibrate_distance(&c, x), 0.601469447615321, 1e-12);
    double y[BILIM_CALIB_N_TARGETS] = {44, 71, 1, 107, 97, 93, 75, 23};
    cr_assert_float_eq(bilim_calibrate_distance(&c, y), 1.428227408891913, 1e-12);
    double same[BILIM_CALIB_N_TARGETS];
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        same[t] = survey[t];
    cr_assert_eq(bilim_calibrate_distance(&c, same), 0.0);
    /* Absent targets do not count. */
    c.present[0] = c.present[1] = c.present[BILIM_CALIB_SET_TARGETS - 1] = 0;
    cr_assert_eq(bilim_calibrate_distance(&c, x), 0.0);
}

Test(calibrate, apply_sets_free_and_tied_parameters)
{
    bilim_calibration c;
    small_calibration(&c);
    add_free(&c, "init_K_mean_rural", beta(2, 5));
    add_free(&c, "init_R_kappa", beta(2, 5));
    add_tie(&c, "init_K_mean_urban", 0, 0.05);
    bilim_params p = c.base.params;
    double th[2] = {0.25, 7.5};
    cr_assert_eq(bilim_calibrate_apply(&c, th, &p), 0);
    cr_assert_eq(p.init_K_mean_rural, 0.25);
    cr_assert_eq(p.init_K_mean_urban, 0.25 + 0.05);
    cr_assert_eq(p.init_R_kappa, 7.5);
    cr_assert_eq(p.init_S_mean_rural, c.base.params.init_S_mean_rural, "others untouched");
    double out_of_range[2] = {0.97, 7.5}; /* tied value 1.02 > 0.999 */
    cr_assert_eq(bilim_calibrate_apply(&c, out_of_range, &p), -1);
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_OK, "%s", err.msg);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double summ[BILIM_CALIB_N_TARGETS], d = 0;
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, out_of_range, 1, summ, &d, &err), BILIM_OK);
    cr_assert(isinf(d), "a refused parameter vector has infinite distance");
    bilim_calibrate_ws_free(ws);
}

/* --- the virtual survey --------------------------------------------------------------- */

/* Concentrations of 1000 make every initial state sit within about 0.05 of
 * its mean, so the survey's counts are known: urban K 0.7 and M 0.7 (no
 * barrier), rural K 0.3 and M 0.3 (both barriers), R 0.3 and S 0.45 for all
 * (material and organizing barriers, no managerial one), readiness about
 * 0.55 (urban) and 0.45 (rural): all intermediate. With steep reports
 * (barrier_slope 1000: a report is its threshold's cut-off, ODD 5) the
 * knowledge and motivation counts equal the rural principals drawn. */
static void deterministic(bilim_calibration *c)
{
    bilim_params *p = &c->base.params;
    p->barrier_slope = 1000;
    p->init_K_kappa = p->init_S_kappa = p->init_O_kappa = 1000;
    p->init_M_kappa = p->init_R_kappa = p->init_m_kappa = 1000;
    p->init_K_mean_urban = 0.7;
    p->init_M_mean_urban = 0.7;
    p->init_S_mean_urban = p->init_S_mean_rural = 0.45;
    p->init_O_mean_urban = 0.5;
    p->init_O_mean_rural = 0.6;
    p->init_R_mean_urban = 0.3;
    add_free(c, "init_K_mean_rural", beta(2, 5));
    add_free(c, "init_M_mean_rural", beta(2, 5));
    add_free(c, "init_R_mean_rural", beta(2, 5));
}

static void simulate_once(bilim_calibration *c, uint64_t seed, double *summ)
{
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, c, &err), BILIM_OK, "%s", err.msg);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double th[3] = {0.3, 0.3, 0.3}, d;
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, th, seed, summ, &d, &err), BILIM_OK, "%s", err.msg);
    cr_assert_float_eq(d, bilim_calibrate_distance(c, summ), 1e-15);
    bilim_calibrate_ws_free(ws);
}

Test(calibrate, survey_counts_with_deterministic_states)
{
    bilim_calibration c;
    small_calibration(&c);
    deterministic(&c);
    double s[BILIM_CALIB_N_TARGETS];
    simulate_once(&c, 5, s);
    int32_t rural = (int32_t)lround(116 * c.sets[0].rural_share);
    cr_assert_eq(rural, 79);
    double want[BILIM_CALIB_N_TARGETS] = {0, 116, 0, rural, rural, 116, 116, 0};
    for (int t = 0; t < BILIM_CALIB_N_TARGETS; t++)
        cr_assert_eq(s[t], want[t], "%s: %g, expected %g", bilim_calib_target_name(t), s[t], want[t]);
}

Test(calibrate, survey_follows_the_configured_rural_share)
{
    bilim_calibration c;
    small_calibration(&c);
    deterministic(&c);
    c.sets[0].rural_share = 0.5;
    c.schools_per_simulation = bilim_calib_min_schools(&c.base.population, 116, 0.5);
    double s[BILIM_CALIB_N_TARGETS];
    simulate_once(&c, 9, s);
    cr_assert_eq(s[3], 58.0, "knowledge barrier = rural principals = 58, got %g", s[3]);
    cr_assert_eq(s[4], 58.0);
}

Test(calibrate, same_seed_same_survey)
{
    bilim_calibration c;
    small_calibration(&c);
    add_free(&c, "init_K_mean_rural", beta(2, 5));
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_OK);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double th[1] = {0.27}, a[BILIM_CALIB_N_TARGETS], b[BILIM_CALIB_N_TARGETS], d;
    int differ = 0;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        bilim_calibrate_simulate(&prob, ws, th, seed, a, &d, &err);
        bilim_calibrate_simulate(&prob, ws, th, seed, b, &d, &err);
        cr_assert(memcmp(a, b, sizeof a) == 0);
        bilim_calibrate_simulate(&prob, ws, th, seed + 100, b, &d, &err);
        differ |= memcmp(a, b, sizeof a) != 0;
        double bands = a[0] + a[1] + a[2];
        cr_assert_eq(bands, 116.0, "the bands count every principal");
    }
    cr_assert(differ, "different seeds draw different populations");
    bilim_calibrate_ws_free(ws);
}

Test(calibrate, sample_size_and_horizon_checks)
{
    bilim_calibration c;
    small_calibration(&c);
    add_free(&c, "init_K_mean_rural", beta(2, 5));
    int32_t m = c.schools_per_simulation;
    cr_assert_geq(m, 116);
    bilim_population s;
    bilim_population_sample(&c.base.population, m, &s, NULL);
    int32_t u = 0, r = 0;
    for (int32_t i = 0; i < s.n_regions; i++) {
        u += s.regions[i].urban;
        r += s.regions[i].rural;
    }
    cr_assert(u >= 37 && r >= 79, "min sample %d holds %d urban, %d rural", m, u, r);
    bilim_calib_problem prob;
    bilim_error err;
    c.schools_per_simulation = 100;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "schools_per_simulation >="), "%s", err.msg);
    c.schools_per_simulation = m;
    c.sets[0].month = c.base.months + 1;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "is observed at month 61, after the base scenario's months 0..60"),
              "%s", err.msg);
    c.sets[0].month = -BILIM_CALIB_MAX_HISTORY - 1;
    cr_assert_eq(bilim_calib_problem_init(&prob, &c, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "the history can be at most 240 months"), "%s", err.msg);
}

/* --- a whole calibration ------------------------------------------------------------ */

/* Synthetic data: one survey drawn by the model at known values. The free
 * parameters are those the survey identifies (docs/calibration.md): the
 * rural means of K, S, M and R (urban ones tied at the ODD gap) and the
 * concentration of S (two barrier thresholds on S). The other parameters
 * are fixed at their true values. ABC-SMC with few particles and
 * generations stops at a tolerance above the survey's noise, which makes
 * its intervals conservative; the truth must lie inside every 90%
 * interval, and each mean's posterior sd must be well below its prior's
 * (identified). The concentration of S is only weakly identified now that
 * reports are noisy answers (barrier_slope, ODD 5): the noise blurs the
 * spread the two thresholds on S once pinned down. */
static void synthetic(bilim_calibration *c, double *truth)
{
    small_calibration(c);
    add_free(c, "init_K_mean_rural", beta(5.4, 14.6));
    add_free(c, "init_S_mean_rural", beta(8.2, 11.8));
    add_free(c, "init_M_mean_rural", beta(6.8, 13.2));
    add_free(c, "init_R_mean_rural", beta(5.6, 14.4));
    bilim_prior lk = {BILIM_PRIOR_LOGNORMAL, log(12.0), 0.5, 0.5, 1000.0};
    add_free(c, "init_S_kappa", lk);
    add_tie(c, "init_K_mean_urban", 0, 0.05);
    add_tie(c, "init_S_mean_urban", 1, 0.04);
    add_tie(c, "init_M_mean_urban", 2, 0.04);
    add_tie(c, "init_R_mean_urban", 3, 0.12);
    double t[5] = {0.22, 0.45, 0.30, 0.35, 20.0};
    memcpy(truth, t, sizeof t);
    bilim_calib_problem prob;
    bilim_error err;
    cr_assert_eq(bilim_calib_problem_init(&prob, c, &err), BILIM_OK, "%s", err.msg);
    void *ws = bilim_calibrate_ws_alloc(&prob);
    double s[BILIM_CALIB_N_TARGETS], d;
    cr_assert_eq(bilim_calibrate_simulate(&prob, ws, truth, 20260101, s, &d, &err), BILIM_OK);
    bilim_calibrate_ws_free(ws);
    for (int k = 0; k < BILIM_CALIB_N_TARGETS; k++)
        c->observed[k] = (int32_t)s[k];
    c->abc.particles = 300;
    c->abc.max_generations = 7;
    c->abc.min_acceptance = 0.05;
    c->abc.seed = 3;
}

Test(calibrate, synthetic_survey_recovers_known_values, .timeout = 120)
{
    bilim_calibration c;
    double truth[5];
    synthetic(&c, truth);
    bilim_calibrate_result r;
    bilim_error err;
    cr_assert_eq(bilim_calibrate_run(&c, 0, NULL, NULL, NULL, &r, &err), BILIM_OK, "%s", err.msg);
    for (int i = 0; i < c.n_free; i++) {
        const bilim_ident_row *w = &r.ident[i];
        cr_expect(w->posterior_q05 <= truth[i] && truth[i] <= w->posterior_q95,
                  "%s: truth %g outside the 90%% interval %g to %g", c.free[i]->name, truth[i],
                  w->posterior_q05, w->posterior_q95);
        if (i < 4)
            cr_expect_lt(w->sd_ratio, 0.8, "%s: posterior/prior sd %g", c.free[i]->name,
                         w->sd_ratio);
        else
            cr_expect_lt(w->sd_ratio, 1.0, "%s: posterior/prior sd %g", c.free[i]->name,
                         w->sd_ratio);
    }
    /* The fit: every observed count inside its posterior predictive's 90% range. */
    cr_assert_eq(r.n_fit, BILIM_CALIB_SET_TARGETS);
    for (int i = 0; i < r.n_fit; i++) {
        int t = r.fit_target[i];
        cr_expect(r.fit_q05[i] <= c.observed[t] && c.observed[t] <= r.fit_q95[i],
                  "%s: %d outside %g to %g", bilim_calib_target_name(t), c.observed[t],
                  r.fit_q05[i], r.fit_q95[i]);
    }
    double wsum = 0;
    for (int32_t i = 0; i < r.n_pred; i++)
        wsum += r.pred_w[i];
    cr_assert_float_eq(wsum, 1.0, 1e-12);
    bilim_calibrate_result_clear(&r);
}

Test(calibrate, identical_for_any_thread_count)
{
    bilim_calibration c;
    double truth[5];
    synthetic(&c, truth);
    c.abc.particles = 60;
    c.abc.max_generations = 3;
    c.predictive_draws = 2;
    bilim_calibrate_result a, b;
    bilim_error err;
    cr_assert_eq(bilim_calibrate_run(&c, 1, NULL, NULL, NULL, &a, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_calibrate_run(&c, 3, NULL, NULL, NULL, &b, &err), BILIM_OK, "%s", err.msg);
    size_t n = (size_t)a.abc.n_particles;
    cr_assert_eq(a.abc.simulations, b.abc.simulations);
    cr_assert(memcmp(a.abc.theta, b.abc.theta, n * (size_t)c.n_free * sizeof(double)) == 0);
    cr_assert(memcmp(a.abc.weights, b.abc.weights, n * sizeof(double)) == 0);
    cr_assert(memcmp(a.pred, b.pred, (size_t)a.n_pred * BILIM_CALIB_N_TARGETS * sizeof(double)) == 0);
    cr_assert(memcmp(a.check_mean, b.check_mean, sizeof a.check_mean) == 0);
    cr_assert(memcmp(a.fit_mean, b.fit_mean, sizeof a.fit_mean) == 0);
    bilim_calibrate_result_clear(&a);
    bilim_calibrate_result_clear(&b);
}

/* --- the shipped calibrated parameters --------------------------------------------- */

/* The national baseline at month 0, on the calibrated parameter file that
 * the shipped scenarios use, must reproduce the survey: the population's
 * share of each band and barrier (what a survey of n estimates; with 7,687
 * schools its own Monte Carlo sd is at most 0.006) must lie inside the 95%
 * Wilson interval of the observed count. */
Test(calibrate, national_baseline_reproduces_the_survey)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/baseline.json", test_source_dir());
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(path, &sc, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    cr_assert_eq(rc, BILIM_OK);
    bilim_diags_free(d);
    bilim_model *m;
    bilim_error err;
    cr_assert_eq(bilim_model_alloc(&sc, 0, &m, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_model_schools(m), 7687);
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = calloc(L.record_size, sizeof *rec);
    bilim_model_observe(m, &L, rec);
    const bilim_metric *bands = bilim_obs_find(&L, "readiness_band_share");
    const bilim_metric *bars = bilim_obs_find(&L, "barrier_prevalence");
    cr_assert(bands && bars);
    for (int t = 0; t < BILIM_CALIB_SET_TARGETS; t++) {
        double share = t < BILIM_N_BANDS ? rec[bands->offset + (size_t)t]
                                         : rec[bars->offset + (size_t)(t - BILIM_N_BANDS)];
        double lo, hi;
        bilim_posterior_wilson(survey[t], 116, 1.959963984540054, &lo, &hi);
        cr_expect(share >= lo && share <= hi, "%s: baseline share %.4f outside the 95%% Wilson "
                  "interval %.4f to %.4f of %d/116", bilim_calib_target_name(t), share, lo, hi,
                  survey[t]);
    }
    free(rec);
    bilim_model_free(m);
}

/* --- the command ------------------------------------------------------------------ */

static char cli_dir[64];

static void cli_write(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", cli_dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* A tiny calibration of two parameters against the project's survey file. */
static void cli_setup(void)
{
    strcpy(cli_dir, "/tmp/bilim-calibrate-XXXXXX");
    cr_assert_not_null(mkdtemp(cli_dir));
    /* Few teachers per school: the survey sees principals, teachers only
     * through their school's mean motivation. */
    cli_write("base.json", "{\"name\": \"cli-base\", \"population\": {\"preset\": \"kz-national\","
              " \"teachers_per_school\": {\"urban\": {\"mean\": 5}, \"rural_regular\": {\"mean\": 5},"
              " \"small_class\": {\"mean\": 5}}}}");
    char cal[2048];
    snprintf(cal, sizeof cal,
             "{\"base_scenario\": \"base.json\", \"targets\": \"%s/data/survey-2026-principals.json\","
             " \"parameters\": ["
             "  {\"name\": \"init_S_mean_rural\", \"prior\": {\"distribution\": \"beta\", \"alpha\": 8, \"beta\": 12, \"upper\": 0.9}},"
             "  {\"name\": \"init_S_kappa\", \"prior\": {\"distribution\": \"lognormal\", \"meanlog\": 2.5, \"sdlog\": 0.5}}],"
             " \"tied\": [{\"name\": \"init_S_mean_urban\", \"follows\": \"init_S_mean_rural\", \"offset\": 0.04}],"
             " \"method\": {\"particles\": 24, \"max_generations\": 2}, \"seed\": 5}",
             test_source_dir());
    cli_write("cal.json", cal);
}

static void cli_teardown(void)
{
    const char *files[] = {"base.json", "cal.json", "out.h5", "p1.json", "p2.json", "bad.json",
                           "o2.h5", "use.json", "post1.json", "post2.json", "rep.html"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", cli_dir, files[i]);
        remove(p);
    }
    rmdir(cli_dir);
}

static hsize_t rows(hid_t f, const char *path)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "%s is missing", path);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    H5Dclose(d);
    return dims[0];
}

/* The text attribute `name` of /calibration (free with H5free_memory). */
static char *attr_text(hid_t f, const char *name)
{
    hid_t a = H5Aopen_by_name(f, "/calibration", name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s", name);
    hid_t st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, H5T_VARIABLE);
    H5Tset_cset(st, H5T_CSET_UTF8);
    char *attr = NULL;
    cr_assert_geq(H5Aread(a, st, &attr), 0);
    H5Tclose(st);
    H5Aclose(a);
    return attr;
}

/* The layout of docs/calibration.md: samples with parameter labels, weights
 * summing to 1, the fit and identifiability tables, the calibration file
 * verbatim. */
static void check_posterior_file(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "cannot open %s", path);
    int rank;
    hsize_t dims[2];
    H5T_class_t cls;
    size_t sz;
    cr_assert_geq(H5LTget_dataset_info(f, "/calibration/posterior/samples", dims, &cls, &sz), 0);
    cr_assert_eq(dims[0], 24);
    cr_assert_eq(dims[1], 2);
    H5LTget_dataset_ndims(f, "/calibration/posterior/samples", &rank);
    cr_assert_eq(rank, 2);
    double w[24], total = 0;
    cr_assert_geq(H5LTread_dataset_double(f, "/calibration/posterior/weights", w), 0);
    for (int i = 0; i < 24; i++)
        total += w[i];
    cr_assert_float_eq(total, 1.0, 1e-12);
    cr_assert_eq(rows(f, "/calibration/fit"), BILIM_CALIB_SET_TARGETS);
    cr_assert_eq(rows(f, "/calibration/identifiability"), 2);
    bilim_calibrate_dynamic_row dyn[BILIM_CALIBRATE_MAX_DYNAMIC];
    bilim_calibration plain;
    bilim_calibration_defaults(&plain);
    cr_assert_eq(rows(f, "/calibration/dynamic_identifiability"),
                 (hsize_t)bilim_calibrate_dynamic(&plain, NULL, dyn));
    cr_assert_eq(rows(f, "/calibration/point_check"), BILIM_CALIB_SET_TARGETS);
    cr_assert_eq(rows(f, "/calibration/history"), 2);
    hid_t fit = H5Dopen2(f, "/calibration/fit", H5P_DEFAULT);
    hid_t t = H5Dget_type(fit);
    const char *want[] = {"target", "observed", "n", "predicted_mean", "predicted_q05",
                          "predicted_q95"};
    cr_assert_eq(H5Tget_nmembers(t), 6);
    for (int c = 0; c < 6; c++) {
        char *name = H5Tget_member_name(t, (unsigned)c);
        cr_assert_str_eq(name, want[c]);
        H5free_memory(name);
    }
    H5Tclose(t);
    H5Dclose(fit);
    char cal[4096], *text = NULL;
    snprintf(cal, sizeof cal, "%s/cal.json", cli_dir);
    text = test_slurp(cal);
    char *attr = attr_text(f, "calibration_json");
    cr_assert_str_eq(attr, text, "the calibration file is kept verbatim");
    H5free_memory(attr);
    free(text);
    /* The diagnostics: 24 particles are far below the ESS threshold. */
    double noise = NAN, min_ess = NAN;
    cr_assert_geq(H5LTget_attribute_double(f, "/calibration", "noise_level", &noise), 0);
    cr_assert_geq(H5LTget_attribute_double(f, "/calibration", "min_ess", &min_ess), 0);
    cr_assert(noise > 0.5 && noise < 10.0, "noise level %g", noise);
    cr_assert_eq(min_ess, BILIM_CALIBRATE_MIN_ESS);
    char *warnings = attr_text(f, "warnings");
    cr_assert(strstr(warnings, "effective sample size") && strstr(warnings, "--particles"),
              "%s", warnings);
    H5free_memory(warnings);
    H5Fclose(f);
}

Test(calibrate_cli, writes_output_and_params_identically_for_any_threads,
     .init = cli_setup, .fini = cli_teardown)
{
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --threads 1 -w %s/p1.json",
             cli_dir, cli_dir, cli_dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(err, "init_S_mean_rural"), "the summary names the parameters: %s", err);
    cr_assert(strstr(err, "barriers.insufficient_managerial_skills"), "%s", err);
    cr_assert(strstr(err, "generation  ") && strstr(err, "acceptance") && strstr(err, "ESS"),
              "the summary lists each generation: %s", err);
    cr_assert(strstr(err, "\n  0               prior           24"), "%s", err);
    cr_assert(strstr(err, "noise level "), "%s", err);
    cr_assert(strstr(err, "bilim calibrate: warning: the final generation's effective sample "
                          "size is "), "24 particles are too few: %s", err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/o2.h5 --threads 2 --quiet -w %s/p2.json",
             cli_dir, cli_dir, cli_dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert_str_eq(err, "", "--quiet prints nothing");
    free(out);
    free(err);
    char p[256];
    snprintf(p, sizeof p, "%s/out.h5", cli_dir);
    check_posterior_file(p);
    snprintf(p, sizeof p, "%s/p1.json", cli_dir);
    char *a = test_slurp(p);
    snprintf(p, sizeof p, "%s/p2.json", cli_dir);
    char *b = test_slurp(p);
    cr_assert(a && b);
    cr_assert_str_eq(a, b, "the parameter file does not depend on --threads");
    cr_assert(strstr(a, "\"init_S_mean_rural\"") && strstr(a, "\"init_S_mean_urban\"")
              && strstr(a, "\"init_S_kappa\"") && strstr(a, "\"description\"")
              && strstr(a, "\"source\""), "%s", a);
    /* The other initial-state parameters are carried over from the base. */
    cr_assert(strstr(a, "\"init_k_kappa\": 10") && strstr(a, "\"init_K_mean_rural\": 0.27"),
              "%s", a);
    free(a);
    free(b);
    /* The parameter file is usable by a scenario. */
    cli_write("use.json", "{\"name\": \"uses-params\", \"parameter_file\": \"p1.json\"}");
    snprintf(p, sizeof p, "%s/use.json", cli_dir);
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(p, &sc, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    cr_assert_eq(rc, BILIM_OK);
    bilim_diags_free(d);
    cr_assert_float_eq(sc.params.init_S_mean_urban - sc.params.init_S_mean_rural, 0.04, 1e-9);
    cr_assert_neq(sc.params.init_S_mean_rural, 0.41, "the calibrated value, not the default");
}

Test(calibrate_cli, writes_the_posterior_sample_exactly, .init = cli_setup,
     .fini = cli_teardown)
{
    char args[1024], *err = NULL;
    for (int t = 1; t <= 2; t++) {
        snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --threads %d --quiet "
                 "--write-posterior %s/post%d.json", cli_dir, cli_dir, t, cli_dir, t);
        cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
        free(err);
    }
    char p[256], q[256];
    snprintf(p, sizeof p, "%s/post1.json", cli_dir);
    snprintf(q, sizeof q, "%s/post2.json", cli_dir);
    char *a = test_slurp(p), *b = test_slurp(q);
    cr_assert(a && b);
    cr_assert_str_eq(a, b, "the posterior file does not depend on --threads");
    free(a);
    free(b);
    /* Read back: the particles and weights of the HDF5 posterior, bit for bit. */
    bilim_particles parts;
    bilim_error e;
    cr_assert_eq(bilim_particles_load(p, &parts, &e), BILIM_OK, "%s", e.msg);
    cr_assert_eq(parts.n, 24);
    cr_assert_eq(parts.n_columns, 2);
    cr_assert_str_eq(parts.columns[0]->name, "init_S_mean_rural");
    cr_assert_str_eq(parts.columns[1]->name, "init_S_kappa");
    cr_assert_eq(parts.n_ties, 1);
    cr_assert_str_eq(parts.ties[0].param->name, "init_S_mean_urban");
    cr_assert_eq(parts.ties[0].offset, 0.04);
    snprintf(q, sizeof q, "%s/out.h5", cli_dir);
    hid_t f = H5Fopen(q, H5F_ACC_RDONLY, H5P_DEFAULT);
    double w[24], th[48];
    cr_assert_geq(H5LTread_dataset_double(f, "/calibration/posterior/weights", w), 0);
    cr_assert_geq(H5LTread_dataset_double(f, "/calibration/posterior/samples", th), 0);
    H5Fclose(f);
    for (int i = 0; i < 24; i++) {
        cr_expect_float_eq(parts.weight[i], w[i], 1e-15, "weight %d", i);
        cr_expect_eq(parts.theta[2 * i], th[2 * i], "particle %d", i);
        cr_expect_eq(parts.theta[2 * i + 1], th[2 * i + 1], "particle %d", i);
    }
    bilim_particles_clear(&parts);
}

/* --report: one page with the diagnostics, the fit chart and table, one
 * prior-against-posterior chart per free parameter (2), the single pair,
 * the identifiability table and the pattern section; without gnuplot a
 * clear error before any simulation, and nothing written. */
Test(calibrate_cli, writes_the_html_report, .init = cli_setup, .fini = cli_teardown)
{
    bilim_error e;
    test_require_tool(bilim_plot_check(&e) == BILIM_OK, "gnuplot");
    char args[1024], *err = NULL;
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --quiet --report %s/rep.html",
             cli_dir, cli_dir, cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    free(err);
    char p[256];
    snprintf(p, sizeof p, "%s/rep.html", cli_dir);
    char *html = test_slurp(p);
    cr_assert_not_null(html);
    const char *parts[] = {"<h1>Calibration cal</h1>", "id=\"history\"", "id=\"warnings\"",
                           "effective sample size", "id='chart-fit", "id=\"fit\"",
                           "readiness_bands.low", "id='chart-marginal-0", "id='chart-marginal-1",
                           "id='chart-pair-0-1", "id=\"identifiability\"", "init_S_kappa",
                           "id=\"dynamic\"", "prior only (not calibrated)",
                           "names no pattern file", "</html>"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        cr_expect(strstr(html, parts[i]), "missing %s", parts[i]);
    int svgs = 0;
    for (const char *q = html; (q = strstr(q, "<svg")) != NULL; q++)
        svgs++;
    cr_expect_eq(svgs, 4, "fit, two marginals, one pair");
    free(html);
    remove(p);
    setenv("BILIM_GNUPLOT", "/nonexistent/gnuplot", 1);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    unsetenv("BILIM_GNUPLOT");
    cr_assert(strstr(err, "gnuplot"), "%s", err);
    cr_assert_null(strstr(err, "generation"), "refused before simulating: %s", err);
    free(err);
    cr_assert(access(p, F_OK) != 0, "no report without gnuplot");
}

Test(calibrate_cli, errors_and_usage, .init = cli_setup, .fini = cli_teardown)
{
    char args[1024], *err = NULL;
    cli_write("bad.json", "{\"base_scenario\": \"base.json\", \"targets\": \"nope.json\", \"parameters\": [], \"sed\": 1}");
    snprintf(args, sizeof args, "calibrate %s/bad.json -o %s/out.h5", cli_dir, cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "bad.json:1:74: sed: unknown key; did you mean \"seed\"?"), "%s", err);
    cr_assert(strstr(err, "bad.json:1:43: targets: cannot read"), "%s", err);
    free(err);
    char p[256];
    snprintf(p, sizeof p, "%s/out.h5", cli_dir);
    cr_assert(access(p, F_OK) != 0, "no output file after an invalid calibration");
    snprintf(args, sizeof args, "calibrate %s/cal.json", cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 2, "missing -o is a usage error");
    cr_assert(strstr(err, "-o POSTERIOR.h5"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "calibrate %s/cal.json -o /nonexistent-dir/out.h5 --quiet", cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    free(err);
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --quiet -w /nonexistent-dir/p.json",
             cli_dir, cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "/nonexistent-dir/p.json"), "%s", err);
    free(err);
    /* The budget on the command line: validated, then used. */
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --max-simulations 0", cli_dir,
             cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 2);
    cr_assert(strstr(err, "--max-simulations 0 is out of range; expected 1 to 10^12"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --max-simulations 10", cli_dir,
             cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 2);
    cr_assert(strstr(err, "24 particles need a budget of at least 24 simulations, but it is 10 "
                          "(--max-simulations); raise --max-simulations or lower --particles"),
              "%s", err);
    free(err);
    cr_assert(access(p, F_OK) != 0, "nothing written by the refused runs");
    /* 30 simulations are one generation of 24 and a few: the second is
     * discarded and the run says why. */
    snprintf(args, sizeof args, "calibrate %s/cal.json -o %s/out.h5 --max-simulations 30", cli_dir,
             cli_dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    cr_assert(strstr(err, "the next generation would exceed max_simulations"), "%s", err);
    cr_assert(strstr(err, "final tolerance inf is above the data's noise level"), "%s", err);
    cr_assert(strstr(err, "raise --max-simulations"), "%s", err);
    free(err);
    hid_t f = H5Fopen(p, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    long long sims = 0;
    cr_assert_geq(H5LTget_attribute_long_long(f, "/calibration", "max_simulations", &sims), 0);
    cr_assert_eq(sims, 30, "the file records the budget used");
    H5Fclose(f);
}
