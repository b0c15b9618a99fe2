/* cli/common.c: see common.h. */
#include "cli/common.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "cli/signal.h"
#include "models/preset.h"

void bilim_common_opts_init(bilim_common_opts *c, bilim_opt *opts)
{
    memset(c, 0, sizeof *c);
    const bilim_opt table[BILIM_COMMON_N_OPTS] = {
        {"replicates", 'r', BILIM_OPT_INT, &c->replicates, 1, 100000, "N",
         "replicates to run (default: the scenario's)", 0},
        {"seed", 's', BILIM_OPT_U64, &c->seed, 0, 0, "S",
         "random seed (default: the scenario's)", 0},
        {"threads", 't', BILIM_OPT_INT, &c->threads, 1, 4096, "T",
         "threads (default: OMP_NUM_THREADS or all cores)", 0},
        {"months", 'm', BILIM_OPT_INT, &c->months, 1, BILIM_MAX_MONTHS, "M",
         "horizon in months (default: the scenario's)", 0},
        {"schools", 'n', BILIM_OPT_INT, &c->schools, 1, 1000000, "N",
         "run on a proportional sample of N schools (budgets and programme sizes scaled)", 0},
        {"quiet", 'q', BILIM_OPT_FLAG, &c->quiet, 0, 0, NULL,
         "no progress bar and no summary line", 0},
    };
    memcpy(opts, table, sizeof table);
}

int bilim_common_apply(const bilim_common_opts *c, const bilim_opt *opts,
                       bilim_scenario *sc, bilim_error *err)
{
    bilim_scenario_settings s = {opts[0].seen, opts[1].seen, opts[3].seen, opts[4].seen,
                                 c->replicates, c->months, c->schools, c->seed};
    int32_t dropped;
    int rc = bilim_scenario_apply_settings(sc, &s, &dropped, err);
    if (dropped && !c->quiet)
        fprintf(stderr, "note: --months %d drops %d survey month%s past the horizon\n",
                c->months, dropped, dropped == 1 ? "" : "s");
    return rc;
}

void bilim_cli_help(FILE *f, const char *usage, const char *description,
                    const bilim_opt *opts, int n_opts)
{
    fprintf(f, "Usage: %s\n\n%s\n\nOptions:\n", usage, description);
    bilim_args_print_options(opts, n_opts, f);
}

int bilim_cli_fail(const char *command, const bilim_error *err)
{
    if (err->code == BILIM_EINTR) {
        fprintf(stderr, "bilim %s: %s\n", command, err->msg);
        return bilim_signal_exit_code();
    }
    /* Usage errors already name the command. */
    if (err->code == BILIM_EUSAGE && strncmp(err->msg, "bilim ", 6) == 0)
        fprintf(stderr, "%s\n", err->msg);
    else
        fprintf(stderr, "bilim %s: %s\n", command, err->msg);
    return bilim_error_exit_code(err->code);
}

int bilim_cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO);
}

int bilim_cli_close_stdout(int status)
{
    /* Data still in the buffer fails only now (a full disk, /dev/full); a
     * file system may report an error only when the file closes. */
    errno = 0;
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    bad = fclose(stdout) != 0 || bad;
    e = e ? e : errno;
    if (!bad)
        return status;
    fprintf(stderr, "bilim: cannot write to standard output: %s\n",
            e ? strerror(e) : "write error");
    return status ? status : 1;
}
