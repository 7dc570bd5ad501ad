/*
 * change.c — assembles a struct floe_change from a decoded pgoutput
 * Insert/Update/Delete: decodes the tuples through the relation cache,
 * recovers unchanged TOAST values from the old tuple where the source sent
 * one, and extracts key values (before and after). Transaction fields and
 * Truncate are filled by the caller (stream.c).
 */
#include "pg/change.h"

#include <string.h>

const char *floe_change_op_name(enum floe_change_op op)
{
	switch (op) {
	case FLOE_OP_INSERT: return "insert";
	case FLOE_OP_UPDATE: return "update";
	case FLOE_OP_DELETE: return "delete";
	case FLOE_OP_TRUNCATE: return "truncate";
	}
	return "unknown";
}

static int decode(const struct floe_change_rel *rel, const struct floe_pg_tuple *tup,
		  const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value **vals,
		  uint8_t **unch, struct floe_err *err)
{
	size_t n = rel->ncols ? rel->ncols : 1;

	*vals = floe_arena_alloc(arena, n * sizeof(**vals));
	*unch = floe_arena_alloc(arena, n);
	if (!*vals || !*unch)
		return floe_err_set(err, "out of memory decoding a row of '%s.%s'", rel->schema, rel->table);
	memset(*vals, 0, n * sizeof(**vals));
	memset(*unch, 0, n);
	return floe_pg_tuple_decode(rel->pg, tup, policy, arena, *vals, *unch, err);
}

/* Copies the key columns of `row` into a new array; fails if one was not sent. */
static int extract_key(const struct floe_change_rel *rel, const struct floe_value *row, const uint8_t *unch,
		       struct floe_arena *arena, const struct floe_value **out, struct floe_err *err)
{
	struct floe_value *k;

	*out = NULL;
	if (rel->nkeys == 0)
		return 0;
	k = floe_arena_alloc(arena, (size_t)rel->nkeys * sizeof(*k));
	if (!k)
		return floe_err_set(err, "out of memory");
	for (int i = 0; i < rel->nkeys; i++) {
		int c = rel->key_cols[i];
		if (unch && unch[c])
			return floe_err_set(err, "relation '%s.%s': key column '%s' was not sent by the source",
					    rel->schema, rel->table, rel->fields[c].name);
		k[i] = row[c];
	}
	*out = k;
	return 0;
}

static bool any_set(const uint8_t *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i])
			return true;
	return false;
}

int floe_change_build(const struct floe_change_rel *rel, const struct floe_pg_msg *msg,
		      const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_change *ch,
		      struct floe_err *err)
{
	struct floe_value *row = NULL, *old = NULL;
	uint8_t *unch = NULL, *old_unch = NULL;
	const struct floe_value *old_key = NULL;

	ch->rel = rel;
	ch->key = ch->old_key = ch->row = ch->old = NULL;
	ch->unchanged = NULL;
	ch->old_kind = 0;
	switch (msg->type) {
	case FLOE_PGM_INSERT:
		ch->op = FLOE_OP_INSERT;
		if (decode(rel, &msg->u.insert.newtup, policy, arena, &row, &unch, err) != 0)
			return -1;
		break;
	case FLOE_PGM_UPDATE:
		ch->op = FLOE_OP_UPDATE;
		if (decode(rel, &msg->u.update.newtup, policy, arena, &row, &unch, err) != 0)
			return -1;
		if (msg->u.update.old_kind) {
			ch->old_kind = msg->u.update.old_kind;
			if (decode(rel, &msg->u.update.oldtup, policy, arena, &old, &old_unch, err) != 0)
				return -1;
		}
		/* unchanged TOAST: take the value from the old tuple when it carries it */
		for (uint16_t i = 0; i < rel->ncols; i++) {
			if (!unch[i] || !old || old_unch[i])
				continue;
			if (ch->old_kind == 'O' || (ch->old_kind == 'K' && rel->pg->cols[i].key)) {
				row[i] = old[i];
				unch[i] = 0;
			}
		}
		break;
	case FLOE_PGM_DELETE:
		ch->op = FLOE_OP_DELETE;
		ch->old_kind = msg->u.del.old_kind;
		if (decode(rel, &msg->u.del.oldtup, policy, arena, &old, &old_unch, err) != 0)
			return -1;
		break;
	default:
		return floe_err_set(err, "pgoutput %s message is not a row change", floe_pgoutput_type_name(msg->type));
	}
	if (row) {
		ch->row = row;
		ch->unchanged = any_set(unch, rel->ncols) ? unch : NULL;
		if (extract_key(rel, row, unch, arena, &ch->key, err) != 0)
			return -1;
	}
	if (old) {
		ch->old = old;
		if (ch->op == FLOE_OP_DELETE) {
			if (extract_key(rel, old, old_unch, arena, &ch->key, err) != 0)
				return -1;
		} else if (rel->nkeys > 0) {
			/* the key before the update, when the old tuple holds every key column */
			bool complete = true;
			for (int i = 0; i < rel->nkeys; i++) {
				int c = rel->key_cols[i];
				if (old_unch[c] || (ch->old_kind == 'K' && !rel->pg->cols[c].key))
					complete = false;
			}
			if (complete && extract_key(rel, old, NULL, arena, &old_key, err) != 0)
				return -1;
			if (old_key) {
				bool same = true;
				for (int i = 0; i < rel->nkeys; i++)
					if (!floe_value_equal(&rel->fields[rel->key_cols[i]].type, &old_key[i], &ch->key[i]))
						same = false;
				ch->old_key = same ? NULL : old_key;
			}
		}
	}
	return 0;
}
