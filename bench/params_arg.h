/* bench/params_arg.h: name=value parameter overrides on a benchmark's
 * command line (header-only; each benchmark is one program). */
#ifndef BILIM_BENCH_PARAMS_ARG_H
#define BILIM_BENCH_PARAMS_ARG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/params.h"

/* Sets the parameter named before '=' in arg to the number after it.
 * Returns 0, or 1 (with a message) when arg is not name=value of a row. */
static inline int bench_params_arg(bilim_params *p, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[64];
    if (!eq || (size_t)(eq - arg) >= sizeof name)
        return 1;
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    const bilim_param_info *info = bilim_params_find(name);
    if (!info) {
        fprintf(stderr, "unknown parameter %s\n", name);
        return 1;
    }
    bilim_params_set(p, info, strtod(eq + 1, NULL));
    return 0;
}

#endif
