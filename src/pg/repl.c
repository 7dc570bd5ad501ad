/*
 * repl.c — replication protocol client over libpq: IDENTIFY_SYSTEM,
 * START_REPLICATION, CopyBoth frames, standby status updates and CopyDone.
 * Waiting uses poll(2) on the libpq socket so timeouts and signals return to
 * the caller. No pgoutput decoding and no acknowledgement policy here.
 */
#include "pg/repl.h"

#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/lsn.h"
#include "core/rd.h"
#include "core/timeutil.h"

static void one_line(char *s)
{
	size_t n, w = 0;

	/* newlines and runs of blanks become one space */
	for (size_t r = 0; s[r]; r++) {
		char c = (s[r] == '\n' || s[r] == '\r' || s[r] == '\t') ? ' ' : s[r];
		if (c == ' ' && (w == 0 || s[w - 1] == ' '))
			continue;
		s[w++] = c;
	}
	s[w] = '\0';
	n = w;
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	if (!strncmp(s, "ERROR: ", 7))
		memmove(s, s + 7, strlen(s + 7) + 1);
}

static int conn_error(PGconn *c, const PGresult *res, const char *what, struct floe_err *err)
{
	char msg[600];

	if (res && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY))
		snprintf(msg, sizeof(msg), "%s", PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
	else
		snprintf(msg, sizeof(msg), "%s", c ? PQerrorMessage(c) : "no connection");
	one_line(msg);
	if (!msg[0])
		snprintf(msg, sizeof(msg), "connection lost");
	if (res && PQresultErrorField(res, PG_DIAG_SQLSTATE) &&
	    strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "55006") == 0)
		return floe_err_setc(err, FLOE_REPL_ESLOT_BUSY, "%s: %s", what, msg);
	return floe_err_set(err, "%s: %s", what, msg);
}

void floe_repl_init(struct floe_repl *r)
{
	memset(r, 0, sizeof(*r));
}

static void free_copybuf(struct floe_repl *r)
{
	if (r->copybuf) {
		PQfreemem(r->copybuf);
		r->copybuf = NULL;
	}
}

void floe_repl_release(struct floe_repl *r)
{
	free_copybuf(r);
	r->conn = NULL;
	r->streaming = false;
}

int floe_repl_identify(PGconn *c, struct floe_repl_sysinfo *out, struct floe_err *err)
{
	PGresult *res = PQexec(c, "IDENTIFY_SYSTEM");
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		conn_error(c, res, "IDENTIFY_SYSTEM failed", err);
		goto out;
	}
	if (PQntuples(res) != 1 || PQnfields(res) < 3) {
		floe_err_set(err, "IDENTIFY_SYSTEM returned %d rows and %d columns, expected 1 row and at least 3",
			     PQntuples(res), PQnfields(res));
		goto out;
	}
	snprintf(out->systemid, sizeof(out->systemid), "%s", PQgetvalue(res, 0, 0));
	out->timeline = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	if (floe_lsn_parse(PQgetvalue(res, 0, 2), &out->xlogpos) != 0) {
		floe_err_set(err, "IDENTIFY_SYSTEM returned an invalid xlogpos '%s'", PQgetvalue(res, 0, 2));
		goto out;
	}
	if (PQnfields(res) >= 4 && !PQgetisnull(res, 0, 3))
		snprintf(out->dbname, sizeof(out->dbname), "%s", PQgetvalue(res, 0, 3));
	rc = 0;
out:
	PQclear(res);
	return rc;
}

int floe_repl_start(struct floe_repl *r, PGconn *c, const char *slot, uint64_t start_lsn, const char *options,
		    struct floe_err *err)
{
	struct floe_buf q = FLOE_BUF_INIT;
	char lsn[FLOE_LSN_STR_MAX];
	PGresult *res = NULL;
	int rc = -1;

	free_copybuf(r);
	r->conn = c;
	r->streaming = false;
	floe_buf_puts(&q, "START_REPLICATION SLOT \"");
	for (const char *p = slot; *p; p++) {
		if (*p == '"')
			floe_buf_putc(&q, '"');
		floe_buf_putc(&q, (uint8_t)*p);
	}
	floe_buf_printf(&q, "\" LOGICAL %s", floe_lsn_fmt(start_lsn, lsn));
	if (options && options[0])
		floe_buf_printf(&q, " (%s)", options);
	if (floe_buf_check(&q, err) != 0)
		goto out;
	res = PQexec(c, floe_buf_cstr(&q));
	if (PQresultStatus(res) != PGRES_COPY_BOTH) {
		conn_error(c, res, "START_REPLICATION failed", err);
		goto out;
	}
	r->streaming = true;
	r->busy = false;
	r->last_status_us = floe_mono_us();
	rc = 0;
out:
	PQclear(res);
	floe_buf_release(&q);
	return rc;
}

int floe_repl_parse_copydata(const uint8_t *p, size_t len, struct floe_repl_msg *m, struct floe_err *err)
{
	struct floe_rd rd;
	uint8_t type = 0, reply = 0;
	int64_t t = 0;

	memset(m, 0, sizeof(*m));
	floe_rd_init(&rd, p, len);
	if (floe_rd_u8(&rd, &type) != 0)
		return floe_err_set(err, "replication stream: empty CopyData message");
	switch (type) {
	case 'w':
		if (floe_rd_u64be(&rd, &m->data_start) || floe_rd_u64be(&rd, &m->wal_end) ||
		    floe_rd_i64be(&rd, &t))
			return floe_rd_fail(&rd, err, "replication stream: XLogData header");
		m->kind = FLOE_REPL_DATA;
		m->send_time = t;
		m->p = p + rd.pos;
		m->len = floe_rd_left(&rd);
		if (m->len == 0)
			return floe_err_set(err, "replication stream: XLogData without a message");
		return 0;
	case 'k':
		if (floe_rd_u64be(&rd, &m->wal_end) || floe_rd_i64be(&rd, &t) || floe_rd_u8(&rd, &reply))
			return floe_rd_fail(&rd, err, "replication stream: keepalive");
		m->kind = FLOE_REPL_KEEPALIVE;
		m->send_time = t;
		m->reply_requested = reply != 0;
		return 0;
	default:
		/* unknown (e.g. PG19 'p'/'s' status messages): skip */
		m->kind = FLOE_REPL_TIMEOUT;
		return 0;
	}
}

static int wait_readable(PGconn *c, int timeout_ms, struct floe_err *err)
{
	struct pollfd pfd;
	int n;

	pfd.fd = PQsocket(c);
	if (pfd.fd < 0)
		return floe_err_set(err, "replication connection lost");
	pfd.events = POLLIN;
	if (PQflush(c) > 0)
		pfd.events |= POLLOUT;
	pfd.revents = 0;
	n = poll(&pfd, 1, timeout_ms);
	if (n < 0 && errno != EINTR)
		return floe_err_set(err, "poll on the replication connection failed: %s", strerror(errno));
	return n > 0 ? 1 : 0;
}

/* Under load the server's messages arrive a few at a time, and waking for each
 * costs a poll, a recv and two context switches (measured: two thirds of floe's
 * CPU in bench/cdc.sh was the kernel's). While the stream is busy (the last read
 * found at least BUSY_AVAIL / 4 bytes waiting) and less than BUSY_AVAIL bytes are
 * there, floe sleeps BUSY_NAP_US before reading, so one recv takes many messages.
 * An idle stream still sleeps in one poll and reads the moment data arrives. */
#define BUSY_AVAIL (16 * 1024)
#define BUSY_NAP_US 500

static int socket_avail(PGconn *c)
{
	int fd = PQsocket(c), n = 0;

	if (fd < 0 || ioctl(fd, FIONREAD, &n) != 0)
		return -1;
	return n;
}

int floe_repl_next(struct floe_repl *r, struct floe_repl_msg *m, int timeout_ms, struct floe_err *err)
{
	int64_t deadline = 0;

	memset(m, 0, sizeof(*m));
	free_copybuf(r);
	if (!r->conn || !r->streaming)
		return floe_err_set(err, "replication stream is not started");
	for (;;) {
		int n = PQgetCopyData(r->conn, &r->copybuf, 1);

		if (n > 0) {
			if (floe_repl_parse_copydata((const uint8_t *)r->copybuf, (size_t)n, m, err) != 0)
				return -1;
			if (m->kind == FLOE_REPL_TIMEOUT) {
				free_copybuf(r);
				continue;
			}
			return 0;
		}
		if (n == -1) {
			PGresult *res;
			int bad = 0;

			r->streaming = false;
			while ((res = PQgetResult(r->conn)) != NULL) {
				if (PQresultStatus(res) == PGRES_FATAL_ERROR && !bad) {
					conn_error(r->conn, res, "replication stream ended", err);
					bad = 1;
				}
				PQclear(res);
			}
			if (bad)
				return -1;
			m->kind = FLOE_REPL_END;
			return 0;
		}
		if (n == -2)
			return conn_error(r->conn, NULL, "replication stream failed", err);
		/* n == 0: nothing buffered; wait for the socket */
		if (!deadline)
			deadline = floe_mono_us() + (int64_t)timeout_ms * 1000;
		int64_t left = (deadline - floe_mono_us()) / 1000;
		if (left <= 0) {
			m->kind = FLOE_REPL_TIMEOUT;
			return 0;
		}
		{
			int w = wait_readable(r->conn, (int)(left > 1000000 ? 1000000 : left), err);
			if (w < 0)
				return -1;
			if (w == 0) {
				/* timeout or a signal: give control back */
				m->kind = FLOE_REPL_TIMEOUT;
				return 0;
			}
			int avail = socket_avail(r->conn);
			/* busy: let more of the server's messages arrive before reading them */
			if (r->busy && avail < BUSY_AVAIL) {
				struct timespec ts = { 0, BUSY_NAP_US * 1000L };
				nanosleep(&ts, NULL);
				avail = socket_avail(r->conn);
			}
			r->busy = avail >= BUSY_AVAIL / 4;
		}
		if (PQconsumeInput(r->conn) == 0)
			return conn_error(r->conn, NULL, "replication connection lost", err);
	}
}

int floe_repl_send_status(struct floe_repl *r, uint64_t write, uint64_t flush, uint64_t apply, bool reply_requested,
			  struct floe_err *err)
{
	uint8_t msg[34];
	int64_t now = floe_now_unix_us() - FLOE_PG_EPOCH_UNIX_US;

	if (!r->conn || !r->streaming)
		return floe_err_set(err, "replication stream is not started");
	msg[0] = 'r';
	floe_store_u64be(msg + 1, write);
	floe_store_u64be(msg + 9, flush);
	floe_store_u64be(msg + 17, apply);
	floe_store_u64be(msg + 25, (uint64_t)now);
	msg[33] = reply_requested ? 1 : 0;
	if (PQputCopyData(r->conn, (const char *)msg, (int)sizeof(msg)) != 1 || PQflush(r->conn) < 0)
		return conn_error(r->conn, NULL, "cannot send a standby status update", err);
	r->last_status_us = floe_mono_us();
	return 0;
}

bool floe_repl_status_due(const struct floe_repl *r, int64_t now_us, int64_t interval_us)
{
	return now_us - r->last_status_us >= interval_us;
}

int floe_repl_stop(struct floe_repl *r, int timeout_ms, struct floe_err *err)
{
	int64_t deadline = floe_mono_us() + (int64_t)timeout_ms * 1000;
	int rc = -1;

	free_copybuf(r);
	if (!r->conn)
		return 0;
	if (r->streaming) {
		if (PQputCopyEnd(r->conn, NULL) != 1 || PQflush(r->conn) < 0) {
			conn_error(r->conn, NULL, "cannot end the replication stream", err);
			goto out;
		}
		for (;;) {
			int n = PQgetCopyData(r->conn, &r->copybuf, 1);

			free_copybuf(r);
			if (n > 0)
				continue;
			if (n == -1)
				break;
			if (n == -2) {
				conn_error(r->conn, NULL, "replication stream failed while stopping", err);
				goto out;
			}
			int64_t left = (deadline - floe_mono_us()) / 1000;
			if (left <= 0) {
				floe_err_set(err, "the server did not end the replication stream within %d ms", timeout_ms);
				goto out;
			}
			if (wait_readable(r->conn, (int)left, err) < 0)
				goto out;
			if (PQconsumeInput(r->conn) == 0) {
				conn_error(r->conn, NULL, "replication connection lost while stopping", err);
				goto out;
			}
		}
		r->streaming = false;
	}
	/* collect CommandComplete / errors; the connection stays usable for SQL */
	for (;;) {
		PGresult *res;

		while (PQisBusy(r->conn)) {
			int64_t left = (deadline - floe_mono_us()) / 1000;
			if (left <= 0) {
				floe_err_set(err, "the server did not finish the replication command within %d ms",
					     timeout_ms);
				goto out;
			}
			if (wait_readable(r->conn, (int)left, err) < 0)
				goto out;
			if (PQconsumeInput(r->conn) == 0) {
				conn_error(r->conn, NULL, "replication connection lost while stopping", err);
				goto out;
			}
		}
		res = PQgetResult(r->conn);
		if (!res)
			break;
		PQclear(res);
	}
	rc = 0;
out:
	r->streaming = false;
	return rc;
}

int floe_repl_create_slot(struct floe_conn *c, const char *name, bool temporary, uint64_t *consistent_point,
			  char *snapshot, size_t snapshot_size, struct floe_err *err)
{
	struct floe_buf q = FLOE_BUF_INIT;
	PGresult *r = NULL;
	int ret = -1;

	floe_buf_puts(&q, "CREATE_REPLICATION_SLOT ");
	if (floe_conn_append_ident(c, &q, name, err) < 0)
		goto out;
	floe_buf_printf(&q, "%s LOGICAL pgoutput EXPORT_SNAPSHOT", temporary ? " TEMPORARY" : "");
	if (floe_buf_check(&q, err) < 0)
		goto out;
	if (floe_conn_exec(c, floe_buf_cstr(&q), &r, err) < 0) {
		floe_err_prefix(err, "creating replication slot '%s': ", name);
		goto out;
	}
	if (PQntuples(r) != 1 || PQnfields(r) < 3 || PQgetisnull(r, 0, 2) ||
	    floe_lsn_parse(PQgetvalue(r, 0, 1), consistent_point) != 0) {
		floe_err_set(err, "CREATE_REPLICATION_SLOT returned no exported snapshot");
		goto out;
	}
	snprintf(snapshot, snapshot_size, "%s", PQgetvalue(r, 0, 2));
	ret = 0;
out:
	if (r)
		PQclear(r);
	floe_buf_release(&q);
	return ret;
}
