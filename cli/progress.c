/* cli/progress.c: see progress.h. */
#include "cli/progress.h"

#include <string.h>
#include "base/clock.h"

#define BAR_WIDTH 24
#define REDRAW_SECONDS 0.1

void bilim_progress_init(bilim_progress *p, int enabled, FILE *out, const char *label,
                         int32_t replicates, int64_t total_months)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled && out;
    p->out = out;
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    p->replicates = replicates;
    p->total_months = total_months > 0 ? total_months : 1;
    p->t0 = bilim_clock_now();
    p->last_draw = -1.0;
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

void bilim_progress_format(const bilim_progress *p, int64_t months_done,
                           int32_t replicates_done, double elapsed, char *buf, size_t n)
{
    double frac = (double)months_done / (double)p->total_months;
    if (frac > 1.0)
        frac = 1.0;
    char bar[BAR_WIDTH + 1];
    int filled = (int)(frac * BAR_WIDTH);
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[BAR_WIDTH] = '\0';
    char eta[32] = "?";
    double rate = elapsed > 0.0 ? (double)months_done / elapsed : 0.0;
    if (months_done > 0 && rate > 0.0)
        format_duration((double)(p->total_months - months_done) / rate, eta, sizeof eta);
    snprintf(buf, n, "%s [%s] %d/%d replicates  %.0f months/s  ETA %s", p->label, bar,
             (int)replicates_done, (int)p->replicates, rate, eta);
}

void bilim_progress_update(bilim_progress *p, int64_t months_done, int32_t replicates_done)
{
    if (!p->enabled)
        return;
    double now = bilim_clock_now();
    if (p->last_draw >= 0.0 && now - p->last_draw < REDRAW_SECONDS)
        return;
    p->last_draw = now;
    char line[256];
    bilim_progress_format(p, months_done, replicates_done, now - p->t0, line, sizeof line);
    /* \r returns to the line's start, ESC[K clears what a longer line left. */
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    p->drawn = 1;
}

void bilim_progress_on_run(void *user, const bilim_run_progress *p)
{
    bilim_progress *bar = user;
    bar->replicates = p->replicates;
    bar->total_months = p->months_total > 0 ? p->months_total : 1;
    bilim_progress_update(bar, p->months_done, p->replicates_done);
}

void bilim_progress_finish(bilim_progress *p)
{
    if (!p->enabled || !p->drawn)
        return;
    fprintf(p->out, "\r\033[K");
    fflush(p->out);
    p->drawn = 0;
}
