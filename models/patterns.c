/* models/patterns.c: the names of the case-study patterns' quantities (see
 * patterns.h). Kept apart from model_patterns.c, which runs the model, so the
 * loaders (and the fuzz targets built on them) need no model to name them. */
#include "models/patterns.h"

#include <stddef.h>
#include "models/calib.h"

const char *bilim_pattern_quantity_name(int q)
{
    static const char *const names[BILIM_PQ_BARRIER] = {"practice", "k", "m", "K", "S", "R"};
    if (q < 0 || q >= BILIM_N_PQ)
        return NULL;
    if (q < BILIM_PQ_BARRIER)
        return names[q];
    return bilim_calib_target_name(BILIM_N_BANDS + q - BILIM_PQ_BARRIER);
}
