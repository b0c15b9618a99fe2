/* cli/cmd_compare_psa.c: `bilim compare --draws N` (see compare_psa.h). */
#include "cli/compare_psa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/psa_write.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "formats/design_write.h"
#include "formats/uncertainty.h"

void bilim_compare_psa_opts_init(bilim_compare_psa *p, bilim_opt *opts)
{
    memset(p, 0, sizeof *p);
    p->draw_replicates = 1;
    const bilim_opt table[BILIM_COMPARE_PSA_N_OPTS] = {
        {"draws", 'D', BILIM_OPT_INT, &p->draws, 2, 1000000, "N",
         "propagate parameter uncertainty: N draws (docs/compare.md)", 0},
        {"draw-replicates", 0, BILIM_OPT_INT, &p->draw_replicates, 1, 1000, "R",
         "replicates per draw (default 1; the first draws get one more to measure noise)", 0},
        {"fix", 0, BILIM_OPT_LIST, &p->fix, 0, 0, "NAME[=V]",
         "do not vary NAME (a parameter, a group, or 'posterior'); =V also sets it", 0},
        {"prior", 0, BILIM_OPT_LIST, &p->prior, 0, 0, "NAME=SPEC",
         "give NAME the prior SPEC, KIND:P1,P2[,LO,HI] (e.g. eta_pd=factor:base,3)", 0},
        {"posterior", 0, BILIM_OPT_STRING, &p->posterior, 0, 0, "FILE",
         "posterior sample for the month-0 state (default: the baseline's)", 0},
        {"wtp", 0, BILIM_OPT_DOUBLE, &p->wtp, 1.0, 1e15, "KZT",
         "what one more teacher in routine use is worth (default 5,011,200)", 0},
        {"sampling", 0, BILIM_OPT_STRING, &p->sampling, 0, 0, "METHOD",
         "auto (Sobol' up to 40 dimensions, else lhs), sobol or lhs", 0},
    };
    memcpy(opts, table, sizeof table);
}

void bilim_compare_psa_clear(bilim_compare_psa *p)
{
    bilim_design_clear(&p->design);
    bilim_free(p->records);
    bilim_psa_result_clear(&p->result);
    p->records = NULL;
}

/* "NAME=VALUE" of --fix: name into name (n bytes), value or NAN. */
static int split_fix(const char *s, char *name, size_t n, double *value, bilim_error *err)
{
    const char *eq = strchr(s, '=');
    size_t len = eq ? (size_t)(eq - s) : strlen(s);
    *value = NAN;
    if (len == 0 || len >= n)
        return bilim_error_set(err, BILIM_EUSAGE, "--fix '%s': expected NAME or NAME=VALUE", s);
    memcpy(name, s, len);
    name[len] = '\0';
    if (eq) {
        char *end;
        *value = strtod(eq + 1, &end);
        if (end == eq + 1 || *end || !isfinite(*value))
            return bilim_error_set(err, BILIM_EUSAGE, "--fix %s: '%s' is not a number", name,
                                   eq + 1);
    }
    return BILIM_OK;
}

int bilim_compare_psa_apply_fixed(const bilim_compare_psa *p, bilim_scenario *sc, int n,
                                  bilim_error *err)
{
    for (int i = 0; i < p->fix.n; i++) {
        char name[BILIM_UNCERTAINTY_NAME_MAX];
        double v;
        int rc = split_fix(p->fix.v[i], name, sizeof name, &v, err);
        if (rc)
            return rc;
        if (isnan(v))
            continue;
        bilim_factor_target t;
        const bilim_param_info *info;
        if (bilim_factor_resolve(name, &t, &info))
            return bilim_error_set(err, BILIM_EUSAGE, "--fix %s=%g: only a parameter or a "
                                   "scenario factor takes a value", name, v);
        double lo, hi;
        bilim_factor_range(t, info, &lo, &hi);
        if (v < lo || v > hi)
            return bilim_error_set(err, BILIM_EUSAGE, "--fix %s=%g: outside the allowed range "
                                   "[%g, %g]", name, v, lo, hi);
        for (int s = 0; s < n; s++)
            bilim_factor_apply(t, info, v, &sc[s]);
    }
    return BILIM_OK;
}

/* One factor to be: a name, its written prior and where it comes from. */
typedef struct pending {
    char name[BILIM_UNCERTAINTY_NAME_MAX];
    bilim_prior_text prior;
    char source[BILIM_DESIGN_SOURCE_MAX];
} pending;

typedef struct plan {
    int n;
    pending item[BILIM_DESIGN_MAX_FACTORS];
    int use_posterior;
} plan;

/* Adds or replaces the factor name. */
static int plan_set(plan *pl, const char *name, const bilim_prior_text *t, const char *source,
                    bilim_error *err)
{
    int i = 0;
    while (i < pl->n && strcmp(pl->item[i].name, name) != 0)
        i++;
    if (i == pl->n) {
        if (pl->n >= BILIM_DESIGN_MAX_FACTORS)
            return bilim_error_set(err, BILIM_EUSAGE, "too many priors");
        pl->n++;
    }
    snprintf(pl->item[i].name, sizeof pl->item[i].name, "%s", name);
    pl->item[i].prior = *t;
    snprintf(pl->item[i].source, sizeof pl->item[i].source, "%s", source);
    return BILIM_OK;
}

/* Removes what `name` names: a factor, every factor of a group, the posterior. */
static int plan_fix(plan *pl, const char *name, bilim_error *err)
{
    if (strcmp(name, "posterior") == 0) {
        pl->use_posterior = 0;
        return BILIM_OK;
    }
    int kept = 0, removed = 0;
    for (int i = 0; i < pl->n; i++) {
        bilim_factor_target t;
        const bilim_param_info *info = NULL;
        bilim_factor_resolve(pl->item[i].name, &t, &info);
        const char *group = info ? info->group : "innovation";
        if (strcmp(pl->item[i].name, name) == 0 || strcmp(group, name) == 0 ||
            strcmp(name, "all") == 0)
            removed++;
        else
            pl->item[kept++] = pl->item[i];
    }
    pl->n = kept;
    bilim_factor_target t;
    const bilim_param_info *info;
    if (!removed && bilim_factor_resolve(name, &t, &info))
        return bilim_error_set(err, BILIM_EUSAGE, "--fix %s: not a parameter, a scenario factor, "
                               "a group of them (principal, teacher, turnover, diffusion, "
                               "resources, initial, innovation), 'all' or 'posterior'", name);
    return BILIM_OK;
}

static int build_plan(const bilim_compare_psa *p, const bilim_uncertainty *u, plan *pl,
                      bilim_error *err)
{
    size_t n;
    const bilim_param_prior *rows = bilim_param_priors_table(&n);
    pl->n = 0;
    pl->use_posterior = 1;
    int rc = BILIM_OK;
    for (size_t i = 0; i < n && !rc; i++)
        if (rows[i].prior.spec != BILIM_SPEC_FIXED)
            rc = plan_set(pl, rows[i].name, &rows[i].prior, rows[i].source, err);
    for (int i = 0; i < u->n_priors && !rc; i++)
        rc = plan_set(pl, u->priors[i].name, &u->priors[i].prior,
                      "the baseline scenario's \"uncertainty\"", err);
    for (int i = 0; i < p->prior.n && !rc; i++) {
        bilim_uncertainty_prior up;
        rc = bilim_uncertainty_parse_prior(p->prior.v[i], &up, err);
        if (!rc)
            rc = plan_set(pl, up.name, &up.prior, "the command line (--prior)", err);
    }
    for (int i = 0; i < u->n_fix && !rc; i++)
        rc = plan_fix(pl, u->fix[i], err);
    for (int i = 0; i < p->fix.n && !rc; i++) {
        char name[BILIM_UNCERTAINTY_NAME_MAX];
        double v;
        rc = split_fix(p->fix.v[i], name, sizeof name, &v, err);
        if (!rc)
            rc = plan_fix(pl, name, err);
    }
    return rc;
}

static int sampling_method(const char *s, bilim_design_sampling *out, bilim_error *err)
{
    if (!s || strcmp(s, "auto") == 0)
        *out = BILIM_SAMPLING_AUTO;
    else if (strcmp(s, "sobol") == 0)
        *out = BILIM_SAMPLING_SOBOL;
    else if (strcmp(s, "lhs") == 0)
        *out = BILIM_SAMPLING_LHS;
    else
        return bilim_error_set(err, BILIM_EUSAGE, "--sampling %s: expected auto, sobol or lhs", s);
    return BILIM_OK;
}

static int load_posterior(bilim_compare_psa *p, const bilim_uncertainty *u, int use,
                          bilim_error *err)
{
    p->posterior_path[0] = '\0';
    const char *path = p->posterior ? p->posterior : (u->posterior_file[0] ? u->posterior_file : NULL);
    if (!use || !path)
        return BILIM_OK;
    snprintf(p->posterior_path, sizeof p->posterior_path, "%s", path);
    bilim_particles parts;
    int rc = bilim_particles_load(path, &parts, err);
    if (!rc)
        rc = bilim_design_set_particles(&p->design, &parts, err);
    bilim_particles_clear(&parts);
    return rc;
}

int bilim_compare_psa_prepare(bilim_compare_psa *p, const char *baseline_path,
                              const bilim_scenario *sc, int n, int32_t population_schools,
                              bilim_error *err)
{
    bilim_design_sampling method = BILIM_SAMPLING_AUTO;
    int rc = sampling_method(p->sampling, &method, err);
    if (rc)
        return rc;
    bilim_uncertainty *u = bilim_malloc(sizeof *u);
    plan *pl = bilim_malloc(sizeof *pl);
    if (!u || !pl)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_uncertainty_load(baseline_path, u, err);
    if (!rc)
        rc = build_plan(p, u, pl, err);
    bilim_design_init(&p->design, sc[0].seed);
    if (!rc)
        rc = bilim_design_set_scenarios(&p->design, sc, n, err);
    if (!rc)
        rc = load_posterior(p, u, pl->use_posterior, err);
    for (int i = 0; !rc && i < pl->n; i++)
        rc = bilim_design_add_factor(&p->design, pl->item[i].name, &pl->item[i].prior,
                                     pl->item[i].source, err);
    if (!rc)
        rc = bilim_design_sample(&p->design, p->draws, method, err);
    p->extra_points = p->draw_replicates == 1 ? (p->draws / 20 > 25 ? p->draws / 20 : 25) : 0;
    if (p->extra_points > p->draws)
        p->extra_points = p->draws;
    if (!rc)
        rc = bilim_design_set_runs(&p->design, p->draw_replicates, p->extra_points, err);
    int32_t simulated = bilim_population_schools(&sc[0].population);
    p->population_scale = simulated > 0 && population_schools > simulated
                              ? (double)population_schools / simulated : 1.0;
    bilim_free(u);
    bilim_free(pl);
    return rc;
}

/* --- running ------------------------------------------------------------------ */

int bilim_compare_psa_run(bilim_compare_psa *p, int threads, int quiet, bilim_error *err)
{
    p->records = bilim_calloc(p->design.n_runs + 1, sizeof *p->records);
    if (!p->records)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory for %zu runs", p->design.n_runs);
    p->batch.command = "compare";
    p->batch.stage = "parameter draws";
    p->batch.threads = threads;
    p->batch.quiet = quiet;
    int rc = bilim_batch_run(&p->batch, &p->design, p->records, err);
    p->wall_seconds = p->batch.wall_seconds;
    if (rc || bilim_batch_is_worker())
        return rc;
    bilim_psa_settings s;
    bilim_psa_settings_defaults(&s);
    if (p->wtp > 0)
        s.wtp_ref = p->wtp;
    s.population_scale = p->population_scale;
    double t0 = bilim_clock_now();
    rc = bilim_psa_compute(&p->design, p->records, &s, &p->result, err);
    p->analysis_seconds = bilim_clock_now() - t0;
    return rc;
}

int bilim_compare_psa_write(const bilim_compare_psa *p, bilim_output *o, bilim_error *err)
{
    int rc = bilim_design_write(o, &p->design, p->records, err);
    if (!rc)
        rc = bilim_psa_write(o, &p->result, err);
    if (!rc && p->posterior_path[0])
        rc = bilim_output_attr_string(o, "/design", "posterior_file", p->posterior_path, err);
    const int32_t hf = p->design.particles.history_from;
    if (!rc && p->posterior_path[0] && hf != 0) {  /* every run first runs this history */
        char from[16];
        snprintf(from, sizeof from, "%04d-%02d", (int)(hf / 12), (int)(hf % 12 + 1));
        rc = bilim_output_attr_string(o, "/design", "posterior_history_from", from, err);
    }
    if (!rc)
        rc = bilim_output_attr_double(o, "/design", "wall_seconds", p->wall_seconds, err);
    /* What the command line changed, one item a line (the command itself is
     * in /comparison's "command"). */
    char fix[4096] = "", prior[4096] = "";
    for (int i = 0; i < p->fix.n; i++)
        snprintf(fix + strlen(fix), sizeof fix - strlen(fix), "%s\n", p->fix.v[i]);
    for (int i = 0; i < p->prior.n; i++)
        snprintf(prior + strlen(prior), sizeof prior - strlen(prior), "%s\n", p->prior.v[i]);
    if (!rc)
        rc = bilim_output_attr_string(o, "/design", "fix_command_line", fix, err);
    if (!rc)
        rc = bilim_output_attr_string(o, "/design", "prior_command_line", prior, err);
    return rc;
}
