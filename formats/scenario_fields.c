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
    "teacher_pipeline", NULL};
const char *const bilim__scenario_names_locality[] = {"any", "urban", "rural", NULL};
const char *const bilim__scenario_names_small_class[] = {"any", "exclude", "only", NULL};
const char *const bilim__scenario_names_band[] = {"any", "low", "intermediate", "high", NULL};
const char *const bilim__scenario_names_order[] = {"random", "need", "strongest", "rural_first", NULL};
const char *const bilim__scenario_names_need[] = {"resources", "readiness", "knowledge", "motivation", NULL};
const char *const bilim__scenario_names_allocation[] = {"equal", "per_teacher", "need", "rural_first", NULL};

#define CUSTOM(key, req, doc) {key, SL_CUSTOM, 0, 0, 0, 0, 0, NULL, NULL, 0, req, doc}
#define INT(key, T, m, lo, hi, req, doc) {key, SL_INT, offsetof(T, m), lo, hi, 0, 0, NULL, NULL, 0, req, doc}
#define REAL(key, T, m, lo, hi, req, doc) {key, SL_REAL, offsetof(T, m), lo, hi, 0, 0, NULL, NULL, 0, req, doc}
#define REAL_OPEN_LO(key, T, m, lo, hi, doc) {key, SL_REAL, offsetof(T, m), lo, hi, 1, 0, NULL, NULL, 0, 0, doc}
#define REAL_PARAM(key, T, m, param, doc) {key, SL_REAL, offsetof(T, m), 0, 0, 0, 0, param, NULL, 0, 0, doc}
#define BOOL(key, T, m, doc) {key, SL_BOOL, offsetof(T, m), 0, 1, 0, 0, NULL, NULL, 0, 0, doc}
#define ENUM(key, T, m, names, base, doc) {key, SL_ENUM, offsetof(T, m), 0, 0, 0, 0, NULL, names, base, 0, doc}
#define IDENT(key, T, m, req, doc) {key, SL_IDENT, offsetof(T, m), 0, 0, 0, 0, NULL, NULL, 0, req, doc}
#define TABLE(name, rows) {name, rows, (int)(sizeof rows / sizeof rows[0])}

/* --- top level ---------------------------------------------------------------- */

static const sl_field top_rows[] = {
    CUSTOM("$schema", 0, "Path or URL of scenarios/schema.json, for editors; ignored by bilim."),
    IDENT("name", bilim_scenario, name, 1, "The scenario's name, used in outputs and comparisons. Required in every file."),
    CUSTOM("description", 0, "What the scenario represents, with the sources of its numbers."),
    CUSTOM("notes", 0, "Free text (a string or an array of strings): sources, assumptions, caveats."),
    CUSTOM("extends", 0, "A scenario file (relative to this one) to start from; this file overrides it."),
    CUSTOM("parameter_file", 0, "A parameter file (relative to this one) applied before \"parameters\"."),
    CUSTOM("seed", 0, "Random seed: an integer from 0 to 18446744073709551615."),
    INT("replicates", bilim_scenario, replicates, 1, 100000, 0, "Replicates to run (each a different random draw of the same scenario)."),
    INT("months", bilim_scenario, months, 1, BILIM_MAX_MONTHS, 0, "Horizon in months: months 0 to months are observed."),
    CUSTOM("population", 0, "Schools: a preset (\"kz-national\") or explicit regions."),
    CUSTOM("innovations", 0, "The innovations whose spread is simulated (replaces the parent's list)."),
    CUSTOM("parameters", 0, "Overrides of model parameters by name (see docs/parameters.md)."),
    CUSTOM("interventions", 0, "Policy interventions (replaces the parent's list)."),
    CUSTOM("append_interventions", 0, "Interventions added after the parent's (only with \"extends\")."),
    CUSTOM("outputs", 0, "What to record: series by locality and region, virtual surveys."),
    CUSTOM("uncertainty", 0, "For bilim compare --draws: posterior_file, fix, priors (docs/compare.md); read from the baseline's file, ignored by other commands."),
};
const sl_table bilim__scenario_top = TABLE("scenario", top_rows);

/* --- population --------------------------------------------------------------- */

static const sl_field population_rows[] = {
    CUSTOM("preset", 0, "A shipped population: \"kz-national\" (7,687 schools, data/kz-schools.json)."),
    CUSTOM("regions", 0, "Explicit regions, each with school counts or a total and shares."),
    CUSTOM("teachers_per_school", 0, "Teachers per school by size class (default: kz-national's)."),
};
const sl_table bilim__scenario_population = TABLE("population", population_rows);

static const sl_field region_count_rows[] = {
    CUSTOM("name", 1, "Region name: letters, digits, spaces, '_', '-', '.', apostrophes; unique."),
    INT("urban", bilim_region, urban, 0, SL_MAX_SCHOOLS, 1, "Urban schools."),
    INT("rural", bilim_region, rural, 0, SL_MAX_SCHOOLS, 1, "Rural schools, small-class schools included."),
    INT("small_class", bilim_region, small_class, 0, SL_MAX_SCHOOLS, 0, "Rural small-class schools (at most rural; default 0)."),
};
const sl_table bilim__scenario_region_counts = TABLE("region_counts", region_count_rows);

static const sl_field region_share_rows[] = {
    CUSTOM("name", 1, "Region name: letters, digits, spaces, '_', '-', '.', apostrophes; unique."),
    INT("schools", sl_region_share, schools, 1, SL_MAX_SCHOOLS, 1, "All schools of the region."),
    REAL("rural_share", sl_region_share, rural_share, 0, 1, 1, "Share of the schools that are rural."),
    REAL("small_class_share", sl_region_share, small_class_share, 0, 1, 0, "Share of all the region's schools that are small-class (rural); at most rural_share; default 0."),
};
const sl_table bilim__scenario_region_shares = TABLE("region_shares", region_share_rows);

static const sl_field teachers_rows[] = {
    CUSTOM("urban", 0, "Urban schools."),
    CUSTOM("rural_regular", 0, "Rural schools that are not small-class."),
    CUSTOM("small_class", 0, "Rural small-class schools."),
    INT("min", bilim_population, teachers_min, 1, 1000, 0, "Fewest teachers a school can have."),
};
const sl_table bilim__scenario_teachers = TABLE("teachers_per_school", teachers_rows);

static const sl_field teacher_class_rows[] = {
    REAL("mean", sl_tclass, mean, 1, 1000, 0, "Mean teachers per school (lognormal)."),
    REAL("sigma", sl_tclass, sigma, 0, 2, 0, "Log-scale standard deviation."),
};
const sl_table bilim__scenario_teacher_classes = TABLE("teacher_class", teacher_class_rows);

/* --- innovations -------------------------------------------------------------- */

static const sl_field innovation_rows[] = {
    IDENT("name", bilim_innovation, name, 1, "Innovation name (unique)."),
    REAL("complexity", bilim_innovation, complexity, 0, 1, 1, "c_j: knowledge the readiness gate asks for (ODD 7.2)."),
    REAL("resource_need", bilim_innovation, resource_need, 0, 1, 1, "r_j: resources the readiness gate asks for (ODD 7.2)."),
    REAL_PARAM("p", bilim_innovation, p, "bass_p_default", "Bass external rate, 1/month (default: parameter bass_p_default)."),
    REAL_PARAM("q", bilim_innovation, q, "bass_q_default", "Bass imitation rate, 1/month (default: parameter bass_q_default)."),
    REAL("initial_trial", bilim_innovation, initial_trial, 0, 1, 0, "Share of teachers in trial use at month 0 (default 0)."),
    REAL("initial_routine", bilim_innovation, initial_routine, 0, 1, 0, "Share of teachers in routine use at month 0 (default 0)."),
};
const sl_table bilim__scenario_innovation = TABLE("innovation", innovation_rows);

/* --- interventions -------------------------------------------------------------- */

static const sl_field iv_common_rows[] = {
    CUSTOM("type", 1, "What the intervention does (ODD 7.4)."),
    IDENT("name", bilim_intervention, name, 0, "Unique name (default: the type)."),
    INT("start_month", bilim_intervention, start_month, 0, BILIM_MAX_MONTHS - 1, 0, "First month it acts (0 = the first step); before the horizon."),
    INT("duration_months", bilim_intervention, duration_months, 1, BILIM_MAX_MONTHS, 0, "Months it enrols and pays (may run past the horizon)."),
    CUSTOM("target", 0, "Which schools it may reach and in what order (default: all, random order)."),
    REAL("intensity", bilim_intervention, intensity, 0, 1, 0, "Implementation fidelity: multiplies the effect, never the cost (default 1)."),
    REAL("unit_cost_kzt", bilim_intervention, unit_cost_kzt, 0, 1e12, 1, "Cost of one unit in KZT; the unit depends on the type (docs/scenarios.md)."),
    REAL("budget_kzt", bilim_intervention, budget_kzt, 0, 1e15, 0, "Cap on total spending in KZT; 0 = no cap (default)."),
};
const sl_table bilim__scenario_iv_common = TABLE("intervention", iv_common_rows);

static const sl_field leadership_rows[] = {
    INT("program_months", bilim_intervention, u.leadership.program_months, 1, 120, 0, "Months each principal is trained."),
    INT("cohort_size", bilim_intervention, u.leadership.cohort_size, 1, SL_MAX_SCHOOLS, 0, "Principals per cohort."),
    INT("cohort_interval", bilim_intervention, u.leadership.cohort_interval, 1, BILIM_MAX_MONTHS, 0, "Months between cohort starts."),
    REAL("completion_prob", bilim_intervention, u.leadership.completion_prob, 0, 1, 0, "Share of principals who complete; the others stop halfway."),
};
static const sl_field incentives_rows[] = {
    REAL("share_of_salary", bilim_intervention, u.incentives.share_of_salary, 0, 2, 0, "Monthly bonus as a share of salary_kzt."),
    BOOL("conditional", bilim_intervention, u.incentives.conditional, "true: paid only to teachers in routine use of an innovation."),
};
static const sl_field funding_rows[] = {
    ENUM("allocation", bilim_intervention, u.funding.allocation, bilim__scenario_names_allocation, 0, "equal grants, per_teacher grants, need (lowest R first) or rural_first."),
};
static const sl_field partnership_rows[] = {
    INT("universities", bilim_intervention, u.partnership.universities, 1, 1000, 0, "Partner universities."),
    INT("capacity", bilim_intervention, u.partnership.capacity, 1, 100000, 0, "Schools each university supports."),
    REAL("quality", bilim_intervention, u.partnership.quality, 0, 1, 0, "Q_u, the partners' quality."),
    REAL_OPEN_LO("language_factor", bilim_intervention, u.partnership.language_factor, 0, 1, "Scales Q_u (below 1 for a language barrier, seed 000)."),
};
static const sl_field hub_rows[] = {
    INT("hubs", bilim_intervention, u.hub.hubs, 1, 100000, 0, "Hub schools, taken in target order."),
};
static const sl_field pd_rows[] = {
    INT("program_months", bilim_intervention, u.pd.program_months, 1, 120, 0, "Months each cohort is trained."),
    INT("cohort_size", bilim_intervention, u.pd.cohort_size, 0, 10000000, 0, "Teachers per cohort; 0 = no cap."),
    INT("cohort_interval", bilim_intervention, u.pd.cohort_interval, 1, BILIM_MAX_MONTHS, 0, "Months between cohort starts."),
    BOOL("plc", bilim_intervention, u.pd.plc, "true: enrolled schools run a professional learning community."),
    INT("plc_months", bilim_intervention, u.pd.plc_months, 0, 120, 0, "Months the learning community lasts after the programme."),
};
static const sl_field pipeline_rows[] = {
    REAL("k_boost", bilim_intervention, u.pipeline.k_boost, 0, 1, 0, "Added to grad_k_mean for pipeline hires."),
    REAL("m_boost", bilim_intervention, u.pipeline.m_boost, 0, 1, 0, "Added to grad_m_mean for pipeline hires."),
};

const sl_table bilim__scenario_iv_types[BILIM_N_IV_TYPES] = {
    TABLE("leadership_training", leadership_rows),
    TABLE("teacher_incentives", incentives_rows),
    TABLE("resource_funding", funding_rows),
    TABLE("university_partnership", partnership_rows),
    TABLE("innovation_hub", hub_rows),
    TABLE("professional_development", pd_rows),
    TABLE("teacher_pipeline", pipeline_rows),
};

static const sl_field target_rows[] = {
    ENUM("locality", bilim_target, locality, bilim__scenario_names_locality, -1, "any, urban or rural schools."),
    CUSTOM("regions", 0, "Only schools of these regions (names from the population)."),
    ENUM("small_class", bilim_target, small_class, bilim__scenario_names_small_class, -1, "any, exclude (regular schools only) or only (small-class schools only)."),
    ENUM("readiness_band", bilim_target, band, bilim__scenario_names_band, -1, "Only schools whose principal is in this readiness band."),
    REAL_OPEN_LO("resources_below", bilim_target, resources_below, 0, 1, "Only schools with resources R below this (default: no filter)."),
    REAL_OPEN_LO("fraction", bilim_target, fraction, 0, 1, "Random share of the eligible schools kept (default 1)."),
    ENUM("order", bilim_target, order, bilim__scenario_names_order, 0, "Order schools are taken in until count, capacity or budget runs out."),
    ENUM("need", bilim_target, need, bilim__scenario_names_need, 0, "The measure need, strongest and rural_first order by."),
    INT("max_schools", bilim_target, max_schools, 0, SL_MAX_SCHOOLS, 0, "At most this many schools; 0 = no cap."),
};
const sl_table bilim__scenario_target = TABLE("target", target_rows);

/* --- outputs and parameter files ----------------------------------------------------- */

static const sl_field outputs_rows[] = {
    BOOL("by_locality", bilim_outputs, by_locality, "Record urban and rural series (default true)."),
    BOOL("by_region", bilim_outputs, by_region, "Record per-region series (default false)."),
    CUSTOM("survey_months", 0, "Months of the virtual surveys, increasing, within the horizon."),
    INT("survey_n", bilim_outputs, survey_n, 1, 100000, 0, "Principals per virtual survey (default 116, as the 2026 survey)."),
    CUSTOM("survey_rural_share", 0, "Rural share of the survey sample, or \"population\" (default)."),
};
const sl_table bilim__scenario_outputs = TABLE("outputs", outputs_rows);

static const sl_field param_file_rows[] = {
    CUSTOM("description", 0, "What these values are."),
    CUSTOM("source", 0, "Where they come from (a calibration run, a paper)."),
    CUSTOM("notes", 0, "Free text: a string or an array of strings."),
    CUSTOM("parameters", 1, "Parameter values by name."),
};
const sl_table bilim__scenario_param_file = TABLE("parameter_file", param_file_rows);

/* --- helpers ------------------------------------------------------------------------- */

int bilim__scenario_find(const sl_table *t, const char *key, size_t key_len)
{
    for (int i = 0; i < t->n; i++)
        if (strlen(t->fields[i].key) == key_len && memcmp(t->fields[i].key, key, key_len) == 0)
            return i;
    return -1;
}

void bilim__scenario_field_bounds(const sl_field *f, double *min, double *max)
{
    *min = f->min;
    *max = f->max;
    if (f->range_param) {
        const bilim_param_info *row = bilim_params_find(f->range_param);
        if (row) {
            *min = row->min;
            *max = row->max;
        }
    }
}

const char *bilim__scenario_field_allowed(const sl_field *f, char *buf, size_t n)
{
    double lo, hi;
    bilim__scenario_field_bounds(f, &lo, &hi);
    switch (f->kind) {
    case SL_INT:
        snprintf(buf, n, "an integer from %.15g to %.15g", lo, hi);
        break;
    case SL_REAL:
        snprintf(buf, n, "a number in %c%.15g, %.15g%c", f->min_open ? '(' : '[', lo, hi,
                 f->max_open ? ')' : ']');
        break;
    case SL_BOOL:
        snprintf(buf, n, "true or false");
        break;
    case SL_ENUM: {
        size_t k = 0;
        k += (size_t)snprintf(buf, n, "one of");
        for (int i = 0; f->names[i] && k < n; i++)
            k += (size_t)snprintf(buf + k, n - k, "%s \"%s\"", i ? "," : "", f->names[i]);
        break;
    }
    case SL_IDENT:
        snprintf(buf, n, "a name of 1 to %d characters (letters, digits, '_', '-', '.'), "
                         "starting with a letter or digit", BILIM_NAME_MAX - 1);
        break;
    case SL_CUSTOM:
        snprintf(buf, n, "%s", f->doc);
        break;
    }
    return buf;
}
