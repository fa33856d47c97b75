/*
 * fields.c: names, email addresses and the error keys. UK phone numbers and
 * postcodes are in fields_uk.c.
 */
#include "store/fields.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static const char *const keys[FIELDS_ERR_COUNT] = {
	[FIELDS_NOSPACE] = "err.internal",
	[FIELDS_NAME_EMPTY] = "err.name.empty",
	[FIELDS_NAME_TOO_LONG] = "err.name.too_long",
	[FIELDS_NAME_BAD_CHAR] = "err.name.bad_char",
	[FIELDS_NAME_BAD_UTF8] = "err.name.bad_utf8",
	[FIELDS_PHONE_EMPTY] = "err.phone.empty",
	[FIELDS_PHONE_BAD_CHAR] = "err.phone.bad_char",
	[FIELDS_PHONE_NOT_UK] = "err.phone.not_uk",
	[FIELDS_PHONE_SHORT] = "err.phone.short",
	[FIELDS_PHONE_LONG] = "err.phone.long",
	[FIELDS_PHONE_TYPE] = "err.phone.type",
	[FIELDS_EMAIL_EMPTY] = "err.email.empty",
	[FIELDS_EMAIL_SPACE] = "err.email.space",
	[FIELDS_EMAIL_NO_AT] = "err.email.no_at",
	[FIELDS_EMAIL_TWO_AT] = "err.email.two_at",
	[FIELDS_EMAIL_NO_NAME] = "err.email.no_name",
	[FIELDS_EMAIL_NO_DOMAIN] = "err.email.no_domain",
	[FIELDS_EMAIL_NO_DOT] = "err.email.no_dot",
	[FIELDS_EMAIL_BAD_CHAR] = "err.email.bad_char",
	[FIELDS_EMAIL_DOTS] = "err.email.dots",
	[FIELDS_EMAIL_TOO_LONG] = "err.email.too_long",
	[FIELDS_POSTCODE_EMPTY] = "err.postcode.empty",
	[FIELDS_POSTCODE_SHAPE] = "err.postcode.shape",
	[FIELDS_POSTCODE_BAD_CHAR] = "err.postcode.bad_char",
};

const char *fields_err_key(enum fields_err err)
{
	if (err == FIELDS_OK)
		return NULL;
	if ((unsigned)err >= FIELDS_ERR_COUNT || !keys[err])
		return "err.internal";
	return keys[err];
}

/*
 * Decodes one code point at s. Returns its length in bytes, or 0 if the
 * bytes are not strict UTF-8: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequence (the NUL stops it safely).
 */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] < 0xc2) {
		return 0;	/* a stray continuation byte, or overlong */
	} else if (s[0] < 0xe0) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if (s[0] < 0xf5) {
		n = 4;
		*cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

struct range {
	uint32_t lo, hi;
};

/* Spaces other than U+0020 (Unicode Zs): a name may contain them, but they
 * are collapsed into one ASCII space like any other. */
static const struct range spaces[] = {
	{ 0x00a0, 0x00a0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200a },
	{ 0x202f, 0x202f }, { 0x205f, 0x205f }, { 0x3000, 0x3000 },
};

/* Code points from U+0080 that are not letters as far as a name goes:
 * C1 controls, format characters (Cf), separators, Latin-1 and general
 * punctuation and symbols, digits of the commonest other scripts, private
 * use, emoji and noncharacters. U+2010/2011 (hyphens), U+2019 (’),
 * U+00B7 (Catalan l·l) and U+200C/200D (joiners) are handled before this
 * table is consulted. */
static const struct range not_letters[] = {
	{ 0x0080, 0x009f }, { 0x00a1, 0x00a9 }, { 0x00ab, 0x00b4 },
	{ 0x00b6, 0x00b6 }, { 0x00b8, 0x00b9 }, { 0x00bb, 0x00bf }, { 0x00d7, 0x00d7 },
	{ 0x00f7, 0x00f7 }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
	{ 0x0660, 0x0669 }, { 0x06dd, 0x06dd }, { 0x06f0, 0x06f9 },
	{ 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
	{ 0x0966, 0x096f }, { 0x09e6, 0x09ef }, { 0x180e, 0x180e },
	{ 0x200b, 0x200f }, { 0x2012, 0x2018 }, { 0x201a, 0x205e },
	{ 0x2060, 0x206f }, { 0x2600, 0x27bf }, { 0xe000, 0xf8ff },
	{ 0xfdd0, 0xfdef }, { 0xfeff, 0xfeff }, { 0xff10, 0xff19 },
	{ 0xfff9, 0xfffb }, { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
	{ 0x13430, 0x13438 }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
	{ 0x1f000, 0x1faff }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
	{ 0xf0000, 0x10ffff },
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return true;
	return false;
}

#define IN(cp, table) in_ranges(cp, table, sizeof table / sizeof table[0])

enum name_class { NC_BAD, NC_SPACE, NC_LETTER, NC_PUNCT, NC_JOINER };

static enum name_class name_class(uint32_t cp)
{
	if (cp == ' ' || IN(cp, spaces))
		return NC_SPACE;
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return NC_LETTER;
	if (cp == '-' || cp == '\'' || cp == '.' || cp == 0x2010 || cp == 0x2011 ||
	    cp == 0x2019 || cp == 0x00b7)
		return NC_PUNCT;
	if (cp == 0x200c || cp == 0x200d)
		return NC_JOINER;
	if (cp < 0x80 || (cp & 0xfffe) == 0xfffe || IN(cp, not_letters))
		return NC_BAD;
	return NC_LETTER;
}

static bool utf8_valid(const unsigned char *s)
{
	uint32_t cp;
	for (size_t n; *s; s += n)
		if (!(n = utf8_next(s, &cp)))
			return false;
	return true;
}

enum fields_err fields_name(const char *in, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	enum name_class prev = NC_SPACE;
	size_t len = 0, chars = 0, n;
	bool pending_space = false, letter = false, fits = true;
	enum fields_err err = FIELDS_OK;
	uint32_t cp, next;

	if (!in || !out || outlen == 0)
		return FIELDS_NOSPACE;
	out[0] = '\0';
	if (!utf8_valid(s))
		return FIELDS_NAME_BAD_UTF8;

	for (; *s; s += n) {
		n = utf8_next(s, &cp);
		enum name_class c = name_class(cp);
		if (c == NC_BAD) {
			err = FIELDS_NAME_BAD_CHAR;
			goto out;
		}
		if (c == NC_SPACE) {
			pending_space = len > 0;
			continue;
		}
		if (c == NC_JOINER) {
			/* only inside a word: letter, joiner, letter */
			size_t m = utf8_next(s + n, &next);
			if (prev != NC_LETTER || pending_space || !m ||
			    name_class(next) != NC_LETTER) {
				err = FIELDS_NAME_BAD_CHAR;
				goto out;
			}
		}
		if (pending_space) {
			if (len + 1 < outlen)
				out[len] = ' ';
			else
				fits = false;
			len++;
			chars++;
			pending_space = false;
		}
		if (len + n < outlen)
			memcpy(out + len, s, n);
		else
			fits = false;
		len += n;
		chars++;
		letter |= c == NC_LETTER;
		prev = c;
	}
	if (!letter)
		err = FIELDS_NAME_EMPTY;
	else if (chars > FIELDS_NAME_MAX_CHARS)
		err = FIELDS_NAME_TOO_LONG;
	else if (!fits || len >= outlen)
		err = FIELDS_NOSPACE;
out:
	/* never leave a half-written name behind */
	out[err ? 0 : len] = '\0';
	return err;
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* RFC 5322 "atext" (no quoted local parts: nobody types one on a kiosk),
 * plus the dot, whose placement is checked separately. */
static bool local_char_ok(char c)
{
	return is_alnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~.-", c));
}

static bool domain_char_ok(char c)
{
	return is_alnum(c) || c == '-' || c == '.';
}

static bool dots_ok(const char *s, size_t n)
{
	if (s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

enum fields_err fields_email(const char *in, char *out, size_t outlen)
{
	const char *at = NULL;
	size_t len, nat = 0;

	if (!in || !out || outlen == 0)
		return FIELDS_NOSPACE;
	out[0] = '\0';
	while (is_ascii_space(*in))
		in++;
	len = strlen(in);
	while (len && is_ascii_space(in[len - 1]))
		len--;
	if (len == 0)
		return FIELDS_EMAIL_EMPTY;
	if (len > 254)
		return FIELDS_EMAIL_TOO_LONG;
	for (size_t i = 0; i < len; i++) {
		if (is_ascii_space(in[i]))
			return FIELDS_EMAIL_SPACE;
		if (in[i] == '@') {
			at = in + i;
			nat++;
		}
	}
	if (nat == 0)
		return FIELDS_EMAIL_NO_AT;
	if (nat > 1)
		return FIELDS_EMAIL_TWO_AT;

	size_t nlocal = (size_t)(at - in), ndomain = len - nlocal - 1;
	const char *domain = at + 1;
	if (nlocal == 0)
		return FIELDS_EMAIL_NO_NAME;
	if (ndomain == 0)
		return FIELDS_EMAIL_NO_DOMAIN;
	if (nlocal > 64)
		return FIELDS_EMAIL_TOO_LONG;
	for (size_t i = 0; i < nlocal; i++)
		if (!local_char_ok(in[i]))
			return FIELDS_EMAIL_BAD_CHAR;
	for (size_t i = 0; i < ndomain; i++)
		if (!domain_char_ok(domain[i]))
			return FIELDS_EMAIL_BAD_CHAR;
	if (!dots_ok(in, nlocal) || !dots_ok(domain, ndomain))
		return FIELDS_EMAIL_DOTS;
	if (!memchr(domain, '.', ndomain))
		return FIELDS_EMAIL_NO_DOT;

	if (len >= outlen)
		return FIELDS_NOSPACE;
	memcpy(out, in, len);
	for (size_t i = nlocal + 1; i < len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	out[len] = '\0';
	return FIELDS_OK;
}
