/* cli/main.c: the bilim executable. Everything else is in cli/cli.c. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return bilim_cli_main(argc, argv);
}
