/*
 * conn.c — libpq connections for floe (see conn.h): building the connection
 * parameters from source.dsn, opening normal or logical-replication
 * connections, running statements and condensing libpq / server errors into
 * one line without the password. Protocol handling (COPY, CopyBoth) is done
 * by the callers on c->pg directly.
 */
#include "pg/conn.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* The session settings every floe connection relies on (value decoders expect
 * ISO dates in UTC, postgres intervals, round-trip floats and hex bytea). */
static const char session_options[] = "-c DateStyle=ISO,MDY -c TimeZone=UTC -c IntervalStyle=postgres "
				      "-c extra_float_digits=3 -c bytea_output=hex";

static _Thread_local char last_sqlstate[6];

const char *floe_conn_last_sqlstate(void)
{
	return last_sqlstate;
}

/* Copies src into out as one line: newlines/tabs become spaces (runs folded),
 * double quotes become single quotes, the trailing period and spaces go. */
static void one_line(const char *src, size_t n, char *out, size_t outsz)
{
	size_t o = 0, i;
	bool space = false;

	if (outsz == 0)
		return;
	for (i = 0; i < n && src[i] && o + 1 < outsz; i++) {
		char ch = src[i];
		if (ch == '\n' || ch == '\t' || ch == '\r' || ch == ' ') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < outsz)
			out[o++] = ' ';
		space = false;
		out[o++] = ch == '"' ? '\'' : ch;
	}
	while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
}

static void lower_first(char *s)
{
	/* "Connection refused" → "connection refused", but keep "SSL ..." */
	if (s[0] && isupper((unsigned char)s[0]) && !isupper((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
}

void floe_conn_result_error(const PGresult *res, char *out, size_t outsz)
{
	const char *primary, *hint;
	char p[FLOE_ERR_MSG_MAX], h[512];

	if (outsz == 0)
		return;
	if (!res) {
		snprintf(out, outsz, "out of memory or connection lost");
		return;
	}
	primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	if (!primary) {
		const char *m = PQresultErrorMessage(res);
		const char *nl = m ? strchr(m, '\n') : NULL;
		one_line(m ? m : "", nl ? (size_t)(nl - m) : strlen(m ? m : ""), p, sizeof(p));
		if (!p[0])
			snprintf(p, sizeof(p), "%s", PQresStatus(PQresultStatus(res)));
		lower_first(p);
		snprintf(out, outsz, "%s", p);
		return;
	}
	one_line(primary, strlen(primary), p, sizeof(p));
	if (hint) {
		one_line(hint, strlen(hint), h, sizeof(h));
		lower_first(h);
		snprintf(out, outsz, "%s (%s)", p, h);
	} else {
		snprintf(out, outsz, "%s", p);
	}
}

/* The reason part of a libpq connection error: the text after the last
 * "failed: " (libpq lists one line per attempted host), without "FATAL:  ";
 * the lines that follow it (DETAIL, HINT, a second reason) joined with "; ". */
static void connect_reason(const char *msg, char *out, size_t outsz)
{
	const char *p = msg, *last = NULL;
	char joined[FLOE_ERR_MSG_MAX];
	size_t o = 0;

	while ((p = strstr(p, "failed: ")) != NULL) {
		last = p + 8;
		p = last;
	}
	p = last ? last : msg;
	while (*p && o + 3 < sizeof(joined)) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!strncmp(p, "FATAL:  ", 8) || !strncmp(p, "ERROR:  ", 8)) {
			p += 8;
			len -= 8;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\r'))
			len--;
		if (len) {
			if (o) {
				joined[o++] = ';';
				joined[o++] = ' ';
			}
			if (len > sizeof(joined) - o - 1)
				len = sizeof(joined) - o - 1;
			memcpy(joined + o, p, len);
			o += len;
		}
		if (!end)
			break;
		p = end + 1;
	}
	joined[o] = 0;
	one_line(joined, o, out, outsz);
	lower_first(out);
}

void floe_conn_error_line(PGconn *pg, char *out, size_t outsz)
{
	const char *m = pg ? PQerrorMessage(pg) : "out of memory";

	connect_reason(m ? m : "", out, outsz);
	if (!out[0] && outsz)
		snprintf(out, outsz, "unknown libpq error");
}

/* Adds the advice that goes with the common connection failures and returns their
 * class as an error code. libpq gives no SQLSTATE for a failed connection, only its
 * text: this is the one place that reads it; callers decide on the code. */
static int connect_advice(const char *reason, const char *user, char *out, size_t outsz)
{
	if (strstr(reason, "password authentication failed")) {
		snprintf(out, outsz, "%s (check PGPASSWORD or the passfile)", reason);
		return FLOE_CONN_EAUTH;
	}
	if (strstr(reason, "no password supplied")) {
		snprintf(out, outsz, "the server asks for a password and none was given "
				     "(set PGPASSWORD, a ~/.pgpass entry, or password= in source.dsn)");
		return FLOE_CONN_EAUTH;
	}
	if (strstr(reason, "onnection refused")) {
		snprintf(out, outsz, "connection refused (is the server running and is source.dsn right?)");
		return FLOE_CONN_EUNREACHABLE;
	}
	if (strstr(reason, "could not translate host name")) {
		snprintf(out, outsz, "%s (check the host in source.dsn)", reason);
		return FLOE_CONN_EUNREACHABLE;
	}
	if (strstr(reason, "timeout expired")) {
		snprintf(out, outsz, "timeout expired (is the host reachable and is source.dsn right?)");
		return FLOE_CONN_EUNREACHABLE;
	}
	if (strstr(reason, "no such file or directory")) {
		snprintf(out, outsz, "no server socket there (is the server running locally, or should source.dsn "
				     "set host=?)");
		return FLOE_CONN_EUNREACHABLE;
	}
	if (strstr(reason, "must be superuser or replication role")) {
		snprintf(out, outsz, "%.400s (grant it: ALTER ROLE \"%.63s\" REPLICATION; on Amazon RDS: GRANT "
			 "rds_replication TO \"%.63s\";)", reason, user, user);
		return FLOE_CONN_EPRIVILEGE;
	}
	snprintf(out, outsz, "%s", reason);
	return FLOE_EFAIL;
}

static void set_where(struct floe_conn *c, PGconn *pg, const char *host, const char *port)
{
	const char *h = NULL, *p = NULL;

	if (pg) {
		h = PQhost(pg);
		p = PQport(pg);
	}
	if (!h || !h[0])
		h = host && host[0] ? host : "localhost";
	if (!p || !p[0])
		p = port && port[0] ? port : "5432";
	snprintf(c->where, sizeof(c->where), "%s:%s", h, p);
}

static void notice_receiver(void *arg, const PGresult *res)
{
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	char line[FLOE_ERR_MSG_MAX];

	(void)arg;
	one_line(msg ? msg : "", strlen(msg ? msg : ""), line, sizeof(line));
	if (sev && !strcmp(sev, "WARNING"))
		floe_log_warn("postgresql: %s", line);
	else
		floe_log_debug("postgresql: %s", line);
}

int floe_conn_open(struct floe_conn *c, const char *dsn, enum floe_conn_kind kind, struct floe_err *err)
{
	PQconninfoOption *parsed = NULL, *o;
	const char *keys[8], *vals[8];
	const char *user_options = NULL, *host = NULL, *port = NULL;
	bool has_timeout = false;
	char *perr = NULL;
	char reason[640], advice[FLOE_ERR_MSG_MAX - 320];
	struct floe_buf opts = FLOE_BUF_INIT;
	PGconn *pg = NULL;
	int n = 0, rc = -1;

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	if (!dsn || !dsn[0]) {
		floe_err_set(err, "source.dsn is empty (give a libpq connection string or a postgresql:// URI)");
		goto out;
	}
	parsed = PQconninfoParse(dsn, &perr);
	if (!parsed) {
		char m[512];
		one_line(perr ? perr : "out of memory", strlen(perr ? perr : "out of memory"), m, sizeof(m));
		floe_err_set(err, "source.dsn is not a valid connection string: %s", m);
		goto out;
	}
	for (o = parsed; o->keyword; o++) {
		if (!o->val)
			continue;
		if (!strcmp(o->keyword, "options"))
			user_options = o->val;
		else if (!strcmp(o->keyword, "host"))
			host = o->val;
		else if (!strcmp(o->keyword, "hostaddr") && !host)
			host = o->val;
		else if (!strcmp(o->keyword, "port"))
			port = o->val;
		else if (!strcmp(o->keyword, "connect_timeout"))
			has_timeout = true;
		else if (!strcmp(o->keyword, "replication")) {
			floe_err_set(err, "source.dsn sets 'replication'; remove it (floe opens replication "
					  "connections itself where it needs them)");
			goto out;
		}
	}
	if (!host)
		host = getenv("PGHOST");
	if (!port)
		port = getenv("PGPORT");
	if (!user_options)
		user_options = getenv("PGOPTIONS");
	if (getenv("PGCONNECT_TIMEOUT"))
		has_timeout = true;
	if (user_options && user_options[0]) {
		floe_buf_puts(&opts, user_options);
		floe_buf_putc(&opts, ' ');
	}
	floe_buf_puts(&opts, session_options);
	if (floe_buf_check(&opts, err) != 0)
		goto out;

	keys[n] = "dbname", vals[n++] = dsn;
	keys[n] = "client_encoding", vals[n++] = "UTF8";
	keys[n] = "fallback_application_name", vals[n++] = "floe";
	keys[n] = "options", vals[n++] = floe_buf_cstr(&opts);
	if (!has_timeout)
		keys[n] = "connect_timeout", vals[n++] = "10";
	if (kind == FLOE_CONN_REPLICATION)
		keys[n] = "replication", vals[n++] = "database";
	keys[n] = NULL, vals[n] = NULL;

	pg = PQconnectdbParams(keys, vals, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		set_where(c, pg, host, port);
		floe_conn_error_line(pg, reason, sizeof(reason));
		int code = connect_advice(reason, pg && PQuser(pg) ? PQuser(pg) : "<user>", advice, sizeof(advice));
		floe_err_setc(err, code, "cannot connect to PostgreSQL at %s: %s", c->where, advice);
		goto out;
	}
	set_where(c, pg, host, port);
	PQsetNoticeReceiver(pg, notice_receiver, NULL);
	c->server_version = PQserverVersion(pg);
	c->pg = pg;
	pg = NULL;
	rc = 0;
out:
	if (pg)
		PQfinish(pg);
	if (parsed)
		PQconninfoFree(parsed);
	if (perr)
		PQfreemem(perr);
	floe_buf_release(&opts);
	return rc;
}

void floe_conn_close(struct floe_conn *c)
{
	if (!c)
		return;
	if (c->pg)
		PQfinish(c->pg);
	c->pg = NULL;
}

static int check_result(struct floe_conn *c, PGresult *r, PGresult **res, struct floe_err *err)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	char line[FLOE_ERR_MSG_MAX];

	last_sqlstate[0] = '\0';
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	    (res && (st == PGRES_COPY_OUT || st == PGRES_COPY_IN || st == PGRES_COPY_BOTH))) {
		if (res)
			*res = r;
		else
			PQclear(r);
		return 0;
	}
	if (r && PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state)
			snprintf(last_sqlstate, sizeof(last_sqlstate), "%s", state);
		floe_conn_result_error(r, line, sizeof(line));
	} else if (c->pg && PQstatus(c->pg) == CONNECTION_BAD) {
		floe_conn_error_line(c->pg, line, sizeof(line));
	} else if (r) {
		snprintf(line, sizeof(line), "unexpected result %s", PQresStatus(st));
	} else {
		floe_conn_error_line(c->pg, line, sizeof(line));
	}
	if (r)
		PQclear(r);
	floe_err_set(err, "%s", line);
	floe_err_sqlstate(err, last_sqlstate);
	return -1;
}

int floe_conn_exec(struct floe_conn *c, const char *sql, PGresult **res, struct floe_err *err)
{
	if (res)
		*res = NULL;
	if (!c->pg)
		return floe_err_set(err, "not connected to PostgreSQL");
	return check_result(c, PQexec(c->pg, sql), res, err);
}

int floe_conn_execp(struct floe_conn *c, const char *sql, int nparams, const char *const *params,
		    PGresult **res, struct floe_err *err)
{
	if (res)
		*res = NULL;
	if (!c->pg)
		return floe_err_set(err, "not connected to PostgreSQL");
	if (c->kind == FLOE_CONN_REPLICATION)
		return floe_err_set(err, "parameterised queries are not allowed on a replication connection");
	return check_result(c, PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0), res, err);
}

int floe_conn_query_value(struct floe_conn *c, const char *sql, char **out, struct floe_err *err)
{
	PGresult *r = NULL;
	int rc = -1;

	*out = NULL;
	if (floe_conn_exec(c, sql, &r, err) != 0)
		goto out;
	if (PQntuples(r) < 1 || PQnfields(r) < 1) {
		floe_err_set(err, "query returned no row");
		goto out;
	}
	if (!PQgetisnull(r, 0, 0)) {
		*out = strdup(PQgetvalue(r, 0, 0));
		if (!*out) {
			floe_err_set(err, "out of memory");
			goto out;
		}
	}
	rc = 0;
out:
	if (r)
		PQclear(r);
	return rc;
}

static char *quote(struct floe_conn *c, const char *s, bool ident, struct floe_err *err)
{
	char *q, *copy;
	char line[FLOE_ERR_MSG_MAX];

	if (!c->pg) {
		floe_err_set(err, "not connected to PostgreSQL");
		return NULL;
	}
	q = ident ? PQescapeIdentifier(c->pg, s, strlen(s)) : PQescapeLiteral(c->pg, s, strlen(s));
	if (!q) {
		floe_conn_error_line(c->pg, line, sizeof(line));
		floe_err_set(err, "cannot quote '%s': %s", s, line);
		return NULL;
	}
	copy = strdup(q);
	PQfreemem(q);
	if (!copy)
		floe_err_set(err, "out of memory");
	return copy;
}

char *floe_conn_quote_ident(struct floe_conn *c, const char *s, struct floe_err *err)
{
	return quote(c, s, true, err);
}

char *floe_conn_quote_literal(struct floe_conn *c, const char *s, struct floe_err *err)
{
	return quote(c, s, false, err);
}

static int append_quoted(struct floe_conn *c, struct floe_buf *b, const char *s, bool ident, struct floe_err *err)
{
	char *q = quote(c, s, ident, err);

	if (!q)
		return -1;
	floe_buf_puts(b, q);
	free(q);
	return 0;
}

int floe_conn_append_ident(struct floe_conn *c, struct floe_buf *b, const char *s, struct floe_err *err)
{
	return append_quoted(c, b, s, true, err);
}

int floe_conn_append_literal(struct floe_conn *c, struct floe_buf *b, const char *s, struct floe_err *err)
{
	return append_quoted(c, b, s, false, err);
}

void floe_conn_version_text(int version, char *out, size_t outsz)
{
	if (version >= 100000)
		snprintf(out, outsz, "%d.%d", version / 10000, version % 10000);
	else
		snprintf(out, outsz, "%d.%d.%d", version / 10000, version / 100 % 100, version % 100);
}
