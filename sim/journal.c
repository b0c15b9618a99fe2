/* sim/journal.c: a batch's journal of finished runs (see journal.h). */
#define _POSIX_C_SOURCE 200809L
#include "sim/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "base/hash.h"
#include "base/version.h"

#define MAGIC_LINE "bilim journal 1"
#define RECORD_MAGIC 0x4e524a42u /* "BJRN" */
#define SYNC_SECONDS 1.0
#define LINE_MAX_BYTES (BILIM_JOURNAL_LABEL_MAX + 64)

struct bilim_journal {
    int fd;
    char path[4096];
    double last_sync;
};

/* --- items ---------------------------------------------------------------------- */

void bilim_journal_items_init(bilim_journal_items *it)
{
    memset(it, 0, sizeof *it);
}

void bilim_journal_items_clear(bilim_journal_items *it)
{
    bilim_free(it->v);
    memset(it, 0, sizeof *it);
}

int bilim_journal_items_add(bilim_journal_items *it, uint64_t hash, bilim_error *err,
                            const char *fmt, ...)
{
    if (it->n == it->cap) {
        int cap = it->cap ? 2 * it->cap : 32;
        bilim_journal_item *v = bilim_realloc(it->v, (size_t)cap * sizeof *v);
        if (!v)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        it->v = v;
        it->cap = cap;
    }
    bilim_journal_item *x = &it->v[it->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->label, sizeof x->label, fmt, ap);
    va_end(ap);
    for (char *c = x->label; *c; c++) /* one line each */
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    x->hash = hash;
    return BILIM_OK;
}

static uint64_t hash_of(const void *p, size_t n)
{
    return bilim_hash_bytes(BILIM_HASH_INIT, p, n);
}

int bilim_journal_items_design(bilim_journal_items *it, const bilim_design *d,
                               const char *const *files, bilim_error *err)
{
    int rc = bilim_journal_items_add(it, hash_of(&d->seed, sizeof d->seed), err,
                                     "the seed (--seed or the baseline's \"seed\")");
    if (!rc)
        rc = bilim_journal_items_add(it, hash_of(&d->seeding, sizeof d->seeding), err,
                                     "the seeding of design points");
    for (int32_t s = 0; !rc && s < d->n_scenarios; s++)
        rc = bilim_journal_items_add(it, hash_of(&d->scenarios[s], sizeof d->scenarios[s]), err,
                                     "scenario %d '%s'%s%s%s (its file or the options "
                                     "--schools, --months, --replicates, --fix)", (int)s,
                                     d->scenarios[s].name, files && files[s] ? " (" : "",
                                     files && files[s] ? files[s] : "",
                                     files && files[s] ? ")" : "");
    for (int32_t f = 0; !rc && f < d->n_factors; f++) {
        const bilim_design_factor *fa = &d->factors[f];
        uint64_t h = hash_of(&fa->target, sizeof fa->target);
        h = bilim_hash_bytes(h, &fa->prior, sizeof fa->prior);
        rc = bilim_journal_items_add(it, h, err, "the prior of factor '%s' (--prior, --fix, "
                                     "\"uncertainty\")", fa->name);
    }
    if (!rc)
        rc = bilim_journal_items_add(it, bilim_design_hash_particles(d, BILIM_HASH_INIT), err,
                                     "the posterior sample (--posterior, --fix posterior)");
    if (!rc)
        rc = bilim_journal_items_add(it, bilim_design_hash_points(d, BILIM_HASH_INIT), err,
                                     "the design points (their number: --draws or -N; "
                                     "--sampling)");
    if (!rc)
        rc = bilim_journal_items_add(it, hash_of(d->runs, d->n_runs * sizeof *d->runs), err,
                                     "the list of runs (--draw-replicates, --replicates)");
    return rc;
}

/* --- the header -------------------------------------------------------------------- */

static void version_text(char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", bilim_version(), bilim_version_git_commit());
}

/* The header's text (allocated), its last line included. */
static char *header_text(size_t n_runs, const bilim_journal_items *items)
{
    char ver[128];
    version_text(ver, sizeof ver);
    size_t cap = 256 + (size_t)items->n * LINE_MAX_BYTES;
    char *s = bilim_malloc(cap);
    if (!s)
        return NULL;
    size_t len = (size_t)snprintf(s, cap, MAGIC_LINE "\nversion %s\nruns %zu\n", ver, n_runs);
    for (int i = 0; i < items->n; i++)
        len += (size_t)snprintf(s + len, cap - len, "item %016" PRIx64 " %s\n", items->v[i].hash,
                                items->v[i].label);
    snprintf(s + len, cap - len, "end %016" PRIx64 "\n", hash_of(s, len));
    return s;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The folder of path, fsynced so a rename or link in it survives a crash. */
static void sync_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Writes a new journal (header only) at path: a temporary file linked into
 * place, so the header is whole or absent and nothing at path is replaced. */
static int create(const char *path, const char *header, bilim_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return bilim_error_set(err, BILIM_EIO, "%s: cannot create the journal: %s", path,
                               strerror(errno));
    int bad = write_all(fd, header, strlen(header)) || fsync(fd);
    int e = errno;
    close(fd);
    if (!bad && link(tmp, path) != 0) {
        bad = 1;
        e = errno;
    }
    unlink(tmp);
    if (bad)
        return bilim_error_set(err, BILIM_EIO, "%s: cannot create the journal: %s", path,
                               strerror(e));
    sync_dir(path);
    return BILIM_OK;
}

/* --- reading an existing journal --------------------------------------------------- */

/* Adds "\n  WHAT: HOW" to msg (n bytes). */
static void append_msg(char *msg, size_t n, const char *what, const char *how)
{
    size_t len = strlen(msg);
    if (len < n)
        snprintf(msg + len, n - len, "\n  %s: %s", what, how);
}

/* What differs between the journal's items (lines "item HASH LABEL") and ours. */
static int differs(const char *path, const char *journal_ver, char *const *lines, int n_lines,
                   const bilim_journal_items *items, bilim_error *err)
{
    char msg[900] = "", ver[128];
    version_text(ver, sizeof ver);
    if (strcmp(journal_ver, ver) != 0) {
        char how[300];
        snprintf(how, sizeof how, "the journal's is %s, this is %s", journal_ver, ver);
        append_msg(msg, sizeof msg, "bilim version", how);
    }
    for (int k = 0; k < n_lines; k++) {
        const char *label = lines[k] + 22;
        int found = 0;
        for (int i = 0; i < items->n && !found; i++)
            if (strcmp(items->v[i].label, label) == 0) {
                found = 1;
                char hex[17];
                snprintf(hex, sizeof hex, "%016" PRIx64, items->v[i].hash);
                if (strncmp(lines[k] + 5, hex, 16) != 0)
                    append_msg(msg, sizeof msg, label, "differs");
            }
        if (!found)
            append_msg(msg, sizeof msg, label, "in the journal, not in this command");
    }
    for (int i = 0; i < items->n; i++) {
        int found = 0;
        for (int k = 0; k < n_lines && !found; k++)
            found = strcmp(items->v[i].label, lines[k] + 22) == 0;
        if (!found)
            append_msg(msg, sizeof msg, items->v[i].label, "new in this command");
    }
    if (!msg[0])
        return BILIM_OK;
    return bilim_error_set(err, BILIM_EINVAL, "%s: the journal of an interrupted batch with "
                           "other inputs; it cannot be resumed by this command:%s\n"
                           "  Run the original command to finish that batch, or remove %s "
                           "to start afresh.", path, msg, path);
}

typedef struct header {
    char *text;       /* the whole header */
    size_t len;
    char *lines[BILIM_DESIGN_MAX_FACTORS + 600];
    int n_items;
    char version[128];
    size_t n_runs;
} header;

/* Parses the header at the start of buf (len bytes). Returns 0, or 1 when
 * buf is not a journal, 2 when its header is damaged. */
static int parse_header(char *buf, size_t len, header *h)
{
    size_t magic = strlen(MAGIC_LINE "\n");
    if (len < magic || memcmp(buf, MAGIC_LINE "\n", magic) != 0)
        return 1;
    /* The last line first: it signs the text before it, which the parse
     * below cuts into lines. */
    char *end = strstr(buf, "\nend ");
    if (!end || (size_t)(end - buf) + 5 + 17 > len || end[5 + 16] != '\n')
        return 2;
    end++;
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, hash_of(buf, (size_t)(end - buf)));
    if (memcmp(end + 4, hex, 16) != 0)
        return 2;
    h->len = (size_t)(end - buf) + 4 + 17;
    h->n_items = 0;
    h->version[0] = '\0';
    h->n_runs = SIZE_MAX;
    for (char *p = buf + magic; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        *nl = '\0';
        if (strncmp(p, "version ", 8) == 0)
            snprintf(h->version, sizeof h->version, "%s", p + 8);
        else if (strncmp(p, "runs ", 5) == 0)
            h->n_runs = (size_t)strtoull(p + 5, NULL, 10);
        else if (strncmp(p, "item ", 5) == 0 && strlen(p) > 22 &&
                 h->n_items < (int)(sizeof h->lines / sizeof h->lines[0]))
            h->lines[h->n_items++] = p;
        else
            return 2;
        p = nl + 1;
    }
    return h->version[0] && h->n_runs != SIZE_MAX ? 0 : 2;
}

/* Whole records after the header, each handed to take(); the valid length.
 * A record: u32 magic, u32 its whole size, u64 run, the payload, u64
 * FNV-1a checksum of everything before it. */
static size_t read_records(const unsigned char *b, size_t len, size_t n_runs, unsigned char *done,
                           bilim_journal_take_fn take, void *user, size_t *n_done)
{
    size_t off = 0;
    *n_done = 0;
    while (len - off >= BILIM_JOURNAL_OVERHEAD_BYTES) {
        const unsigned char *r = b + off;
        uint32_t magic, size;
        uint64_t run, sum;
        memcpy(&magic, r, 4);
        memcpy(&size, r + 4, 4);
        memcpy(&run, r + 8, 8);
        if (magic != RECORD_MAGIC || size < BILIM_JOURNAL_OVERHEAD_BYTES || size > len - off ||
            run >= n_runs)
            break;
        memcpy(&sum, r + size - 8, 8);
        if (sum != hash_of(r, size - 8) ||
            (take && take(user, (size_t)run, r + 16, size - BILIM_JOURNAL_OVERHEAD_BYTES)))
            break;
        if (!done[run])
            (*n_done)++;
        done[run] = 1;
        off += size;
    }
    return off;
}

static int read_file(const char *path, char **buf, size_t *len, bilim_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? BILIM_OK
                               : bilim_error_set(err, BILIM_EIO, "%s: cannot read the journal: %s",
                                                 path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return bilim_error_set(err, BILIM_EINVAL, "%s: not a regular file, so not a journal; "
                               "it is left as is (move it away or choose another -o)", path);
    }
    *len = (size_t)st.st_size;
    *buf = bilim_malloc(*len + 1);
    int bad = !*buf || fread(*buf, 1, *len, f) != *len;
    fclose(f);
    if (bad)
        return bilim_error_set(err, *buf ? BILIM_EIO : BILIM_ENOMEM, "%s: cannot read the journal",
                               path);
    (*buf)[*len] = '\0';
    return BILIM_OK;
}

/* Checks the existing journal in buf and takes its records; *keep: the
 * length to keep (the header and the whole records). */
static int take_existing(const char *path, char *buf, size_t len, size_t n_runs,
                         const bilim_journal_items *items, unsigned char *done,
                         bilim_journal_take_fn take, void *user, size_t *n_done, size_t *keep,
                         bilim_error *err)
{
    header *h = bilim_malloc(sizeof *h);
    if (!h)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int p = parse_header(buf, len, h);
    int rc = BILIM_OK;
    if (p == 1)
        rc = bilim_error_set(err, BILIM_EINVAL, "%s: exists and is not a bilim journal; it is "
                             "left as is (move it away or choose another -o)", path);
    else if (p == 2)
        rc = bilim_error_set(err, BILIM_EINVAL, "%s: the journal's header is damaged; remove "
                             "the file to start the batch afresh", path);
    if (!rc)
        rc = differs(path, h->version, h->lines, h->n_items, items, err);
    if (!rc && h->n_runs != n_runs)
        rc = bilim_error_set(err, BILIM_EINVAL, "%s: the journal is of %zu runs, this batch has "
                             "%zu; remove it to start afresh", path, h->n_runs, n_runs);
    if (!rc)
        *keep = h->len + read_records((unsigned char *)buf + h->len, len - h->len, n_runs, done,
                                      take, user, n_done);
    bilim_free(h);
    return rc;
}

/* A design's record: exactly its doubles. */
static int take_design_record(void *user, size_t run, const unsigned char *b, size_t n)
{
    bilim_design_record *records = user;
    if (n != sizeof records[run].v)
        return 1;
    memcpy(records[run].v, b, n);
    return 0;
}

int bilim_journal_open(const char *path, size_t n_runs, const bilim_journal_items *items,
                       unsigned char *done, bilim_design_record *records, size_t *n_done,
                       bilim_journal **out, bilim_error *err)
{
    return bilim_journal_open_bytes(path, n_runs, items, done, take_design_record, records,
                                    n_done, out, err);
}

int bilim_journal_open_bytes(const char *path, size_t n_runs, const bilim_journal_items *items,
                             unsigned char *done, bilim_journal_take_fn take, void *user,
                             size_t *n_done, bilim_journal **out, bilim_error *err)
{
    *out = NULL;
    *n_done = 0;
    char *buf = NULL;
    size_t len = 0, keep = 0;
    int rc = read_file(path, &buf, &len, err);
    if (!rc && buf)
        rc = take_existing(path, buf, len, n_runs, items, done, take, user, n_done, &keep, err);
    else if (!rc) {
        char *text = header_text(n_runs, items);
        rc = text ? create(path, text, err) : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        keep = text ? strlen(text) : 0;
        bilim_free(text);
    }
    bilim_free(buf);
    if (rc)
        return rc;
    bilim_journal *j = bilim_calloc(1, sizeof *j);
    if (!j)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    snprintf(j->path, sizeof j->path, "%s", path);
    j->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    /* A torn tail is cut before anything is appended after it. */
    if (j->fd < 0 || ftruncate(j->fd, (off_t)keep) != 0) {
        rc = bilim_error_set(err, BILIM_EIO, "%s: cannot open the journal: %s", path,
                             strerror(errno));
        if (j->fd >= 0)
            close(j->fd);
        bilim_free(j);
        return rc;
    }
    j->last_sync = bilim_clock_now();
    *out = j;
    return BILIM_OK;
}

int bilim_journal_append(bilim_journal *j, size_t run, const bilim_design_record *rec,
                         bilim_error *err)
{
    return bilim_journal_append_bytes(j, run, rec->v, sizeof rec->v, err);
}

int bilim_journal_append_bytes(bilim_journal *j, size_t run, const void *payload, size_t n,
                               bilim_error *err)
{
    if (n > UINT32_MAX - BILIM_JOURNAL_OVERHEAD_BYTES)
        return bilim_error_set(err, BILIM_EINVAL, "%s: a record of %zu bytes is too large for "
                               "the journal", j->path, n);
    size_t total = n + BILIM_JOURNAL_OVERHEAD_BYTES;
    unsigned char small[BILIM_JOURNAL_RECORD_BYTES];
    unsigned char *r = total <= sizeof small ? small : bilim_malloc(total);
    if (!r)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for a journal record");
    uint32_t magic = RECORD_MAGIC, size = (uint32_t)total;
    uint64_t run64 = run;
    memcpy(r, &magic, 4);
    memcpy(r + 4, &size, 4);
    memcpy(r + 8, &run64, 8);
    if (n)
        memcpy(r + 16, payload, n);
    uint64_t sum = hash_of(r, total - 8);
    memcpy(r + total - 8, &sum, 8);
    int bad = write_all(j->fd, r, total) != 0;
    int e = errno;
    if (r != small)
        bilim_free(r);
    if (bad)
        return bilim_error_set(err, BILIM_EIO, "%s: cannot append to the journal: %s", j->path,
                               strerror(e));
    double now = bilim_clock_now();
    if (now - j->last_sync >= SYNC_SECONDS) {
        if (fdatasync(j->fd) != 0)
            return bilim_error_set(err, BILIM_EIO, "%s: cannot sync the journal: %s", j->path,
                                   strerror(errno));
        j->last_sync = now;
    }
    return BILIM_OK;
}

int bilim_journal_close(bilim_journal *j, bilim_error *err)
{
    if (!j)
        return BILIM_OK;
    int bad = fsync(j->fd) != 0;
    int e = errno;
    bad |= close(j->fd) != 0;
    int rc = bad ? bilim_error_set(err, BILIM_EIO, "%s: cannot close the journal: %s", j->path,
                                   strerror(e))
                 : BILIM_OK;
    bilim_free(j);
    return rc;
}

int bilim_journal_remove(const char *path, bilim_error *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return bilim_error_set(err, BILIM_EIO, "%s: cannot remove the journal: %s", path,
                               strerror(errno));
    sync_dir(path);
    return BILIM_OK;
}
