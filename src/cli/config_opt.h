/*
 * config_opt.h — the one table-driven argument parser every subcommand uses,
 * and the "-c FILE" + load helper built on it. A command describes its
 * options (flags and options with a value, long names, an optional one-letter
 * form) and how many positional arguments it takes; the parser handles
 * --name VALUE, --name=VALUE, -xVALUE, -h/--help, and prints every problem as
 * one line "floe CMD: ... (usage: floe CMD SYNOPSIS)". Values are returned as
 * text; checking them is the command's job. Does not run anything.
 */
#ifndef FLOE_CLI_CONFIG_OPT_H
#define FLOE_CLI_CONFIG_OPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"

struct floe_cli_opt {
	const char *name;     /* "--format" */
	char short_name;      /* 'c' for -c, or 0 */
	const char *needs;    /* an option with a value: what it needs, for messages ("a file name");
	                         NULL = a flag */
	bool *flag;           /* a flag: set to true when given */
	const char **value;   /* an option with a value: the last one given */
};

struct floe_cli_args {
	const char *usage;               /* synopsis line, then the details --help prints */
	const struct floe_cli_opt *opts; /* ends with name == NULL */
	const char **positional;         /* room for max_positional arguments */
	size_t max_positional;
	size_t n_positional;             /* out */
};

/* Parses argv (argv[0] = the subcommand). Returns 0, 1 after printing help to
 * stdout, or 2 after printing a usage error to stderr. */
int floe_cli_parse(int argc, char **argv, struct floe_cli_args *a);
/* Prints "floe CMD: MESSAGE (usage: floe CMD SYNOPSIS)" to stderr; returns 2. */
int floe_cli_usage_error(const char *cmd, const char *usage, const char *message);

struct floe_cli_flag {
	const char *name;    /* "--publication" */
	bool *value;         /* set to true when given */
};

/* floe_cli_parse for commands that take -c FILE (required) and boolean flags
 * (NULL-terminated by name). Returns 0 with *path set, 1 after help, 2 after an error. */
int floe_cli_parse_config_args(int argc, char **argv, const char *usage, const struct floe_cli_flag *flags,
			       const char **path);
/* Loads the file; on failure prints "floe CMD: <message>" and returns -1. */
int floe_cli_load_config(const char *cmd, const char *path, struct floe_config *cfg);

#endif
