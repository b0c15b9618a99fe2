/* cli/common.h: pieces every command shares: the run-control options
 * (--replicates --seed --threads --months --schools --quiet), help printing,
 * and turning errors into messages and exit codes. */
#ifndef BILIM_CLI_COMMON_H
#define BILIM_CLI_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include "base/error.h"
#include "cli/args.h"
#include "models/scenario.h"

typedef struct bilim_common_opts {
    int32_t replicates;   /* 0: the scenario's */
    int32_t months;       /* 0: the scenario's */
    int32_t schools;      /* 0: the whole population */
    int32_t threads;      /* 0: OMP_NUM_THREADS or all cores */
    uint64_t seed;
    int quiet;
} bilim_common_opts;

#define BILIM_COMMON_N_OPTS 6

/* Writes the six run-control options into opts[0..5], bound to c (zeroed). */
void bilim_common_opts_init(bilim_common_opts *c, bilim_opt *opts);

/* Applies the options given on the command line to sc: replicates, months,
 * seed, and --schools N (bilim_scenario_sample: a proportional sample of the
 * population, same regional and urban/rural/small-class shares, with national
 * budgets and programme sizes scaled to it). Errors: BILIM_EUSAGE. */
int bilim_common_apply(const bilim_common_opts *c, const bilim_opt *opts,
                       bilim_scenario *sc, bilim_error *err);

/* Prints "Usage: ...", a description and the option list to f. */
void bilim_cli_help(FILE *f, const char *usage, const char *description,
                    const bilim_opt *opts, int n_opts);

/* Prints err to stderr ("bilim CMD: message") and returns its exit code. */
int bilim_cli_fail(const char *command, const bilim_error *err);

/* Flushes and closes standard output at the end of the program: status
 * when that works, else a message on stderr and status, or 1 when status
 * was 0 (a result printed to a full disk is not a success). */
int bilim_cli_close_stdout(int status);

/* 1 if stderr is a terminal (progress bars are drawn only then). */
int bilim_cli_stderr_is_tty(void);

#endif
