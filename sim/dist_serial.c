/* sim/dist_serial.c: sim/dist.h without MPI: one process, rank 0 of 1
 * (compiled when -DBILIM_MPI=OFF; sim/dist_mpi.c otherwise). */
#include "sim/dist.h"

#include <string.h>
#include "sim/dist_internal.h"

int bilim_dist_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return BILIM_OK;
}

int bilim_dist_rank(void)
{
    return 0;
}

int bilim_dist_size(void)
{
    return 1;
}

int bilim_dist_with_mpi(void)
{
    return 0;
}

void bilim_dist_traffic_get(bilim_dist_traffic *t)
{
    memset(t, 0, sizeof *t);
}

int bilim_dist_execute(const bilim_design *d, const bilim_design_options *opt,
                       bilim_design_record *records, bilim_error *err)
{
    return bilim_design_execute(d, opt, records, err);
}

int bilim_dist_run(const bilim_dist_work *w, bilim_error *err)
{
    return bilim__dist_run_local(w, err);
}

int bilim_dist_finalize(int status, const char *worker_msg, char *msg)
{
    (void)status;
    (void)worker_msg;
    if (msg)
        msg[0] = '\0';
    return 0;
}
