/* tests/test_package_parts.c: what each part of a package adds
 * (analysis/compare_parts.h, docs/compare.md "Packages"): each part alone
 * on the package's random numbers, the interaction, the overlap of the
 * schools the parts reached, and `bilim compare`'s outputs of it (HDF5,
 * CSV, summary, report in three languages, --no-decompose). Populations are
 * 150-school samples of kz-national over 24 months, 3 replicates. */
#include <math.h>
#include "analysis/compare.h"
#include "analysis/plot.h"
#include "base/alloc.h"
#include "scenario_helpers.h"
#include "sim/runner.h"

#define SCHOOLS "150"
#define SETTINGS "--schools " SCHOOLS " --replicates 3 --months 24 --threads 2"

/* An option that extends the shipped baseline with two parts (JSON text of
 * each intervention, whose budget_kzt add up to total). */
static const char *package_text(char *buf, size_t n, const char *name, const char *groups,
                                const char *total, const char *part1, const char *part2)
{
    snprintf(buf, n,
             "{\"name\": \"%s\", \"extends\": \"%s/scenarios/baseline.json\", %s"
             "\"package\": {\"budget_kzt\": %s}, \"append_interventions\": [%s%s%s]}",
             name, test_source_dir(), groups, total, part1, part2 ? ", " : "", part2 ? part2 : "");
    return buf;
}

#define TRAINING(target) \
    "{\"type\": \"leadership_training\", \"name\": \"training\", \"unit_cost_kzt\": 1500000, " \
    "\"budget_kzt\": 3000000000, \"target\": " target "}"
#define BONUS(target) \
    "{\"type\": \"teacher_incentives\", \"name\": \"bonus\", \"unit_cost_kzt\": 5000, " \
    "\"budget_kzt\": 3000000000, \"target\": " target "}"
#define GRANTS(target) \
    "{\"type\": \"resource_funding\", \"name\": \"grants\", \"unit_cost_kzt\": 1000000, " \
    "\"budget_kzt\": 3000000000, \"target\": " target "}"
/* No school is urban and small-class: this part reaches none. */
#define NOTHING \
    "{\"type\": \"resource_funding\", \"name\": \"nothing\", \"unit_cost_kzt\": 1000000, " \
    "\"budget_kzt\": 3000000000, \"target\": {\"locality\": \"urban\", \"small_class\": \"only\"}}"
#define GROUP "\"groups\": {\"same\": {\"locality\": \"rural\", \"max_schools\": 300}}, "

/* Loaded and set to the tests' sample, replicates and horizon. */
static void load(const test_dir *t, const char *text, bilim_scenario *sc)
{
    const char *path = test_write(t, "option.json", text);
    bilim_diags *d = bilim_diags_alloc();
    char *json = NULL;
    cr_assert_eq(bilim_scenario_load(path, sc, &json, d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
    bilim_free(json);
    bilim_scenario_settings s = {1, 0, 1, 1, 3, 24, 150, 0};
    bilim_error err;
    cr_assert_eq(bilim_scenario_apply_settings(sc, &s, NULL, &err), BILIM_OK, "%s", err.msg);
}

static void run(const bilim_scenario *sc, bilim_run_result *r)
{
    bilim_run_options opt = {2, NULL, NULL, NULL, NULL, 0};
    bilim_error err;
    cr_assert_eq(bilim_run_scenario(sc, &opt, r, &err), BILIM_OK, "%s: %s", sc->name, err.msg);
}

/* Baseline, the package and its parts alone, decomposed into *p;
 * runs[0..1] stay for the caller (cleared with clear_runs). */
static void decompose(const char *option_text, bilim_run_result runs[2], bilim_package_parts *p)
{
    test_dir t;
    test_mkdir(&t);
    static bilim_scenario base, pkg, one;
    char text[512];
    snprintf(text, sizeof text, "{\"name\": \"base\", \"extends\": \"%s/scenarios/baseline.json\"}",
             test_source_dir());
    load(&t, text, &base);
    load(&t, option_text, &pkg);
    test_rmdir(&t);
    run(&base, &runs[0]);
    run(&pkg, &runs[1]);
    int32_t k = bilim_compare_parts_count(&pkg);
    cr_assert_gt(k, 0);
    bilim_run_result parts[4];
    bilim_error err;
    for (int32_t i = 0; i < k; i++) {
        cr_assert_eq(bilim_compare_parts_scenario(&pkg, i, &one, &err), BILIM_OK, "%s", err.msg);
        run(&one, &parts[i]);
    }
    cr_assert_eq(bilim_compare_parts_compute(runs, 1, parts, k, (double)runs[0].teachers, p,
                                             &err),
                 BILIM_OK, "%s", err.msg);
    for (int32_t i = 0; i < k; i++)
        bilim_run_result_clear(&parts[i]);
}

static void clear_runs(bilim_run_result runs[2])
{
    bilim_run_result_clear(&runs[0]);
    bilim_run_result_clear(&runs[1]);
}

Test(package_parts, interaction_is_the_package_minus_its_parts, .timeout = 120)
{
    char text[2048];
    package_text(text, sizeof text, "pkg", GROUP, "6000000000", TRAINING("{\"group\": \"same\"}"),
                 BONUS("{\"group\": \"same\"}"));
    bilim_run_result runs[2];
    bilim_package_parts p;
    decompose(text, runs, &p);
    cr_assert_eq(p.n_parts, 2);
    cr_expect_str_eq(p.names[0], "training");
    cr_expect_str_eq(p.names[1], "bonus");
    /* Both parts act (hand-checked at this seed: positive effects). */
    cr_expect_gt(p.effect[0].mean, 0.0);
    cr_expect_gt(p.effect[1].mean, 0.0);
    /* Exactly the package's mean minus the parts' means, and replicate by
     * replicate. */
    cr_expect_eq(p.effect[3].mean, p.effect[2].mean - p.effect[0].mean - p.effect[1].mean);
    cr_expect_eq(p.cost_kzt[3], p.cost_kzt[2] - p.cost_kzt[0] - p.cost_kzt[1]);
    for (int r = 0; r < 3; r++)
        cr_expect_eq(p.share_diff[3 * 3 + r],
                     p.share_diff[2 * 3 + r] - p.share_diff[r] - p.share_diff[3 + r]);
    cr_expect(p.effect[3].low <= p.effect[3].mean && p.effect[3].mean <= p.effect[3].high);
    /* The package's row is the comparison's, bit for bit. */
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, 2, &c, &err), BILIM_OK, "%s", err.msg);
    const bilim_effect_row *h = bilim_compare_row(&c, 1, "adoption_routine");
    cr_expect_eq(memcmp(&h->paired.mean, &p.effect[2].mean, sizeof(double)), 0);
    cr_expect_eq(memcmp(&h->paired.low, &p.effect[2].low, sizeof(double)), 0);
    cr_expect_eq(memcmp(&h->paired.high, &p.effect[2].high, sizeof(double)), 0);
    cr_expect_eq(h->cost_kzt, p.cost_kzt[2]);
    cr_expect_eq(h->ce.ratio, p.ce[2].ratio);
    /* One list: the bonus (its budget runs out first) reached only schools
     * the training reached. */
    cr_expect_gt(p.reached[3], 0.0);
    cr_expect_eq(p.reached[1], fmin(p.reached[0], p.reached[3]), "both %g, training %g, bonus %g",
                 p.reached[1], p.reached[0], p.reached[3]);
    cr_expect_eq(p.reached[2], p.reached[1]);
    cr_expect_eq(p.schools, 150.0);
    bilim_comparison_clear(&c);
    bilim_package_parts_clear(&p);
    clear_runs(runs);
}

/* A part that reaches no school: its effect is exactly 0 with the interval
 * [0, 0], and the other part alone is the package, bit for bit (common
 * random numbers: the idle part draws nothing the others use). */
Test(package_parts, a_part_that_does_nothing_adds_exactly_nothing, .timeout = 120)
{
    char text[2048];
    package_text(text, sizeof text, "pkg", "", "6000000000", TRAINING("{\"locality\": \"rural\"}"),
                 NOTHING);
    bilim_run_result runs[2];
    bilim_package_parts p;
    decompose(text, runs, &p);
    cr_expect_eq(p.effect[1].mean, 0.0);
    cr_expect_eq(p.effect[1].low, 0.0);
    cr_expect_eq(p.effect[1].high, 0.0);
    cr_expect_eq(p.cost_kzt[1], 0.0);
    cr_expect_eq(p.reached[3], 0.0);
    cr_expect_eq(p.reached[1], 0.0, "no overlap with a part that reaches nothing");
    cr_expect_gt(p.effect[0].mean, 0.0);
    cr_expect_eq(memcmp(p.share_diff, p.share_diff + 2 * 3, 3 * sizeof(double)), 0,
                 "training alone differs from the package");
    cr_expect_eq(p.effect[3].mean, 0.0);
    cr_expect_eq(p.effect[3].low, 0.0);
    cr_expect_eq(p.effect[3].high, 0.0);
    bilim_package_parts_clear(&p);
    clear_runs(runs);
}

Test(package_parts, one_part_is_the_package_bit_for_bit, .timeout = 120)
{
    char text[2048];
    package_text(text, sizeof text, "pkg", "", "3000000000",
                 TRAINING("{\"locality\": \"rural\"}"), NULL);
    bilim_run_result runs[2];
    bilim_package_parts p;
    decompose(text, runs, &p);
    cr_assert_eq(p.n_parts, 1);
    cr_expect_eq(memcmp(p.share_diff, p.share_diff + 3, 3 * sizeof(double)), 0);
    cr_expect_eq(memcmp(p.cost_diff, p.cost_diff + 3, 3 * sizeof(double)), 0);
    cr_expect_eq(memcmp(&p.effect[0], &p.effect[1], sizeof p.effect[0]), 0);
    cr_expect_gt(p.effect[0].mean, 0.0);
    cr_expect_eq(p.effect[2].mean, 0.0);
    bilim_package_parts_clear(&p);
    clear_runs(runs);
}

/* A shared group whose list both parts exhaust: the same schools, all of
 * them (grants buy more than the group's schools). */
Test(package_parts, a_shared_group_reaches_the_same_schools, .timeout = 120)
{
    char text[2048];
    package_text(text, sizeof text, "pkg", GROUP, "6000000000", TRAINING("{\"group\": \"same\"}"),
                 GRANTS("{\"group\": \"same\"}"));
    bilim_run_result runs[2];
    bilim_package_parts p;
    decompose(text, runs, &p);
    cr_expect_gt(p.reached[0], 0.0);
    cr_expect_eq(p.reached[3], p.reached[0], "grants %g, training %g", p.reached[3], p.reached[0]);
    cr_expect_eq(p.reached[1], p.reached[0], "both %g, training %g", p.reached[1], p.reached[0]);
    cr_expect_eq(p.reached_all, p.reached[0]);
    bilim_package_parts_clear(&p);
    clear_runs(runs);
}

/* Independent targets (urban and rural): no school reached by both. */
Test(package_parts, independent_targets_do_not_overlap, .timeout = 120)
{
    char text[2048];
    package_text(text, sizeof text, "pkg", "", "6000000000", TRAINING("{\"locality\": \"urban\"}"),
                 BONUS("{\"locality\": \"rural\"}"));
    bilim_run_result runs[2];
    bilim_package_parts p;
    decompose(text, runs, &p);
    cr_expect_gt(p.reached[0], 0.0);
    cr_expect_gt(p.reached[3], 0.0);
    cr_expect_eq(p.reached[1], 0.0);
    cr_expect_eq(p.reached[2], 0.0);
    cr_expect_eq(p.reached_all, 0.0);
    bilim_package_parts_clear(&p);
    clear_runs(runs);
}

Test(package_parts, only_parts_can_run_alone)
{
    static bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    sc.n_interventions = 2;
    bilim_intervention_defaults(&sc.interventions[0], BILIM_IV_LEADERSHIP_TRAINING);
    bilim_intervention_defaults(&sc.interventions[1], BILIM_IV_RESOURCE_FUNDING);
    sc.package.parts = 2u; /* the second only */
    static bilim_scenario one;
    bilim_error err;
    cr_expect_eq(bilim_compare_parts_count(&sc), 1);
    cr_expect_eq(bilim_compare_parts_scenario(&sc, 1, &one, &err), BILIM_EINVAL);
    cr_expect(strstr(err.msg, "no package part 2"), "%s", err.msg);
    cr_assert_eq(bilim_compare_parts_scenario(&sc, 0, &one, &err), BILIM_OK);
    /* The part keeps its start; a part that is not the one would move past
     * the horizon; what is not a part is untouched. */
    cr_expect_eq(one.interventions[1].start_month, sc.interventions[1].start_month);
    cr_expect_eq(one.interventions[0].start_month, sc.interventions[0].start_month);
    cr_expect_str_eq(one.name, "unnamed~resource_funding");
    sc.package.parts = 3u;
    cr_assert_eq(bilim_compare_parts_scenario(&sc, 1, &one, &err), BILIM_OK);
    cr_expect_eq(one.interventions[0].start_month, sc.months + 1);
    cr_expect_eq(one.interventions[1].start_month, sc.interventions[1].start_month);
}

/* --- bilim compare ------------------------------------------------------------------------ */

static char *shell(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    cr_assert_not_null(f);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    size_t got;
    while ((got = fread(out + len, 1, cap - 1 - len, f)) > 0)
        len += got;
    out[len] = '\0';
    pclose(f);
    return out;
}

Test(package_parts, compare_writes_hdf5_csv_summary_and_report, .timeout = 240)
{
    test_dir t;
    test_mkdir(&t);
    char text[2048], args[4096];
    const char *opt = test_write(&t, "pkg.json",
                                 package_text(text, sizeof text, "pkg", GROUP, "6000000000",
                                              TRAINING("{\"group\": \"same\"}"),
                                              BONUS("{\"group\": \"same\"}")));
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json %s " SETTINGS
             " -o %s/out.h5 --csv %s/csv", test_source_dir(), opt, t.path, t.path);
    char *out = NULL, *err = NULL;
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "What each part of 'pkg' adds"), "%s", out);
    cr_expect(strstr(out, "reached by both training and bonus"), "%s", out);
    cr_expect(strstr(out, "interaction"), "%s", out);
    free(out);
    free(err);
    /* HDF5: the group, its tables and self-describing attributes. */
    snprintf(args, sizeof args, "h5dump -A -g /comparison/package_parts/pkg %s/out.h5", t.path);
    char *dump = shell(args);
    test_require_tool(strstr(dump, "HDF5") != NULL, "h5dump");
    static const char *const want[] = {"ATTRIBUTE \"description\"", "ATTRIBUTE \"interaction\"",
                                       "ATTRIBUTE \"interval_method\"", "ATTRIBUTE \"parts\"",
                                       "ATTRIBUTE \"reached_by_every_part\"",
                                       "DATASET \"effects\"", "DATASET \"share_difference\"",
                                       "DATASET \"cost_difference\"",
                                       "DATASET \"reached_schools\"", "\"kzt_per_additional_teacher\""};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(strstr(dump, want[i]), "no %s in\n%s", want[i], dump);
    free(dump);
    /* CSV: parts, package, interaction, one overlap row; the package's
     * effect as summary.csv has it. */
    snprintf(args, sizeof args, "%s/csv/package_parts.csv", t.path);
    char *csv = test_slurp(args);
    cr_assert_not_null(csv);
    cr_expect(strstr(csv, "\npkg,pkg,training,part alone,"), "%s", csv);
    cr_expect(strstr(csv, "\npkg,pkg,bonus,part alone,"), "%s", csv);
    cr_expect(strstr(csv, "\npkg,pkg,,interaction,"), "%s", csv);
    cr_expect(strstr(csv, "\npkg,pkg,training + bonus,reached by both,"), "%s", csv);
    int lines = 0;
    for (const char *q = csv; *q; q++)
        lines += *q == '\n';
    cr_expect_eq(lines, 1 + 4 + 1, "%s", csv);
    snprintf(args, sizeof args, "%s/csv/summary.csv", t.path);
    char *summary = test_slurp(args), eff[32];
    cr_assert_not_null(summary);
    const char *row = strstr(summary, "\npkg,pkg,baseline,");
    cr_assert_not_null(row, "%s", summary);
    sscanf(row + strlen("\npkg,pkg,baseline,"), "%31[^,]", eff);
    char whole[64];
    snprintf(whole, sizeof whole, ",whole package,%s,", eff);
    cr_expect(strstr(csv, whole), "%s not in\n%s", whole, csv);
    free(summary);
    free(csv);
    /* --no-decompose: no group, and the CSV table has its header only. */
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json %s " SETTINGS
             " -o %s/plain.h5 --csv %s/plain --no-decompose -q", test_source_dir(), opt, t.path,
             t.path);
    cr_assert_eq(test_run_bilim(args, NULL, NULL), 0);
    snprintf(args, sizeof args, "h5ls -r %s/plain.h5", t.path);
    char *ls = shell(args);
    cr_expect(strstr(ls, "/comparison") != NULL, "%s", ls);
    cr_expect(strstr(ls, "package_parts") == NULL, "%s", ls);
    free(ls);
    snprintf(args, sizeof args, "%s/plain/package_parts.csv", t.path);
    csv = test_slurp(args);
    cr_assert_not_null(csv);
    cr_expect_eq(strchr(csv, '\n') - csv + 1, (long)strlen(csv), "header only: %s", csv);
    free(csv);
    /* The report in each language, from the file (bilim report reads the
     * decomposition back). */
    bilim_error e;
    test_require_tool(bilim_plot_check(&e) == BILIM_OK, "gnuplot");
    static const char *const lang[3][2] = {{"en", "What each part of the package adds"},
                                           {"ru", "Что добавляет каждая часть пакета"},
                                           {"kk", "Пакеттің әр бөлігі не қосады"}};
    for (int l = 0; l < 3; l++) {
        snprintf(args, sizeof args, "report %s/out.h5 -o %s/r-%s.html --lang %s", t.path, t.path,
                 lang[l][0], lang[l][0]);
        cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
        free(err);
        snprintf(args, sizeof args, "%s/r-%s.html", t.path, lang[l][0]);
        char *html = test_slurp(args);
        cr_assert_not_null(html);
        cr_expect(strstr(html, "<section id=\"parts\">"), "%s: no section", lang[l][0]);
        cr_expect(strstr(html, lang[l][1]), "%s: no title '%s'", lang[l][0], lang[l][1]);
        cr_expect(strstr(html, "<th>training</th>") && strstr(html, "<th>bonus</th>"), "%s",
                  lang[l][0]);
        free(html);
    }
    /* Without the decomposition the section says so. */
    snprintf(args, sizeof args, "report %s/plain.h5 -o %s/plain.html", t.path, t.path);
    cr_assert_eq(test_run_bilim(args, NULL, NULL), 0);
    snprintf(args, sizeof args, "%s/plain.html", t.path);
    char *html = test_slurp(args);
    cr_expect(strstr(html, "--no-decompose"), "no note in the report without a decomposition");
    free(html);
    test_rmdir(&t);
}
