/*
 * ui_sheet.c: the forms staff screens are built from (ui.h): a sheet (a
 * modal card) with a long message, a busy line or a menu; a column of
 * buttons; a status line with its button; a text to type above the
 * keyboard. Drawn here once, so the screens only say what they hold.
 */
#include "ui/ui_int.h"

#include <stdio.h>
#include <string.h>

struct ui_rect ui_sheet(struct ui *ui, int inner_h)
{
	ui_modal_begin(ui);
	int pad = ui_u(ui, 20);
	int w = ui->w * 3 / 4, max = ui->h * 17 / 20;
	int h = inner_h + 2 * pad < max ? inner_h + 2 * pad : max;
	struct ui_rect c = {(ui->w - w) / 2, (ui->h - h) / 2, w, h};
	ui_panel(ui, c, ui->th.surface);
	return ui_inset(c, pad, pad);
}

bool ui_sheet_message(struct ui *ui, const char *text, struct ui_scroll *s, const char *button,
		      const char *name)
{
	int bh = ui_u(ui, 64), gap = ui_u(ui, 16), tw = ui->w * 3 / 4 - ui_u(ui, 48);
	int th = ui_text_height(ui, text, tw, UI_FONT_BODY, UI_REGULAR);
	struct ui_rect in = ui_sheet(ui, th + gap + bh);
	struct ui_rect view = {in.x, in.y, in.w, in.h - bh - gap};
	/* One paragraph reads best centred; a list, from the start. */
	enum ui_align al = strchr(text, '\n') ? UI_ALIGN_LEFT : UI_ALIGN_CENTER;
	struct ui_rect c = ui_scroll_begin(ui, s, view);
	ui_label(ui, text, (struct ui_rect){c.x, c.y, tw, th}, UI_FONT_BODY, UI_REGULAR,
		 ui->th.text, al);
	ui_scroll_end(ui, th);
	int bw = ui_u(ui, 200);
	return ui_button_named(ui, button, name,
			       (struct ui_rect){in.x + (in.w - bw) / 2, in.y + in.h - bh, bw, bh},
			       UI_STYLE_PRIMARY, NULL);
}

void ui_sheet_busy(struct ui *ui, const char *text, const char *clock)
{
	int lh = ui_u(ui, 120), ch = ui_u(ui, 40);
	struct ui_rect in = ui_sheet(ui, lh + ch);
	ui_label(ui, text, (struct ui_rect){in.x, in.y, in.w, in.h - ch}, UI_FONT_LARGE, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	if (clock)
		ui_label(ui, clock, (struct ui_rect){in.x, in.y + in.h - ch, in.w, ch},
			 UI_FONT_BODY, UI_REGULAR, ui->th.muted, UI_ALIGN_CENTER);
}

int ui_sheet_menu(struct ui *ui, const char *title, const char *text,
		  const struct ui_button_spec *b, int n)
{
	int bh = ui->sz.button_h, gap = ui->sz.gap_small, tw = ui->w * 3 / 4 - ui_u(ui, 40);
	int th = ui_text_height(ui, title, tw, UI_FONT_TITLE, UI_BOLD);
	int xh = ui_text_height(ui, text, tw, UI_FONT_BODY, UI_REGULAR);
	int bsh = n * bh + (n - 1) * gap;
	struct ui_rect in = ui_sheet(ui, th + gap + xh + ui->sz.gap + bsh);
	ui_label(ui, title, (struct ui_rect){in.x, in.y, in.w, th}, UI_FONT_TITLE, UI_BOLD,
		 ui->th.text, UI_ALIGN_CENTER);
	ui_label(ui, text, (struct ui_rect){in.x, in.y + th + gap, in.w, xh}, UI_FONT_BODY,
		 UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	return ui_button_column(ui, (struct ui_rect){in.x, in.y + in.h - bsh, in.w, bsh}, b, n,
				gap);
}

int ui_button_column(struct ui *ui, struct ui_rect r, const struct ui_button_spec *b, int n,
		     int gap)
{
	int bh = (r.h - (n - 1) * gap) / n, hit = -1;
	for (int i = 0; i < n; i++)
		if (ui_button_named(ui, b[i].text, b[i].name,
				    (struct ui_rect){r.x, r.y + i * (bh + gap), r.w, bh},
				    b[i].style, NULL))
			hit = i;
	return hit;
}

int ui_status_row(struct ui *ui, struct ui_rect r, const char *text, struct ui_color c,
		  const struct ui_button_spec *b, bool *tapped)
{
	int gap = ui->sz.gap_small, bw = b ? ui_u(ui, 190) : 0;
	struct ui_rect words = r, br = ui_cut_end(ui, &words, bw);
	if (b)
		ui_cut_end(ui, &words, gap);
	int h = ui_text_height(ui, text, words.w, UI_FONT_BODY, UI_BOLD);
	words.h = h;
	ui_label(ui, text, words, UI_FONT_BODY, UI_BOLD, c, UI_ALIGN_LEFT);
	*tapped = false;
	if (!b)
		return h;
	br.h = ui->sz.button_h;
	*tapped = ui_button_named(ui, b->text, b->name, br, b->style, NULL);
	return h > br.h ? h : br.h;
}

enum ui_editor_hit ui_editor(struct ui *ui, const struct ui_editor *e, struct ui_field *f,
			     struct ui_keyboard *kb)
{
	struct ui_rect a;
	const struct ui_bar bar = {.title = e->title, .back = e->cancel};
	if (ui_topbar(ui, &bar, &a))
		return UI_EDITOR_CANCEL;
	int kbh = ui_keyboard_height(ui, e->set), pad = ui->sz.in;
	int top = a.y + pad, avail = a.h - kbh - 2 * pad;
	int bw = ui_u(ui, 150), fh = ui->sz.field_h, hh = avail - fh - pad;
	ui_label(ui, e->hint, (struct ui_rect){a.x + pad, top, a.w - 2 * pad, hh}, UI_FONT_BODY,
		 UI_REGULAR, e->error ? ui->th.danger : ui->th.text, UI_ALIGN_LEFT);
	struct ui_rect fr = {a.x + pad, top + hh + pad, a.w - 3 * pad - bw, fh};
	if (e->secret)
		ui_secret_field(ui, f, e->field_name, fr, true, e->error);
	else
		ui_text_field(ui, f, e->field_name, fr, true, e->error);
	if (ui_button_named(ui, e->done, e->done_name,
			    (struct ui_rect){fr.x + fr.w + pad, fr.y, bw, fh}, UI_STYLE_PRIMARY,
			    NULL))
		return UI_EDITOR_DONE;
	enum ui_kb_result r = ui_keyboard(ui, kb, e->set, e->layout, f, e->autocap);
	return r == UI_KB_EDITED ? UI_EDITOR_EDITED
	       : r == UI_KB_HIDE ? UI_EDITOR_DONE
				 : UI_EDITOR_NONE;
}

/* A PIN's dots (ui_pin_pad). */
static void pin_dots(struct ui *ui, struct ui_rect r, int n, int min)
{
	int slots = n > min ? n : min;
	int d = ui_u(ui, 22), gap = ui_u(ui, 14);
	int w = slots * d + (slots - 1) * gap, x = r.x + (r.w - w) / 2, cy = r.y + r.h / 2;
	char dots[3 * 64 + 1] = "";
	for (int i = 0; i < slots; i++) {
		int cx = x + i * (d + gap) + d / 2;
		if (i < n) {
			gfx_circle(ui, cx, cy, d / 2, ui->th.text);
			if (i < 64)
				strcat(dots, "\xe2\x97\x8f"); /* U+25CF, for the tree only */
		} else {
			gfx_circle(ui, cx, cy, d / 2, ui->th.line);
			gfx_circle(ui, cx, cy, d / 2 - ui_u(ui, 3), ui->th.surface);
		}
	}
	if (n)
		ui_record(ui, UI_LABEL, dots, "pin", r, false);
}

/* The number pad (ui_pin_pad). */
static int keypad(struct ui *ui, struct ui_rect r, const char *del, const char *ok)
{
	static const char keys[] = "123456789\b0\n";
	int gap = ui_u(ui, 10), hit = 0;
	int kw = (r.w - 2 * gap) / 3, kh = (r.h - 3 * gap) / 4;
	for (int i = 0; i < 12; i++) {
		struct ui_rect k = {r.x + (i % 3) * (kw + gap), r.y + (i / 3) * (kh + gap), kw, kh};
		char text[2] = {keys[i], '\0'}, name[16];
		snprintf(name, sizeof name, "pin-%s", text);
		bool tapped;
		if (keys[i] == '\b')
			tapped =
				ui_button_named(ui, del, "pin-delete", k, UI_STYLE_SECONDARY, NULL);
		else if (keys[i] == '\n')
			tapped = ui_button_named(ui, ok, "pin-ok", k, UI_STYLE_PRIMARY, NULL);
		else
			tapped = ui_button_named(ui, text, name, k, UI_STYLE_SECONDARY, NULL);
		if (tapped)
			hit = keys[i];
	}
	return hit;
}

void ui_stat(struct ui *ui, struct ui_rect r, const char *value, const char *label)
{
	ui_frame(ui, r, (struct ui_look){.fill = ui->th.bg, .radius = ui->sz.in});
	int nh = ui_u(ui, 40), top = ui_u(ui, 6), side = ui_u(ui, 4);
	ui_label(ui, value, (struct ui_rect){r.x, r.y + top, r.w, nh}, UI_FONT_TITLE, UI_BOLD,
		 ui->th.primary, UI_ALIGN_CENTER);
	ui_label(ui, label,
		 (struct ui_rect){r.x + side, r.y + nh + top, r.w - ui_u(ui, 8),
				  r.h - nh - ui_u(ui, 10)},
		 UI_FONT_SMALL, UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
}

void ui_notice(struct ui *ui, struct ui_rect a, const char *text)
{
	int pad = ui_u(ui, 40);
	struct ui_rect card = ui_inset(a, pad, pad);
	ui_panel(ui, card, ui->th.surface);
	ui_label(ui, text, (struct ui_rect){card.x + pad, card.y, card.w - 2 * pad, card.h},
		 UI_FONT_LARGE, UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
}

int ui_pin_pad(struct ui *ui, struct ui_rect a, const struct ui_pin_pad *p)
{
	int pad = ui->sz.pad, max = ui_u(ui, 330);
	int kw = max < a.w / 2 ? max : a.w / 2;
	struct ui_rect keys = {a.x + a.w - pad - kw, a.y + pad, kw, a.h - 2 * pad};
	struct ui_rect left = {a.x + pad, a.y + pad, keys.x - a.x - 2 * pad, a.h - 2 * pad};
	ui_panel(ui, left, ui->th.surface);
	int in = ui_u(ui, 16), y = left.y + ui_u(ui, 24);
	ui_label(ui, p->prompt, (struct ui_rect){left.x + in, y, left.w - 2 * in, ui_u(ui, 80)},
		 UI_FONT_TITLE, UI_BOLD, ui->th.text, UI_ALIGN_CENTER);
	y += ui_u(ui, 96);
	pin_dots(ui, (struct ui_rect){left.x, y, left.w, ui_u(ui, 40)}, p->n, p->min);
	y += ui_u(ui, 60);
	if (p->msg && p->msg[0])
		ui_label(ui, p->msg,
			 (struct ui_rect){left.x + in, y, left.w - 2 * in,
					  left.y + left.h - y - in},
			 UI_FONT_BODY, UI_BOLD, p->msg_color, UI_ALIGN_CENTER);
	return keypad(ui, keys, p->del, p->ok);
}

int ui_stat_row(struct ui *ui, struct ui_rect r, const char *const *values,
		const char *const *labels, int n, int gap)
{
	int cw = (r.w - (n - 1) * gap) / n, ch = ui_u(ui, 92);
	for (int i = 0; i < n; i++)
		ui_stat(ui, (struct ui_rect){r.x + i * (cw + gap), r.y, cw, ch}, values[i],
			labels[i]);
	return ch;
}

int ui_action_area(struct ui *ui, struct ui_rect r, const char *button, const char *name,
		   const char *msg, bool draw, bool *tapped)
{
	int bh = ui_u(ui, 60), in = ui_u(ui, 10);
	int mh = msg ? ui_text_height(ui, msg, r.w - 2 * in, UI_FONT_BODY, UI_BOLD) + 2 * in : 0;
	int h = mh > bh ? mh : bh;
	if (tapped)
		*tapped = false;
	if (!draw)
		return h;
	struct ui_rect p = {r.x, r.y + r.h - h, r.w, h};
	if (msg) {
		ui_frame(ui, p,
			 (struct ui_look){ui->th.surface, ui->th.primary, ui->sz.stroke_bold,
					  ui->sz.radius});
		ui_label(ui, msg, (struct ui_rect){p.x + in, p.y, p.w - 2 * in, p.h}, UI_FONT_BODY,
			 UI_BOLD, ui->th.text, UI_ALIGN_CENTER);
		return h;
	}
	int bw = ui_text_width(ui, button, UI_FONT_LARGE, UI_BOLD) + ui_u(ui, 60);
	bw = bw > r.w ? r.w : bw;
	bool hit = ui_button_named(ui, button, name, (struct ui_rect){p.x, p.y, bw, bh},
				   UI_STYLE_ACCENT, NULL);
	if (tapped)
		*tapped = hit;
	return h;
}
