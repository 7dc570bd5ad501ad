/*
 * tail.c — `floe tail -c FILE`: prints every committed change of the
 * publication as one JSON object per line (or, with --count, only totals per
 * table and operation). A transaction's lines are held until its commit
 * (spilling to sink.spill_dir past sink.memory_limit), so nothing of an
 * uncommitted transaction is ever printed. The slot is only advanced with
 * --ack, after the lines are written. Does not write Iceberg.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "cli/config_opt.h"
#include "core/config.h"
#include "core/log.h"
#include "core/lsn.h"
#include "core/value.h"
#include "pg/stream.h"
#include "pg/txbuf.h"

#define SPOOL_CHUNK ((size_t)1 << 20)

static const char usage_text[] =
	"-c FILE [--until-caught-up] [--limit N] [--count] [--ack]\n"
	"\n"
	"Prints committed changes of the publication as JSON lines, in commit order.\n"
	"  -c, --config FILE    the floe configuration\n"
	"  --until-caught-up    exit once every commit up to the server's WAL position at start is printed\n"
	"  --limit N            exit after N changes\n"
	"  --count              decode everything but print only totals per table and operation\n"
	"  --ack                confirm printed transactions to the replication slot (default: never\n"
	"                       advance the slot)";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct table_count {
	uint32_t oid;
	char *name;               /* "schema.table" */
	uint64_t n[4], pending[4];
};

struct tail {
	struct floe_stream *stream;
	bool count_only, ack;
	uint64_t limit;           /* 0 = none */
	uint64_t printed;         /* changes printed (or counted) in committed transactions */
	uint64_t in_txn;          /* changes of the open transaction kept */
	bool truncated;           /* the open transaction hit --limit */
	bool out_failed;
	struct floe_buf out;      /* the open transaction's lines not yet spooled */
	struct floe_txbuf spool;  /* its earlier lines (spills to disk) */
	bool spooled;
	uint32_t spool_seq;
	struct table_count *tables;
	size_t ntables;
	uint64_t txns;
};

static int op_index(enum floe_change_op op)
{
	switch (op) {
	case FLOE_OP_INSERT: return 0;
	case FLOE_OP_UPDATE: return 1;
	case FLOE_OP_DELETE: return 2;
	case FLOE_OP_TRUNCATE: return 3;
	}
	return 0;
}

static struct table_count *table_for(struct tail *t, const struct floe_change_rel *rel, struct floe_err *err)
{
	struct table_count *tc;
	size_t n;

	for (size_t i = 0; i < t->ntables; i++)
		if (t->tables[i].oid == rel->oid)
			return &t->tables[i];
	tc = realloc(t->tables, (t->ntables + 1) * sizeof(*tc));
	if (!tc) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	t->tables = tc;
	tc = &t->tables[t->ntables];
	memset(tc, 0, sizeof(*tc));
	n = strlen(rel->schema) + strlen(rel->table) + 2;
	tc->name = malloc(n);
	if (!tc->name) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	snprintf(tc->name, n, "%s.%s", rel->schema, rel->table);
	tc->oid = rel->oid;
	t->ntables++;
	return tc;
}

static void put_lsn(struct floe_buf *b, const char *key, uint64_t lsn)
{
	char s[FLOE_LSN_STR_MAX];
	floe_buf_printf(b, ",\"%s\":\"%s\"", key, floe_lsn_fmt(lsn, s));
}

static void put_name(struct floe_buf *b, const char *name)
{
	floe_json_put_string(b, (const uint8_t *)name, strlen(name));
}

static void put_col(struct floe_buf *b, bool *first, const struct floe_field *f, const struct floe_value *v)
{
	if (!*first)
		floe_buf_putc(b, ',');
	*first = false;
	put_name(b, f->name);
	floe_buf_putc(b, ':');
	floe_value_to_json(b, &f->type, v);
}

static void format_change(struct floe_buf *b, const struct floe_txn *tx, const struct floe_change *ch)
{
	const struct floe_change_rel *rel = ch->rel;
	struct floe_type tstz = { .id = FLOE_T_TIMESTAMPTZ };
	struct floe_value ts = { .is_null = false };
	bool first;

	ts.u.i64 = tx->commit_ts;
	char l[FLOE_LSN_STR_MAX];

	floe_buf_printf(b, "{\"lsn\":\"%s\"", floe_lsn_fmt(ch->lsn, l));
	put_lsn(b, "commit_lsn", tx->commit_lsn);
	floe_buf_printf(b, ",\"xid\":%u,\"commit_ts\":", tx->xid);
	floe_value_to_json(b, &tstz, &ts);
	floe_buf_printf(b, ",\"op\":\"%s\",\"schema\":", floe_change_op_name(ch->op));
	put_name(b, rel->schema);
	floe_buf_puts(b, ",\"table\":");
	put_name(b, rel->table);
	if (ch->key) {
		floe_buf_puts(b, ",\"key\":{");
		first = true;
		for (int i = 0; i < rel->nkeys; i++)
			put_col(b, &first, &rel->fields[rel->key_cols[i]], &ch->key[i]);
		floe_buf_putc(b, '}');
	}
	if (ch->old_key) {
		floe_buf_puts(b, ",\"old_key\":{");
		first = true;
		for (int i = 0; i < rel->nkeys; i++)
			put_col(b, &first, &rel->fields[rel->key_cols[i]], &ch->old_key[i]);
		floe_buf_putc(b, '}');
	}
	if (ch->row) {
		floe_buf_puts(b, ",\"row\":{");
		first = true;
		for (int i = 0; i < rel->ncols; i++)
			if (!ch->unchanged || !ch->unchanged[i])
				put_col(b, &first, &rel->fields[i], &ch->row[i]);
		floe_buf_putc(b, '}');
		if (ch->unchanged) {
			floe_buf_puts(b, ",\"unchanged_toast\":[");
			first = true;
			for (int i = 0; i < rel->ncols; i++)
				if (ch->unchanged[i]) {
					if (!first)
						floe_buf_putc(b, ',');
					first = false;
					put_name(b, rel->fields[i].name);
				}
			floe_buf_putc(b, ']');
		}
	}
	if (ch->old) {
		floe_buf_puts(b, ",\"old\":{");
		first = true;
		for (int i = 0; i < rel->ncols; i++)
			if (ch->old_kind == 'O' || rel->pg->cols[i].key)
				put_col(b, &first, &rel->fields[i], &ch->old[i]);
		floe_buf_putc(b, '}');
	}
	floe_buf_puts(b, "}\n");
}

static void reset_txn(struct tail *t)
{
	floe_buf_reset(&t->out);
	if (t->spooled) {
		floe_txbuf_discard(&t->spool, 1);
		t->spooled = false;
	}
	t->in_txn = 0;
	t->truncated = false;
	for (size_t i = 0; i < t->ntables; i++)
		memset(t->tables[i].pending, 0, sizeof(t->tables[i].pending));
}

static int on_begin(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	(void)tx;
	(void)err;
	reset_txn(ctx);
	return 0;
}

static int on_change(void *ctx, const struct floe_txn *tx, const struct floe_change *ch, struct floe_err *err)
{
	struct tail *t = ctx;

	if (t->limit && t->printed + t->in_txn >= t->limit) {
		t->truncated = true;
		return 0;
	}
	t->in_txn++;
	if (t->count_only) {
		struct table_count *tc = table_for(t, ch->rel, err);
		if (!tc)
			return -1;
		tc->pending[op_index(ch->op)]++;
		return 0;
	}
	format_change(&t->out, tx, ch);
	if (t->out.len >= SPOOL_CHUNK) {
		if (floe_buf_check(&t->out, err) != 0)
			return -1;
		if (floe_txbuf_append(&t->spool, 1, 1, 0, t->out.data, t->out.len, err) != 0)
			return -1;
		t->spooled = true;
		floe_buf_reset(&t->out);
	}
	return 0;
}

static int write_out(struct tail *t, const void *p, size_t n, struct floe_err *err)
{
	if (n && fwrite(p, 1, n, stdout) != n) {
		if (errno == EPIPE) {
			t->out_failed = true;
			return 0;
		}
		return floe_err_set(err, "cannot write to standard output: %s", strerror(errno));
	}
	return 0;
}

static int on_commit(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct tail *t = ctx;

	if (t->count_only) {
		for (size_t i = 0; i < t->ntables; i++)
			for (int k = 0; k < 4; k++) {
				t->tables[i].n[k] += t->tables[i].pending[k];
				t->tables[i].pending[k] = 0;
			}
	} else {
		if (floe_buf_check(&t->out, err) != 0)
			return -1;
		if (t->spooled) {
			struct floe_txbuf_iter it;
			struct floe_txbuf_rec rec;
			int r;

			if (floe_txbuf_iter_open(&t->spool, 1, &it, err) != 0)
				return -1;
			while ((r = floe_txbuf_iter_next(&it, &rec, err)) == 1)
				if (write_out(t, rec.p, rec.len, err) != 0) {
					r = -1;
					break;
				}
			floe_txbuf_iter_release(&it);
			if (r < 0)
				return -1;
		}
		if (write_out(t, t->out.data, t->out.len, err) != 0)
			return -1;
		if (fflush(stdout) != 0 && !t->out_failed) {
			if (errno == EPIPE)
				t->out_failed = true;
			else
				return floe_err_set(err, "cannot write to standard output: %s", strerror(errno));
		}
	}
	t->printed += t->in_txn;
	t->txns++;
	if (t->out_failed) {
		floe_stream_request_stop(t->stream);
	} else if (t->ack && !t->truncated) {
		floe_stream_confirm(t->stream, tx->end_lsn);
	}
	if (t->truncated || (t->limit && t->printed >= t->limit))
		floe_stream_request_stop(t->stream);
	reset_txn(t);
	return 0;
}

static void on_abort(void *ctx, const struct floe_txn *tx)
{
	(void)tx;
	reset_txn(ctx);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

int floe_cli_tail(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_stream_opts opts;
	struct floe_stream_consumer cons = { 0 };
	struct floe_err err = { 0 };
	struct tail t;
	struct sigaction sa;
	const char *path = NULL;
	bool cfg_loaded = false;
	int c, rc = 1;

	memset(&t, 0, sizeof(t));
	memset(&opts, 0, sizeof(opts));
	memset(&cfg, 0, sizeof(cfg));
	floe_buf_init(&t.out);
	{
		const char *limit = NULL;
		const struct floe_cli_opt o[] = {
			{ "--config", 'c', "a file name", NULL, &path },
			{ "--until-caught-up", 0, NULL, &opts.until_caught_up, NULL },
			{ "--limit", 0, "a positive number", NULL, &limit },
			{ "--count", 0, NULL, &t.count_only, NULL },
			{ "--ack", 0, NULL, &t.ack, NULL },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, o, NULL, 0, 0 };
		if ((c = floe_cli_parse(argc, argv, &a)) != 0)
			return c == 1 ? 0 : 2;
		if (limit && (parse_u64(limit, &t.limit) != 0 || t.limit == 0)) {
			fprintf(stderr, "floe tail: --limit needs a positive number, not '%s'\n", limit);
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "floe tail: missing -c FILE (usage: floe tail -c FILE [--until-caught-up] [--limit N] [--count] [--ack])\n");
		return 2;
	}
	if (floe_config_load(path, &cfg, &err) != 0) {
		fprintf(stderr, "floe tail: %s\n", err.msg);
		return 1;
	}
	cfg_loaded = true;
	/* sink.memory_limit is shared: half for streamed transactions, half for our output */
	if (floe_txbuf_init(&t.spool, (size_t)(cfg.sink.memory_limit / 2), cfg.sink.spill_dir, &err) != 0)
		goto out;
	opts.memory_limit = cfg.sink.memory_limit / 2 > 0 ? cfg.sink.memory_limit / 2 : 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	static char obuf[1 << 16];
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));

	opts.cfg = &cfg;
	opts.ack = t.ack;
	opts.stop = &stop_flag;
	cons.ctx = &t;
	cons.on_begin = on_begin;
	cons.on_change = on_change;
	cons.on_commit = on_commit;
	cons.on_abort = on_abort;
	if (floe_stream_open(&t.stream, &opts, &cons, &err) != 0)
		goto out;
	if (floe_stream_run(t.stream, &err) != 0)
		goto out;
	if (t.count_only) {
		uint64_t total = 0;
		for (size_t i = 0; i < t.ntables; i++) {
			struct table_count *tc = &t.tables[i];
			printf("{\"table\":");
			floe_buf_reset(&t.out);
			put_name(&t.out, tc->name);
			fwrite(t.out.data, 1, t.out.len, stdout);
			printf(",\"insert\":%llu,\"update\":%llu,\"delete\":%llu,\"truncate\":%llu}\n",
			       (unsigned long long)tc->n[0], (unsigned long long)tc->n[1],
			       (unsigned long long)tc->n[2], (unsigned long long)tc->n[3]);
			total += tc->n[0] + tc->n[1] + tc->n[2] + tc->n[3];
		}
		printf("{\"total\":%llu,\"transactions\":%llu}\n", (unsigned long long)total,
		       (unsigned long long)t.txns);
		fflush(stdout);
	}
	{
		const struct floe_stream_stats *st = floe_stream_stats(t.stream);
		floe_log_debug("tail: %llu messages, %llu changes, %llu transactions (%llu streamed, %llu spilled), "
			       "%llu reconnects, proto %u, %s",
			       (unsigned long long)st->messages, (unsigned long long)st->changes,
			       (unsigned long long)st->txns, (unsigned long long)st->streamed_txns,
			       (unsigned long long)st->spills, (unsigned long long)st->reconnects, st->proto_version,
			       st->binary ? "binary" : "text");
	}
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "floe tail: %s\n", err.msg);
	floe_stream_free(t.stream);
	floe_txbuf_release(&t.spool);
	floe_buf_release(&t.out);
	for (size_t i = 0; i < t.ntables; i++)
		free(t.tables[i].name);
	free(t.tables);
	if (cfg_loaded)
		floe_config_free(&cfg);
	return rc;
}
