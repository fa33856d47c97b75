/*
 * form_review.c: the last step, "Check your answers": one row for each
 * earlier step (what it asked, what the visitor answered) with a Change
 * button that opens that step and comes back here. If Send failed, the
 * apology sits on top and every answer stays as it was.
 *
 * The rows' texts hold personal data; they are built in a buffer on the
 * stack and zeroed as soon as the frame has drawn them.
 */
#include "scenes/form_int.h"
#include "ui/ui_theme.h"

#include <stdio.h>
#include <string.h>

#define NROWS 9
#define VALUE_MAX 768

struct row {
	const char *cap;	/* strings key */
	int step;
	const char *name;	/* the Change button's name in the tree */
	char value[VALUE_MAX];
};

static void add(char *out, size_t n, const char *s)
{
	if (!s || !*s)
		return;
	if (*out)
		strncat(out, ", ", n - strlen(out) - 1);
	strncat(out, s, n - strlen(out) - 1);
}

void form_join_chosen(const struct form_options *o, const bool *many, int one, char *out,
		      size_t n)
{
	for (size_t i = 0; i < o->n; i++)
		if (many ? many[i] : one == (int)i + 1)
			add(out, n, o->v[i].label);
}

static void line(char *out, size_t n, const char *s)
{
	if (*out)
		strncat(out, "\n", n - strlen(out) - 1);
	strncat(out, s, n - strlen(out) - 1);
}

static const char *yes_no(struct app *app, bool b)
{
	return app_str(app, b ? "form.review.yes" : "form.review.no");
}

/* "Label: Yes" for the permission row. */
static void permission(struct app *app, char *out, size_t n, const char *key, bool b)
{
	char t[256];
	snprintf(t, sizeof t, "%s %s", app_str(app, key), yes_no(app, b));
	line(out, n, t);
}

static void fill_rows(struct app *app, const struct form_state *s, struct row *r)
{
	static const struct {
		const char *cap;
		int step;
		const char *name;
	} spec[NROWS] = {
		{"form.review.name", ST_NAME, "change-name"},
		{"form.review.contact", ST_CONTACT, "change-contact"},
		{"form.review.postcode", ST_POSTCODE, "change-postcode"},
		{"form.review.roles", ST_ROLES, "change-roles"},
		{"form.review.avail", ST_AVAIL, "change-availability"},
		{"form.review.benefits", ST_BENEFITS, "change-benefits"},
		{"form.review.heard", ST_HEARD, "change-heard-from"},
		{"form.review.time", ST_TIME, "change-contact-time"},
		{"form.review.consent", ST_CONSENT, "change-consent"},
	};
	const size_t n = VALUE_MAX;
	for (int i = 0; i < NROWS; i++)
		r[i] = (struct row){spec[i].cap, spec[i].step, spec[i].name, ""};
	snprintf(r[0].value, n, "%s %s", s->f[FF_FIRST].text, s->f[FF_LAST].text);
	const char *none = app_str(app, "form.review.none");
	char t[512];
	snprintf(t, sizeof t, "%s %s", app_str(app, "form.review.phone"),
		 s->f[FF_PHONE].len ? s->f[FF_PHONE].text : none);
	line(r[1].value, n, t);
	snprintf(t, sizeof t, "%s %s", app_str(app, "form.review.email"),
		 s->f[FF_EMAIL].len ? s->f[FF_EMAIL].text : none);
	line(r[1].value, n, t);
	explicit_bzero(t, sizeof t);
	snprintf(r[2].value, n, "%s", s->f[FF_POSTCODE].text);
	for (size_t i = 0; i < app_roles(app)->n && i < FORM_MAX_ROLES; i++)
		if (s->role[i])
			add(r[3].value, n, app_roles(app)->v[i].title);
	if (s->role_unsure)
		add(r[3].value, n, app_str(app, "form.roles.unsure"));
	form_join_chosen(&s->c->times, s->times, 0, r[4].value, n);
	form_join_chosen(&s->c->hours, NULL, s->hours, r[4].value, n);
	char drives[256] = "";
	form_join_chosen(&s->c->drives, NULL, s->drives, drives, sizeof drives);
	line(r[4].value, n, drives);
	form_join_chosen(&s->c->benefits, NULL, s->benefits, r[5].value, n);
	form_join_chosen(&s->c->heard_from, NULL, s->heard, r[6].value, n);
	form_join_chosen(&s->c->contact_time, NULL, s->ctime, r[7].value, n);
	permission(app, r[8].value, n, "form.review.consent_contact", s->consent_contact);
	permission(app, r[8].value, n, "form.review.consent_share", s->consent_share);
	if (app->visit.quiz_done)
		permission(app, r[8].value, n, "form.review.include_quiz", s->include_quiz);
}

static int row_height(struct ui *ui, const struct row *r, int w)
{
	int in = ui->sz.gap_small;
	int h = ui_text_height(ui, r->value, w, UI_FONT_BODY, UI_REGULAR) +
		ui_line_height(ui, UI_FONT_SMALL, UI_BOLD) + 2 * in;
	int min = ui->sz.button_h + 2 * in;
	return h < min ? min : h;
}

/* One row: caption and answer on the left, Change on the right. Returns
 * true when Change is tapped. */
static bool draw_row(struct app *app, struct ui *ui, const struct row *r, struct ui_rect b,
		     int tw)
{
	int in = ui->sz.gap_small;
	int ch = ui_line_height(ui, UI_FONT_SMALL, UI_BOLD);
	ui_label(ui, app_str(app, r->cap), (struct ui_rect){b.x, b.y + in, tw, ch}, UI_FONT_SMALL,
		 UI_BOLD, ui->th.muted, UI_ALIGN_LEFT);
	ui->mark |= UI_MARK_PERSONAL;	/* a visitor's answers are never read aloud */
	ui_label(ui, r->value, (struct ui_rect){b.x, b.y + in + ch, tw, b.h - 2 * in - ch},
		 UI_FONT_BODY, UI_REGULAR, ui->th.text, UI_ALIGN_LEFT);
	ui->mark &= ~(unsigned)UI_MARK_PERSONAL;
	int bw = ui_size(ui, UI_SIZE_CHANGE_W), bh = ui->sz.button_h;
	bool hit = ui_button_named(ui, app_str(app, "form.review.change"), r->name,
				   (struct ui_rect){b.x + b.w - bw, b.y + (b.h - bh) / 2, bw, bh},
				   UI_STYLE_SECONDARY, NULL);
	ui_rule(ui, (struct ui_rect){b.x, b.y + b.h - 1, b.w, ui_size(ui, UI_SIZE_RULE) > 1 ? ui_size(ui, UI_SIZE_RULE) : 1},
		ui->th.line);
	return hit;
}

void form_draw_review(struct app *app, struct form_state *s, struct ui *ui, struct ui_rect a)
{
	int pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_ROW_GAP), x = a.x + pad, w = a.w - 2 * pad;
	int y = a.y + ui->sz.gap_small;
	const char *title = app_str(app, "form.review.title");
	int th = ui_text_height(ui, title, w, UI_FONT_TITLE, UI_BOLD);
	ui_label(ui, title, (struct ui_rect){x, y, w, th}, UI_FONT_TITLE, UI_BOLD, ui->th.text,
		 UI_ALIGN_LEFT);
	y += th + ui_size(ui, UI_SIZE_NUDGE);
	if (s->save_failed) {
		const char *msg = app_str(app, "form.save_failed");
		int in = ui_size(ui, UI_SIZE_CARD_IN);
		int mh = ui_text_height(ui, msg, w - 2 * in, UI_FONT_BODY, UI_BOLD) + 2 * in;
		ui_frame(ui, (struct ui_rect){x, y, w, mh},
			 (struct ui_look){.fill = ui->th.danger, .radius = ui_size(ui, UI_SIZE_CARD_IN)});
		ui_label(ui, msg, (struct ui_rect){x + in, y + in, w - 2 * in, mh - 2 * in}, UI_FONT_BODY,
			 UI_BOLD, ui->th.on_primary, UI_ALIGN_LEFT);
		y += mh + gap;
	}
	struct row rows[NROWS];
	fill_rows(app, s, rows);
	int tw = w - ui_size(ui, UI_SIZE_CHANGE_W) - gap - ui->sz.in, hs[NROWS], total = 0;
	for (int i = 0; i < NROWS; i++)
		total += hs[i] = row_height(ui, &rows[i], tw);
	/* The view ends at a row's end, so no Change button is cut in half. */
	int room = a.y + a.h - y, fit = 0;
	for (int i = 0; i < NROWS && fit + hs[i] <= room; i++)
		fit += hs[i];
	struct ui_rect view = {a.x, y, a.w, fit ? fit : room};
	int ry = ui_scroll_begin(ui, &s->scroll, view).y, go = -1;
	for (int i = 0; i < NROWS; i++) {
		if (draw_row(app, ui, &rows[i], (struct ui_rect){x, ry, w - ui->sz.in, hs[i]}, tw))
			go = rows[i].step;
		ry += hs[i];
	}
	ui_scroll_end(ui, total);
	explicit_bzero(rows, sizeof rows);
	if (go >= 0)
		form_go(s, go, true);
}
