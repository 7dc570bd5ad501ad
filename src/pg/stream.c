/*
 * stream.c — the change-stream driver (see stream.h): source checks, option
 * negotiation, the receive loop, streamed-transaction buffering and replay,
 * change assembly, acknowledgement policy, clean stop and reconnect with
 * capped exponential backoff. Value decoding is pgvalue/relcache's job,
 * output is the consumer's.
 */
#include "pg/stream.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/lsn.h"
#include "core/timeutil.h"
#include "pg/conn.h"
#include "pg/preflight.h"
#include "pg/repl.h"
#include "pg/txbuf.h"
#include "pg/typelookup.h"

/* how long a slot held by another walsender is retried before giving up: a
 * daemon waits out a dead consumer's walsender (wal_sender_timeout); a one-shot
 * run (until_caught_up) only a just-finished previous run's */
#define BUSY_SLOT_WAIT_US ((int64_t)90 * 1000000)
#define BUSY_SLOT_ONESHOT_WAIT_US ((int64_t)5 * 1000000)

struct relinfo {
	uint32_t oid;
	uint32_t version;
	const struct floe_pg_relation *pg;
	bool wanted;                  /* in source.tables (or no list) */
	struct floe_change_rel cr;
	struct floe_field *fields;
	int *keys;
};

struct floe_stream {
	struct floe_stream_opts opts;
	struct floe_stream_consumer consumer;
	struct floe_conn sql;
	struct floe_conn rep;
	struct floe_repl repl;
	struct floe_pg_relcache *rc;
	struct floe_txbuf tb;
	struct floe_arena arena;      /* message lifetime */
	struct floe_pg_policy policy;
	uint64_t nulled;            /* policy.nulled points here */
	struct floe_pgoutput_opts popts;
	struct relinfo **rels;        /* current view per relation OID */
	size_t nrels, caprels, last;
	struct relinfo **retired;     /* replaced views, freed after the transaction ends */
	size_t nretired, capretired;
	char *options;                /* START_REPLICATION option list */

	bool in_txn;                  /* between Begin and Commit */
	struct floe_txn txn;
	bool in_stream;               /* between Stream Start and Stream Stop */
	uint32_t stream_xid;
	uint64_t cur_lsn;             /* dataStart of the message being handled */

	uint64_t received;            /* highest position received */
	uint64_t delivered_end;       /* end_lsn of the last transaction given to on_commit */
	uint64_t confirmed;           /* the consumer's durable position */
	uint64_t start_lsn;           /* where the next START_REPLICATION begins */
	uint64_t target;              /* until_caught_up */
	uint64_t sent_flush;          /* flush position of the last status update */
	bool stop;
	bool retryable;               /* the last failure was a lost connection */
	bool slot_busy;               /* the last failure was the slot in use by another walsender */
	int64_t busy_since;           /* when the slot was first found busy (0 = not busy) */
	char busy_holder[160];        /* "PID n (application 'x', from addr)" of the slot's holder */
	bool restart_now;             /* restart the session at once (option change), not a failure */
	struct floe_stream_stats stats;
	char system_id[32];
	uint32_t ticks;
	bool committed;               /* a transaction was committed since the last clock check */
	bool offline;                 /* no connections: fed by floe_stream_feed */
	/* keepalive while the consumer is busy (floe_stream_busy_begin/end) */
	pthread_t ka_thread;
	pthread_mutex_t ka_mu;
	pthread_cond_t ka_cv;
	bool ka_running, ka_quit;
	uint64_t ka_write, ka_flush;  /* what the keepalive thread reports (fixed while busy) */
	long sender_timeout_ms;       /* the server's wal_sender_timeout (0 = off or unknown) */
	int ka_sent, ka_failed;
};

/* ---------- catalog lookups (SQL connection) ---------- */

/* The primary key's column names of rel, in index order (res owns them; NULL res = none). */
static int primary_key(struct floe_stream *s, const struct floe_pg_relation *rel, PGresult **res,
		       struct floe_err *err)
{
	char sql[400];

	*res = NULL;
	if (s->offline)
		return 0;
	snprintf(sql, sizeof(sql),
		 "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a "
		 "ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
		 "WHERE i.indrelid = %u AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
		 rel->oid);
	if (floe_conn_exec(&s->sql, sql, res, err) != 0)
		return floe_err_prefix(err, "looking up the primary key of '%s.%s': ", rel->nspname, rel->relname);
	return 0;
}

/* ---------- relation views ---------- */

static void relinfo_free(struct relinfo *ri)
{
	free(ri->fields);
	free(ri->keys);
	ri->fields = NULL;
	ri->keys = NULL;
}

static int relinfo_build(struct floe_stream *s, struct relinfo *ri, const struct floe_pg_relation *rel,
			 struct floe_err *err)
{
	size_t n = rel->ncols ? rel->ncols : 1;
	int nkeys = 0;

	relinfo_free(ri);
	ri->fields = calloc(n, sizeof(*ri->fields));
	ri->keys = calloc(n, sizeof(*ri->keys));
	if (!ri->fields || !ri->keys)
		return floe_err_set(err, "out of memory");
	floe_pg_relation_schema(rel, ri->fields, NULL, NULL);
	ri->oid = rel->oid;
	ri->version = rel->version;
	ri->pg = rel;
	memset(&ri->cr, 0, sizeof(ri->cr));
	ri->cr.key_is_pk = false;
	{
		PGresult *pk = NULL;
		const char *names[64], *unpublished;
		int n_pk = 0;
		if ((rel->replident == 'f' || rel->replident == 'n') && primary_key(s, rel, &pk, err) != 0)
			return -1;
		for (int r = 0; pk && r < PQntuples(pk) && r < 64; r++)
			names[n_pk++] = PQgetvalue(pk, r, 0);
		nkeys = floe_pg_relation_key(rel, names, n_pk, true, ri->keys, &ri->cr.key_is_pk, &unpublished);
		if (nkeys < 0) /* a key column that is not published: no usable key */
			nkeys = 0;
		if (pk)
			PQclear(pk);
	}
	ri->wanted = floe_config_wants_table(s->opts.cfg, rel->nspname, rel->relname);
	ri->cr.pg = rel;
	ri->cr.oid = rel->oid;
	ri->cr.schema = rel->nspname;
	ri->cr.table = rel->relname;
	ri->cr.ncols = rel->ncols;
	ri->cr.fields = ri->fields;
	ri->cr.nkeys = nkeys;
	ri->cr.key_cols = ri->keys;
	return 0;
}

static int push_rel(struct relinfo ***arr, size_t *n, size_t *cap, struct relinfo *p)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct relinfo **na = realloc(*arr, nc * sizeof(*na));
		if (!na)
			return -1;
		*arr = na;
		*cap = nc;
	}
	(*arr)[(*n)++] = p;
	return 0;
}

/* Frees relation views replaced during the transaction that just ended. */
static void drop_retired(struct floe_stream *s)
{
	for (size_t i = 0; i < s->nretired; i++) {
		relinfo_free(s->retired[i]);
		free(s->retired[i]);
	}
	s->nretired = 0;
}

/* The consumer's view of relation `oid`; a view handed out stays valid (even if
 * a newer Relation message replaces it) until the transaction ends. */
static const struct relinfo *relinfo_get(struct floe_stream *s, uint32_t oid, struct floe_err *err)
{
	const struct floe_pg_relation *rel = floe_pg_relcache_get(s->rc, oid);
	struct relinfo *ri = NULL, *nri;
	size_t idx = 0;

	if (!rel) {
		floe_err_set(err, "change for relation OID %u arrived before its Relation message", oid);
		return NULL;
	}
	if (s->last < s->nrels && s->rels[s->last]->oid == oid) {
		idx = s->last;
		ri = s->rels[idx];
	} else {
		for (size_t i = 0; i < s->nrels; i++)
			if (s->rels[i]->oid == oid) {
				idx = i;
				ri = s->rels[i];
				break;
			}
	}
	if (ri && ri->pg == rel && ri->version == rel->version) {
		s->last = idx;
		return ri;
	}
	nri = calloc(1, sizeof(*nri));
	if (!nri) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	if (relinfo_build(s, nri, rel, err) != 0) {
		relinfo_free(nri);
		free(nri);
		return NULL;
	}
	if (ri) {
		if (push_rel(&s->retired, &s->nretired, &s->capretired, ri) != 0)
			goto oom;
		s->rels[idx] = nri;
	} else {
		if (push_rel(&s->rels, &s->nrels, &s->caprels, nri) != 0)
			goto oom;
		idx = s->nrels - 1;
	}
	s->last = idx;
	return nri;
oom:
	relinfo_free(nri);
	free(nri);
	floe_err_set(err, "out of memory");
	return NULL;
}

/* ---------- source checks and negotiation ---------- */

static int exec1(struct floe_stream *s, const char *sql, const char *param, PGresult **res, struct floe_err *err)
{
	const char *params[1] = { param };
	return floe_conn_execp(&s->sql, sql, param ? 1 : 0, params, res, err);
}

static int check_source(struct floe_stream *s, struct floe_err *err)
{
	const struct floe_config *cfg = s->opts.cfg;
	const char *slot = cfg->source.slot, *pub = cfg->source.publication;
	PGresult *res = NULL;
	int rc = -1;

	if (exec1(s,
		  "SELECT plugin, database, wal_status, current_database() FROM pg_catalog.pg_replication_slots "
		  "WHERE slot_name = $1",
		  slot, &res, err) != 0)
		goto out;
	if (PQntuples(res) == 0) {
		floe_err_set(err, "replication slot '%s' does not exist: before the first run, create it with floe setup; "
			     "if it was dropped, the changes since floe's last commit are gone with it: to recover "
			     "exactly, run floe setup --resnapshot (the next floe run copies the tables again from a "
			     "new slot and replaces their contents)",
			     slot);
		goto out;
	}
	if (PQgetisnull(res, 0, 0) || strcmp(PQgetvalue(res, 0, 0), "pgoutput") != 0) {
		floe_err_set(err, "replication slot '%s' is not a pgoutput logical slot (plugin '%s'); drop it or set "
			     "source.slot to another name",
			     slot, PQgetvalue(res, 0, 0));
		goto out;
	}
	if (strcmp(PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 3)) != 0) {
		floe_err_set(err, "replication slot '%s' belongs to database '%s', not '%s'; fix source.dsn or source.slot",
			     slot, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 3));
		goto out;
	}
	if (!strcmp(PQgetvalue(res, 0, 2), "lost")) {
		floe_err_set(err, "replication slot '%s' is invalidated (its WAL was removed, the changes since floe's "
			     "last commit are gone); to recover exactly, run floe setup --resnapshot (it drops the slot; "
			     "the next floe run copies the tables again from a new one and replaces their contents)",
			     slot);
		goto out;
	}
	PQclear(res);
	res = NULL;
	if (exec1(s, "SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_catalog.pg_publication "
		     "WHERE pubname = $1", pub, &res, err) != 0)
		goto out;
	if (PQntuples(res) == 0) {
		floe_err_set(err, "publication '%s' does not exist — run floe setup", pub);
		goto out;
	}
	{
		char what[512], fix[512];
		if (floe_preflight_publish_mismatch(PQgetvalue(res, 0, 0)[0] == 't', PQgetvalue(res, 0, 1)[0] == 't',
						    PQgetvalue(res, 0, 2)[0] == 't', PQgetvalue(res, 0, 3)[0] == 't',
						    false, s->opts.cfg, what, sizeof(what), fix, sizeof(fix)) != 0) {
			floe_err_set(err, "%s; %s", what, fix);
			goto out;
		}
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

/* Binary values only when every column of every published table has a binary decoder. */
static int choose_binary(struct floe_stream *s, bool *binary, struct floe_err *err)
{
	PGresult *res = NULL;
	int rc = -1;

	*binary = false;
	if (s->opts.text_only || s->sql.server_version < 140000)
		return 0;
	if (exec1(s,
		  "SELECT a.atttypid, a.atttypmod, pt.schemaname, pt.tablename, a.attname "
		  "FROM pg_catalog.pg_publication_tables pt "
		  "JOIN pg_catalog.pg_namespace n ON n.nspname = pt.schemaname "
		  "JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename "
		  "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
		  "WHERE pt.pubname = $1 AND a.attnum > 0 AND NOT a.attisdropped",
		  s->opts.cfg->source.publication, &res, err) != 0)
		goto out;
	*binary = true;
	for (int r = 0; r < PQntuples(res); r++) {
		struct floe_pgtype t;
		uint32_t oid = (uint32_t)strtoul(PQgetvalue(res, r, 0), NULL, 10);
		int32_t typmod = (int32_t)strtol(PQgetvalue(res, r, 1), NULL, 10);

		if (floe_pg_relcache_map_type(s->rc, oid, typmod, &t, err) != 0)
			goto out;
		if (!t.binary) {
			floe_log_debug("column %s.%s.%s (type %u) has no binary decoder: using text values",
				       PQgetvalue(res, r, 2), PQgetvalue(res, r, 3), PQgetvalue(res, r, 4), oid);
			*binary = false;
			break;
		}
	}
	rc = 0;
out:
	PQclear(res);
	return rc;
}

static int build_options(struct floe_stream *s, bool binary, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	int v = s->sql.server_version;
	uint32_t proto = v >= 160000 ? 4 : v >= 150000 ? 3 : v >= 140000 ? 2 : 1;

	floe_buf_printf(&b, "proto_version '%u', publication_names '\"", proto);
	for (const char *p = s->opts.cfg->source.publication; *p; p++) {
		if (*p == '"')
			floe_buf_putc(&b, '"');
		if (*p == '\'')
			floe_buf_putc(&b, '\'');
		floe_buf_putc(&b, (uint8_t)*p);
	}
	floe_buf_puts(&b, "\"'");
	if (proto >= 2) {
		floe_buf_printf(&b, ", binary '%s', messages 'true', streaming 'on'", binary ? "true" : "false");
	}
	if (floe_buf_check(&b, err) != 0)
		return -1;
	free(s->options);
	s->options = floe_buf_detach(&b, NULL);
	if (!s->options)
		return floe_err_set(err, "out of memory");
	s->popts.proto_version = proto;
	s->popts.parallel = false;
	s->stats.proto_version = proto;
	s->stats.binary = binary;
	return 0;
}

static int compute_target(struct floe_stream *s, struct floe_err *err)
{
	char *lsn_text = NULL, *blk = NULL;
	uint64_t lsn, bs = 8192;
	int rc = -1;

	if (floe_conn_query_value(&s->sql, "SELECT pg_current_wal_insert_lsn()::text", &lsn_text, err) != 0 ||
	    floe_conn_query_value(&s->sql, "SELECT current_setting('wal_block_size')", &blk, err) != 0)
		goto out;
	if (!lsn_text || floe_lsn_parse(lsn_text, &lsn) != 0) {
		floe_err_set(err, "pg_current_wal_insert_lsn() returned '%s'", lsn_text ? lsn_text : "NULL");
		goto out;
	}
	if (blk)
		bs = strtoull(blk, NULL, 10);
	/* the insert position skips a page header that no record will ever end in */
	if (bs > 0 && lsn % bs != 0 && lsn % bs <= 40)
		lsn -= lsn % bs;
	s->target = lsn;
	/* With synchronous_commit=off (or WAL that is no commit at all) the server may
	 * leave the WAL up to the target unflushed, and the walsender cannot send what is
	 * not flushed, for up to the WAL writer's hibernation delay (seconds). A commit
	 * with synchronous_commit on flushes everything before it. Best effort. */
	if (floe_conn_exec(&s->sql, "BEGIN", NULL, err) == 0) {
		if (floe_conn_exec(&s->sql, "SET LOCAL synchronous_commit = on", NULL, err) != 0 ||
		    floe_conn_exec(&s->sql, "SELECT pg_catalog.txid_current()", NULL, err) != 0)
			floe_log_debug("flushing the WAL up to the target: %s", err->msg);
		(void)floe_conn_exec(&s->sql, "COMMIT", NULL, err);
	}
	floe_err_clear(err);
	rc = 0;
out:
	free(lsn_text);
	free(blk);
	return rc;
}

/* ---------- acknowledgement ---------- */

static uint64_t flush_position(const struct floe_stream *s)
{
	uint64_t f = s->confirmed;

	if (!s->opts.ack)
		return 0;
	if (!s->in_txn && s->confirmed >= s->delivered_end && s->received > f)
		f = s->received;
	return f;
}

static int send_status(struct floe_stream *s, struct floe_err *err)
{
	uint64_t flush = flush_position(s);

	if (floe_repl_send_status(&s->repl, s->received, flush, flush, false, err) != 0) {
		s->retryable = true;
		return -1;
	}
	s->sent_flush = flush;
	return 0;
}

/* ---------- delivery ---------- */

static int deliver_change(struct floe_stream *s, const struct floe_pg_msg *msg, uint64_t lsn, struct floe_err *err)
{
	struct floe_change ch;
	const struct relinfo *ri;

	memset(&ch, 0, sizeof(ch));
	ch.lsn = lsn;
	ch.xid = s->txn.xid;
	ch.commit_lsn = s->txn.commit_lsn;
	ch.end_lsn = s->txn.end_lsn;
	ch.commit_ts = s->txn.commit_ts;
	if (msg->type == FLOE_PGM_TRUNCATE) {
		for (uint32_t i = 0; i < msg->u.truncate.nrels; i++) {
			ri = relinfo_get(s, msg->u.truncate.relids[i], err);
			if (!ri)
				return -1;
			if (!ri->wanted)
				continue;
			ch.op = FLOE_OP_TRUNCATE;
			ch.rel = &ri->cr;
			ch.truncate_flags = msg->u.truncate.flags;
			if (s->consumer.on_change(s->consumer.ctx, &s->txn, &ch, err) != 0)
				return -1;
			s->stats.changes++;
		}
		return 0;
	}
	uint32_t relid = msg->type == FLOE_PGM_INSERT   ? msg->u.insert.relid
			 : msg->type == FLOE_PGM_UPDATE ? msg->u.update.relid
							: msg->u.del.relid;
	ri = relinfo_get(s, relid, err);
	if (!ri)
		return -1;
	if (!ri->wanted)
		return 0;
	uint64_t nulled0 = s->nulled;
	if (floe_change_build(&ri->cr, msg, &s->policy, &s->arena, &ch, err) != 0)
		return -1;
	ch.nulled = (uint32_t)(s->nulled - nulled0);
	if (s->consumer.on_change(s->consumer.ctx, &s->txn, &ch, err) != 0)
		return -1;
	s->stats.changes++;
	return 0;
}

static int commit_txn(struct floe_stream *s, struct floe_err *err)
{
	if (s->consumer.on_commit(s->consumer.ctx, &s->txn, err) != 0)
		return -1;
	s->in_txn = false;
	if (s->txn.end_lsn > s->delivered_end)
		s->delivered_end = s->txn.end_lsn;
	if (s->txn.end_lsn > s->received)
		s->received = s->txn.end_lsn;
	if (s->txn.end_lsn > s->start_lsn)
		s->start_lsn = s->txn.end_lsn;
	s->stats.txns++;
	s->committed = true;
	drop_retired(s);
	floe_pg_relcache_drop_retired(s->rc);
	return 0;
}

static void abandon_txn(struct floe_stream *s)
{
	if (s->in_txn && s->consumer.on_abort)
		s->consumer.on_abort(s->consumer.ctx, &s->txn);
	s->in_txn = false;
	drop_retired(s);
}

/* Messages that need no transaction context, or that change it. */
static int handle_msg(struct floe_stream *s, const struct floe_pg_msg *msg, uint64_t lsn, struct floe_err *err)
{
	switch (msg->type) {
	case FLOE_PGM_RELATION:
		if (floe_pg_relcache_apply(s->rc, msg, err) != 0)
			return -1;
		if (s->stats.binary) {
			const struct floe_pg_relation *rel = floe_pg_relcache_get(s->rc, msg->u.relation.oid);
			if (rel && !floe_pg_relcache_binary_ok(rel)) {
				/* a table that joined the publication has a type without a binary decoder:
				 * resume from the last delivered transaction in text mode */
				floe_log_info("table '%s.%s' has a column without a binary decoder: switching to text values",
					      rel->nspname, rel->relname);
				if (build_options(s, false, err) != 0)
					return -1;
				s->retryable = true;
				s->restart_now = true;
				return floe_err_set(err, "switching to text values");
			}
		}
		return 0;
	case FLOE_PGM_TYPE:
		return floe_pg_relcache_apply(s->rc, msg, err);
	case FLOE_PGM_INSERT:
	case FLOE_PGM_UPDATE:
	case FLOE_PGM_DELETE:
	case FLOE_PGM_TRUNCATE:
		if (!s->in_txn)
			return floe_err_set(err, "pgoutput %s message outside a transaction",
					    floe_pgoutput_type_name(msg->type));
		return deliver_change(s, msg, lsn, err);
	case FLOE_PGM_MESSAGE:
	case FLOE_PGM_ORIGIN:
		return 0;
	default:
		return floe_err_set(err, "unexpected pgoutput %s message%s", floe_pgoutput_type_name(msg->type),
				    msg->type == FLOE_PGM_BEGIN_PREPARE || msg->type == FLOE_PGM_PREPARE ||
						    msg->type == FLOE_PGM_COMMIT_PREPARED ||
						    msg->type == FLOE_PGM_ROLLBACK_PREPARED ||
						    msg->type == FLOE_PGM_STREAM_PREPARE
					    ? " (two-phase transactions are not supported: recreate the slot without "
					      "two_phase)"
					    : "");
	}
}

static int replay_streamed(struct floe_stream *s, const struct floe_pg_msg *commit, struct floe_err *err)
{
	struct floe_txbuf_iter it;
	struct floe_txbuf_rec rec;
	struct floe_pgoutput_opts po = s->popts;
	uint32_t xid = commit->xid;
	int r, rc = -1;

	memset(&it, 0, sizeof(it));
	s->txn.xid = xid;
	s->txn.commit_lsn = commit->u.stream_commit.commit_lsn;
	s->txn.end_lsn = commit->u.stream_commit.end_lsn;
	s->txn.commit_ts = commit->u.stream_commit.commit_ts;
	s->txn.streamed = true;
	if (floe_txbuf_is_spilled(&s->tb, xid))
		s->stats.spills++;
	if (s->consumer.on_begin(s->consumer.ctx, &s->txn, err) != 0)
		return -1;
	s->in_txn = true;
	if (floe_txbuf_has(&s->tb, xid)) {
		if (floe_txbuf_iter_open(&s->tb, xid, &it, err) != 0)
			goto out;
		po.in_stream = true;
		while ((r = floe_txbuf_iter_next(&it, &rec, err)) == 1) {
			struct floe_pg_msg m;

			floe_arena_reset(&s->arena);
			if (floe_pgoutput_parse(rec.p, rec.len, &po, &s->arena, &m, err) != 0)
				goto out;
			if (handle_msg(s, &m, rec.lsn, err) != 0)
				goto out;
		}
		if (r < 0)
			goto out;
		floe_txbuf_iter_release(&it);
	}
	floe_txbuf_discard(&s->tb, xid);
	if (commit_txn(s, err) != 0)
		goto out;
	s->stats.streamed_txns++;
	rc = 0;
out:
	floe_txbuf_iter_release(&it);
	return rc;
}

static bool is_streamable(uint8_t t)
{
	return t == 'R' || t == 'Y' || t == 'I' || t == 'U' || t == 'D' || t == 'T' || t == 'M';
}

static int handle_data(struct floe_stream *s, const struct floe_repl_msg *rm, struct floe_err *err)
{
	struct floe_pg_msg msg;
	uint8_t type;

	if (rm->len == 0)
		return floe_err_set(err, "empty pgoutput message");
	type = rm->p[0];
	s->stats.messages++;
	s->stats.bytes += rm->len;
	if (rm->data_start > s->received)
		s->received = rm->data_start;
	if (s->in_stream && is_streamable(type)) {
		/* buffered as is; decoded at Stream Commit */
		if (rm->len < 5)
			return floe_err_set(err, "pgoutput %s message inside a stream is truncated",
					    floe_pgoutput_type_name(type));
		uint32_t subxid = floe_load_u32be(rm->p + 1);
		return floe_txbuf_append(&s->tb, s->stream_xid, subxid, rm->data_start, rm->p, rm->len, err);
	}
	floe_arena_reset(&s->arena);
	s->popts.in_stream = false;
	if (floe_pgoutput_parse(rm->p, rm->len, &s->popts, &s->arena, &msg, err) != 0)
		return -1;
	switch (msg.type) {
	case FLOE_PGM_BEGIN:
		if (s->in_txn)
			return floe_err_set(err, "pgoutput begin inside an open transaction");
		memset(&s->txn, 0, sizeof(s->txn));
		s->txn.xid = msg.xid;
		s->txn.commit_lsn = msg.u.begin.final_lsn;
		s->txn.commit_ts = msg.u.begin.commit_ts;
		if (s->consumer.on_begin(s->consumer.ctx, &s->txn, err) != 0)
			return -1;
		s->in_txn = true;
		return 0;
	case FLOE_PGM_COMMIT:
		if (!s->in_txn)
			return floe_err_set(err, "pgoutput commit without a begin");
		s->txn.commit_lsn = msg.u.commit.commit_lsn;
		s->txn.end_lsn = msg.u.commit.end_lsn;
		s->txn.commit_ts = msg.u.commit.commit_ts;
		return commit_txn(s, err);
	case FLOE_PGM_STREAM_START:
		if (s->in_txn)
			return floe_err_set(err, "pgoutput stream start inside an open transaction");
		s->in_stream = true;
		s->stream_xid = msg.xid;
		return 0;
	case FLOE_PGM_STREAM_STOP:
		s->in_stream = false;
		return 0;
	case FLOE_PGM_STREAM_COMMIT:
		if (s->in_txn || s->in_stream)
			return floe_err_set(err, "pgoutput stream commit inside an open transaction or stream");
		return replay_streamed(s, &msg, err);
	case FLOE_PGM_STREAM_ABORT:
		return floe_txbuf_abort(&s->tb, msg.xid, msg.u.stream_abort.subxid, err);
	default:
		return handle_msg(s, &msg, rm->data_start, err);
	}
}

/* ---------- connections ---------- */

static void disconnect(struct floe_stream *s)
{
	floe_repl_release(&s->repl);
	floe_conn_close(&s->rep);
	floe_conn_close(&s->sql);
}

static int connect_sql(struct floe_stream *s, struct floe_err *err)
{
	if (s->sql.pg && PQstatus(s->sql.pg) == CONNECTION_OK)
		return 0;
	floe_conn_close(&s->sql);
	if (floe_conn_open(&s->sql, s->opts.cfg->source.dsn, FLOE_CONN_NORMAL, err) != 0) {
		s->retryable = true;
		return -1;
	}
	return 0;
}

/* Names the process holding the slot (best effort: empty when it cannot be read). */
static void find_busy_holder(struct floe_stream *s)
{
	static const char q[] =
		"SELECT r.active_pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local') "
		"FROM pg_replication_slots r LEFT JOIN pg_stat_activity a ON a.pid = r.active_pid "
		"WHERE r.slot_name = $1 AND r.active_pid IS NOT NULL";
	const char *params[1] = { s->opts.cfg->source.slot };
	PGresult *res = NULL;
	struct floe_err e2;

	s->busy_holder[0] = '\0';
	floe_err_clear(&e2);
	if (!s->sql.pg || floe_conn_execp(&s->sql, q, 1, params, &res, &e2) != 0)
		return;
	if (PQntuples(res) == 1)
		snprintf(s->busy_holder, sizeof(s->busy_holder), "PID %s (application '%s', from %s)",
			 PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	PQclear(res);
}

static int start_streaming(struct floe_stream *s, struct floe_err *err)
{
	struct floe_repl_sysinfo si;

	s->retryable = false;
	s->slot_busy = false;
	if (connect_sql(s, err) != 0)
		return -1;
	if (check_source(s, err) != 0) {
		s->retryable = PQstatus(s->sql.pg) != CONNECTION_OK;
		return -1;
	}
	if (!s->rep.pg || PQstatus(s->rep.pg) != CONNECTION_OK) {
		floe_conn_close(&s->rep);
		if (floe_conn_open(&s->rep, s->opts.cfg->source.dsn, FLOE_CONN_REPLICATION, err) != 0) {
			s->retryable = true;
			return -1;
		}
	}
	if (floe_repl_identify(s->rep.pg, &si, err) != 0) {
		s->retryable = PQstatus(s->rep.pg) != CONNECTION_OK;
		return -1;
	}
	if (s->system_id[0] && strcmp(s->system_id, si.systemid) != 0) {
		floe_err_set(err, "the source database is a different cluster now (system identifier '%s', was '%s')",
			     si.systemid, s->system_id);
		return -1;
	}
	snprintf(s->system_id, sizeof(s->system_id), "%s", si.systemid);
	floe_repl_init(&s->repl);
	if (floe_repl_start(&s->repl, s->rep.pg, s->opts.cfg->source.slot, s->start_lsn, s->options, err) != 0) {
		/* a previous consumer that just died can hold the slot until its walsender notices */
		s->slot_busy = err->code == FLOE_REPL_ESLOT_BUSY;
		if (s->slot_busy)
			find_busy_holder(s);
		s->retryable = s->slot_busy || PQstatus(s->rep.pg) != CONNECTION_OK;
		return -1;
	}
	{
		char a[FLOE_LSN_STR_MAX];
		floe_log_debug("streaming from slot '%s' at %s (proto_version %u, %s values, system %s)",
			       s->opts.cfg->source.slot, floe_lsn_fmt(s->start_lsn, a), s->popts.proto_version,
			       s->stats.binary ? "binary" : "text", si.systemid);
	}
	return 0;
}

/* ---------- public ---------- */

int floe_stream_open(struct floe_stream **out, const struct floe_stream_opts *opts,
		     const struct floe_stream_consumer *consumer, struct floe_err *err)
{
	struct floe_stream *s = calloc(1, sizeof(*s));
	struct floe_pg_resolver resolver;
	bool binary = false;

	*out = NULL;
	if (!s)
		return floe_err_set(err, "out of memory");
	s->opts = *opts;
	s->consumer = *consumer;
	if (!s->opts.reconnect_max_ms)
		s->opts.reconnect_max_ms = 30000;
	if (!s->opts.status_interval_ms)
		s->opts.status_interval_ms = 10000;
	floe_pg_policy_init(&s->policy, opts->cfg, &s->nulled);
	floe_arena_init(&s->arena, 64 * 1024);
	if (floe_txbuf_init(&s->tb, (size_t)(opts->memory_limit > 0 ? opts->memory_limit : opts->cfg->sink.memory_limit),
			    opts->cfg->sink.spill_dir, err) != 0)
		goto fail;
	floe_pg_catalog_resolver(&s->sql, &resolver);
	s->rc = floe_pg_relcache_new(&resolver);
	if (!s->rc) {
		floe_err_set(err, "out of memory");
		goto fail;
	}
	if (connect_sql(s, err) != 0 || check_source(s, err) != 0 || choose_binary(s, &binary, err) != 0 ||
	    build_options(s, binary, err) != 0)
		goto fail;
	if (opts->until_caught_up && compute_target(s, err) != 0)
		goto fail;
	{
		/* the keepalive of long flushes must beat the server's wal_sender_timeout */
		char *v = NULL;
		struct floe_err e2;
		if (floe_conn_query_value(&s->sql, "SELECT setting FROM pg_catalog.pg_settings WHERE name = "
						   "'wal_sender_timeout'", &v, &e2) == 0 && v)
			s->sender_timeout_ms = strtol(v, NULL, 10);
		free(v);
	}
	s->start_lsn = opts->start_lsn;
	/* the replication connection: proves the role may replicate and gives the system id */
	{
		struct floe_repl_sysinfo si;
		if (floe_conn_open(&s->rep, opts->cfg->source.dsn, FLOE_CONN_REPLICATION, err) != 0 ||
		    floe_repl_identify(s->rep.pg, &si, err) != 0)
			goto fail;
		snprintf(s->system_id, sizeof(s->system_id), "%s", si.systemid);
	}
	*out = s;
	return 0;
fail:
	floe_stream_free(s);
	return -1;
}

int floe_stream_open_offline(struct floe_stream **out, const struct floe_stream_opts *opts, uint32_t proto_version,
			     bool parallel, const struct floe_pg_resolver *resolver,
			     const struct floe_stream_consumer *consumer, struct floe_err *err)
{
	struct floe_stream *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return floe_err_set(err, "out of memory");
	s->offline = true;
	s->opts = *opts;
	s->consumer = *consumer;
	floe_pg_policy_init(&s->policy, opts->cfg, &s->nulled);
	s->popts.proto_version = proto_version;
	s->popts.parallel = parallel;
	s->stats.proto_version = proto_version;
	floe_arena_init(&s->arena, 64 * 1024);
	if (floe_txbuf_init(&s->tb, (size_t)(opts->memory_limit > 0 ? opts->memory_limit : opts->cfg->sink.memory_limit),
			    opts->cfg->sink.spill_dir, err) != 0)
		goto fail;
	s->rc = floe_pg_relcache_new(resolver);
	if (!s->rc) {
		floe_err_set(err, "out of memory");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	floe_stream_free(s);
	return -1;
}

int floe_stream_feed(struct floe_stream *s, uint64_t lsn, const uint8_t *p, size_t len, struct floe_err *err)
{
	struct floe_repl_msg rm;

	memset(&rm, 0, sizeof(rm));
	rm.kind = FLOE_REPL_DATA;
	rm.data_start = rm.wal_end = lsn;
	rm.p = p;
	rm.len = len;
	return handle_data(s, &rm, err);
}

static bool stop_wanted(const struct floe_stream *s)
{
	return s->stop || (s->opts.stop && *s->opts.stop);
}

/* One session on an open replication connection. 0 = stopped as asked, -1 = failure. */
static int session(struct floe_stream *s, struct floe_err *err)
{
	int64_t interval = (int64_t)s->opts.status_interval_ms * 1000;

	for (;;) {
		struct floe_repl_msg rm;

		if (stop_wanted(s) || (s->opts.until_caught_up && !s->in_txn && s->received >= s->target)) {
			/* drop a transaction cut by the stop, then let the consumer commit what it holds */
			abandon_txn(s);
			if (s->consumer.on_idle && s->consumer.on_idle(s->consumer.ctx, true, err) != 0)
				return -1;
			return 0;
		}
		if (!s->in_txn && s->consumer.on_idle && s->consumer.on_idle(s->consumer.ctx, false, err) != 0)
			return -1;
		if (floe_repl_next(&s->repl, &rm, 1000, err) != 0) {
			s->retryable = PQstatus(s->rep.pg) != CONNECTION_OK;
			return -1;
		}
		switch (rm.kind) {
		case FLOE_REPL_DATA:
			if (handle_data(s, &rm, err) != 0) {
				/* catalog lookups run on the SQL connection: losing it is retryable too */
				if (PQstatus(s->rep.pg) != CONNECTION_OK || PQstatus(s->sql.pg) != CONNECTION_OK)
					s->retryable = true;
				return -1;
			}
			break;
		case FLOE_REPL_KEEPALIVE: {
			/* answer a keepalive that moved our position too (as the built-in apply
			 * worker does): the walsender sends its next one only after a reply, so a
			 * silent client would learn of later idle positions only every status
			 * interval (slow caught-up detection, slots held back) */
			bool moved = rm.wal_end > s->received && !s->in_stream;
			if (moved)
				s->received = rm.wal_end;
			if ((rm.reply_requested || moved) && send_status(s, err) != 0)
				return -1;
			break;
		}
		case FLOE_REPL_END:
			s->retryable = true;
			return floe_err_set(err, "the server ended the replication stream");
		case FLOE_REPL_TIMEOUT:
			break;
		}
		/* clock checks after a commit, every 64 messages, and on timeouts and keepalives */
		if (rm.kind == FLOE_REPL_DATA && !s->committed && (++s->ticks & 63) != 0)
			continue;
		s->committed = false;
		int64_t now = floe_mono_us();

		/* periodically, and within 200 ms of a newly confirmed position */
		if ((floe_repl_status_due(&s->repl, now, interval) ||
		     (s->opts.ack && s->confirmed > s->sent_flush && floe_repl_status_due(&s->repl, now, 200000))) &&
		    send_status(s, err) != 0)
			return -1;
	}
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int floe_stream_run(struct floe_stream *s, struct floe_err *err)
{
	int backoff = 500;
	bool started_once = false;
	int rc = -1;

	for (;;) {
		struct floe_err e2;

		if (start_streaming(s, err) == 0) {
			started_once = true;
			backoff = 500;
			rc = session(s, err);
			if (rc == 0) {
				floe_err_clear(&e2);
				abandon_txn(s);
				(void)send_status(s, &e2);
				if (floe_repl_stop(&s->repl, 5000, &e2) != 0)
					floe_log_debug("stopping the replication stream: %s", e2.msg);
				break;
			}
		}
		/* failure: give up unless the connection was lost after a good start */
		abandon_txn(s);
		s->in_stream = false;
		floe_txbuf_clear(&s->tb);
		disconnect(s);
		if (s->slot_busy) {
			/* a dead consumer's walsender lets go within wal_sender_timeout; a live one does not */
			if (!s->busy_since)
				s->busy_since = floe_mono_us();
			int64_t bound = s->opts.until_caught_up ? BUSY_SLOT_ONESHOT_WAIT_US : BUSY_SLOT_WAIT_US;
			if (floe_mono_us() - s->busy_since > bound) {
				floe_err_setc(err, FLOE_REPL_ESLOT_BUSY,
					      "replication slot '%s' is in use by another consumer, %s, for over %d s; "
					      "stop that consumer (pg_terminate_backend(pid) ends it) or set "
					      "source.slot to a slot of its own",
					      s->opts.cfg->source.slot,
					      s->busy_holder[0] ? s->busy_holder : "PID unknown",
					      (int)(bound / 1000000));
				break;
			}
		} else {
			s->busy_since = 0;
		}
		if (!s->retryable || (!started_once && !s->slot_busy))
			break;
		if (stop_wanted(s)) {
			rc = 0;
			break;
		}
		if (s->restart_now) {
			s->restart_now = false;
			continue;
		}
		s->stats.reconnects++;
		floe_log_warn("%s; reconnecting in %d ms", err->msg, backoff);
		for (int waited = 0; waited < backoff && !stop_wanted(s); waited += 100)
			sleep_ms(100);
		if (stop_wanted(s)) {
			rc = 0;
			break;
		}
		backoff = backoff * 2 > s->opts.reconnect_max_ms ? s->opts.reconnect_max_ms : backoff * 2;
	}
	disconnect(s);
	return rc;
}

/* ---------- keepalive while the consumer is busy ---------- */

static void *keepalive_main(void *arg)
{
	struct floe_stream *s = arg;
	int64_t interval_us = (int64_t)s->opts.status_interval_ms * 1000;

	if (interval_us > 10000000 || interval_us <= 0)
		interval_us = 10000000; /* well inside wal_sender_timeout's 60 s default */
	if (s->sender_timeout_ms > 0 && interval_us > (int64_t)s->sender_timeout_ms * 1000 / 4)
		interval_us = (int64_t)s->sender_timeout_ms * 1000 / 4;
	if (interval_us < 100000)
		interval_us = 100000;
	pthread_mutex_lock(&s->ka_mu);
	while (!s->ka_quit) {
		struct timespec ts;
		int64_t due;
		clock_gettime(CLOCK_REALTIME, &ts);
		due = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 + interval_us;
		ts.tv_sec = (time_t)(due / 1000000);
		ts.tv_nsec = (long)(due % 1000000) * 1000;
		if (pthread_cond_timedwait(&s->ka_cv, &s->ka_mu, &ts) == 0 || s->ka_quit)
			continue;
		{
			struct floe_err e;
			floe_err_clear(&e);
			/* only this thread touches the connection while the consumer is busy */
			if (floe_repl_send_status(&s->repl, s->ka_write, s->ka_flush, s->ka_flush, false, &e) == 0) {
				s->ka_sent++;
			} else if (!s->ka_failed++) {
				floe_log_warn("keepalive during a long flush: %s", e.msg);
			}
		}
	}
	pthread_mutex_unlock(&s->ka_mu);
	return NULL;
}

void floe_stream_busy_begin(struct floe_stream *s)
{
	if (!s || s->offline || s->ka_running || !s->repl.conn || !s->repl.streaming)
		return;
	s->ka_write = s->received;
	s->ka_flush = s->sent_flush;
	s->ka_quit = false;
	s->ka_sent = s->ka_failed = 0;
	if (pthread_mutex_init(&s->ka_mu, NULL) != 0)
		return;
	if (pthread_cond_init(&s->ka_cv, NULL) != 0) {
		pthread_mutex_destroy(&s->ka_mu);
		return;
	}
	if (pthread_create(&s->ka_thread, NULL, keepalive_main, s) != 0) {
		pthread_cond_destroy(&s->ka_cv);
		pthread_mutex_destroy(&s->ka_mu);
		return;
	}
	s->ka_running = true;
}

int floe_stream_busy_end(struct floe_stream *s)
{
	int sent;

	if (!s || !s->ka_running)
		return 0;
	pthread_mutex_lock(&s->ka_mu);
	s->ka_quit = true;
	pthread_cond_signal(&s->ka_cv);
	pthread_mutex_unlock(&s->ka_mu);
	pthread_join(s->ka_thread, NULL);
	pthread_cond_destroy(&s->ka_cv);
	pthread_mutex_destroy(&s->ka_mu);
	s->ka_running = false;
	sent = s->ka_sent;
	s->stats.busy_keepalives += (uint64_t)sent;
	return sent;
}

void floe_stream_confirm(struct floe_stream *s, uint64_t lsn)
{
	if (lsn > s->confirmed)
		s->confirmed = lsn;
}

void floe_stream_request_stop(struct floe_stream *s)
{
	s->stop = true;
}

const char *floe_stream_system_id(const struct floe_stream *s)
{
	return s->system_id;
}

const struct floe_stream_stats *floe_stream_stats(const struct floe_stream *s)
{
	return &s->stats;
}

uint64_t floe_stream_target_lsn(const struct floe_stream *s)
{
	return s->target;
}

void floe_stream_free(struct floe_stream *s)
{
	if (!s)
		return;
	disconnect(s);
	for (size_t i = 0; i < s->nrels; i++) {
		relinfo_free(s->rels[i]);
		free(s->rels[i]);
	}
	free(s->rels);
	drop_retired(s);
	free(s->retired);
	if (s->rc)
		floe_pg_relcache_free(s->rc);
	floe_txbuf_release(&s->tb);
	floe_arena_release(&s->arena);
	free(s->options);
	free(s);
}
