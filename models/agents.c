/* models/agents.c: allocation of the agent arrays. */
#include "models/agents.h"

#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

void *bilim_agents_calloc(size_t *bytes, size_t n, size_t size)
{
    if (n == 0)
        n = 1;  /* a valid pointer for empty arrays keeps the code branch-free */
    void *p = bilim_calloc(n, size);
    if (p)
        *bytes += n * size;
    return p;
}

void bilim_agents_clear(bilim_agents *a)
{
    bilim_free(a->region);
    bilim_free(a->locality);
    bilim_free(a->small);
    bilim_free(a->n_teach);
    bilim_free(a->t_off);
    bilim_free(a->cluster);
    bilim_free(a->cl_start);
    bilim_free(a->R);
    bilim_free(a->R0);
    bilim_free(a->L0);
    bilim_free(a->A0);
    bilim_free(a->M0);
    bilim_free(a->trained);
    bilim_free(a->p_since);
    bilim_free(a->K);
    bilim_free(a->S);
    bilim_free(a->O);
    bilim_free(a->O0);
    bilim_free(a->age_group);
    bilim_free(a->female);
    bilim_free(a->k);
    bilim_free(a->m);
    bilim_free(a->m0);
    bilim_free(a->use);
    bilim_free(a->entered);
    for (int b = 0; b < 2; b++) {
        bilim_free(a->n_trial[b]);
        bilim_free(a->n_routine[b]);
        bilim_free(a->n_any_routine[b]);
    }
    bilim_free(a->sum_k);
    bilim_free(a->sum_m);
    bilim_free(a->n_filled);
    bilim_free(a->vacant);
    memset(a, 0, sizeof *a);
}
