/*
 * ui_chart.c: counts drawn as bars with their numbers, for staff mode's
 * "Today at this event" (ui.h, ui_count_bar).
 */
#include "ui/ui_int.h"

#include <stdio.h>

void ui_count_bar(struct ui *ui, struct ui_rect r, const char *label, long value, long max,
		  const char *name)
{
	char num[24], text[256];
	snprintf(num, sizeof num, "%ld", value);
	snprintf(text, sizeof text, "%s: %ld", label ? label : "", value);
	/* Words take half, the number a fixed slot, the bar the rest. */
	int gap = ui->sz.gap_small;
	int lw = r.w / 2, nw = ui_text_width(ui, "0000", UI_FONT_LARGE, UI_BOLD);
	int bw = r.w - lw - nw - 2 * gap, bh = r.h * 3 / 5;
	struct ui_rect lr = {r.x, r.y, lw, r.h};
	struct ui_rect br = {r.x + lw + gap, r.y + (r.h - bh) / 2, bw > 0 ? bw : 0, bh};
	struct ui_rect nr = {r.x + r.w - nw, r.y, nw, r.h};
	if (ui->rtl) { /* words at the start: the right */
		lr.x = r.x + r.w - lw;
		br.x = r.x + nw + gap;
		nr.x = r.x;
	}
	int th = ui_text_height(ui, label ? label : "", lw, UI_FONT_BODY, UI_BOLD);
	lr.y += (r.h - th) / 2;
	lr.h = th;
	ui_text(ui, label ? label : "", lr, UI_FONT_BODY, UI_BOLD, ui->th.text,
		ui->rtl ? UI_ALIGN_RIGHT : UI_ALIGN_LEFT);
	int total = max > 0 ? (int)(max < 1000000 ? max : 1000000) : 1;
	int done = (int)(value < 0 ? 0 : value > total ? total : value);
	ui_progress(ui, br,
		    &(struct ui_progress){.done = done,
					  .total = total,
					  .track = ui->th.line,
					  .fill = ui->th.primary,
					  .text = text,
					  .name = name,
					  .min_dot = true});
	int nh = ui_text_height(ui, num, nw, UI_FONT_LARGE, UI_BOLD);
	nr.y += (r.h - nh) / 2;
	nr.h = nh;
	ui_text(ui, num, nr, UI_FONT_LARGE, UI_BOLD, ui->th.text,
		ui->rtl ? UI_ALIGN_LEFT : UI_ALIGN_RIGHT);
}
