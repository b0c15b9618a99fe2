/* formats/scenario_package.c: "package": a scenario's declared total budget,
 * checked against the budget caps of its parts (docs/scenarios.md,
 * "Packages"). The parts are named in "parts", or by default are the
 * interventions the file itself adds (its append_interventions, or all of
 * its own "interventions"). */
#include "formats/scenario_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Budgets agree when they differ by at most this share of the declared total
 * (and at least 1 KZT): a split written by hand in round figures passes, a
 * part forgotten or counted twice does not. */
#define PACKAGE_TOLERANCE 0.001

static int find_intervention(const bilim_scenario *sc, const char *name, size_t len)
{
    for (int i = 0; i < sc->n_interventions; i++)
        if (strlen(sc->interventions[i].name) == len && memcmp(sc->interventions[i].name, name, len) == 0)
            return i;
    return -1;
}

static void read_parts(bilim_fields *c, const bilim_json *arr, bilim_scenario *sc)
{
    const char *path = "package.parts";
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of intervention names"))
        return;
    if (arr->count < 1) {
        bilim_fields_error(c, arr, NULL, path, "is empty; expected the names of the interventions "
                           "that make up the package");
        return;
    }
    const char *names[BILIM_MAX_INTERVENTIONS];
    for (int i = 0; i < sc->n_interventions; i++)
        names[i] = sc->interventions[i].name;
    int k = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, k++) {
        char sub[BILIM_FIELDS_PATH_MAX], shown[160];
        bilim_json_path_index(sub, sizeof sub, path, k);
        if (!bilim_fields_expect(c, e, sub, BILIM_JSON_STRING, "an intervention name"))
            continue;
        int i = find_intervention(sc, e->text, e->len);
        bilim_json_show(e, shown, sizeof shown);
        if (i < 0) {
            const char *s = bilim_json_suggest(e->text, e->len, names, sc->n_interventions);
            if (s)
                bilim_fields_error(c, e, NULL, sub, "%s is not an intervention of this scenario; did "
                                   "you mean \"%s\"?", shown, s);
            else
                bilim_fields_error(c, e, NULL, sub, "%s is not an intervention of this scenario; "
                                   "expected the \"name\" of one of its interventions", shown);
            continue;
        }
        if (sc->package.parts & ((uint32_t)1 << i))
            bilim_fields_error(c, e, NULL, sub, "%s is listed twice; expected each part once", shown);
        sc->package.parts |= (uint32_t)1 << i;
    }
}

/* The parts' caps against the declared total; every part needs a cap. */
static void check_budget(bilim_fields *c, const bilim_json *obj, const bilim_json *given,
                         const bilim_scenario *sc)
{
    const double total = sc->package.budget_kzt;
    double sum = 0;
    char list[1200];
    size_t k = 0;
    list[0] = '\0';
    int n = 0;
    for (int i = 0; i < sc->n_interventions; i++) {
        if (!(sc->package.parts & ((uint32_t)1 << i)))
            continue;
        const bilim_intervention *iv = &sc->interventions[i];
        if (!(iv->budget_kzt > 0)) {
            bilim_fields_error(c, obj, NULL, "package", "part \"%s\" has no budget cap (budget_kzt 0), "
                               "so the package's total cannot be checked; give it a budget_kzt",
                               iv->name);
            return;
        }
        sum += iv->budget_kzt;
        if (k < sizeof list - 100)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s%s %.15g", n ? " + " : "", iv->name,
                                  iv->budget_kzt);
        n++;
    }
    if (n == 0)
        return; /* reported by the caller */
    const double tol = fmax(1.0, PACKAGE_TOLERANCE * total);
    if (fabs(sum - total) > tol)
        bilim_fields_error(c, given ? given : obj, NULL, "package.budget_kzt",
                           "the package's total is %.15g KZT but its parts' budget_kzt add up to "
                           "%.15g KZT (%s); make them agree within 0.1%% (%.15g KZT)",
                           total, sum, list, tol);
}

void bilim__scenario_read_package(bilim_fields *c, const bilim_json *obj, int32_t own_count,
                                  bilim_scenario *sc)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    int errors0 = c->errors;
    sc->package.budget_kzt = 0;
    sc->package.parts = 0;
    if (!bilim_fields_read_object(c, obj, "package", &bilim__scenario_package, &sc->package, g) ||
        c->errors > errors0)
        return;
    const bilim_json *parts = bilim_fields_given(&bilim__scenario_package, g, "parts");
    if (parts) {
        read_parts(c, parts, sc);
    } else {
        int first = own_count < 0 ? 0 : sc->n_interventions - own_count;
        for (int i = first < 0 ? 0 : first; i < sc->n_interventions; i++)
            sc->package.parts |= (uint32_t)1 << i;
        if (!sc->package.parts) {
            bilim_fields_error(c, obj, NULL, "package", "this file adds no interventions, so the "
                               "package has no parts; list them in package.parts or add them with "
                               "append_interventions");
            return;
        }
    }
    if (c->errors == errors0)
        check_budget(c, obj, bilim_fields_given(&bilim__scenario_package, g, "budget_kzt"), sc);
}
