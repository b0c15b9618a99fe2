/* cli/man.h: manual pages made from the help texts.
 *
 * `bilim help --man COMMAND` turns the very text `bilim help COMMAND`
 * prints into a man(7) page, so the two cannot drift; the build writes one
 * page per command of the command table (cmake/man.cmake) and installs
 * them as bilim(1) and bilim-COMMAND(1).
 *
 * What a help text is made of (what bilim_cli_help and the overview print):
 * blocks separated by blank lines.
 *   - "Usage: ..." and its continuation lines (indented)  -> SYNOPSIS
 *   - "Exit status: ..."                                   -> EXIT STATUS
 *   - a heading alone on its line, then indented lines:
 *       "Options:" -> OPTIONS, "Commands:" -> COMMANDS,
 *       "Environment:" -> ENVIRONMENT (items "  HEAD  text", two or more
 *       spaces between), "Example:"/"Examples:" -> EXAMPLES (commands,
 *       verbatim; a line ending in '\' continues on the next), any other
 *       heading -> a subsection of DESCRIPTION
 *   - any other block -> a DESCRIPTION paragraph; its lines indented by
 *     two spaces or more are kept verbatim.
 * The page adds FILES (the data and documentation directories) and SEE
 * ALSO (the other pages). */
#ifndef BILIM_MAN_H
#define BILIM_MAN_H

#include <stdio.h>
#include "base/error.h"

typedef struct bilim_man_page {
    const char *name;        /* "bilim-run" (or "bilim" for the overview) */
    const char *summary;     /* the NAME line's description */
    const char *help;        /* the help text */
    const char *version;     /* "0.1.0" */
    const char *datadir;     /* FILES: the installed data directory */
    const char *docdir;      /* FILES: the installed documentation */
    const char *const *see_also; /* other page names, without "(1)" */
    int n_see_also;
} bilim_man_page;

/* Writes the page to out. BILIM_ENOMEM; BILIM_EIO when writing fails. */
int bilim_man_write(const bilim_man_page *pg, FILE *out, bilim_error *err);

/* Writes s to out as roff text: backslashes, hyphen-minus signs (so that
 * options and paths copy as typed) and a leading '.' or '\'' escaped. */
void bilim_man_text(FILE *out, const char *s, size_t n);

#endif
