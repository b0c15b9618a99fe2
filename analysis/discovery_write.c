/* analysis/discovery_write.c: scenario discovery into the result file and
 * CSV (see discovery_write.h). */
#include "analysis/discovery_write.h"

#include <math.h>
#include <string.h>
#include "analysis/csv.h"
#include "base/alloc.h"
#include "formats/output_columns.h"

#define GROUP "/comparison/uncertainty/discovery"
#define SENTENCE_MAX 2048

static int write_attrs(bilim_output *o, const bilim_discovery *dc, const char *top_name,
                       bilim_error *err)
{
    const bilim_prim_settings *s = &dc->settings;
    int rc = bilim_output_attr_string(o, GROUP, "method",
                                      "PRIM (Friedman & Fisher 1999) on the max_inputs inputs with the largest "
                                      "two-sample Kolmogorov-Smirnov statistic: peeling by the gain in "
                                      "density per case removed, the box of largest coverage "
                                      "with density >= threshold, pasting, then trimming "
                                      "restrictions whose quasi-p-value exceeds max_p; "
                                      "outcome: the competitor's effect (additional teachers in "
                                      "routine use) exceeds the top option's in the draw", err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "top_option", top_name,
                                      err);
    const char *keys[6] = {"p_top", "min_p_best", "peel_alpha", "paste_alpha", "mass_min",
                           "threshold"};
    const double vals[6] = {dc->p_top, dc->min_p_best, s->peel_alpha, s->paste_alpha,
                            s->mass_min, s->threshold};
    for (int i = 0; !rc && i < 6; i++)
        rc = bilim_output_attr_double(o, GROUP, keys[i], vals[i], err);
    if (!rc)
        rc = bilim_output_attr_double(o, GROUP, "max_p", s->max_p, err);
    if (!rc)
        rc = bilim_output_attr_int(o, GROUP, "max_inputs", s->max_inputs, err);
    if (!rc)
        rc = bilim_output_attr_double(o, GROUP, "coverage_slack", s->coverage_slack, err);
    return rc;
}

static int write_boxes(bilim_output *o, const bilim_discovery *dc, bilim_error *err)
{
    const size_t n = (size_t)dc->n_pairs;
    const char **s = bilim_calloc(3 * n, sizeof *s);
    double *v = bilim_calloc(8 * n, sizeof *v);
    char *text = bilim_calloc(n * SENTENCE_MAX, 1);
    int rc = (s && v && text) ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        const bilim_discovery_pair *p = &dc->pairs[i];
        bilim_discovery_sentence(dc, (int32_t)i, text + i * SENTENCE_MAX, SENTENCE_MAX);
        s[i] = p->winner_name;
        s[n + i] = p->against_name;
        s[2 * n + i] = text + i * SENTENCE_MAX;
        const double row[8] = {p->p_best, p->p_wins, p->prim.found, p->prim.box.mass,
                               p->prim.box.coverage, p->prim.box.density,
                               p->prim.box.restricted, p->prim.chosen_step};
        for (int c = 0; c < 8; c++)
            v[(size_t)c * n + i] = row[c];
    }
    const bilim_output_column cols[11] = {
        {"winner", BILIM_COLUMN_STR, s}, {"against", BILIM_COLUMN_STR, s + n},
        {"p_best", BILIM_COLUMN_F64, v}, {"p_wins", BILIM_COLUMN_F64, v + n},
        {"found", BILIM_COLUMN_F64, v + 2 * n}, {"mass", BILIM_COLUMN_F64, v + 3 * n},
        {"coverage", BILIM_COLUMN_F64, v + 4 * n}, {"density", BILIM_COLUMN_F64, v + 5 * n},
        {"restricted", BILIM_COLUMN_F64, v + 6 * n}, {"chosen_step", BILIM_COLUMN_F64, v + 7 * n},
        {"sentence", BILIM_COLUMN_STR, s + 2 * n}};
    if (!rc)
        rc = bilim_output_write_columns(o, GROUP "/boxes", n, 11, cols, err);
    bilim_free(s);
    bilim_free(v);
    bilim_free(text);
    return rc;
}

static int write_arrays(bilim_output *o, const bilim_discovery *dc, const char **labels,
                        bilim_error *err)
{
    const size_t n = (size_t)dc->n_pairs, P = (size_t)dc->n_inputs;
    size_t steps = 1;
    for (size_t i = 0; i < n; i++)
        if ((size_t)dc->pairs[i].prim.n_steps > steps)
            steps = (size_t)dc->pairs[i].prim.n_steps;
    double *lim = bilim_malloc(n * P * 2 * sizeof *lim);
    double *tr = bilim_malloc(n * steps * 4 * sizeof *tr);
    if (!lim || !tr) {
        bilim_free(lim);
        bilim_free(tr);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const bilim_prim_result *r = &dc->pairs[i].prim;
        for (size_t j = 0; j < P; j++) {
            lim[(i * P + j) * 2] = r->lo[j] > r->data_lo[j] ? r->lo[j] : NAN;
            lim[(i * P + j) * 2 + 1] = r->hi[j] < r->data_hi[j] ? r->hi[j] : NAN;
        }
        for (size_t k = 0; k < steps; k++) {
            double *t = tr + (i * steps + k) * 4;
            int have = k < (size_t)r->n_steps;
            const bilim_prim_step *st = have ? &r->trajectory[k] : NULL;
            t[0] = have ? st->mass : NAN;
            t[1] = have ? st->coverage : NAN;
            t[2] = have ? st->density : NAN;
            t[3] = have ? st->restricted : NAN;
        }
    }
    static const char *const bounds[2] = {"lower", "upper"};
    static const char *const stats[4] = {"mass", "coverage", "density", "restricted"};
    size_t d1[3] = {n, P, 2}, d2[3] = {n, steps, 4};
    bilim_output_axis_spec a1[3] = {{"pair", labels, NULL}, {"input", dc->inputs, NULL},
                                    {"bound", bounds, NULL}};
    bilim_output_axis_spec a2[3] = {{"pair", labels, NULL}, {"step", NULL, NULL},
                                    {"stat", stats, NULL}};
    int rc = bilim_output_write_array_axes(o, GROUP "/limits", 3, d1, lim, a1, err);
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/trajectory", 3, d2, tr, a2, err);
    bilim_free(lim);
    bilim_free(tr);
    return rc;
}

int bilim_discovery_write(bilim_output *o, const bilim_discovery *dc, const char *top_name,
                          bilim_error *err)
{
    int rc = write_attrs(o, dc, top_name, err);
    if (rc || dc->n_pairs == 0)
        return rc;
    /* pair labels "winner > against" */
    const size_t n = (size_t)dc->n_pairs;
    char *buf = bilim_calloc(n, 2 * BILIM_NAME_MAX + 4);
    const char **labels = bilim_calloc(n, sizeof *labels);
    if (!buf || !labels)
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        char *l = buf + i * (2 * BILIM_NAME_MAX + 4);
        snprintf(l, 2 * BILIM_NAME_MAX + 4, "%s > %s", dc->pairs[i].winner_name,
                 dc->pairs[i].against_name);
        labels[i] = l;
    }
    if (!rc)
        rc = write_boxes(o, dc, err);
    if (!rc)
        rc = write_arrays(o, dc, labels, err);
    bilim_free(buf);
    bilim_free(labels);
    return rc;
}

void bilim_discovery_csv(FILE *f, const bilim_discovery *dc)
{
    fputs("winner,against,p_best,p_wins,found,mass,coverage,density,input,description,lower,"
          "upper,sentence\n", f);
    char text[SENTENCE_MAX];
    for (int32_t i = 0; i < dc->n_pairs; i++) {
        const bilim_discovery_pair *p = &dc->pairs[i];
        const bilim_prim_result *r = &p->prim;
        bilim_discovery_sentence(dc, i, text, sizeof text);
        for (int32_t j = -1; j < dc->n_inputs; j++) {
            if ((j < 0 && r->box.restricted > 0) || (j >= 0 && !r->restricted[j]))
                continue;
            bilim_csv_string(f, p->winner_name);
            bilim_csv_next_string(f, p->against_name);
            bilim_csv_next_number(f, p->p_best);
            bilim_csv_next_number(f, p->p_wins);
            fprintf(f, ",%d", r->found);
            bilim_csv_next_number(f, r->box.mass);
            bilim_csv_next_number(f, r->box.coverage);
            bilim_csv_next_number(f, r->box.density);
            bilim_csv_next_string(f, j >= 0 ? dc->inputs[j] : "");
            bilim_csv_next_string(f, j >= 0 && dc->descriptions[j] ? dc->descriptions[j] : "");
            bilim_csv_next_number(f, j >= 0 && r->lo[j] > r->data_lo[j] ? r->lo[j] : NAN);
            bilim_csv_next_number(f, j >= 0 && r->hi[j] < r->data_hi[j] ? r->hi[j] : NAN);
            bilim_csv_next_string(f, text);
            fputc('\n', f);
        }
    }
}
