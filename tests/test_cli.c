/* tests/test_cli.c: the command-line front end, driven as a user would:
 * through the real executable. */
#include <criterion/criterion.h>
#include <string.h>
#include "cli/cli.h"
#include "helpers.h"

Test(cli, help_lists_every_command)
{
    char *out = NULL;
    cr_assert_eq(test_run_bilim("--help", &out, NULL), 0);
    int n;
    const bilim_command *c = bilim_cli_commands(&n);
    cr_assert_geq(n, 5);
    for (int i = 0; i < n; i++)
        cr_assert(strstr(out, c[i].name), "--help does not list %s", c[i].name);
    free(out);
}

Test(cli, version_names_version_and_commit)
{
    char *out = NULL;
    cr_assert_eq(test_run_bilim("--version", &out, NULL), 0);
    cr_assert(strstr(out, "bilim 0."), "%s", out);
    cr_assert(strstr(out, "commit "), "%s", out);
    cr_assert(strstr(out, "GSL"), "%s", out);
    cr_assert(strstr(out, "HDF5"), "%s", out);
    free(out);
}

Test(cli, help_for_each_command)
{
    int n;
    const bilim_command *c = bilim_cli_commands(&n);
    for (int i = 0; i < n; i++) {
        char args[64], *out = NULL;
        snprintf(args, sizeof args, "help %s", c[i].name);
        cr_assert_eq(test_run_bilim(args, &out, NULL), 0, "bilim %s", args);
        cr_assert(strstr(out, "Usage: bilim"), "help %s: %s", c[i].name, out);
        free(out);
        snprintf(args, sizeof args, "%s --help", c[i].name);
        cr_assert_eq(test_run_bilim(args, &out, NULL), 0, "bilim %s", args);
        cr_assert(strstr(out, "Usage: bilim"));
        free(out);
    }
}

Test(cli, unknown_command_exits_2_with_one_line)
{
    char *err = NULL;
    cr_assert_eq(test_run_bilim("frobnicate", NULL, &err), 2);
    cr_assert_str_eq(err, "bilim: unknown command 'frobnicate'; see 'bilim --help'\n");
    free(err);
    cr_assert_eq(test_run_bilim("help frobnicate", NULL, &err), 2);
    cr_assert(strstr(err, "'frobnicate'"));
    free(err);
}

Test(cli, unknown_options_exit_2)
{
    char *err = NULL;
    cr_assert_eq(test_run_bilim("--frob", NULL, &err), 2);
    cr_assert(strstr(err, "unknown option '--frob'"), "%s", err);
    free(err);
    int n;
    const bilim_command *c = bilim_cli_commands(&n);
    for (int i = 0; i < n; i++) {
        char args[64];
        snprintf(args, sizeof args, "%s --no-such-option", c[i].name);
        cr_assert_eq(test_run_bilim(args, NULL, &err), 2, "bilim %s", args);
        cr_assert(strstr(err, "unknown option '--no-such-option'"), "%s: %s", args, err);
        cr_assert(strstr(err, "bilim help"), "%s", err);
        free(err);
    }
}

Test(cli, no_arguments_is_a_usage_error)
{
    cr_assert_eq(test_run_bilim("", NULL, NULL), 2);
}
