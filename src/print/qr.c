#include "print/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

const char *qr_strerror(enum qr_err e)
{
	switch (e) {
	case QR_OK: return "no error";
	case QR_BAD_ARG: return "nothing to encode in the QR code";
	case QR_TOO_LONG: return "text too long for a QR code";
	case QR_NOMEM: return "out of memory making a QR code";
	case QR_ENCODE: return "QR encoder failed";
	}
	return "unknown QR error";
}

static enum qr_err from_errno(int e)
{
	if (e == ERANGE)
		return QR_TOO_LONG;
	if (e == ENOMEM)
		return QR_NOMEM;
	return QR_ENCODE;
}

enum qr_err qr_encode(const char *text, struct qr *out)
{
	enum qr_err err = QR_OK;
	QRcode *m = NULL, *q = NULL;

	if (out)
		memset(out, 0, sizeof *out);
	if (!text || !out || !*text)
		return QR_BAD_ARG;

	errno = 0;
	m = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!m) {
		err = from_errno(errno);
		goto out;
	}
	/* Q at the same version costs no screen space, so take it if it fits.
	 * Asking for a version makes it a minimum, so check what we got. */
	q = QRcode_encodeString8bit(text, m->version, QR_ECLEVEL_Q);
	const QRcode *use = (q && q->version == m->version) ? q : m;

	size_t cells = (size_t)use->width * (size_t)use->width;
	out->dark = malloc(cells);
	if (!out->dark) {
		err = QR_NOMEM;
		goto out;
	}
	out->size = use->width;
	/* libqrencode: bit 0 of each byte is the colour, 1 = dark. */
	for (size_t i = 0; i < cells; i++)
		out->dark[i] = use->data[i] & 1;
out:
	QRcode_free(q);
	QRcode_free(m);
	return err;
}

void qr_free(struct qr *q)
{
	if (!q)
		return;
	free(q->dark);
	q->dark = NULL;
	q->size = 0;
}

int qr_module_px(int qr_size, int box_px)
{
	if (qr_size <= 0 || box_px <= 0)
		return 0;
	return box_px / (qr_size + 8);
}
