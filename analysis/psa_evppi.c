/* analysis/psa_evppi.c: the EVPPI items of an analysis under uncertainty
 * (psa.h): the month-0 state (the posterior particle's columns), each group
 * of factors with two or more members (the parameter table's groups, and
 * "innovation" for the Bass-rate scales), each factor, and a reference: an
 * independent uniform column drawn from the design's seed, which no run
 * used. Its EVPPI is what the regression finds in pure noise; values at or
 * below it are not distinguishable from zero. */
#include "analysis/psa_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "analysis/evppi.h"
#include "base/alloc.h"
#include "base/rng.h"

/* The stream step of the reference column (steps 0 to 3 are the design's). */
#define REFERENCE_STEP 9

typedef struct evppi_ctx {
    const bilim_design *d;
    bilim_psa_result *r;
    double *x;                 /* [n_points][columns] scratch */
    double *vals;              /* [n_wtp + 1] scratch */
} evppi_ctx;

/* Computes one item from ctx->x with m columns. */
static int item(evppi_ctx *c, const char *name, const char *kind, int m, bilim_error *err)
{
    bilim_psa_result *r = c->r;
    bilim_psa_evppi_item *it = &r->evppi[r->n_evppi];
    double *row = r->evppi_wtp + r->n_evppi * r->n_wtp;
    memset(it, 0, sizeof *it);
    snprintf(it->name, sizeof it->name, "%s", name);
    snprintf(it->kind, sizeof it->kind, "%s", kind);
    it->n_columns = m;
    bilim_error e;
    bilim_error_clear(&e);
    int rc = bilim_evppi_compute(c->x, (size_t)r->n_draws, m, r->effect, r->cost, r->n_scenarios,
                                 r->wtp, r->n_wtp + 1, c->vals, &e);
    if (rc == BILIM_ENOMEM) {
        if (err)
            *err = e;
        return rc;
    }
    const double f = r->settings.population_scale;
    for (size_t w = 0; w < r->n_wtp; w++)
        row[w] = rc ? NAN : c->vals[w] * f;
    it->value_sample = rc ? NAN : c->vals[r->n_wtp];
    it->value = it->value_sample * f;
    if (rc)
        snprintf(it->note, sizeof it->note, "%.159s", e.msg);
    r->n_evppi++;
    return BILIM_OK;
}

static int posterior_item(evppi_ctx *c, bilim_error *err)
{
    const bilim_design *d = c->d;
    const bilim_particles *pp = &d->particles;
    if (pp->n == 0)
        return BILIM_OK;
    const int m = pp->n_columns;
    for (int32_t p = 0; p < d->n_points; p++) {
        if (d->particle[p] < 0)
            return BILIM_OK;
        memcpy(c->x + (size_t)p * (size_t)m, pp->theta + (size_t)d->particle[p] * (size_t)m,
               (size_t)m * sizeof *c->x);
    }
    return item(c, "month-0 state (posterior)", "posterior", m, err);
}

static int group_items(evppi_ctx *c, bilim_error *err)
{
    const bilim_design *d = c->d;
    for (int32_t f = 0; f < d->n_factors; f++) {
        const char *g = d->factors[f].group;
        int first = 1, m = 0;
        for (int32_t h = 0; h < f; h++)
            first &= strcmp(d->factors[h].group, g) != 0;
        if (!first)
            continue;
        for (int32_t h = 0; h < d->n_factors; h++)
            m += strcmp(d->factors[h].group, g) == 0;
        if (m < 2)
            continue;
        for (int32_t p = 0; p < d->n_points; p++) {
            int j = 0;
            for (int32_t h = 0; h < d->n_factors; h++)
                if (strcmp(d->factors[h].group, g) == 0)
                    c->x[(size_t)p * (size_t)m + (size_t)j++] =
                        d->values[(size_t)p * (size_t)d->n_factors + (size_t)h];
        }
        char name[BILIM_PSA_NAME_MAX];
        snprintf(name, sizeof name, "group %s", g);
        int rc = item(c, name, "group", m, err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

static int factor_items(evppi_ctx *c, bilim_error *err)
{
    const bilim_design *d = c->d;
    for (int32_t f = 0; f < d->n_factors; f++) {
        for (int32_t p = 0; p < d->n_points; p++)
            c->x[p] = d->values[(size_t)p * (size_t)d->n_factors + (size_t)f];
        int rc = item(c, d->factors[f].name, "parameter", 1, err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

static int reference_item(evppi_ctx *c, bilim_error *err)
{
    for (int32_t p = 0; p < c->d->n_points; p++) {
        uint64_t w[4];
        bilim_rng_block(c->d->seed, 0, BILIM_PURPOSE_DESIGN, (uint64_t)p, REFERENCE_STEP, 0, w);
        c->x[p] = bilim_rng_u01(w[0]);
    }
    return item(c, "reference: an unrelated uniform", "reference", 1, err);
}

int bilim__psa_evppi(const bilim_design *d, bilim_psa_result *r, bilim_error *err)
{
    const size_t items = (size_t)d->n_factors * 2 + 2;
    size_t cols = (size_t)(d->n_factors > BILIM_PARTICLES_MAX_COLUMNS ? d->n_factors
                                                                       : BILIM_PARTICLES_MAX_COLUMNS);
    evppi_ctx c = {d, r, NULL, NULL};
    r->evppi = bilim_calloc(items, sizeof *r->evppi);
    r->evppi_wtp = bilim_calloc(items * (r->n_wtp + 1), sizeof *r->evppi_wtp);
    c.x = bilim_malloc((size_t)d->n_points * cols * sizeof *c.x);
    c.vals = bilim_malloc((r->n_wtp + 1) * sizeof *c.vals);
    int rc = (r->evppi && r->evppi_wtp && c.x && c.vals)
                 ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory for EVPPI");
    r->n_evppi = 0;
    if (!rc)
        rc = posterior_item(&c, err);
    if (!rc)
        rc = group_items(&c, err);
    if (!rc)
        rc = factor_items(&c, err);
    if (!rc)
        rc = reference_item(&c, err);
    bilim_free(c.x);
    bilim_free(c.vals);
    return rc;
}
