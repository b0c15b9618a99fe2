/* formats/scenario_fields.c: every key a scenario file may hold, as tables.
 *
 * One row per key: kind, where it goes, bounds, enum names, whether it is
 * required, and a one-line description. The loader validates with these
 * rows and the schema generator (formats/scenario_schema.c) writes
 * scenarios/schema.json from them, so a bound changed here changes both.
 * Parameter names are not here: they come from the parameter table
 * (models/params.h). Defaults come from bilim_scenario_defaults() and
 * bilim_intervention_defaults(). */
#include "formats/scenario_internal.h"
#include "formats/sweep.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The enum-valued fields are written as int32_t. */
_Static_assert(sizeof(bilim_order) == sizeof(int32_t), "enum size");
_Static_assert(sizeof(bilim_need) == sizeof(int32_t), "enum size");
_Static_assert(sizeof(bilim_allocation) == sizeof(int32_t), "enum size");

const char *const bilim__scenario_names_iv_type[] = {
    "leadership_training", "teacher_incentives", "resource_funding",
    "university_partnership", "innovation_hub", "professional_development",
    "teacher_pipeline", "teacher_salary", "practicum", NULL};
const char *const bilim__scenario_names_locality[] = {"any", "urban", "rural", NULL};
const char *const bilim__scenario_names_small_class[] = {"any", "exclude", "only", NULL};
const char *const bilim__scenario_names_band[] = {"any", "low", "intermediate", "high", NULL};
const char *const bilim__scenario_names_order[] = {"random", "need", "strongest", "rural_first", NULL};
const char *const bilim__scenario_names_need[] = {"resources", "readiness", "knowledge", "motivation", NULL};
const char *const bilim__scenario_names_allocation[] = {"equal", "per_teacher", "need", "rural_first", "per_capita", NULL};


/* --- top level ---------------------------------------------------------------- */

static const bilim_field top_rows[] = {
    BILIM_ROW_CUSTOM("$schema", 0, "Path or URL of scenarios/schema.json, for editors; ignored by bilim."),
    BILIM_ROW_IDENT("name", bilim_scenario, name, 1, "The scenario's name, used in outputs and comparisons. Required in every file."),
    BILIM_ROW_CUSTOM("title", 0, "A human name for reports and tables, any language (UTF-8), at most 120 characters on one line; default: the name. Not inherited through extends."),
    BILIM_ROW_CUSTOM("description", 0, "What the scenario represents, with the sources of its numbers."),
    BILIM_ROW_CUSTOM("notes", 0, "Free text (a string or an array of strings): sources, assumptions, caveats."),
    BILIM_ROW_CUSTOM("extends", 0, "A scenario file (relative to this one) to start from; this file overrides it."),
    BILIM_ROW_CUSTOM("parameter_file", 0, "A parameter file (relative to this one) applied before \"parameters\"."),
    BILIM_ROW_CUSTOM("start_date", 0, "Calendar date of month 0, \"YYYY-MM\" (default \"2026-09\", the start of the 2026/27 school year)."),
    BILIM_ROW_CUSTOM("history_from", 0, "Runs a history from this date \"YYYY-MM\" to start_date before month 0, with only the business_as_usual interventions (default: none; a parameter file of a calibration with a history sets it)."),
    BILIM_ROW_CUSTOM("seed", 0, "Random seed: an integer from 0 to 18446744073709551615."),
    BILIM_ROW_INT("replicates", bilim_scenario, replicates, 1, 100000, 0, "Replicates to run (each a different random draw of the same scenario)."),
    BILIM_ROW_INT("months", bilim_scenario, months, 1, BILIM_MAX_MONTHS, 0, "Horizon in months: months 0 to months are observed."),
    BILIM_ROW_CUSTOM("population", 0, "Schools: a preset (\"kz-national\") or explicit regions."),
    BILIM_ROW_CUSTOM("innovations", 0, "The innovations whose spread is simulated (replaces the parent's list)."),
    BILIM_ROW_CUSTOM("parameters", 0, "Overrides of model parameters by name (see docs/parameters.md)."),
    BILIM_ROW_CUSTOM("groups", 0, "Named target groups shared by interventions (\"the same schools\"): {\"name\": {target fields}}; an intervention joins one with \"target\": {\"group\": \"name\"}."),
    BILIM_ROW_CUSTOM("interventions", 0, "Policy interventions (replaces the parent's list)."),
    BILIM_ROW_CUSTOM("append_interventions", 0, "Interventions added after the parent's (only with \"extends\")."),
    BILIM_ROW_CUSTOM("package", 0, "This scenario as a package: its total budget_kzt, checked against the budget caps of its parts (default: the interventions this file adds). Not inherited through extends."),
    BILIM_ROW_CUSTOM("outputs", 0, "What to record: series by locality and region, virtual surveys."),
    BILIM_ROW_CUSTOM("sweep", 0, "For bilim compare: run this option at several levels of one intervention's field (docs/compare.md); read from the option's own file, ignored by other commands."),
    BILIM_ROW_CUSTOM("uncertainty", 0, "For bilim compare --draws: posterior_file, fix, priors (docs/compare.md); read from the baseline's file, ignored by other commands."),
};
const bilim_field_table bilim__scenario_top = BILIM_TABLE("scenario", top_rows);

/* --- population --------------------------------------------------------------- */

static const bilim_field population_rows[] = {
    BILIM_ROW_CUSTOM("preset", 0, "A shipped population: \"kz-national\" (7,687 schools, data/kz-schools.json)."),
    BILIM_ROW_CUSTOM("regions", 0, "Explicit regions, each with school counts or a total and shares."),
    BILIM_ROW_CUSTOM("teachers_per_school", 0, "Teachers per school by size class (default: kz-national's)."),
};
const bilim_field_table bilim__scenario_population = BILIM_TABLE("population", population_rows);

static const bilim_field region_count_rows[] = {
    BILIM_ROW_CUSTOM("name", 1, "Region name: letters, digits, spaces, '_', '-', '.', apostrophes; unique."),
    BILIM_ROW_INT("urban", bilim_region, urban, 0, SL_MAX_SCHOOLS, 1, "Urban schools."),
    BILIM_ROW_INT("rural", bilim_region, rural, 0, SL_MAX_SCHOOLS, 1, "Rural schools, small-class schools included."),
    BILIM_ROW_INT("small_class", bilim_region, small_class, 0, SL_MAX_SCHOOLS, 0, "Rural small-class schools (at most rural; default 0)."),
};
const bilim_field_table bilim__scenario_region_counts = BILIM_TABLE("region_counts", region_count_rows);

static const bilim_field region_share_rows[] = {
    BILIM_ROW_CUSTOM("name", 1, "Region name: letters, digits, spaces, '_', '-', '.', apostrophes; unique."),
    BILIM_ROW_INT("schools", sl_region_share, schools, 1, SL_MAX_SCHOOLS, 1, "All schools of the region."),
    BILIM_ROW_REAL("rural_share", sl_region_share, rural_share, 0, 1, 1, "Share of the schools that are rural."),
    BILIM_ROW_REAL("small_class_share", sl_region_share, small_class_share, 0, 1, 0, "Share of all the region's schools that are small-class (rural); at most rural_share; default 0."),
};
const bilim_field_table bilim__scenario_region_shares = BILIM_TABLE("region_shares", region_share_rows);

static const bilim_field teachers_rows[] = {
    BILIM_ROW_CUSTOM("urban", 0, "Urban schools."),
    BILIM_ROW_CUSTOM("rural_regular", 0, "Rural schools that are not small-class."),
    BILIM_ROW_CUSTOM("small_class", 0, "Rural small-class schools."),
    BILIM_ROW_INT("min", bilim_population, teachers_min, 1, 1000, 0, "Fewest teachers a school can have."),
};
const bilim_field_table bilim__scenario_teachers = BILIM_TABLE("teachers_per_school", teachers_rows);

static const bilim_field teacher_class_rows[] = {
    BILIM_ROW_REAL("mean", sl_tclass, mean, 1, 1000, 0, "Mean teachers per school (lognormal)."),
    BILIM_ROW_REAL("sigma", sl_tclass, sigma, 0, 2, 0, "Log-scale standard deviation."),
};
const bilim_field_table bilim__scenario_teacher_classes = BILIM_TABLE("teacher_class", teacher_class_rows);

/* --- innovations -------------------------------------------------------------- */

static const bilim_field innovation_rows[] = {
    BILIM_ROW_IDENT("name", bilim_innovation, name, 1, "Innovation name (unique)."),
    BILIM_ROW_REAL("complexity", bilim_innovation, complexity, 0, 1, 1, "c_j: knowledge the readiness gate asks for (ODD 7.2)."),
    BILIM_ROW_REAL("resource_need", bilim_innovation, resource_need, 0, 1, 1, "r_j: resources the readiness gate asks for (ODD 7.2)."),
    BILIM_ROW_REAL_PARAM("p", bilim_innovation, p, "bass_p_default", "Bass external rate, 1/month (default: parameter bass_p_default)."),
    BILIM_ROW_REAL_PARAM("q", bilim_innovation, q, "bass_q_default", "Bass imitation rate, 1/month (default: parameter bass_q_default)."),
    BILIM_ROW_REAL("initial_trial", bilim_innovation, initial_trial, 0, 1, 0, "Share of teachers in trial use at month 0 (default 0)."),
    BILIM_ROW_REAL("initial_routine", bilim_innovation, initial_routine, 0, 1, 0, "Share of teachers in routine use at month 0 (default 0)."),
};
const bilim_field_table bilim__scenario_innovation = BILIM_TABLE("innovation", innovation_rows);

/* --- interventions -------------------------------------------------------------- */

static const bilim_field iv_common_rows[] = {
    BILIM_ROW_CUSTOM("type", 1, "What the intervention does (ODD 7.4)."),
    BILIM_ROW_IDENT("name", bilim_intervention, name, 0, "Unique name (default: the type)."),
    BILIM_ROW_CUSTOM("start_month", 0, "First month it acts: a month number (0 = the first step) or a date \"YYYY-MM\" from start_date on; before the horizon."),
    BILIM_ROW_INT("duration_months", bilim_intervention, duration_months, 1, BILIM_MAX_MONTHS, 0, "Months it enrols and pays (may run past the horizon)."),
    BILIM_ROW_CUSTOM("target", 0, "Which schools it may reach and in what order (default: all, random order)."),
    BILIM_ROW_REAL("intensity", bilim_intervention, intensity, 0, 1, 0, "Implementation fidelity: multiplies the effect, never the cost (default 1)."),
    BILIM_ROW_REAL("unit_cost_kzt", bilim_intervention, unit_cost_kzt, 0, 1e12, 1, "Cost of one unit in KZT; the unit depends on the type (docs/scenarios.md)."),
    BILIM_ROW_REAL("budget_kzt", bilim_intervention, budget_kzt, 0, 1e15, 0, "Cap on total spending in KZT; 0 = no cap (default)."),
    BILIM_ROW_BOOL("business_as_usual", bilim_intervention, business_as_usual, "true: an existing programme that also runs through a history before month 0 (start_month 0 only; default false)."),
};
const bilim_field_table bilim__scenario_iv_common = BILIM_TABLE("intervention", iv_common_rows);

static const bilim_field leadership_rows[] = {
    BILIM_ROW_INT("program_months", bilim_intervention, u.leadership.program_months, 1, 120, 0, "Months each principal is trained."),
    BILIM_ROW_INT("cohort_size", bilim_intervention, u.leadership.cohort_size, 1, SL_MAX_SCHOOLS, 0, "Principals per cohort."),
    BILIM_ROW_INT("cohort_interval", bilim_intervention, u.leadership.cohort_interval, 1, BILIM_MAX_MONTHS, 0, "Months between cohort starts."),
    BILIM_ROW_REAL("completion_prob", bilim_intervention, u.leadership.completion_prob, 0, 1, 0, "Share of principals who complete; the others stop halfway."),
    BILIM_ROW_INT("cohort_calendar_month", bilim_intervention, u.leadership.cohort_calendar_month, 0, 12, 0, "Calendar month (1-12) cohorts start in, from start_month on (default 6, June); 0 = at start_month."),
    BILIM_ROW_INT("modules", bilim_intervention, u.leadership.modules, 1, 12, 0, "Modules program_months is split into (default 1)."),
    BILIM_ROW_INT("project_months", bilim_intervention, u.leadership.project_months, 0, 24, 0, "Months of school project between modules (default 0)."),
    BILIM_ROW_INT("refresher_after", bilim_intervention, u.leadership.refresher_after, 0, 120, 0, "Months after completion of a refresher module; 0 = none (default)."),
};
static const bilim_field incentives_rows[] = {
    BILIM_ROW_REAL("share_of_salary", bilim_intervention, u.incentives.share_of_salary, 0, 2, 0, "Monthly bonus as a share of salary_kzt."),
    BILIM_ROW_BOOL("conditional", bilim_intervention, u.incentives.conditional, "true: paid only to teachers in routine use of an innovation."),
    BILIM_ROW_INT("retarget_months", bilim_intervention, u.incentives.retarget_months, 0, BILIM_MAX_MONTHS, 0, "Adaptive: the target order is redrawn on the current state every this many months; 0 = never (default)."),
};
static const bilim_field funding_rows[] = {
    BILIM_ROW_ENUM("allocation", bilim_intervention, u.funding.allocation, bilim__scenario_names_allocation, 0, "One-off grants: equal, per_teacher, need (lowest R first) or rural_first; or per_capita, a recurrent monthly formula."),
    BILIM_ROW_REAL("equalising", bilim_intervention, u.funding.equalising, 0, 10, 0, "per_capita only: weight of the resource gap, w = max(0, 1 + equalising (mean R - R)) (default 0)."),
};
static const bilim_field partnership_rows[] = {
    BILIM_ROW_INT("universities", bilim_intervention, u.partnership.universities, 1, 1000, 0, "Partner universities."),
    BILIM_ROW_INT("capacity", bilim_intervention, u.partnership.capacity, 1, 100000, 0, "Schools each university supports."),
    BILIM_ROW_REAL("quality", bilim_intervention, u.partnership.quality, 0, 1, 0, "Q_u, the partners' quality."),
    BILIM_ROW_REAL_OPEN("language_factor", bilim_intervention, u.partnership.language_factor, 0, 1, 1, 0, 0, "Scales Q_u (below 1 for a language barrier, seed 000)."),
};
static const bilim_field hub_rows[] = {
    BILIM_ROW_INT("hubs", bilim_intervention, u.hub.hubs, 1, 100000, 0, "Hub schools, taken in target order."),
    BILIM_ROW_INT("partners", bilim_intervention, u.hub.partners, 0, 100, 0, "Schools of its cluster each hub serves besides itself (default 3, the Leading Schools ratio)."),
    BILIM_ROW_REAL("partner_cost_kzt", bilim_intervention, u.hub.partner_cost_kzt, 0, 1e9, 0, "Receiving schools' staff time, KZT per partner school-month (default 40000)."),
};
static const bilim_field pd_rows[] = {
    BILIM_ROW_INT("program_months", bilim_intervention, u.pd.program_months, 1, 120, 0, "Months each cohort is trained."),
    BILIM_ROW_INT("cohort_size", bilim_intervention, u.pd.cohort_size, 0, 10000000, 0, "Teachers per cohort; 0 = no cap."),
    BILIM_ROW_INT("cohort_interval", bilim_intervention, u.pd.cohort_interval, 1, BILIM_MAX_MONTHS, 0, "Months between cohort starts."),
    BILIM_ROW_BOOL("plc", bilim_intervention, u.pd.plc, "true: enrolled schools run a professional learning community."),
    BILIM_ROW_INT("plc_months", bilim_intervention, u.pd.plc_months, 0, 120, 0, "Months the learning community lasts after the programme."),
    BILIM_ROW_INT("cohort_calendar_month", bilim_intervention, u.pd.cohort_calendar_month, 0, 12, 0, "Calendar month (1-12) cohorts start in, from start_month on (default 6, June); 0 = at start_month."),
};
static const bilim_field pipeline_rows[] = {
    BILIM_ROW_REAL("k_boost", bilim_intervention, u.pipeline.k_boost, 0, 1, 0, "Added to grad_k_mean for pipeline hires."),
    BILIM_ROW_REAL("m_boost", bilim_intervention, u.pipeline.m_boost, 0, 1, 0, "Added to a pipeline hire's mean motivation (the school's M_s + grad_m_shift)."),
};

static const bilim_field salary_rows[] = {
    BILIM_ROW_REAL("salary_rise", bilim_intervention, u.salary.salary_rise, -0.5, 2, 0, "Permanent change of the target schools' teacher salary, as a share of salary_kzt (default 0.1)."),
};

static const bilim_field practicum_rows[] = {
    BILIM_ROW_INT("students", bilim_intervention, u.practicum.students, 1, 50, 0, "University students placed in each school per round (default 2)."),
    BILIM_ROW_INT("term_months", bilim_intervention, u.practicum.term_months, 1, 12, 0, "Months a placement lasts (default 4, a term)."),
    BILIM_ROW_INT("cohort_interval", bilim_intervention, u.practicum.cohort_interval, 1, BILIM_MAX_MONTHS, 0, "Months between placement rounds (default 12)."),
    BILIM_ROW_INT("cohort_calendar_month", bilim_intervention, u.practicum.cohort_calendar_month, 0, 12, 0, "Calendar month (1-12) rounds start in (default 9, September); 0 = at start_month."),
};

const bilim_field_table bilim__scenario_iv_types[BILIM_N_IV_TYPES] = {
    BILIM_TABLE("leadership_training", leadership_rows),
    BILIM_TABLE("teacher_incentives", incentives_rows),
    BILIM_TABLE("resource_funding", funding_rows),
    BILIM_TABLE("university_partnership", partnership_rows),
    BILIM_TABLE("innovation_hub", hub_rows),
    BILIM_TABLE("professional_development", pd_rows),
    BILIM_TABLE("teacher_pipeline", pipeline_rows),
    BILIM_TABLE("teacher_salary", salary_rows),
    BILIM_TABLE("practicum", practicum_rows),
};

static const bilim_field target_rows[] = {
    BILIM_ROW_ENUM("locality", bilim_target, locality, bilim__scenario_names_locality, -1, "any, urban or rural schools."),
    BILIM_ROW_CUSTOM("regions", 0, "Only schools of these regions (names from the population)."),
    BILIM_ROW_ENUM("small_class", bilim_target, small_class, bilim__scenario_names_small_class, -1, "any, exclude (regular schools only) or only (small-class schools only)."),
    BILIM_ROW_ENUM("readiness_band", bilim_target, band, bilim__scenario_names_band, -1, "Only schools whose principal is in this readiness band."),
    BILIM_ROW_REAL_OPEN("resources_below", bilim_target, resources_below, 0, 1, 1, 0, 0, "Only schools with resources R below this (default: no filter)."),
    BILIM_ROW_REAL_OPEN("fraction", bilim_target, fraction, 0, 1, 1, 0, 0, "Random share of the eligible schools kept (default 1)."),
    BILIM_ROW_ENUM("order", bilim_target, order, bilim__scenario_names_order, 0, "Order schools are taken in until count, capacity or budget runs out."),
    BILIM_ROW_ENUM("need", bilim_target, need, bilim__scenario_names_need, 0, "The measure need, strongest and rural_first order by."),
    BILIM_ROW_INT("max_schools", bilim_target, max_schools, 0, SL_MAX_SCHOOLS, 0, "At most this many schools; 0 = no cap."),
    BILIM_ROW_CUSTOM("group", 0, "A named group of the top-level \"groups\": the group's schools, in the group's order, shared with its other members; no other target field beside it."),
};
const bilim_field_table bilim__scenario_target = BILIM_TABLE("target", target_rows);

/* --- packages --------------------------------------------------------------------- */

static const bilim_field package_rows[] = {
    BILIM_ROW_REAL("budget_kzt", bilim_package, budget_kzt, 1, 1e15, 1, "The package's total budget in KZT; its parts' budget_kzt must add up to it within 0.1%."),
    BILIM_ROW_CUSTOM("parts", 0, "Names of the interventions that make up the package (default: those this file adds: its append_interventions, or its interventions)."),
};
const bilim_field_table bilim__scenario_package = BILIM_TABLE("package", package_rows);

/* --- sweeps ----------------------------------------------------------------------- */

const char *const bilim__scenario_names_scale[] = {"linear", "log", NULL};

static const bilim_field sweep_rows[] = {
    BILIM_ROW_IDENT("intervention", bilim_sweep, intervention, 1, "The name of the intervention whose field is swept."),
    BILIM_ROW_CUSTOM("field", 1, "A numeric key of that intervention: budget_kzt, intensity, unit_cost_kzt, or one of its type's (hubs, cohort_size, ...)."),
    BILIM_ROW_REAL("from", bilim_sweep, from, -1e15, 1e15, 1, "The first level (within the field's range)."),
    BILIM_ROW_REAL("to", bilim_sweep, to, -1e15, 1e15, 1, "The last level (within the field's range)."),
    BILIM_ROW_INT("steps", bilim_sweep, steps, 2, BILIM_SWEEP_MAX_STEPS, 1, "Levels, from and to included."),
    BILIM_ROW_ENUM("scale", bilim_sweep, scale, bilim__scenario_names_scale, 0, "linear (equal steps) or log (equal ratios; from and to above 0)."),
};
const bilim_field_table bilim__scenario_sweep = BILIM_TABLE("sweep", sweep_rows);

/* --- outputs and parameter files ----------------------------------------------------- */

static const bilim_field outputs_rows[] = {
    BILIM_ROW_BOOL("by_locality", bilim_outputs, by_locality, "Record urban and rural series (default true)."),
    BILIM_ROW_BOOL("by_region", bilim_outputs, by_region, "Record per-region series (default false)."),
    BILIM_ROW_CUSTOM("survey_months", 0, "Months of the virtual surveys, increasing, within the horizon."),
    BILIM_ROW_INT("survey_n", bilim_outputs, survey_n, 1, 100000, 0, "Principals per virtual survey (default 116, as the 2026 survey)."),
    BILIM_ROW_CUSTOM("survey_rural_share", 0, "Rural share of the survey sample, or \"population\" (default)."),
};
const bilim_field_table bilim__scenario_outputs = BILIM_TABLE("outputs", outputs_rows);

static const bilim_field param_file_rows[] = {
    BILIM_ROW_CUSTOM("description", 0, "What these values are."),
    BILIM_ROW_CUSTOM("source", 0, "Where they come from (a calibration run, a paper)."),
    BILIM_ROW_CUSTOM("notes", 0, "Free text: a string or an array of strings."),
    BILIM_ROW_CUSTOM("parameters", 1, "Parameter values by name."),
    BILIM_ROW_CUSTOM("history_from", 0, "Written by a calibration with a history: the values describe this date \"YYYY-MM\", and scenarios run the history from it to start_date."),
};
const bilim_field_table bilim__scenario_param_file = BILIM_TABLE("parameter_file", param_file_rows);
