/*
 * scan.c — `floe scan -c FILE TABLE [--snapshot ID | --as-of TIME] [--format jsonl|csv]`:
 * prints the live rows of a table (current snapshot by default) as JSON
 * lines (the value forms of floe_value_to_json) or CSV with a header.
 * CSV follows PostgreSQL's COPY ... (FORMAT csv): NULL is an unquoted empty
 * field, an empty string is "", fields holding a comma, quote, CR or LF are
 * quoted with quotes doubled, binary is \x<hex>, other values are the JSON
 * text without JSON quoting (lists stay JSON arrays).
 */
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "cli/tablecli.h"
#include "iceberg/scan.h"

struct out_ctx {
	bool csv;
	struct floe_buf line;
	struct floe_buf tmp;
};

/* One CSV field as COPY (FORMAT csv) writes it; `alone` = the row has one
 * column (then "\." is quoted so it cannot read as the end-of-data marker). */
static void csv_field(struct floe_buf *out, const uint8_t *p, size_t n, bool alone)
{
	size_t i;
	bool quote = n == 0 || (alone && n == 2 && p[0] == '\\' && p[1] == '.');

	for (i = 0; i < n && !quote; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
			quote = true;
	if (!quote) {
		floe_buf_append(out, p, n);
		return;
	}
	floe_buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			floe_buf_putc(out, '"');
		floe_buf_putc(out, p[i]);
	}
	floe_buf_putc(out, '"');
}

/* A non-NULL value as CSV text. */
static void csv_value(struct out_ctx *o, const struct floe_type *t, const struct floe_value *v, bool alone)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t k;

	switch (t->id) {
	case FLOE_T_STRING:
		csv_field(&o->line, v->u.bytes.p, v->u.bytes.len, alone);
		return;
	case FLOE_T_BINARY:
	case FLOE_T_FIXED:
		floe_buf_puts(&o->line, "\\x");
		for (k = 0; k < v->u.bytes.len; k++) {
			floe_buf_putc(&o->line, (uint8_t)hex[v->u.bytes.p[k] >> 4]);
			floe_buf_putc(&o->line, (uint8_t)hex[v->u.bytes.p[k] & 15]);
		}
		return;
	default:
		break;
	}
	floe_buf_reset(&o->tmp);
	floe_value_to_json(&o->tmp, t, v);
	/* quoted JSON scalars here (dates, times, uuids, big longs and decimals,
	 * NaN/Infinity) hold no escapes: the text is what is inside the quotes */
	if (t->id != FLOE_T_LIST && o->tmp.len >= 2 && o->tmp.data[0] == '"')
		csv_field(&o->line, o->tmp.data + 1, o->tmp.len - 2, alone);
	else
		csv_field(&o->line, o->tmp.data, o->tmp.len, alone);
}

/* err code when stdout's reader closed the pipe */
#define SCAN_EPIPE 32

static int stdout_failed(struct floe_err *err)
{
	if (errno == EPIPE)
		return floe_err_setc(err, SCAN_EPIPE, "the reader of stdout went away");
	return floe_err_set(err, "writing to stdout failed: %s", strerror(errno));
}

static int print_row(void *arg, const struct floe_schema *s, const struct floe_value *row, struct floe_err *err)
{
	struct out_ctx *o = arg;
	size_t i;

	floe_buf_reset(&o->line);
	if (!o->csv)
		floe_buf_putc(&o->line, '{');
	for (i = 0; i < s->n_fields; i++) {
		const struct floe_field *f = &s->fields[i];
		if (i)
			floe_buf_putc(&o->line, ',');
		if (!o->csv) {
			floe_json_put_string(&o->line, (const uint8_t *)f->name, strlen(f->name));
			floe_buf_putc(&o->line, ':');
			floe_value_to_json(&o->line, &f->type, &row[i]);
		} else if (!row[i].is_null) {
			csv_value(o, &f->type, &row[i], s->n_fields == 1);
		}
	}
	if (!o->csv)
		floe_buf_putc(&o->line, '}');
	floe_buf_putc(&o->line, '\n');
	if (floe_buf_check(&o->line, err) < 0)
		return -1;
	if (fwrite(o->line.data, 1, o->line.len, stdout) != o->line.len)
		return stdout_failed(err);
	return 0;
}

static const char usage_text[] = "-c FILE NAMESPACE.TABLE [--snapshot ID | --as-of TIME] [--format jsonl|csv]\n"
		   "  -c, --config FILE  the floe configuration (its source section may be absent)\n"
		   "  NAMESPACE.TABLE    the Iceberg table (just TABLE when catalog.namespace is set)\n"
		   "  --snapshot ID      read this snapshot (floe history lists them); default: the current one\n"
		   "  --as-of TIME       read the snapshot current at TIME: milliseconds since 1970 or ISO 8601\n"
		   "                     (2026-11-24T09:00:00Z)\n"
		   "  --format FORMAT    jsonl (default: one JSON object per row) or csv (a header line, then rows)\n"
		   "  -h, --help         this help";

int floe_cli_scan(int argc, char **argv)
{
	const char *config = NULL, *table = NULL, *snap_arg = NULL, *asof = NULL, *format = "jsonl";
	struct floe_tablecli tc;
	struct floe_table *t = NULL;
	struct floe_err err = { 0 };
	struct out_ctx o;
	const struct floe_snapshot *snap;
	int rc = 1;

	memset(&tc, 0, sizeof(tc));
	{
		const struct floe_cli_opt opts[] = {
			{ "--config", 'c', "a file name", NULL, &config },
			{ "--snapshot", 0, "a snapshot id", NULL, &snap_arg },
			{ "--as-of", 0, "a time", NULL, &asof },
			{ "--format", 0, "jsonl or csv", NULL, &format },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, opts, &table, 1, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		rc = 1;
	}
	if (strcmp(format, "jsonl") && strcmp(format, "csv")) {
		fprintf(stderr, "floe scan: --format '%s' is not a format; use jsonl or csv\n", format);
		return 2;
	}
	if (snap_arg && asof) {
		fprintf(stderr, "floe scan: give --snapshot or --as-of, not both\n");
		return 2;
	}
	if (!config || !table)
		return floe_cli_usage_error("scan", usage_text,
					    !config ? "no configuration file given (-c FILE)" : "no table given");
	memset(&o, 0, sizeof(o));
	floe_buf_init(&o.line);
	floe_buf_init(&o.tmp);
	o.csv = !strcmp(format, "csv");
	if (floe_tablecli_open(&tc, config, &err) < 0 || floe_tablecli_load(&tc, table, &t, &err) < 0)
		goto out;
	snap = floe_table_current_snapshot(t);
	if (snap_arg) {
		char *end;
		long long id = strtoll(snap_arg, &end, 10);
		if (*end || !(snap = floe_metadata_snapshot(&t->md, id))) {
			floe_err_set(&err, "table '%s' has no snapshot '%s'; 'floe history' lists them", table, snap_arg);
			goto out;
		}
	} else if (asof) {
		int64_t ms;
		if (floe_parse_time_ms(asof, &ms, &err) < 0)
			goto out;
		snap = floe_metadata_snapshot_as_of(&t->md, ms);
		if (!snap) {
			floe_err_set(&err, "table '%s' had no snapshot at '%s'", table, asof);
			goto out;
		}
	}
	if (o.csv) {
		const struct floe_schema *s = floe_metadata_current_schema(&t->md);
		size_t k;
		for (k = 0; k < s->n_fields; k++) {
			if (k)
				floe_buf_putc(&o.line, ',');
			csv_field(&o.line, (const uint8_t *)s->fields[k].name, strlen(s->fields[k].name), s->n_fields == 1);
		}
		floe_buf_putc(&o.line, '\n');
		fwrite(o.line.data, 1, o.line.len, stdout);
	}
	if (floe_scan(tc.st, &t->md, snap, print_row, &o, NULL, &err) < 0)
		goto out;
	if (fflush(stdout) != 0) {
		stdout_failed(&err);
		goto out;
	}
	rc = 0;
out:
	/* the reader went away (scan | head): that is how such a pipe ends, not an error */
	if (rc != 0 && err.code == SCAN_EPIPE)
		rc = 0;
	else if (rc != 0)
		fprintf(stderr, "floe scan: %s\n", err.msg);
	floe_table_free(t);
	floe_tablecli_close(&tc);
	floe_buf_release(&o.line);
	floe_buf_release(&o.tmp);
	return rc;
}
