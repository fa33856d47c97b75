/*
 * json: cJSON documents that remember the line each value started on, so
 * every content problem can be reported as "file:line: message".
 *
 * The caller owns a struct jdoc and frees it with jdoc_free(); nodes belong
 * to the document.
 */
#ifndef KIOSK_JSON_H
#define KIOSK_JSON_H

#include "content/diag.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct jline {
	const cJSON *node;
	int line;
};

struct jdoc {
	cJSON *root;
	char *file;		/* name used in messages */
	struct jline *lines;	/* sorted by node address */
	size_t nlines;
};

/* Reads and parses path; messages name it as `name` (NULL = path).
 * Returns 0, or -1 with a message in diag (unreadable file, syntax error
 * with its line). */
int jdoc_load(struct jdoc *d, const char *path, const char *name, struct diag_list *diag);
int jdoc_parse(struct jdoc *d, const char *name, const char *text, size_t len,
	       struct diag_list *diag);
/* The *.json files in dir, hidden ones (".name.json") left out: up to max
 * of their names, malloc'd and sorted, into names and their number into
 * *n. The caller frees each name; one is NULL if memory ran out. Returns 0,
 * 1 if there were more than max (the first max read are listed), or -1 if
 * dir cannot be opened. */
int jdoc_list_dir(const char *dir, char **names, size_t max, size_t *n);
void jdoc_free(struct jdoc *d);

/* Line a node starts on (1-based; 0 if unknown). */
int jdoc_line(const struct jdoc *d, const cJSON *node);

/* Validation helpers: each reports through diag and returns false on a
 * problem. `obj` must be an object node of d. */
bool jdoc_known_keys(const struct jdoc *d, const cJSON *obj, const char *const known[],
		     const char *what, struct diag_list *diag);
/* A string member: missing (if required), not a string, empty, or longer
 * than max characters (0 = no limit) are reported. Returns NULL if absent
 * or bad. */
const char *jdoc_string(const struct jdoc *d, const cJSON *obj, const char *key, size_t max,
			bool required, struct diag_list *diag);
/* An array member of strings with between min and max items, each at most
 * maxlen characters. Returns the array node or NULL. */
const cJSON *jdoc_strings(const struct jdoc *d, const cJSON *obj, const char *key, int min,
			  int max, size_t maxlen, struct diag_list *diag);
/* An array or object member with between min and max items. */
const cJSON *jdoc_array(const struct jdoc *d, const cJSON *obj, const char *key, int min, int max,
			struct diag_list *diag);

/* Number of Unicode characters in a UTF-8 string. */
size_t utf8_chars(const char *s);
/* Offset of the first of len bytes that is not valid UTF-8 (a bad or
 * overlong sequence, a surrogate, past U+10FFFF, or cut off at len), or -1
 * if all are valid. cJSON does not check this. */
long utf8_bad_at(const char *s, size_t len);

#endif
