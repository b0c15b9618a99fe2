/* bench/interaction.c: how much two policy options complement each other
 * (docs/ODD.md 7.2, "Complementarity, measured"), on demand:
 *     cmake --build build --target interaction
 *     ./build/interaction [schools] [replicates] [months] [A.json B.json ...] [name=value ...]
 * Defaults: a proportional sample of 1,000 schools, 20 replicates, 60 months,
 * and three 2x2 designs: leadership_training x resource_funding and
 * professional_development x leadership_training of scenarios/, and
 * leadership_training x bench/designs/funding_literature_dose.json (the
 * shipped grants are too small to show anything: R +0.003).
 *
 * For each pair (A, B) of scenario files that extend the same baseline it
 * runs four arms on common random numbers (the same seed and replicate
 * index): the baseline, A, B and A+B (A's interventions followed by B's own,
 * those after the baseline's business-as-usual programmes),
 * each on the sample (bilim_scenario_sample: budgets and cohorts scaled).
 * The outcome is the share of teachers in routine use, averaged over the
 * scenario's innovations, at the last month. Per replicate r:
 *     e_A = A - base, e_B = B - base, e_AB = A+B - base,
 *     interaction = e_AB - (e_A + e_B),  ratio = e_AB / (e_A + e_B);
 * printed as means with 95% t intervals over replicates (percentage points
 * for effects). ratio > 1: the options complement each other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/stats.h"
#include "formats/scenario_load.h"
#include "models/model.h"
#include "params_arg.h"

#define MAX_REPS 200

/* Mean routine share over innovations at the last month of replicate r. */
static int outcome(const bilim_scenario *sc, int r, double *out)
{
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_error err;
    bilim_error_clear(&err);
    bilim_model *m;
    if (!rec || bilim_model_alloc(sc, r, &m, &err)) {
        fprintf(stderr, "%s\n", rec ? err.msg : "out of memory");
        free(rec);
        return 1;
    }
    while (bilim_model_month(m) < sc->months)
        if (bilim_model_step(m, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            bilim_model_free(m);
            free(rec);
            return 1;
        }
    bilim_model_observe(m, &L, rec);
    const bilim_metric *ro = &L.metrics[BILIM_M_ADOPTION_ROUTINE];
    double s = 0.0;
    for (int32_t j = 0; j < ro->dims[0]; j++)
        s += rec[ro->offset + (size_t)j];
    *out = s / ro->dims[0];
    bilim_model_free(m);
    free(rec);
    return 0;
}

/* Parameter overrides of the command line, applied to every arm. */
static const char *overrides[32];
static int n_overrides;

static int load(const char *name, int32_t schools, int32_t months, bilim_scenario *sc)
{
    /* A bare name is a shipped scenario; a relative path is relative to
     * the source tree (bench/designs/...); an absolute path is itself. */
    char path[4096];
    if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/%s%s", BILIM_SOURCE_DIR, strchr(name, '/') ? "" : "scenarios/",
                 name);
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(path, sc, NULL, d);
    if (rc)
        bilim_diags_print(d, stderr);
    bilim_diags_free(d);
    if (rc)
        return rc;
    bilim_error err;
    bilim_error_clear(&err);
    if (schools > 0 && bilim_scenario_sample(sc, schools, &err)) {
        fprintf(stderr, "%s: %s\n", name, err.msg);
        return 1;
    }
    if (months > 0)
        bilim_scenario_set_months(sc, months);
    for (int i = 0; i < n_overrides; i++)
        if (bench_params_arg(&sc->params, overrides[i]))
            return 1;
    return 0;
}

static void print_interval(const char *what, const double *x, int n, double scale)
{
    bilim_interval iv;
    bilim_stats_t_interval(x, (size_t)n, 0.95, &iv);
    printf("  %-34s %9.4f  (95%% CI %9.4f to %9.4f)\n", what, scale * iv.mean, scale * iv.low,
           scale * iv.high);
}

static int pair(const char *fa, const char *fb, int32_t schools, int reps, int32_t months)
{
    static bilim_scenario a, b, ab, base;
    if (load(fa, schools, months, &a) || load(fb, schools, months, &b) ||
        load("baseline.json", schools, months, &base))
        return 1;
    base.seed = a.seed;
    b.seed = a.seed;
    ab = a;
    /* Both options run on top of the baseline's programmes (business as
     * usual): A+B is A followed by B's own programmes only. */
    if (a.n_interventions + b.n_interventions - base.n_interventions > BILIM_MAX_INTERVENTIONS) {
        fprintf(stderr, "too many interventions in %s + %s\n", fa, fb);
        return 1;
    }
    for (int32_t i = base.n_interventions; i < b.n_interventions; i++)
        ab.interventions[ab.n_interventions++] = b.interventions[i];
    double eA[MAX_REPS], eB[MAX_REPS], eAB[MAX_REPS], inter[MAX_REPS], ratio[MAX_REPS],
        y0[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        double ya, yb, yab;
        if (outcome(&base, r, &y0[r]) || outcome(&a, r, &ya) || outcome(&b, r, &yb) ||
            outcome(&ab, r, &yab))
            return 1;
        eA[r] = ya - y0[r];
        eB[r] = yb - y0[r];
        eAB[r] = yab - y0[r];
        inter[r] = eAB[r] - eA[r] - eB[r];
        ratio[r] = eAB[r] / (eA[r] + eB[r]);
    }
    printf("%s x %s: %d schools, %d replicates, %d months (routine share, mean over innovations; "
           "effects in percentage points)\n", fa, fb, schools, reps, base.months);
    print_interval("baseline routine share (%)", y0, reps, 100.0);
    print_interval("effect of A", eA, reps, 100.0);
    print_interval("effect of B", eB, reps, 100.0);
    print_interval("effect of A+B", eAB, reps, 100.0);
    print_interval("interaction (A+B) - A - B", inter, reps, 100.0);
    print_interval("ratio (A+B) / (A + B)", ratio, reps, 1.0);
    return 0;
}

int main(int argc, char **argv)
{
    int32_t schools = 1000, months = 60;
    int reps = 20, pos = 0;
    const char *files[16];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (strstr(argv[i], ".json")) {
            if (nf < 16)
                files[nf++] = argv[i];
            continue;
        }
        if (strchr(argv[i], '=')) {
            if (n_overrides < 32)
                overrides[n_overrides++] = argv[i];
            continue;
        }
        int v = atoi(argv[i]);
        if (v <= 0) {
            fprintf(stderr, "usage: interaction [schools] [replicates] [months] [A.json B.json ...] "
                            "[name=value ...]\n");
            return 2;
        }
        if (pos == 0) schools = v;
        else if (pos == 1) reps = v;
        else months = v;
        pos++;
    }
    if (reps > MAX_REPS || nf % 2) {
        fprintf(stderr, "at most %d replicates; scenario files in pairs\n", MAX_REPS);
        return 2;
    }
    if (nf == 0) {
        files[nf++] = "leadership_training.json";
        files[nf++] = "resource_funding.json";
        files[nf++] = "professional_development.json";
        files[nf++] = "leadership_training.json";
        files[nf++] = "leadership_training.json";
        files[nf++] = "bench/designs/funding_literature_dose.json";
    }
    for (int i = 0; i < nf; i += 2) {
        if (pair(files[i], files[i + 1], schools, reps, months))
            return 1;
        printf("\n");
    }
    return 0;
}
