/*
 * form: "Register your interest", one question a screen (form_int.h lists
 * the steps). The top bar holds Back (left), "Step 3 of 11" with a bar
 * (middle) and Next, or Send on the review (right), so both stay in reach
 * while the on-screen keyboard covers the bottom of the screen.
 *
 * Home leaves at once on the first step; after that it asks first, as
 * leaving deletes every answer.
 *
 * arg: a role id to pre-select (else app->visit.role_id, set by a job
 * preview). Next checks the step and says exactly what to fix; Back on the
 * first step leaves for home. Send commits the lead before the thank-you
 * screen appears; if it cannot, the visitor is told to ask staff and
 * every answer stays on screen.
 */
#include "scenes/form_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[FF_COUNT] = {"first_name", "last_name", "phone", "email",
						  "postcode"};

const char *form_field_name(enum form_field f)
{
	return field_names[f];
}

int form_step_fields(int step, int *n)
{
	*n = step == ST_NAME || step == ST_CONTACT ? 2 : step == ST_POSTCODE ? 1 : 0;
	return step == ST_NAME ? FF_FIRST : step == ST_CONTACT ? FF_PHONE : FF_POSTCODE;
}

void form_focus(struct form_state *s, int f)
{
	if (f != s->focus) {
		s->focus = f;
		ui_keyboard_reset(&s->kb, f >= 0 ? &s->f[f] : NULL, f == FF_FIRST || f == FF_LAST);
	}
	s->kb_up = f >= 0;
}

void form_go(struct form_state *s, int step, bool from_review)
{
	s->step = step;
	s->from_review = from_review;
	s->scroll = (struct ui_scroll){0};
	s->err = NULL;
	memset(s->ferr, 0, sizeof s->ferr);
	s->focus = -1;
	int n, first = form_step_fields(step, &n);
	/* A text step opens with its first empty box ready to type in. */
	int want = -1;
	for (int i = 0; i < n && want < 0; i++)
		if (!s->f[first + i].len)
			want = first + i;
	form_focus(s, n ? (want >= 0 ? want : first) : -1);
	s->kb_up = n && want >= 0;
}

/* Runs a fields.h check on a text field and, if it passes, puts the tidy
 * form back in the box so the review shows what will be saved. */
static bool check(struct form_state *s, enum form_field f,
		  enum fields_err (*fn)(const char *, char *, size_t))
{
	char out[FIELDS_BUF_MIN];
	s->ferr[f] = fn(s->f[f].text, out, sizeof out);
	if (!s->ferr[f] && strcmp(out, s->f[f].text) != 0)
		ui_field_set(&s->f[f], out);
	explicit_bzero(out, sizeof out);
	return !s->ferr[f];
}

static int count_true(const bool *v, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += v[i];
	return k;
}

static bool validate_text(struct form_state *s)
{
	bool ok = true;
	switch (s->step) {
	case ST_NAME:
		ok &= check(s, FF_FIRST, fields_name);
		ok &= check(s, FF_LAST, fields_name);
		break;
	case ST_CONTACT:
		if (!s->f[FF_PHONE].len && !s->f[FF_EMAIL].len) {
			s->err = "form.err.contact_none";
			return false;
		}
		if (s->f[FF_PHONE].len)
			ok &= check(s, FF_PHONE, fields_phone);
		if (s->f[FF_EMAIL].len)
			ok &= check(s, FF_EMAIL, fields_email);
		break;
	case ST_POSTCODE:
		ok &= check(s, FF_POSTCODE, fields_postcode);
		break;
	}
	return ok;
}

bool form_validate(struct app *app, struct form_state *s)
{
	(void)app;
	s->err = NULL;
	memset(s->ferr, 0, sizeof s->ferr);
	switch (s->step) {
	case ST_NAME:
	case ST_CONTACT:
	case ST_POSTCODE:
		return validate_text(s);
	case ST_ROLES:
		if (!s->role_unsure && !count_true(s->role, FORM_MAX_ROLES))
			s->err = "form.err.roles_none";
		break;
	case ST_AVAIL:
		if (!count_true(s->times, FORM_MAX_OPTS))
			s->err = "form.err.times_none";
		else if (!s->hours)
			s->err = "form.err.hours_none";
		else if (!s->drives)
			s->err = "form.err.drives_none";
		break;
	case ST_BENEFITS:
	case ST_HEARD:
	case ST_TIME: {
		int v = s->step == ST_BENEFITS ? s->benefits : s->step == ST_HEARD ? s->heard : s->ctime;
		if (!v)
			s->err = "form.err.choose_one";
		break;
	}
	case ST_CONSENT:
		if (!s->consent_contact)
			s->err = "form.err.consent_contact";
		break;
	}
	return s->err == NULL;
}

/* Visits that reached each step, for the counts: where people give up. */
static void count_step(struct app *app, int step)
{
	static const char *const ids[ST_COUNT] = {
		"01-privacy", "02-name",     "03-contact", "04-postcode", "05-roles",  "06-availability",
		"07-benefits", "08-heard-from", "09-contact-time", "10-consent", "11-review"};
	if (step >= 0 && step < ST_COUNT)
		app_count_once(app, "form.step", ids[step]);
}

static void next(struct app *app, struct form_state *s)
{
	if (s->step == ST_REVIEW) {
		if (!s->sent && form_send(app, s)) {
			s->sent = true;
			app_goto(app, SCENE_THANKS, NULL);
		}
		return;
	}
	if (!form_validate(app, s)) {
		s->kb_up = false;	/* so the whole message can be read */
		return;
	}
	form_go(s, s->from_review ? ST_REVIEW : s->step + 1, false);
	count_step(app, s->step);
}

static void back(struct app *app, struct form_state *s)
{
	if (s->from_review) {
		next(app, s);	/* back to the review, once the step is right */
		return;
	}
	if (s->step == ST_PRIVACY)
		app_goto(app, SCENE_HOME, NULL);
	else
		form_go(s, s->step - 1, false);
}

/* Home from inside the form: straight home before anything is answered,
 * else only after the visitor says so, as every answer is then deleted. */
static void home(struct app *app, struct form_state *s)
{
	if (s->step == ST_PRIVACY)
		app_goto(app, SCENE_HOME, NULL);
	else
		s->leave_open = true;
}

/* The top bar: Back and Home, Listen, the progress, Next or Send. */
static void top_bar(struct app *app, struct form_state *s, struct ui *ui)
{
	char step[16], steps[16], text[128], tmp[128];
	snprintf(step, sizeof step, "%d", s->step + 1);
	snprintf(steps, sizeof steps, "%d", ST_COUNT);
	form_fill(tmp, sizeof tmp, app_str(app, "form.progress"), "{step}", step);
	form_fill(text, sizeof text, tmp, "{steps}", steps);
	bool review = s->step == ST_REVIEW;
	const struct ui_bar bar = {
		.back = app_str(app, "nav.back"),
		.home = app_str(app, "nav.home"),
		.next = app_str(app, review ? "form.send" : "nav.next"),
		.next_style = UI_STYLE_ACCENT,
		.next_name = review ? "send" : "next",
		.step = text,
		.step_done = s->step + 1,
		.step_total = ST_COUNT,
	};
	switch (ui_topbar(ui, &bar, NULL)) {
	case UI_BAR_BACK: back(app, s); break;
	case UI_BAR_HOME: home(app, s); break;
	case UI_BAR_NEXT: next(app, s); break;
	default: break;
	}
}

/* "Leave the form?" over the step, until the visitor stays or leaves. */
static void leave_dialog(struct app *app, struct form_state *s, struct ui *ui)
{
	const struct ui_dialog d = {
		.title = app_str(app, "form.leave.title"),
		.text = app_str(app, "form.leave.text"),
		.button = {app_str(app, "form.leave.stay"), app_str(app, "form.leave.go")},
		.style = {UI_STYLE_PRIMARY, UI_STYLE_SECONDARY},
		.name = {"stay", "leave"},
	};
	int answer = ui_dialog(ui, &d);
	if (answer == 1)
		s->leave_open = false;
	else if (answer == 2)
		app_goto(app, SCENE_HOME, NULL);
}

/* Done: on to the next empty box of this step, else put the keyboard
 * away so the whole screen (and any message) can be read. */
static void done_key(struct form_state *s)
{
	int n, first = form_step_fields(s->step, &n);
	for (int f = s->focus + 1; f < first + n; f++)
		if (!s->f[f].len) {
			form_focus(s, f);
			return;
		}
	s->kb_up = false;
}

/* Shown instead of the form if its content could not be loaded. */
static void draw_broken(struct app *app, struct ui *ui)
{
	struct ui_rect area;
	const struct ui_bar bar = {.title = app_str(app, "home.register"),
				   .back = app_str(app, "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	ui_label(ui, app_str(app, "form.unavailable"), ui_inset(area, 2 * ui->sz.pad, 2 * ui->sz.pad),
		 UI_FONT_LARGE, UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	if (nav)
		app_goto(app, SCENE_HOME, NULL);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct form_state *s = state;
	/* The visitor may change language on any step: its words and keys. */
	s->c = app_form(app);
	s->kbset = app_kbset(app);
	if (!s->loaded) {
		draw_broken(app, ui);
		return;
	}
	int step = s->step;
	int bar = ui->sz.bar_h;
	int kb_h = s->kb_up && s->focus >= 0 ? ui_keyboard_height(ui, s->kbset) : 0;
	struct ui_rect area = {0, bar, ui->w, ui->h - bar - kb_h};
	form_draw_step(app, s, ui, area);
	if (kb_h && s->step == step && s->focus >= 0) {
		static const char *const layouts[FF_COUNT] = {"letters", "letters", "phone", "email",
							      "postcode"};
		int f = s->focus;
		enum ui_kb_result r = ui_keyboard(ui, &s->kb, s->kbset, layouts[f], &s->f[f],
						  f == FF_FIRST || f == FF_LAST);
		if (r == UI_KB_HIDE)
			done_key(s);
		if (r == UI_KB_EDITED)
			s->ferr[f] = FIELDS_OK;	/* the visitor is fixing it */
	}
	/* Last, so Next and Back act on what the step took in this frame. */
	top_bar(app, s, ui);
	if (s->leave_open)
		leave_dialog(app, s, ui);
	if (s->step != step || !s->kb_up != !kb_h)
		ui->dirty = true;	/* the layout changed: draw again */
}

/* Physical keyboard: text and editing keys go to the focused field;
 * Return moves to the next box, then on; Escape hides the keyboard, then
 * goes back; with "Leave the form?" up, Escape keeps going. */
static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	struct form_state *s = state;
	if (!s->loaded)
		return false;
	if (s->leave_open) {	/* the dialog takes the keys: Escape stays */
		if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE)
			s->leave_open = false;
		return true;
	}
	if (s->focus >= 0 && ui_field_key(&s->f[s->focus], ev)) {
		s->ferr[s->focus] = FIELDS_OK;
		return true;
	}
	if (ev->type != UI_EV_KEY)
		return false;
	if (ev->key == UI_KEY_RETURN) {
		int n, first = form_step_fields(s->step, &n);
		if (s->focus >= 0 && s->focus + 1 < first + n)
			form_focus(s, s->focus + 1);
		else
			next(app, s);
		return true;
	}
	if (ev->key == UI_KEY_ESCAPE) {
		if (s->kb_up)
			s->kb_up = false;
		else
			back(app, s);
		return true;
	}
	return false;
}

/* Pre-selects the role the visitor arrived from. */
static void preselect(struct app *app, struct form_state *s, const char *arg)
{
	const char *id = arg && *arg ? arg : app->visit.role_id;
	for (size_t i = 0; i < app_roles(app)->n && i < FORM_MAX_ROLES; i++)
		if (*id && !strcmp(app_roles(app)->v[i].id, id))
			s->role[i] = true;
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct form_state *s = state;
	s->c = app_form(app);
	s->kbset = app_kbset(app);
	s->loaded = true;
	s->focus = -1;
	preselect(app, s, arg);
	form_go(s, ST_PRIVACY, false);
	count_step(app, ST_PRIVACY);
}

const struct scene scene_form = {
	.name = "form",
	.state_size = sizeof(struct form_state),
	.enter = enter,
	.key = key,
	.draw = draw,
};
