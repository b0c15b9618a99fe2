/* tests/test_mpi.c (built with -DBILIM_MPI=ON only; label "mpi"): the same
 * result file, bit for bit, from one process and from mpirun -np 1, 2 and 3
 * with 1 and 2 OpenMP threads per rank, for `bilim compare` (plain and
 * --draws), `bilim sensitivity` (3 ranks) and `bilim calibrate`. Compared:
 * every dataset and every attribute except those recording the execution
 * (tests/helpers.h, test_h5_results: attributes named host, started,
 * threads or wall_seconds: /run_info's, /design's, /calibration's). Threads are set by OMP_NUM_THREADS, not -t, so that the
 * command recorded in /comparison is the same. Also: only rank 0 prints,
 * a rank 0 failure before the batch ends every rank (no hang), and a
 * batch killed in one process finishes under mpirun, and commands without
 * a batch (bilim run) run on rank 0 alone. */
#include <criterion/criterion.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "base/alloc.h"

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/bilim-test-mpi-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(mpi, .init = make_dir, .fini = remove_dir, .timeout = 600);

/* Runs `[mpirun -np NP] bilim ARGS` (np 0: no mpirun) with t threads in
 * folder sub (made), stdout and stderr into sub/out.txt and sub/err.txt;
 * returns the exit status. A timeout turns a hang into a failure. */
static int run_in(const char *sub, int np, int t, const char *args)
{
    char path[600], *exe = bilim_realpath(test_exe());
    cr_assert_not_null(exe);
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0755);
    char mpi[200] = "";
    if (np > 0)
        snprintf(mpi, sizeof mpi, "mpirun --oversubscribe --allow-run-as-root -np %d ", np);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd %s && OMP_NUM_THREADS=%d timeout 300 %s%s %s >out.txt "
             "2>err.txt </dev/null", path, t, mpi, exe, args);
    bilim_free(exe);
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *file_in(const char *sub, const char *name)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/%s", dir, sub, name);
    return strcmp(name, "r.h5") == 0 ? test_h5_results(p) : test_slurp(p);
}

static void compare_args(char *args, size_t n)
{
    const char *src = test_source_dir();
    snprintf(args, n, "compare %s/scenarios/baseline.json %s/scenarios/leadership_training.json "
             "--draws 8 --schools 20 --months 12 -o r.h5", src, src);
}

/* Whether text appears exactly once in the files out.txt and err.txt of sub. */
static int printed_once(const char *sub, const char *text)
{
    int n = 0;
    const char *names[] = {"out.txt", "err.txt"};
    for (int f = 0; f < 2; f++) {
        char *all = file_in(sub, names[f]);
        for (const char *p = all; p && (p = strstr(p, text)); p++)
            n++;
        free(all);
    }
    return n == 1;
}

/* args' result file from mpirun -np 1, 2, 3 x 1, 2 threads: the same as
 * one process's; summary (rank 0's) is printed once. */
static void same_bits_with_summary(const char *args, const char *summary)
{
    cr_assert_eq(run_in("serial", 0, 1, args), 0);
    char *ref = file_in("serial", "r.h5");
    cr_assert_not_null(ref, "h5dump (hdf5-tools) reads the result");
    for (int np = 1; np <= 3; np++)
        for (int t = 1; t <= 2; t++) {
            char sub[32];
            snprintf(sub, sizeof sub, "np%d-t%d", np, t);
            int rc = run_in(sub, np, t, args);
            char *err = file_in(sub, "err.txt");
            cr_assert_eq(rc, 0, "%s: %s", sub, err ? err : "");
            char *got = file_in(sub, "r.h5");
            cr_expect_str_eq(got, ref, "%s: the result file differs from one process's", sub);
            cr_expect(printed_once(sub, summary), "%s: rank 0's summary once, no worker's: %s",
                      sub, err);
            free(got);
            free(err);
        }
    free(ref);
}

static void same_bits_for_any_ranks_and_threads(const char *args)
{
    same_bits_with_summary(args, "Results: r.h5");
}

Test(mpi, compare_draws_same_bits_for_any_ranks_and_threads)
{
    char args[2000];
    compare_args(args, sizeof args);
    same_bits_for_any_ranks_and_threads(args);
}

/* A plain comparison: each (scenario, replicate) is a unit of work. */
Test(mpi, compare_plain_same_bits_for_any_ranks_and_threads)
{
    char args[2000];
    const char *src = test_source_dir();
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json "
             "%s/scenarios/leadership_training.json %s/scenarios/option_10bn_incentives.json "
             "--replicates 5 --schools 20 --months 12 -o r.h5", src, src, src);
    same_bits_for_any_ranks_and_threads(args);
    char journal[600];
    snprintf(journal, sizeof journal, "%s/np3-t2/r.h5.journal", dir);
    cr_expect_neq(access(journal, F_OK), 0, "the journal is removed once the file is written");
}

/* A calibration: 80 particles are two batches per generation (64 + 16),
 * and generation 1 proposes from generation 0's kernel, which rank 0 sends
 * the workers. The whole posterior file (samples, weights, distances,
 * predictive, history, fit, ...) must be the same bits. */
Test(mpi, calibrate_same_bits_for_any_ranks_and_threads)
{
    char path[600], args[1200];
    snprintf(path, sizeof path, "%s/base.json", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"name\": \"cal-base\", \"population\": {\"preset\": \"kz-national\", "
          "\"teachers_per_school\": {\"urban\": {\"mean\": 5}, \"rural_regular\": {\"mean\": 5}, "
          "\"small_class\": {\"mean\": 5}}}}\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/cal.json", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\"base_scenario\": \"base.json\", \"targets\": "
            "\"%s/data/survey-2026-principals.json\", \"parameters\": ["
            "{\"name\": \"init_S_mean_rural\", \"prior\": {\"distribution\": \"beta\", "
            "\"alpha\": 8, \"beta\": 12, \"upper\": 0.9}}, {\"name\": \"init_S_kappa\", "
            "\"prior\": {\"distribution\": \"lognormal\", \"meanlog\": 2.5, \"sdlog\": 0.5}}], "
            "\"method\": {\"particles\": 80, \"max_generations\": 2}, \"seed\": 5}\n",
            test_source_dir());
    fclose(f);
    snprintf(args, sizeof args, "calibrate %s -o r.h5", path);
    same_bits_with_summary(args, "bilim calibrate: cal: 2 free parameters, 80 particles, "
                                 "2 generations");
}

Test(mpi, sensitivity_same_bits)
{
    char args[2000];
    snprintf(args, sizeof args, "sensitivity %s/scenarios/baseline.json --method morris "
             "--trajectories 3 --params eta_train,delta_K,beta_L --schools 20 --months 12 "
             "-o r.h5 -q", test_source_dir());
    cr_assert_eq(run_in("serial", 0, 2, args), 0);
    cr_assert_eq(run_in("np3", 3, 1, args), 0);
    char *ref = file_in("serial", "r.h5"), *got = file_in("np3", "r.h5");
    cr_assert_not_null(ref);
    cr_expect_str_eq(got, ref, "sensitivity over 3 ranks differs from one process");
    free(ref);
    free(got);
}

Test(mpi, rank_0_failing_before_the_batch_ends_every_rank)
{
    char args[2000];
    compare_args(args, sizeof args);
    char *o = strstr(args, "-o r.h5");
    cr_assert_not_null(o);
    snprintf(o, sizeof args - (size_t)(o - args), "-o missing/r.h5");
    int rc = run_in("fail", 3, 1, args);
    cr_expect_neq(rc, 0);
    cr_expect_neq(rc, 124, "timed out: a rank hung");
    char *err = file_in("fail", "err.txt");
    const char *first = strstr(err, "directory 'missing' does not exist");
    cr_expect_not_null(first, "%s", err);
    cr_expect(!first || !strstr(first + 1, "directory 'missing'"), "one message, rank 0's: %s",
              err);
    free(err);
}

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Starts `bilim compare ...` (one process) in folder sub and kills it with
 * SIGKILL as soon as its journal holds a record; whether it did. */
static int kill_in_batch(const char *sub)
{
    char path[600], journal[700], *exe = bilim_realpath(test_exe());
    cr_assert_not_null(exe);
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    snprintf(journal, sizeof journal, "%s/r.h5.journal", path);
    mkdir(path, 0755);
    char a[2][600];
    snprintf(a[0], sizeof a[0], "%s/scenarios/baseline.json", test_source_dir());
    snprintf(a[1], sizeof a[1], "%s/scenarios/leadership_training.json", test_source_dir());
    const char *argv[] = {exe, "compare", a[0], a[1], "--draws", "8", "--schools", "20",
                          "--months", "12", "-o", "r.h5", NULL};
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        if (chdir(path) != 0 || !freopen("/dev/null", "w", stderr))
            _exit(99);
        execv(exe, (char *const *)argv);
        _exit(98);
    }
    long header = -1;
    int st, killed = 0;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        long n = size_of(journal);
        if (header < 0 && n > 0)
            header = n;
        if (header > 0 && n > header) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            killed = 1;
            break;
        }
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    bilim_free(exe);
    return killed && access(journal, F_OK) == 0;
}

Test(mpi, a_killed_plain_batch_finishes_under_mpirun)
{
    char args[2000];
    compare_args(args, sizeof args);
    cr_assert_eq(run_in("ref", 0, 1, args), 0);
    int left = 0;
    for (int k = 0; k < 5 && !left; k++)
        left = kill_in_batch("res");
    cr_assert(left, "a kill in the batch left a journal");
    cr_assert_eq(run_in("res", 2, 1, args), 0);
    char p[600];
    snprintf(p, sizeof p, "%s/res/r.h5.journal", dir);
    cr_expect_eq(access(p, F_OK), -1, "the journal is removed after the commit");
    char *ref = file_in("ref", "r.h5"), *got = file_in("res", "r.h5");
    cr_expect_str_eq(got, ref, "resumed under mpirun: differs from an uninterrupted run");
    free(ref);
    free(got);
}

Test(mpi, commands_without_a_batch_run_on_rank_0_alone)
{
    char args[2000];
    snprintf(args, sizeof args, "run %s/scenarios/baseline.json --schools 20 --months 12 "
             "--replicates 2 -o r.h5", test_source_dir());
    cr_assert_eq(run_in("serial", 0, 1, args), 0);
    int rc = run_in("np3", 3, 1, args);
    char *err = file_in("np3", "err.txt");
    cr_assert_eq(rc, 0, "%s", err ? err : "");
    char *ref = file_in("serial", "r.h5"), *got = file_in("np3", "r.h5");
    cr_assert_not_null(ref);
    cr_expect_str_eq(got, ref, "bilim run under mpirun: rank 0's file as one process's");
    char *out = file_in("np3", "out.txt"), *ref_out = NULL;
    const char *first = strstr(out, "bilim run: wrote r.h5");
    cr_expect(first && !strstr(first + 1, "bilim run: wrote"), "one summary, rank 0's: %s",
              out);
    free(err);
    free(ref);
    free(got);
    free(out);
    free(ref_out);
}
