/*
 * roles: the realistic job previews, one JSON file per role in
 * kiosk-config/roles/<id>.json (see kiosk-config/README.md for the schema).
 *
 * roles_load() reads and validates every file, reporting each problem as
 * "file:line: message" (missing field, wrong type, unknown field, text too
 * long for its box at 800x480, wrong number of items, unknown setting or
 * value, bad time, image not found, duplicate id, id not the file name,
 * not JSON, not UTF-8); a role with any problem is left out whole. The
 * limits are in roles.c and kiosk-config/README.md.
 * The struct roles owns every string; free it with roles_free().
 */
#ifndef KIOSK_ROLES_H
#define KIOSK_ROLES_H

#include "content/diag.h"

#include <stddef.h>

enum role_setting {
	ROLE_SET_HOMES = 1 << 0,	/* "homes": in people's homes */
	ROLE_SET_CARE_HOME = 1 << 1,	/* "care-home" */
	ROLE_SET_COMMUNITY = 1 << 2,	/* "community" */
	ROLE_SET_NIGHTS = 1 << 3,	/* "nights" */
};

struct role_step {
	char *time, *text;
};

struct role_list {
	char **v;
	size_t n;
};

struct role {
	char *file;			/* for messages */
	char *id, *title, *summary, *image;
	int order;
	unsigned settings;		/* enum role_setting bits */
	char *worker, *day_intro;
	struct role_step *steps;
	size_t nsteps;
	struct role_list good, hard;
	char *pay_range, *pay_source, *pay_as_of;
	int pay_as_of_line;		/* for the stale-figure warning (check.h) */
	struct role_list hours, contracts;
	struct role_list need;
	struct role_list ladder, levels;	/* same length, bottom rung first */
	struct role_list reflect;
	struct role_list values;	/* quiz value ids this role leans on */
};

struct roles {
	struct role *v;			/* sorted by order, then id */
	size_t n;
};

/* Loads every .json file in config_dir/roles/ (in name order; at most 256);
 * images are checked under asset_dir/images/ (that the file exists, not
 * that it decodes). Messages name each file by its path. Returns the number
 * of roles loaded (problems in diag; an empty folder is one), or -1 if the
 * folder cannot be read. out is overwritten: free it with roles_free(). */
int roles_load(struct roles *out, const char *config_dir, const char *asset_dir,
	       struct diag_list *diag);
/* Validates one file's text (len bytes, need not be NUL-terminated) named
 * `name` in messages; its base name without ".json" must equal its "id".
 * Appends the role to out (kept sorted) and returns 1, or reports every
 * problem in diag and returns 0 (a duplicate of an id already in out is a
 * problem). Zero out before the first call. */
int roles_parse(struct roles *out, const char *name, const char *text, size_t len,
		const char *asset_dir, struct diag_list *diag);
const struct role *roles_find(const struct roles *r, const char *id);
/* Bit for a setting name ("homes", ...), 0 if unknown. */
unsigned roles_setting_bit(const char *name);
void roles_free(struct roles *r);

#endif
