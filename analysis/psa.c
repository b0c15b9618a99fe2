/* analysis/psa.c: the building blocks of the analysis under uncertainty
 * (see psa.h): rank probabilities, acceptability curve and EVPI, the
 * cost-effectiveness frontier, the variance decomposition. The whole
 * analysis is psa_compute.c; writing it psa_write.c. */
#include "analysis/psa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

static const char *const metric_names[BILIM_PSA_N_METRICS] = {
    "adoption_routine", "adoption_routine_urban", "adoption_routine_rural",
    "additional_teachers_routine", "cost_kzt", "net_benefit_kzt"};
static const char *const metric_units[BILIM_PSA_N_METRICS] = {
    "share", "share", "share", "teachers", "KZT", "KZT"};
static const char *const stat_names[BILIM_PSA_N_STATS] = {
    "mean", "mc_se", "ci_low", "ci_high", "sd", "sd_parameter", "sd_noise", "noise_share",
    "q025", "q50", "q975", "q025_parameter", "q975_parameter", "p_positive"};

const char *bilim_psa_metric_name(bilim_psa_metric m)
{
    return (m >= 0 && m < BILIM_PSA_N_METRICS) ? metric_names[m] : "unknown";
}

const char *bilim_psa_metric_unit(bilim_psa_metric m)
{
    return (m >= 0 && m < BILIM_PSA_N_METRICS) ? metric_units[m] : "";
}

const char *bilim_psa_stat_name(bilim_psa_stat s)
{
    return (s >= 0 && s < BILIM_PSA_N_STATS) ? stat_names[s] : "unknown";
}

const char *bilim_frontier_status_name(bilim_frontier_status s)
{
    static const char *const n[] = {"efficient", "dominated", "extendedly dominated"};
    return (s >= 0 && s <= BILIM_FRONTIER_EXTENDED) ? n[s] : "unknown";
}

/* The index of the largest of x[0..K-1]; ties to the lower index. */
static int32_t argmax(const double *x, int32_t K)
{
    int32_t b = 0;
    for (int32_t k = 1; k < K; k++)
        if (x[k] > x[b])
            b = k;
    return b;
}

void bilim_psa_rank_probabilities(const double *value, size_t n, int32_t K, double *out)
{
    memset(out, 0, (size_t)K * (size_t)K * sizeof *out);
    if (n == 0)
        return;
    for (size_t d = 0; d < n; d++) {
        const double *v = value + d * (size_t)K;
        /* Rank of k: 1 + the options strictly better, or equal with a lower index. */
        for (int32_t k = 0; k < K; k++) {
            int32_t r = 0;
            for (int32_t j = 0; j < K; j++)
                r += v[j] > v[k] || (v[j] == v[k] && j < k);
            out[(size_t)k * (size_t)K + (size_t)r] += 1.0;
        }
    }
    for (size_t i = 0; i < (size_t)K * (size_t)K; i++)
        out[i] /= (double)n;
}

int bilim_psa_ceac(const double *effect, const double *cost, size_t n, int32_t K,
                   const double *wtp, size_t n_wtp, double *ceac, double *evpi, int32_t *best)
{
    double *nb = bilim_malloc(2 * (size_t)K * sizeof *nb);
    if (!nb)
        return -1;
    double *mean = nb + K;
    for (size_t w = 0; w < n_wtp; w++) {
        const double l = wtp[w];
        double *row = ceac + w * (size_t)K, perfect = 0.0;
        for (int32_t k = 0; k < K; k++)
            row[k] = mean[k] = 0.0;
        for (size_t d = 0; d < n; d++) {
            for (int32_t k = 0; k < K; k++) {
                nb[k] = l * effect[d * (size_t)K + (size_t)k] - cost[d * (size_t)K + (size_t)k];
                mean[k] += nb[k];
            }
            int32_t b = argmax(nb, K);
            row[b] += 1.0;
            perfect += nb[b];
        }
        for (int32_t k = 0; k < K; k++) {
            row[k] /= (double)n;
            mean[k] /= (double)n;
        }
        int32_t b = argmax(mean, K);
        double e = perfect / (double)n - mean[b];
        evpi[w] = e > 0.0 ? e : 0.0;
        if (best)
            best[w] = b;
    }
    bilim_free(nb);
    return 0;
}

/* --- the frontier ---------------------------------------------------------------- */

typedef struct fitem { double e, c; int32_t k; } fitem;

static int by_cost(const void *a, const void *b)
{
    const fitem *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;
    return x->k < y->k ? -1 : (x->k > y->k);
}

int bilim_psa_frontier(const double *effect, const double *cost, int32_t n,
                       bilim_frontier_row *out)
{
    fitem *it = bilim_malloc((size_t)(n > 0 ? n : 1) * sizeof *it);
    int32_t *eff = bilim_malloc((size_t)(n > 0 ? n : 1) * sizeof *eff);
    for (int32_t k = 0; k < n; k++)
        out[k] = (bilim_frontier_row){effect[k], cost[k], BILIM_FRONTIER_DOMINATED, -1, NAN};
    if (!it || !eff) {
        bilim_free(it);
        bilim_free(eff);
        return -1;
    }
    for (int32_t k = 0; k < n; k++)
        it[k] = (fitem){effect[k], cost[k], k};
    qsort(it, (size_t)n, sizeof *it, by_cost);
    /* Strong dominance: walking by cost, keep an option only if it achieves
     * strictly more than every cheaper (or equally cheap, earlier) one. */
    int32_t m = 0;
    double top = -INFINITY;
    for (int32_t i = 0; i < n; i++)
        if (it[i].e > top) {
            eff[m++] = i;
            top = it[i].e;
        }
    /* Extended dominance: the ICERs along the frontier must increase; drop
     * the option before any fall, and look again. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int32_t j = 1; j + 1 < m; j++) {
            const fitem *a = &it[eff[j - 1]], *b = &it[eff[j]], *c = &it[eff[j + 1]];
            double i1 = (b->c - a->c) / (b->e - a->e), i2 = (c->c - b->c) / (c->e - b->e);
            if (i1 > i2) {
                out[b->k].status = BILIM_FRONTIER_EXTENDED;
                memmove(eff + j, eff + j + 1, (size_t)(m - j - 1) * sizeof *eff);
                m--;
                changed = 1;
                break;
            }
        }
    }
    for (int32_t j = 0; j < m; j++) {
        bilim_frontier_row *r = &out[it[eff[j]].k];
        r->status = BILIM_FRONTIER_EFFICIENT;
        if (j > 0) {
            const fitem *a = &it[eff[j - 1]], *b = &it[eff[j]];
            r->comparator = a->k;
            r->icer = (b->c - a->c) / (b->e - a->e);
        }
    }
    bilim_free(it);
    bilim_free(eff);
    return 0;
}

/* --- variance ---------------------------------------------------------------------- */

int bilim_psa_decompose(const double *x, const int32_t *g, size_t n, int32_t n_groups,
                        bilim_psa_variance *out)
{
    memset(out, 0, sizeof *out);
    out->total = out->noise = out->noise_of_means = out->parameter = NAN;
    if (n_groups < 1)
        return 0;
    double *sum = bilim_calloc((size_t)n_groups, sizeof *sum);
    int32_t *cnt = bilim_calloc((size_t)n_groups, sizeof *cnt);
    if (!sum || !cnt) {
        bilim_free(sum);
        bilim_free(cnt);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sum[g[i]] += x[i];
        cnt[g[i]]++;
    }
    double grand = 0.0;
    int32_t used = 0;
    for (int32_t j = 0; j < n_groups; j++)
        if (cnt[j]) {
            sum[j] /= cnt[j];
            grand += sum[j];
            used++;
        }
    grand /= used;
    double between = 0.0, within = 0.0;
    for (int32_t j = 0; j < n_groups; j++)
        if (cnt[j])
            between += (sum[j] - grand) * (sum[j] - grand);
    for (size_t i = 0; i < n; i++)
        within += (x[i] - sum[g[i]]) * (x[i] - sum[g[i]]);
    int32_t df = 0;
    double inv = 0.0;
    for (int32_t j = 0; j < n_groups; j++)
        if (cnt[j]) {
            df += cnt[j] - 1;
            inv += 1.0 / cnt[j];
        }
    out->total = used > 1 ? between / (used - 1) : NAN;
    out->noise_df = df;
    out->noise = df > 0 ? within / df : NAN;
    out->noise_of_means = df > 0 ? out->noise * inv / used : NAN;
    double p = out->total - (df > 0 ? out->noise_of_means : 0.0);
    out->parameter = isnan(out->total) ? NAN : (p > 0.0 ? p : 0.0);
    bilim_free(sum);
    bilim_free(cnt);
    return 0;
}
