/* bench/bench_engine.c: the engine's benchmark on the national baseline
 * (scenarios/baseline.json, or --scenario FILE; issue 5, item 7). Reports
 *   - teacher-steps per second per core (one replicate, one thread, the
 *     monthly step alone), and seconds per replicate (population, steps and
 *     observation) on one thread and on all threads;
 *   - the speedup of a multi-replicate run on all threads over one thread;
 *   - memory per teacher: the model's heap (bilim_model_bytes) and the
 *     process's peak resident set, each divided by the teachers;
 *   - the share of a run's time spent writing the HDF5 file.
 * Timings are the best of --repeat tries (the machine may be shared).
 * Targets (issue 5): 60 months on one thread in about 0.5 s (>= 30 million
 * teacher-steps/s per core), speedup >= 1.8 on 2 threads, < 64 bytes per
 * teacher. Run through bench/run.sh (make bench). */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "base/clock.h"
#include "bench_common.h"
#include "cli/args.h"
#include "cli/common.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "models/model.h"
#include "models/preset.h"
#include "sim/runner.h"

typedef struct {
    double alloc, steps, observe, total;
    double steps_cpu; /* CPU seconds of this thread in the steps (1 thread: all the work) */
    int64_t teachers;
    size_t bytes;
} replicate_timing;



/* One replicate through the model API, timing each phase. */
static int time_replicate(const bilim_scenario *sc, int threads, replicate_timing *t)
{
    bilim_error err;
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    double *rec = malloc((L.record_size + 1) * sizeof *rec);
    int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    memset(t, 0, sizeof *t);
    double t0 = bilim_clock_now();
    bilim_model *m = NULL;
    if (bilim_model_alloc(sc, 0, &m, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        free(rec);
        return 1;
    }
    double t1 = bilim_clock_now();
    bilim_model_observe(m, &L, rec);
    t->observe += bilim_clock_now() - t1;
    for (int32_t month = 1; month <= sc->months; month++) {
        double a = bilim_clock_now(), ca = bench_thread_cpu();
        if (bilim_model_step(m, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            break;
        }
        t->steps_cpu += bench_thread_cpu() - ca;
        double b = bilim_clock_now();
        bilim_model_observe(m, &L, rec);
        t->steps += b - a;
        t->observe += bilim_clock_now() - b;
    }
    t->alloc = t1 - t0;
    t->teachers = bilim_model_teachers(m);
    t->bytes = bilim_model_bytes(m);
    bilim_model_free(m);
    t->total = bilim_clock_now() - t0;
    omp_set_num_threads(before);
    free(rec);
    return 0;
}

static int best_replicate(const bilim_scenario *sc, int threads, int repeat, replicate_timing *best)
{
    for (int i = 0; i < repeat; i++) {
        replicate_timing t;
        if (time_replicate(sc, threads, &t))
            return 1;
        if (i == 0 || t.total < best->total)
            *best = t;
    }
    return 0;
}

/* A whole run through the runner and the writer; returns run seconds and
 * writing seconds of the best try. */
static int time_run(const bilim_scenario *sc, int threads, int repeat, const char *path,
                    double *run_s, double *write_s)
{
    for (int i = 0; i < repeat; i++) {
        bilim_run_options opt = {threads, NULL, NULL, NULL, NULL, 0};
        bilim_run_result r;
        bilim_error err;
        if (bilim_run_scenario(sc, &opt, &r, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        double w0 = bilim_clock_now();
        bilim_output *o;
        int rc = bilim_output_create(path, &o, &err);
        if (!rc && (rc = bilim_output_write_run(o, &r, "{}", &err)))
            bilim_output_abort(o);
        else if (!rc)
            rc = bilim_output_commit(o, &err);
        double w = bilim_clock_now() - w0;
        if (rc) {
            fprintf(stderr, "bench: %s\n", err.msg);
            bilim_run_result_clear(&r);
            return 1;
        }
        if (i == 0 || r.wall_seconds < *run_s) {
            *run_s = r.wall_seconds;
            *write_s = w;
        }
        bilim_run_result_clear(&r);
    }
    remove(path);
    return 0;
}

/* Everything measured, for the report. */
typedef struct {
    replicate_timing one, all;
    double run1, write1, runN, writeN, load0;
    long rss_one, rss_all; /* KiB */
    int threads, repeat;
    int32_t replicates, months;
} figures;

static void report(const char *scenario, const bilim_scenario *sc, const figures *f)
{
    double teacher_steps = (double)f->one.teachers * (double)f->months;
    printf("bilim engine benchmark: %s (%d schools, %lld teachers, %d innovations), %d months, "
           "best of %d\n",
           scenario, (int)bilim_population_schools(&sc->population), (long long)f->one.teachers,
           (int)sc->n_innovations, (int)f->months, f->repeat);
    printf("  load average at start              %.2f on %ld cores (wall times are inflated when it "
           "exceeds the cores)\n",
           f->load0, sysconf(_SC_NPROCESSORS_ONLN));
    printf("  teacher-steps per second per core  %.1f million by wall time, %.1f million by CPU "
           "time (1 thread, steps only)\n",
           teacher_steps / f->one.steps / 1e6, teacher_steps / f->one.steps_cpu / 1e6);
    printf("  seconds per replicate, 1 thread    %.3f (population %.3f, steps %.3f, observe %.3f)\n",
           f->one.total, f->one.alloc, f->one.steps, f->one.observe);
    printf("  seconds per replicate, %d threads   %.3f (population %.3f, steps %.3f, observe %.3f)\n",
           f->threads, f->all.total, f->all.alloc, f->all.steps, f->all.observe);
    printf("  speedup within a replicate         %.2f on %d threads\n", f->one.total / f->all.total,
           f->threads);
    printf("  %d replicates, 1 thread            %.3f s\n", (int)f->replicates, f->run1);
    printf("  %d replicates, %d threads           %.3f s: speedup %.2f\n", (int)f->replicates,
           f->threads, f->runN, f->run1 / f->runN);
    printf("  memory per teacher                 %.1f bytes (model heap %.1f MB)\n",
           (double)f->one.bytes / (double)f->one.teachers, (double)f->one.bytes / 1e6);
    printf("  peak RSS, one model                %.1f MB = %.1f bytes per teacher (process total)\n",
           (double)f->rss_one / 1024.0, (double)f->rss_one * 1024.0 / (double)f->one.teachers);
    printf("  peak RSS, %d models at once         %.1f MB\n", f->threads,
           (double)f->rss_all / 1024.0);
    printf("  HDF5 writing                       %.3f s = %.1f%% of the %d-thread run + write\n",
           f->writeN, 100.0 * f->writeN / (f->runN + f->writeN), f->threads);
    printf("  targets: >= 30 million teacher-steps/s/core; ~0.5 s per 60-month replicate on 1 "
           "thread; speedup >= 1.8 on 2 threads; < 64 bytes per teacher\n");
}

/* The scenario file with the benchmark's months, replicates and sample. */
static int setup(const char *path, int32_t months, int32_t replicates, int32_t schools,
                 bilim_scenario *sc)
{
    bilim_diags *diags = bilim_diags_alloc();
    if (bilim_scenario_load(path, sc, NULL, diags)) {
        bilim_diags_print(diags, stderr);
        bilim_diags_free(diags);
        return 1;
    }
    bilim_diags_free(diags);
    sc->months = months;
    for (int i = 0; i < sc->outputs.n_survey_months; i++)
        if (sc->outputs.survey_months[i] > months)
            sc->outputs.n_survey_months = i; /* surveys past a shorter horizon */
    sc->replicates = replicates;
    if (schools > 0) {
        bilim_population sample;
        bilim_error err;
        if (bilim_population_sample(&sc->population, schools, &sample, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        sc->population = sample;
    }
    return 0;
}

static int measure(const bilim_scenario *sc, const char *out, figures *f)
{
    struct rusage ru;
    f->load0 = bench_load_average();
    if (best_replicate(sc, 1, f->repeat, &f->one))
        return 1;
    getrusage(RUSAGE_SELF, &ru);
    f->rss_one = ru.ru_maxrss; /* while one model at a time was alive */
    if (best_replicate(sc, f->threads, f->repeat, &f->all) ||
        time_run(sc, 1, 1, out, &f->run1, &f->write1) ||
        time_run(sc, f->threads, f->repeat, out, &f->runN, &f->writeN))
        return 1;
    getrusage(RUSAGE_SELF, &ru);
    f->rss_all = ru.ru_maxrss;
    return 0;
}

int main(int argc, char **argv)
{
    int32_t months = 60, replicates = 0, threads = 0, schools = 0, repeat = 3;
    const char *out = "/tmp/bilim-bench.h5";
    char default_scenario[1024];
    snprintf(default_scenario, sizeof default_scenario, "%s/scenarios/baseline.json", BILIM_SOURCE_DIR);
    const char *scenario = default_scenario;
    bilim_opt opts[] = {
        {"scenario", 0, BILIM_OPT_STRING, &scenario, 0, 0, "FILE", "scenario to run (scenarios/baseline.json)", 0},
        {"months", 'm', BILIM_OPT_INT, &months, 1, BILIM_MAX_MONTHS, "M", "months per replicate (60)", 0},
        {"replicates", 'r', BILIM_OPT_INT, &replicates, 1, 10000, "N", "replicates of the multi-replicate run (2 x threads)", 0},
        {"threads", 't', BILIM_OPT_INT, &threads, 1, 4096, "T", "threads for 'all threads' (OMP_NUM_THREADS or all cores)", 0},
        {"schools", 'n', BILIM_OPT_INT, &schools, 1, 1000000, "N", "a proportional sample instead of the whole country", 0},
        {"repeat", 0, BILIM_OPT_INT, &repeat, 1, 100, "K", "tries per measurement; the best is reported (3)", 0},
        {"out", 'o', BILIM_OPT_STRING, &out, 0, 0, "FILE", "scratch HDF5 file (/tmp/bilim-bench.h5)", 0},
    };
    const int n_opts = (int)(sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int n_pos, help;
    bilim_error err;
    if (bilim_args_parse("bench", argc, argv, opts, n_opts, pos, 0, &n_pos, &help, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    if (help) {
        bilim_cli_help(stdout, "bench_engine [options]", "The engine benchmark on the national baseline.", opts, n_opts);
        return 0;
    }
    figures f;
    memset(&f, 0, sizeof f);
    f.threads = threads > 0 ? threads : omp_get_max_threads();
    f.replicates = replicates > 0 ? replicates : 2 * f.threads;
    f.months = months;
    f.repeat = repeat;
    bilim_scenario sc;
    if (setup(scenario, months, f.replicates, schools, &sc) || measure(&sc, out, &f))
        return 1;
    report(scenario, &sc, &f);
    return 0;
}
