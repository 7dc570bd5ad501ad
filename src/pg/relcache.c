/*
 * relcache.c — relation and type cache of one replication stream (see
 * relcache.h): an open-addressing table of relations by OID, a small list of
 * types (Type messages and resolver answers), type resolution for OIDs
 * ≥ 10000, and the tuple decoder. Everything stored is malloc'd and owned
 * here; replaced relations are kept until drop_retired() or free().
 */
#include "pg/relcache.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RESOLVE_DEPTH 8

struct typ {
	uint32_t oid;
	char *nspname;          /* from a Type message, or NULL */
	char *typname;
	int state;              /* 0 not asked, 1 found, 2 not found */
	struct floe_pg_typeinfo info;
};

struct floe_pg_relcache {
	struct floe_pg_resolver res;
	bool has_res;
	struct floe_pg_relation **slots; /* open addressing, capacity power of two */
	size_t cap, n;
	struct typ *types;
	size_t ntypes, captypes;
	struct floe_pg_relation **retired;
	size_t nretired, capretired;
};

static void rel_free(struct floe_pg_relation *r)
{
	uint16_t i;

	if (!r)
		return;
	for (i = 0; i < r->ncols; i++)
		free(r->cols[i].name);
	free(r->cols);
	free(r->nspname);
	free(r->relname);
	free(r);
}

struct floe_pg_relcache *floe_pg_relcache_new(const struct floe_pg_resolver *resolver)
{
	struct floe_pg_relcache *rc = calloc(1, sizeof(*rc));

	if (!rc)
		return NULL;
	if (resolver) {
		rc->res = *resolver;
		rc->has_res = resolver->lookup != NULL;
	}
	return rc;
}

void floe_pg_relcache_drop_retired(struct floe_pg_relcache *rc)
{
	size_t i;

	for (i = 0; i < rc->nretired; i++)
		rel_free(rc->retired[i]);
	rc->nretired = 0;
}

void floe_pg_relcache_free(struct floe_pg_relcache *rc)
{
	size_t i;

	if (!rc)
		return;
	for (i = 0; i < rc->cap; i++)
		rel_free(rc->slots[i]);
	free(rc->slots);
	floe_pg_relcache_drop_retired(rc);
	free(rc->retired);
	for (i = 0; i < rc->ntypes; i++) {
		free(rc->types[i].nspname);
		free(rc->types[i].typname);
	}
	free(rc->types);
	free(rc);
}

static size_t slot_of(const struct floe_pg_relcache *rc, uint32_t oid)
{
	return (size_t)((oid * UINT32_C(2654435761)) & (uint32_t)(rc->cap - 1));
}

const struct floe_pg_relation *floe_pg_relcache_get(const struct floe_pg_relcache *rc, uint32_t oid)
{
	size_t i;

	if (rc->cap == 0)
		return NULL;
	for (i = slot_of(rc, oid);; i = (i + 1) & (rc->cap - 1)) {
		if (!rc->slots[i])
			return NULL;
		if (rc->slots[i]->oid == oid)
			return rc->slots[i];
	}
}

static int grow(struct floe_pg_relcache *rc, struct floe_err *err)
{
	size_t ncap = rc->cap ? rc->cap * 2 : 16, i, j;
	struct floe_pg_relation **ns = calloc(ncap, sizeof(*ns)), **old = rc->slots;
	size_t ocap = rc->cap;

	if (!ns)
		return floe_err_set(err, "out of memory for the relation cache");
	rc->slots = ns;
	rc->cap = ncap;
	for (i = 0; i < ocap; i++) {
		if (!old[i])
			continue;
		for (j = slot_of(rc, old[i]->oid); ns[j]; j = (j + 1) & (ncap - 1))
			;
		ns[j] = old[i];
	}
	free(old);
	return 0;
}

/* Puts rel in the table; the entry it replaces (if any) goes to *old. */
static int put_rel(struct floe_pg_relcache *rc, struct floe_pg_relation *rel, struct floe_pg_relation **old,
		   struct floe_err *err)
{
	size_t i;

	*old = NULL;
	if ((rc->n + 1) * 2 > rc->cap && grow(rc, err))
		return -1;
	for (i = slot_of(rc, rel->oid); rc->slots[i]; i = (i + 1) & (rc->cap - 1)) {
		if (rc->slots[i]->oid == rel->oid) {
			*old = rc->slots[i];
			rc->slots[i] = rel;
			return 0;
		}
	}
	rc->slots[i] = rel;
	rc->n++;
	return 0;
}

static struct typ *find_typ(struct floe_pg_relcache *rc, uint32_t oid, bool create, struct floe_err *err)
{
	size_t i;

	for (i = 0; i < rc->ntypes; i++)
		if (rc->types[i].oid == oid)
			return &rc->types[i];
	if (!create)
		return NULL;
	if (rc->ntypes == rc->captypes) {
		size_t nc = rc->captypes ? rc->captypes * 2 : 8;
		struct typ *nt = realloc(rc->types, nc * sizeof(*nt));
		if (!nt) {
			floe_err_set(err, "out of memory for the type cache");
			return NULL;
		}
		rc->types = nt;
		rc->captypes = nc;
	}
	memset(&rc->types[rc->ntypes], 0, sizeof(rc->types[0]));
	rc->types[rc->ntypes].oid = oid;
	return &rc->types[rc->ntypes++];
}

/* Extension string types whose send format is the text bytes. */
static bool is_text_like_name(const char *name)
{
	return name && strcmp(name, "citext") == 0;
}

static int map_type(struct floe_pg_relcache *rc, uint32_t oid, int32_t typmod, int depth, struct floe_pgtype *out,
		    struct floe_err *err)
{
	struct typ *ty;

	if (oid < FLOE_PG_FIRST_NORMAL_OID) {
		floe_pgtype_builtin(oid, typmod, out);
		return 0;
	}
	if (depth > MAX_RESOLVE_DEPTH)
		return floe_err_set(err, "type oid %u: domains or arrays nested deeper than %d levels",
				    oid, MAX_RESOLVE_DEPTH);
	ty = find_typ(rc, oid, true, err);
	if (!ty)
		return -1;
	if (ty->state == 0 && rc->has_res) {
		int r = rc->res.lookup(rc->res.ctx, oid, &ty->info, err);
		if (r < 0)
			return floe_err_prefix(err, "looking up type oid %u: ", oid);
		ty->state = r > 0 ? 1 : 2;
	}
	if (ty->state != 1) {
		floe_pgtype_for_kind(is_text_like_name(ty->typname) ? FLOE_PGK_STRING : FLOE_PGK_TEXT_ONLY, oid,
				     typmod, out);
		return 0;
	}
	switch (ty->info.typtype) {
	case 'd': {
		/* copies: the recursion may move rc->types */
		uint32_t base = ty->info.typbasetype;
		int32_t mod = ty->info.typtypmod;
		if (base == 0 || base == oid)
			return floe_err_set(err, "type oid %u: domain without a valid base type", oid);
		if (map_type(rc, base, typmod >= 0 ? typmod : mod, depth + 1, out, err))
			return -1;
		if (out->kind != FLOE_PGK_ARRAY)
			out->oid = oid;
		return 0;
	}
	case 'e':
		floe_pgtype_for_kind(FLOE_PGK_STRING, oid, typmod, out);
		return 0;
	case 'b':
		if (ty->info.typcategory == 'A' && ty->info.typelem != 0) {
			struct floe_pgtype e;
			uint32_t elem = ty->info.typelem;
			if (map_type(rc, elem, typmod, depth + 1, &e, err))
				return -1;
			e.oid = elem;
			floe_pgtype_array_of(&e, oid, out);
			return 0;
		}
		if (is_text_like_name(ty->typname)) {
			floe_pgtype_for_kind(FLOE_PGK_STRING, oid, typmod, out);
			return 0;
		}
		break;
	default:
		break;
	}
	floe_pgtype_for_kind(FLOE_PGK_TEXT_ONLY, oid, typmod, out);
	return 0;
}

int floe_pg_relcache_map_type(struct floe_pg_relcache *rc, uint32_t type_oid, int32_t typmod,
			      struct floe_pgtype *out, struct floe_err *err)
{
	return map_type(rc, type_oid, typmod, 0, out, err);
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);

	if (d)
		memcpy(d, s, n + 1);
	return d;
}

static int apply_type(struct floe_pg_relcache *rc, const struct floe_pg_msg *m, struct floe_err *err)
{
	struct typ *ty = find_typ(rc, m->u.type.oid, true, err);
	char *ns, *tn;

	if (!ty)
		return -1;
	ns = dupstr(m->u.type.nspname);
	tn = dupstr(m->u.type.typname);
	if (!ns || !tn) {
		free(ns);
		free(tn);
		return floe_err_set(err, "out of memory for the type cache");
	}
	free(ty->nspname);
	free(ty->typname);
	ty->nspname = ns;
	ty->typname = tn;
	return 0;
}

/* True if the cached relation matches the message exactly. */
static bool same_relation(const struct floe_pg_relation *r, const struct floe_pg_msg *m)
{
	const char *ns = m->u.relation.nspname[0] ? m->u.relation.nspname : "pg_catalog";
	uint16_t i;

	if (r->ncols != m->u.relation.ncols || r->replident != m->u.relation.replident ||
	    strcmp(r->nspname, ns) != 0 || strcmp(r->relname, m->u.relation.relname) != 0)
		return false;
	for (i = 0; i < r->ncols; i++) {
		const struct floe_pg_relcol *c = &m->u.relation.cols[i];
		if (r->cols[i].type_oid != c->type_oid || r->cols[i].typmod != c->typmod ||
		    r->cols[i].key != ((c->flags & 1) != 0) || strcmp(r->cols[i].name, c->name) != 0)
			return false;
	}
	return true;
}

bool floe_pg_relcache_binary_ok(const struct floe_pg_relation *rel)
{
	uint16_t i;

	for (i = 0; i < rel->ncols; i++)
		if (!rel->cols[i].map.binary)
			return false;
	return true;
}

static int apply_relation(struct floe_pg_relcache *rc, const struct floe_pg_msg *m, struct floe_err *err)
{
	const struct floe_pg_relation *cur = floe_pg_relcache_get(rc, m->u.relation.oid);
	struct floe_pg_relation *r, *old;
	uint16_t i;
	int ret = -1;

	if (cur && same_relation(cur, m))
		return 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return floe_err_set(err, "out of memory for the relation cache");
	r->oid = m->u.relation.oid;
	r->nspname = dupstr(m->u.relation.nspname[0] ? m->u.relation.nspname : "pg_catalog");
	r->relname = dupstr(m->u.relation.relname);
	r->replident = m->u.relation.replident;
	r->version = cur ? cur->version + 1 : 1;
	r->cols = calloc(m->u.relation.ncols ? m->u.relation.ncols : 1, sizeof(*r->cols));
	if (!r->nspname || !r->relname || !r->cols) {
		floe_err_set(err, "out of memory for the relation cache");
		goto out;
	}
	for (i = 0; i < m->u.relation.ncols; i++) {
		const struct floe_pg_relcol *c = &m->u.relation.cols[i];
		struct floe_pg_column *col = &r->cols[i];

		col->name = dupstr(c->name);
		r->ncols = (uint16_t)(i + 1);
		if (!col->name) {
			floe_err_set(err, "out of memory for the relation cache");
			goto out;
		}
		col->type_oid = c->type_oid;
		col->typmod = c->typmod;
		col->key = (c->flags & 1) != 0;
		if (map_type(rc, c->type_oid, c->typmod, 0, &col->map, err)) {
			floe_err_prefix(err, "relation '%s.%s' column '%s': ", r->nspname, r->relname, c->name);
			goto out;
		}
		if (col->map.kind == FLOE_PGK_ARRAY && rc->res.attndims) {
			int nd = 0;
			if (rc->res.attndims(rc->res.ctx, r->oid, c->name, &nd, err)) {
				floe_err_prefix(err, "relation '%s.%s' column '%s': ", r->nspname, r->relname, c->name);
				goto out;
			}
			if (nd > 1)
				floe_pgtype_for_kind(FLOE_PGK_TEXT_ONLY, c->type_oid, c->typmod, &col->map);
		}
	}
	r->binary_ok = floe_pg_relcache_binary_ok(r);
	if (put_rel(rc, r, &old, err))
		goto out;
	if (old) {
		if (rc->nretired == rc->capretired) {
			size_t nc = rc->capretired ? rc->capretired * 2 : 4;
			struct floe_pg_relation **nr = realloc(rc->retired, nc * sizeof(*nr));
			if (!nr) {
				rel_free(old); /* nobody can be holding it past this failure */
				return floe_err_set(err, "out of memory for the relation cache");
			}
			rc->retired = nr;
			rc->capretired = nc;
		}
		rc->retired[rc->nretired++] = old;
	}
	return 0;
out:
	rel_free(r);
	return ret;
}

int floe_pg_relcache_apply(struct floe_pg_relcache *rc, const struct floe_pg_msg *msg, struct floe_err *err)
{
	if (msg->type == FLOE_PGM_RELATION)
		return apply_relation(rc, msg, err);
	if (msg->type == FLOE_PGM_TYPE)
		return apply_type(rc, msg, err);
	return 0;
}

void floe_pg_relation_schema(const struct floe_pg_relation *rel, struct floe_field *fields, int *key_ids,
			     int *nkeys)
{
	uint16_t i;
	int k = 0;

	for (i = 0; i < rel->ncols; i++) {
		fields[i].id = i + 1;
		fields[i].name = rel->cols[i].name;
		fields[i].required = rel->cols[i].key;
		fields[i].type = rel->cols[i].map.type;
		if (rel->cols[i].key) {
			if (key_ids)
				key_ids[k] = i + 1;
			k++;
		}
	}
	if (nkeys)
		*nkeys = k;
}

int floe_pg_relation_key(const struct floe_pg_relation *rel, const char *const *pk, int n_pk, bool full_fallback,
			 int *keys, bool *is_pk, const char **unpublished)
{
	int n = 0;

	*is_pk = false;
	*unpublished = NULL;
	if (rel->replident == 'd' || rel->replident == 'i') {
		for (int c = 0; c < rel->ncols; c++)
			if (rel->cols[c].key)
				keys[n++] = c;
		*is_pk = rel->replident == 'd' && n > 0;
		return n;
	}
	for (int k = 0; k < n_pk; k++) {
		int found = -1;
		for (int c = 0; c < rel->ncols && found < 0; c++)
			if (!strcmp(rel->cols[c].name, pk[k]))
				found = c;
		if (found < 0) {
			*unpublished = pk[k];
			return -1;
		}
		keys[n++] = found;
	}
	*is_pk = n > 0;
	if (n == 0 && rel->replident == 'f' && full_fallback)
		for (int c = 0; c < rel->ncols; c++)
			keys[n++] = c;
	return n;
}

int floe_pg_tuple_decode(const struct floe_pg_relation *rel, const struct floe_pg_tuple *tup,
			 const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *vals,
			 uint8_t *unchanged, struct floe_err *err)
{
	uint16_t i;

	if (tup->ncols != rel->ncols)
		return floe_err_set(err, "relation '%s.%s': tuple has %u columns but the relation message declared %u; "
				    "the stream is out of sync", rel->nspname, rel->relname, tup->ncols, rel->ncols);
	for (i = 0; i < rel->ncols; i++) {
		const struct floe_pg_col *c = &tup->cols[i];
		const struct floe_pg_column *col = &rel->cols[i];

		if (unchanged)
			unchanged[i] = 0;
		switch (c->kind) {
		case FLOE_PG_COL_NULL:
			memset(&vals[i], 0, sizeof(vals[i]));
			vals[i].is_null = true;
			break;
		case FLOE_PG_COL_UNCHANGED:
			if (!unchanged)
				return floe_err_set(err, "relation '%s.%s' column '%s': unchanged TOAST value where a full "
						    "value is needed", rel->nspname, rel->relname, col->name);
			memset(&vals[i], 0, sizeof(vals[i]));
			vals[i].is_null = true;
			unchanged[i] = 1;
			break;
		case FLOE_PG_COL_TEXT:
		case FLOE_PG_COL_BINARY:
			if (floe_pgvalue_decode(&col->map, c->kind == FLOE_PG_COL_TEXT ? FLOE_PG_FMT_TEXT : FLOE_PG_FMT_BINARY,
						c->p, c->len, policy, arena, &vals[i], err))
				return floe_err_prefix(err, "relation '%s.%s' column '%s': ", rel->nspname, rel->relname,
						       col->name);
			break;
		default:
			return floe_err_set(err, "relation '%s.%s' column '%s': invalid tuple column kind", rel->nspname,
					    rel->relname, col->name);
		}
	}
	return 0;
}
