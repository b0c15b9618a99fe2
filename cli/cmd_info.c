/* cli/cmd_info.c: `bilim info` (placeholder until issue 5 lands). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/common.h"

int bilim_cmd_info(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("info", argc, argv, opts, 0, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("info", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim info OUT.h5", "Summarises a result file.", opts, 0);
        return 0;
    }
    fprintf(stderr, "bilim info: not available in this build yet (issue 5)\n");
    return 1;
}
