/* sim/signal.c: see signal.h. The flag is the one piece of process-wide
 * state bilim has, because a signal handler can reach nothing else. */
#include "sim/signal.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
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
    return (int)interrupted;
}

void bilim_signal_reset(void)
{
    interrupted = 0;
}
