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

static void sep(FILE *f)
{
    fputc(',', f);
}

static void num(FILE *f, double x)
{
    sep(f);
    bilim_csv_number(f, x);
}

static void str(FILE *f, const char *s)
{
    sep(f);
    bilim_csv_string(f, s);
}

static void write_comparison(const bilim_comparison *c, FILE *f)
{
    fputs("scenario,baseline,metric,unit,mean_diff,ci_low,ci_high,baseline_mean,option_mean,"
          "cost_kzt,kzt_per_additional_adopter,ce_ci_low,ce_ci_high,ce_status,"
          "unpaired_ci_low,unpaired_ci_high,replicates,ci_method,note\n", f);
    char method[64];
    snprintf(method, sizeof method, "paired t, %.0f%%, df %d", c->level * 100,
             c->replicates - 1);
    for (size_t i = 0; i < c->n_rows; i++) {
        const bilim_effect_row *row = &c->rows[i];
        bilim_csv_string(f, c->names[row->option]);
        str(f, c->names[0]);
        str(f, row->metric);
        str(f, row->unit);
        num(f, row->paired.mean);
        num(f, row->paired.low);
        num(f, row->paired.high);
        num(f, row->baseline_mean);
        num(f, row->option_mean);
        num(f, row->cost_kzt);
        num(f, row->has_ce ? row->ce.ratio : NAN);
        num(f, row->has_ce ? row->ce.low : NAN);
        num(f, row->has_ce ? row->ce.high : NAN);
        str(f, row->has_ce ? bilim_ce_status_name(row->ce.status) : "");
        num(f, row->unpaired.low);
        num(f, row->unpaired.high);
        num(f, c->replicates);
        str(f, c->replicates > 1 ? method : "none (one replicate)");
        str(f, row->note);
        fputc('\n', f);
    }
}

static void write_ranking(const bilim_comparison *c, FILE *f)
{
    fputs("ranking,rank,scenario,mean_diff,ci_low,ci_high,cost_kzt,"
          "kzt_per_additional_adopter,ce_status,budgets_differ,budget_note\n", f);
    for (int k = 0; k < 2; k++) {
        const int32_t *order = k == 0 ? c->rank_effect : c->rank_ce;
        for (int32_t i = 0; i < c->n_scenarios - 1; i++) {
            const bilim_effect_row *row = bilim_compare_row(c, order[i], "adoption_routine");
            bilim_csv_string(f, k == 0 ? "effect" : "cost_effectiveness");
            num(f, i + 1);
            str(f, c->names[order[i]]);
            num(f, row->paired.mean);
            num(f, row->paired.low);
            num(f, row->paired.high);
            num(f, row->cost_kzt);
            num(f, row->ce.ratio);
            str(f, bilim_ce_status_name(row->ce.status));
            num(f, c->budgets_differ);
            str(f, c->budget_note);
            fputc('\n', f);
        }
    }
}

static void write_series(const bilim_comparison *c, FILE *f)
{
    fputs("scenario,quantity,month,mean,q05,q50,q95\n", f);
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int q = 0; q < BILIM_N_QUANTITIES; q++) {
            if (!c->has_locality && (q == BILIM_Q_ROUTINE_URBAN || q == BILIM_Q_ROUTINE_RURAL))
                continue;
            for (int32_t t = 0; t <= c->months; t++) {
                const double *v = bilim_compare_summary(c, s, (bilim_quantity)q, t);
                bilim_csv_string(f, c->names[s]);
                str(f, bilim_quantity_name((bilim_quantity)q));
                num(f, t);
                for (int k = 0; k < BILIM_N_STATS; k++)
                    num(f, v[k]);
                fputc('\n', f);
            }
        }
}

static void write_differences(const bilim_comparison *c, FILE *f)
{
    fputs("scenario,baseline,metric,month,mean_diff,ci_low,ci_high\n", f);
    for (int32_t o = 1; o < c->n_scenarios; o++)
        for (int32_t t = 0; t <= c->months; t++) {
            const double *v = bilim_compare_diff(c, o, t);
            bilim_csv_string(f, c->names[o]);
            str(f, c->names[0]);
            str(f, "adoption_routine");
            num(f, t);
            for (int k = 0; k < BILIM_N_DIFF_STATS; k++)
                num(f, v[k]);
            fputc('\n', f);
        }
}

static void write_replicates(const bilim_comparison *c, FILE *f)
{
    static const bilim_quantity qs[] = {BILIM_Q_ROUTINE, BILIM_Q_ROUTINE_URBAN,
                                        BILIM_Q_ROUTINE_RURAL, BILIM_Q_COST};
    fputs("scenario,replicate,adoption_routine,adoption_routine_urban,adoption_routine_rural,"
          "cost_kzt,months_to_25pct,months_to_50pct\n", f);
    size_t T = (size_t)c->months + 1;
    for (int32_t s = 0; s < c->n_scenarios; s++)
        for (int32_t r = 0; r < c->replicates; r++) {
            bilim_csv_string(f, c->names[s]);
            num(f, r);
            for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
                num(f, bilim_compare_series(c, s, qs[k], r)[c->months]);
            const double *ser = bilim_compare_series(c, s, BILIM_Q_ROUTINE, r);
            for (int k = 0; k < 2; k++) {
                int32_t t = bilim_stats_first_reaching(ser, T, 1, k == 0 ? 0.25 : 0.50);
                num(f, t >= 0 ? (double)t : NAN);
            }
            fputc('\n', f);
        }
}

void bilim_csv_fixed(FILE *f, double x, int decimals)
{
    if (!isfinite(x))
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, x);
    /* "-0.00" is zero: no sign. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    fputs(buf, f);
}

static void fixed(FILE *f, double x, int decimals)
{
    sep(f);
    bilim_csv_fixed(f, x, decimals);
}

/* Percent and percentage points: three decimals, at least the report's. */
#define PCT_DECIMALS 3

static void write_regions(const bilim_comparison *c, FILE *f)
{
    fputs("option,baseline,region,baseline_routine_use_pct,option_routine_use_pct,effect_pp,"
          "effect_ci_low_pp,effect_ci_high_pp\n", f);
    for (int32_t o = 1; o < c->n_scenarios; o++)
        for (int32_t g = 0; g < c->n_regions; g++) {
            const double *e = bilim_compare_region_effect(c, o, g);
            bilim_csv_string(f, c->names[o]);
            str(f, c->names[0]);
            str(f, c->region_names[g]);
            fixed(f, 100.0 * c->region_level[g], PCT_DECIMALS);
            fixed(f, 100.0 * c->region_level[(size_t)o * c->n_regions + g], PCT_DECIMALS);
            for (int k = 0; k < BILIM_N_DIFF_STATS; k++)
                fixed(f, 100.0 * e[k], PCT_DECIMALS);
            fputc('\n', f);
        }
}

typedef void (*writer_fn)(const bilim_comparison *, FILE *);

static const struct {
    const char *name;
    writer_fn fn;
} files[BILIM_CSV_N_FILES] = {
    {"comparison.csv", write_comparison}, {"ranking.csv", write_ranking},
    {"series.csv", write_series},         {"differences.csv", write_differences},
    {"replicates.csv", write_replicates}, {"regions.csv", write_regions},
};

const char *bilim_csv_file_name(int k)
{
    return k >= 0 && k < BILIM_CSV_N_FILES ? files[k].name : NULL;
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
                        bilim_error *err)
{
    for (int k = 0; k < BILIM_CSV_N_FILES; k++) {
        FILE *f = bilim_outset_stream(set, first + k, err);
        if (!f)
            return err ? err->code : BILIM_EIO;
        files[k].fn(c, f);
    }
    return BILIM_OK;
}

int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir, bilim_error *err)
{
    bilim_outset *set = bilim_outset_alloc();
    int first = 0;
    int rc = set ? bilim_csv_declare(set, dir, &first, err)
                 : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_outset_open(set, err);
    if (!rc)
        rc = bilim_csv_write_set(c, set, first, err);
    if (!rc)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}
