/* tests/test_report.c: the HTML report and the gnuplot driver. The report
 * must be well-formed (every tag closed in order), self-contained (nothing
 * fetched from the network, no scripts, no external fonts), name every
 * scenario, and fail cleanly (no file left) when gnuplot is missing. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "analysis/compare.h"
#include "analysis/plot.h"
#include "analysis/report.h"
#include "helpers.h"
#include "synthetic_runs.h"

#define N 4

/* A name with every character HTML and gnuplot treat specially. */
static const char *const names[N] = {"status_quo", "leadership", "rural_grants",
                                     "hubs<b>&\"quoted\" 'x'"};

static const char *void_elements[] = {"meta", "br", "hr", "img", "input", "link", "wbr", "col",
                                      NULL};

static int is_void(const char *name)
{
    for (int i = 0; void_elements[i]; i++)
        if (strcmp(name, void_elements[i]) == 0)
            return 1;
    return 0;
}

/* Checks that tags nest and close in order; returns NULL or a message. */
static const char *check_balanced(const char *html, char *msg, size_t n)
{
    char stack[256][32];
    int depth = 0;
    for (const char *p = html; (p = strchr(p, '<')) != NULL;) {
        if (strncmp(p, "<!--", 4) == 0) {
            const char *e = strstr(p, "-->");
            if (!e)
                return "unterminated comment";
            p = e + 3;
            continue;
        }
        if (p[1] == '!' || p[1] == '?') { /* doctype */
            p = strchr(p, '>');
            if (!p)
                return "unterminated declaration";
            continue;
        }
        int closing = p[1] == '/';
        const char *q = p + 1 + closing;
        char name[32];
        size_t k = 0;
        while ((isalnum((unsigned char)*q) || *q == ':' || *q == '-') && k + 1 < sizeof name)
            name[k++] = (char)tolower((unsigned char)*q++);
        name[k] = '\0';
        if (k == 0) {
            snprintf(msg, n, "a bare '<' (unescaped text) near: %.40s", p);
            return msg;
        }
        /* Find the end of the tag, skipping quoted attribute values. */
        char quote = 0;
        for (; *q && (quote || *q != '>'); q++)
            if (quote ? *q == quote : (*q == '"' || *q == '\''))
                quote = quote ? 0 : *q;
        if (!*q)
            return "unterminated tag";
        int self_closing = q[-1] == '/';
        p = q + 1;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0) {
                snprintf(msg, n, "</%s> closes <%s>", name, depth ? stack[depth - 1] : "nothing");
                return msg;
            }
            depth--;
        } else if (!self_closing && !is_void(name)) {
            if (depth == 256)
                return "nesting too deep";
            snprintf(stack[depth++], sizeof stack[0], "%s", name);
        }
    }
    if (depth) {
        snprintf(msg, n, "<%s> never closed", stack[depth - 1]);
        return msg;
    }
    return NULL;
}

/* Every src= / href= value must be local ("#id"); no scripts, no links, no fonts. */
static void check_self_contained(const char *html)
{
    cr_assert_null(strstr(html, "<script"), "no scripts");
    cr_assert_null(strstr(html, "<link"), "no linked stylesheets");
    cr_assert_null(strstr(html, "@import"));
    cr_assert_null(strstr(html, "@font-face"));
    cr_assert_null(strstr(html, "url(http"));
    cr_assert_null(strstr(html, "<img"), "charts are inline SVG, not images");
    cr_assert_null(strstr(html, "<iframe"));
    const char *attrs[] = {"src=", "href=", "xlink:href=", NULL};
    for (int i = 0; attrs[i]; i++)
        for (const char *p = html; (p = strstr(p, attrs[i])) != NULL; p++) {
            const char *v = p + strlen(attrs[i]);
            if (*v == '"' || *v == '\'')
                v++;
            cr_assert(*v == '#', "non-local %s%.40s", attrs[i], v);
        }
}

static bilim_run_result runs[N];
static bilim_comparison cmp;
static char dir[] = "/tmp/bilim-test-report-XXXXXX";

static void setup(void)
{
    synth_runs(runs, N, names, 3, 24);
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(runs, N, &cmp, &err), 0, "%s", err.msg);
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    bilim_comparison_clear(&cmp);
    synth_free(runs, N);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(report, .init = setup, .fini = teardown);

static char *write_report(void)
{
    const char *jsons[N] = {"{\"name\": \"status_quo\", \"note\": \"</pre><b>\"}", NULL, NULL,
                            NULL};
    bilim_report_input in = {&cmp, runs, jsons, "out.h5", "bilim compare a b -o out.h5", NULL,
                             NULL, NULL, 0};
    char path[512];
    snprintf(path, sizeof path, "%s/report.html", dir);
    bilim_error err;
    cr_assert_eq(bilim_report_write(&in, path, &err), 0, "%s", err.msg);
    char *html = test_slurp(path);
    cr_assert_not_null(html);
    return html;
}

Test(report, well_formed_self_contained_and_names_every_scenario)
{
    char *html = write_report();
    char msg[256];
    const char *bad = check_balanced(html, msg, sizeof msg);
    cr_assert_null(bad, "%s", bad);
    check_self_contained(html);
    cr_assert(strstr(html, "status_quo"));
    cr_assert(strstr(html, "leadership"));
    cr_assert(strstr(html, "rural_grants"));
    cr_assert(strstr(html, "hubs&lt;b&gt;&amp;&quot;quoted&quot; &#39;x&#39;"),
              "names are escaped, not interpreted");
    cr_assert_null(strstr(html, "hubs<b>"));
    cr_assert(strstr(html, "&lt;/pre&gt;&lt;b&gt;"), "the scenario JSON is escaped");
    free(html);
}

Test(report, has_the_required_parts)
{
    char *html = write_report();
    const char *parts[] = {
        "id=\"summary-table\"", "95% CI", "KZT per additional teacher", "urban",
        "id=\"chart-routine\"", "id=\"chart-difference\"", "id=\"chart-locality\"",
        "id=\"chart-cost-effect\"", "id=\"chart-barriers\"", "id=\"chart-readiness\"",
        "Budgets", "Scenario definitions", "Provenance", "paired differences", "<svg",
        "Resolved scenario (JSON)", "bilim compare a b -o out.h5"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        cr_assert(strstr(html, parts[i]), "missing %s", parts[i]);
    /* Six charts, each its own SVG with ids prefixed so they do not clash. */
    int svgs = 0;
    for (const char *p = html; (p = strstr(p, "<svg")) != NULL; p++)
        svgs++;
    cr_assert_eq(svgs, 6);
    cr_assert_null(strstr(html, "id='gpDot'"), "gnuplot ids are prefixed");
    cr_assert(strstr(html, "id='chart-routine"));
    free(html);
}

Test(report, missing_gnuplot_is_a_clear_error_and_writes_nothing)
{
    setenv("BILIM_GNUPLOT", "/nonexistent/gnuplot", 1);
    bilim_error err;
    cr_assert_eq(bilim_plot_check(&err), BILIM_EIO);
    cr_assert(strstr(err.msg, "gnuplot-nox"), "%s", err.msg);
    bilim_report_input in = {&cmp, runs, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    char path[512];
    snprintf(path, sizeof path, "%s/report.html", dir);
    cr_assert_eq(bilim_report_write(&in, path, &err), BILIM_EIO);
    cr_assert(strstr(err.msg, "gnuplot-nox"), "%s", err.msg);
    cr_assert_eq(access(path, F_OK), -1, "no report left behind");
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert(e->d_name[0] == '.', "left behind: %s", e->d_name);
    closedir(d);
}

Test(report, gnuplot_errors_are_reported_and_temporary_files_removed)
{
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    cr_assert_eq(mkdir(tmp, 0700), 0);
    setenv("TMPDIR", tmp, 1);
    bilim_plot *p;
    bilim_error err;
    cr_assert_eq(bilim_plot_alloc(&p, &err), 0, "%s", err.msg);
    FILE *f = bilim_plot_data(p, "a.dat", &err);
    cr_assert_not_null(f);
    fputs("0 1\n1 2\n", f);
    fclose(f);
    char *svg = NULL;
    cr_assert_eq(bilim_plot_render(p, "plot 'a.dat' u 1:2 w lines title 'it''s'", 400, 300,
                                   "t1_", "A <test>", &svg, &err), 0, "%s", err.msg);
    cr_assert(strncmp(svg, "<svg", 4) == 0);
    cr_assert(strstr(svg, "<title>A &lt;test&gt;</title>"));
    cr_assert(strstr(svg, "it's"));
    cr_assert(strstr(svg, "</svg>"));
    free(svg);
    cr_assert_eq(bilim_plot_render(p, "plot 'missing.dat' u 1:2", 400, 300, "t2_", "bad", &svg,
                                   &err), BILIM_EIO);
    cr_assert_null(svg);
    cr_assert(strstr(err.msg, "gnuplot failed drawing 'bad'"), "%s", err.msg);
    cr_assert(strstr(err.msg, "missing.dat"), "the message quotes gnuplot: %s", err.msg);
    cr_assert_null(bilim_plot_data(p, "../escape.dat", &err), "names stay in the folder");
    bilim_plot_free(p);
    DIR *d = opendir(tmp);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_assert(e->d_name[0] == '.', "temporary file left: %s", e->d_name);
    closedir(d);
}

Test(report, one_replicate_still_reports)
{
    bilim_run_result one[2];
    const char *const two[2] = {"base", "option"};
    synth_runs(one, 2, two, 1, 6);
    bilim_comparison c;
    bilim_error err;
    cr_assert_eq(bilim_compare_compute(one, 2, &c, &err), 0, "%s", err.msg);
    bilim_report_input in = {&c, one, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    char path[512];
    snprintf(path, sizeof path, "%s/one.html", dir);
    cr_assert_eq(bilim_report_write(&in, path, &err), 0, "%s", err.msg);
    char *html = test_slurp(path);
    char msg[256];
    const char *bad = check_balanced(html, msg, sizeof msg);
    cr_assert_null(bad, "%s", bad);
    cr_assert(strstr(html, "One replicate"), "says there is no interval");
    free(html);
    bilim_comparison_clear(&c);
    synth_free(one, 2);
}

/* --- end to end: bilim compare --report, then bilim report ------------------ */

Test(report_cli, report_from_the_file_equals_the_one_compare_wrote, .timeout = 120)
{
    char d[] = "/tmp/bilim-test-rep-XXXXXX";
    cr_assert_not_null(mkdtemp(d));
    const char *src = test_source_dir();
    char args[4096], *out = NULL, *err = NULL;
    /* Options not in name order: the report must keep the command line's. */
    snprintf(args, sizeof args,
             "compare %s/scenarios/baseline.json %s/scenarios/option_10bn_incentives.json "
             "%s/scenarios/option_10bn_funding.json -o %s/c.h5 --report %s/r1.html "
             "--schools 40 --replicates 2 --threads 2 --quiet",
             src, src, src, d, d);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s%s", out, err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "report %s/c.h5 -o %s/r2.html", d, d);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s%s", out, err);
    free(out);
    free(err);
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/r1.html", d);
    snprintf(p2, sizeof p2, "%s/r2.html", d);
    char *a = test_slurp(p1), *b = test_slurp(p2);
    cr_assert(a && b);
    cr_assert_str_eq(a, b, "bilim report rebuilds the same report");
    char msg[256];
    const char *bad = check_balanced(a, msg, sizeof msg);
    cr_assert_null(bad, "%s", bad);
    check_self_contained(a);
    const char *i = strstr(a, "option_10bn_incentives compared"),
               *f = strstr(a, "option_10bn_funding compared");
    cr_assert(i && f && i < f, "options in the command line's order");
    free(a);
    free(b);

    snprintf(args, sizeof args, "report %s/c.h5 -o %s/r3.html --baseline option_10bn_funding",
             d, d);
    cr_assert_eq(test_run_bilim(args, &out, &err), 0, "%s%s", out, err);
    free(out);
    free(err);
    snprintf(p1, sizeof p1, "%s/r3.html", d);
    a = test_slurp(p1);
    cr_assert(strstr(a, "compared with the baseline <b>option_10bn_funding</b>"));
    free(a);
    snprintf(args, sizeof args, "report %s/c.h5 -o %s/r4.html --baseline nope", d, d);
    cr_assert_eq(test_run_bilim(args, &out, &err), 2);
    cr_assert(strstr(err, "'baseline', 'option_10bn_incentives', 'option_10bn_funding'"), "%s",
              err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "report %s/nothing.h5 -o %s/r5.html", d, d);
    cr_assert_eq(test_run_bilim(args, &out, &err), 1);
    cr_assert(strstr(err, "nothing.h5"), "%s", err);
    free(out);
    free(err);
    snprintf(p1, sizeof p1, "%s/r5.html", d);
    cr_assert_eq(access(p1, F_OK), -1);
    snprintf(args, sizeof args, "rm -rf '%s'", d);
    cr_assert_eq(system(args), 0);
}

/* A chart folder of a process killed while drawing is removed by the next
 * one; a folder of a live process is not. */
Test(report, chart_folders_of_killed_processes_are_removed)
{
    char gone[400], live[400], file[500];
    pid_t child = fork();
    cr_assert_geq(child, 0);
    if (child == 0)
        _exit(0);
    int st;
    waitpid(child, &st, 0);
    snprintf(gone, sizeof gone, "%s/bilim-plot-%ld-abcdef", dir, (long)child);
    snprintf(live, sizeof live, "%s/bilim-plot-%ld-abcdef", dir, (long)getppid());
    cr_assert_eq(mkdir(gone, 0700), 0);
    cr_assert_eq(mkdir(live, 0700), 0);
    snprintf(file, sizeof file, "%s/chart.svg", gone);
    FILE *f = fopen(file, "w");
    fclose(f);
    cr_assert_eq(setenv("TMPDIR", dir, 1), 0);
    bilim_plot *p;
    bilim_error err;
    cr_assert_eq(bilim_plot_alloc(&p, &err), 0, "%s", err.msg);
    struct stat sb;
    cr_assert_neq(stat(gone, &sb), 0, "the dead process's folder is removed");
    cr_assert_eq(stat(live, &sb), 0, "a live process's folder stays");
    bilim_plot_free(p);
    cr_assert_eq(test_count_entries(dir, "bilim-plot-"), 1, "its own folder is removed too");
}
