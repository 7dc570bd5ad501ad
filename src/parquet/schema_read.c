/*
 * schema_read.c — turns the flat, depth-first list of Parquet schema elements
 * into a tree, computes each leaf column's path and max definition/repetition
 * levels, and maps every top-level column to an Iceberg type (struct
 * floe_field) with the conversion its values need. Lists: the 3-level LIST
 * form, the legacy 2-level forms (repeated primitive inside a LIST group) and
 * a bare repeated primitive (LogicalTypes.md backward-compatibility rules).
 * Structs, maps, nested lists and lists of structs are marked unsupported with
 * a reason; they still show in the schema tree.
 */
#include <stdio.h>
#include <string.h>

#include "parquet/reader_int.h"

#define MAX_DEPTH 64

enum { REQUIRED = 0, OPTIONAL = 1, REPEATED = 2 };
enum {
	CT_UTF8 = 0, CT_MAP = 1, CT_MAP_KEY_VALUE = 2, CT_LIST = 3, CT_ENUM = 4, CT_DECIMAL = 5, CT_DATE = 6,
	CT_TIME_MILLIS = 7, CT_TIME_MICROS = 8, CT_TS_MILLIS = 9, CT_TS_MICROS = 10, CT_UINT_8 = 11,
	CT_UINT_16 = 12, CT_UINT_32 = 13, CT_UINT_64 = 14, CT_INT_8 = 15, CT_INT_16 = 16, CT_INT_32 = 17,
	CT_INT_64 = 18, CT_JSON = 19, CT_BSON = 20, CT_INTERVAL = 21
};

struct build {
	struct floe_pq_meta *m;
	struct floe_arena *a;
	size_t next;      /* next node to consume */
	size_t n_leaves;
};

static int oom(struct floe_err *err)
{
	return floe_err_set(err, "out of memory while reading the parquet schema");
}

/* Consumes node b->next and its subtree; counts leaves. */
static int walk(struct build *b, int parent, int depth, struct floe_err *err)
{
	struct floe_pq_meta *m = b->m;
	int self = (int)b->next;
	struct floe_pq_node *n;
	int i;

	if (b->next >= m->n_nodes)
		return floe_err_set(err, "schema ends early: a group promises more children than there are elements");
	if (depth > MAX_DEPTH)
		return floe_err_set(err, "schema nested deeper than %d levels", MAX_DEPTH);
	n = &m->nodes[b->next++];
	n->parent = parent;
	if (parent >= 0 && (n->repetition < REQUIRED || n->repetition > REPEATED))
		return floe_err_set(err, "element '%s' has no valid repetition", n->name);
	if (n->num_children < 0 || (size_t)n->num_children > m->n_nodes)
		return floe_err_set(err, "element '%s' has an invalid child count '%d'", n->name, n->num_children);
	if (n->num_children == 0) {
		if (parent < 0)
			return floe_err_set(err, "the root has no columns");
		if (n->type < FLOE_PQ_BOOLEAN || n->type > FLOE_PQ_FLBA)
			return floe_err_set(err, "leaf '%s' has no valid physical type ('%d')", n->name, n->type);
		if (n->type == FLOE_PQ_FLBA && (n->type_length <= 0 || n->type_length > (1 << 24)))
			return floe_err_set(err, "fixed_len_byte_array '%s' has invalid length '%d'", n->name,
					    n->type_length);
		n->leaf = (int)b->n_leaves++;
		return 0;
	}
	n->type = -1;
	n->children = floe_arena_alloc(b->a, (size_t)n->num_children * sizeof(int));
	if (!n->children)
		return oom(err);
	for (i = 0; i < n->num_children; i++) {
		n->children[i] = (int)b->next;
		if (walk(b, self, depth + 1, err) != 0)
			return -1;
	}
	return 0;
}

static int fill_columns(struct build *b, int node, int def, int rep, const char *prefix, int field,
			struct floe_err *err)
{
	struct floe_pq_meta *m = b->m;
	struct floe_pq_node *n = &m->nodes[node];
	char *path;
	size_t pl = strlen(prefix), nl = strlen(n->name);
	int i;

	if (n->repetition == OPTIONAL)
		def++;
	if (n->repetition == REPEATED) {
		def++;
		rep++;
	}
	path = floe_arena_alloc(b->a, pl + nl + 2);
	if (!path)
		return oom(err);
	if (pl) {
		memcpy(path, prefix, pl);
		path[pl] = '.';
		memcpy(path + pl + 1, n->name, nl + 1);
	} else {
		memcpy(path, n->name, nl + 1);
	}
	if (n->leaf >= 0) {
		struct floe_pq_column *c = &m->columns[n->leaf];
		c->node = node;
		c->path = path;
		c->max_def = def;
		c->max_rep = rep;
		c->type = n->type;
		c->type_length = n->type_length;
		c->field = field;
		return 0;
	}
	for (i = 0; i < n->num_children; i++)
		if (fill_columns(b, n->children[i], def, rep, path, field, err) != 0)
			return -1;
	return 0;
}

static bool is_logical(const struct floe_pq_node *n, int lt, int ct)
{
	if (n->logical != FLOE_PQL_NONE)
		return n->logical == lt;
	return ct >= 0 && n->converted_type == ct;
}

static void set_decimal(const struct floe_pq_node *n, struct floe_type *t, const char **why)
{
	int p = n->logical == FLOE_PQL_DECIMAL ? n->lt_precision : n->precision;
	int s = n->logical == FLOE_PQL_DECIMAL ? n->lt_scale : n->scale;

	if (s < 0)
		s = 0;
	if (p < 1 || p > 38 || s > p) {
		*why = "decimal precision/scale outside what iceberg supports (precision 1..38, scale 0..precision)";
		return;
	}
	t->id = FLOE_T_DECIMAL;
	t->precision = p;
	t->scale = s;
}

/* Maps a leaf to an Iceberg primitive type and a conversion. */
static void map_leaf(const struct floe_pq_node *n, struct floe_type *t, enum floe_pq_conv *conv,
		     const char **why)
{
	bool decimal = is_logical(n, FLOE_PQL_DECIMAL, CT_DECIMAL);
	int unit = n->lt_unit;

	memset(t, 0, sizeof(*t));
	*conv = FLOE_PQC_NONE;
	*why = NULL;
	if (n->logical == FLOE_PQL_NONE) {
		/* converted types imply a logical type */
		if (n->converted_type == CT_TIME_MILLIS || n->converted_type == CT_TS_MILLIS)
			unit = FLOE_PQ_MILLIS;
		if (n->converted_type == CT_TIME_MICROS || n->converted_type == CT_TS_MICROS)
			unit = FLOE_PQ_MICROS;
	}
	switch (n->type) {
	case FLOE_PQ_BOOLEAN:
		t->id = FLOE_T_BOOLEAN;
		return;
	case FLOE_PQ_INT32:
		if (decimal) {
			set_decimal(n, t, why);
			*conv = FLOE_PQC_DEC32;
		} else if (is_logical(n, FLOE_PQL_DATE, CT_DATE)) {
			t->id = FLOE_T_DATE;
		} else if (is_logical(n, FLOE_PQL_TIME, CT_TIME_MILLIS)) {
			if (unit != FLOE_PQ_MILLIS) {
				*why = "time in int32 must be in milliseconds";
				return;
			}
			t->id = FLOE_T_TIME;
			*conv = FLOE_PQC_MILLIS;
		} else if ((n->logical == FLOE_PQL_INTEGER && !n->lt_signed && n->lt_bit_width == 32) ||
			   (n->logical == FLOE_PQL_NONE && n->converted_type == CT_UINT_32)) {
			t->id = FLOE_T_LONG;
			*conv = FLOE_PQC_U32_LONG;
		} else if (n->logical == FLOE_PQL_NONE || n->logical == FLOE_PQL_INTEGER ||
			   n->logical == FLOE_PQL_UNKNOWN) {
			t->id = FLOE_T_INT;
		} else {
			*why = "logical type not valid for int32";
		}
		return;
	case FLOE_PQ_INT64:
		if (decimal) {
			set_decimal(n, t, why);
			*conv = FLOE_PQC_DEC64;
		} else if (is_logical(n, FLOE_PQL_TIME, CT_TIME_MICROS)) {
			t->id = FLOE_T_TIME;
			if (unit == FLOE_PQ_NANOS)
				*conv = FLOE_PQC_NANOS;
			else if (unit != FLOE_PQ_MICROS)
				*why = "time in int64 must be in microseconds or nanoseconds";
		} else if (n->logical == FLOE_PQL_TIMESTAMP ||
			   (n->logical == FLOE_PQL_NONE &&
			    (n->converted_type == CT_TS_MILLIS || n->converted_type == CT_TS_MICROS))) {
			/* the converted types mean isAdjustedToUTC = true */
			bool utc = n->logical == FLOE_PQL_TIMESTAMP ? n->lt_utc : true;
			t->id = utc ? FLOE_T_TIMESTAMPTZ : FLOE_T_TIMESTAMP;
			if (unit == FLOE_PQ_MILLIS)
				*conv = FLOE_PQC_MILLIS;
			else if (unit == FLOE_PQ_NANOS)
				*conv = FLOE_PQC_NANOS;
			else if (unit != FLOE_PQ_MICROS)
				*why = "timestamp without a valid unit";
		} else if ((n->logical == FLOE_PQL_INTEGER && !n->lt_signed) ||
			   (n->logical == FLOE_PQL_NONE && n->converted_type == CT_UINT_64)) {
			t->id = FLOE_T_DECIMAL;
			t->precision = 20;
			t->scale = 0;
			*conv = FLOE_PQC_U64_DEC;
		} else if (n->logical == FLOE_PQL_NONE || n->logical == FLOE_PQL_INTEGER ||
			   n->logical == FLOE_PQL_UNKNOWN) {
			t->id = FLOE_T_LONG;
		} else {
			*why = "logical type not valid for int64";
		}
		return;
	case FLOE_PQ_INT96:
		t->id = FLOE_T_TIMESTAMPTZ;
		*conv = FLOE_PQC_INT96;
		return;
	case FLOE_PQ_FLOAT:
		t->id = FLOE_T_FLOAT;
		return;
	case FLOE_PQ_DOUBLE:
		t->id = FLOE_T_DOUBLE;
		return;
	case FLOE_PQ_BYTE_ARRAY:
		*conv = FLOE_PQC_BYTES;
		if (decimal) {
			set_decimal(n, t, why);
			*conv = FLOE_PQC_DECBYTES;
		} else if (is_logical(n, FLOE_PQL_STRING, CT_UTF8) || is_logical(n, FLOE_PQL_ENUM, CT_ENUM) ||
			   is_logical(n, FLOE_PQL_JSON, CT_JSON)) {
			t->id = FLOE_T_STRING;
		} else {
			t->id = FLOE_T_BINARY;
		}
		return;
	case FLOE_PQ_FLBA:
		*conv = FLOE_PQC_BYTES;
		if (decimal) {
			set_decimal(n, t, why);
			*conv = FLOE_PQC_DECBYTES;
		} else if (n->logical == FLOE_PQL_UUID) {
			if (n->type_length != 16) {
				*why = "uuid must be a fixed_len_byte_array(16)";
				return;
			}
			t->id = FLOE_T_UUID;
		} else if (n->logical == FLOE_PQL_FLOAT16) {
			if (n->type_length != 2) {
				*why = "float16 must be a fixed_len_byte_array(2)";
				return;
			}
			t->id = FLOE_T_FLOAT;
			*conv = FLOE_PQC_FLOAT16;
		} else {
			t->id = FLOE_T_FIXED;
			t->length = n->type_length;
		}
		return;
	default:
		*why = "unknown physical type";
	}
}

/* Maps top-level node `node` to field f. */
static void map_field(struct floe_pq_meta *m, int node, struct floe_pq_field *f)
{
	struct floe_pq_node *n = &m->nodes[node];
	struct floe_pq_node *rep, *elem;
	struct floe_type et;
	int elem_node;

	memset(f, 0, sizeof(*f));
	f->node = node;
	f->leaf = -1;
	f->f.id = n->has_field_id ? n->field_id : -1;
	f->f.name = n->name;
	f->f.required = n->repetition == REQUIRED;
	if (n->leaf >= 0) {
		map_leaf(n, &f->f.type, &f->conv, &f->unsupported);
		if (f->unsupported)
			return;
		f->leaf = n->leaf;
		if (n->repetition == REPEATED) {
			/* a bare repeated primitive: a required list of required elements */
			et = f->f.type;
			memset(&f->f.type, 0, sizeof(f->f.type));
			f->f.type.id = FLOE_T_LIST;
			f->f.type.elem_id = et.id;
			f->f.type.elem_precision = et.precision;
			f->f.type.elem_scale = et.scale;
			f->f.type.elem_length = et.length;
			f->f.type.elem_required = true;
			f->f.type.elem_field_id = f->f.id;
			f->f.required = true;
			f->list_def = 0;
			f->elem_def = 1;
		}
		return;
	}
	if (is_logical(n, FLOE_PQL_MAP, CT_MAP) || (n->logical == FLOE_PQL_NONE && n->converted_type == CT_MAP_KEY_VALUE)) {
		f->unsupported = "maps are not supported";
		return;
	}
	if (!is_logical(n, FLOE_PQL_LIST, CT_LIST)) {
		f->unsupported = n->repetition == REPEATED ? "repeated groups (lists of structs) are not supported"
							   : "structs are not supported";
		return;
	}
	if (n->repetition == REPEATED || n->num_children != 1 || m->nodes[n->children[0]].repetition != REPEATED) {
		f->unsupported = "malformed list: a LIST group needs exactly one repeated child";
		return;
	}
	rep = &m->nodes[n->children[0]];
	if (rep->leaf >= 0) {
		elem_node = n->children[0]; /* 2-level: the repeated primitive is the element */
	} else {
		size_t nl = strlen(n->name);
		if (rep->num_children != 1 || strcmp(rep->name, "array") == 0 ||
		    (strncmp(rep->name, n->name, nl) == 0 && strcmp(rep->name + nl, "_tuple") == 0)) {
			f->unsupported = "lists of structs are not supported";
			return;
		}
		elem_node = rep->children[0];
		if (m->nodes[elem_node].leaf < 0 || m->nodes[elem_node].repetition == REPEATED) {
			f->unsupported = "nested lists and lists of structs or maps are not supported";
			return;
		}
	}
	elem = &m->nodes[elem_node];
	map_leaf(elem, &et, &f->conv, &f->unsupported);
	if (f->unsupported)
		return;
	f->leaf = elem->leaf;
	f->f.type.id = FLOE_T_LIST;
	f->f.type.elem_id = et.id;
	f->f.type.elem_precision = et.precision;
	f->f.type.elem_scale = et.scale;
	f->f.type.elem_length = et.length;
	f->f.type.elem_required = elem->repetition != OPTIONAL;
	f->f.type.elem_field_id = elem->has_field_id ? elem->field_id : -1;
	f->list_def = n->repetition == OPTIONAL ? 1 : 0;
	f->elem_def = f->list_def + 1;
}

int floe_pq_schema_build(struct floe_pq_meta *m, struct floe_arena *a, struct floe_err *err)
{
	struct build b;
	struct floe_pq_node *root = &m->nodes[0];
	int i;

	memset(&b, 0, sizeof(b));
	b.m = m;
	b.a = a;
	if (walk(&b, -1, 0, err) != 0)
		return -1;
	if (b.next != m->n_nodes)
		return floe_err_set(err, "%zu schema elements do not belong to the tree", m->n_nodes - b.next);
	m->n_columns = b.n_leaves;
	m->columns = floe_arena_alloc(a, (b.n_leaves + 1) * sizeof(*m->columns));
	m->n_fields = (size_t)root->num_children;
	m->fields = floe_arena_alloc(a, (m->n_fields + 1) * sizeof(*m->fields));
	if (!m->columns || !m->fields)
		return oom(err);
	memset(m->columns, 0, (b.n_leaves + 1) * sizeof(*m->columns));
	for (i = 0; i < root->num_children; i++) {
		struct floe_pq_field *f = &m->fields[i];
		int node = root->children[i];
		if (fill_columns(&b, node, 0, 0, "", i, err) != 0)
			return -1;
		map_field(m, node, f);
		if (f->leaf >= 0 && f->f.type.id == FLOE_T_LIST) {
			const struct floe_pq_column *c = &m->columns[f->leaf];
			int want = f->elem_def + (f->f.type.elem_required ? 0 : 1);
			if (c->max_rep != 1 || c->max_def != want) {
				f->unsupported = "list levels do not match its shape";
				f->leaf = -1;
			}
		}
	}
	return 0;
}
