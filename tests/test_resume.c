/* tests/test_resume.c: `bilim compare --draws`, and a plain `bilim
 * compare` (its (scenario, replicate) runs are the batch), killed with
 * SIGKILL at random moments (a seeded generator over the length of an uninterrupted
 * run) and run again: the second run resumes from OUT.journal, its result
 * file holds the same bits as an uninterrupted run's (tests/helpers.h,
 * test_h5_results: all but the execution's wall time, host and threads)
 * and the journal is gone once the outputs are committed. A journal of
 * other inputs (another seed, a changed scenario file) is refused with
 * what differs, and left as it is. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers_proc.h"
#include "base/alloc.h"
#include "base/clock.h"

#define KILL_POINTS 10

static char dir[64];

static void make_dir(void)
{
    test_tmpdir_make(dir, sizeof dir, "resume");
}

static void remove_dir(void)
{
    test_tmpdir_remove(dir);
}

TestSuite(resume, .init = make_dir, .fini = remove_dir, .timeout = 300);

static uint64_t rng_state = 0x2545f4914f6cdd1du;

/* Set by a test: the plain comparison's batch instead of the draws'. */
static int plain;

/* The batch: 30 draws of a baseline and an option, 110 runs of a small
 * population (about a second), or (plain) 2 x 50 replicates of them, into
 * r.h5 of the folder it runs in. */
static void batch_args(const char **argv, int *n, const char *option, const char *seed)
{
    static char paths[2][600];
    static char *exe; /* absolute: the batch runs in its folder */
    snprintf(paths[0], sizeof paths[0], "%s/scenarios/baseline.json", test_source_dir());
    snprintf(paths[1], sizeof paths[1], "%s", option);
    if (!exe)
        exe = bilim_realpath(test_exe());
    cr_assert_not_null(exe);
    const char *a[] = {exe, "compare", paths[0], paths[1], plain ? "--replicates" : "--draws",
                       plain ? "50" : "30", "--schools", "20", "--months", "12", "-o", "r.h5",
                       "-q", "--seed", seed};
    *n = (int)(sizeof a / sizeof a[0]);
    memcpy(argv, a, sizeof a);
    argv[*n] = NULL;
}

static const char *option_path(void)
{
    static char p[600];
    snprintf(p, sizeof p, "%s/scenarios/leadership_training.json", test_source_dir());
    return p;
}

/* Starts the batch in folder sub, stderr into sub/err.txt. */
static pid_t start(const char *sub, const char *option, const char *seed)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0755);
    const char *argv[32];
    int n;
    batch_args(argv, &n, option, seed);
    return test_spawn(argv, path, "err.txt");
}

/* Runs the batch in sub to its end: exit status, stderr in *err (may be NULL). */
static int finish(const char *sub, const char *option, const char *seed, char **err)
{
    int st = test_wait(start(sub, option, seed));
    if (err) {
        char p[600];
        snprintf(p, sizeof p, "%s/%s/err.txt", dir, sub);
        *err = test_slurp(p);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *results(const char *sub)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/r.h5", dir, sub);
    return test_h5_results(p);
}

static int journal_exists(const char *sub)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/r.h5.journal", dir, sub);
    return access(p, F_OK) == 0;
}

static void kill_at(const char *sub, double seconds, const char *option)
{
    test_signal_after(start(sub, option, "11"), seconds, SIGKILL, NULL);
}

/* Kills the batch at `points` seeded moments, each resumed to the end. */
static void killed_batches_resume(int points)
{
    /* The reference run, timed: from its start to the journal's creation
     * (start-up, the plain comparison) and to its end. */
    double t0 = bilim_clock_now(), tj = -1.0;
    pid_t pid = start("ref", option_path(), "11");
    int st;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (tj < 0 && journal_exists("ref"))
            tj = bilim_clock_now() - t0;
        test_sleep(0.002);
    }
    double T = bilim_clock_now() - t0;
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    cr_assert_geq(tj, 0.0, "the batch made a journal");
    char *ref = results("ref");
    cr_assert_not_null(ref, "h5dump (hdf5-tools) reads the reference");
    cr_expect(!journal_exists("ref"), "no journal after a committed batch");
    int resumed = 0;
    for (int k = 0; k < points; k++) {
        char sub[32];
        snprintf(sub, sizeof sub, "k%d", k);
        /* Over the batch and what follows it (analysis, writing, the commit). */
        double at = tj + test_uniform(&rng_state) * (T - tj);
        kill_at(sub, at, option_path());
        int had_journal = journal_exists(sub);
        char *err = NULL;
        cr_assert_eq(finish(sub, option_path(), "11", &err), 0, "resume after a kill at %.3f s: %s",
                     at, err ? err : "");
        resumed += had_journal;
        char *got = results(sub);
        cr_assert_not_null(got);
        cr_expect_str_eq(got, ref, "kill at %.3f s: the resumed file differs", at);
        cr_expect(!journal_exists(sub), "kill at %.3f s: the journal is removed", at);
        free(got);
        free(err);
    }
    /* The points fall over the batch and the writing after it. */
    cr_expect_geq(resumed, (points + 2) / 4, "only %d of %d kills left a journal to resume "
                  "(run %.2f s)", resumed, points, T);
    free(ref);
}

Test(resume, killed_batches_resume_to_the_same_bits)
{
    killed_batches_resume(KILL_POINTS);
}

/* Fewer points: the same journal code, only the units differ. */
Test(resume, killed_plain_comparisons_resume_to_the_same_bits)
{
    plain = 1;
    killed_batches_resume(KILL_POINTS / 2);
}

/* A journal left by a kill in the middle of the batch: killed as soon as
 * the journal appears (a kill at fixed moments missed the batch on an idle
 * machine, where it lasts a fraction of a second). */
static void journal_left(const char *sub, const char *option)
{
    for (int attempt = 0; attempt < 5 && !journal_exists(sub); attempt++) {
        pid_t pid = start(sub, option, "11");
        int st;
        while (waitpid(pid, &st, WNOHANG) == 0) {
            if (journal_exists(sub)) {
                kill(pid, SIGKILL);
                waitpid(pid, &st, 0);
                break;
            }
            test_sleep(0.0005);
        }
    }
    cr_assert(journal_exists(sub), "a kill left a journal");
}

Test(resume, other_inputs_are_refused_naming_what_differs)
{
    char option[600];
    snprintf(option, sizeof option, "%s/option.json", dir);
    FILE *f = fopen(option, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\"extends\": \"%s\", \"name\": \"opt\"}\n", option_path());
    fclose(f);
    journal_left("a", option);
    char cmp[1400];
    snprintf(cmp, sizeof cmp, "cp %s/a/r.h5.journal %s/before", dir, dir);
    cr_assert_eq(system(cmp), 0);
    snprintf(cmp, sizeof cmp, "cmp -s %s/a/r.h5.journal %s/before", dir, dir);
    char *err = NULL;
    cr_expect_eq(finish("a", option, "12", &err), 1);
    cr_expect_not_null(strstr(err, "the seed"), "%s", err);
    cr_expect_not_null(strstr(err, "remove"), "%s", err);
    free(err);
    /* The option's file changed: its scenario differs, named with its file. */
    f = fopen(option, "w");
    cr_assert_not_null(f);
    fprintf(f, "{\"extends\": \"%s\", \"name\": \"changed\"}\n", option_path());
    fclose(f);
    cr_expect_eq(finish("a", option, "11", &err), 1);
    cr_expect_not_null(strstr(err, "option.json"), "%s", err);
    free(err);
    cr_expect_eq(system(cmp), 0, "the refused journal is left as it was");
}
