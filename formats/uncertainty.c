/* formats/uncertainty.c: posterior sample files, a scenario's "uncertainty"
 * object and priors written as text (see uncertainty.h). */
#include "formats/uncertainty.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/json.h"

/* Posterior samples of a few thousand particles are well under this. */
#define MAX_FILE_BYTES (64u << 20)

/* Reads a whole file (malloc'd, NUL-terminated). */
static int read_text(const char *path, char **text, size_t *len, bilim_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return bilim_error_set(err, BILIM_EIO, "cannot read %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *s = bilim_malloc(cap);
    int rc = s ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory reading %s", path);
    while (!rc) {
        n += fread(s + n, 1, cap - n - 1, f);
        if (n + 1 < cap)
            break;
        char *g = cap <= MAX_FILE_BYTES ? bilim_realloc(s, cap * 2) : NULL;
        if (!g)
            rc = bilim_error_set(err, cap > MAX_FILE_BYTES ? BILIM_EIO : BILIM_ENOMEM,
                                 "%s is too large (more than %u MiB)", path, MAX_FILE_BYTES >> 20);
        else {
            s = g;
            cap *= 2;
        }
    }
    if (!rc && ferror(f))
        rc = bilim_error_set(err, BILIM_EIO, "cannot read %s", path);
    fclose(f);
    if (rc) {
        bilim_free(s);
        return rc;
    }
    s[n] = '\0';
    *text = s;
    *len = n;
    return BILIM_OK;
}

/* A parsed JSON file; the arena and text are freed by parsed_free. */
typedef struct parsed {
    bilim_json_arena *arena;
    char *text;
    bilim_json *root;
} parsed;

static void parsed_free(parsed *p)
{
    bilim_json_arena_free(p->arena);
    bilim_free(p->text);
    memset(p, 0, sizeof *p);
}

static int parse_file(const char *path, parsed *p, bilim_error *err)
{
    memset(p, 0, sizeof *p);
    size_t len = 0;
    int rc = read_text(path, &p->text, &len, err);
    if (rc)
        return rc;
    p->arena = bilim_json_arena_alloc();
    if (!p->arena) {
        parsed_free(p);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading %s", path);
    }
    bilim_json_syntax syn;
    p->root = bilim_json_parse(p->arena, p->text, len, path, &syn);
    if (!p->root) {
        rc = syn.nomem ? bilim_error_set(err, BILIM_ENOMEM, "out of memory reading %s", path)
                       : bilim_error_set(err, BILIM_EINVAL, "%s:%d:%d: invalid JSON: %s", path,
                                         syn.line, syn.col, syn.msg);
        parsed_free(p);
        return rc;
    }
    if (p->root->type != BILIM_JSON_OBJECT) {
        parsed_free(p);
        return bilim_error_set(err, BILIM_EINVAL, "%s: expected a JSON object", path);
    }
    return BILIM_OK;
}

static int bad(bilim_error *err, const char *file, const bilim_json *v, const char *field,
               const char *what)
{
    return bilim_error_set(err, BILIM_EINVAL, "%s:%d:%d: %s: %s", file, v->line, v->col, field,
                           what);
}

/* Every key of obj is one of keys (NULL-terminated). */
static int known_keys(const char *file, const bilim_json *obj, const char *where,
                      const char *const *keys, bilim_error *err)
{
    for (const bilim_json *m = obj->child; m; m = m->next) {
        int ok = 0;
        for (int i = 0; keys[i] && !ok; i++)
            ok = strlen(keys[i]) == m->key_len && memcmp(keys[i], m->key, m->key_len) == 0;
        if (!ok)
            return bilim_error_set(err, BILIM_EINVAL, "%s:%d:%d: %s%s%.*s: unknown key", file,
                                   m->key_line, m->key_col, where, *where ? "." : "",
                                   (int)m->key_len, m->key);
    }
    return BILIM_OK;
}

/* "dir/of/file" + rel, unless rel is absolute. */
static void resolve_path(char *out, size_t n, const char *file, const char *rel)
{
    const char *slash = strrchr(file, '/');
    if (rel[0] == '/' || !slash)
        snprintf(out, n, "%s", rel);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - file + 1) - 1, file, rel);
}

/* --- posterior sample files ---------------------------------------------------- */

static int param_name(const char *file, const bilim_json *v, const char *field,
                      const bilim_param_info **out, bilim_error *err)
{
    if (v->type != BILIM_JSON_STRING)
        return bad(err, file, v, field, "expected a parameter name (a string)");
    *out = bilim_params_find(v->text);
    if (!*out)
        return bad(err, file, v, field, "unknown parameter; the names are in docs/parameters.md");
    return BILIM_OK;
}

static int number(const char *file, const bilim_json *v, const char *field, double *out,
                  bilim_error *err)
{
    if (v->type != BILIM_JSON_NUMBER || bilim_json_number(v, out))
        return bad(err, file, v, field, "expected a finite number");
    return BILIM_OK;
}

static int read_ties(const char *file, const bilim_json *tied, bilim_particles *p,
                     const bilim_json *params, bilim_error *err)
{
    if (tied->type != BILIM_JSON_ARRAY || tied->count > BILIM_PARTICLES_MAX_COLUMNS)
        return bad(err, file, tied, "tied", "expected an array of at most 32 ties");
    static const char *const keys[] = {"name", "follows", "offset", NULL};
    int k = 0, rc = BILIM_OK;
    for (const bilim_json *t = tied->child; t && !rc; t = t->next, k++) {
        const bilim_json *name = bilim_json_get(t, "name"), *fol = bilim_json_get(t, "follows");
        const bilim_json *off = bilim_json_get(t, "offset");
        if (t->type != BILIM_JSON_OBJECT || !name || !fol || !off)
            return bad(err, file, t, "tied", "each tie is {\"name\", \"follows\", \"offset\"}");
        rc = known_keys(file, t, "tied[]", keys, err);
        const bilim_param_info *follows = NULL;
        if (!rc)
            rc = param_name(file, name, "tied[].name", &p->ties[k].param, err);
        if (!rc)
            rc = param_name(file, fol, "tied[].follows", &follows, err);
        if (!rc)
            rc = number(file, off, "tied[].offset", &p->ties[k].offset, err);
        p->ties[k].follows = -1;
        int c = 0;
        for (const bilim_json *e = params->child; !rc && e; e = e->next, c++)
            if (strcmp(e->text, follows->name) == 0)
                p->ties[k].follows = c;
        if (!rc && p->ties[k].follows < 0)
            rc = bad(err, file, fol, "tied[].follows", "is not one of \"parameters\"");
    }
    p->n_ties = k;
    return rc;
}

static int read_rows(const char *file, const bilim_json *rows, const bilim_json *weights,
                     bilim_particles *p, bilim_error *err)
{
    int32_t i = 0;
    const bilim_json *w = weights->child;
    for (const bilim_json *r = rows->child; r; r = r->next, w = w->next, i++) {
        if (r->type != BILIM_JSON_ARRAY || r->count != p->n_columns) {
            char what[96];
            snprintf(what, sizeof what, "particle %d: expected an array of %d numbers", (int)i,
                     (int)p->n_columns);
            return bad(err, file, r, "particles", what);
        }
        int c = 0;
        for (const bilim_json *e = r->child; e; e = e->next, c++)
            if (number(file, e, "particles", &p->theta[(size_t)i * (size_t)p->n_columns + c], err))
                return BILIM_EINVAL;
        if (number(file, w, "weights", &p->weight[i], err))
            return BILIM_EINVAL;
    }
    return BILIM_OK;
}

static int load_particles(const char *file, const bilim_json *root, bilim_particles *p,
                          bilim_error *err)
{
    static const char *const keys[] = {"description", "source", "notes", "parameters", "tied",
                                       "weights", "particles", "history_from", NULL};
    /* Written by a calibration with a history: the runs start it there. */
    const bilim_json *hist = bilim_json_get(root, "history_from");
    int32_t y = 0, m = 1;
    if (hist && (hist->type != BILIM_JSON_STRING ||
                 !bilim_scenario_parse_date(hist->text, hist->len, &y, &m)))
        return bad(err, file, hist, "history_from", "expected a date \"YYYY-MM\" (the start of "
                   "the calibration's history) such as \"2023-09\"");
    int rc = known_keys(file, root, "", keys, err);
    if (rc)
        return rc;
    const bilim_json *params = bilim_json_get(root, "parameters");
    const bilim_json *weights = bilim_json_get(root, "weights");
    const bilim_json *rows = bilim_json_get(root, "particles");
    if (!params || !weights || !rows)
        return bilim_error_set(err, BILIM_EINVAL, "%s: a posterior sample needs \"parameters\", "
                               "\"weights\" and \"particles\"", file);
    if (params->type != BILIM_JSON_ARRAY || params->count < 1)
        return bad(err, file, params, "parameters", "expected a non-empty array of names");
    if (rows->type != BILIM_JSON_ARRAY || rows->count < 1)
        return bad(err, file, rows, "particles", "expected a non-empty array of particles");
    if (weights->type != BILIM_JSON_ARRAY || weights->count != rows->count)
        return bad(err, file, weights, "weights", "expected one weight per particle");
    if ((rc = bilim_particles_init(p, rows->count, params->count, err)))
        return rc;
    int c = 0;
    for (const bilim_json *e = params->child; e && !rc; e = e->next, c++)
        rc = param_name(file, e, "parameters", &p->columns[c], err);
    const bilim_json *v = bilim_json_get(root, "tied");
    if (!rc && v)
        rc = read_ties(file, v, p, params, err);
    if (!rc)
        rc = read_rows(file, rows, weights, p, err);
    if (!rc && (v = bilim_json_get(root, "source")) && v->type == BILIM_JSON_STRING)
        snprintf(p->source, sizeof p->source, "%s", v->text);
    if (!rc && hist)
        p->history_from = y * 12 + (m - 1);
    if (!rc && (rc = bilim_particles_finish(p, err)))
        bilim_error_prefix(err, "%s", file);
    return rc;
}

int bilim_particles_load(const char *path, bilim_particles *p, bilim_error *err)
{
    memset(p, 0, sizeof *p);
    parsed f;
    int rc = parse_file(path, &f, err);
    if (rc)
        return rc;
    rc = load_particles(path, f.root, p, err);
    parsed_free(&f);
    if (rc)
        bilim_particles_clear(p);
    return rc;
}

/* --- priors as text -------------------------------------------------------------- */

int bilim_prior_text_parse(const char *s, bilim_prior_text *out, char *msg, size_t n)
{
    static const char *const syntax =
        "expected KIND:P1,P2[,LO,HI] with KIND one of factor, beta_mean, normal, uniform, "
        "lognormal, beta (for example factor:base,2 or uniform:0,1)";
    const char *colon = strchr(s, ':');
    char kind[32];
    if (!colon || (size_t)(colon - s) >= sizeof kind) {
        snprintf(msg, n, "'%s': %s", s, syntax);
        return 1;
    }
    snprintf(kind, sizeof kind, "%.*s", (int)(colon - s), s);
    int spec = bilim_prior_spec_parse(kind);
    if (spec < 0 || spec == BILIM_SPEC_FIXED) {
        snprintf(msg, n, "'%s': unknown distribution '%s'; %s", s, kind, syntax);
        return 1;
    }
    double v[4] = {NAN, NAN, NAN, NAN};
    int k = 0, failed = 0;
    const char *p = colon + 1;
    while (k < 4) {
        char *end;
        if (k == 0 && strncmp(p, "base", 4) == 0 && (p[4] == ',' || p[4] == '\0')) {
            end = (char *)p + 4;
        } else {
            errno = 0;
            v[k] = strtod(p, &end);
            if (end == p || errno || !isfinite(v[k])) {
                failed = 1;
                break;
            }
        }
        k++;
        p = end;
        if (*p != ',')
            break;
        p++;
    }
    if (failed || *p != '\0' || (k != 2 && k != 4)) {
        snprintf(msg, n, "'%s': %s", s, syntax);
        return 1;
    }
    if (k == 2 && isnan(v[0]) && (spec == BILIM_SPEC_UNIFORM || spec == BILIM_SPEC_LOGNORMAL ||
                                  spec == BILIM_SPEC_BETA)) {
        snprintf(msg, n, "'%s': \"base\" centres only factor, beta_mean and normal priors", s);
        return 1;
    }
    out->spec = (bilim_prior_spec)spec;
    out->p1 = v[0];
    out->p2 = v[1];
    out->lower = v[2];
    out->upper = v[3];
    return 0;
}

int bilim_uncertainty_parse_prior(const char *s, bilim_uncertainty_prior *out, bilim_error *err)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || (size_t)(eq - s) >= sizeof out->name)
        return bilim_error_set(err, BILIM_EUSAGE, "--prior '%s': expected NAME=KIND:P1,P2[,LO,HI] "
                               "(for example eta_pd=factor:base,3)", s);
    snprintf(out->name, sizeof out->name, "%.*s", (int)(eq - s), s);
    char msg[400];
    if (bilim_prior_text_parse(eq + 1, &out->prior, msg, sizeof msg))
        return bilim_error_set(err, BILIM_EUSAGE, "--prior %s: %s", out->name, msg);
    return BILIM_OK;
}

void bilim_prior_text_format(const bilim_prior_text *t, char *buf, size_t n)
{
    char p1[32];
    if (isnan(t->p1))
        snprintf(p1, sizeof p1, "base");
    else
        snprintf(p1, sizeof p1, "%.10g", t->p1);
    const char *kind = bilim_prior_spec_name(t->spec);
    if (isnan(t->lower) || isnan(t->upper))
        snprintf(buf, n, "%s:%s,%.10g", kind ? kind : "?", p1, t->p2);
    else
        snprintf(buf, n, "%s:%s,%.10g,%.10g,%.10g", kind ? kind : "?", p1, t->p2, t->lower,
                 t->upper);
}

/* --- the "uncertainty" object of a scenario ------------------------------------------ */

void bilim_uncertainty_init(bilim_uncertainty *u)
{
    memset(u, 0, sizeof *u);
}

static int read_fix(const char *file, const bilim_json *v, bilim_uncertainty *u,
                    bilim_error *err)
{
    if (v->type != BILIM_JSON_ARRAY || v->count > BILIM_UNCERTAINTY_MAX_ITEMS)
        return bad(err, file, v, "uncertainty.fix", "expected an array of names");
    for (const bilim_json *e = v->child; e; e = e->next) {
        if (e->type != BILIM_JSON_STRING || e->len == 0 || e->len >= BILIM_UNCERTAINTY_NAME_MAX)
            return bad(err, file, e, "uncertainty.fix", "expected a parameter, factor or group name");
        snprintf(u->fix[u->n_fix++], BILIM_UNCERTAINTY_NAME_MAX, "%s", e->text);
    }
    return BILIM_OK;
}

static int read_priors(const char *file, const bilim_json *v, bilim_uncertainty *u,
                       bilim_error *err)
{
    if (v->type != BILIM_JSON_OBJECT || v->count > BILIM_UNCERTAINTY_MAX_ITEMS)
        return bad(err, file, v, "uncertainty.priors", "expected an object of NAME: \"KIND:P1,P2\"");
    for (const bilim_json *m = v->child; m; m = m->next) {
        bilim_uncertainty_prior *p = &u->priors[u->n_priors];
        if (m->key_len >= sizeof p->name)
            return bad(err, file, m, "uncertainty.priors", "name too long");
        snprintf(p->name, sizeof p->name, "%.*s", (int)m->key_len, m->key);
        char msg[400], field[128];
        snprintf(field, sizeof field, "uncertainty.priors.%s", p->name);
        if (m->type != BILIM_JSON_STRING)
            return bad(err, file, m, field, "expected a string \"KIND:P1,P2[,LO,HI]\"");
        if (bilim_prior_text_parse(m->text, &p->prior, msg, sizeof msg))
            return bad(err, file, m, field, msg);
        u->n_priors++;
    }
    return BILIM_OK;
}

static int read_object(const char *file, const bilim_json *obj, bilim_uncertainty *u,
                       bilim_error *err)
{
    if (obj->type != BILIM_JSON_OBJECT)
        return bad(err, file, obj, "uncertainty", "expected an object");
    static const char *const keys[] = {"posterior_file", "fix", "priors", NULL};
    int rc = known_keys(file, obj, "uncertainty", keys, err);
    const bilim_json *v;
    if (!rc && (v = bilim_json_get(obj, "posterior_file"))) {
        if (v->type != BILIM_JSON_STRING || v->len == 0)
            return bad(err, file, v, "uncertainty.posterior_file", "expected a path (a string)");
        resolve_path(u->posterior_file, sizeof u->posterior_file, file, v->text);
    }
    if (!rc && (v = bilim_json_get(obj, "fix")))
        rc = read_fix(file, v, u, err);
    if (!rc && (v = bilim_json_get(obj, "priors")))
        rc = read_priors(file, v, u, err);
    return rc;
}

int bilim_uncertainty_load(const char *scenario_path, bilim_uncertainty *u, bilim_error *err)
{
    bilim_uncertainty_init(u);
    char path[BILIM_UNCERTAINTY_PATH_MAX];
    snprintf(path, sizeof path, "%s", scenario_path);
    /* The loader has refused cycles already; the bound only guards the loop. */
    for (int depth = 0; depth < 32; depth++) {
        parsed f;
        int rc = parse_file(path, &f, err);
        if (rc)
            return rc;
        const bilim_json *obj = bilim_json_get(f.root, "uncertainty");
        const bilim_json *ext = bilim_json_get(f.root, "extends");
        char next[BILIM_UNCERTAINTY_PATH_MAX] = "";
        if (obj)
            rc = read_object(path, obj, u, err);
        else if (ext && ext->type == BILIM_JSON_STRING)
            resolve_path(next, sizeof next, path, ext->text);
        parsed_free(&f);
        if (rc || obj || !next[0])
            return rc;
        snprintf(path, sizeof path, "%s", next);
    }
    return BILIM_OK;
}
