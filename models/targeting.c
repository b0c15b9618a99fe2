/* models/targeting.c: target filters and orders; see targeting.h. */
#include "models/targeting.h"

#include "base/rng.h"

/* 1 when a comes before b: group, then key, then school index (a total
 * order: the result does not depend on the sorting algorithm). */
static int before(const bilim_target_key *a, const bilim_target_key *b)
{
    if (a->group != b->group)
        return a->group < b->group;
    if (a->key != b->key)
        return a->key < b->key;
    return a->school < b->school;
}

static void sift_down(bilim_target_key *v, int32_t root, int32_t n)
{
    for (;;) {
        int32_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && before(&v[child], &v[child + 1]))
            child++;
        if (!before(&v[root], &v[child]))
            return;
        bilim_target_key tmp = v[root];
        v[root] = v[child];
        v[child] = tmp;
        root = child;
    }
}

/* In-place heapsort: no allocation inside the monthly step (qsort may
 * allocate). */
static void sort_keys(bilim_target_key *v, int32_t n)
{
    for (int32_t i = n / 2 - 1; i >= 0; i--)
        sift_down(v, i, n);
    for (int32_t end = n - 1; end > 0; end--) {
        bilim_target_key tmp = v[0];
        v[0] = v[end];
        v[end] = tmp;
        sift_down(v, 0, end);
    }
}

static int eligible(const bilim_target *t, const bilim_target_view *v, int32_t s)
{
    if (t->locality >= 0 && v->locality[s] != t->locality)
        return 0;
    if (t->region_mask && !((t->region_mask >> v->region[s]) & 1u))
        return 0;
    if (t->small_class >= 0 && v->small[s] != t->small_class)
        return 0;
    if (t->band >= 0 && v->band[s] != t->band)
        return 0;
    if (t->resources_below <= 1.0 && !(v->R[s] < t->resources_below))
        return 0;
    return 1;
}

int32_t bilim_targeting_select(const bilim_target *t, bilim_order order,
                               const bilim_target_view *v, uint64_t seed, uint32_t replicate,
                               int32_t iv_index, bilim_target_key *ws, int32_t *out)
{
    int32_t n = 0;
    for (int32_t s = 0; s < v->n; s++) {
        if (!eligible(t, v, s))
            continue;
        uint64_t w[4];
        bilim_rng_block(seed, replicate, BILIM_PURPOSE_TARGET, (uint64_t)s, (uint32_t)iv_index, 0,
                        w);
        if (t->fraction < 1.0 && !(bilim_rng_u01(w[0]) < t->fraction))
            continue;
        bilim_target_key *e = &ws[n++];
        e->school = s;
        e->group = 0;
        switch (order) {
        case BILIM_ORDER_RANDOM: e->key = bilim_rng_u01(w[1]); break;
        case BILIM_ORDER_NEED: e->key = v->need[s]; break;
        case BILIM_ORDER_STRONGEST: e->key = -v->need[s]; break;
        case BILIM_ORDER_RURAL_FIRST:
            e->group = v->locality[s] == BILIM_RURAL ? 0 : 1;
            e->key = v->need[s];
            break;
        default: e->key = 0.0; break;
        }
    }
    sort_keys(ws, n);
    if (t->max_schools > 0 && n > t->max_schools)
        n = t->max_schools;
    for (int32_t i = 0; i < n; i++)
        out[i] = ws[i].school;
    return n;
}
