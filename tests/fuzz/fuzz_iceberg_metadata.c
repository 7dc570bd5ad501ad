/*
 * fuzz_iceberg_metadata.c — libFuzzer target for the table-metadata JSON
 * parser: any bytes must parse or fail cleanly; what parses must write and
 * parse again to the same document (the model round-trips).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg/metadata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_table_metadata md, back;
	struct floe_buf a = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	struct floe_err err;

	if (floe_metadata_parse(&md, (const char *)data, size, &err) < 0)
		return 0;
	if (floe_metadata_write(&md, &a, &err) < 0)
		abort();
	if (floe_metadata_parse(&back, (const char *)a.data, a.len, &err) < 0)
		abort();
	if (floe_metadata_write(&back, &b, &err) < 0 || a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		abort();
	(void)floe_metadata_current_snapshot(&md);
	(void)floe_metadata_snapshot_as_of(&md, 1600000000000);
	floe_metadata_release(&md);
	floe_metadata_release(&back);
	floe_buf_release(&a);
	floe_buf_release(&b);
	return 0;
}
