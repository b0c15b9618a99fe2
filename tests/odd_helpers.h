/* tests/odd_helpers.h: docs/ODD.md's printed figures, for tests that check
 * them against the code (ODD(pattern, tol, values...)). A pattern is a
 * phrase of the page with {} where a number stands; white space matches
 * loosely; it must occur exactly once; each number must equal its value to
 * the printed digits (tol 0) or within tol; a number followed by '%' is a
 * fraction. Header-only: each test binary is one translation unit. */
#ifndef BILIM_TEST_ODD_HELPERS_H
#define BILIM_TEST_ODD_HELPERS_H

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "helpers.h"

/* s with every run of white space made one space (malloc'd). */
static inline char *odd_squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    cr_assert_not_null(out);
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            if (o > out && o[-1] != ' ')
                *o++ = ' ';
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static inline const char *odd_text(void)
{
    static char *text;
    if (!text) {
        char path[4096];
        snprintf(path, sizeof path, "%s/docs/ODD.md", test_source_dir());
        char *raw = test_slurp(path);
        cr_assert_not_null(raw, "cannot read %s", path);
        text = odd_squeeze(raw);
        free(raw);
    }
    return text;
}

/* The number printed at s: a sign ('-' or U+2212), digits with thousands
 * commas, decimals. *half is half a unit of its last digit. NULL when
 * none. */
static inline const char *odd_parse_number(const char *s, double *v, double *half)
{
    double sign = 1;
    if (*s == '-') {
        sign = -1;
        s++;
    } else if (strncmp(s, "\xE2\x88\x92", 3) == 0) {
        sign = -1;
        s += 3;
    }
    if (!isdigit((unsigned char)*s))
        return NULL;
    double x = 0;
    for (;; s++) {
        if (isdigit((unsigned char)*s))
            x = 10 * x + (*s - '0');
        else if (*s == ',' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
                 isdigit((unsigned char)s[3]) && !isdigit((unsigned char)s[4]))
            continue;
        else
            break;
    }
    double unit = 1;
    if (*s == '.' && isdigit((unsigned char)s[1]))
        for (s++; isdigit((unsigned char)*s); s++) {
            unit /= 10;
            x += (*s - '0') * unit;
        }
    *v = sign * x;
    *half = unit / 2;
    return s;
}

/* Matches pattern (literal text, {} for numbers) at s; the numbers into v,
 * half (a number followed by '%' as a fraction); returns how many, or -1
 * when the text differs. */
static inline int odd_match_at(const char *s, const char *pattern, double *v, double *half, int max)
{
    int n = 0;
    const char *p = pattern;
    while (*p) {
        if (p[0] == '{' && p[1] == '}') {
            cr_assert_lt(n, max);
            s = odd_parse_number(s, &v[n], &half[n]);
            if (!s)
                return -1;
            p += 2;
            if (*p == '%') {
                v[n] /= 100;
                half[n] /= 100;
            }
            n++;
        } else if (*p++ != *s++) {
            return -1;
        }
    }
    return n;
}

/* The numbers of the squeezed pattern, which must occur once in
 * docs/ODD.md, into got_v and got_half (max at most); returns how many. */
static inline int odd_find(const char *pattern, double *got_v, double *got_half, int max)
{
    char *pat = odd_squeeze(pattern);
    const char *brace = strstr(pat, "{}");
    cr_assert_not_null(brace, "no {} in '%s'", pat);
    size_t lead = (size_t)(brace - pat);
    cr_assert_gt(lead, 1, "'%s' must start with some text", pat);
    double v[128], half[128];
    int found = 0, got = 0;
    char head[256];
    snprintf(head, sizeof head, "%.*s", (int)(lead < 255 ? lead : 255), pat);
    for (const char *s = strstr(odd_text(), head); s; s = strstr(s + 1, head)) {
        int k = odd_match_at(s, pat, v, half, 128);
        if (k < 0)
            continue;
        if (found++ == 0) {
            got = k;
            cr_assert_leq(k, max, "'%s' has %d numbers, more than %d", pat, k, max);
            memcpy(got_v, v, (size_t)k * sizeof *v);
            memcpy(got_half, half, (size_t)k * sizeof *half);
        }
    }
    cr_assert_eq(found, 1, "docs/ODD.md has %d matches of '%s' (want exactly 1: update the "
                 "phrase in tests/test_odd_figures.c with the page)", found, pat);
    free(pat);
    return got;
}

/* Checks that the squeezed pattern occurs once in docs/ODD.md and that its
 * numbers are want[0..n-1], to the printed digits when tol is 0, else within
 * tol. */
static inline void odd_check(const char *pattern, double tol, const double *want, int n)
{
    char *pat = odd_squeeze(pattern);
    double got_v[128], got_half[128];
    const int got = odd_find(pattern, got_v, got_half, 128);
    cr_assert_eq(got, n, "'%s': %d numbers, %d checked", pat, got, n);
    for (int i = 0; i < n; i++) {
        const double t = tol > 0 ? tol : got_half[i] * (1 + 1e-9) + 1e-12;
        cr_expect(fabs(got_v[i] - want[i]) <= t,
                  "docs/ODD.md '%s': figure %d is %.10g, but the code gives %.10g (tolerance "
                  "%.3g)", pat, i + 1, got_v[i], want[i], t);
    }
    free(pat);
}

#define ODD(pattern, tol, ...)                                                                 \
    odd_check(pattern, tol, (const double[]){__VA_ARGS__},                                     \
              (int)(sizeof((const double[]){__VA_ARGS__}) / sizeof(double)))

#endif
