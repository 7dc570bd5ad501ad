/*
 * fuzz_config.c — libFuzzer target for the YAML configuration loader: any
 * bytes must either load (and then free cleanly, with every default filled)
 * or fail with a non-empty one-line message; never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_config c;
	struct floe_err err = { 0 };

	setenv("FLOE_FUZZ_VAR", "value", 0);
	if (floe_config_load_string((const char *)data, size, "fuzz.yaml", &c, &err) == 0) {
		if (!c.source.dsn || !c.source.publication || !c.source.slot || !c.warehouse.location ||
		    !c.catalog.uri || !c.catalog.type || !c.catalog.name || !c.sink.spill_dir ||
		    c.sink.flush_interval_ms <= 0 || c.sink.flush_rows <= 0 || c.sink.flush_bytes <= 0 ||
		    c.sink.memory_limit <= 0)
			abort();
		floe_config_free(&c);
	} else if (!err.msg[0] || strchr(err.msg, '\n')) {
		abort();
	}
	return 0;
}
