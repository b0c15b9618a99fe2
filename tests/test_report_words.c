/* tests/test_report_words.c: the report's words and details: equity
 * changes without double negatives (narrower, wider, unchanged), negative
 * effects in their own words, dates, markers for many options, labelled
 * cost-effect points, national figures next to a sample's, and the
 * regional section (effects by region against hand-worked values, the tile
 * map, regions.csv and the result file's arrays). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "analysis/report.h"
#include "analysis/report_text.h"
#include "helpers.h"
#include "synthetic_runs.h"

static char dir[] = "/tmp/bilim-test-words-XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(report_words, .init = setup, .fini = teardown);

/* A gap row: urban minus rural b under the baseline, o under the option,
 * with the paired change's interval [lo, hi]. */
static bilim_effect_row gap(double b, double o, double lo, double hi)
{
    bilim_effect_row g = {.option = 1, .unit = "share", .baseline_mean = b, .option_mean = o};
    strcpy(g.metric, "rural_urban_gap");
    g.paired.mean = o - b;
    g.paired.low = lo;
    g.paired.high = hi;
    g.paired.n = 10;
    return g;
}

Test(report_words, a_narrowing_gap_is_narrower_not_minus)
{
    char what[64], ci[128];
    bilim_effect_row g = gap(0.052, 0.0429, -0.013, -0.005);
    cr_assert_eq(bilim__report_gap_change(&g, what, sizeof what, ci, sizeof ci), -1);
    cr_assert_str_eq(what, "0.91 pp narrower");
    cr_assert_str_eq(ci, "95% CI 0.50 to 1.30 pp narrower");
    /* Rural ahead (negative gap): a positive change narrows it. */
    g = gap(-0.03, -0.02, 0.004, 0.016);
    cr_assert_eq(bilim__report_gap_change(&g, what, sizeof what, ci, sizeof ci), -1);
    cr_assert_str_eq(what, "1.00 pp narrower");
    cr_assert_str_eq(ci, "95% CI 0.40 to 1.60 pp narrower");
}

Test(report_words, a_widening_gap_is_wider)
{
    char what[64], ci[128];
    bilim_effect_row g = gap(0.05, 0.054, 0.003, 0.005);
    cr_assert_eq(bilim__report_gap_change(&g, what, sizeof what, ci, sizeof ci), 1);
    cr_assert_str_eq(what, "0.40 pp wider");
    cr_assert_str_eq(ci, "95% CI 0.30 to 0.50 pp wider");
}

Test(report_words, an_unchanged_gap_and_an_interval_across_zero)
{
    char what[64], ci[128];
    bilim_effect_row g = gap(0.05, 0.05, -0.003, 0.013);
    cr_assert_eq(bilim__report_gap_change(&g, what, sizeof what, ci, sizeof ci), 0);
    cr_assert_str_eq(what, "unchanged");
    cr_assert_str_eq(ci, "95% CI from 1.30 pp wider to 0.30 pp narrower");
    g = gap(0.05, 0.05, NAN, NAN);
    bilim__report_gap_change(&g, what, sizeof what, ci, sizeof ci);
    cr_assert_str_eq(ci, "", "no interval from one replicate");
}

Test(report_words, dates_count_from_the_start_date)
{
    bilim_comparison c = {.start_year = 2026, .start_calendar_month = 9};
    char d[32];
    bilim__report_fmt_date(&c, 0, d, sizeof d);
    cr_assert_str_eq(d, "Sep 2026");
    bilim__report_fmt_date(&c, 4, d, sizeof d);
    cr_assert_str_eq(d, "Jan 2027");
    bilim__report_fmt_date(&c, 60, d, sizeof d);
    cr_assert_str_eq(d, "Sep 2031");
    bilim__report_fmt_date(&c, -9, d, sizeof d);
    cr_assert_str_eq(d, "Dec 2025");
}

static char *report_of(bilim_run_result *runs, int n, const char *file)
{
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, n, &c, &err), 0, "%s", err.msg);
    bilim_report_input in = {&c, runs, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    cr_assert_eq(bilim_report_write(&in, path, &err), 0, "%s", err.msg);
    bilim_comparison_clear(&c);
    return test_slurp(path);
}

/* Option 1 ends below the baseline: its routine use is lowered by a
 * quarter after month 0. */
Test(report_words, negative_effects_have_their_own_words)
{
    bilim_run_result runs[2];
    const char *const names[2] = {"base", "worse"};
    synth_runs(runs, 2, names, 3, 12);
    const bilim_metric *m = &runs[1].layout.metrics[BILIM_M_ADOPTION_ROUTINE];
    for (int r = 0; r < 3; r++)
        for (int t = 1; t <= 12; t++) {
            const double *b = bilim_run_record(&runs[0], r, t);
            double *o = (double *)bilim_run_record(&runs[1], r, t);
            for (size_t j = 0; j < m->size; j++)
                o[m->offset + j] = 0.75 * b[m->offset + j];
        }
    char *html = report_of(runs, 2, "worse.html");
    cr_assert_not_null(html);
    cr_assert(strstr(html, "No option raises routine use"), "says so");
    cr_assert(strstr(html, "lowers it by"));
    cr_assert(strstr(html, "fewer teachers, for"));
    cr_assert(strstr(html, "lowers routine use<br>"), "the cost-per-teacher cell");
    cr_assert_null(strstr(html, "fewer teachers per additional teacher"));
    cr_assert_null(strstr(html, "by -"), "no negative 'by' amount");
    free(html);
    synth_free(runs, 2);
}

Test(report_words, twelve_options_get_distinct_keys_and_labelled_points_and_dates)
{
    enum { S = 13 };
    bilim_run_result runs[S];
    char buf[S][16];
    const char *names[S];
    for (int s = 0; s < S; s++) {
        snprintf(buf[s], sizeof buf[s], s ? "option_%02d" : "base", s);
        names[s] = buf[s];
    }
    synth_runs(runs, S, names, 2, 24);
    char *html = report_of(runs, S, "twelve.html");
    cr_assert_not_null(html);
    /* Each option's key (colour and marker) differs from every other's. */
    char key[S][160];
    for (int s = 1; s < S; s++) {
        char id[48];
        snprintf(id, sizeof id, "<h3 id=\"scenario-%d\">", s);
        const char *p = strstr(html, id);
        cr_assert_not_null(p, "%s", id);
        p += strlen(id);
        const char *e = strstr(p, "</span>");
        snprintf(key[s], sizeof key[s], "%.*s", (int)(e - p), p);
        for (int q = 1; q < s; q++)
            cr_assert_str_neq(key[s], key[q], "options %d and %d look alike", q, s);
    }
    /* Every cost-effect point is labelled with its option. */
    const char *ce = strstr(html, "id=\"chart-cost-effect\"");
    cr_assert_not_null(ce);
    for (int s = 1; s < S; s++)
        cr_assert(strstr(ce, names[s]), "no label %s", names[s]);
    cr_assert(strstr(html, "Sep 2028"), "the horizon as a date");
    cr_assert(strstr(html, "Sep 2026"), "month 0 as a date on the axes");
    free(html);
    synth_free(runs, S);
}

Test(report_words, a_sample_shows_national_costs_with_the_factor)
{
    bilim_run_result runs[2];
    const char *const names[2] = {"base", "option"};
    synth_runs(runs, 2, names, 2, 6); /* 1000 schools of kz-national's 7,687 */
    char *html = report_of(runs, 2, "sample.html");
    cr_assert_not_null(html);
    /* Option 1 spends 1e8 a month: 600 million by month 6; times 7.687. */
    cr_assert(strstr(html, "600 million KZT<br><span class=\"muted\">national: about 4.61 "
                           "billion KZT"), "national cost next to the sample's");
    cr_assert(strstr(html, "times 7.687 (7,687 schools divided by 1,000"), "how it is computed");
    free(html);
    synth_free(runs, 2);
}

/* Region g's effect of option s at the horizon M with R = 3 replicates:
 * (0.5 + 0.05 g) x M x 0.002 s x mean(1 + 0.05 r) x mean(1 / (1 + j)). */
static double region_effect(int g, int s, int M)
{
    return (0.5 + 0.05 * g) * M * 0.002 * s * 1.05 * (11.0 / 18.0);
}

Test(report_words, regions_effects_table_map_csv_and_file)
{
    enum { S = 3, M = 12 };
    bilim_run_result runs[S];
    const char *const names[S] = {"base", "one", "two"};
    synth_runs_by_region(runs, S, names, 3, M);
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, S, &c, &err), 0, "%s", err.msg);
    cr_assert_eq(c.n_regions, 20);
    cr_assert_str_eq(c.region_names[6], "Almaty Region");
    for (int s = 1; s < S; s++)
        for (int g = 0; g < 20; g++) {
            const double *e = bilim_compare_region_effect(&c, s, g);
            cr_assert_float_eq(e[BILIM_BAND_MEAN], region_effect(g, s, M), 1e-12,
                               "option %d region %d", s, g);
            cr_assert(e[BILIM_BAND_LOW_CI] < e[BILIM_BAND_MEAN] &&
                      e[BILIM_BAND_MEAN] < e[BILIM_BAND_HIGH_CI]);
        }
    /* regions.csv: percentage points at three decimals. */
    char csvdir[600];
    snprintf(csvdir, sizeof csvdir, "%s/csv", dir);
    cr_assert_eq(bilim_csv_write_comparison(&c, csvdir, NULL, &err), 0, "%s", err.msg);
    char path[700];
    snprintf(path, sizeof path, "%s/regions.csv", csvdir);
    char *csv = test_slurp(path);
    cr_assert_not_null(csv);
    char want[256];
    snprintf(want, sizeof want, "\ntwo,base,Almaty Region,");
    const char *row = strstr(csv, want);
    cr_assert_not_null(row, "%s", csv);
    double v[5];
    cr_assert_eq(sscanf(row + strlen(want), "%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3],
                        &v[4]), 5);
    cr_assert_float_eq(v[2], round(1e5 * region_effect(6, 2, M)) / 1e3, 1e-9, "%s", row);
    free(csv);
    bilim_comparison_clear(&c);

    char *html = report_of(runs, S, "regions.html");
    cr_assert_not_null(html);
    const char *sec = strstr(html, "<section id=\"regions\">");
    cr_assert_not_null(sec);
    cr_assert(strstr(sec, "Effects by region"));
    cr_assert(strstr(html, "id=\"region-pick-2\" checked"), "opens on the largest effect");
    int tiles = 0;
    const char *end = strstr(sec, "id=\"region-view-2\"");
    cr_assert_not_null(end);
    for (const char *p = sec; (p = strstr(p, "rx=\"4\"")) != NULL && p < end; p++)
        tiles++;
    cr_assert_eq(tiles, 20, "one tile per region on option one's map");
    char cell[64];
    snprintf(cell, sizeof cell, "+%.2f pp", 100 * region_effect(19, 2, M));
    cr_assert(strstr(sec, cell), "%s in the table", cell);
    free(html);
    synth_free(runs, S);
}

Test(report_words, without_regions_the_section_says_how_to_record_them)
{
    bilim_run_result runs[2];
    const char *const names[2] = {"base", "option"};
    synth_runs(runs, 2, names, 2, 6);
    char *html = report_of(runs, 2, "noregions.html");
    cr_assert(strstr(html, "Effects by region"));
    cr_assert(strstr(html, "\"by_region\": true"));
    free(html);
    synth_free(runs, 2);
}
