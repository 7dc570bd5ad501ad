/*
 * reader.c — opens Parquet files through a byte-range source (local file,
 * memory, or the caller's, e.g. S3 range GETs), validates the magic and the
 * footer, answers schema lookups, decodes statistics bounds, loads column
 * chunks (range-checked against the data section) and walks their page
 * headers. Values are read by cursor.c; Thrift by meta_read.c.
 */
#include "parquet/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parquet/compress.h"
#include "parquet/page_dec.h"
#include "parquet/reader_int.h"

/* ------------------------------------------------------------ names */

const char *floe_pq_type_name(int type)
{
	static const char *const n[] = { "BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
					  "FIXED_LEN_BYTE_ARRAY" };
	return type >= 0 && type <= 7 ? n[type] : "UNKNOWN";
}

const char *floe_pq_encoding_name(int enc)
{
	static const char *const n[] = { "PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
					  "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
					  "RLE_DICTIONARY", "BYTE_STREAM_SPLIT", "ALP" };
	return enc >= 0 && enc <= 10 ? n[enc] : "UNKNOWN";
}

const char *floe_pq_converted_name(int ct)
{
	static const char *const n[] = { "UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE",
					  "TIME_MILLIS", "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS",
					  "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32",
					  "INT_64", "JSON", "BSON", "INTERVAL" };
	return ct >= 0 && ct <= 21 ? n[ct] : "UNKNOWN";
}

const char *floe_pq_page_type_name(int type)
{
	static const char *const n[] = { "DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE", "DATA_PAGE_V2" };
	return type >= 0 && type <= 3 ? n[type] : "UNKNOWN";
}

const char *floe_pq_repetition_name(int rep)
{
	static const char *const n[] = { "REQUIRED", "OPTIONAL", "REPEATED" };
	return rep >= 0 && rep <= 2 ? n[rep] : "UNSET";
}

/* ------------------------------------------------------------ sources */

struct file_src {
	int fd;
};

static int file_read(void *ctx, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	struct file_src *f = ctx;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(f->fd, (uint8_t *)dst + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return floe_err_set(err, "read at offset %llu failed: %s", (unsigned long long)(off + done),
					    strerror(errno));
		if (n == 0)
			return floe_err_set(err, "read at offset %llu: file ended (was it truncated while reading?)",
					    (unsigned long long)(off + done));
		done += (size_t)n;
	}
	return 0;
}

static void file_close(void *ctx)
{
	struct file_src *f = ctx;

	close(f->fd);
	free(f);
}

struct mem_src {
	const uint8_t *p;
};

static int mem_read(void *ctx, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	struct mem_src *m = ctx;

	(void)err;
	if (len)
		memcpy(dst, m->p + off, len);
	return 0;
}

static void mem_close(void *ctx)
{
	free(ctx);
}

/* ------------------------------------------------------------ open */

static int src_read(struct floe_pq_reader *r, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	if (off > r->src.size || len > r->src.size - off)
		return floe_err_set(err, "read of %zu bytes at offset %llu is past the end of the file (%llu bytes)",
				    len, (unsigned long long)off, (unsigned long long)r->src.size);
	return r->src.read(r->src.ctx, off, dst, len, err);
}

static int open_footer(struct floe_pq_reader *r, struct floe_err *err)
{
	uint8_t tail[8], head[4];
	uint64_t size = r->src.size;
	uint32_t flen;

	if (size < 12)
		return floe_err_set(err, "file of %llu bytes is too small to be parquet (at least 12)",
				    (unsigned long long)size);
	if (src_read(r, 0, head, 4, err) != 0 || src_read(r, size - 8, tail, 8, err) != 0)
		return -1;
	if (memcmp(tail + 4, "PARE", 4) == 0)
		return floe_err_set(err, "the footer is encrypted (magic 'PARE'); encrypted parquet is not supported");
	if (memcmp(head, "PAR1", 4) != 0)
		return floe_err_set(err, "not a parquet file: magic 'PAR1' missing at offset 0");
	if (memcmp(tail + 4, "PAR1", 4) != 0)
		return floe_err_set(err, "magic 'PAR1' missing at the end (offset %llu): the file is truncated or "
				    "was not finished", (unsigned long long)(size - 4));
	flen = floe_load_u32le(tail);
	if ((uint64_t)flen > size - 12)
		return floe_err_set(err, "footer at offset %llu: length '%u' exceeds the file size %llu (truncated "
				    "file?)", (unsigned long long)(size - 8), flen, (unsigned long long)size);
	r->data_end = size - 8 - flen;
	r->meta.file_size = size;
	r->meta.footer_len = flen;
	r->footer = malloc(flen ? flen : 1);
	if (!r->footer)
		return floe_err_set(err, "out of memory for a footer of %u bytes", flen);
	if (src_read(r, r->data_end, r->footer, flen, err) != 0)
		return -1;
	if (floe_pq_parse_footer(r->footer, flen, &r->meta, &r->arena, err) != 0)
		return floe_err_prefix(err, "footer at offset %llu: ", (unsigned long long)r->data_end);
	return 0;
}

int floe_pq_open(struct floe_pq_reader **out, const char *name, const struct floe_pq_source *src,
		 struct floe_err *err)
{
	struct floe_pq_reader *r;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		if (src->close)
			src->close(src->ctx);
		return floe_err_set(err, "out of memory opening parquet file '%s'", name);
	}
	r->src = *src;
	floe_arena_init(&r->arena, 16 * 1024);
	r->name = strdup(name ? name : "");
	if (!r->name) {
		floe_pq_close(r);
		return floe_err_set(err, "out of memory opening parquet file");
	}
	if (open_footer(r, err) != 0) {
		floe_err_prefix(err, "parquet file '%s': ", r->name);
		floe_pq_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int floe_pq_open_file(struct floe_pq_reader **out, const char *path, struct floe_err *err)
{
	struct floe_pq_source s;
	struct file_src *f;
	struct stat st;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return floe_err_set(err, "parquet file '%s': cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return floe_err_set(err, "parquet file '%s': not a regular file", path);
	}
	f = malloc(sizeof(*f));
	if (!f) {
		close(fd);
		return floe_err_set(err, "out of memory");
	}
	f->fd = fd;
	s.ctx = f;
	s.size = (uint64_t)st.st_size;
	s.read = file_read;
	s.close = file_close;
	return floe_pq_open(out, path, &s, err);
}

int floe_pq_open_mem(struct floe_pq_reader **out, const char *name, const void *p, size_t len,
		     struct floe_err *err)
{
	struct floe_pq_source s;
	struct mem_src *m = malloc(sizeof(*m));

	*out = NULL;
	if (!m)
		return floe_err_set(err, "out of memory");
	m->p = p;
	s.ctx = m;
	s.size = len;
	s.read = mem_read;
	s.close = mem_close;
	if (floe_pq_open(out, name, &s, err) != 0)
		return -1;
	(*out)->mem = p;
	return 0;
}

void floe_pq_close(struct floe_pq_reader *r)
{
	if (!r)
		return;
	if (r->src.close)
		r->src.close(r->src.ctx);
	floe_arena_release(&r->arena);
	free(r->footer);
	free(r->name);
	free(r);
}

const struct floe_pq_meta *floe_pq_meta(const struct floe_pq_reader *r)
{
	return &r->meta;
}

const char *floe_pq_name(const struct floe_pq_reader *r)
{
	return r->name;
}

int floe_pq_field_by_id(const struct floe_pq_reader *r, int field_id)
{
	size_t i;

	for (i = 0; i < r->meta.n_fields; i++)
		if (r->meta.fields[i].f.id == field_id && r->meta.nodes[r->meta.fields[i].node].has_field_id)
			return (int)i;
	return -1;
}

int floe_pq_field_by_name(const struct floe_pq_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->meta.n_fields; i++)
		if (strcmp(r->meta.fields[i].f.name, name) == 0)
			return (int)i;
	return -1;
}

void floe_pq_colinfo_of(const struct floe_pq_field *f, const struct floe_pq_column *c, struct floe_pq_colinfo *ci)
{
	ci->ptype = c->type;
	ci->type_length = c->type_length;
	ci->conv = f->conv;
	ci->out = f->f.type.id == FLOE_T_LIST ? f->f.type.elem_id : f->f.type.id;
}

int floe_pq_stat_value(const struct floe_pq_reader *r, size_t column, const uint8_t *p, uint32_t len,
		       struct floe_value *out, struct floe_arena *arena, struct floe_err *err)
{
	const struct floe_pq_column *c;
	const struct floe_pq_field *f;
	struct floe_pq_colinfo ci;

	if (column >= r->meta.n_columns)
		return floe_err_set(err, "no leaf column %zu", column);
	c = &r->meta.columns[column];
	f = &r->meta.fields[c->field];
	if (f->leaf != (int)column)
		return floe_err_set(err, "column '%s': %s", c->path, f->unsupported ? f->unsupported : "not readable");
	floe_pq_colinfo_of(f, c, &ci);
	if (floe_pq_plain_single(&ci, p, len, out, arena, err) != 0)
		return floe_err_prefix(err, "column '%s' statistics: ", c->path);
	return 0;
}

/* Reads (or, for memory files, borrows) a column chunk after checking its range. */
int floe_pq_load_chunk(struct floe_pq_reader *r, const struct floe_pq_chunk *ch, uint8_t **buf, const uint8_t **p,
		       uint64_t *off, size_t *len, struct floe_err *err)
{
	int64_t start = ch->data_page_offset, n = ch->total_compressed_size;

	if (ch->dictionary_page_offset > 0 && ch->dictionary_page_offset < start)
		start = ch->dictionary_page_offset;
	if (start < 4 || n < 0 || (uint64_t)start > r->data_end || (uint64_t)n > r->data_end - (uint64_t)start)
		return floe_err_set(err, "column chunk at offset %lld of %lld bytes lies outside the data section "
				    "[4, %llu) (truncated or corrupt file)", (long long)start, (long long)n,
				    (unsigned long long)r->data_end);
	*off = (uint64_t)start;
	*len = (size_t)n;
	if (r->mem) {
		*p = r->mem + start;
		return 0;
	}
	*buf = malloc(*len ? *len : 1);
	if (!*buf)
		return floe_err_set(err, "out of memory for a column chunk of %zu bytes", *len);
	if (src_read(r, *off, *buf, *len, err) != 0)
		return -1;
	*p = *buf;
	return 0;
}

int floe_pq_chunk_pages(struct floe_pq_reader *r, size_t row_group, size_t column,
			int (*cb)(void *ctx, const struct floe_pq_page_info *page), void *ctx, struct floe_err *err)
{
	const struct floe_pq_chunk *ch;
	const uint8_t *p = NULL;
	uint8_t *buf = NULL;
	uint64_t off = 0;
	size_t len = 0, pos = 0;
	int rc = -1;

	if (row_group >= r->meta.n_row_groups || column >= r->meta.n_columns)
		return floe_err_set(err, "parquet file '%s': no row group %zu / column %zu", r->name, row_group, column);
	ch = &r->meta.row_groups[row_group].chunks[column];
	if (floe_pq_load_chunk(r, ch, &buf, &p, &off, &len, err) != 0)
		goto out;
	while (pos < len) {
		struct floe_pq_page_header h;
		struct floe_pq_page_info pi;
		struct floe_rd rd;
		floe_rd_init(&rd, p + pos, len - pos);
		if (floe_pq_parse_page_header(&rd, &h, err) != 0) {
			floe_err_prefix(err, "page header at offset %llu: ", (unsigned long long)(off + pos));
			goto out;
		}
		memset(&pi, 0, sizeof(pi));
		pi.offset = off + pos;
		pi.type = h.type;
		pi.encoding = h.has_dict ? h.dict_encoding : (h.has_data || h.has_v2) ? h.encoding : -1;
		pi.num_values = h.has_dict ? h.dict_num_values : (h.has_data || h.has_v2) ? h.num_values : -1;
		pi.num_nulls = h.has_v2 ? h.num_nulls : -1;
		pi.num_rows = h.has_v2 ? h.num_rows : -1;
		pi.compressed_size = h.compressed_size;
		pi.uncompressed_size = h.uncompressed_size;
		pi.is_compressed = h.has_v2 ? h.is_compressed : ch->codec != FLOE_CODEC_UNCOMPRESSED;
		if ((size_t)h.compressed_size > len - pos - rd.pos) {
			floe_err_set(err, "page at offset %llu: body of %d bytes runs past the end of the column chunk: "
				     "truncated", (unsigned long long)(off + pos), h.compressed_size);
			goto out;
		}
		pos += rd.pos + (size_t)h.compressed_size;
		if (cb(ctx, &pi) != 0)
			break;
	}
	rc = 0;
out:
	free(buf);
	if (rc)
		floe_err_prefix(err, "parquet file '%s': row group %zu, column '%s': ", r->name, row_group,
				r->meta.columns[column].path);
	return rc;
}
