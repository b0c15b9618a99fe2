/* models/diffusion.c: reference transition probabilities (ODD 7.2), for
 * tests and documentation; the hot loop uses bilim_diffusion_next. */
#include "models/diffusion.h"

void bilim_diffusion_probs(int st, double G, const bilim_diffusion_rates *r, double out[3])
{
    out[0] = out[1] = out[2] = 0.0;
    if (st == BILIM_USE_NONE) {
        out[1] = 1.0 - exp(-r->h0 * G);
        out[0] = 1.0 - out[1];
    } else if (st == BILIM_USE_TRIAL) {
        double hc = r->dlc * G, ha = r->dla * (1.0 - G);
        double pany = 1.0 - exp(-(hc + ha));
        out[2] = hc + ha > 0.0 ? pany * hc / (hc + ha) : 0.0;
        out[0] = pany - out[2];
        out[1] = 1.0 - pany;
    } else {
        out[0] = 1.0 - exp(-r->dld * (1.0 - G));
        out[2] = 1.0 - out[0];
    }
}
