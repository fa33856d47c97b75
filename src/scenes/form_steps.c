/*
 * form_steps.c: what each step of the form draws below the top bar: the
 * question, then its text boxes, choices or ticks, and any message saying
 * what to fix. Choices are recorded as checkboxes named after the answer
 * (roles, availability, drives, ...), so `dump` shows which are chosen.
 * The review (form_review.c) lists every answer.
 */
#include "scenes/form_int.h"

#include "ui/ui_theme.h"

#include <stdio.h>
#include <string.h>

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

/* A step's column: inside the screen's padding, just below the bar. */
static struct ui_col page(struct ui *ui, struct ui_rect a)
{
	struct ui_rect r = ui_inset(a, ui->sz.pad, 0);
	r.y += ui->sz.gap_small;
	return ui_col(r, 0);
}

/* Wrapped text next in the column, in a box its height (so one line of
 * Arabic or Urdu sits on its ink, as everywhere on the form). */
static void col_text(struct ui *ui, struct ui_col *c, const char *text, enum ui_font f,
		     enum ui_weight st, struct ui_color color)
{
	ui_label(ui, text, ui_col_take(c, ui_text_height(ui, text, c->r.w, f, st)), f, st, color,
		 UI_ALIGN_LEFT);
}

/* The question, bold, at the top, then space below it. */
static void question(struct ui *ui, struct ui_col *c, const char *text, enum ui_size below)
{
	col_text(ui, c, text, UI_FONT_TITLE, UI_BOLD, ui->th.text);
	ui_col_space(c, ui_size(ui, below));
}

static void note(struct ui *ui, struct ui_col *c, const char *text, enum ui_font f)
{
	col_text(ui, c, text, f, UI_REGULAR, ui->th.muted);
	ui_col_space(c, ui_size(ui, UI_SIZE_ROW_GAP));
}

/* What to fix, in the danger colour with a bar beside it, in r (r.h
 * unused); returns its height (0 if there is nothing to say). */
static int problem(struct ui *ui, const char *text, struct ui_rect r)
{
	if (!text)
		return 0;
	int bar = ui_size(ui, UI_SIZE_LINE_GAP);
	r.h = ui_text_height(ui, text, r.w - bar - ui_size(ui, UI_SIZE_ROW_GAP), UI_FONT_BODY,
			     UI_BOLD);
	ui_rule(ui, ui_cut_start(ui, &r, bar), ui->th.danger);
	ui_cut_start(ui, &r, ui_size(ui, UI_SIZE_ROW_GAP));
	ui_label(ui, text, r, UI_FONT_BODY, UI_BOLD, ui->th.danger, UI_ALIGN_LEFT);
	return r.h;
}

/* The step's message, if it has one, next in the column. */
static void col_problem(struct app *app, struct form_state *s, struct ui *ui, struct ui_col *c)
{
	if (s->err)
		ui_col_space(c, problem(ui, app_str(app, s->err), ui_col_take(c, 0)) +
					ui_size(ui, UI_SIZE_ROW_GAP));
}

/* Options in cols columns next in the column, one (radio) or many. */
static void options(struct ui *ui, struct ui_col *c, const struct form_options *o,
		    const char *name, int w, int cols, int *one, bool *many)
{
	int gap = ui_size(ui, UI_SIZE_ROW_GAP), rh = ui->sz.field_h;
	struct ui_rect r = ui_col_take(c, 0);
	r.w = w;
	for (size_t i = 0; i < o->n; i++) {
		bool on = one ? *one == (int)i + 1 : many[i];
		if (ui_choice(ui, one ? UI_CHOICE_RADIO : UI_CHOICE_CHECK, o->v[i].label, name,
			      ui_cell(ui, r, cols, gap, rh, (int)i), on)) {
			if (one)
				*one = (int)i + 1;
			else
				many[i] = !many[i];
		}
	}
	ui_col_space(c, (((int)o->n + cols - 1) / cols) * (rh + gap));
}

static int cols_for(size_t n)
{
	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

/* ---- The steps ---- */

static void privacy(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	struct ui_col c = page(ui, a);
	question(ui, &c, app_str(app, "form.privacy.title"), UI_SIZE_LINE_GAP);
	struct ui_rect view = {a.x, c.y, a.w, a.y + a.h - c.y};
	struct ui_rect in = ui_scroll_begin(ui, &s->scroll, view);
	struct ui_col t = ui_col((struct ui_rect){c.r.x, in.y, c.r.w - ui->sz.in, 0}, 0);
	for (size_t i = 0; i < s->c->privacy.n; i++)
		note(ui, &t, s->c->privacy.v[i], UI_FONT_BODY);
	ui_scroll_end(ui, t.y - in.y);
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
	struct ui_col c = page(ui, a);
	int gap = ui_size(ui, UI_SIZE_ROW_GAP), w = c.r.w, n, first = form_step_fields(s->step, &n);
	const char *fix = NULL;
	if (s->kb_up && s->focus >= 0 && s->ferr[s->focus])
		fix = app_str(app, fields_err_key(s->ferr[s->focus]));
	else if (s->kb_up && s->err)
		fix = app_str(app, s->err);
	struct ui_rect head = ui_col_take(&c, ui_size(ui, UI_SIZE_FORM_HEAD));
	struct ui_col q = ui_col(head, 0);
	if (fix)
		problem(ui, fix, head);
	else
		col_text(ui, &q, app_str(app, titles[s->step]), UI_FONT_TITLE, UI_BOLD, ui->th.text);
	int field_w = ui_size(ui, UI_SIZE_FIELD_W), cw = n == 1 ? (w < field_w ? w : field_w)
							      : (w - gap) / 2;
	int ch = ui_size(ui, UI_SIZE_CAPTION_H), fh = ui->sz.field_h, below = 0;
	if (ui_line_height(ui, UI_FONT_SMALL, UI_BOLD) > ch) /* a taller script's line */
		ch = ui_line_height(ui, UI_FONT_SMALL, UI_BOLD);
	struct ui_rect row = ui_col_take(&c, ch + fh + gap);
	for (int i = 0; i < n; i++) {
		int f = first + i;
		struct ui_rect cell = ui_cut_start(ui, &row, cw);
		ui_cut_start(ui, &row, gap);
		ui_label(ui, app_str(app, caps[f]), ui_cut_top(&cell, ch), UI_FONT_SMALL, UI_BOLD,
			 ui->th.muted, UI_ALIGN_LEFT);
		bool bad = s->ferr[f] || (s->err && s->step == ST_CONTACT);
		s->f[f].ltr = f != FF_FIRST && f != FF_LAST; /* numbers and addresses */
		if (ui_text_field(ui, &s->f[f], form_field_name(f), ui_cut_top(&cell, fh),
				  s->focus == f, bad))
			form_focus(s, f);
		ui_cut_top(&cell, gap);
		if (!s->kb_up && s->ferr[f]) {
			int h = problem(ui, app_str(app, fields_err_key(s->ferr[f])), cell);
			below = h > below ? h : below;
		}
	}
	if (s->kb_up)
		return;
	ui_col_space(&c, below ? below + gap : 0);
	col_problem(app, s, ui, &c);
	col_text(ui, &c, app_str(app, hints[s->step]), UI_FONT_BODY, UI_REGULAR, ui->th.muted);
}

/* The jobs as chips, three to a row, whole rows in view. */
static void roles_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	struct ui_col c = page(ui, a);
	question(ui, &c, app_str(app, "form.roles.title"), UI_SIZE_NONE);
	note(ui, &c, app_str(app, "form.roles.hint"), UI_FONT_BODY);
	col_problem(app, s, ui, &c);
	size_t n = app_roles(app)->n < FORM_MAX_ROLES ? app_roles(app)->n : FORM_MAX_ROLES;
	int gap = ui_size(ui, UI_SIZE_ROW_GAP), rh = ui->sz.field_h, pitch = rh + gap;
	int seen = (a.y + a.h - c.y) / pitch;
	seen = seen < 1 ? 1 : seen;
	struct ui_rect view = {a.x, c.y, a.w, seen * pitch};
	struct ui_rect in = ui_scroll_begin(ui, &s->scroll, view);
	in = (struct ui_rect){c.r.x, in.y, c.r.w, 0};
	for (size_t i = 0; i <= n; i++) {
		bool *on = i < n ? &s->role[i] : &s->role_unsure;
		const char *t = i < n ? app_roles(app)->v[i].title : app_str(app, "form.roles.unsure");
		if (ui_choice(ui, UI_CHOICE_CHECK, t, "roles", ui_cell(ui, in, 3, gap, rh, (int)i),
			      *on))
			*on = !*on;
	}
	ui_scroll_end(ui, (int)((n + 1 + 2) / 3) * pitch);
}

static void avail_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	struct ui_col c = page(ui, a);
	question(ui, &c, app_str(app, "form.avail.title"), UI_SIZE_NUDGE);
	col_problem(app, s, ui, &c);
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
	int ch = ui_line_height(ui, UI_FONT_BODY, UI_BOLD);
	for (int i = 0; i < 3; i++) {
		ui_label(ui, app_str(app, g[i].cap), ui_col_take(&c, ch), UI_FONT_BODY, UI_BOLD,
			 ui->th.muted, UI_ALIGN_LEFT);
		ui_col_space(&c, ui_size(ui, UI_SIZE_HAIR));
		options(ui, &c, g[i].o, g[i].name, c.r.w, (int)g[i].o->n, g[i].one, g[i].many);
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
	struct ui_col c = page(ui, a);
	question(ui, &c, app_str(app, title), UI_SIZE_NUDGE);
	if (s->step == ST_BENEFITS)
		note(ui, &c, app_str(app, "form.benefits.hint"), UI_FONT_BODY);
	col_problem(app, s, ui, &c);
	int cols = cols_for(o->n), most = ui_size(ui, UI_SIZE_ANSWERS_W);
	options(ui, &c, o, name, cols == 1 && c.r.w > most ? most : c.r.w, cols, v, NULL);
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

/* A tick with its words, as tall as the words need, next in the column. */
static void tick(struct ui *ui, struct ui_col *c, const char *text, const char *name, bool *on)
{
	int pad = ui->sz.in, least = ui_size(ui, UI_SIZE_TICK_H);
	int h = ui_text_height(ui, text, c->r.w - ui_size(ui, UI_SIZE_TICK_BOX) - 3 * pad,
			       UI_FONT_BODY, UI_BOLD) +
		2 * pad;
	if (ui_choice(ui, UI_CHOICE_CHECK, text, name, ui_col_take(c, h < least ? least : h), *on))
		*on = !*on;
	ui_col_space(c, ui_size(ui, UI_SIZE_ROW_GAP));
}

static void consent_step(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	struct ui_col c = page(ui, a);
	question(ui, &c, app_str(app, "form.consent.title"), UI_SIZE_LINE_GAP);
	col_problem(app, s, ui, &c);
	tick(ui, &c, app_str(app, "form.consent.contact"), "consent_contact", &s->consent_contact);
	char partners[512], text[1024];
	join_partners(app, s, partners, sizeof partners);
	form_fill(text, sizeof text, app_str(app, "form.consent.share"), "{partners}", partners);
	tick(ui, &c, text, "consent_share", &s->consent_share);
	if (!app->visit.quiz_done)
		return;
	tick(ui, &c, app_str(app, "form.consent.quiz"), "include_quiz", &s->include_quiz);
	if (!app->visit.quiz_summary[0])
		return;
	/* The summary under the tick's words, beside its box. */
	struct ui_rect r = ui_col_take(&c, 0);
	r.y -= ui_size(ui, UI_SIZE_ROW_GAP) - ui_size(ui, UI_SIZE_NUDGE);
	ui_cut_start(ui, &r, ui_size(ui, UI_SIZE_TICK_INDENT));
	struct ui_col q = ui_col(r, 0);
	col_text(ui, &q, app->visit.quiz_summary, UI_FONT_SMALL, UI_REGULAR, ui->th.muted);
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
