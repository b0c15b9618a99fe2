/* tests/test_scenario_extends.c: "extends" (objects merge by key, arrays are
 * replaced, append_interventions appends, population preset/regions are
 * alternatives), chains, cycles, missing and bad files, and parameter files
 * (precedence, relative paths, their own errors). Files live in a scratch
 * directory under /tmp that each test removes. */
#include <criterion/criterion.h>
#include <string.h>
#include "scenario_helpers.h"

static test_dir dir;

static void setup(void)
{
    test_mkdir(&dir);
}

static void teardown(void)
{
    test_rmdir(&dir);
}

TestSuite(extends, .init = setup, .fini = teardown);

static const char *parent_json =
    "{\n"
    "  \"name\": \"parent\",\n"
    "  \"description\": \"the parent\",\n"
    "  \"seed\": 5,\n"
    "  \"months\": 36,\n"
    "  \"population\": {\"regions\": [{\"name\": \"A\", \"urban\": 10, \"rural\": 20, \"small_class\": 5},\n"
    "                              {\"name\": \"B\", \"urban\": 3, \"rural\": 7}]},\n"
    "  \"innovations\": [{\"name\": \"one\", \"complexity\": 0.5, \"resource_need\": 0.5},\n"
    "                  {\"name\": \"two\", \"complexity\": 0.2, \"resource_need\": 0.1}],\n"
    "  \"parameters\": {\"eta_train\": 0.1, \"delta_K\": 0.005},\n"
    "  \"interventions\": [{\"type\": \"innovation_hub\", \"name\": \"hubs\", \"unit_cost_kzt\": 10, \"hubs\": 2}],\n"
    "  \"outputs\": {\"survey_months\": [0, 12], \"survey_n\": 20, \"by_region\": true}\n"
    "}\n";

static int load(const char *path, bilim_scenario *sc, bilim_diags **d)
{
    *d = bilim_diags_alloc();
    return bilim_scenario_load(path, sc, NULL, *d);
}

Test(extends, child_overrides_and_merges_by_key)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\", \"seed\": 9,\n"
        " \"parameters\": {\"delta_K\": 0.001},\n"
        " \"outputs\": {\"survey_n\": 30}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_str_eq(sc.name, "child");
    cr_assert_eq(sc.seed, 9);
    cr_assert_eq(sc.months, 36, "inherited scalar");
    /* Objects merge by key: the child's key wins, the parent's others stay. */
    cr_assert_eq(sc.params.delta_K, 0.001);
    cr_assert_eq(sc.params.eta_train, 0.1);
    cr_assert_eq(sc.outputs.survey_n, 30);
    cr_assert_eq(sc.outputs.n_survey_months, 2);
    cr_assert_eq(sc.outputs.survey_months[1], 12);
    cr_assert_eq(sc.outputs.by_region, 1);
    /* Inherited arrays. */
    cr_assert_eq(sc.n_innovations, 2);
    cr_assert_eq(sc.n_interventions, 1);
    cr_assert_eq(sc.population.n_regions, 2);
    bilim_diags_free(d);
}

Test(extends, arrays_are_replaced_not_merged)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\",\n"
        " \"innovations\": [{\"name\": \"three\", \"complexity\": 0.9, \"resource_need\": 0.9}],\n"
        " \"interventions\": [],\n"
        " \"outputs\": {\"survey_months\": [6]}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.n_innovations, 1);
    cr_assert_str_eq(sc.innovations[0].name, "three");
    cr_assert_eq(sc.n_interventions, 0);
    cr_assert_eq(sc.outputs.n_survey_months, 1);
    cr_assert_eq(sc.outputs.survey_months[0], 6);
    bilim_diags_free(d);
}

Test(extends, append_interventions_adds_after_the_parents)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\",\n"
        " \"append_interventions\": [\n"
        "   {\"type\": \"teacher_pipeline\", \"name\": \"pipe\", \"unit_cost_kzt\": 5},\n"
        "   {\"type\": \"leadership_training\", \"name\": \"lead\", \"unit_cost_kzt\": 5}]}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.n_interventions, 3);
    cr_assert_str_eq(sc.interventions[0].name, "hubs");
    cr_assert_str_eq(sc.interventions[1].name, "pipe");
    cr_assert_str_eq(sc.interventions[2].name, "lead");
    cr_assert_eq(sc.interventions[2].type, BILIM_IV_LEADERSHIP_TRAINING);
    bilim_diags_free(d);
}

Test(extends, append_to_a_parent_without_interventions)
{
    test_write(&dir, "p.json", "{\"name\": \"p\"}");
    const char *child = test_write(&dir, "c.json",
        "{\"extends\": \"p.json\", \"name\": \"c\", \"append_interventions\": "
        "[{\"type\": \"innovation_hub\", \"unit_cost_kzt\": 1}]}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.n_interventions, 1);
    bilim_diags_free(d);
}

Test(extends, appended_names_must_be_unique_across_the_merge)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\",\n"
        " \"append_interventions\": [{\"type\": \"innovation_hub\", \"name\": \"hubs\", \"unit_cost_kzt\": 5}]}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "child.json:2:", "interventions[1].name: \"hubs\" is already the name of interventions[0]", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, interventions_and_append_together_is_an_error)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\", \"interventions\": [], \"append_interventions\": []}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "append_interventions: given together with \"interventions\"", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, population_preset_and_regions_replace_each_other)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json",
        "{\"extends\": \"parent.json\", \"name\": \"child\", \"population\": {\"preset\": \"kz-national\"},\n"
        " \"outputs\": {\"survey_n\": 116}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_str_eq(sc.population.preset, "kz-national");
    cr_assert_eq(bilim_population_schools(&sc.population), 7687);
    bilim_diags_free(d);
    /* And back: explicit regions over a preset parent. */
    const char *grandchild = test_write(&dir, "gc.json",
        "{\"extends\": \"child.json\", \"name\": \"gc\", \"population\": {\"regions\": "
        "[{\"name\": \"Z\", \"schools\": 200, \"rural_share\": 0.75, \"small_class_share\": 0.25}]}}");
    cr_assert_eq(load(grandchild, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_str_eq(sc.population.preset, "");
    cr_assert_eq(sc.population.n_regions, 1);
    cr_assert_eq(sc.population.regions[0].urban, 50);
    cr_assert_eq(sc.population.regions[0].rural, 150);
    cr_assert_eq(sc.population.regions[0].small_class, 50);
    bilim_diags_free(d);
}

Test(extends, teachers_merge_over_the_preset)
{
    test_write(&dir, "p.json", "{\"name\": \"p\", \"population\": {\"preset\": \"kz-national\"}}");
    const char *child = test_write(&dir, "c.json",
        "{\"extends\": \"p.json\", \"name\": \"c\", \"population\": {\"teachers_per_school\": "
        "{\"urban\": {\"mean\": 90}}}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_str_eq(sc.population.preset, "kz-national");
    cr_assert_eq(sc.population.teachers_mean[BILIM_CLASS_URBAN], 90.0);
    cr_assert_eq(sc.population.teachers_sigma[BILIM_CLASS_URBAN], 0.4);
    cr_assert_eq(sc.population.teachers_mean[BILIM_CLASS_SMALL], 19.5);
    bilim_diags_free(d);
}

Test(extends, chains_resolve_relative_to_each_file)
{
    test_write(&dir, "base/grand.json", "{\"name\": \"grand\", \"months\": 48, \"replicates\": 3}");
    test_write(&dir, "base/parent.json",
               "{\"name\": \"parent\", \"extends\": \"grand.json\", \"replicates\": 4}");
    const char *child = test_write(&dir, "child.json",
                                   "{\"name\": \"child\", \"extends\": \"base/parent.json\", \"seed\": 77}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.months, 48);
    cr_assert_eq(sc.replicates, 4);
    cr_assert_eq(sc.seed, 77);
    cr_assert_str_eq(sc.name, "child");
    bilim_diags_free(d);
}

Test(extends, every_file_names_itself)
{
    test_write(&dir, "parent.json", parent_json);
    const char *child = test_write(&dir, "child.json", "{\"extends\": \"parent.json\", \"seed\": 1}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "child.json:1:1: name: missing", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, errors_in_the_parent_name_the_parent)
{
    test_write(&dir, "parent.json", "{\"name\": \"p\",\n \"replicates\": 0}");
    const char *child = test_write(&dir, "child.json", "{\"extends\": \"parent.json\", \"name\": \"c\",\n \"months\": 0}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "parent.json:2:16: replicates: 0 is out of range", NULL), "%s", test_all_diags(d));
    cr_assert_not_null(test_find_diag(d, "child.json:2:12: months: 0 is out of range", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, syntax_error_in_the_parent)
{
    test_write(&dir, "parent.json", "{\"name\": \"p\",\n \"seed\": 1,,\n}");
    const char *child = test_write(&dir, "child.json", "{\"extends\": \"parent.json\", \"name\": \"c\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "parent.json:2:12: syntax error", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, missing_file_is_an_error)
{
    const char *child = test_write(&dir, "child.json", "{\"name\": \"c\",\n \"extends\": \"nope.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "child.json:2:13: extends: cannot read \"nope.json\"",
                                      "No such file or directory", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, a_directory_is_not_a_scenario)
{
    const char *child = test_write(&dir, "child.json", "{\"name\": \"c\", \"extends\": \"sub\"}");
    test_write(&dir, "sub/x.json", "{}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "extends: cannot read \"sub\"", "is a directory", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, extends_must_be_a_path)
{
    const char *child = test_write(&dir, "child.json", "{\"name\": \"c\", \"extends\": [\"a.json\"]}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "extends: found an array; expected the path of a scenario file", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, self_cycle)
{
    const char *a = test_write(&dir, "a.json", "{\"name\": \"a\", \"extends\": \"a.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(a, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "a.json:1:26: extends: \"a.json\" makes a cycle", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, two_file_cycle_through_another_spelling)
{
    const char *a = test_write(&dir, "a.json", "{\"name\": \"a\", \"extends\": \"sub/../b.json\"}");
    test_write(&dir, "sub/keep", "");
    test_write(&dir, "b.json", "{\"name\": \"b\", \"extends\": \"./a.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(a, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "b.json:1:26: extends: \"./a.json\" makes a cycle", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, chains_longer_than_16_are_refused)
{
    char name[32], text[128];
    for (int i = 0; i < 18; i++) {
        snprintf(name, sizeof name, "f%d.json", i);
        if (i == 17)
            snprintf(text, sizeof text, "{\"name\": \"f%d\"}", i);
        else
            snprintf(text, sizeof text, "{\"name\": \"f%d\", \"extends\": \"f%d.json\"}", i, i + 1);
        test_write(&dir, name, text);
    }
    char path[256];
    snprintf(path, sizeof path, "%s/f0.json", dir.path);
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(path, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "extends: the chain of extends is longer than 16 files", NULL),
                       "%s", test_all_diags(d));
    bilim_diags_free(d);
    /* 16 files are fine. */
    snprintf(path, sizeof path, "%s/f2.json", dir.path);
    cr_assert_eq(load(path, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    bilim_diags_free(d);
}

/* --- parameter files ----------------------------------------------------------------------- */

Test(extends, parameter_precedence)
{
    test_write(&dir, "params/p.json",
               "{\"description\": \"d\", \"source\": \"s\", \"parameters\": "
               "{\"eta_train\": 0.2, \"delta_K\": 0.02, \"cluster_size\": 12}}");
    const char *sc_path = test_write(&dir, "s.json",
        "{\"name\": \"s\", \"parameter_file\": \"params/p.json\", \"parameters\": {\"delta_K\": 0.03}}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(sc_path, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.params.eta_train, 0.2, "the file overrides the table default");
    cr_assert_eq(sc.params.delta_K, 0.03, "the scenario overrides the file");
    cr_assert_eq(sc.params.cluster_size, 12);
    cr_assert_eq(sc.params.eta_exp, 0.002, "untouched parameters keep the table default");
    bilim_diags_free(d);
}

Test(extends, parameter_file_relative_to_the_file_that_names_it)
{
    test_write(&dir, "base/params.json", "{\"parameters\": {\"eta_train\": 0.25}}");
    test_write(&dir, "base/parent.json", "{\"name\": \"p\", \"parameter_file\": \"params.json\"}");
    const char *child = test_write(&dir, "child.json", "{\"name\": \"c\", \"extends\": \"base/parent.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(child, &sc, &d), BILIM_OK, "%s", test_all_diags(d));
    cr_assert_eq(sc.params.eta_train, 0.25);
    bilim_diags_free(d);
}

Test(extends, parameter_file_errors_name_the_parameter_file)
{
    test_write(&dir, "p.json", "{\"parameters\": {\n \"eta_trian\": 0.25,\n \"theta_low\": 2},\n \"sourse\": \"x\"}");
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"parameter_file\": \"p.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "p.json:2:2: parameters.eta_trian: unknown parameter; did you mean \"eta_train\"?", NULL),
                       "%s", test_all_diags(d));
    cr_assert_not_null(test_find_diag(d, "p.json:3:15: parameters.theta_low: 2 is out of range", NULL), "%s", test_all_diags(d));
    cr_assert_not_null(test_find_diag(d, "p.json:4:2: sourse: unknown key; did you mean \"source\"?", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, parameter_file_missing_or_malformed)
{
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"parameter_file\": \"none.json\"}");
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "s.json:1:33: parameter_file: cannot read \"none.json\"", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    test_write(&dir, "bad.json", "{\"parameters\": {\"eta_train\": 0.1}");
    s = test_write(&dir, "s2.json", "{\"name\": \"s\", \"parameter_file\": \"bad.json\"}");
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "bad.json:1:34: syntax error", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    test_write(&dir, "noparams.json", "{\"description\": \"x\"}");
    s = test_write(&dir, "s3.json", "{\"name\": \"s\", \"parameter_file\": \"noparams.json\"}");
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "noparams.json:1:1: parameters: missing", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, unreadable_top_file_is_an_io_error)
{
    bilim_scenario sc;
    bilim_diags *d;
    char path[256];
    snprintf(path, sizeof path, "%s/absent.json", dir.path);
    cr_assert_eq(load(path, &sc, &d), BILIM_EIO);
    cr_assert_not_null(test_find_diag(d, "absent.json: cannot read: No such file or directory", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    cr_assert_eq(load(dir.path, &sc, &d), BILIM_EIO);
    cr_assert_not_null(test_find_diag(d, "cannot read: is a directory", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, special_files_are_refused_without_blocking)
{
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load("/dev/null", &sc, &d), BILIM_EIO);
    cr_assert_not_null(test_find_diag(d, "/dev/null: cannot read: is not a regular file", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
    const char *s = test_write(&dir, "s.json", "{\"name\": \"s\", \"extends\": \"/dev/stdin\"}");
    cr_assert_eq(load(s, &sc, &d), BILIM_EINVAL);
    cr_assert_not_null(test_find_diag(d, "extends: cannot read \"/dev/stdin\"", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}

Test(extends, files_over_one_mebibyte_are_refused)
{
    char path[256];
    snprintf(path, sizeof path, "%s/big.json", dir.path);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("{\"name\": \"big\", \"description\": \"", f);
    for (int i = 0; i < 1100 * 1024; i++)
        fputc('x', f);
    fputs("\"}", f);
    fclose(f);
    bilim_scenario sc;
    bilim_diags *d;
    cr_assert_eq(load(path, &sc, &d), BILIM_EIO);
    cr_assert_not_null(test_find_diag(d, "big.json: cannot read: is 1126434 bytes (1.1 MiB), larger than "
                                      "the limit of 1048576 bytes (1 MiB)", NULL), "%s", test_all_diags(d));
    bilim_diags_free(d);
}
