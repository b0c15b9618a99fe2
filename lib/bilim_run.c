/* lib/bilim_run.c: runs, their results and comparisons through the public
 * API (lib/bilim.h: bilim_run, bilim_result_*, bilim_compare_to_file).
 *
 * A run is sim/runner.h's bilim_run_scenario on the spec's scenario with its
 * run settings applied as `bilim run` applies its options, and a result file
 * is written by formats/output_write.h as `bilim run` writes it, so the same
 * scenario and settings give the same bits both ways. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include "analysis/compare.h"
#include "base/alloc.h"
#include "formats/output_write.h"
#include "lib/bilim_internal.h"

/* Between the runner's progress callback and the caller's: a non-zero
 * return of the caller's sets the flag the runner polls. */
typedef struct relay {
    bilim_progress_fn fn;
    void *user;
    atomic_int cancel;
    int64_t offset, total;  /* months of the runs before this one; of them all */
} relay;

static void relay_progress(void *user, const bilim_run_progress *p)
{
    relay *r = user;
    if (r->fn(r->user, r->offset + p->months_done, r->total) != 0)
        atomic_store(&r->cancel, 1);
}

/* The runner's count of a scenario's months (sim/runner.h). */
static int64_t months_total(const bilim_scenario *sc)
{
    return (int64_t)sc->replicates * (sc->months > 0 ? sc->months : 1);
}

static int run_one(const bilim_scenario *sc, int threads, relay *r, bilim_run_result *out,
                   bilim_status *st)
{
    bilim_run_options ro = {threads, r->fn ? relay_progress : NULL, r, &r->cancel, NULL, 0};
    bilim_error err;
    bilim_error_clear(&err);
    int rc = bilim_run_scenario(sc, &ro, out, &err);
    if (rc == BILIM_EINTR)
        return bilim__status_set(st, BILIM_STATUS_CANCELLED,
                                 "cancelled by the progress callback; nothing was kept");
    if (rc)
        bilim__status_from_error(st, &err);
    r->offset += months_total(sc);
    return rc;
}

int bilim_run(const bilim_spec *spec, int threads, bilim_progress_fn progress, void *user,
              bilim_result **out, bilim_status *st)
{
    bilim__status_set(st, BILIM_STATUS_OK, "%s", "");
    if (!spec || !out)
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_run: NULL argument");
    *out = NULL;
    bilim_scenario sc;
    int rc = bilim__spec_scenario(spec, &sc, st);
    if (rc)
        return rc;
    bilim_result *res = bilim_calloc(1, sizeof *res);
    char *json = bilim_strdup(spec->json);
    bilim_diags *inputs = bilim__inputs_copy(spec->inputs);
    if (!res || !json || !inputs) {
        bilim_free(res);
        bilim_free(json);
        bilim_diags_free(inputs);
        return bilim__status_set(st, BILIM_STATUS_NOMEM, "out of memory");
    }
    relay r = {progress, user, 0, 0, months_total(&sc)};
    rc = run_one(&sc, threads, &r, &res->run, st);
    if (rc) {
        bilim_free(res);
        bilim_free(json);
        bilim_diags_free(inputs);
        return rc;
    }
    res->json = json;
    res->inputs = inputs;
    bilim_scenario_settings_describe(&spec->settings, res->overrides, sizeof res->overrides);
    *out = res;
    return BILIM_STATUS_OK;
}

void bilim_result_free(bilim_result *r)
{
    if (!r)
        return;
    bilim_run_result_clear(&r->run);
    bilim_free(r->json);
    bilim_diags_free(r->inputs);
    bilim_free(r);
}

int bilim_result_replicates(const bilim_result *r)
{
    return r->run.replicates;
}

int bilim_result_months(const bilim_result *r)
{
    return r->run.months;
}

int bilim_result_schools(const bilim_result *r)
{
    return r->run.schools;
}

int64_t bilim_result_teachers(const bilim_result *r)
{
    return r->run.teachers;
}

const char *bilim_result_name(const bilim_result *r)
{
    return r->run.scenario.name;
}

int bilim_result_metric_count(const bilim_result *r)
{
    int n = 0;
    for (int i = 0; i < BILIM_N_METRICS; i++)
        n += r->run.layout.metrics[i].present;
    return n;
}

const char *bilim_result_metric_name(const bilim_result *r, int i)
{
    for (int m = 0; m < BILIM_N_METRICS && i >= 0; m++)
        if (r->run.layout.metrics[m].present && i-- == 0)
            return r->run.layout.metrics[m].name;
    return NULL;
}

static const bilim_metric *find_metric(const bilim_result *r, const char *name, bilim_status *st)
{
    const bilim_metric *m = name ? bilim_obs_find(&r->run.layout, name) : NULL;
    if (!m || !m->present)
        bilim__status_set(st, BILIM_STATUS_INVALID,
                          "%s: no such metric in this run (bilim_result_metric_name lists them)",
                          name ? name : "(null)");
    return m && m->present ? m : NULL;
}

int bilim_result_metric_axes(const bilim_result *r, const char *metric, int *n_axes,
                             const char *names[2], int lengths[2], bilim_status *st)
{
    bilim__status_set(st, BILIM_STATUS_OK, "%s", "");
    const bilim_metric *m = find_metric(r, metric, st);
    if (!m)
        return BILIM_STATUS_INVALID;
    *n_axes = m->n_axes;
    for (int k = 0; k < m->n_axes; k++) {
        names[k] = bilim_axis_name(m->axes[k]);
        lengths[k] = m->dims[k];
    }
    return BILIM_STATUS_OK;
}

const char *bilim_result_axis_label(const bilim_result *r, const char *axis, int i)
{
    for (int a = 0; axis && a < BILIM_N_AXES; a++)
        if (strcmp(axis, bilim_axis_name((bilim_axis)a)) == 0)
            return i >= 0 && i < bilim_axis_length(&r->run.scenario, (bilim_axis)a)
                       ? bilim_axis_label(&r->run.scenario, (bilim_axis)a, i)
                       : NULL;
    return NULL;
}

int bilim_result_series(const bilim_result *r, const char *metric, double *out, size_t n,
                        bilim_status *st)
{
    bilim__status_set(st, BILIM_STATUS_OK, "%s", "");
    const bilim_metric *m = find_metric(r, metric, st);
    if (!m)
        return BILIM_STATUS_INVALID;
    size_t want = (size_t)r->run.replicates * (size_t)(r->run.months + 1) * m->size;
    if (n != want || !out)
        return bilim__status_set(st, BILIM_STATUS_USAGE,
                                 "bilim_result_series: %s holds %zu values; got room for %zu",
                                 metric, want, out ? n : 0);
    for (int32_t rep = 0; rep < r->run.replicates; rep++)
        for (int32_t t = 0; t <= r->run.months; t++) {
            memcpy(out, bilim_run_record(&r->run, rep, t) + m->offset, m->size * sizeof *out);
            out += m->size;
        }
    return BILIM_STATUS_OK;
}

int bilim_result_write(const bilim_result *r, const char *path, bilim_status *st)
{
    bilim__status_set(st, BILIM_STATUS_OK, "%s", "");
    if (!r || !path)
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_result_write: NULL argument");
    bilim_error err;
    bilim_error_clear(&err);
    bilim_output *o = NULL;
    char group[128];
    snprintf(group, sizeof group, "/scenarios/%s", r->run.scenario.name);
    int rc = bilim_output_create_sized(path, bilim_output_estimate_bytes(&r->run.scenario),
                                       r->inputs, &o, &err);
    if (!rc)
        rc = bilim_output_write_run(o, &r->run, r->json, &err);
    if (!rc)
        rc = bilim_output_attr_string(o, group, "overrides", r->overrides, &err);
    if (!rc)
        rc = bilim_output_write_run_info(o, r->run.wall_seconds, r->run.threads_used, &err);
    if (rc) {
        bilim_output_abort(o);
        return bilim__status_from_error(st, &err);
    }
    rc = bilim_output_commit(o, &err);
    return rc ? bilim__status_from_error(st, &err) : BILIM_STATUS_OK;
}

/* --- comparisons --------------------------------------------------------------- */

/* The scenarios of a comparison: each spec's with its settings, the options
 * with the baseline's seed, replicates and horizon (common random numbers). */
static int align(const bilim_spec *const *specs, int n, bilim_scenario *sc, bilim_status *st)
{
    for (int i = 0; i < n; i++) {
        bilim_spec s = *specs[i];
        if (i > 0) {
            s.settings.has_seed = s.settings.has_replicates = s.settings.has_months = 1;
            s.settings.seed = sc[0].seed;
            s.settings.replicates = sc[0].replicates;
            s.settings.months = sc[0].months;
        }
        int rc = bilim__spec_scenario(&s, &sc[i], st);
        if (rc)
            return rc;
    }
    bilim_error err;
    bilim_error_clear(&err);
    return bilim_compare_check(sc, n, &err) ? bilim__status_from_error(st, &err)
                                            : BILIM_STATUS_OK;
}

static int write_comparison(bilim_output *o, const bilim_run_result *runs,
                            const bilim_spec *const *specs, int n, double wall,
                            bilim_status *st)
{
    bilim_error err;
    bilim_error_clear(&err);
    bilim_comparison cmp;
    memset(&cmp, 0, sizeof cmp);
    int rc = bilim_compare_compute(runs, n, &cmp, &err);
    for (int i = 0; !rc && i < n; i++)
        rc = bilim_output_write_run(o, &runs[i], specs[i]->json, &err);
    if (!rc)
        rc = bilim_compare_write(o, &cmp, &err);
    if (!rc)
        rc = bilim_output_write_run_info(o, wall, runs[0].threads_used, &err);
    bilim_comparison_clear(&cmp);
    return rc ? bilim__status_from_error(st, &err) : BILIM_STATUS_OK;
}

static int compare(const bilim_spec *const *specs, int n, int threads, relay *r,
                   bilim_scenario *sc, bilim_run_result *runs, const char *path,
                   bilim_status *st)
{
    int rc = align(specs, n, sc, st);
    if (rc)
        return rc;
    bilim_error err;
    bilim_error_clear(&err);
    bilim_output *o = NULL;
    /* The destination is checked before the runs, not after: never one of
     * the scenarios' own files. */
    bilim_diags *inputs = bilim_diags_alloc();
    for (int i = 0; inputs && i < n; i++)
        if (bilim_diags_add_files(inputs, specs[i]->inputs)) {
            bilim_diags_free(inputs);
            inputs = NULL;
        }
    if (!inputs)
        return bilim__status_set(st, BILIM_STATUS_NOMEM, "out of memory");
    rc = bilim_output_create_sized(path, 0, inputs, &o, &err);
    bilim_diags_free(inputs);
    if (rc)
        return bilim__status_from_error(st, &err);
    for (int i = 0; i < n; i++)
        r->total += months_total(&sc[i]);
    double wall = 0.0;
    for (int i = 0; !rc && i < n; i++) {
        rc = run_one(&sc[i], threads, r, &runs[i], st);
        wall += rc ? 0.0 : runs[i].wall_seconds;
    }
    if (!rc)
        rc = write_comparison(o, runs, specs, n, wall, st);
    if (rc) {
        bilim_output_abort(o);
        return rc;
    }
    return bilim_output_commit(o, &err) ? bilim__status_from_error(st, &err) : BILIM_STATUS_OK;
}

int bilim_compare_to_file(const bilim_spec *const *specs, int n, int threads,
                          bilim_progress_fn progress, void *user, const char *path,
                          bilim_status *st)
{
    bilim__status_set(st, BILIM_STATUS_OK, "%s", "");
    if (!specs || !path || n < 2)
        return bilim__status_set(st, BILIM_STATUS_USAGE, "bilim_compare_to_file: give a path, "
                                 "a baseline and at least one option (n >= 2)");
    for (int i = 0; i < n; i++)
        if (!specs[i])
            return bilim__status_set(st, BILIM_STATUS_USAGE,
                                     "bilim_compare_to_file: specs[%d] is NULL", i);
    bilim_scenario *sc = bilim_calloc((size_t)n, sizeof *sc);
    bilim_run_result *runs = bilim_calloc((size_t)n, sizeof *runs);
    relay r = {progress, user, 0, 0, 0};
    int rc = sc && runs ? compare(specs, n, threads, &r, sc, runs, path, st)
                        : bilim__status_set(st, BILIM_STATUS_NOMEM, "out of memory");
    for (int i = 0; runs && i < n; i++)
        bilim_run_result_clear(&runs[i]);
    bilim_free(runs);
    bilim_free(sc);
    return rc;
}
