/* formats/design_read.c: /design of a result file back into a design and
 * its records (see design_read.h). */
#include "formats/design_read.h"
#include "formats/output_internal.h"
#include "formats/output_read.h"

#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"

/* The columns of /design/runs that are not factors, posterior columns or outputs. */
static const char *const run_keys[] = {"run", "point", "particle", "scenario", "scenario_index",
                                       "replicate", "seed", NULL};

typedef struct reader {
    const char *path;
    hid_t file;
    bilim_error *err;
} reader;

static int fail(reader *r, const char *what)
{
    return bilim_error_set(r->err, BILIM_EINVAL, "%s: /design/%s is missing or damaged; was the "
                           "file written by bilim compare --draws?", r->path, what);
}

/* Rows of a one-dimensional dataset. */
static long rows_of(hid_t ds)
{
    hid_t sp = H5Dget_space(ds);
    hsize_t n = 0;
    int ok = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 &&
             H5Sget_simple_extent_dims(sp, &n, NULL) == 1;
    if (sp >= 0)
        H5Sclose(sp);
    return ok ? (long)n : -1;
}

/* Member `name` of a compound dataset into buf (elements of mem). */
static int read_member(hid_t ds, const char *name, hid_t mem, void *buf)
{
    hid_t t = H5Dget_type(ds);
    int found = t >= 0 && H5Tget_member_index(t, name) >= 0;
    if (t >= 0)
        H5Tclose(t);
    if (!found)
        return -1;
    hid_t c = H5Tcreate(H5T_COMPOUND, H5Tget_size(mem));
    H5Tinsert(c, name, 0, mem);
    hid_t dx = bilim__output_dxpl_small();
    int rc = H5Dread(ds, c, H5S_ALL, H5S_ALL, dx, buf) < 0 ? -1 : 0;
    H5Pclose(dx);
    H5Tclose(c);
    return rc;
}

/* A string member: n malloc'd copies in out (caller frees each and out). */
static int read_strings(hid_t ds, const char *name, long n, char ***out)
{
    char **raw = bilim_calloc((size_t)n + 1, sizeof *raw);
    char **copy = bilim_calloc((size_t)n + 1, sizeof *copy);
    hid_t st = bilim__output_vlen_str();
    int read = raw && copy && read_member(ds, name, st, raw) == 0, rc = read ? 0 : -1;
    for (long i = 0; !rc && i < n; i++)
        if (!(copy[i] = bilim_strdup(raw[i] ? raw[i] : "")))
            rc = -1;
    if (read) {
        hid_t sp = H5Dget_space(ds);
        H5Dvlen_reclaim(st, sp, H5P_DEFAULT, raw);
        H5Sclose(sp);
    }
    H5Tclose(st);
    bilim_free(raw);
    if (rc) {
        for (long i = 0; copy && i < n; i++)
            bilim_free(copy[i]);
        bilim_free(copy);
        return -1;
    }
    *out = copy;
    return 0;
}

static void free_strings(char **s, long n)
{
    for (long i = 0; s && i < n; i++)
        bilim_free(s[i]);
    bilim_free(s);
}

static int prior_kind(const char *name)
{
    for (int k = 0; k < BILIM_N_PRIOR_KINDS; k++)
        if (strcmp(bilim_prior_kind_name((bilim_prior_kind)k), name) == 0)
            return k;
    return -1;
}

static int read_factors(reader *r, bilim_design *d)
{
    hid_t ds = H5Dopen2(r->file, "/design/factors", H5P_DEFAULT);
    long n = ds >= 0 ? rows_of(ds) : -1;
    char **name = NULL, **group = NULL, **dist = NULL, **src = NULL;
    double *v = bilim_calloc(4 * (size_t)(n > 0 ? n : 1), sizeof *v);
    int rc = n < 0 || !v || read_strings(ds, "name", n, &name) ||
             read_strings(ds, "group", n, &group) || read_strings(ds, "distribution", n, &dist) ||
             read_strings(ds, "source", n, &src);
    static const char *const num[4] = {"p1", "p2", "lower", "upper"};
    for (int k = 0; !rc && k < 4; k++)
        rc = read_member(ds, num[k], H5T_NATIVE_DOUBLE, v + (size_t)k * (size_t)n);
    if (!rc && n > 0 && !(d->factors = bilim_calloc((size_t)n, sizeof *d->factors)))
        rc = -1;
    for (long i = 0; !rc && i < n; i++) {
        bilim_design_factor *f = &d->factors[i];
        int kind = prior_kind(dist[i]);
        if (kind < 0 || bilim_factor_resolve(name[i], &f->target, &f->param))
            rc = -1;
        snprintf(f->name, sizeof f->name, "%s", name[i]);
        snprintf(f->group, sizeof f->group, "%s", group[i]);
        snprintf(f->source, sizeof f->source, "%s", src[i]);
        f->prior = (bilim_prior){(bilim_prior_kind)kind, v[i], v[n + i], v[2 * n + i],
                                 v[3 * n + i]};
    }
    d->n_factors = rc ? 0 : (int32_t)n;
    free_strings(name, n);
    free_strings(group, n);
    free_strings(dist, n);
    free_strings(src, n);
    bilim_free(v);
    if (ds >= 0)
        H5Dclose(ds);
    return rc ? fail(r, "factors") : BILIM_OK;
}

/* 1 when name is a column of the runs table other than a posterior column. */
static int known_column(const bilim_design *d, const char *name)
{
    for (int i = 0; run_keys[i]; i++)
        if (!strcmp(run_keys[i], name))
            return 1;
    for (int32_t f = 0; f < d->n_factors; f++)
        if (!strcmp(d->factors[f].name, name))
            return 1;
    for (int k = 0; k < BILIM_DESIGN_N_OUTPUTS; k++)
        if (!strcmp(bilim_design_output_name((bilim_design_output)k), name))
            return 1;
    return 0;
}

/* The posterior columns of the runs table, as parameters. */
static int posterior_columns(hid_t ds, const bilim_design *d, const bilim_param_info **cols)
{
    hid_t t = H5Dget_type(ds);
    int n = H5Tget_nmembers(t), c = 0;
    for (int i = 0; i < n && c < BILIM_PARTICLES_MAX_COLUMNS; i++) {
        char *m = H5Tget_member_name(t, (unsigned)i);
        if (m && !known_column(d, m) && bilim_params_find(m))
            cols[c++] = bilim_params_find(m);
        H5free_memory(m);
    }
    H5Tclose(t);
    return c;
}

/* The particles the design drew, rebuilt from the runs' posterior columns. */
static int rebuild_particles(reader *r, hid_t ds, bilim_design *d, const int64_t *part, long n)
{
    const bilim_param_info *cols[BILIM_PARTICLES_MAX_COLUMNS];
    int C = posterior_columns(ds, d, cols);
    int64_t top = -1;
    for (long i = 0; i < n; i++)
        top = part[i] > top ? part[i] : top;
    if (C == 0 || top < 0)
        return BILIM_OK;
    double *col = bilim_malloc((size_t)n * sizeof *col);
    int rc = col ? bilim_particles_init(&d->particles, (int32_t)top + 1, C, r->err)
                 : bilim_error_set(r->err, BILIM_ENOMEM, "out of memory");
    for (int c = 0; !rc && c < C; c++) {
        d->particles.columns[c] = cols[c];
        if (read_member(ds, cols[c]->name, H5T_NATIVE_DOUBLE, col))
            rc = fail(r, "runs");
        for (long i = 0; !rc && i < n; i++)
            if (part[i] >= 0)
                d->particles.theta[(size_t)part[i] * (size_t)C + (size_t)c] = col[i];
    }
    /* Particles no draw used keep zeros; their weights are irrelevant. */
    for (int64_t k = 0; !rc && k <= top; k++) {
        int used = 0;
        for (long i = 0; i < n && !used; i++)
            used = part[i] == k;
        for (int c = 0; c < C && !used; c++)
            d->particles.theta[(size_t)k * (size_t)C + (size_t)c] = cols[c]->min;
        d->particles.weight[k] = 1.0;
    }
    if (!rc)
        rc = bilim_particles_finish(&d->particles, r->err);
    bilim_free(col);
    return rc;
}

/* Scenarios by index, with the names of the runs table. */
static int scenarios_from(reader *r, bilim_design *d, char **names, const int64_t *idx, long n)
{
    int64_t S = 0;
    for (long i = 0; i < n; i++)
        S = idx[i] + 1 > S ? idx[i] + 1 : S;
    if (S < 1 || S > 4096)
        return fail(r, "runs");
    d->scenarios = bilim_calloc((size_t)S, sizeof *d->scenarios);
    if (!d->scenarios)
        return bilim_error_set(r->err, BILIM_ENOMEM, "out of memory");
    d->n_scenarios = (int32_t)S;
    for (int64_t s = 0; s < S; s++)
        bilim_scenario_defaults(&d->scenarios[s]);
    for (long i = 0; i < n; i++)
        snprintf(d->scenarios[idx[i]].name, BILIM_NAME_MAX, "%s", names[i]);
    return BILIM_OK;
}

/* The run list, each point's particle and seed, and the records. */
static int read_runs(reader *r, bilim_design *d, bilim_design_record **records)
{
    hid_t ds = H5Dopen2(r->file, "/design/runs", H5P_DEFAULT);
    long n = ds >= 0 ? rows_of(ds) : -1;
    int64_t *iv = bilim_calloc(4 * (size_t)(n > 0 ? n : 1), sizeof *iv);
    uint64_t *seed = bilim_calloc((size_t)(n > 0 ? n : 1), sizeof *seed);
    double *v = bilim_calloc((size_t)(n > 0 ? n : 1), sizeof *v);
    char **names = NULL;
    static const char *const ints[4] = {"point", "particle", "scenario_index", "replicate"};
    int rc = n < 1 || !iv || !seed || !v || read_strings(ds, "scenario", n, &names) ||
             read_member(ds, "seed", H5T_NATIVE_UINT64, seed);
    for (int k = 0; !rc && k < 4; k++)
        rc = read_member(ds, ints[k], H5T_NATIVE_INT64, iv + (size_t)k * (size_t)n);
    const int64_t *point = iv, *part = iv + n, *scen = iv + 2 * n, *rep = iv + 3 * n;
    for (long i = 0; !rc && i < n; i++)
        rc = point[i] < 0 || point[i] >= d->n_points || part[i] < -1 || rep[i] < 0;
    if (rc) {
        rc = fail(r, "runs");
    } else if (!(d->runs = bilim_calloc((size_t)n, sizeof *d->runs)) ||
               !(*records = bilim_calloc((size_t)n, sizeof **records))) {
        rc = bilim_error_set(r->err, BILIM_ENOMEM, "out of memory");
    } else {
        rc = scenarios_from(r, d, names, scen, n);
    }
    for (long i = 0; !rc && i < n; i++) {
        d->runs[i] = (bilim_design_run){(int32_t)point[i], (int32_t)scen[i], (int32_t)rep[i]};
        d->particle[point[i]] = (int32_t)part[i];
        d->seeds[point[i]] = seed[i];
    }
    d->n_runs = rc ? 0 : (size_t)n;
    for (int k = 0; !rc && k < BILIM_DESIGN_N_OUTPUTS; k++) {
        if (read_member(ds, bilim_design_output_name((bilim_design_output)k), H5T_NATIVE_DOUBLE, v))
            rc = fail(r, "runs");
        for (long i = 0; !rc && i < n; i++)
            (*records)[i].v[k] = v[i];
    }
    if (!rc)
        rc = rebuild_particles(r, ds, d, part, n);
    free_strings(names, n);
    bilim_free(iv);
    bilim_free(seed);
    bilim_free(v);
    if (ds >= 0)
        H5Dclose(ds);
    return rc;
}

static int read_points(reader *r, bilim_design *d, int64_t n_points)
{
    if (n_points < 1 || n_points > INT32_MAX)
        return fail(r, "points");
    d->n_points = (int32_t)n_points;
    size_t nf = d->n_factors > 0 ? (size_t)d->n_factors : 1;
    d->values = bilim_calloc((size_t)n_points * nf, sizeof *d->values);
    d->particle = bilim_malloc((size_t)n_points * sizeof *d->particle);
    d->seeds = bilim_calloc((size_t)n_points, sizeof *d->seeds);
    if (!d->values || !d->particle || !d->seeds)
        return bilim_error_set(r->err, BILIM_ENOMEM, "out of memory");
    for (int64_t p = 0; p < n_points; p++)
        d->particle[p] = -1;
    if (d->n_factors == 0)
        return BILIM_OK;
    hid_t ds = H5Dopen2(r->file, "/design/points", H5P_DEFAULT);
    hid_t sp = ds >= 0 ? H5Dget_space(ds) : -1;
    hsize_t dims[2] = {0, 0};
    int ok = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 2 &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == 2 && dims[0] == (hsize_t)n_points &&
             dims[1] == (hsize_t)d->n_factors &&
             H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d->values) >= 0;
    if (sp >= 0)
        H5Sclose(sp);
    if (ds >= 0)
        H5Dclose(ds);
    return ok ? BILIM_OK : fail(r, "points");
}

int bilim_design_read(const char *path, bilim_design *d, bilim_design_record **records,
                      bilim_error *err)
{
    *records = NULL;
    bilim_design_init(d, 0);
    char *seed = NULL, *seeding = NULL, *sampling = NULL;
    int rc = bilim_output_read_attr_string(path, "/design", "seed", &seed, err);
    if (!rc)
        rc = bilim_output_read_attr_string(path, "/design", "seeding", &seeding, err);
    if (!rc)
        rc = bilim_output_read_attr_string(path, "/design", "sampling", &sampling, err);
    if (!rc) {
        d->seed = strtoull(seed, NULL, 10);
        d->seeding = !strncmp(seeding, "common", 6) ? BILIM_DESIGN_SEED_COMMON
                                                    : BILIM_DESIGN_SEED_PER_POINT;
        d->sampling = !strncmp(sampling, "Sobol", 5) ? BILIM_SAMPLING_SOBOL
                    : !strncmp(sampling, "Latin", 5) ? BILIM_SAMPLING_LHS
                                                     : BILIM_SAMPLING_EXPLICIT;
    }
    bilim_free(seed);
    bilim_free(seeding);
    bilim_free(sampling);
    reader r = {path, -1, err};
    int64_t points = -1;
    if (!rc) {
        bilim__output_quiet_hdf5();
        r.file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t g = r.file >= 0 ? H5Gopen2(r.file, "/design", H5P_DEFAULT) : -1;
        if (g < 0 || bilim__output_read_attr_i64(g, "points", &points))
            rc = fail(&r, "points");
        if (g >= 0)
            H5Gclose(g);
    }
    if (!rc)
        rc = read_factors(&r, d);
    if (!rc)
        rc = read_points(&r, d, points);
    if (!rc)
        rc = read_runs(&r, d, records);
    if (r.file >= 0)
        H5Fclose(r.file);
    if (rc) {
        bilim_free(*records);
        *records = NULL;
        bilim_design_clear(d);
    }
    return rc;
}
