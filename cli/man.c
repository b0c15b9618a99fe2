/* cli/man.c: see man.h. */
#include "cli/man.h"

#include <ctype.h>
#include <string.h>
#include "base/alloc.h"

typedef struct line {
    const char *s;
    size_t n;
} line;

typedef enum kind {
    K_PARA, K_SYNOPSIS, K_EXIT, K_OPTIONS, K_COMMANDS, K_ENV, K_EXAMPLES, K_SUB
} kind;

typedef struct block {
    kind k;
    int first, n; /* lines [first, first + n) */
} block;

typedef struct doc {
    line *lines;
    int n_lines;
    block *blocks;
    int n_blocks;
} doc;

void bilim_man_text(FILE *out, const char *s, size_t n)
{
    if (n > 0 && (s[0] == '.' || s[0] == '\''))
        fputs("\\&", out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            fputs("\\e", out);
        else if (s[i] == '-')
            fputs("\\-", out);
        else
            fputc(s[i], out);
    }
}

static void text(FILE *out, const char *s)
{
    bilim_man_text(out, s, strlen(s));
}

static int blank(const line *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!isspace((unsigned char)l->s[i]))
            return 0;
    return 1;
}

static int starts(const line *l, const char *prefix)
{
    size_t k = strlen(prefix);
    return l->n >= k && memcmp(l->s, prefix, k) == 0;
}

static int is(const line *l, const char *s)
{
    return l->n == strlen(s) && memcmp(l->s, s, l->n) == 0;
}

static size_t indent(const line *l)
{
    size_t i = 0;
    while (i < l->n && l->s[i] == ' ')
        i++;
    return i;
}

/* "Words:" alone on its line: a heading. */
static int heading(const line *l)
{
    if (l->n < 2 || l->s[l->n - 1] != ':' || !isupper((unsigned char)l->s[0]))
        return 0;
    for (size_t i = 0; i + 1 < l->n; i++)
        if (!isalpha((unsigned char)l->s[i]) && l->s[i] != ' ')
            return 0;
    return 1;
}

static kind classify(const line *l)
{
    if (starts(l, "Usage: "))
        return K_SYNOPSIS;
    if (starts(l, "Exit status: "))
        return K_EXIT;
    if (!heading(l))
        return K_PARA;
    if (is(l, "Options:"))
        return K_OPTIONS;
    if (is(l, "Commands:"))
        return K_COMMANDS;
    if (is(l, "Environment:"))
        return K_ENV;
    if (is(l, "Example:") || is(l, "Examples:"))
        return K_EXAMPLES;
    return K_SUB;
}

/* Splits text into lines and blank-line-separated blocks. */
static int parse(const char *t, doc *d)
{
    int cap = 1;
    for (const char *p = t; *p; p++)
        cap += *p == '\n';
    d->lines = bilim_calloc((size_t)cap, sizeof *d->lines);
    d->blocks = bilim_calloc((size_t)cap, sizeof *d->blocks);
    if (!d->lines || !d->blocks)
        return BILIM_ENOMEM;
    for (const char *p = t; *p;) {
        size_t n = strcspn(p, "\n");
        d->lines[d->n_lines++] = (line){p, n};
        p += n + (p[n] == '\n');
    }
    for (int i = 0; i < d->n_lines;) {
        if (blank(&d->lines[i])) {
            i++;
            continue;
        }
        block *b = &d->blocks[d->n_blocks++];
        b->first = i;
        b->k = classify(&d->lines[i]);
        while (i < d->n_lines && !blank(&d->lines[i]))
            i++;
        b->n = i - b->first;
    }
    return BILIM_OK;
}

/* Paragraph lines; those indented by two spaces or more verbatim. */
static void para(FILE *out, const line *l, int n)
{
    int verbatim = 0;
    fputs(".PP\n", out);
    for (int i = 0; i < n; i++) {
        int ind = indent(&l[i]) >= 2;
        if (ind != verbatim)
            fputs(ind ? ".RS 4\n.nf\n" : ".fi\n.RE\n", out);
        verbatim = ind;
        size_t skip = ind ? 2 : 0;
        bilim_man_text(out, l[i].s + skip, l[i].n - skip);
        fputc('\n', out);
    }
    if (verbatim)
        fputs(".fi\n.RE\n", out);
}

/* "-o, --output FILE": options bold, their values italic; for commands and
 * variables only the first word is bold. */
static void item_head(FILE *out, const char *s, size_t n, int options)
{
    int word = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        while (i + len < n && s[i + len] != ' ')
            len++;
        size_t comma = len > 0 && s[i + len - 1] == ',';
        if (options ? s[i] == '-' : word == 0) {
            fputs("\\fB", out);
            bilim_man_text(out, s + i, len - comma);
            fputs("\\fR", out);
        } else if (options) {
            fputs("\\fI", out);
            bilim_man_text(out, s + i, len - comma);
            fputs("\\fR", out);
        } else {
            bilim_man_text(out, s + i, len - comma);
        }
        if (comma)
            fputc(',', out);
        i += len;
        while (i < n && s[i] == ' ')
            fputc(s[i++], out);
        word++;
    }
}

/* Where the head of "HEAD  text" ends (two spaces), or NULL. */
static const char *gap_of(const char *s, size_t len)
{
    for (size_t k = 0; k + 1 < len; k++)
        if (s[k] == ' ' && s[k + 1] == ' ')
            return s + k;
    return NULL;
}

/* "  HEAD  text" items (or an option alone) as tagged paragraphs; a line
 * with neither continues the text of the item above. */
static void items(FILE *out, const line *l, int n, int options)
{
    for (int i = 0; i < n; i++) {
        size_t ind = indent(&l[i]);
        const char *s = l[i].s + ind;
        size_t len = l[i].n - ind;
        const char *gap = gap_of(s, len);
        if (i > 0 && !gap && !(options && s[0] == '-')) { /* a continuation */
            bilim_man_text(out, s, len);
            fputc('\n', out);
            continue;
        }
        size_t head = gap ? (size_t)(gap - s) : len;
        fputs(".TP\n", out);
        item_head(out, s, head, options);
        fputc('\n', out);
        if (gap) {
            while (*gap == ' ')
                gap++;
            bilim_man_text(out, gap, len - (size_t)(gap - s));
            fputc('\n', out);
        }
    }
}

static void verbatim(FILE *out, const line *l, int n)
{
    fputs(".PP\n.RS 4\n.nf\n", out);
    for (int i = 0; i < n; i++) {
        size_t skip = indent(&l[i]) >= 2 ? 2 : indent(&l[i]);
        bilim_man_text(out, l[i].s + skip, l[i].n - skip);
        fputc('\n', out);
    }
    fputs(".fi\n.RE\n", out);
}

/* "Usage: bilim run ARGS" and its continuation lines: "bilim" and the
 * command name bold. */
static void synopsis(FILE *out, const line *l, int n)
{
    fputs(".nf\n", out);
    for (int i = 0; i < n; i++) {
        size_t skip = starts(&l[i], "Usage: ") ? 7 : indent(&l[i]);
        const char *s = l[i].s + skip;
        size_t len = l[i].n - skip, bold = 0;
        for (int words = 0; words < 2 && bold < len; words++) {
            size_t w = bold + (words > 0); /* past the space */
            if (words > 0 && !(w < len && islower((unsigned char)s[w])))
                break; /* "bilim --version": only "bilim" */
            while (w < len && s[w] != ' ')
                w++;
            bold = w;
        }
        fputs("\\fB", out);
        bilim_man_text(out, s, bold);
        fputs("\\fR", out);
        bilim_man_text(out, s + bold, len - bold);
        fputc('\n', out);
    }
    fputs(".fi\n", out);
}

static void section(FILE *out, const doc *d, kind k, const char *title, int *shown)
{
    for (int i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        if (b->k != k)
            continue;
        if (!*shown)
            fprintf(out, ".SH %s\n", title);
        *shown = 1;
        const line *l = &d->lines[b->first];
        switch (k) {
        case K_SYNOPSIS:
            synopsis(out, l, b->n);
            break;
        case K_EXIT: {
            line first = {l->s + 13, l->n - 13}; /* after "Exit status: " */
            fputs(".PP\n", out);
            bilim_man_text(out, first.s, first.n);
            fputc('\n', out);
            for (int j = 1; j < b->n; j++) {
                bilim_man_text(out, l[j].s, l[j].n);
                fputc('\n', out);
            }
            break;
        }
        case K_OPTIONS:
        case K_COMMANDS:
        case K_ENV:
            items(out, l + 1, b->n - 1, k == K_OPTIONS);
            break;
        case K_EXAMPLES:
            verbatim(out, l + 1, b->n - 1);
            break;
        default:
            break;
        }
    }
}

/* Paragraphs, and subsections for unknown headings, in their order. */
static void description(FILE *out, const doc *d)
{
    fputs(".SH DESCRIPTION\n", out);
    for (int i = 0; i < d->n_blocks; i++) {
        const block *b = &d->blocks[i];
        const line *l = &d->lines[b->first];
        if (b->k == K_PARA) {
            para(out, l, b->n);
        } else if (b->k == K_SUB) {
            fputs(".SS ", out);
            bilim_man_text(out, l->s, l->n - 1);
            fputc('\n', out);
            items(out, l + 1, b->n - 1, 0);
        }
    }
}

static void files(FILE *out, const bilim_man_page *pg)
{
    fputs(".SH FILES\n.TP\n.I ", out);
    text(out, pg->datadir);
    fputs("/scenarios/\nthe shipped scenarios and their JSON Schema (schema.json), the "
          "calibration files (calibration/) and the calibrated parameter file (params/). "
          "A scenario named on the command line that is not in the current directory is "
          "read from here (bilim(1)).\n.TP\n.I ", out);
    text(out, pg->datadir);
    fputs("/data/\nnational figures and survey targets, with their sources (README.md).\n"
          ".TP\n.I ", out);
    text(out, pg->docdir);
    fputs("/\nREADME.md, and in docs/ the model description (ODD.md), the parameters, the "
          "scenario and result file formats, the comparison statistics and the calibration, in "
          "Markdown.\n", out);
}

static void see_also(FILE *out, const bilim_man_page *pg)
{
    if (pg->n_see_also == 0)
        return;
    fputs(".SH SEE ALSO\n", out);
    for (int i = 0; i < pg->n_see_also; i++) {
        fputs(".BR ", out);
        text(out, pg->see_also[i]);
        fputs(i + 1 < pg->n_see_also ? " (1),\n" : " (1)\n", out);
    }
}

int bilim_man_write(const bilim_man_page *pg, FILE *out, bilim_error *err)
{
    doc d;
    memset(&d, 0, sizeof d);
    int rc = parse(pg->help, &d);
    if (rc) {
        bilim_free(d.lines);
        bilim_free(d.blocks);
        return bilim_error_set(err, rc, "out of memory");
    }
    fputs(".\\\" Generated by `bilim help --man` from the text of `bilim help`; do not edit.\n"
          ".TH \"", out);
    for (const char *p = pg->name; *p; p++) { /* "BILIM\-RUN" */
        if (*p == '-')
            fputs("\\-", out);
        else
            fputc(toupper((unsigned char)*p), out);
    }
    fputs("\" 1 \"\" \"bilim ", out);
    text(out, pg->version);
    fputs("\" \"bilim manual\"\n.SH NAME\n", out);
    text(out, pg->name);
    fputs(" \\- ", out);
    text(out, pg->summary);
    fputc('\n', out);
    int shown = 0;
    section(out, &d, K_SYNOPSIS, "SYNOPSIS", &shown);
    description(out, &d);
    const struct {
        kind k;
        const char *title;
    } order[] = {{K_COMMANDS, "COMMANDS"}, {K_OPTIONS, "OPTIONS"}, {K_EXIT, "EXIT STATUS"},
                 {K_ENV, "ENVIRONMENT"}};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        shown = 0;
        section(out, &d, order[i].k, order[i].title, &shown);
    }
    files(out, pg);
    shown = 0;
    section(out, &d, K_EXAMPLES, "EXAMPLES", &shown);
    see_also(out, pg);
    bilim_free(d.lines);
    bilim_free(d.blocks);
    if (fflush(out) != 0 || ferror(out))
        return bilim_error_set(err, BILIM_EIO, "cannot write the manual page");
    return BILIM_OK;
}
