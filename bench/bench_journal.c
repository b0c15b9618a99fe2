/* bench/bench_journal.c: what a batch's journal costs (sim/journal.h,
 * docs/cluster.md): the time to append a record under the journal's policy
 * (one write per record, fdatasync at most once a second), and the time of
 * one fdatasync, which is why the journal does not sync every record.
 *
 *     make bench_journal && ./bench_journal [DIR] [RECORDS]
 *
 * DIR (default /tmp) should be on the file system the batches write to. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/clock.h"
#include "sim/journal.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 200000;
    char path[4096];
    snprintf(path, sizeof path, "%s/bench-journal-%d.journal", dir, (int)getpid());
    bilim_journal_items it;
    bilim_journal_items_init(&it);
    bilim_error err;
    if (bilim_journal_items_add(&it, 1, &err, "bench")) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    unsigned char *done = calloc(n, 1);
    bilim_design_record *rec = calloc(n, sizeof *rec);
    size_t n_done;
    bilim_journal *j;
    if (!done || !rec || bilim_journal_open(path, n, &it, done, rec, &n_done, &j, &err)) {
        fprintf(stderr, "bench_journal: %s\n", done && rec ? err.msg : "out of memory");
        return 1;
    }
    double t0 = bilim_clock_now();
    for (size_t i = 0; i < n; i++)
        if (bilim_journal_append(j, i, &rec[i], &err)) {
            fprintf(stderr, "bench_journal: %s\n", err.msg);
            return 1;
        }
    double append = bilim_clock_now() - t0;
    bilim_journal_close(j, NULL);
    /* One fdatasync after each of 50 appended records. */
    int fd = open(path, O_WRONLY | O_APPEND);
    unsigned char r[BILIM_JOURNAL_RECORD_BYTES] = {0};
    t0 = bilim_clock_now();
    for (int k = 0; k < 50; k++)
        if (write(fd, r, sizeof r) != (ssize_t)sizeof r || fdatasync(fd) != 0) {
            perror("bench_journal");
            return 1;
        }
    double sync = (bilim_clock_now() - t0) / 50;
    close(fd);
    unlink(path);
    printf("journal in %s: %zu appends in %.3f s: %.2f us a record (policy: sync <= 1/s)\n", dir,
           n, append, 1e6 * append / (double)n);
    printf("write + fdatasync of one record: %.2f ms (a sync per record: <= %.0f records/s)\n",
           1e3 * sync, 1.0 / sync);
    bilim_journal_items_clear(&it);
    free(done);
    free(rec);
    return 0;
}
