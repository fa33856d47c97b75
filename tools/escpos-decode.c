/*
 * escpos-decode: show what an ESC/POS byte stream would print.
 *
 *   escpos-decode [--image OUT.pgm|OUT.pbm] [--scale N] [--border PX] [-v] [FILE]
 *
 * Reads FILE (or stdin), prints every text line converted from PC858 to
 * UTF-8 on stdout, one a line, and writes each raster image (GS v 0), and each
 * QR code printed by the printer's own encoder (GS ( k, redrawn here with
 * libqrencode), to OUT: the first to OUT itself, the next to OUT-2.pgm, and so
 * on. Images are scaled up (default x2) with a white border (default 16 px) so
 * `zbarimg` can read them. Other commands the kiosk emits are recognised and
 * skipped; -v lists them on stderr. Exits 1 with a message naming the byte
 * offset on a truncated or unknown sequence, 2 on a usage or I/O error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print/cp858.h"
#include "print/qr.h"

struct opts {
	const char *image, *input;
	int scale, border, verbose;
};

struct dec {
	const unsigned char *p;
	size_t n, i; /* data, length, current offset */
	const struct opts *o;
	int codepage, warned_page;
	char *line;
	size_t len, cap;
	int images;
	unsigned char *qr_data; /* GS ( k stored symbol data, NUL-terminated */
	int qr_module;
	char err[200];
};

static int fail(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct dec *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof d->err, fmt, ap);
	va_end(ap);
	return -1;
}

static void trace(const struct dec *d, size_t at, const char *what)
{
	if (d->o->verbose)
		fprintf(stderr, "escpos-decode: %6zu %s\n", at, what);
}

/* Makes sure n more bytes follow the current offset. */
static int need(struct dec *d, size_t n, const char *what)
{
	if (d->n - d->i >= n)
		return 0;
	return fail(d, "truncated %s at byte %zu (needs %zu bytes, %zu left)", what, d->i, n,
		    d->n - d->i);
}

static int put_text(struct dec *d, const char *s, size_t n)
{
	if (d->len + n + 1 > d->cap) {
		size_t cap = (d->len + n + 1) * 2;
		char *l = realloc(d->line, cap);
		if (!l)
			return fail(d, "out of memory");
		d->line = l;
		d->cap = cap;
	}
	memcpy(d->line + d->len, s, n);
	d->len += n;
	d->line[d->len] = '\0';
	return 0;
}

static void emit_line(struct dec *d)
{
	printf("%.*s\n", (int)d->len, d->line ? d->line : "");
	d->len = 0;
}

/* OUT for the first image, OUT-2.ext, OUT-3.ext ... for later ones. */
static void image_path(const char *out, int k, char *buf, size_t n)
{
	const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	if (k == 1) {
		snprintf(buf, n, "%s", out);
		return;
	}
	if (!dot || (slash && dot < slash))
		dot = out + strlen(out);
	snprintf(buf, n, "%.*s-%d%s", (int)(dot - out), out, k, dot);
}

/* Writes a 1-bit image (rows of wb bytes, MSB first, 1 = black) scaled by
 * sx, sy with a white border, as PBM (P4) if the name ends ".pbm", else PGM. */
static int write_image(struct dec *d, const unsigned char *bits, int wb, int h, int sx, int sy)
{
	char path[4096];
	int ret = -1, pbm;
	FILE *f = NULL;
	unsigned char *row = NULL;

	d->images++;
	if (!d->o->image)
		return 0;
	image_path(d->o->image, d->images, path, sizeof path);
	pbm = strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".pbm") == 0;
	int b = d->o->border, W = wb * 8 * sx + 2 * b, H = h * sy + 2 * b;
	size_t rowbytes = pbm ? (size_t)(W + 7) / 8 : (size_t)W;
	row = malloc(rowbytes);
	f = fopen(path, "wb");
	if (!row || !f) {
		fail(d, "cannot write %s", path);
		goto out;
	}
	fprintf(f, pbm ? "P4\n%d %d\n" : "P5\n%d %d\n255\n", W, H);
	for (int y = 0; y < H; y++) {
		int sy_ = y - b;
		memset(row, pbm ? 0x00 : 0xFF, rowbytes);
		for (int x = 0; sy_ >= 0 && sy_ < h * sy && x < wb * 8 * sx; x++) {
			int px = x / sx, py = sy_ / sy;
			if (!(bits[(size_t)py * (size_t)wb + (size_t)(px / 8)] &
			      (0x80 >> (px % 8))))
				continue;
			int X = x + b;
			if (pbm)
				row[X / 8] |= (unsigned char)(0x80 >> (X % 8));
			else
				row[X] = 0;
		}
		fwrite(row, 1, rowbytes, f);
	}
	if (fclose(f) != 0) {
		f = NULL;
		fail(d, "cannot write %s", path);
		goto out;
	}
	f = NULL;
	if (d->o->verbose)
		fprintf(stderr, "escpos-decode: wrote %s (%d x %d)\n", path, W, H);
	ret = 0;
out:
	if (f)
		fclose(f);
	free(row);
	return ret;
}

/* GS v 0 m xL xH yL yH data */
static int raster(struct dec *d)
{
	size_t at = d->i;
	if (need(d, 8, "GS v 0 header"))
		return -1;
	const unsigned char *h = d->p + d->i;
	int m = h[3], wb = h[4] | h[5] << 8, rows = h[6] | h[7] << 8;
	if (!((m >= 0 && m <= 3) || (m >= 48 && m <= 51)))
		return fail(d, "GS v 0 at byte %zu: bad mode %d", at, m);
	if (wb == 0 || rows == 0)
		return fail(d, "GS v 0 at byte %zu: empty image %d x %d", at, wb * 8, rows);
	d->i += 8;
	size_t size = (size_t)wb * (size_t)rows;
	if (need(d, size, "GS v 0 image data"))
		return -1;
	char what[64];
	snprintf(what, sizeof what, "GS v 0 image %d x %d dots", wb * 8, rows);
	trace(d, at, what);
	if (d->len)
		emit_line(d);
	int r = write_image(d, d->p + d->i, wb, rows, d->o->scale * (m & 1 ? 2 : 1),
			    d->o->scale * (m & 2 ? 2 : 1));
	d->i += size;
	return r;
}

/* Draws the stored GS ( k symbol as the printer would (module dots each). */
static int native_qr_print(struct dec *d)
{
	struct qr q = {0};
	unsigned char *bits = NULL;
	int ret = -1;

	if (!d->qr_data)
		return fail(d, "GS ( k print at byte %zu with no QR data stored", d->i);
	if (qr_encode((const char *)d->qr_data, &q) != QR_OK) {
		fail(d, "GS ( k data at byte %zu cannot be made into a QR code", d->i);
		goto out;
	}
	int m = d->qr_module, side = (q.size + 8) * m, wb = (side + 7) / 8;
	bits = calloc((size_t)wb * (size_t)side, 1);
	if (!bits) {
		fail(d, "out of memory");
		goto out;
	}
	for (int y = 0; y < q.size * m; y++)
		for (int x = 0; x < q.size * m; x++)
			if (q.dark[(y / m) * q.size + x / m]) {
				int px = 4 * m + x;
				bits[(size_t)(4 * m + y) * (size_t)wb + (size_t)(px / 8)] |=
					(unsigned char)(0x80 >> (px % 8));
			}
	if (d->len)
		emit_line(d);
	ret = write_image(d, bits, wb, side, d->o->scale, d->o->scale);
out:
	qr_free(&q);
	free(bits);
	return ret;
}

/* GS ( k pL pH cn fn [params]: 2D symbols; QR (cn 49) store/print handled. */
static int gs_paren_k(struct dec *d)
{
	size_t at = d->i;
	if (need(d, 5, "GS ( k header"))
		return -1;
	size_t plen = (size_t)d->p[d->i + 3] | (size_t)d->p[d->i + 4] << 8;
	if (plen < 2)
		return fail(d, "GS ( k at byte %zu: length %zu too short", at, plen);
	if (need(d, 5 + plen, "GS ( k"))
		return -1;
	const unsigned char *a = d->p + d->i + 5; /* cn fn params */
	int cn = a[0], fn = a[1];
	d->i += 5 + plen;
	char what[64];
	snprintf(what, sizeof what, "GS ( k cn=%d fn=%d (%zu bytes)", cn, fn, plen);
	trace(d, at, what);
	if (cn != 49)
		return 0;
	if (fn == 67 && plen == 3) {
		d->qr_module = a[2] >= 1 && a[2] <= 16 ? a[2] : 3;
	} else if (fn == 80 && plen >= 3) {
		free(d->qr_data);
		d->qr_data = malloc(plen - 3 + 1);
		if (!d->qr_data)
			return fail(d, "out of memory");
		memcpy(d->qr_data, a + 3, plen - 3);
		d->qr_data[plen - 3] = '\0';
	} else if (fn == 81) {
		return native_qr_print(d);
	}
	return 0;
}

static int esc(struct dec *d)
{
	size_t at = d->i;
	if (need(d, 2, "ESC command"))
		return -1;
	int c = d->p[d->i + 1];
	char what[40];
	snprintf(what, sizeof what, "ESC %c", c);
	switch (c) {
	case '@':
		d->i += 2;
		d->codepage = 0;
		d->len = 0; /* reset clears the print buffer */
		break;
	case '2': d->i += 2; break;
	case 't':
	case 'a':
	case 'E':
	case 'M':
	case '!':
	case '-':
	case 'G':
	case '3':
	case 'R':
	case 'J':
	case 'd':
	case 'V':
	case '{':
		if (need(d, 3, what))
			return -1;
		if (c == 't')
			d->codepage = d->p[d->i + 2];
		if (c == 'd') {
			int lines = d->p[d->i + 2];
			if (d->len || lines)
				emit_line(d);
			for (int k = 1; k < lines; k++)
				emit_line(d);
		}
		if (c == 'J' && d->len)
			emit_line(d);
		d->i += 3;
		break;
	case 'p': /* cash drawer pulse: ESC p m t1 t2 */
		if (need(d, 5, what))
			return -1;
		d->i += 5;
		break;
	default: return fail(d, "unknown command ESC 0x%02X at byte %zu", c, at);
	}
	trace(d, at, what);
	return 0;
}

static int gs(struct dec *d)
{
	size_t at = d->i;
	if (need(d, 2, "GS command"))
		return -1;
	int c = d->p[d->i + 1];
	char what[40];
	snprintf(what, sizeof what, "GS %c", c);
	switch (c) {
	case 'v':
		if (need(d, 3, "GS v"))
			return -1;
		if (d->p[d->i + 2] != '0')
			return fail(d, "unknown command GS v 0x%02X at byte %zu", d->p[d->i + 2],
				    at);
		return raster(d);
	case '(':
		if (need(d, 3, "GS ("))
			return -1;
		if (d->p[d->i + 2] != 'k')
			return fail(d, "unknown command GS ( 0x%02X at byte %zu", d->p[d->i + 2],
				    at);
		return gs_paren_k(d);
	case 'V': {
		if (need(d, 3, what))
			return -1;
		int m = d->p[d->i + 2];
		size_t len =
			(m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) ? 4 : 3;
		if (len == 3 && !(m == 0 || m == 1 || m == 48 || m == 49))
			return fail(d, "GS V at byte %zu: unknown cut mode %d", at, m);
		if (need(d, len, what))
			return -1;
		if (d->len)
			emit_line(d);
		d->i += len;
		break;
	}
	case '!':
	case 'B':
	case 'H':
	case 'f':
	case 'h':
	case 'w':
	case 'a':
	case 'r':
		if (need(d, 3, what))
			return -1;
		d->i += 3;
		break;
	case 'L':
	case 'W':
		if (need(d, 4, what))
			return -1;
		d->i += 4;
		break;
	default: return fail(d, "unknown command GS 0x%02X at byte %zu", c, at);
	}
	trace(d, at, what);
	return 0;
}

static int decode(struct dec *d)
{
	while (d->i < d->n) {
		unsigned char b = d->p[d->i];
		int r = 0;
		if (b == 0x1B) {
			r = esc(d);
		} else if (b == 0x1D) {
			r = gs(d);
		} else if (b == 0x10) { /* DLE EOT n: real-time status request */
			if (need(d, 3, "DLE EOT"))
				return -1;
			if (d->p[d->i + 1] != 0x04)
				return fail(d, "unknown command DLE 0x%02X at byte %zu",
					    d->p[d->i + 1], d->i);
			trace(d, d->i, "DLE EOT");
			d->i += 3;
		} else if (b == '\n') {
			emit_line(d);
			d->i++;
		} else if (b == '\r') {
			d->i++;
		} else if (b < 0x20 || b == 0x7F) {
			return fail(d, "unexpected control byte 0x%02X at byte %zu", b, d->i);
		} else {
			char u[4];
			size_t n = 1;
			u[0] = (char)b;
			if (b >= 0x80 && d->codepage == CP858_ESCPOS_PAGE) {
				n = cp858_to_utf8(b, u);
			} else if (b >= 0x80) {
				if (!d->warned_page++)
					fprintf(stderr,
						"escpos-decode: code page %d not supported, "
						"showing '?'\n",
						d->codepage);
				u[0] = '?';
			}
			r = put_text(d, u, n);
			d->i++;
		}
		if (r)
			return r;
	}
	if (d->len)
		emit_line(d); /* text never ended by LF: the printer would hold it */
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: escpos-decode [--image OUT.pgm|OUT.pbm] [--scale N] [--border PX] "
			"[-v] [FILE]\n");
	return 2;
}

static unsigned char *slurp(FILE *f, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = malloc(cap);
	while (buf) {
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		unsigned char *b = realloc(buf, cap * 2);
		if (!b) {
			free(buf);
			return NULL;
		}
		buf = b;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	*n = len;
	return buf;
}

int main(int argc, char **argv)
{
	struct opts o = {.scale = 2, .border = 16};
	struct dec d = {0};
	unsigned char *data = NULL;
	FILE *f = stdin;
	int ret = 2;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--image") == 0 && i + 1 < argc)
			o.image = argv[++i];
		else if (strcmp(a, "--scale") == 0 && i + 1 < argc)
			o.scale = atoi(argv[++i]);
		else if (strcmp(a, "--border") == 0 && i + 1 < argc)
			o.border = atoi(argv[++i]);
		else if (strcmp(a, "-v") == 0)
			o.verbose = 1;
		else if (a[0] == '-' && a[1])
			return usage();
		else if (!o.input)
			o.input = a;
		else
			return usage();
	}
	if (o.scale < 1 || o.scale > 16 || o.border < 0 || o.border > 1000)
		return usage();
	if (o.input && strcmp(o.input, "-") != 0 && !(f = fopen(o.input, "rb"))) {
		perror(o.input);
		goto out;
	}
	size_t n = 0;
	data = slurp(f, &n);
	if (!data) {
		fprintf(stderr, "escpos-decode: cannot read %s\n", o.input ? o.input : "stdin");
		goto out;
	}
	d.p = data;
	d.n = n;
	d.o = &o;
	d.qr_module = 3;
	if (decode(&d) < 0) {
		fflush(stdout);
		fprintf(stderr, "escpos-decode: %s: %s\n", o.input ? o.input : "stdin", d.err);
		ret = 1;
		goto out;
	}
	ret = 0;
out:
	if (f && f != stdin)
		fclose(f);
	free(data);
	free(d.line);
	free(d.qr_data);
	return ret;
}
