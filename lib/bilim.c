/* lib/bilim.c: the public API's versions, statuses and scenarios
 * (lib/bilim.h: bilim_spec_*, bilim_parameter_*). Runs and comparisons are
 * lib/bilim_run.c. */
#include "lib/bilim_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/alloc.h"
#include "formats/json_check.h"
#include "formats/scenario_load.h"
#include "formats/sweep.h"
#include "models/params.h"

/* The public codes are the library's own (base/error.h). */
_Static_assert((int)BILIM_STATUS_INVALID == (int)BILIM_EINVAL &&
                   (int)BILIM_STATUS_USAGE == (int)BILIM_EUSAGE &&
                   (int)BILIM_STATUS_IO == (int)BILIM_EIO &&
                   (int)BILIM_STATUS_NOMEM == (int)BILIM_ENOMEM &&
                   (int)BILIM_STATUS_CANCELLED == (int)BILIM_EINTR &&
                   (int)BILIM_STATUS_INTERNAL == (int)BILIM_EINTERNAL,
               "bilim.h's status codes are base/error.h's");

/* The run settings, after the model parameters in bilim_parameter_name. */
enum { SET_SEED, SET_REPLICATES, SET_MONTHS, SET_SCHOOLS, N_SETTINGS };
static const char *const settings[N_SETTINGS] = {"seed", "replicates", "months", "schools"};

int bilim_api_version(void)
{
    return BILIM_API_VERSION;
}

const char *bilim_status_name(int code)
{
    return code == BILIM_STATUS_CANCELLED ? "cancelled" : bilim_error_name(code);
}

int bilim__status_set(bilim_status *st, int code, const char *fmt, ...)
{
    if (st) {
        st->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->message, sizeof st->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

int bilim__status_from_error(bilim_status *st, const bilim_error *err)
{
    int code = err->code ? err->code : BILIM_STATUS_INTERNAL;
    return bilim__status_set(st, code, "%s", err->code ? err->msg : "unknown error");
}

static void status_ok(bilim_status *st)
{
    if (st) {
        st->code = BILIM_STATUS_OK;
        st->message[0] = '\0';
    }
}

/* The loader's messages, one a line, as `bilim validate` prints them. */
static int status_from_diags(bilim_status *st, int code, const bilim_diags *d, const char *what)
{
    if (!st)
        return code;
    int n = bilim_diags_count(d);
    if (n == 0)
        return bilim__status_set(st, code, "%s: %s", what, bilim_error_name(code));
    st->code = code;
    size_t len = 0;
    st->message[0] = '\0';
    for (int i = 0; i < n && len + 1 < sizeof st->message; i++)
        len += (size_t)snprintf(st->message + len, sizeof st->message - len, "%s%s",
                                i ? "\n" : "", bilim_diags_get(d, i));
    long more = bilim_diags_total(d) - n;
    if (more > 0 && len + 1 < sizeof st->message)
        snprintf(st->message + len, sizeof st->message - len, "\n(%ld more)", more);
    return code;
}

bilim_diags *bilim__inputs_copy(const bilim_diags *from)
{
    bilim_diags *d = bilim_diags_alloc();
    if (d && bilim_diags_add_files(d, from)) {
        bilim_diags_free(d);
        return NULL;
    }
    return d;
}

/* The files of the load behind d, by their absolute paths, so that they
 * are still known after the caller changes directory (a file gone since
 * keeps its name as given: nothing to protect). 0, or -1 out of memory. */
static int keep_inputs(bilim_spec *s, const bilim_diags *d)
{
    s->inputs = bilim_diags_alloc();
    if (!s->inputs)
        return -1;
    for (int i = 0; i < bilim_diags_n_files(d); i++) {
        const char *f = bilim_diags_file(d, i);
        errno = 0;
        char *abs = bilim_realpath(f);
        int rc = abs || errno != ENOMEM ? bilim_diags_add_file(s->inputs, abs ? abs : f) : -1;
        bilim_free(abs);
        if (rc)
            return -1;
    }
    return 0;
}

/* The scenario of s as `bilim validate` checks it: loaded, then its
 * "sweep" (which only `bilim compare` expands) against it. */
static int load_checked(const char *path, const char *text, const char *origin, bilim_spec *s,
                        bilim_diags *d)
{
    int rc = path ? bilim_scenario_load(path, &s->sc, &s->json, d)
                  : bilim_scenario_load_string(text, origin, &s->sc, &s->json, d);
    if (!rc && keep_inputs(s, d)) /* before the sweep's load lists the file again */
        rc = BILIM_ENOMEM;
    bilim_sweep sw;
    if (!rc)
        rc = path ? bilim_sweep_load(path, &s->sc, &sw, d)
                  : bilim_sweep_load_string(text, origin, &s->sc, &sw, d);
    return rc;
}

static int spec_load(const char *path, const char *text, const char *origin, bilim_spec **out,
                     bilim_status *st)
{
    status_ok(st);
    if (!out || (!path && !text))
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_spec_load: NULL argument");
    *out = NULL;
    bilim_spec *s = bilim_calloc(1, sizeof *s);
    bilim_diags *d = bilim_diags_alloc();
    if (!s || !d) {
        bilim_free(s);
        bilim_diags_free(d);
        return bilim__status_set(st, BILIM_STATUS_NOMEM, "out of memory");
    }
    int rc = load_checked(path, text, origin, s, d);
    if (rc) {
        status_from_diags(st, rc, d, path ? path : origin ? origin : "scenario");
        bilim_diags_free(d);
        bilim_spec_free(s);
        return rc;
    }
    bilim_diags_free(d);
    *out = s;
    return BILIM_STATUS_OK;
}

int bilim_spec_load(const char *path, bilim_spec **out, bilim_status *st)
{
    return spec_load(path, NULL, NULL, out, st);
}

int bilim_spec_load_string(const char *json, const char *origin, bilim_spec **out,
                           bilim_status *st)
{
    return spec_load(NULL, json, origin, out, st);
}

bilim_spec *bilim_spec_copy(const bilim_spec *spec)
{
    bilim_spec *s = bilim_malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = *spec;
    s->json = bilim_strdup(spec->json);
    s->inputs = bilim__inputs_copy(spec->inputs);
    if (!s->json || !s->inputs) {
        bilim_spec_free(s);
        return NULL;
    }
    return s;
}

void bilim_spec_free(bilim_spec *spec)
{
    if (!spec)
        return;
    bilim_free(spec->json);
    bilim_diags_free(spec->inputs);
    bilim_free(spec);
}

const char *bilim_spec_name(const bilim_spec *spec)
{
    return spec->sc.name;
}

const char *bilim_spec_json(const bilim_spec *spec)
{
    return spec->json;
}

int bilim_parameter_count(void)
{
    size_t n;
    bilim_params_table(&n);
    return (int)n + N_SETTINGS;
}

const char *bilim_parameter_name(int i)
{
    size_t n;
    const bilim_param_info *rows = bilim_params_table(&n);
    if (i < 0 || i >= (int)n + N_SETTINGS)
        return NULL;
    return i < (int)n ? rows[i].name : settings[i - (int)n];
}

static int setting_index(const char *name)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (strcmp(name, settings[i]) == 0)
            return i;
    return -1;
}

static int unknown_name(const char *name, bilim_status *st)
{
    const char *cands[512];
    int n = bilim_parameter_count();
    if (n > 512)
        n = 512;
    for (int i = 0; i < n; i++)
        cands[i] = bilim_parameter_name(i);
    const char *s = bilim_json_suggest(name, strlen(name), cands, n);
    if (s)
        return bilim__status_set(st, BILIM_STATUS_INVALID,
                                 "%s: unknown parameter; did you mean \"%s\"?", name, s);
    return bilim__status_set(st, BILIM_STATUS_INVALID,
                             "%s: unknown parameter; the names are listed in "
                             "docs/parameters.md (or run: bilim params), and the run settings "
                             "are seed, replicates, months and schools",
                             name);
}

/* A run setting: an integer in [lo, hi]. */
static int set_setting(bilim_spec *spec, int which, double v, bilim_status *st)
{
    static const double lo[N_SETTINGS] = {0, 1, 1, 1};
    const double hi[N_SETTINGS] = {9007199254740992.0, 100000, BILIM_MAX_MONTHS,
                                   bilim_population_schools(&spec->sc.population)};
    if (!(v >= lo[which] && v <= hi[which]) || v != floor(v))
        return bilim__status_set(st, BILIM_STATUS_INVALID,
                                 "%s: found %.17g; allowed: an integer from %.0f to %.0f",
                                 settings[which], v, lo[which], hi[which]);
    bilim_scenario_settings *s = &spec->settings;
    switch (which) {
    case SET_SEED: s->has_seed = 1, s->seed = (uint64_t)v; break;
    case SET_REPLICATES: s->has_replicates = 1, s->replicates = (int32_t)v; break;
    case SET_MONTHS: s->has_months = 1, s->months = (int32_t)v; break;
    default: s->has_schools = 1, s->schools = (int32_t)v; break;
    }
    return BILIM_STATUS_OK;
}

/* A model parameter: its row's range and type, then the cross-parameter
 * rules; the resolved JSON is written again so that a result file records
 * the scenario as run. */
static int set_param(bilim_spec *spec, const bilim_param_info *row, double v, bilim_status *st)
{
    if (!(v >= row->min && v <= row->max) || (row->type == BILIM_PARAM_INT && v != floor(v)))
        return bilim__status_set(st, BILIM_STATUS_INVALID,
                                 "%s: found %.17g; allowed: %s from %.17g to %.17g", row->name,
                                 v, row->type == BILIM_PARAM_INT ? "an integer" : "a number",
                                 row->min, row->max);
    if (bilim_params_get(&spec->sc.params, row) == v)
        return BILIM_STATUS_OK; /* unchanged: the resolved JSON stays the loader's */
    bilim_params p = spec->sc.params;
    bilim_params_set(&p, row, v);
    char msg[512];
    if (bilim_params_check(&p, msg, sizeof msg))
        return bilim__status_set(st, BILIM_STATUS_INVALID, "%s = %.17g: %s", row->name, v, msg);
    bilim_params old = spec->sc.params;
    spec->sc.params = p;
    char *json = bilim_scenario_to_json(&spec->sc, NULL);
    if (!json) {
        spec->sc.params = old;
        return bilim__status_set(st, BILIM_STATUS_NOMEM, "out of memory");
    }
    bilim_free(spec->json);
    spec->json = json;
    return BILIM_STATUS_OK;
}

int bilim_spec_set(bilim_spec *spec, const char *name, double value, bilim_status *st)
{
    status_ok(st);
    if (!spec || !name)
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_spec_set: NULL argument");
    if (!isfinite(value))
        return bilim__status_set(st, BILIM_STATUS_INVALID, "%s: found %g; allowed: a finite "
                                 "number", name, value);
    const bilim_param_info *row = bilim_params_find(name);
    if (row)
        return set_param(spec, row, value, st);
    int which = setting_index(name);
    return which >= 0 ? set_setting(spec, which, value, st) : unknown_name(name, st);
}

int bilim_spec_get(const bilim_spec *spec, const char *name, double *value, bilim_status *st)
{
    status_ok(st);
    if (!spec || !name || !value)
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_spec_get: NULL argument");
    const bilim_param_info *row = bilim_params_find(name);
    if (row) {
        *value = bilim_params_get(&spec->sc.params, row);
        return BILIM_STATUS_OK;
    }
    const bilim_scenario_settings *s = &spec->settings;
    const bilim_scenario *sc = &spec->sc;
    switch (setting_index(name)) {
    case SET_SEED: *value = (double)(s->has_seed ? s->seed : sc->seed); break;
    case SET_REPLICATES: *value = s->has_replicates ? s->replicates : sc->replicates; break;
    case SET_MONTHS: *value = s->has_months ? s->months : sc->months; break;
    case SET_SCHOOLS:
        *value = s->has_schools ? s->schools : bilim_population_schools(&sc->population);
        break;
    default: return unknown_name(name, st);
    }
    return BILIM_STATUS_OK;
}

int bilim__spec_scenario(const bilim_spec *spec, bilim_scenario *out, bilim_status *st)
{
    *out = spec->sc;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_scenario_apply_settings(out, &spec->settings, NULL, &err)) {
        /* The command line's usage error is the API's invalid value. */
        return bilim__status_set(st, BILIM_STATUS_INVALID, "%s", err.msg);
    }
    return BILIM_STATUS_OK;
}
