/* tests/test_output.c: the HDF5 result file (formats/output_*.h, docs/output.md).
 *
 * Results here are synthetic (known values per replicate, month and
 * element), so every number read back can be checked exactly. The file's
 * structure (dimension scales, labels, attributes, no timestamps) is checked
 * with the HDF5 API directly, independently of the reader under test. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "base/stats.h"
#include "helpers.h"
#include "formats/output_info.h"
#include "formats/output_read.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"

/* --- fixtures -------------------------------------------------------------- */

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/bilim-test-output-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(output, .init = make_dir, .fini = remove_dir);

static char *in_dir(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The value a synthetic result holds at (replicate, month, element). */
static double value_at(int32_t rep, int32_t t, size_t k)
{
    return (double)rep * 1000.0 + (double)t + (double)k * 0.001;
}

/* A result of the default scenario with one intervention (so every metric
 * but by-region is present), filled with value_at and known surveys. */
static void make_result(bilim_run_result *r, int32_t reps, int32_t months)
{
    memset(r, 0, sizeof *r);
    bilim_scenario *sc = &r->scenario;
    bilim_scenario_defaults(sc);
    strcpy(sc->name, "baseline");
    sc->seed = 42;
    sc->replicates = reps;
    sc->months = months;
    sc->n_interventions = 1;
    bilim_intervention_defaults(&sc->interventions[0], BILIM_IV_TEACHER_INCENTIVES);
    strcpy(sc->interventions[0].name, "iv0");
    sc->interventions[0].start_month = 1;
    sc->outputs.n_survey_months = 2;
    sc->outputs.survey_months[0] = 0;
    sc->outputs.survey_months[1] = months;
    bilim_obs_layout_init(&r->layout, sc);
    r->replicates = reps;
    r->months = months;
    r->schools = bilim_population_schools(&sc->population);
    r->teachers = 385000;
    r->series = calloc((size_t)reps * (size_t)(months + 1) * r->layout.record_size, sizeof(double));
    r->surveys = calloc((size_t)reps * 2, sizeof(bilim_survey));
    for (int32_t rep = 0; rep < reps; rep++)
        for (int32_t t = 0; t <= months; t++)
            for (size_t k = 0; k < r->layout.record_size; k++)
                r->series[((size_t)rep * (size_t)(months + 1) + (size_t)t) * r->layout.record_size + k] =
                    value_at(rep, t, k);
    for (int32_t c = 0; c < reps * 2; c++) {
        bilim_survey *s = &r->surveys[c];
        s->month = sc->outputs.survey_months[c % 2];
        s->n = 116;
        s->n_rural = 60 + c;
        for (int b = 0; b < BILIM_N_BANDS; b++)
            s->band[b] = 10 * c + b;
        for (int b = 0; b < BILIM_N_BARRIERS; b++)
            s->barrier[b] = 100 + c + b;
    }
}

static void write_file(const char *path, const bilim_run_result *r, int with_run_info)
{
    bilim_output *o = NULL;
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_output_create(path, &o, &err), 0, "%s", err.msg);
    char *json = bilim_scenario_to_json(&r->scenario, "test");
    cr_assert_not_null(json);
    cr_assert_eq(bilim_output_write_run(o, r, json, &err), 0, "%s", err.msg);
    free(json);
    if (with_run_info)
        cr_assert_eq(bilim_output_write_run_info(o, 1.5, 3, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_commit(o, &err), 0, "%s", err.msg);
}

/* --- summary statistics ------------------------------------------------------ */

Test(output, quantiles_follow_hyndman_fan_type_7)
{
    /* numpy.quantile([1, 2, 3, 4, 5], [.05, .5, .95]) = 1.2, 3, 4.8;
     * with 4 values h = 3p: q05 = 1 + 0.15 * 1 = 1.15 (numpy: 1.15). */
    double x[5] = {5, 1, 4, 2, 3}, work[5], st[5];
    bilim_stats_summarise(x, 5, work, st);
    cr_assert_float_eq(st[0], 3.0, 1e-15);
    cr_assert_float_eq(st[1], sqrt(2.5), 1e-15);
    cr_assert_float_eq(st[2], 1.2, 1e-12);
    cr_assert_float_eq(st[3], 3.0, 1e-15);
    cr_assert_float_eq(st[4], 4.8, 1e-12);
    cr_assert_eq(x[0], 5.0, "the input must not be reordered");
    double y[4] = {1, 2, 3, 10};
    bilim_stats_summarise(y, 4, work, st);
    cr_assert_float_eq(st[2], 1.15, 1e-12);
    cr_assert_float_eq(st[3], 2.5, 1e-15);
    cr_assert_float_eq(st[4], 10.0 - 0.15 * 7.0, 1e-12);
}

Test(output, summary_of_one_value_and_of_nan)
{
    double x[1] = {0.25}, work[3], st[5];
    bilim_stats_summarise(x, 1, work, st);
    cr_assert_eq(st[0], 0.25);
    cr_assert(isnan(st[1]), "sd of one replicate is undefined");
    cr_assert_eq(st[2], 0.25);
    cr_assert_eq(st[4], 0.25);
    double y[3] = {1, NAN, 2};
    bilim_stats_summarise(y, 3, work, st);
    for (int s = 0; s < 5; s++)
        cr_assert(isnan(st[s]), "stat %s", bilim_stats_summary_name(s));
    cr_assert_str_eq(bilim_stats_summary_name(0), "mean");
    cr_assert_str_eq(bilim_stats_summary_name(4), "q95");
}

/* --- crash safety ------------------------------------------------------------ */

Test(output, temporary_file_until_commit)
{
    const char *target = in_dir("out.h5");
    FILE *f = fopen(target, "w");
    fputs("previous", f);
    fclose(f);
    bilim_output *o;
    bilim_error err;
    cr_assert_eq(bilim_output_create(target, &o, &err), 0, "%s", err.msg);
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", bilim_output_temp_path(o));
    char want[512];
    snprintf(want, sizeof want, "%s/.out.h5-%ld@", dir, (long)getpid());
    cr_assert(strncmp(tmp, want, strlen(want)) == 0, "%s", tmp);
    cr_assert(strstr(tmp, ".bilim-tmp"), "%s", tmp);
    cr_assert(exists(tmp));
    char *old = test_slurp(target);
    cr_assert_str_eq(old, "previous", "the target is untouched while writing");
    free(old);
    bilim_output_abort(o);
    cr_assert(!exists(tmp), "abort removes the temporary file");
    old = test_slurp(target);
    cr_assert_str_eq(old, "previous", "abort keeps the previous file");
    free(old);
    bilim_run_result r;
    make_result(&r, 2, 3);
    write_file(target, &r, 1);
    cr_assert(!exists(tmp));
    cr_assert_eq(H5Fis_hdf5(target), 1, "commit renames the complete file into place");
    bilim_run_result_clear(&r);
    bilim_output_abort(NULL);
}

Test(output, unwritable_targets_fail_before_anything_is_written)
{
    bilim_output *o = (bilim_output *)1;
    bilim_error err;
    cr_assert_eq(bilim_output_create(in_dir("no/such/dir/out.h5"), &o, &err), BILIM_EIO);
    cr_assert_null(o);
    cr_assert(strstr(err.msg, "does not exist"), "%s", err.msg);
    cr_assert(strstr(err.msg, "mkdir -p"), "%s", err.msg);
    FILE *f = fopen(in_dir("plain"), "w");
    fclose(f);
    cr_assert_eq(bilim_output_create(in_dir("plain/out.h5"), &o, &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "is not a directory"), "%s", err.msg);
    mkdir(in_dir("sub"), 0755);
    cr_assert_eq(bilim_output_create(in_dir("sub"), &o, &err), BILIM_EUSAGE);
    cr_assert(strstr(err.msg, "is a directory"), "%s", err.msg);
    cr_assert_eq(bilim_output_create_sized(in_dir("big.h5"), UINT64_C(1) << 62, NULL, &o, &err),
                 BILIM_EIO);
    cr_assert(strstr(err.msg, "not enough free space"), "%s", err.msg);
    cr_assert(strstr(err.msg, "big.h5"), "%s", err.msg);
    cr_assert(!exists(in_dir("big.h5")));
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        cr_assert(!strstr(e->d_name, "bilim-tmp"), "a failed check leaves %s", e->d_name);
    closedir(d);
}

Test(output, estimate_bounds_the_file)
{
    bilim_run_result r;
    make_result(&r, 20, 24);
    write_file(in_dir("est.h5"), &r, 1);
    struct stat st;
    cr_assert_eq(stat(in_dir("est.h5"), &st), 0);
    uint64_t est = bilim_output_estimate_bytes(&r.scenario);
    cr_assert_geq(est, (uint64_t)st.st_size, "estimate %llu < file %lld", (unsigned long long)est,
                  (long long)st.st_size);
    uint64_t data = (uint64_t)(20 + 5) * 25 * r.layout.record_size * 8;
    cr_assert_geq(est, data);
    bilim_run_result_clear(&r);
}

/* --- reading back ------------------------------------------------------------ */

Test(output, run_reads_back_exactly)
{
    bilim_run_result r;
    make_result(&r, 3, 4);
    write_file(in_dir("rt.h5"), &r, 1);
    bilim_run_result *runs;
    char **jsons;
    int n;
    bilim_error err;
    cr_assert_eq(bilim_output_read(in_dir("rt.h5"), &runs, &jsons, &n, &err), 0, "%s", err.msg);
    cr_assert_eq(n, 1);
    bilim_run_result *b = &runs[0];
    cr_assert_str_eq(b->scenario.name, "baseline");
    cr_assert_eq(b->scenario.seed, 42);
    cr_assert_eq(b->replicates, 3);
    cr_assert_eq(b->months, 4);
    cr_assert_eq(b->schools, r.schools);
    cr_assert_eq(b->teachers, 385000);
    cr_assert_eq(b->threads_used, 3);
    cr_assert_float_eq(b->wall_seconds, 1.5, 1e-15);
    cr_assert_eq(b->layout.record_size, r.layout.record_size);
    cr_assert_eq(memcmp(b->series, r.series, 3 * 5 * r.layout.record_size * sizeof(double)), 0);
    for (int c = 0; c < 6; c++) {
        cr_assert_eq(b->surveys[c].month, r.surveys[c].month);
        cr_assert_eq(b->surveys[c].n_rural, r.surveys[c].n_rural);
        cr_assert_eq(memcmp(b->surveys[c].band, r.surveys[c].band, sizeof r.surveys[c].band), 0);
        cr_assert_eq(memcmp(b->surveys[c].barrier, r.surveys[c].barrier,
                            sizeof r.surveys[c].barrier), 0);
    }
    cr_assert(strstr(jsons[0], "baseline"));
    bilim_output_read_free(runs, jsons, n);
    bilim_run_result_clear(&r);
}

Test(output, provenance_and_listing)
{
    bilim_run_result r;
    make_result(&r, 2, 3);
    write_file(in_dir("p.h5"), &r, 1);
    bilim_output_provenance p;
    bilim_error err;
    cr_assert_eq(bilim_output_read_provenance(in_dir("p.h5"), &p, &err), 0, "%s", err.msg);
    cr_assert_eq(p.format_version, 1);
    cr_assert(strstr(p.library_versions, "HDF5"));
    cr_assert(strstr(p.random_streams, "Philox4x64-10"));
    cr_assert(p.bilim_version[0] && p.git_commit[0]);
    cr_assert_eq(p.has_run_info, 1);
    cr_assert_eq(p.threads, 3);
    cr_assert(p.host[0] && strlen(p.started) == 20, "%s", p.started);
    bilim_output_entry *e;
    size_t n;
    cr_assert_eq(bilim_output_list(in_dir("p.h5"), &e, &n, &err), 0, "%s", err.msg);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(e[i].path, "/scenarios/baseline/series/adoption_routine_by_locality") == 0) {
            found++;
            cr_assert_eq(e[i].rank, 4);
            cr_assert_eq(e[i].dims[0], 2);
            cr_assert_eq(e[i].dims[1], 4);
            cr_assert_eq(e[i].dims[2], 1);
            cr_assert_eq(e[i].dims[3], 2);
            cr_assert_str_eq(e[i].type, "float64");
            cr_assert_eq(e[i].is_scale, 0);
        }
        if (strcmp(e[i].path, "/scenarios/baseline/series/locality") == 0) {
            found++;
            cr_assert_eq(e[i].is_scale, 1);
            cr_assert_str_eq(e[i].type, "string");
        }
        if (strcmp(e[i].path, "/scenarios/baseline/survey/band_counts") == 0) {
            found++;
            cr_assert_str_eq(e[i].type, "int32");
            cr_assert_eq(e[i].dims[2], 3);
        }
    }
    cr_assert_eq(found, 3);
    free(e);
    bilim_run_result_clear(&r);
}

Test(output, foreign_files_are_rejected_clearly)
{
    FILE *f = fopen(in_dir("text.h5"), "w");
    fputs("not hdf5\n", f);
    fclose(f);
    bilim_run_result *runs;
    char **jsons;
    int n;
    bilim_error err;
    cr_assert_eq(bilim_output_read(in_dir("text.h5"), &runs, &jsons, &n, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "is not an HDF5 file"), "%s", err.msg);
    hid_t h = H5Fcreate(in_dir("plain.h5"), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h);
    bilim_output_provenance p;
    cr_assert_eq(bilim_output_read_provenance(in_dir("plain.h5"), &p, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "not a bilim result file"), "%s", err.msg);
    cr_assert_eq(bilim_output_read(in_dir("absent.h5"), &runs, &jsons, &n, &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "absent.h5"), "%s", err.msg);
}

/* --- the layout, checked with the HDF5 API ------------------------------------ */

static char *read_vlen_attr(hid_t obj, const char *name)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s", name);
    hid_t t = H5Aget_type(a);
    cr_assert(H5Tis_variable_str(t) > 0, "%s is a variable-length string", name);
    cr_assert_eq(H5Tget_cset(t), H5T_CSET_UTF8);
    char *s = NULL;
    cr_assert_geq(H5Aread(a, t, &s), 0);
    char *copy = strdup(s);
    H5free_memory(s);
    H5Tclose(t);
    H5Aclose(a);
    return copy;
}

static void check_labels(hid_t d, unsigned dim, const char *axis, int n, const char *const *want)
{
    char label[64];
    cr_assert_gt(H5DSget_label(d, dim, label, sizeof label), 0);
    cr_assert_str_eq(label, axis);
    cr_assert_eq(H5DSget_num_scales(d, dim), 1, "axis %s has one scale", axis);
    char path[512];
    H5Iget_name(d, path, sizeof path);
    strcpy(strrchr(path, '/') + 1, axis);
    hid_t s = H5Dopen2(d, path, H5P_DEFAULT);
    cr_assert_geq(s, 0, "scale dataset %s beside the array", axis);
    cr_assert_gt(H5DSis_attached(d, s, dim), 0, "%s is attached to dimension %u", axis, dim);
    char sname[64];
    cr_assert_gt(H5DSget_scale_name(s, sname, sizeof sname), 0);
    cr_assert_str_eq(sname, axis);
    if (want) {
        char *got[64] = {0};
        hid_t t = H5Dget_type(s);
        cr_assert(H5Tis_variable_str(t) > 0);
        hid_t space = H5Dget_space(s);
        cr_assert_eq(H5Sget_simple_extent_npoints(space), n);
        cr_assert_geq(H5Dread(s, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got), 0);
        for (int i = 0; i < n; i++)
            cr_assert_str_eq(got[i], want[i], "%s[%d]", axis, i);
        H5Dvlen_reclaim(t, space, H5P_DEFAULT, got);
        H5Sclose(space);
        H5Tclose(t);
    }
    H5Dclose(s);
}

Test(output, series_have_named_axes_and_labels)
{
    bilim_run_result r;
    make_result(&r, 2, 3);
    write_file(in_dir("l.h5"), &r, 1);
    hid_t f = H5Fopen(in_dir("l.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "/scenarios/baseline/series/barrier_prevalence_by_locality", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    const char *barriers[5] = {"lack_of_practical_knowledge", "low_staff_motivation",
                               "weak_material_base", "difficulty_organizing_teaching_staff",
                               "insufficient_managerial_skills"};
    const char *loc[2] = {"urban", "rural"};
    check_labels(d, 0, "replicate", 2, NULL);
    check_labels(d, 1, "month", 4, NULL);
    check_labels(d, 2, "barrier", 5, barriers);
    check_labels(d, 3, "locality", 2, loc);
    char *desc = read_vlen_attr(d, "description");
    cr_assert(strstr(desc, "barrier"));
    free(desc);
    /* The month scale holds 0..M; chunked and compressed when large. */
    int64_t months[4];
    hid_t ms = H5Dopen2(f, "/scenarios/baseline/series/month", H5P_DEFAULT);
    H5Dread(ms, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, months);
    cr_assert(months[0] == 0 && months[3] == 3);
    H5Dclose(ms);
    H5Dclose(d);
    hid_t sd = H5Dopen2(f, "/scenarios/baseline/summary/mean_state", H5P_DEFAULT);
    const char *stats[5] = {"mean", "sd", "q05", "q50", "q95"};
    const char *vars[6] = {"K", "S", "O", "k", "m", "R"};
    check_labels(sd, 0, "stat", 5, stats);
    check_labels(sd, 2, "state", 6, vars);
    double mean[4 * 6];
    hsize_t start[3] = {0, 0, 0}, count[3] = {1, 4, 6};
    hid_t space = H5Dget_space(sd);
    H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t mem = H5Screate_simple(3, count, NULL);
    cr_assert_geq(H5Dread(sd, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, mean), 0);
    size_t off = r.layout.metrics[BILIM_M_MEAN_STATE].offset;
    for (int t = 0; t < 4; t++)
        for (int k = 0; k < 6; k++)
            cr_assert_float_eq(mean[t * 6 + k], (value_at(0, t, off + (size_t)k) + value_at(1, t, off + (size_t)k)) / 2, 1e-9);
    H5Sclose(mem);
    H5Sclose(space);
    H5Dclose(sd);
    hid_t bc = H5Dopen2(f, "/scenarios/baseline/survey/band_counts", H5P_DEFAULT);
    const char *bands[3] = {"low", "intermediate", "high"};
    check_labels(bc, 2, "band", 3, bands);
    int64_t smonths[2];
    hid_t sm = H5Dopen2(f, "/scenarios/baseline/survey/months", H5P_DEFAULT);
    H5Dread(sm, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, smonths);
    cr_assert(smonths[0] == 0 && smonths[1] == 3);
    H5Dclose(sm);
    H5Dclose(bc);
    hid_t iv = H5Dopen2(f, "/scenarios/baseline/series/cost_kzt_cumulative", H5P_DEFAULT);
    const char *ivs[1] = {"iv0"};
    check_labels(iv, 2, "intervention", 1, ivs);
    H5Dclose(iv);
    H5Fclose(f);
    bilim_run_result_clear(&r);
}

Test(output, provenance_attributes)
{
    bilim_run_result r;
    make_result(&r, 2, 3);
    write_file(in_dir("a.h5"), &r, 1);
    hid_t f = H5Fopen(in_dir("a.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t root = H5Gopen2(f, "/", H5P_DEFAULT);
    const char *names[] = {"bilim_version", "git_commit", "library_versions", "random_streams"};
    for (int i = 0; i < 4; i++)
        free(read_vlen_attr(root, names[i]));
    int64_t v = 0;
    hid_t a = H5Aopen(root, "format_version", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_INT64, &v);
    H5Aclose(a);
    cr_assert_eq(v, 1);
    hid_t g = H5Gopen2(f, "/scenarios/baseline", H5P_DEFAULT);
    char *json = read_vlen_attr(g, "scenario_json");
    char *want = bilim_scenario_to_json(&r.scenario, "test");
    cr_assert_str_eq(json, want, "scenario_json is stored verbatim");
    free(json);
    free(want);
    const char *ints[] = {"replicates", "months", "schools", "teachers"};
    int64_t expect[] = {2, 3, r.schools, 385000};
    for (int i = 0; i < 4; i++) {
        a = H5Aopen(g, ints[i], H5P_DEFAULT);
        cr_assert_geq(H5Aread(a, H5T_NATIVE_INT64, &v), 0);
        cr_assert_eq(v, expect[i], "%s", ints[i]);
        H5Aclose(a);
    }
    uint64_t seed = 0;
    a = H5Aopen(g, "seed", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_UINT64, &seed);
    H5Aclose(a);
    cr_assert_eq(seed, 42);
    H5Gclose(g);
    H5Gclose(root);
    H5Fclose(f);
    bilim_run_result_clear(&r);
}

Test(output, identical_results_give_identical_files)
{
    /* Without /run_info two writes of one result must be the same bytes:
     * no object timestamps anywhere. The pause crosses a second boundary,
     * which timestamps would record. */
    bilim_run_result r;
    make_result(&r, 3, 6);
    write_file(in_dir("one.h5"), &r, 0);
    struct timespec pause = {1, 100000000};
    nanosleep(&pause, NULL);
    write_file(in_dir("two.h5"), &r, 0);
    struct stat s1, s2;
    stat(in_dir("one.h5"), &s1);
    stat(in_dir("two.h5"), &s2);
    cr_assert_eq(s1.st_size, s2.st_size);
    FILE *a = fopen(in_dir("one.h5"), "rb"), *b = fopen(in_dir("two.h5"), "rb");
    char *x = malloc((size_t)s1.st_size), *y = malloc((size_t)s2.st_size);
    cr_assert_eq(fread(x, 1, (size_t)s1.st_size, a), (size_t)s1.st_size);
    cr_assert_eq(fread(y, 1, (size_t)s2.st_size, b), (size_t)s2.st_size);
    cr_assert_eq(memcmp(x, y, (size_t)s1.st_size), 0, "files differ byte for byte");
    fclose(a);
    fclose(b);
    free(x);
    free(y);
    bilim_run_result_clear(&r);
}

/* --- the generic writers ------------------------------------------------------ */

Test(output, generic_arrays_tables_and_attributes)
{
    bilim_output *o;
    bilim_error err;
    cr_assert_eq(bilim_output_create(in_dir("g.h5"), &o, &err), 0, "%s", err.msg);
    double data[6] = {1, 2, 3, 4, 5, 6};
    size_t dims[2] = {2, 3};
    const char *axes[2] = {"option", "innovation"};
    const char *opts[2] = {"a", "b"}, *inn[3] = {"x", "y", "z"}, *inn2[3] = {"p", "q", "r"};
    const char *const *labels[2] = {opts, inn};
    const char *const *labels2[2] = {opts, inn2};
    cr_assert_eq(bilim_output_write_array(o, "/comparison/effects/one", 2, dims, data, axes, labels, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_write_array(o, "/comparison/effects/two", 2, dims, data, axes, labels, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_write_array(o, "/comparison/effects/three", 2, dims, data, axes, labels2, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_write_array(o, "/comparison/effects/one", 2, dims, data, axes, labels, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "already"), "%s", err.msg);
    cr_assert_eq(bilim_output_write_array(o, "/flat", 1, dims, data, NULL, NULL, &err), 0, "%s", err.msg);
    const char *cols[3] = {"name", "cost", "effect"};
    const char *names[2] = {"alpha", "beta"};
    double cost[2] = {1e9, 2e9}, eff[2] = {0.1, 0.2};
    const char *const *strs[3] = {names, NULL, NULL};
    const double *const nums[3] = {NULL, cost, eff};
    cr_assert_eq(bilim_output_write_table(o, "/comparison/table", 2, 3, cols, strs, nums, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_attr_string(o, "/calibration", "method", "ABC-SMC", &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_attr_double(o, "/comparison/effects/one", "alpha", 0.05, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_attr_int(o, "/", "extra", 7, &err), 0, "%s", err.msg);
    cr_assert_eq(bilim_output_attr_int(o, "/", "extra", 8, &err), 0, "replacing an attribute: %s", err.msg);
    cr_assert_eq(bilim_output_write_array(o, "relative", 1, dims, data, NULL, NULL, &err), BILIM_EINTERNAL);
    cr_assert_eq(bilim_output_commit(o, &err), 0, "%s", err.msg);

    hid_t f = H5Fopen(in_dir("g.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d1 = H5Dopen2(f, "/comparison/effects/one", H5P_DEFAULT);
    check_labels(d1, 1, "innovation", 3, inn);
    hid_t d3 = H5Dopen2(f, "/comparison/effects/three", H5P_DEFAULT);
    hid_t s3 = H5Dopen2(f, "/comparison/effects/innovation_three", H5P_DEFAULT);
    cr_assert_geq(s3, 0, "different labels get their own scale");
    cr_assert_gt(H5DSis_attached(d3, s3, 1), 0);
    double back[6];
    H5Dread(d3, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back);
    cr_assert_eq(memcmp(back, data, sizeof data), 0);
    double alpha = 0;
    hid_t a = H5Aopen(d1, "alpha", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_DOUBLE, &alpha);
    cr_assert_eq(alpha, 0.05);
    H5Aclose(a);
    int64_t extra = 0;
    hid_t root = H5Gopen2(f, "/", H5P_DEFAULT);
    a = H5Aopen(root, "extra", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_INT64, &extra);
    cr_assert_eq(extra, 8);
    H5Aclose(a);
    hid_t cal = H5Gopen2(f, "/calibration", H5P_DEFAULT);
    char *method = read_vlen_attr(cal, "method");
    cr_assert_str_eq(method, "ABC-SMC");
    free(method);
    /* The table: a compound of a string and two float64 columns. */
    hid_t t = H5Dopen2(f, "/comparison/table", H5P_DEFAULT);
    hid_t ft = H5Dget_type(t);
    cr_assert_eq(H5Tget_nmembers(ft), 3);
    cr_assert_eq(H5Tget_member_index(ft, "cost"), 1);
    struct { double cost; } rows[2];
    hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof rows[0]);
    H5Tinsert(mt, "cost", 0, H5T_NATIVE_DOUBLE);
    H5Dread(t, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
    cr_assert(rows[0].cost == 1e9 && rows[1].cost == 2e9);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Dclose(t);
    H5Gclose(cal);
    H5Gclose(root);
    H5Dclose(s3);
    H5Dclose(d3);
    H5Dclose(d1);
    H5Fclose(f);
}
