/* cli/cmd_report.c: `bilim report` (placeholder until issue 6 lands). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/common.h"

int bilim_cmd_report(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("report", argc, argv, opts, 0, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("report", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim report OUT.h5 -o REPORT.html", "Builds the HTML report of a comparison result file.", opts, 0);
        return 0;
    }
    fprintf(stderr, "bilim report: not available in this build yet (issue 6)\n");
    return 1;
}
