/*
 * ui_layout.c: handing out rectangles (ui.h), and the measure pass.
 *
 * A screen takes its parts off the sides of the area it has (ui_cut_*),
 * lays a list or grid out in cells (ui_cell), and a page of text top down
 * in a column (ui_col). Mirroring for right-to-left is done here and in
 * the widgets, so scenes never write it.
 */
#include "ui/ui_int.h"

struct ui_rect ui_cut_top(struct ui_rect *r, int h)
{
	h = h < r->h ? h : r->h;
	struct ui_rect out = {r->x, r->y, r->w, h};
	r->y += h;
	r->h -= h;
	return out;
}

struct ui_rect ui_cut_bottom(struct ui_rect *r, int h)
{
	h = h < r->h ? h : r->h;
	r->h -= h;
	return (struct ui_rect){r->x, r->y + r->h, r->w, h};
}

static struct ui_rect cut_left(struct ui_rect *r, int w)
{
	w = w < r->w ? w : r->w;
	struct ui_rect out = {r->x, r->y, w, r->h};
	r->x += w;
	r->w -= w;
	return out;
}

static struct ui_rect cut_right(struct ui_rect *r, int w)
{
	w = w < r->w ? w : r->w;
	r->w -= w;
	return (struct ui_rect){r->x + r->w, r->y, w, r->h};
}

struct ui_rect ui_cut_start(const struct ui *ui, struct ui_rect *r, int w)
{
	return ui->rtl ? cut_right(r, w) : cut_left(r, w);
}

struct ui_rect ui_cut_end(const struct ui *ui, struct ui_rect *r, int w)
{
	return ui->rtl ? cut_left(r, w) : cut_right(r, w);
}

struct ui_rect ui_inset(struct ui_rect r, int dx, int dy)
{
	return (struct ui_rect){r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
}

struct ui_rect ui_cell(const struct ui *ui, struct ui_rect r, int cols, int gap, int row_h, int i)
{
	cols = cols < 1 ? 1 : cols;
	int cw = (r.w - (cols - 1) * gap) / cols, col = i % cols;
	if (ui->rtl)
		col = cols - 1 - col;
	return (struct ui_rect){r.x + col * (cw + gap), r.y + (i / cols) * (row_h + gap), cw,
				row_h};
}

struct ui_col ui_col(struct ui_rect r, int gap)
{
	return (struct ui_col){r, r.y, gap};
}

struct ui_rect ui_col_take(struct ui_col *c, int h)
{
	struct ui_rect out = {c->r.x, c->y, c->r.w, h};
	c->y += h + c->gap;
	return out;
}

int ui_col_label(struct ui *ui, struct ui_col *c, const char *text, enum ui_font f,
		 enum ui_weight st, struct ui_color color)
{
	int h = ui_label(ui, text, (struct ui_rect){c->r.x, c->y, c->r.w, 0}, f, st, color,
			 UI_ALIGN_LEFT);
	c->y += h + c->gap;
	return h;
}

void ui_col_space(struct ui_col *c, int h)
{
	c->y += h;
}

int ui_col_height(const struct ui_col *c)
{
	int h = c->y - c->r.y - c->gap;
	return h > 0 ? h : 0;
}

void ui_measure_begin(struct ui *ui)
{
	ui->measuring++;
}

void ui_measure_end(struct ui *ui)
{
	if (ui->measuring > 0)
		ui->measuring--;
}
