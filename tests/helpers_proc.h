/* tests/helpers_proc.h: for the tests that start the real executable as a
 * child process and interrupt it (test_kill, test_checkpoint_kill,
 * test_resume): a temporary folder per test, a seeded uniform generator
 * for the moments, and starting, waiting for and signalling a child.
 * Header-only, like helpers.h. */
#ifndef BILIM_TEST_HELPERS_PROC_H
#define BILIM_TEST_HELPERS_PROC_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"

/* Makes a new folder /tmp/bilim-test-NAME-XXXXXX into dir (cap bytes). */
static inline void test_tmpdir_make(char *dir, size_t cap, const char *name)
{
    int n = snprintf(dir, cap, "/tmp/bilim-test-%s-XXXXXX", name);
    cr_assert(n > 0 && (size_t)n < cap, "folder name too long");
    cr_assert_not_null(mkdtemp(dir), "cannot make %s", dir);
}

/* Removes folder dir and everything in it. */
static inline void test_tmpdir_remove(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0, "cannot remove %s", dir);
}

/* Uniform on [0, 1) from the xorshift64 generator with state *s (never 0):
 * reproducible moments, independent of the C library's rand(). */
static inline double test_uniform(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* Sleeps s seconds, also when a signal interrupts the sleep. */
static inline void test_sleep(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Starts argv[0] with argv (NULL-terminated) as a child process: in folder
 * cwd (NULL: this one), stdout to /dev/null, stderr to the file err_path
 * (relative to cwd; NULL: /dev/null). Returns its pid. */
static inline pid_t test_spawn(const char *const *argv, const char *cwd, const char *err_path)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        if ((cwd && chdir(cwd) != 0) || !freopen("/dev/null", "w", stdout) ||
            !freopen(err_path ? err_path : "/dev/null", "w", stderr))
            _exit(99);
        execv(argv[0], (char *const *)argv);
        _exit(98);
    }
    return pid;
}

/* Waits for child pid to end; returns its wait status. */
static inline int test_wait(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid failed");
    return st;
}

/* Sends child pid signal sig after s seconds and waits for it to end.
 * Returns its wait status; *sent (may be NULL) says whether kill()
 * succeeded (it does for a child that has ended but not been waited for). */
static inline int test_signal_after(pid_t pid, double s, int sig, int *sent)
{
    test_sleep(s);
    int ok = kill(pid, sig) == 0;
    if (sent)
        *sent = ok;
    return test_wait(pid);
}

#endif
