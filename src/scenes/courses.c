/*
 * courses: "Course dates", the upcoming sessions from kiosk-config/courses.csv
 * in a scrolling list grouped by month, with chips at the top to show one
 * programme. Tapping a session opens the "course" scene with its index in
 * the file (and the chosen filter, so Back returns to the same list).
 *
 * The list is the app's bundle's (reloaded when the attract screen shows
 * and courses.csv changed): staff may edit the CSV
 * while the kiosk runs and the next visitor sees the change. Today's date
 * comes from app_wall_ms(), which follows --today in headless tests; a
 * session today is hidden once it is over (courses_upcoming_at()).
 *
 * Rows have a fixed pitch: a month heading takes one unit and a session
 * card two, the unit chosen so the view holds a whole number of units. So at
 * rest a card is never cut to less than half its height (the layout test
 * never sees a sliver of a touch target).
 *
 * arg: a programme id to filter by, or NULL for all.
 */
#include "scenes/scenes.h"

#include "content/courses.h"
#include "ui/ui_theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NPROG PROGRAMMES_MAX	/* the chips show programmes.json's, in its order */

struct courses_state {
	const struct course_list *list;	/* the app's bundle */
	size_t *up;		/* indexes of upcoming courses, by date */
	size_t nup;
	bool present[NPROG];	/* programmes with an upcoming session */
	int filter;		/* index into app->programmes, -1 = all */
	struct ui_scroll scroll;
	const char *days[7], *months[12];
};

static void enter(struct app *app, void *state, const char *arg)
{
	struct courses_state *s = state;
	app_day_names(app, s->days, s->months);
	s->filter = arg ? programmes_index(&app->content.programmes, arg) : -1;
	s->list = &app->content.courses;
	time_t t = (time_t)(app_wall_ms(app) / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return;
	int y = tm.tm_year + 1900, now_min = tm.tm_hour * 60 + tm.tm_min;
	size_t n = courses_upcoming_at(s->list, y, tm.tm_mon + 1, tm.tm_mday, now_min, NULL, 0);
	s->up = n ? calloc(n, sizeof *s->up) : NULL;
	if (!s->up)
		return;
	s->nup = courses_upcoming_at(s->list, y, tm.tm_mon + 1, tm.tm_mday, now_min, s->up, n);
	for (size_t i = 0; i < s->nup; i++) {
		int p = programmes_index(&app->content.programmes, s->list->v[s->up[i]].programme);
		if (p >= 0)
			s->present[p] = true;
	}
	if (s->filter >= 0 && !s->present[s->filter])
		s->filter = -1;
}

static void leave(struct app *app, void *state)
{
	(void)app;
	struct courses_state *s = state;
	free(s->up);
}

/* "All" and one chip per programme that has a session (none when all
 * the sessions are of one programme). Cuts them off the top of *area. */
static void draw_chips(struct app *app, struct courses_state *s, struct ui *ui, struct ui_rect *area)
{
	const struct programmes *ps = &app->content.programmes;
	int which[NPROG + 1], n = 0, on = 0, h;
	const char *text[NPROG + 1], *name[NPROG + 1];
	char names[NPROG + 1][48];
	for (int i = -1; i < (int)ps->n; i++) {
		if (i >= 0 && !s->present[i])
			continue;
		snprintf(names[n], sizeof names[n], "filter-%s", i < 0 ? "all" : ps->v[i].id);
		text[n] = app_str(app, i < 0 ? "courses.filter.all" : ps->v[i].short_key);
		name[n] = names[n];
		on = s->filter == i ? n : on;
		which[n++] = i;
	}
	if (n < 3)
		return;
	struct ui_chips c = {text, name, n, on, false};
	struct ui_rect row = ui_inset(*area, ui->sz.pad_list, 0);
	row.h = ui->sz.button_h;
	int hit = ui_chips(ui, row, &c, &h);
	ui_cut_top(area, h);
	if (hit >= 0) {
		s->filter = which[hit];
		s->scroll = (struct ui_scroll){0};
	}
}

/* The largest font, from pref down, in which text fits one line of w. */
static enum ui_font fit(struct ui *ui, const char *text, int w, enum ui_font pref,
			enum ui_weight st)
{
	enum ui_font f = pref;
	while (f > UI_FONT_SMALL && ui_text_width(ui, text, f, st) > w)
		f--;
	return f;
}

static void heading(struct app *app, struct courses_state *s, struct ui *ui, const struct course *c,
		    struct ui_rect r)
{
	char year[8], text[96];
	snprintf(year, sizeof year, "%d", c->year);
	const char *const kv[][2] = {{"month", s->months[c->month - 1]}, {"year", year}};
	strtab_fill(text, sizeof text, app_str(app, "courses.month_heading"), kv, 2);
	int lh = ui_line_height(ui, UI_FONT_LARGE, UI_BOLD);
	struct ui_rect t = {r.x + ui_size(ui, UI_SIZE_NUDGE), r.y + r.h - lh - ui->sz.in, r.w, lh};
	ui_label(ui, text, t, UI_FONT_LARGE, UI_BOLD, ui->th.primary, UI_ALIGN_LEFT);
	ui_rule(ui, (struct ui_rect){r.x, r.y + r.h - ui->sz.gap_small, r.w, ui->sz.stroke},
		ui->th.line);
}

/* The date as a calendar leaf: the day big, the month short under it.
 * Drawn, not recorded: the card's own text already says the date. */
static void badge(struct app *app, struct ui *ui, const struct course *c, struct ui_rect b)
{
	ui_frame(ui, b, (struct ui_look){.fill = ui->th.primary, .radius = ui->sz.in});
	char day[8], key[40];
	snprintf(day, sizeof day, "%d", c->day);
	snprintf(key, sizeof key, "courses.month_short.%d", c->month);
	const char *mon = app_str(app, key);
	int h1 = ui_line_height(ui, UI_FONT_TITLE, UI_BOLD);
	int h2 = ui_line_height(ui, UI_FONT_SMALL, UI_BOLD);
	int y = b.y + (b.h - h1 - h2) / 2;
	ui_text(ui, day, (struct ui_rect){b.x, y, b.w, h1}, UI_FONT_TITLE, UI_BOLD,
		ui->th.on_primary, UI_ALIGN_CENTER);
	ui_text(ui, mon, (struct ui_rect){b.x, y + h1, b.w, h2}, UI_FONT_SMALL, UI_BOLD,
		ui->th.on_primary, UI_ALIGN_CENTER);
}

/* One session: badge, title, programme, when, venue. Recorded as a list
 * item named by its title and date, so two sessions of one course differ. */
static bool card(struct app *app, struct courses_state *s, struct ui *ui, size_t idx,
		 struct ui_rect r)
{
	const struct course *c = &s->list->v[idx];
	char date[96], item[512], when[160], venue[400], name[32];
	app_date(app, c->year, c->month, c->day, date, sizeof date);
	const char *const kv[][2] = {{"title", c->title}, {"date", date}};
	strtab_fill(item, sizeof item, app_str(app, "courses.item"), kv, 2);
	snprintf(name, sizeof name, "course-%zu", idx);
	bool hit = ui_card(ui, UI_LIST_ITEM, item, name, r, ui_look(ui, ui->th.surface, ui->th.line));
	int in = ui_size(ui, UI_SIZE_CARD_IN), gap = ui_size(ui, UI_SIZE_CARD_GAP);
	/* The date box at the start of the card (the right, right to left). */
	struct ui_rect inner = ui_inset(r, in, in), b = ui_cut_start(ui, &inner, ui_size(ui, UI_SIZE_BADGE_W));
	badge(app, ui, c, b);

	app_course_when(app, c, when, sizeof when);
	snprintf(venue, sizeof venue, "%s%s%s", c->venue, *c->postcode ? ", " : "", c->postcode);
	const struct programme *p = programmes_find(&app->content.programmes, c->programme);
	const char *prog = p ? app_str(app, p->name_key) : c->programme;
	/* The programme's name, unless the title already says it. */
	int n = strcmp(prog, c->title) ? 4 : 3;
	const char *lines[4] = {c->title, prog, when, venue};
	enum ui_font pref[4] = {UI_FONT_LARGE, UI_FONT_SMALL, UI_FONT_BODY, UI_FONT_BODY};
	enum ui_weight st[4] = {UI_BOLD, UI_BOLD, UI_REGULAR, UI_REGULAR};
	struct ui_color col[4] = {ui->th.text, ui->th.accent, ui->th.text, ui->th.muted};
	if (n == 3) {
		for (int i = 1; i < 3; i++) {
			lines[i] = lines[i + 1];
			pref[i] = pref[i + 1];
			st[i] = st[i + 1];
			col[i] = col[i + 1];
		}
	}
	ui_cut_start(ui, &inner, gap);
	int tx = inner.x, tw = inner.w, lh[4], total = 0;
	enum ui_font f[4];
	for (int i = 0; i < n; i++) {
		f[i] = fit(ui, lines[i], tw, pref[i], st[i]);
		total += lh[i] = ui_line_height(ui, f[i], st[i]);
	}
	int spare = r.h - 2 * in - total, sp = spare > 0 ? spare / (n + 1) : 0;
	int y = r.y + in + sp;
	for (int i = 0; i < n; i++, y += sp) {
		ui_label(ui, lines[i], (struct ui_rect){tx, y, tw, lh[i]}, f[i], st[i], col[i],
			 UI_ALIGN_LEFT);
		y += lh[i];
	}
	return hit;
}

static void open_course(struct app *app, struct courses_state *s, size_t idx)
{
	char arg[64];
	snprintf(arg, sizeof arg, "%zu:%s", idx,
		 s->filter < 0 ? "" : app->content.programmes.v[s->filter].id);
	app_goto(app, SCENE_COURSE, arg);
}

static void draw_list(struct app *app, struct courses_state *s, struct ui *ui, struct ui_rect view)
{
	int k = view.h / ui_size(ui, UI_SIZE_COURSE_UNIT);
	k = k < 3 ? 3 : k;
	int unit = view.h / k, gap = ui_size(ui, UI_SIZE_ROW_GAP), pad = ui->sz.pad_list;
	int w = view.w - 2 * pad - ui->sz.gap_small;	/* room for the scroll bar */
	int dy = ui_scroll_begin(ui, &s->scroll, view).y - view.y;
	int y = 0, shown_month = 0;
	for (size_t i = 0; i < s->nup; i++) {
		const struct course *c = &s->list->v[s->up[i]];
		if (s->filter >= 0 && programmes_index(&app->content.programmes, c->programme) != s->filter)
			continue;
		int top = view.y + dy + y;
		if (c->year * 12 + c->month != shown_month) {
			shown_month = c->year * 12 + c->month;
			if (top + unit > view.y && top < view.y + view.h)
				heading(app, s, ui, c, (struct ui_rect){view.x + pad, top, w, unit});
			y += unit;
			top += unit;
		}
		struct ui_rect r = {view.x + pad, top, w, 2 * unit - gap};
		if (r.y + r.h > view.y && r.y < view.y + view.h && card(app, s, ui, s->up[i], r))
			open_course(app, s, s->up[i]);
		y += 2 * unit;
	}
	ui_scroll_end(ui, y);
}

/* Nothing to show: say so kindly, and offer the way on and the way home. */
static void draw_empty(struct app *app, struct ui *ui, struct ui_rect area)
{
	int pad = 2 * ui->sz.pad, bh = ui_size(ui, UI_SIZE_BIG_BUTTON_H), gap = ui->sz.pad, pic = ui_size(ui, UI_SIZE_EMPTY_PIC);
	int w = area.w - 2 * pad;
	w = w > ui_size(ui, UI_SIZE_MESSAGE_W) ? ui_size(ui, UI_SIZE_MESSAGE_W) : w;
	const char *msg = app_str(app, "courses.empty");
	int th = ui_text_height(ui, msg, w, UI_FONT_LARGE, UI_REGULAR);
	int y = area.y + (area.h - pic - th - 3 * gap - bh) / 2;
	y = y < area.y + gap ? area.y + gap : y;
	ui_image(ui, "home-courses.svg", NULL, (struct ui_rect){area.x + (area.w - pic) / 2, y, pic, pic});
	y += pic + gap;
	ui_label(ui, msg, (struct ui_rect){area.x + (area.w - w) / 2, y, w, th}, UI_FONT_LARGE,
		 UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	y += th + 2 * gap;
	int bw = (w - gap) / 2;
	bw = bw > ui_size(ui, UI_SIZE_BUTTON_W_MAX) ? ui_size(ui, UI_SIZE_BUTTON_W_MAX) : bw;
	int x = area.x + (area.w - 2 * bw - gap) / 2;
	if (ui_button_named(ui, app_str(app, "courses.empty_register"), "empty-register",
			    (struct ui_rect){x, y, bw, bh}, UI_STYLE_ACCENT, NULL))
		app_goto(app, SCENE_FORM, NULL);
	if (ui_button_named(ui, app_str(app, "courses.empty_home"), "empty-home",
			    (struct ui_rect){x + bw + gap, y, bw, bh}, UI_STYLE_SECONDARY,
			    "icons/home.svg"))
		app_goto(app, SCENE_HOME, NULL);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct courses_state *s = state;
	app_day_names(app, s->days, s->months);	/* the language on screen */
	struct ui_rect area;
	const struct ui_bar bar = {.title = app_str(app, "courses.title"),
				   .back = app_str(app, "nav.back"),
				   .home = app_str(app, "nav.home")};
	enum ui_bar_hit nav = ui_topbar(ui, &bar, &area);
	if (nav)
		app_goto(app, SCENE_HOME, NULL);
	if (!s->nup) {
		draw_empty(app, ui, area);
		return;
	}
	ui_cut_top(&area, ui_size(ui, UI_SIZE_CHIPS_GAP));
	draw_chips(app, s, ui, &area);
	draw_list(app, s, ui, area);
}

const struct scene scene_courses = {
	.name = "courses",
	.state_size = sizeof(struct courses_state),
	.enter = enter,
	.leave = leave,
	.draw = draw,
};
