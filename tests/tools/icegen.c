/*
 * icegen.c — test driver: builds Iceberg tables through floe's table layer
 * from JSON commands on stdin, one per line, so script tests and benches can
 * make tables with exact contents. Usage: icegen WAREHOUSE CATALOG_URI [NAME]
 *
 *   {"op":"create","table":"db.t","schema":{...Iceberg schema JSON...},"properties":{}}
 *   {"op":"commit","table":"db.t","rows":[[...]],"delete":[[key...]],"truncate":false,
 *    "summary":{"floe.lsn":"0/10"}}
 *   {"op":"expire","table":"db.t","retain":3}   (expire all but 3, deleting files)
 *
 * Catalog operations (each prints one JSON line; a failure prints
 * {"error":"...","code":N} and the next command runs):
 *   {"op":"create_namespace","namespace":"a"}   {"op":"drop_namespace","namespace":"a"}
 *   {"op":"namespace_exists","namespace":"a"}   {"op":"list_namespaces"}
 *   {"op":"list_tables"} (or with "namespace")  {"op":"drop_table","table":"a.t"}
 *
 * Values: JSON numbers/booleans/strings as the column type needs; date as
 * "YYYY-MM-DD" or days; time/timestamps as integer µs; decimal as a string;
 * uuid canonical; binary/fixed as hex; floats may be "NaN"/"Infinity". Each
 * commit prints {"snapshot_id":..,"sequence_number":..,"metadata":".."}.
 * Not part of floe: no input checking beyond what a test needs.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "iceberg/expire.h"
#include "iceberg/rowdelta.h"
#include "iceberg/table.h"
#include "storage/storage.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int hex_bytes(struct floe_arena *a, const char *s, struct floe_value *v)
{
	size_t n, i, j = 0;
	uint8_t *out;

	if (s[0] == '\\' && s[1] == 'x')
		s += 2;
	n = strlen(s);
	out = floe_arena_alloc(a, n / 2 + 1);
	for (i = 0; i + 1 < n + 1 && s[i]; i++) {
		int h, l;
		if (s[i] == '-')
			continue;
		h = hexval(s[i]);
		l = s[i + 1] ? hexval(s[i + 1]) : -1;
		if (h < 0 || l < 0)
			return -1;
		out[j++] = (uint8_t)(h << 4 | l);
		i++;
	}
	v->u.bytes.p = out;
	v->u.bytes.len = (uint32_t)j;
	return 0;
}

static int parse_decimal(const char *s, int scale, floe_i128 *out)
{
	floe_i128 v = 0;
	int neg = 0, frac = -1;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return -1;
		if (frac >= 0) {
			if (frac == scale)
				return -1;
			frac++;
		}
		v = v * 10 + (*s - '0');
	}
	if (frac < 0)
		frac = 0;
	for (; frac < scale; frac++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

static int prim(struct floe_arena *a, enum floe_type_id id, int scale, const json_t *j, struct floe_value *v)
{
	memset(v, 0, sizeof(*v));
	if (json_is_null(j)) {
		v->is_null = true;
		return 0;
	}
	switch (id) {
	case FLOE_T_BOOLEAN:
		v->u.b = json_is_true(j);
		return json_is_boolean(j) ? 0 : -1;
	case FLOE_T_INT:
		v->u.i32 = (int32_t)json_integer_value(j);
		return json_is_integer(j) ? 0 : -1;
	case FLOE_T_DATE:
		if (json_is_string(j)) {
			int y, m, d;
			if (sscanf(json_string_value(j), "%d-%d-%d", &y, &m, &d) != 3)
				return -1;
			v->u.i32 = (int32_t)floe_days_from_civil(y, m, d);
			return 0;
		}
		v->u.i32 = (int32_t)json_integer_value(j);
		return json_is_integer(j) ? 0 : -1;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		if (json_is_string(j)) {
			v->u.i64 = strtoll(json_string_value(j), NULL, 10);
			return 0;
		}
		v->u.i64 = (int64_t)json_integer_value(j);
		return json_is_integer(j) ? 0 : -1;
	case FLOE_T_FLOAT:
	case FLOE_T_DOUBLE: {
		double d;
		if (json_is_string(j)) {
			const char *s = json_string_value(j);
			d = !strcmp(s, "NaN") ? NAN : !strcmp(s, "Infinity") ? INFINITY : -INFINITY;
		} else {
			d = json_number_value(j);
		}
		if (id == FLOE_T_FLOAT)
			v->u.f32 = (float)d;
		else
			v->u.f64 = d;
		return 0;
	}
	case FLOE_T_DECIMAL:
		return json_is_string(j) ? parse_decimal(json_string_value(j), scale, &v->u.dec) : -1;
	case FLOE_T_STRING:
		if (!json_is_string(j))
			return -1;
		v->u.bytes.p = floe_arena_memdup(a, json_string_value(j), json_string_length(j) + 1);
		v->u.bytes.len = (uint32_t)json_string_length(j);
		return 0;
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
	case FLOE_T_BINARY:
		return json_is_string(j) ? hex_bytes(a, json_string_value(j), v) : -1;
	case FLOE_T_LIST:
		return -1;
	}
	return -1;
}

static int value(struct floe_arena *a, const struct floe_type *t, const json_t *j, struct floe_value *v)
{
	size_t i;

	if (t->id != FLOE_T_LIST)
		return prim(a, t->id, t->scale, j, v);
	memset(v, 0, sizeof(*v));
	if (json_is_null(j)) {
		v->is_null = true;
		return 0;
	}
	if (!json_is_array(j))
		return -1;
	v->u.list.n = (uint32_t)json_array_size(j);
	v->u.list.items = floe_arena_alloc(a, (v->u.list.n + 1) * sizeof(struct floe_value));
	for (i = 0; i < v->u.list.n; i++)
		if (prim(a, t->elem_id, t->elem_scale, json_array_get(j, i), &v->u.list.items[i]) < 0)
			return -1;
	return 0;
}

static struct floe_value *rows_of(struct floe_arena *a, const json_t *arr, const struct floe_field *const *cols,
				  size_t ncols, size_t *n)
{
	struct floe_value *out;
	size_t i, k;

	*n = json_array_size(arr);
	out = floe_arena_alloc(a, (*n * ncols + 1) * sizeof(*out));
	for (i = 0; i < *n; i++) {
		const json_t *row = json_array_get(arr, i);
		if (json_array_size(row) != ncols) {
			fprintf(stderr, "icegen: row %zu has %zu values, want %zu\n", i, json_array_size(row), ncols);
			return NULL;
		}
		for (k = 0; k < ncols; k++)
			if (value(a, &cols[k]->type, json_array_get(row, k), &out[i * ncols + k]) < 0) {
				fprintf(stderr, "icegen: row %zu column '%s': bad value\n", i, cols[k]->name);
				return NULL;
			}
	}
	return out;
}

/* The catalog operations; returns 1 when `op` is not one of them. */
static int catalog_op(struct floe_catalog *cat, const char *op, const json_t *cmd)
{
	const char *ns = json_string_value(json_object_get(cmd, "namespace"));
	const char *full = json_string_value(json_object_get(cmd, "table"));
	json_t *out = json_object(), *arr;
	struct floe_err err;
	char **names = NULL, *tns = NULL, *tn = NULL, *text;
	struct floe_catalog_table *tabs = NULL;
	size_t n = 0, i;
	bool ex;
	int rc = -1;

	if (!strcmp(op, "create_namespace")) {
		rc = floe_catalog_create_namespace(cat, ns ? ns : "", &err);
	} else if (!strcmp(op, "drop_namespace")) {
		rc = floe_catalog_drop_namespace(cat, ns ? ns : "", &err);
	} else if (!strcmp(op, "namespace_exists")) {
		rc = floe_catalog_namespace_exists(cat, ns ? ns : "", &ex, &err);
		if (rc == 0)
			json_object_set_new(out, "exists", json_boolean(ex));
	} else if (!strcmp(op, "list_namespaces")) {
		rc = floe_catalog_list_namespaces(cat, &names, &n, &err);
		arr = json_array();
		for (i = 0; rc == 0 && i < n; i++)
			json_array_append_new(arr, json_string(names[i]));
		json_object_set_new(out, "namespaces", arr);
		floe_catalog_strings_free(names, n);
	} else if (!strcmp(op, "list_tables")) {
		rc = floe_catalog_list_tables(cat, ns, &tabs, &n, &err);
		arr = json_array();
		for (i = 0; rc == 0 && i < n; i++) {
			char buf[600];
			snprintf(buf, sizeof(buf), "%s.%s", tabs[i].namespace_, tabs[i].name);
			json_array_append_new(arr, json_string(buf));
		}
		json_object_set_new(out, "tables", arr);
		floe_catalog_tables_free(tabs, n);
	} else if (!strcmp(op, "drop_table")) {
		rc = floe_table_split_name(full ? full : "", &tns, &tn, &err);
		if (rc == 0)
			rc = floe_catalog_drop_table(cat, tns, tn, &err);
		free(tns);
		free(tn);
	} else {
		json_decref(out);
		return 1;
	}
	if (rc < 0) {
		json_object_clear(out);
		json_object_set_new(out, "error", json_string(err.msg));
		json_object_set_new(out, "code", json_integer(err.code));
	} else {
		json_object_set_new(out, "ok", json_true());
	}
	text = json_dumps(out, JSON_COMPACT);
	printf("%s\n", text ? text : "{}");
	fflush(stdout);
	free(text);
	json_decref(out);
	return 0;
}

int main(int argc, char **argv)
{
	struct floe_catalog *cat = NULL;
	struct floe_storage *st = NULL;
	struct floe_err err;
	char line[1 << 20];
	int rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: icegen WAREHOUSE CATALOG_URI [NAME] < commands.jsonl\n");
		return 2;
	}
	if (floe_catalog_open(argv[2], argc > 3 ? argv[3] : "floe", &cat, &err) < 0 ||
	    floe_storage_open(argv[1], &st, &err) < 0) {
		fprintf(stderr, "icegen: %s\n", err.msg);
		goto out;
	}
	while (fgets(line, sizeof(line), stdin)) {
		json_error_t je;
		json_t *cmd = json_loads(line, 0, &je);
		const char *op, *full;
		char *ns = NULL, *name = NULL;
		struct floe_table *t = NULL;
		struct floe_arena a;
		int ok = -1;

		if (!cmd) {
			if (line[0] == '\n' || line[0] == '#')
				continue;
			fprintf(stderr, "icegen: bad JSON: %s\n", je.text);
			goto out;
		}
		op = json_string_value(json_object_get(cmd, "op"));
		if (op && catalog_op(cat, op, cmd) == 0) {
			json_decref(cmd);
			continue;
		}
		floe_arena_init(&a, 0);
		full = json_string_value(json_object_get(cmd, "table"));
		if (!op || floe_table_split_name(full, &ns, &name, &err) < 0) {
			fprintf(stderr, "icegen: need op and table\n");
		} else if (!strcmp(op, "create")) {
			struct floe_schema s;
			struct floe_kv props[32];
			size_t np = 0;
			const char *k;
			json_t *v;
			json_object_foreach(json_object_get(cmd, "properties"), k, v) if (np < 32)
			{
				props[np].key = k;
				props[np++].value = json_string_value(v);
			}
			if (floe_schema_from_json(json_object_get(cmd, "schema"), &s, &err) == 0) {
				ok = floe_table_create(cat, st, argv[1], ns, name, &s, props, np, &t, &err);
				floe_schema_release(&s);
			}
			if (ok == 0)
				printf("{\"metadata\":\"%s\"}\n", t->metadata_location);
		} else if (!strcmp(op, "expire") && floe_table_load(cat, st, ns, name, &t, &err) == 0) {
			struct floe_expire_opts eo;
			struct floe_expire_stats es;
			memset(&eo, 0, sizeof(eo));
			eo.older_than_ms = INT64_MAX;
			eo.retain_last = (int)json_integer_value(json_object_get(cmd, "retain"));
			eo.delete_files = true;
			ok = floe_table_expire_snapshots(t, &eo, &es, &err);
			if (ok == 0)
				printf("{\"expired\":%" PRId64 ",\"files_deleted\":%" PRId64 ",\"manifests_deleted\":%" PRId64
				       ",\"metadata\":\"%s\"}\n",
				       es.snapshots_expired, es.files_deleted, es.manifests_deleted, t->metadata_location);
		} else if (!strcmp(op, "commit") && floe_table_load(cat, st, ns, name, &t, &err) == 0) {
			const struct floe_schema *s = floe_metadata_current_schema(&t->md);
			const struct floe_field *cols[256], *keys[32];
			struct floe_row_batch b;
			struct floe_kv kv[32];
			size_t i, nk = 0;
			const char *k;
			json_t *v;
			int64_t sid;

			memset(&b, 0, sizeof(b));
			for (i = 0; i < s->n_fields && i < 256; i++)
				cols[i] = &s->fields[i];
			for (i = 0; i < s->n_identifier_ids && i < 32; i++)
				keys[nk++] = floe_schema_field(s, s->identifier_ids[i]);
			b.truncate = json_is_true(json_object_get(cmd, "truncate"));
			b.rows = rows_of(&a, json_object_get(cmd, "rows"), cols, s->n_fields, &b.n_rows);
			b.delete_keys = rows_of(&a, json_object_get(cmd, "delete"), keys, nk, &b.n_delete_keys);
			json_object_foreach(json_object_get(cmd, "summary"), k, v) if (b.n_summary < 32)
			{
				kv[b.n_summary].key = k;
				kv[b.n_summary++].value = json_string_value(v);
			}
			b.summary = kv;
			if (b.rows && b.delete_keys)
				ok = floe_table_write_rows(t, &b, NULL, &sid, &err);
			else
				floe_err_set(&err, "bad rows");
			if (ok == 0)
				printf("{\"snapshot_id\":%" PRId64 ",\"sequence_number\":%" PRId64 ",\"metadata\":\"%s\"}\n",
				       sid, floe_table_current_snapshot(t)->sequence_number, t->metadata_location);
		}
		if (ok < 0)
			fprintf(stderr, "icegen: %s: %s\n", op ? op : "?", err.msg);
		fflush(stdout);
		floe_table_free(t);
		free(ns);
		free(name);
		floe_arena_release(&a);
		json_decref(cmd);
		if (ok < 0)
			goto out;
	}
	rc = 0;
out:
	floe_catalog_close(cat);
	floe_storage_free(st);
	return rc;
}
