/* models/model_trial.c: what a virtual trial reads from a replicate
 * (model.h; docs/ODD.md 7.4, "Virtual trials"): per-school moments of a
 * per-unit quantity, and the schools an intervention has reached. Read-only;
 * sums run in slot order, so the values do not depend on threads. */
#include "models/model_impl.h"

#include <string.h>

static const char *const unit_names[BILIM_N_UNIT_VARS] = {"K", "S", "O", "rho", "R", "k", "m",
                                                          "practice"};

int bilim_model_unit_is_teacher(bilim_unit_var v)
{
    return v == BILIM_UNIT_k || v == BILIM_UNIT_m || v == BILIM_UNIT_PRACTICE;
}

const char *bilim_model_unit_name(bilim_unit_var v)
{
    return v >= 0 && v < BILIM_N_UNIT_VARS ? unit_names[v] : "?";
}

static double school_value(const bilim_agents *a, bilim_unit_var v, int32_t s)
{
    switch (v) {
    case BILIM_UNIT_K: return a->K[s];
    case BILIM_UNIT_S: return a->S[s];
    case BILIM_UNIT_O: return a->O[s];
    case BILIM_UNIT_RHO: return bilim_agents_rho(a, s);
    default: return a->R[s];
    }
}

static double teacher_value(const bilim_agents *a, bilim_unit_var v, int64_t t)
{
    if (v == BILIM_UNIT_k)
        return a->k[t];
    if (v == BILIM_UNIT_m)
        return a->m[t];
    int32_t levels = 0;
    for (int32_t j = 0; j < a->n_innov; j++)
        levels += a->use[(size_t)t * (size_t)a->n_innov + (size_t)j];
    return a->n_innov > 0 ? (double)levels / (2.0 * a->n_innov) : 0.0;
}

void bilim_model_unit_moments(const bilim_model *m, bilim_unit_var v, double *sum,
                              double *sumsq, int32_t *n)
{
    const bilim_agents *a = &m->a;
    for (int32_t s = 0; s < a->n_schools; s++) {
        if (!bilim_model_unit_is_teacher(v)) {
            double x = school_value(a, v, s);
            sum[s] = x;
            sumsq[s] = x * x;
            n[s] = 1;
            continue;
        }
        double s1 = 0.0, s2 = 0.0;
        for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
            double x = teacher_value(a, v, t);
            s1 += x;
            s2 += x * x;
        }
        sum[s] = s1;
        sumsq[s] = s2;
        n[s] = a->n_teach[s];
    }
}

int32_t bilim_model_reached(const bilim_model *m, int32_t i, uint8_t *out)
{
    const bilim_agents *a = &m->a;
    memset(out, 0, (size_t)a->n_schools);
    if (i < 0 || i >= m->sc.n_interventions || !m->iv[i].started)
        return 0;
    const bilim_intervention *iv = &m->sc.interventions[i];
    const bilim_iv_state *st = &m->iv[i];
    const int every_target = iv->type == BILIM_IV_TEACHER_PIPELINE ||
                             (iv->type == BILIM_IV_TEACHER_INCENTIVES &&
                              iv->u.incentives.conditional);
    for (int32_t k = 0; k < st->n_targets; k++) {
        int32_t s = st->targets[k];
        if (!every_target && st->enrol[s] < 0)
            continue;
        if (iv->type == BILIM_IV_INNOVATION_HUB) {
            /* The hub and the partners it serves (host), not its whole
             * cluster: with partner capacity the rest of the cluster is not
             * reached, and counting it would make a trial's effect per
             * "reached" teacher depend on the clusters' size. */
            int32_t c = a->cluster[s];
            for (int32_t o = a->cl_start[c]; o < a->cl_start[c + 1]; o++)
                if (st->host[o] == s)
                    out[o] = 1;
        } else {
            out[s] = 1;
        }
    }
    int32_t count = 0;
    for (int32_t s = 0; s < a->n_schools; s++)
        count += out[s];
    return count;
}
