/* formats/scenario_schema.c: see scenario_schema.h. The schema is written
 * compactly from the field tables, then parsed back with the strict reader and
 * pretty-printed (which also proves it is valid JSON). */
#include "formats/scenario_schema.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/scenario_internal.h"
#include "formats/region_names.h"
#include "models/preset.h"

#define NAME_PATTERN "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"
/* Text without control characters other than tab and line feed (bilim_fields_read_text). */
#define TEXT_PATTERN "^[^\\\\u0000-\\\\u0008\\\\u000B-\\\\u001F\\\\u007F]*$"
/* One line: no control characters at all, no leading or trailing space (read_title). */
#define TITLE_PATTERN "^[^ \\\\u0000-\\\\u001F\\\\u007F]([^\\\\u0000-\\\\u001F\\\\u007F]*[^ \\\\u0000-\\\\u001F\\\\u007F])?$"
/* A name with the word for region before or after it (formats/region_names.h). */
#define REGION_WORD_PATTERN "^[^ ].* (Region|region|oblast|Oblast|oblysy|Province|province|облысы|область|обл\\\\.)$|^(область|обл\\\\.) [^ ]"
#define REGION_PATTERN "^[A-Za-z0-9]([A-Za-z0-9 _.'-]{0,61}[A-Za-z0-9_.'-])?$"

/* --- compact emission --------------------------------------------------------------- */

static void put(sl_sb *b, const char *s)
{
    bilim__scenario_sb_put(b, s, strlen(s));
}

static void kv_str(sl_sb *b, const char *k, const char *v)
{
    bilim__scenario_sb_str(b, k);
    put(b, ":");
    bilim__scenario_sb_str(b, v);
}

static void names_array(sl_sb *b, const char *const *names)
{
    put(b, "[");
    for (int i = 0; names[i]; i++) {
        if (i)
            put(b, ",");
        bilim__scenario_sb_str(b, names[i]);
    }
    put(b, "]");
}

/* The schema of one table row (not BILIM_FIELD_CUSTOM); dflt, when not NULL, is a
 * struct of the row's type holding the default. */
static void field_schema(sl_sb *b, const bilim_field *f, const void *dflt)
{
    double lo, hi;
    bilim_fields_bounds(f, &lo, &hi);
    put(b, "{");
    kv_str(b, "description", f->doc);
    const char *p = (dflt && !f->required) ? (const char *)dflt + f->offset : NULL;
    int32_t i;
    double d;
    switch (f->kind) {
    case BILIM_FIELD_INT:
    case BILIM_FIELD_INT64:
        put(b, ",\"type\":\"integer\",\"minimum\":");
        bilim__scenario_sb_double(b, lo);
        put(b, ",\"maximum\":");
        bilim__scenario_sb_double(b, hi);
        if (p && f->kind == BILIM_FIELD_INT) {
            memcpy(&i, p, sizeof i);
            bilim__scenario_sb_printf(b, ",\"default\":%d", (int)i);
        } else if (p) {
            int64_t l;
            memcpy(&l, p, sizeof l);
            bilim__scenario_sb_printf(b, ",\"default\":%lld", (long long)l);
        }
        break;
    case BILIM_FIELD_REAL:
        put(b, ",\"type\":\"number\"");
        if (!isinf(lo)) {
            put(b, f->min_open ? ",\"exclusiveMinimum\":" : ",\"minimum\":");
            bilim__scenario_sb_double(b, lo);
        }
        if (!isinf(hi)) {
            put(b, f->max_open ? ",\"exclusiveMaximum\":" : ",\"maximum\":");
            bilim__scenario_sb_double(b, hi);
        }
        if (p) {
            memcpy(&d, p, sizeof d);
            put(b, ",\"default\":");
            bilim__scenario_sb_double(b, d);
        }
        break;
    case BILIM_FIELD_BOOL:
        put(b, ",\"type\":\"boolean\"");
        if (p) {
            memcpy(&i, p, sizeof i);
            put(b, i ? ",\"default\":true" : ",\"default\":false");
        }
        break;
    case BILIM_FIELD_ENUM:
        put(b, ",\"type\":\"string\",\"enum\":");
        names_array(b, f->names);
        if (p) {
            memcpy(&i, p, sizeof i);
            put(b, ",\"default\":");
            bilim__scenario_sb_str(b, f->names[i - f->base]);
        }
        break;
    case BILIM_FIELD_IDENT:
        put(b, ",\"type\":\"string\",\"pattern\":\"" NAME_PATTERN "\"");
        break;
    case BILIM_FIELD_CUSTOM:
        break;
    }
    put(b, "}");
}

/* Custom rows: the schema is given here, by key, for each table. */
typedef void (*custom_fn)(sl_sb *b, const bilim_field *f);

static void custom_doc(sl_sb *b, const bilim_field *f, const char *rest)
{
    put(b, "{");
    kv_str(b, "description", f->doc);
    put(b, rest);
    put(b, "}");
}

/* Unknown keys. Not "additionalProperties": false, whose error a Draft 7
 * validator reports at the enclosing object: as a schema that nothing
 * matches, the error is reported at the unknown key itself, so an editor and
 * jsonschema's best_match point at the misspelt or misplaced field. */
#define NO_OTHER_KEYS "\"additionalProperties\":{\"description\":\"Not a key of this object " \
                      "(docs/scenarios.md lists the keys).\",\"not\":{}}"

/* "properties":{...},"required":[...] and no other keys, for t. */
static void properties(sl_sb *b, const bilim_field_table *t, const void *dflt, custom_fn custom,
                       const bilim_field_table *extra, const void *extra_dflt)
{
    put(b, "\"type\":\"object\"," NO_OTHER_KEYS ",\"properties\":{");
    int first = 1;
    for (int pass = 0; pass < 2; pass++) {
        const bilim_field_table *tt = pass ? extra : t;
        const void *dd = pass ? extra_dflt : dflt;
        if (!tt)
            continue;
        for (int k = 0; k < tt->n; k++) {
            const bilim_field *f = &tt->fields[k];
            if (!first)
                put(b, ",");
            first = 0;
            bilim__scenario_sb_str(b, f->key);
            put(b, ":");
            if (f->kind == BILIM_FIELD_CUSTOM)
                custom(b, f);
            else
                field_schema(b, f, dd);
        }
    }
    put(b, "}");
    int nreq = 0;
    for (int pass = 0; pass < 2; pass++) {
        const bilim_field_table *tt = pass ? extra : t;
        if (!tt)
            continue;
        for (int k = 0; k < tt->n; k++)
            if (tt->fields[k].required) {
                put(b, nreq++ ? "," : ",\"required\":[");
                bilim__scenario_sb_str(b, tt->fields[k].key);
            }
    }
    if (nreq)
        put(b, "]");
}

/* --- the custom rows ------------------------------------------------------------------- */

/* "YYYY-MM" with a month 01-12 (the year's range is checked by the loader). */
#define DATE_PATTERN "^[0-9]{4}-(0[1-9]|1[0-2])$"

static void top_custom(sl_sb *b, const bilim_field *f)
{
    const char *k = f->key;
    char tmp[512];
    if (!strcmp(k, "$schema") || !strcmp(k, "extends") || !strcmp(k, "parameter_file"))
        custom_doc(b, f, ",\"type\":\"string\",\"minLength\":1");
    else if (!strcmp(k, "description")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"string\",\"maxLength\":%d,\"pattern\":\"" TEXT_PATTERN "\"",
                 BILIM_FIELDS_MAX_TEXT);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "title")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"string\",\"minLength\":1,\"maxLength\":%d,\"pattern\":\"" TITLE_PATTERN "\"",
                 BILIM_TITLE_CHARS);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "notes")) {
        snprintf(tmp, sizeof tmp, ",\"anyOf\":[{\"type\":\"string\",\"maxLength\":%d,\"pattern\":\""
                 TEXT_PATTERN "\"},{\"type\":\"array\",\"maxItems\":%d,\"items\":{\"type\":"
                 "\"string\",\"maxLength\":%d,\"pattern\":\"" TEXT_PATTERN "\"}}]",
                 BILIM_FIELDS_MAX_TEXT, SL_MAX_NOTES, BILIM_FIELDS_MAX_TEXT);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "seed"))
        custom_doc(b, f, ",\"type\":\"integer\",\"minimum\":0,\"maximum\":18446744073709551615,"
                         "\"default\":1");
    else if (!strcmp(k, "start_date"))
        custom_doc(b, f, ",\"type\":\"string\",\"pattern\":\"" DATE_PATTERN "\",\"default\":\"2026-09\"");
    else if (!strcmp(k, "population"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/population\"");
    else if (!strcmp(k, "innovations")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"minItems\":1,\"maxItems\":%d,"
                 "\"items\":{\"$ref\":\"#/definitions/innovation\"}", BILIM_MAX_INNOVATIONS);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "groups")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"object\",\"maxProperties\":%d,\"propertyNames\":"
                 "{\"pattern\":\"" NAME_PATTERN "\"},\"additionalProperties\":{\"$ref\":"
                 "\"#/definitions/target\"}", BILIM_MAX_GROUPS);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "package"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/package\"");
    else if (!strcmp(k, "parameters"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/parameters\"");
    else if (!strcmp(k, "interventions") || !strcmp(k, "append_interventions")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"maxItems\":%d,"
                 "\"items\":{\"$ref\":\"#/definitions/intervention\"}", BILIM_MAX_INTERVENTIONS);
        custom_doc(b, f, tmp);
    } else if (!strcmp(k, "outputs"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/outputs\"");
    else if (!strcmp(k, "sweep"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/sweep\"");
    else
        custom_doc(b, f, "");
}

static void population_custom(sl_sb *b, const bilim_field *f)
{
    if (!strcmp(f->key, "preset")) {
        put(b, "{");
        kv_str(b, "description", f->doc);
        put(b, ",\"type\":\"string\",\"enum\":");
        names_array(b, bilim_preset_names());
        put(b, "}");
    } else if (!strcmp(f->key, "regions")) {
        char tmp[300];
        snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"minItems\":1,\"maxItems\":%d,\"items\":"
                 "{\"if\":{\"anyOf\":[{\"required\":[\"schools\"]},{\"required\":[\"rural_share\"]},"
                 "{\"required\":[\"small_class_share\"]}]},"
                 "\"then\":{\"$ref\":\"#/definitions/region_shares\"},"
                 "\"else\":{\"$ref\":\"#/definitions/region_counts\"}}", BILIM_MAX_REGIONS);
        custom_doc(b, f, tmp);
    } else {
        custom_doc(b, f, ",\"$ref\":\"#/definitions/teachers_per_school\"");
    }
}

static void region_custom(sl_sb *b, const bilim_field *f)
{
    custom_doc(b, f, ",\"type\":\"string\",\"pattern\":\"" REGION_PATTERN "\"");
}

static void teachers_custom(sl_sb *b, const bilim_field *f)
{
    custom_doc(b, f, ",\"$ref\":\"#/definitions/teacher_class\"");
}

static void innovation_custom(sl_sb *b, const bilim_field *f)
{
    custom_doc(b, f, "");
}

static void iv_custom(sl_sb *b, const bilim_field *f)
{
    if (!strcmp(f->key, "target"))
        custom_doc(b, f, ",\"$ref\":\"#/definitions/target\"");
    else if (!strcmp(f->key, "start_month")) {
        char tmp[200];
        snprintf(tmp, sizeof tmp, ",\"anyOf\":[{\"type\":\"integer\",\"minimum\":0,\"maximum\":%d},"
                 "{\"type\":\"string\",\"pattern\":\"" DATE_PATTERN "\"}],\"default\":0", BILIM_MAX_MONTHS - 1);
        custom_doc(b, f, tmp);
    }
    else
        custom_doc(b, f, "");
}

static void target_custom(sl_sb *b, const bilim_field *f)
{
    if (!strcmp(f->key, "group")) {
        custom_doc(b, f, ",\"type\":\"string\",\"pattern\":\"" NAME_PATTERN "\"");
        return;
    }
    char tmp[200];
    snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"minItems\":1,\"maxItems\":%d,"
             "\"uniqueItems\":true,\"items\":{\"type\":\"string\",\"pattern\":\"" REGION_PATTERN
             "\"}", BILIM_MAX_REGIONS);
    custom_doc(b, f, tmp);
}

static void package_custom(sl_sb *b, const bilim_field *f)
{
    char tmp[200];
    snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"minItems\":1,\"maxItems\":%d,\"uniqueItems\":true,"
             "\"items\":{\"type\":\"string\",\"pattern\":\"" NAME_PATTERN "\"}", BILIM_MAX_INTERVENTIONS);
    custom_doc(b, f, tmp);
}

static void outputs_custom(sl_sb *b, const bilim_field *f)
{
    char tmp[300];
    if (!strcmp(f->key, "survey_months")) {
        snprintf(tmp, sizeof tmp, ",\"type\":\"array\",\"maxItems\":%d,\"uniqueItems\":true,"
                 "\"items\":{\"anyOf\":[{\"type\":\"integer\",\"minimum\":0,\"maximum\":%d},"
                 "{\"type\":\"string\",\"pattern\":\"" DATE_PATTERN "\"}]},\"default\":[0]",
                 BILIM_MAX_SURVEY_MONTHS, BILIM_MAX_MONTHS);
        custom_doc(b, f, tmp);
    } else {
        custom_doc(b, f, ",\"anyOf\":[{\"type\":\"number\",\"minimum\":0,\"maximum\":1},"
                         "{\"const\":\"population\"}],\"default\":\"population\"");
    }
}

static void sweep_custom(sl_sb *b, const bilim_field *f)
{
    custom_doc(b, f, ",\"type\":\"string\",\"minLength\":1");
}

/* --- definitions ------------------------------------------------------------------------- */

static void def_open(sl_sb *b, const char *name, const char *description)
{
    put(b, ",");
    bilim__scenario_sb_str(b, name);
    put(b, ":{");
    kv_str(b, "description", description);
    put(b, ",");
}

static void parameters_def(sl_sb *b)
{
    def_open(b, "parameters", "Model parameters by name; each overrides the table default "
             "(docs/parameters.md). Precedence: defaults < parameter_file < parameters.");
    put(b, "\"type\":\"object\"," NO_OTHER_KEYS ",\"properties\":{");
    size_t n;
    const bilim_param_info *rows = bilim_params_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(b, ",");
        bilim__scenario_sb_str(b, rows[i].name);
        char doc[600];
        snprintf(doc, sizeof doc, "%s Unit: %s. Source: %s.", rows[i].description, rows[i].unit,
                 rows[i].source);
        put(b, ":{");
        kv_str(b, "description", doc);
        put(b, rows[i].type == BILIM_PARAM_INT ? ",\"type\":\"integer\"" : ",\"type\":\"number\"");
        put(b, ",\"minimum\":");
        bilim__scenario_sb_double(b, rows[i].min);
        put(b, ",\"maximum\":");
        bilim__scenario_sb_double(b, rows[i].max);
        put(b, ",\"default\":");
        bilim__scenario_sb_double(b, rows[i].def);
        put(b, "}");
    }
    put(b, "}}");
}

static void interventions_def(sl_sb *b)
{
    def_open(b, "intervention", "A policy intervention; \"type\" selects which fields it takes "
             "(ODD 7.4, docs/scenarios.md).");
    /* One if/then per type, not oneOf: a validator then reports the error inside
     * the variant the "type" selects (at the offending field), not "valid under
     * none of the schemas" at the intervention. */
    put(b, "\"type\":\"object\",\"required\":[\"type\"],\"properties\":{\"type\":{"
           "\"description\":\"What the intervention does (ODD 7.4).\",\"enum\":");
    names_array(b, bilim__scenario_names_iv_type);
    put(b, "}},\"allOf\":[");
    for (int t = 0; t < BILIM_N_IV_TYPES; t++)
        bilim__scenario_sb_printf(b, "%s{\"if\":{\"properties\":{\"type\":{\"const\":\"%s\"}},"
                                  "\"required\":[\"type\"]},\"then\":{\"$ref\":\"#/definitions/%s\"}}",
                                  t ? "," : "", bilim__scenario_names_iv_type[t],
                                  bilim__scenario_names_iv_type[t]);
    put(b, "]}");
    for (int t = 0; t < BILIM_N_IV_TYPES; t++) {
        bilim_intervention d;
        bilim_intervention_defaults(&d, (bilim_iv_type)t);
        char doc[120];
        snprintf(doc, sizeof doc, "An intervention of type %s.", bilim__scenario_names_iv_type[t]);
        def_open(b, bilim__scenario_names_iv_type[t], doc);
        properties(b, &bilim__scenario_iv_common, &d, iv_custom, &bilim__scenario_iv_types[t], &d);
        put(b, "}");
    }
}

/* Region names in targets. A file that lists population.regions may name
 * its own regions; any other file (the preset, given or inherited) must use
 * the preset's names, so an editor flags a misspelt region at the name. */
static void target_regions_rule(sl_sb *b)
{
    bilim_population pop;
    memset(&pop, 0, sizeof pop);
    if (bilim_preset_get("kz-national", &pop) != 0 || pop.n_regions < 1)
        return;
    size_t n_aliases;
    const bilim_region_alias *aliases = bilim_region_names_aliases(&n_aliases);
    put(b, ",\"if\":{\"required\":[\"population\"],\"properties\":{\"population\":"
           "{\"required\":[\"regions\"]}}},\"else\":{\"properties\":{");
    for (int k = 0; k < 2; k++) {
        bilim__scenario_sb_printf(b, "%s\"%s\":{\"items\":{\"properties\":{\"target\":{\"properties\":"
                                  "{\"regions\":{\"items\":{\"description\":\"A region of the "
                                  "kz-national preset by its name or an alias, optionally with "
                                  "'Region' or 'oblast' (docs/scenarios.md, Region names).\","
                                  "\"anyOf\":[{\"enum\":[",
                                  k ? "," : "", k ? "append_interventions" : "interventions");
        for (int r = 0; r < pop.n_regions; r++) {
            if (r)
                put(b, ",");
            bilim__scenario_sb_str(b, pop.regions[r].name);
        }
        for (size_t i = 0; i < n_aliases; i++) {
            put(b, ",");
            bilim__scenario_sb_str(b, aliases[i].alias);
        }
        /* The suffixed forms are checked by the loader (bilim_region_names_find). */
        put(b, "]},{\"type\":\"string\",\"pattern\":\"" REGION_WORD_PATTERN "\"}]}}}}}}}");
    }
    put(b, "}}");
}

static void write_compact(sl_sb *b)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    bilim_target all = bilim_target_all();
    put(b, "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
           "\"title\":\"bilim scenario\","
           "\"description\":\"A bilim scenario file (docs/scenarios.md). Generated by "
           "'bilim validate --schema' from the loader's own tables; the loader also checks "
           "cross-field rules no schema can express.\",");
    properties(b, &bilim__scenario_top, &sc, top_custom, NULL, NULL);
    put(b, ",\"dependencies\":{\"append_interventions\":[\"extends\"]},"
           "\"not\":{\"required\":[\"interventions\",\"append_interventions\"]}");
    target_regions_rule(b);
    put(b, ",\"definitions\":{");
    put(b, "\"population\":{\"description\":\"Schools: a preset or explicit regions (not both). "
           "A file that extends another may give only what changes.\",");
    properties(b, &bilim__scenario_population, NULL, population_custom, NULL, NULL);
    put(b, ",\"not\":{\"required\":[\"preset\",\"regions\"]}}");
    def_open(b, "region_counts", "A region as whole school counts.");
    properties(b, &bilim__scenario_region_counts, NULL, region_custom, NULL, NULL);
    put(b, "}");
    def_open(b, "region_shares", "A region as a school total and shares (rounded to whole schools).");
    properties(b, &bilim__scenario_region_shares, NULL, region_custom, NULL, NULL);
    put(b, "}");
    def_open(b, "teachers_per_school", "Teachers per school, drawn per school from a lognormal "
             "by size class.");
    properties(b, &bilim__scenario_teachers, &sc.population, teachers_custom, NULL, NULL);
    put(b, "}");
    def_open(b, "teacher_class", "Lognormal mean and log-sd of teachers per school.");
    properties(b, &bilim__scenario_teacher_classes, NULL, NULL, NULL, NULL);
    put(b, "}");
    def_open(b, "innovation", "An innovation whose use spreads (ODD 7.2).");
    properties(b, &bilim__scenario_innovation, NULL, innovation_custom, NULL, NULL);
    put(b, "}");
    parameters_def(b);
    interventions_def(b);
    def_open(b, "target", "Which schools an intervention may reach (all filters must hold) and in "
             "what order they are taken.");
    properties(b, &bilim__scenario_target, &all, target_custom, NULL, NULL);
    put(b, ",\"if\":{\"required\":[\"group\"]},\"then\":{\"maxProperties\":1}}");
    def_open(b, "package", "This scenario as a package: its total budget, which the budget caps of "
             "its parts must add up to (within 0.1%).");
    properties(b, &bilim__scenario_package, NULL, package_custom, NULL, NULL);
    put(b, "}");
    def_open(b, "outputs", "What a run records besides the national series.");
    properties(b, &bilim__scenario_outputs, &sc.outputs, outputs_custom, NULL, NULL);
    put(b, "}");
    def_open(b, "sweep", "For bilim compare: one option per level of an intervention's field, "
             "on common random numbers.");
    properties(b, &bilim__scenario_sweep, NULL, sweep_custom, NULL, NULL);
    put(b, "}");
    put(b, "}}");
}

/* --- pretty printing ------------------------------------------------------------------------ */

static void newline(sl_sb *b, int level)
{
    put(b, "\n");
    for (int i = 0; i < level; i++)
        put(b, "  ");
}

static int scalar_array(const bilim_json *v)
{
    for (const bilim_json *e = v->child; e; e = e->next)
        if (e->type == BILIM_JSON_ARRAY || e->type == BILIM_JSON_OBJECT)
            return 0;
    return 1;
}

static void pretty(sl_sb *b, const bilim_json *v, int level)
{
    switch (v->type) {
    case BILIM_JSON_NULL: put(b, "null"); break;
    case BILIM_JSON_BOOL: put(b, v->boolean ? "true" : "false"); break;
    case BILIM_JSON_NUMBER: bilim__scenario_sb_put(b, v->text, v->len); break;
    case BILIM_JSON_STRING: bilim__scenario_sb_str(b, v->text); break;
    case BILIM_JSON_ARRAY:
        put(b, "[");
        if (scalar_array(v)) {
            for (const bilim_json *e = v->child; e; e = e->next) {
                pretty(b, e, level);
                if (e->next)
                    put(b, ", ");
            }
        } else {
            for (const bilim_json *e = v->child; e; e = e->next) {
                newline(b, level + 1);
                pretty(b, e, level + 1);
                if (e->next)
                    put(b, ",");
            }
            newline(b, level);
        }
        put(b, "]");
        break;
    case BILIM_JSON_OBJECT:
        put(b, "{");
        for (const bilim_json *e = v->child; e; e = e->next) {
            newline(b, level + 1);
            bilim__scenario_sb_str(b, e->key);
            put(b, ": ");
            pretty(b, e, level + 1);
            if (e->next)
                put(b, ",");
        }
        if (v->child)
            newline(b, level);
        put(b, "}");
        break;
    }
}

int bilim_scenario_schema_json(char **out, bilim_error *err)
{
    *out = NULL;
    sl_sb compact = {NULL, 0, 0, 0};
    write_compact(&compact);
    bilim_json_arena *a = compact.oom ? NULL : bilim_json_arena_alloc();
    if (!a) {
        bilim_free(compact.s);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    bilim_json_syntax syn;
    bilim_json *root = bilim_json_parse(a, compact.s, compact.n, "schema", &syn);
    sl_sb pretty_text = {NULL, 0, 0, 0};
    int rc = BILIM_OK;
    if (root) {
        pretty(&pretty_text, root, 0);
        put(&pretty_text, "\n");
        if (pretty_text.oom)
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    } else if (syn.nomem) {
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    } else {
        /* A bug in the generator: say so rather than write invalid JSON. */
        rc = bilim_error_set(err, BILIM_EINTERNAL,
                             "internal error: the generated JSON Schema is not JSON (%d:%d: %s); "
                             "please report this bug",
                             syn.line, syn.col, syn.msg);
    }
    bilim_json_arena_free(a);
    bilim_free(compact.s);
    if (rc) {
        bilim_free(pretty_text.s);
        return rc;
    }
    *out = pretty_text.s;
    return BILIM_OK;
}
