/* tests/test_compare_psa.c: `bilim compare --draws` end to end on a tiny
 * sample: the result file's datasets and their labelled axes, the table of
 * runs (HDF5 and CSV; read by pandas in one line when /usr/bin/python3 has
 * h5py and pandas), identical results for 1 and 2 threads, --fix, --prior
 * and --posterior, and every usage error. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/psa_write.h"
#include "base/alloc.h"
#include "formats/design_read.h"
#include "formats/output_read.h"
#include "helpers.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-psa-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(compare_psa, .init = setup, .fini = teardown);

/* `bilim compare baseline innovation_hub --draws 16 ...` plus extra arguments. */
static int run(const char *extra, const char *name, char **out, char **err)
{
    char args[4096];
    const char *s = test_source_dir();
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/innovation_hub.json --draws 16 "
             "--schools 40 --months 12 --replicates 2 -o %s/%s.h5 %s", s, s, dir, name, extra);
    return test_run_bilim(args, out, err);
}

static hsize_t dims_of(hid_t f, const char *path, int *rank, hsize_t d[3])
{
    cr_assert_eq(H5LTget_dataset_ndims(f, path, rank), 0, "%s is missing", path);
    H5T_class_t cls;
    size_t sz;
    cr_assert_geq(H5LTget_dataset_info(f, path, d, &cls, &sz), 0);
    return d[0];
}

Test(compare_psa, writes_the_decision_tables_with_labelled_axes)
{
    char *out = NULL, *err = NULL;
    char extra[512];
    snprintf(extra, sizeof extra, "--csv %s/csv", dir);
    cr_assert_eq(run(extra, "a", &out, &err), 0, "%s", err);
    cr_assert(strstr(out, "Under uncertainty: 16 draws of"), "%s", out);
    cr_assert(strstr(out, "month-0 state (whole particles"), "%s", out);
    cr_assert(strstr(out, "P(best) 1.00"), "%s", out);
    cr_assert(strstr(out, "Measuring before deciding is worth up to"), "%s", out);
    free(out);
    free(err);
    char path[256];
    snprintf(path, sizeof path, "%s/a.h5", dir);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    int rank;
    hsize_t d[3];
    /* 16 draws x 2 scenarios, and the 16 first draws again for the noise. */
    cr_expect_eq(dims_of(f, "/design/runs", &rank, d), 64u);
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/rank_probability", &rank, d), 1u);
    cr_expect_eq(rank, 2);
    double rp;
    H5LTread_dataset_double(f, "/comparison/uncertainty/rank_probability", &rp);
    cr_expect_eq(rp, 1.0, "one option: always first");
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/ceac", &rank, d), 62u);
    cr_expect_eq(d[1], 2u, "baseline and option");
    double ceac[62 * 2];
    H5LTread_dataset_double(f, "/comparison/uncertainty/ceac", ceac);
    for (int w = 0; w < 62; w++)
        cr_expect_float_eq(ceac[2 * w] + ceac[2 * w + 1], 1.0, 1e-12, "row %d sums to 1", w);
    cr_expect_eq(ceac[0], 1.0, "worth nothing: never pay");
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/evpi", &rank, d), 62u);
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/rank_probability_net_benefit", &rank, d), 2u);
    hsize_t n_evppi = dims_of(f, "/comparison/uncertainty/evppi", &rank, d);
    cr_expect_gt(n_evppi, 40u, "every factor, groups, the month-0 state, the reference");
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/evppi_by_wtp", &rank, d), n_evppi);
    cr_expect_eq(d[1], 62u);
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/frontier", &rank, d), 2u);
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/effects", &rank, d), 6u);
    cr_expect_eq(dims_of(f, "/comparison/uncertainty/draws", &rank, d), 16u);
    /* Every axis of the arrays is a named dimension scale. */
    const char *arrays[] = {"rank_probability", "ceac", "evpi", "evppi", "evppi_by_wtp", "draws"};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "/comparison/uncertainty/%s", arrays[i]);
        hid_t ds = H5Dopen2(f, p, H5P_DEFAULT);
        int r = 0;
        H5LTget_dataset_ndims(f, p, &r);
        for (int a = 0; a < r; a++)
            cr_expect_gt(H5DSget_num_scales(ds, (unsigned)a), 0, "%s axis %d has no scale",
                         arrays[i], a);
        H5Dclose(ds);
    }
    cr_expect_geq(H5Lexists(f, "/comparison/effects", H5P_DEFAULT), 1,
                  "the usual comparison is still there");
    /* The runs table: typed columns, one per factor, the outputs. */
    hid_t runs = H5Dopen2(f, "/design/runs", H5P_DEFAULT);
    hid_t t = H5Dget_type(runs);
    int seed = H5Tget_member_index(t, "seed"), scen = H5Tget_member_index(t, "scenario");
    cr_assert_geq(seed, 0);
    cr_assert_geq(scen, 0);
    hid_t st = H5Tget_member_type(t, (unsigned)seed);
    cr_expect_eq(H5Tget_class(st), H5T_INTEGER);
    cr_expect_eq(H5Tget_sign(st), H5T_SGN_NONE, "seeds are unsigned 64-bit");
    H5Tclose(st);
    st = H5Tget_member_type(t, (unsigned)scen);
    cr_expect_eq(H5Tget_class(st), H5T_STRING);
    H5Tclose(st);
    const char *cols[] = {"run", "point", "particle", "replicate", "eta_pd", "cost_R",
                          "innovation_q_scale", "init_K_mean_rural", "routine", "cost_kzt",
                          "months_to_25pct", "teachers"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        cr_expect_geq(H5Tget_member_index(t, cols[i]), 0, "no column %s", cols[i]);
    H5Tclose(t);
    H5Dclose(runs);
    H5Fclose(f);
    /* CSV: one row per run, and the decision tables. */
    const char *files[] = {"runs.csv", "factors.csv", "uncertainty_effects.csv",
                           "rank_probability.csv", "ceac.csv", "evppi.csv", "frontier.csv",
                           "discovery.csv", "comparison.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/csv/%s", dir, files[i]);
        char *text = test_slurp(p);
        cr_assert_not_null(text, "%s is missing", files[i]);
        if (!strcmp(files[i], "runs.csv")) {
            int lines = 0;
            for (char *c = text; *c; c++)
                lines += *c == '\n';
            cr_expect_eq(lines, 65, "a header and 64 runs");
            cr_expect(!strncmp(text, "run,point,particle,scenario,replicate,seed,", 43), "%.80s",
                      text);
        }
        free(text);
    }
}

Test(compare_psa, identical_for_one_and_two_threads)
{
    char extra[512];
    snprintf(extra, sizeof extra, "--threads 1 -q --csv %s/one", dir);
    cr_assert_eq(run(extra, "one", NULL, NULL), 0);
    snprintf(extra, sizeof extra, "--threads 2 -q --csv %s/two", dir);
    cr_assert_eq(run(extra, "two", NULL, NULL), 0);
    const char *files[] = {"runs.csv", "uncertainty_effects.csv", "ceac.csv", "evppi.csv",
                           "rank_probability.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/one/%s", dir, files[i]);
        snprintf(b, sizeof b, "%s/two/%s", dir, files[i]);
        char *x = test_slurp(a), *y = test_slurp(b);
        cr_assert(x && y);
        cr_expect_str_eq(x, y, "%s differs between 1 and 2 threads", files[i]);
        free(x);
        free(y);
    }
}

Test(compare_psa, fix_prior_and_posterior_change_the_design)
{
    char extra[512], p[256];
    snprintf(extra, sizeof extra, "-q --fix posterior --fix diffusion --fix cost_R=3e7 "
             "--prior eta_pd=uniform:0.01,0.02 --sampling sobol --csv %s/c", dir);
    char *err = NULL;
    cr_assert_eq(run(extra, "c", NULL, &err), 0, "%s", err);
    free(err);
    snprintf(p, sizeof p, "%s/c/factors.csv", dir);
    char *text = test_slurp(p);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "\neta_pd,parameter,teacher,uniform,0.01,0.02,0.01,0.02,"), "%s", text);
    cr_expect(!strstr(text, "\nbeta_k,") && !strstr(text, "\ncost_R,"), "fixed ones are gone");
    cr_expect(strstr(text, "\ninnovation_p_scale,scenario factor,innovation,"), "%s", text);
    free(text);
    snprintf(p, sizeof p, "%s/c.h5", dir);
    hid_t f = H5Fopen(p, H5F_ACC_RDONLY, H5P_DEFAULT);
    long long particles = -1;
    H5LTget_attribute_long_long(f, "/design", "posterior_particles", &particles);
    cr_expect_eq(particles, 0, "--fix posterior: no sample");
    H5Fclose(f);
    char *sampling = NULL;
    bilim_error e;
    cr_assert_eq(bilim_output_read_attr_string(p, "/design", "sampling", &sampling, &e), 0, "%s",
                 e.msg);
    cr_expect(strstr(sampling, "Sobol"), "%s", sampling);
    bilim_free(sampling);
    char *fixed = NULL;
    cr_assert_eq(bilim_output_read_attr_string(p, "/design", "fix_command_line", &fixed, &e), 0);
    cr_expect_str_eq(fixed, "posterior\ndiffusion\ncost_R=3e7\n");
    bilim_free(fixed);
    /* --fix cost_R=3e7 sets it in every scenario (the scenarios' JSON keeps the file's). */
    snprintf(p, sizeof p, "%s/c/comparison.csv", dir);
    cr_expect(access(p, F_OK) == 0);
}

Test(compare_psa, usage_errors_are_clear_and_leave_no_file)
{
    const struct { const char *extra, *needle; int code; } cases[] = {
        {"--fix nonsense", "--fix nonsense: not a parameter", 2},
        {"--fix eta_pd=7", "--fix eta_pd=7: outside the allowed range", 2},
        {"--fix diffusion=1", "only a parameter or a scenario factor takes a value", 2},
        {"--fix eta_pd=x", "'x' is not a number", 2},
        {"--prior eta_pd=factor:1", "--prior eta_pd: 'factor:1'", 2},
        {"--prior eta_pd", "expected NAME=KIND", 2},
        {"--prior nonsense=uniform:0,1", "'nonsense' is neither a model parameter", 1},
        {"--prior eta_pd=uniform:0,3", "bounds [0, 3] leave the allowed range [0, 1]", 1},
        {"--prior init_K_kappa=factor:base,2", "comes from the posterior sample", 1},
        {"--sampling halton", "--sampling halton: expected auto, sobol or lhs", 2},
        {"--posterior /nonexistent.json", "cannot read /nonexistent.json", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err = NULL;
        int rc = run(cases[i].extra, "err", NULL, &err);
        cr_expect_eq(rc, cases[i].code, "%s: exit %d: %s", cases[i].extra, rc, err);
        cr_expect(strstr(err, cases[i].needle), "%s: %s", cases[i].extra, err);
        free(err);
        char p[256];
        snprintf(p, sizeof p, "%s/err.h5", dir);
        cr_expect(access(p, F_OK) != 0, "%s left a file", cases[i].extra);
    }
    char *err = NULL, args[2048];
    const char *s = test_source_dir();
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json %s/scenarios/innovation_hub.json "
             "--fix cost_R -o %s/x.h5", s, s, dir);
    cr_expect_eq(test_run_bilim(args, NULL, &err), 2);
    cr_expect(strstr(err, "need --draws N"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "compare %s/scenarios/baseline.json %s/scenarios/innovation_hub.json "
             "--draws 1 -o %s/x.h5", s, s, dir);
    cr_expect_eq(test_run_bilim(args, NULL, &err), 2);
    cr_expect(strstr(err, "--draws expects a whole number from 2"), "%s", err);
    free(err);
}

Test(compare_psa, pandas_reads_the_runs_table_in_one_line)
{
    test_require_tool(system("/usr/bin/python3 -c 'import h5py, pandas' >/dev/null 2>&1") == 0,
                      "/usr/bin/python3 with h5py and pandas");
    cr_assert_eq(run("-q", "py", NULL, NULL), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && /usr/bin/python3 -c \"import h5py, pandas; "
             "df = pandas.DataFrame(h5py.File('py.h5')['design/runs'][()]); "
             "assert len(df) == 64, len(df); assert df['seed'].dtype == 'uint64'; "
             "assert set(df['scenario']) == {b'baseline', b'innovation_hub'}; "
             "assert (df.groupby('point')['seed'].nunique() == 1).all(); "
             "print(df.shape)\" > py.out 2>&1", dir);
    int rc = system(cmd);
    char p[256];
    snprintf(p, sizeof p, "%s/py.out", dir);
    char *text = test_slurp(p);
    cr_expect_eq(rc, 0, "%s", text);
    free(text);
}

Test(compare_psa, r_reads_the_runs_table_in_one_line)
{
    test_require_tool(system("Rscript -e 'library(rhdf5)' >/dev/null 2>&1") == 0,
                      "Rscript with rhdf5 (Debian: r-bioc-rhdf5)");
    cr_assert_eq(run("-q", "r", NULL, NULL), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd %s && Rscript -e 'x <- rhdf5::h5read(\"r.h5\", \"design/runs\", "
             "bit64conversion = \"double\"); stopifnot(is.data.frame(x), nrow(x) == 64, "
             "all(x$seed > 0), setequal(unique(x$scenario), c(\"baseline\", \"innovation_hub\")))' "
             "> r.out 2>&1", dir);
    int rc = system(cmd);
    char p[256];
    snprintf(p, sizeof p, "%s/r.out", dir);
    char *text = test_slurp(p);
    cr_expect_eq(rc, 0, "%s", text);
    free(text);
}

Test(compare_psa, the_analysis_is_recomputed_from_the_file_alone)
{
    char extra[512];
    snprintf(extra, sizeof extra, "-q --csv %s/cmd", dir);
    cr_assert_eq(run(extra, "f", NULL, NULL), 0);
    char path[256], out[256];
    snprintf(path, sizeof path, "%s/f.h5", dir);
    bilim_design d;
    bilim_design_record *rec;
    bilim_error err;
    cr_assert_eq(bilim_design_read(path, &d, &rec, &err), BILIM_OK, "%s", err.msg);
    cr_expect_eq(d.n_points, 16);
    cr_expect_eq(d.n_scenarios, 2);
    cr_expect_str_eq(d.scenarios[1].name, "innovation_hub");
    cr_expect_gt(d.n_factors, 40);
    cr_expect_gt(d.particles.n, 0);
    cr_expect_eq(d.particles.n_columns, 10);
    bilim_psa_settings s;
    bilim_psa_settings_defaults(&s);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    H5LTget_attribute_double(f, "/comparison/uncertainty", "population_scale",
                             &s.population_scale);
    H5Fclose(f);
    bilim_psa_result r;
    cr_assert_eq(bilim_psa_compute(&d, rec, &s, &r, &err), BILIM_OK, "%s", err.msg);
    snprintf(out, sizeof out, "%s/again", dir);
    bilim_outset *set = bilim_outset_alloc();
    int first = -1;
    cr_assert(set);
    cr_assert_eq(bilim_outset_folder(set, out, "--csv", &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_psa_csv_declare(set, out, &first, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_outset_open(set, &err), BILIM_OK, "%s", err.msg);
    cr_assert_eq(bilim_psa_csv_write_set(set, first, &d, rec, &r, &err), BILIM_OK, "%s",
                 err.msg);
    cr_assert_eq(bilim_outset_commit(set, &err), BILIM_OK, "%s", err.msg);
    bilim_outset_free(set);
    const char *files[] = {"runs.csv", "uncertainty_effects.csv", "rank_probability.csv",
                           "ceac.csv", "evppi.csv", "frontier.csv", "discovery.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/cmd/%s", dir, files[i]);
        snprintf(b, sizeof b, "%s/again/%s", dir, files[i]);
        char *x = test_slurp(a), *y = test_slurp(b);
        cr_assert(x && y);
        cr_expect_str_eq(x, y, "%s recomputed from the file differs", files[i]);
        free(x);
        free(y);
    }
    bilim_psa_result_clear(&r);
    bilim_free(rec);
    bilim_design_clear(&d);
    /* A file without a design: a clear error. */
    snprintf(path, sizeof path, "%s/plain.h5", dir);
    char args[1024];
    snprintf(args, sizeof args, "run %s/scenarios/baseline.json --schools 20 --months 2 "
             "--replicates 1 -q -o %s", test_source_dir(), path);
    cr_assert_eq(test_run_bilim(args, NULL, NULL), 0);
    cr_expect_neq(bilim_design_read(path, &d, &rec, &err), BILIM_OK);
    cr_expect(strstr(err.msg, "/design"), "%s", err.msg);
}

Test(compare_psa, the_help_example_runs_as_written)
{
    char *help = NULL;
    cr_assert_eq(test_run_bilim("help compare", &help, NULL), 0);
    /* The example with --draws: from its "bilim compare" to the line without a backslash. */
    char *draws = strstr(help, "--draws 40");
    cr_assert_not_null(draws, "%s", help);
    char *start = draws;
    while (start > help && strncmp(start, "bilim compare", 13) != 0)
        start--;
    char *end = strstr(draws, "psa-csv");
    cr_assert(end && start > help);
    end += strlen("psa-csv");
    char cmd[2048];
    size_t k = 0;
    for (char *c = start + strlen("bilim "); c < end && k + 1 < sizeof cmd; c++)
        if (*c != '\\' && *c != '\n')
            cmd[k++] = *c;
    cmd[k] = '\0';
    /* Run it from a folder where scenarios/ is the source tree's. */
    char link[256], sh[4096];
    snprintf(link, sizeof link, "%s/scenarios", dir);
    char target[1024];
    snprintf(target, sizeof target, "%s/scenarios", test_source_dir());
    cr_assert_eq(symlink(target, link), 0);
    snprintf(sh, sizeof sh, "cd %s && %s %s -q > ex.out 2>&1", dir, test_exe(), cmd);
    int rc = system(sh);
    char p[256];
    snprintf(p, sizeof p, "%s/ex.out", dir);
    char *text = test_slurp(p);
    cr_expect_eq(rc, 0, "%s: %s", cmd, text);
    free(text);
    snprintf(p, sizeof p, "%s/psa-csv/evppi.csv", dir);
    cr_expect_eq(access(p, F_OK), 0, "the example writes its CSV files");
    free(help);
}
