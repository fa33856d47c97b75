/*
 * ui.c: frames, input routing, widget ids, focus, modal layer, top bar.
 */
#include "ui/ui_int.h"
#include "ui/ui_pf.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#define TAP_SLOP 12 /* pixels a finger may wander and still tap */

static const float font_units[UI_FONT_COUNT] = {15, 20, 23, 29, 46};
/* How much of the text scale each size takes: all of it for reading text
 * (small print, body), less the larger a size already is, so buttons and
 * titles stay on their bars and in their boxes. */
static const float font_grows[UI_FONT_COUNT] = {1, 1, 0.5f, 0.3f, 0.15f};

static void arena_reset(struct ui *ui, bool all);

/* The theme's sizes where it gives none. */
static const struct ui_metrics default_metrics = {
	.bar_h = 64,
	.bar_pad = 8,
	.bar_button_w = 132,
	.pad = 16,
	.pad_list = 14,
	.gap = 12,
	.gap_small = 8,
	.in = 12,
	.button_h = 56,
	.field_h = 60,
	.radius = 14,
	.radius_card = 16,
	.radius_tile = 18,
	.stroke = 2,
	.stroke_bold = 3,
	.text_scale = 1,
};

static void fill_metrics(struct ui_metrics *m)
{
	const float *d = (const float *)&default_metrics;
	float *v = (float *)m;
	for (size_t i = 0; i < sizeof *m / sizeof(float); i++)
		if (v[i] <= 0)
			v[i] = d[i];
}

void ui_init(struct ui *ui, struct pf *pf, const struct theme *th)
{
	memset(ui, 0, sizeof *ui);
	init_linebreak(); /* libunibreak's tables; idempotent */
	ui->pf = pf;
	ui_set_theme(ui, th);
}

void ui_set_theme(struct ui *ui, const struct theme *th)
{
	ui->th = *th;
	fill_metrics(&ui->th.m);
	pf_size(ui->pf, &ui->w, &ui->h);
	float sx = ui->w / 800.0f, sy = ui->h / 480.0f;
	ui->scale = sx < sy ? sx : sy;
	for (int i = 0; i < UI_FONT_COUNT; i++)
		ui->font_px[i] =
			(int)(font_units[i] * (1 + (ui->th.m.text_scale - 1) * font_grows[i]) *
				      ui->scale +
			      0.5f);
	const struct ui_metrics *m = &ui->th.m;
	ui->sz = (struct ui_sizes){
		ui_u(ui, m->bar_h),	  ui_u(ui, m->bar_pad),	 ui_u(ui, m->bar_button_w),
		ui_u(ui, m->pad),	  ui_u(ui, m->pad_list), ui_u(ui, m->gap),
		ui_u(ui, m->gap_small),	  ui_u(ui, m->in),	 ui_u(ui, m->button_h),
		ui_u(ui, m->field_h),	  ui_u(ui, m->radius),	 ui_u(ui, m->radius_card),
		ui_u(ui, m->radius_tile), ui_u(ui, m->stroke),	 ui_u(ui, m->stroke_bold),
	};
	ui->dirty = true;
}

void ui_free(struct ui *ui)
{
	free(ui->widgets);
	arena_reset(ui, true);
	memset(ui, 0, sizeof *ui);
}

int ui_u(const struct ui *ui, float units)
{
	return (int)(units * ui->scale + 0.5f);
}

int ui_font_px(const struct ui *ui, enum ui_font f)
{
	return ui->font_px[f];
}

void ui_begin(struct ui *ui, uint64_t now)
{
	ui->n = 0;
	arena_reset(ui, false);
	ui->modal = false;
	ui->modal_from = 0;
	ui->nscrolls = 0;
	ui->cur_scroll = NULL;
	ui->cur_dy = 0;
	ui->mark = 0;
	ui->listen.id = 0;
	ui->listen.r = (struct ui_rect){0, 0, 0, 0};
	ui->acted = false;
	ui->dirty = false;
	ui->next_frame = 0;
	ui->next_tick = 0;
	ui->now = now;
	pf_begin_frame(ui->pf, pfc(ui->th.bg));
}

static void draw_focus(struct ui *ui)
{
	if (!ui->focus_visible || !ui->focus_id)
		return;
	for (size_t i = ui->modal ? ui->modal_from : 0; i < ui->n; i++) {
		const struct ui_widget *w = &ui->widgets[i];
		if (w->id != ui->focus_id)
			continue;
		int g = ui_u(ui, 3);
		struct ui_rect r = {w->r.x - g, w->r.y - g, w->r.w + 2 * g, w->r.h + 2 * g};
		gfx_stroke(ui, r, ui->sz.radius, g, ui->th.focus);
		return;
	}
}

void ui_end(struct ui *ui)
{
	draw_focus(ui);
	/* An activation no widget claimed (it went away) must not linger. */
	ui->activate_id = 0;
	pf_end_frame(ui->pf);
}

void ui_request_frame(struct ui *ui, uint64_t t)
{
	if (!ui->next_frame || t < ui->next_frame)
		ui->next_frame = t;
}

void ui_request_tick(struct ui *ui, uint64_t t)
{
	if (!ui->next_tick || t < ui->next_tick)
		ui->next_tick = t;
}

struct ui_block {
	struct ui_block *next;
	size_t len, cap;
	char data[];
};

/* Copies s into this frame's arena. Blocks are chained, never moved, so
 * pointers handed out earlier in the frame stay valid. */
static char *arena_copy(struct ui *ui, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s) + 1;
	struct ui_block *b = ui->arena;
	if (!b || b->len + len > b->cap) {
		size_t cap = len > 16384 ? len : 16384;
		struct ui_block *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->next = b;
		nb->len = 0;
		nb->cap = cap;
		ui->arena = b = nb;
	}
	char *p = b->data + b->len;
	memcpy(p, s, len);
	b->len += len;
	return p;
}

/* Empties the arena, keeping one block for the next frame. Texts may be
 * what a visitor typed, so they are wiped, not just forgotten. */
static void arena_reset(struct ui *ui, bool all)
{
	struct ui_block *b = ui->arena;
	if (!b)
		return;
	for (struct ui_block *z = b; z; z = z->next)
		explicit_bzero(z->data, z->len);
	struct ui_block *rest = all ? b : b->next;
	while (rest) {
		struct ui_block *next = rest->next;
		free(rest);
		rest = next;
	}
	if (all) {
		ui->arena = NULL;
	} else {
		b->next = NULL;
		b->len = 0;
	}
}

static uint32_t make_id(enum ui_role role, const char *text, const char *name, struct ui_rect r,
			int dy)
{
	uint32_t h = 2166136261u ^ (uint32_t)role;
	for (const char *p = text; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = name; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	/* Inside a scroll area the id must not change as it scrolls. */
	int v[4] = {r.x, r.y - dy, r.w, r.h};
	for (int i = 0; i < 4; i++)
		h = (h ^ (uint32_t)v[i]) * 16777619u;
	return h ? h : 1;
}

static bool intersect(struct ui_rect a, struct ui_rect b, struct ui_rect *out)
{
	int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
	int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
	int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
	if (x1 <= x0 || y1 <= y0)
		return false;
	*out = (struct ui_rect){x0, y0, x1 - x0, y1 - y0};
	return true;
}

uint32_t ui_record(struct ui *ui, enum ui_role role, const char *text, const char *name,
		   struct ui_rect r, bool interactive)
{
	uint32_t id = make_id(role, text, name, r, ui->cur_dy);
	if (ui->measuring)
		return id;
	struct ui_rect vis = r;
	/* Only the part inside a scroll view is visible; wholly hidden
	 * widgets are not in the tree at all. */
	if (ui->cur_scroll && !intersect(r, ui->cur_clip, &vis))
		return id;
	if (ui->n == ui->cap) {
		size_t cap = ui->cap ? ui->cap * 2 : 64;
		struct ui_widget *w = realloc(ui->widgets, cap * sizeof *w);
		if (!w)
			return id;
		ui->widgets = w;
		ui->cap = cap;
	}
	const char *t = arena_copy(ui, text ? text : "");
	const char *nm = arena_copy(ui, name);
	struct ui_widget *w = &ui->widgets[ui->n++];
	*w = (struct ui_widget){
		.role = role,
		.text = t ? t : "",
		.name = nm,
		.r = vis,
		.clipped = vis.x != r.x || vis.y != r.y || vis.w != r.w || vis.h != r.h,
		.enabled = true,
		.interactive = interactive,
		.mark = ui->mark,
		.id = id,
	};
	return id;
}

bool ui_activated(struct ui *ui, uint32_t id)
{
	if (!id || ui->activate_id != id || ui->measuring)
		return false;
	ui->activate_id = 0;
	ui->acted = true;
	ui->dirty = true;
	return true;
}

bool ui_is_pressed(const struct ui *ui, uint32_t id)
{
	return id && ui->pressed_id == id;
}

static bool inside(struct ui_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* Topmost interactive widget under (x,y) in the layer that takes input. */
static const struct ui_widget *hit(const struct ui *ui, int x, int y)
{
	size_t from = ui->modal ? ui->modal_from : 0;
	for (size_t i = ui->n; i-- > from;) {
		const struct ui_widget *w = &ui->widgets[i];
		if (w->interactive && w->enabled && inside(w->r, x, y))
			return w;
	}
	return NULL;
}

static struct ui_scroll *scroll_at(struct ui *ui, int x, int y)
{
	if (ui->modal)
		return NULL;
	for (size_t i = 0; i < ui->nscrolls; i++)
		if (inside(ui->scrolls[i].r, x, y))
			return ui->scrolls[i].s;
	return NULL;
}

/* The widgets Tab visits, in order: the layer's interactive ones as drawn,
 * but Listen last, as a helper rather than a step (and whether it is there
 * depends on the kiosk's settings). Returns how many; ids into out. */
static size_t tab_order(const struct ui *ui, uint32_t *out, size_t max)
{
	size_t from = ui->modal ? ui->modal_from : 0, k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = from; i < ui->n && k < max; i++) {
			const struct ui_widget *w = &ui->widgets[i];
			bool listen = ui->listen.id && w->id == ui->listen.id;
			if (w->interactive && w->enabled && listen == (pass == 1))
				out[k++] = w->id;
		}
	return k;
}

static void move_focus(struct ui *ui, int dir)
{
	uint32_t ids[1024];
	size_t count = tab_order(ui, ids, sizeof ids / sizeof ids[0]), cur = (size_t)-1;
	if (!count)
		return;
	for (size_t i = 0; i < count; i++)
		if (ids[i] == ui->focus_id)
			cur = i;
	size_t want = cur == (size_t)-1 ? (dir > 0 ? 0 : count - 1)
					: (cur + count + (size_t)(dir > 0 ? 1 : count - 1)) % count;
	ui->focus_id = ids[want];
	ui->focus_visible = true;
	ui->dirty = true;
}

void ui_scroll_input_down(struct ui *ui, struct ui_scroll *s, int y, uint64_t now);
void ui_scroll_input_move(struct ui *ui, struct ui_scroll *s, int y, uint64_t now);
void ui_scroll_input_up(struct ui *ui, struct ui_scroll *s, uint64_t now);
bool ui_scroll_moving(const struct ui_scroll *s, uint64_t now);

static bool pointer(struct ui *ui, const struct ui_event *ev, uint64_t now)
{
	ui->ptr_x = ev->x;
	ui->ptr_y = ev->y;
	if (ev->type == UI_EV_DOWN) {
		const struct ui_widget *w = hit(ui, ev->x, ev->y);
		struct ui_scroll *s = scroll_at(ui, ev->x, ev->y);
		bool was_moving = s && ui_scroll_moving(s, now);
		ui->pointer_down = true;
		ui->press_x = ev->x;
		ui->press_y = ev->y;
		ui->press_t = now;
		ui->focus_visible = false;
		/* A touch that stops a fling is not a tap. */
		ui->pressed_id = w && !was_moving ? w->id : 0;
		ui->drag = s;
		if (s)
			ui_scroll_input_down(ui, s, ev->y, now);
		ui->dirty = true;
		return true;
	}
	if (!ui->pointer_down)
		return false;
	if (ev->type == UI_EV_MOVE) {
		int dx = ev->x - ui->press_x, dy = ev->y - ui->press_y;
		if (ui->drag && (ui->drag->dragging || abs(dy) > TAP_SLOP)) {
			ui->pressed_id = 0;
			ui_scroll_input_move(ui, ui->drag, ev->y, now);
			ui->dirty = true;
		} else if (ui->pressed_id && (abs(dx) > TAP_SLOP * 3 || abs(dy) > TAP_SLOP * 3)) {
			ui->pressed_id = 0;
			ui->dirty = true;
		}
		return true;
	}
	/* UI_EV_UP */
	const struct ui_widget *w = hit(ui, ev->x, ev->y);
	if (ui->pressed_id && w && w->id == ui->pressed_id)
		ui->activate_id = ui->pressed_id;
	if (ui->drag)
		ui_scroll_input_up(ui, ui->drag, now);
	ui->drag = NULL;
	ui->pressed_id = 0;
	ui->pointer_down = false;
	ui->dirty = true;
	return true;
}

bool ui_input(struct ui *ui, const struct ui_event *ev, uint64_t now)
{
	switch (ev->type) {
	case UI_EV_DOWN:
	case UI_EV_MOVE:
	case UI_EV_UP: return pointer(ui, ev, now);
	case UI_EV_KEY:
		if (ev->key == UI_KEY_TAB || ev->key == UI_KEY_DOWN || ev->key == UI_KEY_UP) {
			move_focus(ui,
				   (ev->key == UI_KEY_UP || (ev->key == UI_KEY_TAB && ev->shift))
					   ? -1
					   : 1);
			return true;
		}
		if (ev->key == UI_KEY_RETURN && ui->focus_visible && ui->focus_id) {
			ui->activate_id = ui->focus_id;
			ui->dirty = true;
			return true;
		}
		return false;
	default: return false;
	}
}

void ui_reset_input(struct ui *ui)
{
	ui->pressed_id = ui->activate_id = ui->focus_id = 0;
	ui->pointer_down = false;
	ui->drag = NULL;
	ui->nscrolls = 0;
	ui->focus_visible = false;
	ui->dirty = true;
}

bool ui_held(struct ui *ui, struct ui_rect r, uint64_t ms)
{
	if (!ui->pointer_down || !inside(r, ui->press_x, ui->press_y) ||
	    !inside(r, ui->ptr_x, ui->ptr_y))
		return false;
	if (ui->now - ui->press_t >= ms)
		return true;
	ui_request_tick(ui, ui->press_t + ms);
	return false;
}

void ui_modal_begin(struct ui *ui)
{
	gfx_rect(ui, (struct ui_rect){0, 0, ui->w, ui->h}, ui->th.scrim);
	ui->modal = true;
	ui->modal_from = ui->n;
}

int ui_listen_size(const struct ui *ui)
{
	return ui->listen.label ? ui->sz.bar_h - 2 * ui->sz.bar_pad : 0;
}

void ui_listen(struct ui *ui, struct ui_rect r)
{
	if (!ui->listen.label)
		return;
	uint32_t id = ui_record(ui, UI_BUTTON, ui->listen.label, "listen", r, true);
	struct ui_widget *w = ui_last(ui, id);
	if (w)
		w->checked = ui->listen.speaking;
	ui->listen.id = id;
	ui->listen.r = r;
	/* White, unlike the bar's other buttons, so it is easy to find; the
	 * accent colour while it speaks, when a tap means stop. */
	struct ui_color bg = ui->listen.speaking ? ui->th.accent : ui->th.surface;
	if (ui_is_pressed(ui, id))
		bg = ui->listen.speaking ? ui->th.primary : ui->th.line;
	gfx_fill(ui, r, ui->sz.radius, bg);
	int in = r.h / 7;
	gfx_image(ui, ui->listen.speaking ? "icons/listen-on.svg" : "icons/listen.svg",
		  (struct ui_rect){r.x + in, r.y + in, r.w - 2 * in, r.h - 2 * in});
	if (ui_activated(ui, id))
		ui->listen.tapped = true;
}

int ui_lang_button_size(const struct ui *ui)
{
	return ui->lang.label ? ui->sz.bar_h - 2 * ui->sz.bar_pad : 0;
}

void ui_lang_button(struct ui *ui, struct ui_rect r)
{
	if (!ui->lang.label)
		return;
	uint32_t id = ui_record(ui, UI_BUTTON, ui->lang.label, "language", r, true);
	gfx_fill(ui, r, ui->sz.radius, ui_is_pressed(ui, id) ? ui->th.line : ui->th.surface);
	int in = r.h / 7;
	gfx_image(ui, "icons/language.svg",
		  (struct ui_rect){r.x + in, r.y + in, r.w - 2 * in, r.h - 2 * in});
	if (ui_activated(ui, id))
		ui->lang.tapped = true;
}

/* One of the bar's buttons, named, at x (mirrored in right-to-left). */
static bool bar_button(struct ui *ui, const char *text, const char *name, int x, enum ui_style st,
		       const char *icon)
{
	int pad = ui->sz.bar_pad, bw = ui->sz.bar_button_w;
	struct ui_rect r = {ui->rtl ? ui->w - x - bw : x, pad, bw, ui->sz.bar_h - 2 * pad};
	return ui_button_named(ui, text, name, r, st, icon);
}

/* The middle of a form's bar: the step text over a progress bar. */
static void bar_step(struct ui *ui, const struct ui_bar *b, struct ui_rect r)
{
	int bar = ui->sz.bar_h, pad = ui->sz.bar_pad;
	struct ui_rect text = {r.x, pad, r.w, bar / 2};
	ui_text(ui, b->step, text, UI_FONT_BODY, UI_BOLD, ui->th.on_primary, UI_ALIGN_CENTER);
	struct ui_color dim = ui->th.on_primary;
	dim.a = 70;
	const struct ui_progress p = {b->step_done, b->step_total, dim,	 ui->th.on_primary,
				      b->step,	    "step",	   false};
	ui_progress(ui, (struct ui_rect){r.x, bar / 2 + pad + ui_u(ui, 2), r.w, ui_u(ui, 10)}, &p);
}

static void bar_title(struct ui *ui, const char *title, int left, int right)
{
	int bar = ui->sz.bar_h, pad = ui->sz.bar_pad;
	int side = (left > ui->w - right ? left : ui->w - right) + pad;
	struct ui_rect tr = {side, 0, ui->w - 2 * side, bar};
	/* Centred on the screen if it fits there on one line; else in all
	 * the room between the buttons (Listen makes one side wider). */
	if (ui_fit_font(ui, title, tr.w, bar, UI_FONT_TITLE, UI_FONT_BODY, UI_BOLD) !=
	    UI_FONT_TITLE)
		tr = (struct ui_rect){left + pad, 0, right - left - 2 * pad, bar};
	/* A long title (content staff can edit) steps down a size or two
	 * and wraps rather than spill out of the bar. */
	enum ui_font f = ui_fit_font(ui, title, tr.w, bar, UI_FONT_TITLE, UI_FONT_BODY, UI_BOLD);
	if (ui->rtl)
		tr.x = ui->w - tr.x - tr.w;
	ui_label(ui, title, tr, f, UI_BOLD, ui->th.on_primary, UI_ALIGN_CENTER);
}

enum ui_bar_hit ui_topbar(struct ui *ui, const struct ui_bar *b, struct ui_rect *content)
{
	int bar = ui->sz.bar_h, pad = ui->sz.bar_pad, bw = ui->sz.bar_button_w;
	int ls = ui_listen_size(ui);
	enum ui_bar_hit hit = UI_BAR_NONE;
	gfx_rect(ui, (struct ui_rect){0, 0, ui->w, bar}, ui->th.primary);
	ui->mark |= UI_MARK_BAR;
	/* left and right: the free part of the bar between the slots, in
	 * left-to-right coordinates; bar_button() mirrors. */
	int left = pad, right = ui->w - pad;
	if (b->back) {
		/* The arrow points the way back: right, right to left. */
		if (bar_button(ui, b->back, "back", left, UI_STYLE_QUIET,
			       ui->rtl ? "icons/back-rtl.svg" : "icons/back.svg"))
			hit = UI_BAR_BACK;
		left += bw + pad;
	}
	if (b->home && b->next) {
		if (bar_button(ui, b->home, "home", left, UI_STYLE_QUIET, "icons/home.svg"))
			hit = UI_BAR_HOME;
		left += bw + pad;
	}
	if (b->next) {
		if (bar_button(ui, b->next, b->next_name ? b->next_name : "next", right - bw,
			       b->next_style, NULL))
			hit = UI_BAR_NEXT;
		right -= bw + pad;
	} else if (b->home) {
		if (bar_button(ui, b->home, "home", right - bw, UI_STYLE_QUIET, "icons/home.svg"))
			hit = UI_BAR_HOME;
		right -= bw + pad;
	}
	if (ls) {
		int x = b->next ? left : right - ls;
		ui_listen(ui, (struct ui_rect){ui->rtl ? ui->w - x - ls : x, pad, ls, ls});
		if (b->next)
			left += ls + pad;
		else
			right -= ls + pad;
	}
	int gs = ui_lang_button_size(ui);
	if (gs) {
		int x = b->next ? left : right - gs;
		ui_lang_button(ui, (struct ui_rect){ui->rtl ? ui->w - x - gs : x, pad, gs, gs});
		if (b->next)
			left += gs + pad;
		else
			right -= gs + pad;
	}
	if (b->step) {
		struct ui_rect mid = {left + pad, 0, right - left - 2 * pad, bar};
		if (ui->rtl)
			mid.x = ui->w - mid.x - mid.w;
		bar_step(ui, b, mid);
	} else if (b->title) {
		bar_title(ui, b->title, left, right);
	}
	ui->mark &= ~(unsigned)UI_MARK_BAR;
	if (content)
		*content = (struct ui_rect){0, bar, ui->w, ui->h - bar};
	return hit;
}

bool ui_set_text_style(struct ui *ui, const struct pf_text_style *st, char *err, size_t errlen)
{
	ui->rtl = st && st->rtl;
	return pf_text_set_style(ui->pf, st, err, errlen);
}

struct ui_event ui_event_from(const struct pf_event *ev)
{
	_Static_assert(sizeof ev->text == sizeof((struct ui_event *)0)->text, "ui_event.text");
	struct ui_event e = {(enum ui_event_type)ev->type, ev->x,     ev->y,
			     (enum ui_key)ev->key,	   ev->shift, ""};
	memcpy(e.text, ev->text, sizeof e.text);
	return e;
}
