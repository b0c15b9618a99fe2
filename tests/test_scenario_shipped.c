/* tests/test_scenario_shipped.c: the shipped scenarios (the .json files of
 * scenarios/) load, carry their sources and round-trip bit-identically through the
 * resolved JSON; the equal-budget options have equal budgets; and the JSON
 * Schema (scenarios/schema.json) is up to date and agrees with the loader's
 * tables key by key (and, when python3-jsonschema is installed, accepts
 * every shipped scenario and rejects what the loader rejects). */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <string.h>
#include "scenario_helpers.h"
#include "formats/scenario_internal.h"
#include "formats/scenario_schema.h"
#include "models/preset.h"

#define MAX_FILES 64

static int cmp_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The shipped scenario files (schema.json excluded), sorted. */
static int shipped(char names[][256])
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios", test_source_dir());
    DIR *dir = opendir(path);
    cr_assert_not_null(dir, "no scenarios/ directory");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < MAX_FILES) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 || !strcmp(e->d_name, "schema.json"))
            continue;
        snprintf(names[n++], 256, "%s", e->d_name);
    }
    closedir(dir);
    qsort(names, (size_t)n, 256, cmp_name);
    return n;
}

static void scenario_path(char *dst, size_t n, const char *name)
{
    snprintf(dst, n, "%.700s/scenarios/%.200s", test_source_dir(), name);
}

static void load_ok(const char *name, bilim_scenario *sc, char **json)
{
    char path[1024];
    scenario_path(path, sizeof path, name);
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(path, sc, json, d);
    cr_assert_eq(rc, BILIM_OK, "%s does not load:\n%s", name, test_all_diags(d));
    bilim_diags_free(d);
}

Test(shipped, at_least_baseline_every_type_two_packages_and_options)
{
    char names[MAX_FILES][256];
    int n = shipped(names);
    cr_assert_geq(n, 1 + BILIM_N_IV_TYPES + 2 + 3, "only %d shipped scenarios", n);
    int has_baseline = 0;
    for (int i = 0; i < n; i++)
        has_baseline |= !strcmp(names[i], "baseline.json");
    cr_assert(has_baseline);
}

Test(shipped, every_scenario_loads_and_round_trips_bit_identically)
{
    char names[MAX_FILES][256];
    int n = shipped(names);
    for (int i = 0; i < n; i++) {
        bilim_scenario a, b;
        memset(&a, 0x11, sizeof a);
        memset(&b, 0x22, sizeof b);
        char *json = NULL, *json2 = NULL;
        load_ok(names[i], &a, &json);
        cr_assert_not_null(json);
        bilim_diags *d = bilim_diags_alloc();
        int rc = bilim_scenario_load_string(json, NULL, &b, &json2, d);
        cr_assert_eq(rc, BILIM_OK, "%s: resolved JSON does not load:\n%s\n%s", names[i],
                     test_all_diags(d), json);
        cr_assert_arr_eq(&a, &b, sizeof a, "%s: resolved JSON does not give the same scenario", names[i]);
        cr_assert_str_eq(json, json2, "%s: printing is not idempotent", names[i]);
        /* The public printer (no notes) round-trips too. */
        char *plain = bilim_scenario_to_json(&a, NULL);
        cr_assert_not_null(plain);
        memset(&b, 0x33, sizeof b);
        cr_assert_eq(bilim_scenario_load_string(plain, NULL, &b, NULL, d), BILIM_OK, "%s", test_all_diags(d));
        cr_assert_arr_eq(&a, &b, sizeof a, "%s: bilim_scenario_to_json does not round-trip", names[i]);
        /* cJSON (an independent reader) agrees it is JSON. */
        cJSON *parsed = cJSON_Parse(json);
        cr_assert_not_null(parsed, "%s: resolved JSON is not JSON to cJSON", names[i]);
        cJSON_Delete(parsed);
        free(plain);
        free(json);
        free(json2);
        bilim_diags_free(d);
    }
}

Test(shipped, defaults_round_trip)
{
    bilim_scenario a, b;
    bilim_scenario_defaults(&a);
    char *json = bilim_scenario_to_json(&a, "the defaults");
    cr_assert_not_null(json);
    memset(&b, 0x5A, sizeof b);
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(json, NULL, &b, NULL, d), BILIM_OK, "%s\n%s", test_all_diags(d), json);
    cr_assert_arr_eq(&a, &b, sizeof a);
    cr_assert(strstr(json, "\"description\": \"the defaults\""));
    free(json);
    bilim_diags_free(d);
}

Test(shipped, awkward_values_round_trip)
{
    /* Doubles that need 17 digits, the largest seed, a share-form region. */
    const char *text =
        "{\"name\": \"awk\", \"seed\": 18446744073709551615,\n"
        " \"population\": {\"regions\": [{\"name\": \"Ak-Su\", \"schools\": 333, \"rural_share\": 0.3333333333333333,"
        " \"small_class_share\": 0.1}, {\"name\": \"O'Neil\", \"urban\": 2, \"rural\": 0}]},\n"
        " \"innovations\": [{\"name\": \"x\", \"complexity\": 0.1, \"resource_need\": 0.30000000000000004,"
        " \"p\": 1e-7, \"q\": 2.5e-3}],\n"
        " \"parameters\": {\"eta_train\": 0.12345678901234568, \"cost_R\": 9999999999.5},\n"
        " \"interventions\": [{\"type\": \"university_partnership\", \"unit_cost_kzt\": 0.1, \"budget_kzt\": 1e14,"
        " \"language_factor\": 5e-324, \"target\": {\"regions\": [\"O'Neil\"], \"resources_below\": 0.5,"
        " \"order\": \"rural_first\", \"need\": \"motivation\", \"fraction\": 0.25}}],\n"
        " \"outputs\": {\"survey_n\": 3, \"survey_rural_share\": 0.7, \"survey_months\": []}}";
    bilim_scenario a, b;
    char *json = NULL;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(text, NULL, &a, &json, d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(a.seed, UINT64_MAX);
    cr_assert_eq(a.population.regions[0].rural, 111);
    cr_assert_eq(a.population.regions[0].small_class, 33);
    cr_assert_eq(a.interventions[0].target.region_mask, 2u);
    cr_assert_eq(a.outputs.n_survey_months, 0);
    cr_assert_eq(bilim_scenario_load_string(json, NULL, &b, NULL, d), BILIM_OK, "%s\n%s", test_all_diags(d), json);
    cr_assert_arr_eq(&a, &b, sizeof a, "%s", json);
    free(json);
    bilim_diags_free(d);
}

/* The business-as-usual baseline's programmes: every option runs on top of
 * them, so an option's own interventions are those after the first n. */
static int32_t baseline_programmes(void)
{
    bilim_scenario base;
    load_ok("baseline.json", &base, NULL);
    return base.n_interventions;
}

Test(shipped, every_number_has_a_source_note)
{
    char names[MAX_FILES][256];
    int n = shipped(names);
    const int32_t nb = baseline_programmes();
    for (int i = 0; i < n; i++) {
        bilim_scenario sc;
        char *json = NULL;
        load_ok(names[i], &sc, &json);
        cJSON *root = cJSON_Parse(json);
        cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
        cJSON *notes = cJSON_GetObjectItemCaseSensitive(root, "notes");
        cr_assert(cJSON_IsString(desc) && strlen(desc->valuestring) > 40, "%s: no description", names[i]);
        cr_assert(cJSON_IsArray(notes) && cJSON_GetArraySize(notes) >= 1, "%s: no notes", names[i]);
        /* An option's own programmes (after business as usual) have budgets
         * and a stated source or assumption. */
        char path[1024];
        scenario_path(path, sizeof path, names[i]);
        char *raw = test_slurp(path);
        for (int k = nb; k < sc.n_interventions; k++) {
            cr_assert_gt(sc.interventions[k].budget_kzt, 0, "%s: %s has no budget", names[i],
                         sc.interventions[k].name);
            cr_assert(strstr(raw, "assumption") || strstr(raw, "BNS"), "%s: no source or assumption stated", names[i]);
        }
        free(raw);
        cJSON_Delete(root);
        free(json);
    }
}

Test(shipped, one_scenario_per_intervention_type)
{
    const int32_t nb = baseline_programmes();
    for (int t = 0; t < BILIM_N_IV_TYPES; t++) {
        char name[128];
        snprintf(name, sizeof name, "%s.json", bilim_iv_type_name((bilim_iv_type)t));
        bilim_scenario sc;
        load_ok(name, &sc, NULL);
        cr_assert_eq(sc.n_interventions, nb + 1, "%s: business as usual and one programme", name);
        cr_assert_eq(sc.interventions[nb].type, (bilim_iv_type)t, "%s", name);
        cr_assert_str_eq(sc.population.preset, "kz-national", "%s: a national design", name);
        char path[1024];
        scenario_path(path, sizeof path, name);
        char *raw = test_slurp(path);
        cr_assert(strstr(raw, "\"extends\": \"baseline.json\"") &&
                      strstr(raw, "\"append_interventions\""),
                  "%s: not an option on top of the business-as-usual baseline", name);
        free(raw);
    }
}

/* Every option extends the baseline and keeps its programmes (an option on
 * top of business as usual), except the no-programmes counterfactual. */
Test(shipped, every_option_runs_on_top_of_business_as_usual)
{
    char names[MAX_FILES][256];
    int n = shipped(names);
    bilim_scenario base;
    load_ok("baseline.json", &base, NULL);
    for (int i = 0; i < n; i++) {
        if (!strcmp(names[i], "baseline.json") || !strcmp(names[i], "no_programmes.json"))
            continue;
        bilim_scenario sc;
        load_ok(names[i], &sc, NULL);
        cr_assert_gt(sc.n_interventions, base.n_interventions, "%s", names[i]);
        for (int32_t k = 0; k < base.n_interventions; k++)
            cr_assert_arr_eq(&sc.interventions[k], &base.interventions[k],
                             sizeof base.interventions[k], "%s: programme %d of the baseline differs",
                             names[i], k);
    }
}

/* The baseline is business as usual: each national programme of
 * data/business-as-usual.json with a note giving its figure and source. */
Test(shipped, baseline_is_national_business_as_usual)
{
    bilim_scenario sc;
    load_ok("baseline.json", &sc, NULL);
    cr_assert_eq(bilim_population_schools(&sc.population), 7687);
    cr_assert_eq(sc.months, 60);
    cr_assert_geq(sc.n_innovations, 4);
    cr_assert_eq(sc.outputs.survey_months[0], 0);
    cr_assert_eq(sc.outputs.survey_months[sc.outputs.n_survey_months - 1], 60);
    cr_assert_eq(sc.outputs.survey_n, 116);
    int seen[BILIM_N_IV_TYPES] = {0};
    for (int32_t k = 0; k < sc.n_interventions; k++) {
        seen[sc.interventions[k].type] = 1;
        cr_assert(!strncmp(sc.interventions[k].name, "bau_", 4), "%s", sc.interventions[k].name);
    }
    cr_assert(seen[BILIM_IV_PROFESSIONAL_DEVELOPMENT] && seen[BILIM_IV_INNOVATION_HUB] &&
              seen[BILIM_IV_LEADERSHIP_TRAINING] && seen[BILIM_IV_RESOURCE_FUNDING]);
    char path[1024];
    scenario_path(path, sizeof path, "baseline.json");
    char *raw = test_slurp(path);
    static const char *const figures[] = {"91,000", "1,838", "375 candidates", "1,000 schools",
                                          "250,000,000 KZT"};
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        cr_assert(strstr(raw, figures[i]), "baseline.json: no note gives %s", figures[i]);
    free(raw);
    snprintf(path, sizeof path, "%s/data/business-as-usual.json", test_source_dir());
    raw = test_slurp(path);
    cJSON *root = cJSON_Parse(raw);
    cJSON *prog = cJSON_GetObjectItemCaseSensitive(root, "programmes"), *p;
    cr_assert(cJSON_IsObject(prog));
    cJSON_ArrayForEach(p, prog) {
        cr_assert(cJSON_GetObjectItemCaseSensitive(p, "value"), "%s: no value", p->string);
        cJSON *src = cJSON_GetObjectItemCaseSensitive(p, "source");
        cr_assert(cJSON_IsString(src) && strlen(src->valuestring) > 20, "%s: no source", p->string);
    }
    cJSON_Delete(root);
    free(raw);
}

/* The counterfactual is the baseline without its programmes. */
Test(shipped, no_programmes_is_the_baseline_without_programmes)
{
    bilim_scenario base, none;
    load_ok("baseline.json", &base, NULL);
    load_ok("no_programmes.json", &none, NULL);
    cr_assert_eq(none.n_interventions, 0);
    cr_assert_eq(none.seed, base.seed);
    cr_assert_eq(none.months, base.months);
    cr_assert_eq(none.n_innovations, base.n_innovations);
    cr_assert_arr_eq(&none.params, &base.params, sizeof base.params);
    cr_assert_arr_eq(none.innovations, base.innovations, sizeof base.innovations);
}

/* docs/scenarios.md names this set; their budgets (on top of business as
 * usual) must be equal. */
Test(shipped, equal_budget_options_have_equal_budgets)
{
    static const char *const set[] = {
        "package_leadership_incentives_funding.json", "package_rural_equity.json",
        "option_10bn_funding.json", "option_10bn_professional_development.json",
        "option_10bn_incentives.json"};
    const int32_t nb = baseline_programmes();
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) {
        bilim_scenario sc;
        load_ok(set[i], &sc, NULL);
        double total = 0;
        for (int k = nb; k < sc.n_interventions; k++)
            total += sc.interventions[k].budget_kzt;
        cr_assert_eq(total, 1e10, "%s: total budget %.17g, expected 10,000,000,000 KZT", set[i], total);
    }
    bilim_scenario rural;
    load_ok("package_rural_equity.json", &rural, NULL);
    cr_assert_geq(rural.n_interventions, nb + 3);
    bilim_scenario lif;
    load_ok("package_leadership_incentives_funding.json", &lif, NULL);
    int seen[BILIM_N_IV_TYPES] = {0};
    for (int k = nb; k < lif.n_interventions; k++)
        seen[lif.interventions[k].type] = 1;
    cr_assert(seen[BILIM_IV_LEADERSHIP_TRAINING] && seen[BILIM_IV_TEACHER_INCENTIVES] &&
              seen[BILIM_IV_RESOURCE_FUNDING]);
}

Test(shipped, parameter_file_holds_only_known_initial_parameters)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/params/kz-2026-survey.json", test_source_dir());
    char *raw = test_slurp(path);
    cr_assert_not_null(raw);
    cJSON *root = cJSON_Parse(raw);
    cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    cr_assert(cJSON_IsObject(params));
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "source")));
    int n = 0;
    for (cJSON *p = params->child; p; p = p->next, n++)
        cr_assert_not_null(bilim_params_find(p->string), "%s is not a parameter", p->string);
    cr_assert_geq(n, 19);
    cJSON_Delete(root);
    free(raw);
}

/* --- the schema ----------------------------------------------------------------------------------- */

Test(schema, file_is_up_to_date)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/schema.json", test_source_dir());
    char *file = test_slurp(path);
    cr_assert_not_null(file, "scenarios/schema.json is missing");
    char *gen;
    bilim_error err;
    cr_assert_eq(bilim_scenario_schema_json(&gen, &err), BILIM_OK, "%s", err.msg);
    cr_assert_str_eq(file, gen, "scenarios/schema.json is stale: run ./build/bilim validate --schema > scenarios/schema.json");
    free(file);
    free(gen);
}

static cJSON *schema_root(void)
{
    char *gen;
    bilim_error err;
    cr_assert_eq(bilim_scenario_schema_json(&gen, &err), BILIM_OK, "%s", err.msg);
    cJSON *root = cJSON_Parse(gen);
    free(gen);
    cr_assert_not_null(root);
    return root;
}

static cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double num(const cJSON *o, const char *k)
{
    cJSON *x = get(o, k);
    cr_assert(cJSON_IsNumber(x), "no number %s", k);
    return x->valuedouble;
}

/* Every row of the tables is a property of def with the same kind, bounds
 * and enum values; every property of def is a row; required lists agree. */
static void check_table(const cJSON *def, const bilim_field_table *t1, const bilim_field_table *t2)
{
    const cJSON *props = get(def, "properties");
    cr_assert(cJSON_IsObject(props), "%s: no properties", t1->name);
    /* Unknown keys are refused by a schema nothing matches ({"not": {}}), so a
     * validator reports them at the key (tests/test_schema_best_match.c). */
    const cJSON *ap = get(def, "additionalProperties");
    cr_assert(cJSON_IsObject(get(ap, "not")) && cJSON_GetArraySize(get(ap, "not")) == 0,
              "%s: unknown keys must be refused", t1->name);
    int rows = 0, required = 0;
    for (int pass = 0; pass < 2; pass++) {
        const bilim_field_table *t = pass ? t2 : t1;
        if (!t)
            continue;
        for (int k = 0; k < t->n; k++) {
            const bilim_field *f = &t->fields[k];
            rows++;
            required += f->required;
            const cJSON *p = get(props, f->key);
            cr_assert_not_null(p, "%s.%s is not in the schema", t->name, f->key);
            double lo, hi;
            bilim_fields_bounds(f, &lo, &hi);
            const char *type = cJSON_GetStringValue(get(p, "type"));
            switch (f->kind) {
            case BILIM_FIELD_INT:
            case BILIM_FIELD_INT64:
            case BILIM_FIELD_REAL:
                cr_assert_str_eq(type, f->kind == BILIM_FIELD_REAL ? "number" : "integer", "%s.%s", t->name, f->key);
                cr_assert_eq(num(p, f->min_open ? "exclusiveMinimum" : "minimum"), lo, "%s.%s", t->name, f->key);
                cr_assert_eq(num(p, f->max_open ? "exclusiveMaximum" : "maximum"), hi, "%s.%s", t->name, f->key);
                break;
            case BILIM_FIELD_BOOL:
                cr_assert_str_eq(type, "boolean", "%s.%s", t->name, f->key);
                break;
            case BILIM_FIELD_ENUM: {
                const cJSON *en = get(p, "enum");
                int n = 0;
                while (f->names[n])
                    n++;
                cr_assert_eq(cJSON_GetArraySize(en), n, "%s.%s", t->name, f->key);
                for (int i = 0; i < n; i++)
                    cr_assert_str_eq(cJSON_GetArrayItem(en, i)->valuestring, f->names[i]);
                break;
            }
            case BILIM_FIELD_IDENT:
                cr_assert_str_eq(cJSON_GetStringValue(get(p, "pattern")), "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$");
                break;
            case BILIM_FIELD_CUSTOM:
                break;
            }
        }
    }
    cr_assert_eq(cJSON_GetArraySize(props), rows, "%s: the schema has properties the loader does not know", t1->name);
    const cJSON *req = get(def, "required");
    cr_assert_eq(req ? cJSON_GetArraySize(req) : 0, required, "%s: required lists differ", t1->name);
    for (const cJSON *r = req ? req->child : NULL; r; r = r->next) {
        int k1 = bilim_fields_find(t1, r->valuestring, strlen(r->valuestring));
        int k2 = t2 ? bilim_fields_find(t2, r->valuestring, strlen(r->valuestring)) : -1;
        cr_assert((k1 >= 0 && t1->fields[k1].required) || (k2 >= 0 && t2->fields[k2].required),
                  "%s: %s required by the schema only", t1->name, r->valuestring);
    }
}

Test(schema, agrees_with_the_loader_tables)
{
    cJSON *root = schema_root();
    cJSON *defs = get(root, "definitions");
    check_table(root, &bilim__scenario_top, NULL);
    check_table(get(defs, "population"), &bilim__scenario_population, NULL);
    check_table(get(defs, "region_counts"), &bilim__scenario_region_counts, NULL);
    check_table(get(defs, "region_shares"), &bilim__scenario_region_shares, NULL);
    check_table(get(defs, "teachers_per_school"), &bilim__scenario_teachers, NULL);
    check_table(get(defs, "teacher_class"), &bilim__scenario_teacher_classes, NULL);
    check_table(get(defs, "innovation"), &bilim__scenario_innovation, NULL);
    check_table(get(defs, "target"), &bilim__scenario_target, NULL);
    check_table(get(defs, "outputs"), &bilim__scenario_outputs, NULL);
    for (int t = 0; t < BILIM_N_IV_TYPES; t++)
        check_table(get(defs, bilim__scenario_names_iv_type[t]), &bilim__scenario_iv_common, &bilim__scenario_iv_types[t]);
    /* The intervention types enum. */
    cJSON *types = get(get(get(get(defs, "intervention"), "properties"), "type"), "enum");
    cr_assert_eq(cJSON_GetArraySize(types), BILIM_N_IV_TYPES);
    for (int t = 0; t < BILIM_N_IV_TYPES; t++)
        cr_assert_str_eq(cJSON_GetArrayItem(types, t)->valuestring, bilim_iv_type_name((bilim_iv_type)t));
    /* Every parameter, with the table's type and range. */
    cJSON *params = get(get(defs, "parameters"), "properties");
    size_t n;
    const bilim_param_info *rows = bilim_params_table(&n);
    cr_assert_eq((size_t)cJSON_GetArraySize(params), n);
    for (size_t i = 0; i < n; i++) {
        cJSON *p = get(params, rows[i].name);
        cr_assert_not_null(p, "parameter %s missing from the schema", rows[i].name);
        cr_assert_str_eq(cJSON_GetStringValue(get(p, "type")), rows[i].type == BILIM_PARAM_INT ? "integer" : "number");
        cr_assert_eq(num(p, "minimum"), rows[i].min, "%s", rows[i].name);
        cr_assert_eq(num(p, "maximum"), rows[i].max, "%s", rows[i].name);
        cr_assert_eq(num(p, "default"), rows[i].def, "%s", rows[i].name);
    }
    cJSON_Delete(root);
}

/* --- python3-jsonschema, when installed ------------------------------------------------------------- */

static int have_jsonschema(void)
{
    return system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

/* Runs the validator over files; returns how many were rejected (-1 on failure to run). */
static int schema_rejects(const char *const *files, int n, char *out, size_t cap)
{
    test_dir t;
    test_mkdir(&t);
    const char *script = test_write(&t, "check.py",
        "import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "jsonschema.Draft7Validator.check_schema(schema)\n"
        "v = jsonschema.Draft7Validator(schema)\n"
        "bad = 0\n"
        "for f in sys.argv[2:]:\n"
        "    errs = list(v.iter_errors(json.load(open(f))))\n"
        "    if errs:\n"
        "        bad += 1\n"
        "        print(f, 'REJECTED', errs[0].message[:150])\n"
        "    else:\n"
        "        print(f, 'ACCEPTED')\n"
        "sys.exit(min(bad, 100))\n");
    char cmd[16384];
    size_t k = (size_t)snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s/scenarios/schema.json", script,
                                test_source_dir());
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(cmd + k, sizeof cmd - k, " '%s'", files[i]);
    snprintf(cmd + k, sizeof cmd - k, " >%s/out.txt 2>&1", t.path);
    int st = system(cmd);
    char res[600];
    snprintf(res, sizeof res, "%s/out.txt", t.path);
    char *text = test_slurp(res);
    snprintf(out, cap, "%s", text ? text : "");
    free(text);
    test_rmdir(&t);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(schema, jsonschema_accepts_every_shipped_and_resolved_scenario)
{
    test_require_tool(have_jsonschema(), "python3-jsonschema");
    char names[MAX_FILES][256];
    int n = shipped(names);
    test_dir t;
    test_mkdir(&t);
    static char paths[2 * MAX_FILES][1024];
    const char *files[2 * MAX_FILES];
    for (int i = 0; i < n; i++) {
        scenario_path(paths[i], sizeof paths[i], names[i]);
        files[i] = paths[i];
        bilim_scenario sc;
        char *json = NULL;
        load_ok(names[i], &sc, &json);
        char rel[300];
        snprintf(rel, sizeof rel, "resolved_%.250s", names[i]);
        snprintf(paths[n + i], sizeof paths[n + i], "%.1000s", test_write(&t, rel, json));
        files[n + i] = paths[n + i];
        free(json);
    }
    char out[32768];
    int rejected = schema_rejects(files, 2 * n, out, sizeof out);
    test_rmdir(&t);
    cr_assert_eq(rejected, 0, "the schema rejects scenarios the loader accepts:\n%s", out);
}

Test(schema, jsonschema_rejects_what_the_loader_rejects)
{
    test_require_tool(have_jsonschema(), "python3-jsonschema");
    static const char *const bad[] = {
        "{\"name\": \"x\", \"intensty\": 1}",
        "{\"name\": \"x\", \"months\": 0}",
        "{\"name\": \"x\", \"months\": 12.5}",
        "{\"name\": \"x\", \"seed\": -1}",
        "{\"name\": \"x\", \"replicates\": \"3\"}",
        "{\"seed\": 3}",
        "{\"name\": \"bad name\"}",
        "{\"name\": \"x\", \"parameters\": {\"eta_trian\": 1}}",
        "{\"name\": \"x\", \"parameters\": {\"theta_low\": 1.5}}",
        "{\"name\": \"x\", \"parameters\": {\"cluster_size\": 2.5}}",
        "{\"name\": \"x\", \"population\": {\"preset\": \"kz-national\", \"regions\": []}}",
        "{\"name\": \"x\", \"population\": {\"preset\": \"mars\"}}",
        "{\"name\": \"x\", \"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 1, \"schools\": 2}]}}",
        "{\"name\": \"x\", \"innovations\": [{\"name\": \"i\", \"complexity\": 0.5}]}",
        "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\"}]}",
        "{\"name\": \"x\", \"interventions\": [{\"type\": \"teacher_incentive\", \"unit_cost_kzt\": 1}]}",
        "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1, \"cohort_size\": 3}]}",
        "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1, \"target\": {\"fraction\": 0}}]}",
        "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1, \"target\": {\"locality\": \"Rural\"}}]}",
        "{\"name\": \"x\", \"append_interventions\": []}",
        "{\"name\": \"x\", \"extends\": \"b.json\", \"interventions\": [], \"append_interventions\": []}",
        "{\"name\": \"x\", \"outputs\": {\"survey_rural_share\": \"national\"}}",
        "{\"name\": \"x\", \"outputs\": {\"survey_months\": [3, 3]}}",
        "{\"name\": \"x\", \"description\": \"bell \\u0007\"}",
        "{\"name\": \"x\", \"population\": {\"regions\": [{\"name\": \"A \", \"urban\": 1, \"rural\": 1}]}}",
    };
    int n = (int)(sizeof bad / sizeof bad[0]);
    test_dir t;
    test_mkdir(&t);
    static char paths[64][600];
    const char *files[64];
    for (int i = 0; i < n; i++) {
        /* The loader rejects each (extends aside, which needs the file). */
        bilim_scenario sc;
        bilim_diags *d = bilim_diags_alloc();
        cr_assert_eq(bilim_scenario_load_string(bad[i], NULL, &sc, NULL, d), BILIM_EINVAL, "%s", bad[i]);
        bilim_diags_free(d);
        char name[32];
        snprintf(name, sizeof name, "bad%02d.json", i);
        snprintf(paths[i], sizeof paths[i], "%.500s", test_write(&t, name, bad[i]));
        files[i] = paths[i];
    }
    char out[32768];
    int rejected = schema_rejects(files, n, out, sizeof out);
    test_rmdir(&t);
    cr_assert_eq(rejected, n, "the schema accepts what the loader rejects:\n%s", out);
}

/* --- the examples in docs/scenarios.md ----------------------------------------------------- */

/* Every complete JSON example of the docs is valid: whole scenarios as they
 * are (relative to scenarios/), interventions, targets and top-level
 * fragments wrapped in the smallest scenario that holds them. */
Test(shipped, docs_examples_are_valid)
{
    char path[1024], origin[1024];
    snprintf(path, sizeof path, "%s/docs/scenarios.md", test_source_dir());
    snprintf(origin, sizeof origin, "%s/scenarios/docs-example.json", test_source_dir());
    char *doc = test_slurp(path);
    cr_assert_not_null(doc, "docs/scenarios.md is missing");
    int checked = 0;
    for (char *p = strstr(doc, "```json\n"); p; p = strstr(p, "```json\n")) {
        p += 8;
        char *end = strstr(p, "```");
        cr_assert_not_null(end);
        size_t n = (size_t)(end - p);
        char *block = strndup(p, n);
        p = end + 3;
        if (strstr(block, "...") || strstr(block, "\"source\"")) {
            free(block); /* an elided sketch, or a parameter file */
            continue;
        }
        size_t cap = n + 256;
        char *text = malloc(cap);
        if (!strncmp(block, "{\"type\"", 7))
            snprintf(text, cap, "{\"name\": \"doc\", \"interventions\": [%s]}", block);
        else if (!strncmp(block, "\"target\"", 8))
            snprintf(text, cap, "{\"name\": \"doc\", \"interventions\": [{\"type\": \"innovation_hub\", "
                     "\"unit_cost_kzt\": 1, %s}]}", block);
        else if (block[0] == '"')
            snprintf(text, cap, "{\"name\": \"doc\", %s}", block);
        else
            snprintf(text, cap, "%s", block);
        bilim_scenario sc;
        bilim_diags *d = bilim_diags_alloc();
        int rc = bilim_scenario_load_string(text, origin, &sc, NULL, d);
        cr_assert_eq(rc, BILIM_OK, "a docs example does not validate:\n%s\n%s", text, test_all_diags(d));
        bilim_diags_free(d);
        free(text);
        free(block);
        checked++;
    }
    cr_assert_geq(checked, 12, "only %d examples found", checked);
    free(doc);
}

/* The loader keeps no global state: loads from several threads at once give
 * the same scenarios and the same messages as serial loads. */
Test(shipped, concurrent_loads_agree)
{
    enum { N = 8 };
    char path[1024];
    scenario_path(path, sizeof path, "package_rural_equity.json");
    bilim_scenario serial;
    load_ok("package_rural_equity.json", &serial, NULL);
    static bilim_scenario got[N];
    int rc[N], bad_rc[N];
    char first_msg[N][256];
#pragma omp parallel for num_threads(4)
    for (int i = 0; i < N; i++) {
        rc[i] = bilim_scenario_load(path, &got[i], NULL, NULL);
        bilim_diags *d = bilim_diags_alloc();
        bad_rc[i] = bilim_scenario_load_string(i % 2 ? "{\"name\": 1}" : "{\"name\": \"x\",}", NULL,
                                               &got[i], NULL, d);
        snprintf(first_msg[i], sizeof first_msg[i], "%s", bilim_diags_count(d) ? bilim_diags_get(d, 0) : "");
        bilim_diags_free(d);
    }
    for (int i = 0; i < N; i++) {
        cr_assert_eq(rc[i], BILIM_OK);
        cr_assert_arr_eq(&got[i], &serial, sizeof serial, "thread load %d differs", i);
        cr_assert_eq(bad_rc[i], BILIM_EINVAL);
        cr_assert_str_eq(first_msg[i], i % 2 ? "<string>:1:10: name: found 1, a number; expected a name of 1 to 63 characters (letters, digits, '_', '-', '.'), starting with a letter or digit"
                                             : "<string>:1:14: syntax error: trailing comma before '}'; remove it");
    }
}

/* What `--schools N` does to a scenario still prints as a loadable file. */
Test(shipped, a_sampled_scenario_prints_as_a_loadable_file)
{
    bilim_scenario sc, back;
    load_ok("package_rural_equity.json", &sc, NULL);
    bilim_population small;
    cr_assert_eq(bilim_population_sample(&sc.population, 60, &small, NULL), BILIM_OK);
    sc.population = small;
    char *json = bilim_scenario_to_json(&sc, NULL);
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(json, NULL, &back, NULL, d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(bilim_population_schools(&back.population), 60);
    cr_assert_eq(back.outputs.survey_n, 60, "survey_n capped at the sample");
    cr_assert_eq(memcmp(back.interventions, sc.interventions, sizeof sc.interventions), 0);
    bilim_diags_free(d);
    free(json);
}
