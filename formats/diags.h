/* formats/diags.h: bilim_diags, the list of error messages a loader collects
 * (the scenario loader, the calibration loader: formats/fields.h). Each
 * message is one complete line (control characters, say in a path the user
 * wrote, are shown as \uXXXX, never written raw). A hostile file could produce millions of
 * errors, so the list keeps the first BILIM_DIAGS_MAX and then only counts:
 * bilim_diags_print ends with how many more there were. */
#ifndef BILIM_DIAGS_H
#define BILIM_DIAGS_H

#include <stdio.h>
#include "base/compiler.h"
#include "base/error.h"
#include "base/outset.h"

#define BILIM_DIAGS_MAX 200

typedef struct bilim_diags bilim_diags;

bilim_diags *bilim_diags_alloc(void);              /* NULL when out of memory */
void bilim_diags_free(bilim_diags *d);              /* NULL is a no-op */

/* Appends a message (printf-style); beyond BILIM_DIAGS_MAX only counts it.
 * A NULL d is a no-op. */
void bilim_diags_add(bilim_diags *d, const char *fmt, ...) BILIM_PRINTF(2, 3);

int bilim_diags_count(const bilim_diags *d);        /* messages kept */
long bilim_diags_total(const bilim_diags *d);       /* kept + not kept */
int bilim_diags_full(const bilim_diags *d);         /* 1 once BILIM_DIAGS_MAX are kept */
const char *bilim_diags_get(const bilim_diags *d, int i);

/* One message per line, then "(N more errors not shown; ...)" when some
 * were not kept. */
void bilim_diags_print(const bilim_diags *d, FILE *f);

/* The files a load read (the scenario, the files it extends, its parameter
 * files; a calibration file, its base scenario's files and its targets), in
 * the order read: the inputs a command's outputs may not replace
 * (base/outset.h). bilim_diags_add_file returns 0, or -1 out of memory (a
 * NULL d is a no-op). */
int bilim_diags_add_file(bilim_diags *d, const char *path);
int bilim_diags_n_files(const bilim_diags *d);
const char *bilim_diags_file(const bilim_diags *d, int i);

/* Appends from's files to to's (0, or -1 out of memory). */
int bilim_diags_add_files(bilim_diags *to, const bilim_diags *from);

/* Declares every file of d as an input of set (bilim_outset_input), so
 * that no output replaces one. d may be NULL (no inputs). */
int bilim_diags_declare_inputs(const bilim_diags *d, bilim_outset *set, bilim_error *err);

#endif
