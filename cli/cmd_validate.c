/* cli/cmd_validate.c: `bilim validate` (placeholder until issue 3 lands). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/common.h"

int bilim_cmd_validate(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("validate", argc, argv, opts, 0, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("validate", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim validate FILE... [--print]", "Checks scenario files without running them.", opts, 0);
        return 0;
    }
    fprintf(stderr, "bilim validate: not available in this build yet (issue 3)\n");
    return 1;
}
