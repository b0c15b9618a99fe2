/* tests/test_report_psa.c: the report of a propagated comparison leads with
 * "How sure is this ranking?" (analysis/report_psa.c): its parts and
 * sentences are in the HTML, its numbers are those of the result file, and
 * `bilim report` rebuilds the same page from the file alone. Also the
 * scenario-discovery datasets in the file and discovery.csv. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/alloc.h"
#include "formats/output_read.h"
#include "helpers.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-rpsa-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(report_psa, .init = setup, .fini = teardown, .timeout = 600);

/* Three scenarios, 24 draws of a tiny sample, with the report and CSV. */
static void run_compare(void)
{
    char args[4096];
    const char *s = test_source_dir();
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/innovation_hub.json "
             "%s/scenarios/leadership_training.json --draws 24 --schools 40 --months 12 "
             "--replicates 2 -q -o %s/p.h5 --report %s/p.html --csv %s/csv",
             s, s, s, dir, dir, dir);
    char *err = NULL;
    int rc = test_run_bilim(args, NULL, &err);
    cr_assert_eq(rc, 0, "bilim compare failed: %s", err ? err : "");
    free(err);
}

static char *read_in_dir(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    char *t = test_slurp(p);
    cr_assert_not_null(t, "%s is missing", p);
    return t;
}

Test(report_psa, leads_with_how_sure_and_says_it_in_words)
{
    run_compare();
    char *html = read_in_dir("p.html");
    const char *must[] = {"How sure is this ranking?", "id=\"rank-probabilities\"",
                          "id=\"chart-ceac\"", "Which assumption matters for this decision",
                          "Measuring ", " before deciding is worth up to ",
                          "Under which conditions each option wins",
                          "How large the effects may be", "id=\"effect-distributions\"",
                          "measure only the noise between simulation runs"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        cr_expect_not_null(strstr(html, must[i]), "the report lacks \"%s\"", must[i]);
    /* the lead section comes before the simulation-noise summary */
    const char *lead = strstr(html, "id=\"uncertainty\""), *sum = strstr(html, "id=\"summary\"");
    cr_assert(lead && sum);
    cr_expect(lead < sum);
    /* the percentages of the rank table are those of the file */
    char path[256];
    snprintf(path, sizeof path, "%s/p.h5", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    double p[4];
    cr_assert_eq(H5LTread_dataset_double(f, "/comparison/uncertainty/rank_probability", p), 0);
    double p_top;
    cr_assert_eq(H5LTget_attribute_double(f, "/comparison/uncertainty/discovery", "p_top",
                                          &p_top), 0);
    H5Fclose(f);
    char *top = NULL;
    bilim_error e;
    cr_assert_eq(bilim_output_read_attr_string(path, "/comparison/uncertainty/discovery",
                                               "top_option", &top, &e), 0, "%s", e.msg);
    int k = strcmp(top, "innovation_hub") == 0 ? 0 : 1;
    bilim_free(top);
    cr_expect_float_eq(p_top, p[2 * k], 1e-15, "p_top %g, rank_probability %g", p_top, p[2 * k]);
    cr_expect_geq(p_top, 0.5); /* two options: the top one comes first at least half the time */
    char want[256];
    snprintf(want, sizeof want, "<td><span class=\"bar\" style=\"width:%.1fpx;", 160.0 * p[0]);
    cr_expect_not_null(strstr(html, want), "no bar for innovation_hub's %g", p[0]);
    snprintf(want, sizeof want, "</b> has the largest effect on routine use in <b>%.0f%%</b> of "
             "24 draws", 100.0 * p_top);
    cr_expect_not_null(strstr(html, want), "no sentence \"%s\"", want);
    /* bilim report rebuilds the same page from the file */
    char args[1024];
    snprintf(args, sizeof args, "report %s/p.h5 -o %s/again.html", dir, dir);
    char *err = NULL;
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err ? err : "");
    free(err);
    char *again = read_in_dir("again.html");
    const char *a = strstr(again, "<section id=\"uncertainty\">");
    const char *b = strstr(html, "<section id=\"uncertainty\">");
    cr_assert(a && b, "the rebuilt report lacks the lead section");
    size_t la = strstr(a, "</section>") - a, lb = strstr(b, "</section>") - b;
    cr_expect(la == lb && memcmp(a, b, la) == 0, "the lead section differs when rebuilt");
    free(again);
    free(html);
}

Test(report_psa, discovery_is_in_the_file_and_in_csv)
{
    run_compare();
    char path[256];
    snprintf(path, sizeof path, "%s/p.h5", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    double p_first[4]; /* option x rank */
    cr_assert_eq(H5LTread_dataset_double(f, "/comparison/uncertainty/rank_probability",
                                         p_first), 0);
    /* innovation_hub's row: [first, second] */
    double p_other = fmin(p_first[0], 1.0 - p_first[0]);
    int has_boxes = H5LTpath_valid(f, "/comparison/uncertainty/discovery/boxes", 1) > 0;
    cr_expect_eq(has_boxes, p_other > 0.10, "boxes %d, the other option first in %g of draws",
                 has_boxes, p_other);
    if (has_boxes) {
        int rank;
        hsize_t d[3];
        cr_assert_eq(H5LTget_dataset_ndims(f, "/comparison/uncertainty/discovery/limits",
                                           &rank), 0);
        cr_expect_eq(rank, 3);
        H5LTget_dataset_info(f, "/comparison/uncertainty/discovery/limits", d, NULL, NULL);
        cr_expect_eq(d[0], 1);
        cr_expect_gt(d[1], 10); /* the factors and the posterior's columns */
        cr_expect_eq(d[2], 2);
    }
    H5Fclose(f);
    char *csv = read_in_dir("csv/discovery.csv");
    cr_expect_eq(strncmp(csv, "winner,against,p_best,p_wins,found,mass,coverage,density,"
                              "input,description,lower,upper,sentence\n", 80), 0);
    cr_expect_eq(strstr(csv, "has a larger effect than") != NULL, has_boxes);
    free(csv);
}
