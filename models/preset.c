/* models/preset.c: the kz-national population preset.
 *
 * Derived from data/kz-schools.json (sources and years are in that file):
 * 7,687 schools, 2,427 urban and 5,260 rural (BNS 2022/23); 2,767 small-class
 * schools (36%, Ministry 2022), all rural; 20 regions (17 oblasts, 3 cities).
 * Cities are fully urban. Kostanay and North Kazakhstan use their own rural
 * (0.80) and small-class (0.63, 0.80) shares. The remaining rural and
 * small-class schools are shared among the other oblasts in proportion to
 * their school (resp. rural school) counts by largest remainder, so the
 * national totals are exact. Teachers per school follow the same file:
 * lognormal means 85 (urban), 50 (rural regular), 19.5 (small-class), log-sd
 * 0.4, 0.4, 0.3, at least 4: about 385,000 teachers in all. */
#include "models/preset.h"

#include <math.h>
#include <string.h>

static const bilim_region kz_regions[] = {
    {"Astana", 164, 0, 0},
    {"Almaty", 333, 0, 0},
    {"Shymkent", 251, 0, 0},
    {"Abai", 67, 202, 93},
    {"Akmola", 130, 393, 182},
    {"Aktobe", 67, 202, 93},
    {"Almaty Region", 120, 364, 168},
    {"Atyrau", 67, 202, 93},
    {"East Kazakhstan", 168, 506, 234},
    {"Jetisu", 67, 202, 93},
    {"Karaganda", 67, 202, 93},
    {"Kostanay", 89, 358, 282},
    {"Kyzylorda", 67, 202, 93},
    {"Mangystau", 67, 202, 93},
    {"North Kazakhstan", 103, 414, 414},
    {"Pavlodar", 67, 202, 93},
    {"Turkistan", 249, 751, 347},
    {"Ulytau", 67, 202, 93},
    {"West Kazakhstan", 94, 285, 132},
    {"Zhambyl", 123, 371, 171},
};

static const char *const preset_names[] = {"kz-national", NULL};

const char *const *bilim_preset_names(void)
{
    return preset_names;
}

int bilim_preset_get(const char *name, bilim_population *out)
{
    if (strcmp(name, "kz-national") != 0)
        return -1;
    memset(out, 0, sizeof *out);
    strcpy(out->preset, "kz-national");
    out->n_regions = (int32_t)(sizeof kz_regions / sizeof kz_regions[0]);
    memcpy(out->regions, kz_regions, sizeof kz_regions);
    out->teachers_mean[BILIM_CLASS_URBAN] = 85.0;
    out->teachers_mean[BILIM_CLASS_RURAL_REGULAR] = 50.0;
    out->teachers_mean[BILIM_CLASS_SMALL] = 19.5;
    out->teachers_sigma[BILIM_CLASS_URBAN] = 0.4;
    out->teachers_sigma[BILIM_CLASS_RURAL_REGULAR] = 0.4;
    out->teachers_sigma[BILIM_CLASS_SMALL] = 0.3;
    out->teachers_min = 4;
    return 0;
}

int bilim_population_sample(const bilim_population *pop, int32_t n,
                            bilim_population *out, bilim_error *err)
{
    int32_t total = bilim_population_schools(pop);
    if (n < 1 || n > total)
        return bilim_error_set(err, BILIM_EUSAGE,
                               "--schools %d: expected 1 to %d (the population's schools)",
                               n, total);
    /* Cells: per region, urban / rural regular / small-class. */
    enum { C = 3 };
    int32_t cells = pop->n_regions * C;
    int32_t count[BILIM_MAX_REGIONS * C];
    double frac[BILIM_MAX_REGIONS * C];
    int32_t assigned = 0;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        const bilim_region *g = &pop->regions[r];
        int32_t size[C] = {g->urban, g->rural - g->small_class, g->small_class};
        for (int c = 0; c < C; c++) {
            double q = (double)n * size[c] / total;
            count[r * C + c] = (int32_t)q;
            frac[r * C + c] = q - (int32_t)q;
            assigned += count[r * C + c];
        }
    }
    /* Largest remainders get the schools left; ties go to the earlier cell. */
    while (assigned < n) {
        int32_t best = -1;
        for (int32_t i = 0; i < cells; i++)
            if (frac[i] >= 0 && (best < 0 || frac[i] > frac[best]))
                best = i;
        count[best]++;
        frac[best] = -1.0;
        assigned++;
    }
    *out = *pop;
    for (int32_t r = 0; r < pop->n_regions; r++) {
        bilim_region *g = &out->regions[r];
        g->urban = count[r * C + 0];
        g->small_class = count[r * C + 2];
        g->rural = count[r * C + 1] + count[r * C + 2];
    }
    return BILIM_OK;
}

/* A positive count scaled by f, rounded, at least 1. */
static int32_t scale_count(int32_t x, double f)
{
    if (x <= 0)
        return x;
    double y = floor((double)x * f + 0.5);
    return y < 1.0 ? 1 : (int32_t)y;
}

int bilim_scenario_sample(bilim_scenario *sc, int32_t n, bilim_error *err)
{
    int32_t total = bilim_population_schools(&sc->population);
    bilim_population sample;
    int rc = bilim_population_sample(&sc->population, n, &sample, err);
    if (rc)
        return rc;
    const double f = (double)n / (double)total;
    sc->population = sample;
    for (int32_t i = 0; i < sc->n_interventions; i++) {
        bilim_intervention *iv = &sc->interventions[i];
        iv->budget_kzt *= f;
        iv->target.max_schools = scale_count(iv->target.max_schools, f);
        switch (iv->type) {
        case BILIM_IV_LEADERSHIP_TRAINING:
            iv->u.leadership.cohort_size = scale_count(iv->u.leadership.cohort_size, f);
            break;
        case BILIM_IV_PROFESSIONAL_DEVELOPMENT:
            iv->u.pd.cohort_size = scale_count(iv->u.pd.cohort_size, f);
            break;
        case BILIM_IV_INNOVATION_HUB:
            iv->u.hub.hubs = scale_count(iv->u.hub.hubs, f);
            break;
        case BILIM_IV_UNIVERSITY_PARTNERSHIP:
            iv->u.partnership.universities = scale_count(iv->u.partnership.universities, f);
            break;
        default:
            break;
        }
    }
    if (sc->outputs.survey_n > n)
        sc->outputs.survey_n = n;
    return BILIM_OK;
}
