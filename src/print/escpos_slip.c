/* escpos_slip(): the layout of a course booking slip (declared in escpos.h). */
#include <stddef.h>

#include "print/cp858.h"
#include "print/escpos.h"

static int present(const char *s)
{
	return s && *s;
}

/* The QR code of url: an image by default, the printer's encoder if asked. */
static enum escpos_err qr_part(struct escpos_buf *b, const char *url, const struct escpos_opts *o)
{
	enum escpos_err err;
	struct qr q = {0};

	switch (qr_encode(url, &q)) {
	case QR_OK: break;
	case QR_NOMEM: err = ESCPOS_NOMEM; goto out;
	case QR_TOO_LONG: err = ESCPOS_TOO_BIG; goto out;
	default: err = ESCPOS_QR; goto out;
	}
	int m = escpos_qr_module_dots(q.size, o->paper_mm);
	if (!m) {
		err = ESCPOS_TOO_BIG;
		goto out;
	}
	if (o->native_qr)
		err = escpos_qr_native(b, url, m);
	else
		err = escpos_qr_raster(b, &q, m, escpos_paper_dots(o->paper_mm));
out:
	qr_free(&q);
	if (err && !b->err)
		b->err = err;
	return err;
}

enum escpos_err escpos_slip(struct escpos_buf *b, const struct slip *s, const struct escpos_opts *o)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (b->err)
		return b->err;
	int cols = o ? escpos_cols(o->paper_mm, 0) : 0;
	int cols_b = o ? escpos_cols(o->paper_mm, 1) : 0;
	if (!s || !cols || !present(s->title) || !present(s->url)) {
		b->err = ESCPOS_BAD_ARG;
		return b->err;
	}

	escpos_init(b);
	escpos_codepage(b, CP858_ESCPOS_PAGE);
	escpos_align(b, ESCPOS_CENTRE);
	/* Double height only: double width would halve the characters a line. */
	escpos_bold(b, 1);
	escpos_size(b, 1, 2);
	escpos_text(b, s->title, cols);
	escpos_size(b, 1, 1);
	escpos_bold(b, 0);
	if (present(s->when))
		escpos_text(b, s->when, cols);
	if (present(s->venue))
		escpos_text(b, s->venue, cols);
	escpos_feed(b, 1);

	if (qr_part(b, s->url, o))
		return b->err;
	/* The link in the narrow font so more of it fits on one line. */
	escpos_font(b, 1);
	escpos_text(b, s->url, cols_b);
	escpos_font(b, 0);

	if (present(s->bring_heading) || present(s->bring)) {
		escpos_feed(b, 1);
		escpos_align(b, ESCPOS_LEFT);
		if (present(s->bring_heading)) {
			escpos_bold(b, 1);
			escpos_text(b, s->bring_heading, cols);
			escpos_bold(b, 0);
		}
		if (present(s->bring))
			escpos_text(b, s->bring, cols);
	}
	if (present(s->footer)) {
		escpos_feed(b, 1);
		escpos_align(b, ESCPOS_CENTRE);
		escpos_text(b, s->footer, cols);
	}
	/* Feed past the tear bar / cutter, then cut. */
	escpos_feed(b, 4);
	escpos_cut(b, 1);
	return b->err;
}
