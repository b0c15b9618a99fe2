/* sim/signal.h: SIGINT/SIGTERM turn into a flag that long loops poll, so a
 * run stops within a month of work, cleans up and exits 130/143. */
#ifndef BILIM_SIGNAL_H
#define BILIM_SIGNAL_H

/* Installs the handlers (idempotent). */
void bilim_signal_install(void);

/* 0, or the signal number received. Safe to call from any thread. */
int bilim_signal_interrupted(void);

/* Clears the flag (tests). */
void bilim_signal_reset(void);

#endif
