/* tests/test_run_cli.c: `bilim run` and `bilim info` as a user meets them,
 * through the real executable: usage and input errors, a small run and its
 * summary, reproducibility across --threads, and Ctrl-C on a real child
 * process leaving neither the target nor a temporary file. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"
#include "models/preset.h"
#include "formats/output_read.h"
#include "formats/scenario_load.h"

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/bilim-test-run-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(run_cli, .init = make_dir, .fini = remove_dir);

static const char *write_scenario(const char *name, const char *json)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(json, f);
    fclose(f);
    return path;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of entries of dir whose name starts with prefix. */
static int count_prefixed(const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

Test(run_cli, usage_errors_exit_2)
{
    char *err = NULL;
    cr_assert_eq(test_run_bilim("run", NULL, &err), 2);
    cr_assert(strstr(err, "expects one scenario file"), "%s", err);
    free(err);
    const char *sc = write_scenario("s.json", "{\"name\": \"s\"}");
    char args[512];
    snprintf(args, sizeof args, "run %s", sc);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 2);
    cr_assert(strstr(err, "missing -o OUT.h5"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "run %s -o %s/o.h5 --threads 0", sc, dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 2);
    free(err);
    cr_assert_eq(test_run_bilim("info", NULL, &err), 2);
    free(err);
}

Test(run_cli, invalid_scenarios_exit_1_with_the_loaders_messages)
{
    const char *sc = write_scenario("bad.json", "{\"name\": \"bad\", \"bogus\": 1}");
    char args[512], *err = NULL;
    snprintf(args, sizeof args, "run %s -o %s/o.h5", sc, dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "bogus"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "run %s/absent.json -o %s/o.h5", dir, dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "absent.json"), "%s", err);
    free(err);
    cr_assert_eq(count_prefixed("o.h5"), 0);
}

Test(run_cli, unwritable_target_fails_before_simulating)
{
    const char *sc = write_scenario("s.json", "{\"name\": \"s\"}");
    char args[512], *err = NULL, *out = NULL;
    /* The whole national population for 1200 months would take long: the
     * check must come first. */
    snprintf(args, sizeof args, "run %s -o %s/missing/o.h5 --months 1200 --replicates 1000", sc,
             dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert(strstr(err, "missing"), "%s", err);
    cr_assert(strstr(err, "does not exist"), "%s", err);
    cr_assert_str_eq(out, "");
    free(out);
    free(err);
}

Test(run_cli, small_run_summary_info_and_quiet)
{
    const char *sc = write_scenario("base.json", "{\"name\": \"base\"}");
    char args[512], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "run %s -o %s/r.h5 --schools 120 --months 6 --replicates 3 --seed 9",
             sc, dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "wrote"), "%s", out);
    cr_assert(strstr(out, "r.h5"), "%s", out);
    cr_assert(strstr(out, "3 replicates x 6 months"), "%s", out);
    cr_assert(strstr(out, " s "), "wall time: %s", out);
    cr_assert_str_eq(err, "", "no progress bar when stderr is not a terminal");
    cr_assert_eq(count_prefixed("r.h5"), 1, "no temporary file is left");
    free(out);
    free(err);
    snprintf(args, sizeof args, "info %s/r.h5", dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    const char *want[] = {"format 1", "scenario 'base'", "seed 9", "3 replicates",
                          "months 0..6", "120 schools", "adoption_routine_by_locality",
                          "3 x 7 x 1 x 2", "replicate, month, innovation, locality",
                          "project_based_learning", "Philox4x64-10"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert(strstr(out, want[i]), "info lacks '%s':\n%s", want[i], out);
    free(out);
    free(err);
    snprintf(args, sizeof args, "run %s -o %s/q.h5 --schools 50 --months 2 --replicates 1 -q", sc,
             dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert_str_eq(out, "");
    cr_assert_str_eq(err, "");
    free(out);
    free(err);
}

Test(run_cli, info_rejects_foreign_files)
{
    const char *txt = write_scenario("notes.h5", "hello\n");
    char args[512], *err = NULL;
    snprintf(args, sizeof args, "info %s", txt);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "not an HDF5 file"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "info %s/none.h5", dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "none.h5"), "%s", err);
    free(err);
}

/* Reads both files back and compares every series value and survey. */
static void assert_same_results(const char *a, const char *b)
{
    bilim_run_result *ra, *rb;
    char **ja, **jb;
    int na, nb;
    bilim_error err;
    cr_assert_eq(bilim_output_read(a, &ra, &ja, &na, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_read(b, &rb, &jb, &nb, &err), 0, "%s", err.msg);
    cr_assert_eq(na, 1);
    cr_assert_eq(nb, 1);
    size_t n = (size_t)ra->replicates * ((size_t)ra->months + 1) * ra->layout.record_size;
    cr_assert_eq(memcmp(ra->series, rb->series, n * sizeof(double)), 0);
    cr_assert_str_eq(ja[0], jb[0]);
    cr_assert_neq(ra->threads_used, rb->threads_used);
    bilim_output_read_free(ra, ja, na);
    bilim_output_read_free(rb, jb, nb);
}

Test(run_cli, same_results_for_any_threads)
{
    const char *sc = write_scenario("t.json", "{\"name\": \"t\"}");
    char args[512];
    for (int t = 1; t <= 3; t += 2) {
        snprintf(args, sizeof args, "run %s -o %s/t%d.h5 --schools 100 --months 4 --replicates 3 --threads %d -q",
                 sc, dir, t, t);
        cr_assert_eq(test_run_bilim(args, NULL, NULL), 0);
    }
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/t1.h5", dir);
    snprintf(b, sizeof b, "%s/t3.h5", dir);
    assert_same_results(a, b);
}

/* A file written with --schools reads back as the scenario the command ran:
 * the sample, with the national budget scaled to it. */
Test(run_cli, overrides_read_back_as_run)
{
    char sc_path[512], args[1024], out[256];
    snprintf(sc_path, sizeof sc_path, "%s/scenarios/option_10bn_incentives.json", test_source_dir());
    snprintf(out, sizeof out, "%s/o.h5", dir);
    snprintf(args, sizeof args, "run %s -o %s --schools 200 --replicates 2 --seed 11 -q", sc_path, out);
    char *err = NULL;
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    free(err);
    bilim_scenario want;
    cr_assert_eq(bilim_scenario_load(sc_path, &want, NULL, NULL), 0);
    bilim_error e;
    cr_assert_eq(bilim_scenario_sample(&want, 200, &e), 0, "%s", e.msg);
    bilim_run_result *runs;
    char **jsons;
    int n;
    cr_assert_eq(bilim_output_read(out, &runs, &jsons, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n, 1);
    const bilim_scenario *got = &runs[0].scenario;
    cr_assert_eq(got->seed, 11);
    cr_assert_eq(got->replicates, 2);
    cr_assert_eq(bilim_population_schools(&got->population), 200);
    cr_assert_eq(got->interventions[0].budget_kzt, want.interventions[0].budget_kzt);
    cr_assert_lt(got->interventions[0].budget_kzt, 1e10, "the budget is scaled to the sample");
    cr_assert_eq(memcmp(&got->population, &want.population, sizeof want.population), 0);
    bilim_output_read_free(runs, jsons, n);
}

/* Starts `bilim run` on a long job, waits for its temporary file, sends sig
 * and returns the exit status. */
static int interrupt_run(int sig, const char *target)
{
    const char *sc = write_scenario("long.json", "{\"name\": \"long\"}");
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(99);
        execl(test_exe(), "bilim", "run", sc, "-o", target, "--months", "1200", "--replicates",
              "100", (char *)NULL);
        _exit(98);
    }
    /* The temporary file: ".NAME-PID@HOST.bilim-tmp" beside the target. */
    char tmp[512], prefix[128];
    const char *name = strrchr(target, '/') + 1;
    snprintf(prefix, sizeof prefix, ".%s-%ld@", name, (long)pid);
    /* Guard against a hang, not a timing assertion: the file appears as
     * soon as the scenario is loaded. */
    struct timespec tick = {0, 10000000};
    tmp[0] = '\0';
    for (int i = 0; i < 6000 && !tmp[0]; i++) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
                snprintf(tmp, sizeof tmp, "%s/%s", dir, e->d_name);
        closedir(d);
        if (!tmp[0])
            nanosleep(&tick, NULL);
    }
    if (!tmp[0] || !exists(tmp)) {
        /* Never leave a 1200-month run behind as an orphan. */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        cr_assert_fail("the temporary file %s* never appeared", prefix);
    }
    nanosleep(&tick, NULL);
    cr_assert_eq(kill(pid, sig), 0);
    int status;
    pid_t w = waitpid(pid, &status, 0);
    if (w != pid)
        kill(pid, SIGKILL);
    cr_assert_eq(w, pid);
    cr_assert(WIFEXITED(status), "bilim did not exit normally (status %d)", status);
    cr_assert(!exists(tmp), "the temporary file is left behind");
    return WEXITSTATUS(status);
}

Test(run_cli, sigint_removes_the_temporary_file_and_exits_130)
{
    char target[256];
    snprintf(target, sizeof target, "%s/big.h5", dir);
    cr_assert_eq(interrupt_run(SIGINT, target), 130);
    cr_assert(!exists(target));
    cr_assert_eq(count_prefixed("big.h5"), 0);
}

Test(run_cli, sigterm_exits_143_and_keeps_the_previous_file)
{
    char target[256];
    snprintf(target, sizeof target, "%s/prev.h5", dir);
    FILE *f = fopen(target, "w");
    fputs("previous result", f);
    fclose(f);
    cr_assert_eq(interrupt_run(SIGTERM, target), 143);
    char *text = test_slurp(target);
    cr_assert_str_eq(text, "previous result");
    free(text);
    cr_assert_eq(count_prefixed("prev.h5"), 1);
}
