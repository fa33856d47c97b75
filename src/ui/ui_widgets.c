/*
 * ui_widgets.c: text with word wrap, labels, buttons, tiles, chips, images.
 */
#include "ui/ui_int.h"
#include "ui/ui_theme.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 64

struct line {
	const char *s;
	size_t len;
};

static size_t utf8_next(const char *s, size_t i, size_t len)
{
	i++;
	while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* The line's text without the spaces and newline it was broken after. */
static size_t trimmed(const char *text, size_t start, size_t end)
{
	while (end > start &&
	       (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r'))
		end--;
	return end;
}

/* Greedy wrap at the break opportunities of the Unicode line breaking
 * rules (UAX #14, libunibreak): after spaces, after hyphens and slashes,
 * and none before a stop, inside a number or a phone number's no-break
 * spaces. A word wider than the line is broken between characters and
 * reported through *too_wide. */
static size_t wrap(struct ui *ui, const char *text, int width, int px, enum ui_weight st,
		   struct line *lines, bool *too_wide)
{
	size_t n = 0, len = strlen(text), i = 0;
	*too_wide = false;
	char small[2048];
	char *brks = len <= sizeof small ? small : malloc(len);
	if (!len || !brks) {
		lines[0] = (struct line){text, len};
		return 1;
	}
	set_linebreaks_utf8((const unsigned char *)text, len, NULL, brks);
	brks[len - 1] = LINEBREAK_MUSTBREAK;
	while (i < len && n < MAX_LINES) {
		size_t start = i, best = i;
		for (size_t j = start; j < len; j++) {
			if (brks[j] != LINEBREAK_ALLOWBREAK && brks[j] != LINEBREAK_MUSTBREAK)
				continue;
			size_t end = trimmed(text, start, j + 1);
			if (end > start &&
			    pf_text_width(ui->pf, pfs(st), px, text + start, end - start) > width)
				break;
			best = j + 1;
			if (brks[j] == LINEBREAK_MUSTBREAK)
				break;
		}
		if (best == start) {
			/* Nothing fits up to a break: cut between characters. */
			*too_wide = true;
			size_t j = utf8_next(text, start, len);
			while (j < len && brks[j - 1] != LINEBREAK_ALLOWBREAK &&
			       brks[j - 1] != LINEBREAK_MUSTBREAK) {
				size_t k = utf8_next(text, j, len);
				if (pf_text_width(ui->pf, pfs(st), px, text + start, k - start) >
				    width)
					break;
				j = k;
			}
			best = j;
		}
		lines[n++] = (struct line){text + start, trimmed(text, start, best) - start};
		i = best;
	}
	if (brks != small)
		free(brks);
	return n;
}

int ui_text_width(struct ui *ui, const char *text, enum ui_font f, enum ui_weight st)
{
	return pf_text_width(ui->pf, pfs(st), ui->font_px[f], text, strlen(text));
}

int ui_text_width_n(struct ui *ui, const char *text, size_t len, enum ui_font f, enum ui_weight st)
{
	return pf_text_width(ui->pf, pfs(st), ui->font_px[f], text, len);
}

int ui_text_height(struct ui *ui, const char *text, int w, enum ui_font f, enum ui_weight st)
{
	struct line lines[MAX_LINES];
	bool too_wide;
	size_t n = wrap(ui, text, w, ui->font_px[f], st, lines, &too_wide);
	return (int)n * pf_line_height(ui->pf, pfs(st), ui->font_px[f]);
}

enum ui_font ui_fit_font(struct ui *ui, const char *text, int w, int h, enum ui_font largest,
			 enum ui_font smallest, enum ui_weight st)
{
	struct line lines[MAX_LINES];
	if (!text)
		return largest;
	for (int f = (int)largest; f > (int)smallest; f--) {
		bool too_wide;
		size_t n = wrap(ui, text, w, ui->font_px[f], st, lines, &too_wide);
		if (!too_wide && (int)n * pf_line_height(ui->pf, pfs(st), ui->font_px[f]) <= h)
			return (enum ui_font)f;
	}
	return smallest;
}

int ui_line_height(struct ui *ui, enum ui_font f, enum ui_weight st)
{
	return pf_line_height(ui->pf, pfs(st), ui->font_px[f]);
}

/* Lays out (and, unless measuring, draws) wrapped text; *over gets whether
 * it does not fit r. Returns the height it needs. */
int ui_text_ex(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	       struct ui_color c, enum ui_align align, bool *over)
{
	*over = false;
	if (!text || !*text)
		return 0;
	int px = ui->font_px[f];
	struct line lines[MAX_LINES];
	bool too_wide;
	size_t n = wrap(ui, text, r.w, px, st, lines, &too_wide);
	int lh = pf_line_height(ui->pf, pfs(st), px);
	int total = (int)n * lh;
	*over = too_wide || (r.h > 0 && total > r.h);
	if (!ui_drawing(ui))
		return total;
	int y = r.y;
	if (r.h > 0 && total < r.h)
		y += (r.h - total) / 2; /* centred vertically in its box */
	int it, ib;
	if (r.h > 0 && n == 1 &&
	    pf_text_script_ink(ui->pf, pfs(st), px, lines[0].s, lines[0].len, &it, &ib)) {
		/* One line of Arabic or Urdu: its ink in the middle of the box,
		 * within a quarter line of where the metrics put it. */
		int dy = r.y + r.h / 2 - (y + (it + ib) / 2);
		dy = dy > lh / 4 ? lh / 4 : dy < -lh / 4 ? -lh / 4 : dy;
		y += dy;
	}
	/* Right to left, "left" means the start of the line: the right. */
	if (ui->rtl && align != UI_ALIGN_CENTER)
		align = align == UI_ALIGN_LEFT ? UI_ALIGN_RIGHT : UI_ALIGN_LEFT;
	pf_text_paragraph(ui->pf, text, strlen(text));
	for (size_t i = 0; i < n; i++, y += lh) {
		int w = pf_text_width(ui->pf, pfs(st), px, lines[i].s, lines[i].len);
		int x = align == UI_ALIGN_CENTER  ? r.x + (r.w - w) / 2
			: align == UI_ALIGN_RIGHT ? r.x + r.w - w
						  : r.x;
		pf_draw_text(ui->pf, pfs(st), px, lines[i].s, lines[i].len, x, y, pfc(c));
	}
	pf_text_paragraph(ui->pf, NULL, 0);
	return total;
}

int ui_text(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	    struct ui_color c, enum ui_align align)
{
	bool over;
	return ui_text_ex(ui, text, r, f, st, c, align, &over);
}

int ui_label(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	     struct ui_color c, enum ui_align align)
{
	bool over;
	int total = ui_text_ex(ui, text, r, f, st, c, align, &over);
	if (!total)
		return 0;
	uint32_t id = ui_record(ui, UI_LABEL, text, NULL,
				r.h > 0 ? r : (struct ui_rect){r.x, r.y, r.w, total}, false);
	struct ui_widget *w = ui_last(ui, id);
	if (w)
		w->overflow = over;
	return total;
}

void ui_panel(struct ui *ui, struct ui_rect r, struct ui_color c)
{
	gfx_fill(ui, r, ui->sz.radius_card, c);
}

void ui_image(struct ui *ui, const char *path, const char *alt, struct ui_rect r)
{
	ui_record(ui, UI_IMAGE, alt ? alt : "", NULL, r, false);
	gfx_image(ui, path, r);
}

bool ui_button(struct ui *ui, const char *text, struct ui_rect r, enum ui_style st,
	       const char *icon)
{
	return ui_button_named(ui, text, NULL, r, st, icon);
}

bool ui_button_named(struct ui *ui, const char *text, const char *name, struct ui_rect r,
		     enum ui_style st, const char *icon)
{
	uint32_t id = ui_record(ui, UI_BUTTON, text, name, r, true);
	struct ui_widget *me = ui_last(ui, id);
	bool pressed = ui_pressed_now(ui, id);
	int rad = ui->sz.radius;
	struct ui_color fg = ui->th.on_primary, bg = ui->th.primary;
	switch (st) {
	case UI_STYLE_PRIMARY: break;
	case UI_STYLE_ACCENT:
		bg = ui->th.accent;
		fg = ui->th.on_accent;
		break;
	case UI_STYLE_SECONDARY:
		bg = ui->th.surface;
		fg = ui->th.primary;
		break;
	case UI_STYLE_QUIET: bg = UI_THEME_QUIET; break;
	case UI_STYLE_CHIP:
		bg = ui->th.surface;
		fg = ui->th.text;
		break;
	}
	if (pressed)
		bg = st == UI_STYLE_SECONDARY || st == UI_STYLE_CHIP ? ui->th.line
								     : ui_theme_darker(bg);
	gfx_fill(ui, r, rad, bg);
	if (st == UI_STYLE_SECONDARY || st == UI_STYLE_CHIP)
		gfx_stroke(ui, r, rad, ui->sz.stroke,
			   st == UI_STYLE_CHIP ? ui->th.line : ui->th.primary);
	int pad = ui_u(ui, 10);
	struct ui_rect tr = {r.x + pad, r.y, r.w - 2 * pad, r.h};
	bool over;
	/* Words longer than English's ("Wstecz", "Înapoi") step down a size
	 * rather than break inside a word or spill out. */
	enum ui_font f = UI_FONT_LARGE;
	if (icon && *icon) {
		int is = r.h * 11 / 20;
		int gap = ui->sz.gap_small;
		/* A tall script (Nastaliq) in larger text steps down for the height too. */
		while (f > UI_FONT_SMALL &&
		       (ui_text_width(ui, text, f, UI_BOLD) > tr.w - is - gap ||
			ui_text_height(ui, text, tr.w - is - gap, f, UI_BOLD) > tr.h))
			f--;
		int tw = ui_text_width(ui, text, f, UI_BOLD);
		int total = is + gap + tw;
		int x = total < tr.w ? r.x + (r.w - total) / 2 : tr.x;
		struct ui_rect ir = {x, r.y + (r.h - is) / 2, is, is};
		tr.x = x + is + gap;
		tr.w = r.x + r.w - pad - tr.x;
		if (ui->rtl) { /* the icon leads: on the right */
			ir.x = r.x + r.w - (ir.x - r.x) - is;
			tr.x = r.x + r.w - (tr.x - r.x) - tr.w;
		}
		gfx_image(ui, icon, ir);
		ui_text_ex(ui, text, tr, f, UI_BOLD, fg, UI_ALIGN_LEFT, &over);
	} else {
		f = ui_fit_font(ui, text, tr.w, tr.h, UI_FONT_LARGE, UI_FONT_SMALL, UI_BOLD);
		ui_text_ex(ui, text, tr, f, UI_BOLD, fg, UI_ALIGN_CENTER, &over);
	}
	if (me)
		me->overflow = over;
	return ui_activated(ui, id);
}

bool ui_tile(struct ui *ui, const char *title, const char *line, const char *image,
	     struct ui_rect r, enum ui_role role)
{
	bool hit = ui_card(ui, role, title, NULL, r,
			   (struct ui_look){ui->th.surface, ui->th.line, ui->sz.stroke,
					    ui->sz.radius_tile});
	int pad = ui_u(ui, 10);
	/* The title's line: half its size again, or the language's taller
	 * line (Nastaliq). */
	int th = ui->font_px[UI_FONT_LARGE] * 3 / 2,
	    lh = ui_line_height(ui, UI_FONT_LARGE, UI_BOLD);
	th = lh > th ? lh : th;
	int text_h = th + (line ? ui_line_height(ui, UI_FONT_SMALL, UI_REGULAR) * 2 : 0);
	struct ui_rect pic = {r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad - text_h};
	if (image && pic.h > 0)
		gfx_image(ui, image, pic);
	int y = pic.y + pic.h;
	ui_label(ui, title, (struct ui_rect){r.x + pad, y, r.w - 2 * pad, th}, UI_FONT_LARGE,
		 UI_BOLD, ui->th.text, UI_ALIGN_CENTER);
	if (line)
		ui_label(ui, line,
			 (struct ui_rect){r.x + pad, y + th, r.w - 2 * pad,
					  r.y + r.h - pad - y - th},
			 UI_FONT_SMALL, UI_REGULAR, ui->th.muted, UI_ALIGN_CENTER);
	return hit;
}

bool ui_chip(struct ui *ui, enum ui_role role, const char *text, const char *name, struct ui_rect r,
	     bool on)
{
	return ui_chip_font(ui, role, text, name, r, on, UI_FONT_BODY);
}

bool ui_chip_font(struct ui *ui, enum ui_role role, const char *text, const char *name,
		  struct ui_rect r, bool on, enum ui_font largest)
{
	uint32_t id = ui_record(ui, role, text, name, r, true);
	struct ui_widget *me = ui_last(ui, id);
	bool pressed = ui_pressed_now(ui, id);
	int rad = r.h / 2;
	struct ui_color bg = on ? ui->th.primary : pressed ? ui->th.line : ui->th.surface;
	gfx_fill(ui, r, rad, bg);
	if (!on)
		gfx_stroke(ui, r, rad, ui->sz.stroke, ui->th.primary);
	int pad = ui_u(ui, UI_CHIP_PAD);
	bool over;
	struct ui_rect tr = {r.x + pad, r.y, r.w - 2 * pad, r.h};
	/* Larger text: a row of chips keeps its size; words a chip cannot hold
	 * step down a size (never below the small print). */
	enum ui_font f = ui_fit_font(ui, text, tr.w, tr.h, largest, UI_FONT_SMALL, UI_BOLD);
	ui_text_ex(ui, text, tr, f, UI_BOLD, on ? ui->th.on_primary : ui->th.primary,
		   UI_ALIGN_CENTER, &over);
	if (me) {
		me->checked = on;
		me->overflow = over; /* words that do not fit count as the chip's */
	}
	return ui_activated(ui, id);
}
