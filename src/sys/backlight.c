/*
 * backlight.c: bl_power through sysfs (backlight.h).
 */
#include "sys/backlight.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 1 written, 0 no bl_power there, -1 it could not be written. */
static int write_power(const char *dir, const char *name, bool on)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s/bl_power", dir, name) >= (int)sizeof path)
		return 0;
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		fprintf(stderr, "carekiosk: backlight %s: %s\n", path, strerror(errno));
		return -1;
	}
	const char *v = on ? "0\n" : "4\n";
	ssize_t w = write(fd, v, 2);
	int err = w == 2 ? 0 : w < 0 ? errno : EIO;
	if (close(fd) != 0 && !err)
		err = errno;
	if (err) {
		fprintf(stderr, "carekiosk: backlight %s: %s\n", path, strerror(err));
		return -1;
	}
	return 1;
}

int backlight_set(const char *dir, bool on)
{
	if (!dir || !*dir)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno != ENOENT)
			fprintf(stderr, "carekiosk: backlight %s: %s\n", dir, strerror(errno));
		return errno == ENOENT ? 0 : -1;
	}
	int n = 0;
	bool failed = false;
	struct dirent *e;
	for (errno = 0; (e = readdir(d)); errno = 0) {
		if (e->d_name[0] == '.')
			continue;
		int r = write_power(dir, e->d_name, on);
		if (r < 0)
			failed = true;
		else
			n += r;
	}
	if (errno) {
		fprintf(stderr, "carekiosk: backlight %s: %s\n", dir, strerror(errno));
		failed = true;
	}
	closedir(d);
	return failed ? -1 : n;
}
