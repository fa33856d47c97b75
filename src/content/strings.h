/*
 * strings: every word the kiosk shows that is not content, from
 * kiosk-config/strings.json (a flat { "key": "text" } object), so the UI
 * can be reworded or translated without touching C.
 */
#ifndef KIOSK_STRINGS_H
#define KIOSK_STRINGS_H

#include "diag.h"

#include <stddef.h>

struct strings {
	char **keys, **vals;	/* sorted by key */
	size_t n;
};

/* Returns 0, or -1 with problems in diag. */
int strings_load(struct strings *s, const char *path, const char *name, struct diag_list *diag);
/* The text for key; the key itself if missing (visible, never a crash). */
const char *strings_get(const struct strings *s, const char *key);
/* Like strings_get, but NULL when missing. */
const char *strings_find(const struct strings *s, const char *key);
void strings_free(struct strings *s);

#endif
