/*
 * cp858: text for thermal printers, which do not speak UTF-8.
 *
 * PC858 is DOS code page 850 with the euro sign at 0xD5; ESC/POS printers
 * select it with ESC t 19. It covers English, French, German, Spanish,
 * Portuguese, Italian and the Nordic languages, plus £ and €. Anything else is
 * transliterated to ASCII where that is obvious (Nguyễn -> Nguyen,
 * Łukasz -> Lukasz, curly quotes -> straight quotes, en dash -> '-') and
 * becomes '?' otherwise (Arabic, CJK, emoji).
 *
 * Pure functions, no state: thread-safe.
 */
#ifndef KIOSK_CP858_H
#define KIOSK_CP858_H

#include <stddef.h>
#include <stdint.h>

/* The ESC t argument that selects PC858 on Epson-compatible printers. */
#define CP858_ESCPOS_PAGE 19

/* Converts NUL-terminated UTF-8 to NUL-terminated PC858 and returns a string
 * the caller owns (free()), or NULL when out of memory or utf8 is NULL.
 * '\n' is kept, '\t' becomes a space, other control characters and
 * zero-width or combining marks are dropped (so a user's text can never smuggle
 * a printer command), invalid UTF-8 bytes become '?'. */
char *cp858_from_utf8(const char *utf8);

/* Writes the PC858 bytes for one Unicode code point into out (at most 3
 * bytes, e.g. "OE" for U+0152) and returns how many; 0 means "drop it". */
size_t cp858_from_unicode(uint32_t cp, unsigned char out[3]);

/* The Unicode code point a PC858 byte prints as (bytes < 0x80 are ASCII). */
uint32_t cp858_to_unicode(unsigned char b);

/* Writes the UTF-8 for one PC858 byte into out (1..3 bytes, not
 * NUL-terminated) and returns the length. */
size_t cp858_to_utf8(unsigned char b, char out[4]);

#endif
