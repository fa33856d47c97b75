/*
 * thanks: shown only after a lead is on disk. Says the details are saved,
 * which programme fits the visitor (app->visit.programme, set by the form
 * from the routing rule in domain.md), what happens next, a line on
 * apprenticeships for under-18s, and a QR code to that programme's course
 * dates (programmes.json's course_dates_url, tagged with the event when
 * courses.tag_event is on). Where a receipt printer is configured, "Print
 * this" under the code prints the same on a slip (slip_job.h), so the
 * visitor walks away with it on paper too. Finish forgets the visit and
 * returns to the attract screen.
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include "content/form.h"
#include "scenes/slip_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct thanks_state {
	const struct programme *prog;	/* the app's bundle's; NULL if none */
	char url[700];
	struct ui_scroll scroll;
	struct slip_job print;
};

/* Appends s to out, percent-encoding everything but unreserved characters. */
static void url_encode(char *out, size_t n, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = strlen(out);
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < n; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || strchr("-._~", *p);
		if (plain) {
			out[k++] = (char)*p;
		} else {
			out[k++] = '%';
			out[k++] = hex[*p >> 4];
			out[k++] = hex[*p & 15];
		}
	}
	out[k] = '\0';
}

static void make_url(struct app *app, struct thanks_state *s, const struct programme *p)
{
	const struct config *c = &app->content.cfg;
	/* The event tag as on the lead: staff mode's, else kiosk.json's. */
	char tag[256];
	app_event_tag(app, tag, sizeof tag);
	snprintf(s->url, sizeof s->url, "%s", p ? p->url : "");
	if (s->url[0] && c->courses_tag_event && tag[0]) {
		strncat(s->url, strchr(s->url, '?') ? "&event=" : "?event=",
			sizeof s->url - strlen(s->url) - 1);
		url_encode(s->url, sizeof s->url, tag);
	}
}

static void enter(struct app *app, void *state, const char *arg)
{
	(void)arg;
	struct thanks_state *s = state;
	/* The form set the visit's programme; without one, the "otherwise" one. */
	const struct programme *p = programmes_find(&app->content.programmes, app->visit.programme);
	if (!p)
		p = programmes_route(&app->content.programmes, NULL, 0);
	s->prog = p;
	make_url(app, s, p);
	if (s->url[0] && p)	/* the thank-you screen's course-dates code */
		app_count(app, "course.qr", p->id);
}

/* The programme's wording (form.json) in the language on screen. */
static const struct form_programme *words(struct app *app, const struct thanks_state *s)
{
	return s->prog ? form_programme_find(app_form(app), s->prog->id) : NULL;
}

static void leave(struct app *app, void *state)
{
	(void)app;
	struct thanks_state *s = state;
	slip_job_drop(&s->print);
}

/* The slip: the programme, the course-dates code and link, and what
 * happens next. Nothing of the visitor's own is on it. */
static void print_slip(struct app *app, struct thanks_state *s)
{
	char next[1024] = "";
	const struct form_programme *p = words(app, s);
	for (size_t i = 0; p && i < p->next.n; i++) {
		size_t k = strlen(next);
		snprintf(next + k, sizeof next - k, "%s- %s", k ? "\n" : "", p->next.v[i]);
	}
	const struct slip sl = {
		.title = p ? p->name : app_str(app, "thanks.title"),
		.when = app_str(app, "thanks.slip.scan"),
		.url = s->url,
		.bring_heading = p ? app_str(app, "thanks.next") : NULL,
		.bring = next,
		.footer = app_str(app, "thanks.young"),
	};
	snprintf(s->print.programme, sizeof s->print.programme, "%s", p ? p->id : "");
	slip_job_start(app, &s->print, &sl);
}

static int text(struct ui *ui, const char *t, int x, int y, int w, enum ui_font f,
		enum ui_weight st, struct ui_color c)
{
	return ui_label(ui, t, (struct ui_rect){x, y, w, 0}, f, st, c, UI_ALIGN_LEFT);
}

/* Which programme fits, and the steps that come next, numbered.
 * Returns the height it took. */
static int story(struct app *app, struct thanks_state *s, struct ui *ui, struct ui_rect b)
{
	int gap = ui->sz.gap_small, x = b.x, w = b.w, y = b.y;
	y += text(ui, app_str(app, "thanks.saved"), x, y, w, UI_FONT_LARGE, UI_BOLD,
		  ui->th.text) + gap;
	const struct form_programme *p = words(app, s);
	if (!p)
		return y - b.y;
	y += text(ui, app_str(app, "thanks.fits"), x, y, w, UI_FONT_SMALL, UI_BOLD,
		  ui->th.muted);
	y += text(ui, p->name, x, y, w, UI_FONT_TITLE, UI_BOLD, ui->th.primary);
	y += text(ui, p->why, x, y, w, UI_FONT_BODY, UI_REGULAR, ui->th.text) + gap;
	y += text(ui, app_str(app, "thanks.next"), x, y, w, UI_FONT_SMALL, UI_BOLD,
		  ui->th.muted) + gap / 2;
	/* The number's dot holds its line (taller in Nastaliq, in larger text). */
	int num = ui_text_height(ui, "0", w, UI_FONT_SMALL, UI_BOLD);
	num = num > ui_size(ui, UI_SIZE_NUMBER_W) ? num : ui_size(ui, UI_SIZE_NUMBER_W);
	for (size_t i = 0; i < p->next.n; i++) {
		char n[24];
		snprintf(n, sizeof n, "%zu", i + 1);
		int nx = ui->rtl ? x + w - num : x, tx = ui->rtl ? x : x + num + gap;
		ui_dot(ui, nx + num / 2, y + num / 2, num / 2, ui->th.accent);
		ui_label(ui, n, (struct ui_rect){nx, y, num, num}, UI_FONT_SMALL, UI_BOLD,
			 ui->th.on_accent, UI_ALIGN_CENTER);
		int h = text(ui, p->next.v[i], tx, y, w - num - gap, UI_FONT_BODY, UI_REGULAR,
			     ui->th.text);
		y += (h > num ? h : num) + gap / 2;
	}
	/* The form does not ask anyone's age (it needs only a way to call
	 * back), so the under-18 route of the routing rule is offered to all. */
	y += gap;
	y += text(ui, app_str(app, "thanks.young"), x, y, w, UI_FONT_BODY, UI_BOLD,
		  ui->th.text);
	return y - b.y;
}

/* The course-dates QR code on a card, with a line saying what it is, and
 * Print this (or how printing is going) under the code. */
static void qr_card(struct app *app, struct thanks_state *s, struct ui *ui, struct ui_rect b)
{
	if (!s->url[0])
		return;
	int in = ui->sz.in;
	ui_frame(ui, b, ui_look(ui, ui->th.surface, ui->th.line));
	const char *cap = app_str(app, "thanks.qr");
	/* With Print this under the code, a smaller caption keeps the code big
	 * enough to scan from arm's length on a 7-inch screen. */
	enum ui_font cf = slip_job_printer(app) ? UI_FONT_SMALL : UI_FONT_BODY;
	int ch = ui_text_height(ui, cap, b.w - 2 * in, cf, UI_BOLD);
	ui_label(ui, cap, (struct ui_rect){b.x + in, b.y + in, b.w - 2 * in, ch}, cf, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	struct ui_rect inner = {b.x + in, b.y + in, b.w - 2 * in, b.h - 2 * in};
	int ph = slip_job_area(app, &s->print, ui, inner, false, NULL);
	struct ui_rect box = {b.x + in, b.y + 2 * in + ch, b.w - 2 * in,
			      b.h - 3 * in - ch - (ph ? ph + in : 0)};
	ui_qr(ui, s->url, box);
	bool print;
	slip_job_area(app, &s->print, ui, inner, true, &print);
	if (print)
		print_slip(app, s);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct thanks_state *s = state;
	/* The top bar as on the form: Finish where Next was. */
	const struct ui_bar b = {.title = app_str(app, "thanks.title"),
				 .next = app_str(app, "thanks.finish"),
				 .next_style = UI_STYLE_ACCENT,
				 .next_name = "finish"};
	bool finish = ui_topbar(ui, &b, NULL) == UI_BAR_NEXT;
	int bar = ui->sz.bar_h;
	int gap = ui->sz.pad, qw = ui_size(ui, UI_SIZE_QR_W);
	/* The code at the end of the line: the left, right to left. */
	struct ui_rect view = {ui->rtl ? qw + gap : 0, bar, ui->w - qw - gap, ui->h - bar};
	struct ui_rect in = ui_scroll_begin(ui, &s->scroll, view);
	int h = story(app, s, ui, (struct ui_rect){view.x + gap, in.y + gap, view.w - 2 * gap, 0});
	ui_scroll_end(ui, h + 2 * gap);
	qr_card(app, s, ui,
		(struct ui_rect){ui->rtl ? gap : ui->w - qw - gap, bar + gap, qw, ui->h - bar - 2 * gap});
	if (slip_job_dialog(app, &s->print, ui))
		print_slip(app, s);
	if (finish)
		app_reset_visit(app);
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	(void)state;
	if (ev->type == UI_EV_KEY && (ev->key == UI_KEY_ESCAPE || ev->key == UI_KEY_RETURN)) {
		app_reset_visit(app);
		return true;
	}
	return false;
}

const struct scene scene_thanks = {
	.name = "thanks",
	.state_size = sizeof(struct thanks_state),
	.enter = enter,
	.leave = leave,
	.key = key,
	.draw = draw,
};
