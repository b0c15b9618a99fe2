/* models/model.c: lifecycle of one replicate (model.h): allocation,
 * population, accessors. The monthly step is in model_step.c, observation
 * in model_observe.c, the virtual survey in model_survey.c. */
#include "models/model_impl.h"

#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "base/alloc.h"
#include "models/population.h"
#include "models/principal.h"
#include "models/teacher.h"

static int check_scenario(const bilim_scenario *sc, int32_t replicate, bilim_error *err)
{
    if (replicate < 0)
        return bilim_error_set(err, BILIM_EINVAL, "replicate %d: must be >= 0", replicate);
    if (sc->months < 0 || sc->months > BILIM_MAX_MONTHS)
        return bilim_error_set(err, BILIM_EINVAL, "months %d: expected 0 to %d", sc->months,
                               BILIM_MAX_MONTHS);
    if (sc->n_interventions < 0 || sc->n_interventions > BILIM_MAX_INTERVENTIONS)
        return bilim_error_set(err, BILIM_EINVAL, "interventions: %d; expected 0 to %d",
                               sc->n_interventions, BILIM_MAX_INTERVENTIONS);
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        const bilim_intervention *iv = &sc->interventions[i];
        if (iv->type < 0 || iv->type >= BILIM_N_IV_TYPES)
            return bilim_error_set(err, BILIM_EINVAL, "interventions[%d]: unknown type %d", i,
                                   (int)iv->type);
        if (iv->duration_months < 1 || iv->start_month < 0)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "interventions[%d] (%s): start_month %d, duration_months %d; "
                                   "start must be >= 0 and duration >= 1",
                                   i, iv->name, iv->start_month, iv->duration_months);
        if (!bilim_interventions_budget_buys_a_unit(iv, sc))
            return bilim_error_set(err, BILIM_EINVAL,
                                   "interventions[%d] (%s): budget_kzt %g is below the cost of one "
                                   "unit (%g KZT); raise the budget or set it to 0 (no cap)",
                                   i, iv->name, iv->budget_kzt,
                                   bilim_interventions_unit_cost(iv, sc, NULL, 0));
        if (iv->type == BILIM_IV_UNIVERSITY_PARTNERSHIP && iv->u.partnership.universities < 1)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "interventions[%d] (%s): universities must be >= 1", i,
                                   iv->name);
    }
    const int32_t h = bilim_scenario_history_months(sc);
    if (h < 0 || h > BILIM_MAX_HISTORY || sc->months > BILIM_MAX_MONTHS - h)
        return bilim_error_set(err, BILIM_EINVAL, "history of %d months before a horizon of %d: "
                               "expected 0 to %d months, and at most %d months in all", h,
                               sc->months, BILIM_MAX_HISTORY, BILIM_MAX_MONTHS);
    char msg[256];
    if (bilim_params_check(&sc->params, msg, sizeof msg))
        return bilim_error_set(err, BILIM_EINVAL, "parameters: %s", msg);
    return BILIM_OK;
}

#define ALLOC(ptr, n) \
    do { \
        (ptr) = bilim_agents_calloc(&M->bytes, (size_t)(n), sizeof *(ptr)); \
        if (!(ptr)) \
            goto nomem; \
    } while (0)

static void init_school_teachers(bilim_model *M, int32_t s, double Ms, bilim_rng *r)
{
    bilim_agents *a = &M->a;
    bilim_population_init_teachers(a, &M->sc, M->replicate, s, Ms, r);
    bilim_population_count(a, s, a->cur);
    bilim_population_set_reference(a, s, a->cur);
}

/* Draws schools, principals and teachers (teachers in parallel over schools). */
static int init_states(bilim_model *M, bilim_error *err)
{
    bilim_agents *a = &M->a;
    double *Ms = bilim_malloc((size_t)a->n_schools * sizeof *Ms);
    if (!Ms)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory drawing initial states");
    for (int32_t s = 0; s < a->n_schools; s++)
        Ms[s] = bilim_population_init_school(a, &M->sc, M->replicate, s, M->rng[0]);
    /* Inside any OpenMP region, even a team of one (which omp_in_parallel
     * does not count), the model stays on its caller's thread: a caller on
     * --threads 1 would otherwise get a nested team of every core. One
     * thread: a plain loop, no team at all. */
    int nth = omp_get_level() > 0 ? 1 : M->n_rng;
    if (nth == 1) {
        for (int32_t s = 0; s < a->n_schools; s++)
            init_school_teachers(M, s, Ms[s], M->rng[0]);
    } else {
#pragma omp parallel for schedule(dynamic, 16) num_threads(nth)
        for (int32_t s = 0; s < a->n_schools; s++)
            init_school_teachers(M, s, Ms[s], M->rng[omp_get_thread_num()]);
    }
    bilim_free(Ms);
    return BILIM_OK;
}

/* A history of h months (ODD 2): the model's own clock starts h months
 * before the scenario's month 0. Business-as-usual programmes run through
 * it (from the clock's 0, h months longer); no other intervention acts
 * before its calendar start (h months later on this clock). */
static void set_history(bilim_model *M)
{
    const int32_t h = bilim_scenario_history_months(&M->sc);
    M->history = h;
    if (h == 0)
        return;
    M->sc.start_year = M->sc.history_from / 12;  /* the calendar of the clock */
    M->sc.start_calendar_month = M->sc.history_from % 12 + 1;
    M->sc.months += h;
    for (int32_t i = 0; i < M->sc.n_interventions; i++) {
        bilim_intervention *iv = &M->sc.interventions[i];
        if (iv->business_as_usual && iv->start_month == 0)
            iv->duration_months += h;
        else
            iv->start_month += h;
    }
}

/* Runs the history: the state at the scenario's month 0. */
static int run_history(bilim_model *M, bilim_error *err)
{
    int rc = BILIM_OK;
    while (!rc && M->month < M->history)
        rc = bilim_model_step(M, err);
    return rc;
}

int bilim_model_alloc(const bilim_scenario *sc, int32_t replicate, bilim_model **out,
                      bilim_error *err)
{
    *out = NULL;
    int rc = check_scenario(sc, replicate, err);
    if (rc)
        return rc;
    bilim_model *M = bilim_calloc(1, sizeof *M);
    if (!M)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory allocating a model");
    M->bytes = sizeof *M;
    M->sc = *sc;
    M->replicate = (uint32_t)replicate;
    M->month = 0;
    set_history(M);
    M->n_rng = omp_get_max_threads();
    if (M->n_rng < 1)
        M->n_rng = 1;
    ALLOC(M->rng, M->n_rng);
    for (int i = 0; i < M->n_rng; i++) {
        M->rng[i] = bilim_rng_alloc();
        if (!M->rng[i])
            goto nomem;
        M->bytes += 64;  /* a gsl_rng and its Philox state, roughly */
    }
    rc = bilim_population_build(&M->a, &M->sc, M->replicate, M->rng[0], &M->bytes, err);
    if (rc) {
        bilim_model_free(M);
        return rc;
    }
    bilim_agents *a = &M->a;
    const int32_t n = a->n_schools, J = a->n_innov;
    ALLOC(M->cl_share, (size_t)a->n_clusters * (size_t)J);
    ALLOC(M->cl_trained, a->n_clusters);
    ALLOC(M->p_leaves, n);
    for (int l = 0; l < BILIM_N_LOCALITIES; l++) {
        M->n_loc[l] = 0;
        for (int32_t s = 0; s < n; s++)
            M->n_loc[l] += a->locality[s] == l;
        ALLOC(M->loc_schools[l], M->n_loc[l]);
        int32_t k = 0;
        for (int32_t s = 0; s < n; s++)
            if (a->locality[s] == l)
                M->loc_schools[l][k++] = s;
    }
    ALLOC(M->ws_keys, n);
    ALLOC(M->ws_band, n);
    ALLOC(M->ws_need, n);
    bilim_effects *fx = &M->fx;
    ALLOC(fx->Tp, n);
    ALLOC(fx->QP, n);
    ALLOC(fx->H, n);
    ALLOC(fx->W, n);
    ALLOC(fx->D, n);
    ALLOC(fx->B, n);
    ALLOC(fx->F, n);
    ALLOC(fx->univ, n);
    ALLOC(fx->hub, n);
    ALLOC(fx->pipe_quota, n);
    ALLOC(fx->pipe_k, n);
    ALLOC(fx->pipe_dm, n);
    ALLOC(fx->Pj, n);
    ALLOC(fx->Pr, n);
    ALLOC(fx->fill_boost, n);
    ALLOC(fx->wage, n);
    for (int32_t s = 0; s < n; s++) {
        fx->univ[s] = -1;
        fx->wage[s] = 1.0;
    }
    if (bilim_interventions_init(M))
        goto nomem;
    const bilim_params *p = &M->sc.params;
    M->p_leave = bilim_teacher_leave_prob(p);
    M->wage_term = bilim_teacher_wage_term(p, 1.0);
    M->p_leave_P = bilim_principal_leave_prob(p);
    bilim_principal_novice(p, M->p_leave_P, p->init_S_mean_urban, p->init_S_kappa,
                           &M->novice_S_mean[BILIM_URBAN], &M->novice_S_kappa[BILIM_URBAN]);
    bilim_principal_novice(p, M->p_leave_P, p->init_S_mean_rural, p->init_S_kappa,
                           &M->novice_S_mean[BILIM_RURAL], &M->novice_S_kappa[BILIM_RURAL]);
    for (int32_t j = 0; j < J; j++)
        bilim_diffusion_gate_innov(p, M->sc.innovations[j].complexity, &M->gate_in[j]);
    rc = init_states(M, err);
    if (!rc)
        rc = run_history(M, err);
    if (rc) {
        bilim_model_free(M);
        return rc;
    }
    *out = M;
    return BILIM_OK;
nomem:
    bilim_model_free(M);
    return bilim_error_set(err, BILIM_ENOMEM, "out of memory allocating the model of scenario '%s'",
                           sc->name);
}

void bilim_model_free(bilim_model *M)
{
    if (!M)
        return;
    bilim_agents_clear(&M->a);
    bilim_interventions_clear(M);
    bilim_free(M->cl_share);
    bilim_free(M->cl_trained);
    bilim_free(M->p_leaves);
    for (int l = 0; l < BILIM_N_LOCALITIES; l++)
        bilim_free(M->loc_schools[l]);
    bilim_free(M->ws_keys);
    bilim_free(M->ws_band);
    bilim_free(M->ws_need);
    bilim_effects *fx = &M->fx;
    bilim_free(fx->Tp);
    bilim_free(fx->QP);
    bilim_free(fx->H);
    bilim_free(fx->W);
    bilim_free(fx->D);
    bilim_free(fx->B);
    bilim_free(fx->F);
    bilim_free(fx->univ);
    bilim_free(fx->hub);
    bilim_free(fx->pipe_quota);
    bilim_free(fx->pipe_k);
    bilim_free(fx->pipe_dm);
    bilim_free(fx->Pj);
    bilim_free(fx->Pr);
    bilim_free(fx->fill_boost);
    bilim_free(fx->wage);
    if (M->rng)
        for (int i = 0; i < M->n_rng; i++)
            bilim_rng_free(M->rng[i]);
    bilim_free(M->rng);
    bilim_free(M);
}

int32_t bilim_model_month(const bilim_model *M)
{
    return M->month - M->history;
}

int32_t bilim_model_schools(const bilim_model *M)
{
    return M->a.n_schools;
}

int64_t bilim_model_teachers(const bilim_model *M)
{
    return M->a.n_teachers;
}

size_t bilim_model_bytes(const bilim_model *M)
{
    return M->bytes;
}
