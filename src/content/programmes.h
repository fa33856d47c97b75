/*
 * programmes: the training programmes a visitor can be pointed to, from
 * kiosk-config/programmes.json (kiosk-config/README.md has the format).
 * Each has an id (what courses.csv rows and leads store), the other
 * spellings staff may type in courses.csv, two strings keys for its name
 * (the full name and the short one on a filter chip, so both translate),
 * the course-dates page its QR code points to, and when a visitor is
 * routed to it. Nothing about a programme is written in C.
 *
 * Routing: the programmes are tried in file order; a programme is chosen
 * when any of its rules holds, a rule being a set of answers that must all
 * hold ({"benefits": ["yes"]}: the benefits answer is "yes"; {"roles":
 * ["personal-assistant"]}: that job is among those chosen). When none
 * holds, the one marked "otherwise" is chosen.
 *
 * Ownership: a struct programmes owns all its strings; programmes_free().
 * Read-only once loaded (safe to share between threads).
 */
#ifndef KIOSK_PROGRAMMES_H
#define KIOSK_PROGRAMMES_H

#include "content/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define PROGRAMMES_MAX 12	/* more would not fit as filter chips */

/* One answer must be one of ids. */
struct programme_cond {
	char *answer;		/* a question's stored name: "benefits", "roles", ... */
	char **ids;
	size_t nids;
	int line;
};

/* Holds when every condition holds. */
struct programme_rule {
	struct programme_cond *conds;
	size_t n;
};

struct programme {
	char *id;		/* [a-z0-9-] */
	char **aliases;		/* letters and digits only, lower case */
	size_t naliases;
	char *name_key;		/* strings key of the full name */
	char *short_key;	/* strings key of the filter chip's name */
	char *url;		/* the course-dates page ("" = no QR code) */
	struct programme_rule *rules;	/* routed here when any holds */
	size_t nrules;
	bool otherwise;		/* routed here when no programme's rule holds */
	int line;		/* where it starts in programmes.json */
};

struct programmes {
	struct programme *v;	/* in file order */
	size_t n;
	char *file;		/* for messages */
};

/* Loads config_dir/programmes.json. Returns 0, or -1 with every problem in
 * diag as "programmes.json:line: message" (then *out is empty; diag may
 * be NULL to drop them). */
int programmes_load(struct programmes *out, const char *config_dir, struct diag_list *diag);
/* The same for a text in memory; name is used in messages. */
int programmes_parse(struct programmes *out, const char *name, const char *text, size_t len,
		     struct diag_list *diag);
void programmes_free(struct programmes *p);

/* The programme with this id, or NULL. */
const struct programme *programmes_find(const struct programmes *p, const char *id);
/* Its place in p->v, or -1. */
int programmes_index(const struct programmes *p, const char *id);
/* The programme a courses.csv cell names: its id or an alias, compared on
 * letters and digits only, any case ("Sector-based work academy"). NULL if
 * none. */
const struct programme *programmes_match(const struct programmes *p, const char *spelling);
/* "step-into-care, sbwa, ..." for messages. */
void programmes_ids(const struct programmes *p, char *out, size_t n);

/* One answer of a visitor: a question's stored name and the id chosen
 * (a question with several choices gives several). */
struct programme_answer {
	const char *answer, *id;
};
/* The programme these answers route to (see the top of this file); NULL
 * only for an empty list. */
const struct programme *programmes_route(const struct programmes *p,
					 const struct programme_answer *a, size_t n);

/* Checks programmes.json against the rest of the content, with
 * programmes.json's lines: each name key is in the strings, each rule's
 * question and ids exist (answers "roles": role ids; "benefits", "drives",
 * "heard_from", "contact_time", "availability": form.json's option ids),
 * and every programme a visitor can be routed to has its words in
 * form.json's "programmes"; and form.json names no unknown programme.
 * Returns the number of problems added. */
struct form_content;
struct roles;
struct strtab;
size_t programmes_check(const struct programmes *p, const struct form_content *form,
			const struct roles *roles, const struct strtab *str,
			struct diag_list *diag);

/* kiosk.json from before programmes.json held the course-dates pages as
 * courses.url_step_into_care, url_sbwa and url_pa. The kiosk still uses
 * such a setting (it overrides that programme's course_dates_url) and adds
 * a note to warn naming kiosk.json's line and what to move where. */
struct config;
void programmes_apply_old_urls(struct programmes *p, const struct config *cfg,
			       struct diag_list *warn);

#endif
