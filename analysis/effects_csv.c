/* analysis/effects_csv.c: `bilim effects --csv DIR` (analysis/effects.h):
 * effects.csv, one row per trial, and factorials.csv, one row per pair and
 * quantity; the conventions of analysis/csv.h (an undefined value is an
 * empty cell). */
#include <math.h>
#include <stdio.h>
#include "analysis/csv.h"
#include "analysis/effects.h"
#include "base/outset.h"


static void write_trials(const void *arg, FILE *f)
{
    const bilim_effects_result *r = arg;
    fputs("trial,type,outcome,unit,effect_sd,ci_low,ci_high,target_sd,bound_low,bound_high,"
          "in_bound,sd,treated_share,replicates,schools,parameter,literature,source,design\n",
          f);
    for (int32_t i = 0; i < r->n_rows; i++) {
        const bilim_effects_row *row = &r->rows[i];
        const bilim_effects_trial *t = row->trial;
        bilim_csv_string(f, t->name);
        bilim_csv_next_string(f, bilim_iv_type_name(t->type));
        bilim_csv_next_string(f, bilim_model_unit_name(t->outcome));
        bilim_csv_next_string(f, t->achievement ? "student achievement SD (from practice)"
                                    : (t->sd == BILIM_EFFECTS_SD_MONTH0
                                           ? "SD at month 0"
                                           : "SD of the comparison arm"));
        bilim_csv_next_number(f, row->effect.mean);
        bilim_csv_next_number(f, row->effect.low);
        bilim_csv_next_number(f, row->effect.high);
        bilim_csv_next_number(f, t->target);
        bilim_csv_next_number(f, t->low);
        bilim_csv_next_number(f, t->high);
        bilim_csv_next_string(f, row->in_bound < 0 ? "" : (row->in_bound ? "yes" : "no"));
        bilim_csv_next_number(f, row->sd);
        bilim_csv_next_number(f, row->treated);
        bilim_csv_next_number(f, r->replicates);
        bilim_csv_next_number(f, r->schools);
        bilim_csv_next_string(f, t->parameter);
        bilim_csv_next_string(f, t->literature);
        bilim_csv_next_string(f, t->source);
        bilim_csv_next_string(f, t->design);
        fputc('\n', f);
    }
}

static void write_facts(const void *arg, FILE *f)
{
    const bilim_effects_result *r = arg;
    fputs("pair,a,b,month,quantity,mean,ci_low,ci_high,replicates\n", f);
    for (int32_t i = 0; i < r->n_facts; i++) {
        const bilim_effects_fact *x = &r->facts[i];
        const struct {
            const char *name;
            const bilim_interval *v;
        } q[] = {{"effect_a_sd", &x->a}, {"effect_b_sd", &x->b}, {"effect_ab_sd", &x->ab},
                 {"interaction_sd", &x->interaction}, {"ratio", &x->ratio}};
        for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
            bilim_csv_string(f, x->pair->name);
            bilim_csv_next_string(f, x->pair->a);
            bilim_csv_next_string(f, x->pair->b);
            bilim_csv_next_number(f, x->pair->month);
            bilim_csv_next_string(f, q[k].name);
            bilim_csv_next_number(f, q[k].v->mean);
            bilim_csv_next_number(f, q[k].v->low);
            bilim_csv_next_number(f, q[k].v->high);
            bilim_csv_next_number(f, r->replicates);
            fputc('\n', f);
        }
    }
}

int bilim_effects_write_csv(const bilim_effects_result *r, const char *dir, bilim_error *err)
{
    bilim_outset *set = bilim_outset_alloc();
    if (!set)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    char path[2][4096];
    snprintf(path[0], sizeof path[0], "%s/effects.csv", dir);
    snprintf(path[1], sizeof path[1], "%s/factorials.csv", dir);
    int idx[2] = {0, 1};
    int rc = bilim_outset_folder(set, dir, "--csv", err);
    for (int i = 0; i < 2 && !rc; i++)
        rc = bilim_outset_file(set, path[i], "--csv", 0, &idx[i], err);
    if (!rc)
        rc = bilim_outset_open(set, err);
    FILE *f = NULL;
    if (!rc && (f = bilim_outset_stream(set, idx[0], err)) == NULL)
        rc = err->code ? err->code : BILIM_EIO;
    if (!rc)
        write_trials(r, f);
    if (!rc && (f = bilim_outset_stream(set, idx[1], err)) == NULL)
        rc = err->code ? err->code : BILIM_EIO;
    if (!rc)
        write_facts(r, f);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}
