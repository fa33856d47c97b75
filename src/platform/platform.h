/*
 * platform: the only part of carekiosk that includes SDL.
 *
 * It owns the window (or, headless, an off-screen surface), the renderer,
 * the clock (real, or virtual under test), input translated into pf_event,
 * fonts with a cache of rendered text, images (SVG rasterised at the size
 * asked for) and screenshots. Everything above it sees only the types here.
 *
 * Threads: every function is for the UI thread only, except pf_wake().
 */
#ifndef KIOSK_PLATFORM_H
#define KIOSK_PLATFORM_H

#ifdef KIOSK_SCENE
#error "scenes draw with src/ui and reach time and wake-ups through the app (app.h), never the platform"
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pf;

struct pf_color {
	uint8_t r, g, b, a;
};

struct pf_rect {
	int x, y, w, h;
};

enum pf_event_type {
	PF_EV_NONE,
	PF_EV_QUIT,
	PF_EV_DOWN,	/* pointer (finger or mouse) pressed at x,y */
	PF_EV_MOVE,	/* pointer moved to x,y while pressed */
	PF_EV_UP,	/* pointer released at x,y */
	PF_EV_KEY,	/* key pressed: key, shift */
	PF_EV_TEXT,	/* text typed: text (UTF-8) */
	PF_EV_WAKE,	/* another thread called pf_wake() */
	PF_EV_EXPOSE,	/* the window needs drawing again */
};

enum pf_key {
	PF_KEY_NONE,
	PF_KEY_RETURN,
	PF_KEY_BACKSPACE,
	PF_KEY_DELETE,
	PF_KEY_ESCAPE,
	PF_KEY_TAB,
	PF_KEY_LEFT,
	PF_KEY_RIGHT,
	PF_KEY_UP,
	PF_KEY_DOWN,
	PF_KEY_HOME,
	PF_KEY_END,
};

struct pf_event {
	enum pf_event_type type;
	int x, y;
	enum pf_key key;
	bool shift;
	char text[64];
};

enum pf_font_style {
	PF_FONT_REGULAR,
	PF_FONT_BOLD,
	PF_FONT_STYLE_COUNT,
};

enum pf_renderer {
	PF_RENDERER_AUTO,	/* GPU on a Raspberry Pi, software elsewhere */
	PF_RENDERER_SOFTWARE,
	PF_RENDERER_GPU,
};

struct pf_opts {
	int width, height;	/* window size; 0,0 = the display's size */
	bool fullscreen;
	int rotation;		/* 0, 90, 180 or 270 degrees clockwise */
	bool headless;		/* off-screen surface and a virtual clock */
	enum pf_renderer renderer;
	const char *asset_dir;	/* fonts/ and images/ live here */
	int64_t wall_start_ms;	/* headless: unix ms the virtual clock starts at; 0 = now */
};

enum pf_err {
	PF_OK,
	PF_NO_DISPLAY,	/* no video driver worked: run headless instead */
	PF_NO_FONT,
	PF_FAILED,
};

/* Opens the display (or headless surface) and loads fonts. On failure
 * writes a reason into err and returns an error; *out is untouched. */
enum pf_err pf_open(const struct pf_opts *opts, struct pf **out, char *err, size_t errlen);
void pf_close(struct pf *pf);

/* Logical size the UI lays out in (after rotation). */
void pf_size(const struct pf *pf, int *w, int *h);
bool pf_headless(const struct pf *pf);

/* Milliseconds since start; virtual when headless (moves only by pf_advance). */
uint64_t pf_now_ms(const struct pf *pf);
void pf_advance(struct pf *pf, uint64_t ms);
/* A monotonic clock in microseconds, for measuring (never virtual). */
uint64_t pf_perf_us(void);
/* Wall clock in unix ms (virtual when headless). */
int64_t pf_wall_ms(const struct pf *pf);

/* Blocks up to timeout_ms (-1 = forever) for the next event. Returns false
 * on timeout. Never called headless. */
bool pf_wait_event(struct pf *pf, int timeout_ms, struct pf_event *ev);
/* Any thread: something changed for the UI thread (a job finished, the
 * uploader's status moved). Marks the display woken, and with a window
 * also makes pf_wait_event return PF_EV_WAKE. Headless, the script driver
 * sees it through pf_take_wake() before each step. */
void pf_wake(struct pf *pf);
/* UI thread: true once after any number of pf_wake calls. */
bool pf_take_wake(struct pf *pf);

/* Drawing: all coordinates are logical. */
/* A frame is recorded between begin and end, and shown by pf_present (or
 * by pf_screenshot): a frame begun before the last was shown replaces it
 * unseen. Only what differs from the frame on screen is drawn again. */
void pf_begin_frame(struct pf *pf, struct pf_color bg);
void pf_end_frame(struct pf *pf);
void pf_present(struct pf *pf);
void pf_fill_rect(struct pf *pf, struct pf_rect r, struct pf_color c);
void pf_fill_round_rect(struct pf *pf, struct pf_rect r, int radius, struct pf_color c);
void pf_stroke_round_rect(struct pf *pf, struct pf_rect r, int radius, int width, struct pf_color c);
void pf_fill_circle(struct pf *pf, int cx, int cy, int radius, struct pf_color c);
/* Restricts drawing to r (NULL = whole screen). */
void pf_clip(struct pf *pf, const struct pf_rect *r);

/* Text. px is the font's pixel size. Strings are UTF-8, len bytes, one
 * line each: runs are put in visual order by the Unicode bidi algorithm
 * (FriBidi) in the style's base direction, and each run is shaped
 * (HarfBuzz) in its font. A width measured is the width drawn. */
int pf_text_width(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len);
int pf_line_height(struct pf *pf, enum pf_font_style st, int px);
/* The paragraph the next lines come from (NULL: none, the style's
 * direction again). On a right-to-left screen a paragraph with no
 * right-to-left letter (staff's English) is laid out left to right. */
void pf_text_paragraph(struct pf *pf, const char *s, size_t len);
/* Where a line in the language's script font has ink, in rows of its line
 * box (the box pf_draw_text draws at y). False for a line without
 * right-to-left letters, or with no ink: Nastaliq's metrics put a word's
 * ink well above the middle of its line, so a one-line label centres on
 * this instead (ui_text_ex). */
bool pf_text_script_ink(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
			int *top, int *bottom);
void pf_draw_text(struct pf *pf, enum pf_font_style st, int px, const char *s, size_t len,
		  int x, int y, struct pf_color c);

/* The text style of the language on screen. The platform knows nothing of
 * languages: the app sets this from the language's content (language.json)
 * whenever the visit's language changes. Strings are copied. */
struct pf_text_style {
	bool rtl;		 /* paragraphs read right to left (base direction) */
	const char *script;	 /* ISO 15924 ("Arab", "Latn"), for shaping; NULL = Latin */
	const char *font_regular; /* file names, e.g. "NotoNastaliqUrdu-Regular.ttf"; */
	const char *font_bold;	 /* NULL = Noto Sans (bold NULL: the regular one) */
	float line_height;	 /* line box as a multiple of the font size (CSS's
				  * line-height, language.json's); never less
				  * than Noto Sans needs; 0 = the fonts' own */
};

/* Sets the style: drops every cached line and width, closes the old
 * language's fonts and loads this one's (files only; sizes open when first
 * drawn). Noto Sans stays loaded for Latin runs, digits, symbols and URLs
 * inside the language's text; Noto Sans Arabic stays the font for Arabic
 * names in other languages. NULL = the default (left to right, Noto Sans).
 * Fonts are looked up in asset_dir/fonts/ then /usr/share/fonts/truetype/noto/.
 * Returns false, with err naming the file, if a font is missing: the style
 * then applies with the default fonts for what was missing. */
bool pf_text_set_style(struct pf *pf, const struct pf_text_style *st, char *err, size_t errlen);
/* Writes the path of a font file (as pf_text_set_style finds it) into out;
 * false if none exists. Needs no display (the content validator uses it). */
bool pf_font_path(const char *asset_dir, const char *name, char *out, size_t n);

/* Drops every rendered line of text (they may show what a visitor typed). */
void pf_forget_text(struct pf *pf);

/* Images from asset_dir/images/<path>, scaled to fit inside r keeping their
 * shape, centred. Returns false if the file is missing or unreadable. */
bool pf_draw_image(struct pf *pf, const char *path, struct pf_rect r, uint8_t alpha);
/* True if asset_dir/images/<path> exists and decodes; needs no display
 * (the content validator uses it). The drawing cache keeps at most a few
 * pictures (PF_IMAGE_CACHE) and evicts the least recently drawn. */
bool pf_image_file_ok(const char *asset_dir, const char *path);

/* Pictures ahead of need (the app's prefetch, app_prefetch.c): the app
 * rehearses a screen the visitor is likely to open next between
 * pf_probe_begin and pf_probe_end, on the UI thread; nothing is drawn or
 * recorded meanwhile (text is measured, not rendered), and pf_draw_image
 * notes each picture it would have rasterised (not in the cache) instead.
 * pf_probe_end copies up to max of them into out and returns the count.
 * pf_picture_load rasterises one exactly as pf_draw_image would, on any
 * thread (it touches no struct pf: pass pf_asset_dir's copy); NULL if it
 * cannot. pf_picture_adopt, on the UI thread, puts it in the cache (it
 * takes px; a picture drawn meanwhile is kept as it is); pf_pixels_free
 * frees one not adopted. */
struct pf_picture_want {
	char path[200];
	int w, h;
};
struct pf_pixels;
void pf_probe_begin(struct pf *pf);
size_t pf_probe_end(struct pf *pf, struct pf_picture_want *out, size_t max);
bool pf_probing(const struct pf *pf);
const char *pf_asset_dir(const struct pf *pf);
struct pf_pixels *pf_picture_load(const char *asset_dir, const struct pf_picture_want *w);
void pf_picture_adopt(struct pf *pf, const struct pf_picture_want *w, struct pf_pixels *px);
void pf_pixels_free(struct pf_pixels *px);

/* A 1-bit matrix (e.g. a QR code) drawn with whole-pixel modules. */
void pf_draw_matrix(struct pf *pf, const unsigned char *dark, int size, int x, int y, int module,
		    struct pf_color on);

/* Writes what is on screen now to a PNG file. Returns false on failure. */
bool pf_screenshot(struct pf *pf, const char *path);

/* Frame statistics, for tools/bench (always kept; a few tens of KB).
 * The app reports an input, a change of screen (id 0..63) and each frame
 * drawn (when it began, pf_perf_us); a change's latency runs from the
 * last input before it to the end of the frame that shows it, counted
 * cold on a screen's first visit and warm after. pf_stats_format writes
 * one line, "stats frames N p50_ms X p99_ms Y taps_cold N ... taps_warm
 * N ... drawn_pct P" (P: the share of the frames' pixels drawn again, the
 * rest unchanged), and with reset starts counting again. */
void pf_stats_input(struct pf *pf);
void pf_stats_screen(struct pf *pf, int id);
void pf_stats_frame(struct pf *pf, uint64_t began_us);
void pf_stats_format(struct pf *pf, char *out, size_t n, bool reset);

/* Last SDL error text (for logs). */
const char *pf_error(void);

#endif
