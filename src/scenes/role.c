/*
 * role: one job, as six short pages a visitor taps (Back / Next) or swipes
 * through: a day in the life, the good and the hard, pay and hours, what
 * you need, where it leads, and "does this sound like you?".
 *
 * arg is the role's id (kiosk-config/roles/<id>.json). Each page is a
 * layout function run twice per frame: once to measure (nothing drawn) and
 * once to draw inside a scroll view, so a page that would not fit first
 * tries the small font, then scrolls; nothing is ever cut off.
 */
#include "scenes/scenes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_DAY, P_GOODHARD, P_PAY, P_NEED, P_LADDER, P_REFLECT, NPAGES };

#define MAX_REFLECT 4

struct role_state {
	const struct role *r;	/* in app->roles, which outlives the scene */
	int page;
	struct ui_scroll scroll;
	unsigned char answer[MAX_REFLECT];	/* 0 not yet, 1 yes, 2 no */
	uint64_t seen_press;	/* press_t of the last gesture looked at */
};

/* One page being laid out: measuring (draw false) or drawing. */
struct pg {
	struct app *app;
	struct ui *ui;
	const struct role *r;
	struct role_state *s;
	bool draw;
	enum ui_font font;	/* reading text */
	int extra;		/* more space between list items, when there is room */
};

static int text(struct pg *p, const char *t, int x, int y, int w, enum ui_font f,
		enum pf_font_style st, struct pf_color c)
{
	if (!p->draw)
		return ui_text_height(p->ui, t, w, f, st);
	return ui_label(p->ui, t, (struct pf_rect){x, y, w, 0}, f, st, c, UI_ALIGN_LEFT);
}

static void panel(struct pg *p, struct pf_rect r, struct pf_color border)
{
	if (!p->draw)
		return;
	int rad = ui_u(p->ui, 16);
	pf_fill_round_rect(p->ui->pf, r, rad, p->ui->th.surface);
	pf_stroke_round_rect(p->ui->pf, r, rad, ui_u(p->ui, 2), border);
}

/* A list with a small round bullet before each item. */
static int bullets(struct pg *p, const struct role_list *l, int x, int y, int w)
{
	struct ui *ui = p->ui;
	int lh = pf_line_height(ui->pf, PF_FONT_REGULAR, ui_font_px(ui, p->font));
	int ind = ui_u(ui, 18), gap = ui_u(ui, 8) + p->extra, y0 = y;
	for (size_t i = 0; i < l->n; i++) {
		if (p->draw)
			pf_fill_circle(ui->pf, x + ind / 3, y + lh / 2, ui_u(ui, 4), ui->th.primary);
		y += text(p, l->v[i], x + ind, y, w - ind, p->font, PF_FONT_REGULAR, ui->th.text) + gap;
	}
	return y - y0 - gap;
}

/* 1. A timeline: time on the left, a line of dots, what happens. */
static int page_day(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int pad = ui_u(ui, 16), tw = ui_u(ui, 72), dot = ui_u(ui, 7), gap = ui_u(ui, 14);
	int x = b.x + pad, w = b.w - 2 * pad - ui_u(ui, 10);
	int y = b.y;
	y += text(p, r->day_intro, x, y, w, p->font, PF_FONT_BOLD, ui->th.muted) + gap;
	int lx = x + tw + ui_u(ui, 14), tx = lx + ui_u(ui, 22);
	int lh = pf_line_height(ui->pf, PF_FONT_BOLD, ui_font_px(ui, UI_FONT_LARGE));
	for (size_t i = 0; i < r->nsteps; i++) {
		int th = text(p, r->steps[i].time, x, y, tw, UI_FONT_LARGE, PF_FONT_BOLD,
			      ui->th.primary);
		int xh = text(p, r->steps[i].text, tx, y + ui_u(ui, 3), x + w - tx, p->font,
			      PF_FONT_REGULAR, ui->th.text);
		int row = (th > xh ? th : xh) + gap;
		if (p->draw) {
			if (i + 1 < r->nsteps)
				pf_fill_rect(ui->pf, (struct pf_rect){lx - ui_u(ui, 1), y + lh / 2,
								      ui_u(ui, 3), row},
					     ui->th.line);
			pf_fill_circle(ui->pf, lx, y + lh / 2, dot, ui->th.accent);
		}
		y += row;
	}
	return y - b.y - gap;
}

/* Page 2's two columns; their headings sit in the heading row. */
static void goodhard_cols(struct ui *ui, struct pf_rect b, struct pf_rect *g, struct pf_rect *h)
{
	int pad = ui_u(ui, 16), gap = ui_u(ui, 14);
	int cw = (b.w - 2 * pad - gap) / 2;
	*g = (struct pf_rect){b.x + pad, b.y, cw, b.h};
	*h = (struct pf_rect){b.x + pad + cw + gap, b.y, cw, b.h};
}

/* 2. The good and the hard, side by side in panels of the same height. */
static int page_goodhard(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	int in = ui_u(ui, 12);
	struct pf_rect g, h;
	goodhard_cols(ui, b, &g, &h);
	bool draw = p->draw;
	p->draw = false;
	int hg = bullets(p, &p->r->good, g.x + in, g.y + in, g.w - 2 * in);
	int hh = bullets(p, &p->r->hard, h.x + in, h.y + in, h.w - 2 * in);
	p->draw = draw;
	g.h = h.h = (hg > hh ? hg : hh) + 2 * in;
	panel(p, g, ui->th.primary);
	panel(p, h, ui->th.accent);
	if (draw) {
		bullets(p, &p->r->good, g.x + in, g.y + in, g.w - 2 * in);
		bullets(p, &p->r->hard, h.x + in, h.y + in, h.w - 2 * in);
	}
	return g.h;
}

static int list_block(struct pg *p, const char *head, const struct role_list *l, int x, int y,
		      int w)
{
	int hh = text(p, head, x, y, w, UI_FONT_LARGE, PF_FONT_BOLD, p->ui->th.text);
	hh += ui_u(p->ui, 6);
	return hh + bullets(p, l, x, y + hh, w);
}

/* 3. The pay range big, hours and contracts, the source in small print. */
static int page_pay(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int pad = ui_u(ui, 16), in = ui_u(ui, 10), gap = ui_u(ui, 10);
	int x = b.x + pad, w = b.w - 2 * pad, y = b.y;
	const char *cap = app_str(p->app, "role.pay.typical");
	int ch = ui_text_height(ui, cap, w - 2 * in, UI_FONT_BODY, PF_FONT_REGULAR);
	int rh = ui_text_height(ui, r->pay_range, w - 2 * in, UI_FONT_TITLE, PF_FONT_BOLD);
	panel(p, (struct pf_rect){x, y, w, ch + rh + 2 * in}, ui->th.accent);
	text(p, cap, x + in, y + in, w - 2 * in, UI_FONT_BODY, PF_FONT_REGULAR, ui->th.muted);
	text(p, r->pay_range, x + in, y + in + ch, w - 2 * in, UI_FONT_TITLE, PF_FONT_BOLD,
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
	y += text(p, small, x, y, w, UI_FONT_SMALL, PF_FONT_REGULAR, ui->th.muted);
	return y - b.y;
}

static int ticks(struct pg *p, int x, int y, int w)
{
	struct ui *ui = p->ui;
	int is = pf_line_height(ui->pf, PF_FONT_REGULAR, ui_font_px(ui, p->font));
	int gap = ui_u(ui, 12) + p->extra, y0 = y;
	for (size_t i = 0; i < p->r->need.n; i++) {
		if (p->draw)
			ui_image(ui, "icons/check.svg", NULL, (struct pf_rect){x, y, is, is});
		y += text(p, p->r->need.v[i], x + is + ui_u(ui, 12), y, w - is - ui_u(ui, 12), p->font,
			  PF_FONT_REGULAR, ui->th.text) + gap;
	}
	return y - y0 - gap;
}

/* 4. What you need: each item with a tick, in one panel. */
static int page_need(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	int pad = ui_u(ui, 16), in = ui_u(ui, 14), x = b.x + pad + in, w = b.w - 2 * (pad + in);
	bool draw = p->draw;
	p->draw = false;
	int h = ticks(p, x, b.y + in, w) + 2 * in;
	p->draw = draw;
	panel(p, (struct pf_rect){b.x + pad, b.y, b.w - 2 * pad, h}, ui->th.primary);
	if (draw)
		ticks(p, x, b.y + in, w);
	return h;
}

/* c mixed into base: one part in n. */
static struct pf_color tint(struct pf_color c, struct pf_color b, int n)
{
#define MIX(f) (uint8_t)((c.f + (n - 1) * b.f) / n)
	return (struct pf_color){MIX(r), MIX(g), MIX(b), 255};
#undef MIX
}

/* 5. The ladder as steps going up: the job first, each rung with its
 * title and qualification level, the next rung a step higher. */
static int page_ladder(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	const struct role *r = p->r;
	int n = (int)r->ladder.n, pad = ui_u(ui, 16), gap = ui_u(ui, 10), in = ui_u(ui, 10);
	int sw = (b.w - 2 * pad - (n - 1) * gap) / n;
	const char *start = app_str(p->app, "role.ladder.start");
	int top = ui_text_height(ui, start, sw, UI_FONT_BODY, PF_FONT_BOLD) + ui_u(ui, 6);
	int need = 0;
	for (int i = 0; i < n; i++) {
		int h = ui_text_height(ui, r->ladder.v[i], sw - 2 * in, UI_FONT_BODY, PF_FONT_BOLD) +
			ui_text_height(ui, r->levels.v[i], sw - 2 * in, UI_FONT_SMALL, PF_FONT_REGULAR) +
			3 * in;
		need = h > need ? h : need;
	}
	int lo = need, hi = b.h > lo + top ? b.h : lo + top;
	if (!p->draw)
		return hi;
	for (int i = 0; i < n; i++) {
		int h = n > 1 ? lo + (hi - top - lo) * i / (n - 1) : lo;
		if (i == n - 1)
			h = hi - ui_u(ui, 4);
		struct pf_rect s = {b.x + pad + i * (sw + gap), b.y + hi - h, sw, h};
		bool first = i == 0;
		struct pf_color bg = first ? ui->th.accent : tint(ui->th.primary, ui->th.surface, 5);
		struct pf_color fg = first ? ui->th.on_accent : ui->th.text;
		pf_fill_round_rect(ui->pf, s, ui_u(ui, 14), bg);
		if (!first)
			pf_stroke_round_rect(ui->pf, s, ui_u(ui, 14), ui_u(ui, 2), ui->th.primary);
		int y = s.y + in;
		y += ui_label(ui, r->ladder.v[i], (struct pf_rect){s.x + in, y, sw - 2 * in, 0},
			      UI_FONT_BODY, PF_FONT_BOLD, fg, UI_ALIGN_CENTER) + in;
		ui_label(ui, r->levels.v[i], (struct pf_rect){s.x + in, y, sw - 2 * in, 0}, UI_FONT_SMALL,
			 PF_FONT_REGULAR, fg, UI_ALIGN_CENTER);
		if (first)
			ui_label(ui, start, (struct pf_rect){s.x, s.y - top, sw, 0}, UI_FONT_BODY,
				 PF_FONT_BOLD, ui->th.accent, UI_ALIGN_CENTER);
	}
	return hi;
}

/* A Yes or No toggle: recorded as a checkbox with its state; the pill is
 * drawn a little inside its touch area so rows can touch. */
static bool toggle(struct ui *ui, const char *t, const char *name, struct pf_rect r, bool on)
{
	uint32_t id = ui_record(ui, UI_CHECKBOX, t, name, r, true);
	size_t me = ui->n ? ui->n - 1 : 0;
	if (ui->n && ui->widgets[me].id == id)
		ui->widgets[me].checked = on;
	int g = ui_u(ui, 4);
	struct pf_rect v = {r.x + g, r.y + g, r.w - 2 * g, r.h - 2 * g};
	struct pf_color bg = on ? ui->th.primary : ui_is_pressed(ui, id) ? ui->th.line : ui->th.surface;
	pf_fill_round_rect(ui->pf, v, v.h / 2, bg);
	pf_stroke_round_rect(ui->pf, v, v.h / 2, ui_u(ui, 2), ui->th.primary);
	size_t before = ui->n;
	ui_label(ui, t, v, UI_FONT_LARGE, PF_FONT_BOLD, on ? ui->th.on_primary : ui->th.primary,
		 UI_ALIGN_CENTER);
	if (ui->n > before) {
		ui->widgets[me].overflow |= ui->widgets[ui->n - 1].overflow;
		ui->n--;
	}
	return ui_activated(ui, id);
}

/* 6. Yes/No reflections in one panel, then the quiz and the job list.
 * (Register interest sits where Next was, in the bottom bar.) */
static int page_reflect(struct pg *p, struct pf_rect b)
{
	struct ui *ui = p->ui;
	struct role_state *s = p->s;
	int pad = ui_u(ui, 16), row = ui_u(ui, 56), tw = ui_u(ui, 104), in = ui_u(ui, 14);
	size_t n = p->r->reflect.n < MAX_REFLECT ? p->r->reflect.n : MAX_REFLECT;
	int x = b.x + pad, w = b.w - 2 * pad, y = b.y;
	int h = row * (int)n + ui_u(ui, 8) + ui_u(ui, 56);
	if (!p->draw)
		return h;
	panel(p, (struct pf_rect){x, y, w, row * (int)n}, ui->th.line);
	const char *yes = app_str(p->app, "role.reflect.yes"), *no = app_str(p->app, "role.reflect.no");
	for (size_t i = 0; i < n; i++, y += row) {
		if (i)
			pf_fill_rect(ui->pf, (struct pf_rect){x + in, y, w - 2 * in, ui_u(ui, 1)},
				     ui->th.line);
		ui_label(ui, p->r->reflect.v[i], (struct pf_rect){x + in, y, w - 2 * tw - 2 * in, row},
			 UI_FONT_BODY, PF_FONT_REGULAR, ui->th.text, UI_ALIGN_LEFT);
		char name[32];
		snprintf(name, sizeof name, "reflect-%zu-yes", i + 1);
		struct pf_rect ry = {x + w - 2 * tw - ui_u(ui, 6), y, tw, row};
		if (toggle(ui, yes, name, ry, s->answer[i] == 1))
			s->answer[i] = s->answer[i] == 1 ? 0 : 1;
		snprintf(name, sizeof name, "reflect-%zu-no", i + 1);
		if (toggle(ui, no, name, (struct pf_rect){ry.x + tw, y, tw, row}, s->answer[i] == 2))
			s->answer[i] = s->answer[i] == 2 ? 0 : 2;
	}
	y += ui_u(ui, 8);
	int bw = (w - ui_u(ui, 12)) / 2, bh = ui_u(ui, 56);
	if (ui_button(ui, app_str(p->app, "role.quiz"), (struct pf_rect){x, y, bw, bh},
		      UI_STYLE_SECONDARY, "icons/quiz.svg"))
		app_goto(p->app, SCENE_QUIZ, NULL);
	if (ui_button(ui, app_str(p->app, "role.back_to_jobs"),
		      (struct pf_rect){x + w - bw, y, bw, bh}, UI_STYLE_SECONDARY, NULL))
		app_goto(p->app, SCENE_ROLES, NULL);
	return h;
}

static const struct {
	const char *title, *icon;
	int (*fn)(struct pg *p, struct pf_rect b);
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
	s->scroll = (struct ui_scroll){0};
	app->ui.dirty = true;
}

/* A horizontal drag that ended since the last frame turns the page. The
 * ui keeps where the last press began and where the pointer is. */
static void swipe(struct app *app, struct role_state *s, struct ui *ui)
{
	if (ui->pointer_down || ui->press_t == s->seen_press)
		return;
	s->seen_press = ui->press_t;
	int dx = ui->ptr_x - ui->press_x, dy = ui->ptr_y - ui->press_y;
	if (abs(dx) >= ui_u(ui, 80) && abs(dx) > 2 * abs(dy))
		go(app, s, dx < 0 ? s->page + 1 : s->page - 1 < 0 ? 0 : s->page - 1);
}

static void head(struct ui *ui, const char *icon_path, const char *title, int x, int y, int w)
{
	int is = ui_u(ui, 40);
	ui_image(ui, icon_path, NULL, (struct pf_rect){x, y, is, is});
	int tx = x + is + ui_u(ui, 12);
	ui_label(ui, title, (struct pf_rect){tx, y, x + w - tx, is}, UI_FONT_TITLE, PF_FONT_BOLD,
		 ui->th.text, UI_ALIGN_LEFT);
}

/* The page's icon and title (page 2: one for each column), with the page
 * dots on the right. */
static int heading(struct app *app, struct role_state *s, struct ui *ui, struct pf_rect area)
{
	int pad = ui_u(ui, 16), is = ui_u(ui, 40), y = area.y + ui_u(ui, 8);
	int d = ui_u(ui, 14), dg = ui_u(ui, 10), dw = NPAGES * d + (NPAGES - 1) * dg;
	int dx = area.x + area.w - pad - dw;
	if (s->page == P_GOODHARD) {
		struct pf_rect g, h;
		goodhard_cols(ui, area, &g, &h);
		head(ui, "icons/good.svg", app_str(app, "role.good"), g.x, y, g.w);
		head(ui, "icons/hard.svg", app_str(app, "role.hard"), h.x, y, dx - ui_u(ui, 16) - h.x);
	} else {
		head(ui, pages[s->page].icon, app_str(app, pages[s->page].title), area.x + pad, y,
		     dx - ui_u(ui, 16) - area.x - pad);
	}
	for (int i = 0; i < NPAGES; i++)
		pf_fill_circle(ui->pf, dx + i * (d + dg) + d / 2, y + is / 2, d / 2,
			       i == s->page ? ui->th.primary : ui->th.line);
	char n[12], total[12], of[64];
	snprintf(n, sizeof n, "%d", s->page + 1);
	snprintf(total, sizeof total, "%d", NPAGES);
	const char *const kv[][2] = {{"page", n}, {"pages", total}};
	strtab_fill(of, sizeof of, app_str(app, "role.page_of"), kv, 2);
	ui_record(ui, UI_LABEL, of, "page", (struct pf_rect){dx, y, dw, is}, false);
	return is + ui_u(ui, 12);
}

/* Back on the left; Next on the right, or on the last page the way to
 * register interest in this job. */
static void nav(struct app *app, struct role_state *s, struct ui *ui, struct pf_rect bar)
{
	int bw = ui_u(ui, 150);
	if (ui_button(ui, app_str(app, "role.back"), (struct pf_rect){bar.x, bar.y, bw, bar.h},
		      UI_STYLE_SECONDARY, NULL))
		go(app, s, s->page - 1);
	if (s->page < NPAGES - 1) {
		if (ui_button(ui, app_str(app, "role.next"),
			      (struct pf_rect){bar.x + bar.w - bw, bar.y, bw, bar.h}, UI_STYLE_PRIMARY,
			      NULL))
			go(app, s, s->page + 1);
		return;
	}
	const char *reg = app_str(app, "role.register");
	int rw = ui_text_width(ui, reg, UI_FONT_LARGE, PF_FONT_BOLD) + ui_u(ui, 60);
	int most = bar.w - bw - ui_u(ui, 16);
	rw = rw > most ? most : rw;
	if (ui_button(ui, reg, (struct pf_rect){bar.x + bar.w - rw, bar.y, rw, bar.h}, UI_STYLE_ACCENT,
		      NULL)) {
		snprintf(app->visit.role_id, sizeof app->visit.role_id, "%s", s->r->id);
		app_goto(app, SCENE_FORM, NULL);
	}
}

static void body(struct app *app, struct role_state *s, struct ui *ui, struct pf_rect view)
{
	struct pg p = {app, ui, s->r, s, false, UI_FONT_BODY, 0};
	int (*fn)(struct pg *, struct pf_rect) = pages[s->page].fn;
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
	p.draw = true;
	int dy = ui_scroll_begin(ui, &s->scroll, view);
	fn(&p, (struct pf_rect){view.x, view.y + dy, view.w, view.h});
	ui_scroll_end(ui, h);
}

static void draw(struct app *app, void *state, struct ui *ui)
{
	struct role_state *s = state;
	if (!s->r)
		return;
	swipe(app, s, ui);
	struct pf_rect area;
	int top = ui_topbar(ui, s->r->title, app_str(app, "role.jobs"), app_str(app, "nav.home"), &area);
	int hh = heading(app, s, ui, area);
	int pad = ui_u(ui, 16), bh = ui_u(ui, 56), gap = ui_u(ui, 8);
	struct pf_rect bar = {area.x + pad, area.y + area.h - gap - bh, area.w - 2 * pad, bh};
	int y = area.y + hh;
	body(app, s, ui, (struct pf_rect){area.x, y, area.w, bar.y - gap - y});
	nav(app, s, ui, bar);
	if (top == 1)
		app_goto(app, SCENE_ROLES, NULL);
	else if (top == 2)
		app_goto(app, SCENE_HOME, NULL);
}

static void enter(struct app *app, void *state, const char *arg)
{
	struct role_state *s = state;
	s->r = roles_find(&app->roles, arg);
	s->seen_press = app->ui.press_t;
	if (!s->r)
		app_goto(app, SCENE_ROLES, NULL);	/* never a dead end */
}

static bool key(struct app *app, void *state, const struct pf_event *ev)
{
	struct role_state *s = state;
	if (ev->type != PF_EV_KEY)
		return false;
	if (ev->key == PF_KEY_ESCAPE || ev->key == PF_KEY_LEFT) {
		if (ev->key == PF_KEY_ESCAPE || s->page > 0)
			go(app, s, s->page - 1);
		return true;
	}
	if (ev->key == PF_KEY_RIGHT) {
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
