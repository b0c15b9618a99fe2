/* analysis/csv.c: see csv.h. */
#include "analysis/csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

void bilim_csv_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}

void bilim_csv_next_number(FILE *f, double x)
{
    fputc(',', f);
    bilim_csv_number(f, x);
}

void bilim_csv_next_string(FILE *f, const char *s)
{
    fputc(',', f);
    bilim_csv_string(f, s);
}

void bilim_csv_string(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The comparison's files are written through a context: the stream and the
 * separators of the chosen format. */
typedef struct out {
    FILE *f;
    char sep, decimal;
} out;

static void sep(out *o)
{
    fputc(o->sep, o->f);
}

static void text(out *o, const char *s, int first)
{
    if (!first)
        sep(o);
    if (!strchr(s, o->sep) && !strpbrk(s, "\"\r\n")) {
        fputs(s, o->f);
        return;
    }
    fputc('"', o->f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', o->f);
        fputc(*s, o->f);
    }
    fputc('"', o->f);
}

static void str(out *o, const char *s)
{
    text(o, s, 0);
}

/* x rounded to `decimals` places, fixed notation; "" for NaN or infinity. */
static void format_fixed(char *buf, size_t n, double x, int decimals)
{
    buf[0] = '\0';
    if (!isfinite(x))
        return;
    snprintf(buf, n, "%.*f", decimals, x);
    /* "-0.00" is zero: no sign. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

void bilim_csv_fixed(FILE *f, double x, int decimals)
{
    char buf[352];
    format_fixed(buf, sizeof buf, x, decimals);
    fputs(buf, f);
}

/* x rounded to `decimals` places with the format's decimal mark. */
static void fixed(out *o, double x, int decimals)
{
    char buf[352];
    sep(o);
    format_fixed(buf, sizeof buf, x, decimals);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = o->decimal;
    fputs(buf, o->f);
}

static void end(out *o)
{
    fputc('\n', o->f);
}

/* The header: names separated by the format's separator ("a,b" in the
 * source, always commas). */
static void header(out *o, const char *names)
{
    for (; *names; names++)
        fputc(*names == ',' ? o->sep : *names, o->f);
    end(o);
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

static void write_summary(const bilim_comparison *c, out *o)
{
    header(o, "option,baseline,effect_pp,effect_ci_low_pp,effect_ci_high_pp,"
              "additional_teachers,additional_teachers_ci_low,additional_teachers_ci_high,"
              "additional_cost_kzt,kzt_per_additional_teacher,"
              "kzt_per_additional_teacher_ci_low,kzt_per_additional_teacher_ci_high,"
              "kzt_per_additional_teacher_status,gap_change_pp,gap_change_ci_low_pp,"
              "gap_change_ci_high_pp,rank_by_effect,rank_by_value");
    for (int32_t k = 1; k < c->n_scenarios; k++) {
        const bilim_effect_row *h = bilim_compare_row(c, k, "adoption_routine");
        const bilim_effect_row *a = bilim_compare_row(c, k, "additional_teachers_routine");
        const bilim_effect_row *g = bilim_compare_row(c, k, "rural_urban_gap");
        text(o, c->names[k], 1);
        str(o, c->names[0]);
        fixed(o, 100.0 * h->paired.mean, PCT_DEC);
        fixed(o, 100.0 * h->paired.low, PCT_DEC);
        fixed(o, 100.0 * h->paired.high, PCT_DEC);
        fixed(o, a->paired.mean, TEACHERS_DEC);
        fixed(o, a->paired.low, TEACHERS_DEC);
        fixed(o, a->paired.high, TEACHERS_DEC);
        fixed(o, h->cost_kzt, KZT_DEC);
        fixed(o, h->ce.ratio, KZT_DEC);
        fixed(o, h->ce.low, KZT_DEC);
        fixed(o, h->ce.high, KZT_DEC);
        str(o, ce_words(&h->ce));
        fixed(o, g ? 100.0 * g->paired.mean : NAN, PCT_DEC);
        fixed(o, g ? 100.0 * g->paired.low : NAN, PCT_DEC);
        fixed(o, g ? 100.0 * g->paired.high : NAN, PCT_DEC);
        for (int r = 0; r < 2; r++) {
            const int32_t *order = r == 0 ? c->rank_effect : c->rank_ce;
            int32_t rank = 0;
            for (int32_t i = 0; i < c->n_scenarios - 1; i++)
                if (order[i] == k)
                    rank = i + 1;
            fixed(o, rank, 0);
        }
        end(o);
    }
}

static void write_comparison(const bilim_comparison *c, out *o)
{
    header(o, "option,baseline,metric,level_unit,baseline_value,option_value,"
              "difference_unit,difference,difference_ci_low,difference_ci_high,"
              "unpaired_ci_low,unpaired_ci_high,replicates");
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        unit_info u = unit_of(row);
        int ce = strcmp(row->metric, "kzt_per_additional_teacher") == 0;
        text(o, c->names[row->option], 1);
        str(o, c->names[0]);
        str(o, row->metric);
        str(o, ce ? "" : u.level);
        fixed(o, ce ? NAN : u.scale * row->baseline_mean, u.decimals);
        fixed(o, ce ? NAN : u.scale * row->option_mean, u.decimals);
        str(o, u.difference);
        fixed(o, u.scale * row->paired.mean, u.decimals);
        fixed(o, u.scale * row->paired.low, u.decimals);
        fixed(o, u.scale * row->paired.high, u.decimals);
        fixed(o, ce ? NAN : u.scale * row->unpaired.low, u.decimals);
        fixed(o, ce ? NAN : u.scale * row->unpaired.high, u.decimals);
        fixed(o, c->replicates, 0);
        end(o);
    }
}

static void write_notes(const bilim_comparison *c, out *o)
{
    header(o, "option,metric,note");
    text(o, "", 1);
    str(o, "budgets");
    str(o, c->budget_note);
    end(o);
    char method[160];
    snprintf(method, sizeof method, c->replicates > 1 ? "paired t, %.0f%%, df %d"
                                                       : "none: one replicate",
             c->level * 100, c->replicates - 1);
    text(o, "", 1);
    str(o, "interval_method");
    str(o, method);
    end(o);
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        if (!row->note[0])
            continue;
        text(o, c->names[row->option], 1);
        str(o, row->metric);
        str(o, row->note);
        end(o);
    }
}

static void write_ranking(const bilim_comparison *c, out *o)
{
    header(o, "ranking,rank,option,effect_pp,effect_ci_low_pp,effect_ci_high_pp,"
              "additional_cost_kzt,kzt_per_additional_teacher,"
              "kzt_per_additional_teacher_status,budgets_differ");
    for (int k = 0; k < 2; k++) {
        const int32_t *order = k == 0 ? c->rank_effect : c->rank_ce;
        for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
            const bilim_effect_row *row = bilim_compare_row(c, order[i], "adoption_routine");
            text(o, k == 0 ? "effect" : "kzt_per_additional_teacher", 1);
            fixed(o, i + 1, 0);
            str(o, c->names[order[i]]);
            fixed(o, 100.0 * row->paired.mean, PCT_DEC);
            fixed(o, 100.0 * row->paired.low, PCT_DEC);
            fixed(o, 100.0 * row->paired.high, PCT_DEC);
            fixed(o, row->cost_kzt, KZT_DEC);
            fixed(o, row->ce.ratio, KZT_DEC);
            str(o, ce_words(&row->ce));
            fixed(o, c->budgets_differ, 0);
            end(o);
        }
    }
}

static void date_field(const bilim_comparison *c, out *o, int32_t t)
{
    int64_t m = (int64_t)c->start_year * 12 + (c->start_calendar_month - 1) + t;
    int64_t y = m >= 0 ? m / 12 : -((11 - m) / 12);
    char d[32];
    snprintf(d, sizeof d, "%04lld-%02lld", (long long)y, (long long)(m - y * 12 + 1));
    str(o, d);
}

static void write_series(const bilim_comparison *c, out *o)
{
    header(o, "scenario,quantity,unit,month,date,mean,q05,q50,q95");
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int q = 0; q < BILIM_N_QUANTITIES; q++) {
            if (!c->has_locality && (q == BILIM_Q_ROUTINE_URBAN || q == BILIM_Q_ROUTINE_RURAL))
                continue;
            int kzt = q == BILIM_Q_COST;
            for (int32_t t = 0; t <= c->months; t++) {
                const double *v = bilim_compare_summary(c, s, (bilim_quantity)q, t);
                text(o, c->names[s], 1);
                str(o, bilim_quantity_name((bilim_quantity)q));
                str(o, kzt ? "KZT" : "%");
                fixed(o, t, 0);
                date_field(c, o, t);
                for (int k = 0; k < BILIM_N_STATS; k++)
                    fixed(o, kzt ? v[k] : 100.0 * v[k], kzt ? KZT_DEC : PCT_DEC);
                end(o);
            }
        }
}

static void write_differences(const bilim_comparison *c, out *o)
{
    header(o, "option,baseline,month,date,effect_pp,effect_ci_low_pp,effect_ci_high_pp");
    for (int32_t k = 1; k < c->n_scenarios; k++)
        for (int32_t t = 0; t <= c->months; t++) {
            const double *v = bilim_compare_diff(c, k, t);
            text(o, c->names[k], 1);
            str(o, c->names[0]);
            fixed(o, t, 0);
            date_field(c, o, t);
            for (int j = 0; j < BILIM_N_DIFF_STATS; j++)
                fixed(o, 100.0 * v[j], PCT_DEC);
            end(o);
        }
}

static void write_replicates(const bilim_comparison *c, out *o)
{
    static const bilim_quantity qs[] = {BILIM_Q_ROUTINE, BILIM_Q_ROUTINE_URBAN,
                                        BILIM_Q_ROUTINE_RURAL, BILIM_Q_COST};
    header(o, "scenario,replicate,routine_use_pct,routine_use_urban_pct,routine_use_rural_pct,"
              "spending_kzt,month_25pct_reached,month_50pct_reached");
    size_t T = (size_t)c->months + 1;
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int32_t r = 0; r < c->replicates; r++) {
            text(o, c->names[s], 1);
            fixed(o, r, 0);
            for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
                double v = bilim_compare_series(c, s, qs[k], r)[c->months];
                int kzt = qs[k] == BILIM_Q_COST;
                fixed(o, kzt ? v : 100.0 * v, kzt ? KZT_DEC : PCT_DEC);
            }
            const double *ser = bilim_compare_series(c, s, BILIM_Q_ROUTINE, r);
            for (int k = 0; k < 2; k++) {
                int32_t t = bilim_stats_first_reaching(ser, T, 1, k == 0 ? 0.25 : 0.50);
                fixed(o, t >= 0 ? (double)t : NAN, 0);
            }
            end(o);
        }
}

static void write_regions(const bilim_comparison *c, out *o)
{
    header(o, "option,baseline,region,baseline_routine_use_pct,option_routine_use_pct,"
              "effect_pp,effect_ci_low_pp,effect_ci_high_pp");
    for (int32_t k = 1; k < c->n_scenarios; k++)
        for (int32_t g = 0; g < c->n_regions; g++) {
            const double *e = bilim_compare_region_effect(c, k, g);
            text(o, c->names[k], 1);
            str(o, c->names[0]);
            str(o, c->region_names[g]);
            fixed(o, 100.0 * c->region_level[g], PCT_DEC);
            fixed(o, 100.0 * c->region_level[(size_t)k * c->n_regions + g], PCT_DEC);
            for (int j = 0; j < BILIM_N_DIFF_STATS; j++)
                fixed(o, 100.0 * e[j], PCT_DEC);
            end(o);
        }
}

typedef void (*writer_fn)(const bilim_comparison *, out *);

static const struct {
    const char *name;
    writer_fn fn;
} files[BILIM_CSV_N_FILES] = {
    {"summary.csv", write_summary},       {"comparison.csv", write_comparison},
    {"ranking.csv", write_ranking},       {"series.csv", write_series},
    {"differences.csv", write_differences}, {"replicates.csv", write_replicates},
    {"regions.csv", write_regions},       {"notes.csv", write_notes},
};

const char *bilim_csv_file_name(int k)
{
    return k >= 0 && k < BILIM_CSV_N_FILES ? files[k].name : NULL;
}

int bilim_csv_format_parse(const char *name, bilim_csv_format *fmt, bilim_error *err)
{
    if (strcmp(name, "en") == 0 || strcmp(name, "point") == 0) {
        *fmt = (bilim_csv_format){',', '.'};
        return BILIM_OK;
    }
    if (strcmp(name, "ru") == 0 || strcmp(name, "kk") == 0 || strcmp(name, "comma") == 0) {
        *fmt = (bilim_csv_format){';', ','};
        return BILIM_OK;
    }
    return bilim_error_set(err, BILIM_EUSAGE,
                           "--csv-locale %s: not a CSV format; use 'en' or 'point' (',' between "
                           "fields, '.' decimals) or 'ru', 'kk' or 'comma' (';' between fields, "
                           "',' decimals, as spreadsheets in Kazakh and Russian expect)",
                           name);
}

int bilim_csv_declare_files(bilim_outset *set, const char *dir, const char *const *names, int n,
                            int *first, bilim_error *err)
{
    int rc = BILIM_OK;
    for (int k = 0; !rc && k < n; k++) {
        size_t len = strlen(dir) + strlen(names[k]) + 2;
        char *path = bilim_malloc(len);
        if (!path)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
        snprintf(path, len, "%s/%s", dir, names[k]);
        rc = bilim_outset_file(set, path, "--csv", 0, k == 0 ? first : NULL, err);
        bilim_free(path);
    }
    return rc;
}

int bilim_csv_declare(bilim_outset *set, const char *dir, int *first, bilim_error *err)
{
    const char *names[BILIM_CSV_N_FILES];
    for (int k = 0; k < BILIM_CSV_N_FILES; k++)
        names[k] = files[k].name;
    int rc = bilim_outset_folder(set, dir, "--csv", err);
    return rc ? rc : bilim_csv_declare_files(set, dir, names, BILIM_CSV_N_FILES, first, err);
}

int bilim_csv_write_set(const bilim_comparison *c, bilim_outset *set, int first,
                        const bilim_csv_format *fmt, bilim_error *err)
{
    for (int k = 0; k < BILIM_CSV_N_FILES; k++) {
        FILE *f = bilim_outset_stream(set, first + k, err);
        if (!f)
            return err ? err->code : BILIM_EIO;
        out o = {f, fmt ? fmt->sep : ',', fmt ? fmt->decimal : '.'};
        files[k].fn(c, &o);
    }
    return BILIM_OK;
}

int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir,
                               const bilim_csv_format *fmt, bilim_error *err)
{
    bilim_outset *set = bilim_outset_alloc();
    int first = 0;
    int rc = set ? bilim_csv_declare(set, dir, &first, err)
                 : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_outset_open(set, err);
    if (!rc)
        rc = bilim_csv_write_set(c, set, first, fmt, err);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}
