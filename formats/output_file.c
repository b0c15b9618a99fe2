/* formats/output_file.c: the result file's life: checks on the target before
 * anything is simulated, the temporary file beside it, the root provenance
 * attributes, and the atomic rename on commit (or removal on abort). Also
 * the HDF5 helpers every formats/output*.c file shares. */
#include "formats/output_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <gsl/gsl_version.h>
#include "base/alloc.h"
#include "base/stats.h"
#include "base/outset.h"
#include "base/version.h"
#include "formats/output_info.h"

/* Allowance for metadata (object headers, scales, attributes) on top of the
 * data itself. */
#define METADATA_ALLOWANCE (1u << 20)

/* --- shared helpers -------------------------------------------------------- */

void bilim__output_quiet_hdf5(void)
{
    /* HDF5 1.10.8 crashes in its clean-up at exit (H5F__close_cb) when a
     * file failed to close (a full disk). bilim closes every file it opens
     * (a failed one is discarded), so that clean-up has nothing to do: it
     * is not installed. Effective only before HDF5's first use. */
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

typedef struct {
    char desc[256];
    int found;
} h5_first_error;

/* HDF5's innermost description, without its raw parts: for a failed
 * system call HDF5 writes "... errno = 28, error message = 'No space left
 * on device', buf = 0x..., ..." of which only the message means anything
 * to a reader. */
static herr_t take_first(unsigned n, const H5E_error2_t *e, void *data)
{
    h5_first_error *f = data;
    if (n != 0 || !e->desc || !e->desc[0])
        return 0;
    const char *m = strstr(e->desc, "error message = '");
    const char *end = m ? strchr(m + 17, '\'') : NULL;
    if (m && end)
        snprintf(f->desc, sizeof f->desc, "%.*s", (int)(end - m - 17), m + 17);
    else
        snprintf(f->desc, sizeof f->desc, "%.*s", (int)strcspn(e->desc, "\n"), e->desc);
    f->found = 1;
    return 0;
}

int bilim__output_fail(bilim_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    char msg[BILIM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    h5_first_error f = {{0}, 0};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_first, &f);
    H5Eclear2(H5E_DEFAULT);
    if (f.found)
        return bilim_error_set(err, code, "%s (HDF5: %s)", msg, f.desc);
    return bilim_error_set(err, code, "%s", msg);
}

hid_t bilim__output_gcpl(void)
{
    hid_t p = H5Pcreate(H5P_GROUP_CREATE);
    if (p >= 0) {
        H5Pset_obj_track_times(p, 0);
        H5Pset_link_phase_change(p, BILIM_OUTPUT_MAX_COMPACT, BILIM_OUTPUT_MAX_COMPACT - 1);
    }
    return p;
}

hid_t bilim__output_dcpl(int rank, const hsize_t *dims, hid_t type)
{
    hid_t p = H5Pcreate(H5P_DATASET_CREATE);
    if (p < 0)
        return p;
    H5Pset_obj_track_times(p, 0);
    size_t elem_size = H5Tget_size(type);
    hsize_t total = elem_size;
    for (int i = 0; i < rank; i++)
        total *= dims[i];
    /* Every dataset with data is chunked so that it can carry a Fletcher32
     * checksum: a damaged chunk is then a read error, never wrong numbers.
     * Scalars and empty arrays cannot be chunked (and hold nothing), and
     * HDF5 filters no variable-length strings (their bytes live in the
     * global heap, outside the chunks). */
    if (rank == 0 || total == 0 || elem_size == 0 || H5Tis_variable_str(type) > 0)
        return p;
    /* Chunks keep the trailing axes whole and cut the leading ones, so one
     * chunk holds many replicates' complete series of a metric. */
    hsize_t chunk[H5S_MAX_RANK];
    hsize_t budget = BILIM_OUTPUT_CHUNK_BYTES / elem_size;
    if (budget < 1)
        budget = 1;
    for (int i = 0; i < rank; i++) {
        hsize_t inner = 1;
        for (int j = i + 1; j < rank; j++)
            inner *= dims[j];
        if (inner <= budget) {
            chunk[i] = budget / inner < dims[i] ? budget / inner : dims[i];
            for (int j = i + 1; j < rank; j++)
                chunk[j] = dims[j];
            break;
        }
        chunk[i] = 1;
    }
    H5Pset_chunk(p, rank, chunk);
    if (total >= BILIM_OUTPUT_COMPRESS_MIN_BYTES && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        H5Pset_shuffle(p);
        H5Pset_deflate(p, 4);
    }
    /* Last, so the checksum covers the compressed bytes and is checked
     * before anything is inflated. */
    H5Pset_fletcher32(p);
    return p;
}

hid_t bilim__output_dxpl_small(void)
{
    hid_t p = H5Pcreate(H5P_DATASET_XFER);
    if (p >= 0)
        H5Pset_buffer(p, 16384, NULL, NULL);
    return p;
}

hid_t bilim__output_vlen_str(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

const char *bilim__output_split(const char *path, char *parent, size_t n)
{
    size_t len = strlen(path);
    if (len < 2 || path[0] != '/' || path[len - 1] == '/' || len >= n)
        return NULL;
    const char *slash = strrchr(path, '/');
    size_t plen = (size_t)(slash - path);
    if (plen == 0) {
        strcpy(parent, "/");
    } else {
        memcpy(parent, path, plen);
        parent[plen] = '\0';
    }
    return slash + 1;
}

hid_t bilim__output_group(hid_t file, const char *path, int create, bilim_error *err)
{
    if (path[0] != '/') {
        bilim__output_fail(err, BILIM_EINTERNAL, "HDF5 path '%s' is not absolute", path);
        return -1;
    }
    hid_t g = H5Gopen2(file, "/", H5P_DEFAULT);
    const char *p = path + 1;
    char part[512];
    while (g >= 0 && *p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || len >= sizeof part) {
            H5Gclose(g);
            bilim__output_fail(err, BILIM_EINTERNAL, "HDF5 path '%s' is malformed", path);
            return -1;
        }
        memcpy(part, p, len);
        part[len] = '\0';
        hid_t next;
        htri_t exists = H5Lexists(g, part, H5P_DEFAULT);
        if (exists > 0) {
            next = H5Gopen2(g, part, H5P_DEFAULT);
        } else if (create && exists == 0) {
            hid_t gcpl = bilim__output_gcpl();
            next = H5Gcreate2(g, part, H5P_DEFAULT, gcpl, H5P_DEFAULT);
            H5Pclose(gcpl);
        } else {
            next = -1;
        }
        H5Gclose(g);
        g = next;
        p += len;
        if (*p == '/')
            p++;
    }
    if (g < 0)
        bilim__output_fail(err, create ? BILIM_EIO : BILIM_EINVAL,
                           create ? "cannot create group '%s'" : "no group '%s' in the file",
                           path);
    return g;
}

int bilim__output_attr_str(hid_t obj, const char *name, const char *value)
{
    if (H5Aexists(obj, name) > 0 && H5Adelete(obj, name) < 0)
        return -1;
    hid_t t = bilim__output_vlen_str();
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a < 0 ? -1 : (H5Awrite(a, t, &value) < 0 ? -1 : 0);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    return rc;
}

int bilim__output_attr_num(hid_t obj, const char *name, hid_t type, const void *value)
{
    if (H5Aexists(obj, name) > 0 && H5Adelete(obj, name) < 0)
        return -1;
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, name, type, s, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a < 0 ? -1 : (H5Awrite(a, type, value) < 0 ? -1 : 0);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    return rc;
}

/* --- the file: created in an output set, closed, committed ---------------- */

void bilim_output_library_versions(char *buf, size_t n)
{
    snprintf(buf, n, "GSL %s; HDF5 %d.%d.%d; Random123 Philox4x64-10", gsl_version,
             H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE);
}

static int write_root_attrs(hid_t file)
{
    char libs[256];
    bilim_output_library_versions(libs, sizeof libs);
    int64_t format = BILIM_OUTPUT_FORMAT_VERSION;
    hid_t root = H5Gopen2(file, "/", H5P_DEFAULT);
    if (root < 0)
        return -1;
    int rc = bilim__output_attr_str(root, "bilim_version", bilim_version()) |
             bilim__output_attr_str(root, "git_commit", bilim_version_git_commit()) |
             bilim__output_attr_str(root, "library_versions", libs) |
             bilim__output_attr_num(root, "format_version", H5T_NATIVE_INT64, &format) |
             bilim__output_attr_str(root, "random_streams",
                                    "Philox4x64-10 keyed (seed, replicate<<32|purpose); "
                                    "counter (entity, step, block, lane)");
    H5Gclose(root);
    return rc;
}

uint64_t bilim_output_estimate_bytes(const bilim_scenario *sc)
{
    bilim_obs_layout L;
    bilim_obs_layout_init(&L, sc);
    uint64_t months = (uint64_t)sc->months + 1;
    uint64_t reps = sc->replicates > 0 ? (uint64_t)sc->replicates : 1;
    uint64_t cells = (reps + BILIM_STATS_N_SUMMARY) * months * (uint64_t)L.record_size;
    uint64_t survey = reps * (uint64_t)sc->outputs.n_survey_months *
                      (2u + BILIM_N_BANDS + BILIM_N_BARRIERS) * sizeof(int32_t);
    return cells * sizeof(double) + survey + METADATA_ALLOWANCE;
}

/* Creates the HDF5 file at tmp. Format: HDF5 1.10 (libver bounds), whose
 * metadata all carry checksums; groups keep their links in the object
 * header (compact storage, also checksummed), because HDF5 1.10 crashes
 * on some damaged dense link storage. HDF5's own file lock is off: the
 * temporary is private to this process and locked by the output set, and
 * flock() is emulated with fcntl locks on NFS, where it would collide. */
static hid_t create_file(const char *tmp)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* Timestamps off for the root group too (the file creation list is a
     * group creation list). STRONG close: closing the file closes every
     * object, so nothing is left unflushed. */
    H5Pset_obj_track_times(fcpl, 0);
    H5Pset_link_phase_change(fcpl, BILIM_OUTPUT_MAX_COMPACT, BILIM_OUTPUT_MAX_COMPACT - 1);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
    H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
    H5Pset_file_locking(fapl, 0, 1);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
    H5Pclose(fcpl);
    H5Pclose(fapl);
    return f;
}

int bilim_output_open(bilim_outset *set, int index, bilim_output **out, bilim_error *err)
{
    *out = NULL;
    bilim__output_quiet_hdf5();
    const char *tmp = bilim_outset_temp(set, index), *target = bilim_outset_target(set, index);
    if (!tmp || !target)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_output_open: output %d is not open",
                               index);
    bilim_output *o = bilim_calloc(1, sizeof *o);
    if (!o || !(o->target = bilim_strdup(target)) || !(o->tmp = bilim_strdup(tmp))) {
        if (o) {
            bilim_free(o->target);
            bilim_free(o);
        }
        return bilim_error_set(err, BILIM_ENOMEM, "out of memory opening '%s'", target);
    }
    o->file = create_file(o->tmp);
    if (o->file < 0) {
        int rc = bilim__output_fail(err, BILIM_EIO, "cannot create the HDF5 file '%s' for '%s'",
                                    o->tmp, target);
        bilim_free(o->tmp);
        bilim_free(o->target);
        bilim_free(o);
        return rc;
    }
    if (write_root_attrs(o->file) < 0) {
        int rc = bilim__output_fail(err, BILIM_EIO, "cannot write attributes to '%s'", o->tmp);
        bilim_output_close(o, NULL);
        return rc;
    }
    *out = o;
    return BILIM_OK;
}

int bilim_output_create_sized(const char *path, uint64_t expected_bytes,
                              const bilim_diags *inputs, bilim_output **out, bilim_error *err)
{
    *out = NULL;
    bilim_outset *set = bilim_outset_alloc();
    int rc = set ? BILIM_OK : bilim_error_set(err, BILIM_ENOMEM, "out of memory");
    if (!rc)
        rc = bilim_diags_declare_inputs(inputs, set, err);
    if (!rc)
        rc = bilim_outset_file(set, path, "output", expected_bytes, NULL, err);
    if (!rc)
        rc = bilim_outset_open(set, err);
    if (!rc)
        rc = bilim_output_open(set, 0, out, err);
    if (rc)
        bilim_outset_free(set);
    else
        (*out)->own = set;
    return rc;
}

int bilim_output_create(const char *path, bilim_output **out, bilim_error *err)
{
    return bilim_output_create_sized(path, 0, NULL, out, err);
}

const char *bilim_output_temp_path(const bilim_output *o)
{
    return o ? o->tmp : NULL;
}

/* After a failed write (a full disk) the file is discarded; emptying it
 * first gives HDF5 room for what it still writes when it closes, which it
 * otherwise fails to do, leaving the file half-closed (see
 * bilim__output_quiet_hdf5). An explicit H5Fflush is avoided for the same
 * reason: after a failed flush HDF5 1.10.8 can no longer close the file. */
static int close_file(bilim_output *o, bilim_error *err)
{
    if (o->failed)
        (void)truncate(o->tmp, 0);
    int rc = BILIM_OK;
    if (H5Fclose(o->file) < 0)
        rc = bilim__output_fail(err, BILIM_EIO, "cannot finish writing '%s' (is the disk full?)",
                                o->target);
    o->file = -1;
    return rc;
}

int bilim_output_close(bilim_output *o, bilim_error *err)
{
    if (!o)
        return BILIM_OK;
    int rc = o->file >= 0 ? close_file(o, err) : BILIM_OK;
    bilim_free(o->tmp);
    bilim_free(o->target);
    bilim_free(o);
    return rc;
}

int bilim_output_commit(bilim_output *o, bilim_error *err)
{
    if (!o)
        return bilim_error_set(err, BILIM_EINTERNAL, "bilim_output_commit on NULL");
    bilim_outset *set = o->own;
    int rc = bilim_output_close(o, err);
    if (!rc && set)
        rc = bilim_outset_commit(set, err);
    bilim_outset_free(set);
    return rc;
}

void bilim_output_abort(bilim_output *o)
{
    if (!o)
        return;
    bilim_outset *set = o->own;
    bilim_output_close(o, NULL);
    bilim_outset_free(set);
}
