/* sim/scenario_check.c: the loader's generic checks: messages with file,
 * position and JSON path; unknown keys with "did you mean" suggestions (paths,
 * values and suggestions themselves come from sim/json_check.c); reading a
 * value or an object through a field table; duplicate keys and size limits. */
#include "sim/scenario_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- messages ------------------------------------------------------------------ */

/* The attribute lets the compiler check callers' formats (and clang accept vsnprintf). */
static __attribute__((format(printf, 6, 0))) void
vreport(sl_ctx *c, const char *file, int line, int col, const char *path, const char *fmt,
        va_list ap)
{
    c->errors++;
    if (!c->diags || bilim_diags_full(c->diags)) {
        bilim_diags_add(c->diags, "%s", ""); /* only counts as dropped */
        return;
    }
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char where[600];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d:%d", file ? file : "<string>", line, col);
    else
        snprintf(where, sizeof where, "%s", file ? file : "<string>");
    if (path && *path)
        bilim_diags_add(c->diags, "%s: %s: %s", where, path, msg);
    else
        bilim_diags_add(c->diags, "%s: %s", where, msg);
}

void sl_error(sl_ctx *c, const bilim_json *node, const char *file, const char *path,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (node)
        vreport(c, node->file, node->line, node->col, path, fmt, ap);
    else
        vreport(c, file, 0, 0, path, fmt, ap);
    va_end(ap);
}

void sl_error_key(sl_ctx *c, const bilim_json *member, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, member->file, member->key_line, member->key_col, path, fmt, ap);
    va_end(ap);
}

/* --- reading through field tables ------------------------------------------------ */

static void unknown_key(sl_ctx *c, const bilim_json *m, const char *path, const sl_table *t)
{
    const char *cands[SL_MAX_FIELDS];
    for (int i = 0; i < t->n; i++)
        cands[i] = t->fields[i].key;
    const char *s = bilim_json_suggest(m->key, m->key_len, cands, t->n);
    if (s) {
        sl_error_key(c, m, path, "unknown key; did you mean \"%s\"?", s);
        return;
    }
    char list[700];
    size_t k = 0;
    list[0] = '\0';
    for (int i = 0; i < t->n && k < sizeof list - 80; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", cands[i]);
    sl_error_key(c, m, path, "unknown key; expected one of: %s", list);
}

/* --- values -------------------------------------------------------------------------- */

static void wrong_type(sl_ctx *c, const bilim_json *v, const char *path, const char *allowed)
{
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    const char *hint = "";
    if (v->type == BILIM_JSON_STRING) {
        char *end = NULL;
        (void)strtod(v->text, &end);
        if (v->len > 0 && end && end != v->text && *end == '\0')
            hint = " (write numbers without quotes)";
        if (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0)
            hint = " (write true and false without quotes)";
    }
    if (v->type == BILIM_JSON_STRING || v->type == BILIM_JSON_NUMBER)
        sl_error(c, v, NULL, path, "found %s, %s; expected %s%s", shown,
                 bilim_json_type_name(v->type), allowed, hint);
    else
        sl_error(c, v, NULL, path, "found %s; expected %s%s", shown, allowed, hint);
}

static int valid_ident(const char *s, size_t n)
{
    if (n == 0 || n >= BILIM_NAME_MAX || !isalnum((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(ch < 0x80 && (isalnum(ch) || ch == '_' || ch == '-' || ch == '.')))
            return 0;
    }
    return 1;
}

static void read_int(sl_ctx *c, const bilim_json *v, const char *path, const sl_field *f,
                     const char *allowed, void *dst)
{
    double lo, hi;
    sl_field_bounds(f, &lo, &hi);
    int neg;
    uint64_t mag;
    int r = bilim_json_integer(v, &neg, &mag);
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    if (r == 1) {
        sl_error(c, v, NULL, path, "%s is not an integer; expected %s", shown, allowed);
        return;
    }
    /* Bounds are within int32 and far below 2^53, so the comparison is exact. */
    if (r == 2 || mag > (uint64_t)1 << 40) {
        sl_error(c, v, NULL, path, "%s is out of range; expected %s", shown, allowed);
        return;
    }
    double x = neg ? -(double)mag : (double)mag;
    if (x < lo || x > hi) {
        sl_error(c, v, NULL, path, "%s is out of range; expected %s", shown, allowed);
        return;
    }
    int32_t iv = (int32_t)x;
    memcpy(dst, &iv, sizeof iv);
}

static void read_real(sl_ctx *c, const bilim_json *v, const char *path, const sl_field *f,
                      const char *allowed, void *dst)
{
    double lo, hi, x;
    sl_field_bounds(f, &lo, &hi);
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    if (bilim_json_number(v, &x)) {
        sl_error(c, v, NULL, path, "%s is not a finite number (too large for a double); expected %s",
                 shown, allowed);
        return;
    }
    if (x < lo || x > hi || (f->min_open && x == lo) || (f->max_open && x == hi)) {
        sl_error(c, v, NULL, path, "%s is out of range; expected %s", shown, allowed);
        return;
    }
    memcpy(dst, &x, sizeof x);
}

static void read_enum(sl_ctx *c, const bilim_json *v, const char *path, const sl_field *f,
                      const char *allowed, void *dst)
{
    int n = 0;
    while (f->names[n])
        n++;
    for (int i = 0; i < n; i++)
        if (strlen(f->names[i]) == v->len && memcmp(f->names[i], v->text, v->len) == 0) {
            int32_t x = (int32_t)(f->base + i);
            memcpy(dst, &x, sizeof x);
            return;
        }
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    const char *s = bilim_json_suggest(v->text, v->len, f->names, n);
    if (s)
        sl_error(c, v, NULL, path, "%s is not allowed; did you mean \"%s\"? (expected %s)", shown, s,
                 allowed);
    else
        sl_error(c, v, NULL, path, "%s is not allowed; expected %s", shown, allowed);
}

void sl_read_value(sl_ctx *c, const bilim_json *v, const char *path, const sl_field *f,
                   void *base)
{
    char allowed[400];
    sl_field_allowed(f, allowed, sizeof allowed);
    char *dst = (char *)base + f->offset;
    switch (f->kind) {
    case SL_INT:
        if (v->type != BILIM_JSON_NUMBER)
            wrong_type(c, v, path, allowed);
        else
            read_int(c, v, path, f, allowed, dst);
        break;
    case SL_REAL:
        if (v->type != BILIM_JSON_NUMBER)
            wrong_type(c, v, path, allowed);
        else
            read_real(c, v, path, f, allowed, dst);
        break;
    case SL_BOOL:
        if (v->type != BILIM_JSON_BOOL) {
            wrong_type(c, v, path, allowed);
        } else {
            int32_t x = v->boolean;
            memcpy(dst, &x, sizeof x);
        }
        break;
    case SL_ENUM:
        if (v->type != BILIM_JSON_STRING)
            wrong_type(c, v, path, allowed);
        else
            read_enum(c, v, path, f, allowed, dst);
        break;
    case SL_IDENT:
        if (v->type != BILIM_JSON_STRING) {
            wrong_type(c, v, path, allowed);
        } else if (!valid_ident(v->text, v->len)) {
            char shown[160];
            sl_error(c, v, NULL, path, "%s is not a valid name; expected %s",
                     bilim_json_show(v, shown, sizeof shown), allowed);
        } else {
            memset(dst, 0, BILIM_NAME_MAX);
            memcpy(dst, v->text, v->len);
        }
        break;
    case SL_CUSTOM:
        break;
    }
}

int sl_expect(sl_ctx *c, const bilim_json *v, const char *path, bilim_json_type t,
              const char *what)
{
    if (v->type == t)
        return 1;
    wrong_type(c, v, path, what);
    return 0;
}

int sl_read_object(sl_ctx *c, const bilim_json *obj, const char *path, const sl_table *t,
                   void *base, const bilim_json **given)
{
    for (int i = 0; i < t->n; i++)
        given[i] = NULL;
    char what[80];
    snprintf(what, sizeof what, "an object {...} (%s)", t->name);
    if (!sl_expect(c, obj, path, BILIM_JSON_OBJECT, what))
        return 0;
    for (const bilim_json *m = obj->child; m; m = m->next) {
        char sub[SL_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, m->key, m->key_len);
        int k = sl_find(t, m->key, m->key_len);
        if (k < 0) {
            unknown_key(c, m, sub, t);
            continue;
        }
        if (given[k])
            continue; /* a duplicate: reported by sl_check_structure */
        given[k] = m;
        if (t->fields[k].kind != SL_CUSTOM)
            sl_read_value(c, m, sub, &t->fields[k], base);
    }
    for (int i = 0; i < t->n; i++) {
        if (!t->fields[i].required || given[i])
            continue;
        char sub[SL_PATH_MAX], allowed[400];
        bilim_json_path_key(sub, sizeof sub, path, t->fields[i].key, strlen(t->fields[i].key));
        sl_error(c, obj, NULL, sub, "missing; this key is required: %s",
                 t->fields[i].kind == SL_CUSTOM ? t->fields[i].doc
                                                 : sl_field_allowed(&t->fields[i], allowed, sizeof allowed));
    }
    return 1;
}

const char *sl_read_text(sl_ctx *c, const bilim_json *v, const char *path, size_t max)
{
    if (!sl_expect(c, v, path, BILIM_JSON_STRING, "a string"))
        return NULL;
    /* Characters (code points), as JSON Schema's maxLength counts them. */
    size_t chars = 0;
    for (size_t i = 0; i < v->len; i++)
        chars += ((unsigned char)v->text[i] & 0xC0) != 0x80;
    if (chars > max) {
        sl_error(c, v, NULL, path, "a string of %zu characters; expected at most %zu", chars, max);
        return NULL;
    }
    for (size_t i = 0; i < v->len; i++) {
        unsigned char ch = (unsigned char)v->text[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F) {
            sl_error(c, v, NULL, path, "contains the control character U+%04X; expected text", ch);
            return NULL;
        }
    }
    return v->text;
}

/* --- structure ----------------------------------------------------------------------- */

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

static int check_node(sl_ctx *c, const bilim_json *v, const char *path)
{
    int problems = 0;
    if (v->type == BILIM_JSON_ARRAY) {
        if (v->count > SL_MAX_ELEMENTS) {
            sl_error(c, v, NULL, path, "an array of %d elements; expected at most %d", v->count,
                     SL_MAX_ELEMENTS);
            return 1;
        }
        int i = 0;
        for (const bilim_json *e = v->child; e; e = e->next, i++) {
            char sub[SL_PATH_MAX];
            bilim_json_path_index(sub, sizeof sub, path, i);
            problems += check_node(c, e, sub);
        }
        return problems;
    }
    if (v->type != BILIM_JSON_OBJECT)
        return 0;
    if (v->count > SL_MAX_MEMBERS) {
        sl_error(c, v, NULL, path, "an object of %d members; expected at most %d", v->count,
                 SL_MAX_MEMBERS);
        return 1;
    }
    if (v->count > 1) {
        const bilim_json **m = bilim_json_arena_get(c->arena, (size_t)v->count * sizeof *m);
        if (!m) {
            c->nomem = 1;
            return 1;
        }
        int n = 0;
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
            char sub[SL_PATH_MAX];
            bilim_json_path_key(sub, sizeof sub, path, m[i]->key, m[i]->key_len);
            sl_error_key(c, m[i], sub,
                         "duplicate key (first at line %d, column %d); each key may appear once",
                         m[g]->key_line, m[g]->key_col);
            problems++;
        }
    }
    for (const bilim_json *e = v->child; e; e = e->next) {
        char sub[SL_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, e->key, e->key_len);
        problems += check_node(c, e, sub);
    }
    return problems;
}

int sl_check_structure(sl_ctx *c, const bilim_json *root)
{
    return check_node(c, root, "");
}
