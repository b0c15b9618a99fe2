/* base/compiler.h: the few compiler extensions bilim uses, behind names of
 * its own, so that the code stays standard C11 and a compiler without them
 * still builds it (the macros then expand to nothing). gcc and clang (the
 * two compilers CI builds with) support them all. */
#ifndef BILIM_COMPILER_H
#define BILIM_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
/* Inline even where the optimiser would not (a hot loop specialised on a
 * constant argument). Use with `static inline`. */
#define BILIM_ALWAYS_INLINE __attribute__((always_inline))
/* printf-style format checking of argument fmt_index against first_arg. */
#define BILIM_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
/* Exported from libbilim.so although the build hides every symbol by
 * default (-fvisibility=hidden): only for what lib/bilim.h declares. */
#define BILIM_EXPORT __attribute__((visibility("default")))
#else
#define BILIM_EXPORT
#define BILIM_ALWAYS_INLINE
#define BILIM_PRINTF(fmt_index, first_arg)
#endif

#endif
