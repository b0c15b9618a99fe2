/* fuzz/fuzz_scenario.c: libFuzzer target for the scenario loader.
 *
 * Any input must give either a valid scenario or error messages, never a
 * crash, a hang or a sanitizer report. Two properties are checked as well:
 * a loaded scenario round-trips bit-identically through its resolved JSON
 * (which also prints identically), and every error message is one
 * non-empty line. (The JSON reader alone: fuzz/fuzz_json.c.)
 * The input is loaded as if it were scenarios/fuzz-input.json, so "extends"
 * and "parameter_file" can reach the shipped files. Built and run by
 * fuzz/run.sh (clang -fsanitize=fuzzer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/error.h"
#include "formats/scenario_load.h"

#ifndef FUZZ_SOURCE_DIR
#define FUZZ_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_messages(const bilim_diags *d)
{
    for (int i = 0; i < bilim_diags_count(d); i++) {
        const char *m = bilim_diags_get(d, i);
        if (!m[0] || strchr(m, '\n'))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    bilim_scenario *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    bilim_diags *d = bilim_diags_alloc();
    if (!text || !a || !b || !d)
        goto out;
    memcpy(text, data, size);
    text[size] = '\0';
    char *json = NULL;
    int rc = bilim_scenario_load_string(text, FUZZ_SOURCE_DIR "/scenarios/fuzz-input.json", a,
                                        &json, d);
    check_messages(d);
    if (rc == BILIM_OK) {
        bilim_diags *d2 = bilim_diags_alloc();
        char *json2 = NULL;
        if (!d2)
            abort();
        memset(b, 0x5A, sizeof *b);
        if (bilim_scenario_load_string(json, NULL, b, &json2, d2) != BILIM_OK)
            abort(); /* the resolved JSON must load */
        if (memcmp(a, b, sizeof *a) != 0)
            abort(); /* ... to the same scenario */
        if (strcmp(json, json2) != 0)
            abort(); /* ... and print the same */
        free(json2);
        bilim_diags_free(d2);
    } else if (rc == BILIM_EINVAL && bilim_diags_count(d) == 0) {
        abort(); /* invalid input must say why */
    }
    free(json);
out:
    bilim_diags_free(d);
    free(a);
    free(b);
    free(text);
    return 0;
}
