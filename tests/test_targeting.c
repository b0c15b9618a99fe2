/* tests/test_targeting.c: target filters and orders (models/targeting.h) on
 * hand-made schools: the rule must pick exactly the schools it names. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "models/targeting.h"

/*            0     1     2     3     4     5     6     7 */
static const int32_t region[] = {0, 0, 1, 1, 2, 2, 0, 1};
static const uint8_t loc[] = {0, 1, 1, 0, 1, 1, 0, 1};
static const uint8_t small[] = {0, 1, 0, 0, 1, 0, 0, 1};
static const uint8_t band[] = {0, 1, 0, 2, 1, 1, 0, 0};
static const double R[] = {0.5, 0.2, 0.8, 0.1, 0.3, 0.3, 0.9, 0.05};

static bilim_target_view view(void)
{
    bilim_target_view v = {8, region, loc, small, band, R, R};
    return v;
}

static int32_t pick(const bilim_target *t, bilim_order order, int32_t *out)
{
    bilim_target_view v = view();
    bilim_target_key ws[8];
    return bilim_targeting_select(t, order, &v, 42, 0, 3, ws, out);
}

static void expect(const int32_t *got, int32_t n, const int32_t *want, int32_t nw)
{
    cr_assert_eq(n, nw, "got %d schools, expected %d", n, nw);
    for (int32_t i = 0; i < n; i++)
        cr_assert_eq(got[i], want[i], "position %d: school %d, expected %d", i, got[i], want[i]);
}

Test(targeting, orders_by_need_strongest_rural_first_with_index_ties)
{
    bilim_target t = bilim_target_all();
    int32_t out[8];
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 3, 1, 4, 5, 0, 2, 6}, 8);
    expect(out, pick(&t, BILIM_ORDER_STRONGEST, out), (int32_t[]){6, 2, 0, 4, 5, 1, 3, 7}, 8);
    expect(out, pick(&t, BILIM_ORDER_RURAL_FIRST, out), (int32_t[]){7, 1, 4, 5, 2, 3, 0, 6}, 8);
}

Test(targeting, filters_are_anded)
{
    int32_t out[8];
    bilim_target t = bilim_target_all();
    t.locality = BILIM_RURAL;
    t.small_class = 1;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 1, 4}, 3);
    t = bilim_target_all();
    t.small_class = 0;
    t.locality = BILIM_RURAL;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){5, 2}, 2);
    t = bilim_target_all();
    t.region_mask = 1u << 1;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 3, 2}, 3);
    t.region_mask = (1u << 0) | (1u << 2);
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){1, 4, 5, 0, 6}, 5);
    t = bilim_target_all();
    t.band = BILIM_BAND_LOW;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 0, 2, 6}, 4);
    t = bilim_target_all();
    t.resources_below = 0.3;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 3, 1}, 3);
    t.band = BILIM_BAND_INTERMEDIATE;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){1}, 1);
    t.locality = BILIM_URBAN;
    cr_assert_eq(pick(&t, BILIM_ORDER_NEED, out), 0);
}

Test(targeting, max_schools_caps_the_ordered_list)
{
    int32_t out[8];
    bilim_target t = bilim_target_all();
    t.max_schools = 2;
    expect(out, pick(&t, BILIM_ORDER_NEED, out), (int32_t[]){7, 3}, 2);
    t.max_schools = 20;
    cr_assert_eq(pick(&t, BILIM_ORDER_NEED, out), 8);
}

Test(targeting, random_order_is_a_reproducible_permutation_stable_under_filters)
{
    int32_t a[8], b[8], c[8];
    bilim_target t = bilim_target_all();
    int32_t n = pick(&t, BILIM_ORDER_RANDOM, a);
    cr_assert_eq(n, 8);
    int seen[8] = {0};
    for (int i = 0; i < 8; i++)
        seen[a[i]]++;
    for (int i = 0; i < 8; i++)
        cr_assert_eq(seen[i], 1);
    pick(&t, BILIM_ORDER_RANDOM, b);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    /* A school's key does not depend on the others: the rural schools keep
     * their relative order. */
    t.locality = BILIM_RURAL;
    int32_t nr = pick(&t, BILIM_ORDER_RANDOM, c);
    int32_t k = 0;
    for (int i = 0; i < 8; i++)
        if (loc[a[i]] == BILIM_RURAL)
            cr_assert_eq(c[k++], a[i]);
    cr_assert_eq(k, nr);
    /* Another intervention index draws another order (almost surely). */
    bilim_target_view v = view();
    bilim_target_key ws[8];
    t = bilim_target_all();
    int differs = 0;
    for (int iv = 4; iv < 10 && !differs; iv++) {
        bilim_targeting_select(&t, BILIM_ORDER_RANDOM, &v, 42, 0, iv, ws, b);
        differs = memcmp(a, b, sizeof a) != 0;
    }
    cr_assert(differs);
}

Test(targeting, fraction_keeps_about_that_share)
{
    enum { N = 20000 };
    int32_t *rg = calloc(N, sizeof *rg), *out = malloc(N * sizeof *out);
    uint8_t *z = calloc(N, 1);
    double *r = calloc(N, sizeof *r);
    bilim_target_key *ws = malloc(N * sizeof *ws);
    bilim_target_view v = {N, rg, z, z, z, r, r};
    bilim_target t = bilim_target_all();
    t.fraction = 0.3;
    int32_t n = bilim_targeting_select(&t, BILIM_ORDER_NEED, &v, 1, 0, 0, ws, out);
    cr_assert(abs(n - 6000) < 4 * 65, "kept %d of %d", n, N);  /* sd sqrt(N 0.3 0.7) = 65 */
    for (int32_t i = 1; i < n; i++)
        cr_assert_lt(out[i - 1], out[i], "equal need: index order");
    t.fraction = 1.0;
    cr_assert_eq(bilim_targeting_select(&t, BILIM_ORDER_NEED, &v, 1, 0, 0, ws, out), N);
    free(rg);
    free(out);
    free(z);
    free(r);
    free(ws);
}

/* Larger lists with many ties: each order is the sorted one and a permutation. */
Test(targeting, orders_hold_on_a_large_list_with_ties)
{
    enum { N = 997 };
    int32_t rg[N], out[N];
    uint8_t lo[N], z[N];
    double need[N];
    bilim_target_key ws[N];
    for (int i = 0; i < N; i++) {
        rg[i] = i % 5;
        lo[i] = (uint8_t)((i * 7) % 3 == 0);
        z[i] = 0;
        need[i] = (double)((i * 37) % 11) / 10.0;  /* 11 distinct values: many ties */
    }
    bilim_target_view v = {N, rg, lo, z, z, need, need};
    bilim_target t = bilim_target_all();
    bilim_order orders[] = {BILIM_ORDER_NEED, BILIM_ORDER_STRONGEST, BILIM_ORDER_RURAL_FIRST};
    for (int o = 0; o < 3; o++) {
        int32_t n = bilim_targeting_select(&t, orders[o], &v, 9, 0, 0, ws, out);
        cr_assert_eq(n, N);
        int seen[N] = {0};
        for (int i = 0; i < N; i++)
            seen[out[i]]++;
        for (int i = 0; i < N; i++)
            cr_assert_eq(seen[i], 1);
        for (int i = 1; i < N; i++) {
            int32_t a = out[i - 1], b = out[i];
            double ka = need[a], kb = need[b];
            int ga = 0, gb = 0;
            if (orders[o] == BILIM_ORDER_STRONGEST) {
                ka = -ka;
                kb = -kb;
            }
            if (orders[o] == BILIM_ORDER_RURAL_FIRST) {
                ga = lo[a] == BILIM_RURAL ? 0 : 1;
                gb = lo[b] == BILIM_RURAL ? 0 : 1;
            }
            int ok = ga < gb || (ga == gb && (ka < kb || (ka == kb && a < b)));
            cr_assert(ok, "order %d, position %d: school %d before %d", o, i, a, b);
        }
    }
}
