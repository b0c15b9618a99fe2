/* sim/design_internal.h: shared by sim/design*.c only (not a public interface). */
#ifndef BILIM_DESIGN_INTERNAL_H
#define BILIM_DESIGN_INTERNAL_H

#include "sim/design.h"

/* Allocates n points: values zeroed, particle -1, seeds set. Replaces any
 * points d held. Errors: BILIM_EINVAL (n < 1), BILIM_ENOMEM. */
int bilim__design_alloc_points(bilim_design *d, int32_t n, bilim_error *err);

#endif
