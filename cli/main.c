/* cli/main.c: the bilim executable. Everything else is in cli/cli.c. */
#include "cli/cli.h"
#include "cli/common.h"

int main(int argc, char **argv)
{
    return bilim_cli_close_stdout(bilim_cli_main(argc, argv));
}
