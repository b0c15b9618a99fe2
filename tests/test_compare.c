/* tests/test_compare.c: analysis/compare on small synthetic runs whose
 * answers are worked out by hand in the comments.
 *
 * Three replicates, months 0..2, two innovations, 1,000 teachers. At month 2
 * (the horizon) the routine-use shares are, per replicate:
 *   baseline     innovation 0: .20 .30 .25   innovation 1: .10 .10 .15   mean .15 .20 .20
 *   more_pd      innovation 0: .40 .50 .45   innovation 1: .20 .10 .25   mean .30 .30 .35
 *   no_effect    the baseline's shares, at a cost of 2,000,000 KZT
 *   free_option  the baseline's, innovation 0 + .02: mean + .01, no interventions
 * more_pd costs 1,000,000 KZT in every replicate. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "formats/output_read.h"
#include "analysis/csv.h"
#include "helpers.h"
#include "synthetic_runs.h"

#define R 3
#define M 2
#define T975_DF2 4.302652729911275

static void near(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

static double *rec(bilim_run_result *run, int r, int t)
{
    return (double *)bilim_run_record(run, r, t);
}

static void set(bilim_run_result *run, int r, int t, bilim_metric_id id, int i, double v)
{
    const bilim_metric *m = &run->layout.metrics[id];
    cr_assert(m->present && (size_t)i < m->size);
    rec(run, r, t)[m->offset + (size_t)i] = v;
}

/* A run with zeroed records except month 0's common start. */
static void make_run(bilim_run_result *run, const char *name, int n_iv, double cost)
{
    memset(run, 0, sizeof *run);
    bilim_scenario *sc = &run->scenario;
    bilim_scenario_defaults(sc);
    snprintf(sc->name, sizeof sc->name, "%s", name);
    sc->replicates = R;
    sc->months = M;
    sc->n_innovations = 2;
    sc->innovations[1] = sc->innovations[0];
    strcpy(sc->innovations[1].name, "digital_platform");
    sc->outputs.by_locality = 1;
    sc->n_interventions = n_iv;
    for (int i = 0; i < n_iv; i++) {
        bilim_intervention_defaults(&sc->interventions[i], BILIM_IV_PROFESSIONAL_DEVELOPMENT);
        sc->interventions[i].budget_kzt = 5e6;
    }
    bilim_obs_layout_init(&run->layout, sc);
    run->replicates = R;
    run->months = M;
    run->schools = 10;
    run->teachers = 1000;
    run->series = calloc((size_t)R * (M + 1) * run->layout.record_size, sizeof(double));
    for (int r = 0; r < R; r++) {
        for (int j = 0; j < 2; j++) {
            set(run, r, 0, BILIM_M_ADOPTION_ROUTINE, j, 0.1);
            set(run, r, 1, BILIM_M_ADOPTION_ROUTINE, j, j == 0 ? 0.14 : 0.10);
        }
        set(run, r, 0, BILIM_M_READINESS_BAND_SHARE, 0, 0.38);
        set(run, r, 0, BILIM_M_BARRIER_PREVALENCE, 0, 0.9);
        if (n_iv)
            set(run, r, M, BILIM_M_COST_KZT_CUMULATIVE, 0, cost);
    }
}

static const double base0[R] = {.20, .30, .25}, base1[R] = {.10, .10, .15};
static const double opt0[R] = {.40, .50, .45}, opt1[R] = {.20, .10, .25};

static void set_horizon(bilim_run_result *run, const double *a, const double *b)
{
    for (int r = 0; r < R; r++) {
        set(run, r, M, BILIM_M_ADOPTION_ROUTINE, 0, a[r]);
        set(run, r, M, BILIM_M_ADOPTION_ROUTINE, 1, b[r]);
    }
}

/* Urban and rural shares (innovation-major: [j][locality]). */
static void set_locality(bilim_run_result *run, const double u[2][R], const double q[2][R])
{
    for (int r = 0; r < R; r++)
        for (int j = 0; j < 2; j++) {
            set(run, r, M, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, 2 * j + BILIM_URBAN, u[j][r]);
            set(run, r, M, BILIM_M_ADOPTION_ROUTINE_BY_LOCALITY, 2 * j + BILIM_RURAL, q[j][r]);
        }
}

static bilim_run_result runs[4];

static void build(void)
{
    make_run(&runs[0], "baseline", 0, 0);
    make_run(&runs[1], "more_pd", 1, 1e6);
    make_run(&runs[2], "no_effect", 1, 2e6);
    make_run(&runs[3], "free_option", 0, 0);
    set_horizon(&runs[0], base0, base1);
    set_horizon(&runs[1], opt0, opt1);
    set_horizon(&runs[2], base0, base1);
    double f0[R];
    for (int r = 0; r < R; r++)
        f0[r] = base0[r] + 0.02;
    set_horizon(&runs[3], f0, base1);
    /* Month 1 of more_pd: means .26 .20 .20, so 25% is reached at months 1, 2, 2. */
    const double m1a[R] = {.32, .25, .25}, m1b[R] = {.20, .15, .15};
    for (int r = 0; r < R; r++) {
        set(&runs[1], r, 1, BILIM_M_ADOPTION_ROUTINE, 0, m1a[r]);
        set(&runs[1], r, 1, BILIM_M_ADOPTION_ROUTINE, 1, m1b[r]);
    }
    /* Baseline gap (urban - rural) .20 in every replicate; more_pd's .15. */
    const double bu[2][R] = {{.3, .4, .35}, {.2, .2, .25}}, bq[2][R] = {{.1, .2, .15}, {0, 0, .05}};
    const double ou[2][R] = {{.5, .6, .55}, {.3, .2, .35}}, oq[2][R] = {{.4, .5, .45}, {.1, 0, .15}};
    for (int s = 0; s < 4; s++)
        set_locality(&runs[s], s == 1 ? ou : bu, s == 1 ? oq : bq);
}

static void teardown_runs(void)
{
    for (int s = 0; s < 4; s++)
        free(runs[s].series);
}

TestSuite(compare, .init = build, .fini = teardown_runs);

Test(compare, headline_effect_interval_and_cost_effectiveness)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    const bilim_effect_row *row = bilim_compare_row(&c, 1, "adoption_routine");
    cr_assert_not_null(row);
    /* Differences .15 .10 .15: mean .4/3, sd sqrt(.0025/3), se sd/sqrt(3). */
    double mean = 0.4 / 3, sd = sqrt(0.0025 / 3), se = sd / sqrt(3.0);
    near(row->paired.mean, mean, 1e-15, "mean diff");
    near(row->paired.sd, sd, 1e-14, "sd");
    near(row->paired.low, mean - T975_DF2 * se, 1e-9, "low");
    near(row->paired.high, mean + T975_DF2 * se, 1e-9, "high");
    near(row->baseline_mean, 0.55 / 3, 1e-15, "baseline");
    near(row->option_mean, 0.95 / 3, 1e-15, "option");
    cr_assert_str_eq(row->unit, "share");
    /* 1,000 teachers: 133.3 more in routine use for 1,000,000 KZT = 7,500 KZT each;
     * cost constant, so Fieller gives 1e6 / (133.3 -+ t 1000 se). */
    cr_assert(row->has_ce);
    near(row->cost_kzt, 1e6, 0, "cost");
    near(row->ce.ratio, 7500, 1e-9, "KZT per teacher");
    near(row->ce.low, 1e6 / (1000 * (mean + T975_DF2 * se)), 1e-6, "ce low");
    near(row->ce.high, 1e6 / (1000 * (mean - T975_DF2 * se)), 1e-6, "ce high");
    const bilim_effect_row *k = bilim_compare_row(&c, 1, "kzt_per_additional_teacher");
    near(k->paired.mean, 7500, 1e-9, "kzt row");
    near(k->paired.low, row->ce.low, 0, "kzt row low");
    const bilim_effect_row *add = bilim_compare_row(&c, 1, "additional_teachers_routine");
    near(add->paired.mean, 400.0 / 3, 1e-12, "additional teachers");
    /* Welch: both sides have variance .0025/3, so se = sqrt(2 (.0025/3) / 3). */
    near(row->unpaired.se, sqrt(2 * (0.0025 / 3) / 3), 1e-14, "unpaired se");
    near(row->unpaired.df, 4, 1e-9, "Welch df with equal variances");
    bilim_comparison_clear(&c);
}

Test(compare, per_innovation_rows)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    const bilim_effect_row *a = bilim_compare_row(&c, 1, "adoption_routine:project_based_learning");
    const bilim_effect_row *b = bilim_compare_row(&c, 1, "adoption_routine:digital_platform");
    cr_assert(a && b);
    near(a->paired.mean, 0.2, 1e-15, "innovation 0: .2 .2 .2");
    near(a->paired.low, a->paired.mean, 1e-15, "(nearly) zero variance");
    near(b->paired.mean, 0.2 / 3, 1e-15, "innovation 1: .1 0 .1");
    near(a->ce.ratio, 1e6 / 200, 1e-9, "KZT per teacher, innovation 0");
    bilim_comparison_clear(&c);
}

Test(compare, locality_and_gap)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    cr_assert(c.has_locality);
    const bilim_effect_row *u = bilim_compare_row(&c, 1, "adoption_routine_urban");
    const bilim_effect_row *q = bilim_compare_row(&c, 1, "adoption_routine_rural");
    const bilim_effect_row *g = bilim_compare_row(&c, 1, "rural_urban_gap");
    /* Urban means .25 .30 .30 -> .40 .40 .45; rural .05 .10 .10 -> .25 .25 .30. */
    near(u->paired.mean, 0.4 / 3, 1e-15, "urban");
    near(q->paired.mean, 0.55 / 3, 1e-15, "rural");
    near(g->baseline_mean, 0.20, 1e-15, "baseline gap");
    near(g->option_mean, 0.15, 1e-15, "option gap");
    near(g->paired.mean, -0.05, 1e-15, "gap change");
    cr_assert(strstr(g->note, "narrows"), "%s", g->note);
    bilim_comparison_clear(&c);
}

Test(compare, months_to_threshold)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    const bilim_effect_row *t = bilim_compare_row(&c, 1, "months_to_25pct");
    cr_assert(isnan(t->paired.mean), "the baseline never reaches 25%%");
    near(t->option_mean, 5.0 / 3, 1e-15, "option reaches it at months 1, 2, 2");
    cr_assert(isnan(t->baseline_mean));
    cr_assert(strstr(t->note, "3 of 3 replicates (mean month 1.7)"), "%s", t->note);
    cr_assert(strstr(t->note, "baseline in none"), "%s", t->note);
    const bilim_effect_row *h = bilim_compare_row(&c, 1, "months_to_50pct");
    cr_assert(strstr(h->note, "no replicate"), "%s", h->note);
    /* Series summaries: mean routine use of more_pd at month 1 is .22. */
    near(bilim_compare_summary(&c, 1, BILIM_Q_ROUTINE, 1)[BILIM_STAT_MEAN], 0.66 / 3, 1e-15,
         "summary mean");
    near(bilim_compare_summary(&c, 1, BILIM_Q_ROUTINE, 1)[BILIM_STAT_Q50], 0.20, 1e-15, "median");
    /* The difference series at the horizon is the headline. */
    near(bilim_compare_diff(&c, 1, M)[BILIM_BAND_MEAN], 0.4 / 3, 1e-15, "diff series");
    near(bilim_compare_diff(&c, 1, 0)[BILIM_BAND_MEAN], 0, 0, "month 0: no difference");
    bilim_comparison_clear(&c);
}

Test(compare, zero_effect_free_option_and_rankings)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    const bilim_effect_row *z = bilim_compare_row(&c, 2, "adoption_routine");
    cr_assert_eq(z->paired.mean, 0.0);
    cr_assert_eq(z->ce.status, BILIM_CE_NO_EFFECT);
    cr_assert(isinf(z->ce.ratio));
    cr_assert(strstr(bilim_compare_row(&c, 2, "kzt_per_additional_teacher")->note, "no effect"));
    const bilim_effect_row *f = bilim_compare_row(&c, 3, "adoption_routine");
    near(f->paired.mean, 0.01, 1e-15, "free option effect");
    cr_assert_eq(f->ce.ratio, 0.0, "no cost: 0 KZT per teacher");
    cr_assert_eq(f->cost_kzt, 0.0);
    /* By effect: more_pd, free_option, no_effect. By KZT per teacher:
     * free_option (0), more_pd (7,500), no_effect (infinite). */
    cr_assert_eq(c.rank_effect[0], 1);
    cr_assert_eq(c.rank_effect[1], 3);
    cr_assert_eq(c.rank_effect[2], 2);
    cr_assert_eq(c.rank_ce[0], 3);
    cr_assert_eq(c.rank_ce[1], 1);
    cr_assert_eq(c.rank_ce[2], 2);
    cr_assert(c.budgets_differ);
    cr_assert(strstr(c.budget_note, "Budgets differ"), "%s", c.budget_note);
    cr_assert(strstr(c.budget_note, "no_effect"), "%s", c.budget_note);
    near(c.spent_kzt[2], 2e6, 0, "spent");
    cr_assert(isinf(c.budget_kzt[0]) == 0 && c.budget_kzt[0] == 0.0, "baseline: no interventions");
    near(c.budget_kzt[1], 5e6, 0, "budget cap");
    bilim_comparison_clear(&c);
}

Test(compare, equal_budgets_say_so)
{
    bilim_comparison c;
    bilim_error err;
    bilim_run_result two[3] = {runs[0], runs[1], runs[2]};
    for (int r = 0; r < R; r++)
        set(&two[2], r, M, BILIM_M_COST_KZT_CUMULATIVE, 0, 1.04e6);
    cr_assert_eq(bilim_compare_compute(two, 3, &c, &err), 0, "%s", err.msg);
    cr_assert(!c.budgets_differ);
    cr_assert(strstr(c.budget_note, "about the same"), "%s", c.budget_note);
    bilim_comparison_clear(&c);
}

Test(compare, one_replicate_has_no_intervals)
{
    bilim_run_result one[2] = {runs[0], runs[1]};
    for (int s = 0; s < 2; s++) {
        one[s].replicates = 1;
        one[s].scenario.replicates = 1;
    }
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(one, 2, &c, &err), 0, "%s", err.msg);
    const bilim_effect_row *row = bilim_compare_row(&c, 1, "adoption_routine");
    near(row->paired.mean, 0.15, 1e-15, "replicate 0 only");
    cr_assert(isnan(row->paired.low) && isnan(row->paired.high));
    cr_assert(strstr(row->note, "one replicate"), "%s", row->note);
    near(row->ce.ratio, 1e6 / 150, 1e-9, "ratio");
    cr_assert(isnan(row->ce.low));
    bilim_comparison_clear(&c);
}

Test(compare, refuses_different_populations)
{
    bilim_run_result two[2] = {runs[0], runs[1]};
    two[1].scenario.population.regions[3].urban += 1;
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(two, 2, &c, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "'more_pd' cannot be paired with the baseline 'baseline'"), "%s",
              err.msg);
    cr_assert(strstr(err.msg, "region 3"), "%s", err.msg);
    cr_assert(strstr(err.msg, "identical populations"), "%s", err.msg);
}

Test(compare, refuses_initial_parameters_seed_and_names)
{
    bilim_scenario sc[2] = {runs[0].scenario, runs[1].scenario};
    bilim_error err;
    cr_assert_eq(bilim_compare_check(sc, 2, &err), 0, "%s", err.msg);
    sc[1].params.init_K_mean_rural = 0.3;
    cr_assert_eq(bilim_compare_check(sc, 2, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "init_K_mean_rural"), "%s", err.msg);
    sc[1] = runs[1].scenario;
    sc[1].params.eta_pd = 0.1; /* dynamics may differ: that is a policy question */
    cr_assert_eq(bilim_compare_check(sc, 2, &err), 0, "%s", err.msg);
    sc[1].seed = 99;
    cr_assert_eq(bilim_compare_check(sc, 2, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "--seed"), "%s", err.msg);
    sc[1] = sc[0];
    cr_assert_eq(bilim_compare_check(sc, 2, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "two scenarios are named 'baseline'"), "%s", err.msg);
    cr_assert_eq(bilim_compare_check(sc, 1, &err), BILIM_EINVAL);
}

Test(compare, refuses_a_different_month_zero)
{
    bilim_run_result two[2] = {runs[0], runs[1]};
    size_t bytes = (size_t)R * (M + 1) * runs[1].layout.record_size * sizeof(double);
    two[1].series = malloc(bytes);
    memcpy(two[1].series, runs[1].series, bytes);
    set(&two[1], 2, 0, BILIM_M_BARRIER_PREVALENCE, 0, 0.8);
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(two, 2, &c, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "barrier_prevalence differs in replicate 2"), "%s", err.msg);
    free(two[1].series);
}

Test(compare, format_kzt)
{
    char b[64];
    bilim_compare_format_kzt(1.25e9, b, sizeof b);
    cr_assert_str_eq(b, "1.25 billion KZT");
    bilim_compare_format_kzt(3.5e8, b, sizeof b);
    cr_assert_str_eq(b, "350 million KZT");
    bilim_compare_format_kzt(12345678, b, sizeof b);
    cr_assert_str_eq(b, "12.3 million KZT");
    bilim_compare_format_kzt(12300, b, sizeof b);
    cr_assert_str_eq(b, "12,300 KZT");
    bilim_compare_format_kzt(-1234567.0 / 1000, b, sizeof b);
    cr_assert_str_eq(b, "-1,235 KZT");
    bilim_compare_format_kzt(0, b, sizeof b);
    cr_assert_str_eq(b, "no cost");
    bilim_compare_format_kzt(INFINITY, b, sizeof b);
    cr_assert_str_eq(b, "unlimited");
    bilim_compare_format_kzt(NAN, b, sizeof b);
    cr_assert_str_eq(b, "-");
}

/* --- CSV ------------------------------------------------------------------ */

/* Splits one CSV record (RFC 4180 quoting) starting at *p into fields;
 * advances *p past the line. Returns the number of fields. */
static int csv_record(const char **p, char fields[][400], int max)
{
    int n = 0;
    const char *s = *p;
    while (n < max) {
        size_t k = 0;
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++;
                if (k + 1 < 400)
                    fields[n][k++] = *s;
            }
            if (*s == '"')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\n')
                if (k + 1 < 400)
                    fields[n][k++] = *s++;
        }
        fields[n++][k] = '\0';
        if (*s != ',')
            break;
        s++;
    }
    *p = *s == '\n' ? s + 1 : s;
    return n;
}

static int column(char header[][400], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(header[i], name) == 0)
            return i;
    return -1;
}

/* --csv in a folder that does not exist: the hint -o gives (issue 10). */
Test(compare, csv_folder_under_a_missing_folder_says_how_to_create_it)
{
    char dir[] = "/tmp/bilim-test-csv-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char sub[128], hint[160];
    snprintf(sub, sizeof sub, "%s/missing/csv", dir);
    snprintf(hint, sizeof hint, "create it (mkdir -p %s/missing)", dir);
    bilim_error err;
    bilim_error_clear(&err);
    bilim_outset *set = bilim_outset_alloc();
    int first = -1;
    cr_assert(set);
    cr_assert_eq(bilim_csv_declare(set, sub, &first, &err), BILIM_EIO);
    bilim_outset_free(set);
    cr_assert(strstr(err.msg, hint), "%s", err.msg);
    cr_assert(strstr(err.msg, sub), "%s", err.msg);
    cr_assert_eq(rmdir(dir), 0, "nothing was created in %s", dir);
}

/* The value of a share, scaled and rounded as the CSV writes it. */
static double rounded(double x, double scale, int decimals)
{
    double p = pow(10, decimals);
    return round(x * scale * p) / p;
}

Test(compare, csv_holds_the_rows_rounded_in_the_named_units)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    char dir[] = "/tmp/bilim-test-csv-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char sub[128], path[256];
    snprintf(sub, sizeof sub, "%s/new", dir); /* created by the writer */
    cr_assert_eq(bilim_csv_write_comparison(&c, sub, NULL, &err), 0, "%s", err.msg);
    snprintf(path, sizeof path, "%s/comparison.csv", sub);
    char *text = test_slurp(path);
    cr_assert_not_null(text);
    for (const char *q = text; *q; q++)
        cr_assert(!(isdigit((unsigned char)q[0]) && (q[1] == 'e' || q[1] == 'E') &&
                    (q[2] == '-' || q[2] == '+' || isdigit((unsigned char)q[2]))),
                  "scientific notation: %.20s", q);
    static char head[32][400], f[32][400];
    const char *p = text;
    int nh = csv_record(&p, head, 32);
    int cs = column(head, nh, "option"), cm = column(head, nh, "metric"),
        cd = column(head, nh, "difference"), cu = column(head, nh, "difference_unit"),
        cl = column(head, nh, "difference_ci_low");
    cr_assert(cs >= 0 && cm >= 0 && cd >= 0 && cu >= 0 && cl >= 0);
    size_t rows = 0;
    while (*p) {
        int n = csv_record(&p, f, 32);
        cr_assert_eq(n, nh, "row %zu has %d fields, the header %d", rows, n, nh);
        const bilim_effect_row *row = &c.rows[rows++];
        cr_assert_str_eq(f[cs], c.names[row->option]);
        cr_assert_str_eq(f[cm], row->metric);
        int share = strcmp(row->unit, "share") == 0;
        cr_assert_str_eq(f[cu], share ? "pp" : strcmp(row->unit, "months") == 0 ? "months"
                                                                                 : row->unit);
        int dec = share ? 3 : strcmp(row->unit, "months") == 0 ? 1 : 0;
        if (!isfinite(row->paired.mean)) /* NaN, or the infinite KZT of no effect */
            cr_assert_str_eq(f[cd], "", "undefined values are empty cells");
        else
            cr_assert_float_eq(strtod(f[cd], NULL), rounded(row->paired.mean, share ? 100 : 1,
                                                            dec), 1e-9, "%s %s: %s", f[cs],
                               f[cm], f[cd]);
        const char *dot = strchr(f[cd], '.');
        if (f[cd][0])
            cr_assert_eq(dot ? (int)strlen(dot + 1) : 0, dec, "%s %s: %s, not %d decimals",
                         f[cs], f[cm], f[cd], dec);
        if (isnan(row->paired.low))
            cr_assert_str_eq(f[cl], "");
    }
    cr_assert_eq(rows, c.n_rows);
    free(text);
    /* The notes are in notes.csv, once each. */
    snprintf(path, sizeof path, "%s/notes.csv", sub);
    text = test_slurp(path);
    cr_assert_not_null(text);
    cr_assert(strstr(text, "budgets"));
    cr_assert(strstr(text, c.budget_note) || strchr(c.budget_note, '"'), "%s", text);
    free(text);
    snprintf(path, sizeof path, "%s/summary.csv", sub);
    text = test_slurp(path);
    cr_assert_not_null(text);
    const char *head_start = "option,title,baseline,effect_pp,effect_ci_low_pp,";
    cr_assert_eq(strncmp(text, head_start, strlen(head_start)), 0, "%s", text);
    char want[128];
    const bilim_effect_row *h = bilim_compare_row(&c, 1, "adoption_routine");
    snprintf(want, sizeof want, "\n%s,%s,%s,%.3f,", c.names[1], c.titles[1], c.names[0],
             100 * h->paired.mean);
    cr_assert(strstr(text, want), "%s in %s", want, text);
    free(text);
    const char *others[] = {"ranking.csv", "series.csv", "differences.csv", "replicates.csv",
                            "regions.csv", "package_parts.csv"};
    for (size_t i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/%s", sub, others[i]);
        cr_assert_eq(access(path, R_OK), 0, "%s", path);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    bilim_comparison_clear(&c);
}

Test(compare, csv_locale_ru_has_semicolons_and_decimal_commas)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    bilim_csv_format ru;
    cr_assert_eq(bilim_csv_format_parse("ru", &ru, &err), 0);
    cr_assert_eq(bilim_csv_format_parse("fr", &ru, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "'comma'"), "%s", err.msg);
    cr_assert_eq(bilim_csv_format_parse("comma", &ru, &err), 0);
    char dir[] = "/tmp/bilim-test-csv-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(bilim_csv_write_comparison(&c, dir, &ru, &err), 0, "%s", err.msg);
    char path[256];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char *text = test_slurp(path);
    const char *head_start = "option;title;baseline;effect_pp;";
    cr_assert_eq(strncmp(text, head_start, strlen(head_start)), 0, "%s", text);
    const bilim_effect_row *h = bilim_compare_row(&c, 1, "adoption_routine");
    char num[32], want[128];
    snprintf(num, sizeof num, "%.3f", 100 * h->paired.mean);
    *strchr(num, '.') = ',';
    snprintf(want, sizeof want, "\n%s;%s;%s;%s;", c.names[1], c.titles[1], c.names[0], num);
    cr_assert(strstr(text, want), "%s in %s", want, text);
    free(text);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    bilim_comparison_clear(&c);
}

Test(compare, csv_numbers_read_back_exactly)
{
    const double xs[] = {0.1, 1.0 / 3, 7500, -2.5e-7, 123456789.123, 0};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        char buf[64] = "";
        FILE *f = fmemopen(buf, sizeof buf, "w");
        bilim_csv_number(f, xs[i]);
        fclose(f);
        cr_assert_eq(strtod(buf, NULL), xs[i], "%s", buf);
        cr_assert_leq(strlen(buf), 24);
    }
    char buf[64] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    bilim_csv_number(f, NAN);
    bilim_csv_string(f, "a, \"b\"");
    fclose(f);
    cr_assert_str_eq(buf, "\"a, \"\"b\"\"\"");
}

Test(compare, csv_into_a_file_is_an_error)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 4, &c, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_csv_write_comparison(&c, "/dev/null", NULL, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "exists and is a character device"), "%s", err.msg);
    cr_assert_eq(bilim_csv_write_comparison(&c, "/nonexistent/deeper/csv", NULL, &err),
                 BILIM_EIO);
    cr_assert(strstr(err.msg, "does not exist"), "%s", err.msg);
    bilim_comparison_clear(&c);
}

/* --- end to end: bilim compare on the shipped scenarios --------------------- */

/* The comparison.csv field `col` of (scenario, metric), or NULL. */
static char *csv_lookup(const char *text, const char *scenario, const char *metric,
                        const char *col, char *out)
{
    static char head[32][400], f[32][400];
    const char *p = text;
    int nh = csv_record(&p, head, 32);
    int cs = column(head, nh, "option"), cm = column(head, nh, "metric");
    int cc = column(head, nh, col);
    while (*p) {
        csv_record(&p, f, 32);
        if (strcmp(f[cs], scenario) == 0 && strcmp(f[cm], metric) == 0) {
            strcpy(out, f[cc]);
            return out;
        }
    }
    return NULL;
}

Test(compare_cli, csv_equals_what_the_hdf5_file_holds, .timeout = 120)
{
    char dir[] = "/tmp/bilim-test-cmp-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    const char *src = test_source_dir();
    char args[4096], *out = NULL, *err = NULL;
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/option_10bn_funding.json "
             "%s/scenarios/option_10bn_incentives.json -o %s/c.h5 --csv %s/csv "
             "--schools 40 --replicates 3 --threads 2",
             src, src, src, dir, dir);
    int rc = test_run_bilim(args, &out, &err);
    cr_assert_eq(rc, 0, "bilim %s\n%s%s", args, out, err);
    cr_assert(strstr(out, "Results: "), "says where the results are: %s", out);
    cr_assert(strstr(out, "/csv/comparison.csv"), "%s", out);
    /* Options by their titles, the identifiers listed for files and --baseline. */
    cr_assert(strstr(out, "with the baseline 'Business as usual'"), "%s", out);
    cr_assert(strstr(out, ". Grants to schools, 10 bn KZT "), "%s", out);
    cr_assert(strstr(out, "  Grants to schools, 10 bn KZT: option_10bn_funding\n"), "%s", out);
    free(out);
    free(err);

    char path[512];
    snprintf(path, sizeof path, "%s/c.h5", dir);
    /* The title and description attributes the report reads. */
    char *attr = NULL;
    bilim_error ae;
    cr_assert_eq(bilim_output_read_attr_string(path, "/scenarios/option_10bn_funding", "title", &attr, &ae),
                 0, "%s", ae.msg);
    cr_expect_str_eq(attr, "Grants to schools, 10 bn KZT");
    free(attr);
    cr_assert_eq(bilim_output_read_attr_string(path, "/scenarios/option_10bn_funding", "description",
                                               &attr, &ae), 0, "%s", ae.msg);
    cr_expect(strncmp(attr, "Need-based grants alone with the 10 billion KZT", 47) == 0, "%s", attr);
    free(attr);
    bilim_run_result *runs_back = NULL;
    char **jsons = NULL;
    int n = 0;
    bilim_error e;
    cr_assert_eq(bilim_output_read(path, &runs_back, &jsons, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n, 3);
    const bilim_run_result *base = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(runs_back[i].scenario.name, "baseline") == 0)
            base = &runs_back[i];
    cr_assert_not_null(base);
    snprintf(path, sizeof path, "%s/csv/comparison.csv", dir);
    char *text = test_slurp(path);
    cr_assert_not_null(text);
    for (int i = 0; i < n; i++) {
        const bilim_run_result *opt = &runs_back[i];
        if (opt == base)
            continue;
        cr_assert_eq(opt->replicates, 3);
        int32_t h = opt->months;
        double sum = 0.0;
        for (int32_t r = 0; r < opt->replicates; r++)
            sum += test_routine_mean(opt, r, h) - test_routine_mean(base, r, h);
        double want = sum / opt->replicates;
        char field[400];
        cr_assert_not_null(csv_lookup(text, opt->scenario.name, "adoption_routine", "difference",
                                      field), "no adoption_routine row for %s",
                           opt->scenario.name);
        /* Percentage points at three decimals: the HDF5 value rounded. */
        cr_assert_float_eq(strtod(field, NULL), round(1e5 * want) / 1e3, 1e-9,
                           "%s: CSV %s, HDF5 %.17g", opt->scenario.name, field, want);
        cr_assert_not_null(csv_lookup(text, opt->scenario.name, "adoption_routine", "title", field));
        cr_expect_str_eq(field, opt->scenario.title);
        cr_expect_neq(opt->scenario.title[0], '\0', "the shipped options have titles");
    }
    free(text);
    bilim_output_read_free(runs_back, jsons, n);
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    cr_assert_eq(system(args), 0);
}

Test(compare_cli, refuses_unpairable_and_bad_usage)
{
    char *out = NULL, *err = NULL;
    cr_assert_eq(test_run_bilim("compare", &out, &err), 2);
    cr_assert(strstr(err, "baseline"), "%s", err);
    free(out);
    free(err);
    char args[2048];
    const char *src = test_source_dir();
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json %s/scenarios/baseline.json "
             "-o /tmp/never.h5", src, src);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert(strstr(err, "two scenarios are named 'baseline'"), "%s", err);
    cr_assert_eq(access("/tmp/never.h5", F_OK), -1);
    free(out);
    free(err);
}
