/*
 * check.c — `floe check -c FILE`: runs the preflight checks (pg/preflight.c)
 * and prints one line per check, "ok   what", "warn what — fix: ..." or
 * "fail what — fix: ...". Exit 0 when nothing failed, 1 otherwise, 2 on
 * usage errors. Changes nothing in the database.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "cli/slotguard.h"
#include "pg/preflight.h"

/* The slot check's question to the warehouse: tables replicated through the slot. */
static int warehouse(void *arg, struct floe_preflight_warehouse *out)
{
	const struct floe_config *cfg = arg;
	struct floe_err err = { 0 };

	if (floe_slotguard_scan(cfg, out, &err) < 0) {
		snprintf(out->first, sizeof(out->first), "%s", err.msg);
		return -1;
	}
	return 0;
}

static void print_line(void *arg, enum floe_check_level level, const char *what, const char *fix)
{
	static const char *const tags[] = { "ok  ", "warn", "fail" };

	(void)arg;
	if (fix && fix[0])
		printf("%s %s — fix: %s\n", tags[level], what, fix);
	else
		printf("%s %s\n", tags[level], what);
	fflush(stdout);
}

int floe_cli_check(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_preflight_report rep;
	struct floe_err err = { 0 };
	const char *path;
	int rc;

	rc = floe_cli_parse_config_args(argc, argv,
					"-c FILE\n"
					"  -c, --config FILE  the floe configuration; prints one ok/warn/fail line per check\n"
					"                     with its fix, exits 1 when a check failed; changes nothing\n"
					"  -h, --help         this help",
					NULL, &path);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (floe_cli_load_config("check", path, &cfg) != 0)
		return 1;
	rc = floe_preflight_run(&cfg, print_line, warehouse, &cfg, &rep, &err);
	floe_config_free(&cfg);
	if (rc != 0) {
		fprintf(stderr, "floe check: %s\n", err.msg);
		return 1;
	}
	return rep.n_fail ? 1 : 0;
}
