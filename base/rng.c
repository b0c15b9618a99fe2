/* base/rng.c: see rng.h. */
#include "base/rng.h"

#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>
#include "base/alloc.h"
#include "base/init.h"

/* Random123's GSL adapter: a gsl_rng type that draws from one Philox counter
 * and key at a time, reset per stream. */
GSL_MICRORNG(bilim_philox, philox4x64);

struct bilim_rng {
    gsl_rng *g;
};

void bilim_rng_philox4x64(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4])
{
    philox4x64_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x64_key_t k = {{key[0], key[1]}};
    philox4x64_ctr_t r = philox4x64(c, k);
    for (int i = 0; i < 4; i++)
        out[i] = r.v[i];
}

void bilim_rng_block(uint64_t seed, uint32_t replicate, uint32_t purpose,
                     uint64_t entity, uint32_t step, uint32_t block,
                     uint64_t out[4])
{
    philox4x64_ctr_t c = {{entity, step, block, 0}};
    philox4x64_key_t k = {{seed, ((uint64_t)replicate << 32) | purpose}};
    philox4x64_ctr_t r = philox4x64(c, k);
    out[0] = r.v[0];
    out[1] = r.v[1];
    out[2] = r.v[2];
    out[3] = r.v[3];
}

bilim_rng *bilim_rng_alloc(void)
{
    bilim_init();
    bilim_rng *r = bilim_malloc(sizeof *r);
    if (!r)
        return NULL;
    r->g = gsl_rng_alloc(gsl_rng_bilim_philox);
    if (!r->g) {
        bilim_free(r);
        return NULL;
    }
    bilim_rng_reset(r, 0, 0, 0, 0, 0);
    return r;
}

void bilim_rng_free(bilim_rng *r)
{
    if (!r)
        return;
    gsl_rng_free(r->g);
    bilim_free(r);
}

void bilim_rng_reset(bilim_rng *r, uint64_t seed, uint32_t replicate,
                     uint32_t purpose, uint64_t entity, uint32_t step)
{
    /* Lane 1 keeps GSL streams apart from bilim_rng_block (lane 0); the
     * adapter counts draws in the upper 32 bits of that word. */
    philox4x64_ctr_t c = {{entity, step, 0, 1}};
    philox4x64_key_t k = {{seed, ((uint64_t)replicate << 32) | purpose}};
    bilim_philox_reset(r->g, c, k);
}

gsl_rng *bilim_rng_gsl(bilim_rng *r)
{
    return r->g;
}

double bilim_rng_uniform(bilim_rng *r)
{
    return gsl_rng_uniform_pos(r->g);
}

double bilim_rng_beta_mean(bilim_rng *r, double mean, double kappa)
{
    const double lo = 1e-6, hi = 1.0 - 1e-6;
    double mu = mean < lo ? lo : (mean > hi ? hi : mean);
    return gsl_ran_beta(r->g, mu * kappa, (1.0 - mu) * kappa);
}
