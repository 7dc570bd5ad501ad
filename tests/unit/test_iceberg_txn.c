/*
 * test_iceberg_txn.c — table changes as updates + requirements, and the one
 * transaction loop under injected faults.
 *
 * floe_metadata_apply: every update action and requirement type, including
 * the failures (stale snapshot id, wrong uuid, schema id mismatch, a stale
 * sequence number, a ref to a missing snapshot) and the REST JSON shapes.
 * floe_table_transact, against a SQLite catalog wrapped in a fault-injecting
 * catalog and a fault-injecting storage: a real concurrent commit (conflict →
 * retried, both land), unknown outcomes that did and did not land (files
 * kept, the reload decides: success, or FLOE_EUNKNOWN for the caller), a reload that fails too, and failures before the
 * pointer swap (put refused, put failing after the object was written) that
 * must leave no file behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog/catalog.h"
#include "core/arena.h"
#include "iceberg/table.h"
#include "iceberg/txn.h"
#include "iceberg/update.h"
#include "storage/fault.h"
#include "storage/storage.h"

/* ---------- floe_metadata_apply ---------- */

static void make_schema(struct floe_schema *s, int n_cols)
{
	struct floe_field f[3];
	struct floe_err err;
	int ids[] = { 1 };

	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	f[2].name = "extra";
	f[2].type.id = FLOE_T_INT;
	assert_int_equal(floe_schema_init(s, 0, f, (size_t)n_cols, ids, 1, &err), 0);
}

static void base_md(struct floe_table_metadata *md)
{
	struct floe_schema s;
	struct floe_err err;

	make_schema(&s, 2);
	assert_int_equal(floe_metadata_new(md, "file:///wh/db/t", &s, NULL, 0, &err), 0);
	floe_schema_release(&s);
}

static struct floe_snapshot snap(int64_t id, const struct floe_table_metadata *base)
{
	struct floe_snapshot s;

	memset(&s, 0, sizeof(s));
	s.snapshot_id = id;
	s.has_parent = base->current_snapshot_id >= 0;
	s.parent_id = base->current_snapshot_id;
	s.sequence_number = base->last_sequence_number + 1;
	s.timestamp_ms = 1700000000000;
	s.manifest_list = "file:///wh/db/t/metadata/snap.avro";
	s.operation = "append";
	return s;
}

/* add-snapshot + set-snapshot-ref(main) on md, in place */
static void commit_snap(struct floe_table_metadata *md, int64_t id)
{
	struct floe_table_metadata next;
	struct floe_snapshot s = snap(id, md);
	struct floe_update u[2];
	struct floe_err err;

	memset(u, 0, sizeof(u));
	u[0].action = FLOE_UPD_ADD_SNAPSHOT;
	u[0].snapshot = &s;
	u[1].action = FLOE_UPD_SET_SNAPSHOT_REF;
	u[1].ref_name = "main";
	u[1].ref_type = "branch";
	u[1].snapshot_id = id;
	if (floe_metadata_apply(&next, md, "file:///wh/db/t/metadata/v.json", u, 2, &err) < 0)
		fail_msg("apply: %s", err.msg);
	floe_metadata_release(md);
	*md = next;
}

static void test_apply_snapshots_and_refs(void **state)
{
	struct floe_table_metadata md, next;
	struct floe_update u[2];
	struct floe_snapshot s;
	struct floe_err err;
	int64_t ids[] = { 11 };

	(void)state;
	base_md(&md);
	commit_snap(&md, 11);
	assert_int_equal(md.current_snapshot_id, 11);
	assert_int_equal(md.last_sequence_number, 1);
	assert_int_equal(md.n_snapshot_log, 1);
	assert_int_equal(md.n_metadata_log, 1);
	assert_int_equal(md.snapshots[0].schema_id, 0);
	commit_snap(&md, 12);
	assert_int_equal(md.current_snapshot_id, 12);
	assert_true(md.snapshots[1].has_parent);
	assert_int_equal(md.snapshots[1].parent_id, 11);
	assert_int_equal(md.last_sequence_number, 2);
	assert_int_equal(md.n_snapshot_log, 2);

	/* a snapshot built on a stale base: its sequence number is not above the table's */
	memset(u, 0, sizeof(u));
	s = snap(13, &md);
	s.sequence_number = 2;
	u[0].action = FLOE_UPD_ADD_SNAPSHOT;
	u[0].snapshot = &s;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_int_equal(err.code, FLOE_ECONFLICT);
	assert_non_null(strstr(err.msg, "sequence number 2"));
	/* an id that exists */
	s = snap(12, &md);
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_int_equal(err.code, FLOE_ECONFLICT);
	/* a ref to a snapshot that is not there */
	u[0].action = FLOE_UPD_SET_SNAPSHOT_REF;
	u[0].ref_name = "main";
	u[0].snapshot_id = 99;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_non_null(strstr(err.msg, "snapshot 99"));
	/* a tag, then removing snapshot 11 is refused while the tag holds it */
	u[0].ref_name = "keep";
	u[0].ref_type = "tag";
	u[0].snapshot_id = 11;
	u[1].action = FLOE_UPD_REMOVE_SNAPSHOTS;
	u[1].ids = ids;
	u[1].n_ids = 1;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 2, &err), -1);
	assert_non_null(strstr(err.msg, "referenced by 'keep'"));
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), 0);
	assert_int_equal(next.n_refs, 2);
	/* remove-snapshot-ref, then remove-snapshots in the same change */
	{
		struct floe_table_metadata n2;
		struct floe_update v[2];
		memset(v, 0, sizeof(v));
		v[0].action = FLOE_UPD_REMOVE_SNAPSHOT_REF;
		v[0].ref_name = "keep";
		v[1] = u[1];
		assert_int_equal(floe_metadata_apply(&n2, &next, NULL, v, 2, &err), 0);
		assert_int_equal(n2.n_refs, 1);
		assert_int_equal(n2.n_snapshots, 1);
		assert_int_equal(n2.n_snapshot_log, 1);
		assert_int_equal(n2.current_snapshot_id, 12);
		floe_metadata_release(&n2);
	}
	floe_metadata_release(&next);
	/* main must be a branch */
	u[0].ref_name = "main";
	u[0].ref_type = "tag";
	u[0].snapshot_id = 11;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_int_equal(err.code, FLOE_EINPUT);
	floe_metadata_release(&md);
}

static void test_apply_schema_spec_props(void **state)
{
	struct floe_table_metadata md, next;
	struct floe_schema s3;
	struct floe_partition_field pf = { 1, 1000, "id_bucket", "bucket[16]" };
	struct floe_partition_spec spec = { 0, &pf, 1 };
	struct floe_kv props[] = { { "a", "1" }, { "b", "2" } };
	const char *rm[] = { "a" };
	struct floe_update u[8];
	struct floe_err err;

	(void)state;
	base_md(&md);
	make_schema(&s3, 3);
	memset(u, 0, sizeof(u));
	u[0].action = FLOE_UPD_ADD_SCHEMA;
	u[0].schema = &s3;
	u[1].action = FLOE_UPD_SET_CURRENT_SCHEMA;
	u[1].id = -1;
	u[2].action = FLOE_UPD_ADD_SPEC;
	u[2].spec = &spec;
	u[3].action = FLOE_UPD_SET_DEFAULT_SPEC;
	u[3].id = -1;
	u[4].action = FLOE_UPD_SET_PROPERTIES;
	u[4].props = props;
	u[4].n_props = 2;
	u[5].action = FLOE_UPD_REMOVE_PROPERTIES;
	u[5].keys = rm;
	u[5].n_keys = 1;
	u[6].action = FLOE_UPD_SET_LOCATION;
	u[6].location = "file:///elsewhere/t";
	u[7].action = FLOE_UPD_UPGRADE_FORMAT_VERSION;
	u[7].format_version = 2;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 8, &err), 0);
	assert_int_equal(next.n_schemas, 2);
	assert_int_equal(next.current_schema_id, 1);
	assert_int_equal(next.last_column_id, 3);
	assert_int_equal(next.n_specs, 2);
	assert_int_equal(next.default_spec_id, 1);
	assert_int_equal(next.last_partition_id, 1000);
	assert_null(floe_metadata_property(&next, "a"));
	assert_string_equal(floe_metadata_property(&next, "b"), "2");
	assert_string_equal(next.location, "file:///elsewhere/t");
	assert_true(next.last_updated_ms >= md.last_updated_ms);
	/* adding the same schema again reuses its id */
	{
		struct floe_table_metadata n2;
		assert_int_equal(floe_metadata_apply(&n2, &next, NULL, u, 2, &err), 0);
		assert_int_equal(n2.n_schemas, 2);
		assert_int_equal(n2.current_schema_id, 1);
		floe_metadata_release(&n2);
	}
	floe_metadata_release(&next);
	/* set-current-schema to an unknown id; -1 without an add-schema */
	u[0].action = FLOE_UPD_SET_CURRENT_SCHEMA;
	u[0].id = 7;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_int_equal(err.code, FLOE_EINPUT);
	u[0].id = -1;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	/* a spec over a column that does not exist */
	pf.source_id = 42;
	u[0].action = FLOE_UPD_ADD_SPEC;
	u[0].spec = &spec;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	assert_non_null(strstr(err.msg, "source id 42"));
	/* assign-uuid may not change an existing uuid; a downgrade is refused */
	u[0].action = FLOE_UPD_ASSIGN_UUID;
	u[0].uuid = "00000000-0000-4000-8000-000000000000";
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	u[0].uuid = md.table_uuid;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), 0);
	floe_metadata_release(&next);
	u[0].action = FLOE_UPD_UPGRADE_FORMAT_VERSION;
	u[0].format_version = 1;
	assert_int_equal(floe_metadata_apply(&next, &md, NULL, u, 1, &err), -1);
	floe_schema_release(&s3);
	floe_metadata_release(&md);
}

static void test_requirements(void **state)
{
	struct floe_table_metadata md;
	struct floe_requirement r[6];
	struct floe_err err;
	size_t n;

	(void)state;
	base_md(&md);
	memset(r, 0, sizeof(r));
	/* assert-create: only when the table does not exist */
	r[0].type = FLOE_REQ_ASSERT_CREATE;
	assert_int_equal(floe_requirements_check(NULL, r, 1, &err), 0);
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	assert_int_equal(err.code, FLOE_ECONFLICT);
	/* a ref that must not exist yet, then exists */
	r[0].type = FLOE_REQ_ASSERT_REF_SNAPSHOT_ID;
	r[0].ref = "main";
	r[0].has_snapshot = false;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), 0);
	commit_snap(&md, 21);
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	assert_int_equal(err.code, FLOE_ECONFLICT);
	/* the requirements for this base hold; after another commit the snapshot id is stale */
	n = floe_requirements_for_base(&md, true, true, r);
	assert_int_equal(n, 6);
	assert_int_equal(floe_requirements_check(&md, r, n, &err), 0);
	commit_snap(&md, 22);
	assert_int_equal(floe_requirements_check(&md, r, n, &err), -1);
	assert_int_equal(err.code, FLOE_ECONFLICT);
	assert_non_null(strstr(err.msg, "assert-ref-snapshot-id"));
	assert_non_null(strstr(err.msg, "at snapshot 22, not 21"));
	/* wrong uuid */
	memset(r, 0, sizeof(r));
	r[0].type = FLOE_REQ_ASSERT_TABLE_UUID;
	r[0].uuid = "00000000-0000-4000-8000-000000000000";
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	assert_non_null(strstr(err.msg, "assert-table-uuid"));
	/* schema id, field id, spec ids, sort order */
	r[0].type = FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID;
	r[0].id = 1;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	assert_non_null(strstr(err.msg, "assert-current-schema-id failed: it is 0, not 1"));
	r[0].type = FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID;
	r[0].id = 2;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), 0);
	r[0].id = 3;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	r[0].type = FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID;
	r[0].id = 999;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), 0);
	r[0].type = FLOE_REQ_ASSERT_DEFAULT_SPEC_ID;
	r[0].id = 1;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), -1);
	r[0].type = FLOE_REQ_ASSERT_DEFAULT_SORT_ORDER_ID;
	r[0].id = 0;
	assert_int_equal(floe_requirements_check(&md, r, 1, &err), 0);
	/* a table that does not exist fails every other requirement */
	assert_int_equal(floe_requirements_check(NULL, r, 1, &err), -1);
	floe_metadata_release(&md);
}

static void test_json_shapes(void **state)
{
	struct floe_table_metadata md;
	struct floe_requirement r[6];
	struct floe_update u[4];
	struct floe_snapshot s;
	struct floe_kv kv[] = { { "floe.lsn", "0/16" } };
	struct floe_kv props[] = { { "k", "v" } };
	const char *rm[] = { "x" };
	json_t *j;
	char *text;
	size_t n;

	(void)state;
	base_md(&md);
	s = snap(31, &md);
	s.summary = kv;
	s.n_summary = 1;
	memset(u, 0, sizeof(u));
	u[0].action = FLOE_UPD_ADD_SNAPSHOT;
	u[0].snapshot = &s;
	u[1].action = FLOE_UPD_SET_SNAPSHOT_REF;
	u[1].ref_name = "main";
	u[1].snapshot_id = 31;
	u[2].action = FLOE_UPD_SET_PROPERTIES;
	u[2].props = props;
	u[2].n_props = 1;
	u[3].action = FLOE_UPD_REMOVE_PROPERTIES;
	u[3].keys = rm;
	u[3].n_keys = 1;
	j = floe_updates_to_json(u, 4);
	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(
		text, "[{\"action\":\"add-snapshot\",\"snapshot\":{\"manifest-list\":\"file:///wh/db/t/metadata/snap.avro\","
		      "\"sequence-number\":1,\"snapshot-id\":31,\"summary\":{\"floe.lsn\":\"0/16\",\"operation\":\"append\"},"
		      "\"timestamp-ms\":1700000000000}},"
		      "{\"action\":\"set-snapshot-ref\",\"ref-name\":\"main\",\"snapshot-id\":31,\"type\":\"branch\"},"
		      "{\"action\":\"set-properties\",\"updates\":{\"k\":\"v\"}},"
		      "{\"action\":\"remove-properties\",\"removals\":[\"x\"]}]");
	free(text);
	json_decref(j);
	n = floe_requirements_for_base(&md, true, false, r);
	j = floe_requirements_to_json(r, n);
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	{
		char want[512];
		snprintf(want, sizeof(want),
			 "[{\"type\":\"assert-table-uuid\",\"uuid\":\"%s\"},"
			 "{\"ref\":\"main\",\"snapshot-id\":null,\"type\":\"assert-ref-snapshot-id\"},"
			 "{\"last-assigned-field-id\":2,\"type\":\"assert-last-assigned-field-id\"},"
			 "{\"current-schema-id\":0,\"type\":\"assert-current-schema-id\"}]",
			 md.table_uuid);
		assert_string_equal(text, want);
	}
	free(text);
	json_decref(j);
	floe_metadata_release(&md);
}

/* ---------- floe_table_transact under faults ---------- */

struct fault_catalog {
	struct floe_catalog base;
	struct floe_catalog *inner;
	struct floe_table *rival;   /* commits first on the first `conflicts` commit calls */
	struct floe_storage *rival_st;
	int conflicts;
	int unknown_landed;         /* this commit call lands, then reports an unknown outcome */
	int unknown_lost;           /* this commit call does nothing and reports an unknown outcome */
	bool fail_loads;            /* every load fails (after an unknown outcome: cannot tell) */
	int commits;
};

static const char *fc_backend(const struct floe_catalog *c)
{
	(void)c;
	return "fault";
}

static void fc_close(struct floe_catalog *c)
{
	free(c);
}

#define INNER(c) (((struct fault_catalog *)(c))->inner)
static int fc_create_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err)
{
	return floe_catalog_create_namespace(INNER(c), ns, err);
}
static int fc_namespace_exists(struct floe_catalog *c, const char *ns, bool *ex, struct floe_err *err)
{
	return floe_catalog_namespace_exists(INNER(c), ns, ex, err);
}
static int fc_list_namespaces(struct floe_catalog *c, char ***out, size_t *n, struct floe_err *err)
{
	return floe_catalog_list_namespaces(INNER(c), out, n, err);
}
static int fc_drop_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err)
{
	return floe_catalog_drop_namespace(INNER(c), ns, err);
}
static int fc_list_tables(struct floe_catalog *c, const char *ns, struct floe_catalog_table **out, size_t *n,
			  struct floe_err *err)
{
	return floe_catalog_list_tables(INNER(c), ns, out, n, err);
}
static int fc_drop_table(struct floe_catalog *c, const char *ns, const char *name, struct floe_err *err)
{
	return floe_catalog_drop_table(INNER(c), ns, name, err);
}
static int fc_create_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			   const struct floe_table_metadata *md, char **loc, struct floe_err *err)
{
	return floe_catalog_create_table(INNER(c), st, ns, name, md, loc, err);
}
static int fc_load_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			 const char *known, char **loc, struct floe_table_metadata *md, bool *unchanged,
			 struct floe_err *err)
{
	if (((struct fault_catalog *)c)->fail_loads)
		return floe_err_setc(err, FLOE_ERETRYABLE, "injected fault: the catalog is unreachable");
	return floe_catalog_load_table(INNER(c), st, ns, name, known, loc, md, unchanged, err);
}

static int fc_commit_table(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
			   char **loc, struct floe_table_metadata *md, struct floe_err *err)
{
	struct fault_catalog *fc = (struct fault_catalog *)c;
	int n = ++fc->commits;

	if (n <= fc->conflicts) {
		/* a real concurrent writer lands first: the pointer swap below loses */
		struct floe_data_file f;
		struct floe_commit rc;
		char path[64];
		memset(&f, 0, sizeof(f));
		snprintf(path, sizeof(path), "file:///nowhere/rival-%d.parquet", n);
		f.content = FLOE_CONTENT_DATA;
		f.file_path = path;
		f.file_format = "PARQUET";
		f.record_count = 1;
		f.file_size_in_bytes = 100;
		f.sort_order_id = -1;
		memset(&rc, 0, sizeof(rc));
		rc.data_files = &f;
		rc.n_data_files = 1;
		assert_int_equal(floe_table_refresh(fc->rival, err), 0);
		if (floe_table_commit(fc->rival, &rc, NULL, err) < 0)
			fail_msg("rival commit: %s", err->msg);
	}
	if (n == fc->unknown_lost)
		return floe_err_setc(err, FLOE_EUNKNOWN, "injected fault: the connection broke before the answer");
	if (floe_catalog_commit_table(fc->inner, st, cc, loc, md, err) < 0)
		return -1;
	if (n == fc->unknown_landed) {
		floe_metadata_release(md);
		/* *loc stays: the pointer catalog names the file it wrote */
		return floe_err_setc(err, FLOE_EUNKNOWN, "injected fault: the connection broke after the commit");
	}
	return 0;
}

static const struct floe_catalog_ops fc_ops = {
	.backend = fc_backend,
	.close = fc_close,
	.create_namespace = fc_create_namespace,
	.namespace_exists = fc_namespace_exists,
	.list_namespaces = fc_list_namespaces,
	.drop_namespace = fc_drop_namespace,
	.list_tables = fc_list_tables,
	.drop_table = fc_drop_table,
	.create_table = fc_create_table,
	.load_table = fc_load_table,
	.commit_table = fc_commit_table,
};

struct env {
	char dir[128];
	char wh[160];
	struct floe_catalog *sql;
	struct fault_catalog *fc;
	struct floe_storage *local;
	struct floe_storage *st;
	struct floe_storage_faults faults;
	struct floe_schema schema;
	struct floe_table *t;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	char db[200];
	struct floe_err err;

	snprintf(e->dir, sizeof(e->dir), "/tmp/floe-txn-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->wh, sizeof(e->wh), "%s/wh", e->dir);
	snprintf(db, sizeof(db), "%s/catalog.db", e->dir);
	assert_int_equal(floe_catalog_open(db, "test", &e->sql, &err), 0);
	assert_int_equal(floe_storage_open(e->wh, &e->local, &err), 0);
	e->st = floe_storage_fault_new(e->local, &e->faults);
	e->fc = calloc(1, sizeof(*e->fc));
	e->fc->base.ops = &fc_ops;
	e->fc->inner = e->sql;
	make_schema(&e->schema, 2);
	assert_int_equal(floe_table_create(&e->fc->base, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &e->t, &err), 0);
	e->t->backoff_ms = 1;
	assert_int_equal(floe_table_load(e->sql, e->local, "db", "t", &e->fc->rival, &err), 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[200];

	floe_table_free(e->t);
	floe_table_free(e->fc->rival);
	floe_catalog_close(&e->fc->base);
	floe_catalog_close(e->sql);
	floe_storage_free(e->st);
	floe_storage_free(e->local);
	floe_schema_release(&e->schema);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static int count_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	(void)uri;
	(void)size;
	(void)err;
	(*(int *)arg)++;
	return 0;
}

static int n_metadata_files(struct env *e)
{
	char p[256];
	struct floe_err err;
	int n = 0;

	snprintf(p, sizeof(p), "%s/db/t/metadata", e->wh);
	assert_int_equal(floe_storage_list(e->local, p, count_cb, &n, &err), 0);
	return n;
}

static int commit_one(struct env *e, const char *name, int64_t *sid, struct floe_err *err)
{
	struct floe_data_file f;
	struct floe_commit c;
	char path[256];

	memset(&f, 0, sizeof(f));
	snprintf(path, sizeof(path), "file://%s/db/t/data/%s.parquet", e->wh, name);
	f.content = FLOE_CONTENT_DATA;
	f.file_path = path;
	f.file_format = "PARQUET";
	f.record_count = 5;
	f.file_size_in_bytes = 500;
	f.sort_order_id = -1;
	memset(&c, 0, sizeof(c));
	c.data_files = &f;
	c.n_data_files = 1;
	return floe_table_commit(e->t, &c, sid, err);
}

static void test_conflict_retried(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	int64_t sid = 0;

	e->fc->conflicts = 2; /* two lost races, the third attempt lands */
	assert_int_equal(commit_one(e, "a", &sid, &err), 0);
	assert_int_equal(e->fc->commits, 3);
	assert_int_equal(e->t->md.n_snapshots, 3); /* both rivals and ours: nothing lost */
	assert_int_equal(e->t->md.current_snapshot_id, sid);
	assert_int_equal(e->t->md.last_sequence_number, 3);
	assert_string_equal(floe_table_summary(e->t, "total-data-files"), "3");
	/* every lost attempt's manifest list and metadata file were removed:
	 * v0, 3 metadata files, 3 manifest lists, 3 manifests (2 rival + ours) */
	assert_int_equal(n_metadata_files(e), 1 + 3 + 3 + 3);

	/* out of attempts: a conflict on every try ends with FLOE_ECONFLICT and no files */
	{
		int before = n_metadata_files(e);
		e->fc->commits = 0;
		e->fc->conflicts = 100;
		e->t->max_attempts = 3;
		assert_int_equal(commit_one(e, "b", &sid, &err), -1);
		assert_int_equal(err.code, FLOE_ECONFLICT);
		/* the rivals' 3 commits added 3 files each; ours left nothing */
		assert_int_equal(n_metadata_files(e), before + 9);
	}
}

static void test_unknown_landed(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	int64_t sid = 0;
	int before = n_metadata_files(e);

	e->fc->unknown_landed = 1;
	assert_int_equal(commit_one(e, "a", &sid, &err), 0);
	assert_int_equal(e->fc->commits, 1); /* not written twice */
	assert_int_equal(e->t->md.n_snapshots, 1);
	assert_non_null(floe_metadata_snapshot(&e->t->md, sid));
	assert_int_equal(n_metadata_files(e), before + 3);
}

static void test_unknown_lost(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	int64_t sid = 0;
	int before = n_metadata_files(e);

	e->fc->unknown_lost = 1;
	assert_int_equal(commit_one(e, "a", &sid, &err), -1);
	assert_int_equal(err.code, FLOE_EUNKNOWN);
	assert_non_null(strstr(err.msg, "does not show it yet"));
	assert_int_equal(e->fc->commits, 1); /* not retried blindly */
	assert_int_equal(e->t->md.n_snapshots, 0);
	/* the files stay (the commit might still land): the manifest and the manifest list */
	assert_int_equal(n_metadata_files(e), before + 2);
	/* the caller writes again: lands once */
	assert_int_equal(commit_one(e, "a", &sid, &err), 0);
	assert_int_equal(e->t->md.n_snapshots, 1);
	assert_int_equal(e->t->md.last_sequence_number, 1);
}

static void test_unknown_cannot_tell(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	int64_t sid = 0;
	int before = n_metadata_files(e);

	e->fc->unknown_landed = 1;
	e->fc->fail_loads = true;
	assert_int_equal(commit_one(e, "a", &sid, &err), -1);
	assert_int_equal(err.code, FLOE_EUNKNOWN);
	assert_non_null(strstr(err.msg, "outcome unknown"));
	assert_non_null(strstr(err.msg, "files are kept"));
	assert_non_null(strstr(err.msg, "reloading to find out failed too"));
	assert_int_equal(n_metadata_files(e), before + 3);
	e->fc->fail_loads = false;
	assert_int_equal(floe_table_refresh(e->t, &err), 0);
	assert_int_equal(e->t->md.n_snapshots, 1); /* it had landed */
}

static void test_fail_before_swap(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	int64_t sid = 0;
	int before = n_metadata_files(e), puts;

	/* commit = put manifest, put manifest list, put metadata file: each one fails in turn,
	 * before and after its object was written; nothing is left and nothing is committed */
	for (int k = 1; k <= 3; k++) {
		for (int after = 0; after < 2; after++) {
			memset(&e->faults, 0, sizeof(e->faults));
			if (after)
				e->faults.fail_put_after = k;
			else
				e->faults.fail_put = k;
			e->fc->commits = 0;
			assert_int_equal(commit_one(e, "x", &sid, &err), -1);
			assert_int_equal(err.code, FLOE_ERETRYABLE);
			assert_non_null(strstr(err.msg, "injected fault"));
			assert_int_equal(e->fc->commits, k == 3 ? 1 : 0);
			assert_int_equal(n_metadata_files(e), before);
			assert_int_equal(floe_table_refresh(e->t, &err), 0);
			assert_int_equal(e->t->md.n_snapshots, 0);
		}
	}
	memset(&e->faults, 0, sizeof(e->faults));
	assert_int_equal(commit_one(e, "ok", &sid, &err), 0);
	puts = e->faults.puts;
	assert_int_equal(puts, 3);
	assert_int_equal(n_metadata_files(e), before + 3);
}

/* a change with no updates commits nothing; properties go through the same loop */
static void test_properties_and_noop(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	struct floe_kv kv[] = { { "floe.resnapshot", "true" } };
	const char *rm[] = { "floe.resnapshot" };
	int before = n_metadata_files(e);

	e->fc->conflicts = 1;
	assert_int_equal(floe_table_set_properties(e->t, kv, 1, NULL, 0, &err), 0);
	assert_int_equal(e->fc->commits, 2);
	assert_string_equal(floe_metadata_property(&e->t->md, "floe.resnapshot"), "true");
	assert_int_equal(e->t->md.n_snapshots, 1); /* the rival's */
	assert_int_equal(floe_table_set_properties(e->t, NULL, 0, rm, 1, &err), 0);
	assert_null(floe_metadata_property(&e->t->md, "floe.resnapshot"));
	assert_int_equal(floe_table_set_properties(e->t, kv, 1, rm, 1, &err), -1);
	assert_int_equal(err.code, FLOE_EINPUT);
	/* 3 files of the rival's commit, 2 metadata files of ours */
	assert_int_equal(n_metadata_files(e), before + 3 + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_snapshots_and_refs),
		cmocka_unit_test(test_apply_schema_spec_props),
		cmocka_unit_test(test_requirements),
		cmocka_unit_test(test_json_shapes),
		cmocka_unit_test_setup_teardown(test_conflict_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_landed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_cannot_tell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_before_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_properties_and_noop, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
