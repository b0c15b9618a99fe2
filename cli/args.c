/* cli/args.c: see args.h. */
#include "cli/args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

/* strto* skip leading space; a value of " 4" is a typo to report. */
static int blank_start(const char *s)
{
    return !s || !*s || isspace((unsigned char)*s);
}

int bilim_args_parse_int(const char *s, int32_t min, int32_t max, int32_t *out)
{
    if (blank_start(s))
        return -1;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        return -1;
    *out = (int32_t)v;
    return 0;
}

int bilim_args_parse_u64(const char *s, uint64_t *out)
{
    if (blank_start(s) || *s == '-' || *s == '+')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || end == s)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int bilim_args_parse_double(const char *s, double min, double max, double *out)
{
    if (blank_start(s))
        return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static bilim_opt *find_long(bilim_opt *opts, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
            return &opts[i];
    return NULL;
}

static bilim_opt *find_short(bilim_opt *opts, int n, char c)
{
    for (int i = 0; i < n; i++)
        if (opts[i].short_name && opts[i].short_name == c)
            return &opts[i];
    return NULL;
}

static int set_value(const char *command, bilim_opt *o, const char *val, bilim_error *err)
{
    switch (o->kind) {
    case BILIM_OPT_INT: {
        int32_t v;
        if (bilim_args_parse_int(val, (int32_t)o->min, (int32_t)o->max, &v))
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: --%s expects a whole number from %.0f to %.0f, got '%s'; see 'bilim help %s'",
                                   command, o->name, o->min, o->max, val, command);
        *(int32_t *)o->dest = v;
        break;
    }
    case BILIM_OPT_U64: {
        uint64_t v;
        if (bilim_args_parse_u64(val, &v))
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: --%s expects a non-negative whole number, got '%s'; see 'bilim help %s'",
                                   command, o->name, val, command);
        *(uint64_t *)o->dest = v;
        break;
    }
    case BILIM_OPT_DOUBLE: {
        double v;
        if (bilim_args_parse_double(val, o->min, o->max, &v))
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: --%s expects a number from %g to %g, got '%s'; see 'bilim help %s'",
                                   command, o->name, o->min, o->max, val, command);
        *(double *)o->dest = v;
        break;
    }
    case BILIM_OPT_STRING:
        if (!*val)
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: --%s expects a non-empty value; see 'bilim help %s'",
                                   command, o->name, command);
        *(const char **)o->dest = val;
        break;
    case BILIM_OPT_LIST: {
        bilim_opt_list *l = o->dest;
        if (!*val || l->n >= BILIM_OPT_LIST_MAX)
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: --%s expects a non-empty value, at most %d times; "
                                   "see 'bilim help %s'", command, o->name, BILIM_OPT_LIST_MAX,
                                   command);
        l->v[l->n++] = val;
        break;
    }
    case BILIM_OPT_FLAG:
        *(int *)o->dest = 1;
        break;
    }
    o->seen = 1;
    return BILIM_OK;
}

int bilim_args_parse(const char *command, int argc, char **argv,
                     bilim_opt *opts, int n_opts,
                     const char **positional, int max_pos, int *n_pos,
                     int *want_help, bilim_error *err)
{
    *n_pos = 0;
    *want_help = 0;
    int options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            *want_help = 1;
            return BILIM_OK;
        }
        if (options_done || a[0] != '-' || a[1] == '\0') {
            if (*n_pos >= max_pos)
                return bilim_error_set(err, BILIM_EUSAGE,
                                       "bilim %s: unexpected argument '%s'; see 'bilim help %s'",
                                       command, a, command);
            positional[(*n_pos)++] = a;
            continue;
        }
        bilim_opt *o = NULL;
        const char *inline_val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            o = find_long(opts, n_opts, name, len);
            if (eq)
                inline_val = eq + 1;
        } else if (a[2] == '\0') {
            o = find_short(opts, n_opts, a[1]);
        }
        if (!o)
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "bilim %s: unknown option '%s'; see 'bilim help %s'",
                                   command, a, command);
        if (o->kind == BILIM_OPT_FLAG) {
            if (inline_val)
                return bilim_error_set(err, BILIM_EUSAGE,
                                       "bilim %s: --%s takes no value; see 'bilim help %s'",
                                       command, o->name, command);
            set_value(command, o, "", err);
            continue;
        }
        const char *val = inline_val;
        if (!val) {
            if (i + 1 >= argc)
                return bilim_error_set(err, BILIM_EUSAGE,
                                       "bilim %s: option '%s' needs a value (%s); see 'bilim help %s'",
                                       command, a, o->metavar ? o->metavar : "VALUE", command);
            val = argv[++i];
        }
        int rc = set_value(command, o, val, err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

void bilim_args_print_options(const bilim_opt *opts, int n_opts, void *file)
{
    FILE *f = file;
    for (int i = 0; i < n_opts; i++) {
        char head[64];
        const bilim_opt *o = &opts[i];
        if (o->short_name)
            snprintf(head, sizeof head, "-%c, --%s%s%s", o->short_name, o->name,
                     o->kind == BILIM_OPT_FLAG ? "" : " ",
                     o->kind == BILIM_OPT_FLAG ? "" : (o->metavar ? o->metavar : "VALUE"));
        else
            snprintf(head, sizeof head, "    --%s%s%s", o->name,
                     o->kind == BILIM_OPT_FLAG ? "" : " ",
                     o->kind == BILIM_OPT_FLAG ? "" : (o->metavar ? o->metavar : "VALUE"));
        /* Two spaces at least between an option and its text (cli/man.h). */
        fprintf(f, "  %-25s  %s\n", head, o->help);
    }
    fprintf(f, "  %-25s  %s\n", "-h, --help", "show this help and exit");
}
