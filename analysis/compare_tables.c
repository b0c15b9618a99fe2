/* analysis/compare_tables.c: the comparison's tables, written once for
 * every spreadsheet format (compare_tables.h): the CSV files (csv.c) and
 * the workbook's sheets (xlsx.c). */
#include "analysis/compare_tables.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void put_text(bilim__sink *o, const char *s)
{
    o->text(o, s);
}

/* The header row: names separated by commas. */
static void header(bilim__sink *o, const char *names)
{
    char name[96];
    o->in_header = 1;
    while (*names) {
        size_t n = strcspn(names, ",");
        snprintf(name, sizeof name, "%.*s", (int)n, names);
        o->text(o, name);
        names += n + (names[n] == ',');
    }
    o->end_row(o);
    o->in_header = 0;
}

/* Rounding: the report's precision or finer. Percent and percentage
 * points three decimals, tenge whole, teachers whole, months one decimal. */
#define PCT_DEC 3
#define KZT_DEC 0
#define TEACHERS_DEC 0
#define MONTHS_DEC 1

/* A metric's values in the CSV's units: shares as percent (levels) and
 * percentage points (differences); the others as they are. */
typedef struct unit_info {
    const char *level, *difference;
    double scale;
    int decimals;
} unit_info;

static unit_info unit_of(const bilim_effect_row *row)
{
    if (strcmp(row->unit, "share") == 0)
        return (unit_info){"%", "pp", 100.0, PCT_DEC};
    if (strcmp(row->unit, "teachers") == 0)
        return (unit_info){"teachers", "teachers", 1.0, TEACHERS_DEC};
    if (strcmp(row->unit, "months") == 0)
        return (unit_info){"month", "months", 1.0, MONTHS_DEC};
    return (unit_info){row->unit, row->unit, 1.0, KZT_DEC};
}

static const char *ce_words(const bilim_ce *ce)
{
    return ce->status == BILIM_CE_FEWER ? "lowers routine use" : bilim_ce_status_name(ce->status);
}

static void write_summary(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,title,baseline,effect_pp,effect_ci_low_pp,effect_ci_high_pp,"
              "additional_teachers,additional_teachers_ci_low,additional_teachers_ci_high,"
              "additional_cost_kzt,kzt_per_additional_teacher,"
              "kzt_per_additional_teacher_ci_low,kzt_per_additional_teacher_ci_high,"
              "kzt_per_additional_teacher_status,gap_change_pp,gap_change_ci_low_pp,"
              "gap_change_ci_high_pp,rank_by_effect,rank_by_value");
    for (int32_t k = 1; k < c->n_scenarios; k++) {
        const bilim_effect_row *h = bilim_compare_row(c, k, "adoption_routine");
        const bilim_effect_row *a = bilim_compare_row(c, k, "additional_teachers_routine");
        const bilim_effect_row *g = bilim_compare_row(c, k, "rural_urban_gap");
        put_text(o, c->names[k]);
        put_text(o, c->titles[k]);
        put_text(o, c->names[0]);
        o->number(o, 100.0 * h->paired.mean, PCT_DEC);
        o->number(o, 100.0 * h->paired.low, PCT_DEC);
        o->number(o, 100.0 * h->paired.high, PCT_DEC);
        o->number(o, a->paired.mean, TEACHERS_DEC);
        o->number(o, a->paired.low, TEACHERS_DEC);
        o->number(o, a->paired.high, TEACHERS_DEC);
        o->number(o, h->cost_kzt, KZT_DEC);
        o->number(o, h->ce.ratio, KZT_DEC);
        o->number(o, h->ce.low, KZT_DEC);
        o->number(o, h->ce.high, KZT_DEC);
        put_text(o, ce_words(&h->ce));
        o->number(o, g ? 100.0 * g->paired.mean : NAN, PCT_DEC);
        o->number(o, g ? 100.0 * g->paired.low : NAN, PCT_DEC);
        o->number(o, g ? 100.0 * g->paired.high : NAN, PCT_DEC);
        for (int r = 0; r < 2; r++) {
            const int32_t *order = r == 0 ? c->rank_effect : c->rank_ce;
            int32_t rank = 0;
            for (int32_t i = 0; i < c->n_scenarios - 1; i++)
                if (order[i] == k)
                    rank = i + 1;
            o->number(o, rank, 0);
        }
        o->end_row(o);
    }
}

static void write_comparison(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,title,baseline,metric,level_unit,baseline_value,option_value,"
              "difference_unit,difference,difference_ci_low,difference_ci_high,"
              "unpaired_ci_low,unpaired_ci_high,replicates");
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        unit_info u = unit_of(row);
        int ce = strcmp(row->metric, "kzt_per_additional_teacher") == 0;
        put_text(o, c->names[row->option]);
        put_text(o, c->titles[row->option]);
        put_text(o, c->names[0]);
        put_text(o, row->metric);
        put_text(o, ce ? "" : u.level);
        o->number(o, ce ? NAN : u.scale * row->baseline_mean, u.decimals);
        o->number(o, ce ? NAN : u.scale * row->option_mean, u.decimals);
        put_text(o, u.difference);
        o->number(o, u.scale * row->paired.mean, u.decimals);
        o->number(o, u.scale * row->paired.low, u.decimals);
        o->number(o, u.scale * row->paired.high, u.decimals);
        o->number(o, ce ? NAN : u.scale * row->unpaired.low, u.decimals);
        o->number(o, ce ? NAN : u.scale * row->unpaired.high, u.decimals);
        o->number(o, c->replicates, 0);
        o->end_row(o);
    }
}

static void write_notes(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,metric,note");
    put_text(o, "");
    put_text(o, "budgets");
    put_text(o, c->budget_note);
    o->end_row(o);
    char method[160];
    snprintf(method, sizeof method, c->replicates > 1 ? "paired t, %.0f%%, df %d"
                                                       : "none: one replicate",
             c->level * 100, c->replicates - 1);
    put_text(o, "");
    put_text(o, "interval_method");
    put_text(o, method);
    o->end_row(o);
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        if (!row->note[0])
            continue;
        put_text(o, c->names[row->option]);
        put_text(o, row->metric);
        put_text(o, row->note);
        o->end_row(o);
    }
}

static void write_ranking(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "ranking,rank,option,title,effect_pp,effect_ci_low_pp,effect_ci_high_pp,"
              "additional_cost_kzt,kzt_per_additional_teacher,"
              "kzt_per_additional_teacher_status,budgets_differ");
    for (int k = 0; k < 2; k++) {
        const int32_t *order = k == 0 ? c->rank_effect : c->rank_ce;
        for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
            const bilim_effect_row *row = bilim_compare_row(c, order[i], "adoption_routine");
            put_text(o, k == 0 ? "effect" : "kzt_per_additional_teacher");
            o->number(o, i + 1, 0);
            put_text(o, c->names[order[i]]);
            put_text(o, c->titles[order[i]]);
            o->number(o, 100.0 * row->paired.mean, PCT_DEC);
            o->number(o, 100.0 * row->paired.low, PCT_DEC);
            o->number(o, 100.0 * row->paired.high, PCT_DEC);
            o->number(o, row->cost_kzt, KZT_DEC);
            o->number(o, row->ce.ratio, KZT_DEC);
            put_text(o, ce_words(&row->ce));
            o->number(o, c->budgets_differ, 0);
            o->end_row(o);
        }
    }
}

static void date_field(const bilim_comparison *c, bilim__sink *o, int32_t t)
{
    int32_t y, m;
    bilim_compare_calendar(c, t, &y, &m);
    char d[32];
    snprintf(d, sizeof d, "%04" PRId32 "-%02" PRId32, y, m);
    put_text(o, d);
}

static void write_series(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "scenario,quantity,unit,month,date,mean,q05,q50,q95");
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int q = 0; q < BILIM_N_QUANTITIES; q++) {
            if (!c->has_locality && (q == BILIM_Q_ROUTINE_URBAN || q == BILIM_Q_ROUTINE_RURAL))
                continue;
            int kzt = q == BILIM_Q_COST;
            for (int32_t t = 0; t <= c->months; t++) {
                const double *v = bilim_compare_summary(c, s, (bilim_quantity)q, t);
                put_text(o, c->names[s]);
                put_text(o, bilim_quantity_name((bilim_quantity)q));
                put_text(o, kzt ? "KZT" : "%");
                o->number(o, t, 0);
                date_field(c, o, t);
                for (int k = 0; k < BILIM_N_STATS; k++)
                    o->number(o, kzt ? v[k] : 100.0 * v[k], kzt ? KZT_DEC : PCT_DEC);
                o->end_row(o);
            }
        }
}

static void write_differences(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,baseline,month,date,effect_pp,effect_ci_low_pp,effect_ci_high_pp");
    for (int32_t k = 1; k < c->n_scenarios; k++)
        for (int32_t t = 0; t <= c->months; t++) {
            const double *v = bilim_compare_diff(c, k, t);
            put_text(o, c->names[k]);
            put_text(o, c->names[0]);
            o->number(o, t, 0);
            date_field(c, o, t);
            for (int j = 0; j < BILIM_N_DIFF_STATS; j++)
                o->number(o, 100.0 * v[j], PCT_DEC);
            o->end_row(o);
        }
}

static void write_replicates(const bilim_comparison *c, bilim__sink *o)
{
    static const bilim_quantity qs[] = {BILIM_Q_ROUTINE, BILIM_Q_ROUTINE_URBAN,
                                        BILIM_Q_ROUTINE_RURAL, BILIM_Q_COST};
    header(o, "scenario,replicate,routine_use_pct,routine_use_urban_pct,routine_use_rural_pct,"
              "spending_kzt,month_25pct_reached,month_50pct_reached");
    size_t T = (size_t)c->months + 1;
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int32_t r = 0; r < c->replicates; r++) {
            put_text(o, c->names[s]);
            o->number(o, r, 0);
            for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
                double v = bilim_compare_series(c, s, qs[k], r)[c->months];
                int kzt = qs[k] == BILIM_Q_COST;
                o->number(o, kzt ? v : 100.0 * v, kzt ? KZT_DEC : PCT_DEC);
            }
            const double *ser = bilim_compare_series(c, s, BILIM_Q_ROUTINE, r);
            for (int k = 0; k < 2; k++) {
                int32_t t = bilim_stats_first_reaching(ser, T, 1, k == 0 ? 0.25 : 0.50);
                o->number(o, t >= 0 ? (double)t : NAN, 0);
            }
            o->end_row(o);
        }
}

static void write_regions(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,baseline,region,baseline_routine_use_pct,option_routine_use_pct,"
              "effect_pp,effect_ci_low_pp,effect_ci_high_pp");
    for (int32_t k = 1; k < c->n_scenarios; k++)
        for (int32_t g = 0; g < c->n_regions; g++) {
            const double *e = bilim_compare_region_effect(c, k, g);
            put_text(o, c->names[k]);
            put_text(o, c->names[0]);
            put_text(o, c->region_names[g]);
            o->number(o, 100.0 * c->region_level[g], PCT_DEC);
            o->number(o, 100.0 * c->region_level[(size_t)k * c->n_regions + g], PCT_DEC);
            for (int j = 0; j < BILIM_N_DIFF_STATS; j++)
                o->number(o, 100.0 * e[j], PCT_DEC);
            o->end_row(o);
        }
}

static void overlap_row(const bilim_comparison *c, const bilim_package_parts *p,
                        bilim__sink *o, const char *part, const char *row, double schools)
{
    put_text(o, c->names[p->option]);
    put_text(o, c->titles[p->option]);
    put_text(o, part);
    put_text(o, row);
    for (int m = 0; m < 5; m++)
        o->number(o, NAN, 0);
    put_text(o, "");
    o->number(o, schools, 1);
    o->end_row(o);
}

/* What each part of a package adds: per package its parts alone, the whole
 * package and the interaction; then the schools reached in the package's
 * run by each pair of parts (and by every part, when there are more than 2). */
static void write_parts(const bilim_comparison *c, bilim__sink *o)
{
    header(o, "option,title,part,row,effect_pp,effect_ci_low_pp,effect_ci_high_pp,"
              "additional_cost_kzt,kzt_per_additional_teacher,kzt_per_additional_teacher_status,"
              "schools_reached");
    for (int32_t n = 0; n < c->n_packages; n++) {
        const bilim_package_parts *p = &c->packages[n];
        const int32_t k = p->n_parts;
        for (int32_t i = 0; i < k + 2; i++) {
            put_text(o, c->names[p->option]);
            put_text(o, c->titles[p->option]);
            put_text(o, i < k ? p->names[i] : "");
            put_text(o, i < k ? "part alone" : i == k ? "whole package" : "interaction");
            o->number(o, 100.0 * p->effect[i].mean, PCT_DEC);
            o->number(o, 100.0 * p->effect[i].low, PCT_DEC);
            o->number(o, 100.0 * p->effect[i].high, PCT_DEC);
            o->number(o, p->cost_kzt[i], KZT_DEC);
            o->number(o, i <= k ? p->ce[i].ratio : NAN, KZT_DEC);
            put_text(o, i <= k ? ce_words(&p->ce[i]) : "");
            o->number(o, i < k ? p->reached[i * k + i] : NAN, 1);
            o->end_row(o);
        }
        for (int32_t i = 0; i < k; i++)
            for (int32_t j = i + 1; j < k; j++) {
                char both[2 * BILIM_NAME_MAX + 8];
                snprintf(both, sizeof both, "%s + %s", p->names[i], p->names[j]);
                overlap_row(c, p, o, both, "reached by both", p->reached[i * k + j]);
            }
        if (k > 2)
            overlap_row(c, p, o, "", "reached by every part", p->reached_all);
    }
}

const bilim__table bilim__compare_tables[BILIM_CSV_N_FILES] = {
    {"summary.csv", "Summary", write_summary},
    {"comparison.csv", "All results", write_comparison},
    {"ranking.csv", "Ranking", write_ranking},
    {"series.csv", "Over time", write_series},
    {"differences.csv", "Effect over time", write_differences},
    {"replicates.csv", "Replicates", write_replicates},
    {"regions.csv", "Regions", write_regions},
    {"package_parts.csv", "Package parts", write_parts},
    {"notes.csv", "Notes", write_notes},
};
