/* bench/drift.c: what business as usual (scenarios/baseline.json) or no
 * programmes at all (no_programmes.json) do to the calibrated month-0 state
 * (docs/ODD.md 7.6), on demand:
 *     cmake --build build --target drift
 *     ./build/drift [balance] [schools] [replicates] [months] [scenario.json] [name=value ...]
 * Defaults: the whole national population (schools 0), 2 replicates, 60 months,
 * scenarios/baseline.json; name=value overrides a parameter (e.g.
 * delta_R=0). Prints, every 12 months, the means of K, S, O, k, m, R, the
 * readiness band shares, the barrier prevalence and the routine share
 * (mean over innovations), averaged over replicates.
 *
 * "balance" (docs/ODD.md 7.6) runs with delta_K, delta_k and delta_R at 0
 * (12 months unless given) and prints the decay rates that would offset the
 * scenario's inflows over that time: for x = K, k, R,
 *     delta_x = (x at the last month - x at month 0) / (months * mean of the two),
 * the rates at which business as usual holds the national means. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/scenario_load.h"
#include "models/model.h"
#include "params_arg.h"

#define MAX_ROWS (BILIM_MAX_MONTHS / 12 + 1)
#define N_COLS (BILIM_N_STATE_VARS + BILIM_N_BANDS + BILIM_N_BARRIERS + 1)

/* Copies the columns of one month's record into row. */
static void take(const bilim_obs_layout *L, const double *rec, double *row, double w)
{
    int c = 0;
    const bilim_metric *ms = &L->metrics[BILIM_M_MEAN_STATE];
    for (int i = 0; i < BILIM_N_STATE_VARS; i++)
        row[c++] += w * rec[ms->offset + (size_t)i];
    const bilim_metric *mb = &L->metrics[BILIM_M_READINESS_BAND_SHARE];
    for (int i = 0; i < BILIM_N_BANDS; i++)
        row[c++] += w * rec[mb->offset + (size_t)i];
    const bilim_metric *mr = &L->metrics[BILIM_M_BARRIER_PREVALENCE];
    for (int i = 0; i < BILIM_N_BARRIERS; i++)
        row[c++] += w * rec[mr->offset + (size_t)i];
    const bilim_metric *ro = &L->metrics[BILIM_M_ADOPTION_ROUTINE];
    double s = 0.0;
    for (int32_t j = 0; j < ro->dims[0]; j++)
        s += rec[ro->offset + (size_t)j];
    row[c] += w * s / ro->dims[0];
}

int main(int argc, char **argv)
{
    int32_t schools = 0, months = 60;
    int reps = 2, pos = 0, balance = 0;
    const char *file = "baseline.json";
    const char *over[32];
    int no = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "balance") == 0)
            balance = 1;
        else if (strstr(argv[i], ".json"))
            file = argv[i];
        else if (strchr(argv[i], '=') && no < 32)
            over[no++] = argv[i];
        else if (argv[i][0] && strspn(argv[i], "0123456789") == strlen(argv[i])) {
            int v = atoi(argv[i]);
            if (pos == 0) schools = v;
            else if (pos == 1) reps = v;
            else months = v;
            pos++;
        } else {
            fprintf(stderr, "usage: drift [balance] [schools] [replicates] [months] [scenario.json] "
                            "[name=value ...]\n");
            return 2;
        }
    }
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", file[0] == '/' ? "" : BILIM_SOURCE_DIR,
             file[0] == '/' ? "" : (strchr(file, '/') ? "/" : "/scenarios/"), file);
    static bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    if (bilim_scenario_load(path, &sc, NULL, d)) {
        bilim_diags_print(d, stderr);
        bilim_diags_free(d);
        return 1;
    }
    bilim_diags_free(d);
    for (int i = 0; i < no; i++)
        if (bench_params_arg(&sc.params, over[i]))
            return 2;
    if (balance) {
        sc.params.delta_K = sc.params.delta_k = sc.params.delta_R = 0.0;
        if (pos < 3)
            months = 12;
    }
    bilim_error err;
    bilim_error_clear(&err);
    if (schools > 0 && bilim_scenario_sample(&sc, schools, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    bilim_scenario_set_months(&sc, months);
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    static double rows[MAX_ROWS][N_COLS];
    for (int r = 0; r < reps && rec; r++) {
        bilim_model *m;
        if (bilim_model_alloc(&sc, r, &m, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            free(rec);
            return 1;
        }
        for (;;) {
            int t = bilim_model_month(m);
            if (t % 12 == 0) {
                bilim_model_observe(m, &L, rec);
                take(&L, rec, rows[t / 12], 1.0 / reps);
            }
            if (t >= sc.months || bilim_model_step(m, &err))
                break;
        }
        bilim_model_free(m);
    }
    free(rec);
    printf("%s: %d schools, %d replicates\n", sc.name, bilim_population_schools(&sc.population),
           reps);
    if (balance) {
        const double *a = rows[0], *b = rows[sc.months / 12];
        const int col[3] = {BILIM_VAR_K, BILIM_VAR_k, BILIM_VAR_R};
        const char *name[3] = {"delta_K", "delta_k", "delta_R"};
        int32_t T = sc.months / 12 * 12;
        for (int i = 0; i < 3; i++)
            printf("%s = %.6f per month (mean %.5f at month 0, %.5f at month %d with no decay)\n",
                   name[i], (b[col[i]] - a[col[i]]) / (T * 0.5 * (a[col[i]] + b[col[i]])),
                   a[col[i]], b[col[i]], T);
        return 0;
    }
    printf("month      K      S      O      k      m      R |  low  inter high | know  motiv mater organ manag | routine\n");
    for (int y = 0; y <= sc.months / 12; y++) {
        const double *x = rows[y];
        printf("%5d  %.3f  %.3f  %.3f  %.3f  %.3f  %.3f | %.3f %.3f %.3f | %.3f %.3f %.3f %.3f %.3f | %.4f\n",
               12 * y, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11],
               x[12], x[13], x[14]);
    }
    return 0;
}
