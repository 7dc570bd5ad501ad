/*
 * teardown.c — `floe teardown`: not built yet (placeholder so the binary links).
 * The issue that owns this subcommand replaces this file.
 */
#include <stdio.h>

#include "cli/cli.h"

int floe_cli_teardown(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "floe teardown: not implemented yet\n");
	return 2;
}
