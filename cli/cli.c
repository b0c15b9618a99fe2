/* cli/cli.c: the command table and dispatch; --version. Help is cli/help.c. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include "base/version.h"
#include "cli/datadir.h"
#include "cli/help.h"
#include "formats/output_info.h"

static const bilim_command commands[] = {
    {"run", "run all replicates of a scenario and write an HDF5 result file", bilim_cmd_run},
    {"compare", "run a baseline and policy options on common random numbers and compare them", bilim_cmd_compare},
    {"sensitivity", "which uncertain parameters drive an output: Sobol' indices or Morris screening", bilim_cmd_sensitivity},
    {"report", "build the HTML report of an existing comparison result file", bilim_cmd_report},
    {"validate", "check scenario files without running them; --print shows the resolved scenario", bilim_cmd_validate},
    {"effects", "virtual trials of every intervention type against the literature's effect sizes", bilim_cmd_effects},
    {"calibrate", "fit parameters to survey data (ABC-SMC) and write the posterior", bilim_cmd_calibrate},
    {"info", "summarise a result file: scenarios, replicates, months, metrics, provenance", bilim_cmd_info},
    {"params", "list the model parameters (--markdown writes docs/parameters.md)", bilim_cmd_params},
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
    fprintf(f, "bilim %s (commit %s)\n%s\n%s\n", bilim_version(), bilim_version_git_commit(),
            libs, data);
}

static int unknown_command(const char *name)
{
    fprintf(stderr, "bilim: unknown command '%s'; see 'bilim --help'\n", name);
    return 2;
}

int bilim_cli_main(int argc, char **argv)
{
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
        fprintf(stderr, "bilim: unknown option '%s'; see 'bilim --help'\n", cmd);
        return 2;
    }
    const bilim_command *c = bilim_cli_find_command(cmd);
    if (!c)
        return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
