/*
 * copyrun.c — the COPY binary reader loop over libpq (see copyrun.h).
 */
#include "pg/copyrun.h"

#include <string.h>

#include <libpq-fe.h>

int floe_pg_copy_run(struct floe_conn *c, const char *query, struct floe_pg_copybin *cb, struct floe_value *vals,
		     struct floe_arena *va, floe_pg_copy_row_fn row, void *arg, struct floe_err *err)
{
	PGresult *res = NULL;
	char *buf = NULL;
	int len, rc = -1;

	if (floe_conn_exec(c, query, &res, err) < 0)
		goto out;
	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		floe_err_set(err, "COPY did not start");
		goto out;
	}
	PQclear(res);
	res = NULL;
	while ((len = PQgetCopyData(c->pg, &buf, 0)) > 0) {
		enum floe_pg_copy_status st;
		if (floe_pg_copybin_feed(cb, (const uint8_t *)buf, (size_t)len, err) < 0)
			goto out;
		PQfreemem(buf);
		buf = NULL;
		for (;;) {
			floe_arena_reset(va);
			if (floe_pg_copybin_next(cb, vals, va, &st, err) < 0)
				goto out;
			if (st != FLOE_PG_COPY_ROW)
				break;
			if (row(arg, vals, err) < 0)
				goto out;
		}
	}
	if (len == -2) {
		floe_conn_error_line(c->pg, err->msg, sizeof(err->msg));
		err->code = FLOE_ERETRYABLE;
		goto out;
	}
	res = PQgetResult(c->pg);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		char line[FLOE_ERR_MSG_MAX];
		floe_conn_result_error(res, line, sizeof(line));
		floe_err_set(err, "%s", line);
		goto out;
	}
	if (floe_pg_copybin_finish(cb, err) < 0)
		goto out;
	rc = 0;
out:
	if (res)
		PQclear(res);
	/* Drain what a finished COPY still has queued. A COPY that failed midway (a value the
	 * type policy rejects, a stop request) is still in COPY OUT: PQgetResult then returns
	 * PGRES_COPY_OUT forever, so stop there; the caller closes the connection after a
	 * failure, which ends the COPY on the server. */
	while ((res = PQgetResult(c->pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		PQclear(res);
		if (st == PGRES_COPY_OUT || st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
			break;
	}
	if (buf)
		PQfreemem(buf);
	return rc;
}
