/* formats/diags.c: see diags.h. */
#include "formats/diags.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

struct bilim_diags {
    char **msg;
    int n, cap;
    long dropped;       /* messages beyond BILIM_DIAGS_MAX */
    int nomem;          /* a message was lost for lack of memory */
    char **file;        /* the files read */
    int n_files, cap_files;
};

bilim_diags *bilim_diags_alloc(void)
{
    return bilim_calloc(1, sizeof(bilim_diags));
}

void bilim_diags_free(bilim_diags *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++)
        bilim_free(d->msg[i]);
    bilim_free(d->msg);
    for (int i = 0; i < d->n_files; i++)
        bilim_free(d->file[i]);
    bilim_free(d->file);
    bilim_free(d);
}

int bilim_diags_count(const bilim_diags *d)
{
    return d ? d->n : 0;
}

const char *bilim_diags_get(const bilim_diags *d, int i)
{
    return (d && i >= 0 && i < d->n) ? d->msg[i] : NULL;
}

long bilim_diags_total(const bilim_diags *d)
{
    return d ? d->n + d->dropped : 0;
}

int bilim_diags_full(const bilim_diags *d)
{
    return d && d->n >= BILIM_DIAGS_MAX;
}

static int push(bilim_diags *d, char *m)
{
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 16;
        char **p = bilim_realloc(d->msg, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        d->msg = p;
        d->cap = cap;
    }
    d->msg[d->n++] = m;
    return 0;
}

/* m with every control character (a newline in a path the user wrote, an
 * escape sequence) written as \uXXXX: a message is one line and never
 * drives the terminal. Frees m; NULL when out of memory. */
static char *one_line(char *m, size_t len)
{
    size_t bad = 0;
    for (size_t i = 0; i < len; i++)
        bad += (unsigned char)m[i] < 0x20 || m[i] == 0x7F;
    if (!bad)
        return m;
    char *o = bilim_malloc(len + 5 * bad + 1);
    if (o) {
        size_t k = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)m[i];
            if (ch < 0x20 || ch == 0x7F)
                k += (size_t)snprintf(o + k, 7, "\\u%04X", ch);
            else
                o[k++] = (char)ch;
        }
        o[k] = '\0';
    }
    bilim_free(m);
    return o;
}

void bilim_diags_add(bilim_diags *d, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->n >= BILIM_DIAGS_MAX) {
        d->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return;
    char *m = bilim_malloc((size_t)len + 1);
    if (!m) {
        d->nomem = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(m, (size_t)len + 1, fmt, ap);
    va_end(ap);
    if (!(m = one_line(m, (size_t)len))) {
        d->nomem = 1;
        return;
    }
    if (push(d, m)) {
        bilim_free(m);
        d->nomem = 1;
    }
}

void bilim_diags_print(const bilim_diags *d, FILE *f)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++)
        fprintf(f, "%s\n", d->msg[i]);
    if (d->dropped)
        fprintf(f, "(%ld more errors not shown; fix the ones above first)\n", d->dropped);
    if (d->nomem)
        fprintf(f, "(some messages were lost: out of memory)\n");
}

int bilim_diags_add_file(bilim_diags *d, const char *path)
{
    if (!d)
        return 0;
    if (d->n_files == d->cap_files) {
        int cap = d->cap_files ? 2 * d->cap_files : 4;
        char **p = bilim_realloc(d->file, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        d->file = p;
        d->cap_files = cap;
    }
    if (!(d->file[d->n_files] = bilim_strdup(path)))
        return -1;
    d->n_files++;
    return 0;
}

int bilim_diags_n_files(const bilim_diags *d)
{
    return d ? d->n_files : 0;
}

const char *bilim_diags_file(const bilim_diags *d, int i)
{
    return d && i >= 0 && i < d->n_files ? d->file[i] : NULL;
}

int bilim_diags_add_files(bilim_diags *to, const bilim_diags *from)
{
    for (int i = 0; i < bilim_diags_n_files(from); i++)
        if (bilim_diags_add_file(to, from->file[i]))
            return -1;
    return 0;
}

int bilim_diags_declare_inputs(const bilim_diags *d, bilim_outset *set, bilim_error *err)
{
    for (int i = 0; i < bilim_diags_n_files(d); i++) {
        int rc = bilim_outset_input(set, d->file[i], err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}
