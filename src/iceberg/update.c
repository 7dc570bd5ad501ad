/*
 * update.c — applying Iceberg table updates to metadata and checking
 * requirements (see update.h).
 *
 * Semantics follow the spec's TableMetadata builder: add-snapshot takes the
 * snapshot as built (its sequence number must be above the base's
 * last-sequence-number) and moves last-updated-ms to its timestamp;
 * set-snapshot-ref on main makes it current and logs it in snapshot-log;
 * add-schema / add-spec reuse an identical existing one or take the next id.
 * Serialisation to the REST JSON shapes is at the end. No I/O.
 */
#include "iceberg/update.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"

/* ---------- requirements ---------- */

static const struct floe_ref *find_ref(const struct floe_table_metadata *md, const char *name)
{
	for (size_t i = 0; i < md->n_refs; i++)
		if (!strcmp(md->refs[i].name, name))
			return &md->refs[i];
	return NULL;
}

static int check_one(const struct floe_table_metadata *b, const struct floe_requirement *r, struct floe_err *err)
{
	const struct floe_ref *ref;

	if (r->type == FLOE_REQ_ASSERT_CREATE) {
		if (b)
			return floe_err_setc(err, FLOE_ECONFLICT, "requirement assert-create failed: the table exists");
		return 0;
	}
	if (!b)
		return floe_err_setc(err, FLOE_ECONFLICT, "requirement %s failed: the table does not exist",
				     floe_requirement_type_name(r->type));
	switch (r->type) {
	case FLOE_REQ_ASSERT_TABLE_UUID:
		if (!r->uuid || strcmp(r->uuid, b->table_uuid) != 0)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-table-uuid failed: uuid is '%s', not '%s' (the table was "
					     "dropped and recreated)",
					     b->table_uuid, r->uuid ? r->uuid : "");
		return 0;
	case FLOE_REQ_ASSERT_REF_SNAPSHOT_ID:
		ref = find_ref(b, r->ref ? r->ref : "main");
		if (!r->has_snapshot && ref)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-ref-snapshot-id failed: ref '%s' was created concurrently "
					     "(snapshot %" PRId64 ")",
					     ref->name, ref->snapshot_id);
		if (r->has_snapshot && (!ref || ref->snapshot_id != r->snapshot_id)) {
			if (!ref)
				return floe_err_setc(err, FLOE_ECONFLICT,
						     "requirement assert-ref-snapshot-id failed: ref '%s' is gone",
						     r->ref ? r->ref : "main");
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-ref-snapshot-id failed: ref '%s' is at snapshot %" PRId64
					     ", not %" PRId64,
					     ref->name, ref->snapshot_id, r->snapshot_id);
		}
		return 0;
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID:
		if (b->last_column_id != r->id)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-last-assigned-field-id failed: it is %d, not %d",
					     b->last_column_id, r->id);
		return 0;
	case FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID:
		if (b->current_schema_id != r->id)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-current-schema-id failed: it is %d, not %d",
					     b->current_schema_id, r->id);
		return 0;
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID:
		if (b->last_partition_id != r->id)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-last-assigned-partition-id failed: it is %d, not %d",
					     b->last_partition_id, r->id);
		return 0;
	case FLOE_REQ_ASSERT_DEFAULT_SPEC_ID:
		if (b->default_spec_id != r->id)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-default-spec-id failed: it is %d, not %d",
					     b->default_spec_id, r->id);
		return 0;
	case FLOE_REQ_ASSERT_DEFAULT_SORT_ORDER_ID:
		if (b->default_sort_order_id != r->id)
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "requirement assert-default-sort-order-id failed: it is %d, not %d",
					     b->default_sort_order_id, r->id);
		return 0;
	case FLOE_REQ_ASSERT_CREATE:
		break;
	}
	return floe_err_setc(err, FLOE_EINPUT, "unknown requirement type %d", (int)r->type);
}

int floe_requirements_check(const struct floe_table_metadata *base, const struct floe_requirement *reqs, size_t n,
			    struct floe_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (check_one(base, &reqs[i], err) < 0)
			return -1;
	return 0;
}

size_t floe_requirements_for_base(const struct floe_table_metadata *base, bool schema, bool spec,
				  struct floe_requirement out[6])
{
	const struct floe_ref *main_ref = find_ref(base, "main");
	size_t n = 0;

	memset(out, 0, 6 * sizeof(*out));
	out[n].type = FLOE_REQ_ASSERT_TABLE_UUID;
	out[n++].uuid = base->table_uuid;
	out[n].type = FLOE_REQ_ASSERT_REF_SNAPSHOT_ID;
	out[n].ref = "main";
	out[n].has_snapshot = main_ref != NULL;
	out[n++].snapshot_id = main_ref ? main_ref->snapshot_id : 0;
	if (schema) {
		out[n].type = FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID;
		out[n++].id = base->last_column_id;
		out[n].type = FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID;
		out[n++].id = base->current_schema_id;
	}
	if (spec) {
		out[n].type = FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID;
		out[n++].id = base->last_partition_id;
		out[n].type = FLOE_REQ_ASSERT_DEFAULT_SPEC_ID;
		out[n++].id = base->default_spec_id;
	}
	return n;
}

/* ---------- updates ---------- */

#define OOM(err) floe_err_set(err, "out of memory applying table updates")

static void *grow(struct floe_table_metadata *md, const void *old, size_t n, size_t size)
{
	void *p = floe_arena_alloc(&md->arena, (n + 1) * size);

	if (p) {
		memset(p, 0, (n + 1) * size);
		if (n)
			memcpy(p, old, n * size);
	}
	return p;
}

static const char *astr(struct floe_table_metadata *md, const char *s)
{
	return floe_arena_strdup(&md->arena, s ? s : "");
}

static bool same_fields(const struct floe_field *a, const struct floe_field *b)
{
	const struct floe_type *x = &a->type, *y = &b->type;

	return a->id == b->id && a->required == b->required && !strcmp(a->name, b->name) && x->id == y->id &&
	       x->precision == y->precision && x->scale == y->scale && x->length == y->length &&
	       x->elem_id == y->elem_id && x->elem_precision == y->elem_precision && x->elem_scale == y->elem_scale &&
	       x->elem_length == y->elem_length && x->elem_required == y->elem_required &&
	       x->elem_field_id == y->elem_field_id;
}

static bool same_schema(const struct floe_schema *a, const struct floe_schema *b)
{
	if (a->n_fields != b->n_fields || a->n_identifier_ids != b->n_identifier_ids)
		return false;
	for (size_t i = 0; i < a->n_fields; i++)
		if (!same_fields(&a->fields[i], &b->fields[i]))
			return false;
	for (size_t i = 0; i < a->n_identifier_ids; i++)
		if (a->identifier_ids[i] != b->identifier_ids[i])
			return false;
	return true;
}

static int add_schema(struct floe_table_metadata *md, const struct floe_schema *s, int *last_added,
		      struct floe_err *err)
{
	struct floe_schema *arr;
	int next_id = 0;

	if (!s)
		return floe_err_setc(err, FLOE_EINPUT, "add-schema without a schema");
	for (size_t i = 0; i < md->n_schemas; i++) {
		if (same_schema(&md->schemas[i], s)) {
			*last_added = md->schemas[i].schema_id;
			return 0;
		}
		if (md->schemas[i].schema_id >= next_id)
			next_id = md->schemas[i].schema_id + 1;
	}
	arr = realloc(md->schemas, (md->n_schemas + 1) * sizeof(*arr));
	if (!arr)
		return OOM(err);
	md->schemas = arr;
	if (floe_schema_copy(&arr[md->n_schemas], s, err) < 0)
		return floe_err_prefix(err, "add-schema: ");
	arr[md->n_schemas].schema_id = next_id;
	md->n_schemas++;
	if (floe_schema_max_id(s) > md->last_column_id)
		md->last_column_id = floe_schema_max_id(s);
	*last_added = next_id;
	return 0;
}

static bool same_spec(const struct floe_partition_spec *a, const struct floe_partition_spec *b)
{
	if (a->n_fields != b->n_fields)
		return false;
	for (size_t i = 0; i < a->n_fields; i++)
		if (a->fields[i].source_id != b->fields[i].source_id || a->fields[i].field_id != b->fields[i].field_id ||
		    strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
		    strcmp(a->fields[i].transform, b->fields[i].transform) != 0)
			return false;
	return true;
}

static int add_spec(struct floe_table_metadata *md, const struct floe_partition_spec *sp, int *last_added,
		    struct floe_err *err)
{
	struct floe_partition_spec *arr, *d;
	int next_id = 0;

	if (!sp)
		return floe_err_setc(err, FLOE_EINPUT, "add-spec without a spec");
	for (size_t i = 0; i < md->n_specs; i++) {
		if (same_spec(&md->specs[i], sp)) {
			*last_added = md->specs[i].spec_id;
			return 0;
		}
		if (md->specs[i].spec_id >= next_id)
			next_id = md->specs[i].spec_id + 1;
	}
	for (size_t i = 0; i < sp->n_fields; i++)
		if (!floe_metadata_schema(md, md->current_schema_id) ||
		    !floe_schema_field(floe_metadata_current_schema(md), sp->fields[i].source_id))
			return floe_err_setc(err, FLOE_EINPUT, "add-spec: partition field '%s' has source id %d, which "
							       "is not a top-level column of the current schema",
					     sp->fields[i].name ? sp->fields[i].name : "", sp->fields[i].source_id);
	if (!(arr = grow(md, md->specs, md->n_specs, sizeof(*arr))))
		return OOM(err);
	d = &arr[md->n_specs];
	d->spec_id = next_id;
	d->n_fields = sp->n_fields;
	if (!(d->fields = grow(md, NULL, 0, sizeof(*d->fields) * (sp->n_fields + 1))))
		return OOM(err);
	for (size_t i = 0; i < sp->n_fields; i++) {
		d->fields[i] = sp->fields[i];
		d->fields[i].name = astr(md, sp->fields[i].name);
		d->fields[i].transform = astr(md, sp->fields[i].transform);
		if (!d->fields[i].name || !d->fields[i].transform)
			return OOM(err);
		if (d->fields[i].field_id > md->last_partition_id)
			md->last_partition_id = d->fields[i].field_id;
	}
	md->specs = arr;
	md->n_specs++;
	*last_added = next_id;
	return 0;
}

static int add_snapshot(struct floe_table_metadata *md, const struct floe_snapshot *snap, struct floe_err *err)
{
	struct floe_snapshot *arr, *s;

	if (!snap)
		return floe_err_setc(err, FLOE_EINPUT, "add-snapshot without a snapshot");
	if (floe_metadata_snapshot(md, snap->snapshot_id))
		return floe_err_setc(err, FLOE_ECONFLICT, "add-snapshot: snapshot id %" PRId64 " already exists",
				     snap->snapshot_id);
	if (snap->snapshot_id <= 0)
		return floe_err_setc(err, FLOE_EINPUT, "add-snapshot: snapshot id %" PRId64 " is not positive",
				     snap->snapshot_id);
	if (md->format_version >= 2 && snap->sequence_number <= md->last_sequence_number && snap->has_parent)
		return floe_err_setc(err, FLOE_ECONFLICT,
				     "add-snapshot: sequence number %" PRId64 " is not above the table's last "
				     "sequence number %" PRId64 " (built on a stale base)",
				     snap->sequence_number, md->last_sequence_number);
	if (snap->has_parent && !floe_metadata_snapshot(md, snap->parent_id))
		return floe_err_setc(err, FLOE_ECONFLICT, "add-snapshot: parent snapshot %" PRId64 " is not in the table",
				     snap->parent_id);
	if (!(arr = grow(md, md->snapshots, md->n_snapshots, sizeof(*arr))))
		return OOM(err);
	s = &arr[md->n_snapshots];
	*s = *snap;
	if (s->timestamp_ms <= 0)
		s->timestamp_ms = floe_now_unix_ms();
	if (s->timestamp_ms < md->last_updated_ms)
		s->timestamp_ms = md->last_updated_ms; /* never backwards */
	if (!s->has_schema_id) {
		s->has_schema_id = true;
		s->schema_id = md->current_schema_id;
	}
	s->manifest_list = astr(md, snap->manifest_list);
	s->operation = astr(md, snap->operation ? snap->operation : "append");
	s->summary = grow(md, NULL, 0, sizeof(*s->summary) * (snap->n_summary + 1));
	if (!s->manifest_list || !s->operation || !s->summary)
		return OOM(err);
	for (size_t i = 0; i < snap->n_summary; i++) {
		s->summary[i].key = astr(md, snap->summary[i].key);
		s->summary[i].value = astr(md, snap->summary[i].value);
		if (!s->summary[i].key || !s->summary[i].value)
			return OOM(err);
	}
	md->snapshots = arr;
	md->n_snapshots++;
	if (s->sequence_number > md->last_sequence_number)
		md->last_sequence_number = s->sequence_number;
	md->last_updated_ms = s->timestamp_ms;
	return 0;
}

static int set_ref(struct floe_table_metadata *md, const struct floe_update *u, struct floe_err *err)
{
	const struct floe_snapshot *s = floe_metadata_snapshot(md, u->snapshot_id);
	const char *type = u->ref_type ? u->ref_type : "branch";
	struct floe_ref *r = NULL;

	if (!u->ref_name || !*u->ref_name)
		return floe_err_setc(err, FLOE_EINPUT, "set-snapshot-ref without a ref name");
	if (strcmp(type, "branch") != 0 && strcmp(type, "tag") != 0)
		return floe_err_setc(err, FLOE_EINPUT, "set-snapshot-ref: type '%s' is neither branch nor tag", type);
	if (!s)
		return floe_err_setc(err, FLOE_ECONFLICT, "set-snapshot-ref '%s': snapshot %" PRId64 " is not in the table",
				     u->ref_name, u->snapshot_id);
	if (!strcmp(u->ref_name, "main") && strcmp(type, "branch") != 0)
		return floe_err_setc(err, FLOE_EINPUT, "set-snapshot-ref: main must be a branch");
	for (size_t i = 0; i < md->n_refs; i++)
		if (!strcmp(md->refs[i].name, u->ref_name))
			r = &md->refs[i];
	if (!r) {
		struct floe_ref *arr = grow(md, md->refs, md->n_refs, sizeof(*arr));
		if (!arr)
			return OOM(err);
		md->refs = arr;
		r = &arr[md->n_refs++];
		if (!(r->name = astr(md, u->ref_name)))
			return OOM(err);
	}
	if (!(r->type = astr(md, type)))
		return OOM(err);
	if (r->snapshot_id == u->snapshot_id && strcmp(u->ref_name, "main") == 0 &&
	    md->current_snapshot_id == u->snapshot_id)
		return 0; /* no change */
	r->snapshot_id = u->snapshot_id;
	if (!strcmp(u->ref_name, "main")) {
		struct floe_log_entry *log = grow(md, md->snapshot_log, md->n_snapshot_log, sizeof(*log));
		int64_t ts = s->timestamp_ms > md->last_updated_ms ? s->timestamp_ms : md->last_updated_ms;
		if (!log)
			return OOM(err);
		md->current_snapshot_id = u->snapshot_id;
		log[md->n_snapshot_log].timestamp_ms = ts;
		log[md->n_snapshot_log].snapshot_id = u->snapshot_id;
		md->snapshot_log = log;
		md->n_snapshot_log++;
		md->last_updated_ms = ts;
	}
	return 0;
}

static int remove_ref(struct floe_table_metadata *md, const char *name, struct floe_err *err)
{
	size_t i, j;

	if (!name)
		return floe_err_setc(err, FLOE_EINPUT, "remove-snapshot-ref without a ref name");
	for (i = j = 0; i < md->n_refs; i++) {
		if (!strcmp(md->refs[i].name, name)) {
			json_decref(md->refs[i].extra);
			continue;
		}
		md->refs[j++] = md->refs[i];
	}
	md->n_refs = j;
	if (!strcmp(name, "main"))
		md->current_snapshot_id = -1;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static bool id_in(const int64_t *sorted, size_t n, int64_t id)
{
	return n && bsearch(&id, sorted, n, sizeof(int64_t), cmp_id) != NULL;
}

static int remove_snapshots(struct floe_table_metadata *md, const int64_t *ids, size_t n_ids, struct floe_err *err)
{
	int64_t *sorted = floe_arena_alloc(&md->arena, (n_ids + 1) * sizeof(int64_t));
	size_t i, j;

	if (!sorted)
		return OOM(err);
	if (n_ids)
		memcpy(sorted, ids, n_ids * sizeof(int64_t));
	qsort(sorted, n_ids, sizeof(int64_t), cmp_id);
	for (i = 0; i < md->n_refs; i++)
		if (id_in(sorted, n_ids, md->refs[i].snapshot_id))
			return floe_err_setc(err, FLOE_ECONFLICT,
					     "snapshot %" PRId64 " is referenced by '%s' and cannot be expired",
					     md->refs[i].snapshot_id, md->refs[i].name);
	for (i = j = 0; i < md->n_snapshots; i++)
		if (!id_in(sorted, n_ids, md->snapshots[i].snapshot_id))
			md->snapshots[j++] = md->snapshots[i];
	md->n_snapshots = j;
	for (i = j = 0; i < md->n_snapshot_log; i++)
		if (!id_in(sorted, n_ids, md->snapshot_log[i].snapshot_id))
			md->snapshot_log[j++] = md->snapshot_log[i];
	md->n_snapshot_log = j;
	return 0;
}

static int set_properties(struct floe_table_metadata *md, const struct floe_kv *set, size_t n_set,
			  struct floe_err *err)
{
	struct floe_kv *props = grow(md, md->properties, md->n_properties + n_set, sizeof(*props));
	size_t n = md->n_properties;

	if (!props)
		return OOM(err);
	for (size_t i = 0; i < n_set; i++) {
		size_t k;
		const char *v = astr(md, set[i].value);
		if (!set[i].key || !*set[i].key)
			return floe_err_setc(err, FLOE_EINPUT, "set-properties: empty property name");
		if (!v)
			return OOM(err);
		for (k = 0; k < n && strcmp(props[k].key, set[i].key) != 0; k++)
			;
		if (k == n) {
			if (!(props[n].key = astr(md, set[i].key)))
				return OOM(err);
			n++;
		}
		props[k].value = v;
	}
	md->properties = props;
	md->n_properties = n;
	return 0;
}

static int apply_one(struct floe_table_metadata *md, const struct floe_update *u, int *last_schema, int *last_spec,
		     struct floe_err *err)
{
	switch (u->action) {
	case FLOE_UPD_ASSIGN_UUID:
		if (!u->uuid || strlen(u->uuid) != 36)
			return floe_err_setc(err, FLOE_EINPUT, "assign-uuid: '%s' is not a UUID", u->uuid ? u->uuid : "");
		if (md->table_uuid[0] && strcmp(md->table_uuid, u->uuid) != 0)
			return floe_err_setc(err, FLOE_EINPUT, "assign-uuid: the table already has uuid '%s'",
					     md->table_uuid);
		memcpy(md->table_uuid, u->uuid, 37);
		return 0;
	case FLOE_UPD_UPGRADE_FORMAT_VERSION:
		if (u->format_version < md->format_version || u->format_version > 2)
			return floe_err_setc(err, FLOE_EINPUT,
					     "upgrade-format-version: cannot go from %d to %d (floe writes v2)",
					     md->format_version, u->format_version);
		md->format_version = u->format_version;
		return 0;
	case FLOE_UPD_ADD_SCHEMA:
		return add_schema(md, u->schema, last_schema, err);
	case FLOE_UPD_SET_CURRENT_SCHEMA: {
		int id = u->id == -1 ? *last_schema : u->id;
		if (id < 0)
			return floe_err_setc(err, FLOE_EINPUT, "set-current-schema -1 without an add-schema before it");
		if (!floe_metadata_schema(md, id))
			return floe_err_setc(err, FLOE_EINPUT, "set-current-schema: schema %d is not in the table", id);
		md->current_schema_id = id;
		return 0;
	}
	case FLOE_UPD_ADD_SPEC:
		return add_spec(md, u->spec, last_spec, err);
	case FLOE_UPD_SET_DEFAULT_SPEC: {
		int id = u->id == -1 ? *last_spec : u->id;
		size_t i;
		for (i = 0; i < md->n_specs && md->specs[i].spec_id != id; i++)
			;
		if (id < 0 || i == md->n_specs)
			return floe_err_setc(err, FLOE_EINPUT, "set-default-spec: spec %d is not in the table", id);
		md->default_spec_id = id;
		return 0;
	}
	case FLOE_UPD_ADD_SNAPSHOT:
		return add_snapshot(md, u->snapshot, err);
	case FLOE_UPD_SET_SNAPSHOT_REF:
		return set_ref(md, u, err);
	case FLOE_UPD_REMOVE_SNAPSHOTS:
		return remove_snapshots(md, u->ids, u->n_ids, err);
	case FLOE_UPD_REMOVE_SNAPSHOT_REF:
		return remove_ref(md, u->ref_name, err);
	case FLOE_UPD_SET_LOCATION:
		if (!u->location || !*u->location)
			return floe_err_setc(err, FLOE_EINPUT, "set-location without a location");
		if (!(md->location = astr(md, u->location)))
			return OOM(err);
		return 0;
	case FLOE_UPD_SET_PROPERTIES:
		return set_properties(md, u->props, u->n_props, err);
	case FLOE_UPD_REMOVE_PROPERTIES:
		floe_metadata_drop_properties(md, u->keys, u->n_keys);
		return 0;
	}
	return floe_err_setc(err, FLOE_EINPUT, "unknown table update action %d", (int)u->action);
}

int floe_metadata_apply(struct floe_table_metadata *out, const struct floe_table_metadata *base,
			const char *base_location, const struct floe_update *ups, size_t n, struct floe_err *err)
{
	int last_schema = -1, last_spec = -1;
	int64_t now = floe_now_unix_ms(), before;

	if (floe_metadata_copy(out, base, base_location, err) < 0)
		return -1;
	before = out->last_updated_ms;
	for (size_t i = 0; i < n; i++) {
		if (apply_one(out, &ups[i], &last_schema, &last_spec, err) < 0) {
			floe_err_prefix(err, "update %zu (%s): ", i + 1, floe_update_action_name(ups[i].action));
			goto fail;
		}
	}
	/* a change without a snapshot still moves last-updated-ms (never backwards) */
	if (out->last_updated_ms == before && now > out->last_updated_ms)
		out->last_updated_ms = now;
	if (floe_metadata_validate(out, err) < 0) {
		floe_err_prefix(err, "the updated metadata is invalid: ");
		if (!err->code || err->code == FLOE_EFAIL)
			err->code = FLOE_EINPUT;
		goto fail;
	}
	return 0;
fail:
	floe_metadata_release(out);
	return -1;
}

/* ---------- JSON ---------- */

const char *floe_update_action_name(enum floe_update_action a)
{
	switch (a) {
	case FLOE_UPD_ASSIGN_UUID:
		return "assign-uuid";
	case FLOE_UPD_UPGRADE_FORMAT_VERSION:
		return "upgrade-format-version";
	case FLOE_UPD_ADD_SCHEMA:
		return "add-schema";
	case FLOE_UPD_SET_CURRENT_SCHEMA:
		return "set-current-schema";
	case FLOE_UPD_ADD_SPEC:
		return "add-spec";
	case FLOE_UPD_SET_DEFAULT_SPEC:
		return "set-default-spec";
	case FLOE_UPD_ADD_SNAPSHOT:
		return "add-snapshot";
	case FLOE_UPD_SET_SNAPSHOT_REF:
		return "set-snapshot-ref";
	case FLOE_UPD_REMOVE_SNAPSHOTS:
		return "remove-snapshots";
	case FLOE_UPD_REMOVE_SNAPSHOT_REF:
		return "remove-snapshot-ref";
	case FLOE_UPD_SET_LOCATION:
		return "set-location";
	case FLOE_UPD_SET_PROPERTIES:
		return "set-properties";
	case FLOE_UPD_REMOVE_PROPERTIES:
		return "remove-properties";
	}
	return "unknown";
}

const char *floe_requirement_type_name(enum floe_requirement_type t)
{
	switch (t) {
	case FLOE_REQ_ASSERT_CREATE:
		return "assert-create";
	case FLOE_REQ_ASSERT_TABLE_UUID:
		return "assert-table-uuid";
	case FLOE_REQ_ASSERT_REF_SNAPSHOT_ID:
		return "assert-ref-snapshot-id";
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID:
		return "assert-last-assigned-field-id";
	case FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID:
		return "assert-current-schema-id";
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID:
		return "assert-last-assigned-partition-id";
	case FLOE_REQ_ASSERT_DEFAULT_SPEC_ID:
		return "assert-default-spec-id";
	case FLOE_REQ_ASSERT_DEFAULT_SORT_ORDER_ID:
		return "assert-default-sort-order-id";
	}
	return "unknown";
}

static json_t *kvs_json(const struct floe_kv *kv, size_t n, const char *op)
{
	json_t *o = json_object();

	if (o && op && json_object_set_new(o, "operation", json_string(op)) < 0)
		goto fail;
	for (size_t i = 0; o && i < n; i++)
		if (json_object_set_new(o, kv[i].key, json_string(kv[i].value)) < 0)
			goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *snapshot_json(const struct floe_snapshot *s)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:o*}", "snapshot-id", (json_int_t)s->snapshot_id,
			      "sequence-number", (json_int_t)s->sequence_number, "timestamp-ms",
			      (json_int_t)s->timestamp_ms, "manifest-list", s->manifest_list ? s->manifest_list : "",
			      "summary", kvs_json(s->summary, s->n_summary, s->operation ? s->operation : "append"));

	if (!o)
		return NULL;
	if ((s->has_parent && json_object_set_new(o, "parent-snapshot-id", json_integer(s->parent_id)) < 0) ||
	    (s->has_schema_id && json_object_set_new(o, "schema-id", json_integer(s->schema_id)) < 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *spec_json(const struct floe_partition_spec *sp)
{
	json_t *fields = json_array();

	for (size_t i = 0; fields && i < sp->n_fields; i++) {
		const struct floe_partition_field *f = &sp->fields[i];
		if (json_array_append_new(fields, json_pack("{s:i, s:i, s:s, s:s}", "source-id", f->source_id,
							    "field-id", f->field_id, "name", f->name, "transform",
							    f->transform)) < 0) {
			json_decref(fields);
			return NULL;
		}
	}
	return fields ? json_pack("{s:i, s:o}", "spec-id", sp->spec_id, "fields", fields) : NULL;
}

static json_t *update_json(const struct floe_update *u)
{
	json_t *o = json_pack("{s:s}", "action", floe_update_action_name(u->action)), *v = NULL;
	const char *key = NULL;

	if (!o)
		return NULL;
	switch (u->action) {
	case FLOE_UPD_ASSIGN_UUID:
		key = "uuid", v = json_string(u->uuid ? u->uuid : "");
		break;
	case FLOE_UPD_UPGRADE_FORMAT_VERSION:
		key = "format-version", v = json_integer(u->format_version);
		break;
	case FLOE_UPD_ADD_SCHEMA:
		key = "schema", v = u->schema ? floe_schema_to_json(u->schema) : NULL;
		break;
	case FLOE_UPD_SET_CURRENT_SCHEMA:
		key = "schema-id", v = json_integer(u->id);
		break;
	case FLOE_UPD_ADD_SPEC:
		key = "spec", v = u->spec ? spec_json(u->spec) : NULL;
		break;
	case FLOE_UPD_SET_DEFAULT_SPEC:
		key = "spec-id", v = json_integer(u->id);
		break;
	case FLOE_UPD_ADD_SNAPSHOT:
		key = "snapshot", v = u->snapshot ? snapshot_json(u->snapshot) : NULL;
		break;
	case FLOE_UPD_SET_SNAPSHOT_REF:
		if (json_object_set_new(o, "ref-name", json_string(u->ref_name ? u->ref_name : "")) < 0 ||
		    json_object_set_new(o, "type", json_string(u->ref_type ? u->ref_type : "branch")) < 0)
			goto fail;
		key = "snapshot-id", v = json_integer(u->snapshot_id);
		break;
	case FLOE_UPD_REMOVE_SNAPSHOTS:
		v = json_array();
		for (size_t i = 0; v && i < u->n_ids; i++)
			if (json_array_append_new(v, json_integer(u->ids[i])) < 0)
				goto fail;
		key = "snapshot-ids";
		break;
	case FLOE_UPD_REMOVE_SNAPSHOT_REF:
		key = "ref-name", v = json_string(u->ref_name ? u->ref_name : "");
		break;
	case FLOE_UPD_SET_LOCATION:
		key = "location", v = json_string(u->location ? u->location : "");
		break;
	case FLOE_UPD_SET_PROPERTIES:
		key = "updates", v = kvs_json(u->props, u->n_props, NULL);
		break;
	case FLOE_UPD_REMOVE_PROPERTIES:
		v = json_array();
		for (size_t i = 0; v && i < u->n_keys; i++)
			if (json_array_append_new(v, json_string(u->keys[i])) < 0)
				goto fail;
		key = "removals";
		break;
	}
	if (!key || !v || json_object_set_new(o, key, v) < 0) {
		v = NULL; /* json_object_set_new took (and freed) it */
		goto fail;
	}
	return o;
fail:
	json_decref(v);
	json_decref(o);
	return NULL;
}

json_t *floe_updates_to_json(const struct floe_update *ups, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, update_json(&ups[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *requirement_json(const struct floe_requirement *r)
{
	json_t *o = json_pack("{s:s}", "type", floe_requirement_type_name(r->type));
	int rc = 0;

	if (!o)
		return NULL;
	switch (r->type) {
	case FLOE_REQ_ASSERT_CREATE:
		break;
	case FLOE_REQ_ASSERT_TABLE_UUID:
		rc = json_object_set_new(o, "uuid", json_string(r->uuid ? r->uuid : ""));
		break;
	case FLOE_REQ_ASSERT_REF_SNAPSHOT_ID:
		rc = json_object_set_new(o, "ref", json_string(r->ref ? r->ref : "main"));
		if (!rc)
			rc = json_object_set_new(o, "snapshot-id",
						 r->has_snapshot ? json_integer(r->snapshot_id) : json_null());
		break;
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID:
		rc = json_object_set_new(o, "last-assigned-field-id", json_integer(r->id));
		break;
	case FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID:
		rc = json_object_set_new(o, "current-schema-id", json_integer(r->id));
		break;
	case FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID:
		rc = json_object_set_new(o, "last-assigned-partition-id", json_integer(r->id));
		break;
	case FLOE_REQ_ASSERT_DEFAULT_SPEC_ID:
		rc = json_object_set_new(o, "default-spec-id", json_integer(r->id));
		break;
	case FLOE_REQ_ASSERT_DEFAULT_SORT_ORDER_ID:
		rc = json_object_set_new(o, "default-sort-order-id", json_integer(r->id));
		break;
	}
	if (rc < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *floe_requirements_to_json(const struct floe_requirement *reqs, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, requirement_json(&reqs[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}
