/* tests/test_xlsx.c: the --xlsx workbook, read back with Python's openpyxl
 * (Debian python3-openpyxl): its sheets, header rows, frozen panes, number
 * formats, and values against the HDF5 file the same command wrote. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/output_read.h"
#include "helpers.h"
#include "synthetic_runs.h"

/* Prints one line per check, then "effect <option> <value>" per Summary row. */
static const char *script =
    "import sys, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "print('sheets', '|'.join(wb.sheetnames))\n"
    "for ws in wb.worksheets:\n"
    "    print('frozen', ws.title, ws.freeze_panes)\n"
    "ws = wb['Summary']\n"
    "head = [c.value for c in ws[1]]\n"
    "print('head', '|'.join(head))\n"
    "print('bold', all(c.font.b for c in ws[1]))\n"
    "e = head.index('effect_pp'); k = head.index('additional_cost_kzt')\n"
    "for row in ws.iter_rows(min_row=2):\n"
    "    print('effect', row[0].value, repr(row[e].value), row[e].number_format,\n"
    "          row[k].number_format)\n";

Test(xlsx, workbook_sheets_headers_formats_and_values_match_the_hdf5_file, .timeout = 120)
{
    test_require_tool(system("/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1") == 0,
                      "Python's openpyxl (python3-openpyxl)");
    char dir[] = "/tmp/bilim-test-xlsx-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    const char *src = test_source_dir();
    char args[4096], *out = NULL, *err = NULL;
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/leadership_training.json "
             "-o %s/c.h5 --xlsx %s/w.xlsx --schools 40 --replicates 3 --months 12 --threads 2",
             src, src, dir, dir);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "bilim %s\n%s%s", args, out, err);
    cr_assert(strstr(out, "Workbook: "), "%s", out);
    free(out);
    free(err);
    char path[600], cmd[8192];
    snprintf(path, sizeof path, "%s/read.py", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(script, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/read.py %s/w.xlsx > %s/read.txt 2>&1", dir,
             dir, dir);
    int rc = system(cmd);
    snprintf(path, sizeof path, "%s/read.txt", dir);
    char *text = test_slurp(path);
    cr_assert_eq(rc, 0, "%s", text);
    cr_assert(strstr(text, "sheets Summary|All results|Ranking|Over time|Effect over time|"
                           "Replicates|Regions|Package parts|Notes\n"), "%s", text);
    cr_assert(strstr(text, "frozen Summary A2\n") && strstr(text, "frozen Regions A2\n") &&
              strstr(text, "frozen Notes A2\n"), "header rows frozen: %s", text);
    cr_assert(strstr(text, "head option|title|baseline|effect_pp|effect_ci_low_pp|"), "%s", text);
    cr_assert(strstr(text, "bold True\n"), "%s", text);

    /* The effect against the runs in the HDF5 file. */
    snprintf(path, sizeof path, "%s/c.h5", dir);
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n = 0;
    bilim_error e;
    cr_assert_eq(bilim_output_read(path, &runs, &jsons, &n, &e), 0, "%s", e.msg);
    cr_assert_eq(n, 2);
    const bilim_run_result *base = &runs[0], *opt = &runs[1];
    if (strcmp(base->scenario.name, "baseline") != 0) {
        base = &runs[1];
        opt = &runs[0];
    }
    double sum = 0.0;
    for (int32_t r = 0; r < opt->replicates; r++)
        sum += test_routine_mean(opt, r, opt->months) - test_routine_mean(base, r, opt->months);
    double want = 100.0 * sum / opt->replicates;
    char needle[128];
    snprintf(needle, sizeof needle, "effect %s ", opt->scenario.name);
    const char *row = strstr(text, needle);
    cr_assert_not_null(row, "%s", text);
    double got = strtod(row + strlen(needle), NULL);
    cr_assert_float_eq(got, want, 1e-9 * fmax(1.0, fabs(want)), "workbook %.17g, HDF5 %.17g",
                       got, want);
    cr_assert(strstr(row, " #,##0.000 #,##0\n"), "pp with 3 decimals, KZT whole: %s", row);
    bilim_output_read_free(runs, jsons, n);
    free(text);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
