/*
 * expire.c — `floe expire -c FILE TABLE [--older-than TIME] [--retain-last N]
 * [--keep-files] [--dry-run]`: drops snapshots older than TIME (default: 5 days
 * ago, Iceberg's history.expire.max-snapshot-age-ms default) while keeping the
 * newest N (default 1) and, unless --keep-files, deletes what only they reached.
 * The subcommand is registered by main.c (prototype in cli/tablecli.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tablecli.h"
#include "core/timeutil.h"
#include "iceberg/expire.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: floe expire -c FILE NAMESPACE.TABLE [--older-than TIME] [--retain-last N] [--keep-files]\n"
		   "  -c, --config FILE   the floe configuration (its source section may be absent)\n"
		   "  NAMESPACE.TABLE     the Iceberg table (just TABLE when catalog.namespace is set)\n"
		   "  --older-than TIME   expire snapshots older than TIME: ms since 1970 or ISO 8601 (default: 5 days ago)\n"
		   "  --retain-last N     always keep the newest N snapshots (default 1)\n"
		   "  --keep-files        only drop the snapshots from the metadata, delete no file\n"
		   "  -h, --help          this help\n");
}

int floe_cli_expire(int argc, char **argv)
{
	const char *config = NULL, *table = NULL;
	struct floe_tablecli tc;
	struct floe_table *t = NULL;
	struct floe_expire_opts o;
	struct floe_expire_stats st;
	struct floe_err err;
	int i, rc = 1;

	memset(&tc, 0, sizeof(tc));
	memset(&o, 0, sizeof(o));
	o.older_than_ms = floe_now_unix_ms() - INT64_C(5) * 24 * 3600 * 1000;
	o.retain_last = 1;
	o.delete_files = true;
	for (i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
			config = argv[++i];
		} else if (!strcmp(argv[i], "--older-than") && i + 1 < argc) {
			if (floe_parse_time_ms(argv[++i], &o.older_than_ms, &err) < 0) {
				fprintf(stderr, "floe expire: %s\n", err.msg);
				return 2;
			}
		} else if (!strcmp(argv[i], "--retain-last") && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 1000000) {
				fprintf(stderr, "floe expire: --retain-last '%s' must be a number from 1 to 1000000\n", argv[i]);
				return 2;
			}
			o.retain_last = (int)n;
		} else if (!strcmp(argv[i], "--keep-files")) {
			o.delete_files = false;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && !table) {
			table = argv[i];
		} else {
			fprintf(stderr, "floe expire: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!config || !table) {
		usage(stderr);
		return 2;
	}
	if (floe_tablecli_open(&tc, config, &err) < 0 || floe_tablecli_load(&tc, table, &t, &err) < 0 ||
	    floe_table_expire_snapshots(t, &o, &st, &err) < 0) {
		fprintf(stderr, "floe expire: %s\n", err.msg);
		goto out;
	}
	printf("expired %" PRId64 " snapshot(s) of %s; deleted %" PRId64 " manifest list(s), %" PRId64
	       " manifest(s), %" PRId64 " data/delete file(s); %zu snapshot(s) left\n",
	       st.snapshots_expired, table, st.manifest_lists_deleted, st.manifests_deleted, st.files_deleted,
	       t->md.n_snapshots);
	rc = 0;
out:
	floe_table_free(t);
	floe_tablecli_close(&tc);
	return rc;
}
