/* fuzz/fuzz_calib.c: libFuzzer target for the calibration loader
 * (formats/calib_load.c) and the targets files it reads.
 *
 * The first byte chooses what the rest of the input is:
 * - even: a calibration file, loaded as if it were
 *   scenarios/calibration/fuzz-input.json, so "base_scenario" and
 *   "targets" can reach the shipped scenarios and data/;
 * - odd: a targets file, written to a scratch file and named by a fixed,
 *   valid calibration (the targets are only ever read from a file).
 * Any input must load or give messages, never crash, hang or trip a
 * sanitizer. Checked as well: every message is one non-empty line; an
 * invalid input says why; a loaded calibration is usable (1 to 32 free
 * parameters with valid priors inside their table ranges, ties that follow
 * free parameters and stay in range, at least one target, a survey that
 * fits the sample: bilim_calib_problem_init accepts it), and the base
 * scenario it keeps for provenance loads back to the same scenario.
 * Built and run by fuzz/run.sh (clang -fsanitize=fuzzer). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include "base/error.h"
#include "formats/calib_load.h"
#include "formats/scenario_load.h"

#ifndef FUZZ_SOURCE_DIR
#define FUZZ_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[64], targets_path[128];

static void remove_scratch(void)
{
    remove(targets_path);
    rmdir(scratch);
}

static void init(void)
{
    if (scratch[0])
        return;
    gsl_set_error_handler_off();
    strcpy(scratch, "/tmp/bilim-fuzz-calib-XXXXXX");
    if (!mkdtemp(scratch))
        abort();
    snprintf(targets_path, sizeof targets_path, "%s/targets.json", scratch);
    atexit(remove_scratch);
}

static void check_messages(const bilim_diags *d)
{
    for (int i = 0; i < bilim_diags_count(d); i++) {
        const char *m = bilim_diags_get(d, i);
        if (!m[0] || strchr(m, '\n'))
            abort();
    }
}

/* What a loaded calibration must satisfy, whatever the input. */
static void check_loaded(const bilim_calibration *c, const bilim_calib_texts *t, const char *text)
{
    if (c->n_free < 1 || c->n_free > BILIM_CALIB_MAX_PARAMS)
        abort();
    char msg[512];
    for (int i = 0; i < c->n_free; i++) {
        const bilim_prior *p = &c->prior[i];
        if (!c->free[i] || bilim_prior_check(p, msg, sizeof msg) ||
            p->lower < c->free[i]->min || p->upper > c->free[i]->max)
            abort();
    }
    for (int i = 0; i < c->n_ties; i++) {
        const bilim_calib_tie *tie = &c->ties[i];
        if (tie->follows < 0 || tie->follows >= c->n_free ||
            c->prior[tie->follows].lower + tie->offset < tie->param->min ||
            c->prior[tie->follows].upper + tie->offset > tie->param->max)
            abort();
    }
    int targets = 0;
    for (int i = 0; i < BILIM_CALIB_N_TARGETS; i++)
        targets += bilim_calib_active(c, i);
    if (c->n_sets < 1 || c->n_sets > BILIM_CALIB_MAX_SETS)
        abort();
    for (int s = 0; s < c->n_sets; s++)
        if (c->sets[s].month < -BILIM_CALIB_MAX_HISTORY || c->sets[s].month > c->base.months)
            abort();
    bilim_calib_problem p;
    bilim_error err;
    if (!targets || bilim_calib_problem_init(&p, c, &err) != BILIM_OK)
        abort();
    /* Provenance: the calibration verbatim, and a base scenario that loads
     * back to what was simulated. */
    if (!t->calibration || strcmp(t->calibration, text) != 0 || !t->targets || !t->base_scenario)
        abort();
    bilim_scenario *b = malloc(sizeof *b);
    bilim_diags *d = bilim_diags_alloc();
    if (!b || !d)
        abort();
    if (bilim_scenario_load_string(t->base_scenario, NULL, b, NULL, d) != BILIM_OK ||
        memcmp(b, &c->base, sizeof *b) != 0)
        abort();
    bilim_diags_free(d);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    if (size == 0)
        return 0;
    int targets_mode = data[0] & 1;
    data++;
    size--;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char cal[1024];
    if (targets_mode) {
        FILE *f = fopen(targets_path, "wb");
        if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
            abort();
        snprintf(cal, sizeof cal,
                 "{\"base_scenario\": \"../baseline.json\", \"targets\": \"%s\",\n"
                 " \"parameters\": [{\"name\": \"init_K_mean_rural\", \"prior\": "
                 "{\"distribution\": \"beta\", \"alpha\": 3, \"beta\": 7}}]}\n", targets_path);
    }
    const char *input = targets_mode ? cal : text;
    bilim_calibration *c = malloc(sizeof *c);
    bilim_diags *d = bilim_diags_alloc();
    bilim_calib_texts t;
    if (!c || !d)
        abort();
    int rc = bilim_calib_load_string(input, FUZZ_SOURCE_DIR "/scenarios/calibration/fuzz-input.json",
                                     c, &t, d);
    check_messages(d);
    if (rc == BILIM_OK)
        check_loaded(c, &t, input);
    else if (rc != BILIM_EINVAL && rc != BILIM_ENOMEM)
        abort();
    else if (rc == BILIM_EINVAL && bilim_diags_total(d) == 0)
        abort(); /* invalid input must say why */
    bilim_calib_texts_clear(&t);
    bilim_diags_free(d);
    free(c);
    free(text);
    return 0;
}
