/* cli/compare_batch.c: a plain comparison's replicates as a batch (see
 * compare_batch.h).
 *
 * A unit's result: i32 schools, i32 0, i64 teachers (of the lowest
 * replicate run with it; rank 0 keeps replicate 0's, as the runner does),
 * then the replicate's records for months 0..months, its surveys, then
 * which schools each intervention reached (uint8 [intervention][school]). */
#include "cli/compare_batch.h"

#include <string.h>
#include "base/alloc.h"
#include "base/hash.h"
#include "cli/signal.h"

#define HEAD_BYTES 16

typedef struct units {
    const bilim_scenario *sc;
    int n;
    size_t first[33];          /* [n + 1]: scenario i's units are first[i] .. first[i+1]-1 */
    bilim_run_result *runs;    /* rank 0's */
    int threads_used;          /* the runner's, when this process ran units */
} units;

static size_t series_bytes(const bilim_run_result *r)
{
    return ((size_t)r->months + 1) * r->layout.record_size * sizeof *r->series;
}

static size_t surveys_bytes(const bilim_scenario *sc)
{
    return (size_t)sc->outputs.n_survey_months * sizeof(bilim_survey);
}

static size_t reached_bytes(const bilim_scenario *sc)
{
    return (size_t)sc->n_interventions * (size_t)bilim_population_schools(&sc->population);
}

static size_t unit_bytes(const bilim_scenario *sc)
{
    bilim_obs_layout l;
    bilim_obs_layout_init(&l, sc);
    return HEAD_BYTES + ((size_t)sc->months + 1) * l.record_size * sizeof(double) +
           surveys_bytes(sc) + reached_bytes(sc);
}

static int scenario_of(const units *u, size_t unit)
{
    int i = 0;
    while (i + 1 < u->n && unit >= u->first[i + 1])
        i++;
    return i;
}

/* Copies replicate rep of r into b (unit_bytes(r's scenario) bytes). */
static size_t pack(const bilim_run_result *r, int32_t rep, unsigned char *b)
{
    int32_t head[2] = {r->schools, 0};
    memcpy(b, head, 8);
    memcpy(b + 8, &r->teachers, 8);
    size_t sb = series_bytes(r), vb = surveys_bytes(&r->scenario);
    size_t rb = r->reached ? reached_bytes(&r->scenario) : 0;
    memcpy(b + HEAD_BYTES, bilim_run_record(r, rep, 0), sb);
    if (vb)
        memcpy(b + HEAD_BYTES + sb, r->surveys + (size_t)rep * r->scenario.outputs.n_survey_months,
               vb);
    if (rb)
        memcpy(b + HEAD_BYTES + sb + vb, r->reached + (size_t)rep * rb, rb);
    return HEAD_BYTES + sb + vb + rb;
}

/* Runs the chunk's units, scenario by scenario (they come in ascending order). */
static int run_units(void *user, const size_t *list, size_t n, int threads,
                     const atomic_int *cancel, unsigned char *out, size_t *len, bilim_error *err)
{
    units *u = user;
    size_t stride = 0;
    for (int i = 0; i < u->n; i++)
        if (unit_bytes(&u->sc[i]) > stride)
            stride = unit_bytes(&u->sc[i]);
    int32_t reps[64];
    int rc = BILIM_OK;
    for (size_t k = 0; !rc && k < n;) {
        int i = scenario_of(u, list[k]);
        size_t m = 0;
        while (k + m < n && m < 64 && list[k + m] < u->first[i + 1]) {
            reps[m] = (int32_t)(list[k + m] - u->first[i]);
            m++;
        }
        bilim_run_options ro = {threads, NULL, NULL, cancel, reps, (int32_t)m};
        bilim_run_result r;
        rc = bilim_run_scenario(&u->sc[i], &ro, &r, err);
        if (!rc)
            u->threads_used = r.threads_used;
        for (size_t q = 0; !rc && q < m; q++)
            len[k + q] = pack(&r, reps[q], out + (k + q) * stride);
        bilim_run_result_clear(&r);
        k += m;
    }
    return rc;
}

/* Rank 0: a unit's result into its scenario's result. */
static int take_unit(void *user, size_t unit, const unsigned char *b, size_t len)
{
    units *u = user;
    int i = scenario_of(u, unit);
    bilim_run_result *r = &u->runs[i];
    int32_t rep = (int32_t)(unit - u->first[i]);
    size_t sb = series_bytes(r), vb = surveys_bytes(&r->scenario);
    size_t rb = r->reached ? reached_bytes(&r->scenario) : 0;
    if (len != HEAD_BYTES + sb + vb + rb)
        return 1;
    if (rep == 0) {
        int32_t head[2];
        memcpy(head, b, 8);
        r->schools = head[0];
        memcpy(&r->teachers, b + 8, 8);
    }
    memcpy((double *)bilim_run_record(r, rep, 0), b + HEAD_BYTES, sb);
    if (vb)
        memcpy(r->surveys + (size_t)rep * r->scenario.outputs.n_survey_months,
               b + HEAD_BYTES + sb, vb);
    if (rb)
        memcpy(r->reached + (size_t)rep * rb, b + HEAD_BYTES + sb + vb, rb);
    return 0;
}

/* The journal's inputs: each scenario as run. */
static int items_of(const units *u, const char *const *files, bilim_journal_items *it,
                    bilim_error *err)
{
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < u->n; i++)
        rc = bilim_journal_items_add(it, bilim_hash_bytes(BILIM_HASH_INIT, &u->sc[i],
                                                          sizeof u->sc[i]), err,
                                     "scenario %d '%s'%s%s%s (its file or the options --seed, "
                                     "--schools, --months, --replicates)", i, u->sc[i].name,
                                     files && files[i] ? " (" : "", files && files[i] ? files[i] : "",
                                     files && files[i] ? ")" : "");
    return rc;
}

int bilim_compare_batch_run(bilim_batch *b, const bilim_scenario *sc, int n,
                            const char *const *files, bilim_run_result *runs, bilim_error *err)
{
    if (n < 1 || n > 32)
        return bilim_error_set(err, BILIM_EINVAL, "a comparison of %d scenarios (1..32)", n);
    units u;
    memset(&u, 0, sizeof u);
    u.sc = sc;
    u.n = n;
    u.runs = runs;
    size_t stride = 0;
    uint64_t fp = BILIM_HASH_INIT;
    for (int i = 0; i < n; i++) {
        if (sc[i].replicates < 1)
            return bilim_error_set(err, BILIM_EINVAL, "scenario '%s': replicates is %d; need "
                                   "at least 1", sc[i].name, (int)sc[i].replicates);
        u.first[i + 1] = u.first[i] + (size_t)sc[i].replicates;
        if (unit_bytes(&sc[i]) > stride)
            stride = unit_bytes(&sc[i]);
        fp = bilim_hash_bytes(fp, &sc[i], sizeof sc[i]);
    }
    bilim_dist_work w = {u.first[n], stride, fp, run_units, &u, NULL, NULL, NULL, b->threads,
                         bilim_signal_flag(), NULL, 0, NULL};
    if (bilim_batch_is_worker())
        return bilim_batch_run_units(b, &w, NULL, NULL, NULL, err);
    memset(runs, 0, (size_t)n * sizeof *runs);
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < n; i++)
        rc = bilim_run_result_init(&sc[i], &runs[i], err);
    bilim_journal_items items;
    bilim_journal_items_init(&items);
    if (!rc)
        rc = items_of(&u, files, &items, err);
    if (!rc)
        rc = bilim_batch_run_units(b, &w, take_unit, &u, &items, err);
    bilim_journal_items_clear(&items);
    for (int i = 0; i < n; i++) {
        if (rc)
            bilim_run_result_clear(&runs[i]);
        else
            runs[i].threads_used = u.threads_used ? u.threads_used : b->threads;
        runs[i].wall_seconds = b->wall_seconds / n;
    }
    return rc;
}
