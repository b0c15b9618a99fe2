/* cli/main.c: the bilim executable. Everything else is in cli/cli.c; here
 * only what belongs to the process: MPI's start and end (sim/dist.h), and
 * silencing MPI workers (rank > 0), which must not print and run only the
 * commands with batches (others are rank 0's alone): their stdout goes to
 * /dev/null, their stderr to a temporary file whose text, when they
 * fail, rank 0 prints ("rank K: ..."). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/common.h"
#include "sim/dist.h"

/* A worker's stderr, captured (NULL on rank 0 or if it cannot be). */
static FILE *silence_worker(void)
{
    if (bilim_dist_rank() == 0)
        return NULL;
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) {
        fflush(stdout);
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    FILE *log = tmpfile();
    if (log) {
        fflush(stderr);
        dup2(fileno(log), STDERR_FILENO);
    }
    return log;
}

/* The last line or so of what a worker wrote to stderr. */
static void captured(FILE *log, char *text, size_t n)
{
    text[0] = '\0';
    if (!log)
        return;
    fflush(stderr);
    long size = lseek(STDERR_FILENO, 0, SEEK_END);
    long from = size > (long)n - 1 ? size - (long)n + 1 : 0;
    ssize_t got = pread(STDERR_FILENO, text, n - 1, from);
    text[got > 0 ? got : 0] = '\0';
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    fclose(log);
}

/* The commands whose batches spread over MPI ranks (cli/batch.h); under
 * mpirun every other command runs on rank 0 alone. */
static int distributed(int argc, char **argv)
{
    return argc > 1 && (strcmp(argv[1], "compare") == 0 || strcmp(argv[1], "sensitivity") == 0 ||
                        strcmp(argv[1], "calibrate") == 0);
}

/* With BILIM_DIST_TRAFFIC set (bench/mpi_scaling.sh): rank 0's messages. */
static void print_traffic(void)
{
    bilim_dist_traffic t;
    bilim_dist_traffic_get(&t);
    fprintf(stderr, "bilim: MPI traffic of rank 0: received %llu requests, %llu bytes, "
            "holding %llu results of %llu bytes (%.0f bytes a result); sent %llu answers, "
            "%llu bytes\n", (unsigned long long)t.received, (unsigned long long)t.received_bytes,
            (unsigned long long)t.results, (unsigned long long)t.result_bytes,
            t.results ? (double)t.result_bytes / (double)t.results : 0.0,
            (unsigned long long)t.sent, (unsigned long long)t.sent_bytes);
}

int main(int argc, char **argv)
{
    if (bilim_dist_init(&argc, &argv)) {
        fprintf(stderr, "bilim: MPI could not start\n");
        return 70;
    }
    FILE *log = silence_worker();
    int status = 0;
    if (bilim_dist_rank() == 0 || distributed(argc, argv))
        status = bilim_cli_close_stdout(bilim_cli_main(argc, argv));
    char text[BILIM_DIST_MSG_MAX], msg[BILIM_DIST_MSG_MAX];
    captured(log, text, sizeof text);
    if (bilim_dist_size() > 1 && bilim_dist_rank() == 0 && getenv("BILIM_DIST_TRAFFIC"))
        print_traffic();
    int worker = bilim_dist_finalize(status, text, msg);
    if (worker && status == 0) { /* rank 0 did not see it: a worker failed after its share */
        fprintf(stderr, "bilim: %s\n", msg);
        status = worker;
    }
    return status;
}
