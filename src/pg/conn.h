/*
 * conn.h — opening libpq connections to the source database, running SQL on
 * them and turning libpq's multi-line errors into one line.
 *
 * floe_conn_open() takes source.dsn (key=value or a postgres:// URI, expanded by
 * PQconnectdbParams) and adds client_encoding=UTF8, fallback_application_name=
 * floe and, through the `options` parameter (merged after any user options so
 * they win, and applied by the walsender too), DateStyle=ISO,MDY, TimeZone=UTC,
 * IntervalStyle=postgres, extra_float_digits=3, bytea_output=hex. Replication
 * connections add replication=database (logical walsender: simple query
 * protocol only, so use floe_conn_exec, never floe_conn_execp). Error messages
 * never contain the password. Nothing here knows about slots or publications.
 */
#ifndef FLOE_PG_CONN_H
#define FLOE_PG_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "core/buf.h"
#include "core/err.h"

/* Why a connection failed (err->code of floe_conn_open). */
#define FLOE_CONN_EAUTH 1121       /* wrong or missing password */
#define FLOE_CONN_EUNREACHABLE 1122 /* refused, unknown host, timeout, no socket */
#define FLOE_CONN_EPRIVILEGE 1123  /* the role may not connect this way (replication) */

enum floe_conn_kind {
	FLOE_CONN_NORMAL = 0,      /* ordinary backend: SQL, COPY, extended protocol */
	FLOE_CONN_REPLICATION = 1  /* replication=database: replication commands + simple SQL */
};

struct floe_conn {
	PGconn *pg;                /* NULL when closed; use it directly for COPY / CopyBoth */
	enum floe_conn_kind kind;
	int server_version;        /* PQserverVersion(), e.g. 150004 */
	char where[256];           /* "host:port" (or the socket path) for messages */
};

/* Opens a connection; on failure c->pg is NULL and err holds one line like
 * "cannot connect to PostgreSQL at 127.0.0.1:5432: connection refused (is the
 * server running and is source.dsn right?)". */
int floe_conn_open(struct floe_conn *c, const char *dsn, enum floe_conn_kind kind, struct floe_err *err);
/* Closes (idempotent; safe on a zeroed or failed struct). */
void floe_conn_close(struct floe_conn *c);

/* Runs one statement with the simple query protocol. On success *res (may be
 * NULL if the caller does not want it) holds a PGRES_COMMAND_OK or
 * PGRES_TUPLES_OK result the caller PQclear()s; when res is not NULL, a
 * PGRES_COPY_OUT / COPY_IN / COPY_BOTH result (COPY, START_REPLICATION) is a
 * success too and the caller continues with PQgetCopyData & co. On failure *res
 * is NULL and err holds the server's primary message (plus its hint) on one
 * line. */
int floe_conn_exec(struct floe_conn *c, const char *sql, PGresult **res, struct floe_err *err);
/* Same with $1..$n text parameters (extended protocol: normal connections only). */
int floe_conn_execp(struct floe_conn *c, const char *sql, int nparams, const char *const *params,
		    PGresult **res, struct floe_err *err);
/* Runs a query that returns one row; copies its first column into a malloc'd
 * string (*out = NULL for SQL NULL). Fails if the query returns no row. */
int floe_conn_query_value(struct floe_conn *c, const char *sql, char **out, struct floe_err *err);

/* The SQLSTATE of the last floe_conn_exec/execp failure on this thread ("" if
 * none or not a server error), e.g. "42710" duplicate_object. */
const char *floe_conn_last_sqlstate(void);

/* Quoting: malloc'd results (free()), NULL with err set on failure. */
char *floe_conn_quote_ident(struct floe_conn *c, const char *s, struct floe_err *err);
char *floe_conn_quote_literal(struct floe_conn *c, const char *s, struct floe_err *err);
/* Appends the quoted form to b (b's sticky failure covers out-of-memory). */
int floe_conn_append_ident(struct floe_conn *c, struct floe_buf *b, const char *s, struct floe_err *err);
int floe_conn_append_literal(struct floe_conn *c, struct floe_buf *b, const char *s, struct floe_err *err);

/* One line from a failed result or connection: server primary message, then
 * "(hint)" when there is one; double quotes become single quotes. */
void floe_conn_result_error(const PGresult *res, char *out, size_t outsz);
void floe_conn_error_line(PGconn *pg, char *out, size_t outsz);

/* "15.4"-style text of a PQserverVersion() number. */
void floe_conn_version_text(int version, char *out, size_t outsz);

#endif
