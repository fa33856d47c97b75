/*
 * ui_chips.c: a row of filter chips (ui.h ui_chips()), shared by the job
 * list and the course list so that both measure their words the same way
 * and keep each chip's words on one line.
 */
#include "ui/ui_int.h"

/* Air around a chip's words when there is room (layout units), and the
 * least: the chip's own padding and a unit to spare for rounding. */
#define CHIPS_AIR   28
#define CHIPS_TIGHT (2 * UI_CHIP_PAD + 1)
/* A chip that does not fill its row gets at most this much more. */
#define CHIPS_MOST 40

struct fit {
	enum ui_font f;
	int pad;
};

/* Each chip's width at f with pad around its words (never narrower than a
 * finger); returns their sum. */
static int widths(struct ui *ui, const struct ui_chips *c, struct fit fit, int *w)
{
	int sum = 0;
	for (int i = 0; i < c->n; i++) {
		w[i] = ui_text_width(ui, c->text[i], fit.f, UI_BOLD) + fit.pad;
		w[i] = w[i] > ui->sz.button_h ? w[i] : ui->sz.button_h;
		sum += w[i];
	}
	return sum;
}

/* Lays chips [from, to) out in one row r, sharing the spare room; returns
 * the chip tapped (-1 none). */
static int row(struct ui *ui, const struct ui_chips *c, struct ui_rect r, const int *w, int from,
	       int to, enum ui_font f)
{
	int gap = ui->sz.gap_small, k = to - from, sum = 0, hit = -1;
	for (int i = from; i < to; i++)
		sum += w[i];
	int air = (r.w - gap * (k - 1) - sum) / k, most = ui_u(ui, CHIPS_MOST);
	bool fill = c->fill || air < most;
	air = !fill ? most : air > 0 ? air : 0;
	for (int i = from; i < to; i++) {
		struct ui_rect cr = ui_cut_start(ui, &r, i == to - 1 && fill ? r.w : w[i] + air);
		ui_cut_start(ui, &r, gap);
		if (ui_chip_font(ui, UI_BUTTON, c->text[i], c->name[i], cr, i == c->on, f) &&
		    i != c->on)
			hit = i;
	}
	return hit;
}

int ui_chips(struct ui *ui, struct ui_rect r, const struct ui_chips *c, int *h)
{
	int w[UI_CHIPS_MAX], n = c->n < UI_CHIPS_MAX ? c->n : UI_CHIPS_MAX, gap = ui->sz.gap_small;
	struct ui_chips cc = *c;
	cc.n = n;
	*h = 0;
	if (n <= 0)
		return -1;
	/* One row if it can be had: less air first, then the small print. */
	const struct fit tries[] = {{UI_FONT_BODY, ui_u(ui, CHIPS_AIR)},
				    {UI_FONT_BODY, ui_u(ui, CHIPS_TIGHT)},
				    {UI_FONT_SMALL, ui_u(ui, CHIPS_TIGHT)}};
	for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
		if (widths(ui, &cc, tries[t], w) + gap * (n - 1) <= r.w) {
			*h = r.h;
			return row(ui, &cc, r, w, 0, n, tries[t].f);
		}
	}
	/* Else as many rows as it takes, each filled, the words in the
	 * chip's own font. */
	widths(ui, &cc, tries[1], w);
	int hit = -1;
	for (int from = 0; from < n;) {
		int to = from + 1, used = w[from];
		while (to < n && used + gap + w[to] <= r.w)
			used += gap + w[to++];
		struct ui_rect rr = {r.x, r.y + *h, r.w, r.h};
		int got = row(ui, &cc, rr, w, from, to, UI_FONT_BODY);
		hit = got >= 0 ? got : hit;
		*h += r.h + (to < n ? gap : 0);
		from = to;
	}
	return hit;
}
