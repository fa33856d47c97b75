/*
 * ui_int.h: what the ui's own files share, and nothing else includes: the
 * drawing calls every widget makes. They go through here so that a
 * measure pass draws nothing (ui->measuring) in one place.
 */
#ifndef KIOSK_UI_INT_H
#define KIOSK_UI_INT_H

#include "ui/ui.h"

static inline bool ui_drawing(const struct ui *ui)
{
	return !ui->measuring;
}

static inline void gfx_rect(struct ui *ui, struct pf_rect r, struct pf_color c)
{
	if (ui_drawing(ui))
		pf_fill_rect(ui->pf, r, c);
}

static inline void gfx_fill(struct ui *ui, struct pf_rect r, int radius, struct pf_color c)
{
	if (ui_drawing(ui))
		pf_fill_round_rect(ui->pf, r, radius, c);
}

static inline void gfx_stroke(struct ui *ui, struct pf_rect r, int radius, int width,
			      struct pf_color c)
{
	if (ui_drawing(ui))
		pf_stroke_round_rect(ui->pf, r, radius, width, c);
}

static inline void gfx_circle(struct ui *ui, int cx, int cy, int radius, struct pf_color c)
{
	if (ui_drawing(ui))
		pf_fill_circle(ui->pf, cx, cy, radius, c);
}

static inline void gfx_image(struct ui *ui, const char *path, struct pf_rect r)
{
	if (ui_drawing(ui))
		pf_draw_image(ui->pf, path, r, 255);
}

/* The pressed-and-not-measuring test widgets colour themselves by. */
static inline bool ui_pressed_now(const struct ui *ui, uint32_t id)
{
	return ui_drawing(ui) && ui_is_pressed(ui, id);
}

/* The last widget recorded, if it is the one with this id (a widget in a
 * scroll view's hidden part, or measured, is not recorded). */
static inline struct ui_widget *ui_last(struct ui *ui, uint32_t id)
{
	return ui->n && ui->widgets[ui->n - 1].id == id ? &ui->widgets[ui->n - 1] : NULL;
}

/* ui_text(), and *over gets whether the text does not fit r (a word
 * wider than r, or more lines than r.h holds). (ui_widgets.c) */
int ui_text_ex(struct ui *ui, const char *text, struct pf_rect r, enum ui_font f,
	       enum pf_font_style st, struct pf_color c, enum ui_align align, bool *over);

#endif
