/*
 * slurp.c: reads a file whole (slurp.h). It reads until the end rather than
 * trusting the size the file system reports, so a file that grows while it
 * is read, or one in /proc, is read as it is.
 */
#include "content/slurp.h"
#include "util/grow.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The files read while a memo is open, per thread (the kiosk loads its
 * bundle on the UI thread, staff mode's check on a job's). */
struct memo_file {
	char *path, *text;
	size_t len;
};
static _Thread_local struct {
	struct memo_file *v;
	size_t n, cap;
	int depth;
} memo;

void slurp_memo_begin(void)
{
	memo.depth++;
}

void slurp_memo_end(void)
{
	if (memo.depth <= 0 || --memo.depth)
		return;
	for (size_t i = 0; i < memo.n; i++) {
		free(memo.v[i].path);
		free(memo.v[i].text);
	}
	free(memo.v);
	memset(&memo, 0, sizeof memo);
}

static char *copy_of(const char *text, size_t len)
{
	char *c = malloc(len + 1);
	if (c)
		memcpy(c, text, len + 1);
	else
		errno = ENOMEM;
	return c;
}

/* Keeps a copy of what was read; out of memory only means no memo. */
static void remember(const char *path, const char *text, size_t len)
{
	if (!grow(&memo.v, &memo.cap, memo.n, 64))
		return;
	struct memo_file m = {strdup(path), copy_of(text, len), len};
	if (!m.path || !m.text) {
		free(m.path);
		free(m.text);
		return;
	}
	memo.v[memo.n++] = m;
}

static char *read_whole(const char *path, size_t max, size_t *len);

char *slurp_file(const char *path, size_t max, size_t *len)
{
	*len = 0;
	for (size_t i = 0; memo.depth && i < memo.n; i++) {
		if (strcmp(memo.v[i].path, path))
			continue;
		if (max && memo.v[i].len > max) {
			errno = EFBIG;
			return NULL;
		}
		char *c = copy_of(memo.v[i].text, memo.v[i].len);
		if (c)
			*len = memo.v[i].len;
		return c;
	}
	char *text = read_whole(path, max, len);
	if (text && memo.depth)
		remember(path, text, *len);
	return text;
}

static char *read_whole(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *t = realloc(text, cap);
			if (!t) {
				err = ENOMEM;
				break;
			}
			text = t;
		}
		size_t got = fread(text + n, 1, cap - n - 1, f);
		n += got;
		if (max && n > max) {
			err = EFBIG;
			break;
		}
		if (!got) {
			err = ferror(f) ? EIO : 0;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(text);
		errno = err;
		return NULL;
	}
	text[n] = '\0';
	*len = n;
	return text;
}
