/* tests/test_outset.c: base/outset.h, the one way bilim replaces files:
 * the policy on targets (symbolic links, devices, FIFOs, folders refused;
 * inputs and other outputs refused by device and inode), temporaries and
 * their locks, all-or-nothing commits, write errors (a file size limit
 * stands in for a full disk), a second writer, and the recovery of what a
 * killed process left (stale temporaries, a commit cut between renames). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "base/outset.h"
#include "base/outset_internal.h"

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/bilim-test-outset-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(outset, .init = make_dir, .fini = remove_dir);

static const char *at(const char *name)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Declares path as the one file of a new set; returns the status. */
static int declare_one(const char *path, bilim_error *err)
{
    bilim_outset *s = bilim_outset_alloc();
    int rc = bilim_outset_file(s, path, "-o", 0, NULL, err);
    bilim_outset_free(s);
    return rc;
}

/* A process id that is certainly gone: a child that has exited and been
 * reaped (reuse within the test's lifetime is not a concern). */
static long dead_pid(void)
{
    pid_t p = fork();
    cr_assert_geq(p, 0);
    if (p == 0)
        _exit(0);
    int st;
    waitpid(p, &st, 0);
    return (long)p;
}

/* ".NAME-PID@HOST.bilim-tmp" for this host and the given pid. */
static void temp_name(char *buf, size_t n, const char *name, long pid, const char *suffix)
{
    char owner[40];
    bilim__outset_owner(owner, sizeof owner);
    snprintf(buf, n, ".%s-%ld%s%s", name, pid, strchr(owner, '@'), suffix);
}

/* --- the policy on targets ------------------------------------------------ */

Test(outset, refuses_links_devices_fifos_and_folders)
{
    bilim_error err;
    put(at("real.h5"), "precious");
    cr_assert_eq(symlink(at("real.h5"), at("link.h5")), 0);
    cr_assert_eq(symlink(at("nowhere"), at("dangling.h5")), 0);
    cr_assert_eq(mkfifo(at("fifo"), 0600), 0);
    cr_assert_eq(mkdir(at("sub"), 0755), 0);
    const struct {
        const char *path, *says;
    } cases[] = {
        {at("link.h5"), "is a symbolic link"},   {at("dangling.h5"), "is a symbolic link"},
        {at("fifo"), "is a named pipe (FIFO)"},  {"/dev/null", "is a character device"},
        {at("sub"), "is a directory"},           {at("sub/"), "names a folder"},
        {"", "the path is empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(declare_one(cases[i].path, &err), BILIM_EUSAGE, "%s", cases[i].path);
        cr_assert(strstr(err.msg, cases[i].says), "%s: %s", cases[i].path, err.msg);
        cr_assert(strncmp(err.msg, "-o", 2) == 0, "names the option: %s", err.msg);
    }
    /* Nothing was touched, nothing was created. */
    char *text = test_slurp(at("real.h5"));
    cr_assert_str_eq(text, "precious");
    free(text);
    struct stat st;
    cr_assert_eq(lstat(at("link.h5"), &st), 0);
    cr_assert(S_ISLNK(st.st_mode));
    cr_assert_eq(lstat(at("fifo"), &st), 0);
    cr_assert(S_ISFIFO(st.st_mode));
    cr_assert_eq(test_count_entries(dir, "bilim"), 0);
    cr_assert_eq(declare_one(at("no/such/dir/x.h5"), &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "does not exist") && strstr(err.msg, "mkdir -p"), "%s", err.msg);
}

Test(outset, refuses_an_input_by_device_and_inode)
{
    bilim_error err;
    put(at("in.json"), "{}");
    cr_assert_eq(link(at("in.json"), at("hard.h5")), 0);
    char cwd[1024];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(dir), 0);
    const char *same[] = {"in.json", "./in.json", "hard.h5", "../" , NULL};
    char up[600];
    snprintf(up, sizeof up, "..%s/in.json", strrchr(dir, '/'));
    same[3] = up;
    for (int i = 0; same[i]; i++) {
        bilim_outset *s = bilim_outset_alloc();
        cr_assert_eq(bilim_outset_input(s, "in.json", &err), 0);
        cr_assert_eq(bilim_outset_file(s, same[i], "-o", 0, NULL, &err), BILIM_EUSAGE, "%s",
                     same[i]);
        cr_assert(strstr(err.msg, "is the input file in.json"), "%s", err.msg);
        bilim_outset_free(s);
        /* Declared the other way round too. */
        s = bilim_outset_alloc();
        cr_assert_eq(bilim_outset_file(s, same[i], "-o", 0, NULL, &err), 0, "%s", err.msg);
        cr_assert_eq(bilim_outset_input(s, "./in.json", &err), BILIM_EUSAGE, "%s", same[i]);
        bilim_outset_free(s);
    }
    cr_assert_eq(chdir(cwd), 0);
    char *text = test_slurp(at("in.json"));
    cr_assert_str_eq(text, "{}");
    free(text);
}

Test(outset, refuses_two_outputs_on_one_file)
{
    bilim_error err;
    bilim_outset *s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_file(s, at("a.h5"), "-o", 0, NULL, &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("./a.h5"), "--report", 0, NULL, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "is also the output -o"), "%s", err.msg);
    bilim_outset_free(s);
    /* A file inside a folder still to be created. */
    s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_folder(s, at("new"), "--csv", &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_outset_file(s, at("new/x.csv"), "--csv", 0, NULL, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_outset_file(s, at("new/x.csv"), "-o", 0, NULL, &err), BILIM_EUSAGE);
    bilim_outset_free(s);
    cr_assert(!exists(at("new")), "declaring creates nothing");
    /* A folder that is a file. */
    put(at("plain"), "x");
    s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_folder(s, at("plain"), "--csv", &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "exists and is a file"), "%s", err.msg);
    bilim_outset_free(s);
}

/* --- temporaries and the commit -------------------------------------------- */

Test(outset, commit_replaces_every_file_together)
{
    bilim_error err;
    put(at("a.txt"), "old a");
    cr_assert_eq(chmod(at("a.txt"), 0640), 0);
    bilim_outset *s = bilim_outset_alloc();
    int ia, ib;
    cr_assert_eq(bilim_outset_file(s, at("a.txt"), "-o", 0, &ia, &err), 0);
    cr_assert_eq(bilim_outset_folder(s, at("d"), "--csv", &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("d/b.txt"), "--csv", 0, &ib, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    char want[256];
    temp_name(want, sizeof want, "a.txt", (long)getpid(), BILIM__OUTSET_TMP);
    cr_assert_str_eq(strrchr(bilim_outset_temp(s, ia), '/') + 1, want);
    cr_assert(bilim__outset_locked(bilim_outset_temp(s, ia)), "the temporary is locked");
    fputs("new a", bilim_outset_stream(s, ia, &err));
    fputs("new b", bilim_outset_stream(s, ib, &err));
    char *text = test_slurp(at("a.txt"));
    cr_assert_str_eq(text, "old a", "nothing is replaced before the commit");
    free(text);
    cr_assert_eq(bilim_outset_commit(s, &err), 0, "%s", err.msg);
    bilim_outset_free(s);
    text = test_slurp(at("a.txt"));
    cr_assert_str_eq(text, "new a");
    free(text);
    text = test_slurp(at("d/b.txt"));
    cr_assert_str_eq(text, "new b");
    free(text);
    struct stat st;
    cr_assert_eq(stat(at("a.txt"), &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0640, "the replacement keeps the permissions");
    cr_assert_eq(test_count_entries(dir, "bilim"), 0, "no temporary or journal is left");
    cr_assert_eq(test_count_entries(at("d"), "bilim"), 0);
}

Test(outset, without_commit_nothing_changes_and_nothing_is_left)
{
    bilim_error err;
    put(at("a.txt"), "old a");
    bilim_outset *s = bilim_outset_alloc();
    int i;
    cr_assert_eq(bilim_outset_folder(s, at("made"), "--csv", &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("a.txt"), "-o", 0, &i, &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("made/x.csv"), "--csv", 0, NULL, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    cr_assert(exists(at("made")), "open creates the folder");
    fputs("half", bilim_outset_stream(s, i, &err));
    bilim_outset_free(s);
    char *text = test_slurp(at("a.txt"));
    cr_assert_str_eq(text, "old a");
    free(text);
    cr_assert(!exists(at("made")), "the folder it created, still empty, is removed");
    cr_assert_eq(test_count_entries(dir, "bilim"), 0);
}

/* A file size limit makes writes fail as a full disk does (EFBIG instead
 * of ENOSPC), without root. */
Test(outset, a_failed_write_fails_the_commit_and_leaves_the_old_files)
{
    bilim_error err;
    put(at("a.txt"), "old a");
    put(at("b.txt"), "old b");
    bilim_outset *s = bilim_outset_alloc();
    int ia, ib;
    cr_assert_eq(bilim_outset_file(s, at("a.txt"), "-o", 0, &ia, &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("b.txt"), "--report", 0, &ib, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    struct rlimit old, small = {4096, 4096};
    getrlimit(RLIMIT_FSIZE, &old);
    small.rlim_max = old.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    fputs("new a", bilim_outset_stream(s, ia, &err));
    FILE *f = bilim_outset_stream(s, ib, &err);
    for (int k = 0; k < 10000; k++)
        fputs("0123456789", f);
    int rc = bilim_outset_commit(s, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    cr_assert_eq(rc, BILIM_EIO);
    cr_assert(strstr(err.msg, "cannot write --report") && strstr(err.msg, "b.txt"), "%s",
              err.msg);
    bilim_outset_free(s);
    char *text = test_slurp(at("a.txt"));
    cr_assert_str_eq(text, "old a", "one failed output: none is replaced");
    free(text);
    cr_assert_eq(test_count_entries(dir, "bilim"), 0, "and no temporary is left");
}

Test(outset, not_enough_space_fails_before_anything_is_made)
{
    bilim_error err;
    bilim_outset *s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_file(s, at("big.h5"), "-o", UINT64_C(1) << 62, NULL, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "not enough free space for -o"), "%s", err.msg);
    bilim_outset_free(s);
    cr_assert_eq(test_count_entries(dir, "big"), 0);
}

/* --- a second writer --------------------------------------------------------- */

Test(outset, a_second_writer_of_the_same_file_is_refused)
{
    int go[2], done[2];
    cr_assert_eq(pipe(go), 0);
    cr_assert_eq(pipe(done), 0);
    pid_t child = fork();
    cr_assert_geq(child, 0);
    if (child == 0) {
        /* Only the test holds the write end: if it fails, the read ends. */
        close(done[1]);
        close(go[0]);
        bilim_outset *s = bilim_outset_alloc();
        bilim_error e;
        int ok = !bilim_outset_file(s, at("same.h5"), "-o", 0, NULL, &e) &&
                 !bilim_outset_open(s, &e);
        char c = ok ? 'y' : 'n';
        (void)!write(go[1], &c, 1);
        (void)!read(done[0], &c, 1); /* holds the set until told */
        bilim_outset_free(s);
        _exit(0);
    }
    close(done[0]);
    close(go[1]);
    char c;
    cr_assert_eq(read(go[0], &c, 1), 1);
    cr_assert_eq(c, 'y');
    bilim_error err;
    bilim_outset *s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_file(s, at("same.h5"), "-o", 0, NULL, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), BILIM_EIO);
    char want[64];
    snprintf(want, sizeof want, "another process (pid %ld) is writing it", (long)child);
    cr_assert(strstr(err.msg, want), "%s", err.msg);
    bilim_outset_free(s);
    cr_assert_eq(test_count_entries(dir, "bilim-tmp"), 1, "the refused set leaves nothing; the "
                 "first keeps its temporary");
    (void)!write(done[1], "x", 1);
    int st;
    waitpid(child, &st, 0);
    /* Once the first writer is gone, the file is free again. */
    s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_file(s, at("same.h5"), "-o", 0, NULL, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    bilim_outset_free(s);
}

/* --- recovery ------------------------------------------------------------------ */

Test(outset, stale_temporaries_of_dead_processes_are_removed)
{
    char dead[256], live[256], other_host[256];
    temp_name(dead, sizeof dead, "r.h5", dead_pid(), BILIM__OUTSET_TMP);
    temp_name(live, sizeof live, "r.h5", (long)getppid(), BILIM__OUTSET_TMP);
    snprintf(other_host, sizeof other_host, ".r.h5-%ld@00000000" BILIM__OUTSET_TMP, dead_pid());
    put(at(dead), "left by a killed run");
    put(at(live), "its process lives");
    put(at(other_host), "another host's: its process cannot be asked");
    put(at("r.h5"), "previous result");
    int removed;
    bilim_error err;
    cr_assert_eq(bilim_outset_recover(dir, &removed, &err), 0, "%s", err.msg);
    cr_assert_eq(removed, 1);
    cr_assert(!exists(at(dead)));
    cr_assert(exists(at(live)));
    cr_assert(exists(at(other_host)));
    /* Opening a set in the folder does the same. */
    temp_name(dead, sizeof dead, "q.h5", dead_pid(), BILIM__OUTSET_TMP);
    put(at(dead), "x");
    bilim_outset *s = bilim_outset_alloc();
    cr_assert_eq(bilim_outset_file(s, at("r.h5"), "-o", 0, NULL, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    bilim_outset_free(s);
    cr_assert(!exists(at(dead)));
    char *text = test_slurp(at("r.h5"));
    cr_assert_str_eq(text, "previous result");
    free(text);
}

/* The state a process killed between two renames of a commit leaves:
 * temporaries of its two files in two folders, a journal in each folder,
 * the first file already renamed. */
static void crashed_commit(long pid, int journal_in_second)
{
    char sub[600], ta[256], tb[256], jn[256], jt[600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    put(at("a.h5"), "old a");
    put(at("sub/b.csv"), "old b");
    temp_name(ta, sizeof ta, "a.h5", pid, BILIM__OUTSET_TMP);
    temp_name(tb, sizeof tb, "b.csv", pid, BILIM__OUTSET_TMP);
    temp_name(jn, sizeof jn, "a.h5", pid, BILIM__OUTSET_JOURNAL);
    char subtb[600];
    snprintf(subtb, sizeof subtb, "sub/%s", tb);
    put(at(subtb), "new b");
    const char *dirs[2] = {dir, sub};
    bilim__outset_entry e[2] = {{0, ta, "a.h5"}, {1, tb, "b.csv"}};
    for (int d = 0; d < 1 + journal_in_second; d++) {
        snprintf(jt, sizeof jt, "%s/%s", dirs[d], jn);
        int fd = open(jt, O_WRONLY | O_CREAT | O_EXCL, 0644);
        cr_assert_geq(fd, 0);
        cr_assert_eq(bilim__outset_journal_write(fd, dirs, 2, e, 2), 0);
        close(fd);
    }
    if (journal_in_second) /* the commit had begun: a.h5 is already new */
        put(at("a.h5"), "new a");
    else
        put(at(ta), "new a");
}

Test(outset, a_commit_cut_between_renames_is_completed)
{
    crashed_commit(dead_pid(), 1);
    int removed;
    bilim_error err;
    /* Recovery from the second folder finishes the whole commit. */
    cr_assert_eq(bilim_outset_recover(at("sub"), &removed, &err), 0, "%s", err.msg);
    cr_assert_eq(removed, 1);
    char *a = test_slurp(at("a.h5")), *b = test_slurp(at("sub/b.csv"));
    cr_assert_str_eq(a, "new a");
    cr_assert_str_eq(b, "new b", "the new set, whole");
    free(a);
    free(b);
    cr_assert_eq(test_count_entries(dir, "bilim"), 0);
    cr_assert_eq(test_count_entries(at("sub"), "bilim"), 0);
}

Test(outset, a_commit_cut_before_its_journal_was_complete_is_undone)
{
    crashed_commit(dead_pid(), 0);
    int removed;
    bilim_error err;
    cr_assert_eq(bilim_outset_recover(dir, &removed, &err), 0, "%s", err.msg);
    char *a = test_slurp(at("a.h5")), *b = test_slurp(at("sub/b.csv"));
    cr_assert_str_eq(a, "old a");
    cr_assert_str_eq(b, "old b", "the old set, whole");
    free(a);
    free(b);
    cr_assert_eq(test_count_entries(dir, "bilim"), 0);
    cr_assert_eq(test_count_entries(at("sub"), "bilim"), 0);
}

Test(outset, names_are_parsed_strictly)
{
    bilim__outset_name p;
    cr_assert(bilim__outset_parse(".a-b.h5-123@0123abcd.bilim-tmp", &p));
    cr_assert_eq(p.pid, 123);
    cr_assert_eq(p.base_len, 6);
    cr_assert(strncmp(p.base, "a-b.h5", 6) == 0);
    cr_assert_str_eq(p.host, "0123abcd");
    cr_assert_eq(p.journal, 0);
    cr_assert(bilim__outset_parse(".x-9@ffffffff.bilim-commit", &p) && p.journal);
    const char *not_ours[] = {"x-1@0123abcd.bilim-tmp", ".x-1@0123abcg.bilim-tmp",
                              ".x-@0123abcd.bilim-tmp", ".x1@0123abcd.bilim-tmp",
                              ".-1@0123abcd.bilim-tmp", ".x-1@0123abcd.tmp", "result.h5"};
    for (size_t i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++)
        cr_assert(!bilim__outset_parse(not_ours[i], &p), "%s", not_ours[i]);
}

/* A rename that fails after the commit has begun (here: a temporary
 * removed behind the set's back) keeps the journal in every folder, so the
 * next set opened there, once this process is gone, can finish it. */
Test(outset, a_rename_failing_midway_keeps_the_journal)
{
    bilim_error err;
    cr_assert_eq(mkdir(at("sub"), 0755), 0);
    put(at("a.txt"), "old a");
    bilim_outset *s = bilim_outset_alloc();
    int ia, ib;
    cr_assert_eq(bilim_outset_file(s, at("a.txt"), "-o", 0, &ia, &err), 0);
    cr_assert_eq(bilim_outset_file(s, at("sub/b.txt"), "--csv", 0, &ib, &err), 0);
    cr_assert_eq(bilim_outset_open(s, &err), 0, "%s", err.msg);
    fputs("new a", bilim_outset_stream(s, ia, &err));
    fputs("new b", bilim_outset_stream(s, ib, &err));
    cr_assert_eq(unlink(bilim_outset_temp(s, ib)), 0);
    cr_assert_eq(bilim_outset_commit(s, &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "1 of 2 outputs are replaced") &&
                  strstr(err.msg, "finishes the commit"),
              "%s", err.msg);
    bilim_outset_free(s);
    cr_assert_eq(test_count_entries(dir, BILIM__OUTSET_JOURNAL), 1);
    cr_assert_eq(test_count_entries(at("sub"), BILIM__OUTSET_JOURNAL), 1);
    char *a = test_slurp(at("a.txt"));
    cr_assert_str_eq(a, "new a");
    free(a);
}
