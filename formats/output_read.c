/* formats/output_read.c: reading result files back: whole scenarios into
 * bilim_run_result (for `bilim report` and tests), provenance and a listing
 * of every object (for `bilim info`). Every dataset's shape is checked
 * against the layout its scenario implies, so a damaged or foreign file gives
 * an error that names the file and the dataset rather than wrong numbers. */
#include "formats/output_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"
#include "formats/scenario_load.h"
#include "models/preset.h"

/* --- opening --------------------------------------------------------------- */

hid_t bilim__output_open_result(const char *path, bilim_error *err)
{
    bilim__output_quiet_hdf5();
    struct stat st;
    /* Before HDF5 sees the path: its messages for a folder or a device are
     * raw error records. */
    if (stat(path, &st) != 0) {
        bilim_error_set(err, BILIM_EIO, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        bilim_error_set(err, BILIM_EINVAL, "'%s' is %s, not a result file", path,
                        S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
        return -1;
    }
    if (access(path, R_OK) != 0) {
        bilim_error_set(err, BILIM_EIO, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    if (H5Fis_hdf5(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        bilim_error_set(err, BILIM_EINVAL,
                        "'%s' is not an HDF5 file; give a result file written by 'bilim run', "
                        "'bilim compare' or 'bilim calibrate'",
                        path);
        return -1;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
    H5Pset_file_locking(fapl, 1, 1); /* shared lock, unless the file system has none */
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (f < 0) {
        bilim__output_fail(err, BILIM_EINVAL, "'%s' is damaged: HDF5 cannot open it", path);
        return -1;
    }
    hid_t root = H5Gopen2(f, "/", H5P_DEFAULT);
    int64_t version = -1;
    int bad = root < 0 || bilim__output_read_attr_i64(root, "format_version", &version) != 0;
    if (root >= 0)
        H5Gclose(root);
    if (bad) {
        H5Fclose(f);
        bilim_error_set(err, BILIM_EINVAL,
                        "'%s' is an HDF5 file but not a bilim result file (no format_version "
                        "attribute on its root group)",
                        path);
        return -1;
    }
    if (version > BILIM_OUTPUT_FORMAT_VERSION || version < 1) {
        H5Fclose(f);
        bilim_error_set(err, BILIM_EINVAL,
                        "'%s' has result format %lld but this bilim reads format %d; use a "
                        "newer bilim",
                        path, (long long)version, BILIM_OUTPUT_FORMAT_VERSION);
        return -1;
    }
    return f;
}

/* --- attributes ------------------------------------------------------------ */

static int read_attr_num(hid_t obj, const char *name, hid_t mem, void *value)
{
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Aget_type(a);
    int rc = (H5Tget_class(t) == H5T_INTEGER || H5Tget_class(t) == H5T_FLOAT) &&
                     H5Aread(a, mem, value) >= 0
                 ? 0
                 : -1;
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

int bilim__output_read_attr_i64(hid_t obj, const char *name, int64_t *value)
{
    return read_attr_num(obj, name, H5T_NATIVE_INT64, value);
}

int bilim__output_read_attr_u64(hid_t obj, const char *name, uint64_t *value)
{
    return read_attr_num(obj, name, H5T_NATIVE_UINT64, value);
}

int bilim__output_read_attr_f64(hid_t obj, const char *name, double *value)
{
    return read_attr_num(obj, name, H5T_NATIVE_DOUBLE, value);
}

int bilim__output_read_attr_str(hid_t obj, const char *name, char **value)
{
    *value = NULL;
    if (H5Aexists(obj, name) <= 0)
        return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t ft = H5Aget_type(a);
    int rc = -1;
    if (H5Tget_class(ft) == H5T_STRING) {
        if (H5Tis_variable_str(ft) > 0) {
            char *s = NULL;
            hid_t mt = bilim__output_vlen_str();
            if (H5Aread(a, mt, &s) >= 0 && s) {
                *value = bilim_strdup(s);
                rc = *value ? 0 : -2;
                H5free_memory(s);
            }
            H5Tclose(mt);
        } else {
            size_t n = H5Tget_size(ft);
            char *s = bilim_calloc(n + 1, 1);
            hid_t mt = H5Tcopy(H5T_C_S1);
            H5Tset_size(mt, n + 1);
            if (!s) {
                rc = -2;
            } else if (H5Aread(a, mt, s) >= 0) {
                *value = s;
                rc = 0;
            } else {
                bilim_free(s);
            }
            H5Tclose(mt);
        }
    }
    H5Tclose(ft);
    H5Aclose(a);
    return rc;
}

/* The string attribute `name` of obj into dst ("" when absent); 1 when
 * out of memory (an empty field would pass for an absent one). */
static int copy_attr_str(hid_t obj, const char *name, char *dst, size_t n)
{
    char *s = NULL;
    dst[0] = '\0';
    const int rc = bilim__output_read_attr_str(obj, name, &s);
    if (rc == 0)
        snprintf(dst, n, "%s", s);
    bilim_free(s);
    return rc == -2;
}

/* --- provenance and listing ------------------------------------------------ */

int bilim_output_read_provenance(const char *path, bilim_output_provenance *p,
                                 bilim_error *err)
{
    memset(p, 0, sizeof *p);
    p->format_version = -1;
    p->wall_seconds = -1;
    p->threads = -1;
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    hid_t root = H5Gopen2(f, "/", H5P_DEFAULT);
    bilim__output_read_attr_i64(root, "format_version", &p->format_version);
    int nomem = copy_attr_str(root, "bilim_version", p->bilim_version, sizeof p->bilim_version);
    nomem |= copy_attr_str(root, "git_commit", p->git_commit, sizeof p->git_commit);
    nomem |= copy_attr_str(root, "library_versions", p->library_versions,
                           sizeof p->library_versions);
    nomem |= copy_attr_str(root, "random_streams", p->random_streams, sizeof p->random_streams);
    if (H5Lexists(root, "run_info", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(root, "run_info", H5P_DEFAULT);
        if (g >= 0) {
            p->has_run_info = 1;
            bilim__output_read_attr_f64(g, "wall_seconds", &p->wall_seconds);
            bilim__output_read_attr_i64(g, "threads", &p->threads);
            nomem |= copy_attr_str(g, "host", p->host, sizeof p->host);
            nomem |= copy_attr_str(g, "started", p->started, sizeof p->started);
            H5Gclose(g);
        }
    }
    H5Gclose(root);
    H5Fclose(f);
    return nomem ? bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", path)
                 : BILIM_OK;
}

typedef struct {
    bilim_output_entry *e;
    size_t n, cap;
    int failed;
} listing;

static void describe_dataset(hid_t d, bilim_output_entry *e)
{
    hid_t space = H5Dget_space(d), type = H5Dget_type(d);
    int rank = H5Sget_simple_extent_ndims(space);
    hsize_t dims[H5S_MAX_RANK];
    e->rank = rank > 8 ? 8 : (rank < 0 ? 0 : rank);
    if (rank > 0 && rank <= H5S_MAX_RANK) {
        H5Sget_simple_extent_dims(space, dims, NULL);
        for (int i = 0; i < e->rank; i++)
            e->dims[i] = dims[i];
    }
    H5T_class_t c = H5Tget_class(type);
    size_t size = H5Tget_size(type);
    const char *name = "other";
    if (c == H5T_FLOAT)
        name = size == 8 ? "float64" : "float32";
    else if (c == H5T_INTEGER)
        name = size == 8 ? "int64" : size == 4 ? "int32" : "integer";
    else if (c == H5T_STRING)
        name = "string";
    else if (c == H5T_COMPOUND)
        name = "table";
    snprintf(e->type, sizeof e->type, "%s", name);
    e->is_scale = H5DSis_scale(d) > 0;
    H5Tclose(type);
    H5Sclose(space);
}

static herr_t list_one(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    listing *l = data;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        bilim_output_entry *e = bilim_realloc(l->e, cap * sizeof *e);
        if (!e) {
            l->failed = 1;
            return -1;
        }
        l->e = e;
        l->cap = cap;
    }
    bilim_output_entry *e = &l->e[l->n];
    memset(e, 0, sizeof *e);
    snprintf(e->path, sizeof e->path, "/%s", name);
    H5O_info_t oi;
    if (H5Oget_info_by_name2(g, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
        return 0; /* dangling or external link: not ours, skip */
    if (oi.type == H5O_TYPE_GROUP) {
        e->is_group = 1;
    } else if (oi.type == H5O_TYPE_DATASET) {
        hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
        if (d < 0)
            return 0;
        describe_dataset(d, e);
        H5Dclose(d);
    } else {
        return 0;
    }
    l->n++;
    return 0;
}

int bilim_output_list(const char *path, bilim_output_entry **entries, size_t *n,
                      bilim_error *err)
{
    *entries = NULL;
    *n = 0;
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    listing l = {NULL, 0, 0, 0};
    herr_t rc = H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, list_one, &l);
    H5Fclose(f);
    if (rc < 0 || l.failed) {
        bilim_free(l.e);
        if (l.failed)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory listing '%s'", path);
        return bilim__output_fail(err, BILIM_EIO, "cannot list the contents of '%s'", path);
    }
    *entries = l.e;
    *n = l.n;
    return BILIM_OK;
}

/* --- whole scenarios ------------------------------------------------------- */

/* Reads dataset `name` of g, of the expected shape, into buf. */
int bilim__output_read_exact(hid_t g, const char *file, const char *gpath, const char *name,
                      hid_t mem, int rank, const hsize_t *dims, void *buf, bilim_error *err)
{
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0)
        return bilim_error_set(err, BILIM_EINVAL, "'%s': %s/%s is missing", file, gpath, name);
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return bilim__output_fail(err, BILIM_EIO, "'%s': cannot open %s/%s", file, gpath, name);
    hid_t space = H5Dget_space(d), type = H5Dget_type(d);
    hsize_t got[H5S_MAX_RANK];
    int ok = H5Sget_simple_extent_ndims(space) == rank;
    int type_ok = type >= 0 && H5Tget_class(type) == H5Tget_class(mem) &&
                  H5Tget_size(type) == H5Tget_size(mem);
    if (type >= 0)
        H5Tclose(type);
    if (ok && rank > 0) {
        H5Sget_simple_extent_dims(space, got, NULL);
        for (int i = 0; i < rank; i++)
            ok = ok && got[i] == dims[i];
    }
    H5Sclose(space);
    int rc = BILIM_OK;
    if (!ok) {
        char want[128] = "";
        size_t len = 0;
        for (int i = 0; i < rank && len < sizeof want - 24; i++)
            len += (size_t)snprintf(want + len, sizeof want - len, "%s%llu", i ? " x " : "",
                                    (unsigned long long)dims[i]);
        rc = bilim_error_set(err, BILIM_EINVAL,
                             "'%s': %s/%s does not have the shape its scenario implies (%s)",
                             file, gpath, name, want);
    } else if (!type_ok) {
        rc = bilim_error_set(err, BILIM_EINVAL, "'%s': %s/%s is not of type %s", file, gpath,
                             name, H5Tget_class(mem) == H5T_FLOAT ? "float64" : "int32");
    } else if (H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        rc = bilim__output_fail(err, BILIM_EIO, "'%s': cannot read %s/%s", file, gpath, name);
    }
    H5Dclose(d);
    return rc;
}

/* The scenario as run: its JSON, then the run's seed, replicates, months and
 * --schools sample from the group's attributes. */
static int scenario_of(hid_t g, const char *file, const char *name, char **json,
                       bilim_run_result *r, bilim_error *err)
{
    int64_t reps, months, schools, teachers;
    uint64_t seed;
    const int has_json = bilim__output_read_attr_str(g, "scenario_json", json);
    if (has_json == -2)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", file);
    if (has_json != 0 ||
        bilim__output_read_attr_u64(g, "seed", &seed) != 0 ||
        bilim__output_read_attr_i64(g, "replicates", &reps) != 0 ||
        bilim__output_read_attr_i64(g, "months", &months) != 0 ||
        bilim__output_read_attr_i64(g, "schools", &schools) != 0 ||
        bilim__output_read_attr_i64(g, "teachers", &teachers) != 0)
        return bilim_error_set(err, BILIM_EINVAL,
                               "'%s': /scenarios/%s lacks one of the attributes scenario_json, "
                               "seed, replicates, months, schools, teachers",
                               file, name);
    if (reps < 1 || months < 0 || months > BILIM_MAX_MONTHS || schools < 0)
        return bilim_error_set(err, BILIM_EINVAL, "'%s': /scenarios/%s has invalid sizes", file,
                               name);
    bilim_diags *d = bilim_diags_alloc();
    int rc = d ? bilim_scenario_load_string(*json, NULL, &r->scenario, NULL, d) : BILIM_ENOMEM;
    if (rc == BILIM_ENOMEM) {
        bilim_diags_free(d);
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", file);
    }
    if (rc) {
        bilim_error_set(err, BILIM_EINVAL, "'%s': the scenario_json of /scenarios/%s does not load: %s",
                        file, name, d && bilim_diags_count(d) ? bilim_diags_get(d, 0) : "error");
        bilim_diags_free(d);
        return BILIM_EINVAL;
    }
    bilim_diags_free(d);
    r->scenario.seed = seed;
    r->scenario.replicates = (int32_t)reps;
    bilim_scenario_set_months(&r->scenario, (int32_t)months);
    /* --schools, as the command line applies it (budgets and programme
     * sizes scale with the sample). */
    if (schools != bilim_population_schools(&r->scenario.population) &&
        (rc = bilim_scenario_sample(&r->scenario, (int32_t)schools, err)) != BILIM_OK)
        return rc == BILIM_ENOMEM ? rc : BILIM_EINVAL;
    /* The group's name is the scenario's name (compare may rename options). */
    snprintf(r->scenario.name, sizeof r->scenario.name, "%s", name);
    r->replicates = (int32_t)reps;
    r->months = (int32_t)months;
    r->schools = (int32_t)schools;
    r->teachers = teachers;
    bilim_obs_layout_init(&r->layout, &r->scenario);
    return BILIM_OK;
}

static int read_series(hid_t sg, const char *file, const char *gpath, bilim_run_result *r,
                       bilim_error *err)
{
    const size_t reps = (size_t)r->replicates, months = (size_t)r->months + 1;
    for (int i = 0; i < BILIM_N_METRICS; i++) {
        const bilim_metric *m = &r->layout.metrics[i];
        if (!m->present)
            continue;
        hsize_t dims[4] = {reps, months, (hsize_t)m->dims[0], (hsize_t)m->dims[1]};
        double *buf = bilim_malloc(reps * months * m->size * sizeof *buf + 1);
        if (!buf)
            return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", file);
        int rc = bilim__output_read_exact(sg, file, gpath, m->name, H5T_NATIVE_DOUBLE, 2 + m->n_axes, dims,
                            buf, err);
        for (size_t rep = 0; !rc && rep < reps; rep++)
            for (size_t t = 0; t < months; t++)
                memcpy(r->series + (rep * months + t) * r->layout.record_size + m->offset,
                       buf + (rep * months + t) * m->size, m->size * sizeof *buf);
        bilim_free(buf);
        if (rc)
            return rc;
    }
    return BILIM_OK;
}

static int read_surveys(hid_t vg, const char *file, const char *gpath, bilim_run_result *r,
                        bilim_error *err)
{
    const size_t reps = (size_t)r->replicates, ns = (size_t)r->scenario.outputs.n_survey_months;
    const size_t cells = reps * ns;
    int32_t *buf = bilim_malloc((cells ? cells : 1) * (BILIM_N_BANDS + BILIM_N_BARRIERS) * sizeof *buf);
    if (!buf)
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", file);
    static const char *const names[4] = {"n", "n_rural", "band_counts", "barrier_counts"};
    int rc = BILIM_OK;
    for (int v = 0; v < 4 && !rc; v++) {
        hsize_t width = v == 2 ? BILIM_N_BANDS : v == 3 ? BILIM_N_BARRIERS : 1;
        hsize_t dims[3] = {reps, ns, width};
        rc = bilim__output_read_exact(vg, file, gpath, names[v], H5T_NATIVE_INT32, v >= 2 ? 3 : 2, dims, buf,
                        err);
        for (size_t c = 0; !rc && c < cells; c++) {
            bilim_survey *sv = &r->surveys[c];
            sv->month = r->scenario.outputs.survey_months[c % ns];
            for (size_t k = 0; k < width; k++) {
                int32_t x = buf[c * width + k];
                if (v == 0)
                    sv->n = x;
                else if (v == 1)
                    sv->n_rural = x;
                else if (v == 2)
                    sv->band[k] = x;
                else
                    sv->barrier[k] = x;
            }
        }
    }
    bilim_free(buf);
    return rc;
}

static int read_one(hid_t scen, const char *file, const char *name, bilim_run_result *r,
                    char **json, bilim_error *err)
{
    hid_t g = H5Gopen2(scen, name, H5P_DEFAULT);
    if (g < 0)
        return bilim__output_fail(err, BILIM_EINVAL, "'%s': /scenarios/%s is not a group", file,
                                  name);
    int rc = scenario_of(g, file, name, json, r, err);
    size_t records = (size_t)r->replicates * ((size_t)r->months + 1);
    size_t nsurv = (size_t)r->replicates * (size_t)r->scenario.outputs.n_survey_months;
    if (!rc) {
        r->series = bilim_calloc(records * r->layout.record_size + 1, sizeof *r->series);
        r->surveys = bilim_calloc(nsurv + 1, sizeof *r->surveys);
        if (!r->series || !r->surveys)
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", file);
    }
    char gpath[512];
    const char *sub[2] = {"series", "survey"};
    for (int k = 0; k < 2 && !rc; k++) {
        snprintf(gpath, sizeof gpath, "/scenarios/%s/%s", name, sub[k]);
        if (H5Lexists(g, sub[k], H5P_DEFAULT) <= 0) {
            rc = bilim_error_set(err, BILIM_EINVAL, "'%s': %s is missing", file, gpath);
            break;
        }
        hid_t sg = H5Gopen2(g, sub[k], H5P_DEFAULT);
        rc = k == 0 ? read_series(sg, file, gpath, r, err) : read_surveys(sg, file, gpath, r, err);
        H5Gclose(sg);
    }
    H5Gclose(g);
    return rc;
}

typedef struct {
    char **names;
    int n, cap;
    int nomem;  /* the listing stopped for want of memory */
} name_list;

static herr_t collect_name(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)info;
    name_list *l = data;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        char **p = bilim_realloc(l->names, (size_t)cap * sizeof *p);
        if (!p) {
            l->nomem = 1;
            return -1;
        }
        l->names = p;
        l->cap = cap;
    }
    if (!(l->names[l->n] = bilim_strdup(name))) {
        l->nomem = 1;
        return -1;
    }
    l->n++;
    return 0;
}

int bilim_output_read(const char *path, bilim_run_result **runs, char ***jsons,
                      int *n_runs, bilim_error *err)
{
    *runs = NULL;
    *jsons = NULL;
    *n_runs = 0;
    hid_t f = bilim__output_open_result(path, err);
    if (f < 0)
        return err ? err->code : BILIM_EIO;
    name_list names = {NULL, 0, 0, 0};
    int rc = BILIM_OK;
    if (H5Lexists(f, "scenarios", H5P_DEFAULT) > 0) {
        hid_t scen = H5Gopen2(f, "scenarios", H5P_DEFAULT);
        hsize_t idx = 0;
        if (scen < 0 || H5Literate(scen, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, &names) < 0)
            rc = names.nomem ? bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", path)
                             : bilim__output_fail(err, BILIM_EIO, "'%s': cannot list /scenarios", path);
        bilim_run_result *r = bilim_calloc((size_t)names.n + 1, sizeof *r);
        char **js = bilim_calloc((size_t)names.n + 1, sizeof *js);
        if (!rc && (!r || !js))
            rc = bilim_error_set(err, BILIM_ENOMEM, "out of memory reading '%s'", path);
        for (int i = 0; !rc && i < names.n; i++)
            rc = read_one(scen, path, names.names[i], &r[i], &js[i], err);
        if (scen >= 0)
            H5Gclose(scen);
        if (rc) {
            bilim_output_read_free(r, js, names.n);
        } else {
            *runs = r;
            *jsons = js;
            *n_runs = names.n;
        }
    }
    double wall = -1;
    int64_t threads = -1;
    if (!rc && H5Lexists(f, "run_info", H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(f, "run_info", H5P_DEFAULT);
        bilim__output_read_attr_f64(g, "wall_seconds", &wall);
        bilim__output_read_attr_i64(g, "threads", &threads);
        H5Gclose(g);
        for (int i = 0; i < *n_runs; i++) {
            (*runs)[i].wall_seconds = wall;
            (*runs)[i].threads_used = (int)threads;
        }
    }
    for (int i = 0; i < names.n; i++)
        bilim_free(names.names[i]);
    bilim_free(names.names);
    H5Fclose(f);
    return rc;
}

void bilim_output_read_free(bilim_run_result *runs, char **jsons, int n_runs)
{
    for (int i = 0; runs && i < n_runs; i++)
        bilim_run_result_clear(&runs[i]);
    for (int i = 0; jsons && i < n_runs; i++)
        bilim_free(jsons[i]);
    bilim_free(runs);
    bilim_free(jsons);
}
