/* models/params.h: the one declarative table of model parameters.
 *
 * Every coefficient of the model (ODD sections 2-7) is a row of
 * BILIM_PARAM_TABLE: name, type, default, allowed range, unit, group,
 * description and source. The table generates the bilim_params struct, the
 * defaults, the scenario loader's validation of "parameters" overrides,
 * provenance in output files and docs/parameters.md (bilim params --markdown).
 * It is the single place a parameter is defined: add a row here and nowhere
 * else.
 *
 * Row: X(TYPE, name, default, min, max, unit, group, description, source)
 * TYPE is REAL (double) or INT (int32_t); min and max are inclusive. */
#ifndef BILIM_PARAMS_H
#define BILIM_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#define BILIM_PARAM_TABLE(X) \
    /* --- time and structure (ODD 2, 5) --- */ \
    X(REAL, dt_months, 1.0, 0.25, 3.0, "month", "time", "Length of one step.", "ODD 2") \
    X(INT, cluster_size, 10, 1, 100, "schools", "structure", "Target number of schools per cluster (schools of one region and locality).", "ODD 2") \
    X(REAL, salary_kzt, 417600.0, 1.0, 1e8, "KZT/month", "economy", "Teacher's average monthly salary; incentives are expressed against it.", "BNS, average wage in secondary education, Q2 2025 (data/kz-schools.json)") \
    X(REAL, avg_wage_kzt, 448600.0, 1.0, 1e8, "KZT/month", "economy", "National average monthly wage, the reference of the teacher's relative wage salary_kzt / avg_wage_kzt.", "BNS, national average wage, Q2 2025 (data/kz-schools.json)") \
    X(REAL, wage_ratio_ref, 417600.0 / 448600.0, 0.1, 3.0, "1", "economy", "Teachers' relative wage (salary over the national average) that the month-0 state reflects; motivation and attrition respond to the relative wage against it (0.931 in 2025; 0.61 in 2016, seed 001).", "BNS Q2 2025: 417,600 / 448,600 (data/kz-schools.json); seed 001 gives 61% for 2016") \
    /* --- readiness bands (ODD 2) --- */ \
    X(REAL, theta_low, 0.40, 0.0, 1.0, "readiness", "bands", "Readiness below this is the low band.", "ODD 2; seed 002 readiness table") \
    X(REAL, theta_high, 0.70, 0.0, 1.0, "readiness", "bands", "Readiness at or above this is the high band.", "ODD 2; seed 002 readiness table") \
    /* --- initial states: Beta(mean, concentration) by locality (ODD 5) --- */ \
    X(REAL, init_K_mean_urban, 0.32, 0.001, 0.999, "1", "initial", "Mean initial principal knowledge K, urban schools.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_K_mean_rural, 0.27, 0.001, 0.999, "1", "initial", "Mean initial principal knowledge K, rural schools.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_K_kappa, 10.0, 0.5, 1000.0, "1", "initial", "Beta concentration of initial K.", "ODD 5 prior") \
    X(REAL, init_S_mean_urban, 0.45, 0.001, 0.999, "1", "initial", "Mean initial managerial skill S, urban.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_S_mean_rural, 0.41, 0.001, 0.999, "1", "initial", "Mean initial managerial skill S, rural.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_S_kappa, 12.0, 0.5, 1000.0, "1", "initial", "Beta concentration of initial S.", "ODD 5 prior") \
    X(REAL, init_O_mean_urban, 0.55, 0.001, 0.999, "1", "initial", "Mean initial openness O, urban.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_O_mean_rural, 0.50, 0.001, 0.999, "1", "initial", "Mean initial openness O, rural.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_O_kappa, 10.0, 0.5, 1000.0, "1", "initial", "Beta concentration of initial O.", "ODD 5 prior") \
    X(REAL, init_M_mean_urban, 0.38, 0.001, 0.999, "1", "initial", "Mean of the school's mean teacher motivation M_s, urban.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_M_mean_rural, 0.34, 0.001, 0.999, "1", "initial", "Mean of the school's mean teacher motivation M_s, rural.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_M_kappa, 12.0, 0.5, 1000.0, "1", "initial", "Beta concentration of M_s across schools.", "ODD 5 prior") \
    X(REAL, init_m_kappa, 20.0, 0.5, 1000.0, "1", "initial", "Beta concentration of teacher motivation m around the school's M_s.", "ODD 5") \
    X(REAL, init_k_mean_urban, 0.35, 0.001, 0.999, "1", "initial", "Mean initial teacher knowledge k, urban.", "ODD 5 prior") \
    X(REAL, init_k_mean_rural, 0.30, 0.001, 0.999, "1", "initial", "Mean initial teacher knowledge k, rural.", "ODD 5 prior") \
    X(REAL, init_k_kappa, 10.0, 0.5, 1000.0, "1", "initial", "Beta concentration of initial k.", "ODD 5 prior") \
    X(REAL, init_R_mean_urban, 0.40, 0.001, 0.999, "1", "initial", "Mean initial school resources R, urban.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_R_mean_rural, 0.28, 0.001, 0.999, "1", "initial", "Mean initial school resources R, rural.", "ODD 5 prior; calibrated to the 2026 survey") \
    X(REAL, init_R_kappa, 8.0, 0.5, 1000.0, "1", "initial", "Beta concentration of initial R.", "ODD 5 prior") \
    X(REAL, principal_women_share, 0.53, 0.0, 1.0, "1", "initial", "Share of principals who are women (state only; does not enter the dynamics).", "OECD TALIS 2018, Kazakhstan (data/kz-schools.json); the 2026 survey's 80% is a purposive sample") \
    X(REAL, principal_age_30_45_share, 0.65, 0.0, 1.0, "1", "initial", "Share of principals aged 30-45 (the rest over 45; state only, does not enter the dynamics).", "2026 survey, 75 of 116 (data/survey-2026-principals.json); TALIS 2018 mean age 48 suggests fewer") \
    /* --- barrier reports: the survey's observation model (ODD 5) --- */ \
    X(REAL, barrier_knowledge_below, 0.5, 0.0, 1.0, "1", "barriers", "A principal reports lack of practical knowledge if K is below this.", "ODD 5") \
    X(REAL, barrier_motivation_below, 0.5, 0.0, 1.0, "1", "barriers", "A principal reports low staff motivation if the school's mean teacher m is below this.", "ODD 5") \
    X(REAL, barrier_material_below, 0.5, 0.0, 1.0, "1", "barriers", "A principal reports weak material base if R is below this.", "ODD 5") \
    X(REAL, barrier_organizing_below, 0.5, 0.0, 1.0, "1", "barriers", "A principal reports difficulty organizing teaching staff if S is below this.", "ODD 5") \
    X(REAL, barrier_managerial_below, 0.3, 0.0, 1.0, "1", "barriers", "A principal reports insufficient managerial skills if S is below this.", "ODD 5") \
    X(REAL, barrier_slope, 14.0, 1.0, 1000.0, "logit per unit", "barriers", "A principal reports a barrier with probability sigma(barrier_slope (threshold - state)): the report is a noisy survey answer, not a cut-off.", "derived here: single-item reliability 0.57 (Wanous, Reichers & Hudy 1997: 0.45 to 0.69) over a month-0 spread of 0.148 gives 14 (11 to 18); docs/ODD.md 5") \
    /* --- principals (ODD 7.1) --- */ \
    X(REAL, eta_train, 0.00669, 0.0, 1.0, "1/month", "principal", "Knowledge gain rate while in leadership training (times intensity).", "derived here: virtual trial leadership_K (bilim effects) hits 0.10 SD of month-0 K at month 12, the large randomised trials of principal training (Liebowitz & Porter 2019; Fryer 2017; CEL RCT 2020); bound 0 to 0.35; docs/ODD.md 7.4") \
    X(REAL, eta_train_S, 0.00971, 0.0, 1.0, "1/month", "principal", "Managerial skill gain rate while in leadership training.", "derived here: virtual trial leadership_S hits 0.10 SD of month-0 S at month 12 (as eta_train; Liebowitz & Porter 2019); bound 0 to 0.35; docs/ODD.md 7.4") \
    X(REAL, eta_univ_K, 0.00125, 0.0, 1.0, "1/month", "principal", "Knowledge gain rate from a university partner of quality Q_u.", "assumption, no pooled estimate (Cambridge Handbook of School-University Partnerships 2025): virtual trial university_principals hits 0.05 SD of month-0 K at month 12, half of leadership training; bound 0 to 0.10; docs/ODD.md 7.4") \
    X(REAL, delta_K, 0.000553, 0.0, 1.0, "1/month", "principal", "Knowledge decay rate.", "derived here: the rate at which business as usual (scenarios/baseline.json: 375 principals trained a year, Leading Schools, turnover) holds the month-0 national mean of K (bench/drift balance); docs/ODD.md 7.6") \
    X(REAL, eta_exp, 0.002, 0.0, 1.0, "1/month", "principal", "Managerial skill gain from experience in post.", "ODD 7.1 prior; principals improve with experience, most in their first years (Clark, Martorell & Rockoff 2009; Bartanen et al. 2024)") \
    X(REAL, delta_S, 0.0, 0.0, 1.0, "1/month", "principal", "Managerial skill decay rate of a principal in post.", "decided here: the ODD prior 0.002 (= eta_exp) put every principal's fixed point at 0.5, the organizing-staff threshold; skill is lost through principal turnover instead (docs/ODD.md 7.1)") \
    X(REAL, principal_turnover_annual, 0.18, 0.0, 1.0, "1/year", "principal", "Annual probability that a principal leaves the school (replaced by a new, untrained principal).", "NCES Principal Follow-up Survey 2016-17 (Goldring & Taie 2018): 82% of US public-school principals stayed in their school; Kazakh principals hold 4-year terms re-competed at their end (docs/ODD.md 7.1)") \
    X(REAL, eta_peer_P, 0.00334, 0.0, 1.0, "1/month", "principal", "Knowledge gain rate per unit share of leadership-trained principals among the cluster's other principals.", "assumption: seed 004 (80 trained Shymkent principals 'became one team ... share knowledge'); scaled with eta_train so a cluster where every other principal is trained gives half a training month's gain; docs/ODD.md 7.1") \
    X(REAL, eta_project, 0.03, 0.0, 1.0, "1/month", "principal", "Managerial skill gain rate while the principal carries out a school project between the modules of a modular leadership programme (times intensity and cohort quality).", "assumption: half of eta_train_S (learning by doing a real change project, seed 004: projects defended between and after modules)") \
    X(REAL, tau_O, 0.05, 0.0, 1.0, "1/month", "principal", "Rate at which openness relaxes to its target.", "ODD 7.1 prior") \
    X(REAL, gamma_O_R, 0.2, -2.0, 2.0, "1", "principal", "Effect of resources (R - 0.5) on openness' target.", "ODD 7.1 prior") \
    X(REAL, gamma_O_A, 0.3, -2.0, 2.0, "1", "principal", "Effect of the school's routine-use share A_s on openness' target.", "ODD 7.1 prior") \
    /* --- teachers (ODD 7.1) --- */ \
    X(REAL, eta_pd, 0.0205, 0.0, 1.0, "1/month", "teacher", "Knowledge gain rate while in professional development.", "derived here: virtual trial pd_knowledge hits 0.25 SD of month-0 k at month 12, the large-trial figure (Kraft, Blazar & Hogan 2018: 0.49, about half in trials of 100+ teachers; Lynch et al. 2025); bound 0.15 to 0.5; docs/ODD.md 7.4") \
    X(REAL, eta_univ_k, 0.00412, 0.0, 1.0, "1/month", "teacher", "Knowledge gain rate from a university partner of quality Q_u.", "assumption, no pooled estimate (Cambridge Handbook 2025, ch. 18): virtual trial university_knowledge hits 0.125 SD of month-0 k at month 12, half of PD at scale; bound 0 to 0.25; docs/ODD.md 7.4") \
    X(REAL, eta_peer, 0.01, 0.0, 1.0, "1/month", "teacher", "Knowledge gain rate from colleagues' routine use A_s.", "ODD 7.1 prior") \
    X(REAL, eta_hub, 0.00244, 0.0, 1.0, "1/month", "teacher", "Knowledge gain rate in a hub school or a partner school it serves.", "assumption, no estimate (Leading Schools are unevaluated): virtual trial hub_knowledge hits 0.125 SD of month-0 k per covered teacher at month 12, half of PD at scale; bound 0 to 0.25; docs/ODD.md 7.4") \
    X(REAL, delta_k, 0.00724, 0.0, 1.0, "1/month", "teacher", "Teacher knowledge decay rate.", "derived here: the rate at which business as usual (91,000 teachers a year in in-service training, Leading Schools hubs, colleagues, graduates) holds the month-0 national mean of k (bench/drift balance); docs/ODD.md 7.6") \
    X(REAL, tau_m, 0.1, 0.0, 1.0, "1/month", "teacher", "Rate at which motivation relaxes to its target m*.", "ODD 7.1 prior") \
    X(REAL, gamma_inc, 1.85, 0.0, 5.0, "1 per salary share", "teacher", "Effect on m* of an incentive paid as a share of the monthly salary.", "derived here: virtual trial incentives_achievement (10% of salary to routine users, 36 months) hits +0.043 SD on achievement through practice x 0.18/0.49 (Pham, Nguyen & Springer 2021; Kraft et al. 2018); bound 0 to 0.10; docs/ODD.md 7.4") \
    X(REAL, gamma_L, 0.3, -2.0, 2.0, "1", "teacher", "Effect of leadership support (L_s - 0.5) on m*.", "ODD 7.1 prior") \
    X(REAL, gamma_R, 0.2, -2.0, 2.0, "1", "teacher", "Effect of resources (R - 0.5) on m*.", "ODD 7.1 prior") \
    X(REAL, incentive_anticipation, 0.5, 0.0, 1.0, "1", "teacher", "Share of a conditional (pay-for-use) incentive that acts on m* of the teachers of a reached school who are not paid this month.", "decided here: the ODD is silent; an announced bonus motivates teachers who are not yet paid (docs/ODD.md 7.1, 7.4)") \
    X(REAL, gamma_wage, 0.1, 0.0, 2.0, "1 per log relative wage", "teacher", "Effect on m* of the log of the relative wage against wage_ratio_ref (a permanent salary change, ODD 7.1).", "assumption: a 10% permanent raise moves m* by 0.0095, half the effect of a 10% temporary bonus at gamma_inc 1 scaled by ln; no estimate for Kazakhstan; wide prior") \
    /* --- turnover (ODD 7.1) --- */ \
    X(REAL, attrition_annual, 0.05, 0.0, 1.0, "1/year", "turnover", "Annual probability that a teacher leaves (replaced by a new graduate).", "assumption; no Kazakh figure found (data/kz-schools.json)") \
    X(REAL, attrition_wage_elasticity, 1.0, 0.0, 5.0, "1", "turnover", "Elasticity of the attrition rate to the relative wage: attrition_annual (w / wage_ratio_ref)^(-elasticity).", "assumption with a wide prior: Clotfelter, Glennie, Ladd & Vigdor (2008) found an annual bonus of USD 1,800 (about 4% of pay) cut departures of eligible teachers by about 17%, an elasticity near 4; pay-attrition elasticities in other studies are near 1 (docs/ODD.md 7.1)") \
    X(REAL, fill_rate_urban, 0.75, 0.0, 1.0, "1", "turnover", "Share of an urban school's leavers replaced at once (in the month they leave); the others leave a vacant post.", "assumption, set with fill_rate_rural and vacancy_fill_monthly so that about 1.3% of posts are vacant (about 5,000 nationally: 'teacher shortage above 5,000', kt.kz, as cited by EduHire's shortage map 2026; Astana alone short of 2,000 in July 2020, Kazpravda 2020-07-20); rural lower (docs/ODD.md 7.1)") \
    X(REAL, fill_rate_rural, 0.45, 0.0, 1.0, "1", "turnover", "Share of a rural school's leavers replaced at once; the others leave a vacant post.", "assumption: rural schools fill posts less easily (seed 003: graduates sent to regions at the request of regional authorities); see fill_rate_urban") \
    X(REAL, vacancy_fill_monthly, 0.125, 0.0, 1.0, "1/month", "turnover", "Monthly probability that a vacant post is filled by a new graduate (a vacancy lasts 1 / this months on average).", "assumption: 8 months on average (posts are filled mostly for the new school year); see fill_rate_urban") \
    X(REAL, grad_k_mean, 0.35, 0.001, 0.999, "1", "turnover", "Mean knowledge k of a newly hired graduate.", "ODD 7.1") \
    X(REAL, grad_m_shift, 0.0, -0.5, 0.5, "1", "turnover", "A new hire's mean motivation m is the school's month-0 mean M_s plus this (concentration init_m_kappa).", "decided here: the ODD's absolute 0.5 sat above every calibrated school (0.34 to 0.38) and raised m through turnover alone; no data say new teachers differ (docs/ODD.md 7.1)") \
    X(REAL, grad_kappa, 10.0, 0.5, 1000.0, "1", "turnover", "Beta concentration of new graduates' k.", "decided here: the ODD is silent; same as init_k_kappa") \
    /* --- innovation use: readiness gate and hazards (ODD 7.2) --- */ \
    X(REAL, beta0, 0.58, -20.0, 20.0, "logit", "diffusion", "Intercept of the readiness gate G.", "decided here: the ODD 7.2 prior is 0; 0.58 gives the soft-minimum gate (gate_nu 1) the national mean G at month 0 of the spec's additive gate on the calibrated state (0.211, default innovation); with gate_nu 0 set 0 to recover the spec (docs/ODD.md 7.2)") \
    X(REAL, beta_k, 4.0, -20.0, 20.0, "logit", "diffusion", "Gate: weight of teacher knowledge relative to complexity (k - c_j).", "ODD 7.2 prior") \
    X(REAL, beta_m, 3.0, -20.0, 20.0, "logit", "diffusion", "Gate: weight of motivation (m - 0.5).", "ODD 7.2 prior") \
    X(REAL, beta_L, 3.0, -20.0, 20.0, "logit", "diffusion", "Gate: weight of leadership support (L_s - 0.5).", "ODD 7.2 prior") \
    X(REAL, beta_R, 3.0, -20.0, 20.0, "logit", "diffusion", "Gate: weight of resources relative to need (R - r_j).", "ODD 7.2 prior") \
    X(REAL, gate_nu, 1.0, 0.0, 10.0, "1", "diffusion", "Gate: sharpness of the soft minimum over the teacher, leadership and resource factors; 0 = the spec's additive logit (substitutes), large = weakest link (Leontief).", "decided here: complements (seed 002's 'interconnected whole'; O-ring, Kremer 1993); 1 = the mean of the factors' odds against; docs/ODD.md 7.2") \
    X(REAL, gate_ref_kc, -0.17, -1.0, 1.0, "1", "diffusion", "Gate: the balanced school's teacher knowledge minus complexity (k - c_j), where no factor binds more than another.", "decided here: the mean teacher's k at month 0 (0.327, calibrated national state) minus the default complexity 0.5, rounded; docs/ODD.md 7.2") \
    X(REAL, gate_ref_m, 0.33, 0.0, 1.0, "1", "diffusion", "Gate: the balanced school's teacher motivation m.", "decided here: the mean teacher's m at month 0 (0.329), rounded; docs/ODD.md 7.2") \
    X(REAL, gate_ref_L, 0.43, 0.0, 1.0, "1", "diffusion", "Gate: the balanced school's leadership support L_s.", "decided here: the mean teacher's L_s at month 0 (0.435), rounded; docs/ODD.md 7.2") \
    X(REAL, gate_ref_Rr, -0.06, -1.0, 1.0, "1", "diffusion", "Gate: the balanced school's resources minus need (R - r_j).", "decided here: the mean teacher's R at month 0 (0.342) minus the default need 0.4, rounded; docs/ODD.md 7.2") \
    X(REAL, lambda_c, 0.15, 0.0, 10.0, "1/month", "diffusion", "Hazard of moving from trial to routine use (times G).", "ODD 7.2 prior") \
    X(REAL, lambda_a, 0.08, 0.0, 10.0, "1/month", "diffusion", "Hazard of abandoning a trial (times 1 - G).", "ODD 7.2 prior") \
    X(REAL, lambda_d, 0.01, 0.0, 10.0, "1/month", "diffusion", "Hazard of discontinuing routine use (times 1 - G).", "ODD 7.2 prior") \
    X(REAL, omega_univ, 1.0, 0.0, 10.0, "1", "diffusion", "Exposure multiplier from a university partner (times Q_u).", "ODD 7.2 prior") \
    X(REAL, omega_hub, 1.0, 0.0, 10.0, "1", "diffusion", "Exposure multiplier in a hub school or a partner school it serves.", "assumption, no estimate: a hub doubles a covered teacher's contacts with new practice (as omega_univ); virtual trial hub_practice checks it stays within PD's large-trial bound (0.25 SD); docs/ODD.md 7.4") \
    X(REAL, omega_net, 1.0, 0.0, 10.0, "1", "diffusion", "Exposure multiplier per unit of the cluster's routine-use share.", "ODD 7.2 prior") \
    X(REAL, omega_plc, 3.08, 0.0, 10.0, "1", "diffusion", "Imitation multiplier in a school with a professional learning community.", "derived here: virtual trial plc_achievement (12-month learning community after PD) hits 0.125 SD on achievement through practice x 0.18/0.49: Lomos, Hofman & Bosker 2011 d 0.25 halved by the scale-up rule (Kraft et al. 2018); bound 0.05 to 0.3; docs/ODD.md 7.4") \
    X(REAL, bass_p_default, 0.0025, 0.0, 1.0, "1/month", "diffusion", "Default external (innovation) rate p of an innovation that gives none.", "ODD 7.2; Bass literature average, about 0.03 a year") \
    X(REAL, bass_q_default, 0.03, 0.0, 10.0, "1/month", "diffusion", "Default imitation rate q of an innovation that gives none.", "ODD 7.2; Bass literature average, about 0.38 a year") \
    /* --- resources (ODD 7.3) --- */ \
    X(REAL, cost_R, 132000000.0, 1.0, 1e10, "KZT/teacher", "resources", "Funding per teacher that raises R by 1.", "derived here: virtual trial funding_dose (USD 1,000 per pupil a year = 4.8M KZT per teacher a year, 48 months) hits +0.0316 SD on achievement through practice x 0.18/0.49 (Jackson & Mackevicius 2023); bound -0.004 to 0.067; docs/ODD.md 7.3, 7.4") \
    X(REAL, delta_R, 0.00145, 0.0, 1.0, "1/month", "resources", "Depreciation rate of resources.", "derived here: the rate at which business as usual (about 1,000 schools a year modernised at 250M KZT) holds the month-0 national mean of R (bench/drift balance); docs/ODD.md 7.6") \
    /* --- capacity and returns to scale of programmes (ODD 7.4) --- */ \
    X(REAL, scale_ref, 100.0, 1.0, 1e6, "participants", "programmes", "Participants a training programme (leadership, PD) trains at full quality; the j-th participant beyond gets quality floor + (1 - floor) scale_ref / j.", "Kraft, Blazar & Hogan 2018 (data/effect-sizes.json, scale_up_rule): effects in trials of 100 or more teachers are about half those of smaller trials") \
    X(REAL, scale_quality_floor, 0.5, 0.0, 1.0, "1", "programmes", "Quality a training programme tends to as it scales (share of the small-programme effect).", "Kraft, Blazar & Hogan 2018: large trials about half the effect of small ones (data/effect-sizes.json, scale_up_rule)") \
    X(REAL, hub_span, 3.2, 0.1, 100.0, "schools", "programmes", "Partner schools a hub supports at full strength; a hub with n partners gives each intensity min(1, hub_span / n).", "Leading Schools network: 1,838 leading schools in 2022 (cpm.kz, data/effect-sizes.json) for 7,687 schools: (7,687 - 1,838) / 1,838 = 3.2 other schools per leading school") \
    X(REAL, eta_practicum, 0.005, 0.0, 1.0, "1/month", "programmes", "Knowledge gain rate of a school's teachers while university students do their pedagogical practice there (times the placement's exposure).", "assumption: half of eta_peer (seed 003: pedagogical practice; students bring the updated content and mentoring makes teachers reflect)") \
    X(REAL, practicum_students_half, 1.0, 0.01, 100.0, "students", "programmes", "Practicum students per school at which the exposure reaches half its maximum: exposure = students / (students + this).", "assumption (diminishing returns to more students in one school)") \
    X(REAL, practicum_hire_prob, 0.1, 0.0, 1.0, "1", "programmes", "Probability that one practicum student takes a vacant post of the school at the end of the placement.", "assumption: seed 003 (graduates sent to regions at the request of regional authorities); no figure found") \
    X(REAL, univ_span, 20.0, 1.0, 100000.0, "schools", "programmes", "Schools a university supports at full quality; with n schools each gets Q_u min(1, univ_span / n).", "assumption: the default capacity of a partnership (20 schools per university)")

typedef struct bilim_params {
#define BILIM_PTYPE_REAL double
#define BILIM_PTYPE_INT int32_t
#define BILIM_PARAM_FIELD(T, name, def, lo, hi, unit, group, desc, src) BILIM_PTYPE_##T name;
    BILIM_PARAM_TABLE(BILIM_PARAM_FIELD)
#undef BILIM_PARAM_FIELD
} bilim_params;

typedef enum { BILIM_PARAM_REAL, BILIM_PARAM_INT } bilim_param_type;

/* One row of the table, for generic code (loader, docs, provenance). */
typedef struct bilim_param_info {
    const char *name;
    bilim_param_type type;
    double def, min, max;
    const char *unit;
    const char *group;
    const char *description;
    const char *source;
    size_t offset;          /* offsetof(bilim_params, name) */
} bilim_param_info;

/* The table, in declaration order. */
const bilim_param_info *bilim_params_table(size_t *count);

/* The row named name (exact, case-sensitive), or NULL. */
const bilim_param_info *bilim_params_find(const char *name);

/* Fills p with every default. */
void bilim_params_defaults(bilim_params *p);

/* Reads or writes a parameter through its row (ints are converted). */
double bilim_params_get(const bilim_params *p, const bilim_param_info *info);
void bilim_params_set(bilim_params *p, const bilim_param_info *info, double value);

/* Cross-parameter rules the per-row ranges cannot express (theta_low <=
 * theta_high, managerial <= organizing threshold). Writes a message into
 * msg (size n) naming the parameters and returns non-zero when violated. */
int bilim_params_check(const bilim_params *p, char *msg, size_t n);

#endif
