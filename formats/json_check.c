/* formats/json_check.c: generic helpers for messages about strict JSON
 * (formats/json.h): JSON paths, values as written, and "did you mean"
 * suggestions. Shared by the scenario and calibration loaders. */
#include "formats/json_check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* --- paths and values ------------------------------------------------------------ */

static int plain_key(const char *k, size_t n)
{
    if (n == 0 || n > 48)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)k[i]) || k[i] == '_' || k[i] == '$' || k[i] == '-'))
            return 0;
    return 1;
}

/* Writes s (n bytes) as a quoted JSON-like string of at most about max
 * characters, escaping what a terminal should not see. */
static void quote(char *dst, size_t cap, const char *s, size_t n, size_t max)
{
    size_t o = 0;
    if (cap < 8)
        return;
    dst[o++] = '"';
    for (size_t i = 0; i < n && o + 8 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (i >= max && (ch & 0xC0) != 0x80) {
            memcpy(dst + o, "...", 3);
            o += 3;
            break;
        }
        char e[8];
        size_t k = bilim_json_escape_byte(ch, e);
        memcpy(dst + o, e, k);
        o += k;
    }
    dst[o++] = '"';
    dst[o] = '\0';
}

void bilim_json_path_key(char *dst, size_t n, const char *path, const char *key, size_t key_len)
{
    if (plain_key(key, key_len)) {
        snprintf(dst, n, "%s%s%.*s", path, *path ? "." : "", (int)key_len, key);
    } else {
        char q[120];
        quote(q, sizeof q, key, key_len, 40);
        snprintf(dst, n, "%s[%s]", path, q);
    }
}

void bilim_json_path_index(char *dst, size_t n, const char *path, int i)
{
    snprintf(dst, n, "%s[%d]", path, i);
}

const char *bilim_json_show(const bilim_json *v, char *buf, size_t n)
{
    switch (v->type) {
    case BILIM_JSON_NULL: snprintf(buf, n, "null"); break;
    case BILIM_JSON_BOOL: snprintf(buf, n, "%s", v->boolean ? "true" : "false"); break;
    case BILIM_JSON_NUMBER:
        if (v->len > 40)
            snprintf(buf, n, "%.30s... (a number)", v->text);
        else
            snprintf(buf, n, "%s", v->text);
        break;
    case BILIM_JSON_STRING: quote(buf, n, v->text, v->len, 40); break;
    case BILIM_JSON_ARRAY: snprintf(buf, n, "an array"); break;
    case BILIM_JSON_OBJECT: snprintf(buf, n, "an object"); break;
    }
    return buf;
}

/* --- suggestions ------------------------------------------------------------------- */

static int fold(int ch)
{
    return (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch;
}

/* Levenshtein distance, case-insensitive; a and b at most 64 bytes. */
static int distance(const char *a, size_t na, const char *b, size_t nb)
{
    int row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int cost = fold((unsigned char)a[i - 1]) != fold((unsigned char)b[j - 1]);
            int best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *bilim_json_suggest(const char *key, size_t key_len, const char *const *cands, int n)
{
    if (key_len == 0 || key_len > 64)
        return NULL;
    const char *best = NULL;
    int best_d = 1 << 20;
    int limit = (int)(key_len + 2) / 3;
    if (limit > 3)
        limit = 3;
    for (int i = 0; i < n; i++) {
        size_t cl = strlen(cands[i]);
        if (cl > 64)
            continue;
        int d = distance(key, key_len, cands[i], cl);
        /* "budget" for "budget_kzt": a prefix of at least 4 characters. */
        size_t m = key_len < cl ? key_len : cl;
        if (d > limit && m >= 4 && distance(key, m, cands[i], m) == 0)
            d = limit;
        if (d <= limit && d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}
