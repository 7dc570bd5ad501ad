/*
 * fuzz_parquet.c — libFuzzer target for the Parquet reader: opens the input as
 * an in-memory file (magic, footer Thrift, schema mapping) and, when that
 * works, walks every page header of every column chunk, decodes every
 * statistics bound, and reads every value of every readable column of every
 * row group (levels, all value encodings, decompression). Row groups claiming
 * over 200,000 rows are skipped to keep runs short; everything else must end
 * in success or a clean error.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"
#include "parquet/reader.h"

#define BATCH 97
#define MAX_ROWS 200000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_page(void *ctx, const struct floe_pq_page_info *pi)
{
	(*(size_t *)ctx) += pi->type == 3;
	return 0;
}

static void read_all(struct floe_pq_reader *r)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	struct floe_value vals[BATCH];
	struct floe_arena a;
	struct floe_err err;
	size_t g, f, c;

	floe_arena_init(&a, 16 * 1024);
	a.limit = 64u << 20;
	for (g = 0; g < m->n_row_groups; g++) {
		for (c = 0; c < m->n_columns; c++) {
			const struct floe_pq_stats *s = &m->row_groups[g].chunks[c].stats;
			struct floe_value v;
			size_t v2 = 0;
			(void)floe_pq_chunk_pages(r, g, c, count_page, &v2, &err);
			if (s->has_min)
				(void)floe_pq_stat_value(r, c, s->min, s->min_len, &v, &a, &err);
			if (s->has_max)
				(void)floe_pq_stat_value(r, c, s->max, s->max_len, &v, &a, &err);
		}
		if (m->row_groups[g].num_rows > MAX_ROWS)
			continue;
		for (f = 0; f < m->n_fields; f++) {
			struct floe_pq_cursor *cur;
			size_t n;
			if (floe_pq_cursor_open(r, g, f, &cur, &err) != 0)
				continue;
			while (floe_pq_cursor_read(cur, vals, BATCH, &n, &a, &err) == 0 && n > 0)
				floe_arena_reset(&a);
			floe_pq_cursor_free(cur);
			floe_arena_reset(&a);
		}
	}
	floe_arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_pq_reader *r;
	struct floe_err err;

	if (floe_pq_open_mem(&r, "fuzz", data, size, &err) != 0)
		return 0;
	read_all(r);
	floe_pq_close(r);
	return 0;
}
