/* formats/scenario_load.c: see scenario_load.h. Resolving "extends"
 * (merging the child over its parent) and parameter files, then handing the
 * merged tree to bilim__scenario_read_scenario. Files are read, parsed and
 * checked by formats/fields.h. Nothing is written to *out unless the whole
 * scenario is valid. */
#include "formats/scenario_internal.h"

#include "base/alloc.h"
#include "base/error.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* --- files ------------------------------------------------------------------------ */

/* A file's identity for cycle detection: device and inode when it exists
 * (so links and different spellings of one path are the same file). */
static char *identity(bilim_fields *c, const char *path)
{
    struct stat st;
    char id[64];
    if (stat(path, &st) != 0)
        return bilim_fields_strdup(c, path);
    snprintf(id, sizeof id, "\x01%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    return bilim_fields_strdup(c, id);
}

/* scenarios/schema.json sits next to the scenarios: one clear message
 * instead of a list of unknown keys. Returns root, or NULL (reported). */
static bilim_json *not_a_schema(bilim_fields *c, bilim_json *root)
{
    const bilim_json *meta = root ? bilim_json_get(root, "$schema") : NULL;
    if (meta && meta->type == BILIM_JSON_STRING &&
        (strncmp(meta->text, "http://json-schema.org/", 23) == 0 ||
         strncmp(meta->text, "https://json-schema.org/", 24) == 0)) {
        bilim_fields_error(c, root, NULL, "", "this is a JSON Schema, not a scenario file");
        return NULL;
    }
    return root;
}

/* --- merging ------------------------------------------------------------------------- */

static void remove_member(bilim_json *obj, const bilim_json *m)
{
    bilim_json **pp = &obj->child;
    while (*pp && *pp != m)
        pp = &(*pp)->next;
    if (*pp) {
        *pp = m->next;
        obj->count--;
    }
}

static void replace_member(bilim_json *obj, bilim_json *old, bilim_json *m)
{
    bilim_json **pp = &obj->child;
    while (*pp && *pp != old)
        pp = &(*pp)->next;
    if (*pp) {
        m->next = old->next;
        *pp = m;
    }
}

static void append_member(bilim_json *obj, bilim_json *m)
{
    bilim_json **pp = &obj->child;
    while (*pp)
        pp = &(*pp)->next;
    m->next = NULL;
    *pp = m;
    obj->count++;
}

/* Merges child's members into parent: objects by key (recursively), every
 * other value (arrays included) replaced. In "population", giving "preset"
 * drops the parent's "regions" and vice versa: they are alternatives. */
static void merge(bilim_json *parent, bilim_json *child, int top)
{
    bilim_json *m = child->child;
    while (m) {
        bilim_json *next = m->next;
        bilim_json *pm = bilim_json_get(parent, m->key);
        if (top && pm && strcmp(m->key, "population") == 0 && m->type == BILIM_JSON_OBJECT &&
            pm->type == BILIM_JSON_OBJECT) {
            bilim_json *x;
            if (bilim_json_get(m, "regions") && (x = bilim_json_get(pm, "preset")))
                remove_member(pm, x);
            if (bilim_json_get(m, "preset") && (x = bilim_json_get(pm, "regions")))
                remove_member(pm, x);
        }
        if (pm && pm->type == BILIM_JSON_OBJECT && m->type == BILIM_JSON_OBJECT)
            merge(pm, m, 0);
        else if (pm)
            replace_member(parent, pm, m);
        else
            append_member(parent, m);
        m = next;
    }
}

/* --- extends ------------------------------------------------------------------------- */

typedef struct chain {
    const char *id[SL_MAX_EXTENDS + 1];
    const char *file[SL_MAX_EXTENDS + 1];
    int n;
} chain;

static bilim_json *load_tree(bilim_fields *c, bilim_json *root, chain *ch);

/* "append_interventions" of root: the parent's list, then these. */
static void append_interventions(bilim_fields *c, bilim_json *root, bilim_json *parent)
{
    bilim_json *app = bilim_json_get(root, "append_interventions");
    if (!app)
        return;
    remove_member(root, app);
    if (app->type != BILIM_JSON_ARRAY) {
        bilim_fields_expect(c, app, "append_interventions", BILIM_JSON_ARRAY, "an array of interventions");
        return;
    }
    bilim_json *pl = bilim_json_get(parent, "interventions");
    if (pl && pl->type == BILIM_JSON_ARRAY) {
        bilim_json **pp = &pl->child;
        while (*pp)
            pp = &(*pp)->next;
        *pp = app->child;
        pl->count += app->count;
    } else {
        app->key = "interventions";
        app->key_len = strlen("interventions");
        append_member(root, app);
    }
}

/* Loads the parent named by child's "extends" and merges child into it. */
static bilim_json *resolve_extends(bilim_fields *c, bilim_json *root, bilim_json *ext, chain *ch)
{
    char *path = bilim_fields_ref_path(c, ext, "a scenario file");
    if (!path)
        return NULL;
    char *id = identity(c, path);
    if (!id)
        return NULL;
    for (int i = 0; i < ch->n; i++)
        if (strcmp(ch->id[i], id) == 0) {
            char loop[1024];
            size_t k = 0;
            loop[0] = '\0';
            for (int j = i; j < ch->n && k < sizeof loop - 300; j++)
                k += (size_t)snprintf(loop + k, sizeof loop - k, "%s -> ", ch->file[j]);
            snprintf(loop + k, sizeof loop - k, "%s", path);
            char shown[160];
            bilim_fields_error(c, ext, NULL, "extends", "%s makes a cycle (%s); expected a chain "
                               "that ends in a file without extends",
                               bilim_json_show(ext, shown, sizeof shown), loop);
            return NULL;
        }
    if (ch->n >= SL_MAX_EXTENDS) {
        bilim_fields_error(c, ext, NULL, "extends", "the chain of extends is longer than %d files",
                           SL_MAX_EXTENDS);
        return NULL;
    }
    bilim_json *top = not_a_schema(c, bilim_fields_load_ref(c, ext, path, NULL));
    if (!top)
        return NULL;
    ch->id[ch->n] = id;
    ch->file[ch->n] = top->file;
    ch->n++;
    bilim_json *parent = load_tree(c, top, ch);
    ch->n--;
    if (!parent)
        return NULL;
    append_interventions(c, root, parent);
    remove_member(root, ext);
    /* A title names one scenario and a package is one file's parts: a child
     * never inherits them (docs/scenarios.md). */
    static const char *const own[] = {"title", "package"};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) {
        bilim_json *pm = bilim_json_get(parent, own[k]);
        if (pm)
            remove_member(parent, pm);
    }
    merge(parent, root, 1);
    /* The merged scenario is the child's: messages about it name the child. */
    parent->file = root->file;
    parent->line = root->line;
    parent->col = root->col;
    return parent;
}

/* root (a parsed scenario file) with its "extends" resolved. */
static bilim_json *load_tree(bilim_fields *c, bilim_json *root, chain *ch)
{
    /* Every file names itself, so a child never passes for its parent. */
    if (!bilim_json_get(root, "name"))
        bilim_fields_error(c, root, NULL, "name", "missing; every scenario file has a \"name\" "
                           "(used in outputs and comparisons), including files that extend another");
    bilim_json *ext = bilim_json_get(root, "extends");
    bilim_json *app = bilim_json_get(root, "append_interventions");
    if (app && !ext)
        bilim_fields_error_key(c, app, "append_interventions",
                               "only allowed with \"extends\" (it appends to the parent's "
                               "interventions); use \"interventions\" here");
    if (app && bilim_json_get(root, "interventions"))
        bilim_fields_error_key(c, app, "append_interventions",
                               "given together with \"interventions\"; use \"interventions\" to "
                               "replace the parent's list or \"append_interventions\" to add to "
                               "it, not both");
    if (!ext) {
        if (app)
            remove_member(root, app);
        return root;
    }
    return resolve_extends(c, root, ext, ch);
}

/* --- parameter files --------------------------------------------------------------------- */

void bilim__scenario_read_history(bilim_fields *c, const bilim_json *v, bilim_scenario *sc)
{
    int32_t y, m;
    if (!bilim_fields_expect(c, v, "history_from", BILIM_JSON_STRING, "a date \"YYYY-MM\" such as \"2023-09\"") ||
        !bilim__scenario_parse_date(c, v, "history_from", &y, &m))
        return;
    int32_t from = y * 12 + (m - 1), start = sc->start_year * 12 + (sc->start_calendar_month - 1);
    if (from > start) {
        bilim_fields_error(c, v, NULL, "history_from", "\"%.7s\" is after start_date \"%04d-%02d\"; "
                           "a history runs from a date before month 0 up to start_date",
                           v->text, (int)sc->start_year, (int)sc->start_calendar_month);
        return;
    }
    if (start - from > BILIM_MAX_HISTORY) {
        bilim_fields_error(c, v, NULL, "history_from", "\"%.7s\" is %d months before start_date "
                           "\"%04d-%02d\"; a history runs at most %d months",
                           v->text, (int)(start - from), (int)sc->start_year,
                           (int)sc->start_calendar_month, BILIM_MAX_HISTORY);
        return;
    }
    sc->history_from = from;
}

void bilim__scenario_load_parameter_file(bilim_fields *c, const bilim_json *ref, bilim_scenario *sc)
{
    bilim_params *p = &sc->params;
    char *path = bilim_fields_ref_path(c, ref, "a parameter file");
    bilim_json *root = path ? not_a_schema(c, bilim_fields_load_ref(c, ref, path, NULL)) : NULL;
    if (!root)
        return;
    /* Written by a calibration with a history (docs/calibration.md): the
     * scenario runs that history before month 0. */
    const bilim_json *hist = bilim_json_get(root, "history_from");
    if (hist)
        bilim__scenario_read_history(c, hist, sc);
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, root, "", &bilim__scenario_param_file, NULL, g))
        return;
    for (int i = 0; i < bilim__scenario_param_file.n; i++) {
        if (!g[i])
            continue;
        const char *key = bilim__scenario_param_file.fields[i].key;
        if (strcmp(key, "parameters") == 0)
            bilim__scenario_read_parameters(c, g[i], "parameters", p);
        else if (strcmp(key, "notes") == 0 && g[i]->type == BILIM_JSON_ARRAY) {
            int k = 0;
            for (const bilim_json *e = g[i]->child; e; e = e->next, k++) {
                char sub[BILIM_FIELDS_PATH_MAX];
                bilim_json_path_index(sub, sizeof sub, "notes", k);
                bilim_fields_read_text(c, e, sub, BILIM_FIELDS_MAX_TEXT);
            }
        } else
            bilim_fields_read_text(c, g[i], key, BILIM_FIELDS_MAX_TEXT);
    }
}

/* --- entry points ---------------------------------------------------------------------------- */

/* The scenario of the parsed file root (identity id) into *out, all within
 * c; errors0: c's errors before root was read. */
static int load_common(bilim_fields *c, int errors0, bilim_json *root, const char *id,
                       bilim_scenario *out, char **resolved_json)
{
    chain ch;
    ch.n = 1;
    ch.id[0] = id;
    ch.file[0] = root ? root->file : NULL;
    root = root && id ? not_a_schema(c, root) : NULL;
    /* What the top file itself adds, for its "package" (before extends merges). */
    sl_extra extra;
    const bilim_json *own = root ? bilim_json_get(root, "append_interventions") : NULL;
    extra.own_count = own && own->type == BILIM_JSON_ARRAY ? own->count : 0;
    if (root && bilim_json_get(root, "interventions"))
        extra.own_count = -1;
    if (root)
        root = load_tree(c, root, &ch);
    if (c->nomem)
        return BILIM_ENOMEM;
    if (!root)
        return BILIM_EINVAL;
    bilim_scenario *sc = bilim_malloc(sizeof *sc);
    if (!sc) {
        c->nomem = 1;  /* so that a caller sharing c (a calibration) sees it */
        return BILIM_ENOMEM;
    }
    bilim_scenario_defaults(sc);
    bilim__scenario_read_scenario(c, root, sc, &extra);
    int rc = BILIM_OK;
    if (c->nomem)
        rc = BILIM_ENOMEM;
    else if (c->errors > errors0)
        rc = BILIM_EINVAL;
    else if (resolved_json) {
        *resolved_json = bilim__scenario_scenario_json(sc, extra.description, extra.notes);
        if (!*resolved_json) {
            c->nomem = 1;
            rc = BILIM_ENOMEM;
        }
    }
    if (rc == BILIM_OK)
        memcpy(out, sc, sizeof *sc);
    bilim_free(sc);
    return rc;
}

int bilim_scenario_load(const char *path, bilim_scenario *out, char **resolved_json,
                        bilim_diags *diags)
{
    if (resolved_json)
        *resolved_json = NULL;
    bilim_fields c;
    if (bilim_fields_init(&c, diags))
        return BILIM_ENOMEM;
    int io;
    bilim_json *root = bilim_fields_load_file(&c, path, NULL, &io);
    int rc = io ? BILIM_EIO : load_common(&c, 0, root, root ? identity(&c, root->file) : NULL,
                                          out, resolved_json);
    if (c.nomem)
        rc = BILIM_ENOMEM;
    bilim_fields_clear(&c);
    return rc;
}

int bilim_scenario_load_string(const char *text, const char *origin, bilim_scenario *out,
                               char **resolved_json, bilim_diags *diags)
{
    if (resolved_json)
        *resolved_json = NULL;
    bilim_fields c;
    if (bilim_fields_init(&c, diags))
        return BILIM_ENOMEM;
    bilim_json *root = bilim_fields_load_text(&c, text, strlen(text), origin, "scenario");
    const char *id = !root ? NULL : origin ? identity(&c, origin) : root->file;
    int rc = load_common(&c, 0, root, id, out, resolved_json);
    bilim_fields_clear(&c);
    return rc;
}

int bilim_scenario_load_ref(bilim_fields *c, const bilim_json *ref, bilim_scenario *out,
                            char **resolved_json)
{
    if (resolved_json)
        *resolved_json = NULL;
    int errors0 = c->errors;
    char *path = bilim_fields_ref_path(c, ref, "a scenario file");
    bilim_json *root = path ? bilim_fields_load_ref(c, ref, path, NULL) : NULL;
    int rc = load_common(c, errors0, root, root ? identity(c, path) : NULL, out, resolved_json);
    return c->nomem ? BILIM_ENOMEM : rc;
}
