/*
 * lookup.h — the slow path for unchanged TOAST values: rows whose image
 * still lacks a value that neither the old tuple nor an earlier image in the
 * batch could supply get it from the Iceberg table itself (the live row of
 * the same key, read with a key lookup that prunes data files by bounds).
 * A key that is not in the table is an error (never a silently wrong value).
 */
#ifndef FLOE_SINK_LOOKUP_H
#define FLOE_SINK_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "iceberg/table.h"
#include "pg/source.h"
#include "storage/storage.h"

struct floe_lookup_rows {
	size_t n;
	struct floe_buf store;     /* the completed images, back to back */
	size_t *off;               /* n offsets into store */
	uint32_t *img_len;
	uint64_t *lsn;
	int64_t *ts;
};

/*
 * `pend` holds n records [u32 key_len][u32 img_len][u64 lsn][i64 ts][key][img]
 * (rowcodec encodings). Fills rows with the images completed from the table's
 * current snapshot, in the same order.
 */
int floe_lookup_table_rows(struct floe_storage *st, const struct floe_table *table, const struct floe_src_table *src,
			   const uint8_t *pend, size_t pend_len, size_t n, struct floe_lookup_rows *rows,
			   struct floe_err *err);
void floe_lookup_rows_release(struct floe_lookup_rows *rows);

#endif
