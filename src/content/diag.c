#include "content/diag.h"

#include "content/json.h"
#include "util/grow.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A message repeats names and text from the files, which may be anything:
 * control characters (a terminal escape in a key name) and bytes that are
 * not UTF-8 (or a character cut at the end of the buffer) become '?', so a
 * log line or a terminal shows exactly one harmless line. */
static void make_printable(char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c < 0x20 || c == 0x7f || n > len - i || (n > 1 && utf8_bad_at(s + i, n) >= 0)) {
			s[i++] = '?';
			continue;
		}
		i += n;
	}
}

void diag_add(struct diag_list *d, const char *file, int line, const char *fmt, ...)
{
	char body[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);

	if (!grow(&d->msgs, &d->cap, d->n, 16)) {
		d->n++;
		return;
	}
	size_t len = strlen(file) + strlen(body) + 32;
	char *s = malloc(len);
	if (s) {
		snprintf(s, len, "%s:%d: %s", file, line, body);
		make_printable(s);
	}
	d->msgs[d->n++] = s;
}

void diag_append(struct diag_list *d, const struct diag_list *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const char *m = from->msgs[i] ? from->msgs[i] : "";
		const char *colon = strchr(m, ':');
		const char *rest = colon ? strchr(colon + 1, ':') : NULL;
		if (!colon || !rest) {
			diag_add(d, "", 0, "%s", m);
			continue;
		}
		/* "file:line: body" again, from its parts. */
		char file[4096];
		size_t fl = (size_t)(colon - m) < sizeof file ? (size_t)(colon - m) : sizeof file - 1;
		memcpy(file, m, fl);
		file[fl] = '\0';
		diag_add(d, file, atoi(colon + 1), "%s", rest[1] == ' ' ? rest + 2 : rest + 1);
	}
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
