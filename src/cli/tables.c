/*
 * tables.c — `floe tables -c FILE [--format table|jsonl]`: every table of the
 * configured catalog with its current snapshot, total records, last update
 * and floe's source LSN. A table whose metadata cannot be read is listed with
 * the error (the command then exits 1) instead of stopping the listing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "cli/tablecli.h"

static const char usage_text[] = "-c FILE [--format table|jsonl]\n"
		   "  -c, --config FILE  the floe configuration (its source section may be absent)\n"
		   "  --format FORMAT    table (default: aligned columns) or jsonl (one JSON object per table)\n"
		   "  -h, --help         this help";

int floe_cli_tables(int argc, char **argv)
{
	const char *config = NULL, *format = "table";
	struct floe_tablecli tc;
	struct floe_catalog_table *tabs = NULL;
	struct floe_err err;
	size_t n = 0, i;
	int rc = 1, broken = 0;

	memset(&tc, 0, sizeof(tc));
	{
		const struct floe_cli_opt opts[] = {
			{ "--config", 'c', "a file name", NULL, &config },
			{ "--format", 0, "table or jsonl", NULL, &format },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, opts, NULL, 0, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		rc = 1;
	}
	if (strcmp(format, "table") && strcmp(format, "jsonl")) {
		fprintf(stderr, "floe tables: --format '%s' is not a format; use table or jsonl\n", format);
		return 2;
	}
	if (!config)
		return floe_cli_usage_error("tables", usage_text, "no configuration file given (-c FILE)");
	if (floe_tablecli_open(&tc, config, &err) < 0 || floe_catalog_list_tables(tc.cat, NULL, &tabs, &n, &err) < 0) {
		fprintf(stderr, "floe tables: %s\n", err.msg);
		goto out;
	}
	if (!strcmp(format, "table"))
		printf("%-32s %-17s %13s %-24s %-14s\n", "table", "snapshot_id", "total-records", "last_updated",
		       "floe.lsn");
	for (i = 0; i < n; i++) {
		struct floe_table_metadata md;
		const struct floe_snapshot *s;
		char full[600], when[40], sid[24];
		const char *tr, *lsn;

		snprintf(full, sizeof(full), "%s.%s", tabs[i].namespace_, tabs[i].name);
		if (floe_catalog_read_metadata(tc.st, tabs[i].metadata_location ? tabs[i].metadata_location : "", &md,
					     &err) < 0) {
			fprintf(stderr, "floe tables: table '%s': %s\n", full, err.msg);
			broken++;
			continue;
		}
		s = floe_metadata_current_snapshot(&md);
		tr = s ? floe_snapshot_summary(s, "total-records") : "0";
		lsn = s ? floe_snapshot_summary(s, "floe.lsn") : NULL;
		floe_format_time_ms(md.last_updated_ms, when, sizeof(when));
		if (s)
			snprintf(sid, sizeof(sid), "%" PRId64, s->snapshot_id);
		else
			snprintf(sid, sizeof(sid), "-");
		if (!strcmp(format, "table")) {
			printf("%-32s %-17s %13s %-24s %-14s\n", full, sid, tr ? tr : "-", when, lsn ? lsn : "-");
		} else {
			struct floe_buf b = FLOE_BUF_INIT;
			floe_buf_puts(&b, "{\"table\":");
			floe_json_put_string(&b, (const uint8_t *)full, strlen(full));
			floe_buf_printf(&b, ",\"snapshot_id\":%s,\"total_records\":%s,\"last_updated\":\"%s\",\"floe_lsn\":",
					s ? sid : "null", tr ? tr : "null", when);
			if (lsn)
				floe_json_put_string(&b, (const uint8_t *)lsn, strlen(lsn));
			else
				floe_buf_puts(&b, "null");
			floe_buf_puts(&b, ",\"metadata_location\":");
			floe_json_put_string(&b, (const uint8_t *)tabs[i].metadata_location,
					     strlen(tabs[i].metadata_location));
			floe_buf_puts(&b, "}\n");
			fwrite(b.data, 1, b.len, stdout);
			floe_buf_release(&b);
		}
		floe_metadata_release(&md);
	}
	rc = broken ? 1 : 0;
	if (fflush(stdout) != 0)
		rc = 1;
out:
	floe_catalog_tables_free(tabs, n);
	floe_tablecli_close(&tc);
	return rc;
}
