/* base/init.c: see init.h. */
#include "base/init.h"

#include <threads.h>
#include <gsl/gsl_errno.h>

static once_flag init_once = ONCE_FLAG_INIT;

static void init_process(void)
{
    gsl_set_error_handler_off();
}

void bilim_init(void)
{
    call_once(&init_once, init_process);
}
