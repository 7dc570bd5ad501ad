/*
 * schema.c — Avro schema JSON → struct floe_avro_schema tree (see schema.h).
 *
 * Named types (record, enum, fixed) are registered under their full name
 * before their fields are parsed, so a record may refer to itself. Nesting
 * is limited to FLOE_AVRO_MAX_DEPTH so a hostile header cannot exhaust the
 * stack. Parsing uses jansson; the jansson tree is freed before returning.
 */
#include "avro/schema.h"

#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#define FLOE_AVRO_MAX_DEPTH 64

struct named {
	struct named *next;
	const char *full_name;
	struct floe_avro_schema *schema;
};

struct parser {
	struct floe_arena *a;
	struct named *names;
	struct floe_err *err;
};

static const struct {
	const char *name;
	enum floe_avro_type type;
} primitives[] = {
	{ "null", FLOE_AVRO_NULL },     { "boolean", FLOE_AVRO_BOOLEAN }, { "int", FLOE_AVRO_INT },
	{ "long", FLOE_AVRO_LONG },     { "float", FLOE_AVRO_FLOAT },     { "double", FLOE_AVRO_DOUBLE },
	{ "bytes", FLOE_AVRO_BYTES },   { "string", FLOE_AVRO_STRING },
};

const char *floe_avro_type_name(enum floe_avro_type t)
{
	switch (t) {
	case FLOE_AVRO_NULL: return "null";
	case FLOE_AVRO_BOOLEAN: return "boolean";
	case FLOE_AVRO_INT: return "int";
	case FLOE_AVRO_LONG: return "long";
	case FLOE_AVRO_FLOAT: return "float";
	case FLOE_AVRO_DOUBLE: return "double";
	case FLOE_AVRO_BYTES: return "bytes";
	case FLOE_AVRO_STRING: return "string";
	case FLOE_AVRO_RECORD: return "record";
	case FLOE_AVRO_ENUM: return "enum";
	case FLOE_AVRO_ARRAY: return "array";
	case FLOE_AVRO_MAP: return "map";
	case FLOE_AVRO_UNION: return "union";
	case FLOE_AVRO_FIXED: return "fixed";
	}
	return "unknown";
}

static struct floe_avro_schema *new_schema(struct parser *p, enum floe_avro_type t)
{
	struct floe_avro_schema *s = floe_arena_alloc(p->a, sizeof(*s));

	if (!s) {
		floe_err_set(p->err, "out of memory parsing an avro schema");
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->type = t;
	s->element_id = -1;
	s->key_id = -1;
	s->value_id = -1;
	s->may_be_empty = t == FLOE_AVRO_NULL;
	return s;
}

static int primitive_type(const char *name, enum floe_avro_type *t)
{
	size_t i;

	for (i = 0; i < sizeof(primitives) / sizeof(primitives[0]); i++) {
		if (strcmp(primitives[i].name, name) == 0) {
			*t = primitives[i].type;
			return 0;
		}
	}
	return -1;
}

/* "a.b.c" stays; "c" in namespace "a.b" becomes "a.b.c". */
static char *full_name(struct parser *p, const char *name, const char *ns)
{
	size_t nl, sl;
	char *out;

	if (strchr(name, '.') || !ns || !*ns)
		return floe_arena_strdup(p->a, name);
	nl = strlen(name);
	sl = strlen(ns);
	out = floe_arena_alloc(p->a, sl + nl + 2);
	if (!out)
		return NULL;
	memcpy(out, ns, sl);
	out[sl] = '.';
	memcpy(out + sl + 1, name, nl + 1);
	return out;
}

static struct floe_avro_schema *lookup(struct parser *p, const char *name, const char *ns)
{
	struct named *n;
	char *full = full_name(p, name, ns);

	if (!full)
		return NULL;
	for (n = p->names; n; n = n->next)
		if (strcmp(n->full_name, full) == 0)
			return n->schema;
	/* a short name may also refer to a type in the null namespace */
	for (n = p->names; n; n = n->next)
		if (strcmp(n->full_name, name) == 0)
			return n->schema;
	return NULL;
}

static int define(struct parser *p, const char *full, struct floe_avro_schema *s)
{
	struct named *n;

	for (n = p->names; n; n = n->next)
		if (strcmp(n->full_name, full) == 0)
			return floe_err_set(p->err, "avro schema: type name '%s' is defined twice", full);
	n = floe_arena_alloc(p->a, sizeof(*n));
	if (!n)
		return floe_err_set(p->err, "out of memory parsing an avro schema");
	n->full_name = full;
	n->schema = s;
	n->next = p->names;
	p->names = n;
	return 0;
}

/* An optional integer attribute; -1 when absent. */
static int int_attr(struct parser *p, json_t *obj, const char *key, int *out)
{
	json_t *v = json_object_get(obj, key);

	*out = -1;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > INT_MAX)
		return floe_err_set(p->err, "avro schema: attribute '%s' must be a non-negative integer", key);
	*out = (int)json_integer_value(v);
	return 0;
}

static int parse(struct parser *p, json_t *j, const char *ns, int depth, struct floe_avro_schema **out);

static int parse_record(struct parser *p, json_t *j, struct floe_avro_schema *s, const char *ns, int depth)
{
	json_t *fields = json_object_get(j, "fields");
	size_t i;

	if (!json_is_array(fields))
		return floe_err_set(p->err, "avro schema: record '%s' has no \"fields\" array", s->name);
	s->n = json_array_size(fields);
	s->fields = floe_arena_alloc(p->a, (s->n ? s->n : 1) * sizeof(*s->fields));
	if (!s->fields)
		return floe_err_set(p->err, "out of memory parsing an avro schema");
	s->may_be_empty = true;
	for (i = 0; i < s->n; i++) {
		json_t *f = json_array_get(fields, i);
		json_t *name = json_object_get(f, "name");
		json_t *type = json_object_get(f, "type");
		struct floe_avro_field *fd = &s->fields[i];
		size_t k;

		if (!json_is_object(f) || !json_is_string(name) || !type)
			return floe_err_set(p->err, "avro schema: field %zu of record '%s' needs \"name\" and \"type\"", i,
					    s->name);
		fd->name = floe_arena_strdup(p->a, json_string_value(name));
		if (!fd->name)
			return floe_err_set(p->err, "out of memory parsing an avro schema");
		for (k = 0; k < i; k++)
			if (strcmp(s->fields[k].name, fd->name) == 0)
				return floe_err_set(p->err, "avro schema: record '%s' has two fields named '%s'", s->name,
						    fd->name);
		if (int_attr(p, f, "field-id", &fd->field_id))
			return -1;
		if (parse(p, type, ns, depth + 1, &fd->type))
			return floe_err_prefix(p->err, "field '%s': ", fd->name);
		if (!fd->type->may_be_empty)
			s->may_be_empty = false;
	}
	return 0;
}

static int parse_named(struct parser *p, json_t *j, enum floe_avro_type t, const char *ns, int depth,
		       struct floe_avro_schema **out)
{
	json_t *name = json_object_get(j, "name");
	json_t *jns = json_object_get(j, "namespace");
	struct floe_avro_schema *s;
	const char *inner_ns = ns;
	char *full;

	if (!json_is_string(name) || !*json_string_value(name))
		return floe_err_set(p->err, "avro schema: a %s needs a \"name\"", floe_avro_type_name(t));
	if (json_is_string(jns))
		ns = json_string_value(jns);
	full = full_name(p, json_string_value(name), ns);
	if (!full)
		return floe_err_set(p->err, "out of memory parsing an avro schema");
	s = new_schema(p, t);
	if (!s)
		return -1;
	s->name = full;
	if (define(p, full, s))
		return -1;
	/* names inside take the namespace of the enclosing named type */
	{
		char *dot = strrchr(full, '.');
		if (dot) {
			size_t nl = (size_t)(dot - full);
			char *n2 = floe_arena_alloc(p->a, nl + 1);
			if (!n2)
				return floe_err_set(p->err, "out of memory parsing an avro schema");
			memcpy(n2, full, nl);
			n2[nl] = '\0';
			inner_ns = n2;
		} else {
			inner_ns = NULL;
		}
	}
	if (t == FLOE_AVRO_RECORD) {
		if (parse_record(p, j, s, inner_ns, depth))
			return -1;
	} else if (t == FLOE_AVRO_ENUM) {
		json_t *syms = json_object_get(j, "symbols");
		size_t i;

		if (!json_is_array(syms) || json_array_size(syms) == 0)
			return floe_err_set(p->err, "avro schema: enum '%s' needs a non-empty \"symbols\" array", full);
		s->n = json_array_size(syms);
		s->symbols = floe_arena_alloc(p->a, s->n * sizeof(*s->symbols));
		if (!s->symbols)
			return floe_err_set(p->err, "out of memory parsing an avro schema");
		for (i = 0; i < s->n; i++) {
			json_t *sym = json_array_get(syms, i);
			if (!json_is_string(sym))
				return floe_err_set(p->err, "avro schema: enum '%s' has a symbol that is not a string", full);
			s->symbols[i] = floe_arena_strdup(p->a, json_string_value(sym));
			if (!s->symbols[i])
				return floe_err_set(p->err, "out of memory parsing an avro schema");
		}
	} else {
		json_t *size = json_object_get(j, "size");

		if (!json_is_integer(size) || json_integer_value(size) < 0 || json_integer_value(size) > INT32_MAX)
			return floe_err_set(p->err, "avro schema: fixed '%s' needs a non-negative integer \"size\"", full);
		s->size = (size_t)json_integer_value(size);
		s->may_be_empty = s->size == 0;
	}
	*out = s;
	return 0;
}

static int set_logical(struct parser *p, json_t *j, struct floe_avro_schema *s)
{
	json_t *lt = json_object_get(j, "logicalType");

	if (json_is_string(lt)) {
		s->logical_type = floe_arena_strdup(p->a, json_string_value(lt));
		if (!s->logical_type)
			return floe_err_set(p->err, "out of memory parsing an avro schema");
	}
	return 0;
}

static int parse(struct parser *p, json_t *j, const char *ns, int depth, struct floe_avro_schema **out)
{
	enum floe_avro_type t;
	struct floe_avro_schema *s;
	const char *tn;

	if (depth > FLOE_AVRO_MAX_DEPTH)
		return floe_err_set(p->err, "avro schema: nested more than %d levels deep", FLOE_AVRO_MAX_DEPTH);
	if (json_is_string(j)) {
		tn = json_string_value(j);
		if (primitive_type(tn, &t) == 0) {
			*out = new_schema(p, t);
			return *out ? 0 : -1;
		}
		*out = lookup(p, tn, ns);
		if (!*out)
			return floe_err_set(p->err, "avro schema: unknown type '%s'", tn);
		return 0;
	}
	if (json_is_array(j)) {
		size_t i, k;

		s = new_schema(p, FLOE_AVRO_UNION);
		if (!s)
			return -1;
		s->n = json_array_size(j);
		if (s->n == 0)
			return floe_err_set(p->err, "avro schema: a union needs at least one branch");
		s->branches = floe_arena_alloc(p->a, s->n * sizeof(*s->branches));
		if (!s->branches)
			return floe_err_set(p->err, "out of memory parsing an avro schema");
		for (i = 0; i < s->n; i++) {
			if (parse(p, json_array_get(j, i), ns, depth + 1, &s->branches[i]))
				return -1;
			if (s->branches[i]->type == FLOE_AVRO_UNION)
				return floe_err_set(p->err, "avro schema: a union may not directly contain a union");
			for (k = 0; k < i; k++) {
				const struct floe_avro_schema *a = s->branches[k], *b = s->branches[i];
				if (a->type == b->type && (!a->name || !b->name || strcmp(a->name, b->name) == 0))
					return floe_err_set(p->err, "avro schema: union has two branches of type '%s'",
							    b->name ? b->name : floe_avro_type_name(b->type));
			}
		}
		*out = s;
		return 0;
	}
	if (!json_is_object(j))
		return floe_err_set(p->err, "avro schema: expected a type name, object or union array");
	{
		json_t *type = json_object_get(j, "type");

		if (!json_is_string(type)) {
			/* {"type": {...}} or {"type": [...]} wraps another schema */
			if (json_is_object(type) || json_is_array(type))
				return parse(p, type, ns, depth + 1, out);
			return floe_err_set(p->err, "avro schema: object without a \"type\"");
		}
		tn = json_string_value(type);
	}
	if (strcmp(tn, "record") == 0 || strcmp(tn, "error") == 0) {
		if (parse_named(p, j, FLOE_AVRO_RECORD, ns, depth, out))
			return -1;
		return set_logical(p, j, *out);
	}
	if (strcmp(tn, "enum") == 0)
		return parse_named(p, j, FLOE_AVRO_ENUM, ns, depth, out);
	if (strcmp(tn, "fixed") == 0) {
		if (parse_named(p, j, FLOE_AVRO_FIXED, ns, depth, out))
			return -1;
		return set_logical(p, j, *out);
	}
	if (strcmp(tn, "array") == 0 || strcmp(tn, "map") == 0) {
		bool arr = tn[0] == 'a';
		json_t *items = json_object_get(j, arr ? "items" : "values");

		s = new_schema(p, arr ? FLOE_AVRO_ARRAY : FLOE_AVRO_MAP);
		if (!s)
			return -1;
		if (!items)
			return floe_err_set(p->err, "avro schema: %s without \"%s\"", tn, arr ? "items" : "values");
		if (int_attr(p, j, "element-id", &s->element_id) || int_attr(p, j, "key-id", &s->key_id) ||
		    int_attr(p, j, "value-id", &s->value_id) || set_logical(p, j, s))
			return -1;
		if (parse(p, items, ns, depth + 1, &s->items))
			return -1;
		s->may_be_empty = false; /* at least the terminating zero count */
		*out = s;
		return 0;
	}
	if (primitive_type(tn, &t) == 0) {
		s = new_schema(p, t);
		if (!s || set_logical(p, j, s))
			return -1;
		*out = s;
		return 0;
	}
	/* {"type": "SomeNamedType"} */
	*out = lookup(p, tn, ns);
	if (!*out)
		return floe_err_set(p->err, "avro schema: unknown type '%s'", tn);
	return 0;
}

int floe_avro_schema_parse(const char *json, size_t len, struct floe_arena *a, struct floe_avro_schema **out,
			   struct floe_err *err)
{
	struct parser p = { a, NULL, err };
	json_error_t jerr;
	json_t *j;
	int rc = -1;

	j = json_loadb(json, len, JSON_DECODE_ANY, &jerr);
	if (!j) {
		floe_err_set(err, "avro schema: invalid json at position %d: %s", jerr.position, jerr.text);
		goto out;
	}
	rc = parse(&p, j, NULL, 0, out);
out:
	json_decref(j);
	return rc;
}

const struct floe_avro_field *floe_avro_schema_field(const struct floe_avro_schema *rec, const char *name)
{
	size_t i;

	if (!rec || rec->type != FLOE_AVRO_RECORD)
		return NULL;
	for (i = 0; i < rec->n; i++)
		if (strcmp(rec->fields[i].name, name) == 0)
			return &rec->fields[i];
	return NULL;
}

int floe_avro_schema_field_by_id(const struct floe_avro_schema *rec, int field_id)
{
	size_t i;

	if (!rec || rec->type != FLOE_AVRO_RECORD)
		return -1;
	for (i = 0; i < rec->n; i++)
		if (rec->fields[i].field_id == field_id)
			return (int)i;
	return -1;
}
