/*
 * test_iceberg_storage.c — the local storage backend: streaming put with
 * atomic visibility, abort leaving nothing, get / range get / stat / list /
 * delete, URI forms, and errors that name the path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "storage/storage.h"

struct listing {
	char names[16][512];
	uint64_t sizes[16];
	int n;
};

static int list_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	struct listing *l = arg;

	(void)err;
	if (l->n < 16) {
		snprintf(l->names[l->n], sizeof(l->names[0]), "%s", uri);
		l->sizes[l->n++] = size;
	}
	return 0;
}

static void test_local(void **state)
{
	char dir[] = "/tmp/floe-storage-XXXXXX", uri[600], cmd[700];
	struct floe_storage *st;
	struct floe_sink *s;
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_err err;
	struct listing l;
	bool ex;
	uint64_t size;
	char *norm;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(floe_storage_open(dir, &st, &err), 0);

	/* a streamed put is invisible until finish, then whole */
	snprintf(uri, sizeof(uri), "file://%s/a/b/c.bin", dir);
	assert_int_equal(floe_storage_put(st, uri, &s, &err), 0);
	for (i = 0; i < 100000; i++)
		assert_int_equal(floe_sink_write(s, "0123456789", 10, &err), 0);
	assert_int_equal(s->written, 1000000);
	assert_int_equal(floe_storage_stat(st, uri, &ex, &size, &err), 0);
	assert_false(ex);
	assert_int_equal(s->finish(s, &err), 0);
	assert_int_equal(floe_storage_stat(st, uri, &ex, &size, &err), 0);
	assert_true(ex);
	assert_int_equal(size, 1000000);
	assert_int_equal(floe_storage_get_range(st, uri, 999995, 5, &b, &err), 0);
	assert_memory_equal(b.data, "56789", 5);
	floe_buf_reset(&b);
	assert_int_equal(floe_storage_get_range(st, uri, 999995, 6, &b, &err), -1);
	assert_non_null(strstr(err.msg, "c.bin"));
	floe_buf_reset(&b);
	assert_int_equal(floe_storage_get(st, uri + 7, &b, &err), 0); /* plain path form */
	assert_int_equal(b.len, 1000000);

	/* abort leaves nothing behind, not even the temporary file */
	snprintf(uri, sizeof(uri), "file://%s/a/b/d.bin", dir);
	assert_int_equal(floe_storage_put(st, uri, &s, &err), 0);
	assert_int_equal(floe_sink_write(s, "x", 1, &err), 0);
	s->abort(s);
	memset(&l, 0, sizeof(l));
	snprintf(uri, sizeof(uri), "file://%s", dir);
	assert_int_equal(floe_storage_list(st, uri, list_cb, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.names[0], "/a/b/c.bin"));
	assert_int_equal(l.sizes[0], 1000000);

	/* put_bytes, overwrite, delete (twice is fine) */
	snprintf(uri, sizeof(uri), "file:%s/e.txt", dir);
	assert_int_equal(floe_storage_put_bytes(st, uri, "hello", 5, &err), 0);
	assert_int_equal(floe_storage_put_bytes(st, uri, "bye", 3, &err), 0);
	floe_buf_reset(&b);
	assert_int_equal(floe_storage_get(st, uri, &b, &err), 0);
	assert_int_equal(b.len, 3);
	assert_int_equal(floe_storage_delete(st, uri, &err), 0);
	assert_int_equal(floe_storage_delete(st, uri, &err), 0);
	floe_buf_reset(&b);
	assert_int_equal(floe_storage_get(st, uri, &b, &err), -1);
	assert_int_equal(err.code, FLOE_STORAGE_ENOENT);
	assert_non_null(strstr(err.msg, "e.txt"));

	/* a path under a regular file: the error names it */
	snprintf(uri, sizeof(uri), "file://%s/a/b/c.bin/under/x", dir);
	assert_int_equal(floe_storage_put_bytes(st, uri, "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "c.bin"));
	/* relative paths and other schemes are refused */
	assert_int_equal(floe_storage_put_bytes(st, "relative/x", "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "'relative/x'"));
	{
		struct floe_storage *other;
		assert_int_equal(floe_storage_open("s3://bucket/wh", &other, &err), -1);
	}
	assert_non_null(strstr(err.msg, "s3://bucket/wh"));

	/* a whole-object get above the cap is refused before reading (a sparse file) */
	{
		char path[560];
		FILE *f;
		snprintf(path, sizeof(path), "%s/huge.json", dir);
		snprintf(uri, sizeof(uri), "file://%s", path);
		assert_non_null(f = fopen(path, "w"));
		assert_int_equal(fseeko(f, (off_t)FLOE_STORAGE_GET_MAX, SEEK_SET), 0);
		assert_int_equal(fputc('x', f), 'x');
		assert_int_equal(fclose(f), 0);
		floe_buf_reset(&b);
		assert_int_equal(floe_storage_get(st, uri, &b, &err), -1);
		assert_int_equal(err.code, FLOE_STORAGE_ETOOBIG);
		assert_non_null(strstr(err.msg, "huge.json"));
		assert_int_equal(b.len, 0);
		/* a range of it is fine */
		assert_int_equal(floe_storage_get_range(st, uri, FLOE_STORAGE_GET_MAX, 1, &b, &err), 0);
		assert_int_equal(b.len, 1);
		assert_int_equal(b.data[0], 'x');
	}

	/* normalization */
	assert_int_equal(floe_storage_normalize("/wh/x/", &norm, &err), 0);
	assert_string_equal(norm, "file:///wh/x");
	free(norm);
	assert_int_equal(floe_storage_normalize("file:///wh", &norm, &err), 0);
	assert_string_equal(norm, "file:///wh");
	free(norm);
	assert_int_equal(floe_storage_normalize("wh", &norm, &err), -1);

	floe_buf_release(&b);
	floe_storage_free(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
