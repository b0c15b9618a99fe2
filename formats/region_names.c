/* formats/region_names.c: see region_names.h. Sources of the names: the
 * Law and Presidential decrees on the administrative-territorial division
 * (South Kazakhstan Region renamed Turkistan Region and Shymkent made a
 * city of republican significance, 19 June 2018; Abai, Jetisu and Ulytau
 * regions formed 8 June 2022; Astana named Nur-Sultan 2019-2022), and the
 * regions' official Kazakh and Russian names (akimat sites, gov.kz). */
#include "formats/region_names.h"

#include <stdio.h>
#include <string.h>
#include "formats/json_check.h"

/* Keep docs/scenarios.md ("Region names") and tests/test_region_names.c in step. */
static const bilim_region_alias aliases[] = {
    /* Cities of republican significance. */
    {"Astana city", "Astana", "English"},
    {"Nur-Sultan", "Astana", "former name (2019-2022)"},
    {"Tselinograd", "Astana", "former name (1961-1992)"},
    {"Астана", "Astana", "Kazakh and Russian"},
    {"Астана қаласы", "Astana", "Kazakh"},
    {"город Астана", "Astana", "Russian"},
    {"Нұр-Сұлтан", "Astana", "former name, Kazakh"},
    {"Нур-Султан", "Astana", "former name, Russian"},
    {"Almaty city", "Almaty", "English"},
    {"Alma-Ata", "Almaty", "former name"},
    {"Алматы", "Almaty", "Kazakh and Russian"},
    {"Алматы қаласы", "Almaty", "Kazakh"},
    {"город Алматы", "Almaty", "Russian"},
    {"Алма-Ата", "Almaty", "former name, Russian"},
    {"Shymkent city", "Shymkent", "English"},
    {"Chimkent", "Shymkent", "former spelling"},
    {"Шымкент", "Shymkent", "Kazakh and Russian"},
    {"Шымкент қаласы", "Shymkent", "Kazakh"},
    {"город Шымкент", "Shymkent", "Russian"},
    /* Regions (oblystar). */
    {"Abay", "Abai", "spelling"},
    {"Абай облысы", "Abai", "Kazakh"},
    {"область Абай", "Abai", "Russian"},
    {"Абайская область", "Abai", "Russian, adjective form"},
    {"Aqmola", "Akmola", "Kazakh Latin spelling"},
    {"Ақмола облысы", "Akmola", "Kazakh"},
    {"Акмолинская область", "Akmola", "Russian"},
    {"Aqtobe", "Aktobe", "Kazakh Latin spelling"},
    {"Aktyubinsk", "Aktobe", "former name"},
    {"Ақтөбе облысы", "Aktobe", "Kazakh"},
    {"Актюбинская область", "Aktobe", "Russian"},
    {"Алматы облысы", "Almaty Region", "Kazakh (the region, not the city)"},
    {"Алматинская область", "Almaty Region", "Russian (the region, not the city)"},
    {"Guryev", "Atyrau", "former name"},
    {"Атырау облысы", "Atyrau", "Kazakh"},
    {"Атырауская область", "Atyrau", "Russian"},
    {"Shygys Kazakhstan", "East Kazakhstan", "Kazakh, Latin"},
    {"Шығыс Қазақстан облысы", "East Kazakhstan", "Kazakh"},
    {"Восточно-Казахстанская область", "East Kazakhstan", "Russian"},
    {"Zhetysu", "Jetisu", "spelling"},
    {"Zhetisu", "Jetisu", "spelling"},
    {"Жетісу облысы", "Jetisu", "Kazakh"},
    {"область Жетісу", "Jetisu", "Russian"},
    {"Жетысуская область", "Jetisu", "Russian, adjective form"},
    {"Karagandy", "Karaganda", "Kazakh Latin spelling"},
    {"Qaragandy", "Karaganda", "Kazakh Latin spelling"},
    {"Қарағанды облысы", "Karaganda", "Kazakh"},
    {"Карагандинская область", "Karaganda", "Russian"},
    {"Kostanai", "Kostanay", "spelling"},
    {"Qostanay", "Kostanay", "Kazakh Latin spelling"},
    {"Kustanai", "Kostanay", "former name"},
    {"Қостанай облысы", "Kostanay", "Kazakh"},
    {"Костанайская область", "Kostanay", "Russian"},
    {"Qyzylorda", "Kyzylorda", "Kazakh Latin spelling"},
    {"Kzyl-Orda", "Kyzylorda", "former spelling"},
    {"Қызылорда облысы", "Kyzylorda", "Kazakh"},
    {"Кызылординская область", "Kyzylorda", "Russian"},
    {"Mangistau", "Mangystau", "spelling"},
    {"Mangyshlak", "Mangystau", "former name"},
    {"Маңғыстау облысы", "Mangystau", "Kazakh"},
    {"Мангистауская область", "Mangystau", "Russian"},
    {"Soltustik Kazakhstan", "North Kazakhstan", "Kazakh, Latin"},
    {"Солтүстік Қазақстан облысы", "North Kazakhstan", "Kazakh"},
    {"Северо-Казахстанская область", "North Kazakhstan", "Russian"},
    {"Павлодар облысы", "Pavlodar", "Kazakh"},
    {"Павлодарская область", "Pavlodar", "Russian"},
    {"Turkestan", "Turkistan", "spelling"},
    {"South Kazakhstan", "Turkistan", "former name: renamed Turkistan Region in 2018"},
    {"Chimkent Region", "Turkistan", "former name (1962-1992) of South Kazakhstan, now Turkistan"},
    {"Shymkent Region", "Turkistan", "former name (1962-1992) of South Kazakhstan, now Turkistan"},
    {"Түркістан облысы", "Turkistan", "Kazakh"},
    {"Туркестанская область", "Turkistan", "Russian"},
    {"Оңтүстік Қазақстан облысы", "Turkistan", "former name, Kazakh"},
    {"Южно-Казахстанская область", "Turkistan", "former name, Russian"},
    {"Ұлытау облысы", "Ulytau", "Kazakh"},
    {"область Ұлытау", "Ulytau", "Russian"},
    {"Улытауская область", "Ulytau", "Russian, adjective form"},
    {"Batys Kazakhstan", "West Kazakhstan", "Kazakh, Latin"},
    {"Батыс Қазақстан облысы", "West Kazakhstan", "Kazakh"},
    {"Западно-Казахстанская область", "West Kazakhstan", "Russian"},
    {"Jambyl", "Zhambyl", "spelling"},
    {"Dzhambul", "Zhambyl", "former name"},
    {"Жамбыл облысы", "Zhambyl", "Kazakh"},
    {"Жамбылская область", "Zhambyl", "Russian"},
};

const bilim_region_alias *bilim_region_names_aliases(size_t *n)
{
    *n = sizeof aliases / sizeof aliases[0];
    return aliases;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* a[0..n) equals b, Latin letters without case. */
static int same(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
    return 1;
}

static int region_index(const bilim_population *pop, const char *name, size_t n)
{
    for (int r = 0; r < pop->n_regions; r++)
        if (same(name, n, pop->regions[r].name))
            return r;
    return -1;
}

/* A region's own name or an alias of one of pop's regions. */
static int name_or_alias(const bilim_population *pop, const char *name, size_t n)
{
    int r = region_index(pop, name, n);
    for (size_t i = 0; r < 0 && i < sizeof aliases / sizeof aliases[0]; i++)
        if (same(name, n, aliases[i].alias))
            r = region_index(pop, aliases[i].region, strlen(aliases[i].region));
    return r;
}

/* The words for "region" people add before or after a name. */
static const char *const suffixes[] = {" Region", " oblast", " oblysy", " Province", " облысы",
                                       " область", " обл.", NULL};
static const char *const prefixes[] = {"область ", "обл. ", NULL};

int bilim_region_names_find(const bilim_population *pop, const char *name, size_t n)
{
    int r = name_or_alias(pop, name, n);
    if (r >= 0)
        return r;
    size_t base = 0, len = 0;
    for (int i = 0; !len && suffixes[i]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && same(name + n - k, k, suffixes[i]))
            len = n - k;
    }
    for (int i = 0; !len && prefixes[i]; i++) {
        size_t k = strlen(prefixes[i]);
        if (n > k && same(name, k, prefixes[i])) {
            base = k;
            len = n - k;
        }
    }
    if (!len)
        return -1;
    /* "Almaty oblast" is the region "Almaty Region", not the city "Almaty";
     * "обл. Жетісу" is "область Жетісу". The bare name comes last. */
    static const char *const forms[][2] = {{"", " Region"}, {"область ", ""}, {"", " облысы"}};
    char with[BILIM_NAME_MAX + 16];
    for (size_t f = 0; len < BILIM_NAME_MAX && f < sizeof forms / sizeof forms[0]; f++) {
        int k = snprintf(with, sizeof with, "%s%.*s%s", forms[f][0], (int)len, name + base, forms[f][1]);
        r = name_or_alias(pop, with, (size_t)k);
        if (r >= 0)
            return r;
    }
    return name_or_alias(pop, name + base, len);
}

const char *bilim_region_names_suggest(const bilim_population *pop, const char *name, size_t n,
                                       const bilim_region_alias **alias)
{
    /* Candidates: the regions' names, the aliases, and both with " oblast" and
     * " Region", so "Almaty oblst" is closest to "Almaty oblast" (the region),
     * not to the city "Almaty". */
    enum { N_ALIASES = sizeof aliases / sizeof aliases[0], MAX = 3 * (BILIM_MAX_REGIONS + N_ALIASES) };
    static const char *const words[3] = {"", " oblast", " Region"};
    char text[MAX][BILIM_NAME_MAX + 8];
    const char *cands[MAX];
    const bilim_region_alias *from[MAX];
    int m = 0;
    for (int w = 0; w < 3; w++)
        for (int i = -pop->n_regions; i < N_ALIASES; i++) {
            const char *base = i < 0 ? pop->regions[i + pop->n_regions].name : aliases[i].alias;
            if (strlen(base) >= BILIM_NAME_MAX || (i >= 0 && region_index(pop, aliases[i].region,
                                                                          strlen(aliases[i].region)) < 0))
                continue;
            snprintf(text[m], sizeof text[m], "%s%s", base, words[w]);
            from[m] = i < 0 ? NULL : &aliases[i];
            cands[m] = text[m];
            m++;
        }
    const char *s = bilim_json_suggest(name, n, cands, m);
    *alias = NULL;
    for (int i = 0; s && i < m; i++)
        if (cands[i] == s) {
            int r = bilim_region_names_find(pop, s, strlen(s));
            if (r < 0)
                return NULL;
            *alias = from[i];
            return pop->regions[r].name;
        }
    return NULL;
}
