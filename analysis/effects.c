/* analysis/effects.c: runs the virtual trials and factorials of
 * analysis/effects.h. One job is one replicate of one trial (two arms) or of
 * one factorial (four arms); jobs run in parallel over OpenMP threads, each
 * writes only its own slot, so the result does not depend on the threads. */
#include "analysis/effects.h"

#include <math.h>
#include <omp.h>
#include <string.h>
#include "base/alloc.h"

/* Per-school moments of one arm at one month. */
typedef struct moments {
    double *sum, *sumsq;
    int32_t *n;
} moments;

static void moments_free(moments *m)
{
    bilim_free(m->sum);
    bilim_free(m->sumsq);
    bilim_free(m->n);
}

static int moments_alloc(moments *m, int32_t schools)
{
    m->sum = bilim_calloc((size_t)schools, sizeof *m->sum);
    m->sumsq = bilim_calloc((size_t)schools, sizeof *m->sumsq);
    m->n = bilim_calloc((size_t)schools, sizeof *m->n);
    return m->sum && m->sumsq && m->n ? BILIM_OK : BILIM_ENOMEM;
}

/* Totals over the schools with mask[s] == want (mask NULL: all schools). */
typedef struct totals {
    double sum, sumsq, n;
} totals;

static totals total(const moments *m, int32_t schools, const uint8_t *mask, int want)
{
    totals t = {0.0, 0.0, 0.0};
    for (int32_t s = 0; s < schools; s++)
        if (!mask || mask[s] == want) {
            t.sum += m->sum[s];
            t.sumsq += m->sumsq[s];
            t.n += m->n[s];
        }
    return t;
}

static double mean_of(totals t)
{
    return t.n > 0 ? t.sum / t.n : NAN;
}

static double sd_of(totals t)
{
    if (t.n < 2)
        return NAN;
    double var = (t.sumsq - t.sum * t.sum / t.n) / (t.n - 1);
    return var > 0 ? sqrt(var) : 0.0;
}

/* A scenario for one arm: base without its programmes of the types of ivs
 * (exposures of one kind combine by their maximum, ODD 7.4, so a programme
 * on top of its own kind would act only where business as usual does not
 * reach), then the programmes of ivs, the horizon at month. The appended
 * programmes are the last n interventions. */
static int arm(const bilim_scenario *base, const bilim_intervention *ivs, int n, int32_t month,
               bilim_scenario *out, bilim_error *err)
{
    *out = *base;
    out->n_interventions = 0;
    for (int32_t i = 0; i < base->n_interventions; i++) {
        int same = 0;
        for (int k = 0; k < n; k++)
            same |= base->interventions[i].type == ivs[k].type;
        if (!same)
            out->interventions[out->n_interventions++] = base->interventions[i];
    }
    if (out->n_interventions + n > BILIM_MAX_INTERVENTIONS)
        return bilim_error_set(err, BILIM_EINVAL,
                               "the baseline keeps %d interventions; a trial adds %d and at most "
                               "%d are allowed", out->n_interventions, n,
                               BILIM_MAX_INTERVENTIONS);
    for (int i = 0; i < n; i++)
        out->interventions[out->n_interventions++] = ivs[i];
    out->months = month;
    out->outputs.n_survey_months = 0;
    return BILIM_OK;
}

static int cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load(cancel);
}

/* Steps every model to month, checking the cancel flag between months. */
static int advance(bilim_model **m, int n, int32_t month, const atomic_int *cancel,
                   bilim_error *err)
{
    while (bilim_model_month(m[0]) < month) {
        if (cancelled(cancel))
            return bilim_error_set(err, BILIM_EINTR, "interrupted");
        for (int i = 0; i < n; i++) {
            int rc = bilim_model_step(m[i], err);
            if (rc)
                return rc;
        }
    }
    return BILIM_OK;
}

/* One replicate of trial t: its standardised effect, the SD and the share
 * of units treated. */
static int trial_job(const bilim_scenario *base, const bilim_effects_trial *t, int32_t r,
                     const atomic_int *cancel, double *effect, double *sd, double *treated,
                     bilim_error *err)
{
    bilim_intervention ivA, ivB;
    bilim_effects_design(t, &ivA, &ivB);
    bilim_scenario *sc = bilim_malloc(2 * sizeof *sc);
    bilim_model *m[2] = {NULL, NULL};
    moments m0 = {0}, mA = {0}, mB = {0};
    uint8_t *reached = NULL;
    int rc = sc ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = arm(base, &ivA, 1, t->month, &sc[0], err);
    if (!rc)
        rc = arm(base, &ivB, 1, t->month, &sc[1], err);
    for (int a = 0; a < 2 && !rc; a++)
        rc = bilim_model_alloc(&sc[a], r, &m[a], err);
    int32_t S = rc ? 0 : bilim_model_schools(m[0]);
    if (!rc && (moments_alloc(&m0, S) || moments_alloc(&mA, S) || moments_alloc(&mB, S) ||
                !(reached = bilim_calloc((size_t)S, 1))))
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc) {
        bilim_model_unit_moments(m[0], t->outcome, m0.sum, m0.sumsq, m0.n);
        rc = advance(m, 2, t->month, cancel, err);
    }
    if (!rc) {
        bilim_model_unit_moments(m[0], t->outcome, mA.sum, mA.sumsq, mA.n);
        bilim_model_unit_moments(m[1], t->outcome, mB.sum, mB.sumsq, mB.n);
        bilim_model_reached(m[0], sc[0].n_interventions - 1, reached);
        totals tA = total(&mA, S, reached, 1), cA = total(&mA, S, reached, 0);
        totals tB = total(&mB, S, reached, 1), cB = total(&mB, S, reached, 0);
        if (tA.n == 0 || cA.n == 0)
            rc = bilim_error_set(err, BILIM_EINVAL,
                                 "trial %s, replicate %d: %s units (a sample of %d schools is "
                                 "too small for the design)", t->name, r,
                                 tA.n == 0 ? "no treated" : "no control", S);
        else {
            *sd = t->sd == BILIM_EFFECTS_SD_MONTH0 ? sd_of(total(&m0, S, NULL, 0))
                                                   : sd_of(total(&mB, S, NULL, 0));
            double diff = (mean_of(tA) - mean_of(cA)) - (mean_of(tB) - mean_of(cB));
            *effect = *sd > 0 ? diff / *sd : NAN;
            if (t->achievement)
                *effect = bilim_effects_achievement(*effect);
            *treated = tA.n / (tA.n + cA.n);
        }
    }
    if (rc)
        bilim_error_prefix(err, "trial %s", t->name);
    bilim_model_free(m[0]);
    bilim_model_free(m[1]);
    moments_free(&m0);
    moments_free(&mA);
    moments_free(&mB);
    bilim_free(reached);
    bilim_free(sc);
    return rc;
}

/* One replicate of a factorial: the effects on practice of A, B and both
 * (arms baseline, A, B, AB; both programmes are in every arm, switched off
 * by intensity 0, so their draws are the same in all four). */
static int pair_job(const bilim_scenario *base, const bilim_effects_pair *p, int32_t r,
                    const atomic_int *cancel, double e[3], bilim_error *err)
{
    bilim_intervention iv[2], unused;
    bilim_effects_design(bilim_effects_find(p->a), &iv[0], &unused);
    bilim_effects_design(bilim_effects_find(p->b), &iv[1], &unused);
    iv[0].target.fraction = iv[1].target.fraction = 1.0;
    bilim_scenario *sc = bilim_malloc(4 * sizeof *sc);
    bilim_model *m[4] = {NULL, NULL, NULL, NULL};
    moments mm[4] = {{0}};
    int rc = sc ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int a = 0; a < 4 && !rc; a++) {
        bilim_intervention w[2] = {iv[0], iv[1]};
        w[0].intensity = (a & 1) ? 1.0 : 0.0;
        w[1].intensity = (a & 2) ? 1.0 : 0.0;
        rc = arm(base, w, 2, p->month, &sc[a], err);
        if (!rc)
            rc = bilim_model_alloc(&sc[a], r, &m[a], err);
    }
    int32_t S = rc ? 0 : bilim_model_schools(m[0]);
    for (int a = 0; a < 4 && !rc; a++)
        if (moments_alloc(&mm[a], S))
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = advance(m, 4, p->month, cancel, err);
    if (!rc) {
        double mean[4];
        for (int a = 0; a < 4; a++) {
            bilim_model_unit_moments(m[a], BILIM_UNIT_PRACTICE, mm[a].sum, mm[a].sumsq, mm[a].n);
            mean[a] = mean_of(total(&mm[a], S, NULL, 0));
        }
        double sd = sd_of(total(&mm[0], S, NULL, 0));
        for (int k = 0; k < 3; k++)
            e[k] = sd > 0 ? (mean[k + 1] - mean[0]) / sd : NAN;
    }
    if (rc)
        bilim_error_prefix(err, "factorial %s", p->name);
    for (int a = 0; a < 4; a++) {
        bilim_model_free(m[a]);
        moments_free(&mm[a]);
    }
    bilim_free(sc);
    return rc;
}

static void summarise_row(bilim_effects_row *row, const double *eff, const double *sd,
                          const double *tr, int32_t R)
{
    bilim_stats_t_interval(eff, (size_t)R, 0.95, &row->effect);
    row->sd = bilim_stats_mean(sd, (size_t)R);
    row->treated = bilim_stats_mean(tr, (size_t)R);
    const bilim_effects_trial *t = row->trial;
    if (isnan(t->low))
        row->in_bound = -1;
    else
        row->in_bound = row->effect.mean >= t->low && row->effect.mean <= t->high;
}

/* x: scratch of 5 R doubles. */
static void summarise_fact(bilim_effects_fact *f, const double *e, int32_t R, double *x)
{
    double *a = x, *b = x + R, *ab = x + 2 * R, *in = x + 3 * R, *ra = x + 4 * R;
    for (int32_t r = 0; r < R; r++) {
        a[r] = e[3 * r];
        b[r] = e[3 * r + 1];
        ab[r] = e[3 * r + 2];
        in[r] = ab[r] - a[r] - b[r];
        ra[r] = ab[r] / (a[r] + b[r]);
    }
    bilim_stats_t_interval(a, (size_t)R, 0.95, &f->a);
    bilim_stats_t_interval(b, (size_t)R, 0.95, &f->b);
    bilim_stats_t_interval(ab, (size_t)R, 0.95, &f->ab);
    bilim_stats_t_interval(in, (size_t)R, 0.95, &f->interaction);
    bilim_stats_t_interval(ra, (size_t)R, 0.95, &f->ratio);
}

typedef struct plan {
    const bilim_effects_trial *trial[BILIM_EFFECTS_MAX_TRIALS];
    int n_trials;
    const bilim_effects_pair *pair[BILIM_EFFECTS_MAX_PAIRS];
    int n_pairs;
} plan;

static int make_plan(const bilim_effects_options *opt, plan *p, bilim_error *err)
{
    memset(p, 0, sizeof *p);
    int n;
    const bilim_effects_trial *t = bilim_effects_trials(&n);
    for (int i = 0; i < n; i++)
        if (!opt->only || strcmp(opt->only, t[i].name) == 0)
            p->trial[p->n_trials++] = &t[i];
    if (opt->only && p->n_trials == 0)
        return bilim_error_set(err, BILIM_EINVAL, "no trial named '%s'", opt->only);
    const bilim_effects_pair *pr = bilim_effects_pairs(&n);
    for (int i = 0; opt->factorials && i < n; i++)
        p->pair[p->n_pairs++] = &pr[i];
    return BILIM_OK;
}

typedef struct shared {
    const bilim_scenario *base;
    const bilim_effects_options *opt;
    const plan *p;
    double *eff, *sd, *tr;   /* [trial * R + r] */
    double *fe;              /* [(pair * R + r) * 3] */
    double *scratch;         /* 5 R */
    atomic_int failed;
    atomic_int done;
    int rc;
    bilim_error err;
} shared;

static void run_job(shared *c, int64_t j, int32_t R)
{
    if (atomic_load(&c->failed))
        return;
    bilim_error err;
    bilim_error_clear(&err);
    int32_t r = (int32_t)(j % R);
    int64_t k = j / R;
    int rc;
    if (k < c->p->n_trials)
        rc = trial_job(c->base, c->p->trial[k], r, c->opt->cancel, &c->eff[j], &c->sd[j],
                       &c->tr[j], &err);
    else
        rc = pair_job(c->base, c->p->pair[k - c->p->n_trials], r, c->opt->cancel,
                      &c->fe[3 * (j - (int64_t)c->p->n_trials * R)], &err);
    if (rc) {
#pragma omp critical(bilim_effects_failure)
        if (!atomic_load(&c->failed)) {
            c->rc = rc;
            c->err = err;
            atomic_store(&c->failed, 1);
        }
        return;
    }
    int done = atomic_fetch_add(&c->done, 1) + 1;
    if (c->opt->progress) {
#pragma omp critical(bilim_effects_progress)
        c->opt->progress(c->opt->progress_user, done,
                         (c->p->n_trials + c->p->n_pairs) * R);
    }
}

int bilim_effects_run(const bilim_scenario *base, const bilim_effects_options *opt,
                      bilim_effects_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    if (opt->replicates < 1)
        return bilim_error_set(err, BILIM_EINVAL, "replicates %d: must be >= 1", opt->replicates);
    plan p;
    int rc = make_plan(opt, &p, err);
    if (rc)
        return rc;
    const int32_t R = opt->replicates;
    shared c = {base, opt, &p, NULL, NULL, NULL, NULL, NULL, 0, 0, BILIM_OK, {0}};
    size_t nt = (size_t)p.n_trials * (size_t)R;
    c.eff = bilim_calloc(nt + 1, sizeof *c.eff);
    c.sd = bilim_calloc(nt + 1, sizeof *c.sd);
    c.tr = bilim_calloc(nt + 1, sizeof *c.tr);
    c.fe = bilim_calloc(3 * (size_t)p.n_pairs * (size_t)R + 1, sizeof *c.fe);
    c.scratch = bilim_calloc(5 * (size_t)R, sizeof *c.scratch);
    if (!c.eff || !c.sd || !c.tr || !c.fe || !c.scratch)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc) {
        int threads = opt->threads > 0 ? opt->threads : omp_get_max_threads();
        int64_t jobs = (int64_t)(p.n_trials + p.n_pairs) * R;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (int64_t j = 0; j < jobs; j++)
            run_job(&c, j, R);
        if (atomic_load(&c.failed)) {
            rc = c.rc;
            *err = c.err;
        }
    }
    if (!rc) {
        out->schools = bilim_population_schools(&base->population);
        out->replicates = R;
        out->seed = base->seed;
        for (int i = 0; i < p.n_trials; i++) {
            bilim_effects_row *row = &out->rows[out->n_rows++];
            row->trial = p.trial[i];
            summarise_row(row, c.eff + (size_t)i * R, c.sd + (size_t)i * R,
                          c.tr + (size_t)i * R, R);
        }
        for (int i = 0; i < p.n_pairs; i++) {
            bilim_effects_fact *f = &out->facts[out->n_facts++];
            f->pair = p.pair[i];
            summarise_fact(f, c.fe + 3 * (size_t)i * R, R, c.scratch);
        }
    }
    bilim_free(c.eff);
    bilim_free(c.sd);
    bilim_free(c.tr);
    bilim_free(c.fe);
    bilim_free(c.scratch);
    return rc;
}
