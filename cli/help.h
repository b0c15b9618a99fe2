/* cli/help.h: the overview (`bilim --help`) and the help command
 * (`bilim help [--man] [COMMAND]`, `bilim help --commands`). */
#ifndef BILIM_HELP_H
#define BILIM_HELP_H

#include <stdio.h>

/* The text of `bilim --help` (the command list, scenario lookup, progress,
 * environment, exit status, documentation) to f. */
void bilim_help_overview(FILE *f);

/* `bilim help ...`; argv[0] is "help". Returns the exit status: 0, 1 (a
 * page could not be made), 2 (usage, unknown command). */
int bilim_help_main(int argc, char **argv);

#endif
