/* cli/cmd_report.c: `bilim report`: the HTML report (and optionally the CSV
 * files) of an existing comparison result file, recomputed from the
 * replicates stored in it, so it is the report `bilim compare --report`
 * writes. The file is checked (layout, checksums) in a child process
 * first (cli/probe.h); the outputs form one set (base/outset.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "analysis/xlsx.h"
#include "analysis/plot.h"
#include "analysis/psa.h"
#include "analysis/report.h"
#include "base/alloc.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/lang.h"
#include "cli/outputs.h"
#include "cli/probe.h"
#include "cli/signal.h"
#include "formats/design_read.h"
#include "formats/output_info.h"
#include "formats/output_read.h"

/* Moves run `from` (and its JSON) to position `to` <= from, shifting the
 * ones between up by one. */
static void move_to(bilim_run_result *runs, char **jsons, int from, int to)
{
    bilim_run_result r = runs[from];
    char *js = jsons[from];
    memmove(runs + to + 1, runs + to, (size_t)(from - to) * sizeof *runs);
    memmove(jsons + to + 1, jsons + to, (size_t)(from - to) * sizeof *jsons);
    runs[to] = r;
    jsons[to] = js;
}

static int find_run(const bilim_run_result *runs, int n, int from, const char *name, size_t len)
{
    for (int i = from; i < n; i++)
        if (strlen(runs[i].scenario.name) == len && strncmp(runs[i].scenario.name, name, len) == 0)
            return i;
    return -1;
}

/* Restores the command line's order (baseline first) from the file's
 * /comparison scenario_order attribute (one name a line); the file lists
 * scenarios by name otherwise. */
static void restore_order(const char *path, bilim_run_result *runs, char **jsons, int n)
{
    char *order = NULL;
    bilim_error ignored;
    if (bilim_output_read_attr_string(path, "/comparison", "scenario_order", &order, &ignored))
        return; /* not written by `bilim compare`: keep the file's order */
    int next = 0;
    for (const char *p = order; *p && next < n;) {
        size_t len = strcspn(p, "\n");
        int i = find_run(runs, n, next, p, len);
        if (i >= 0)
            move_to(runs, jsons, i, next++);
        p += len;
        p += *p == '\n';
    }
    bilim_free(order);
}

/* Moves the run named `name` to the front (the baseline); error if absent. */
static int pick_baseline(bilim_run_result *runs, char **jsons, int n, const char *name,
                         const char *path, bilim_error *err)
{
    int i = find_run(runs, n, 0, name, strlen(name));
    if (i >= 0) {
        move_to(runs, jsons, i, 0);
        return BILIM_OK;
    }
    char names[512] = "";
    for (int k = 0; k < n; k++) {
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s'%s'", k ? ", " : "",
                 runs[k].scenario.name);
    }
    return bilim_error_set(err, BILIM_EUSAGE,
                           "bilim report: --baseline %s: %s holds no scenario of that name; "
                           "it holds %s", name, path, names);
}

/* Everything report_main reads, in a child process first (cli/probe.h):
 * the checks, the scenarios, the provenance and /comparison's attributes. */
static int read_everything(void *arg, bilim_error *err)
{
    const char *path = arg;
    int rc = bilim_output_check(path, err);
    bilim_output_provenance prov;
    if (!rc)
        rc = bilim_output_read_provenance(path, &prov, err);
    char *s = NULL;
    bilim_error ignored;
    for (int k = 0; !rc && k < 2; k++) {
        bilim_output_read_attr_string(path, "/comparison", k ? "command" : "scenario_order", &s,
                                      &ignored);
        bilim_free(s);
        s = NULL;
    }
    return rc;
}

/* The outputs (-o, --csv's files, --xlsx) in one set, checked against the
 * result file read and each other before anything is read. */
static int open_outputs(bilim_outset *set, const char *path, const char *out, const char *csv,
                        const char *xlsx, int idx[3], bilim_error *err)
{
    idx[1] = idx[2] = -1;
    int rc = bilim_outset_input(set, path, err);
    if (!rc && csv) /* the folder first: -o may be a file inside it */
        rc = bilim_csv_declare(set, csv, &idx[1], err);
    if (!rc)
        rc = bilim_outset_file(set, out, "-o", 0, &idx[0], err);
    if (!rc && xlsx)
        rc = bilim_outset_file(set, xlsx, "--xlsx", 0, &idx[2], err);
    if (!rc)
        rc = bilim_outset_open(set, err);
    return rc;
}

/* The analysis under uncertainty recomputed from /design, with the
 * settings recorded in /comparison/uncertainty, when the file has one
 * (written by `bilim compare --draws`); *present 0 otherwise. */
static int read_psa(const char *path, bilim_psa_result *r, int *present, bilim_error *err)
{
    bilim_psa_settings s;
    bilim_psa_settings_defaults(&s);
    bilim_error ignored;
    *present = bilim_output_read_attr_double(path, "/comparison/uncertainty",
                                             "wtp_reference_kzt", &s.wtp_ref, &ignored) == 0;
    if (!*present)
        return BILIM_OK;
    bilim_output_read_attr_double(path, "/comparison/uncertainty", "population_scale",
                                  &s.population_scale, &ignored);
    bilim_design d;
    bilim_design_record *rec = NULL;
    int rc = bilim_design_read(path, &d, &rec, err);
    if (!rc)
        rc = bilim_psa_compute(&d, rec, &s, r, err);
    bilim_design_clear(&d);
    bilim_free(rec);
    return rc;
}

/* The sweeps the file's /comparison "sweeps" attribute lists, recomputed
 * from the comparison (none when the attribute is absent). */
static int read_sweeps(const char *path, const bilim_comparison *cmp,
                       const bilim_psa_result *psa, bilim_sweep_curve *out, int *n,
                       bilim_error *err)
{
    *n = 0;
    char *spec = NULL;
    bilim_error ignored;
    if (bilim_output_read_attr_string(path, "/comparison", "sweeps", &spec, &ignored))
        return BILIM_OK;
    int rc = bilim_sweep_curve_parse(spec, out, BILIM_SWEEP_MAX_CURVES, n, err);
    for (int k = 0; !rc && k < *n; k++)
        rc = bilim_sweep_curve_compute(&out[k], cmp, psa, err);
    bilim_free(spec);
    return rc;
}

static int report_main(const char *path, const char *out, const char *csv,
                       const bilim_csv_format *fmt, const char *xlsx, const char *base,
                       bilim_outset *set, bilim_error *err)
{
    int idx[3];
    int rc = open_outputs(set, path, out, csv, xlsx, idx, err);
    if (!rc)
        rc = bilim_probe_run(read_everything, (void *)path, path, err);
    if (rc)
        return rc;
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n = 0;
    rc = bilim_output_read(path, &runs, &jsons, &n, err);
    if (rc)
        return rc;
    bilim_comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    char *cmd = NULL;
    bilim_error ignored;
    bilim_output_read_attr_string(path, "/comparison", "command", &cmd, &ignored);
    restore_order(path, runs, jsons, n);
    if (n < 2)
        rc = bilim_error_set(err, BILIM_EINVAL,
                             "%s holds %d scenario%s; a report compares a baseline with at "
                             "least one option (write it with `bilim compare`)",
                             path, n, n == 1 ? "" : "s");
    if (!rc && base)
        rc = pick_baseline(runs, jsons, n, base, path, err);
    if (!rc)
        rc = bilim_compare_compute(runs, n, &cmp, err);
    if (!rc) /* what each part of a package adds, as bilim compare computed it */
        rc = bilim_compare_parts_read(path, runs, &cmp, err);
    if (!rc && csv)
        rc = bilim_csv_write_set(&cmp, set, idx[1], fmt, err);
    if (!rc && xlsx)
        rc = bilim_xlsx_write(&cmp, bilim_outset_temp(set, idx[2]), err);
    bilim_psa_result psa;
    memset(&psa, 0, sizeof psa);
    int has_psa = 0;
    if (!rc)
        rc = read_psa(path, &psa, &has_psa, err);
    bilim_sweep_curve *sweeps = bilim_calloc(BILIM_SWEEP_MAX_CURVES, sizeof *sweeps);
    int n_sweeps = 0;
    if (!rc && !sweeps)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = read_sweeps(path, &cmp, has_psa ? &psa : NULL, sweeps, &n_sweeps, err);
    /* Who computed the results: the file's provenance, not this program. */
    bilim_output_provenance prov;
    char by[200] = "";
    if (!rc && bilim_output_read_provenance(path, &prov, &ignored) == BILIM_OK &&
        prov.bilim_version[0])
        snprintf(by, sizeof by, "bilim %s (commit %s)", prov.bilim_version,
                 prov.git_commit[0] ? prov.git_commit : "unknown");
    if (!rc) {
        bilim_report_input in = {&cmp, runs, (const char *const *)jsons, path, cmd,
                                 by[0] ? by : NULL, has_psa ? &psa : NULL, sweeps, n_sweeps};
        FILE *f = bilim_outset_stream(set, idx[0], err);
        rc = f ? bilim_report_write_stream(&in, f, err) : err->code;
    }
    if (!rc)
        rc = bilim_outputs_commit(set, err);
    if (rc && bilim_signal_interrupted())
        rc = bilim_error_set(err, BILIM_EINTR, "interrupted; nothing was written, the previous "
                             "outputs are unchanged");
    bilim_free(cmd);
    bilim_psa_result_clear(&psa);
    bilim_free(sweeps);
    bilim_comparison_clear(&cmp);
    bilim_output_read_free(runs, jsons, n);
    return rc;
}

static const char *description =
    "Builds the HTML report of a comparison result file written by `bilim compare`:\n"
    "the comparison is recomputed from the replicates stored in the file, so this is\n"
    "the report `bilim compare --report` writes. The baseline and the order of the\n"
    "options are those of the `bilim compare` command line (recorded in the file);\n"
    "--baseline NAME compares the others with NAME instead. Needs gnuplot (Debian:\n"
    "gnuplot-nox).\n\n"
    "Example:\n"
    "  bilim report compare.h5 -o report.html --csv report-csv";

int bilim_cmd_report(int argc, char **argv)
{
    const char *out = NULL, *csv = NULL, *base = NULL, *lang = NULL, *csv_locale = "en",
               *xlsx = NULL;
    bilim_csv_format fmt;
    bilim_opt opts[6] = {
        {"output", 'o', BILIM_OPT_STRING, &out, 0, 0, "FILE", "HTML report to write (required)", 0},
        {"csv", 0, BILIM_OPT_STRING, &csv, 0, 0, "DIR", "also write the CSV files into DIR", 0},
        {"csv-locale", 0, BILIM_OPT_STRING, &csv_locale, 0, 0, "L",
         "CSV separators: en (',' and '.' decimals, default) or ru, kk, comma (';' and ',' "
         "decimals)", 0},
        {"xlsx", 0, BILIM_OPT_STRING, &xlsx, 0, 0, "FILE",
         "also write the tables as an Excel workbook (one sheet per table)", 0},
        {"baseline", 'b', BILIM_OPT_STRING, &base, 0, 0, "NAME",
         "scenario to compare the others with (default: the file's baseline)", 0},
        {"lang", 0, BILIM_OPT_STRING, &lang, 0, 0, "LANG",
         "language of the report: kk, ru or en (default: the environment's)", 0},
    };
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("report", argc, argv, opts, 6, pos, 1, &n_pos, &help, &err))
        return bilim_cli_fail("report", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim report OUT.h5 -o REPORT.html [options]", description, opts,
                       6);
        return 0;
    }
    if (lang && bilim_lang_setup(lang, &err))
        return bilim_cli_fail("report", &err);
    if (n_pos != 1)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim report: give one result file (OUT.h5); see "
                        "'bilim help report'");
    else if (!out)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim report: -o REPORT.html is required; see "
                        "'bilim help report'");
    else if (!bilim_csv_format_parse(csv_locale, &fmt, &err))
        bilim_plot_check(&err);
    if (err.code)
        return bilim_cli_fail("report", &err);
    bilim_signal_install();
    bilim_outset *set = bilim_outset_alloc();
    int rc = set ? report_main(pos[0], out, csv, &fmt, xlsx, base, set, &err)
                 : bilim_error_set(&err, BILIM_ENOMEM, "out of memory");
    bilim_outset_free(set); /* removes the temporaries unless committed */
    return rc ? bilim_cli_fail("report", &err) : 0;
}
