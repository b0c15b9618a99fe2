/* models/agents.c: allocation of the agent arrays. */
#include "models/agents.h"

#include <stdlib.h>
#include <string.h>

void *bilim_agents_calloc(size_t *bytes, size_t n, size_t size)
{
    if (n == 0)
        n = 1;  /* a valid pointer for empty arrays keeps the code branch-free */
    void *p = calloc(n, size);
    if (p)
        *bytes += n * size;
    return p;
}

void bilim_agents_free(bilim_agents *a)
{
    free(a->region);
    free(a->locality);
    free(a->small);
    free(a->n_teach);
    free(a->t_off);
    free(a->cluster);
    free(a->cl_start);
    free(a->R);
    free(a->K);
    free(a->S);
    free(a->O);
    free(a->O0);
    free(a->age_group);
    free(a->female);
    free(a->k);
    free(a->m);
    free(a->m0);
    free(a->use);
    free(a->entered);
    for (int b = 0; b < 2; b++) {
        free(a->n_trial[b]);
        free(a->n_routine[b]);
        free(a->n_any_routine[b]);
    }
    free(a->sum_k);
    free(a->sum_m);
    memset(a, 0, sizeof *a);
}
