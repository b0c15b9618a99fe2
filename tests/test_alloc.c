/* tests/test_alloc.c: the allocation hook (base/alloc.h): off by default,
 * fails exactly the allocations asked for (from the n-th on, or only the
 * n-th), counts exactly under OpenMP, leaves a failed realloc's block
 * intact, counts live blocks (allocated minus freed), and is what the
 * library allocates through. Criterion runs each test in its own process,
 * so one test's hook never reaches another. */
#include <criterion/criterion.h>
#include <limits.h>
#include <omp.h>
#include <string.h>
#include "base/alloc.h"
#include "base/rng.h"
#include "formats/scenario_load.h"
#include "formats/scenario_schema.h"
#include "models/scenario.h"
#include "sim/runner.h"

Test(alloc, off_by_default)
{
    void *p = bilim_malloc(16);
    cr_assert_not_null(p);
    bilim_free(p);
    cr_assert_eq(bilim_alloc_count(), 0, "nothing is counted while the hook is off");
    char *s = bilim_strdup("bilim");
    cr_assert_str_eq(s, "bilim");
    bilim_free(s);
}

Test(alloc, fails_from_the_nth_allocation_on)
{
    bilim_alloc_fail_after(2);
    void *a = bilim_malloc(8), *b = bilim_calloc(2, 8);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_null(bilim_malloc(8), "allocation 2 fails");
    cr_assert_null(bilim_calloc(1, 8), "and every later one");
    cr_assert_null(bilim_strdup("x"));
    cr_assert_eq(bilim_alloc_count(), 5, "failed attempts are counted too");
    bilim_free(a);  /* freeing is never refused or counted */
    bilim_free(b);
    cr_assert_eq(bilim_alloc_count(), 5);
    bilim_alloc_fail_after(-1);
    void *c = bilim_malloc(8);
    cr_assert_not_null(c, "n < 0 turns the hook off");
    cr_assert_eq(bilim_alloc_count(), 0);
    bilim_free(c);
}

Test(alloc, fails_only_the_nth_allocation)
{
    bilim_alloc_fail_once(1);
    void *a = bilim_malloc(8);
    void *b = bilim_malloc(8);
    void *c = bilim_malloc(8);
    cr_assert_not_null(a);
    cr_assert_null(b, "allocation 1 fails");
    cr_assert_not_null(c, "allocation 2 succeeds again");
    cr_assert_eq(bilim_alloc_count(), 3);
    bilim_free(a);
    bilim_free(c);
}

Test(alloc, failed_realloc_keeps_the_block)
{
    char *p = bilim_malloc(4);
    cr_assert_not_null(p);
    memcpy(p, "abc", 4);
    bilim_alloc_fail_after(0);
    cr_assert_null(bilim_realloc(p, 1 << 20));
    cr_assert_str_eq(p, "abc", "the old block is untouched");
    bilim_alloc_fail_after(-1);
    p = bilim_realloc(p, 8);
    cr_assert_str_eq(p, "abc");
    bilim_free(p);
}

Test(alloc, live_count_is_allocations_minus_frees)
{
    bilim_alloc_fail_after(LONG_MAX);
    cr_assert_eq(bilim_alloc_live(), 0);
    char *a = bilim_malloc(8), *b = bilim_calloc(2, 8), *c = bilim_strdup("x");
    cr_assert_eq(bilim_alloc_live(), 3);
    a = bilim_realloc(a, 64);  /* a resized block is still one block */
    cr_assert_not_null(a);
    char *d = bilim_realloc(NULL, 8);  /* realloc of NULL is a new block */
    cr_assert_eq(bilim_alloc_live(), 4);
    bilim_free(b);
    bilim_free(NULL);  /* not a block */
    cr_assert_eq(bilim_alloc_live(), 3, "a missing free shows as a positive count");
    bilim_alloc_fail_once(0);
    cr_assert_null(bilim_malloc(8));
    cr_assert_eq(bilim_alloc_live(), 0, "failed allocations are not blocks; setting resets");
    bilim_free(a);
    bilim_free(c);
    bilim_free(d);
    cr_assert_eq(bilim_alloc_live(), -3, "blocks from before the hook was set count down");
    bilim_alloc_fail_after(-1);
    cr_assert_eq(bilim_alloc_live(), 0, "0 while the hook is off");
}

Test(alloc, counts_exactly_under_openmp)
{
    enum { N = 4000, K = 1234 };
    static void *ptrs[N];
    bilim_alloc_fail_after(LONG_MAX);  /* count only */
#pragma omp parallel for num_threads(4) schedule(dynamic, 7)
    for (int i = 0; i < N; i++)
        ptrs[i] = bilim_malloc(16);
    cr_assert_eq(bilim_alloc_count(), N);
    for (int i = 0; i < N; i++) {
        cr_assert_not_null(ptrs[i]);
        bilim_free(ptrs[i]);
    }
    /* With a limit, exactly K allocations succeed whatever the interleaving. */
    bilim_alloc_fail_after(K);
#pragma omp parallel for num_threads(4) schedule(dynamic, 7)
    for (int i = 0; i < N; i++)
        ptrs[i] = bilim_malloc(16);
    int ok = 0;
    for (int i = 0; i < N; i++) {
        ok += ptrs[i] != NULL;
        bilim_free(ptrs[i]);
    }
    cr_assert_eq(ok, K);
    cr_assert_eq(bilim_alloc_count(), N);
}

Test(alloc, the_library_allocates_through_the_hook)
{
    /* Each of these allocates on the heap; under the hook they must fail
     * cleanly (NULL or BILIM_ENOMEM), which they can only do if their
     * allocations go through base/alloc.h. */
    bilim_alloc_fail_after(0);
    cr_assert_null(bilim_rng_alloc());
    cr_assert_null(bilim_diags_alloc());
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.replicates = 1;
    sc.months = 1;
    bilim_run_options opt = {1, NULL, NULL, NULL, NULL, 0};
    bilim_run_result r;
    bilim_error err;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), BILIM_ENOMEM);
    cr_assert_null(r.series);
    cr_assert_gt(bilim_alloc_count(), 2);
    /* Counting a successful run: allocation numbers a walker can use. */
    bilim_alloc_fail_after(LONG_MAX);
    bilim_population small;
    cr_assert_eq(bilim_population_sample(&sc.population, 30, &small, &err), 0, "%s", err.msg);
    sc.population = small;
    cr_assert_eq(bilim_run_scenario(&sc, &opt, &r, &err), 0, "%s", err.msg);
    long n = bilim_alloc_count();
    cr_assert_gt(n, 3, "a run allocates its result, model and generators: %ld", n);
    bilim_run_result_clear(&r);
}

Test(alloc, schema_generation_reports_every_failed_allocation)
{
    /* The schema generator returns an error value (no printing, no NULL
     * without a reason) whichever of its allocations fails. */
    bilim_error err;
    char *ok = NULL;
    bilim_alloc_fail_after(LONG_MAX);
    cr_assert_eq(bilim_scenario_schema_json(&ok, &err), BILIM_OK, "%s", err.msg);
    long n = bilim_alloc_count();
    cr_assert_gt(n, 2);
    for (long i = 0; i < n; i++) {
        for (int once = 0; once <= 1; once++) {
            char *s = (char *)1;
            if (once)
                bilim_alloc_fail_once(i);
            else
                bilim_alloc_fail_after(i);
            int rc = bilim_scenario_schema_json(&s, &err);
            bilim_alloc_fail_after(-1);
            if (rc == BILIM_OK) {
                /* A growable buffer may survive one failure by retrying
                 * smaller; the text must then be the same. */
                cr_assert(once, "allocation %ld failed for good, yet no error", i);
                cr_assert_str_eq(s, ok);
                bilim_free(s);
                continue;
            }
            cr_assert_eq(rc, BILIM_ENOMEM, "allocation %ld: %s", i, err.msg);
            cr_assert_null(s);
            cr_assert_str_eq(err.msg, "out of memory");
        }
    }
    bilim_free(ok);
}
