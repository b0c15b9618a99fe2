/* analysis/plot.h: charts drawn by gnuplot (Debian package gnuplot-nox),
 * driven from C, returned as SVG text ready to embed inline in HTML.
 *
 * A bilim_plot is a private temporary folder (mkdtemp under $TMPDIR or
 * /tmp) for the data files and script of a chart. The caller writes data
 * files with bilim_plot_data() and a gnuplot script that reads them by
 * name; bilim_plot_render() sets the SVG terminal, runs gnuplot (stdin from
 * /dev/null, output to a log), checks its exit status and returns the SVG
 * with its XML prolog removed and every id prefixed, so several charts can
 * share one HTML page. bilim_plot_free() removes the folder and everything
 * in it. The gnuplot executable is $BILIM_GNUPLOT when set, else "gnuplot"
 * on PATH. Not thread-safe per object; separate objects are independent. */
#ifndef BILIM_PLOT_H
#define BILIM_PLOT_H

#include <stdio.h>
#include "base/error.h"

typedef struct bilim_plot bilim_plot;

/* Checks that gnuplot runs (`gnuplot --version`). Errors: BILIM_EIO with a
 * message naming the Debian package when it is missing. */
int bilim_plot_check(bilim_error *err);

/* Creates the temporary folder. *out owns it (bilim_plot_free). Errors:
 * BILIM_EIO, BILIM_ENOMEM. */
int bilim_plot_alloc(bilim_plot **out, bilim_error *err);

/* Removes the folder with everything in it and frees p; NULL is a no-op. */
void bilim_plot_free(bilim_plot *p);

/* Opens (truncates) the data file `name` (letters, digits, '_', '.') in the
 * folder for writing; the caller fcloses it before rendering. NULL on
 * error, with err filled. */
FILE *bilim_plot_data(bilim_plot *p, const char *name, bilim_error *err);

/* Runs `script` (gnuplot commands that plot the data files by their bare
 * names) with the SVG terminal at width x height pixels, without enhanced
 * text (names with '_' print as they are). On success *svg is a malloc'd
 * <svg ...>...</svg> text (caller frees) whose ids start with id_prefix
 * and whose <title> is `title` (HTML-escaped). Errors: BILIM_EIO (gnuplot
 * missing, failed: the message quotes its last error line), BILIM_ENOMEM. */
int bilim_plot_render(bilim_plot *p, const char *script, int width, int height,
                      const char *id_prefix, const char *title, char **svg, bilim_error *err);

/* Writes s as a gnuplot single-quoted string ('' for a quote). */
void bilim_plot_quote(FILE *f, const char *s);

#endif
