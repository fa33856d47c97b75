/* Shared by the platform's own files; nothing outside src/platform sees it. */
#ifndef KIOSK_PF_INTERNAL_H
#define KIOSK_PF_INTERNAL_H

#include "platform/platform.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdatomic.h>

#define PF_FONT_SIZES 24
#define PF_TEXT_CACHE 384
#define PF_WIDTH_CACHE 2048
#define PF_IMAGE_CACHE 48
#define PF_CORNER_CACHE 24
#define PF_PROBE_WANTS 16
#define PF_STATS_FRAMES 4096
#define PF_STATS_TAPS 1024

/* One size of every font in use. script: the language's font (the text
 * style), or Noto Sans Arabic when the style names none. */
struct pf_font_slot {
	int px;
	TTF_Font *font[PF_FONT_STYLE_COUNT];
	TTF_Font *script[PF_FONT_STYLE_COUNT];
};

/* A font file's bytes, kept once; every size opens over them. */
struct pf_font_file {
	void *data;
	size_t len;
};

struct pf_text_entry {
	uint64_t hash;
	SDL_Texture *tex;
	int w, h; /* the texture: the rendered line's rows from y0 that have ink */
	int y0;	  /* rows of nothing above it, cropped off */
	int ascent; /* the baseline, from the line's top (above y0) */
	int ink_top, ink_bottom; /* rows with ink (ink_bottom < ink_top: none) */
	bool script; /* has right-to-left letters drawn in the script font */
	uint32_t used;
};

struct pf_width_entry {
	uint64_t hash;
	int width;
};

struct pf_image_entry {
	char *path;
	int w, h;		/* size asked for (the box it fits) */
	int tw, th;		/* size of the texture */
	SDL_Texture *tex;
	uint32_t used;
};

struct pf_corner {
	int radius, width;	/* width 0: a filled disc */
	SDL_Texture *tex;
};

/* Frame statistics (pf_stats.c). */
struct pf_stats {
	uint32_t frame[PF_STATS_FRAMES], cold[PF_STATS_TAPS], warm[PF_STATS_TAPS]; /* us */
	size_t nframe, ncold, nwarm;
	uint64_t input_us;	/* the last input, not yet answered by a new screen */
	uint64_t visited;	/* screens shown before, one bit each */
	uint64_t drawn_px, shown_px;	/* pixels drawn again / in the frames shown */
	bool changing, change_cold;
};

/* One drawing call, recorded (pf_dl.c). A fill when tex is NULL. */
struct pf_cmd {
	SDL_Texture *tex;
	uint32_t epoch;		/* pf->tex_epoch when recorded */
	SDL_Rect dst, src;	/* src.w 0: the whole texture */
	SDL_Rect clip;		/* when has_clip */
	struct pf_color c;	/* fill colour, or a copy's colour and alpha mod */
	uint8_t blend;		/* SDL_BlendMode */
	uint8_t has_clip;
};

struct pf_list {
	struct pf_cmd *cmd;
	size_t n, cap;
};

struct pf {
	struct pf_opts opts;
	char *asset_dir;
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Surface *surface;		/* headless target */
	SDL_Texture *rot_target;	/* when rotated: draw here, then turn */
	int win_w, win_h;		/* physical */
	int w, h;			/* logical */
	uint64_t virt_ms;
	int64_t wall_start_ms;
	uint32_t wake_event;
	atomic_bool woken;		/* pf_wake since the last pf_take_wake */
	uint32_t tick;

	struct pf_font_slot fonts[PF_FONT_SIZES];
	size_t nfonts;
	struct pf_font_file base[PF_FONT_STYLE_COUNT]; /* Noto Sans */
	struct pf_font_file lang[PF_FONT_STYLE_COUNT]; /* the text style's */
	struct pf_font_file arabic; /* Noto Sans Arabic, without a style font */
	/* The text style (pf_text_set_style). */
	bool rtl;
	bool para_ltr; /* this paragraph has no right-to-left letter (pf_text_paragraph) */
	char script[8];
	float line_mult;
	size_t text_bytes;
	size_t image_bytes;
	struct pf_text_entry text[PF_TEXT_CACHE];
	struct pf_width_entry widths[PF_WIDTH_CACHE];
	struct pf_image_entry images[PF_IMAGE_CACHE];
	struct pf_corner corners[PF_CORNER_CACHE];
	struct pf_stats stats;
	/* Rehearsing a screen (pf_probe_begin): nothing is drawn or recorded,
	 * and the pictures it would rasterise are noted in wants. */
	bool probing, probe_para_ltr;
	struct pf_picture_want wants[PF_PROBE_WANTS];
	size_t nwants;

	/* The display list (pf_dl.c): dl[dl_cur] records, the other is on
	 * screen (when dl_valid). dl_keeps: the target keeps its pixels
	 * between presents (the software renderer), so damage alone is drawn. */
	struct pf_list dl[2];
	int dl_cur;
	bool dl_pending, dl_valid, dl_keeps;
	bool has_clip;
	SDL_Rect clip;
	uint32_t tex_epoch;
	SDL_Texture **grave;	/* destroyed after the list that uses them runs */
	size_t ngrave, grave_cap;
};

/* pf_text.c */
bool pf_text_init(struct pf *pf, char *err, size_t errlen);
void pf_text_free(struct pf *pf);
/* pf_image.c */
void pf_image_free(struct pf *pf);
/* pf_draw.c */
void pf_draw_free(struct pf *pf);

/* pf_dl.c: every drawing goes through these; textures a cache drops go
 * to pf_tex_destroy, never straight to SDL_DestroyTexture. */
void pf_dl_begin(struct pf *pf);
void pf_dl_end(struct pf *pf);
void pf_dl_invalidate(struct pf *pf);	/* the screen lost its pixels */
void pf_dl_fill(struct pf *pf, SDL_Rect r, struct pf_color c);
void pf_dl_copy(struct pf *pf, SDL_Texture *t, const SDL_Rect *src, SDL_Rect dst,
		struct pf_color mod);
void pf_tex_destroy(struct pf *pf, SDL_Texture *t);
void pf_dl_free(struct pf *pf);

uint64_t pf_hash(const void *data, size_t len, uint64_t seed);

#endif
