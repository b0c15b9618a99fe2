/* base/alloc.c: see alloc.h. The only file that calls the C library's
 * allocator. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "base/alloc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { HOOK_OFF = 0, HOOK_FAIL_REST = 1, HOOK_FAIL_ONE = 2 };

/* The test hook (alloc.h): its mode, the allocations counted since it was
 * set, and the blocks allocated minus those freed meanwhile. Relaxed
 * ordering is enough: a test sets the hook before the code under test
 * runs, and the counts only have to be exact, not ordered. */
static atomic_int hook_mode = HOOK_OFF;
static atomic_long hook_limit;
static atomic_long hook_count;
static atomic_long hook_live;

/* -1 when this allocation is to fail, 1 when it is counted and may
 * proceed, 0 when the hook is off. */
static int hook_check(void)
{
    int mode = atomic_load_explicit(&hook_mode, memory_order_relaxed);
    if (mode == HOOK_OFF)
        return 0;
    long i = atomic_fetch_add_explicit(&hook_count, 1, memory_order_relaxed);
    long limit = atomic_load_explicit(&hook_limit, memory_order_relaxed);
    return (mode == HOOK_FAIL_REST ? i >= limit : i == limit) ? -1 : 1;
}

/* p, a new block if not NULL, counted as live while the hook is on (h). */
static void *counted(void *p, int h)
{
    if (p && h > 0)
        atomic_fetch_add_explicit(&hook_live, 1, memory_order_relaxed);
    return p;
}

void *bilim_malloc(size_t size)
{
    int h = hook_check();
    return h < 0 ? NULL : counted(malloc(size), h);
}

void *bilim_calloc(size_t n, size_t size)
{
    int h = hook_check();
    return h < 0 ? NULL : counted(calloc(n, size), h);
}

void *bilim_realloc(void *p, size_t size)
{
    int h = hook_check();
    if (h < 0)
        return NULL;
    void *q = realloc(p, size);
    return p ? q : counted(q, h);  /* a resized block stays one block */
}

void bilim_free(void *p)
{
    if (p && atomic_load_explicit(&hook_mode, memory_order_relaxed) != HOOK_OFF)
        atomic_fetch_sub_explicit(&hook_live, 1, memory_order_relaxed);
    free(p);
}

char *bilim_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = bilim_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *bilim_realpath(const char *path)
{
    char *libc = realpath(path, NULL);
    if (!libc)
        return NULL;
    char *d = bilim_strdup(libc);
    free(libc);
    if (!d)
        errno = ENOMEM;
    return d;
}

static void set_hook(int mode, long n)
{
    atomic_store_explicit(&hook_mode, HOOK_OFF, memory_order_relaxed);
    atomic_store_explicit(&hook_count, 0, memory_order_relaxed);
    atomic_store_explicit(&hook_live, 0, memory_order_relaxed);
    atomic_store_explicit(&hook_limit, n, memory_order_relaxed);
    if (n >= 0)
        atomic_store_explicit(&hook_mode, mode, memory_order_relaxed);
}

void bilim_alloc_fail_after(long n)
{
    set_hook(HOOK_FAIL_REST, n);
}

void bilim_alloc_fail_once(long n)
{
    set_hook(HOOK_FAIL_ONE, n);
}

long bilim_alloc_count(void)
{
    return atomic_load_explicit(&hook_count, memory_order_relaxed);
}

long bilim_alloc_live(void)
{
    return atomic_load_explicit(&hook_live, memory_order_relaxed);
}
