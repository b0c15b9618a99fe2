/* tests/test_programmes.c: the intervention mechanisms of issue 13 (ODD 7.4)
 * against hand-worked values: the calendar (month 0's date, dates as start
 * months, cohorts in June), scale quality of training programmes, modular
 * leadership with projects and a refresher, partnerships spread over their
 * schools, the per-capita funding formula, adaptive incentives and the
 * salary lever. Hubs are in test_interventions.c. */
#include <math.h>
#include "models/model_impl.h"
#include "models/population.h"
#include "models/teacher.h"
#include "model_helpers.h"

static void step(bilim_model *m)
{
    bilim_error err;
    cr_assert_eq(bilim_model_step(m, &err), BILIM_OK, "%s", err.msg);
}

static bilim_intervention *one(bilim_scenario *sc, bilim_iv_type type)
{
    sc->n_interventions = 1;
    bilim_intervention_defaults(&sc->interventions[0], type);
    return &sc->interventions[0];
}

/* --- calendar --------------------------------------------------------------------- */

Test(calendar, months_and_dates)
{
    bilim_scenario sc;
    bilim_scenario_defaults(&sc);
    cr_assert_eq(sc.start_year, 2026);
    cr_assert_eq(sc.start_calendar_month, 9);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 0), 9);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 3), 12);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 4), 1);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 9), 6);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 21), 6);
    cr_assert_eq(bilim_scenario_month_of(&sc, 2027, 1), 4, "2027-01 is month 4 after 2026-09");
    cr_assert_eq(bilim_scenario_month_of(&sc, 2027, 6), 9);
    cr_assert_eq(bilim_scenario_month_of(&sc, 2026, 8), -1);
    sc.start_calendar_month = 1;
    sc.start_year = 2027;
    cr_assert_eq(bilim_scenario_month_of(&sc, 2027, 1), 0);
    cr_assert_eq(bilim_scenario_calendar_month(&sc, 11), 12);
}

/* Cohorts start in June by default: with month 0 in September, the first
 * cohort of a programme that starts at month 0 is month 9, then every 12. */
Test(calendar, cohorts_start_in_june_by_default)
{
    bilim_intervention iv;
    bilim_intervention_defaults(&iv, BILIM_IV_LEADERSHIP_TRAINING);
    cr_assert_eq(iv.u.leadership.cohort_calendar_month, 6);
    iv.start_month = 0;
    iv.duration_months = 48;
    cr_assert_eq(bilim_interventions_first_cohort(&iv, 6, 9), 9);
    for (int32_t t = 0; t < 60; t++)
        cr_assert_eq(bilim_interventions_cohort_month(&iv, 12, 6, 9, t),
                     t == 9 || t == 21 || t == 33 || t == 45, "month %d", t);
    /* Starting in June itself: cohort at once. */
    iv.start_month = 9;
    cr_assert_eq(bilim_interventions_first_cohort(&iv, 6, 9), 9);
    /* Month 0 in January (start_calendar_month 1): June is month 5. */
    iv.start_month = 0;
    cr_assert_eq(bilim_interventions_first_cohort(&iv, 6, 1), 5);
    /* 0: at start_month, the old rule. */
    cr_assert_eq(bilim_interventions_first_cohort(&iv, 0, 9), 0);
    bilim_intervention_defaults(&iv, BILIM_IV_PROFESSIONAL_DEVELOPMENT);
    cr_assert_eq(iv.u.pd.cohort_calendar_month, 6);
}

/* The model reads the scenario's start_calendar_month: a PD programme from
 * month 0 trains nobody until June. */
Test(calendar, start_calendar_month_times_the_model)
{
    for (int cal0 = 9; cal0 >= 3; cal0 -= 6) {
        bilim_scenario sc;
        tm_scenario(&sc, 30, 12);
        sc.start_calendar_month = cal0;
        bilim_intervention *iv = one(&sc, BILIM_IV_PROFESSIONAL_DEVELOPMENT);
        iv->duration_months = 12;
        bilim_model *m = tm_alloc(&sc, 0);
        int32_t first = -1;
        for (int32_t t = 0; t < 12 && first < 0; t++) {
            step(m);
            for (int32_t s = 0; s < 30; s++)
                if (m->fx.D[s] > 0)
                    first = t;
        }
        cr_assert_eq(first, (6 - cal0 + 12) % 12, "month 0 in calendar month %d", cal0);
        bilim_model_free(m);
    }
}

/* --- scale quality -------------------------------------------------------------------- */

Test(scale, quality_falls_to_the_floor)
{
    bilim_params p;
    bilim_params_defaults(&p);
    cr_assert_eq(bilim_interventions_scale_quality(&p, 1), 1.0);
    cr_assert_eq(bilim_interventions_scale_quality(&p, 100), 1.0);
    cr_assert_float_eq(bilim_interventions_scale_quality(&p, 200), 0.75, 1e-15);
    cr_assert_float_eq(bilim_interventions_scale_quality(&p, 400), 0.625, 1e-15);
    cr_assert_float_eq(bilim_interventions_scale_quality(&p, 1e6), 0.50005, 1e-12);
}

/* The j-th principal of a leadership programme gets T_p = intensity q(j). */
Test(scale, leadership_cohort_quality_declines_with_enrolment)
{
    bilim_scenario sc;
    tm_scenario(&sc, 60, 3);
    sc.params.scale_ref = 10;
    sc.params.principal_turnover_annual = 0.0;
    bilim_intervention *iv = one(&sc, BILIM_IV_LEADERSHIP_TRAINING);
    iv->u.leadership.cohort_calendar_month = 0;
    iv->u.leadership.cohort_size = 0;
    iv->u.leadership.completion_prob = 1.0;
    iv->intensity = 0.8;
    iv->target.order = BILIM_ORDER_NEED;
    iv->target.need = BILIM_NEED_RESOURCES;
    bilim_model *m = tm_alloc(&sc, 0);
    step(m);
    const bilim_iv_state *st = &m->iv[0];
    cr_assert_eq(st->pos, 60);
    for (int32_t k = 0; k < 60; k++) {
        int32_t s = st->targets[k];
        double q = 0.5 + 0.5 * (k + 1 <= 10 ? 1.0 : 10.0 / (k + 1));
        cr_assert_float_eq(m->fx.Tp[s], 0.8 * q, 1e-15, "principal %d", k + 1);
    }
    bilim_model_free(m);
}

/* --- modular leadership ----------------------------------------------------------------- */

/* 6 months in 3 modules of 2 with 3 project months between them; refresher
 * (2 months) 12 months after completion. Completion at month 2+3+2+3+2 = 12. */
Test(modular, phases_by_hand)
{
    bilim_intervention iv;
    bilim_intervention_defaults(&iv, BILIM_IV_LEADERSHIP_TRAINING);
    iv.u.leadership.program_months = 6;
    iv.u.leadership.modules = 3;
    iv.u.leadership.project_months = 3;
    iv.u.leadership.refresher_after = 12;
    static const int want[30] = {1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0};
    for (int32_t m = 0; m < 30; m++)
        cr_assert_eq(bilim_interventions_leadership_phase(&iv, m, 6), want[m], "month %d", m);
    /* A non-completer attends 3 training months: module 1, a project, one
     * month of module 2; no refresher. */
    static const int half[30] = {1, 1, 2, 2, 2, 1, 0};
    for (int32_t m = 0; m < 30; m++)
        cr_assert_eq(bilim_interventions_leadership_phase(&iv, m, 3), half[m], "month %d", m);
    /* Uneven modules: 7 months in 3 modules are 3, 2, 2. */
    iv.u.leadership.program_months = 7;
    iv.u.leadership.project_months = 1;
    iv.u.leadership.refresher_after = 0;
    static const int uneven[12] = {1, 1, 1, 2, 1, 1, 2, 1, 1, 0, 0, 0};
    for (int32_t m = 0; m < 12; m++)
        cr_assert_eq(bilim_interventions_leadership_phase(&iv, m, 7), uneven[m], "month %d", m);
}

/* In the model: T_p in modules, P_j in projects, S gains eta_project in
 * project months; the refresher costs unit x 2 / 6, committed at enrolment
 * and charged when it starts. */
Test(modular, projects_train_skill_and_the_refresher_is_paid)
{
    bilim_scenario sc;
    tm_scenario(&sc, 20, 30);
    sc.params.principal_turnover_annual = 0.0;
    bilim_intervention *iv = one(&sc, BILIM_IV_LEADERSHIP_TRAINING);
    iv->u.leadership.cohort_calendar_month = 0;
    iv->u.leadership.cohort_size = 0;
    iv->u.leadership.completion_prob = 1.0;
    iv->u.leadership.program_months = 6;
    iv->u.leadership.modules = 3;
    iv->u.leadership.project_months = 3;
    iv->u.leadership.refresher_after = 12;
    iv->duration_months = 1;
    iv->unit_cost_kzt = 600;
    iv->intensity = 0.5;
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_params *p = &sc.params;
    static const int want[30] = {1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0};
    for (int32_t t = 0; t < 30; t++) {
        double S0 = m->a.S[0];
        step(m);
        for (int32_t s = 0; s < 20; s++) {
            cr_assert_eq(m->fx.Tp[s], want[t] == 1 || want[t] == 3 ? 0.5 : 0.0, "month %d", t);
            cr_assert_eq(m->fx.Pj[s], want[t] == 2 ? 0.5 : 0.0, "month %d", t);
        }
        if (want[t] == 2) {
            double S1 = S0 + (p->eta_project * 0.5 + p->eta_exp) * (1.0 - S0) - p->delta_S * S0;
            cr_assert_float_eq(m->a.S[0], S1, 1e-12, "month %d", t);
        }
        if (t == 0) {
            cr_assert_float_eq(m->iv[0].committed, 20 * (600 + 200.0), 1e-9);
            cr_assert_float_eq(m->iv[0].spent, 20 * 600.0, 1e-9);
        }
        if (t == 23)
            cr_assert_float_eq(m->iv[0].spent, 20 * 600.0, 1e-9, "refresher not yet charged");
        if (t == 24)
            cr_assert_float_eq(m->iv[0].spent, 20 * 800.0, 1e-9, "refresher charged at its start");
    }
    cr_assert_eq(m->iv[0].units, 20);
    bilim_model_free(m);
}

/* --- partnerships ----------------------------------------------------------------------- */

/* 2 universities, 25 schools each at univ_span 10: each school gets
 * Q_u x 10 / 25 (the first 25 in target order, round-robin). */
Test(partnership, support_is_spread_over_a_university_s_schools)
{
    bilim_scenario sc;
    tm_scenario(&sc, 60, 2);
    sc.params.univ_span = 10;
    bilim_intervention *iv = one(&sc, BILIM_IV_UNIVERSITY_PARTNERSHIP);
    iv->u.partnership.universities = 2;
    iv->u.partnership.capacity = 25;
    iv->u.partnership.quality = 0.6;
    bilim_model *m = tm_alloc(&sc, 0);
    step(m);
    int n = 0;
    for (int32_t s = 0; s < 60; s++)
        if (m->fx.QP[s] > 0) {
            n++;
            cr_assert_float_eq(m->fx.QP[s], 0.6 * 10.0 / 25.0, 1e-15);
        }
    cr_assert_eq(n, 50);
    bilim_model_free(m);
}

/* --- per-capita funding ------------------------------------------------------------------ */

/* Every month each target school gets unit x n_s x max(0, 1 + e (Rbar - R_s)),
 * on the month's R, while the budget allows. */
Test(funding, per_capita_formula_equalises_monthly)
{
    bilim_scenario sc;
    tm_scenario(&sc, 30, 4);
    bilim_intervention *iv = one(&sc, BILIM_IV_RESOURCE_FUNDING);
    iv->u.funding.allocation = BILIM_ALLOC_PER_CAPITA;
    iv->u.funding.equalising = 2.0;
    iv->unit_cost_kzt = 1000;
    iv->intensity = 0.5;
    bilim_model *m = tm_alloc(&sc, 0);
    double total = 0.0;
    for (int t = 0; t < 4; t++) {
        double R[30], Rbar = 0.0;
        memcpy(R, m->a.R, sizeof R);
        for (int32_t s = 0; s < 30; s++)
            Rbar += R[s] / 30.0;
        double spent0 = m->iv[0].spent;
        step(m);
        double month = 0.0;
        for (int32_t s = 0; s < 30; s++) {
            double w = 1.0 + 2.0 * (Rbar - R[s]);
            double pay = 1000.0 * m->a.n_teach[s] * (w > 0 ? w : 0);
            cr_assert_float_eq(m->fx.F[s], 0.5 * pay, 1e-6, "month %d school %d", t, s);
            month += pay;
        }
        cr_assert_float_eq(m->iv[0].spent - spent0, month, 1e-6);
        total += month;
    }
    cr_assert_eq(m->iv[0].units, 4 * 30, "school-months");
    bilim_model_free(m);
    /* A budget of 1.5 months: the second month's walk stops part way, later months pay nothing. */
    iv->budget_kzt = 1.5 * total / 4.0;
    m = tm_alloc(&sc, 0);
    for (int t = 0; t < 4; t++)
        step(m);
    cr_assert_leq(m->iv[0].spent, iv->budget_kzt);
    cr_assert_lt(m->iv[0].units, 2 * 30);
    cr_assert_gt(m->iv[0].units, 30);
    bilim_model_free(m);
}

/* --- adaptive incentives ----------------------------------------------------------------- */

/* Retargeted every 2 months on the lowest mean motivation, with a monthly
 * allowance of (budget - spent) / months left: the paid schools follow the
 * state, and spending is spread over the duration. */
Test(incentives, adaptive_incentives_follow_the_state)
{
    bilim_scenario sc;
    tm_scenario(&sc, 40, 6);
    bilim_intervention *iv = one(&sc, BILIM_IV_TEACHER_INCENTIVES);
    iv->u.incentives.retarget_months = 2;
    iv->target.order = BILIM_ORDER_NEED;
    iv->target.need = BILIM_NEED_MOTIVATION;
    iv->duration_months = 6;
    const double unit = 0.1 * 417600.0;
    iv->budget_kzt = 6 * 300 * unit;  /* about 300 teachers a month */
    bilim_model *m = tm_alloc(&sc, 0);
    for (int t = 0; t < 6; t++) {
        /* The schools by lowest mean m at the start of a retarget month. */
        int32_t order[40];
        double mean[40];
        for (int32_t s = 0; s < 40; s++) {
            order[s] = s;
            mean[s] = m->a.sum_m[s] / (m->a.n_filled[s] > 0 ? m->a.n_filled[s] : 1);
        }
        for (int i = 1; i < 40; i++)
            for (int j = i; j > 0 && (mean[order[j - 1]] > mean[order[j]] ||
                                      (mean[order[j - 1]] == mean[order[j]] && order[j - 1] > order[j])); j--) {
                int32_t x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
        double spent0 = m->iv[0].spent;
        double allow = (iv->budget_kzt - spent0) / (6 - t);
        int32_t n_filled[40];
        memcpy(n_filled, m->a.n_filled, sizeof n_filled);
        step(m);
        if (t % 2 == 0)
            for (int32_t k = 0; k < 40; k++)
                cr_assert_eq(m->iv[0].targets[k], order[k], "month %d rank %d", t, k);
        double paid = 0.0;
        int stopped = 0;
        for (int32_t k = 0; k < 40; k++) {
            int32_t s = m->iv[0].targets[k];
            double cost = n_filled[s] * unit;  /* the teachers in post at the start of the month */
            int pays = !stopped && paid + cost <= allow;
            stopped |= !pays;
            cr_assert_eq(m->fx.B[s], pays ? 0.1 : 0.0, "month %d rank %d", t, k);
            paid += pays ? cost : 0.0;
        }
        cr_assert_float_eq(m->iv[0].spent - spent0, paid, 1e-6);
        cr_assert_gt(paid, 0.0);
    }
    cr_assert_leq(m->iv[0].spent, iv->budget_kzt);
    bilim_model_free(m);
}

/* --- salary --------------------------------------------------------------------------- */

/* A 20% raise in the target schools: cost n x 0.2 x salary a month; their
 * teachers' m* gains gamma_wage ln 1.2 and their attrition falls. */
Test(salary, a_raise_costs_its_pay_and_moves_motivation_and_attrition)
{
    bilim_scenario sc;
    tm_scenario(&sc, 30, 3);
    sc.params.gamma_wage = 0.5;
    sc.params.fill_rate_urban = sc.params.fill_rate_rural = 1.0;  /* every post filled: the teachers paid are the posts */
    bilim_intervention *iv = one(&sc, BILIM_IV_TEACHER_SALARY);
    cr_assert_eq(iv->duration_months, BILIM_MAX_MONTHS, "permanent by default");
    iv->u.salary.salary_rise = 0.2;
    iv->target.locality = BILIM_RURAL;
    iv->unit_cost_kzt = 10;
    bilim_model *m = tm_alloc(&sc, 0);
    int64_t rural_teachers = 0;
    for (int32_t s = 0; s < 30; s++)
        if (m->a.locality[s] == BILIM_RURAL)
            rural_teachers += m->a.n_teach[s];
    for (int t = 0; t < 3; t++) {
        step(m);
        for (int32_t s = 0; s < 30; s++) {
            int rural = m->a.locality[s] == BILIM_RURAL;
            cr_assert_eq(m->fx.wage[s], rural ? 1.2 : 1.0);
            double pl = bilim__model_p_leave(m, s);
            cr_assert_float_eq(pl, rural ? 1.0 - pow(1.0 - 0.05 / 1.2, 1.0 / 12.0) : m->p_leave, 1e-15);
        }
    }
    cr_assert_eq(m->iv[0].units, 3 * rural_teachers);
    cr_assert_float_eq(m->iv[0].spent, 3.0 * rural_teachers * (0.2 * 417600.0 + 10), 1e-3);
    bilim_model_free(m);
    /* Motivation: one step, no turnover, against m* = m0 + mb + 0.5 ln 1.2. */
    sc.params.attrition_annual = 0.0;
    m = tm_alloc(&sc, 0);
    const int64_t nt = m->a.n_teachers;
    float *m_start = malloc((size_t)nt * sizeof *m_start);
    memcpy(m_start, m->a.m, (size_t)nt * sizeof *m_start);
    double R0[30];
    memcpy(R0, m->a.R, sizeof R0);
    step(m);
    for (int32_t s = 0; s < 30; s++) {
        double mb = bilim_teacher_m_base(&sc.params, bilim_agents_rho(&m->a, s), R0[s], m->a.L0[s],
                                         m->a.R0[s]);
        if (m->a.locality[s] == BILIM_RURAL)
            mb += 0.5 * log(1.2);
        for (int64_t t = m->a.t_off[s]; t < m->a.t_off[s + 1]; t++) {
            double want = m_start[t] + 0.1 * (bilim_agents_clamp01(m->a.m0[t] + mb) - m_start[t]);
            cr_assert_float_eq(m->a.m[t], want, 1e-6, "school %d", s);
        }
    }
    free(m_start);
    bilim_model_free(m);
}

/* --- vacancies (ODD 7.1) --------------------------------------------------------------- */

Test(vacancies, steady_state_share_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    const double pl = 1.0 - pow(0.95, 1.0 / 12.0);
    cr_assert_float_eq(bilim_population_vacancy_share(&p, BILIM_URBAN),
                       pl * 0.25 / (pl * 0.25 + 0.125), 1e-15);
    cr_assert_float_eq(bilim_population_vacancy_share(&p, BILIM_RURAL),
                       pl * 0.55 / (pl * 0.55 + 0.125), 1e-15);
    p.fill_rate_rural = 1.0;
    cr_assert_eq(bilim_population_vacancy_share(&p, BILIM_RURAL), 0.0);
}

/* Each slot's month against its uniform u0: a teacher leaves when u0 <
 * p_leave and leaves the post vacant when also u0 >= p_leave x fill rate; a
 * vacant post is filled when u0 < vacancy_fill_monthly. Month-0 vacancies
 * are at the steady state (within 4 binomial SD). */
Test(vacancies, posts_fall_vacant_and_are_filled_by_the_uniforms)
{
    bilim_scenario sc;
    tm_scenario(&sc, 400, 3);
    sc.params.attrition_annual = 0.5;  /* many leavers */
    bilim_model *m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    const int64_t T = a->n_teachers;
    int64_t vac0[2] = {0}, posts[2] = {0};
    for (int32_t s = 0; s < a->n_schools; s++)
        for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
            vac0[a->locality[s]] += a->vacant[t];
            posts[a->locality[s]]++;
        }
    for (int l = 0; l < 2; l++) {
        double v = bilim_population_vacancy_share(&sc.params, l);
        double sd = sqrt(v * (1 - v) / posts[l]);
        cr_assert(fabs((double)vac0[l] / posts[l] - v) < 4 * sd + 1e-12, "locality %d: %g vs %g", l,
                  (double)vac0[l] / posts[l], v);
    }
    uint8_t *before = malloc((size_t)T);
    int seen[4] = {0};  /* stays, falls vacant, filled, stays vacant */
    for (int month = 0; month < 3; month++) {
        memcpy(before, a->vacant, (size_t)T);
        int32_t filled_before = 0;
        for (int32_t s = 0; s < a->n_schools; s++)
            filled_before += a->n_filled[s];
        step(m);
        int32_t filled_after = 0;
        for (int32_t s = 0; s < a->n_schools; s++) {
            const double fill = a->locality[s] == BILIM_URBAN ? 0.75 : 0.45;
            filled_after += a->n_filled[s];
            for (int64_t t = a->t_off[s]; t < a->t_off[s + 1]; t++) {
                uint64_t w[4];
                bilim_rng_block(sc.seed, 0, BILIM_PURPOSE_USE, (uint64_t)t, (uint32_t)month, 0, w);
                double u0 = bilim__model_u32(w[0], 0);
                int want;
                if (before[t]) {
                    want = !(u0 < 0.125);
                    seen[want ? 3 : 2]++;
                } else {
                    want = u0 < m->p_leave && !(u0 < m->p_leave * fill);
                    seen[want ? 1 : 0]++;
                }
                cr_assert_eq(a->vacant[t], want, "month %d slot %lld", month, (long long)t);
            }
        }
        cr_assert_neq(filled_before, filled_after);
    }
    for (int i = 0; i < 4; i++)
        cr_assert_gt(seen[i], 0, "case %d never happened", i);
    free(before);
    bilim_model_free(m);
}

/* A pipeline fills the vacant posts of its schools first, then the leavers'
 * (slot order), and each hire costs a unit. */
Test(vacancies, the_pipeline_fills_vacant_posts)
{
    bilim_scenario sc;
    tm_scenario(&sc, 100, 2);
    sc.params.fill_rate_urban = sc.params.fill_rate_rural = 0.0;  /* nobody replaced otherwise */
    sc.params.vacancy_fill_monthly = 0.0;
    sc.params.attrition_annual = 0.3;
    bilim_intervention *iv = one(&sc, BILIM_IV_TEACHER_PIPELINE);
    iv->unit_cost_kzt = 1;
    bilim_model *m = tm_alloc(&sc, 0);
    /* No vacancies at month 0 (vacancy_fill_monthly 0 would make every post vacant in the steady state). */
    cr_assert_eq(bilim_population_vacancy_share(&sc.params, BILIM_URBAN), 1.0);
    bilim_model_free(m);
    sc.params.vacancy_fill_monthly = 1e-9;
    m = tm_alloc(&sc, 0);
    const bilim_agents *a = &m->a;
    int64_t vacant0 = 0;
    for (int64_t t = 0; t < a->n_teachers; t++)
        vacant0 += a->vacant[t];
    cr_assert_gt(vacant0, a->n_teachers / 2, "nearly every post starts vacant");
    step(m);
    int64_t vacant1 = 0;
    for (int64_t t = 0; t < a->n_teachers; t++)
        vacant1 += a->vacant[t];
    cr_assert_eq(vacant1, 0, "every vacancy and leaver of the targets filled by the pipeline");
    cr_assert_geq(m->iv[0].units, vacant0);
    bilim_model_free(m);
}

/* --- practicum ------------------------------------------------------------------------- */

/* Two students for 3 months from month 1 (a round every 6): Pr = intensity
 * 2 / (2 + 1) in the term, fill boost intensity (1 - 0.9^2) in its last
 * month; cost 2 x unit per school and round. */
Test(practicum, placements_by_hand)
{
    bilim_scenario sc;
    tm_scenario(&sc, 20, 9);
    bilim_intervention *iv = one(&sc, BILIM_IV_PRACTICUM);
    iv->u.practicum.cohort_calendar_month = 0;
    iv->u.practicum.term_months = 3;
    iv->u.practicum.cohort_interval = 6;
    iv->start_month = 1;
    iv->duration_months = 7;  /* rounds at months 1 and 7 */
    iv->unit_cost_kzt = 100;
    iv->intensity = 0.6;
    bilim_model *m = tm_alloc(&sc, 0);
    for (int t = 0; t < 9; t++) {
        step(m);
        int in_term = (t >= 1 && t < 4) || (t >= 7);
        int last = t == 3;
        for (int32_t s = 0; s < 20; s++) {
            cr_assert_float_eq(m->fx.Pr[s], in_term ? 0.6 * 2.0 / 3.0 : 0.0, 1e-15, "month %d", t);
            cr_assert_float_eq(m->fx.fill_boost[s], last ? 0.6 * (1 - 0.81) : 0.0, 1e-15, "month %d", t);
        }
        cr_assert_float_eq(m->iv[0].spent, t < 1 ? 0 : (t < 7 ? 20 * 200.0 : 40 * 200.0), 1e-9, "month %d", t);
    }
    cr_assert_eq(m->iv[0].units, 80, "student-terms");
    bilim_model_free(m);
}
