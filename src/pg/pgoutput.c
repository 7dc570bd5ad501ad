/*
 * pgoutput.c — parser of pgoutput messages, protocol versions 1–4 (see
 * pgoutput.h). Reads with struct floe_rd, allocates only the arrays a message
 * needs from the caller's arena, borrows strings and column bytes from the
 * input. Knows nothing about value types or the relation cache.
 */
#include "pg/pgoutput.h"

#include <stdio.h>
#include <string.h>

#include "core/rd.h"
#include "core/timeutil.h"

struct parser {
	struct floe_rd r;
	const struct floe_pgoutput_opts *opts;
	struct floe_arena *arena;
	struct floe_err *err;
	int type;
};

const char *floe_pgoutput_type_name(int type)
{
	switch (type) {
	case FLOE_PGM_BEGIN: return "begin";
	case FLOE_PGM_COMMIT: return "commit";
	case FLOE_PGM_ORIGIN: return "origin";
	case FLOE_PGM_RELATION: return "relation";
	case FLOE_PGM_TYPE: return "type";
	case FLOE_PGM_INSERT: return "insert";
	case FLOE_PGM_UPDATE: return "update";
	case FLOE_PGM_DELETE: return "delete";
	case FLOE_PGM_TRUNCATE: return "truncate";
	case FLOE_PGM_MESSAGE: return "logical decoding message";
	case FLOE_PGM_STREAM_START: return "stream start";
	case FLOE_PGM_STREAM_STOP: return "stream stop";
	case FLOE_PGM_STREAM_COMMIT: return "stream commit";
	case FLOE_PGM_STREAM_ABORT: return "stream abort";
	case FLOE_PGM_BEGIN_PREPARE: return "begin prepare";
	case FLOE_PGM_PREPARE: return "prepare";
	case FLOE_PGM_COMMIT_PREPARED: return "commit prepared";
	case FLOE_PGM_ROLLBACK_PREPARED: return "rollback prepared";
	case FLOE_PGM_STREAM_PREPARE: return "stream prepare";
	}
	return "unknown";
}

/* Error at the cursor: "pgoutput <name> message at offset N of LEN: <what>". */
static int perr(struct parser *ps, const char *what)
{
	return floe_err_set(ps->err, "pgoutput %s message at offset %zu of %zu: %s", floe_pgoutput_type_name(ps->type),
			    ps->r.pos, ps->r.len, what);
}

static int ptrunc(struct parser *ps)
{
	return perr(ps, "truncated (the message ends inside a field)");
}

static int rd_u8(struct parser *ps, uint8_t *v)
{
	return floe_rd_u8(&ps->r, v) ? ptrunc(ps) : 0;
}

static int rd_u32(struct parser *ps, uint32_t *v)
{
	return floe_rd_u32be(&ps->r, v) ? ptrunc(ps) : 0;
}

static int rd_i32(struct parser *ps, int32_t *v)
{
	return floe_rd_i32be(&ps->r, v) ? ptrunc(ps) : 0;
}

static int rd_u64(struct parser *ps, uint64_t *v)
{
	return floe_rd_u64be(&ps->r, v) ? ptrunc(ps) : 0;
}

/* PostgreSQL timestamp (µs since 2000) → Unix µs; saturates instead of overflowing. */
static int rd_ts(struct parser *ps, int64_t *v)
{
	int64_t t;

	if (floe_rd_i64be(&ps->r, &t))
		return ptrunc(ps);
	if (t > INT64_MAX - FLOE_PG_EPOCH_UNIX_US)
		*v = INT64_MAX;
	else
		*v = t + FLOE_PG_EPOCH_UNIX_US;
	return 0;
}

static int rd_str(struct parser *ps, const char **s)
{
	size_t n;

	if (floe_rd_cstr(&ps->r, s, &n))
		return perr(ps, "truncated (string without its terminating NUL)");
	return 0;
}

static int rd_xid_if_streamed(struct parser *ps, struct floe_pg_msg *m)
{
	if (!ps->opts->in_stream)
		return 0;
	m->has_xid = true;
	return rd_u32(ps, &m->xid);
}

static int rd_xid(struct parser *ps, struct floe_pg_msg *m)
{
	m->has_xid = true;
	return rd_u32(ps, &m->xid);
}

static int rd_tuple(struct parser *ps, struct floe_pg_tuple *t)
{
	uint16_t n, i;

	if (floe_rd_u16be(&ps->r, &n))
		return ptrunc(ps);
	t->ncols = n;
	t->cols = NULL;
	if (n == 0)
		return 0;
	/* every column needs at least its kind byte */
	if (floe_rd_left(&ps->r) < n)
		return perr(ps, "truncated (tuple column count exceeds the bytes left)");
	t->cols = floe_arena_alloc(ps->arena, sizeof(*t->cols) * n);
	if (!t->cols)
		return perr(ps, "out of memory for the tuple columns");
	for (i = 0; i < n; i++) {
		struct floe_pg_col *c = &t->cols[i];
		uint8_t k;

		if (rd_u8(ps, &k))
			return -1;
		c->len = 0;
		c->p = NULL;
		switch (k) {
		case 'n':
		case 'u':
			c->kind = (enum floe_pg_col_kind)k;
			break;
		case 't':
		case 'b':
			c->kind = (enum floe_pg_col_kind)k;
			if (rd_u32(ps, &c->len))
				return -1;
			if (floe_rd_bytes(&ps->r, c->len, &c->p))
				return perr(ps, "truncated (a tuple column value is longer than the bytes left)");
			break;
		default: {
			char what[96];
			ps->r.pos--;
			snprintf(what, sizeof(what), "tuple column %u has unknown kind 0x%02x (expected n, u, t or b)",
				 (unsigned)i + 1, k);
			return perr(ps, what);
		}
		}
	}
	return 0;
}

static int parse_relation(struct parser *ps, struct floe_pg_msg *m)
{
	uint16_t n, i;
	uint8_t ri;

	if (rd_xid_if_streamed(ps, m) || rd_u32(ps, &m->u.relation.oid) || rd_str(ps, &m->u.relation.nspname) ||
	    rd_str(ps, &m->u.relation.relname) || rd_u8(ps, &ri))
		return -1;
	if (ri != 'd' && ri != 'n' && ri != 'f' && ri != 'i') {
		ps->r.pos--;
		return perr(ps, "unknown replica identity (expected d, n, f or i)");
	}
	m->u.relation.replident = (char)ri;
	if (floe_rd_u16be(&ps->r, &n))
		return ptrunc(ps);
	m->u.relation.ncols = n;
	m->u.relation.cols = NULL;
	if (n == 0)
		return 0;
	/* each column takes at least 10 bytes (flags, NUL, oid, typmod) */
	if (floe_rd_left(&ps->r) / 10 < n)
		return perr(ps, "truncated (column count exceeds the bytes left)");
	m->u.relation.cols = floe_arena_alloc(ps->arena, sizeof(*m->u.relation.cols) * n);
	if (!m->u.relation.cols)
		return perr(ps, "out of memory for the relation columns");
	for (i = 0; i < n; i++) {
		struct floe_pg_relcol *c = &m->u.relation.cols[i];
		if (rd_u8(ps, &c->flags) || rd_str(ps, &c->name) || rd_u32(ps, &c->type_oid) || rd_i32(ps, &c->typmod))
			return -1;
	}
	return 0;
}

static int parse_truncate(struct parser *ps, struct floe_pg_msg *m)
{
	uint32_t n, i;

	if (rd_xid_if_streamed(ps, m) || rd_u32(ps, &n) || rd_u8(ps, &m->u.truncate.flags))
		return -1;
	if (floe_rd_left(&ps->r) / 4 < n)
		return perr(ps, "truncated (relation count exceeds the bytes left)");
	m->u.truncate.nrels = n;
	m->u.truncate.relids = NULL;
	if (n == 0)
		return 0;
	m->u.truncate.relids = floe_arena_alloc(ps->arena, sizeof(uint32_t) * n);
	if (!m->u.truncate.relids)
		return perr(ps, "out of memory for the truncated relations");
	for (i = 0; i < n; i++)
		if (rd_u32(ps, &m->u.truncate.relids[i]))
			return -1;
	return 0;
}

static int parse_update(struct parser *ps, struct floe_pg_msg *m)
{
	uint8_t k;

	if (rd_xid_if_streamed(ps, m) || rd_u32(ps, &m->u.update.relid) || rd_u8(ps, &k))
		return -1;
	m->u.update.old_kind = 0;
	memset(&m->u.update.oldtup, 0, sizeof(m->u.update.oldtup));
	if (k == 'K' || k == 'O') {
		m->u.update.old_kind = (char)k;
		if (rd_tuple(ps, &m->u.update.oldtup) || rd_u8(ps, &k))
			return -1;
	}
	if (k != 'N') {
		ps->r.pos--;
		return perr(ps, "expected 'N' before the new tuple");
	}
	return rd_tuple(ps, &m->u.update.newtup);
}

static int parse_body(struct parser *ps, struct floe_pg_msg *m)
{
	uint8_t k;

	switch (ps->type) {
	case FLOE_PGM_BEGIN:
		return rd_u64(ps, &m->u.begin.final_lsn) || rd_ts(ps, &m->u.begin.commit_ts) || rd_xid(ps, m) ? -1 : 0;
	case FLOE_PGM_COMMIT:
		return rd_u8(ps, &m->u.commit.flags) || rd_u64(ps, &m->u.commit.commit_lsn) ||
		       rd_u64(ps, &m->u.commit.end_lsn) || rd_ts(ps, &m->u.commit.commit_ts) ? -1 : 0;
	case FLOE_PGM_ORIGIN:
		return rd_u64(ps, &m->u.origin.commit_lsn) || rd_str(ps, &m->u.origin.name) ? -1 : 0;
	case FLOE_PGM_RELATION:
		return parse_relation(ps, m);
	case FLOE_PGM_TYPE:
		return rd_xid_if_streamed(ps, m) || rd_u32(ps, &m->u.type.oid) || rd_str(ps, &m->u.type.nspname) ||
		       rd_str(ps, &m->u.type.typname) ? -1 : 0;
	case FLOE_PGM_INSERT:
		if (rd_xid_if_streamed(ps, m) || rd_u32(ps, &m->u.insert.relid) || rd_u8(ps, &k))
			return -1;
		if (k != 'N') {
			ps->r.pos--;
			return perr(ps, "expected 'N' before the new tuple");
		}
		return rd_tuple(ps, &m->u.insert.newtup);
	case FLOE_PGM_UPDATE:
		return parse_update(ps, m);
	case FLOE_PGM_DELETE:
		if (rd_xid_if_streamed(ps, m) || rd_u32(ps, &m->u.del.relid) || rd_u8(ps, &k))
			return -1;
		if (k != 'K' && k != 'O') {
			ps->r.pos--;
			return perr(ps, "expected 'K' or 'O' before the old tuple");
		}
		m->u.del.old_kind = (char)k;
		return rd_tuple(ps, &m->u.del.oldtup);
	case FLOE_PGM_TRUNCATE:
		return parse_truncate(ps, m);
	case FLOE_PGM_MESSAGE:
		if (rd_xid_if_streamed(ps, m) || rd_u8(ps, &m->u.message.flags) || rd_u64(ps, &m->u.message.lsn) ||
		    rd_str(ps, &m->u.message.prefix) || rd_u32(ps, &m->u.message.len))
			return -1;
		if (floe_rd_bytes(&ps->r, m->u.message.len, &m->u.message.content))
			return perr(ps, "truncated (content is longer than the bytes left)");
		return 0;
	case FLOE_PGM_STREAM_START:
		return rd_xid(ps, m) || rd_u8(ps, &m->u.stream_start.first_segment) ? -1 : 0;
	case FLOE_PGM_STREAM_STOP:
		return 0;
	case FLOE_PGM_STREAM_COMMIT:
		return rd_xid(ps, m) || rd_u8(ps, &m->u.stream_commit.flags) ||
		       rd_u64(ps, &m->u.stream_commit.commit_lsn) || rd_u64(ps, &m->u.stream_commit.end_lsn) ||
		       rd_ts(ps, &m->u.stream_commit.commit_ts) ? -1 : 0;
	case FLOE_PGM_STREAM_ABORT:
		if (rd_xid(ps, m) || rd_u32(ps, &m->u.stream_abort.subxid))
			return -1;
		m->u.stream_abort.has_abort_info = ps->opts->parallel;
		if (ps->opts->parallel)
			return rd_u64(ps, &m->u.stream_abort.abort_lsn) || rd_ts(ps, &m->u.stream_abort.abort_ts) ? -1 : 0;
		return 0;
	case FLOE_PGM_BEGIN_PREPARE:
		return rd_u64(ps, &m->u.begin_prepare.prepare_lsn) || rd_u64(ps, &m->u.begin_prepare.end_lsn) ||
		       rd_ts(ps, &m->u.begin_prepare.prepare_ts) || rd_xid(ps, m) ||
		       rd_str(ps, &m->u.begin_prepare.gid) ? -1 : 0;
	case FLOE_PGM_PREPARE:
	case FLOE_PGM_STREAM_PREPARE:
		return rd_u8(ps, &m->u.prepare.flags) || rd_u64(ps, &m->u.prepare.prepare_lsn) ||
		       rd_u64(ps, &m->u.prepare.end_lsn) || rd_ts(ps, &m->u.prepare.prepare_ts) || rd_xid(ps, m) ||
		       rd_str(ps, &m->u.prepare.gid) ? -1 : 0;
	case FLOE_PGM_COMMIT_PREPARED:
		return rd_u8(ps, &m->u.commit_prepared.flags) || rd_u64(ps, &m->u.commit_prepared.commit_lsn) ||
		       rd_u64(ps, &m->u.commit_prepared.end_lsn) || rd_ts(ps, &m->u.commit_prepared.commit_ts) ||
		       rd_xid(ps, m) || rd_str(ps, &m->u.commit_prepared.gid) ? -1 : 0;
	case FLOE_PGM_ROLLBACK_PREPARED:
		return rd_u8(ps, &m->u.rollback_prepared.flags) ||
		       rd_u64(ps, &m->u.rollback_prepared.prepare_end_lsn) ||
		       rd_u64(ps, &m->u.rollback_prepared.rollback_end_lsn) ||
		       rd_ts(ps, &m->u.rollback_prepared.prepare_ts) || rd_ts(ps, &m->u.rollback_prepared.rollback_ts) ||
		       rd_xid(ps, m) || rd_str(ps, &m->u.rollback_prepared.gid) ? -1 : 0;
	}
	return -1; /* not reached: the type was checked by the caller */
}

/* The protocol version a message type first appeared in; 0 = unknown type. Not enforced:
 * PostgreSQL 15 sends two-phase messages to a two-phase slot even under proto_version 1. */
static uint32_t min_version(int type)
{
	switch (type) {
	case FLOE_PGM_BEGIN:
	case FLOE_PGM_COMMIT:
	case FLOE_PGM_ORIGIN:
	case FLOE_PGM_RELATION:
	case FLOE_PGM_TYPE:
	case FLOE_PGM_INSERT:
	case FLOE_PGM_UPDATE:
	case FLOE_PGM_DELETE:
	case FLOE_PGM_TRUNCATE:
	case FLOE_PGM_MESSAGE:
		return 1;
	case FLOE_PGM_STREAM_START:
	case FLOE_PGM_STREAM_STOP:
	case FLOE_PGM_STREAM_COMMIT:
	case FLOE_PGM_STREAM_ABORT:
		return 2;
	case FLOE_PGM_BEGIN_PREPARE:
	case FLOE_PGM_PREPARE:
	case FLOE_PGM_COMMIT_PREPARED:
	case FLOE_PGM_ROLLBACK_PREPARED:
	case FLOE_PGM_STREAM_PREPARE:
		return 3;
	}
	return 0;
}

int floe_pgoutput_parse(const uint8_t *p, size_t len, const struct floe_pgoutput_opts *opts,
			struct floe_arena *arena, struct floe_pg_msg *msg, struct floe_err *err)
{
	struct parser ps;
	uint8_t t;
	uint32_t minv;

	memset(msg, 0, sizeof(*msg));
	floe_rd_init(&ps.r, p, len);
	ps.opts = opts;
	ps.arena = arena;
	ps.err = err;
	ps.type = 0;
	if (floe_rd_u8(&ps.r, &t))
		return floe_err_set(err, "pgoutput message at offset 0 of 0: empty message");
	ps.type = t;
	minv = min_version(t);
	if (minv == 0) {
		if (t >= 0x21 && t < 0x7f)
			return floe_err_set(err, "pgoutput message at offset 0 of %zu: unknown message type '%c'; "
					    "the server speaks a newer protocol than floe understands", len, (char)t);
		return floe_err_set(err, "pgoutput message at offset 0 of %zu: unknown message type 0x%02x; "
				    "the server speaks a newer protocol than floe understands", len, t);
	}
	msg->type = (enum floe_pg_msg_type)t;
	if (parse_body(&ps, msg))
		return -1;
	if (floe_rd_left(&ps.r) != 0) {
		char what[80];
		snprintf(what, sizeof(what), "%zu trailing bytes after the message", floe_rd_left(&ps.r));
		return perr(&ps, what);
	}
	return 0;
}
