/*
 * ui_dialog: the one dialog card every screen uses (ui.h): a scrim over the
 * screen, a card sized to its words, one or two buttons at the bottom.
 * Whatever was drawn before it stops taking input for the frame, so a
 * visitor can only answer the question in front of them.
 */
#include "ui/ui_int.h"

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

int ui_dialog(struct ui *ui, const struct ui_dialog *d)
{
	ui_modal_begin(ui);
	/* Listen stays on top, where it was, to read the dialog. */
	if (ui->listen.id)
		ui_listen(ui, ui->listen.r);
	int pad = ui_u(ui, 24), gap = ui_u(ui, 16), bh = ui_u(ui, 64);
	int w = min_int(ui_u(ui, 560), ui->w - 2 * ui_u(ui, 16));
	int tw = w - 2 * pad;
	struct ui_color title_c = d->alert ? ui->th.danger : ui->th.text;
	int th = d->title ? ui_text_height(ui, d->title, tw, UI_FONT_TITLE, UI_BOLD) : 0;
	int mh = d->text ? ui_text_height(ui, d->text, tw, UI_FONT_BODY, UI_REGULAR) : 0;
	int words = th + (th && mh ? gap : 0) + mh;
	int h = min_int(pad + words + 2 * gap + bh + pad, ui->h - 2 * ui_u(ui, 8));
	struct ui_rect box = {(ui->w - w) / 2, (ui->h - h) / 2, w, h};
	ui_panel(ui, box, ui->th.surface);
	if (d->alert)
		gfx_stroke(ui, box, ui->sz.radius_card, ui->sz.stroke_bold, ui->th.danger);
	int y = box.y + pad;
	if (d->title) {
		ui_label(ui, d->title, (struct ui_rect){box.x + pad, y, tw, th}, UI_FONT_TITLE,
			 UI_BOLD, title_c, UI_ALIGN_CENTER);
		y += th + gap;
	}
	if (d->text)
		ui_label(ui, d->text, (struct ui_rect){box.x + pad, y, tw, mh}, UI_FONT_BODY,
			 UI_REGULAR, ui->th.text, UI_ALIGN_CENTER);
	int by = box.y + h - pad - bh, answer = 0;
	const char *n1 = d->name[0] ? d->name[0] : "dialog-1",
		   *n2 = d->name[1] ? d->name[1] : "dialog-2";
	if (!d->button[1]) {
		if (ui_button_named(ui, d->button[0], n1, (struct ui_rect){box.x + pad, by, tw, bh},
				    d->style[0], NULL))
			answer = 1;
	} else {
		int bw = (tw - gap) / 2;
		if (ui_button_named(ui, d->button[0], n1, (struct ui_rect){box.x + pad, by, bw, bh},
				    d->style[0], NULL))
			answer = 1;
		if (ui_button_named(ui, d->button[1], n2,
				    (struct ui_rect){box.x + w - pad - bw, by, bw, bh}, d->style[1],
				    NULL))
			answer = 2;
	}
	return answer;
}
