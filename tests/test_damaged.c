/* tests/test_damaged.c: damaged result files through `bilim info` and
 * `bilim report` (the real executable): truncated at several points, with
 * bytes flipped at seeded positions, with groups, datasets and attributes
 * deleted or replaced, and with the global heap (which HDF5 does not
 * checksum) corrupted. Never a signal: a damaged file is exit 1 with a
 * message naming it, or (damage HDF5 cannot see, e.g. in a string) exit 0.
 * Also the probe itself (cli/probe.h): a child that crashes is an error. */
#include <criterion/criterion.h>
#include <hdf5.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "cli/probe.h"

#define FLIPPED_FILES 24

static char dir[64];
static unsigned char *ref;
static size_t ref_len;

static const char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* A small comparison result file, made once per test. */
static void make_ref(void)
{
    strcpy(dir, "/tmp/bilim-test-damaged-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char args[2048], *err = NULL;
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/professional_development.json "
             "-o %s --schools 40 --months 12 --replicates 2 -q",
             test_source_dir(), test_source_dir(), at("ref.h5"));
    cr_assert_eq(test_run_bilim(args, NULL, &err), 0, "%s", err);
    free(err);
    FILE *f = fopen(at("ref.h5"), "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    ref_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    ref = malloc(ref_len);
    cr_assert_eq(fread(ref, 1, ref_len, f), ref_len);
    fclose(f);
}

static void remove_ref(void)
{
    free(ref);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(damaged, .init = make_ref, .fini = remove_ref, .timeout = 240);

static void write_bytes(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(b, 1, n, f), n);
    fclose(f);
}

/* Runs `bilim CMD FILE ...`; asserts it exited (never a signal) with 0 or
 * 1, and that an error names the command and the file. Returns the
 * status. */
static int through(const char *cmd, const char *file, const char *what)
{
    char args[1024], *err = NULL;
    if (strcmp(cmd, "report") == 0)
        snprintf(args, sizeof args, "report %s -o %s", file, at("r.html"));
    else
        snprintf(args, sizeof args, "info %s", file);
    int rc = test_run_bilim(args, NULL, &err);
    cr_assert(rc == 0 || rc == 1, "bilim %s on %s: exit status %d (-1: a signal)\n%s", cmd,
              what, rc, err);
    if (rc) {
        char want[64];
        snprintf(want, sizeof want, "bilim %s: ", cmd);
        cr_assert(strncmp(err, want, strlen(want)) == 0 && strstr(err, file),
                  "bilim %s on %s: %s", cmd, what, err);
    }
    free(err);
    return rc;
}

static int both(const char *file, const char *what)
{
    int a = through("info", file, what), b = through("report", file, what);
    cr_assert_eq(a, b, "info and report disagree on %s", what);
    return a;
}

Test(damaged, truncated_files_are_errors)
{
    cr_assert_eq(both(at("ref.h5"), "the undamaged file"), 0);
    const size_t cut[] = {0, 8, 100, 1024, 4096, ref_len / 4, ref_len / 2, 3 * ref_len / 4,
                          ref_len - 100, ref_len - 1};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        write_bytes(at("t.h5"), ref, cut[i]);
        char what[64];
        snprintf(what, sizeof what, "the file cut at %zu of %zu bytes", cut[i], ref_len);
        cr_assert_eq(both(at("t.h5"), what), 1, "%s passed", what);
    }
}

Test(damaged, flipped_bytes_are_errors_or_harmless_never_crashes)
{
    unsigned char *b = malloc(ref_len);
    uint64_t s = 20261201;
    int detected = 0;
    for (int k = 0; k < FLIPPED_FILES; k++) {
        memcpy(b, ref, ref_len);
        int flips = 1 + k % 8;
        for (int i = 0; i < flips; i++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            size_t pos = (size_t)(s >> 33) % ref_len;
            b[pos] ^= (unsigned char)(1u << ((s >> 20) % 8));
        }
        write_bytes(at("f.h5"), b, ref_len);
        char what[64];
        snprintf(what, sizeof what, "damaged file %d (%d bits flipped)", k, flips);
        detected += both(at("f.h5"), what);
    }
    free(b);
    cr_log_info("%d of %d files with flipped bits were reported damaged, none crashed",
                detected, FLIPPED_FILES);
}

/* Copies the reference and applies edit to it with HDF5. */
static const char *edited(void (*edit)(hid_t f))
{
    write_bytes(at("e.h5"), ref, ref_len);
    hid_t f = H5Fopen(at("e.h5"), H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    edit(f);
    cr_assert_geq(H5Fclose(f), 0);
    return at("e.h5");
}

static void del_scenarios(hid_t f) { cr_assert_geq(H5Ldelete(f, "/scenarios", H5P_DEFAULT), 0); }
static void del_series(hid_t f)
{
    cr_assert_geq(H5Ldelete(f, "/scenarios/baseline/series/adoption_routine", H5P_DEFAULT), 0);
}
static void del_summary(hid_t f)
{
    cr_assert_geq(H5Ldelete(f, "/scenarios/baseline/summary/mean_state", H5P_DEFAULT), 0);
}
static void del_survey(hid_t f)
{
    cr_assert_geq(H5Ldelete(f, "/scenarios/professional_development/survey/n", H5P_DEFAULT), 0);
}
static void del_option(hid_t f)
{
    cr_assert_geq(H5Ldelete(f, "/scenarios/professional_development", H5P_DEFAULT), 0);
}
static void del_format(hid_t f) { cr_assert_geq(H5Adelete(f, "format_version"), 0); }
static void del_seed(hid_t f)
{
    cr_assert_geq(H5Adelete_by_name(f, "/scenarios/baseline", "seed", H5P_DEFAULT), 0);
}
/* The right name, the wrong shape and type. */
static void wrong_series(hid_t f)
{
    const char *p = "/scenarios/baseline/series/adoption_trial";
    cr_assert_geq(H5Ldelete(f, p, H5P_DEFAULT), 0);
    hsize_t d[2] = {3, 4};
    hid_t s = H5Screate_simple(2, d, NULL);
    hid_t ds = H5Dcreate2(f, p, H5T_IEEE_F32LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(ds, 0);
    H5Dclose(ds);
    H5Sclose(s);
}

Test(damaged, missing_or_wrong_objects_are_named)
{
    const struct {
        void (*edit)(hid_t);
        const char *what, *says;
    } cases[] = {
        {del_scenarios, "/scenarios deleted", "holds no results"},
        {del_series, "a series deleted", "series/adoption_routine is missing"},
        {del_summary, "a summary deleted", "summary/mean_state is missing"},
        {del_survey, "a survey dataset deleted", "survey/n is missing"},
        {del_option, "the option deleted", "/comparison but 1 scenario"},
        {del_format, "format_version deleted", "not a bilim result file"},
        {del_seed, "the seed deleted", "lacks one of the attributes"},
        {wrong_series, "a series replaced", "series/adoption_trial does not have the shape"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *file = edited(cases[i].edit);
        char args[512], *err = NULL;
        snprintf(args, sizeof args, "info %s", file);
        cr_assert_eq(test_run_bilim(args, NULL, &err), 1, "%s: %s", cases[i].what, err);
        cr_assert(strstr(err, cases[i].says), "%s: %s", cases[i].what, err);
        free(err);
        cr_assert_eq(through("report", file, cases[i].what), 1, "%s", cases[i].what);
    }
}

static uint64_t le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The global heap holds variable-length strings (attributes, labels) and
 * has no checksum: a wrong object length there makes libhdf5 1.10 read
 * out of bounds. Every object length of the first collection is made huge
 * in turn (through info only: report reads the file the same way). */
Test(damaged, a_corrupt_global_heap_is_an_error_not_a_crash)
{
    unsigned char *gcol = NULL;
    for (size_t i = 0; !gcol && i + 4 < ref_len; i++)
        if (memcmp(ref + i, "GCOL", 4) == 0)
            gcol = ref + i;
    cr_assert_not_null(gcol, "the file has a global heap");
    unsigned char *b = malloc(ref_len);
    size_t off = (size_t)(gcol - ref) + 16;
    int crashed = 0, objects = 0;
    while (off + 16 < ref_len && objects < 12) {
        unsigned idx = ref[off] | ref[off + 1] << 8;
        uint64_t size = le64(ref + off + 8);
        if (idx == 0 || size > ref_len)
            break;
        memcpy(b, ref, ref_len);
        for (int i = 0; i < 8; i++)
            b[off + 8 + i] = i == 5 ? 0x01 : 0; /* 2^40 bytes */
        write_bytes(at("g.h5"), b, ref_len);
        char args[512], *err = NULL, what[64];
        snprintf(what, sizeof what, "global heap object %u", idx);
        snprintf(args, sizeof args, "info %s", at("g.h5"));
        int rc = test_run_bilim(args, NULL, &err);
        cr_assert(rc == 0 || rc == 1, "%s: status %d: %s", what, rc, err);
        crashed += strstr(err, "crashed the HDF5 library") != NULL;
        free(err);
        off += 16 + (size + 7) / 8 * 8;
        objects++;
    }
    free(b);
    cr_assert_gt(objects, 2);
    cr_log_info("%d global heap objects corrupted; libhdf5 crashed on %d of them (in the "
                "child process), bilim on none",
                objects, crashed);
}

/* Zeros over a global heap object's header make libhdf5 1.10.8 loop
 * forever (found by fuzz/fuzz_result.c): the child's processor-time limit
 * turns that into an error. */
Test(damaged, a_global_heap_that_makes_libhdf5_loop_is_an_error_not_a_hang)
{
    unsigned char *gcol = NULL;
    for (size_t i = 0; !gcol && i + 4 < ref_len; i++)
        if (memcmp(ref + i, "GCOL", 4) == 0)
            gcol = ref + i;
    cr_assert_not_null(gcol);
    size_t second = (size_t)(gcol - ref) + 16 + 16 + (le64(gcol + 16 + 8) + 7) / 8 * 8;
    unsigned char *b = malloc(ref_len);
    memcpy(b, ref, ref_len);
    memset(b + second, 0, 48);
    write_bytes(at("h.h5"), b, ref_len);
    free(b);
    char args[512], *err = NULL;
    snprintf(args, sizeof args, "info %s", at("h.h5"));
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1, "%s", err);
    cr_assert(strstr(err, "is damaged"), "%s", err);
    cr_log_info("%s", err);
    free(err);
}

Test(damaged, not_result_files)
{
    char args[512], *err = NULL;
    snprintf(args, sizeof args, "info %s", dir);
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "is a directory, not a result file"), "%s", err);
    cr_assert(!strstr(err, "0x"), "no raw HDF5 record: %s", err);
    free(err);
    snprintf(args, sizeof args, "info /dev/null");
    cr_assert_eq(test_run_bilim(args, NULL, &err), 1);
    cr_assert(strstr(err, "not a regular file"), "%s", err);
    free(err);
}

/* --- the probe --------------------------------------------------------------- */

static int crash(void *arg, bilim_error *err)
{
    (void)err;
    raise(*(int *)arg);
    return 0;
}

static int fail(void *arg, bilim_error *err)
{
    return bilim_error_set(err, BILIM_EINVAL, "failed with %d", *(int *)arg);
}

Test(damaged, the_probe_turns_a_crash_into_an_error)
{
    bilim_error err;
    int sig = SIGSEGV;
    cr_assert_eq(bilim_probe_run(crash, &sig, "x.h5", &err), BILIM_EINVAL);
    /* Under AddressSanitizer its own handler reports the crash and exits 1. */
    cr_assert(strstr(err.msg, "'x.h5' is damaged: reading it crashed the HDF5 library") ||
                  strstr(err.msg, "'x.h5' is damaged: reading it failed inside the HDF5 library"),
              "%s", err.msg);
    sig = SIGABRT;
    cr_assert_eq(bilim_probe_run(crash, &sig, "x.h5", &err), BILIM_EINVAL);
    sig = SIGTERM;
    cr_assert_eq(bilim_probe_run(crash, &sig, "x.h5", &err), BILIM_EINTR);
    int v = 7;
    cr_assert_eq(bilim_probe_run(fail, &v, "x.h5", &err), BILIM_EINVAL);
    cr_assert_str_eq(err.msg, "failed with 7", "the child's own error comes back whole");
}
