/* formats/patterns_load.c: the pattern file (see patterns_load.h). */
#include "formats/patterns_load.h"

#include <string.h>
#include "base/alloc.h"
#include "formats/json_check.h"

static const bilim_field file_rows[] = {
    BILIM_ROW_CUSTOM("description", 0, "Free text."),
    BILIM_ROW_CUSTOM("source", 0, "Where the patterns come from."),
    BILIM_ROW_CUSTOM("patterns", 1, "1 to 16 patterns."),
};
static const bilim_field_table file_table = BILIM_TABLE("pattern file", file_rows);

static const bilim_field pattern_rows[] = {
    BILIM_ROW_IDENT("id", bilim_pattern, id, 1, "The pattern's name."),
    BILIM_ROW_CUSTOM("passage", 1, "The source passage the pattern encodes, quoted."),
    BILIM_ROW_CUSTOM("where", 0, "Where the passage is (document, section)."),
    BILIM_ROW_CUSTOM("note", 0, "How the passage was turned into the pattern."),
    BILIM_ROW_INT("month", bilim_pattern, month, 0, BILIM_MAX_MONTHS, 1, "Month the quantity is measured."),
    BILIM_ROW_CUSTOM("quantity", 1, "A per-school quantity: practice, k, m, K, S, R or barriers.<name>."),
    BILIM_ROW_BOOL("change", bilim_pattern, change, "true: the change since month 0 (default false)."),
    BILIM_ROW_CUSTOM("groups", 1, "1 to 4 groups of schools with weights: the contrast must be positive."),
};
static const bilim_field_table pattern_table = BILIM_TABLE("pattern", pattern_rows);

static const char *const locality_names[] = {"any", "urban", "rural", NULL};
static const char *const side_names[] = {"any", "below_median", "above_median", NULL};

static const bilim_field group_rows[] = {
    BILIM_ROW_ENUM("locality", bilim_pattern_group, locality, locality_names, -1, "\"urban\", \"rural\" or \"any\" (default)."),
    BILIM_ROW_CUSTOM("K", 0, "The principal's month-0 knowledge: \"below_median\", \"above_median\" or \"any\"."),
    BILIM_ROW_CUSTOM("S", 0, "The principal's month-0 managerial skill: as K."),
    BILIM_ROW_CUSTOM("R", 0, "The school's month-0 resources: as K."),
    BILIM_ROW_REAL("weight", bilim_pattern_group, weight, -1e6, 1e6, 1, "Its weight in the contrast (not 0)."),
};
static const bilim_field_table group_table = BILIM_TABLE("pattern group", group_rows);

_Static_assert(BILIM_URBAN == 0 && BILIM_RURAL == 1, "locality_names with base -1");

/* A quantity name: its index, or -1 (reported, with the names allowed). */
static int read_quantity(bilim_fields *c, const bilim_json *v, const char *path)
{
    const char *names[BILIM_N_PQ + 1];
    for (int q = 0; q < BILIM_N_PQ; q++)
        names[q] = bilim_pattern_quantity_name(q);
    names[BILIM_N_PQ] = NULL;
    return bilim_fields_read_name(c, v, path, names);
}

static void read_group(bilim_fields *c, const bilim_json *e, const char *path,
                       bilim_pattern_group *g)
{
    const bilim_json *given[BILIM_FIELDS_MAX_ROWS];
    memset(g, 0, sizeof *g);
    g->locality = -1;
    if (!bilim_fields_read_object(c, e, path, &group_table, g, given))
        return;
    static const char *const split_keys[BILIM_N_SPLITS] = {"K", "S", "R"};
    for (int k = 0; k < BILIM_N_SPLITS; k++) {
        const bilim_json *v = bilim_fields_given(&group_table, given, split_keys[k]);
        char p[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(p, sizeof p, path, split_keys[k], 1);
        int side = v ? bilim_fields_read_name(c, v, p, side_names) : 0;
        g->split[k] = (int8_t)(side == 1 ? -1 : side == 2 ? 1 : 0);
    }
    const bilim_json *w = bilim_fields_given(&group_table, given, "weight");
    if (w && g->weight == 0.0) {
        char p[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(p, sizeof p, path, "weight", 6);
        bilim_fields_error(c, w, NULL, p, "0 is not allowed; expected a non-zero weight (a group "
                           "of weight 0 does not enter the contrast: remove it)");
    }
}

static void read_pattern(bilim_fields *c, const bilim_json *e, const char *path, int32_t horizon,
                         bilim_pattern *p)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    memset(p, 0, sizeof *p);
    p->quantity = -1;
    if (!bilim_fields_read_object(c, e, path, &pattern_table, p, g))
        return;
    char q[BILIM_FIELDS_PATH_MAX];
    static const char *const texts[] = {"passage", "where", "note"};
    for (int k = 0; k < 3; k++) {
        const bilim_json *v = bilim_fields_given(&pattern_table, g, texts[k]);
        bilim_json_path_key(q, sizeof q, path, texts[k], strlen(texts[k]));
        if (v)
            bilim_fields_read_text(c, v, q, BILIM_FIELDS_MAX_TEXT);
    }
    const bilim_json *month = bilim_fields_given(&pattern_table, g, "month");
    bilim_json_path_key(q, sizeof q, path, "month", 5);
    if (month && p->month > horizon)
        bilim_fields_error(c, month, NULL, q, "%d is after the base scenario's horizon; expected "
                           "an integer from 0 to %d (its months)", p->month, horizon);
    const bilim_json *quantity = bilim_fields_given(&pattern_table, g, "quantity");
    bilim_json_path_key(q, sizeof q, path, "quantity", 8);
    if (quantity)
        p->quantity = read_quantity(c, quantity, q);
    const bilim_json *groups = bilim_fields_given(&pattern_table, g, "groups");
    bilim_json_path_key(q, sizeof q, path, "groups", 6);
    if (!groups || !bilim_fields_expect(c, groups, q, BILIM_JSON_ARRAY, "an array of groups"))
        return;
    if (groups->count < 1 || groups->count > BILIM_PATTERN_MAX_GROUPS) {
        bilim_fields_error(c, groups, NULL, q, "an array of %d entries; expected 1 to %d groups",
                           groups->count, BILIM_PATTERN_MAX_GROUPS);
        return;
    }
    for (const bilim_json *x = groups->child; x; x = x->next) {
        char pg[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(pg, sizeof pg, q, p->n_groups);
        read_group(c, x, pg, &p->groups[p->n_groups++]);
    }
}

void bilim_patterns_load_ref(bilim_fields *c, const bilim_json *ref, int32_t horizon,
                             bilim_pattern *out, int *n, char **text)
{
    *n = 0;
    char *path = bilim_fields_ref_path(c, ref, "a pattern file");
    char *body = NULL;
    int errors0 = c->errors;
    const bilim_json *root = path ? bilim_fields_load_ref(c, ref, path, &body) : NULL;
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (root && bilim_fields_read_object(c, root, "", &file_table, NULL, g)) {
        static const char *const texts[] = {"description", "source"};
        for (int k = 0; k < 2; k++) {
            const bilim_json *v = bilim_fields_given(&file_table, g, texts[k]);
            if (v)
                bilim_fields_read_text(c, v, texts[k], BILIM_FIELDS_MAX_TEXT);
        }
        const bilim_json *arr = bilim_fields_given(&file_table, g, "patterns");
        if (arr && bilim_fields_expect(c, arr, "patterns", BILIM_JSON_ARRAY, "an array of patterns")) {
            if (arr->count < 1 || arr->count > BILIM_MAX_PATTERNS)
                bilim_fields_error(c, arr, NULL, "patterns", "an array of %d entries; expected 1 "
                                   "to %d patterns", arr->count, BILIM_MAX_PATTERNS);
            else
                for (const bilim_json *e = arr->child; e; e = e->next) {
                    char p[BILIM_FIELDS_PATH_MAX];
                    bilim_json_path_index(p, sizeof p, "patterns", *n);
                    read_pattern(c, e, p, horizon, &out[*n]);
                    for (int k = 0; k < *n; k++)
                        if (out[*n].id[0] && strcmp(out[k].id, out[*n].id) == 0)
                            bilim_fields_error(c, e, NULL, p, "id \"%s\" is used twice; expected "
                                               "each pattern once", out[*n].id);
                    (*n)++;
                }
        }
    }
    if (c->errors > errors0)
        *n = 0;
    if (text && c->errors == errors0)
        *text = body;
    else
        bilim_free(body);
}
