/* cli/cmd_calibrate.c: `bilim calibrate CALIBRATION.json -o POSTERIOR.h5`:
 * fits the free parameters of a calibration file to its survey targets by
 * ABC-SMC, writes the posterior, fit and identifiability under /calibration
 * of an HDF5 file, and optionally the point estimate as a parameter file
 * (docs/calibration.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "analysis/calibrate.h"
#include "analysis/plot.h"
#include "base/alloc.h"
#include "base/version.h"
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/outputs.h"
#include "cli/datadir.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/calib_load.h"
#include "formats/output_write.h"

static const char *const usage =
    "bilim calibrate CALIBRATION.json -o POSTERIOR.h5 [--threads T] [--seed S] [--quiet] "
    "[--write-params FILE] [--write-posterior FILE] [--particles N] [--generations G] "
    "[--max-simulations M] [--report FILE]";

static const char *const description =
    "Fits the free parameters of a calibration file to its survey targets by ABC-SMC\n"
    "(Toni et al. 2009; adaptive tolerances and weights of Beaumont et al. 2009):\n"
    "every simulation builds the model on a sample of the population, runs it to the\n"
    "observation month and draws a virtual survey exactly as the real survey was drawn.\n"
    "Writes the posterior sample and weights, the fit of each target (posterior\n"
    "predictive) and what the data identify under /calibration of POSTERIOR.h5.\n"
    "Results are identical for any --threads, and under mpirun (a build with\n"
    "-DBILIM_MPI=ON), where each generation's simulations spread over the ranks, for\n"
    "any number of ranks (docs/cluster.md). Format: docs/calibration.md. The shipped\n"
    "scenarios/params/kz-2026-survey.json was written this way, in a bilim checkout,\n"
    "with --write-params scenarios/params/kz-2026-survey.json. --particles,\n"
    "--generations and --max-simulations override the file's method (for a quick,\n"
    "rough first try, or a larger budget). The summary lists each generation's\n"
    "tolerance, acceptance rate and effective sample size (ESS), and warns when the\n"
    "final tolerance is above the data's own noise level (the median distance between\n"
    "two surveys simulated at the point estimate) or the final ESS is below 100, with\n"
    "what to change; the output file keeps both (docs/calibration.md, Diagnostics).\n"
    "--report FILE also writes an HTML page with the diagnostics, the fit per target,\n"
    "prior against posterior for each parameter, the most correlated pairs, the\n"
    "identifiability table and the pattern checks (charts need gnuplot).\n\n"
    "Examples:\n"
    "  bilim calibrate scenarios/calibration/kz-2026-survey.json -o posterior.h5 \\\n"
    "      --write-params kz-2026-survey-params.json \\\n"
    "      --write-posterior kz-2026-survey-posterior.json\n"
    "  bilim calibrate scenarios/calibration/kz-2026-survey.json -o quick.h5 \\\n"
    "      --particles 100 --generations 3";

/* The bar fills with the particles of the current generation; no ETA: how
 * many generations ABC-SMC takes is known only when it stops. */
static void progress_cb(void *arg, const bilim_abc_progress *p)
{
    char extra[96], eps[32];
    if (isinf(p->epsilon))
        snprintf(eps, sizeof eps, "prior");
    else
        snprintf(eps, sizeof eps, "eps %.3g", p->epsilon);
    snprintf(extra, sizeof extra, "generation %d/%d, %s, %lld simulations", p->generation,
             p->max_generations - 1, eps, (long long)p->total_simulations);
    bilim_progress_report(arg, (double)p->accepted / p->particles, p->accepted, p->particles,
                          "particles", extra);
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
    fprintf(stderr, "  %-10s %10s %12s %11s %8s\n", "generation", "tolerance", "simulations",
            "acceptance", "ESS");
    for (int32_t g = 0; g < a->n_generations; g++) {
        const bilim_abc_generation *h = &a->history[g];
        char tol[32];
        if (isinf(h->epsilon))
            snprintf(tol, sizeof tol, "prior");
        else
            snprintf(tol, sizeof tol, "%.3g", h->epsilon);
        fprintf(stderr, "  %-10d %10s %12lld %11.3g %8.1f\n", g, tol, (long long)h->simulations,
                h->acceptance_rate, h->ess);
    }
    fprintf(stderr, "  %-46s %8s %10s %13s   %-16s %s\n", "target", "observed", "posterior",
            "90% interval", "95% Wilson", "at point estimate");
    for (int i = 0; i < r->n_fit; i++) {
        int t = r->fit_target[i];
        char label[2 * BILIM_NAME_MAX];
        fprintf(stderr, "  %-46s %4d/%-3d %10.1f %6.0f to %-4.0f   %6.1f to %-6.1f %6.1f %s\n",
                bilim_calib_target_label(c, t, label, sizeof label), c->observed[t],
                bilim_calib_target_n(c, t), r->fit_mean[i],
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
    for (int k = 0; k < c->n_patterns; k++) {
        if (k == 0)
            fprintf(stderr, "  %-40s %6s %-36s %s\n", "pattern (case studies)", "month", "quantity",
                    "posterior share reproducing");
        const bilim_pattern *p = &c->patterns[k];
        char q[96];
        snprintf(q, sizeof q, "%s%s", p->change ? "change in " : "",
                 bilim_pattern_quantity_name(p->quantity));
        fprintf(stderr, "  %-40s %6d %-36s %.2f\n", p->id, p->month, q, r->pattern_share[k]);
    }
    char warn[2048];
    int n_warn = bilim_calibrate_warnings(r, warn, sizeof warn);
    fprintf(stderr, "  noise level %.3g (median distance between two surveys simulated at the "
            "point estimate), final tolerance %.3g, final ESS %.0f (warned below %.0f)\n",
            r->noise_level, eps, a->history[a->n_generations - 1].ess, BILIM_CALIBRATE_MIN_ESS);
    for (char *line = n_warn ? warn : NULL; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        fprintf(stderr, "bilim calibrate: warning: %s\n", line);
        line = end ? end + 1 : NULL;
    }
}

static int write_result(const bilim_calibration *c, const bilim_calibrate_result *r,
                        const bilim_calib_texts *texts, bilim_output *o, bilim_error *err)
{
    int rc = bilim_calibrate_write(o, c, r, texts->calibration, texts->base_scenario,
                               texts->targets, err);
    if (!rc && texts->patterns) /* the pattern file verbatim, for provenance */
        rc = bilim_output_attr_string(o, "/calibration", "patterns_json", texts->patterns, err);
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

/* Paths of the outputs besides -o (NULL when not asked for) and their
 * indices in the output set. */
typedef struct extra_outputs {
    const char *params, *posterior, *report;
    int idx[4];                  /* -o, --write-params, --write-posterior, --report */
} extra_outputs;

/* The outputs (-o, --write-params, --write-posterior) in one set, refused
 * when they are one of the files the calibration was read from or each
 * other, before any simulation. */
static int open_outputs(bilim_outset *set, const bilim_diags *inputs, const char *output,
                        extra_outputs *x, bilim_output **o, bilim_error *err)
{
    x->idx[0] = 0;
    x->idx[1] = x->idx[2] = x->idx[3] = -1;
    int rc = bilim_diags_declare_inputs(inputs, set, err);
    if (!rc)
        rc = bilim_outset_file(set, output, "-o", 0, &x->idx[0], err);
    if (!rc && x->params)
        rc = bilim_outset_file(set, x->params, "--write-params", 0, &x->idx[1], err);
    if (!rc && x->posterior)
        rc = bilim_outset_file(set, x->posterior, "--write-posterior", 0, &x->idx[2], err);
    if (!rc && x->report)
        rc = bilim_outset_file(set, x->report, "--report", 0, &x->idx[3], err);
    if (!rc)
        rc = bilim_outset_open(set, err);
    if (!rc)
        rc = bilim_output_open(set, x->idx[0], o, err);
    return rc;
}

/* Runs the calibration and writes every output into set; commits it. */
static int calibrate_and_write(bilim_outset *set, const extra_outputs *x, bilim_output *o,
                               const char *cal_path, int threads, int quiet,
                               bilim_calibration *cal, const bilim_calib_texts *texts,
                               bilim_error *err)
{
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(quiet), stderr, "calibrate", 1);
    bar.eta = 0;
    bilim_progress_stage(&bar, cal->name);
    bilim_calibrate_result res;
    int rc = bilim_calibrate_run(cal, threads, progress_cb, &bar, bilim_signal_flag(), &res, err);
    if (!rc)
        bilim_progress_stage_done(&bar);
    bilim_progress_finish(&bar);
    if (rc) {
        bilim_output_close(o, NULL);
        return rc;
    }
    rc = write_result(cal, &res, texts, o, err);
    int crc = bilim_output_close(o, rc ? NULL : err);
    rc = rc ? rc : crc;
    char source[1024];
    source_line(source, sizeof source, cal_path, cal, &res);
    FILE *f;
    if (!rc && x->params) {
        if ((f = bilim_outset_stream(set, x->idx[1], err)))
            bilim_calibrate_write_params(f, cal, &res, source);
        else
            rc = err->code;
    }
    if (!rc && x->posterior) {
        if ((f = bilim_outset_stream(set, x->idx[2], err)))
            bilim_calibrate_write_posterior(f, cal, &res, source);
        else
            rc = err->code;
    }
    if (!rc && x->report) {
        if ((f = bilim_outset_stream(set, x->idx[3], err)))
            rc = bilim_calibrate_report(f, cal, &res, source, err);
        else
            rc = err->code;
    }
    if (!rc)
        rc = bilim_outputs_commit(set, err);
    if (!rc && !quiet)
        print_summary(cal, &res);
    bilim_calibrate_result_clear(&res);
    return rc;
}

/* The command line's budget over the file's method (the result file records
 * what was used): particles and generations when > 0, max_sims when
 * given. Returns 0, or 2 (a usage error, printed) when the budget is out of
 * range or cannot hold one generation. */
static int apply_budget(bilim_calibration *cal, int32_t particles, int32_t generations,
                        int sims_given, uint64_t max_sims, const char *path)
{
    if (particles > 0)
        cal->abc.particles = particles;
    if (generations > 0)
        cal->abc.max_generations = generations;
    if (sims_given) {
        if (max_sims < 1 || max_sims > (uint64_t)1000000000000) {
            fprintf(stderr, "bilim calibrate: --max-simulations %llu is out of range; expected "
                    "1 to 10^12 model runs\n", (unsigned long long)max_sims);
            return 2;
        }
        cal->abc.max_simulations = (int64_t)max_sims;
    }
    if (cal->abc.max_simulations < cal->abc.particles) {
        fprintf(stderr, "bilim calibrate: %d particles need a budget of at least %d simulations, "
                "but it is %lld (%s%s); raise --max-simulations or lower --particles\n",
                cal->abc.particles, cal->abc.particles, (long long)cal->abc.max_simulations,
                sims_given ? "--max-simulations" : "method.max_simulations in ",
                sims_given ? "" : path);
        return 2;
    }
    return 0;
}

int bilim_cmd_calibrate(int argc, char **argv)
{
    const char *output = NULL, *params_out = NULL, *posterior_out = NULL, *report_out = NULL;
    int32_t threads = 0, particles = 0, generations = 0;
    uint64_t seed = 0, max_sims = 0;
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
        {"particles", 'p', BILIM_OPT_INT, &particles, 2, 1000000, "N",
         "particles per generation (default: the calibration file's)", 0},
        {"generations", 'g', BILIM_OPT_INT, &generations, 1, 1000, "G",
         "at most G generations, the prior's included (default: the file's)", 0},
        {"max-simulations", 'm', BILIM_OPT_U64, &max_sims, 0, 0, "M",
         "budget of model runs, 1 to 10^12 and at least the particles (default: the file's)", 0},
        {"report", 'r', BILIM_OPT_STRING, &report_out, 0, 0, "FILE",
         "also write an HTML report of the calibration (needs gnuplot)", 0},
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
    char *found = NULL, cal_path[2 * BILIM_DATADIR_PATH_MAX];
    if (bilim_datadir_resolve_args("calibrate", pos, 1, quiet, &found))
        return 1;
    snprintf(cal_path, sizeof cal_path, "%s", pos[0]); /* the shipped file, when not here */
    bilim_free(found);
    pos[0] = cal_path;
    bilim_calibration cal;
    bilim_calib_texts texts;
    bilim_diags *diags = bilim_diags_alloc();
    int rc = diags ? bilim_calib_load(pos[0], &cal, &texts, diags) : BILIM_ENOMEM;
    if (rc) {
        if (bilim_diags_count(diags) == 0)
            fprintf(stderr, "bilim calibrate: %s: %s\n", pos[0], bilim_error_name(rc));
        bilim_diags_print(diags, stderr);
        if (bilim_diags_total(diags) > 1)
            fprintf(stderr, "bilim calibrate: %ld problems in %s and the files it names; "
                    "nothing was run\n", bilim_diags_total(diags), pos[0]);
        bilim_diags_free(diags);
        return bilim_error_exit_code(rc);
    }
    if (opts[2].seen)
        cal.abc.seed = seed;
    if (apply_budget(&cal, opts[6].seen ? particles : 0, opts[7].seen ? generations : 0,
                     opts[8].seen, max_sims, pos[0])) {
        bilim_calib_texts_clear(&texts);
        bilim_diags_free(diags);
        return 2;
    }
    /* --threads bounds every parallel region, the model's own included
     * (the model runs single-threaded inside ABC's parallel loop). */
    if (opts[1].seen)
        omp_set_num_threads(threads);
    if (bilim_batch_is_worker()) {
        /* Under mpirun: this rank runs simulations for rank 0's
         * calibration, which alone writes (sim/dist.h). */
        bilim_signal_install();
        rc = bilim_calibrate_serve(&cal, threads, bilim_signal_flag(), &err);
        bilim_calib_texts_clear(&texts);
        bilim_diags_free(diags);
        return rc ? bilim_cli_fail("calibrate", &err) : 0;
    }
    /* The report's charts need gnuplot: say so before hours of simulation. */
    if (report_out && bilim_plot_check(&err)) {
        bilim_calib_texts_clear(&texts);
        bilim_diags_free(diags);
        return bilim_cli_fail("calibrate", &err);
    }
    bilim_signal_install();
    bilim_outset *set = bilim_outset_alloc();
    bilim_output *o = NULL;
    extra_outputs x = {params_out, posterior_out, report_out, {0, -1, -1, -1}};
    rc = set ? open_outputs(set, diags, output, &x, &o, &err)
             : bilim_error_set(&err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = calibrate_and_write(set, &x, o, pos[0], threads, quiet, &cal, &texts, &err);
    bilim_outset_free(set); /* removes the temporaries unless committed */
    bilim_calib_texts_clear(&texts);
    bilim_diags_free(diags);
    if (rc == BILIM_EINTR)
        /* As `bilim run`: 128 + the signal; nothing half-written is left. */
        bilim_error_set(&err, BILIM_EINTR, "interrupted; nothing was written: %s%s unchanged",
                        output, params_out || posterior_out || report_out
                                    ? " and the other outputs are" : " is");
    return rc ? bilim_cli_fail("calibrate", &err) : 0;
}
