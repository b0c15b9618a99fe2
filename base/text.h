/* base/text.h: appending formatted text to a bounded buffer, for messages
 * and summaries built piece by piece. */
#ifndef BILIM_TEXT_H
#define BILIM_TEXT_H

#include <stddef.h>
#include "base/compiler.h"

/* Appends printf-style text to buf (n bytes) at *len and advances *len;
 * truncates to fit (buf stays NUL-terminated, *len stops at n - 1). Does
 * nothing once *len >= n. */
void bilim_text_appendf(char *buf, size_t n, size_t *len, const char *fmt, ...) BILIM_PRINTF(4, 5);

#endif
