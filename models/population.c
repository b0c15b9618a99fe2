/* models/population.c: population synthesis (ODD 5); see population.h. */
#include "models/population.h"

#include <math.h>
#include <gsl/gsl_randist.h>
#include "models/principal.h"
#include "models/teacher.h"

/* Teachers of one school: lognormal with mean `mean` and log-sd `sigma`
 * (log-mean ln(mean) - sigma^2 / 2, so the mean is `mean`), rounded. */
static int32_t draw_teachers(const bilim_population *pop, int cls, bilim_rng *rng)
{
    double sigma = pop->teachers_sigma[cls];
    double z = gsl_ran_gaussian(bilim_rng_gsl(rng), 1.0);
    double x = pop->teachers_mean[cls] * exp(sigma * z - 0.5 * sigma * sigma);
    int32_t lo = pop->teachers_min > 1 ? pop->teachers_min : 1;
    if (!(x < (double)BILIM_TEACHERS_MAX))
        return BILIM_TEACHERS_MAX;
    int32_t n = (int32_t)lround(x);
    return n < lo ? lo : n;
}

static int check_population(const bilim_scenario *sc, bilim_error *err)
{
    const bilim_population *pop = &sc->population;
    if (pop->n_regions < 1 || pop->n_regions > BILIM_MAX_REGIONS)
        return bilim_error_set(err, BILIM_EINVAL,
                               "population: %d regions; expected 1 to %d", pop->n_regions,
                               BILIM_MAX_REGIONS);
    for (int32_t r = 0; r < pop->n_regions; r++) {
        const bilim_region *g = &pop->regions[r];
        if (g->urban < 0 || g->rural < 0 || g->small_class < 0 || g->small_class > g->rural)
            return bilim_error_set(err, BILIM_EINVAL,
                                   "population.regions[%d] (%s): urban %d, rural %d, small_class %d; "
                                   "counts must be >= 0 and small_class <= rural",
                                   r, g->name, g->urban, g->rural, g->small_class);
    }
    if (bilim_population_schools(pop) < 1)
        return bilim_error_set(err, BILIM_EINVAL,
                               "population: no schools; give at least one school in a region");
    for (int c = 0; c < BILIM_N_CLASSES; c++)
        if (!(pop->teachers_mean[c] > 0.0) || !(pop->teachers_sigma[c] >= 0.0))
            return bilim_error_set(err, BILIM_EINVAL,
                                   "population: teachers_mean[%d] = %g and teachers_sigma[%d] = %g; "
                                   "the mean must be > 0 and the log-sd >= 0",
                                   c, pop->teachers_mean[c], c, pop->teachers_sigma[c]);
    if (sc->n_innovations < 0 || sc->n_innovations > BILIM_MAX_INNOVATIONS)
        return bilim_error_set(err, BILIM_EINVAL, "innovations: %d; expected 0 to %d",
                               sc->n_innovations, BILIM_MAX_INNOVATIONS);
    return BILIM_OK;
}

/* Schools of each region: urban, then rural with small-class ones spread
 * evenly (school i of nr rural is small when floor((i+1) ns / nr) > floor(i ns / nr)). */
static void lay_out_schools(bilim_agents *a, const bilim_population *pop)
{
    int32_t s = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        const bilim_region *g = &pop->regions[r];
        for (int32_t i = 0; i < g->urban; i++, s++) {
            a->region[s] = r;
            a->locality[s] = BILIM_URBAN;
            a->small[s] = 0;
        }
        int64_t nr = g->rural, ns = g->small_class;
        for (int64_t i = 0; i < nr; i++, s++) {
            a->region[s] = r;
            a->locality[s] = BILIM_RURAL;
            a->small[s] = (uint8_t)((i + 1) * ns / nr > i * ns / nr);
        }
    }
}

/* Cuts each run of one region and locality into clusters; returns their count
 * and fills cluster[] (and cl_start when not NULL). */
static int32_t form_clusters(bilim_agents *a, int32_t cluster_size, int32_t *cl_start)
{
    int32_t nc = 0, s = 0, n = a->n_schools;
    while (s < n) {
        int32_t e = s;
        while (e < n && a->region[e] == a->region[s] && a->locality[e] == a->locality[s])
            e++;
        int32_t g = e - s;
        int32_t k = (int32_t)((g + cluster_size / 2) / cluster_size);
        if (k < 1)
            k = 1;
        for (int32_t c = 0; c < k; c++) {
            int32_t lo = s + (int32_t)((int64_t)c * g / k);
            int32_t hi = s + (int32_t)((int64_t)(c + 1) * g / k);
            if (cl_start)
                cl_start[nc] = lo;
            for (int32_t i = lo; i < hi; i++)
                a->cluster[i] = nc;
            nc++;
        }
        s = e;
    }
    if (cl_start)
        cl_start[nc] = n;
    return nc;
}

#define ALLOC(ptr, n) \
    do { \
        (ptr) = bilim_agents_calloc(bytes, (size_t)(n), sizeof *(ptr)); \
        if (!(ptr)) \
            goto nomem; \
    } while (0)

int bilim_population_build(bilim_agents *a, const bilim_scenario *sc, uint32_t replicate,
                           bilim_rng *rng, size_t *bytes, bilim_error *err)
{
    int rc = check_population(sc, err);
    if (rc)
        return rc;
    const bilim_population *pop = &sc->population;
    int32_t n = bilim_population_schools(pop);
    int32_t J = sc->n_innovations;
    a->n_schools = n;
    a->n_innov = J;
    ALLOC(a->region, n);
    ALLOC(a->locality, n);
    ALLOC(a->small, n);
    ALLOC(a->n_teach, n);
    ALLOC(a->t_off, n + 1);
    ALLOC(a->cluster, n);
    ALLOC(a->R, n);
    ALLOC(a->K, n);
    ALLOC(a->S, n);
    ALLOC(a->O, n);
    ALLOC(a->O0, n);
    ALLOC(a->R0, n);
    ALLOC(a->L0, n);
    ALLOC(a->A0, n);
    ALLOC(a->M0, n);
    ALLOC(a->trained, n);
    ALLOC(a->p_since, n);
    ALLOC(a->age_group, n);
    ALLOC(a->female, n);
    ALLOC(a->sum_k, n);
    ALLOC(a->sum_m, n);
    ALLOC(a->n_filled, n);
    for (int b = 0; b < 2; b++) {
        ALLOC(a->n_trial[b], (size_t)n * (size_t)J);
        ALLOC(a->n_routine[b], (size_t)n * (size_t)J);
        ALLOC(a->n_any_routine[b], n);
    }
    lay_out_schools(a, pop);

    a->t_off[0] = 0;
    for (int32_t s = 0; s < n; s++) {
        int cls = a->locality[s] == BILIM_URBAN ? BILIM_CLASS_URBAN
                  : a->small[s]                 ? BILIM_CLASS_SMALL
                                                : BILIM_CLASS_RURAL_REGULAR;
        bilim_rng_reset(rng, sc->seed, replicate, BILIM_PURPOSE_POPULATION, (uint64_t)s, 0);
        a->n_teach[s] = draw_teachers(pop, cls, rng);
        a->t_off[s + 1] = a->t_off[s] + a->n_teach[s];
    }
    a->n_teachers = a->t_off[n];

    int32_t cs = sc->params.cluster_size > 0 ? sc->params.cluster_size : 1;
    a->n_clusters = form_clusters(a, cs, NULL);
    ALLOC(a->cl_start, a->n_clusters + 1);
    form_clusters(a, cs, a->cl_start);

    size_t T = (size_t)a->n_teachers;
    ALLOC(a->k, T);
    ALLOC(a->m, T);
    ALLOC(a->m0, T);
    ALLOC(a->use, T * (size_t)J);
    ALLOC(a->vacant, T);
    ALLOC(a->entered, T * (size_t)J);
    return BILIM_OK;
nomem:
    bilim_agents_clear(a);
    return bilim_error_set(err, BILIM_ENOMEM, "out of memory allocating a population of %d schools",
                           n);
}

double bilim_population_init_school(bilim_agents *a, const bilim_scenario *sc,
                                    uint32_t replicate, int32_t s, bilim_rng *rng)
{
    const bilim_params *p = &sc->params;
    int urban = a->locality[s] == BILIM_URBAN;
    bilim_rng_reset(rng, sc->seed, replicate, BILIM_PURPOSE_SCHOOL_INIT, (uint64_t)s, 0);
    a->R[s] = bilim_rng_beta_mean(rng, urban ? p->init_R_mean_urban : p->init_R_mean_rural,
                                  p->init_R_kappa);
    double M = bilim_rng_beta_mean(rng, urban ? p->init_M_mean_urban : p->init_M_mean_rural,
                                   p->init_M_kappa);
    a->M0[s] = M;
    a->R0[s] = a->R[s];
    bilim_rng_reset(rng, sc->seed, replicate, BILIM_PURPOSE_PRINCIPAL_INIT, (uint64_t)s, 0);
    bilim_principal_draw d;
    bilim_principal_draw_from(rng, p, urban ? p->init_K_mean_urban : p->init_K_mean_rural,
                              urban ? p->init_S_mean_urban : p->init_S_mean_rural, p->init_S_kappa,
                              urban ? p->init_O_mean_urban : p->init_O_mean_rural, &d);
    bilim_principal_place(a, s, &d, 0);
    return M;
}

void bilim_population_init_teachers(bilim_agents *a, const bilim_scenario *sc,
                                    uint32_t replicate, int32_t s, double M_s, bilim_rng *rng)
{
    const bilim_params *p = &sc->params;
    const int32_t J = a->n_innov;
    double k_mean = a->locality[s] == BILIM_URBAN ? p->init_k_mean_urban : p->init_k_mean_rural;
    for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
        bilim_rng_reset(rng, sc->seed, replicate, BILIM_PURPOSE_TEACHER_INIT, (uint64_t)t, 0);
        a->m[t] = (float)bilim_rng_beta_mean(rng, M_s, p->init_m_kappa);
        a->k[t] = (float)bilim_rng_beta_mean(rng, k_mean, p->init_k_kappa);
        a->m0[t] = a->m[t];
        for (int32_t j = 0; j < J; j++) {
            const bilim_innovation *in = &sc->innovations[j];
            double u = bilim_rng_uniform(rng);
            uint8_t st = u < in->initial_routine                       ? BILIM_USE_ROUTINE
                         : u < in->initial_routine + in->initial_trial ? BILIM_USE_TRIAL
                                                                       : BILIM_USE_NONE;
            a->use[t * J + j] = st;
            a->entered[t * J + j] = 0;
        }
    }
    /* Vacant posts at month 0, at the steady state of turnover and filling
     * (ODD 5): one uniform per slot from its own stream. */
    const double v = bilim_population_vacancy_share(p, a->locality[s]);
    for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
        uint64_t w[4];
        bilim_rng_block(sc->seed, replicate, BILIM_PURPOSE_VACANCY, (uint64_t)t, 0, 0, w);
        a->vacant[t] = v > 0.0 && bilim_rng_u01(w[0]) < v;
        if (a->vacant[t])
            for (int32_t j = 0; j < J; j++)
                a->use[t * J + j] = BILIM_USE_NONE;
    }
}

double bilim_population_vacancy_share(const bilim_params *p, int locality)
{
    const double out = bilim_teacher_leave_prob(p) *
                       (1.0 - (locality == BILIM_URBAN ? p->fill_rate_urban : p->fill_rate_rural));
    return out > 0.0 ? out / (out + p->vacancy_fill_monthly) : 0.0;
}

void bilim_population_set_reference(bilim_agents *a, int32_t s, int buf)
{
    const int32_t J = a->n_innov;
    const int32_t *ro = a->n_routine[buf] + (size_t)s * J;
    int64_t pairs = 0;
    for (int32_t j = 0; j < J; j++)
        pairs += ro[j];
    a->R0[s] = a->R[s];
    a->L0[s] = bilim_agents_rho(a, s);
    a->A0[s] = J > 0 ? (double)pairs / ((double)bilim_agents_filled(a, s) * (double)J) : 0.0;
}

void bilim_population_count(bilim_agents *a, int32_t s, int buf)
{
    const int32_t J = a->n_innov;
    int32_t *tr = a->n_trial[buf] + (size_t)s * J, *ro = a->n_routine[buf] + (size_t)s * J;
    for (int32_t j = 0; j < J; j++)
        tr[j] = ro[j] = 0;
    int32_t any = 0, filled = 0;
    double sk = 0.0, sm = 0.0;
    for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
        if (a->vacant[t])
            continue;
        filled++;
        int r = 0;
        for (int32_t j = 0; j < J; j++) {
            uint8_t st = a->use[t * J + j];
            tr[j] += st == BILIM_USE_TRIAL;
            ro[j] += st == BILIM_USE_ROUTINE;
            r |= st == BILIM_USE_ROUTINE;
        }
        any += r;
        sk += a->k[t];
        sm += a->m[t];
    }
    a->n_any_routine[buf][s] = any;
    a->n_filled[s] = filled;
    a->sum_k[s] = sk;
    a->sum_m[s] = sm;
}
