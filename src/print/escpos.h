/*
 * escpos: building ESC/POS byte streams for cheap thermal receipt printers.
 *
 * A struct escpos_buf is a growable byte buffer. Every escpos_* builder call
 * appends to it and returns an escpos_err; the first error is also kept in
 * buf->err and makes later calls do nothing, so a caller may chain a series
 * of calls and check once at the end.
 *
 * Text goes in as UTF-8 and comes out as code page PC858 (see cp858.h); the
 * stream selects that code page in escpos_slip(). Paper: 58 mm printers print
 * 384 dots (32 characters of font A, 42 of font B) and 80 mm printers 576
 * dots (48 / 64), at 203 dpi.
 *
 * Ownership: the buffer owns data; escpos_buf_free() releases it. Nothing here
 * keeps state outside the buffer, so separate buffers may be built on
 * separate threads.
 */
#ifndef KIOSK_ESCPOS_H
#define KIOSK_ESCPOS_H

#include <stddef.h>

#include "print/qr.h"

enum escpos_err {
	ESCPOS_OK = 0,
	ESCPOS_NOMEM,
	ESCPOS_BAD_ARG, /* NULL, out of range, unsupported paper width */
	ESCPOS_TOO_BIG, /* image or QR code does not fit the paper or command */
	ESCPOS_QR,      /* the URL could not be made into a QR code */
};

struct escpos_buf {
	unsigned char *data; /* owned; len bytes valid */
	size_t len, cap;
	enum escpos_err err; /* first error, sticky */
};

/* Initialise with: struct escpos_buf b = {0}; */
void escpos_buf_free(struct escpos_buf *b);
const char *escpos_strerror(enum escpos_err e);

/* Appends n raw bytes. */
enum escpos_err escpos_bytes(struct escpos_buf *b, const void *p, size_t n);

/* Printer commands. Arguments out of range give ESCPOS_BAD_ARG. */
enum escpos_align { ESCPOS_LEFT = 0, ESCPOS_CENTRE = 1, ESCPOS_RIGHT = 2 };
enum escpos_err escpos_init(struct escpos_buf *b);                       /* ESC @ */
enum escpos_err escpos_codepage(struct escpos_buf *b, int page);         /* ESC t n */
enum escpos_err escpos_align(struct escpos_buf *b, enum escpos_align a); /* ESC a n */
enum escpos_err escpos_bold(struct escpos_buf *b, int on);               /* ESC E n */
enum escpos_err escpos_font(struct escpos_buf *b, int font_b);           /* ESC M n */
/* Character size multipliers 1..8 each (GS ! n); (1, 1) is normal. */
enum escpos_err escpos_size(struct escpos_buf *b, int width_mul, int height_mul);
enum escpos_err escpos_feed(struct escpos_buf *b, int lines); /* ESC d n, 0..255 */
/* GS V 0 (full cut) or GS V 1 (partial cut, leaves a tab to tear). Printers
 * without a cutter ignore it. */
enum escpos_err escpos_cut(struct escpos_buf *b, int partial);

/* Converts UTF-8 text to PC858 and appends it word-wrapped to cols
 * characters a line, every line ended by LF. '\n' in text starts a new line
 * (an empty paragraph gives an empty line); a word longer than cols is broken.
 * Only spaces break lines: a no-break space (U+00A0) keeps words together, e.g.
 * the two halves of a postcode. A trailing '\n' adds no empty line.
 * cols must be 1..255 and should match the font and size in effect. */
enum escpos_err escpos_text(struct escpos_buf *b, const char *utf8, int cols);

/* GS v 0 raster image, mode 0 (normal size): height rows of width_bytes
 * bytes each, 1 bit a dot, most significant bit leftmost, 1 = black.
 * width_bytes 1..255, height 1..2303 (the common firmware limit). */
enum escpos_err escpos_raster(struct escpos_buf *b, const unsigned char *bits, int width_bytes,
			      int height);

/* Draws q as a GS v 0 image as wide as the paper (paper_dots, a multiple of
 * 8), module_dots a module, with a 4-module white quiet zone and the symbol
 * centred by the image itself (so it does not depend on ESC a, which some
 * firmware ignores for images). ESCPOS_TOO_BIG if it does not fit. */
enum escpos_err escpos_qr_raster(struct escpos_buf *b, const struct qr *q, int module_dots,
				 int paper_dots);

/* The printer's own QR encoder, GS ( k: model 2, module_dots (1..16), error
 * correction M, store then print. Not every cheap printer has it. */
enum escpos_err escpos_qr_native(struct escpos_buf *b, const char *data, int module_dots);

/* Paper geometry: dots across (384 or 576) and characters a line for font A
 * or B. Return 0 for a paper width other than 58 or 80. */
int escpos_paper_dots(int paper_mm);
int escpos_cols(int paper_mm, int font_b);

/* The dots a QR module gets on this paper: as large as fits with a quiet
 * zone, at most 6 (bigger only wastes paper), 0 if not even 3 fit
 * (smaller modules do not scan reliably off thermal paper). */
int escpos_qr_module_dots(int qr_size, int paper_mm);

/* A booking slip. All text is the caller's (from the strings and courses
 * files), UTF-8, and only borrowed for the call. title and url are required;
 * any other field may be NULL or "" to leave it out. bring may hold several
 * lines separated by '\n'. */
struct slip {
	const char *title, *when, *venue, *url, *bring_heading, *bring, *footer;
};

struct escpos_opts {
	int paper_mm;  /* 58 or 80 */
	int native_qr; /* 1: GS ( k, 0: raster image (works everywhere) */
};

/* Appends a whole slip: reset, PC858, centred bold double-height title, when,
 * venue, the QR code of url, the url as text (font B), the "what to bring"
 * heading and lines, footer, then feed and partial cut. */
enum escpos_err escpos_slip(struct escpos_buf *b, const struct slip *s,
			    const struct escpos_opts *o);

#endif
