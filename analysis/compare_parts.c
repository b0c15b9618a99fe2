/* analysis/compare_parts.c: a package's parts alone, their effects and the
 * interaction (compare_parts.h). */
#include "analysis/compare_parts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "analysis/compare.h"
#include "base/alloc.h"
#include "base/i18n.h"
#include "formats/output_read.h"

void bilim_compare_parts_format_schools(double v, char *buf, size_t n)
{
    bilim_i18n_number(v, v == floor(v) ? 0 : 1, BILIM_I18N_GROUP, buf, n);
}

int32_t bilim_compare_parts_count(const bilim_scenario *sc)
{
    int32_t n = 0;
    for (int32_t i = 0; i < sc->n_interventions; i++)
        n += (sc->package.parts >> i) & 1u;
    return n;
}

/* The index in sc->interventions of part k, or -1. */
static int32_t part_index(const bilim_scenario *sc, int32_t k)
{
    for (int32_t i = 0, seen = 0; i < sc->n_interventions; i++)
        if ((sc->package.parts >> i) & 1u) {
            if (seen == k)
                return i;
            seen++;
        }
    return -1;
}

int bilim_compare_parts_scenario(const bilim_scenario *sc, int32_t k, bilim_scenario *out,
                                 bilim_error *err)
{
    int32_t mine = k >= 0 ? part_index(sc, k) : -1;
    if (mine < 0)
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s' has no package part %d",
                               sc->name, k + 1);
    *out = *sc;
    /* Past the horizon: the other parts never start, never draw a random
     * number and never spend, but keep their indices (random streams). */
    for (int32_t i = 0; i < sc->n_interventions; i++)
        if (i != mine && ((sc->package.parts >> i) & 1u))
            out->interventions[i].start_month = sc->months + 1;
    /* Half the name each (the progress bar's label): "package~part". */
    const int half = BILIM_NAME_MAX / 2 - 1;
    snprintf(out->name, sizeof out->name, "%.*s~%.*s", half, sc->name, half,
             sc->interventions[mine].name);
    return BILIM_OK;
}

void bilim_package_parts_clear(bilim_package_parts *p)
{
    if (!p)
        return;
    bilim_free(p->names);
    bilim_free(p->share_diff);
    bilim_free(p->cost_diff);
    bilim_free(p->effect);
    bilim_free(p->cost_kzt);
    bilim_free(p->ce);
    bilim_free(p->reached);
    memset(p, 0, sizeof *p);
}

/* Arrays for n_parts parts and R replicates; 0 or -1 (out of memory). */
static int allocate(bilim_package_parts *p, int32_t n_parts, int32_t R)
{
    size_t rows = (size_t)n_parts + 2, k = (size_t)n_parts;
    p->n_parts = n_parts;
    p->replicates = R;
    p->names = bilim_calloc(k, sizeof *p->names);
    p->share_diff = bilim_calloc(rows * (size_t)R, sizeof *p->share_diff);
    p->cost_diff = bilim_calloc(rows * (size_t)R, sizeof *p->cost_diff);
    p->effect = bilim_calloc(rows, sizeof *p->effect);
    p->cost_kzt = bilim_calloc(rows, sizeof *p->cost_kzt);
    p->ce = bilim_calloc(rows, sizeof *p->ce);
    p->reached = bilim_calloc(k * k, sizeof *p->reached);
    return p->names && p->share_diff && p->cost_diff && p->effect && p->cost_kzt && p->ce &&
                   p->reached
               ? 0
               : -1;
}

int bilim_compare_parts_summarise(bilim_package_parts *p, double teachers)
{
    const int32_t k = p->n_parts;
    const size_t R = (size_t)p->replicates;
    double *inter = p->share_diff + (size_t)(k + 1) * R;
    double *inter_cost = p->cost_diff + (size_t)(k + 1) * R;
    for (size_t r = 0; r < R; r++) {
        inter[r] = p->share_diff[(size_t)k * R + r];
        inter_cost[r] = p->cost_diff[(size_t)k * R + r];
        for (int32_t i = 0; i < k; i++) {
            inter[r] -= p->share_diff[(size_t)i * R + r];
            inter_cost[r] -= p->cost_diff[(size_t)i * R + r];
        }
    }
    /* The same arithmetic as the comparison's rows (compare_rows.c): the
     * difference against zero is the difference itself, so the package's
     * row here equals its row there bit for bit. */
    double *zeros = bilim_calloc(R ? R : 1, sizeof *zeros), *eff = bilim_calloc(R ? R : 1,
                                                                                  sizeof *eff);
    if (!zeros || !eff) {
        bilim_free(zeros);
        bilim_free(eff);
        return -1;
    }
    for (int32_t i = 0; i <= k + 1; i++) {
        const double *d = p->share_diff + (size_t)i * R, *c = p->cost_diff + (size_t)i * R;
        bilim_stats_paired_interval(d, zeros, R, BILIM_COMPARE_LEVEL, &p->effect[i]);
        p->cost_kzt[i] = bilim_stats_mean(c, R);
        memset(&p->ce[i], 0, sizeof p->ce[i]);
        p->ce[i].ratio = p->ce[i].low = p->ce[i].high = NAN;
        if (i <= k) {
            for (size_t r = 0; r < R; r++)
                eff[r] = d[r] * teachers;
            bilim_stats_cost_effectiveness(c, eff, R, BILIM_COMPARE_LEVEL, &p->ce[i]);
        }
    }
    bilim_free(zeros);
    bilim_free(eff);
    /* The interaction's estimate is exactly the package's minus the sum of
     * the parts' (as a reader checks it); its interval keeps its width. */
    double m = p->effect[k].mean, c = p->cost_kzt[k];
    for (int32_t i = 0; i < k; i++) {
        m -= p->effect[i].mean;
        c -= p->cost_kzt[i];
    }
    bilim_interval *x = &p->effect[k + 1];
    x->low += m - x->mean;
    x->high += m - x->mean;
    x->mean = m;
    p->cost_kzt[k + 1] = c;
    return 0;
}

/* Schools reached by each pair of parts in the package's run, mean over
 * replicates. */
static void overlap(bilim_package_parts *p, const bilim_run_result *pkg, const int32_t *iv)
{
    const int32_t k = p->n_parts, S = pkg->reached_schools, R = pkg->replicates;
    const int32_t n_iv = pkg->scenario.n_interventions;
    p->schools = S;
    if (!pkg->reached || S <= 0)
        return;
    for (int32_t r = 0; r < R; r++) {
        const uint8_t *rep = pkg->reached + (size_t)r * (size_t)n_iv * (size_t)S;
        for (int32_t s = 0; s < S; s++) {
            int every = 1;
            for (int32_t i = 0; i < k; i++) {
                int a = rep[(size_t)iv[i] * (size_t)S + (size_t)s] != 0;
                every &= a;
                for (int32_t j = 0; a && j < k; j++)
                    p->reached[i * k + j] += rep[(size_t)iv[j] * (size_t)S + (size_t)s] != 0;
            }
            p->reached_all += every;
        }
    }
    for (int32_t i = 0; i < k * k; i++)
        p->reached[i] /= R;
    p->reached_all /= R;
}

int bilim_compare_parts_compute(const bilim_run_result *runs, int32_t option,
                                const bilim_run_result *parts, int32_t n_parts, double teachers,
                                bilim_package_parts *out, bilim_error *err)
{
    memset(out, 0, sizeof *out);
    const bilim_scenario *sc = &runs[option].scenario;
    if (n_parts < 1 || n_parts != bilim_compare_parts_count(sc))
        return bilim_error_set(err, BILIM_EINVAL, "scenario '%s': %d part runs for a package of "
                               "%d parts", sc->name, n_parts, bilim_compare_parts_count(sc));
    /* Baseline, package, parts: one comparison gives every horizon value
     * and checks that each part-alone run pairs with the baseline. */
    bilim_run_result *all = bilim_calloc((size_t)n_parts + 2, sizeof *all);
    int32_t iv[BILIM_MAX_INTERVENTIONS];
    if (!all || allocate(out, n_parts, runs[0].replicates)) {
        bilim_free(all);
        bilim_package_parts_clear(out);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    all[0] = runs[0];
    all[1] = runs[option];
    for (int32_t i = 0; i < n_parts; i++) {
        all[i + 2] = parts[i];
        iv[i] = part_index(sc, i);
        memcpy(out->names[i], sc->interventions[iv[i]].name, BILIM_NAME_MAX);
    }
    bilim_comparison sub;
    int rc = bilim_compare_compute(all, n_parts + 2, &sub, err);
    bilim_free(all);
    if (rc) {
        bilim_package_parts_clear(out);
        bilim_error_prefix(err, "package '%s', its parts alone", sc->name);
        return rc;
    }
    out->option = option;
    const size_t R = (size_t)out->replicates;
    for (int32_t row = 0; row <= n_parts; row++) {
        int32_t s = row == n_parts ? 1 : row + 2;  /* sub's scenario of this row */
        for (size_t r = 0; r < R; r++) {
            const int32_t T = sub.months, rr = (int32_t)r;
            out->share_diff[row * R + r] = bilim_compare_series(&sub, s, BILIM_Q_ROUTINE, rr)[T] -
                                           bilim_compare_series(&sub, 0, BILIM_Q_ROUTINE, rr)[T];
            out->cost_diff[row * R + r] = bilim_compare_series(&sub, s, BILIM_Q_COST, rr)[T] -
                                          bilim_compare_series(&sub, 0, BILIM_Q_COST, rr)[T];
        }
    }
    bilim_comparison_clear(&sub);
    if (bilim_compare_parts_summarise(out, teachers)) {
        bilim_package_parts_clear(out);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    overlap(out, &runs[option], iv);
    return BILIM_OK;
}

/* Row labels: the parts' names, "package", "interaction". */
static const char **row_labels(const bilim_package_parts *p)
{
    const char **l = bilim_calloc((size_t)p->n_parts + 2, sizeof *l);
    if (!l)
        return NULL;
    for (int32_t i = 0; i < p->n_parts; i++)
        l[i] = p->names[i];
    l[p->n_parts] = "package";
    l[p->n_parts + 1] = "interaction";
    return l;
}

static int write_table(bilim_output *o, const char *g, const bilim_package_parts *p,
                       const char **labels, bilim_error *err)
{
    enum { COLS = 9 };
    static const char *const cols[COLS] = {"part", "kind", "mean_diff", "ci_low", "ci_high",
                                           "cost_kzt", "kzt_per_additional_teacher",
                                           "ce_ci_low", "ce_ci_high"};
    const size_t n = (size_t)p->n_parts + 2;
    const char **kind = bilim_calloc(n, sizeof *kind);
    double *num = bilim_calloc(7 * n, sizeof *num);
    int rc;
    if (kind && num) {
        const char *const *strings[COLS] = {labels, kind};
        const double *numbers[COLS] = {NULL, NULL};
        for (int c = 2; c < COLS; c++)
            numbers[c] = num + (size_t)(c - 2) * n;
        for (size_t i = 0; i < n; i++) {
            kind[i] = i + 2 < n ? "part" : i + 2 == n ? "package" : "interaction";
            const double v[7] = {p->effect[i].mean, p->effect[i].low, p->effect[i].high,
                                 p->cost_kzt[i], p->ce[i].ratio, p->ce[i].low, p->ce[i].high};
            for (int c = 0; c < 7; c++)
                num[(size_t)c * n + i] = v[c];
        }
        char path[256];
        snprintf(path, sizeof path, "%s/effects", g);
        rc = bilim_output_write_table(o, path, n, COLS, cols, strings, numbers, err);
    } else {
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    }
    bilim_free(kind);
    bilim_free(num);
    return rc;
}

static int write_arrays(bilim_output *o, const char *g, const bilim_package_parts *p,
                        const char **labels, bilim_error *err)
{
    char path[256];
    const size_t d[2] = {(size_t)p->n_parts + 2, (size_t)p->replicates};
    const char *const ax[2] = {"row", "replicate"};
    const char *const *lab[2] = {labels, NULL};
    snprintf(path, sizeof path, "%s/share_difference", g);
    int rc = bilim_output_write_array(o, path, 2, d, p->share_diff, ax, lab, err);
    snprintf(path, sizeof path, "%s/cost_difference", g);
    if (!rc)
        rc = bilim_output_write_array(o, path, 2, d, p->cost_diff, ax, lab, err);
    const size_t d2[2] = {(size_t)p->n_parts, (size_t)p->n_parts};
    const char *const ax2[2] = {"part", "part"};
    const char *const *lab2[2] = {labels, labels};
    snprintf(path, sizeof path, "%s/reached_schools", g);
    if (!rc)
        rc = bilim_output_write_array(o, path, 2, d2, p->reached, ax2, lab2, err);
    static const char *const what[3][2] = {
        {"share_difference", "[row][replicate]: share of teachers in routine use at the horizon "
                             "minus the baseline's, same replicate (interaction row: the "
                             "package's minus the sum of the parts')"},
        {"cost_difference", "[row][replicate]: cumulative KZT at the horizon minus the "
                            "baseline's, same replicate"},
        {"reached_schools", "[part][part]: schools reached by both parts in the package's own "
                            "run by the horizon, mean over replicates (diagonal: by the part)"},
    };
    for (int i = 0; !rc && i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", g, what[i][0]);
        rc = bilim_output_attr_string(o, path, "description", what[i][1], err);
    }
    return rc;
}

static int write_attrs(bilim_output *o, const char *g, const bilim_package_parts *p,
                       const char *package, bilim_error *err)
{
    char parts[BILIM_MAX_INTERVENTIONS * BILIM_NAME_MAX];
    size_t k = 0;
    parts[0] = '\0';
    for (int32_t i = 0; i < p->n_parts; i++)
        k += (size_t)snprintf(parts + k, sizeof parts - k, "%s%s", i ? "\n" : "", p->names[i]);
    static const char *const text[][2] = {
        {"description", "what each part of the package adds: each part alone (the package's "
                        "scenario with its other parts never starting) against the baseline, "
                        "on the same random numbers (common random numbers)"},
        {"effects", "rows: each part alone, the package, the interaction; mean_diff: share of "
                    "teachers in routine use at the horizon (mean over innovations) minus the "
                    "baseline's, as a fraction; cost_kzt: cumulative spending minus the "
                    "baseline's; kzt_per_additional_teacher: as in /comparison/effects"},
        {"interaction", "the package's effect minus the sum of its parts' effects, replicate "
                        "by replicate; > 0: the parts do more together than apart"},
        {"interval_method", "t interval on the replicates' differences (df = replicates - 1); "
                            "NaN when there is one replicate"},
    };
    int rc = bilim_output_attr_string(o, g, "package", package, err);
    if (!rc)
        rc = bilim_output_attr_string(o, g, "parts", parts, err);
    for (size_t i = 0; !rc && i < sizeof text / sizeof text[0]; i++)
        rc = bilim_output_attr_string(o, g, text[i][0], text[i][1], err);
    if (!rc)
        rc = bilim_output_attr_double(o, g, "reached_by_every_part", p->reached_all, err);
    if (!rc)
        rc = bilim_output_attr_double(o, g, "schools", p->schools, err);
    return rc;
}

int bilim_compare_parts_write(bilim_output *o, const bilim_package_parts *p,
                              const char *package, bilim_error *err)
{
    char g[160];
    snprintf(g, sizeof g, "/comparison/package_parts/%s", package);
    const char **labels = row_labels(p);
    if (!labels)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = write_attrs(o, g, p, package, err);
    if (!rc)
        rc = write_table(o, g, p, labels, err);
    if (!rc)
        rc = write_arrays(o, g, p, labels, err);
    bilim_free(labels);
    return rc;
}

/* Package option s's decomposition from the result file, when it has one
 * (*found 1). */
static int read_one(const char *path, const bilim_comparison *c, const bilim_scenario *sc,
                    int32_t s, bilim_package_parts *p, int *found, bilim_error *err)
{
    char g[160], ds[200];
    snprintf(g, sizeof g, "/comparison/package_parts/%s", c->names[s]);
    char *names = NULL;
    bilim_error ignored;
    *found = 0;
    if (bilim_output_read_attr_string(path, g, "parts", &names, &ignored))
        return ignored.code == BILIM_ENOMEM ? bilim_error_set(err, BILIM_ENOMEM, "out of memory")
                                            : BILIM_OK; /* not decomposed */
    const int32_t k = bilim_compare_parts_count(sc);
    int32_t listed = 1;
    for (const char *q = names; *q; q++)
        listed += *q == '\n';
    int rc = listed == k ? BILIM_OK
                         : bilim_error_set(err, BILIM_EINVAL, "'%s': %s lists %d parts but the "
                                           "scenario's package has %d", path, g, listed, k);
    if (!rc && allocate(p, k, c->replicates))
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    const char *q = names;
    for (int32_t i = 0; !rc && i < k; i++) {
        size_t n = strcspn(q, "\n");
        snprintf(p->names[i], BILIM_NAME_MAX, "%.*s", (int)n, q);
        q += n + (q[n] == '\n');
    }
    bilim_free(names);
    const size_t d1[2] = {(size_t)k + 2, (size_t)c->replicates}, d2[2] = {(size_t)k, (size_t)k};
    static const char *const arrays[3] = {"share_difference", "cost_difference",
                                          "reached_schools"};
    for (int a = 0; !rc && a < 3; a++) {
        snprintf(ds, sizeof ds, "%s/%s", g, arrays[a]);
        double *buf = a == 0 ? p->share_diff : a == 1 ? p->cost_diff : p->reached;
        rc = bilim_output_read_array(path, ds, 2, a < 2 ? d1 : d2, buf, err);
    }
    if (!rc)
        rc = bilim_output_read_attr_double(path, g, "reached_by_every_part", &p->reached_all, err);
    if (!rc)
        rc = bilim_output_read_attr_double(path, g, "schools", &p->schools, err);
    if (!rc && bilim_compare_parts_summarise(p, c->teachers))
        rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    p->option = s;
    *found = !rc;
    return rc;
}

int bilim_compare_parts_read(const char *path, const bilim_run_result *runs,
                             bilim_comparison *c, bilim_error *err)
{
    c->packages = bilim_calloc((size_t)c->n_scenarios, sizeof *c->packages);
    if (!c->packages)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    int rc = BILIM_OK;
    for (int32_t s = 1; !rc && s < c->n_scenarios; s++) {
        if (!runs[s].scenario.package.parts)
            continue;
        int found = 0;
        rc = read_one(path, c, &runs[s].scenario, s, &c->packages[c->n_packages], &found, err);
        if (rc)
            bilim_package_parts_clear(&c->packages[c->n_packages]);
        c->n_packages += found;
    }
    return rc;
}
