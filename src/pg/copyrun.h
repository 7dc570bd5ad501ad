/*
 * copyrun.h — runs one `COPY (...) TO STDOUT (FORMAT binary)` on a SQL
 * connection and hands every decoded row to a callback: the COPY reader of
 * the initial snapshot. Reading (PQgetCopyData), decoding (copybin.h), the
 * final result and draining are here; what happens to a row is the caller's.
 * After a failure the connection may still be in COPY OUT: close it.
 */
#ifndef FLOE_PG_COPYRUN_H
#define FLOE_PG_COPYRUN_H

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/conn.h"
#include "pg/copybin.h"

/* Called once per row with vals[0..cb->ncols) set (memory valid until it returns). */
typedef int (*floe_pg_copy_row_fn)(void *arg, struct floe_value *vals, struct floe_err *err);

/* cb: an initialised parser for the query's columns; vals: room for the row; va: reset
 * before every row. A decode error leaves cb->err_col >= 0 (the column index). */
int floe_pg_copy_run(struct floe_conn *c, const char *query, struct floe_pg_copybin *cb, struct floe_value *vals,
		     struct floe_arena *va, floe_pg_copy_row_fn row, void *arg, struct floe_err *err);

#endif
