/*
 * scan.c — `floe scan`: not built yet (placeholder so the binary links).
 * The issue that owns this subcommand replaces this file.
 */
#include <stdio.h>

#include "cli/cli.h"

int floe_cli_scan(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "floe scan: not implemented yet\n");
	return 2;
}
