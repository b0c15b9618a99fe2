/* cli/progress.c: see progress.h. */
#include "cli/progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "base/clock.h"

#define BAR_WIDTH 24
#define REDRAW_SECONDS 0.1
#define LABEL_MAX 28 /* longer labels are cut, so a bar fits a terminal line */

bilim_progress_mode bilim_progress_mode_auto(int quiet)
{
    if (quiet)
        return BILIM_PROGRESS_OFF;
    const char *term = getenv("TERM");
    if (isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0))
        return BILIM_PROGRESS_BAR;
    return BILIM_PROGRESS_LOG;
}

double bilim_progress_interval_from_env(void)
{
    const char *s = getenv("BILIM_PROGRESS_INTERVAL");
    if (!s || !*s)
        return BILIM_PROGRESS_DEFAULT_INTERVAL;
    char *end = NULL;
    double v = strtod(s, &end);
    if (*end || !(v >= 0.0 && v <= 1e6))
        return BILIM_PROGRESS_DEFAULT_INTERVAL;
    return v;
}

void bilim_progress_init(bilim_progress *p, bilim_progress_mode mode, FILE *out,
                         const char *command, int n_stages)
{
    memset(p, 0, sizeof *p);
    p->mode = out ? mode : BILIM_PROGRESS_OFF;
    p->enabled = p->mode != BILIM_PROGRESS_OFF;
    p->out = out;
    snprintf(p->command, sizeof p->command, "%s", command ? command : "");
    p->n_stages = n_stages;
    p->stage_noun = "scenario";
    p->eta = 1;
    p->interval = bilim_progress_interval_from_env();
    p->clock = bilim_clock_now;
    p->t0 = p->stage_t0 = p->clock();
    p->last_draw = -1.0;
}

void bilim_progress_set_clock(bilim_progress *p, double (*clock)(void))
{
    p->clock = clock;
    p->t0 = p->stage_t0 = clock();
}

static void format_duration(double s, char *buf, size_t n)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ldh%02ldm", t / 3600, (t / 60) % 60);
    else if (t >= 60)
        snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, n, "%lds", t);
}

/* The current stage's ETA and the whole job's (each "?" when unknown): the
 * stage projected from its fraction, the stages still to come each as long
 * as the mean of those run so far (the current one projected). */
static void etas(const bilim_progress *p, double now, char *stage, char *job, size_t n)
{
    snprintf(stage, n, "?");
    snprintf(job, n, "?");
    double elapsed = now - p->stage_t0;
    if (p->frac <= 0.0 || elapsed <= 0.0)
        return;
    double left = elapsed * (1.0 - p->frac) / p->frac;
    format_duration(left, stage, n);
    if (p->n_stages > 1 && p->stage > 0) {
        double mean = (p->finished_seconds + elapsed / p->frac) / p->stage;
        int after = p->n_stages - p->stage;
        format_duration(left + (after > 0 ? after : 0) * mean, job, n);
    }
}

static void units(const bilim_progress *p, char *buf, size_t n)
{
    buf[0] = '\0';
    if (p->total > 0)
        snprintf(buf, n, "%lld/%lld %s", (long long)p->done, (long long)p->total,
                 p->noun ? p->noun : "");
}

static void bar_line(const bilim_progress *p, double now, char *buf, size_t n)
{
    char bar[BAR_WIDTH + 1], u[64], st[32], job[32];
    double frac = p->frac < 0.0 ? 0.0 : p->frac > 1.0 ? 1.0 : p->frac;
    int filled = (int)(frac * BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[BAR_WIDTH] = '\0';
    units(p, u, sizeof u);
    etas(p, now, st, job, sizeof st);
    int w = p->label_width > LABEL_MAX ? LABEL_MAX : p->label_width;
    size_t len = (size_t)snprintf(buf, n, "%-*.*s [%s] %s", w, LABEL_MAX, p->label, bar, u);
    if (len < n && p->extra[0])
        len += (size_t)snprintf(buf + len, n - len, "  %s", p->extra);
    if (len < n && p->eta)
        snprintf(buf + len, n - len, "  ETA %s", st);
}

/* "scenario 2 of 3, overall ETA 1m05s": the second line of the live area. */
static void job_line(const bilim_progress *p, double now, char *buf, size_t n)
{
    char st[32], job[32];
    etas(p, now, st, job, sizeof st);
    int len = snprintf(buf, n, "%s %d of %d", p->stage_noun, p->stage, p->n_stages);
    if (p->eta && len >= 0 && (size_t)len < n)
        snprintf(buf + len, n - len, ", overall ETA %s", job);
}

static void log_line(const bilim_progress *p, double now, char *buf, size_t n)
{
    char u[64], el[32], st[32], job[32];
    units(p, u, sizeof u);
    format_duration(now - p->t0, el, sizeof el);
    etas(p, now, st, job, sizeof st);
    size_t len;
    if (p->n_stages > 1)
        len = (size_t)snprintf(buf, n, "bilim %s: %s %d of %d (%s):", p->command, p->stage_noun,
                               p->stage, p->n_stages, p->label);
    else
        len = (size_t)snprintf(buf, n, "bilim %s: %s:", p->command, p->label);
    if (len < n && u[0])
        len += (size_t)snprintf(buf + len, n - len, " %s,", u);
    if (len < n)
        len += (size_t)snprintf(buf + len, n - len, " %.0f%%,", 100.0 * p->frac);
    if (len < n && p->extra[0])
        len += (size_t)snprintf(buf + len, n - len, " %s,", p->extra);
    if (len < n)
        len += (size_t)snprintf(buf + len, n - len, " %s elapsed", el);
    if (len < n && p->eta)
        len += (size_t)snprintf(buf + len, n - len, ", ETA %s", st);
    if (len < n && p->eta && p->n_stages > 1)
        snprintf(buf + len, n - len, ", overall ETA %s", job);
}

void bilim_progress_format(const bilim_progress *p, double now, int bar, char *buf, size_t n)
{
    if (bar)
        bar_line(p, now, buf, n);
    else
        log_line(p, now, buf, n);
}

/* Terminal columns (80 when unknown); lines are cut to one less, so that
 * none wraps and \r always returns to its start. */
static size_t columns(FILE *f)
{
    struct winsize ws;
    if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
        return ws.ws_col;
    return 80;
}

static void cut(char *s, size_t cols)
{
    if (strlen(s) >= cols)
        s[cols - 1] = '\0';
}

/* Redraws the live area: the stage's bar and, with several stages, the
 * job's line under it. final: the stage is over, its line stays. */
static void draw(bilim_progress *p, double now, int final)
{
    char line[512], second[128] = "";
    size_t cols = columns(p->out);
    bar_line(p, now, line, sizeof line);
    if (final) { /* "done in 12s" instead of an ETA */
        char d[32];
        format_duration(now - p->stage_t0, d, sizeof d);
        char *eta = p->eta ? strstr(line, "  ETA ") : NULL;
        if (eta)
            *eta = '\0';
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "  in %s", d);
    }
    cut(line, cols);
    int two = p->n_stages > 1 && !final;
    if (two) {
        job_line(p, now, second, sizeof second);
        cut(second, cols);
    }
    /* Back to the start of the live area: up a line when it has two. */
    fputs(p->drawn == 2 ? "\r\033[K\033[A\r" : "\r", p->out);
    fprintf(p->out, "%s\033[K", line);
    if (two)
        fprintf(p->out, "\n%s\033[K", second);
    else if (final)
        fputc('\n', p->out);
    fflush(p->out);
    p->drawn = final ? 0 : two ? 2 : 1;
}

static void log_now(bilim_progress *p, double now)
{
    char line[512];
    log_line(p, now, line, sizeof line);
    fprintf(p->out, "%s\n", line);
    fflush(p->out);
    p->logged++;
}

void bilim_progress_report(bilim_progress *p, double frac, int64_t done, int64_t total,
                           const char *noun, const char *extra)
{
    if (!p->enabled)
        return;
    p->frac = frac < 0.0 ? 0.0 : frac > 1.0 ? 1.0 : frac;
    p->done = done;
    p->total = total;
    p->noun = noun;
    snprintf(p->extra, sizeof p->extra, "%s", extra ? extra : "");
    double now = p->clock();
    if (p->mode == BILIM_PROGRESS_BAR) {
        if (p->last_draw >= 0.0 && now - p->last_draw < REDRAW_SECONDS)
            return;
        p->last_draw = now;
        draw(p, now, 0);
    } else {
        /* The first line only once the job has run for an interval. */
        double since = p->logged ? now - p->last_draw : now - p->t0;
        if (since < p->interval)
            return;
        p->last_draw = now;
        log_now(p, now);
    }
}

/* "30 months/s": work done in the stage so far over its time ("" at its start). */
static void stage_rate(const bilim_progress *p, double work, int decimals, const char *unit,
                       char *buf, size_t n)
{
    double elapsed = p->clock() - p->stage_t0;
    buf[0] = '\0';
    if (elapsed > 0.0)
        snprintf(buf, n, "%.*f %s/s", decimals, work / elapsed, unit);
}

void bilim_progress_on_run(void *user, const bilim_run_progress *rp)
{
    bilim_progress *p = user;
    char rate[48];
    stage_rate(p, (double)rp->months_done, 0, "months", rate, sizeof rate);
    int64_t total = rp->months_total > 0 ? rp->months_total : 1;
    bilim_progress_report(p, (double)rp->months_done / (double)total, rp->replicates_done,
                          rp->replicates, "replicates", rate);
}

void bilim_progress_on_design(void *user, const bilim_design_progress *dp)
{
    bilim_progress *p = user;
    char rate[48];
    stage_rate(p, (double)dp->runs_done, 1, "runs", rate, sizeof rate);
    size_t total = dp->runs_total > 0 ? dp->runs_total : 1;
    bilim_progress_report(p, (double)dp->runs_done / (double)total, (int64_t)dp->runs_done,
                          (int64_t)dp->runs_total, "runs", rate);
}

void bilim_progress_stage_done(bilim_progress *p)
{
    if (!p->enabled)
        return;
    p->frac = 1.0;
    p->done = p->total;
    if (p->mode == BILIM_PROGRESS_BAR && p->n_stages > 1)
        draw(p, p->clock(), 1);
    p->finished_seconds += p->clock() - p->stage_t0;
    p->stage_t0 = p->clock();
    p->label[0] = '\0';
}

void bilim_progress_stage(bilim_progress *p, const char *label)
{
    if (p->stage > 0 && p->label[0]) { /* the previous stage ended unreported */
        p->finished_seconds += p->clock() - p->stage_t0;
        if (p->mode == BILIM_PROGRESS_BAR && p->n_stages > 1 && p->drawn)
            draw(p, p->clock(), 1);
    }
    p->stage++;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    p->frac = 0.0;
    p->done = p->total = 0;
    p->extra[0] = '\0';
    p->stage_t0 = p->clock();
    if (p->mode == BILIM_PROGRESS_BAR)
        p->last_draw = -1.0; /* draw the new stage at once */
}

void bilim_progress_finish(bilim_progress *p)
{
    if (!p->enabled)
        return;
    double now = p->clock();
    if (p->mode == BILIM_PROGRESS_BAR) {
        if (p->drawn == 2)
            fputs("\r\033[K\033[A\r\033[K", p->out);
        else if (p->drawn)
            fputs("\r\033[K", p->out);
        fflush(p->out);
        p->drawn = 0;
        return;
    }
    if (!p->logged)
        return;
    char d[32];
    format_duration(now - p->t0, d, sizeof d);
    int complete = p->label[0] == '\0' && p->stage > 0 &&
                   (p->n_stages <= 1 || p->stage >= p->n_stages);
    if (complete && p->n_stages > 1)
        fprintf(p->out, "bilim %s: done: %d %ss in %s\n", p->command, p->stage, p->stage_noun, d);
    else if (complete)
        fprintf(p->out, "bilim %s: done in %s\n", p->command, d);
    else
        fprintf(p->out, "bilim %s: stopped at %.0f%% of %s%s%s after %s\n", p->command,
                100.0 * p->frac, p->n_stages > 1 ? p->stage_noun : "", p->n_stages > 1 ? " " : "",
                p->label, d);
    fflush(p->out);
}
