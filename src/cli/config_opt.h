/*
 * config_opt.h — the "-c FILE" option shared by the subcommands that read the
 * configuration: parses the common flags and loads the file, printing any
 * problem as one line "floe CMD: ..." on stderr. Does not run anything.
 */
#ifndef FLOE_CLI_CONFIG_OPT_H
#define FLOE_CLI_CONFIG_OPT_H

#include <stdbool.h>

#include "core/config.h"

struct floe_cli_flag {
	const char *name;    /* "--publication" */
	bool *value;         /* set to true when given */
};

/* Parses argv (argv[0] = the subcommand): -c FILE / --config FILE / --config=FILE,
 * --help, and the boolean flags in `flags` (NULL-terminated by name). Returns
 * 0 with *path set, 1 after printing help to stdout, 2 after a usage error. */
int floe_cli_parse_config_args(int argc, char **argv, const char *usage, const struct floe_cli_flag *flags,
			       const char **path);
/* Loads the file; on failure prints "floe CMD: <message>" and returns -1. */
int floe_cli_load_config(const char *cmd, const char *path, struct floe_config *cfg);

#endif
