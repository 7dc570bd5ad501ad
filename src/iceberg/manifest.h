/*
 * manifest.h — Iceberg manifest files and manifest lists (Avro, format v2):
 * writers that stream records into a struct floe_sink, and readers that turn
 * the bytes (ours, Java's or PyIceberg's) back into the structs of datafile.h.
 *
 * Writers produce exactly the schemas of the Iceberg spec ("Manifests",
 * "Manifest Lists"): field-id on every field, element-id on lists, int-keyed
 * maps as arrays of k<key>_v<value> records, optional fields as ["null", T]
 * with default null, and the spec's header metadata. They write only format
 * version 2 and only unpartitioned specs ("[]"); readers accept v1 and v2 and
 * any partition spec (partition tuples are skipped, not returned).
 * Nothing here opens files: the caller owns the sink and the byte buffers.
 */
#ifndef FLOE_ICEBERG_MANIFEST_H
#define FLOE_ICEBERG_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sink.h"
#include "iceberg/datafile.h"

/* manifest_file.content (517) and the manifest's "content" metadata */
enum floe_manifest_content { FLOE_MANIFEST_DATA = 0, FLOE_MANIFEST_DELETES = 1 };

/* -1 in a manifest_file's sequence_number / min_sequence_number / added_snapshot_id:
 * "not assigned yet"; the manifest-list writer replaces it with the list's value. */
#define FLOE_SEQ_UNASSIGNED (-1)

/* ---------------------------------------------------------------- manifests */

struct floe_manifest_opts {
	const char *schema_json;          /* table schema JSON object (metadata "schemas" entry), stored verbatim as "schema" */
	int schema_id;                    /* "schema-id" */
	const char *partition_spec_json;  /* the spec's FIELDS ARRAY only; NULL or "[]" = unpartitioned (only kind writable) */
	int partition_spec_id;            /* "partition-spec-id" */
	int format_version;               /* must be 2 */
	enum floe_manifest_content content; /* data manifest or delete manifest ("content" metadata) */
	int64_t snapshot_id;              /* snapshot adding this manifest: becomes the summary's added_snapshot_id */
	int64_t sequence_number;          /* usually FLOE_SEQ_UNASSIGNED (assigned by the manifest list at commit) */
	bool deflate;                     /* Avro "deflate" codec instead of "null" (icebird reads null more reliably) */
	const uint8_t *sync;              /* 16-byte sync marker, NULL = random (tests pass a fixed one) */
};

struct floe_manifest_writer;

/*
 * Starts a manifest: writes the Avro header into `sink` right away. The
 * writer borrows `sink` and the strings in `opts` until free. Fails on a
 * format version other than 2, a non-empty partition spec, or a sink error.
 */
int floe_manifest_writer_new(struct floe_manifest_writer **out, struct floe_sink *sink,
			     const struct floe_manifest_opts *opts, struct floe_err *err);

/*
 * Appends one entry (copied into the current Avro block; the caller may reuse
 * it right after). Rules checked here, each an error naming the file path:
 *   - file_path (and referenced_data_file) are full URIs with a scheme;
 *   - a data manifest takes only content 0 files, a delete manifest only 1 or 2;
 *   - equality_ids on equality deletes only (and required there); no
 *     sort_order_id on position deletes;
 *   - EXISTING and DELETED entries must carry has_sequence_number and
 *     has_file_sequence_number (spec: only ADDED entries inherit);
 *   - ADDED entries are written as given: leave has_sequence_number /
 *     has_file_sequence_number false to inherit the manifest's number (normal).
 * Entries are written in the order added. Metrics with value -1 / NULL are
 * left out of their map; a map with no entries is written as null.
 */
int floe_manifest_writer_add(struct floe_manifest_writer *w, const struct floe_manifest_entry *e,
			     struct floe_err *err);

/*
 * Flushes the last block (does NOT call the sink's finish: the owner does,
 * after which the file is durable) and fills `mf`:
 *   manifest_path       NULL — the caller sets it;
 *   manifest_length     exact bytes written to the sink;
 *   partition_spec_id, content (0 data / 1 deletes), added_snapshot_id = opts.snapshot_id;
 *   sequence_number     opts.sequence_number (normally FLOE_SEQ_UNASSIGNED);
 *   min_sequence_number the smallest explicit data sequence number of a live
 *                       (ADDED/EXISTING) entry, or opts.sequence_number when
 *                       no live entry has one (an inherited number is never
 *                       lower than an explicit older one);
 *   added/existing/deleted files and rows counts; partitions = NULL, 0.
 */
int floe_manifest_writer_finish(struct floe_manifest_writer *w, struct floe_manifest_file *mf,
				struct floe_err *err);

void floe_manifest_writer_free(struct floe_manifest_writer *w);

/* new + add for each + finish + free, in one call. */
int floe_manifest_write(struct floe_sink *sink, const struct floe_manifest_opts *opts,
			const struct floe_manifest_entry *entries, size_t n, struct floe_manifest_file *mf,
			struct floe_err *err);

/* A manifest as read back. Everything lives in the arena given to the reader. */
struct floe_manifest {
	int format_version;               /* "format-version" metadata; 1 when absent */
	int content;                      /* FLOE_MANIFEST_DATA / DELETES ("content"; data when absent) */
	int schema_id;                    /* -1 when absent */
	int partition_spec_id;            /* -1 when absent */
	const char *schema_json;          /* NULL when absent */
	const char *partition_spec_json;  /* NULL when absent */
	struct floe_manifest_entry *entries;
	size_t n_entries;
};

/*
 * Decodes a whole manifest file held in memory (null or deflate codec; the
 * writer's schema from the header drives decoding, fields are matched by
 * field-id). Strings and bounds are copied into `a`.
 *
 * inherit == NULL: entries come back exactly as stored (has_* false = null).
 * inherit != NULL (the manifest list's record that points at this manifest;
 * its sequence_number and added_snapshot_id must be assigned, >= 0):
 *   - a null snapshot_id becomes inherit->added_snapshot_id;
 *   - an ADDED entry's null sequence_number / file_sequence_number becomes
 *     inherit->sequence_number;
 *   - in a v1 manifest every sequence number is 0;
 *   - a v2 EXISTING/DELETED entry without sequence numbers is an error;
 *   - inherit->content must match the manifest's "content" metadata.
 * After inheritance every has_* flag is true. With or without inheritance,
 * a data file in a "deletes" manifest (or the reverse) is an error.
 * Bad bytes give an error with the offset; they never crash.
 */
int floe_manifest_read(const void *p, size_t len, const struct floe_manifest_file *inherit,
		       struct floe_arena *a, struct floe_manifest *out, struct floe_err *err);

/* ----------------------------------------------------------- manifest lists */

struct floe_manifest_list_opts {
	int64_t snapshot_id;              /* "snapshot-id" */
	bool has_parent_snapshot_id;
	int64_t parent_snapshot_id;       /* "parent-snapshot-id" (written as "null" when absent, as Java does) */
	int64_t sequence_number;          /* the snapshot's sequence number ("sequence-number") */
	int format_version;               /* must be 2 */
	bool deflate;
	const uint8_t *sync;              /* 16 bytes or NULL = random */
};

struct floe_manifest_list_writer;

/* Writes the header into `sink` right away; borrows sink and opts strings. */
int floe_manifest_list_writer_new(struct floe_manifest_list_writer **out, struct floe_sink *sink,
				  const struct floe_manifest_list_opts *opts, struct floe_err *err);

/*
 * Appends one manifest_file record. FLOE_SEQ_UNASSIGNED in sequence_number or
 * min_sequence_number is written as opts.sequence_number, and in
 * added_snapshot_id as opts.snapshot_id (a new manifest gets the snapshot's
 * numbers). Checks: manifest_path a full URI, manifest_length > 0, content 0 or 1,
 * counts >= 0, min_sequence_number <= sequence_number.
 */
int floe_manifest_list_writer_add(struct floe_manifest_list_writer *w, const struct floe_manifest_file *mf,
				  struct floe_err *err);

/* Flushes the last block; does not call the sink's finish. `*length` (may be
 * NULL) gets the exact bytes written. */
int floe_manifest_list_writer_finish(struct floe_manifest_list_writer *w, uint64_t *length, struct floe_err *err);

void floe_manifest_list_writer_free(struct floe_manifest_list_writer *w);

/* new + add for each + finish + free. */
int floe_manifest_list_write(struct floe_sink *sink, const struct floe_manifest_list_opts *opts,
			     const struct floe_manifest_file *files, size_t n, uint64_t *length,
			     struct floe_err *err);

struct floe_manifest_list {
	int format_version;               /* "format-version"; 1 when absent */
	bool has_snapshot_id;
	int64_t snapshot_id;
	bool has_parent_snapshot_id;
	int64_t parent_snapshot_id;
	bool has_sequence_number;
	int64_t sequence_number;
	struct floe_manifest_file *files;
	size_t n_files;
};

/*
 * Decodes a manifest list held in memory into `a`. v1 lists (no
 * sequence-number fields) read as sequence numbers 0 and content 0; a null
 * file/row count (optional in v1) reads as -1. Partition summaries are
 * returned in files[i].partitions.
 */
int floe_manifest_list_read(const void *p, size_t len, struct floe_arena *a,
			    struct floe_manifest_list *out, struct floe_err *err);

#endif
