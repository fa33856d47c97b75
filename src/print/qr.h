/*
 * qr: QR codes as a plain grid of modules, for the screen and the printer.
 *
 * qr_encode() wraps libqrencode in 8-bit (byte) mode with automatic version
 * selection. It uses error correction level M, or Q when Q fits in the same
 * version (same size on screen, more damage tolerated). The grid has no quiet
 * zone: whoever draws it adds 4 light modules on every side.
 *
 * Thread-safe: libqrencode keeps no global state we rely on, and a struct qr
 * is owned by whoever called qr_encode().
 */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

enum qr_err {
	QR_OK = 0,
	QR_BAD_ARG,  /* NULL text or out, or empty text */
	QR_TOO_LONG, /* does not fit in a version 40 symbol */
	QR_NOMEM,
	QR_ENCODE, /* libqrencode failed for another reason */
};

struct qr {
	int size;            /* modules per side (21 for version 1, +4 a version) */
	unsigned char *dark; /* size*size, row-major, 1 = dark module; owned */
};

/* Encodes text (NUL-terminated, bytes taken as they are, normally UTF-8) into
 * *out. On QR_OK the caller owns out->dark and must call qr_free(); on any
 * error *out is {0} and nothing needs freeing. */
enum qr_err qr_encode(const char *text, struct qr *out);

/* Frees out->dark and zeroes *q. Safe on a zeroed or already freed struct. */
void qr_free(struct qr *q);

/* Largest whole module size m (pixels or dots) with (qr_size + 8) * m <=
 * box_px, i.e. the symbol plus a 4-module quiet zone each side fits the box.
 * Returns 0 when even 1-pixel modules do not fit or an argument is <= 0:
 * the caller should then show the URL as text only. */
int qr_module_px(int qr_size, int box_px);

/* Plain English name of an error, never NULL. */
const char *qr_strerror(enum qr_err e);

#endif
