/*
 * form: the content of the expression-of-interest form and of its
 * on-screen keyboard, from kiosk-config/form.json and
 * kiosk-config/keyboards.json.
 *
 * form.json holds what the form says and offers: the privacy notice, the
 * options for each choice (stored in a lead by their ids, shown by their
 * labels), the partners a visitor may agree to share with, and, for each
 * programme, its name, why it fits and what happens next. keyboards.json
 * holds the keyboard layouts as rows of keys, and the accented letters a
 * long press offers. Loaders validate everything and report each problem
 * as "file:line: message"; on any problem the struct is left empty.
 *
 * Ownership: each struct owns every string in it; free with its _free().
 * No personal data ever passes through here.
 */
#ifndef KIOSK_FORM_H
#define KIOSK_FORM_H

#include "content/diag.h"

#include <stdbool.h>
#include <stddef.h>

struct form_option {
	char *id;	/* stored in the lead: [a-z0-9-], stable across wording changes */
	char *label;	/* shown */
};

struct form_options {
	struct form_option *v;
	size_t n;
};

struct form_texts {
	char **v;
	size_t n;
};

/* What the thank-you screen says about a programme a visitor is routed to
 * (which programmes exist, and the routing, are in programmes.json). */
struct form_programme {
	char *id;		/* as in programmes.json */
	int line;		/* in form.json, for messages */
	char *name;		/* e.g. "Step into Care" */
	char *why;		/* one sentence: why it fits this visitor */
	struct form_texts next;	/* what happens next, a step a line */
};

struct form_content {
	struct form_texts privacy;	/* the notice, one paragraph an item */
	struct form_options heard_from, times, hours, drives, benefits, contact_time;
	struct form_texts partners;	/* named in the optional sharing consent */
	struct form_programme *prog;	/* in file order */
	size_t nprog;
	char version[13];		/* short hash of the content files */
};

/* Loads config_dir/form.json and computes the content version. Returns 0,
 * or -1 with every problem in diag (then *out is empty). */
int form_load(struct form_content *out, const char *config_dir, struct diag_list *diag);
/* The same for a text already in memory (tests); name is for messages. */
int form_parse(struct form_content *out, const char *name, const char *text, size_t len,
	       struct diag_list *diag);
void form_free(struct form_content *c);

/* The words for programme id, or NULL. */
const struct form_programme *form_programme_find(const struct form_content *c, const char *id);
/* The option with this id, or NULL. */
const struct form_option *form_option_find(const struct form_options *o, const char *id);

/* Words for an answer's stored ids, for exports that people read. */
struct roles;
struct form_words {
	const struct form_content *form;	/* may be NULL: no option words */
	const struct roles *roles;		/* may be NULL: no job titles */
	const char *not_sure;			/* for the "not-sure" job; NULL = the id */
};
/* Matches export_labels.word (ctx a struct form_words): the label the
 * visitor saw for id in answer col ("roles": a job title; "availability",
 * "drives", "benefits", "heard_from", "contact_time": a form.json option),
 * or NULL when there is none, so an id from older content stays as it is. */
const char *form_answer_words(void *ctx, const char *col, const char *id);
/* The same words for a job's thread (form_words.c): job titles and
 * not_sure copied, since the app's roles and strings change with the
 * language; form borrowed, read-only (the app replaces its bundle only with
 * no job pending). NULL when memory ran out. form_words_copy_word matches
 * export_labels.word; form_words_copy_free frees one (NULL is fine). */
struct form_words_copy;
struct form_words_copy *form_words_copy(const struct form_content *form,
					const struct roles *roles, const char *not_sure);
const char *form_words_copy_word(void *ctx, const char *col, const char *id);
void form_words_copy_free(void *ctx);

/* A short hash (12 hex digits) of every content file under config_dir
 * (*.json and *.csv except kiosk.json, which holds settings), so each lead
 * records which wording the visitor saw. "" if nothing could be read. */
void form_content_version(const char *config_dir, char out[13]);

/* ---- Keyboards ---- */

enum form_kb_action {
	FORM_KB_CHAR,
	FORM_KB_SHIFT,
	FORM_KB_BACKSPACE,
	FORM_KB_LAYOUT,
	FORM_KB_DONE,
};

struct form_kb_key {
	char *label;		/* shown, and the key's name in the tree */
	char *text;		/* typed (FORM_KB_CHAR); NULL = the label */
	char *to;		/* FORM_KB_LAYOUT: a layout id; NULL = the field's own */
	char *icon;		/* "shift", "backspace" or NULL */
	enum form_kb_action action;
	float width;		/* in key widths, 0.5 to 8 */
};

struct form_kb_row {
	struct form_kb_key *keys;
	size_t n;
};

struct form_kb_layout {
	char *id;
	struct form_kb_row *rows;
	size_t nrows;
};

struct form_kb_accent {
	char *base;
	struct form_texts alts;
};

struct form_keyboards {
	struct form_kb_layout *layouts;
	size_t nlayouts;
	struct form_kb_accent *accents;
	size_t naccents;
};

/* Loads config_dir/keyboards.json. Every layout needs a Backspace and a
 * Done key (so a visitor can always correct and leave), and the layouts
 * the form uses ("letters", "email", "phone", "postcode") must exist.
 * Returns 0, or -1 with problems in diag (then *out is empty). */
int form_keyboards_load(struct form_keyboards *out, const char *config_dir,
			struct diag_list *diag);
int form_keyboards_parse(struct form_keyboards *out, const char *name, const char *text,
			 size_t len, struct diag_list *diag);
void form_keyboards_free(struct form_keyboards *k);

#endif
