/* models/param_priors.h: what is uncertain, and how much (issue 14).
 *
 * The survey identifies the month-0 state, not the dynamics, so every
 * learning, decay, diffusion and effect rate of the model is a prior. This
 * table gives each parameter of the dynamic and effect groups of
 * models/params.h (principal, teacher, turnover, diffusion, resources) one
 * row: a distribution, its numbers and a source, or "assumption: ..." where
 * there is none. The month-0 parameters the calibration fits come from its
 * posterior sample instead (models/particles.h), so their correlations are
 * kept; the initial-state parameters the survey does not identify have rows
 * here too. Two rows are scenario factors rather than parameters: they scale
 * every innovation's Bass rates, which scenarios give per innovation.
 *
 * It is a separate table from models/params.h (keyed by name) so that the
 * parameter table stays the one place a parameter is defined; a test checks
 * that every parameter of the dynamic groups has exactly one row, that every
 * row names a parameter or a scenario factor, and that each prior's support
 * lies inside the parameter's allowed range.
 *
 * Row: X(name, SPEC, p1, p2, lower, upper, source), SPEC one of
 *   FACTOR     lognormal with median p1 and 95% of its mass in [p1/p2, p1*p2]
 *              (sdlog = ln p2 / 1.959964): "within a factor of p2";
 *   BETA_MEAN  Beta with mean p1 and concentration p2 (alpha = p1 p2,
 *              beta = (1 - p1) p2);
 *   NORMAL     mean p1, standard deviation p2;
 *   UNIFORM    on [p1, p2];
 *   LOGNORMAL  meanlog p1, sdlog p2;  BETA  alpha p1, beta p2;
 *   FIXED      not varied (p1, p2 unused); the source says why.
 * p1 = BILIM_AT_BASE centres FACTOR, BETA_MEAN and NORMAL on the baseline
 * scenario's value (the table default unless a scenario or parameter file
 * sets another). lower/upper truncate; BILIM_AT_BASE there means the
 * parameter's allowed range. */
#ifndef BILIM_PARAM_PRIORS_H
#define BILIM_PARAM_PRIORS_H

#include <math.h>
#include <stddef.h>
#include "models/params.h"
#include "models/prior.h"
#include "models/scenario.h"

/* "The baseline's value" (for a centre) or "the parameter's range" (for a bound). */
#define BILIM_AT_BASE NAN

#define BILIM_A2 "assumption: factor-of-2 lognormal around the default (95% within half to twice it); no estimate found"

#define BILIM_PARAM_PRIOR_TABLE(X) \
    /* --- principals (ODD 7.1) --- */ \
    X(eta_train, FACTOR, BILIM_AT_BASE, 2.5, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial leadership_K (bilim effects, docs/ODD.md 7.4) at 0.10 SD, the large randomised trials; effect about proportional, so a factor of 2.5 spans 0.04 to 0.25 SD, inside the literature's 0 to 0.35 (Liebowitz & Porter 2019; Fryer 2017)") \
    X(eta_train_S, FACTOR, BILIM_AT_BASE, 2.5, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial leadership_S at 0.10 SD (docs/ODD.md 7.4); a factor of 2.5 spans 0.04 to 0.25 SD, inside the literature's 0 to 0.35 (Liebowitz & Porter 2019)") \
    X(eta_univ_K, FACTOR, BILIM_AT_BASE, 3.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: no pooled estimate (Cambridge Handbook of School-University Partnerships 2025); the default puts virtual trial university_principals at 0.05 SD, half of leadership training; a wide factor of 3 (0.017 to 0.15 SD)") \
    X(delta_K, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the rate at which business as usual holds the month-0 mean of K (docs/ODD.md 7.6); factor-of-2 for the programme figures' uncertainty (coverage, dose)") \
    X(eta_exp, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(delta_S, UNIFORM, 0.0, 0.002, 0.0, 0.002, "assumption: between no loss in post (the default: skill leaves with the principal, docs/ODD.md 7.1) and the ODD prior 0.002") \
    X(principal_turnover_annual, BETA_MEAN, BILIM_AT_BASE, 58.0, BILIM_AT_BASE, BILIM_AT_BASE, "Goldring & Taie 2018 (NCES 2016-17 Principal Follow-up Survey): 18% left their school; Beta with concentration 58 (Beta(10.4, 47.6), 95% about 0.09 to 0.29) for the transfer to Kazakhstan's 4-year terms") \
    X(eta_peer_P, FACTOR, BILIM_AT_BASE, 7.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: lognormal with sdlog 1 around the default (95% within a factor of 7); seed 004 says trained principals share knowledge, not how fast") \
    X(tau_O, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(gamma_O_R, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory (more resources, more openness)") \
    X(gamma_O_A, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory") \
    /* --- teachers (ODD 7.1) --- */ \
    X(eta_pd, FACTOR, BILIM_AT_BASE, 1.7, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial pd_knowledge at 0.25 SD, the large-trial figure (Kraft, Blazar & Hogan 2018; Lynch et al. 2025); effect about proportional, so a factor of 1.7 spans 0.15 to 0.43 SD, the literature's bound 0.15 to 0.5 (docs/ODD.md 7.4)") \
    X(eta_univ_k, FACTOR, BILIM_AT_BASE, 3.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: no pooled estimate (Cambridge Handbook 2025, ch. 18); the default puts virtual trial university_knowledge at 0.125 SD, half of PD at scale; a wide factor of 3 (0.04 to 0.375 SD)") \
    X(eta_peer, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(eta_hub, FACTOR, BILIM_AT_BASE, 3.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: no estimate (Leading Schools are unevaluated); the default puts virtual trial hub_knowledge at 0.125 SD per covered teacher, half of PD at scale; a wide factor of 3 (0.04 to 0.375 SD)") \
    X(delta_k, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the rate at which business as usual (91,000 teachers a year in in-service training, Leading Schools) holds the month-0 mean of k (docs/ODD.md 7.6); factor-of-2 for the programme figures' uncertainty") \
    X(tau_m, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(gamma_inc, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial incentives_achievement at +0.043 SD on achievement (Pham, Nguyen & Springer 2021); a factor of 2 spans about 0.02 to 0.09 SD, inside the bound 0 to 0.10 (docs/ODD.md 7.4)") \
    X(gamma_L, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory") \
    X(gamma_R, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory; ODD 7.4 asks to vary it with cost_R") \
    X(incentive_anticipation, UNIFORM, 0.0, 1.0, 0.0, 1.0, "docs/ODD.md 7.4: a prior with no estimate behind it, to be varied over [0, 1] (0 restores the spec)") \
    /* --- turnover (ODD 7.1) --- */ \
    X(attrition_annual, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: factor-of-2 lognormal around 5% a year (2.5% to 10%); no Kazakh figure found (data/kz-schools.json)") \
    X(grad_k_mean, BETA_MEAN, BILIM_AT_BASE, 50.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Beta with the default mean and concentration 50 (sd about 0.07); ODD 7.1 gives the mean only") \
    X(grad_m_shift, NORMAL, BILIM_AT_BASE, 0.05, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around no difference with sd 0.05 (95% within +-0.1 of the school's month-0 mean motivation); no data say new teachers differ") \
    X(grad_kappa, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    /* --- innovation use (ODD 7.2) --- */ \
    X(beta0, NORMAL, BILIM_AT_BASE, 0.5, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around the default with sd 0.5 on the logit scale (95% within +-1 of 0.58, a change of the month-0 mean gate from 0.21 to about 0.09 or 0.42)") \
    X(gate_nu, LOGNORMAL, 0.0, 1.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: lognormal with median 1 and sdlog 1 (95% within 0.14 to 7.1, from near-substitutes to near-weakest-link); the form is argued (complements: seed 002, Kremer 1993), its sharpness is not measured") \
    X(gate_ref_kc, NORMAL, BILIM_AT_BASE, 0.05, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around the month-0 mean (docs/ODD.md 7.2) with sd 0.05: where the balanced school lies is a modelling choice") \
    X(gate_ref_m, NORMAL, BILIM_AT_BASE, 0.05, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around the month-0 mean (docs/ODD.md 7.2) with sd 0.05: where the balanced school lies is a modelling choice") \
    X(gate_ref_L, NORMAL, BILIM_AT_BASE, 0.05, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around the month-0 mean (docs/ODD.md 7.2) with sd 0.05: where the balanced school lies is a modelling choice") \
    X(gate_ref_Rr, NORMAL, BILIM_AT_BASE, 0.05, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Normal around the month-0 mean (docs/ODD.md 7.2) with sd 0.05: where the balanced school lies is a modelling choice") \
    X(beta_k, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory") \
    X(beta_m, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory") \
    X(beta_L, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory") \
    X(beta_R, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; sign from theory; ODD 7.4 asks to vary it with cost_R") \
    X(lambda_c, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(lambda_a, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(lambda_d, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(omega_univ, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(omega_hub, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: a hub doubles a covered teacher's contacts with new practice; virtual trial hub_practice checks it against PD's large-trial bound on instruction (docs/ODD.md 7.4)") \
    X(omega_net, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2) \
    X(omega_plc, FACTOR, BILIM_AT_BASE, 2.2, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial plc_achievement at 0.125 SD on achievement, Lomos et al. 2011's d 0.25 halved by the scale-up rule; a factor of 2.2 spans 0.057 to 0.275 SD, the bound 0.05 to 0.3 (docs/ODD.md 7.4)") \
    X(bass_p_default, FIXED, 0.0, 0.0, 0.0, 0.0, "not varied: it only fills in p for innovations that give none, and every innovation's p (given or filled in) is varied through innovation_p_scale") \
    X(bass_q_default, FIXED, 0.0, 0.0, 0.0, 0.0, "not varied: it only fills in q for innovations that give none, and every innovation's q is varied through innovation_q_scale") \
    /* --- resources (ODD 7.3) --- */ \
    X(cost_R, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the default puts virtual trial funding_dose at +0.0316 SD on achievement per USD 1,000 per pupil a year for 4 years (Jackson & Mackevicius 2023); effect about inversely proportional, so a factor of 2 spans 0.016 to 0.063 SD, inside the bound -0.004 to 0.067 (docs/ODD.md 7.3, 7.4)") \
    X(delta_R, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "derived: the rate at which business as usual (250 billion KZT a year of capital spending) holds the month-0 mean of R (docs/ODD.md 7.6); factor-of-2 for the spending figure's uncertainty") \
    /* --- survey answers (ODD 5) --- */ \
    X(barrier_slope, LOGNORMAL, 2.6390573296152584, 0.14, BILIM_AT_BASE, BILIM_AT_BASE, "single-item reliability 0.45 to 0.69 (Wanous, Reichers & Hudy 1997) over the month-0 spread 0.148 gives 11 to 19 (docs/ODD.md 5): lognormal with median 14 and sdlog 0.14") \
    /* --- month-0 parameters the survey does not identify (ODD 5) --- */ \
    X(init_k_mean_urban, BETA_MEAN, BILIM_AT_BASE, 100.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Beta with the baseline's mean and concentration 100 (sd about 0.05); ODD 5 prior, not identified by the principals' survey") \
    X(init_k_mean_rural, BETA_MEAN, BILIM_AT_BASE, 100.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: Beta with the baseline's mean and concentration 100 (sd about 0.05); ODD 5 prior, not identified by the principals' survey") \
    X(init_k_kappa, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; ODD 5 prior, not identified by the survey") \
    X(init_m_kappa, FACTOR, BILIM_AT_BASE, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, BILIM_A2 "; ODD 5 prior, not identified by the survey") \
    /* --- scenario factors: every innovation's Bass rates (ODD 7.2) --- */ \
    X(innovation_p_scale, FACTOR, 1.0, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: factor-of-2 lognormal multiplier of each innovation's p; the shipped p is the literature average (Sultan, Farley & Lehmann 1990) divided by the month-0 mean gate (docs/ODD.md 7.2), itself an assumption") \
    X(innovation_q_scale, FACTOR, 1.0, 2.0, BILIM_AT_BASE, BILIM_AT_BASE, "assumption: factor-of-2 lognormal multiplier of each innovation's q; the shipped q is the literature average (Sultan, Farley & Lehmann 1990) divided by the month-0 mean gate (docs/ODD.md 7.2), itself an assumption")

/* How a row's numbers are read (see the table's comment). */
typedef enum bilim_prior_spec {
    BILIM_SPEC_FACTOR = 0,
    BILIM_SPEC_BETA_MEAN,
    BILIM_SPEC_NORMAL,
    BILIM_SPEC_UNIFORM,
    BILIM_SPEC_LOGNORMAL,
    BILIM_SPEC_BETA,
    BILIM_SPEC_FIXED,
    BILIM_N_PRIOR_SPECS
} bilim_prior_spec;

/* What a row varies: a parameter of the table, or a scenario factor. */
typedef enum bilim_factor_target {
    BILIM_TARGET_PARAM = 0,
    BILIM_TARGET_INNOVATION_P_SCALE = 1,  /* multiplies every innovation's p */
    BILIM_TARGET_INNOVATION_Q_SCALE = 2,  /* multiplies every innovation's q */
    BILIM_N_TARGETS
} bilim_factor_target;

/* A prior as written: a spec and its numbers, before it is centred on a
 * baseline value and truncated to a range (bilim_param_prior_resolve). */
typedef struct bilim_prior_text {
    bilim_prior_spec spec;
    double p1, p2;
    double lower, upper;       /* NAN: the parameter's range */
} bilim_prior_text;

/* One row of the table. */
typedef struct bilim_param_prior {
    const char *name;
    bilim_prior_text prior;
    const char *source;
} bilim_param_prior;

/* The table, in declaration order. */
const bilim_param_prior *bilim_param_priors_table(size_t *count);

/* The row named name, or NULL. */
const bilim_param_prior *bilim_param_priors_find(const char *name);

/* "factor", "beta_mean", "normal", "uniform", "lognormal", "beta", "fixed";
 * NULL for an unknown spec. bilim_prior_spec_parse is the inverse (-1 when
 * unknown). */
const char *bilim_prior_spec_name(bilim_prior_spec s);
int bilim_prior_spec_parse(const char *name);

/* What `name` varies: a parameter (*param set) or a scenario factor
 * (*param NULL). Returns -1 when the name is neither. */
int bilim_factor_resolve(const char *name, bilim_factor_target *target,
                         const bilim_param_info **param);

/* The allowed range of a target: the parameter's, or (0, 100] for a scale. */
void bilim_factor_range(bilim_factor_target target, const bilim_param_info *param,
                        double *lo, double *hi);

/* The value of a target in sc: the parameter's value, or 1 for a scale
 * (scenarios carry their own rates; a scale of 1 leaves them). */
double bilim_factor_base_value(bilim_factor_target target, const bilim_param_info *param,
                               const bilim_scenario *sc);

/* Turns a written prior into a truncated distribution: centres BILIM_AT_BASE
 * on `centre`, fills unset bounds with [lo, hi] (the target's range) and
 * checks it (bilim_prior_check) and that its bounds lie inside [lo, hi].
 * FIXED is refused (there is nothing to draw). Returns 0, or non-zero with a
 * message in msg (size n). */
int bilim_param_prior_resolve(const bilim_prior_text *t, double centre, double lo, double hi,
                              bilim_prior *out, char *msg, size_t n);

/* Sets target to value in sc: the parameter, or every innovation's p or q
 * multiplied by value (then capped to the scenario loader's bounds). */
void bilim_factor_apply(bilim_factor_target target, const bilim_param_info *param,
                        double value, bilim_scenario *sc);

/* 1 when the parameter group is one of the dynamic and effect groups every
 * parameter of which must have a row (principal, teacher, turnover,
 * diffusion, resources). */
int bilim_param_priors_group_required(const char *group);

#endif
