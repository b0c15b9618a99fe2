/* cli/cli.c: command dispatch, --help, --version, `bilim help COMMAND`. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include "base/version.h"
#include "formats/output_info.h"

static const bilim_command commands[] = {
    {"run", "run all replicates of a scenario and write an HDF5 result file", bilim_cmd_run},
    {"compare", "run a baseline and policy options on common random numbers and compare them", bilim_cmd_compare},
    {"sensitivity", "which uncertain parameters drive an output: Sobol' indices or Morris screening", bilim_cmd_sensitivity},
    {"report", "build the HTML report of an existing comparison result file", bilim_cmd_report},
    {"validate", "check scenario files without running them; --print shows the resolved scenario", bilim_cmd_validate},
    {"calibrate", "fit parameters to survey data (ABC-SMC) and write the posterior", bilim_cmd_calibrate},
    {"info", "summarise a result file: scenarios, replicates, months, metrics, provenance", bilim_cmd_info},
    {"params", "list the model parameters (--markdown writes docs/parameters.md)", bilim_cmd_params},
};

const bilim_command *bilim_cli_commands(int *n)
{
    *n = (int)(sizeof commands / sizeof commands[0]);
    return commands;
}

static const bilim_command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fprintf(f,
            "bilim %s: agent-based simulation of how educational innovations spread\n"
            "through Kazakhstan's secondary schools, and what policies change.\n\n"
            "Usage: bilim COMMAND [OPTIONS] [ARGS]\n"
            "       bilim help COMMAND\n"
            "       bilim --version\n\n"
            "Commands:\n",
            bilim_version());
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\nExit status: 0 success, 1 invalid input or failure, 2 usage error,\n"
            "130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM).\n"
            "Documentation: README.md and docs/ in the source tree.\n");
}

static void print_version(FILE *f)
{
    char libs[256];
    bilim_output_library_versions(libs, sizeof libs);
    fprintf(f, "bilim %s (commit %s)\n%s\n", bilim_version(), bilim_version_git_commit(), libs);
}

static int unknown_command(const char *name)
{
    fprintf(stderr, "bilim: unknown command '%s'; see 'bilim --help'\n", name);
    return 2;
}

int bilim_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        print_version(stdout);
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return 0;
        }
        if (argc > 3) {
            fprintf(stderr, "bilim help: expects one command name; see 'bilim --help'\n");
            return 2;
        }
        const bilim_command *c = find_command(argv[2]);
        if (!c)
            return unknown_command(argv[2]);
        char help[] = "--help";
        char *sub[] = {argv[2], help, NULL};
        return c->run(2, sub);
    }
    if (cmd[0] == '-') {
        fprintf(stderr, "bilim: unknown option '%s'; see 'bilim --help'\n", cmd);
        return 2;
    }
    const bilim_command *c = find_command(cmd);
    if (!c)
        return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
