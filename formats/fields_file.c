/* formats/fields_file.c: see fields.h. Files of a load: reading them with
 * the bounded reader (base/file.h), parsing and the checks every file gets,
 * resolving the paths files name, and messages, which name the chain of
 * files that led to the one they are about. */
#include "formats/fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/error.h"
#include "base/file.h"
#include "base/i18n.h"
#include "formats/json_check.h"

/* A file read in this load: nodes from it carry name as their file; via is
 * how it was reached ("via a.json, which extends b.json"), NULL for the
 * top-level file. */
struct bilim_fields_file {
    const char *name;
    const char *via;
    struct bilim_fields_file *next;
};

int bilim_fields_init(bilim_fields *c, bilim_diags *diags)
{
    memset(c, 0, sizeof *c);
    c->diags = diags;
    c->arena = bilim_json_arena_alloc();
    return c->arena ? BILIM_OK : BILIM_ENOMEM;
}

void bilim_fields_clear(bilim_fields *c)
{
    bilim_json_arena_free(c->arena);
    c->arena = NULL;
    c->files = NULL;
}

char *bilim_fields_strdup(bilim_fields *c, const char *s)
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

/* --- chains ------------------------------------------------------------------------ */

static const struct bilim_fields_file *find_file(const bilim_fields *c, const char *name)
{
    if (!name)
        return NULL;
    for (const struct bilim_fields_file *f = c->files; f; f = f->next)
        if (f->name == name)
            return f;
    for (const struct bilim_fields_file *f = c->files; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* A printf into the arena (NULL, and c->nomem, when out of memory). */
static char *arena_printf(bilim_fields *c, const char *fmt, ...) BILIM_PRINTF(2, 3);
static char *arena_printf(bilim_fields *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? bilim_json_arena_get(c->arena, (size_t)len + 1) : NULL;
    if (!s) {
        c->nomem = 1;
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Records the file name (copied into the arena), reached through the member
 * ref of another file (NULL: the top-level file). Returns the copy, which
 * the nodes of the file point to, or NULL when out of memory. */
static const char *add_file(bilim_fields *c, const char *name, const bilim_json *ref)
{
    struct bilim_fields_file *f = bilim_json_arena_get(c->arena, sizeof *f);
    char *copy = f ? bilim_fields_strdup(c, name) : NULL;
    if (!copy) {
        c->nomem = 1;
        return NULL;
    }
    f->name = copy;
    if (ref) {
        /* "which extends b.json" or "whose parameter_file is c.json", after
         * the chain of the file holding ref. */
        const struct bilim_fields_file *from = find_file(c, ref->file);
        const char *key = ref->key ? ref->key : "reference";
        char *step = strcmp(key, "extends") == 0 ? arena_printf(c, "which extends %s", name)
                                                 : arena_printf(c, "whose %s is %s", key, name);
        if (!step)
            return NULL;
        f->via = from && from->via ? arena_printf(c, "%s, %s", from->via, step)
                                   : arena_printf(c, "via %s, %s", ref->file ? ref->file : "?", step);
        if (!f->via)
            return NULL;
    }
    f->next = c->files;
    c->files = f;
    return copy;
}

/* --- messages ---------------------------------------------------------------------- */

static void vreport(bilim_fields *c, const char *file, int line, int col, const char *path,
                    const char *fmt, va_list ap) BILIM_PRINTF(6, 0);
static void vreport(bilim_fields *c, const char *file, int line, int col, const char *path,
                    const char *fmt, va_list ap)
{
    c->errors++;
    if (!c->diags || bilim_diags_full(c->diags)) {
        bilim_diags_add(c->diags, "%s", ""); /* only counts as not kept */
        return;
    }
    char msg[1024];
    /* The message in the user's language: bilim_fields_error's and
     * bilim_fields_error_key's formats are xgettext keywords (scripts/pot.sh). */
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    char where[600];
    const char *name = file ? file : "<string>";
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d:%d", name, line, col);
    else
        snprintf(where, sizeof where, "%s", name);
    const struct bilim_fields_file *f = find_file(c, file);
    const char *via = f && f->via ? f->via : NULL;
    bilim_diags_add(c->diags, "%s: %s%s%s%s%s%s", where, path && *path ? path : "",
                    path && *path ? ": " : "", msg, via ? " (" : "", via ? via : "",
                    via ? ")" : "");
}

static void report_at(bilim_fields *c, const char *file, int line, int col, const char *fmt, ...)
    BILIM_PRINTF(5, 6);
static void report_at(bilim_fields *c, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, file, line, col, "", fmt, ap);
    va_end(ap);
}

void bilim_fields_error(bilim_fields *c, const bilim_json *node, const char *file,
                        const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (node)
        vreport(c, node->file, node->line, node->col, path, fmt, ap);
    else
        vreport(c, file, 0, 0, path, fmt, ap);
    va_end(ap);
}

void bilim_fields_error_key(bilim_fields *c, const bilim_json *member, const char *path,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, member->file, member->key_line, member->key_col, path, fmt, ap);
    va_end(ap);
}

/* --- structure ------------------------------------------------------------------------ */

static int cmp_member(const void *a, const void *b)
{
    const bilim_json *x = *(const bilim_json *const *)a, *y = *(const bilim_json *const *)b;
    if (x->key_len != y->key_len)
        return x->key_len < y->key_len ? -1 : 1;
    int r = memcmp(x->key, y->key, x->key_len);
    if (r)
        return r;
    if (x->key_line != y->key_line)
        return x->key_line < y->key_line ? -1 : 1;
    return (x->key_col > y->key_col) - (x->key_col < y->key_col);
}

/* Duplicate keys of an object, each reported at its second (third...) place. */
static int check_duplicates(bilim_fields *c, const bilim_json *v, const char *path)
{
    const bilim_json **m = bilim_json_arena_get(c->arena, (size_t)v->count * sizeof *m);
    if (!m) {
        c->nomem = 1;
        return 1;
    }
    int n = 0, problems = 0;
    for (const bilim_json *e = v->child; e; e = e->next)
        m[n++] = e;
    qsort(m, (size_t)n, sizeof *m, cmp_member);
    /* Sorted by key, then position: m[g] is the first of its group. */
    int g = 0;
    for (int i = 1; i < n; i++) {
        if (m[i]->key_len != m[g]->key_len || memcmp(m[i]->key, m[g]->key, m[i]->key_len) != 0) {
            g = i;
            continue;
        }
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, m[i]->key, m[i]->key_len);
        bilim_fields_error_key(c, m[i], sub,
                               "duplicate key (first at line %d, column %d); each key may appear once",
                               m[g]->key_line, m[g]->key_col);
        problems++;
    }
    return problems;
}

static int check_node(bilim_fields *c, const bilim_json *v, const char *path)
{
    int problems = 0;
    if (v->type == BILIM_JSON_ARRAY) {
        if (v->count > BILIM_FIELDS_MAX_ELEMENTS) {
            bilim_fields_error(c, v, NULL, path, "an array of %d elements; expected at most %d",
                               v->count, BILIM_FIELDS_MAX_ELEMENTS);
            return 1;
        }
        int i = 0;
        for (const bilim_json *e = v->child; e; e = e->next, i++) {
            char sub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_index(sub, sizeof sub, path, i);
            problems += check_node(c, e, sub);
        }
        return problems;
    }
    if (v->type != BILIM_JSON_OBJECT)
        return 0;
    if (v->count > BILIM_FIELDS_MAX_MEMBERS) {
        bilim_fields_error(c, v, NULL, path, "an object of %d members; expected at most %d",
                           v->count, BILIM_FIELDS_MAX_MEMBERS);
        return 1;
    }
    if (v->count > 1)
        problems += check_duplicates(c, v, path);
    for (const bilim_json *e = v->child; e; e = e->next) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, e->key, e->key_len);
        problems += check_node(c, e, sub);
    }
    return problems;
}

/* --- files ----------------------------------------------------------------------------- */

/* Parses text named file (a registered name) and gives it the checks of
 * every file. Returns the root or NULL (reported). */
static bilim_json *parse(bilim_fields *c, const char *text, size_t len, const char *file)
{
    bilim_json_syntax syn;
    bilim_json *root = bilim_json_parse(c->arena, text, len, file, &syn);
    if (!root) {
        if (syn.nomem)
            c->nomem = 1;
        else
            report_at(c, file, syn.line, syn.col, "syntax error: %s", syn.msg);
        return NULL;
    }
    if (root->type != BILIM_JSON_OBJECT) {
        bilim_fields_error(c, root, NULL, "", "the file holds %s; expected a JSON object {...}",
                           _(bilim_json_type_name(root->type)));
        return NULL;
    }
    check_node(c, root, "");
    return root;
}

/* Reads path, the top-level file when ref is NULL (then *io tells an
 * unreadable file), else the file the member ref names, and parses it. */
static bilim_json *load(bilim_fields *c, const char *path, const bilim_json *ref, char **text,
                        int *io)
{
    if (text)
        *text = NULL;
    char *buf;
    size_t len;
    bilim_error err;
    int rc = bilim_file_read(path, BILIM_FIELDS_MAX_FILE, &buf, &len, &err);
    if (rc == BILIM_ENOMEM) {
        c->nomem = 1;
        return NULL;
    }
    if (rc && !ref) {
        *io = 1;
        bilim_fields_error(c, NULL, path, "", "cannot read: %s", err.msg);
        return NULL;
    }
    if (rc) {
        char shown[160];
        bilim_fields_error(c, ref, NULL, ref->key, "cannot read %s (looked for %s): %s",
                           bilim_json_show(ref, shown, sizeof shown), path, err.msg);
        return NULL;
    }
    const char *name = add_file(c, path, ref);
    if (name && bilim_diags_add_file(c->diags, path)) /* an input no output may replace */
        c->nomem = 1;
    bilim_json *root = name ? parse(c, buf, len, name) : NULL;
    if (root && text)
        *text = buf;
    else
        bilim_free(buf);
    return root;
}

bilim_json *bilim_fields_load_file(bilim_fields *c, const char *path, char **text, int *io)
{
    *io = 0;
    return load(c, path, NULL, text, io);
}

bilim_json *bilim_fields_load_text(bilim_fields *c, const char *text, size_t len,
                                   const char *origin, const char *kind)
{
    const char *name = add_file(c, origin ? origin : "<string>", NULL);
    if (!name)
        return NULL;
    if (!origin) {
        c->textfile = name;
        c->textkind = kind;
    }
    if (len > BILIM_FIELDS_MAX_FILE) {
        char why[200];
        bilim_fields_error(c, NULL, name, "", "cannot read: %s",
                           bilim_file_too_large(why, sizeof why, len, BILIM_FIELDS_MAX_FILE));
        return NULL;
    }
    return parse(c, text, len, name);
}

char *bilim_fields_ref_path(bilim_fields *c, const bilim_json *ref, const char *what)
{
    char expected[200];
    snprintf(expected, sizeof expected, "the path of %s", what);
    if (!bilim_fields_expect(c, ref, ref->key, BILIM_JSON_STRING, expected))
        return NULL;
    if (ref->len == 0 || strlen(ref->text) != ref->len) {
        bilim_fields_error(c, ref, NULL, ref->key, "is empty; expected %s", expected);
        return NULL;
    }
    if (!ref->file || ref->file == c->textfile) {
        bilim_fields_error(c, ref, NULL, ref->key,
                           "cannot be resolved: this %s was given as text without a file name",
                           c->textkind ? c->textkind : "file");
        return NULL;
    }
    /* Relative to the directory of the file that names it. */
    const char *rel = ref->text, *from = ref->file;
    const char *slash = strrchr(from, '/');
    size_t dl = rel[0] != '/' && slash ? (size_t)(slash - from) + 1 : 0;
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

bilim_json *bilim_fields_load_ref(bilim_fields *c, const bilim_json *ref, const char *path,
                                  char **text)
{
    return load(c, path, ref, text, NULL);
}
