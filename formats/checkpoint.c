/* formats/checkpoint.c: the checkpoint file (checkpoint.h). */
#include "formats/checkpoint.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "base/file.h"
#include "base/hash.h"
#include "base/outset.h"
#include "base/version.h"
#include "formats/scenario_load.h"
#include "models/model_state.h"

#define MAGIC "bilim-checkpoint\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define BYTE_ORDER_MARK 0x01020304u
#define FORMAT 2u /* 2: with the schools each intervention reached */
#define MAX_BYTES ((size_t)1 << 40) /* read whole: a cap far above any run's state */

/* "0.1.0 (commit 1a2b3c4)": a checkpoint is resumed by the bilim that wrote it. */
static void version_of(char *buf, size_t n)
{
    snprintf(buf, n, "%s (commit %s)", bilim_version(), bilim_version_git_commit());
}

/* --- writing ----------------------------------------------------------------------------- */

typedef struct writer {
    FILE *f;
    uint64_t hash;
} writer;

static void put(writer *w, const void *p, size_t n)
{
    if (n == 0)
        return;
    w->hash = bilim_hash_bytes(w->hash, p, n);
    fwrite(p, 1, n, w->f); /* errors surface at the commit (outset checks the stream) */
}

static void put_u32(writer *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_i32(writer *w, int32_t v) { put(w, &v, sizeof v); }
static void put_u64(writer *w, uint64_t v) { put(w, &v, sizeof v); }
static void put_str(writer *w, const char *s)
{
    put_u32(w, (uint32_t)strlen(s));
    put(w, s, strlen(s));
}

/* The state of one replicate in flight. */
static int put_model(writer *w, int32_t rep, bilim_model *m, bilim_error *err)
{
    int n = bilim_model_state_items(m, NULL, 0);
    bilim_state_item *items = bilim_malloc((size_t)n * sizeof *items);
    if (!items)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing a checkpoint");
    bilim_model_state_items(m, items, n);
    put_i32(w, rep);
    put_i32(w, n);
    for (int i = 0; i < n; i++) {
        put_str(w, items[i].name);
        put_u32(w, (uint32_t)items[i].type);
        put_u64(w, items[i].elem_size);
        put_u64(w, items[i].count);
        put(w, items[i].data, items[i].elem_size * items[i].count);
    }
    bilim_free(items);
    return BILIM_OK;
}

static int put_all(writer *w, const char *json, const bilim_run_snapshot *s, bilim_error *err)
{
    const bilim_run_result *r = s->result;
    const int32_t R = r->replicates, months = r->months, ns = r->scenario.outputs.n_survey_months;
    char version[128];
    version_of(version, sizeof version);
    put(w, MAGIC, MAGIC_LEN);
    put_u32(w, BYTE_ORDER_MARK);
    put_u32(w, FORMAT);
    put_str(w, version);
    put_str(w, json);
    put_i32(w, R);
    put_i32(w, months);
    put_i32(w, (int32_t)r->layout.record_size);
    put_i32(w, ns);
    put_i32(w, r->schools);
    put_u64(w, (uint64_t)r->teachers);
    put(w, s->month, (size_t)R * sizeof *s->month);
    put(w, r->series, (size_t)R * ((size_t)months + 1) * r->layout.record_size * sizeof(double));
    put(w, r->surveys, (size_t)R * (size_t)ns * sizeof *r->surveys);
    /* Which schools each intervention reached: final for the replicates
     * finished (a resumed run does not run them again), 0 for the others. */
    const size_t nreach = r->reached ? (size_t)R * (size_t)r->scenario.n_interventions *
                                           (size_t)r->reached_schools : 0;
    put_i32(w, r->reached_schools);
    put_u64(w, (uint64_t)nreach);
    if (nreach)
        put(w, r->reached, nreach);
    for (int32_t rep = 0; rep < R; rep++) {
        if (s->month[rep] < 0 || s->month[rep] >= months)
            continue;
        if (!s->models[rep])
            return bilim_error_set(err, BILIM_EINTERNAL,
                                   "checkpoint: replicate %d is in flight without a model", (int)rep);
        int rc = put_model(w, rep, s->models[rep], err);
        if (rc)
            return rc;
    }
    uint64_t h = w->hash;
    put_u64(w, h);
    return BILIM_OK;
}

int bilim_checkpoint_write(const char *path, const bilim_scenario *sc,
                           const bilim_run_snapshot *s, bilim_error *err)
{
    char *json = bilim_scenario_to_json(sc, NULL);
    bilim_outset *set = bilim_outset_alloc();
    int rc = BILIM_OK, idx = 0;
    if (!json || !set)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory writing a checkpoint");
    if (!rc)
        rc = bilim_outset_file(set, path, "--checkpoint-every", 0, &idx, err);
    if (!rc)
        rc = bilim_outset_open(set, err);
    writer w = {NULL, BILIM_HASH_INIT};
    if (!rc && !(w.f = bilim_outset_stream(set, idx, err)))
        rc = err ? err->code : BILIM_EIO;
    if (!rc)
        rc = put_all(&w, json, s, err);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set); /* removes the temporary unless committed */
    bilim_free(json);
    return rc;
}

/* --- reading ----------------------------------------------------------------------------- */

typedef struct reader {
    const unsigned char *p;
    size_t left;
    int bad; /* ran past the end */
} reader;

static const void *take(reader *r, size_t n)
{
    if (r->bad || n > r->left) {
        r->bad = 1;
        return NULL;
    }
    const void *q = r->p;
    r->p += n;
    r->left -= n;
    return q;
}

/* n bytes into v, or zeros past the end (r->bad tells). */
static void get(reader *r, void *v, size_t n)
{
    const void *q = take(r, n);
    if (q)
        memcpy(v, q, n);
    else
        memset(v, 0, n);
}

static uint32_t get_u32(reader *r)
{
    uint32_t v;
    get(r, &v, sizeof v);
    return v;
}

static int32_t get_i32(reader *r) { return (int32_t)get_u32(r); }

static uint64_t get_u64(reader *r)
{
    uint64_t v;
    get(r, &v, sizeof v);
    return v;
}

/* A string as a pointer into the buffer and its length. */
static const char *get_str(reader *r, uint32_t *len)
{
    *len = get_u32(r);
    return take(r, *len);
}

struct bilim_checkpoint {
    char *data; /* the whole file */
    size_t len;
    int32_t *month;
    double *series;
    bilim_survey *surveys;
    uint8_t *reached; /* [replicate][intervention][school], or NULL */
    size_t *state_at; /* [replicate]: offset of its state in data, or 0 */
    bilim_run_resume resume;
    int32_t replicates, months;
};

void bilim_checkpoint_free(bilim_checkpoint *c)
{
    if (!c)
        return;
    bilim_free(c->data);
    bilim_free(c->month);
    bilim_free(c->series);
    bilim_free(c->surveys);
    bilim_free(c->reached);
    bilim_free(c->state_at);
    bilim_free(c);
}

const bilim_run_resume *bilim_checkpoint_resume(const bilim_checkpoint *c)
{
    return &c->resume;
}

void bilim_checkpoint_describe(const bilim_checkpoint *c, char *buf, size_t n)
{
    int32_t lo = c->months, done = 0;
    for (int32_t r = 0; r < c->replicates; r++) {
        done += c->month[r] == c->months;
        if (c->month[r] >= 0 && c->month[r] < lo)
            lo = c->month[r];
    }
    int in_flight = done < c->replicates && lo < c->months;
    snprintf(buf, n, "%d of %d replicates finished", (int)done, (int)c->replicates);
    if (in_flight) {
        size_t k = strlen(buf);
        snprintf(buf + k, n - k, ", the others from month %d of %d", (int)lo, (int)c->months);
    }
}

/* The first line where the scenario as saved and as now differ, quoted. */
static int scenario_differs(const char *saved, size_t saved_len, const char *now, bilim_error *err)
{
    size_t i = 0, j = 0, now_len = strlen(now);
    for (int line = 1;; line++) {
        size_t a = i, b = j;
        while (i < saved_len && saved[i] != '\n')
            i++;
        while (j < now_len && now[j] != '\n')
            j++;
        if (i - a != j - b || memcmp(saved + a, now + b, i - a) != 0) {
            while (a < i && (saved[a] == ' ' || saved[a] == '\t'))
                a++;
            while (b < j && (now[b] == ' ' || now[b] == '\t'))
                b++;
            return bilim_error_set(err, BILIM_EINVAL,
                                   "was made by a different run: line %d of the scenario as run "
                                   "is '%.*s' in the checkpoint, '%.*s' now (scenario, parameters, "
                                   "seed and --replicates/--months/--schools must be the same)",
                                   line, (int)(i - a > 160 ? 160 : i - a), saved + a,
                                   (int)(j - b > 160 ? 160 : j - b), now + b);
        }
        if (i >= saved_len && j >= now_len)
            return BILIM_OK;
        i += i < saved_len;
        j += j < now_len;
    }
}

static int damaged(bilim_error *err, const char *what)
{
    return bilim_error_set(err, BILIM_EINVAL, "is damaged (%s)", what);
}

/* Magic, byte order, format, checksum, version and scenario. */
static int check_head(reader *r, const char *data, size_t len, const bilim_scenario *sc,
                      bilim_error *err)
{
    if (len < MAGIC_LEN || memcmp(data, MAGIC, MAGIC_LEN) != 0)
        return bilim_error_set(err, BILIM_EINVAL, "is not a bilim checkpoint");
    take(r, MAGIC_LEN);
    uint32_t bom = get_u32(r), format = get_u32(r);
    if (r->bad || len < MAGIC_LEN + 8 + 8)
        return damaged(err, "truncated");
    if (bom == 0x04030201u)
        return bilim_error_set(err, BILIM_EINVAL,
                               "was written on a machine of another byte order");
    uint64_t stored;
    memcpy(&stored, data + len - 8, 8);
    if (bom != BYTE_ORDER_MARK || bilim_hash_bytes(BILIM_HASH_INIT, data, len - 8) != stored)
        return damaged(err, "truncated or altered: the checksum does not match");
    if (format != FORMAT)
        return bilim_error_set(err, BILIM_EINVAL, "is of checkpoint format %u; this bilim reads %u",
                               format, FORMAT);
    r->left -= 8; /* the checksum is not content */
    char version[128];
    version_of(version, sizeof version);
    uint32_t vlen, jlen;
    const char *v = get_str(r, &vlen);
    const char *j = get_str(r, &jlen);
    if (r->bad)
        return damaged(err, "truncated header");
    if (vlen != strlen(version) || memcmp(v, version, vlen) != 0)
        return bilim_error_set(err, BILIM_EINVAL,
                               "was made by a different bilim: %.*s; this is %s (a checkpoint "
                               "resumes only with the bilim that wrote it)",
                               (int)(vlen > 100 ? 100 : vlen), v, version);
    char *now = bilim_scenario_to_json(sc, NULL);
    if (!now)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading a checkpoint");
    int rc = scenario_differs(j, jlen, now, err);
    bilim_free(now);
    return rc;
}

static void *copy_out(reader *r, size_t n, size_t size, int *oom)
{
    if (n > SIZE_MAX / size || n * size > r->left) {
        r->bad = 1;
        return NULL;
    }
    void *p = bilim_malloc(n * size + 1);
    if (!p) {
        *oom = 1;
        return NULL;
    }
    memcpy(p, take(r, n * size), n * size);
    return p;
}

/* Skips one replicate's items, checking that they fit. */
static int skip_state(reader *r)
{
    int32_t n = get_i32(r);
    for (int32_t i = 0; i < n && !r->bad; i++) {
        uint32_t len;
        get_str(r, &len);
        get_u32(r);
        uint64_t es = get_u64(r), count = get_u64(r);
        if (es == 0 || count > SIZE_MAX / es)
            r->bad = 1;
        else
            take(r, (size_t)(es * count));
    }
    return n >= 0 && !r->bad;
}

static int read_body(bilim_checkpoint *c, reader *r, const bilim_scenario *sc, bilim_error *err)
{
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    const int32_t R = get_i32(r), months = get_i32(r), rs = get_i32(r), ns = get_i32(r);
    const int32_t schools = get_i32(r);
    const int64_t teachers = (int64_t)get_u64(r);
    if (r->bad)
        return damaged(err, "truncated");
    if (R != sc->replicates || months != sc->months || rs != (int32_t)L.record_size ||
        ns != sc->outputs.n_survey_months || schools < 0 || teachers < 0)
        return damaged(err, "its sizes do not match its scenario");
    c->replicates = R;
    c->months = months;
    int oom = 0;
    c->month = copy_out(r, (size_t)R, sizeof *c->month, &oom);
    c->series = copy_out(r, (size_t)R * ((size_t)months + 1) * (size_t)rs, sizeof *c->series, &oom);
    c->surveys = copy_out(r, (size_t)R * (size_t)ns, sizeof *c->surveys, &oom);
    if (!oom) { /* after a failed copy the reader has not moved past it */
        const int32_t reached_schools = get_i32(r);
        const uint64_t nreach = get_u64(r);
        if (!r->bad && nreach != 0 &&
            (reached_schools != bilim_population_schools(&sc->population) ||
             nreach != (uint64_t)R * (uint64_t)sc->n_interventions * (uint64_t)reached_schools))
            return damaged(err, "its reached schools do not match its scenario");
        if (nreach)
            c->reached = copy_out(r, (size_t)nreach, 1, &oom);
    }
    c->state_at = bilim_calloc((size_t)R + 1, sizeof *c->state_at);
    if (oom || !c->state_at)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading a checkpoint");
    if (r->bad)
        return damaged(err, "truncated");
    for (int32_t rep = 0; rep < R; rep++) {
        if (c->month[rep] < -1 || c->month[rep] > months)
            return damaged(err, "a replicate's month is outside the run");
        if (c->month[rep] < 0 || c->month[rep] == months)
            continue;
        if (get_i32(r) != rep)
            return damaged(err, "the states of the replicates are out of order");
        c->state_at[rep] = (size_t)((const char *)r->p - c->data);
        if (!skip_state(r))
            return damaged(err, "a replicate's state is truncated");
    }
    if (r->left != 0)
        return damaged(err, "data after the last replicate's state");
    c->resume.month = c->month;
    c->resume.series = c->series;
    c->resume.surveys = c->surveys;
    c->resume.reached = c->reached;
    c->resume.schools = schools;
    c->resume.teachers = teachers;
    return BILIM_OK;
}

/* Copies the saved items of replicate rep into m's, each checked by name,
 * type and size against what the model holds. */
static int restore(void *user, int32_t rep, bilim_model *m, bilim_error *err)
{
    const bilim_checkpoint *c = user;
    if (rep < 0 || rep >= c->replicates || !c->state_at[rep])
        return bilim_error_set(err, BILIM_EINVAL, "the checkpoint holds no state of replicate %d",
                               (int)rep);
    reader r = {(const unsigned char *)c->data + c->state_at[rep], c->len - c->state_at[rep], 0};
    int n = bilim_model_state_items(m, NULL, 0);
    int32_t saved = get_i32(&r);
    if (saved != n)
        return bilim_error_set(err, BILIM_EINVAL,
                               "replicate %d: the checkpoint holds %d state items, the model %d",
                               (int)rep, (int)saved, n);
    bilim_state_item *items = bilim_malloc((size_t)n * sizeof *items);
    if (!items)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory restoring a checkpoint");
    bilim_model_state_items(m, items, n);
    int rc = BILIM_OK;
    for (int i = 0; i < n && !rc; i++) {
        uint32_t len;
        const char *name = get_str(&r, &len);
        uint32_t type = get_u32(&r);
        uint64_t es = get_u64(&r), count = get_u64(&r);
        if (r.bad || len != strlen(items[i].name) || memcmp(name, items[i].name, len) != 0 ||
            type != (uint32_t)items[i].type || es != items[i].elem_size ||
            count != items[i].count)
            rc = bilim_error_set(err, BILIM_EINVAL,
                                 "replicate %d: state item %d is '%.*s' (%llu x %llu bytes) in "
                                 "the checkpoint, the model holds '%s' (%zu x %zu bytes)",
                                 (int)rep, i, (int)(len > 40 ? 40 : len), name ? name : "",
                                 (unsigned long long)count, (unsigned long long)es,
                                 items[i].name, items[i].count, items[i].elem_size);
        const void *data = rc ? NULL : take(&r, items[i].count * items[i].elem_size);
        if (!rc && !data)
            rc = bilim_error_set(err, BILIM_EINVAL, "replicate %d: state item '%s' is truncated",
                                 (int)rep, items[i].name);
        if (!rc && items[i].count)
            memcpy(items[i].data, data, items[i].count * items[i].elem_size);
    }
    bilim_free(items);
    return rc;
}

int bilim_checkpoint_read(const char *path, const bilim_scenario *sc, bilim_checkpoint **out,
                          bilim_error *err)
{
    *out = NULL;
    bilim_checkpoint *c = bilim_calloc(1, sizeof *c);
    if (!c)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading a checkpoint");
    int rc = bilim_file_read(path, MAX_BYTES, &c->data, &c->len, err);
    if (!rc) {
        reader r = {(const unsigned char *)c->data, c->len, 0};
        rc = check_head(&r, c->data, c->len, sc, err);
        if (!rc)
            rc = read_body(c, &r, sc, err);
    }
    if (rc) {
        bilim_checkpoint_free(c);
        return rc;
    }
    c->resume.restore = restore;
    c->resume.restore_user = c;
    *out = c;
    return BILIM_OK;
}
