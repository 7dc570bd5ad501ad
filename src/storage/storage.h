/*
 * storage.h — where table files live, behind a small function table.
 *
 * A backend implements put (streaming through a struct floe_sink whose
 * finish() makes the object durable and visible at once), get, range get,
 * stat (exists + size), list and delete. Objects are named by full URIs
 * ("file:///wh/db/t/metadata/00001-....metadata.json"); the local backend also
 * accepts absolute paths. Errors name the object. Nothing here knows Iceberg.
 */
#ifndef FLOE_STORAGE_STORAGE_H
#define FLOE_STORAGE_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/sink.h"

struct floe_storage;

/* err->code for a missing object (get, range get, delete of nothing is not an error) */
#define FLOE_STORAGE_ENOENT 2

typedef int (*floe_storage_list_cb)(void *arg, const char *uri, uint64_t size, struct floe_err *err);

/* Whole-object gets read metadata, manifest lists and manifests into memory: a bigger
 * object is not one of those (or is corrupt), and reading it would only exhaust memory.
 * Data files are read with range gets. */
#define FLOE_STORAGE_GET_MAX (512ull * 1024 * 1024)
#define FLOE_STORAGE_ETOOBIG 1202

struct floe_storage_ops {
	/* Opens a streaming writer. Exactly one of sink->finish() (durable + visible;
	 * on failure nothing is left behind) or sink->abort() must follow; both free the sink. */
	int (*put)(struct floe_storage *st, const char *uri, struct floe_sink **out, struct floe_err *err);
	/* Appends the whole object to out; objects above FLOE_STORAGE_GET_MAX are refused
	 * (FLOE_STORAGE_ETOOBIG) before anything is read. */
	int (*get)(struct floe_storage *st, const char *uri, struct floe_buf *out, struct floe_err *err);
	/* Appends len bytes at off to out; fails if the object is shorter. */
	int (*get_range)(struct floe_storage *st, const char *uri, uint64_t off, uint64_t len, struct floe_buf *out,
			 struct floe_err *err);
	int (*stat)(struct floe_storage *st, const char *uri, bool *exists, uint64_t *size, struct floe_err *err);
	/* Calls cb for every object whose URI starts with prefix_uri/ (recursive, sorted). */
	int (*list)(struct floe_storage *st, const char *prefix_uri, floe_storage_list_cb cb, void *arg,
		    struct floe_err *err);
	/* Deleting an object that does not exist succeeds. */
	int (*del)(struct floe_storage *st, const char *uri, struct floe_err *err);
	void (*free)(struct floe_storage *st);
};

struct floe_storage {
	const struct floe_storage_ops *ops;
};

/* What a backend is opened with. Only location is required; the rest are for
 * object stores (the S3 backend) and are ignored by the local one. */
struct floe_storage_opts {
	const char *location;        /* warehouse root: file:///abs, /abs (s3://bucket/prefix: S3) */
	bool create;                 /* create the root when missing (local: mkdir -p) */
	const char *endpoint;        /* S3-compatible endpoint URL; NULL = AWS */
	const char *region;          /* NULL = from the environment */
	bool path_style;             /* path-style addressing (MinIO and the like) */
	uint64_t part_size;          /* multipart part size; 0 = the backend's default */
	int max_inflight_parts;      /* parts held in memory at once; 0 = default */
	const char *profile;         /* shared-config profile; NULL = AWS_PROFILE or "default" */
	const char *access_key_id;   /* static keys (discouraged); NULL = the credential chain */
	const char *secret_access_key;
	const char *session_token;
};

/* Picks the backend from opts->location's scheme (dispatch in storage.c). */
int floe_storage_open_opts(const struct floe_storage_opts *o, struct floe_storage **out, struct floe_err *err);
/* floe_storage_open_opts with only a location. */
int floe_storage_open(const char *location, struct floe_storage **out, struct floe_err *err);
void floe_storage_free(struct floe_storage *st);

/* The local backend directly. */
struct floe_storage *floe_storage_local_new(void);
int floe_storage_local_open(const struct floe_storage_opts *o, struct floe_storage **out, struct floe_err *err);
/* The location is the local backend's (an absolute path or a file: URI). */
bool floe_storage_is_local(const char *location);

/* Canonical URI of a location: absolute paths become file:// URIs, trailing '/' removed.
 * Returns malloc'd text. Relative paths are refused. */
int floe_storage_normalize(const char *location, char **out, struct floe_err *err);

static inline int floe_storage_put(struct floe_storage *st, const char *uri, struct floe_sink **out,
				   struct floe_err *err)
{
	return st->ops->put(st, uri, out, err);
}
static inline int floe_storage_get(struct floe_storage *st, const char *uri, struct floe_buf *out,
				   struct floe_err *err)
{
	return st->ops->get(st, uri, out, err);
}
static inline int floe_storage_get_range(struct floe_storage *st, const char *uri, uint64_t off, uint64_t len,
					 struct floe_buf *out, struct floe_err *err)
{
	return st->ops->get_range(st, uri, off, len, out, err);
}
static inline int floe_storage_stat(struct floe_storage *st, const char *uri, bool *exists, uint64_t *size,
				    struct floe_err *err)
{
	return st->ops->stat(st, uri, exists, size, err);
}
static inline int floe_storage_list(struct floe_storage *st, const char *prefix_uri, floe_storage_list_cb cb,
				    void *arg, struct floe_err *err)
{
	return st->ops->list(st, prefix_uri, cb, arg, err);
}
static inline int floe_storage_delete(struct floe_storage *st, const char *uri, struct floe_err *err)
{
	return st->ops->del(st, uri, err);
}

/* Writes a whole buffer as one object (put + write + finish). */
int floe_storage_put_bytes(struct floe_storage *st, const char *uri, const void *p, size_t n,
			   struct floe_err *err);

#endif
