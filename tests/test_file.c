/* tests/test_file.c: the bounded reader of input files (base/file.h):
 * regular files are read whole; FIFOs (without blocking), devices,
 * directories, files over the cap and unreadable paths are refused with a
 * message saying what the file is; nothing leaks or is returned on error.
 *
 * A FIFO without a writer would block a plain open() forever, so the tests
 * that open one arm alarm(): a hang becomes a crash (SIGALRM), which
 * Criterion reports as a failure instead of waiting. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/file.h"
#include "scenario_helpers.h"

static test_dir dir;

static void setup(void)
{
    test_mkdir(&dir);
}

static void teardown(void)
{
    alarm(0);
    test_rmdir(&dir);
}

TestSuite(file, .init = setup, .fini = teardown);

static char *path_in(const char *name)
{
    static char p[4][512];
    static int slot;
    char *s = p[slot++ % 4];
    snprintf(s, 512, "%s/%s", dir.path, name);
    return s;
}

/* Expects bilim_file_read(path, max) to fail with code and a message
 * containing want; checks that nothing is returned. */
static void refused(const char *path, size_t max, int code, const char *want)
{
    char *text = (char *)1;
    size_t len = 99;
    bilim_error err;
    bilim_error_clear(&err);
    int rc = bilim_file_read(path, max, &text, &len, &err);
    cr_assert_eq(rc, code, "%s: rc %d (%s)", path, rc, err.msg);
    cr_assert_eq(err.code, code);
    cr_assert_null(text, "nothing is returned on error");
    cr_assert_eq(len, 0);
    cr_assert(strstr(err.msg, want), "%s: got \"%s\", expected \"%s\"", path, err.msg, want);
}

Test(file, regular_file_is_read_whole)
{
    /* NUL bytes included: the length says where the file ends. */
    static const char data[] = "{\"a\": 1}\n\0tail";
    const char *p = path_in("x.json");
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fwrite(data, 1, sizeof data - 1, f);
    fclose(f);
    char *text;
    size_t len;
    bilim_error err;
    cr_assert_eq(bilim_file_read(p, 1024, &text, &len, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(len, sizeof data - 1);
    cr_assert(memcmp(text, data, len) == 0);
    cr_assert_eq(text[len], '\0', "NUL-terminated");
    bilim_free(text);
    /* err and len may be NULL. */
    cr_assert_eq(bilim_file_read(p, 1024, &text, NULL, NULL), BILIM_OK);
    bilim_free(text);
}

Test(file, empty_file_and_file_at_the_cap)
{
    const char *p = test_write(&dir, "empty.json", "");
    char *text;
    size_t len = 7;
    cr_assert_eq(bilim_file_read(p, 16, &text, &len, NULL), BILIM_OK);
    cr_assert_eq(len, 0);
    cr_assert_str_eq(text, "");
    bilim_free(text);
    p = test_write(&dir, "sixteen.json", "0123456789abcdef");
    cr_assert_eq(bilim_file_read(p, 16, &text, &len, NULL), BILIM_OK, "exactly the cap is allowed");
    cr_assert_eq(len, 16);
    bilim_free(text);
    refused(p, 15, BILIM_EIO, "is 16 bytes, larger than the limit of 15 bytes");
}

Test(file, fifo_is_refused_without_blocking)
{
    const char *p = path_in("fifo");
    cr_assert_eq(mkfifo(p, 0600), 0);
    alarm(5); /* no writer: a blocking open would hang here */
    refused(p, 1024, BILIM_EIO, "is not a regular file but a FIFO (named pipe)");
    alarm(0);
}

Test(file, devices_are_refused)
{
    alarm(5);
    refused("/dev/zero", 1 << 20, BILIM_EIO, "is not a regular file but a character device");
    refused("/dev/null", 1 << 20, BILIM_EIO, "is not a regular file but a character device");
    alarm(0);
}

Test(file, directory_is_refused)
{
    refused(dir.path, 1 << 20, BILIM_EIO, "is a directory, not a file");
}

Test(file, over_the_cap_is_refused_with_size_and_cap)
{
    /* 100 MiB, sparse: refused before a byte is read, so the test is fast. */
    const char *p = path_in("big.json");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 100L << 20), 0);
    close(fd);
    refused(p, 16u << 20, BILIM_EIO,
            "is 104857600 bytes (100 MiB), larger than the limit of 16777216 bytes (16 MiB)");
    char buf[200];
    cr_assert_str_eq(bilim_file_too_large(buf, sizeof buf, 1126434, 1 << 20),
                     "is 1126434 bytes (1.1 MiB), larger than the limit of 1048576 bytes (1 MiB)");
}

Test(file, a_file_that_grows_past_the_cap_while_read_is_refused)
{
    /* /proc files are regular but report size 0: their text appears only
     * when read, exactly like a file that grows after the size check. */
    refused("/proc/self/status", 16, BILIM_EIO,
            "larger than the limit of 16 bytes (it grew while being read)");
    char *text;
    size_t len;
    cr_assert_eq(bilim_file_read("/proc/self/status", 1 << 20, &text, &len, NULL), BILIM_OK);
    cr_assert_gt(len, 16);
    cr_assert(strstr(text, "Name:"), "read past the size fstat gave");
    bilim_free(text);
}

Test(file, unreadable_paths_say_why)
{
    refused(path_in("absent.json"), 1024, BILIM_EIO, "No such file or directory");
    const char *f = test_write(&dir, "plain.json", "{}");
    char below[600];
    snprintf(below, sizeof below, "%s/x.json", f);
    refused(below, 1024, BILIM_EIO, "Not a directory");
    const char *loop = path_in("loop");
    cr_assert_eq(symlink(loop, loop), 0);
    refused(loop, 1024, BILIM_EIO, "Too many levels of symbolic links");
    /* Permissions bind everyone but root (tests may run as root in a
     * container): there the file is readable and the check is moot. */
    const char *locked = test_write(&dir, "locked.json", "{}");
    cr_assert_eq(chmod(locked, 0), 0);
    if (geteuid() != 0)
        refused(locked, 1024, BILIM_EIO, "Permission denied");
}

Test(file, symlinks_are_followed_to_what_they_name)
{
    const char *target = test_write(&dir, "target.json", "{\"x\": 1}");
    const char *link = path_in("link.json");
    cr_assert_eq(symlink(target, link), 0);
    char *text;
    size_t len;
    cr_assert_eq(bilim_file_read(link, 1024, &text, &len, NULL), BILIM_OK);
    cr_assert_str_eq(text, "{\"x\": 1}");
    bilim_free(text);
    /* What the link names must still be a regular file. */
    const char *dev = path_in("zero.json");
    cr_assert_eq(symlink("/dev/zero", dev), 0);
    refused(dev, 1 << 20, BILIM_EIO, "is not a regular file but a character device");
}

Test(file, out_of_memory_is_reported)
{
    const char *p = test_write(&dir, "x.json", "{\"a\": 1}");
    bilim_alloc_fail_after(0);
    char *text = (char *)1;
    bilim_error err;
    int rc = bilim_file_read(p, 1024, &text, NULL, &err);
    bilim_alloc_fail_after(-1);
    cr_assert_eq(rc, BILIM_ENOMEM);
    cr_assert_null(text);
    cr_assert_str_eq(err.msg, "out of memory");
}
