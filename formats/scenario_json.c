/* formats/scenario_json.c: a resolved scenario as JSON (bilim_scenario_to_json).
 *
 * The output is itself a valid scenario file with every value explicit: no
 * "extends", no "parameter_file", every parameter listed. Loading it gives a
 * bit-identical bilim_scenario: integers print exactly, and each double is
 * printed with the fewest significant digits (15, 16 or 17) that read back to
 * the same double. Keys come in the order of docs/scenarios.md.
 *
 * A scenario changed after loading (bilim_common_apply: --schools) still
 * prints as a loadable file: keys the loader would reject as "no effect" are
 * left out, and survey_n is capped at the population's schools (the model
 * caps it the same way). */
#include "formats/scenario_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "models/preset.h"

void bilim__scenario_sb_put(sl_sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = bilim_realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void bilim__scenario_sb_printf(sl_sb *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        bilim__scenario_sb_put(b, tmp, (size_t)n);
        return;
    }
    char *big = bilim_malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bilim__scenario_sb_put(b, big, (size_t)n);
    bilim_free(big);
}

static void sb_put_cb(void *b, const char *text, size_t n)
{
    bilim__scenario_sb_put(b, text, n);
}

void bilim__scenario_sb_str(sl_sb *b, const char *s)
{
    bilim_json_write_string(s, sb_put_cb, b);
}

/* The shortest of %.15g, %.16g, %.17g that reads back exactly. */
void bilim__scenario_sb_double(sl_sb *b, double x)
{
    if (!isfinite(x)) {
        bilim__scenario_sb_put(b, "null", 4); /* not loadable, on purpose: no JSON form */
        return;
    }
    char tmp[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(tmp, sizeof tmp, "%.*g", digits, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    bilim__scenario_sb_put(b, tmp, strlen(tmp));
}

static void indent(sl_sb *b, int level)
{
    static const char spaces[] = "                ";
    int n = 2 * level;
    if (n > 16)
        n = 16;
    bilim__scenario_sb_put(b, spaces, (size_t)n);
}

/* "key": with the indentation and the comma of a member. */
static void key(sl_sb *b, int level, int *first, const char *k)
{
    if (!*first)
        bilim__scenario_sb_put(b, ",\n", 2);
    *first = 0;
    indent(b, level);
    bilim__scenario_sb_str(b, k);
    bilim__scenario_sb_put(b, ": ", 2);
}

/* One table-described value at base + offset. */
static void field_value(sl_sb *b, const bilim_field *f, const void *base)
{
    const char *p = (const char *)base + f->offset;
    int32_t i;
    double d;
    switch (f->kind) {
    case BILIM_FIELD_INT:
        memcpy(&i, p, sizeof i);
        bilim__scenario_sb_printf(b, "%" PRId32, i);
        break;
    case BILIM_FIELD_INT64: {
        int64_t l;
        memcpy(&l, p, sizeof l);
        bilim__scenario_sb_printf(b, "%" PRId64, l);
        break;
    }
    case BILIM_FIELD_REAL:
        memcpy(&d, p, sizeof d);
        bilim__scenario_sb_double(b, d);
        break;
    case BILIM_FIELD_BOOL:
        memcpy(&i, p, sizeof i);
        bilim__scenario_sb_printf(b, "%s", i ? "true" : "false");
        break;
    case BILIM_FIELD_ENUM: {
        memcpy(&i, p, sizeof i);
        int n = 0;
        while (f->names[n])
            n++;
        if (i - f->base >= 0 && i - f->base < n)
            bilim__scenario_sb_str(b, f->names[i - f->base]);
        else
            bilim__scenario_sb_printf(b, "%" PRId32, i); /* not loadable: no such name */
        break;
    }
    case BILIM_FIELD_IDENT: {
        char name[BILIM_NAME_MAX];
        memcpy(name, p, sizeof name);
        name[BILIM_NAME_MAX - 1] = '\0';
        bilim__scenario_sb_str(b, name);
        break;
    }
    case BILIM_FIELD_CUSTOM:
        break;
    }
}

/* Every non-custom row of t, as members. */
static void fields(sl_sb *b, const bilim_field_table *t, const void *base, int level, int *first)
{
    for (int k = 0; k < t->n; k++) {
        if (t->fields[k].kind == BILIM_FIELD_CUSTOM)
            continue;
        key(b, level, first, t->fields[k].key);
        field_value(b, &t->fields[k], base);
    }
}

static const bilim_field *row(const bilim_field_table *t, const char *k)
{
    int i = bilim_fields_find(t, k, strlen(k));
    return i >= 0 ? &t->fields[i] : NULL;
}

/* --- sections ---------------------------------------------------------------------------- */

static void population(sl_sb *b, const bilim_population *pop)
{
    int first = 1;
    bilim__scenario_sb_put(b, "{\n", 2);
    bilim_population preset;
    memset(&preset, 0, sizeof preset);
    int is_preset = pop->preset[0] && bilim_preset_get(pop->preset, &preset) == 0 &&
                    preset.n_regions == pop->n_regions &&
                    memcmp(preset.regions, pop->regions,
                           (size_t)pop->n_regions * sizeof pop->regions[0]) == 0;
    if (is_preset) {
        key(b, 2, &first, "preset");
        bilim__scenario_sb_str(b, pop->preset);
    } else {
        key(b, 2, &first, "regions");
        bilim__scenario_sb_put(b, "[\n", 2);
        for (int r = 0; r < pop->n_regions; r++) {
            const bilim_region *g = &pop->regions[r];
            indent(b, 3);
            bilim__scenario_sb_put(b, "{\"name\": ", 9);
            bilim__scenario_sb_str(b, g->name);
            bilim__scenario_sb_printf(b, ", \"urban\": %" PRId32 ", \"rural\": %" PRId32 ", \"small_class\": %" PRId32 "}%s\n",
                      g->urban, g->rural, g->small_class, r + 1 < pop->n_regions ? "," : "");
        }
        indent(b, 2);
        bilim__scenario_sb_put(b, "]", 1);
    }
    key(b, 2, &first, "teachers_per_school");
    bilim__scenario_sb_put(b, "{\n", 2);
    static const char *const classes[BILIM_N_CLASSES] = {"urban", "rural_regular", "small_class"};
    int f2 = 1;
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        key(b, 3, &f2, classes[k]);
        bilim__scenario_sb_put(b, "{\"mean\": ", 9);
        bilim__scenario_sb_double(b, pop->teachers_mean[k]);
        bilim__scenario_sb_put(b, ", \"sigma\": ", 11);
        bilim__scenario_sb_double(b, pop->teachers_sigma[k]);
        bilim__scenario_sb_put(b, "}", 1);
    }
    key(b, 3, &f2, "min");
    bilim__scenario_sb_printf(b, "%" PRId32 "\n", pop->teachers_min);
    indent(b, 2);
    bilim__scenario_sb_put(b, "}\n", 2);
    indent(b, 1);
    bilim__scenario_sb_put(b, "}", 1);
}

/* Keys the loader rejects as "no effect" are left out, so the output loads. */
static void target_fields(sl_sb *b, const bilim_target *t, int alloc_orders, const bilim_scenario *sc,
                          int level)
{
    const bilim_population *pop = &sc->population;
    int first = 1;
    bilim__scenario_sb_put(b, "{\n", 2);
    if (t->group > 0 && t->group <= sc->n_groups) {
        /* A member names its group; the group's target is written once, in "groups". */
        key(b, level + 1, &first, "group");
        bilim__scenario_sb_str(b, sc->groups[t->group - 1].name);
        bilim__scenario_sb_put(b, "\n", 1);
        indent(b, level);
        bilim__scenario_sb_put(b, "}", 1);
        return;
    }
    for (int k = 0; k < bilim__scenario_target.n; k++) {
        const bilim_field *f = &bilim__scenario_target.fields[k];
        if (strcmp(f->key, "group") == 0)
            continue;
        if (strcmp(f->key, "regions") == 0) {
            if (!t->region_mask)
                continue;
            key(b, level + 1, &first, "regions");
            bilim__scenario_sb_put(b, "[", 1);
            int n = 0;
            for (int r = 0; r < pop->n_regions && r < 64; r++)
                if (t->region_mask & ((uint64_t)1 << r)) {
                    if (n++)
                        bilim__scenario_sb_put(b, ", ", 2);
                    bilim__scenario_sb_str(b, pop->regions[r].name);
                }
            bilim__scenario_sb_put(b, "]", 1);
            continue;
        }
        if (strcmp(f->key, "resources_below") == 0 && !(t->resources_below <= 1.0))
            continue; /* no filter: the default */
        if (strcmp(f->key, "order") == 0 && alloc_orders)
            continue;
        if (strcmp(f->key, "need") == 0 && (alloc_orders || t->order == BILIM_ORDER_RANDOM))
            continue;
        key(b, level + 1, &first, f->key);
        field_value(b, f, t);
    }
    bilim__scenario_sb_put(b, "\n", 1);
    indent(b, level);
    bilim__scenario_sb_put(b, "}", 1);
}

static void target(sl_sb *b, const bilim_intervention *iv, const bilim_scenario *sc, int level)
{
    int alloc_orders = iv->type == BILIM_IV_RESOURCE_FUNDING &&
                       (iv->u.funding.allocation == BILIM_ALLOC_NEED ||
                        iv->u.funding.allocation == BILIM_ALLOC_RURAL_FIRST);
    target_fields(b, &iv->target, alloc_orders, sc, level);
}

/* "groups": {"name": {target}, ...}, or nothing when there are none. */
static void groups(sl_sb *b, const bilim_scenario *sc, int *first)
{
    if (sc->n_groups < 1)
        return;
    key(b, 1, first, "groups");
    bilim__scenario_sb_put(b, "{\n", 2);
    int f2 = 1;
    for (int g = 0; g < sc->n_groups && g < BILIM_MAX_GROUPS; g++) {
        key(b, 2, &f2, sc->groups[g].name);
        target_fields(b, &sc->groups[g].target, 0, sc, 2);
    }
    bilim__scenario_sb_put(b, "\n", 1);
    indent(b, 1);
    bilim__scenario_sb_put(b, "}", 1);
}

/* "package": {"budget_kzt", "parts": [names]}, or nothing. */
static void package(sl_sb *b, const bilim_scenario *sc, int *first)
{
    if (!(sc->package.budget_kzt > 0))
        return;
    key(b, 1, first, "package");
    bilim__scenario_sb_put(b, "{\"budget_kzt\": ", 15);
    bilim__scenario_sb_double(b, sc->package.budget_kzt);
    bilim__scenario_sb_put(b, ", \"parts\": [", 12);
    int n = 0;
    for (int i = 0; i < sc->n_interventions && i < BILIM_MAX_INTERVENTIONS; i++)
        if (sc->package.parts & ((uint32_t)1 << i)) {
            if (n++)
                bilim__scenario_sb_put(b, ", ", 2);
            bilim__scenario_sb_str(b, sc->interventions[i].name);
        }
    bilim__scenario_sb_put(b, "]}", 2);
}

/* Keys the loader rejects as "no effect" in this intervention. */
static int no_effect_key(const bilim_intervention *iv, const char *k)
{
    switch (iv->type) {
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT: return !iv->u.pd.plc && !strcmp(k, "plc_months");
    case BILIM_IV_RESOURCE_FUNDING:
        return iv->u.funding.allocation != BILIM_ALLOC_PER_CAPITA && !strcmp(k, "equalising");
    case BILIM_IV_LEADERSHIP_TRAINING: return iv->u.leadership.modules < 2 && !strcmp(k, "project_months");
    case BILIM_IV_INNOVATION_HUB: return iv->u.hub.partners == 0 && !strcmp(k, "partner_cost_kzt");
    default: return 0;
    }
}

static void intervention(sl_sb *b, const bilim_intervention *iv, const bilim_scenario *sc)
{
    int first = 1;
    indent(b, 2);
    bilim__scenario_sb_put(b, "{\n", 2);
    for (int k = 0; k < bilim__scenario_iv_common.n; k++) {
        const bilim_field *f = &bilim__scenario_iv_common.fields[k];
        if (!iv->business_as_usual && strcmp(f->key, "business_as_usual") == 0)
            continue;  /* the default: files without histories stay as they were */
        key(b, 3, &first, f->key);
        if (strcmp(f->key, "type") == 0)
            bilim__scenario_sb_str(b, bilim_iv_type_name(iv->type));
        else if (strcmp(f->key, "start_month") == 0)
            bilim__scenario_sb_printf(b, "%" PRId32, iv->start_month);
        else if (strcmp(f->key, "target") == 0)
            target(b, iv, sc, 3);
        else
            field_value(b, f, iv);
    }
    if (iv->type >= 0 && iv->type < BILIM_N_IV_TYPES) {
        const bilim_field_table *t = &bilim__scenario_iv_types[iv->type];
        for (int k = 0; k < t->n; k++) {
            /* The loader rejects plc_months without plc ("no effect"). */
            if (no_effect_key(iv, t->fields[k].key))
                continue;
            key(b, 3, &first, t->fields[k].key);
            field_value(b, &t->fields[k], iv);
        }
    }
    bilim__scenario_sb_put(b, "\n", 1);
    indent(b, 2);
    bilim__scenario_sb_put(b, "}", 1);
}

static void notes(sl_sb *b, const bilim_json *n)
{
    if (n->type == BILIM_JSON_STRING) {
        bilim__scenario_sb_str(b, n->text);
        return;
    }
    bilim__scenario_sb_put(b, "[", 1);
    for (const bilim_json *e = n->child; e; e = e->next) {
        bilim__scenario_sb_put(b, "\n", 1);
        indent(b, 2);
        bilim__scenario_sb_str(b, e->text);
        if (e->next)
            bilim__scenario_sb_put(b, ",", 1);
    }
    bilim__scenario_sb_put(b, "\n", 1);
    indent(b, 1);
    bilim__scenario_sb_put(b, "]", 1);
}

static void innovations(sl_sb *b, const bilim_scenario *sc)
{
    bilim__scenario_sb_put(b, "[\n", 2);
    for (int i = 0; i < sc->n_innovations && i < BILIM_MAX_INNOVATIONS; i++) {
        int f2 = 1;
        indent(b, 2);
        bilim__scenario_sb_put(b, "{\n", 2);
        fields(b, &bilim__scenario_innovation, &sc->innovations[i], 3, &f2);
        bilim__scenario_sb_put(b, "\n", 1);
        indent(b, 2);
        bilim__scenario_sb_put(b, i + 1 < sc->n_innovations ? "},\n" : "}\n", i + 1 < sc->n_innovations ? 3 : 2);
    }
    indent(b, 1);
    bilim__scenario_sb_put(b, "]", 1);
}

static void parameters(sl_sb *b, const bilim_params *p)
{
    bilim__scenario_sb_put(b, "{\n", 2);
    size_t nrows;
    const bilim_param_info *rows = bilim_params_table(&nrows);
    for (size_t i = 0; i < nrows; i++) {
        indent(b, 2);
        bilim__scenario_sb_str(b, rows[i].name);
        bilim__scenario_sb_put(b, ": ", 2);
        if (rows[i].type == BILIM_PARAM_INT)
            bilim__scenario_sb_printf(b, "%.0f", bilim_params_get(p, &rows[i]));
        else
            bilim__scenario_sb_double(b, bilim_params_get(p, &rows[i]));
        bilim__scenario_sb_put(b, i + 1 < nrows ? ",\n" : "\n", i + 1 < nrows ? 2 : 1);
    }
    indent(b, 1);
    bilim__scenario_sb_put(b, "}", 1);
}

static void interventions(sl_sb *b, const bilim_scenario *sc)
{
    bilim__scenario_sb_put(b, "[", 1);
    for (int i = 0; i < sc->n_interventions && i < BILIM_MAX_INTERVENTIONS; i++) {
        bilim__scenario_sb_put(b, "\n", 1);
        intervention(b, &sc->interventions[i], sc);
        if (i + 1 < sc->n_interventions)
            bilim__scenario_sb_put(b, ",", 1);
    }
    if (sc->n_interventions > 0) {
        bilim__scenario_sb_put(b, "\n", 1);
        indent(b, 1);
    }
    bilim__scenario_sb_put(b, "]", 1);
}

static void outputs(sl_sb *b, const bilim_outputs *o, int32_t schools)
{
    bilim__scenario_sb_put(b, "{\n", 2);
    int f3 = 1;
    key(b, 2, &f3, "by_locality");
    field_value(b, row(&bilim__scenario_outputs, "by_locality"), o);
    key(b, 2, &f3, "by_region");
    field_value(b, row(&bilim__scenario_outputs, "by_region"), o);
    key(b, 2, &f3, "survey_months");
    bilim__scenario_sb_put(b, "[", 1);
    for (int i = 0; i < o->n_survey_months && i < BILIM_MAX_SURVEY_MONTHS; i++)
        bilim__scenario_sb_printf(b, "%s%" PRId32, i ? ", " : "", o->survey_months[i]);
    bilim__scenario_sb_put(b, "]", 1);
    key(b, 2, &f3, "survey_n");
    /* A sample (--schools) can hold fewer schools than the survey asks for;
     * the model then surveys them all, which is what this says. */
    if (schools > 0 && o->survey_n > schools)
        bilim__scenario_sb_printf(b, "%" PRId32, schools);
    else
        field_value(b, row(&bilim__scenario_outputs, "survey_n"), o);
    key(b, 2, &f3, "survey_rural_share");
    if (o->survey_rural_share < 0)
        bilim__scenario_sb_str(b, "population");
    else
        bilim__scenario_sb_double(b, o->survey_rural_share);
    bilim__scenario_sb_put(b, "\n", 1);
    indent(b, 1);
    bilim__scenario_sb_put(b, "}", 1);
}

char *bilim__scenario_scenario_json(const bilim_scenario *sc, const char *description,
                       const bilim_json *note)
{
    sl_sb b = {NULL, 0, 0, 0};
    int first = 1;
    bilim__scenario_sb_put(&b, "{\n", 2);
    key(&b, 1, &first, "name");
    field_value(&b, row(&bilim__scenario_top, "name"), sc);
    if (sc->title[0]) {
        key(&b, 1, &first, "title");
        bilim__scenario_sb_str(&b, sc->title);
    }
    if (description) {
        key(&b, 1, &first, "description");
        bilim__scenario_sb_str(&b, description);
    }
    if (note) {
        key(&b, 1, &first, "notes");
        notes(&b, note);
    }
    key(&b, 1, &first, "start_date");
    bilim__scenario_sb_printf(&b, "\"%04" PRId32 "-%02" PRId32 "\"", sc->start_year, sc->start_calendar_month);
    if (sc->history_from != 0) {
        key(&b, 1, &first, "history_from");
        bilim__scenario_sb_printf(&b, "\"%04" PRId32 "-%02" PRId32 "\"", sc->history_from / 12,
                                  sc->history_from % 12 + 1);
    }
    key(&b, 1, &first, "seed");
    bilim__scenario_sb_printf(&b, "%" PRIu64, sc->seed);
    key(&b, 1, &first, "replicates");
    field_value(&b, row(&bilim__scenario_top, "replicates"), sc);
    key(&b, 1, &first, "months");
    field_value(&b, row(&bilim__scenario_top, "months"), sc);
    key(&b, 1, &first, "population");
    population(&b, &sc->population);

    key(&b, 1, &first, "innovations");
    innovations(&b, sc);
    key(&b, 1, &first, "parameters");
    parameters(&b, &sc->params);
    groups(&b, sc, &first);
    key(&b, 1, &first, "interventions");
    interventions(&b, sc);
    package(&b, sc, &first);
    key(&b, 1, &first, "outputs");
    outputs(&b, &sc->outputs, bilim_population_schools(&sc->population));
    bilim__scenario_sb_put(&b, "\n}\n", 3);
    if (b.oom) {
        bilim_free(b.s);
        return NULL;
    }
    return b.s;
}

char *bilim_scenario_to_json(const bilim_scenario *sc, const char *description)
{
    return bilim__scenario_scenario_json(sc, description, NULL);
}
