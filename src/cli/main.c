/*
 * main.c — the floe entry point: picks the subcommand and runs it.
 * Subcommands live in src/cli/<name>.c; nothing else happens here.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/tablecli.h"
#include "core/log.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "check", floe_cli_check, "preflight checks of the source database (-c FILE)" },
	{ "setup", floe_cli_setup, "create the publication and replication slot if missing (-c FILE)" },
	{ "teardown", floe_cli_teardown, "drop the replication slot [--publication] (-c FILE)" },
	{ "tail", floe_cli_tail, "print committed changes as JSON lines (-c FILE)" },
	{ "run", floe_cli_run, "mirror the publication into Iceberg tables (-c FILE [--once])" },
	{ "scan", floe_cli_scan, "print the live rows of an Iceberg table (-c FILE TABLE)" },
	{ "history", floe_cli_history, "list the snapshots of an Iceberg table (-c FILE TABLE)" },
	{ "tables", floe_cli_tables, "list Iceberg tables with their current snapshot (-c FILE)" },
	{ "expire", floe_cli_expire, "expire old snapshots of an Iceberg table and delete unreferenced files (-c FILE TABLE)" },
	{ "parquet-dump", floe_cli_parquet_dump, "show the schema, row groups and statistics of a Parquet file" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: floe COMMAND [OPTIONS]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "  %-13s %s\n", "version", "print the version (also -V, --version)");
	fprintf(f, "\nRun 'floe COMMAND --help' for a command's options. Docs: docs/ in the source tree.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	if (floe_log_init_from_env() != 0) {
		fprintf(stderr, "floe: FLOE_LOG='%s' is not a log level; use error, warn, info or debug (or unset it)\n",
			getenv("FLOE_LOG"));
		return 2;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("floe %s\n", FLOE_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "floe: unknown command '%s'; run 'floe --help' for the list\n", argv[1]);
	return 2;
}
