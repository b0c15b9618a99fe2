/* sim/dist_local.c: bilim_dist_run's units in this process (no MPI, or an
 * MPI job of one rank): in chunks, each chunk's results handed to
 * on_result in unit order. Shared by sim/dist_serial.c and sim/dist_mpi.c. */
#include "sim/dist_internal.h"

#include <omp.h>
#include "base/alloc.h"

/* Chunks of a few units per thread: the runner can spread them over the
 * threads, and the results held at once stay small. */
#define UNITS_PER_THREAD 4

int bilim__dist_run_local(const bilim_dist_work *w, bilim_error *err)
{
    int threads = w->threads > 0 ? w->threads : omp_get_max_threads();
    size_t cap = (size_t)threads * UNITS_PER_THREAD;
    size_t *units = bilim_malloc(cap * sizeof *units);
    size_t *len = bilim_malloc(cap * sizeof *len);
    unsigned char *out = bilim_malloc(cap * w->unit_bytes + 1);
    int rc = units && len && out ? BILIM_OK
                                 : bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu "
                                                   "results of %zu bytes", cap, w->unit_bytes);
    for (size_t u = 0; !rc && u < w->n_units;) {
        size_t n = 0;
        for (; u < w->n_units && n < cap; u++)
            if (!(w->skip && w->skip[u]))
                units[n++] = u;
        if (n == 0)
            break;
        rc = w->run(w->run_user, units, n, threads, w->cancel, out, len, err);
        for (size_t k = 0; !rc && w->on_result && k < n; k++)
            w->on_result(w->result_user, units[k], out + k * w->unit_bytes, len[k]);
    }
    bilim_free(units);
    bilim_free(len);
    bilim_free(out);
    return rc;
}
