/* sim/calib_load.c: the calibration file format (docs/calibration.md).
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
 * Order of work: the base scenario first (its population and horizon bound
 * the observation), then the targets, the parameters, the ties and the
 * method; every problem is recorded and loading goes on, so one run of the
 * loader reports them all. */
#include "sim/calib_load.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/calib_json.h"
#include "sim/scenario_load.h"

void bilim_calib_errors_free(bilim_calib_errors *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n; i++)
        free(e->msg[i]);
    free(e->msg);
    e->msg = NULL;
    e->n = 0;
}

void bilim_calib_errors_print(const bilim_calib_errors *e, FILE *f)
{
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
}

void bilim_calib_texts_free(bilim_calib_texts *t)
{
    if (!t)
        return;
    free(t->calibration);
    free(t->base_scenario);
    free(t->targets);
    memset(t, 0, sizeof *t);
}

/* A path relative to the directory of origin (or as given when absolute or
 * origin has no directory). */
static void resolve_path(char *buf, size_t n, const char *origin, const char *rel)
{
    const char *slash = origin ? strrchr(origin, '/') : NULL;
    if (rel[0] == '/' || !slash)
        snprintf(buf, n, "%s", rel);
    else
        snprintf(buf, n, "%.*s/%s", (int)(slash - origin + 1) - 1, origin, rel);
}

/* --- the base scenario --------------------------------------------------------- */

static int load_base(bilim_cj *c, const cJSON *root, const char *origin, bilim_calibration *out,
                     bilim_calib_texts *texts)
{
    const char *rel;
    if (!bilim_cj_string(c, root, "", "base_scenario", 1, &rel))
        return -1;
    char path[1024];
    resolve_path(path, sizeof path, origin, rel);
    bilim_diags *d = bilim_diags_alloc();
    if (!d) {
        c->oom = 1;
        return -1;
    }
    char *json = NULL;
    int rc = bilim_scenario_load(path, &out->base, &json, d);
    if (rc != BILIM_OK) {
        bilim_cj_error(c, "base_scenario", "cannot use \"%s\" (%s):", rel, bilim_error_name(rc));
        for (int i = 0; i < bilim_diags_count(d); i++)
            bilim_cj_error_raw(c, bilim_diags_get(d, i));
        if (rc == BILIM_ENOMEM)
            c->oom = 1;
    } else if (texts) {
        texts->base_scenario = json;
        json = NULL;
    }
    free(json);
    bilim_diags_free(d);
    return rc == BILIM_OK ? 0 : -1;
}

/* --- the targets file -------------------------------------------------------- */

static const char *const band_keys[] = {"low", "intermediate", "high", NULL};
static const char *const barrier_keys[] = {
    "lack_of_practical_knowledge", "low_staff_motivation", "weak_material_base",
    "difficulty_organizing_teaching_staff", "insufficient_managerial_skills", NULL};

static void read_bands(bilim_cj *t, const cJSON *rb, int64_t n, bilim_calibration *out)
{
    const cJSON *counts = bilim_cj_object(t, rb, "readiness_bands", "counts", 1);
    if (!counts)
        return;
    const char *const *allowed = band_keys;
    /* Only duplicates and unknown band names matter here. */
    bilim_cj_check_keys(t, counts, "readiness_bands.counts", allowed);
    int64_t sum = 0;
    int all = 1;
    for (int b = 0; b < BILIM_N_BANDS; b++) {
        int64_t v;
        if (bilim_cj_integer(t, counts, "readiness_bands.counts", band_keys[b], 1, 0, n, &v)) {
            out->present[b] = 1;
            out->observed[b] = (int32_t)v;
            sum += v;
        } else {
            all = 0;
        }
    }
    if (all && sum != n)
        bilim_cj_error(t, "readiness_bands.counts", "the band counts sum to %lld; they must sum "
                       "to the %lld respondents", (long long)sum, (long long)n);
}

static void read_barriers(bilim_cj *t, const cJSON *bar, int64_t n, bilim_calibration *out)
{
    bilim_cj_check_keys(t, bar, "barriers", barrier_keys);
    for (int b = 0; b < BILIM_N_BARRIERS; b++) {
        char p[256];
        bilim_cj_path_key(p, sizeof p, "barriers", barrier_keys[b]);
        const cJSON *item = bilim_cj_object(t, bar, "barriers", barrier_keys[b], 0);
        int64_t v;
        if (item && bilim_cj_integer(t, item, p, "count", 1, 0, n, &v)) {
            out->present[BILIM_N_BANDS + b] = 1;
            out->observed[BILIM_N_BANDS + b] = (int32_t)v;
        }
    }
}

/* Reads the counts of a targets file; its descriptive keys (source, note,
 * published_percent, demographics, ...) are not used and not checked. */
static int load_targets(bilim_cj *c, const cJSON *root, const char *origin,
                        bilim_calibration *out, bilim_calib_texts *texts, int64_t *respondents)
{
    const char *rel;
    if (!bilim_cj_string(c, root, "", "targets", 1, &rel))
        return -1;
    char path[1024];
    resolve_path(path, sizeof path, origin, rel);
    char *text = bilim_cj_slurp(path);
    if (!text) {
        bilim_cj_error(c, "targets", "cannot read \"%s\" (resolved to %s); give a path relative "
                       "to the calibration file", rel, path);
        return -1;
    }
    bilim_cj t = {path, c->errs, 0, 0};
    cJSON *j = bilim_cj_parse(&t, text);
    if (j && !cJSON_IsObject(j))
        bilim_cj_error(&t, NULL, "expected a JSON object with respondents, readiness_bands and barriers");
    else if (j) {
        int64_t n;
        if (bilim_cj_integer(&t, j, "", "respondents", 1, 1, 1000000, &n)) {
            *respondents = n;
            const cJSON *rb = bilim_cj_object(&t, j, "", "readiness_bands", 0);
            const cJSON *bar = bilim_cj_object(&t, j, "", "barriers", 0);
            if (rb)
                read_bands(&t, rb, n, out);
            if (bar)
                read_barriers(&t, bar, n, out);
            if (!rb && !bar)
                bilim_cj_error(&t, NULL, "no targets: give readiness_bands.counts or barriers");
        }
    }
    cJSON_Delete(j);
    c->n_errors += t.n_errors;
    c->oom |= t.oom;
    if (texts && t.n_errors == 0)
        texts->targets = text;
    else
        free(text);
    return t.n_errors ? -1 : 0;
}

/* --- parameters and priors -------------------------------------------------- */

static const char *const prior_kinds[] = {"uniform", "beta", "normal", "lognormal", NULL};
static const char *const prior_keys[BILIM_N_PRIOR_KINDS][6] = {
    {"distribution", "lower", "upper", NULL},
    {"distribution", "alpha", "beta", "lower", "upper", NULL},
    {"distribution", "mean", "sd", "lower", "upper", NULL},
    {"distribution", "meanlog", "sdlog", "lower", "upper", NULL},
};

/* A bound: any finite number, but inside the parameter's table range. */
static int read_bound(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                      int required, const bilim_param_info *info, double *out)
{
    double v;
    if (!bilim_cj_number(c, obj, path, key, required, -1e300, 1e300, &v))
        return 0;
    if (v < info->min || v > info->max) {
        char p[512];
        bilim_cj_path_key(p, sizeof p, path, key);
        bilim_cj_error(c, p, "found %g; the prior must lie within %s's range in the parameter "
                       "table, %g to %g (see bilim params)", v, info->name, info->min, info->max);
        return 0;
    }
    *out = v;
    return 1;
}

static int read_prior(bilim_cj *c, const cJSON *obj, const char *path,
                      const bilim_param_info *info, bilim_prior *out)
{
    int kind, before = c->n_errors;
    if (!bilim_cj_choice(c, obj, path, "distribution", 1, prior_kinds, &kind))
        return -1;
    bilim_cj_check_keys(c, obj, path, prior_keys[kind]);
    out->kind = (bilim_prior_kind)kind;
    out->p1 = out->p2 = 0.0;
    switch (out->kind) {
    case BILIM_PRIOR_BETA:
        bilim_cj_positive(c, obj, path, "alpha", 1, &out->p1);
        bilim_cj_positive(c, obj, path, "beta", 1, &out->p2);
        break;
    case BILIM_PRIOR_NORMAL:
        bilim_cj_number(c, obj, path, "mean", 1, -1e300, 1e300, &out->p1);
        bilim_cj_positive(c, obj, path, "sd", 1, &out->p2);
        break;
    case BILIM_PRIOR_LOGNORMAL:
        bilim_cj_number(c, obj, path, "meanlog", 1, -1e300, 1e300, &out->p1);
        bilim_cj_positive(c, obj, path, "sdlog", 1, &out->p2);
        break;
    default:
        break;
    }
    /* Bounds default to the table's range within the distribution's support. */
    double lo = info->min, hi = info->max;
    if (out->kind == BILIM_PRIOR_BETA) {
        lo = lo > 0.0 ? lo : 0.0;
        hi = hi < 1.0 ? hi : 1.0;
    } else if (out->kind == BILIM_PRIOR_LOGNORMAL) {
        lo = lo > 0.0 ? lo : 0.0;
    }
    int req = out->kind == BILIM_PRIOR_UNIFORM;
    read_bound(c, obj, path, "lower", req, info, &lo);
    read_bound(c, obj, path, "upper", req, info, &hi);
    out->lower = lo;
    out->upper = hi;
    if (c->n_errors != before)
        return -1;
    char msg[512];
    if (bilim_prior_check(out, msg, sizeof msg)) {
        bilim_cj_error(c, path, "%s", msg);
        return -1;
    }
    return 0;
}

/* The parameter table's names, NULL-terminated, for suggestions. */
static const char **table_names(void)
{
    size_t n;
    const bilim_param_info *t = bilim_params_table(&n);
    const char **names = malloc((n + 1) * sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++)
        names[i] = t[i].name;
    names[n] = NULL;
    return names;
}

/* A parameter name of the table, real-valued. */
static const bilim_param_info *read_param_name(bilim_cj *c, const cJSON *obj, const char *path,
                                               const char *key, const char **names)
{
    const char *s;
    if (!bilim_cj_string(c, obj, path, key, 1, &s))
        return NULL;
    char p[512];
    bilim_cj_path_key(p, sizeof p, path, key);
    const bilim_param_info *info = bilim_params_find(s);
    if (!info) {
        const char *sug = names ? bilim_cj_suggest(s, names) : NULL;
        if (sug)
            bilim_cj_error(c, p, "found \"%s\", which is not a model parameter; did you mean "
                           "\"%s\"? (bilim params lists them)", s, sug);
        else
            bilim_cj_error(c, p, "found \"%s\", which is not a model parameter (bilim params "
                           "lists them)", s);
        return NULL;
    }
    if (info->type != BILIM_PARAM_REAL) {
        bilim_cj_error(c, p, "found \"%s\", an integer parameter; only real-valued parameters "
                       "can be calibrated", s);
        return NULL;
    }
    return info;
}

static int find_free(const bilim_calibration *out, const bilim_param_info *info)
{
    for (int i = 0; i < out->n_free; i++)
        if (out->free[i] == info)
            return i;
    return -1;
}

static void read_parameters(bilim_cj *c, const cJSON *root, bilim_calibration *out,
                            const char **names)
{
    static const char *const keys[] = {"name", "prior", NULL};
    const cJSON *arr = bilim_cj_array(c, root, "", "parameters", 1);
    if (!arr)
        return;
    int n = cJSON_GetArraySize(arr);
    if (n < 1 || n > BILIM_CALIB_MAX_PARAMS) {
        bilim_cj_error(c, "parameters", "found %d entries; give 1 to %d free parameters", n,
                       BILIM_CALIB_MAX_PARAMS);
        return;
    }
    int i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char p[256], pp[300], d[128];
        bilim_cj_path_index(p, sizeof p, "parameters", i);
        if (!cJSON_IsObject(e)) {
            bilim_cj_describe(e, d, sizeof d);
            bilim_cj_error(c, p, "found %s; expected an object {\"name\": ..., \"prior\": {...}}", d);
            continue;
        }
        bilim_cj_check_keys(c, e, p, keys);
        const bilim_param_info *info = read_param_name(c, e, p, "name", names);
        if (info && find_free(out, info) >= 0) {
            bilim_cj_path_key(pp, sizeof pp, p, "name");
            bilim_cj_error(c, pp, "\"%s\" is listed twice; give each free parameter once",
                           info->name);
            info = NULL;
        }
        const cJSON *prior = bilim_cj_object(c, e, p, "prior", 1);
        bilim_prior pr;
        bilim_cj_path_key(pp, sizeof pp, p, "prior");
        if (info && prior && read_prior(c, prior, pp, info, &pr) == 0) {
            out->free[out->n_free] = info;
            out->prior[out->n_free] = pr;
            out->n_free++;
        }
    }
}

static void read_ties(bilim_cj *c, const cJSON *root, bilim_calibration *out, const char **names)
{
    static const char *const keys[] = {"name", "follows", "offset", NULL};
    const cJSON *arr = bilim_cj_array(c, root, "", "tied", 0);
    if (!arr)
        return;
    int i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char p[256], pp[300], d[128];
        bilim_cj_path_index(p, sizeof p, "tied", i);
        if (!cJSON_IsObject(e)) {
            bilim_cj_describe(e, d, sizeof d);
            bilim_cj_error(c, p, "found %s; expected {\"name\": ..., \"follows\": ..., \"offset\": ...}", d);
            continue;
        }
        bilim_cj_check_keys(c, e, p, keys);
        const bilim_param_info *info = read_param_name(c, e, p, "name", names);
        const bilim_param_info *fol = read_param_name(c, e, p, "follows", names);
        double off = 0.0;
        bilim_cj_number(c, e, p, "offset", 0, -1e300, 1e300, &off);
        if (!info || !fol)
            continue;
        bilim_cj_path_key(pp, sizeof pp, p, "name");
        if (find_free(out, info) >= 0) {
            bilim_cj_error(c, pp, "\"%s\" is a free parameter; a tied parameter must not be free",
                           info->name);
            continue;
        }
        int dup = 0;
        for (int k = 0; k < out->n_ties; k++)
            dup |= out->ties[k].param == info;
        if (dup || out->n_ties >= BILIM_CALIB_MAX_PARAMS) {
            bilim_cj_error(c, pp, "\"%s\" is tied twice; tie each parameter once", info->name);
            continue;
        }
        int f = find_free(out, fol);
        bilim_cj_path_key(pp, sizeof pp, p, "follows");
        if (f < 0) {
            bilim_cj_error(c, pp, "\"%s\" is not one of the free parameters; a parameter can "
                           "only follow a free one", fol->name);
            continue;
        }
        /* The tied value must stay in its table range over the whole prior. */
        double lo = out->prior[f].lower + off, hi = out->prior[f].upper + off;
        if (lo < info->min || hi > info->max) {
            bilim_cj_path_key(pp, sizeof pp, p, "offset");
            bilim_cj_error(c, pp, "found %g: %s would span %g to %g over %s's prior bounds, "
                           "outside its table range %g to %g; narrow the prior's lower/upper "
                           "bounds of %s to %g to %g", off, info->name, lo, hi, fol->name,
                           info->min, info->max, fol->name,
                           fmax(out->prior[f].lower, info->min - off),
                           fmin(out->prior[f].upper, info->max - off));
            continue;
        }
        bilim_calib_tie t = {info, f, off};
        out->ties[out->n_ties++] = t;
    }
}

/* --- observation, method, seed ------------------------------------------------ */

static void read_observation(bilim_cj *c, const cJSON *root, bilim_calibration *out,
                             int64_t respondents, int base_ok)
{
    static const char *const keys[] = {"month", "n", "rural_share", NULL};
    out->survey_n = (int32_t)respondents;
    out->rural_share = out->base.outputs.survey_rural_share >= 0.0
                     ? out->base.outputs.survey_rural_share
                     : bilim_calib_population_rural_share(&out->base.population);
    const cJSON *obs = bilim_cj_object(c, root, "", "observation", 0);
    if (!obs)
        return;
    bilim_cj_check_keys(c, obs, "observation", keys);
    int64_t v;
    if (base_ok && bilim_cj_integer(c, obs, "observation", "month", 0, 0, out->base.months, &v))
        out->month = (int32_t)v;
    if (bilim_cj_integer(c, obs, "observation", "n", 0, 1, 1000000, &v)) {
        if (respondents > 0 && v != respondents)
            bilim_cj_error(c, "observation.n", "found %lld; the targets file has %lld "
                           "respondents, and the virtual survey must draw as many",
                           (long long)v, (long long)respondents);
        else
            out->survey_n = (int32_t)v;
    }
    const cJSON *rs = bilim_cj_get(obs, "rural_share");
    if (rs && cJSON_IsString(rs)) {
        if (strcmp(rs->valuestring, "population") == 0)
            out->rural_share = bilim_calib_population_rural_share(&out->base.population);
        else
            bilim_cj_error(c, "observation.rural_share", "found \"%s\" (a string); expected "
                           "\"population\" or a number from 0 to 1", rs->valuestring);
    } else if (rs) {
        bilim_cj_number(c, obs, "observation", "rural_share", 0, 0.0, 1.0, &out->rural_share);
    }
}

static void read_method(bilim_cj *c, const cJSON *root, bilim_calibration *out, int *spp_given)
{
    static const char *const keys[] = {
        "algorithm", "particles", "max_generations", "quantile", "min_epsilon",
        "min_acceptance", "max_simulations", "kernel", "schools_per_simulation",
        "predictive_draws", "point_estimate", NULL};
    static const char *const algorithms[] = {"abc-smc", NULL};
    static const char *const kernels[] = {"multivariate_normal", "normal", "truncated_normal", NULL};
    static const char *const points[] = {"mean", "median", NULL};
    const char *m = "method";
    *spp_given = 0;
    const cJSON *o = bilim_cj_object(c, root, "", "method", 0);
    if (!o)
        return;
    bilim_cj_check_keys(c, o, m, keys);
    int k;
    int64_t v;
    double x;
    bilim_cj_choice(c, o, m, "algorithm", 0, algorithms, &k);
    if (bilim_cj_integer(c, o, m, "particles", 0, 2, 1000000, &v))
        out->abc.particles = (int32_t)v;
    if (bilim_cj_integer(c, o, m, "max_generations", 0, 1, 1000, &v))
        out->abc.max_generations = (int32_t)v;
    if (bilim_cj_number(c, o, m, "quantile", 0, 0.0, 1.0, &x)) {
        if (x <= 0.0 || x >= 1.0)
            bilim_cj_error(c, "method.quantile", "found %g; allowed: strictly between 0 and 1", x);
        else
            out->abc.quantile = x;
    }
    bilim_cj_number(c, o, m, "min_epsilon", 0, 0.0, 1e300, &out->abc.min_epsilon);
    if (bilim_cj_number(c, o, m, "min_acceptance", 0, 0.0, 1.0, &x)) {
        if (x >= 1.0)
            bilim_cj_error(c, "method.min_acceptance", "found %g; allowed: 0 to below 1", x);
        else
            out->abc.min_acceptance = x;
    }
    if (bilim_cj_integer(c, o, m, "max_simulations", 0, 1, 1000000000000LL, &v)) {
        if (v < out->abc.particles)
            bilim_cj_error(c, "method.max_simulations", "found %lld; it must be at least the "
                           "number of particles (%d)", (long long)v, out->abc.particles);
        else
            out->abc.max_simulations = v;
    }
    if (bilim_cj_choice(c, o, m, "kernel", 0, kernels, &k))
        out->abc.kernel = (bilim_abc_kernel)k;
    int32_t total = bilim_population_schools(&out->base.population);
    if (bilim_cj_integer(c, o, m, "schools_per_simulation", 0, 0, total, &v)) {
        out->schools_per_simulation = (int32_t)v;
        *spp_given = 1;
    }
    if (bilim_cj_integer(c, o, m, "predictive_draws", 0, 1, 1000, &v))
        out->predictive_draws = (int32_t)v;
    if (bilim_cj_choice(c, o, m, "point_estimate", 0, points, &k))
        out->point = (bilim_point_estimate)k;
}

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

int bilim_calib_load_string(const char *text, const char *origin, bilim_calibration *out,
                            bilim_calib_texts *texts, bilim_calib_errors *errs)
{
    static const char *const keys[] = {"description", "base_scenario", "targets", "observation",
                                       "parameters", "tied", "method", "seed", NULL};
    bilim_calibration_defaults(out);
    set_name(out, origin);
    if (texts)
        memset(texts, 0, sizeof *texts);
    bilim_cj c = {origin ? origin : "<calibration>", errs, 0, 0};
    cJSON *root = bilim_cj_parse(&c, text);
    if (root && !cJSON_IsObject(root))
        bilim_cj_error(&c, NULL, "expected a JSON object with base_scenario, targets and parameters");
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return BILIM_EINVAL;
    }
    const char **names = table_names();
    bilim_cj_check_keys(&c, root, "", keys);
    const char *desc;
    bilim_cj_string(&c, root, "", "description", 0, &desc);
    int base_ok = load_base(&c, root, origin, out, texts) == 0;
    int64_t respondents = 0;
    load_targets(&c, root, origin, out, texts, &respondents);
    read_observation(&c, root, out, respondents > 0 ? respondents : 116, base_ok);
    read_parameters(&c, root, out, names);
    read_ties(&c, root, out, names);
    int spp_given;
    read_method(&c, root, out, &spp_given);
    int64_t seed;
    out->abc.seed = out->base.seed;
    if (bilim_cj_integer(&c, root, "", "seed", 0, 0, 9007199254740992LL, &seed))
        out->abc.seed = (uint64_t)seed;
    if (c.n_errors == 0) {
        if (!spp_given) {
            out->schools_per_simulation =
                bilim_calib_min_schools(&out->base.population, out->survey_n, out->rural_share);
        }
        bilim_calib_problem p;
        bilim_error e;
        if (bilim_calib_problem_init(&p, out, &e) != BILIM_OK)
            bilim_cj_error(&c, spp_given ? "method.schools_per_simulation" : "observation", "%s",
                           e.msg);
    }
    if (texts && c.n_errors == 0 && !(texts->calibration = malloc(strlen(text) + 1)))
        c.oom = 1;
    else if (texts && c.n_errors == 0)
        strcpy(texts->calibration, text);
    free(names);
    cJSON_Delete(root);
    if (c.oom)
        return BILIM_ENOMEM;
    if (c.n_errors && texts)
        bilim_calib_texts_free(texts);
    return c.n_errors ? BILIM_EINVAL : BILIM_OK;
}

int bilim_calib_load(const char *path, bilim_calibration *out, bilim_calib_texts *texts,
                     bilim_calib_errors *errs)
{
    char *text = bilim_cj_slurp(path);
    if (!text) {
        bilim_calibration_defaults(out);
        if (texts)
            memset(texts, 0, sizeof *texts);
        bilim_cj c = {path, errs, 0, 0};
        bilim_cj_error(&c, NULL, "cannot read the calibration file; check the path");
        return BILIM_EIO;
    }
    int rc = bilim_calib_load_string(text, path, out, texts, errs);
    free(text);
    return rc;
}
