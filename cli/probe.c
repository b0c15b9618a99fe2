/* cli/probe.c: see probe.h. */
#include "cli/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Processor time the child may use: 5 s, and 1 s more per 10 MiB of file.
 * Checking a result file takes a fraction of that (every dataset is read
 * and its checksum verified at well over 10 MiB/s); libhdf5 1.10 loops
 * forever on some damaged global heaps, and the limit ends that. Only
 * processor time counts, so a slow disk or a busy machine does not. */
#define CPU_BASE_SECONDS 5
#define CPU_BYTES_PER_SECOND (10L << 20)

/* The child's report: the status code, then the message. */
typedef struct report {
    int code;
    char msg[BILIM_ERROR_MSG_MAX];
} report;

static void child(bilim_probe_fn fn, void *arg, int out, long cpu_seconds)
{
    struct rlimit cpu = {(rlim_t)cpu_seconds, (rlim_t)cpu_seconds + 2};
    setrlimit(RLIMIT_CPU, &cpu); /* SIGXCPU, then SIGKILL */
    /* Ctrl-C ends the child at once; the parent sees it and stops too. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
    }
    report r;
    bilim_error e;
    bilim_error_clear(&e);
    memset(&r, 0, sizeof r);
    r.code = fn(arg, &e);
    snprintf(r.msg, sizeof r.msg, "%s", e.msg);
    const char *p = (const char *)&r;
    size_t left = sizeof r;
    while (left > 0) {
        ssize_t n = write(out, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    _exit(0); /* no exit handlers: they belong to the parent */
}

static size_t read_all(int fd, void *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, (char *)buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

int bilim_probe_run(bilim_probe_fn fn, void *arg, const char *file, bilim_error *err)
{
    struct stat st;
    long cpu = CPU_BASE_SECONDS;
    if (stat(file, &st) == 0)
        cpu += (long)(st.st_size / CPU_BYTES_PER_SECOND);
    int fds[2];
    fflush(stdout);
    fflush(stderr);
    pid_t pid = pipe(fds) == 0 ? fork() : -1;
    if (pid < 0) /* no child to spare: read here */
        return fn(arg, err);
    if (pid == 0) {
        close(fds[0]);
        child(fn, arg, fds[1], cpu);
    }
    close(fds[1]);
    report r;
    size_t got = read_all(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got == sizeof r) {
        if (r.code)
            bilim_error_set(err, r.code, "%s", r.msg);
        return r.code;
    }
    if (WIFSIGNALED(status) &&
        (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM))
        return bilim_error_set(err, BILIM_EINTR, "interrupted");
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))
        return bilim_error_set(err, BILIM_EINVAL,
                               "'%s' is damaged: reading it did not finish within %ld s of "
                               "processor time (the HDF5 library loops on it)",
                               file, cpu);
    if (WIFSIGNALED(status))
        return bilim_error_set(err, BILIM_EINVAL,
                               "'%s' is damaged: reading it crashed the HDF5 library (%s); "
                               "bilim reads result files in a separate process first, so "
                               "this is an error, not a crash",
                               file, strsignal(WTERMSIG(status)));
    return bilim_error_set(err, BILIM_EINVAL,
                           "'%s' is damaged: reading it failed inside the HDF5 library "
                           "(exit status %d)",
                           file, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
