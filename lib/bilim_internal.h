/* lib/bilim_internal.h: what the files of the public API (lib/bilim*.c)
 * share: the objects behind bilim.h's handles and the status helpers. */
#ifndef BILIM_LIB_INTERNAL_H
#define BILIM_LIB_INTERNAL_H

#include "base/compiler.h"
#include "base/error.h"
#include "formats/diags.h"
#include "lib/bilim.h"
#include "models/scenario.h"
#include "sim/runner.h"

struct bilim_spec {
    bilim_scenario sc;                 /* as loaded, with parameter overrides */
    char *json;                        /* its resolved JSON (bilim_free) */
    bilim_scenario_settings settings;  /* run settings, applied when it runs */
    bilim_diags *inputs;               /* the files it was read from: no output replaces one */
};

struct bilim_result {
    bilim_run_result run;   /* the scenario as run, its series and surveys */
    char *json;             /* the spec's resolved JSON (bilim_free) */
    char overrides[256];    /* as `bilim run` records them: "--seed 7 --months 24" */
    bilim_diags *inputs;    /* the spec's input files */
};

/* Fills st (may be NULL) and returns code. */
int bilim__status_set(bilim_status *st, int code, const char *fmt, ...) BILIM_PRINTF(3, 4);

/* Copies an internal error into st; returns its code. */
int bilim__status_from_error(bilim_status *st, const bilim_error *err);

/* A new list of from's files (NULL when out of memory). */
bilim_diags *bilim__inputs_copy(const bilim_diags *from);

/* The scenario a spec runs: its scenario with its run settings applied.
 * Errors: BILIM_STATUS_INVALID. */
int bilim__spec_scenario(const bilim_spec *spec, bilim_scenario *out, bilim_status *st);

#endif
