/*
 * typelookup.c — catalog lookups behind the relation cache's resolver hook
 * (see typelookup.h).
 */
#include "pg/typelookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static int lookup_type(void *ctx, uint32_t oid, struct floe_pg_typeinfo *info, struct floe_err *err)
{
	struct floe_conn *conn = ctx;
	char sql[200];
	PGresult *res = NULL;
	int rc = -1;

	snprintf(sql, sizeof(sql),
		 "SELECT typtype, typcategory, typbasetype, typtypmod, typelem, typlen FROM pg_catalog.pg_type "
		 "WHERE oid = %u",
		 oid);
	if (floe_conn_exec(conn, sql, &res, err) != 0)
		return floe_err_prefix(err, "looking up type %u: ", oid);
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	memset(info, 0, sizeof(*info));
	info->typtype = PQgetvalue(res, 0, 0)[0];
	info->typcategory = PQgetvalue(res, 0, 1)[0];
	info->typbasetype = (uint32_t)strtoul(PQgetvalue(res, 0, 2), NULL, 10);
	info->typtypmod = (int32_t)strtol(PQgetvalue(res, 0, 3), NULL, 10);
	if (info->typcategory == 'A' && !strcmp(PQgetvalue(res, 0, 5), "-1"))
		info->typelem = (uint32_t)strtoul(PQgetvalue(res, 0, 4), NULL, 10);
	rc = 1;
out:
	PQclear(res);
	return rc;
}

static int lookup_attndims(void *ctx, uint32_t rel_oid, const char *column, int *ndims, struct floe_err *err)
{
	struct floe_conn *conn = ctx;
	struct floe_buf q = FLOE_BUF_INIT;
	PGresult *res = NULL;
	int rc = -1;

	*ndims = 0;
	floe_buf_printf(&q, "SELECT attndims FROM pg_catalog.pg_attribute WHERE attrelid = %u AND attname = ", rel_oid);
	if (floe_conn_append_literal(conn, &q, column, err) != 0 || floe_buf_check(&q, err) != 0)
		goto out;
	if (floe_conn_exec(conn, floe_buf_cstr(&q), &res, err) != 0)
		goto out;
	if (PQntuples(res) > 0)
		*ndims = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	rc = 0;
out:
	PQclear(res);
	floe_buf_release(&q);
	return rc;
}

void floe_pg_catalog_resolver(struct floe_conn *conn, struct floe_pg_resolver *out)
{
	out->lookup = lookup_type;
	out->attndims = lookup_attndims;
	out->ctx = conn;
}
