/* models/abc_settings.c: see abc_settings.h. */
#include "models/abc_settings.h"

#include <string.h>

const char *bilim_abc_kernel_name(bilim_abc_kernel k)
{
    static const char *const names[BILIM_N_KERNELS] = {"multivariate_normal", "normal",
                                                       "truncated_normal"};
    return (k >= 0 && k < BILIM_N_KERNELS) ? names[k] : NULL;
}

void bilim_abc_settings_defaults(bilim_abc_settings *s)
{
    memset(s, 0, sizeof *s);
    s->particles = 1000;
    s->max_generations = 10;
    s->quantile = 0.5;
    s->min_epsilon = 0.0;
    s->min_acceptance = 0.01;
    s->max_simulations = 2000000;
    s->kernel = BILIM_KERNEL_MVN;
    s->seed = 1;
}
