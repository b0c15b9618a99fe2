/* cli/cmd_info.c: `bilim info OUT.h5`: what a result file holds: its
 * provenance, each scenario's size, metrics with their shapes and axes, the
 * survey months, and any other groups (comparison, calibration). The file
 * is checked first (formats/output_read.h: layout and checksums). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/alloc.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/probe.h"
#include "formats/output_info.h"
#include "formats/output_read.h"

static void print_provenance(const char *path, const bilim_output_provenance *p)
{
    printf("%s: bilim result file, format %lld\n", path, (long long)p->format_version);
    printf("  written by     bilim %s (commit %s)\n", p->bilim_version, p->git_commit);
    printf("  libraries      %s\n", p->library_versions);
    printf("  random streams %s\n", p->random_streams);
    if (p->has_run_info)
        printf("  run            started %s on %s, %lld thread%s, %.2f s wall\n", p->started,
               p->host, (long long)p->threads, p->threads == 1 ? "" : "s", p->wall_seconds);
}

static void print_labels(const bilim_scenario *sc, bilim_axis a, const char *title)
{
    int32_t n = bilim_axis_length(sc, a);
    if (n == 0)
        return;
    printf("  %-15s", title);
    for (int32_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", bilim_axis_label(sc, a, i));
    printf("\n");
}

static void print_run(const bilim_run_result *r)
{
    const bilim_scenario *sc = &r->scenario;
    printf("\nscenario '%s': seed %llu, %d replicates, months 0..%d, %d schools, %lld teachers\n",
           sc->name, (unsigned long long)sc->seed, (int)r->replicates, (int)r->months,
           (int)r->schools, (long long)r->teachers);
    print_labels(sc, BILIM_AXIS_INNOVATION, "innovations");
    print_labels(sc, BILIM_AXIS_INTERVENTION, "interventions");
    printf("  %-15s", "survey months");
    for (int i = 0; i < sc->outputs.n_survey_months; i++)
        printf("%s%d", i ? ", " : "", (int)sc->outputs.survey_months[i]);
    printf(sc->outputs.n_survey_months ? " (n = %d)\n" : "none\n", (int)sc->outputs.survey_n);
    printf("  series/ and summary/ (summary: stat x month x ...; stat = mean, sd, q05, q50, q95):\n");
    for (int i = 0; i < BILIM_N_METRICS; i++) {
        const bilim_metric *m = &r->layout.metrics[i];
        if (!m->present)
            continue;
        char shape[96];
        int len = snprintf(shape, sizeof shape, "%d x %d x %d", (int)r->replicates,
                           (int)r->months + 1, (int)m->dims[0]);
        if (m->n_axes > 1)
            snprintf(shape + len, sizeof shape - (size_t)len, " x %d", (int)m->dims[1]);
        printf("    %-34s %-18s replicate, month, %s%s%s\n", m->name, shape,
               bilim_axis_name(m->axes[0]), m->n_axes > 1 ? ", " : "",
               m->n_axes > 1 ? bilim_axis_name(m->axes[1]) : "");
    }
}

/* Datasets outside /scenarios (comparison, calibration, ...), scales aside. */
static void print_others(const bilim_output_entry *e, size_t n)
{
    int header = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].is_group || e[i].is_scale || strncmp(e[i].path, "/scenarios/", 11) == 0)
            continue;
        if (!header)
            printf("\nother datasets:\n");
        header = 1;
        char shape[96] = "scalar";
        size_t len = 0;
        for (int k = 0; k < e[i].rank && len < sizeof shape - 24; k++)
            len += (size_t)snprintf(shape + len, sizeof shape - len, "%s%llu", k ? " x " : "",
                                    (unsigned long long)e[i].dims[k]);
        printf("    %-40s %-18s %s\n", e[i].path, shape, e[i].type);
    }
}

/* Everything info reads, in a child process first (cli/probe.h). */
static int read_everything(void *arg, bilim_error *err)
{
    const char *path = arg;
    bilim_output_provenance prov;
    int rc = bilim_output_check(path, err);
    if (!rc)
        rc = bilim_output_read_provenance(path, &prov, err);
    bilim_output_entry *e = NULL;
    size_t n = 0;
    if (!rc)
        rc = bilim_output_list(path, &e, &n, err);
    bilim_free(e);
    return rc;
}

int bilim_cmd_info(int argc, char **argv)
{
    bilim_opt opts[1];
    const char *pos[2];
    int n_pos, help;
    bilim_error err;
    bilim_error_clear(&err);
    if (bilim_args_parse("info", argc, argv, opts, 0, pos, 1, &n_pos, &help, &err))
        return bilim_cli_fail("info", &err);
    if (help) {
        bilim_cli_help(stdout, "bilim info OUT.h5",
                       "Summarises a result file written by 'bilim run', 'bilim compare' or\n"
                       "'bilim calibrate': provenance, scenarios, replicates, months, metrics\n"
                       "with their shapes and axes, survey months, and other datasets. First\n"
                       "checks the whole file: every dataset it should hold, with its shape\n"
                       "and type, and every checksum; a damaged file is an error (exit 1).\n"
                       "See docs/output.md.\n\n"
                       "Example:\n"
                       "  bilim info base.h5",
                       opts, 0);
        return 0;
    }
    if (n_pos != 1) {
        fprintf(stderr, "bilim info: expects one result file; usage: bilim info OUT.h5; see "
                        "'bilim help info'\n");
        return 2;
    }
    /* The whole file is checked (layout, checksums) before anything is
     * printed, in a child process that may crash where HDF5 cannot cope. */
    bilim_output_provenance prov;
    if (bilim_probe_run(read_everything, (void *)pos[0], pos[0], &err) ||
        bilim_output_read_provenance(pos[0], &prov, &err))
        return bilim_cli_fail("info", &err);
    print_provenance(pos[0], &prov);
    bilim_run_result *runs = NULL;
    char **jsons = NULL;
    int n_runs = 0;
    int rc = bilim_output_read(pos[0], &runs, &jsons, &n_runs, &err);
    for (int i = 0; !rc && i < n_runs; i++)
        print_run(&runs[i]);
    bilim_output_read_free(runs, jsons, n_runs);
    bilim_output_entry *e = NULL;
    size_t n = 0;
    bilim_error lerr;
    if (bilim_output_list(pos[0], &e, &n, &lerr) == 0)
        print_others(e, n);
    bilim_free(e);
    fflush(stdout);
    if (rc)
        return bilim_cli_fail("info", &err);
    return 0;
}
