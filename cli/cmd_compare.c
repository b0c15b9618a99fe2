/* cli/cmd_compare.c: `bilim compare`: runs a baseline and policy options on
 * common random numbers and compares them (docs/compare.md).
 *
 * Every scenario runs with the same seed, replicates and horizon (the
 * baseline's, or the command line's), and the same --schools sample, so
 * replicate r of each starts from the same population with the same random
 * streams. Results go to one HDF5 file (the layout of `bilim run` plus
 * /comparison), and on request to CSV files and an HTML report. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "analysis/plot.h"
#include "analysis/report.h"
#include "base/alloc.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/datadir.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/output_read.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "sim/runner.h"

#define MAX_SCENARIOS 32

typedef struct job {
    int n;
    const char *paths[MAX_SCENARIOS];
    bilim_scenario *sc;       /* [n] */
    char *json[MAX_SCENARIOS];
    bilim_run_result *runs;   /* [n] */
    bilim_comparison cmp;
    char *found[MAX_SCENARIOS]; /* shipped scenarios named without a local file */
} job;

static void job_free(job *j)
{
    for (int i = 0; i < j->n; i++) {
        bilim_free(j->json[i]);
        if (j->runs)
            bilim_run_result_clear(&j->runs[i]);
    }
    for (int i = 0; i < j->n; i++)
        bilim_free(j->found[i]);
    bilim_free(j->sc);
    bilim_free(j->runs);
    bilim_comparison_clear(&j->cmp);
}

static int load_all(job *j, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        bilim_diags *d = bilim_diags_alloc();
        if (!d)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        int rc = bilim_scenario_load(j->paths[i], &j->sc[i], &j->json[i], d);
        if (rc) {
            if (bilim_diags_count(d) > 0) {
                bilim_diags_print(d, stderr);
                bilim_error_set(err, rc, "%s: %d error%s above; nothing was run", j->paths[i],
                                bilim_diags_count(d), bilim_diags_count(d) == 1 ? "" : "s");
            } else {
                bilim_error_set(err, rc, "%s: cannot load the scenario", j->paths[i]);
            }
            bilim_diags_free(d);
            return rc;
        }
        bilim_diags_free(d);
    }
    return BILIM_OK;
}

/* Command-line overrides for all; then the options take the baseline's seed,
 * replicates and horizon (common random numbers), with a note when that
 * changes them. The resolved JSON stays the file's: the result file records
 * the seed, replicates, months and schools as run beside it, and
 * bilim_output_read applies them again. */
static int align(job *j, const bilim_common_opts *co, const bilim_opt *opts, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        int rc = bilim_common_apply(co, opts, &j->sc[i], err);
        if (!rc && i > 0) {
            bilim_common_opts a;
            bilim_opt ao[BILIM_COMMON_N_OPTS];
            bilim_common_opts_init(&a, ao);
            a.replicates = j->sc[0].replicates;
            a.seed = j->sc[0].seed;
            a.months = j->sc[0].months;
            ao[0].seen = ao[1].seen = ao[3].seen = 1;
            bilim_scenario mine = j->sc[i];
            rc = bilim_common_apply(&a, ao, &j->sc[i], err);
            if (!rc && !co->quiet &&
                (mine.seed != a.seed || mine.replicates != a.replicates || mine.months != a.months))
                fprintf(stderr, "bilim compare: note: '%s' runs with the baseline's seed %llu, "
                                "%d replicates and %d months (common random numbers)\n",
                        j->sc[i].name, (unsigned long long)a.seed, a.replicates, a.months);
        }
        if (rc) {
            bilim_error_prefix(err, "%s", j->paths[i]);
            return rc;
        }
    }
    return bilim_compare_check(j->sc, j->n, err);
}

static int run_all(job *j, const bilim_common_opts *co, double *wall, int *threads,
                   bilim_error *err)
{
    *wall = 0.0;
    *threads = 0;
    /* One bar per scenario, "scenario k of n" and the ETA of them all. */
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(co->quiet), stderr, "compare", j->n);
    for (int i = 0; i < j->n; i++)
        if ((int)strlen(j->sc[i].name) > bar.label_width)
            bar.label_width = (int)strlen(j->sc[i].name);
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < j->n; i++) {
        bilim_progress_stage(&bar, j->sc[i].name);
        bilim_run_options ro = {co->threads, bar.enabled ? bilim_progress_on_run : NULL, &bar,
                                bilim_signal_flag()};
        rc = bilim_run_scenario(&j->sc[i], &ro, &j->runs[i], err);
        if (rc)
            break;
        bilim_progress_stage_done(&bar);
        *wall += j->runs[i].wall_seconds;
        *threads = j->runs[i].threads_used;
    }
    bilim_progress_finish(&bar);
    return rc;
}

/* Writes everything into o (opened before the runs) and commits it. */
static int write_h5(job *j, bilim_output *o, const char *cmd, double wall, int threads,
                    bilim_error *err)
{
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < j->n; i++)
        rc = bilim_output_write_run(o, &j->runs[i], j->json[i], err);
    if (!rc)
        rc = bilim_compare_write(o, &j->cmp, err);
    if (!rc) /* so that `bilim report` can show it too */
        rc = bilim_output_attr_string(o, "/comparison", "command", cmd, err);
    if (!rc)
        rc = bilim_output_write_run_info(o, wall, threads, err);
    if (rc) {
        bilim_output_abort(o);
        return rc;
    }
    return bilim_output_commit(o, err);
}

/* Fails before any simulation when the report's folder is not writable. */
static int check_report_dir(const char *report, bilim_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", report);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    if (access(dir, W_OK) != 0 && errno == ENOENT)
        return bilim_error_set(err, BILIM_EIO,
                               "--report %s: directory '%s' does not exist; create it "
                               "(mkdir -p %s) or choose another path", report, dir, dir);
    if (access(dir, W_OK) != 0)
        return bilim_error_set(err, BILIM_EIO, "--report %s: cannot write into %s: %s", report,
                               dir, strerror(errno));
    return BILIM_OK;
}

/* "bilim compare a.json b.json -o x.h5 ..." for the report's provenance. */
static char *command_line(int argc, char **argv)
{
    size_t n = 8;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = bilim_malloc(n);
    if (!s)
        return NULL;
    strcpy(s, "bilim");
    for (int i = 0; i < argc; i++) {
        strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static void print_summary(const bilim_comparison *c, const char *out, const char *csv,
                          const char *report)
{
    printf("Compared %d option%s with the baseline '%s': %d replicates, %d months, %d schools.\n",
           c->n_scenarios - 1, c->n_scenarios == 2 ? "" : "s", c->names[0], c->replicates,
           c->months, c->schools);
    printf("Ranked by effect on routine use at month %d (percentage points, 95%% CI):\n",
           c->months);
    int width = 8;
    for (int32_t s = 1; s < c->n_scenarios; s++)
        if ((int)strlen(c->names[s]) > width)
            width = (int)strlen(c->names[s]);
    for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
        const bilim_effect_row *h = bilim_compare_row(c, c->rank_effect[i], "adoption_routine");
        char kzt[64];
        if (h->ce.status == BILIM_CE_NO_EFFECT || h->ce.status == BILIM_CE_FEWER)
            snprintf(kzt, sizeof kzt, "%s", bilim_ce_status_name(h->ce.status));
        else
            bilim_compare_format_kzt(h->ce.ratio, kzt, sizeof kzt);
        /* Small effects get more decimals so they do not print as +0.00. */
        int dec = fabs(100 * h->paired.mean) < 0.1 ? 4 : 2;
        printf("  %2d. %-*s %+8.*f pp", i + 1, width, c->names[c->rank_effect[i]], dec,
               100 * h->paired.mean);
        if (isfinite(h->paired.low))
            printf(" [%+.*f, %+.*f]", dec, 100 * h->paired.low, dec, 100 * h->paired.high);
        printf("  %s per additional teacher\n", kzt);
    }
    printf("%s\n", c->budget_note);
    printf("Results: %s\n", out);
    if (csv)
        printf("CSV:     %s/comparison.csv (also ranking, series, differences, replicates)\n",
               csv);
    if (report)
        printf("Report:  %s\n", report);
}

static int compare_main(job *j, const bilim_common_opts *co, const bilim_opt *opts,
                        const char *out, const char *csv, const char *report, const char *cmd,
                        bilim_error *err)
{
    int rc = load_all(j, err);
    if (!rc)
        rc = align(j, co, opts, err);
    /* Every destination is checked before hours of simulation, not after. */
    if (!rc && csv)
        rc = bilim_csv_prepare_dir(csv, err);
    if (!rc && report)
        rc = check_report_dir(report, err);
    bilim_output *o = NULL;
    if (!rc)
        rc = bilim_output_create(out, &o, err);
    if (rc)
        return rc;
    double wall;
    int threads;
    bilim_signal_install();
    rc = run_all(j, co, &wall, &threads, err);
    if (!rc)
        rc = bilim_compare_compute(j->runs, j->n, &j->cmp, err);
    if (rc) {
        bilim_output_abort(o); /* removes the temporary file */
        return rc;
    }
    rc = write_h5(j, o, cmd, wall, threads, err);
    if (!rc && csv)
        rc = bilim_csv_write_comparison(&j->cmp, csv, err);
    if (!rc && report) {
        bilim_report_input in = {&j->cmp, j->runs, (const char *const *)j->json, out, cmd,
                                 NULL};
        rc = bilim_report_write(&in, report, err);
    }
    if (!rc && !co->quiet)
        print_summary(&j->cmp, out, csv, report);
    return rc;
}

static const char *description =
    "Runs a baseline scenario and one or more policy options on common random numbers\n"
    "(the same seed, replicates, horizon and population for all: the options take the\n"
    "baseline's unless given here) and compares each option with the baseline, replicate\n"
    "by replicate: the change in the share of teachers in routine use (overall, per\n"
    "innovation, urban and rural, and the urban-rural gap), months to 25% and 50%,\n"
    "cost, and KZT per additional teacher in routine use, each with a 95% t interval on\n"
    "the paired differences. Writes one HDF5 file (the layout of `bilim run` plus\n"
    "/comparison) and, when asked, CSV files and a self-contained HTML report\n"
    "(docs/compare.md).\n\n"
    "Examples:\n"
    "  bilim compare scenarios/baseline.json scenarios/leadership_training.json \\\n"
    "      -o compare.h5 --csv compare-csv --report report.html\n"
    "  bilim compare scenarios/baseline.json scenarios/option_10bn_funding.json \\\n"
    "      scenarios/option_10bn_incentives.json --schools 1000 --replicates 5 -o options.h5";

int bilim_cmd_compare(int argc, char **argv)
{
    bilim_common_opts co;
    bilim_opt opts[BILIM_COMMON_N_OPTS + 3];
    const char *out = NULL, *report = NULL, *csv = NULL;
    bilim_common_opts_init(&co, opts);
    const bilim_opt mine[3] = {
        {"output", 'o', BILIM_OPT_STRING, &out, 0, 0, "FILE", "HDF5 result file (required)", 0},
        {"report", 0, BILIM_OPT_STRING, &report, 0, 0, "FILE", "also write the HTML report", 0},
        {"csv", 0, BILIM_OPT_STRING, &csv, 0, 0, "DIR", "also write CSV files into DIR", 0},
    };
    memcpy(opts + BILIM_COMMON_N_OPTS, mine, sizeof mine);
    job j;
    memset(&j, 0, sizeof j);
    int help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("compare", argc, argv, opts, BILIM_COMMON_N_OPTS + 3, j.paths,
                         MAX_SCENARIOS, &j.n, &help, &err))
        return bilim_cli_fail("compare", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim compare BASELINE.json OPTION.json... -o OUT.h5 [options]",
                       description, opts, BILIM_COMMON_N_OPTS + 3);
        return 0;
    }
    if (j.n < 2)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim compare: give a baseline scenario and at "
                        "least one option scenario; see 'bilim help compare'");
    else if (!out)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim compare: -o OUT.h5 is required (where to "
                        "write the results); see 'bilim help compare'");
    else if (report)
        bilim_plot_check(&err); /* fail before hours of simulation, not after */
    if (err.code)
        return bilim_cli_fail("compare", &err);
    if (bilim_datadir_resolve_args("compare", j.paths, j.n, co.quiet, j.found))
        return 1;
    j.sc = bilim_calloc((size_t)j.n, sizeof *j.sc);
    j.runs = bilim_calloc((size_t)j.n, sizeof *j.runs);
    char *cmd = command_line(argc, argv);
    int rc = (j.sc && j.runs && cmd)
                 ? compare_main(&j, &co, opts, out, csv, report, cmd, &err)
                 : bilim_error_set(&err, BILIM_ENOMEM, "out of memory");
    bilim_free(cmd);
    job_free(&j);
    return rc ? bilim_cli_fail("compare", &err) : 0;
}
