/* formats/sweep.c: the "sweep" object of an option's file (see sweep.h). */
#include "formats/sweep.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "formats/fields.h"
#include "formats/scenario_internal.h"
#include "models/interventions.h"

#define MAX_KEYS 48

/* The numeric keys of an intervention of type t: the common ones, then the
 * type's. rows[i] is the row of names[i]; names is NULL-terminated. */
static int numeric_keys(bilim_iv_type t, const char **names, const bilim_field **rows)
{
    const bilim_field_table *tables[2] = {&bilim__scenario_iv_common, &bilim__scenario_iv_types[t]};
    int n = 0;
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < tables[k]->n && n < MAX_KEYS - 1; i++) {
            const bilim_field *f = &tables[k]->fields[i];
            if (f->kind == BILIM_FIELD_INT || f->kind == BILIM_FIELD_REAL) {
                rows[n] = f;
                names[n++] = f->key;
            }
        }
    names[n] = NULL;
    return n;
}

static int field_row(const bilim_sweep *s, const bilim_intervention *iv, const bilim_field **row)
{
    const char *names[MAX_KEYS];
    const bilim_field *rows[MAX_KEYS];
    int n = numeric_keys(iv->type, names, rows);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s->field) == 0) {
            *row = rows[i];
            return 0;
        }
    return -1;
}

static void set_value(bilim_intervention *iv, const bilim_field *f, double v)
{
    char *dst = (char *)iv + f->offset;
    if (f->kind == BILIM_FIELD_INT) {
        int32_t x = (int32_t)v;
        memcpy(dst, &x, sizeof x);
    } else {
        memcpy(dst, &v, sizeof v);
    }
}

static int inside(const bilim_field *f, double v)
{
    double lo, hi;
    bilim_fields_bounds(f, &lo, &hi);
    return (f->min_open ? v > lo : v >= lo) && (f->max_open ? v < hi : v <= hi);
}

/* The levels, and the checks that need them. */
static void levels(bilim_fields *c, const bilim_json *obj, const bilim_scenario *sc, int k,
                   const bilim_field *f, bilim_sweep *s)
{
    if (s->scale == 1 && !(s->from > 0 && s->to > 0)) {
        bilim_fields_error(c, obj, NULL, "sweep.scale", "\"log\" needs from and to above 0 "
                           "(found %g and %g); use \"linear\" or positive levels", s->from, s->to);
        return;
    }
    char allowed[200];
    const char *ends[2] = {"from", "to"};
    for (int e = 0; e < 2; e++) {
        double v = e ? s->to : s->from;
        if (!inside(f, v)) {
            char path[64];
            snprintf(path, sizeof path, "sweep.%s", ends[e]);
            const bilim_json *node = bilim_json_get(obj, ends[e]);
            bilim_fields_error(c, node ? node : obj, NULL, path, "%g is outside the range of "
                               "%s; expected %s", v, s->field,
                               bilim_fields_allowed(f, allowed, sizeof allowed));
            return;
        }
    }
    s->is_int = f->kind == BILIM_FIELD_INT;
    for (int32_t i = 0; i < s->steps; i++) {
        double t = (double)i / (double)(s->steps - 1);
        double v = s->scale == 1 ? exp(log(s->from) + t * (log(s->to) - log(s->from)))
                                 : s->from + t * (s->to - s->from);
        if (i == s->steps - 1)
            v = s->to; /* exactly the end the file gives */
        s->levels[i] = s->is_int ? floor(v + 0.5) : v;
        if (i > 0 && s->levels[i] == s->levels[i - 1]) {
            bilim_fields_error(c, bilim_json_get(obj, "steps"), NULL, "sweep.steps",
                               "%d steps from %g to %g give the level %g twice (%s takes whole "
                               "numbers); use fewer steps", (int)s->steps, s->from, s->to,
                               s->levels[i], s->field);
            return;
        }
        bilim_intervention iv = sc->interventions[k];
        set_value(&iv, f, s->levels[i]);
        if (!bilim_interventions_budget_buys_a_unit(&iv, sc)) {
            bilim_fields_error(c, obj, NULL, "sweep", "at level %g of %s, the budget of "
                               "\"%s\" does not buy one unit (%g KZT); start the sweep higher",
                               s->levels[i], s->field, iv.name, iv.unit_cost_kzt);
            return;
        }
    }
}

static void read_sweep(bilim_fields *c, const bilim_json *obj, const bilim_scenario *sc,
                       bilim_sweep *s)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    int errors0 = c->errors;
    if (!bilim_fields_read_object(c, obj, "sweep", &bilim__scenario_sweep, s, g))
        return;
    const char *ivs[BILIM_MAX_INTERVENTIONS + 1];
    for (int i = 0; i < sc->n_interventions; i++)
        ivs[i] = sc->interventions[i].name;
    ivs[sc->n_interventions] = NULL;
    if (sc->n_interventions == 0) {
        bilim_fields_error(c, obj, NULL, "sweep", "the scenario has no intervention to sweep");
        return;
    }
    const bilim_json *iv = bilim_fields_given(&bilim__scenario_sweep, g, "intervention");
    int k = iv ? bilim_fields_read_name(c, iv, "sweep.intervention", ivs) : -1;
    if (k < 0)
        return;
    const char *names[MAX_KEYS];
    const bilim_field *rows[MAX_KEYS];
    numeric_keys(sc->interventions[k].type, names, rows);
    const bilim_json *fv = bilim_fields_given(&bilim__scenario_sweep, g, "field");
    int i = fv ? bilim_fields_read_name(c, fv, "sweep.field", names) : -1;
    if (i < 0 || c->errors > errors0) /* the levels need every key right */
        return;
    snprintf(s->field, sizeof s->field, "%s", names[i]);
    levels(c, obj, sc, k, rows[i], s);
}

/* The sweep of the parsed file root (NULL: it could not be read; io: not
 * at all), checked against sc; c's counts give the result. */
static int sweep_of(bilim_fields *c, const bilim_json *root, int io, const bilim_scenario *sc,
                    bilim_sweep *s)
{
    const bilim_json *obj = root && root->type == BILIM_JSON_OBJECT
                                ? bilim_json_get(root, "sweep") : NULL;
    if (obj)
        read_sweep(c, obj, sc, s);
    int rc = io ? BILIM_EIO : c->nomem ? BILIM_ENOMEM : c->errors ? BILIM_EINVAL : BILIM_OK;
    if (rc || !obj)
        s->steps = 0;
    bilim_fields_clear(c);
    return rc;
}

int bilim_sweep_load(const char *path, const bilim_scenario *sc, bilim_sweep *s,
                     bilim_diags *diags)
{
    memset(s, 0, sizeof *s);
    bilim_fields c;
    if (bilim_fields_init(&c, diags))
        return BILIM_ENOMEM;
    int io = 0;
    bilim_json *root = bilim_fields_load_file(&c, path, NULL, &io);
    return sweep_of(&c, root, io, sc, s);
}

int bilim_sweep_load_string(const char *text, const char *origin, const bilim_scenario *sc,
                            bilim_sweep *s, bilim_diags *diags)
{
    memset(s, 0, sizeof *s);
    bilim_fields c;
    if (bilim_fields_init(&c, diags))
        return BILIM_ENOMEM;
    bilim_json *root = bilim_fields_load_text(&c, text, strlen(text), origin, "scenario");
    return sweep_of(&c, root, 0, sc, s);
}

void bilim_sweep_label(const bilim_sweep *s, int32_t i, char *buf, size_t n)
{
    double v = s->levels[i];
    if (strcmp(s->field, "budget_kzt") == 0 || strcmp(s->field, "unit_cost_kzt") == 0) {
        if (fabs(v) >= 1e9)
            snprintf(buf, n, "%.4gbn", v / 1e9);
        else if (fabs(v) >= 1e6)
            snprintf(buf, n, "%.4gm", v / 1e6);
        else
            snprintf(buf, n, "%.6g", v);
    } else {
        snprintf(buf, n, "%.4g", v);
    }
}

int bilim_sweep_apply(const bilim_sweep *s, int32_t i, const bilim_scenario *sc,
                      bilim_scenario *out, bilim_error *err)
{
    *out = *sc;
    int k = 0;
    while (k < sc->n_interventions && strcmp(sc->interventions[k].name, s->intervention) != 0)
        k++;
    const bilim_field *f = NULL;
    if (k == sc->n_interventions || i < 0 || i >= s->steps ||
        field_row(s, &sc->interventions[k], &f))
        return bilim_error_set(err, BILIM_EINVAL, "sweep of %s: no intervention \"%s\" with a "
                               "field \"%s\"", sc->name, s->intervention, s->field);
    set_value(&out->interventions[k], f, s->levels[i]);
    char label[48];
    bilim_sweep_label(s, i, label, sizeof label);
    int w = snprintf(out->name, sizeof out->name, "%s-%s", sc->name, label);
    if (w < 0 || (size_t)w >= sizeof out->name)
        return bilim_error_set(err, BILIM_EINVAL, "sweep of %s: the name \"%s-%s\" is longer "
                               "than %d characters; shorten the scenario's name", sc->name,
                               sc->name, label, BILIM_NAME_MAX - 1);
    return BILIM_OK;
}
