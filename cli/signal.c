/* cli/signal.c: see signal.h. The flag is the one piece of process-wide
 * state bilim has, because a signal handler can reach nothing else; it is
 * the front end's, and reaches the library only as a cancel pointer. */
#include "cli/signal.h"

#include <signal.h>
#include <string.h>

/* A handler may write a lock-free atomic (C11 7.14.1.1); the library's
 * threads read it with atomic loads. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal flag must be a lock-free atomic");
static atomic_int interrupted;

static void on_signal(int sig)
{
    atomic_store(&interrupted, sig);
}

void bilim_signal_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int bilim_signal_interrupted(void)
{
    return atomic_load(&interrupted);
}

const atomic_int *bilim_signal_flag(void)
{
    return &interrupted;
}

int bilim_signal_exit_code(void)
{
    return atomic_load(&interrupted) == SIGTERM ? 128 + SIGTERM : 128 + SIGINT;
}

void bilim_signal_reset(void)
{
    atomic_store(&interrupted, 0);
}
