/* base/file.c: see file.h. */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"

/* "1.9 MiB", "12 KiB": for sizes of at least 1 KiB. */
static void human(char *buf, size_t n, uint64_t bytes)
{
    static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB"};
    double x = (double)bytes / 1024.0;
    int u = 0;
    while (x >= 1024.0 && u < 3) {
        x /= 1024.0;
        u++;
    }
    if (x == (double)(uint64_t)x)
        snprintf(buf, n, "%.0f %s", x, unit[u]);
    else
        snprintf(buf, n, "%.1f %s", x, unit[u]);
}

/* "1048576 bytes (1 MiB)", or "100 bytes". */
static void size_text(char *buf, size_t n, uint64_t bytes)
{
    if (bytes < 1024) {
        snprintf(buf, n, "%" PRIu64 " bytes", bytes);
        return;
    }
    char h[32];
    human(h, sizeof h, bytes);
    snprintf(buf, n, "%" PRIu64 " bytes (%s)", bytes, h);
}

const char *bilim_file_too_large(char *buf, size_t n, uint64_t size, size_t max_bytes)
{
    char a[64], b[64];
    size_text(a, sizeof a, size);
    size_text(b, sizeof b, (uint64_t)max_bytes);
    snprintf(buf, n, "is %s, larger than the limit of %s", a, b);
    return buf;
}

static int fail_errno(bilim_error *err, int e)
{
    char why[256];
    if (strerror_r(e, why, sizeof why) != 0)
        snprintf(why, sizeof why, "error %d", e);
    return bilim_error_set(err, BILIM_EIO, "%s", why);
}

static int fail_not_regular(bilim_error *err, mode_t mode)
{
    if (S_ISDIR(mode))
        return bilim_error_set(err, BILIM_EIO, "is a directory, not a file");
    const char *what = S_ISFIFO(mode)  ? "a FIFO (named pipe)"
                       : S_ISCHR(mode) ? "a character device"
                       : S_ISBLK(mode) ? "a block device"
                       : S_ISSOCK(mode) ? "a socket"
                                        : "a special file";
    return bilim_error_set(err, BILIM_EIO, "is not a regular file but %s", what);
}

/* Refuses what is not a regular file of at most max_bytes. */
static int check_stat(const struct stat *st, size_t max_bytes, bilim_error *err)
{
    if (!S_ISREG(st->st_mode))
        return fail_not_regular(err, st->st_mode);
    if (st->st_size < 0 || (uint64_t)st->st_size > (uint64_t)max_bytes) {
        char why[200];
        bilim_file_too_large(why, sizeof why, (uint64_t)st->st_size, max_bytes);
        return bilim_error_set(err, BILIM_EIO, "%s", why);
    }
    return BILIM_OK;
}

/* Reads fd to its end, at most max_bytes; size is fstat's (a hint: the
 * file may grow or shrink meanwhile). */
static int read_all(int fd, uint64_t size, size_t max_bytes, char **text, size_t *len,
                    bilim_error *err)
{
    /* One byte more than the cap tells a file that grew past it. */
    size_t limit = max_bytes < SIZE_MAX - 1 ? max_bytes + 1 : SIZE_MAX - 1;
    size_t cap = (size_t)size + 1, n = 0;
    if (cap > limit)
        cap = limit;
    char *buf = bilim_malloc(cap + 1);
    if (!buf)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (;;) {
        if (n == cap) {
            if (cap == limit) {
                bilim_free(buf);
                char why[200];
                bilim_file_too_large(why, sizeof why, (uint64_t)n, max_bytes);
                return bilim_error_set(err, BILIM_EIO, "%s (it grew while being read)", why);
            }
            size_t grown = cap <= limit / 2 ? 2 * cap : limit;
            char *g = bilim_realloc(buf, grown + 1);
            if (!g) {
                bilim_free(buf);
                return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
            }
            buf = g;
            cap = grown;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            bilim_free(buf);
            char why[256];
            if (strerror_r(e, why, sizeof why) != 0)
                snprintf(why, sizeof why, "error %d", e);
            return bilim_error_set(err, BILIM_EIO, "read error: %s", why);
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *text = buf;
    if (len)
        *len = n;
    return BILIM_OK;
}

int bilim_file_read(const char *path, size_t max_bytes, char **text, size_t *len,
                    bilim_error *err)
{
    *text = NULL;
    if (len)
        *len = 0;
    /* By path first, so a device is refused without being opened (opening
     * some has effects); then again on the descriptor, which is authoritative. */
    struct stat st;
    if (stat(path, &st) != 0)
        return fail_errno(err, errno);
    int rc = check_stat(&st, max_bytes, err);
    if (rc)
        return rc;
    int fd;
    do
        fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return fail_errno(err, errno);
    if (fstat(fd, &st) != 0) {
        rc = fail_errno(err, errno);
    } else if (!(rc = check_stat(&st, max_bytes, err))) {
        /* A regular file: reads never block, so plain blocking reads. */
        int fl = fcntl(fd, F_GETFL);
        if (fl != -1)
            (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        rc = read_all(fd, (uint64_t)st.st_size, max_bytes, text, len, err);
    }
    close(fd);
    return rc;
}
