/*
 * course: one session in full (title, programme, when, where, who it is
 * for) beside a large QR code of its booking link, so a visitor leaves with
 * it on their phone; and, where a receipt printer is configured, "Print
 * this" for a paper slip.
 *
 * arg: "INDEX:FILTER", INDEX the session's place in courses.csv and FILTER
 * the programme the list was showing (may be empty), handed back on Back.
 * The CSV is loaded in enter() and freed in leave(); a session that is gone
 * or past sends the visitor back to the list.
 *
 * Printing runs on the printer's own thread (slip_job.h).
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include "content/courses.h"
#include "scenes/slip_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct course_state {
	const struct course_list *list;	/* the app's bundle */
	const struct course *c;	/* in list */
	char filter[40];	/* the list's programme filter, for Back */
	const char *days[7], *months[12];
	struct ui_scroll scroll;
	struct slip_job print;
};

/* The when and where lines, as the screen and the slip show them. */
static void slip_text(const struct app *app, const struct course_state *s, char *when, size_t nw, char *venue, size_t nv)
{
	const struct course *c = s->c;
	app_course_when(app, c, when, nw);
	snprintf(venue, nv, "%s%s%s", c->venue, *c->postcode ? ", " : "", c->postcode);
}

/* Builds the slip and hands it to the print thread. */
static void print_slip(struct app *app, struct course_state *s)
{
	char when[160], venue[400];
	slip_text(app, s, when, sizeof when, venue, sizeof venue);
	const struct slip sl = {
		.title = s->c->title,
		.when = when,
		.venue = venue,
		.url = s->c->url,
		.bring_heading = app_str(app, "course.slip.bring_heading"),
		.bring = app_str(app, "course.slip.bring"),
		.footer = app_str(app, "course.slip.footer"),
	};
	snprintf(s->print.programme, sizeof s->print.programme, "%s", s->c->programme);
	slip_job_start(app, &s->print, &sl);
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct course_state *s = state;
	char *end = NULL;
	unsigned long idx = arg ? strtoul(arg, &end, 10) : 0;
	if (end && *end == ':')
		snprintf(s->filter, sizeof s->filter, "%s", end + 1);
	s->list = &app->content.courses;
	time_t t = (time_t)(app_wall_ms(app) / 1000);
	struct tm tm;
	if (end && end != arg && idx < s->list->n && localtime_r(&t, &tm)) {
		const struct course *c = &s->list->v[idx];
		int today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
		if (c->year * 10000 + c->month * 100 + c->day >= today)
			s->c = c;
	}
	if (!s->c)
		app_goto(app, SCENE_COURSES, *s->filter ? s->filter : NULL);	/* never a dead end */
	else
		app_count(app, "course.qr", s->c->programme);
}

static void leave(struct app *app, void *state)
{
	(void)app;
	struct course_state *s = state;
	slip_job_drop(&s->print);
}

/* A small heading and its text. */
static void block(struct ui *ui, struct ui_col *c, const char *head, const char *text,
		  enum ui_font f)
{
	if (!text || !*text)
		return;
	c->gap = 0;
	ui_col_label(ui, c, head, UI_FONT_SMALL, UI_BOLD, ui->th.muted);
	c->gap = ui->sz.in;
	ui_col_label(ui, c, text, f, UI_REGULAR, ui->th.text);
}

/* Fonts for the details: the title's and the facts'. */
struct fonts {
	enum ui_font title, facts;
};

/* The details column: title, programme (unless the title says it),
 * when, where, who. Returns its height (a measure pass draws nothing). */
static int details(struct app *app, struct course_state *s, struct ui *ui, struct ui_rect r,
		   struct fonts f)
{
	const struct course *c = s->c;
	char when[160], venue[400];
	slip_text(app, s, when, sizeof when, venue, sizeof venue);
	const struct programme *p = programmes_find(&app->content.programmes, c->programme);
	const char *prog = p ? app_str(app, p->name_key) : c->programme;
	if (!strcmp(prog, c->title))
		prog = "";
	struct ui_col col = ui_col(r, 0);
	ui_col_label(ui, &col, c->title, f.title, UI_BOLD, ui->th.text);
	ui_col_label(ui, &col, prog, UI_FONT_BODY, UI_BOLD, ui->th.accent);
	ui_col_space(&col, ui_size(ui, UI_SIZE_CARD_GAP));
	block(ui, &col, app_str(app, "course.when"), when, f.facts);
	block(ui, &col, app_str(app, "course.where"), venue, f.facts);
	block(ui, &col, app_str(app, "course.who"), c->eligibility, f.facts);
	return ui_col_height(&col);
}

/* The details in the space left, in the first of these that fits; if
 * none does, they scroll in a readable size. */
static const struct fonts tries[] = {
	{UI_FONT_TITLE, UI_FONT_LARGE},
	{UI_FONT_TITLE, UI_FONT_BODY},
	{UI_FONT_LARGE, UI_FONT_BODY},
	{UI_FONT_LARGE, UI_FONT_SMALL},
};

static void draw_details(struct app *app, struct course_state *s, struct ui *ui, struct ui_rect r)
{
	struct ui_rect inner = {r.x, r.y, r.w - ui->sz.in, r.h};
	struct fonts f = {UI_FONT_TITLE, UI_FONT_BODY};
	int h = 0;
	ui_measure_begin(ui);
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		h = details(app, s, ui, inner, tries[i]);
		if (h <= r.h) {
			f = tries[i];
			break;
		}
	}
	if (h > r.h)
		h = details(app, s, ui, inner, f);
	ui_measure_end(ui);
	struct ui_rect in = ui_scroll_begin(ui, &s->scroll, r);
	details(app, s, ui, (struct ui_rect){inner.x, in.y, inner.w, inner.h}, f);
	ui_scroll_end(ui, h);
}

/* The code on white, the hint above it and the link under it. */
static void draw_qr(struct app *app, struct course_state *s, struct ui *ui, struct ui_rect col)
{
	int in = ui_size(ui, UI_SIZE_CARD_IN);
	ui_frame(ui, col, ui_look(ui, ui->th.surface, ui->th.line));
	const char *hint = app_str(app, "course.scan");
	int w = col.w - 2 * in;
	int hh = ui_text_height(ui, hint, w, UI_FONT_BODY, UI_BOLD);
	ui_label(ui, hint, (struct ui_rect){col.x + in, col.y + in, w, hh}, UI_FONT_BODY, UI_BOLD,
		 ui->th.primary, UI_ALIGN_CENTER);
	enum ui_font uf = UI_FONT_BODY;
	if (ui_text_width(ui, s->c->url, uf, UI_REGULAR) > w)
		uf = UI_FONT_SMALL;
	int uh = ui_text_height(ui, s->c->url, w, uf, UI_REGULAR);
	int top = col.y + in + hh, bottom = col.y + col.h - in - uh;
	ui_qr(ui, s->c->url, (struct ui_rect){col.x + in, top, w, bottom - top});
	ui_label(ui, s->c->url, (struct ui_rect){col.x + in, bottom, w, uh}, uf, UI_REGULAR,
		 ui->th.text, UI_ALIGN_CENTER);
}

static void back(struct app *app, struct course_state *s)
{
	app_goto(app, SCENE_COURSES, *s->filter ? s->filter : NULL);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct course_state *s = state;
	if (!s->c)
		return;
	struct ui_rect area;
	const struct ui_bar bar = {.title = app_str(app, "course.bar"),
				   .back = app_str(app, "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	int pad = ui_size(ui, UI_SIZE_PANEL_IN);
	/* The code column: as tall as the screen allows, a little wider than
	 * tall so the link under it fits, and never more than half. */
	int qh = area.h - 2 * pad;
	int qw = qh - ui_size(ui, UI_SIZE_QR_NARROWER);
	int urlw = ui_text_width(ui, s->c->url, UI_FONT_SMALL, UI_REGULAR) + ui_size(ui, UI_SIZE_WIDE_PAD);
	qw = qw < urlw ? urlw : qw;
	qw = qw > area.w / 2 ? area.w / 2 : qw;
	struct ui_rect col = {area.x + area.w - pad - qw, area.y + pad, qw, qh};
	struct ui_rect left = {area.x + pad + ui_size(ui, UI_SIZE_LINE_GAP), area.y + pad,
			       col.x - area.x - 2 * pad - ui_size(ui, UI_SIZE_LINE_GAP), qh};
	if (ui->rtl) {	/* the code at the left, the details at the right */
		col.x = 2 * area.x + area.w - col.x - col.w;
		left.x = 2 * area.x + area.w - left.x - left.w;
	}
	draw_qr(app, s, ui, col);
	int ph = slip_job_area(app, &s->print, ui, left, false, NULL);
	struct ui_rect info = {left.x, left.y, left.w, left.h - (ph ? ph + ui->sz.gap : 0)};
	draw_details(app, s, ui, info);
	bool print;
	slip_job_area(app, &s->print, ui, left, true, &print);
	if (slip_job_dialog(app, &s->print, ui) || print)
		print_slip(app, s);
	if (nav == 1)
		back(app, s);
	else if (nav == 2)
		app_goto(app, SCENE_HOME, NULL);
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	if (ev->type == UI_EV_KEY && ev->key == UI_KEY_ESCAPE) {
		back(app, state);
		return true;
	}
	return false;
}

const struct scene scene_course = {
	.name = "course",
	.state_size = sizeof(struct course_state),
	.enter = enter,
	.leave = leave,
	.draw = draw,
	.key = key,
};
