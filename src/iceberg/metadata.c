/*
 * metadata.c — table metadata v2: parse (jansson), validate, write (directly,
 * one snapshot per line), new table, deep copy, add or remove snapshots (see
 * metadata.h). Unknown keys are carried through as JSON. No I/O.
 */
#include "iceberg/metadata.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/timeutil.h"
#include "iceberg/update.h"

static const char *const known_keys[] = {
	"format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms", "last-column-id",
	"schemas", "current-schema-id", "partition-specs", "default-spec-id", "last-partition-id", "sort-orders",
	"default-sort-order-id", "properties", "current-snapshot-id", "refs", "snapshots", "snapshot-log",
	"metadata-log", "schema", "partition-spec",
};

static int random_bytes(void *p, size_t n, struct floe_err *err)
{
	uint8_t *b = p;
	size_t done = 0;

	while (done < n) {
		ssize_t r = getrandom(b + done, n - done, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return floe_err_setc(err, errno, "getrandom: %s", strerror(errno));
		}
		done += (size_t)r;
	}
	return 0;
}

int floe_uuid4(char out[37], struct floe_err *err)
{
	uint8_t b[16];

	if (random_bytes(b, sizeof(b), err) < 0)
		return -1;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

int floe_new_snapshot_id(int64_t *id, struct floe_err *err)
{
	uint64_t v;

	do {
		if (random_bytes(&v, sizeof(v), err) < 0)
			return -1;
		v &= (UINT64_C(1) << 53) - 1;
	} while (v == 0);
	*id = (int64_t)v;
	return 0;
}

int floe_metadata_file_version(const char *path)
{
	const char *base = strrchr(path, '/');
	int v = 0, i;

	base = base ? base + 1 : path;
	for (i = 0; i < 5; i++) {
		if (base[i] < '0' || base[i] > '9')
			return -1;
		v = v * 10 + (base[i] - '0');
	}
	if (base[5] != '-' || !strstr(base, ".metadata.json"))
		return -1;
	return v;
}

/* ---------- parsing helpers ---------- */

static const char *arena_str(struct floe_table_metadata *md, const char *s)
{
	return floe_arena_strdup(&md->arena, s);
}

static void *arena_array(struct floe_table_metadata *md, size_t n, size_t size)
{
	void *p;

	if (n == 0)
		n = 1;
	p = floe_arena_alloc(&md->arena, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

static int get_i64(const json_t *o, const char *key, bool required, int64_t *out, struct floe_err *err)
{
	const json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v)) {
		if (required)
			return floe_err_set(err, "missing required \"%s\"", key);
		return 1;
	}
	if (!json_is_integer(v))
		return floe_err_set(err, "\"%s\" must be an integer", key);
	*out = (int64_t)json_integer_value(v);
	return 0;
}

static int get_int(const json_t *o, const char *key, bool required, int *out, struct floe_err *err)
{
	int64_t v = 0;
	int rc = get_i64(o, key, required, &v, err);

	if (rc != 0)
		return rc;
	if (v < INT32_MIN || v > INT32_MAX)
		return floe_err_set(err, "\"%s\" is out of range: %" PRId64, key, v);
	*out = (int)v;
	return 0;
}

static int get_str(struct floe_table_metadata *md, const json_t *o, const char *key, bool required,
		   const char **out, struct floe_err *err)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return floe_err_set(err, "missing required \"%s\"", key);
		return 1;
	}
	if (!json_is_string(v))
		return floe_err_set(err, "\"%s\" must be a string", key);
	*out = arena_str(md, json_string_value(v));
	if (!*out)
		return floe_err_set(err, "out of memory");
	return 0;
}

static int parse_kvs(struct floe_table_metadata *md, const json_t *o, const char *skip, struct floe_kv **out,
		     size_t *n, struct floe_err *err)
{
	const char *k;
	json_t *v;
	size_t i = 0;

	*out = arena_array(md, json_object_size(o), sizeof(**out));
	*n = 0;
	if (!*out)
		return floe_err_set(err, "out of memory");
	json_object_foreach((json_t *)o, k, v) {
		char num[32];
		const char *sv;
		if (skip && !strcmp(k, skip))
			continue;
		if (json_is_string(v)) {
			sv = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			sv = num;
		} else {
			return floe_err_set(err, "value of \"%s\" must be a string", k);
		}
		(*out)[i].key = arena_str(md, k);
		(*out)[i].value = arena_str(md, sv);
		if (!(*out)[i].key || !(*out)[i].value)
			return floe_err_set(err, "out of memory");
		i++;
	}
	*n = i;
	return 0;
}

/* The fields of one snapshot; the caller prefixes errors with the snapshot id. */
static int parse_snapshot_fields(struct floe_table_metadata *md, const json_t *j, struct floe_snapshot *s,
				 struct floe_err *err)
{
	const json_t *sum;
	int rc;

	if (get_i64(j, "sequence-number", true, &s->sequence_number, err) < 0 ||
	    get_i64(j, "timestamp-ms", true, &s->timestamp_ms, err) < 0 ||
	    get_str(md, j, "manifest-list", true, &s->manifest_list, err) < 0)
		return -1;
	rc = get_int(j, "schema-id", false, &s->schema_id, err);
	if (rc < 0)
		return -1;
	s->has_schema_id = rc == 0;
	sum = json_object_get(j, "summary");
	if (!json_is_object(sum))
		return floe_err_set(err, "missing required \"summary\"");
	if (get_str(md, sum, "operation", true, &s->operation, err) < 0)
		return -1;
	return parse_kvs(md, sum, "operation", &s->summary, &s->n_summary, err);
}

static int parse_snapshot(struct floe_table_metadata *md, const json_t *j, struct floe_snapshot *s,
			  struct floe_err *err)
{
	int rc;

	if (!json_is_object(j))
		return floe_err_set(err, "snapshot is not an object");
	if (get_i64(j, "snapshot-id", true, &s->snapshot_id, err) < 0)
		return -1;
	rc = get_i64(j, "parent-snapshot-id", false, &s->parent_id, err);
	if (rc < 0)
		return -1;
	s->has_parent = rc == 0;
	if (parse_snapshot_fields(md, j, s, err) < 0)
		return floe_err_prefix(err, "snapshot %" PRId64 ": ", s->snapshot_id);
	return 0;
}

static int parse_spec(struct floe_table_metadata *md, const json_t *j, struct floe_partition_spec *sp,
		      struct floe_err *err)
{
	const json_t *fields = json_object_get(j, "fields");
	size_t i;

	if (get_int(j, "spec-id", true, &sp->spec_id, err) < 0)
		return -1;
	if (!json_is_array(fields))
		return floe_err_set(err, "partition spec %d has no \"fields\" array", sp->spec_id);
	sp->fields = arena_array(md, json_array_size(fields), sizeof(*sp->fields));
	if (!sp->fields)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < json_array_size(fields); i++) {
		const json_t *f = json_array_get(fields, i);
		struct floe_partition_field *pf = &sp->fields[i];
		if (get_int(f, "source-id", true, &pf->source_id, err) < 0 ||
		    get_int(f, "field-id", true, &pf->field_id, err) < 0 ||
		    get_str(md, f, "name", true, &pf->name, err) < 0 ||
		    get_str(md, f, "transform", true, &pf->transform, err) < 0)
			return floe_err_prefix(err, "partition spec %d: ", sp->spec_id);
		sp->n_fields++;
	}
	return 0;
}

static int parse_log(struct floe_table_metadata *md, const json_t *arr, bool snapshots, struct floe_log_entry **out,
		     size_t *n, struct floe_err *err)
{
	size_t i;

	*n = 0;
	*out = NULL;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return floe_err_set(err, "\"%s\" is not an array", snapshots ? "snapshot-log" : "metadata-log");
	*out = arena_array(md, json_array_size(arr), sizeof(**out));
	if (!*out)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *e = json_array_get(arr, i);
		struct floe_log_entry *le = &(*out)[i];
		if (get_i64(e, "timestamp-ms", true, &le->timestamp_ms, err) < 0)
			return floe_err_prefix(err, "%s: ", snapshots ? "snapshot-log" : "metadata-log");
		if (snapshots ? get_i64(e, "snapshot-id", true, &le->snapshot_id, err) < 0
			      : get_str(md, e, "metadata-file", true, &le->file, err) < 0)
			return floe_err_prefix(err, "%s: ", snapshots ? "snapshot-log" : "metadata-log");
		(*n)++;
	}
	return 0;
}

static int parse_doc(struct floe_table_metadata *md, const json_t *root, struct floe_err *err)
{
	const json_t *v, *arr;
	const char *uuid, *k;
	json_t *val;
	size_t i;
	int rc;

	if (!json_is_object(root))
		return floe_err_set(err, "not a JSON object");
	if (get_int(root, "format-version", true, &md->format_version, err) < 0)
		return -1;
	if (md->format_version != 2)
		return floe_err_set(err, "format-version %d is not supported; floe reads and writes version 2 tables",
				    md->format_version);
	if (get_str(md, root, "table-uuid", true, &uuid, err) < 0)
		return -1;
	if (strlen(uuid) != 36)
		return floe_err_set(err, "\"table-uuid\" '%s' is not a UUID", uuid);
	memcpy(md->table_uuid, uuid, 37);
	if (get_str(md, root, "location", true, &md->location, err) < 0 ||
	    get_i64(root, "last-sequence-number", true, &md->last_sequence_number, err) < 0 ||
	    get_i64(root, "last-updated-ms", true, &md->last_updated_ms, err) < 0 ||
	    get_int(root, "last-column-id", true, &md->last_column_id, err) < 0 ||
	    get_int(root, "current-schema-id", true, &md->current_schema_id, err) < 0 ||
	    get_int(root, "default-spec-id", true, &md->default_spec_id, err) < 0 ||
	    get_int(root, "last-partition-id", true, &md->last_partition_id, err) < 0)
		return -1;
	rc = get_int(root, "default-sort-order-id", false, &md->default_sort_order_id, err);
	if (rc < 0)
		return -1;
	arr = json_object_get(root, "schemas");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return floe_err_set(err, "missing required \"schemas\" array");
	md->schemas = calloc(json_array_size(arr), sizeof(*md->schemas));
	if (!md->schemas)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < json_array_size(arr); i++) {
		if (floe_schema_from_json(json_array_get(arr, i), &md->schemas[i], err) < 0)
			return -1;
		md->n_schemas++;
	}
	arr = json_object_get(root, "partition-specs");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return floe_err_set(err, "missing required \"partition-specs\" array");
	md->specs = arena_array(md, json_array_size(arr), sizeof(*md->specs));
	if (!md->specs)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < json_array_size(arr); i++) {
		if (parse_spec(md, json_array_get(arr, i), &md->specs[i], err) < 0)
			return -1;
		md->n_specs++;
	}
	v = json_object_get(root, "sort-orders");
	if (v) {
		if (!json_is_array(v))
			return floe_err_set(err, "\"sort-orders\" is not an array");
		md->sort_orders = json_deep_copy(v);
	} else {
		md->sort_orders = json_pack("[{s:i, s:[]}]", "order-id", 0, "fields");
	}
	if (!md->sort_orders)
		return floe_err_set(err, "out of memory");
	v = json_object_get(root, "properties");
	if (v && !json_is_null(v)) {
		if (!json_is_object(v))
			return floe_err_set(err, "\"properties\" is not an object");
		if (parse_kvs(md, v, NULL, &md->properties, &md->n_properties, err) < 0)
			return floe_err_prefix(err, "properties: ");
	}
	md->current_snapshot_id = -1;
	if (get_i64(root, "current-snapshot-id", false, &md->current_snapshot_id, err) < 0)
		return -1;
	arr = json_object_get(root, "snapshots");
	if (arr && !json_is_null(arr)) {
		if (!json_is_array(arr))
			return floe_err_set(err, "\"snapshots\" is not an array");
		md->snapshots = arena_array(md, json_array_size(arr), sizeof(*md->snapshots));
		if (!md->snapshots)
			return floe_err_set(err, "out of memory");
		for (i = 0; i < json_array_size(arr); i++) {
			if (parse_snapshot(md, json_array_get(arr, i), &md->snapshots[i], err) < 0)
				return -1;
			md->n_snapshots++;
		}
	}
	v = json_object_get(root, "refs");
	if (v && !json_is_null(v)) {
		if (!json_is_object(v))
			return floe_err_set(err, "\"refs\" is not an object");
		md->refs = arena_array(md, json_object_size(v), sizeof(*md->refs));
		if (!md->refs)
			return floe_err_set(err, "out of memory");
		json_object_foreach((json_t *)v, k, val) {
			struct floe_ref *r = &md->refs[md->n_refs];
			const char *rk;
			json_t *rv;
			r->name = arena_str(md, k);
			if (!r->name)
				return floe_err_set(err, "out of memory");
			if (get_i64(val, "snapshot-id", true, &r->snapshot_id, err) < 0 ||
			    get_str(md, val, "type", true, &r->type, err) < 0)
				return floe_err_prefix(err, "ref '%s': ", k);
			md->n_refs++;
			json_object_foreach(val, rk, rv) {
				if (!strcmp(rk, "snapshot-id") || !strcmp(rk, "type"))
					continue;
				if (!r->extra && !(r->extra = json_object()))
					return floe_err_set(err, "out of memory");
				json_object_set(r->extra, rk, rv);
			}
		}
	} else if (md->current_snapshot_id >= 0) {
		/* older writers: main is implied by current-snapshot-id */
		md->refs = arena_array(md, 1, sizeof(*md->refs));
		if (!md->refs)
			return floe_err_set(err, "out of memory");
		md->refs[0].name = "main";
		md->refs[0].type = "branch";
		md->refs[0].snapshot_id = md->current_snapshot_id;
		md->n_refs = 1;
	}
	if (parse_log(md, json_object_get(root, "snapshot-log"), true, &md->snapshot_log, &md->n_snapshot_log, err) <
		    0 ||
	    parse_log(md, json_object_get(root, "metadata-log"), false, &md->metadata_log, &md->n_metadata_log, err) <
		    0)
		return -1;
	json_object_foreach((json_t *)root, k, val) {
		bool known = false;
		for (i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
			if (!strcmp(k, known_keys[i]))
				known = true;
		if (known)
			continue;
		if (!md->extra && !(md->extra = json_object()))
			return floe_err_set(err, "out of memory");
		json_object_set(md->extra, k, val);
	}
	return floe_metadata_validate(md, err);
}

int floe_metadata_parse(struct floe_table_metadata *md, const char *text, size_t len, struct floe_err *err)
{
	json_error_t je;
	json_t *root;
	int rc;

	memset(md, 0, sizeof(*md));
	floe_arena_init(&md->arena, 16 * 1024);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		floe_arena_release(&md->arena);
		return floe_err_set(err, "invalid JSON at line %d column %d: %s", je.line, je.column, je.text);
	}
	rc = parse_doc(md, root, err);
	json_decref(root);
	if (rc < 0)
		floe_metadata_release(md);
	return rc;
}

void floe_metadata_release(struct floe_table_metadata *md)
{
	size_t i;

	if (!md)
		return;
	for (i = 0; i < md->n_schemas; i++)
		floe_schema_release(&md->schemas[i]);
	free(md->schemas);
	for (i = 0; i < md->n_refs; i++)
		json_decref(md->refs[i].extra);
	json_decref(md->sort_orders);
	json_decref(md->extra);
	floe_arena_release(&md->arena);
	memset(md, 0, sizeof(*md));
}

/* ---------- lookups ---------- */

const struct floe_schema *floe_metadata_schema(const struct floe_table_metadata *md, int schema_id)
{
	size_t i;

	for (i = 0; i < md->n_schemas; i++)
		if (md->schemas[i].schema_id == schema_id)
			return &md->schemas[i];
	return NULL;
}

const struct floe_schema *floe_metadata_current_schema(const struct floe_table_metadata *md)
{
	return floe_metadata_schema(md, md->current_schema_id);
}

const struct floe_snapshot *floe_metadata_snapshot(const struct floe_table_metadata *md, int64_t id)
{
	size_t i;

	for (i = 0; i < md->n_snapshots; i++)
		if (md->snapshots[i].snapshot_id == id)
			return &md->snapshots[i];
	return NULL;
}

const struct floe_snapshot *floe_metadata_current_snapshot(const struct floe_table_metadata *md)
{
	return md->current_snapshot_id < 0 ? NULL : floe_metadata_snapshot(md, md->current_snapshot_id);
}

const struct floe_snapshot *floe_metadata_snapshot_as_of(const struct floe_table_metadata *md, int64_t ts_ms)
{
	const struct floe_snapshot *best = NULL;
	size_t i;

	if (md->n_snapshot_log) {
		for (i = 0; i < md->n_snapshot_log; i++)
			if (md->snapshot_log[i].timestamp_ms <= ts_ms)
				best = floe_metadata_snapshot(md, md->snapshot_log[i].snapshot_id);
		return best;
	}
	for (i = 0; i < md->n_snapshots; i++)
		if (md->snapshots[i].timestamp_ms <= ts_ms &&
		    (!best || md->snapshots[i].timestamp_ms >= best->timestamp_ms))
			best = &md->snapshots[i];
	return best;
}

static const char *kv_get(const struct floe_kv *kv, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].value;
	return NULL;
}

const char *floe_metadata_property(const struct floe_table_metadata *md, const char *key)
{
	return kv_get(md->properties, md->n_properties, key);
}

const char *floe_snapshot_summary(const struct floe_snapshot *s, const char *key)
{
	if (!strcmp(key, "operation"))
		return s->operation;
	return kv_get(s->summary, s->n_summary, key);
}

int floe_metadata_validate(const struct floe_table_metadata *md, struct floe_err *err)
{
	size_t i, j;
	bool main_seen = false;

	if (!floe_metadata_current_schema(md))
		return floe_err_set(err, "\"current-schema-id\" %d is not in \"schemas\"", md->current_schema_id);
	for (i = 0; i < md->n_schemas; i++)
		if (floe_schema_max_id(&md->schemas[i]) > md->last_column_id)
			return floe_err_set(err, "\"last-column-id\" %d is lower than field id %d of schema %d",
					    md->last_column_id, floe_schema_max_id(&md->schemas[i]),
					    md->schemas[i].schema_id);
	for (i = 0; i < md->n_specs; i++)
		if (md->specs[i].spec_id == md->default_spec_id)
			break;
	if (i == md->n_specs)
		return floe_err_set(err, "\"default-spec-id\" %d is not in \"partition-specs\"", md->default_spec_id);
	for (i = 0; i < md->n_snapshots; i++) {
		const struct floe_snapshot *s = &md->snapshots[i];
		if (s->snapshot_id <= 0)
			return floe_err_set(err, "snapshot id %" PRId64 " is not positive", s->snapshot_id);
		if (s->sequence_number > md->last_sequence_number)
			return floe_err_set(err,
					    "snapshot %" PRId64 " has sequence-number %" PRId64
					    " above last-sequence-number %" PRId64,
					    s->snapshot_id, s->sequence_number, md->last_sequence_number);
		for (j = 0; j < i; j++)
			if (md->snapshots[j].snapshot_id == s->snapshot_id)
				return floe_err_set(err, "snapshot id %" PRId64 " appears twice", s->snapshot_id);
	}
	for (i = 0; i < md->n_refs; i++) {
		if (!floe_metadata_snapshot(md, md->refs[i].snapshot_id))
			return floe_err_set(err, "ref '%s' points at snapshot %" PRId64 " which is not in \"snapshots\"",
					    md->refs[i].name, md->refs[i].snapshot_id);
		if (!strcmp(md->refs[i].name, "main")) {
			main_seen = true;
			if (md->refs[i].snapshot_id != md->current_snapshot_id)
				return floe_err_set(err,
						    "\"current-snapshot-id\" %" PRId64 " differs from refs.main %" PRId64,
						    md->current_snapshot_id, md->refs[i].snapshot_id);
		}
	}
	if (!main_seen && md->current_snapshot_id >= 0)
		return floe_err_set(err, "\"current-snapshot-id\" %" PRId64 " has no refs.main", md->current_snapshot_id);
	if (md->current_snapshot_id >= 0 && !floe_metadata_current_snapshot(md))
		return floe_err_set(err, "\"current-snapshot-id\" %" PRId64 " is not in \"snapshots\"",
				    md->current_snapshot_id);
	return 0;
}

/* ---------- writing ---------- */

/* The document is written directly (jansson's tree costs most of a commit's CPU on long
 * histories); one top-level key, schema, snapshot or log entry per line. */
static void put_str(struct floe_buf *b, const char *s)
{
	floe_json_put_string(b, (const uint8_t *)s, strlen(s));
}

static void put_key(struct floe_buf *b, const char *k, bool first)
{
	floe_buf_puts(b, first ? "{\n  " : ",\n  ");
	put_str(b, k);
	floe_buf_putc(b, ':');
}

static void put_kvs(struct floe_buf *b, const struct floe_kv *kv, size_t n, const char *first_key,
		    const char *first_val)
{
	size_t i;
	bool any = false;

	floe_buf_putc(b, '{');
	if (first_key) {
		put_str(b, first_key);
		floe_buf_putc(b, ':');
		put_str(b, first_val);
		any = true;
	}
	for (i = 0; i < n; i++) {
		if (any)
			floe_buf_putc(b, ',');
		any = true;
		put_str(b, kv[i].key);
		floe_buf_putc(b, ':');
		put_str(b, kv[i].value);
	}
	floe_buf_putc(b, '}');
}

static int put_json(struct floe_buf *b, const json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	if (!t)
		return -1;
	floe_buf_puts(b, t);
	free(t);
	return 0;
}

int floe_metadata_write(const struct floe_table_metadata *md, struct floe_buf *out, struct floe_err *err)
{
	struct floe_buf *b = out;
	size_t i, j;
	const char *k;
	json_t *v;
	int rc = -1;

	put_key(b, "format-version", true);
	floe_buf_printf(b, "%d", md->format_version);
	put_key(b, "table-uuid", false);
	put_str(b, md->table_uuid);
	put_key(b, "location", false);
	put_str(b, md->location);
	put_key(b, "last-sequence-number", false);
	floe_buf_printf(b, "%" PRId64, md->last_sequence_number);
	put_key(b, "last-updated-ms", false);
	floe_buf_printf(b, "%" PRId64, md->last_updated_ms);
	put_key(b, "last-column-id", false);
	floe_buf_printf(b, "%d", md->last_column_id);
	put_key(b, "current-schema-id", false);
	floe_buf_printf(b, "%d", md->current_schema_id);
	put_key(b, "schemas", false);
	floe_buf_putc(b, '[');
	for (i = 0; i < md->n_schemas; i++) {
		floe_buf_puts(b, i ? ",\n    " : "\n    ");
		if (floe_schema_to_text(&md->schemas[i], b, err) < 0)
			return -1;
	}
	floe_buf_putc(b, ']');
	put_key(b, "default-spec-id", false);
	floe_buf_printf(b, "%d", md->default_spec_id);
	put_key(b, "partition-specs", false);
	floe_buf_putc(b, '[');
	for (i = 0; i < md->n_specs; i++) {
		const struct floe_partition_spec *sp = &md->specs[i];
		floe_buf_printf(b, "%s{\"spec-id\":%d,\"fields\":[", i ? "," : "", sp->spec_id);
		for (j = 0; j < sp->n_fields; j++) {
			const struct floe_partition_field *f = &sp->fields[j];
			floe_buf_printf(b, "%s{\"source-id\":%d,\"field-id\":%d,\"name\":", j ? "," : "", f->source_id,
					f->field_id);
			put_str(b, f->name);
			floe_buf_puts(b, ",\"transform\":");
			put_str(b, f->transform);
			floe_buf_putc(b, '}');
		}
		floe_buf_puts(b, "]}");
	}
	floe_buf_putc(b, ']');
	put_key(b, "last-partition-id", false);
	floe_buf_printf(b, "%d", md->last_partition_id);
	put_key(b, "default-sort-order-id", false);
	floe_buf_printf(b, "%d", md->default_sort_order_id);
	put_key(b, "sort-orders", false);
	if (put_json(b, md->sort_orders) < 0)
		goto out;
	put_key(b, "properties", false);
	put_kvs(b, md->properties, md->n_properties, NULL, NULL);
	put_key(b, "current-snapshot-id", false);
	floe_buf_printf(b, "%" PRId64, md->current_snapshot_id);
	put_key(b, "refs", false);
	floe_buf_putc(b, '{');
	for (i = 0; i < md->n_refs; i++) {
		if (i)
			floe_buf_putc(b, ',');
		put_str(b, md->refs[i].name);
		floe_buf_printf(b, ":{\"snapshot-id\":%" PRId64 ",\"type\":", md->refs[i].snapshot_id);
		put_str(b, md->refs[i].type);
		json_object_foreach(md->refs[i].extra, k, v) {
			floe_buf_putc(b, ',');
			put_str(b, k);
			floe_buf_putc(b, ':');
			if (put_json(b, v) < 0)
				goto out;
		}
		floe_buf_putc(b, '}');
	}
	floe_buf_putc(b, '}');
	put_key(b, "snapshots", false);
	floe_buf_putc(b, '[');
	for (i = 0; i < md->n_snapshots; i++) {
		const struct floe_snapshot *sn = &md->snapshots[i];
		floe_buf_puts(b, i ? ",\n    " : "\n    ");
		floe_buf_printf(b, "{\"snapshot-id\":%" PRId64, sn->snapshot_id);
		if (sn->has_parent)
			floe_buf_printf(b, ",\"parent-snapshot-id\":%" PRId64, sn->parent_id);
		floe_buf_printf(b, ",\"sequence-number\":%" PRId64 ",\"timestamp-ms\":%" PRId64 ",\"manifest-list\":",
				sn->sequence_number, sn->timestamp_ms);
		put_str(b, sn->manifest_list);
		floe_buf_puts(b, ",\"summary\":");
		put_kvs(b, sn->summary, sn->n_summary, "operation", sn->operation);
		if (sn->has_schema_id)
			floe_buf_printf(b, ",\"schema-id\":%d", sn->schema_id);
		floe_buf_putc(b, '}');
	}
	floe_buf_putc(b, ']');
	json_object_foreach(md->extra, k, v) {
		put_key(b, k, false);
		if (put_json(b, v) < 0)
			goto out;
	}
	put_key(b, "snapshot-log", false);
	floe_buf_putc(b, '[');
	for (i = 0; i < md->n_snapshot_log; i++)
		floe_buf_printf(b, "%s{\"timestamp-ms\":%" PRId64 ",\"snapshot-id\":%" PRId64 "}",
				i ? ",\n    " : "\n    ", md->snapshot_log[i].timestamp_ms, md->snapshot_log[i].snapshot_id);
	floe_buf_putc(b, ']');
	put_key(b, "metadata-log", false);
	floe_buf_putc(b, '[');
	for (i = 0; i < md->n_metadata_log; i++) {
		floe_buf_printf(b, "%s{\"timestamp-ms\":%" PRId64 ",\"metadata-file\":", i ? ",\n    " : "\n    ",
				md->metadata_log[i].timestamp_ms);
		put_str(b, md->metadata_log[i].file);
		floe_buf_putc(b, '}');
	}
	floe_buf_puts(b, "]\n}\n");
	rc = 0;
out:
	if (rc < 0)
		return floe_err_set(err, "out of memory building table metadata JSON");
	return floe_buf_check(b, err);
}

/* ---------- changes ---------- */

int floe_metadata_new(struct floe_table_metadata *md, const char *location, const struct floe_schema *schema,
		      const struct floe_kv *props, size_t n_props, struct floe_err *err)
{
	size_t i;
	int rc = -1;

	memset(md, 0, sizeof(*md));
	floe_arena_init(&md->arena, 16 * 1024);
	md->format_version = 2;
	if (floe_uuid4(md->table_uuid, err) < 0)
		goto out;
	md->location = arena_str(md, location);
	md->last_updated_ms = floe_now_unix_ms();
	md->schemas = calloc(1, sizeof(*md->schemas));
	if (!md->location || !md->schemas) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (floe_schema_copy(&md->schemas[0], schema, err) < 0)
		goto out;
	md->n_schemas = 1;
	md->schemas[0].schema_id = 0;
	md->current_schema_id = 0;
	md->last_column_id = floe_schema_max_id(schema);
	md->specs = arena_array(md, 1, sizeof(*md->specs));
	md->properties = arena_array(md, n_props, sizeof(*md->properties));
	md->sort_orders = json_pack("[{s:i, s:[]}]", "order-id", 0, "fields");
	if (!md->specs || !md->properties || !md->sort_orders) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	md->n_specs = 1;
	md->default_spec_id = 0;
	md->last_partition_id = 999;
	md->default_sort_order_id = 0;
	for (i = 0; i < n_props; i++) {
		md->properties[i].key = arena_str(md, props[i].key);
		md->properties[i].value = arena_str(md, props[i].value);
		if (!md->properties[i].key || !md->properties[i].value) {
			floe_err_set(err, "out of memory");
			goto out;
		}
	}
	md->n_properties = n_props;
	md->current_snapshot_id = -1;
	rc = 0;
out:
	if (rc < 0)
		floe_metadata_release(md);
	return rc;
}

static int copy_kvs(struct floe_table_metadata *md, const struct floe_kv *src, size_t n, struct floe_kv **out)
{
	size_t i;

	*out = arena_array(md, n, sizeof(**out));
	if (!*out)
		return -1;
	for (i = 0; i < n; i++) {
		(*out)[i].key = arena_str(md, src[i].key);
		(*out)[i].value = arena_str(md, src[i].value);
		if (!(*out)[i].key || !(*out)[i].value)
			return -1;
	}
	return 0;
}

/* Field-by-field deep copy (no JSON round trip: commits stay cheap on long histories). */
static int deep_copy(struct floe_table_metadata *out, const struct floe_table_metadata *base, struct floe_err *err)
{
	size_t i, j;
	int rc = -1;

	memcpy(out->table_uuid, base->table_uuid, sizeof(out->table_uuid));
	out->format_version = base->format_version;
	out->last_sequence_number = base->last_sequence_number;
	out->last_updated_ms = base->last_updated_ms;
	out->last_column_id = base->last_column_id;
	out->current_schema_id = base->current_schema_id;
	out->default_spec_id = base->default_spec_id;
	out->last_partition_id = base->last_partition_id;
	out->default_sort_order_id = base->default_sort_order_id;
	out->current_snapshot_id = base->current_snapshot_id;
	if (!(out->location = arena_str(out, base->location)))
		goto out;
	out->schemas = calloc(base->n_schemas ? base->n_schemas : 1, sizeof(*out->schemas));
	if (!out->schemas)
		goto out;
	for (i = 0; i < base->n_schemas; i++) {
		if (floe_schema_copy(&out->schemas[i], &base->schemas[i], err) < 0)
			return -1; /* err says what */
		out->n_schemas++;
	}
	if (!(out->specs = arena_array(out, base->n_specs, sizeof(*out->specs))))
		goto out;
	for (i = 0; i < base->n_specs; i++) {
		const struct floe_partition_spec *sp = &base->specs[i];
		out->specs[i].spec_id = sp->spec_id;
		if (!(out->specs[i].fields = arena_array(out, sp->n_fields, sizeof(*sp->fields))))
			goto out;
		for (j = 0; j < sp->n_fields; j++) {
			out->specs[i].fields[j] = sp->fields[j];
			out->specs[i].fields[j].name = arena_str(out, sp->fields[j].name);
			out->specs[i].fields[j].transform = arena_str(out, sp->fields[j].transform);
			if (!out->specs[i].fields[j].name || !out->specs[i].fields[j].transform)
				goto out;
		}
		out->specs[i].n_fields = sp->n_fields;
		out->n_specs++;
	}
	if (!(out->sort_orders = json_deep_copy(base->sort_orders)))
		goto out;
	if (base->extra && !(out->extra = json_deep_copy(base->extra)))
		goto out;
	if (copy_kvs(out, base->properties, base->n_properties, &out->properties) < 0)
		goto out;
	out->n_properties = base->n_properties;
	if (!(out->refs = arena_array(out, base->n_refs, sizeof(*out->refs))))
		goto out;
	for (i = 0; i < base->n_refs; i++) {
		struct floe_ref *r = &out->refs[i];
		r->snapshot_id = base->refs[i].snapshot_id;
		r->name = arena_str(out, base->refs[i].name);
		r->type = arena_str(out, base->refs[i].type);
		if (!r->name || !r->type)
			goto out;
		if (base->refs[i].extra && !(r->extra = json_deep_copy(base->refs[i].extra)))
			goto out;
		out->n_refs++;
	}
	if (!(out->snapshots = arena_array(out, base->n_snapshots, sizeof(*out->snapshots))))
		goto out;
	for (i = 0; i < base->n_snapshots; i++) {
		struct floe_snapshot *d = &out->snapshots[i];
		*d = base->snapshots[i];
		d->manifest_list = arena_str(out, d->manifest_list);
		d->operation = arena_str(out, d->operation);
		if (!d->manifest_list || !d->operation ||
		    copy_kvs(out, base->snapshots[i].summary, base->snapshots[i].n_summary, &d->summary) < 0)
			goto out;
	}
	out->n_snapshots = base->n_snapshots;
	if (!(out->snapshot_log = arena_array(out, base->n_snapshot_log, sizeof(*out->snapshot_log))))
		goto out;
	if (base->n_snapshot_log)
		memcpy(out->snapshot_log, base->snapshot_log, base->n_snapshot_log * sizeof(*out->snapshot_log));
	out->n_snapshot_log = base->n_snapshot_log;
	if (!(out->metadata_log = arena_array(out, base->n_metadata_log, sizeof(*out->metadata_log))))
		goto out;
	for (i = 0; i < base->n_metadata_log; i++) {
		out->metadata_log[i] = base->metadata_log[i];
		if (!(out->metadata_log[i].file = arena_str(out, base->metadata_log[i].file)))
			goto out;
	}
	out->n_metadata_log = base->n_metadata_log;
	rc = 0;
out:
	if (rc < 0)
		return floe_err_set(err, "out of memory copying table metadata");
	return 0;
}

int floe_metadata_copy(struct floe_table_metadata *out, const struct floe_table_metadata *base,
		       const char *base_location, struct floe_err *err)
{
	int rc = -1;

	memset(out, 0, sizeof(*out));
	floe_arena_init(&out->arena, 64 * 1024);
	if (deep_copy(out, base, err) < 0)
		goto out;
	if (base_location) {
		const char *pv = floe_metadata_property(out, "write.metadata.previous-versions-max");
		long max = pv ? strtol(pv, NULL, 10) : 100;
		struct floe_log_entry *log;
		size_t n = out->n_metadata_log + 1, skip;

		if (max < 1)
			max = 1;
		skip = n > (size_t)max ? n - (size_t)max : 0;
		log = arena_array(out, n - skip, sizeof(*log));
		if (!log) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		if (out->n_metadata_log > skip)
			memcpy(log, out->metadata_log + skip, (out->n_metadata_log - skip) * sizeof(*log));
		log[n - skip - 1].timestamp_ms = base->last_updated_ms;
		log[n - skip - 1].file = arena_str(out, base_location);
		if (!log[n - skip - 1].file) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		out->metadata_log = log;
		out->n_metadata_log = n - skip;
	}
	rc = 0;
out:
	if (rc < 0)
		floe_metadata_release(out);
	return rc;
}

void floe_metadata_drop_properties(struct floe_table_metadata *md, const char *const *keys, size_t n_keys)
{
	size_t i, j, k;

	for (i = j = 0; i < md->n_properties; i++) {
		bool drop = false;
		for (k = 0; k < n_keys && !drop; k++)
			drop = !strcmp(md->properties[i].key, keys[k]);
		if (!drop)
			md->properties[j++] = md->properties[i];
	}
	md->n_properties = j;
}

int floe_metadata_set_properties(struct floe_table_metadata *out, const struct floe_table_metadata *base,
				 const char *base_location, const struct floe_kv *set, size_t n_set,
				 const char *const *remove, size_t n_remove, struct floe_err *err)
{
	struct floe_update u[2];

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n_set; i++)
		for (size_t k = 0; k < n_remove; k++)
			if (!strcmp(set[i].key, remove[k]))
				return floe_err_setc(err, FLOE_EINPUT, "property '%s' is both set and removed", set[i].key);
	memset(u, 0, sizeof(u));
	u[0].action = FLOE_UPD_REMOVE_PROPERTIES;
	u[0].keys = remove;
	u[0].n_keys = n_remove;
	u[1].action = FLOE_UPD_SET_PROPERTIES;
	u[1].props = set;
	u[1].n_props = n_set;
	return floe_metadata_apply(out, base, base_location, u, 2, err);
}

int floe_metadata_add_snapshot(struct floe_table_metadata *out, const struct floe_table_metadata *base,
			       const char *base_location, const struct floe_snapshot *snap, struct floe_err *err)
{
	struct floe_update u[2];
	struct floe_snapshot s = *snap;

	s.sequence_number = base->last_sequence_number + 1;
	s.has_parent = base->current_snapshot_id >= 0;
	s.parent_id = base->current_snapshot_id;
	s.has_schema_id = false;
	memset(u, 0, sizeof(u));
	u[0].action = FLOE_UPD_ADD_SNAPSHOT;
	u[0].snapshot = &s;
	u[1].action = FLOE_UPD_SET_SNAPSHOT_REF;
	u[1].ref_name = "main";
	u[1].ref_type = "branch";
	u[1].snapshot_id = s.snapshot_id;
	return floe_metadata_apply(out, base, base_location, u, 2, err);
}

int floe_metadata_remove_snapshots(struct floe_table_metadata *out, const struct floe_table_metadata *base,
				   const char *base_location, const int64_t *ids, size_t n_ids, struct floe_err *err)
{
	struct floe_update u;

	memset(&u, 0, sizeof(u));
	u.action = FLOE_UPD_REMOVE_SNAPSHOTS;
	u.ids = ids;
	u.n_ids = n_ids;
	return floe_metadata_apply(out, base, base_location, &u, 1, err);
}
