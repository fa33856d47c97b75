/*
 * diff: what changes when one content bundle replaces another, in the
 * terms staff think in (staff mode's "Update content from USB" shows it
 * before asking to confirm): course sessions added and removed, roles
 * added, removed and changed.
 *
 * A session is the same session when its title, date, start time and
 * venue are; only sessions from `today` on count (past ones are hidden
 * anyway). A role is changed when its file's bytes differ.
 *
 * The lists own their strings; content_diff_free() frees them. No state:
 * any thread (both bundles read-only).
 */
#ifndef KIOSK_DIFF_H
#define KIOSK_DIFF_H

#include "content/bundle.h"

#include <stdbool.h>
#include <stddef.h>

struct diff_list {
	char **v;
	size_t n;
};

struct content_diff {
	struct diff_list added, removed;	/* sessions: "Title, <when>, venue" */
	struct diff_list roles_added, roles_removed, roles_changed;	/* titles */
	bool oom;
};

/* Compares old with new as of y-m-d; days and months name the dates
 * (courses_format_when). out is zeroed first. */
void content_diff(const struct bundle *old, const struct bundle *new_b,
		  const char *const days[7], const char *const months[12], int y, int m, int d,
		  struct content_diff *out);
/* True when nothing staff would see changes in those terms. */
bool content_diff_empty(const struct content_diff *d);
void content_diff_free(struct content_diff *d);

#endif
