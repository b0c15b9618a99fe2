/* cli/compare_psa.h: `bilim compare --draws N`: the comparison propagated
 * through the uncertainty in the model's parameters (docs/compare.md,
 * "Decisions under uncertainty").
 *
 * The command builds a design (sim/design.h) from the aligned scenarios:
 * every prior of models/param_priors.h, changed by the baseline file's
 * "uncertainty" object and by --prior, less what --fix names, and the
 * calibration's posterior sample for the month-0 state; draws N points;
 * runs each point's baseline and options on common random numbers;
 * analyses the draws (analysis/psa.h) and writes /design and
 * /comparison/uncertainty beside the usual comparison. */
#ifndef BILIM_CLI_COMPARE_PSA_H
#define BILIM_CLI_COMPARE_PSA_H

#include <stdio.h>
#include "analysis/psa.h"
#include "base/error.h"
#include "cli/args.h"
#include "cli/batch.h"
#include "formats/output_write.h"
#include "sim/design.h"

typedef struct bilim_compare_psa {
    /* options */
    int32_t draws;                 /* 0: no propagation */
    int32_t draw_replicates;       /* replicates per draw (default 1) */
    const char *posterior;         /* --posterior FILE, or NULL */
    const char *sampling;          /* --sampling auto|sobol|lhs, or NULL */
    double wtp;                    /* --wtp KZT, 0: the default */
    bilim_opt_list fix;            /* --fix NAME[=VALUE] */
    bilim_opt_list prior;          /* --prior NAME=KIND:P1,P2[,LO,HI] */
    /* state */
    char posterior_path[4096];     /* the sample used, or "" */
    int32_t extra_points;          /* points with one replicate more (noise) */
    double population_scale;
    bilim_design design;
    bilim_design_record *records;
    bilim_psa_result result;
    bilim_batch batch;             /* the runs (cli/batch.h): set out and files before _run */
    double wall_seconds;           /* the design's runs */
    double analysis_seconds;       /* the analysis of the draws */
} bilim_compare_psa;

#define BILIM_COMPARE_PSA_N_OPTS 7

/* Zeroes p and writes its options into opts[0..BILIM_COMPARE_PSA_N_OPTS-1]. */
void bilim_compare_psa_opts_init(bilim_compare_psa *p, bilim_opt *opts);

/* Applies --fix NAME=VALUE to every scenario (before anything runs).
 * Errors: BILIM_EUSAGE naming the option. */
int bilim_compare_psa_apply_fixed(const bilim_compare_psa *p, bilim_scenario *sc, int n,
                                  bilim_error *err);

/* Builds the design from the aligned scenarios sc[0..n-1] (sc[0] the
 * baseline, read from baseline_path), whose population stands for
 * population_schools schools. Errors: BILIM_EUSAGE (bad --fix, --prior,
 * --sampling), BILIM_EINVAL, BILIM_EIO, BILIM_ENOMEM. */
int bilim_compare_psa_prepare(bilim_compare_psa *p, const char *baseline_path,
                              const bilim_scenario *sc, int n, int32_t population_schools,
                              bilim_error *err);

/* Runs the design (progress on stderr unless quiet: cli/progress) and
 * analyses it. */
int bilim_compare_psa_run(bilim_compare_psa *p, int threads, int quiet, bilim_error *err);

/* Writes /design and /comparison/uncertainty into o (the CSV files go
 * through the command's output set: bilim_psa_csv_write_set). */
int bilim_compare_psa_write(const bilim_compare_psa *p, bilim_output *o, bilim_error *err);

/* The summary in plain words. */
void bilim_compare_psa_print(const bilim_compare_psa *p, FILE *f);

void bilim_compare_psa_clear(bilim_compare_psa *p);

#endif
