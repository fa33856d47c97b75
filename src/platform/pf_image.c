/*
 * pf_image.c: pictures from assets/images, rasterised (SVG) at the size
 * they are shown so they stay sharp on any screen, and cached as textures.
 */
#include "platform/pf_internal.h"

#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pictures kept as textures across screens, so going back to a screen does
 * not rasterise its SVGs again; least recently drawn go first. The budget
 * (README, Performance), in screens' worth of pixels as pictures grow with
 * the screen: 3/2 of a screen, 6 MB at 1280x800, where every visitor
 * screen's pictures come to about 3.6 MB. */
#define IMAGE_CACHE_SCREENS_X4 6

static bool is_svg(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && SDL_strcasecmp(path + n - 4, ".svg") == 0;
}

static void full_path(const char *dir, const char *path, char *out, size_t n)
{
	snprintf(out, n, "%s/images/%s", dir, path);
}

/* Loads a picture fitted inside box_w x box_h, keeping its shape. An SVG is
 * rasterised once, at that size (SDL_image keeps the aspect ratio itself);
 * other pictures load as they are and are scaled when drawn. */
static SDL_Surface *load_fitted(const char *file, int box_w, int box_h)
{
	if (!is_svg(file))
		return IMG_Load(file);
	SDL_RWops *rw = SDL_RWFromFile(file, "rb");
	if (!rw)
		return NULL;
	SDL_Surface *out = IMG_LoadSizedSVG_RW(rw, box_w, box_h);	/* does not close rw */
	SDL_RWclose(rw);
	return out;
}

static void forget(struct pf *pf, struct pf_image_entry *e)
{
	if (e->tex) {
		pf->image_bytes -= (size_t)e->tw * e->th * 4;
		pf_tex_destroy(pf, e->tex);
	}
	free(e->path);
	memset(e, 0, sizeof *e);
}

void pf_image_free(struct pf *pf)
{
	for (size_t i = 0; i < PF_IMAGE_CACHE; i++)
		forget(pf, &pf->images[i]);
}

/* Frees the least recently drawn picture other than keep; false if none. */
static bool evict_lru(struct pf *pf, const struct pf_image_entry *keep)
{
	struct pf_image_entry *lru = NULL;
	for (size_t i = 0; i < PF_IMAGE_CACHE; i++) {
		struct pf_image_entry *e = &pf->images[i];
		if (e != keep && e->tex && (!lru || e->used < lru->used))
			lru = e;
	}
	if (lru)
		forget(pf, lru);
	return lru != NULL;
}

static struct pf_image_entry *find(struct pf *pf, const char *path, int w, int h)
{
	for (size_t i = 0; i < PF_IMAGE_CACHE; i++) {
		struct pf_image_entry *e = &pf->images[i];
		if (e->path && e->w == w && e->h == h && strcmp(e->path, path) == 0)
			return e;
	}
	return NULL;
}

/* Puts s (freed here) in the cache as path at w x h, in a free slot or the
 * least recently drawn one's. */
static struct pf_image_entry *keep(struct pf *pf, const char *path, int w, int h, SDL_Surface *s)
{
	struct pf_image_entry *slot = NULL;
	for (size_t i = 0; i < PF_IMAGE_CACHE; i++) {
		struct pf_image_entry *e = &pf->images[i];
		if (!slot || (slot->path && (!e->path || e->used < slot->used)))
			slot = e;
	}
	forget(pf, slot);
	size_t bytes = (size_t)s->w * s->h * 4;
	size_t budget = (size_t)pf->w * pf->h * IMAGE_CACHE_SCREENS_X4;
	while (pf->image_bytes + bytes > budget && evict_lru(pf, slot))
		;
	slot->tex = SDL_CreateTextureFromSurface(pf->renderer, s);
	slot->tw = s->w;
	slot->th = s->h;
	SDL_FreeSurface(s);
	slot->path = slot->tex ? strdup(path) : NULL;
	if (!slot->path) {
		forget(pf, slot);
		return NULL;
	}
	pf->image_bytes += bytes;
	SDL_SetTextureBlendMode(slot->tex, SDL_BLENDMODE_BLEND);
	slot->w = w;
	slot->h = h;
	slot->used = pf->tick;
	return slot;
}

static SDL_Surface *load(const char *asset_dir, const char *path, int w, int h)
{
	char file[1024];
	full_path(asset_dir, path, file, sizeof file);
	return load_fitted(file, w, h);
}

static struct pf_image_entry *lookup(struct pf *pf, const char *path, int w, int h)
{
	struct pf_image_entry *e = find(pf, path, w, h);
	if (e) {
		e->used = pf->tick;
		return e;
	}
	SDL_Surface *s = load(pf->asset_dir, path, w, h);
	return s ? keep(pf, path, w, h, s) : NULL;
}

/* Rehearsing: notes a picture not in the cache, once. */
static void want(struct pf *pf, const char *path, int w, int h)
{
	if (find(pf, path, w, h) || strlen(path) >= sizeof pf->wants[0].path)
		return;
	for (size_t i = 0; i < pf->nwants; i++)
		if (pf->wants[i].w == w && pf->wants[i].h == h && !strcmp(pf->wants[i].path, path))
			return;
	if (pf->nwants == PF_PROBE_WANTS)
		return;
	struct pf_picture_want *x = &pf->wants[pf->nwants++];
	snprintf(x->path, sizeof x->path, "%s", path);
	x->w = w;
	x->h = h;
}

void pf_probe_begin(struct pf *pf)
{
	pf->probing = true;
	pf->nwants = 0;
	pf->probe_para_ltr = pf->para_ltr;
}

size_t pf_probe_end(struct pf *pf, struct pf_picture_want *out, size_t max)
{
	pf->probing = false;
	pf->has_clip = false;
	pf->para_ltr = pf->probe_para_ltr;
	size_t n = pf->nwants < max ? pf->nwants : max;
	memcpy(out, pf->wants, n * sizeof *out);
	pf->nwants = 0;
	return n;
}

bool pf_probing(const struct pf *pf)
{
	return pf->probing;
}

const char *pf_asset_dir(const struct pf *pf)
{
	return pf->asset_dir;
}

struct pf_pixels *pf_picture_load(const char *asset_dir, const struct pf_picture_want *w)
{
	return (struct pf_pixels *)load(asset_dir, w->path, w->w, w->h);
}

void pf_picture_adopt(struct pf *pf, const struct pf_picture_want *w, struct pf_pixels *px)
{
	if (!px)
		return;
	if (find(pf, w->path, w->w, w->h))
		SDL_FreeSurface((SDL_Surface *)px);	/* drawn meanwhile */
	else
		keep(pf, w->path, w->w, w->h, (SDL_Surface *)px);
}

void pf_pixels_free(struct pf_pixels *px)
{
	SDL_FreeSurface((SDL_Surface *)px);
}

bool pf_draw_image(struct pf *pf, const char *path, struct pf_rect r, uint8_t alpha)
{
	if (!path || !*path || r.w <= 0 || r.h <= 0)
		return false;
	if (pf->probing) {
		want(pf, path, r.w, r.h);
		return true;
	}
	struct pf_image_entry *e = lookup(pf, path, r.w, r.h);
	if (!e)
		return false;
	double sx = (double)r.w / e->tw, sy = (double)r.h / e->th;
	double s = sx < sy ? sx : sy;
	int w = (int)(e->tw * s + 0.5), h = (int)(e->th * s + 0.5);
	SDL_Rect dst = {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
	pf_dl_copy(pf, e->tex, NULL, dst, (struct pf_color){255, 255, 255, alpha});
	return true;
}

bool pf_image_file_ok(const char *asset_dir, const char *path)
{
	char file[1024];
	full_path(asset_dir, path, file, sizeof file);
	SDL_Surface *s = IMG_Load(file);
	if (!s)
		return false;
	SDL_FreeSurface(s);
	return true;
}
