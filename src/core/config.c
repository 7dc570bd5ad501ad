/*
 * config.c — loads floe's YAML configuration (see config.h and
 * docs/configuration.md): parses with libyaml's document API, walks the known
 * sections against one table of keys, interpolates ${VAR} / ${VAR:-default}
 * in scalar values, converts durations, sizes, booleans and policies, fills
 * defaults and makes paths absolute. The first problem is reported as
 * "FILE:LINE: ..." and nothing is kept. Never echoes the value of source.dsn.
 * Does not connect anywhere or check that paths exist.
 */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "core/buf.h"

#define CONFIG_MAX_BYTES (1u << 20)

enum key_kind {
	K_STRING,      /* non-empty string */
	K_SECRET,      /* string whose value is never echoed (source.dsn) */
	K_TABLES,      /* list of "schema.table" / "table" */
	K_PATH,        /* string made absolute against the config file's directory */
	K_CATALOG_TYPE,
	K_CATALOG_URI, /* sqlite path (made absolute) or postgresql:// DSN */
	K_DURATION,
	K_COUNT,       /* positive integer */
	K_SIZE,        /* positive byte count with optional unit */
	K_BOOL,
	K_POLICY,
	K_PUBLISH      /* 'all' (false) or 'insert' (true) */
};

struct key_def {
	const char *section;
	const char *name;
	enum key_kind kind;
	size_t off;
	bool required;
};

#define OFF(m) offsetof(struct floe_config, m)

static const struct key_def keys[] = {
	{ "source", "dsn", K_SECRET, OFF(source.dsn), true },
	{ "source", "publication", K_STRING, OFF(source.publication), false },
	{ "source", "slot", K_STRING, OFF(source.slot), false },
	{ "source", "tables", K_TABLES, OFF(source.tables), false },
	{ "source", "publish", K_PUBLISH, OFF(source.insert_only), false },
	{ "warehouse", "location", K_PATH, OFF(warehouse.location), false },
	{ "catalog", "type", K_CATALOG_TYPE, OFF(catalog.type), false },
	{ "catalog", "uri", K_CATALOG_URI, OFF(catalog.uri), false },
	{ "catalog", "name", K_STRING, OFF(catalog.name), false },
	{ "catalog", "namespace", K_STRING, OFF(catalog.namespace_), false },
	{ "sink", "flush_interval", K_DURATION, OFF(sink.flush_interval_ms), false },
	{ "sink", "flush_rows", K_COUNT, OFF(sink.flush_rows), false },
	{ "sink", "flush_bytes", K_SIZE, OFF(sink.flush_bytes), false },
	{ "sink", "memory_limit", K_SIZE, OFF(sink.memory_limit), false },
	{ "sink", "spill_dir", K_PATH, OFF(sink.spill_dir), false },
	{ "sink", "metadata_columns", K_BOOL, OFF(sink.metadata_columns), false },
	{ "types", "numeric_overflow", K_POLICY, OFF(types.numeric_overflow), false },
	{ "types", "infinity", K_POLICY, OFF(types.infinity), false },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = { "source", "warehouse", "catalog", "sink", "types" };
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

struct loader {
	const char *name;     /* file name for messages */
	char *base_dir;       /* absolute directory relative paths are resolved against */
	yaml_document_t *doc;
	struct floe_config *cfg;
	bool seen[N_KEYS];
	unsigned flags;       /* FLOE_CONFIG_* */
	struct floe_err *err;
};

/* ---- small helpers ---- */

/* A user value as it may appear in a one-line message: at most 64 bytes,
 * control characters shown as '?', "..." when cut. */
static const char *show(const char *v, char *buf, size_t sz)
{
	size_t i, o = 0, max = sz > 68 ? 64 : sz - 4;

	for (i = 0; v[i] && o < max; i++)
		buf[o++] = ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) ? '?' : v[i];
	if (v[i]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static size_t line_of(const yaml_node_t *n)
{
	return n->start_mark.line + 1;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Suggests the known key (or section when `section` is NULL at top level)
 * closest to `key`; writes "" when nothing is close. */
static void suggest(const char *section, const char *key, char *out, size_t outsz)
{
	size_t i, best = 3, d;
	char full[160];

	out[0] = '\0';
	if (section) {
		snprintf(full, sizeof(full), "%s.%s", section, key);
	} else {
		snprintf(full, sizeof(full), "%s", key);
		for (i = 0; i < N_SECTIONS; i++) {
			d = edit_distance(key, sections[i]);
			if (d < best) {
				best = d;
				snprintf(out, outsz, "%s", sections[i]);
			}
		}
	}
	for (i = 0; i < N_KEYS; i++) {
		char cand[160];
		snprintf(cand, sizeof(cand), "%s.%s", keys[i].section, keys[i].name);
		d = edit_distance(full, cand);
		/* a key written in the wrong section, or without its section */
		if (!strcmp(key, keys[i].name))
			d = 1;
		if (d < best) {
			best = d;
			snprintf(out, outsz, "%s", cand);
		}
	}
}

/* ---- ${VAR} interpolation ---- */

static int interpolate(struct loader *L, const yaml_node_t *n, const char *key, char **out)
{
	const char *s = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length, i = 0;
	struct floe_buf b = FLOE_BUF_INIT;
	int rc = -1;

	*out = NULL;
	if (memchr(s, '\0', len)) {
		floe_err_set(L->err, "%s:%zu: key '%s': the value contains a NUL character", L->name, line_of(n), key);
		goto out;
	}
	while (i < len) {
		if (s[i] == '$' && i + 2 < len && s[i + 1] == '$' && s[i + 2] == '{') {
			floe_buf_puts(&b, "${");   /* "$${" is a literal "${" */
			i += 3;
			continue;
		}
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			size_t start = i + 2, j = start, name_end;
			const char *def = NULL, *val;
			size_t def_len = 0;
			char name[128];

			while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			name_end = j;
			if (name_end == start || isdigit((unsigned char)s[start]) || name_end - start >= sizeof(name)) {
				floe_err_set(L->err, "%s:%zu: key '%s': '${' must be followed by an environment variable "
						     "name and '}' (write '$${' for a literal '${')",
					     L->name, line_of(n), key);
				goto out;
			}
			if (j + 1 < len && s[j] == ':' && s[j + 1] == '-') {
				j += 2;
				def = s + j;
				while (j < len && s[j] != '}')
					j++;
				def_len = (size_t)(s + j - def);
			}
			if (j >= len || s[j] != '}') {
				floe_err_set(L->err, "%s:%zu: key '%s': '${%.*s' is missing its closing '}'", L->name,
					     line_of(n), key, (int)(name_end - start), s + start);
				goto out;
			}
			memcpy(name, s + start, name_end - start);
			name[name_end - start] = '\0';
			val = getenv(name);
			if (def && (!val || !val[0]))
				floe_buf_append(&b, def, def_len);
			else if (val)
				floe_buf_puts(&b, val);
			else {
				floe_err_set(L->err, "%s:%zu: key '%s': environment variable '%s' is not set "
						     "(export it, or give a default with ${%s:-value})",
					     L->name, line_of(n), key, name, name);
				goto out;
			}
			i = j + 1;
			continue;
		}
		floe_buf_putc(&b, (uint8_t)s[i]);
		i++;
	}
	if (floe_buf_check(&b, L->err) != 0)
		goto out;
	*out = floe_buf_detach(&b, NULL);
	if (!*out) {
		floe_err_set(L->err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

/* ---- value parsers (return 0, or -1 when the text is not of the kind) ---- */

static bool is_null_scalar(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !strcmp(v, "") || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int parse_int_part(const char **p, int64_t *out)
{
	const char *s = *p;
	int64_t v = 0;
	bool any = false;

	while (isdigit((unsigned char)*s) || (*s == '_' && any)) {
		if (*s != '_') {
			int d = *s - '0';
			if (v > (INT64_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
			any = true;
		}
		s++;
	}
	if (!any)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static int parse_count(const char *s, int64_t *out)
{
	const char *p = s;

	if (parse_int_part(&p, out) != 0 || *p || *out <= 0)
		return -1;
	return 0;
}

static int parse_duration(const char *s, int64_t *out_ms)
{
	static const struct { const char *unit; int64_t ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
	};
	const char *p = s;
	int64_t total = 0;

	if (!*p)
		return -1;
	while (*p) {
		int64_t v;
		size_t i, ul = 0;
		int64_t mult = 0;

		if (parse_int_part(&p, &v) != 0)
			return -1;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].unit);
			if (!strncmp(p, units[i].unit, l) && l > ul) {
				ul = l;
				mult = units[i].ms;
			}
		}
		if (!ul)
			return -1;
		p += ul;
		if (v > (INT64_MAX - total) / mult)
			return -1;
		total += v * mult;
	}
	if (total <= 0)
		return -1;
	*out_ms = total;
	return 0;
}

static int parse_size(const char *s, int64_t *out)
{
	static const struct { const char *unit; int64_t mult; } units[] = {
		{ "", 1 }, { "B", 1 },
		{ "KB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000 }, { "TB", 1000000000000 },
		{ "KiB", 1024 }, { "MiB", 1048576 }, { "GiB", 1073741824 }, { "TiB", 1099511627776 },
	};
	const char *p = s;
	int64_t v;
	size_t i;

	if (parse_int_part(&p, &v) != 0)
		return -1;
	while (*p == ' ')
		p++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (!strcasecmp(p, units[i].unit)) {
			if (v > INT64_MAX / units[i].mult)
				return -1;
			*out = v * units[i].mult;
			return *out > 0 ? 0 : -1;
		}
	}
	return -1;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* ---- paths ---- */

/* Joins base and p (unless p is absolute), expands a leading "~/", and removes
 * ".", ".." and repeated slashes lexically. */
static char *make_absolute(const char *base, const char *p, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	char *joined = NULL, *res = NULL, *save = NULL, *tok;
	size_t *stack = NULL, depth = 0, cap;

	if (p[0] == '~' && (p[1] == '/' || !p[1]) && getenv("HOME")) {
		floe_buf_puts(&b, getenv("HOME"));
		floe_buf_puts(&b, "/");
		floe_buf_puts(&b, p + 1);
	} else if (p[0] == '/') {
		floe_buf_puts(&b, p);
	} else {
		floe_buf_puts(&b, base);
		floe_buf_puts(&b, "/");
		floe_buf_puts(&b, p);
	}
	if (floe_buf_check(&b, err) != 0)
		goto out;
	joined = floe_buf_detach(&b, NULL);
	if (!joined) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	cap = strlen(joined) + 1;
	stack = malloc(cap * sizeof(*stack));
	if (!stack) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	/* b now collects the result; stack holds the length before each segment */
	for (tok = strtok_r(joined, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (depth > 0)
				b.len = stack[--depth];
			continue;
		}
		stack[depth++] = b.len;
		floe_buf_putc(&b, '/');
		floe_buf_puts(&b, tok);
	}
	if (b.len == 0)
		floe_buf_putc(&b, '/');
	if (floe_buf_check(&b, err) != 0)
		goto out;
	res = floe_buf_detach(&b, NULL);
	if (!res)
		floe_err_set(err, "out of memory");
out:
	free(joined);
	free(stack);
	floe_buf_release(&b);
	return res;
}

/* A PostgreSQL catalog: a postgresql:// URI or a key=value conninfo (the
 * catalog layer applies the same rule: any '=' means a DSN). */
static bool is_postgres_uri(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11) || strchr(s, '=') != NULL;
}

/* One part of a table name: "quoted" (with "" for a quote) or bare up to the
 * next dot. Returns the position after it, or NULL if malformed. */
static const char *name_part(const char *p, struct floe_buf *b)
{
	size_t start = b->len;

	if (*p == '"') {
		p++;
		for (;;) {
			if (!*p)
				return NULL;
			if (*p == '"' && p[1] == '"') {
				floe_buf_putc(b, '"');
				p += 2;
			} else if (*p == '"') {
				p++;
				break;
			} else {
				floe_buf_putc(b, (uint8_t)*p++);
			}
		}
	} else {
		while (*p && *p != '.') {
			if (*p == '"')
				return NULL;
			floe_buf_putc(b, (uint8_t)*p++);
		}
	}
	if (b->len == start || memchr(b->data + start, '.', b->len - start))
		return NULL;
	return p;
}

/* "table", "schema.table" or "\"My Schema\".\"T\"" → malloc'd "schema.table"
 * (unquoted, names exactly as written); NULL when malformed or out of memory. */
static char *parse_table_name(const char *s)
{
	struct floe_buf a = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	const char *p;
	char *res = NULL;

	p = name_part(s, &a);
	if (!p)
		goto out;
	if (*p == '.') {
		p = name_part(p + 1, &b);
		if (!p || *p)
			goto out;
	} else if (*p) {
		goto out;
	} else {
		floe_buf_append(&b, a.data, a.len);
		floe_buf_reset(&a);
		floe_buf_puts(&a, "public");
	}
	floe_buf_putc(&a, '.');
	floe_buf_append(&a, b.data, b.len);
	res = floe_buf_detach(&a, NULL);
out:
	floe_buf_release(&a);
	floe_buf_release(&b);
	return res;
}

/* ---- one key ---- */

static int set_tables(struct loader *L, const yaml_node_t *n, const char *key)
{
	yaml_node_item_t *it;
	size_t count, i = 0, k;
	char **list = NULL;
	int rc = -1;

	if (n->type == YAML_SCALAR_NODE && is_null_scalar(n))
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return floe_err_set(L->err, "%s:%zu: key '%s': expected a list of table names like "
					    "[public.orders, public.customers]",
				    L->name, line_of(n), key);
	count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (count == 0)
		return 0;   /* an empty list means the whole publication, same as leaving it out */
	list = calloc(count, sizeof(*list));
	if (!list)
		return floe_err_set(L->err, "out of memory");
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, i++) {
		yaml_node_t *item = yaml_document_get_node(L->doc, *it);
		char *v = NULL, *q;
		char sv[96];

		if (!item || item->type != YAML_SCALAR_NODE || is_null_scalar(item)) {
			floe_err_set(L->err, "%s:%zu: key '%s': each entry must be a table name like 'public.orders'",
				     L->name, item ? line_of(item) : line_of(n), key);
			goto out;
		}
		if (interpolate(L, item, key, &v) != 0)
			goto out;
		q = parse_table_name(v);
		if (!q) {
			floe_err_set(L->err, "%s:%zu: key '%s': '%s' is not a table name; write 'schema.table' or "
					     "'table' (meaning public.table), names as stored in the catalog (double "
					     "quotes allowed, dots inside names are not)",
				     L->name, line_of(item), key, show(v, sv, sizeof(sv)));
			free(v);
			goto out;
		}
		free(v);
		v = q;
		for (k = 0; k < i; k++) {
			if (!strcmp(list[k], v)) {
				floe_err_set(L->err, "%s:%zu: key '%s': table '%s' is listed twice", L->name,
					     line_of(item), key, show(v, sv, sizeof(sv)));
				free(v);
				goto out;
			}
		}
		list[i] = v;
	}
	L->cfg->source.tables = list;
	L->cfg->source.n_tables = count;
	list = NULL;
	rc = 0;
out:
	if (list) {
		for (k = 0; k < count; k++)
			free(list[k]);
		free(list);
	}
	return rc;
}

static int set_key(struct loader *L, const struct key_def *d, const yaml_node_t *n)
{
	char key[96], sv[96];
	char *v = NULL;
	void *field = (char *)L->cfg + d->off;
	int rc = -1;

	snprintf(key, sizeof(key), "%s.%s", d->section, d->name);
	if (d->kind == K_TABLES)
		return set_tables(L, n, key);
	if (n->type != YAML_SCALAR_NODE) {
		return floe_err_set(L->err, "%s:%zu: key '%s': expected a single value, got a %s", L->name,
				    line_of(n), key, n->type == YAML_MAPPING_NODE ? "mapping" : "list");
	}
	if (is_null_scalar(n)) {
		if (d->required)
			return floe_err_set(L->err, "%s:%zu: key '%s' has no value", L->name, line_of(n), key);
		return 0;   /* keeps the default */
	}
	if (interpolate(L, n, key, &v) != 0) {
		/* commands that never connect (scan, tables, ...) ignore the source section:
		 * an unset ${VAR} there (a password, say) must not stop them */
		if ((L->flags & FLOE_CONFIG_NO_SOURCE) && !strcmp(d->section, "source")) {
			floe_err_clear(L->err);
			return 0;
		}
		return -1;
	}
	switch (d->kind) {
	case K_STRING:
	case K_SECRET:
		if (!v[0]) {
			floe_err_set(L->err, "%s:%zu: key '%s' is empty", L->name, line_of(n), key);
			goto out;
		}
		free(*(char **)field);
		*(char **)field = v;
		v = NULL;
		break;
	case K_PATH: {
		char *abs;
		if (!v[0]) {
			floe_err_set(L->err, "%s:%zu: key '%s' is empty", L->name, line_of(n), key);
			goto out;
		}
		if (!strncmp(v, "file://", 7))
			memmove(v, v + 7, strlen(v + 7) + 1);
		else if (strstr(v, "://")) {
			floe_err_set(L->err, "%s:%zu: key '%s': '%s' is not supported; give a local directory "
					     "(an absolute path, a path relative to the config file, or file://PATH)",
				     L->name, line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		abs = make_absolute(L->base_dir, v, L->err);
		if (!abs)
			goto out;
		free(*(char **)field);
		*(char **)field = abs;
		break;
	}
	case K_CATALOG_TYPE:
		if (strcmp(v, "sql") != 0) {
			floe_err_set(L->err, "%s:%zu: key '%s': '%s' is not a supported catalog type; use 'sql' "
					     "(SQLite file or PostgreSQL database)",
				     L->name, line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		free(*(char **)field);
		*(char **)field = v;
		v = NULL;
		break;
	case K_CATALOG_URI: {
		char *res;
		if (!v[0]) {
			floe_err_set(L->err, "%s:%zu: key '%s' is empty", L->name, line_of(n), key);
			goto out;
		}
		if (is_postgres_uri(v)) {
			res = v;
			v = NULL;
		} else {
			const char *path = v;
			if (!strncmp(path, "sqlite:", 7))
				path += 7;
			if (!strncmp(path, "//", 2))
				path += 2;   /* sqlite://PATH */
			if (!path[0] || strstr(path, "://")) {
				floe_err_set(L->err, "%s:%zu: key '%s': expected a SQLite file path, 'sqlite:PATH' "
						     "or a postgresql:// URI",
					     L->name, line_of(n), key);
				goto out;
			}
			res = make_absolute(L->base_dir, path, L->err);
			if (!res)
				goto out;
		}
		free(*(char **)field);
		*(char **)field = res;
		break;
	}
	case K_DURATION:
		if (parse_duration(v, (int64_t *)field) != 0) {
			floe_err_set(L->err, "%s:%zu: key '%s': expected a positive duration like '10s', '500ms', "
					     "'1m' or '1h', got '%s'",
				     L->name, line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_COUNT:
		if (parse_count(v, (int64_t *)field) != 0) {
			floe_err_set(L->err, "%s:%zu: key '%s': expected a positive whole number, got '%s'", L->name,
				     line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_SIZE:
		if (parse_size(v, (int64_t *)field) != 0) {
			floe_err_set(L->err, "%s:%zu: key '%s': expected a positive size like '128MiB', '1GB' or a "
					     "number of bytes, got '%s'",
				     L->name, line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_BOOL:
		if (parse_bool(v, (bool *)field) != 0) {
			floe_err_set(L->err, "%s:%zu: key '%s': expected true or false, got '%s'", L->name,
				     line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_POLICY:
		if (!strcmp(v, "fail"))
			*(enum floe_policy *)field = FLOE_POLICY_FAIL;
		else if (!strcmp(v, "null") || !strcmp(v, "to_null"))
			*(enum floe_policy *)field = FLOE_POLICY_NULL;
		else {
			floe_err_set(L->err, "%s:%zu: key '%s': expected 'fail' or 'null', got '%s'", L->name,
				     line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_PUBLISH:
		if (!strcmp(v, "all") || !strcmp(v, "insert, update, delete, truncate"))
			*(bool *)field = false;
		else if (!strcmp(v, "insert"))
			*(bool *)field = true;
		else {
			floe_err_set(L->err, "%s:%zu: key '%s': expected 'all' (every insert, update, delete and "
					     "truncate) or 'insert' (append-only tables), got '%s'",
				     L->name, line_of(n), key, show(v, sv, sizeof(sv)));
			goto out;
		}
		break;
	case K_TABLES:
		break;
	}
	rc = 0;
out:
	free(v);
	return rc;
}

/* ---- structure ---- */

static const char *scalar_key(struct loader *L, const yaml_node_t *k)
{
	(void)L;
	if (!k || k->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)k->data.scalar.value;
}

static int walk_section(struct loader *L, const char *section, const yaml_node_t *map)
{
	yaml_node_pair_t *p;

	if (map->type == YAML_SCALAR_NODE && is_null_scalar(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return floe_err_set(L->err, "%s:%zu: '%s' must be a mapping of keys (for example '%s:' followed "
					    "by indented 'key: value' lines)",
				    L->name, line_of(map), section, section);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *name = scalar_key(L, k);
		size_t i;

		if (!name || !v)
			return floe_err_set(L->err, "%s:%zu: keys in '%s' must be plain names", L->name,
					    k ? line_of(k) : line_of(map), section);
		for (i = 0; i < N_KEYS; i++)
			if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
				break;
		if (i == N_KEYS) {
			char hint[160], sn[96];
			suggest(section, name, hint, sizeof(hint));
			if (hint[0])
				return floe_err_set(L->err, "%s:%zu: unknown key '%s.%s' (did you mean '%s'?)",
						    L->name, line_of(k), section, show(name, sn, sizeof(sn)), hint);
			return floe_err_set(L->err, "%s:%zu: unknown key '%s.%s' (see docs/configuration.md "
						    "for the keys of '%s')",
					    L->name, line_of(k), section, show(name, sn, sizeof(sn)), section);
		}
		if (L->seen[i])
			return floe_err_set(L->err, "%s:%zu: key '%s.%s' is given twice", L->name, line_of(k),
					    section, name);
		L->seen[i] = true;
		if (set_key(L, &keys[i], v) != 0)
			return -1;
	}
	return 0;
}

static int walk_root(struct loader *L, const yaml_node_t *root)
{
	yaml_node_pair_t *p;
	bool seen_section[N_SECTIONS] = { false };

	if (root->type != YAML_MAPPING_NODE)
		return floe_err_set(L->err, "%s:%zu: the configuration must be a mapping with sections like "
					    "'source:' and 'warehouse:'",
				    L->name, line_of(root));
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
		const char *name = scalar_key(L, k);
		size_t i;

		if (!name || !v)
			return floe_err_set(L->err, "%s:%zu: top-level keys must be plain section names", L->name,
					    k ? line_of(k) : line_of(root));
		for (i = 0; i < N_SECTIONS; i++)
			if (!strcmp(sections[i], name))
				break;
		if (i == N_SECTIONS) {
			char hint[160], sn[96];
			suggest(NULL, name, hint, sizeof(hint));
			if (hint[0])
				return floe_err_set(L->err, "%s:%zu: unknown key '%s' (did you mean '%s'?)", L->name,
						    line_of(k), show(name, sn, sizeof(sn)), hint);
			return floe_err_set(L->err, "%s:%zu: unknown key '%s' (the sections are source, warehouse, "
						    "catalog, sink and types)",
					    L->name, line_of(k), show(name, sn, sizeof(sn)));
		}
		if (seen_section[i])
			return floe_err_set(L->err, "%s:%zu: section '%s' is given twice", L->name, line_of(k), name);
		seen_section[i] = true;
		if (walk_section(L, name, v) != 0)
			return -1;
	}
	return 0;
}

static int set_default_str(char **field, const char *v, struct floe_err *err)
{
	if (*field)
		return 0;
	*field = strdup(v);
	return *field ? 0 : floe_err_set(err, "out of memory");
}

static int fill_defaults(struct loader *L)
{
	struct floe_config *c = L->cfg;
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		if (keys[i].required && !L->seen[i] &&
		    !((L->flags & FLOE_CONFIG_NO_SOURCE) && !strcmp(keys[i].section, "source")))
			return floe_err_set(L->err, "%s: missing required key '%s.%s'%s", L->name, keys[i].section,
					    keys[i].name,
					    keys[i].kind == K_SECRET ? " (the libpq connection string of the source "
								       "database, e.g. 'host=db user=floe dbname=app')"
								     : "");
	if (set_default_str(&c->source.publication, "floe", L->err) || set_default_str(&c->source.slot, "floe", L->err) ||
	    set_default_str(&c->catalog.type, "sql", L->err) || set_default_str(&c->catalog.name, "floe", L->err))
		return -1;
	if (!c->warehouse.location) {
		c->warehouse.location = make_absolute(L->base_dir, "warehouse", L->err);
		if (!c->warehouse.location)
			return -1;
	}
	if (!c->catalog.uri) {
		c->catalog.uri = make_absolute(c->warehouse.location, "catalog.db", L->err);
		if (!c->catalog.uri)
			return -1;
	}
	if (!c->sink.spill_dir) {
		const char *t = getenv("TMPDIR");
		c->sink.spill_dir = make_absolute(L->base_dir, t && t[0] ? t : "/tmp", L->err);
		if (!c->sink.spill_dir)
			return -1;
	}
	return 0;
}

static void init_scalars(struct floe_config *c)
{
	c->sink.flush_interval_ms = 10000;
	c->sink.flush_rows = 1000000;
	c->sink.flush_bytes = 128 * 1048576LL;
	c->sink.memory_limit = 64 * 1048576LL;
	c->sink.metadata_columns = true;
	c->types.numeric_overflow = FLOE_POLICY_FAIL;
	c->types.infinity = FLOE_POLICY_FAIL;
}

static char *current_dir(struct floe_err *err)
{
	char *d = getcwd(NULL, 0);

	if (!d)
		floe_err_set(err, "cannot get the current directory: %s", strerror(errno));
	return d;
}

static int load(const char *yaml, size_t len, const char *name, const char *base_dir, unsigned flags,
		struct floe_config *cfg, struct floe_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	bool parser_ok = false, doc_ok = false;
	yaml_node_t *root;
	struct loader L;
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	memset(&L, 0, sizeof(L));
	L.name = name;
	L.doc = &doc;
	L.cfg = cfg;
	L.err = err;
	L.flags = flags;
	init_scalars(cfg);
	L.base_dir = base_dir ? strdup(base_dir) : current_dir(err);
	if (!L.base_dir) {
		if (base_dir)
			floe_err_set(err, "out of memory");
		goto out;
	}
	if (len > CONFIG_MAX_BYTES) {
		floe_err_set(err, "%s: the file is larger than 1 MiB; is it really a floe configuration?", name);
		goto out;
	}
	if (!yaml_parser_initialize(&parser)) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	parser_ok = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	if (!yaml_parser_load(&parser, &doc)) {
		if (parser.error == YAML_READER_ERROR) {
			/* reader errors carry a byte offset instead of a mark */
			size_t line = 1, i;
			for (i = 0; i < parser.problem_offset && i < len; i++)
				line += yaml[i] == '\n';
			floe_err_set(err, "%s:%zu: invalid YAML: %s (the file must be UTF-8 text)", name, line,
				     parser.problem ? parser.problem : "unreadable input");
		} else if (parser.context)
			floe_err_set(err, "%s:%zu: invalid YAML: %s %s", name, parser.problem_mark.line + 1,
				     parser.problem ? parser.problem : "syntax error", parser.context);
		else
			floe_err_set(err, "%s:%zu: invalid YAML: %s", name, parser.problem_mark.line + 1,
				     parser.problem ? parser.problem : "syntax error");
		goto out;
	}
	doc_ok = true;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		floe_err_set(err, "%s: the file is empty; it needs at least 'source: {dsn: ...}'", name);
		goto out;
	}
	if (!yaml_parser_load(&parser, &extra)) {
		floe_err_set(err, "%s:%zu: invalid YAML: %s", name, parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "syntax error");
		goto out;
	}
	if (yaml_document_get_root_node(&extra)) {
		size_t line = extra.start_mark.line + 1;
		yaml_document_delete(&extra);
		floe_err_set(err, "%s:%zu: more than one YAML document ('---'); put everything in one", name, line);
		goto out;
	}
	yaml_document_delete(&extra);
	if (walk_root(&L, root) != 0 || fill_defaults(&L) != 0)
		goto out;
	cfg->path = strdup(name);
	if (!cfg->path) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (doc_ok)
		yaml_document_delete(&doc);
	if (parser_ok)
		yaml_parser_delete(&parser);
	free(L.base_dir);
	if (rc != 0)
		floe_config_free(cfg);
	return rc;
}

int floe_config_load_string(const char *yaml, size_t len, const char *name, struct floe_config *cfg,
			    struct floe_err *err)
{
	return load(yaml, len, name ? name : "<config>", NULL, 0, cfg, err);
}

int floe_config_load(const char *path, struct floe_config *cfg, struct floe_err *err)
{
	return floe_config_load_opts(path, cfg, 0, err);
}

int floe_config_load_opts(const char *path, struct floe_config *cfg, unsigned flags, struct floe_err *err)
{
	FILE *f = NULL;
	struct floe_buf b = FLOE_BUF_INIT;
	char chunk[8192], *cwd = NULL, *abs = NULL, *slash;
	size_t n;
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	f = fopen(path, "rb");
	if (!f) {
		floe_err_set(err, "cannot open config file '%s': %s (pass it with -c FILE)", path, strerror(errno));
		goto out;
	}
	b.limit = CONFIG_MAX_BYTES + 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		floe_buf_append(&b, chunk, n);
	if (ferror(f)) {
		floe_err_set(err, "cannot read config file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (b.failed) {
		floe_err_set(err, "%s: the file is larger than 1 MiB; is it really a floe configuration?", path);
		goto out;
	}
	cwd = current_dir(err);
	if (!cwd)
		goto out;
	abs = make_absolute(cwd, path, err);
	if (!abs)
		goto out;
	slash = strrchr(abs, '/');
	if (slash == abs)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	rc = load((const char *)b.data, b.len, path, abs, flags, cfg, err);
out:
	if (f)
		fclose(f);
	free(cwd);
	free(abs);
	floe_buf_release(&b);
	return rc;
}

void floe_config_free(struct floe_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->source.dsn);
	free(cfg->source.publication);
	free(cfg->source.slot);
	for (i = 0; i < cfg->source.n_tables; i++)
		free(cfg->source.tables[i]);
	free(cfg->source.tables);
	free(cfg->warehouse.location);
	free(cfg->catalog.type);
	free(cfg->catalog.uri);
	free(cfg->catalog.name);
	free(cfg->catalog.namespace_);
	free(cfg->sink.spill_dir);
	memset(cfg, 0, sizeof(*cfg));
}

bool floe_config_wants_table(const struct floe_config *cfg, const char *schema, const char *table)
{
	size_t i, sl = strlen(schema);

	if (cfg->source.n_tables == 0)
		return true;
	for (i = 0; i < cfg->source.n_tables; i++) {
		const char *t = cfg->source.tables[i];
		if (!strncmp(t, schema, sl) && t[sl] == '.' && !strcmp(t + sl + 1, table))
			return true;
	}
	return false;
}
