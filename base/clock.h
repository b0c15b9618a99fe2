/* base/clock.h: seconds on a monotonic clock, for wall-time figures
 * (run times in result files, progress and ETA). Not for results: nothing
 * the model computes depends on time. */
#ifndef BILIM_CLOCK_H
#define BILIM_CLOCK_H

/* Seconds since an arbitrary fixed point; only differences mean anything. */
double bilim_clock_now(void);

#endif
