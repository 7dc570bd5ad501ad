/*
 * snapshot.c — exported-snapshot copy with parallel ctid ranges, Parquet
 * encoding on worker threads, per-table commits and progress (see snapshot.h).
 */
#include "sink/snapshot.h"

#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/crash.h"
#include "core/log.h"
#include "core/lsn.h"
#include "core/timeutil.h"
#include "iceberg/datawriter.h"
#include "iceberg/taskwriter.h"
#include "pg/conn.h"
#include "pg/copybin.h"
#include "pg/copyrun.h"
#include "pg/repl.h"

#define MIN_RANGE_PAGES 1024          /* 8 MiB of heap: smaller tables are one COPY */
#define PROGRESS_ROWS 4096

struct snap;

struct task {
	struct tbl *tbl;
	char *query;
	struct floe_arena arena;     /* its data_file records */
	struct floe_data_file *files;
	size_t nfiles, capfiles;
	bool done;
};

struct tbl {
	struct floe_target *t;
	struct floe_pgtype *types;   /* ncols */
	enum floe_pg_format *formats;
	size_t ntasks, remaining;
	_Atomic uint64_t rows;
	_Atomic uint64_t nulled;     /* values a types.* 'null' policy stored as NULL */
	int64_t started_us;
	int64_t finished_us;
	bool ready;                  /* every task finished: commit it */
	bool committed;
	bool keep_files;             /* its commit's outcome is unknown: the files may be live */
};

struct snap {
	const struct floe_config *cfg;
	struct floe_targets *ts;
	const struct floe_snapshot_opts *opts;
	char snapshot_name[128];
	uint64_t watermark;          /* C - 1 */
	struct tbl *tbls;
	size_t ntbls;
	struct task *tasks;
	size_t ntasks, next_task;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_bool failed;
	struct floe_err err;         /* first worker error (under mu) */
	int running;                 /* workers alive */
	int progress_lines;          /* lines drawn last time (tty) */
	int progress_max;            /* most lines ever drawn */
	int64_t last_log_us;
};

static bool stop_wanted(struct snap *s)
{
	return atomic_load(&s->failed) || (s->opts->stop && *s->opts->stop);
}

static void set_failed(struct snap *s, const struct floe_err *e)
{
	pthread_mutex_lock(&s->mu);
	if (!atomic_load(&s->failed)) {
		s->err = *e;
		atomic_store(&s->failed, true);
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* ---------- one range ---------- */

struct task_run {
	struct snap *s;
	struct task *tk;
	struct floe_taskwriter *w;
	uint64_t pending;
};

/* One COPY row: write it (the LSN is the snapshot's watermark, no commit time). */
static int task_row(void *arg, struct floe_value *vals, struct floe_err *err)
{
	struct task_run *tr = arg;
	struct snap *s = tr->s;
	struct tbl *tb = tr->tk->tbl;
	struct floe_target *t = tb->t;

	if (!tr->w) {
		struct floe_taskwriter_opts o;
		memset(&o, 0, sizeof(o));
		o.st = s->ts->st;
		o.md = &t->table->md;
		o.schema = floe_target_schema(t);
		o.pq = &s->ts->pq;
		o.content = FLOE_CONTENT_DATA;
		o.lsn_idx = t->lsn_idx;
		o.ts_idx = t->ts_idx;
		o.records = &tr->tk->arena;
		if (floe_taskwriter_new(&tr->w, &o, err) < 0)
			return -1;
	}
	if (floe_taskwriter_write(tr->w, vals, s->watermark, INT64_MIN, err) < 0)
		return -1;
	if (++tr->pending == PROGRESS_ROWS) {
		atomic_fetch_add(&tb->rows, tr->pending);
		tr->pending = 0;
		floe_crash_point("during-snapshot");
		if (stop_wanted(s))
			return floe_err_setc(err, FLOE_ESTOPPED, "stopped");
	}
	return 0;
}

static int run_task(struct snap *s, struct floe_conn *c, struct task *tk, struct floe_err *err)
{
	struct tbl *tb = tk->tbl;
	struct floe_target *t = tb->t;
	const struct floe_schema *schema = floe_target_schema(t);
	struct floe_pg_copybin cb;
	struct floe_pg_policy policy;
	struct task_run tr;
	struct floe_arena va;
	struct floe_value *vals = NULL;
	uint64_t nulled = 0;
	int rc = -1;

	memset(&cb, 0, sizeof(cb));
	memset(&tr, 0, sizeof(tr));
	tr.s = s;
	tr.tk = tk;
	floe_arena_init(&va, 0);
	floe_pg_policy_init(&policy, s->cfg, &nulled);
	if (floe_pg_copybin_init(&cb, t->src->ncols, tb->types, tb->formats, &policy, err) < 0)
		goto out;
	vals = calloc(schema->n_fields + 1, sizeof(*vals));
	if (!vals) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (floe_pg_copy_run(c, tk->query, &cb, vals, &va, task_row, &tr, err) < 0) {
		if (err->code != FLOE_ESTOPPED && cb.err_col >= 0 && cb.err_col < (int)t->src->ncols)
			floe_err_prefix(err, "column '%s': ", t->src->rel->cols[cb.err_col].name);
		goto out;
	}
	if (tr.w && floe_taskwriter_close(tr.w, &tk->files, &tk->nfiles, &tk->capfiles, err) < 0)
		goto out;
	atomic_fetch_add(&tb->rows, tr.pending);
	atomic_fetch_add(&tb->nulled, nulled);
	rc = 0;
out:
	if (rc != 0 && err->code != FLOE_ESTOPPED)
		floe_err_prefix(err, "copying '%s.%s': ", t->src->schema, t->src->name);
	free(vals);
	floe_taskwriter_free(tr.w); /* discards what was not handed over */
	floe_pg_copybin_release(&cb);
	floe_arena_release(&va);
	return rc;
}

/* ---------- workers ---------- */

static void *worker(void *arg)
{
	struct snap *s = arg;
	struct floe_conn c = { 0 };
	struct floe_err err = { 0 };
	struct floe_buf q = FLOE_BUF_INIT;
	bool ok = false;

	if (floe_conn_open(&c, s->cfg->source.dsn, FLOE_CONN_NORMAL, &err) != 0)
		goto out;
	floe_buf_puts(&q, "SET TRANSACTION SNAPSHOT ");
	if (floe_conn_exec(&c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL, &err) != 0 ||
	    floe_conn_append_literal(&c, &q, s->snapshot_name, &err) != 0 || floe_buf_check(&q, &err) != 0 ||
	    floe_conn_exec(&c, floe_buf_cstr(&q), NULL, &err) != 0) {
		floe_err_prefix(&err, "importing snapshot '%s': ", s->snapshot_name);
		goto out;
	}
	for (;;) {
		struct task *tk = NULL;
		pthread_mutex_lock(&s->mu);
		if (s->next_task < s->ntasks && !stop_wanted(s)) {
			tk = &s->tasks[s->next_task++];
			if (!tk->tbl->started_us)
				tk->tbl->started_us = floe_mono_us();
		}
		pthread_mutex_unlock(&s->mu);
		if (!tk)
			break;
		if (run_task(s, &c, tk, &err) != 0)
			goto out;
		pthread_mutex_lock(&s->mu);
		tk->done = true;
		if (--tk->tbl->remaining == 0) {
			tk->tbl->ready = true;
			tk->tbl->finished_us = floe_mono_us();
		}
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	ok = true;
out:
	if (!ok && err.code != FLOE_ESTOPPED)
		set_failed(s, &err);
	floe_buf_release(&q);
	floe_conn_close(&c);
	pthread_mutex_lock(&s->mu);
	s->running--;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* ---------- planning ---------- */

static int plan_table(struct snap *s, struct floe_conn *rc, struct tbl *tb, struct floe_err *err)
{
	const struct floe_src_table *src = tb->t->src;
	struct floe_buf sel = FLOE_BUF_INIT;
	int64_t pages = src->pages, nr = 1;
	int rc_ = -1;

	tb->types = calloc(src->ncols, sizeof(*tb->types));
	tb->formats = calloc(src->ncols, sizeof(*tb->formats));
	if (!tb->types || !tb->formats)
		return floe_err_set(err, "out of memory");
	floe_buf_puts(&sel, "COPY (SELECT ");
	for (uint16_t i = 0; i < src->ncols; i++) {
		tb->types[i] = src->rel->cols[i].map;
		tb->formats[i] = tb->types[i].binary ? FLOE_PG_FMT_BINARY : FLOE_PG_FMT_TEXT;
		if (i)
			floe_buf_puts(&sel, ", ");
		if (floe_conn_append_ident(rc, &sel, src->rel->cols[i].name, err) != 0)
			goto out;
		if (!tb->types[i].binary)
			floe_buf_puts(&sel, "::text");
	}
	/* a partitioned table (published via its root) holds no rows itself: read it whole,
	 * through its partitions, in one task (ctid ranges are per partition) */
	floe_buf_puts(&sel, src->partitioned ? " FROM " : " FROM ONLY ");
	if (floe_conn_append_ident(rc, &sel, src->schema, err) != 0)
		goto out;
	floe_buf_putc(&sel, '.');
	if (floe_conn_append_ident(rc, &sel, src->name, err) != 0 || floe_buf_check(&sel, err) != 0)
		goto out;
	if (pages >= 2 * MIN_RANGE_PAGES && !src->partitioned) {
		nr = pages / MIN_RANGE_PAGES;
		if (nr > (int64_t)s->opts->workers * 4)
			nr = (int64_t)s->opts->workers * 4;
		if (nr < 2)
			nr = 2;
	}
	tb->ntasks = tb->remaining = (size_t)nr;
	for (int64_t i = 0; i < nr; i++) {
		struct task *tk = &s->tasks[s->ntasks++];
		struct floe_buf q = FLOE_BUF_INIT;
		int64_t lo = pages * i / nr, hi = pages * (i + 1) / nr;
		tk->tbl = tb;
		floe_arena_init(&tk->arena, 0);
		floe_buf_append(&q, sel.data, sel.len);
		if (nr > 1) {
			floe_buf_printf(&q, " WHERE ctid >= '(%lld,0)'::tid", (long long)lo);
			if (i + 1 < nr)
				floe_buf_printf(&q, " AND ctid < '(%lld,0)'::tid", (long long)hi);
		}
		floe_buf_puts(&q, ") TO STDOUT (FORMAT binary)");
		if (floe_buf_check(&q, err) != 0) {
			floe_buf_release(&q);
			goto out;
		}
		tk->query = floe_buf_detach(&q, NULL);
		if (!tk->query) {
			floe_err_set(err, "out of memory");
			goto out;
		}
	}
	rc_ = 0;
out:
	floe_buf_release(&sel);
	return rc_;
}

/* ---------- progress ---------- */

static void fmt_count(char *out, size_t n, double v)
{
	if (v >= 1e9)
		snprintf(out, n, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(out, n, "%.2fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(out, n, "%.1fk", v / 1e3);
	else
		snprintf(out, n, "%.0f", v);
}

static void table_status(const struct tbl *tb, int64_t now, char *out, size_t n)
{
	uint64_t rows = atomic_load(&tb->rows);
	int64_t end = tb->ready || tb->committed ? tb->finished_us : now;

	if (!tb->started_us) {
		snprintf(out, n, "%s.%s: waiting", tb->t->src->schema, tb->t->src->name);
		return;
	}
	double secs = (double)(end - tb->started_us) / 1e6, rate = secs > 0 ? (double)rows / secs : 0;
	char r[32], t[32], rt[32], eta[32] = "";

	fmt_count(r, sizeof(r), (double)rows);
	fmt_count(rt, sizeof(rt), rate);
	if (tb->committed) {
		snprintf(out, n, "%s.%s: %s row%s in %.1fs (%s rows/s), committed", tb->t->src->schema, tb->t->src->name, r,
			 rows == 1 ? "" : "s", secs, rt);
		return;
	}
	if (tb->t->src->est_rows > 0) {
		fmt_count(t, sizeof(t), (double)tb->t->src->est_rows);
		if (rate > 0 && (double)tb->t->src->est_rows > (double)rows) {
			long left = (long)(((double)tb->t->src->est_rows - (double)rows) / rate);
			snprintf(eta, sizeof(eta), ", ETA %ld:%02ld", left / 60, left % 60);
		}
		snprintf(out, n, "%s.%s: %s / ~%s rows, %s rows/s%s", tb->t->src->schema, tb->t->src->name, r, t, rt, eta);
	} else {
		snprintf(out, n, "%s.%s: %s row%s, %s rows/s", tb->t->src->schema, tb->t->src->name, r, rows == 1 ? "" : "s",
			 rt);
	}
}

/* Cuts `line` to fit `cols` terminal columns (at a UTF-8 character boundary): a
 * wrapped line would take two rows and break the in-place redraw. */
static void fit_width(char *line, int cols)
{
	size_t n = strlen(line), max = cols > 8 ? (size_t)cols - 1 : 79;

	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)line[max] & 0xC0) == 0x80)
		max--;
	line[max] = 0;
}

static int term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static void progress_locked(struct snap *s, bool final, int64_t now, char *line, size_t linesz)
{
	if (s->opts->progress_tty) {
		/* a summary line, then the tables being copied (at most 8): redrawn in place */
		size_t done = 0, shown = 0;
		uint64_t rows = 0;
		char r[32];
		for (size_t i = 0; i < s->ntbls; i++) {
			done += s->tbls[i].committed;
			rows += atomic_load(&s->tbls[i].rows);
		}
		if (s->progress_lines)
			fprintf(stderr, "\033[%dA", s->progress_lines);
		int cols = term_cols();
		fmt_count(r, sizeof(r), (double)rows);
		snprintf(line, linesz, "snapshot: %zu of %zu table%s committed, %s row%s", done, s->ntbls,
			 s->ntbls == 1 ? "" : "s", r, rows == 1 ? "" : "s");
		fit_width(line, cols);
		fprintf(stderr, "\r\033[K%s\n", line);
		s->progress_lines = 1;
		for (size_t i = 0; i < s->ntbls && shown < 8; i++) {
			const struct tbl *tb = &s->tbls[i];
			if (!tb->started_us || (tb->committed && !final))
				continue;
			table_status(tb, now, line, linesz);
			fit_width(line, cols - 2);
			fprintf(stderr, "\r\033[K  %s\n", line);
			shown++;
		}
		/* clear lines left from a longer previous drawing */
		for (int k = (int)shown + 1; k < s->progress_max; k++)
			fprintf(stderr, "\r\033[K\n");
		if ((int)shown + 1 < s->progress_max) {
			fprintf(stderr, "\033[%dA", s->progress_max - (int)shown - 1);
		}
		s->progress_lines = (int)shown + 1;
		if (s->progress_lines > s->progress_max)
			s->progress_max = s->progress_lines;
		fflush(stderr);
		return;
	}
	if (!final && now - s->last_log_us < 10 * 1000000)
		return;
	s->last_log_us = now;
	for (size_t i = 0; i < s->ntbls; i++)
		if (!s->tbls[i].committed || final) {
			table_status(&s->tbls[i], now, line, linesz);
			floe_log_info("snapshot %s", line);
		}
}

static void progress(struct snap *s, bool final)
{
	int64_t now = floe_mono_us();
	char line[512];

	pthread_mutex_lock(&s->mu);
	progress_locked(s, final, now, line, sizeof(line));
	pthread_mutex_unlock(&s->mu);
}

/* ---------- driver ---------- */

static int commit_table(struct snap *s, struct tbl *tb, struct floe_err *err)
{
	size_t n = 0, k = 0;
	struct floe_data_file *files;
	int rc;

	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].tbl == tb)
			n += s->tasks[i].nfiles;
	files = calloc(n + 1, sizeof(*files));
	if (!files)
		return floe_err_set(err, "out of memory");
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].tbl == tb)
			for (size_t j = 0; j < s->tasks[i].nfiles; j++)
				files[k++] = s->tasks[i].files[j];
	rc = floe_target_commit_files(s->ts, tb->t, files, n, false, s->watermark, err);
	free(files);
	return rc;
}

static int create_slot(struct snap *s, struct floe_conn *rc, struct floe_snapshot_result *res, struct floe_err *err)
{
	char tmpname[64];
	const char *name = s->cfg->source.slot;
	int ret = -1;

	if (!s->opts->create_main_slot) {
		snprintf(tmpname, sizeof(tmpname), "floe_snapshot_%ld_%ld", (long)getpid(), (long)(floe_now_unix_us() % 1000000));
		name = tmpname;
	}
	if (floe_repl_create_slot(rc, name, !s->opts->create_main_slot, &res->consistent_point, s->snapshot_name,
				  sizeof(s->snapshot_name), err) < 0)
		goto out;
	s->watermark = res->consistent_point - 1;
	{
		char lsn[32];
		floe_log_info("%s replication slot '%s' at %s with snapshot %s",
			      s->opts->create_main_slot ? "created" : "temporary", name,
			      floe_lsn_fmt(res->consistent_point, lsn), s->snapshot_name);
	}
	ret = 0;
out:
	return ret;
}

int floe_snapshot_run(const struct floe_config *cfg, struct floe_targets *ts, struct floe_target **tables, size_t n,
		      const struct floe_snapshot_opts *opts, struct floe_snapshot_result *res, struct floe_err *err)
{
	struct snap s;
	struct floe_conn rc = { 0 };
	pthread_t *th = NULL;
	int nth = 0, ret = -1;
	size_t maxtasks = 0;

	memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	s.cfg = cfg;
	s.ts = ts;
	s.opts = opts;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	atomic_init(&s.failed, false);
	s.tbls = calloc(n + 1, sizeof(*s.tbls));
	maxtasks = n * (size_t)(opts->workers * 4 + 2) + 1;
	s.tasks = calloc(maxtasks, sizeof(*s.tasks));
	th = calloc((size_t)opts->workers + 1, sizeof(*th));
	if (!s.tbls || !s.tasks || !th) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (floe_conn_open(&rc, cfg->source.dsn, FLOE_CONN_REPLICATION, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		s.tbls[i].t = tables[i];
		atomic_init(&s.tbls[i].rows, 0);
		atomic_init(&s.tbls[i].nulled, 0);
		s.ntbls++;
		if (plan_table(&s, &rc, &s.tbls[i], err) != 0)
			goto out;
	}
	if (create_slot(&s, &rc, res, err) != 0)
		goto out;
	for (int i = 0; i < opts->workers && (size_t)i < s.ntasks; i++) {
		pthread_mutex_lock(&s.mu);
		s.running++;
		pthread_mutex_unlock(&s.mu);
		if (pthread_create(&th[i], NULL, worker, &s) != 0) {
			pthread_mutex_lock(&s.mu);
			s.running--;
			pthread_mutex_unlock(&s.mu);
			struct floe_err e;
			floe_err_set(&e, "cannot start a snapshot worker thread: %s", strerror(errno));
			set_failed(&s, &e);
			break;
		}
		nth++;
	}
	/* commit tables as they complete; draw progress */
	for (;;) {
		struct tbl *ready = NULL;
		bool more;
		pthread_mutex_lock(&s.mu);
		for (;;) {
			for (size_t i = 0; i < s.ntbls && !ready; i++)
				if (s.tbls[i].ready && !s.tbls[i].committed)
					ready = &s.tbls[i];
			if (ready || s.running == 0 || atomic_load(&s.failed))
				break;
			struct timespec ts_;
			clock_gettime(CLOCK_REALTIME, &ts_);
			ts_.tv_nsec += 250 * 1000000L;
			if (ts_.tv_nsec >= 1000000000L) {
				ts_.tv_sec++;
				ts_.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&s.cv, &s.mu, &ts_);
			pthread_mutex_unlock(&s.mu);
			progress(&s, false);
			pthread_mutex_lock(&s.mu);
		}
		more = s.running > 0;
		pthread_mutex_unlock(&s.mu);
		if (atomic_load(&s.failed))
			break;
		if (ready) {
			if (commit_table(&s, ready, err) != 0) {
				ready->keep_files = err->code == FLOE_CATALOG_EUNKNOWN;
				set_failed(&s, err);
				break;
			}
			ready->committed = true;
			res->rows += atomic_load(&ready->rows);
			uint64_t nz = atomic_load(&ready->nulled);
			if (nz)
				floe_log_info("snapshot %s.%s: %llu value%s stored as NULL by the types.* 'null' policy",
					      ready->t->src->schema, ready->t->src->name, (unsigned long long)nz,
					      nz == 1 ? "" : "s");
			res->nulled += nz;
			progress(&s, false);
			continue;
		}
		if (!more)
			break;
	}
	for (int i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	progress(&s, true);
	if (atomic_load(&s.failed)) {
		if (s.err.msg[0])
			*err = s.err;
		goto out;
	}
	for (size_t i = 0; i < s.ntbls; i++)
		if (!s.tbls[i].committed) {
			res->stopped = true;
			break;
		}
	ret = 0;
out:
	floe_conn_close(&rc); /* drops a temporary slot */
	/* a failed or stopped snapshot: the finished files of tables not committed are nobody's */
	for (size_t i = 0; i < s.ntasks; i++) {
		if (s.tasks[i].tbl->committed || s.tasks[i].tbl->keep_files)
			continue;
		floe_taskwriter_discard(ts->st, s.tasks[i].files, s.tasks[i].nfiles);
	}
	for (size_t i = 0; i < s.ntasks; i++) {
		free(s.tasks[i].query);
		free(s.tasks[i].files);
		floe_arena_release(&s.tasks[i].arena);
	}
	for (size_t i = 0; i < s.ntbls; i++) {
		free(s.tbls[i].types);
		free(s.tbls[i].formats);
	}
	free(s.tasks);
	free(s.tbls);
	free(th);
	pthread_mutex_destroy(&s.mu);
	pthread_cond_destroy(&s.cv);
	return ret;
}
