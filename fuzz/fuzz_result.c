/* fuzz/fuzz_result.c: libFuzzer target for reading result files: the
 * bytes are written to a file and go through exactly what `bilim info` and
 * `bilim report` read (bilim_output_check, which reads every scenario and
 * every dataset, then the provenance, the listing and /comparison's
 * attributes), in this process, so that a crash, a sanitizer report or a
 * leak shows. Every input must give BILIM_OK or an error with a message.
 *
 * libhdf5 1.10 itself does not survive every damaged file (the CLI reads
 * in a child process first for that reason, cli/probe.h); crashes whose
 * stack is inside libhdf5 are its own. Leaks libhdf5 makes on its error
 * paths are suppressed by name in fuzz/lsan.supp. Built and run by
 * fuzz/run_result.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/alloc.h"
#include "formats/output_info.h"
#include "formats/output_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void need_message(int rc, const bilim_error *err)
{
    if (rc && !err->msg[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *d = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/fuzz-result-%ld.h5", d, (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    bilim_error err;
    bilim_error_clear(&err);
    int rc = bilim_output_check(path, &err);
    need_message(rc, &err);
    if (rc == BILIM_OK) {
        bilim_output_provenance p;
        need_message(bilim_output_read_provenance(path, &p, &err), &err);
        bilim_output_entry *e = NULL;
        size_t n = 0;
        need_message(bilim_output_list(path, &e, &n, &err), &err);
        bilim_free(e);
        char *s = NULL;
        bilim_output_read_attr_string(path, "/comparison", "scenario_order", &s, &err);
        bilim_free(s);
    }
    unlink(path);
    return 0;
}
