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
