/* tests/test_schema_best_match.c: a standard Draft 7 validator
 * (python3-jsonschema) points at the offending field of typical mistakes
 * with the schema bilim generates (formats/scenario_schema.c): its
 * best_match error's path is the field's, not the intervention's or the
 * file's. Each case is also refused by the loader. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/scenario_load.h"
#include "formats/scenario_schema.h"
#include "scenario_helpers.h"

static int have_jsonschema(void)
{
    return system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

typedef struct mistake {
    const char *what;
    const char *json;
    const char *path; /* best_match's absolute_path, as JSON */
} mistake;

#define IV(fields) "{\"name\": \"x\", \"interventions\": [{\"type\": \"resource_funding\", " \
                   "\"unit_cost_kzt\": 10000000, " fields "}]}"

static const mistake mistakes[] = {
    {"a budget written \"5bn\"", IV("\"budget_kzt\": \"5bn\""), "[\"interventions\", 0, \"budget_kzt\"]"},
    {"a budget written \"5 млрд\"", IV("\"budget_kzt\": \"5 млрд\""), "[\"interventions\", 0, \"budget_kzt\"]"},
    {"a misspelt field", IV("\"budjet_kzt\": 5000000000"), "[\"interventions\", 0, \"budjet_kzt\"]"},
    {"a field at the wrong level", IV("\"max_schools\": 500"), "[\"interventions\", 0, \"max_schools\"]"},
    {"a field of another type", IV("\"cohort_size\": 500"), "[\"interventions\", 0, \"cohort_size\"]"},
    {"a wrong type name",
     "{\"name\": \"x\", \"interventions\": [{\"type\": \"digital_equipment\", \"unit_cost_kzt\": 1}]}",
     "[\"interventions\", 0, \"type\"]"},
    {"a wrong enum value", IV("\"allocation\": \"needs\""), "[\"interventions\", 0, \"allocation\"]"},
    {"a bad date as start_month", IV("\"start_month\": \"2027-13\""), "[\"interventions\", 0, \"start_month\"]"},
    {"a bad start_date", "{\"name\": \"x\", \"start_date\": \"September 2026\"}", "[\"start_date\"]"},
    {"a bad region", IV("\"target\": {\"regions\": [\"Mars\"]}"),
     "[\"interventions\", 0, \"target\", \"regions\", 0]"},
    {"a bad target field", IV("\"target\": {\"fraction\": 0}"), "[\"interventions\", 0, \"target\", \"fraction\"]"},
    {"a misspelt top-level key", "{\"name\": \"x\", \"replicate\": 5}", "[\"replicate\"]"},
    {"a title on two lines", "{\"name\": \"x\", \"title\": \"a\\nb\"}", "[\"title\"]"},
    {"a region count as text",
     "{\"name\": \"x\", \"population\": {\"regions\": [{\"name\": \"A\", \"urban\": \"5\", \"rural\": 3}]}}",
     "[\"population\", \"regions\", 0, \"urban\"]"},
    {"a region share out of range",
     "{\"name\": \"x\", \"population\": {\"regions\": [{\"name\": \"A\", \"schools\": 5, \"rural_share\": 2}]}}",
     "[\"population\", \"regions\", 0, \"rural_share\"]"},
    {"a misspelt parameter", "{\"name\": \"x\", \"parameters\": {\"eta_trian\": 1}}",
     "[\"parameters\", \"eta_trian\"]"},
    {"an appended intervention's field",
     "{\"name\": \"x\", \"extends\": \"baseline.json\", \"append_interventions\": [{\"type\": "
     "\"leadership_training\", \"unit_cost_kzt\": 1, \"cohort_size\": -3}]}",
     "[\"append_interventions\", 0, \"cohort_size\"]"},
};
#define N_MISTAKES ((int)(sizeof mistakes / sizeof mistakes[0]))

Test(schema_best_match, points_at_the_offending_field)
{
    test_require_tool(have_jsonschema(), "python3-jsonschema");
    test_dir t;
    test_mkdir(&t);
    char *schema = NULL;
    bilim_error err;
    cr_assert_eq(bilim_scenario_schema_json(&schema, &err), BILIM_OK);
    char schema_path[700];
    snprintf(schema_path, sizeof schema_path, "%.690s", test_write(&t, "schema.json", schema));
    free(schema);
    char cmd[4096];
    size_t k = (size_t)snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s",
                                test_write(&t, "best.py",
                                    "import json, sys, jsonschema\n"
                                    "from jsonschema.exceptions import best_match\n"
                                    "v = jsonschema.Draft7Validator(json.load(open(sys.argv[1])))\n"
                                    "for f in sys.argv[2:]:\n"
                                    "    e = best_match(v.iter_errors(json.load(open(f))))\n"
                                    "    print(json.dumps(list(e.absolute_path), ensure_ascii=False) if e else 'VALID')\n"
                                    "    print(e.message[:200] if e else '', file=sys.stderr)\n"),
                                schema_path);
    for (int i = 0; i < N_MISTAKES; i++) {
        /* The loader refuses each one too (extends aside: the file is not there). */
        if (!strstr(mistakes[i].json, "extends")) {
            bilim_scenario sc;
            cr_assert_eq(bilim_scenario_load_string(mistakes[i].json, NULL, &sc, NULL, NULL),
                         BILIM_EINVAL, "the loader accepts %s", mistakes[i].what);
        }
        char name[32];
        snprintf(name, sizeof name, "m%02d.json", i);
        k += (size_t)snprintf(cmd + k, sizeof cmd - k, " %s", test_write(&t, name, mistakes[i].json));
    }
    snprintf(cmd + k, sizeof cmd - k, " >%s/out.txt 2>%s/err.txt", t.path, t.path);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char p[700];
    snprintf(p, sizeof p, "%.600s/out.txt", t.path);
    char *out = test_slurp(p);
    snprintf(p, sizeof p, "%.600s/err.txt", t.path);
    char *msgs = test_slurp(p);
    cr_assert_not_null(out);
    char *line = out, *msg = msgs;
    for (int i = 0; i < N_MISTAKES; i++) {
        char *nl = strchr(line, '\n');
        cr_assert_not_null(nl, "missing output for %s:\n%s", mistakes[i].what, out);
        *nl = '\0';
        char *mnl = msg ? strchr(msg, '\n') : NULL;
        if (mnl)
            *mnl = '\0';
        cr_expect_str_eq(line, mistakes[i].path, "%s: best_match points at %s (%s); expected %s",
                         mistakes[i].what, line, msg ? msg : "", mistakes[i].path);
        line = nl + 1;
        msg = mnl ? mnl + 1 : NULL;
    }
    free(out);
    free(msgs);
    test_rmdir(&t);
}
