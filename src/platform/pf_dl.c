/*
 * pf_dl.c: the frame's display list, and drawing only what changed.
 *
 * The UI is immediate mode: every frame draws the whole screen again. The
 * software renderer (the kiosk's path without a GPU) pays for each pixel of
 * that, mostly in blended copies. So drawing calls are recorded, not run,
 * and at pf_present the new list is compared with the one on screen, entry
 * by entry: the union of the rectangles of the entries that differ is the
 * damage, and only the entries that touch it run again, clipped to it; only
 * that rectangle goes to the window. A fade redraws its text's box, a frame
 * that changed nothing draws nothing. Comparing by position is exact: a
 * pixel outside every differing entry is covered by the same entries in
 * the same order in both lists.
 *
 * A frame ended but not yet shown when the next begins (the app drew again
 * in the same tick, e.g. a tap switched scenes) is dropped unseen.
 *
 * Textures a list points to are destroyed only after the list has run
 * (pf_tex_destroy); each destruction moves an epoch that entries carry, so a
 * new texture at a freed one's address never compares equal to it.
 */
#include "platform/pf_internal.h"

#include <stdlib.h>
#include <string.h>

static struct pf_cmd *next_cmd(struct pf *pf)
{
	if (pf->probing)
		return NULL;	/* a rehearsal (pf_probe_begin) records nothing */
	struct pf_list *l = &pf->dl[pf->dl_cur];
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct pf_cmd *c = realloc(l->cmd, cap * sizeof *c);
		if (!c) {
			pf->dl_valid = false;	/* this frame is incomplete: redraw all next */
			return NULL;
		}
		l->cmd = c;
		l->cap = cap;
	}
	struct pf_cmd *c = &l->cmd[l->n++];
	memset(c, 0, sizeof *c);	/* entries compare with memcmp, padding too */
	c->has_clip = pf->has_clip;
	if (pf->has_clip)
		c->clip = pf->clip;
	return c;
}

void pf_dl_fill(struct pf *pf, SDL_Rect r, struct pf_color col)
{
	struct pf_cmd *c = next_cmd(pf);
	if (!c)
		return;
	c->dst = r;
	c->c = col;
	/* Opaque fills need no blending: the plain fill is several times faster. */
	c->blend = col.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND;
}

void pf_dl_copy(struct pf *pf, SDL_Texture *t, const SDL_Rect *src, SDL_Rect dst,
		struct pf_color mod)
{
	struct pf_cmd *c = next_cmd(pf);
	if (!c)
		return;
	SDL_BlendMode b = SDL_BLENDMODE_BLEND;
	SDL_GetTextureBlendMode(t, &b);
	c->tex = t;
	c->epoch = pf->tex_epoch;
	if (src)
		c->src = *src;
	c->dst = dst;
	c->c = mod;
	c->blend = (uint8_t)b;
}

void pf_tex_destroy(struct pf *pf, SDL_Texture *t)
{
	if (!t)
		return;
	pf->tex_epoch++;
	if (pf->ngrave == pf->grave_cap) {
		size_t cap = pf->grave_cap ? pf->grave_cap * 2 : 32;
		SDL_Texture **g = realloc(pf->grave, cap * sizeof *g);
		if (!g) {
			/* No room to wait: this frame loses what t drew. */
			struct pf_list *l = &pf->dl[pf->dl_cur];
			for (size_t i = 0; i < l->n; i++)
				if (l->cmd[i].tex == t)
					l->cmd[i] = (struct pf_cmd){0};
			pf->dl_valid = false;
			SDL_DestroyTexture(t);
			return;
		}
		pf->grave = g;
		pf->grave_cap = cap;
	}
	pf->grave[pf->ngrave++] = t;
}

static void bury(struct pf *pf)
{
	for (size_t i = 0; i < pf->ngrave; i++)
		SDL_DestroyTexture(pf->grave[i]);
	pf->ngrave = 0;
}

void pf_dl_begin(struct pf *pf)
{
	if (pf->probing)
		return;
	pf->dl[pf->dl_cur].n = 0;	/* a frame not shown yet is dropped */
	pf->dl_pending = false;
	pf->has_clip = false;
	bury(pf);
}

void pf_dl_end(struct pf *pf)
{
	if (pf->probing)
		return;
	pf->dl_pending = true;
}

void pf_dl_invalidate(struct pf *pf)
{
	pf->dl_valid = false;
}

static SDL_Rect box(const struct pf_cmd *c, SDL_Rect screen)
{
	SDL_Rect r = c->dst, out = {0, 0, 0, 0};
	if (c->has_clip && !SDL_IntersectRect(&r, &c->clip, &r))
		return out;
	SDL_IntersectRect(&r, &screen, &out);
	return out;
}

static void grow(SDL_Rect *d, SDL_Rect r)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	if (d->w <= 0 || d->h <= 0)
		*d = r;
	else
		SDL_UnionRect(d, &r, d);
}

static SDL_Rect damage(const struct pf_list *was, const struct pf_list *now, SDL_Rect screen)
{
	SDL_Rect d = {0, 0, 0, 0};
	size_t n = was->n > now->n ? was->n : now->n;
	for (size_t i = 0; i < n; i++) {
		const struct pf_cmd *a = i < was->n ? &was->cmd[i] : NULL;
		const struct pf_cmd *b = i < now->n ? &now->cmd[i] : NULL;
		if (a && b && !memcmp(a, b, sizeof *a))
			continue;
		if (a)
			grow(&d, box(a, screen));
		if (b)
			grow(&d, box(b, screen));
	}
	return d;
}

static void replay(struct pf *pf, const struct pf_list *l, SDL_Rect d, SDL_Rect screen)
{
	SDL_Renderer *r = pf->renderer;
	for (size_t i = 0; i < l->n; i++) {
		const struct pf_cmd *c = &l->cmd[i];
		SDL_Rect b = box(c, screen), clip;
		if (!SDL_IntersectRect(&b, &d, &clip))
			continue;
		SDL_RenderSetClipRect(r, &clip);
		if (!c->tex) {
			SDL_SetRenderDrawBlendMode(r, (SDL_BlendMode)c->blend);
			SDL_SetRenderDrawColor(r, c->c.r, c->c.g, c->c.b, c->c.a);
			SDL_RenderFillRect(r, &c->dst);
		} else {
			SDL_SetTextureColorMod(c->tex, c->c.r, c->c.g, c->c.b);
			SDL_SetTextureAlphaMod(c->tex, c->c.a);
			SDL_RenderCopy(r, c->tex, c->src.w ? &c->src : NULL, &c->dst);
		}
	}
	SDL_RenderSetClipRect(r, NULL);
}

void pf_present(struct pf *pf)
{
	if (!pf->dl_pending)
		return;
	pf->dl_pending = false;
	const struct pf_list *now = &pf->dl[pf->dl_cur], *was = &pf->dl[!pf->dl_cur];
	SDL_Rect screen = {0, 0, pf->w, pf->h};
	SDL_Rect d = screen;
	pf->stats.shown_px += (uint64_t)pf->w * (uint64_t)pf->h;
	if (pf->dl_valid) {
		d = damage(was, now, screen);
		if (d.w <= 0 || d.h <= 0)
			goto shown;	/* nothing changed: the screen already shows it */
		if (!pf->dl_keeps)
			d = screen;	/* a GPU's back buffer is undefined after a present */
	}
	pf->stats.drawn_px += (uint64_t)d.w * (uint64_t)d.h;
	if (pf->rot_target)
		SDL_SetRenderTarget(pf->renderer, pf->rot_target);
	replay(pf, now, d, screen);
	if (pf->rot_target) {
		SDL_SetRenderTarget(pf->renderer, NULL);
		SDL_Rect dst = {(pf->win_w - pf->w) / 2, (pf->win_h - pf->h) / 2, pf->w, pf->h};
		SDL_RenderCopyEx(pf->renderer, pf->rot_target, NULL, &dst, pf->opts.rotation, NULL,
				 SDL_FLIP_NONE);
		SDL_RenderPresent(pf->renderer);
	} else if (pf->window && pf->dl_keeps && !SDL_RectEquals(&d, &screen)) {
		/* The software renderer draws into the window's surface: send
		 * the X server (or the console) only the rectangle that changed. */
		SDL_RenderFlush(pf->renderer);
		SDL_UpdateWindowSurfaceRects(pf->window, &d, 1);
	} else {
		SDL_RenderPresent(pf->renderer);
	}
shown:
	pf->dl_cur = !pf->dl_cur;
	pf->dl_valid = true;
	bury(pf);
}

void pf_dl_free(struct pf *pf)
{
	bury(pf);
	free(pf->grave);
	pf->grave = NULL;
	pf->grave_cap = 0;
	for (int i = 0; i < 2; i++) {
		free(pf->dl[i].cmd);
		pf->dl[i] = (struct pf_list){0};
	}
}
