/* tests/test_region_names.c: every alias of formats/region_names.c, one
 * test each, through the scenario loader (target.regions of the
 * kz-national preset), and the hints for names it does not know. The
 * expected regions are written here, not read from the table, so a wrong
 * row fails. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>
#include "scenario_helpers.h"
#include "formats/region_names.h"
#include "models/preset.h"

/* Arrays, not pointers: Criterion copies parameters into each test's process. */
typedef struct alias_case {
    char input[80];
    char region[40];
} alias_case;

static const alias_case table_cases[] = {
    {"Astana city", "Astana"}, {"Nur-Sultan", "Astana"}, {"Tselinograd", "Astana"},
    {"Астана", "Astana"}, {"Астана қаласы", "Astana"}, {"город Астана", "Astana"},
    {"Нұр-Сұлтан", "Astana"}, {"Нур-Султан", "Astana"},
    {"Almaty city", "Almaty"}, {"Alma-Ata", "Almaty"}, {"Алматы", "Almaty"},
    {"Алматы қаласы", "Almaty"}, {"город Алматы", "Almaty"}, {"Алма-Ата", "Almaty"},
    {"Shymkent city", "Shymkent"}, {"Chimkent", "Shymkent"}, {"Шымкент", "Shymkent"},
    {"Шымкент қаласы", "Shymkent"}, {"город Шымкент", "Shymkent"},
    {"Abay", "Abai"}, {"Абай облысы", "Abai"}, {"область Абай", "Abai"}, {"Абайская область", "Abai"},
    {"Aqmola", "Akmola"}, {"Ақмола облысы", "Akmola"}, {"Акмолинская область", "Akmola"},
    {"Aqtobe", "Aktobe"}, {"Aktyubinsk", "Aktobe"}, {"Ақтөбе облысы", "Aktobe"},
    {"Актюбинская область", "Aktobe"},
    {"Алматы облысы", "Almaty Region"}, {"Алматинская область", "Almaty Region"},
    {"Guryev", "Atyrau"}, {"Атырау облысы", "Atyrau"}, {"Атырауская область", "Atyrau"},
    {"Shygys Kazakhstan", "East Kazakhstan"}, {"Шығыс Қазақстан облысы", "East Kazakhstan"},
    {"Восточно-Казахстанская область", "East Kazakhstan"},
    {"Zhetysu", "Jetisu"}, {"Zhetisu", "Jetisu"}, {"Жетісу облысы", "Jetisu"},
    {"область Жетісу", "Jetisu"}, {"Жетысуская область", "Jetisu"},
    {"Karagandy", "Karaganda"}, {"Qaragandy", "Karaganda"}, {"Қарағанды облысы", "Karaganda"},
    {"Карагандинская область", "Karaganda"},
    {"Kostanai", "Kostanay"}, {"Qostanay", "Kostanay"}, {"Kustanai", "Kostanay"},
    {"Қостанай облысы", "Kostanay"}, {"Костанайская область", "Kostanay"},
    {"Qyzylorda", "Kyzylorda"}, {"Kzyl-Orda", "Kyzylorda"}, {"Қызылорда облысы", "Kyzylorda"},
    {"Кызылординская область", "Kyzylorda"},
    {"Mangistau", "Mangystau"}, {"Mangyshlak", "Mangystau"}, {"Маңғыстау облысы", "Mangystau"},
    {"Мангистауская область", "Mangystau"},
    {"Soltustik Kazakhstan", "North Kazakhstan"}, {"Солтүстік Қазақстан облысы", "North Kazakhstan"},
    {"Северо-Казахстанская область", "North Kazakhstan"},
    {"Павлодар облысы", "Pavlodar"}, {"Павлодарская область", "Pavlodar"},
    {"Turkestan", "Turkistan"}, {"South Kazakhstan", "Turkistan"}, {"Chimkent Region", "Turkistan"},
    {"Shymkent Region", "Turkistan"}, {"Түркістан облысы", "Turkistan"},
    {"Туркестанская область", "Turkistan"}, {"Оңтүстік Қазақстан облысы", "Turkistan"},
    {"Южно-Казахстанская область", "Turkistan"},
    {"Ұлытау облысы", "Ulytau"}, {"область Ұлытау", "Ulytau"}, {"Улытауская область", "Ulytau"},
    {"Batys Kazakhstan", "West Kazakhstan"}, {"Батыс Қазақстан облысы", "West Kazakhstan"},
    {"Западно-Казахстанская область", "West Kazakhstan"},
    {"Jambyl", "Zhambyl"}, {"Dzhambul", "Zhambyl"}, {"Жамбыл облысы", "Zhambyl"},
    {"Жамбылская область", "Zhambyl"},
};

/* Forms the rules accept besides the table: case, and the words for region. */
static const alias_case rule_cases[] = {
    {"Almaty oblast", "Almaty Region"}, {"Almaty region", "Almaty Region"},
    {"almaty", "Almaty"}, {"Turkistan Region", "Turkistan"}, {"South Kazakhstan Region", "Turkistan"},
    {"South Kazakhstan oblast", "Turkistan"}, {"Shymkent oblast", "Turkistan"},
    {"Akmola Province", "Akmola"}, {"Kostanay oblysy", "Kostanay"}, {"Pavlodar обл.", "Pavlodar"},
    {"обл. Жетісу", "Jetisu"}, {"NORTH KAZAKHSTAN", "North Kazakhstan"},
    {"Mangystau Region", "Mangystau"}, {"Kzyl-Orda oblast", "Kyzylorda"},
};

/* target.regions = [input] of the kz-national preset; the region it selects. */
static void expect_region(const alias_case *c)
{
    char json[600];
    snprintf(json, sizeof json, "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\", "
             "\"unit_cost_kzt\": 1, \"target\": {\"regions\": [\"%s\"]}}]}", c->input);
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    int rc = bilim_scenario_load_string(json, "alias.json", &sc, NULL, d);
    cr_assert_eq(rc, BILIM_OK, "\"%s\" is refused:\n%s", c->input, test_all_diags(d));
    bilim_diags_free(d);
    int want = -1;
    for (int r = 0; r < sc.population.n_regions; r++)
        if (strcmp(sc.population.regions[r].name, c->region) == 0)
            want = r;
    cr_assert_geq(want, 0, "%s is not a region of the preset", c->region);
    cr_expect_eq(sc.interventions[0].target.region_mask, (uint64_t)1 << want,
                 "\"%s\" selects mask %#llx; expected %s", c->input,
                 (unsigned long long)sc.interventions[0].target.region_mask, c->region);
}

ParameterizedTestParameters(region_names, alias)
{
    return cr_make_param_array(alias_case, (alias_case *)table_cases,
                               sizeof table_cases / sizeof table_cases[0]);
}

ParameterizedTest(alias_case *c, region_names, alias)
{
    expect_region(c);
}

ParameterizedTestParameters(region_names, rule)
{
    return cr_make_param_array(alias_case, (alias_case *)rule_cases,
                               sizeof rule_cases / sizeof rule_cases[0]);
}

ParameterizedTest(alias_case *c, region_names, rule)
{
    expect_region(c);
}

/* Every row of the table is tested above and listed in the docs. */
Test(region_names, table_is_tested_and_documented)
{
    size_t n;
    const bilim_region_alias *a = bilim_region_names_aliases(&n);
    cr_assert_eq(n, sizeof table_cases / sizeof table_cases[0],
                 "the alias table has %zu rows; this test lists %zu", n,
                 sizeof table_cases / sizeof table_cases[0]);
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/scenarios.md", test_source_dir());
    char *doc = test_slurp(path);
    cr_assert_not_null(doc);
    for (size_t i = 0; i < n; i++) {
        cr_expect_str_eq(a[i].alias, table_cases[i].input, "row %zu", i);
        cr_expect_str_eq(a[i].region, table_cases[i].region, "row %zu", i);
        char row[300];
        snprintf(row, sizeof row, "| %s | %s |", a[i].alias, a[i].region);
        cr_expect(strstr(doc, row), "docs/scenarios.md lacks the row \"%s\"", row);
    }
    free(doc);
}

/* Messages for unknown names: the suggestion is the region a rename or a
 * suffix explains, never a neighbour with a similar spelling. */
static char *load_errors(const char *region)
{
    char json[600];
    snprintf(json, sizeof json, "{\"name\": \"x\", \"interventions\": [{\"type\": \"innovation_hub\", "
             "\"unit_cost_kzt\": 1, \"target\": {\"regions\": [\"%s\"]}}]}", region);
    bilim_scenario sc;
    bilim_diags *d = bilim_diags_alloc();
    cr_assert_eq(bilim_scenario_load_string(json, "hint.json", &sc, NULL, d), BILIM_EINVAL, "%s", region);
    char *s = strdup(test_all_diags(d));
    bilim_diags_free(d);
    return s;
}

Test(region_names, hints_point_to_the_renamed_region)
{
    char *m = load_errors("South Kazakstan");
    cr_expect(strstr(m, "did you mean \"Turkistan\" (\"South Kazakhstan\", former name: renamed Turkistan Region in 2018)?"), "%s", m);
    free(m);
    m = load_errors("Almaty oblst");
    cr_expect(strstr(m, "did you mean \"Almaty Region\"?"), "%s", m);
    free(m);
    m = load_errors("Pavlodr");
    cr_expect(strstr(m, "did you mean \"Pavlodar\"?"), "%s", m);
    free(m);
}

/* Aliases of regions the population does not have are not accepted. */
Test(region_names, only_the_population_regions)
{
    bilim_population pop;
    memset(&pop, 0, sizeof pop);
    pop.n_regions = 2;
    strcpy(pop.regions[0].name, "Almaty");
    strcpy(pop.regions[1].name, "North");
    cr_expect_eq(bilim_region_names_find(&pop, "Alma-Ata", 8), 0);
    cr_expect_eq(bilim_region_names_find(&pop, "South Kazakhstan", 16), -1);
    cr_expect_eq(bilim_region_names_find(&pop, "Almaty oblast", 13), 0, "no Almaty Region: the name");
    cr_expect_eq(bilim_region_names_find(&pop, "North Region", 12), 1);
    cr_expect_eq(bilim_region_names_find(&pop, " Region", 7), -1);
}
