/* analysis/effects_trials.c: the virtual trials and factorials of
 * analysis/effects.h, as data: each row is a study design, the literature's
 * figure (data/effect-sizes.json) and the bound a shipped default must stay
 * in. docs/ODD.md 7.4 derives every target and parameter. */
#include "analysis/effects.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NONE NAN

/* Sources, as in data/effect-sizes.json. */
#define SRC_LEAD "Liebowitz & Porter 2019, RER 89(5); Fryer 2017, NBER w23437; IES/Mathematica 2020 CEL RCT"
#define SRC_PD "Kraft, Blazar & Hogan 2018, RER 88(4); Lynch, Gonzalez, Hill & Merritt 2025, AERA Open"
#define SRC_PLC "Lomos, Hofman & Bosker 2011, SESI 22(2); scale-up rule of Kraft et al. 2018"
#define SRC_INC "Pham, Nguyen & Springer 2021, AERJ (37 studies)"
#define SRC_FUND "Jackson & Mackevicius, AEJ: Applied (31 causal US studies); Cristia et al. 2017 (OLPC Peru)"
#define SRC_UNIV "none pooled: Cambridge Handbook of School-University Partnerships 2025, ch. 18"
#define SRC_HUB "none pooled; Kazakhstan's Leading Schools network is the national analogue"

static const bilim_effects_trial trials[] = {
    {"leadership_K", BILIM_IV_LEADERSHIP_TRAINING,
     "half the principals (random by school) trained 6 months from month 0, 85% complete; "
     "intention to treat on the principal in post at month 12",
     12, BILIM_UNIT_K, BILIM_EFFECTS_SD_MONTH0, 0, 0.10, 0.0, 0.35,
     "0.1 to 0.35 SD on principals' practice, often null in randomised trials; "
     "target 0.10, the large randomised trials' year-1 figure",
     SRC_LEAD, "eta_train", 0},
    {"leadership_S", BILIM_IV_LEADERSHIP_TRAINING,
     "as leadership_K; outcome managerial skill S", 12, BILIM_UNIT_S, BILIM_EFFECTS_SD_MONTH0, 0,
     0.10, 0.0, 0.35, "as leadership_K", SRC_LEAD, "eta_train_S", 0},
    {"leadership_K_year2", BILIM_IV_LEADERSHIP_TRAINING,
     "as leadership_K, measured at month 24 (turnover replaces trained principals)", 24,
     BILIM_UNIT_K, BILIM_EFFECTS_SD_MONTH0, 0, NONE, 0.0, 0.35,
     "fades: Houston's year-1 gains were null in year 2 as trained principals left", SRC_LEAD,
     "", 0},
    {"pd_knowledge", BILIM_IV_PROFESSIONAL_DEVELOPMENT,
     "the teachers of half the schools (random by school) in a 6-month programme from month 0, "
     "no learning community; all teachers in post at month 12",
     12, BILIM_UNIT_k, BILIM_EFFECTS_SD_MONTH0, 0, 0.25, 0.15, 0.5,
     "0.49 SD on instruction and knowledge, about half in trials of 100+ teachers; "
     "target 0.25, the large-trial figure",
     SRC_PD, "eta_pd", 0},
    {"pd_practice", BILIM_IV_PROFESSIONAL_DEVELOPMENT, "as pd_knowledge; outcome practice", 12,
     BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 0, NONE, 0.15, 0.5,
     "as pd_knowledge (instruction): a check, knowledge sets eta_pd; the model falls below "
     "the bound (knowledge reaches practice only through the readiness gate and the adoption "
     "hazards, docs/ODD.md 7.4)", SRC_PD, "", -1},
    {"plc_achievement", BILIM_IV_PROFESSIONAL_DEVELOPMENT,
     "half the schools: the 6-month programme then a 12-month learning community, against the "
     "programme alone; practice at month 18 as achievement",
     18, BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 1, 0.125, 0.05, 0.3,
     "d 0.25 on achievement (correlational); target 0.125 after the scale-up rule", SRC_PLC,
     "omega_plc", 0},
    {"incentives_achievement", BILIM_IV_TEACHER_INCENTIVES,
     "half the schools: 10% of salary a month to each teacher in routine use, 36 months (the "
     "pooled studies run one to three years), announced to all; practice at month 36 as "
     "achievement",
     36, BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 1, 0.043, 0.0, 0.1,
     "pay for performance +0.043 SD on achievement (pooled, mostly large field trials)", SRC_INC,
     "gamma_inc", 0},
    {"incentives_motivation", BILIM_IV_TEACHER_INCENTIVES,
     "as incentives_achievement; outcome motivation m", 36, BILIM_UNIT_m, BILIM_EFFECTS_SD_MONTH0,
     0, NONE, NONE, NONE, "no estimate: the motivation the achievement figure implies", SRC_INC,
     "", 0},
    {"funding_dose", BILIM_IV_RESOURCE_FUNDING,
     "half the schools: USD 1,000 per pupil a year (4.8M KZT per teacher) for 48 months; "
     "practice at month 48 as achievement",
     48, BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 1, 0.0316, -0.004, 0.067,
     "+0.0316 SD on achievement per dose (USD 1,000 per pupil a year for 4 years)", SRC_FUND,
     "cost_R", 0},
    {"funding_resources", BILIM_IV_RESOURCE_FUNDING,
     "as funding_dose; outcome the school's resources R", 48, BILIM_UNIT_R,
     BILIM_EFFECTS_SD_MONTH0, 0, NONE, NONE, NONE,
     "no estimate: the material base the achievement figure implies", SRC_FUND, "", 0},
    {"funding_one_year", BILIM_IV_RESOURCE_FUNDING,
     "half the schools: one year of the dose (4.8M KZT per teacher over 12 months); "
     "practice at month 12 as achievement",
     12, BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 1, NONE, NONE, NONE,
     "equipment alone, without training: about nothing (OLPC Peru)", SRC_FUND, "", 0},
    {"university_knowledge", BILIM_IV_UNIVERSITY_PARTNERSHIP,
     "half the schools partnered with a university (quality 0.6) for 12 months, each at full "
     "support (no university serves more than univ_span schools); teachers at month 12",
     12, BILIM_UNIT_k, BILIM_EFFECTS_SD_MONTH0, 0, 0.125, 0.0, 0.25,
     "no credible pooled estimate; assumed half of PD's large-trial figure, at most all of it",
     SRC_UNIV, "eta_univ_k", 0},
    {"university_principals", BILIM_IV_UNIVERSITY_PARTNERSHIP,
     "as university_knowledge; outcome the principal's K", 12, BILIM_UNIT_K,
     BILIM_EFFECTS_SD_MONTH0, 0, 0.05, 0.0, 0.10,
     "no estimate; assumed half of leadership training's figure, at most all of it", SRC_UNIV,
     "eta_univ_K", 0},
    {"university_practice", BILIM_IV_UNIVERSITY_PARTNERSHIP,
     "as university_knowledge; outcome practice", 12, BILIM_UNIT_PRACTICE,
     BILIM_EFFECTS_SD_COMPARISON, 0, NONE, 0.0, 0.25,
     "no estimate: a check, at most PD's large-trial figure on instruction (omega_univ 1 "
     "assumes a partner doubles a teacher's contacts with new practice)",
     SRC_UNIV, "", 0},
    {"hub_knowledge", BILIM_IV_INNOVATION_HUB,
     "hubs at 5% of schools (random) for 12 months; every teacher of a hub and of the partner "
     "schools it serves at month 12",
     12, BILIM_UNIT_k, BILIM_EFFECTS_SD_MONTH0, 0, 0.125, 0.0, 0.25,
     "no estimate; assumed half of PD's large-trial figure per covered teacher, at most all of it",
     SRC_HUB, "eta_hub", 0},
    {"hub_practice", BILIM_IV_INNOVATION_HUB, "as hub_knowledge; outcome practice", 12,
     BILIM_UNIT_PRACTICE, BILIM_EFFECTS_SD_COMPARISON, 0, NONE, 0.0, 0.25,
     "no estimate: a check, at most PD's large-trial figure on instruction (omega_hub 1 "
     "assumes a hub doubles a covered teacher's contacts with new practice)",
     SRC_HUB, "", 0},
    {"pipeline_knowledge", BILIM_IV_TEACHER_PIPELINE,
     "half the schools hire every replacement through the pipeline (k +0.1, m +0.15) for 12 "
     "months; all teachers at month 12",
     12, BILIM_UNIT_k, BILIM_EFFECTS_SD_MONTH0, 0, NONE, NONE, NONE,
     "no estimate; the hires' boosts are the scenario's (k_boost, m_boost)", "none", "", 0},
};

static const bilim_effects_pair pairs[] = {
    {"leadership x funding", "leadership_K", "funding_dose", 24},
    {"PD x leadership", "pd_knowledge", "leadership_K", 24},
};

const bilim_effects_trial *bilim_effects_trials(int *n)
{
    *n = (int)(sizeof trials / sizeof trials[0]);
    return trials;
}

const bilim_effects_pair *bilim_effects_pairs(int *n)
{
    *n = (int)(sizeof pairs / sizeof pairs[0]);
    return pairs;
}

const bilim_effects_trial *bilim_effects_find(const char *name)
{
    for (size_t i = 0; i < sizeof trials / sizeof trials[0]; i++)
        if (strcmp(trials[i].name, name) == 0)
            return &trials[i];
    return NULL;
}

double bilim_effects_achievement(double practice_sd)
{
    return practice_sd * BILIM_EFFECTS_ACHIEVEMENT_PER_PRACTICE;
}

/* The programme of arm A, before the comparison is derived from it. */
static void treatment(const bilim_effects_trial *t, bilim_intervention *iv)
{
    bilim_intervention_defaults(iv, t->type);
    snprintf(iv->name, sizeof iv->name, "trial_%s", t->name);
    iv->start_month = 0;
    iv->duration_months = 12;
    iv->target = bilim_target_all();
    iv->target.fraction = 0.5;
    iv->intensity = 1.0;
    iv->unit_cost_kzt = 0.0;
    iv->budget_kzt = 0.0;
    switch (t->type) {
    case BILIM_IV_LEADERSHIP_TRAINING:
        iv->duration_months = 1;
        iv->u.leadership.program_months = 6;
        iv->u.leadership.cohort_size = 0;
        iv->u.leadership.cohort_interval = 0;
        iv->u.leadership.completion_prob = 0.85;
        iv->u.leadership.cohort_calendar_month = 0;  /* the study treats from month 0 */
        break;
    case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
        iv->duration_months = 1;
        iv->u.pd.program_months = 6;
        iv->u.pd.cohort_size = 0;
        iv->u.pd.cohort_interval = 0;
        iv->u.pd.plc = strcmp(t->name, "plc_achievement") == 0;
        iv->u.pd.plc_months = 12;
        iv->u.pd.cohort_calendar_month = 0;  /* the study treats from month 0 */
        break;
    case BILIM_IV_TEACHER_INCENTIVES:
        iv->duration_months = t->month;
        iv->u.incentives.share_of_salary = 0.1;
        iv->u.incentives.conditional = 1;
        break;
    case BILIM_IV_RESOURCE_FUNDING:
        iv->u.funding.allocation = BILIM_ALLOC_PER_TEACHER;
        /* USD 1,000 per pupil a year: 9.6 pupils per teacher at 500 KZT per
         * USD is 4.8 million KZT per teacher a year (docs/ODD.md 7.3). */
        iv->duration_months = t->month >= 48 ? 48 : 12;
        iv->unit_cost_kzt = 4.8e6 * iv->duration_months / 12.0;
        break;
    case BILIM_IV_UNIVERSITY_PARTNERSHIP:
        /* One university per school: each school gets full support, so the
         * trial measures eta_univ_* whatever the sample's size (with one
         * university the capacity rule min(1, univ_span/n) would shrink the
         * effect as the sample grows). */
        iv->u.partnership.universities = 1000000;
        iv->u.partnership.capacity = 1;
        iv->u.partnership.quality = 0.6;
        iv->u.partnership.language_factor = 1.0;
        break;
    case BILIM_IV_INNOVATION_HUB:
        iv->target.fraction = 0.05;
        iv->target.order = BILIM_ORDER_RANDOM;
        iv->u.hub.hubs = 1000000;
        break;
    case BILIM_IV_TEACHER_PIPELINE:
        iv->u.pipeline.k_boost = 0.1;
        iv->u.pipeline.m_boost = 0.15;
        break;
    default:
        break;
    }
}

void bilim_effects_design(const bilim_effects_trial *t, bilim_intervention *treat,
                          bilim_intervention *comparison)
{
    treatment(t, treat);
    *comparison = *treat;
    if (t->type == BILIM_IV_PROFESSIONAL_DEVELOPMENT && treat->u.pd.plc)
        comparison->u.pd.plc = 0;  /* the learning community against the programme alone */
    else
        comparison->intensity = 0.0;  /* the baseline, bit for bit, with the same draws */
}
