/* tests/helpers.h: shared by the test binaries. Header-only: each test
 * binary is one translation unit. */
#ifndef BILIM_TEST_HELPERS_H
#define BILIM_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The source tree (set by CTest; falls back to the compile-time path). */
/* A test that needs an optional tool (Python with h5py, R, jsonschema)
 * skips without it, unless BILIM_TESTS_REQUIRE_ALL=1 (scripts/test.sh sets
 * it, and `bash scripts/setup.sh --test` installs the tools): then a missing
 * tool is a failure, so a green suite cannot hide a skipped check. */
#define test_require_tool(available, what)                                                  \
    do {                                                                                   \
        if (!(available)) {                                                                \
            const char *all_ = getenv("BILIM_TESTS_REQUIRE_ALL");                          \
            if (all_ && strcmp(all_, "1") == 0)                                            \
                cr_assert_fail("%s is not available (bash scripts/setup.sh --test "        \
                               "installs it)", what);                                      \
            cr_skip_test("%s is not available (bash scripts/setup.sh --test installs it)", \
                         what);                                                            \
        }                                                                                  \
    } while (0)

static inline const char *test_source_dir(void)
{
    const char *s = getenv("BILIM_SOURCE_DIR");
    return s ? s : BILIM_SOURCE_DIR;
}

/* The bilim executable under test. */
static inline const char *test_exe(void)
{
    const char *s = getenv("BILIM_EXE");
    return s ? s : "./bilim";
}

/* Reads a whole file into a malloc'd NUL-terminated string (NULL if absent). */
static inline char *test_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* Writes text to the file dir/name (replacing it); asserts it could. */
static inline void test_write_in(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f, "cannot write %s", p);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0, "cannot write %s", p);
}

/* Entries of folder dir whose names contain s (0 when dir cannot be read). */
static inline int test_count_entries(const char *dir, const char *s)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += strstr(e->d_name, s) != NULL;
    closedir(d);
    return n;
}

/* Runs `bilim ARGS` through the shell with stdout and stderr captured into
 * malloc'd strings (caller frees; either pointer may be NULL to discard).
 * Returns the exit status, or -1 if it did not exit normally. */
static inline int test_run_bilim(const char *args, char **out, char **err)
{
    char o[] = "/tmp/bilim-test-out-XXXXXX";
    char e[] = "/tmp/bilim-test-err-XXXXXX";
    int fo = mkstemp(o), fe = mkstemp(e);
    if (fo < 0 || fe < 0)
        return -1;
    /* Sized to fit: a truncated command would run something else. */
    size_t n = strlen(test_exe()) + strlen(args) + sizeof o + sizeof e + 32;
    char *cmd = malloc(n);
    if (!cmd)
        return -1;
    snprintf(cmd, n, "%s %s >%s 2>%s </dev/null", test_exe(), args, o, e);
    int st = system(cmd);
    free(cmd);
    close(fo);
    close(fe);
    if (out)
        *out = test_slurp(o);
    if (err)
        *err = test_slurp(e);
    remove(o);
    remove(e);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The result file at path as h5dump's text (doubles as %.17g: exact),
 * without its first line (the file's name) and without the attributes
 * that record the execution rather than the results: /run_info's host,
 * started, threads and wall_seconds, and /design's wall_seconds. Two runs
 * of the same command on any number of threads, processes or MPI ranks,
 * resumed or not, must give the same text. Malloc'd; NULL when h5dump
 * fails (hdf5-tools: scripts/setup.sh). */
static inline char *test_h5_results(const char *path)
{
    static const char *const ignored[] = {"host", "started", "threads", "wall_seconds"};
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "h5dump -m %%.17g '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap), line[8192];
    int skip_indent = -1, first = 1;
    while (out && fgets(line, sizeof line, p)) {
        int indent = (int)strspn(line, " ");
        if (first) { /* HDF5 "path" { */
            first = 0;
            continue;
        }
        if (skip_indent >= 0) { /* inside an ignored attribute, up to its closing brace */
            if (indent == skip_indent && line[indent] == '}')
                skip_indent = -1;
            continue;
        }
        for (size_t k = 0; k < sizeof ignored / sizeof ignored[0]; k++) {
            char head[64];
            snprintf(head, sizeof head, "ATTRIBUTE \"%s\" {", ignored[k]);
            if (strncmp(line + indent, head, strlen(head)) == 0)
                skip_indent = indent;
        }
        if (skip_indent >= 0)
            continue;
        size_t n = strlen(line);
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            char *grown = realloc(out, cap);
            if (!grown) {
                free(out);
                out = NULL;
                break;
            }
            out = grown;
        }
        memcpy(out + len, line, n + 1);
        len += n;
    }
    int st = pclose(p);
    if (st != 0 || len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

#endif
