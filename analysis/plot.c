/* analysis/plot.c: see plot.h. gnuplot runs as a child process
 * (posix_spawnp); nothing here draws. */
#include "analysis/plot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/file.h"
#include "base/outset.h"

extern char **environ; /* POSIX: the environment passed on to gnuplot */

#define GNUPLOT_MISSING "install Debian's package gnuplot-nox (bash scripts/setup.sh does), " \
                        "or set BILIM_GNUPLOT to the gnuplot executable"

struct bilim_plot {
    char dir[4096];
};

static const char *gnuplot_exe(void)
{
    const char *s = getenv("BILIM_GNUPLOT");
    return (s && *s) ? s : "gnuplot";
}

/* Runs gnuplot with one argument, stdin from /dev/null and stdout+stderr to
 * log. Returns 0 and the wait status, or an errno from spawning. */
static int run_gnuplot(const char *arg, const char *log, int *status)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return ENOMEM;
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    char *argv[3] = {(char *)gnuplot_exe(), (char *)arg, NULL};
    if (!rc)
        rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc)
        return rc;
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR)
            return errno;
    return 0;
}

int bilim_plot_check(bilim_error *err)
{
    int status;
    int rc = run_gnuplot("--version", "/dev/null", &status);
    if (rc == ENOENT || rc == EACCES || (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127))
        return bilim_error_set(err, BILIM_EIO,
                               "the report's charts need gnuplot, which was not found (%s): %s",
                               gnuplot_exe(), GNUPLOT_MISSING);
    if (rc)
        return bilim_error_set(err, BILIM_EIO, "cannot run gnuplot (%s): %s", gnuplot_exe(),
                               strerror(rc));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return bilim_error_set(err, BILIM_EIO, "'%s --version' failed; %s", gnuplot_exe(),
                               GNUPLOT_MISSING);
    return BILIM_OK;
}

/* Removes the files of folder dir, then the folder (a chart folder). */
static void remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4400];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Chart folders "bilim-plot-PID-XXXXXX" of processes that are gone (killed
 * while drawing) are removed; others are left alone. */
static void remove_stale(const char *tmp)
{
    DIR *d = opendir(tmp);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "bilim-plot-", 11) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + 11, &end, 10);
        if (end == e->d_name + 11 || *end != '-' || strlen(end) != 7 || pid == (long)getpid() ||
            !bilim_outset_process_gone(pid))
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", tmp, e->d_name);
        remove_folder(path);
    }
    if (d)
        closedir(d);
}

int bilim_plot_alloc(bilim_plot **out, bilim_error *err)
{
    *out = NULL;
    bilim_plot *p = bilim_calloc(1, sizeof *p);
    if (!p)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    const char *tmp = getenv("TMPDIR");
    tmp = (tmp && *tmp) ? tmp : "/tmp";
    remove_stale(tmp);
    snprintf(p->dir, sizeof p->dir, "%s/bilim-plot-%ld-XXXXXX", tmp, (long)getpid());
    if (!mkdtemp(p->dir)) {
        int e = errno;
        bilim_free(p);
        return bilim_error_set(err, BILIM_EIO, "cannot create a temporary folder for charts "
                               "(%s): %s; set TMPDIR to a writable folder",
                               tmp, strerror(e));
    }
    *out = p;
    return BILIM_OK;
}

void bilim_plot_free(bilim_plot *p)
{
    if (!p)
        return;
    remove_folder(p->dir);
    bilim_free(p);
}

FILE *bilim_plot_data(bilim_plot *p, const char *name, bilim_error *err)
{
    if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789_.") != strlen(name) || name[0] == '.') {
        bilim_error_set(err, BILIM_EINTERNAL, "bad chart data file name '%s'", name);
        return NULL;
    }
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        bilim_error_set(err, BILIM_EIO, "cannot write chart data %s: %s", path, strerror(errno));
    return f;
}

void bilim_plot_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        if (*s != '\n' && *s != '\r')
            fputc(*s, f);
    }
    fputc('\'', f);
}

/* Files gnuplot writes for us, read back whole (base/file.h): its log
 * (only the last lines matter; a longer one is not shown) and the SVG of a
 * chart (a few hundred KiB for the report's largest). */
#define PLOT_MAX_LOG (1024 * 1024)
#define PLOT_MAX_SVG (64 * 1024 * 1024)

/* The last two non-empty lines of gnuplot's log (a warning often explains
 * the error that follows it), for the error message. */
static void last_log_lines(const char *log, char *buf, size_t n)
{
    char *s;
    buf[0] = '\0';
    if (bilim_file_read(log, PLOT_MAX_LOG, &s, NULL, NULL))
        return;
    char *save = NULL, *line, *last = NULL, *before = NULL;
    for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (strspn(line, " \t^") != strlen(line)) {
            before = last;
            last = line;
        }
    if (before)
        snprintf(buf, n, "%s; %s", before + strspn(before, " \t"), last + strspn(last, " \t"));
    else if (last)
        snprintf(buf, n, "%s", last + strspn(last, " \t"));
    bilim_free(s);
}

static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else
            fputc(*s, f);
    }
}

/* Copies the <svg> element of raw to f, prefixing ids and references to
 * them (only inside tags) and replacing the <title>. */
static void rewrite_svg(const char *raw, const char *prefix, const char *title, FILE *f)
{
    static const char *const refs[] = {" id='", " id=\"", "href='#", "href=\"#", "url(#"};
    const char *s = strstr(raw, "<svg");
    int in_tag = 0;
    while (s && *s) {
        if (!in_tag && strncmp(s, "<title>", 7) == 0 && strstr(s, "</title>")) {
            fputs("<title>", f);
            put_escaped(f, title);
            fputs("</title>", f);
            s = strstr(s, "</title>") + 8;
            continue;
        }
        int matched = 0;
        for (size_t i = 0; in_tag && i < sizeof refs / sizeof refs[0]; i++) {
            size_t k = strlen(refs[i]);
            if (strncmp(s, refs[i], k) == 0) {
                fwrite(s, 1, k, f);
                fputs(prefix, f);
                s += k;
                matched = 1;
                break;
            }
        }
        if (matched)
            continue;
        if (*s == '<')
            in_tag = 1;
        else if (*s == '>')
            in_tag = 0;
        fputc(*s++, f);
    }
}

static int write_script(const bilim_plot *p, const char *script, int width, int height,
                        const char *gp, bilim_error *err)
{
    FILE *f = fopen(gp, "w");
    if (!f)
        return bilim_error_set(err, BILIM_EIO, "cannot write %s: %s", gp, strerror(errno));
    fputs("cd ", f);
    bilim_plot_quote(f, p->dir);
    fprintf(f, "\nset terminal svg size %d,%d noenhanced font 'sans,12' background rgb 'white'\n"
               "set encoding utf8\nset output 'chart.svg'\n",
            width, height);
    fputs(script, f);
    fputs("\nunset output\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return bilim_error_set(err, BILIM_EIO, "cannot write %s", gp);
    return BILIM_OK;
}

int bilim_plot_render(bilim_plot *p, const char *script, int width, int height,
                      const char *id_prefix, const char *title, char **svg, bilim_error *err)
{
    *svg = NULL;
    char gp[4400], out[4400], log[4400];
    snprintf(gp, sizeof gp, "%s/chart.gp", p->dir);
    snprintf(out, sizeof out, "%s/chart.svg", p->dir);
    snprintf(log, sizeof log, "%s/gnuplot.log", p->dir);
    remove(out);
    int rc = write_script(p, script, width, height, gp, err);
    if (rc)
        return rc;
    int status;
    rc = run_gnuplot(gp, log, &status);
    if (rc == ENOENT || rc == EACCES ||
        (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127))
        return bilim_error_set(err, BILIM_EIO, "gnuplot was not found (%s): %s", gnuplot_exe(),
                               GNUPLOT_MISSING);
    if (rc)
        return bilim_error_set(err, BILIM_EIO, "cannot run gnuplot: %s", strerror(rc));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char line[768];
        last_log_lines(log, line, sizeof line);
        return bilim_error_set(err, BILIM_EIO, "gnuplot failed drawing '%s' (%s %d): %s", title,
                               WIFEXITED(status) ? "exit status" : "signal",
                               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), line);
    }
    char *raw;
    bilim_error rerr;
    if ((rc = bilim_file_read(out, PLOT_MAX_SVG, &raw, NULL, &rerr)))
        return bilim_error_set(err, rc, "cannot read gnuplot's SVG for '%s' (%s): %s", title, out,
                               rerr.msg);
    if (!strstr(raw, "<svg") || !strstr(raw, "</svg>")) {
        bilim_free(raw);
        return bilim_error_set(err, BILIM_EIO, "gnuplot wrote no complete SVG for '%s'", title);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        bilim_free(raw);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    rewrite_svg(raw, id_prefix, title, f);
    bilim_free(raw);
    if (fclose(f) != 0 || !text) {
        bilim_free(text);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    *svg = text;
    return BILIM_OK;
}
