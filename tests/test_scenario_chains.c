/* tests/test_scenario_chains.c: files a scenario names (extends,
 * parameter_file): every error inside one ends with the chain of files that
 * led to it, "(via a.json, which extends b.json, whose parameter_file is
 * c.json)", and errors of the top-level file have none; referenced files go
 * through the bounded reader (no FIFO, device or oversized file, without
 * blocking). Messages are compared whole, paths included. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "scenario_helpers.h"

static test_dir dir;

static void setup(void)
{
    test_mkdir(&dir);
}

static void teardown(void)
{
    alarm(0);
    test_rmdir(&dir);
}

TestSuite(chains, .init = setup, .fini = teardown);

static int load(const char *path, bilim_scenario *sc, bilim_diags **d)
{
    *d = bilim_diags_alloc();
    cr_assert_not_null(*d);
    return bilim_scenario_load(path, sc, NULL, *d);
}

/* Asserts that d holds exactly the message pattern, each @ of which is the
 * scratch directory. */
static void expect_exact(const bilim_diags *d, const char *pattern)
{
    char want[4096];
    size_t k = 0;
    for (const char *c = pattern; *c && k < sizeof want - 100; c++) {
        if (*c == '@')
            k += (size_t)snprintf(want + k, sizeof want - k, "%s", dir.path);
        else
            want[k++] = *c;
    }
    want[k] = '\0';
    for (int i = 0; i < bilim_diags_count(d); i++)
        if (strcmp(bilim_diags_get(d, i), want) == 0)
            return;
    cr_assert_fail("expected the message\n  %s\ngot:\n%s", want, test_all_diags(d));
}

Test(chains, error_two_levels_up_names_the_whole_chain)
{
    test_write(&dir, "c.json", "{\"name\": \"c\",\n \"seed\": -3}");
    test_write(&dir, "b.json", "{\"name\": \"b\", \"extends\": \"c.json\"}");
    const char *a = test_write(&dir, "a.json", "{\"name\": \"a\", \"extends\": \"b.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(a, &sc, &d), BILIM_EINVAL);
    expect_exact(d, "@/c.json:2:10: seed: -3 is out of range; expected an integer from 0 to "
                    "18446744073709551615 (via @/a.json, which extends @/b.json, which extends "
                    "@/c.json)");
    cr_assert_eq(bilim_diags_count(d), 1, "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(chains, parameter_file_of_an_extended_file)
{
    test_write(&dir, "base/params.json", "{\"parameters\": {\n  \"eta_train\": 2}}");
    test_write(&dir, "base/parent.json", "{\"name\": \"p\", \"parameter_file\": \"params.json\"}");
    const char *child = test_write(&dir, "child.json", "{\"name\": \"c\", \"extends\": \"base/parent.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    expect_exact(d, "@/base/params.json:2:16: parameters.eta_train: 2 is out of range; expected a "
                    "number in [0, 1] (via @/child.json, which extends @/base/parent.json, whose "
                    "parameter_file is @/base/params.json)");
    bilim_diags_free(d);
}

Test(chains, a_reference_that_cannot_be_read_inside_an_extended_file)
{
    test_write(&dir, "b.json", "{\"name\": \"b\", \"extends\": \"nope.json\"}");
    const char *a = test_write(&dir, "a.json", "{\"name\": \"a\", \"extends\": \"b.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(a, &sc, &d), BILIM_EINVAL);
    expect_exact(d, "@/b.json:1:26: extends: cannot read \"nope.json\" (looked for @/nope.json): "
                    "No such file or directory (via @/a.json, which extends @/b.json)");
    bilim_diags_free(d);
}

Test(chains, syntax_error_in_a_parameter_file)
{
    test_write(&dir, "p.json", "{\"parameters\": {\"eta_train\": 0.1,}}");
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"parameter_file\": \"p.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(d), 1, "%s", test_all_diags(d));
    cr_assert(strstr(bilim_diags_get(d, 0), "/p.json:1:34: syntax error: trailing comma"), "%s", test_all_diags(d));
    char via[1024];
    snprintf(via, sizeof via, " (via %s/s.json, whose parameter_file is %s/p.json)", dir.path, dir.path);
    const char *m = bilim_diags_get(d, 0);
    cr_assert(strlen(m) > strlen(via) && strcmp(m + strlen(m) - strlen(via), via) == 0, "%s", m);
    bilim_diags_free(d);
}

Test(chains, errors_of_the_top_file_have_no_chain)
{
    test_write(&dir, "b.json", "{\"name\": \"b\"}");
    const char *a = test_write(&dir, "a.json", "{\"name\": \"a\", \"extends\": \"b.json\", \"seed\": -1}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(a, &sc, &d), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(d), 1, "%s", test_all_diags(d));
    cr_assert_null(strstr(bilim_diags_get(d, 0), "(via "), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

/* --- what a referenced file may be ------------------------------------------------- */

Test(chains, fifo_as_parameter_file_or_parent_is_refused_without_blocking)
{
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/fifo.json", dir.path);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"parameter_file\": \"fifo.json\"}");
    const char *e = test_write(&dir, "e.json", "{\"name\": \"e\", \"extends\": \"fifo.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    alarm(5); /* a blocking open would wait for a writer forever */
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    expect_exact(d, "@/s.json:1:33: parameter_file: cannot read \"fifo.json\" (looked for "
                    "@/fifo.json): is not a regular file but a FIFO (named pipe)");
    bilim_diags_free(d);
    cr_assert_eq(load(e, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "extends: cannot read \"fifo.json\"", "a FIFO (named pipe)", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
    /* The top-level file too (bilim validate FIFO). */
    cr_assert_eq(load(fifo, &sc, &d), BILIM_EIO);
    cr_assert_not_null(test_find_diag(d, "fifo.json: cannot read: is not a regular file but a FIFO", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
    alarm(0);
}

Test(chains, device_and_oversized_parameter_files_are_refused)
{
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"parameter_file\": \"/dev/zero\"}");
    bilim_scenario sc;
    bilim_diags *d;
    alarm(5);
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "parameter_file: cannot read \"/dev/zero\"",
                                      "is not a regular file but a character device", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
    alarm(0);
    char big[600];
    snprintf(big, sizeof big, "%s/big.json", dir.path);
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 100L << 20), 0);
    close(fd);
    s = test_write(&dir, "s2.json", "{\"name\": \"s\", \"parameter_file\": \"big.json\"}");
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "parameter_file: cannot read \"big.json\"",
                                      "is 104857600 bytes (100 MiB), larger than the limit of "
                                      "1048576 bytes (1 MiB)", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(chains, text_over_the_cap_is_refused_like_a_file)
{
    size_t n = (1 << 20) + 10;
    char *text = malloc(n + 1);
    cr_assert_not_null(text);
    memset(text, ' ', n);
    memcpy(text, "{\"name\": \"x\"}", 13);
    text[n] = '\0';
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(text, NULL, &sc, NULL, d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "<string>: cannot read: is 1048586 bytes (1.0 MiB), larger "
                                      "than the limit of 1048576 bytes (1 MiB)", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    free(text);
}

Test(chains, control_characters_in_paths_and_keys_never_reach_a_message_raw)
{
    /* A newline or an escape sequence in a path the file names would break
     * the one-line form and could drive the terminal. */
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"extends\": \"a\\nb\\u001b[31m.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_eq(bilim_diags_count(d), 1, "%s", test_all_diags(d));
    const char *m = bilim_diags_get(d, 0);
    cr_assert(strstr(m, "extends: cannot read \"a\\nb\\u001B[31m.json\" (looked for "), "%s", m);
    cr_assert(strstr(m, "/a\\u000Ab\\u001B[31m.json): No such file or directory"), "%s", m);
    for (const char *c = m; *c; c++)
        cr_assert((unsigned char)*c >= 0x20 && *c != 0x7F, "raw control character in: %s", m);
    bilim_diags_free(d);
    /* A syntax error naming a key that holds a newline. */
    cr_assert_eq(bilim_scenario_load_string("{\"k\\n\": 1 2}", NULL, &sc, NULL, d = bilim_diags_alloc()),
                 BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "<string>:1:11: syntax error: expected ',' or '}' after the "
                                      "member \"k\\n\", found '2'", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}
