/* base/alloc.h: every heap allocation of bilim's own code goes through
 * these, never malloc/calloc/realloc/free/strdup directly (the "layers"
 * test checks the sources). They behave exactly like the C library's.
 *
 * Why: a test can make the n-th allocation fail (bilim_alloc_fail_after),
 * SQLite-style, and so walk every out-of-memory path. That switch is the
 * one deliberate piece of global state here: a documented test hook, off
 * unless a test turns it on. Off, it costs one relaxed atomic load and a
 * predictable branch per allocation or free. Thread-safe (C11 atomics),
 * so OpenMP code may allocate while a test counts.
 *
 * Memory allocated inside HDF5, GSL or the C library (getline, realpath,
 * open_memstream, ...) is not counted: bilim_free may free it (it is
 * free()), but that lowers the live count a test checks, so library code
 * copies such blocks (bilim_realpath). */
#ifndef BILIM_ALLOC_H
#define BILIM_ALLOC_H

#include <stddef.h>

void *bilim_malloc(size_t size);
void *bilim_calloc(size_t n, size_t size);
/* As realloc: on failure returns NULL and p is untouched. */
void *bilim_realloc(void *p, size_t size);
void bilim_free(void *p);
/* A copy of s, or NULL when out of memory. */
char *bilim_strdup(const char *s);

/* realpath(path, NULL) in a block of this allocator (free with bilim_free),
 * so that the failure hook and the live count see it; NULL with errno set
 * when the path cannot be resolved, or ENOMEM. */
char *bilim_realpath(const char *path);

/* --- test hook: allocation failure injection -------------------------------- */

/* After this call, allocations number 0 .. n-1 (counted from this call, on
 * all threads) succeed and every later one fails (returns NULL) until the
 * next call. n < 0 turns the hook off and stops counting (the default).
 * LONG_MAX only counts. */
void bilim_alloc_fail_after(long n);

/* As bilim_alloc_fail_after, but only allocation number n fails; later ones
 * succeed again (tests recovery after a single failure). */
void bilim_alloc_fail_once(long n);

/* Allocations attempted since the last bilim_alloc_fail_after/_once call
 * (failed ones included); 0 while the hook is off. */
long bilim_alloc_count(void);

/* Blocks allocated (through bilim_malloc, _calloc, _realloc of NULL,
 * _strdup) minus blocks passed to bilim_free, both counted while the hook
 * is on, since it was last set; 0 while it is off. A call that fails and
 * cleans up after itself leaves it where it was: a positive difference is
 * a leak. (Exact only for code that frees none of the C library's own
 * memory, such as open_memstream's buffer, with bilim_free.) */
long bilim_alloc_live(void);

#endif
