/* cli/cmd_validate.c: `bilim validate FILE... [--print] [--schema]`: checks
 * scenario and calibration files without running them (a file with a
 * top-level "base_scenario" is a calibration file). Each valid file prints
 * "FILE: ok"; each invalid one prints all its errors (stderr). --print
 * writes the resolved scenario (after extends, parameter files and
 * defaults) to stdout, --schema the JSON Schema that scenarios/schema.json
 * holds. Exit status: 0 all valid, 1 any invalid or unreadable, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include "base/alloc.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/datadir.h"
#include "formats/calib_load.h"
#include "formats/scenario_load.h"
#include "formats/scenario_schema.h"
#include "formats/sweep.h"

static const char help_text[] =
    "Checks scenario and calibration files without running them: syntax, unknown\n"
    "keys, types, ranges, and the cross-field rules of docs/scenarios.md and\n"
    "docs/calibration.md, in every file they name (extends, parameter_file,\n"
    "base_scenario, targets). Every error names the file, the line and column,\n"
    "the JSON path, what was found and what is allowed, and for a file reached\n"
    "through others, the chain that led there; all errors of a file are\n"
    "reported together (at most 200, then a count).\n"
    "\n"
    "A file whose top-level object has \"base_scenario\" is read as a calibration\n"
    "file (docs/calibration.md), any other as a scenario.\n"
    "\n"
    "Prints \"FILE: ok\" for each valid file. With --print, writes each scenario's\n"
    "resolved form (after \"extends\", the parameter file and the defaults) to\n"
    "standard output as JSON, and the \"FILE: ok\" lines to standard error\n"
    "(calibration files are only checked).\n"
    "\n"
    "Exit status: 0 all files valid, 1 any file invalid or unreadable, 2 usage error.\n"
    "\n"
    "Examples:\n"
    "  bilim validate scenarios/baseline.json scenarios/leadership_training.json\n"
    "  bilim validate scenarios/calibration/kz-2026-survey.json\n"
    "  bilim validate scenarios/leadership_training.json --print > resolved.json\n"
    "  bilim validate --schema > schema.json";

/* Validates one file (a scenario or a calibration) and reports it; returns
 * 0 valid, 1 invalid, -1 out of memory. */
static int validate_one(const char *path, int print)
{
    bilim_diags *d = bilim_diags_alloc();
    bilim_scenario *sc = NULL;
    bilim_calibration *cal = NULL;
    int is_cal = bilim_calib_load_detect(path);
    if (d && is_cal)
        cal = bilim_malloc(sizeof *cal);
    else if (d)
        sc = bilim_malloc(sizeof *sc);
    if (!d || (!sc && !cal)) {
        bilim_diags_free(d);
        fprintf(stderr, "bilim validate: out of memory\n");
        return -1;
    }
    char *json = NULL;
    int rc = is_cal ? bilim_calib_load(path, cal, NULL, d)
                    : bilim_scenario_load(path, sc, print ? &json : NULL, d);
    if (rc == BILIM_OK && !is_cal) { /* the "sweep" that bilim compare would expand */
        bilim_sweep sw;
        rc = bilim_sweep_load(path, sc, &sw, d);
    }
    if (rc == BILIM_OK) {
        fprintf(print ? stderr : stdout, "%s: ok\n", path);
        if (json)
            fputs(json, stdout);
    } else {
        if (bilim_diags_count(d) == 0)
            fprintf(stderr, "%s: %s\n", path, bilim_error_name(rc));
        bilim_diags_print(d, stderr);
    }
    bilim_free(json);
    bilim_free(sc);
    bilim_free(cal);
    bilim_diags_free(d);
    if (rc == BILIM_ENOMEM) {
        fprintf(stderr, "bilim validate: out of memory\n");
        return -1;
    }
    return rc == BILIM_OK ? 0 : 1;
}

int bilim_cmd_validate(int argc, char **argv)
{
    int print = 0, schema = 0;
    bilim_opt opts[] = {
        {"print", 'p', BILIM_OPT_FLAG, &print, 0, 0, NULL,
         "print each resolved scenario as JSON on standard output", 0},
        {"schema", 0, BILIM_OPT_FLAG, &schema, 0, 0, NULL,
         "print the JSON Schema of scenario files (scenarios/schema.json) and exit", 0},
    };
    const int n_opts = (int)(sizeof opts / sizeof opts[0]);
    int max_pos = argc > 1 ? argc : 1;
    const char **pos = bilim_malloc((size_t)max_pos * sizeof *pos);
    if (!pos) {
        fprintf(stderr, "bilim validate: out of memory\n");
        return 1;
    }
    int n_pos = 0, help = 0;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("validate", argc, argv, opts, n_opts, pos, max_pos, &n_pos, &help, &err)) {
        bilim_free(pos);
        return bilim_cli_fail("validate", &err);
    }
    if (help) {
        bilim_cli_help(stdout, "bilim validate FILE... [--print]\n       bilim validate --schema",
                       help_text, opts, n_opts);
        bilim_free(pos);
        return 0;
    }
    if (schema) {
        bilim_free(pos);
        if (n_pos > 0 || print) {
            fprintf(stderr, "bilim validate: --schema takes no files and no other option; "
                            "see 'bilim help validate'\n");
            return 2;
        }
        char *s;
        if (bilim_scenario_schema_json(&s, &err))
            return bilim_cli_fail("validate", &err);
        fputs(s, stdout);
        bilim_free(s);
        return 0;
    }
    if (n_pos == 0) {
        bilim_free(pos);
        fprintf(stderr, "bilim validate: expects at least one scenario or calibration file; "
                        "see 'bilim help validate'\n");
        return 2;
    }
    int invalid = 0;
    for (int i = 0; i < n_pos; i++) {
        char *found = NULL; /* the shipped file, when pos[i] is not here */
        if (bilim_datadir_resolve_args("validate", &pos[i], 1, 0, &found)) {
            invalid++;
            continue;
        }
        int r = validate_one(pos[i], print);
        bilim_free(found);
        if (r < 0) {
            bilim_free(pos);
            return 1;
        }
        invalid += r;
    }
    if (n_pos > 1 && invalid)
        fprintf(stderr, "bilim validate: %d of %d files invalid\n", invalid, n_pos);
    bilim_free(pos);
    fflush(stdout);
    return invalid ? 1 : 0;
}
