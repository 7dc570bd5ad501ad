/*
 * schema.c — Iceberg schema model, validation and JSON (see schema.h).
 * Handles primitives and lists of primitives; refuses structs and maps with
 * a message naming the type. Fresh ids are assigned columns first, then list
 * elements. No I/O; metadata.c embeds these schemas in table metadata.
 */
#include "iceberg/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum floe_type_id id;
} prim_names[] = {
	{ "boolean", FLOE_T_BOOLEAN }, { "int", FLOE_T_INT },		{ "long", FLOE_T_LONG },
	{ "float", FLOE_T_FLOAT },     { "double", FLOE_T_DOUBLE },	{ "date", FLOE_T_DATE },
	{ "time", FLOE_T_TIME },       { "timestamp", FLOE_T_TIMESTAMP }, { "timestamptz", FLOE_T_TIMESTAMPTZ },
	{ "string", FLOE_T_STRING },   { "uuid", FLOE_T_UUID },		{ "binary", FLOE_T_BINARY },
};

static int prim_from_str(const char *s, enum floe_type_id *id, int *p, int *sc, int *len, struct floe_err *err)
{
	size_t i;
	char tail;

	*p = *sc = *len = 0;
	for (i = 0; i < sizeof(prim_names) / sizeof(prim_names[0]); i++) {
		if (!strcmp(s, prim_names[i].name)) {
			*id = prim_names[i].id;
			return 0;
		}
	}
	if (sscanf(s, "decimal(%d,%d%c", p, sc, &tail) == 3 && tail == ')' && *p >= 1 && *p <= 38 && *sc >= 0 &&
	    *sc <= *p) {
		char check[40];
		snprintf(check, sizeof(check), "decimal(%d,%d)", *p, *sc);
		if (!strcmp(check, s) || sscanf(s, "decimal(%d, %d%c", p, sc, &tail) == 3) {
			*id = FLOE_T_DECIMAL;
			return 0;
		}
	}
	if (sscanf(s, "fixed[%d%c", len, &tail) == 2 && tail == ']' && *len >= 1) {
		*id = FLOE_T_FIXED;
		return 0;
	}
	return floe_err_set(err, "type '%s' is not supported (floe reads primitive types and lists of them)", s);
}

int floe_type_from_json(const json_t *j, struct floe_type *t, struct floe_err *err)
{
	memset(t, 0, sizeof(*t));
	if (json_is_string(j))
		return prim_from_str(json_string_value(j), &t->id, &t->precision, &t->scale, &t->length, err);
	if (json_is_object(j)) {
		const char *kind = json_string_value(json_object_get(j, "type"));
		const json_t *el, *eid, *ereq;
		if (!kind)
			return floe_err_set(err, "type object without a \"type\" string");
		if (strcmp(kind, "list") != 0)
			return floe_err_set(err, "type '%s' is not supported (floe reads primitive types and lists of them)",
					    kind);
		el = json_object_get(j, "element");
		eid = json_object_get(j, "element-id");
		ereq = json_object_get(j, "element-required");
		if (!json_is_integer(eid) || json_integer_value(eid) <= 0 || json_integer_value(eid) > INT32_MAX)
			return floe_err_set(err, "list type without a valid \"element-id\"");
		if (!json_is_boolean(ereq))
			return floe_err_set(err, "list type without a boolean \"element-required\"");
		if (!json_is_string(el))
			return floe_err_set(err, "list element type must be a primitive type name");
		t->id = FLOE_T_LIST;
		t->elem_field_id = (int)json_integer_value(eid);
		t->elem_required = json_is_true(ereq);
		return prim_from_str(json_string_value(el), &t->elem_id, &t->elem_precision, &t->elem_scale,
				     &t->elem_length, err);
	}
	return floe_err_set(err, "field type must be a string or an object");
}

static json_t *prim_to_json(enum floe_type_id id, int p, int s, int len)
{
	char buf[48];
	struct floe_type t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	t.precision = p;
	t.scale = s;
	t.length = len;
	return json_string(floe_type_str(&t, buf, sizeof(buf)));
}

json_t *floe_type_to_json(const struct floe_type *t)
{
	json_t *o;

	if (t->id != FLOE_T_LIST)
		return prim_to_json(t->id, t->precision, t->scale, t->length);
	o = json_object();
	if (!o)
		return NULL;
	if (json_object_set_new(o, "type", json_string("list")) < 0 ||
	    json_object_set_new(o, "element-id", json_integer(t->elem_field_id)) < 0 ||
	    json_object_set_new(o, "element", prim_to_json(t->elem_id, t->elem_precision, t->elem_scale,
							    t->elem_length)) < 0 ||
	    json_object_set_new(o, "element-required", json_boolean(t->elem_required)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

void floe_schema_release(struct floe_schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_fields; i++)
		free((char *)s->fields[i].name);
	free(s->fields);
	free(s->identifier_ids);
	memset(s, 0, sizeof(*s));
}

int floe_schema_max_id(const struct floe_schema *s)
{
	int m = 0;
	size_t i;

	for (i = 0; i < s->n_fields; i++) {
		if (s->fields[i].id > m)
			m = s->fields[i].id;
		if (s->fields[i].type.id == FLOE_T_LIST && s->fields[i].type.elem_field_id > m)
			m = s->fields[i].type.elem_field_id;
	}
	return m;
}

int floe_schema_index(const struct floe_schema *s, int id)
{
	size_t i;

	for (i = 0; i < s->n_fields; i++)
		if (s->fields[i].id == id)
			return (int)i;
	return -1;
}

int floe_schema_index_by_name(const struct floe_schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_fields; i++)
		if (!strcmp(s->fields[i].name, name))
			return (int)i;
	return -1;
}

const struct floe_field *floe_schema_field(const struct floe_schema *s, int id)
{
	int i = floe_schema_index(s, id);
	return i < 0 ? NULL : &s->fields[i];
}

int floe_schema_validate(const struct floe_schema *s, struct floe_err *err)
{
	size_t i, j;

	for (i = 0; i < s->n_fields; i++) {
		const struct floe_field *f = &s->fields[i];
		if (f->id <= 0)
			return floe_err_set(err, "field '%s' has invalid id %d", f->name, f->id);
		if (!f->name || !*f->name)
			return floe_err_set(err, "field id %d has an empty name", f->id);
		if (f->type.id == FLOE_T_LIST && f->type.elem_field_id <= 0)
			return floe_err_set(err, "list field '%s' has no element id", f->name);
		for (j = 0; j < s->n_fields; j++) {
			const struct floe_field *g = &s->fields[j];
			if (j > i && (g->id == f->id || (g->type.id == FLOE_T_LIST && g->type.elem_field_id == f->id)))
				return floe_err_set(err, "field id %d is used twice ('%s' and '%s')", f->id, f->name,
						    g->name);
			if (j > i && !strcmp(f->name, g->name))
				return floe_err_set(err, "column name '%s' is used twice", f->name);
			if (f->type.id == FLOE_T_LIST && j != i &&
			    (g->id == f->type.elem_field_id ||
			     (j > i && g->type.id == FLOE_T_LIST && g->type.elem_field_id == f->type.elem_field_id)))
				return floe_err_set(err, "field id %d is used twice (element of '%s')",
						    f->type.elem_field_id, f->name);
		}
		if (f->type.id == FLOE_T_LIST && f->type.elem_field_id == f->id)
			return floe_err_set(err, "field id %d is used twice (list '%s' and its element)", f->id, f->name);
	}
	for (i = 0; i < s->n_identifier_ids; i++) {
		const struct floe_field *f = floe_schema_field(s, s->identifier_ids[i]);
		if (!f)
			return floe_err_set(err, "identifier field id %d is not a top-level column", s->identifier_ids[i]);
		if (!f->required)
			return floe_err_set(err, "identifier field '%s' must be required (NOT NULL)", f->name);
		if (f->type.id == FLOE_T_FLOAT || f->type.id == FLOE_T_DOUBLE || f->type.id == FLOE_T_LIST)
			return floe_err_set(err, "identifier field '%s' cannot be a float, double or list column",
					    f->name);
		for (j = 0; j < i; j++)
			if (s->identifier_ids[j] == s->identifier_ids[i])
				return floe_err_set(err, "identifier field '%s' is listed twice", f->name);
	}
	return 0;
}

int floe_schema_init(struct floe_schema *s, int schema_id, const struct floe_field *fields, size_t n_fields,
		     const int *identifier_ids, size_t n_ids, struct floe_err *err)
{
	size_t i;
	int next;
	bool oom = true;

	memset(s, 0, sizeof(*s));
	s->schema_id = schema_id;
	if (n_fields) {
		s->fields = calloc(n_fields, sizeof(*s->fields));
		if (!s->fields)
			goto out;
	}
	for (i = 0; i < n_fields; i++) {
		s->fields[i] = fields[i];
		s->fields[i].name = strdup(fields[i].name ? fields[i].name : "");
		if (!s->fields[i].name)
			goto out;
		s->n_fields++;
	}
	if (n_ids) {
		s->identifier_ids = malloc(n_ids * sizeof(int));
		if (!s->identifier_ids)
			goto out;
		memcpy(s->identifier_ids, identifier_ids, n_ids * sizeof(int));
		s->n_identifier_ids = n_ids;
	}
	next = floe_schema_max_id(s);
	for (i = 0; i < s->n_fields; i++)
		if (s->fields[i].id <= 0)
			s->fields[i].id = ++next;
	for (i = 0; i < s->n_fields; i++)
		if (s->fields[i].type.id == FLOE_T_LIST && s->fields[i].type.elem_field_id <= 0)
			s->fields[i].type.elem_field_id = ++next;
	if (floe_schema_validate(s, err) < 0) {
		oom = false;
		goto out;
	}
	return 0;
out:
	floe_schema_release(s);
	return oom ? floe_err_set(err, "out of memory") : -1;
}

int floe_schema_set_identifier_names(struct floe_schema *s, const char *const *names, size_t n,
				     struct floe_err *err)
{
	int *ids = NULL;
	size_t i;

	if (n) {
		ids = malloc(n * sizeof(int));
		if (!ids)
			return floe_err_set(err, "out of memory");
	}
	for (i = 0; i < n; i++) {
		int k = floe_schema_index_by_name(s, names[i]);
		if (k < 0) {
			free(ids);
			return floe_err_set(err, "identifier column '%s' is not in the schema", names[i]);
		}
		ids[i] = s->fields[k].id;
	}
	free(s->identifier_ids);
	s->identifier_ids = ids;
	s->n_identifier_ids = n;
	return floe_schema_validate(s, err);
}

int floe_schema_copy(struct floe_schema *dst, const struct floe_schema *src, struct floe_err *err)
{
	return floe_schema_init(dst, src->schema_id, src->fields, src->n_fields, src->identifier_ids,
				src->n_identifier_ids, err);
}

int floe_schema_from_json(const json_t *j, struct floe_schema *s, struct floe_err *err)
{
	const json_t *fields, *ids, *sid, *v;
	size_t i, n;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(j))
		return floe_err_set(err, "schema is not a JSON object");
	v = json_object_get(j, "type");
	if (v && (!json_is_string(v) || strcmp(json_string_value(v), "struct") != 0))
		return floe_err_set(err, "schema \"type\" must be \"struct\"");
	sid = json_object_get(j, "schema-id");
	if (sid && (!json_is_integer(sid) || json_integer_value(sid) < 0 || json_integer_value(sid) > INT32_MAX))
		return floe_err_set(err, "schema has an invalid \"schema-id\"");
	s->schema_id = sid ? (int)json_integer_value(sid) : 0;
	fields = json_object_get(j, "fields");
	if (!json_is_array(fields))
		return floe_err_set(err, "schema %d has no \"fields\" array", s->schema_id);
	n = json_array_size(fields);
	if (n) {
		s->fields = calloc(n, sizeof(*s->fields));
		if (!s->fields)
			return floe_err_set(err, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const json_t *f = json_array_get(fields, i);
		const json_t *id = json_object_get(f, "id"), *name = json_object_get(f, "name");
		const json_t *req = json_object_get(f, "required");
		struct floe_field *out = &s->fields[i];

		if (!json_is_object(f) || !json_is_integer(id) || json_integer_value(id) <= 0 ||
		    json_integer_value(id) > INT32_MAX || !json_is_string(name) || !json_is_boolean(req)) {
			floe_err_set(err, "schema %d field %zu needs an \"id\" (positive int), a \"name\" and a boolean "
					  "\"required\"",
				     s->schema_id, i);
			goto out;
		}
		out->id = (int)json_integer_value(id);
		out->required = json_is_true(req);
		out->name = strdup(json_string_value(name));
		if (!out->name) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		s->n_fields++;
		if (floe_type_from_json(json_object_get(f, "type"), &out->type, err) < 0) {
			floe_err_prefix(err, "schema %d field '%s': ", s->schema_id, out->name);
			goto out;
		}
	}
	ids = json_object_get(j, "identifier-field-ids");
	if (ids) {
		if (!json_is_array(ids)) {
			floe_err_set(err, "schema %d: \"identifier-field-ids\" is not an array", s->schema_id);
			goto out;
		}
		n = json_array_size(ids);
		if (n) {
			s->identifier_ids = malloc(n * sizeof(int));
			if (!s->identifier_ids) {
				floe_err_set(err, "out of memory");
				goto out;
			}
		}
		for (i = 0; i < n; i++) {
			v = json_array_get(ids, i);
			if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > INT32_MAX) {
				floe_err_set(err, "schema %d: invalid identifier field id", s->schema_id);
				goto out;
			}
			s->identifier_ids[s->n_identifier_ids++] = (int)json_integer_value(v);
		}
	}
	if (floe_schema_validate(s, err) < 0) {
		floe_err_prefix(err, "schema %d: ", s->schema_id);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		floe_schema_release(s);
	return rc;
}

json_t *floe_schema_to_json(const struct floe_schema *s)
{
	json_t *o = json_object(), *fields = json_array(), *ids = json_array();
	size_t i;

	if (!o || !fields || !ids)
		goto out;
	for (i = 0; i < s->n_fields; i++) {
		const struct floe_field *f = &s->fields[i];
		json_t *fo = json_object();
		if (!fo || json_array_append_new(fields, fo) < 0)
			goto out;
		if (json_object_set_new(fo, "id", json_integer(f->id)) < 0 ||
		    json_object_set_new(fo, "name", json_string(f->name)) < 0 ||
		    json_object_set_new(fo, "required", json_boolean(f->required)) < 0 ||
		    json_object_set_new(fo, "type", floe_type_to_json(&f->type)) < 0)
			goto out;
	}
	for (i = 0; i < s->n_identifier_ids; i++)
		if (json_array_append_new(ids, json_integer(s->identifier_ids[i])) < 0)
			goto out;
	if (json_object_set_new(o, "type", json_string("struct")) < 0 ||
	    json_object_set_new(o, "schema-id", json_integer(s->schema_id)) < 0)
		goto out;
	if (json_object_set_new(o, "identifier-field-ids", ids) < 0) {
		ids = NULL;
		goto out;
	}
	ids = NULL;
	if (json_object_set_new(o, "fields", fields) < 0) {
		fields = NULL;
		goto out;
	}
	return o;
out:
	json_decref(o);
	json_decref(fields);
	json_decref(ids);
	return NULL;
}

int floe_schema_to_text(const struct floe_schema *s, struct floe_buf *out, struct floe_err *err)
{
	json_t *j = floe_schema_to_json(s);
	char *txt;

	if (!j)
		return floe_err_set(err, "out of memory");
	txt = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!txt)
		return floe_err_set(err, "out of memory");
	floe_buf_puts(out, txt);
	free(txt);
	return floe_buf_check(out, err);
}
