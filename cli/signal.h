/* cli/signal.h: SIGINT/SIGTERM turn into a flag, so a run stops within a
 * month of work, cleans up and exits 130/143. The library never sees a
 * signal: commands pass bilim_signal_flag() as the cancel flag of the
 * runner, ABC and the posterior predictive, which poll it. */
#ifndef BILIM_SIGNAL_H
#define BILIM_SIGNAL_H

#include <stdatomic.h>

/* Installs the handlers (idempotent). */
void bilim_signal_install(void);

/* 0, or the signal number received. Safe to call from any thread. */
int bilim_signal_interrupted(void);

/* The flag the handlers set (0 or the signal number), for the library's
 * cancel pointers. */
const atomic_int *bilim_signal_flag(void);

/* The exit status after an interruption: 143 for SIGTERM, else 130 (128 +
 * the signal, as shells report a process the signal killed). */
int bilim_signal_exit_code(void);

/* Clears the flag (tests). */
void bilim_signal_reset(void);

#endif
