/* formats/calib_load.c: the calibration file format (docs/calibration.md).
 *
 *   {
 *     "description": "...",
 *     "base_scenario": "../baseline.json",             (relative to this file)
 *     "targets": "../../data/survey-2026-principals.json",
 *     "observation": {"month": 0, "n": 116, "rural_share": "population"},
 *     "parameters": [{"name": "init_K_mean_urban",
 *                     "prior": {"distribution": "beta", "alpha": 8, "beta": 17}}],
 *     "tied": [{"name": "init_K_mean_rural", "follows": "init_K_mean_urban", "offset": -0.05}],
 *     "method": {"algorithm": "abc-smc", "particles": 1000, ...},
 *     "seed": 2026
 *   }
 *
 * Every object is read through a field table of formats/fields.h, like a
 * scenario's, so keys, types, ranges, suggestions, message form, error cap
 * and file reading are the scenario loader's. Order of work: the base
 * scenario first (its population and horizon bound the observation), then
 * the targets, the parameters, the ties and the method; every problem is
 * recorded and loading goes on, so one run reports them all. */
#include "formats/calib_load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/fields.h"
#include "formats/json_check.h"
#include "formats/patterns_load.h"
#include "formats/scenario_internal.h"
#include "formats/scenario_load.h"

_Static_assert(sizeof(bilim_abc_kernel) == sizeof(int32_t), "enum size");
_Static_assert(sizeof(bilim_calib_point) == sizeof(int32_t), "enum size");

void bilim_calib_texts_clear(bilim_calib_texts *t)
{
    if (!t)
        return;
    bilim_free(t->calibration);
    bilim_free(t->base_scenario);
    bilim_free(t->targets);
    bilim_free(t->patterns);
    memset(t, 0, sizeof *t);
}

/* --- tables ------------------------------------------------------------------------ */

#define SEED_MAX 9007199254740992.0   /* 2^53: every seed is exact in a double */

static const char *const algorithm_names[] = {"abc-smc", NULL};
static const char *const kernel_names[] = {"multivariate_normal", "normal", "truncated_normal", NULL};
static const char *const point_names[] = {"mean", "median", NULL};
static const char *const prior_names[] = {"uniform", "beta", "normal", "lognormal", NULL};

typedef struct cl_top {
    int64_t seed;
} cl_top;

static const bilim_field top_rows[] = {
    BILIM_ROW_CUSTOM("description", 0, "Free text: what is fitted, to what, and why."),
    BILIM_ROW_CUSTOM("base_scenario", 1, "The path of a scenario file (relative to this file)."),
    BILIM_ROW_CUSTOM("targets", 1, "The path of a targets file (relative to this file), like data/survey-2026-principals.json."),
    BILIM_ROW_CUSTOM("observation", 0, "The survey: {\"month\", \"n\", \"rural_share\"}."),
    BILIM_ROW_CUSTOM("parameters", 1, "1 to 32 free parameters, each {\"name\", \"prior\"}."),
    BILIM_ROW_CUSTOM("tied", 0, "Parameters that follow a free one: [{\"name\", \"follows\", \"offset\"}]."),
    BILIM_ROW_CUSTOM("method", 0, "ABC-SMC settings."),
    BILIM_ROW_CUSTOM("patterns", 0, "The path of a pattern file (relative to this file), like data/case-study-patterns.json."),
    BILIM_ROW_INT64("seed", cl_top, seed, 0, SEED_MAX, 0, "Random seed (default: the base scenario's)."),
};
static const bilim_field_table top_table = BILIM_TABLE("calibration", top_rows);

static const bilim_field observation_rows[] = {
    BILIM_ROW_INT("month", bilim_calibration, month, 0, BILIM_MAX_MONTHS, 0, "Month of observation, up to the base scenario's months."),
    BILIM_ROW_CUSTOM("date", 0, "Date of observation \"YYYY-MM\", from the base scenario's start_date on (instead of month)."),
    BILIM_ROW_INT("n", bilim_calibration, survey_n, 1, 1000000, 0, "Principals per survey: the targets' respondents."),
    BILIM_ROW_CUSTOM("rural_share", 0, "Rural share of the surveyed principals: a number in [0, 1] or \"population\"."),
};
static const bilim_field_table observation_table = BILIM_TABLE("observation", observation_rows);

static const bilim_field method_rows[] = {
    BILIM_ROW_CUSTOM("algorithm", 0, "\"abc-smc\", the only one."),
    BILIM_ROW_INT("particles", bilim_calibration, abc.particles, 2, 1000000, 0, "Particles per generation."),
    BILIM_ROW_INT("max_generations", bilim_calibration, abc.max_generations, 1, 1000, 0, "Generations, the prior's included."),
    BILIM_ROW_REAL_OPEN("quantile", bilim_calibration, abc.quantile, 0, 1, 1, 1, 0, "Quantile of the previous distances that sets the next tolerance."),
    BILIM_ROW_REAL("min_epsilon", bilim_calibration, abc.min_epsilon, 0, INFINITY, 0, "Stop once the tolerance reaches this."),
    BILIM_ROW_REAL_OPEN("min_acceptance", bilim_calibration, abc.min_acceptance, 0, 1, 0, 1, 0, "Stop after a generation accepting fewer than this share."),
    BILIM_ROW_INT64("max_simulations", bilim_calibration, abc.max_simulations, 1, 1e12, 0, "Budget of model runs (at least particles)."),
    BILIM_ROW_ENUM("kernel", bilim_calibration, abc.kernel, kernel_names, 0, "Perturbation kernel."),
    BILIM_ROW_INT("schools_per_simulation", bilim_calibration, schools_per_simulation, 0, 1000000, 0, "Schools per simulated population; 0 = all of the base population."),
    BILIM_ROW_INT("predictive_draws", bilim_calibration, predictive_draws, 1, 1000, 0, "Posterior predictive surveys per particle."),
    BILIM_ROW_ENUM("point_estimate", bilim_calibration, point, point_names, 0, "What --write-params writes: the weighted mean or median."),
};
static const bilim_field_table method_table = BILIM_TABLE("method", method_rows);

static const bilim_field parameter_rows[] = {
    BILIM_ROW_CUSTOM("name", 1, "A real-valued model parameter (bilim params)."),
    BILIM_ROW_CUSTOM("prior", 1, "Its prior: {\"distribution\", ...}."),
};
static const bilim_field_table parameter_table = BILIM_TABLE("free parameter", parameter_rows);

#define BOUND(m) BILIM_ROW_REAL(#m, bilim_prior, m, -INFINITY, INFINITY, 0, "Truncation bound (default: the parameter's range).")
#define BOUND_REQ(m) BILIM_ROW_REAL(#m, bilim_prior, m, -INFINITY, INFINITY, 1, "Truncation bound, within the parameter's range.")
#define SHAPE(k, m, doc) BILIM_ROW_REAL_OPEN(k, bilim_prior, m, 0, INFINITY, 1, 0, 1, doc)
#define DISTRIBUTION BILIM_ROW_CUSTOM("distribution", 1, "One of \"uniform\", \"beta\", \"normal\", \"lognormal\".")
static const bilim_field uniform_rows[] = {DISTRIBUTION, BOUND_REQ(lower), BOUND_REQ(upper)};
static const bilim_field beta_rows[] = {
    DISTRIBUTION, SHAPE("alpha", p1, "Beta's alpha."), SHAPE("beta", p2, "Beta's beta."), BOUND(lower), BOUND(upper)};
static const bilim_field normal_rows[] = {
    DISTRIBUTION, BILIM_ROW_REAL("mean", bilim_prior, p1, -INFINITY, INFINITY, 1, "The mean."),
    SHAPE("sd", p2, "The standard deviation."), BOUND(lower), BOUND(upper)};
static const bilim_field lognormal_rows[] = {
    DISTRIBUTION, BILIM_ROW_REAL("meanlog", bilim_prior, p1, -INFINITY, INFINITY, 1, "Mean of the logarithm."),
    SHAPE("sdlog", p2, "Standard deviation of the logarithm."), BOUND(lower), BOUND(upper)};
/* Indexed by bilim_prior_kind. */
static const bilim_field_table prior_tables[BILIM_N_PRIOR_KINDS] = {
    BILIM_TABLE("uniform prior", uniform_rows), BILIM_TABLE("beta prior", beta_rows),
    BILIM_TABLE("normal prior", normal_rows), BILIM_TABLE("lognormal prior", lognormal_rows)};

static const bilim_field tie_rows[] = {
    BILIM_ROW_CUSTOM("name", 1, "The tied parameter (real-valued, not free)."),
    BILIM_ROW_CUSTOM("follows", 1, "The free parameter it follows."),
    BILIM_ROW_REAL("offset", bilim_calib_tie, offset, -INFINITY, INFINITY, 0, "value = the free parameter's value + offset (default 0)."),
};
static const bilim_field_table tie_table = BILIM_TABLE("tie", tie_rows);

/* The targets file: descriptive keys (sources, notes, published percentages,
 * demographics) are allowed and not read. Counts are bounded by respondents
 * at reading time (see with_max). */
typedef struct cl_targets {
    int32_t respondents;
} cl_targets;

typedef struct cl_count {
    int32_t v[BILIM_N_BANDS];
} cl_count;

static const bilim_field targets_rows[] = {
    BILIM_ROW_INT("respondents", cl_targets, respondents, 1, 1000000, 1, "Principals who answered."),
    BILIM_ROW_CUSTOM("readiness_bands", 0, "{\"counts\": {\"low\", \"intermediate\", \"high\"}}."),
    BILIM_ROW_CUSTOM("barriers", 0, "{barrier: {\"count\"}} for the five barriers of the survey."),
};
static const bilim_field_table targets_table = BILIM_OPEN_TABLE("targets", targets_rows);

static const bilim_field bands_rows[] = {
    BILIM_ROW_CUSTOM("counts", 1, "Respondents per readiness band: {\"low\", \"intermediate\", \"high\"}."),
};
static const bilim_field_table bands_table = BILIM_OPEN_TABLE("readiness_bands", bands_rows);

static const bilim_field band_count_rows[BILIM_N_BANDS] = {
    BILIM_ROW_INT("low", cl_count, v[0], 0, 0, 1, "Respondents in the low band."),
    BILIM_ROW_INT("intermediate", cl_count, v[1], 0, 0, 1, "Respondents in the intermediate band."),
    BILIM_ROW_INT("high", cl_count, v[2], 0, 0, 1, "Respondents in the high band."),
};

/* In the order of the targets (bilim_calib_target_name): row b is barrier b. */
static const bilim_field barrier_rows[BILIM_N_BARRIERS] = {
    BILIM_ROW_CUSTOM("lack_of_practical_knowledge", 0, "{\"count\"}"),
    BILIM_ROW_CUSTOM("low_staff_motivation", 0, "{\"count\"}"),
    BILIM_ROW_CUSTOM("weak_material_base", 0, "{\"count\"}"),
    BILIM_ROW_CUSTOM("difficulty_organizing_teaching_staff", 0, "{\"count\"}"),
    BILIM_ROW_CUSTOM("insufficient_managerial_skills", 0, "{\"count\"}"),
};
static const bilim_field_table barriers_table = BILIM_TABLE("barriers", barrier_rows);

static const bilim_field barrier_count_rows[] = {
    BILIM_ROW_INT("count", cl_count, v[0], 0, 0, 1, "Respondents naming the barrier."),
};

/* A copy of n rows (at most BILIM_N_BANDS) with every max set to max: counts
 * are bounded by the respondents. */
static bilim_field_table with_max(const char *name, const bilim_field *rows, int n, int open,
                                  double max, bilim_field *copy)
{
    for (int i = 0; i < n; i++) {
        copy[i] = rows[i];
        copy[i].max = max;
    }
    bilim_field_table t = {name, copy, n, open};
    return t;
}

/* --- the targets file ---------------------------------------------------------------- */

static void read_bands(bilim_fields *c, const bilim_json *rb, int32_t n, bilim_calibration *out)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS], *g2[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, rb, "readiness_bands", &bands_table, NULL, g))
        return;
    const bilim_json *counts = bilim_fields_given(&bands_table, g, "counts");
    if (!counts)
        return;
    bilim_field rows[BILIM_N_BANDS];
    bilim_field_table t = with_max("band counts", band_count_rows, BILIM_N_BANDS, 0, n, rows);
    cl_count k = {{-1, -1, -1}};
    int errors0 = c->errors;
    if (!bilim_fields_read_object(c, counts, "readiness_bands.counts", &t, &k, g2) ||
        c->errors > errors0)
        return;
    int64_t sum = 0;
    for (int b = 0; b < BILIM_N_BANDS; b++) {
        out->present[b] = 1;
        out->observed[b] = k.v[b];
        sum += k.v[b];
    }
    if (sum != n)
        bilim_fields_error(c, counts, NULL, "readiness_bands.counts", "the counts sum to %lld; "
                           "expected them to sum to the %d respondents", (long long)sum, (int)n);
}

static void read_barriers(bilim_fields *c, const bilim_json *bar, int32_t n, bilim_calibration *out)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS], *g2[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, bar, "barriers", &barriers_table, NULL, g))
        return;
    bilim_field rows[1];
    bilim_field_table t = with_max("barrier", barrier_count_rows, 1, 1, n, rows);
    for (int b = 0; b < BILIM_N_BARRIERS; b++) {
        if (!g[b])
            continue;
        char p[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(p, sizeof p, "barriers", barrier_rows[b].key, strlen(barrier_rows[b].key));
        cl_count k = {{-1, -1, -1}};
        int errors0 = c->errors;
        if (bilim_fields_read_object(c, g[b], p, &t, &k, g2) && c->errors == errors0) {
            out->present[BILIM_N_BANDS + b] = 1;
            out->observed[BILIM_N_BANDS + b] = k.v[0];
        }
    }
}

/* Reads the counts of the targets file that ref names; returns its
 * respondents (0 when unknown). */
static int32_t load_targets(bilim_fields *c, const bilim_json *ref, bilim_calibration *out,
                            bilim_calib_texts *texts)
{
    char *path = bilim_fields_ref_path(c, ref, "a targets file");
    char *text = NULL;
    int errors0 = c->errors;
    const bilim_json *root = path ? bilim_fields_load_ref(c, ref, path, &text) : NULL;
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    cl_targets t = {0};
    if (root && bilim_fields_read_object(c, root, "", &targets_table, &t, g) && t.respondents > 0) {
        const bilim_json *bands = bilim_fields_given(&targets_table, g, "readiness_bands");
        const bilim_json *barriers = bilim_fields_given(&targets_table, g, "barriers");
        if (bands)
            read_bands(c, bands, t.respondents, out);
        if (barriers)
            read_barriers(c, barriers, t.respondents, out);
        if (!bands && !barriers)
            bilim_fields_error(c, root, NULL, "", "no targets; expected readiness_bands.counts "
                               "or barriers (or both)");
    }
    if (texts && c->errors == errors0)
        texts->targets = text;
    else
        bilim_free(text);
    return t.respondents;
}

/* --- parameters and priors ------------------------------------------------------------- */

/* A parameter name of the table, real-valued; NULL (reported) otherwise. */
static const bilim_param_info *read_param_name(bilim_fields *c, const bilim_json *v,
                                               const char *path)
{
    if (!bilim_fields_expect(c, v, path, BILIM_JSON_STRING, "the name of a real-valued parameter"))
        return NULL;
    const bilim_param_info *info = strlen(v->text) == v->len ? bilim_params_find(v->text) : NULL;
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    if (!info) {
        const char *s = bilim_fields_suggest_param(v->text, v->len);
        if (s)
            bilim_fields_error(c, v, NULL, path, "%s is not a model parameter; did you mean "
                               "\"%s\"? (bilim params lists them)", shown, s);
        else
            bilim_fields_error(c, v, NULL, path, "%s is not a model parameter; expected a name "
                               "that bilim params lists", shown);
        return NULL;
    }
    if (info->type != BILIM_PARAM_REAL) {
        bilim_fields_error(c, v, NULL, path, "%s is an integer parameter; expected a "
                           "real-valued one (only those can be calibrated)", shown);
        return NULL;
    }
    return info;
}

/* A given bound must lie within the parameter's table range. */
static void check_bound(bilim_fields *c, const bilim_json *v, const char *path,
                        const bilim_param_info *info, double x)
{
    if (!v || (x >= info->min && x <= info->max))
        return;
    char shown[160];
    bilim_fields_error(c, v, NULL, path, "%s is out of range; expected a number in [%.15g, "
                       "%.15g], %s's range in the parameter table (bilim params)",
                       bilim_json_show(v, shown, sizeof shown), info->min, info->max, info->name);
}

/* Reads a prior for info (NULL when the name was wrong: the prior is still
 * checked as far as it can be). Returns 0 when *out is usable. */
static int read_prior(bilim_fields *c, const bilim_json *obj, const char *path,
                      const bilim_param_info *info, bilim_prior *out)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    char p[BILIM_FIELDS_PATH_MAX];
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT, "an object {\"distribution\", ...}"))
        return -1;
    const bilim_json *d = bilim_json_get(obj, "distribution");
    bilim_json_path_key(p, sizeof p, path, "distribution", 12);
    if (!d) {
        bilim_fields_error(c, obj, NULL, p, "missing; this key is required: %s", uniform_rows[0].doc);
        return -1;
    }
    int kind = bilim_fields_read_name(c, d, p, prior_names);
    if (kind < 0)
        return -1;
    int errors0 = c->errors;
    memset(out, 0, sizeof *out);
    out->kind = (bilim_prior_kind)kind;
    /* Bounds default to the table's range within the distribution's support. */
    out->lower = info ? info->min : -INFINITY;
    out->upper = info ? info->max : INFINITY;
    if (out->kind == BILIM_PRIOR_BETA || out->kind == BILIM_PRIOR_LOGNORMAL)
        out->lower = fmax(out->lower, 0.0);
    if (out->kind == BILIM_PRIOR_BETA)
        out->upper = fmin(out->upper, 1.0);
    const bilim_field_table *t = &prior_tables[kind];
    bilim_fields_read_object(c, obj, path, t, out, g);
    if (!info || c->errors > errors0)
        return -1;
    const char *bounds[2] = {"lower", "upper"};
    for (int i = 0; i < 2; i++) {
        bilim_json_path_key(p, sizeof p, path, bounds[i], 5);
        check_bound(c, bilim_fields_given(t, g, bounds[i]), p, info, i ? out->upper : out->lower);
    }
    char msg[512];
    if (c->errors == errors0 && bilim_prior_check(out, msg, sizeof msg))
        bilim_fields_error(c, obj, NULL, path, "%s", msg);
    return c->errors > errors0 ? -1 : 0;
}

static int find_free(const bilim_calibration *out, const bilim_param_info *info)
{
    for (int i = 0; i < out->n_free; i++)
        if (out->free[i] == info)
            return i;
    return -1;
}

static void read_parameters(bilim_fields *c, const bilim_json *arr, bilim_calibration *out)
{
    if (!bilim_fields_expect(c, arr, "parameters", BILIM_JSON_ARRAY, "an array of free parameters"))
        return;
    if (arr->count < 1 || arr->count > BILIM_CALIB_MAX_PARAMS) {
        bilim_fields_error(c, arr, NULL, "parameters", "an array of %d entries; expected 1 to %d "
                           "free parameters", arr->count, BILIM_CALIB_MAX_PARAMS);
        return;
    }
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char p[BILIM_FIELDS_PATH_MAX], pp[BILIM_FIELDS_PATH_MAX];
        const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
        bilim_json_path_index(p, sizeof p, "parameters", i);
        if (!bilim_fields_read_object(c, e, p, &parameter_table, NULL, g))
            continue;
        const bilim_json *name = bilim_fields_given(&parameter_table, g, "name");
        const bilim_json *prior = bilim_fields_given(&parameter_table, g, "prior");
        const bilim_param_info *info = NULL;
        bilim_json_path_key(pp, sizeof pp, p, "name", 4);
        if (name && (info = read_param_name(c, name, pp)) && find_free(out, info) >= 0) {
            bilim_fields_error(c, name, NULL, pp, "\"%s\" is listed twice; expected each free "
                               "parameter once", info->name);
            info = NULL;
        }
        bilim_prior pr;
        bilim_json_path_key(pp, sizeof pp, p, "prior", 5);
        if (prior && read_prior(c, prior, pp, info, &pr) == 0) {
            out->free[out->n_free] = info;
            out->prior[out->n_free] = pr;
            out->n_free++;
        }
    }
}

/* The tied value must stay in its table range over the whole prior of the
 * free parameter it follows. */
static int tie_in_range(bilim_fields *c, const bilim_json *at, const char *path,
                        const bilim_calibration *out, const bilim_calib_tie *t)
{
    const bilim_param_info *info = t->param, *fol = out->free[t->follows];
    const bilim_prior *pr = &out->prior[t->follows];
    double lo = pr->lower + t->offset, hi = pr->upper + t->offset;
    if (lo >= info->min && hi <= info->max)
        return 1;
    bilim_fields_error(c, at, NULL, path, "%.15g is out of range: %s would span %g to %g over "
                       "%s's prior bounds, outside its table range %g to %g; narrow the prior's "
                       "lower/upper bounds of %s to %g to %g", t->offset, info->name, lo, hi,
                       fol->name, info->min, info->max, fol->name,
                       fmax(pr->lower, info->min - t->offset), fmin(pr->upper, info->max - t->offset));
    return 0;
}

static void read_tie(bilim_fields *c, const bilim_json *e, const char *p, bilim_calibration *out)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    char pn[BILIM_FIELDS_PATH_MAX], pf[BILIM_FIELDS_PATH_MAX], po[BILIM_FIELDS_PATH_MAX];
    bilim_calib_tie t = {NULL, -1, 0.0};
    int errors0 = c->errors;
    if (!bilim_fields_read_object(c, e, p, &tie_table, &t, g))
        return;
    bilim_json_path_key(pn, sizeof pn, p, "name", 4);
    bilim_json_path_key(pf, sizeof pf, p, "follows", 7);
    bilim_json_path_key(po, sizeof po, p, "offset", 6);
    const bilim_json *name = bilim_fields_given(&tie_table, g, "name");
    const bilim_json *follows = bilim_fields_given(&tie_table, g, "follows");
    const bilim_json *offset = bilim_fields_given(&tie_table, g, "offset");
    t.param = name ? read_param_name(c, name, pn) : NULL;
    const bilim_param_info *fol = follows ? read_param_name(c, follows, pf) : NULL;
    if (!t.param || !fol || c->errors > errors0)
        return;
    if (find_free(out, t.param) >= 0) {
        bilim_fields_error(c, name, NULL, pn, "\"%s\" is a free parameter; expected a parameter "
                           "that is not free", t.param->name);
        return;
    }
    for (int k = 0; k < out->n_ties; k++)
        if (out->ties[k].param == t.param) {
            bilim_fields_error(c, name, NULL, pn, "\"%s\" is tied twice; expected each parameter "
                               "tied once", t.param->name);
            return;
        }
    if ((t.follows = find_free(out, fol)) < 0) {
        bilim_fields_error(c, follows, NULL, pf, "\"%s\" is not one of the free parameters; a "
                           "parameter can only follow a free one", fol->name);
        return;
    }
    if (out->n_ties < BILIM_CALIB_MAX_PARAMS && tie_in_range(c, offset ? offset : e, po, out, &t))
        out->ties[out->n_ties++] = t;
}

static void read_ties(bilim_fields *c, const bilim_json *arr, bilim_calibration *out)
{
    if (!bilim_fields_expect(c, arr, "tied", BILIM_JSON_ARRAY, "an array of ties"))
        return;
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char p[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(p, sizeof p, "tied", i);
        read_tie(c, e, p, out);
    }
}

/* --- observation, method ------------------------------------------------------------- */

/* observation.date: "YYYY-MM" at or after the base scenario's start_date and
 * within its horizon, stored as the month of observation. An earlier date
 * would need a history period before month 0, which the model does not run
 * (docs/calibration.md, "Targets at several times"). */
static void read_observation_date(bilim_fields *c, const bilim_json *v, bilim_calibration *out)
{
    int32_t y, m;
    if (!bilim__scenario_parse_date(c, v, "observation.date", &y, &m))
        return;
    const bilim_scenario *sc = &out->base;
    int32_t t = bilim_scenario_month_of(sc, y, m);
    if (t < 0)
        bilim_fields_error(c, v, NULL, "observation.date", "\"%.7s\" is %d months before the "
                           "base scenario's start_date \"%04d-%02d\" (month 0); expected a date "
                           "from \"%04d-%02d\" on: observations before month 0 need a history "
                           "period, which bilim does not run yet (docs/calibration.md)", v->text,
                           -t, sc->start_year, sc->start_calendar_month, sc->start_year,
                           sc->start_calendar_month);
    else if (t > sc->months)
        bilim_fields_error(c, v, NULL, "observation.date", "\"%.7s\" is month %d, after the "
                           "base scenario's horizon of %d months; expected a date up to month %d",
                           v->text, t, sc->months, sc->months);
    else
        out->month = t;
}

static void read_observation(bilim_fields *c, const bilim_json *obs, bilim_calibration *out,
                             int32_t respondents, int base_ok)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, obs, "observation", &observation_table, out, g))
        return;
    const bilim_json *month = bilim_fields_given(&observation_table, g, "month");
    const bilim_json *date = bilim_fields_given(&observation_table, g, "date");
    const bilim_json *n = bilim_fields_given(&observation_table, g, "n");
    if (date && month)
        bilim_fields_error(c, date, NULL, "observation.date", "given together with "
                           "observation.month; expected one of them (the date is converted to "
                           "a month from the base scenario's start_date)");
    else if (date && base_ok)
        read_observation_date(c, date, out);
    const bilim_json *rs = bilim_fields_given(&observation_table, g, "rural_share");
    if (month && base_ok && out->month > out->base.months)
        bilim_fields_error(c, month, NULL, "observation.month", "%d is after the base scenario's "
                           "horizon; expected an integer from 0 to %d (its months)", out->month,
                           out->base.months);
    if (n && respondents > 0 && out->survey_n != respondents)
        bilim_fields_error(c, n, NULL, "observation.n", "%d differs from the targets file's "
                           "%d respondents; expected %d (the virtual survey draws as many)",
                           out->survey_n, respondents, respondents);
    if (rs && rs->type == BILIM_JSON_STRING) {
        if (strcmp(rs->text, "population") == 0)
            out->rural_share = bilim_calib_population_rural_share(&out->base.population);
        else {
            char shown[160];
            bilim_fields_error(c, rs, NULL, "observation.rural_share", "%s is not allowed; "
                               "expected \"population\" or a number in [0, 1]",
                               bilim_json_show(rs, shown, sizeof shown));
        }
    } else if (rs) {
        static const bilim_field row = BILIM_ROW_REAL("rural_share", bilim_calibration,
                                                      rural_share, 0, 1, 0, "");
        bilim_fields_read_value(c, rs, "observation.rural_share", &row, out);
    }
}

/* Returns the method.schools_per_simulation member, or NULL. */
static const bilim_json *read_method(bilim_fields *c, const bilim_json *o, bilim_calibration *out,
                                     int base_ok)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, o, "method", &method_table, out, g))
        return NULL;
    const bilim_json *algorithm = bilim_fields_given(&method_table, g, "algorithm");
    if (algorithm)
        bilim_fields_read_name(c, algorithm, "method.algorithm", algorithm_names);
    const bilim_json *ms = bilim_fields_given(&method_table, g, "max_simulations");
    if (ms && out->abc.max_simulations < out->abc.particles)
        bilim_fields_error(c, ms, NULL, "method.max_simulations", "%lld is out of range; "
                           "expected at least the number of particles (%d)",
                           (long long)out->abc.max_simulations, out->abc.particles);
    const bilim_json *spp = bilim_fields_given(&method_table, g, "schools_per_simulation");
    int32_t total = bilim_population_schools(&out->base.population);
    if (spp && base_ok && out->schools_per_simulation > total)
        bilim_fields_error(c, spp, NULL, "method.schools_per_simulation", "%d is out of range; "
                           "expected an integer from 0 to %d (the base scenario's schools)",
                           out->schools_per_simulation, total);
    return spp;
}

/* --- the whole file --------------------------------------------------------------------- */

/* The file's stem ("kz-2026-survey" for .../kz-2026-survey.json). */
static void set_name(bilim_calibration *out, const char *origin)
{
    if (!origin)
        return;
    const char *s = strrchr(origin, '/');
    s = s ? s + 1 : origin;
    size_t len = strlen(s);
    if (len > 5 && strcmp(s + len - 5, ".json") == 0)
        len -= 5;
    if (len >= sizeof out->name)
        len = sizeof out->name - 1;
    memcpy(out->name, s, len);
    out->name[len] = '\0';
}

/* Everything after parsing: the members of root into out. */
static void read_calibration(bilim_fields *c, const bilim_json *root, bilim_calibration *out,
                             bilim_calib_texts *texts)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    cl_top top = {-1};
    if (!bilim_fields_read_object(c, root, "", &top_table, &top, g))
        return;
#define TOP(key) bilim_fields_given(&top_table, g, key)
    const bilim_json *desc = TOP("description"), *base = TOP("base_scenario"),
                     *targets = TOP("targets"), *obs = TOP("observation"),
                     *params = TOP("parameters"), *tied = TOP("tied"), *method = TOP("method"),
                     *seed = TOP("seed"), *patterns = TOP("patterns");
#undef TOP
    if (desc)
        bilim_fields_read_text(c, desc, "description", BILIM_FIELDS_MAX_TEXT);
    int errors0 = c->errors;
    int base_ok = base && bilim_scenario_load_ref(c, base, &out->base,
                                                  texts ? &texts->base_scenario : NULL) == BILIM_OK;
    base_ok &= c->errors == errors0;
    int32_t respondents = targets ? load_targets(c, targets, out, texts) : 0;
    out->survey_n = respondents > 0 ? respondents : 116;
    out->rural_share = out->base.outputs.survey_rural_share >= 0.0
                     ? out->base.outputs.survey_rural_share
                     : bilim_calib_population_rural_share(&out->base.population);
    if (obs)
        read_observation(c, obs, out, respondents, base_ok);
    if (params)
        read_parameters(c, params, out);
    if (tied)
        read_ties(c, tied, out);
    const bilim_json *spp = method ? read_method(c, method, out, base_ok) : NULL;
    if (patterns)
        bilim_patterns_load_ref(c, patterns, base_ok ? out->base.months : BILIM_MAX_MONTHS,
                                out->patterns, &out->n_patterns, texts ? &texts->patterns : NULL);
    out->abc.seed = seed && top.seed >= 0 ? (uint64_t)top.seed : out->base.seed;
    if (c->errors)
        return;
    if (!spp)
        out->schools_per_simulation =
            bilim_calib_min_schools(&out->base.population, out->survey_n, out->rural_share);
    bilim_calib_problem p;
    bilim_error e;
    if (bilim_calib_problem_init(&p, out, &e) != BILIM_OK)
        bilim_fields_error(c, spp ? spp : (obs ? obs : root), NULL,
                           spp ? "method.schools_per_simulation" : "observation", "%s", e.msg);
}

/* Loads through c (root from a file or a text); text is the calibration's
 * own text for texts (taken over). */
static int finish(bilim_fields *c, const bilim_json *root, char *text, bilim_calibration *out,
                  bilim_calib_texts *texts)
{
    if (root)
        read_calibration(c, root, out, texts);
    int rc = c->nomem ? BILIM_ENOMEM : c->errors ? BILIM_EINVAL : BILIM_OK;
    if (texts && rc == BILIM_OK)
        texts->calibration = text;
    else
        bilim_free(text);
    if (texts && rc != BILIM_OK)
        bilim_calib_texts_clear(texts);
    bilim_fields_clear(c);
    return rc;
}

static int start(bilim_fields *c, bilim_diags *diags, const char *origin, bilim_calibration *out,
                 bilim_calib_texts *texts)
{
    bilim_calibration_defaults(out);
    set_name(out, origin);
    if (texts)
        memset(texts, 0, sizeof *texts);
    return bilim_fields_init(c, diags);
}

int bilim_calib_load_string(const char *text, const char *origin, bilim_calibration *out,
                            bilim_calib_texts *texts, bilim_diags *diags)
{
    bilim_fields c;
    if (start(&c, diags, origin, out, texts))
        return BILIM_ENOMEM;
    /* Without an origin, paths are relative to the current directory. */
    const bilim_json *root = bilim_fields_load_text(&c, text, strlen(text),
                                                    origin ? origin : "<calibration>", NULL);
    char *copy = root && texts ? bilim_strdup(text) : NULL;
    if (root && texts && !copy)
        c.nomem = 1;
    return finish(&c, root, copy, out, texts);
}

int bilim_calib_load(const char *path, bilim_calibration *out, bilim_calib_texts *texts,
                     bilim_diags *diags)
{
    bilim_fields c;
    if (start(&c, diags, path, out, texts))
        return BILIM_ENOMEM;
    int io;
    char *text = NULL;
    const bilim_json *root = bilim_fields_load_file(&c, path, texts ? &text : NULL, &io);
    int rc = finish(&c, root, text, out, texts);
    return io && rc == BILIM_EINVAL ? BILIM_EIO : rc;
}

int bilim_calib_load_detect(const char *path)
{
    bilim_fields c;
    if (bilim_fields_init(&c, NULL))
        return 0;
    int io;
    const bilim_json *root = bilim_fields_load_file(&c, path, NULL, &io);
    int yes = root && bilim_json_get(root, "base_scenario") != NULL;
    bilim_fields_clear(&c);
    return yes;
}
