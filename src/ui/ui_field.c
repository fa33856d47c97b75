/*
 * ui_field.c: a one-line text field: the editing model (UTF-8 aware insert,
 * backspace, delete and cursor moves) and the widget that draws it.
 *
 * The cursor is a byte offset and always sits on a character boundary. A
 * "character" here is a code point with any combining marks after it, so
 * "e" + U+0308 (ë typed as two code points) is deleted and stepped over as
 * one letter, as a visitor sees it. The field owns no memory: the text
 * lives in struct ui_field, in the caller's (scene's) state.
 */
#include "ui/ui_int.h"

#include <string.h>

/* Decodes the code point at s[i] (s valid UTF-8); sets *n to its length. */
static uint32_t decode(const char *s, size_t i, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s + i;
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*n = 2;
		return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	}
	if (u[0] < 0xF0) {
		*n = 3;
		return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		       (u[2] & 0x3F);
	}
	*n = 4;
	return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
	       ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

/* Length of the valid, printable UTF-8 sequence at s, or 0. */
static size_t valid_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x20 || u[0] == 0x7F)
		return 0;
	if (u[0] < 0x80)
		return 1;
	size_t n = u[0] >= 0xC2 && u[0] <= 0xDF	  ? 2
		   : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
		   : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4
						  : 0;
	for (size_t k = 1; k < n; k++)
		if ((u[k] & 0xC0) != 0x80)
			return 0;
	if (!n)
		return 0;
	size_t len;
	uint32_t c = decode(s, 0, &len);
	bool overlong = (n == 3 && c < 0x800) || (n == 4 && c < 0x10000);
	bool bad = (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || (c >= 0x80 && c < 0xA0);
	return overlong || bad ? 0 : n;
}

/* Marks that combine with the letter before them (Latin, Arabic). */
static bool is_mark(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	       (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	       (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x0610 && c <= 0x061A) ||
	       (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED);
}

static bool is_arabic(uint32_t c)
{
	return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
	       (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
	       (c >= 0xFE70 && c <= 0xFEFF);
}

/* Start of the code point that ends at i. */
static size_t cp_before(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
		;
	return i;
}

static size_t next_boundary(const struct ui_field *f, size_t i)
{
	if (i >= f->len)
		return f->len;
	size_t n;
	decode(f->text, i, &n);
	i += n;
	while (i < f->len && is_mark(decode(f->text, i, &n)))
		i += n;
	return i;
}

static size_t prev_boundary(const struct ui_field *f, size_t i)
{
	size_t n;
	while (i > 0) {
		i = cp_before(f->text, i);
		if (i == 0 || !is_mark(decode(f->text, i, &n)))
			break;
	}
	return i;
}

/* Keeps the bytes after the text zero, so nothing deleted lingers. */
static void zero_tail(struct ui_field *f)
{
	memset(f->text + f->len, 0, sizeof f->text - f->len);
}

bool ui_field_insert(struct ui_field *f, const char *s)
{
	size_t n = strlen(s);
	if (!n || f->len + n >= sizeof f->text)
		return false;
	for (size_t i = 0, k; i < n; i += k)
		if (!(k = valid_at(s + i)))
			return false;
	memmove(f->text + f->cur + n, f->text + f->cur, f->len - f->cur);
	memcpy(f->text + f->cur, s, n);
	f->len += n;
	f->cur += n;
	return true;
}

static void cut(struct ui_field *f, size_t from, size_t to)
{
	memmove(f->text + from, f->text + to, f->len - to);
	f->len -= to - from;
	zero_tail(f);
}

bool ui_field_backspace(struct ui_field *f)
{
	if (!f->cur)
		return false;
	size_t from = prev_boundary(f, f->cur);
	cut(f, from, f->cur);
	f->cur = from;
	return true;
}

bool ui_field_delete(struct ui_field *f)
{
	if (f->cur >= f->len)
		return false;
	cut(f, f->cur, next_boundary(f, f->cur));
	return true;
}

bool ui_field_move(struct ui_field *f, int dir)
{
	size_t to = dir < 0 ? prev_boundary(f, f->cur) : next_boundary(f, f->cur);
	bool moved = to != f->cur;
	f->cur = to;
	return moved;
}

void ui_field_move_to(struct ui_field *f, size_t at)
{
	if (at >= f->len) {
		f->cur = f->len;
		return;
	}
	/* Back to the start of the character holding byte `at`. */
	size_t i = 0;
	while (i < f->len) {
		size_t next = next_boundary(f, i);
		if (next > at)
			break;
		i = next;
	}
	f->cur = i;
}

bool ui_field_set(struct ui_field *f, const char *s)
{
	struct ui_field t = {0};
	if (*s && !ui_field_insert(&t, s)) {
		explicit_bzero(&t, sizeof t);
		return false;
	}
	*f = t;
	explicit_bzero(&t, sizeof t);
	return true;
}

void ui_field_clear(struct ui_field *f)
{
	explicit_bzero(f, sizeof *f);
}

bool ui_field_rtl(const struct ui_field *f)
{
	size_t n;
	for (size_t i = 0; i < f->len; i += n) {
		uint32_t c = decode(f->text, i, &n);
		if (is_arabic(c))
			return true;
		if (c > ' ' && c != '-' && c != '.' && c != '\'')
			return false;
	}
	return false;
}

bool ui_field_key(struct ui_field *f, const struct ui_event *ev)
{
	if (ev->type == UI_EV_TEXT) {
		ui_field_insert(f, ev->text); /* text that does not fit is dropped */
		return true;
	}
	if (ev->type != UI_EV_KEY)
		return false;
	int fwd = ui_field_rtl(f) ? -1 : 1; /* Left reads on in right-to-left text */
	switch (ev->key) {
	case UI_KEY_BACKSPACE: ui_field_backspace(f); return true;
	case UI_KEY_DELETE: ui_field_delete(f); return true;
	case UI_KEY_LEFT: ui_field_move(f, -fwd); return true;
	case UI_KEY_RIGHT: ui_field_move(f, fwd); return true;
	case UI_KEY_HOME: f->cur = 0; return true;
	case UI_KEY_END: f->cur = f->len; return true;
	default: return false;
	}
}

/* ---- Drawing ---- */

#define MAX_RUNS 16

struct run {
	size_t off, len;
	bool rtl;
	int x, w; /* where the platform draws it, from the text's left */
};

/* The same runs the platform draws: Arabic and other script, neutral
 * characters staying with the run before; laid out right to left when
 * the text starts with Arabic. */
static size_t layout_runs(struct ui *ui, const struct ui_field *f, int px, struct run *runs)
{
	size_t n = 0, i = 0, k;
	while (i < f->len && n < MAX_RUNS) {
		size_t start = i;
		bool ar = is_arabic(decode(f->text, i, &k));
		i += k;
		while (i < f->len) {
			uint32_t c = decode(f->text, i, &k);
			bool neutral = c == ' ' || c == '-' || c == '.' || c == ',' || c == '\'';
			if (!neutral && is_arabic(c) != ar)
				break;
			i += k;
		}
		runs[n++] = (struct run){start, i - start, ar, 0, 0};
	}
	if (i < f->len && n)
		runs[n - 1].len = f->len - runs[n - 1].off;
	int total = 0;
	for (size_t r = 0; r < n; r++) {
		runs[r].w = pf_text_width(ui->pf, pfs(UI_REGULAR), px, f->text + runs[r].off,
					  runs[r].len);
		total += runs[r].w;
	}
	bool rtl = n && runs[0].rtl;
	int x = rtl ? total : 0;
	for (size_t r = 0; r < n; r++) {
		if (rtl)
			x -= runs[r].w;
		runs[r].x = x;
		if (!rtl)
			x += runs[r].w;
	}
	return n;
}

/* x of the cursor at byte offset at, from the text's left edge. */
static int caret_x(struct ui *ui, const struct ui_field *f, int px, const struct run *runs,
		   size_t n, size_t at)
{
	if (!n)
		return 0;
	for (size_t r = 0; r < n; r++) {
		const struct run *u = &runs[r];
		if (at > u->off + u->len || (at == u->off + u->len && r + 1 < n))
			continue;
		int w = pf_text_width(ui->pf, pfs(UI_REGULAR), px, f->text + u->off, at - u->off);
		return u->rtl ? u->x + u->w - w : u->x + w;
	}
	return runs[n - 1].rtl ? runs[n - 1].x : runs[n - 1].x + runs[n - 1].w;
}

/* The boundary whose cursor position is nearest to x. */
static size_t boundary_at(struct ui *ui, const struct ui_field *f, int px, const struct run *runs,
			  size_t n, int x)
{
	size_t best = 0;
	int best_d = -1;
	for (size_t i = 0;; i = next_boundary(f, i)) {
		int d = caret_x(ui, f, px, runs, n, i) - x;
		d = d < 0 ? -d : d;
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
		if (i >= f->len)
			break;
	}
	return best;
}

bool ui_text_field(struct ui *ui, struct ui_field *f, const char *name, struct ui_rect r,
		   bool focused, bool error)
{
	uint32_t id = ui_record(ui, UI_TEXT_FIELD, f->text, name, r, true);
	int px = ui->font_px[UI_FONT_LARGE], pad = ui_u(ui, 12), rad = ui_u(ui, 12);
	struct run runs[MAX_RUNS];
	size_t n = layout_runs(ui, f, px, runs);
	int inner = r.w - 2 * pad;
	int cx = caret_x(ui, f, px, runs, n, f->cur);
	/* Scroll so the cursor stays inside the box. */
	int shift = cx > inner - ui_u(ui, 4) ? cx - inner + ui_u(ui, 4) : 0;
	int tx = r.x + pad - shift;
	if (ui->rtl && !f->ltr) { /* from the right edge; scrolled the other way */
		int total = n ? runs[n - 1].x + runs[n - 1].w : 0;
		for (size_t k = 0; k < n; k++)
			total = runs[k].x + runs[k].w > total ? runs[k].x + runs[k].w : total;
		tx = r.x + r.w - pad - total;
		if (tx + cx < r.x + pad + ui_u(ui, 4))
			tx = r.x + pad + ui_u(ui, 4) - cx;
	}
	bool hit = ui_activated(ui, id);
	/* A tap places the cursor; Enter on a focused box goes to the end. */
	if (hit)
		f->cur = ui->focus_visible ? f->len
					   : boundary_at(ui, f, px, runs, n, ui->ptr_x - tx);
	if (hit)
		cx = caret_x(ui, f, px, runs, n, f->cur);

	struct ui_color border = error ? ui->th.danger : focused ? ui->th.primary : ui->th.muted;
	gfx_fill(ui, r, rad, ui->th.surface);
	gfx_stroke(ui, r, rad, ui_u(ui, focused || error ? 3 : 2), border);
	int lh = pf_line_height(ui->pf, pfs(UI_REGULAR), px);
	struct ui_rect clip = {r.x + pad / 2, r.y + ui_u(ui, 3), r.w - pad, r.h - ui_u(ui, 6)};
	gfx_clip(ui, &clip);
	pf_draw_text(ui->pf, pfs(UI_REGULAR), px, f->text, f->len, tx, r.y + (r.h - lh) / 2,
		     pfc(ui->th.text));
	struct ui_widget *me = ui_last(ui, id);
	if (me && focused) { /* the cursor's x, for `dump` */
		me->value = tx + cx;
		me->max = 1;
	}
	if (focused) {
		int ch = lh * 4 / 5;
		gfx_rect(ui,
			 (struct ui_rect){tx + cx - ui_u(ui, 1), r.y + (r.h - ch) / 2, ui_u(ui, 3),
					  ch},
			 ui->th.primary);
	}
	gfx_clip(ui, ui->cur_scroll ? &ui->cur_clip : NULL);
	return hit;
}

bool ui_secret_field(struct ui *ui, struct ui_field *f, const char *name, struct ui_rect r,
		     bool focused, bool error)
{
	static const char dot[] = "\xE2\x80\xA2"; /* U+2022 BULLET */
	struct ui_field m;
	memset(&m, 0, sizeof m);
	size_t at = 0; /* characters before the cursor */
	for (size_t i = 0; i < f->len; i++) {
		if (((unsigned char)f->text[i] & 0xC0) == 0x80)
			continue;
		if (i < f->cur)
			at++;
		if (m.len + 3 < sizeof m.text) {
			memcpy(m.text + m.len, dot, 3);
			m.len += 3;
		}
	}
	m.cur = at * 3 > m.len ? m.len : at * 3;
	bool hit = ui_text_field(ui, &m, name, r, focused, error);
	if (hit) {
		/* Back from dots to the text's own byte offset. */
		size_t want = m.cur / 3, k = 0, i = 0;
		for (; i < f->len && k < want; i++)
			if (i + 1 >= f->len || ((unsigned char)f->text[i + 1] & 0xC0) != 0x80)
				k++;
		f->cur = i;
	}
	return hit;
}
