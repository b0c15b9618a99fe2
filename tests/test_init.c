/* tests/test_init.c: the library turns GSL's aborting error handler off by
 * itself (base/init.h), so a program or test that never calls
 * gsl_set_error_handler_off() gets errors as values, not an abort. Each test
 * runs in a fresh process (Criterion), so GSL starts with its default
 * handler (NULL: abort). */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include "base/init.h"
#include "base/rng.h"
#include "base/stats.h"
#include "models/prior.h"

/* The handler in force (GSL has no getter: set and put back). */
static gsl_error_handler_t *current_handler(void)
{
    gsl_error_handler_t *h = gsl_set_error_handler(NULL);
    gsl_set_error_handler(h);
    return h;
}

Test(init, gsl_starts_with_its_aborting_handler)
{
    cr_assert_null(current_handler(), "the test would prove nothing otherwise");
}

Test(init, generators_turn_the_handler_off)
{
    bilim_rng *r = bilim_rng_alloc();
    cr_assert_not_null(r);
    cr_assert_not_null(current_handler());
    bilim_rng_free(r);
}

Test(init, statistics_turn_the_handler_off)
{
    cr_assert(isfinite(bilim_stats_t_quantile(0.95, 3.0)));
    cr_assert_not_null(current_handler());
    /* A GSL domain error now returns a status instead of aborting. */
    gsl_sf_result res;
    cr_assert_neq(gsl_sf_lnbeta_e(-1.0, 0.0, &res), GSL_SUCCESS);
}

Test(init, priors_turn_the_handler_off)
{
    bilim_prior p = {BILIM_PRIOR_BETA, 2.0, 3.0, 0.0, 1.0};
    char msg[256];
    cr_assert_eq(bilim_prior_check(&p, msg, sizeof msg), 0, "%s", msg);
    cr_assert_not_null(current_handler());
}

Test(init, is_idempotent)
{
    bilim_init();
    gsl_error_handler_t *h = current_handler();
    cr_assert_not_null(h);
    bilim_init();
    cr_assert_eq(current_handler(), h);
}

Test(init, without_it_gsl_aborts, .signal = SIGABRT)
{
    /* The behaviour bilim_init prevents: GSL's default handler on a domain
     * error (no library call has been made in this process). */
    gsl_sf_result res;
    gsl_sf_lnbeta_e(-1.0, 0.0, &res);
}
