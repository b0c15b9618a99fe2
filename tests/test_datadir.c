/* tests/test_datadir.c: where bilim finds its shipped files (cli/datadir.h)
 * and how a scenario named on the command line is looked up, on folders made
 * here; and the manual pages' roff (cli/man.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/alloc.h"
#include "cli/datadir.h"
#include "cli/man.h"

static char root[64];

/* root/ with an installation in root/usr (bin/, share/bilim/scenarios/x.json),
 * a second data directory root/other/scenarios, and root/empty. */
static void make_tree(void)
{
    snprintf(root, sizeof root, "/tmp/bilim-test-datadir-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    const char *dirs[] = {"usr", "usr/bin", "usr/share", "usr/share/bilim",
                          "usr/share/bilim/scenarios", "usr/share/bilim/scenarios/scenarios",
                          "other", "other/scenarios", "empty"};
    char p[256];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        cr_assert_eq(mkdir(p, 0777), 0, "%s", p);
    }
    const char *files[] = {"usr/share/bilim/scenarios/x.json", "other/scenarios/y.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i]);
        FILE *f = fopen(p, "w");
        cr_assert_not_null(f);
        fputs("{}", f);
        fclose(f);
    }
}

static void remove_tree(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(datadir, .init = make_tree, .fini = remove_tree);

Test(datadir, the_order_environment_beside_the_program_then_builtin)
{
    char exe[128], usr[128], other[128], empty[128];
    snprintf(exe, sizeof exe, "%s/usr/bin/bilim", root);
    snprintf(usr, sizeof usr, "%s/usr/share/bilim", root);
    snprintf(other, sizeof other, "%s/other", root);
    snprintf(empty, sizeof empty, "%s/empty", root);
    bilim_datadir d;

    bilim_datadir_locate(&d, other, exe, usr);
    cr_assert_eq(d.source, BILIM_DATADIR_ENV);
    cr_assert_str_eq(d.path, other);

    bilim_datadir_locate(&d, NULL, exe, empty);
    cr_assert_eq(d.source, BILIM_DATADIR_RELATIVE);
    cr_assert_str_eq(d.path, usr);

    bilim_datadir_locate(&d, "", "/nowhere/bin/bilim", other); /* empty env: unset */
    cr_assert_eq(d.source, BILIM_DATADIR_BUILTIN);
    cr_assert_str_eq(d.path, other);
    cr_assert(strstr(d.looked, "/nowhere/share/bilim"), "%s", d.looked);

    /* A setting the user made that names no data directory: no fallback. */
    bilim_datadir_locate(&d, empty, exe, usr);
    cr_assert_eq(d.source, BILIM_DATADIR_NONE);
    cr_assert_str_empty(d.path);
    cr_assert(strstr(d.looked, "BILIM_DATA_DIR="), "%s", d.looked);
    char line[sizeof d.looked + 128];
    bilim_datadir_describe(&d, line, sizeof line);
    cr_assert(strstr(line, "none found"), "%s", line);
    cr_assert(strstr(line, "set BILIM_DATA_DIR"), "%s", line);

    bilim_datadir_locate(&d, NULL, NULL, NULL);
    cr_assert_eq(d.source, BILIM_DATADIR_NONE);
}

Test(datadir, scenario_arguments)
{
    bilim_datadir d;
    char usr[128], exe[128], want[256];
    snprintf(usr, sizeof usr, "%s/usr/share/bilim", root);
    snprintf(exe, sizeof exe, "%s/usr/bin/bilim", root);
    bilim_datadir_locate(&d, NULL, exe, NULL);
    cr_assert_eq(d.source, BILIM_DATADIR_RELATIVE);
    bilim_error err;
    bilim_error_clear(&err);
    char *found = (char *)1;

    /* A file that exists where the user is: used as given. */
    cr_assert_eq(chdir(root), 0);
    cr_assert_eq(bilim_datadir_scenario(&d, "usr/share/bilim/scenarios/x.json", &found, &err), 0);
    cr_assert_null(found);

    /* NAME.json and scenarios/NAME.json: the shipped one. */
    snprintf(want, sizeof want, "%s/scenarios/x.json", usr);
    cr_assert_eq(bilim_datadir_scenario(&d, "x.json", &found, &err), 0, "%s", err.msg);
    cr_assert_str_eq(found, want);
    bilim_free(found);
    cr_assert_eq(bilim_datadir_scenario(&d, "scenarios/x.json", &found, &err), 0, "%s", err.msg);
    cr_assert_str_eq(found, want);
    bilim_free(found);

    /* An absolute path is never looked up elsewhere. */
    cr_assert_eq(bilim_datadir_scenario(&d, "/no/such/x.json", &found, &err), 0);
    cr_assert_null(found);

    /* Missing everywhere: every place looked at is named. */
    cr_assert_eq(bilim_datadir_scenario(&d, "scenarios/z.json", &found, &err), BILIM_EINVAL);
    cr_assert_null(found);
    cr_assert(strstr(err.msg, "scenarios/z.json: no such file"), "%s", err.msg);
    snprintf(want, sizeof want, "%s/scenarios/scenarios/z.json", usr);
    cr_assert(strstr(err.msg, want), "%s", err.msg);
    snprintf(want, sizeof want, "%s/scenarios/z.json", usr);
    cr_assert(strstr(err.msg, want), "%s", err.msg);

    bilim_datadir none;
    bilim_datadir_locate(&none, NULL, NULL, NULL);
    cr_assert_eq(bilim_datadir_scenario(&none, "x.json", &found, &err), BILIM_EINVAL);
    cr_assert(strstr(err.msg, "no data directory"), "%s", err.msg);
}

/* Roff escapes: a minus sign stays a hyphen-minus (options copy as typed),
 * a backslash is printed, a leading '.' or '\'' is not a request. */
Test(man, text_escapes)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    cr_assert_not_null(f);
    const char *in = ".run --schools a\\b";
    bilim_man_text(f, in, strlen(in));
    fclose(f);
    cr_assert_str_eq(s, "\\&.run \\-\\-schools a\\eb");
    free(s);
}

Test(man, sections_from_a_help_text)
{
    const char *help = "Usage: bilim demo FILE\n\nDoes a thing.\n  verbatim -x\n\n"
                       "Exit status: 0 ok, 1 not.\n\nExamples:\n  bilim demo a \\\n"
                       "      --b\n\nOptions:\n  -q, --quiet                quiet\n";
    const char *see[] = {"bilim"};
    bilim_man_page pg = {"bilim-demo", "a demo", help, "9.9", "/d", "/doc", see, 1};
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    bilim_error err;
    bilim_error_clear(&err);
    cr_assert_eq(bilim_man_write(&pg, f, &err), 0, "%s", err.msg);
    fclose(f);
    const char *want[] = {".TH \"BILIM\\-DEMO\" 1", ".SH NAME\nbilim\\-demo \\- a demo\n",
                          ".SH SYNOPSIS\n", "Does a thing.\n.RS 4\n.nf\nverbatim \\-x\n",
                          ".SH OPTIONS\n", "\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR", ".SH EXIT STATUS\n",
                          "0 ok, 1 not.", ".SH FILES\n", "/d/scenarios/", ".SH EXAMPLES\n",
                          ".SH SEE ALSO\n.BR bilim (1)\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert(strstr(s, want[i]), "no '%s' in:\n%s", want[i], s);
    /* The sections in man(7)'s order. */
    cr_assert(strstr(s, ".SH SYNOPSIS") < strstr(s, ".SH DESCRIPTION"));
    cr_assert(strstr(s, ".SH DESCRIPTION") < strstr(s, ".SH OPTIONS"));
    cr_assert(strstr(s, ".SH OPTIONS") < strstr(s, ".SH EXIT STATUS"));
    cr_assert(strstr(s, ".SH FILES") < strstr(s, ".SH EXAMPLES"));
    free(s);
}
