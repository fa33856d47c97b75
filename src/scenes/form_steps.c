/*
 * form_steps.c: what each step of the form draws below the top bar: the
 * question, then its text boxes, choices or ticks, and any message saying
 * what to fix. Choices are recorded as checkboxes named after the answer
 * (roles, availability, drives, ...), so `dump` shows which are chosen.
 * The review (form_review.c) lists every answer.
 */
#include "scenes/form_int.h"

#include <stdio.h>
#include <string.h>

#define PAD 16
#define GAP 10
#define ROW 60	/* a choice: a fingertip tall, with room for two lines */

void form_fill(char *out, size_t n, const char *tpl, const char *name, const char *v)
{
	size_t k = 0, ln = strlen(name);
	for (const char *p = tpl; *p && k + 1 < n;) {
		if (strncmp(p, name, ln) != 0) {
			out[k++] = *p++;
			continue;
		}
		p += ln;
		for (const char *q = v; *q && k + 1 < n; q++)
			out[k++] = *q;
	}
	out[k] = '\0';
}

/* The question, bold, at the top; returns its height. */
static int question(struct ui *ui, const char *text, int x, int y, int w)
{
	int h = ui_text_height(ui, text, w, UI_FONT_TITLE, UI_BOLD);
	ui_label(ui, text, (struct ui_rect){x, y, w, h}, UI_FONT_TITLE, UI_BOLD, ui->th.text,
		 UI_ALIGN_LEFT);
	return h;
}

static int note(struct ui *ui, const char *text, int x, int y, int w, enum ui_font f)
{
	int h = ui_text_height(ui, text, w, f, UI_REGULAR);
	ui_label(ui, text, (struct ui_rect){x, y, w, h}, f, UI_REGULAR, ui->th.muted,
		 UI_ALIGN_LEFT);
	return h;
}

/* What to fix, in the danger colour with a bar beside it; returns its
 * height (0 if there is nothing to say). */
static int problem(struct ui *ui, const char *text, int x, int y, int w)
{
	if (!text)
		return 0;
	int bar = ui_u(ui, 6), in = ui_u(ui, 10);
	int h = ui_text_height(ui, text, w - bar - in, UI_FONT_BODY, UI_BOLD);
	ui_rule(ui, (struct ui_rect){x, y, bar, h}, ui->th.danger);
	ui_label(ui, text, (struct ui_rect){x + bar + in, y, w - bar - in, h}, UI_FONT_BODY,
		 UI_BOLD, ui->th.danger, UI_ALIGN_LEFT);
	return h;
}

/* Options in cols columns from y; one (radio) or many. Returns the height. */
static int options(struct ui *ui, const struct form_options *o, const char *name, int x, int y,
		   int w, int cols, int *one, bool *many)
{
	int gap = ui_u(ui, GAP), rh = ui_u(ui, ROW);
	int cw = (w - (cols - 1) * gap) / cols;
	int rows = ((int)o->n + cols - 1) / cols;
	for (size_t i = 0; i < o->n; i++) {
		struct ui_rect r = {x + (int)(i % (size_t)cols) * (cw + gap),
				    y + (int)(i / (size_t)cols) * (rh + gap), cw, rh};
		bool on = one ? *one == (int)i + 1 : many[i];
		if (ui_choice(ui, one ? UI_CHOICE_RADIO : UI_CHOICE_CHECK, o->v[i].label, name, r, on)) {
			if (one)
				*one = (int)i + 1;
			else
				many[i] = !many[i];
		}
	}
	return rows * (rh + gap) - gap;
}

static int cols_for(size_t n)
{
	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

/* ---- The steps ---- */

static void privacy(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui_u(ui, PAD), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui_u(ui, 8);
	y += question(ui, app_str(app, "form.privacy.title"), x, y, w) + ui_u(ui, 6);
	struct ui_rect view = {a.x, y, a.w, a.y + a.h - y};
	int top = ui_scroll_begin(ui, &s->scroll, view).y, h = 0;
	for (size_t i = 0; i < s->c->privacy.n; i++)
		h += note(ui, s->c->privacy.v[i], x, top + h, w - ui->sz.in, UI_FONT_BODY) +
		     ui_u(ui, 10);
	ui_scroll_end(ui, h);
}

/* Text steps: a caption and a box for each field, side by side. While the
 * keyboard is up, the question's place shows what to fix in the box being
 * typed in; without it, each message sits under its box. */
static void text_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	static const char *const caps[FF_COUNT] = {"form.name.first", "form.name.last",
						   "form.contact.phone", "form.contact.email",
						   "form.postcode.label"};
	static const char *const titles[ST_COUNT] = {[ST_NAME] = "form.name.title",
						     [ST_CONTACT] = "form.contact.title",
						     [ST_POSTCODE] = "form.postcode.title"};
	static const char *const hints[ST_COUNT] = {[ST_NAME] = "form.name.hint",
						    [ST_CONTACT] = "form.contact.hint",
						    [ST_POSTCODE] = "form.postcode.hint"};
	int pad = ui_u(ui, PAD), gap = ui_u(ui, GAP), x = a.x + pad, w = a.w - 2 * pad;
	int n, first = form_step_fields(s->step, &n);
	int y = a.y + ui_u(ui, 8), head = ui_u(ui, 56);
	const char *fix = NULL;
	if (s->kb_up && s->focus >= 0 && s->ferr[s->focus])
		fix = app_str(app, fields_err_key(s->ferr[s->focus]));
	else if (s->kb_up && s->err)
		fix = app_str(app, s->err);
	if (fix)
		problem(ui, fix, x, y, w);
	else
		question(ui, app_str(app, titles[s->step]), x, y, w);
	y += head;
	int cw = n == 1 ? (w < ui_u(ui, 380) ? w : ui_u(ui, 380)) : (w - gap) / 2;
	int ch = ui_u(ui, 24), fh = ui_u(ui, 60), below = 0;
	if (ui_line_height(ui, UI_FONT_SMALL, UI_BOLD) > ch)	/* a taller script's line */
		ch = ui_line_height(ui, UI_FONT_SMALL, UI_BOLD);
	for (int i = 0; i < n; i++) {
		int f = first + i, cx = x + i * (cw + gap);
		if (ui->rtl)	/* the first field at the right */
			cx = x + w - cw - i * (cw + gap);
		ui_label(ui, app_str(app, caps[f]), (struct ui_rect){cx, y, cw, ch}, UI_FONT_SMALL,
			 UI_BOLD, ui->th.muted, UI_ALIGN_LEFT);
		bool bad = s->ferr[f] || (s->err && s->step == ST_CONTACT);
		s->f[f].ltr = f != FF_FIRST && f != FF_LAST;	/* numbers and addresses */
		if (ui_text_field(ui, &s->f[f], form_field_name(f), (struct ui_rect){cx, y + ch, cw, fh},
				  s->focus == f, bad))
			form_focus(s, f);
		if (!s->kb_up && s->ferr[f]) {
			int h = problem(ui, app_str(app, fields_err_key(s->ferr[f])), cx,
					y + ch + fh + gap, cw);
			below = h > below ? h : below;
		}
	}
	if (s->kb_up)
		return;
	y += ch + fh + gap + (below ? below + gap : 0);
	if (s->err)
		y += problem(ui, app_str(app, s->err), x, y, w) + gap;
	note(ui, app_str(app, hints[s->step]), x, y, w, UI_FONT_BODY);
}

/* The jobs as chips, three to a row, whole rows in view. */
static void roles_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui_u(ui, PAD), gap = ui_u(ui, GAP), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui_u(ui, 8);
	y += question(ui, app_str(app, "form.roles.title"), x, y, w);
	y += note(ui, app_str(app, "form.roles.hint"), x, y, w, UI_FONT_BODY) + gap;
	if (s->err)
		y += problem(ui, app_str(app, s->err), x, y, w) + gap;
	size_t n = app_roles(app)->n < FORM_MAX_ROLES ? app_roles(app)->n : FORM_MAX_ROLES;
	int cols = 3, rh = ui_u(ui, ROW), pitch = rh + gap;
	int cw = (w - (cols - 1) * gap) / cols;
	int seen = (a.y + a.h - y) / pitch;
	seen = seen < 1 ? 1 : seen;
	struct ui_rect view = {a.x, y, a.w, seen * pitch};
	int top = ui_scroll_begin(ui, &s->scroll, view).y;
	for (size_t i = 0; i <= n; i++) {
		struct ui_rect r = {x + (int)(i % 3) * (cw + gap), top + (int)(i / 3) * pitch, cw, rh};
		bool *on = i < n ? &s->role[i] : &s->role_unsure;
		const char *t = i < n ? app_roles(app)->v[i].title : app_str(app, "form.roles.unsure");
		if (ui_choice(ui, UI_CHOICE_CHECK, t, "roles", r, *on))
			*on = !*on;
	}
	ui_scroll_end(ui, (int)((n + 1 + 2) / 3) * pitch);
}

static void avail_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui_u(ui, PAD), gap = ui_u(ui, GAP), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui_u(ui, 8);
	int ch = ui_line_height(ui, UI_FONT_BODY, UI_BOLD);
	y += question(ui, app_str(app, "form.avail.title"), x, y, w) + ui_u(ui, 4);
	if (s->err)
		y += problem(ui, app_str(app, s->err), x, y, w) + gap;
	struct {
		const char *cap, *name;
		const struct form_options *o;
		int *one;
		bool *many;
	} g[3] = {
		{"form.avail.times", "availability", &s->c->times, NULL, s->times},
		{"form.avail.hours", "availability", &s->c->hours, &s->hours, NULL},
		{"form.avail.drives", "drives", &s->c->drives, &s->drives, NULL},
	};
	for (int i = 0; i < 3; i++) {
		ui_label(ui, app_str(app, g[i].cap), (struct ui_rect){x, y, w, ch}, UI_FONT_BODY,
			 UI_BOLD, ui->th.muted, UI_ALIGN_LEFT);
		y += ch + ui_u(ui, 2);
		int cols = (int)g[i].o->n;
		y += options(ui, g[i].o, g[i].name, x, y, w, cols, g[i].one, g[i].many) + gap;
	}
}

/* One question with one answer: benefits, how you heard, best time. */
static void one_of(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	const struct form_options *o = s->step == ST_BENEFITS ? &s->c->benefits
				       : s->step == ST_HEARD  ? &s->c->heard_from
							      : &s->c->contact_time;
	int *v = s->step == ST_BENEFITS ? &s->benefits : s->step == ST_HEARD ? &s->heard : &s->ctime;
	const char *name = s->step == ST_BENEFITS ? "benefits" : s->step == ST_HEARD ? "heard_from"
										    : "contact_time";
	const char *title = s->step == ST_BENEFITS ? "form.benefits.title"
			    : s->step == ST_HEARD  ? "form.heard.title"
						   : "form.time.title";
	int pad = ui_u(ui, PAD), gap = ui_u(ui, GAP), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui_u(ui, 8);
	y += question(ui, app_str(app, title), x, y, w) + ui_u(ui, 4);
	if (s->step == ST_BENEFITS)
		y += note(ui, app_str(app, "form.benefits.hint"), x, y, w, UI_FONT_BODY) + gap;
	if (s->err)
		y += problem(ui, app_str(app, s->err), x, y, w) + gap;
	int cols = cols_for(o->n);
	int ow = cols == 1 && w > ui_u(ui, 560) ? ui_u(ui, 560) : w;
	options(ui, o, name, x, y, ow, cols, v, NULL);
}

static void join_partners(struct app *app, const struct form_state *s, char *out, size_t n)
{
	out[0] = '\0';
	size_t k = s->c->partners.n;
	for (size_t i = 0; i < k; i++) {
		const char *sep = i == 0 ? "" : i + 1 == k ? app_str(app, "form.list_and") : ", ";
		strncat(out, sep, n - strlen(out) - 1);
		strncat(out, s->c->partners.v[i], n - strlen(out) - 1);
	}
}

/* A tick with its words, as tall as the words need. Returns the height. */
static int tick(struct ui *ui, const char *text, const char *name, int x, int y, int w, bool *on)
{
	int box = ui_u(ui, 30), pad = ui->sz.in;
	int h = ui_text_height(ui, text, w - box - 3 * pad, UI_FONT_BODY, UI_BOLD) + 2 * pad;
	h = h < ui_u(ui, 64) ? ui_u(ui, 64) : h;
	if (ui_choice(ui, UI_CHOICE_CHECK, text, name, (struct ui_rect){x, y, w, h}, *on))
		*on = !*on;
	return h;
}

static void consent_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui_u(ui, PAD), gap = ui_u(ui, GAP), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui_u(ui, 8);
	y += question(ui, app_str(app, "form.consent.title"), x, y, w) + ui_u(ui, 6);
	if (s->err)
		y += problem(ui, app_str(app, s->err), x, y, w) + gap;
	y += tick(ui, app_str(app, "form.consent.contact"), "consent_contact", x, y, w,
		  &s->consent_contact) + gap;
	char partners[512], text[1024];
	join_partners(app, s, partners, sizeof partners);
	form_fill(text, sizeof text, app_str(app, "form.consent.share"), "{partners}", partners);
	y += tick(ui, text, "consent_share", x, y, w, &s->consent_share) + gap;
	if (!app->visit.quiz_done)
		return;
	y += tick(ui, app_str(app, "form.consent.quiz"), "include_quiz", x, y, w, &s->include_quiz);
	if (app->visit.quiz_summary[0])
		note(ui, app->visit.quiz_summary, x + ui_u(ui, 58), y + ui_u(ui, 4), w - ui_u(ui, 58),
		     UI_FONT_SMALL);
}

void form_draw_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect area)
{
	switch (s->step) {
	case ST_PRIVACY: privacy(app, s, ui, area); break;
	case ST_NAME:
	case ST_CONTACT:
	case ST_POSTCODE: text_step(app, s, ui, area); break;
	case ST_ROLES: roles_step(app, s, ui, area); break;
	case ST_AVAIL: avail_step(app, s, ui, area); break;
	case ST_BENEFITS:
	case ST_HEARD:
	case ST_TIME: one_of(app, s, ui, area); break;
	case ST_CONSENT: consent_step(app, s, ui, area); break;
	case ST_REVIEW: form_draw_review(app, s, ui, area); break;
	}
}
