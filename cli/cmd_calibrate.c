/* cli/cmd_calibrate.c: `bilim calibrate CALIBRATION.json -o POSTERIOR.h5`:
 * fits the free parameters of a calibration file to its survey targets by
 * ABC-SMC, writes the posterior, fit and identifiability under /calibration
 * of an HDF5 file, and optionally the point estimate as a parameter file
 * (docs/calibration.md). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <omp.h>
#include "analysis/calibrate.h"
#include "base/version.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/signal.h"
#include "formats/calib_load.h"
#include "formats/output_write.h"

static const char *const usage =
    "bilim calibrate CALIBRATION.json -o POSTERIOR.h5 [--threads T] [--seed S] [--quiet] "
    "[--write-params FILE] [--write-posterior FILE]";

static const char *const description =
    "Fits the free parameters of a calibration file to its survey targets by ABC-SMC\n"
    "(Toni et al. 2009; adaptive tolerances and weights of Beaumont et al. 2009):\n"
    "every simulation builds the model on a sample of the population, runs it to the\n"
    "observation month and draws a virtual survey exactly as the real survey was drawn.\n"
    "Writes the posterior sample and weights, the fit of each target (posterior\n"
    "predictive) and what the data identify under /calibration of POSTERIOR.h5.\n"
    "Results are identical for any --threads. Format: docs/calibration.md.\n\n"
    "Example:\n"
    "  bilim calibrate scenarios/calibration/kz-2026-survey.json -o posterior.h5 \\\n"
    "      --write-params scenarios/params/kz-2026-survey.json \\\n"
    "      --write-posterior scenarios/params/kz-2026-survey-posterior.json";

typedef struct progress_state {
    const char *label;
    int draw;
    double eps;
} progress_state;

static void progress_cb(void *arg, const bilim_abc_progress *p)
{
    progress_state *s = arg;
    if (!s->draw)
        return;
    enum { W = 24 };
    int filled = (int)((double)W * p->accepted / p->particles);
    char bar[W + 1];
    for (int i = 0; i < W; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[W] = '\0';
    char eps[32];
    if (isinf(p->epsilon))
        snprintf(eps, sizeof eps, "prior");
    else
        snprintf(eps, sizeof eps, "eps %.3g", p->epsilon);
    fprintf(stderr, "\r%s: generation %d/%d [%s] %d/%d particles, %s, %lld simulations\033[K",
            s->label, p->generation, p->max_generations - 1, bar, p->accepted, p->particles, eps,
            (long long)p->total_simulations);
    fflush(stderr);
}

static void print_summary(const bilim_calibration *c, const bilim_calibrate_result *r)
{
    const bilim_abc_result *a = &r->abc;
    double eps = a->history[a->n_generations - 1].epsilon;
    fprintf(stderr, "bilim calibrate: %s: %d free parameters, %d particles, %d generations "
            "(%s), final tolerance %.3g; %lld simulations in %.1f s (%.0f per second, "
            "%d threads)\n", c->name, c->n_free, a->n_particles, a->n_generations,
            bilim_abc_stop_description(a->stop), eps, (long long)a->simulations,
            r->wall_seconds, a->simulations / (r->wall_seconds > 0 ? r->wall_seconds : 1.0),
            r->threads);
    fprintf(stderr, "  %-46s %8s %10s %13s   %-16s %s\n", "target", "observed", "posterior",
            "90% interval", "95% Wilson", "at point estimate");
    for (int i = 0; i < r->n_fit; i++) {
        int t = r->fit_target[i];
        fprintf(stderr, "  %-46s %4d/%-3d %10.1f %6.0f to %-4.0f   %6.1f to %-6.1f %6.1f %s\n",
                bilim_calib_target_name(t), c->observed[t], c->survey_n, r->fit_mean[i],
                r->fit_q05[i], r->fit_q95[i], r->wilson_lo[t], r->wilson_hi[t], r->check_mean[t],
                r->check_inside[t] ? "inside" : "OUTSIDE");
    }
    fprintf(stderr, "  %-30s %10s %10s %10s  %s\n", "parameter", "posterior", "sd", "sd/prior",
            "verdict");
    for (int i = 0; i < c->n_free; i++) {
        const bilim_ident_row *w = &r->ident[i];
        fprintf(stderr, "  %-30s %10.4g %10.3g %10.2f  %s\n", c->free[i]->name, w->posterior_mean,
                w->posterior_sd, w->sd_ratio, bilim_posterior_verdict(w->sd_ratio));
    }
}

/* Fails early, before hours of computing, when the parameter file could
 * not be written: creates and removes its temporary file. */
static int check_writable(const char *path, bilim_error *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return bilim_error_set(err, BILIM_EIO, "cannot write %s: check that its directory "
                               "exists and is writable", path);
    fclose(f);
    remove(tmp);
    return BILIM_OK;
}

static int write_result(const char *out_path, const bilim_calibration *c,
                        const bilim_calibrate_result *r, const bilim_calib_texts *texts,
                        bilim_output *o, bilim_error *err)
{
    (void)out_path;
    int rc = bilim_calibrate_write(o, c, r, texts->calibration, texts->base_scenario,
                               texts->targets, err);
    if (!rc)
        rc = bilim_output_write_run_info(o, r->wall_seconds, r->threads, err);
    return rc;
}

/* "bilim 0.1.0 (commit ...): bilim calibrate FILE --seed S (...)". */
static void source_line(char *buf, size_t n, const char *cal_path, const bilim_calibration *c,
                        const bilim_calibrate_result *r)
{
    snprintf(buf, n, "bilim %s (commit %s): bilim calibrate %s --seed %llu "
             "(%d particles, %d generations, %lld simulations)", bilim_version(),
             bilim_version_git_commit(), cal_path, (unsigned long long)c->abc.seed, r->abc.n_particles,
             r->abc.n_generations, (long long)r->abc.simulations);
}

static int write_params(const char *path, const char *cal_path, const bilim_calibration *c,
                        const bilim_calibrate_result *r, bilim_error *err)
{
    char source[1024];
    source_line(source, sizeof source, cal_path, c, r);
    return bilim_calibrate_write_params(path, c, r, source, err);
}

static int write_posterior(const char *path, const char *cal_path, const bilim_calibration *c,
                           const bilim_calibrate_result *r, bilim_error *err)
{
    char source[1024];
    source_line(source, sizeof source, cal_path, c, r);
    return bilim_calibrate_write_posterior(path, c, r, source, err);
}

int bilim_cmd_calibrate(int argc, char **argv)
{
    const char *output = NULL, *params_out = NULL, *posterior_out = NULL;
    int32_t threads = 0;
    uint64_t seed = 0;
    int quiet = 0;
    bilim_opt opts[] = {
        {"output", 'o', BILIM_OPT_STRING, &output, 0, 0, "FILE",
         "the HDF5 file to write (required)", 0},
        {"threads", 't', BILIM_OPT_INT, &threads, 1, 4096, "T",
         "threads (default: OMP_NUM_THREADS or all cores)", 0},
        {"seed", 's', BILIM_OPT_U64, &seed, 0, 0, "S",
         "random seed (default: the calibration file's, else the base scenario's)", 0},
        {"quiet", 'q', BILIM_OPT_FLAG, &quiet, 0, 0, NULL, "no progress bar and no summary", 0},
        {"write-params", 'w', BILIM_OPT_STRING, &params_out, 0, 0, "FILE",
         "also write the point estimate as a parameter file for scenarios", 0},
        {"write-posterior", 0, BILIM_OPT_STRING, &posterior_out, 0, 0, "FILE",
         "also write the posterior sample (particles, weights) for compare --draws", 0},
    };
    const int n_opts = (int)(sizeof opts / sizeof opts[0]);
    const char *pos[16];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("calibrate", argc, argv, opts, n_opts, pos, 16, &n_pos, &help, &err))
        return bilim_cli_fail("calibrate", &err);
    if (help) {
        bilim_cli_help(stdout, usage, description, opts, n_opts);
        return 0;
    }
    if (n_pos != 1 || !output) {
        fprintf(stderr, "bilim calibrate: expects one calibration file and -o POSTERIOR.h5; "
                "see 'bilim help calibrate'\n");
        return 2;
    }
    bilim_calibration cal;
    bilim_calib_texts texts;
    bilim_calib_errors errs = {0, NULL};
    int rc = bilim_calib_load(pos[0], &cal, &texts, &errs);
    if (rc) {
        for (int i = 0; i < errs.n; i++)
            fprintf(stderr, "bilim calibrate: %s\n", errs.msg[i]);
        if (errs.n > 1)
            fprintf(stderr, "bilim calibrate: %d problems in %s and the files it names; "
                    "nothing was run\n", errs.n, pos[0]);
        bilim_calib_errors_clear(&errs);
        return bilim_error_exit_code(rc);
    }
    if (opts[2].seen)
        cal.abc.seed = seed;
    /* --threads bounds every parallel region, the model's own included
     * (the model runs single-threaded inside ABC's parallel loop). */
    if (opts[1].seen)
        omp_set_num_threads(threads);
    bilim_output *o = NULL;
    if ((params_out && check_writable(params_out, &err))
        || (posterior_out && check_writable(posterior_out, &err))
        || (rc = bilim_output_create(output, &o, &err))) {
        bilim_calib_texts_clear(&texts);
        return bilim_cli_fail("calibrate", &err);
    }
    bilim_signal_install();
    progress_state ps = {cal.name, !quiet && bilim_cli_stderr_is_tty(), 0};
    bilim_calibrate_result res;
    rc = bilim_calibrate_run(&cal, threads, progress_cb, &ps, bilim_signal_flag(), &res, &err);
    if (ps.draw)
        fprintf(stderr, "\n");
    if (!rc)
        rc = write_result(output, &cal, &res, &texts, o, &err);
    if (rc) {
        bilim_output_abort(o);
    } else {
        rc = bilim_output_commit(o, &err);
    }
    if (!rc && params_out)
        rc = write_params(params_out, pos[0], &cal, &res, &err);
    if (!rc && posterior_out)
        rc = write_posterior(posterior_out, pos[0], &cal, &res, &err);
    if (!rc && !quiet)
        print_summary(&cal, &res);
    bilim_calibrate_result_clear(&res);
    bilim_calib_texts_clear(&texts);
    if (rc == BILIM_EINTR) {
        /* As `bilim run`: 128 + the signal; nothing half-written is left. */
        fprintf(stderr, "bilim calibrate: interrupted; %s%s unchanged\n", output,
                params_out || posterior_out ? " and the parameter files are" : " is");
        return bilim_signal_interrupted() == SIGTERM ? 143 : 130;
    }
    if (rc)
        return bilim_cli_fail("calibrate", &err);
    return 0;
}
