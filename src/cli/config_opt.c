/*
 * config_opt.c — the table-driven argument parser of every subcommand and the
 * "-c FILE" helpers over it (see config_opt.h). Errors quote the synopsis (the
 * usage text's first line); --help prints all of it.
 */
#include "cli/config_opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int floe_cli_usage_error(const char *cmd, const char *usage, const char *message)
{
	int ulen = (int)strcspn(usage, "\n");

	fprintf(stderr, "floe %s: %s (usage: floe %s %.*s)\n", cmd, message, cmd, ulen, usage);
	return 2;
}

static const struct floe_cli_opt *find_long(const struct floe_cli_opt *opts, const char *a, size_t len)
{
	for (const struct floe_cli_opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, a, len))
			return o;
	return NULL;
}

static const struct floe_cli_opt *find_short(const struct floe_cli_opt *opts, char c)
{
	for (const struct floe_cli_opt *o = opts; o && o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

int floe_cli_parse(int argc, char **argv, struct floe_cli_args *a)
{
	const char *cmd = argc > 0 ? argv[0] : "?";
	char msg[512];
	bool only_positional = false;

	a->n_positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct floe_cli_opt *o = NULL;
		const char *val = NULL, *shown = arg;
		size_t shown_len = strlen(arg);

		if (only_positional || arg[0] != '-' || !arg[1]) {
			if (a->n_positional >= a->max_positional) {
				snprintf(msg, sizeof(msg), "unexpected argument '%s'", arg);
				return floe_cli_usage_error(cmd, a->usage, msg);
			}
			a->positional[a->n_positional++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_positional = true;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			printf("usage: floe %s %s\n", cmd, a->usage);
			return 1;
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg, '=');
			shown_len = eq ? (size_t)(eq - arg) : strlen(arg);
			o = find_long(a->opts, arg, shown_len);
			if (o && eq) {
				if (!o->needs) {
					snprintf(msg, sizeof(msg), "%.*s takes no value", (int)shown_len, arg);
					return floe_cli_usage_error(cmd, a->usage, msg);
				}
				val = eq + 1;
			}
		} else if ((o = find_short(a->opts, arg[1])) != NULL) {
			shown_len = 2;
			if (arg[2]) {
				if (!o->needs)
					o = NULL; /* -xy: not a bundle we know */
				else
					val = arg + 2;
			}
		}
		if (!o) {
			snprintf(msg, sizeof(msg), "unknown argument '%s'", arg);
			return floe_cli_usage_error(cmd, a->usage, msg);
		}
		if (!o->needs) {
			*o->flag = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				snprintf(msg, sizeof(msg), "%.*s needs %s", (int)shown_len, shown, o->needs);
				return floe_cli_usage_error(cmd, a->usage, msg);
			}
			val = argv[++i];
		}
		*o->value = val;
	}
	return 0;
}

int floe_cli_parse_config_args(int argc, char **argv, const char *usage, const struct floe_cli_flag *flags,
			       const char **path)
{
	struct floe_cli_opt opts[16];
	struct floe_cli_args a;
	size_t n = 0;
	int rc;

	*path = NULL;
	memset(opts, 0, sizeof(opts));
	opts[n].name = "--config";
	opts[n].short_name = 'c';
	opts[n].needs = "a file name";
	opts[n++].value = path;
	for (const struct floe_cli_flag *f = flags; f && f->name && n + 1 < sizeof(opts) / sizeof(opts[0]); f++) {
		opts[n].name = f->name;
		opts[n++].flag = f->value;
	}
	memset(&a, 0, sizeof(a));
	a.usage = usage;
	a.opts = opts;
	rc = floe_cli_parse(argc, argv, &a);
	if (rc)
		return rc;
	if (!*path || !**path)
		return floe_cli_usage_error(argc > 0 ? argv[0] : "?", usage, "no configuration file given");
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
