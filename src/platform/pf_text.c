/*
 * pf_text.c: fonts, text measuring and a cache of rendered lines.
 *
 * Latin, Greek, Cyrillic and Vietnamese come from Noto Sans; runs of Arabic
 * script are shaped right-to-left with Noto Sans Arabic (SDL_ttf's HarfBuzz),
 * so a name such as عائشة renders joined and in the right order.
 */
#include "platform/pf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CACHE_BYTES (6 * 1024 * 1024)

static const char *const font_files[PF_FONT_STYLE_COUNT] = {
	"NotoSans-Regular.ttf",
	"NotoSans-Bold.ttf",
};
static const char arabic_file[] = "NotoSansArabic-Regular.ttf";

static void *load_font(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/fonts/%s", dir, name);
	return SDL_LoadFile(path, len);
}

bool pf_text_init(struct pf *pf, char *err, size_t errlen)
{
	for (int i = 0; i < PF_FONT_STYLE_COUNT; i++) {
		pf->font_data[i] = load_font(pf->asset_dir, font_files[i], &pf->font_len[i]);
		if (!pf->font_data[i]) {
			snprintf(err, errlen, "cannot read font %s/fonts/%s", pf->asset_dir,
				 font_files[i]);
			return false;
		}
	}
	/* Optional: without it Arabic names show as boxes, nothing worse. */
	pf->arabic_data = load_font(pf->asset_dir, arabic_file, &pf->arabic_len);
	return true;
}

static void forget_text(struct pf *pf, struct pf_text_entry *e)
{
	if (e->tex) {
		pf->text_bytes -= (size_t)e->w * e->h * 4;
		SDL_DestroyTexture(e->tex);
	}
	memset(e, 0, sizeof *e);
}

void pf_forget_text(struct pf *pf)
{
	for (size_t i = 0; i < PF_TEXT_CACHE; i++)
		forget_text(pf, &pf->text[i]);
	memset(pf->widths, 0, sizeof pf->widths);
}

void pf_text_free(struct pf *pf)
{
	for (size_t i = 0; i < PF_TEXT_CACHE; i++)
		forget_text(pf, &pf->text[i]);
	for (size_t i = 0; i < pf->nfonts; i++) {
		for (int s = 0; s < PF_FONT_STYLE_COUNT; s++)
			if (pf->fonts[i].font[s])
				TTF_CloseFont(pf->fonts[i].font[s]);
		if (pf->fonts[i].arabic)
			TTF_CloseFont(pf->fonts[i].arabic);
	}
	pf->nfonts = 0;
	for (int s = 0; s < PF_FONT_STYLE_COUNT; s++) {
		SDL_free(pf->font_data[s]);
		pf->font_data[s] = NULL;
	}
	SDL_free(pf->arabic_data);
	pf->arabic_data = NULL;
}

static TTF_Font *open_size(const void *data, size_t len, int px)
{
	if (!data)
		return NULL;
	TTF_Font *f = TTF_OpenFontRW(SDL_RWFromConstMem(data, (int)len), 1, px);
	if (f)
		TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
	return f;
}

static struct pf_font_slot *slot_for(struct pf *pf, int px)
{
	if (px < 6)
		px = 6;
	for (size_t i = 0; i < pf->nfonts; i++)
		if (pf->fonts[i].px == px)
			return &pf->fonts[i];
	if (pf->nfonts == PF_FONT_SIZES) {
		/* Full: the nearest size we have is good enough. */
		struct pf_font_slot *best = &pf->fonts[0];
		for (size_t i = 1; i < pf->nfonts; i++)
			if (abs(pf->fonts[i].px - px) < abs(best->px - px))
				best = &pf->fonts[i];
		return best;
	}
	struct pf_font_slot *s = &pf->fonts[pf->nfonts];
	s->px = px;
	for (int i = 0; i < PF_FONT_STYLE_COUNT; i++)
		s->font[i] = open_size(pf->font_data[i], pf->font_len[i], px);
	s->arabic = open_size(pf->arabic_data, pf->arabic_len, px);
	if (s->arabic) {
		TTF_SetFontDirection(s->arabic, TTF_DIRECTION_RTL);
		TTF_SetFontScriptName(s->arabic, "Arab");
	}
	if (!s->font[0])
		return pf->nfonts ? &pf->fonts[0] : NULL;
	pf->nfonts++;
	return s;
}

static TTF_Font *font_for(struct pf *pf, enum pf_font_style st, int px)
{
	struct pf_font_slot *s = slot_for(pf, px);
	if (!s)
		return NULL;
	return s->font[st] ? s->font[st] : s->font[0];
}

/* Decodes one UTF-8 code point; a truncated sequence decodes as its lead byte. */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[(*i)++];
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (*i + extra > len)
		return c;
	c &= 0x3Fu >> extra;
	for (int k = 0; k < extra; k++)
		c = (c << 6) | (u[(*i)++] & 0x3F);
	return c;
}

static bool is_arabic(uint32_t c)
{
	return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
	       (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
	       (c >= 0xFE70 && c <= 0xFEFF);
}

static bool is_neutral(uint32_t c)
{
	return c == ' ' || c == '-' || c == '.' || c == ',' || c == '\'';
}

struct run {
	size_t off, len;
	bool arabic;
};

/* Splits s into runs of Arabic and non-Arabic script; neutral characters
 * stay with the run they follow. Returns the number of runs (<= max). */
static size_t split_runs(const char *s, size_t len, struct run *runs, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		size_t start = i;
		uint32_t c = next_cp(s, len, &i);
		bool ar = is_arabic(c);
		size_t end = i;
		while (i < len) {
			size_t at = i;
			uint32_t d = next_cp(s, len, &i);
			if (!is_neutral(d) && is_arabic(d) != ar) {
				i = at;
				break;
			}
			end = i;
		}
		runs[n++] = (struct run){start, end - start, ar};
	}
	if (i < len && n)
		runs[n - 1].len = len - runs[n - 1].off;
	return n;
}

static TTF_Font *run_font(struct pf *pf, enum pf_font_style st, int px, bool arabic)
{
	if (arabic) {
		struct pf_font_slot *s = slot_for(pf, px);
		if (s && s->arabic)
			return s->arabic;
	}
	return font_for(pf, st, px);
}

static int measure(TTF_Font *f, const char *s, size_t len)
{
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	int w = 0, h = 0;
	if (TTF_SizeUTF8(f, buf, &w, &h) != 0)
		return 0;
	return w;
}

int pf_text_width(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len)
{
	if (!len)
		return 0;
	uint64_t key = pf_hash(s, len, (uint64_t)px * 131 + st);
	struct pf_width_entry *e = &pf->widths[key % PF_WIDTH_CACHE];
	if (e->hash == key && key)
		return e->width;
	struct run runs[16];
	size_t n = split_runs(s, len, runs, 16);
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = run_font(pf, st, px, runs[i].arabic);
		if (f)
			w += measure(f, s + runs[i].off, runs[i].len);
	}
	e->hash = key;
	e->width = w;
	return w;
}

int pf_line_height(struct pf *pf, enum pf_font_style st, int px)
{
	TTF_Font *f = font_for(pf, st, px);
	return f ? TTF_FontLineSkip(f) : px;
}

static SDL_Surface *render_run(TTF_Font *f, const char *s, size_t len)
{
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	SDL_Color white = {255, 255, 255, 255};
	return TTF_RenderUTF8_Blended(f, buf, white);
}

/* Renders a line as white text (tinted when drawn), runs laid out in the
 * paragraph's direction (right to left when it starts with Arabic) and
 * sitting on one baseline, whatever font each run uses. */
static SDL_Surface *render_line(struct pf *pf, enum pf_font_style st, int px, const char *s,
				size_t len)
{
	struct run runs[16];
	size_t n = split_runs(s, len, runs, 16);
	if (n == 1)
		return render_run(run_font(pf, st, px, runs[0].arabic), s, len);
	SDL_Surface *parts[16] = {0};
	int ascent[16] = {0};
	int w = 0, top = 0, bottom = 0;
	for (size_t i = 0; i < n; i++) {
		TTF_Font *f = run_font(pf, st, px, runs[i].arabic);
		parts[i] = f ? render_run(f, s + runs[i].off, runs[i].len) : NULL;
		if (!parts[i])
			continue;
		ascent[i] = TTF_FontAscent(f);
		w += parts[i]->w;
		top = ascent[i] > top ? ascent[i] : top;
	}
	for (size_t i = 0; i < n; i++)
		if (parts[i] && top - ascent[i] + parts[i]->h > bottom)
			bottom = top - ascent[i] + parts[i]->h;
	SDL_Surface *out = w && bottom ? SDL_CreateRGBSurfaceWithFormat(0, w, bottom, 32,
									 SDL_PIXELFORMAT_ARGB8888)
				       : NULL;
	bool rtl = runs[0].arabic;
	int x = rtl ? w : 0;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i])
			continue;
		if (out) {
			if (rtl)
				x -= parts[i]->w;
			SDL_Rect dst = {x, top - ascent[i], parts[i]->w, parts[i]->h};
			SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(parts[i], NULL, out, &dst);
			if (!rtl)
				x += parts[i]->w;
		}
		SDL_FreeSurface(parts[i]);
	}
	return out;
}

/* Frees the least recently drawn line; returns its slot, or NULL if the
 * cache is empty. */
static struct pf_text_entry *evict_one(struct pf *pf)
{
	struct pf_text_entry *lru = NULL;
	for (size_t i = 0; i < PF_TEXT_CACHE; i++)
		if (pf->text[i].tex && (!lru || pf->text[i].used < lru->used))
			lru = &pf->text[i];
	if (lru)
		forget_text(pf, lru);
	return lru;
}

static struct pf_text_entry *cached_line(struct pf *pf, enum pf_font_style st, int px,
					 const char *s, size_t len)
{
	uint64_t key = pf_hash(s, len, (uint64_t)px * 977 + st + 1);
	struct pf_text_entry *free_slot = NULL;
	for (size_t i = 0; i < PF_TEXT_CACHE; i++) {
		struct pf_text_entry *e = &pf->text[i];
		if (e->tex && e->hash == key) {
			e->used = pf->tick;
			return e;
		}
		if (!e->tex && !free_slot)
			free_slot = e;
	}
	SDL_Surface *surf = render_line(pf, st, px, s, len);
	if (!surf)
		return NULL;
	size_t bytes = (size_t)surf->w * surf->h * 4;
	while (pf->text_bytes + bytes > TEXT_CACHE_BYTES) {
		struct pf_text_entry *freed = evict_one(pf);
		if (!freed)
			break;
		free_slot = freed;
	}
	if (!free_slot)
		free_slot = evict_one(pf);
	if (!free_slot) {
		SDL_FreeSurface(surf);
		return NULL;
	}
	SDL_Texture *tex = SDL_CreateTextureFromSurface(pf->renderer, surf);
	int w = surf->w, h = surf->h;
	SDL_FreeSurface(surf);
	if (!tex)
		return NULL;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	*free_slot = (struct pf_text_entry){key, tex, w, h, pf->tick};
	pf->text_bytes += bytes;
	return free_slot;
}

void pf_draw_text(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
		  int x, int y, struct pf_color c)
{
	if (!len)
		return;
	struct pf_text_entry *e = cached_line(pf, st, px, s, len);
	if (!e)
		return;
	SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
	SDL_SetTextureAlphaMod(e->tex, c.a);
	SDL_Rect dst = {x, y, e->w, e->h};
	SDL_RenderCopy(pf->renderer, e->tex, NULL, &dst);
}
