/* fuzz/fuzz_json.c: libFuzzer target for the strict JSON reader
 * (formats/json.c), the layer under both loaders.
 *
 * Any input (NUL bytes included, with its exact length) must parse or fail
 * with a position and a message, never crash or trip a sanitizer. Checked
 * as well:
 * - a failure's line and column lie within the input and its message is a
 *   non-empty line;
 * - a parsed tree is consistent: every count is its number of children,
 *   positions are at least 1:1, nesting stays within BILIM_JSON_MAX_DEPTH,
 *   decoded strings are valid UTF-8 without NUL (what json.h promises);
 * - round trip: the tree written back as JSON (strings re-escaped, numbers
 *   as written) parses to an identical tree, so decoding escapes and
 *   surrogate pairs agrees with encoding them and nothing is lost;
 * - numbers: an integer of magnitude at most 2^53 read by
 *   bilim_json_integer is exactly the double bilim_json_number gives (both
 *   read the same digits; strtod rounds correctly), and one above 2^64 - 1
 *   is at least 2^63 or overflows.
 * Built and run by fuzz/run.sh (clang -fsanitize=fuzzer). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- writing a tree back ------------------------------------------------------- */

typedef struct out {
    char *s;
    size_t n, cap;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        size_t cap = 2 * (o->n + n + 1);
        char *g = realloc(o->s, cap);
        if (!g)
            abort();
        o->s = g;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
}

static void put_string(out *o, const char *s, size_t n)
{
    put(o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(o, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(o, esc, 6);
        } else {
            put(o, (const char *)&s[i], 1);
        }
    }
    put(o, "\"", 1);
}

static void write_value(out *o, const bilim_json *v)
{
    switch (v->type) {
    case BILIM_JSON_NULL: put(o, "null", 4); break;
    case BILIM_JSON_BOOL: v->boolean ? put(o, "true", 4) : put(o, "false", 5); break;
    case BILIM_JSON_NUMBER: put(o, v->text, v->len); break;
    case BILIM_JSON_STRING: put_string(o, v->text, v->len); break;
    case BILIM_JSON_ARRAY:
    case BILIM_JSON_OBJECT: {
        int obj = v->type == BILIM_JSON_OBJECT;
        put(o, obj ? "{" : "[", 1);
        for (const bilim_json *e = v->child; e; e = e->next) {
            if (e != v->child)
                put(o, ",", 1);
            if (obj) {
                put_string(o, e->key, e->key_len);
                put(o, ":", 1);
            }
            write_value(o, e);
        }
        put(o, obj ? "}" : "]", 1);
        break;
    }
    }
}

/* --- checks --------------------------------------------------------------------- */

static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || i + len > n || c == 0)
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        uint32_t cp = len == 1 ? c : (c & (0x7F >> len));
        for (size_t k = 1; k < len; k++)
            cp = (cp << 6) | (s[i + k] & 0x3F);
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

static void check_number(const bilim_json *v)
{
    int neg;
    uint64_t mag;
    double x;
    int r = bilim_json_integer(v, &neg, &mag);
    int f = bilim_json_number(v, &x);
    if (r < 0 || r > 2 || f < -1 || f > 0)
        abort();
    if (r == 0 && mag <= (uint64_t)1 << 53 && (f != 0 || x != (neg ? -(double)mag : (double)mag)))
        abort();
    if (r == 2 && f == 0 && fabs(x) < 0x1p63)
        abort();
}

static void check_tree(const bilim_json *v, int depth, int member)
{
    if (depth > BILIM_JSON_MAX_DEPTH + 1 || v->line < 1 || v->col < 1)
        abort();
    if (member && (!v->key || v->key_line < 1 || v->key_col < 1 ||
                   !valid_utf8((const unsigned char *)v->key, v->key_len)))
        abort();
    if (v->type == BILIM_JSON_STRING && !valid_utf8((const unsigned char *)v->text, v->len))
        abort();
    if (v->type == BILIM_JSON_NUMBER)
        check_number(v);
    int n = 0;
    for (const bilim_json *e = v->child; e; e = e->next, n++)
        check_tree(e, depth + 1, v->type == BILIM_JSON_OBJECT);
    if (n != v->count || (n && v->type != BILIM_JSON_ARRAY && v->type != BILIM_JSON_OBJECT))
        abort();
}

static void same_tree(const bilim_json *a, const bilim_json *b)
{
    if (a->type != b->type || a->count != b->count || a->boolean != b->boolean ||
        a->len != b->len || (a->len && memcmp(a->text, b->text, a->len) != 0) ||
        a->key_len != b->key_len || (a->key_len && memcmp(a->key, b->key, a->key_len) != 0))
        abort();
    const bilim_json *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next)
        same_tree(x, y);
    if (x || y)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bilim_json_arena *a = bilim_json_arena_alloc();
    if (!a)
        return 0;
    bilim_json_syntax syn;
    memset(&syn, 0, sizeof syn);
    const bilim_json *root = bilim_json_parse(a, (const char *)data, size, "raw", &syn);
    if (!root) {
        size_t len = strnlen(syn.msg, sizeof syn.msg);
        if (!syn.nomem && (syn.line < 1 || syn.col < 1 || (size_t)syn.line > size + 1 ||
                           (size_t)syn.col > size + 1 || len == 0 || len == sizeof syn.msg ||
                           memchr(syn.msg, '\n', len)))
            abort();
        bilim_json_arena_free(a);
        return 0;
    }
    check_tree(root, 1, 0);
    out o = {NULL, 0, 0};
    write_value(&o, root);
    bilim_json_arena *b = bilim_json_arena_alloc();
    if (!b)
        abort();
    const bilim_json *again = bilim_json_parse(b, o.s, o.n, "written", &syn);
    if (!again)
        abort(); /* what the reader read, written back, must read */
    same_tree(root, again);
    free(o.s);
    bilim_json_arena_free(b);
    bilim_json_arena_free(a);
    return 0;
}
