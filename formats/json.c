/* formats/json.c: see json.h. A recursive-descent reader over the
 * RFC 8259 grammar that tracks line and column byte by byte. */
#include "formats/json.h"
#include "base/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/compiler.h"

/* --- arena ------------------------------------------------------------------ */

#define ARENA_BLOCK 65536

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} arena_block;

struct bilim_json_arena {
    arena_block *head;
};

bilim_json_arena *bilim_json_arena_alloc(void)
{
    return bilim_calloc(1, sizeof(bilim_json_arena));
}

void bilim_json_arena_free(bilim_json_arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        bilim_free(b);
        b = n;
    }
    bilim_free(a);
}

void *bilim_json_arena_get(bilim_json_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = bilim_malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        /* A big one-off block goes second so the current block keeps filling. */
        if (a->head && cap > ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

/* --- parser state ------------------------------------------------------------ */

typedef struct parser {
    bilim_json_arena *a;
    const unsigned char *s;
    size_t n, i;
    int line, col;
    const char *file;
    bilim_json_syntax *syn;
    int failed;
} parser;

static int peek(const parser *p)
{
    return p->i < p->n ? p->s[p->i] : -1;
}

/* Consumes one byte; columns count characters, so UTF-8 continuation bytes
 * do not advance them. */
static void adv(parser *p)
{
    unsigned char c = p->s[p->i++];
    if (c == '\n') {
        p->line++;
        p->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        p->col++;
    }
}

static void fail_at(parser *p, int line, int col, const char *fmt, ...)
    BILIM_PRINTF(4, 5);

static void fail_at(parser *p, int line, int col, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->syn->line = line;
    p->syn->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->syn->msg, sizeof p->syn->msg, fmt, ap);
    va_end(ap);
}

#define FAIL(p, ...) fail_at((p), (p)->line, (p)->col, __VA_ARGS__)

static void nomem(parser *p)
{
    FAIL(p, "out of memory");
    p->syn->nomem = 1;
}

/* A printable description of the byte at the cursor, for messages. */
static const char *describe(const parser *p, char *buf, size_t n)
{
    int c = peek(p);
    if (c < 0)
        snprintf(buf, n, "the end of the file");
    else if (c == 0)
        snprintf(buf, n, "a NUL byte (is this a text file?)");
    else if (c >= 0x21 && c < 0x7F)
        snprintf(buf, n, "'%c'", c);
    else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        snprintf(buf, n, "white space");
    else
        snprintf(buf, n, "the byte 0x%02X", (unsigned)c);
    return buf;
}

static void skip_ws(parser *p)
{
    for (;;) {
        int c = peek(p);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            adv(p);
        else
            return;
    }
}

static bilim_json *new_node(parser *p, bilim_json_type t, int line, int col)
{
    bilim_json *j = bilim_json_arena_get(p->a, sizeof *j);
    if (!j) {
        nomem(p);
        return NULL;
    }
    j->type = t;
    j->line = line;
    j->col = col;
    j->file = p->file;
    return j;
}

static bilim_json *parse_value(parser *p, int depth);

/* --- strings ----------------------------------------------------------------- */

static int hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int c = s[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(unsigned char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of a valid UTF-8 sequence at s[0..avail), or 0 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < len)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Decodes the escape at the cursor (on the backslash) into out[*o...]. */
static int parse_escape(parser *p, unsigned char *out, size_t *o)
{
    int el = p->line, ec = p->col;
    adv(p);
    int e = peek(p);
    unsigned cp;
    static const char plain[] = "\"\\/bfnrt", value[] = "\"\\/\b\f\n\r\t";
    const char *hit = e > 0 ? strchr(plain, e) : NULL;
    if (hit && e != 'u') {
        out[(*o)++] = (unsigned char)value[hit - plain];
        adv(p);
        return 0;
    }
    if (e != 'u') {
        fail_at(p, el, ec, "invalid escape in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        return -1;
    }
    adv(p); /* u */
    if (p->n - p->i < 4 || hex4(p->s + p->i, &cp)) {
        fail_at(p, el, ec, "\\u must be followed by four hexadecimal digits");
        return -1;
    }
    for (int k = 0; k < 4; k++)
        adv(p);
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        fail_at(p, el, ec, "\\u%04X is a lone low surrogate; not a character", cp);
        return -1;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo;
        if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u' ||
            hex4(p->s + p->i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            fail_at(p, el, ec, "\\u%04X is a high surrogate not followed by a low surrogate \\uDC00-\\uDFFF", cp);
            return -1;
        }
        for (int k = 0; k < 6; k++)
            adv(p);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    if (cp == 0) {
        fail_at(p, el, ec, "\\u0000 (NUL) is not allowed in strings");
        return -1;
    }
    *o += put_utf8(out + *o, cp);
    return 0;
}

/* Reads a string at the cursor (which is on the opening quote) into the
 * arena; returns its decoded text and length, or NULL on error. */
static const char *parse_string(parser *p, size_t *out_len)
{
    int line0 = p->line, col0 = p->col;
    /* First pass: find the closing quote to size the buffer. */
    size_t j = p->i + 1;
    while (j < p->n && p->s[j] != '"') {
        if (p->s[j] == '\\')
            j++;
        j++;
    }
    if (j >= p->n) {
        fail_at(p, line0, col0, "unterminated string: no closing '\"'");
        return NULL;
    }
    unsigned char *out = bilim_json_arena_get(p->a, j - p->i);
    if (!out) {
        nomem(p);
        return NULL;
    }
    size_t o = 0;
    adv(p); /* opening quote */
    for (;;) {
        int c = peek(p);
        if (c == '"') {
            adv(p);
            break;
        }
        if (c < 0x20) {
            if (c == '\n' || c == '\r')
                FAIL(p, "line break inside a string; close the string on the same line or write \\n");
            else
                FAIL(p, "control character U+%04X inside a string; write it as an escape such as \\t or \\u%04X",
                     (unsigned)c, (unsigned)c);
            return NULL;
        }
        if (c == '\\') {
            if (parse_escape(p, out, &o))
                return NULL;
            continue;
        }
        if (c < 0x80) {
            out[o++] = (unsigned char)c;
            adv(p);
            continue;
        }
        size_t ul = utf8_len(p->s + p->i, p->n - p->i);
        if (!ul) {
            FAIL(p, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", (unsigned)c);
            return NULL;
        }
        for (size_t k = 0; k < ul; k++) {
            out[o++] = p->s[p->i];
            adv(p);
        }
    }
    out[o] = '\0';
    *out_len = o;
    return (const char *)out;
}

/* --- numbers and literals ---------------------------------------------------- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_word(int c)
{
    return c >= 0 && c < 0x80 && (isalnum(c) || c == '_');
}

static bilim_json *parse_number(parser *p)
{
    int line0 = p->line, col0 = p->col;
    size_t start = p->i;
    if (peek(p) == '-')
        adv(p);
    if (peek(p) == '0') {
        adv(p);
        if (is_digit(peek(p))) {
            fail_at(p, line0, col0, "numbers must not have leading zeros (write 7, not 07)");
            return NULL;
        }
    } else if (is_digit(peek(p))) {
        while (is_digit(peek(p)))
            adv(p);
    } else {
        FAIL(p, "expected a digit after '-'");
        return NULL;
    }
    if (peek(p) == '.') {
        adv(p);
        if (!is_digit(peek(p))) {
            FAIL(p, "expected a digit after the decimal point (write 1.0, not 1.)");
            return NULL;
        }
        while (is_digit(peek(p)))
            adv(p);
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        adv(p);
        if (peek(p) == '+' || peek(p) == '-')
            adv(p);
        if (!is_digit(peek(p))) {
            FAIL(p, "expected a digit in the exponent");
            return NULL;
        }
        while (is_digit(peek(p)))
            adv(p);
    }
    if (is_word(peek(p)) || peek(p) == '.') {
        char d[48];
        FAIL(p, "unexpected %s in a number", describe(p, d, sizeof d));
        return NULL;
    }
    bilim_json *j = new_node(p, BILIM_JSON_NUMBER, line0, col0);
    if (!j)
        return NULL;
    size_t len = p->i - start;
    char *t = bilim_json_arena_get(p->a, len + 1);
    if (!t) {
        nomem(p);
        return NULL;
    }
    memcpy(t, p->s + start, len);
    j->text = t;
    j->len = len;
    return j;
}

static bilim_json *parse_word(parser *p)
{
    int line0 = p->line, col0 = p->col;
    char w[24];
    size_t k = 0;
    size_t save = p->i;
    int sl = p->line, sc = p->col;
    while (is_word(peek(p)) && k < sizeof w - 1) {
        w[k++] = (char)peek(p);
        adv(p);
    }
    w[k] = '\0';
    if (is_word(peek(p)))
        k = sizeof w; /* too long to be a literal */
    bilim_json *j = NULL;
    if (strcmp(w, "true") == 0 || strcmp(w, "false") == 0) {
        j = new_node(p, BILIM_JSON_BOOL, line0, col0);
        if (j)
            j->boolean = w[0] == 't';
        return j;
    }
    if (strcmp(w, "null") == 0)
        return new_node(p, BILIM_JSON_NULL, line0, col0);
    p->i = save;
    p->line = sl;
    p->col = sc;
    if (strcmp(w, "NaN") == 0 || strcmp(w, "Infinity") == 0 || strcmp(w, "inf") == 0 ||
        strcmp(w, "nan") == 0)
        FAIL(p, "%s is not a JSON number; numbers must be finite, such as 0.5 or 1e6", w);
    else if (strcmp(w, "True") == 0 || strcmp(w, "False") == 0 || strcmp(w, "NULL") == 0 ||
             strcmp(w, "None") == 0 || strcmp(w, "Null") == 0)
        FAIL(p, "'%s' is not JSON; the literals are lower-case: true, false, null", w);
    else if (k < sizeof w)
        FAIL(p, "unexpected word '%s'; strings must be in double quotes", w);
    else
        FAIL(p, "unexpected text; strings must be in double quotes");
    return NULL;
}

/* --- arrays and objects ------------------------------------------------------ */

static void append(bilim_json *parent, bilim_json **tail, bilim_json *child)
{
    if (*tail)
        (*tail)->next = child;
    else
        parent->child = child;
    *tail = child;
    parent->count++;
}

static bilim_json *parse_array(parser *p, int depth)
{
    bilim_json *arr = new_node(p, BILIM_JSON_ARRAY, p->line, p->col);
    if (!arr)
        return NULL;
    adv(p); /* [ */
    skip_ws(p);
    if (peek(p) == ']') {
        adv(p);
        return arr;
    }
    bilim_json *tail = NULL;
    for (;;) {
        skip_ws(p);
        if (peek(p) == ']') {
            FAIL(p, "trailing comma before ']'; remove it");
            return NULL;
        }
        bilim_json *v = parse_value(p, depth + 1);
        if (!v)
            return NULL;
        append(arr, &tail, v);
        skip_ws(p);
        int c = peek(p);
        if (c == ',') {
            adv(p);
            continue;
        }
        if (c == ']') {
            adv(p);
            return arr;
        }
        char d[48];
        if (c == '/')
            FAIL(p, "comments are not allowed in JSON; use a \"notes\" field instead");
        else
            FAIL(p, "expected ',' or ']' after an array element, found %s", describe(p, d, sizeof d));
        return NULL;
    }
}

/* "budget_kzt": 3,125,000,000 reads as the member 3 and then a key 125: when
 * the last member's value is 1 to 3 digits and groups of three digits follow,
 * out gets the number without separators. Returns 1 when it looks so. */
static int thousands(const parser *p, const bilim_json *last, char *out, size_t cap)
{
    if (!last || last->type != BILIM_JSON_NUMBER || last->len > 3 || cap < 32)
        return 0;
    for (size_t i = 0; i < last->len; i++)
        if (!isdigit((unsigned char)last->text[i]))
            return 0;
    size_t k = (size_t)snprintf(out, cap, "%.*s", (int)last->len, last->text);
    for (size_t i = p->i;;) {
        size_t j = i;
        while (j < p->n && isdigit(p->s[j]))
            j++;
        if (j - i != 3)
            return 0;
        if (k + 4 <= cap) {
            memcpy(out + k, p->s + i, 3);
            k += 3;
            out[k] = '\0';
        }
        if (j + 1 < p->n && p->s[j] == ',' && isdigit(p->s[j + 1])) {
            i = j + 1;
            continue;
        }
        return 1;
    }
}

static bilim_json *parse_object(parser *p, int depth)
{
    bilim_json *obj = new_node(p, BILIM_JSON_OBJECT, p->line, p->col);
    if (!obj)
        return NULL;
    adv(p); /* { */
    skip_ws(p);
    if (peek(p) == '}') {
        adv(p);
        return obj;
    }
    bilim_json *tail = NULL;
    for (;;) {
        skip_ws(p);
        int c = peek(p);
        char d[48];
        if (c == '}') {
            FAIL(p, "trailing comma before '}'; remove it");
            return NULL;
        }
        if (c != '"') {
            if (c == '/')
                FAIL(p, "comments are not allowed in JSON; use a \"notes\" field instead");
            else if (c == '\'')
                FAIL(p, "keys must be in double quotes, not single quotes");
            else if (thousands(p, tail, d, sizeof d))
                fail_at(p, tail->line, tail->col, "a number with thousands separators: JSON numbers "
                        "have none; write %s", d);
            else if (is_word(c))
                FAIL(p, "keys must be strings in double quotes");
            else
                FAIL(p, "expected a key in double quotes, found %s", describe(p, d, sizeof d));
            return NULL;
        }
        int kl = p->line, kc = p->col;
        size_t klen;
        const char *key = parse_string(p, &klen);
        if (!key)
            return NULL;
        skip_ws(p);
        if (peek(p) != ':') {
            char q[200];
            FAIL(p, "expected ':' after the key %s, found %s",
                 bilim_json_quote(q, sizeof q, key, klen, 40), describe(p, d, sizeof d));
            return NULL;
        }
        adv(p);
        bilim_json *v = parse_value(p, depth + 1);
        if (!v)
            return NULL;
        v->key = key;
        v->key_len = klen;
        v->key_line = kl;
        v->key_col = kc;
        append(obj, &tail, v);
        skip_ws(p);
        c = peek(p);
        if (c == ',') {
            adv(p);
            continue;
        }
        if (c == '}') {
            adv(p);
            return obj;
        }
        if (c == '/')
            FAIL(p, "comments are not allowed in JSON; use a \"notes\" field instead");
        else if (c == '"')
            FAIL(p, "missing ',' between object members");
        else {
            char q[200];
            FAIL(p, "expected ',' or '}' after the member %s, found %s",
                 bilim_json_quote(q, sizeof q, key, klen, 40), describe(p, d, sizeof d));
        }
        return NULL;
    }
}

static bilim_json *parse_value(parser *p, int depth)
{
    skip_ws(p);
    if (depth > BILIM_JSON_MAX_DEPTH) {
        FAIL(p, "nesting deeper than %d levels", BILIM_JSON_MAX_DEPTH);
        return NULL;
    }
    int c = peek(p);
    char d[48];
    switch (c) {
    case '{':
        return parse_object(p, depth);
    case '[':
        return parse_array(p, depth);
    case '"': {
        int l = p->line, k = p->col;
        size_t len;
        const char *s = parse_string(p, &len);
        if (!s)
            return NULL;
        bilim_json *j = new_node(p, BILIM_JSON_STRING, l, k);
        if (j) {
            j->text = s;
            j->len = len;
        }
        return j;
    }
    case '-':
        return parse_number(p);
    case '/':
        FAIL(p, "comments are not allowed in JSON; use a \"notes\" field instead");
        return NULL;
    case '\'':
        FAIL(p, "strings must be in double quotes, not single quotes");
        return NULL;
    case '+':
    case '.':
        FAIL(p, "a number must start with a digit or '-' (write 0.5, not .5 or +0.5)");
        return NULL;
    case ']':
    case '}':
        FAIL(p, "expected a value, found '%c'", c);
        return NULL;
    case -1:
        FAIL(p, "unexpected end of file; expected a value");
        return NULL;
    default:
        if (is_digit(c))
            return parse_number(p);
        if (is_word(c))
            return parse_word(p);
        FAIL(p, "expected a value (object, array, string, number, true, false or null), found %s",
             describe(p, d, sizeof d));
        return NULL;
    }
}

bilim_json *bilim_json_parse(bilim_json_arena *a, const char *text, size_t len,
                             const char *file, bilim_json_syntax *syn)
{
    parser p = {a, (const unsigned char *)text, len, 0, 1, 1, file, syn, 0};
    memset(syn, 0, sizeof *syn);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3; /* byte order mark */
    skip_ws(&p);
    if (p.i == p.n) {
        FAIL(&p, "the file is empty; expected a JSON object {...}");
        return NULL;
    }
    bilim_json *root = parse_value(&p, 1);
    if (!root)
        return NULL;
    skip_ws(&p);
    if (p.i < p.n) {
        char d[48];
        if (peek(&p) == '/')
            FAIL(&p, "comments are not allowed in JSON; use a \"notes\" field instead");
        else
            FAIL(&p, "unexpected %s after the end of the JSON value", describe(&p, d, sizeof d));
        return NULL;
    }
    return root;
}

/* --- access ------------------------------------------------------------------- */

bilim_json *bilim_json_get(const bilim_json *obj, const char *key)
{
    if (!obj || obj->type != BILIM_JSON_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (bilim_json *m = obj->child; m; m = m->next)
        if (m->key_len == kl && memcmp(m->key, key, kl) == 0)
            return m;
    return NULL;
}

int bilim_json_number(const bilim_json *num, double *out)
{
    errno = 0;
    double v = strtod(num->text, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int bilim_json_integer(const bilim_json *num, int *neg, uint64_t *mag)
{
    const char *s = num->text;
    *neg = 0;
    if (*s == '-') {
        *neg = 1;
        s++;
    }
    /* Significant digits D and decimal exponent E: value = D * 10^E. */
    const char *ip = s;
    size_t ni = 0;
    while (is_digit(ip[ni]))
        ni++;
    const char *fp = ip + ni;
    size_t nf = 0;
    if (*fp == '.') {
        fp++;
        while (is_digit(fp[nf]))
            nf++;
    }
    const char *ep = fp + nf;
    long long exp = 0;
    if (*ep == 'e' || *ep == 'E') {
        ep++;
        int eneg = 0;
        if (*ep == '+' || *ep == '-')
            eneg = *ep++ == '-';
        /* Saturates far above any digit count a 1 MiB file can hold. */
        while (is_digit(*ep)) {
            if (exp < 1000000000000LL)
                exp = exp * 10 + (*ep - '0');
            ep++;
        }
        if (eneg)
            exp = -exp;
    }
    /* Digits in order, as one sequence: ip[0..ni) then fp[0..nf). */
    size_t total = ni + nf;
#define DIGIT(k) ((k) < ni ? ip[(k)] : fp[(k) - ni])
    size_t first = 0;
    while (first < total && DIGIT(first) == '0')
        first++;
    size_t last = total; /* one past the last non-zero digit */
    while (last > first && DIGIT(last - 1) == '0')
        last--;
    *mag = 0;
    if (first == last)
        return 0; /* zero */
    /* Value = digits[first..last) * 10^(exp - nf + (total - last)). */
    long long e = exp - (long long)nf + (long long)(total - last);
    if (e < 0)
        return 1;
    if ((long long)(last - first) + e > 20)
        return 2;
    uint64_t v = 0;
    for (size_t k = first; k < last; k++) {
        unsigned dgt = (unsigned)(DIGIT(k) - '0');
        if (v > (UINT64_MAX - dgt) / 10)
            return 2;
        v = v * 10 + dgt;
    }
    for (long long k = 0; k < e; k++) {
        if (v > UINT64_MAX / 10)
            return 2;
        v *= 10;
    }
#undef DIGIT
    *mag = v;
    return 0;
}

const char *bilim_json_type_name(bilim_json_type t)
{
    switch (t) {
    case BILIM_JSON_NULL: return "null";
    case BILIM_JSON_BOOL: return N_("a boolean");
    case BILIM_JSON_NUMBER: return N_("a number");
    case BILIM_JSON_STRING: return N_("a string");
    case BILIM_JSON_ARRAY: return N_("an array");
    case BILIM_JSON_OBJECT: return N_("an object");
    }
    return N_("a value");
}

size_t bilim_json_escape_byte(unsigned char ch, char out[8])
{
    if (ch == '"' || ch == '\\') {
        out[0] = '\\';
        out[1] = (char)ch;
        out[2] = '\0';
        return 2;
    }
    if (ch == '\n' || ch == '\t') {
        out[0] = '\\';
        out[1] = ch == '\n' ? 'n' : 't';
        out[2] = '\0';
        return 2;
    }
    if (ch < 0x20 || ch == 0x7F)
        return (size_t)snprintf(out, 8, "\\u%04X", ch);
    out[0] = (char)ch;
    out[1] = '\0';
    return 1;
}

void bilim_json_write_string(const char *s, void (*put)(void *ctx, const char *text, size_t n),
                             void *ctx)
{
    put(ctx, "\"", 1);
    const char *run = s; /* bytes that need no escape go out in runs */
    for (const char *p = s; *p; p++) {
        char e[8];
        size_t n = bilim_json_escape_byte((unsigned char)*p, e);
        if (n == 1)
            continue;
        if (p > run)
            put(ctx, run, (size_t)(p - run));
        put(ctx, e, n);
        run = p + 1;
    }
    const char *end = run + strlen(run);
    if (end > run)
        put(ctx, run, (size_t)(end - run));
    put(ctx, "\"", 1);
}

const char *bilim_json_quote(char *dst, size_t cap, const char *s, size_t n, size_t max)
{
    if (cap < 8) {
        if (cap)
            dst[0] = '\0';
        return dst;
    }
    size_t o = 0, chars = 0;
    dst[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch & 0xC0) != 0x80) {
            /* Room for this character (at most 6 bytes), "...", '"' and NUL. */
            if (chars++ >= max || o + 12 > cap) {
                memcpy(dst + o, "...", 3);
                o += 3;
                break;
            }
        } else if (o + 6 > cap) {
            break;
        }
        char e[8];
        size_t k = bilim_json_escape_byte(ch, e);
        memcpy(dst + o, e, k);
        o += k;
    }
    dst[o++] = '"';
    dst[o] = '\0';
    return dst;
}
