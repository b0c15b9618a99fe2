/* analysis/sensitivity_write.c: a sensitivity analysis in the HDF5 result
 * file and as CSV (see sensitivity.h; docs/sensitivity.md, "Outputs"). */
#include "analysis/sensitivity.h"

#include <math.h>
#include <string.h>
#include "analysis/csv.h"
#include "analysis/psa_write.h"
#include "base/alloc.h"
#include "formats/output_columns.h"

#define GROUP "/sensitivity"

static int write_attrs(bilim_output *o, const bilim_sensitivity *a, const bilim_design *d,
                       bilim_error *err)
{
    const bilim_sensitivity_settings *s = &a->settings;
    char what[512];
    snprintf(what, sizeof what, "%s of '%s'%s%s, mean over %d replicate%s per point",
             bilim_design_output_name(s->output), d->scenarios[s->effect ? 1 : 0].name,
             s->effect ? " minus the same of " : "", s->effect ? d->scenarios[0].name : "",
             (int)s->replicates, s->replicates == 1 ? "" : "s");
    int rc = bilim_output_attr_string(o, GROUP, "method", bilim_sensitivity_method_name(s->method),
                                      err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "output", bilim_design_output_name(s->output), err);
    if (!rc)
        rc = bilim_output_attr_string(o, GROUP, "output_description", what, err);
    if (!rc)
        rc = bilim_output_attr_int(o, GROUP, "factors", a->k, err);
    if (!rc)
        rc = bilim_output_attr_int(o, GROUP, "points", a->n_points, err);
    if (!rc)
        rc = bilim_output_attr_int(o, GROUP, "replicates_per_point", s->replicates, err);
    if (!rc && s->method == BILIM_SENSITIVITY_SOBOL) {
        rc = bilim_output_attr_int(o, GROUP, "base_rows", s->base_rows, err);
        if (!rc)
            rc = bilim_output_attr_double(o, GROUP, "output_variance", a->sobol.variance, err);
        if (!rc)
            rc = bilim_output_attr_double(o, GROUP, "output_mean", a->sobol.mean, err);
        if (!rc)
            rc = bilim_output_attr_double(o, GROUP, "confidence_level", s->level, err);
        if (!rc)
            rc = bilim_output_attr_int(o, GROUP, "bootstrap_resamples", s->resamples, err);
        if (!rc)
            rc = bilim_output_attr_string(o, GROUP, "estimators", "Saltelli et al. 2010 sampling "
                                          "(A, B, A_B^(i) from a shifted Sobol' sequence of "
                                          "dimension 2k); first order Saltelli et al. 2010, total "
                                          "order Jansen 1999; percentile bootstrap over base rows",
                                          err);
    } else if (!rc) {
        rc = bilim_output_attr_int(o, GROUP, "trajectories", s->trajectories, err);
        if (!rc)
            rc = bilim_output_attr_int(o, GROUP, "levels", s->levels, err);
        if (!rc)
            rc = bilim_output_attr_string(o, GROUP, "estimators", "Morris 1991 elementary "
                                          "effects on the prior's probability scale (Delta 1/2), "
                                          "mu* of Campolongo et al. 2007, sigma with n - 1", err);
    }
    return rc;
}

static int write_sobol(bilim_output *o, const bilim_sensitivity *a, const char *const *names,
                       bilim_error *err)
{
    const size_t k = (size_t)a->k;
    double *v = bilim_malloc(3 * k * sizeof *v);
    if (!v)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    static const char *const stat[3] = {"estimate", "low", "high"};
    const bilim_output_axis_spec ax[2] = {{"factor", names, NULL}, {"statistic", stat, NULL}};
    const size_t dims[2] = {k, 3};
    const bilim_sobol_result *r = &a->sobol;
    for (size_t i = 0; i < k; i++) {
        v[3 * i] = r->first[i];
        v[3 * i + 1] = r->first_low[i];
        v[3 * i + 2] = r->first_high[i];
    }
    int rc = bilim_output_write_array_axes(o, GROUP "/sobol_first", 2, dims, v, ax, err);
    for (size_t i = 0; i < k; i++) {
        v[3 * i] = r->total[i];
        v[3 * i + 1] = r->total_low[i];
        v[3 * i + 2] = r->total_high[i];
    }
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/sobol_total", 2, dims, v, ax, err);
    bilim_free(v);
    return rc;
}

static int write_morris(bilim_output *o, const bilim_sensitivity *a, const char *const *names,
                        bilim_error *err)
{
    const size_t dims[1] = {(size_t)a->k};
    const bilim_output_axis_spec ax[1] = {{"factor", names, NULL}};
    int rc = bilim_output_write_array_axes(o, GROUP "/morris_mu_star", 1, dims, a->morris.mu_star,
                                           ax, err);
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/morris_mu", 1, dims, a->morris.mu, ax, err);
    if (!rc)
        rc = bilim_output_write_array_axes(o, GROUP "/morris_sigma", 1, dims, a->morris.sigma, ax,
                                           err);
    return rc;
}

int bilim_sensitivity_write(bilim_output *o, const bilim_sensitivity *a, const bilim_design *d,
                            bilim_error *err)
{
    const char **names = bilim_calloc((size_t)a->k + 1, sizeof *names);
    if (!names)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    for (int32_t f = 0; f < a->k; f++)
        names[f] = d->factors[f].name;
    int rc = write_attrs(o, a, d, err);
    if (!rc)
        rc = a->settings.method == BILIM_SENSITIVITY_SOBOL ? write_sobol(o, a, names, err)
                                                           : write_morris(o, a, names, err);
    bilim_free(names);
    return rc;
}

/* --- CSV ------------------------------------------------------------------------ */

static void write_indices(FILE *f, const bilim_sensitivity *a, const bilim_design *d)
{
    const int sobol = a->settings.method == BILIM_SENSITIVITY_SOBOL;
    fputs(sobol ? "factor,group,first_order,first_order_low,first_order_high,total_order,"
                  "total_order_low,total_order_high\n"
                : "factor,group,mu_star,mu,sigma\n", f);
    for (int32_t i = 0; i < a->k; i++) {
        bilim_csv_string(f, d->factors[i].name);
        fputc(',', f);
        bilim_csv_string(f, d->factors[i].group);
        const double sv[6] = {a->sobol.first ? a->sobol.first[i] : NAN,
                              a->sobol.first ? a->sobol.first_low[i] : NAN,
                              a->sobol.first ? a->sobol.first_high[i] : NAN,
                              a->sobol.first ? a->sobol.total[i] : NAN,
                              a->sobol.first ? a->sobol.total_low[i] : NAN,
                              a->sobol.first ? a->sobol.total_high[i] : NAN};
        const double mv[3] = {a->morris.mu ? a->morris.mu_star[i] : NAN,
                              a->morris.mu ? a->morris.mu[i] : NAN,
                              a->morris.mu ? a->morris.sigma[i] : NAN};
        for (int c = 0; c < (sobol ? 6 : 3); c++) {
            fputc(',', f);
            bilim_csv_number(f, sobol ? sv[c] : mv[c]);
        }
        fputc('\n', f);
    }
}

static const char *const csv_files[2] = {"sensitivity.csv", "runs.csv"};

int bilim_sensitivity_csv_declare(bilim_outset *set, const char *dir, int *first,
                                  bilim_error *err)
{
    int rc = bilim_outset_folder(set, dir, "--csv", err);
    return rc ? rc : bilim_csv_declare_files(set, dir, csv_files, 2, first, err);
}

int bilim_sensitivity_csv_write_set(bilim_outset *set, int first, const bilim_sensitivity *a,
                                    const bilim_design *d, const bilim_design_record *records,
                                    bilim_error *err)
{
    FILE *f = bilim_outset_stream(set, first, err);
    if (!f)
        return err ? err->code : BILIM_EIO;
    write_indices(f, a, d);
    f = bilim_outset_stream(set, first + 1, err);
    if (!f)
        return err ? err->code : BILIM_EIO;
    bilim_psa_csv_runs(f, d, records);
    return BILIM_OK;
}
