/*
 * ui_theme: the theme from kiosk.json's colours, and the contrast of the
 * text it draws.
 *
 * Every pair of a text colour and the colour behind it that the widgets and
 * scenes draw is listed by ui_theme_pairs(): the high contrast theme must
 * give each of them 7:1 or more (WCAG 2 AAA), which tests/ui/test_contrast.c
 * checks for the shipped kiosk.json and the defaults. A screen that draws
 * text on a new pair of colours adds it to that list.
 */
#ifndef KIOSK_UI_THEME_H
#define KIOSK_UI_THEME_H

#include "content/config.h"
#include "ui/ui.h"

/* The theme of one palette (kiosk.json's "theme" or "high_contrast");
 * sizes are left zero, which ui_set_theme() fills with the defaults. */
struct theme ui_theme_from(const struct config_palette *p);

/* WCAG 2 contrast ratio of two opaque colours: 1 to 21. */
double ui_theme_contrast(struct ui_color a, struct ui_color b);

/* c mixed into base: one part in n (a tint of a colour). */
struct ui_color ui_theme_mix(struct ui_color c, struct ui_color base, int n);
/* c drawn over base with c's alpha. */
struct ui_color ui_theme_over(struct ui_color c, struct ui_color base);
/* A pressed filled button's colour: c a fifth darker. */
struct ui_color ui_theme_darker(struct ui_color c);
/* The top bar's quiet buttons (Back, Home) fill with this over the bar. */
#define UI_THEME_QUIET ((struct ui_color){255, 255, 255, 40})

/* One text colour on one background, as something draws it. */
struct ui_theme_pair {
	const char *what; /* "muted on surface (captions on cards)" */
	struct ui_color fg, bg;
};

/* Fills out (up to cap) with every text-on-background pair th is drawn
 * with; returns how many there are. */
size_t ui_theme_pairs(const struct theme *th, struct ui_theme_pair *out, size_t cap);

/* The sizes the visitor screens' designs name beyond struct ui_metrics
 * (which every screen shares): a scene asks ui_size() for them in pixels
 * and never writes the number, so the design's sizes are all here and in
 * ui_sizes.c (their layout units). */
enum ui_size {
	UI_SIZE_NONE,		     /* no space: 0 */
	UI_SIZE_HAIR,		     /* a caption to what it captions */
	UI_SIZE_NUDGE,		     /* a question to its answers */
	UI_SIZE_LINE_GAP,	     /* a title to the line under it; a problem's bar */
	UI_SIZE_ROW_GAP,	     /* between a form's rows, a list's cards */
	UI_SIZE_CHIPS_GAP,	     /* above and below a row of filter chips */
	UI_SIZE_CARD_IN,	     /* a list card's edge to its picture and words */
	UI_SIZE_ROLE_CARD_W,	     /* a job card at least this wide */
	UI_SIZE_ROLE_CARD_H,	     /* and this tall, so the view holds whole rows */
	UI_SIZE_FORM_HEAD,	     /* a form step's question (or what to fix) */
	UI_SIZE_CAPTION_H,	     /* a text box's caption */
	UI_SIZE_FIELD_W,	     /* a text box alone on its row, at most */
	UI_SIZE_ANSWERS_W,	     /* a column of answers, at most */
	UI_SIZE_TICK_BOX,	     /* a tick's box */
	UI_SIZE_TICK_H,		     /* a tick with its words, at least */
	UI_SIZE_TICK_INDENT,	     /* a tick's edge to its words */
	UI_SIZE_WIDE_PAD,	     /* a wide screen edge or a button text's air */
	UI_SIZE_ATTRACT_TITLE_Y,     /* the attract screen: its title's top */
	UI_SIZE_ATTRACT_TITLE_H,     /* its title's height */
	UI_SIZE_ATTRACT_MSG_Y,	     /* its changing message's top */
	UI_SIZE_ATTRACT_MSG_H,	     /* the message's height */
	UI_SIZE_ATTRACT_START_IN,    /* the start button in from its column */
	UI_SIZE_ATTRACT_START_SIDES, /* both sides of it together */
	UI_SIZE_ATTRACT_START_UP,    /* its top, up from the bottom */
	UI_SIZE_START_H,	     /* the start button's height */
	UI_SIZE_STAFF_CORNER,	     /* the corner held for staff mode */
	UI_SIZE_CARD_GAP,	     /* a card's picture or date to its words */
	UI_SIZE_PANEL_IN,	     /* inside a panel */
	UI_SIZE_QR_NARROWER,	     /* a course's code column: narrower than tall by */
	UI_SIZE_BADGE_W,	     /* a course's date badge */
	UI_SIZE_COURSE_UNIT,	     /* a course list's unit: a month heading; a session is two */
	UI_SIZE_BIG_BUTTON_H,	     /* a button that stands alone */
	UI_SIZE_EMPTY_PIC,	     /* an empty list's picture */
	UI_SIZE_MESSAGE_W,	     /* a centred message, at most */
	UI_SIZE_BUTTON_W_MAX,	     /* a pair of buttons' each, at most */
	UI_SIZE_CHANGE_W,	     /* the review's Change button */
	UI_SIZE_RULE,		     /* a thin rule */
	UI_SIZE_NUMBER_W,	     /* a numbered step's number, at least */
	UI_SIZE_QR_W,		     /* the thank-you screen's code column */
	UI_SIZE_SMALL_ICON,	     /* an icon beside a line */
	UI_SIZE_BUTTON_AIR_SHORT,    /* air around a button's words: a lesser button */
	UI_SIZE_BUTTON_AIR_WIDE,     /* a main button */
	UI_SIZE_RESULT_HEAD_H,	     /* the quiz result's heading row */
	UI_SIZE_COLUMN_GAP,	     /* between two columns */
	UI_SIZE_BUTTON_AIR,	     /* a button in a card */
	UI_SIZE_PROGRESS_ROW,	     /* a progress bar's row */
	UI_SIZE_THUMB_W,	     /* a scene's picture beside its question */
	UI_SIZE_OPTION_H,	     /* an answer, at most */
	UI_SIZE_BIG_ICON,	     /* a face beside feedback */
	UI_SIZE_BULLET_INDENT,	     /* a bullet list's indent */
	UI_SIZE_TIME_W,		     /* a day timeline's times */
	UI_SIZE_TIMELINE_DOT,	     /* its dots' radius */
	UI_SIZE_TIMELINE_TEXT,	     /* its line to its words */
	UI_SIZE_TIMELINE_LINE,	     /* its line's width */
	UI_SIZE_PAY_COL_W,	     /* a pay table's figure column */
	UI_SIZE_HEAD_ICON,	     /* a heading's icon */
	UI_SIZE_PAGE_BUTTON_W,	     /* a page's Back and Next */
	UI_SIZE_COUNT_BAR_H,	     /* a count bar in a list (staff's report) */
	UI_SIZE_CLOCK_H,	     /* the time being set, in large figures */
	UI_SIZE_CLOCK_SAVE_W,	     /* the clock editor's Save */
	UI_SIZE_COUNT,
};
int ui_size(const struct ui *ui, enum ui_size s);

#endif
