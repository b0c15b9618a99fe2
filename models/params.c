/* models/params.c: the parameter table's rows, generated from BILIM_PARAM_TABLE. */
#include "models/params.h"

#include <stdio.h>
#include <string.h>

#define BILIM_PTENUM_REAL BILIM_PARAM_REAL
#define BILIM_PTENUM_INT BILIM_PARAM_INT
#define BILIM_PARAM_ROW(T, name, def, lo, hi, unit, group, desc, src) \
    {#name, BILIM_PTENUM_##T, (def), (lo), (hi), unit, group, desc, src, \
     offsetof(bilim_params, name)},

static const bilim_param_info param_rows[] = {
    BILIM_PARAM_TABLE(BILIM_PARAM_ROW)
};
#undef BILIM_PARAM_ROW

const bilim_param_info *bilim_params_table(size_t *count)
{
    if (count)
        *count = sizeof param_rows / sizeof param_rows[0];
    return param_rows;
}

const bilim_param_info *bilim_params_find(const char *name)
{
    for (size_t i = 0; i < sizeof param_rows / sizeof param_rows[0]; i++)
        if (strcmp(param_rows[i].name, name) == 0)
            return &param_rows[i];
    return NULL;
}

double bilim_params_get(const bilim_params *p, const bilim_param_info *info)
{
    const char *base = (const char *)p + info->offset;
    if (info->type == BILIM_PARAM_INT) {
        int32_t v;
        memcpy(&v, base, sizeof v);
        return (double)v;
    }
    double v;
    memcpy(&v, base, sizeof v);
    return v;
}

void bilim_params_set(bilim_params *p, const bilim_param_info *info, double value)
{
    char *base = (char *)p + info->offset;
    if (info->type == BILIM_PARAM_INT) {
        int32_t v = (int32_t)value;
        memcpy(base, &v, sizeof v);
    } else {
        memcpy(base, &value, sizeof value);
    }
}

void bilim_params_defaults(bilim_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < sizeof param_rows / sizeof param_rows[0]; i++)
        bilim_params_set(p, &param_rows[i], param_rows[i].def);
}

int bilim_params_check(const bilim_params *p, char *msg, size_t n)
{
    if (p->theta_low > p->theta_high) {
        snprintf(msg, n, "theta_low (%g) must not exceed theta_high (%g)",
                 p->theta_low, p->theta_high);
        return 1;
    }
    if (p->barrier_managerial_below > p->barrier_organizing_below) {
        snprintf(msg, n,
                 "barrier_managerial_below (%g) must not exceed barrier_organizing_below (%g): "
                 "insufficient managerial skill is the more severe report",
                 p->barrier_managerial_below, p->barrier_organizing_below);
        return 1;
    }
    if (n > 0)
        msg[0] = '\0';
    return 0;
}
