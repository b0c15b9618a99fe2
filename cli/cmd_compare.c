/* cli/cmd_compare.c: `bilim compare`: runs a baseline and policy options on
 * common random numbers and compares them (docs/compare.md).
 *
 * Every scenario runs with the same seed, replicates and horizon (the
 * baseline's, or the command line's), and the same --schools sample, so
 * replicate r of each starts from the same population with the same random
 * streams. Results go to one HDF5 file (the layout of `bilim run` plus
 * /comparison), and on request to CSV files and an HTML report: one output
 * set (base/outset.h), so they replace the previous ones all together, or
 * (on an error or an interruption at any moment) none of them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/compare.h"
#include "analysis/csv.h"
#include "analysis/xlsx.h"
#include "analysis/plot.h"
#include "analysis/psa_write.h"
#include "analysis/report.h"
#include "base/alloc.h"
#include "base/i18n.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/lang.h"
#include "cli/outputs.h"
#include "cli/compare_batch.h"
#include "cli/compare_psa.h"
#include "cli/compare_sweep.h"
#include "cli/datadir.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/output_read.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "sim/runner.h"

#define MAX_SCENARIOS 32

typedef struct job {
    int n;
    const char *paths[MAX_SCENARIOS];
    bilim_scenario *sc;       /* [n] */
    char *json[MAX_SCENARIOS];
    bilim_run_result *runs;   /* [n] */
    bilim_comparison cmp;
    bilim_outset *set;        /* every output, and the scenarios' files as inputs */
    int32_t population_schools; /* the baseline's, before --schools */
    bilim_compare_psa psa;    /* --draws */
    char *found[MAX_SCENARIOS]; /* shipped scenarios named without a local file */
    int n_sweeps;             /* options expanded from a "sweep" */
    bilim_sweep_curve sweeps[BILIM_SWEEP_MAX_CURVES];
    bilim_csv_format csv_format; /* --csv-locale */
    const char *xlsx;            /* --xlsx FILE, or NULL */
    int no_decompose;            /* --no-decompose */
    int32_t n_packages;          /* packages decomposed (moved into cmp once computed) */
    bilim_package_parts *packages; /* [n options] */
} job;

static void job_free(job *j)
{
    for (int i = 0; i < j->n; i++) {
        bilim_free(j->json[i]);
        if (j->runs)
            bilim_run_result_clear(&j->runs[i]);
    }
    for (int i = 0; i < j->n; i++)
        bilim_free(j->found[i]);
    bilim_free(j->sc);
    bilim_free(j->runs);
    bilim_comparison_clear(&j->cmp);
    for (int32_t i = 0; i < j->n_packages; i++)
        bilim_package_parts_clear(&j->packages[i]);
    bilim_free(j->packages);
    bilim_outset_free(j->set); /* removes the temporaries unless committed */
    bilim_compare_psa_clear(&j->psa);
}

static int load_all(job *j, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        bilim_diags *d = bilim_diags_alloc();
        if (!d)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        int rc = bilim_scenario_load(j->paths[i], &j->sc[i], &j->json[i], d);
        if (rc) {
            if (bilim_diags_count(d) > 0) {
                bilim_diags_print(d, stderr);
                bilim_error_set(err, rc, "%s: %d error%s above; nothing was run", j->paths[i],
                                bilim_diags_count(d), bilim_diags_count(d) == 1 ? "" : "s");
            } else {
                bilim_error_set(err, rc, "%s: cannot load the scenario", j->paths[i]);
            }
            bilim_diags_free(d);
            return rc;
        }
        rc = bilim_diags_declare_inputs(d, j->set, err);
        bilim_diags_free(d);
        if (rc)
            return rc;
    }
    int rc = bilim_compare_sweep_expand(&j->sc, j->json, j->paths, &j->n, MAX_SCENARIOS,
                                        j->sweeps, &j->n_sweeps, err);
    if (!rc && j->n_sweeps > 0) { /* one run per scenario, levels included */
        bilim_free(j->runs);
        j->runs = bilim_calloc((size_t)j->n, sizeof *j->runs);
        if (!j->runs)
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    if (rc)
        return rc;
    j->population_schools = bilim_population_schools(&j->sc[0].population);
    return BILIM_OK;
}

/* Command-line overrides for all; then the options take the baseline's seed,
 * replicates and horizon (common random numbers), with a note when that
 * changes them. The resolved JSON stays the file's: the result file records
 * the seed, replicates, months and schools as run beside it, and
 * bilim_output_read applies them again. */
static int align(job *j, const bilim_common_opts *co, const bilim_opt *opts, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        int rc = bilim_common_apply(co, opts, &j->sc[i], err);
        if (!rc && i > 0) {
            bilim_common_opts a;
            bilim_opt ao[BILIM_COMMON_N_OPTS];
            bilim_common_opts_init(&a, ao);
            a.replicates = j->sc[0].replicates;
            a.seed = j->sc[0].seed;
            a.months = j->sc[0].months;
            ao[0].seen = ao[1].seen = ao[3].seen = 1;
            bilim_scenario mine = j->sc[i];
            rc = bilim_common_apply(&a, ao, &j->sc[i], err);
            if (!rc && !co->quiet &&
                (mine.seed != a.seed || mine.replicates != a.replicates || mine.months != a.months))
                fprintf(stderr, "bilim compare: note: '%s' runs with the baseline's seed %llu, "
                                "%d replicates and %d months (common random numbers)\n",
                        j->sc[i].name, (unsigned long long)a.seed, a.replicates, a.months);
        }
        if (rc) {
            bilim_error_prefix(err, "%s", j->paths[i]);
            return rc;
        }
    }
    return bilim_compare_check(j->sc, j->n, err);
}

/* Parts run for the decomposition of packages (0 with --no-decompose). */
static int32_t parts_of(const job *j, int32_t i)
{
    return j->no_decompose || i == 0 ? 0 : bilim_compare_parts_count(&j->sc[i]);
}

/* Package i's parts, each alone on the package's random numbers, and its
 * decomposition against the baseline (run first). One progress stage per
 * part; the part runs are freed once decomposed. */
static int decompose(job *j, int32_t i, bilim_progress *bar, const bilim_common_opts *co,
                     double *wall, bilim_error *err)
{
    const int32_t k = parts_of(j, i);
    bilim_run_result *parts = bilim_calloc((size_t)k, sizeof *parts);
    bilim_scenario *one = bilim_malloc(sizeof *one);
    int rc = parts && one ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t p = 0; !rc && p < k; p++) {
        rc = bilim_compare_parts_scenario(&j->sc[i], p, one, err);
        if (rc)
            break;
        bilim_progress_stage(bar, one->name);
        bilim_run_options ro = {co->threads, bar->enabled ? bilim_progress_on_run : NULL, bar,
                                bilim_signal_flag(), NULL, 0};
        rc = bilim_run_scenario(one, &ro, &parts[p], err);
        if (rc)
            break;
        bilim_progress_stage_done(bar);
        *wall += parts[p].wall_seconds;
    }
    if (!rc) {
        rc = bilim_compare_parts_compute(j->runs, i, parts, k, (double)j->runs[0].teachers,
                                         &j->packages[j->n_packages], err);
        j->n_packages += !rc;
    }
    for (int32_t p = 0; parts && p < k; p++)
        bilim_run_result_clear(&parts[p]);
    bilim_free(parts);
    bilim_free(one);
    return rc;
}

static int run_all(job *j, const bilim_common_opts *co, double *wall, int *threads,
                   bilim_error *err)
{
    *wall = 0.0;
    *threads = 0;
    /* One bar per run, "scenario k of n" and the ETA of them all. */
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(co->quiet), stderr, "compare", j->n);
    for (int i = 0; i < j->n; i++)
        if ((int)strlen(j->sc[i].name) > bar.label_width)
            bar.label_width = (int)strlen(j->sc[i].name);
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < j->n; i++) {
        bilim_progress_stage(&bar, j->sc[i].name);
        bilim_run_options ro = {co->threads, bar.enabled ? bilim_progress_on_run : NULL, &bar,
                                bilim_signal_flag(), NULL, 0};
        rc = bilim_run_scenario(&j->sc[i], &ro, &j->runs[i], err);
        if (rc)
            break;
        bilim_progress_stage_done(&bar);
        *wall += j->runs[i].wall_seconds;
        *threads = j->runs[i].threads_used;
    }
    bilim_progress_finish(&bar);
    return rc;
}

/* The packages' parts alone, after the options' runs (however they ran:
 * replicates in a batch, or with the draws): one stage per part. */
static int decompose_all(job *j, const bilim_common_opts *co, double *wall, bilim_error *err)
{
    int stages = 0;
    for (int i = 0; i < j->n; i++)
        stages += parts_of(j, i);
    if (stages == 0)
        return BILIM_OK;
    j->packages = bilim_calloc((size_t)j->n, sizeof *j->packages);
    if (!j->packages)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(co->quiet), stderr, "compare", stages);
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < j->n; i++)
        if (parts_of(j, i) > 0)
            rc = decompose(j, i, &bar, co, wall, err);
    bilim_progress_finish(&bar);
    return rc;
}

/* Writes everything into o (opened before the runs) and closes it. */
static int write_h5(job *j, bilim_output *o, const char *cmd, double wall, int threads,
                    bilim_error *err)
{
    int rc = BILIM_OK;
    for (int i = 0; !rc && i < j->n; i++)
        rc = bilim_output_write_run(o, &j->runs[i], j->json[i], err);
    if (!rc)
        rc = bilim_compare_write(o, &j->cmp, err);
    if (!rc && j->psa.draws > 0)
        rc = bilim_compare_psa_write(&j->psa, o, err);
    for (int k = 0; !rc && k < j->n_sweeps; k++)
        rc = bilim_sweep_curve_write(o, &j->sweeps[k], err);
    if (!rc && j->n_sweeps > 0) { /* so that `bilim report` finds the sweeps */
        char *spec = bilim_sweep_curve_spec(j->sweeps, j->n_sweeps);
        rc = spec ? bilim_output_attr_string(o, "/comparison", "sweeps", spec, err)
                  : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        bilim_free(spec);
    }
    if (!rc) /* so that `bilim report` can show it too */
        rc = bilim_output_attr_string(o, "/comparison", "command", cmd, err);
    if (!rc)
        rc = bilim_output_write_run_info(o, wall, threads, err);
    int crc = bilim_output_close(o, rc ? NULL : err);
    return rc ? rc : crc;
}

/* Between two steps of writing: stop when SIGINT or SIGTERM has come. */
static int not_interrupted(bilim_error *err)
{
    return bilim_signal_interrupted() ? bilim_error_set(err, BILIM_EINTR, "interrupted")
                                      : BILIM_OK;
}

/* Declares every output (refusing collisions before any work) and opens
 * the set and the HDF5 file in it. */
static int open_outputs(job *j, const char *out, const char *csv, const char *report,
                        int idx[6], bilim_output **o, bilim_error *err)
{
    idx[1] = idx[2] = idx[3] = idx[4] = idx[5] = -1;
    /* The folder first: -o may be a file inside it. */
    int rc = csv ? bilim_csv_declare(j->set, csv, &idx[1], err) : BILIM_OK;
    if (!rc && csv && j->psa.draws > 0)
        rc = bilim_psa_csv_declare(j->set, csv, &idx[3], err);
    if (!rc && csv && j->n_sweeps > 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/sweep.csv", csv);
        rc = bilim_outset_file(j->set, path, "--csv", 0, &idx[4], err);
    }
    if (!rc)
        rc = bilim_outset_file(j->set, out, "-o", 0, &idx[0], err);
    if (!rc && report)
        rc = bilim_outset_file(j->set, report, "--report", 0, &idx[2], err);
    if (!rc && j->xlsx)
        rc = bilim_outset_file(j->set, j->xlsx, "--xlsx", 0, &idx[5], err);
    if (!rc)
        rc = bilim_outset_open(j->set, err);
    if (!rc)
        rc = bilim_output_open(j->set, idx[0], o, err);
    return rc;
}

/* "bilim compare a.json b.json -o x.h5 ..." for the report's provenance. */
static char *command_line(int argc, char **argv)
{
    size_t n = 8;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = bilim_malloc(n);
    if (!s)
        return NULL;
    strcpy(s, "bilim");
    for (int i = 0; i < argc; i++) {
        strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* "+4.20" in the language's way, more decimals for small effects. */
static void points(double pp, int dec, char *buf, size_t n)
{
    bilim_i18n_number(pp, dec, BILIM_I18N_SIGN, buf, n);
}

/* Characters (code points) of UTF-8 text s, as a terminal column counts them. */
static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The schools each part reached in the package's run, and those reached by
 * both of each pair (all parts too when there are more than two). */
static void print_overlap(const bilim_package_parts *p)
{
    const int32_t k = p->n_parts;
    char a[48], b[48];
    printf("%s", _("  Schools reached in the package's run (mean over replicates):"));
    for (int32_t i = 0; i < k; i++) {
        bilim_compare_parts_format_schools(p->reached[i * k + i], a, sizeof a);
        printf(" %s %s%s", p->names[i], a, i + 1 < k ? ";" : "\n");
    }
    for (int32_t i = 0; i < k; i++)
        for (int32_t m = i + 1; m < k; m++) {
            bilim_compare_parts_format_schools(p->reached[i * k + m], a, sizeof a);
            /* TRANSLATORS: two parts' names and a number of schools. */
            printf(_("    reached by both %s and %s: %s\n"), p->names[i], p->names[m], a);
        }
    if (k > 2) {
        bilim_compare_parts_format_schools(p->reached_all, b, sizeof b);
        printf(_("    reached by every part: %s\n"), b);
    }
}

/* "What each part adds" of every decomposed package. */
static void print_parts(const bilim_comparison *c)
{
    for (int32_t n = 0; n < c->n_packages; n++) {
        const bilim_package_parts *p = &c->packages[n];
        printf(_("What each part of '%s' adds (effect on routine use at month %d, pp, 95%% CI; "
                 "each part alone on the same random numbers):\n"),
               c->titles[p->option], c->months);
        int width = (int)strlen(_("interaction"));
        for (int32_t i = 0; i < p->n_parts; i++)
            if (utf8_chars(p->names[i]) > width)
                width = utf8_chars(p->names[i]);
        if (utf8_chars(_("whole package")) > width)
            width = utf8_chars(_("whole package"));
        for (int32_t i = 0; i < p->n_parts + 2; i++) {
            const char *label = i < p->n_parts    ? p->names[i]
                                : i == p->n_parts ? _("whole package")
                                                  : _("interaction");
            const bilim_interval *e = &p->effect[i];
            int dec = fabs(100 * e->mean) < 0.1 ? 4 : 2;
            char v[48], lo[48], hi[48], kzt[64];
            points(100 * e->mean, dec, v, sizeof v);
            printf("    %s%*s %8s pp", label, width - utf8_chars(label), "", v);
            if (isfinite(e->low)) {
                points(100 * e->low, dec, lo, sizeof lo);
                points(100 * e->high, dec, hi, sizeof hi);
                printf(_(" [%s, %s]"), lo, hi);
            }
            bilim_compare_format_kzt(p->cost_kzt[i], kzt, sizeof kzt);
            if (i <= p->n_parts && p->cost_kzt[i] == 0.0)
                printf("  %s\n", kzt); /* "no cost" */
            else if (i <= p->n_parts)
                /* TRANSLATORS: an amount of money ("1.25 billion KZT"). */
                printf(_("  cost %s\n"), kzt);
            else if (fabs(p->cost_kzt[i]) >= 0.5)
                /* TRANSLATORS: an amount of money, may be negative: the package's cost
                 * minus the sum of its parts' costs when each runs alone. */
                printf(_("  package's cost minus the parts' %s\n"), kzt);
            else
                printf("\n");
        }
        print_overlap(p);
    }
}

static void print_summary(const bilim_comparison *c, const char *out, const char *csv,
                          const char *report, const char *xlsx)
{
    printf(P_("Compared %d option with the baseline '%s': %d replicates, %d months, %d schools.\n",
              "Compared %d options with the baseline '%s': %d replicates, %d months, %d schools.\n",
              c->n_scenarios - 1),
           c->n_scenarios - 1, c->titles[0], c->replicates, c->months, c->schools);
    printf(_("Ranked by effect on routine use at month %d (percentage points, 95%% CI):\n"),
           c->months);
    /* Options are shown by title (their name when they have none); titles are
     * padded by characters, not bytes, so Kazakh and Russian titles line up. */
    int width = 8;
    for (int32_t s = 1; s < c->n_scenarios; s++)
        if (utf8_chars(c->titles[s]) > width)
            width = utf8_chars(c->titles[s]);
    for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
        const bilim_effect_row *h = bilim_compare_row(c, c->rank_effect[i], "adoption_routine");
        char kzt[64], v[48], lo[48], hi[48];
        bilim_compare_format_kzt(h->ce.ratio, kzt, sizeof kzt);
        /* Small effects get more decimals so they do not print as +0.00. */
        int dec = fabs(100 * h->paired.mean) < 0.1 ? 4 : 2;
        const char *title = c->titles[c->rank_effect[i]];
        points(100 * h->paired.mean, dec, v, sizeof v);
        /* TRANSLATORS: the title, padding to align the titles, and an effect in
         * percentage points ("+4.20"). */
        printf(_("  %2d. %s%*s %8s pp"), i + 1, title, width - utf8_chars(title), "", v);
        if (isfinite(h->paired.low)) {
            points(100 * h->paired.low, dec, lo, sizeof lo);
            points(100 * h->paired.high, dec, hi, sizeof hi);
            /* TRANSLATORS: an interval; use "; " where numbers have decimal commas. */
            printf(_(" [%s, %s]"), lo, hi);
        }
        if (h->ce.status == BILIM_CE_FEWER)
            printf("  %s\n", _("lowers routine use: no cost per additional teacher"));
        else if (h->ce.status == BILIM_CE_NO_EFFECT)
            printf("  %s\n", _("no effect: no cost per additional teacher"));
        else
            printf(_("  %s per additional teacher\n"), kzt);
    }
    for (int32_t s = 0; s < c->n_scenarios; s++)
        if (strcmp(c->titles[s], c->names[s]) != 0) {
            printf("%s", _("Scenario names (for files and --baseline):\n"));
            for (int32_t k = 0; k < c->n_scenarios; k++)
                printf("  %s: %s\n", c->titles[k], c->names[k]);
            break;
        }
    char note[sizeof c->budget_note];
    bilim_compare_budget_text(c, note, sizeof note);
    printf("%s\n", note);
    print_parts(c);
    printf(_("Results: %s\n"), out);
    if (csv)
        printf(_("CSV:     %s/comparison.csv (also ranking, series, differences, replicates, "
                 "regions, package parts)\n"), csv);
    if (report)
        printf(_("Report:  %s\n"), report);
    if (xlsx)
        printf(_("Workbook: %s\n"), xlsx);
}

static int compare_main(job *j, const bilim_common_opts *co, const bilim_opt *opts,
                        const char *out, const char *csv, const char *report, const char *cmd,
                        bilim_error *err)
{
    bilim_signal_install();
    int idx[6];
    bilim_output *o = NULL;
    int rc = load_all(j, err);
    if (!rc && j->psa.draws > 0)
        rc = bilim_compare_psa_apply_fixed(&j->psa, j->sc, j->n, err);
    if (!rc)
        rc = align(j, co, opts, err);
    if (!rc && j->psa.draws > 0)
        rc = bilim_compare_psa_prepare(&j->psa, j->paths[0], j->sc, j->n, j->population_schools,
                                       err);
    j->psa.batch.out = out;
    j->psa.batch.files = j->paths;
    /* Without --draws the scenarios' replicates are the batch (journal,
     * ranks); with it, the draws are (and rank 0 runs the replicates). */
    bilim_batch plain = {out, j->paths, "compare", "replicates", co->threads, co->quiet, 0.0, 0};
    /* An MPI worker runs its share of the batch and writes nothing. */
    if (!rc && bilim_batch_is_worker())
        return j->psa.draws > 0 ? bilim_compare_psa_run(&j->psa, co->threads, 1, err)
                                : bilim_compare_batch_run(&plain, j->sc, j->n, j->paths, NULL,
                                                          err);
    /* Every destination is checked before hours of simulation, not after. */
    if (!rc)
        rc = open_outputs(j, out, csv, report, idx, &o, err);
    if (rc)
        return rc;
    double wall;
    int threads;
    if (j->psa.draws > 0) {
        rc = run_all(j, co, &wall, &threads, err);
    } else {
        rc = bilim_compare_batch_run(&plain, j->sc, j->n, j->paths, j->runs, err);
        wall = plain.wall_seconds;
        threads = rc ? 0 : j->runs[0].threads_used;
    }
    if (!rc)
        rc = decompose_all(j, co, &wall, err);
    if (!rc)
        rc = bilim_compare_compute(j->runs, j->n, &j->cmp, err);
    if (!rc) { /* the decompositions now belong to the comparison */
        j->cmp.packages = j->packages;
        j->cmp.n_packages = j->n_packages;
        j->packages = NULL;
        j->n_packages = 0;
    }
    if (!rc && j->psa.draws > 0)
        rc = bilim_compare_psa_run(&j->psa, co->threads, co->quiet, err);
    for (int k = 0; !rc && k < j->n_sweeps; k++)
        rc = bilim_sweep_curve_compute(&j->sweeps[k], &j->cmp,
                                       j->psa.draws > 0 ? &j->psa.result : NULL, err);
    if (!rc)
        rc = not_interrupted(err);
    if (rc)
        bilim_output_close(o, NULL);
    else
        rc = write_h5(j, o, cmd, wall, threads, err);
    if (!rc)
        rc = not_interrupted(err);
    if (!rc && csv)
        rc = bilim_csv_write_set(&j->cmp, j->set, idx[1], &j->csv_format, err);
    if (!rc && j->xlsx)
        rc = bilim_xlsx_write(&j->cmp, bilim_outset_temp(j->set, idx[5]), err);
    if (!rc && csv && j->psa.draws > 0)
        rc = bilim_psa_csv_write_set(j->set, idx[3], &j->psa.design, j->psa.records,
                                     &j->psa.result, err);
    if (!rc && csv && j->n_sweeps > 0) {
        FILE *f = bilim_outset_stream(j->set, idx[4], err);
        for (int k = 0; f && k < j->n_sweeps; k++)
            bilim_sweep_curve_csv(f, &j->sweeps[k], k == 0);
        rc = f ? BILIM_OK : err->code;
    }
    if (!rc)
        rc = not_interrupted(err);
    if (!rc && report) {
        bilim_report_input in = {&j->cmp, j->runs, (const char *const *)j->json, out, cmd,
                                 NULL, j->psa.draws > 0 ? &j->psa.result : NULL, j->sweeps,
                                 j->n_sweeps};
        FILE *f = bilim_outset_stream(j->set, idx[2], err);
        rc = f ? bilim_report_write_stream(&in, f, err) : err->code;
    }
    if (!rc)
        rc = bilim_outputs_commit(j->set, err);
    if (!rc)
        bilim_batch_finish(j->psa.draws > 0 ? &j->psa.batch : &plain);
    /* gnuplot, for one, fails when Ctrl-C reaches it too. */
    if (rc && bilim_signal_interrupted())
        rc = bilim_error_set(err, BILIM_EINTR, "interrupted; nothing was written, the previous "
                             "outputs are unchanged");
    if (!rc && !co->quiet) {
        print_summary(&j->cmp, out, csv, report, j->xlsx);
        if (j->psa.draws > 0)
            bilim_compare_psa_print(&j->psa, stdout);
    }
    return rc;
}

static const char *description =
    "Runs a baseline scenario and one or more policy options on common random numbers\n"
    "(the same seed, replicates, horizon and population for all: the options take the\n"
    "baseline's unless given here) and compares each option with the baseline, replicate\n"
    "by replicate: the change in the share of teachers in routine use (overall, per\n"
    "innovation, urban and rural, and the urban-rural gap), months to 25% and 50%,\n"
    "cost, and KZT per additional teacher in routine use, each with a 95% t interval on\n"
    "the paired differences. Writes one HDF5 file (the layout of `bilim run` plus\n"
    "/comparison) and, when asked, CSV files and a self-contained HTML report\n"
    "(docs/compare.md).\n\n"
    "An option that declares a package (\"package\": {\"budget_kzt\": ..., \"parts\": [...]})\n"
    "is decomposed: each part also runs alone (the package without its other parts, on\n"
    "the same random numbers), which gives what each part adds, the interaction (the\n"
    "package's effect minus the sum of its parts') and the schools the parts reached,\n"
    "in the summary, /comparison/package_parts, package_parts.csv and the report. That\n"
    "is one more run per part; --no-decompose skips them.\n\n"
    "Those intervals measure only the noise between replicates. --draws N also\n"
    "propagates the uncertainty in the model's parameters: N draws of every prior\n"
    "(bilim params) and of the calibration's posterior (the baseline's \"uncertainty\"),\n"
    "each running the baseline and every option on the same random numbers. It adds\n"
    "per option the effect's mean and 95% range over the draws (noise separated),\n"
    "the probability of being best and every rank, the acceptability curve and\n"
    "frontier for value for money, and the value of information (EVPI, EVPPI per\n"
    "parameter and group) under /comparison/uncertainty, one row per run under\n"
    "/design/runs, and with --csv runs.csv, ceac.csv, evppi.csv, ...\n\n"
    "The runs are a batch (without --draws each scenario's replicate is a run; with\n"
    "it, each draw's): each finished run is kept in OUT.journal (beside\n"
    "-o OUT), so the same command run again after a kill or a cluster job's time\n"
    "limit resumes where it stopped (and refuses, naming what differs, if the\n"
    "inputs changed); the journal goes once the outputs are written. Started by\n"
    "mpirun (a build with -DBILIM_MPI=ON), the runs spread over the ranks, with the\n"
    "same results as one process (docs/cluster.md).\n\n"
    "Examples:\n"
    "  bilim compare scenarios/baseline.json scenarios/leadership_training.json \\\n"
    "      -o compare.h5 --csv compare-csv --report report.html\n"
    "  bilim compare scenarios/baseline.json scenarios/option_10bn_funding.json \\\n"
    "      scenarios/option_10bn_incentives.json --schools 1000 --replicates 5 -o options.h5\n"
    "  bilim compare scenarios/baseline.json scenarios/innovation_hub.json \\\n"
    "      scenarios/leadership_training.json --draws 40 --schools 300 --months 24 \\\n"
    "      --fix cost_R --prior eta_pd=factor:base,3 -o psa.h5 --csv psa-csv";

int bilim_cmd_compare(int argc, char **argv)
{
    bilim_common_opts co;
    enum { N_MINE = 7, N_OPTS = BILIM_COMMON_N_OPTS + N_MINE + BILIM_COMPARE_PSA_N_OPTS };
    bilim_opt opts[N_OPTS];
    const char *out = NULL, *report = NULL, *csv = NULL, *csv_locale = "en", *lang = NULL;
    bilim_common_opts_init(&co, opts);
    job j;
    memset(&j, 0, sizeof j);
    const bilim_opt mine[N_MINE] = {
        {"output", 'o', BILIM_OPT_STRING, &out, 0, 0, "FILE", "HDF5 result file (required)", 0},
        {"report", 0, BILIM_OPT_STRING, &report, 0, 0, "FILE", "also write the HTML report", 0},
        {"csv", 0, BILIM_OPT_STRING, &csv, 0, 0, "DIR", "also write CSV files into DIR", 0},
        {"csv-locale", 0, BILIM_OPT_STRING, &csv_locale, 0, 0, "L",
         "CSV separators: en (',' and '.' decimals, default) or ru, kk, comma (';' and ',' "
         "decimals)", 0},
        {"xlsx", 0, BILIM_OPT_STRING, &j.xlsx, 0, 0, "FILE",
         "also write the tables as an Excel workbook (one sheet per table)", 0},
        {"lang", 0, BILIM_OPT_STRING, &lang, 0, 0, "LANG",
         "language of the summary and the report: kk, ru or en (default: the environment's)",
         0},
        {"no-decompose", 0, BILIM_OPT_FLAG, &j.no_decompose, 0, 0, NULL,
         "do not run the parts of packages alone (no \"what each part adds\")", 0},
    };
    memcpy(opts + BILIM_COMMON_N_OPTS, mine, sizeof mine);
    bilim_compare_psa_opts_init(&j.psa, opts + BILIM_COMMON_N_OPTS + N_MINE);
    int help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("compare", argc, argv, opts, N_OPTS, j.paths,
                         MAX_SCENARIOS, &j.n, &help, &err))
        return bilim_cli_fail("compare", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim compare BASELINE.json OPTION.json... -o OUT.h5 [options]",
                       description, opts, N_OPTS);
        return 0;
    }
    if (lang && bilim_lang_setup(lang, &err))
        return bilim_cli_fail("compare", &err);
    if (j.n < 2)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim compare: give a baseline scenario and at "
                        "least one option scenario; see 'bilim help compare'");
    else if (!out)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim compare: -o OUT.h5 is required (where to "
                        "write the results); see 'bilim help compare'");
    else if (!j.psa.draws && (j.psa.fix.n || j.psa.prior.n || j.psa.posterior || j.psa.wtp > 0 ||
                              j.psa.sampling || opts[BILIM_COMMON_N_OPTS + N_MINE + 1].seen))
        bilim_error_set(&err, BILIM_EUSAGE, "bilim compare: --fix, --prior, --posterior, --wtp, "
                        "--sampling and --draw-replicates need --draws N; see 'bilim help "
                        "compare'");
    else if (!bilim_csv_format_parse(csv_locale, &j.csv_format, &err) && report)
        bilim_plot_check(&err); /* fail before hours of simulation, not after */
    if (err.code)
        return bilim_cli_fail("compare", &err);
    if (bilim_datadir_resolve_args("compare", j.paths, j.n, co.quiet, j.found))
        return 1;
    j.sc = bilim_calloc((size_t)j.n, sizeof *j.sc);
    j.runs = bilim_calloc((size_t)j.n, sizeof *j.runs);
    char *cmd = command_line(argc, argv);
    j.set = bilim_outset_alloc();
    int rc = (j.sc && j.runs && cmd && j.set)
                 ? compare_main(&j, &co, opts, out, csv, report, cmd, &err)
                 : bilim_error_set(&err, BILIM_ENOMEM, "out of memory");
    bilim_free(cmd);
    job_free(&j);
    return rc ? bilim_cli_fail("compare", &err) : 0;
}
