/* base/init.h: what the library needs from the process, set up once.
 *
 * GSL's default error handler aborts the process on a domain or range error;
 * bilim checks every result instead (errors are values: base/error.h), so
 * the library turns that handler off before it first calls GSL. Every
 * function that calls GSL, or allocates the generators GSL draws from
 * (bilim_rng_alloc), calls bilim_init() first, so programs, tests and
 * benchmarks that use the library get it without asking. Idempotent and
 * thread-safe (C11 call_once): only the first call does anything. */
#ifndef BILIM_INIT_H
#define BILIM_INIT_H

void bilim_init(void);

#endif
