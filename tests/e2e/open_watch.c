/*
 * open_watch: an LD_PRELOAD shim that logs every file opened under one
 * folder, so a test can see who reads content files and when.
 *   OPEN_WATCH_DIR   the folder (e.g. the kiosk's config folder)
 *   OPEN_WATCH_LOG   the log: one line per open, the path as given
 * Directories (opendir) are not logged: listing a folder is not reading
 * its content. Built for tests/e2e/test_content_opens.py (OPEN_WATCH_LIB).
 */
#define _GNU_SOURCE
/* The shim defines open and open64 both: the build's large-file and 64-bit
 * time flags would make the headers rename one to the other. */
#undef _FILE_OFFSET_BITS
#undef _TIME_BITS
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void note(const char *path, int flags)
{
	const char *dir = getenv("OPEN_WATCH_DIR"), *log = getenv("OPEN_WATCH_LOG");
	if (!dir || !log || !path || (flags & O_DIRECTORY))
		return;
	size_t n = strlen(dir);
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return;
	static int (*real_open)(const char *, int, ...);
	if (!real_open)
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	int fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char line[4200];
	int len = snprintf(line, sizeof line, "%s\n", path);
	if (len > 0 && (size_t)len < sizeof line && write(fd, line, (size_t)len) < 0)
		len = 0;
	close(fd);
}

#define MODE_ARG(flags, mode)                                                                      \
	do {                                                                                       \
		if ((flags) & (O_CREAT | O_TMPFILE)) {                                             \
			va_list ap;                                                                \
			va_start(ap, flags);                                                       \
			mode = va_arg(ap, int);                                                    \
			va_end(ap);                                                                \
		}                                                                                  \
	} while (0)

int open(const char *path, int flags, ...)
{
	int mode = 0;
	MODE_ARG(flags, mode);
	static int (*real)(const char *, int, ...);
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	note(path, flags);
	return real(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	int mode = 0;
	MODE_ARG(flags, mode);
	static int (*real)(const char *, int, ...);
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
	note(path, flags);
	return real(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	int mode = 0;
	MODE_ARG(flags, mode);
	static int (*real)(int, const char *, int, ...);
	if (!real)
		real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	note(path, flags);
	return real(dirfd, path, flags, mode);
}

FILE *fopen(const char *path, const char *m)
{
	static FILE *(*real)(const char *, const char *);
	if (!real)
		real = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen");
	note(path, 0);
	return real(path, m);
}

FILE *fopen64(const char *path, const char *m)
{
	static FILE *(*real)(const char *, const char *);
	if (!real)
		real = (FILE * (*)(const char *, const char *)) dlsym(RTLD_NEXT, "fopen64");
	note(path, 0);
	return real(path, m);
}
