/*
 * fuzz_pgoutput.c — libFuzzer target for the pgoutput decoding path: parses
 * a sequence of pgoutput messages, applies Relation/Type messages to a
 * relation cache (with a deterministic fake pg_type resolver) and decodes
 * every Insert/Update/Delete tuple through it. Tracks Stream Start/Stop like
 * the stream layer does.
 * Input: byte 0 = options (bits 0-1: proto_version-1, bit 2: streaming
 * 'parallel', bit 3: policy null), then frames of a big-endian u16 length
 * and that many message bytes. Seeds: tests/fuzz/corpus/fuzz_pgoutput/
 * (captured from PostgreSQL by tests/fuzz/gen_pgoutput_corpus.py).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "pg/pgoutput.h"
#include "pg/relcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* OIDs ≥ 10000 resolve by their low bits: domains over built-ins, enums, arrays, unknowns */
static int fake_lookup(void *ctx, uint32_t oid, struct floe_pg_typeinfo *info, struct floe_err *err)
{
	static const uint32_t bases[] = { 23, 1700, 25, 1184, 1007, 17 };

	(void)ctx;
	memset(info, 0, sizeof(*info));
	info->typtypmod = -1;
	switch (oid % 5) {
	case 0: info->typtype = 'd'; info->typbasetype = bases[(oid / 5) % 6]; return 1;
	case 1: info->typtype = 'e'; return 1;
	case 2: info->typtype = 'b'; info->typcategory = 'A'; info->typelem = oid - 1; return 1;
	case 3: return 0;
	default: return oid % 7 == 0 ? floe_err_set(err, "lookup failed") : 1;
	}
}

static void decode_tuple(struct floe_pg_relcache *rc, uint32_t relid, const struct floe_pg_tuple *t,
			 const struct floe_pg_policy *pol, struct floe_arena *a)
{
	const struct floe_pg_relation *rel = floe_pg_relcache_get(rc, relid);
	struct floe_value *vals;
	uint8_t *unch;
	struct floe_err err;

	if (!rel || t->ncols != rel->ncols || rel->ncols == 0)
		return;
	vals = floe_arena_alloc(a, sizeof(*vals) * rel->ncols);
	unch = floe_arena_alloc(a, rel->ncols);
	if (vals && unch)
		(void)floe_pg_tuple_decode(rel, t, pol, a, vals, unch, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_pgoutput_opts o;
	struct floe_pg_policy pol;
	struct floe_pg_resolver res = { fake_lookup, NULL, NULL };
	struct floe_pg_relcache *rc;
	struct floe_arena a;
	size_t pos = 1;

	if (size < 1)
		return 0;
	o.proto_version = (uint32_t)(data[0] & 3) + 1;
	o.parallel = (data[0] & 4) != 0;
	o.in_stream = false;
	pol.numeric_overflow = pol.infinity = (data[0] & 8) ? FLOE_POLICY_NULL : FLOE_POLICY_FAIL;
	pol.nulled = NULL;
	rc = floe_pg_relcache_new(&res);
	if (!rc)
		return 0;
	floe_arena_init(&a, 4096);
	while (pos + 2 <= size) {
		size_t len = (size_t)data[pos] << 8 | data[pos + 1];
		uint8_t *m;
		struct floe_pg_msg msg;
		struct floe_err err;

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		m = malloc(len ? len : 1); /* exact-size copy: overreads are caught */
		if (!m)
			break;
		memcpy(m, data + pos, len);
		pos += len;
		if (floe_pgoutput_parse(m, len, &o, &a, &msg, &err) == 0) {
			switch (msg.type) {
			case FLOE_PGM_STREAM_START: o.in_stream = true; break;
			case FLOE_PGM_STREAM_STOP: o.in_stream = false; break;
			case FLOE_PGM_RELATION:
			case FLOE_PGM_TYPE: (void)floe_pg_relcache_apply(rc, &msg, &err); break;
			case FLOE_PGM_INSERT: decode_tuple(rc, msg.u.insert.relid, &msg.u.insert.newtup, &pol, &a); break;
			case FLOE_PGM_UPDATE:
				if (msg.u.update.old_kind)
					decode_tuple(rc, msg.u.update.relid, &msg.u.update.oldtup, &pol, &a);
				decode_tuple(rc, msg.u.update.relid, &msg.u.update.newtup, &pol, &a);
				break;
			case FLOE_PGM_DELETE: decode_tuple(rc, msg.u.del.relid, &msg.u.del.oldtup, &pol, &a); break;
			default: break;
			}
		}
		free(m);
		floe_arena_reset(&a);
	}
	floe_arena_release(&a);
	floe_pg_relcache_free(rc);
	return 0;
}
