/* tests/test_rng.c: random streams: Random123's published known answers,
 * determinism, and independence of streams keyed by each coordinate. */
#include <criterion/criterion.h>
#include <math.h>
#include <gsl/gsl_randist.h>
#include "base/rng.h"

/* Known-answer vectors for Philox4x64-10 from Random123's kat_vectors. */
Test(rng, philox4x64_known_answers)
{
    const struct {
        uint64_t ctr[4], key[2], out[4];
    } kat[] = {
        {{0, 0, 0, 0}, {0, 0},
         {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL}},
        {{~0ULL, ~0ULL, ~0ULL, ~0ULL}, {~0ULL, ~0ULL},
         {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL}},
        {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
         {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
         {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL}},
    };
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        uint64_t out[4];
        bilim_rng_philox4x64(kat[i].ctr, kat[i].key, out);
        for (int j = 0; j < 4; j++)
            cr_assert_eq(out[j], kat[i].out[j], "vector %zu word %d: %016llx", i, j,
                         (unsigned long long)out[j]);
    }
}

Test(rng, block_is_philox_of_the_documented_key_and_counter)
{
    uint64_t a[4], b[4];
    bilim_rng_block(42, 3, BILIM_PURPOSE_USE, 1234, 7, 2, a);
    const uint64_t ctr[4] = {1234, 7, 2, 0};
    const uint64_t key[2] = {42, (3ULL << 32) | BILIM_PURPOSE_USE};
    bilim_rng_philox4x64(ctr, key, b);
    for (int j = 0; j < 4; j++)
        cr_assert_eq(a[j], b[j]);
}

Test(rng, same_coordinates_same_numbers)
{
    uint64_t a[4], b[4];
    bilim_rng_block(7, 1, 5, 99, 12, 0, a);
    bilim_rng_block(7, 1, 5, 99, 12, 0, b);
    cr_assert_arr_eq(a, b, sizeof a);
}

/* Changing any one coordinate gives an unrelated block. */
Test(rng, every_coordinate_changes_the_stream)
{
    uint64_t base[4], v[4];
    bilim_rng_block(7, 1, 5, 99, 12, 0, base);
    const uint64_t alt[6][6] = {
        {8, 1, 5, 99, 12, 0}, {7, 2, 5, 99, 12, 0}, {7, 1, 6, 99, 12, 0},
        {7, 1, 5, 100, 12, 0}, {7, 1, 5, 99, 13, 0}, {7, 1, 5, 99, 12, 1},
    };
    for (int i = 0; i < 6; i++) {
        bilim_rng_block(alt[i][0], (uint32_t)alt[i][1], (uint32_t)alt[i][2], alt[i][3],
                        (uint32_t)alt[i][4], (uint32_t)alt[i][5], v);
        int same = 0;
        for (int j = 0; j < 4; j++)
            same += v[j] == base[j];
        cr_assert_eq(same, 0, "coordinate %d did not change the stream", i);
    }
}

Test(rng, u01_is_open_interval)
{
    cr_assert_gt(bilim_rng_u01(0), 0.0);
    cr_assert_lt(bilim_rng_u01(~0ULL), 1.0);
    cr_assert_float_eq(bilim_rng_u01(1ULL << 63), 0.5, 1e-15);
}

/* Uniformity and independence between streams of neighbouring entities:
 * the mean of 40,000 uniforms is 0.5 within 4 standard errors, and the
 * correlation of entity e with entity e+1 is within 4 / sqrt(n) of 0. */
Test(rng, neighbouring_entities_are_uncorrelated)
{
    const int n = 40000;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int e = 0; e < n; e++) {
        uint64_t a[4], b[4];
        bilim_rng_block(2026, 0, BILIM_PURPOSE_TURNOVER, (uint64_t)e, 5, 0, a);
        bilim_rng_block(2026, 0, BILIM_PURPOSE_TURNOVER, (uint64_t)e + 1, 5, 0, b);
        double x = bilim_rng_u01(a[0]), y = bilim_rng_u01(b[0]);
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    double mx = sx / n, my = sy / n;
    double r = (sxy / n - mx * my) / sqrt((sxx / n - mx * mx) * (syy / n - my * my));
    cr_assert_lt(fabs(mx - 0.5), 4 * sqrt(1.0 / 12 / n));
    cr_assert_lt(fabs(r), 4.0 / sqrt(n));
}

/* Streams that differ only in purpose or replicate are uncorrelated too. */
Test(rng, purposes_and_replicates_are_uncorrelated)
{
    const int n = 40000;
    double sxy_p = 0, sxy_r = 0;
    for (int e = 0; e < n; e++) {
        uint64_t a[4], b[4], c[4];
        bilim_rng_block(1, 0, BILIM_PURPOSE_USE, (uint64_t)e, 0, 0, a);
        bilim_rng_block(1, 0, BILIM_PURPOSE_TURNOVER, (uint64_t)e, 0, 0, b);
        bilim_rng_block(1, 1, BILIM_PURPOSE_USE, (uint64_t)e, 0, 0, c);
        double x = bilim_rng_u01(a[1]) - 0.5;
        sxy_p += x * (bilim_rng_u01(b[1]) - 0.5);
        sxy_r += x * (bilim_rng_u01(c[1]) - 0.5);
    }
    /* Var of a product of two centred uniforms is 1/144. */
    double se = sqrt(1.0 / 144 / n);
    cr_assert_lt(fabs(sxy_p / n), 4 * se);
    cr_assert_lt(fabs(sxy_r / n), 4 * se);
}

Test(rng, gsl_adapter_is_reproducible_and_keyed)
{
    bilim_rng *r = bilim_rng_alloc();
    cr_assert_not_null(r);
    bilim_rng_reset(r, 5, 0, BILIM_PURPOSE_TEST, 10, 0);
    double a1 = bilim_rng_uniform(r), a2 = gsl_ran_beta(bilim_rng_gsl(r), 2.0, 3.0);
    bilim_rng_reset(r, 5, 0, BILIM_PURPOSE_TEST, 10, 0);
    cr_assert_eq(bilim_rng_uniform(r), a1);
    cr_assert_eq(gsl_ran_beta(bilim_rng_gsl(r), 2.0, 3.0), a2);
    bilim_rng_reset(r, 5, 0, BILIM_PURPOSE_TEST, 11, 0);
    cr_assert_neq(bilim_rng_uniform(r), a1);
    bilim_rng_free(r);
    bilim_rng_free(NULL);
}

/* Beta(mean, kappa) draws have the requested mean and variance
 * mu (1 - mu) / (kappa + 1), within 4 standard errors. */
Test(rng, beta_mean_parameterisation)
{
    bilim_rng *r = bilim_rng_alloc();
    const int n = 20000;
    const double mu = 0.3, kappa = 10;
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        bilim_rng_reset(r, 9, 0, BILIM_PURPOSE_TEST, (uint64_t)i, 0);
        double x = bilim_rng_beta_mean(r, mu, kappa);
        cr_assert(x > 0 && x < 1);
        s += x;
        ss += x * x;
    }
    double m = s / n, v = ss / n - m * m, var = mu * (1 - mu) / (kappa + 1);
    cr_assert_lt(fabs(m - mu), 4 * sqrt(var / n));
    cr_assert_lt(fabs(v - var), 0.1 * var);
    bilim_rng_free(r);
}
