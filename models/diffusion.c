/* models/diffusion.c: the gate's per-school constants, the reference gate
 * and the reference transition probabilities (ODD 7.2), for the school
 * step, tests and documentation; the hot loop uses bilim_diffusion_next. */
#include "models/diffusion.h"

/* exp with its argument capped to [-700, 700]: no overflow to inf, no
 * underflow to 0 (extreme parameters only). */
static double capped_exp(double x)
{
    return exp(x < -700.0 ? -700.0 : (x > 700.0 ? 700.0 : x));
}

/* The logit of the balanced school. */
static double zbar(const bilim_params *p)
{
    return p->beta0 + p->beta_k * p->gate_ref_kc + p->beta_m * (p->gate_ref_m - 0.5) +
           p->beta_L * (p->gate_ref_L - 0.5) + p->beta_R * p->gate_ref_Rr;
}

void bilim_diffusion_gate_innov(const bilim_params *p, double c, bilim_gate_innov *gi)
{
    const double nu = p->gate_nu;
    if (!(nu > 0.0)) {
        /* z = (beta_k k + beta_m m) + (beta0 - beta_k c - beta_m / 2) + beta_L (L - 1/2) + beta_R (R - r) */
        gi->A = capped_exp(-(p->beta0 - p->beta_k * c - 0.5 * p->beta_m));
        gi->ez = 1.0;
        return;
    }
    /* e^(-3 nu d_T) = tau A */
    gi->A = capped_exp(3.0 * nu * (p->beta_k * (c + p->gate_ref_kc) + p->beta_m * p->gate_ref_m));
    gi->ez = capped_exp(-zbar(p));
}

double bilim_diffusion_leader(const bilim_params *p, double L)
{
    const double nu = p->gate_nu;
    if (!(nu > 0.0))
        return capped_exp(-p->beta_L * (L - 0.5));
    return capped_exp(-3.0 * nu * p->beta_L * (L - p->gate_ref_L));
}

void bilim_diffusion_gate_make(const bilim_params *p, const bilim_gate_innov *gi, double SL,
                               double R, double r, bilim_gate *g)
{
    const double nu = p->gate_nu;
    g->C = 1.0;
    g->inv_nu = 1.0;
    g->linear = 1;
    if (!(nu > 0.0)) {
        g->P = gi->A * SL * capped_exp(-p->beta_R * (R - r));
        g->Q = 0.0;
        g->Gmax = 1.0;
        return;
    }
    /* The school's two factors, e^(-3 nu d_L) + e^(-3 nu d_R). */
    const double B = SL + capped_exp(-3.0 * nu * p->beta_R * (R - r - p->gate_ref_Rr));
    double Emin;
    if (nu == 1.0) {
        g->P = gi->ez * gi->A / 3.0;
        g->Q = gi->ez * B / 3.0;
        Emin = g->Q;
    } else {
        g->P = gi->A;
        g->Q = B;
        g->C = gi->ez * pow(3.0, -1.0 / nu);
        g->inv_nu = 1.0 / nu;
        g->linear = 0;
        Emin = g->C * pow(B, g->inv_nu);
    }
    g->Gmax = 1.0 / (1.0 + (Emin < 1e300 ? Emin : 1e300));
}

void bilim_diffusion_gate_at(const bilim_params *p, double L, double R, double c, double r,
                             bilim_gate *g)
{
    bilim_gate_innov gi;
    bilim_diffusion_gate_innov(p, c, &gi);
    bilim_diffusion_gate_make(p, &gi, bilim_diffusion_leader(p, L), R, r, g);
}

double bilim_diffusion_gate(const bilim_params *p, double k, double m, double L, double R,
                            double c, double r)
{
    const double dT = p->beta_k * (k - c - p->gate_ref_kc) + p->beta_m * (m - p->gate_ref_m);
    const double dL = p->beta_L * (L - p->gate_ref_L);
    const double dR = p->beta_R * (R - r - p->gate_ref_Rr);
    const double nu = p->gate_nu;
    double z;
    if (!(nu > 0.0)) {
        z = zbar(p) + dT + dL + dR;
    } else {
        /* -(1/nu) ln(mean_i e^(-3 nu d_i)) with the largest term factored out. */
        const double x[3] = {-3.0 * nu * dT, -3.0 * nu * dL, -3.0 * nu * dR};
        double mx = x[0] > x[1] ? x[0] : x[1];
        mx = mx > x[2] ? mx : x[2];
        double sum = exp(x[0] - mx) + exp(x[1] - mx) + exp(x[2] - mx);
        z = zbar(p) - (mx + log(sum / 3.0)) / nu;
    }
    return 1.0 / (1.0 + exp(-z));
}

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
