/*
 * role: one job, as six short pages a visitor taps (Back / Next) or swipes
 * through: a day in the life, the good and the hard, pay and hours, what
 * you need, where it leads, and "does this sound like you?".
 *
 * arg is the role's id (kiosk-config/roles/<id>.json). Each page is a
 * layout function run in the ui's measure pass (nothing drawn) and then
 * again to draw inside a scroll view, so a page that would not fit first
 * tries the small font, then scrolls; nothing is ever cut off.
 */
#include "scenes/scenes.h"
#include "ui/ui_theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_DAY, P_GOODHARD, P_PAY, P_NEED, P_LADDER, P_REFLECT, NPAGES };

#define MAX_REFLECT 4

struct role_state {
	const struct role *r;	/* in the app's bundle, which outlives the scene */
	int page, reached;	/* reached: the furthest page seen, for the counts */
	struct ui_scroll scroll;
	unsigned char answer[MAX_REFLECT];	/* 0 not yet, 1 yes, 2 no */
	struct ui_swipe swipe;
};

/* One page being laid out (or measured: ui_measure_begin()). */
struct pg {
	struct app *app;
	struct ui *ui;
	const struct role *r;
	struct role_state *s;
	enum ui_font font;	/* reading text */
	int extra;		/* more space between list items, when there is room */
};

static int text(struct pg *p, const char *t, int x, int y, int w, enum ui_font f,
		enum ui_weight st, struct ui_color c)
{
	return ui_label(p->ui, t, (struct ui_rect){x, y, w, 0}, f, st, c, UI_ALIGN_LEFT);
}

static void panel(struct pg *p, struct ui_rect r, struct ui_color border)
{
	ui_frame(p->ui, r, ui_look(p->ui, p->ui->th.surface, border));
}

/* A list with a small round bullet before each item. */
static int bullets(struct pg *p, const struct role_list *l, int x, int y, int w)
{
	struct ui *ui = p->ui;
	int lh = ui_line_height(ui, p->font, UI_REGULAR);
	int ind = ui_size(ui, UI_SIZE_BULLET_INDENT), gap = ui->sz.gap_small + p->extra, y0 = y;
	for (size_t i = 0; i < l->n; i++) {
		ui_dot(ui, x + ind / 3, y + lh / 2, ui_size(ui, UI_SIZE_NUDGE), ui->th.primary);
		y += text(p, l->v[i], x + ind, y, w - ind, p->font, UI_REGULAR, ui->th.text) + gap;
	}
	return y - y0 - gap;
}

/* 1. A timeline: time on the left, a line of dots, what happens (time on
 * the right, right to left). */
static int page_day(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int pad = ui->sz.pad, tw = ui_size(ui, UI_SIZE_TIME_W), dot = ui_size(ui, UI_SIZE_TIMELINE_DOT), gap = ui_size(ui, UI_SIZE_CARD_GAP);
	int x = b.x + pad, w = b.w - 2 * pad - ui_size(ui, UI_SIZE_ROW_GAP);
	int y = b.y;
	y += text(p, r->day_intro, x, y, w, p->font, UI_BOLD, ui->th.muted) + gap;
	int lx = x + tw + ui_size(ui, UI_SIZE_CARD_GAP), tx = lx + ui_size(ui, UI_SIZE_TIMELINE_TEXT), txw = x + w - tx, timex = x;
	if (ui->rtl) {
		timex = x + w - tw;
		lx = x + w - tw - ui_size(ui, UI_SIZE_CARD_GAP);
		tx = x;
	}
	int lh = ui_line_height(ui, UI_FONT_LARGE, UI_BOLD);
	for (size_t i = 0; i < r->nsteps; i++) {
		int th = text(p, r->steps[i].time, timex, y, tw, UI_FONT_LARGE, UI_BOLD,
			      ui->th.primary);
		int xh = text(p, r->steps[i].text, tx, y + ui_size(ui, UI_SIZE_TIMELINE_LINE), txw, p->font,
			      UI_REGULAR, ui->th.text);
		int row = (th > xh ? th : xh) + gap;
		if (i + 1 < r->nsteps)
			ui_rule(ui, (struct ui_rect){lx - ui_size(ui, UI_SIZE_RULE), y + lh / 2, ui_size(ui, UI_SIZE_TIMELINE_LINE), row},
				ui->th.line);
		ui_dot(ui, lx, y + lh / 2, dot, ui->th.accent);
		y += row;
	}
	return y - b.y - gap;
}

/* Page 2's two columns; their headings sit in the heading row. */
static void goodhard_cols(struct ui *ui, struct ui_rect b, struct ui_rect *g, struct ui_rect *h)
{
	int pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_CARD_GAP);
	int cw = (b.w - 2 * pad - gap) / 2;
	*g = (struct ui_rect){b.x + pad, b.y, cw, b.h};
	*h = (struct ui_rect){b.x + pad + cw + gap, b.y, cw, b.h};
	if (ui->rtl) {	/* the good ones first: on the right */
		struct ui_rect t = *g;
		*g = *h;
		*h = t;
	}
}

/* 2. The good and the hard, side by side in panels of the same height. */
static int page_goodhard(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	int in = ui->sz.in;
	struct ui_rect g, h;
	goodhard_cols(ui, b, &g, &h);
	ui_measure_begin(ui);
	int hg = bullets(p, &p->r->good, g.x + in, g.y + in, g.w - 2 * in);
	int hh = bullets(p, &p->r->hard, h.x + in, h.y + in, h.w - 2 * in);
	ui_measure_end(ui);
	g.h = h.h = (hg > hh ? hg : hh) + 2 * in;
	panel(p, g, ui->th.primary);
	panel(p, h, ui->th.accent);
	bullets(p, &p->r->good, g.x + in, g.y + in, g.w - 2 * in);
	bullets(p, &p->r->hard, h.x + in, h.y + in, h.w - 2 * in);
	return g.h;
}

static int list_block(struct pg *p, const char *head, const struct role_list *l, int x, int y,
		      int w)
{
	int hh = text(p, head, x, y, w, UI_FONT_LARGE, UI_BOLD, p->ui->th.text);
	hh += ui_u(p->ui, 6);
	return hh + bullets(p, l, x, y + hh, w);
}

/* 3. The pay range big, hours and contracts, the source in small print. */
static int page_pay(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int pad = ui->sz.pad, in = ui_size(ui, UI_SIZE_CARD_IN), gap = ui_size(ui, UI_SIZE_ROW_GAP);
	int x = b.x + pad, w = b.w - 2 * pad, y = b.y;
	const char *cap = app_str(p->app, "role.pay.typical");
	int ch = ui_text_height(ui, cap, w - 2 * in, UI_FONT_BODY, UI_REGULAR);
	int rh = ui_text_height(ui, r->pay_range, w - 2 * in, UI_FONT_TITLE, UI_BOLD);
	panel(p, (struct ui_rect){x, y, w, ch + rh + 2 * in}, ui->th.accent);
	text(p, cap, x + in, y + in, w - 2 * in, UI_FONT_BODY, UI_REGULAR, ui->th.muted);
	text(p, r->pay_range, x + in, y + in + ch, w - 2 * in, UI_FONT_TITLE, UI_BOLD,
	     ui->th.accent);
	y += ch + rh + 2 * in + gap;
	int cw = (w - gap) / 2;
	int h1 = list_block(p, app_str(p->app, "role.pay.hours"), &r->hours, x, y, cw);
	int h2 = list_block(p, app_str(p->app, "role.pay.contracts"), &r->contracts, x + cw + gap, y,
			    cw);
	y += (h1 > h2 ? h1 : h2) + gap;
	char small[400];
	const char *const kv[][2] = {{"source", r->pay_source}, {"as_of", r->pay_as_of}};
	strtab_fill(small, sizeof small, app_str(p->app, "role.pay.small_print"), kv, 2);
	y += text(p, small, x, y, w, UI_FONT_SMALL, UI_REGULAR, ui->th.muted);
	return y - b.y;
}

static int ticks(struct pg *p, int x, int y, int w)
{
	struct ui *ui = p->ui;
	int is = ui_line_height(ui, p->font, UI_REGULAR);
	int gap = ui->sz.gap + p->extra, y0 = y, sp = ui->sz.gap;
	for (size_t i = 0; i < p->r->need.n; i++) {
		ui_image(ui, "icons/check.svg", NULL, (struct ui_rect){x, y, is, is});
		y += text(p, p->r->need.v[i], x + is + sp, y, w - is - sp, p->font, UI_REGULAR,
			  ui->th.text) + gap;
	}
	return y - y0 - gap;
}

/* 4. What you need: each item with a tick, in one panel. */
static int page_need(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	int pad = ui->sz.pad, in = ui_size(ui, UI_SIZE_PANEL_IN), x = b.x + pad + in, w = b.w - 2 * (pad + in);
	ui_measure_begin(ui);
	int h = ticks(p, x, b.y + in, w) + 2 * in;
	ui_measure_end(ui);
	panel(p, (struct ui_rect){b.x + pad, b.y, b.w - 2 * pad, h}, ui->th.primary);
	ticks(p, x, b.y + in, w);
	return h;
}

/* 5. The ladder as steps going up: the job first, each rung with its
 * title and qualification level, the next rung a step higher. */
static int page_ladder(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int n = (int)r->ladder.n, pad = ui->sz.pad, gap = ui_size(ui, UI_SIZE_ROW_GAP), in = ui_size(ui, UI_SIZE_CARD_IN);
	int sw = (b.w - 2 * pad - (n - 1) * gap) / n;
	const char *start = app_str(p->app, "role.ladder.start");
	int top = ui_text_height(ui, start, sw, UI_FONT_BODY, UI_BOLD) + ui_size(ui, UI_SIZE_LINE_GAP);
	int need = 0;
	/* One font for every rung: the largest in which each rung's longest
	 * word fits (larger text: "Koordynator"). */
	enum ui_font f = UI_FONT_BODY;
	for (int i = 0; i < n; i++) {
		enum ui_font fi = ui_fit_font(ui, r->ladder.v[i], sw - 2 * in, 1 << 20, UI_FONT_BODY,
					      UI_FONT_SMALL, UI_BOLD);
		f = fi < f ? fi : f;
	}
	for (int i = 0; i < n; i++) {
		int h = ui_text_height(ui, r->ladder.v[i], sw - 2 * in, f, UI_BOLD) +
			ui_text_height(ui, r->levels.v[i], sw - 2 * in, UI_FONT_SMALL, UI_REGULAR) +
			3 * in;
		need = h > need ? h : need;
	}
	int lo = need, hi = b.h > lo + top ? b.h : lo + top;
	for (int i = 0; i < n; i++) {
		int h = n > 1 ? lo + (hi - top - lo) * i / (n - 1) : lo;
		if (i == n - 1)
			h = hi - ui_size(ui, UI_SIZE_NUDGE);
		struct ui_rect s = {b.x + pad + i * (sw + gap), b.y + hi - h, sw, h};
		bool first = i == 0;
		struct ui_color bg = first ? ui->th.accent : ui_theme_mix(ui->th.primary, ui->th.surface, 5);
		struct ui_color fg = first ? ui->th.on_accent : ui->th.text;
		struct ui_color border = first ? (struct ui_color){0, 0, 0, 0} : ui->th.primary;
		ui_frame(ui, s, (struct ui_look){bg, border, ui->sz.stroke, ui->sz.radius});
		int y = s.y + in;
		y += ui_label(ui, r->ladder.v[i], (struct ui_rect){s.x + in, y, sw - 2 * in, 0}, f,
			      UI_BOLD, fg, UI_ALIGN_CENTER) + in;
		ui_label(ui, r->levels.v[i], (struct ui_rect){s.x + in, y, sw - 2 * in, 0}, UI_FONT_SMALL,
			 UI_REGULAR, fg, UI_ALIGN_CENTER);
		if (first)
			ui_label(ui, start, (struct ui_rect){s.x, s.y - top, sw, 0}, UI_FONT_BODY,
				 UI_BOLD, ui->th.accent, UI_ALIGN_CENTER);
	}
	return hi;
}

/* 6. Yes/No reflections in one panel, then the quiz and the job list.
 * (Register interest sits where Next was, in the bottom bar.) */
static int page_reflect(struct pg *p, struct ui_rect b)
{
	struct ui *ui = p->ui;
	struct role_state *s = p->s;
	int pad = ui->sz.pad, row = ui->sz.button_h, tw = ui_size(ui, UI_SIZE_PAY_COL_W), in = ui_size(ui, UI_SIZE_PANEL_IN);
	size_t n = p->r->reflect.n < MAX_REFLECT ? p->r->reflect.n : MAX_REFLECT;
	int x = b.x + pad, w = b.w - 2 * pad, y = b.y;
	/* A row is as tall as its question needs (larger text), a button at least. */
	int rh[MAX_REFLECT], all = 0;
	for (size_t i = 0; i < n; i++) {
		rh[i] = ui_text_height(ui, p->r->reflect.v[i], w - 2 * tw - 2 * in, UI_FONT_BODY,
				       UI_REGULAR) +
			in;
		rh[i] = rh[i] > row ? rh[i] : row;
		all += rh[i];
	}
	int h = all + ui->sz.gap_small + ui->sz.button_h;
	panel(p, (struct ui_rect){x, y, w, all}, ui->th.line);
	const char *yes = app_str(p->app, "role.reflect.yes"), *no = app_str(p->app, "role.reflect.no");
	for (size_t i = 0; i < n; y += rh[i], i++) {
		row = rh[i];
		if (i)
			ui_rule(ui, (struct ui_rect){x + in, y, w - 2 * in, ui_size(ui, UI_SIZE_RULE)}, ui->th.line);
		ui_label(ui, p->r->reflect.v[i], (struct ui_rect){x + in, y, w - 2 * tw - 2 * in, row},
			 UI_FONT_BODY, UI_REGULAR, ui->th.text, UI_ALIGN_LEFT);
		char name[32];
		snprintf(name, sizeof name, "reflect-%zu-yes", i + 1);
		struct ui_rect ry = {x + w - 2 * tw - ui_size(ui, UI_SIZE_LINE_GAP), y, tw, row};
		if (ui_choice(ui, UI_CHOICE_PILL, yes, name, ry, s->answer[i] == 1))
			s->answer[i] = s->answer[i] == 1 ? 0 : 1;
		snprintf(name, sizeof name, "reflect-%zu-no", i + 1);
		if (ui_choice(ui, UI_CHOICE_PILL, no, name, (struct ui_rect){ry.x + tw, y, tw, row},
			      s->answer[i] == 2))
			s->answer[i] = s->answer[i] == 2 ? 0 : 2;
	}
	y += ui->sz.gap_small;
	int bw = (w - ui->sz.gap) / 2, bh = ui->sz.button_h;
	if (ui_button_named(ui, app_str(p->app, "role.quiz"), "role-quiz", (struct ui_rect){x, y, bw, bh},
		      UI_STYLE_SECONDARY, "icons/quiz.svg"))
		app_goto(p->app, SCENE_QUIZ, NULL);
	if (ui_button_named(ui, app_str(p->app, "role.back_to_jobs"), "role-jobs",
		      (struct ui_rect){x + w - bw, y, bw, bh}, UI_STYLE_SECONDARY, NULL))
		app_goto(p->app, SCENE_ROLES, NULL);
	return h;
}

static const struct {
	const char *title, *icon;
	int (*fn)(struct pg *p, struct ui_rect b);
	bool may_shrink;	/* small font rather than scroll */
} pages[NPAGES] = {
	{"role.page.day", "icons/day.svg", page_day, false},
	{NULL, "icons/good.svg", page_goodhard, true},	/* two headings */
	{"role.page.pay", "icons/pay.svg", page_pay, true},
	{"role.page.need", "icons/need.svg", page_need, true},
	{"role.page.ladder", "icons/ladder.svg", page_ladder, false},
	{"role.page.reflect", "icons/reflect.svg", page_reflect, false},
};

static void go(struct app *app, struct role_state *s, int page)
{
	if (page < 0) {
		app_goto(app, SCENE_ROLES, NULL);
		return;
	}
	if (page >= NPAGES || page == s->page)
		return;
	s->page = page;
	if (page > s->reached) {	/* how far people read: page 2..6 reached */
		char n[8];
		snprintf(n, sizeof n, "%d", page + 1);
		app_count(app, "role.page", n);
		s->reached = page;
	}
	s->scroll = (struct ui_scroll){0};
	app->ui.dirty = true;
}

/* The heading row's height: the icon's, or the title font's line where that
 * is taller (Nastaliq). */
static int head_h(struct ui *ui)
{
	int is = ui_size(ui, UI_SIZE_HEAD_ICON), lh = ui_line_height(ui, UI_FONT_TITLE, UI_BOLD);
	return lh > is ? lh : is;
}

static void head(struct ui *ui, const char *icon_path, const char *title, int x, int y, int w)
{
	int is = ui_size(ui, UI_SIZE_HEAD_ICON), hh = head_h(ui), tw = w - is - ui->sz.gap;
	int ix = ui->rtl ? x + w - is : x, tx = ui->rtl ? x : x + is + ui->sz.gap;
	ui_image(ui, icon_path, NULL, (struct ui_rect){ix, y + (hh - is) / 2, is, is});
	/* One line: a long title in larger text steps down a size. */
	enum ui_font f = ui_fit_font(ui, title, tw, hh, UI_FONT_TITLE, UI_FONT_LARGE, UI_BOLD);
	ui_label(ui, title, (struct ui_rect){tx, y, tw, hh}, f, UI_BOLD, ui->th.text, UI_ALIGN_LEFT);
}

/* The page's icon and title (page 2: one for each column), with the page
 * dots on the right. */
static int heading(struct app *app, struct role_state *s, struct ui *ui, struct ui_rect area)
{
	int pad = ui->sz.pad, is = head_h(ui), y = area.y + ui->sz.gap_small;
	/* The dots at the end of the row (the left, right to left). */
	int dw = ui_dots_width(ui, NPAGES);
	int dx = ui->rtl ? area.x + pad : area.x + area.w - pad - dw;
	int x0 = ui->rtl ? dx + dw + pad : area.x + pad, x1 = ui->rtl ? area.x + area.w - pad : dx - pad;
	if (s->page == P_GOODHARD) {
		struct ui_rect g, h;	/* g first: on the right, right to left */
		goodhard_cols(ui, area, &g, &h);
		head(ui, "icons/good.svg", app_str(app, "role.good"), g.x, y, g.w);
		int hx = ui->rtl ? x0 : h.x, hw = ui->rtl ? h.x + h.w - x0 : x1 - h.x;
		head(ui, "icons/hard.svg", app_str(app, "role.hard"), hx, y, hw);
	} else {
		head(ui, pages[s->page].icon, app_str(app, pages[s->page].title), x0, y, x1 - x0);
	}
	char n[12], total[12], of[64];
	snprintf(n, sizeof n, "%d", s->page + 1);
	snprintf(total, sizeof total, "%d", NPAGES);
	const char *const kv[][2] = {{"page", n}, {"pages", total}};
	strtab_fill(of, sizeof of, app_str(app, "role.page_of"), kv, 2);
	ui_dots(ui, (struct ui_rect){dx, y, dw, is}, NPAGES, s->page, of);
	return is + ui->sz.gap;
}

/* Back on the left; Next on the right, or on the last page the way to
 * register interest in this job. */
static void nav(struct app *app, struct role_state *s, struct ui *ui, struct ui_rect bar)
{
	/* Back at the start of the row, Next at its end (mirrored right to left). */
	int bw = ui_size(ui, UI_SIZE_PAGE_BUTTON_W);
	struct ui_rect row = bar, back = ui_cut_start(ui, &row, bw);
	if (ui_button_named(ui, app_str(app, "role.back"), "page-back", back, UI_STYLE_SECONDARY,
			    NULL))
		go(app, s, s->page - 1);
	if (s->page < NPAGES - 1) {
		row = bar;
		if (ui_button_named(ui, app_str(app, "role.next"), "page-next",
				    ui_cut_end(ui, &row, bw), UI_STYLE_PRIMARY, NULL))
			go(app, s, s->page + 1);
		return;
	}
	const char *reg = app_str(app, "role.register");
	int rw = ui_text_width(ui, reg, UI_FONT_LARGE, UI_BOLD) + ui_size(ui, UI_SIZE_BUTTON_AIR_WIDE);
	int most = bar.w - bw - ui->sz.pad;
	rw = rw > most ? most : rw;
	row = bar;
	if (ui_button_named(ui, reg, "register", ui_cut_end(ui, &row, rw), UI_STYLE_ACCENT, NULL)) {
		snprintf(app->visit.role_id, sizeof app->visit.role_id, "%s", s->r->id);
		app_goto(app, SCENE_FORM, NULL);
	}
}

static void body(struct app *app, struct role_state *s, struct ui *ui, struct ui_rect view)
{
	struct pg p = {app, ui, s->r, s, UI_FONT_BODY, 0};
	int (*fn)(struct pg *, struct ui_rect) = pages[s->page].fn;
	ui_measure_begin(ui);
	int h = fn(&p, view);
	if (h > view.h && pages[s->page].may_shrink) {
		p.font = UI_FONT_SMALL;
		int hs = fn(&p, view);
		if (hs > view.h)
			p.font = UI_FONT_BODY;	/* scrolling anyway: keep it readable */
		else
			h = hs;
	}
	/* Room to spare: let the lists breathe rather than bunch at the top. */
	for (int e = 14; pages[s->page].may_shrink && h < view.h && e > 0; e -= 2) {
		p.extra = ui_u(ui, (float)e);
		int he = fn(&p, view);
		if (he <= view.h) {
			h = he;
			break;
		}
		p.extra = 0;
	}
	ui_measure_end(ui);
	fn(&p, ui_scroll_begin(ui, &s->scroll, view));
	ui_scroll_end(ui, h);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct role_state *s = state;
	const struct role *r = s->r ? roles_find(app_roles(app), s->r->id) : NULL;
	s->r = r ? r : s->r;	/* the same role in the language on screen */
	if (!s->r)
		return;
	int sw = ui_swipe(ui, &s->swipe);
	if (sw)
		go(app, s, s->page + sw < 0 ? 0 : s->page + sw);
	struct ui_rect area;
	const struct ui_bar tb = {.title = s->r->title,
				  .back = app_str(app, "role.jobs"),
				  .home = app_str(app, "nav.home")};
	enum ui_bar_hit top = ui_topbar(ui, &tb, &area);
	int hh = heading(app, s, ui, area);
	int pad = ui->sz.pad, bh = ui->sz.button_h, gap = ui->sz.gap_small;
	struct ui_rect bar = {area.x + pad, area.y + area.h - gap - bh, area.w - 2 * pad, bh};
	int y = area.y + hh;
	body(app, s, ui, (struct ui_rect){area.x, y, area.w, bar.y - gap - y});
	nav(app, s, ui, bar);
	if (top == 1)
		app_goto(app, SCENE_ROLES, NULL);
	else if (top == 2)
		app_goto(app, SCENE_HOME, NULL);
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct role_state *s = state;
	s->r = roles_find(app_roles(app), arg);
	if (!s->r)
		app_goto(app, SCENE_ROLES, NULL);	/* never a dead end */
}

static bool key(struct app *app, void *state, const struct ui_event *ev)
{
	struct role_state *s = state;
	if (ev->type != UI_EV_KEY)
		return false;
	if (ev->key == UI_KEY_ESCAPE || ev->key == UI_KEY_LEFT) {
		if (ev->key == UI_KEY_ESCAPE || s->page > 0)
			go(app, s, s->page - 1);
		return true;
	}
	if (ev->key == UI_KEY_RIGHT) {
		go(app, s, s->page + 1);
		return true;
	}
	return false;
}

const struct scene scene_role = {
	.name = "role",
	.state_size = sizeof(struct role_state),
	.enter = enter,
	.draw = draw,
	.key = key,
};
