/* analysis/csv.c: see csv.h. */
#include "analysis/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

typedef void (*writer_fn)(const bilim_comparison *, FILE *);

/* Writes dir/name through a temporary file and a rename. */
static int write_file(const bilim_comparison *c, const char *dir, const char *name,
                      writer_fn fn, bilim_error *err)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return bilim_error_set(err, BILIM_EIO, "cannot write %s: %s", path, strerror(errno));
    fn(c, f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        remove(tmp);
        return bilim_error_set(err, BILIM_EIO, "cannot write %s (disk full?)", path);
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return bilim_error_set(err, BILIM_EIO, "cannot write %s: %s", path, strerror(e));
    }
    return BILIM_OK;
}

int bilim_csv_prepare_dir(const char *dir, bilim_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return bilim_error_set(err, BILIM_EIO,
                                   "--csv %s: exists and is not a directory; give a folder", dir);
        if (access(dir, W_OK) != 0)
            return bilim_error_set(err, BILIM_EIO, "--csv %s: cannot write into it: %s", dir,
                                   strerror(errno));
        return BILIM_OK;
    }
    if (mkdir(dir, 0777) != 0) {
        /* As -o does: the folder above is missing, say how to make it. */
        if (errno == ENOENT)
            return bilim_error_set(err, BILIM_EIO,
                                   "--csv %s: cannot create the folder: the folder above it does "
                                   "not exist; create it (mkdir -p %s) or choose another folder",
                                   dir, dir);
        return bilim_error_set(err, BILIM_EIO, "--csv %s: cannot create the folder: %s", dir,
                               strerror(errno));
    }
    return BILIM_OK;
}

int bilim_csv_write_comparison(const bilim_comparison *c, const char *dir, bilim_error *err)
{
    static const struct {
        const char *name;
        writer_fn fn;
    } files[] = {
        {"comparison.csv", write_comparison}, {"ranking.csv", write_ranking},
        {"series.csv", write_series},         {"differences.csv", write_differences},
        {"replicates.csv", write_replicates},
    };
    int rc = bilim_csv_prepare_dir(dir, err);
    for (size_t i = 0; !rc && i < sizeof files / sizeof files[0]; i++)
        rc = write_file(c, dir, files[i].name, files[i].fn, err);
    return rc;
}
