/*
 * run.c — `floe run`: not built yet (placeholder so the binary links).
 * The issue that owns this subcommand replaces this file.
 */
#include <stdio.h>

#include "cli/cli.h"

int floe_cli_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "floe run: not implemented yet\n");
	return 2;
}
