/* analysis/psa_internal.h: the steps of bilim_psa_compute() that live in
 * separate files. Not a public interface: used only inside analysis/psa*.c. */
#ifndef BILIM_PSA_INTERNAL_H
#define BILIM_PSA_INTERNAL_H

#include "analysis/psa.h"

/* Fills r->evppi and r->evppi_wtp from d's points and r's draw-level
 * effects and costs (psa_evppi.c). Errors: BILIM_ENOMEM. */
int bilim__psa_evppi(const bilim_design *d, bilim_psa_result *r, bilim_error *err);

#endif
