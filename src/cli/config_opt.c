/*
 * config_opt.c — parsing "-c FILE" and boolean flags for the subcommands that
 * read a configuration file, and loading it with a one-line error (see
 * config_opt.h).
 */
#include "cli/config_opt.h"

#include <stdio.h>
#include <string.h>

int floe_cli_parse_config_args(int argc, char **argv, const char *usage, const struct floe_cli_flag *flags,
			       const char **path)
{
	const char *cmd = argc > 0 ? argv[0] : "?";
	/* errors quote the synopsis (the usage's first line); --help prints it all */
	int ulen = (int)strcspn(usage, "\n");
	int i;

	*path = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct floe_cli_flag *f;
		bool matched = false;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("usage: floe %s %s\n", cmd, usage);
			return 1;
		}
		if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "floe %s: %s needs a file name (usage: floe %s %.*s)\n", cmd, a, cmd, ulen, usage);
				return 2;
			}
			*path = argv[++i];
			continue;
		}
		if (!strncmp(a, "--config=", 9)) {
			*path = a + 9;
			continue;
		}
		if (!strncmp(a, "-c", 2) && a[2]) {
			*path = a + 2;
			continue;
		}
		for (f = flags; f && f->name; f++) {
			if (!strcmp(a, f->name)) {
				*f->value = true;
				matched = true;
			}
		}
		if (matched)
			continue;
		fprintf(stderr, "floe %s: unknown argument '%s' (usage: floe %s %.*s)\n", cmd, a, cmd, ulen, usage);
		return 2;
	}
	if (!*path || !**path) {
		fprintf(stderr, "floe %s: no configuration file given (usage: floe %s %.*s)\n", cmd, cmd, ulen, usage);
		return 2;
	}
	return 0;
}

int floe_cli_load_config(const char *cmd, const char *path, struct floe_config *cfg)
{
	struct floe_err err = { 0 };

	if (floe_config_load(path, cfg, &err) != 0) {
		fprintf(stderr, "floe %s: %s\n", cmd, err.msg);
		return -1;
	}
	return 0;
}
