/* bench/derive_effects.c: derives each effect parameter from its virtual
 * trial (docs/ODD.md 7.4, "Virtual trials"): the value at which the trial's
 * simulated effect equals the literature's target, on demand:
 *     cmake --build build --target derive_effects
 *     ./build/derive_effects [scenario.json] [schools] [replicates] [name=value ...]
 * Defaults: scenarios/baseline.json, a 1,000-school sample, 6 replicates.
 * name=value sets a parameter before the search (e.g. to start from another
 * value of a parameter the trials share).
 *
 * Trials are taken in the table's order and each derived value is kept for
 * the next (the practice trials of hubs and universities come after their
 * knowledge trials, whose parameters they share). The search is a bisection
 * on the logarithm of the parameter between a tenth and ten times its value
 * (widened while the target is outside), 14 steps; effects rise with every
 * parameter except cost_R (KZT per unit of R), where they fall. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/effects.h"
#include "formats/scenario_load.h"
#include "params_arg.h"

static double effect(const bilim_scenario *sc, const char *trial, int reps)
{
    bilim_effects_options o = {reps, 0, trial, 0, NULL, NULL, NULL};
    static bilim_effects_result r;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_effects_run(sc, &o, &r, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    return r.rows[0].effect.mean;
}

/* The value of info in sc at which trial t's effect is its target. */
static double solve(bilim_scenario *sc, const bilim_effects_trial *t, int reps)
{
    const bilim_param_info *info = bilim_params_find(t->parameter);
    const double sign = strcmp(t->parameter, "cost_R") == 0 ? -1.0 : 1.0;
    double x0 = bilim_params_get(&sc->params, info);
    if (!(x0 > 0))
        x0 = 1e-3;
    double lo = log(x0 / 10), hi = log(x0 * 10);
    for (int widen = 0; widen < 6; widen++) {
        bilim_params_set(&sc->params, info, exp(lo));
        double flo = sign * (effect(sc, t->name, reps) - t->target);
        bilim_params_set(&sc->params, info, exp(hi));
        double fhi = sign * (effect(sc, t->name, reps) - t->target);
        if (flo <= 0 && fhi >= 0)
            break;
        if (flo > 0)
            lo -= log(10);
        if (fhi < 0)
            hi += log(10);
    }
    for (int i = 0; i < 14; i++) {
        double mid = 0.5 * (lo + hi);
        bilim_params_set(&sc->params, info, exp(mid));
        double f = sign * (effect(sc, t->name, reps) - t->target);
        if (f < 0)
            lo = mid;
        else
            hi = mid;
    }
    double x = exp(0.5 * (lo + hi));
    if (x > info->max || x < info->min)
        fprintf(stderr, "  note: %s = %g is outside the table's range [%g, %g]\n", info->name, x,
                info->min, info->max);
    bilim_params_set(&sc->params, info, x);
    return x;
}

int main(int argc, char **argv)
{
    const char *file = BILIM_SOURCE_DIR "/scenarios/baseline.json";
    int schools = 1000, reps = 6, pos = 0;
    const char *over[32];
    int no = 0;
    for (int i = 1; i < argc; i++) {
        if (strstr(argv[i], ".json"))
            file = argv[i];
        else if (strchr(argv[i], '=') && no < 32)
            over[no++] = argv[i];
        else if (atoi(argv[i]) > 0) {
            if (pos++ == 0)
                schools = atoi(argv[i]);
            else
                reps = atoi(argv[i]);
        } else {
            fprintf(stderr, "usage: derive_effects [scenario.json] [schools] [replicates] "
                            "[name=value ...]\n");
            return 2;
        }
    }
    static bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    if (bilim_scenario_load(file, &sc, NULL, d)) {
        bilim_diags_print(d, stderr);
        return 1;
    }
    bilim_diags_free(d);
    for (int i = 0; i < no; i++)
        if (bench_params_arg(&sc.params, over[i]))
            return 2;
    bilim_error err;
    if (bilim_population_schools(&sc.population) > schools &&
        bilim_scenario_sample(&sc, schools, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("%s: %d schools, %d replicates\n", file, bilim_population_schools(&sc.population),
           reps);
    int n;
    const bilim_effects_trial *t = bilim_effects_trials(&n);
    for (int i = 0; i < n; i++) {
        if (!t[i].parameter[0])
            continue;
        const bilim_param_info *info = bilim_params_find(t[i].parameter);
        double before = bilim_params_get(&sc.params, info);
        double at = effect(&sc, t[i].name, reps);
        double x = solve(&sc, &t[i], reps);
        printf("%-24s %-12s %12.6g -> %12.6g  (effect %.4f at the old value, %.4f now; target "
               "%.4f)\n", t[i].name, t[i].parameter, before, x, at, effect(&sc, t[i].name, reps),
               t[i].target);
        fflush(stdout);
    }
    return 0;
}
