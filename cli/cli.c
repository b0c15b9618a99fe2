/* cli/cli.c: the command table and dispatch; --version. Help is cli/help.c. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include "base/i18n.h"
#include "base/version.h"
#include "cli/datadir.h"
#include "cli/help.h"
#include "cli/lang.h"
#include "formats/output_info.h"

static const bilim_command commands[] = {
    {"run", N_("run all replicates of a scenario and write an HDF5 result file"), bilim_cmd_run},
    {"compare", N_("run a baseline and policy options on common random numbers and compare them"), bilim_cmd_compare},
    {"sensitivity", N_("which uncertain parameters drive an output: Sobol' indices or Morris screening"), bilim_cmd_sensitivity},
    {"report", N_("build the HTML report of an existing comparison result file"), bilim_cmd_report},
    {"validate", N_("check scenario files without running them; --print shows the resolved scenario"), bilim_cmd_validate},
    {"effects", N_("virtual trials of every intervention type against the literature's effect sizes"), bilim_cmd_effects},
    {"calibrate", N_("fit parameters to survey data (ABC-SMC) and write the posterior"), bilim_cmd_calibrate},
    {"info", N_("summarise a result file: scenarios, replicates, months, metrics, provenance"), bilim_cmd_info},
    {"params", N_("list the model parameters (--markdown writes docs/parameters.md)"), bilim_cmd_params},
};

const bilim_command *bilim_cli_commands(int *n)
{
    *n = (int)(sizeof commands / sizeof commands[0]);
    return commands;
}

const bilim_command *bilim_cli_find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* The version, the commit, the libraries, and the data directory in use. */
static void print_version(FILE *f)
{
    bilim_datadir d;
    char libs[256], data[sizeof d.looked + 128];
    bilim_output_library_versions(libs, sizeof libs);
    bilim_datadir_find(&d);
    bilim_datadir_describe(&d, data, sizeof data);
    fprintf(f, _("bilim %s (commit %s)\n%s\n%s\n"), bilim_version(), bilim_version_git_commit(),
            libs, data);
}

static int unknown_command(const char *name)
{
    fprintf(stderr, _("bilim: unknown command '%s'; see 'bilim --help'\n"), name);
    return 2;
}

/* "--lang L" or "--lang=L" before the command: 1 or 2 arguments used, 0
 * when argv[1] is not --lang, -1 (message printed) when it is wrong. */
static int global_lang(int argc, char **argv)
{
    const char *lang = NULL;
    int used = 0;
    if (argc >= 2 && strncmp(argv[1], "--lang=", 7) == 0) {
        lang = argv[1] + 7;
        used = 1;
    } else if (argc >= 2 && strcmp(argv[1], "--lang") == 0) {
        if (argc < 3) {
            fprintf(stderr, _("bilim: --lang needs a value: kk, ru or en\n"));
            return -1;
        }
        lang = argv[2];
        used = 2;
    } else {
        return 0;
    }
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_lang_setup(lang, &err)) {
        fprintf(stderr, "bilim: %s\n", err.msg);
        return -1;
    }
    return used;
}

int bilim_cli_main(int argc, char **argv)
{
    /* The environment's language; a global --lang overrides it. */
    bilim_lang_setup(NULL, NULL);
    int used = global_lang(argc, argv);
    if (used < 0)
        return 2;
    argv[used] = argv[0];
    argc -= used;
    argv += used;
    if (argc < 2) {
        bilim_help_overview(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        bilim_help_overview(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        print_version(stdout);
        return 0;
    }
    if (strcmp(cmd, "help") == 0)
        return bilim_help_main(argc - 1, argv + 1);
    if (cmd[0] == '-') {
        fprintf(stderr, _("bilim: unknown option '%s'; see 'bilim --help'\n"), cmd);
        return 2;
    }
    const bilim_command *c = bilim_cli_find_command(cmd);
    if (!c)
        return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
