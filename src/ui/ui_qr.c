/*
 * ui_qr.c: QR codes on screen, sized so a phone at arm's length reads them.
 */
#include "ui/ui_int.h"

#include "print/qr.h"

#include <string.h>

bool ui_qr(struct ui *ui, const char *text, struct ui_rect box)
{
	struct qr q;
	if (!text || !*text || qr_encode(text, &q) != QR_OK)
		return false;
	int side = box.w < box.h ? box.w : box.h;
	int m = qr_module_px(q.size, side);
	bool ok = m > 0;
	if (ok) {
		int full = (q.size + 8) * m;
		struct ui_rect r = {box.x + (box.w - full) / 2, box.y + (box.h - full) / 2, full,
				    full};
		gfx_rect(ui, r, (struct ui_color){255, 255, 255, 255});
		pf_draw_matrix(ui->pf, q.dark, q.size, r.x + 4 * m, r.y + 4 * m, m,
			       (struct pf_color){0, 0, 0, 255});
		ui_record(ui, UI_QR, text, NULL, r, false);
	}
	qr_free(&q);
	return ok;
}
