/* tests/test_progress.c: progress reports (cli/progress.h) on a clock the
 * test moves, so intervals are checked without waiting: the plain lines of
 * an unwatched run (never an escape code, at most one per interval), the
 * ETAs of a stage and of the whole job, the bar's "scenario k of n", and
 * silence under --quiet. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/progress.h"

static double fake_now;
static double fake_clock(void)
{
    return fake_now;
}

/* The text written to f so far (caller frees). */
static char *contents(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    cr_assert_not_null(s);
    rewind(f);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fseek(f, 0, SEEK_END); /* between reading and writing again */
    return s;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void start(bilim_progress *p, bilim_progress_mode mode, FILE *f, const char *command,
                  int n_stages)
{
    fake_now = 100.0;
    bilim_progress_init(p, mode, f, command, n_stages);
    bilim_progress_set_clock(p, fake_clock);
    p->interval = 10.0;
}

static void at(bilim_progress *p, double t, double frac)
{
    fake_now = 100.0 + t;
    bilim_progress_report(p, frac, (int64_t)(frac * 10), 10, "replicates", NULL);
}

Test(progress, log_lines_at_most_one_per_interval_and_no_escape_codes)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_LOG, f, "run", 1);
    bilim_progress_stage(&p, "baseline");
    at(&p, 1.0, 0.05);
    at(&p, 5.0, 0.2);
    at(&p, 9.9, 0.3);
    char *s = contents(f);
    cr_assert_str_empty(s, "nothing before the first interval: %s", s);
    free(s);
    at(&p, 10.0, 0.4);  /* the first line */
    at(&p, 12.0, 0.45);
    at(&p, 19.9, 0.5);  /* 9.9 s after it: none */
    at(&p, 20.0, 0.6);  /* the second */
    at(&p, 25.0, 0.9);
    fake_now = 127.0;
    bilim_progress_stage_done(&p);
    bilim_progress_finish(&p);
    s = contents(f);
    cr_assert_eq(count_lines(s), 3, "two progress lines and the last: %s", s);
    cr_assert_null(strchr(s, '\033'), "an escape code in a log: %s", s);
    cr_assert_null(strchr(s, '\r'), "a carriage return in a log: %s", s);
    cr_assert(strstr(s, "bilim run: baseline: 4/10 replicates, 40%, 10s elapsed, ETA 15s\n"),
              "%s", s);
    cr_assert(strstr(s, "bilim run: baseline: 6/10 replicates, 60%, 20s elapsed, ETA 13s\n"),
              "%s", s);
    cr_assert(strstr(s, "bilim run: done in 27s\n"), "%s", s);
    free(s);
    fclose(f);
}

Test(progress, a_job_shorter_than_the_interval_writes_nothing)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_LOG, f, "run", 1);
    bilim_progress_stage(&p, "baseline");
    at(&p, 3.0, 0.5);
    at(&p, 9.0, 1.0);
    bilim_progress_stage_done(&p);
    bilim_progress_finish(&p);
    char *s = contents(f);
    cr_assert_str_empty(s, "%s", s);
    free(s);
    fclose(f);
}

/* Three scenarios; the first took 10 s. Half-way through the second, 5 s in:
 * its ETA is 5 s, and the job's 5 s + one more scenario of the mean length
 * (10 s and the second's projected 10 s) = 15 s. Three quarters through, 10 s
 * in: 3.3 s + (10 s + 13.3 s) / 2 = 15 s. */
Test(progress, job_eta_and_scenario_k_of_n)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_LOG, f, "compare", 3);
    bilim_progress_stage(&p, "baseline");
    at(&p, 10.0, 1.0);
    bilim_progress_stage_done(&p);
    bilim_progress_stage(&p, "option");
    at(&p, 15.0, 0.5);
    at(&p, 20.0, 0.75); /* 10 s after the first line: the second */
    char *s = contents(f);
    cr_assert(strstr(s, "bilim compare: scenario 1 of 3 (baseline): 10/10 replicates, 100%, "
                        "10s elapsed, ETA 0s, overall ETA"), "%s", s);
    cr_assert(strstr(s, "bilim compare: scenario 2 of 3 (option): 7/10 replicates, 75%, 20s "
                        "elapsed, ETA 3s, overall ETA 15s\n"), "%s", s);
    free(s);
    char line[256];
    fake_now = 115.0;
    p.frac = 0.5;
    p.done = 5;
    bilim_progress_format(&p, fake_now, 0, line, sizeof line);
    cr_assert(strstr(line, "ETA 5s, overall ETA 15s"), "%s", line);
    bilim_progress_format(&p, fake_now, 1, line, sizeof line);
    cr_assert(strstr(line, "option [############------------] 5/10 replicates  ETA 5s"), "%s",
              line);
    fclose(f);
}

Test(progress, an_interrupted_job_says_where_it_stopped)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_LOG, f, "compare", 2);
    bilim_progress_stage(&p, "baseline");
    at(&p, 12.0, 0.3);
    fake_now = 113.0;
    bilim_progress_finish(&p); /* no stage_done: it failed or was interrupted */
    char *s = contents(f);
    cr_assert(strstr(s, "bilim compare: stopped at 30% of scenario baseline after 13s\n"), "%s",
              s);
    free(s);
    fclose(f);
}

Test(progress, bar_shows_scenario_k_of_n_and_the_job_eta)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_BAR, f, "compare", 2);
    bilim_progress_stage(&p, "baseline");
    at(&p, 4.0, 0.5);
    char *s = contents(f);
    cr_assert(strstr(s, "baseline [############------------] 5/10 replicates  ETA 4s"), "%s", s);
    cr_assert(strstr(s, "\nscenario 1 of 2, overall ETA 12s"), "%s", s);
    cr_assert(strchr(s, '\r'), "a bar is redrawn in place");
    free(s);
    long before = ftell(f);
    at(&p, 4.05, 0.6); /* within a tenth of a second of the last: not redrawn */
    at(&p, 4.09, 0.6);
    cr_assert_eq(ftell(f), before);
    fclose(f);
}

Test(progress, quiet_writes_nothing)
{
    FILE *f = tmpfile();
    bilim_progress p;
    start(&p, BILIM_PROGRESS_OFF, f, "run", 2);
    p.interval = 0.0;
    cr_assert_eq(p.enabled, 0);
    bilim_progress_stage(&p, "baseline");
    at(&p, 30.0, 0.5);
    bilim_progress_stage_done(&p);
    bilim_progress_finish(&p);
    cr_assert_eq(ftell(f), 0);
    fclose(f);
    cr_assert_eq(bilim_progress_mode_auto(1), BILIM_PROGRESS_OFF);
    if (!isatty(STDERR_FILENO))
        cr_assert_eq(bilim_progress_mode_auto(0), BILIM_PROGRESS_LOG);
}

Test(progress, interval_from_the_environment)
{
    setenv("BILIM_PROGRESS_INTERVAL", "2.5", 1);
    cr_assert_float_eq(bilim_progress_interval_from_env(), 2.5, 1e-12);
    setenv("BILIM_PROGRESS_INTERVAL", "0", 1);
    cr_assert_float_eq(bilim_progress_interval_from_env(), 0.0, 1e-12);
    const char *bad[] = {"abc", "-1", "5s", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("BILIM_PROGRESS_INTERVAL", bad[i], 1);
        cr_assert_float_eq(bilim_progress_interval_from_env(), BILIM_PROGRESS_DEFAULT_INTERVAL,
                           1e-12, "'%s'", bad[i]);
    }
    unsetenv("BILIM_PROGRESS_INTERVAL");
    cr_assert_float_eq(bilim_progress_interval_from_env(), BILIM_PROGRESS_DEFAULT_INTERVAL, 1e-12);
}
