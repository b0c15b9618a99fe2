/* tests/test_scenario_history.c: scenarios that run a history before month 0
 * (a parameter file or posterior written by a calibration with a history,
 * docs/calibration.md "History period"): the state at month 0 has evolved,
 * a history of 0 months changes nothing, no intervention acts before its
 * calendar start, the outputs cover month 0 on and record the history, the
 * result is the same for 1 and 2 threads, checkpoints are refused, and
 * `bilim compare --draws` runs from a posterior sample with a history. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/output_read.h"
#include "models/model.h"
#include "sim/runner.h"
#include "scenario_helpers.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-history-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(scenario_history, .init = setup, .fini = teardown);

/* A 40-school scenario of 12 months from 2026-09 with a policy (resource
 * funding from month 0) and an existing programme (funding, business as
 * usual), its parameters from params.json (history_from as given, "" for
 * none). */
static void load(const char *history_from, bilim_scenario *sc)
{
    char text[512];
    if (history_from[0])
        snprintf(text, sizeof text, "{\"history_from\": \"%s\", \"parameters\": {\"delta_k\": 0.02}}",
                 history_from);
    else
        snprintf(text, sizeof text, "{\"parameters\": {\"delta_k\": 0.02}}");
    test_write_in(dir, "params.json", text);
    test_write_in(dir, "s.json",
                  "{\"name\": \"h\", \"parameter_file\": \"params.json\", \"months\": 12, "
                  "\"replicates\": 2, " TEST_POP ", \"interventions\": [{\"type\": "
                  "\"resource_funding\", \"name\": \"f\", \"start_month\": 0, "
                  "\"duration_months\": 12, \"unit_cost_kzt\": 1000}, {\"type\": "
                  "\"resource_funding\", \"name\": \"bau\", \"start_month\": 0, "
                  "\"business_as_usual\": true, \"duration_months\": 12, "
                  "\"unit_cost_kzt\": 1000}]}");
    char path[128];
    snprintf(path, sizeof path, "%s/s.json", dir);
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(path, sc, NULL, d);
    cr_assert_eq(rc, BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
}

static void run(const bilim_scenario *sc, int threads, bilim_run_result *r)
{
    bilim_run_options opt = {threads, NULL, NULL, NULL, NULL, 0};
    bilim_error err;
    cr_assert_eq(bilim_run_scenario(sc, &opt, r, &err), BILIM_OK, "%s", err.msg);
}

static size_t series_bytes(const bilim_run_result *r)
{
    return (size_t)r->replicates * ((size_t)r->months + 1) * r->layout.record_size *
           sizeof *r->series;
}

/* 24 months of history: the outputs still cover months 0..12, month 0 differs
 * from the run without a history (the state evolved); a history of 0 months
 * (history_from = start_date) is bit-identical to none. */
Test(scenario_history, month_zero_has_evolved_and_zero_months_change_nothing)
{
    bilim_scenario *sc = malloc(3 * sizeof *sc);
    cr_assert_not_null(sc);
    load("", &sc[0]);
    load("2024-09", &sc[1]);
    load("2026-09", &sc[2]);
    cr_assert_eq(bilim_scenario_history_months(&sc[0]), 0);
    cr_assert_eq(bilim_scenario_history_months(&sc[1]), 24);
    cr_assert_eq(bilim_scenario_history_months(&sc[2]), 0);
    bilim_run_result r[3];
    for (int i = 0; i < 3; i++)
        run(&sc[i], 2, &r[i]);
    cr_assert_eq(r[1].months, 12, "the history's months are not in the outputs");
    const size_t rs = r[0].layout.record_size;
    const bilim_metric *k = &r[0].layout.metrics[BILIM_M_MEAN_STATE];
    cr_assert(k->present);
    const double k0 = bilim_run_record(&r[0], 0, 0)[k->offset + BILIM_VAR_k];
    const double k1 = bilim_run_record(&r[1], 0, 0)[k->offset + BILIM_VAR_k];
    /* delta_k 0.02 a month pulls teachers' knowledge down over 24 months. */
    cr_assert_lt(k1, k0 - 0.01, "mean k at month 0: %g with the history, %g without", k1, k0);
    cr_assert_neq(memcmp(bilim_run_record(&r[0], 0, 0), bilim_run_record(&r[1], 0, 0),
                         rs * sizeof(double)), 0);
    cr_assert_eq(memcmp(r[0].series, r[2].series, series_bytes(&r[0])), 0,
                 "a history of 0 months gives the same output as none");
    for (int i = 0; i < 3; i++)
        bilim_run_result_clear(&r[i]);
    free(sc);
}

/* The model after alloc stands at the scenario's month 0; a policy that
 * starts at month 0 has reached no school and spent nothing, and acts from
 * the first step on, while the business-as-usual programme ran through the
 * history (its spending then is not counted: it too starts at 0 KZT). */
Test(scenario_history, no_intervention_acts_during_the_history)
{
    bilim_scenario *sc = malloc(sizeof *sc);
    cr_assert_not_null(sc);
    load("2024-09", sc);
    bilim_model *m = NULL;
    bilim_error err;
    cr_assert_eq(bilim_model_alloc(sc, 0, &m, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_model_month(m), 0);
    uint8_t *reached = calloc((size_t)bilim_model_schools(m), 1);
    cr_assert_not_null(reached);
    cr_assert_eq(bilim_model_reached(m, 0, reached), 0, "no school reached before month 0");
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    cr_assert_not_null(rec);
    bilim_model_observe(m, &L, rec);
    const bilim_metric *cost = &L.metrics[BILIM_M_COST_KZT_CUMULATIVE];
    cr_assert(cost->present);
    cr_assert_eq(rec[cost->offset], 0.0, "nothing spent before month 0");
    cr_assert_gt(bilim_model_reached(m, 1, reached), 0, "business as usual ran in the history");
    cr_assert_eq(bilim_model_step(m, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_model_month(m), 1);
    bilim_model_observe(m, &L, rec);
    cr_assert_gt(rec[cost->offset], 0.0, "the funding pays from month 0 on");
    cr_assert_gt(bilim_model_reached(m, 0, reached), 0);
    free(rec);
    free(reached);
    bilim_model_free(m);
    free(sc);
}

/* Same series for 1 and 2 threads; checkpoints are refused with a message. */
Test(scenario_history, thread_count_does_not_matter_and_checkpoints_are_refused)
{
    bilim_scenario *sc = malloc(sizeof *sc);
    cr_assert_not_null(sc);
    load("2025-03", sc);
    bilim_run_result a, b;
    run(sc, 1, &a);
    run(sc, 2, &b);
    cr_assert_eq(memcmp(a.series, b.series, series_bytes(&a)), 0);
    bilim_run_result_clear(&a);
    bilim_run_result_clear(&b);
    bilim_run_checkpoints ck;
    memset(&ck, 0, sizeof ck);
    ck.every = 3;
    bilim_error err;
    cr_assert_eq(bilim_run_scenario_checkpointed(sc, NULL, &ck, &a, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "checkpoints and --resume do not support a history"), "%s", err.msg);
    free(sc);
}

/* The history is in the resolved scenario (which reloads to the same value)
 * and in the output's attributes. */
Test(scenario_history, recorded_in_the_output)
{
    bilim_scenario *sc = malloc(2 * sizeof *sc);
    cr_assert_not_null(sc);
    load("2024-09", &sc[0]);
    char *json = bilim_scenario_to_json(&sc[0], NULL);
    cr_assert(strstr(json, "\"history_from\": \"2024-09\""), "%s", json);
    bilim_diags *d;
    cr_assert_eq(test_load_text(json, &sc[1], &d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(sc[1].history_from, sc[0].history_from);
    free(json);
    char args[512], path[128];
    snprintf(args, sizeof args, "run %s/s.json -q -o %s/o.h5", dir, dir);
    char *err = NULL;
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    free(err);
    snprintf(path, sizeof path, "%s/o.h5", dir);
    char *from = NULL;
    bilim_error e;
    cr_assert_eq(bilim_output_read_attr_string(path, "/scenarios/h", "history_from", &from, &e), 0,
                 "%s", e.msg);
    cr_expect_str_eq(from, "2024-09");
    bilim_free(from);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    long long months = -1;
    cr_assert_geq(H5LTget_attribute_long_long(f, "/scenarios/h", "history_months", &months), 0);
    cr_expect_eq(months, 24);
    H5Fclose(f);
    free(sc);
}

/* history_from after start_date, or longer than the limit: clear errors. */
Test(scenario_history, bad_dates_are_refused)
{
    bilim_scenario *sc = malloc(sizeof *sc);
    cr_assert_not_null(sc);
    bilim_diags *d;
    cr_assert_eq(test_load_text("{\"name\": \"h\", \"history_from\": \"2026-10\", " TEST_POP "}", sc,
                                &d), BILIM_EINVAL);
    cr_assert(test_find_diag(d, "history_from", "after start_date \"2026-09\"", NULL), "%s",
              test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(test_load_text("{\"name\": \"h\", \"history_from\": \"2000-09\", " TEST_POP "}", sc,
                                &d), BILIM_EINVAL);
    cr_assert(test_find_diag(d, "history_from", "312 months before", "at most 240", NULL), "%s",
              test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(test_load_text("{\"name\": \"h\", \"history_from\": \"2026-9\", " TEST_POP "}", sc,
                                &d), BILIM_EINVAL);
    cr_assert(test_find_diag(d, "history_from", "is not a date", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(test_load_text("{\"name\": \"h\", " TEST_POP ", \"interventions\": [{\"type\": "
                                "\"resource_funding\", \"start_month\": 3, \"unit_cost_kzt\": 1, "
                                "\"business_as_usual\": true}]}", sc, &d), BILIM_EINVAL);
    cr_assert(test_find_diag(d, "interventions[0].business_as_usual", "needs start_month 0", NULL),
              "%s", test_all_diags(d));
    bilim_diags_free(d);
    free(sc);
}

/* `bilim compare --draws` from a posterior sample calibrated with a history:
 * it runs, records the history, and the runs' outcomes differ from the same
 * sample without a history (same design, same particles). */
Test(scenario_history, compare_draws_from_a_history_posterior)
{
    const char *post = "\"parameters\": [\"delta_k\"], \"weights\": [0.5, 0.5], "
                       "\"particles\": [[0.01], [0.02]]}";
    char text[256], args[2048], path[128];
    snprintf(text, sizeof text, "{\"history_from\": \"2025-09\", %s", post);
    test_write_in(dir, "hist.json", text);
    snprintf(text, sizeof text, "{%s", post);
    test_write_in(dir, "plain.json", text);
    const char *s = test_source_dir();
    char *runs[2];
    for (int i = 0; i < 2; i++) {
        snprintf(args, sizeof args,
                 "compare %s/scenarios/baseline.json %s/scenarios/innovation_hub.json --draws 4 "
                 "--schools 30 --months 6 --replicates 1 --fix diffusion --fix teacher "
                 "--posterior %s/%s.json -q -o %s/c%d.h5 --csv %s/csv%d", s, s, dir,
                 i ? "plain" : "hist", dir, i, dir, i);
        char *err = NULL;
        cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
        free(err);
        snprintf(path, sizeof path, "%s/c%d.h5", dir, i);
        char *from = NULL;
        bilim_error e;
        int st = bilim_output_read_attr_string(path, "/design", "posterior_history_from", &from, &e);
        if (i == 0)
            cr_expect(st == 0 && strcmp(from, "2025-09") == 0, "%s", st ? e.msg : from);
        else
            cr_expect_neq(st, 0, "no history, no attribute");
        bilim_free(from);
        snprintf(path, sizeof path, "%s/csv%d/runs.csv", dir, i);
        runs[i] = test_slurp(path);
        cr_assert_not_null(runs[i]);
    }
    /* The same header (the same columns and particles), other outcomes. */
    const char *nl = strchr(runs[0], '\n');
    cr_assert_not_null(nl);
    cr_expect_eq(strncmp(runs[0], runs[1], (size_t)(nl - runs[0])), 0);
    cr_expect_str_neq(runs[0], runs[1], "the history changes the runs' outcomes");
    free(runs[0]);
    free(runs[1]);
}
