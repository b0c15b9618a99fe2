/* formats/fields.c: see fields.h. Tables, values and objects: reading a
 * value or an object through a table, unknown keys with "did you mean"
 * suggestions (paths, values as written and suggestions come from
 * formats/json_check.c), texts, and the structure checks of a whole tree
 * (duplicate keys, sizes). Files, chains and messages: fields_file.c. */
#include "formats/fields.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/i18n.h"
#include "formats/json_check.h"
#include "models/params.h"
#include "models/scenario.h"

/* --- tables ---------------------------------------------------------------------- */

int bilim_fields_find(const bilim_field_table *t, const char *key, size_t key_len)
{
    for (int i = 0; i < t->n; i++)
        if (strlen(t->fields[i].key) == key_len && memcmp(t->fields[i].key, key, key_len) == 0)
            return i;
    return -1;
}

const bilim_json *bilim_fields_given(const bilim_field_table *t, const bilim_json *const *given,
                                     const char *key)
{
    int k = bilim_fields_find(t, key, strlen(key));
    return k >= 0 ? given[k] : NULL;
}

void bilim_fields_bounds(const bilim_field *f, double *min, double *max)
{
    *min = f->min;
    *max = f->max;
    if (f->range_param) {
        const bilim_param_info *row = bilim_params_find(f->range_param);
        if (row) {
            *min = row->min;
            *max = row->max;
        }
    }
}

/* "a number in [0, 1)", "a number > 0", "a number". */
static void real_allowed(const bilim_field *f, double lo, double hi, char *buf, size_t n)
{
    if (isinf(lo) && isinf(hi))
        snprintf(buf, n, "%s", _("a number"));
    else if (isinf(hi))
        snprintf(buf, n, _("a number %s %.15g"), f->min_open ? ">" : ">=", lo);
    else if (isinf(lo))
        snprintf(buf, n, _("a number %s %.15g"), f->max_open ? "<" : "<=", hi);
    else
        snprintf(buf, n, _("a number in %c%.15g, %.15g%c"), f->min_open ? '(' : '[', lo, hi,
                 f->max_open ? ')' : ']');
}

static void names_allowed(const char *const *names, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "%s", _("one of"));
    for (int i = 0; names[i] && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s \"%s\"", i ? "," : "", names[i]);
}

const char *bilim_fields_allowed(const bilim_field *f, char *buf, size_t n)
{
    double lo, hi;
    bilim_fields_bounds(f, &lo, &hi);
    switch (f->kind) {
    case BILIM_FIELD_INT:
    case BILIM_FIELD_INT64:
        snprintf(buf, n, _("an integer from %.0f to %.0f"), lo, hi);
        break;
    case BILIM_FIELD_REAL:
        real_allowed(f, lo, hi, buf, n);
        break;
    case BILIM_FIELD_BOOL:
        snprintf(buf, n, "%s", _("true or false"));
        break;
    case BILIM_FIELD_ENUM:
        names_allowed(f->names, buf, n);
        break;
    case BILIM_FIELD_IDENT:
        snprintf(buf, n, _("a name of 1 to %d characters (letters, digits, '_', '-', '.'), "
                           "starting with a letter or digit"), BILIM_NAME_MAX - 1);
        break;
    case BILIM_FIELD_CUSTOM:
        snprintf(buf, n, "%s", f->doc);
        break;
    }
    return buf;
}

const char *bilim_fields_suggest_param(const char *name, size_t len)
{
    size_t n;
    const bilim_param_info *rows = bilim_params_table(&n);
    const char *names[256];
    n = n < 256 ? n : 256;
    for (size_t i = 0; i < n; i++)
        names[i] = rows[i].name;
    return bilim_json_suggest(name, len, names, (int)n);
}

/* --- values -------------------------------------------------------------------------- */

/* A number written the way people write amounts: "3,125,000,000", "10 000",
 * "5bn", "5 bn", "5 млрд", "250 million". Fills out with the JSON number it
 * means (%.15g); returns 0 when text is not one. */
static int amount_as_number(const char *text, char *out, size_t cap)
{
    static const struct { const char *word; double times; } words[] = {
        {"k", 1e3}, {"thousand", 1e3}, {"тыс", 1e3}, {"тыс.", 1e3}, {"мың", 1e3},
        {"m", 1e6}, {"mn", 1e6}, {"mln", 1e6}, {"million", 1e6}, {"млн", 1e6},
        {"bn", 1e9}, {"b", 1e9}, {"billion", 1e9}, {"млрд", 1e9}, {"миллиард", 1e9},
        {"трлн", 1e12}, {"trillion", 1e12}, {"tn", 1e12}};
    char digits[64];
    size_t k = 0;
    const char *q = text;
    /* Groups of three digits after separators (',' or ' '), then an optional fraction. */
    size_t lead = strspn(q, "0123456789");
    if (lead < 1)
        return 0;
    int grouped = 0;
    if (lead <= 3 && lead < sizeof digits) {
        memcpy(digits, q, lead);
        k = lead;
        q += lead;
        while ((q[0] == ',' || q[0] == ' ') && strspn(q + 1, "0123456789") == 3 && k + 3 < sizeof digits) {
            memcpy(digits + k, q + 1, 3);
            k += 3;
            q += 4;
            grouped = 1;
        }
    }
    if (!grouped) {
        k = 0;
        q = text;
    }
    char *end = NULL;
    double x;
    if (grouped) {
        digits[k] = '\0';
        x = strtod(digits, NULL);
        if (*q == '.') {
            double frac = strtod(q, &end);
            x += frac;
            q = end;
        }
    } else {
        x = strtod(text, &end);
        q = end;
    }
    while (*q == ' ')
        q++;
    double times = 1;
    if (*q) {
        times = 0;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (strcasecmp(q, words[i].word) == 0)
                times = words[i].times;
    } else if (!grouped) {
        return 0; /* a plain number in quotes: the caller's own hint */
    }
    if (!(times > 0) || !isfinite(x * times))
        return 0;
    snprintf(out, cap, "%.15g", x * times);
    return 1;
}

static void wrong_type(bilim_fields *c, const bilim_json *v, const char *path, const char *allowed)
{
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    const char *hint = "";
    char amount[64], amount_hint[200];
    if (v->type == BILIM_JSON_STRING && strlen(v->text) == v->len &&
        amount_as_number(v->text, amount, sizeof amount)) {
        snprintf(amount_hint, sizeof amount_hint, " (write it as the number %s: digits only, "
                 "without quotes, separators or units)", amount);
        hint = amount_hint;
    } else if (v->type == BILIM_JSON_STRING) {
        char *end = NULL;
        (void)strtod(v->text, &end);
        if (v->len > 0 && end && end != v->text && *end == '\0')
            hint = _(" (write numbers without quotes)");
        if (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0)
            hint = _(" (write true and false without quotes)");
    }
    if (v->type == BILIM_JSON_STRING || v->type == BILIM_JSON_NUMBER)
        bilim_fields_error(c, v, NULL, path, "found %s, %s; expected %s%s", shown,
                           _(bilim_json_type_name(v->type)), allowed, hint);
    else
        bilim_fields_error(c, v, NULL, path, "found %s; expected %s%s", shown, allowed, hint);
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

/* The text of what f allows is built only for a message: formatting bounds
 * with %g for every value read would cost more than the reading. */
static void read_int(bilim_fields *c, const bilim_json *v, const char *path, const bilim_field *f,
                     void *dst)
{
    double lo, hi;
    bilim_fields_bounds(f, &lo, &hi);
    int neg;
    uint64_t mag;
    int r = bilim_json_integer(v, &neg, &mag);
    /* Bounds are within +-2^53, so up to there the comparison is exact. */
    double x = neg ? -(double)mag : (double)mag;
    if (r == 1 || r == 2 || mag > (uint64_t)1 << 53 || x < lo || x > hi) {
        char shown[160], allowed[400];
        bilim_json_show(v, shown, sizeof shown);
        bilim_fields_error(c, v, NULL, path, "%s is %s; expected %s", shown,
                           r == 1 ? _("not an integer") : _("out of range"),
                           bilim_fields_allowed(f, allowed, sizeof allowed));
        return;
    }
    if (f->kind == BILIM_FIELD_INT64) {
        int64_t iv = (int64_t)x;
        memcpy(dst, &iv, sizeof iv);
    } else {
        int32_t iv = (int32_t)x;
        memcpy(dst, &iv, sizeof iv);
    }
}

static void read_real(bilim_fields *c, const bilim_json *v, const char *path, const bilim_field *f,
                      void *dst)
{
    double lo, hi, x;
    bilim_fields_bounds(f, &lo, &hi);
    int bad = bilim_json_number(v, &x);
    if (bad || x < lo || x > hi || (f->min_open && x == lo) || (f->max_open && x == hi)) {
        char shown[160], allowed[400];
        bilim_json_show(v, shown, sizeof shown);
        bilim_fields_error(c, v, NULL, path, "%s is %s; expected %s", shown,
                           bad ? _("not a finite number (too large for a double)")
                               : _("out of range"),
                           bilim_fields_allowed(f, allowed, sizeof allowed));
        return;
    }
    memcpy(dst, &x, sizeof x);
}

int bilim_fields_read_name(bilim_fields *c, const bilim_json *v, const char *path,
                           const char *const *names)
{
    char allowed[400];
    if (v->type != BILIM_JSON_STRING) {
        names_allowed(names, allowed, sizeof allowed);
        wrong_type(c, v, path, allowed);
        return -1;
    }
    int n = 0;
    while (names[n])
        n++;
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == v->len && memcmp(names[i], v->text, v->len) == 0)
            return i;
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    names_allowed(names, allowed, sizeof allowed);
    const char *s = bilim_json_suggest(v->text, v->len, names, n);
    if (s)
        bilim_fields_error(c, v, NULL, path, "%s is not allowed; did you mean \"%s\"? (expected %s)",
                           shown, s, allowed);
    else
        bilim_fields_error(c, v, NULL, path, "%s is not allowed; expected %s", shown, allowed);
    return -1;
}

/* A value of the wrong JSON type for f. */
static void wrong_kind(bilim_fields *c, const bilim_json *v, const char *path, const bilim_field *f)
{
    char allowed[400];
    wrong_type(c, v, path, bilim_fields_allowed(f, allowed, sizeof allowed));
}

void bilim_fields_read_value(bilim_fields *c, const bilim_json *v, const char *path,
                             const bilim_field *f, void *base)
{
    char *dst = (char *)base + f->offset;
    switch (f->kind) {
    case BILIM_FIELD_INT:
    case BILIM_FIELD_INT64:
        if (v->type != BILIM_JSON_NUMBER)
            wrong_kind(c, v, path, f);
        else
            read_int(c, v, path, f, dst);
        break;
    case BILIM_FIELD_REAL:
        if (v->type != BILIM_JSON_NUMBER)
            wrong_kind(c, v, path, f);
        else
            read_real(c, v, path, f, dst);
        break;
    case BILIM_FIELD_BOOL:
        if (v->type != BILIM_JSON_BOOL) {
            wrong_kind(c, v, path, f);
        } else {
            int32_t x = v->boolean;
            memcpy(dst, &x, sizeof x);
        }
        break;
    case BILIM_FIELD_ENUM: {
        int i = bilim_fields_read_name(c, v, path, f->names);
        if (i >= 0) {
            int32_t x = (int32_t)(f->base + i);
            memcpy(dst, &x, sizeof x);
        }
        break;
    }
    case BILIM_FIELD_IDENT:
        if (v->type != BILIM_JSON_STRING) {
            wrong_kind(c, v, path, f);
        } else if (!valid_ident(v->text, v->len)) {
            char shown[160], allowed[400];
            bilim_fields_error(c, v, NULL, path, "%s is not a valid name; expected %s",
                               bilim_json_show(v, shown, sizeof shown),
                               bilim_fields_allowed(f, allowed, sizeof allowed));
        } else {
            memset(dst, 0, BILIM_NAME_MAX);
            memcpy(dst, v->text, v->len);
        }
        break;
    case BILIM_FIELD_CUSTOM:
        break;
    }
}

int bilim_fields_expect(bilim_fields *c, const bilim_json *v, const char *path, bilim_json_type t,
                        const char *what)
{
    if (v->type == t)
        return 1;
    wrong_type(c, v, path, what);
    return 0;
}

/* --- objects -------------------------------------------------------------------------- */

void bilim_fields_unknown_key(bilim_fields *c, const bilim_json *member, const char *path,
                              const char *const *cands, int n, const char *takes)
{
    const char *s = bilim_json_suggest(member->key, member->key_len, cands, n);
    if (s) {
        bilim_fields_error_key(c, member, path, "unknown key; did you mean \"%s\"?", s);
        return;
    }
    char list[700];
    size_t k = 0;
    list[0] = '\0';
    for (int i = 0; i < n && k < sizeof list - 80; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", cands[i]);
    if (takes)
        bilim_fields_error_key(c, member, path, "unknown key; %s takes: %s", takes, list);
    else
        bilim_fields_error_key(c, member, path, "unknown key; expected one of: %s", list);
}

static void unknown_key(bilim_fields *c, const bilim_json *m, const char *path,
                        const bilim_field_table *t)
{
    const char *cands[BILIM_FIELDS_MAX_ROWS];
    int n = t->n < BILIM_FIELDS_MAX_ROWS ? t->n : BILIM_FIELDS_MAX_ROWS;
    for (int i = 0; i < n; i++)
        cands[i] = t->fields[i].key;
    bilim_fields_unknown_key(c, m, path, cands, n, NULL);
}

int bilim_fields_read_object(bilim_fields *c, const bilim_json *obj, const char *path,
                             const bilim_field_table *t, void *base, const bilim_json **given)
{
    for (int i = 0; i < t->n; i++)
        given[i] = NULL;
    char what[80];
    snprintf(what, sizeof what, _("an object {...} (%s)"), t->name);
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT, what))
        return 0;
    for (const bilim_json *m = obj->child; m; m = m->next) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, m->key, m->key_len);
        int k = bilim_fields_find(t, m->key, m->key_len);
        if (k < 0) {
            if (!t->open)
                unknown_key(c, m, sub, t);
            continue;
        }
        if (given[k])
            continue; /* a duplicate: reported by the structure check */
        given[k] = m;
        if (t->fields[k].kind != BILIM_FIELD_CUSTOM)
            bilim_fields_read_value(c, m, sub, &t->fields[k], base);
    }
    for (int i = 0; i < t->n; i++) {
        if (!t->fields[i].required || given[i])
            continue;
        char sub[BILIM_FIELDS_PATH_MAX], allowed[400];
        bilim_json_path_key(sub, sizeof sub, path, t->fields[i].key, strlen(t->fields[i].key));
        bilim_fields_error(c, obj, NULL, sub, "missing; this key is required: %s",
                           bilim_fields_allowed(&t->fields[i], allowed, sizeof allowed));
    }
    return 1;
}

const char *bilim_fields_read_text(bilim_fields *c, const bilim_json *v, const char *path,
                                   size_t max)
{
    if (!bilim_fields_expect(c, v, path, BILIM_JSON_STRING, "a string"))
        return NULL;
    /* Characters (code points), as JSON Schema's maxLength counts them. */
    size_t chars = 0;
    for (size_t i = 0; i < v->len; i++)
        chars += ((unsigned char)v->text[i] & 0xC0) != 0x80;
    if (chars > max) {
        bilim_fields_error(c, v, NULL, path, "a string of %zu characters; expected at most %zu",
                           chars, max);
        return NULL;
    }
    for (size_t i = 0; i < v->len; i++) {
        unsigned char ch = (unsigned char)v->text[i];
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F) {
            bilim_fields_error(c, v, NULL, path,
                               "contains the control character U+%04X; expected text", ch);
            return NULL;
        }
    }
    return v->text;
}
