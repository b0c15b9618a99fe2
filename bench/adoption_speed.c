/* bench/adoption_speed.c: the measurements behind docs/ODD.md 7.2 ("Adoption
 * speed at the defaults"), on demand:
 *     cmake --build build --target adoption_speed
 *     ./build/adoption_speed [schools] [replicates] [months] [name=value ...]
 * Defaults: a proportional sample of 1,500 schools, 3 replicates, 24 months;
 * name=value overrides a parameter of the table. Prints the readiness gate G
 * at month 0 for the default innovation, the monthly 0 -> 1 hazard p X G it
 * implies and the imitation threshold, then adoption without intervention
 * for a grid of Bass rates. (The effects of interventions against the
 * literature are `bilim effects`, docs/ODD.md 7.4.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/diffusion.h"
#include "models/model_impl.h"
#include "models/preset.h"
#include "models/teacher.h"
#include "params_arg.h"

/* Expected months a teacher with gate G stays in use (trial, then routine
 * with probability lambda_c G / exit rate) once adopted, at a fixed G, with
 * turnover; continuous-time approximation of the monthly hazards. */
static double months_in_use(const bilim_params *p, double G, double leave)
{
    double h1 = p->lambda_c * G + p->lambda_a * (1 - G) + leave;
    return 1 / h1 + (p->lambda_c * G / h1) / (p->lambda_d * (1 - G) + leave);
}

/* The gate of every teacher at month 0 for innovation 0 (L = the principal's
 * rho), and the imitation threshold: an early adopter i of school s (chosen
 * with probability proportional to G_i) stays in use T(G_i) months and adds
 * q mean_s(G) T(G_i) adoptions among colleagues (next-generation
 * approximation); imitation alone sustains spread when that exceeds 1. */
static int gate_at_start(const bilim_scenario *sc, int reps)
{
    const bilim_innovation *in = &sc->innovations[0];
    const bilim_params *p = &sc->params;
    const double leave = bilim_teacher_leave_prob(p);
    double sum[3] = {0}, n[3] = {0}, above = 0, q90 = 0, gen = 0, gT = 0;
    double mk = 0, mm = 0, mL = 0, mR = 0;  /* the mean teacher's k, m, L, R */
    bilim_error err;
    for (int r = 0; r < reps; r++) {
        bilim_model *m;
        if (bilim_model_alloc(sc, r, &m, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        const bilim_agents *a = &m->a;
        for (int32_t s = 0; s < a->n_schools; s++) {
            double L = bilim_agents_rho(a, s), gs = 0, gt = 0;
            for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
                double G = bilim_diffusion_gate(p, a->k[t], a->m[t], L, a->R[s], in->complexity,
                                      in->resource_need);
                sum[a->locality[s]] += G;
                mk += a->k[t];
                mm += a->m[t];
                mL += L;
                mR += a->R[s];
                n[a->locality[s]] += 1;
                above += G >= 0.5;
                q90 += G >= 0.2;
                gs += G;
                gt += G * months_in_use(p, G, leave);
                gT += G * months_in_use(p, G, leave);
            }
            gen += gt * gs / a->n_teach[s];
        }
        bilim_model_free(m);
    }
    double N = n[0] + n[1], G = (sum[0] + sum[1]) / N;
    double R1 = gen / (sum[0] + sum[1]);  /* secondary adoptions per unit of q */
    printf("Gate at month 0, innovation c %.2f r %.2f, %.0f teacher draws:\n", in->complexity,
           in->resource_need, N);
    printf("  mean G %.4f (urban %.4f, rural %.4f); G >= 0.5: %.2f%%, G >= 0.2: %.2f%%\n", G,
           sum[0] / n[0], sum[1] / n[1], 100 * above / N, 100 * q90 / N);
    printf("  the mean teacher: k %.4f, m %.4f, L %.4f, R %.4f (gate_nu %g, beta0 %g)\n", mk / N,
           mm / N, mL / N, mR / N, p->gate_nu, p->beta0);
    printf("  0->1 hazard p X G at X = 1: %.6f/month (p %.4f); 1 - exp(-12 p G) = %.4f a year\n",
           in->p * G, in->p, 1 - exp(-12 * in->p * G));
    printf("  trial -> routine share lambda_c G / (lambda_c G + lambda_a (1 - G)) at mean G: %.3f\n",
           p->lambda_c * G / (p->lambda_c * G + p->lambda_a * (1 - G)));
    printf("  an early adopter stays in use %.1f months; imitation: %.1f secondary adoptions per unit q\n"
           "  (q %.3f gives %.2f); threshold q* = %.4f/month\n",
           gT / (sum[0] + sum[1]), R1, in->q, in->q * R1, 1 / R1);
    return 0;
}



/* Share using (routine) of the default innovation every 12 months without
 * intervention, for a grid of Bass rates: what p and q mean at the defaults. */
static int speed_table(const bilim_scenario *base, int reps)
{
    static const double grid[][2] = {{0.0025, 0.03}, {0.0025, 0.15}, {0.01, 0.03}, {0.01, 0.15},
                                     {0.01, 0.3}, {0.03, 0.15}, {0.03, 0.3}, {0.05, 0.5}};
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, base);
    double *rec = malloc(L.record_size * sizeof *rec);
    bilim_error err;
    if (!rec)
        return 1;
    printf("\nShare using (routine) of the default innovation without intervention, %d replicates:\n",
           reps);
    for (size_t g = 0; g < sizeof grid / sizeof grid[0]; g++) {
        bilim_scenario sc = *base;
        sc.innovations[0].p = grid[g][0];
        sc.innovations[0].q = grid[g][1];
        double use[BILIM_MAX_MONTHS / 12 + 1] = {0}, ro[BILIM_MAX_MONTHS / 12 + 1] = {0};
        for (int r = 0; r < reps; r++) {
            bilim_model *m;
            if (bilim_model_alloc(&sc, r, &m, &err)) {
                fprintf(stderr, "%s\n", err.msg);
                free(rec);
                return 1;
            }
            while (bilim_model_month(m) < sc.months) {
                bilim_model_step(m, &err);
                int t = bilim_model_month(m);
                if (t % 12)
                    continue;
                bilim_model_observe(m, &L, rec);
                double a = rec[L.metrics[BILIM_M_ADOPTION_ROUTINE].offset];
                ro[t / 12] += a / reps;
                use[t / 12] += (a + rec[L.metrics[BILIM_M_ADOPTION_TRIAL].offset]) / reps;
            }
            bilim_model_free(m);
        }
        printf("  p %.4f q %.2f:", grid[g][0], grid[g][1]);
        for (int y = 1; y <= sc.months / 12; y++)
            printf("  month %d %.3f (%.3f)", 12 * y, use[y], ro[y]);
        printf("\n");
    }
    free(rec);
    return 0;
}

int main(int argc, char **argv)
{
    int pos = 0, schools = 1500, reps = 3, months = 24;
    bilim_scenario base;
    bilim_scenario_defaults(&base);
    for (int i = 1; i < argc; i++) {
        if (strchr(argv[i], '=')) {
            if (bench_params_arg(&base.params, argv[i]))
                return 2;
            continue;
        }
        int v = atoi(argv[i]);
        if (v <= 0) {
            fprintf(stderr, "usage: adoption_speed [schools] [replicates] [months] [name=value ...]\n");
            return 2;
        }
        if (pos == 0) schools = v;
        else if (pos == 1) reps = v;
        else months = v;
        pos++;
    }
    base.months = months;
    bilim_error err;
    bilim_population pop = base.population;
    if (bilim_population_sample(&pop, schools, &base.population, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    base.innovations[0].p = base.params.bass_p_default;
    base.innovations[0].q = base.params.bass_q_default;
    if (gate_at_start(&base, reps))
        return 1;
    return speed_table(&base, reps);
}
