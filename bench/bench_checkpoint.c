/* bench/bench_checkpoint.c: the size and time of a checkpoint of a national
 * run (docs/reliability.md, "Checkpoints"), on demand:
 *     cmake --build build --target bench_checkpoint
 *     ./build/bench_checkpoint [DIR] [replicates] [months]
 * Defaults: the current folder, 2 replicates (in flight at once, as on 2
 * threads), 12 months. Runs the baseline scenario's whole population with a
 * checkpoint every `months` months, stopped after the first, and reports
 * the file's size, the time to write it (including fsync and rename), to
 * read and check it, and to resume (restore every replicate in flight). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "base/alloc.h"
#include "base/clock.h"
#include "formats/checkpoint.h"
#include "formats/scenario_load.h"
#include "sim/runner.h"

typedef struct timing {
    const char *path;
    const bilim_scenario *sc;
    double write_s;
} timing;

static int save_once(void *user, const bilim_run_snapshot *s, bilim_error *err)
{
    timing *t = user;
    double t0 = bilim_clock_now();
    int rc = bilim_checkpoint_write(t->path, t->sc, s, err);
    t->write_s = bilim_clock_now() - t0;
    return rc ? rc : bilim_error_set(err, BILIM_EINTR, "stopped after the first checkpoint");
}

static double restore_s;

static int count_restore(void *user, int32_t rep, bilim_model *m, bilim_error *err)
{
    const bilim_run_resume *inner = user;
    double t0 = bilim_clock_now();
    int rc = inner->restore(inner->restore_user, rep, m, err);
    restore_s += bilim_clock_now() - t0;
    return rc;
}

int main(int argc, char **argv)
{
    const char *folder = argc > 1 ? argv[1] : ".";
    bilim_scenario sc;
    char *json = NULL, path[4096];
    bilim_diags *d = bilim_diags_alloc();
    if (!d || bilim_scenario_load(BILIM_SOURCE_DIR "/scenarios/baseline.json", &sc, &json, d)) {
        fprintf(stderr, "cannot load the baseline scenario\n");
        return 1;
    }
    bilim_diags_free(d);
    sc.replicates = argc > 2 ? atoi(argv[2]) : 2;
    int32_t K = argc > 3 ? atoi(argv[3]) : 12;
    sc.months = 2 * K;
    sc.outputs.n_survey_months = 0;
    snprintf(path, sizeof path, "%s/bench.checkpoint", folder);
    timing t = {path, &sc, 0};
    bilim_run_options o = {sc.replicates, NULL, NULL, NULL, NULL, 0};
    bilim_run_checkpoints ck = {K, save_once, &t, NULL};
    bilim_run_result r;
    bilim_error err;
    double t0 = bilim_clock_now();
    if (bilim_run_scenario_checkpointed(&sc, &o, &ck, &r, &err) != BILIM_EINTR) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double run_s = bilim_clock_now() - t0 - t.write_s;
    struct stat st;
    stat(path, &st);
    t0 = bilim_clock_now();
    bilim_checkpoint *c = NULL;
    if (bilim_checkpoint_read(path, &sc, &c, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double read_s = bilim_clock_now() - t0;
    bilim_run_resume rs = *bilim_checkpoint_resume(c);
    const bilim_run_resume inner = rs;
    rs.restore = count_restore;
    rs.restore_user = (void *)&inner;
    bilim_run_checkpoints again = {0, NULL, NULL, &rs};
    bilim_run_result r2;
    if (bilim_run_scenario_checkpointed(&sc, &o, &again, &r2, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    bilim_run_result_clear(&r2);
    printf("%d schools, %lld teachers, %d replicates in flight at month %d\n", (int)r.schools,
           (long long)r.teachers, (int)sc.replicates, (int)K);
    printf("checkpoint: %.1f MB (%.1f MB per replicate); write %.3f s (incl. fsync, rename), "
           "read and check %.3f s, restore %.3f s; %d months of simulation took %.3f s\n",
           (double)st.st_size / 1e6, (double)st.st_size / 1e6 / sc.replicates, t.write_s, read_s,
           restore_s, (int)K, run_s);
    bilim_checkpoint_free(c);
    bilim_free(json);
    remove(path);
    return 0;
}
