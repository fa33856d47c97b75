/*
 * json.c: line numbers for cJSON values.
 *
 * cJSON keeps no positions, so after a successful parse a small scanner
 * walks the same text and notes the line of every value in document order;
 * a pre-order walk of the cJSON tree visits values in that same order.
 */
#include "content/json.h"

#include "content/slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

static int line_at(const char *text, const char *at)
{
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

/* Lines of every value in document order. Returns the count. */
static size_t scan_lines(const char *t, size_t len, int *out, size_t max)
{
	char stack[512];	/* 'o' object, 'a' array */
	bool expect_key[512];
	int depth = 0, line = 1;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = t[i];
		if (c == '\n') {
			line++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == ':')
			continue;
		if (c == ',') {
			if (depth && stack[depth - 1] == 'o')
				expect_key[depth - 1] = true;
			continue;
		}
		if (c == '}' || c == ']') {
			depth -= depth > 0;
			continue;
		}
		bool is_key = depth && stack[depth - 1] == 'o' && expect_key[depth - 1];
		if (depth && stack[depth - 1] == 'o' && !is_key)
			expect_key[depth - 1] = false;
		if (is_key) {
			expect_key[depth - 1] = false;
		} else if (n < max) {
			out[n++] = line;
		}
		if (c == '{' || c == '[') {
			if (depth < 512) {
				stack[depth] = c == '{' ? 'o' : 'a';
				expect_key[depth] = c == '{';
				depth++;
			}
		} else if (c == '"') {
			for (i++; i < len && t[i] != '"'; i++) {
				if (t[i] == '\\')
					i++;
				else if (t[i] == '\n')
					line++;
			}
		} else {
			while (i + 1 < len && !strchr(",}] \t\r\n", t[i + 1]))
				i++;
		}
	}
	return n;
}

static void walk(const cJSON *node, const int *lines, size_t nlines, size_t *k,
		 struct jline *out)
{
	for (; node; node = node->next) {
		size_t at = (*k)++;
		out[at].node = node;
		out[at].line = at < nlines ? lines[at] : 0;
		walk(node->child, lines, nlines, k, out);
	}
}

static size_t count_nodes(const cJSON *node)
{
	size_t n = 0;
	for (; node; node = node->next)
		n += 1 + count_nodes(node->child);
	return n;
}

static int by_node(const void *a, const void *b)
{
	const struct jline *x = a, *y = b;
	return (x->node > y->node) - (x->node < y->node);
}

/* Offset of the first NUL inside a string (a raw byte, or the escape
 * \u0000 that cJSON would turn into one and so cut the text there), or -1.
 * A doubled backslash before u0000 is plain text. */
static long nul_at(const char *t, size_t len)
{
	bool in = false;
	for (size_t i = 0; i < len; i++) {
		if (!in) {
			in = t[i] == '"';
		} else if (t[i] == '"') {
			in = false;
		} else if (t[i] == '\0') {
			return (long)i;
		} else if (t[i] == '\\') {
			if (i + 5 < len && !memcmp(t + i + 1, "u0000", 5))
				return (long)i;
			i++;
		}
	}
	return -1;
}

/* Problems cJSON does not see, checked here once for every content file:
 * bytes that are not UTF-8 (the fonts, the screen dump and the logs need
 * it) and NUL characters. Returns false after reporting one. */
static bool text_ok(const char *name, const char *text, size_t len, struct diag_list *diag)
{
	long at = utf8_bad_at(text, len);
	if (at >= 0) {
		diag_add(diag, name, line_at(text, text + at),
			 "this is not UTF-8 text (save the file as UTF-8)");
		return false;
	}
	if ((at = nul_at(text, len)) >= 0) {
		diag_add(diag, name, line_at(text, text + at),
			 "text may not contain \\u0000 (a NUL character): take it out");
		return false;
	}
	return true;
}

int jdoc_parse(struct jdoc *d, const char *name, const char *text, size_t len,
	       struct diag_list *diag)
{
	memset(d, 0, sizeof *d);
	d->file = strdup(name);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;	/* the byte order mark Notepad puts before UTF-8 */
		len -= 3;
	}
	if (!text_ok(name, text, len, diag))
		return -1;
	const char *end = NULL;
	d->root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!d->root) {
		int line = end ? line_at(text, end) : 0;
		diag_add(diag, name, line, "not valid JSON here (check for a missing comma, quote or bracket)");
		return -1;
	}
	/* Only whitespace may follow the document. */
	for (const char *p = end; p && p < text + len; p++) {
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != '\0') {
			diag_add(diag, name, line_at(text, p), "unexpected text after the end of the JSON");
			return -1;
		}
	}
	size_t n = count_nodes(d->root);
	int *lines = calloc(n ? n : 1, sizeof *lines);
	d->lines = calloc(n ? n : 1, sizeof *d->lines);
	if (!lines || !d->lines) {
		free(lines);
		diag_add(diag, name, 0, "out of memory");
		return -1;
	}
	size_t got = scan_lines(text, len, lines, n);
	size_t k = 0;
	walk(d->root, lines, got, &k, d->lines);
	d->nlines = k;
	qsort(d->lines, k, sizeof *d->lines, by_node);
	free(lines);
	return 0;
}

int jdoc_load(struct jdoc *d, const char *path, const char *name, struct diag_list *diag)
{
	if (!name)
		name = path;
	size_t len;
	char *text = slurp_file(path, 0, &len);
	if (!text) {
		memset(d, 0, sizeof *d);
		diag_add(diag, name, 0, errno == ENOMEM ? "out of memory" : "cannot read this file");
		return -1;
	}
	int rc = jdoc_parse(d, name, text, len, diag);
	free(text);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int jdoc_list_dir(const char *dir, char **names, size_t max, size_t *n)
{
	*n = 0;
	DIR *dh = opendir(dir);
	if (!dh)
		return -1;
	int more = 0;
	struct dirent *e;
	while (!more && (errno = 0, e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (*n == max)
			more = 1;
		else
			names[(*n)++] = strdup(e->d_name);
	}
	/* readdir's NULL is an error, not the end, when errno is set (EOVERFLOW, EIO). */
	int failed = !more && errno != 0;
	closedir(dh);
	if (failed) {
		while (*n)
			free(names[--*n]);
		return -1;
	}
	qsort(names, *n, sizeof *names, by_name);
	return more;
}

void jdoc_free(struct jdoc *d)
{
	cJSON_Delete(d->root);
	free(d->lines);
	free(d->file);
	memset(d, 0, sizeof *d);
}

int jdoc_line(const struct jdoc *d, const cJSON *node)
{
	struct jline key = {node, 0};
	const struct jline *hit = bsearch(&key, d->lines, d->nlines, sizeof key, by_node);
	return hit ? hit->line : 0;
}

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

long utf8_bad_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i], n, v;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2, v = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3, v = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4, v = c & 0x07;
		else
			return (long)i;
		if (i + n > len)
			return (long)i;
		for (unsigned k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return (long)i;
			v = (v << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
		    (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
			return (long)i;
		i += n;
	}
	return -1;
}


bool jdoc_known_keys(const struct jdoc *d, const cJSON *obj, const char *const known[],
		     const char *what, struct diag_list *diag)
{
	bool ok = true;
	const cJSON *m;
	cJSON_ArrayForEach(m, obj) {
		bool found = false;
		for (size_t i = 0; known[i]; i++)
			found |= strcmp(known[i], m->string) == 0;
		if (!found) {
			diag_add(diag, d->file, jdoc_line(d, m), "unknown %s \"%s\"", what, m->string);
			ok = false;
		}
	}
	return ok;
}

const char *jdoc_string(const struct jdoc *d, const cJSON *obj, const char *key, size_t max,
			bool required, struct diag_list *diag)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v) {
		if (required)
			diag_add(diag, d->file, jdoc_line(d, obj), "missing \"%s\"", key);
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		diag_add(diag, d->file, jdoc_line(d, v), "\"%s\" must be text in quotes", key);
		return NULL;
	}
	if (required && !*v->valuestring) {
		diag_add(diag, d->file, jdoc_line(d, v), "\"%s\" is empty", key);
		return NULL;
	}
	size_t n = utf8_chars(v->valuestring);
	if (max && n > max) {
		diag_add(diag, d->file, jdoc_line(d, v),
			 "\"%s\" is too long: %zu characters, at most %zu fit on screen", key, n, max);
		return NULL;
	}
	return v->valuestring;
}

const cJSON *jdoc_array(const struct jdoc *d, const cJSON *obj, const char *key, int min, int max,
			struct diag_list *diag)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v) {
		diag_add(diag, d->file, jdoc_line(d, obj), "missing \"%s\"", key);
		return NULL;
	}
	if (!cJSON_IsArray(v)) {
		diag_add(diag, d->file, jdoc_line(d, v), "\"%s\" must be a list in [ ]", key);
		return NULL;
	}
	int n = cJSON_GetArraySize(v);
	if (n < min || n > max) {
		diag_add(diag, d->file, jdoc_line(d, v), "\"%s\" has %d items; it needs %d to %d", key, n,
			 min, max);
		return NULL;
	}
	return v;
}

const cJSON *jdoc_strings(const struct jdoc *d, const cJSON *obj, const char *key, int min,
			  int max, size_t maxlen, struct diag_list *diag)
{
	const cJSON *arr = jdoc_array(d, obj, key, min, max, diag);
	if (!arr)
		return NULL;
	bool ok = true;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !*it->valuestring) {
			diag_add(diag, d->file, jdoc_line(d, it), "each item of \"%s\" must be text", key);
			ok = false;
		} else if (maxlen && utf8_chars(it->valuestring) > maxlen) {
			diag_add(diag, d->file, jdoc_line(d, it),
				 "an item of \"%s\" is too long: %zu characters, at most %zu fit on screen",
				 key, utf8_chars(it->valuestring), maxlen);
			ok = false;
		}
	}
	return ok ? arr : NULL;
}
