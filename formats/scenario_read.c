/* formats/scenario_read.c: the merged scenario tree into bilim_scenario: top
 * level, parameters, population, innovations and outputs (interventions are
 * in scenario_interventions.c). Order matters and is documented in
 * docs/scenarios.md: parameters first (innovations default to
 * bass_p_default/bass_q_default), then population and months (which outputs
 * and interventions are checked against). */
#include "formats/scenario_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "models/preset.h"

/* --- parameters ----------------------------------------------------------------- */

void bilim__scenario_read_parameters(bilim_fields *c, const bilim_json *obj, const char *path, bilim_params *p)
{
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT, "an object {\"name\": value, ...}"))
        return;
    size_t nrows;
    const bilim_param_info *rows = bilim_params_table(&nrows);
    unsigned char seen[256] = {0};
    if (nrows > 256)
        nrows = 256;
    for (const bilim_json *m = obj->child; m; m = m->next) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, m->key, m->key_len);
        const bilim_param_info *row =
            strlen(m->key) == m->key_len ? bilim_params_find(m->key) : NULL;
        if (!row && m->key_len == 20 && memcmp(m->key, "start_calendar_month", 20) == 0) {
            bilim_fields_error_key(c, m, sub, "is no longer a parameter: the calendar date of month 0 "
                                              "is the scenario's \"start_date\", e.g. \"2026-09\"");
            continue;
        }
        if (!row) {
            const char *s = bilim_fields_suggest_param(m->key, m->key_len);
            if (s)
                bilim_fields_error_key(c, m, sub, "unknown parameter; did you mean \"%s\"?", s);
            else
                bilim_fields_error_key(c, m, sub,
                             "unknown parameter; the names are listed in docs/parameters.md "
                             "(or run: bilim params)");
            continue;
        }
        size_t idx = (size_t)(row - rows);
        if (idx < nrows && seen[idx])
            continue; /* duplicate, reported by the structure check */
        if (idx < nrows)
            seen[idx] = 1;
        bilim_field f = {row->name, row->type == BILIM_PARAM_INT ? BILIM_FIELD_INT : BILIM_FIELD_REAL, row->offset,
                      row->min, row->max, 0, 0, NULL, NULL, 0, 0, row->description};
        bilim_fields_read_value(c, m, sub, &f, p);
    }
}

/* --- dates ------------------------------------------------------------------------- */

int bilim__scenario_parse_date(bilim_fields *c, const bilim_json *v, const char *path,
                               int32_t *year, int32_t *month)
{
    char shown[160];
    if (!bilim_scenario_parse_date(v->text, v->len, year, month)) {
        bilim_fields_error(c, v, NULL, path, "%s is not a date; expected \"YYYY-MM\" with a year from "
                           "%d to %d and a month from 01 to 12, such as \"2026-09\"",
                           bilim_json_show(v, shown, sizeof shown), BILIM_YEAR_MIN, BILIM_YEAR_MAX);
        return 0;
    }
    return 1;
}

void bilim__scenario_read_month(bilim_fields *c, const bilim_json *v, const char *path,
                                const bilim_scenario *sc, int32_t max, int32_t *out)
{
    if (v->type == BILIM_JSON_STRING) {
        int32_t y, m;
        if (!bilim__scenario_parse_date(c, v, path, &y, &m))
            return;
        int32_t t = bilim_scenario_month_of(sc, y, m);
        if (t < 0 || t > max) {
            bilim_fields_error(c, v, NULL, path, "\"%.7s\" is %s month 0 (start_date \"%04d-%02d\"); "
                               "expected a date from \"%04d-%02d\" on", v->text,
                               t < 0 ? "before" : "too long after", sc->start_year,
                               sc->start_calendar_month, sc->start_year, sc->start_calendar_month);
            return;
        }
        *out = t;
        return;
    }
    if (v->type != BILIM_JSON_NUMBER) {
        char shown[160];
        bilim_fields_error(c, v, NULL, path, "found %s; expected a month number from 0 to %d or a "
                           "date \"YYYY-MM\"", bilim_json_show(v, shown, sizeof shown), max);
        return;
    }
    bilim_field f = {"month", BILIM_FIELD_INT, 0, 0, max, 0, 0, NULL, NULL, 0, 0, ""};
    bilim_fields_read_value(c, v, path, &f, out);
}

/* --- seed, text ------------------------------------------------------------------- */

static void read_seed(bilim_fields *c, const bilim_json *v, uint64_t *seed)
{
    const char *allowed = "an integer from 0 to 18446744073709551615";
    if (!bilim_fields_expect(c, v, "seed", BILIM_JSON_NUMBER, allowed))
        return;
    int neg;
    uint64_t mag;
    int r = bilim_json_integer(v, &neg, &mag);
    char shown[160];
    bilim_json_show(v, shown, sizeof shown);
    if (r == 1)
        bilim_fields_error(c, v, NULL, "seed", "%s is not an integer; expected %s", shown, allowed);
    else if (r == 2 || (neg && mag))
        bilim_fields_error(c, v, NULL, "seed", "%s is out of range; expected %s", shown, allowed);
    else
        *seed = mag;
}

/* The title is one line of text (no tab or line feed: it heads tables). */
static void read_title(bilim_fields *c, const bilim_json *v, bilim_scenario *sc)
{
    const char *t = bilim_fields_read_text(c, v, "title", BILIM_TITLE_CHARS);
    if (!t)
        return;
    if (v->len == 0 || v->len >= BILIM_TITLE_MAX || memchr(t, '\n', v->len) || memchr(t, '\t', v->len) || t[0] == ' ' ||
        t[v->len - 1] == ' ') {
        bilim_fields_error(c, v, NULL, "title", "expected one line of text without tabs or leading "
                           "or trailing spaces, such as \"Rural leaders and digital equipment, 5 bn KZT\"; "
                           "put longer text in \"description\"");
        return;
    }
    memcpy(sc->title, t, v->len);
    sc->title[v->len] = '\0';
}

static void read_notes(bilim_fields *c, const bilim_json *v, const char *path)
{
    if (v->type == BILIM_JSON_STRING) {
        bilim_fields_read_text(c, v, path, BILIM_FIELDS_MAX_TEXT);
        return;
    }
    if (!bilim_fields_expect(c, v, path, BILIM_JSON_ARRAY, "a string or an array of strings"))
        return;
    if (v->count > SL_MAX_NOTES) {
        bilim_fields_error(c, v, NULL, path, "an array of %d notes; expected at most %d", v->count,
                 SL_MAX_NOTES);
        return;
    }
    int i = 0;
    for (const bilim_json *e = v->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(sub, sizeof sub, path, i);
        bilim_fields_read_text(c, e, sub, BILIM_FIELDS_MAX_TEXT);
    }
}

/* --- population -------------------------------------------------------------------- */

static int valid_region_name(const char *s, size_t n)
{
    if (n == 0 || n >= BILIM_NAME_MAX || !isalnum((unsigned char)s[0]) || s[n - 1] == ' ')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(ch < 0x80 && (isalnum(ch) || strchr(" _.'-", ch))))
            return 0;
    }
    return 1;
}

static int count_keys(const bilim_json *obj, const bilim_field_table *t, const char *skip)
{
    int n = 0;
    for (const bilim_json *m = obj->child; m; m = m->next)
        if (bilim_fields_find(t, m->key, m->key_len) >= 0 && strcmp(m->key, skip) != 0)
            n++;
    return n;
}

/* Reads one region (either form) into r; returns 1 when it is usable. */
static int read_region(bilim_fields *c, const bilim_json *obj, const char *path, bilim_region *r)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    memset(r, 0, sizeof *r);
    if (!bilim_fields_expect(c, obj, path, BILIM_JSON_OBJECT,
                   "an object {\"name\", \"urban\", \"rural\", \"small_class\"} or "
                   "{\"name\", \"schools\", \"rural_share\", \"small_class_share\"}"))
        return 0;
    int shares = count_keys(obj, &bilim__scenario_region_shares, "name");
    int counts = count_keys(obj, &bilim__scenario_region_counts, "name");
    if (shares && counts) {
        bilim_fields_error(c, obj, NULL, path,
                 "mixes school counts (urban, rural, small_class) with shares (schools, "
                 "rural_share, small_class_share); expected one form or the other");
        return 0;
    }
    int errors0 = c->errors;
    if (shares) {
        sl_region_share s = {0, 0.0, 0.0};
        bilim_fields_read_object(c, obj, path, &bilim__scenario_region_shares, &s, g);
        if (c->errors > errors0)
            return 0;
        /* Whole schools by rounding half up; small-class is a share of all schools. */
        r->rural = (int32_t)floor(s.schools * s.rural_share + 0.5);
        r->urban = s.schools - r->rural;
        r->small_class = (int32_t)floor(s.schools * s.small_class_share + 0.5);
        if (s.small_class_share > s.rural_share) {
            char sub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(sub, sizeof sub, path, "small_class_share", 17);
            bilim_fields_error(c, bilim_fields_given(&bilim__scenario_region_shares, g, "small_class_share"), NULL, sub,
                     "%.15g exceeds rural_share %.15g; small-class schools are rural, so expected "
                     "at most %.15g", s.small_class_share, s.rural_share, s.rural_share);
            return 0;
        }
        if (r->small_class > r->rural)
            r->small_class = r->rural; /* equal shares that round apart */
    } else {
        bilim_fields_read_object(c, obj, path, &bilim__scenario_region_counts, r, g);
        if (c->errors > errors0)
            return 0;
        if (r->small_class > r->rural) {
            char sub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(sub, sizeof sub, path, "small_class", 11);
            bilim_fields_error(c, bilim_fields_given(&bilim__scenario_region_counts, g, "small_class"), NULL, sub,
                     "%d exceeds rural (%d); small-class schools are rural, so expected an "
                     "integer from 0 to %d", r->small_class, r->rural, r->rural);
            return 0;
        }
    }
    const bilim_json *name = bilim_fields_given(shares ? &bilim__scenario_region_shares : &bilim__scenario_region_counts, g, "name");
    char sub[BILIM_FIELDS_PATH_MAX];
    bilim_json_path_key(sub, sizeof sub, path, "name", 4);
    if (!bilim_fields_expect(c, name, sub, BILIM_JSON_STRING, "a region name"))
        return 0;
    if (!valid_region_name(name->text, name->len)) {
        char shown[160];
        bilim_fields_error(c, name, NULL, sub,
                 "%s is not a valid region name; expected 1 to %d characters: letters, digits, "
                 "spaces, '_', '.', '-' or apostrophes, starting with a letter or digit",
                 bilim_json_show(name, shown, sizeof shown), BILIM_NAME_MAX - 1);
        return 0;
    }
    memcpy(r->name, name->text, name->len);
    return 1;
}

static void read_regions(bilim_fields *c, const bilim_json *arr, bilim_population *pop)
{
    const char *path = "population.regions";
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of regions"))
        return;
    if (arr->count < 1 || arr->count > BILIM_MAX_REGIONS) {
        bilim_fields_error(c, arr, NULL, path, "%d regions; expected 1 to %d", arr->count, BILIM_MAX_REGIONS);
        return;
    }
    memset(pop->preset, 0, sizeof pop->preset);
    memset(pop->regions, 0, sizeof pop->regions);
    pop->n_regions = 0;
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(sub, sizeof sub, path, i);
        bilim_region r;
        if (!read_region(c, e, sub, &r))
            continue;
        for (int k = 0; k < pop->n_regions; k++)
            if (strcmp(pop->regions[k].name, r.name) == 0) {
                char nsub[BILIM_FIELDS_PATH_MAX];
                bilim_json_path_key(nsub, sizeof nsub, sub, "name", 4);
                bilim_fields_error(c, bilim_json_get(e, "name"), NULL, nsub,
                         "\"%s\" is already the name of another region; expected unique names",
                         r.name);
                goto next;
            }
        pop->regions[pop->n_regions++] = r;
    next:;
    }
}

static void read_teachers(bilim_fields *c, const bilim_json *obj, bilim_population *pop)
{
    const char *path = "population.teachers_per_school";
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, obj, path, &bilim__scenario_teachers, pop, g))
        return;
    static const char *const classes[BILIM_N_CLASSES] = {"urban", "rural_regular", "small_class"};
    for (int k = 0; k < BILIM_N_CLASSES; k++) {
        const bilim_json *v = bilim_fields_given(&bilim__scenario_teachers, g, classes[k]);
        if (!v)
            continue;
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_key(sub, sizeof sub, path, classes[k], strlen(classes[k]));
        sl_tclass tc = {pop->teachers_mean[k], pop->teachers_sigma[k]};
        const bilim_json *g2[BILIM_FIELDS_MAX_ROWS];
        bilim_fields_read_object(c, v, sub, &bilim__scenario_teacher_classes, &tc, g2);
        pop->teachers_mean[k] = tc.mean;
        pop->teachers_sigma[k] = tc.sigma;
    }
    for (int k = 0; k < BILIM_N_CLASSES; k++)
        if (pop->teachers_mean[k] < pop->teachers_min) {
            char sub[BILIM_FIELDS_PATH_MAX];
            snprintf(sub, sizeof sub, "%s.%s.mean", path, classes[k]);
            bilim_fields_error(c, obj, NULL, sub, "%.15g is below min (%d); expected a mean of at least %d",
                     pop->teachers_mean[k], pop->teachers_min, pop->teachers_min);
        }
}

static void read_population(bilim_fields *c, const bilim_json *obj, bilim_population *pop)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    if (!bilim_fields_read_object(c, obj, "population", &bilim__scenario_population, NULL, g))
        return;
    const bilim_json *preset = bilim_fields_given(&bilim__scenario_population, g, "preset");
    const bilim_json *regions = bilim_fields_given(&bilim__scenario_population, g, "regions");
    if (preset && regions) {
        bilim_fields_error(c, obj, NULL, "population",
                 "has both \"preset\" and \"regions\"; expected one of them");
        return;
    }
    if (!preset && !regions) {
        bilim_fields_error(c, obj, NULL, "population",
                 "has neither \"preset\" nor \"regions\"; expected one of them");
        return;
    }
    if (preset) {
        const char *const *names = bilim_preset_names();
        int n = 0;
        while (names[n])
            n++;
        const char *allowed = "the name of a preset (kz-national)";
        if (!bilim_fields_expect(c, preset, "population.preset", BILIM_JSON_STRING, allowed))
            return;
        bilim_population tmp;
        memset(&tmp, 0, sizeof tmp);
        if (strlen(preset->text) != preset->len || bilim_preset_get(preset->text, &tmp) != 0) {
            char shown[160];
            const char *s = bilim_json_suggest(preset->text, preset->len, names, n);
            bilim_json_show(preset, shown, sizeof shown);
            if (s)
                bilim_fields_error(c, preset, NULL, "population.preset",
                         "%s is not a preset; did you mean \"%s\"?", shown, s);
            else
                bilim_fields_error(c, preset, NULL, "population.preset", "%s is not a preset; expected %s",
                         shown, allowed);
            return;
        }
        /* Teacher settings come with the preset, then teachers_per_school. */
        *pop = tmp;
    } else {
        read_regions(c, regions, pop);
    }
    const bilim_json *teachers = bilim_fields_given(&bilim__scenario_population, g, "teachers_per_school");
    if (teachers)
        read_teachers(c, teachers, pop);
    long total = 0;
    for (int r = 0; r < pop->n_regions; r++)
        total += (long)pop->regions[r].urban + pop->regions[r].rural;
    if (pop->n_regions > 0 && (total < 1 || total > SL_MAX_SCHOOLS))
        bilim_fields_error(c, obj, NULL, "population", "%ld schools in all; expected 1 to %d", total,
                 SL_MAX_SCHOOLS);
}

/* --- innovations ------------------------------------------------------------------------ */

static void read_innovations(bilim_fields *c, const bilim_json *arr, bilim_scenario *sc)
{
    const char *path = "innovations";
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of innovations"))
        return;
    if (arr->count < 1 || arr->count > BILIM_MAX_INNOVATIONS) {
        bilim_fields_error(c, arr, NULL, path, "%d innovations; expected 1 to %d", arr->count,
                 BILIM_MAX_INNOVATIONS);
        return;
    }
    memset(sc->innovations, 0, sizeof sc->innovations);
    sc->n_innovations = 0;
    int source[BILIM_MAX_INNOVATIONS]; /* index in the file of each one kept */
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(sub, sizeof sub, path, i);
        bilim_innovation in;
        memset(&in, 0, sizeof in);
        in.p = sc->params.bass_p_default;
        in.q = sc->params.bass_q_default;
        const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
        int errors0 = c->errors;
        if (!bilim_fields_read_object(c, e, sub, &bilim__scenario_innovation, &in, g))
            continue;
        /* A value in error stays 0, so this sum is still meaningful. */
        if (in.initial_trial + in.initial_routine > 1.0) {
            char isub[BILIM_FIELDS_PATH_MAX];
            bilim_json_path_key(isub, sizeof isub, sub, "initial_routine", 15);
            bilim_fields_error(c, bilim_fields_given(&bilim__scenario_innovation, g, "initial_routine"), NULL, isub,
                     "initial_trial %.15g + initial_routine %.15g exceeds 1; expected shares of "
                     "teachers that add up to at most 1", in.initial_trial, in.initial_routine);
            continue;
        }
        if (c->errors > errors0)
            continue;
        for (int k = 0; k < sc->n_innovations; k++)
            if (strcmp(sc->innovations[k].name, in.name) == 0) {
                char nsub[BILIM_FIELDS_PATH_MAX];
                bilim_json_path_key(nsub, sizeof nsub, sub, "name", 4);
                bilim_fields_error(c, bilim_fields_given(&bilim__scenario_innovation, g, "name"), NULL, nsub,
                         "\"%s\" is already the name of innovations[%d]; expected unique names",
                         in.name, source[k]);
                goto next;
            }
        source[sc->n_innovations] = i;
        sc->innovations[sc->n_innovations++] = in;
    next:;
    }
}

/* --- outputs --------------------------------------------------------------------------- */

static void read_survey_months(bilim_fields *c, const bilim_json *arr, const bilim_scenario *sc,
                               bilim_outputs *o)
{
    const int32_t months = sc->months;
    const char *path = "outputs.survey_months";
    if (!bilim_fields_expect(c, arr, path, BILIM_JSON_ARRAY, "an array of months"))
        return;
    if (arr->count > BILIM_MAX_SURVEY_MONTHS) {
        bilim_fields_error(c, arr, NULL, path, "%d survey months; expected at most %d", arr->count,
                 BILIM_MAX_SURVEY_MONTHS);
        return;
    }
    memset(o->survey_months, 0, sizeof o->survey_months);
    o->n_survey_months = 0;
    int i = 0;
    for (const bilim_json *e = arr->child; e; e = e->next, i++) {
        char sub[BILIM_FIELDS_PATH_MAX];
        bilim_json_path_index(sub, sizeof sub, path, i);
        int32_t m = -1;
        int errors0 = c->errors;
        bilim__scenario_read_month(c, e, sub, sc, BILIM_MAX_MONTHS, &m);
        if (c->errors > errors0)
            continue;
        if (m > months) {
            bilim_fields_error(c, e, NULL, sub, "%d is after the horizon (months = %d); expected an integer "
                     "from 0 to %d", m, months, months);
            continue;
        }
        if (o->n_survey_months > 0 && m <= o->survey_months[o->n_survey_months - 1]) {
            bilim_fields_error(c, e, NULL, sub, "%d is not after the previous survey month (%d); expected "
                     "months in increasing order", m, o->survey_months[o->n_survey_months - 1]);
            continue;
        }
        o->survey_months[o->n_survey_months++] = m;
    }
}

static void read_outputs(bilim_fields *c, const bilim_json *obj, bilim_scenario *sc)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    bilim_outputs *o = &sc->outputs;
    if (!bilim_fields_read_object(c, obj, "outputs", &bilim__scenario_outputs, o, g))
        return;
    const bilim_json *sm = bilim_fields_given(&bilim__scenario_outputs, g, "survey_months");
    if (sm)
        read_survey_months(c, sm, sc, o);
    const bilim_json *rs = bilim_fields_given(&bilim__scenario_outputs, g, "survey_rural_share");
    if (rs) {
        const char *path = "outputs.survey_rural_share";
        if (rs->type == BILIM_JSON_STRING && strcmp(rs->text, "population") == 0) {
            o->survey_rural_share = -1.0;
        } else if (rs->type != BILIM_JSON_NUMBER) {
            char shown[160];
            bilim_fields_error(c, rs, NULL, path, "found %s; expected a number in [0, 1] or \"population\"",
                     bilim_json_show(rs, shown, sizeof shown));
        } else {
            bilim_field f = {"survey_rural_share", BILIM_FIELD_REAL, 0, 0, 1, 0, 0, NULL, NULL, 0, 0, ""};
            bilim_fields_read_value(c, rs, path, &f, &o->survey_rural_share);
        }
    }
}

/* --- the whole scenario ---------------------------------------------------------------- */

void bilim__scenario_read_scenario(bilim_fields *c, const bilim_json *root, bilim_scenario *sc, sl_extra *extra)
{
    const bilim_json *g[BILIM_FIELDS_MAX_ROWS];
    extra->description = NULL;
    extra->notes = NULL;
    if (!bilim_fields_read_object(c, root, "", &bilim__scenario_top, sc, g))
        return;
    const bilim_json *v;
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "$schema")))
        bilim_fields_expect(c, v, "$schema", BILIM_JSON_STRING, "a string (the schema's path or URL)");
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "title")))
        read_title(c, v, sc);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "description")))
        extra->description = bilim_fields_read_text(c, v, "description", BILIM_FIELDS_MAX_TEXT);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "notes"))) {
        int errors0 = c->errors;
        read_notes(c, v, "notes");
        if (c->errors == errors0)
            extra->notes = v;
    }
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "seed")))
        read_seed(c, v, &sc->seed);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "start_date")) &&
        bilim_fields_expect(c, v, "start_date", BILIM_JSON_STRING, "a date \"YYYY-MM\" such as \"2026-09\"")) {
        int32_t y, mo;
        if (bilim__scenario_parse_date(c, v, "start_date", &y, &mo)) {
            sc->start_year = y;
            sc->start_calendar_month = mo;
        }
    }
    /* Parameters: table defaults < parameter file < "parameters". */
    const bilim_json *pf = bilim_fields_given(&bilim__scenario_top, g, "parameter_file");
    if (pf)
        bilim__scenario_load_parameter_file(c, pf, sc);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "history_from")))
        bilim__scenario_read_history(c, v, sc);
    const bilim_json *params = bilim_fields_given(&bilim__scenario_top, g, "parameters");
    if (params)
        bilim__scenario_read_parameters(c, params, "parameters", &sc->params);
    char msg[400];
    if (bilim_params_check(&sc->params, msg, sizeof msg))
        bilim_fields_error(c, params ? params : (pf ? pf : root), NULL, "parameters", "%s", msg);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "population")))
        read_population(c, v, &sc->population);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "innovations")))
        read_innovations(c, v, sc);
    else {
        sc->innovations[0].p = sc->params.bass_p_default;
        sc->innovations[0].q = sc->params.bass_q_default;
    }
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "outputs")))
        read_outputs(c, v, sc);
    int32_t schools = bilim_population_schools(&sc->population);
    if (schools > 0 && sc->outputs.survey_n > schools) {
        const bilim_json *o = bilim_fields_given(&bilim__scenario_top, g, "outputs");
        const bilim_json *n = o ? bilim_json_get(o, "survey_n") : NULL;
        bilim_fields_error(c, n ? n : (o ? o : root), NULL, "outputs.survey_n",
                 "%d principals exceeds the population's %d schools; expected at most %d",
                 sc->outputs.survey_n, schools, schools);
    }
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "groups")))
        bilim__scenario_read_groups(c, v, sc);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "interventions")))
        bilim__scenario_read_interventions(c, v, sc);
    if ((v = bilim_fields_given(&bilim__scenario_top, g, "package")))
        bilim__scenario_read_package(c, v, extra->own_count, sc);
}
