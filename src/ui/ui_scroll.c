/*
 * ui_scroll.c: vertical scrolling by touch drag, with inertia after a flick.
 *
 * The fling is a pure function of time (offset = base + v*tau*(1-e^(-t/tau))),
 * so a headless test that advances the virtual clock sees exactly where the
 * list comes to rest, and an idle list asks for no frames at all.
 */
#include "ui/ui_int.h"

#include <math.h>

#define TAU_MS	325.0f
#define MIN_VEL 0.02f /* px/ms below which a release does not fling */

void ui_scroll_input_down(struct ui *ui, struct ui_scroll *s, int y, uint64_t now);
void ui_scroll_input_move(struct ui *ui, struct ui_scroll *s, int y, uint64_t now);
void ui_scroll_input_up(struct ui *ui, struct ui_scroll *s, uint64_t now);
bool ui_scroll_moving(const struct ui_scroll *s, uint64_t now);

static float max_offset(const struct ui_scroll *s)
{
	float m = (float)(s->content_h - s->view_h);
	return m > 0 ? m : 0;
}

static float clampf(float v, float lo, float hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static float fling_offset(const struct ui_scroll *s, uint64_t now)
{
	float t = (float)(now - s->t0);
	return s->base + s->vel * TAU_MS * (1.0f - expf(-t / TAU_MS));
}

bool ui_scroll_moving(const struct ui_scroll *s, uint64_t now)
{
	if (s->dragging || fabsf(s->vel) < MIN_VEL)
		return false;
	return (float)(now - s->t0) < TAU_MS * 6;
}

static void settle(struct ui_scroll *s, uint64_t now)
{
	if (fabsf(s->vel) >= MIN_VEL) {
		s->offset = clampf(fling_offset(s, now), 0, max_offset(s));
		if (!ui_scroll_moving(s, now) || s->offset <= 0 || s->offset >= max_offset(s))
			s->vel = 0;
	}
}

void ui_scroll_input_down(struct ui *ui, struct ui_scroll *s, int y, uint64_t now)
{
	(void)ui;
	settle(s, now);
	s->vel = 0;
	s->dragging = false;
	s->drag_y0 = y;
	s->drag_off0 = s->offset;
	s->last_y = y;
	s->last_t = now;
	s->last_v = 0;
}

void ui_scroll_input_move(struct ui *ui, struct ui_scroll *s, int y, uint64_t now)
{
	(void)ui;
	s->dragging = true;
	s->offset = clampf(s->drag_off0 - (float)(y - s->drag_y0), 0, max_offset(s));
	if (now > s->last_t)
		s->last_v = -(float)(y - s->last_y) / (float)(now - s->last_t);
	s->last_y = y;
	s->last_t = now;
}

void ui_scroll_input_up(struct ui *ui, struct ui_scroll *s, uint64_t now)
{
	(void)ui;
	if (s->dragging && now - s->last_t < 100 && fabsf(s->last_v) >= MIN_VEL) {
		s->base = s->offset;
		s->vel = clampf(s->last_v, -4.0f, 4.0f);
		s->t0 = now;
	}
	s->dragging = false;
}

struct ui_rect ui_scroll_begin(struct ui *ui, struct ui_scroll *s, struct ui_rect view)
{
	s->view_h = view.h;
	settle(s, ui->now);
	if (ui_scroll_moving(s, ui->now))
		ui_request_frame(ui, ui->now + 16);
	if (ui->nscrolls < sizeof ui->scrolls / sizeof ui->scrolls[0])
		ui->scrolls[ui->nscrolls++] = (struct ui_scroll_area){view, s};
	ui->cur_scroll = s;
	ui->cur_clip = view;
	ui->cur_dy = -(int)s->offset;
	gfx_clip(ui, &view);
	return (struct ui_rect){view.x, view.y + ui->cur_dy, view.w, view.h};
}

void ui_scroll_end(struct ui *ui, int content_h)
{
	struct ui_scroll *s = ui->cur_scroll;
	if (s) {
		s->content_h = content_h;
		s->offset = clampf(s->offset, 0, max_offset(s));
		/* A scroll bar, so a visitor can see there is more. */
		if (content_h > s->view_h) {
			struct ui_rect v = ui->cur_clip;
			int bw = ui_u(ui, 6);
			int bh = v.h * v.h / content_h;
			int by = v.y + (int)((v.h - bh) * (s->offset / max_offset(s)));
			gfx_fill(ui, (struct ui_rect){v.x + v.w - bw - ui_u(ui, 3), by, bw, bh},
				 bw / 2, ui->th.line);
		}
	}
	ui->cur_scroll = NULL;
	ui->cur_dy = 0;
	gfx_clip(ui, NULL);
}
