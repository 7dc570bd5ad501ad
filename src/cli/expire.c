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

#include "cli/config_opt.h"
#include "cli/tablecli.h"
#include "core/timeutil.h"
#include "iceberg/expire.h"

static const char usage_text[] = "-c FILE NAMESPACE.TABLE [--older-than TIME] [--retain-last N] [--keep-files]\n"
		   "  -c, --config FILE   the floe configuration (its source section may be absent)\n"
		   "  NAMESPACE.TABLE     the Iceberg table (just TABLE when catalog.namespace is set)\n"
		   "  --older-than TIME   expire snapshots older than TIME: ms since 1970 or ISO 8601 (default: 5 days ago)\n"
		   "  --retain-last N     always keep the newest N snapshots (default 1)\n"
		   "  --keep-files        only drop the snapshots from the metadata, delete no file\n"
		   "  -h, --help          this help";

int floe_cli_expire(int argc, char **argv)
{
	const char *config = NULL, *table = NULL;
	struct floe_tablecli tc;
	struct floe_table *t = NULL;
	struct floe_expire_opts o;
	struct floe_expire_stats st;
	struct floe_err err;
	int rc = 1;

	memset(&tc, 0, sizeof(tc));
	memset(&o, 0, sizeof(o));
	o.older_than_ms = floe_now_unix_ms() - INT64_C(5) * 24 * 3600 * 1000;
	o.retain_last = 1;
	o.delete_files = true;
	{
		const char *older = NULL, *retain = NULL;
		bool keep = false;
		const struct floe_cli_opt opts[] = {
			{ "--config", 'c', "a file name", NULL, &config },
			{ "--older-than", 0, "a time", NULL, &older },
			{ "--retain-last", 0, "a number", NULL, &retain },
			{ "--keep-files", 0, NULL, &keep, NULL },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, opts, &table, 1, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		rc = 1;
		if (older && floe_parse_time_ms(older, &o.older_than_ms, &err) < 0) {
			fprintf(stderr, "floe expire: %s\n", err.msg);
			return 2;
		}
		if (retain) {
			char *end;
			long n = strtol(retain, &end, 10);
			if (!*retain || *end || n < 1 || n > 1000000) {
				fprintf(stderr, "floe expire: --retain-last '%s' must be a number from 1 to 1000000\n", retain);
				return 2;
			}
			o.retain_last = (int)n;
		}
		if (keep)
			o.delete_files = false;
	}
	if (!config || !table)
		return floe_cli_usage_error("expire", usage_text,
					    !config ? "no configuration file given (-c FILE)" : "no table given");
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
