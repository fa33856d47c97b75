/*
 * strtab: the string table, every word the kiosk shows that is not content, from
 * kiosk-config/strings/ (*.json files, each a flat { "key": "text" } object, one
 * file per part of the kiosk), so the UI can be reworded or translated
 * without touching C. A key defined in two files is an error.
 */
#ifndef KIOSK_STRTAB_H
#define KIOSK_STRTAB_H

#include "content/diag.h"

#include <stddef.h>

struct strtab {
	char **keys, **vals;	/* sorted by key */
	size_t n;
};

/* Loads every *.json in dir. Returns 0, or -1 with problems in diag. */
int strtab_load_dir(struct strtab *s, const char *dir, struct diag_list *diag);
/* Adds one file's strings. Returns 0, or -1 with problems in diag. */
int strtab_load(struct strtab *s, const char *path, const char *name, struct diag_list *diag);
/* The text for key; the key itself if missing (visible, never a crash). */
const char *strtab_get(const struct strtab *s, const char *key);
/* Like strtab_get, but NULL when missing. */
const char *strtab_find(const struct strtab *s, const char *key);
void strtab_free(struct strtab *s);
/* Sets key to a copy of val (added in order, or replacing). Returns 0, or
 * -1 out of memory (the table is as it was). */
int strtab_put(struct strtab *s, const char *key, const char *val);

/* Copies the template tpl into out (n bytes, always terminated), replacing
 * each {key} named in kv (pairs of key, value) with its value; an unknown
 * {key} stays as written. For strings such as "Part {n} of {total}". */
void strtab_fill(char *out, size_t n, const char *tpl, const char *const (*kv)[2], size_t nkv);

#endif
