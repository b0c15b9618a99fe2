/* models/model_observe.c: the monthly record (ODD 7.5), bilim_model_observe.
 *
 * Aggregates over groups: 0 = all, 1 + locality, 3 + region. Counts are
 * integers; sums of doubles run over schools in index order (the per-school
 * sums of k and m were formed in slot order), so the record does not depend
 * on threads. Barrier prevalence is the expected share reporting: the mean
 * over principals of their report probabilities (ODD 5). A group without
 * schools (or teachers) records 0. */
#include <string.h>
#include "models/model_impl.h"
#include "models/principal.h"

#define MAX_GROUPS (1 + BILIM_N_LOCALITIES + BILIM_MAX_REGIONS)

typedef struct obs_acc {
    int64_t trial[MAX_GROUPS][BILIM_MAX_INNOVATIONS];
    int64_t routine[MAX_GROUPS][BILIM_MAX_INNOVATIONS];
    int64_t teachers[MAX_GROUPS];
    int64_t schools[MAX_GROUPS];
    int64_t band[MAX_GROUPS][BILIM_N_BANDS];
    double barrier[MAX_GROUPS][BILIM_N_BARRIERS];   /* sums of report probabilities */
    double school_sum[MAX_GROUPS][BILIM_N_STATE_VARS]; /* K, S, O, -, -, R over schools */
    double teacher_sum[MAX_GROUPS][2];                 /* k, m over teachers */
} obs_acc;

static void accumulate(const bilim_model *M, obs_acc *acc, int ng)
{
    const bilim_agents *a = &M->a;
    const bilim_params *p = &M->sc.params;
    const int32_t J = a->n_innov;
    const int32_t *tr = a->n_trial[a->cur], *ro = a->n_routine[a->cur];
    memset(acc, 0, sizeof *acc);
    for (int32_t s = 0; s < a->n_schools; s++) {
        int groups[3] = {0, 1 + a->locality[s], 1 + BILIM_N_LOCALITIES + a->region[s]};
        double rho = bilim_agents_rho(a, s);
        int band = bilim_principal_band(p, rho);
        double bar[BILIM_N_BARRIERS];
        bilim_principal_barrier_probs(p, a->K[s], a->S[s], a->R[s], a->sum_m[s] / bilim_agents_filled(a, s),
                                      bar);
        for (int gi = 0; gi < 3; gi++) {
            int g = groups[gi];
            if (g >= ng)
                continue;
            for (int32_t j = 0; j < J; j++) {
                acc->trial[g][j] += tr[(size_t)s * J + j];
                acc->routine[g][j] += ro[(size_t)s * J + j];
            }
            acc->teachers[g] += a->n_filled[s];
            acc->schools[g]++;
            acc->band[g][band]++;
            for (int b = 0; b < BILIM_N_BARRIERS; b++)
                acc->barrier[g][b] += bar[b];
            acc->school_sum[g][BILIM_VAR_K] += a->K[s];
            acc->school_sum[g][BILIM_VAR_S] += a->S[s];
            acc->school_sum[g][BILIM_VAR_O] += a->O[s];
            acc->school_sum[g][BILIM_VAR_R] += a->R[s];
            acc->teacher_sum[g][0] += a->sum_k[s];
            acc->teacher_sum[g][1] += a->sum_m[s];
        }
    }
}

static double ratio(double x, int64_t n)
{
    return n > 0 ? x / (double)n : 0.0;
}

/* The value of metric `kind` (0 routine, 1 trial, 2 band, 3 barrier,
 * 4 mean state) for group g and element i. */
static double value(const obs_acc *acc, int kind, int g, int32_t i)
{
    switch (kind) {
    case 0: return ratio((double)acc->routine[g][i], acc->teachers[g]);
    case 1: return ratio((double)acc->trial[g][i], acc->teachers[g]);
    case 2: return ratio((double)acc->band[g][i], acc->schools[g]);
    case 3: return ratio(acc->barrier[g][i], acc->schools[g]);
    default:
        if (i == BILIM_VAR_k)
            return ratio(acc->teacher_sum[g][0], acc->teachers[g]);
        if (i == BILIM_VAR_m)
            return ratio(acc->teacher_sum[g][1], acc->teachers[g]);
        return ratio(acc->school_sum[g][i], acc->schools[g]);
    }
}

/* Which accumulator each grouped metric reads: kind as in value(), grouping
 * 0 whole population, 1 by locality, 2 by region. */
static const struct {
    bilim_metric_id id;
    int kind;
    int grouping;
} metric_map[] = {
    {BILIM_M_ADOPTION_ROUTINE, 0, 0},
    {BILIM_M_ADOPTION_TRIAL, 1, 0},
    {BILIM_M_READINESS_BAND_SHARE, 2, 0},
    {BILIM_M_BARRIER_PREVALENCE, 3, 0},
    {BILIM_M_MEAN_STATE, 4, 0},
    {BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, 0, 1},
    {BILIM_M_ADOPTION_TRIAL_BY_LOCALITY, 1, 1},
    {BILIM_M_READINESS_BAND_SHARE_BY_LOCALITY, 2, 1},
    {BILIM_M_BARRIER_PREVALENCE_BY_LOCALITY, 3, 1},
    {BILIM_M_MEAN_STATE_BY_LOCALITY, 4, 1},
    {BILIM_M_ADOPTION_ROUTINE_BY_REGION, 0, 2},
    {BILIM_M_ADOPTION_TRIAL_BY_REGION, 1, 2},
    {BILIM_M_READINESS_BAND_SHARE_BY_REGION, 2, 2},
    {BILIM_M_BARRIER_PREVALENCE_BY_REGION, 3, 2},
    {BILIM_M_MEAN_STATE_BY_REGION, 4, 2},
};

void bilim_model_observe(const bilim_model *M, const bilim_obs_layout *L, double *record)
{
    obs_acc acc;
    int ng = 1 + BILIM_N_LOCALITIES + M->sc.population.n_regions;
    accumulate(M, &acc, ng);
    memset(record, 0, L->record_size * sizeof *record);
    for (size_t k = 0; k < sizeof metric_map / sizeof metric_map[0]; k++) {
        const bilim_metric *mt = &L->metrics[metric_map[k].id];
        if (!mt->present)
            continue;
        for (int32_t i = 0; i < mt->dims[0]; i++) {
            if (metric_map[k].grouping == 0) {
                record[mt->offset + (size_t)i] = value(&acc, metric_map[k].kind, 0, i);
                continue;
            }
            int base = metric_map[k].grouping == 1 ? 1 : 1 + BILIM_N_LOCALITIES;
            for (int32_t j = 0; j < mt->dims[1]; j++)
                record[mt->offset + (size_t)i * (size_t)mt->dims[1] + (size_t)j] =
                    value(&acc, metric_map[k].kind, base + j, i);
        }
    }
    const bilim_metric *cost = &L->metrics[BILIM_M_COST_KZT_CUMULATIVE];
    const bilim_metric *units = &L->metrics[BILIM_M_UNITS_CUMULATIVE];
    for (int32_t i = 0; i < M->sc.n_interventions; i++) {
        if (cost->present && i < cost->dims[0])
            record[cost->offset + (size_t)i] = M->iv[i].spent;
        if (units->present && i < units->dims[0])
            record[units->offset + (size_t)i] = (double)M->iv[i].units;
    }
}
