/* analysis/psa_compute.c: the whole analysis under uncertainty from a design
 * and its records (psa.h, bilim_psa_compute). */
#include "analysis/psa.h"
#include "analysis/psa_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "analysis/evppi.h"
#include "base/stats.h"
#include "base/alloc.h"
#include "base/rng.h"

void bilim_psa_settings_defaults(bilim_psa_settings *s)
{
    memset(s, 0, sizeof *s);
    s->wtp_ref = 12.0 * 417600.0;
    s->population_scale = 1.0;
    s->level = 0.95;
    s->evppi = 1;
    s->discovery_min_p_best = BILIM_DISCOVERY_MIN_P_BEST;
}

void bilim_psa_default_wtp(double *wtp)
{
    wtp[0] = 0.0;
    /* Whole KZT with three significant digits: 10000, 12600, 15800, ... */
    for (int i = 1; i < BILIM_PSA_DEFAULT_N_WTP; i++) {
        double v = pow(10.0, 4.0 + (i - 1) / 10.0);
        double unit = pow(10.0, floor(log10(v)) - 2.0);
        wtp[i] = floor(v / unit + 0.5) * unit;
    }
}

double bilim_psa_summary(const bilim_psa_result *r, int32_t option, bilim_psa_metric m,
                         bilim_psa_stat s)
{
    return r->summary[((size_t)(option - 1) * BILIM_PSA_N_METRICS + (size_t)m) *
                          BILIM_PSA_N_STATS + (size_t)s];
}

void bilim_psa_result_clear(bilim_psa_result *r)
{
    if (!r)
        return;
    bilim_free(r->names);
    bilim_free(r->effect);
    bilim_free(r->cost);
    bilim_free(r->share);
    bilim_free(r->summary);
    bilim_free(r->rank_probability);
    bilim_free(r->rank_probability_nb);
    bilim_free(r->wtp);
    bilim_free(r->ceac);
    bilim_free(r->evpi);
    bilim_free(r->best);
    bilim_free(r->frontier);
    bilim_free(r->evppi);
    bilim_free(r->evppi_wtp);
    bilim_discovery_clear(&r->discovery);
    memset(r, 0, sizeof *r);
}

/* Per (point, replicate) pair of runs of every scenario: index[(p * R + r) * S + s]. */
typedef struct pairing {
    int32_t R;                 /* most replicates of any point */
    long *index;               /* run, or -1 */
} pairing;

static int pair_runs(const bilim_design *d, pairing *pr, bilim_error *err)
{
    pr->R = 0;
    for (size_t i = 0; i < d->n_runs; i++)
        if (d->runs[i].replicate + 1 > pr->R)
            pr->R = d->runs[i].replicate + 1;
    size_t n = (size_t)d->n_points * (size_t)pr->R * (size_t)d->n_scenarios;
    pr->index = bilim_malloc((n + 1) * sizeof *pr->index);
    if (!pr->index)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory pairing %zu runs", d->n_runs);
    for (size_t i = 0; i < n; i++)
        pr->index[i] = -1;
    for (size_t i = 0; i < d->n_runs; i++) {
        const bilim_design_run *u = &d->runs[i];
        pr->index[((size_t)u->point * (size_t)pr->R + (size_t)u->replicate) *
                      (size_t)d->n_scenarios + (size_t)u->scenario] = (long)i;
    }
    return BILIM_OK;
}

/* The paired differences of option k against the baseline, one value per
 * (point, replicate) with both runs: x[metric][pair], group = point. */
typedef struct diffs {
    size_t n;
    double *x[BILIM_PSA_N_METRICS];
    int32_t *group;
} diffs;

static void differences(const bilim_design *d, const bilim_design_record *rec,
                        const pairing *pr, int32_t k, double wtp, diffs *out)
{
    out->n = 0;
    const size_t S = (size_t)d->n_scenarios;
    for (int32_t p = 0; p < d->n_points; p++)
        for (int32_t r = 0; r < pr->R; r++) {
            const long *row = pr->index + ((size_t)p * (size_t)pr->R + (size_t)r) * S;
            if (row[0] < 0 || row[k] < 0)
                continue;
            const double *b = rec[row[0]].v, *o = rec[row[k]].v;
            size_t i = out->n++;
            double share = o[BILIM_DESIGN_ROUTINE] - b[BILIM_DESIGN_ROUTINE];
            double teachers = share * b[BILIM_DESIGN_TEACHERS];
            double cost = o[BILIM_DESIGN_COST_KZT] - b[BILIM_DESIGN_COST_KZT];
            out->x[BILIM_PSA_ROUTINE][i] = share;
            out->x[BILIM_PSA_ROUTINE_URBAN][i] = o[BILIM_DESIGN_ROUTINE_URBAN] -
                                                 b[BILIM_DESIGN_ROUTINE_URBAN];
            out->x[BILIM_PSA_ROUTINE_RURAL][i] = o[BILIM_DESIGN_ROUTINE_RURAL] -
                                                 b[BILIM_DESIGN_ROUTINE_RURAL];
            out->x[BILIM_PSA_TEACHERS][i] = teachers;
            out->x[BILIM_PSA_COST][i] = cost;
            out->x[BILIM_PSA_NET_BENEFIT][i] = wtp * teachers - cost;
            out->group[i] = p;
        }
}

/* Draw means of x (groups = points) into m[n_points]. */
static void draw_means(const double *x, const int32_t *g, size_t n, int32_t P, double *m,
                       int32_t *cnt)
{
    for (int32_t p = 0; p < P; p++) {
        m[p] = 0.0;
        cnt[p] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        m[g[i]] += x[i];
        cnt[g[i]]++;
    }
    for (int32_t p = 0; p < P; p++)
        m[p] = cnt[p] ? m[p] / cnt[p] : NAN;
}

/* The statistics of one option and metric. Returns -1 when out of memory. */
static int summarise(const double *x, const int32_t *g, size_t n, int32_t P, double level,
                     double *m, int32_t *cnt, double *scratch, double *st)
{
    bilim_psa_variance v;
    if (bilim_psa_decompose(x, g, n, P, &v))
        return -1;
    draw_means(x, g, n, P, m, cnt);
    bilim_interval ci;
    bilim_stats_t_interval(m, (size_t)P, level, &ci);
    st[BILIM_PSA_MEAN] = ci.mean;
    st[BILIM_PSA_MC_SE] = ci.se;
    st[BILIM_PSA_CI_LOW] = ci.low;
    st[BILIM_PSA_CI_HIGH] = ci.high;
    st[BILIM_PSA_SD] = ci.sd;
    st[BILIM_PSA_SD_PARAMETER] = sqrt(v.parameter);
    st[BILIM_PSA_SD_NOISE] = sqrt(v.noise);
    st[BILIM_PSA_NOISE_SHARE] = v.total > 0.0 ? fmin(1.0, v.noise_of_means / v.total)
                                              : (v.noise_df > 0 ? 0.0 : NAN);
    st[BILIM_PSA_Q025] = bilim_stats_quantile(m, (size_t)P, 0.025, scratch);
    st[BILIM_PSA_Q50] = bilim_stats_quantile(m, (size_t)P, 0.5, scratch);
    st[BILIM_PSA_Q975] = bilim_stats_quantile(m, (size_t)P, 0.975, scratch);
    /* Noise out, approximately: shrink the quantiles towards the mean by the
     * parameters' share of the standard deviation. */
    double f = v.total > 0.0 && v.noise_df > 0 ? sqrt(v.parameter / v.total) : NAN;
    st[BILIM_PSA_Q025_PARAMETER] = ci.mean + f * (st[BILIM_PSA_Q025] - ci.mean);
    st[BILIM_PSA_Q975_PARAMETER] = ci.mean + f * (st[BILIM_PSA_Q975] - ci.mean);
    int32_t pos = 0;
    for (int32_t p = 0; p < P; p++)
        pos += m[p] > 0.0;
    st[BILIM_PSA_P_POSITIVE] = (double)pos / P;
    return 0;
}

static int allocate(bilim_psa_result *r, int32_t S, int32_t P, size_t n_wtp)
{
    const size_t s = (size_t)S, p = (size_t)P, o = s - 1;
    r->names = bilim_calloc(s, sizeof *r->names);
    r->effect = bilim_calloc(p * s, sizeof *r->effect);
    r->cost = bilim_calloc(p * s, sizeof *r->cost);
    r->share = bilim_calloc(p * s, sizeof *r->share);
    r->summary = bilim_calloc(o * BILIM_PSA_N_METRICS * BILIM_PSA_N_STATS, sizeof *r->summary);
    r->rank_probability = bilim_calloc(o * o, sizeof *r->rank_probability);
    r->rank_probability_nb = bilim_calloc(s * s, sizeof *r->rank_probability_nb);
    r->wtp = bilim_calloc(n_wtp + 1, sizeof *r->wtp);
    r->ceac = bilim_calloc((n_wtp + 1) * s, sizeof *r->ceac);
    r->evpi = bilim_calloc(n_wtp + 1, sizeof *r->evpi);
    r->best = bilim_calloc(n_wtp + 1, sizeof *r->best);
    r->frontier = bilim_calloc(s, sizeof *r->frontier);
    return r->names && r->effect && r->cost && r->share && r->summary && r->rank_probability &&
           r->rank_probability_nb && r->wtp && r->ceac && r->evpi && r->best && r->frontier;
}

static int check_records(const bilim_design *d, const bilim_design_record *rec,
                         bilim_error *err)
{
    if (d->n_scenarios < 2)
        return bilim_error_set(err, BILIM_EINVAL, "an analysis of options needs a baseline and "
                               "at least one option");
    if (d->n_points < 2)
        return bilim_error_set(err, BILIM_EINVAL, "an analysis under uncertainty needs at least "
                               "2 draws (found %d)", (int)d->n_points);
    static const int needed[] = {BILIM_DESIGN_ROUTINE, BILIM_DESIGN_ROUTINE_URBAN,
                                 BILIM_DESIGN_ROUTINE_RURAL, BILIM_DESIGN_COST_KZT,
                                 BILIM_DESIGN_TEACHERS};
    for (size_t i = 0; i < d->n_runs; i++)
        for (size_t k = 0; k < sizeof needed / sizeof needed[0]; k++)
            if (!isfinite(rec[i].v[needed[k]]))
                return bilim_error_set(err, BILIM_EINVAL, "run %zu has no %s: it did not finish",
                                       i, bilim_design_output_name(needed[k]));
    return BILIM_OK;
}

/* Options' draw-level values and summaries. */
static int per_option(const bilim_design *d, const bilim_design_record *rec, const pairing *pr,
                      bilim_psa_result *r, bilim_error *err)
{
    const int32_t P = d->n_points, S = d->n_scenarios;
    size_t cap = (size_t)P * (size_t)pr->R;
    diffs df;
    memset(&df, 0, sizeof df);
    df.group = bilim_malloc((cap + 1) * sizeof *df.group);
    double *m = bilim_malloc(((size_t)P + 1) * sizeof *m);
    double *scratch = bilim_malloc(((size_t)P + 1) * sizeof *scratch);
    int32_t *cnt = bilim_malloc(((size_t)P + 1) * sizeof *cnt);
    int ok = df.group && m && scratch && cnt, missing = 0;
    for (int q = 0; q < BILIM_PSA_N_METRICS; q++)
        ok = ok && (df.x[q] = bilim_malloc((cap + 1) * sizeof *df.x[q])) != NULL;
    for (int32_t k = 1; ok && k < S; k++) {
        differences(d, rec, pr, k, r->settings.wtp_ref, &df);
        for (int q = 0; q < BILIM_PSA_N_METRICS && ok; q++)
            ok = summarise(df.x[q], df.group, df.n, P, r->settings.level, m, cnt, scratch,
                           r->summary + ((size_t)(k - 1) * BILIM_PSA_N_METRICS + (size_t)q) *
                                            BILIM_PSA_N_STATS) == 0;
        static const bilim_psa_metric keep[3] = {BILIM_PSA_TEACHERS, BILIM_PSA_COST,
                                                 BILIM_PSA_ROUTINE};
        double *dst[3] = {r->effect, r->cost, r->share};
        for (int j = 0; j < 3; j++) {
            draw_means(df.x[keep[j]], df.group, df.n, P, m, cnt);
            for (int32_t p = 0; p < P; p++)
                dst[j][(size_t)p * (size_t)S + (size_t)k] = m[p];
        }
        for (int32_t p = 0; p < P; p++)
            missing |= cnt[p] == 0;
        ok = ok && !missing;
    }
    for (int q = 0; q < BILIM_PSA_N_METRICS; q++)
        bilim_free(df.x[q]);
    bilim_free(df.group);
    bilim_free(m);
    bilim_free(scratch);
    bilim_free(cnt);
    if (missing)
        return bilim_error_set(err, BILIM_EINVAL, "a draw lacks a run of the baseline or of "
                               "an option");
    return ok ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
}

/* Rankings, acceptability, EVPI and the frontier from the draw-level values. */
static int decisions(bilim_psa_result *r)
{
    const int32_t S = r->n_scenarios, O = S - 1, P = r->n_draws;
    double *opt = bilim_malloc((size_t)P * (size_t)(O > 0 ? O : 1) * sizeof *opt);
    double *nb = bilim_malloc((size_t)P * (size_t)S * sizeof *nb);
    double *me = bilim_calloc((size_t)S, sizeof *me), *mc = bilim_calloc((size_t)S, sizeof *mc);
    int ok = opt && nb && me && mc;
    if (ok) {
        for (int32_t p = 0; p < P; p++)
            for (int32_t k = 0; k < S; k++) {
                double e = r->effect[(size_t)p * S + k], c = r->cost[(size_t)p * S + k];
                if (k > 0)
                    opt[(size_t)p * O + (size_t)(k - 1)] = e;
                nb[(size_t)p * S + k] = r->settings.wtp_ref * e - c;
                me[k] += e / P;
                mc[k] += c / P;
            }
        bilim_psa_rank_probabilities(opt, (size_t)P, O, r->rank_probability);
        bilim_psa_rank_probabilities(nb, (size_t)P, S, r->rank_probability_nb);
        ok = bilim_psa_ceac(r->effect, r->cost, (size_t)P, S, r->wtp, r->n_wtp + 1, r->ceac,
                            r->evpi, r->best) == 0 &&
             bilim_psa_frontier(me, mc, S, r->frontier) == 0;
        for (size_t w = 0; ok && w <= r->n_wtp; w++)
            r->evpi[w] *= r->settings.population_scale;
        r->evpi_ref = ok ? r->evpi[r->n_wtp] : NAN;
    }
    bilim_free(opt);
    bilim_free(nb);
    bilim_free(me);
    bilim_free(mc);
    return ok ? 0 : -1;
}

/* Scenario discovery on the options' probabilities of ranking first. */
static int discover(const bilim_design *d, bilim_psa_result *out, bilim_error *err)
{
    const int32_t O = out->n_options;
    double *p_first = bilim_malloc((size_t)(O > 0 ? O : 1) * sizeof *p_first);
    if (!p_first)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t k = 0; k < O; k++)
        p_first[k] = out->rank_probability[(size_t)k * (size_t)O];
    int rc = bilim_discovery_compute(d, out->effect, out->n_draws, out->n_scenarios, p_first,
                                     out->settings.discovery_min_p_best, &out->discovery, err);
    bilim_free(p_first);
    return rc;
}

int bilim_psa_compute(const bilim_design *d, const bilim_design_record *records,
                      const bilim_psa_settings *s, bilim_psa_result *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = check_records(d, records, err);
    if (rc)
        return rc;
    if (!(s->wtp_ref > 0.0) || !isfinite(s->wtp_ref) || !(s->population_scale >= 1.0))
        return bilim_error_set(err, BILIM_EINVAL, "the value of a teacher in routine use must "
                               "be a positive number of KZT (found %g)", s->wtp_ref);
    out->settings = *s;
    out->n_scenarios = d->n_scenarios;
    out->n_options = d->n_scenarios - 1;
    out->n_draws = d->n_points;
    out->n_wtp = s->wtp ? s->n_wtp : BILIM_PSA_DEFAULT_N_WTP;
    pairing pr = {0, NULL};
    if (!allocate(out, d->n_scenarios, d->n_points, out->n_wtp) ||
        (rc = pair_runs(d, &pr, err))) {
        bilim_psa_result_clear(out);
        return rc ? rc : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    /* The grid, and the reference value as its last (hidden) element. */
    if (s->wtp)
        memcpy(out->wtp, s->wtp, out->n_wtp * sizeof *out->wtp);
    else
        bilim_psa_default_wtp(out->wtp);
    out->wtp[out->n_wtp] = s->wtp_ref;
    out->settings.wtp = out->wtp;
    out->settings.n_wtp = out->n_wtp;
    for (int32_t k = 0; k < d->n_scenarios; k++)
        memcpy(out->names[k], d->scenarios[k].name, BILIM_NAME_MAX);
    double t = 0.0;
    int32_t nt = 0;
    for (size_t i = 0; i < d->n_runs; i++)
        if (d->runs[i].scenario == 0) {
            t += records[i].v[BILIM_DESIGN_TEACHERS];
            nt++;
        }
    out->teachers_mean = nt ? t / nt : NAN;
    rc = per_option(d, records, &pr, out, err);
    bilim_free(pr.index);
    if (!rc && decisions(out))
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc && s->evppi)
        rc = bilim__psa_evppi(d, out, err);
    if (!rc)
        rc = discover(d, out, err);
    if (rc)
        bilim_psa_result_clear(out);
    return rc;
}
