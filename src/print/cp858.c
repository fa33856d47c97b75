#include "print/cp858.h"

#include <stdlib.h>
#include <string.h>

/* What bytes 0x80..0xFF print as (generated from Python's cp858 codec). */
static const uint16_t high[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8,
	0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2,
	0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1,
	0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD,
	0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2,
	0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510, 0x2514, 0x2534,
	0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560,
	0x2550, 0x256C, 0x00A4, 0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x20AC, 0x00CD, 0x00CE,
	0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580, 0x00D3, 0x00DF, 0x00D4,
	0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD,
	0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8, 0x00B0,
	0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

/* Latin Extended-A and -B (U+0100..U+024F) and Latin Extended Additional
 * (U+1E00..U+1EFF, Vietnamese among others): the base letter of each code
 * point, '?' where there is no obvious one. Generated from Unicode NFD. */
static const char latin_ext[] =
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlL" /* U+0100 */
	"lLlNnNnNn?NnOoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs" /* U+0140 */
	"bB?????CcDD??????F?G??IIKkl??Nn?Oo??Pp?????tTtTUu?VYyZzZ?z??????" /* U+0180 */
	"?????????????AaIiOoUuUuUuUuUu?AaAa??GgGgKkOoOo??j???Gg??NnAa????" /* U+01C0 */
	"AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh?d????AaEeOoOoOoOoYylntj??ACcLTs" /* U+0200 */
	"z??B??EeJjQqRrYy";                                                /* U+0240 */

static const char latin_add[] =
	"AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"  /* U+1E00 */
	"MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"  /* U+1E40 */
	"WwWwWwWwWwXxXxYyZzZzZzhtwy??????AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"  /* U+1E80 */
	"EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????"; /* U+1EC0 */

/* Everything else we can say in ASCII: ligatures and typographic
 * punctuation that phones and Word put into text, by code point. */
static const struct {
	uint32_t cp;
	char ascii[4];
} extra[] = {
	{0x0132, "IJ"}, {0x0133, "ij"}, {0x0149, "'n"}, {0x0152, "OE"}, {0x0153, "oe"},
	{0x01C4, "DZ"}, {0x01C5, "Dz"}, {0x01C6, "dz"}, {0x01C7, "LJ"}, {0x01C8, "Lj"},
	{0x01C9, "lj"}, {0x01CA, "NJ"}, {0x01CB, "Nj"}, {0x01CC, "nj"}, {0x01F1, "DZ"},
	{0x01F2, "Dz"}, {0x01F3, "dz"}, {0x02BC, "'"},  {0x02C6, "^"},  {0x02DC, "~"},
	{0x1E9E, "SS"}, {0x2002, " "},  {0x2003, " "},  {0x2009, " "},  {0x2010, "-"},
	{0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},  {0x2015, "-"},
	{0x2018, "'"},  {0x2019, "'"},  {0x201A, "'"},  {0x201B, "'"},  {0x201C, "\""},
	{0x201D, "\""}, {0x201E, "\""}, {0x201F, "\""}, {0x2022, "*"},  {0x2026, "..."},
	{0x202F, " "},  {0x2032, "'"},  {0x2033, "\""}, {0x2039, "<"},  {0x203A, ">"},
	{0x2044, "/"},  {0x2122, "TM"}, {0x2212, "-"},
};

static int is_invisible(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) /* combining accents: base kept */
	       || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x00AD;
}

size_t cp858_from_unicode(uint32_t cp, unsigned char out[3])
{
	if (cp == '\n') {
		out[0] = '\n';
		return 1;
	}
	if (cp == '\t') {
		out[0] = ' ';
		return 1;
	}
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || is_invisible(cp))
		return 0;
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	for (int i = 0; i < 128; i++) {
		if (high[i] == cp) {
			out[0] = (unsigned char)(0x80 + i);
			return 1;
		}
	}
	/* extra[] is short: a linear scan is fine. */
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		if (extra[i].cp == cp) {
			size_t n = strlen(extra[i].ascii);
			memcpy(out, extra[i].ascii, n);
			return n;
		}
	}
	char c = '?';
	if (cp >= 0x0100 && cp < 0x0100 + sizeof latin_ext - 1)
		c = latin_ext[cp - 0x0100];
	else if (cp >= 0x1E00 && cp < 0x1E00 + sizeof latin_add - 1)
		c = latin_add[cp - 0x1E00];
	else if (cp >= 0x2000 && cp <= 0x200A)
		c = ' ';
	out[0] = (unsigned char)c;
	return 1;
}

/* Decodes one UTF-8 sequence at s (n bytes available). Sets *cp and returns
 * the bytes used; malformed input (overlong, surrogate, truncated, > U+10FFFF)
 * consumes one byte and yields U+FFFD. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		v = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		v = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		v = s[0] & 0x07;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

char *cp858_from_utf8(const char *utf8)
{
	if (!utf8)
		return NULL;
	size_t n = strlen(utf8);
	/* No mapping is longer than the UTF-8 it replaces ("..." for the 3-byte
	 * ellipsis is the worst), so n + 1 bytes always do. */
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	const unsigned char *s = (const unsigned char *)utf8;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(s + i, n - i, &cp);
		o += cp858_from_unicode(cp, (unsigned char *)out + o);
	}
	out[o] = '\0';
	return out;
}

uint32_t cp858_to_unicode(unsigned char b)
{
	return b < 0x80 ? b : high[b - 0x80];
}

size_t cp858_to_utf8(unsigned char b, char out[4])
{
	uint32_t cp = cp858_to_unicode(b);
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}
