/* cli/cli.h: the bilim command-line front end.
 *
 * bilim_cli_main() is main() without the process: it returns the exit status
 * (0 ok, 1 invalid input or failure, 2 usage error, 130 SIGINT, 143 SIGTERM). Each
 * command is a function of the same shape in cli/cmd_<name>.c; "--help" on
 * any command prints its help, which is also what `bilim help NAME` shows
 * and what its manual page bilim-NAME(1) is made from (cli/help.c): a new
 * command gets its page by being in the table of cli/cli.c. */
#ifndef BILIM_CLI_H
#define BILIM_CLI_H

typedef int (*bilim_command_fn)(int argc, char **argv);

typedef struct bilim_command {
    const char *name;
    const char *summary;    /* one line for the command list */
    bilim_command_fn run;   /* argv[0] is the command name */
} bilim_command;

int bilim_cli_main(int argc, char **argv);

/* The commands, in the order --help lists them; *n receives the count. */
const bilim_command *bilim_cli_commands(int *n);

/* The command named name, or NULL. */
const bilim_command *bilim_cli_find_command(const char *name);

int bilim_cmd_run(int argc, char **argv);
int bilim_cmd_compare(int argc, char **argv);
int bilim_cmd_sensitivity(int argc, char **argv);
int bilim_cmd_report(int argc, char **argv);
int bilim_cmd_validate(int argc, char **argv);
int bilim_cmd_calibrate(int argc, char **argv);
int bilim_cmd_effects(int argc, char **argv);
int bilim_cmd_info(int argc, char **argv);
int bilim_cmd_params(int argc, char **argv);

#endif
