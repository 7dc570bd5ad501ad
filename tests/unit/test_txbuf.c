/*
 * test_txbuf.c — per-xid transaction buffers: order, interleaving, spill past
 * the memory limit, subtransaction aborts (in memory and on disk), whole
 * aborts, and that spill files never outlive their transaction.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pg/txbuf.h"

static char spill_dir[256];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(spill_dir, sizeof(spill_dir), "/tmp/floe-test-txbuf-XXXXXX");
	return mkdtemp(spill_dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	return rmdir(spill_dir);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int open_fds(void)
{
	return count_entries("/proc/self/fd");
}

/* Record i of transaction xid: "xid:i" padded to a size that varies with i. */
static size_t make_rec(char *out, size_t cap, uint32_t xid, uint32_t i)
{
	int n = snprintf(out, cap, "%u:%u:", xid, i);
	size_t len = (size_t)n + (i * 7u) % 300u;

	for (size_t k = (size_t)n; k < len; k++)
		out[k] = (char)('a' + (k + i) % 26);
	return len;
}

/* Checks that xid replays exactly the records in want[0..n) (record numbers) in order. */
static void expect_records(struct floe_txbuf *tb, uint32_t xid, const uint32_t *want, size_t n)
{
	struct floe_txbuf_iter it;
	struct floe_txbuf_rec rec;
	struct floe_err err = { 0 };
	char exp[512];
	size_t k = 0;
	int r;

	if (floe_txbuf_iter_open(tb, xid, &it, &err) != 0)
		fail_msg("%s", err.msg);
	while ((r = floe_txbuf_iter_next(&it, &rec, &err)) == 1) {
		assert_true(k < n);
		size_t len = make_rec(exp, sizeof(exp), xid, want[k]);
		assert_int_equal(rec.len, len);
		assert_memory_equal(rec.p, exp, len);
		assert_int_equal(rec.lsn, 1000u + want[k]);
		k++;
	}
	assert_int_equal(r, 0);
	assert_int_equal(k, n);
	assert_int_equal(floe_txbuf_count(tb, xid), n);
	floe_txbuf_iter_release(&it);
}

static void append(struct floe_txbuf *tb, uint32_t xid, uint32_t subxid, uint32_t i)
{
	struct floe_err err = { 0 };
	char rec[512];
	size_t len = make_rec(rec, sizeof(rec), xid, i);

	assert_int_equal(floe_txbuf_append(tb, xid, subxid, 1000u + i, rec, len, &err), 0);
}

static void test_in_memory_order_and_interleaving(void **state)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	uint32_t w[100];

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 1 << 20, spill_dir, &err), 0);
	for (uint32_t i = 0; i < 100; i++) {
		append(&tb, 7, 7, i);
		append(&tb, 9, 9, i);
		w[i] = i;
	}
	assert_false(floe_txbuf_is_spilled(&tb, 7));
	expect_records(&tb, 9, w, 100);
	expect_records(&tb, 7, w, 100);
	floe_txbuf_discard(&tb, 9);
	assert_false(floe_txbuf_has(&tb, 9));
	assert_true(floe_txbuf_has(&tb, 7));
	expect_records(&tb, 7, w, 100);
	assert_int_equal(tb.spills, 0);
	floe_txbuf_release(&tb);
}

static void test_spill_past_limit(void **state)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	static uint32_t w[20001];
	int fds0 = open_fds();

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 64 * 1024, spill_dir, &err), 0);
	for (uint32_t i = 0; i < 20000; i++) {
		append(&tb, 42, 42, i);
		w[i] = i;
		/* memory stays near the limit plus one write chunk */
		assert_true(tb.mem <= 64 * 1024 + 2 * 64 * 1024 + 1024);
	}
	assert_true(floe_txbuf_is_spilled(&tb, 42));
	assert_true(tb.spilled_bytes > 1000000);
	/* the file is unlinked: nothing visible in the spill directory, one more fd open */
	assert_int_equal(count_entries(spill_dir), 0);
	assert_int_equal(open_fds(), fds0 + 1);
	expect_records(&tb, 42, w, 20000);
	/* appending after a replay keeps the order */
	append(&tb, 42, 42, 20000);
	w[20000] = 20000;
	expect_records(&tb, 42, w, 20001);
	floe_txbuf_discard(&tb, 42);
	assert_int_equal(open_fds(), fds0);
	floe_txbuf_release(&tb);
}

static void test_largest_spills_first(void **state)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	uint32_t w[3000];

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 256 * 1024, spill_dir, &err), 0);
	for (uint32_t i = 0; i < 10; i++)
		append(&tb, 1, 1, i);
	for (uint32_t i = 0; i < 3000; i++) {
		append(&tb, 2, 2, i);
		w[i] = i;
	}
	assert_false(floe_txbuf_is_spilled(&tb, 1));
	assert_true(floe_txbuf_is_spilled(&tb, 2));
	expect_records(&tb, 2, w, 3000);
	expect_records(&tb, 1, w, 10);
	floe_txbuf_release(&tb);
}

/* Subtransaction aborts drop records from the subxact's first record on, in
 * memory or in a spill file, and later appends continue after the cut. */
static void subxact_case(size_t limit, bool expect_spill)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	static uint32_t w[10000];
	size_t n = 0;
	uint32_t i = 0;

	assert_int_equal(floe_txbuf_init(&tb, limit, spill_dir, &err), 0);
	for (; i < 2000; i++) {
		append(&tb, 100, 100, i);
		w[n++] = i;
	}
	for (; i < 4000; i++)
		append(&tb, 100, 101, i);         /* subxact 101: rolled back */
	assert_int_equal(floe_txbuf_abort(&tb, 100, 101, &err), 0);
	for (; i < 5000; i++) {
		append(&tb, 100, 102, i);         /* subxact 102: released, stays */
		w[n++] = i;
	}
	for (; i < 6000; i++) {
		append(&tb, 100, 100, i);         /* back in the top level */
		w[n++] = i;
	}
	for (; i < 6500; i++)
		append(&tb, 100, 103, i);         /* 103 and its child 104 roll back */
	for (; i < 7000; i++)
		append(&tb, 100, 104, i);
	assert_int_equal(floe_txbuf_abort(&tb, 100, 103, &err), 0);
	assert_int_equal(floe_txbuf_abort(&tb, 100, 999, &err), 0); /* unknown: no-op */
	assert_int_equal(floe_txbuf_abort(&tb, 555, 556, &err), 0); /* unknown xid: no-op */
	for (; i < 7100; i++) {
		append(&tb, 100, 100, i);
		w[n++] = i;
	}
	assert_int_equal(floe_txbuf_is_spilled(&tb, 100), expect_spill);
	expect_records(&tb, 100, w, n);
	/* a top-level abort drops everything */
	assert_int_equal(floe_txbuf_abort(&tb, 100, 100, &err), 0);
	assert_false(floe_txbuf_has(&tb, 100));
	assert_int_equal(tb.mem, 0);
	floe_txbuf_release(&tb);
}

static void test_subxact_abort_in_memory(void **state)
{
	(void)state;
	subxact_case(64 << 20, false);
}

static void test_subxact_abort_spilled(void **state)
{
	(void)state;
	subxact_case(16 * 1024, true);
}

static void test_release_closes_files(void **state)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	int fds0 = open_fds();

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 4096, spill_dir, &err), 0);
	for (uint32_t x = 1; x <= 3; x++)
		for (uint32_t i = 0; i < 500; i++)
			append(&tb, x, x, i);
	assert_true(open_fds() >= fds0 + 2);
	floe_txbuf_release(&tb);
	assert_int_equal(open_fds(), fds0);
	assert_int_equal(count_entries(spill_dir), 0);
}

static void test_bad_spill_dir(void **state)
{
	struct floe_txbuf tb;
	struct floe_err err = { 0 };
	char rec[64] = { 0 };
	int rc = 0;

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 100, "/nonexistent/floe-spill", &err), 0);
	for (int i = 0; i < 10 && rc == 0; i++)
		rc = floe_txbuf_append(&tb, 1, 1, 0, rec, sizeof(rec), &err);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "'/nonexistent/floe-spill'"));
	assert_non_null(strstr(err.msg, "sink.spill_dir"));
	floe_txbuf_release(&tb);
}

static void test_empty_and_unknown(void **state)
{
	struct floe_txbuf tb;
	struct floe_txbuf_iter it;
	struct floe_txbuf_rec rec;
	struct floe_err err = { 0 };

	(void)state;
	assert_int_equal(floe_txbuf_init(&tb, 1024, NULL, &err), 0);
	assert_int_equal(floe_txbuf_iter_open(&tb, 5, &it, &err), -1);
	floe_txbuf_iter_release(&it);
	assert_int_equal(floe_txbuf_append(&tb, 5, 5, 1, "", 0, &err), 0);
	assert_int_equal(floe_txbuf_iter_open(&tb, 5, &it, &err), 0);
	assert_int_equal(floe_txbuf_iter_next(&it, &rec, &err), 1);
	assert_int_equal(rec.len, 0);
	assert_int_equal(floe_txbuf_iter_next(&it, &rec, &err), 0);
	floe_txbuf_iter_release(&it);
	floe_txbuf_discard(&tb, 77);
	floe_txbuf_clear(&tb);
	assert_false(floe_txbuf_has(&tb, 5));
	floe_txbuf_release(&tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory_order_and_interleaving),
		cmocka_unit_test(test_spill_past_limit),
		cmocka_unit_test(test_largest_spills_first),
		cmocka_unit_test(test_subxact_abort_in_memory),
		cmocka_unit_test(test_subxact_abort_spilled),
		cmocka_unit_test(test_release_closes_files),
		cmocka_unit_test(test_bad_spill_dir),
		cmocka_unit_test(test_empty_and_unknown),
	};
	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
