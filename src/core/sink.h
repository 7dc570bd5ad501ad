/*
 * sink.h — a byte sink that writers stream into (Parquet, Avro, JSON files).
 *
 * A writer calls write() as often as it likes and never seeks; the owner then
 * calls finish() to make the bytes durable and visible (a local file: fsync and
 * rename; S3: complete the multipart upload) or abort() to throw them away.
 * `written` counts the bytes accepted so far (a writer's current offset).
 * This file has the in-memory sink; storage/ provides file and object sinks.
 */
#ifndef FLOE_CORE_SINK_H
#define FLOE_CORE_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct floe_sink {
	int (*write)(struct floe_sink *s, const void *p, size_t n, struct floe_err *err);
	int (*finish)(struct floe_sink *s, struct floe_err *err);
	void (*abort)(struct floe_sink *s);
	uint64_t written;
};

static inline int floe_sink_write(struct floe_sink *s, const void *p, size_t n, struct floe_err *err)
{
	int rc = s->write(s, p, n, err);
	if (rc == 0)
		s->written += n;
	return rc;
}

/* Collects everything into a struct floe_buf (the caller owns `buf`). */
struct floe_mem_sink {
	struct floe_sink base;
	struct floe_buf *buf;
};

void floe_mem_sink_init(struct floe_mem_sink *m, struct floe_buf *buf);

#endif
