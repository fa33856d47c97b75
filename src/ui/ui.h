/*
 * ui: immediate-mode widgets drawn through the platform layer.
 *
 * A scene draws its whole screen every frame by calling ui_button(),
 * ui_label() and friends with rectangles in logical pixels. Each call also
 * records the widget (role, text, bounds, state) in this frame's widget list:
 * that list is the kiosk's accessibility tree, what `dump` prints and what
 * scripted taps and keyboard focus move through. A widget's activation
 * (tap, or Enter on the focused widget) is returned by the widget call in
 * the frame after the input arrives.
 *
 * Sizes: design in units for an 800x480 screen and convert with ui_u(); the
 * scale is min(w/800, h/480), so larger screens get the same design, bigger.
 *
 * Ownership: struct ui copies every text it records into a per-frame arena;
 * callers keep nothing alive for it. Pointers to struct ui_scroll must stay
 * valid until ui_reset_input() (the app calls it on every scene change).
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ui's own plain types, so that what draws with the ui never sees the
 * platform (scenes cannot include platform.h: src/scenes/CMakeLists.txt).
 * They match the platform's one for one (checked in ui_int.h). */
struct pf;

struct ui_color {
	uint8_t r, g, b, a;
};

struct ui_rect {
	int x, y, w, h;
};

enum ui_weight {
	UI_REGULAR,
	UI_BOLD,
};

enum ui_event_type {
	UI_EV_NONE,
	UI_EV_QUIT,
	UI_EV_DOWN,   /* pointer (finger or mouse) pressed at x,y */
	UI_EV_MOVE,   /* pointer moved to x,y while pressed */
	UI_EV_UP,     /* pointer released at x,y */
	UI_EV_KEY,    /* key pressed: key, shift */
	UI_EV_TEXT,   /* text typed: text (UTF-8) */
	UI_EV_WAKE,   /* another thread woke the loop */
	UI_EV_EXPOSE, /* the window needs drawing again */
};

enum ui_key {
	UI_KEY_NONE,
	UI_KEY_RETURN,
	UI_KEY_BACKSPACE,
	UI_KEY_DELETE,
	UI_KEY_ESCAPE,
	UI_KEY_TAB,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_UP,
	UI_KEY_DOWN,
	UI_KEY_HOME,
	UI_KEY_END,
};

/* One input event, as the platform delivered it. */
struct ui_event {
	enum ui_event_type type;
	int x, y;
	enum ui_key key;
	bool shift;
	char text[64];
};

/* The sizes a design repeats, in layout units (an 800x480 design; see
 * ui_u()). Zero fields take the defaults ui_init() documents. struct ui
 * keeps them converted to pixels in ui->sz, which is what widgets and
 * scenes use: a size that two screens share lives here, not in a scene. */
struct ui_metrics {
	float bar_h;	    /* the top bar: 64 */
	float bar_pad;	    /* around the top bar's buttons: 8 */
	float bar_button_w; /* Back, Home, Next on the bar: 132 */
	float pad;	    /* screen edge to content: 16 */
	float pad_list;	    /* screen edge to a list or grid: 14 */
	float gap;	    /* between cards and rows: 12 */
	float gap_small;    /* between a heading and its text: 8 */
	float in;	    /* inside a card, edge to content: 12 */
	float button_h;	    /* a button a finger hits: 56 */
	float field_h;	    /* a text box, a choice: 60 */
	float radius;	    /* buttons, options: 14 */
	float radius_card;  /* cards, panels: 16 */
	float radius_tile;  /* big picture cards: 18 */
	float stroke;	    /* a border: 2 */
	float stroke_bold;  /* a chosen or focused border: 3 */
	float text_scale;   /* reading text times this (larger text; bigger sizes grow less): 1 */
};

struct theme {
	struct ui_color bg, surface, primary, on_primary, accent, on_accent, text, muted, line,
		focus, danger, scrim;
	struct ui_metrics m;
};

/* ui_metrics in pixels, for this screen (ui->sz). */
struct ui_sizes {
	int bar_h, bar_pad, bar_button_w, pad, pad_list, gap, gap_small, in, button_h, field_h,
		radius, radius_card, radius_tile, stroke, stroke_bold;
};

enum ui_role {
	UI_BUTTON,
	UI_LABEL,
	UI_TEXT_FIELD,
	UI_CHECKBOX,
	UI_IMAGE,
	UI_KEY,
	UI_LIST_ITEM,
	UI_QR,
	UI_PROGRESS,
	UI_ROLE_COUNT,
};

enum ui_font {
	UI_FONT_SMALL, /* small print: sources, dates */
	UI_FONT_BODY,  /* reading text */
	UI_FONT_LARGE, /* buttons, emphasis */
	UI_FONT_TITLE, /* screen titles */
	UI_FONT_HUGE,  /* the attract screen */
	UI_FONT_COUNT,
};

enum ui_align {
	UI_ALIGN_LEFT,
	UI_ALIGN_CENTER,
	UI_ALIGN_RIGHT,
};

enum ui_style {
	UI_STYLE_PRIMARY,   /* filled, the main action */
	UI_STYLE_SECONDARY, /* outlined */
	UI_STYLE_ACCENT,    /* filled in the accent colour */
	UI_STYLE_QUIET,	    /* text on the top bar */
	UI_STYLE_CHIP,	    /* toggle chip: checked fills it */
};

/* Marks a widget carries: struct ui's `mark` when it was recorded. Set the
 * bits before the widgets they apply to and clear them after (ui_begin()
 * clears them too). */
enum ui_mark {
	UI_MARK_BAR = 1,      /* in a top bar: read aloud title first, buttons last */
	UI_MARK_PERSONAL = 2, /* shows what the visitor entered: never read aloud */
};

struct ui_widget {
	enum ui_role role;
	const char *text;
	const char *name; /* field name for text fields and checkboxes */
	struct ui_rect r;
	bool enabled, checked, overflow, interactive;
	bool clipped;	/* partly outside its scroll view: r is the part in view */
	int value, max; /* UI_PROGRESS: how far along */
	unsigned mark;	/* enum ui_mark bits */
	uint32_t id;
};

/* Touch-drag scrolling with inertia; zero it to start at the top. */
struct ui_scroll {
	float offset;	 /* pixels scrolled down */
	float base, vel; /* fling: offset = base + vel*tau*(1-e^(-t/tau)) */
	uint64_t t0;
	int content_h, view_h;
	bool dragging;
	int drag_y0;
	float drag_off0;
	int last_y;
	uint64_t last_t;
	float last_v;
};

/* A block of the per-frame text arena (ui.c). */
struct ui_block;

struct ui_scroll_area {
	struct ui_rect r;
	struct ui_scroll *s;
};

struct ui {
	struct pf *pf;
	struct theme th;
	struct ui_sizes sz; /* th.m in pixels */
	int w, h;
	float scale;
	int font_px[UI_FONT_COUNT];
	/* Reading direction: rows and widgets lay out from the right when
	 * set (ui_cut_start(), ui_row, the top bar). Scenes never mirror. */
	bool rtl;
	/* > 0 while measuring (ui_measure_begin()): widgets lay out and return
	 * their sizes, but draw nothing, record nothing and are never tapped. */
	int measuring;

	/* This frame's widgets: the accessibility tree. */
	struct ui_widget *widgets;
	size_t n, cap;
	size_t modal_from; /* widgets before this are under a modal dialog */
	bool modal;
	struct ui_block *arena; /* this frame's copies of texts; never moves */
	struct ui_scroll_area scrolls[4];
	size_t nscrolls;
	struct ui_scroll *cur_scroll;
	struct ui_rect cur_clip;
	int cur_dy;

	/* Input. */
	uint32_t pressed_id, activate_id, focus_id;
	bool focus_visible;
	bool pointer_down;
	int press_x, press_y, ptr_x, ptr_y;
	uint64_t press_t;
	struct ui_scroll *drag;

	unsigned mark; /* enum ui_mark bits given to widgets recorded now */

	/* Read-aloud. The app sets label (NULL = no Listen button) and
	 * speaking before each frame; the top bars draw the button with
	 * ui_listen(), which sets tapped when it is tapped (the app clears
	 * it). id and r are this frame's button (id 0 = none drawn). */
	struct ui_listen {
		const char *label;
		bool speaking;
		bool tapped;
		uint32_t id;
		struct ui_rect r;
	} listen;
	/* The language button (the app sets label: NULL = none): the top
	 * bars draw it beside Listen with ui_lang_button(), which sets tapped
	 * (the app clears it and opens the language picker). */
	struct ui_lang_button {
		const char *label;
		bool tapped;
	} lang;
	bool acted; /* a widget was activated in this frame */

	/* What the app must do next. */
	bool dirty;
	uint64_t next_frame; /* animation frame wanted at (0 = none) */
	uint64_t next_tick;  /* logic deadline (fires headless too) */
	uint64_t now;
};

void ui_init(struct ui *ui, struct pf *pf, const struct theme *th);
/* Changes colours and sizes in place (larger text: th->m.text_scale; high
 * contrast: the colours), keeping the frame's state; widgets laid out from
 * ui->sz and ui->font_px grow with it. */
void ui_set_theme(struct ui *ui, const struct theme *th);
void ui_free(struct ui *ui);

/* Layout units (an 800x480 design) to logical pixels. */
int ui_u(const struct ui *ui, float units);
int ui_font_px(const struct ui *ui, enum ui_font f);

/* Frame. ui_begin() clears the widget list; ui_end() finishes drawing. */
void ui_begin(struct ui *ui, uint64_t now);
void ui_end(struct ui *ui);

/* Input: feeds one pointer or key event; marks the ui dirty if it matters.
 * Returns true if the ui consumed it (the scene need not see it). */
bool ui_input(struct ui *ui, const struct ui_event *ev, uint64_t now);
/* Forgets presses, drags, focus and scroll pointers (scene change). */
void ui_reset_input(struct ui *ui);
/* Asks for a redraw at time t (animation; skipped headless). */
void ui_request_frame(struct ui *ui, uint64_t t);
/* Asks for a frame at time t that must run even headless (timers). */
void ui_request_tick(struct ui *ui, uint64_t t);

/* Widgets. Each returns true in the frame it is activated. */
bool ui_button(struct ui *ui, const char *text, struct ui_rect r, enum ui_style st,
	       const char *icon);
/* A button with a fixed name in the tree ("next", "send", "key-a"), the
 * same in every language, for tests and assistive tools to find it by. */
bool ui_button_named(struct ui *ui, const char *text, const char *name, struct ui_rect r,
		     enum ui_style st, const char *icon);
/* A big choice card: picture above, title and an optional line below. */
bool ui_tile(struct ui *ui, const char *title, const char *line, const char *image,
	     struct ui_rect r, enum ui_role role);
/* A toggle chip (a filter, a job to pick): a pill, filled when on, its
 * words centred and wrapped. Recorded once with role (UI_BUTTON for a
 * filter, UI_CHECKBOX for a pick) and its checked state, so `dump` shows
 * which is on; words that do not fit count as the chip's overflow. */
bool ui_chip(struct ui *ui, enum ui_role role, const char *text, const char *name, struct ui_rect r,
	     bool on);
/* A row of filter chips, one of them on (ui_chips.c): each as wide as its
 * words on one line with some air, in reading order. When they do not
 * fit the row r, the air shrinks, then the words step down to the small
 * print, then the chips go on as many rows of r.h as they need (gap_small
 * apart), so a chip's words never wrap. fill shares the spare room out so
 * the chips fill each row; else each gets at most a little and they start
 * at the row's start. Each is recorded as a button with its name, checked
 * when on. Returns the chip tapped this frame if it was not on (-1 none);
 * *h gets the height the chips took. */
#define UI_CHIPS_MAX 16
struct ui_chips {
	const char *const *text, *const *name;
	int n, on; /* on: the index of the chip that is on (-1 none) */
	bool fill;
};
int ui_chips(struct ui *ui, struct ui_rect r, const struct ui_chips *c, int *h);
/* Word-wrapped text; returns the height it needs. Records overflow if the
 * text does not fit in r. r.h <= 0 means "as tall as it needs". */
int ui_label(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	     struct ui_color c, enum ui_align align);
/* Height text needs when wrapped to width w, without drawing. */
int ui_text_height(struct ui *ui, const char *text, int w, enum ui_font f, enum ui_weight st);
int ui_text_width(struct ui *ui, const char *text, enum ui_font f, enum ui_weight st);
/* The width of the first len bytes of text, on one line. */
int ui_text_width_n(struct ui *ui, const char *text, size_t len, enum ui_font f, enum ui_weight st);
/* The largest font from `largest` down to `smallest` in which text, wrapped
 * to width w, fits height h with no word wider than w; `smallest` if none
 * does. For content of any length (a long job title) in a fixed box. */
enum ui_font ui_fit_font(struct ui *ui, const char *text, int w, int h, enum ui_font largest,
			 enum ui_font smallest, enum ui_weight st);
void ui_image(struct ui *ui, const char *path, const char *alt, struct ui_rect r);
void ui_panel(struct ui *ui, struct ui_rect r, struct ui_color c);
/* Records a widget without drawing it (for composite widgets). */
uint32_t ui_record(struct ui *ui, enum ui_role role, const char *text, const char *name,
		   struct ui_rect r, bool interactive);
/* True if the widget with this id is activated this frame (consumes it). */
bool ui_activated(struct ui *ui, uint32_t id);
bool ui_is_pressed(const struct ui *ui, uint32_t id);
/* True once the pointer has been held inside r for ms (e.g. a hidden
 * staff gesture); asks for a tick so it fires on time. */
bool ui_held(struct ui *ui, struct ui_rect r, uint64_t ms);

/* ---- The kit (ui_kit.c). Each records itself in the tree exactly once
 * (decorations not at all), draws nothing while measuring, and mirrors
 * with ui->rtl. ---- */

/* Text drawn like ui_label() but not recorded: the words of a widget that
 * already carries them (a card's title), or a decoration. Returns the
 * height used. */
int ui_text(struct ui *ui, const char *text, struct ui_rect r, enum ui_font f, enum ui_weight st,
	    struct ui_color c, enum ui_align align);
/* The height of one line of text in font f. */
int ui_line_height(struct ui *ui, enum ui_font f, enum ui_weight st);

/* How a card or panel looks: fill, border (alpha 0 = none), its width and
 * the corner radius, in pixels. ui_look() gives the theme's card. */
struct ui_look {
	struct ui_color fill, border;
	int stroke, radius;
};
struct ui_look ui_look(const struct ui *ui, struct ui_color fill, struct ui_color border);
/* A panel: a rounded shape, not recorded (the caller fills it). */
void ui_frame(struct ui *ui, struct ui_rect r, struct ui_look look);
/* A card that can be tapped: recorded once with role, text and name (the
 * caller fills it, with ui_text() for words the card already carries);
 * pressed, it fills with th.line. Returns true in the frame it is tapped. */
bool ui_card(struct ui *ui, enum ui_role role, const char *text, const char *name, struct ui_rect r,
	     struct ui_look look);
/* A dot (a bullet, a timeline mark): not recorded. */
void ui_dot(struct ui *ui, int cx, int cy, int radius, struct ui_color c);
/* A filled rectangle (a rule, a strip): not recorded. */
void ui_rule(struct ui *ui, struct ui_rect r, struct ui_color c);

/* A choice: a card with a marker and its words, recorded as a checkbox with
 * its state. UI_CHOICE_RADIO is one of several (round marker),
 * UI_CHOICE_CHECK any of several (square, ticked), UI_CHOICE_OPTION an
 * answer (round marker, outlined, recorded as a button), UI_CHOICE_PILL a
 * Yes/No toggle (filled when on). Returns true when tapped; the caller
 * changes its state. */
enum ui_choice_kind { UI_CHOICE_RADIO, UI_CHOICE_CHECK, UI_CHOICE_OPTION, UI_CHOICE_PILL };
bool ui_choice(struct ui *ui, enum ui_choice_kind kind, const char *text, const char *name,
	       struct ui_rect r, bool on);

/* A bar filled done/total of its width, round-ended. Recorded once, as
 * role "progress" with value/max, text (e.g. "3 of 12 answered") and name;
 * with text and name both NULL it is a decoration. min_dot: any progress
 * shows at least a dot. */
struct ui_progress {
	int done, total;
	struct ui_color track, fill;
	const char *text, *name;
	bool min_dot;
};
void ui_progress(struct ui *ui, struct ui_rect r, const struct ui_progress *p);

/* A count as a bar (ui_chart.c): its words at the start, a bar filled
 * value/max of what is left, and the number at the end, all in one row
 * r. Recorded once, as a "progress" with value/max, text "LABEL: VALUE"
 * and name (e.g. "funnel-visits"). */
void ui_count_bar(struct ui *ui, struct ui_rect r, const char *label, long value, long max,
		  const char *name);

/* Page dots: n dots across r, the current one filled; recorded as one
 * label with text (e.g. "Page 2 of 6") named "page". ui_dots_width() is
 * the width n dots take. */
int ui_dots_width(const struct ui *ui, int n);
void ui_dots(struct ui *ui, struct ui_rect r, int n, int current, const char *text);

/* A horizontal swipe that ended since the last call: +1 on (towards the
 * end of the reading direction: leftwards in left-to-right), -1 back, 0
 * none. Zero the state to start; the first call only takes note. */
struct ui_swipe {
	uint64_t seen; /* press time of the last gesture looked at */
	bool primed;
};
int ui_swipe(struct ui *ui, struct ui_swipe *sw);

/* ---- Layout (ui_layout.c): rectangles handed out, so a scene never adds
 * up coordinates by hand and right-to-left mirrors in one place. ---- */

/* Slices h (or w) off one side of *r and returns the slice; *r keeps the
 * rest. start/end follow the reading direction. */
struct ui_rect ui_cut_top(struct ui_rect *r, int h);
struct ui_rect ui_cut_bottom(struct ui_rect *r, int h);
struct ui_rect ui_cut_start(const struct ui *ui, struct ui_rect *r, int w);
struct ui_rect ui_cut_end(const struct ui *ui, struct ui_rect *r, int w);
/* r shrunk by dx on the left and right and dy on top and bottom. */
struct ui_rect ui_inset(struct ui_rect r, int dx, int dy);
/* Cell i of a grid over r: cols columns gap apart, rows of row_h with gap
 * between; filled in reading order. */
struct ui_rect ui_cell(const struct ui *ui, struct ui_rect r, int cols, int gap, int row_h, int i);

/* A column that hands out rows top down: each ui_col_* call places one
 * thing and moves down by its height plus gap. */
struct ui_col {
	struct ui_rect r; /* x, w and the top y; h unused */
	int y;		  /* where the next row goes */
	int gap;
};
struct ui_col ui_col(struct ui_rect r, int gap);
/* The next h pixels of the column. */
struct ui_rect ui_col_take(struct ui_col *c, int h);
/* Wrapped text as tall as it needs (ui_label); returns its height. */
int ui_col_label(struct ui *ui, struct ui_col *c, const char *text, enum ui_font f,
		 enum ui_weight st, struct ui_color color);
/* Extra space before the next row. */
void ui_col_space(struct ui_col *c, int h);
/* Height used so far (without the last gap). */
int ui_col_height(const struct ui_col *c);

/* Measure pass: between begin and end, widgets lay out and return their
 * heights but draw nothing, record nothing and take no taps. Run a layout
 * function once measuring to learn its size, then again to draw. Nests. */
void ui_measure_begin(struct ui *ui);
void ui_measure_end(struct ui *ui);

/* The top bar: a description of its slots, drawn the same on every
 * screen. Back sits at the start; Home at the end, or beside Back when
 * there is a Next (the main action, at the end, in next_style). The middle
 * holds the title, centred on the screen where it fits, or the step text
 * over a progress bar (step_done of step_total) instead. Listen (when the
 * app shows it) takes the free place nearest the middle on the start side
 * when there is a Next, else beside Home. Every button carries its fixed
 * name (back, home, next, listen). NULL labels leave a slot out. */
struct ui_bar {
	const char *title;
	const char *back, *home, *next;
	enum ui_style next_style; /* 0 = UI_STYLE_PRIMARY */
	const char *next_name;	  /* the tree name of Next; NULL = "next" */
	const char *step;	  /* replaces the title: "Step 3 of 11" */
	int step_done, step_total;
};

enum ui_bar_hit { UI_BAR_NONE, UI_BAR_BACK, UI_BAR_HOME, UI_BAR_NEXT };

/* Draws the bar; returns the slot tapped this frame. *content (if not
 * NULL) gets the screen below it. */
enum ui_bar_hit ui_topbar(struct ui *ui, const struct ui_bar *bar, struct ui_rect *content);

/* The Listen button: square, ui_listen_size() a side (0 when the app shows
 * none: then draw nothing and leave no room). Drawn with a speaker icon,
 * "on" while speaking, and recorded as a button with ui->listen.label
 * (checked while speaking). A dialog drawn later in the frame draws it
 * again on top, in the same place, so it still answers. (ui.c) */
int ui_listen_size(const struct ui *ui);
void ui_listen(struct ui *ui, struct ui_rect r);
/* The language button: as big as Listen (0 when the app shows none), a
 * globe, recorded as a button named "language" with ui->lang.label. */
int ui_lang_button_size(const struct ui *ui);
void ui_lang_button(struct ui *ui, struct ui_rect r);

/* Modal layer: a scrim over what is drawn so far; widgets drawn after it,
 * until the frame ends, are the only ones that take input and that dump
 * reports. */
void ui_modal_begin(struct ui *ui);

/* A dialog over the whole screen: a title and a message (either may be
 * NULL), centred and wrapped, over one button (button[1] NULL) or two side
 * by side. Only the dialog takes input in this frame, so draw it last.
 * alert shows the title in the danger colour with a danger outline.
 * Returns 1 or 2 in the frame its button is tapped, else 0. (ui_dialog.c) */
struct ui_dialog {
	const char *title, *text;
	const char *button[2];
	enum ui_style style[2];
	bool alert;
	const char *name[2]; /* the buttons' tree names; NULL = "dialog-1", "dialog-2" */
};
int ui_dialog(struct ui *ui, const struct ui_dialog *d);

/* Scrolling region: children drawn between begin and end move with it.
 * Begin returns where the content starts: view moved up by the offset (lay
 * the content out in it, top down); end takes the content's height. */
struct ui_rect ui_scroll_begin(struct ui *ui, struct ui_scroll *s, struct ui_rect view);
void ui_scroll_end(struct ui *ui, int content_h);

/* A QR code of text, as large as fits in box, with whole-pixel modules and
 * a 4-module white quiet zone, centred. Recorded as role "qr" with the
 * text it encodes. Returns false if the text cannot be encoded or the box
 * is too small to scan (then nothing is drawn). (ui_qr.c) */
bool ui_qr(struct ui *ui, const char *text, struct ui_rect box);

/* Accessibility tree (ui_tree.c). */
size_t ui_visible(const struct ui *ui, const struct ui_widget **out, size_t max);
/* Finds the one visible widget with exactly this text: 0 found, -1 none,
 * -2 several. */
int ui_find(const struct ui *ui, const char *text, struct ui_widget *out);
bool ui_text_visible(const struct ui *ui, const char *text);
/* The words Listen reads, from a list of widgets in tree order (as
 * ui_visible() gives them): each text once, ending in a full stop so the
 * voice pauses; a top bar's titles first and its buttons last. Only
 * buttons, labels, options and list items are read; never text fields,
 * keyboard keys, QR codes, pictures, UI_MARK_PERSONAL widgets, or the
 * widget with id skip_id (the Listen button). Returns a malloc'd string
 * ("" if nothing is read) or NULL if out of memory; the caller frees it. */
char *ui_read_text(const struct ui_widget *const *w, size_t n, uint32_t skip_id);
/* ui_read_text() of what is visible now (only a dialog, if one is up). */
char *ui_read_aloud(const struct ui *ui);
/* Writes the tree as one JSON line (no newline) into a malloc'd string. */
char *ui_dump_json(const struct ui *ui, const char *scene);

/* Text fields and the on-screen keyboard (ui_field.c, ui_keyboard.c). */

#define UI_FIELD_BYTES 256

/* A text field's contents: UTF-8 text and a cursor, a byte offset that is
 * always on a character boundary (an accent typed as a combining mark
 * stays with its letter). Zero it for an empty field. The caller owns it;
 * keep it in a scene's state so the app wipes it when the scene ends. */
struct ui_field {
	char text[UI_FIELD_BYTES];
	size_t len, cur;
	/* Laid out from the left even on a right-to-left screen (phone,
	 * email, postcode); else, right to left, the text and an empty box's
	 * cursor start at the right. The caller sets it. */
	bool ltr;
};

/* Editing. Each returns true if the text or the cursor changed; bytes
 * after the text are kept zeroed. ui_field_insert() inserts s at the
 * cursor and moves the cursor after it; it refuses (returns false,
 * changing nothing) text that is not valid UTF-8, holds control
 * characters, or would not fit. */
bool ui_field_insert(struct ui_field *f, const char *s);
bool ui_field_backspace(struct ui_field *f); /* the character before the cursor */
bool ui_field_delete(struct ui_field *f);    /* the character after it */
/* Moves by one character in reading order: dir < 0 back, > 0 on. */
bool ui_field_move(struct ui_field *f, int dir);
/* Moves to a byte offset, snapped back to a character boundary. */
void ui_field_move_to(struct ui_field *f, size_t at);
/* Replaces the text (cursor at the end); false if s does not fit. */
bool ui_field_set(struct ui_field *f, const char *s);
/* Empties the field and zeroes every byte it held. */
void ui_field_clear(struct ui_field *f);
/* True if the text starts with right-to-left (Arabic) script. */
bool ui_field_rtl(const struct ui_field *f);
/* A physical keyboard: UI_EV_TEXT inserts; Backspace, Delete, Left,
 * Right, Home and End edit (Left and Right follow the text's direction).
 * Returns true if the event was used. */
bool ui_field_key(struct ui_field *f, const struct ui_event *ev);

/* Draws a text field in r, recorded as role "text-field" with its text and
 * name. focused draws the cursor (steady, never blinking); error draws the
 * border in the danger colour. Long text scrolls to keep the cursor in
 * view. A tap on the field moves the cursor to the nearest character
 * boundary and returns true (the caller then focuses the field). */
bool ui_text_field(struct ui *ui, struct ui_field *f, const char *name, struct ui_rect r,
		   bool focused, bool error);
/* The same for a password: a dot for each character, drawn and recorded
 * in the tree (so neither a screenshot nor a dump shows it); a tap moves
 * the cursor among the dots. */
bool ui_secret_field(struct ui *ui, struct ui_field *f, const char *name, struct ui_rect r,
		     bool focused, bool error);

/* On-screen keyboard layouts are data (kiosk-config/keyboards.json), given
 * to the keyboard as these plain arrays; the keyboard borrows them. */
enum ui_kb_action {
	UI_KB_CHAR,	 /* types its text */
	UI_KB_SHIFT,	 /* capitals: once for one letter, again for caps lock, again off */
	UI_KB_BACKSPACE, /* deletes; repeats while held */
	UI_KB_LAYOUT,	 /* shows another layout */
	UI_KB_DONE,	 /* hides the keyboard */
};

struct ui_kb_key {
	const char *label; /* shown, and the key's text in the tree */
	const char *text;  /* what UI_KB_CHAR types; NULL = the label */
	enum ui_kb_action action;
	const char *to;	  /* UI_KB_LAYOUT: a layout id; NULL = the field's own */
	const char *icon; /* drawn instead of the label: "shift", "backspace" or NULL */
	float width;	  /* in standard key widths; 0 = 1 */
};

struct ui_kb_row {
	const struct ui_kb_key *keys;
	size_t n;
};

struct ui_kb_layout {
	const char *id;
	const struct ui_kb_row *rows;
	size_t nrows;
};

/* The letters a long press on base offers, e.g. "e" -> é è ê ë ē. */
struct ui_kb_accent {
	const char *base;
	const char *const *alts;
	size_t n;
};

struct ui_kb_set {
	const struct ui_kb_layout *layouts;
	size_t nlayouts;
	const struct ui_kb_accent *accents;
	size_t naccents;
};

/* The keyboard's own state; zero it to start. Keep it beside the field. */
struct ui_keyboard {
	char layout[32];	   /* layout shown; "" = the field's own */
	int shift;		   /* 0 off, 1 one capital, 2 caps lock */
	size_t seen_len, seen_cur; /* the field as the keyboard last left it */
	uint64_t bs_press;	   /* press_t of the held Backspace */
	int bs_repeats;		   /* deletions made by holding it */
	char popup[8];		   /* the letter whose accents are shown; "" = none */
	struct ui_rect popup_key;  /* where that letter's key is */
	uint64_t popup_press;	   /* press_t of the long press that opened it */
};

enum ui_kb_result {
	UI_KB_IDLE,   /* nothing happened */
	UI_KB_EDITED, /* the field changed */
	UI_KB_HIDE,   /* Done was tapped */
};

/* Height the keyboard takes at the bottom of the screen (its tallest
 * layout, so the screen above does not jump between layouts). */
int ui_keyboard_height(const struct ui *ui, const struct ui_kb_set *set);
/* Looks up a layout by id; NULL if there is none. */
const struct ui_kb_layout *ui_kb_find(const struct ui_kb_set *set, const char *id);
/* Draws the keyboard across the bottom of the screen and applies its keys
 * to f. base is the field's own layout id. autocap starts a capital at the
 * start of each word (for names). Long-pressing a letter with accents
 * shows them as a row of keys above it; a tap elsewhere closes it. */
enum ui_kb_result ui_keyboard(struct ui *ui, struct ui_keyboard *kb, const struct ui_kb_set *set,
			      const char *base, struct ui_field *f, bool autocap);
/* Resets shift, layout and popups (call when the focus moves). */
void ui_keyboard_reset(struct ui_keyboard *kb, const struct ui_field *f, bool autocap);

/* ---- Staff forms (ui_sheet.c): a sheet, a modal card 3/4 of the screen
 * wide, and what staff screens put in it or beside it. ---- */

/* One button of a column or a menu: its words, tree name and style. */
struct ui_button_spec {
	const char *text, *name;
	enum ui_style style;
};

/* Starts the modal layer and draws a sheet tall enough for inner_h of
 * content (at most 17/20 of the screen), centred; returns the room inside. */
struct ui_rect ui_sheet(struct ui *ui, int inner_h);
/* A sheet with text (scrolling in s when long; several lines are laid out
 * from the start, one paragraph centred) over one button named name.
 * True in the frame the button is tapped. */
bool ui_sheet_message(struct ui *ui, const char *text, struct ui_scroll *s, const char *button,
		      const char *name);
/* A sheet saying that something is under way: text, large, and under it
 * clock (how long it has taken; NULL = none). */
void ui_sheet_busy(struct ui *ui, const char *text, const char *clock);
/* A sheet with a title, a text and a column of n buttons at its foot.
 * Returns the index of the button tapped this frame, or -1. */
int ui_sheet_menu(struct ui *ui, const char *title, const char *text,
		  const struct ui_button_spec *b, int n);
/* n buttons filling r top down, gap apart, equally tall. Returns the index
 * of the one tapped this frame, or -1. */
int ui_button_column(struct ui *ui, struct ui_rect r, const struct ui_button_spec *b, int n,
		     int gap);
/* A status: bold words wrapped at the start of r (r.h unused) in c, and,
 * with b, a button at the end (*tapped when tapped). Returns the height
 * used: the words', or the button's when it is taller. */
int ui_status_row(struct ui *ui, struct ui_rect r, const char *text, struct ui_color c,
		  const struct ui_button_spec *b, bool *tapped);

/* A text typed on the on-screen keyboard, as a whole screen: the top bar
 * (title, cancel as Back), the hint over the field (both in the danger
 * colour with error), the field (dots when secret) with the done button
 * beside it, and the keyboard (layout of set; autocap as ui_keyboard()). */
struct ui_editor {
	const char *title, *cancel, *hint;
	const char *field_name, *done, *done_name;
	bool error, secret, autocap;
	const struct ui_kb_set *set;
	const char *layout;
};
enum ui_editor_hit {
	UI_EDITOR_NONE,
	UI_EDITOR_CANCEL, /* Back was tapped */
	UI_EDITOR_EDITED, /* the keyboard changed the field */
	UI_EDITOR_DONE,	  /* the done button, or the keyboard's Done */
};
enum ui_editor_hit ui_editor(struct ui *ui, const struct ui_editor *e, struct ui_field *f,
			     struct ui_keyboard *kb);

/* A count in a tile: value large over its label, small. Recorded as the
 * two labels. */
void ui_stat(struct ui *ui, struct ui_rect r, const char *value, const char *label);

/* A notice in a panel over the area a (what stops a screen: no PIN set,
 * no database): text large, centred. */
void ui_notice(struct ui *ui, struct ui_rect a, const char *text);
/* The PIN screen's body in a: the prompt over the PIN's dots (max(n, min)
 * of them, the first n filled, recorded once a digit is typed as a label
 * named "pin" with a dot a digit, never the digits) and msg (NULL = none)
 * in msg_color under them, in a panel; beside it a number pad: 1-9, then
 * del, 0 and ok, named pin-1..pin-9, pin-0, pin-delete and pin-ok.
 * Returns the digit tapped ('0'-'9'), '\b' for del, '\n' for ok, or 0. */
struct ui_pin_pad {
	const char *prompt, *msg;
	struct ui_color msg_color;
	int n, min;
	const char *del, *ok;
};
int ui_pin_pad(struct ui *ui, struct ui_rect a, const struct ui_pin_pad *p);
/* n count tiles (ui_stat) side by side across the top of r, gap apart;
 * returns their height. */
int ui_stat_row(struct ui *ui, struct ui_rect r, const char *const *values,
		const char *const *labels, int n, int gap);
/* A screen's main action at the foot of r: the button named name (as wide
 * as its words and a margin, at most r.w, in the accent colour) or, while
 * msg is not NULL, msg framed in its place ("Printing..."). Returns the
 * height it takes; draws only when draw, and then sets *tapped (if not
 * NULL) when the button was tapped. */
int ui_action_area(struct ui *ui, struct ui_rect r, const char *button, const char *name,
		   const char *msg, bool draw, bool *tapped);

#endif
