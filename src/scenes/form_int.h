/*
 * form_int.h: the "Register your interest" scene's own state, shared by its
 * three files (and nothing else):
 *   form.c        the scene: steps, top bar, focus, keys, validation
 *   form_steps.c  what each step draws (questions, fields, choices, ticks)
 *   form_review.c the review: every answer with Change beside it
 *   form_send.c   the answers as JSON, saving the lead, the keyboard data
 *
 * Privacy: every answer lives in struct form_state, which the app zeroes
 * and frees when the scene ends (idle reset included); temporary copies
 * are explicit_bzero'd by whoever makes them.
 */
#ifndef KIOSK_FORM_INT_H
#define KIOSK_FORM_INT_H

#include "scenes/scenes.h"

#include "store/fields.h"
#include "content/form.h"

enum form_step {
	ST_PRIVACY,
	ST_NAME,
	ST_CONTACT,
	ST_POSTCODE,
	ST_ROLES,
	ST_AVAIL,
	ST_BENEFITS,
	ST_HEARD,
	ST_TIME,
	ST_CONSENT,
	ST_REVIEW,
	ST_COUNT,
};

enum form_field { FF_FIRST, FF_LAST, FF_PHONE, FF_EMAIL, FF_POSTCODE, FF_COUNT };

#define FORM_MAX_ROLES 64
#define FORM_MAX_OPTS 12

struct form_state {
	/* Content, loaded on enter (not personal). */
	const struct form_content *c;	/* the app's bundle */
	bool loaded;
	const struct ui_kb_set *kbset;	/* the app's, built from k */

	int step;
	bool from_review;	/* Next (and Back) return to the review */
	struct ui_scroll scroll;

	/* Text answers and the keyboard. */
	struct ui_field f[FF_COUNT];
	int focus;		/* an enum form_field, or -1 */
	bool kb_up;
	struct ui_keyboard kb;
	enum fields_err ferr[FF_COUNT];
	const char *err;	/* strings key of this step's message, or NULL */

	/* Choices: an option's index + 1 (0 = none yet), or flags. */
	bool role[FORM_MAX_ROLES];	/* by index in app->content.roles */
	bool role_unsure;
	bool times[FORM_MAX_OPTS];
	int hours, drives, benefits, heard, ctime;
	bool consent_contact, consent_share, include_quiz;

	bool leave_open;	/* "Leave the form?" is showing */
	bool save_failed;	/* the last Send could not be saved */
	bool sent;
};

/* form.c */
const char *form_field_name(enum form_field f);
/* The first field of a text step; *n gets how many it has (0 for none). */
int form_step_fields(int step, int *n);
/* Moves the focus (and the keyboard) to field f, or -1 for none. */
void form_focus(struct form_state *s, int f);
/* Checks the current step; on a problem sets s->err / s->ferr and
 * returns false. Normalises phone, email and postcode in place. */
bool form_validate(struct app *app, struct form_state *s);
/* Goes to step (from the review's Change: back to the review after). */
void form_go(struct form_state *s, int step, bool from_review);

/* form_steps.c: each draws the step inside area (below the top bar and
 * above the keyboard if it is up). */
void form_draw_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect area);
/* Copies tpl into out with "{name}" replaced by v. */
void form_fill(char *out, size_t n, const char *tpl, const char *name, const char *v);

/* form_review.c: every answer, a row a step, each with Change. */
void form_draw_review(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect area);
/* Appends the labels of the chosen options to out, ", " between. */
void form_join_chosen(const struct form_options *o, const bool *many, int one, char *out,
		      size_t n);

/* form_send.c */
/* Saves the lead. True after a durable commit (then the caller thanks the
 * visitor); false leaves every answer as it was and sets save_failed. */
bool form_send(struct app *app, struct form_state *s);
/* The id of the programme this visitor's answers route to (programmes.json). */
const char *form_programme(const struct app *app, const struct form_state *s);

#endif
