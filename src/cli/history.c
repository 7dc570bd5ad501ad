/*
 * history.c — `floe history -c FILE TABLE [--format table|jsonl]`: every
 * snapshot of a table, oldest first, like Athena's $history: when it became
 * current, id, parent, whether it is an ancestor of the current snapshot,
 * operation, sequence number, the summary counters and floe's source LSN.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "cli/tablecli.h"
#include "core/buf.h"

static bool is_ancestor(const struct floe_table_metadata *md, int64_t id)
{
	const struct floe_snapshot *s = floe_metadata_current_snapshot(md);
	size_t guard = 0;

	while (s && guard++ <= md->n_snapshots) {
		if (s->snapshot_id == id)
			return true;
		s = s->has_parent ? floe_metadata_snapshot(md, s->parent_id) : NULL;
	}
	return false;
}

static const char usage_text[] = "-c FILE NAMESPACE.TABLE [--format table|jsonl]\n"
		   "  -c, --config FILE  the floe configuration (its source section may be absent)\n"
		   "  NAMESPACE.TABLE    the Iceberg table (just TABLE when catalog.namespace is set)\n"
		   "  --format FORMAT    table (default: aligned columns) or jsonl (one JSON object per snapshot)\n"
		   "  -h, --help         this help";

int floe_cli_history(int argc, char **argv)
{
	const char *config = NULL, *table = NULL, *format = "table";
	struct floe_tablecli tc;
	struct floe_table *t = NULL;
	struct floe_err err;
	struct floe_buf b = FLOE_BUF_INIT;
	size_t i, k;
	int rc = 1;

	memset(&tc, 0, sizeof(tc));
	{
		const struct floe_cli_opt opts[] = {
			{ "--config", 'c', "a file name", NULL, &config },
			{ "--format", 0, "table or jsonl", NULL, &format },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, opts, &table, 1, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		rc = 1;
	}
	if (strcmp(format, "table") && strcmp(format, "jsonl")) {
		fprintf(stderr, "floe history: --format '%s' is not a format; use table or jsonl\n", format);
		return 2;
	}
	if (!config || !table)
		return floe_cli_usage_error("history", usage_text,
					    !config ? "no configuration file given (-c FILE)" : "no table given");
	if (floe_tablecli_open(&tc, config, &err) < 0 || floe_tablecli_load(&tc, table, &t, &err) < 0) {
		fprintf(stderr, "floe history: %s\n", err.msg);
		goto out;
	}
	if (!strcmp(format, "table"))
		printf("%-24s %-17s %-17s %-8s %-9s %4s %13s %13s %13s %-14s\n", "made_current_at", "snapshot_id",
		       "parent_id", "ancestor", "operation", "seq", "added-records", "eq-deletes", "total-records",
		       "floe.lsn");
	for (i = 0; i < t->md.n_snapshots; i++) {
		const struct floe_snapshot *s = &t->md.snapshots[i];
		char when[40], parent[24];
		int64_t made = s->timestamp_ms;

		for (k = 0; k < t->md.n_snapshot_log; k++)
			if (t->md.snapshot_log[k].snapshot_id == s->snapshot_id)
				made = t->md.snapshot_log[k].timestamp_ms;
		floe_format_time_ms(made, when, sizeof(when));
		if (s->has_parent)
			snprintf(parent, sizeof(parent), "%" PRId64, s->parent_id);
		else
			snprintf(parent, sizeof(parent), "-");
		if (!strcmp(format, "table")) {
			const char *ar = floe_snapshot_summary(s, "added-records");
			const char *eq = floe_snapshot_summary(s, "added-equality-deletes");
			const char *tr = floe_snapshot_summary(s, "total-records");
			const char *lsn = floe_snapshot_summary(s, "floe.lsn");
			printf("%-24s %-17" PRId64 " %-17s %-8s %-9s %4" PRId64 " %13s %13s %13s %-14s\n", when,
			       s->snapshot_id, parent, is_ancestor(&t->md, s->snapshot_id) ? "true" : "false",
			       s->operation, s->sequence_number, ar ? ar : "0", eq ? eq : "0", tr ? tr : "-",
			       lsn ? lsn : "-");
			continue;
		}
		floe_buf_reset(&b);
		floe_buf_printf(&b, "{\"made_current_at\":\"%s\",\"snapshot_id\":%" PRId64 ",\"parent_id\":%s", when,
				s->snapshot_id, s->has_parent ? parent : "null");
		floe_buf_printf(&b, ",\"is_current_ancestor\":%s,\"operation\":",
				is_ancestor(&t->md, s->snapshot_id) ? "true" : "false");
		floe_json_put_string(&b, (const uint8_t *)s->operation, strlen(s->operation));
		floe_buf_printf(&b, ",\"sequence_number\":%" PRId64 ",\"summary\":{", s->sequence_number);
		for (k = 0; k < s->n_summary; k++) {
			if (k)
				floe_buf_putc(&b, ',');
			floe_json_put_string(&b, (const uint8_t *)s->summary[k].key, strlen(s->summary[k].key));
			floe_buf_putc(&b, ':');
			floe_json_put_string(&b, (const uint8_t *)s->summary[k].value, strlen(s->summary[k].value));
		}
		floe_buf_puts(&b, "}}\n");
		if (floe_buf_check(&b, &err) < 0) {
			fprintf(stderr, "floe history: %s\n", err.msg);
			goto out;
		}
		fwrite(b.data, 1, b.len, stdout);
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
out:
	floe_buf_release(&b);
	floe_table_free(t);
	floe_tablecli_close(&tc);
	return rc;
}
