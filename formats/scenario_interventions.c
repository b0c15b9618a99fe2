/* formats/scenario_interventions.c: the "interventions" array into
 * bilim_intervention, with targets and the cross-field rules of
 * docs/scenarios.md: start before the horizon, unique names, a budget of at
 * least one unit (bilim_interventions_budget_buys_a_unit, models/interventions.h),
 * region names that exist, and no field that would be silently ignored. */
#include "formats/scenario_internal.h"
#include "formats/region_names.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "models/interventions.h"

/* --- target ------------------------------------------------------------------------ */

static void read_target_regions(bilim_fields *c, const bilim_json *arr, const char *path,
                                const bilim_population *pop, bilim_target *t)
{
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of region names"))
        return;
    if (arr->count < 1 || arr->count > pop->n_regions) {
        bilim_fields_error(c, arr, NULL, path, "%d region names; expected 1 to %d (the population's regions)",
                 arr->count, pop->n_regions);
        return;
    }
    uint64_t mask = 0;
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX], shown[160];
        bilim_json_path_index(sub, sizeof sub, path, i);
        if (!bilim_fields_expect(c, e, sub, BILIM_JSON_STRING, "a region name"))
            continue;
        /* Official Kazakh, Russian and English names, former names and
         * "oblast"/"Region" are accepted (formats/region_names.h). */
        int found = bilim_region_names_find(pop, e->text, e->len);
        bilim_json_show(e, shown, sizeof shown);
        if (found < 0) {
            const bilim_region_alias *alias;
            const char *s = bilim_region_names_suggest(pop, e->text, e->len, &alias);
            if (s && alias)
                bilim_fields_error(c, e, NULL, sub, "%s is not a region of the population; did you mean "
                                   "\"%s\" (\"%s\", %s)?", shown, s, alias->alias, alias->why);
            else if (s)
                bilim_fields_error(c, e, NULL, sub, "%s is not a region of the population; did you mean \"%s\"?",
                         shown, s);
            else
                bilim_fields_error(c, e, NULL, sub, "%s is not a region of the population; expected one of "
                         "the names in population.regions (or the preset's, listed in "
                         "docs/scenarios.md)", shown);
            continue;
        }
        uint64_t bit = (uint64_t)1 << found;
        if (mask & bit) {
            bilim_fields_error(c, e, NULL, sub, "%s is listed twice; expected each region once", shown);
            continue;
        }
        mask |= bit;
    }
    t->region_mask = mask;
}

/* --- named groups ------------------------------------------------------------------ */

static int valid_group_name(const char *s, size_t n)
{
    if (n == 0 || n >= BILIM_NAME_MAX || !isalnum((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((unsigned char)s[i] < 0x80 && (isalnum((unsigned char)s[i]) || strchr("_.-", s[i]))))
            return 0;
    return 1;
}

void bilim__scenario_read_groups(bilim_fields *c, const bilim_json *obj, bilim_scenario *sc)
{
    const char *path = "groups";
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT,
                             "an object {\"group_name\": {target fields}, ...}"))
        return;
    if (obj->count > BILIM_MAX_GROUPS) {
        bilim_fields_error(c, obj, NULL, path, "%d groups; expected at most %d", obj->count,
                           BILIM_MAX_GROUPS);
        return;
    }
    sc->n_groups = 0;
    for (const bilim_json *m = obj->child; m; m = m->next) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, m->key, m->key_len);
        if (!valid_group_name(m->key, m->key_len)) {
            bilim_fields_error_key(c, m, sub, "is not a valid group name; expected 1 to %d letters, "
                                   "digits, '_', '.' or '-', starting with a letter or digit",
                                   BILIM_NAME_MAX - 1);
            continue;
        }
        bilim_group *gr = &sc->groups[sc->n_groups];
        memset(gr, 0, sizeof *gr);
        memcpy(gr->name, m->key, m->key_len);
        gr->target = bilim_target_all();
        const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
        if (!bilim_fields_read_object(c, m, sub, &bilim__scenario_target, &gr->target, g))
            continue;
        const bilim_json *inner = bilim_fields_given(&bilim__scenario_target, g, "group");
        if (inner) {
            char gsub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(gsub, sizeof gsub, sub, "group", 5);
            bilim_fields_error(c, inner, NULL, gsub, "a group cannot join another group; give its "
                               "target fields here (locality, regions, order, ...)");
        }
        const bilim_json *regions = bilim_fields_given(&bilim__scenario_target, g, "regions");
        if (regions) {
            char rsub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(rsub, sizeof rsub, sub, "regions", 7);
            read_target_regions(c, regions, rsub, &sc->population, &gr->target);
        }
        const bilim_json *need = bilim_fields_given(&bilim__scenario_target, g, "need");
        if (need && gr->target.order == BILIM_ORDER_RANDOM) {
            char nsub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(nsub, sizeof nsub, sub, "need", 4);
            bilim_fields_error(c, need, NULL, nsub, "has no effect with order \"random\"; set order "
                               "to \"need\", \"strongest\" or \"rural_first\", or remove need");
        }
        sc->n_groups++;
    }
}

/* target: {"group": name}: the group's target, shared. Only "group" may be
 * given, and the intervention may not reorder the group's list. */
static void join_group(bilim_fields *c, const bilim_json *obj, const bilim_json *name,
                       const char *path, const bilim_scenario *sc, bilim_intervention *iv)
{
    char sub[BILIM_FIELDS_PATH_MAX], shown[160];
    bilim_json_path_key(sub, sizeof sub, path, "group", 5);
    if (obj->count > 1) {
        bilim_fields_error(c, obj, NULL, path, "has \"group\" and other fields; a group's members "
                           "share its target: put the other fields in groups.%s, or drop \"group\"",
                           name->type == BILIM_JSON_STRING ? name->text : "...");
        return;
    }
    if (!bilim_fields_expect(c, name, sub, BILIM_JSON_STRING, "the name of a group in \"groups\""))
        return;
    const char *names[BILIM_MAX_GROUPS];
    int found = -1;
    for (int k = 0; k < sc->n_groups; k++) {
        names[k] = sc->groups[k].name;
        if (strlen(names[k]) == name->len && memcmp(names[k], name->text, name->len) == 0)
            found = k;
    }
    bilim_json_show(name, shown, sizeof shown);
    if (found < 0) {
        const char *s = bilim_json_suggest(name->text, name->len, names, sc->n_groups);
        if (s)
            bilim_fields_error(c, name, NULL, sub, "%s is not a group; did you mean \"%s\"?", shown, s);
        else if (sc->n_groups)
            bilim_fields_error(c, name, NULL, sub, "%s is not a group; expected a name defined in the "
                               "top-level \"groups\"", shown);
        else
            bilim_fields_error(c, name, NULL, sub, "%s is not a group: the scenario defines none; add "
                               "\"groups\": {%s: {target fields}} at the top level", shown, shown);
        return;
    }
    if (iv->type == BILIM_IV_RESOURCE_FUNDING && (iv->u.funding.allocation == BILIM_ALLOC_NEED ||
                                                  iv->u.funding.allocation == BILIM_ALLOC_RURAL_FIRST)) {
        bilim_fields_error(c, name, NULL, sub, "allocation \"%s\" orders the schools itself, but a "
                           "group's members share the group's order; use allocation \"equal\" or "
                           "\"per_teacher\" and set the order in groups.%s",
                           bilim__scenario_names_allocation[iv->u.funding.allocation], names[found]);
        return;
    }
    if (iv->type == BILIM_IV_TEACHER_INCENTIVES && iv->u.incentives.retarget_months > 0) {
        bilim_fields_error(c, name, NULL, sub, "adaptive incentives (retarget_months) redraw their "
                           "own order, so they cannot share a group's list; remove retarget_months "
                           "or the group");
        return;
    }
    iv->target = sc->groups[found].target;
    iv->target.group = found + 1;
}

static void read_target(bilim_fields *c, const bilim_json *obj, const char *path,
                        const bilim_scenario *sc, bilim_intervention *iv)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    bilim_target *t = &iv->target;
    if (obj->type == BILIM_JSON_OBJECT && bilim_json_get(obj, "group")) {
        join_group(c, obj, bilim_json_get(obj, "group"), path, sc, iv);
        return;
    }
    if (!bilim_fields_read_object(c, obj, path, &bilim__scenario_target, t, g))
        return;
    const bilim_json *regions = bilim_fields_given(&bilim__scenario_target, g, "regions");
    if (regions) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, "regions", 7);
        read_target_regions(c, regions, sub, &sc->population, t);
    }
    /* Fields that would be silently ignored are errors: a typo must not pass. */
    const bilim_json *order = bilim_fields_given(&bilim__scenario_target, g, "order");
    const bilim_json *need = bilim_fields_given(&bilim__scenario_target, g, "need");
    int alloc_orders = iv->type == BILIM_IV_RESOURCE_FUNDING &&
                       (iv->u.funding.allocation == BILIM_ALLOC_NEED ||
                        iv->u.funding.allocation == BILIM_ALLOC_RURAL_FIRST);
    if (alloc_orders) {
        static const char *const keys[2] = {"order", "need"};
        const bilim_json *given[2] = {order, need};
        for (int k = 0; k < 2; k++) {
            if (!given[k])
                continue;
            char sub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(sub, sizeof sub, path, keys[k], strlen(keys[k]));
            bilim_fields_error(c, given[k], NULL, sub,
                     "has no effect: allocation \"%s\" sets the order itself (%s); remove "
                     "target.%s or use allocation \"equal\" or \"per_teacher\"",
                     bilim__scenario_names_allocation[iv->u.funding.allocation],
                     iv->u.funding.allocation == BILIM_ALLOC_NEED
                         ? "lowest resources first"
                         : "rural schools first, then lowest resources",
                     keys[k]);
        }
    } else if (need && t->order == BILIM_ORDER_RANDOM) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, "need", 4);
        bilim_fields_error(c, need, NULL, sub,
                 "has no effect with order \"random\"; set order to \"need\", \"strongest\" or "
                 "\"rural_first\", or remove need");
    }
}

/* --- one intervention ------------------------------------------------------------------- */

static void unknown_iv_key(bilim_fields *c, const bilim_json *m, const char *sub, bilim_iv_type type)
{
    /* A target's field written one level up: "max_schools": 500 beside "type". */
    if (bilim_fields_find(&bilim__scenario_target, m->key, m->key_len) >= 0) {
        bilim_fields_error_key(c, m, sub, "not a field of the intervention itself; did you mean "
                               "target.%s? Write it inside \"target\": {\"%s\": ...}", m->key, m->key);
        return;
    }
    for (int t = 0; t < BILIM_N_IV_TYPES; t++)
        if (t != (int)type && bilim_fields_find(&bilim__scenario_iv_types[t], m->key, m->key_len) >= 0) {
            bilim_fields_error_key(c, m, sub, "not a field of %s (it belongs to %s)",
                         bilim__scenario_names_iv_type[type], bilim__scenario_names_iv_type[t]);
            return;
        }
    const char *cands[2 * BILIM_FIELDS_MAX_ROWS];
    int n = 0;
    for (int i = 0; i < bilim__scenario_iv_common.n; i++)
        cands[n++] = bilim__scenario_iv_common.fields[i].key;
    for (int i = 0; i < bilim__scenario_iv_types[type].n; i++)
        cands[n++] = bilim__scenario_iv_types[type].fields[i].key;
    bilim_fields_unknown_key(c, m, sub, cands, n, bilim__scenario_names_iv_type[type]);
}

/* A field that would be silently ignored is an error when given. */
static void no_effect(bilim_fields *c, const bilim_field_table *tt, const bilim_json **gt,
                      const char *path, const char *key, int ignored, const char *why)
{
    const bilim_json *v = ignored ? bilim_fields_given(tt, gt, key) : NULL;
    if (!v)
        return;
    char sub[BILIM_FIELDS_PATH_MAX];
    bilim_json_path_key(sub, sizeof sub, path, key, strlen(key));
    bilim_fields_error(c, v, NULL, sub, "%s", why);
}

/* Returns 1 when iv was filled (errors may still have been reported). */
static int read_intervention(bilim_fields *c, const bilim_json *obj, const char *path,
                             const bilim_scenario *sc, bilim_intervention *iv,
                             const bilim_json **gc)
{
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT, "an object {\"type\": ..., ...}"))
        return 0;
    char sub[BILIM_FIELDS_PATH_MAX];
    bilim_json_path_key(sub, sizeof sub, path, "type", 4);
    const bilim_json *tn = bilim_json_get(obj, "type");
    bilim_field tf = {"type", BILIM_FIELD_ENUM, 0, 0, 0, 0, 0, NULL, bilim__scenario_names_iv_type, 0, 1, ""};
    char allowed[400];
    if (!tn) {
        bilim_fields_error(c, obj, NULL, sub, "missing; this key is required: %s",
                 bilim_fields_allowed(&tf, allowed, sizeof allowed));
        return 0;
    }
    int32_t type = -1;
    bilim_fields_read_value(c, tn, sub, &tf, &type);
    if (type < 0)
        return 0;
    bilim_intervention_defaults(iv, (bilim_iv_type)type);
    const bilim_field_table *tt = &bilim__scenario_iv_types[type];
    const bilim_json *gt[BILIM_FIELDS_MAX_ROWS];
    for (int i = 0; i < BILIM_FIELDS_MAX_ROWS; i++)
        gc[i] = gt[i] = NULL;
    for (const bilim_json *m = obj->child; m; m = m->next) {
        bilim_json_path_key(sub, sizeof sub, path, m->key, m->key_len);
        int k = bilim_fields_find(&bilim__scenario_iv_common, m->key, m->key_len);
        if (k >= 0) {
            if (!gc[k]) {
                gc[k] = m;
                if (bilim__scenario_iv_common.fields[k].kind != BILIM_FIELD_CUSTOM)
                    bilim_fields_read_value(c, m, sub, &bilim__scenario_iv_common.fields[k], iv);
            }
            continue;
        }
        k = bilim_fields_find(tt, m->key, m->key_len);
        if (k >= 0) {
            if (!gt[k]) {
                gt[k] = m;
                bilim_fields_read_value(c, m, sub, &tt->fields[k], iv);
            }
            continue;
        }
        unknown_iv_key(c, m, sub, (bilim_iv_type)type);
    }
    if (!bilim_fields_given(&bilim__scenario_iv_common, gc, "unit_cost_kzt")) {
        bilim_json_path_key(sub, sizeof sub, path, "unit_cost_kzt", 13);
        char allowed2[200];
        int k = bilim_fields_find(&bilim__scenario_iv_common, "unit_cost_kzt", 13);
        bilim_fields_error(c, obj, NULL, sub, "missing; every intervention states the cost of one unit in "
                 "KZT (0 is allowed); expected %s",
                 bilim_fields_allowed(&bilim__scenario_iv_common.fields[k], allowed2, sizeof allowed2));
    }
    const bilim_json *sm = bilim_fields_given(&bilim__scenario_iv_common, gc, "start_month");
    if (sm) {
        bilim_json_path_key(sub, sizeof sub, path, "start_month", 11);
        bilim__scenario_read_month(c, sm, sub, sc, BILIM_MAX_MONTHS - 1, &iv->start_month);
    }
    const bilim_json *target = bilim_fields_given(&bilim__scenario_iv_common, gc, "target");
    if (target) {
        bilim_json_path_key(sub, sizeof sub, path, "target", 6);
        read_target(c, target, sub, sc, iv);
    }
    no_effect(c, tt, gt, path, "equalising",
              iv->type == BILIM_IV_RESOURCE_FUNDING && iv->u.funding.allocation != BILIM_ALLOC_PER_CAPITA,
              "has no effect unless allocation is \"per_capita\"; remove equalising or set allocation to \"per_capita\"");
    no_effect(c, tt, gt, path, "project_months",
              iv->type == BILIM_IV_LEADERSHIP_TRAINING && iv->u.leadership.modules < 2,
              "has no effect with one module (projects run between modules); set modules to 2 or more or remove project_months");
    no_effect(c, tt, gt, path, "partner_cost_kzt",
              iv->type == BILIM_IV_INNOVATION_HUB && iv->u.hub.partners == 0,
              "has no effect when partners is 0; remove partner_cost_kzt or give the hubs partners");
    if (iv->type == BILIM_IV_PROFESSIONAL_DEVELOPMENT && !iv->u.pd.plc &&
        bilim_fields_given(tt, gt, "plc_months")) {
        bilim_json_path_key(sub, sizeof sub, path, "plc_months", 10);
        bilim_fields_error(c, bilim_fields_given(tt, gt, "plc_months"), NULL, sub,
                 "has no effect when plc is false; remove plc_months or set plc to true");
    }
    return 1;
}

static void cross_checks(bilim_fields *c, const bilim_json *obj, const char *path,
                         const bilim_scenario *sc, const bilim_intervention *iv,
                         const bilim_json **gc)
{
    char sub[BILIM_FIELDS_PATH_MAX];
    if (iv->start_month >= sc->months) {
        const bilim_json *v = bilim_fields_given(&bilim__scenario_iv_common, gc, "start_month");
        bilim_json_path_key(sub, sizeof sub, path, "start_month", 11);
        bilim_fields_error(c, v ? v : obj, NULL, sub,
                 "%d is not before the horizon (months = %d); expected an integer from 0 to %d",
                 iv->start_month, sc->months, sc->months - 1);
    }
    if (iv->business_as_usual && iv->start_month != 0) {
        const bilim_json *v = bilim_fields_given(&bilim__scenario_iv_common, gc, "business_as_usual");
        bilim_json_path_key(sub, sizeof sub, path, "business_as_usual", 17);
        bilim_fields_error(c, v ? v : obj, NULL, sub,
                 "true needs start_month 0 (an existing programme), not %d; set start_month to 0 "
                 "or business_as_usual to false", iv->start_month);
    }
    if (!bilim_interventions_budget_buys_a_unit(iv, sc)) {
        char what[400];
        double u = bilim_interventions_unit_cost(iv, sc, what, sizeof what);
        const bilim_json *v = bilim_fields_given(&bilim__scenario_iv_common, gc, "budget_kzt");
        bilim_json_path_key(sub, sizeof sub, path, "budget_kzt", 10);
        bilim_fields_error(c, v ? v : obj, NULL, sub,
                 "%.15g is below the cost of one unit (%s); expected 0 (no cap) or at least %.15g",
                 iv->budget_kzt, what, u);
    }
}

void bilim__scenario_read_interventions(bilim_fields *c, const bilim_json *arr, bilim_scenario *sc)
{
    const char *path = "interventions";
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of interventions"))
        return;
    if (arr->count > BILIM_MAX_INTERVENTIONS) {
        bilim_fields_error(c, arr, NULL, path, "%d interventions; expected at most %d", arr->count,
                 BILIM_MAX_INTERVENTIONS);
        return;
    }
    memset(sc->interventions, 0, sizeof sc->interventions);
    sc->n_interventions = 0;
    int source[BILIM_MAX_INTERVENTIONS]; /* index in the file of each one kept */
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(sub, sizeof sub, path, i);
        bilim_intervention iv;
        const bilim_json *gc[BILIM_FIELDS_MAX_ROWS];
        if (!read_intervention(c, e, sub, sc, &iv, gc))
            continue;
        cross_checks(c, e, sub, sc, &iv, gc);
        for (int k = 0; k < sc->n_interventions; k++)
            if (strcmp(sc->interventions[k].name, iv.name) == 0) {
                const bilim_json *nm = bilim_fields_given(&bilim__scenario_iv_common, gc, "name");
                char nsub[BILIM_FIELDS_PATH_MAX];
                bilim_json_path_key(nsub, sizeof nsub, sub, "name", 4);
                if (nm)
                    bilim_fields_error(c, nm, NULL, nsub, "\"%s\" is already the name of interventions[%d]; "
                             "expected unique names", iv.name, source[k]);
                else
                    bilim_fields_error(c, e, NULL, nsub, "missing, so it defaults to the type \"%s\", which "
                             "is already the name of interventions[%d]; give each intervention a "
                             "unique \"name\"", iv.name, source[k]);
                goto next;
            }
        source[sc->n_interventions] = i;
        sc->interventions[sc->n_interventions++] = iv;
    next:;
    }
}
