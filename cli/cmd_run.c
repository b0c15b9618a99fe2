/* cli/cmd_run.c: `bilim run SCENARIO -o OUT.h5`: load and check the
 * scenario, check the target (base/outset.h: a regular file or absent,
 * never one of the files the scenario was read from; writable, room)
 * before simulating, run every replicate (sim/runner.h), write the result
 * file (formats/output_write.h) under a temporary name that replaces the
 * target only when complete, and print a one-line summary. Ctrl-C or
 * SIGTERM removes the temporary file and exits 130 or 143. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/outputs.h"
#include "cli/datadir.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/checkpoint.h"
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
    "Checkpoints: with --checkpoint-every K the whole state of the run is saved every K\n"
    "months to OUT.h5.checkpoint (written under a temporary name and renamed: whole or\n"
    "absent). After an interruption (Ctrl-C, SIGKILL, a crash, a cluster's time limit)\n"
    "run the same command again, with --checkpoint-every: it says 'resuming from ...',\n"
    "continues from the checkpoint and writes OUT.h5 bit-identical to an uninterrupted run,\n"
    "for any --threads and any K; the checkpoint is removed once OUT.h5 is written. A\n"
    "checkpoint of another scenario, seed, option or bilim, or a damaged one, is refused\n"
    "with what differs: delete it to start from month 0 (docs/reliability.md, Checkpoints).\n\n"
    "Exit status: 0 written, 1 invalid scenario or I/O error, 2 usage error,\n"
    "130 interrupted (Ctrl-C), 143 terminated (SIGTERM).\n\n"
    "Examples:\n"
    "  bilim run scenarios/baseline.json -o base.h5 --schools 500 --replicates 5\n"
    "  bilim run scenarios/leadership_training.json -o leadership.h5 --threads 2\n"
    "  bilim run scenarios/baseline.json -o long.h5 --months 600 --checkpoint-every 60";

/* The checkpoint of a run (formats/checkpoint.h): where, and the last saved. */
typedef struct run_checkpoint {
    int32_t every;            /* K months, 0: no checkpoints */
    char *path;               /* OUT.h5.checkpoint */
    const bilim_scenario *sc;
    bilim_checkpoint *resumed; /* the one read at the start, or NULL */
    int saved;                /* checkpoints written by this process */
} run_checkpoint;

static int save_checkpoint(void *user, const bilim_run_snapshot *s, bilim_error *err)
{
    run_checkpoint *ck = user;
    int rc = bilim_checkpoint_write(ck->path, ck->sc, s, err);
    if (rc)
        bilim_error_prefix(err, "writing the checkpoint %s", ck->path);
    else
        ck->saved++;
    return rc;
}

/* Reads an existing checkpoint of the target (with --checkpoint-every);
 * without the option one is left alone, with a note. */
static int open_checkpoint(run_checkpoint *ck, const char *out_path, int quiet)
{
    size_t n = strlen(out_path) + sizeof ".checkpoint";
    ck->path = bilim_malloc(n);
    if (!ck->path) {
        fprintf(stderr, "bilim run: out of memory\n");
        return 1;
    }
    snprintf(ck->path, n, "%s.checkpoint", out_path);
    struct stat st;
    if (lstat(ck->path, &st) != 0)
        return 0;
    if (ck->every <= 0) {
        if (!quiet)
            fprintf(stderr, "bilim run: note: %s (the checkpoint of an interrupted run) is not "
                            "used without --checkpoint-every\n", ck->path);
        return 0;
    }
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_checkpoint_read(ck->path, ck->sc, &ck->resumed, &err)) {
        fprintf(stderr, "bilim run: %s: %s; delete it to start from month 0\n", ck->path, err.msg);
        return 1;
    }
    char what[160];
    bilim_checkpoint_describe(ck->resumed, what, sizeof what);
    if (!quiet)
        fprintf(stderr, "bilim run: resuming from %s (%s)\n", ck->path, what);
    return 0;
}

/* After OUT.h5 is committed the checkpoint has served. */
static void remove_checkpoint(const run_checkpoint *ck)
{
    if (ck->every > 0 && remove(ck->path) != 0 && errno != ENOENT)
        fprintf(stderr, "bilim run: warning: cannot remove %s: %s\n", ck->path, strerror(errno));
}

/* The exit status for an interruption: 128 + the signal, as shells report. */
static int interrupted_exit(const char *target, const run_checkpoint *ck)
{
    fprintf(stderr, "\nbilim run: interrupted; nothing was written, %s is unchanged\n", target);
    if (ck->saved || ck->resumed)
        fprintf(stderr, "bilim run: run the same command again to resume from %s\n", ck->path);
    return bilim_signal_exit_code();
}

/* "--seed 5 --months 12" for the options that changed the scenario. */
static void describe_overrides(const bilim_opt *opts, const bilim_common_opts *c, char *buf,
                               size_t n)
{
    bilim_scenario_settings s = {opts[0].seen, opts[1].seen, opts[3].seen, opts[4].seen,
                                 c->replicates, c->months, c->schools, c->seed};
    bilim_scenario_settings_describe(&s, buf, n);
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
    rc = bilim_diags_declare_inputs(d, set, &err);
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

/* For each named group: how many schools each member reached and how many
 * all of them reached, in replicate 0 (the overlap a reader can check in
 * reached/ of the file). */
static void print_group_overlap(const bilim_run_result *r)
{
    const bilim_scenario *sc = &r->scenario;
    const size_t n = (size_t)r->reached_schools;
    if (!r->reached || n == 0)
        return;
    for (int32_t g = 1; g <= sc->n_groups; g++) {
        int32_t members = 0, all = 0;
        for (size_t s = 0; s < n; s++) {
            int in_all = 1, any = 0;
            for (int32_t i = 0; i < sc->n_interventions; i++)
                if (sc->interventions[i].target.group == g) {
                    int hit = r->reached[(size_t)i * n + s] != 0;
                    in_all &= hit;
                    any = 1;
                }
            all += any && in_all;
        }
        for (int32_t i = 0; i < sc->n_interventions; i++)
            members += sc->interventions[i].target.group == g;
        if (members == 0)
            continue;
        /* TRANSLATORS: a named group of interventions: "group 'start' (replicate
         * 0): 120 schools reached by all 2 members; pd 300, hub 150". */
        printf(P_("  group '%s' (replicate 0): %d schools reached by its %d member; ",
                  "  group '%s' (replicate 0): %d schools reached by all %d members; ", members),
               sc->groups[g - 1].name, (int)all, (int)members);
        int first = 1;
        for (int32_t i = 0; i < sc->n_interventions; i++) {
            if (sc->interventions[i].target.group != g)
                continue;
            int32_t k = 0;
            for (size_t s = 0; s < n; s++)
                k += r->reached[(size_t)i * n + s] != 0;
            printf(first ? "%s %d" : ", %s %d", sc->interventions[i].name, (int)k);
            first = 0;
        }
        printf("\n");
    }
}

static int simulate_and_write(const char *scenario_path, const char *out_path,
                              const bilim_common_opts *c, const char *overrides,
                              bilim_scenario *sc, const char *json, double t0, bilim_outset *set,
                              run_checkpoint *ck)
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
    bilim_run_checkpoints cks = {ck->every, save_checkpoint, ck,
                                 ck->resumed ? bilim_checkpoint_resume(ck->resumed) : NULL};
    bilim_run_result res;
    int rc = bilim_run_scenario_checkpointed(sc, &ro, ck->every > 0 ? &cks : NULL, &res, &err);
    if (!rc)
        bilim_progress_stage_done(&bar);
    bilim_progress_finish(&bar);
    if (rc == BILIM_EINTR || (!rc && bilim_signal_interrupted())) {
        if (!rc)
            bilim_run_result_clear(&res);
        bilim_output_close(o, NULL);
        return interrupted_exit(out_path, ck);
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
        return rc == BILIM_EINTR ? interrupted_exit(out_path, ck) : bilim_cli_fail("run", &err);
    }
    remove_checkpoint(ck);
    double t_end = bilim_clock_now();
    if (!c->quiet && sc->title[0])
        printf("bilim run: wrote %s: scenario '%s' (%s), %d replicates x %d months, %d schools, "
               "%lld teachers, %d metrics; %.2f s (simulation %.2f s, writing %.2f s) on %d "
               "thread%s\n",
               out_path, sc->title, sc->name, (int)res.replicates, (int)res.months, (int)res.schools,
               (long long)res.teachers, count_metrics(&res.layout), t_end - t0,
               res.wall_seconds, t_end - t_write, res.threads_used,
               res.threads_used == 1 ? "" : "s");
    else if (!c->quiet)
        printf("bilim run: wrote %s: scenario '%s', %d replicates x %d months, %d schools, "
               "%lld teachers, %d metrics; %.2f s (simulation %.2f s, writing %.2f s) on %d "
               "thread%s\n",
               out_path, sc->name, (int)res.replicates, (int)res.months, (int)res.schools,
               (long long)res.teachers, count_metrics(&res.layout), t_end - t0,
               res.wall_seconds, t_end - t_write, res.threads_used,
               res.threads_used == 1 ? "" : "s");
    if (!c->quiet)
        print_group_overlap(&res);
    bilim_run_result_clear(&res);
    return 0;
}

int bilim_cmd_run(int argc, char **argv)
{
    double t0 = bilim_clock_now();
    bilim_common_opts c;
    bilim_opt opts[BILIM_COMMON_N_OPTS + 2];
    const char *out_path = NULL;
    run_checkpoint ck = {0, NULL, NULL, NULL, 0};
    bilim_common_opts_init(&c, opts);
    opts[BILIM_COMMON_N_OPTS] = (bilim_opt){"output", 'o', BILIM_OPT_STRING, &out_path, 0, 0,
                                            "OUT.h5", "result file to write (required)", 0};
    opts[BILIM_COMMON_N_OPTS + 1] =
        (bilim_opt){"checkpoint-every", 0, BILIM_OPT_INT, &ck.every, 1, BILIM_MAX_MONTHS, "K",
                    "save the run's state every K months to OUT.h5.checkpoint; the same "
                    "command resumes from it", 0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("run", argc, argv, opts, BILIM_COMMON_N_OPTS + 2, pos, 1, &n_pos,
                         &help, &err))
        return bilim_cli_fail("run", &err);
    if (help) {
        bilim_cli_help(stdout, usage, description, opts, BILIM_COMMON_N_OPTS + 2);
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
    ck.sc = &sc;
    if (!rc)
        rc = open_checkpoint(&ck, out_path, c.quiet);
    if (!rc) {
        char overrides[256];
        describe_overrides(opts, &c, overrides, sizeof overrides);
        rc = simulate_and_write(pos[0], out_path, &c, overrides, &sc, json, t0, set, &ck);
    }
    bilim_checkpoint_free(ck.resumed);
    bilim_free(ck.path);
    bilim_outset_free(set); /* removes the temporary file unless committed */
    bilim_free(json);
    bilim_free(found);
    return rc;
}
