/*
 * pgoutput.h — decodes one pgoutput logical replication message (protocol
 * versions 1–4) into a struct floe_pg_msg.
 *
 * Input is the payload after the XLogData 'w' header (dataStart, walEnd,
 * sendTime are the caller's business). Strings and tuple column bytes are
 * borrowed from the input; arrays (tuple columns, relation columns, truncate
 * relids) come from the caller's message arena. Truncated or corrupt input,
 * trailing bytes and unknown message types give -1 with an error naming the
 * message and the byte offset. Does not interpret values (see pgvalue.h) and
 * keeps no state (the relation cache is relcache.h).
 */
#ifndef FLOE_PG_PGOUTPUT_H
#define FLOE_PG_PGOUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

/* Message type = the first byte on the wire. */
enum floe_pg_msg_type {
	FLOE_PGM_BEGIN = 'B',
	FLOE_PGM_COMMIT = 'C',
	FLOE_PGM_ORIGIN = 'O',
	FLOE_PGM_RELATION = 'R',
	FLOE_PGM_TYPE = 'Y',
	FLOE_PGM_INSERT = 'I',
	FLOE_PGM_UPDATE = 'U',
	FLOE_PGM_DELETE = 'D',
	FLOE_PGM_TRUNCATE = 'T',
	FLOE_PGM_MESSAGE = 'M',            /* pg_logical_emit_message (messages 'true') */
	FLOE_PGM_STREAM_START = 'S',       /* v2+ */
	FLOE_PGM_STREAM_STOP = 'E',        /* v2+ */
	FLOE_PGM_STREAM_COMMIT = 'c',      /* v2+ */
	FLOE_PGM_STREAM_ABORT = 'A',       /* v2+ */
	FLOE_PGM_BEGIN_PREPARE = 'b',      /* v3+ */
	FLOE_PGM_PREPARE = 'P',            /* v3+ */
	FLOE_PGM_COMMIT_PREPARED = 'K',    /* v3+ */
	FLOE_PGM_ROLLBACK_PREPARED = 'r',  /* v3+ */
	FLOE_PGM_STREAM_PREPARE = 'p'      /* v3+ */
};

/* How to read a message: the negotiated protocol and the position in the stream. */
struct floe_pgoutput_opts {
	uint32_t proto_version; /* 1..4, informational: layouts depend only on the two flags below, and
				 * a two-phase slot gets 'b'/'P'/'K'/'r' whatever the version */
	bool in_stream;         /* between Stream Start and Stream Stop: R/Y/I/U/D/T/M carry [xid] */
	bool parallel;          /* streaming 'parallel' (proto 4): Stream Abort carries abort_lsn/ts */
};

/* Tuple column kinds as on the wire. */
enum floe_pg_col_kind {
	FLOE_PG_COL_NULL = 'n',
	FLOE_PG_COL_UNCHANGED = 'u', /* unchanged TOASTed value, not sent */
	FLOE_PG_COL_TEXT = 't',
	FLOE_PG_COL_BINARY = 'b'
};

struct floe_pg_col {
	enum floe_pg_col_kind kind;
	uint32_t len;              /* 't'/'b' only */
	const uint8_t *p;          /* 't'/'b' only: borrowed from the message (not NUL-terminated) */
};

struct floe_pg_tuple {
	uint16_t ncols;
	struct floe_pg_col *cols;  /* arena; NULL when ncols == 0 */
};

struct floe_pg_relcol {
	uint8_t flags;             /* 1 = part of the replica identity key */
	const char *name;          /* borrowed, NUL-terminated */
	uint32_t type_oid;
	int32_t typmod;
};

/*
 * One decoded message. `type` selects the union member; `xid` is set (and
 * `has_xid` true) for messages that carry a transaction id: the streamed [xid]
 * of R/Y/I/U/D/T/M, and the xid field of B, S, c, A, b, P, K, r, p.
 * LSNs are raw uint64. Timestamps (*_ts) are converted to Unix µs
 * (PostgreSQL µs since 2000-01-01 + FLOE_PG_EPOCH_UNIX_US).
 * Strings are borrowed from the input (they are NUL-terminated there).
 */
struct floe_pg_msg {
	enum floe_pg_msg_type type;
	bool has_xid;
	uint32_t xid;
	union {
		struct { uint64_t final_lsn; int64_t commit_ts; } begin;                  /* xid in msg.xid */
		struct { uint8_t flags; uint64_t commit_lsn, end_lsn; int64_t commit_ts; } commit;
		struct { uint64_t commit_lsn; const char *name; } origin;
		struct {
			uint32_t oid;
			const char *nspname;   /* "" means pg_catalog */
			const char *relname;
			char replident;        /* 'd' default, 'n' nothing, 'f' full, 'i' index */
			uint16_t ncols;
			struct floe_pg_relcol *cols; /* arena */
		} relation;
		struct { uint32_t oid; const char *nspname, *typname; } type;
		struct { uint32_t relid; struct floe_pg_tuple newtup; } insert;
		struct {
			uint32_t relid;
			char old_kind;                 /* 0 = no old tuple, 'K' key only, 'O' full old row */
			struct floe_pg_tuple oldtup;   /* valid when old_kind != 0 */
			struct floe_pg_tuple newtup;
		} update;
		struct { uint32_t relid; char old_kind; struct floe_pg_tuple oldtup; } del; /* old_kind 'K' or 'O' */
		struct {
			uint32_t nrels;
			uint8_t flags;                 /* 1 CASCADE, 2 RESTART IDENTITY */
			uint32_t *relids;              /* arena */
		} truncate;
		struct {
			uint8_t flags;                 /* 1 = transactional */
			uint64_t lsn;
			const char *prefix;
			uint32_t len;
			const uint8_t *content;        /* borrowed */
		} message;
		struct { uint8_t first_segment; } stream_start;                    /* xid in msg.xid */
		struct { uint8_t flags; uint64_t commit_lsn, end_lsn; int64_t commit_ts; } stream_commit;
		struct {
			uint32_t subxid;               /* == xid for a top-level abort */
			bool has_abort_info;           /* opts.parallel: the next two are set */
			uint64_t abort_lsn;
			int64_t abort_ts;
		} stream_abort;
		struct { uint64_t prepare_lsn, end_lsn; int64_t prepare_ts; const char *gid; } begin_prepare;
		/* PREPARE and STREAM_PREPARE */
		struct { uint8_t flags; uint64_t prepare_lsn, end_lsn; int64_t prepare_ts; const char *gid; } prepare;
		struct { uint8_t flags; uint64_t commit_lsn, end_lsn; int64_t commit_ts; const char *gid; } commit_prepared;
		struct {
			uint8_t flags;
			uint64_t prepare_end_lsn, rollback_end_lsn;
			int64_t prepare_ts, rollback_ts;
			const char *gid;
		} rollback_prepared;
	} u;
};

/*
 * Decodes the message in p[0..len). Returns 0 and fills *msg, or -1 with
 * err = "pgoutput <name> message at offset N of LEN: <what>" (e.g. truncated,
 * unknown message type 'x', trailing bytes, bad tuple column kind).
 * Everything in *msg stays valid while both the input bytes and the arena
 * allocations live (reset the arena per message).
 */
int floe_pgoutput_parse(const uint8_t *p, size_t len, const struct floe_pgoutput_opts *opts,
			struct floe_arena *arena, struct floe_pg_msg *msg, struct floe_err *err);

/* "begin", "stream abort", …; "unknown" for other bytes. */
const char *floe_pgoutput_type_name(int type);

#endif
