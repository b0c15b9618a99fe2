/* cli/datadir.c: see datadir.h. */
#include "cli/datadir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"

#if !defined(BILIM_DATADIR) || !defined(BILIM_DOCDIR)
#error "BILIM_DATADIR and BILIM_DOCDIR (installation directories) come from CMakeLists.txt"
#endif

const char *bilim_datadir_builtin(void)
{
    return BILIM_DATADIR;
}

const char *bilim_datadir_docdir(void)
{
    return BILIM_DOCDIR;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 1 when dir/scenarios is a directory. */
static int holds_scenarios(const char *dir)
{
    char p[BILIM_DATADIR_PATH_MAX + 16];
    if (snprintf(p, sizeof p, "%s/scenarios", dir) >= (int)sizeof p)
        return 0;
    return is_dir(p);
}

static void add_looked(bilim_datadir *d, const char *place)
{
    size_t len = strlen(d->looked);
    snprintf(d->looked + len, sizeof d->looked - len, "%s%s", len ? ", " : "", place);
}

/* dir = exe's directory's parent + "/share/bilim" (/usr/bin/bilim gives
 * /usr/share/bilim); 0 when exe names no directory. */
static int beside_program(const char *exe, char *dir, size_t n)
{
    const char *slash = exe ? strrchr(exe, '/') : NULL;
    if (!slash)
        return 0;
    const char *parent = slash;
    while (parent > exe && *--parent != '/')
        ;
    int len = snprintf(dir, n, "%.*s/share/bilim", (int)(parent - exe), exe);
    return len > 0 && (size_t)len < n;
}

void bilim_datadir_locate(bilim_datadir *d, const char *env, const char *exe,
                          const char *builtin)
{
    memset(d, 0, sizeof *d);
    if (env && *env) {
        if (holds_scenarios(env)) {
            snprintf(d->path, sizeof d->path, "%s", env);
            d->source = BILIM_DATADIR_ENV;
        } else {
            char item[BILIM_DATADIR_PATH_MAX + 64];
            snprintf(item, sizeof item, "BILIM_DATA_DIR=%s (it has no scenarios/ folder)", env);
            add_looked(d, item);
        }
        return;
    }
    char rel[BILIM_DATADIR_PATH_MAX];
    if (beside_program(exe, rel, sizeof rel)) {
        if (holds_scenarios(rel)) {
            snprintf(d->path, sizeof d->path, "%s", rel);
            d->source = BILIM_DATADIR_RELATIVE;
            return;
        }
        add_looked(d, rel);
    }
    if (builtin && *builtin) {
        if (holds_scenarios(builtin)) {
            snprintf(d->path, sizeof d->path, "%s", builtin);
            d->source = BILIM_DATADIR_BUILTIN;
            return;
        }
        add_looked(d, builtin);
    }
}

void bilim_datadir_find(bilim_datadir *d)
{
    char exe[BILIM_DATADIR_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        exe[n] = '\0';
    bilim_datadir_locate(d, getenv("BILIM_DATA_DIR"), n > 0 ? exe : NULL,
                         bilim_datadir_builtin());
}

void bilim_datadir_describe(const bilim_datadir *d, char *buf, size_t n)
{
    static const char *const how[] = {
        "", "from BILIM_DATA_DIR", "beside the program", "the installation directory"};
    if (d->source == BILIM_DATADIR_NONE)
        snprintf(buf, n, "data: none found (looked in %s); set BILIM_DATA_DIR to a folder "
                 "holding scenarios/ and data/", d->looked[0] ? d->looked : "no place");
    else
        snprintf(buf, n, "data: %s (%s)", d->path, how[d->source]);
}

/* 0 when path does not exist (so looking elsewhere makes sense); 1 when it
 * does, or cannot be checked for another reason the loader will report. */
static int present(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

int bilim_datadir_scenario(const bilim_datadir *d, const char *arg, char **found,
                           bilim_error *err)
{
    *found = NULL;
    if (arg[0] == '/' || present(arg))
        return BILIM_OK;
    char cand[2][2 * BILIM_DATADIR_PATH_MAX];
    int n = 0;
    if (d->path[0]) {
        snprintf(cand[n++], sizeof cand[0], "%s/scenarios/%s", d->path, arg);
        if (strncmp(arg, "scenarios/", 10) == 0)
            snprintf(cand[n++], sizeof cand[0], "%s/%s", d->path, arg);
    }
    for (int i = 0; i < n; i++)
        if (present(cand[i])) {
            *found = bilim_strdup(cand[i]);
            return *found ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        }
    char cwd[BILIM_DATADIR_PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        snprintf(cwd, sizeof cwd, "the current directory");
    if (!d->path[0])
        return bilim_error_set(err, BILIM_EINVAL,
                               "%s: no such file in %s, and no data directory to look in "
                               "(looked in %s; set BILIM_DATA_DIR)", arg, cwd,
                               d->looked[0] ? d->looked : "no place");
    return bilim_error_set(err, BILIM_EINVAL, "%s: no such file; looked in %s and for %s%s%s",
                           arg, cwd, cand[0], n > 1 ? " and " : "", n > 1 ? cand[1] : "");
}

int bilim_datadir_resolve_args(const char *command, const char **paths, int n, int quiet,
                               char **found)
{
    bilim_datadir d;
    int located = 0;
    for (int i = 0; i < n; i++)
        found[i] = NULL;
    for (int i = 0; i < n; i++) {
        if (paths[i][0] == '/' || present(paths[i]))
            continue;
        if (!located) {
            bilim_datadir_find(&d);
            located = 1;
        }
        bilim_error err;
        bilim_error_clear(&err);
        int rc = bilim_datadir_scenario(&d, paths[i], &found[i], &err);
        if (rc) {
            fprintf(stderr, "bilim %s: %s\n", command, err.msg);
            for (int k = 0; k < i; k++) {
                bilim_free(found[k]);
                found[k] = NULL;
            }
            return rc;
        }
        if (found[i]) {
            if (!quiet)
                fprintf(stderr, "bilim %s: note: %s is not in the current directory; using the "
                        "shipped %s\n", command, paths[i], found[i]);
            paths[i] = found[i];
        }
    }
    return BILIM_OK;
}
