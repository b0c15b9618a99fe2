/* cli/cmd_compare.c: `bilim compare` (placeholder until issue 6 lands). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/common.h"

int bilim_cmd_compare(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("compare", argc, argv, opts, 0, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("compare", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim compare BASELINE.json OPTION.json... -o OUT.h5 [options]", "Runs a baseline and options on common random numbers and compares them.", opts, 0);
        return 0;
    }
    fprintf(stderr, "bilim compare: not available in this build yet (issue 6)\n");
    return 1;
}
