/*
 * pipeline.c — the `floe run` driver and the stream consumer that stages
 * transactions, applies them to per-table batches and flushes exactly once
 * (see pipeline.h).
 */
#include "sink/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/lsn.h"
#include "core/timeutil.h"
#include "pg/conn.h"
#include "pg/repl.h"
#include "pg/stream.h"
#include "pg/txbuf.h"
#include "sink/batch.h"
#include "sink/lookup.h"
#include "sink/rowcodec.h"
#include "sink/snapshot.h"
#include "pg/source.h"
#include "sink/target.h"

/* Staged record: header then key, old key, image bytes. */
struct rec_hdr {
	uint32_t target;
	uint32_t key_len;
	uint32_t old_len;
	uint32_t img_len;
	uint8_t op;        /* 'I' insert, 'A' append (no key), 'U' update, 'D' delete, 'T' truncate */
	uint8_t partial;   /* the image has UNCHANGED columns */
	uint16_t nulled;   /* values a types.* 'null' policy stored as NULL (saturates) */
};

struct checked_rel {
	uint32_t oid;
	uint32_t version;
};

struct pl {
	const struct floe_config *cfg;
	const struct floe_pipeline_opts *o;
	struct floe_pipeline_stats *stats;
	struct floe_src src;
	struct floe_targets ts;
	struct floe_stream *stream;
	struct floe_txbuf stage;
	struct floe_buf rec, kb, ob, ib, fill;
	struct checked_rel *checked;
	size_t nchecked, capchecked;
	bool dirty;                 /* batches hold applied transactions */
	uint64_t last_commit;       /* commit LSN of the last transaction in the batches */
	uint64_t last_end;          /* its end LSN (the position to confirm) */
	int64_t batch_start_us;
	uint64_t batch_changes;
	bool restart;               /* a new table joined the publication */
};

/* ---------- flushing ---------- */

static size_t batches_memory(const struct pl *p)
{
	size_t m = 0;
	for (size_t i = 0; i < p->ts.n; i++)
		m += floe_batch_memory(&p->ts.t[i].batch);
	return m;
}

static int flush_all(struct pl *p, struct floe_err *err)
{
	char a[FLOE_LSN_STR_MAX];
	size_t tables = 0;
	uint64_t rows0 = 0, dels0 = 0, rows1 = 0, dels1 = 0;
	int64_t t0 = floe_mono_us();

	if (!p->dirty)
		return 0;
	/* writing files and committing can take longer than wal_sender_timeout: keep the
	 * replication session alive meanwhile (positions unchanged until the commits landed) */
	floe_stream_busy_begin(p->stream);
	for (size_t i = 0; i < p->ts.n; i++) {
		struct floe_target *t = &p->ts.t[i];
		if (floe_batch_empty(&t->batch))
			continue;
		rows0 += t->rows_written;
		dels0 += t->deletes_written;
		if (floe_target_flush(&p->ts, t, p->last_commit, err) != 0) {
			floe_stream_busy_end(p->stream);
			return -1;
		}
		rows1 += t->rows_written;
		dels1 += t->deletes_written;
		tables++;
		p->stats->commits++;
	}
	{
		int ka = floe_stream_busy_end(p->stream);
		if (ka)
			floe_log_debug("the flush sent %d keepalive%s to the server", ka, ka == 1 ? "" : "s");
	}
	p->stats->rows_written += rows1 - rows0;
	p->stats->deletes_written += dels1 - dels0;
	for (size_t i = 0; i < p->ts.n; i++) {
		struct floe_target *t = &p->ts.t[i];
		p->stats->toast_lookups += t->toast_lookups;
		t->toast_lookups = 0;
		if (t->nulled)
			floe_log_info("table %s.%s: %llu value%s stored as NULL by the types.* 'null' policy in this "
				      "commit", t->ns, t->name, (unsigned long long)t->nulled, t->nulled == 1 ? "" : "s");
		p->stats->nulled += t->nulled;
		t->nulled = 0;
	}
	if (p->stream)
		floe_stream_confirm(p->stream, p->last_end);
	floe_log_info("committed %llu change%s to %zu table%s up to %s (%llu row%s, %llu delete%s, %.0f ms)",
		      (unsigned long long)p->batch_changes, p->batch_changes == 1 ? "" : "s", tables, tables == 1 ? "" : "s",
		      floe_lsn_fmt(p->last_commit, a), (unsigned long long)(rows1 - rows0), rows1 - rows0 == 1 ? "" : "s",
		      (unsigned long long)(dels1 - dels0), dels1 - dels0 == 1 ? "" : "s",
		      (double)(floe_mono_us() - t0) / 1000.0);
	p->dirty = false;
	p->batch_changes = 0;
	p->batch_start_us = 0;
	return 0;
}

/* Spills the biggest batches until the batches hold less than half of flush_bytes. */
static int spill_some(struct pl *p, struct floe_err *err)
{
	size_t limit = (size_t)p->cfg->sink.flush_bytes;

	while (batches_memory(p) > limit / 2) {
		struct floe_target *big = NULL;
		for (size_t i = 0; i < p->ts.n; i++)
			if (p->ts.t[i].batch.n && (!big || floe_batch_memory(&p->ts.t[i].batch) >
								    floe_batch_memory(&big->batch)))
				big = &p->ts.t[i];
		/* never a run file for a handful of keys: only batches worth a run */
		if (!big || floe_batch_memory(&big->batch) < limit / 8)
			break;
		floe_log_info("spilling the batch of %s.%s (%zu keys) to %s", big->ns, big->name, big->batch.n,
			       p->cfg->sink.spill_dir ? p->cfg->sink.spill_dir : "/tmp");
		if (floe_batch_spill(&big->batch, err) != 0)
			return floe_err_prefix(err, "table '%s.%s': ", big->ns, big->name);
	}
	return 0;
}

/* ---------- applying a committed transaction ---------- */

/* A key change with unchanged TOAST values: they belong to the old key. */
static int fill_from_old_key(struct pl *p, struct floe_target *t, const uint8_t *old, size_t old_len,
			     const uint8_t **img, size_t *img_len, struct floe_err *err)
{
	struct floe_lookup_rows rows;
	bool partial;

	if (floe_batch_fill(&t->batch, old, old_len, *img, *img_len, &p->fill, &partial, err) != 0)
		return -1;
	if (partial) {
		/* not in the batch: read the old key's row from the table */
		struct floe_buf pend = FLOE_BUF_INIT;
		uint32_t kl = (uint32_t)old_len, il = (uint32_t)p->fill.len;
		uint64_t z = 0;
		floe_buf_append(&pend, &kl, 4);
		floe_buf_append(&pend, &il, 4);
		floe_buf_append(&pend, &z, 8);
		floe_buf_append(&pend, &z, 8);
		floe_buf_append(&pend, old, old_len);
		floe_buf_append(&pend, p->fill.data, p->fill.len);
		int rc = floe_buf_check(&pend, err);
		if (rc == 0)
			rc = floe_lookup_table_rows(p->ts.st, t->table, t->src, pend.data, pend.len, 1, &rows, err);
		floe_buf_release(&pend);
		if (rc != 0)
			return -1;
		t->toast_lookups++;
		floe_buf_reset(&p->fill);
		floe_buf_append(&p->fill, rows.store.data + rows.off[0], rows.img_len[0]);
		floe_lookup_rows_release(&rows);
		if (floe_buf_check(&p->fill, err) != 0)
			return -1;
	}
	*img = p->fill.data;
	*img_len = p->fill.len;
	return 0;
}

static int apply(struct pl *p, const struct floe_txn *tx, const uint8_t *r, size_t len, struct floe_err *err)
{
	struct rec_hdr h;
	struct floe_target *t;
	const uint8_t *key, *old, *img;
	size_t img_len;

	if (len < sizeof(h))
		return floe_err_set(err, "staged change is truncated");
	memcpy(&h, r, sizeof(h));
	if (h.target >= p->ts.n || sizeof(h) + (size_t)h.key_len + h.old_len + h.img_len != len)
		return floe_err_set(err, "staged change is corrupt");
	t = &p->ts.t[h.target];
	key = r + sizeof(h);
	old = key + h.key_len;
	img = old + h.old_len;
	img_len = h.img_len;
	p->stats->changes++;
	p->batch_changes++;
	t->nulled += h.nulled;
	switch (h.op) {
	case 'I':
		return floe_batch_upsert(&t->batch, key, h.key_len, img, img_len, false, true, tx->commit_lsn,
					 tx->commit_ts, err);
	case 'A':
		return floe_batch_append(&t->batch, img, img_len, tx->commit_lsn, tx->commit_ts, err);
	case 'U':
		if (h.old_len) {
			if (h.partial && fill_from_old_key(p, t, old, h.old_len, &img, &img_len, err) != 0)
				return -1;
			if (floe_batch_delete(&t->batch, old, h.old_len, tx->commit_lsn, tx->commit_ts, err) != 0)
				return -1;
			return floe_batch_upsert(&t->batch, key, h.key_len, img, img_len, false, true, tx->commit_lsn,
						 tx->commit_ts, err);
		}
		return floe_batch_upsert(&t->batch, key, h.key_len, img, img_len, h.partial != 0, false, tx->commit_lsn,
					 tx->commit_ts, err);
	case 'D':
		return floe_batch_delete(&t->batch, key, h.key_len, tx->commit_lsn, tx->commit_ts, err);
	case 'T':
		floe_batch_truncate(&t->batch);
		return 0;
	default:
		return floe_err_set(err, "staged change has op %u", h.op);
	}
}

/* ---------- consumer callbacks ---------- */

static int on_begin(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct pl *p = ctx;
	(void)err;
	floe_txbuf_discard(&p->stage, tx->xid);
	return 0;
}

static bool wanted_new_table(const struct pl *p, const char *schema, const char *table)
{
	const struct floe_config *cfg = p->cfg;

	if (cfg->source.n_tables == 0)
		return true;
	for (size_t i = 0; i < cfg->source.n_tables; i++) {
		const char *t = cfg->source.tables[i], *dot = strchr(t, '.');
		if (!dot ? !strcmp(schema, "public") && !strcmp(t, table)
			 : (size_t)(dot - t) == strlen(schema) && !strncmp(t, schema, (size_t)(dot - t)) &&
				   !strcmp(dot + 1, table))
			return true;
	}
	return false;
}

static int check_rel(struct pl *p, struct floe_target *t, const struct floe_change_rel *rel, struct floe_err *err)
{
	for (size_t i = 0; i < p->nchecked; i++)
		if (p->checked[i].oid == rel->oid && p->checked[i].version == rel->pg->version)
			return 0;
	if (floe_src_check_relation(t->src, rel->fields, rel->ncols, rel->key_cols, rel->nkeys, err) != 0)
		return -1;
	if (p->nchecked == p->capchecked) {
		size_t nc = p->capchecked ? p->capchecked * 2 : 16;
		struct checked_rel *n = realloc(p->checked, nc * sizeof(*n));
		if (!n)
			return floe_err_set(err, "out of memory");
		p->checked = n;
		p->capchecked = nc;
	}
	p->checked[p->nchecked].oid = rel->oid;
	p->checked[p->nchecked].version = rel->pg->version;
	p->nchecked++;
	return 0;
}

static int on_change(void *ctx, const struct floe_txn *tx, const struct floe_change *ch, struct floe_err *err)
{
	struct pl *p = ctx;
	struct floe_target *t = floe_targets_find(&p->ts, ch->rel->oid);
	struct rec_hdr h;
	int nk;

	if (!t) {
		if (wanted_new_table(p, ch->rel->schema, ch->rel->table)) {
			floe_log_info("table %s.%s joined publication '%s': committing, copying it, then resuming",
				      ch->rel->schema, ch->rel->table, p->cfg->source.publication);
			p->restart = true;
			floe_stream_request_stop(p->stream);
		}
		return 0;
	}
	if (check_rel(p, t, ch->rel, err) != 0)
		return -1;
	if (t->has_watermark && ch->commit_lsn <= t->watermark) {
		p->stats->skipped++;
		return 0;
	}
	nk = t->src->nkeys;
	memset(&h, 0, sizeof(h));
	h.target = (uint32_t)(t - p->ts.t);
	h.nulled = ch->nulled > UINT16_MAX ? UINT16_MAX : (uint16_t)ch->nulled;
	floe_buf_reset(&p->kb);
	floe_buf_reset(&p->ob);
	floe_buf_reset(&p->ib);
	switch (ch->op) {
	case FLOE_OP_INSERT:
		h.op = nk ? 'I' : 'A';
		break;
	case FLOE_OP_UPDATE:
		h.op = 'U';
		break;
	case FLOE_OP_DELETE:
		h.op = 'D';
		break;
	case FLOE_OP_TRUNCATE:
		h.op = 'T';
		break;
	default:
		return floe_err_set(err, "unknown change op %d", (int)ch->op);
	}
	if ((h.op == 'U' || h.op == 'D') && nk == 0)
		return floe_err_set(err, "table '%s.%s' has no key, but an %s arrived (add a primary key)", t->src->schema,
				    t->src->name, floe_change_op_name(ch->op));
	if (h.op != 'T' && h.op != 'A')
		floe_rowcodec_encode(&p->kb, t->key_fields, NULL, (size_t)nk, ch->key, NULL);
	if (h.op == 'U' && ch->old_key)
		floe_rowcodec_encode(&p->ob, t->key_fields, NULL, (size_t)nk, ch->old_key, NULL);
	if (h.op == 'I' || h.op == 'A' || h.op == 'U') {
		floe_rowcodec_encode(&p->ib, t->src->fields, NULL, t->src->ncols, ch->row, ch->unchanged);
		if (ch->unchanged)
			for (uint16_t i = 0; i < t->src->ncols; i++)
				if (ch->unchanged[i])
					h.partial = 1;
	}
	if (floe_buf_check(&p->kb, err) != 0 || floe_buf_check(&p->ob, err) != 0 || floe_buf_check(&p->ib, err) != 0)
		return -1;
	h.key_len = (uint32_t)p->kb.len;
	h.old_len = (uint32_t)p->ob.len;
	h.img_len = (uint32_t)p->ib.len;
	floe_buf_reset(&p->rec);
	floe_buf_append(&p->rec, &h, sizeof(h));
	floe_buf_append(&p->rec, p->kb.data, p->kb.len);
	floe_buf_append(&p->rec, p->ob.data, p->ob.len);
	floe_buf_append(&p->rec, p->ib.data, p->ib.len);
	if (floe_buf_check(&p->rec, err) != 0)
		return -1;
	return floe_txbuf_append(&p->stage, tx->xid, tx->xid, ch->lsn, p->rec.data, p->rec.len, err);
}

static int on_commit(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct pl *p = ctx;
	struct floe_txbuf_iter it;
	struct floe_txbuf_rec r;
	bool any = false;
	int n, rc = -1;

	memset(&it, 0, sizeof(it));
	p->stats->txns++;
	if (floe_txbuf_has(&p->stage, tx->xid)) {
		if (floe_txbuf_iter_open(&p->stage, tx->xid, &it, err) != 0)
			goto out;
		while ((n = floe_txbuf_iter_next(&it, &r, err)) == 1) {
			if (apply(p, tx, r.p, r.len, err) != 0)
				goto out;
			any = true;
			if (batches_memory(p) > (size_t)p->cfg->sink.flush_bytes && spill_some(p, err) != 0)
				goto out;
		}
		if (n < 0)
			goto out;
	}
	if (any && !p->dirty) {
		p->dirty = true;
		p->batch_start_us = floe_mono_us();
	}
	if (!p->dirty) {
		/* nothing pending anywhere: this transaction is durable as it is */
		floe_stream_confirm(p->stream, tx->end_lsn);
	} else {
		p->last_commit = tx->commit_lsn;
		p->last_end = tx->end_lsn;
		if (p->batch_changes >= (uint64_t)p->cfg->sink.flush_rows ||
		    batches_memory(p) >= (size_t)p->cfg->sink.flush_bytes) {
			if (flush_all(p, err) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	floe_txbuf_iter_release(&it);
	floe_txbuf_discard(&p->stage, tx->xid);
	return rc;
}

static void on_abort(void *ctx, const struct floe_txn *tx)
{
	struct pl *p = ctx;
	floe_txbuf_discard(&p->stage, tx->xid);
}

static int on_idle(void *ctx, bool stopping, struct floe_err *err)
{
	struct pl *p = ctx;

	if (!p->dirty)
		return 0;
	if (stopping || floe_mono_us() - p->batch_start_us >= p->cfg->sink.flush_interval_ms * 1000)
		return flush_all(p, err);
	return 0;
}

/* ---------- the driver ---------- */

static int slot_exists(struct floe_conn *c, const struct floe_config *cfg, bool *exists, struct floe_err *err)
{
	const char *params[1] = { cfg->source.slot };
	PGresult *r = NULL;

	if (floe_conn_execp(c, "SELECT 1 FROM pg_catalog.pg_replication_slots WHERE slot_name = $1", 1, params, &r,
			    err) != 0)
		return -1;
	*exists = PQntuples(r) > 0;
	PQclear(r);
	params[0] = cfg->source.publication;
	if (floe_conn_execp(c, "SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1", 1, params, &r, err) != 0)
		return -1;
	int np = PQntuples(r);
	PQclear(r);
	if (np == 0)
		return floe_err_set(err, "publication '%s' does not exist (run floe setup -c %s)", cfg->source.publication,
				    cfg->path);
	/* checked before any Iceberg table is created, so a refusal leaves nothing half-done */
	if (floe_conn_execp(c, "SELECT current_setting('wal_level')", 0, NULL, &r, err) != 0)
		return -1;
	if (PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "logical") != 0) {
		floe_err_set(err, "wal_level is '%s', logical decoding needs 'logical' (ALTER SYSTEM SET wal_level = "
				  "logical; then restart PostgreSQL; 'floe check -c %s' lists everything else)",
			     PQgetvalue(r, 0, 0), cfg->path);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static int system_id(const struct floe_config *cfg, char *out, size_t outsz, struct floe_err *err)
{
	struct floe_conn rc = { 0 };
	struct floe_repl_sysinfo si;
	int ret = -1;

	if (floe_conn_open(&rc, cfg->source.dsn, FLOE_CONN_REPLICATION, err) != 0)
		return -1;
	if (floe_repl_identify(rc.pg, &si, err) == 0) {
		snprintf(out, outsz, "%s", si.systemid);
		ret = 0;
	}
	floe_conn_close(&rc);
	return ret;
}

static int default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 2 ? 2 : n > 4 ? 4 : (int)n;
}

/* Copies the tables without a watermark. *stopped when interrupted. */
static int take_snapshots(struct pl *p, bool slot_there, bool *stopped, struct floe_err *err)
{
	struct floe_target **need = calloc(p->ts.n + 1, sizeof(*need));
	struct floe_snapshot_opts so;
	struct floe_snapshot_result res;
	size_t n = 0;
	int rc = -1;

	*stopped = false;
	if (!need)
		return floe_err_set(err, "out of memory");
	for (size_t i = 0; i < p->ts.n; i++)
		if (!p->ts.t[i].has_watermark)
			need[n++] = &p->ts.t[i];
	if (!slot_there && n < p->ts.n) {
		/* n < ts.n: some table has a watermark; name the first */
		const struct floe_target *t = p->ts.t;
		while (!t->has_watermark)
			t++;
		floe_err_set(err, "replication slot '%s' does not exist, but Iceberg table '%s.%s' was already "
				  "replicated; a new slot would miss the changes made since (to recover exactly, run floe "
				  "setup --resnapshot: the next floe run copies the tables again and replaces their contents)",
			     p->cfg->source.slot, t->ns, t->name);
		goto out;
	}
	if (n == 0 && slot_there) {
		rc = 0;
		goto out;
	}
	memset(&so, 0, sizeof(so));
	so.workers = p->o->snapshot_workers > 0 ? p->o->snapshot_workers : default_workers();
	so.create_main_slot = !slot_there;
	so.stop = p->o->stop;
	so.progress_tty = p->o->progress_tty;
	floe_log_info("initial snapshot of %zu table%s with %d worker%s", n, n == 1 ? "" : "s", so.workers,
		      so.workers == 1 ? "" : "s");
	if (floe_snapshot_run(p->cfg, &p->ts, need, n, &so, &res, err) != 0)
		goto out;
	p->stats->snapshot_rows += res.rows;
	p->stats->nulled += res.nulled;
	*stopped = res.stopped;
	rc = 0;
out:
	free(need);
	return rc;
}

static void pl_release(struct pl *p)
{
	floe_stream_free(p->stream);
	p->stream = NULL;
	floe_targets_close(&p->ts);
	floe_src_release(&p->src);
	floe_txbuf_release(&p->stage);
	floe_buf_release(&p->rec);
	floe_buf_release(&p->kb);
	floe_buf_release(&p->ob);
	floe_buf_release(&p->ib);
	floe_buf_release(&p->fill);
	free(p->checked);
	p->checked = NULL;
	p->nchecked = p->capchecked = 0;
}

/* One round: discover, snapshot, stream. *again when a new table asks for another round. */
static int round_(const struct floe_config *cfg, const struct floe_pipeline_opts *o, struct floe_pipeline_stats *stats,
		  bool *again, struct floe_err *err)
{
	struct pl p;
	struct floe_conn sql = { 0 };
	struct floe_stream_opts so;
	struct floe_stream_consumer cons;
	char sysid[32];
	bool slot_there = false, stopped = false;
	size_t stage_mem;
	int rc = -1;

	*again = false;
	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.o = o;
	p.stats = stats;
	stage_mem = (size_t)cfg->sink.memory_limit / 4;
	if (stage_mem < 1024 * 1024)
		stage_mem = 1024 * 1024;
	if (floe_txbuf_init(&p.stage, stage_mem, cfg->sink.spill_dir, err) != 0)
		return -1;
	if (system_id(cfg, sysid, sizeof(sysid), err) != 0 ||
	    floe_conn_open(&sql, cfg->source.dsn, FLOE_CONN_NORMAL, err) != 0 ||
	    slot_exists(&sql, cfg, &slot_there, err) != 0 || floe_src_discover(&p.src, &sql, cfg, err) != 0)
		goto out;
	if (p.src.n == 0) {
		floe_err_set(err, "publication '%s' has no tables to replicate (add tables with floe setup, or check "
				  "source.tables)",
			     cfg->source.publication);
		goto out;
	}
	if (floe_targets_open(&p.ts, cfg, &p.src, sysid, err) != 0)
		goto out;
	if (take_snapshots(&p, slot_there, &stopped, err) != 0)
		goto out;
	if (stopped || (o->stop && *o->stop)) {
		rc = 0;
		goto out;
	}
	memset(&so, 0, sizeof(so));
	so.cfg = cfg;
	so.ack = true;
	so.until_caught_up = o->once;
	so.stop = o->stop;
	memset(&cons, 0, sizeof(cons));
	cons.ctx = &p;
	cons.on_begin = on_begin;
	cons.on_change = on_change;
	cons.on_commit = on_commit;
	cons.on_abort = on_abort;
	cons.on_idle = on_idle;
	if (floe_stream_open(&p.stream, &so, &cons, err) != 0)
		goto out;
	{
		char a[FLOE_LSN_STR_MAX];
		floe_log_info("streaming from slot '%s'%s%s", cfg->source.slot, o->once ? " until " : "",
			      o->once ? floe_lsn_fmt(floe_stream_target_lsn(p.stream), a) : "");
	}
	rc = floe_stream_run(p.stream, err);
	/* the batches hold only whole transactions: commit them even after a stream error */
	if (rc != 0) {
		struct floe_err e2;
		floe_err_clear(&e2);
		if (flush_all(&p, &e2) != 0)
			floe_log_error("could not commit the transactions received before the error: %s", e2.msg);
		goto out;
	}
	if (flush_all(&p, err) != 0) {
		rc = -1;
		goto out;
	}
	*again = p.restart && !(o->stop && *o->stop);
out:
	pl_release(&p);
	floe_conn_close(&sql);
	return rc;
}

int floe_pipeline_run(const struct floe_config *cfg, const struct floe_pipeline_opts *opts,
		      struct floe_pipeline_stats *stats, struct floe_err *err)
{
	bool again;

	memset(stats, 0, sizeof(*stats));
	do {
		if (round_(cfg, opts, stats, &again, err) != 0)
			return -1;
	} while (again);
	return 0;
}
