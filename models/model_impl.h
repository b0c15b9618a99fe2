/* models/model_impl.h: the model's private layout, shared by the files of
 * models/ that implement model.h (model.c, model_step.c, model_observe.c,
 * model_survey.c, interventions.c). Internal names: bilim__model_*. */
#ifndef BILIM_MODEL_IMPL_H
#define BILIM_MODEL_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "base/rng.h"
#include "models/agents.h"
#include "models/diffusion.h"
#include "models/interventions.h"
#include "models/model.h"
#include "models/targeting.h"
#include "models/teacher.h"

struct bilim_model {
    bilim_scenario sc;           /* private copy */
    uint32_t replicate;
    int32_t month;               /* current month of the model's clock (history included) */
    int32_t history;             /* months of history before the scenario's month 0 */
    bilim_agents a;
    bilim_effects fx;            /* this month's intervention effects */
    bilim_iv_state iv[BILIM_MAX_INTERVENTIONS];
    double *cl_share;            /* [cluster * J] routine share at the start of the month */
    int32_t *cl_trained;         /* [cluster] principals trained in post, start of the month */
    uint8_t *p_leaves;           /* [school] 1 = the principal leaves this month */
    int32_t n_loc[BILIM_N_LOCALITIES];  /* schools per locality */
    int32_t *loc_schools[BILIM_N_LOCALITIES]; /* their indices, ascending */
    bilim_target_key *ws_keys;   /* [school] targeting workspace */
    uint8_t *ws_band;            /* [school] */
    double *ws_need;             /* [school] */
    int n_rng;                   /* per-thread generators for new hires */
    bilim_rng **rng;
    double p_leave;              /* a teacher's monthly probability of leaving (wage 1) */
    double wage_term;            /* gamma_wage ln(rel) at wage 1: 0 unless the wages differ from the reference */
    double p_leave_P;            /* a principal's monthly probability of leaving */
    double novice_S_mean[BILIM_N_LOCALITIES];  /* successors' S: Beta mean ... */
    double novice_S_kappa[BILIM_N_LOCALITIES]; /* ... and concentration (ODD 7.1) */
    bilim_gate_innov gate_in[BILIM_MAX_INNOVATIONS];  /* the gate's constants per innovation */
    size_t bytes;                /* heap bytes held */
};

/* Uniforms of one teacher-month, 32 bits each: uniform 0 decides turnover,
 * uniform 1 + j the use transition of innovation j. Block b of stream
 * (USE, slot, month) gives uniforms 8b .. 8b + 7 (low then high half of
 * each of its four words). */
#define BILIM_TEACHER_BLOCKS(J) (((J) + 1 + 7) / 8)

static inline double bilim__model_u32(uint64_t w, int half)
{
    return ((double)(uint32_t)(w >> (32 * half)) + 0.5) * (1.0 / 4294967296.0);
}

static inline void bilim__model_teacher_words(const bilim_model *M, int64_t slot, int nblocks,
                                             uint64_t *w)
{
    for (int b = 0; b < nblocks; b++)
        bilim_rng_block(M->sc.seed, M->replicate, BILIM_PURPOSE_USE, (uint64_t)slot,
                        (uint32_t)M->month, (uint32_t)b, w + 4 * b);
}

/* A teacher's monthly probability of leaving school s this month: the
 * model's, or with a salary change there its own (ODD 7.1). */
static inline double bilim__model_p_leave(const bilim_model *M, int32_t s)
{
    const double w = M->fx.wage[s];
    return w == 1.0 ? M->p_leave : bilim_teacher_leave_prob_wage(&M->sc.params, w);
}

/* Serial phase before the school loop: cluster routine shares C_sj and
 * counts of trained principals. */
void bilim__model_cluster_shares(bilim_model *M);

/* Serial phase: which principals leave this month (p_leaves). School s's
 * uniform is the 32-bit uniform s mod 8 of block 0 of stream (TURNOVER,
 * s / 8, month). */
void bilim__model_principal_leavers(bilim_model *M);

#endif
