/* cli/outputs.c: see outputs.h. */
#include "cli/outputs.h"

#include <signal.h>
#include "cli/signal.h"

int bilim_outputs_commit(bilim_outset *set, bilim_error *err)
{
    /* The handlers only set a flag, so the renames cannot be cut short;
     * holding the signals on this thread keeps it so whatever their
     * disposition. The flag is looked at once more, after the last write. */
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    int held = pthread_sigmask(SIG_BLOCK, &hold, &old) == 0;
    int rc = bilim_signal_interrupted()
                 ? bilim_error_set(err, BILIM_EINTR, "interrupted before the outputs were "
                                   "replaced: they are unchanged")
                 : bilim_outset_commit(set, err);
    if (held)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
