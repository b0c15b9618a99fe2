/* formats/output_run.c: one scenario's results as /scenarios/<name> (series,
 * summary, survey, provenance attributes) and the file's /run_info, in the
 * layout of docs/output.md. */
#include "formats/output_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/stats.h"
#include "formats/json.h"

/* Labels of every axis for one scenario, kept together so the writers can
 * point into them. */
typedef struct axis_labels {
    const char *lab[BILIM_N_AXES][BILIM_MAX_REGIONS > BILIM_MAX_INTERVENTIONS
                                      ? BILIM_MAX_REGIONS
                                      : BILIM_MAX_INTERVENTIONS];
} axis_labels;

static void fill_labels(axis_labels *al, const bilim_scenario *sc)
{
    for (int a = 0; a < BILIM_N_AXES; a++) {
        int32_t n = bilim_axis_length(sc, (bilim_axis)a);
        for (int32_t i = 0; i < n; i++)
            al->lab[a][i] = bilim_axis_label(sc, (bilim_axis)a, i);
    }
}

static int valid_name(const char *name)
{
    return name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* The metric's axes after (lead, month): labels from the scenario. */
static int metric_axes(const bilim_metric *m, const axis_labels *al, size_t *dims,
                       bilim_output_axis *axes)
{
    for (int k = 0; k < m->n_axes; k++) {
        dims[2 + k] = (size_t)m->dims[k];
        axes[2 + k].name = bilim_axis_name(m->axes[k]);
        axes[2 + k].labels = al->lab[m->axes[k]];
        axes[2 + k].values = NULL;
    }
    return 2 + m->n_axes;
}

static int write_description(bilim_output *o, const char *path, const char *text,
                             bilim_error *err)
{
    return bilim_output_attr_string(o, path, "description", text, err);
}

/* series/<metric>: (replicate, month, axes...) gathered from the records. */
static int write_series(bilim_output *o, const char *base, const bilim_run_result *r,
                        const axis_labels *al, bilim_error *err)
{
    const size_t months = (size_t)r->months + 1, reps = (size_t)r->replicates;
    for (int i = 0; i < BILIM_N_METRICS; i++) {
        const bilim_metric *m = &r->layout.metrics[i];
        if (!m->present)
            continue;
        double *buf = bilim_malloc(reps * months * m->size * sizeof *buf + 1);
        if (!buf)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing %s", m->name);
        for (size_t rep = 0; rep < reps; rep++)
            for (size_t t = 0; t < months; t++)
                memcpy(buf + (rep * months + t) * m->size,
                       bilim_run_record(r, (int32_t)rep, (int32_t)t) + m->offset,
                       m->size * sizeof *buf);
        size_t dims[4] = {reps, months, 1, 1};
        bilim_output_axis axes[4] = {{"replicate", NULL, NULL}, {"month", NULL, NULL}};
        int rank = metric_axes(m, al, dims, axes);
        char path[1024];
        snprintf(path, sizeof path, "%s/series/%s", base, m->name);
        int rc = bilim__output_write_nd(o, path, rank, dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE,
                                        buf, axes, err);
        bilim_free(buf);
        if (!rc)
            rc = write_description(o, path, m->description, err);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

/* summary/<metric>: (stat, month, axes...) over replicates. */
static int write_summary(bilim_output *o, const char *base, const bilim_run_result *r,
                         const axis_labels *al, bilim_error *err)
{
    const size_t months = (size_t)r->months + 1, reps = (size_t)r->replicates;
    const size_t S = BILIM_STATS_N_SUMMARY;
    const char *stat_labels[BILIM_STATS_N_SUMMARY];
    for (int s = 0; s < BILIM_STATS_N_SUMMARY; s++)
        stat_labels[s] = bilim_stats_summary_name(s);
    double *x = bilim_malloc(2 * (reps ? reps : 1) * sizeof *x);
    if (!x)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing the summary");
    int rc = BILIM_OK;
    for (int i = 0; i < BILIM_N_METRICS && !rc; i++) {
        const bilim_metric *m = &r->layout.metrics[i];
        if (!m->present)
            continue;
        double *buf = bilim_malloc(S * months * m->size * sizeof *buf + 1);
        if (!buf) {
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory writing %s", m->name);
            break;
        }
        for (size_t t = 0; t < months; t++)
            for (size_t k = 0; k < m->size; k++) {
                double st[BILIM_STATS_N_SUMMARY];
                for (size_t rep = 0; rep < reps; rep++)
                    x[rep] = bilim_run_record(r, (int32_t)rep, (int32_t)t)[m->offset + k];
                bilim_stats_summarise(x, reps, x + reps, st);
                for (size_t s = 0; s < S; s++)
                    buf[(s * months + t) * m->size + k] = st[s];
            }
        size_t dims[4] = {S, months, 1, 1};
        bilim_output_axis axes[4] = {{"stat", stat_labels, NULL}, {"month", NULL, NULL}};
        int rank = metric_axes(m, al, dims, axes);
        char path[1024];
        snprintf(path, sizeof path, "%s/summary/%s", base, m->name);
        rc = bilim__output_write_nd(o, path, rank, dims, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, buf,
                                    axes, err);
        bilim_free(buf);
        if (!rc)
            rc = write_description(o, path, m->description, err);
    }
    bilim_free(x);
    return rc;
}

/* survey/{months, n, n_rural, band_counts, barrier_counts}. */
static int write_surveys(bilim_output *o, const char *base, const bilim_run_result *r,
                         const axis_labels *al, bilim_error *err)
{
    const size_t reps = (size_t)r->replicates;
    const size_t ns = (size_t)r->scenario.outputs.n_survey_months;
    int64_t months[BILIM_MAX_SURVEY_MONTHS];
    for (size_t s = 0; s < ns; s++)
        months[s] = r->scenario.outputs.survey_months[s];
    size_t cells = reps * ns;
    int32_t *buf = bilim_malloc((cells ? cells : 1) * (BILIM_N_BANDS + BILIM_N_BARRIERS) * sizeof *buf);
    if (!buf)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing the surveys");
    static const char *const names[4] = {"n", "n_rural", "band_counts", "barrier_counts"};
    static const char *const descr[4] = {
        "principals drawn by the virtual survey",
        "of whom in rural schools",
        "principals in each readiness band",
        "principals reporting each barrier"};
    int rc = BILIM_OK;
    for (int v = 0; v < 4 && !rc; v++) {
        size_t width = v == 2 ? BILIM_N_BANDS : v == 3 ? BILIM_N_BARRIERS : 1;
        for (size_t c = 0; c < cells; c++) {
            const bilim_survey *sv = &r->surveys[c];
            for (size_t k = 0; k < width; k++)
                buf[c * width + k] = v == 0   ? sv->n
                                     : v == 1 ? sv->n_rural
                                     : v == 2 ? sv->band[k]
                                              : sv->barrier[k];
        }
        size_t dims[3] = {reps, ns, width};
        bilim_output_axis axes[3] = {{"replicate", NULL, NULL}, {"months", NULL, months}};
        if (v >= 2) {
            bilim_axis a = v == 2 ? BILIM_AXIS_BAND : BILIM_AXIS_BARRIER;
            axes[2].name = bilim_axis_name(a);
            axes[2].labels = al->lab[a];
        }
        char path[1024];
        snprintf(path, sizeof path, "%s/survey/%s", base, names[v]);
        rc = bilim__output_write_nd(o, path, v >= 2 ? 3 : 2, dims, H5T_NATIVE_INT32,
                                    H5T_STD_I32LE, buf, axes, err);
        if (!rc)
            rc = write_description(o, path, descr[v], err);
    }
    bilim_free(buf);
    return rc;
}

/* The "description" of the resolved scenario JSON, as a malloc'd string ("" when
 * it has none or the text is not JSON); NULL when out of memory. */
static char *scenario_description(const char *scenario_json)
{
    bilim_json_arena *a = bilim_json_arena_alloc();
    if (!a)
        return NULL;
    bilim_json_syntax syn;
    const char *text = scenario_json ? scenario_json : "";
    const bilim_json *root = bilim_json_parse(a, text, strlen(text), "scenario_json", &syn);
    if (!root && syn.nomem) {
        bilim_json_arena_free(a);
        return NULL;
    }
    const bilim_json *d = root ? bilim_json_get(root, "description") : NULL;
    const char *s = d && d->type == BILIM_JSON_STRING ? d->text : "";
    char *out = bilim_malloc(strlen(s) + 1);
    if (out)
        strcpy(out, s);
    bilim_json_arena_free(a);
    return out;
}

/* reached/<intervention>: uint8 (replicate, school), 1 where it reached the
 * school by the horizon, so the overlap of interventions can be checked. */
static int write_reached(bilim_output *o, const char *base, const bilim_run_result *r,
                         bilim_error *err)
{
    const int32_t niv = r->scenario.n_interventions;
    const size_t reps = (size_t)r->replicates, n = (size_t)r->reached_schools;
    if (!r->reached || niv < 1 || n < 1)
        return BILIM_OK;
    uint8_t *buf = bilim_malloc(reps * n);
    if (!buf)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory writing the reached schools");
    int rc = BILIM_OK;
    for (int32_t i = 0; i < niv && !rc; i++) {
        for (size_t rep = 0; rep < reps; rep++)
            memcpy(buf + rep * n, r->reached + (rep * (size_t)niv + (size_t)i) * n, n);
        size_t dims[2] = {reps, n};
        bilim_output_axis axes[2] = {{"replicate", NULL, NULL}, {"school", NULL, NULL}};
        char path[1024];
        snprintf(path, sizeof path, "%s/reached/%s", base, r->scenario.interventions[i].name);
        rc = bilim__output_write_nd(o, path, 2, dims, H5T_NATIVE_UINT8, H5T_STD_U8LE, buf, axes, err);
        if (!rc)
            rc = write_description(o, path, "1 where the intervention reached the school by the "
                                   "horizon (enrolled, funded, paid, partnered, a hub's cluster; "
                                   "docs/output.md), per replicate", err);
    }
    bilim_free(buf);
    return rc;
}

static int write_scenario_attrs(bilim_output *o, const char *base, const bilim_run_result *r,
                                const char *scenario_json, bilim_error *err)
{
    /* title and description, for readers that show scenarios to people (the report):
     * the title, or the name when there is none (docs/output.md). */
    char *description = scenario_description(scenario_json);
    if (!description)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    hid_t g = bilim__output_group(o->file, base, 1, err);
    if (g < 0) {
        bilim_free(description);
        return err ? err->code : BILIM_EIO;
    }
    const char *title = r->scenario.title[0] ? r->scenario.title : r->scenario.name;
    int64_t reps = r->replicates, months = r->months, schools = r->schools,
            teachers = r->teachers;
    uint64_t seed = r->scenario.seed;
    int bad = bilim__output_attr_str(g, "scenario_json", scenario_json ? scenario_json : "") |
              bilim__output_attr_num(g, "seed", H5T_NATIVE_UINT64, &seed) |
              bilim__output_attr_num(g, "replicates", H5T_NATIVE_INT64, &reps) |
              bilim__output_attr_num(g, "months", H5T_NATIVE_INT64, &months) |
              bilim__output_attr_num(g, "schools", H5T_NATIVE_INT64, &schools) |
              bilim__output_attr_num(g, "teachers", H5T_NATIVE_INT64, &teachers) |
              bilim__output_attr_str(g, "title", title) |
              bilim__output_attr_str(g, "description", description);
    /* A history before month 0 (docs/output.md): its months are not written. */
    int64_t hist = bilim_scenario_history_months(&r->scenario);
    if (hist > 0) {
        char from[16];
        snprintf(from, sizeof from, "%04d-%02d", (int)(r->scenario.history_from / 12),
                 (int)(r->scenario.history_from % 12 + 1));
        bad |= bilim__output_attr_str(g, "history_from", from) |
               bilim__output_attr_num(g, "history_months", H5T_NATIVE_INT64, &hist);
    }
    H5Gclose(g);
    bilim_free(description);
    if (bad)
        return bilim__output_fail(err, BILIM_EIO, "cannot write the attributes of '%s'", base);
    return BILIM_OK;
}

int bilim_output_write_run(bilim_output *o, const bilim_run_result *r,
                           const char *scenario_json, bilim_error *err)
{
    if (!o || !r || r->replicates < 1 || r->months < 0 || !r->series ||
        (r->scenario.outputs.n_survey_months > 0 && !r->surveys))
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_output_write_run: empty result");
    const char *name = r->scenario.name;
    if (!valid_name(name))
        return bilim_error_set(err, BILIM_EINVAL,
                               "scenario name '%s' cannot name an HDF5 group; use a name "
                               "without '/' that is not '.' or '..'",
                               name);
    char base[256];
    snprintf(base, sizeof base, "/scenarios/%s", name);
    hid_t probe = bilim__output_group(o->file, "/scenarios", 1, err);
    if (probe < 0)
        return err ? err->code : BILIM_EIO;
    htri_t exists = H5Lexists(probe, name, H5P_DEFAULT);
    H5Gclose(probe);
    if (exists > 0)
        return bilim_error_set(err, BILIM_EINVAL,
                               "the file already holds a scenario named '%s'; give each "
                               "scenario its own name",
                               name);
    axis_labels *al = bilim_calloc(1, sizeof *al);
    if (!al)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    fill_labels(al, &r->scenario);
    int rc = write_scenario_attrs(o, base, r, scenario_json, err);
    if (!rc)
        rc = write_series(o, base, r, al, err);
    if (!rc)
        rc = write_summary(o, base, r, al, err);
    if (!rc)
        rc = write_surveys(o, base, r, al, err);
    if (!rc)
        rc = write_reached(o, base, r, err);
    bilim_free(al);
    return rc;
}

int bilim_output_write_run_info(bilim_output *o, double wall_seconds, int threads,
                                bilim_error *err)
{
    if (!o)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_output_write_run_info on NULL");
    char host[256] = "unknown";
    if (gethostname(host, sizeof host) != 0)
        strcpy(host, "unknown");
    host[sizeof host - 1] = '\0';
    /* The run started wall_seconds before now; written as UTC, ISO 8601. */
    time_t start = time(NULL) - (time_t)floor(wall_seconds + 0.5);
    struct tm tm;
    char started[64] = "unknown";
    if (gmtime_r(&start, &tm))
        strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    hid_t g = bilim__output_group(o->file, "/run_info", 1, err);
    if (g < 0)
        return err ? err->code : BILIM_EIO;
    int64_t th = threads;
    int bad = bilim__output_attr_num(g, "wall_seconds", H5T_NATIVE_DOUBLE, &wall_seconds) |
              bilim__output_attr_str(g, "host", host) |
              bilim__output_attr_num(g, "threads", H5T_NATIVE_INT64, &th) |
              bilim__output_attr_str(g, "started", started);
    H5Gclose(g);
    if (bad)
        return bilim__output_fail(err, BILIM_EIO, "cannot write /run_info");
    return BILIM_OK;
}
