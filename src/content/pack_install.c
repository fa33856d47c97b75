/*
 * pack_install.c: a verified bundle written to disk, whole or not at all
 * (pack.h): every file written and fsynced in a hidden folder, checked with
 * the kiosk's own content checks, then renamed to parent/v<version>.
 */
#include "content/pack.h"

#include "content/check.h"
#include "content/diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* a/b into out; false when it does not fit. */
static bool join(char *out, size_t n, const char *a, const char *b)
{
	int k = snprintf(out, n, "%s/%s", a, b);
	return k >= 0 && (size_t)k < n;
}

int pack_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Writes buf to fd, fsyncs and closes it. 0, or -1 with errno. */
static int write_close(int fd, const void *buf, size_t len)
{
	int rc = write_all(fd, buf, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	if (close(fd) != 0)
		rc = -1;
	errno = rc ? saved : errno;
	return rc;
}

static int write_file(const char *path, const void *buf, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	return fd < 0 ? -1 : write_close(fd, buf, len);
}

/* A new temporary file beside path (mkstemp: unique between threads and
 * processes), written and fsynced; removed again on failure. The caller
 * renames it. */
static int write_temp(const char *path, char *tmp, size_t n, const void *buf, size_t len,
		      int mode)
{
	if (snprintf(tmp, n, "%s.tmpXXXXXX", path) >= (int)n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, (mode_t)mode) != 0) {
		int saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (write_close(fd, buf, len) != 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

int pack_write_atomic(const char *path, const void *buf, size_t len, int mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	if (write_temp(path, tmp, sizeof tmp, buf, len, mode) != 0)
		return -1;
	if (rename(tmp, path) != 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return pack_fsync_dir(slash ? (*dir ? dir : "/") : ".");
}

int pack_rmtree(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[PATH_MAX];
		if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub) {
			rc = -1;
			continue;
		}
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc |= pack_rmtree(sub);
		else
			rc |= unlink(sub);
	}
	closedir(dp);
	return rmdir(dir) | rc;
}

/* mkdir -p for the folders of rel under root, each fsynced when made. */
static int make_parents(const char *root, const char *rel)
{
	char path[PATH_MAX];
	if (!join(path, sizeof path, root, rel)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return 0;
}

static int fsync_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX];
		if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub)
			continue;
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc |= fsync_tree(sub);
	}
	closedir(dp);
	return rc | pack_fsync_dir(dir);
}

static enum pack_err write_files(const struct pack *p, const char *tmp, char *why, size_t whylen)
{
	if (mkdir(tmp, 0755) != 0) {
		snprintf(why, whylen, "%s: %s", tmp, strerror(errno));
		return PACK_IO;
	}
	for (size_t i = 0; i < p->nfiles; i++) {
		char path[PATH_MAX];
		bool fits = join(path, sizeof path, tmp, p->files[i].path);
		if (!fits || make_parents(tmp, p->files[i].path) != 0 ||
		    write_file(path, p->files[i].data, p->files[i].size, 0644) != 0) {
			snprintf(why, whylen, "%s: %s", p->files[i].path,
				 fits ? strerror(errno) : "the path is too long");
			return PACK_IO;
		}
	}
	if (fsync_tree(tmp) != 0) {
		snprintf(why, whylen, "%s: %s", tmp, strerror(errno));
		return PACK_IO;
	}
	return PACK_OK;
}

/* The kiosk's own checks on the written folder: the first problem, and
 * how many more. */
static enum pack_err check_files(const char *tmp, const char *asset_dir, char *why,
				 size_t whylen)
{
	struct diag_list diag = {0};
	size_t n = content_check(tmp, asset_dir, &diag, NULL, NULL);
	if (!n) {
		diag_free(&diag);
		return PACK_OK;
	}
	/* Messages name the temporary folder; staff want the file's name. */
	const char *m = diag.n ? diag.msgs[0] : "a problem";
	size_t k = strlen(tmp);
	if (!strncmp(m, tmp, k) && m[k] == '/')
		m += k + 1;
	snprintf(why, whylen, "%s%s", m, n > 1 ? " (and more: run kioskctl check)" : "");
	diag_free(&diag);
	return PACK_INVALID;
}

enum pack_err pack_install(const unsigned char *buf, size_t len,
			   const unsigned char pk[PACK_PK_BYTES], long running_version,
			   const char *parent, const char *asset_dir, char *dir_out,
			   long *version_out, char *why, size_t whylen)
{
	struct pack p;
	enum pack_err e = pack_open(buf, len, pk, &p, why, whylen);
	if (e)
		return e;
	*version_out = p.version;
	if (p.version < running_version) {
		snprintf(why, whylen, "version %ld is older than version %ld, which this kiosk already has",
			 p.version, running_version);
		pack_close(&p);
		return PACK_OLDER;
	}
	if (p.version == running_version) {
		snprintf(why, whylen, "version %ld is already running", p.version);
		pack_close(&p);
		return PACK_SAME;
	}
	char tmp[PATH_MAX], dest[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s/.new-v%ld-%ld", parent, p.version, (long)getpid());
	snprintf(dest, sizeof dest, "%s/v%ld", parent, p.version);
	if (mkdir(parent, 0755) != 0 && errno != EEXIST) {
		snprintf(why, whylen, "%s: %s", parent, strerror(errno));
		pack_close(&p);
		return PACK_IO;
	}
	pack_rmtree(tmp);
	e = write_files(&p, tmp, why, whylen);
	pack_close(&p);
	if (!e)
		e = check_files(tmp, asset_dir, why, whylen);
	/* A folder of this version from an earlier try is whole (it was
	 * renamed into place) but may be the one that failed: replace it. */
	if (!e && (pack_rmtree(dest) != 0 || rename(tmp, dest) != 0 || pack_fsync_dir(parent) != 0)) {
		snprintf(why, whylen, "%s: %s", dest, strerror(errno));
		e = PACK_IO;
	}
	if (e) {
		pack_rmtree(tmp);
		return e;
	}
	snprintf(dir_out, PATH_MAX, "%s", dest);
	return PACK_OK;
}
