/* tests/test_outputs_cli.c: what every command that writes files refuses,
 * through the real executable: a device node, a FIFO, a symbolic link or
 * a folder as an output (each left as it was); an output that is one of
 * the command's inputs (the scenario, a file it extends, its parameter
 * file, the calibration and its targets file, a result file read), by any
 * name (./x, a hard link), or another output; a second command writing
 * the same output while the first runs. Also: a failed write to standard
 * output is exit 1, and a full file system (a small tmpfs, when the test
 * may mount one) is a clear error with no crash and no temporary file,
 * also when a plain comparison's journal fills it (which then resumes). */
#define _DEFAULT_SOURCE /* mknod, makedev, mount */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"
#include "base/outset.h"
#include "cli/outputs.h"
#include "cli/signal.h"

static char dir[64];

static const char *at(const char *name)
{
    static char buf[16][512];
    static int k;
    k = (k + 1) % 16;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* pattern with "@D" replaced by the test folder, "@S" by the source
 * folder and "@O" by out. */
static void expand(char *buf, size_t n, const char *pattern, const char *out)
{
    size_t len = 0;
    for (const char *p = pattern; *p && len + 1 < n;) {
        const char *with = NULL;
        if (p[0] == '@' && p[1] == 'D')
            with = dir;
        else if (p[0] == '@' && p[1] == 'S')
            with = test_source_dir();
        else if (p[0] == '@' && p[1] == 'O')
            with = out;
        if (with) {
            len += (size_t)snprintf(buf + len, n - len, "%s", with);
            p += 2;
        } else {
            buf[len++] = *p++;
        }
    }
    buf[len < n ? len : n - 1] = '\0';
}

static void sh(const char *pattern)
{
    char cmd[2048];
    expand(cmd, sizeof cmd, pattern, "");
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* A tree the commands read: scenarios (one extends the other, both name a
 * parameter file), a calibration with its targets, and a comparison file. */
static void make_tree(void)
{
    strcpy(dir, "/tmp/bilim-test-outputs-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    sh("mkdir -p @D/scen/params @D/data @D/cal");
    sh("cp @S/scenarios/baseline.json @S/scenarios/professional_development.json @D/scen/");
    sh("cp @S/scenarios/params/kz-2026-survey.json @D/scen/params/");
    sh("cp @S/data/survey-2026-principals.json @S/data/case-study-patterns.json @D/data/");
    sh("sed -e 's|\\.\\./baseline.json|../scen/baseline.json|' "
       "-e 's|\\.\\./\\.\\./data/|../data/|' "
       "@S/scenarios/calibration/kz-2026-survey.json > @D/cal/cal.json");
    char args[1024], *err = NULL;
    snprintf(args, sizeof args,
             "compare %s %s -o %s --schools 40 --months 12 --replicates 2 -q",
             at("scen/baseline.json"), at("scen/professional_development.json"), at("c.h5"));
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    free(err);
}

static void remove_tree(void)
{
    char cmd[128];
    umount2(at("full"), MNT_DETACH); /* when the full-disk test mounted one */
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(outputs_cli, .init = make_tree, .fini = remove_tree, .timeout = 240);

/* The commands that write files, each with one output at @O. */
#define SCEN "@D/scen/baseline.json @D/scen/professional_development.json"
#define SMALL "-q --schools 40 --months 12"
static const char *const commands[] = {
    "run @D/scen/baseline.json -o @O --schools 40 --months 6 -q",
    "compare " SCEN " -o @O " SMALL,
    "compare " SCEN " -o @D/x.h5 --report @O " SMALL,
    "compare " SCEN " -o @D/x.h5 --csv @O " SMALL,
    "report @D/c.h5 -o @O",
    "report @D/c.h5 -o @D/x.html --csv @O",
    "calibrate @D/cal/cal.json -o @O -q",
    "calibrate @D/cal/cal.json -o @D/x.h5 --write-params @O -q",
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static int is_kind(const char *path, mode_t kind)
{
    struct stat st;
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

Test(outputs_cli, devices_fifos_links_and_folders_are_refused_by_every_command)
{
    /* A device node of our own when root (never the machine's /dev/null). */
    int dev = mknod(at("dev"), S_IFCHR | 0600, makedev(1, 3)) == 0;
    cr_assert_eq(mkfifo(at("fifo"), 0600), 0);
    FILE *f = fopen(at("real"), "w");
    fputs("precious", f);
    fclose(f);
    cr_assert_eq(symlink(at("real"), at("link")), 0);
    cr_assert_eq(mkdir(at("folder"), 0755), 0);
    const struct {
        const char *name, *says;
        mode_t kind;
    } targets[] = {
        {"dev", "is a character device", S_IFCHR},
        {"fifo", "is a named pipe (FIFO)", S_IFIFO},
        {"link", "is a symbolic link", S_IFLNK},
        {"folder", "is a directory", S_IFDIR},
    };
    for (size_t t = dev ? 0 : 1; t < sizeof targets / sizeof targets[0]; t++)
        for (size_t k = 0; k < N_COMMANDS; k++) {
            char args[4096], *err = NULL;
            int csv_folder = strstr(commands[k], "--csv") != NULL;
            if (csv_folder && targets[t].kind == S_IFDIR)
                continue; /* --csv wants a folder: writing inside one is allowed */
            expand(args, sizeof args, commands[k], at(targets[t].name));
            int rc = test_run_bilim(args, NULL, &err);
            cr_assert_eq(rc, 2, "%s: status %d\n%s", args, rc, err);
            cr_assert(strstr(err, csv_folder ? "exists and is" : targets[t].says), "%s\n%s",
                      args, err);
            cr_assert(is_kind(at(targets[t].name), targets[t].kind), "%s changed it", args);
            free(err);
        }
    char *text = test_slurp(at("real"));
    cr_assert_str_eq(text, "precious", "the link's target is untouched");
    free(text);
    cr_assert_eq(test_count_entries(dir, ".bilim-"), 0);
    if (!dev)
        cr_log_warn("not root: no device node could be made; devices were not tried");
}

/* Each: a command line whose output is one of its inputs (or another
 * output), and the file that must survive. */
Test(outputs_cli, an_output_that_is_an_input_or_another_output_is_refused)
{
    cr_assert_eq(link(at("scen/baseline.json"), at("hard.json")), 0);
    char cwd[1024];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(dir), 0);
    const char *cases[][2] = {
        {"run scen/baseline.json -o scen/baseline.json", "scen/baseline.json"},
        {"run scen/baseline.json -o ./scen/baseline.json", "scen/baseline.json"},
        {"run scen/baseline.json -o hard.json", "scen/baseline.json"},
        {"run scen/professional_development.json -o scen/baseline.json", "scen/baseline.json"},
        {"run scen/baseline.json -o scen/params/kz-2026-survey.json",
         "scen/params/kz-2026-survey.json"},
        {"compare @C -o scen/professional_development.json", "scen/professional_development.json"},
        {"compare @C -o x.h5 --report scen/baseline.json", "scen/baseline.json"},
        {"compare @C -o c.h5 --report c.h5", "c.h5"},
        {"compare @C -o c.h5 --csv csv --report csv/series.csv", "c.h5"},
        {"report c.h5 -o c.h5", "c.h5"},
        {"report c.h5 -o ./c.h5", "c.h5"},
        {"report c.h5 -o csv/comparison.csv --csv csv", "c.h5"},
        {"calibrate cal/cal.json -o cal/cal.json", "cal/cal.json"},
        {"calibrate cal/cal.json -o data/survey-2026-principals.json",
         "data/survey-2026-principals.json"},
        {"calibrate cal/cal.json -o x.h5 --write-params cal/cal.json", "cal/cal.json"},
        {"calibrate cal/cal.json -o x.h5 --write-params data/survey-2026-principals.json",
         "data/survey-2026-principals.json"},
        {"calibrate cal/cal.json -o x.h5 --write-params scen/params/kz-2026-survey.json",
         "scen/params/kz-2026-survey.json"},
        {"calibrate cal/cal.json -o x.h5 --write-params x.h5", "c.h5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[1024], *err = NULL;
        const char *c = strstr(cases[i][0], "@C");
        if (c)
            snprintf(args, sizeof args,
                     "%.*sscen/baseline.json scen/professional_development.json%s",
                     (int)(c - cases[i][0]), cases[i][0], c + 2);
        else
            snprintf(args, sizeof args, "%s", cases[i][0]);
        char *before = test_slurp(cases[i][1]);
        cr_assert_not_null(before, "%s", cases[i][1]);
        int rc = test_run_bilim(args, NULL, &err);
        cr_assert_eq(rc, 2, "%s: status %d\n%s", args, rc, err);
        cr_assert(strstr(err, "is the input file") || strstr(err, "is also the output"), "%s\n%s",
                  args, err);
        char *after = test_slurp(cases[i][1]);
        cr_assert(after && strcmp(before, after) == 0, "%s changed %s", args, cases[i][1]);
        free(before);
        free(after);
        free(err);
    }
    cr_assert(access("x.h5", F_OK) != 0 && access("csv", F_OK) != 0, "nothing was written");
    cr_assert_eq(test_count_entries(".", ".bilim-"), 0);
    cr_assert_eq(chdir(cwd), 0);
}

static int wait_for_temporary(const char *folder, const char *prefix)
{
    struct timespec tick = {0, 10000000};
    for (int i = 0; i < 6000; i++) { /* a guard against a hang, not a timing test */
        DIR *d = opendir(folder);
        struct dirent *e;
        int found = 0;
        while ((e = readdir(d)))
            found |= strncmp(e->d_name, prefix, strlen(prefix)) == 0;
        closedir(d);
        if (found)
            return 1;
        nanosleep(&tick, NULL);
    }
    return 0;
}

Test(outputs_cli, a_second_writer_of_the_same_output_is_refused)
{
    pid_t first = fork();
    cr_assert_geq(first, 0);
    if (first == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(99);
        execl(test_exe(), "bilim", "run", at("scen/baseline.json"), "-o", at("same.h5"),
              "--months", "600", "--replicates", "50", "-q", (char *)NULL);
        _exit(98);
    }
    cr_assert(wait_for_temporary(dir, ".same.h5-"));
    char args[1024], *err = NULL;
    snprintf(args, sizeof args, "run %s -o %s --schools 40 --months 6 -q",
             at("scen/baseline.json"), at("same.h5"));
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1, "%s", err);
    char want[64];
    snprintf(want, sizeof want, "another process (pid %ld) is writing it", (long)first);
    cr_assert(strstr(err, want), "%s", err);
    free(err);
    cr_assert_eq(kill(first, SIGTERM), 0);
    int st;
    cr_assert_eq(waitpid(first, &st, 0), first);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 143, "status %d", st);
    cr_assert_eq(test_count_entries(dir, ".bilim-"), 0);
    cr_assert_neq(access(at("same.h5"), F_OK), 0);
}

Test(outputs_cli, a_failed_write_to_standard_output_is_an_error)
{
    const char *cases[] = {"params", "params --markdown", "--help", "--version", "help run",
                           "validate @D/scen/baseline.json",
                           "validate @D/scen/baseline.json --print", "validate --schema",
                           "info @D/c.h5"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[1024], cmd[2048];
        expand(args, sizeof args, cases[i], "");
        snprintf(cmd, sizeof cmd, "%s %s > /dev/full 2> %s", test_exe(), args, at("err"));
        int st = system(cmd);
        char *err = test_slurp(at("err"));
        cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "bilim %s > /dev/full: status %d", args,
                  st);
        cr_assert(strstr(err, "bilim: cannot write to standard output: "),
                  "bilim %s: %s", args, err);
        free(err);
    }
}

/* A small tmpfs at @D/full stands for a full disk. Needs root (CI runs as
 * root): skips the test otherwise. */
static void mount_small_disk(void)
{
    cr_assert_eq(mkdir(at("full"), 0755), 0);
    if (mount("tmpfs", at("full"), "tmpfs", 0, "size=256k") != 0)
        cr_skip_test("cannot mount a small tmpfs here (%s; the test needs root): the full "
                     "file system is not tried",
                     strerror(errno));
}

Test(outputs_cli, a_full_file_system_is_a_clear_error)
{
    mount_small_disk();
    char args[2048], *err = NULL;
    /* bilim run knows the size it needs: refused before it simulates. */
    snprintf(args, sizeof args, "run %s -o %s/r.h5 --schools 60 --months 24 --replicates 4 -q",
             at("scen/baseline.json"), at("full"));
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1, "%s", err);
    cr_assert(strstr(err, "not enough free space"), "%s", err);
    free(err);
    /* compare does not: the disk fills while it writes, at several levels. */
    for (int fill = 0; fill <= 192; fill += 64) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf %s/* && echo old > %s/c.h5 && "
                 "dd if=/dev/zero of=%s/fill bs=1k count=%d 2>/dev/null",
                 at("full"), at("full"), at("full"), fill);
        cr_assert_eq(system(cmd), 0);
        snprintf(args, sizeof args,
                 "compare %s %s -o %s/c.h5 --csv %s/csv --report %s/r.html --schools 40 "
                 "--months 12 --replicates 2 -q",
                 at("scen/baseline.json"), at("scen/professional_development.json"),
                 at("full"), at("full"), at("full"));
        int rc = test_run_bilim(args, NULL, &err);
        cr_assert_eq(rc, 1, "fill %d KiB: status %d (-1: a signal)\n%s", fill, rc, err);
        cr_assert(strstr(err, "No space left on device") || strstr(err, "disk full"),
                  "fill %d KiB: %s", fill, err);
        cr_assert(!strstr(err, "0x"), "no raw HDF5 record: %s", err);
        free(err);
        char *old = test_slurp(at("full/c.h5"));
        cr_assert_str_eq(old, "old\n", "fill %d KiB: the previous result is kept", fill);
        free(old);
        cr_assert_eq(test_count_entries(at("full"), ".bilim-"), 0, "fill %d KiB", fill);
        cr_assert_neq(access(at("full/csv"), F_OK), 0, "the folder it made is removed");
    }
}

/* A plain comparison journals each replicate's whole series (tens of kB
 * here), so on a small disk the journal is what fills it, in the middle of
 * the batch: the append's error is named, the old result kept, the journal
 * keeps the records written whole, and once there is room the same
 * command resumes from them to the same file as an uninterrupted run. */
Test(outputs_cli, a_full_disk_while_journalling_keeps_the_old_result_and_resumes)
{
    mount_small_disk();
    sh("echo old > @D/full/c.h5");
    char args[2048], ref_args[2048], *err = NULL;
    const char *common = "--schools 40 --months 12 --replicates 4";
    snprintf(args, sizeof args, "compare %s %s -o %s/c.h5 %s", at("scen/baseline.json"),
             at("scen/professional_development.json"), at("full"), common);
    int rc = test_run_bilim(args, NULL, &err);
    cr_assert_eq(rc, 1, "status %d\n%s", rc, err);
    cr_assert(strstr(err, "c.h5.journal: cannot append to the journal: No space left on device"),
              "the journal's error is named: %s", err);
    free(err);
    char *old = test_slurp(at("full/c.h5"));
    cr_assert_str_eq(old, "old\n", "the previous result is kept");
    free(old);
    cr_assert_eq(test_count_entries(at("full"), ".bilim-"), 0);
    struct stat st;
    cr_assert_eq(stat(at("full/c.h5.journal"), &st), 0, "the journal stays for a resume");
    /* Room again: the same command resumes and its file is an uninterrupted run's. */
    cr_assert_eq(mount("tmpfs", at("full"), "tmpfs", MS_REMOUNT, "size=8m"), 0, "%s",
                 strerror(errno));
    rc = test_run_bilim(args, NULL, &err);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert(strstr(err, "resuming: "), "it resumed from the journal: %s", err);
    free(err);
    cr_assert_neq(access(at("full/c.h5.journal"), F_OK), 0, "the journal is removed");
    cr_assert_eq(mkdir(at("room"), 0755), 0);
    snprintf(ref_args, sizeof ref_args, "compare %s %s -o %s/c.h5 %s", at("scen/baseline.json"),
             at("scen/professional_development.json"), at("room"), common);
    cr_assert_eq(test_run_bilim(ref_args, NULL, NULL), 0);
    char *got = test_h5_results(at("full/c.h5")), *ref = test_h5_results(at("room/c.h5"));
    cr_assert_not_null(got);
    cr_assert_not_null(ref);
    /* The command line recorded in the file names the folder: compare the rest. */
    for (char *p = got; (p = strstr(p, "/full/")); p += 6)
        memcpy(p, "/room/", 6);
    cr_expect_str_eq(got, ref, "resumed after the full disk: differs from an uninterrupted run");
    free(got);
    free(ref);
}

/* In-process: the last look at the signal flag comes right before the
 * renames, so an interruption during the writing leaves the old set. */
Test(outputs_cli, the_commit_looks_at_the_signal_flag_last)
{
    bilim_signal_install();
    FILE *f = fopen(at("t.txt"), "w");
    fputs("old", f);
    fclose(f);
    bilim_error err;
    bilim_outset *s = bilim_outset_alloc();
    int i;
    cr_assert_eq(bilim_outset_file(s, at("t.txt"), "-o", 0, &i, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    fputs("new", bilim_outset_stream(s, i, &err));
    raise(SIGTERM); /* the handler only sets the flag */
    cr_assert_eq(bilim_outputs_commit(s, &err), BILIM_EINTR);
    cr_assert(strstr(err.msg, "unchanged"), "%s", err.msg);
    bilim_outset_free(s);
    cr_assert_eq(bilim_signal_exit_code(), 143);
    bilim_signal_reset();
    char *text = test_slurp(at("t.txt"));
    cr_assert_str_eq(text, "old");
    free(text);
    cr_assert_eq(test_count_entries(dir, ".bilim-"), 0);
}
