/* sim/dist_internal.h: what sim/dist_serial.c and sim/dist_mpi.c share. */
#ifndef BILIM_DIST_INTERNAL_H
#define BILIM_DIST_INTERNAL_H

#include "sim/dist.h"

/* bilim_dist_run in this process alone. */
int bilim__dist_run_local(const bilim_dist_work *w, bilim_error *err);

#endif
