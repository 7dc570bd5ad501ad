/*
 * parquet_dump.c — `floe parquet-dump`: not built yet (placeholder so the binary links).
 * The issue that owns this subcommand replaces this file.
 */
#include <stdio.h>

#include "cli/cli.h"

int floe_cli_parquet_dump(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "floe parquet-dump: not implemented yet\n");
	return 2;
}
