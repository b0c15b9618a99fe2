/* tests/scenario_helpers.h: shared by the tests/test_scenario*.c binaries.
 * Header-only (each test binary is one translation unit): loading from text
 * and checking the messages, and scratch directories under /tmp that are
 * removed afterwards. */
#ifndef BILIM_TEST_SCENARIO_HELPERS_H
#define BILIM_TEST_SCENARIO_HELPERS_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "base/error.h"
#include "formats/scenario_load.h"

/* A small valid population for rule tests: 2 regions, 40 schools. */
#define TEST_POP \
    "\"population\": {\"regions\": [" \
    "{\"name\": \"North\", \"urban\": 10, \"rural\": 20, \"small_class\": 5}, " \
    "{\"name\": \"South\", \"urban\": 5, \"rural\": 5}]}, " \
    "\"outputs\": {\"survey_n\": 10}"

/* Loads text (no file origin); returns the status, diagnostics in *d (caller frees). */
static inline int test_load_text(const char *text, bilim_scenario *sc, bilim_diags **d)
{
    *d = bilim_diags_alloc();
    cr_assert_not_null(*d);
    return bilim_scenario_load_string(text, NULL, sc, NULL, *d);
}

/* The first message containing every one of the NULL-terminated needles, or NULL. */
static inline const char *test_find_diag(const bilim_diags *d, const char *needle, ...)
{
    for (int i = 0; i < bilim_diags_count(d); i++) {
        const char *m = bilim_diags_get(d, i);
        int all = strstr(m, needle) != NULL;
        va_list ap;
        va_start(ap, needle);
        const char *n;
        while ((n = va_arg(ap, const char *)))
            if (!strstr(m, n))
                all = 0;
        va_end(ap);
        if (all)
            return m;
    }
    return NULL;
}

/* All messages joined, for failure output (static buffer: tests are serial). */
static inline const char *test_all_diags(const bilim_diags *d)
{
    static char buf[16384];
    size_t k = 0;
    buf[0] = '\0';
    for (int i = 0; i < bilim_diags_count(d) && k < sizeof buf - 1; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "  %s\n", bilim_diags_get(d, i));
    return buf;
}

/* A scratch directory; test_write() puts files in it; test_rmdir() removes it all. */
typedef struct test_dir {
    char path[64];
} test_dir;

static inline void test_mkdir(test_dir *t)
{
    strcpy(t->path, "/tmp/bilim-scenario-XXXXXX");
    cr_assert_not_null(mkdtemp(t->path));
}

/* Writes text to DIR/name (name may contain one subdirectory level, created). */
static inline const char *test_write(const test_dir *t, const char *name, const char *text)
{
    static char full[4][512];
    static int slot;
    char *p = full[slot++ % 4];
    snprintf(p, 512, "%s/%s", t->path, name);
    const char *slash = strrchr(name, '/');
    if (slash) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s/%.*s", t->path, (int)(slash - name), name);
        mkdir(sub, 0700);
    }
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f, "cannot write %s", p);
    fputs(text, f);
    fclose(f);
    return p;
}

static inline void test_rmtree(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        remove(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[2048];
        snprintf(sub, sizeof sub, "%.1000s/%.1000s", path, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            test_rmtree(sub);
        else
            remove(sub);
    }
    closedir(dir);
    rmdir(path);
}

static inline void test_rmdir(test_dir *t)
{
    test_rmtree(t->path);
}

#endif
