/* cli/cmd_sensitivity.c: `bilim sensitivity`: which uncertain parameters
 * drive an output, by Sobol' indices or Morris screening
 * (docs/sensitivity.md).
 *
 * The analysis is an ordinary design (sim/design.h): its points come from
 * analysis/sensitivity.h, its runs from the design engine (bit-identical
 * for any thread count), its outputs go to one output set: the HDF5 file
 * (/design with the table of runs, /sensitivity) and, on request, the CSV
 * files, all or none. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/compare.h"
#include "analysis/sensitivity.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/outputs.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/design_write.h"
#include "formats/output_write.h"
#include "formats/scenario_load.h"
#include "formats/uncertainty.h"

typedef struct opts_t {
    const char *out, *csv, *method, *output, *seeding;
    bilim_opt_list params, groups, priors;
    int32_t base_rows, trajectories, levels, resamples;
    double level;
} opts_t;

typedef struct job {
    int n;
    const char *paths[2];
    bilim_scenario sc[2];
    bilim_outset *set;
    bilim_design design;
    bilim_sensitivity a;
    bilim_design_record *records;
    double wall;
    bilim_batch batch;      /* the runs: distributed, journalled (cli/batch.h) */
} job;

static int load_all(job *j, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        bilim_diags *d = bilim_diags_alloc();
        if (!d)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        char *json = NULL;
        int rc = bilim_scenario_load(j->paths[i], &j->sc[i], &json, d);
        bilim_free(json);
        if (rc && bilim_diags_count(d) > 0) {
            bilim_diags_print(d, stderr);
            bilim_error_set(err, rc, "%s: %d error%s above; nothing was run", j->paths[i],
                            bilim_diags_count(d), bilim_diags_count(d) == 1 ? "" : "s");
        } else if (rc) {
            bilim_error_set(err, rc, "%s: cannot load the scenario", j->paths[i]);
        } else {
            rc = bilim_diags_declare_inputs(d, j->set, err);
        }
        bilim_diags_free(d);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

/* The command line's run control for both; the option takes the
 * baseline's seed and horizon (common random numbers). */
static int align(job *j, const bilim_common_opts *co, const bilim_opt *opts, bilim_error *err)
{
    for (int i = 0; i < j->n; i++) {
        int rc = bilim_common_apply(co, opts, &j->sc[i], err);
        if (rc) {
            bilim_error_prefix(err, "%s", j->paths[i]);
            return rc;
        }
    }
    if (j->n == 2) {
        j->sc[1].seed = j->sc[0].seed;
        j->sc[1].months = j->sc[0].months;
        j->sc[1].replicates = j->sc[0].replicates;
        return bilim_compare_check(j->sc, 2, err);
    }
    return BILIM_OK;
}

static int parse_output(const char *s, int effect, bilim_design_output *out, bilim_error *err)
{
    if (!s || strcmp(s, "effect") == 0 || strcmp(s, "routine") == 0) {
        *out = BILIM_DESIGN_ROUTINE;
        if (s && strcmp(s, "effect") == 0 && !effect)
            return bilim_error_set(err, BILIM_EUSAGE, "--metric effect needs an OPTION.json "
                                   "after the scenario (the option's effect against it)");
        return BILIM_OK;
    }
    if (strcmp(s, "cost") == 0)
        s = "cost_kzt";
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        if (strcmp(s, bilim_design_output_name((bilim_design_output)k)) == 0) {
            *out = (bilim_design_output)k;
            return BILIM_OK;
        }
    return bilim_error_set(err, BILIM_EUSAGE, "--metric %s: expected effect, routine, "
                           "routine_urban, routine_rural, trial, cost (cost_kzt), "
                           "months_to_25pct or months_to_50pct", s);
}

static int settings_from(const opts_t *o, const bilim_common_opts *co, int effect,
                         bilim_sensitivity_settings *s, bilim_error *err)
{
    bilim_sensitivity_settings_defaults(s);
    s->effect = effect;
    if (!o->method || strcmp(o->method, "sobol") == 0)
        s->method = BILIM_SENSITIVITY_SOBOL;
    else if (strcmp(o->method, "morris") == 0)
        s->method = BILIM_SENSITIVITY_MORRIS;
    else
        return bilim_error_set(err, BILIM_EUSAGE, "--method %s: expected sobol or morris",
                               o->method);
    if (o->base_rows)
        s->base_rows = o->base_rows;
    if (o->trajectories)
        s->trajectories = o->trajectories;
    if (o->levels)
        s->levels = o->levels;
    if (o->resamples >= 0)
        s->resamples = o->resamples;
    if (o->level > 0)
        s->level = o->level;
    s->replicates = co->replicates > 0 ? co->replicates : 1;
    return parse_output(o->output, effect, &s->output, err);
}

/* --- the inputs ------------------------------------------------------------------ */

/* Is `name` selected by --params (comma-separated lists) or --group? */
static int listed(const bilim_opt_list *l, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < l->n; i++)
        for (const char *p = l->v[i]; p && *p;) {
            const char *c = strchr(p, ',');
            size_t len = c ? (size_t)(c - p) : strlen(p);
            if (len == n && strncmp(p, name, n) == 0)
                return 1;
            p = c ? c + 1 : NULL;
        }
    return 0;
}

static int default_group(const char *group)
{
    return bilim_param_priors_group_required(group) || strcmp(group, "innovation") == 0;
}

/* The written prior of name: --prior, else the scenario's "uncertainty",
 * else the table; NULL when none. */
static const bilim_prior_text *prior_of(const char *name, const bilim_uncertainty *cmd,
                                        const bilim_uncertainty *scen)
{
    for (int i = cmd->n_priors - 1; i >= 0; i--)
        if (strcmp(cmd->priors[i].name, name) == 0)
            return &cmd->priors[i].prior;
    for (int i = scen->n_priors - 1; i >= 0; i--)
        if (strcmp(scen->priors[i].name, name) == 0)
            return &scen->priors[i].prior;
    const bilim_param_prior *row = bilim_param_priors_find(name);
    return row && row->prior.spec != BILIM_SPEC_FIXED ? &row->prior : NULL;
}

static int add_one(job *j, const char *name, const bilim_uncertainty *cmd,
                   const bilim_uncertainty *scen, bilim_error *err)
{
    const bilim_prior_text *t = prior_of(name, cmd, scen);
    if (!t)
        return bilim_error_set(err, BILIM_EUSAGE, "--params %s: it has no prior (not in the "
                               "table of bilim params, or fixed there); give one with --prior "
                               "%s=KIND:P1,P2", name, name);
    const bilim_param_prior *row = bilim_param_priors_find(name);
    const char *src = t == (row ? &row->prior : NULL) ? row->source : "the command line or the "
                                                                      "scenario's \"uncertainty\"";
    return bilim_design_add_factor(&j->design, name, t, src, err);
}

/* Every name of --params, in the order given, after them the table's rows of
 * the --group groups (default: the dynamic and effect groups and the
 * innovations' Bass scales). */
static int add_factors(job *j, const opts_t *o, bilim_error *err)
{
    bilim_uncertainty *u = bilim_calloc(2, sizeof *u);
    if (!u)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = bilim_uncertainty_load(j->paths[0], &u[1], err);
    for (int i = 0; !rc && i < o->priors.n; i++) {
        if (u[0].n_priors >= BILIM_UNCERTAINTY_MAX_ITEMS)
            rc = bilim_error_set(err, BILIM_EUSAGE, "too many --prior");
        else
            rc = bilim_uncertainty_parse_prior(o->priors.v[i], &u[0].priors[u[0].n_priors++], err);
    }
    for (int i = 0; !rc && i < o->params.n; i++)
        for (const char *p = o->params.v[i]; !rc && p && *p;) {
            const char *c = strchr(p, ',');
            char name[BILIM_DESIGN_FACTOR_NAME_MAX];
            size_t len = c ? (size_t)(c - p) : strlen(p);
            snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
            rc = add_one(j, name, &u[0], &u[1], err);
            p = c ? c + 1 : NULL;
        }
    size_t n;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    const int by_default = o->params.n == 0 && o->groups.n == 0;
    for (size_t i = 0; !rc && i < n; i++) {
        bilim_factor_target t;
        const bilim_param_info *info = NULL;
        bilim_factor_resolve(rows[i].name, &t, &info);
        const char *group = info ? info->group : "innovation";
        if (rows[i].prior.spec != BILIM_SPEC_FIXED && !listed(&o->params, rows[i].name) &&
            (by_default ? default_group(group) : listed(&o->groups, group)))
            rc = add_one(j, rows[i].name, &u[0], &u[1], err);
    }
    for (int i = 0; !rc && i < o->groups.n; i++) {
        int found = 0;
        for (int32_t f = 0; f < j->design.n_factors; f++)
            found |= listed(&o->groups, j->design.factors[f].group) &&
                     strcmp(j->design.factors[f].group, o->groups.v[i]) == 0;
        if (!found)
            rc = bilim_error_set(err, BILIM_EUSAGE, "--group %s: no parameter with a prior in "
                                 "that group (groups: principal, teacher, turnover, diffusion, "
                                 "resources, initial, survey, innovation; see bilim params)",
                                 o->groups.v[i]);
    }
    bilim_free(u);
    return rc;
}

/* --- running and writing ---------------------------------------------------------- */

static int run_design(job *j, const opts_t *o, const bilim_common_opts *co, bilim_error *err)
{
    j->records = bilim_calloc(j->design.n_runs + 1, sizeof *j->records);
    if (!j->records)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", j->design.n_runs);
    j->batch = (bilim_batch){o->out, j->paths, "sensitivity", j->sc[0].name, co->threads,
                             co->quiet, 0.0, 0};
    int rc = bilim_batch_run(&j->batch, &j->design, j->records, err);
    j->wall = j->batch.wall_seconds;
    return rc;
}

static int write_h5(job *j, bilim_output *o, int threads, bilim_error *err)
{
    int rc = bilim_design_write(o, &j->design, j->records, err);
    if (!rc)
        rc = bilim_sensitivity_write(o, &j->a, &j->design, err);
    if (!rc)
        rc = bilim_output_attr_double(o, "/design", "wall_seconds", j->wall, err);
    if (!rc)
        rc = bilim_output_write_run_info(o, j->wall, threads, err);
    int crc = bilim_output_close(o, rc ? NULL : err);
    return rc ? rc : crc;
}

/* Order of factors by importance (ST, or mu*), descending; ties by index. */
static void rank(const double *v, int32_t k, int32_t *order)
{
    for (int32_t i = 0; i < k; i++)
        order[i] = i;
    for (int32_t i = 1; i < k; i++)
        for (int32_t m = i; m > 0 && v[order[m]] > v[order[m - 1]]; m--) {
            int32_t t = order[m];
            order[m] = order[m - 1];
            order[m - 1] = t;
        }
}

static void print_summary(const job *j, const char *out, const char *csv)
{
    const bilim_sensitivity *a = &j->a;
    const bilim_sensitivity_settings *s = &a->settings;
    const int sobol = s->method == BILIM_SENSITIVITY_SOBOL;
    printf("Sensitivity of %s%s%s%s (%s, %d factors, %zu runs, %.1f s):\n",
           bilim_design_output_name(s->output), s->effect ? " effect of '" : " of '",
           j->sc[s->effect ? 1 : 0].name, s->effect ? "' against the baseline" : "'",
           sobol ? "Sobol' indices" : "Morris screening", (int)a->k, j->design.n_runs, j->wall);
    int32_t *order = bilim_malloc(((size_t)a->k + 1) * sizeof *order);
    if (!order)
        return;
    rank(sobol ? a->sobol.total : a->morris.mu_star, a->k, order);
    const double top = sobol ? 1.0 : a->morris.mu_star[order[0]];
    int shown = 0;
    for (int32_t r = 0; r < a->k && shown < 10; r++, shown++) {
        int32_t i = order[r];
        if (sobol)
            printf("  %2d. %-26s total %.3f [%.3f, %.3f]  alone %.3f\n", r + 1,
                   j->design.factors[i].name, a->sobol.total[i], a->sobol.total_low[i],
                   a->sobol.total_high[i], a->sobol.first[i]);
        else
            printf("  %2d. %-26s mu* %.4g  sigma %.4g\n", r + 1, j->design.factors[i].name,
                   a->morris.mu_star[i], a->morris.sigma[i]);
    }
    int minor = 0;
    for (int32_t r = 0; r < a->k; r++) {
        double v = sobol ? a->sobol.total_high[order[r]] : a->morris.mu_star[order[r]] / top;
        minor += (sobol ? (isnan(v) ? a->sobol.total[order[r]] : v) < 0.01 : v < 0.05);
    }
    if (sobol) {
        double sum = 0.0;
        for (int32_t i = 0; i < a->k; i++)
            sum += a->sobol.first[i];
        if (sum > 1.05)
            printf("The first-order indices add up to %.2f, more than 1: at this N the "
                   "estimates are mostly noise; raise -N.\n", sum);
        else
            printf("The factors alone explain %.0f%% of the output's variance; the rest is "
                   "their interactions (and simulation noise).\n", 100.0 * (sum < 1 ? sum : 1));
        printf("%d factor%s barely matter%s (total index below 0.01%s).\n", minor,
               minor == 1 ? "" : "s", minor == 1 ? "s" : "", s->resamples > 0 ? " at the interval's upper end" : "");
    } else {
        printf("%d factor%s barely matter%s (mu* below 5%% of the largest); a large sigma "
               "against mu* means interactions or a non-linear effect.\n", minor,
               minor == 1 ? "" : "s", minor == 1 ? "s" : "");
    }
    bilim_free(order);
    printf("Results: %s\n", out);
    if (csv)
        printf("CSV:     %s/sensitivity.csv, %s/runs.csv\n", csv, csv);
}

static int not_interrupted(bilim_error *err)
{
    return bilim_signal_interrupted() ? bilim_error_set(err, BILIM_EINTR, "interrupted")
                                      : BILIM_OK;
}

static int prepare(job *j, const opts_t *o, const bilim_common_opts *co, const bilim_opt *opts,
                   bilim_error *err)
{
    bilim_sensitivity_settings s;
    int rc = settings_from(o, co, j->n == 2, &s, err);
    if (!rc)
        rc = load_all(j, err);
    if (!rc)
        rc = align(j, co, opts, err);
    bilim_design_init(&j->design, j->sc[0].seed);
    if (o->seeding && strcmp(o->seeding, "per-point") == 0)
        j->design.seeding = BILIM_DESIGN_SEED_PER_POINT;
    else if (!o->seeding || strcmp(o->seeding, "common") == 0)
        j->design.seeding = BILIM_DESIGN_SEED_COMMON;
    else if (!rc)
        rc = bilim_error_set(err, BILIM_EUSAGE, "--seeding %s: expected common or per-point",
                             o->seeding);
    if (!rc)
        rc = bilim_design_set_scenarios(&j->design, j->sc, j->n, err);
    if (!rc)
        rc = add_factors(j, o, err);
    if (!rc)
        rc = bilim_sensitivity_design(&j->a, &j->design, &s, err);
    return rc;
}

static int sensitivity_main(job *j, const opts_t *o, const bilim_common_opts *co,
                            const bilim_opt *opts, bilim_error *err)
{
    bilim_signal_install();
    int rc = prepare(j, o, co, opts, err);
    if (!rc && bilim_batch_is_worker()) /* an MPI worker only runs its share */
        return run_design(j, o, co, err);
    int idx[2] = {-1, -1};
    bilim_output *h5 = NULL;
    /* Every destination is checked before the runs, not after. */
    if (!rc && o->csv)
        rc = bilim_sensitivity_csv_declare(j->set, o->csv, &idx[1], err);
    if (!rc)
        rc = bilim_outset_file(j->set, o->out, "-o", 0, &idx[0], err);
    if (!rc)
        rc = bilim_outset_open(j->set, err);
    if (!rc)
        rc = bilim_output_open(j->set, idx[0], &h5, err);
    if (rc)
        return rc;
    rc = run_design(j, o, co, err);
    if (!rc)
        rc = bilim_sensitivity_analyse(&j->a, &j->design, j->records, err);
    if (!rc)
        rc = not_interrupted(err);
    if (rc)
        bilim_output_close(h5, NULL);
    else
        rc = write_h5(j, h5, co->threads, err);
    if (!rc && o->csv)
        rc = bilim_sensitivity_csv_write_set(j->set, idx[1], &j->a, &j->design, j->records, err);
    if (!rc)
        rc = bilim_outputs_commit(j->set, err);
    if (!rc)
        bilim_batch_finish(&j->batch);
    if (rc && bilim_signal_interrupted())
        rc = bilim_error_set(err, BILIM_EINTR, "interrupted; nothing was written, the previous "
                             "outputs are unchanged");
    if (!rc && !co->quiet)
        print_summary(j, o->out, o->csv);
    return rc;
}

static const char *description =
    "Global sensitivity analysis: which uncertain parameters drive an output, over\n"
    "their priors (bilim params). Each run is the scenario with the parameters set\n"
    "to one design point; with OPTION.json after the scenario, the output is the\n"
    "option's effect (option minus scenario, on the same random numbers).\n\n"
    "--method sobol (default): Sobol' indices by Saltelli's design, N (k + 2) points\n"
    "for k parameters (at most 20): the total index is the share of the output's\n"
    "variance that would go if the parameter were known (with its interactions);\n"
    "the first-order index the share it explains alone. 95% bootstrap intervals.\n"
    "--method morris: elementary effects on r trajectories, r (k + 1) points, for\n"
    "screening many parameters cheaply: mu* ranks them, sigma flags interactions.\n\n"
    "Parameters: --params a,b,c and/or --group NAME (repeatable); by default every\n"
    "parameter with a prior in the principal, teacher, turnover, diffusion and\n"
    "resources groups and the innovations' Bass scales (too many for Sobol': screen\n"
    "them with Morris first). --prior NAME=KIND:P1,P2 changes a prior. Every point\n"
    "runs on the scenario's seed (--seeding common) unless --seeding per-point;\n"
    "--replicates R averages R replicates per point (default 1, not the scenario's).\n"
    "Writes /design (factors, points, one row per run) and /sensitivity to the HDF5\n"
    "file, and with --csv DIR sensitivity.csv and runs.csv (docs/sensitivity.md).\n\n"
    "Each finished run is kept in OUT.journal (beside -o OUT) until the outputs are\n"
    "written: the same command run again after an interruption resumes. Under\n"
    "mpirun (-DBILIM_MPI=ON) the runs spread over the ranks (docs/cluster.md).\n\n"
    "Examples:\n"
    "  bilim sensitivity scenarios/baseline.json --method morris --trajectories 4 \\\n"
    "      --schools 100 --months 12 -o morris.h5\n"
    "  bilim sensitivity scenarios/baseline.json scenarios/leadership_training.json \\\n"
    "      --metric effect --params eta_train,delta_K,beta_L -N 16 --schools 100 \\\n"
    "      --months 12 -o sobol.h5 --csv sobol-csv";

int bilim_cmd_sensitivity(int argc, char **argv)
{
    bilim_common_opts co;
    opts_t o;
    memset(&o, 0, sizeof o);
    o.resamples = -1;
    enum { MINE = 13, N_OPTS = BILIM_COMMON_N_OPTS + MINE };
    bilim_opt opts[N_OPTS];
    bilim_common_opts_init(&co, opts);
    const bilim_opt mine[MINE] = {
        {"output", 'o', BILIM_OPT_STRING, &o.out, 0, 0, "FILE", "HDF5 result file (required)", 0},
        {"csv", 0, BILIM_OPT_STRING, &o.csv, 0, 0, "DIR", "also write CSV files into DIR", 0},
        {"method", 0, BILIM_OPT_STRING, &o.method, 0, 0, "M", "sobol (default) or morris", 0},
        {"metric", 0, BILIM_OPT_STRING, &o.output, 0, 0, "NAME",
         "effect, routine (default), routine_urban, routine_rural, trial, cost, months_to_25pct, ...", 0},
        {"params", 0, BILIM_OPT_LIST, &o.params, 0, 0, "A,B,..", "the parameters to vary", 0},
        {"group", 0, BILIM_OPT_LIST, &o.groups, 0, 0, "NAME", "vary every parameter of a group", 0},
        {"prior", 0, BILIM_OPT_LIST, &o.priors, 0, 0, "NAME=SPEC",
         "give NAME the prior SPEC, KIND:P1,P2[,LO,HI] (e.g. eta_pd=factor:base,3)", 0},
        {"base-rows", 'N', BILIM_OPT_INT, &o.base_rows, 2, 1000000, "N",
         "Sobol': base rows N (default 512)", 0},
        {"trajectories", 0, BILIM_OPT_INT, &o.trajectories, 2, 100000, "R",
         "Morris: trajectories (default 20)", 0},
        {"levels", 0, BILIM_OPT_INT, &o.levels, 2, 100, "P", "Morris: grid levels, even (default 4)", 0},
        {"resamples", 0, BILIM_OPT_INT, &o.resamples, 0, 100000, "B",
         "Sobol': bootstrap resamples (default 1000; 0: no intervals)", 0},
        {"level", 0, BILIM_OPT_DOUBLE, &o.level, 0.5, 0.999, "L", "confidence level (default 0.95)", 0},
        {"seeding", 0, BILIM_OPT_STRING, &o.seeding, 0, 0, "S",
         "common (default: every point on the scenario's seed) or per-point", 0},
    };
    memcpy(opts + BILIM_COMMON_N_OPTS, mine, sizeof mine);
    job j;
    memset(&j, 0, sizeof j);
    int help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("sensitivity", argc, argv, opts, N_OPTS, j.paths, 2, &j.n, &help,
                         &err))
        return bilim_cli_fail("sensitivity", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim sensitivity SCENARIO.json [OPTION.json] -o OUT.h5 [options]",
                       description, opts, N_OPTS);
        return 0;
    }
    if (j.n < 1)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim sensitivity: give a scenario (and optionally "
                        "an option to analyse its effect); see 'bilim help sensitivity'");
    else if (!o.out)
        bilim_error_set(&err, BILIM_EUSAGE, "bilim sensitivity: -o OUT.h5 is required (where to "
                        "write the results); see 'bilim help sensitivity'");
    if (err.code)
        return bilim_cli_fail("sensitivity", &err);
    j.set = bilim_outset_alloc();
    int rc = j.set ? sensitivity_main(&j, &o, &co, opts, &err)
                   : bilim_error_set(&err, BILIM_ENOMEM, "out of memory");
    bilim_outset_free(j.set);
    bilim_sensitivity_clear(&j.a);
    bilim_design_clear(&j.design);
    bilim_free(j.records);
    return rc ? bilim_cli_fail("sensitivity", &err) : 0;
}
