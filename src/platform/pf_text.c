/*
 * pf_text.c: fonts, text measuring and a cache of rendered lines.
 *
 * A line is cut into bidi runs in visual order (pf_bidi.c, FriBidi); each
 * run is shaped by SDL_ttf's HarfBuzz in its direction and font, and the
 * runs are blitted side by side on one baseline. Noto Sans draws Latin,
 * Greek, Cyrillic, digits and symbols; the language's font (the text
 * style, e.g. Noto Nastaliq Urdu) draws its script, and without one Noto
 * Sans Arabic draws Arabic names in any language.
 */
#include "platform/pf_bidi.h"
#include "platform/pf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The rendered lines' budget (README, Performance), in screens' worth of
 * pixels, as the lines grow with the screen: 5/4 of a screen, 5 MB at
 * 1280x800, where a walk through every visitor screen in English keeps
 * about 4.6 MB of lines, so going back to any of them draws nothing new.
 * Past it the least recently drawn go. */
#define TEXT_CACHE_SCREENS_X4 5
#define MAX_RUNS 48

static const char *const font_files[PF_FONT_STYLE_COUNT] = {
	"NotoSans-Regular.ttf",
	"NotoSans-Bold.ttf",
};
static const char arabic_file[] = "NotoSansArabic-Regular.ttf";
static const char system_fonts[] = "/usr/share/fonts/truetype/noto";

bool pf_font_path(const char *asset_dir, const char *name, char *out, size_t n)
{
	struct stat sb;
	if (!name || !*name || strchr(name, '/'))
		return false;
	const char *dirs[2] = {NULL, system_fonts};
	char fonts[1024];
	if (asset_dir) {
		snprintf(fonts, sizeof fonts, "%s/fonts", asset_dir);
		dirs[0] = fonts;
	}
	for (int i = 0; i < 2; i++) {
		if (!dirs[i])
			continue;
		if ((size_t)snprintf(out, n, "%s/%s", dirs[i], name) >= n)
			continue;
		if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode))
			return true;
	}
	return false;
}

/* Maps the font file rather than reading it into memory: FreeType touches
 * only the tables and glyphs it draws, and those pages are the page
 * cache's, shared with every other program using the font (1.3 MB of heap
 * saved for Noto Sans and Noto Sans Arabic alone). */
static bool load_font(const char *dir, const char *name, struct pf_font_file *f)
{
	char path[1200];
	if (!pf_font_path(dir, name, path, sizeof path))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat sb;
	void *data = MAP_FAILED;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0)
		data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return false;
	f->data = data;
	f->len = (size_t)sb.st_size;
	return true;
}

static void free_font(struct pf_font_file *f)
{
	if (f->data)
		munmap(f->data, f->len);
	*f = (struct pf_font_file){0};
}

bool pf_text_init(struct pf *pf, char *err, size_t errlen)
{
	for (int i = 0; i < PF_FONT_STYLE_COUNT; i++)
		if (!load_font(pf->asset_dir, font_files[i], &pf->base[i])) {
			snprintf(err, errlen, "cannot read font %s/fonts/%s", pf->asset_dir,
				 font_files[i]);
			return false;
		}
	/* Optional: without it Arabic names show as boxes, nothing worse. */
	load_font(pf->asset_dir, arabic_file, &pf->arabic);
	return true;
}

static void forget_text(struct pf *pf, struct pf_text_entry *e)
{
	if (e->tex) {
		pf->text_bytes -= (size_t)e->w * e->h * 4;
		pf_tex_destroy(pf, e->tex);
	}
	memset(e, 0, sizeof *e);
}

void pf_forget_text(struct pf *pf)
{
	for (size_t i = 0; i < PF_TEXT_CACHE; i++)
		forget_text(pf, &pf->text[i]);
	memset(pf->widths, 0, sizeof pf->widths);
}

/* Closes every opened size (they read the font files' bytes). */
static void close_sizes(struct pf *pf)
{
	for (size_t i = 0; i < pf->nfonts; i++) {
		struct pf_font_slot *s = &pf->fonts[i];
		for (int k = 0; k < PF_FONT_STYLE_COUNT; k++) {
			if (s->font[k])
				TTF_CloseFont(s->font[k]);
			if (s->script[k])
				TTF_CloseFont(s->script[k]);
		}
	}
	memset(pf->fonts, 0, sizeof pf->fonts);
	pf->nfonts = 0;
}

void pf_text_free(struct pf *pf)
{
	pf_forget_text(pf);
	close_sizes(pf);
	for (int s = 0; s < PF_FONT_STYLE_COUNT; s++) {
		free_font(&pf->base[s]);
		free_font(&pf->lang[s]);
	}
	free_font(&pf->arabic);
}

bool pf_text_set_style(struct pf *pf, const struct pf_text_style *st, char *err, size_t errlen)
{
	pf_forget_text(pf);
	close_sizes(pf);
	for (int s = 0; s < PF_FONT_STYLE_COUNT; s++)
		free_font(&pf->lang[s]);
	const struct pf_text_style none = {0};
	if (!st)
		st = &none;
	pf->rtl = st->rtl;
	snprintf(pf->script, sizeof pf->script, "%s", st->script ? st->script : "");
	pf->line_mult = st->line_height > 0 ? st->line_height : 0;
	bool ok = true;
	const char *names[PF_FONT_STYLE_COUNT] = {st->font_regular, st->font_bold};
	for (int s = 0; s < PF_FONT_STYLE_COUNT; s++)
		if (names[s] && !load_font(pf->asset_dir, names[s], &pf->lang[s])) {
			if (ok && err)
				snprintf(err, errlen,
					 "font %s not found in %s/fonts or %s (Noto Sans is used "
					 "instead)",
					 names[s], pf->asset_dir, system_fonts);
			ok = false;
		}
	return ok;
}

static TTF_Font *open_size(const struct pf_font_file *f, int px)
{
	if (!f->data)
		return NULL;
	TTF_Font *t = TTF_OpenFontRW(SDL_RWFromConstMem(f->data, (int)f->len), 1, px);
	if (t)
		TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
	return t;
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
	*s = (struct pf_font_slot){.px = px};
	for (int i = 0; i < PF_FONT_STYLE_COUNT; i++) {
		s->font[i] = open_size(&pf->base[i], px);
		s->script[i] = open_size(&pf->lang[i], px);
	}
	/* No language font: Arabic names still join and read right to left. */
	if (!s->script[0])
		s->script[0] = open_size(&pf->arabic, px);
	if (!s->font[0]) {
		for (int i = 0; i < PF_FONT_STYLE_COUNT; i++)
			if (s->script[i])
				TTF_CloseFont(s->script[i]);
		return pf->nfonts ? &pf->fonts[0] : NULL;
	}
	pf->nfonts++;
	return s;
}

static TTF_Font *pick(TTF_Font *const f[PF_FONT_STYLE_COUNT], enum pf_font_style st)
{
	return f[st] ? f[st] : f[0];
}

static bool script_covers(void *ctx, uint32_t c)
{
	return ctx && TTF_GlyphIsProvided32(ctx, c);
}

/* The line's runs in visual order and the font each is drawn in.
 * Returns the count. */
static size_t line_runs(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
			struct pf_run *runs, TTF_Font **fonts)
{
	struct pf_font_slot *slot = slot_for(pf, px);
	if (!slot)
		return 0;
	TTF_Font *script = pick(slot->script, st);
	size_t n = pf_bidi_runs(s, len, pf->rtl && !pf->para_ltr, script_covers, script, runs,
				MAX_RUNS);
	for (size_t i = 0; i < n; i++) {
		fonts[i] = runs[i].script && script ? script : pick(slot->font, st);
		runs[i].script = fonts[i] == script;
	}
	return n;
}

/* Sets a run's direction and script on its font just before it is shaped
 * (one font may serve runs of both directions in a line). */
static void shape_as(const struct pf *pf, TTF_Font *f, const struct pf_run *r)
{
	TTF_SetFontDirection(f, r->level & 1 ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(f, !r->script ? "Latn" : pf->script[0] ? pf->script : "Arab");
}

/* SDL_ttf wants a terminated string. */
static const char *terminated(char *buf, size_t size, const char *s, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

void pf_text_paragraph(struct pf *pf, const char *s, size_t len)
{
	pf->para_ltr = s && pf->rtl && !pf_bidi_has_rtl(s, len);
}

int pf_text_width(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len)
{
	if (!len)
		return 0;
	uint64_t key = pf_hash(s, len, (uint64_t)px * 131 + st + 2 * pf->para_ltr);
	struct pf_width_entry *e = &pf->widths[key % PF_WIDTH_CACHE];
	if (e->hash == key && key)
		return e->width;
	struct pf_run runs[MAX_RUNS];
	TTF_Font *fonts[MAX_RUNS];
	size_t n = line_runs(pf, st, px, s, len, runs, fonts);
	int w = 0;
	char buf[1024];
	for (size_t i = 0; i < n; i++) {
		int rw = 0, rh = 0;
		shape_as(pf, fonts[i], &runs[i]);
		if (TTF_SizeUTF8(fonts[i], terminated(buf, sizeof buf, s + runs[i].off, runs[i].len),
				 &rw, &rh) == 0)
			w += rw;
	}
	e->hash = key;
	e->width = w;
	return w;
}

/* The line box. With a style's line height (a multiple of the font size,
 * as language.json gives it), that, but never less than Noto Sans needs;
 * else the taller of Noto Sans and the language's font. *ascent gets
 * where the baseline sits: the language font's share of its own height
 * (Nastaliq's tall ascent), at least Noto Sans's ascent. */
static int line_box(struct pf *pf, enum pf_font_style st, int px, int *ascent)
{
	struct pf_font_slot *slot = slot_for(pf, px);
	if (!slot) {
		*ascent = px;
		return px;
	}
	TTF_Font *f = pick(slot->font, st), *l = pf->lang[0].data ? pick(slot->script, st) : NULL;
	int asc = TTF_FontAscent(f), desc = -TTF_FontDescent(f);
	int h = SDL_max(TTF_FontLineSkip(f), asc + desc);
	if (pf->line_mult > 0)
		h = SDL_max(h, (int)(px * pf->line_mult + 0.5f));
	else if (l)
		h = SDL_max(h, TTF_FontLineSkip(l));
	*ascent = asc + (h - asc - desc) / 2;
	if (l) {
		int la = TTF_FontAscent(l), ld = -TTF_FontDescent(l);
		*ascent = SDL_max(asc, h * la / SDL_max(la + ld, 1));
		*ascent = SDL_min(*ascent, h - desc / 2);
	}
	return h;
}

int pf_line_height(struct pf *pf, enum pf_font_style st, int px)
{
	int asc;
	return line_box(pf, st, px, &asc);
}

/* Renders a line as white text (tinted when drawn): its runs side by side
 * in visual order on one baseline, *ascent below the surface's top. */
static SDL_Surface *render_line(struct pf *pf, enum pf_font_style st, int px, const char *s,
				size_t len, int *ascent)
{
	struct pf_run runs[MAX_RUNS];
	TTF_Font *fonts[MAX_RUNS];
	size_t n = line_runs(pf, st, px, s, len, runs, fonts);
	SDL_Surface *parts[MAX_RUNS] = {0};
	int asc[MAX_RUNS] = {0};
	int w = 0, top = 0, bottom = 0;
	const SDL_Color white = {255, 255, 255, 255};
	char buf[1024];
	for (size_t i = 0; i < n; i++) {
		shape_as(pf, fonts[i], &runs[i]);
		parts[i] = TTF_RenderUTF8_Blended(
			fonts[i], terminated(buf, sizeof buf, s + runs[i].off, runs[i].len), white);
		if (!parts[i])
			continue;
		asc[i] = TTF_FontAscent(fonts[i]);
		w += parts[i]->w;
		top = SDL_max(top, asc[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (parts[i])
			bottom = SDL_max(bottom, top - asc[i] + parts[i]->h);
	SDL_Surface *out = NULL;
	if (n == 1 && parts[0]) {
		out = parts[0];
		parts[0] = NULL;
	} else if (w && bottom) {
		out = SDL_CreateRGBSurfaceWithFormat(0, w, bottom, 32, SDL_PIXELFORMAT_ARGB8888);
	}
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i])
			continue;
		if (out) {
			SDL_Rect dst = {x, top - asc[i], parts[i]->w, parts[i]->h};
			SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
			SDL_BlitSurface(parts[i], NULL, out, &dst);
		}
		x += parts[i]->w;
		SDL_FreeSurface(parts[i]);
	}
	*ascent = top;
	return out;
}

/* The first and last rows of surf (ARGB8888) with visible ink. */
static void ink_rows(SDL_Surface *surf, int *top, int *bottom)
{
	*top = 0;
	*bottom = -1;
	if (surf->format->format != SDL_PIXELFORMAT_ARGB8888 || SDL_LockSurface(surf) != 0)
		return;
	bool seen = false;
	for (int y = 0; y < surf->h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)surf->pixels + y * surf->pitch);
		for (int x = 0; x < surf->w; x++)
			if ((row[x] >> 24) > 0x40) {
				if (!seen)
					*top = y;
				seen = true;
				*bottom = y;
				break;
			}
	}
	SDL_UnlockSurface(surf);
}

/* The rows of surf (ARGB8888) that are not wholly transparent, as *y0 and
 * a count (at least one row, so every line has a texture). A line box is
 * the font's full height, ascent to descent, and most lines' ink fills a
 * little over half of it: the empty rows above and below draw nothing
 * (blending alpha 0 leaves the screen as it is), so the cache keeps the
 * rest only. */
static int drawn_rows(SDL_Surface *surf, int *y0)
{
	*y0 = 0;
	if (surf->format->format != SDL_PIXELFORMAT_ARGB8888 || SDL_LockSurface(surf) != 0)
		return surf->h;
	int top = -1, bottom = -1;
	for (int y = 0; y < surf->h; y++) {
		const uint32_t *row = (const uint32_t *)((const uint8_t *)surf->pixels + y * surf->pitch);
		for (int x = 0; x < surf->w; x++)
			if (row[x] >> 24) {
				if (top < 0)
					top = y;
				bottom = y;
				break;
			}
	}
	SDL_UnlockSurface(surf);
	if (top < 0)
		return 1;
	*y0 = top;
	return bottom - top + 1;
}

/* surf's rows y0..y0+h-1 as a texture. */
static SDL_Texture *rows_texture(struct pf *pf, SDL_Surface *surf, int y0, int h)
{
	if (y0 == 0 && h == surf->h)
		return SDL_CreateTextureFromSurface(pf->renderer, surf);
	SDL_Surface *part = SDL_CreateRGBSurfaceWithFormatFrom(
		(uint8_t *)surf->pixels + (size_t)y0 * surf->pitch, surf->w, h, 32, surf->pitch,
		surf->format->format);
	SDL_Texture *t = part ? SDL_CreateTextureFromSurface(pf->renderer, part) : NULL;
	SDL_FreeSurface(part);
	return t;
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
	uint64_t key = pf_hash(s, len, (uint64_t)px * 977 + st + 1 + 2 * pf->para_ltr);
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
	int ascent = 0;
	SDL_Surface *surf = render_line(pf, st, px, s, len, &ascent);
	if (!surf)
		return NULL;
	int y0, rows = drawn_rows(surf, &y0);
	size_t bytes = (size_t)surf->w * rows * 4;
	size_t budget = (size_t)pf->w * pf->h * TEXT_CACHE_SCREENS_X4;
	while (pf->text_bytes + bytes > budget) {
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
	int ink_top, ink_bottom;
	ink_rows(surf, &ink_top, &ink_bottom);
	SDL_Texture *tex = rows_texture(pf, surf, y0, rows);
	int w = surf->w;
	SDL_FreeSurface(surf);
	if (!tex)
		return NULL;
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	bool script = pf->lang[0].data && pf_bidi_has_rtl(s, len);
	*free_slot = (struct pf_text_entry){.hash = key,
					    .tex = tex,
					    .w = w,
					    .h = rows,
					    .y0 = y0,
					    .ascent = ascent,
					    .ink_top = ink_top,
					    .ink_bottom = ink_bottom,
					    .script = script,
					    .used = pf->tick};
	pf->text_bytes += bytes;
	return free_slot;
}

bool pf_text_script_ink(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
			int *top, int *bottom)
{
	struct pf_text_entry *e = len ? cached_line(pf, st, px, s, len) : NULL;
	if (!e || !e->script || e->ink_bottom < e->ink_top)
		return false;
	int asc;
	line_box(pf, st, px, &asc);
	*top = asc - e->ascent + e->ink_top;
	*bottom = asc - e->ascent + e->ink_bottom;
	return true;
}

void pf_draw_text(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
		  int x, int y, struct pf_color c)
{
	if (!len)
		return;
	/* Rehearsing, the line is rendered into the cache (on the UI thread,
	 * where the fonts are) for the screen's first visit, not recorded. */
	struct pf_text_entry *e = cached_line(pf, st, px, s, len);
	if (!e || pf->probing)
		return;
	/* Every line's baseline at the same depth in its line box, whichever
	 * fonts the line happens to use. */
	int asc;
	line_box(pf, st, px, &asc);
	pf_dl_copy(pf, e->tex, NULL, (SDL_Rect){x, y + asc - e->ascent + e->y0, e->w, e->h}, c);
}
