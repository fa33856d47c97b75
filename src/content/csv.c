/*
 * csv.c: the RFC 4180 reader (see csv.h). Fields are copied into the
 * record's one buffer as they are read, quotes undone, so a row costs no
 * allocation once the buffers have grown to the longest row.
 */
#include "content/csv.h"

#include <stdlib.h>
#include <string.h>

void csv_init(struct csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3; /* Excel's "CSV UTF-8" starts with a byte order mark */
}

static int put(struct csv_rec *r, char c)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		char *b = realloc(r->buf, cap);
		if (!b)
			return -1;
		r->buf = b;
		r->cap = cap;
	}
	r->buf[r->len++] = c;
	return 0;
}

static int start_field(struct csv_rec *r)
{
	if (r->n == r->ocap) {
		size_t cap = r->ocap ? r->ocap * 2 : 16;
		size_t *o = realloc(r->off, cap * sizeof *o);
		if (!o)
			return -1;
		r->off = o;
		r->ocap = cap;
	}
	r->off[r->n++] = r->len;
	return 0;
}

/* Consumes one line end (CRLF, LF or a lone CR) if p is on one. */
static void eat_eol(struct csv *c)
{
	if (c->p < c->end && *c->p == '\r') {
		c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
	} else if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
	}
}

static int at_eol(const struct csv *c)
{
	return c->p >= c->end || *c->p == '\r' || *c->p == '\n';
}

/* Reads a quoted field's contents, c->p just after the opening quote. Line
 * breaks inside become '\n'. Returns -1 out of memory, else 0. */
static int read_quoted(struct csv *c, struct csv_rec *r)
{
	int open_line = c->line;
	for (;;) {
		if (c->p >= c->end) {
			r->bad = CSV_BAD_UNCLOSED;
			r->bad_line = open_line;
			return 0;
		}
		char ch = *c->p;
		if (ch == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p += 2;
				if (put(r, '"'))
					return -1;
				continue;
			}
			c->p++;
			return 0;
		}
		if (ch == '\r' || ch == '\n') {
			eat_eol(c);
			ch = '\n';
		} else {
			c->p++;
		}
		if (put(r, ch))
			return -1;
	}
}

int csv_read(struct csv *c, struct csv_rec *r)
{
	r->len = r->n = 0;
	r->bad = 0;
	r->line = c->line;
	if (c->p >= c->end)
		return 0;
	for (;;) {
		if (start_field(r))
			return -1;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			if (read_quoted(c, r))
				return -1;
			if (r->bad)
				return put(r, '\0') ? -1 : 1;
			if (!at_eol(c) && *c->p != ',') {
				r->bad = CSV_BAD_JUNK;
				r->bad_line = c->line;
				r->bad_col = r->n;
				while (!at_eol(c))
					c->p++;
			}
		} else {
			while (!at_eol(c) && *c->p != ',')
				if (put(r, *c->p++))
					return -1;
		}
		if (put(r, '\0'))
			return -1;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		eat_eol(c);
		return 1;
	}
}

int csv_trim(struct csv_rec *r)
{
	int blank = 1;
	for (size_t i = 0; i < r->n; i++) {
		char *s = r->buf + r->off[i];
		size_t len = strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		r->off[i] = (size_t)(s - r->buf);
		blank &= *s == '\0';
	}
	return blank;
}

const char *csv_field(const struct csv_rec *r, size_t i)
{
	return i < r->n ? r->buf + r->off[i] : "";
}

void csv_rec_free(struct csv_rec *r)
{
	free(r->buf);
	free(r->off);
	memset(r, 0, sizeof *r);
}
