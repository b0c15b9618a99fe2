/* cli/cmd_report.c: `bilim report`: the HTML report (and optionally the CSV
 * files) of an existing comparison result file, recomputed from the
 * replicates stored in it, so it is the report `bilim compare --report`
 * writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "analysis/plot.h"
#include "analysis/report.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "sim/output.h"

/* Moves the run named `name` to the front (the baseline); error if absent. */
static int pick_baseline(bilim_run_result *runs, char **jsons, int n, const char *name,
                         const char *path, bilim_error *err)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(runs[i].scenario.name, name) != 0)
            continue;
        bilim_run_result r = runs[i];
        char *js = jsons[i];
        memmove(runs + 1, runs, (size_t)i * sizeof *runs);
        memmove(jsons + 1, jsons, (size_t)i * sizeof *jsons);
        runs[0] = r;
        jsons[0] = js;
        return BILIM_OK;
    }
    char names[512] = "";
    for (int i = 0; i < n; i++) {
        size_t k = strlen(names);
        snprintf(names + k, sizeof names - k, "%s'%s'", i ? ", " : "", runs[i].scenario.name);
    }
    return bilim_error_set(err, BILIM_EUSAGE,
                           "bilim report: --baseline %s: %s holds no scenario of that name; "
                           "it holds %s", name, path, names);
}

static int report_main(const char *path, const char *out, const char *csv, const char *base,
                       bilim_error *err)
{
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n = 0;
    int rc = bilim_output_read(path, &runs, &jsons, &n, err);
    if (rc)
        return rc;
    bilim_comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    if (n < 2)
        rc = bilim_error_set(err, BILIM_EINVAL,
                             "%s holds %d scenario%s; a report compares a baseline with at "
                             "least one option (write it with `bilim compare`)",
                             path, n, n == 1 ? "" : "s");
    if (!rc && base)
        rc = pick_baseline(runs, jsons, n, base, path, err);
    if (!rc)
        rc = bilim_compare_compute(runs, n, &cmp, err);
    if (!rc && csv)
        rc = bilim_csv_write_comparison(&cmp, csv, err);
    if (!rc) {
        bilim_report_input in = {&cmp, runs, (const char *const *)jsons, path, NULL};
        rc = bilim_report_write(&in, out, err);
    }
    bilim_comparison_free(&cmp);
    bilim_output_read_free(runs, jsons, n);
    return rc;
}

static const char *description =
    "Builds the HTML report of a comparison result file written by `bilim compare`:\n"
    "the comparison is recomputed from the replicates stored in the file, so this is\n"
    "the report `bilim compare --report` writes. The baseline is the file's first\n"
    "scenario unless --baseline names another. Needs gnuplot (Debian: gnuplot-nox).";

int bilim_cmd_report(int argc, char **argv)
{
    const char *out = NULL, *csv = NULL, *base = NULL;
    bilim_opt opts[3] = {
        {"output", 'o', BILIM_OPT_STRING, &out, 0, 0, "FILE", "HTML report to write (required)", 0},
        {"csv", 0, BILIM_OPT_STRING, &csv, 0, 0, "DIR", "also write the CSV files into DIR", 0},
        {"baseline", 'b', BILIM_OPT_STRING, &base, 0, 0, "NAME",
         "scenario to compare the others with (default: the first in the file)", 0},
    };
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("report", argc, argv, opts, 3, pos, 1, &n_pos, &help, &err))
        return bilim_cli_fail("report", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim report OUT.h5 -o REPORT.html [options]", description, opts,
                       3);
        return 0;
    }
    if (n_pos != 1)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim report: give one result file (OUT.h5); see "
                        "'bilim help report'");
    else if (!out)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim report: -o REPORT.html is required; see "
                        "'bilim help report'");
    else
        bilim_plot_check(&err);
    if (err.code)
        return bilim_cli_fail("report", &err);
    int rc = report_main(pos[0], out, csv, base, &err);
    return rc ? bilim_cli_fail("report", &err) : 0;
}
