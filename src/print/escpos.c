#include "print/escpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "print/cp858.h"

#define ESC 0x1B
#define GS  0x1D

/* Longest GS v 0 image most firmware accepts, and QR byte-mode capacity. */
#define RASTER_MAX_ROWS    2303
#define QR_NATIVE_MAX      7089
#define QR_MAX_MODULE_DOTS 6

const char *escpos_strerror(enum escpos_err e)
{
	switch (e) {
	case ESCPOS_OK: return "no error";
	case ESCPOS_NOMEM: return "out of memory building the receipt";
	case ESCPOS_BAD_ARG: return "invalid receipt layout argument";
	case ESCPOS_TOO_BIG: return "image or QR code too big for the paper";
	case ESCPOS_QR: return "could not make a QR code of the link";
	}
	return "unknown receipt error";
}

void escpos_buf_free(struct escpos_buf *b)
{
	if (!b)
		return;
	free(b->data);
	memset(b, 0, sizeof *b);
}

static enum escpos_err fail(struct escpos_buf *b, enum escpos_err e)
{
	if (!b->err)
		b->err = e;
	return b->err;
}

enum escpos_err escpos_bytes(struct escpos_buf *b, const void *p, size_t n)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (b->err)
		return b->err;
	if (n == 0)
		return ESCPOS_OK;
	if (!p)
		return fail(b, ESCPOS_BAD_ARG);
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len < n) {
			if (cap > SIZE_MAX / 2)
				return fail(b, ESCPOS_NOMEM);
			cap *= 2;
		}
		unsigned char *d = realloc(b->data, cap);
		if (!d)
			return fail(b, ESCPOS_NOMEM);
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return ESCPOS_OK;
}

/* A command of two or three fixed bytes and one argument byte. */
static enum escpos_err cmd(struct escpos_buf *b, unsigned char c0, unsigned char c1, int arg,
			   int lo, int hi)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (arg < lo || arg > hi)
		return fail(b, ESCPOS_BAD_ARG);
	unsigned char s[3] = {c0, c1, (unsigned char)arg};
	return escpos_bytes(b, s, sizeof s);
}

enum escpos_err escpos_init(struct escpos_buf *b)
{
	static const unsigned char s[] = {ESC, '@'};
	return escpos_bytes(b, s, sizeof s);
}

enum escpos_err escpos_codepage(struct escpos_buf *b, int page)
{
	return cmd(b, ESC, 't', page, 0, 255);
}

enum escpos_err escpos_align(struct escpos_buf *b, enum escpos_align a)
{
	return cmd(b, ESC, 'a', (int)a, ESCPOS_LEFT, ESCPOS_RIGHT);
}

enum escpos_err escpos_bold(struct escpos_buf *b, int on)
{
	return cmd(b, ESC, 'E', on ? 1 : 0, 0, 1);
}

enum escpos_err escpos_font(struct escpos_buf *b, int font_b)
{
	return cmd(b, ESC, 'M', font_b ? 1 : 0, 0, 1);
}

enum escpos_err escpos_size(struct escpos_buf *b, int width_mul, int height_mul)
{
	if (b && (width_mul < 1 || width_mul > 8 || height_mul < 1 || height_mul > 8))
		return fail(b, ESCPOS_BAD_ARG);
	/* GS ! n: width multiplier - 1 in the high nibble, height in the low. */
	return cmd(b, GS, '!', ((width_mul - 1) << 4) | (height_mul - 1), 0, 0x77);
}

enum escpos_err escpos_feed(struct escpos_buf *b, int lines)
{
	return cmd(b, ESC, 'd', lines, 0, 255);
}

enum escpos_err escpos_cut(struct escpos_buf *b, int partial)
{
	return cmd(b, GS, 'V', partial ? 1 : 0, 0, 1);
}

/* Appends one paragraph (no '\n' inside) of PC858 text wrapped to cols. */
static void wrap_para(struct escpos_buf *b, const char *p, size_t n, size_t cols)
{
	size_t line = 0, i = 0;

	while (i < n) {
		while (i < n && p[i] == ' ')
			i++;
		size_t w = i;
		while (i < n && p[i] != ' ')
			i++;
		size_t wl = i - w;
		if (wl == 0)
			break;
		if (line > 0 && line + 1 + wl <= cols) {
			escpos_bytes(b, " ", 1);
			escpos_bytes(b, p + w, wl);
			line += 1 + wl;
			continue;
		}
		if (line > 0)
			escpos_bytes(b, "\n", 1);
		for (; wl > cols; w += cols, wl -= cols) {
			escpos_bytes(b, p + w, cols);
			escpos_bytes(b, "\n", 1);
		}
		escpos_bytes(b, p + w, wl);
		line = wl;
	}
	escpos_bytes(b, "\n", 1);
}

enum escpos_err escpos_text(struct escpos_buf *b, const char *utf8, int cols)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (b->err)
		return b->err;
	if (!utf8 || cols < 1 || cols > 255)
		return fail(b, ESCPOS_BAD_ARG);

	char *pc = cp858_from_utf8(utf8);
	if (!pc)
		return fail(b, ESCPOS_NOMEM);
	for (const char *para = pc;;) {
		const char *nl = strchr(para, '\n');
		size_t len = nl ? (size_t)(nl - para) : strlen(para);
		wrap_para(b, para, len, (size_t)cols);
		if (!nl || nl[1] == '\0') /* a trailing newline adds no empty line */
			break;
		para = nl + 1;
	}
	free(pc);
	return b->err;
}

enum escpos_err escpos_raster(struct escpos_buf *b, const unsigned char *bits, int width_bytes,
			      int height)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (!bits || width_bytes < 1 || width_bytes > 255 || height < 1)
		return fail(b, ESCPOS_BAD_ARG);
	if (height > RASTER_MAX_ROWS)
		return fail(b, ESCPOS_TOO_BIG);
	unsigned char h[8] = {GS,
			      'v',
			      '0',
			      0,
			      (unsigned char)width_bytes,
			      0,
			      (unsigned char)(height & 0xFF),
			      (unsigned char)(height >> 8)};
	escpos_bytes(b, h, sizeof h);
	return escpos_bytes(b, bits, (size_t)width_bytes * (size_t)height);
}

enum escpos_err escpos_qr_raster(struct escpos_buf *b, const struct qr *q, int module_dots,
				 int paper_dots)
{
	enum escpos_err err;
	unsigned char *bits = NULL;

	if (!b)
		return ESCPOS_BAD_ARG;
	if (!q || !q->dark || q->size < 1 || module_dots < 1 || paper_dots < 8 || paper_dots % 8 ||
	    paper_dots > 255 * 8) {
		err = fail(b, ESCPOS_BAD_ARG);
		goto out;
	}
	int side = (q->size + 8) * module_dots; /* symbol plus 4-module quiet zones */
	if (side > paper_dots || side > RASTER_MAX_ROWS) {
		err = fail(b, ESCPOS_TOO_BIG);
		goto out;
	}
	int stride = paper_dots / 8, left = (paper_dots - side) / 2;
	bits = calloc((size_t)stride * (size_t)side, 1);
	if (!bits) {
		err = fail(b, ESCPOS_NOMEM);
		goto out;
	}
	for (int y = 0; y < q->size * module_dots; y++) {
		unsigned char *row = bits + (size_t)(y + 4 * module_dots) * (size_t)stride;
		const unsigned char *mods = q->dark + (size_t)(y / module_dots) * (size_t)q->size;
		for (int x = 0; x < q->size * module_dots; x++) {
			if (!mods[x / module_dots])
				continue;
			int px = left + 4 * module_dots + x;
			row[px / 8] |= (unsigned char)(0x80 >> (px % 8));
		}
	}
	err = escpos_raster(b, bits, stride, side);
out:
	free(bits);
	return err;
}

enum escpos_err escpos_qr_native(struct escpos_buf *b, const char *data, int module_dots)
{
	if (!b)
		return ESCPOS_BAD_ARG;
	if (!data || !*data || module_dots < 1 || module_dots > 16)
		return fail(b, ESCPOS_BAD_ARG);
	size_t n = strlen(data);
	if (n > QR_NATIVE_MAX)
		return fail(b, ESCPOS_TOO_BIG);

	/* GS ( k pL pH cn=49 fn ...: model 2; module size; ECC M (49); store. */
	const unsigned char model[] = {GS, '(', 'k', 4, 0, 49, 65, 50, 0};
	const unsigned char size[] = {GS, '(', 'k', 3, 0, 49, 67, (unsigned char)module_dots};
	const unsigned char ecc[] = {GS, '(', 'k', 3, 0, 49, 69, 49};
	const unsigned char store[] = {
		GS, '(', 'k', (unsigned char)((n + 3) & 0xFF), (unsigned char)((n + 3) >> 8),
		49, 80,  48};
	const unsigned char print[] = {GS, '(', 'k', 3, 0, 49, 81, 48};
	escpos_bytes(b, model, sizeof model);
	escpos_bytes(b, size, sizeof size);
	escpos_bytes(b, ecc, sizeof ecc);
	escpos_bytes(b, store, sizeof store);
	escpos_bytes(b, data, n);
	return escpos_bytes(b, print, sizeof print);
}

int escpos_paper_dots(int paper_mm)
{
	return paper_mm == 58 ? 384 : paper_mm == 80 ? 576 : 0;
}

int escpos_cols(int paper_mm, int font_b)
{
	/* Font A is 12 dots wide, font B 9. */
	int dots = escpos_paper_dots(paper_mm);
	return dots / (font_b ? 9 : 12);
}

int escpos_qr_module_dots(int qr_size, int paper_mm)
{
	int m = qr_module_px(qr_size, escpos_paper_dots(paper_mm));
	if (m > QR_MAX_MODULE_DOTS)
		m = QR_MAX_MODULE_DOTS;
	return m < 3 ? 0 : m; /* smaller modules do not scan reliably off thermal paper */
}
