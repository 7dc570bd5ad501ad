/*
 * repl.h — the streaming replication protocol on a libpq replication
 * connection: IDENTIFY_SYSTEM, CREATE_REPLICATION_SLOT … EXPORT_SNAPSHOT,
 * START_REPLICATION … LOGICAL, CopyBoth framing
 * (XLogData 'w', primary keepalive 'k'), standby status updates 'r', and a
 * clean stop (CopyDone, drain). Reads are non-blocking with poll(2), so a
 * signal or a timeout always returns control to the caller.
 *
 * It does not decode pgoutput payloads (pgoutput.h), decide which positions
 * may be acknowledged (stream.c does) or open connections (conn.h).
 */
#ifndef FLOE_PG_REPL_H
#define FLOE_PG_REPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "core/err.h"
#include "pg/conn.h"

struct floe_repl_sysinfo {
	char systemid[32];
	int64_t timeline;
	uint64_t xlogpos;
	char dbname[128];
};

/* Runs IDENTIFY_SYSTEM on a replication connection. */
int floe_repl_identify(PGconn *c, struct floe_repl_sysinfo *out, struct floe_err *err);

/* CREATE_REPLICATION_SLOT name [TEMPORARY] LOGICAL pgoutput EXPORT_SNAPSHOT on a
 * replication connection: the slot's consistent point and the exported snapshot's
 * name (usable by SET TRANSACTION SNAPSHOT while `c` stays idle). */
int floe_repl_create_slot(struct floe_conn *c, const char *name, bool temporary, uint64_t *consistent_point,
			  char *snapshot, size_t snapshot_size, struct floe_err *err);

enum floe_repl_kind {
	FLOE_REPL_TIMEOUT = 0,   /* nothing arrived within the timeout (or a signal interrupted the wait) */
	FLOE_REPL_DATA,          /* XLogData: m->p/len is one pgoutput message */
	FLOE_REPL_KEEPALIVE,     /* primary keepalive: m->wal_end, m->reply_requested */
	FLOE_REPL_END            /* the server ended the copy (CopyDone) */
};

struct floe_repl_msg {
	enum floe_repl_kind kind;
	uint64_t data_start;
	uint64_t wal_end;
	int64_t send_time;       /* µs since 2000-01-01 as sent */
	bool reply_requested;
	const uint8_t *p;        /* DATA: valid until the next floe_repl_next/stop/release */
	size_t len;
};

/* err->code of floe_repl_start when the slot is active for another walsender
 * (SQLSTATE 55006 object_in_use). */
#define FLOE_REPL_ESLOT_BUSY 1101

struct floe_repl {
	PGconn *conn;            /* borrowed; NULL when not started */
	char *copybuf;           /* libpq buffer of the last message (PQfreemem) */
	bool streaming;          /* inside CopyBoth */
	int64_t last_status_us;  /* monotonic time of the last status update sent */
	bool busy;               /* the last read found a backlog: batch the next reads */
};

void floe_repl_init(struct floe_repl *r);
/* Frees the last buffer; does not close the connection. */
void floe_repl_release(struct floe_repl *r);

/*
 * Sends START_REPLICATION SLOT <slot> LOGICAL <start_lsn> (<options>) and waits
 * for CopyBothResponse. `options` is the ready-made option list without the
 * parentheses. The slot name is quoted here. Errors are the server's message on
 * one line (callers translate the well-known ones).
 */
int floe_repl_start(struct floe_repl *r, PGconn *c, const char *slot, uint64_t start_lsn, const char *options,
		    struct floe_err *err);

/*
 * Waits at most timeout_ms (0 = do not wait) for the next CopyData message and
 * classifies it. Unknown message types are skipped. A broken connection or a
 * malformed frame gives -1 with a one-line error.
 */
int floe_repl_next(struct floe_repl *r, struct floe_repl_msg *m, int timeout_ms, struct floe_err *err);

/*
 * Sends a standby status update with the given positions (0 = invalid: for
 * `flush` the walsender then leaves confirmed_flush alone) and flushes it.
 */
int floe_repl_send_status(struct floe_repl *r, uint64_t write, uint64_t flush, uint64_t apply, bool reply_requested,
			  struct floe_err *err);

/* True when `interval_us` has passed since the last status update (now_us = floe_mono_us()). */
bool floe_repl_status_due(const struct floe_repl *r, int64_t now_us, int64_t interval_us);

/*
 * Ends the copy: sends CopyDone, then reads and discards whatever the server
 * still sends for at most timeout_ms, and collects the final results. A server
 * that does not finish in time is left to the caller's PQfinish.
 */
int floe_repl_stop(struct floe_repl *r, int timeout_ms, struct floe_err *err);

/* Parses one CopyData payload ('w', 'k'; other types give TIMEOUT = skip). No I/O. */
int floe_repl_parse_copydata(const uint8_t *p, size_t len, struct floe_repl_msg *m, struct floe_err *err);

#endif
