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
 * Order of work: the base scenario first (its population and horizon bound
 * the observation), then the targets, the parameters, the ties and the
 * method; every problem is recorded and loading goes on, so one run of the
 * loader reports them all. */
#include "formats/calib_load.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/compiler.h"
#include "formats/json.h"
#include "formats/json_check.h"
#include "formats/scenario_load.h"

void bilim_calib_errors_clear(bilim_calib_errors *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n; i++)
        bilim_free(e->msg[i]);
    bilim_free(e->msg);
    e->msg = NULL;
    e->n = 0;
}

void bilim_calib_errors_print(const bilim_calib_errors *e, FILE *f)
{
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
}

void bilim_calib_texts_clear(bilim_calib_texts *t)
{
    if (!t)
        return;
    bilim_free(t->calibration);
    bilim_free(t->base_scenario);
    bilim_free(t->targets);
    for (int i = 0; i < t->n_files; i++)
        bilim_free(t->files[i]);
    bilim_free(t->files);
    memset(t, 0, sizeof *t);
}

/* Records an input file in texts (when kept); 0, or -1 out of memory. */
static int add_file(bilim_calib_texts *t, const char *path)
{
    if (!t)
        return 0;
    char **g = bilim_realloc(t->files, (size_t)(t->n_files + 1) * sizeof *g);
    if (!g)
        return -1;
    t->files = g;
    if (!(g[t->n_files] = bilim_strdup(path)))
        return -1;
    t->n_files++;
    return 0;
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

/* --- strict JSON reading ----------------------------------------------------------
 *
 * A cl_ctx collects messages of the form
 *     FILE:LINE:COL: PATH: what was found; what is allowed
 * like the scenario loader's. Getters look keys up case-sensitively, check type
 * and range, and report through the context; they return 1 (or the node) when
 * a value was read, 0 (NULL) when the key is absent and optional, or wrong (an
 * error is then recorded). */

typedef struct cl_ctx {
    const char *file;           /* named in every message */
    bilim_calib_errors *errs;   /* may be NULL: errors only counted */
    int n_errors;
    int oom;                    /* an allocation failed */
} cl_ctx;

/* Appends a complete message. */
static void error_raw(cl_ctx *c, const char *msg)
{
    c->n_errors++;
    if (!c->errs)
        return;
    char **grown = bilim_realloc(c->errs->msg, (size_t)(c->errs->n + 1) * sizeof *grown);
    char *copy = bilim_malloc(strlen(msg) + 1);
    if (!grown || !copy) {
        if (grown)
            c->errs->msg = grown;
        bilim_free(copy);
        c->oom = 1;
        return;
    }
    strcpy(copy, msg);
    c->errs->msg = grown;
    c->errs->msg[c->errs->n++] = copy;
}

static void vreport(cl_ctx *c, int line, int col, const char *path, const char *fmt, va_list ap)
{
    char body[1024], where[600], msg[1800];
    vsnprintf(body, sizeof body, fmt, ap);
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d:%d", c->file, line, col);
    else
        snprintf(where, sizeof where, "%s", c->file);
    if (path && path[0])
        snprintf(msg, sizeof msg, "%s: %s: %s", where, path, body);
    else
        snprintf(msg, sizeof msg, "%s: %s", where, body);
    error_raw(c, msg);
}

static void err_at(cl_ctx *c, const bilim_json *node, const char *path, const char *fmt, ...)
    BILIM_PRINTF(4, 5);
static void err_key(cl_ctx *c, const bilim_json *member, const char *path, const char *fmt, ...)
    BILIM_PRINTF(4, 5);

/* At node's position ("FILE: PATH: ..." when node is NULL). */
static void err_at(cl_ctx *c, const bilim_json *node, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, node ? node->line : 0, node ? node->col : 0, path, fmt, ap);
    va_end(ap);
}

/* At a member's key (for unknown and duplicate keys). */
static void err_key(cl_ctx *c, const bilim_json *member, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, member->key_line, member->key_col, path, fmt, ap);
    va_end(ap);
}

/* The member key of obj when present, else obj: where a message about it points. */
static const bilim_json *at(const bilim_json *obj, const char *key)
{
    const bilim_json *v = obj ? bilim_json_get(obj, key) : NULL;
    return v ? v : obj;
}

static void path_key(char *buf, size_t n, const char *path, const char *key)
{
    bilim_json_path_key(buf, n, path, key, strlen(key));
}

/* A value for a message: 12.5 (as written), "abc" (a string), true, an object. */
static const char *describe(const bilim_json *v, char *buf, size_t n)
{
    bilim_json_show(v, buf, n);
    if (v->type == BILIM_JSON_STRING) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " (a string)");
    }
    return buf;
}

static int count_words(const char *const *words)
{
    int n = 0;
    while (words[n])
        n++;
    return n;
}

/* 1 when every '_'-separated token of word occurs in candidate
 * ("low_motivation" in "low_staff_motivation"): barrier names are long and
 * are often shortened, beyond what edit distance finds. */
static int tokens_within(const char *word, const char *candidate)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", word);
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, "_", &save); tok; tok = strtok_r(NULL, "_", &save)) {
        if (!strstr(candidate, tok))
            return 0;
        n++;
    }
    return n > 1;
}

/* The closest allowed word (NULL-terminated list) to word, or NULL. */
static const char *suggest(const char *word, const char *const *allowed)
{
    int n = count_words(allowed);
    const char *s = bilim_json_suggest(word, strlen(word), allowed, n);
    for (int i = 0; !s && i < n; i++)
        if (tokens_within(word, allowed[i]))
            s = allowed[i];
    return s;
}

static void list_words(const char *const *allowed, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; allowed[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", allowed[i]);
}

/* Reports every key of obj not in allowed (with a suggestion) and every key
 * that appears twice. */
static void check_keys(cl_ctx *c, const bilim_json *obj, const char *path,
                       const char *const *allowed)
{
    for (const bilim_json *k = obj->child; k; k = k->next) {
        char p[512];
        bilim_json_path_key(p, sizeof p, path, k->key, k->key_len);
        for (const bilim_json *prev = obj->child; prev != k; prev = prev->next)
            if (prev->key_len == k->key_len && memcmp(prev->key, k->key, k->key_len) == 0) {
                err_key(c, k, p, "duplicate key '%s'; give each key once", k->key);
                break;
            }
        int known = 0;
        for (int i = 0; allowed[i]; i++)
            known |= strlen(allowed[i]) == k->key_len && memcmp(allowed[i], k->key, k->key_len) == 0;
        if (known)
            continue;
        const char *s = suggest(k->key, allowed);
        char words[512];
        list_words(allowed, words, sizeof words);
        if (s)
            err_key(c, k, p, "unknown key '%s'; did you mean '%s'? (allowed: %s)", k->key, s, words);
        else
            err_key(c, k, p, "unknown key '%s'; allowed: %s", k->key, words);
    }
}

/* A required member that is missing is an error at its object. */
static const bilim_json *member(cl_ctx *c, const bilim_json *obj, const char *path,
                                const char *key, int required, char *p, size_t pn)
{
    path_key(p, pn, path, key);
    const bilim_json *v = bilim_json_get(obj, key);
    if (!v && required)
        err_at(c, obj, p, "missing; this key is required");
    return v;
}

static const bilim_json *get_string(cl_ctx *c, const bilim_json *obj, const char *path,
                                    const char *key, int required, const char **out)
{
    char p[512], d[128];
    const bilim_json *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return NULL;
    if (v->type != BILIM_JSON_STRING) {
        err_at(c, v, p, "found %s; expected a string", describe(v, d, sizeof d));
        return NULL;
    }
    *out = v->text;
    return v;
}

static int get_number(cl_ctx *c, const bilim_json *obj, const char *path, const char *key,
                      int required, double lo, double hi, double *out)
{
    char p[512], d[128];
    const bilim_json *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    describe(v, d, sizeof d);
    double x;
    if (v->type != BILIM_JSON_NUMBER || bilim_json_number(v, &x) != 0) {
        err_at(c, v, p, "found %s; expected a number from %g to %g", d, lo, hi);
        return 0;
    }
    if (x < lo || x > hi) {
        err_at(c, v, p, "found %s; allowed: %g to %g", d, lo, hi);
        return 0;
    }
    *out = x;
    return 1;
}

/* A number > 0 (finite). */
static int get_positive(cl_ctx *c, const bilim_json *obj, const char *path, const char *key,
                        int required, double *out)
{
    char p[512], d[128];
    const bilim_json *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    double x;
    if (v->type != BILIM_JSON_NUMBER || bilim_json_number(v, &x) != 0 || !(x > 0.0)) {
        err_at(c, v, p, "found %s; expected a positive number", describe(v, d, sizeof d));
        return 0;
    }
    *out = x;
    return 1;
}

/* A whole number within [lo, hi], read exactly. */
static int get_integer(cl_ctx *c, const bilim_json *obj, const char *path, const char *key,
                       int required, int64_t lo, int64_t hi, int64_t *out)
{
    char p[512], d[128];
    const bilim_json *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    describe(v, d, sizeof d);
    int neg = 0;
    uint64_t mag = 0;
    int rc = v->type == BILIM_JSON_NUMBER ? bilim_json_integer(v, &neg, &mag) : 1;
    if (rc == 1) {
        err_at(c, v, p, "found %s; expected a whole number from %lld to %lld", d,
               (long long)lo, (long long)hi);
        return 0;
    }
    int64_t x = mag <= (uint64_t)INT64_MAX ? (neg ? -(int64_t)mag : (int64_t)mag) : 0;
    if (rc == 2 || mag > (uint64_t)INT64_MAX || x < lo || x > hi) {
        err_at(c, v, p, "found %s; allowed: %lld to %lld", d, (long long)lo, (long long)hi);
        return 0;
    }
    *out = x;
    return 1;
}

/* A string that must be one of allowed; *index receives its position. */
static int get_choice(cl_ctx *c, const bilim_json *obj, const char *path, const char *key,
                      int required, const char *const *allowed, int *index)
{
    char p[512], words[512];
    const char *s;
    const bilim_json *v = get_string(c, obj, path, key, required, &s);
    if (!v)
        return 0;
    for (int i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], s) == 0) {
            *index = i;
            return 1;
        }
    path_key(p, sizeof p, path, key);
    list_words(allowed, words, sizeof words);
    const char *sug = suggest(s, allowed);
    char shown[128];
    bilim_json_show(v, shown, sizeof shown);  /* quoted, control characters escaped */
    if (sug)
        err_at(c, v, p, "found %s; did you mean \"%s\"? (allowed: %s)", shown, sug, words);
    else
        err_at(c, v, p, "found %s; allowed: %s", shown, words);
    return 0;
}

/* An object or array member of the right kind, or NULL. */
static const bilim_json *get_container(cl_ctx *c, const bilim_json *obj, const char *path,
                                       const char *key, int required, bilim_json_type t)
{
    char p[512], d[128];
    const bilim_json *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return NULL;
    if (v->type != t) {
        err_at(c, v, p, "found %s; expected %s", describe(v, d, sizeof d), bilim_json_type_name(t));
        return NULL;
    }
    return v;
}

/* Parses text[0..len) into arena a; on a syntax error records
 * "FILE:LINE:COL: invalid JSON: ..." and returns NULL. */
static const bilim_json *parse(cl_ctx *c, bilim_json_arena *a, const char *text, size_t len)
{
    bilim_json_syntax syn;
    const bilim_json *root = a ? bilim_json_parse(a, text, len, c->file, &syn) : NULL;
    if (root)
        return root;
    if (!a || syn.nomem) {
        c->oom = 1;
        c->n_errors++;
        return NULL;
    }
    char msg[1024];
    snprintf(msg, sizeof msg, "%s:%d:%d: invalid JSON: %s", c->file, syn.line, syn.col, syn.msg);
    error_raw(c, msg);
    return NULL;
}

/* Reads a whole file (malloc'd, NUL-terminated) or returns NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *s = bilim_malloc(cap);
    while (s) {
        size_t got = fread(s + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        char *g = bilim_realloc(s, cap * 2);
        if (!g) {
            bilim_free(s);
            s = NULL;
            break;
        }
        s = g;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!s || bad) {
        bilim_free(s);
        return NULL;
    }
    s[len] = '\0';
    return s;
}

/* --- the base scenario --------------------------------------------------------- */

static int load_base(cl_ctx *c, const bilim_json *root, const char *origin, bilim_calibration *out,
                     bilim_calib_texts *texts)
{
    const char *rel;
    if (!get_string(c, root, "", "base_scenario", 1, &rel))
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
        err_at(c, at(root, "base_scenario"), "base_scenario", "cannot use \"%s\" (%s):", rel,
               bilim_error_name(rc));
        for (int i = 0; i < bilim_diags_count(d); i++)
            error_raw(c, bilim_diags_get(d, i));
        if (rc == BILIM_ENOMEM)
            c->oom = 1;
    } else if (texts) {
        texts->base_scenario = json;
        json = NULL;
        for (int i = 0; i < bilim_diags_n_files(d); i++)
            if (add_file(texts, bilim_diags_file(d, i)))
                c->oom = 1;
    }
    bilim_free(json);
    bilim_diags_free(d);
    return rc == BILIM_OK ? 0 : -1;
}

/* --- the targets file -------------------------------------------------------- */

static const char *const band_keys[] = {"low", "intermediate", "high", NULL};
static const char *const barrier_keys[] = {
    "lack_of_practical_knowledge", "low_staff_motivation", "weak_material_base",
    "difficulty_organizing_teaching_staff", "insufficient_managerial_skills", NULL};

static void read_bands(cl_ctx *t, const bilim_json *rb, int64_t n, bilim_calibration *out)
{
    const bilim_json *counts = get_container(t, rb, "readiness_bands", "counts", 1, BILIM_JSON_OBJECT);
    if (!counts)
        return;
    const char *const *allowed = band_keys;
    /* Only duplicates and unknown band names matter here. */
    check_keys(t, counts, "readiness_bands.counts", allowed);
    int64_t sum = 0;
    int all = 1;
    for (int b = 0; b < BILIM_N_BANDS; b++) {
        int64_t v;
        if (get_integer(t, counts, "readiness_bands.counts", band_keys[b], 1, 0, n, &v)) {
            out->present[b] = 1;
            out->observed[b] = (int32_t)v;
            sum += v;
        } else {
            all = 0;
        }
    }
    if (all && sum != n)
        err_at(t, counts, "readiness_bands.counts", "the band counts sum to %lld; they must sum "
               "to the %lld respondents", (long long)sum, (long long)n);
}

static void read_barriers(cl_ctx *t, const bilim_json *bar, int64_t n, bilim_calibration *out)
{
    check_keys(t, bar, "barriers", barrier_keys);
    for (int b = 0; b < BILIM_N_BARRIERS; b++) {
        char p[256];
        path_key(p, sizeof p, "barriers", barrier_keys[b]);
        const bilim_json *item = get_container(t, bar, "barriers", barrier_keys[b], 0, BILIM_JSON_OBJECT);
        int64_t v;
        if (item && get_integer(t, item, p, "count", 1, 0, n, &v)) {
            out->present[BILIM_N_BANDS + b] = 1;
            out->observed[BILIM_N_BANDS + b] = (int32_t)v;
        }
    }
}

/* Reads the counts of a targets file; its descriptive keys (source, note,
 * published_percent, demographics, ...) are not used and not checked. */
static int load_targets(cl_ctx *c, const bilim_json *root, const char *origin,
                        bilim_calibration *out, bilim_calib_texts *texts, int64_t *respondents)
{
    const char *rel;
    if (!get_string(c, root, "", "targets", 1, &rel))
        return -1;
    char path[1024];
    resolve_path(path, sizeof path, origin, rel);
    char *text = slurp(path);
    if (!text) {
        err_at(c, at(root, "targets"), "targets", "cannot read \"%s\" (resolved to %s); give a "
               "path relative to the calibration file", rel, path);
        return -1;
    }
    cl_ctx t = {path, c->errs, 0, 0};
    bilim_json_arena *arena = bilim_json_arena_alloc();
    const bilim_json *j = parse(&t, arena, text, strlen(text));
    if (j && j->type != BILIM_JSON_OBJECT)
        err_at(&t, j, NULL, "expected a JSON object with respondents, readiness_bands and barriers");
    else if (j) {
        int64_t n;
        if (get_integer(&t, j, "", "respondents", 1, 1, 1000000, &n)) {
            *respondents = n;
            const bilim_json *rb = get_container(&t, j, "", "readiness_bands", 0, BILIM_JSON_OBJECT);
            const bilim_json *bar = get_container(&t, j, "", "barriers", 0, BILIM_JSON_OBJECT);
            if (rb)
                read_bands(&t, rb, n, out);
            if (bar)
                read_barriers(&t, bar, n, out);
            if (!rb && !bar)
                err_at(&t, j, NULL, "no targets: give readiness_bands.counts or barriers");
        }
    }
    bilim_json_arena_free(arena);
    c->n_errors += t.n_errors;
    c->oom |= t.oom;
    if (texts && t.n_errors == 0 && add_file(texts, path))
        c->oom = 1;
    if (texts && t.n_errors == 0)
        texts->targets = text;
    else
        bilim_free(text);
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
static int read_bound(cl_ctx *c, const bilim_json *obj, const char *path, const char *key,
                      int required, const bilim_param_info *info, double *out)
{
    double v;
    if (!get_number(c, obj, path, key, required, -1e300, 1e300, &v))
        return 0;
    if (v < info->min || v > info->max) {
        char p[512];
        path_key(p, sizeof p, path, key);
        err_at(c, at(obj, key), p, "found %g; the prior must lie within %s's range in the parameter "
               "table, %g to %g (see bilim params)", v, info->name, info->min, info->max);
        return 0;
    }
    *out = v;
    return 1;
}

static int read_prior(cl_ctx *c, const bilim_json *obj, const char *path,
                      const bilim_param_info *info, bilim_prior *out)
{
    int kind, before = c->n_errors;
    if (!get_choice(c, obj, path, "distribution", 1, prior_kinds, &kind))
        return -1;
    check_keys(c, obj, path, prior_keys[kind]);
    out->kind = (bilim_prior_kind)kind;
    out->p1 = out->p2 = 0.0;
    switch (out->kind) {
    case BILIM_PRIOR_BETA:
        get_positive(c, obj, path, "alpha", 1, &out->p1);
        get_positive(c, obj, path, "beta", 1, &out->p2);
        break;
    case BILIM_PRIOR_NORMAL:
        get_number(c, obj, path, "mean", 1, -1e300, 1e300, &out->p1);
        get_positive(c, obj, path, "sd", 1, &out->p2);
        break;
    case BILIM_PRIOR_LOGNORMAL:
        get_number(c, obj, path, "meanlog", 1, -1e300, 1e300, &out->p1);
        get_positive(c, obj, path, "sdlog", 1, &out->p2);
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
        err_at(c, obj, path, "%s", msg);
        return -1;
    }
    return 0;
}

/* The parameter table's names, NULL-terminated, for suggestions. */
static const char **table_names(void)
{
    size_t n;
    const bilim_param_info *t = bilim_params_table(&n);
    const char **names = bilim_malloc((n + 1) * sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < n; i++)
        names[i] = t[i].name;
    names[n] = NULL;
    return names;
}

/* A parameter name of the table, real-valued. */
static const bilim_param_info *read_param_name(cl_ctx *c, const bilim_json *obj, const char *path,
                                               const char *key, const char **names)
{
    const char *s;
    if (!get_string(c, obj, path, key, 1, &s))
        return NULL;
    char p[512];
    path_key(p, sizeof p, path, key);
    const bilim_param_info *info = bilim_params_find(s);
    if (!info) {
        const char *sug = names ? suggest(s, names) : NULL;
        if (sug)
            err_at(c, at(obj, key), p, "found \"%s\", which is not a model parameter; did you mean "
                   "\"%s\"? (bilim params lists them)", s, sug);
        else
            err_at(c, at(obj, key), p, "found \"%s\", which is not a model parameter (bilim params "
                   "lists them)", s);
        return NULL;
    }
    if (info->type != BILIM_PARAM_REAL) {
        err_at(c, at(obj, key), p, "found \"%s\", an integer parameter; only real-valued parameters "
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

static void read_parameters(cl_ctx *c, const bilim_json *root, bilim_calibration *out,
                            const char **names)
{
    static const char *const keys[] = {"name", "prior", NULL};
    const bilim_json *arr = get_container(c, root, "", "parameters", 1, BILIM_JSON_ARRAY);
    if (!arr)
        return;
    int n = arr->count;
    if (n < 1 || n > BILIM_CALIB_MAX_PARAMS) {
        err_at(c, arr, "parameters", "found %d entries; give 1 to %d free parameters", n,
               BILIM_CALIB_MAX_PARAMS);
        return;
    }
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char p[256], pp[300], d[128];
        bilim_json_path_index(p, sizeof p, "parameters", i);
        if (e->type != BILIM_JSON_OBJECT) {
            describe(e, d, sizeof d);
            err_at(c, e, p, "found %s; expected an object {\"name\": ..., \"prior\": {...}}", d);
            continue;
        }
        check_keys(c, e, p, keys);
        const bilim_param_info *info = read_param_name(c, e, p, "name", names);
        if (info && find_free(out, info) >= 0) {
            path_key(pp, sizeof pp, p, "name");
            err_at(c, at(e, "name"), pp, "\"%s\" is listed twice; give each free parameter once",
                   info->name);
            info = NULL;
        }
        const bilim_json *prior = get_container(c, e, p, "prior", 1, BILIM_JSON_OBJECT);
        bilim_prior pr;
        path_key(pp, sizeof pp, p, "prior");
        if (info && prior && read_prior(c, prior, pp, info, &pr) == 0) {
            out->free[out->n_free] = info;
            out->prior[out->n_free] = pr;
            out->n_free++;
        }
    }
}

static void read_ties(cl_ctx *c, const bilim_json *root, bilim_calibration *out, const char **names)
{
    static const char *const keys[] = {"name", "follows", "offset", NULL};
    const bilim_json *arr = get_container(c, root, "", "tied", 0, BILIM_JSON_ARRAY);
    if (!arr)
        return;
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char p[256], pp[300], d[128];
        bilim_json_path_index(p, sizeof p, "tied", i);
        if (e->type != BILIM_JSON_OBJECT) {
            describe(e, d, sizeof d);
            err_at(c, e, p, "found %s; expected {\"name\": ..., \"follows\": ..., \"offset\": ...}", d);
            continue;
        }
        check_keys(c, e, p, keys);
        const bilim_param_info *info = read_param_name(c, e, p, "name", names);
        const bilim_param_info *fol = read_param_name(c, e, p, "follows", names);
        double off = 0.0;
        get_number(c, e, p, "offset", 0, -1e300, 1e300, &off);
        if (!info || !fol)
            continue;
        path_key(pp, sizeof pp, p, "name");
        if (find_free(out, info) >= 0) {
            err_at(c, at(e, "name"), pp, "\"%s\" is a free parameter; a tied parameter must not be free",
                   info->name);
            continue;
        }
        int dup = 0;
        for (int k = 0; k < out->n_ties; k++)
            dup |= out->ties[k].param == info;
        if (dup || out->n_ties >= BILIM_CALIB_MAX_PARAMS) {
            err_at(c, at(e, "name"), pp, "\"%s\" is tied twice; tie each parameter once", info->name);
            continue;
        }
        int f = find_free(out, fol);
        path_key(pp, sizeof pp, p, "follows");
        if (f < 0) {
            err_at(c, at(e, "follows"), pp, "\"%s\" is not one of the free parameters; a parameter can "
                   "only follow a free one", fol->name);
            continue;
        }
        /* The tied value must stay in its table range over the whole prior. */
        double lo = out->prior[f].lower + off, hi = out->prior[f].upper + off;
        if (lo < info->min || hi > info->max) {
            path_key(pp, sizeof pp, p, "offset");
            err_at(c, at(e, "offset"), pp, "found %g: %s would span %g to %g over %s's prior bounds, "
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

static void read_observation(cl_ctx *c, const bilim_json *root, bilim_calibration *out,
                             int64_t respondents, int base_ok)
{
    static const char *const keys[] = {"month", "n", "rural_share", NULL};
    out->survey_n = (int32_t)respondents;
    out->rural_share = out->base.outputs.survey_rural_share >= 0.0
                     ? out->base.outputs.survey_rural_share
                     : bilim_calib_population_rural_share(&out->base.population);
    const bilim_json *obs = get_container(c, root, "", "observation", 0, BILIM_JSON_OBJECT);
    if (!obs)
        return;
    check_keys(c, obs, "observation", keys);
    int64_t v;
    if (base_ok && get_integer(c, obs, "observation", "month", 0, 0, out->base.months, &v))
        out->month = (int32_t)v;
    if (get_integer(c, obs, "observation", "n", 0, 1, 1000000, &v)) {
        if (respondents > 0 && v != respondents)
            err_at(c, at(obs, "n"), "observation.n", "found %lld; the targets file has %lld "
                   "respondents, and the virtual survey must draw as many",
                   (long long)v, (long long)respondents);
        else
            out->survey_n = (int32_t)v;
    }
    const bilim_json *rs = bilim_json_get(obs, "rural_share");
    if (rs && rs->type == BILIM_JSON_STRING) {
        if (strcmp(rs->text, "population") == 0)
            out->rural_share = bilim_calib_population_rural_share(&out->base.population);
        else
            err_at(c, rs, "observation.rural_share", "found \"%s\" (a string); expected "
                   "\"population\" or a number from 0 to 1", rs->text);
    } else if (rs) {
        get_number(c, obs, "observation", "rural_share", 0, 0.0, 1.0, &out->rural_share);
    }
}

static void read_method(cl_ctx *c, const bilim_json *root, bilim_calibration *out, int *spp_given)
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
    const bilim_json *o = get_container(c, root, "", "method", 0, BILIM_JSON_OBJECT);
    if (!o)
        return;
    check_keys(c, o, m, keys);
    int k;
    int64_t v;
    double x;
    get_choice(c, o, m, "algorithm", 0, algorithms, &k);
    if (get_integer(c, o, m, "particles", 0, 2, 1000000, &v))
        out->abc.particles = (int32_t)v;
    if (get_integer(c, o, m, "max_generations", 0, 1, 1000, &v))
        out->abc.max_generations = (int32_t)v;
    if (get_number(c, o, m, "quantile", 0, 0.0, 1.0, &x)) {
        if (x <= 0.0 || x >= 1.0)
            err_at(c, at(o, "quantile"), "method.quantile",
                   "found %g; allowed: strictly between 0 and 1", x);
        else
            out->abc.quantile = x;
    }
    get_number(c, o, m, "min_epsilon", 0, 0.0, 1e300, &out->abc.min_epsilon);
    if (get_number(c, o, m, "min_acceptance", 0, 0.0, 1.0, &x)) {
        if (x >= 1.0)
            err_at(c, at(o, "min_acceptance"), "method.min_acceptance",
                   "found %g; allowed: 0 to below 1", x);
        else
            out->abc.min_acceptance = x;
    }
    if (get_integer(c, o, m, "max_simulations", 0, 1, 1000000000000LL, &v)) {
        if (v < out->abc.particles)
            err_at(c, at(o, "max_simulations"), "method.max_simulations", "found %lld; it must be "
                   "at least the number of particles (%d)", (long long)v, out->abc.particles);
        else
            out->abc.max_simulations = v;
    }
    if (get_choice(c, o, m, "kernel", 0, kernels, &k))
        out->abc.kernel = (bilim_abc_kernel)k;
    int32_t total = bilim_population_schools(&out->base.population);
    if (get_integer(c, o, m, "schools_per_simulation", 0, 0, total, &v)) {
        out->schools_per_simulation = (int32_t)v;
        *spp_given = 1;
    }
    if (get_integer(c, o, m, "predictive_draws", 0, 1, 1000, &v))
        out->predictive_draws = (int32_t)v;
    if (get_choice(c, o, m, "point_estimate", 0, points, &k))
        out->point = (bilim_calib_point)k;
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
    cl_ctx c = {origin ? origin : "<calibration>", errs, 0, 0};
    bilim_json_arena *arena = bilim_json_arena_alloc();
    const bilim_json *root = parse(&c, arena, text, strlen(text));
    if (root && root->type != BILIM_JSON_OBJECT)
        err_at(&c, root, NULL, "expected a JSON object with base_scenario, targets and parameters");
    if (!root || root->type != BILIM_JSON_OBJECT) {
        bilim_json_arena_free(arena);
        return c.oom ? BILIM_ENOMEM : BILIM_EINVAL;
    }
    const char **names = table_names();
    check_keys(&c, root, "", keys);
    const char *desc;
    get_string(&c, root, "", "description", 0, &desc);
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
    if (get_integer(&c, root, "", "seed", 0, 0, 9007199254740992LL, &seed))
        out->abc.seed = (uint64_t)seed;
    if (c.n_errors == 0) {
        if (!spp_given) {
            out->schools_per_simulation =
                bilim_calib_min_schools(&out->base.population, out->survey_n, out->rural_share);
        }
        bilim_calib_problem p;
        bilim_error e;
        if (bilim_calib_problem_init(&p, out, &e) != BILIM_OK)
            err_at(&c, spp_given ? at(at(root, "method"), "schools_per_simulation")
                                 : bilim_json_get(root, "observation"),
                   spp_given ? "method.schools_per_simulation" : "observation", "%s",
                   e.msg);
    }
    if (texts && c.n_errors == 0 && !(texts->calibration = bilim_malloc(strlen(text) + 1)))
        c.oom = 1;
    else if (texts && c.n_errors == 0)
        strcpy(texts->calibration, text);
    bilim_free(names);
    bilim_json_arena_free(arena);
    if (c.oom)
        return BILIM_ENOMEM;
    if (c.n_errors && texts)
        bilim_calib_texts_clear(texts);
    return c.n_errors ? BILIM_EINVAL : BILIM_OK;
}

int bilim_calib_load(const char *path, bilim_calibration *out, bilim_calib_texts *texts,
                     bilim_calib_errors *errs)
{
    char *text = slurp(path);
    if (!text) {
        bilim_calibration_defaults(out);
        if (texts)
            memset(texts, 0, sizeof *texts);
        cl_ctx c = {path, errs, 0, 0};
        err_at(&c, NULL, NULL, "cannot read the calibration file; check the path");
        return BILIM_EIO;
    }
    int rc = bilim_calib_load_string(text, path, out, texts, errs);
    bilim_free(text);
    if (rc == BILIM_OK && add_file(texts, path)) {
        bilim_calib_texts_clear(texts);
        rc = BILIM_ENOMEM;
    }
    return rc;
}
