/* tests/test_sensitivity_cli.c: `bilim sensitivity` end to end on tiny
 * samples: the result file's datasets with labelled axes and the table of
 * runs, the CSV files, identical results for 1, 2 and 3 threads, the
 * summary, every usage error (no file left behind) and the help's
 * examples as written. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-sens-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(sensitivity_cli, .init = setup, .fini = teardown);

/* `bilim sensitivity baseline [leadership_training] ...` on 60 schools, 36 months (long
 * enough for the training to move routine use in every design point). */
static int run(int option, const char *extra, const char *name, char **out, char **err)
{
    char args[4096];
    const char *s = test_source_dir();
    snprintf(args, sizeof args, "sensitivity %s/scenarios/baseline.json %s%s%s --schools 60 "
             "--months 36 -o %s/%s.h5 %s", s, option ? s : "",
             option ? "/scenarios/leadership_training.json" : "", "", dir, name, extra);
    return test_run_bilim(args, out, err);
}

static void expect_axes(hid_t f, const char *path, int rank, const hsize_t *dims)
{
    int r = -1;
    cr_assert_eq(H5LTget_dataset_ndims(f, path, &r), 0, "%s is missing", path);
    cr_expect_eq(r, rank, "%s rank", path);
    hsize_t d[4];
    H5T_class_t cls;
    size_t sz;
    cr_assert_geq(H5LTget_dataset_info(f, path, d, &cls, &sz), 0);
    hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
    for (int a = 0; a < rank; a++) {
        cr_expect_eq(d[a], dims[a], "%s axis %d", path, a);
        cr_expect_gt(H5DSget_num_scales(ds, (unsigned)a), 0, "%s axis %d has no scale", path, a);
    }
    H5Dclose(ds);
}

Test(sensitivity_cli, sobol_writes_indices_runs_and_csv)
{
    char *out = NULL, *err = NULL, extra[512];
    snprintf(extra, sizeof extra, "--metric effect --params eta_train,beta_L -N 8 "
             "--resamples 50 --csv %s/csv", dir);
    cr_assert_eq(run(1, extra, "s", &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "Sensitivity of routine effect of 'leadership_training' against the "
                          "baseline (Sobol' indices, 2 factors, 64 runs"), "%s", out);
    free(out);
    free(err);
    char p[256];
    snprintf(p, sizeof p, "%s/s.h5", dir);
    hid_t f = H5Fopen(p, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    const hsize_t d2[2] = {2, 3};
    expect_axes(f, "/sensitivity/sobol_first", 2, d2);
    expect_axes(f, "/sensitivity/sobol_total", 2, d2);
    double st[6];
    cr_assert_geq(H5LTread_dataset_double(f, "/sensitivity/sobol_total", st), 0);
    /* A percentile bootstrap interval need not contain the estimate (at N = 8
     * it often does not): check it is an interval and every figure is finite. */
    for (int i = 0; i < 2; i++)
        cr_expect(isfinite(st[3 * i]) && isfinite(st[3 * i + 1]) && isfinite(st[3 * i + 2]) &&
                  st[3 * i + 1] <= st[3 * i + 2], "parameter %d: %g [%g, %g]", i, st[3 * i],
                  st[3 * i + 1], st[3 * i + 2]);
    /* 8 base rows x (2 + 2) points x 2 scenarios. */
    const hsize_t n[1] = {64};
    int r;
    H5T_class_t cls;
    size_t sz;
    hsize_t rows[1];
    cr_assert_eq(H5LTget_dataset_ndims(f, "/design/runs", &r), 0);
    H5LTget_dataset_info(f, "/design/runs", rows, &cls, &sz);
    cr_expect_eq(rows[0], n[0]);
    cr_expect_eq(cls, H5T_COMPOUND);
    int base_rows = 0;
    cr_expect_eq(H5LTget_attribute_int(f, "/sensitivity", "base_rows", &base_rows), 0);
    cr_expect_eq(base_rows, 8);
    H5Fclose(f);
    snprintf(p, sizeof p, "%s/csv/sensitivity.csv", dir);
    char *csv = test_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "factor,group,first_order,first_order_low,", 41) == 0, "%s", csv);
    cr_expect(strstr(csv, "\neta_train,principal,") && strstr(csv, "\nbeta_L,diffusion,"), "%s",
              csv);
    free(csv);
    snprintf(p, sizeof p, "%s/csv/runs.csv", dir);
    csv = test_slurp(p);
    cr_assert_not_null(csv);
    int lines = 0;
    for (char *c = csv; *c; c++)
        lines += *c == '\n';
    cr_expect_eq(lines, 65, "a header and one row per run");
    cr_expect(strstr(csv, "run,point,particle,scenario,replicate,seed,eta_train,beta_L,routine"),
              "%s", csv);
    free(csv);
}

Test(sensitivity_cli, morris_writes_mu_star_and_sigma)
{
    char *out = NULL;
    cr_assert_eq(run(0, "--method morris --trajectories 3 --group diffusion", "m", &out, NULL), 0);
    cr_expect(strstr(out, "(Morris screening, "), "%s", out);
    cr_expect(strstr(out, "mu* "), "%s", out);
    free(out);
    char p[256];
    snprintf(p, sizeof p, "%s/m.h5", dir);
    hid_t f = H5Fopen(p, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    int k = 0;
    cr_assert_eq(H5LTget_attribute_int(f, "/sensitivity", "factors", &k), 0);
    cr_expect_gt(k, 10, "the diffusion group has many priors");
    const hsize_t d1[1] = {(hsize_t)k};
    expect_axes(f, "/sensitivity/morris_mu_star", 1, d1);
    expect_axes(f, "/sensitivity/morris_sigma", 1, d1);
    expect_axes(f, "/sensitivity/morris_mu", 1, d1);
    double *mu = calloc((size_t)k, sizeof *mu), *mus = calloc((size_t)k, sizeof *mus);
    H5LTread_dataset_double(f, "/sensitivity/morris_mu", mu);
    H5LTread_dataset_double(f, "/sensitivity/morris_mu_star", mus);
    for (int i = 0; i < k; i++)
        cr_expect(mus[i] >= fabs(mu[i]) - 1e-15, "mu* >= |mu|");
    free(mu);
    free(mus);
    H5Fclose(f);
}

Test(sensitivity_cli, identical_for_one_two_and_three_threads)
{
    char *first[2] = {NULL, NULL};
    for (int t = 1; t <= 3; t++) {
        char extra[512], name[16];
        snprintf(name, sizeof name, "t%d", t);
        snprintf(extra, sizeof extra, "--threads %d -q --params beta0,gate_nu,lambda_c -N 4 "
                 "--resamples 20 --csv %s/%s", t, dir, name);
        cr_assert_eq(run(0, extra, name, NULL, NULL), 0);
        const char *files[2] = {"sensitivity.csv", "runs.csv"};
        for (int i = 0; i < 2; i++) {
            char p[256];
            snprintf(p, sizeof p, "%s/%s/%s", dir, name, files[i]);
            char *x = test_slurp(p);
            cr_assert_not_null(x);
            if (t == 1)
                first[i] = x;
            else {
                cr_expect_str_eq(x, first[i], "%s differs between 1 and %d threads", files[i], t);
                free(x);
            }
        }
    }
    free(first[0]);
    free(first[1]);
}

Test(sensitivity_cli, usage_errors_are_clear_and_leave_no_file)
{
    const struct { int option; const char *extra, *needle; int code; } cases[] = {
        {0, "", "at most 20 inputs", 1},
        {0, "--metric effect --params beta0", "--metric effect needs an OPTION.json", 2},
        {0, "--metric speed --params beta0", "--metric speed: expected effect", 2},
        {0, "--method fast --params beta0", "--method fast: expected sobol or morris", 2},
        {0, "--params nonsense", "--params nonsense: it has no prior", 2},
        {0, "--params nonsense --prior nonsense=uniform:0,1", "'nonsense' is neither a model "
         "parameter", 1},
        {0, "--params bass_p_default", "--params bass_p_default: it has no prior", 2},
        {0, "--group nonsense", "--group nonsense: no parameter with a prior", 2},
        {0, "--seeding often --params beta0", "--seeding often: expected common or per-point", 2},
        {0, "--method morris --levels 3", "even number of levels", 1},
        {0, "--params eta_pd --prior eta_pd=uniform:0,3", "bounds [0, 3] leave the allowed "
         "range [0, 1]", 1},
        {0, "--params beta0 -N 2 --months 3 --metric months_to_50pct",
         "months_to_50pct is not a number in run 0", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err = NULL;
        int rc = run(cases[i].option, cases[i].extra, "err", NULL, &err);
        cr_expect_eq(rc, cases[i].code, "%s: exit %d: %s", cases[i].extra, rc, err);
        cr_expect(err && strstr(err, cases[i].needle), "%s: %s", cases[i].extra, err);
        free(err);
        char p[256];
        snprintf(p, sizeof p, "%s/err.h5", dir);
        cr_expect(access(p, F_OK) != 0, "%s left a file", cases[i].extra);
    }
    char *err = NULL, args[1024];
    snprintf(args, sizeof args, "sensitivity %s/scenarios/baseline.json --params beta0",
             test_source_dir());
    cr_expect_eq(test_run_bilim(args, NULL, &err), 2);
    cr_expect(strstr(err, "-o OUT.h5 is required"), "%s", err);
    free(err);
}

/* Runs the help's example that contains `marker`, as written, from a folder
 * where scenarios/ is the source tree's. */
static void run_example(const char *help, const char *marker, const char *writes)
{
    const char *m = strstr(help, marker);
    cr_assert_not_null(m, "%s", help);
    const char *start = m;
    while (start > help && strncmp(start, "bilim sensitivity", 17) != 0)
        start--;
    const char *end = strstr(m, ".h5");
    const char *csv = strstr(m, "--csv ");
    const char *nl = strchr(end, '\n');
    if (csv && (!nl || csv < nl))
        end = csv + 6 + strcspn(csv + 6, " \n");
    else
        end += 3;
    char cmd[2048];
    size_t k = 0;
    for (const char *c = start + strlen("bilim "); c < end && k + 1 < sizeof cmd; c++)
        if (*c != '\\' && *c != '\n')
            cmd[k++] = *c;
    cmd[k] = '\0';
    char sh[8192], p[256], exe[4096];
    cr_assert_not_null(realpath(test_exe(), exe));
    snprintf(sh, sizeof sh, "cd %s && %s %s -q > ex.out 2>&1", dir, exe, cmd);
    int rc = system(sh);
    snprintf(p, sizeof p, "%s/ex.out", dir);
    char *text = test_slurp(p);
    cr_expect_eq(rc, 0, "%s: %s", cmd, text);
    free(text);
    snprintf(p, sizeof p, "%s/%s", dir, writes);
    cr_expect_eq(access(p, F_OK), 0, "%s writes %s", cmd, writes);
}

Test(sensitivity_cli, the_help_examples_run_as_written)
{
    char *help = NULL;
    cr_assert_eq(test_run_bilim("help sensitivity", &help, NULL), 0);
    char link[256], target[1024];
    snprintf(link, sizeof link, "%s/scenarios", dir);
    snprintf(target, sizeof target, "%s/scenarios", test_source_dir());
    cr_assert_eq(symlink(target, link), 0);
    run_example(help, "--trajectories 4", "morris.h5");
    run_example(help, "--metric effect --params", "sobol-csv/sensitivity.csv");
    free(help);
}
