/* models/model_state.c: the state descriptor of a model (model_state.h).
 * Every array the model allocates is listed here; the test of
 * bilim_model_state_unlisted_bytes fails when one is added elsewhere and
 * not here. */
#include "models/model_state.h"

#include <stdio.h>
#include <string.h>
#include "models/model_impl.h"

typedef struct lister {
    bilim_state_item *items;
    int max, n;
    size_t heap_bytes; /* as bilim_agents_calloc counts them (an empty array takes one element) */
} lister;

static void add(lister *L, const char *name, bilim_state_type type, size_t elem_size,
                size_t count, void *data, int heap)
{
    if (L->n < L->max) {
        bilim_state_item *it = &L->items[L->n];
        snprintf(it->name, sizeof it->name, "%s", name);
        it->type = type;
        it->elem_size = elem_size;
        it->count = count;
        it->data = data;
        it->heap = heap;
    }
    L->n++;
    if (heap)
        L->heap_bytes += (count ? count : 1) * elem_size;
}

/* Arrays by element type; NULL arrays (an intervention type without them)
 * are not part of the state. */
#define ARR(L, name, type, ptr, count) \
    do { \
        if (ptr) \
            add(L, name, type, sizeof *(ptr), (size_t)(count), (ptr), 1); \
    } while (0)
#define SCALAR(L, name, type, ptr) add(L, name, type, sizeof *(ptr), 1, (ptr), 0)

static void list_agents(lister *L, bilim_agents *a)
{
    const size_t n = (size_t)a->n_schools, T = (size_t)a->n_teachers;
    const size_t J = (size_t)a->n_innov;
    SCALAR(L, "agents.cur", BILIM_STATE_I32, &a->cur);
    ARR(L, "agents.region", BILIM_STATE_I32, a->region, n);
    ARR(L, "agents.locality", BILIM_STATE_U8, a->locality, n);
    ARR(L, "agents.small", BILIM_STATE_U8, a->small, n);
    ARR(L, "agents.n_teach", BILIM_STATE_I32, a->n_teach, n);
    ARR(L, "agents.t_off", BILIM_STATE_I64, a->t_off, n + 1);
    ARR(L, "agents.cluster", BILIM_STATE_I32, a->cluster, n);
    ARR(L, "agents.cl_start", BILIM_STATE_I32, a->cl_start, (size_t)a->n_clusters + 1);
    ARR(L, "agents.R", BILIM_STATE_F64, a->R, n);
    ARR(L, "agents.R0", BILIM_STATE_F64, a->R0, n);
    ARR(L, "agents.L0", BILIM_STATE_F64, a->L0, n);
    ARR(L, "agents.A0", BILIM_STATE_F64, a->A0, n);
    ARR(L, "agents.M0", BILIM_STATE_F64, a->M0, n);
    ARR(L, "agents.K", BILIM_STATE_F64, a->K, n);
    ARR(L, "agents.S", BILIM_STATE_F64, a->S, n);
    ARR(L, "agents.O", BILIM_STATE_F64, a->O, n);
    ARR(L, "agents.O0", BILIM_STATE_F64, a->O0, n);
    ARR(L, "agents.age_group", BILIM_STATE_U8, a->age_group, n);
    ARR(L, "agents.female", BILIM_STATE_U8, a->female, n);
    ARR(L, "agents.trained", BILIM_STATE_U8, a->trained, n);
    ARR(L, "agents.p_since", BILIM_STATE_I32, a->p_since, n);
    ARR(L, "agents.k", BILIM_STATE_F32, a->k, T);
    ARR(L, "agents.m", BILIM_STATE_F32, a->m, T);
    ARR(L, "agents.m0", BILIM_STATE_F32, a->m0, T);
    ARR(L, "agents.use", BILIM_STATE_U8, a->use, T * J);
    ARR(L, "agents.vacant", BILIM_STATE_U8, a->vacant, T);
    ARR(L, "agents.entered", BILIM_STATE_U16, a->entered, T * J);
    ARR(L, "agents.n_trial0", BILIM_STATE_I32, a->n_trial[0], n * J);
    ARR(L, "agents.n_trial1", BILIM_STATE_I32, a->n_trial[1], n * J);
    ARR(L, "agents.n_routine0", BILIM_STATE_I32, a->n_routine[0], n * J);
    ARR(L, "agents.n_routine1", BILIM_STATE_I32, a->n_routine[1], n * J);
    ARR(L, "agents.n_any_routine0", BILIM_STATE_I32, a->n_any_routine[0], n);
    ARR(L, "agents.n_any_routine1", BILIM_STATE_I32, a->n_any_routine[1], n);
    ARR(L, "agents.sum_k", BILIM_STATE_F64, a->sum_k, n);
    ARR(L, "agents.sum_m", BILIM_STATE_F64, a->sum_m, n);
    ARR(L, "agents.n_filled", BILIM_STATE_I32, a->n_filled, n);
}

/* This month's effects. The conditional incentives' pointers (cond_quota,
 * cond_reached) and their count are rebuilt by every step before use. */
static void list_effects(lister *L, bilim_effects *fx, size_t n)
{
    ARR(L, "fx.Tp", BILIM_STATE_F64, fx->Tp, n);
    ARR(L, "fx.QP", BILIM_STATE_F64, fx->QP, n);
    ARR(L, "fx.H", BILIM_STATE_F64, fx->H, n);
    ARR(L, "fx.W", BILIM_STATE_F64, fx->W, n);
    ARR(L, "fx.D", BILIM_STATE_F64, fx->D, n);
    ARR(L, "fx.B", BILIM_STATE_F64, fx->B, n);
    ARR(L, "fx.F", BILIM_STATE_F64, fx->F, n);
    ARR(L, "fx.univ", BILIM_STATE_I32, fx->univ, n);
    ARR(L, "fx.hub", BILIM_STATE_U8, fx->hub, n);
    ARR(L, "fx.pipe_quota", BILIM_STATE_I32, fx->pipe_quota, n);
    ARR(L, "fx.pipe_k", BILIM_STATE_F64, fx->pipe_k, n);
    ARR(L, "fx.pipe_dm", BILIM_STATE_F64, fx->pipe_dm, n);
    ARR(L, "fx.Pj", BILIM_STATE_F64, fx->Pj, n);
    ARR(L, "fx.Pr", BILIM_STATE_F64, fx->Pr, n);
    ARR(L, "fx.fill_boost", BILIM_STATE_F64, fx->fill_boost, n);
    ARR(L, "fx.wage", BILIM_STATE_F64, fx->wage, n);
}

static void list_intervention(lister *L, int32_t i, bilim_iv_state *st, size_t n)
{
    char name[BILIM_STATE_NAME_MAX];
#define IV_NAME(field) (snprintf(name, sizeof name, "iv%d." field, (int)i), name)
    SCALAR(L, IV_NAME("started"), BILIM_STATE_I32, &st->started);
    SCALAR(L, IV_NAME("stopped"), BILIM_STATE_I32, &st->stopped);
    SCALAR(L, IV_NAME("n_targets"), BILIM_STATE_I32, &st->n_targets);
    SCALAR(L, IV_NAME("pos"), BILIM_STATE_I32, &st->pos);
    SCALAR(L, IV_NAME("committed"), BILIM_STATE_F64, &st->committed);
    SCALAR(L, IV_NAME("spent"), BILIM_STATE_F64, &st->spent);
    SCALAR(L, IV_NAME("units"), BILIM_STATE_I64, &st->units);
    SCALAR(L, IV_NAME("n_part"), BILIM_STATE_I64, &st->n_part);
    ARR(L, IV_NAME("targets"), BILIM_STATE_I32, st->targets, n);
    ARR(L, IV_NAME("enrol"), BILIM_STATE_I32, st->enrol, n);
    ARR(L, IV_NAME("end"), BILIM_STATE_I32, st->end, n);
    ARR(L, IV_NAME("plc_end"), BILIM_STATE_I32, st->plc_end, n);
    ARR(L, IV_NAME("univ"), BILIM_STATE_I32, st->univ, n);
    ARR(L, IV_NAME("quota"), BILIM_STATE_I32, st->quota, n);
    ARR(L, IV_NAME("reached"), BILIM_STATE_U8, st->reached, n);
    ARR(L, IV_NAME("grant"), BILIM_STATE_F64, st->grant, n);
    ARR(L, IV_NAME("qual"), BILIM_STATE_F64, st->qual, n);
    ARR(L, IV_NAME("host"), BILIM_STATE_I32, st->host, n);
    ARR(L, IV_NAME("n_served"), BILIM_STATE_I32, st->n_served, n);
#undef IV_NAME
}

static void list_all(bilim_model *M, lister *L)
{
    const size_t n = (size_t)M->a.n_schools;
    SCALAR(L, "month", BILIM_STATE_I32, &M->month);
    list_agents(L, &M->a);
    list_effects(L, &M->fx, n);
    for (int32_t i = 0; i < M->sc.n_interventions; i++)
        list_intervention(L, i, &M->iv[i], n);
    /* Work arrays, rewritten before they are read in a step; listed so that
     * the list is the whole heap and a restored model is the saved one. */
    ARR(L, "cl_share", BILIM_STATE_F64, M->cl_share,
        (size_t)M->a.n_clusters * (size_t)M->a.n_innov);
    ARR(L, "cl_trained", BILIM_STATE_I32, M->cl_trained, M->a.n_clusters);
    ARR(L, "p_leaves", BILIM_STATE_U8, M->p_leaves, n);
    for (int l = 0; l < BILIM_N_LOCALITIES; l++) {
        char name[BILIM_STATE_NAME_MAX];
        snprintf(name, sizeof name, "loc_schools%d", l);
        ARR(L, name, BILIM_STATE_I32, M->loc_schools[l], M->n_loc[l]);
    }
    ARR(L, "ws_keys", BILIM_STATE_RAW, M->ws_keys, n);
    ARR(L, "ws_band", BILIM_STATE_U8, M->ws_band, n);
    ARR(L, "ws_need", BILIM_STATE_F64, M->ws_need, n);
}

int bilim_model_state_items(bilim_model *M, bilim_state_item *items, int max)
{
    lister L = {items, max, 0, 0};
    list_all(M, &L);
    return L.n;
}

int64_t bilim_model_state_unlisted_bytes(const bilim_model *M)
{
    lister L = {NULL, 0, 0, 0};
    list_all((bilim_model *)M, &L); /* with no items nothing is written */
    size_t own = sizeof *M + (size_t)M->n_rng * (sizeof *M->rng + 64);
    return (int64_t)M->bytes - (int64_t)own - (int64_t)L.heap_bytes;
}
