/* analysis/csv.c: see csv.h. */
#include "analysis/csv.h"
#include "analysis/compare_tables.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

void bilim_csv_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}

void bilim_csv_next_number(FILE *f, double x)
{
    fputc(',', f);
    bilim_csv_number(f, x);
}

void bilim_csv_next_string(FILE *f, const char *s)
{
    fputc(',', f);
    bilim_csv_string(f, s);
}

void bilim_csv_string(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A CSV file as a table sink: fields separated and numbers written in the
 * chosen format. */
typedef struct csv_sink {
    bilim__sink base;
    FILE *f;
    char sep, decimal;
    int col;
} csv_sink;

static void csv_text(bilim__sink *s, const char *v)
{
    csv_sink *o = (csv_sink *)s;
    if (o->col++)
        fputc(o->sep, o->f);
    if (!strchr(v, o->sep) && !strpbrk(v, "\"\r\n")) {
        fputs(v, o->f);
        return;
    }
    fputc('"', o->f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', o->f);
        fputc(*v, o->f);
    }
    fputc('"', o->f);
}

/* x rounded to `decimals` places, fixed notation; "" for NaN or infinity. */
static void format_fixed(char *buf, size_t n, double x, int decimals)
{
    buf[0] = '\0';
    if (!isfinite(x))
        return;
    snprintf(buf, n, "%.*f", decimals, x);
    /* "-0.00" is zero: no sign. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

void bilim_csv_fixed(FILE *f, double x, int decimals)
{
    char buf[352];
    format_fixed(buf, sizeof buf, x, decimals);
    fputs(buf, f);
}

static void csv_number(bilim__sink *s, double x, int decimals)
{
    csv_sink *o = (csv_sink *)s;
    char buf[352];
    if (o->col++)
        fputc(o->sep, o->f);
    format_fixed(buf, sizeof buf, x, decimals);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = o->decimal;
    fputs(buf, o->f);
}

static void csv_end_row(bilim__sink *s)
{
    csv_sink *o = (csv_sink *)s;
    fputc('\n', o->f);
    o->col = 0;
}

const char *bilim_csv_file_name(int k)
{
    return k >= 0 && k < BILIM_CSV_N_FILES ? bilim__compare_tables[k].file : NULL;
}

int bilim_csv_format_parse(const char *name, bilim_csv_format *fmt, bilim_error *err)
{
    if (strcmp(name, "en") == 0 || strcmp(name, "point") == 0) {
        *fmt = (bilim_csv_format){',', '.'};
        return BILIM_OK;
    }
    if (strcmp(name, "ru") == 0 || strcmp(name, "kk") == 0 || strcmp(name, "comma") == 0) {
        *fmt = (bilim_csv_format){';', ','};
        return BILIM_OK;
    }
    return bilim_error_set(err, BILIM_EUSAGE,
                           "--csv-locale %s: not a CSV format; use 'en' or 'point' (',' between "
                           "fields, '.' decimals) or 'ru', 'kk' or 'comma' (';' between fields, "
                           "',' decimals, as spreadsheets in Kazakh and Russian expect)",
                           name);
}

int bilim_csv_declare_files(bilim_outset *set, const char *dir, const char *const *names, int n,
                            int *first, bilim_error *err)
{
    int rc = BILIM_OK;
    for (int k = 0; !rc && k < n; k++) {
        size_t len = strlen(dir) + strlen(names[k]) + 2;
        char *path = bilim_malloc(len);
        if (!path)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        snprintf(path, len, "%s/%s", dir, names[k]);
        rc = bilim_outset_file(set, path, "--csv", 0, k == 0 ? first : NULL, err);
        bilim_free(path);
    }
    return rc;
}

int bilim_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err)
{
    const char *names[BILIM_CSV_N_FILES];
    for (int k = 0; k < BILIM_CSV_N_FILES; k++)
        names[k] = bilim__compare_tables[k].file;
    int rc = bilim_outset_folder(set, dir, "--csv", err);
    return rc ? rc : bilim_csv_declare_files(set, dir, names, BILIM_CSV_N_FILES, first, err);
}

int bilim_csv_write_set(const bilim_comparison *c, bilim_outset *set, int first,
                        const bilim_csv_format *fmt, bilim_error *err)
{
    for (int k = 0; k < BILIM_CSV_N_FILES; k++) {
        FILE *f = bilim_outset_stream(set, first + k, err);
        if (!f)
            return err ? err->code : BILIM_EIO;
        csv_sink o = {{csv_text, csv_number, csv_end_row, 0}, f, fmt ? fmt->sep : ',',
                      fmt ? fmt->decimal : '.', 0};
        bilim__compare_tables[k].write(c, &o.base);
    }
    return BILIM_OK;
}

int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir,
                               const bilim_csv_format *fmt, bilim_error *err)
{
    bilim_outset *set = bilim_outset_alloc();
    int first = 0;
    int rc = set ? bilim_csv_declare(set, dir, &first, err)
                 : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_outset_open(set, err);
    if (!rc)
        rc = bilim_csv_write_set(c, set, first, fmt, err);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}
