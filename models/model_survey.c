/* models/model_survey.c: the virtual survey of principals (ODD 7.5).
 *
 * n principals without replacement: round(n * rural_share) rural (the
 * population's share when rural_share < 0), capped by the rural schools
 * there are, and the rest urban, capped likewise. Each locality is sampled
 * by selection sampling (Knuth's algorithm S) over its schools in index
 * order: school i of the N left is taken with probability needed / left, so
 * exactly `needed` are drawn, each subset equally likely. Uniform i comes
 * from stream (SURVEY, 2 * survey_index + locality, month), block i / 4.
 * A surveyed principal of school s reports barrier b when a uniform is
 * below the report probability (ODD 5): 32-bit uniform 0 (knowledge), 1
 * (motivation), 2 (material base) or 3 (both items on S: organizing staff
 * and managerial skills share it, so a principal reporting the severe one
 * reports the milder one too) of block 0 of stream (SURVEY_REPORT,
 * survey_index * 2^32 + s, month). The dynamics never use these
 * streams, so surveying never changes a trajectory. */
#include <math.h>
#include "models/model_impl.h"
#include "models/principal.h"

static void sample_locality(const bilim_model *M, int loc, int32_t needed, int32_t survey_index,
                            bilim_survey *out)
{
    const bilim_agents *a = &M->a;
    const bilim_params *p = &M->sc.params;
    int32_t left = M->n_loc[loc];
    uint64_t w[4];
    for (int32_t i = 0; i < M->n_loc[loc] && needed > 0; i++, left--) {
        if (i % 4 == 0)
            bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_SURVEY,
                            2 * (uint64_t)survey_index + (uint64_t)loc, (uint32_t)M->month,
                            (uint32_t)(i / 4), w);
        if (!(bilim_rng_u01(w[i % 4]) * (double)left < (double)needed))
            continue;
        needed--;
        int32_t s = M->loc_schools[loc][i];
        out->band[bilim_principal_band(p, bilim_agents_rho(a, s))]++;
        double prob[BILIM_N_BARRIERS];
        bilim_principal_barrier_probs(p, a->K[s], a->S[s], a->R[s], a->sum_m[s] / bilim_agents_filled(a, s),
                                      prob);
        uint64_t r[4];
        bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_SURVEY_REPORT,
                        ((uint64_t)survey_index << 32) | (uint64_t)s, (uint32_t)M->month, 0, r);
        static const int uniform_of[BILIM_N_BARRIERS] = {0, 1, 2, 3, 3};
        for (int b = 0; b < BILIM_N_BARRIERS; b++) {
            const int ui = uniform_of[b];
            out->barrier[b] += bilim__model_u32(r[ui >> 1], ui & 1) < prob[b];
        }
    }
}

void bilim_model_survey(const bilim_model *M, int32_t n, double rural_share,
                        int32_t survey_index, bilim_survey *out)
{
    *out = (bilim_survey){0};
    out->month = M->month - M->history;
    if (n < 0)
        n = 0;
    const int32_t nu = M->n_loc[BILIM_URBAN], nr = M->n_loc[BILIM_RURAL];
    double share = rural_share < 0.0 ? (double)nr / (double)(nu + nr) : rural_share;
    if (share > 1.0)
        share = 1.0;
    int32_t want_r = (int32_t)lround((double)n * share);
    if (want_r > nr)
        want_r = nr;
    int32_t want_u = n - want_r;
    if (want_u > nu)
        want_u = nu;
    out->n = want_u + want_r;
    out->n_rural = want_r;
    sample_locality(M, BILIM_URBAN, want_u, survey_index, out);
    sample_locality(M, BILIM_RURAL, want_r, survey_index, out);
}

/* Whether teacher slot t says yes to item. */
static int teacher_yes(const bilim_agents *a, int64_t t, const bilim_teacher_item *item)
{
    switch (item->quantity) {
    case BILIM_TQ_USE:
        return a->use[t * a->n_innov + item->innovation] != BILIM_USE_NONE;
    case BILIM_TQ_ROUTINE:
        return a->use[t * a->n_innov + item->innovation] == BILIM_USE_ROUTINE;
    case BILIM_TQ_KNOWLEDGE:
    case BILIM_N_TQ:
        break;
    }
    return a->k[t] >= item->threshold;
}

/* Up to per_school teachers in post of school s, by selection sampling
 * over its filled slots. */
static void sample_teachers(const bilim_model *M, int32_t s, int32_t per_school,
                            const bilim_teacher_item *item, int32_t survey_index,
                            int32_t *yes, int32_t *asked)
{
    const bilim_agents *a = &M->a;
    int32_t left = a->n_filled[s], needed = per_school < left ? per_school : left;
    uint64_t w[4];
    int64_t i = 0;
    for (int64_t t = a->t_off[s]; t < a->t_off[s + 1] && needed > 0; t++) {
        if (a->vacant[t])
            continue;
        if (i % 4 == 0)
            bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_SURVEY,
                            (2ull << 40) + ((uint64_t)survey_index << 32) + (uint64_t)s,
                            (uint32_t)M->month, (uint32_t)(i / 4), w);
        int take = bilim_rng_u01(w[i % 4]) * (double)left < (double)needed;
        i++;
        left--;
        if (!take)
            continue;
        needed--;
        (*asked)++;
        *yes += teacher_yes(a, t, item);
    }
}

void bilim_model_survey_teachers(const bilim_model *M, int32_t schools, int32_t per_school,
                                 const bilim_teacher_item *item, int32_t survey_index,
                                 int32_t *yes, int32_t *asked)
{
    *yes = *asked = 0;
    const int32_t n = M->a.n_schools;
    int32_t needed = schools < n ? schools : n, left = n;
    uint64_t w[4];
    for (int32_t s = 0; s < n && needed > 0; s++, left--) {
        if (s % 4 == 0)
            bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_SURVEY,
                            (1ull << 40) + (uint64_t)survey_index, (uint32_t)M->month,
                            (uint32_t)(s / 4), w);
        if (!(bilim_rng_u01(w[s % 4]) * (double)left < (double)needed))
            continue;
        needed--;
        sample_teachers(M, s, per_school, item, survey_index, yes, asked);
    }
}
