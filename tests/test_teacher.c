/* tests/test_teacher.c: teachers' knowledge, motivation, turnover and new
 * hires (models/teacher.h), and resources (models/resources.h), against
 * hand-computed values (ODD 7.1, 7.3). */
#include <criterion/criterion.h>
#include <math.h>
#include "model_helpers.h"
#include "models/resources.h"
#include "models/teacher.h"

Test(teacher, knowledge_step_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    double g = bilim_teacher_k_gain(&p, 1.0, 0.5, 0.1, 1.0);
    cr_assert_float_eq(g, 0.05 + 0.02 * 0.5 + 0.01 * 0.1 + 0.01, 1e-15);
    /* 0.4 + 0.071 * 0.6 - 0.003 * 0.4 */
    cr_assert_float_eq(bilim_teacher_k_next(&p, 0.4, g), 0.4414, 1e-12);
    cr_assert_float_eq(bilim_teacher_k_next(&p, 0.4, 0.0), 0.4 - 0.0012, 1e-12);
    cr_assert_eq(bilim_teacher_k_next(&p, 1.0, 0.5), 1.0 - 0.003);
}

Test(teacher, motivation_step_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    /* Relative to the school's month-0 state L0 0.5, R0 0.5. */
    double mb = bilim_teacher_m_base(&p, 0.6, 0.2, 0.5, 0.5);
    cr_assert_float_eq(mb, 0.3 * 0.1 + 0.2 * -0.3, 1e-15);
    cr_assert_eq(bilim_teacher_m_base(&p, 0.37, 0.21, 0.37, 0.21), 0.0,
                 "a school at its month-0 state does not move its teachers' target");
    /* m* = 0.35 + 1.0 * 0.1 - 0.03 = 0.42; m' = 0.3 + 0.1 * (0.42 - 0.3) */
    cr_assert_float_eq(bilim_teacher_m_next(&p, 0.3, 0.35, 0.1, mb), 0.312, 1e-12);
    /* m* is clamped to 1 before relaxing: m' = 0.9 + 0.1 * (1 - 0.9) */
    cr_assert_float_eq(bilim_teacher_m_next(&p, 0.9, 0.95, 1.0, 0.2), 0.91, 1e-12);
    /* No incentive, neutral school: m relaxes to m0. */
    cr_assert_float_eq(bilim_teacher_m_next(&p, 0.2, 0.4, 0.0, 0.0), 0.22, 1e-12);
}

Test(teacher, leave_probability)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    cr_assert_float_eq(bilim_teacher_leave_prob(&p), 1.0 - pow(0.95, 1.0 / 12.0), 1e-15);
    cr_assert_float_eq(bilim_teacher_leave_prob(&p), 0.0042653, 1e-7);
    p.dt_months = 12.0;
    cr_assert_float_eq(bilim_teacher_leave_prob(&p), 0.05, 1e-15);
    p.attrition_annual = 0.0;
    cr_assert_eq(bilim_teacher_leave_prob(&p), 0.0);
}

/* New graduates: Beta means, clamping of boosted means, reproducibility. */
Test(teacher, new_hires_follow_their_distribution)
{
    bilim_rng *r = bilim_rng_alloc();
    const int N = 20000;
    double sk = 0, sm = 0, sk2 = 0, sm2 = 0;
    for (int i = 0; i < N; i++) {
        float k, m;
        bilim_teacher_hire(r, 5, 0, i, 3, 0.35, 10.0, 0.5, 20.0, &k, &m);
        cr_assert(k > 0 && k < 1 && m > 0 && m < 1);
        sk += k;
        sm += m;
        sk2 += (double)k * k;
        sm2 += (double)m * m;
    }
    double mk = sk / N, vk = sk2 / N - mk * mk;
    cr_assert_float_eq(mk, 0.35, 0.005);
    cr_assert_float_eq(sm / N, 0.5, 0.005);
    /* Beta variance mu (1 - mu) / (kappa + 1). */
    cr_assert_float_eq(vk, 0.35 * 0.65 / 11.0, 0.002);
    cr_assert_float_eq(sm2 / N - (sm / N) * (sm / N), 0.5 * 0.5 / 21.0, 0.002,
                       "m has its own concentration (20)");
    float k1, m1, k2, m2;
    bilim_teacher_hire(r, 5, 0, 17, 3, 0.35, 10.0, 0.5, 20.0, &k1, &m1);
    bilim_teacher_hire(r, 5, 0, 17, 3, 0.35, 10.0, 0.5, 20.0, &k2, &m2);
    cr_assert(k1 == k2 && m1 == m2, "same slot and month, same hire");
    /* Means above 0.99 are clamped: the draw equals the 0.99 draw. */
    bilim_teacher_hire(r, 5, 0, 17, 3, 1.3, 10.0, 2.0, 20.0, &k1, &m1);
    bilim_teacher_hire(r, 5, 0, 17, 3, 0.99, 10.0, 0.99, 20.0, &k2, &m2);
    cr_assert(k1 == k2 && m1 == m2);
    bilim_rng_free(r);
}

Test(resources, step_by_hand)
{
    bilim_params p;
    bilim_params_defaults(&p);
    tm_spec_effect_params(&p);
    /* 0.3 + 3e7 / (6e7 * 20) - 0.004 * 0.3 */
    cr_assert_float_eq(bilim_resources_next(&p, 0.3, 3e7, 20), 0.3238, 1e-12);
    cr_assert_float_eq(bilim_resources_next(&p, 0.5, 0.0, 20), 0.498, 1e-12);
    cr_assert_eq(bilim_resources_next(&p, 0.9, 1e11, 20), 1.0, "clamped");
}
