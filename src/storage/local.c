/*
 * local.c — the local-filesystem storage backend (and floe_storage_normalize,
 * which turns local paths into file:// URIs).
 *
 * Puts write to a hidden temporary name in the target directory (created on
 * demand), fsync it, rename it over the final name and fsync the directory, so
 * a reader sees either nothing or the whole file. URIs are file:///abs/path
 * (file:/abs/path is accepted) or absolute paths. No object-store semantics
 * beyond that; S3 lives elsewhere.
 */
#include "storage/storage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/timeutil.h"

#define LOCAL_WBUF (256 * 1024)

struct local_sink {
	struct floe_sink base;
	int fd;
	char *path;
	char *tmp;
	uint8_t *wbuf;
	size_t wlen;
	bool failed;
};

static int uri_path(const char *uri, const char **path, struct floe_err *err)
{
	if (!strncmp(uri, "file://", 7)) {
		*path = uri + 7;
		if (**path != '/')
			return floe_err_set(err, "'%s': only file:/// URIs with an absolute path are supported", uri);
		return 0;
	}
	if (!strncmp(uri, "file:/", 6)) {
		*path = uri + 5;
		return 0;
	}
	if (uri[0] == '/') {
		*path = uri;
		return 0;
	}
	return floe_err_set(err, "'%s': not a local path; use an absolute path or a file:/// URI", uri);
}

int floe_storage_normalize(const char *location, char **out, struct floe_err *err)
{
	const char *path = NULL;
	size_t n;
	char *s;

	*out = NULL;
	if (!location || !*location)
		return floe_err_set(err, "empty storage location; set warehouse.location to an absolute path");
	if (strstr(location, "://") && strncmp(location, "file://", 7) != 0) {
		/* another scheme: keep as is (other backends validate) */
		path = location;
		n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		s = strndup(path, n);
		if (!s)
			return floe_err_set(err, "out of memory");
		*out = s;
		return 0;
	}
	if (uri_path(location, &path, err) < 0)
		return -1;
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	s = malloc(n + 8);
	if (!s)
		return floe_err_set(err, "out of memory");
	memcpy(s, "file://", 7);
	memcpy(s + 7, path, n);
	s[n + 7] = '\0';
	*out = s;
	return 0;
}

static int mkdirs(char *dir, struct floe_err *err)
{
	char *p;
	struct stat sb;

	if (stat(dir, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			return floe_err_set(err, "'%s' is not a directory", dir);
		return 0;
	}
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			int e = errno;
			floe_err_setc(err, e, "create directory '%s': %s", dir, strerror(e));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return floe_err_setc(err, errno, "create directory '%s': %s", dir, strerror(errno));
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return floe_err_set(err, "'%s' is not a directory", dir);
	return 0;
}

static int fsync_dir(const char *path, struct floe_err *err)
{
	char *dir = strdup(path);
	char *slash;
	int fd, rc = -1;

	if (!dir)
		return floe_err_set(err, "out of memory");
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		floe_err_setc(err, errno, "open directory '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (fsync(fd) < 0 && errno != EINVAL) {
		floe_err_setc(err, errno, "fsync directory '%s': %s", dir, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	rc = 0;
out:
	free(dir);
	return rc;
}

static void local_sink_free(struct local_sink *ls)
{
	free(ls->path);
	free(ls->tmp);
	free(ls->wbuf);
	free(ls);
}

static int flush_wbuf(struct local_sink *ls, struct floe_err *err)
{
	size_t off = 0;

	while (off < ls->wlen) {
		ssize_t w = write(ls->fd, ls->wbuf + off, ls->wlen - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			ls->failed = true;
			return floe_err_setc(err, errno, "write '%s': %s", ls->path, strerror(errno));
		}
		off += (size_t)w;
	}
	ls->wlen = 0;
	return 0;
}

static int local_write(struct floe_sink *s, const void *p, size_t n, struct floe_err *err)
{
	struct local_sink *ls = (struct local_sink *)s;
	const uint8_t *src = p;

	if (ls->failed)
		return floe_err_set(err, "write '%s': an earlier write failed", ls->path);
	while (n) {
		size_t room = LOCAL_WBUF - ls->wlen, k = n < room ? n : room;
		memcpy(ls->wbuf + ls->wlen, src, k);
		ls->wlen += k;
		src += k;
		n -= k;
		if (ls->wlen == LOCAL_WBUF && flush_wbuf(ls, err) < 0)
			return -1;
	}
	return 0;
}

static void local_abort(struct floe_sink *s)
{
	struct local_sink *ls = (struct local_sink *)s;

	if (ls->fd >= 0)
		close(ls->fd);
	unlink(ls->tmp);
	local_sink_free(ls);
}

static int local_finish(struct floe_sink *s, struct floe_err *err)
{
	struct local_sink *ls = (struct local_sink *)s;
	int rc = -1;

	if (ls->failed) {
		floe_err_set(err, "write '%s': an earlier write failed", ls->path);
		goto out;
	}
	if (flush_wbuf(ls, err) < 0)
		goto out;
	if (fsync(ls->fd) < 0) {
		floe_err_setc(err, errno, "fsync '%s': %s", ls->tmp, strerror(errno));
		goto out;
	}
	if (close(ls->fd) < 0) {
		ls->fd = -1;
		floe_err_setc(err, errno, "close '%s': %s", ls->tmp, strerror(errno));
		goto out;
	}
	ls->fd = -1;
	if (rename(ls->tmp, ls->path) < 0) {
		floe_err_setc(err, errno, "rename '%s' to '%s': %s", ls->tmp, ls->path, strerror(errno));
		goto out;
	}
	if (fsync_dir(ls->path, err) < 0) {
		local_sink_free(ls);
		return -1; /* the file is in place but maybe not durable: say so, keep it */
	}
	rc = 0;
out:
	if (rc < 0) {
		if (ls->fd >= 0)
			close(ls->fd);
		unlink(ls->tmp);
	}
	local_sink_free(ls);
	return rc;
}

static int local_put(struct floe_storage *st, const char *uri, struct floe_sink **out, struct floe_err *err)
{
	struct local_sink *ls = NULL;
	const char *path = NULL;
	char *dir = NULL, *slash;
	static unsigned counter;
	int rc = -1;

	(void)st;
	*out = NULL;
	if (uri_path(uri, &path, err) < 0)
		return -1;
	ls = calloc(1, sizeof(*ls));
	if (!ls)
		return floe_err_set(err, "out of memory");
	ls->fd = -1;
	ls->path = strdup(path);
	ls->wbuf = malloc(LOCAL_WBUF);
	dir = strdup(path);
	if (!ls->path || !ls->wbuf || !dir) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	slash = strrchr(dir, '/');
	if (!slash || !slash[1]) {
		floe_err_set(err, "'%s': not a file name", uri);
		goto out;
	}
	*slash = '\0';
	if (slash != dir && mkdirs(dir, err) < 0) {
		floe_err_prefix(err, "write '%s': ", path);
		goto out;
	}
	{
		size_t n = strlen(path) + 64;
		ls->tmp = malloc(n);
		if (!ls->tmp) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		snprintf(ls->tmp, n, "%s/.%s.%ld.%u.%lld.tmp", dir, slash + 1, (long)getpid(), counter++,
			 (long long)(floe_mono_us() % 1000000));
	}
	ls->fd = open(ls->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (ls->fd < 0) {
		int e = errno;
		if (e == EACCES || e == EPERM || e == EROFS)
			floe_err_setc(err, e, "write '%s': the warehouse is read-only for this user (%s; fix its "
				      "permissions, run floe as its owner, or point warehouse.location elsewhere)",
				      path, strerror(e));
		else
			floe_err_setc(err, e, "write '%s': %s", path, strerror(e));
		goto out;
	}
	ls->base.write = local_write;
	ls->base.finish = local_finish;
	ls->base.abort = local_abort;
	ls->base.written = 0;
	*out = &ls->base;
	ls = NULL;
	rc = 0;
out:
	free(dir);
	if (ls)
		local_sink_free(ls);
	return rc;
}

static int open_read(const char *uri, const char **path, int *fd, struct floe_err *err)
{
	if (uri_path(uri, path, err) < 0)
		return -1;
	*fd = open(*path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		return floe_err_setc(err, e == ENOENT ? FLOE_STORAGE_ENOENT : e, "read '%s': %s", *path,
				     strerror(e));
	}
	return 0;
}

static int read_fully(int fd, const char *path, uint64_t off, uint64_t len, struct floe_buf *out,
		      struct floe_err *err)
{
	uint64_t done = 0;

	if (len > SIZE_MAX / 2 || !floe_buf_reserve(out, (size_t)len))
		return floe_err_set(err, "read '%s': out of memory for %llu bytes", path, (unsigned long long)len);
	while (done < len) {
		ssize_t r = pread(fd, out->data + out->len, (size_t)(len - done), (off_t)(off + done));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return floe_err_setc(err, errno, "read '%s': %s", path, strerror(errno));
		}
		if (r == 0)
			return floe_err_set(err, "read '%s': file ends at %llu, wanted bytes up to %llu", path,
					    (unsigned long long)(off + done), (unsigned long long)(off + len));
		out->len += (size_t)r;
		done += (uint64_t)r;
	}
	return 0;
}

static int local_get(struct floe_storage *st, const char *uri, struct floe_buf *out, struct floe_err *err)
{
	const char *path = NULL;
	struct stat sb;
	int fd, rc;

	(void)st;
	if (open_read(uri, &path, &fd, err) < 0)
		return -1;
	if (fstat(fd, &sb) < 0) {
		rc = floe_err_setc(err, errno, "stat '%s': %s", path, strerror(errno));
	} else if (S_ISDIR(sb.st_mode)) {
		rc = floe_err_set(err, "read '%s': is a directory, not a file", path);
	} else if ((uint64_t)sb.st_size > FLOE_STORAGE_GET_MAX) {
		rc = floe_err_setc(err, FLOE_STORAGE_ETOOBIG, "read '%s': %llu bytes, more than any metadata or manifest "
				   "file floe reads whole (limit %llu MiB): is the table's metadata pointing at the "
				   "right file?",
				   path, (unsigned long long)sb.st_size, FLOE_STORAGE_GET_MAX >> 20);
	} else {
		rc = read_fully(fd, path, 0, (uint64_t)sb.st_size, out, err);
	}
	close(fd);
	return rc;
}

static int local_get_range(struct floe_storage *st, const char *uri, uint64_t off, uint64_t len,
			   struct floe_buf *out, struct floe_err *err)
{
	const char *path = NULL;
	int fd, rc;

	(void)st;
	if (open_read(uri, &path, &fd, err) < 0)
		return -1;
	rc = read_fully(fd, path, off, len, out, err);
	close(fd);
	return rc;
}

static int local_stat(struct floe_storage *st, const char *uri, bool *exists, uint64_t *size,
		      struct floe_err *err)
{
	const char *path = NULL;
	struct stat sb;

	(void)st;
	*exists = false;
	if (size)
		*size = 0;
	if (uri_path(uri, &path, err) < 0)
		return -1;
	if (stat(path, &sb) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return floe_err_setc(err, errno, "stat '%s': %s", path, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return 0;
	*exists = true;
	if (size)
		*size = (uint64_t)sb.st_size;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *dir, floe_storage_list_cb cb, void *arg, int depth, struct floe_err *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = -1;

	if (depth > 64)
		return floe_err_set(err, "list '%s': directories nested too deep", dir);
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return floe_err_setc(err, errno, "list '%s': %s", dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ., .. and our temporary files */
		if (n == cap) {
			char **nn;
			cap = cap ? cap * 2 : 32;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				floe_err_set(err, "out of memory");
				goto out;
			}
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str); /* an empty directory: names is NULL */
	for (i = 0; i < n; i++) {
		struct stat sb;
		size_t len = strlen(dir) + strlen(names[i]) + 16;
		char *full = malloc(len);
		int r = 0;

		if (!full) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		snprintf(full, len, "%s/%s", dir, names[i]);
		if (stat(full, &sb) == 0) {
			if (S_ISDIR(sb.st_mode)) {
				r = list_dir(full, cb, arg, depth + 1, err);
			} else {
				char *u = malloc(len + 8);
				if (!u) {
					r = floe_err_set(err, "out of memory");
				} else {
					snprintf(u, len + 8, "file://%s", full);
					r = cb(arg, u, (uint64_t)sb.st_size, err);
					free(u);
				}
			}
		}
		free(full);
		if (r < 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

static int local_list(struct floe_storage *st, const char *prefix_uri, floe_storage_list_cb cb, void *arg,
		      struct floe_err *err)
{
	const char *path = NULL;
	char *dir;
	size_t n;
	int rc;

	(void)st;
	if (uri_path(prefix_uri, &path, err) < 0)
		return -1;
	dir = strdup(path);
	if (!dir)
		return floe_err_set(err, "out of memory");
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	rc = list_dir(dir, cb, arg, 0, err);
	free(dir);
	return rc;
}

static int local_del(struct floe_storage *st, const char *uri, struct floe_err *err)
{
	const char *path = NULL;

	(void)st;
	if (uri_path(uri, &path, err) < 0)
		return -1;
	if (unlink(path) < 0 && errno != ENOENT)
		return floe_err_setc(err, errno, "delete '%s': %s", path, strerror(errno));
	return 0;
}

static void local_free(struct floe_storage *st)
{
	free(st);
}

static const struct floe_storage_ops local_ops = {
	local_put, local_get, local_get_range, local_stat, local_list, local_del, local_free,
};

struct floe_storage *floe_storage_local_new(void)
{
	struct floe_storage *st = malloc(sizeof(*st));

	if (st)
		st->ops = &local_ops;
	return st;
}

int floe_storage_local_open(const struct floe_storage_opts *o, struct floe_storage **out, struct floe_err *err)
{
	const char *path;

	*out = NULL;
	if (uri_path(o->location, &path, err) < 0)
		return -1;
	if (o->create) {
		char *dir = strdup(path);
		int rc = dir ? mkdirs(dir, err) : floe_err_set(err, "out of memory");
		free(dir);
		if (rc < 0)
			return floe_err_prefix(err, "cannot create the warehouse directory: ");
	}
	if (!(*out = floe_storage_local_new()))
		return floe_err_set(err, "out of memory");
	return 0;
}

bool floe_storage_is_local(const char *location)
{
	return location && (location[0] == '/' || !strncmp(location, "file:", 5));
}
