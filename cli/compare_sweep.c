/* cli/compare_sweep.c: sweeps expanded into options (see compare_sweep.h). */
#include "cli/compare_sweep.h"

#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/diags.h"
#include "formats/scenario_load.h"
#include "formats/sweep.h"

static int load_one(const char *path, const bilim_scenario *sc, bilim_sweep *s, bilim_error *err)
{
    bilim_diags *d = bilim_diags_alloc();
    if (!d)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = bilim_sweep_load(path, sc, s, d);
    if (rc && bilim_diags_count(d) > 0) {
        bilim_diags_print(d, stderr);
        bilim_error_set(err, rc, "%s: %d error%s above in \"sweep\"; nothing was run", path,
                        bilim_diags_count(d), bilim_diags_count(d) == 1 ? "" : "s");
    } else if (rc) {
        bilim_error_set(err, rc, "%s: cannot read the sweep", path);
    }
    bilim_diags_free(d);
    return rc;
}

/* Replaces option i by its s->steps levels. */
static int expand_one(bilim_scenario **sc, char **json, const char **paths, int *n, int i,
                      const bilim_sweep *s, bilim_sweep_curve *c, bilim_error *err)
{
    int add = s->steps - 1;
    bilim_scenario *grown = bilim_realloc(*sc, (size_t)(*n + add) * sizeof *grown);
    if (!grown)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    *sc = grown;
    memmove(grown + i + s->steps, grown + i + 1, (size_t)(*n - i - 1) * sizeof *grown);
    memmove(json + i + s->steps, json + i + 1, (size_t)(*n - i - 1) * sizeof *json);
    memmove(paths + i + s->steps, paths + i + 1, (size_t)(*n - i - 1) * sizeof *paths);
    bilim_scenario base = grown[i];
    bilim_free(json[i]);
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", base.name);
    snprintf(c->intervention, sizeof c->intervention, "%s", s->intervention);
    snprintf(c->field, sizeof c->field, "%s", s->field);
    c->n = s->steps;
    int rc = BILIM_OK;
    for (int32_t k = 0; k < s->steps; k++) {
        json[i + k] = NULL;
        paths[i + k] = paths[i];
    }
    *n += add;
    for (int32_t k = 0; !rc && k < s->steps; k++) {
        rc = bilim_sweep_apply(s, k, &base, &grown[i + k], err);
        if (!rc && !(json[i + k] = bilim_scenario_to_json(&grown[i + k], NULL)))
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        c->level[k] = s->levels[k];
        snprintf(c->scenario[k], BILIM_NAME_MAX, "%s", grown[i + k].name);
    }
    return rc;
}

int bilim_compare_sweep_expand(bilim_scenario **sc, char **json, const char **paths, int *n,
                               int max, bilim_sweep_curve *curves, int *n_curves,
                               bilim_error *err)
{
    *n_curves = 0;
    for (int i = 1; i < *n; i++) {
        bilim_sweep s;
        int rc = load_one(paths[i], &(*sc)[i], &s, err);
        if (rc)
            return rc;
        if (s.steps == 0)
            continue;
        if (*n_curves == BILIM_SWEEP_MAX_CURVES || *n + s.steps - 1 > max)
            return bilim_error_set(err, BILIM_EUSAGE, "%s: the sweep of %d levels makes more "
                                   "than %d scenarios (or more than %d sweeps); use fewer steps "
                                   "or options", paths[i], (int)s.steps, max,
                                   BILIM_SWEEP_MAX_CURVES);
        rc = expand_one(sc, json, paths, n, i, &s, &curves[*n_curves], err);
        if (rc)
            return rc;
        (*n_curves)++;
        i += s.steps - 1;
    }
    return BILIM_OK;
}
