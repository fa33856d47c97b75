/*
 * ui_keyboard.c: the on-screen keyboard, drawn across the bottom of the
 * screen and typing into one struct ui_field.
 *
 * Layouts are data (struct ui_kb_set, loaded from kiosk-config/
 * keyboards.json by the caller); this file only lays keys out and acts on
 * them. Every key is recorded as role "key" whose text is its label, so a
 * script can `tap "q"`. Shift cycles one capital -> caps lock -> off;
 * Backspace repeats while held (after HOLD_MS, every REPEAT_MS); holding a
 * letter for HOLD_MS (in a layout with Shift, i.e. for text, not postcodes
 * or emails) opens a row of its accented forms above it, which stays open
 * until one is tapped or the visitor touches somewhere else.
 * Timing runs on ui->now and ui_request_tick(), so it works headless.
 */
#include "ui/ui_int.h"

#include <stdio.h>
#include <string.h>

#define HOLD_MS		500
#define REPEAT_MS	90
#define KEY_UNITS	56 /* key height: a fingertip */
#define GAP_UNITS	5
#define MAX_KEY_W_UNITS 120

static bool inside(struct ui_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const struct ui_kb_layout *ui_kb_find(const struct ui_kb_set *set, const char *id)
{
	for (size_t i = 0; id && i < set->nlayouts; i++)
		if (!strcmp(set->layouts[i].id, id))
			return &set->layouts[i];
	return NULL;
}

int ui_keyboard_height(const struct ui *ui, const struct ui_kb_set *set)
{
	size_t rows = 0;
	for (size_t i = 0; i < set->nlayouts; i++)
		rows = set->layouts[i].nrows > rows ? set->layouts[i].nrows : rows;
	return (int)rows * ui_u(ui, KEY_UNITS) + (int)(rows + 1) * ui_u(ui, GAP_UNITS);
}

static bool word_start(const struct ui_field *f)
{
	if (!f->cur)
		return true;
	char c = f->text[f->cur - 1];
	return c == ' ' || c == '-';
}

void ui_keyboard_reset(struct ui_keyboard *kb, const struct ui_field *f, bool autocap)
{
	memset(kb, 0, sizeof *kb);
	kb->shift = autocap && f && word_start(f) ? 1 : 0;
	if (f) {
		kb->seen_len = f->len;
		kb->seen_cur = f->cur;
	}
}

/* A single ASCII letter in capitals when shifted; anything else as is. */
static const char *shown(const char *s, bool upper, char buf[2])
{
	if (upper && s[0] >= 'a' && s[0] <= 'z' && !s[1]) {
		buf[0] = (char)(s[0] - 'a' + 'A');
		buf[1] = '\0';
		return buf;
	}
	return s;
}

static const struct ui_kb_accent *accents_for(const struct ui_kb_set *set, const char *base)
{
	for (size_t i = 0; i < set->naccents; i++)
		if (!strcmp(set->accents[i].base, base))
			return &set->accents[i];
	return NULL;
}

/* Drawn shapes for keys that read better as a picture: a triangle built
 * from 1-pixel strips (the fonts have no arrow glyphs). */
static void draw_icon(struct ui *ui, const char *icon, struct ui_rect r, struct ui_color c,
		      bool locked)
{
	int s = r.h * 2 / 5, cx = r.x + r.w / 2, cy = r.y + r.h / 2;
	if (!strcmp(icon, "shift")) {
		int top = cy - s / 2 - ui_u(ui, 2);
		for (int i = 0; i < s / 2; i++) {
			int w = 1 + i * 2;
			gfx_rect(ui, (struct ui_rect){cx - w / 2, top + i, w, 1}, c);
		}
		int stem = s / 3;
		gfx_rect(ui, (struct ui_rect){cx - stem / 2, top + s / 2, stem, s / 2}, c);
		if (locked)
			gfx_rect(ui,
				 (struct ui_rect){cx - s / 2, top + s + ui_u(ui, 3), s,
						  ui_u(ui, 3)},
				 c);
	} else if (!strncmp(icon, "backspace", 9)) {
		/* Right to left it points right: at the text's start, where
		 * the character it deletes is. */
		bool rtl = !strcmp(icon, "backspace-rtl");
		int left = cx - s * 3 / 4, bar = s / 3;
		for (int i = 0; i <= s / 2; i++) {
			int h = 1 + i * 2;
			struct ui_rect strip =
				i < s / 2 ? (struct ui_rect){left + i, cy - h / 2, 1, h}
					  : (struct ui_rect){left + s / 2, cy - bar / 2, s, bar};
			if (rtl)
				strip.x = 2 * cx - strip.x - strip.w;
			gfx_rect(ui, strip, c);
		}
	}
}

/* Draws a key's label in r without adding a second widget to the tree:
 * the key itself carries the text; only the label's overflow is kept. */
static void key_label(struct ui *ui, const char *text, struct ui_rect r, struct ui_color c)
{
	bool one = text[0] && (!text[1] || ((unsigned char)text[0] >= 0xC0 && strlen(text) <= 4));
	enum ui_font f = one ? UI_FONT_LARGE : UI_FONT_BODY;
	size_t me = ui->n - 1, before = ui->n;
	ui_label(ui, text, r, f, one ? UI_REGULAR : UI_BOLD, c, UI_ALIGN_CENTER);
	if (ui->n > before) {
		ui->widgets[me].overflow |= ui->widgets[ui->n - 1].overflow;
		ui->n--;
	}
}

enum look { PLAIN, SPECIAL, ACTIVE };

/* A key's fixed name in the tree, the same whatever its label says:
 * "key-" and what it types ("key-a", "key-space"; the layout's own case),
 * or its action ("key-shift", "key-backspace", "key-done",
 * "key-layout-<id>"). */
static void key_name(const struct ui_kb_key *k, const char *base, char *out, size_t n)
{
	const char *t = k->text ? k->text : k->label;
	switch (k->action) {
	case UI_KB_SHIFT: snprintf(out, n, "key-shift"); break;
	case UI_KB_BACKSPACE: snprintf(out, n, "key-backspace"); break;
	case UI_KB_DONE: snprintf(out, n, "key-done"); break;
	case UI_KB_LAYOUT: snprintf(out, n, "key-layout-%s", k->to ? k->to : base); break;
	default: snprintf(out, n, "key-%s", t && !strcmp(t, " ") ? "space" : t ? t : ""); break;
	}
}

static uint32_t draw_key(struct ui *ui, const char *label, const char *name, const char *icon,
			 struct ui_rect r, enum look look, bool locked)
{
	uint32_t id = ui_record(ui, UI_KEY, label, name, r, true);
	if (ui->n && ui->widgets[ui->n - 1].id == id)
		ui->widgets[ui->n - 1].checked = look == ACTIVE;
	bool pressed = ui_is_pressed(ui, id);
	struct ui_color bg = look == PLAIN    ? ui->th.surface
			     : look == ACTIVE ? ui->th.primary
					      : ui->th.bg;
	struct ui_color fg = look == ACTIVE    ? ui->th.on_primary
			     : look == SPECIAL ? ui->th.primary
					       : ui->th.text;
	if (pressed)
		bg = look == ACTIVE ? ui->th.text : ui->th.line;
	int rad = ui_u(ui, 8);
	gfx_fill(ui, (struct ui_rect){r.x, r.y + ui_u(ui, 2), r.w, r.h}, rad,
		 ui->th.muted); /* a thin shadow: keys look pressable */
	gfx_fill(ui, r, rad, bg);
	if (icon) {
		draw_icon(ui, icon, r, fg, locked);
	} else {
		key_label(ui, label,
			  (struct ui_rect){r.x + ui_u(ui, 2), r.y, r.w - ui_u(ui, 4), r.h}, fg);
	}
	return id;
}

/* Key width unit for a layout: the widest row fills the screen, capped
 * so a short phone pad does not stretch into slabs. */
static int unit_width(const struct ui *ui, const struct ui_kb_layout *l, int width, int gap)
{
	int unit = ui_u(ui, MAX_KEY_W_UNITS);
	for (size_t r = 0; r < l->nrows; r++) {
		float units = 0;
		for (size_t k = 0; k < l->rows[r].n; k++)
			units += l->rows[r].keys[k].width > 0 ? l->rows[r].keys[k].width : 1;
		int avail = width - (int)(l->rows[r].n - 1) * gap;
		if (units > 0 && (int)(avail / units) < unit)
			unit = (int)(avail / units);
	}
	return unit;
}

struct kb_ctx {
	struct ui *ui;
	struct ui_keyboard *kb;
	const struct ui_kb_set *set;
	struct ui_field *f;
	const char *base; /* the field's own layout id */
	bool autocap, upper;
	bool accents; /* long presses offer accents (text layouts: those with Shift) */
	enum ui_kb_result res;
};

static void typed(struct kb_ctx *c, const char *text)
{
	if (ui_field_insert(c->f, text))
		c->res = UI_KB_EDITED;
	size_t n = strlen(text);
	bool space = n && (text[n - 1] == ' ' || text[n - 1] == '-');
	if (c->kb->shift == 1)
		c->kb->shift = 0;
	if (c->autocap && space && c->kb->shift == 0)
		c->kb->shift = 1;
}

/* Backspace: one deletion on a tap; while held, one every REPEAT_MS. */
static void backspace(struct kb_ctx *c, uint32_t id)
{
	struct ui *ui = c->ui;
	struct ui_keyboard *kb = c->kb;
	bool held = ui_is_pressed(ui, id);
	if (held && kb->bs_press != ui->press_t) {
		kb->bs_press = ui->press_t;
		kb->bs_repeats = 0;
	}
	if (held) {
		uint64_t t = ui->now - ui->press_t;
		int due = t < HOLD_MS ? 0 : 1 + (int)((t - HOLD_MS) / REPEAT_MS);
		for (; kb->bs_repeats < due; kb->bs_repeats++)
			if (ui_field_backspace(c->f))
				c->res = UI_KB_EDITED;
		ui_request_tick(ui, ui->press_t + HOLD_MS + (uint64_t)kb->bs_repeats * REPEAT_MS);
	}
	if (ui_activated(ui, id)) {
		if (kb->bs_press != ui->press_t || kb->bs_repeats == 0)
			if (ui_field_backspace(c->f))
				c->res = UI_KB_EDITED;
		kb->bs_repeats = 0;
		kb->bs_press = 0;
		if (c->autocap && word_start(c->f) && kb->shift == 0)
			kb->shift = 1;
	}
}

static void press_key(struct kb_ctx *c, const struct ui_kb_key *k, const char *label, uint32_t id,
		      struct ui_rect r)
{
	struct ui *ui = c->ui;
	struct ui_keyboard *kb = c->kb;
	if (k->action == UI_KB_BACKSPACE) {
		backspace(c, id);
		return;
	}
	if (k->action == UI_KB_CHAR && c->accents && accents_for(c->set, label) &&
	    ui_is_pressed(ui, id) && ui_held(ui, r, HOLD_MS) && kb->popup_press != ui->press_t) {
		snprintf(kb->popup, sizeof kb->popup, "%s", label);
		kb->popup_key = r;
		kb->popup_press = ui->press_t;
		ui->dirty = true;
	}
	if (!ui_activated(ui, id))
		return;
	if (kb->popup_press == ui->press_t && kb->popup[0])
		return; /* the release of the long press that opened the accents */
	char buf[2];
	switch (k->action) {
	case UI_KB_CHAR: typed(c, k->text ? shown(k->text, c->upper, buf) : label); break;
	case UI_KB_SHIFT: kb->shift = (kb->shift + 1) % 3; break;
	case UI_KB_LAYOUT:
		snprintf(kb->layout, sizeof kb->layout, "%s", k->to ? k->to : "");
		kb->shift = c->autocap && word_start(c->f) ? 1 : 0;
		break;
	case UI_KB_DONE: c->res = UI_KB_HIDE; break;
	case UI_KB_BACKSPACE: break;
	}
}

static void draw_rows(struct kb_ctx *c, const struct ui_kb_layout *l, struct ui_rect area)
{
	struct ui *ui = c->ui;
	int gap = ui_u(ui, GAP_UNITS);
	int kh = ((area.h - gap) / (int)l->nrows) - gap;
	int unit = unit_width(ui, l, area.w - 2 * gap, gap);
	c->accents = false;
	for (size_t r = 0; r < l->nrows; r++)
		for (size_t k = 0; k < l->rows[r].n; k++)
			c->accents |= l->rows[r].keys[k].action == UI_KB_SHIFT;
	for (size_t r = 0; r < l->nrows; r++) {
		const struct ui_kb_row *row = &l->rows[r];
		int total = (int)(row->n - 1) * gap;
		for (size_t k = 0; k < row->n; k++)
			total += (int)(unit * (row->keys[k].width > 0 ? row->keys[k].width : 1));
		int x = area.x + (area.w - total) / 2;
		int y = area.y + gap + (int)r * (kh + gap);
		for (size_t k = 0; k < row->n; k++) {
			const struct ui_kb_key *key = &row->keys[k];
			int w = (int)(unit * (key->width > 0 ? key->width : 1));
			struct ui_rect kr = {x, y, w, kh};
			char buf[2];
			const char *label = key->action == UI_KB_CHAR
						    ? shown(key->label, c->upper, buf)
						    : key->label;
			enum look look = key->action == UI_KB_CHAR ? PLAIN : SPECIAL;
			if ((key->action == UI_KB_SHIFT && c->kb->shift) ||
			    key->action == UI_KB_DONE)
				look = ACTIVE;
			char name[48];
			key_name(key, c->base, name, sizeof name);
			const char *icon = key->icon;
			if (icon && !strcmp(icon, "backspace") && ui->rtl && !c->f->ltr)
				icon = "backspace-rtl";
			uint32_t id = draw_key(ui, label, name, icon, kr, look,
					       key->action == UI_KB_SHIFT && c->kb->shift == 2);
			press_key(c, key, label, id, kr);
			x += w + gap;
		}
	}
}

/* The accents of the long-pressed letter, in a raised row above it. */
static void draw_popup(struct kb_ctx *c)
{
	struct ui *ui = c->ui;
	struct ui_keyboard *kb = c->kb;
	const struct ui_kb_accent *a = accents_for(c->set, kb->popup);
	if (!a || !a->n) {
		kb->popup[0] = '\0';
		return;
	}
	int gap = ui_u(ui, 6), kw = ui_u(ui, 64), kh = ui_u(ui, KEY_UNITS);
	int w = (int)a->n * (kw + gap) + gap, h = kh + 2 * gap;
	int x = kb->popup_key.x + kb->popup_key.w / 2 - w / 2;
	x = x + w > ui->w - gap ? ui->w - gap - w : x;
	x = x < gap ? gap : x;
	int y = kb->popup_key.y - h - gap;
	y = y < 0 ? 0 : y;
	struct ui_rect box = {x, y, w, h};
	/* A touch that starts outside the row closes it (and acts as usual). */
	if (ui->pointer_down && ui->press_t != kb->popup_press &&
	    !inside(box, ui->press_x, ui->press_y)) {
		kb->popup[0] = '\0';
		return;
	}
	gfx_fill(ui, (struct ui_rect){x, y + ui_u(ui, 4), w, h}, ui_u(ui, 12), ui->th.scrim);
	gfx_fill(ui, box, ui_u(ui, 12), ui->th.surface);
	gfx_stroke(ui, box, ui_u(ui, 12), ui_u(ui, 3), ui->th.primary);
	for (size_t i = 0; i < a->n; i++) {
		struct ui_rect kr = {x + gap + (int)i * (kw + gap), y + gap, kw, kh};
		char name[48];
		snprintf(name, sizeof name, "key-%s", a->alts[i]);
		uint32_t id = draw_key(ui, a->alts[i], name, NULL, kr, PLAIN, false);
		if (ui_activated(ui, id)) {
			kb->popup[0] = '\0';
			typed(c, a->alts[i]);
		}
	}
}

enum ui_kb_result ui_keyboard(struct ui *ui, struct ui_keyboard *kb, const struct ui_kb_set *set,
			      const char *base, struct ui_field *f, bool autocap)
{
	const struct ui_kb_layout *l = ui_kb_find(set, kb->layout);
	if (!l)
		l = ui_kb_find(set, base);
	if (!l || !l->nrows)
		return UI_KB_IDLE;
	int h = ui_keyboard_height(ui, set);
	struct ui_rect area = {0, ui->h - h, ui->w, h};
	gfx_rect(ui, area, ui->th.line);
	/* Typed on a real keyboard or the cursor moved by a tap: capitals
	 * follow the new place (caps lock stays). */
	if ((f->len != kb->seen_len || f->cur != kb->seen_cur) && kb->shift != 2)
		kb->shift = autocap && word_start(f) ? 1 : 0;
	struct kb_ctx c = {ui, kb, set, f, base, autocap, kb->shift > 0, false, UI_KB_IDLE};
	draw_rows(&c, l, area);
	if (kb->popup[0])
		draw_popup(&c);
	kb->seen_len = f->len;
	kb->seen_cur = f->cur;
	return c.res;
}
