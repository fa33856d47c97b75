/*
 * slurp.c: reads a file whole (slurp.h). It reads until the end rather than
 * trusting the size the file system reports, so a file that grows while it
 * is read, or one in /proc, is read as it is.
 */
#include "content/slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *slurp_file(const char *path, size_t max, size_t *len)
{
	*len = 0;
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
