/*
 * pqgen.c — test driver for the Parquet writer.
 *
 *   pqgen SPEC.json OUT.parquet
 *     Writes OUT from a JSON spec {"options":{...},"kv":{...},"fields":[...],"rows":[[...]...],
 *     "by_column":bool} and prints the writer's file info (Iceberg metrics, split offsets)
 *     as JSON on stdout. Value forms: null; true/false; numbers; 64-bit ints, decimals
 *     (unscaled) and special floats ("NaN", "Infinity", "-Infinity", "-0") as strings;
 *     binary/fixed/uuid as hex strings; lists as arrays.
 *   pqgen --bench ROWS OUT.parquet [--codec C] [--level N] [--csv OUT.csv] [--gen-only 1]
 *     Generates the deterministic mixed benchmark table (same formulas as bench/parquet.sh
 *     gives DuckDB) in C, writes it and prints rows/s and CPU seconds.
 * Not part of floe itself; no input validation beyond what the tests need.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/sink.h"
#include "core/value.h"
#include "parquet/writer.h"

struct file_sink {
	struct floe_sink base;
	FILE *f;
};

static int fs_write(struct floe_sink *s, const void *p, size_t n, struct floe_err *err)
{
	struct file_sink *fs = (struct file_sink *)s;

	if (n && fwrite(p, 1, n, fs->f) != n)
		return floe_err_set(err, "write failed: %s", strerror(errno));
	return 0;
}

static int fs_finish(struct floe_sink *s, struct floe_err *err)
{
	struct file_sink *fs = (struct file_sink *)s;

	if (fclose(fs->f) != 0) {
		fs->f = NULL;
		return floe_err_set(err, "close failed: %s", strerror(errno));
	}
	fs->f = NULL;
	return 0;
}

static void fs_abort(struct floe_sink *s)
{
	struct file_sink *fs = (struct file_sink *)s;

	if (fs->f)
		fclose(fs->f);
	fs->f = NULL;
}

static int fs_open(struct file_sink *fs, const char *path)
{
	fs->base.write = fs_write;
	fs->base.finish = fs_finish;
	fs->base.abort = fs_abort;
	fs->base.written = 0;
	fs->f = fopen(path, "wb");
	if (!fs->f) {
		fprintf(stderr, "pqgen: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_prim(const char *s, enum floe_type_id *id, int *p, int *sc, int *len)
{
	static const struct {
		const char *name;
		enum floe_type_id id;
	} names[] = {{"boolean", FLOE_T_BOOLEAN}, {"int", FLOE_T_INT}, {"long", FLOE_T_LONG},
		     {"float", FLOE_T_FLOAT}, {"double", FLOE_T_DOUBLE}, {"date", FLOE_T_DATE},
		     {"time", FLOE_T_TIME}, {"timestamp", FLOE_T_TIMESTAMP}, {"timestamptz", FLOE_T_TIMESTAMPTZ},
		     {"string", FLOE_T_STRING}, {"uuid", FLOE_T_UUID}, {"binary", FLOE_T_BINARY}};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*id = names[i].id;
			return 0;
		}
	if (sscanf(s, "decimal(%d,%d)", p, sc) == 2) {
		*id = FLOE_T_DECIMAL;
		return 0;
	}
	if (sscanf(s, "fixed[%d]", len) == 1) {
		*id = FLOE_T_FIXED;
		return 0;
	}
	fprintf(stderr, "pqgen: unknown type '%s'\n", s);
	return -1;
}

static int parse_field(json_t *j, struct floe_field *f)
{
	const char *ts = json_string_value(json_object_get(j, "type"));
	char inner[128];

	memset(f, 0, sizeof(*f));
	f->id = (int)json_integer_value(json_object_get(j, "id"));
	f->name = json_string_value(json_object_get(j, "name"));
	f->required = json_is_true(json_object_get(j, "required"));
	if (!ts || !f->name)
		return -1;
	if (!strncmp(ts, "list<", 5)) {
		size_t n = strlen(ts);
		if (n - 6 >= sizeof(inner))
			return -1;
		memcpy(inner, ts + 5, n - 6);
		inner[n - 6] = 0;
		f->type.id = FLOE_T_LIST;
		f->type.elem_field_id = (int)json_integer_value(json_object_get(j, "element_id"));
		f->type.elem_required = json_is_true(json_object_get(j, "element_required"));
		return parse_prim(inner, &f->type.elem_id, &f->type.elem_precision, &f->type.elem_scale,
				  &f->type.elem_length);
	}
	return parse_prim(ts, &f->type.id, &f->type.precision, &f->type.scale, &f->type.length);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int64_t j_i64(json_t *j)
{
	if (json_is_string(j))
		return strtoll(json_string_value(j), NULL, 10);
	return (int64_t)json_integer_value(j);
}

static double j_f64(json_t *j)
{
	const char *s;

	if (!json_is_string(j))
		return json_number_value(j);
	s = json_string_value(j);
	if (!strcmp(s, "-0"))
		return -0.0;
	return strtod(s, NULL); /* "NaN", "Infinity", "-Infinity", digits */
}

static floe_i128 j_dec(json_t *j)
{
	const char *s;
	floe_i128 v = 0;
	int neg = 0;

	if (!json_is_string(j))
		return (floe_i128)json_integer_value(j);
	s = json_string_value(j);
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static int parse_value(struct floe_arena *a, json_t *j, enum floe_type_id id, const struct floe_type *lt,
		       struct floe_value *v)
{
	memset(v, 0, sizeof(*v));
	if (json_is_null(j)) {
		v->is_null = true;
		return 0;
	}
	switch (id) {
	case FLOE_T_BOOLEAN: v->u.b = json_is_true(j); break;
	case FLOE_T_INT:
	case FLOE_T_DATE: v->u.i32 = (int32_t)j_i64(j); break;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: v->u.i64 = j_i64(j); break;
	case FLOE_T_FLOAT: v->u.f32 = (float)j_f64(j); break;
	case FLOE_T_DOUBLE: v->u.f64 = j_f64(j); break;
	case FLOE_T_DECIMAL: v->u.dec = j_dec(j); break;
	case FLOE_T_STRING:
		v->u.bytes.p = (const uint8_t *)json_string_value(j);
		v->u.bytes.len = (uint32_t)json_string_length(j);
		break;
	case FLOE_T_BINARY:
	case FLOE_T_FIXED:
	case FLOE_T_UUID: {
		const char *s = json_string_value(j);
		size_t n = s ? strlen(s) / 2 : 0, i;
		uint8_t *p = floe_arena_alloc(a, n + 1);
		if (!s || !p)
			return -1;
		for (i = 0; i < n; i++)
			p[i] = (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
		v->u.bytes.p = p;
		v->u.bytes.len = (uint32_t)n;
		break;
	}
	case FLOE_T_LIST: {
		size_t n = json_array_size(j), i;
		struct floe_value *items = floe_arena_alloc(a, (n + 1) * sizeof(*items));
		if (!items)
			return -1;
		for (i = 0; i < n; i++)
			if (parse_value(a, json_array_get(j, i), lt->elem_id, NULL, &items[i]) < 0)
				return -1;
		v->u.list.items = items;
		v->u.list.n = (uint32_t)n;
		break;
	}
	default:
		return -1;
	}
	return 0;
}

static void put_hex(const uint8_t *p, uint32_t n)
{
	uint32_t i;

	putchar('"');
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('"');
}

static void print_info(const struct floe_pq_file_info *info)
{
	size_t i;

	printf("{\"num_rows\":%" PRId64 ",\"file_size\":%" PRId64 ",\"split_offsets\":[", info->num_rows, info->file_size);
	for (i = 0; i < info->n_split_offsets; i++)
		printf("%s%" PRId64, i ? "," : "", info->split_offsets[i]);
	printf("],\"metrics\":[");
	for (i = 0; i < info->n_metrics; i++) {
		const struct floe_pq_metrics *m = &info->metrics[i];
		printf("%s{\"field_id\":%d,\"column_size\":%" PRId64 ",\"value_count\":%" PRId64
		       ",\"null_count\":%" PRId64 ",\"nan_count\":%" PRId64 ",\"lower\":",
		       i ? "," : "", m->field_id, m->column_size, m->value_count, m->null_count, m->nan_count);
		if (m->lower)
			put_hex(m->lower, m->lower_len);
		else
			printf("null");
		printf(",\"upper\":");
		if (m->upper)
			put_hex(m->upper, m->upper_len);
		else
			printf("null");
		printf("}");
	}
	printf("]}\n");
}

static size_t opt_size(json_t *o, const char *k, size_t dflt)
{
	json_t *j = json_object_get(o, k);
	return j ? (size_t)json_integer_value(j) : dflt;
}

static int run_spec(const char *spec_path, const char *out_path)
{
	json_error_t jerr;
	json_t *spec = json_load_file(spec_path, JSON_ALLOW_NUL, &jerr), *jf, *rows, *o, *kvj, *val;
	struct floe_field *fields = NULL;
	struct floe_pq_options opt;
	struct floe_pq_kv *kv = NULL;
	struct floe_pq_writer *w = NULL;
	struct floe_pq_file_info info;
	struct floe_value *row = NULL, **cols = NULL;
	struct floe_arena arena;
	struct file_sink fs;
	struct floe_err err;
	size_t nf, i, r, nkv = 0;
	const char *key;
	int rc = 1;
	bool sink_open = false;

	floe_arena_init(&arena, 1 << 16);
	floe_err_clear(&err);
	if (!spec) {
		fprintf(stderr, "pqgen: %s:%d: %s\n", spec_path, jerr.line, jerr.text);
		return 1;
	}
	jf = json_object_get(spec, "fields");
	rows = json_object_get(spec, "rows");
	nf = json_array_size(jf);
	fields = calloc(nf + 1, sizeof(*fields));
	row = calloc(nf + 1, sizeof(*row));
	cols = calloc(nf + 1, sizeof(*cols));
	if (!fields || !row || !cols)
		goto out;
	for (i = 0; i < nf; i++)
		if (parse_field(json_array_get(jf, i), &fields[i]) < 0) {
			fprintf(stderr, "pqgen: bad field %zu\n", i);
			goto out;
		}
	floe_pq_options_default(&opt);
	o = json_object_get(spec, "options");
	if (o) {
		json_t *c = json_object_get(o, "codec");
		if (c && floe_codec_parse(json_string_value(c), &opt.codec, &err) < 0) {
			fprintf(stderr, "pqgen: %s\n", err.msg);
			goto out;
		}
		opt.level = (int)opt_size(o, "level", 0);
		opt.row_group_bytes = opt_size(o, "row_group_bytes", opt.row_group_bytes);
		opt.page_bytes = opt_size(o, "page_bytes", opt.page_bytes);
		opt.page_rows = (uint32_t)opt_size(o, "page_rows", opt.page_rows);
		opt.dict_bytes = opt_size(o, "dict_bytes", opt.dict_bytes);
		opt.no_dictionary = json_is_true(json_object_get(o, "no_dictionary"));
	}
	kvj = json_object_get(spec, "kv");
	if (kvj) {
		kv = calloc(json_object_size(kvj) + 1, sizeof(*kv));
		if (!kv)
			goto out;
		json_object_foreach(kvj, key, val) {
			kv[nkv].key = key;
			kv[nkv].value = json_string_value(val);
			nkv++;
		}
		opt.kv = kv;
		opt.n_kv = nkv;
	}
	if (fs_open(&fs, out_path) < 0)
		goto out;
	sink_open = true;
	if (floe_pq_writer_new(&w, fields, nf, &opt, &fs.base, &err) < 0) {
		fprintf(stderr, "pqgen: %s\n", err.msg);
		goto out;
	}
	if (json_is_true(json_object_get(spec, "by_column"))) {
		size_t nr = json_array_size(rows);
		for (i = 0; i < nf; i++) {
			cols[i] = floe_arena_alloc(&arena, (nr + 1) * sizeof(struct floe_value));
			if (!cols[i])
				goto out;
			for (r = 0; r < nr; r++)
				if (parse_value(&arena, json_array_get(json_array_get(rows, r), i), fields[i].type.id,
						&fields[i].type, &cols[i][r]) < 0) {
					fprintf(stderr, "pqgen: bad value row %zu col %zu\n", r, i);
					goto out;
				}
		}
		if (floe_pq_writer_write_columns(w, (const struct floe_value *const *)cols, nr, &err) < 0) {
			fprintf(stderr, "pqgen: %s\n", err.msg);
			goto out;
		}
	} else {
		for (r = 0; r < json_array_size(rows); r++) {
			json_t *jr = json_array_get(rows, r);
			floe_arena_reset(&arena);
			for (i = 0; i < nf; i++)
				if (parse_value(&arena, json_array_get(jr, i), fields[i].type.id, &fields[i].type,
						&row[i]) < 0) {
					fprintf(stderr, "pqgen: bad value row %zu col %zu\n", r, i);
					goto out;
				}
			if (floe_pq_writer_write_row(w, row, &err) < 0) {
				fprintf(stderr, "pqgen: %s\n", err.msg);
				goto out;
			}
		}
	}
	if (floe_pq_writer_finish(w, &info, &err) < 0) {
		fprintf(stderr, "pqgen: %s\n", err.msg);
		goto out;
	}
	sink_open = false;
	if (fs.base.finish(&fs.base, &err) < 0) {
		fprintf(stderr, "pqgen: %s\n", err.msg);
		goto out;
	}
	print_info(&info);
	rc = 0;
out:
	if (sink_open)
		fs.base.abort(&fs.base);
	floe_pq_writer_free(w);
	floe_arena_release(&arena);
	free(kv);
	free(fields);
	free(row);
	free(cols);
	json_decref(spec);
	return rc;
}

/* ------------------------------------------------------------ bench */

/*
 * The benchmark table, row i (0-based), all integer arithmetic so DuckDB's SQL gives the
 * same values (see bench/parquet.sh):
 *   id       long       i
 *   qty      int        (i * 7919) % 100000
 *   price    decimal(12,2) unscaled (i * 104729) % 100000000, NULL when i % 10 == 0
 *   ts       timestamptz 1600000000000000 + i * 1000003
 *   status   string     one of 8 words: 'status_' || ((i * 31) % 8)
 *   note     string     'note-' || ((i * 2654435761) % 4294967296) (unique, no repeats)
 *   uid      uuid       16 bytes: hi = i * 0x9E3779B97F4A7C15, lo = i (big-endian), formatted by DuckDB
 *   score    double     ((i * 37) % 1000) / 8.0, NULL when i % 7 == 3
 */
static const char *const status_words[8] = {"status_0", "status_1", "status_2", "status_3",
					     "status_4", "status_5", "status_6", "status_7"};

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

static void bench_row(uint64_t i, struct floe_value *v, char *note, uint8_t *uid)
{
	uint64_t hi = i * 0x9E3779B97F4A7C15ull;
	int k;

	memset(v, 0, 8 * sizeof(*v));
	v[0].u.i64 = (int64_t)i;
	v[1].u.i32 = (int32_t)((i * 7919) % 100000);
	v[2].is_null = i % 10 == 0;
	v[2].u.dec = (floe_i128)((i * 104729) % 100000000);
	v[3].u.i64 = (int64_t)(1600000000000000ull + i * 1000003ull);
	v[4].u.bytes.p = (const uint8_t *)status_words[(i * 31) % 8];
	v[4].u.bytes.len = 8;
	v[5].u.bytes.len = (uint32_t)snprintf(note, 32, "note-%" PRIu64, (uint64_t)((i * 2654435761ull) % 4294967296ull));
	v[5].u.bytes.p = (const uint8_t *)note;
	for (k = 0; k < 8; k++) {
		uid[k] = (uint8_t)(hi >> (56 - 8 * k));
		uid[8 + k] = (uint8_t)(i >> (56 - 8 * k));
	}
	v[6].u.bytes.p = uid;
	v[6].u.bytes.len = 16;
	v[7].is_null = i % 7 == 3;
	v[7].u.f64 = (double)((i * 37) % 1000) / 8.0;
}

static int run_bench(int argc, char **argv)
{
	static const struct floe_field fields[8] = {
		{1, "id", true, {.id = FLOE_T_LONG}},
		{2, "qty", true, {.id = FLOE_T_INT}},
		{3, "price", false, {.id = FLOE_T_DECIMAL, .precision = 12, .scale = 2}},
		{4, "ts", true, {.id = FLOE_T_TIMESTAMPTZ}},
		{5, "status", true, {.id = FLOE_T_STRING}},
		{6, "note", true, {.id = FLOE_T_STRING}},
		{7, "uid", true, {.id = FLOE_T_UUID}},
		{8, "score", false, {.id = FLOE_T_DOUBLE}},
	};
	uint64_t rows = strtoull(argv[2], NULL, 10), i;
	const char *out = argv[3], *csv = NULL;
	bool gen_only = false;
	struct floe_pq_options opt;
	struct floe_pq_writer *w = NULL;
	struct floe_pq_file_info info;
	struct floe_value row[8];
	struct file_sink fs;
	struct floe_err err;
	struct timespec t0, t1;
	char note[32];
	uint8_t uid[16];
	double c0, c1, wall;
	int a;

	floe_pq_options_default(&opt);
	for (a = 4; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--codec")) {
			if (floe_codec_parse(argv[a + 1], &opt.codec, &err) < 0) {
				fprintf(stderr, "pqgen: %s\n", err.msg);
				return 1;
			}
		} else if (!strcmp(argv[a], "--level")) {
			opt.level = atoi(argv[a + 1]);
		} else if (!strcmp(argv[a], "--csv")) {
			csv = argv[a + 1];
		} else if (!strcmp(argv[a], "--page-rows")) {
			opt.page_rows = (uint32_t)atoi(argv[a + 1]);
		} else if (!strcmp(argv[a], "--gen-only")) {
			gen_only = !strcmp(argv[a + 1], "1");
		}
	}
	if (csv) {
		/* the same rows as CSV, so a reader can check values; slow, for small ROWS */
		FILE *f = fopen(csv, "w");
		if (!f)
			return 1;
		for (i = 0; i < rows; i++) {
			struct floe_buf b = FLOE_BUF_INIT;
			int c;
			bench_row(i, row, note, uid);
			for (c = 0; c < 8; c++) {
				if (c)
					floe_buf_putc(&b, '|');
				if (!row[c].is_null)
					floe_value_to_json(&b, &fields[c].type, &row[c]);
			}
			fprintf(f, "%s\n", floe_buf_cstr(&b));
			floe_buf_release(&b);
		}
		fclose(f);
	}
	if (gen_only) {
		/* the cost of generating the rows alone, to subtract from the write numbers */
		uint64_t sink = 0;
		c0 = cpu_seconds();
		for (i = 0; i < rows; i++) {
			bench_row(i, row, note, uid);
			sink += row[5].u.bytes.len + uid[3];
		}
		c1 = cpu_seconds();
		printf("{\"rows\":%" PRIu64 ",\"gen_cpu_s\":%.3f,\"check\":%" PRIu64 "}\n", rows, c1 - c0, sink);
		return 0;
	}
	if (fs_open(&fs, out) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	c0 = cpu_seconds();
	if (floe_pq_writer_new(&w, fields, 8, &opt, &fs.base, &err) < 0)
		goto fail;
	for (i = 0; i < rows; i++) {
		bench_row(i, row, note, uid);
		if (floe_pq_writer_write_row(w, row, &err) < 0)
			goto fail;
	}
	if (floe_pq_writer_finish(w, &info, &err) < 0)
		goto fail;
	if (fs.base.finish(&fs.base, &err) < 0)
		goto fail_closed;
	c1 = cpu_seconds();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("{\"rows\":%" PRIu64 ",\"cpu_s\":%.3f,\"wall_s\":%.3f,\"bytes\":%" PRId64 ",\"row_groups\":%zu}\n", rows,
	       c1 - c0, wall, info.file_size, info.n_split_offsets);
	floe_pq_writer_free(w);
	return 0;
fail:
	fs.base.abort(&fs.base);
fail_closed:
	fprintf(stderr, "pqgen: %s\n", err.msg);
	floe_pq_writer_free(w);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "--bench"))
		return run_bench(argc, argv);
	if (argc != 3) {
		fprintf(stderr, "usage: pqgen SPEC.json OUT.parquet | pqgen --bench ROWS OUT.parquet [--codec C] [--level N] [--csv F]\n");
		return 2;
	}
	return run_spec(argv[1], argv[2]);
}
