/* base/error.c: see error.h. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void bilim_error_clear(bilim_error *err)
{
    if (!err)
        return;
    err->code = BILIM_OK;
    err->msg[0] = '\0';
}

int bilim_error_set(bilim_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void bilim_error_prefix(bilim_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char head[BILIM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    int hl = vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    if (hl < 0)
        return;
    size_t h = (size_t)hl + 2; /* "head: " */
    if (h >= sizeof err->msg)
        h = sizeof err->msg - 1;
    size_t old = strlen(err->msg);
    if (old > sizeof err->msg - 1 - h)
        old = sizeof err->msg - 1 - h;
    memmove(err->msg + h, err->msg, old);
    err->msg[h + old] = '\0';
    memcpy(err->msg, head, h - 2 < strlen(head) ? h - 2 : strlen(head));
    if (h >= 2) {
        err->msg[h - 2] = ':';
        err->msg[h - 1] = ' ';
    }
}

const char *bilim_error_name(int code)
{
    switch (code) {
    case BILIM_OK: return "ok";
    case BILIM_EINVAL: return "invalid input";
    case BILIM_EUSAGE: return "usage error";
    case BILIM_EIO: return "I/O error";
    case BILIM_ENOMEM: return "out of memory";
    case BILIM_EINTR: return "interrupted";
    case BILIM_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int bilim_error_exit_code(int code)
{
    switch (code) {
    case BILIM_OK: return 0;
    case BILIM_EUSAGE: return 2;
    case BILIM_EINTR: return 130;
    case BILIM_EINTERNAL: return 70;
    default: return 1;
    }
}
