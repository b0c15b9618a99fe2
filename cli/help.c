/* cli/help.c: `bilim --help`, `bilim help [--man] [COMMAND]` and
 * `bilim help --commands`.
 *
 * A command's help is what the command itself prints for --help; its
 * manual page is that same text turned into roff (cli/man.h), read back
 * from the command's standard output, so the two cannot drift. */
#include "cli/help.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/alloc.h"
#include "base/i18n.h"
#include "base/version.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "cli/man.h"

void bilim_help_overview(FILE *f)
{
    int n;
    const bilim_command *c = bilim_cli_commands(&n);
    fprintf(f,
            _("bilim %s: agent-based simulation of how educational innovations spread\n"
              "through Kazakhstan's secondary schools, and what policies change.\n\n"),
            bilim_version());
    fprintf(f, "%s", _("Usage: bilim [--lang kk|ru|en] COMMAND [OPTIONS] [ARGS]\n"
                       "       bilim help [--man] [COMMAND]\n"
                       "       bilim help --commands\n"
                       "       bilim --version\n\n"
                       "Commands:\n"));
    for (int i = 0; i < n; i++)
        fprintf(f, "  %-12s %s\n", c[i].name, _(c[i].summary));
    fprintf(f,
            "\n`bilim help COMMAND` (or `bilim COMMAND --help`) explains a command, and\n"
            "`bilim help --man COMMAND` prints the same text as a manual page (what\n"
            "`man bilim-COMMAND` shows once bilim is installed). `bilim help --commands`\n"
            "lists the command names, one a line.\n\n"
            "Scenario files: a scenario or calibration file named on the command line is\n"
            "read from the current directory when it is there, else from the shipped\n"
            "scenarios in the data directory (`bilim --version` shows which), where\n"
            "scenarios/NAME.json and NAME.json both name the shipped NAME.json. So\n"
            "`bilim run scenarios/baseline.json -o base.h5` works in a checkout of bilim\n"
            "and, with bilim installed, in any directory.\n\n"
            "Progress: the commands that run the model report on standard error: on a\n"
            "terminal, a bar with the runs done and the ETA of the whole job\n"
            "(\"scenario k of n\" where scenarios run one after another); otherwise (a file, a pipe, a batch job), a plain line once the job has\n"
            "run for 10 seconds, then at most one every 10 seconds, and one at the end.\n"
            "--quiet silences both.\n\n"
            "Environment:\n"
            "  BILIM_DATA_DIR           the data directory (holding scenarios/ and data/)\n"
            "  BILIM_PROGRESS_INTERVAL  seconds between progress lines when standard error is "
            "not a terminal (default 10)\n"
            "  BILIM_GNUPLOT            the gnuplot program for reports (default: gnuplot)\n"
            "  OMP_NUM_THREADS          threads when --threads is not given (default: all "
            "cores)\n"
            "  LANGUAGE, LC_ALL, LC_MESSAGES, LANG\n"
            "                           the language of messages and reports (kk, ru, en), as\n"
            "                           GNU gettext reads them; --lang before the command wins\n"
            "  BILIM_LOCALE_DIR         where the translations (LANG/LC_MESSAGES/bilim.mo) are\n\n"
            "Examples:\n"
            "  bilim run scenarios/baseline.json -o base.h5 --schools 500 --replicates 5\n"
            "  bilim info base.h5\n"
            "  bilim compare scenarios/baseline.json scenarios/leadership_training.json \\\n"
            "      -o compare.h5 --report report.html\n\n"
            "Exit status: 0 success, 1 invalid input or failure, 2 usage error,\n"
            "130 interrupted (Ctrl-C, SIGINT), 143 terminated (SIGTERM).\n\n"
            "Documentation: README.md and docs/ of the source tree, installed in\n"
            "%s.\n",
            bilim_datadir_docdir());
}

static int command_help(const bilim_command *c)
{
    char name[32], help[] = "--help";
    snprintf(name, sizeof name, "%s", c->name);
    char *argv[] = {name, help, NULL};
    return c->run(2, argv);
}

/* Runs the command's --help with standard output going to a temporary file
 * and returns what it printed (bilim_free), or NULL. */
static char *capture(const bilim_command *c)
{
    FILE *t = tmpfile();
    if (!t)
        return NULL;
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0 || dup2(fileno(t), STDOUT_FILENO) < 0) {
        if (saved >= 0)
            close(saved);
        fclose(t);
        return NULL;
    }
    int rc = command_help(c);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    long len = fseek(t, 0, SEEK_END) == 0 ? ftell(t) : -1;
    char *s = rc == 0 && len >= 0 ? bilim_malloc((size_t)len + 1) : NULL;
    if (s && (fseek(t, 0, SEEK_SET) != 0 || fread(s, 1, (size_t)len, t) != (size_t)len)) {
        bilim_free(s);
        s = NULL;
    }
    if (s)
        s[len] = '\0';
    fclose(t);
    return s;
}

/* The overview's text, as bilim --help prints it (bilim_free). */
static char *overview_text(void)
{
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    if (!m)
        return NULL;
    bilim_help_overview(m);
    if (fclose(m) != 0) {
        bilim_free(s); /* the C library's allocation: bilim_free is free() */
        return NULL;
    }
    return s;
}

/* bilim(1) for name NULL, else bilim-NAME(1), on standard output. */
static int man(const char *name)
{
    const bilim_command *c = name ? bilim_cli_find_command(name) : NULL;
    if (name && !c) {
        fprintf(stderr, "bilim: unknown command '%s'; see 'bilim --help'\n", name);
        return 2;
    }
    int n;
    const bilim_command *all = bilim_cli_commands(&n);
    char page[48];
    snprintf(page, sizeof page, "bilim%s%s", c ? "-" : "", c ? c->name : "");
    /* SEE ALSO: bilim(1) and every command's page but this one. */
    char names[64][48];
    const char *see[64];
    int n_see = 0;
    if (c)
        see[n_see++] = "bilim";
    for (int i = 0; i < n && n_see < 64; i++)
        if (!c || strcmp(all[i].name, c->name) != 0) {
            snprintf(names[n_see], sizeof names[n_see], "bilim-%s", all[i].name);
            see[n_see] = names[n_see];
            n_see++;
        }
    char *text = c ? capture(c) : overview_text();
    if (!text) {
        fprintf(stderr, "bilim help: cannot read the help text of %s\n", page);
        return 1;
    }
    bilim_man_page pg = {page,
                         c ? c->summary
                           : "simulate how educational innovations spread through "
                             "Kazakhstan's secondary schools",
                         text, bilim_version(), bilim_datadir_builtin(), bilim_datadir_docdir(),
                         see, n_see};
    bilim_error err;
    bilim_error_clear(&err);
    int rc = bilim_man_write(&pg, stdout, &err);
    bilim_free(text);
    if (rc) {
        fprintf(stderr, "bilim help: %s\n", err.msg);
        return 1;
    }
    return 0;
}

int bilim_help_main(int argc, char **argv)
{
    int want_man = argc > 1 && strcmp(argv[1], "--man") == 0;
    int rest = argc - 1 - want_man; /* arguments after "help" and "--man" */
    const char *name = rest == 1 ? argv[argc - 1] : NULL;
    if (argc == 2 && strcmp(argv[1], "--commands") == 0) {
        int n;
        const bilim_command *c = bilim_cli_commands(&n);
        for (int i = 0; i < n; i++)
            printf("%s\n", c[i].name);
        return 0;
    }
    if (rest > 1 || (name && name[0] == '-')) {
        fprintf(stderr, "bilim help: usage: bilim help [--man] [COMMAND] or bilim help "
                        "--commands; see 'bilim --help'\n");
        return 2;
    }
    if (want_man)
        return man(name);
    if (!name) {
        bilim_help_overview(stdout);
        return 0;
    }
    const bilim_command *c = bilim_cli_find_command(name);
    if (!c) {
        fprintf(stderr, "bilim: unknown command '%s'; see 'bilim --help'\n", name);
        return 2;
    }
    return command_help(c);
}
