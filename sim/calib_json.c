/* sim/calib_json.c: strict JSON reading for the calibration loader (see
 * calib_json.h). */
#include "sim/calib_json.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bilim_cj_error_raw(bilim_cj *c, const char *msg)
{
    c->n_errors++;
    if (!c->errs)
        return;
    char **grown = realloc(c->errs->msg, (size_t)(c->errs->n + 1) * sizeof *grown);
    char *copy = malloc(strlen(msg) + 1);
    if (!grown || !copy) {
        if (grown)
            c->errs->msg = grown;
        free(copy);
        c->oom = 1;
        return;
    }
    strcpy(copy, msg);
    c->errs->msg = grown;
    c->errs->msg[c->errs->n++] = copy;
}

void bilim_cj_error(bilim_cj *c, const char *path, const char *fmt, ...)
{
    char body[1024], line[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (path && path[0])
        snprintf(line, sizeof line, "%s: %s: %s", c->file, path, body);
    else
        snprintf(line, sizeof line, "%s: %s", c->file, body);
    bilim_cj_error_raw(c, line);
}

void bilim_cj_describe(const cJSON *v, char *buf, size_t n)
{
    if (!v)
        snprintf(buf, n, "nothing");
    else if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.17g", v->valuedouble);
    else if (cJSON_IsString(v))
        snprintf(buf, n, "\"%.60s\"%s (a string)", v->valuestring,
                 strlen(v->valuestring) > 60 ? "..." : "");
    else if (cJSON_IsTrue(v))
        snprintf(buf, n, "true");
    else if (cJSON_IsFalse(v))
        snprintf(buf, n, "false");
    else if (cJSON_IsNull(v))
        snprintf(buf, n, "null");
    else if (cJSON_IsArray(v))
        snprintf(buf, n, "an array");
    else
        snprintf(buf, n, "an object");
}

void bilim_cj_path_key(char *buf, size_t n, const char *path, const char *key)
{
    if (path && path[0])
        snprintf(buf, n, "%s.%s", path, key);
    else
        snprintf(buf, n, "%s", key);
}

void bilim_cj_path_index(char *buf, size_t n, const char *path, int i)
{
    snprintf(buf, n, "%s[%d]", path, i);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* 1 when every '_'-separated token of word occurs in candidate
 * ("low_motivation" in "low_staff_motivation"). */
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

const char *bilim_cj_suggest(const char *word, const char *const *allowed)
{
    const char *best = NULL, *tokens = NULL;
    size_t best_d = (size_t)-1, tok_d = (size_t)-1;
    for (int i = 0; allowed[i]; i++) {
        size_t d = edit_distance(word, allowed[i]);
        if (d < best_d) {
            best_d = d;
            best = allowed[i];
        }
        if (d < tok_d && tokens_within(word, allowed[i])) {
            tok_d = d;
            tokens = allowed[i];
        }
    }
    size_t len = strlen(word);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    return best_d <= limit ? best : tokens;
}

static void list_words(const char *const *allowed, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; allowed[i] && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", allowed[i]);
}

int bilim_cj_check_keys(bilim_cj *c, const cJSON *obj, const char *path,
                        const char *const *allowed)
{
    int problems = 0;
    for (const cJSON *k = obj->child; k; k = k->next) {
        char p[512];
        bilim_cj_path_key(p, sizeof p, path, k->string);
        for (const cJSON *prev = obj->child; prev != k; prev = prev->next)
            if (strcmp(prev->string, k->string) == 0) {
                bilim_cj_error(c, p, "duplicate key '%s'; give each key once", k->string);
                problems++;
                break;
            }
        int known = 0;
        for (int i = 0; allowed[i]; i++)
            known |= strcmp(allowed[i], k->string) == 0;
        if (known)
            continue;
        const char *s = bilim_cj_suggest(k->string, allowed);
        char words[512];
        list_words(allowed, words, sizeof words);
        if (s)
            bilim_cj_error(c, p, "unknown key '%s'; did you mean '%s'? (allowed: %s)", k->string, s,
                           words);
        else
            bilim_cj_error(c, p, "unknown key '%s'; allowed: %s", k->string, words);
        problems++;
    }
    return problems;
}

const cJSON *bilim_cj_get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static const cJSON *member(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                           int required, char *p, size_t pn)
{
    bilim_cj_path_key(p, pn, path, key);
    const cJSON *v = bilim_cj_get(obj, key);
    if (!v && required)
        bilim_cj_error(c, p, "missing; this key is required");
    return v;
}

int bilim_cj_string(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, const char **out)
{
    char p[512], d[128];
    const cJSON *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    if (!cJSON_IsString(v)) {
        bilim_cj_describe(v, d, sizeof d);
        bilim_cj_error(c, p, "found %s; expected a string", d);
        return 0;
    }
    *out = v->valuestring;
    return 1;
}

int bilim_cj_number(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, double lo, double hi, double *out)
{
    char p[512], d[128];
    const cJSON *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    bilim_cj_describe(v, d, sizeof d);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
        bilim_cj_error(c, p, "found %s; expected a number from %g to %g", d, lo, hi);
        return 0;
    }
    if (v->valuedouble < lo || v->valuedouble > hi) {
        bilim_cj_error(c, p, "found %s; allowed: %g to %g", d, lo, hi);
        return 0;
    }
    *out = v->valuedouble;
    return 1;
}

int bilim_cj_positive(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                      int required, double *out)
{
    char p[512], d[128];
    const cJSON *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    bilim_cj_describe(v, d, sizeof d);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || !(v->valuedouble > 0.0)) {
        bilim_cj_error(c, p, "found %s; expected a positive number", d);
        return 0;
    }
    *out = v->valuedouble;
    return 1;
}

int bilim_cj_integer(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                     int required, int64_t lo, int64_t hi, int64_t *out)
{
    char p[512], d[128];
    const cJSON *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return 0;
    bilim_cj_describe(v, d, sizeof d);
    double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!isfinite(x) || x != floor(x) || fabs(x) > 9007199254740992.0) {
        bilim_cj_error(c, p, "found %s; expected a whole number from %lld to %lld", d,
                       (long long)lo, (long long)hi);
        return 0;
    }
    if (x < (double)lo || x > (double)hi) {
        bilim_cj_error(c, p, "found %s; allowed: %lld to %lld", d, (long long)lo, (long long)hi);
        return 0;
    }
    *out = (int64_t)x;
    return 1;
}

int bilim_cj_choice(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                    int required, const char *const *allowed, int *index)
{
    char p[512], words[512];
    const char *s;
    if (!bilim_cj_string(c, obj, path, key, required, &s))
        return 0;
    for (int i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], s) == 0) {
            *index = i;
            return 1;
        }
    bilim_cj_path_key(p, sizeof p, path, key);
    list_words(allowed, words, sizeof words);
    const char *sug = bilim_cj_suggest(s, allowed);
    if (sug)
        bilim_cj_error(c, p, "found \"%s\"; did you mean \"%s\"? (allowed: %s)", s, sug, words);
    else
        bilim_cj_error(c, p, "found \"%s\"; allowed: %s", s, words);
    return 0;
}

static const cJSON *container(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                              int required, int array)
{
    char p[512], d[128];
    const cJSON *v = member(c, obj, path, key, required, p, sizeof p);
    if (!v)
        return NULL;
    if (array ? !cJSON_IsArray(v) : !cJSON_IsObject(v)) {
        bilim_cj_describe(v, d, sizeof d);
        bilim_cj_error(c, p, "found %s; expected %s", d, array ? "an array" : "an object");
        return NULL;
    }
    return v;
}

const cJSON *bilim_cj_object(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                             int required)
{
    return container(c, obj, path, key, required, 0);
}

const cJSON *bilim_cj_array(bilim_cj *c, const cJSON *obj, const char *path, const char *key,
                            int required)
{
    return container(c, obj, path, key, required, 1);
}

cJSON *bilim_cj_parse(bilim_cj *c, const char *text)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    if (root)
        return root;
    if (!end)
        end = text;
    int line = 1, col = 1;
    for (const char *q = text; q < end && *q; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    bilim_cj_error(c, NULL, "line %d, column %d: invalid JSON near '%.20s'", line, col,
                   *end ? end : "end of file");
    return NULL;
}

char *bilim_cj_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    while (s) {
        size_t got = fread(s + len, 1, cap - len - 1, f);
        len += got;
        if (len + 1 < cap)
            break;
        char *g = realloc(s, cap * 2);
        if (!g) {
            free(s);
            s = NULL;
            break;
        }
        s = g;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!s || bad) {
        free(s);
        return NULL;
    }
    s[len] = '\0';
    return s;
}
