#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(struct diag_list *d, const char *file, int line, const char *fmt, ...)
{
	char body[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		char **m = realloc(d->msgs, cap * sizeof *m);
		if (!m) {
			d->n++;
			return;
		}
		d->msgs = m;
		d->cap = cap;
	}
	size_t len = strlen(file) + strlen(body) + 32;
	char *s = malloc(len);
	if (s)
		snprintf(s, len, "%s:%d: %s", file, line, body);
	d->msgs[d->n++] = s;
}

size_t diag_count(const struct diag_list *d)
{
	return d->n;
}

void diag_print(const struct diag_list *d, FILE *f)
{
	for (size_t i = 0; i < d->n && i < d->cap; i++)
		if (d->msgs[i])
			fprintf(f, "%s\n", d->msgs[i]);
}

void diag_free(struct diag_list *d)
{
	for (size_t i = 0; i < d->n && i < d->cap; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = d->cap = 0;
}
