/* tests/test_odd_figures.c: the figures docs/ODD.md prints, read from the
 * page and recomputed, so that the page cannot go stale silently.
 *
 * Each check names a phrase of the page with {} where a number stands
 * (tests/odd_helpers.h): the phrase must occur exactly once and each number
 * must equal the value computed here to the digits printed, or within a
 * stated tolerance where the page says "about". A reworded phrase fails
 * the test: update the phrase here with the page.
 *
 * What is recomputed: the survey's counts and section 1's default month-0
 * state, the model's size (2), the stream numbers (4), the population of
 * section 5 (the preset, and the synthesis at the seeds the page names),
 * the report slope's arithmetic, the parameter values the prose lists (5,
 * 7.1 to 7.3, against the parameter table) and the rates derived from them,
 * the calibrated baseline's month-0 state (the novices' S, the balanced
 * school's references, the mean gates of 7.2, 7.6's flows), the
 * default-state gates, next-generation figures and adoption-speed grid of
 * "Adoption speed at the defaults", 7.3's dose, and 7.6's 60-month drift
 * table with the prose that quotes it. The rest of the page's measured
 * figures come from long experiments that name their bench command (7.2's
 * 2x2 interactions, 7.3's cost_R table, section 9's timings) or describe an
 * earlier version of the model ("the spec's model"); they are not
 * recomputed here. 7.4's table of virtual trials and its 2x2 factorials are:
 * `bilim effects` on the shipped baseline, as the page says it was measured.
 *
 * The same in every build: labelled "source" (CMakeLists.txt), so
 * scripts/test.sh runs it once. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <gsl/gsl_cdf.h>
#include "base/alloc.h"
#include "base/rng.h"
#include "analysis/effects.h"
#include "formats/scenario_load.h"
#include "models/diffusion.h"
#include "models/model_impl.h"
#include "models/principal.h"
#include "models/teacher.h"
#include "helpers.h"
#include "odd_helpers.h"
#include "model_helpers.h"

/* A shipped scenario, by file name under scenarios/. */
static void load_scenario(const char *name, bilim_scenario *sc)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/%s", test_source_dir(), name);
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load(path, sc, NULL, d);
    cr_assert_eq(rc, BILIM_OK, "%s", bilim_diags_count(d) ? bilim_diags_get(d, 0) : "");
    bilim_diags_free(d);
}

/* The shipped baseline scenario (calibrated initial states). */
static void baseline(bilim_scenario *sc)
{
    load_scenario("baseline.json", sc);
}

/* ODD 7.3 and 7.6's history subsections: the values before issue 13
 * derived them from effect sizes and business as usual (the spec's decays,
 * eta_train 0.08, eta_pd 0.05, cost_R 60,000,000). */
static void history_params(bilim_params *p)
{
    p->delta_K = 0.004;
    p->delta_k = 0.003;
    p->delta_R = 0.004;
    p->eta_train = 0.08;
    p->eta_pd = 0.05;
    p->cost_R = 60000000.0;
}

/* --- section 5: the population ----------------------------------------------------- */

Test(odd_figures, national_population)
{
    static bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    const bilim_population *pop = &sc.population;
    double urban = 0, rural = 0, small = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        urban += pop->regions[r].urban;
        rural += pop->regions[r].rural;
        small += pop->regions[r].small_class;
    }
    ODD("follows `data/kz-schools.json`: {} schools ({} urban, {} rural, {} small-class), {} "
        "regions, teachers per school lognormal with means {} / {} / {} and log-sd {} / {} / {}, "
        "at least {}:",
        0, urban + rural, urban, rural, small, pop->n_regions,
        pop->teachers_mean[BILIM_CLASS_URBAN], pop->teachers_mean[BILIM_CLASS_RURAL_REGULAR],
        pop->teachers_mean[BILIM_CLASS_SMALL], pop->teachers_sigma[BILIM_CLASS_URBAN],
        pop->teachers_sigma[BILIM_CLASS_RURAL_REGULAR], pop->teachers_sigma[BILIM_CLASS_SMALL],
        pop->teachers_min);
    /* "About": the expected count (lognormal means, before rounding). */
    const double expected = urban * pop->teachers_mean[BILIM_CLASS_URBAN] +
                            (rural - small) * pop->teachers_mean[BILIM_CLASS_RURAL_REGULAR] +
                            small * pop->teachers_mean[BILIM_CLASS_SMALL];
    ODD("at least 4: about {} teachers", 1000, expected);
    /* The synthesis at the seed and replicate the page names. */
    cr_assert_eq(sc.seed, 1);
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    double in_small = 0;
    int32_t cl_min = INT32_MAX, cl_max = 0;
    for (int32_t s = 0; s < a->n_schools; s++)
        in_small += a->small[s] ? a->n_teach[s] : 0;
    for (int32_t c = 0; c < a->n_clusters; c++) {
        const int32_t n = a->cl_start[c + 1] - a->cl_start[c];
        cl_min = n < cl_min ? n : cl_min;
        cl_max = n > cl_max ? n : cl_max;
    }
    ODD("teachers ({} in replicate 0 of seed 1), {}% of them in small-class schools", 0,
        (double)a->n_teachers, in_small / (double)a->n_teachers);
    ODD("With the default {}, national clusters hold {} to {} schools, {} on average", 0,
        sc.params.cluster_size, cl_min, cl_max, (double)a->n_schools / a->n_clusters);
    bilim_model_free(m);
    ODD("(`salary_kzt`, {} KZT in 2025)", 0, sc.params.salary_kzt);
}

/* The defaults of the initial states (section 5's table) and the barrier
 * thresholds and slope. */
Test(odd_figures, initial_state_and_barrier_defaults)
{
    bilim_params p;
    bilim_params_defaults(&p);
    ODD("| `K` principal knowledge | principal | `init_K_mean_*`, `init_K_kappa` | {} / {} | {} |",
        0, p.init_K_mean_urban, p.init_K_mean_rural, p.init_K_kappa);
    ODD("| `S` managerial skill | principal | `init_S_*` | {} / {} | {} |", 0, p.init_S_mean_urban,
        p.init_S_mean_rural, p.init_S_kappa);
    ODD("| `O` openness | principal | `init_O_*` | {} / {} | {} |", 0, p.init_O_mean_urban,
        p.init_O_mean_rural, p.init_O_kappa);
    ODD("| `M_s` school mean teacher motivation | school | `init_M_*` | {} / {} | {} |", 0,
        p.init_M_mean_urban, p.init_M_mean_rural, p.init_M_kappa);
    ODD("| `m` teacher motivation | teacher | `init_m_kappa` | `M_s` | {} |", 0, p.init_m_kappa);
    ODD("| `k` teacher knowledge | teacher | `init_k_*` | {} / {} | {} |", 0, p.init_k_mean_urban,
        p.init_k_mean_rural, p.init_k_kappa);
    ODD("| `R` school resources | school | `init_R_*` | {} / {} | {} |", 0, p.init_R_mean_urban,
        p.init_R_mean_rural, p.init_R_kappa);
    ODD("`x = K`, threshold `barrier_knowledge_below` ({}),", 0, p.barrier_knowledge_below);
    ODD("`barrier_motivation_below` ({}),", 0, p.barrier_motivation_below);
    ODD("`barrier_material_below` ({}),", 0, p.barrier_material_below);
    ODD("`barrier_organizing_below` ({}),", 0, p.barrier_organizing_below);
    ODD("`barrier_managerial_below` ({}).", 0, p.barrier_managerial_below);
    ODD("`barrier_slope` {} per unit of the state", 0, p.barrier_slope);
}

/* --- 7.1 to 7.3: the parameter values the prose lists, and rates from them ------------------ */

Test(odd_figures, submodel_parameters)
{
    bilim_params p;
    bilim_params_defaults(&p);
    ODD("eta_train {}, eta_train_S {}, eta_univ_K {} (derived from the virtual trials, 7.4; the "
        "spec's priors were 0.08, 0.06 and 0.02), eta_peer_P {}, delta_K {} (derived so that "
        "business as usual holds K, 7.6; the spec's 0.004), eta_exp {}, delta_S {}, tau_O {}, "
        "gamma_O_R {}, gamma_O_A {} (all per month)",
        0, p.eta_train, p.eta_train_S, p.eta_univ_K, p.eta_peer_P, p.delta_K, p.eta_exp,
        p.delta_S, p.tau_O, p.gamma_O_R, p.gamma_O_A);
    ODD("eta_pd {}, eta_univ_k {}, eta_hub {}, gamma_inc {} (derived from the virtual trials, "
        "7.4; the spec's priors were 0.05, 0.02, 0.01 and 1.0), eta_peer {}, delta_k {} (derived "
        "so that business as usual holds k, 7.6; the spec's 0.003), tau_m {}, gamma_L {}, "
        "gamma_R {}, incentive_anticipation {}.",
        0, p.eta_pd, p.eta_univ_k, p.eta_hub, p.gamma_inc, p.eta_peer, p.delta_k, p.tau_m,
        p.gamma_L, p.gamma_R, p.incentive_anticipation);
    ODD("beta0 {}, beta_k {}, beta_m {}, beta_L {}, beta_R {}, gate_nu {}, ref_kc {}, ref_m {}, "
        "ref_L {}, ref_Rr {}, lambda_c {}, lambda_a {}, lambda_d {}, omega_univ {}, omega_hub {} (an "
        "assumption checked by the virtual trial hub_practice, 7.4; the spec's 0.5), omega_net {}, "
        "omega_plc {} (derived from the virtual trial plc_achievement, 7.4; the spec's 0.5).",
        0, p.beta0, p.beta_k, p.beta_m, p.beta_L, p.beta_R, p.gate_nu, p.gate_ref_kc,
        p.gate_ref_m, p.gate_ref_L, p.gate_ref_Rr, p.lambda_c, p.lambda_a, p.lambda_d,
        p.omega_univ, p.omega_hub, p.omega_net, p.omega_plc);
    ODD("defaults `bass_p_default` {} and `bass_q_default` {},", 0, p.bass_p_default,
        p.bass_q_default);
    static bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    ODD("(default innovation: c {}, r {})", 0, sc.innovations[0].complexity,
        sc.innovations[0].resource_need);
    ODD("`1 − (1 − principal_turnover_annual)^(dt/12)` ({} a year: {} a month)", 0,
        p.principal_turnover_annual, bilim_principal_leave_prob(&p));
    ODD("attrition_annual · rel_s^(−attrition_wage_elasticity)) ({} a year at rel_s = 1: {} a month)",
        0, p.attrition_annual,
        1 - pow(1 - p.attrition_annual, p.dt_months / 12));
    ODD("`k ~ Beta(grad_k_mean, grad_kappa)` ({}, {})", 0, p.grad_k_mean, p.grad_kappa);
    ODD("the school's `M_s`, shift {}, concentration {}", 0, p.grad_m_shift, p.init_m_kappa);
    ODD("raise `R` by 1 ({}, derived from the virtual trial funding_dose, 7.4), delta_R {} "
        "(derived so that business as usual's capital spending holds R, 7.6). Without maintenance "
        "and capital spending every school's `R` depreciates by {}% a year",
        0, p.cost_R, p.delta_R,
        1 - pow(1 - p.dt_months * p.delta_R, 12 / p.dt_months));
}

/* --- the calibrated baseline at month 0 (5, 7.1, 7.2, 7.6) ------------------------------ */

/* Month-0 means of the calibrated baseline, replicate r. */
typedef struct state0 {
    double K, R_school, rho;          /* over principals and schools */
    double k, m, L, R;                /* over teachers (the school's L and R) */
    double M_s[BILIM_N_LOCALITIES];   /* the schools' M_s by locality */
    double peer;                      /* eta_peer A_s (1 - k) over teachers */
    double teachers;
} state0;

static void baseline_state(const bilim_scenario *sc, int32_t r, state0 *o)
{
    memset(o, 0, sizeof *o);
    bilim_model *m = tm_alloc(sc, r);
    const bilim_agents *a = &m->a;
    double nl[BILIM_N_LOCALITIES] = {0};
    for (int32_t s = 0; s < a->n_schools; s++) {
        const double L = bilim_agents_rho(a, s);
        o->K += a->K[s] / a->n_schools;
        o->R_school += a->R[s] / a->n_schools;
        o->rho += L / a->n_schools;
        o->M_s[a->locality[s]] += a->M0[s];
        nl[a->locality[s]]++;
        for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
            o->k += a->k[t];
            o->m += a->m[t];
            o->L += L;
            o->R += a->R[s];
            o->peer += sc->params.eta_peer * a->A0[s] * (1 - a->k[t]);
        }
    }
    const double T = (double)a->n_teachers;
    o->k /= T;
    o->m /= T;
    o->L /= T;
    o->R /= T;
    o->peer /= T;
    o->teachers = T;
    for (int l = 0; l < BILIM_N_LOCALITIES; l++)
        o->M_s[l] /= nl[l];
    bilim_model_free(m);
}

Test(odd_figures, calibrated_month_0_state)
{
    static bilim_scenario sc;
    baseline(&sc);
    state0 s;
    baseline_state(&sc, 0, &s);
    ODD("The calibrated schools sit below 0.5 (mean `R` {}, `rho` {})", 0, s.R_school, s.rho);
    ODD("(the schools' `M_s` average {} rural and {} urban)", 0, s.M_s[BILIM_RURAL],
        s.M_s[BILIM_URBAN]);
    ODD("month 0 in the calibrated national population (k {}, m {}, L {}, R {},", 0, s.k, s.m,
        s.L, s.R);
    /* The novices' S (7.1) from the calibrated initial states. */
    const bilim_params *p = &sc.params;
    const double q = bilim_principal_leave_prob(p);
    double mn[2], kn[2];
    bilim_principal_novice(p, q, p->init_S_mean_urban, p->init_S_kappa, &mn[0], &kn[0]);
    bilim_principal_novice(p, q, p->init_S_mean_rural, p->init_S_kappa, &mn[1], &kn[1]);
    ODD("the novices' mean is {} urban and {} rural against {} and {} for all principals (an "
        "experience premium of {} and {}), concentration {} and {} against {}.",
        0, mn[0], mn[1], p->init_S_mean_urban, p->init_S_mean_rural, p->init_S_mean_urban - mn[0],
        p->init_S_mean_rural - mn[1], kn[0], kn[1], p->init_S_kappa);
    /* 7.6's history at month 0: its drift table's first row (bench/drift:
     * means over replicates 0 and 1), the spec's decays' rates from that
     * row's K and k, and the national maintenance flow for replicate 0's
     * population. */
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec), row[14] = {0}, peer = 0;
    cr_assert_not_null(rec);
    for (int32_t r = 0; r < 2; r++) {
        bilim_model *m = tm_alloc(&sc, r);
        bilim_model_observe(m, &L, rec);
        bilim_model_free(m);
        for (int i = 0; i < BILIM_N_STATE_VARS; i++)
            row[i] += tm_get(&L, rec, BILIM_M_MEAN_STATE, i, 0) / 2;
        row[6] += tm_get(&L, rec, BILIM_M_READINESS_BAND_SHARE, BILIM_BAND_LOW, 0) / 2;
        for (int b = 0; b < BILIM_N_BARRIERS; b++)
            row[7 + b] += tm_get(&L, rec, BILIM_M_BARRIER_PREVALENCE, b, 0) / 2;
        for (int32_t j = 0; j < sc.n_innovations; j++)
            row[12] += tm_get(&L, rec, BILIM_M_ADOPTION_ROUTINE, j, 0) / 2 / sc.n_innovations;
        state0 sr;
        baseline_state(&sc, r, &sr);
        peer += sr.peer / 2;
    }
    free(rec);
    ODD("| **defaults** | | | | | | | | | | | | | | | 0 | {} | {} | {} | {} | {} | {} | {}% | {}% | "
        "{}% | {}% | {}% | {}% | {}% |", 0, row[0],
        row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11],
        row[12]);
    /* The history subsection's rates: the decays and gains before issue 13. */
    bilim_params hp = *p;
    history_params(&hp);
    const bilim_params *h = &hp;
    const double K = row[0], k = row[3];
    ODD("`−{} × {} = −{}` a month; successors drawn from the month-0 distribution pull back at "
        "`q·(K0 − K)` (q = {}), so without training K tends to `q / (q + delta_K)` = {}% of its "
        "month-0 mean, with a time constant of {} months",
        0, h->delta_K, K, h->delta_K * K, q, q / (q + h->delta_K), 1 / (q + h->delta_K));
    ODD("a month of it gives `eta_train·(1 − K)` = {}; holding K at its month-0 mean needs {} "
        "training-months per principal-month ({} a year per principal;",
        0, h->eta_train * (1 - K), h->delta_K * K / (h->eta_train * (1 - K)),
        12 * h->delta_K * K / (h->eta_train * (1 - K)));
    ODD("`−{} × {} = −{}` a month, less the colleagues' use `eta_peer·A_s·(1 − k)` (+{} at "
        "month 0)",
        0, h->delta_k, k, h->delta_k * k, peer);
    /* New graduates replace leavers at grad_k_mean: +(leave prob.) (grad_k_mean - k). */
    const double grads = (1 - pow(1 - p->attrition_annual, p->dt_months / 12)) *
                         (p->grad_k_mean - k);
    const double net = h->delta_k * k - peer - grads, pd = net / (h->eta_pd * (1 - k));
    ODD("and new graduates above the rural mean (+{})", 0, grads);
    ODD("`eta_pd·(1 − k)` = {}; the net decay ({} a month) needs {} PD-months per teacher-month "
        "({} a year per teacher)",
        0, h->eta_pd * (1 - k), net, pd, 12 * pd);
    ODD("= {} × {} × {} × {} = {} billion KZT a month, {} billion a year (teacher-weighted mean R "
        "{}, the baseline's {} teachers)",
        0, h->delta_R, h->cost_R, s.R, s.teachers, h->delta_R * h->cost_R * s.R * s.teachers / 1e9,
        12 * h->delta_R * h->cost_R * s.R * s.teachers / 1e9, s.R, s.teachers);
}

/* Mean gates over every teacher at month 0, replicates 0 .. reps-1, for the
 * default innovation: [0] all, [1] urban, [2] rural, [3] share >= 0.5, [4]
 * share >= 0.2; and 7.2's next-generation figures: [5] the months an early
 * adopter (drawn with probability proportional to G) stays in use, [6] the
 * adoptions per unit of q it adds among its school's colleagues. */
static void mean_gate(const bilim_scenario *sc, int32_t reps, double out[7])
{
    double sum[2] = {0, 0}, n[2] = {0, 0}, half = 0, fifth = 0, GT = 0, gen = 0;
    const bilim_innovation *in = &sc->innovations[0];
    const bilim_params *p = &sc->params;
    const double leave = bilim_teacher_leave_prob(p);
    for (int32_t r = 0; r < reps; r++) {
        bilim_model *m = tm_alloc(sc, r);
        const bilim_agents *a = &m->a;
        for (int32_t s = 0; s < a->n_schools; s++) {
            const double L = bilim_agents_rho(a, s);
            double gs = 0, gt = 0;
            for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
                const double G = bilim_diffusion_gate(p, a->k[t], a->m[t], L, a->R[s],
                                                      in->complexity, in->resource_need);
                sum[a->locality[s]] += G;
                n[a->locality[s]] += 1;
                half += G >= 0.5;
                fifth += G >= 0.2;
                /* In use: trial at exit rate h1, then routine use (with
                 * probability lambda_c G / h1) at lambda_d (1 - G) + leave. */
                const double h1 = p->lambda_c * G + p->lambda_a * (1 - G) + leave;
                const double T = 1 / h1 + (p->lambda_c * G / h1) / (p->lambda_d * (1 - G) + leave);
                gs += G;
                gt += G * T;
            }
            GT += gt;
            gen += gt * gs / a->n_teach[s];
        }
        bilim_model_free(m);
    }
    const double N = n[0] + n[1];
    out[0] = (sum[0] + sum[1]) / N;
    out[1] = sum[BILIM_URBAN] / n[BILIM_URBAN];
    out[2] = sum[BILIM_RURAL] / n[BILIM_RURAL];
    out[3] = half / N;
    out[4] = fifth / N;
    out[5] = GT / (sum[0] + sum[1]);
    out[6] = gen / (sum[0] + sum[1]);
}

/* 7.2, "Decision (beta0 0.58)": the calibrated population, replicate 0, the
 * default innovation (c 0.5, r 0.4). */
Test(odd_figures, calibrated_mean_gate)
{
    static bilim_scenario sc;
    baseline(&sc);
    sc.n_innovations = 1;
    sc.innovations[0].complexity = 0.5;
    sc.innovations[0].resource_need = 0.4;
    double g[7], spec0[7], additive[7];
    mean_gate(&sc, 1, g);
    const bilim_params p = sc.params;
    sc.params.beta0 = 0;
    mean_gate(&sc, 1, spec0);
    sc.params.gate_nu = 0;
    mean_gate(&sc, 1, additive);
    sc.params = p;
    ODD("with the spec's `beta0` 0 the mean gate at month 0 falls from {} to {}", 0, additive[0],
        spec0[0]);
    ODD("`beta0` {} restores the spec's level: mean G {} (urban {}, rural {}) against the "
        "additive gate's {} ({}, {})",
        0, p.beta0, g[0], g[1], g[2], additive[0], additive[1], additive[2]);
}

/* 7.2, "Adoption speed at the defaults": the table's default initial states,
 * the whole national population, 3 replicates, the default innovation. */
Test(odd_figures, default_state_gates)
{
    static bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    double g[7], additive[7];
    mean_gate(&sc, 3, g);
    const bilim_params p = sc.params;
    sc.params.beta0 = 0;
    sc.params.gate_nu = 0;
    mean_gate(&sc, 3, additive);
    sc.params = p;
    ODD("mean gate G = {} (urban {}, rural {}); {}% of teachers have G >= 0.5, {}% have G >= 0.2",
        0, g[0], g[1], g[2], g[3], g[4]);
    ODD("(The spec's additive gate gave {}, {} and {}, {}% and {}%", 0, additive[0], additive[1],
        additive[2], additive[3], additive[4]);
    const double pG = p.bass_p_default * g[0];
    ODD("p·X·G with X = 1 at the start (no partner, hub or cluster users): {} × {} = {} a month, "
        "{}% of teachers a year",
        0, p.bass_p_default, g[0], pG, 1 - exp(-12 * pG));
    ODD("lambda_a (1 − G)) = {} at the mean gate", 0,
        p.lambda_c * g[0] / (p.lambda_c * g[0] + p.lambda_a * (1 - g[0])));
    cr_expect(strstr(odd_text(), "cut about fivefold (sixfold in rural schools) by the gate") &&
                  lround(1 / g[0]) == 5 && lround(1 / g[2]) == 6,
              "docs/ODD.md 'cut about fivefold (sixfold in rural schools)': 1/G is %.2f (rural "
              "%.2f)", 1 / g[0], 1 / g[2]);
    ODD("p ≈ −ln(1 − s) / (12 · {}), e.g. p {} for {}%", 0, g[0], -log(0.95) / (12 * g[0]), 0.05);
    ODD("stays in use about {} months on average", 0, g[5]);
    ODD("adoptions among the school's colleagues: about {} · q", 0, g[6]);
    ODD("Imitation alone sustains spread only above q* ≈ {} a month ({} a year); the ODD's q {} "
        "gives {} secondary adoptions per adopter",
        0, 1 / g[6], 12 / g[6], p.bass_q_default, p.bass_q_default * g[6]);
}

/* data/<name> parsed (the caller frees it with cJSON_Delete). */
static cJSON *data_json(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/%s", test_source_dir(), name);
    char *text = test_slurp(path);
    cr_assert_not_null(text, "cannot read %s", path);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(root, "%s is not JSON", path);
    return root;
}

/* The number at root.a.b(.c). */
static double json_num(const cJSON *root, const char *a, const char *b, const char *c)
{
    const cJSON *x = cJSON_GetObjectItem(cJSON_GetObjectItem(root, a), b);
    if (c)
        x = cJSON_GetObjectItem(x, c);
    cr_assert(cJSON_IsNumber(x), "data/: no %s.%s%s%s", a, b, c ? "." : "", c ? c : "");
    return x->valuedouble;
}

/* 7.3: the literature's dose in KZT, from data/kz-schools.json. */
Test(odd_figures, funding_dose)
{
    cJSON *root = data_json("kz-schools.json");
    const double pupils = json_num(root, "national", "pupils", "value");
    const double teachers = json_num(root, "national", "teachers", "value");
    cJSON_Delete(root);
    const double per = pupils / teachers;
    ODD("At {} pupils per teacher ({} million pupils, {} teachers, `data/kz-schools.json`) and "
        "about {} KZT per USD, the dose is {} million KZT per teacher a year.",
        0, per, pupils / 1e6, teachers, 500.0, 1000 * 500 * per / 1e6);
    /* Comfortable School: KZT per pupil place, per teacher, and what a new
     * school's worth raises R by at the default cost_R. */
    double cs[3], half[3];
    cr_assert_eq(odd_find("(2.4 trillion KZT for {} places, the Government", cs, half, 3), 1);
    const double place = 2.4e12 / cs[0];
    bilim_params p;
    bilim_params_defaults(&p);
    ODD("Comfortable School programme builds schools at about {} million KZT per pupil place", 0,
        place / 1e6);
    bilim_params h = p;
    history_params(&h);
    ODD("about {} million KZT per teacher; at {} a whole new school's worth of money raises `R` by "
        "about {} (an old building at 0.3 to a new one at 0.8)",
        0, place * per / 1e6, h.cost_R, place * per / h.cost_R);
    ODD("At the derived `cost_R` ({}) the same money raises `R` by about {}", 0, p.cost_R,
        place * per / p.cost_R);
}

/* --- sections 1 and 2: the survey, the default state at month 0, the model's size -------- */

Test(odd_figures, survey_and_default_month_0)
{
    cJSON *sv = data_json("survey-2026-principals.json");
    const cJSON *n_json = cJSON_GetObjectItem(sv, "respondents");
    cr_assert(cJSON_IsNumber(n_json));
    const double n = n_json->valuedouble;
    static const char *const barrier[BILIM_N_BARRIERS] = {
        "lack_of_practical_knowledge", "low_staff_motivation", "weak_material_base",
        "difficulty_organizing_teaching_staff", "insufficient_managerial_skills"};
    double band[3], bar[BILIM_N_BARRIERS];
    band[0] = json_num(sv, "readiness_bands", "counts", "low");
    band[1] = json_num(sv, "readiness_bands", "counts", "intermediate");
    band[2] = json_num(sv, "readiness_bands", "counts", "high");
    for (int b = 0; b < BILIM_N_BARRIERS; b++)
        bar[b] = json_num(sv, "barriers", barrier[b], "count");
    const double age = json_num(sv, "demographics", "age_30_45", "count");
    const double women = json_num(sv, "demographics", "women", "count");
    cJSON_Delete(sv);
    ODD("readiness bands {} low / {} intermediate / {} high of {}; barrier prevalence {} "
        "knowledge, {} motivation, {} material base, {} organizing staff, {} managerial skills, "
        "of {}.",
        0, band[0], band[1], band[2], n, bar[0], bar[1], bar[2], bar[3], bar[4], n);

    /* The default parameters' national population, seed 1, replicate 0. */
    static bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, &sc);
    double *rec = malloc(L.record_size * sizeof *rec);
    cr_assert_not_null(rec);
    bilim_model *m = tm_alloc(&sc, 0);
    bilim_model_observe(m, &L, rec);
    const double principals = m->a.n_schools;
    bilim_model_free(m);
    double sim_band[3], sim_bar[BILIM_N_BARRIERS];
    for (int b = 0; b < 3; b++)
        sim_band[b] = tm_get(&L, rec, BILIM_M_READINESS_BAND_SHARE, b, 0);
    for (int b = 0; b < BILIM_N_BARRIERS; b++)
        sim_bar[b] = tm_get(&L, rec, BILIM_M_BARRIER_PREVALENCE, b, 0);
    free(rec);
    ODD("gives, over all {} principals, bands {}% low / {}% intermediate / {}% high and expected "
        "barrier reports {}% knowledge, {}% motivation, {}% material base, {}% organizing staff, "
        "{}% managerial skills, against the survey's {} / {} / {} and {} / {} / {} / {} / {}.",
        0, principals, sim_band[0], sim_band[1], sim_band[2], sim_bar[0], sim_bar[1], sim_bar[2],
        sim_bar[3], sim_bar[4], 100 * band[0] / n, 100 * band[1] / n, 100 * band[2] / n,
        100 * bar[0] / n, 100 * bar[1] / n, 100 * bar[2] / n, 100 * bar[3] / n,
        100 * bar[4] / n);

    const bilim_params *p = &sc.params;
    ODD("one month (`dt_months`, default {}). Default horizon {} months.", 0, p->dt_months,
        sc.months);
    ODD("Defaults `theta_low = {}`, `theta_high = {}`.", 0, p->theta_low, p->theta_high);
    ODD("`principal_women_share` ({}, OECD TALIS 2018 for Kazakhstan; the seed survey's {}% women",
        0, p->principal_women_share, women / n);
    ODD("`principal_age_30_45_share` ({}, the survey's {} of {})", 0, p->principal_age_30_45_share,
        age, n);
}

/* Section 2: the model's size with 4 innovations (the baseline's). */
Test(odd_figures, model_bytes)
{
    static bilim_scenario sc;
    baseline(&sc);
    cr_assert_eq(sc.n_innovations, 4);
    bilim_model *m = tm_alloc(&sc, 0);
    const double bytes = (double)bilim_model_bytes(m), T = (double)m->a.n_teachers;
    bilim_model_free(m);
    ODD("holds about {} bytes per teacher", 1, bytes / T);
    ODD("bytes per teacher ({} MB for the national population; `bilim_model_bytes`)", 0,
        bytes / 1e6);
}

/* 7.2, "Adoption speed at the defaults": the share using the default
 * innovation (routine) every 12 months without intervention, on the
 * 1,500-school sample of the default population, replicates 0 to 2, as
 * bench/effect_sizes.c's speed table computes it. */
Test(odd_figures, adoption_speed_grid)
{
    static const double grid[][2] = {{0.0025, 0.03}, {0.0025, 0.15}, {0.01, 0.03}, {0.01, 0.15},
                                     {0.01, 0.3},    {0.03, 0.15},   {0.03, 0.3},  {0.05, 0.5}};
    static bilim_scenario base;
    bilim_scenario_defaults(&base);
    base.months = 60;
    bilim_population pop = base.population;
    bilim_error err;
    cr_assert_eq(bilim_population_sample(&pop, 1500, &base.population, &err), BILIM_OK);
    for (size_t g = 0; g < sizeof grid / sizeof grid[0]; g++) {
        static bilim_scenario sc;
        sc = base;
        sc.innovations[0].p = grid[g][0];
        sc.innovations[0].q = grid[g][1];
        double use[6] = {0}, ro[6] = {0};
        for (int32_t r = 0; r < 3; r++) {
            bilim_obs_layout L;
            double *rec = tm_run(&sc, r, &L);
            for (int y = 1; y <= 5; y++) {
                const double *at = rec + (size_t)(12 * y) * L.record_size;
                const double a = tm_get(&L, at, BILIM_M_ADOPTION_ROUTINE, 0, 0);
                ro[y] += a / 3;
                use[y] += (a + tm_get(&L, at, BILIM_M_ADOPTION_TRIAL, 0, 0)) / 3;
            }
            free(rec);
        }
        char pattern[256];
        snprintf(pattern, sizeof pattern, "| %g | %g%s | {}%% ({}%%) | {}%% ({}%%) | {}%% ({}%%) | "
                 "{}%% ({}%%) |", grid[g][0], grid[g][1], g == 0 ? " (ODD)" : "");
        ODD(pattern, 0, use[1], ro[1], use[2], ro[2], use[3], ro[3], use[5], ro[5]);
        if (g == 0)
            ODD("adoption is very slow: {}% of teachers use the default innovation after 24 "
                "months and {}% use it routinely", 0, use[2], ro[2]);
    }
}

/* --- sections 4 and 5: stream numbers, the report slope, the priors ----------------------- */

/* Section 5's slope of the barrier reports, from the page's own inputs
 * (the reliabilities and the spread it quotes): slope = (pi / sqrt 3) /
 * (sd_x sqrt((1 - rho_r) / rho_r)). */
static double report_slope(double rho_r, double sd_x)
{
    return 4 * atan(1.0) / sqrt(3.0) / (sd_x * sqrt((1 - rho_r) / rho_r));
}

Test(odd_figures, report_slope)
{
    double r[2], sd[4], half[4];
    cr_assert_eq(odd_find("have a reliability of {} to {} (Wanous", r, half, 2), 2);
    cr_assert_eq(odd_find("the four states (`sd_x` about {})", sd, half, 4), 1);
    const double mid = (r[0] + r[1]) / 2;
    bilim_params p;
    bilim_params_defaults(&p);
    ODD("At the midpoint {} and the month-0 spread of the four states (`sd_x` about {}), the "
        "slope is {} ({} at {}, {} at {}):",
        0, mid, sd[0], p.barrier_slope, report_slope(r[0], sd[0]), r[0], report_slope(r[1], sd[0]),
        r[1]);
    cr_expect(fabs(report_slope(mid, sd[0]) - p.barrier_slope) < 0.5,
              "barrier_slope %g, but the page's inputs give %.2f", p.barrier_slope,
              report_slope(mid, sd[0]));
}

/* ODD 7.6's drift tables (bench/drift): 2 replicates of scenario `name` for
 * 60 months with the decays given (negative: the scenario's), rows from
 * month `from` every 12 months after `header`, each with the national
 * means of K, S, O, k, m, R, the low band, the five barriers and the routine
 * share averaged over the four innovations. */
static void drift_block(const char *header, const char *name, double dK, double dk, double dR,
                        int32_t from, double rows[6][14])
{
    static bilim_scenario sc;
    load_scenario(name, &sc);
    bilim_scenario_set_months(&sc, 60);
    if (dK >= 0) {
        sc.params.delta_K = dK;
        sc.params.delta_k = dk;
        sc.params.delta_R = dR;
    }
    memset(rows, 0, 6 * sizeof *rows);
    for (int32_t r = 0; r < 2; r++) {
        bilim_obs_layout L;
        double *rec = tm_run(&sc, r, &L);
        for (int y = 0; y <= 5; y++) {
            const double *at = rec + (size_t)(12 * y) * L.record_size;
            double *row = rows[y];
            row[0] = 12 * y;
            for (int i = 0; i < BILIM_N_STATE_VARS; i++)
                row[1 + i] += tm_get(&L, at, BILIM_M_MEAN_STATE, i, 0) / 2;
            row[7] += tm_get(&L, at, BILIM_M_READINESS_BAND_SHARE, BILIM_BAND_LOW, 0) / 2;
            for (int b = 0; b < BILIM_N_BARRIERS; b++)
                row[8 + b] += tm_get(&L, at, BILIM_M_BARRIER_PREVALENCE, b, 0) / 2;
            for (int32_t j = 0; j < sc.n_innovations; j++)
                row[13] += tm_get(&L, at, BILIM_M_ADOPTION_ROUTINE, j, 0) / 2 / sc.n_innovations;
        }
        free(rec);
    }
    if (!header)
        return;
    char pattern[4096];
    int n = snprintf(pattern, sizeof pattern, "%s", header);
    double want[6 * 14];
    int k = 0;
    for (int y = from / 12; y <= 5; y++) {
        n += snprintf(pattern + n, sizeof pattern - (size_t)n,
                      " | {} | {} | {} | {} | {} | {} | {} | {}%% | {}%% | {}%% | {}%% | {}%% | "
                      "{}%% | {}%% |");
        for (int c = 0; c < 14; c++)
            want[k++] = rows[y][c];
    }
    odd_check(pattern, 0, want, k);
}

/* Business as usual (the shipped baseline, derived decays) and, without
 * the programmes, the same run: the table and prose of ODD 7.6. */
Test(odd_figures, business_as_usual_table)
{
    double u[6][14], z[6][14];
    drift_block("| month | K | S | O | k | m | R | low band | knowledge | motivation | material base "
                "| organizing staff | managerial skills | routine use | |---|---|---|---|---|---|---|"
                "---|---|---|---|---|---|---|",
                "baseline.json", -1, -1, -1, 0, u);
    ODD("(routine use {}% → {}%), which raises openness by {} and teachers' knowledge by {} through",
        0, u[0][13], u[5][13], u[5][3] - u[0][3], u[5][4] - u[0][4]);
    drift_block(NULL, "no_programmes.json", -1, -1, -1, 0, z);
    ODD("at month 60 K {}, S {}, O {}, k {} ({}), m {}, R {} ({}); low band {}%, knowledge barrier "
        "{}%, motivation {}%, material base {}% (+{} points); routine use {}% against {}%.",
        0, z[5][1], z[5][2], z[5][3], z[5][4], z[5][4] - u[5][4], z[5][5], z[5][6],
        z[5][6] - u[5][6], z[5][7], z[5][8], z[5][9], z[5][10], 100 * (z[5][10] - u[5][10]),
        z[5][13], u[5][13]);
}

/* The history subsection: no programmes with the spec's decays and with the
 * decays at 0. */
Test(odd_figures, drift_table)
{
    double d[6][14], b[6][14];  /* [year][month, K, S, O, k, m, R, low, 5 barriers, routine] */
    bilim_params h;
    bilim_params_defaults(&h);
    history_params(&h);
    drift_block("| **defaults** | | | | | | | | | | | | | |", "no_programmes.json", h.delta_K,
                h.delta_k, h.delta_R, 0, d);
    drift_block("| **decays balanced** | | | | | | | | | | | | | |", "no_programmes.json", 0, 0, 0,
                12, b);
    ODD("60 months take mean R from {} to {} and the weak-material-base barrier from {}% to {}%, "
        "mean K from {} to {} (knowledge barrier {}% to {}%) and the low readiness band from {}% "
        "to {}%; motivation follows resources and leadership down by {}.",
        0, d[0][6], d[5][6], d[0][10], d[5][10], d[0][1], d[5][1], d[0][8], d[5][8], d[0][7],
        d[5][7], d[0][5] - d[5][5]);
    ODD("(routine use rises, which raises openness by {} and, through colleagues' use and new "
        "graduates, teachers' knowledge by {})",
        0, b[5][3] - d[0][3], b[5][4] - d[0][4]);
    ODD("(routine use at month 60, mean over the four, {}% against", 0, d[5][13]);
    ODD("additive gate with the new dynamics 10.2%, default {}%,", 0, d[5][13]);
}

/* Section 4's stream numbers and the priors quoted for the sensitivity
 * analysis (7.1's principal turnover, 7.2's gate_nu). */
Test(odd_figures, streams_and_priors)
{
    ODD("TURNOVER ({}) was reserved and unused before principal turnover; NEW_PRINCIPAL ({}), "
        "SURVEY_REPORT ({}) and VACANCY ({}) are new purposes ({} is DESIGN",
        0, BILIM_PURPOSE_TURNOVER, BILIM_PURPOSE_NEW_PRINCIPAL, BILIM_PURPOSE_SURVEY_REPORT,
        BILIM_PURPOSE_VACANCY, BILIM_PURPOSE_DESIGN);
    double b[2], half[2];
    cr_assert_eq(odd_find("Prior for the sensitivity analysis: Beta with mean {} and sd {}", b,
                          half, 2), 2);
    const double kappa = b[0] * (1 - b[0]) / (b[1] * b[1]) - 1;
    ODD("Beta with mean {} and sd {} (about {} to {}).", 0, b[0], b[1],
        gsl_cdf_beta_Pinv(0.025, b[0] * kappa, (1 - b[0]) * kappa),
        gsl_cdf_beta_Pinv(0.975, b[0] * kappa, (1 - b[0]) * kappa));
    cr_assert_eq(odd_find("lognormal with median {} and sdlog {} (", b, half, 2), 2);
    ODD("lognormal with median {} and sdlog {} ({} to {} covers 95%)", 0, b[0], b[1],
        b[0] * exp(-1.959964 * b[1]), b[0] * exp(1.959964 * b[1]));
}

/* --- 7.4: the virtual trials and the 2x2 factorials ------------------------------- */

/* The k-th cell (0 first) of the table row of docs/ODD.md that starts with
 * head, which must start exactly one row. */
static const char *odd_row_cell(const char *head, int k)
{
    const char *text = odd_text(), *row = NULL;
    int rows = 0;
    for (const char *s = strstr(text, head); s; s = strstr(s + 1, head))
        if (s == text || s[-1] == ' ') {
            row = s;
            rows++;
        }
    cr_assert_eq(rows, 1, "docs/ODD.md 7.4 has %d rows starting '%s' (want 1)", rows, head);
    const char *c = row;
    for (int i = 0; i < k; i++) {
        c = strchr(c + 1, '|');
        cr_assert_not_null(c, "row '%s' has fewer than %d cells", head, k + 1);
    }
    return c;  /* at the '|' that opens the cell */
}

/* The cell "| +0.101 [0.097, 0.106]" at c equals the interval to its digits. */
static void odd_interval_is(const char *c, const char *what, const bilim_interval *x)
{
    double v[3], half[3];
    c += 2;  /* "| " */
    if (*c == '+')
        c++;
    cr_assert_eq(odd_match_at(c, "{} [{}, {}]", v, half, 3), 3,
                 "%s: no 'effect [low, high]' in docs/ODD.md 7.4 at '%.40s'", what, c);
    const double want[3] = {x->mean, x->low, x->high};
    for (int i = 0; i < 3; i++)
        cr_expect_leq(fabs(v[i] - want[i]), half[i] * (1 + 1e-9),
                      "docs/ODD.md 7.4, %s: %s %g, the code gives %.6f (rerun bilim effects "
                      "scenarios/baseline.json and update the page)",
                      what, i == 0 ? "effect" : i == 1 ? "low" : "high", v[i], want[i]);
}

/* The effect the trial named name measured in r. */
static double trial_effect(const bilim_effects_result *r, const char *name)
{
    for (int i = 0; i < r->n_rows; i++)
        if (strcmp(r->rows[i].trial->name, name) == 0)
            return r->rows[i].effect.mean;
    cr_assert_fail("no trial %s", name);
    return NAN;
}

/* The page's tables, recomputed as it says: `bilim effects
 * scenarios/baseline.json`, a proportional 1,000-school sample, 10
 * replicates (results do not depend on the thread count). */
Test(odd_figures, virtual_trials_and_factorials, .timeout = 600)
{
    static bilim_scenario sc;
    baseline(&sc);
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_scenario_sample(&sc, 1000, &err), BILIM_OK, "%s", err.msg);
    static bilim_effects_result r;
    bilim_effects_options o = {10, 0, NULL, 1, NULL, NULL, NULL};
    cr_assert_eq(bilim_effects_run(&sc, &o, &r, &err), BILIM_OK, "%s", err.msg);
    ODD("a proportional 1,000-school sample, {} replicates, seed {};", 0, (double)r.replicates,
        (double)r.seed);
    for (int i = 0; i < r.n_rows; i++) {
        char head[64];
        snprintf(head, sizeof head, "| %s (", r.rows[i].trial->name);
        odd_interval_is(odd_row_cell(head, 3), r.rows[i].trial->name, &r.rows[i].effect);
    }
    /* The prose that quotes the table. */
    ODD("takes +{} SD of motivation.", 0, trial_effect(&r, "incentives_motivation"));
    ODD("one year of the dose does about nothing ({}), four years", 0,
        trial_effect(&r, "funding_one_year"));
    ODD("*Leadership training fades* ({} at month 24 against {} at month 12)", 0,
        trial_effect(&r, "leadership_K_year2"), trial_effect(&r, "leadership_K"));
    for (int i = 0; i < r.n_facts; i++) {
        const bilim_effects_fact *f = &r.facts[i];
        char head[64];
        snprintf(head, sizeof head, "| %s |", f->pair->name);
        const bilim_interval *cells[5] = {&f->a, &f->b, &f->ab, &f->interaction, &f->ratio};
        for (int k = 0; k < 5; k++)
            odd_interval_is(odd_row_cell(head, k + 1), f->pair->name, cells[k]);
    }
}
