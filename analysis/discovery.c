/* analysis/discovery.c: which competitor wins where (see discovery.h). */
#include "analysis/discovery.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "base/text.h"

void bilim_discovery_clear(bilim_discovery *dc)
{
    for (int32_t i = 0; i < dc->n_pairs; i++)
        bilim_prim_result_clear(&dc->pairs[i].prim);
    bilim_free(dc->pairs);
    bilim_free(dc->inputs);
    bilim_free(dc->descriptions);
    memset(dc, 0, sizeof *dc);
    dc->top = -1;
}

/* The inputs: the factors, then the posterior columns when every draw has
 * a particle. Fills x[draw][input] when x is not NULL. */
static int32_t inputs(const bilim_design *d, double *x, const char **names, const char **desc)
{
    int with_particles = d->particles.n > 0;
    for (int32_t p = 0; p < d->n_points && with_particles; p++)
        with_particles = d->particle[p] >= 0;
    int32_t C = with_particles ? d->particles.n_columns : 0, F = d->n_factors, P = F + C;
    for (int32_t j = 0; names && j < F; j++) {
        names[j] = d->factors[j].name;
        desc[j] = d->factors[j].param ? d->factors[j].param->description
                  : d->factors[j].target == BILIM_TARGET_INNOVATION_P_SCALE
                      ? "scale of every innovation's external adoption rate p"
                      : "scale of every innovation's imitation rate q";
    }
    for (int32_t j = 0; names && j < C; j++) {
        names[F + j] = d->particles.columns[j]->name;
        desc[F + j] = d->particles.columns[j]->description;
    }
    for (int32_t p = 0; x && p < d->n_points; p++) {
        for (int32_t j = 0; j < F; j++)
            x[(size_t)p * (size_t)P + (size_t)j] = d->values[(size_t)p * (size_t)F + (size_t)j];
        for (int32_t j = 0; j < C; j++)
            x[(size_t)p * (size_t)P + (size_t)(F + j)] =
                d->particles.theta[(size_t)d->particle[p] * (size_t)C + (size_t)j];
    }
    return P;
}

int bilim_discovery_compute(const bilim_design *d, const double *effect, int32_t n_draws,
                            int32_t S, const double *p_first, double min_p_best,
                            bilim_discovery *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    out->top = -1;
    out->min_p_best = min_p_best;
    bilim_prim_settings_defaults(&out->settings);
    out->settings.max_inputs = BILIM_DISCOVERY_SCREENED;
    if (n_draws != d->n_points)
        return bilim_error_set(err, BILIM_EINVAL, "discovery: %d draws but %d design points",
                               (int)n_draws, (int)d->n_points);
    if (S < 2)
        return BILIM_OK;
    out->top = 1;
    for (int32_t k = 2; k < S; k++)
        if (p_first[k - 1] > p_first[out->top - 1])
            out->top = k;
    out->p_top = p_first[out->top - 1];
    int32_t P = inputs(d, NULL, NULL, NULL);
    if (P == 0 || S < 3)
        return BILIM_OK;
    double *x = bilim_malloc((size_t)n_draws * (size_t)P * sizeof *x);
    double *y = bilim_malloc((size_t)n_draws * sizeof *y);
    out->inputs = bilim_calloc((size_t)P, sizeof *out->inputs);
    out->descriptions = bilim_calloc((size_t)P, sizeof *out->descriptions);
    out->pairs = bilim_calloc((size_t)S, sizeof *out->pairs);
    int rc = (x && y && out->inputs && out->descriptions && out->pairs)
                 ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        out->n_inputs = inputs(d, x, out->inputs, out->descriptions);
    for (int32_t k = 1; !rc && k < S; k++) {
        if (k == out->top || !(p_first[k - 1] > min_p_best))
            continue;
        bilim_discovery_pair *pr = &out->pairs[out->n_pairs];
        pr->winner = k;
        pr->against = out->top;
        memcpy(pr->winner_name, d->scenarios[k].name, BILIM_NAME_MAX);
        memcpy(pr->against_name, d->scenarios[out->top].name, BILIM_NAME_MAX);
        pr->p_best = p_first[k - 1];
        double wins = 0.0;
        for (int32_t i = 0; i < n_draws; i++) {
            const double *e = effect + (size_t)i * (size_t)S;
            y[i] = e[k] > e[out->top];
            wins += y[i];
        }
        pr->p_wins = wins / n_draws;
        rc = bilim_prim_run(x, (size_t)n_draws, P, y, &out->settings, &pr->prim, err);
        if (!rc)
            out->n_pairs++;
    }
    bilim_free(x);
    bilim_free(y);
    if (rc)
        bilim_discovery_clear(out);
    return rc;
}

static void add_conditions(const bilim_discovery *dc, const bilim_prim_result *r, char *buf,
                           size_t n, size_t *len)
{
    int32_t said = 0, total = 0;
    for (int32_t j = 0; j < r->n_inputs; j++)
        total += r->restricted[j];
    for (int32_t j = 0; j < r->n_inputs; j++) {
        if (!r->restricted[j])
            continue;
        bilim_text_appendf(buf, n, len, "%s", said == 0 ? "" : said == total - 1 ? " and " : ", ");
        const char *desc = dc->descriptions[j];
        int dl = desc ? (int)strlen(desc) : 0;
        dl -= dl > 0 && desc[dl - 1] == '.'; /* the table's descriptions end with a stop */
        if (desc)
            bilim_text_appendf(buf, n, len, "%c%.*s (%s)", tolower((unsigned char)desc[0]), dl - 1,
                               desc + 1, dc->inputs[j]);
        else
            bilim_text_appendf(buf, n, len, "%s", dc->inputs[j]);
        int has_lo = r->lo[j] > r->data_lo[j], has_hi = r->hi[j] < r->data_hi[j];
        if (has_lo && has_hi)
            bilim_text_appendf(buf, n, len, " is between %.3g and %.3g", r->lo[j], r->hi[j]);
        else if (has_lo)
            bilim_text_appendf(buf, n, len, " is above %.3g", r->lo[j]);
        else
            bilim_text_appendf(buf, n, len, " is below %.3g", r->hi[j]);
        said++;
    }
}

void bilim_discovery_sentence(const bilim_discovery *dc, int32_t i, char *buf, size_t n)
{
    const bilim_discovery_pair *pr = &dc->pairs[i];
    const bilim_prim_result *r = &pr->prim;
    size_t len = 0;
    buf[0] = '\0';
    bilim_text_appendf(buf, n, &len, "%s has a larger effect than %s in %.0f%% of draws",
                       pr->winner_name, pr->against_name, 100.0 * pr->p_wins);
    int32_t restricted = r->box.restricted;
    if (!r->found || restricted == 0) {
        bilim_text_appendf(buf, n, &len, r->found ? ", whatever the uncertain parameters." :
            "; no simple condition on the uncertain parameters singles those draws out (the "
            "best box found has %.0f%% wins, too few to call it a condition).",
            100.0 * r->box.density);
        return;
    }
    bilim_text_appendf(buf, n, &len, ". It wins when ");
    add_conditions(dc, r, buf, n, &len);
    bilim_text_appendf(buf, n, &len, ", which holds in %.0f%% of draws; there it wins in %.0f%% "
        "of draws, and these conditions account for %.0f%% of all its wins.", 100.0 * r->box.mass,
        100.0 * r->box.density, 100.0 * r->box.coverage);
}
