/* cli/cmd_calibrate.c: `bilim calibrate` (placeholder until issue 7 lands). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/common.h"

int bilim_cmd_calibrate(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("calibrate", argc, argv, opts, 0, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("calibrate", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim calibrate CALIBRATION.json -o POSTERIOR.h5 [options]", "Fits parameters to survey data and writes the posterior.", opts, 0);
        return 0;
    }
    fprintf(stderr, "bilim calibrate: not available in this build yet (issue 7)\n");
    return 1;
}
