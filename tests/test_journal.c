/* tests/test_journal.c: sim/journal.h: records whole or ignored (torn
 * tails, damaged checksums), the tail cut before appending, refusal of
 * other inputs naming each difference, of another version, of a damaged
 * header and of a file that is not a journal (left untouched). */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "base/hash.h"
#include "sim/journal.h"

#define N_RUNS 8

static char dir[64], path[128];

static void setup(void)
{
    strcpy(dir, "/tmp/bilim-test-journal-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.h5.journal", dir);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(journal, .init = setup, .fini = teardown);

static void items_of(bilim_journal_items *it, uint64_t seed_hash, uint64_t scenario_hash)
{
    bilim_journal_items_init(it);
    cr_assert_eq(bilim_journal_items_add(it, seed_hash, NULL, "the seed"), 0);
    cr_assert_eq(bilim_journal_items_add(it, scenario_hash, NULL, "scenario %d '%s'", 1, "hub"),
                 0);
}

static bilim_design_record rec_of(size_t run)
{
    bilim_design_record r;
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        r.v[k] = (double)run + k / 16.0;
    r.v[BILIM_DESIGN_MONTHS_TO_50] = NAN; /* NaN is kept as its bits */
    return r;
}

/* Opens path for items; returns the code, the runs done and their count. */
static int open_with(const bilim_journal_items *it, unsigned char *done,
                     bilim_design_record *recs, size_t *n_done, bilim_journal **j,
                     bilim_error *err)
{
    memset(done, 0, N_RUNS);
    memset(recs, 0, N_RUNS * sizeof *recs);
    return bilim_journal_open(path, N_RUNS, it, done, recs, n_done, j, err);
}

/* A journal holding the records of runs[0..n-1]. */
static void write_runs(const bilim_journal_items *it, const size_t *runs, int n)
{
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j;
    bilim_error err;
    cr_assert_eq(open_with(it, done, recs, &n_done, &j, &err), 0, "%s", err.msg);
    for (int k = 0; k < n; k++) {
        bilim_design_record r = rec_of(runs[k]);
        cr_assert_eq(bilim_journal_append(j, runs[k], &r, &err), 0, "%s", err.msg);
    }
    cr_assert_eq(bilim_journal_close(j, &err), 0);
}

static long file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

Test(journal, records_come_back_bit_for_bit)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    const size_t runs[3] = {5, 0, 7};
    write_runs(&it, runs, 3);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), 0, "%s", err.msg);
    cr_expect_eq(n_done, 3);
    for (size_t r = 0; r < N_RUNS; r++) {
        int want = r == 5 || r == 0 || r == 7;
        cr_expect_eq(done[r], want, "run %zu", r);
        bilim_design_record w = rec_of(r);
        if (want)
            cr_expect_eq(memcmp(&recs[r], &w, sizeof w), 0, "run %zu's record", r);
    }
    bilim_journal_close(j, NULL);
    cr_assert_eq(bilim_journal_remove(path, &err), 0);
    cr_expect_eq(access(path, F_OK), -1);
    cr_expect_eq(bilim_journal_remove(path, &err), 0, "absent is fine");
    bilim_journal_items_clear(&it);
}

Test(journal, torn_tail_is_ignored_and_cut_before_appending)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    const size_t runs[2] = {1, 2};
    write_runs(&it, runs, 2);
    long whole = file_size(path);
    /* Half of a third record, as a kill in mid-write would leave. */
    FILE *f = fopen(path, "ab");
    unsigned char half[BILIM_JOURNAL_RECORD_BYTES / 2];
    memset(half, 0x42, sizeof half);
    fwrite(half, 1, sizeof half, f);
    fclose(f);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), 0, "%s", err.msg);
    cr_expect_eq(n_done, 2);
    cr_expect_eq(file_size(path), whole, "the torn tail is cut");
    bilim_design_record r = rec_of(3);
    cr_assert_eq(bilim_journal_append(j, 3, &r, &err), 0);
    bilim_journal_close(j, NULL);
    cr_expect_eq(file_size(path), whole + BILIM_JOURNAL_RECORD_BYTES);
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), 0, "%s", err.msg);
    cr_expect_eq(n_done, 3, "the record after the cut is readable");
    cr_expect(done[3]);
    bilim_journal_close(j, NULL);
    bilim_journal_items_clear(&it);
}

Test(journal, a_damaged_record_ends_the_valid_part)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    const size_t runs[3] = {4, 6, 2};
    write_runs(&it, runs, 3);
    /* Flip one bit of the second record's data. */
    long size = file_size(path);
    FILE *f = fopen(path, "r+b");
    long at = size - 2 * BILIM_JOURNAL_RECORD_BYTES + 20;
    fseek(f, at, SEEK_SET);
    int c = fgetc(f);
    fseek(f, at, SEEK_SET);
    fputc(c ^ 1, f);
    fclose(f);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), 0, "%s", err.msg);
    cr_expect_eq(n_done, 1);
    cr_expect(done[4]);
    cr_expect(!done[6] && !done[2], "nothing from the damaged record on");
    bilim_journal_close(j, NULL);
    bilim_journal_items_clear(&it);
}

Test(journal, other_inputs_are_refused_naming_what_differs)
{
    bilim_journal_items it, other;
    items_of(&it, 1, 2);
    const size_t runs[1] = {0};
    write_runs(&it, runs, 1);
    long size = file_size(path);
    items_of(&other, 1, 3);
    cr_assert_eq(bilim_journal_items_add(&other, 9, NULL, "the prior of factor 'x'"), 0);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j = NULL;
    bilim_error err;
    cr_assert_eq(open_with(&other, done, recs, &n_done, &j, &err), BILIM_EINVAL);
    cr_expect_null(j);
    cr_expect_not_null(strstr(err.msg, "scenario 1 'hub': differs"), "%s", err.msg);
    cr_expect_not_null(strstr(err.msg, "the prior of factor 'x': new in this command"), "%s",
                       err.msg);
    cr_expect_null(strstr(err.msg, "the seed"), "the seed is the same: %s", err.msg);
    cr_expect_not_null(strstr(err.msg, "remove"), "says how to start afresh: %s", err.msg);
    cr_expect_eq(file_size(path), size, "the journal is left as it was");
    /* Another number of runs. */
    cr_assert_eq(bilim_journal_open(path, N_RUNS - 1, &it, done, recs, &n_done, &j, &err),
                 BILIM_EINVAL);
    cr_expect_not_null(strstr(err.msg, "runs"), "%s", err.msg);
    bilim_journal_items_clear(&it);
    bilim_journal_items_clear(&other);
}

/* Rewrites the header's version line and signs the header again. */
static void set_version(const char *version)
{
    char *s = test_slurp(path);
    cr_assert_not_null(s);
    char *v = strstr(s, "\nversion ") + 9, *nl = strchr(v, '\n');
    char *end = strstr(s, "\nend ") + 1;
    char head[8192];
    snprintf(head, sizeof head, "%.*s%s%.*s", (int)(v - s), s, version, (int)(end - nl), nl);
    uint64_t h = bilim_hash_bytes(BILIM_HASH_INIT, head, strlen(head));
    FILE *f = fopen(path, "wb");
    fprintf(f, "%send %016" PRIx64 "\n", head, h);
    fclose(f);
    free(s);
}

Test(journal, another_version_is_refused)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    write_runs(&it, NULL, 0);
    set_version("0.0.1 abcdef0");
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j = NULL;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), BILIM_EINVAL);
    cr_expect_not_null(strstr(err.msg, "bilim version: the journal's is 0.0.1 abcdef0"), "%s",
                       err.msg);
    bilim_journal_items_clear(&it);
}

Test(journal, a_damaged_header_is_refused)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    write_runs(&it, NULL, 0);
    char *s = test_slurp(path);
    s[strlen("bilim journal 1\nversion ")] ^= 1;
    FILE *f = fopen(path, "wb");
    fputs(s, f);
    fclose(f);
    free(s);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j = NULL;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), BILIM_EINVAL);
    cr_expect_not_null(strstr(err.msg, "header is damaged"), "%s", err.msg);
    bilim_journal_items_clear(&it);
}

Test(journal, a_file_that_is_not_a_journal_is_never_touched)
{
    FILE *f = fopen(path, "wb");
    fputs("my notes\n", f);
    fclose(f);
    bilim_journal_items it;
    items_of(&it, 1, 2);
    unsigned char done[N_RUNS];
    bilim_design_record recs[N_RUNS];
    size_t n_done;
    bilim_journal *j = NULL;
    bilim_error err;
    cr_assert_eq(open_with(&it, done, recs, &n_done, &j, &err), BILIM_EINVAL);
    cr_expect_not_null(strstr(err.msg, "not a bilim journal"), "%s", err.msg);
    char *s = test_slurp(path);
    cr_expect_str_eq(s, "my notes\n");
    free(s);
    cr_expect_eq(test_count_entries(dir, "tmp"), 0, "no temporary left");
    bilim_journal_items_clear(&it);
}

/* Records of any length (a comparison's replicates): byte for byte, and a
 * torn long record is ignored like a short one. */
typedef struct taken {
    size_t len[N_RUNS];
    unsigned char bytes[N_RUNS][3000];
} taken;

static int take(void *user, size_t run, const unsigned char *b, size_t n)
{
    taken *t = user;
    if (n > sizeof t->bytes[run])
        return 1;
    t->len[run] = n;
    memcpy(t->bytes[run], b, n);
    return 0;
}

static unsigned char byte_of(size_t run, size_t i)
{
    return (unsigned char)(run * 31 + i * 7);
}

Test(journal, records_of_any_length)
{
    bilim_journal_items it;
    items_of(&it, 1, 2);
    static taken t;
    unsigned char done[N_RUNS] = {0}, b[3000];
    size_t n_done, lens[3] = {0, 5, 2500}, runs[3] = {4, 0, 6};
    bilim_journal *j;
    bilim_error err;
    cr_assert_eq(bilim_journal_open_bytes(path, N_RUNS, &it, done, take, &t, &n_done, &j, &err),
                 0, "%s", err.msg);
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < lens[k]; i++)
            b[i] = byte_of(runs[k], i);
        cr_assert_eq(bilim_journal_append_bytes(j, runs[k], b, lens[k], &err), 0, "%s", err.msg);
    }
    cr_assert_eq(bilim_journal_close(j, &err), 0);
    long whole = file_size(path);
    FILE *f = fopen(path, "ab"); /* the first 1000 bytes of a long record: torn */
    cr_assert_not_null(f);
    unsigned char head[16] = {0x42, 0x4a, 0x52, 0x4e, 0xd0, 0x07, 0, 0, 1};
    fwrite(head, 1, sizeof head, f);
    fwrite(b, 1, 1000, f);
    fclose(f);
    memset(done, 0, sizeof done);
    cr_assert_eq(bilim_journal_open_bytes(path, N_RUNS, &it, done, take, &t, &n_done, &j, &err),
                 0, "%s", err.msg);
    cr_expect_eq(n_done, 3);
    cr_expect(!done[1], "the torn record is not taken");
    cr_expect_eq(file_size(path), whole, "the torn tail is cut");
    for (int k = 0; k < 3; k++) {
        cr_expect(done[runs[k]]);
        cr_expect_eq(t.len[runs[k]], lens[k]);
        for (size_t i = 0; i < lens[k]; i++)
            cr_expect_eq(t.bytes[runs[k]][i], byte_of(runs[k], i), "run %zu byte %zu", runs[k], i);
    }
    bilim_journal_close(j, NULL);
    bilim_journal_items_clear(&it);
}
