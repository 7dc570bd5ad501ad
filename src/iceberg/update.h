/*
 * update.h — a table change as a list of updates checked against a list of
 * requirements, with the names and JSON shapes of the Iceberg REST
 * specification (TableUpdate "action"s, TableRequirement "type"s).
 *
 * floe_metadata_apply() builds the next metadata from a base; it is what the
 * SQL and Glue catalogs run before they swap the pointer, and what a REST
 * server runs on its side (floe then only sends the JSON). Requirements fail
 * with FLOE_CATALOG_ECONFLICT (the base moved: reload and rebuild); a bad
 * update fails with FLOE_EINPUT. Updates point at the caller's memory, which
 * must stay valid for the call. No I/O; the retry loop is in txn.h.
 */
#ifndef FLOE_ICEBERG_UPDATE_H
#define FLOE_ICEBERG_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "iceberg/metadata.h"

enum floe_update_action {
	FLOE_UPD_ASSIGN_UUID,            /* uuid */
	FLOE_UPD_UPGRADE_FORMAT_VERSION, /* format_version */
	FLOE_UPD_ADD_SCHEMA,             /* schema (its schema_id is reassigned) */
	FLOE_UPD_SET_CURRENT_SCHEMA,     /* id; -1 = the schema added last in this change */
	FLOE_UPD_ADD_SPEC,               /* spec (its spec_id is reassigned) */
	FLOE_UPD_SET_DEFAULT_SPEC,       /* id; -1 = the spec added last */
	FLOE_UPD_ADD_SNAPSHOT,           /* snapshot (id, parent, sequence number as built) */
	FLOE_UPD_SET_SNAPSHOT_REF,       /* ref_name, ref_type, snapshot_id */
	FLOE_UPD_REMOVE_SNAPSHOTS,       /* ids, n_ids */
	FLOE_UPD_REMOVE_SNAPSHOT_REF,    /* ref_name */
	FLOE_UPD_SET_LOCATION,           /* location */
	FLOE_UPD_SET_PROPERTIES,         /* props, n_props */
	FLOE_UPD_REMOVE_PROPERTIES,      /* keys, n_keys */
};

struct floe_update {
	enum floe_update_action action;
	const char *uuid;
	int format_version;
	const struct floe_schema *schema;
	const struct floe_partition_spec *spec;
	int id;
	const struct floe_snapshot *snapshot;
	const char *ref_name;
	const char *ref_type;            /* "branch" | "tag" */
	int64_t snapshot_id;
	const int64_t *ids;
	size_t n_ids;
	const char *location;
	const struct floe_kv *props;
	size_t n_props;
	const char *const *keys;
	size_t n_keys;
};

enum floe_requirement_type {
	FLOE_REQ_ASSERT_CREATE,                 /* the table must not exist */
	FLOE_REQ_ASSERT_TABLE_UUID,             /* uuid */
	FLOE_REQ_ASSERT_REF_SNAPSHOT_ID,        /* ref, has_snapshot (false = ref must not exist), snapshot_id */
	FLOE_REQ_ASSERT_LAST_ASSIGNED_FIELD_ID, /* id */
	FLOE_REQ_ASSERT_CURRENT_SCHEMA_ID,      /* id */
	FLOE_REQ_ASSERT_LAST_ASSIGNED_PARTITION_ID, /* id */
	FLOE_REQ_ASSERT_DEFAULT_SPEC_ID,        /* id */
	FLOE_REQ_ASSERT_DEFAULT_SORT_ORDER_ID,  /* id */
};

struct floe_requirement {
	enum floe_requirement_type type;
	const char *uuid;
	const char *ref;
	bool has_snapshot;
	int64_t snapshot_id;
	int id;
};

/* Checks every requirement against `base` (NULL = the table does not exist).
 * A failed one: FLOE_CATALOG_ECONFLICT with a message naming it. */
int floe_requirements_check(const struct floe_table_metadata *base, const struct floe_requirement *reqs, size_t n,
			    struct floe_err *err);

/* Builds `out` = `base` with the updates applied in order, then validates it.
 * base_location (the file base was read from, or NULL) joins the metadata-log;
 * last-updated-ms never moves backwards. On failure `out` is left released. */
int floe_metadata_apply(struct floe_table_metadata *out, const struct floe_table_metadata *base,
			const char *base_location, const struct floe_update *ups, size_t n, struct floe_err *err);

/* The REST shapes: an array of TableUpdate / TableRequirement objects (NULL when out of memory). */
json_t *floe_updates_to_json(const struct floe_update *ups, size_t n);
json_t *floe_requirements_to_json(const struct floe_requirement *reqs, size_t n);
/* The spec's name of an action / a requirement type. */
const char *floe_update_action_name(enum floe_update_action a);
const char *floe_requirement_type_name(enum floe_requirement_type t);

/* The requirements a change built on `base` needs so that it lands only on that
 * base: assert-table-uuid and assert-ref-snapshot-id(main) — plus, when the
 * change touches schemas or specs, their current ids. Returns the count (≤ 6). */
size_t floe_requirements_for_base(const struct floe_table_metadata *base, bool schema, bool spec,
				  struct floe_requirement out[6]);

#endif
