/* sim/design.c: a design's scenarios, factors and runs, and the engine that
 * runs them (see design.h). Sampling the points is design_sample.c. */
#include "sim/design.h"
#include "sim/design_internal.h"

#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "base/hash.h"
#include "base/rng.h"
#include "models/model.h"
#include "models/observe.h"

const char *bilim_design_output_name(bilim_design_output o)
{
    static const char *const names[BILIM_DESIGN_N_OUTPUTS] = {
        "routine", "routine_urban", "routine_rural", "trial", "cost_kzt",
        "months_to_25pct", "months_to_50pct", "teachers", "schools"};
    return (o >= 0 && o < BILIM_DESIGN_N_OUTPUTS) ? names[o] : "unknown";
}

void bilim_design_init(bilim_design *d, uint64_t seed)
{
    memset(d, 0, sizeof *d);
    d->seed = seed;
}

static void clear_points(bilim_design *d)
{
    bilim_free(d->values);
    bilim_free(d->particle);
    bilim_free(d->seeds);
    d->values = NULL;
    d->particle = NULL;
    d->seeds = NULL;
    d->n_points = 0;
}

void bilim_design_clear(bilim_design *d)
{
    if (!d)
        return;
    bilim_free(d->scenarios);
    bilim_free(d->factors);
    bilim_particles_clear(&d->particles);
    clear_points(d);
    bilim_free(d->runs);
    memset(d, 0, sizeof *d);
}

int bilim_design_set_scenarios(bilim_design *d, const bilim_scenario *sc, int32_t n,
                               bilim_error *err)
{
    if (n < 1)
        return bilim_error_set(err, BILIM_EINVAL, "a design needs at least one scenario");
    bilim_scenario *copy = bilim_malloc((size_t)n * sizeof *copy);
    if (!copy)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %d scenarios", (int)n);
    memcpy(copy, sc, (size_t)n * sizeof *copy);
    bilim_free(d->scenarios);
    d->scenarios = copy;
    d->n_scenarios = n;
    return BILIM_OK;
}

int bilim_design_add_factor(bilim_design *d, const char *name, const bilim_prior_text *t,
                            const char *source, bilim_error *err)
{
    if (d->n_scenarios < 1)
        return bilim_error_set(err, BILIM_EINTERNAL, "add the scenarios before the factors");
    bilim_design_factor f;
    memset(&f, 0, sizeof f);
    if (strlen(name) >= sizeof f.name || bilim_factor_resolve(name, &f.target, &f.param))
        return bilim_error_set(err, BILIM_EINVAL, "'%s' is neither a model parameter (bilim "
                               "params) nor a scenario factor (innovation_p_scale, "
                               "innovation_q_scale)", name);
    for (int32_t i = 0; i < d->n_factors; i++)
        if (strcmp(d->factors[i].name, name) == 0)
            return bilim_error_set(err, BILIM_EINVAL, "'%s' is varied twice", name);
    if (f.param && d->particles.n > 0 && bilim_particles_column(&d->particles, f.param) >= 0)
        return bilim_error_set(err, BILIM_EINVAL, "'%s' comes from the posterior sample; fix "
                               "the sample (--fix posterior) to give it a prior", name);
    if (d->n_factors >= BILIM_DESIGN_MAX_FACTORS)
        return bilim_error_set(err, BILIM_EINVAL, "more than %d factors",
                               BILIM_DESIGN_MAX_FACTORS);
    snprintf(f.name, sizeof f.name, "%s", name);
    snprintf(f.group, sizeof f.group, "%s", f.param ? f.param->group : "innovation");
    snprintf(f.source, sizeof f.source, "%s", source ? source : "");
    double lo, hi;
    bilim_factor_range(f.target, f.param, &lo, &hi);
    double centre = bilim_factor_base_value(f.target, f.param, &d->scenarios[0]);
    char msg[256];
    if (bilim_param_prior_resolve(t, centre, lo, hi, &f.prior, msg, sizeof msg))
        return bilim_error_set(err, BILIM_EINVAL, "%s: %s", name, msg);
    bilim_design_factor *grown =
        bilim_realloc(d->factors, ((size_t)d->n_factors + 1) * sizeof *grown);
    if (!grown)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    d->factors = grown;
    d->factors[d->n_factors++] = f;
    return BILIM_OK;
}

int bilim_design_set_particles(bilim_design *d, const bilim_particles *p, bilim_error *err)
{
    for (int32_t i = 0; i < d->n_factors; i++)
        if (d->factors[i].param && bilim_particles_column(p, d->factors[i].param) >= 0)
            return bilim_error_set(err, BILIM_EINVAL, "'%s' is both a factor and a column of "
                                   "the posterior sample", d->factors[i].name);
    bilim_particles copy;
    int rc = bilim_particles_copy(&copy, p, err);
    if (rc)
        return rc;
    bilim_particles_clear(&d->particles);
    d->particles = copy;
    return BILIM_OK;
}

uint64_t bilim_design_point_seed(const bilim_design *d, int32_t p)
{
    if (d->seeding == BILIM_DESIGN_SEED_COMMON)
        return d->seed;
    uint64_t w[4];
    bilim_rng_block(d->seed, 0, BILIM_PURPOSE_DESIGN, (uint64_t)p, 0, 0, w);
    return w[0];
}

int bilim__design_alloc_points(bilim_design *d, int32_t n, bilim_error *err)
{
    clear_points(d);
    if (n < 1)
        return bilim_error_set(err, BILIM_EINVAL, "a design needs at least one point (found %d)",
                               (int)n);
    size_t nf = d->n_factors > 0 ? (size_t)d->n_factors : 1;
    d->values = bilim_calloc((size_t)n * nf, sizeof *d->values);
    d->particle = bilim_malloc((size_t)n * sizeof *d->particle);
    d->seeds = bilim_malloc((size_t)n * sizeof *d->seeds);
    if (!d->values || !d->particle || !d->seeds) {
        clear_points(d);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %d design points", (int)n);
    }
    d->n_points = n;
    for (int32_t p = 0; p < n; p++) {
        d->particle[p] = -1;
        d->seeds[p] = bilim_design_point_seed(d, p);
    }
    return BILIM_OK;
}

int bilim_design_set_points(bilim_design *d, int32_t n, const double *values,
                            const int32_t *particle, bilim_error *err)
{
    int rc = bilim__design_alloc_points(d, n, err);
    if (rc)
        return rc;
    const size_t F = (size_t)d->n_factors;
    for (int32_t p = 0; p < n && !rc; p++) {
        for (size_t f = 0; f < F && !rc; f++) {
            double v = values[(size_t)p * F + f];
            const bilim_prior *pr = &d->factors[f].prior;
            if (!(v >= pr->lower && v <= pr->upper))
                rc = bilim_error_set(err, BILIM_EINVAL, "point %d: %s = %g is outside its prior's "
                                     "bounds [%g, %g]", (int)p, d->factors[f].name, v, pr->lower,
                                     pr->upper);
            d->values[(size_t)p * F + f] = v;
        }
        int32_t k = particle ? particle[p] : -1;
        if (!rc && (k < -1 || k >= d->particles.n))
            rc = bilim_error_set(err, BILIM_EINVAL, "point %d: particle %d does not exist",
                                 (int)p, (int)k);
        d->particle[p] = k;
    }
    if (rc)
        clear_points(d);
    else
        d->sampling = BILIM_SAMPLING_EXPLICIT;
    return rc;
}

int bilim_design_set_runs(bilim_design *d, int32_t replicates, int32_t extra_points,
                          bilim_error *err)
{
    if (replicates < 1 || extra_points < 0 || d->n_points < 1 || d->n_scenarios < 1)
        return bilim_error_set(err, BILIM_EINVAL, "a run list needs points, scenarios and at "
                               "least one replicate");
    if (extra_points > d->n_points)
        extra_points = d->n_points;
    size_t n = ((size_t)d->n_points * (size_t)replicates + (size_t)extra_points) *
               (size_t)d->n_scenarios;
    bilim_design_run *runs = bilim_malloc(n * sizeof *runs);
    if (!runs)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", n);
    size_t k = 0;
    for (int32_t p = 0; p < d->n_points; p++) {
        int32_t reps = replicates + (p < extra_points ? 1 : 0);
        for (int32_t r = 0; r < reps; r++)
            for (int32_t s = 0; s < d->n_scenarios; s++)
                runs[k++] = (bilim_design_run){p, s, r};
    }
    bilim_free(d->runs);
    d->runs = runs;
    d->n_runs = n;
    return BILIM_OK;
}

int32_t bilim_design_point_replicates(const bilim_design *d, int32_t p)
{
    int32_t r = 0;
    for (size_t i = 0; i < d->n_runs; i++)
        if (d->runs[i].point == p && d->runs[i].replicate + 1 > r)
            r = d->runs[i].replicate + 1;
    return r;
}

/* The value scenario s takes for factor f when the point gives v: the
 * point's value where s has the baseline's own value; where s sets the
 * parameter itself (its policy changes it), the same ratio (or, for values
 * that are not both positive, the same difference) to the drawn value. */
static double value_for(const bilim_design *d, const bilim_design_factor *f, int32_t s, double v)
{
    if (f->target != BILIM_TARGET_PARAM || s == 0)
        return v;
    double base = bilim_params_get(&d->scenarios[0].params, f->param);
    double own = bilim_params_get(&d->scenarios[s].params, f->param);
    if (own == base)
        return v;
    double w = (base > 0.0 && own > 0.0) ? v * (own / base) : v + (own - base);
    if (w < f->param->min)
        w = f->param->min;
    if (w > f->param->max)
        w = f->param->max;
    return w;
}

int bilim_design_scenario(const bilim_design *d, size_t i, bilim_scenario *out,
                          bilim_error *err)
{
    if (i >= d->n_runs)
        return bilim_error_set(err, BILIM_EINVAL, "run %zu does not exist (%zu runs)", i,
                               d->n_runs);
    const bilim_design_run *run = &d->runs[i];
    *out = d->scenarios[run->scenario];
    const double *x = d->values + (size_t)run->point * (size_t)d->n_factors;
    for (int32_t f = 0; f < d->n_factors; f++) {
        const bilim_design_factor *fa = &d->factors[f];
        bilim_factor_apply(fa->target, fa->param, value_for(d, fa, run->scenario, x[f]), out);
    }
    if (d->particle[run->point] >= 0) {
        bilim_particles_apply(&d->particles, d->particle[run->point], &out->params);
        if (d->particles.history_from != 0)  /* the draw's state is the history's start */
            out->history_from = d->particles.history_from;
    }
    char msg[300];
    if (bilim_params_check(&out->params, msg, sizeof msg))
        return bilim_error_set(err, BILIM_EINVAL, "point %d: %s", (int)run->point, msg);
    out->seed = d->seeds[run->point];
    out->replicates = run->replicate + 1;
    out->outputs.by_locality = 1;
    out->outputs.by_region = 0;
    out->outputs.n_survey_months = 0;
    return BILIM_OK;
}

/* Means over innovations of one record: routine use overall, urban, rural. */
static void routine_shares(const bilim_obs_layout *L, int32_t n_innov, const double *rec,
                           double *all, double *urban, double *rural)
{
    const bilim_metric *ar = &L->metrics[BILIM_M_ADOPTION_ROUTINE];
    const bilim_metric *al = &L->metrics[BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY];
    double a = 0.0, u = 0.0, r = 0.0;
    for (int32_t j = 0; j < n_innov; j++) {
        a += rec[ar->offset + (size_t)j];
        u += rec[al->offset + (size_t)j * 2 + BILIM_URBAN];
        r += rec[al->offset + (size_t)j * 2 + BILIM_RURAL];
    }
    *all = a / n_innov;
    *urban = u / n_innov;
    *rural = r / n_innov;
}

static void horizon_record(const bilim_obs_layout *L, const bilim_scenario *sc,
                           const double *rec, bilim_design_record *out)
{
    routine_shares(L, sc->n_innovations, rec, &out->v[BILIM_DESIGN_ROUTINE],
                   &out->v[BILIM_DESIGN_ROUTINE_URBAN], &out->v[BILIM_DESIGN_ROUTINE_RURAL]);
    const bilim_metric *at = &L->metrics[BILIM_M_ADOPTION_TRIAL];
    double t = 0.0;
    for (int32_t j = 0; j < sc->n_innovations; j++)
        t += rec[at->offset + (size_t)j];
    out->v[BILIM_DESIGN_TRIAL] = t / sc->n_innovations;
    const bilim_metric *co = &L->metrics[BILIM_M_COST_KZT_CUMULATIVE];
    double cost = 0.0;
    for (size_t k = 0; co->present && k < co->size; k++)
        cost += rec[co->offset + k];
    out->v[BILIM_DESIGN_COST_KZT] = cost;
}

/* Records month t's routine use against the thresholds. */
static void track(const bilim_obs_layout *L, const bilim_scenario *sc, const double *rec,
                  int32_t t, bilim_design_record *out)
{
    double a, u, r;
    routine_shares(L, sc->n_innovations, rec, &a, &u, &r);
    if (isnan(out->v[BILIM_DESIGN_MONTHS_TO_25]) && a >= 0.25)
        out->v[BILIM_DESIGN_MONTHS_TO_25] = t;
    if (isnan(out->v[BILIM_DESIGN_MONTHS_TO_50]) && a >= 0.50)
        out->v[BILIM_DESIGN_MONTHS_TO_50] = t;
}

static int cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load(cancel) != 0;
}

static int simulate(const bilim_scenario *sc, int32_t replicate, const atomic_int *cancel,
                    double *rec, const bilim_obs_layout *L, bilim_design_record *out,
                    bilim_error *err)
{
    bilim_model *m = NULL;
    int rc = bilim_model_alloc(sc, replicate, &m, err);
    if (rc)
        return rc;
    out->v[BILIM_DESIGN_TEACHERS] = (double)bilim_model_teachers(m);
    out->v[BILIM_DESIGN_SCHOOLS] = (double)bilim_model_schools(m);
    bilim_model_observe(m, L, rec);
    track(L, sc, rec, 0, out);
    for (int32_t t = 1; t <= sc->months && !rc; t++) {
        if (cancelled(cancel))
            rc = bilim_error_set(err, BILIM_EINTR, "interrupted");
        else if (!(rc = bilim_model_step(m, err))) {
            bilim_model_observe(m, L, rec);
            track(L, sc, rec, t, out);
        }
    }
    if (!rc)
        horizon_record(L, sc, rec, out);
    bilim_model_free(m);
    return rc;
}

int bilim_design_run_one(const bilim_design *d, size_t i, const atomic_int *cancel,
                         bilim_design_record *rec, bilim_error *err)
{
    bilim_scenario *sc = bilim_malloc(sizeof *sc);
    if (!sc)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = bilim_design_scenario(d, i, sc, err);
    if (rc) {
        bilim_free(sc);
        return rc;
    }
    if (sc->n_innovations < 1) {
        bilim_free(sc);
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s' has no innovations",
                               d->scenarios[d->runs[i].scenario].name);
    }
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    double *buf = bilim_malloc((L.record_size + 1) * sizeof *buf);
    if (!buf) {
        bilim_free(sc);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        rec->v[k] = NAN;
    rc = simulate(sc, d->runs[i].replicate, cancel, buf, &L, rec, err);
    bilim_free(buf);
    bilim_free(sc);
    return rc;
}

/* --- fingerprint ------------------------------------------------------------------- */

uint64_t bilim_design_hash_particles(const bilim_design *d, uint64_t h)
{
    const bilim_particles *p = &d->particles;
    h = bilim_hash_bytes(h, &p->n, sizeof p->n);
    for (int32_t c = 0; p->n > 0 && c < p->n_columns; c++)
        h = bilim_hash_string(h, p->columns[c]->name);
    for (int32_t t = 0; p->n > 0 && t < p->n_ties; t++) {
        h = bilim_hash_string(h, p->ties[t].param->name);
        h = bilim_hash_bytes(h, &p->ties[t].follows, sizeof p->ties[t].follows);
        h = bilim_hash_bytes(h, &p->ties[t].offset, sizeof p->ties[t].offset);
    }
    if (p->n > 0) {
        h = bilim_hash_bytes(h, p->theta, (size_t)p->n * (size_t)p->n_columns * sizeof *p->theta);
        h = bilim_hash_bytes(h, p->weight, (size_t)p->n * sizeof *p->weight);
    }
    if (p->history_from != 0)
        h = bilim_hash_bytes(h, &p->history_from, sizeof p->history_from);
    return h;
}

uint64_t bilim_design_hash_points(const bilim_design *d, uint64_t h)
{
    h = bilim_hash_bytes(h, &d->n_points, sizeof d->n_points);
    if (d->n_points > 0) {
        h = bilim_hash_bytes(h, d->values, (size_t)d->n_points * (size_t)d->n_factors * sizeof *d->values);
        h = bilim_hash_bytes(h, d->particle, (size_t)d->n_points * sizeof *d->particle);
        h = bilim_hash_bytes(h, d->seeds, (size_t)d->n_points * sizeof *d->seeds);
    }
    return h;
}

uint64_t bilim_design_fingerprint(const bilim_design *d)
{
    uint64_t h = BILIM_HASH_INIT;
    h = bilim_hash_bytes(h, &d->seed, sizeof d->seed);
    h = bilim_hash_bytes(h, &d->seeding, sizeof d->seeding);
    h = bilim_hash_bytes(h, d->scenarios, (size_t)d->n_scenarios * sizeof *d->scenarios);
    for (int32_t f = 0; f < d->n_factors; f++) {
        const bilim_design_factor *fa = &d->factors[f];
        h = bilim_hash_string(h, fa->name);
        h = bilim_hash_bytes(h, &fa->target, sizeof fa->target);
        h = bilim_hash_bytes(h, &fa->prior, sizeof fa->prior);
    }
    h = bilim_design_hash_particles(d, h);
    h = bilim_design_hash_points(d, h);
    return bilim_hash_bytes(h, d->runs, d->n_runs * sizeof *d->runs);
}

/* --- the parallel loop ----------------------------------------------------------- */

typedef struct exec_ctx {
    const bilim_design *d;
    const bilim_design_options *opt;
    bilim_design_record *records;
    omp_lock_t lock;
    size_t done, total;
    int stop;
    size_t first_run;          /* lowest failing run */
    bilim_error first;
} exec_ctx;

static void finished(exec_ctx *c, size_t i)
{
    const bilim_design_options *o = c->opt;
    omp_set_lock(&c->lock);
    c->done++;
    if (o && o->on_record)
        o->on_record(o->record_user, i, &c->records[i]);
    if (o && o->progress) {
        bilim_design_progress p = {c->done, c->total};
        o->progress(o->progress_user, &p);
    }
    omp_unset_lock(&c->lock);
}

static void failed(exec_ctx *c, size_t i, const bilim_error *e)
{
    omp_set_lock(&c->lock);
    if (i < c->first_run) {
        c->first_run = i;
        c->first = *e;
    }
    c->stop = 1;
    omp_unset_lock(&c->lock);
}

static int should_stop(exec_ctx *c)
{
    int s;
#pragma omp atomic read
    s = c->stop;
    return s || cancelled(c->opt ? c->opt->cancel : NULL);
}

static void run_at(exec_ctx *c, size_t i)
{
    if (should_stop(c))
        return;
    bilim_error e;
    bilim_error_clear(&e);
    bilim_design_record rec;
    if (bilim_design_run_one(c->d, i, c->opt ? c->opt->cancel : NULL, &rec, &e)) {
        if (e.code != BILIM_EINTR)
            bilim_error_prefix(&e, "run %zu (point %d, scenario '%s', replicate %d)", i,
                               (int)c->d->runs[i].point,
                               c->d->scenarios[c->d->runs[i].scenario].name,
                               (int)c->d->runs[i].replicate);
        failed(c, i, &e);
        return;
    }
    c->records[i] = rec;
    finished(c, i);
}

static void run_list(exec_ctx *c, const size_t *todo, size_t n, int threads)
{
    if (threads <= 1) {
        /* One thread: no OpenMP team at all. A team of one is not "in
         * parallel" for the model inside, whose step would then start a
         * nested team of omp_get_max_threads(); the ICV at 1 keeps the model
         * on this thread too (restored after). */
        const int before = omp_get_max_threads();
        omp_set_num_threads(1);
        for (size_t k = 0; k < n; k++)
            run_at(c, todo[k]);
        omp_set_num_threads(before);
        return;
    }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t k = 0; k < n; k++)
        run_at(c, todo[k]);
}

int bilim_design_execute(const bilim_design *d, const bilim_design_options *opt,
                         bilim_design_record *records, bilim_error *err)
{
    const size_t n_in = opt && opt->list ? opt->n_list : d->n_runs;
    size_t *todo = bilim_malloc((n_in + 1) * sizeof *todo);
    if (!todo)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", n_in);
    size_t n = 0;
    for (size_t k = 0; k < n_in; k++) {
        size_t i = opt && opt->list ? opt->list[k] : k;
        if (i >= d->n_runs) {
            bilim_free(todo);
            return bilim_error_set(err, BILIM_EINVAL, "run %zu of a list: the design has %zu runs",
                                   i, d->n_runs);
        }
        if (!(opt && opt->skip && opt->skip[i]))
            todo[n++] = i;
    }
    int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
    if (omp_get_level() > 0)
        threads = 1; /* inside a caller's region, even a team of one: stay on this thread */
    exec_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.opt = opt;
    c.records = records;
    c.total = n;
    c.first_run = SIZE_MAX;
    bilim_error_clear(&c.first);
    omp_init_lock(&c.lock);
    run_list(&c, todo, n, threads);
    omp_destroy_lock(&c.lock);
    bilim_free(todo);
    if (c.first_run != SIZE_MAX) {
        if (err)
            *err = c.first;
        return c.first.code;
    }
    if (cancelled(opt ? opt->cancel : NULL))
        return bilim_error_set(err, BILIM_EINTR, "interrupted");
    return BILIM_OK;
}
