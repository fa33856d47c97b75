/*
 * ui_int.h: what the ui's own files share, and nothing else includes: the
 * drawing calls every widget makes. They go through here so that a
 * measure pass draws nothing (ui->measuring) in one place.
 */
#ifndef KIOSK_UI_INT_H
#define KIOSK_UI_INT_H

#include "platform/platform.h"
#include "ui/ui.h"

/* The ui's types are the platform's, one for one. */
_Static_assert(sizeof(struct ui_rect) == sizeof(struct pf_rect), "ui_rect");
_Static_assert(sizeof(struct ui_color) == sizeof(struct pf_color), "ui_color");
_Static_assert((int)UI_BOLD == (int)PF_FONT_BOLD && (int)UI_REGULAR == (int)PF_FONT_REGULAR,
	       "ui_weight");
_Static_assert((int)UI_EV_EXPOSE == (int)PF_EV_EXPOSE && (int)UI_EV_TEXT == (int)PF_EV_TEXT,
	       "ui_event_type");
_Static_assert((int)UI_KEY_END == (int)PF_KEY_END && (int)UI_KEY_ESCAPE == (int)PF_KEY_ESCAPE,
	       "ui_key");

static inline struct pf_rect pfr(struct ui_rect r)
{
	return (struct pf_rect){r.x, r.y, r.w, r.h};
}

static inline struct pf_color pfc(struct ui_color c)
{
	return (struct pf_color){c.r, c.g, c.b, c.a};
}

static inline enum pf_font_style pfs(enum ui_weight w)
{
	return w == UI_BOLD ? PF_FONT_BOLD : PF_FONT_REGULAR;
}

static inline bool ui_drawing(const struct ui *ui)
{
	return !ui->measuring;
}

static inline void gfx_rect(struct ui *ui, struct ui_rect r, struct ui_color c)
{
	if (ui_drawing(ui))
		pf_fill_rect(ui->pf, pfr(r), pfc(c));
}

static inline void gfx_fill(struct ui *ui, struct ui_rect r, int radius, struct ui_color c)
{
	if (ui_drawing(ui))
		pf_fill_round_rect(ui->pf, pfr(r), radius, pfc(c));
}

static inline void gfx_stroke(struct ui *ui, struct ui_rect r, int radius, int width,
			      struct ui_color c)
{
	if (ui_drawing(ui))
		pf_stroke_round_rect(ui->pf, pfr(r), radius, width, pfc(c));
}

static inline void gfx_circle(struct ui *ui, int cx, int cy, int radius, struct ui_color c)
{
	if (ui_drawing(ui))
		pf_fill_circle(ui->pf, cx, cy, radius, pfc(c));
}

static inline void gfx_image(struct ui *ui, const char *path, struct ui_rect r)
{
	if (ui_drawing(ui))
		pf_draw_image(ui->pf, path, pfr(r), 255);
}

static inline void gfx_clip(struct ui *ui, const struct ui_rect *r)
{
	struct pf_rect c = r ? pfr(*r) : (struct pf_rect){0, 0, 0, 0};
	pf_clip(ui->pf, r ? &c : NULL);
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

/* The space between a chip's edge and its words, in layout units. */
#define UI_CHIP_PAD 10
/* ui_chip() with its words in largest or, if they do not fit, smaller
 * (ui_chips() gives the font its row was measured in). (ui_widgets.c) */
bool ui_chip_font(struct ui *ui, enum ui_role role, const char *text, const char *name,
		  struct ui_rect r, bool on, enum ui_font largest);
/* ui_text(), and *over gets whether the text does not fit r (a word
 * wider than r, or more lines than r.h holds). (ui_widgets.c) */
int ui_text_ex(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	       struct ui_color c, enum ui_align align, bool *over);

#endif
