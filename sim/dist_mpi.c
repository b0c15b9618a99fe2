/* sim/dist_mpi.c: sim/dist.h over MPI (compiled when -DBILIM_MPI=ON).
 *
 * Messages (MPI_BYTE buffers, every one answered except GONE):
 *   worker -> 0  REQUEST  u64 fingerprint, u64 threads, u64 n, n x (u64 run, record)
 *   worker -> 0  ERROR    i32 code, message text
 *   worker -> 0  GONE     i32 exit status, message text (from bilim_dist_finalize)
 *   0 -> worker  WORK     u64 code (0: work), then the runs to do; no runs or a
 *                         code: stop (the code is the batch's error, 0 if none)
 * A worker's first REQUEST carries no records; each next one carries the
 * records of the chunk it was given. The process-wide state below is MPI's
 * own (which ranks rank 0 has stopped), set up once in bilim_dist_init. */
#define _POSIX_C_SOURCE 200809L
#include "sim/dist.h"

#include <mpi.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "base/alloc.h"

enum { TAG_REQUEST = 1, TAG_ERROR, TAG_GONE, TAG_WORK };
enum { ACTIVE = 0, STOPPED = 1, GONE = 2 };

#define REC_BYTES (8 + sizeof(bilim_design_record))

static struct {
    int rank, size, started;
    unsigned char *state; /* [size], rank 0's view of each worker: ACTIVE, STOPPED, GONE */
} g;

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

static void send_work(int to, uint64_t code, const uint64_t *runs, size_t n)
{
    uint64_t msg[1 + 64];
    msg[0] = code;
    if (n > 64)
        n = 64;
    if (n)
        memcpy(msg + 1, runs, n * sizeof *runs);
    MPI_Send(msg, (int)((1 + n) * sizeof *msg), MPI_BYTE, to, TAG_WORK, MPI_COMM_WORLD);
}

/* --- rank 0 ---------------------------------------------------------------------- */

typedef struct coord {
    const bilim_design *d;
    const bilim_design_options *opt;
    bilim_design_record *records;
    uint64_t *todo;
    size_t n_todo, next, done;
    uint64_t fingerprint;
    int active;          /* workers not stopped */
    int failing;         /* the batch's error code, 0 while fine */
    bilim_error *err;
} coord;

static void fail(coord *c, int code, bilim_error *e)
{
    if (!c->failing) {
        c->failing = code;
        if (c->err)
            *c->err = *e;
    }
}

static void stop(coord *c, int rank)
{
    send_work(rank, (uint64_t)(c->failing ? c->failing : 0), NULL, 0);
    g.state[rank] = STOPPED;
    c->active--;
}

/* A REQUEST from rank: its records, then its next chunk or stop. */
static void on_request(coord *c, int rank, const unsigned char *b, int len)
{
    uint64_t head[3] = {0, 0, 0};
    if (len >= (int)sizeof head)
        memcpy(head, b, sizeof head);
    bilim_error e;
    int ok = 0;
    if (len < (int)sizeof head || (size_t)len != sizeof head + head[2] * REC_BYTES) {
        bilim_error_set(&e, BILIM_EINTERNAL, "rank %d sent a malformed request", rank);
        fail(c, BILIM_EINTERNAL, &e);
    } else if (head[0] != c->fingerprint) {
        bilim_error_set(&e, BILIM_EINVAL, "rank %d built another design than rank 0 (are the "
                        "scenario and posterior files the same on every node?)", rank);
        fail(c, BILIM_EINVAL, &e);
    } else {
        ok = 1;
    }
    const bilim_design_options *o = c->opt;
    for (uint64_t k = 0; ok && k < head[2]; k++) {
        uint64_t run;
        memcpy(&run, b + sizeof head + k * REC_BYTES, 8);
        if (run >= c->d->n_runs)
            continue;
        memcpy(&c->records[run], b + sizeof head + k * REC_BYTES + 8, sizeof *c->records);
        c->done++;
        if (o && o->on_record)
            o->on_record(o->record_user, (size_t)run, &c->records[run]);
        if (o && o->progress) {
            bilim_design_progress p = {c->done, c->n_todo};
            o->progress(o->progress_user, &p);
        }
    }
    size_t n = head[1] < 1 ? 1 : head[1] > 64 ? 64 : (size_t)head[1];
    if (c->failing || c->next >= c->n_todo) {
        stop(c, rank);
        return;
    }
    if (n > c->n_todo - c->next)
        n = c->n_todo - c->next;
    send_work(rank, 0, c->todo + c->next, n);
    c->next += n;
}

static void serve(coord *c)
{
    const atomic_int *cancel = c->opt ? c->opt->cancel : NULL;
    while (c->active > 0) {
        if (cancel && atomic_load(cancel) && !c->failing) {
            bilim_error e;
            bilim_error_set(&e, BILIM_EINTR, "interrupted");
            fail(c, BILIM_EINTR, &e);
        }
        unsigned char *b = NULL;
        int len;
        MPI_Status st;
        int got = receive(MPI_ANY_SOURCE, &b, &len, &st, 1);
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

static int coordinate(const bilim_design *d, const bilim_design_options *opt,
                      bilim_design_record *records, bilim_error *err)
{
    coord c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.opt = opt;
    c.records = records;
    c.err = err;
    c.fingerprint = bilim_design_fingerprint(d);
    c.todo = bilim_malloc((d->n_runs + 1) * sizeof *c.todo);
    if (!c.todo)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", d->n_runs);
    for (size_t i = 0; i < d->n_runs; i++)
        if (!(opt && opt->skip && opt->skip[i]))
            c.todo[c.n_todo++] = i;
    for (int r = 1; r < g.size; r++)
        c.active += g.state[r] == ACTIVE;
    if (c.active == 0) {
        bilim_error e;
        bilim_error_set(&e, BILIM_EINTERNAL, "no worker rank is left to run the batch");
        fail(&c, BILIM_EINTERNAL, &e);
    }
    serve(&c);
    bilim_free(c.todo);
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

/* Waits for rank 0's answer: the next chunk into runs (returns its length) or stop. */
static size_t wait_work(uint64_t *runs, uint64_t *code)
{
    unsigned char *b = NULL;
    int len;
    MPI_Status st;
    if (receive(0, &b, &len, &st, 1) <= 0 || st.MPI_TAG != TAG_WORK || len < 8) {
        bilim_free(b);
        *code = BILIM_EINTERNAL;
        return 0;
    }
    memcpy(code, b, 8);
    size_t n = ((size_t)len - 8) / 8;
    memcpy(runs, b + 8, n * 8);
    bilim_free(b);
    return *code ? 0 : n;
}

static int work(const bilim_design *d, const bilim_design_options *opt, bilim_error *err)
{
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if (threads > 64)
        threads = 64;
    uint64_t runs[64];
    size_t chunk[64];
    size_t n = 0;
    unsigned char *msg = bilim_malloc(24 + 64 * REC_BYTES);
    bilim_design_record *rec = bilim_calloc(d->n_runs + 1, sizeof *rec);
    if (!msg || !rec) {
        bilim_free(msg);
        bilim_free(rec);
        send_error(BILIM_ENOMEM, "out of memory");
        uint64_t code;
        wait_work(runs, &code);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    uint64_t head[3] = {bilim_design_fingerprint(d), (uint64_t)threads, 0};
    int rc = BILIM_OK;
    for (;;) {
        head[2] = n;
        memcpy(msg, head, sizeof head);
        for (size_t k = 0; k < n; k++) {
            memcpy(msg + 24 + k * REC_BYTES, &runs[k], 8);
            memcpy(msg + 24 + k * REC_BYTES + 8, &rec[runs[k]], sizeof *rec);
        }
        MPI_Send(msg, (int)(24 + n * REC_BYTES), MPI_BYTE, 0, TAG_REQUEST, MPI_COMM_WORLD);
        uint64_t code;
        n = wait_work(runs, &code);
        if (code || n == 0) /* done, or another rank failed: rank 0 reports it and exits
                             * with its status, so this worker's is 0 */
            break;
        for (size_t k = 0; k < n; k++)
            chunk[k] = (size_t)runs[k];
        bilim_design_options o = {threads, NULL, NULL, NULL, NULL, NULL,
                                  opt ? opt->cancel : NULL, chunk, n};
        rc = bilim_design_execute(d, &o, rec, err);
        if (rc) {
            send_error(rc, err ? err->msg : "a run failed");
            wait_work(runs, &code);
            break;
        }
    }
    bilim_free(msg);
    bilim_free(rec);
    return rc;
}

int bilim_dist_execute(const bilim_design *d, const bilim_design_options *opt,
                       bilim_design_record *records, bilim_error *err)
{
    if (!g.started || g.size == 1)
        return bilim_design_execute(d, opt, records, err);
    if (g.rank == 0)
        return coordinate(d, opt, records, err);
    return work(d, opt, err);
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
                send_work(r, BILIM_EINTERNAL, NULL, 0);
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
