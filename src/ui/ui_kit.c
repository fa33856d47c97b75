/*
 * ui_kit.c: the shapes screens are built from: panels and cards, choices,
 * progress bars, page dots, swipes (ui.h). One drawing of each, so a
 * change of look, or right to left, is made here once.
 */
#include "ui/ui_int.h"

#include <stdlib.h>

/* inner, mirrored inside outer when the reading direction is right to left. */
static struct ui_rect flip(const struct ui *ui, struct ui_rect outer, struct ui_rect inner)
{
	if (ui->rtl)
		inner.x = outer.x + outer.w - (inner.x - outer.x) - inner.w;
	return inner;
}

struct ui_look ui_look(const struct ui *ui, struct ui_color fill, struct ui_color border)
{
	return (struct ui_look){fill, border, ui->sz.stroke, ui->sz.radius_card};
}

void ui_frame(struct ui *ui, struct ui_rect r, struct ui_look look)
{
	if (look.fill.a)
		gfx_fill(ui, r, look.radius, look.fill);
	if (look.border.a && look.stroke)
		gfx_stroke(ui, r, look.radius, look.stroke, look.border);
}

bool ui_card(struct ui *ui, enum ui_role role, const char *text, const char *name, struct ui_rect r,
	     struct ui_look look)
{
	uint32_t id = ui_record(ui, role, text, name, r, true);
	if (ui_pressed_now(ui, id))
		look.fill = ui->th.line;
	ui_frame(ui, r, look);
	return ui_activated(ui, id);
}

void ui_dot(struct ui *ui, int cx, int cy, int radius, struct ui_color c)
{
	gfx_circle(ui, cx, cy, radius, c);
}

void ui_rule(struct ui *ui, struct ui_rect r, struct ui_color c)
{
	gfx_rect(ui, r, c);
}

/* The round or square marker of a radio or check choice, and its words. */
static bool choice_box(struct ui *ui, enum ui_choice_kind kind, const char *text, const char *name,
		       struct ui_rect r, bool on)
{
	bool radio = kind == UI_CHOICE_RADIO;
	uint32_t id = ui_record(ui, UI_CHECKBOX, text, name, r, true);
	struct ui_widget *me = ui_last(ui, id);
	int rad = ui_u(ui, 12), pad = ui->sz.in, box = ui_u(ui, 30);
	gfx_fill(ui, r, rad, ui_pressed_now(ui, id) ? ui->th.line : ui->th.surface);
	gfx_stroke(ui, r, rad, on ? ui->sz.stroke_bold : ui->sz.stroke,
		   on ? ui->th.primary : ui->th.line);
	struct ui_rect b = {r.x + pad, r.y + (r.h - box) / 2, box, box};
	int tx = b.x + box + pad;
	struct ui_rect tr = flip(ui, r, (struct ui_rect){tx, r.y, r.x + r.w - pad - tx, r.h});
	b = flip(ui, r, b);
	int br = radio ? box / 2 : ui_u(ui, 6);
	gfx_fill(ui, b, br, on && !radio ? ui->th.primary : ui->th.surface);
	gfx_stroke(ui, b, br, ui->sz.stroke, ui->th.primary);
	if (on && radio)
		gfx_circle(ui, b.x + box / 2, b.y + box / 2, box / 4, ui->th.primary);
	else if (on)
		gfx_image(ui, "icons/tick-white.svg", b);
	bool over;
	ui_text_ex(ui, text, tr, UI_FONT_BODY, on ? UI_BOLD : UI_REGULAR, ui->th.text,
		   UI_ALIGN_LEFT, &over);
	if (me) {
		me->checked = on;
		me->overflow = over;
	}
	return ui_activated(ui, id);
}

/* An answer: a big outlined card with a round marker that fills while
 * pressed; the words as large as fit. */
static bool choice_option(struct ui *ui, const char *text, const char *name, struct ui_rect r)
{
	uint32_t id = ui_record(ui, UI_BUTTON, text, name, r, true);
	struct ui_widget *me = ui_last(ui, id);
	bool pressed = ui_pressed_now(ui, id);
	int rad = ui->sz.radius, pad = ui_u(ui, 14), dot = ui_u(ui, 22);
	gfx_fill(ui, r, rad, pressed ? ui->th.line : ui->th.surface);
	gfx_stroke(ui, r, rad, ui->sz.stroke, ui->th.primary);
	struct ui_rect m =
		flip(ui, r, (struct ui_rect){r.x + pad, r.y + r.h / 2 - dot / 2, dot, dot});
	gfx_circle(ui, m.x + dot / 2, r.y + r.h / 2, dot / 2, ui->th.primary);
	gfx_circle(ui, m.x + dot / 2, r.y + r.h / 2, dot / 2 - ui_u(ui, 3),
		   pressed ? ui->th.primary : ui->th.surface);
	struct ui_rect tr = flip(ui, r,
				 (struct ui_rect){r.x + 2 * pad + dot, r.y + ui_u(ui, 4),
						  r.w - 3 * pad - dot, r.h - ui_u(ui, 8)});
	enum ui_font f = ui_text_height(ui, text, tr.w, UI_FONT_LARGE, UI_REGULAR) <= tr.h
				 ? UI_FONT_LARGE
				 : UI_FONT_BODY;
	bool over;
	ui_text_ex(ui, text, tr, f, UI_REGULAR, ui->th.text, UI_ALIGN_LEFT, &over);
	if (me)
		me->overflow = over;
	return ui_activated(ui, id);
}

/* A Yes or No pill, drawn a little inside its touch area so rows touch. */
static bool choice_pill(struct ui *ui, const char *text, const char *name, struct ui_rect r,
			bool on)
{
	uint32_t id = ui_record(ui, UI_CHECKBOX, text, name, r, true);
	struct ui_widget *me = ui_last(ui, id);
	int g = ui_u(ui, 4);
	struct ui_rect v = ui_inset(r, g, g);
	struct ui_color bg = on			      ? ui->th.primary
			     : ui_pressed_now(ui, id) ? ui->th.line
						      : ui->th.surface;
	gfx_fill(ui, v, v.h / 2, bg);
	gfx_stroke(ui, v, v.h / 2, ui->sz.stroke, ui->th.primary);
	bool over;
	ui_text_ex(ui, text, v, UI_FONT_LARGE, UI_BOLD, on ? ui->th.on_primary : ui->th.primary,
		   UI_ALIGN_CENTER, &over);
	if (me) {
		me->checked = on;
		me->overflow = over;
	}
	return ui_activated(ui, id);
}

bool ui_choice(struct ui *ui, enum ui_choice_kind kind, const char *text, const char *name,
	       struct ui_rect r, bool on)
{
	switch (kind) {
	case UI_CHOICE_OPTION: return choice_option(ui, text, name, r);
	case UI_CHOICE_PILL: return choice_pill(ui, text, name, r, on);
	default: return choice_box(ui, kind, text, name, r, on);
	}
}

void ui_progress(struct ui *ui, struct ui_rect r, const struct ui_progress *p)
{
	if (p->text || p->name) {
		uint32_t id = ui_record(ui, UI_PROGRESS, p->text, p->name, r, false);
		struct ui_widget *me = ui_last(ui, id);
		if (me) {
			me->value = p->done;
			me->max = p->total;
		}
	}
	int rad = r.h / 2;
	gfx_fill(ui, r, rad, p->track);
	struct ui_rect fill = {r.x, r.y, p->total > 0 ? (int)((long)r.w * p->done / p->total) : 0,
			       r.h};
	if (p->min_dot && p->done > 0 && fill.w < r.h)
		fill.w = r.h; /* a little shows as a dot, not nothing */
	if (fill.w > 0)
		gfx_fill(ui, flip(ui, r, fill), rad, p->fill);
}

int ui_dots_width(const struct ui *ui, int n)
{
	int d = ui_u(ui, 14), gap = ui_u(ui, 10);
	return n > 0 ? n * d + (n - 1) * gap : 0;
}

void ui_dots(struct ui *ui, struct ui_rect r, int n, int current, const char *text)
{
	int d = ui_u(ui, 14), gap = ui_u(ui, 10);
	for (int i = 0; i < n; i++) {
		int at = ui->rtl ? n - 1 - i : i;
		gfx_circle(ui, r.x + at * (d + gap) + d / 2, r.y + r.h / 2, d / 2,
			   i == current ? ui->th.primary : ui->th.line);
	}
	ui_record(ui, UI_LABEL, text, "page", r, false);
}

int ui_swipe(struct ui *ui, struct ui_swipe *sw)
{
	if (!sw->primed) {
		sw->primed = true;
		sw->seen = ui->press_t;
		return 0;
	}
	if (ui->pointer_down || ui->press_t == sw->seen || ui->measuring)
		return 0;
	sw->seen = ui->press_t;
	int dx = ui->ptr_x - ui->press_x, dy = ui->ptr_y - ui->press_y;
	if (abs(dx) < ui_u(ui, 80) || abs(dx) <= 2 * abs(dy))
		return 0;
	int on = dx < 0 ? 1 : -1; /* the finger pulls the next page in from the end */
	return ui->rtl ? -on : on;
}
