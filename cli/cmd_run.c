/* cli/cmd_run.c: `bilim run SCENARIO -o OUT.h5`: load and check the
 * scenario, check the target (base/outset.h: a regular file or absent,
 * never one of the files the scenario was read from; writable, room)
 * before simulating, run every replicate (sim/runner.h), write the result
 * file (formats/output_write.h) under a temporary name that replaces the
 * target only when complete, and print a one-line summary. Ctrl-C or
 * SIGTERM removes the temporary file and exits 130 or 143. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/outputs.h"
#include "cli/datadir.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "sim/runner.h"

static const char usage[] = "bilim run SCENARIO.json -o OUT.h5 [options]";
static const char description[] =
    "Runs all replicates of a scenario on all cores and writes their monthly series,\n"
    "virtual surveys and summaries over replicates to an HDF5 file (docs/output.md).\n"
    "The same scenario, seed and options give bit-identical results for any --threads.\n"
    "OUT.h5 is written under a temporary name beside it (.OUT.h5-PID@HOST.bilim-tmp)\n"
    "and replaces it only when complete, so it is always absent, the previous file, or\n"
    "complete. OUT.h5 must be a regular file or not exist, and not be the scenario or a\n"
    "file it reads (docs/reliability.md).\n\n"
    "Exit status: 0 written, 1 invalid scenario or I/O error, 2 usage error,\n"
    "130 interrupted (Ctrl-C), 143 terminated (SIGTERM).\n\n"
    "Examples:\n"
    "  bilim run scenarios/baseline.json -o base.h5 --schools 500 --replicates 5\n"
    "  bilim run scenarios/leadership_training.json -o leadership.h5 --threads 2";

/* The exit status for an interruption: 128 + the signal, as shells report. */
static int interrupted_exit(const char *target)
{
    fprintf(stderr, "\nbilim run: interrupted; nothing was written, %s is unchanged\n", target);
    return bilim_signal_exit_code();
}

/* "--seed 5 --months 12" for the options that changed the scenario. */
static void describe_overrides(const bilim_opt *opts, const bilim_common_opts *c, char *buf,
                               size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    if (opts[0].seen)
        len += (size_t)snprintf(buf + len, n - len, " --replicates %d", (int)c->replicates);
    if (opts[1].seen && len < n)
        len += (size_t)snprintf(buf + len, n - len, " --seed %llu", (unsigned long long)c->seed);
    if (opts[3].seen && len < n)
        len += (size_t)snprintf(buf + len, n - len, " --months %d", (int)c->months);
    if (opts[4].seen && len < n)
        snprintf(buf + len, n - len, " --schools %d", (int)c->schools);
}

/* Loads the scenario and declares the files it was read from as inputs of
 * set (the output may not be one of them). */
static int load(const char *path, const bilim_common_opts *c, const bilim_opt *opts,
                bilim_scenario *sc, char **json, bilim_outset *set)
{
    bilim_diags *d = bilim_diags_alloc();
    if (!d) {
        fprintf(stderr, "bilim run: out of memory\n");
        return 1;
    }
    int rc = bilim_scenario_load(path, sc, json, d);
    if (rc) {
        if (bilim_diags_count(d) == 0)
            fprintf(stderr, "bilim run: %s: %s\n", path, bilim_error_name(rc));
        for (int i = 0; i < bilim_diags_count(d); i++)
            fprintf(stderr, "bilim run: %s\n", bilim_diags_get(d, i));
        bilim_diags_free(d);
        return 1;
    }
    bilim_error err;
    bilim_error_clear(&err);
    rc = bilim_outputs_add_inputs(set, d, &err);
    bilim_diags_free(d);
    if (!rc)
        rc = bilim_common_apply(c, opts, sc, &err);
    if (rc) {
        bilim_free(*json);
        *json = NULL;
        return bilim_cli_fail("run", &err);
    }
    return 0;
}

/* Writes the result and its provenance into o (not yet committed). */
static int write_result(bilim_output *o, const bilim_run_result *res, const char *json,
                        const char *overrides, double t0, bilim_error *err)
{
    char group[128];
    snprintf(group, sizeof group, "/scenarios/%s", res->scenario.name);
    int rc = bilim_output_write_run(o, res, json, err);
    if (!rc)
        rc = bilim_output_attr_string(o, group, "overrides", overrides, err);
    if (!rc)
        rc = bilim_output_write_run_info(o, bilim_clock_now() - t0, res->threads_used, err);
    return rc;
}

static int count_metrics(const bilim_obs_layout *L)
{
    int n = 0;
    for (int i = 0; i < BILIM_N_METRICS; i++)
        n += L->metrics[i].present;
    return n;
}

static int simulate_and_write(const char *scenario_path, const char *out_path,
                              const bilim_common_opts *c, const char *overrides,
                              bilim_scenario *sc, const char *json, double t0, bilim_outset *set)
{
    bilim_error err;
    bilim_error_clear(&err);
    bilim_output *o = NULL;
    int idx;
    if (bilim_outset_file(set, out_path, "-o", bilim_output_estimate_bytes(sc), &idx, &err) ||
        bilim_outset_open(set, &err) || bilim_output_open(set, idx, &o, &err))
        return bilim_cli_fail("run", &err);
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(c->quiet), stderr, "run", 1);
    bilim_progress_stage(&bar, sc->name);
    bilim_run_options ro = {c->threads, bar.enabled ? bilim_progress_on_run : NULL, &bar,
                            bilim_signal_flag(), NULL, 0};
    bilim_run_result res;
    int rc = bilim_run_scenario(sc, &ro, &res, &err);
    if (!rc)
        bilim_progress_stage_done(&bar);
    bilim_progress_finish(&bar);
    if (rc == BILIM_EINTR || (!rc && bilim_signal_interrupted())) {
        if (!rc)
            bilim_run_result_clear(&res);
        bilim_output_close(o, NULL);
        return interrupted_exit(out_path);
    }
    if (rc) {
        bilim_output_close(o, NULL);
        bilim_error_prefix(&err, "%s", scenario_path);
        return bilim_cli_fail("run", &err);
    }
    double t_write = bilim_clock_now();
    rc = write_result(o, &res, json, overrides, t0, &err);
    int crc = bilim_output_close(o, rc ? NULL : &err);
    rc = rc ? rc : crc;
    if (!rc)
        rc = bilim_outputs_commit(set, &err);
    if (rc) {
        bilim_run_result_clear(&res);
        return rc == BILIM_EINTR ? interrupted_exit(out_path) : bilim_cli_fail("run", &err);
    }
    double t_end = bilim_clock_now();
    if (!c->quiet)
        printf("bilim run: wrote %s: scenario '%s', %d replicates x %d months, %d schools, "
               "%lld teachers, %d metrics; %.2f s (simulation %.2f s, writing %.2f s) on %d "
               "thread%s\n",
               out_path, sc->name, (int)res.replicates, (int)res.months, (int)res.schools,
               (long long)res.teachers, count_metrics(&res.layout), t_end - t0,
               res.wall_seconds, t_end - t_write, res.threads_used,
               res.threads_used == 1 ? "" : "s");
    bilim_run_result_clear(&res);
    return 0;
}

int bilim_cmd_run(int argc, char **argv)
{
    double t0 = bilim_clock_now();
    bilim_common_opts c;
    bilim_opt opts[BILIM_COMMON_N_OPTS + 1];
    const char *out_path = NULL;
    bilim_common_opts_init(&c, opts);
    opts[BILIM_COMMON_N_OPTS] = (bilim_opt){"output", 'o', BILIM_OPT_STRING, &out_path, 0, 0,
                                            "OUT.h5", "result file to write (required)", 0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("run", argc, argv, opts, BILIM_COMMON_N_OPTS + 1, pos, 1, &n_pos,
                         &help, &err))
        return bilim_cli_fail("run", &err);
    if (help) {
        bilim_cli_help(stdout, usage, description, opts, BILIM_COMMON_N_OPTS + 1);
        return 0;
    }
    if (n_pos != 1 || !out_path) {
        fprintf(stderr, "bilim run: %s; usage: %s; see 'bilim help run'\n",
                n_pos != 1 ? "expects one scenario file" : "missing -o OUT.h5 (the result file)",
                usage);
        return 2;
    }
    char *found = NULL; /* the shipped scenario, when pos[0] is not here */
    if (bilim_datadir_resolve_args("run", pos, 1, c.quiet, &found))
        return 1;
    bilim_signal_install();
    bilim_outset *set = bilim_outset_alloc();
    if (!set) {
        fprintf(stderr, "bilim run: out of memory\n");
        return 1;
    }
    bilim_scenario sc;
    char *json = NULL;
    int rc = load(pos[0], &c, opts, &sc, &json, set);
    if (!rc) {
        char overrides[256];
        describe_overrides(opts, &c, overrides, sizeof overrides);
        rc = simulate_and_write(pos[0], out_path, &c, overrides[0] ? overrides + 1 : "", &sc,
                                json, t0, set);
    }
    bilim_outset_free(set); /* removes the temporary file unless committed */
    bilim_free(json);
    bilim_free(found);
    return rc;
}
