/* base/outset.c: see outset.h. Declaring and checking targets, temporary
 * files, and the commit (names, locks, journals and recovery are in
 * outset_recover.c). */
#define _GNU_SOURCE /* O_NOFOLLOW, getpgid; F_OFD_SETLK in outset_recover.c */
#include "base/outset_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "base/alloc.h"

#define MAX_PATH 4000

/* Where a target is: its folder and its name there. */
typedef struct place {
    int folder;          /* >= 0: in folder #folder of the set, not yet created */
    dev_t dev;           /* else the folder's device and inode */
    ino_t ino;
    const char *name;    /* points into the target's path */
} place;

typedef struct target {
    char *path;          /* as declared */
    char *dir;           /* its folder as a path ("." when none) */
    char *what;          /* the option that names it, for messages */
    place at;
    int exists;          /* it exists now (lstat): its device and inode */
    dev_t dev;
    ino_t ino;
    mode_t mode;
    uint64_t expected;   /* files: bytes expected */
    char *tmp;           /* files: the temporary, after open */
    int fd;              /* files: the temporary, locked; -1 */
    FILE *stream;        /* files: on a dup of fd, when asked for */
    int created;         /* folders: created by open */
} target;

typedef struct input {
    char *path;
    dev_t dev;
    ino_t ino;
} input;

typedef struct journal_copy {
    char *path;
    int fd;
} journal_copy;

struct bilim_outset {
    target *files, *folders;
    int n_files, n_folders, cap_files, cap_folders;
    input *in;
    int n_in, cap_in;
    int opened, committed, journaled;
    char owner[40];
    journal_copy *journal;
    int n_journal;
};

bilim_outset *bilim_outset_alloc(void)
{
    bilim_outset *s = bilim_calloc(1, sizeof *s);
    if (s)
        bilim__outset_owner(s->owner, sizeof s->owner);
    return s;
}

static void target_clear(target *t)
{
    if (t->stream)
        fclose(t->stream);
    if (t->fd >= 0)
        close(t->fd);
    bilim_free(t->path);
    bilim_free(t->dir);
    bilim_free(t->what);
    bilim_free(t->tmp);
}

/* Removes what open created; the targets stay as they were. Journals go
 * first: a journal complete in every folder means "roll forward", so it
 * must not outlive any temporary it names. */
static void undo(bilim_outset *s)
{
    for (int i = 0; i < s->n_journal; i++) {
        unlink(s->journal[i].path);
        close(s->journal[i].fd);
        bilim_free(s->journal[i].path);
    }
    s->n_journal = 0;
    for (int i = 0; i < s->n_files; i++) {
        target *t = &s->files[i];
        if (t->stream)
            fclose(t->stream);
        t->stream = NULL;
        if (t->tmp && t->fd >= 0)
            unlink(t->tmp);
        if (t->fd >= 0)
            close(t->fd);
        t->fd = -1;
    }
    for (int i = s->n_folders - 1; i >= 0; i--)
        if (s->folders[i].created)
            rmdir(s->folders[i].path); /* only when still empty */
}

void bilim_outset_free(bilim_outset *s)
{
    if (!s)
        return;
    /* An interrupted commit keeps its journal and temporaries: the next
     * set in these folders finishes it. */
    if (s->opened && !s->committed && !s->journaled)
        undo(s);
    for (int i = 0; i < s->n_journal; i++) {
        close(s->journal[i].fd);
        bilim_free(s->journal[i].path);
    }
    bilim_free(s->journal);
    for (int i = 0; i < s->n_files; i++)
        target_clear(&s->files[i]);
    for (int i = 0; i < s->n_folders; i++)
        target_clear(&s->folders[i]);
    for (int i = 0; i < s->n_in; i++)
        bilim_free(s->in[i].path);
    bilim_free(s->files);
    bilim_free(s->folders);
    bilim_free(s->in);
    bilim_free(s);
}

/* --- declaring ---------------------------------------------------------------- */

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISFIFO(m) ? "a named pipe (FIFO)"
           : S_ISSOCK(m) ? "a socket"
           : S_ISLNK(m)  ? "a symbolic link"
                         : "not a regular file";
}

static int same_place(const place *a, const place *b)
{
    if (a->folder != b->folder || strcmp(a->name, b->name) != 0)
        return 0;
    return a->folder >= 0 || (a->dev == b->dev && a->ino == b->ino);
}

static int same_file(const target *a, const target *b)
{
    return same_place(&a->at, &b->at) ||
           (a->exists && b->exists && a->dev == b->dev && a->ino == b->ino);
}

/* The folder part of path and the place of its last component. */
static int locate(bilim_outset *s, target *t, bilim_error *err)
{
    const char *slash = strrchr(t->path, '/');
    size_t dl = slash ? (size_t)(slash - t->path) : 0;
    t->at.name = slash ? slash + 1 : t->path;
    t->at.folder = -1;
    if (!(t->dir = bilim_malloc(dl + 2)))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!slash)
        strcpy(t->dir, ".");
    else if (dl == 0)
        strcpy(t->dir, "/");
    else
        snprintf(t->dir, dl + 1, "%s", t->path);
    struct stat st;
    if (stat(t->dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return bilim_error_set(err, BILIM_EIO, "%s %s: '%s' is not a directory", t->what,
                                   t->path, t->dir);
        if (access(t->dir, W_OK | X_OK) != 0)
            return bilim_error_set(err, BILIM_EIO,
                                   "%s %s: no write permission in directory '%s' (%s); "
                                   "choose another output path",
                                   t->what, t->path, t->dir, strerror(errno));
        t->at.dev = st.st_dev;
        t->at.ino = st.st_ino;
        return BILIM_OK;
    }
    for (int k = 0; k < s->n_folders; k++)
        if (!s->folders[k].exists && strcmp(s->folders[k].path, t->dir) == 0) {
            t->at.folder = k;
            return BILIM_OK;
        }
    return bilim_error_set(err, BILIM_EIO,
                           "%s %s: directory '%s' does not exist; create it (mkdir -p %s) or "
                           "choose another output path",
                           t->what, t->path, t->dir, t->dir);
}

/* Refused: the same file as an input or as another target of the set. */
static int collides(const bilim_outset *s, const target *t, bilim_error *err)
{
    for (int i = 0; i < s->n_in && t->exists; i++)
        if (s->in[i].dev == t->dev && s->in[i].ino == t->ino)
            return bilim_error_set(err, BILIM_EUSAGE,
                                   "%s %s: is the input file %s (the same file); writing it "
                                   "would destroy the input; choose another output path",
                                   t->what, t->path, s->in[i].path);
    const target *sets[2] = {s->files, s->folders};
    const int ns[2] = {s->n_files, s->n_folders};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < ns[k]; i++)
            if (&sets[k][i] != t && same_file(&sets[k][i], t))
                return bilim_error_set(err, BILIM_EUSAGE,
                                       "%s %s: is also the output %s %s; give each output its "
                                       "own path",
                                       t->what, t->path, sets[k][i].what, sets[k][i].path);
    return BILIM_OK;
}

/* Fills a new target from path: checks the name, its folder, what is there. */
static int declare(bilim_outset *s, target *t, const char *path, const char *what, int folder,
                   bilim_error *err)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    if (!(t->what = bilim_strdup(what)) || !(t->path = bilim_strdup(path ? path : "")))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    size_t len = strlen(t->path);
    while (folder && len > 1 && t->path[len - 1] == '/')
        t->path[--len] = '\0';
    const char *name = strrchr(t->path, '/') ? strrchr(t->path, '/') + 1 : t->path;
    if (len == 0 || len > MAX_PATH)
        return bilim_error_set(err, BILIM_EUSAGE, "%s: the path is %s", what,
                               len ? "too long" : "empty");
    if (!folder && (!name[0] || strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
        return bilim_error_set(err, BILIM_EUSAGE,
                               "%s %s: names a folder; give a file name such as %s%sresult",
                               what, path, path, t->path[len - 1] == '/' ? "" : "/");
    struct stat st;
    if (lstat(t->path, &st) == 0) {
        t->exists = 1;
        /* A folder may be a link to a directory: bilim writes inside it. */
        if (folder && S_ISLNK(st.st_mode) && stat(t->path, &st) != 0)
            st.st_mode = S_IFLNK;
        t->dev = st.st_dev;
        t->ino = st.st_ino;
        t->mode = st.st_mode;
    }
    if (folder && (strcmp(name, "..") == 0 || strcmp(name, ".") == 0 || !name[0])) {
        /* ".", ".." or "/": an existing folder, known by its own identity */
        t->at.folder = -1;
        t->at.dev = t->dev;
        t->at.ino = t->ino;
        t->at.name = "";
    } else if (folder && locate(s, t, err)) {
        return err ? err->code : BILIM_EIO;
    }
    if (folder && t->exists && !S_ISDIR(t->mode))
        return bilim_error_set(err, BILIM_EUSAGE,
                               "%s %s: exists and is %s; give a folder (it is created when "
                               "missing)",
                               what, t->path, S_ISREG(t->mode) ? "a file" : kind_of(t->mode));
    if (folder)
        return BILIM_OK;
    if (t->exists && S_ISLNK(t->mode))
        return bilim_error_set(err, BILIM_EUSAGE,
                               "%s %s: is a symbolic link; bilim replaces only regular files "
                               "and never writes through or over a link; give the path it "
                               "points to (readlink -f %s) or remove the link",
                               what, t->path, t->path);
    if (t->exists && S_ISDIR(t->mode))
        return bilim_error_set(err, BILIM_EUSAGE,
                               "%s %s: is a directory; give a file name such as %s/result",
                               what, t->path, t->path);
    if (t->exists && !S_ISREG(t->mode))
        return bilim_error_set(err, BILIM_EUSAGE,
                               "%s %s: is %s, not a regular file; bilim writes results only to "
                               "regular files (it replaces them whole), so give a file name",
                               what, t->path, kind_of(t->mode));
    return locate(s, t, err);
}

static int grow(void **p, int *cap, int n, size_t size)
{
    if (n < *cap)
        return 0;
    int c = *cap ? 2 * *cap : 4;
    void *g = bilim_realloc(*p, (size_t)c * size);
    if (!g)
        return -1;
    *p = g;
    *cap = c;
    return 0;
}

int bilim_outset_input(bilim_outset *s, const char *path, bilim_error *err)
{
    struct stat st;
    if (!s || s->opened)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_input after open");
    if (!path || stat(path, &st) != 0)
        return BILIM_OK;
    if (grow((void **)&s->in, &s->cap_in, s->n_in, sizeof *s->in) ||
        !(s->in[s->n_in].path = bilim_strdup(path)))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    s->in[s->n_in].dev = st.st_dev;
    s->in[s->n_in].ino = st.st_ino;
    s->n_in++;
    for (int i = 0; i < s->n_files; i++)
        if (collides(s, &s->files[i], err))
            return err ? err->code : BILIM_EUSAGE;
    return BILIM_OK;
}

int bilim_outset_folder(bilim_outset *s, const char *path, const char *what, bilim_error *err)
{
    if (!s || s->opened)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_folder after open");
    if (grow((void **)&s->folders, &s->cap_folders, s->n_folders, sizeof *s->folders))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    target *t = &s->folders[s->n_folders++];
    int rc = declare(s, t, path, what, 1, err);
    return rc ? rc : collides(s, t, err);
}

int bilim_outset_file(bilim_outset *s, const char *path, const char *what,
                      uint64_t expected_bytes, int *index, bilim_error *err)
{
    if (!s || s->opened)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_file after open");
    if (grow((void **)&s->files, &s->cap_files, s->n_files, sizeof *s->files))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    target *t = &s->files[s->n_files++];
    int rc = declare(s, t, path, what, 0, err);
    if (!rc)
        rc = collides(s, t, err);
    t->expected = expected_bytes;
    if (index)
        *index = s->n_files - 1;
    return rc;
}

const char *bilim_outset_target(const bilim_outset *s, int i)
{
    return s && i >= 0 && i < s->n_files ? s->files[i].path : NULL;
}

const char *bilim_outset_temp(const bilim_outset *s, int i)
{
    return s && i >= 0 && i < s->n_files ? s->files[i].tmp : NULL;
}

/* --- opening ------------------------------------------------------------------- */

/* The free space where each file goes, against the bytes expected there. */
static int check_space(const bilim_outset *s, bilim_error *err)
{
    for (int i = 0; i < s->n_files; i++) {
        const target *t = &s->files[i];
        const char *dir = t->at.folder >= 0 ? s->folders[t->at.folder].dir : t->dir;
        struct statvfs v, w;
        if (!t->expected || !dir || statvfs(dir, &v) != 0)
            continue;
        uint64_t need = 0;
        for (int j = 0; j < s->n_files; j++) {
            const target *u = &s->files[j];
            const char *d = u->at.folder >= 0 ? s->folders[u->at.folder].dir : u->dir;
            if (d && statvfs(d, &w) == 0 && w.f_fsid == v.f_fsid)
                need += u->expected;
        }
        uint64_t avail = (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
        if (avail < need)
            return bilim_error_set(err, BILIM_EIO,
                                   "not enough free space for %s %s: the results need up to "
                                   "%.1f MiB and '%s' has %.1f MiB free; free some space, choose "
                                   "another output path, or run fewer replicates or months",
                                   t->what, t->path, (double)need / 1048576.0, dir,
                                   (double)avail / 1048576.0);
    }
    return BILIM_OK;
}

static int make_folders(bilim_outset *s, bilim_error *err)
{
    for (int k = 0; k < s->n_folders; k++) {
        target *f = &s->folders[k];
        if (f->exists)
            continue;
        if (mkdir(f->path, 0777) == 0)
            f->created = 1;
        else if (errno != EEXIST)
            return bilim_error_set(err, BILIM_EIO, "%s %s: cannot create the folder: %s",
                                   f->what, f->path, strerror(errno));
    }
    return BILIM_OK;
}

static int make_temp(bilim_outset *s, target *t, bilim_error *err)
{
    size_t dl = (size_t)(t->at.name - t->path), n = strlen(t->path) + 64;
    if (!(t->tmp = bilim_malloc(n)))
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    snprintf(t->tmp, n, "%.*s.%s%s%s", (int)dl, t->path, t->at.name, s->owner,
             BILIM__OUTSET_TMP);
    t->fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (t->fd < 0) {
        int e = errno;
        bilim_free(t->tmp);
        t->tmp = NULL;
        return bilim_error_set(err, BILIM_EIO, "%s %s: cannot create a temporary file beside "
                               "it: %s", t->what, t->path, strerror(e));
    }
    if (bilim__outset_lock(t->fd) != 0)
        return bilim_error_set(err, BILIM_EIO, "%s %s: cannot lock its temporary file %s: %s",
                               t->what, t->path, t->tmp, strerror(errno));
    if (t->exists) /* the replacement keeps the permissions of what it replaces */
        (void)fchmod(t->fd, t->mode & 07777);
    return BILIM_OK;
}

/* Another live process's temporary for the same target means two writers. */
static int check_rivals(const bilim_outset *s, const target *t, bilim_error *err)
{
    int rc = BILIM_OK;
    DIR *d = opendir(t->at.folder >= 0 ? s->folders[t->at.folder].path : t->dir);
    struct dirent *e;
    while (d && !rc && (e = readdir(d))) {
        bilim__outset_name p;
        if (!bilim__outset_parse(e->d_name, &p) || p.journal || p.base_len != strlen(t->at.name) ||
            strncmp(p.base, t->at.name, p.base_len) != 0 || strstr(e->d_name, s->owner))
            continue;
        size_t dl = (size_t)(t->at.name - t->path), len = dl + strlen(e->d_name) + 1;
        char *path = bilim_malloc(len);
        if (!path)
            break;
        snprintf(path, len, "%.*s%s", (int)dl, t->path, e->d_name);
        if (bilim__outset_locked(path))
            rc = bilim_error_set(err, BILIM_EIO,
                                 "%s %s: another process (pid %ld%s) is writing it now; wait "
                                 "for it to finish or choose another output path",
                                 t->what, t->path, p.pid,
                                 strstr(s->owner, p.host) ? "" : " on another host");
        bilim_free(path);
    }
    if (d)
        closedir(d);
    return rc;
}

int bilim_outset_open(bilim_outset *s, bilim_error *err)
{
    if (!s || s->opened)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_open twice");
    s->opened = 1;
    int rc = check_space(s, err);
    if (!rc)
        rc = make_folders(s, err);
    for (int i = 0; !rc && i < s->n_files; i++)
        if (s->files[i].at.folder < 0)
            rc = bilim_outset_recover(s->files[i].dir, NULL, err);
    for (int i = 0; !rc && i < s->n_files; i++)
        rc = make_temp(s, &s->files[i], err);
    /* After every temporary is locked: of two sets started together, at
     * least the later one sees the other's lock. */
    for (int i = 0; !rc && i < s->n_files; i++)
        rc = check_rivals(s, &s->files[i], err);
    if (rc)
        undo(s);
    return rc;
}

FILE *bilim_outset_stream(bilim_outset *s, int i, bilim_error *err)
{
    if (!s || !s->opened || s->committed || i < 0 || i >= s->n_files || s->files[i].fd < 0) {
        bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_stream: no open output %d", i);
        return NULL;
    }
    target *t = &s->files[i];
    if (!t->stream) {
        int fd = fcntl(t->fd, F_DUPFD_CLOEXEC, 0); /* gnuplot must not inherit it */
        if (fd < 0 || !(t->stream = fdopen(fd, "wb"))) {
            bilim_error_set(err, BILIM_EIO, "%s %s: cannot write %s: %s", t->what, t->path,
                            t->tmp, strerror(errno));
            if (fd >= 0)
                close(fd);
        }
    }
    return t->stream;
}

/* --- committing ---------------------------------------------------------------- */

/* Every write checked and on disk before anything is renamed. */
static int finish_writes(bilim_outset *s, bilim_error *err)
{
    for (int i = 0; i < s->n_files; i++) {
        target *t = &s->files[i];
        if (t->stream) {
            errno = 0;
            int bad = fflush(t->stream) != 0 || ferror(t->stream);
            int e = errno;
            bad = fclose(t->stream) != 0 || bad;
            e = e ? e : errno;
            t->stream = NULL;
            if (bad)
                return bilim_error_set(err, BILIM_EIO, "cannot write %s %s: %s", t->what,
                                       t->path,
                                       e ? strerror(e) : "write error (is the disk full?)");
        }
        if (fsync(t->fd) != 0)
            return bilim_error_set(err, BILIM_EIO, "cannot write %s %s: %s", t->what, t->path,
                                   strerror(errno));
        /* The policy once more, just before replacing: nothing else took the name. */
        struct stat st;
        if (lstat(t->path, &st) == 0 && !S_ISREG(st.st_mode))
            return bilim_error_set(err, BILIM_EUSAGE, "%s %s: became %s while bilim worked; "
                                   "it was left alone and nothing was written",
                                   t->what, t->path, kind_of(st.st_mode));
    }
    return BILIM_OK;
}

/* The folders of the set's files (absolute, each once) and the journal's
 * entries. */
static int journal_plan(const bilim_outset *s, char **dirs, int *n_dirs, bilim__outset_entry *e)
{
    *n_dirs = 0;
    for (int i = 0; i < s->n_files; i++) {
        const target *t = &s->files[i];
        const char *dir = t->at.folder >= 0 ? s->folders[t->at.folder].path : t->dir;
        char *abs = bilim_realpath(dir);
        if (!abs)
            return -1;
        int d = 0;
        while (d < *n_dirs && strcmp(dirs[d], abs) != 0)
            d++;
        if (d == *n_dirs)
            dirs[(*n_dirs)++] = abs;
        else
            bilim_free(abs);
        e[i].dir = d;
        e[i].tmp = strrchr(t->tmp, '/') ? strrchr(t->tmp, '/') + 1 : t->tmp;
        e[i].target = t->at.name;
    }
    return 0;
}

/* Writes a complete journal copy into every folder, each durable before
 * the first rename: from then on the commit is decided. */
static int write_journals(bilim_outset *s, bilim_error *err)
{
    int n = s->n_files, n_dirs = 0, rc = BILIM_OK;
    char **dirs = bilim_calloc((size_t)n, sizeof *dirs);
    bilim__outset_entry *e = bilim_calloc((size_t)n, sizeof *e);
    s->journal = bilim_calloc((size_t)n, sizeof *s->journal);
    if (!dirs || !e || !s->journal)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    else if (journal_plan(s, dirs, &n_dirs, e) != 0)
        rc = errno == ENOMEM ? bilim_error_set(err, BILIM_ENOMEM, "out of memory")
                             : bilim_error_set(err, BILIM_EIO, "cannot resolve the output "
                                               "folders: %s", strerror(errno));
    const char *first = s->files[0].at.name;
    for (int d = 0; !rc && d < n_dirs; d++) {
        size_t len = strlen(dirs[d]) + strlen(first) + 80;
        char *tmp = bilim_malloc(len), *path = bilim_malloc(len);
        if (tmp && path) {
            snprintf(tmp, len, "%s/.%s.journal%s%s", dirs[d], first, s->owner, BILIM__OUTSET_TMP);
            snprintf(path, len, "%s/.%s%s%s", dirs[d], first, s->owner, BILIM__OUTSET_JOURNAL);
        }
        int fd = tmp && path ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666) : -1;
        int bad = fd < 0 || bilim__outset_lock(fd) != 0 ||
                  bilim__outset_journal_write(fd, (const char *const *)dirs, n_dirs, e, n) != 0 ||
                  rename(tmp, path) != 0;
        if (bad) {
            rc = !tmp || !path
                     ? bilim_error_set(err, BILIM_ENOMEM, "out of memory")
                     : bilim_error_set(err, BILIM_EIO, "cannot write the commit journal in "
                                       "'%s': %s", dirs[d], strerror(errno));
            if (tmp)
                unlink(tmp);
            if (fd >= 0)
                close(fd);
            bilim_free(path);
        } else {
            s->journal[s->n_journal++] = (journal_copy){path, fd};
        }
        bilim_free(tmp);
    }
    for (int d = 0; d < n_dirs; d++) {
        if (!rc)
            bilim__outset_sync_dir(dirs[d]);
        bilim_free(dirs[d]);
    }
    bilim_free(dirs);
    bilim_free(e);
    return rc;
}

static int rename_all(bilim_outset *s, bilim_error *err)
{
    for (int i = 0; i < s->n_files; i++) {
        target *t = &s->files[i];
        if (rename(t->tmp, t->path) != 0) {
            int e = errno;
            if (i == 0) /* nothing replaced yet: undo() leaves the old set */
                return bilim_error_set(err, BILIM_EIO, "cannot move %s into place as %s: %s",
                                       t->tmp, t->path, strerror(e));
            s->journaled = 1;
            return bilim_error_set(err, BILIM_EIO,
                                   "cannot move %s into place as %s: %s; %d of %d outputs are "
                                   "replaced; the next bilim run writing in that folder "
                                   "finishes the commit (its journal is beside the outputs)",
                                   t->tmp, t->path, strerror(e), i, s->n_files);
        }
    }
    for (int i = 0; i < s->n_files; i++)
        bilim__outset_sync_dir(s->files[i].at.folder >= 0 ? s->folders[s->files[i].at.folder].path
                                                          : s->files[i].dir);
    return BILIM_OK;
}

int bilim_outset_commit(bilim_outset *s, bilim_error *err)
{
    if (!s || !s->opened || s->committed)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_outset_commit: the set is not open");
    int rc = finish_writes(s, err);
    if (!rc && s->n_files > 1)
        rc = write_journals(s, err);
    if (!rc)
        rc = rename_all(s, err);
    if (rc) {
        if (!s->journaled)
            undo(s);
        return rc;
    }
    s->committed = 1;
    for (int i = 0; i < s->n_journal; i++)
        unlink(s->journal[i].path);
    return BILIM_OK;
}
