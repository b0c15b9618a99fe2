/* tests/test_effects.c: the virtual trials of analysis/effects.h
 * (docs/ODD.md 7.4, "Virtual trials"): every shipped default that a trial
 * derives lands inside its literature bound and near its target; the
 * practice-to-achievement mapping; the comparison arm is the baseline; the
 * factorials; determinism over threads; the error paths and `bilim effects`. */
#include <criterion/criterion.h>
#include <math.h>
#include "helpers.h"
#include "analysis/effects.h"
#include "formats/scenario_load.h"

/* The shipped business-as-usual baseline on a proportional sample. */
static void baseline(bilim_scenario *sc, int32_t schools)
{
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(BILIM_SOURCE_DIR "/scenarios/baseline.json", sc, NULL, d);
    bilim_diags_free(d);
    cr_assert_eq(rc, BILIM_OK);
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_scenario_sample(sc, schools, &err), BILIM_OK, "%s", err.msg);
}

static void run(const bilim_scenario *sc, int reps, int threads, const char *only, int facts,
                bilim_effects_result *out)
{
    bilim_effects_options o = {reps, threads, only, facts, NULL, NULL, NULL};
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_effects_run(sc, &o, out, &err), BILIM_OK, "%s", err.msg);
}

/* Coaching moves instruction 0.49 SD and achievement 0.18 SD (Kraft et al.
 * 2018): one SD of practice is 0.18 / 0.49 = 0.367 SD of achievement. */
Test(effects, practice_maps_to_achievement_at_kraft_ratio)
{
    cr_assert_float_eq(bilim_effects_achievement(0.49), 0.18, 1e-15);
    cr_assert_float_eq(bilim_effects_achievement(1.0), 0.3673469387755102, 1e-15);
    cr_assert_eq(bilim_effects_achievement(0.0), 0.0);
}

/* Every trial that derives a parameter has a target inside its bound, a
 * source and a parameter of the table; checks have no target. */
Test(effects, the_trial_table_is_consistent)
{
    int n;
    const bilim_effects_trial *t = bilim_effects_trials(&n);
    cr_assert_leq(n, BILIM_EFFECTS_MAX_TRIALS);
    int derived = 0;
    for (int i = 0; i < n; i++) {
        cr_assert_eq(bilim_effects_find(t[i].name), &t[i]);
        cr_assert_gt(strlen(t[i].source), 3, "%s", t[i].name);
        if (!t[i].parameter[0]) {
            cr_assert(isnan(t[i].target), "%s: a check has no target", t[i].name);
            cr_assert(t[i].known_outside == 0 || !isnan(t[i].low),
                      "%s: known outside a bound it does not have", t[i].name);
            continue;
        }
        cr_assert_eq(t[i].known_outside, 0, "%s: a derived default must be inside", t[i].name);
        derived++;
        cr_assert_not_null(bilim_params_find(t[i].parameter), "%s", t[i].parameter);
        cr_assert(t[i].target >= t[i].low && t[i].target <= t[i].high, "%s", t[i].name);
    }
    cr_assert_eq(derived, 9);
    cr_assert_null(bilim_effects_find("no_such_trial"));
}

/* The test the issue asks for: at a fixed seed on a 400-school sample with
 * 4 replicates, each derived default's effect is inside its literature bound,
 * and within 20% of its target (derived on 1,000 schools, 6 replicates; the
 * Monte Carlo error of a trial's mean here is 1% to 6% of its target, the
 * sample's own difference from the derivation's up to 4%). Break a default
 * (e.g. eta_pd 0.05, the ODD prior) and it fails. The checks the defaults
 * produce (no parameter of their own) are held to their bounds too: inside,
 * or outside on the side the table documents (pd_practice, 0.03 against
 * 0.15 to 0.5, docs/ODD.md 7.4), so that neither a check leaving its bound
 * nor the documented gap closing goes unnoticed. */
Test(effects, every_default_is_inside_its_bound_or_documented_outside, .timeout = 240)
{
    static bilim_scenario sc;
    baseline(&sc, 400);
    static bilim_effects_result r;
    run(&sc, 4, 2, NULL, 0, &r);
    int n;
    bilim_effects_trials(&n);
    cr_assert_eq(r.n_rows, n);
    for (int32_t i = 0; i < r.n_rows; i++) {
        const bilim_effects_row *row = &r.rows[i];
        const bilim_effects_trial *t = row->trial;
        cr_assert(isfinite(row->effect.mean) && row->sd > 0, "%s", t->name);
        cr_assert(row->treated > 0.02 && row->treated < 0.98, "%s: treated %.3f", t->name,
                  row->treated);
        if (!t->parameter[0]) {
            if (t->known_outside < 0)
                cr_assert_lt(row->effect.high, t->low, "%s: %.4f [%.4f, %.4f], documented "
                             "below %.3f", t->name, row->effect.mean, row->effect.low,
                             row->effect.high, t->low);
            else if (t->known_outside > 0)
                cr_assert_gt(row->effect.low, t->high, "%s: %.4f, documented above %.3f",
                             t->name, row->effect.mean, t->high);
            else if (row->in_bound >= 0)
                cr_assert_eq(row->in_bound, 1, "%s (a check): %.4f outside [%.3f, %.3f]",
                             t->name, row->effect.mean, t->low, t->high);
            continue;
        }
        cr_assert_eq(row->in_bound, 1, "%s (%s): %.4f outside [%.3f, %.3f]", t->name,
                     t->parameter, row->effect.mean, t->low, t->high);
        cr_assert(fabs(row->effect.mean - t->target) <= 0.2 * t->target,
                  "%s (%s): %.4f, target %.4f", t->name, t->parameter, row->effect.mean,
                  t->target);
    }
}

/* A check that guards the bound test itself: with the ODD 7.1 prior of
 * eta_pd (0.05), PD's effect on knowledge is far outside its bound. */
Test(effects, a_default_outside_its_bound_is_reported, .timeout = 60)
{
    static bilim_scenario sc;
    baseline(&sc, 300);
    sc.params.eta_pd = 0.05;
    static bilim_effects_result r;
    run(&sc, 2, 2, "pd_knowledge", 0, &r);
    cr_assert_eq(r.n_rows, 1);
    cr_assert_eq(r.rows[0].in_bound, 0, "%.4f", r.rows[0].effect.mean);
    cr_assert_gt(r.rows[0].effect.mean, 0.5);
}

/* A programme at intensity 0 is the baseline bit for bit, so a trial whose
 * programme does nothing (no gain from training, none through the peers it
 * trained) measures exactly 0 (the comparison arm removes the
 * chance difference between the randomised groups). */
Test(effects, a_programme_that_does_nothing_measures_zero, .timeout = 60)
{
    static bilim_scenario sc;
    baseline(&sc, 300);
    sc.params.eta_train = 0.0;
    sc.params.eta_peer_P = 0.0;  /* trained principals would still feed their peers */
    static bilim_effects_result r;
    run(&sc, 2, 2, "leadership_K", 0, &r);
    cr_assert_eq(r.rows[0].effect.mean, 0.0);
    cr_assert_eq(r.rows[0].effect.low, 0.0);
}

/* Same seed: the same table with 1 or 2 threads. */
Test(effects, results_do_not_depend_on_threads, .timeout = 120)
{
    static bilim_scenario sc;
    baseline(&sc, 200);
    static bilim_effects_result a, b;
    run(&sc, 2, 1, "hub_practice", 0, &a);
    run(&sc, 2, 2, "hub_practice", 0, &b);
    cr_assert_eq(a.rows[0].effect.mean, b.rows[0].effect.mean);
    cr_assert_eq(a.rows[0].sd, b.rows[0].sd);
}

/* The factorials: the interaction is (A and B) - A - B replicate by
 * replicate; leadership and funding complement each other (seed 002: the
 * barriers are "interrelated"; the gate's soft minimum, docs/ODD.md 7.2), so
 * their interaction is not negative. */
Test(effects, factorials_report_the_interaction, .timeout = 240)
{
    static bilim_scenario sc;
    baseline(&sc, 300);
    static bilim_effects_result r;
    run(&sc, 4, 2, "leadership_K", 1, &r);
    cr_assert_eq(r.n_facts, 2);
    for (int i = 0; i < r.n_facts; i++) {
        const bilim_effects_fact *f = &r.facts[i];
        cr_assert_float_eq(f->interaction.mean, f->ab.mean - f->a.mean - f->b.mean, 1e-12);
        cr_assert_gt(f->a.mean, 0.0, "%s", f->pair->name);
        cr_assert_gt(f->b.mean, 0.0, "%s", f->pair->name);
        cr_assert_leq(f->interaction.low, f->interaction.mean);
        cr_assert_geq(f->interaction.high, f->interaction.mean);
    }
    cr_assert_str_eq(r.facts[0].pair->name, "leadership x funding");
    cr_assert_geq(r.facts[0].interaction.mean, 0.0);
}

Test(effects, errors_are_values)
{
    static bilim_scenario sc;
    baseline(&sc, 100);
    static bilim_effects_result r;
    bilim_error err;
    bilim_error_clear(&err);
    bilim_effects_options o = {0, 1, NULL, 0, NULL, NULL, NULL};
    cr_assert_eq(bilim_effects_run(&sc, &o, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "replicates"), "%s", err.msg);
    o.replicates = 1;
    o.only = "nope";
    cr_assert_eq(bilim_effects_run(&sc, &o, &r, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "nope"), "%s", err.msg);
    /* A cancelled run stops with BILIM_EINTR. */
    atomic_int stop = 1;
    o.only = "pd_knowledge";
    o.cancel = &stop;
    cr_assert_eq(bilim_effects_run(&sc, &o, &r, &err), BILIM_EINTR);
}

Test(effects, cli_prints_the_table_and_rejects_bad_input, .timeout = 120)
{
    char args[1024], *out = NULL, *err = NULL;
    snprintf(args, sizeof args,
             "effects %s/scenarios/baseline.json --schools 200 --replicates 2 --trial "
             "pd_knowledge --quiet", test_source_dir());
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "pd_knowledge") && strstr(out, "Kraft, Blazar & Hogan 2018"), "%s", out);
    free(out);
    free(err);
    snprintf(args, sizeof args, "effects %s/scenarios/baseline.json --trial nope",
             test_source_dir());
    cr_assert_eq(test_run_bilim(args, &out, &err), 2);
    cr_assert(strstr(err, "nope"), "%s", err);
    free(out);
    free(err);
    cr_assert_eq(test_run_bilim("effects", &out, &err), 2);
    free(out);
    free(err);
    cr_assert_eq(test_run_bilim("effects /no/such/file.json", &out, &err), 1);
    cr_assert(strstr(err, "/no/such/file.json"), "%s", err);
    free(out);
    free(err);
}
