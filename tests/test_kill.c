/* tests/test_kill.c: signals at random moments of `bilim run` and `bilim
 * compare --csv --report` (the real executable), from start-up to the
 * commit. After each kill point the outputs must be the previous set,
 * byte for byte, or the whole new set, never a mix; SIGINT and SIGTERM
 * must leave no temporary file and exit 130 or 143 (0 when the commit had
 * happened: then every output is new); after SIGKILL, recovery
 * (bilim_outset_recover, what the next run in the folder does) must leave
 * no temporary file and the set still whole. The moments are drawn from a
 * seeded generator over the length of an uninterrupted run. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers_proc.h"
#include "base/clock.h"
#include "base/outset.h"
#include "formats/output_read.h"

#define RUN_POINTS 12
#define COMPARE_POINTS 14

static char dir[64];

static void make_dir(void)
{
    test_tmpdir_make(dir, sizeof dir, "kill");
}

static void remove_dir(void)
{
    test_tmpdir_remove(dir);
}

TestSuite(kill, .init = make_dir, .fini = remove_dir, .timeout = 300);

static const char *at(const char *fmt, const char *name)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s/%s", dir, fmt, name);
    return buf[k];
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

/* Starts `bilim run` or `bilim compare --csv --report` with seed `seed`,
 * writing into folder `sub`. */
static pid_t start(int compare, const char *sub, int seed)
{
    char paths[5][600], seed_s[16];
    const char *src = test_source_dir();
    snprintf(paths[0], sizeof paths[0], "%s/scenarios/baseline.json", src);
    snprintf(paths[1], sizeof paths[1], "%s/scenarios/professional_development.json", src);
    snprintf(paths[2], sizeof paths[2], "%s/%s/r.h5", dir, sub);
    snprintf(paths[3], sizeof paths[3], "%s/%s/csv", dir, sub);
    snprintf(paths[4], sizeof paths[4], "%s/%s/r.html", dir, sub);
    snprintf(seed_s, sizeof seed_s, "%d", seed);
    const char *argv[32];
    int n = 0;
    argv[n++] = test_exe();
    argv[n++] = compare ? "compare" : "run";
    argv[n++] = paths[0];
    if (compare)
        argv[n++] = paths[1];
    argv[n++] = "-o";
    argv[n++] = paths[2];
    if (compare) {
        argv[n++] = "--csv";
        argv[n++] = paths[3];
        argv[n++] = "--report";
        argv[n++] = paths[4];
    }
    const char *rest[] = {"--schools", "40", "--months", "12", "--replicates", "2", "-q",
                          "--seed", seed_s, NULL};
    for (int i = 0; rest[i]; i++)
        argv[n++] = rest[i];
    argv[n] = NULL;
    return test_spawn(argv, NULL, NULL);
}

static const char *csv_files[] = {"summary.csv",     "comparison.csv", "ranking.csv",
                                  "series.csv",      "differences.csv", "replicates.csv",
                                  "regions.csv",     "package_parts.csv", "notes.csv"};
#define N_CSV 9

static int same_bytes(const char *a, const char *b)
{
    FILE *f = fopen(a, "rb"), *g = fopen(b, "rb");
    int same = f && g;
    while (same) {
        int x = getc(f), y = getc(g);
        same = x == y;
        if (x == EOF)
            break;
    }
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    return same;
}

/* 1 old (byte for byte), 2 new (complete, of the new run), 0 neither. */
static int generation_h5(const char *path)
{
    if (same_bytes(path, at("ref1", "r.h5")))
        return 1;
    bilim_run_result *runs;
    char **jsons;
    int n;
    bilim_error err;
    if (bilim_output_check(path, &err) || bilim_output_read(path, &runs, &jsons, &n, &err)) {
        cr_log_info("%s: %s", path, err.msg);
        return 0;
    }
    int g = n >= 1 && runs[0].scenario.seed == 2 ? 2 : 0;
    bilim_output_read_free(runs, jsons, n);
    return g;
}

static int generation_html(const char *path)
{
    if (same_bytes(path, at("ref1", "r.html")))
        return 1;
    char *s = test_slurp(path);
    size_t len = s ? strlen(s) : 0;
    int g = s && strstr(s, "Seed</th><td>2 ") && len > 8 && strcmp(s + len - 8, "</html>\n") == 0
                ? 2
                : 0;
    free(s);
    return g;
}

/* The generation of a CSV file, or -1 when both generations wrote the same
 * bytes (package_parts.csv without packages: its header only) and path has
 * them too: such a file fits either generation. */
static int generation_csv(const char *path, const char *name)
{
    char r[600], r2[600];
    snprintf(r, sizeof r, "%s/ref1/csv/%s", dir, name);
    snprintf(r2, sizeof r2, "%s/ref2/csv/%s", dir, name);
    if (same_bytes(r, r2))
        return same_bytes(path, r) ? -1 : 0;
    for (int g = 1; g <= 2; g++) {
        snprintf(r, sizeof r, "%s/ref%d/csv/%s", dir, g, name);
        if (same_bytes(path, r))
            return g;
    }
    return 0;
}

/* The generation of the whole set in `sub`, or 0 when it is a mix. */
static int generation_of_set(const char *sub, int compare)
{
    int g = generation_h5(at(sub, "r.h5"));
    if (compare) {
        if (generation_html(at(sub, "r.html")) != g)
            return 0;
        char name[64];
        for (int i = 0; i < N_CSV; i++) {
            snprintf(name, sizeof name, "csv/%s", csv_files[i]);
            int gc = generation_csv(at(sub, name), csv_files[i]);
            if (gc != g && gc != -1)
                return 0;
        }
    }
    return g;
}

/* Temporaries and journals left in the work folders (named in the log). */
static int leftovers(void)
{
    int n = 0;
    for (int k = 0; k < 2; k++) {
        DIR *d = opendir(at("work", k ? "csv" : ""));
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strstr(e->d_name, ".bilim-")) {
                cr_log_info("left: %s", e->d_name);
                n++;
            }
        if (d)
            closedir(d);
    }
    return n;
}

static void copy_set(const char *from, const char *to)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf %s/%s && cp -a %s/%s %s/%s", dir, to, dir, from, dir, to);
    cr_assert_eq(system(cmd), 0);
}

/* Runs the reference sets (seed 1: the previous outputs; seed 2: what the
 * interrupted runs write) and returns the new run's wall time. */
static double references(int compare)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/ref1 %s/ref2", dir, dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(test_wait(start(compare, "ref1", 1)), 0);
    double t0 = bilim_clock_now();
    cr_assert_eq(test_wait(start(compare, "ref2", 2)), 0);
    double t = bilim_clock_now() - t0;
    cr_assert_eq(generation_of_set("ref1", compare), 1);
    cr_assert_eq(generation_of_set("ref2", compare), 2);
    return t;
}

/* BILIM_TEST_KILL_POINTS=N and BILIM_TEST_KILL_SEED=S run a longer,
 * different campaign than CI's (docs/reliability.md gives its figures). */
static void kill_points(int compare, int points)
{
    const char *n = getenv("BILIM_TEST_KILL_POINTS"), *seed = getenv("BILIM_TEST_KILL_SEED");
    if (n && atoi(n) > 0)
        points = atoi(n);
    if (seed)
        rng_state ^= strtoull(seed, NULL, 10) * 0x9e3779b97f4a7c15u;
    double t = references(compare);
    const int sigs[3] = {SIGINT, SIGTERM, SIGKILL};
    int survived = 0, old = 0, new = 0;
    for (int k = 0; k < points; k++) {
        int sig = sigs[k % 3];
        copy_set("ref1", "work");
        /* Moments over the whole run, a little past its usual end. */
        double delay = 1.1 * t * test_uniform(&rng_state);
        int sent;
        int st = test_signal_after(start(compare, "work", 2), delay, sig, &sent);
        int done = WIFEXITED(st) && WEXITSTATUS(st) == 0;
        int stopped = (WIFEXITED(st) && WEXITSTATUS(st) == 128 + sig) ||
                      (WIFSIGNALED(st) && WTERMSIG(st) == sig);
        cr_assert(done || (sent && stopped), "kill point %d (signal %d at %.3f s): status %d",
                  k, sig, delay, st);
        /* What the next run in these folders does first. A temporary is
         * dead once no process holds its lock: gnuplot, if bilim was
         * killed while starting it, holds bilim's descriptors until it has
         * started (they close on exec), so recovery is retried briefly. */
        for (int i = 0; sig == SIGKILL && i < 100 && (i == 0 || leftovers()); i++) {
            test_sleep(i ? 0.05 : 0.0);
            cr_assert_eq(bilim_outset_recover(at("work", ""), NULL, NULL), 0);
            if (compare)
                cr_assert_eq(bilim_outset_recover(at("work", "csv"), NULL, NULL), 0);
        }
        int g = generation_of_set("work", compare);
        cr_assert_neq(g, 0, "kill point %d (signal %d at %.3f s): the outputs are a mix or "
                      "damaged", k, sig, delay);
        if (sig != SIGKILL)
            cr_assert_eq(g, done ? 2 : 1, "kill point %d: exit status %d but generation %d", k,
                         st, g);
        cr_assert_eq(leftovers(), 0,
                     "kill point %d (signal %d at %.3f s): temporary files are left", k, sig,
                     delay);
        survived++;
        old += g == 1;
        new += g == 2;
    }
    cr_log_info("%s: %d kill points, %d survived (%d left the previous outputs, %d the new)",
                compare ? "compare --csv --report" : "run", points, survived, old, new);
}

Test(kill, run_at_random_moments)
{
    rng_state = 0x2545f4914f6cdd1du;
    kill_points(0, RUN_POINTS);
}

Test(kill, compare_with_csv_and_report_at_random_moments)
{
    rng_state = 0x9e3779b97f4a7c15u;
    kill_points(1, COMPARE_POINTS);
}

/* The moment the issue found unguarded: the simulation is over and the
 * report is being written (gnuplot runs), then SIGINT. The previous
 * outputs must stay, whole, and the exit status must say so. */
Test(kill, compare_interrupted_while_writing_its_report_keeps_the_previous_outputs)
{
    references(1);
    const int sigs[2] = {SIGINT, SIGTERM};
    for (int k = 0; k < 2; k++) {
        copy_set("ref1", "work");
        pid_t pid = start(1, "work", 2);
        /* The report's temporary exists from the start, empty; it fills
         * only after the simulation, the HDF5 file and the CSV files. */
        int writing = 0;
        for (int i = 0; i < 60000 && !writing; i++) {
            DIR *d = opendir(at("work", ""));
            struct dirent *e;
            while (d && (e = readdir(d))) {
                struct stat st;
                char p[1024];
                snprintf(p, sizeof p, "%s/work/%s", dir, e->d_name);
                if (strncmp(e->d_name, ".r.html-", 8) == 0 && stat(p, &st) == 0 && st.st_size > 0)
                    writing = 1;
            }
            if (d)
                closedir(d);
            if (!writing)
                test_sleep(0.001);
        }
        cr_assert(writing, "the report was never written");
        cr_assert_eq(kill(pid, sigs[k]), 0);
        int st = test_wait(pid);
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 128 + sigs[k], "signal %d: status %d",
                  sigs[k], st);
        cr_assert_eq(generation_of_set("work", 1), 1, "the previous outputs, whole");
        cr_assert_eq(leftovers(), 0);
    }
}
