/* formats/scenario_load.c: see scenario_load.h. Reading files, resolving
 * "extends" (merging the child over its parent) and parameter files, then
 * handing the merged tree to bilim__scenario_read_scenario. Nothing is written to *out
 * unless the whole scenario is valid. */
#include "formats/scenario_internal.h"

#include "base/alloc.h"
#include "base/error.h"

#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

/* --- files ------------------------------------------------------------------------ */

/* Reads a regular file of at most SL_MAX_FILE_BYTES into the arena. Returns
 * 0, or an errno-like code with *why set to a phrase for messages. */
static int read_file(sl_ctx *c, const char *path, char **text, size_t *len, const char **why)
{
    *why = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (it is then
     * refused as not a regular file). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        *why = strerror(errno);
        close(fd);
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        *why = strerror(errno);
        fclose(f);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        fclose(f);
        *why = S_ISDIR(st.st_mode) ? "is a directory, not a file" : "is not a regular file";
        return -1;
    }
    if (st.st_size > SL_MAX_FILE_BYTES) {
        fclose(f);
        *why = "is larger than 1 MiB; scenario and parameter files are small text files";
        return -1;
    }
    /* One byte more than fstat says, to notice a file that grows meanwhile. */
    size_t want = (size_t)st.st_size + 1;
    char *buf = bilim_json_arena_get(c->arena, want + 1);
    if (!buf) {
        fclose(f);
        c->nomem = 1;
        *why = "out of memory";
        return -1;
    }
    size_t n = fread(buf, 1, want, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        *why = "read error";
        return -1;
    }
    if (n == want) {
        *why = "changed while it was being read";
        return -1;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    bilim__diags_add_file(c->diags, path); /* an input that outputs may not replace */
    return 0;
}

static char *arena_strdup(sl_ctx *c, const char *s)
{
    size_t n = strlen(s);
    char *d = bilim_json_arena_get(c->arena, n + 1);
    if (!d) {
        c->nomem = 1;
        return NULL;
    }
    memcpy(d, s, n);
    return d;
}

/* The path of rel as seen from the file `from` (relative paths resolve
 * against from's directory). */
static char *resolve_path(sl_ctx *c, const char *from, const char *rel)
{
    if (rel[0] == '/' || !from)
        return arena_strdup(c, rel);
    const char *slash = strrchr(from, '/');
    size_t dl = slash ? (size_t)(slash - from) + 1 : 0;
    size_t rl = strlen(rel);
    char *p = bilim_json_arena_get(c->arena, dl + rl + 1);
    if (!p) {
        c->nomem = 1;
        return NULL;
    }
    memcpy(p, from, dl);
    memcpy(p + dl, rel, rl);
    return p;
}

/* A file's identity for cycle detection: device and inode when it exists
 * (so links and different spellings of one path are the same file). */
static char *identity(sl_ctx *c, const char *path)
{
    struct stat st;
    char id[64];
    if (stat(path, &st) != 0)
        return arena_strdup(c, path);
    snprintf(id, sizeof id, "\x01%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    return arena_strdup(c, id);
}

/* Parses a file's text and checks what is per-file: an object at the top,
 * no duplicate keys, sizes. Returns the root or NULL (errors reported). */
static bilim_json *parse_text(sl_ctx *c, const char *text, size_t len, const char *file)
{
    bilim_json_syntax syn;
    bilim_json *root = bilim_json_parse(c->arena, text, len, file, &syn);
    if (!root) {
        if (syn.nomem) {
            c->nomem = 1;
            return NULL;
        }
        c->errors++;
        char where[600];
        snprintf(where, sizeof where, "%s:%d:%d", file, syn.line, syn.col);
        bilim__diags_add(c->diags, "%s: syntax error: %s", where, syn.msg);
        return NULL;
    }
    if (root->type != BILIM_JSON_OBJECT) {
        bilim__scenario_error(c, root, NULL, "", "the file holds %s; expected a JSON object {...}",
                 bilim_json_type_name(root->type));
        return NULL;
    }
    /* scenarios/schema.json sits next to the scenarios: one clear message. */
    const bilim_json *meta = bilim_json_get(root, "$schema");
    if (meta && meta->type == BILIM_JSON_STRING &&
        (strncmp(meta->text, "http://json-schema.org/", 23) == 0 ||
         strncmp(meta->text, "https://json-schema.org/", 24) == 0)) {
        bilim__scenario_error(c, root, NULL, "", "this is a JSON Schema, not a scenario file");
        return NULL;
    }
    bilim__scenario_check_structure(c, root);
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

static bilim_json *load_tree(sl_ctx *c, const char *text, size_t len, const char *file,
                             int has_origin, chain *ch);

/* "append_interventions" of root: the parent's list, then these. */
static void append_interventions(sl_ctx *c, bilim_json *root, bilim_json *parent)
{
    bilim_json *app = bilim_json_get(root, "append_interventions");
    if (!app)
        return;
    remove_member(root, app);
    if (app->type != BILIM_JSON_ARRAY) {
        bilim__scenario_expect(c, app, "append_interventions", BILIM_JSON_ARRAY, "an array of interventions");
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
static bilim_json *resolve_extends(sl_ctx *c, bilim_json *root, bilim_json *ext,
                                   int has_origin, chain *ch)
{
    const char *file = root->file;
    if (!bilim__scenario_expect(c, ext, "extends", BILIM_JSON_STRING, "the path of a scenario file"))
        return NULL;
    if (!has_origin) {
        bilim__scenario_error(c, ext, NULL, "extends",
                 "cannot be resolved: this scenario was given as text without a file name");
        return NULL;
    }
    if (ext->len == 0 || strlen(ext->text) != ext->len) {
        bilim__scenario_error(c, ext, NULL, "extends", "is empty; expected the path of a scenario file");
        return NULL;
    }
    char *path = resolve_path(c, file, ext->text);
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
            bilim__scenario_error(c, ext, NULL, "extends", "\"%s\" makes a cycle (%s); expected a chain that "
                     "ends in a file without extends", ext->text, loop);
            return NULL;
        }
    if (ch->n >= SL_MAX_EXTENDS) {
        bilim__scenario_error(c, ext, NULL, "extends", "the chain of extends is longer than %d files",
                 SL_MAX_EXTENDS);
        return NULL;
    }
    char *text;
    size_t len;
    const char *why;
    if (read_file(c, path, &text, &len, &why)) {
        if (!c->nomem)
            bilim__scenario_error(c, ext, NULL, "extends", "cannot read \"%s\" (looked for %s): %s", ext->text,
                     path, why);
        return NULL;
    }
    ch->id[ch->n] = id;
    ch->file[ch->n] = path;
    ch->n++;
    bilim_json *parent = load_tree(c, text, len, path, 1, ch);
    ch->n--;
    if (!parent)
        return NULL;
    append_interventions(c, root, parent);
    remove_member(root, ext);
    merge(parent, root, 1);
    /* The merged scenario is the child's: messages about it name the child. */
    parent->file = root->file;
    parent->line = root->line;
    parent->col = root->col;
    return parent;
}

static bilim_json *load_tree(sl_ctx *c, const char *text, size_t len, const char *file,
                             int has_origin, chain *ch)
{
    bilim_json *root = parse_text(c, text, len, file);
    if (!root)
        return NULL;
    /* Every file names itself, so a child never passes for its parent. */
    if (!bilim_json_get(root, "name"))
        bilim__scenario_error(c, root, NULL, "name", "missing; every scenario file has a \"name\" "
                 "(used in outputs and comparisons), including files that extend another");
    bilim_json *ext = bilim_json_get(root, "extends");
    bilim_json *app = bilim_json_get(root, "append_interventions");
    if (app && !ext)
        bilim__scenario_error_key(c, app, "append_interventions",
                     "only allowed with \"extends\" (it appends to the parent's interventions); "
                     "use \"interventions\" here");
    if (app && bilim_json_get(root, "interventions"))
        bilim__scenario_error_key(c, app, "append_interventions",
                     "given together with \"interventions\"; use \"interventions\" to replace the "
                     "parent's list or \"append_interventions\" to add to it, not both");
    if (!ext) {
        if (app)
            remove_member(root, app);
        return root;
    }
    return resolve_extends(c, root, ext, has_origin, ch);
}

/* --- parameter files --------------------------------------------------------------------- */

void bilim__scenario_load_parameter_file(sl_ctx *c, const bilim_json *ref, bilim_params *p)
{
    if (!bilim__scenario_expect(c, ref, "parameter_file", BILIM_JSON_STRING, "the path of a parameter file"))
        return;
    if (ref->len == 0 || strlen(ref->text) != ref->len) {
        bilim__scenario_error(c, ref, NULL, "parameter_file", "is empty; expected the path of a parameter file");
        return;
    }
    if (!ref->file || ref->file == c->textfile) {
        bilim__scenario_error(c, ref, NULL, "parameter_file",
                 "cannot be resolved: this scenario was given as text without a file name");
        return;
    }
    char *path = resolve_path(c, ref->file, ref->text);
    if (!path)
        return;
    char *text;
    size_t len;
    const char *why;
    if (read_file(c, path, &text, &len, &why)) {
        if (!c->nomem)
            bilim__scenario_error(c, ref, NULL, "parameter_file", "cannot read \"%s\" (looked for %s): %s",
                     ref->text, path, why);
        return;
    }
    bilim_json *root = parse_text(c, text, len, path);
    if (!root)
        return;
    const bilim_json *g[SL_MAX_FIELDS];
    if (!bilim__scenario_read_object(c, root, "", &bilim__scenario_param_file, NULL, g))
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
                char sub[SL_PATH_MAX];
                bilim_json_path_index(sub, sizeof sub, "notes", k);
                bilim__scenario_read_text(c, e, sub, SL_MAX_TEXT);
            }
        } else
            bilim__scenario_read_text(c, g[i], key, SL_MAX_TEXT);
    }
}

/* --- entry points ---------------------------------------------------------------------------- */

static int finish(sl_ctx *c, int rc)
{
    bilim_json_arena_free(c->arena);
    return rc;
}

static int load_common(sl_ctx *c, const char *text, size_t len, const char *file,
                       int has_origin, const char *id, bilim_scenario *out,
                       char **resolved_json)
{
    chain ch;
    ch.n = 1;
    ch.id[0] = id;
    ch.file[0] = file;
    bilim_json *root = load_tree(c, text, len, file, has_origin, &ch);
    if (c->nomem)
        return BILIM_ENOMEM;
    if (!root)
        return BILIM_EINVAL;
    bilim_scenario *sc = bilim_malloc(sizeof *sc);
    if (!sc)
        return BILIM_ENOMEM;
    bilim_scenario_defaults(sc);
    sl_extra extra;
    bilim__scenario_read_scenario(c, root, sc, &extra);
    int rc = BILIM_OK;
    if (c->nomem)
        rc = BILIM_ENOMEM;
    else if (c->errors)
        rc = BILIM_EINVAL;
    else if (resolved_json) {
        *resolved_json = bilim__scenario_scenario_json(sc, extra.description, extra.notes);
        if (!*resolved_json)
            rc = BILIM_ENOMEM;
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
    sl_ctx c = {bilim_json_arena_alloc(), diags, 0, 0, 0, NULL};
    if (!c.arena)
        return BILIM_ENOMEM;
    char *file = arena_strdup(&c, path);
    char *text;
    size_t len;
    const char *why;
    if (!file)
        return finish(&c, BILIM_ENOMEM);
    if (read_file(&c, file, &text, &len, &why)) {
        if (c.nomem)
            return finish(&c, BILIM_ENOMEM);
        bilim__diags_add(diags, "%s: cannot read: %s", path, why);
        return finish(&c, BILIM_EIO);
    }
    char *id = identity(&c, file);
    if (!id)
        return finish(&c, BILIM_ENOMEM);
    return finish(&c, load_common(&c, text, len, file, 1, id, out, resolved_json));
}

int bilim_scenario_load_string(const char *text, const char *origin, bilim_scenario *out,
                               char **resolved_json, bilim_diags *diags)
{
    if (resolved_json)
        *resolved_json = NULL;
    sl_ctx c = {bilim_json_arena_alloc(), diags, 0, 0, 0, NULL};
    if (!c.arena)
        return BILIM_ENOMEM;
    char *file = arena_strdup(&c, origin ? origin : "<string>");
    if (!file)
        return finish(&c, BILIM_ENOMEM);
    if (!origin)
        c.textfile = file;
    char *id = origin ? identity(&c, origin) : file;
    if (!id)
        return finish(&c, BILIM_ENOMEM);
    size_t len = strlen(text);
    if (len > SL_MAX_FILE_BYTES) {
        bilim__diags_add(diags, "%s: is larger than 1 MiB; scenario files are small text files",
                        file);
        return finish(&c, BILIM_EINVAL);
    }
    return finish(&c, load_common(&c, text, len, file, origin != NULL, id, out, resolved_json));
}
