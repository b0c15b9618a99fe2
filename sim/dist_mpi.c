/* sim/dist_mpi.c: sim/dist.h over MPI (compiled when -DBILIM_MPI=ON).
 *
 * Messages (MPI_BYTE buffers, every one answered except GONE):
 *   worker -> 0  REQUEST  u64 fingerprint, u64 threads, u64 n,
 *                         n x (u64 unit, u64 length, the result's bytes)
 *   worker -> 0  ERROR    i32 code, message text
 *   worker -> 0  GONE     i32 exit status, message text (from bilim_dist_finalize)
 *   0 -> worker  WORK     u64 code (0: work), u64 n, u64 context length, n x u64
 *                         unit, the context's bytes (in the first answer of a
 *                         work to each worker only); no units or a code: stop
 *                         (the code is the batch's error, 0 if none)
 * A worker's first REQUEST carries no records; each next one carries the
 * results of the chunk it was given. A design's runs are units whose result
 * is their record (bilim_dist_execute over bilim_dist_run). The process-wide state below is MPI's
 * own (which ranks rank 0 has stopped), set up once in bilim_dist_init. */
#define _POSIX_C_SOURCE 200809L
#include "sim/dist.h"
#include "sim/dist_internal.h"

#include <mpi.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/alloc.h"

enum { TAG_REQUEST = 1, TAG_ERROR, TAG_GONE, TAG_WORK };
enum { ACTIVE = 0, STOPPED = 1, GONE = 2 };

static struct {
    int rank, size, started;
    unsigned char *state; /* [size], rank 0's view of each worker: ACTIVE, STOPPED, GONE */
    bilim_dist_traffic traffic; /* rank 0's */
} g;

void bilim_dist_traffic_get(bilim_dist_traffic *t)
{
    *t = g.traffic;
}

int bilim_dist_init(int *argc, char ***argv)
{
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return BILIM_EINTERNAL;
    MPI_Comm_rank(MPI_COMM_WORLD, &g.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g.size);
    g.state = bilim_calloc((size_t)g.size, 1);
    g.started = 1;
    return g.state ? BILIM_OK : BILIM_ENOMEM;
}

int bilim_dist_rank(void)
{
    return g.started ? g.rank : 0;
}

int bilim_dist_size(void)
{
    return g.started ? g.size : 1;
}

int bilim_dist_with_mpi(void)
{
    return 1;
}

/* Receives the next message from `from` (or any rank) into a new buffer. */
static int receive(int from, unsigned char **buf, int *len, MPI_Status *st, int poll)
{
    int flag = 0;
    while (!flag) {
        MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, st);
        if (!flag && !poll)
            return 0;
        if (!flag) { /* rank 0 waits without spinning a core */
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
        }
    }
    MPI_Get_count(st, MPI_BYTE, len);
    *buf = bilim_malloc((size_t)*len + 1);
    if (!*buf)
        return -1;
    MPI_Recv(*buf, *len, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    (*buf)[*len] = '\0';
    return 1;
}

/* A WORK message; the context is sent when ctx_len > 0. Returns non-zero
 * when out of memory (nothing sent). */
static int send_work(int to, uint64_t code, const size_t *units, size_t n,
                     const unsigned char *ctx, size_t ctx_len)
{
    if (n > 64)
        n = 64;
    size_t bytes = (3 + n) * sizeof(uint64_t) + ctx_len;
    uint64_t small[3 + 64];
    unsigned char *msg = ctx_len ? bilim_malloc(bytes) : (unsigned char *)small;
    if (!msg)
        return -1;
    uint64_t head[3] = {code, n, ctx_len};
    memcpy(msg, head, sizeof head);
    for (size_t k = 0; k < n; k++) {
        uint64_t u = units[k];
        memcpy(msg + (3 + k) * sizeof u, &u, sizeof u);
    }
    if (ctx_len)
        memcpy(msg + (3 + n) * sizeof(uint64_t), ctx, ctx_len);
    MPI_Send(msg, (int)bytes, MPI_BYTE, to, TAG_WORK, MPI_COMM_WORLD);
    g.traffic.sent++;
    g.traffic.sent_bytes += bytes;
    if (ctx_len)
        bilim_free(msg);
    return 0;
}

/* --- rank 0 ---------------------------------------------------------------------- */

typedef struct coord {
    const bilim_dist_work *w;
    size_t *todo;
    size_t n_todo, next;
    int active;          /* workers not stopped */
    int failing;         /* the batch's error code, 0 while fine */
    bilim_error *err;
    unsigned char *has_context; /* [size]: the worker got this work's context */
    int turn;            /* the rank polled first next time */
} coord;

static void fail(coord *c, int code, bilim_error *e)
{
    if (!c->failing) {
        c->failing = code;
        if (c->err)
            *c->err = *e;
    }
}

/* Answers rank with units (n may be 0: stop), with the context the first time. */
static void answer(coord *c, int rank, const size_t *units, size_t n)
{
    int with = !c->has_context[rank] && c->w->context_len > 0;
    uint64_t code = (uint64_t)(c->failing ? c->failing : 0);
    while (send_work(rank, code, units, n, with ? c->w->context : NULL,
                     with ? c->w->context_len : 0)) {
        /* Out of memory for the context's copy: a worker must not run
         * without it, so stop it (the batch fails). */
        bilim_error e;
        bilim_error_set(&e, BILIM_ENOMEM, "out of memory for a message to rank %d", rank);
        fail(c, BILIM_ENOMEM, &e);
        code = BILIM_ENOMEM;
        n = 0;
        with = 0;
    }
    c->has_context[rank] |= (unsigned char)with;
}

static void stop(coord *c, int rank)
{
    answer(c, rank, NULL, 0);
    g.state[rank] = STOPPED;
    c->active--;
}

/* Checks a REQUEST's results (unit, length, bytes)...: whether they fill
 * exactly len bytes with known units of at most unit_bytes each. */
static int well_formed(const coord *c, const unsigned char *b, size_t len, uint64_t n)
{
    size_t off = 24;
    for (uint64_t k = 0; k < n; k++) {
        uint64_t h[2];
        if (len - off < sizeof h)
            return 0;
        memcpy(h, b + off, sizeof h);
        if (h[0] >= c->w->n_units || h[1] > c->w->unit_bytes || len - off - sizeof h < h[1])
            return 0;
        off += sizeof h + (size_t)h[1];
    }
    return off == len;
}

/* A REQUEST from rank: its results, then its next chunk or stop. */
static void on_request(coord *c, int rank, const unsigned char *b, int len)
{
    uint64_t head[3] = {0, 0, 0};
    if (len >= (int)sizeof head)
        memcpy(head, b, sizeof head);
    bilim_error e;
    int ok = 0;
    if (len < (int)sizeof head || !well_formed(c, b, (size_t)len, head[2])) {
        bilim_error_set(&e, BILIM_EINTERNAL, "rank %d sent a malformed request", rank);
        fail(c, BILIM_EINTERNAL, &e);
    } else if (head[0] != c->w->fingerprint) {
        bilim_error_set(&e, BILIM_EINVAL, "rank %d built another batch than rank 0 (are the "
                        "scenario and posterior files the same on every node?)", rank);
        fail(c, BILIM_EINVAL, &e);
    } else {
        ok = 1;
    }
    size_t off = sizeof head;
    g.traffic.received++;
    g.traffic.received_bytes += (uint64_t)len;
    for (uint64_t k = 0; ok && k < head[2]; k++) {
        uint64_t h[2];
        memcpy(h, b + off, sizeof h);
        g.traffic.results++;
        g.traffic.result_bytes += h[1];
        if (c->w->on_result)
            c->w->on_result(c->w->result_user, (size_t)h[0], b + off + sizeof h, (size_t)h[1]);
        off += sizeof h + (size_t)h[1];
    }
    size_t n = head[1] < 1 ? 1 : head[1] > 64 ? 64 : (size_t)head[1];
    if (c->failing || c->next >= c->n_todo) {
        stop(c, rank);
        return;
    }
    if (n > c->n_todo - c->next)
        n = c->n_todo - c->next;
    answer(c, rank, c->todo + c->next, n);
    if (c->failing) { /* the answer failed: it was a stop */
        g.state[rank] = STOPPED;
        c->active--;
        return;
    }
    c->next += n;
}

/* Whether a message from an active worker waits; its rank into *from. Only
 * active workers are heard: one this work has stopped may already be
 * asking for the next work, which waits in MPI's queue for it. */
static int poll_active(coord *c, int *from)
{
    for (int k = 0; k < g.size - 1; k++) {
        int r = 1 + (c->turn + k) % (g.size - 1);
        int flag = 0;
        if (g.state[r] != ACTIVE)
            continue;
        MPI_Iprobe(r, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        if (flag) {
            *from = r;
            c->turn = r % (g.size - 1);
            return 1;
        }
    }
    return 0;
}

static void serve(coord *c)
{
    const atomic_int *cancel = c->w->cancel;
    while (c->active > 0) {
        if (cancel && atomic_load(cancel) && !c->failing) {
            bilim_error e;
            bilim_error_set(&e, BILIM_EINTR, "interrupted");
            fail(c, BILIM_EINTR, &e);
        }
        int src;
        if (!poll_active(c, &src)) {
            struct timespec ms = {0, 1000000}; /* wait without spinning a core */
            nanosleep(&ms, NULL);
            continue;
        }
        unsigned char *b = NULL;
        int len;
        MPI_Status st;
        int got = receive(src, &b, &len, &st, 1);
        if (got < 0) {
            bilim_error e;
            bilim_error_set(&e, BILIM_ENOMEM, "out of memory");
            fail(c, BILIM_ENOMEM, &e);
            continue; /* the message stays queued; nothing can be done but retry */
        }
        int from = st.MPI_SOURCE;
        bilim_error e;
        if (st.MPI_TAG == TAG_REQUEST) {
            on_request(c, from, b, len);
        } else if (st.MPI_TAG == TAG_GONE && g.state[from] == STOPPED) {
            g.state[from] = GONE; /* it finished its share and ended: normal */
        } else if (st.MPI_TAG == TAG_ERROR || st.MPI_TAG == TAG_GONE) {
            int32_t code = BILIM_EINTERNAL;
            if (len >= 4)
                memcpy(&code, b, 4);
            const char *text = len > 4 ? (const char *)b + 4 : "";
            if (st.MPI_TAG == TAG_ERROR)
                bilim_error_set(&e, code, "%s", text);
            else
                bilim_error_set(&e, code ? code : BILIM_EINTERNAL, "rank %d ended before the "
                                "batch%s%s", from, text[0] ? ": " : "", text);
            if (st.MPI_TAG == TAG_ERROR && code != BILIM_EINTR)
                bilim_error_prefix(&e, "rank %d", from);
            fail(c, e.code, &e);
            if (st.MPI_TAG == TAG_ERROR) {
                stop(c, from);
            } else {
                g.state[from] = GONE;
                c->active--;
            }
        }
        bilim_free(b);
    }
}

static int coordinate(const bilim_dist_work *w, bilim_error *err)
{
    coord c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.err = err;
    c.todo = bilim_malloc((w->n_units + 1) * sizeof *c.todo);
    c.has_context = bilim_calloc((size_t)g.size, 1);
    if (!c.todo || !c.has_context) {
        bilim_free(c.todo);
        bilim_free(c.has_context);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", w->n_units);
    }
    for (size_t i = 0; i < w->n_units; i++)
        if (!(w->skip && w->skip[i]))
            c.todo[c.n_todo++] = i;
    /* The workers the previous work stopped serve this one. */
    for (int r = 1; r < g.size; r++) {
        if (g.state[r] == STOPPED)
            g.state[r] = ACTIVE;
        c.active += g.state[r] == ACTIVE;
    }
    if (c.active == 0) {
        bilim_error e;
        bilim_error_set(&e, BILIM_EINTERNAL, "no worker rank is left to run the batch");
        fail(&c, BILIM_EINTERNAL, &e);
    }
    serve(&c);
    bilim_free(c.todo);
    bilim_free(c.has_context);
    return c.failing;
}

/* --- a worker -------------------------------------------------------------------- */

static int send_error(int code, const char *msg)
{
    size_t n = strlen(msg);
    unsigned char b[4 + BILIM_ERROR_MSG_MAX];
    int32_t c32 = code;
    memcpy(b, &c32, 4);
    if (n >= BILIM_ERROR_MSG_MAX)
        n = BILIM_ERROR_MSG_MAX - 1;
    memcpy(b + 4, msg, n);
    return MPI_Send(b, (int)(4 + n), MPI_BYTE, 0, TAG_ERROR, MPI_COMM_WORLD);
}

/* Waits for rank 0's answer: the next chunk into units (returns its length)
 * or stop. A context goes to w's on_context (w may be NULL: dropped). */
static size_t wait_work(const bilim_dist_work *w, size_t *units, uint64_t *code)
{
    unsigned char *b = NULL;
    int len;
    MPI_Status st;
    uint64_t head[3];
    if (receive(0, &b, &len, &st, 1) <= 0 || st.MPI_TAG != TAG_WORK || len < (int)sizeof head) {
        bilim_free(b);
        *code = BILIM_EINTERNAL;
        return 0;
    }
    memcpy(head, b, sizeof head);
    size_t n = head[1] <= 64 ? (size_t)head[1] : 64;
    if ((size_t)len != (3 + n) * sizeof(uint64_t) + head[2]) {
        bilim_free(b);
        *code = BILIM_EINTERNAL;
        return 0;
    }
    *code = head[0];
    for (size_t k = 0; k < n; k++) {
        uint64_t u;
        memcpy(&u, b + (3 + k) * sizeof u, sizeof u);
        units[k] = (size_t)u;
    }
    if (head[2] && w && w->on_context)
        w->on_context(w->run_user, b + (3 + n) * sizeof(uint64_t), (size_t)head[2]);
    bilim_free(b);
    return *code ? 0 : n;
}

/* Packs the chunk's results behind the REQUEST's head; its length. */
static size_t pack(unsigned char *msg, const size_t *units, size_t n, const unsigned char *out,
                   const size_t *len, size_t unit_bytes)
{
    size_t off = 24;
    for (size_t k = 0; k < n; k++) {
        uint64_t h[2] = {units[k], len[k]};
        memcpy(msg + off, h, sizeof h);
        memcpy(msg + off + sizeof h, out + k * unit_bytes, len[k]);
        off += sizeof h + len[k];
    }
    return off;
}

static int work(const bilim_dist_work *w, bilim_error *err)
{
    int threads = w->threads > 0 ? w->threads : omp_get_max_threads();
    if (threads > 64)
        threads = 64;
    size_t units[64], len[64];
    size_t n = 0;
    unsigned char *msg = bilim_malloc(24 + 64 * (16 + w->unit_bytes));
    unsigned char *out = bilim_malloc(64 * w->unit_bytes + 1);
    if (!msg || !out) {
        bilim_free(msg);
        bilim_free(out);
        send_error(BILIM_ENOMEM, "out of memory");
        uint64_t code;
        wait_work(NULL, units, &code);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    uint64_t head[3] = {w->fingerprint, (uint64_t)threads, 0};
    int rc = BILIM_OK;
    for (;;) {
        head[2] = n;
        memcpy(msg, head, sizeof head);
        size_t bytes = pack(msg, units, n, out, len, w->unit_bytes);
        MPI_Send(msg, (int)bytes, MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
        uint64_t code;
        n = wait_work(w, units, &code);
        if (code || n == 0) /* done, or another rank failed: rank 0 reports it and exits
                             * with its status, so this worker's is 0 */
            break;
        rc = w->run(w->run_user, units, n, threads, w->cancel, out, len, err);
        if (rc) {
            send_error(rc, err ? err->msg : "a run failed");
            wait_work(NULL, units, &code);
            break;
        }
    }
    bilim_free(msg);
    bilim_free(out);
    return rc;
}

int bilim_dist_run(const bilim_dist_work *w, bilim_error *err)
{
    if (!g.started || g.size == 1)
        return bilim__dist_run_local(w, err);
    if (g.rank == 0)
        return coordinate(w, err);
    return work(w, err);
}

/* --- a design's runs as units ------------------------------------------------------ */

typedef struct design_units {
    const bilim_design *d;
    const bilim_design_options *opt;
    bilim_design_record *records; /* rank 0: the caller's; a worker: [n_runs] of its own */
    size_t done, n_todo;
} design_units;

static int run_design_units(void *user, const size_t *units, size_t n, int threads,
                            const atomic_int *cancel, unsigned char *out, size_t *len,
                            bilim_error *err)
{
    design_units *du = user;
    bilim_design_options o = {threads, NULL, NULL, NULL, NULL, NULL, cancel, units, n};
    int rc = bilim_design_execute(du->d, &o, du->records, err);
    for (size_t k = 0; !rc && k < n; k++) {
        memcpy(out + k * sizeof *du->records, &du->records[units[k]], sizeof *du->records);
        len[k] = sizeof *du->records;
    }
    return rc;
}

static void take_design_unit(void *user, size_t run, const unsigned char *b, size_t len)
{
    design_units *du = user;
    const bilim_design_options *o = du->opt;
    if (len != sizeof *du->records)
        return;
    memcpy(&du->records[run], b, len);
    du->done++;
    if (o && o->on_record)
        o->on_record(o->record_user, run, &du->records[run]);
    if (o && o->progress) {
        bilim_design_progress p = {du->done, du->n_todo};
        o->progress(o->progress_user, &p);
    }
}

int bilim_dist_execute(const bilim_design *d, const bilim_design_options *opt,
                       bilim_design_record *records, bilim_error *err)
{
    if (!g.started || g.size == 1)
        return bilim_design_execute(d, opt, records, err);
    design_units du = {d, opt, records, 0, 0};
    if (g.rank != 0) {
        du.records = bilim_calloc(d->n_runs + 1, sizeof *du.records);
        if (!du.records) {
            send_error(BILIM_ENOMEM, "out of memory");
            size_t units[64];
            uint64_t code;
            wait_work(NULL, units, &code);
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < d->n_runs; i++)
        du.n_todo += !(opt && opt->skip && opt->skip[i]);
    bilim_dist_work w = {d->n_runs, sizeof *records, bilim_design_fingerprint(d),
                         run_design_units, &du, take_design_unit, &du,
                         opt ? opt->skip : NULL, opt ? opt->threads : 0,
                         opt ? opt->cancel : NULL, NULL, 0, NULL};
    int rc = bilim_dist_run(&w, err);
    if (g.rank != 0)
        bilim_free(du.records);
    return rc;
}

/* --- the end ---------------------------------------------------------------------- */

static int drain(char *msg)
{
    int first = 0;
    for (int r = 1; r < g.size; r++) {
        while (g.state[r] != GONE) {
            unsigned char *b = NULL;
            int len;
            MPI_Status st;
            if (receive(r, &b, &len, &st, 1) <= 0)
                break;
            if (st.MPI_TAG == TAG_GONE) {
                int32_t status = 0;
                if (len >= 4)
                    memcpy(&status, b, 4);
                if (status && !first) {
                    first = status;
                    if (msg)
                        snprintf(msg, BILIM_DIST_MSG_MAX, "rank %d: %s", r,
                                 len > 4 ? (const char *)b + 4 : "failed");
                }
                g.state[r] = GONE;
            } else { /* rank 0 ended without (more of) the batch */
                send_work(r, BILIM_EINTERNAL, NULL, 0, NULL, 0);
                g.state[r] = STOPPED;
            }
            bilim_free(b);
        }
    }
    return first;
}

int bilim_dist_finalize(int status, const char *worker_msg, char *msg)
{
    if (msg)
        msg[0] = '\0';
    if (!g.started)
        return 0;
    int first = 0;
    if (g.rank == 0) {
        first = drain(msg);
    } else {
        const char *text = worker_msg ? worker_msg : "";
        size_t n = strlen(text);
        if (n >= BILIM_DIST_MSG_MAX)
            n = BILIM_DIST_MSG_MAX - 1;
        unsigned char b[4 + BILIM_DIST_MSG_MAX];
        int32_t s = status;
        memcpy(b, &s, 4);
        memcpy(b + 4, text, n);
        MPI_Send(b, (int)(4 + n), MPI_BYTE, 0, TAG_GONE, MPI_COMM_WORLD);
    }
    bilim_free(g.state);
    g.state = NULL;
    g.started = 0;
    MPI_Finalize();
    return first;
}
