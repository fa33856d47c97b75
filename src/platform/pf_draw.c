/*
 * pf_draw.c: rectangles, rounded rectangles and circles with smooth edges.
 *
 * The renderer has no curves, so each corner radius is drawn once into a
 * small white anti-aliased texture and tinted at draw time.
 */
#include "platform/pf_internal.h"

#include <math.h>
#include <string.h>

static float coverage(float v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* A white disc (width 0) or ring of the given radius, alpha = coverage. */
static SDL_Texture *make_disc(struct pf *pf, int radius, int width)
{
	int d = radius * 2;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	for (int y = 0; y < d; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
		for (int x = 0; x < d; x++) {
			float dx = x + 0.5f - radius, dy = y + 0.5f - radius;
			float dist = sqrtf(dx * dx + dy * dy);
			float a = coverage(radius - dist + 0.5f);
			if (width > 0)
				a *= coverage(dist - (radius - width) + 0.5f);
			row[x] = ((Uint32)(a * 255 + 0.5f) << 24) | 0xFFFFFF;
		}
	}
	SDL_Texture *t = SDL_CreateTextureFromSurface(pf->renderer, s);
	SDL_FreeSurface(s);
	if (t)
		SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	return t;
}

static SDL_Texture *disc(struct pf *pf, int radius, int width)
{
	struct pf_corner *slot = &pf->corners[0];
	for (size_t i = 0; i < PF_CORNER_CACHE; i++) {
		struct pf_corner *c = &pf->corners[i];
		if (c->tex && c->radius == radius && c->width == width)
			return c->tex;
		if (!c->tex)
			slot = c;
	}
	pf_tex_destroy(pf, slot->tex);
	slot->radius = radius;
	slot->width = width;
	slot->tex = make_disc(pf, radius, width);
	return slot->tex;
}

void pf_draw_free(struct pf *pf)
{
	for (size_t i = 0; i < PF_CORNER_CACHE; i++)
		pf_tex_destroy(pf, pf->corners[i].tex);
	memset(pf->corners, 0, sizeof pf->corners);
}

void pf_fill_rect(struct pf *pf, struct pf_rect r, struct pf_color c)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	pf_dl_fill(pf, (SDL_Rect){r.x, r.y, r.w, r.h}, c);
}

static void corners(struct pf *pf, SDL_Texture *t, struct pf_rect r, int rad, struct pf_color c)
{
	SDL_Rect src[4] = {{0, 0, rad, rad}, {rad, 0, rad, rad}, {0, rad, rad, rad}, {rad, rad, rad, rad}};
	SDL_Rect dst[4] = {{r.x, r.y, rad, rad},
			   {r.x + r.w - rad, r.y, rad, rad},
			   {r.x, r.y + r.h - rad, rad, rad},
			   {r.x + r.w - rad, r.y + r.h - rad, rad, rad}};
	for (int i = 0; i < 4; i++)
		pf_dl_copy(pf, t, &src[i], dst[i], c);
}

static int clamp_radius(struct pf_rect r, int radius)
{
	int max = (r.w < r.h ? r.w : r.h) / 2;
	return radius > max ? max : radius < 0 ? 0 : radius;
}

void pf_fill_round_rect(struct pf *pf, struct pf_rect r, int radius, struct pf_color c)
{
	radius = clamp_radius(r, radius);
	SDL_Texture *t = radius ? disc(pf, radius, 0) : NULL;
	if (!t) {
		pf_fill_rect(pf, r, c);
		return;
	}
	corners(pf, t, r, radius, c);
	pf_fill_rect(pf, (struct pf_rect){r.x + radius, r.y, r.w - 2 * radius, radius}, c);
	pf_fill_rect(pf, (struct pf_rect){r.x, r.y + radius, r.w, r.h - 2 * radius}, c);
	pf_fill_rect(pf, (struct pf_rect){r.x + radius, r.y + r.h - radius, r.w - 2 * radius, radius},
		     c);
}

void pf_stroke_round_rect(struct pf *pf, struct pf_rect r, int radius, int width,
			  struct pf_color c)
{
	radius = clamp_radius(r, radius);
	if (radius < width)
		radius = width;
	SDL_Texture *t = disc(pf, radius, width);
	if (t)
		corners(pf, t, r, radius, c);
	pf_fill_rect(pf, (struct pf_rect){r.x + radius, r.y, r.w - 2 * radius, width}, c);
	pf_fill_rect(pf, (struct pf_rect){r.x + radius, r.y + r.h - width, r.w - 2 * radius, width}, c);
	pf_fill_rect(pf, (struct pf_rect){r.x, r.y + radius, width, r.h - 2 * radius}, c);
	pf_fill_rect(pf, (struct pf_rect){r.x + r.w - width, r.y + radius, width, r.h - 2 * radius}, c);
}

void pf_fill_circle(struct pf *pf, int cx, int cy, int radius, struct pf_color c)
{
	SDL_Texture *t = radius > 0 ? disc(pf, radius, 0) : NULL;
	if (!t)
		return;
	pf_dl_copy(pf, t, NULL, (SDL_Rect){cx - radius, cy - radius, radius * 2, radius * 2}, c);
}

void pf_draw_matrix(struct pf *pf, const unsigned char *dark, int size, int x, int y, int module,
		    struct pf_color on)
{
	for (int row = 0; row < size; row++) {
		/* One rectangle per horizontal run of dark modules. */
		int col = 0;
		while (col < size) {
			if (!dark[row * size + col]) {
				col++;
				continue;
			}
			int start = col;
			while (col < size && dark[row * size + col])
				col++;
			pf_dl_fill(pf, (SDL_Rect){x + start * module, y + row * module,
					      (col - start) * module, module}, on);
		}
	}
}
