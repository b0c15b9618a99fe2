/* base/outset_recover.c: what output sets leave on disk and how it is
 * cleaned up: the names of temporaries and journals, the locks that show a
 * writer is alive, the journal of a commit, and the recovery that finishes
 * or undoes the work of a dead process (see outset.h). */
#define _GNU_SOURCE /* F_OFD_SETLK: locks that belong to one open file (Linux) */
#include "base/outset_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"

/* Classic POSIX locks are a fallback only: they vanish when the process
 * closes any descriptor of the file (HDF5 closing its own, for one). */
#ifdef F_OFD_SETLK
#define LOCK_SET F_OFD_SETLK
#define LOCK_GET F_OFD_GETLK
#else
#define LOCK_SET F_SETLK
#define LOCK_GET F_GETLK
#endif

#define JOURNAL_MAX_BYTES (1u << 20)

/* --- names ----------------------------------------------------------------- */

static void host_tag(char out[9])
{
    char host[256] = "";
    if (gethostname(host, sizeof host) != 0)
        host[0] = '\0';
    host[sizeof host - 1] = '\0';
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const char *c = host; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    snprintf(out, 9, "%08x", (unsigned)h);
}

void bilim__outset_owner(char *buf, size_t n)
{
    char host[9];
    host_tag(host);
    snprintf(buf, n, "-%ld@%s", (long)getpid(), host);
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t k = strlen(suffix);
    return len > k && memcmp(s + len - k, suffix, k) == 0;
}

int bilim__outset_parse(const char *name, bilim__outset_name *p)
{
    size_t len = strlen(name);
    if (name[0] != '.')
        return 0;
    if (ends_with(name, len, BILIM__OUTSET_TMP)) {
        p->journal = 0;
        len -= strlen(BILIM__OUTSET_TMP);
    } else if (ends_with(name, len, BILIM__OUTSET_JOURNAL)) {
        p->journal = 1;
        len -= strlen(BILIM__OUTSET_JOURNAL);
    } else {
        return 0;
    }
    /* ... "-PID@HHHHHHHH" before the suffix */
    if (len < 1 + 1 + 2 + 1 + 8 || name[len - 9] != '@')
        return 0;
    for (size_t i = len - 8; i < len; i++)
        if (!strchr("0123456789abcdef", name[i]))
            return 0;
    memcpy(p->host, name + len - 8, 8);
    p->host[8] = '\0';
    size_t end = len - 9, start = end;
    while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9')
        start--;
    if (start == end || end - start > 9 || start < 2 || name[start - 1] != '-')
        return 0;
    p->pid = strtol(name + start, NULL, 10);
    p->base = name + 1;
    p->base_len = start - 2;
    return p->pid > 0 && p->base_len > 0;
}

/* --- locks and liveness ------------------------------------------------------ */

int bilim__outset_lock(int fd)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    return fcntl(fd, LOCK_SET, &fl) == 0 ? 0 : -1;
}

int bilim__outset_locked(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    int locked = fcntl(fd, LOCK_GET, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return locked;
}

int bilim__outset_dead(const bilim__outset_name *p, const char *path)
{
    char host[9];
    host_tag(host);
    /* A process of another host cannot be asked whether it lives. */
    if (strcmp(host, p->host) != 0 || p->pid == (long)getpid())
        return 0;
    return !bilim__outset_locked(path) && bilim_outset_process_gone(p->pid);
}

int bilim_outset_process_gone(long pid)
{
    errno = 0;
    return pid > 0 && getpgid((pid_t)pid) < 0 && errno == ESRCH;
}

void bilim__outset_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

/* --- the journal --------------------------------------------------------------- */

/* Strings are written as LENGTH:BYTES, so names may hold any byte. */
static int put_str(FILE *f, const char *s)
{
    return fprintf(f, "%zu:", strlen(s)) < 0 || fputs(s, f) < 0 ? -1 : 0;
}

int bilim__outset_journal_write(int fd, const char *const *dirs, int n_dirs,
                                const bilim__outset_entry *e, int n)
{
    int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    FILE *f = dup_fd >= 0 ? fdopen(dup_fd, "wb") : NULL;
    if (!f) {
        if (dup_fd >= 0)
            close(dup_fd);
        return -1;
    }
    int bad = fprintf(f, "bilim-commit 1\ndirs %d\n", n_dirs) < 0;
    for (int i = 0; i < n_dirs && !bad; i++)
        bad = put_str(f, dirs[i]) || fputc('\n', f) == EOF;
    bad = bad || fprintf(f, "files %d\n", n) < 0;
    for (int i = 0; i < n && !bad; i++)
        bad = fprintf(f, "%d ", e[i].dir) < 0 || put_str(f, e[i].tmp) || fputc(' ', f) == EOF ||
              put_str(f, e[i].target) || fputc('\n', f) == EOF;
    bad = bad || fputs("end\n", f) == EOF;
    bad = fclose(f) != 0 || bad;
    return bad || fsync(fd) != 0 ? -1 : 0;
}

typedef struct journal {
    char *text;               /* owns every string below */
    char **dirs;
    int n_dirs;
    bilim__outset_entry *e;
    int n;
} journal;

static void journal_clear(journal *j)
{
    bilim_free(j->text);
    bilim_free(j->dirs);
    bilim_free(j->e);
    memset(j, 0, sizeof *j);
}

/* Reads "LEN:BYTES" at *p, NUL-terminates it in place (the byte after it
 * is a separator). */
static char *get_str(char **p, const char *end)
{
    char *colon;
    long len = strtol(*p, &colon, 10);
    if (colon == *p || *colon != ':' || len < 0 || len > end - colon - 2)
        return NULL;
    char *s = colon + 1;
    *p = s + len + 1;
    s[len] = '\0';
    return s;
}

static int get_count(char **p, const char *word, int max)
{
    size_t k = strlen(word);
    if (strncmp(*p, word, k) != 0 || (*p)[k] != ' ')
        return -1;
    char *next;
    long n = strtol(*p + k + 1, &next, 10);
    if (next == *p + k + 1 || *next != '\n' || n < 0 || n > max)
        return -1;
    *p = next + 1;
    return (int)n;
}

static int journal_parse(journal *j, size_t len)
{
    char *p = j->text, *end = j->text + len;
    if (strncmp(p, "bilim-commit 1\n", 15) != 0)
        return -1;
    p += 15;
    if ((j->n_dirs = get_count(&p, "dirs", 1024)) < 1 ||
        !(j->dirs = bilim_calloc((size_t)j->n_dirs, sizeof *j->dirs)))
        return -1;
    for (int i = 0; i < j->n_dirs; i++)
        if (!(j->dirs[i] = get_str(&p, end)) || j->dirs[i][0] != '/')
            return -1;
    if ((j->n = get_count(&p, "files", 4096)) < 1 ||
        !(j->e = bilim_calloc((size_t)j->n, sizeof *j->e)))
        return -1;
    for (int i = 0; i < j->n; i++) {
        char *q;
        long d = strtol(p, &q, 10);
        if (q == p || *q != ' ' || d < 0 || d >= j->n_dirs)
            return -1;
        p = q + 1;
        j->e[i].dir = (int)d;
        if (!(j->e[i].tmp = get_str(&p, end)) || !(j->e[i].target = get_str(&p, end)) ||
            strchr(j->e[i].tmp, '/') || strchr(j->e[i].target, '/'))
            return -1;
    }
    return end - p >= 4 && strncmp(p, "end\n", 4) == 0 ? 0 : -1;
}

static int journal_read(const char *path, journal *j)
{
    memset(j, 0, sizeof *j);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > JOURNAL_MAX_BYTES ||
        !(j->text = bilim_malloc((size_t)st.st_size + 1))) {
        close(fd);
        return -1;
    }
    ssize_t got = read(fd, j->text, (size_t)st.st_size);
    close(fd);
    if (got != st.st_size)
        return -1;
    j->text[got] = '\0';
    return journal_parse(j, (size_t)got);
}

/* --- recovery ------------------------------------------------------------------ */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = bilim_malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

static int is_regular(const char *path, int *absent)
{
    struct stat st;
    int rc = lstat(path, &st);
    if (absent)
        *absent = rc != 0 && errno == ENOENT;
    return rc == 0 && S_ISREG(st.st_mode);
}

/* Moves a surviving temporary over its target (never over anything but a
 * regular file), or removes it when the commit is undone. */
static int settle(const char *dir, const bilim__outset_entry *e, int forward)
{
    char *tmp = join(dir, e->tmp), *target = join(dir, e->target);
    int done = 0, absent;
    if (tmp && target && is_regular(tmp, NULL)) {
        int replaceable = is_regular(target, &absent) || absent;
        if (forward && replaceable)
            done = rename(tmp, target) == 0;
        else
            done = unlink(tmp) == 0;
    }
    bilim_free(tmp);
    bilim_free(target);
    return done;
}

/* A dead process's journal: complete in every folder it names means the
 * commit had begun (roll forward); missing from one means it had not (undo). */
static int recover_journal(const char *path, const char *name)
{
    journal j;
    int count = 0;
    if (journal_read(path, &j) != 0) {
        journal_clear(&j);
        unlink(path);
        return 0;
    }
    int complete = 1;
    for (int d = 0; d < j.n_dirs && complete; d++) {
        char *copy = join(j.dirs[d], name);
        complete = copy && is_regular(copy, NULL);
        bilim_free(copy);
    }
    for (int i = 0; i < j.n; i++)
        count += settle(j.dirs[j.e[i].dir], &j.e[i], complete);
    for (int d = 0; d < j.n_dirs; d++)
        bilim__outset_sync_dir(j.dirs[d]);
    for (int d = 0; d < j.n_dirs; d++) {
        char *copy = join(j.dirs[d], name);
        if (copy)
            unlink(copy);
        bilim_free(copy);
    }
    journal_clear(&j);
    return count;
}

/* The names in dir that are ours. */
static int list_ours(const char *dir, char ***names, int *n, bilim_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return bilim_error_set(err, BILIM_EIO, "cannot read folder '%s': %s", dir,
                               strerror(errno));
    int cap = 0, rc = BILIM_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        bilim__outset_name p;
        if (!bilim__outset_parse(e->d_name, &p))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            char **g = bilim_realloc(*names, (size_t)cap * sizeof *g);
            if (!g) {
                rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
                break;
            }
            *names = g;
        }
        char *s = bilim_strdup(e->d_name);
        if (!s)
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        else
            (*names)[(*n)++] = s;
    }
    closedir(d);
    return rc;
}

int bilim_outset_recover(const char *dir, int *removed, bilim_error *err)
{
    if (removed)
        *removed = 0;
    char **names;
    int n;
    int rc = list_ours(dir, &names, &n, err);
    /* Journals first: a commit settles its own temporaries. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            bilim__outset_name p;
            char *path = join(dir, names[i]);
            if (path && bilim__outset_parse(names[i], &p) && p.journal == (pass == 0) &&
                is_regular(path, NULL) && bilim__outset_dead(&p, path)) {
                int k = p.journal ? recover_journal(path, names[i]) : unlink(path) == 0;
                if (removed)
                    *removed += k;
            }
            bilim_free(path);
        }
    for (int i = 0; i < n; i++)
        bilim_free(names[i]);
    bilim_free(names);
    return rc;
}
