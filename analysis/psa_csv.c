/* analysis/psa_csv.c: the analysis under uncertainty as CSV files (see
 * psa_write.h; RFC 4180 as analysis/csv.h: empty cell = not defined). */
#include "analysis/psa_write.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "analysis/csv.h"
#include "analysis/discovery_write.h"
#include "formats/design_write.h"

typedef struct psa_csv {
    const bilim_design *d;
    const bilim_design_record *rec;
    const bilim_psa_result *r;
} psa_csv;


void bilim_psa_csv_runs(FILE *f, const bilim_design *d, const bilim_design_record *rec)
{
    const int32_t C = d->particles.n > 0 ? d->particles.n_columns : 0;
    fputs("run,point,particle,scenario,replicate,seed", f);
    for (int32_t k = 0; k < d->n_factors; k++)
        bilim_csv_next_string(f, d->factors[k].name);
    for (int32_t k = 0; k < C; k++)
        bilim_csv_next_string(f, d->particles.columns[k]->name);
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        bilim_csv_next_string(f, bilim_design_output_name((bilim_design_output)k));
    fputc('\n', f);
    for (size_t i = 0; i < d->n_runs; i++) {
        const bilim_design_run *r = &d->runs[i];
        int32_t part = d->particle[r->point];
        fprintf(f, "%zu,%d,%d", i, (int)r->point, (int)part);
        bilim_csv_next_string(f, d->scenarios[r->scenario].name);
        fprintf(f, ",%d,%llu", (int)r->replicate, (unsigned long long)d->seeds[r->point]);
        for (int32_t k = 0; k < d->n_factors; k++)
            bilim_csv_next_number(
                f, d->values[(size_t)r->point * (size_t)d->n_factors + (size_t)k]);
        for (int32_t k = 0; k < C; k++)
            bilim_csv_next_number(
                f, part >= 0 ? d->particles.theta[(size_t)part * (size_t)C + (size_t)k] : NAN);
        for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
            bilim_csv_next_number(f, rec[i].v[k]);
        fputc('\n', f);
    }
}

static void write_runs(const void *arg, FILE *f)
{
    const psa_csv *c = arg;
    bilim_psa_csv_runs(f, c->d, c->rec);
}

static void write_factors(const void *arg, FILE *f)
{
    const bilim_design *d = ((const psa_csv *)arg)->d;
    fputs("name,target,group,distribution,p1,p2,lower,upper,mean,sd,baseline_value,source\n", f);
    for (int32_t k = 0; k < d->n_factors; k++) {
        const bilim_design_factor *fa = &d->factors[k];
        double mean, sd;
        bilim_prior_moments(&fa->prior, &mean, &sd);
        bilim_csv_string(f, fa->name);
        bilim_csv_next_string(f, bilim_design_target_kind(fa));
        bilim_csv_next_string(f, fa->group);
        bilim_csv_next_string(f, bilim_prior_kind_name(fa->prior.kind));
        bilim_csv_next_number(f, fa->prior.p1);
        bilim_csv_next_number(f, fa->prior.p2);
        bilim_csv_next_number(f, fa->prior.lower);
        bilim_csv_next_number(f, fa->prior.upper);
        bilim_csv_next_number(f, mean);
        bilim_csv_next_number(f, sd);
        bilim_csv_next_number(f, bilim_factor_base_value(fa->target, fa->param, &d->scenarios[0]));
        bilim_csv_next_string(f, fa->source);
        fputc('\n', f);
    }
}

static void write_effects(const void *arg, FILE *f)
{
    const bilim_psa_result *r = ((const psa_csv *)arg)->r;
    fputs("option,baseline,metric,unit", f);
    for (int s = 0; s < BILIM_PSA_N_STATS; s++)
        bilim_csv_next_string(f, bilim_psa_stat_name((bilim_psa_stat)s));
    fputs(",draws\n", f);
    for (int32_t k = 1; k <= r->n_options; k++)
        for (int m = 0; m < BILIM_PSA_N_METRICS; m++) {
            bilim_csv_string(f, r->names[k]);
            bilim_csv_next_string(f, r->names[0]);
            bilim_csv_next_string(f, bilim_psa_metric_name((bilim_psa_metric)m));
            bilim_csv_next_string(f, bilim_psa_metric_unit((bilim_psa_metric)m));
            for (int s = 0; s < BILIM_PSA_N_STATS; s++)
                bilim_csv_next_number(
                    f, bilim_psa_summary(r, k, (bilim_psa_metric)m, (bilim_psa_stat)s));
            fprintf(f, ",%d\n", (int)r->n_draws);
        }
}

static void write_ranks(const void *arg, FILE *f)
{
    const bilim_psa_result *r = ((const psa_csv *)arg)->r;
    fputs("ranking,scenario,rank,probability\n", f);
    for (int32_t k = 0; k < r->n_options; k++)
        for (int32_t j = 0; j < r->n_options; j++) {
            fputs("effect", f);
            bilim_csv_next_string(f, r->names[k + 1]);
            fprintf(f, ",%d", (int)j + 1);
            bilim_csv_next_number(
                f, r->rank_probability[(size_t)k * (size_t)r->n_options + (size_t)j]);
            fputc('\n', f);
        }
    for (int32_t k = 0; k < r->n_scenarios; k++)
        for (int32_t j = 0; j < r->n_scenarios; j++) {
            fputs("net_benefit", f);
            bilim_csv_next_string(f, r->names[k]);
            fprintf(f, ",%d", (int)j + 1);
            bilim_csv_next_number(
                f, r->rank_probability_nb[(size_t)k * (size_t)r->n_scenarios + (size_t)j]);
            fputc('\n', f);
        }
}

static void write_ceac(const void *arg, FILE *f)
{
    const bilim_psa_result *r = ((const psa_csv *)arg)->r;
    fputs("wtp_kzt,optimal_option,evpi_kzt", f);
    for (int32_t k = 0; k < r->n_scenarios; k++)
        bilim_csv_next_string(f, r->names[k]);
    fputc('\n', f);
    for (size_t w = 0; w < r->n_wtp; w++) {
        bilim_csv_number(f, r->wtp[w]);
        bilim_csv_next_string(f, r->names[r->best[w]]);
        bilim_csv_next_number(f, r->evpi[w]);
        for (int32_t k = 0; k < r->n_scenarios; k++)
            bilim_csv_next_number(f, r->ceac[w * (size_t)r->n_scenarios + (size_t)k]);
        fputc('\n', f);
    }
}

static void write_evppi(const void *arg, FILE *f)
{
    const bilim_psa_result *r = ((const psa_csv *)arg)->r;
    fputs("name,kind,columns,evppi_kzt,evppi_simulated_kzt,wtp_kzt,note\n", f);
    for (size_t i = 0; i < r->n_evppi; i++) {
        const bilim_psa_evppi_item *it = &r->evppi[i];
        bilim_csv_string(f, it->name);
        bilim_csv_next_string(f, it->kind);
        fprintf(f, ",%d", it->n_columns);
        bilim_csv_next_number(f, it->value);
        bilim_csv_next_number(f, it->value_sample);
        bilim_csv_next_number(f, r->settings.wtp_ref);
        bilim_csv_next_string(f, it->note);
        fputc('\n', f);
    }
}

static void write_frontier(const void *arg, FILE *f)
{
    const bilim_psa_result *r = ((const psa_csv *)arg)->r;
    fputs("scenario,mean_additional_teachers,mean_cost_kzt,status,compared_with,"
          "icer_kzt_per_teacher\n", f);
    for (int32_t k = 0; k < r->n_scenarios; k++) {
        const bilim_frontier_row *fr = &r->frontier[k];
        bilim_csv_string(f, r->names[k]);
        bilim_csv_next_number(f, fr->effect);
        bilim_csv_next_number(f, fr->cost);
        bilim_csv_next_string(f, bilim_frontier_status_name(fr->status));
        bilim_csv_next_string(f, fr->comparator >= 0 ? r->names[fr->comparator] : "");
        bilim_csv_next_number(f, fr->icer);
        fputc('\n', f);
    }
}

static void write_discovery(const void *arg, FILE *f)
{
    bilim_discovery_csv(f, &((const psa_csv *)arg)->r->discovery);
}

typedef void (*psa_writer_fn)(const void *arg, FILE *f);

static const struct {
    const char *name;
    psa_writer_fn fn;
} files[] = {
    {"runs.csv", write_runs}, {"factors.csv", write_factors},
    {"uncertainty_effects.csv", write_effects}, {"rank_probability.csv", write_ranks},
    {"ceac.csv", write_ceac}, {"evppi.csv", write_evppi}, {"frontier.csv", write_frontier},
    {"discovery.csv", write_discovery},
};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

int bilim_psa_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err)
{
    const char *names[N_FILES];
    for (int k = 0; k < N_FILES; k++)
        names[k] = files[k].name;
    return bilim_csv_declare_files(set, dir, names, N_FILES, first, err);
}

int bilim_psa_csv_write_set(bilim_outset *set, int first, const bilim_design *d,
                            const bilim_design_record *records, const bilim_psa_result *r,
                            bilim_error *err)
{
    psa_csv c = {d, records, r};
    for (int k = 0; k < N_FILES; k++) {
        FILE *f = bilim_outset_stream(set, first + k, err);
        if (!f)
            return err ? err->code : BILIM_EIO;
        files[k].fn(&c, f);
    }
    return BILIM_OK;
}
