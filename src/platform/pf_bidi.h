/*
 * pf_bidi: a line of text cut into runs in visual order (GNU FriBidi), each
 * run drawn in one direction with one font. No SDL here, so the tests can
 * check the order without a display.
 */
#ifndef KIOSK_PF_BIDI_H
#define KIOSK_PF_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line (in code points) the reorder handles; past it the rest of
 * the line is one more run in logical order. */
#define PF_BIDI_MAX 1024

struct pf_run {
	size_t off, len; /* bytes of the logical string */
	uint8_t level;	 /* bidi embedding level: odd = shaped right to left */
	bool script;	 /* drawn with the script font (not Noto Sans) */
};

/* Whether the script font draws c (for characters either font could draw,
 * such as spaces and punctuation, which join the run beside them). */
typedef bool (*pf_covers_fn)(void *ctx, uint32_t c);

/* Cuts s (UTF-8, len bytes, one line) into runs and puts them in visual
 * order, leftmost first. rtl is the paragraph's base direction; false
 * lets the first strong character decide (an Arabic name in an English
 * screen still reads right to left). Characters of scripts Noto Sans does
 * not cover (Arabic, Nastaliq Urdu) go in script runs; Latin letters,
 * digits, £ and the like in Noto Sans runs. Returns the number of runs
 * written (at most max; a longer line's tail joins the last run). */
size_t pf_bidi_runs(const char *s, size_t len, bool rtl, pf_covers_fn covers, void *ctx,
		    struct pf_run *runs, size_t max);

/* Whether s has a right-to-left letter (Arabic, Hebrew, Urdu...): a
 * paragraph without one is left to right even on a right-to-left screen
 * (a course title or venue staff wrote in English: "Care Certificate
 * (Level 2)." keeps its full stop at its end). */
bool pf_bidi_has_rtl(const char *s, size_t len);

/* Decodes one UTF-8 code point at s[*i], moving *i past it; a malformed
 * or truncated sequence decodes as its lead byte. */
uint32_t pf_utf8_next(const char *s, size_t len, size_t *i);

#endif
