/* cli/cmd_effects.c: `bilim effects BASELINE.json`: the virtual trials of
 * every intervention type against the literature's effect sizes, and the
 * 2x2 factorials of the main pairs (analysis/effects.h, docs/ODD.md 7.4). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "analysis/effects.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "cli/signal.h"
#include "formats/scenario_load.h"

static const char usage[] = "bilim effects BASELINE.json [options]";
static const char description[] =
    "Runs a virtual trial of every intervention type on top of a baseline scenario\n"
    "(its population, parameters, innovations and business-as-usual programmes) and\n"
    "prints, per trial, the simulated effect in SD of the outcome the studies measure,\n"
    "with a 95% interval over replicates, the literature's figure the default is set\n"
    "to hit, the bound a shipped default must stay in, and the source; then the 2x2\n"
    "factorials of the main pairs (leadership x funding, PD x leadership): each\n"
    "effect on teachers' practice, the interaction and the ratio, with intervals.\n"
    "A trial treats a random half of the schools; each replicate runs the trial and\n"
    "its comparison on common random numbers (docs/ODD.md 7.4, \"Virtual trials\").\n"
    "Defaults: a proportional sample of 1,000 schools (--schools), 10 replicates.\n\n"
    "Example:\n"
    "  bilim effects scenarios/baseline.json --csv effects-csv\n\n"
    "Exit status: 0 every derived default inside its bound, 1 invalid input, failure\n"
    "or a default outside its bound, 2 usage error, 130 interrupted (Ctrl-C).";

static void on_progress(void *user, int32_t done, int32_t total)
{
    bilim_progress_report(user, total > 0 ? (double)done / total : 0.0, done, total, "runs",
                          NULL);
}

static void print_bound(const bilim_effects_trial *t)
{
    if (isnan(t->low))
        printf(" %-15s", "none");
    else
        printf(" [%+.3f, %+.3f]", t->low, t->high);
}

static void print_trials(const bilim_effects_result *r)
{
    printf("Virtual trials: %d schools, %d replicates, seed %llu (effects in SD; 95%% t "
           "interval over replicates)\n\n", r->schools, r->replicates,
           (unsigned long long)r->seed);
    printf("%-23s %-9s %-24s %-7s %-16s %-6s %-12s %s\n", "trial", "outcome",
           "simulated (95% CI)", "target", "bound", "inside", "parameter", "source");
    for (int32_t i = 0; i < r->n_rows; i++) {
        const bilim_effects_row *row = &r->rows[i];
        const bilim_effects_trial *t = row->trial;
        char ci[64], target[16];
        snprintf(ci, sizeof ci, "%+.3f [%+.3f, %+.3f]", row->effect.mean, row->effect.low,
                 row->effect.high);
        if (isnan(t->target))
            snprintf(target, sizeof target, "none");
        else
            snprintf(target, sizeof target, "%.3f", t->target);
        printf("%-23s %-9s %-24s %-7s", t->name,
               t->achievement ? "achiev." : bilim_model_unit_name(t->outcome), ci, target);
        print_bound(t);
        printf(" %-6s %-12s %s\n", row->in_bound < 0 ? "-" : (row->in_bound ? "yes" : "NO"),
               t->parameter[0] ? t->parameter : "(check)", t->source);
    }
    printf("\nDesigns and the literature's figures:\n");
    for (int32_t i = 0; i < r->n_rows; i++) {
        const bilim_effects_trial *t = r->rows[i].trial;
        printf("  %s: %s. Literature: %s.\n", t->name, t->design, t->literature);
    }
    printf("Practice: a teacher's level of use averaged over the innovations (0 non-use, 1/2 "
           "trial, 1 routine), in SD of the comparison arm at the measurement month; "
           "\"achiev.\": mapped to student achievement at %.3f SD per SD of practice "
           "(0.18 / 0.49, Kraft, Blazar & Hogan 2018).\n", BILIM_EFFECTS_ACHIEVEMENT_PER_PRACTICE);
}

static void print_interval(const char *what, const bilim_interval *v)
{
    printf("  %-28s %+8.4f  [%+.4f, %+.4f]\n", what, v->mean, v->low, v->high);
}

static void print_facts(const bilim_effects_result *r)
{
    for (int32_t i = 0; i < r->n_facts; i++) {
        const bilim_effects_fact *f = &r->facts[i];
        printf("\n2x2 factorial %s (%s and %s, every school, practice at month %d, SD):\n",
               f->pair->name, f->pair->a, f->pair->b, f->pair->month);
        print_interval("effect of A", &f->a);
        print_interval("effect of B", &f->b);
        print_interval("effect of A and B", &f->ab);
        print_interval("interaction (A+B) - A - B", &f->interaction);
        print_interval("ratio (A+B) / (A + B)", &f->ratio);
    }
}

static int load_baseline(const char *path, const bilim_common_opts *c, const bilim_opt *opts,
                         bilim_scenario *sc)
{
    bilim_diags *d = bilim_diags_alloc();
    if (!d) {
        fprintf(stderr, "bilim effects: out of memory\n");
        return 1;
    }
    int rc = bilim_scenario_load(path, sc, NULL, d);
    if (rc) {
        if (bilim_diags_count(d) == 0)
            fprintf(stderr, "bilim effects: %s: %s\n", path, bilim_error_name(rc));
        for (int i = 0; i < bilim_diags_count(d); i++)
            fprintf(stderr, "bilim effects: %s\n", bilim_diags_get(d, i));
        bilim_diags_free(d);
        return 1;
    }
    bilim_diags_free(d);
    bilim_error err;
    bilim_error_clear(&err);
    /* --schools: 1,000 unless given (or fewer when the population is smaller). */
    bilim_common_opts mine = *c;
    bilim_opt o[BILIM_COMMON_N_OPTS];
    memcpy(o, opts, sizeof o);
    if (!o[4].seen && bilim_population_schools(&sc->population) > 1000) {
        o[4].seen = 1;
        mine.schools = 1000;
    }
    if (bilim_common_apply(&mine, o, sc, &err)) {
        bilim_error_prefix(&err, "%s", path);
        return bilim_cli_fail("effects", &err);
    }
    return 0;
}

int bilim_cmd_effects(int argc, char **argv)
{
    bilim_common_opts c;
    bilim_opt opts[BILIM_COMMON_N_OPTS + 2];
    const char *csv = NULL, *only = NULL;
    bilim_common_opts_init(&c, opts);
    opts[BILIM_COMMON_N_OPTS] = (bilim_opt){"csv", 0, BILIM_OPT_STRING, &csv, 0, 0, "DIR",
                                            "also write effects.csv and factorials.csv into DIR",
                                            0};
    opts[BILIM_COMMON_N_OPTS + 1] = (bilim_opt){"trial", 0, BILIM_OPT_STRING, &only, 0, 0,
                                                "NAME", "run this trial only (no factorials)", 0};
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("effects", argc, argv, opts, BILIM_COMMON_N_OPTS + 2, pos, 1, &n_pos,
                         &help, &err))
        return bilim_cli_fail("effects", &err);
    if (help) {
        bilim_cli_help(stdout, usage, description, opts, BILIM_COMMON_N_OPTS + 2);
        return 0;
    }
    if (n_pos != 1 || opts[3].seen) {
        fprintf(stderr, "bilim effects: %s; usage: %s; see 'bilim help effects'\n",
                n_pos != 1 ? "expects one baseline scenario file"
                           : "--months does not apply (each trial has its study's duration)",
                usage);
        return 2;
    }
    if (only && !bilim_effects_find(only)) {
        fprintf(stderr, "bilim effects: --trial %s: no such trial; see 'bilim help effects' "
                        "and docs/ODD.md 7.4\n", only);
        return 2;
    }
    static bilim_scenario sc;
    int rc = load_baseline(pos[0], &c, opts, &sc);
    if (rc)
        return rc;
    bilim_signal_install();
    bilim_progress bar;
    bilim_progress_init(&bar, bilim_progress_mode_auto(c.quiet), stderr, "effects", 1);
    bilim_progress_stage(&bar, "virtual trials");
    bilim_effects_options eo = {opts[0].seen ? c.replicates : 10, c.threads, only, only == NULL,
                                bar.enabled ? on_progress : NULL, &bar, bilim_signal_flag()};
    static bilim_effects_result res;
    rc = bilim_effects_run(&sc, &eo, &res, &err);
    bilim_progress_finish(&bar);
    if (rc == BILIM_EINTR || (!rc && bilim_signal_interrupted())) {
        fprintf(stderr, "bilim effects: interrupted\n");
        return bilim_signal_interrupted() == SIGTERM ? 143 : 130;
    }
    if (!rc && csv)
        rc = bilim_effects_write_csv(&res, csv, &err);
    if (rc)
        return bilim_cli_fail("effects", &err);
    print_trials(&res);
    print_facts(&res);
    fflush(stdout);
    int outside = 0;
    for (int32_t i = 0; i < res.n_rows; i++)
        outside += res.rows[i].in_bound == 0 && res.rows[i].trial->parameter[0];
    if (outside)
        fprintf(stderr, "bilim effects: %d derived default%s outside %s bound (see the table)\n",
                outside, outside == 1 ? " is" : "s are", outside == 1 ? "its" : "their");
    return outside ? 1 : 0;
}
